"""Labour-market indicators: TPT, TPAK and TKK from counts, as series, and against their targets.

Formulas (BPS, Sakernas):

* TPAK = labour force / working-age population x 100
* TPT  = unemployed / labour force x 100
* TKK  = employed / labour force x 100 = 100 - TPT

The rates from counts (:func:`tpak`, :func:`tpt`, :func:`tkk`, :func:`check_tkk_tpt`) are in
:mod:`renja_lib.analyse.rates`, re-exported here.

Indicator metadata (names, unit, polarity, source, the names documents use) lives
in ``data/indicators.csv``, one row per indicator; add a row there to teach the
module a new indicator's name.

:func:`series` gathers every figure a Renja gives for these indicators (Tabel 2.2
and the narrative) and, optionally, a user's CSV of further figures into one long
frame, keeping the source of every value and reporting where sources disagree.
:func:`gap_to_target` compares realised values with their targets: an estimate of a
figure not released yet is never rated (:mod:`renja_lib.analyse.ratings`), and
:func:`complement_pairs` sets TKK beside TPT, the same fact rated by two formulas.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..check.figures import agreement, decimals_in, token_in
from ..errors import RenjaError
from ..text.catalogue import Message
from .rates import (COMPLEMENTS, MISMATCH_COLUMNS, TkkTptCheck, check_tkk_tpt, derive_complements,  # noqa: F401
                    tkk, tpak, tpt)  # (API: labour.tpak ...)
from .ratings import (DIRECTIONS, FORMULAS, NOT_RELEASED_BAND_KEY, achievement, applied_method, band_frame,
                      is_rated, not_released)
from ..read.bps import read_extra
from ..read.indicator_series import COLUMNS as EXTRA_COLUMNS

__all__ = [
    "KINDS",
    "SERIES_COLUMNS",
    "EXTRA_COLUMNS",
    "VALUE_TOLERANCE",
    "NO_INDICATORS",
    "REASONS",
    "NOT_RELEASED",
    "COMPLEMENTS",
    "PAIR_BASES",
    "TkkTptCheck",
    "SeriesResult",
    "tpak",
    "tpt",
    "tkk",
    "check_tkk_tpt",
    "indicator_metadata",
    "indicator_key",
    "series",
    "gap_to_target",
    "complement_pairs",
    "prefer_source",
]

#: Kinds of value in a series, in display order.
KINDS: tuple[str, ...] = ("actual", "estimate", "target", "renstra_target", "projection")
#: Columns of ``SeriesResult.frame``; ``derived_from``: ``""``, or the indicator a figure is derived from (TKK =
#: 100 - TPT, :func:`renja_lib.analyse.rates.derive_complements`).
SERIES_COLUMNS: list[str] = ["region", "indicator", "year", "kind", "value", "source", "series_break", "conflict",
                             "derived_from"]
#: Two values for the same region, indicator, year and kind closer than this are the same value.
VALUE_TOLERANCE = 1e-9
#: ``SeriesResult.reason`` of a document that gives no TPT, TPAK or TKK figure (a health or education office's).
NO_INDICATORS = "no_indicators"
#: The codes ``SeriesResult.reason`` may hold; their words are ``sentences.labour.<code>``.
REASONS: tuple[str, ...] = (NO_INDICATORS,)
#: ``SeriesResult.dropped``'s reason for a realised value the document says is not released yet (Tabel 2.2's
#: note "belum rilis dari BPS" beside an empty cell; :func:`renja_lib.analyse.ratings.not_released`).
NOT_RELEASED = "not_released"
#: What :func:`gap_to_target`'s ``pair_basis`` may be: None (each indicator rated by its own formula) or the
#: indicator of a complement pair whose achievement rates both.
PAIR_BASES: tuple[str | None, ...] = (None, *sorted({*COMPLEMENTS, *COMPLEMENTS.values()}))

_INDICATORS_FILE = "indicators.csv"
_INDICATOR_COLUMNS = [
    "key", "code", "name_id", "name_en", "short_id", "short_en", "unit", "direction",
    "kind", "source", "formula_id", "formula_en", "aliases",
]
#: Tabel 2.2 measure -> kind in a series.
_MEASURE_KIND = {"target": "target", "realization": "actual", "projection": "projection"}
_TABLE = "Tabel 2.2"
#: Facts quantity of a target the narrative states; ``subject`` names the indicator.
_TARGET_STATED = "target_stated"
_WORK_COLUMNS = ["region", "indicator", "year", "kind", "value", "source", "series_break", "decimals"]
#: Decimals of a value whose writing is not known (a number from a spreadsheet): exact.
_EXACT = 15
#: Columns of ``SeriesResult.rounded``.
ROUNDED_COLUMNS = ["region", "indicator", "year", "kind", "value", "source", "rounded_value", "rounded_source"]
_DROPPED_COLUMNS = ["region", "indicator", "year", "kind", "source", "reason"]


# ====================================================================== metadata
@lru_cache(maxsize=1)
def _metadata() -> pd.DataFrame:
    where = f"renja_lib/data/{_INDICATORS_FILE}"
    ref = resources.files("renja_lib").joinpath("data", _INDICATORS_FILE)
    with ref.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype=str, keep_default_na=False)
    missing = [c for c in _INDICATOR_COLUMNS if c not in table.columns]
    if missing:
        raise RenjaError(Message("errors_analyse.labour.metadata.missing_columns", missing=missing,
                                 expected=_INDICATOR_COLUMNS), path=where, line=1)
    for i, row in table.iterrows():
        line = int(i) + 2
        if not row["key"]:
            raise RenjaError(Message("errors_analyse.labour.metadata.empty_key"), path=where, line=line)
        if row["direction"] not in DIRECTIONS:
            raise RenjaError(Message("errors_analyse.labour.metadata.direction", allowed=list(DIRECTIONS),
                                     got=row["direction"]), path=where, line=line)
    if table["key"].duplicated().any():
        raise RenjaError(Message("errors_analyse.labour.metadata.duplicate_keys",
                                 keys=sorted(set(table["key"][table["key"].duplicated()]))), path=where)
    return table


@lru_cache(maxsize=1)
def _alias_map() -> dict[str, str]:
    """Normalised name -> key, from key, code, name_id, name_en and aliases."""
    out: dict[str, str] = {}
    for _, row in _metadata().iterrows():
        names = [row["key"], row["code"], row["name_id"], row["name_en"], *row["aliases"].split("|")]
        for name in names:
            norm = _normalise(name)
            if not norm:
                continue
            if out.get(norm, row["key"]) != row["key"]:
                raise RenjaError(Message("errors_analyse.labour.metadata.shared_name", name=name, first=out[norm],
                                         second=row["key"]), path=f"renja_lib/data/{_INDICATORS_FILE}")
            out[norm] = row["key"]
    return out


def _normalise(name: str) -> str:
    return "".join(name.split()).casefold()


def indicator_metadata() -> pd.DataFrame:
    """Indicator metadata from ``data/indicators.csv``, one row per indicator (a new frame each call).

    Columns: ``key`` (the id used in every frame of this package, e.g. ``TPT``),
    ``code`` (the abbreviation documents print), ``name_id``/``name_en``,
    ``short_id``/``short_en`` (for chart labels), ``unit``, ``direction``
    (``lower_is_better`` or ``higher_is_better``), ``kind`` (``share``: a share of
    something, so values outside 0-100 are implausible), ``source``,
    ``formula_id``/``formula_en`` and ``aliases`` (names documents use, separated
    by ``|``). All columns are text.

    >>> meta = indicator_metadata().set_index("key")
    >>> meta.loc["TPT", "direction"], meta.loc["TKK", "name_en"]
    ('lower_is_better', 'Employment Opportunity Rate')
    """
    return _metadata().copy()


_PAREN = re.compile(r"^(?P<outer>.*?)\s*\((?P<inner>[^()]*)\)\s*$")


def indicator_key(name: str) -> str | None:
    """The indicator key (``TPT``, ``TPAK``, ``TKK``) of a name as a document writes it, or None.

    Matching ignores case and all spaces, and knows each indicator's key, code,
    Indonesian and English name and the aliases in ``data/indicators.csv``. A
    name followed by its abbreviation in brackets, as documents write them, is
    recognised when both parts agree (or only one part is known).

    >>> indicator_key("Tingkat Pengangguran Terbuka")
    'TPT'
    >>> indicator_key("  tingkat partisipasi  ANGKATAN kerja (TPAK)")
    'TPAK'
    >>> indicator_key("Jumlah transmigran yang diberangkatkan") is None
    True
    """
    if not isinstance(name, str):
        raise RenjaError(Message("errors_analyse.labour.name_not_text", type=type(name).__name__, got=name))
    names = _alias_map()
    key = names.get(_normalise(name))
    if key is not None:
        return key
    m = _PAREN.match(name)
    if m:
        found = {names.get(_normalise(m.group("outer"))), names.get(_normalise(m.group("inner")))} - {None}
        if len(found) == 1:
            return found.pop()
    return None


def _share_keys() -> set[str]:
    meta = _metadata()
    return set(meta.loc[meta["kind"] == "share", "key"])


# ====================================================================== series
@dataclass(frozen=True, eq=False)
class SeriesResult:
    """What :func:`series` returns.

    ``frame``: every observation, columns ``SERIES_COLUMNS``. ``conflicts``: the
    rows of ``frame`` whose ``conflict`` is True (same region, indicator, year and
    kind, values that differ beyond the rounding of the figures as written), a new
    frame. ``dropped``: figures that were not used, with the reason (``"no value"``
    for an empty cell, :data:`NOT_RELEASED` for an empty cell the document says is
    not released yet, or a period that is not a whole year); columns region,
    indicator, year, kind, source, reason. ``rounded``: the values kept as the same
    figure written with fewer decimals (``67,8`` beside ``67,78``), columns
    :data:`ROUNDED_COLUMNS` (``value`` and ``source`` of the row kept,
    ``rounded_value`` and ``rounded_source`` of the rounded writing).
    ``mismatches``: both rates of a complement pair published for a year and not adding up to 100
    (:data:`~renja_lib.analyse.rates.MISMATCH_COLUMNS`): shown, neither changed.
    ``region``: the region the document's own figures were given (empty when the
    document names none), the one its charts are about. ``reason``: why the
    document gives no labour-market figure at all, as a code (:data:`REASONS`:
    ``"no_indicators"``, a Renja of an office that is not the labour office); None
    when it gives at least one. The frame may then still hold a user's extra
    figures; nothing is filled in for the document's region.
    """

    frame: pd.DataFrame
    conflicts: pd.DataFrame
    dropped: pd.DataFrame
    region: str = ""
    reason: str | None = None
    rounded: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=ROUNDED_COLUMNS))
    mismatches: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=MISMATCH_COLUMNS))


def _empty_work() -> pd.DataFrame:
    return pd.DataFrame({
        "region": pd.Series(dtype="str"), "indicator": pd.Series(dtype="str"),
        "year": pd.Series(dtype="int64"), "kind": pd.Series(dtype="str"),
        "value": pd.Series(dtype="float64"), "source": pd.Series(dtype="str"),
        "series_break": pd.Series(dtype="bool"), "decimals": pd.Series(dtype="int64"),
    })


def _work_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    if not records:
        return _empty_work()
    frame = pd.DataFrame.from_records(records, columns=_WORK_COLUMNS)
    return frame.astype({"region": "str", "indicator": "str", "year": "int64", "kind": "str",
                         "value": "float64", "source": "str", "series_break": "bool", "decimals": "int64"})


def _dropped_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=_DROPPED_COLUMNS)
    return frame.astype({"region": "str", "indicator": "str", "year": "int64", "kind": "str",
                         "source": "str", "reason": "str"})


def _doc_table(doc: Any, attribute: str, needed: list[str]) -> pd.DataFrame:
    if not hasattr(doc, attribute):
        raise RenjaError(Message("errors_analyse.labour.doc.no_attribute", attribute=attribute))
    table = getattr(doc, attribute)
    if not isinstance(table, pd.DataFrame):
        raise RenjaError(Message("errors_analyse.labour.doc.not_frame", attribute=attribute,
                                 type=type(table).__name__))
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise RenjaError(Message("errors_analyse.labour.doc.missing_columns", attribute=attribute, missing=missing,
                                 columns=list(table.columns)))
    return table


def _line_number(line: Any) -> int | None:
    """A source line as int, or None where it is missing (NaN, None, pd.NA)."""
    if line is None or pd.isna(line):
        return None
    return int(line)


def _line_text(line: Any) -> str:
    number = _line_number(line)
    return "" if number is None else f" line {number}"


def _year(value: Any, where: str, path: Any, line: Any) -> int:
    try:
        as_float = float(value)
    except (TypeError, ValueError):
        as_float = math.nan
    if math.isnan(as_float) or as_float != int(as_float):
        raise RenjaError(Message("errors_analyse.labour.doc.year", where=where, got=value), path=path,
                         line=_line_number(line))
    return int(as_float)


def _doc_rows(doc: Any, region: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Observations from Tabel 2.2 and the narrative facts; and the figures left out."""
    path = getattr(doc, "path", None)
    table = _doc_table(doc, "service_indicators", ["indicator", "measure", "year", "value", "source_line"])
    facts = _doc_table(doc, "facts", ["quantity", "year", "period", "value", "source_line"])
    rows: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []

    def add(indicator: str, year: int, kind: str, value: Any, source: str, decimals: int, note: Any = None) -> None:
        if value is None or pd.isna(value):
            reason = NOT_RELEASED if kind == "actual" and not_released(note) else "no value"
            dropped.append(dict(region=region, indicator=indicator, year=year, kind=kind, source=source,
                                reason=reason))
        else:
            rows.append(dict(region=region, indicator=indicator, year=year, kind=kind, value=float(value),
                             source=source, series_break=False, decimals=decimals))

    # Tabel 2.2: Renstra targets per year, realisation, projection.
    targets: dict[str, list[tuple[int, Any, str, int]]] = {}
    for rec in table.itertuples(index=False):
        if not isinstance(rec.indicator, str):
            continue
        key = indicator_key(rec.indicator)
        if key is None:
            continue  # another service indicator (transmigrants, disputes): not a labour rate
        kind = _MEASURE_KIND.get(rec.measure)
        if kind is None:
            raise RenjaError(Message("errors_analyse.labour.doc.measure", allowed=list(_MEASURE_KIND),
                                     got=rec.measure), path=path, line=_line_number(rec.source_line))
        year = _year(rec.year, "doc.service_indicators", path, rec.source_line)
        source = _TABLE + _line_text(rec.source_line)
        raw = getattr(rec, "raw", None)
        decimals = decimals_in(raw) if isinstance(raw, str) and raw.strip() else _EXACT
        add(key, year, kind, rec.value, source, decimals, getattr(rec, "note", None))
        if kind == "target":
            targets.setdefault(key, []).append((year, rec.value, source, decimals))
    # The Renstra target: the target of the last year the table gives, whether or not it is filled.
    for key, items in targets.items():
        last = max(year for year, _, _, _ in items)
        for year, value, source, decimals in items:
            if year == last:
                add(key, year, "renstra_target", value, source, decimals)

    # Narrative facts. Quantity "tpt" (etc.) is the realised rate, "tpt_estimate" an
    # estimate; "target_stated" is a target, its indicator named by the subject.
    # Period "year_estimate" (the year's expected value) also makes a rate an estimate.
    quantity_kind: dict[str, tuple[str, str]] = {}
    for key in _metadata()["key"]:
        quantity_kind[key.casefold()] = (key, "actual")
        quantity_kind[key.casefold() + "_estimate"] = (key, "estimate")
    for rec in facts.itertuples(index=False):
        if not isinstance(rec.quantity, str):
            continue
        quantity = rec.quantity.strip().casefold()
        if quantity in quantity_kind:
            key, kind = quantity_kind[quantity]
        elif quantity == _TARGET_STATED:
            subject = getattr(rec, "subject", None)
            found = indicator_key(subject) if isinstance(subject, str) else None
            if found is None:
                continue  # a target of another indicator
            key, kind = found, "target"
        else:
            continue
        year = _year(rec.year, "doc.facts", path, rec.source_line)
        source = "narrative" + _line_text(rec.source_line)
        period = rec.period if isinstance(rec.period, str) else None
        if period == "year_estimate" and kind in ("actual", "estimate"):
            kind = "estimate"
        elif period != "year":
            dropped.append(dict(region=region, indicator=key, year=year, kind=kind, source=source,
                                reason=f"period {period!r} is not a whole year"))
            continue
        token = token_in(str(getattr(rec, "quote", "") or ""), float(rec.value)) if pd.notna(rec.value) else None
        add(key, year, kind, rec.value, source, decimals_in(token) if token else _EXACT)
    return rows, dropped


