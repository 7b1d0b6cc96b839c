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
  ``spending_implied`` shows the spending the stated percentage would mean. The
  module never picks one of the two.
* **Unreadable percentages** (``1.11%``, which strict Indonesian parsing refuses)
  keep ``absorption_stated`` empty, show the text in ``absorption_stated_text``
  and get ``flag`` ``"stated_unreadable"``.
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
analysis, linked to codes). Years come from ``doc.years``. :func:`budget_checks`
lists the document's own arithmetic.

The user's spending data
------------------------
:func:`read_spending` reads a CSV or Excel (``.xlsx``) file of budget and
spending, one row per account (a code or a name) and period:

==================  ==========================================================
column              header (any case; aliases)
==================  ==========================================================
code                ``code``, ``kode``, ``kode rekening`` (optional)
name                ``name``, ``nama``, ``akun``, ``uraian``, ``account``
                    (code or name required; both allowed)
period              ``period``, ``periode``, ``triwulan``, ``bulan`` (optional:
                    without it every row belongs to the period ``period=``
                    names, ``"total"`` by default)
budget              ``budget``, ``anggaran``, ``pagu``
spending            ``spending``, ``realisasi``
stated absorption   ``persentase``, ``persen``, ``%``, ``serapan``,
                    ``absorption`` (optional; checked like the document's)
unit                ``unit``, ``satuan`` (optional; per row)
==================  ==========================================================

* **Units.** Amounts are in rupiah, ``ribu``, ``juta`` or ``miliar`` (:data:`UNITS`),
  declared by ``unit=``, by a unit column, or in the header of the amount
  columns (``anggaran (miliar)``, ``Pagu (Rp.000)``). At least one declaration
  is required: a budget file read in the wrong unit is off a thousandfold, so
  the unit is never assumed. Declarations that disagree are an error.
* **Numbers.** ``decimal=","`` (the default): Indonesian style, ``.`` groups
  thousands and ``,`` is the decimal mark (``1.234.567,89``), checked strictly
  with Babel, so ``1234567.89`` or ``12.34`` is refused, not misread.
  ``decimal="."``: plain machine style (``1234567.89``), digits with at most one
  ``.`` and no grouping; a comma anywhere is refused. A value valid under both
  rules (``123.456``) is read by the rule declared. Numeric cells of an Excel
  file are numbers already and are taken as they are. An empty cell or ``-``
  is missing, never 0. ``Rp`` before an amount and ``%`` after a percentage
  are allowed.
* **Hierarchy.** By codes (a row's parent is the row whose code is the longest
  dotted prefix of its code, ``2.07.03`` for ``2.07.03.2.01``; codes are written
  canonically when they are programme codes), or by indentation of the names
  (leading spaces, or the indent of an Excel cell; a row's parent is the
  nearest row above it in the same period that is indented less). ``hierarchy=
  "auto"`` uses codes when the file has a code column and indentation
  otherwise. Totals add the top-level rows only, so parent rows are not counted
  twice (a grand-total row such as ``JUMLAH`` at the top level would be: leave it
  out of the file, or follow one account with ``key=``); ``adds_up`` says
  whether a parent equals the sum of its children within the rounding of the
  numbers as written.
* **Periods.** Quarters (``Q1``, ``TW I``, ``Triwulan 1``), halves (``S1``,
  ``Semester I``) and months (``Januari``, ``Jan``, ``2024-01``) are written
  ``Q1``..``Q4``, ``S1``, ``S2``, ``M01``..``M12`` and ordered by calendar;
  other labels keep their text and the order in which they first appear.
  With more than one period, ``cumulative=`` must say whether spending is
  cumulative to the end of each period (``True``, *s/d triwulan*) or spent within
  it (``False``); it is never assumed.
* **Errors.** A missing file or column, text in a number, an unknown unit, a
  period repeated for the same account or a falling cumulative spending raise
  :class:`~renja_lib.errors.RenjaError` naming the file, the row and the column.
* **Flags.** Values that can be read but are not believable are kept as written
  (no row is dropped, nothing is corrected) and listed in ``Spending.flags``
  (:data:`FLAG_COLUMNS`, one row per value, codes in :data:`FLAGS`), which the
  report shows as a warning and charts mark:

  - ``negative``: a negative budget or spending;
  - ``above_budget``: spending above the budget (absorption over
    :data:`ABOVE_BUDGET` = 100 %); ``implausible_absorption`` past
    :data:`IMPLAUSIBLE_ABSORPTION` = 150 %, more than a budget revision or a
    late entry explains; ``spending_without_budget``: spending against a budget
    of 0;
  - ``absurd_amount``: an amount beyond :data:`MAX_AMOUNT` (Rp 10^15, more than
    ten times the largest regional budget in Indonesia) or one too large to hold
    as a number (``1e300`` rupiah, 400 digits). Absorption is not computed from
    it (left empty), since any percentage would be meaningless;
  - ``formula_without_value``: an Excel formula whose result was never saved
    (a workbook written by a program, not by Excel): the value stays missing.

  The first three are about **spending against its budget** and apply to
  spending lines only. In a city's whole budget (APBD realisation, as the
  Ministry of Finance portal exports it) revenue (*Pendapatan*) and financing
  (*Pembiayaan*) above 100 % and a negative *Surplus/(Defisit)* are normal:
  such lines are told apart by name (:func:`account_kinds`) and only checked
  for absurd amounts and missing formula values.

:func:`absorption_by_period` totals the file per period (or lists one depth of
the hierarchy) and :func:`s_curve` gives the cumulative absorption per period
against a planned schedule.
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field as dataclass_field
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from ..parse.codes import parse_code
from ..errors import RenjaError
from ..read.narrative_facts import numbers_in
from ..parse.numbers import NumberParseError, parse_number
from ..read.source import USER_FILE_BYTES, read_file_bytes

