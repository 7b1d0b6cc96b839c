"""Benchmark: ``renja_lib.load()`` of a Renja as ``.docx`` against a plain python-docx pass over the same file.

Issue 14 bounds ``load()`` of a ``.docx`` at 1,5 x a plain python-docx pass that reads every paragraph and every
cell's text (``Document(path)``, ``paragraph.text`` of every paragraph, ``cell.text`` of every cell of every row of
every table). Both are measured side by side in one run, interleaved (each round runs both, in turn first), on the
bundled text made into Word documents by ``tests/docx_documents.py`` (both layouts: ``pages``, one Word table per
printed page of a table; ``whole``, one Word table per table). The rendering alone (:func:`render_docx`) and the text
form's ``load()`` are shown beside them; number caches and the renderings ``read.source`` keeps by content are
cleared before every ``load()``.

    python benchmarks/bench_docx.py [--repeat 15]

Prints a Markdown table; the figures recorded in benchmarks/README.md come from it.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import docx

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.docx_rendering import render_docx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from docx_documents import build_documents  # noqa: E402  (the tests' generator)
from timing import load_cold, timed  # noqa: E402


def python_docx_pass(path: Path) -> int:
    """The baseline: python-docx reads every paragraph's and every cell's text (the characters, counted)."""
    document = docx.Document(path)
    n = sum(len(p.text) for p in document.paragraphs)
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                n += len(cell.text)
    return n


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=15)
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="renja-bench-docx-"))
    try:
        files = build_documents(work)
        text = work / "renja.txt"
        shutil.copy(DEFAULT_SOURCE, text)
        for path in [*files.values(), text]:  # warm the imports and the file cache
            load_cold(path)
            if path.suffix == ".docx":
                python_docx_pass(path)
        print(f"python {sys.version.split()[0]}, python-docx {docx.__version__}, median of {args.repeat} rounds\n")
        print("| .docx layout | KB | python-docx pass ms (baseline) | render_docx ms | load() ms | "
              "load() x baseline | text form load() ms |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
        for layout, path in files.items():
            runs = {"base": [], "render": [], "load": [], "text": []}
            steps = [("base", lambda: python_docx_pass(path)), ("render", lambda: render_docx(path)),
                     ("load", lambda: load_cold(path)), ("text", lambda: load_cold(text))]
            for i in range(args.repeat):
                for name, fn in steps if i % 2 else steps[::-1]:
                    runs[name].append(timed(fn))
            m = {name: statistics.median(xs) * 1000 for name, xs in runs.items()}
            ratios = statistics.median(a / b for a, b in zip(runs["load"], runs["base"]))
            print(f"| {layout} | {path.stat().st_size / 1024:.0f} | {m['base']:.1f} | {m['render']:.1f} | "
                  f"{m['load']:.1f} | {m['load'] / m['base']:.2f} (rounds' median {ratios:.2f}) | {m['text']:.1f} |")
        print("\nissue 14 bound: load() of a .docx at most 1,5 x the python-docx pass")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
