"""Performance achievement: recomputed from Tabel 2.1, rolled up, against the Renstra and against spending.

Achievement (*tingkat capaian*) is computed by :func:`renja_lib.analyse.ratings.achievement`
from each indicator's target and realised value, and rated with the bands of
``data/rating_bands.csv`` (:func:`renja_lib.analyse.ratings.band_frame`).

Direction of an indicator
-------------------------
Almost every indicator of a Renja is higher-is-better. The direction of an
indicator is, in this order:

1. the caller's ``directions`` mapping, keyed by indicator name (case and
   spacing ignored) or by code (every indicator of that code):
   ``direction_source`` ``caller``;
2. the document's directions file, ``<document stem>.directions.csv`` beside
   it, or the file the caller names (``directions_file=``), read by
   :func:`renja_lib.read.directions.read_directions` (columns ``indicator`` or
   ``code``, ``direction``, optional ``note``; every row checked against the
   document's indicators): ``file (NAME:ROW)``;
3. the indicator metadata (``data/indicators.csv`` via
   :func:`renja_lib.analyse.labour.indicator_key`): a name that *is* a known indicator
   such as ``Tingkat Pengangguran Terbuka`` takes its polarity: ``metadata (TPT)``;
4. otherwise the direction is not known, and the achievement is the
   document's own formula, realised / target x 100, as Tabel 2.1 computes it
   (column 8 = 7/6, column 11 = 10/4): ``direction`` ``higher_is_better``,
   ``direction_source`` :data:`DOCUMENT_FORMULA`. This is what the document
   computes, not a polarity the project claims to know;
   :func:`unknown_directions` lists these indicators, so that a report can name
   them and say how to set their direction.

A name is never judged by the words in it (``Jumlah pengangguran ... yang dipekerjakan`` mentions unemployment:
the document's formula, like any name the project does not know). Lower-is-better indicators use the caller's
``method`` (:data:`renja_lib.analyse.ratings.METHODS`), named in ``method`` and ``formula`` on every row.

Reported against recomputed
---------------------------
Bands are given to the exact ratio: the achievement is rounded to nine decimals before banding, so that
floating-point noise (4,55 / 5 x 100 computes as 90.99999999999999) cannot move a value below a band's edge.

The document prints achievements rounded (``109%``). A reported value agrees with the recomputed one when they
differ by at most half a unit of the last decimal written (0,5 for ``109%``, 0,005 for ``98,14%``). Rows are
never dropped: ``status`` is ``consistent``, ``differs`` (beyond rounding),
``reported_only`` (a reported achievement the figures cannot give),
``recomputed_only`` (figures without a reported achievement), ``unit_mismatch``
(target and realised value in different units) or ``no_data``;
:func:`reported_differences` lists all rows that are not ``consistent`` or
``no_data``.

Roll-up and efficiency
----------------------
:func:`rollup` averages the achievements per activity or programme, either of
the indicators written on the unit's own rows (``scope="own"``) or of every
indicator at or below it (``scope="all"``), with the count of indicators and
of those without data.

**The average achievement of a programme** is one defined average, the same wherever it is shown (the roll-up's
sentence and chart, the efficiency view): the mean of the achievements of every indicator of the programme and
of the activities below it that has data (:data:`AVERAGE_SCOPE` ``"all"``), each as computed, not capped
(:data:`AVERAGE_CAP` None). Both functions take it as their default; a caller who asks for another
(``scope="own"``, ``cap=100``) gets its name in the frame (``scope``, ``cap``) and in every sentence and chart note.

:func:`efficiency` sets each programme's average achievement against its budget
absorption of the same year (:func:`renja_lib.analyse.budget.absorption`, the
reading the document supports) and names the case. In budget practice low
absorption at year end is a warning in itself (money planned and not spent),
so the cases are:

===================  ==================  ===========================  ==============================================
achievement          absorption          code                         label (id / en)
===================  ==================  ===========================  ==============================================
>= threshold         >= threshold        ``on_track``                 sesuai rencana / on track
>= threshold         < threshold         ``underspent_achieved``      target tercapai, anggaran tidak terserap:
                                                                      periksa / achieved but under-spent: check
< threshold          >= threshold        ``spent_not_achieved``       anggaran terserap, target tidak tercapai /
                                                                      spent, target missed
< threshold          < threshold         ``lagging``                  tertinggal / lagging
===================  ==================  ===========================  ==============================================

Both thresholds default to :data:`DEFAULT_THRESHOLD`, 91, the lower bound of the top rating band ("sangat
tinggi"), and are parameters the chart names. A programme whose absorption figures contradict each other with
nothing in the document to settle them gets ``conflict``; one without either figure ``no_data``. The threshold
is for a whole year: quarterly absorption is set against a planned schedule (:func:`.budget.s_curve`).
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..parse.codes import parse_code
from ..errors import RenjaError
from ..read.directions import DirectionsFile, directions_path_for, normalise_name, read_directions
from ..text.catalogue import Message
from .labour import indicator_key, indicator_metadata
from .ratings import BANDS, DIRECTIONS, FORMULAS, achievement, applied_method, band_frame

__all__ = [
    "SCOPES",
    "STATUSES",
    "QUADRANTS", "QUADRANT_OF",
    "DEFAULT_THRESHOLD",
    "AVERAGE_SCOPE",
    "AVERAGE_CAP",
    "DOCUMENT_FORMULA",
    "indicator_direction",
    "directions_for",
    "directions_file_for",
    "unknown_directions",
    "achievement_table",
    "reported_differences",
    "rollup",
    "renstra_progress",
    "Efficiency",
    "efficiency",
]

#: Which indicators a roll-up averages: the unit's own rows, or everything at or below it.
SCOPES: tuple[str, ...] = ("own", "all")
#: Status of a reported achievement against the recomputed one.
STATUSES: tuple[str, ...] = ("consistent", "differs", "reported_only", "recomputed_only", "unit_mismatch", "no_data")
#: Cases of the efficiency view, as codes; their words are the catalogue's ``analysis.quadrant.<code>``.
QUADRANTS: tuple[str, ...] = ("on_track", "underspent_achieved", "spent_not_achieved", "lagging", "conflict",
                              "no_data")
#: Default threshold of achievement and absorption: the lower bound of the top rating band ("sangat tinggi").
DEFAULT_THRESHOLD: float = float(BANDS[0].lower)
#: The average achievement of a programme: of every indicator at or below it ...
AVERAGE_SCOPE = "all"
#: ... each as computed, not capped (see the module docstring).
AVERAGE_CAP: float | None = None
#: ``direction_source`` of an indicator whose direction is not known (neither the caller, nor the directions
#: file, nor ``data/indicators.csv`` gives it): its achievement is the document's own formula,
#: realised / target x 100, as Tabel 2.1 computes it.
DOCUMENT_FORMULA = "document_formula"
#: The quadrant of a programme by (achievement at or above its threshold, absorption at or above its threshold).
QUADRANT_OF: dict[tuple[bool, bool], str] = {(True, True): "on_track", (True, False): "underspent_achieved",
                                             (False, True): "spent_not_achieved", (False, False): "lagging"}

_REQUIRED = ["code", "indicator", "measure", "year", "value", "source_line"]
_LEVEL_PARTS = {"program": 3, "kegiatan": 5}
_NUMBER_IN_RAW = re.compile(r"\d[\d.]*(?:,(\d+))?")
#: Achievements are banded after rounding to this many decimals, so that a ratio such as
#: 4,55 / 5 x 100, which binary floating point gives as 90.99999999999999, is banded as the
#: 91 it is (the value shown is not rounded).
_BAND_DECIMALS = 9


# ====================================================================== inputs
def _evaluation(source: Any) -> pd.DataFrame:
    """The long Tabel 2.1 frame of a Renja, or a frame in the same shape."""
    frame = source.evaluation if hasattr(source, "evaluation") else source
    if not isinstance(frame, pd.DataFrame):
        raise RenjaError(Message("errors_analyse.performance.evaluation.type", type=type(source).__name__))
    missing = [c for c in _REQUIRED if c not in frame.columns]
    if missing:
        raise RenjaError(Message("errors_analyse.performance.evaluation.columns", missing=missing,
                                 required=_REQUIRED))
    out = frame.copy()
    for col in ("raw", "unit", "name", "level"):
        if col not in out.columns:
            out[col] = pd.NA
    return out


_norm = normalise_name


def _check_directions(directions: Mapping[str, str] | None) -> dict[str, str]:
    if directions is None:
        return {}
    if not isinstance(directions, Mapping):
        raise RenjaError(Message("errors_analyse.performance.directions", type=type(directions).__name__))
    out = {}
    for key, value in directions.items():
        if value not in DIRECTIONS:
            raise RenjaError(Message("errors_analyse.one_of", arg=f"directions[{key!r}]", allowed=list(DIRECTIONS),
                                     got=value))
        out[_norm(key)] = value
    return out


def indicator_direction(indicator: str, code: str | None = None,
                        directions: Mapping[str, str] | None = None) -> tuple[str, str]:
    """The direction of an indicator and the rule that gave it: ``(direction, source)``.

    ``source`` is ``"caller"``, ``"metadata (TPT)"`` or :data:`DOCUMENT_FORMULA`
    (the direction is not known: the document's own formula); see the module
    docstring for the order of the rules. A directions file belongs to a document:
    :func:`achievement_table` and the functions after it read it.

    >>> indicator_direction("Tingkat Pengangguran Terbuka")
    ('lower_is_better', 'metadata (TPT)')
    >>> indicator_direction("Jumlah pengangguran dan setengah pengangguran yang dipekerjakan")
    ('higher_is_better', 'document_formula')
    >>> indicator_direction("Jumlah kasus", directions={"jumlah kasus": "lower_is_better"})
    ('lower_is_better', 'caller')
    """
    return _direction(indicator, code, _Rules(_check_directions(directions)))


@dataclass(frozen=True)
class _Rules:
    """Where directions come from: the caller's mapping (normalised keys) and the document's directions file."""

    given: dict[str, str]
    file: DirectionsFile | None = None


def _direction(indicator: Any, code: Any, rules: _Rules) -> tuple[str, str]:
    given = rules.given
    if _norm(indicator) in given:
        return given[_norm(indicator)], "caller"
    if isinstance(code, str) and _norm(code) in given:
        return given[_norm(code)], "caller"
    key = indicator_key(indicator) if isinstance(indicator, str) else None
    if key is not None and _norm(key) in given:
        return given[_norm(key)], "caller"
    rule = rules.file.lookup(indicator, code) if rules.file is not None else None
    if rule is not None:
        return rule.direction, rules.file.source(rule)
    if key is not None:
        return _metadata_directions()[key], f"metadata ({key})"
    return "higher_is_better", DOCUMENT_FORMULA


def directions_file_for(source: Any, directions_file: str | Path | None = None) -> Path | None:
    """The directions file the functions of this module read for ``source``, or None.

    ``directions_file`` when given (it must exist); else, for a Renja, its
    ``<document stem>.directions.csv`` when that file exists beside the document
    (:func:`renja_lib.read.directions.directions_path_for`); else None (a frame has
    no document beside which to look).

    >>> import renja_lib
    >>> directions_file_for(renja_lib.load()) is None    # the bundled document has none
    True
    """
    if directions_file is not None:
        if isinstance(directions_file, bool) or not isinstance(directions_file, (str, Path)):
            raise RenjaError(Message("errors_analyse.performance.directions_file.not_path",
                                     type=type(directions_file).__name__, got=directions_file))
        path = Path(directions_file)
        if not path.exists():
            raise RenjaError(Message("errors_analyse.performance.directions_file.not_found"), path=path)
        return path
    document = getattr(source, "path", None)
    if isinstance(document, (str, Path)):
        beside = directions_path_for(document)
        if beside.exists():
            return beside
    return None


def _rules(source: Any, frame: pd.DataFrame, directions: Mapping[str, str] | None,
           directions_file: str | Path | None) -> _Rules:
    """The caller's directions and those of the directions file of ``source`` (checked against ``frame``)."""
    given = _check_directions(directions)
    path = directions_file_for(source, directions_file)
    if path is None:
        return _Rules(given)
    pairs = frame[["code", "indicator"]].dropna(subset=["indicator"]).drop_duplicates()
    return _Rules(given, read_directions(path, allowed=DIRECTIONS, indicators=pairs.itertuples(index=False)))


def directions_for(source: Any, *, directions: Mapping[str, str] | None = None,
                   directions_file: str | Path | None = None):
    """The direction of any indicator of ``source`` as this module decides it: a function ``(indicator, code)``
    -> ``(direction, direction_source)`` under the same rules as :func:`achievement_table` (the caller's
    ``directions``, the directions file beside the document, ``indicators.csv``, else the document's formula),
    so that another part of the tool (the audit) rates an indicator as the performance page does.

    >>> import renja_lib
    >>> direction = directions_for(renja_lib.load())
    >>> direction("Tingkat Pengangguran Terbuka", None)
    ('lower_is_better', 'metadata (TPT)')
    """
    frame = _evaluation(source)
    rules = _rules(source, frame, directions, directions_file)
    return lambda indicator, code=None: _direction(indicator, code, rules)


@lru_cache(maxsize=1)
def _metadata_directions() -> dict[str, str]:
    meta = indicator_metadata()
    return dict(zip(meta["key"], meta["direction"]))


def _tolerance(raw: Any) -> float:
    """Half a unit of the last decimal written in ``raw`` (``109%`` -> 0.5); 0.005 when unknown."""
    if not isinstance(raw, str):
        return 0.005
    m = _NUMBER_IN_RAW.search(raw)
    if not m:
        return 0.005
    decimals = len(m.group(1)) if m.group(1) else 0
    return 0.5 * 10 ** -decimals


def _prefix(code: Any, level: str) -> Any:
    if not isinstance(code, str):
        return pd.NA
    parts = code.split(".")
    n = _LEVEL_PARTS[level]
    return ".".join(parts[:n]) if len(parts) >= n else pd.NA


def _level_of(code: Any, given: Any) -> Any:
    if isinstance(given, str) and given:
        return given
    parsed = parse_code(code) if isinstance(code, str) else None
    return parsed.level if parsed else pd.NA


def _wide(frame: pd.DataFrame, columns: dict[str, tuple[str, int]]) -> pd.DataFrame:
    """One row per indicator line: value and raw text of each wanted (measure, year).

    Tabel 2.1 is printed in two halves (``part``) that repeat every indicator;
    only the halves that hold a value for the wanted columns are used, so that
    an indicator is not listed a second time, empty, from the other half.
    """
    keys = ["source_line", "code", "indicator"]
    if "part" in frame.columns and frame["part"].notna().any():
        wanted = pd.Series(False, index=frame.index)
        for measure, year in columns.values():
            wanted |= (frame["measure"] == measure) & (frame["year"] == year)
        parts = frame.loc[wanted & frame["value"].notna(), "part"].dropna().unique()
        if len(parts):
            frame = frame[frame["part"].isin(parts)]
    base = frame.drop_duplicates(keys)[[*keys, "name", "level", *({"source_table"} & set(frame.columns))]]
    base = base.set_index(keys)
    for out, (measure, year) in columns.items():
        sel = frame[(frame["measure"] == measure) & (frame["year"] == year)].drop_duplicates(keys).set_index(keys)
        base[out] = sel["value"].astype(float)
        base[out + "_raw"] = sel["raw"]
        base[out + "_unit"] = sel["unit"]
    base = base[base[[*columns, *(c + "_raw" for c in columns)]].notna().any(axis=1)]
    return base.reset_index()


def _latest_year(frame: pd.DataFrame, measure: str, what: str = "year") -> int:
    """The latest year of ``measure``; ``what`` (``year``, ``renstra_year``, ``year_to_date``) names it in the error."""
    rows = frame[frame["measure"] == measure]
    if rows.empty:
        raise RenjaError(Message(f"errors_analyse.performance.no_values.{what}", measure=measure))
    with_values = rows[rows["value"].notna()]
    years = (with_values if not with_values.empty else rows)["year"].dropna()
    return int(years.max())


def _comparison(recomputed: pd.Series, reported: pd.Series, reported_raw: pd.Series,
                units_differ: pd.Series) -> pd.DataFrame:
    tolerance = reported_raw.map(_tolerance).astype(float)
    difference = recomputed - reported
    within = difference.abs() <= tolerance + 1e-9
    status = np.select(
        [units_differ & recomputed.notna(),
         recomputed.notna() & reported.notna() & within,
         recomputed.notna() & reported.notna(),
         reported.notna(),
         recomputed.notna()],
        ["unit_mismatch", "consistent", "differs", "reported_only", "recomputed_only"],
        default="no_data",
    )
    consistent = pd.array([True if s == "consistent" else (False if s == "differs" else pd.NA) for s in status],
                          dtype="boolean")
    return pd.DataFrame({"difference": difference, "tolerance": tolerance, "consistent": consistent,
                         "status": pd.array(status, dtype="string")}, index=recomputed.index)


def _achieve(target: pd.Series, realised: pd.Series, direction: pd.Series, method: str) -> pd.Series:
    higher = achievement(target, realised, "higher_is_better", method)
    lower = achievement(target, realised, "lower_is_better", method)
    return higher.where(direction == "higher_is_better", lower).astype(float)


# ====================================================================== achievement per indicator
_TABLE_COLUMNS = [
    "year", "programme", "activity", "code", "level", "name", "indicator", "unit", "target", "realised",
    "direction", "direction_source", "method", "formula", "achievement", "band_key", "reported",
    "reported_text", "difference", "tolerance", "consistent", "status", "source_line", "source_table",
]


def achievement_table(source: Any, *, year: int | None = None, method: str = "two_minus",
                      directions: Mapping[str, str] | None = None,
                      directions_file: str | Path | None = None) -> pd.DataFrame:
    """Achievement of every indicator of Tabel 2.1 for ``year``, recomputed, rated and set against the reported one.

    ``source`` is a Renja (``renja_lib.load()``) or a frame shaped like its
    ``evaluation``; ``year`` defaults to the latest year with realised values
    (2021 in the bundled document: columns 6, 7 and 8 = 7/6). ``method`` is used
    for lower-is-better indicators; ``directions`` overrides directions, then
    ``directions_file`` (default: ``<document stem>.directions.csv`` beside a
    Renja's document, when it exists; see the module docstring). One row per
    indicator line of the table, in the table's order:

    ``year``, ``programme``, ``activity`` (codes; activity missing for a
    programme's own indicator), ``code``, ``level``, ``name``, ``indicator``,
    ``unit``, ``target``, ``realised``, ``direction``, ``direction_source``
    (``caller``, ``file (NAME:ROW)``, ``metadata (KEY)`` or :data:`DOCUMENT_FORMULA`),
    ``method`` (the method applied: ``ratio`` where higher is better),
    ``formula``, ``achievement`` (%, not capped), ``band_key`` (a code: the
    catalogue's ``analysis.band.<key>`` has its words), ``reported`` (the table's achievement), ``reported_text`` (as
    written), ``difference`` (recomputed - reported), ``tolerance`` (rounding of
    the reported value as written), ``consistent``, ``status`` (:data:`STATUSES`),
    ``source_line``, ``source_table`` (the table the line stands in, as the document names it: ``Tabel 2.1``).

    >>> import renja_lib
    >>> t = achievement_table(renja_lib.load())
    >>> row = t[t.source_line == 491].iloc[0]          # Program Penempatan Tenaga Kerja
    >>> round(float(row.achievement), 2), float(row.reported), row.band_key, row.status
    (170.23, 170.0, 'very_high', 'consistent')
    """
    applied_method("lower_is_better", method)
    frame = _evaluation(source)
    given = _rules(source, frame, directions, directions_file)
    if year is None:
        year = _latest_year(frame, "realization")
    wide = _wide(frame, {"target": ("target", year), "realised": ("realization", year),
                         "reported": ("achievement_reported", year)})
    if wide.empty:
        raise RenjaError(Message("errors_analyse.performance.no_year", year=year))
    return _indicator_frame(wide, year, "target", "realised", "reported", method, given)


def _indicator_frame(wide: pd.DataFrame, year: int, target: str, realised: str, reported: str, method: str,
                     given: _Rules) -> pd.DataFrame:
    found = [_direction(i, c, given) for i, c in zip(wide["indicator"], wide["code"])]
    direction = pd.Series([d for d, _ in found], index=wide.index, dtype="string")
    ach = _achieve(wide[target], wide[realised], direction, method)
    units_differ = (wide[target + "_unit"].notna() & wide[realised + "_unit"].notna()
                    & (wide[target + "_unit"].astype("string") != wide[realised + "_unit"].astype("string")))
    units_differ = units_differ.fillna(False).astype(bool)
    comp = _comparison(ach, wide[reported], wide[reported + "_raw"], units_differ)
    bands = band_frame(ach.round(_BAND_DECIMALS))
    used = direction.map(lambda d: applied_method(d, method))
    level = pd.Series([_level_of(c, lv) for c, lv in zip(wide["code"], wide["level"])], index=wide.index)
    out = pd.DataFrame({
        "year": year,
        "programme": wide["code"].map(lambda c: _prefix(c, "program")),
        "activity": wide["code"].map(lambda c: _prefix(c, "kegiatan")),
        "code": wide["code"],
        "level": level,
        "name": wide["name"],
        "indicator": wide["indicator"],
        "unit": wide[target + "_unit"].combine_first(wide[realised + "_unit"]),
        "target": wide[target],
        "realised": wide[realised],
        "direction": direction,
        "direction_source": [s for _, s in found],
        "method": used,
        "formula": used.map(FORMULAS),
        "achievement": ach,
        "band_key": bands["band_key"],
        "reported": wide[reported],
        "reported_text": wide[reported + "_raw"],
        **{c: comp[c] for c in ("difference", "tolerance", "consistent", "status")},
        "source_line": wide["source_line"], "source_table": wide.get("source_table", pd.NA),
    })
    out = out.sort_values("source_line", kind="stable").reset_index(drop=True)
    return out[_TABLE_COLUMNS].astype({
        "year": "int64", "programme": "string", "activity": "string", "code": "string", "level": "string",
        "name": "string", "indicator": "string", "unit": "string", "target": "float64", "realised": "float64",
        "direction": "string", "direction_source": "string", "method": "string", "formula": "string",
        "achievement": "float64", "band_key": "string", "reported": "float64",
        "reported_text": "string", "difference": "float64", "tolerance": "float64", "status": "string",
        "source_line": "Int64", "source_table": "string",
    })


def _table(source: Any, method: str, directions: Mapping[str, str] | None,
           directions_file: str | Path | None = None, year: int | None = None) -> pd.DataFrame:
    if isinstance(source, pd.DataFrame) and "achievement" in source.columns:
        return source
    return achievement_table(source, year=year, method=method, directions=directions,
                             directions_file=directions_file)


def reported_differences(source: Any, *, method: str = "two_minus",
                         directions: Mapping[str, str] | None = None,
                         directions_file: str | Path | None = None) -> pd.DataFrame:
    """The rows of :func:`achievement_table` (or of :func:`renstra_progress`) whose reported figure is not confirmed.

    ``source`` is such a table, or a Renja (then the achievement table with the
    given ``method``, ``directions`` and ``directions_file``). Keeps every row
    whose ``status`` is ``differs``, ``reported_only``, ``recomputed_only`` or
    ``unit_mismatch``, in the order of the document; the bundled document has none (every printed achievement is
    its figures' ratio, rounded).

    >>> import renja_lib
    >>> len(reported_differences(renja_lib.load()))
    0
    """
    if isinstance(source, pd.DataFrame) and "status" in source.columns:
        table = source
    else:
        table = _table(source, method, directions, directions_file)
    if "status" not in table.columns:
        raise RenjaError(Message("errors_analyse.performance.differences_source"))
    keep = ~table["status"].isin(["consistent", "no_data"])
    return table[keep].reset_index(drop=True)


# ====================================================================== directions not known
_UNKNOWN_COLUMNS = ["indicator", "codes", "source_line", "n_lines"]
_UNKNOWN_NEEDS = {"indicator", "code", "direction_source", "source_line"}


def unknown_directions(*tables: pd.DataFrame) -> pd.DataFrame:
    """The indicators whose direction is not known (:data:`DOCUMENT_FORMULA`), each once, in the document's order.

    ``tables`` are tables of :func:`achievement_table` and :func:`renstra_progress`
    (a report lists the indicators of both once). An indicator is a name, case and
    spacing ignored. Columns: ``indicator`` (as first written), ``codes`` (the
    codes it stands under on those rows, comma-separated), ``source_line`` (its
    first line), ``n_lines`` (on how many lines of the document it stands).

    >>> import renja_lib
    >>> u = unknown_directions(achievement_table(renja_lib.load()))
    >>> u.loc[u.source_line == 495, ["indicator", "codes"]].values.tolist()
    [['Jumlah pengangguran dan setengah pengangguran yang dipekerjakan', '2.07.04.2.01.05']]
    """
    parts = []
    for table in tables:
        if not isinstance(table, pd.DataFrame) or not _UNKNOWN_NEEDS <= set(table.columns):
            raise RenjaError(Message("errors_analyse.performance.unknown_source", needed=sorted(_UNKNOWN_NEEDS)))
        parts.append(table.loc[table["direction_source"] == DOCUMENT_FORMULA, ["indicator", "code", "source_line"]])
    rows = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=["indicator", "code", "source_line"])
    rows = rows[rows["indicator"].notna()].sort_values("source_line", kind="stable")
    records: dict[str, dict[str, Any]] = {}
    for indicator, code, line in rows.itertuples(index=False):
        entry = records.setdefault(_norm(indicator), {"indicator": indicator, "codes": [], "source_line": line,
                                                      "lines": set()})
        entry["lines"].add(line)
        if isinstance(code, str) and code not in entry["codes"]:
            entry["codes"].append(code)
    out = pd.DataFrame([{"indicator": e["indicator"], "codes": ", ".join(e["codes"]), "source_line": e["source_line"],
                         "n_lines": len(e["lines"])} for e in records.values()], columns=_UNKNOWN_COLUMNS)
    return out.astype({"indicator": "string", "codes": "string", "source_line": "Int64", "n_lines": "int64"})


