"""Budget absorption, plan composition, plan changes and the user's own spending data.

Absorption (*serapan*) is spending as a percentage of the budget:
``spending / budget x 100``, per programme and period.

From the document
-----------------
:func:`absorption` reads the narrative figures (``doc.facts``: quantities
``budget``, ``spending``, ``absorption_stated``, ``total_budget``,
``total_spending``) and gives one row per subject (programme, activity or the
whole office), year and period that the text reports: the budget, the spending,
the absorption **computed from the amounts**, next to the percentage the text
**states**.

* **Contradictions.** A stated percentage agrees with the amounts when the
  absorption the amounts give, allowing for the rounding of every number as
  written (``66,60 %`` is 66,595 to 66,605; ``Rp 994.356.770,00`` is exact to the
  sen), can round to the stated percentage. Otherwise ``consistent`` is False and
  ``flag`` is ``"contradiction"``: both figures stay in the row, and
  ``spending_implied`` shows the spending the stated percentage would mean. Both
  figures are kept; which one a headline may give is ``reading`` (below).
* **The reading the document supports** (``reading``, ``absorption_reading``).
  A headline gives one absorption per row, and never a figure the document
  itself rejects: ``"amounts"`` (computed from budget and spending, where they
  agree with the stated percentage or none is stated), ``"stated"`` (the stated
  percentage: the only figure, or the written spending is rejected by the
  document itself), ``"conflict"`` (the figures contradict each other and nothing
  in the document settles which is right: a headline names both and picks
  neither) or ``"none"``. A written spending is rejected when the amount in words
  written after it (``Rp 4.244.258,00 (empat milyar ... rupiah)``) says another
  amount (``spending_words``; the audit's rule ``amount_in_words``), or when it is
  :data:`MAGNITUDE_FACTOR` times or more away from what the stated percentage
  implies (the audit's rule ``share_magnitude``). For the bundled document the
  office's 2021 reading is the stated 83,82 % (about Rp 4.244 million of
  Rp 5.063 million): the written ``Rp.4.244.258,00`` is a thousandth of that and
  its words say 4.000.244.258; the same 83,82 % gives the support programme a
  spending that agrees with the 93,03 % it states.
* **Unreadable percentages** (``1.11%``, which strict Indonesian parsing refuses)
  keep ``absorption_stated`` empty, show the text in ``absorption_stated_text``
  and get ``flag`` ``"stated_unreadable"``.
* **Programmes without a figure.** Each programme of the document's evaluation
  (Tabel 2.1) gets a row in every year and period the frame holds: with its
  budget alone when the narrative states only that, and with every figure empty
  and ``flag`` ``"no_figures"`` when it states no budget, spending or
  absorption for it. Nothing is filled in from another programme, another
  document or a default. When the narrative states no spending or absorption at
  all, the rows are those of the evaluation year (the year of Tabel 2.1's
  realisation).
* **Derived figures.** Where the office total is stated, the number of
  programmes the text gives for the year (``programme_count``) matches the
  programmes it mentions, and exactly one programme lacks an amount, that amount
  is derived as the total minus the other programmes, with ``derived`` True and
  the derivation in words in ``derivation``. A total spending that contradicts
  the office's stated percentage is not used; the spending the percentage
  implies is used instead and the derivation says so, with the rounding range.
  For the bundled document this derives the support programme's 2021 budget
  (office total minus the other three) and its spending (83,82 % of the office
  budget minus the other three; the written ``Rp.4.244.258,00`` would leave a
  negative amount).

From the plan tables
--------------------
:func:`plan_composition` and :func:`salary_share` (the plan year of Tabel 4.1),
:func:`plan_changes` (plan year to forward year, per code, with new and dropped
codes) and :func:`draft_to_needs` (Tabel 2.3, RKPD draft against the needs
analysis, linked to codes). Years come from ``doc.years``. The document's own
arithmetic (its sums and stated totals) is checked by the audit
(:func:`renja_lib.check.audit.audit`, rules ``parent_sum`` and ``stated_total``).

The user's spending data
------------------------
A user's file of budget and spending is read by
:func:`renja_lib.read.spending.read_spending` (re-exported here with
:class:`~renja_lib.read.spending.Spending`, its units, flags and bounds).

:func:`absorption_by_period` totals the file per period (or lists one depth of
the hierarchy) and :func:`s_curve` gives the cumulative absorption per period
against a planned schedule (both in :mod:`renja_lib.analyse.spending_absorption`,
re-exported here).
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..parse.codes import parse_code
from ..errors import RenjaError
from ..text.catalogue import Message
from ..read.narrative_facts import numbers_in
from ..parse.numbers import NumberParseError, parse_number, words_to_int
from ..read.spending import (ABOVE_BUDGET, DECIMAL_MARKS, FLAG_COLUMNS, FLAGS, HIERARCHIES,  # noqa: F401 (API)
                             IMPLAUSIBLE_ABSORPTION, MAX_AMOUNT, UNITS, Spending, absorption_percent, account_kinds,
                             interval_consistent, read_spending)
from .spending_absorption import absorption_by_period, s_curve  # noqa: F401 (API)

__all__ = [
    "UNITS",
    "DECIMAL_MARKS",
    "HIERARCHIES",
    "CHANGE_STATUSES",
    "OFFICE",
    "SALARY_NAME",
    "plan_table",
    "READINGS",
    "MAGNITUDE_FACTOR",
    "Spending",
    "absorption",
    "plan_composition",
    "salary_share",
    "plan_changes",
    "draft_to_needs",
    "code_names",
    "read_spending",
    "account_kinds",
    "FLAGS",
    "FLAG_COLUMNS",
    "ABOVE_BUDGET",
    "IMPLAUSIBLE_ABSORPTION",
    "MAX_AMOUNT",
    "absorption_by_period",
    "s_curve",
]

#: The subject of office-wide figures in ``doc.facts``.
OFFICE = "office"
#: The salary sub-activity that :func:`salary_share` sets against the rest.
SALARY_NAME = "Penyediaan Gaji dan Tunjangan ASN"
#: Which figure of a row of :func:`absorption` a headline gives (``reading``), as codes; their words are the
#: catalogue's ``analysis.reading.<code>``.
READINGS: tuple[str, ...] = ("amounts", "stated", "conflict", "none")
#: A written spending this many times (or more) away from the spending its stated percentage implies cannot be
#: that share: the document rejects it (the audit's ``share_magnitude``, renja_lib.check.amounts.MAGNITUDE_FACTOR;
#: a test keeps the two equal).
MAGNITUDE_FACTOR = 10.0
#: An amount followed by its words: ``Rp.4.244.258,00 (empat milyar ... rupiah)`` (as the audit reads it).
_IN_WORDS = re.compile(r"Rp\.?\s*(?P<num>\d[\d.]*(?:,\d+)?)\s*\(\s*(?P<words>[A-Za-z][A-Za-z\s]*?)\s+rupiah\s*\)",
                       re.IGNORECASE)

#: Status of a budget between two stages (plan and forward year, draft and needs), as codes; their words are
#: the catalogue's ``analysis.change.<status>``.
CHANGE_STATUSES: tuple[str, ...] = ("increased", "decreased", "unchanged", "new", "dropped", "no_budget")
_PERIOD_RANK = {p: i for i, p in enumerate(("year", "Q1", "Q2", "Q3", "Q4", "to_date", "year_estimate", "renstra"))}
_LEVEL_RANK = {"office": 0, "urusan": 1, "bidang": 2, "program": 3, "kegiatan": 4, "sub_kegiatan": 5}


# ====================================================================== small helpers
def _decimals_written(token: str, decimal: str = ",") -> int:
    """Decimals of a number as written (``66,60`` -> 2; ``1.234`` with ``decimal=","`` -> 0)."""
    if decimal in token:
        return len(token.rsplit(decimal, 1)[1])
    return 0


def _level(code: str) -> str:
    if code == OFFICE:
        return "office"
    parsed = parse_code(code)
    return parsed.level if parsed else "unknown"


def _programme(code: Any) -> Any:
    if not isinstance(code, str):
        return pd.NA
    parts = code.split(".")
    return ".".join(parts[:3]) if len(parts) >= 3 else pd.NA


def plan_table(doc: Any, usual: str | None = "Tabel 4.1") -> str | None:
    """The label of the document's plan table as it writes it (its table spans'), else ``usual``.

    >>> import renja_lib
    >>> plan_table(renja_lib.load()), plan_table(object(), None)
    ('Tabel 4.1', None)
    """
    return next((str(s.label) for s in getattr(doc, "spans", ()) if getattr(s, "kind", None) == "plan"), usual)


def code_names(doc: Any) -> dict[str, str]:
    """Every code of a document with its name: code -> name.

    The name comes from the plan table (Tabel 4.1, whatever the document numbers it) where it has the code, as
    its names are in title case, else from the first table that names it; ``doc`` is a
    :class:`~renja_lib.read.document.Renja` (or anything with its ``codes`` frame and table ``spans``).

    >>> import renja_lib
    >>> code_names(renja_lib.load())["2.07.03"]
    'Program Pelatihan Kerja dan Produktivitas Tenaga Kerja'
    """
    codes = doc.codes
    order = codes.assign(_plan=(codes["table"] != plan_table(doc))).sort_values(["_plan", "source_line"], kind="stable")
    out: dict[str, str] = {}
    for code, name in zip(order["code"], order["name"]):
        if isinstance(code, str) and isinstance(name, str) and code not in out:
            out[code] = name
    return out



def _status(before: Any, after: Any) -> str:
    b_missing, a_missing = pd.isna(before), pd.isna(after)
    if b_missing and a_missing:
        return "no_budget"
    if b_missing:
        return "new"
    if a_missing:
        return "dropped"
    if after > before:
        return "increased"
    if after < before:
        return "decreased"
    return "unchanged"


def _change_columns(before: pd.Series, after: pd.Series) -> pd.DataFrame:
    """``change`` (a missing side counts as 0), ``change_pct`` (NaN for new codes), ``status`` (a code)."""
    b = before.astype("Int64")
    a = after.astype("Int64")
    both_missing = b.isna() & a.isna()
    change = (a.fillna(0) - b.fillna(0)).mask(both_missing)
    pct = (change.astype("Float64") / b.astype("Float64").where(b > 0) * 100).astype(float)
    status = pd.Series([_status(x, y) for x, y in zip(b, a)], index=before.index, dtype="string")
    return pd.DataFrame({
        "change": change.astype("Int64"),
        "change_pct": pct,
        "status": status,
    }, index=before.index)


def _check_levels(levels: Iterable[str] | None, allowed: Iterable[str], arg: str = "levels") -> list[str] | None:
    if levels is None:
        return None
    if isinstance(levels, str):
        levels = [levels]
    levels = list(levels)
    bad = [lv for lv in levels if lv not in allowed]
    if bad:
        raise RenjaError(Message("errors_analyse.budget.levels", arg=arg, allowed=list(allowed), got=bad))
    return levels


def _check_doc(doc: Any, *attributes: str) -> None:
    missing = [a for a in attributes if not hasattr(doc, a)]
    if missing:
        raise RenjaError(Message("errors_analyse.budget.doc", type=type(doc).__name__, missing=missing))


def _year(doc: Any, year: int | None, which: str = "plan") -> int:
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise RenjaError(Message("errors_analyse.budget.year", got=year))
        return int(year)
    years = doc.years
    if which not in years:
        raise RenjaError(Message(f"errors_analyse.budget.no_year.{which}", years=years), path=doc.path)
    return years[which]


# ====================================================================== absorption from the narrative
@dataclass
class _Figure:
    value: float            # NaN when unreadable or absent
    res: float              # half-width of the rounding of the value as written
    text: str | None        # the number as written
    lines: list[int]
    note: str
    derived: bool = False
    derivation: Message | None = None   # how a derived value was derived, to be written in a language


def _figure_from_facts(rows: pd.DataFrame) -> _Figure | None:
    if rows.empty:
        return None
    values = rows["value"].dropna().unique()
    first = rows.iloc[0]
    tokens = [t for t, _, _ in numbers_in(str(first["quote"]))]
    text, res = None, 0.0
    for token in tokens:
        try:
            parsed = parse_number(token)
        except NumberParseError:
            if pd.isna(first["value"]):
                text = token
            continue
        if not pd.isna(first["value"]) and float(parsed) == float(first["value"]):
            text = token
            res = 0.5 * 10 ** -_decimals_written(token)
            break
    notes = [str(n) for n in rows["note"] if isinstance(n, str) and n]
    lines = sorted({int(x) for x in rows["source_line"]})
    if len(values) > 1:  # the text states different amounts for the same thing: keep neither silently
        notes.append("stated differently at lines " + ", ".join(map(str, lines)))
        return _Figure(math.nan, 0.0, text, lines, "; ".join(notes))
    value = float(values[0]) if len(values) else math.nan
    return _Figure(value, res, text, lines, "; ".join(notes))


_ABSORPTION_COLUMNS = [
    "year", "period", "subject", "level", "programme", "name", "budget", "spending", "absorption",
    "absorption_stated", "absorption_stated_text", "difference_pp", "consistent", "flag", "spending_implied",
    "spending_words", "reading", "absorption_reading", "derived", "derivation", "source_lines", "note",
]


def absorption(doc: Any, *, levels: Iterable[str] | None = None) -> pd.DataFrame:
    """Budget absorption per programme, activity and the office, for every year and period the text reports.

    One row per ``subject`` (a code, or ``"office"``), ``year`` and ``period``
    (``"year"``, ``"Q1"``, ... as in ``doc.facts``) with a stated spending or a
    stated absorption. Columns:

    * ``year``, ``period``, ``subject``, ``level`` (``office``, ``program``,
      ``kegiatan``...), ``programme`` (the programme code), ``name``;
    * ``budget``, ``spending`` (whole rupiah, stated or derived; the budget of a
      quarter's row is the budget of its year);
    * ``absorption``: ``spending / budget x 100`` computed from the amounts;
    * ``absorption_stated`` and ``absorption_stated_text`` (as written);
      ``difference_pp`` = computed - stated;
    * ``consistent``: True when the two agree within the rounding of the figures
      as written, False when they contradict each other, missing when one side is
      missing; ``flag``: ``"contradiction"``, ``"stated_unreadable"``,
      ``"no_figures"`` (a programme of Tabel 2.1 the narrative gives no figure
      for in that year and period: every figure empty) or empty;
    * ``spending_implied``: ``budget x absorption_stated / 100``, the spending the
      stated percentage means; ``spending_words``: the amount the words written
      after the spending say, where they say another amount than the digits;
    * ``reading`` (:data:`READINGS`) and ``absorption_reading``: the absorption a
      headline gives for the row, the one the rest of the document supports (see
      the module docstring); NaN for ``conflict`` and ``none``;
    * ``derived``, ``derivation``: whether an amount of the row is derived, and how;
    * ``source_lines``, ``note`` (the notes of the curated figures).

    ``levels`` keeps only some levels (``["office", "program"]``). The frame holds
    no words: the office's row has no ``name`` (the catalogue's ``analysis.office``
    names it) and ``derivation`` is a :class:`~renja_lib.text.catalogue.Message`
    that the presentation layer writes in its language.

    >>> import renja_lib
    >>> table = absorption(renja_lib.load(), levels=["program"])
    >>> row = table.query("subject == '2.07.03' and year == 2021").iloc[0]
    >>> round(float(row.absorption), 2), float(row.absorption_stated), bool(row.consistent)
    (66.6, 66.6, True)
    """
    _check_doc(doc, "facts", "codes")
    wanted = _check_levels(levels, list(_LEVEL_RANK))
    facts = doc.facts
    money = facts[facts["quantity"].isin(["budget", "spending", "absorption_stated", "total_budget",
                                          "total_spending"])].copy()
    money["quantity"] = money["quantity"].replace({"total_budget": "budget", "total_spending": "spending"})

    budgets: dict[tuple[str, int], _Figure] = {}
    for (subject, year), rows in money[(money["quantity"] == "budget") & (money["period"] == "year")].groupby(
            ["subject", "year"], sort=False):
        fig = _figure_from_facts(rows)
        if fig is not None:
            budgets[(subject, int(year))] = fig
    rows_by_key: dict[tuple[str, int, str], dict[str, _Figure | None]] = {}
    for (subject, year, period), rows in money[money["quantity"] != "budget"].groupby(
            ["subject", "year", "period"], sort=False):
        rows_by_key[(subject, int(year), period)] = {
            "spending": _figure_from_facts(rows[rows["quantity"] == "spending"]),
            "stated": _figure_from_facts(rows[rows["quantity"] == "absorption_stated"]),
        }
    _derive(facts, budgets, rows_by_key)
    for programme, year, period in _without_figures(doc, rows_by_key):
        rows_by_key[(programme, year, period)] = {"spending": None, "stated": None}

    names = code_names(doc)
    records = []
    for (subject, year, period), figs in rows_by_key.items():
        budget = budgets.get((subject, year))
        spending, stated = figs["spending"], figs["stated"]
        b = budget.value if budget else math.nan
        s = spending.value if spending else math.nan
        st = stated.value if stated else math.nan
        consistent = None
        if budget and spending and stated:
            consistent = interval_consistent(b, budget.res, s, spending.res, st, stated.res)
        flag = ""
        if not (budget or spending or stated):
            flag = "no_figures"
        elif consistent is False:
            flag = "contradiction"
        elif stated and math.isnan(st) and stated.text:
            flag = "stated_unreadable"
        derivations = [f.derivation for f in (budget, spending) if f and f.derived and f.derivation]
        notes = [f.note for f in (budget, spending, stated) if f and f.note]
        computed = s / b * 100 if b > 0 and not math.isnan(s) else math.nan
        words = _spending_words(doc, spending) if spending and not spending.derived else None
        reading = _reading(flag, computed, st, words, s, b * st / 100 if not math.isnan(b) else math.nan)
        lines = sorted({ln for f in (budget, spending, stated) if f for ln in f.lines})
        records.append({
            "year": year, "period": period, "subject": subject, "level": _level(subject),
            "programme": _programme(subject) if subject != OFFICE else pd.NA,
            "name": pd.NA if subject == OFFICE else names.get(subject, pd.NA),
            "budget": round(b) if not math.isnan(b) else pd.NA,
            "spending": round(s) if not math.isnan(s) else pd.NA,
            "absorption": computed,
            "absorption_stated": st,
            "absorption_stated_text": (stated.text + " %") if stated and stated.text else pd.NA,
            "consistent": pd.NA if consistent is None else consistent,
            "flag": flag,
            "spending_implied": b * st / 100 if not (math.isnan(b) or math.isnan(st)) else math.nan,
            "spending_words": words if words is not None else pd.NA,
            "reading": reading,
            "absorption_reading": {"amounts": computed, "stated": st}.get(reading, math.nan),
            "derived": bool(derivations),
            "derivation": (derivations[0] if len(derivations) == 1 else
                           Message("analysis.derivation.both", budget=derivations[0], spending=derivations[1])
                           if derivations else pd.NA),
            "source_lines": ", ".join(map(str, lines)),
            "note": "; ".join(notes) if notes else pd.NA,
        })
    frame = pd.DataFrame.from_records(records, columns=[c for c in _ABSORPTION_COLUMNS if c != "difference_pp"])
    frame["difference_pp"] = frame["absorption"] - frame["absorption_stated"]
    frame = frame[_ABSORPTION_COLUMNS]
    if wanted is not None:
        frame = frame[frame["level"].isin(wanted)]
    order = frame.assign(
        _p=frame["period"].map(_PERIOD_RANK),
        _office=frame["subject"] == OFFICE,
    ).sort_values(["year", "_p", "_office", "subject"], kind="stable").index
    frame = frame.loc[order].reset_index(drop=True)
    return frame.astype({
        "year": "int64", "period": "string", "subject": "string", "level": "string", "programme": "string",
        "name": "string", "budget": "Int64", "spending": "Int64", "absorption": "float64",
        "absorption_stated": "float64", "absorption_stated_text": "string", "difference_pp": "float64",
        "consistent": "boolean", "flag": "string", "spending_implied": "float64", "spending_words": "Int64",
        "reading": "string", "absorption_reading": "float64", "derived": "bool",
        "derivation": "object", "source_lines": "string", "note": "string",
    })


def _spending_words(doc: Any, spending: _Figure) -> int | None:
    """The amount the words after a written spending say (``Rp.4.244.258,00 (empat milyar ... rupiah)``), where
    they say another amount than the digits; None when they agree or the text writes no words after it."""
    source = getattr(doc, "source", None)
    if source is None or not spending.text or math.isnan(spending.value):
        return None
    for line in spending.lines:
        try:
            text = source.line(line)
        except (IndexError, KeyError, TypeError, ValueError):
            continue
        for m in _IN_WORDS.finditer(text or ""):
            try:
                figure = float(parse_number(m.group("num")))
            except NumberParseError:
                continue
            words = words_to_int(m.group("words"))
            if figure == spending.value and words is not None and words != figure:
                return words
    return None


def _reading(flag: str, computed: float, stated: float, words: int | None, spending: float, implied: float) -> str:
    """Which figure of a row a headline gives (:data:`READINGS`): the one the rest of the document supports."""
    if flag == "no_figures":
        return "none"
    if flag == "contradiction":
        rejected = words is not None or (spending > 0 and implied > 0 and max(spending, implied) / min(
            spending, implied) >= MAGNITUDE_FACTOR) or (spending <= 0 < implied)
        return "stated" if rejected else "conflict"
    if not math.isnan(computed):
        # a spending whose words say another amount, and no percentage to tell which is right
        return "conflict" if words is not None and math.isnan(stated) else "amounts"
    return "none" if math.isnan(stated) else "stated"


def _without_figures(doc: Any, rows_by_key: dict) -> list[tuple[str, int, str]]:
    """``(programme, year, period)`` of each programme of the evaluation (Tabel 2.1) without a row in one of the
    years and periods the narrative gives figures for (the evaluation year when it gives none)."""
    evaluation = getattr(doc, "evaluation", None)
    if evaluation is None or evaluation.empty or not {"level", "code", "measure"} <= set(evaluation.columns):
        return []
    programmes = list(dict.fromkeys(evaluation.loc[evaluation["level"] == "program", "code"].dropna()))
    keys = list(dict.fromkeys((y, p) for _, y, p in rows_by_key))
    if not keys:
        realised = evaluation.loc[evaluation["measure"] == "realization", "year"].dropna()
        keys = [(int(realised.max()), "year")] if len(realised) else []
    return [(code, int(y), p) for y, p in keys for code in programmes if (code, y, p) not in rows_by_key]


def _derive(facts: pd.DataFrame, budgets: dict[tuple[str, int], _Figure],
            rows_by_key: dict[tuple[str, int, str], dict[str, _Figure | None]]) -> None:
    """Fill in the one programme amount the text gives only implicitly (total minus the others)."""
    for year in sorted({y for _, y, _ in rows_by_key}):
        in_year = facts[facts["year"] == year]
        programmes = sorted({s for s in in_year["subject"] if _level(s) == "program"})
        count = in_year[(in_year["quantity"] == "programme_count") & (in_year["subject"] == OFFICE)]["value"]
        if count.empty or len(set(count)) != 1 or int(count.iloc[0]) != len(programmes):
            continue  # not sure the text names every programme: derive nothing
        office_budget = budgets.get((OFFICE, year))
        if office_budget and not math.isnan(office_budget.value):
            lacking = [p for p in programmes if (p, year) not in budgets]
            others = [p for p in programmes if p not in lacking]
            if len(lacking) == 1 and all(not math.isnan(budgets[(p, year)].value) for p in others):
                rest = sum(budgets[(p, year)].value for p in others)
                value = office_budget.value - rest
                if value > 0:
                    text = Message("analysis.derivation.budget", total=office_budget.value,
                                   lines=", ".join(map(str, office_budget.lines)), others=", ".join(others), rest=rest)
                    lines = sorted({ln for p in others for ln in budgets[(p, year)].lines} | set(office_budget.lines))
                    budgets[(lacking[0], year)] = _Figure(value, office_budget.res + sum(
                        budgets[(p, year)].res for p in others), None, lines, "", True, text)
        for (subject, y, period), figs in list(rows_by_key.items()):
            if subject != OFFICE or y != year or not office_budget:
                continue
            total = _office_spending(office_budget, figs)
            if total is None:
                continue
            value_total, res_total, how = total
            lacking = [p for p in programmes
                       if not (rows_by_key.get((p, year, period), {}).get("spending"))]
            others = [p for p in programmes if p not in lacking]
            if len(lacking) != 1:
                continue
            other_figs = [rows_by_key[(p, year, period)]["spending"] for p in others]
            if any(f is None or math.isnan(f.value) for f in other_figs):
                continue
            rest = sum(f.value for f in other_figs)  # type: ignore[union-attr]
            value = value_total - rest
            if value <= 0:
                continue
            text = Message("analysis.derivation.spending", how=how, others=", ".join(others), rest=rest)
            key = (lacking[0], year, period)
            entry = rows_by_key.setdefault(key, {"spending": None, "stated": None})
            lines = sorted({ln for f in other_figs for ln in f.lines} | set(figs["stated"].lines if figs["stated"]
                                                                              else []))
            entry["spending"] = _Figure(round(value), res_total + sum(f.res for f in other_figs), None, lines,
                                        "", True, text)


def _office_spending(budget: _Figure, figs: dict[str, _Figure | None]) -> tuple[float, float, Message] | None:
    """The office's spending to derive from: the stated amount if the stated percentage agrees, else the implied one."""
    spending, stated = figs.get("spending"), figs.get("stated")
    has_spending = spending is not None and not math.isnan(spending.value)
    has_stated = stated is not None and not math.isnan(stated.value)
    if has_spending:
        ok = (not has_stated) or interval_consistent(budget.value, budget.res, spending.value, spending.res,
                                                        stated.value, stated.res)
        if ok:
            how = Message("analysis.derivation.office_spending", spending=spending.value)
            return spending.value, spending.res, how
    if not has_stated:
        return None
    value = budget.value * stated.value / 100
    res = budget.value * stated.res / 100 + budget.res
    decimals = _decimals_written(stated.text or "")
    conflict = Message("analysis.derivation.written_conflicts", spending=spending.value) if has_spending else ""
    how = Message("analysis.derivation.office_percentage", stated=stated.value, decimals=decimals,
                  budget=budget.value, value=value, margin=res, conflict=conflict)
    return value, res, how