__all__ = [
    "UNITS",
    "DECIMAL_MARKS",
    "HIERARCHIES",
    "CHANGE_STATUSES",
    "OFFICE",
    "SALARY_NAME",
    "Spending",
    "absorption",
    "plan_composition",
    "salary_share",
    "plan_changes",
    "draft_to_needs",
    "budget_checks",
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

#: Units of amounts in a user's file, in rupiah.
UNITS: dict[str, int] = {"rupiah": 1, "ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}
_UNIT_ALIASES: dict[str, str] = {
    **{a: "rupiah" for a in ("rupiah", "rp", "rp.", "idr")},
    **{a: "ribu" for a in ("ribu", "rb", "ribuan", "ribu rupiah", "rp.000", "rp 000", "rp. 000", "rp000",
                           "thousand", "thousands")},
    **{a: "juta" for a in ("juta", "jt", "jutaan", "juta rupiah", "rp juta", "million", "millions")},
    **{a: "miliar" for a in ("miliar", "milyar", "miliar rupiah", "milyar rupiah", "rp miliar", "billion",
                             "billions", "bn")},
}
#: Spending above this percentage of the budget is flagged ``above_budget``.
ABOVE_BUDGET = 100.0
#: ... and above this one ``implausible_absorption``: more than a budget revision or a late entry explains.
IMPLAUSIBLE_ABSORPTION = 150.0
#: An amount beyond this many rupiah (Rp 1.000 triliun) is flagged ``absurd_amount``: more than ten times the
#: largest regional budget in Indonesia (DKI Jakarta, about Rp 80 triliun) and a third of the national budget.
MAX_AMOUNT = 1e15
#: Flag codes of ``Spending.flags``, with what each means.
FLAGS: dict[str, str] = {
    "negative": "a negative amount",
    "above_budget": f"spending above the budget (absorption over {ABOVE_BUDGET:g}%)",
    "implausible_absorption": f"spending far above the budget (absorption over {IMPLAUSIBLE_ABSORPTION:g}%)",
    "spending_without_budget": "spending against a budget of 0",
    "absurd_amount": f"an amount beyond {MAX_AMOUNT:.0e} rupiah, or too large to hold as a number",
    "formula_without_value": "an Excel formula whose result was never saved: the value is missing",
}
#: Columns of ``Spending.flags``.
FLAG_COLUMNS: tuple[str, ...] = ("file", "row", "column", "code", "name", "period", "account_kind", "flag", "value",
                                 "what")
#: Kinds of account lines (:func:`account_kinds`); only ``spending`` lines are checked against their budget.
ACCOUNT_KINDS: tuple[str, ...] = ("spending", "revenue", "financing", "surplus")
#: A line whose name starts like this says what kind of account it and the lines under it are.
_ACCOUNT_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("financing", re.compile(r"^(?:pembiayaan|penerimaan\s+pembiayaan|pengeluaran\s+pembiayaan|financing)\b")),
    ("surplus", re.compile(r"^(?:surplus|defisit|deficit|silpa|sisa\s+lebih\s+pembiayaan)\b")),
    ("revenue", re.compile(r"^(?:pendapatan|revenue|income)\b")),
    ("spending", re.compile(r"^(?:belanja|spending|expenditure)\b")),
)
#: Decimal marks a user's file may declare (see the module docstring).
DECIMAL_MARKS: tuple[str, ...] = (",", ".")
#: How the hierarchy of a user's file is given.
HIERARCHIES: tuple[str, ...] = ("auto", "code", "indent", "flat")
#: The subject of office-wide figures in ``doc.facts``.
OFFICE = "office"
#: The salary sub-activity that :func:`salary_share` sets against the rest.
SALARY_NAME = "Penyediaan Gaji dan Tunjangan ASN"

#: Status of a budget between two stages (plan and forward year, draft and needs), with labels.
CHANGE_STATUSES: dict[str, dict[str, str]] = {
    "increased": {"id": "naik", "en": "increased"},
    "decreased": {"id": "turun", "en": "decreased"},
    "unchanged": {"id": "tetap", "en": "unchanged"},
    "new": {"id": "baru", "en": "new"},
    "dropped": {"id": "dihapus", "en": "dropped"},
    "no_budget": {"id": "tanpa anggaran", "en": "no budget"},
}
_OFFICE_NAME = {"id": "Seluruh perangkat daerah", "en": "Whole office"}
_SALARY_LABELS = {"salaries": {"id": "Gaji dan tunjangan ASN", "en": "Civil-servant salaries and allowances"},
                  "other": {"id": "Belanja lainnya", "en": "All other spending"}}
_PERIOD_RANK = {p: i for i, p in enumerate(("year", "Q1", "Q2", "Q3", "Q4", "to_date", "year_estimate", "renstra"))}
_LEVEL_RANK = {"office": 0, "urusan": 1, "bidang": 2, "program": 3, "kegiatan": 4, "sub_kegiatan": 5}
_EPS = 1e-9


# ====================================================================== small helpers
def _check_lang(lang: Any) -> str:
    if lang not in ("id", "en"):
        raise RenjaError(f"lang must be one of ['id', 'en'], got {lang!r}")
    return lang


def _rp(value: float, lang: str) -> str:
    """``Rp 5.063.367.215`` (id) or ``Rp 5,063,367,215`` (en), whole rupiah."""
    return "Rp " + format_decimal(round(value), "#,##0", locale="id" if lang == "id" else "en")


def _pct(value: float, lang: str, decimals: int = 2) -> str:
    pattern = "0." + "0" * decimals if decimals else "0"
    return format_decimal(value, pattern, locale="id" if lang == "id" else "en") + " %"


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


def _code_names(doc: Any) -> dict[str, str]:
    """Code -> name, from the plan table first (its names are in title case), then any table."""
    codes = doc.codes
    order = codes.assign(_plan=(codes["table"] != "Tabel 4.1")).sort_values(["_plan", "source_line"], kind="stable")
    out: dict[str, str] = {}
    for code, name in zip(order["code"], order["name"]):
        if isinstance(code, str) and isinstance(name, str) and code not in out:
            out[code] = name
    return out


def _ratio(num: pd.Series, den: pd.Series) -> pd.Series:
    """``num / den x 100`` as float; NaN where either is missing, ``den`` is not positive, or either is
    not a believable amount (not finite, or beyond :data:`MAX_AMOUNT`)."""
    n = pd.to_numeric(num, errors="coerce").astype(float)
    d = pd.to_numeric(den, errors="coerce").astype(float)
    n = n.where(np.isfinite(n) & (n.abs() <= MAX_AMOUNT))
    d = d.where(np.isfinite(d) & (d.abs() <= MAX_AMOUNT))
    return (n / d.where(d > 0) * 100).astype(float)


def _interval_consistent(budget: float, budget_res: float, spending: float, spending_res: float,
                         stated: float, stated_res: float) -> bool | None:
    """Can the amounts, within their rounding, give a share that rounds to ``stated``?

    ``*_res`` are half-widths: the amount lies in ``value ± res``. None when a figure is missing.
    """
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (budget, spending, stated)):
        return None
    low_b, high_b = budget - budget_res, budget + budget_res
    if high_b <= 0:
        return None
    low = (spending - spending_res) / high_b * 100
    high = (spending + spending_res) / low_b * 100 if low_b > 0 else math.inf
    return bool(low <= stated + stated_res + _EPS and high >= stated - stated_res - _EPS)


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


def _change_columns(before: pd.Series, after: pd.Series, lang: str) -> pd.DataFrame:
    """``change`` (a missing side counts as 0), ``change_pct`` (NaN for new codes), ``status``, ``status_label``."""
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
        "status_label": status.map(lambda s: CHANGE_STATUSES[s][lang]).astype("string"),
    }, index=before.index)


def _check_levels(levels: Iterable[str] | None, allowed: Iterable[str], arg: str = "levels") -> list[str] | None:
    if levels is None:
        return None
    if isinstance(levels, str):
        levels = [levels]
    levels = list(levels)
    bad = [lv for lv in levels if lv not in allowed]
    if bad:
        raise RenjaError(f"{arg} must hold names from {list(allowed)}, got {bad}")
    return levels


def _check_doc(doc: Any, *attributes: str) -> None:
    missing = [a for a in attributes if not hasattr(doc, a)]
    if missing:
        raise RenjaError(f"doc must be a Renja as renja_lib.load() returns it, got {type(doc).__name__} "
                         f"(it lacks {missing})")


def _year(doc: Any, year: int | None, which: str = "plan") -> int:
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
            raise RenjaError(f"year must be a whole year such as 2023, got {year!r}")
        return int(year)
    years = doc.years
    if which not in years:
        raise RenjaError(f"the document's plan table gives no {which} year (doc.years is {years})", path=doc.path)
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
    derivation: str | None = None


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
    "derived", "derivation", "source_lines", "note",
]


def absorption(doc: Any, *, levels: Iterable[str] | None = None, lang: str = "id") -> pd.DataFrame:
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
      missing; ``flag``: ``"contradiction"``, ``"stated_unreadable"`` or empty;
    * ``spending_implied``: ``budget x absorption_stated / 100``, the spending the
      stated percentage means;
    * ``derived``, ``derivation``: whether an amount of the row is derived, and how;
    * ``source_lines``, ``note`` (the notes of the curated figures).

    ``levels`` keeps only some levels (``["office", "program"]``); ``lang`` is the
    language of the office's name and of the derivation text.

    >>> import renja_lib
    >>> table = absorption(renja_lib.load(), levels=["program"])
    >>> row = table.query("subject == '2.07.03' and year == 2021").iloc[0]
    >>> round(float(row.absorption), 2), float(row.absorption_stated), bool(row.consistent)
    (66.6, 66.6, True)
    """
    _check_doc(doc, "facts", "codes")
    _check_lang(lang)
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
    _derive(facts, budgets, rows_by_key, lang)

    names = _code_names(doc)
    records = []
    for (subject, year, period), figs in rows_by_key.items():
        budget = budgets.get((subject, year))
        spending, stated = figs["spending"], figs["stated"]
        b = budget.value if budget else math.nan
        s = spending.value if spending else math.nan
        st = stated.value if stated else math.nan
        consistent = None
        if budget and spending and stated:
            consistent = _interval_consistent(b, budget.res, s, spending.res, st, stated.res)
        flag = ""
        if consistent is False:
            flag = "contradiction"
        elif stated and math.isnan(st) and stated.text:
            flag = "stated_unreadable"
        derivations = [f.derivation for f in (budget, spending) if f and f.derived and f.derivation]
        notes = [f.note for f in (budget, spending, stated) if f and f.note]
        lines = sorted({ln for f in (budget, spending, stated) if f for ln in f.lines})
        records.append({
            "year": year, "period": period, "subject": subject, "level": _level(subject),
            "programme": _programme(subject) if subject != OFFICE else pd.NA,
            "name": _OFFICE_NAME[lang] if subject == OFFICE else names.get(subject, pd.NA),
            "budget": round(b) if not math.isnan(b) else pd.NA,
            "spending": round(s) if not math.isnan(s) else pd.NA,
            "absorption": s / b * 100 if b > 0 and not math.isnan(s) else math.nan,
            "absorption_stated": st,
            "absorption_stated_text": (stated.text + " %") if stated and stated.text else pd.NA,
            "consistent": pd.NA if consistent is None else consistent,
            "flag": flag,
            "spending_implied": b * st / 100 if not (math.isnan(b) or math.isnan(st)) else math.nan,
            "derived": bool(derivations),
            "derivation": " ".join(derivations) if derivations else pd.NA,
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
        "consistent": "boolean", "flag": "string", "spending_implied": "float64", "derived": "bool",
        "derivation": "string", "source_lines": "string", "note": "string",
    })


def _derive(facts: pd.DataFrame, budgets: dict[tuple[str, int], _Figure],
            rows_by_key: dict[tuple[str, int, str], dict[str, _Figure | None]], lang: str) -> None:
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
                    text = {
                        "id": f"Anggaran diturunkan: total perangkat daerah {_rp(office_budget.value, lang)} "
                              f"(baris {', '.join(map(str, office_budget.lines))}) dikurangi anggaran program "
                              f"{', '.join(others)} ({_rp(rest, lang)}).",
                        "en": f"Budget derived: the office total {_rp(office_budget.value, lang)} "
                              f"(line {', '.join(map(str, office_budget.lines))}) minus the budgets of programmes "
                              f"{', '.join(others)} ({_rp(rest, lang)}).",
                    }[lang]
                    lines = sorted({ln for p in others for ln in budgets[(p, year)].lines} | set(office_budget.lines))
                    budgets[(lacking[0], year)] = _Figure(value, office_budget.res + sum(
                        budgets[(p, year)].res for p in others), None, lines, "", True, text)
        for (subject, y, period), figs in list(rows_by_key.items()):
            if subject != OFFICE or y != year or not office_budget:
                continue
            total = _office_spending(office_budget, figs, lang)
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
            text = {
                "id": f"Realisasi diturunkan: {how} dikurangi realisasi program {', '.join(others)} "
                      f"({_rp(rest, lang)}).",
                "en": f"Spending derived: {how} minus the spending of programmes {', '.join(others)} "
                      f"({_rp(rest, lang)}).",
            }[lang]
            key = (lacking[0], year, period)
            entry = rows_by_key.setdefault(key, {"spending": None, "stated": None})
            lines = sorted({ln for f in other_figs for ln in f.lines} | set(figs["stated"].lines if figs["stated"]
                                                                              else []))
            entry["spending"] = _Figure(round(value), res_total + sum(f.res for f in other_figs), None, lines,
                                        "", True, text)


def _office_spending(budget: _Figure, figs: dict[str, _Figure | None], lang: str) -> tuple[float, float, str] | None:
    """The office's spending to derive from: the stated amount if the stated percentage agrees, else the implied one."""
    spending, stated = figs.get("spending"), figs.get("stated")
    has_spending = spending is not None and not math.isnan(spending.value)
    has_stated = stated is not None and not math.isnan(stated.value)
    if has_spending:
        ok = (not has_stated) or _interval_consistent(budget.value, budget.res, spending.value, spending.res,
                                                        stated.value, stated.res)
        if ok:
            how = {"id": f"realisasi perangkat daerah {_rp(spending.value, lang)}",
                   "en": f"the office's spending {_rp(spending.value, lang)}"}[lang]
            return spending.value, spending.res, how
    if not has_stated:
        return None
    value = budget.value * stated.value / 100
    res = budget.value * stated.res / 100 + budget.res
    decimals = _decimals_written(stated.text or "")
    pct = _pct(stated.value, lang, decimals)
    how = {
        "id": f"realisasi perangkat daerah menurut persentase yang dinyatakan ({pct} × {_rp(budget.value, lang)} "
              f"= {_rp(value, lang)} ± {_rp(res, lang)[3:]} karena pembulatan persentase)",
        "en": f"the office's spending by its stated percentage ({pct} × {_rp(budget.value, lang)} "
              f"= {_rp(value, lang)} ± {_rp(res, lang)[3:]} from the rounding of the percentage)",
    }[lang]
    if has_spending:
        left = {"id": f"; angka realisasi yang tertulis, {_rp(spending.value, lang)}, bertentangan dengan "
                      "persentase itu",
                "en": f"; the written spending {_rp(spending.value, lang)} contradicts that percentage"}[lang]
        how = how[:-1] + left + ")"
    return value, res, how


