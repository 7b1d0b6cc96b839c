"""The office's budget absorption against the whole city's, in words: one sentence per year and period of
:func:`renja_lib.analyse.city_budget.office_vs_city`, each with its two sources.

A quarter of the office is never set against a city's full year: such a row says
so, with the city's figure for context only. A city file that looks like
realisation to date (status ``city_partial``) is not compared: the row says so,
naming the file and the row of Belanja Daerah. Every word is in the catalogue
(``city_budget.summary.*``).

A compared row is the page's finding ``absorption.city`` (for ``findings.json``, the index and the deck), its
locators the document's narrative lines and the DJPK file's row (``origin`` ``djpk``); every line ends with its
sources in words when the page shows it (:func:`renja_lib.present.findings.with_sources`: ``... +5,59 poin.
*Sumber: Renja 2023, narasi; DJPK (apbd_2021.csv).*``).

>>> import pandas as pd
>>> from types import SimpleNamespace
>>> doc = SimpleNamespace(identity=SimpleNamespace(office="Dinas X", region="Kota Y", plan_year=2023,
...                                                document_kind="renja"))
>>> row = dict(year=2021, period="year", status="compared", office_absorption=83.82, city_absorption=78.23,
...            gap_pp=5.59, office_source_lines="368", city_source_file="a/apbd_2021.csv", city_source_row=15)
>>> summary = city_summary(pd.DataFrame([row]), doc, "en")
>>> print(summary)  # doctest: +NORMALIZE_WHITESPACE
- 2021: Dinas X spent 83.82% of its budget, against 78.23% for the whole of Kota Y's spending (Belanja Daerah):
  +5.59 pp.
>>> [f.code for f in summary.findings], [loc.get("origin") for loc in summary.findings[0].locators]
(['absorption.city'], [None, 'djpk'])
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
from .findings import Finding, Headlines, Sourced, chart_data, in_every_language
from .headlines import source_text
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
        return tr("city_budget.summary.compared", lang, office_pct=fmt_percent(row["office_absorption"], lang=lang),
                  gap=fmt_points(row["gap_pp"], lang=lang), **fields)
    return tr(f"city_budget.summary.{status}", lang, **fields)


def _locators(row: Any) -> list[dict[str, Any]]:
    """Where a row's figures stand: the office's in the document's narrative (its lines), the city's in the DJPK
    file (its row; for a file that looks partial, Belanja Daerah's row), each with ``where`` in words."""
    out: list[dict[str, Any]] = []
    lines = [n.strip() for n in str("" if _missing(row.get("office_source_lines")) else row["office_source_lines"])
             .split(",") if n.strip().isdigit()]
    if lines and row["status"] != "city_partial":
        source = "; ".join(f"narrative line {n}" for n in lines)
        out.append({"number": "office_absorption", "source": source,
                    "where": in_every_language(lambda lang: source_text(source, lang))})
    if not _missing(row.get("city_source_file")):
        file = PurePath(str(row["city_source_file"])).name
        at = row.get("city_partial_row") if row["status"] == "city_partial" else row.get("city_source_row")
        loc = {"number": "city_absorption", "origin": "djpk", "source_kind": "djpk", "source_file": file}
        if not _missing(at):
            loc["source_row"] = int(at)
        loc["where"] = in_every_language(lambda lang: f"{file} {tr('locator.row', lang, row=int(at))}"
                                         if not _missing(at) else file)
        out.append(loc)
    return out


def _finding(row: Any, doc: Any) -> Finding:
    """The compared row as the page's finding ``absorption.city``: both figures, the gap, both places."""
    region = doc.identity.region

    def names(lang: str) -> list[str]:
        return [tr("analysis.office", lang), region_words(region, lang)]

    return Finding(
        code="absorption.city", sentence=in_every_language(lambda lang: _line(row, doc, lang)),
        numbers={"year": int(row["year"]), "office_absorption": row["office_absorption"],
                 "city_absorption": row["city_absorption"], "gap_pp": row["gap_pp"],
                 "city_budget": row.get("city_budget"), "city_realised": row.get("city_realised")},
        codes={"status": row["status"], "period": row["period"], "city_account": row.get("city_account"),
               "office_reading": None if _missing(row.get("office_reading")) else row["office_reading"],
               "city_absorption_from": None if _missing(row.get("city_absorption_from"))
               else row["city_absorption_from"]},
        locators=_locators(row),
        places=in_every_language(lambda lang: "; ".join(loc["where"][lang] for loc in _locators(row))),
        label=in_every_language(lambda lang: tr("findings.label.city", lang, year=int(row["year"]),
                                                region=region_words(region, lang))),
        figure=in_every_language(lambda lang: tr("findings.figure.city", lang, office=row["office_absorption"],
                                                 city=row["city_absorption"])),
        chart_data=chart_data("bar", "percent", in_every_language(names),
                              [("absorption", [row["office_absorption"], row["city_absorption"]])]))


def city_heading(lang: str = "id") -> str:
    """The section's heading (Markdown)."""
    return tr("city_budget.heading", check_lang(lang))


def city_summary(comparison: pd.DataFrame | None, doc: Any, lang: str = "id") -> str:
    """Markdown bullets: the office's absorption against the city's spending, per year and period (None, no city
    file given: one sentence saying how to give one); a :class:`~renja_lib.present.findings.Headlines` whose
    finding is the latest compared year (``absorption.city``), every line with its places."""
    lang = check_lang(lang)
    if comparison is None:
        return tr("city_budget.summary.no_file_given", lang)
    if comparison.empty:
        return tr("city_budget.summary.no_rows", lang)
    rows = comparison.to_dict("records")
    findings = [_finding(row, doc) for row in rows if row["status"] == "compared"][-1:]  # the latest compared
    sourced = [Sourced(sentence=in_every_language(lambda lg: _line(row, doc, lg)), locators=_locators(row))
               for row in rows]
    return Headlines("\n".join("- " + _line(row, doc, lang) for row in rows), findings, sourced)
