"""The quantities of the narrative by family, and the words prose names them with (``data/quantity_families.csv``),
as :mod:`renja_lib.read.narrative_reader` reads them.

>>> quantity_families()["tpt"], quantity_families()["spending"]
('labour', 'budget')
"""
from __future__ import annotations

import csv
from collections import Counter
from functools import cache
from pathlib import Path

from ..errors import InternalError
from ..text import Message
from .narrative_facts import QUANTITIES

__all__ = ["FAMILIES", "FAMILIES_PATH", "vocabulary", "quantity_families"]

#: The families of :data:`~renja_lib.read.narrative_facts.QUANTITIES` (``renja_lib/data/quantity_families.csv``).
FAMILIES = ("labour", "budget", "performance", "counts")
FAMILIES_PATH = Path(__file__).resolve().parent.parent / "data" / "quantity_families.csv"


@cache
def vocabulary() -> tuple[dict[str, str], dict[str, str]]:
    """(quantity -> family, quantity -> its ``words``), read and checked once: every quantity once, every family
    one of :data:`FAMILIES`."""
    with FAMILIES_PATH.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    seen = Counter(r["quantity"] for r in rows)
    wrong = sorted(set(seen) - set(QUANTITIES)) + sorted(q for q, n in seen.items() if n > 1)
    missing, families = sorted(set(QUANTITIES) - set(seen)), sorted({r["family"] for r in rows} - set(FAMILIES))
    if wrong or missing or families:
        raise InternalError(Message("narrative.error.families", families=", ".join(FAMILIES), wrong=wrong,
                                    missing=missing, unknown=families), path=FAMILIES_PATH)
    return {r["quantity"]: r["family"] for r in rows}, {r["quantity"]: r["words"] for r in rows if r.get("words")}


def quantity_families() -> dict[str, str]:
    """quantity -> family (``data/quantity_families.csv``, every quantity once; ``words``: a regular expression of how
    prose names the rates, the BPS counts and the counted things, the first that matches wins)."""
    return dict(vocabulary()[0])
