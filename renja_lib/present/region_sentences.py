"""The document's region against its province and neighbours, in words: one sentence per indicator and
comparator of :func:`renja_lib.analyse.region_comparison.compare_regions`, with the year, both values and the gap in
points; a compared line carries where its two values stand (a :class:`~renja_lib.present.findings.Sourced` line),
so the page ends it with its source in words (``Source: BPS (bps.csv)``). Every word is in the catalogue
(``region.*``).

>>> import pandas as pd
>>> row = dict(indicator="TPT", comparator="Provinsi Jawa Timur", role="province", status="compared", year=2023,
...            value=5.85, comparator_value=4.88, gap_pp=0.97, derived=False, comparator_derived=False,
...            source="bps.csv row 38, column 2023 Agustus", comparator_source="bps.csv row 43, column 2023 Agustus")
>>> text = region_summary(pd.DataFrame([row]), "Kota Pasuruan", "en")
>>> print(text)
- TPT 2023: Kota Pasuruan 5.85% against Provinsi Jawa Timur 4.88% (+0.97 pp).
>>> print(with_sources(text))
- TPT 2023: Kota Pasuruan 5.85% against Provinsi Jawa Timur 4.88% (+0.97 pp). *Source: BPS (bps.csv).*
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..text import LANGS, check_lang
from ..text.catalogue import tr
from ..text.formats import fmt_percent, fmt_points
from .findings import Headlines, Sourced, with_sources  # noqa: F401 (with_sources: the doctest)
from .headlines import source_locators

__all__ = ["region_heading", "region_summary"]

def _line(row: dict[str, Any], region: str, lang: str) -> str | None:
    status = row["status"]
    if status == "no_figures":
        return None
    fields = dict(indicator=row["indicator"], region=region, other=row["comparator"])
    if status != "compared":
        return tr(f"region.summary.{status}", lang, **fields)
    derived = [row["indicator"]] if row["derived"] or row["comparator_derived"] else []
    what = tr("region.summary.derived", lang, indicator=row["indicator"],
              basis="TPT" if row["indicator"] == "TKK" else "TKK") if derived else row["indicator"]
    return tr("region.summary.compared", lang, what=what, year=int(row["year"]), value=fmt_percent(row["value"],
              lang=lang), comparator_value=fmt_percent(row["comparator_value"], lang=lang),
              gap=fmt_points(row["gap_pp"], lang=lang), **fields)


def region_heading(lang: str = "id") -> str:
    """The section's heading (Markdown)."""
    return tr("region.heading", check_lang(lang))


def region_summary(comparison: pd.DataFrame | None, region: str | None, lang: str = "id") -> str:
    """Markdown bullets, one per indicator and comparator (a :class:`~renja_lib.present.findings.Headlines`
    whose compared lines carry where their values stand); one sentence saying how to add the province and
    neighbours when there is nothing to compare."""
    lang = check_lang(lang)
    lines: list[str] = []
    missing: list[str] = []
    sourced: list[Sourced] = []
    for row in ([] if comparison is None else comparison.to_dict("records")):
        if row["status"] == "not_found":  # a name the files do not hold: said once, not per indicator
            if row["comparator"] not in missing:
                missing.append(row["comparator"])
                lines.append(tr("region.summary.not_found", lang, other=row["comparator"]))
        elif line := _line(row, region or "", lang):
            lines.append(line)
            if row["status"] == "compared":
                sourced.append(Sourced(sentence={lg: _line(row, region or "", lg) for lg in LANGS},
                                       locators=[*source_locators("value", row["source"]),
                                                 *source_locators("comparator_value", row["comparator_source"])]))
    if not lines:
        return tr("region.summary.nothing", lang)
    return Headlines("\n".join("- " + line for line in lines), (), sourced)