# ====================================================================== plan tables
def _plan_year_frame(doc: Any, year: int) -> pd.DataFrame:
    plan = doc.plan_budget
    rows = plan[plan["year"] == year]
    if rows.empty:
        raise RenjaError(Message("errors_analyse.budget.plan_year", year=year,
                                 years=sorted(plan["year"].dropna().unique().tolist())), path=doc.path)
    return rows


def plan_composition(doc: Any, year: int | None = None, *, levels: Iterable[str] = ("program", "kegiatan")
                     ) -> pd.DataFrame:
    """Each programme's and activity's share of the plan budget (Tabel 4.1) for ``year`` (default: the plan year).

    Columns: ``year``, ``code``, ``level``, ``parent``, ``programme``, ``name``,
    ``budget`` (rupiah; missing where the table writes ``-``),
    ``share_of_total`` (% of the sum of the programmes' budgets, which the
    audit's rule ``stated_total`` compares with the stated total), ``share_of_parent``
    (% of the programme, for an activity; % of the office, for a programme),
    ``source_line``, ``source_table`` (its label as the document writes it). In the order of the table.

    >>> import renja_lib
    >>> comp = plan_composition(renja_lib.load())
    >>> round(float(comp.query("code == '2.07.01'").share_of_total.iloc[0]), 2)
    66.88
    """
    _check_doc(doc, "plan_budget", "years")
    wanted = _check_levels(levels, ["program", "kegiatan", "sub_kegiatan"])
    year = _year(doc, year)
    rows = _plan_year_frame(doc, year)
    total = rows.loc[rows["level"] == "program", "budget"].sum()
    by_code = dict(zip(rows["code"], rows["budget"]))
    out = rows.loc[rows["level"].isin(wanted or [])].reindex(  # a frame without source_table: missing
        columns=["year", "code", "level", "parent", "name", "budget", "source_line", "source_table"])
    out["programme"] = out["code"].map(_programme).astype("string")
    parent_budget = out["parent"].map(by_code).where(out["level"] != "program", total)
    out["share_of_total"] = absorption_percent(out["budget"], pd.Series(total, index=out.index))
    out["share_of_parent"] = absorption_percent(out["budget"], parent_budget.astype("Float64"))
    cols = ["year", "code", "level", "parent", "programme", "name", "budget", "share_of_total", "share_of_parent",
            "source_line", "source_table"]
    return out[cols].reset_index(drop=True).astype({"year": "int64"})


