"""Benchmark: ``renja_lib.load()`` against pandas reading the same tables back from CSV, and the narrative read
automatically (``doc.narrative``) against ``load()`` alone.

Measured side by side in one run on this machine, so the figures are ratios
against a baseline taken at the same time (the machine is shared and noisy).

    python benchmarks/bench_load.py [--repeat 15] [--docs 100] [--then REV]

``--then REV`` also times ``load()`` as it was at the git revision REV (default: 82299d4, the commit before issue 13's
first change: the issue's "today's load()" of the day it was filed, which read the tables and no identity), taken
from the repository with ``git archive`` and imported under another name, in the same rounds; ``--then ''`` skips it.

Prints a Markdown table; the figures recorded in benchmarks/README.md come from it.
"""
from __future__ import annotations

import argparse
import importlib
import io
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

import renja_lib
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.document import TABLE_NAMES
from renja_lib.write.outputs import write_extraction
from timing import clear_caches
from timing import timed as one_call


#: the commit before issue 13's first change (5db2767): the ``load()`` of the day the issue was filed
FILED_AT = "82299d4"


def load_then(rev: str, work: Path):
    """``load`` of the package as it was at git revision ``rev``, its caches cleared before each call (as
    :func:`timing.load_cold`), or None when the revision cannot be had (not a git checkout, no such revision): the
    package taken with ``git archive`` into ``work`` and imported as ``renja_then`` (its imports renamed)."""
    root = Path(__file__).resolve().parent.parent
    try:
        tar = subprocess.run(["git", "-C", str(root), "archive", rev, "renja_lib"], capture_output=True,
                             check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=io.BytesIO(tar)) as archive:
        archive.extractall(work / "then", filter="data")
    package = (work / "then" / "renja_lib").rename(work / "then" / "renja_then")
    for f in package.rglob("*.py"):
        f.write_text(f.read_text(encoding="utf-8").replace("renja_lib", "renja_then"), encoding="utf-8")
    sys.path.insert(0, str(work / "then"))
    then = importlib.import_module("renja_then")
    numbers = importlib.import_module("renja_then.parse.numbers")
    source = importlib.import_module("renja_then.read.source")

    def load():
        numbers.parse_number.cache_clear()
        numbers.parse_quantity.cache_clear()
        getattr(source, "_RENDERINGS", {}).clear()
        return then.load(DEFAULT_SOURCE)
    return load


