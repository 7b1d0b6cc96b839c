"""The ``renja`` command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import EXIT_ENVIRONMENT, EXIT_INTERNAL, EXIT_OK, EXIT_PROBLEMS, InternalError, RenjaError, from_os_error
from ..text import DEFAULT_LANG, LANGS
from .terminal import say

__all__ = ["main"]

#: set to 1 (or pass --debug) to see the traceback of an internal error
DEBUG_ENV = "RENJA_DEBUG"


def _print_problems(problems, limit: int = 20) -> None:
    from ..read.locator import Locator

    say(f"{len(problems)} problem(s):", file=sys.stderr)
    for row in problems.head(limit).to_dict("records"):
        at = Locator.from_columns(row)
        where = f"{row['file']}:{at.line}" if at.line is not None else row["file"]
        # the table row where there is one ("p. 3, Table 4.1 row 5"), else the table ("Table 4.1")
        place = at.describe("en", by="row") if at.row is not None else (at.table_words("en") or "")
        col = f" [{at.column}]" if at.column else ""
        say(f"  {where}: {place}{col}: {row['message']}: {row['raw']!r}"[:400], file=sys.stderr)
    if len(problems) > limit:
        say(f"  ... and {len(problems) - limit} more in problems.csv", file=sys.stderr)


def _out_dir(args: argparse.Namespace) -> Path:
    """``--out``, or ``data/processed/`` when it is not given; ``--out ''`` is a usage error, not the default."""
    from ..config import PROCESSED_DIR

    if args.out is None:
        return PROCESSED_DIR
    if not args.out.strip():
        raise RenjaError(f"--out {args.out!r} names no folder; name one, or leave --out out to write to "
                         f"{PROCESSED_DIR}")
    return Path(args.out)


def cmd_extract(args: argparse.Namespace) -> int:
    from ..config import DEFAULT_SOURCE
    from ..read.document import load
    from ..write.outputs import write_extraction

    source = Path(args.source) if args.source else DEFAULT_SOURCE
    out = _out_dir(args)
    doc = load(source, validate=True)
    written = write_extraction(doc, out)
    say(f"{source}: {len(doc.spans)} table(s) found")
    for span in doc.spans:
        say(f"  {span.label:<10} lines {span.start}-{span.end}  {span.kind or 'unknown kind'}")
    for name, frame in doc.tables.items():
        say(f"  {name + '.csv':<24} {len(frame):>5} rows")
    say(f"wrote {len(written.files)} files to {out}")
    for line in written.workbook.lines():  # what was changed to keep the workbook safe in Excel
        say(line[:600])
    if len(doc.problems):
        _print_problems(doc.problems)
        if args.strict:
            say("--strict: exiting with status 1 because of the problems above", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        say("0 problems: every line of every table accounted for")
    return EXIT_OK


def _print_findings(findings, lang: str = "id", limit: int = 25) -> None:
    """Findings grouped by rule (in the order of the rules), with counts; at most ``limit`` lines per rule."""
    from ..check.audit import MESSAGES, message, summary

    def word(kind: str, name: str) -> str:  # a severity, group or table name in ``lang``; other names as they are
        return message(f"{kind}.{name}", lang) if f"{kind}.{name}" in MESSAGES[lang] else name

    for row in summary(findings, lang).itertuples():
        counts = ", ".join(message("cli.count", lang, n=getattr(row, s), severity=word("severity", s))
                           for s in ("error", "warning", "info") if getattr(row, s))
        say("\n" + message("cli.rule", lang, rule=row.rule, group=word("group", row.group), counts=counts))
        rows = findings[findings["rule"] == row.rule]
        for f in rows.head(limit).to_dict("records"):
            line = f["source_line"]
            table = word("table", f["table"])
            where = f"{table}:{line}" if isinstance(line, int) else table
            say(message("cli.finding", lang, severity=word("severity", f["severity"]), where=where,
                          message=f["message"])[:600])
        if len(rows) > limit:
            say(message("cli.more", lang, n=len(rows) - limit))


def _tolerance(text: str) -> float:
    """``--tolerance``: percentage points, written ``0.5`` or ``0,5``."""
    try:
        value = float(text.strip().replace(",", "."))
    except ValueError:
        value = float("nan")
    if not (value >= 0 and value != float("inf")):
        raise RenjaError(f"--tolerance must be a number of percentage points, 0 or more (such as 1 or 0,5); "
                         f"got {text!r}")
    return value


def cmd_audit(args: argparse.Namespace) -> int:
    from ..check.audit import audit, message
    from ..check.figures import tolerance_text
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
    say(message("cli.header", lang, count=tolerance, source=source, total=len(findings), error=errors,
                  warning=int(counts.get("warning", 0)), info=int(counts.get("info", 0)),
                  tolerance=tolerance_text(tolerance, lang)))
    if len(findings):
        _print_findings(findings, lang)
    say("\n" + message("cli.wrote", lang, target=target))
    if errors and args.strict:
        say(message("cli.strict", lang, n=errors), file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="renja", description="Read, check, chart and report on Renja documents.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="read every table of a document into CSV files and tables.xlsx")
    p.add_argument("source", nargs="?", help="the document (default: the bundled Renja 2023)")
    p.add_argument("--out", help="output folder (default: data/processed/)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any problem was found")
    p.set_defaults(func=cmd_extract)
    p = sub.add_parser("audit", help="list every place where the document disagrees with itself (findings.csv)")
    p.add_argument("source", nargs="?", help="the document (default: the bundled Renja 2023)")
    p.add_argument("--out", help="output folder (default: data/processed/)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any finding is an error")
    p.add_argument("--tolerance", default="1", metavar="PP",
                   help="how far a ratio the document reports may be from the one recomputed from its terms, "
                        "in percentage points (default: 1)")
    p.add_argument("--lang", choices=LANGS, default=DEFAULT_LANG,
                   help="language of the findings' messages and of the listing (default: id, Indonesian)")
    p.set_defaults(func=cmd_audit)
    from .report_command import add_report_parser

    add_report_parser(sub)
    return parser


def _fail(exc: RenjaError) -> int:
    say(f"renja: error: {exc}".replace("\n", " "), file=sys.stderr)
    return exc.exit_code


def main(argv: list[str] | None = None) -> int:
    """The one boundary: every failure leaves here as one line on stderr and an exit status.

    2 bad input or usage, 1 problems under ``--strict`` or failed notebooks, 3 the
    environment (disk full, permission denied, a lock held), 70 an internal error.
    """
    import os

    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    debug = "--debug" in argv or os.environ.get(DEBUG_ENV, "") not in ("", "0")
    argv = [a for a in argv if a != "--debug"]
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: usage errors exit 2 with its own one-line message
        return int(exc.code or 0)
    try:
        return args.func(args)
    except InternalError as exc:  # a bug caught below (load() wraps what it did not expect): show it under --debug
        if debug:
            raise
        say(f"renja: internal error ({exc}); this is a bug in renja. "
              f"Run again with --debug (or {DEBUG_ENV}=1) to see the traceback.".replace("\n", " "), file=sys.stderr)
        return EXIT_INTERNAL
    except RenjaError as exc:
        return _fail(exc)
    except KeyboardInterrupt:
        say("renja: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into `head` and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:  # disk full, permission denied ... anywhere below: the environment, named
        if debug:
            raise
        return _fail(from_os_error(exc))
    except MemoryError:
        if debug:
            raise
        say("renja: error: out of memory", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except Exception as exc:  # a bug: one line, and how to see more
        if debug:
            raise
        say(f"renja: internal error ({type(exc).__name__}: {str(exc)[:200]}); this is a bug in renja. "
              f"Run again with --debug (or {DEBUG_ENV}=1) to see the traceback.".replace("\n", " "),
              file=sys.stderr)
        return EXIT_INTERNAL


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