# ====================================================================== plan tables
def _plan_year_frame(doc: Any, year: int) -> pd.DataFrame:
    plan = doc.plan_budget
    rows = plan[plan["year"] == year]
    if rows.empty:
        raise RenjaError(f"the plan table (Tabel 4.1) has no budgets for {year}; it gives "
                         f"{sorted(plan['year'].dropna().unique().tolist())}", path=doc.path)
    return rows


def plan_composition(doc: Any, year: int | None = None, *, levels: Iterable[str] = ("program", "kegiatan"),
                     lang: str = "id") -> pd.DataFrame:
    """Each programme's and activity's share of the plan budget (Tabel 4.1) for ``year`` (default: the plan year).

    Columns: ``year``, ``code``, ``level``, ``parent``, ``programme``, ``name``,
    ``budget`` (rupiah; missing where the table writes ``-``),
    ``share_of_total`` (% of the sum of the programmes' budgets, which
    :func:`budget_checks` compares with the stated total), ``share_of_parent``
    (% of the programme, for an activity; % of the office, for a programme),
    ``source_line``. In the order of the table.

    >>> import renja_lib
    >>> comp = plan_composition(renja_lib.load())
    >>> round(float(comp.query("code == '2.07.01'").share_of_total.iloc[0]), 2)
    66.88
    """
    _check_doc(doc, "plan_budget", "years")
    _check_lang(lang)
    wanted = _check_levels(levels, ["program", "kegiatan", "sub_kegiatan"])
    year = _year(doc, year)
    rows = _plan_year_frame(doc, year)
    total = rows.loc[rows["level"] == "program", "budget"].sum()
    by_code = dict(zip(rows["code"], rows["budget"]))
    out = rows.loc[rows["level"].isin(wanted or []),
                   ["year", "code", "level", "parent", "name", "budget", "source_line"]].copy()
    out["programme"] = out["code"].map(_programme).astype("string")
    parent_budget = out["parent"].map(by_code).where(out["level"] != "program", total)
    out["share_of_total"] = _ratio(out["budget"], pd.Series(total, index=out.index))
    out["share_of_parent"] = _ratio(out["budget"], parent_budget.astype("Float64"))
    cols = ["year", "code", "level", "parent", "programme", "name", "budget", "share_of_total", "share_of_parent",
            "source_line"]
    return out[cols].reset_index(drop=True).astype({"year": "int64"})


def _norm(text: Any) -> str:
    return " ".join(str(text).casefold().split()) if isinstance(text, str) else ""


def salary_share(doc: Any, year: int | None = None, *, name: str = SALARY_NAME, lang: str = "id") -> pd.DataFrame:
    """Salaries (``Penyediaan Gaji dan Tunjangan ASN``) against everything else in the plan for ``year``.

    Two rows, ``component`` ``"salaries"`` and ``"other"``, with ``label`` (in
    ``lang``), ``codes`` (the codes whose name is ``name``, ignoring case and
    spacing; a code below another matched code is not counted twice),
    ``budget`` (rupiah), ``share`` (% of the sum of the programmes) and ``total``.
    Raises :class:`RenjaError` when no code has that name.

    >>> import renja_lib
    >>> s = salary_share(renja_lib.load())
    >>> s.set_index("component").loc["salaries", "codes"], round(float(s.share.iloc[0]), 2)
    ('2.07.01.2.02.01', 51.52)
    """
    _check_doc(doc, "plan_budget", "years")
    _check_lang(lang)
    year = _year(doc, year)
    rows = _plan_year_frame(doc, year)
    matched = rows[rows["name"].map(_norm) == _norm(name)]
    if matched.empty:
        raise RenjaError(f"no code in the plan table for {year} is named {name!r}; pass name= the salary "
                         "sub-activity as the table writes it", path=doc.path)
    codes = list(dict.fromkeys(matched["code"]))
    codes = [c for c in codes if not any(c != o and c.startswith(o + ".") for o in codes)]
    salaries = int(matched.loc[matched["code"].isin(codes), "budget"].sum())
    total = int(rows.loc[rows["level"] == "program", "budget"].sum())
    frame = pd.DataFrame({
        "year": [year, year],
        "component": ["salaries", "other"],
        "label": [_SALARY_LABELS["salaries"][lang], _SALARY_LABELS["other"][lang]],
        "codes": [", ".join(codes), pd.NA],
        "budget": [salaries, total - salaries],
        "total": [total, total],
    })
    frame["share"] = _ratio(frame["budget"], frame["total"])
    return frame[["year", "component", "label", "codes", "budget", "share", "total"]].astype({
        "year": "int64", "component": "string", "label": "string", "codes": "string", "budget": "Int64",
        "total": "Int64"})


def plan_changes(doc: Any, *, levels: Iterable[str] | None = None, lang: str = "id") -> pd.DataFrame:
    """Change of every code's budget from the plan year to the forward year (Tabel 4.1).

    The years are ``doc.years["plan"]`` and ``doc.years["forward"]``. Columns:
    ``code``, ``level``, ``parent``, ``programme``, ``name``, ``plan_year``,
    ``forward_year``, ``budget_plan``, ``budget_forward`` (rupiah; missing where
    the table writes ``-`` or has no row), ``change`` (rupiah: a missing side
    counts as 0, so the changes of the programmes add up to the change of the
    total), ``change_pct`` (% of the plan-year budget; missing for a new code),
    ``status`` (:data:`CHANGE_STATUSES`: ``increased``, ``decreased``, ``unchanged``,
    ``new``, ``dropped``, ``no_budget``), ``status_label`` and ``source_line``.
    In the order of the table.

    >>> import renja_lib
    >>> ch = plan_changes(renja_lib.load(), levels=["program"])
    >>> row = ch.set_index("code").loc["3.32.03"]
    >>> row.status, int(row.change)
    ('new', 36344101)
    """
    _check_doc(doc, "plan_budget", "years")
    _check_lang(lang)
    wanted = _check_levels(levels, ["program", "kegiatan", "sub_kegiatan"])
    plan_year, forward_year = _year(doc, None, "plan"), _year(doc, None, "forward")
    plan = doc.plan_budget
    rows = plan[plan["year"].isin([plan_year, forward_year])]
    info = rows.drop_duplicates("code")[["code", "level", "parent", "name", "source_line"]].set_index("code")
    wide = rows.pivot_table(index="code", columns="year", values="budget", aggfunc="first", dropna=False)
    wide = wide.reindex(columns=[plan_year, forward_year]).reindex(info.index)
    out = info.reset_index()
    out["programme"] = out["code"].map(_programme).astype("string")
    out["plan_year"] = plan_year
    out["forward_year"] = forward_year
    out["budget_plan"] = wide[plan_year].to_numpy()
    out["budget_forward"] = wide[forward_year].to_numpy()
    out = pd.concat([out, _change_columns(out["budget_plan"], out["budget_forward"], lang)], axis=1)
    if wanted is not None:
        out = out[out["level"].isin(wanted)]
    cols = ["code", "level", "parent", "programme", "name", "plan_year", "forward_year", "budget_plan",
            "budget_forward", "change", "change_pct", "status", "status_label", "source_line"]
    return out[cols].sort_values("source_line", kind="stable").reset_index(drop=True).astype({
        "plan_year": "int64", "forward_year": "int64", "budget_plan": "Int64", "budget_forward": "Int64"})


