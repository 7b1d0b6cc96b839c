"""The document's region against its province and chosen neighbours, for the labour indicators.

:func:`with_complements` completes a series where a source publishes one of a complement pair (TKK = 100 - TPT)
but not the other: the missing one is derived, marked ``derived`` and sourced as such, so that a BPS TPT and the
document's TKK never disagree silently. :func:`compare_regions` then gives, per indicator and comparator
region, the latest year both have a realised (``actual``) figure, the two values and the gap in percentage
points (region - comparator). Figures not released yet, estimates, targets and projections are never compared.
Codes and numbers only: the page writes the words (:mod:`renja_lib.present.region_sentences`).

>>> import pandas as pd
>>> frame = pd.DataFrame({"region": ["Kota A", "Kota A", "Provinsi Jawa Timur"], "indicator": ["TPT"] * 3,
...                       "year": [2022, 2023, 2023], "kind": ["actual"] * 3, "value": [6.15, 5.85, 4.88],
...                       "source": ["bps.csv row 38"] * 2 + ["bps.csv row 43"]})
>>> out = compare_regions(frame, "Kota A")
>>> out[["indicator", "comparator", "role", "year", "value", "comparator_value"]].values.tolist()[0]
['TPT', 'Provinsi Jawa Timur', 'province', 2023, 5.85, 4.88]
>>> round(float(out["gap_pp"].iloc[0]), 2), list(out["indicator"])
(0.97, ['TPT', 'TKK'])
>>> bool(out["derived"].iloc[1]), float(out["value"].iloc[1])
(True, 94.15)
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import RenjaError
from ..read.regions import parse_region, region_key
from ..text.catalogue import Message
from .rates import derive_complements

__all__ = ["COLUMNS", "ROLES", "STATUSES", "with_complements", "compare_regions"]

#: Columns of :func:`compare_regions`' frame.
COLUMNS: list[str] = ["indicator", "comparator", "role", "status", "year", "value", "comparator_value", "gap_pp",
                      "derived", "comparator_derived", "source", "comparator_source"]
#: Who a comparator is: the province of the frame, or a neighbour the analyst named.
ROLES: tuple[str, ...] = ("province", "neighbour")
#: ``status`` of a row: ``compared`` (a latest common year), ``no_common_year`` (both regions have realised
#: figures of the indicator, never of the same year), ``no_figures`` (the comparator has no realised figure of the
#: indicator), ``not_found`` (a named neighbour the series does not hold).
STATUSES: tuple[str, ...] = ("compared", "no_common_year", "no_figures", "not_found")
_INDICATORS = ("TPT", "TPAK", "TKK")
_NEEDED = ("region", "indicator", "year", "kind", "value", "source")


def _frame(series: Any) -> pd.DataFrame:
    frame = getattr(series, "frame", series)
    if not isinstance(frame, pd.DataFrame) or not set(_NEEDED) <= set(frame.columns):
        got = list(frame.columns) if isinstance(frame, pd.DataFrame) else type(frame).__name__
        raise RenjaError(Message("errors_analyse.region_comparison.bad_series", needed=list(_NEEDED), got=str(got)))
    return frame


def with_complements(series: Any) -> pd.DataFrame:
    """The series' frame with a ``derived`` column, and each realised figure of one side of a complement pair
    (TKK = 100 - TPT) that the same region and year lack on the other side added as derived (source
    ``"100 - TPT (<the TPT's source>)"``), by the one rule :func:`renja_lib.analyse.rates.derive_complements`
    (which :func:`renja_lib.analyse.labour.series` already applied to its result). Values the series holds are
    never replaced."""
    frame, _ = derive_complements(_frame(series))
    return frame.assign(derived=frame["derived_from"] != "")


def _province(frame: pd.DataFrame, region: str) -> list[str]:
    mine = region_key(region)
    return sorted({r for r in frame["region"] if region_key(r) != mine and parse_region(r).level == "provinsi"})


def _latest_common(a: pd.DataFrame, b: pd.DataFrame) -> tuple[Any, Any] | None:
    years = sorted(set(a["year"]) & set(b["year"]))
    if not years:
        return None
    y = years[-1]
    return a[a["year"] == y].iloc[0], b[b["year"] == y].iloc[0]


def compare_regions(series: Any, region: str | None = None, *, neighbours: Iterable[str] | None = (),
                    province: str | None = None) -> pd.DataFrame:
    """Per indicator (TPT, TPAK, TKK) and comparator, the latest year with a realised figure of both (:data:`COLUMNS`).

    ``series``: a :class:`~renja_lib.analyse.labour.SeriesResult` or its frame (with a BPS download among its
    extra files, it holds the province and every kabupaten/kota). ``region``: the document's region (default: the
    series'). Comparators: ``province`` (a name; default every province-level region of the series other than
    ``region``) and each of ``neighbours`` (names matched as :func:`renja_lib.read.regions.region_key` matches
    them: "Pasuruan (Kota)" is "Kota Pasuruan", "Kabupaten Pasuruan" is another). Complements are derived first
    (:func:`with_complements`). A series whose region is not known (a document that does not name it, and no
    ``region`` given) has nothing to compare: no rows.
    """
    if region is None and not isinstance(series, pd.DataFrame):  # a frame's .region would be its column
        region = getattr(series, "region", None)
    if region is None:
        return pd.DataFrame(columns=COLUMNS)
    if not isinstance(region, str) or not region.strip():
        raise RenjaError(Message("errors_analyse.region_comparison.no_region"))
    neighbours = () if neighbours is None else neighbours
    frame = with_complements(series)
    frame = frame[(frame["kind"] == "actual") & frame["value"].notna()]
    keys = frame["region"].map(region_key)
    names = {k: r for k, r in zip(keys, frame["region"])}
    comparators = [(p, "province") for p in ([province] if province else _province(frame, region))]
    comparators += [(n, "neighbour") for n in neighbours if region_key(n) != region_key(region)]
    mine = frame[keys == region_key(region)]
    rows: list[dict[str, Any]] = []
    for indicator in _INDICATORS:
        own = mine[mine["indicator"] == indicator]
        if own.empty:
            continue
        for name, role in comparators:
            key = region_key(name)
            other = frame[(keys == key) & (frame["indicator"] == indicator)]
            rec: dict[str, Any] = dict.fromkeys(COLUMNS)
            rec.update(indicator=indicator, comparator=names.get(key, name), role=role)
            pair = _latest_common(own, other) if not other.empty else None
            if key not in names:
                rec["status"] = "not_found"
            elif other.empty:
                rec["status"] = "no_figures"
            elif pair is None:
                rec["status"] = "no_common_year"
            else:
                a, b = pair
                rec.update(status="compared", year=int(a["year"]), value=float(a["value"]),
                           comparator_value=float(b["value"]), gap_pp=float(a["value"]) - float(b["value"]),
                           derived=bool(a["derived"]), comparator_derived=bool(b["derived"]), source=a["source"],
                           comparator_source=b["source"])
            rows.append(rec)
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["year"] = out["year"].astype("Int64")
    for c in ("value", "comparator_value", "gap_pp"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    return out
