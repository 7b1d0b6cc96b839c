"""The load benchmark's baseline for issue 13: ``load()`` as it was at a git revision (the day the issue was filed),
taken from the repository and imported beside today's package, reads the bundled document as it did then."""
from __future__ import annotations

import importlib.util
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _bench_load():
    import sys
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "benchmarks" / "bench_load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_load_of_the_day_issue_13_was_filed_is_timed_beside_today_s(tmp_path, doc):
    bench = _bench_load()
    known = subprocess.run(["git", "-C", str(ROOT), "cat-file", "-e", f"{bench.FILED_AT}^{{commit}}"],
                           capture_output=True)
    if known.returncode != 0:
        pytest.skip(f"no git history with {bench.FILED_AT} here")
    load_then = bench.load_then(bench.FILED_AT, tmp_path)
    then = load_then()
    assert type(then).__module__.startswith("renja_then.")  # the package of that day, not today's
    assert len(then.plan_budget) == len(doc.plan_budget) == 102
    assert not hasattr(then, "identity")  # it read the tables only (the identity came with issue 13)
    assert bench.load_then("no-such-revision", tmp_path / "none") is None