# ====================================================================== roll-up
_ROLLUP_COLUMNS = [
    "year", "level", "code", "programme", "name", "scope", "n_indicators", "n_with_data", "n_without_data",
    "mean_achievement", "band_key", "min_achievement", "max_achievement", "cap", "source_table", "source_lines",
]


def rollup(source: Any, *, level: str = "program", scope: str = AVERAGE_SCOPE, cap: float | None = AVERAGE_CAP,
           method: str = "two_minus", directions: Mapping[str, str] | None = None,
           directions_file: str | Path | None = None) -> pd.DataFrame:
    """Mean achievement per programme or activity, with the count of indicators behind it.

    ``source`` is a table from :func:`achievement_table` (the way to choose the
    year, method and directions) or a Renja (then that table with ``method``,
    ``directions`` and ``directions_file``). ``level`` is ``"program"`` or ``"kegiatan"``;
    ``scope`` ``"all"`` averages every indicator at or below the unit,
    ``"own"`` only those written on the unit's own rows. ``cap`` limits each
    indicator's achievement before averaging (e.g. 100, so that one target
    beaten twice over does not hide a missed one); None averages as they are.

    Columns: ``year``, ``level``, ``code``, ``programme``, ``name``, ``scope``,
    ``n_indicators``, ``n_with_data`` (with an achievement),
    ``n_without_data``, ``mean_achievement`` (of those with data), ``band_key``,
    (of the mean), ``min_achievement``, ``max_achievement``, ``cap``; where its figures stand: ``source_table``
    (``Tabel 2.1``) and ``source_lines`` (the document's lines of its indicators, ``"428, 430"``). In code order.

    >>> import renja_lib
    >>> r = rollup(renja_lib.load(), scope="own").set_index("code")
    >>> round(float(r.loc["2.07.03", "mean_achievement"]), 3), int(r.loc["2.07.03", "n_without_data"])
    (100.625, 1)
    """
    if level not in _LEVEL_PARTS:
        raise RenjaError(Message("errors_analyse.one_of", arg="level", allowed=list(_LEVEL_PARTS), got=level))
    if scope not in SCOPES:
        raise RenjaError(Message("errors_analyse.one_of", arg="scope", allowed=list(SCOPES), got=scope))
    if cap is not None and (isinstance(cap, bool) or not isinstance(cap, (int, float)) or math.isnan(cap)):
        raise RenjaError(Message("errors_analyse.performance.rollup.cap", got=cap))
    table = _table(source, method, directions, directions_file)
    needed = {"code", "level", "achievement", "name", "year"}
    if not needed <= set(table.columns):
        raise RenjaError(Message("errors_analyse.performance.rollup.source",
                                 missing=sorted(needed - set(table.columns))))
    unit = table["code"].map(lambda c: _prefix(c, level))
    rows = table.assign(_unit=unit)
    if scope == "own":
        rows = rows[rows["code"] == rows["_unit"]]
    rows = rows[rows["_unit"].notna()]
    values = rows["achievement"] if cap is None else rows["achievement"].clip(upper=cap)
    rows = rows.assign(_value=values)
    names = table.drop_duplicates("code").set_index("code")["name"]
    grouped = rows.groupby("_unit", sort=True)
    out = pd.DataFrame({
        "n_indicators": grouped.size(),
        "n_with_data": grouped["_value"].count(),
        "mean_achievement": grouped["_value"].mean(),
        "min_achievement": grouped["_value"].min(),
        "max_achievement": grouped["_value"].max(),
    })
    out.index.name = "code"
    out = out.reset_index()
    out["n_without_data"] = out["n_indicators"] - out["n_with_data"]
    years = table["year"].dropna().unique()
    out["year"] = int(years[0]) if len(years) == 1 else pd.NA
    out["level"] = level
    out["programme"] = out["code"].map(lambda c: _prefix(c, "program"))
    out["name"] = out["code"].map(names)
    out["scope"] = scope
    out["cap"] = cap if cap is not None else math.nan
    out["band_key"] = band_frame(out["mean_achievement"].astype(float).round(_BAND_DECIMALS))["band_key"]
    for column, name in (("source_table", "source_table"), ("source_line", "source_lines")):
        found = rows[column].dropna().astype(str) if column in rows.columns else pd.Series(dtype=str)
        joined = found.groupby(rows["_unit"]).agg(lambda v: ", ".join(dict.fromkeys(v)))
        out[name] = out["code"].map(joined)
    return out[_ROLLUP_COLUMNS].astype({
        "year": "Int64", "level": "string", "code": "string", "programme": "string", "name": "string",
        "scope": "string", "n_indicators": "int64", "n_with_data": "int64", "n_without_data": "int64",
        "mean_achievement": "float64", "min_achievement": "float64", "max_achievement": "float64",
        "cap": "float64", "source_table": "string", "source_lines": "string",
    })


