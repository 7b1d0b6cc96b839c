"""The ``renja report`` sub-command: arguments, checks before anything runs, the summary.

The summary says what ran, what failed, and for each report how many errors the
document audit finds in its document (counted from :func:`renja_lib.check.audit.audit`
with the run's ``tolerance``): reading problems are one thing (``renja extract``'s
"0 problems"), figures of the document that contradict each other another.
"""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, has, tr
from .arguments import HelpFormatter, help_text, sections
from .terminal import say

__all__ = ["add_report_parser", "cmd_report", "audit_lines", "parse_outputs"]


def add_report_parser(sub, lang: str = DEFAULT_LANG) -> argparse.ArgumentParser:
    """The sub-command ``report`` of ``sub`` (``add_subparsers()`` of :func:`~renja_lib.cli.commands.build_parser`),
    its help in ``lang``."""
    p = sub.add_parser("report", help=help_text("cli.help.report", lang), lang=lang,
                       formatter_class=partial(HelpFormatter, lang=lang))
    args, options = sections(p, lang)
    args.add_argument("sources", nargs="*", metavar="SOURCE", help=help_text("cli.help.report.sources", lang))
    options.add_argument("--notebook", action="append", metavar="NAME",
                         help=help_text("cli.help.report.notebook", lang))
    options.add_argument("-p", "--param", action="append", metavar="KEY=VALUE", default=[],
                         help=help_text("cli.help.report.param", lang))
    options.add_argument("--params-file", metavar="FILE.yml", help=help_text("cli.help.report.params_file", lang))
    options.add_argument("--jobs", type=int, metavar="N", help=help_text("cli.help.report.jobs", lang))
    options.add_argument("--out", metavar="DIR", help=help_text("cli.help.report.out", lang))
    options.add_argument("--with-code", action="store_true", help=help_text("cli.help.report.with_code", lang))
    options.add_argument("--lang", choices=LANGS, help=help_text("cli.help.report.lang", lang))
    options.add_argument("--timeout", type=float, metavar="SECONDS", help=help_text("cli.help.report.timeout", lang))
    options.add_argument("--quiet", action="store_true", help=help_text("cli.help.report.quiet", lang))
    options.add_argument("--outputs", metavar="LIST", help=help_text("deck.help.outputs", lang))
    p.set_defaults(func=cmd_report)
    return p


def audit_lines(runs: list, lang: str) -> list[str]:
    """One line per report run: how many errors the audit finds in its document, in ``lang``.

    Counted from the audit itself (:func:`renja_lib.check.audit.audit`, the run's ``tolerance`` parameter or the
    audit's default), once per document and tolerance. A document that cannot be read gets a line that says so.
    """
    from ..check.audit import DEFAULT_TOLERANCE, audit
    from ..errors import RenjaError
    from ..read.document import load

    counts: dict[tuple[str, float], int | RenjaError] = {}
    lines = []
    for run in runs:
        slug, source = getattr(run, "slug", None), getattr(run, "source", None)
        if slug is None or source is None:
            continue
        tolerance = float(getattr(run, "params", {}).get("tolerance", DEFAULT_TOLERANCE))
        key = (str(source), tolerance)
        if key not in counts:
            try:
                counts[key] = int((audit(load(source), tolerance=tolerance)["severity"] == "error").sum())
            except RenjaError as exc:
                counts[key] = exc
        found = counts[key]
        if isinstance(found, RenjaError):
            lines.append(tr("cli.report.audit.failed", lang, slug=slug, error=found.render(lang)))
        else:
            lines.append(tr("cli.report.audit" if found else "cli.report.audit.none", lang, slug=slug, n=found))
    return lines


def parse_outputs(text: str | None) -> tuple[str, ...]:
    """``--outputs pages,deck,workbook``: which outputs besides the pages a run writes (the pages always are;
    none given: all of them). An unknown name is refused before anything runs.

    >>> parse_outputs(None), parse_outputs("pages"), parse_outputs("deck, pages")
    (('deck', 'workbook'), (), ('deck',))
    """
    from ..errors import RenjaError
    from ..run.runner import EXTRA_OUTPUTS, OUTPUTS

    if text is None:
        return EXTRA_OUTPUTS
    names = [name.strip() for name in text.split(",") if name.strip()]
    bad = [name for name in names if name not in OUTPUTS]
    if bad:
        raise RenjaError(Message("deck.outputs.unknown", got=bad[0], choices=", ".join(OUTPUTS)))
    return tuple(name for name in EXTRA_OUTPUTS if name in names)


def cmd_report(args: argparse.Namespace) -> int:
    """Exit status: 0 all done; 1 notebooks failed (their folders are still written, failures marked);
    2 bad input or usage, refused before anything runs (a folder renja did not write in the way, a bad
    --timeout or --out); 3 a report could not be written (a full disk, permission denied), so its previous
    folder was left as it was; a folder in the way found only at swap time gives 2 as well."""
    from ..config import REPORTS_DIR
    from ..errors import EnvironmentFault, RenjaError
    from ..run.parameters import check_timeout
    from ..run.runner import NOT_WRITTEN, joined, parse_assignments, plan_runs, run_report

    if args.jobs is not None and args.jobs < 1:
        raise RenjaError(Message("errors_run.cli.jobs", jobs=args.jobs))
    if args.timeout is not None:
        check_timeout(args.timeout)
    if args.out is not None and not args.out.strip():
        raise RenjaError(Message("errors_run.cli.report_out_empty"))
    outputs = parse_outputs(getattr(args, "outputs", None))
    params = parse_assignments(args.param)
    runs = plan_runs(args.sources, notebooks=args.notebook, params=params, params_file=args.params_file,
                     lang=args.lang)
    out = Path(args.out) if args.out is not None else REPORTS_DIR
    lang = args.lang or DEFAULT_LANG
    results = run_report(runs, out, jobs=args.jobs, with_code=args.with_code, timeout=args.timeout,
                         quiet=args.quiet, lang=lang, outputs=outputs)
    faults = dict(getattr(results, "faults", {}))
    failed = [r for r in results if r.status not in ("ok", NOT_WRITTEN)]
    written = [r for r in results if r.status != NOT_WRITTEN]
    total = sum(r.seconds for r in results)
    say(tr("cli.report.summary", lang, done=len(written) - len(failed),
           notebooks=Message("cli.report.notebooks", n=len(results)),
           reports=Message("cli.report.reports", n=len(runs) - len(faults)), index=out / "index.html", seconds=total))
    for line in audit_lines([run for run in runs if getattr(run, "slug", None) not in faults], lang):
        say(line)
    if failed:
        say(tr("cli.report.failed", lang, n=len(failed)), file=sys.stderr)
        for r in failed:
            at = tr("cli.report.at_cell", lang, n=r.failing_cell) if r.failing_cell else ""
            status = tr(f"cli.report.status.{r.status}", lang) if has(f"cli.report.status.{r.status}") else r.status
            # the error is the kernel's own text, or a message of the catalogue written here in --lang
            say(tr("cli.report.failure", lang, slug=r.slug, notebook=r.notebook, status=status, at=at, error=r.error),
                file=sys.stderr)
    if faults:
        errors = list(faults.values())
        # each with its place (the report folder), written in --lang when the error line is printed
        text = joined([Message("errors_run.runner.where", where=e.where, detail=e.detail) for e in errors])
        # the environment (a full disk ...) is named first: it is what the user must fix
        cls = EnvironmentFault if any(isinstance(e, EnvironmentFault) for e in errors) else RenjaError
        raise cls(text)
    return 1 if failed else 0