def timed(fn, repeat: int) -> list[float]:
    return [one_call(fn) for _ in range(repeat)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--docs", type=int, default=100, help="documents loaded in a row (at least 20)")
    ap.add_argument("--then", default=FILED_AT, help="git revision whose load() is timed too ('' for none)")
    args = ap.parse_args(argv)
    if args.docs < 20:  # the first 10 are the reference and the memory pass reads 20
        ap.error(f"--docs must be at least 20 (got {args.docs})")

    work = Path(tempfile.mkdtemp(prefix="renja-bench-"))
    try:
        doc = renja_lib.load()  # warm imports
        write_extraction(doc, work / "csv")
        csvs = [work / "csv" / f"{n}.csv" for n in TABLE_NAMES if n in doc.tables]

        def read_back():
            return [pd.read_csv(p) for p in csvs]

        def load_cold():
            clear_caches()
            return renja_lib.load()

        rows = []
        # interleave the measurements so that machine noise hits both alike
        base, cold, warm, full = [], [], [], []
        for _ in range(args.repeat):
            base += timed(read_back, 1)
            cold += timed(load_cold, 1)
            warm += timed(renja_lib.load, 1)
            full += timed(lambda: renja_lib.load(validate=True), 1)
        # the narrative read automatically (what it adds to today's load(); issue 13 bounds load() then doc.narrative
        # at 1,5 x the load() of the day it was filed: --then, below): both
        # from scratch, one after the other in every round, in turn first, so that noise hits both alike
        alone, narrative = [], []
        for i in range(args.repeat):
            pair = [(alone, load_cold), (narrative, lambda: load_cold().narrative)]
            for xs, fn in pair if i % 2 else pair[::-1]:
                xs += timed(fn, 1)
        b = statistics.median(base)
        for label, xs in [("pandas.read_csv of the 6 tables (baseline)", base),
                          ("load(), caches cleared", cold), ("load(), cells cached", warm),
                          ("load(validate=True), full pandera validation", full),
                          ("load(), caches cleared, then doc.narrative", narrative)]:
            m = statistics.median(xs)
            rows.append((label, m * 1000, m / b))
        per_round = statistics.median(n / a for a, n in zip(alone, narrative))
        # the same against load() as it was when the issue was filed (its tables, no identity): three in turn
        old = load_then(args.then, work) if args.then else None
        then, now, now_narrative = [], [], []
        for i in range(args.repeat if old else 0):
            trio = [(then, old), (now, load_cold), (now_narrative, lambda: load_cold().narrative)]
            for xs, fn in trio[i % 3:] + trio[:i % 3]:
                xs += timed(fn, 1)

        # many documents in a row: distinct files, caches cleared before each (the first 10 are the reference and
        # the memory pass reads 20: fewer than 20 would leave the tables below without their figures)
        copies = []
        for i in range(args.docs):
            p = work / "docs" / f"renja_{i:03d}.txt"
            p.parent.mkdir(exist_ok=True)
            shutil.copy(DEFAULT_SOURCE, p)
            copies.append(p)
        checkpoints = {}
        t0 = time.perf_counter()
        for i, p in enumerate(copies, 1):
            clear_caches()
            renja_lib.load(p)
            if i in (10, args.docs // 2, args.docs):
                checkpoints[i] = time.perf_counter() - t0
        # memory, in a separate pass (tracing slows everything down several times)
        memory = {}
        tracemalloc.start()
        for i, p in enumerate(copies[:20], 1):
            clear_caches()
            renja_lib.load(p)
            if i in (1, 20):
                memory[i] = tracemalloc.get_traced_memory()
        tracemalloc.stop()

        print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, median of {args.repeat}\n")
        print("| what | median ms | x baseline |")
        print("| --- | ---: | ---: |")
        for label, ms, ratio in rows:
            print(f"| {label} | {ms:.1f} | {ratio:.2f} |")
        print(f"\nload() then doc.narrative / load() alone, median of the {args.repeat} rounds' ratios: "
              f"{per_round:.2f} x (medians {statistics.median(narrative) / statistics.median(alone):.2f} x; "
              f"the reading's own cost against today's load())\n")
        if old:
            print(f"against load() at {args.then} (timed in turn with today's, median of the {args.repeat} rounds' "
                  f"ratios): load() {statistics.median(a / t for t, a in zip(then, now)):.2f} x, load() then "
                  f"doc.narrative {statistics.median(n / t for t, n in zip(then, now_narrative)):.2f} x (issue 13 "
                  f"bound, with the default revision: 1,5 x)\n")
        elif args.then:
            print(f"(load() at {args.then} not timed: no git revision {args.then!r} here)\n")
        print("| documents loaded in a row | total s | ms per document | per-document time vs first 10 |")
        print("| ---: | ---: | ---: | ---: |")
        first = checkpoints[10] / 10
        for n, secs in checkpoints.items():
            print(f"| {n} | {secs:.2f} | {secs / n * 1000:.1f} | {(secs / n) / first:.2f} |")
        print()
        print("| traced Python memory | after 1 document | after 20 documents |")
        print("| --- | ---: | ---: |")
        print(f"| held now, MB | {memory[1][0] / 1e6:.2f} | {memory[20][0] / 1e6:.2f} |")
        print(f"| peak, MB | {memory[1][1] / 1e6:.2f} | {memory[20][1] / 1e6:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