# ====================================================================== Renstra
_RENSTRA_COLUMNS = [
    "programme", "activity", "code", "level", "name", "indicator", "unit", "renstra_year", "renstra_target",
    "to_date_year", "target_to_date_year", "realised_to_date", "direction", "direction_source", "method", "formula",
    "progress", "reported", "reported_text", "difference", "tolerance", "consistent", "status", "source_line",
]


def renstra_progress(source: Any, *, method: str = "two_minus", directions: Mapping[str, str] | None = None,
                     directions_file: str | Path | None = None) -> pd.DataFrame:
    """Realisation to date against the Renstra end target, per indicator (Tabel 2.1, column 11 = 10/4).

    ``source`` is a Renja or its evaluation frame. The Renstra year is the year
    of the ``renstra_target`` measure (2026) and the year to date the latest year
    of ``realization_to_date`` (2022). One row per indicator line with a Renstra
    target or realisation to date:

    ``programme``, ``activity``, ``code``, ``level``, ``name``, ``indicator``,
    ``unit``, ``renstra_year``, ``renstra_target``, ``to_date_year``,
    ``target_to_date_year`` (the year's own target, column 9),
    ``realised_to_date`` (column 10), ``direction``, ``direction_source``,
    ``method``, ``formula``, ``progress`` (% of the Renstra target, recomputed
    with the same formulas as achievement), ``reported`` (column 11),
    ``reported_text``, ``difference``, ``tolerance``, ``consistent``,
    ``status`` (:data:`STATUSES`), ``source_line``.

    >>> import renja_lib
    >>> p = renstra_progress(renja_lib.load())
    >>> p.loc[p.source_line == 529, ["renstra_target", "realised_to_date", "progress"]].values.tolist()
    [[35.0, 7.0, 20.0]]
    """
    applied_method("lower_is_better", method)
    frame = _evaluation(source)
    given = _rules(source, frame, directions, directions_file)
    renstra_year = _latest_year(frame, "renstra_target", "renstra_year")
    to_date = _latest_year(frame, "realization_to_date", "year_to_date")
    wide = _wide(frame, {"renstra_target": ("renstra_target", renstra_year),
                         "realised_to_date": ("realization_to_date", to_date),
                         "reported": ("renstra_achievement_reported", to_date),
                         "target_to_date_year": ("target", to_date)})
    wide = wide[wide[["renstra_target", "realised_to_date", "renstra_target_raw", "realised_to_date_raw"]]
                .notna().any(axis=1)].reset_index(drop=True)
    table = _indicator_frame(wide, to_date, "renstra_target", "realised_to_date", "reported", method, given)
    table = table.rename(columns={"achievement": "progress", "target": "renstra_target",
                                  "realised": "realised_to_date"})
    by_line = wide.set_index("source_line")["target_to_date_year"]
    table["target_to_date_year"] = table["source_line"].map(by_line).astype(float)
    table["renstra_year"] = renstra_year
    table["to_date_year"] = to_date
    return table[_RENSTRA_COLUMNS].astype({"renstra_year": "int64", "to_date_year": "int64"})