def _extra_files(extra: Any) -> list[Any]:
    """The files of ``extra``: one, or a list that may hold lists and None (a notebook passes
    ``[extra_indicators, bps_files]``, either of them unset)."""
    if extra is None:
        return []
    if isinstance(extra, (list, tuple)):
        return [f for item in extra for f in _extra_files(item)]
    return [extra]


def _read_extra(extra: str | Path | Sequence[str | Path]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Read and check a user's files of observations: the project's long CSV (:mod:`renja_lib.read.indicator_series`,
    the one reader of user tables; ``6,33`` and ``6,33%`` read; every bad row named in one error) or BPS downloads
    and WebAPI answers (:func:`renja_lib.read.bps.read_bps`; only annual figures enter the series), one or a list."""
    return read_extra(extra, indicator_key=indicator_key, indicators=list(_metadata()["key"]),
                      shares=_share_keys(), kinds=KINDS)


def _order_key(column: pd.Series) -> pd.Series:
    """Sort key: indicators in metadata order, kinds in KINDS order, other columns as they are."""
    if column.name == "indicator":
        order = {k: i for i, k in enumerate(_metadata()["key"])}
        return column.map(lambda v: order.get(v, len(order)))
    if column.name == "kind":
        return column.map({k: i for i, k in enumerate(KINDS)})
    return column


def _merge(rows: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Collapse equal values per region, indicator, year and kind; mark differing ones as conflicts.

    Two values that agree once the more precise is rounded to the decimals of the other (``67,78`` and ``67,8``:
    the audit's rule, :func:`renja_lib.check.figures.agreement`) are one figure: the more precise value is kept
    with both sources, and the rounded writing is listed in the second frame (:data:`ROUNDED_COLUMNS`).
    """
    keys = ["region", "indicator", "year", "kind"]
    if rows.empty:
        out = rows.copy()
        out["conflict"] = pd.Series(dtype="bool")
        out["derived_from"] = pd.Series(dtype="str")
        return out[SERIES_COLUMNS], pd.DataFrame(columns=ROUNDED_COLUMNS)
    work = rows.assign(_order=np.arange(len(rows)))
    work = work.sort_values([*keys, "value", "_order"], kind="stable").reset_index(drop=True)
    same_key = (work[keys] == work[keys].shift()).all(axis=1)
    close = work["value"].diff().abs() <= VALUE_TOLERANCE
    work["_cluster"] = (~(same_key & close)).cumsum()
    work = work.sort_values(["_cluster", "_order"], kind="stable")
    merged = work.groupby("_cluster", sort=True).agg(
        region=("region", "first"), indicator=("indicator", "first"), year=("year", "first"),
        kind=("kind", "first"), value=("value", "first"), series_break=("series_break", "any"),
        decimals=("decimals", "max"), _order=("_order", "min"),
    )
    # Sources of each cluster in input order, without repeats (a plain loop: far faster
    # than a Python aggregation per group when an extra file holds many regions).
    sources: dict[int, dict[str, None]] = {}
    for cluster, source in zip(work["_cluster"].to_numpy(), work["source"].to_numpy()):
        sources.setdefault(int(cluster), {})[source] = None
    merged["source"] = ["; ".join(sources[int(c)]) for c in merged.index]
    merged, rounded = _fuse_rounded(merged, keys)
    merged["conflict"] = merged.groupby(keys)["value"].transform("size") > 1
    merged["derived_from"] = ""
    return _sorted(merged), rounded


def _sorted(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["region", "indicator", "year", "kind", "value"]
    frame = frame.sort_values(keys, key=_order_key, kind="stable").reset_index(drop=True)
    return frame.astype({"region": "str", "indicator": "str", "year": "int64", "kind": "str", "value": "float64",
                         "source": "str", "series_break": "bool", "conflict": "bool", "derived_from": "str"})[
        SERIES_COLUMNS]


def _fuse_rounded(merged: pd.DataFrame, keys: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Fuse the values of one key that are the same figure written with fewer decimals into the most precise."""
    several = merged.groupby(keys)["value"].transform("size") > 1
    records: list[dict[str, Any]] = []
    dropped: list[Any] = []
    for _, group in merged[several].groupby(keys, sort=False):
        kept: list[Any] = []
        for index in group.sort_values(["decimals", "_order"], ascending=[False, True], kind="stable").index:
            row = merged.loc[index]
            into = next((k for k in kept if agreement(merged.at[k, "value"], int(merged.at[k, "decimals"]),
                                                      row["value"], int(row["decimals"])) != "differ"), None)
            if into is None:
                kept.append(index)
                continue
            records.append({**{k: row[k] for k in keys}, "value": merged.at[into, "value"],
                            "source": merged.at[into, "source"], "rounded_value": row["value"],
                            "rounded_source": row["source"]})
            merged.at[into, "source"] = "; ".join(dict.fromkeys(
                [*merged.at[into, "source"].split("; "), *row["source"].split("; ")]))
            merged.at[into, "series_break"] = bool(merged.at[into, "series_break"] or row["series_break"])
            dropped.append(index)
    rounded = pd.DataFrame.from_records(records, columns=ROUNDED_COLUMNS)
    return merged.drop(index=dropped), rounded.astype({"year": "int64", "value": "float64",
                                                       "rounded_value": "float64"})


def series(doc: Any, extra: str | Path | Sequence[str | Path] | None = None,
           region: str | None = None) -> SeriesResult:
    """All TPT, TPAK and TKK figures of a document (and of an optional CSV) as one long frame.

    ``doc`` is a document read by renja_lib; used are ``doc.service_indicators``
    (Tabel 2.2: columns indicator, measure, year, value, source_line),
    ``doc.facts`` (narrative: columns quantity, year, period, value, source_line)
    and ``doc.path``. All of the document's figures belong to ``region``: by
    default the region the document names (``doc.identity.region``, see
    :mod:`renja_lib.read.identity`); an empty text when it names none (the charts
    then say "region unknown"), never a default city.

    Kinds, with the ``source`` they get:

    * Tabel 2.2 measure ``target`` -> ``"target"`` for each year; the target of the
      *last year the table gives* is repeated as ``"renstra_target"`` (the table
      may end before the Renstra period does: the bundled one gives 2021-2024 of
      Renstra 2021-2026). ``realization`` -> ``"actual"``, ``projection`` ->
      ``"projection"``. Source ``"Tabel 2.2 line N"``.
    * facts whose ``quantity`` is ``tpt``, ``tpak`` or ``tkk`` (any case) ->
      ``"actual"``; ``tpt_estimate``, ``tpak_estimate`` or ``tkk_estimate`` (the
      narrative's estimate for the running year) -> ``"estimate"``, and so is a
      rate whose ``period`` is ``"year_estimate"`` (the facts file's way of
      writing "diperkirakan sampai dengan akhir tahun"). ``target_stated`` whose
      ``subject`` names one of the indicators -> ``"target"`` (so a narrative
      target that differs from Tabel 2.2 shows up as a conflict). Otherwise only
      facts for a whole year (``period == "year"``) are used; others go to
      ``dropped``. Source ``"narrative line N"``.
    * ``extra``: a CSV read by :func:`renja_lib.read.user_tables.read_table`
      (UTF-8, UTF-16 with a BOM or cp1252; ``,``, ``;``, tab or ``|``; the
      decimal mark of the value column told from its cells, ``6,23`` or ``6.23``)
      with columns region, indicator (key or any known name), year, kind (one of
      ``KINDS``), value, and optionally source and series_break (true/false,
      default false). Source ``"<file name> row L"`` (L = line in the file), plus
      ``": <source>"`` when the row gives one. Any bad cell raises
      :class:`RenjaError` naming the file, the row and the column; so does a share
      (all three indicators) outside 0-100. Also a BPS download (the website's
      table as ``.csv``/``.xlsx``, or a WebAPI answer saved as ``.json``), read by
      :func:`renja_lib.read.bps.read_bps`: its annual (August) figures of every
      region it holds; or a list of such files.

    Empty values (NaN in the document, empty or ``-`` in the CSV) are not
    observations: they are left out and listed in ``dropped``.

    A document that gives no value for any of the indicators (the Renja of a
    health, education or public-works office) is not an error: its own rows are
    empty and ``SeriesResult.reason`` is :data:`NO_INDICATORS`; no figure of
    another document or region is put in their place.

    Where one rate of TKK = 100 - TPT has a realised figure for a region and year and the other has none, the
    other is derived (:func:`renja_lib.analyse.rates.derive_complements`: ``derived_from`` names the basis, the
    source is ``"100 - TPT (<its source>)"``; never from an estimate or a target, never over a published
    figure); both published and not adding up to 100: ``SeriesResult.mismatches``.

    Values are merged per region, indicator, year and kind: equal values (within
    ``VALUE_TOLERANCE``) become one row whose source joins all sources in order
    (``"Tabel 2.2 line 655; narrative line 318"``) and whose ``series_break`` is
    true if any was. Different values are never overwritten: every one stays, with
    its sources, and ``conflict`` is True on each; ``SeriesResult.conflicts`` lists
    them.

    Returns a :class:`SeriesResult`; its ``frame`` has the columns
    ``SERIES_COLUMNS`` (region, indicator, kind and source text; year int; value
    float; series_break and conflict bool), sorted by region, indicator (TPT,
    TPAK, TKK), year and kind.

    >>> from types import SimpleNamespace
    >>> doc = SimpleNamespace(
    ...     path=Path("renja.txt"),
    ...     service_indicators=pd.DataFrame({"indicator": ["Tingkat Pengangguran Terbuka"] * 2,
    ...         "measure": ["target", "realization"], "year": [2021, 2021], "value": [5.71, 6.23],
    ...         "unit": "%", "note": "", "source_line": 655}),
    ...     facts=pd.DataFrame({"quantity": ["tpt"], "subject": ["Kota Pasuruan"], "year": [2021],
    ...         "period": ["year"], "value": [6.23], "unit": ["%"], "quote": [""], "source_line": [318]}))
    >>> print(series(doc).frame[["indicator", "year", "kind", "value", "source"]].to_string(index=False))
    indicator  year           kind  value                                             source
          TPT  2021         actual   6.23             Tabel 2.2 line 655; narrative line 318
          TPT  2021         target   5.71                                 Tabel 2.2 line 655
          TPT  2021 renstra_target   5.71                                 Tabel 2.2 line 655
          TKK  2021         actual  93.77 100 - TPT (Tabel 2.2 line 655; narrative line 318)
    """
    if region is None:
        identity = getattr(doc, "identity", None)
        region = (getattr(identity, "region", None) or "") if identity is not None else ""
    elif not isinstance(region, str) or not region.strip():
        raise RenjaError(Message("errors_analyse.labour.region", example="Kabupaten Sidoarjo", got=region))
    rows, dropped = _doc_rows(doc, region.strip())
    reason = None if rows else NO_INDICATORS
    files = _extra_files(extra)
    if files:
        extra_rows, extra_dropped = _read_extra(files)
        rows += extra_rows
        dropped += extra_dropped
    frame, rounded = _merge(_work_frame(rows))
    frame, mismatches = derive_complements(frame)
    frame = _sorted(frame)
    conflicts = frame[frame["conflict"]].reset_index(drop=True)
    return SeriesResult(frame, conflicts, _dropped_frame(dropped), region.strip(), reason, rounded, mismatches)


# ====================================================================== gap to target
_GAP_COLUMNS = [
    "region", "indicator", "year", "realised_kind", "realised", "target", "gap_pp", "direction",
    "method", "formula", "achievement", "band_key", "basis", "realised_source", "target_source", "conflict",
    "derived_from",
]
#: Two rates are complements when they add up to 100 within this many points (two figures rounded to two
#: decimals, as :func:`check_tkk_tpt` allows).
_COMPLEMENT_TOLERANCE = 0.01


def gap_to_target(
    series: SeriesResult | pd.DataFrame, method: str = "two_minus", *, pair_basis: str | None = None
) -> pd.DataFrame:
    """Realised values against their targets, per region, indicator and year.

    ``series`` is what :func:`series` returns (or its ``frame``). For every region,
    indicator and year with a ``"target"`` and a realised value, one row:

    * ``realised_kind``: ``"actual"``, or ``"estimate"`` where the year has no actual;
    * ``realised``, ``target``, ``gap_pp`` = realised - target in percentage points
      (for TPT, where lower is better, a positive gap is a shortfall);
    * ``direction`` from ``data/indicators.csv``; ``method`` applied (``method``
      where lower is better, ``"ratio"`` otherwise) and its ``formula``;
    * ``achievement`` by :func:`renja_lib.analyse.ratings.achievement`, its ``band_key``
      (a code; its words are the catalogue's ``analysis.band.<key>``). Only an
      actual value is rated (:func:`renja_lib.analyse.ratings.is_rated`): an
      estimate, which stands in for a figure not released yet, has no achievement
      and the band key ``not_released``;
    * ``basis``: the indicator whose achievement rates the row, the row's own
      unless ``pair_basis`` says otherwise;
    * ``derived_from``: the indicator the realised value is derived from (TKK = 100 - TPT), else ``""``;
    * ``realised_source``, ``target_source``; ``conflict``: True where either value
      is one of several conflicting values, in which case every combination gets
      a row so that nothing is hidden.

    TKK and TPT are one fact (TKK = 100 - TPT, :data:`COMPLEMENTS`), yet the same
    miss in points weighs differently against a small rate and a large one, so
    their formulas can rate it in different bands. ``pair_basis`` (:data:`PAIR_BASES`)
    lets the analyst rate both on one basis: ``"TPT"`` gives TKK the achievement,
    method and band of TPT where both are rated in a year and add up to 100 (and
    ``"TKK"`` the other way round); None (the default) rates each by its own
    formula, and :func:`complement_pairs` says where the two disagree.

    >>> frame = pd.DataFrame({"region": "Kota Pasuruan", "indicator": "TPT", "year": 2021,
    ...     "kind": ["actual", "target"], "value": [6.23, 5.71],
    ...     "source": "Tabel 2.2 line 655", "series_break": False, "conflict": False})
    >>> gap = gap_to_target(frame, method="inverse_ratio")
    >>> row = gap.loc[0]
    >>> round(float(row["gap_pp"]), 2), round(float(row["achievement"]), 2), row["method"], row["band_key"]
    (0.52, 91.65, 'inverse_ratio', 'very_high')
    """
    applied_method("lower_is_better", method)  # checks method
    if pair_basis not in PAIR_BASES:
        raise RenjaError(Message("errors_analyse.one_of", arg="pair_basis", allowed=list(PAIR_BASES),
                                 got=pair_basis))
    frame = series.frame if isinstance(series, SeriesResult) else series
    if not isinstance(frame, pd.DataFrame):
        raise RenjaError(Message("errors_analyse.labour.gap.not_series", type=type(series).__name__))
    needed = ["region", "indicator", "year", "kind", "value", "source", "conflict"]
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise RenjaError(Message("errors_analyse.labour.gap.missing_columns", missing=missing))
    meta = _metadata().set_index("key")
    unknown = sorted(set(frame["indicator"]) - set(meta.index))
    if unknown:
        raise RenjaError(Message("errors_analyse.labour.gap.unknown_indicators", unknown=unknown))

    keys = ["region", "indicator", "year"]
    if "derived_from" not in frame.columns:
        frame = frame.assign(derived_from="")
    cols = [*keys, "value", "source", "conflict", "derived_from"]
    actual = frame.loc[frame["kind"] == "actual", cols].assign(realised_kind="actual")
    estimate = frame.loc[frame["kind"] == "estimate", cols].assign(realised_kind="estimate")
    has_actual = estimate.set_index(keys).index.isin(actual.set_index(keys).index)
    realised = pd.concat([actual, estimate[~has_actual]], ignore_index=True)
    target = frame.loc[frame["kind"] == "target", cols]
    out = realised.merge(target, on=keys, suffixes=("_r", "_t"), how="inner")

    direction = out["indicator"].map(meta["direction"])
    higher = achievement(out["value_t"], out["value_r"], "higher_is_better", method)
    lower = achievement(out["value_t"], out["value_r"], "lower_is_better", method)
    rated = out["realised_kind"].map(is_rated).astype(bool)
    ach = higher.where(direction == "higher_is_better", lower).where(rated)
    bands = band_frame(ach)["band_key"].where(rated, NOT_RELEASED_BAND_KEY)
    used = direction.map(lambda d: applied_method(d, method))
    result = pd.DataFrame({
        "region": out["region"], "indicator": out["indicator"], "year": out["year"],
        "realised_kind": out["realised_kind"], "realised": out["value_r"], "target": out["value_t"],
        "gap_pp": out["value_r"] - out["value_t"], "direction": direction,
        "method": used, "formula": used.map(FORMULAS), "achievement": ach,
        "band_key": bands, "basis": out["indicator"],
        "realised_source": out["source_r"], "target_source": out["source_t"],
        "conflict": out["conflict_r"].astype(bool) | out["conflict_t"].astype(bool),
        "derived_from": out["derived_from_r"].fillna("").astype(str),
    }, columns=_GAP_COLUMNS)
    if pair_basis is not None:
        result = _rate_on_basis(result, pair_basis)
    result = result.sort_values([*keys, "realised", "target"], key=_order_key, kind="stable")
    return result.reset_index(drop=True).astype({
        "region": "str", "indicator": "str", "year": "int64", "realised_kind": "str",
        "realised": "float64", "target": "float64", "gap_pp": "float64", "direction": "str",
        "method": "str", "formula": "str", "achievement": "float64", "band_key": "str", "basis": "str",
        "realised_source": "str", "target_source": "str", "conflict": "bool", "derived_from": "str",
    })


def _pairs(gaps: pd.DataFrame) -> list[tuple[Any, Any]]:
    """(index of the indicator's row, index of its complement's row) of each region and year where both are
    rated from one actual value and one target each, and realised values and targets add up to 100."""
    rows = gaps[(gaps["realised_kind"] == "actual") & ~gaps["conflict"].astype(bool)]
    where = {(r, i, y): index for index, r, i, y in zip(rows.index, rows["region"], rows["indicator"], rows["year"])}
    found = []
    for (region, indicator, year), index in where.items():
        other = where.get((region, COMPLEMENTS.get(indicator), year))
        if other is None:
            continue
        a, b = gaps.loc[index], gaps.loc[other]
        if all(abs(a[c] + b[c] - 100) <= _COMPLEMENT_TOLERANCE + 1e-9 for c in ("realised", "target")):
            found.append((index, other))
    return found


def _rate_on_basis(result: pd.DataFrame, basis: str) -> pd.DataFrame:
    """Give each row of a complement pair the achievement, method, formula and band of the ``basis`` indicator."""
    out = result.copy()
    for index, other in _pairs(result):
        if out.at[index, "indicator"] == basis:
            index, other = other, index
        for column in ("method", "formula", "achievement", "band_key", "basis"):
            out.at[index, column] = result.at[other, column]
    return out


_PAIR_COLUMNS = ["region", "year", "indicator", "complement", "gap_pp", "target", "complement_target",
                 "achievement", "complement_achievement", "band_key", "complement_band_key", "same_band"]


def complement_pairs(gaps: pd.DataFrame) -> pd.DataFrame:
    """Each indicator beside its complement (TKK beside TPT, :data:`COMPLEMENTS`) in the years both are rated.

    ``gaps`` is :func:`gap_to_target`'s frame. One row per region and year where
    both are rated from an actual value against a target and the two add up to 100
    (realised values and targets, within 0,01 point): the gap in points (the same
    for both, opposite signs), both targets, both achievements and bands, and
    ``same_band``. Where ``same_band`` is False the two formulas rate one fact in
    two bands: a report says so and why (the gap weighs differently against a
    small target than against a large one).

    >>> import renja_lib
    >>> pairs = complement_pairs(gap_to_target(series(renja_lib.load())))
    >>> pairs[["indicator", "complement", "band_key", "complement_band_key", "same_band"]].values.tolist()
    [['TKK', 'TPT', 'very_high', 'high', False]]
    """
    records = []
    for index, other in _pairs(gaps):
        a, b = gaps.loc[index], gaps.loc[other]
        records.append({"region": a["region"], "year": a["year"], "indicator": a["indicator"],
                        "complement": b["indicator"], "gap_pp": a["gap_pp"], "target": a["target"],
                        "complement_target": b["target"], "achievement": a["achievement"],
                        "complement_achievement": b["achievement"], "band_key": a["band_key"],
                        "complement_band_key": b["band_key"], "same_band": a["band_key"] == b["band_key"]})
    return pd.DataFrame.from_records(records, columns=_PAIR_COLUMNS).astype({"same_band": "bool"})


def prefer_source(frame: pd.DataFrame, prefer: str = "Tabel") -> pd.DataFrame:
    """One value per region, indicator, year and kind, for a chart: where sources conflict,
    keep the row whose source mentions ``prefer`` (the document's table by default).

    The conflict itself stays visible in :attr:`SeriesResult.conflicts`; this only
    chooses what a chart draws, and never changes ``frame``.

    >>> f = pd.DataFrame({"region": ["R", "R"], "indicator": ["TPAK"] * 2, "year": [2021] * 2,
    ...                   "kind": ["target"] * 2, "value": [67.78, 67.8],
    ...                   "source": ["Tabel 2.2 line 657", "narrative line 312"],
    ...                   "series_break": [False] * 2, "conflict": [True] * 2})
    >>> prefer_source(f)["value"].tolist()
    [67.78]
    """
    key = ["region", "indicator", "year", "kind"]
    if frame.empty:
        return frame.copy()
    score = (~frame["source"].astype(str).str.contains(prefer, regex=False)).astype(int)
    ordered = frame.assign(_score=score).sort_values(key + ["_score"], kind="stable")
    out = ordered.drop_duplicates(key, keep="first").drop(columns="_score")
    return out.sort_index().reset_index(drop=True)
