"""Benchmark: ``renja_lib.load()`` against pandas reading the same tables back from CSV, and the narrative read
automatically (``doc.narrative``) against ``load()`` alone.

Measured side by side in one run on this machine, so the figures are ratios
against a baseline taken at the same time (the machine is shared and noisy).

    python benchmarks/bench_load.py [--repeat 15] [--docs 100]

Prints a Markdown table; the figures recorded in benchmarks/README.md come from it.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
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


def timed(fn, repeat: int) -> list[float]:
    return [one_call(fn) for _ in range(repeat)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--docs", type=int, default=100, help="documents loaded in a row (at least 20)")
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
        # the narrative read automatically (issue 13: load() then doc.narrative at most 1,5 x load() alone): both
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
              f"issue 13 bound: 1,5 x)\n")
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