# ====================================================================== efficiency
@dataclass(frozen=True, eq=False)
class Efficiency:
    """The efficiency view: programme achievement against absorption in the same year.

    ``frame`` columns: ``programme``, ``name``, ``year``, ``period``,
    ``achievement`` (mean over the programme's indicators in ``scope``),
    ``band_key``, ``n_indicators``, ``n_without_data``,
    ``absorption`` (the value placed on the chart: the budget reading the document
    supports, :func:`renja_lib.analyse.budget.absorption`'s ``absorption_reading``),
    ``absorption_basis`` (``amounts``: computed from budget and spending;
    ``derived``: from amounts of which one is derived; ``stated``: the stated
    percentage, the only figure or the one the document supports against a
    rejected written amount; ``conflict``: amounts and percentage contradict each
    other and nothing settles it, so none is placed; ``none``),
    ``absorption_computed``, ``absorption_stated``, ``high_achievement``,
    ``high_absorption`` (nullable booleans), ``quadrant`` (one of
    :data:`QUADRANTS`; the catalogue's ``analysis.quadrant.<code>`` has its words); where the figures stand:
    ``source_table``, ``source_lines`` (the achievement's, as :func:`rollup`), ``absorption_source_lines``. The
    thresholds, ``scope``, ``cap`` and ``method`` say how it was made: the achievement is :func:`rollup`'s
    ``mean_achievement`` with the same ``scope`` and ``cap``, the average the roll-up shows.
    """

    frame: pd.DataFrame
    year: int
    period: str
    scope: str
    method: str
    achievement_threshold: float
    absorption_threshold: float
    cap: float | None = None


