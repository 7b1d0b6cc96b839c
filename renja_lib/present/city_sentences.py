"""The office's budget absorption against the whole city's, in words: one sentence per year and period of
:func:`renja_lib.analyse.city_budget.office_vs_city`, each with its two sources.

A quarter of the office is never set against a city's full year: such a row says
so, with the city's figure for context only. A city file that looks like
realisation to date (status ``city_partial``) is not compared: the row says so,
naming the file and the row of Belanja Daerah. Every word is in the catalogue
(``city_budget.summary.*``).

>>> import pandas as pd
>>> from types import SimpleNamespace
>>> doc = SimpleNamespace(identity=SimpleNamespace(office="Dinas X", region="Kota Y", plan_year=2023,
...                                                document_kind="renja"))
>>> row = dict(year=2021, period="year", status="compared", office_absorption=83.82, city_absorption=78.23,
...            gap_pp=5.59, office_source_lines="368", city_source_file="a/apbd_2021.csv", city_source_row=15)
>>> print(city_summary(pd.DataFrame([row]), doc, "en"))  # doctest: +NORMALIZE_WHITESPACE
- 2021: Dinas X spent 83.82% of its budget, against 78.23% for the whole of Kota Y's spending (Belanja Daerah):
  +5.59 pp. Sources: Renja 2023 · Dinas X · Kota Y, narrative line 368; DJPK APBD realisation, apbd_2021.csv row 15.
"""
from __future__ import annotations

import math
from pathlib import PurePath
from typing import Any

import pandas as pd

from ..read.djpk import PARTIAL_SPENDING_BELOW
from ..text import check_lang
from ..text.catalogue import tr
from ..text.formats import fmt_percent, fmt_points
from .names import region_words
from .sentences import document_name

__all__ = ["city_heading", "city_summary"]


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or bool(pd.isna(value))


def _when(row: Any, lang: str, period_column: str = "period") -> str:
    year = int(row["year"])
    period = str(row[period_column])
    if period == "year":
        return str(year)
    if period[:1] in ("S", "s"):
        return tr("city_budget.summary.half_of_year", lang, n=period[1:], year=year)
    n = period[1:] if period[:1] in ("Q", "q") else period
    return tr("city_budget.summary.part_of_year", lang, n=n, year=year)


def _line(row: Any, doc: Any, lang: str) -> str:
    ident = doc.identity
    fields = dict(when=_when(row, lang), office=ident.office or tr("identity.unknown.office", lang),
                  region=region_words(ident.region, lang), document=document_name(doc, lang))
    if not _missing(row.get("city_absorption")):
        fields["city"] = fmt_percent(row["city_absorption"], lang=lang)
    if not _missing(row.get("city_source_file")):
        fields["file"] = PurePath(str(row["city_source_file"])).name
    if not _missing(row.get("city_source_row")):
        fields["row"] = int(row["city_source_row"])
    status = row["status"]
    if status == "city_partial":
        return tr("city_budget.summary.city_partial", lang, share=fmt_percent(row["city_partial_share"], lang=lang),
                  threshold=fmt_percent(PARTIAL_SPENDING_BELOW, 0, lang=lang),
                  spending_row=int(row["city_partial_row"]), **fields)
    if status == "not_comparable" and not _missing(row.get("city_period")) and row["city_period"] != "year":
        return tr("city_budget.summary.not_comparable_period", lang, city_when=_when(row, lang, "city_period"),
                  **fields)
    if status == "compared":
        lines = str(row.get("office_source_lines") or "").strip()
        where = tr("city_budget.summary.document_lines", lang, document=fields["document"], lines=lines) if lines \
            else fields["document"]
        return tr("city_budget.summary.compared", lang, office_pct=fmt_percent(row["office_absorption"], lang=lang),
                  gap=fmt_points(row["gap_pp"], lang=lang), where=where, **fields)
    return tr(f"city_budget.summary.{status}", lang, **fields)


def city_heading(lang: str = "id") -> str:
    """The section's heading (Markdown)."""
    return tr("city_budget.heading", check_lang(lang))


def city_summary(comparison: pd.DataFrame | None, doc: Any, lang: str = "id") -> str:
    """Markdown bullets: the office's absorption against the city's spending, per year and period (None, no city
    file given: one sentence saying how to give one)."""
    lang = check_lang(lang)
    if comparison is None:
        return tr("city_budget.summary.no_file_given", lang)
    if comparison.empty:
        return tr("city_budget.summary.no_rows", lang)
    return "\n".join("- " + _line(row, doc, lang) for row in comparison.to_dict("records"))
