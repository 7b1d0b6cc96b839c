"""The ``renja`` command.

Every line it prints is a text of the catalogue (``renja_lib/text/catalogue/cli.yaml``, keys ``cli.*``) in
the language of the command's ``--lang`` (Indonesian by default). So are the messages of errors raised inside
the package (``errors*.yaml``): :func:`main` sets the language of error messages from ``--lang``
(:func:`~renja_lib.text.use_language`) and writes the error after the prefix ``renja: error:``, the same in
every language (scripts look for it). The help pages and argparse's usage errors are in that language too
(:mod:`~renja_lib.cli.arguments`, keys ``cli.help.*`` and ``cli.argparse.*``): the language is found in the
command line before it is parsed, so ``renja extract --help`` is Indonesian and ``renja extract --lang en --help``
English.
"""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from ..errors import EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, InternalError, RenjaError, from_os_error
from ..text import DEFAULT_LANG, LANGS, check_lang, use_language
from ..text.catalogue import Message, has, tr
from .arguments import COMMAND, ArgumentParser, HelpFormatter, help_text, language_of, sections
from .terminal import say

__all__ = ["main"]

#: set to 1 (or pass --debug) to see the traceback of an internal error
DEBUG_ENV = "RENJA_DEBUG"


def _print_problems(problems, lang: str, limit: int = 20) -> None:
    from ..read.locator import Locator

    say(tr("cli.problems", lang, n=len(problems)), file=sys.stderr)
    for row in problems.head(limit).to_dict("records"):
        at = Locator.from_columns(row)
        where = f"{row['file']}:{at.line}" if at.line is not None else row["file"]
        # the table row where there is one ("hal. 3, Tabel 4.1 baris 5"), else the table ("Tabel 4.1")
        place = at.describe(lang, by="row") if at.row is not None else (at.table_words(lang) or "")
        col = f" [{at.column}]" if at.column else ""
        say(f"  {where}: {place}{col}: {row['message']}: {row['raw']!r}"[:400], file=sys.stderr)
    if len(problems) > limit:
        say(tr("cli.problems.more", lang, n=len(problems) - limit), file=sys.stderr)


def _out_dir(args: argparse.Namespace) -> Path:
    """``--out``, or ``data/processed/`` when it is not given; ``--out ''`` is a usage error, not the default."""
    from ..config import PROCESSED_DIR

    if args.out is None:
        return PROCESSED_DIR
    if not args.out.strip():
        raise RenjaError(Message("errors_run.cli.out_empty", out=args.out, default=PROCESSED_DIR))
    return Path(args.out)