def efficiency(doc: Any, *, year: int | None = None, period: str = "year", scope: str = AVERAGE_SCOPE,
               method: str = "two_minus", directions: Mapping[str, str] | None = None,
               directions_file: str | Path | None = None,
               achievement_threshold: float = DEFAULT_THRESHOLD, absorption_threshold: float = DEFAULT_THRESHOLD,
               cap: float | None = AVERAGE_CAP) -> Efficiency:
    """Each programme's achievement against its budget absorption for the same year, with its quadrant.

    ``year`` defaults to the year :func:`achievement_table` evaluates (2021);
    ``period`` is the absorption period: ``"year"``, the whole year, the only period an achievement of the
    year can be set against (another, such as ``"Q1"``, is refused with a RenjaError). ``scope``
    and ``cap`` define the average achievement as :func:`rollup` does; the
    defaults (:data:`AVERAGE_SCOPE`, :data:`AVERAGE_CAP`) are the average the
    roll-up shows: every indicator of the programme and its activities, not
    capped. Absorption comes from :func:`renja_lib.analyse.budget.absorption`, the
    reading the document supports: computed from the amounts where the document
    gives them (derived amounts included, marked), else the stated percentage.
    ``method``, ``directions`` and ``directions_file`` are those of
    :func:`achievement_table`. See the module docstring for the cases.

    >>> import renja_lib
    >>> eff = efficiency(renja_lib.load())
    >>> eff.frame.set_index("programme").loc["2.07.03", ["absorption_basis", "quadrant"]].tolist()
    ['amounts', 'underspent_achieved']
    """
    from .budget import code_names
    from .budget import absorption as budget_absorption

    for name, value in (("achievement_threshold", achievement_threshold),
                        ("absorption_threshold", absorption_threshold)):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or math.isnan(value):
            raise RenjaError(Message("errors_analyse.performance.threshold", name=name, got=value))
    if period != "year":
        # a year's achievement set against part of a year's spending would call every programme underspent
        raise RenjaError(Message("errors_analyse.performance.efficiency_period", got=period))
    table = achievement_table(doc, year=year, method=method, directions=directions,
                              directions_file=directions_file)
    year = int(table["year"].iloc[0])
    ach = rollup(table, level="program", scope=scope, cap=cap).set_index("code")
    absorb = budget_absorption(doc, levels=["program"])
    absorb = absorb[(absorb["year"] == year) & (absorb["period"] == period)].set_index("subject")
    programmes = sorted(set(ach.index) | set(absorb.index))
    names = code_names(doc) if hasattr(doc, "codes") else {}
    records = []
    for code in programmes:
        a = ach.loc[code] if code in ach.index else None
        b = absorb.loc[code] if code in absorb.index else None
        computed = float(b["absorption"]) if b is not None else math.nan
        stated = float(b["absorption_stated"]) if b is not None else math.nan
        reading = str(b["reading"]) if b is not None else "none"
        basis = ("derived" if bool(b["derived"]) else "amounts") if reading == "amounts" else reading
        value = float(b["absorption_reading"]) if reading in ("amounts", "stated") else math.nan
        mean = float(a["mean_achievement"]) if a is not None else math.nan
        high_ach = pd.NA if math.isnan(mean) else mean >= achievement_threshold
        high_abs = pd.NA if math.isnan(value) else value >= absorption_threshold
        if basis == "conflict":
            quadrant = "conflict"
        elif high_ach is pd.NA or high_abs is pd.NA:
            quadrant = "no_data"
        else:
            quadrant = QUADRANT_OF[(bool(high_ach), bool(high_abs))]
        name = names.get(code, a["name"] if a is not None else pd.NA)
        records.append({
            "programme": code, "name": name, "year": year, "period": period, "achievement": mean,
            "band_key": a["band_key"] if a is not None else "missing",
            "n_indicators": int(a["n_indicators"]) if a is not None else 0,
            "n_without_data": int(a["n_without_data"]) if a is not None else 0,
            "absorption": value, "absorption_basis": basis, "absorption_computed": computed,
            "absorption_stated": stated, "high_achievement": high_ach, "high_absorption": high_abs,
            "quadrant": quadrant, "source_table": a["source_table"] if a is not None else pd.NA,
            "source_lines": a["source_lines"] if a is not None else pd.NA,
            "absorption_source_lines": b["source_lines"] if b is not None else pd.NA,
        })
    frame = pd.DataFrame.from_records(records, columns=[
        "programme", "name", "year", "period", "achievement", "band_key", "n_indicators",
        "n_without_data", "absorption", "absorption_basis", "absorption_computed", "absorption_stated",
        "high_achievement", "high_absorption", "quadrant", "source_table", "source_lines",
        "absorption_source_lines"])
    frame = frame.astype({
        "programme": "string", "name": "string", "year": "int64", "period": "string", "achievement": "float64",
        "band_key": "string", "n_indicators": "int64", "n_without_data": "int64",
        "absorption": "float64", "absorption_basis": "string", "absorption_computed": "float64",
        "absorption_stated": "float64", "high_achievement": "boolean", "high_absorption": "boolean",
        "quadrant": "string", "source_table": "string", "source_lines": "string", "absorption_source_lines": "string",
    })
    return Efficiency(frame, year, period, scope, method, float(achievement_threshold),
                      float(absorption_threshold), cap)
