"""Benchmark: reading a Renja printed as PDF (``renja_lib.load(path.pdf)``) against the naive pdfplumber pass.

The prints are made from the bundled text as the tests make them (``tests/pdf_documents.py``: Chromium's
``landscape`` and ``portrait`` layouts, reportlab's). Measured side by side in one run, interleaved round by round
so that the machine's noise hits both alike (the machine is shared):

* the naive pass: pdfplumber ``extract_text()`` and ``extract_tables()`` on every page (issue 14's baseline);
* ``render_pdf()`` (the rendering alone) and ``load()`` (rendering, tables, identity): their time over the naive
  pass's, and seconds per page;
* the pages without a table: a PDF of only the pages where the naive pass finds no table, read by ``render_pdf()``
  and by the naive pass (issue 14: at most 0,1 x);
* 20 PDFs in a row (copies of the landscape print under other names): the time of each ``load()`` and the
  process's memory (RSS, psutil) after each.

    python benchmarks/bench_pdf.py [--rounds 3] [--docs 20] [--prints landscape,portrait,reportlab]

Prints Markdown tables; the figures recorded in benchmarks/README.md come from it.
"""
from __future__ import annotations

import argparse
import gc
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import pdfplumber  # noqa: E402
import psutil  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

import pdf_documents  # noqa: E402
import renja_lib  # noqa: E402
from renja_lib.read.pdf_rendering import render_pdf  # noqa: E402
from timing import load_cold, timed  # noqa: E402


def naive(path: Path) -> tuple[float, list[float], list[int]]:
    """The naive pass: total seconds, seconds per page, tables found per page."""
    per_page, tables = [], []
    t0 = time.perf_counter()
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            t = time.perf_counter()
            page.extract_text()
            tables.append(len(page.extract_tables()))
            per_page.append(time.perf_counter() - t)
            page.close()
    return time.perf_counter() - t0, per_page, tables


def only_pages(path: Path, pages: list[int], out: Path) -> Path:
    """A PDF of the 1-based ``pages`` of ``path``."""
    src = pdfium.PdfDocument(str(path))
    dst = pdfium.PdfDocument.new()
    dst.import_pages(src, [p - 1 for p in pages])
    dst.save(str(out))
    dst.close()
    src.close()
    return out


def fmt(x: float) -> str:
    return f"{x:.2f}".replace(".", ",")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--docs", type=int, default=20)
    ap.add_argument("--prints", default="landscape,portrait,reportlab")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="renja-bench-pdf-"))
    try:
        prints = {}
        for name in args.prints.split(","):
            prints[name] = (pdf_documents.reportlab_pdf(work) if name == "reportlab"
                            else pdf_documents.chromium_pdf(work, name))
        renja_lib.load(prints[next(iter(prints))])  # warm the imports
        print("| print | pages (with a table) | naive pass s | render_pdf s | load() s | load / naive | "
              "render / naive | load s per page |")
        print("|---|---|---|---|---|---|---|---|")
        tableless = {}
        for name, path in prints.items():
            base, render, load, pages, with_tables = [], [], [], 0, 0
            for k in range(args.rounds):
                runs = [("naive", lambda: base.append(naive(path))),
                        ("render", lambda: render.append(timed(lambda: render_pdf(path)))),
                        ("load", lambda: load.append(timed(lambda: load_cold(path))))]
                for _, run in (runs if k % 2 == 0 else runs[::-1]):
                    gc.collect()
                    run()
            total = statistics.median(b[0] for b in base)
            per_page = [statistics.median(b[1][i] for b in base) for i in range(len(base[0][1]))]
            tables = base[0][2]
            pages, with_tables = len(tables), sum(1 for t in tables if t)
            tableless[name] = ([i + 1 for i, t in enumerate(tables) if not t], per_page)
            r, lo = statistics.median(render), statistics.median(load)
            print(f"| {name} | {pages} ({with_tables}) | {fmt(total)} | {fmt(r)} | {fmt(lo)} | {fmt(lo / total)} | "
                  f"{fmt(r / total)} | {lo / pages:.3f} |".replace(".", ","))
        print()
        print("| print | pages without a table | naive pass on them s | render_pdf on them s | ratio |")
        print("|---|---|---|---|---|")
        for name, (pages, _) in tableless.items():
            if not pages:
                continue
            part = only_pages(prints[name], pages, work / f"{name}_tableless.pdf")
            base, ours = [], []
            for k in range(args.rounds):
                pair = [lambda: base.append(naive(part)[0]), lambda: ours.append(timed(lambda: render_pdf(part)))]
                for run in (pair if k % 2 == 0 else pair[::-1]):
                    run()
            b, o = statistics.median(base), statistics.median(ours)
            print(f"| {name} | {len(pages)} | {fmt(b)} | {o:.3f} | {o / b:.3f} |".replace(".", ","))
        print()
        first = next(iter(prints.values()))
        copies = []
        for i in range(args.docs):
            copies.append(work / f"copy_{i:02d}.pdf")
            shutil.copy(first, copies[-1])
        proc = psutil.Process()
        times, rss = [], []
        for path in copies:
            times.append(timed(lambda: load_cold(path)))
            gc.collect()
            rss.append(proc.memory_info().rss / 2**20)
        n = len(times)
        head, tail = times[: max(1, n // 4)], times[-max(1, n // 4):]
        print(f"{n} PDFs in a row ({first.name}): s per document first quarter {fmt(statistics.mean(head))}, "
              f"last quarter {fmt(statistics.mean(tail))} (ratio {fmt(statistics.mean(tail) / statistics.mean(head))}),"
              f" median {fmt(statistics.median(times))}; RSS MB after documents 1, {n // 2}, {n}: "
              f"{rss[0]:.0f}, {rss[n // 2 - 1]:.0f}, {rss[-1]:.0f}")
        print("s per document:", " ".join(fmt(t) for t in times))
        print("RSS MB:", " ".join(f"{r:.0f}" for r in rss))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