def _norm(text: Any) -> str:
    return " ".join(str(text).casefold().split()) if isinstance(text, str) else ""


def salary_share(doc: Any, year: int | None = None, *, name: str = SALARY_NAME) -> pd.DataFrame:
    """Salaries (``Penyediaan Gaji dan Tunjangan ASN``) against everything else in the plan for ``year``.

    Two rows, ``component`` ``"salaries"`` and ``"other"`` (codes; the catalogue's
    ``analysis.salary.<component>`` has their words), with ``codes`` (the codes whose name is ``name``, ignoring case and
    spacing; a code below another matched code is not counted twice),
    ``budget`` (rupiah), ``share`` (% of the sum of the programmes), ``total`` and ``source_table`` (the plan
    table's label as the document writes it). Raises :class:`RenjaError` when no code has that name.

    >>> import renja_lib
    >>> s = salary_share(renja_lib.load())
    >>> s.set_index("component").loc["salaries", "codes"], round(float(s.share.iloc[0]), 2)
    ('2.07.01.2.02.01', 51.52)
    """
    _check_doc(doc, "plan_budget", "years")
    year = _year(doc, year)
    rows = _plan_year_frame(doc, year)
    matched = rows[rows["name"].map(_norm) == _norm(name)]
    if matched.empty:
        raise RenjaError(Message("errors_analyse.budget.salary_name", year=year, name=name), path=doc.path)
    codes = list(dict.fromkeys(matched["code"]))
    codes = [c for c in codes if not any(c != o and c.startswith(o + ".") for o in codes)]
    salaries = int(matched.loc[matched["code"].isin(codes), "budget"].sum())
    total = int(rows.loc[rows["level"] == "program", "budget"].sum())
    frame = pd.DataFrame({
        "year": [year, year],
        "component": ["salaries", "other"],
        "codes": [", ".join(codes), pd.NA],
        "budget": [salaries, total - salaries],
        "total": [total, total],
        "source_table": [rows["source_table"].iloc[0] if "source_table" in rows else pd.NA] * 2,
    })
    frame["share"] = absorption_percent(frame["budget"], frame["total"])
    return frame[["year", "component", "codes", "budget", "share", "total", "source_table"]].astype({
        "year": "int64", "component": "string", "codes": "string", "budget": "Int64",
        "total": "Int64", "source_table": "string"})