def draft_to_needs(doc: Any, *, levels: Iterable[str] | None = None, lang: str = "id") -> pd.DataFrame:
    """The RKPD review (Tabel 2.3): first draft against the needs analysis, per line, linked to codes.

    One row per line of the table. Columns: ``group`` (the table's programme
    number), ``code`` (linked by name, see ``code_match``; where only the needs
    side is linked, its code is used for the line and ``code_match`` says
    ``"needs side"``), ``level``, ``programme``, ``name`` (the needs side's, the
    draft side may be cut short), ``indicator``, ``continuation`` (a further
    indicator of the line above, without a budget), ``unit``, ``target_draft``,
    ``target_needs``, ``target_changed``, ``budget_draft``, ``budget_needs``
    (rupiah, converted from the table's Rp.000), ``change``, ``change_pct``,
    ``status``, ``status_label`` (as in :func:`plan_changes`), ``budget_plan``
    (the plan-year budget of the code in Tabel 4.1) and ``plan_minus_needs``
    (which can only be rounding, up to Rp 500, when the plan adopted the needs
    analysis), ``code_match`` and ``source_line``.

    >>> import renja_lib
    >>> t = draft_to_needs(renja_lib.load(), levels=["program"])
    >>> int(t["change"].sum())
    175000000
    """
    _check_doc(doc, "rkpd_review", "plan_budget", "years")
    _check_lang(lang)
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
    }, index=index).reset_index()
    out["level"] = out["code"].map(lambda c: _level(c) if isinstance(c, str) else pd.NA).astype("string")
    out["programme"] = out["code"].map(_programme).astype("string")
    differs = (out["target_draft"] != out["target_needs"]) & ~(out["target_draft"].isna() & out["target_needs"].isna())
    unit_differs = (draft["unit"].fillna("").to_numpy() != needs["unit"].fillna("").to_numpy())
    out["target_changed"] = differs | unit_differs
    out = pd.concat([out, _change_columns(out["budget_draft"], out["budget_needs"], lang)], axis=1)
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
            "status_label", "budget_plan", "plan_minus_needs", "code_match", "source_line"]
    return out[cols].sort_values("source_line", kind="stable").reset_index(drop=True)


_CHECK_COLUMNS = ["check", "table", "period", "code", "expected", "found", "difference", "tolerance", "holds",
                  "source_line"]


def budget_checks(doc: Any) -> pd.DataFrame:
    """The document's own budget arithmetic, one row per check.

    * ``plan_total``: Tabel 4.1, the programmes add up to the stated total, per year;
    * ``plan_children``: Tabel 4.1, every programme and activity equals the sum of
      the codes directly below it, per year;
    * ``review_total``: Tabel 2.3, the programmes add up to the stated total per
      stage; amounts in Rp.000 are rounded, so the tolerance is Rp 500 per
      programme with a budget;
    * ``narrative_plan``: a plan-year budget the narrative states (``doc.facts``)
      against Tabel 4.1 (an unreadable narrative figure has ``found`` missing and
      ``holds`` missing).

    Columns: ``check``, ``table``, ``period`` (the year, or the stage of
    Tabel 2.3), ``code``, ``expected`` (the
    stated or parent amount), ``found`` (the sum or the other statement),
    ``difference`` = found - expected, ``tolerance``, ``holds`` (nullable
    boolean), ``source_line``.

    >>> import renja_lib
    >>> checks = budget_checks(renja_lib.load())
    >>> bool(checks["holds"].fillna(True).all())
    True
    """
    _check_doc(doc, "plan_budget", "stated_totals", "rkpd_review", "facts")
    records: list[dict[str, Any]] = []
    plan = doc.plan_budget
    totals = doc.stated_totals
    for _, t in totals[totals["kind"] == "plan"].iterrows():
        year = int(t["year"])
        found = plan.loc[(plan["year"] == year) & (plan["level"] == "program"), "budget"].sum()
        records.append(dict(check="plan_total", table=t["table"], period=str(year), code=pd.NA, expected=t["value"],
                            found=found, tolerance=0, source_line=t["source_line"]))
    for year, rows in plan.groupby("year"):
        by_code = rows.set_index("code")
        for code, row in by_code.iterrows():
            children = rows[rows["parent"] == code]
            if children.empty or pd.isna(row["budget"]):
                continue
            records.append(dict(check="plan_children", table="Tabel 4.1", period=str(int(year)), code=code,
                                expected=row["budget"], found=children["budget"].sum(), tolerance=0,
                                source_line=row["source_line"]))
    review = doc.rkpd_review
    for _, t in totals[totals["kind"] == "rkpd_review"].iterrows():
        stage_rows = review[(review["stage"] == t["stage"]) & ~review["continuation"]]
        progs = stage_rows[stage_rows["code"].map(lambda c: isinstance(c, str) and _level(c) == "program")]
        records.append(dict(check="review_total", table=t["table"], period=t["stage"], code=pd.NA,
                            expected=t["value"], found=progs["budget"].sum(),
                            tolerance=500 * int(progs["budget"].notna().sum()),
                            source_line=t["source_line"]))
    facts = doc.facts
    plan_year = doc.years.get("plan")
    stated = facts[(facts["year"] == plan_year) & facts["quantity"].isin(["budget", "total_budget"])]
    plan_rows = plan[plan["year"] == plan_year]
    for _, f in stated.iterrows():
        if f["subject"] == OFFICE:
            expected = plan_rows.loc[plan_rows["level"] == "program", "budget"].sum()
        else:
            match = plan_rows.loc[plan_rows["code"] == f["subject"], "budget"]
            expected = match.iloc[0] if len(match) else pd.NA
        records.append(dict(check="narrative_plan", table="narrative", period=str(plan_year),
                            code=f["subject"], expected=expected,
                            found=round(f["value"]) if not pd.isna(f["value"]) else pd.NA, tolerance=0,
                            source_line=f["source_line"]))
    frame = pd.DataFrame.from_records(records, columns=[c for c in _CHECK_COLUMNS if c not in ("difference", "holds")])
    frame = frame.astype({"check": "string", "table": "string", "period": "string", "code": "string",
                          "expected": "Int64", "found": "Int64", "tolerance": "Int64", "source_line": "Int64"})
    frame["difference"] = frame["found"] - frame["expected"]
    frame["holds"] = (frame["difference"].abs() <= frame["tolerance"]).astype("boolean")
    return frame[_CHECK_COLUMNS].reset_index(drop=True)


# ====================================================================== the user's spending data
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "kode", "koderekening", "kodeakun", "kodeprogram"),
    "name": ("name", "nama", "akun", "uraian", "account", "namaakun", "program", "kegiatan"),
    "period": ("period", "periode", "triwulan", "tribulan", "bulan", "quarter", "month"),
    "budget": ("budget", "anggaran", "pagu", "paguanggaran"),
    "spending": ("spending", "realisasi", "realisasianggaran"),
    "absorption_stated": ("persentase", "persen", "%", "serapan", "absorption", "penyerapan"),
    "unit": ("unit", "satuan"),
}
_ALIAS_TO_FIELD = {a: field for field, aliases in _COLUMN_ALIASES.items() for a in aliases}
_AMOUNT_FIELDS = ("budget", "spending")
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]*)[\)\]]\s*$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS = {
    **{m: i + 1 for i, m in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                       "september", "oktober", "november", "desember"))},
    **{m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"))},
    **{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt",
                                       "nov", "des"))},
    **{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"))},
    "agt": 8, "ags": 8, "sept": 9,
}
_QUARTER = re.compile(r"^(?:q|tw|triwulan|tribulan|quarter|kuartal)[\s\-_.]*(?P<n>[1-4]|i{1,3}|iv)$")
_HALF = re.compile(r"^(?:s|smt|semester|half|h)[\s\-_.]*(?P<n>[12]|i{1,2})$")
_ISO_MONTH = re.compile(r"^\d{4}-(?P<m>0[1-9]|1[0-2])$")
_MACHINE_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_RP_PREFIX = re.compile(r"^rp\.?\s*", re.I)


def _field(header: str) -> tuple[str | None, str | None]:
    """Header -> (field, unit written in it)."""
    text = header.strip()
    unit = None
    m = _HEADER_UNIT.match(text)
    if m and m.group("name"):
        text, unit = m.group("name"), m.group("unit").strip()
    key = re.sub(r"[\s_\-]+", "", text.casefold())
    return _ALIAS_TO_FIELD.get(key), unit


def _unit_name(text: str) -> str | None:
    return _UNIT_ALIASES.get(" ".join(text.casefold().split()))


