"""What every rule of the audit shares: the document (:class:`Context`), findings and common helpers.

:func:`finding` builds one finding; the helpers read the curated narrative figures
(:func:`fact_found`, :func:`nearest`), compare names and units, and put codes and
subjects into sentences (:func:`code_words`, :func:`subject_words`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd

from ..analyse.labour import indicator_key, indicator_metadata
from ..errors import RenjaError
from ..parse.codes import parse_code
from ..text.catalogue import Message
from ..text.catalogue import has as catalogue_has
from .figures import decimals_in, num, token_in
from .registry import INPUTS, SEVERITIES

__all__ = [
    "NARRATIVE", "SHARE_NAME", "Context", "code_words", "direction", "fact_decimals", "fact_found", "factor_note",
    "finding", "is_missing", "is_share", "name_key", "nearest", "subject_code", "subject_words", "units_match",
]

#: Table kind -> name used when the document does not label it (it always does when the table is there).
_KIND_OF_INPUT = {"plan": "plan", "evaluation": "evaluation", "service": "service_indicators", "rkpd": "rkpd_review"}
#: The ``table`` of a finding in the text rather than a table.
NARRATIVE = "narrative"
#: An indicator whose name says it is a share of something (values above 100 % are implausible).
SHARE_NAME = re.compile(r"^\s*persentase\b", re.I)


class Context:
    """The document and what the rules share: labels, linked rows, facts, tolerance."""

    def __init__(self, doc: Any, tolerance: float):
        self.doc = doc
        self.tolerance = tolerance
        self.labels = {s.kind: s.label for s in getattr(doc, "spans", []) if s.kind}

    # ---------------------------------------------------------------- inputs
    def has(self, name: str) -> bool:
        attr, _ = INPUTS[name]
        if attr is None:
            return len(self.facts) > 0
        return attr in self.doc.tables

    def label(self, name: str) -> str:
        kind = _KIND_OF_INPUT[name]
        return self.labels.get(kind, INPUTS[name][1])

    @cached_property
    def facts(self) -> pd.DataFrame:
        return self.doc.facts

    @cached_property
    def _directions(self):
        from ..analyse.performance import directions_for

        try:
            return directions_for(self.doc)
        except RenjaError:  # no Tabel 2.1, or a bad directions file (the performance page says what is wrong)
            return None

    def direction(self, subject: str) -> str:
        """The direction of the indicator a fact is about (a code or an indicator's name), as the performance
        page rates it: the document's directions file, else ``data/indicators.csv``, else higher is better (the
        document's own formula)."""
        if self._directions is None:
            return direction(subject)
        code = subject if isinstance(subject, str) and subject[:1].isdigit() else None
        return self._directions(None if code else subject, code)[0]

    def line(self, n: int) -> str:
        return self.doc.source.line(int(n))

    # ---------------------------------------------------------------- derived tables
    @cached_property
    def plan_years(self) -> list[int]:
        if not self.has("plan"):
            return []
        return sorted(int(y) for y in self.doc.plan_budget["year"].dropna().unique())

    @cached_property
    def rkpd(self) -> pd.DataFrame:
        """Tabel 2.3 rows that start a programme, activity or sub-activity (no continuation rows).

        A row whose name matches no Tabel 4.1 name in one stage takes the code the
        other stage of the same line was linked to (``code_from`` says which); a
        row whose first cell holds a number starts a programme (``programme_row``).
        """
        r = self.doc.rkpd_review
        r = r[~r["continuation"].astype(bool)].copy()
        by_line = r.dropna(subset=["code"]).groupby("source_line")["code"].first()
        r["code_from"] = np.where(r["code"].notna(), "name", None)
        fill = r["code"].isna() & r["source_line"].isin(by_line.index)
        r.loc[fill, "code"] = r.loc[fill, "source_line"].map(by_line)
        r.loc[fill, "code_from"] = "same line"
        r["parent"] = r["code"].map(lambda c: parse_code(c).parent if isinstance(c, str) and parse_code(c) else None)
        r["programme_row"] = [self._first_cell_filled(t, n) for t, n in zip(r["source_table"], r["source_row"])]
        unit = r["budget_unit"].fillna("Rp").astype(str)
        r["multiplier"] = unit.map(lambda u: 10 ** len(max(re.findall(r"0+", u) or [""], key=len)))
        return r

    def _first_cell_filled(self, table: Any, row: Any) -> bool:
        """Whether the first cell of a table row holds something (read through the document's parsed rows)."""
        cells = [] if is_missing(table) or is_missing(row) else self.doc.row_cells(table, int(row))
        return bool(cells and cells[0])

    def stage_words(self, stage: str) -> Message | str:
        """A stage of Tabel 2.3 in words (``draft``: Rancangan Awal RKPD); an unknown stage as it is."""
        return Message(f"audit.stage.{stage}") if catalogue_has(f"audit.stage.{stage}") else stage

    # ---------------------------------------------------------------- narrative figures, as records
    @cached_property
    def fact_rows(self) -> list[dict]:
        return self.facts.to_dict("records")

    def stated(self, **match: Any) -> list[dict]:
        """Narrative figures with a readable value whose fields equal ``match``."""
        return [f for f in self.fact_rows
                if not is_missing(f["value"]) and all(f[k] == v for k, v in match.items())]

    @cached_property
    def eval_rows(self) -> dict[tuple, list[dict]]:
        """Tabel 2.1 values (not missing) by (code, measure, year) and by ("line", source_line)."""
        out: dict[tuple, list[dict]] = {}
        e = self.doc.evaluation
        for rec in e[e["value"].notna()].to_dict("records"):
            out.setdefault((rec["code"], rec["measure"], rec["year"]), []).append(rec)
            out.setdefault(("line", rec["source_line"]), []).append(rec)
        return out


def finding(severity: str, table: str, code: Any, item: Message | str, source_line: Any, message: Message, *,
            other_table: str | None = None, other_line: Any = None, expected: Message | str | None = None,
            found: str | None = None, difference: float | None = None) -> dict:
    """One finding of a rule: where it is, what was expected and found, and its message (not yet written).

    ``item`` (what was compared) and ``expected`` are messages where they are words (``realised value 2021``,
    ``at most 100%``), written in the language of the findings like ``message``; a figure, code or name
    quoted from the document stays a text. ``other_line`` (and ``other_table``) is dropped when it is the
    finding's own line.
    """
    assert severity in SEVERITIES, severity
    source_line = None if is_missing(source_line) else source_line
    other_line = None if is_missing(other_line) else other_line
    if other_line is not None and source_line is not None and int(other_line) == int(source_line) \
            and (other_table is None or other_table == table):
        other_line, other_table = None, None
    return {
        "severity": severity, "table": table, "code": code if isinstance(code, str) else None, "item": item,
        "source_line": int(source_line) if source_line is not None else None,
        "other_table": other_table if other_line is not None else None,
        "other_line": int(other_line) if other_line is not None else None,
        "expected": expected, "found": found,
        "difference": float(difference) if difference is not None else None,
        "message": message,
    }


def is_missing(x: Any) -> bool:
    """Whether a value is missing: None, ``pandas.NA`` or NaN."""
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def nearest(rows: Sequence[dict], line: int) -> dict | None:
    """The row nearest to ``line``: on the same line, then before it, then after it."""
    if not rows:
        return None
    return min(rows, key=lambda r: (abs(int(r["source_line"]) - line) * 2 + (int(r["source_line"]) > line)))


def fact_found(row: dict) -> str:
    """A narrative figure as the text writes it (its number in the quote), with ``%`` when it is a percentage."""
    token = token_in(row["quote"], row["value"]) or num(row["value"])
    return token + ("%" if row["unit"] == "%" else "")


def fact_decimals(row: dict) -> int:
    """Decimals of a narrative figure as the text writes it."""
    return decimals_in(token_in(row["quote"], row["value"]) or "")


def subject_code(subject: str) -> str | None:
    """The code a facts subject is, when it is a code written canonically (``2.07.01``); else None."""
    c = parse_code(subject)
    return c.canonical if c is not None and c.canonical == subject else None


def name_key(name: Any) -> str:
    """A name reduced to its lower-case letters and digits, to compare names however they are spaced."""
    return re.sub(r"[^0-9a-z]", "", str(name).lower()) if isinstance(name, str) else ""


def units_match(a: Any, b: Any) -> bool:
    """Whether two units are one unit: equal, or one the start of the other (``orang`` and ``orang/tahun``)."""
    a = str(a or "").strip().lower()
    b = str(b or "").strip().lower()
    return a == b or (bool(a) and bool(b) and (a.startswith(b) or b.startswith(a)))


@lru_cache(maxsize=1)
def _indicator_meta() -> dict[str, tuple[str, str]]:
    """Indicator key -> (direction, kind), from ``data/indicators.csv``."""
    meta = indicator_metadata()
    return {k: (d, kind) for k, d, kind in zip(meta["key"], meta["direction"], meta["kind"])}


def direction(subject: str) -> str:
    """Whether more of an indicator is better (``higher_is_better``, the default) or less, from its metadata."""
    key = indicator_key(subject) if isinstance(subject, str) else None
    return _indicator_meta()[key][0] if key in _indicator_meta() else "higher_is_better"


@lru_cache(maxsize=4096)
def is_share(indicator: Any) -> bool:
    """Whether an indicator is a share of something (by its name, or its kind in ``data/indicators.csv``)."""
    if not isinstance(indicator, str):
        return False
    if SHARE_NAME.search(indicator):
        return True
    key = indicator_key(indicator)
    return key in _indicator_meta() and _indicator_meta()[key][1] == "share"


def code_words(code: Any) -> Any:
    """A code as the subject of a sentence: ``2.07.01`` (English), ``program 2.07.01`` (Indonesian)."""
    parsed = parse_code(code) if isinstance(code, str) else None
    if parsed is None:
        return code if isinstance(code, str) else Message("audit.row.any")
    return Message("audit.subject.code", code=code, level=Message(f"audit.level.{parsed.level}"))


def subject_words(subject: str, owner: bool = False) -> Any:
    """A facts subject as written in a sentence: a code, the office, the city or an indicator name.

    ``owner``: the subject follows the name of a quantity (``pada program 2.07.03`` in Indonesian).
    """
    if subject in ("office", "city"):
        return Message(f"audit.subject.{subject}")
    if not subject_code(subject):
        return subject
    code = code_words(subject)
    return Message("audit.owner.code", **code.fields) if owner else code


def factor_note(a: float, b: float) -> Message | str:
    """'; they are about 1.000 times apart ...' when two amounts are a power of ten apart, else ''."""
    if not a or not b or a <= 0 or b <= 0:
        return ""
    ratio = max(a, b) / min(a, b)
    power = round(math.log10(ratio))
    if power >= 1 and abs(ratio / 10**power - 1) < 0.05:
        return Message("audit.factor", factor=num(10**power, 0))
    return ""
