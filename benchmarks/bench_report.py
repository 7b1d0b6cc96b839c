"""Benchmark: ``renja report`` against the usual ways of running the same notebooks.

Measured side by side in one run on the bundled document (wall time, median of
``--repeat`` rounds, the three ways interleaved so that machine noise hits them
alike):

(a) ``renja report`` as it runs by default (all notebooks, one process, kernels reused, one kernel
    per CPU core), and (a1) the same with ``--jobs 1`` (one kernel);
(b) the usual manual way: ``jupyter nbconvert --execute --to html --no-input`` per notebook;
(c) the notebooks exported to Python scripts and run one after another with ``python``.

Then ``--jobs 2`` against ``--jobs 1`` on 4 documents, and the peak memory (RSS of the
whole process tree, sampled every 50 ms) of a ``--jobs 2`` run.

And the cost of the deck and the workbook (issue 16: at most +15 %): ``renja report`` with
``--outputs pages`` (pages only), ``pages,deck``, ``pages,workbook`` and the default (both), interleaved.
``--outputs-only`` measures that alone.

    python benchmarks/bench_report.py [--repeat 3] [--outputs-only]
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from renja_lib.run.runner import default_jobs

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOURCE = ROOT / "data" / "raw" / "renja_disnaker_kota_pasuruan_2023.txt"


def run(cmd: list[str], cwd: Path | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss(cmd: list[str]) -> tuple[float, float]:
    """Wall time and peak RSS (bytes) of a command and all its children."""
    proc = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    t0 = time.perf_counter()
    while proc.poll() is None:
        total = 0
        with_children = [proc] + proc.children(recursive=True)
        for p in with_children:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(0.05)
    if proc.returncode != 0:
        raise SystemExit(f"{cmd} failed")
    return time.perf_counter() - t0, peak


OUTPUTS = ("pages", "pages,deck", "pages,workbook", "pages,deck,workbook")


def outputs(work: Path, repeat: int) -> None:
    """``renja report`` with and without the deck and the workbook, side by side (rounds interleaved)."""
    times: dict[str, list[float]] = {o: [] for o in OUTPUTS}
    for i in range(repeat):
        for o in OUTPUTS:
            times[o].append(run([str(BIN / "renja"), "report", "--quiet", "--outputs", o, "--out",
                                 str(work / f"o-{o.replace(',', '-')}-{i}")]))
    base = statistics.median(times["pages"])
    print(f"renja report --outputs, bundled document, median of {repeat} rounds, {os.cpu_count()} cores\n")
    print("| --outputs | wall s | vs pages only |")
    print("| --- | ---: | ---: |")
    for o in OUTPUTS:
        m = statistics.median(times[o])
        print(f"| {o} | {m:.1f} | {m / base:.2f} |")
    both = statistics.median(times["pages,deck,workbook"])
    print(f"\ndeck + workbook add {100 * (both / base - 1):.0f} % (target <= 15 %)\n", flush=True)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-ways", action="store_true", help="measure only --jobs and memory, not (a)/(b)/(c)")
    ap.add_argument("--outputs-only", action="store_true", help="measure only the deck's and workbook's cost")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="renja-bench-report-"))
    try:
        outputs(work, args.repeat)
        if args.outputs_only:
            return 0
        scripts = work / "scripts"
        scripts.mkdir()
        for nb in NOTEBOOKS:
            subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "script", str(nb), "--output-dir",
                            str(scripts)], check=True, capture_output=True)
        a, a1, b, c = [], [], [], []
        for i in range(0 if args.skip_ways else args.repeat):
            a.append(run([str(BIN / "renja"), "report", "--quiet", "--out", str(work / f"a{i}")]))
            a1.append(run([str(BIN / "renja"), "report", "--quiet", "--jobs", "1", "--out", str(work / f"a1-{i}")]))
            b.append(sum(run([str(BIN / "jupyter"), "nbconvert", "--execute", "--to", "html", "--no-input",
                              str(nb), "--output-dir", str(work / f"b{i}")]) for nb in NOTEBOOKS))
            c.append(sum(run([sys.executable, str(s)], cwd=scripts) for s in sorted(scripts.glob("*.py"))))
        if not args.skip_ways:
            ma, ma1, mb, mc = (statistics.median(x) for x in (a, a1, b, c))
            print(f"{len(NOTEBOOKS)} notebooks, bundled document, median of {args.repeat} rounds, {os.cpu_count()} cores\n")
            print("| way | wall s | vs (a) |")
            print("| --- | ---: | ---: |")
            print(f"| (a) renja report (default: --jobs {default_jobs()}) | {ma:.1f} | 1.00 |")
            print(f"| (a1) renja report --jobs 1 | {ma1:.1f} | {ma1 / ma:.2f} |")
            print(f"| (b) jupyter nbconvert --execute per notebook | {mb:.1f} | {mb / ma:.2f} |")
            print(f"| (c) scripts run one after another with python | {mc:.1f} | {mc / ma:.2f} |")
            print(f"\n(a) / (c) = {ma / mc:.2f} (target <= 1.0); (b) / (a) = {mb / ma:.2f} (target >= 4); "
                  f"with --jobs 1: (a1) / (c) = {ma1 / mc:.2f}, (b) / (a1) = {mb / ma1:.2f}\n", flush=True)

        docs = []
        for i in range(4):
            d = work / "docs" / f"renja_copy_{i}.txt"
            d.parent.mkdir(exist_ok=True)
            shutil.copy(SOURCE, d)
            docs.append(str(d))
        j1 = statistics.median(run([str(BIN / "renja"), "report", *docs, "--quiet", "--jobs", "1", "--out",
                                    str(work / f"j1-{i}")]) for i in range(args.repeat))
        j2 = statistics.median(run([str(BIN / "renja"), "report", *docs, "--quiet", "--jobs", "2", "--out",
                                    str(work / f"j2-{i}")]) for i in range(args.repeat))
        wall, peak = peak_rss([str(BIN / "renja"), "report", *docs, "--quiet", "--jobs", "2", "--out",
                               str(work / "mem")])

        imports = {}
        for mod in ("papermill", "nbconvert", "nbclient"):
            t = statistics.median(run([sys.executable, "-c", f"import {mod}"]) for _ in range(3))
            base = statistics.median(run([sys.executable, "-c", "pass"]) for _ in range(3))
            imports[mod] = t - base

        print("| 4 documents | wall s | vs --jobs 1 |")
        print("| --- | ---: | ---: |")
        print(f"| --jobs 1 | {j1:.1f} | 1.00 |")
        print(f"| --jobs 2 | {j2:.1f} | {j2 / j1:.2f} (target <= 0.65) |")
        print(f"\npeak memory of a --jobs 2 run on 4 documents (whole process tree): {peak / 2**20:.0f} MiB "
              f"(target <= 1024 MiB), wall {wall:.1f} s\n")
        print("| import in a fresh python | s |")
        print("| --- | ---: |")
        for mod, t in imports.items():
            print(f"| {mod} | {t:.2f} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