def _period_key(label: str) -> tuple[str, int] | None:
    """``("Q2", 6)``: canonical label and the month the period ends in, or None when not recognised."""
    t = " ".join(label.casefold().split())
    m = _QUARTER.match(t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else _ROMAN[m.group("n")]
        return f"Q{n}", 3 * n
    m = _HALF.match(t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else _ROMAN[m.group("n")]
        return f"S{n}", 6 * n
    m = _ISO_MONTH.match(t)
    if m:
        return f"M{m.group('m')}", int(m.group("m"))
    if t in _MONTHS:
        return f"M{_MONTHS[t]:02d}", _MONTHS[t]
    return None


@dataclass(frozen=True, eq=False)
class Spending:
    """A user's spending file as read by :func:`read_spending`.

    ``frame`` has one row per account and period (columns below); ``path``,
    ``unit`` (the declared unit of the file's amounts; ``frame`` is in rupiah),
    ``decimal``, ``cumulative`` (how the file gives spending; None for one
    period) and ``hierarchy`` (``"code"``, ``"indent"`` or ``"flat"``) say how it
    was read.

    ``frame`` columns: ``row`` (row of the file), ``period`` (canonical when
    recognised), ``period_raw``, ``period_order``, ``code``, ``level`` (of a
    programme code), ``name``, ``path`` (names from the top, joined with
    ``" > "``), ``depth`` (0 at the top), ``parent_row``, ``is_leaf``,
    ``budget``, ``spending`` (rupiah, as the file gives it), ``spending_period``,
    ``spending_cumulative``, ``absorption_period``, ``absorption_cumulative`` (%),
    ``absorption_stated``, ``consistent``, ``adds_up``, ``account_kind``
    (:data:`ACCOUNT_KINDS`), ``flags`` (the row's flag codes joined with
    ``", "``; empty when none).

    ``flags`` lists every value that was read but is not believable, one row per
    value (:data:`FLAG_COLUMNS`; codes in :data:`FLAGS`): ``row`` and ``column``
    of the file, the account's ``code``/``name``, ``period``, the ``value`` as
    read (rupiah, or % for an absorption; empty for a formula without a value)
    and ``what`` in words.
    """

    frame: pd.DataFrame
    path: Path
    unit: str
    decimal: str
    cumulative: bool | None
    hierarchy: str
    flags: pd.DataFrame = dataclass_field(default_factory=lambda: _flag_frame([]))


class _Uncalculated:
    """An Excel formula cell without a saved result (``data_only=True`` reads it as empty)."""

    def __init__(self, formula: Any):
        self.formula = str(formula)

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"formula {self.formula!r} without a saved value"


def _flag_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(FLAG_COLUMNS))
    return frame.astype({"file": "string", "row": "int64", "column": "string", "code": "string", "name": "string",
                         "period": "string", "account_kind": "string", "flag": "string", "value": "float64",
                         "what": "string"})


def _file_error(path: Path, row: int | None, column: str | None, message: str) -> RenjaError:
    where = ""
    if row is not None:
        where = f"row {row}"
        if column is not None:
            where += f", column {column!r}"
        where += ": "
    return RenjaError(where + message, path=path, line=row)


def _read_table(path: Path, sheet: str | int | None, delimiter: str | None) -> list[tuple[int, list[Any], list[int]]]:
    """Rows of the file as (row number, cells, Excel indents)."""
    suffix = path.suffix.casefold()
    if suffix == ".xls":
        raise RenjaError("old Excel .xls files cannot be read; save the file as .xlsx or CSV", path=path)
    # a folder, a device or a pipe, a file too large: one message before anything reads it
    data = read_file_bytes(path, what="a CSV or .xlsx file of budget and spending", limit=USER_FILE_BYTES)
    if not data:
        raise RenjaError("the file is empty (expected a header row such as code,period,budget,spending)", path=path)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, sheet)
    if sheet is not None:
        raise RenjaError(f"sheet= applies to Excel files only, got sheet={sheet!r} for a CSV file", path=path)
    if b"\x00" in data[:4096]:
        raise RenjaError("this is a binary file, not CSV text; save it as CSV (UTF-8) or .xlsx", path=path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:  # the one declared fallback, as for documents (renja_lib.read.source)
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise RenjaError("neither UTF-8 nor cp1252 text; save the CSV as UTF-8", path=path) from None
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), "")
    if delimiter is None:
        candidates = [d for d in (",", ";", "\t") if d in first]
        if len(candidates) != 1:
            raise _file_error(path, 1, None,
                              f"cannot tell the delimiter from the header {first!r} (it holds "
                              f"{candidates or 'none'} of ',', ';', tab); pass delimiter=")
        delimiter = candidates[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out = []
    for record in reader:
        out.append((reader.line_num, record, [0] * len(record)))
    return out


def _read_xlsx(path: Path, sheet: str | int | None) -> list[tuple[int, list[Any], list[int]]]:
    import openpyxl  # imported here: reading a document does not need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = openpyxl.load_workbook(path, data_only=True)
        # the formulas themselves: a formula whose result was never saved reads as empty above
        formulas = openpyxl.load_workbook(path, data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RenjaError(f"cannot open as an Excel workbook ({type(exc).__name__}); save it as .xlsx", path=path) \
            from None
    if sheet is None:
        ws = book.worksheets[0]
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(book.worksheets):
            raise RenjaError(f"sheet={sheet} is out of range; the workbook has {len(book.worksheets)} sheet(s)",
                             path=path)
        ws = book.worksheets[sheet]
    elif isinstance(sheet, str) and sheet in book.sheetnames:
        ws = book[sheet]
    else:
        raise RenjaError(f"no sheet {sheet!r}; the workbook has {book.sheetnames}", path=path)
    with_formulas = formulas[ws.title]
    out = []
    for row in ws.iter_rows():
        cells: list[Any] = [c.value for c in row]
        for i, c in enumerate(row):
            if c.value is None and c.row is not None and c.column is not None:
                written = with_formulas.cell(row=c.row, column=c.column)
                if written.data_type == "f" or (isinstance(written.value, str) and written.value.startswith("=")):
                    formula = getattr(written.value, "text", written.value)  # an array formula keeps its text
                    cells[i] = _Uncalculated(formula)
        indents = [int(c.alignment.indent or 0) if c.alignment is not None else 0 for c in row]
        out.append((row[0].row if row else 0, cells, indents))
    return out


def _parse_amount(cell: Any, decimal: str, *, percent: bool = False) -> tuple[float, float, str] | None:
    """A cell as (value, half-width of its rounding, text); None when missing. Raises ValueError with a reason."""
    if cell is None or isinstance(cell, _Uncalculated):  # a formula without its value: missing (and flagged)
        return None
    if isinstance(cell, bool):
        raise ValueError("expected a number, found a true/false value")
    if isinstance(cell, (int, float, np.integer, np.floating)) and not isinstance(cell, bool):
        value = float(cell)
        if math.isnan(value):
            return None
        return value, 0.0, repr(cell)
    if not isinstance(cell, str):
        raise ValueError(f"expected a number, found {type(cell).__name__} {cell!r}")
    text = cell.strip().replace("\u00a0", " ")
    if text in ("", "-", "–", "—"):
        return None
    body = _RP_PREFIX.sub("", text) if not percent else text
    if percent and body.endswith("%"):
        body = body[:-1].strip()
    if decimal == ",":
        try:
            value = parse_number(body)
        except NumberParseError:
            hint = ""
            if _MACHINE_NUMBER.match(body) and "." in body:
                hint = " (the file seems to write decimals with a point: pass decimal='.')"
            raise ValueError(f"expected a number written the Indonesian way, such as 1.234.567,89, found "
                             f"{cell!r}{hint}") from None
        return float(value), 0.5 * 10 ** -_decimals_written(body, ","), text
    if not _MACHINE_NUMBER.match(body):
        hint = " (with decimal='.' write plain numbers without grouping, such as 1234567.89)" if "," in body else ""
        raise ValueError(f"expected a plain number such as 1234567.89, found {cell!r}{hint}")
    value = Decimal(body)
    return float(value), 0.5 * 10 ** -_decimals_written(body, "."), text


def read_spending(
    path: str | Path,
    unit: str | None = None,
    *,
    decimal: str = ",",
    cumulative: bool | None = None,
    hierarchy: str = "auto",
    period: str = "total",
    sheet: str | int | None = None,
    delimiter: str | None = None,
) -> Spending:
    """Read a user's budget and spending file (CSV or ``.xlsx``); see the module docstring for its shape.

    ``unit`` (:data:`UNITS`: ``"rupiah"``, ``"ribu"``, ``"juta"``, ``"miliar"``)
    declares the unit of the amounts, unless the file declares it; ``decimal``
    (``","`` Indonesian, ``"."`` machine) how text numbers are written;
    ``cumulative`` whether spending is cumulative to each period's end (required
    when the file has several periods); ``hierarchy`` one of :data:`HIERARCHIES`;
    ``period`` the period of every row when the file has no period column;
    ``sheet`` the Excel sheet (name or 0-based position; default the first);
    ``delimiter`` of a CSV (default: told from the header, ``,`` ``;`` or tab).

    Raises :class:`RenjaError` naming the file, row and column for a bad file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "realisasi.csv"
    >>> _ = p.write_text('akun,anggaran,realisasi\\nBELANJA,"2,50","1,25"\\n  Belanja Pegawai,"1,50","1,00"\\n'
    ...                  '  Belanja Barang,"1,00","0,25"\\n', encoding="utf-8")
    >>> sp = read_spending(p, unit="miliar")
    >>> sp.frame[["name", "depth", "budget", "absorption_period"]].values.tolist()[0]
    ['BELANJA', 0, 2500000000.0, 50.0]
    """
    p = Path(path)
    if unit is not None and (not isinstance(unit, str) or _unit_name(unit) is None):
        raise RenjaError(f"unit must be one of {list(UNITS)}, got {unit!r}")
    unit = _unit_name(unit) if unit is not None else None
    if decimal not in DECIMAL_MARKS:
        raise RenjaError(f"decimal must be one of {list(DECIMAL_MARKS)} (',' for 1.234,56; '.' for 1234.56), "
                         f"got {decimal!r}")
    if hierarchy not in HIERARCHIES:
        raise RenjaError(f"hierarchy must be one of {list(HIERARCHIES)}, got {hierarchy!r}")
    if cumulative is not None and not isinstance(cumulative, bool):
        raise RenjaError(f"cumulative must be True, False or None, got {cumulative!r}")
    if not isinstance(period, str) or not period.strip():
        raise RenjaError(f"period must be a label such as 'total' or 'Q2', got {period!r}")
    table = _read_table(p, sheet, delimiter)
    rows = [(n, cells, ind) for n, cells, ind in table if any(_cell_text(c) for c in cells)]
    if not rows:
        raise RenjaError("the file has no rows (expected a header row such as code,period,budget,spending)", path=p)
    header_row, header, _ = rows[0]
    fields: dict[str, int] = {}
    header_units: dict[str, str] = {}
    for i, cell in enumerate(header):
        text = _cell_text(cell)
        if not text:
            continue
        field, written_unit = _field(text)
        if field is None:
            raise _file_error(p, header_row, text,
                              "unknown column; the columns are code/kode, name/nama/akun/uraian, period/periode, "
                              "budget/anggaran/pagu, spending/realisasi, persentase and unit/satuan")
        if field in fields:
            raise _file_error(p, header_row, text, f"a second column for {field!r}")
        fields[field] = i
        if written_unit is not None:
            if field not in (*_AMOUNT_FIELDS,) and field != "absorption_stated":
                raise _file_error(p, header_row, text, "only amount columns may carry a unit in brackets")
            if field in _AMOUNT_FIELDS:
                name = _unit_name(written_unit)
                if name is None:
                    raise _file_error(p, header_row, text,
                                      f"unknown unit {written_unit!r}; expected one of {list(UNITS)}")
                header_units[field] = name
    missing = [f for f in _AMOUNT_FIELDS if f not in fields]
    if "code" not in fields and "name" not in fields:
        missing.insert(0, "code or name")
    if missing:
        raise _file_error(p, header_row, missing[0],
                          f"missing column(s) {missing}; found {[_cell_text(c) for c in header if _cell_text(c)]}")
    declared = set(header_units.values()) | ({unit} if unit else set())
    if len(declared) > 1:
        raise _file_error(p, header_row, None,
                          f"the unit is declared differently: {sorted(declared)} (unit= and the column headers)")
    if hierarchy == "code" and "code" not in fields:
        raise RenjaError("hierarchy='code' needs a code column", path=p)
    if hierarchy == "indent" and "name" not in fields:
        raise RenjaError("hierarchy='indent' needs a name column", path=p)
    how = hierarchy if hierarchy != "auto" else ("code" if "code" in fields else "indent")

    records = []
    for number, cells, indents in rows[1:]:
        def cell(field: str) -> Any:
            i = fields.get(field)
            return cells[i] if i is not None and i < len(cells) else None

        def column(field: str) -> str:
            return _cell_text(header[fields[field]])

        row_unit = None
        if "unit" in fields:
            raw_unit = _cell_text(cell("unit"))
            if raw_unit:
                row_unit = _unit_name(raw_unit)
                if row_unit is None:
                    raise _file_error(p, number, column("unit"),
                                      f"unknown unit {raw_unit!r}; expected one of {list(UNITS)}")
                if declared and row_unit not in declared:
                    raise _file_error(p, number, column("unit"),
                                      f"unit {row_unit!r} contradicts the declared unit {sorted(declared)[0]!r}")
        use_unit = row_unit or (next(iter(declared)) if declared else None)
        if use_unit is None:
            raise _file_error(p, number, column("budget"),
                              f"no unit declared for the amounts: pass unit= one of {list(UNITS)}, add a "
                              "unit/satuan column, or write it in the header, e.g. 'anggaran (juta)'")
        factor = UNITS[use_unit]
        values: dict[str, Any] = {}
        for field in (*_AMOUNT_FIELDS, "absorption_stated"):
            if field not in fields:
                values[field] = None
                continue
            try:
                values[field] = _parse_amount(cell(field), decimal, percent=field == "absorption_stated")
            except ValueError as exc:
                raise _file_error(p, number, column(field), str(exc)) from None
        for field in ("code", "period"):
            if field in fields and isinstance(cell(field), _Uncalculated):
                raise _file_error(p, number, column(field),
                                  f"{cell(field)!r}: open the file in Excel (or LibreOffice) and save it, so that "
                                  "the result is stored, or write the value itself")
        uncalculated = [column(f) for f in ("name", *_AMOUNT_FIELDS, "absorption_stated")
                        if f in fields and isinstance(cell(f), _Uncalculated)]
        code_raw = _cell_text(cell("code")) if "code" in fields else ""
        name_cell = cell("name") if "name" in fields else None
        name_raw = name_cell if isinstance(name_cell, str) else ("" if name_cell is None else str(name_cell))
        indent = 0
        if "name" in fields:
            lead = name_raw[: len(name_raw) - len(name_raw.lstrip(" \u00a0\t"))]
            if "\t" in lead:
                raise _file_error(p, number, column("name"), "indented with a tab; indent names with spaces")
            excel_indent = indents[fields["name"]] if fields["name"] < len(indents) else 0
            indent = len(lead) + 4 * excel_indent
        if not code_raw and not name_raw.strip():
            raise _file_error(p, number, column("code") if "code" in fields else column("name"),
                              "the row has amounts but neither a code nor a name")
        if how == "code" and not code_raw:
            raise _file_error(p, number, column("code"), "empty code (the hierarchy is read from the codes)")
        parsed = parse_code(code_raw) if code_raw else None
        period_raw = _cell_text(cell("period")) if "period" in fields else period
        if "period" in fields and not period_raw:
            raise _file_error(p, number, column("period"), "empty period")
        budget, spending, stated = values["budget"], values["spending"], values["absorption_stated"]
        records.append({
            "row": number,
            "period_raw": period_raw,
            "code": (parsed.canonical if parsed else code_raw) or None,
            "level": parsed.level if parsed else None,
            "name": name_raw.strip() or None,
            "indent": indent,
            "budget": budget[0] * factor if budget else math.nan,
            "budget_res": budget[1] * factor if budget else 0.0,
            "spending": spending[0] * factor if spending else math.nan,
            "spending_res": spending[1] * factor if spending else 0.0,
            "absorption_stated": stated[0] if stated else math.nan,
            "stated_res": stated[1] if stated else 0.0,
            "uncalculated": uncalculated,
        })
    if not records:
        raise RenjaError("the file has a header but no data rows", path=p)
    frame = pd.DataFrame.from_records(records)
    frame = _periods(frame)
    periods = frame["period"].unique()
    if len(periods) > 1 and cumulative is None:
        raise RenjaError(f"the file has {len(periods)} periods ({', '.join(map(str, periods))}): pass "
                         "cumulative=True if spending is cumulative to the end of each period (s/d triwulan), "
                         "cumulative=False if it is spent within each period", path=p)
    frame = _hierarchy(frame, how, p, {f: _column_name(header, fields, f) for f in fields})
    frame = _flows(frame, cumulative if len(periods) > 1 else False, p, _column_name(header, fields, "spending"))
    uncalculated = dict(zip(frame["row"], frame["uncalculated"]))
    finished = _finish(frame)
    finished, flags = _flag_values(finished, p, {f: _column_name(header, fields, f) for f in fields}, uncalculated)
    return Spending(finished, p, next(iter(declared)) if declared else "per row", decimal,
                    cumulative if len(periods) > 1 else None, how, flags)


def account_kinds(frame: pd.DataFrame) -> list[str]:
    """The kind of each account line of a spending frame: ``spending``, ``revenue``, ``financing``, ``surplus``.

    A line whose name starts with *Belanja*, *Pendapatan*, *Pembiayaan* (or
    *Penerimaan/Pengeluaran Pembiayaan*), *Surplus*/*Defisit* or *SILPA* (or the
    English words) is of that kind. Any other line takes the kind of its parent
    when it has one; a top-level line takes the kind of the line above it in the
    same period (a budget file flattened to one level keeps its sections:
    *Pendapatan Daerah*, then its accounts, until *Belanja Daerah*). Lines before
    any such name, and files without them (an office's programmes), are
    spending.
    """
    names = [(n if isinstance(n, str) else "") for n in frame["name"].astype(object).where(frame["name"].notna(), "")]
    kinds: list[str] = ["spending"] * len(frame)
    by_row: dict[tuple[str, int], int] = {}
    last_in_period: dict[str, str] = {}
    order = sorted(range(len(frame)), key=lambda i: (str(frame["period"].iloc[i]), int(frame["row"].iloc[i])))
    for i in order:
        period = str(frame["period"].iloc[i])
        text = " ".join(names[i].casefold().split())
        named = next((kind for kind, pattern in _ACCOUNT_NAMES if pattern.match(text)), None)
        parent = frame["parent_row"].iloc[i]
        if named is not None:
            kinds[i] = named
        elif not pd.isna(parent) and (period, int(parent)) in by_row:
            kinds[i] = kinds[by_row[(period, int(parent))]]
        else:
            kinds[i] = last_in_period.get(period, "spending")
        by_row[(period, int(frame["row"].iloc[i]))] = i
        last_in_period[period] = kinds[i]
    return kinds


def _flag_values(frame: pd.DataFrame, path: Path, headers: dict[str, str],
                 uncalculated: Mapping[int, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame with ``account_kind`` and ``flags`` columns, and the table of flags (see :class:`Spending`)."""
    kinds = account_kinds(frame)
    records: list[dict[str, Any]] = []
    per_row: list[list[str]] = [[] for _ in range(len(frame))]
    budget_col, spending_col = headers.get("budget", "budget"), headers.get("spending", "spending")

    def add(i: int, column: str, flag: str, value: float, what: str) -> None:
        r = frame.iloc[i]
        records.append({"file": path.name, "row": int(r["row"]), "column": column,
                        "code": None if pd.isna(r["code"]) else str(r["code"]),
                        "name": None if pd.isna(r["name"]) else str(r["name"]), "period": str(r["period"]),
                        "account_kind": kinds[i], "flag": flag, "value": value, "what": what})
        if flag not in per_row[i]:
            per_row[i].append(flag)

    for i in range(len(frame)):
        r = frame.iloc[i]
        for column in uncalculated.get(int(r["row"]), []):
            add(i, column, "formula_without_value", math.nan, FLAGS["formula_without_value"])
        amounts = ((budget_col, "budget", r["budget"]), (spending_col, "spending", r["spending"]))
        for column, what, value in amounts:
            if pd.notna(value) and (not math.isfinite(value) or abs(value) > MAX_AMOUNT):
                add(i, column, "absurd_amount", float(value),
                    f"{what} of {value:.6g} rupiah: beyond {MAX_AMOUNT:.0e} rupiah, no absorption is computed")
        if kinds[i] != "spending":
            continue  # revenue or financing above 100 %, a negative surplus: normal in a budget file
        for column, what, value in amounts:
            if pd.notna(value) and value < 0:
                add(i, column, "negative", float(value), f"negative {what}: {value:,.0f} rupiah")
        budget_value = r["budget"]
        spent = r["spending_cumulative"] if pd.notna(r["spending_cumulative"]) else r["spending"]
        share = r["absorption_cumulative"] if pd.notna(r["absorption_cumulative"]) else r["absorption_period"]
        if pd.notna(share) and share > IMPLAUSIBLE_ABSORPTION:
            add(i, spending_col, "implausible_absorption", float(share),
                f"spending is {share:.2f}% of the budget: over {IMPLAUSIBLE_ABSORPTION:g}%, not believable")
        elif pd.notna(share) and share > ABOVE_BUDGET:
            add(i, spending_col, "above_budget", float(share),
                f"spending is {share:.2f}% of the budget: over {ABOVE_BUDGET:g}%")
        elif budget_value == 0 and pd.notna(spent) and spent > 0 and math.isfinite(spent):
            add(i, spending_col, "spending_without_budget", float(spent),
                f"spending of {spent:,.0f} rupiah against a budget of 0")
    out = frame.copy()
    out["account_kind"] = pd.array(kinds, dtype="string")
    out["flags"] = pd.array([", ".join(f) for f in per_row], dtype="string")
    return out, _flag_frame(records)


def _cell_text(cell: Any) -> str:
    if cell is None or isinstance(cell, _Uncalculated):
        return ""
    return str(cell).strip()


def _column_name(header: list[Any], fields: dict[str, int], field: str) -> str:
    return _cell_text(header[fields[field]])


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [_period_key(str(p)) for p in frame["period_raw"]]
    recognised = all(k is not None for k in keys)
    out = frame.copy()
    out["period"] = [k[0] if k else str(p) for k, p in zip(keys, frame["period_raw"])]
    if recognised:
        ends = {k[0]: (k[1], k[0][0]) for k in keys if k}
        ordered = sorted(ends, key=lambda lab: (ends[lab][0], {"M": 0, "Q": 1, "S": 2}.get(ends[lab][1], 3)))
    else:
        ordered = list(dict.fromkeys(out["period"]))
    out["period_order"] = out["period"].map({lab: i + 1 for i, lab in enumerate(ordered)})
    return out


def _hierarchy(frame: pd.DataFrame, how: str, path: Path, headers: dict[str, str]) -> pd.DataFrame:
    """Parent row, depth and name path of every row, period by period (plain lists: files can be long)."""
    rows = frame["row"].tolist()
    codes = frame["code"].tolist()
    names = frame["name"].tolist()
    labels = [n if isinstance(n, str) else c for n, c in zip(names, codes)]
    indents = frame["indent"].tolist()
    periods = frame["period"].tolist()
    parent: list[int | None] = [None] * len(rows)
    depth = [0] * len(rows)
    paths = [""] * len(rows)
    by_period: dict[str, list[int]] = {}
    for i, per in enumerate(periods):
        by_period.setdefault(per, []).append(i)

    def duplicate(i: int, first: int, field: str, what: str) -> RenjaError:
        return _file_error(path, rows[i], headers.get(field, field),
                           f"{what!r} appears twice in period {periods[i]!r} (first at row {rows[first]})")

    for positions in by_period.values():
        if how == "code":
            by_code: dict[str, int] = {}
            for i in positions:
                if codes[i] in by_code:
                    raise duplicate(i, by_code[codes[i]], "code", codes[i])
                by_code[codes[i]] = i
            for i in positions:
                parts = codes[i].split(".")
                parent[i] = next((by_code[".".join(parts[:cut])] for cut in range(len(parts) - 1, 0, -1)
                                  if ".".join(parts[:cut]) in by_code), None)
            for i in positions:
                chain, cur = [], i
                while cur is not None:
                    chain.append(cur)
                    cur = parent[cur]
                depth[i] = len(chain) - 1
                paths[i] = " > ".join(str(labels[j]) for j in reversed(chain))
        elif how == "indent":
            stack: list[int] = []
            for i in positions:
                while stack and indents[stack[-1]] >= indents[i]:
                    stack.pop()
                parent[i] = stack[-1] if stack else None
                depth[i] = len(stack)
                paths[i] = " > ".join([*(str(labels[j]) for j in stack), str(labels[i])])
                stack.append(i)
        else:
            for i in positions:
                paths[i] = str(labels[i])
        if how != "code":
            seen: dict[str, int] = {}
            for i in positions:
                if paths[i] in seen:
                    raise duplicate(i, seen[paths[i]], "name" if "name" in headers else "code", paths[i])
                seen[paths[i]] = i
    out = frame.copy()
    out["parent_row"] = pd.array([rows[j] if j is not None else pd.NA for j in parent], dtype="Int64")
    out["depth"] = depth
    out["path"] = paths
    out["key"] = out["code"] if how == "code" else out["path"]
    return out


def _flows(frame: pd.DataFrame, cumulative: bool, path: Path, spending_column: str) -> pd.DataFrame:
    out = frame.sort_values(["period_order", "row"], kind="stable").copy()
    grouped = out.groupby("key", sort=False)["spending"]
    if cumulative:
        previous = grouped.shift(1)
        falls = out["spending"] < previous - out["spending_res"] - 1e-6
        if falls.any():
            idx = falls[falls].index[0]
            raise _file_error(path, int(out.at[idx, "row"]), spending_column,
                              f"cumulative spending falls from {previous[idx]:,.0f} to {out.at[idx, 'spending']:,.0f} "
                              f"rupiah in period {out.at[idx, 'period']!r}; if the file gives spending within each "
                              "period, pass cumulative=False")
        out["spending_cumulative"] = out["spending"]
        out["spending_period"] = out["spending"] - previous.fillna(0)
        out.loc[out["spending"].isna(), "spending_period"] = math.nan
    else:
        out["spending_period"] = out["spending"]
        # a missing period makes every later cumulative amount missing, never a silent 0
        gap_seen = out["spending"].isna().astype(int).groupby(out["key"], sort=False).cummax().astype(bool)
        out["spending_cumulative"] = grouped.cumsum().mask(gap_seen)
    return out.sort_index()


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["absorption_period"] = _ratio(out["spending_period"], out["budget"])
    out["absorption_cumulative"] = _ratio(out["spending_cumulative"], out["budget"])
    consistent = [
        _interval_consistent(b, br, s, sr, st, str_)
        for b, br, s, sr, st, str_ in zip(out["budget"], out["budget_res"], out["spending"], out["spending_res"],
                                          out["absorption_stated"], out["stated_res"])
    ]
    out["consistent"] = pd.array([pd.NA if c is None else c for c in consistent], dtype="boolean")
    parent_rows = set(out["parent_row"].dropna().astype(int))
    out["is_leaf"] = ~out["row"].isin(parent_rows)
    # a parent adds up when each amount equals the sum of its children within their rounding
    # (an amount missing on either side is not checked)
    children = out[out["parent_row"].notna()].astype({"parent_row": "int64"})
    sums = children.groupby("parent_row").agg(
        budget_sum=("budget", lambda x: x.sum(min_count=len(x))), budget_res_sum=("budget_res", "sum"),
        spending_sum=("spending", lambda x: x.sum(min_count=len(x))), spending_res_sum=("spending_res", "sum"),
    )
    joined = out.join(sums, on="row")
    ok = pd.Series(True, index=out.index)
    for col in ("budget", "spending"):
        gap = (joined[f"{col}_sum"] - joined[col]).abs()
        tol = joined[f"{col}_res"] + joined[f"{col}_res_sum"] + 1e-6
        ok &= ~(gap > tol)            # NaN gap (a missing amount): not checked
    out["adds_up"] = pd.array(ok.where(~out["is_leaf"]).tolist(), dtype="boolean")
    cols = ["row", "period", "period_raw", "period_order", "code", "level", "name", "path", "depth", "parent_row",
            "is_leaf", "budget", "spending", "spending_period", "spending_cumulative", "absorption_period",
            "absorption_cumulative", "absorption_stated", "consistent", "adds_up"]
    out = out[cols].sort_values(["period_order", "row"], kind="stable").reset_index(drop=True)
    return out.astype({
        "row": "int64", "period": "string", "period_raw": "string", "period_order": "int64", "code": "string",
        "level": "string", "name": "string", "path": "string", "depth": "int64", "parent_row": "Int64",
        "is_leaf": "bool", "budget": "float64", "spending": "float64", "spending_period": "float64",
        "spending_cumulative": "float64", "absorption_stated": "float64",
    })


def _spending_frame(spending: Any) -> pd.DataFrame:
    if isinstance(spending, Spending):
        return spending.frame
    if isinstance(spending, pd.DataFrame) and {"period", "period_order", "depth", "budget",
                                               "spending_cumulative"} <= set(spending.columns):
        return spending
    raise RenjaError(f"spending must be what read_spending() returns (or its frame), got {type(spending).__name__}")


def absorption_by_period(spending: Spending | pd.DataFrame, *, depth: int | None = None) -> pd.DataFrame:
    """Absorption per period of a user's file: the total (default) or every row at one ``depth``.

    The total adds the top-level rows (depth 0), so that parent rows are not
    counted twice. Columns: ``period``, ``period_order``, ``key`` (``"total"``,
    or the row's code or name path), ``name``, ``n_rows``, ``budget``,
    ``spending_period``, ``spending_cumulative``, ``absorption_period``,
    ``absorption_cumulative`` (%), ``n_flagged`` (flagged rows behind the
    figure: for the total, every flagged row of the period; see
    ``Spending.flags``). A sum with a missing amount is missing.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.csv"
    >>> _ = p.write_text("code,period,budget,spending\\n2.07.03,Q1,1000,100\\n2.07.03,Q2,1000,300\\n",
    ...                  encoding="utf-8")
    >>> absorption_by_period(read_spending(p, unit="rupiah", cumulative=False))["absorption_cumulative"].tolist()
    [10.0, 40.0]
    """
    frame = _spending_frame(spending)
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 0):
        raise RenjaError(f"depth must be None (the total) or a whole number from 0, got {depth!r}")
    amounts = ["budget", "spending_period", "spending_cumulative"]
    flagged = (frame["flags"].fillna("") != "") if "flags" in frame.columns else pd.Series(False, index=frame.index)
    if depth is None:
        roots = frame[frame["depth"] == 0]
        out = roots.groupby(["period", "period_order"], sort=False).agg(
            n_rows=("budget", "size"),
            **{c: (c, lambda s: s.sum(min_count=len(s)) if s.notna().all() else math.nan) for c in amounts},
        ).reset_index()
        out.insert(2, "key", "total")
        out.insert(3, "name", pd.NA)
        # the total stands on every row of its period: a flagged value anywhere in it is counted
        out["n_flagged"] = out["period"].map(flagged.groupby(frame["period"]).sum()).fillna(0)
    else:
        rows = frame[frame["depth"] == depth]
        key = rows["code"].fillna(rows["path"]) if "code" in rows else rows["path"]
        out = pd.DataFrame({"period": rows["period"], "period_order": rows["period_order"], "key": key,
                            "name": rows["name"], "n_rows": 1,
                            **{c: rows[c] for c in amounts}, "n_flagged": flagged[rows.index].astype(int)})
    out["absorption_period"] = _ratio(out["spending_period"], out["budget"])
    out["absorption_cumulative"] = _ratio(out["spending_cumulative"], out["budget"])
    out = out.sort_values(["period_order", "key"], kind="stable").reset_index(drop=True)
    out = out[[c for c in out.columns if c != "n_flagged"] + ["n_flagged"]]
    return out.astype({"period": "string", "key": "string", "name": "string", "n_rows": "int64",
                       "budget": "float64", "spending_period": "float64", "spending_cumulative": "float64",
                       "n_flagged": "int64"})


def s_curve(spending: Spending | pd.DataFrame, schedule: Mapping[str, float] | pd.DataFrame | None = None, *,
            key: str | None = None) -> pd.DataFrame:
    """The cumulative absorption curve (S-curve) of a user's file, against a planned schedule if given.

    ``key`` picks one account (its code, or its name path as in ``frame.path``);
    by default the file's total. ``schedule`` gives the planned cumulative
    absorption in % of the budget per period: a mapping ``{"Q1": 15, "Q2": 40,
    ...}`` or a frame with columns ``period`` and ``planned``; period labels
    are recognised like the file's (``"TW II"`` is ``"Q2"``). A schedule period
    the file lacks, or a falling schedule, raises :class:`RenjaError`.

    Columns: ``period``, ``period_order``, ``budget``, ``spending_cumulative``,
    ``absorption_cumulative``, ``planned``, ``gap_pp`` (actual - planned,
    percentage points), ``n_flagged`` (flagged rows behind the point, see
    :func:`absorption_by_period`; charts mark them).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.csv"
    >>> _ = p.write_text("code,period,budget,spending\\n2.07.03,Q1,1000,100\\n2.07.03,Q2,1000,300\\n",
    ...                  encoding="utf-8")
    >>> s_curve(read_spending(p, unit="rupiah", cumulative=False), {"Q1": 20, "Q2": 45})["gap_pp"].tolist()
    [-10.0, -5.0]
    """
    frame = _spending_frame(spending)
    if key is None:
        rows = absorption_by_period(frame)
    else:
        picked = frame[(frame["code"] == key) | (frame["path"] == key)]
        if picked.empty:
            raise RenjaError(f"no account {key!r} in the file; give a code or a name path as in the frame's "
                             "'path' column")
        rows = picked.sort_values("period_order")
        flagged = picked["flags"].fillna("") != "" if "flags" in picked.columns else pd.Series(False, picked.index)
        rows = rows.assign(n_flagged=flagged[rows.index].astype(int))
    out = rows[["period", "period_order", "budget", "spending_cumulative", "absorption_cumulative",
                "n_flagged"]].copy()
    out["planned"] = math.nan
    if schedule is not None:
        if isinstance(schedule, pd.DataFrame):
            if not {"period", "planned"} <= set(schedule.columns):
                raise RenjaError(f"schedule must have columns 'period' and 'planned', got {list(schedule.columns)}")
            items = list(zip(schedule["period"], schedule["planned"]))
        elif isinstance(schedule, Mapping):
            items = list(schedule.items())
        else:
            raise RenjaError(f"schedule must be a mapping of period to planned % or a frame, got "
                             f"{type(schedule).__name__}")
        planned: dict[str, float] = {}
        later: list[dict[str, Any]] = []
        for label, value in items:
            k = _period_key(str(label))
            if k is None:
                raise RenjaError(f"schedule period {label!r} is not a period (TW I / Q1, semester, month)")
            name = k[0]
            if name not in set(out["period"]):
                # planned for a period the file has not reached yet (a mid-year report): shown, no spending
                later.append({"period": name, "period_order": k[1], "budget": pd.NA,
                              "spending_cumulative": pd.NA, "absorption_cumulative": math.nan, "n_flagged": 0})
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating, Decimal)):
                raise RenjaError(f"schedule value for {label!r} must be a number (% of the budget), got {value!r}")
            planned[name] = float(value)
        if later:
            dtypes = out.dtypes
            extra = pd.DataFrame(later).replace({pd.NA: math.nan})
            out = pd.concat([out, extra], ignore_index=True)
            for col in ("budget", "spending_cumulative", "absorption_cumulative"):
                out[col] = pd.to_numeric(out[col]).astype(dtypes[col])
            # order every period by the month it ends in, then number them again 1, 2, ...
            month = out["period"].map(lambda p: (_period_key(str(p)) or (str(p), 99))[1])
            out = out.assign(_m=month).sort_values("_m", kind="stable").drop(columns="_m")
            out["period_order"] = range(1, len(out) + 1)
        out["planned"] = out["period"].map(planned).astype(float)
        values = out["planned"].dropna().tolist()
        if any(b < a for a, b in zip(values, values[1:])):
            raise RenjaError(f"the schedule must be cumulative (never falling), got {values}")
    out["gap_pp"] = out["absorption_cumulative"] - out["planned"]
    out = out[[c for c in out.columns if c != "n_flagged"] + ["n_flagged"]]
    return out.reset_index(drop=True).astype({"period": "string", "planned": "float64", "gap_pp": "float64",
                                              "n_flagged": "int64"})
