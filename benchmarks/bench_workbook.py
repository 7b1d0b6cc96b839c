"""Benchmark: the analysis workbook (``reports/<slug>/<slug>.xlsx``) against one ``renja_lib.load()``.

Issue 16: the deck and the workbook add at most 15 % to ``renja report``'s wall
time on the bundled document. Measured side by side in one run (the machine is
shared and noisy), interleaved round by round:

- ``load()``: the bundled document read with the parse caches cleared (the baseline);
- the workbook: :func:`renja_lib.write.analysis_workbook.write_analysis_workbook` on a
  document just loaded (so the narrative, the facts and every analysis are computed in
  it, as a run of ``renja report`` would), split into the analyses and their words
  (:func:`~renja_lib.present.workbook_tables.analysis_tables`) and the writing
  (:func:`~renja_lib.write.analysis_workbook.workbook_bytes`, the zip rewritten included).

With ``--report``, ``renja report`` of the bundled document (default parameters, ``--quiet``) is timed too,
alone and with this process writing the workbook at the same time (as a runner could, in a background thread
started with the notebooks), rounds in turn: the workbook's share of a report's wall time, measured in the
same run.

    python benchmarks/bench_workbook.py [--repeat 9] [--report [--report-rounds 2]]

Prints a Markdown table; the lead records the figures in benchmarks/README.md.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import renja_lib
from renja_lib.present.workbook_tables import about_rows, analysis_tables
from renja_lib.write.analysis_workbook import workbook_bytes, write_analysis_workbook
from timing import clear_caches, timed

BIN = Path(sys.executable).parent


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=9)
    ap.add_argument("--report", action="store_true", help="also time `renja report` of the bundled document, alone "
                    "and with the workbook written beside it")
    ap.add_argument("--report-rounds", type=int, default=2)
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="renja-bench-wb-"))
    try:
        write_analysis_workbook(work / "warm.xlsx", renja_lib.load(), "id")  # warm imports and the catalogue
        loads, books, tables, writes = [], [], [], []
        size = 0
        for i in range(args.repeat):
            clear_caches()
            loads.append(timed(renja_lib.load))
            clear_caches()
            doc = renja_lib.load()
            books.append(timed(lambda: write_analysis_workbook(work / f"r{i}.xlsx", doc, "id")))
            size = (work / f"r{i}.xlsx").stat().st_size
            clear_caches()
            doc = renja_lib.load()
            holder = {}
            tables.append(timed(lambda: holder.update(sheets=analysis_tables(doc, "id"))))
            about = about_rows(doc, "id", None, holder["sheets"])
            writes.append(timed(lambda: workbook_bytes(holder["sheets"], about, "id")))
        same = len({(work / f"r{i}.xlsx").read_bytes() for i in range(args.repeat)}) == 1
        base = statistics.median(loads)
        print(f"python {sys.version.split()[0]}, median of {args.repeat} rounds; workbook {size / 1024:.0f} KiB, "
              f"{'the same bytes in every round' if same else 'NOT the same bytes in every round'}\n")
        print("| what | median ms | x load() |")
        print("| --- | ---: | ---: |")
        for label, xs in [("load(), caches cleared (baseline)", loads),
                          ("write_analysis_workbook() on a document just loaded", books),
                          ("  of which analysis_tables() (analyses, words)", tables),
                          ("  of which workbook_bytes() (openpyxl, zip rewritten)", writes)]:
            m = statistics.median(xs)
            print(f"| {label} | {m * 1000:.1f} | {m / base:.2f} |")
        if args.report:
            # one `renja report` alone, and one while this process loads the document and writes its workbook
            # (as a runner would in a background thread, started with the notebooks): rounds in turn
            alone, beside, book_times = [], [], []

            def report(i: int) -> float:
                t0 = time.perf_counter()
                subprocess.run([str(BIN / "renja"), "report", "--quiet", "--out", str(work / f"reports{i}")],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                return time.perf_counter() - t0

            def workbook_beside() -> None:
                t0 = time.perf_counter()
                clear_caches()
                write_analysis_workbook(work / "beside.xlsx", renja_lib.load(), "id")
                book_times.append(time.perf_counter() - t0)

            for i in range(args.report_rounds):
                alone.append(report(2 * i))
                worker = threading.Thread(target=workbook_beside)
                worker.start()
                beside.append(report(2 * i + 1))
                worker.join()
            a, b = statistics.median(alone), statistics.median(beside)
            book = statistics.median(books) + base
            print(f"\n`renja report` of the bundled document (default jobs), median of {args.report_rounds}: "
                  f"{a:.1f} s alone; load() and the workbook one after the other would add {book:.2f} s = "
                  f"{book / a * 100:.1f} %; run beside the report (workbook done in "
                  f"{statistics.median(book_times):.2f} s) the report took {b:.1f} s = {(b / a - 1) * 100:+.1f} %")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