def cmd_extract(args: argparse.Namespace) -> int:
    from ..config import DEFAULT_SOURCE
    from ..read.document import load
    from ..write.outputs import write_extraction

    source = Path(args.source) if args.source else DEFAULT_SOURCE
    out = _out_dir(args)
    lang = args.lang
    doc = load(source, validate=True)
    written = write_extraction(doc, out)
    say(tr("cli.extract.tables", lang, source=source, n=len(doc.spans)))
    for span in doc.spans:
        say(tr("cli.extract.span", lang, label=span.label, start=span.start, end=span.end,
               kind=tr(f"analysis.table_kind.{span.kind}", lang) if span.kind and has(f"analysis.table_kind.{span.kind}")
               else span.kind or tr("cli.extract.unknown_kind", lang)))
    for name, frame in doc.tables.items():
        say(tr("cli.extract.rows", lang, name=name + ".csv", n=len(frame)))
    say(tr("cli.extract.wrote", lang, n=len(written.files), out=out))
    for line in written.workbook.lines(lang=lang):  # what was changed to keep the workbook safe in Excel
        say(line[:600])
    if len(doc.problems):
        _print_problems(doc.problems, lang)
        if args.strict:
            say(tr("cli.extract.strict", lang, n=len(doc.problems)), file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        say(tr("cli.extract.no_problems", lang))
    return EXIT_OK


def word(key: str, name: str, lang: str) -> str:
    """The text ``key`` of the catalogue in ``lang`` when there is one (a severity, group or table of the audit),
    else ``name`` as it is (a table the document labels itself: ``Tabel 2.1``)."""
    return tr(key, lang) if has(key) else name


def _counts(counts: dict[str, int], lang: str, *, zeros: bool = False) -> str:
    """``10 kesalahan, 11 peringatan, 23 info``: findings per severity (those above 0, unless ``zeros``)."""
    return ", ".join(tr(f"cli.audit.count.{s}", lang, n=n) for s, n in counts.items() if zeros or n)


def _print_findings(findings, lang: str = "id", limit: int = 25) -> None:
    """Findings grouped by rule (in the order of the rules), with counts; at most ``limit`` lines per rule."""
    from ..check.audit import SEVERITIES, summary

    for row in summary(findings, lang).itertuples():
        group = word(f"audit.group.{row.group}", row.group, lang)
        counts = _counts({s: int(getattr(row, s)) for s in SEVERITIES}, lang)
        name = tr(f"charts.rule.{row.rule}", lang) if has(f"charts.rule.{row.rule}") else row.rule
        say("\n" + tr("cli.audit.rule", lang, name=name, rule=row.rule, group=group, counts=counts))
        rows = findings[findings["rule"] == row.rule]
        for f in rows.head(limit).to_dict("records"):
            line = f["source_line"]
            table = word(f"audit.table.{f['table']}", f["table"], lang)
            where = f"{table}:{line}" if isinstance(line, int) else table
            severity = word(f"audit.severity.{f['severity']}", f["severity"], lang)
            say(tr("cli.audit.finding", lang, severity=severity, where=where, message=f["message"])[:600])
        if len(rows) > limit:
            say(tr("cli.audit.more", lang, n=len(rows) - limit))


def _tolerance(text: str) -> float:
    """``--tolerance``: percentage points, written ``0.5`` or ``0,5``."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = float("nan")
    if not (value >= 0 and value != float("inf")):
        raise RenjaError(Message("errors_run.cli.tolerance", text=text))
    return value


def cmd_audit(args: argparse.Namespace) -> int:
    from ..check.audit import SEVERITIES, audit
    from ..config import DEFAULT_SOURCE
    from ..read.document import load
    from ..write.outputs import write_findings

    tolerance = _tolerance(args.tolerance)
    source = Path(args.source) if args.source else DEFAULT_SOURCE
    out = _out_dir(args)
    doc = load(source)
    lang = args.lang
    findings = audit(doc, tolerance=tolerance, lang=lang)
    target = write_findings(findings, out)
    counts = findings["severity"].value_counts()
    errors = int(counts.get("error", 0))
    say(tr("cli.audit.header", lang, source=source, findings=Message("cli.audit.findings", n=len(findings)),
           counts=_counts({s: int(counts.get(s, 0)) for s in SEVERITIES}, lang, zeros=True),
           tolerance=Message("cli.audit.tolerance", count=tolerance, tolerance=tolerance)))
    if len(findings):
        _print_findings(findings, lang)
    say("\n" + tr("cli.audit.wrote", lang, target=target))
    if errors and args.strict:
        say(tr("cli.audit.strict", lang, n=errors), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def build_parser(lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The parser of ``renja`` and its sub-commands, its help and its usage errors in ``lang``
    (:mod:`~renja_lib.cli.arguments`)."""
    lang = check_lang(lang)
    parser = ArgumentParser(prog="renja", description=help_text("cli.help.description", lang),
                            epilog=help_text("cli.help.epilog", lang) or None, lang=lang)
    sub = parser.add_subparsers(title=tr("cli.argparse.commands", lang), dest=COMMAND, required=True)
    sections(parser, lang, positionals=False)
    new = partial(sub.add_parser, lang=lang, formatter_class=partial(HelpFormatter, lang=lang))

    p = new("extract", help=help_text("cli.help.extract", lang))
    args, options = sections(p, lang)
    args.add_argument("source", nargs="?", help=help_text("cli.help.source", lang))
    options.add_argument("--out", help=help_text("cli.help.out", lang))
    options.add_argument("--strict", action="store_true", help=help_text("cli.help.extract.strict", lang))
    options.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                         help=help_text("cli.help.extract.lang", lang))
    p.set_defaults(func=cmd_extract)

    p = new("audit", help=help_text("cli.help.audit", lang))
    args, options = sections(p, lang)
    args.add_argument("source", nargs="?", help=help_text("cli.help.source", lang))
    options.add_argument("--out", help=help_text("cli.help.out", lang))
    options.add_argument("--strict", action="store_true", help=help_text("cli.help.audit.strict", lang))
    options.add_argument("--tolerance", default="1", metavar="PP", help=help_text("cli.help.audit.tolerance", lang))
    options.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG, help=help_text("cli.help.audit.lang", lang))
    p.set_defaults(func=cmd_audit)
    from .bps_command import add_bps_parser
    from .deck_command import add_deck_parser
    from .facts_command import add_facts_parser
    from .report_command import add_report_parser

    add_facts_parser(sub, lang)
    add_report_parser(sub, lang)
    add_bps_parser(sub, lang)
    add_deck_parser(sub, lang)
    return parser


def _fail(exc: RenjaError, lang: str) -> int:
    say(tr("cli.error", lang, message=exc.render(lang)).replace("\n", " "), file=sys.stderr)
    return exc.exit_code


def _bug(detail: str, lang: str) -> int:
    """A bug: one line that says so, and how to see the traceback."""
    say(tr("cli.error.internal", lang, detail=detail, env=DEBUG_ENV).replace("\n", " "), file=sys.stderr)
    return EXIT_INTERNAL


def main(argv: list[str] | None = None) -> int:
    """The one boundary: every failure leaves here as one line on stderr and an exit status.

    2 bad input or usage, 1 problems under ``--strict`` or failed notebooks, 3 the
    environment (disk full, permission denied, a lock held), 70 an internal error.
    """
    import os

    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]
    lang = language_of(argv)  # before parsing: the help and the usage errors are in it
    parser = build_parser(lang)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0), or a usage error (2) written as the usage and one line
        return int(exc.code or 0)
    lang = getattr(args, "lang", None) or lang  # the language of the lines below
    before = use_language(lang)  # and of the errors and reading problems raised below
    try:
        return args.func(args)
    except InternalError as exc:  # a bug caught below (load() wraps what it did not expect): show it under --debug
        if debug:
            raise
        return _bug(exc.render(lang), lang)
    except RenjaError as exc:
        return _fail(exc, lang)
    except KeyboardInterrupt:
        say(tr("cli.interrupted", lang), file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # disk full, permission denied ... anywhere below: the environment, named
        if debug:
            raise
        return _fail(from_os_error(exc), lang)
    except MemoryError:
        if debug:
            raise
        say(tr("cli.error.out_of_memory", lang), file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as exc:  # a bug: one line, and how to see more
        if debug:
            raise
        return _bug(f"{type(exc).__name__}: {str(exc)[:200]}", lang)
    finally:
        use_language(before)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
