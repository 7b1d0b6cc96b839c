"""What every benchmark here needs: a document read from scratch, and one call timed.

The scripts import it as a sibling module (``python benchmarks/bench_x.py`` puts this folder on the path).
"""
from __future__ import annotations

import gc
import time
from pathlib import Path

import renja_lib
from renja_lib.parse import numbers
from renja_lib.read import source, subject_names


def clear_caches() -> None:
    """Forget parsed cells, the narrative reader's compared names and the renderings ``read.source`` keeps by
    content, so that the next load reads its document from scratch."""
    numbers.parse_number.cache_clear()
    numbers.parse_quantity.cache_clear()
    subject_names._close.cache_clear()
    getattr(source, "_RENDERINGS", {}).clear()


def load_cold(path: Path | None = None):
    """``renja_lib.load(path)`` from scratch (:func:`clear_caches` first)."""
    clear_caches()
    return renja_lib.load(path)


def timed(fn) -> float:
    """Seconds one call of ``fn`` takes, after a garbage collection."""
    gc.collect()
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0
