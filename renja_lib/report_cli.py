"""The ``renja report`` sub-command: arguments, checks before anything runs, the summary."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    p.add_argument("--lang", choices=["id", "en"], help="report language (default: Indonesian)")
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="stop a notebook that runs longer than this")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_report)
    return p


def cmd_report(args: argparse.Namespace) -> int:
    from .config import REPORTS_DIR
    from .errors import RenjaError
    from .report import parse_assignments, plan_runs, run_report

    if args.jobs is not None and args.jobs < 1:
        raise RenjaError(f"--jobs must be at least 1; got {args.jobs}")
    if args.timeout is not None and args.timeout <= 0:
        raise RenjaError(f"--timeout must be a positive number of seconds; got {args.timeout:g}")
    params = parse_assignments(args.param)
    runs = plan_runs(args.sources, notebooks=args.notebook, params=params, params_file=args.params_file,
                     lang=args.lang)
    out = Path(args.out) if args.out else REPORTS_DIR
    lang = args.lang or "id"
    results = run_report(runs, out, jobs=args.jobs, with_code=args.with_code, timeout=args.timeout,
                         quiet=args.quiet, lang=lang)
    failed = [r for r in results if r.status != "ok"]
    total = sum(r.seconds for r in results)
    print(f"{len(results) - len(failed)} of {len(results)} notebooks done in {len(runs)} report(s); "
          f"index: {out / 'index.html'} ({total:.1f} s of notebook time)")
    if failed:
        print(f"{len(failed)} notebook(s) not done:", file=sys.stderr)
        for r in failed:
            where = f" at code cell {r.failing_cell}" if r.failing_cell else ""
            print(f"  {r.slug}/{r.notebook}: {r.status}{where}: {r.error}", file=sys.stderr)
        return 1
    return 0