def plan_changes(doc: Any, *, levels: Iterable[str] | None = None) -> pd.DataFrame:
    """Change of every code's budget from the plan year to the forward year (Tabel 4.1).

    The years are ``doc.years["plan"]`` and ``doc.years["forward"]``. Columns:
    ``code``, ``level``, ``parent``, ``programme``, ``name``, ``plan_year``,
    ``forward_year``, ``budget_plan``, ``budget_forward`` (rupiah; missing where
    the table writes ``-`` or has no row), ``change`` (rupiah: a missing side
    counts as 0, so the changes of the programmes add up to the change of the
    total), ``change_pct`` (% of the plan-year budget; missing for a new code),
    ``status`` (:data:`CHANGE_STATUSES`: ``increased``, ``decreased``, ``unchanged``,
    ``new``, ``dropped``, ``no_budget``; the catalogue's ``analysis.change.<status>`` has
    their words), ``source_line`` and ``source_table`` (the table's label as the document writes it).
    In the order of the table.

    >>> import renja_lib
    >>> ch = plan_changes(renja_lib.load(), levels=["program"])
    >>> row = ch.set_index("code").loc["3.32.03"]
    >>> row.status, int(row.change)
    ('new', 36344101)
    """
    _check_doc(doc, "plan_budget", "years")
    wanted = _check_levels(levels, ["program", "kegiatan", "sub_kegiatan"])
    plan_year, forward_year = _year(doc, None, "plan"), _year(doc, None, "forward")
    plan = doc.plan_budget
    rows = plan[plan["year"].isin([plan_year, forward_year])]
    info = rows.drop_duplicates("code").reindex(columns=[  # a frame without source_table: missing
        "code", "level", "parent", "name", "source_line", "source_table"]).set_index("code")
    wide = rows.pivot_table(index="code", columns="year", values="budget", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=[plan_year, forward_year]).reindex(info.index)
    out = info.reset_index()
    out["programme"] = out["code"].map(_programme).astype("string")
    out["plan_year"] = plan_year
    out["forward_year"] = forward_year
    out["budget_plan"] = wide[plan_year].to_numpy()
    out["budget_forward"] = wide[forward_year].to_numpy()
    out = pd.concat([out, _change_columns(out["budget_plan"], out["budget_forward"])], axis=1)
    if wanted is not None:
        out = out[out["level"].isin(wanted)]
    cols = ["code", "level", "parent", "programme", "name", "plan_year", "forward_year", "budget_plan",
            "budget_forward", "change", "change_pct", "status", "source_line", "source_table"]
    return out[cols].sort_values("source_line", kind="stable").reset_index(drop=True).astype({
        "plan_year": "int64", "forward_year": "int64", "budget_plan": "Int64", "budget_forward": "Int64"})


