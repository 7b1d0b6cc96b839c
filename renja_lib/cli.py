"""The ``renja`` command."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .errors import RenjaError

__all__ = ["main"]

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT = 0, 1, 2


def _print_problems(problems, limit: int = 20) -> None:
    print(f"{len(problems)} problem(s):", file=sys.stderr)
    for row in problems.head(limit).itertuples():
        where = f"{row.file}:{row.line}" if row.line is not None else row.file
        col = f" [{row.column}]" if isinstance(row.column, str) and row.column else ""
        print(f"  {where}: {row.table}{col}: {row.message}: {row.raw!r}"[:400], file=sys.stderr)
    if len(problems) > limit:
        print(f"  ... and {len(problems) - limit} more in problems.csv", file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from .config import DEFAULT_SOURCE, PROCESSED_DIR
    from .document import load
    from .outputs import write_extraction

    source = Path(args.source) if args.source else DEFAULT_SOURCE
    out = Path(args.out) if args.out else PROCESSED_DIR
    doc = load(source, validate=True)
    written = write_extraction(doc, out)
    print(f"{source}: {len(doc.spans)} table(s) found")
    for span in doc.spans:
        print(f"  {span.label:<10} lines {span.start}-{span.end}  {span.kind or 'unknown kind'}")
    for name, frame in doc.tables.items():
        print(f"  {name + '.csv':<24} {len(frame):>5} rows")
    print(f"wrote {len(written)} files to {out}")
    if len(doc.problems):
        _print_problems(doc.problems)
        if args.strict:
            print("--strict: exiting with status 1 because of the problems above", file=sys.stderr)
            return EXIT_PROBLEMS
    else:
        print("0 problems: every line of every table accounted for")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="renja", description="Read, check, chart and report on Renja documents.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("extract", help="read every table of a document into CSV files and tables.xlsx")
    p.add_argument("source", nargs="?", help="the document (default: the bundled Renja 2023)")
    p.add_argument("--out", help="output folder (default: data/processed/)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any problem was found")
    p.set_defaults(func=cmd_extract)
    from .report_cli import add_report_parser

    add_report_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except RenjaError as exc:
        print(f"renja: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("renja: interrupted; previous outputs left as they were", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
