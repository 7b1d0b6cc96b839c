"""The ``renja report`` sub-command: arguments, checks before anything runs, the summary."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..text import DEFAULT_LANG, LANGS
from ..text.catalogue import Message, has, tr
from .terminal import say

__all__ = ["add_report_parser", "cmd_report"]


def add_report_parser(sub) -> argparse.ArgumentParser:
    p = sub.add_parser("report", help="run the notebooks into offline HTML reports and slide-ready charts")
    p.add_argument("sources", nargs="*", metavar="SOURCE", help="documents (default: the bundled Renja 2023)")
    p.add_argument("--notebook", action="append", metavar="NAME",
                   help="run only this notebook (repeatable; e.g. 02_labour_indicators or labour_indicators)")
    p.add_argument("-p", "--param", action="append", metavar="KEY=VALUE", default=[],
                   help="set a notebook parameter (repeatable); values stay text unless the notebook's default "
                        "is a number or true/false")
    p.add_argument("--params-file", metavar="FILE.yml", help="a YAML list of runs: source, parameters, notebooks, slug")
    p.add_argument("--jobs", type=int, metavar="N",
                   help="notebooks run in parallel, one kernel each (default: the CPU cores, at most 4)")
    p.add_argument("--out", metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--with-code", action="store_true", help="show the code cells in the HTML")
    p.add_argument("--lang", choices=LANGS, help="report language (default: Indonesian)")
    p.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="stop a notebook that runs longer than this (a finite positive number; fractions allowed)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)
    return p


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
    params = parse_assignments(args.param)
    runs = plan_runs(args.sources, notebooks=args.notebook, params=params, params_file=args.params_file,
                     lang=args.lang)
    out = Path(args.out) if args.out is not None else REPORTS_DIR
    lang = args.lang or DEFAULT_LANG
    results = run_report(runs, out, jobs=args.jobs, with_code=args.with_code, timeout=args.timeout,
                         quiet=args.quiet, lang=lang)
    faults = dict(getattr(results, "faults", {}))
    failed = [r for r in results if r.status not in ("ok", NOT_WRITTEN)]
    written = [r for r in results if r.status != NOT_WRITTEN]
    total = sum(r.seconds for r in results)
    say(tr("cli.report.summary", lang, done=len(written) - len(failed),
           notebooks=Message("cli.report.notebooks", n=len(results)),
           reports=Message("cli.report.reports", n=len(runs) - len(faults)), index=out / "index.html", seconds=total))
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