def draft_to_needs(doc: Any, *, levels: Iterable[str] | None = None) -> pd.DataFrame:
    """The RKPD review (Tabel 2.3): first draft against the needs analysis, per line, linked to codes.

    One row per line of the table. Columns: ``group`` (the table's programme
    number), ``code`` (linked by name, see ``code_match``; where only the needs
    side is linked, its code is used for the line and ``code_match`` says
    ``"needs side"``), ``level``, ``programme``, ``name`` (the needs side's, the
    draft side may be cut short), ``indicator``, ``continuation`` (a further
    indicator of the line above, without a budget), ``unit``, ``target_draft``,
    ``target_needs``, ``target_changed``, ``budget_draft``, ``budget_needs``
    (rupiah, converted from the table's Rp.000), ``change``, ``change_pct``,
    ``status`` (as in :func:`plan_changes`), ``budget_plan``
    (the plan-year budget of the code in Tabel 4.1) and ``plan_minus_needs``
    (which can only be rounding, up to Rp 500, when the plan adopted the needs
    analysis), ``code_match``, ``source_line`` and ``source_table``.

    >>> import renja_lib
    >>> t = draft_to_needs(renja_lib.load(), levels=["program"])
    >>> int(t["change"].sum())
    175000000
    """
    _check_doc(doc, "rkpd_review", "plan_budget", "years")
    wanted = _check_levels(levels, ["program", "kegiatan", "sub_kegiatan"])
    review = doc.rkpd_review
    keys = ["source_line", "group"]
    draft = review[review["stage"] == "draft"].drop_duplicates(keys).set_index(keys)
    needs = review[review["stage"] == "needs"].drop_duplicates(keys).set_index(keys)
    index = draft.index.union(needs.index, sort=False)
    draft, needs = draft.reindex(index), needs.reindex(index)
    code = needs["code"].combine_first(draft["code"])
    match = needs["code_match"].combine_first(draft["code_match"])
    match = match.mask(draft["code"].isna() & needs["code"].notna() & draft["name"].notna(), "needs side")
    out = pd.DataFrame({
        "code": code.astype("string"),
        "name": needs["name"].combine_first(draft["name"]).astype("string"),
        "indicator": needs["indicator"].combine_first(draft["indicator"]).astype("string"),
        "continuation": needs["continuation"].combine_first(draft["continuation"]).fillna(False).astype(bool),
        "unit": needs["unit"].combine_first(draft["unit"]).astype("string"),
        "target_draft": draft["target"].astype(float),
        "target_needs": needs["target"].astype(float),
        "budget_draft": draft["budget"].astype("Int64"),
        "budget_needs": needs["budget"].astype("Int64"),
        "code_match": match.astype("string"),
        "source_table": needs.get("source_table", pd.Series(pd.NA, index=index)).combine_first(
            draft.get("source_table", pd.Series(pd.NA, index=index))).astype("string"),
    }, index=index).reset_index()
    out["level"] = out["code"].map(lambda c: _level(c) if isinstance(c, str) else pd.NA).astype("string")
    out["programme"] = out["code"].map(_programme).astype("string")
    differs = (out["target_draft"] != out["target_needs"]) & ~(out["target_draft"].isna() & out["target_needs"].isna())
    unit_differs = (draft["unit"].fillna("").to_numpy() != needs["unit"].fillna("").to_numpy())
    out["target_changed"] = differs | unit_differs
    out = pd.concat([out, _change_columns(out["budget_draft"], out["budget_needs"])], axis=1)
    plan_year = _year(doc, None, "plan")
    plan = doc.plan_budget
    in_plan_year = plan[plan["year"] == plan_year]
    plan_by_code = dict(zip(in_plan_year["code"], in_plan_year["budget"]))
    out["budget_plan"] = out["code"].map(lambda c: plan_by_code.get(c, pd.NA)).astype("Int64")
    out["budget_plan"] = out["budget_plan"].mask(out["continuation"])
    out["plan_minus_needs"] = (out["budget_plan"] - out["budget_needs"]).astype("Int64")
    if wanted is not None:
        out = out[out["level"].isin(wanted)]
    cols = ["group", "code", "level", "programme", "name", "indicator", "continuation", "unit", "target_draft",
            "target_needs", "target_changed", "budget_draft", "budget_needs", "change", "change_pct", "status",
            "budget_plan", "plan_minus_needs", "code_match", "source_line", "source_table"]
    return out[cols].sort_values("source_line", kind="stable").reset_index(drop=True)
