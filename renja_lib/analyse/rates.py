"""Labour-market rates from counts: TPT, TPAK and TKK, and the identity TKK + TPT = 100.

Formulas (BPS, Sakernas):

* TPAK = labour force / working-age population x 100
* TPT  = unemployed / labour force x 100
* TKK  = employed / labour force x 100 = 100 - TPT

:func:`derive_complements` is the one rule that completes a series where a source publishes one rate of a
complement pair (TKK = 100 - TPT) and not the other. :mod:`renja_lib.analyse.labour` re-exports every name here
(``labour.tpak`` ...).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RenjaError
from ..text.catalogue import Message
from .ratings import operands

__all__ = ["TkkTptCheck", "tpak", "tpt", "tkk", "check_tkk_tpt", "COMPLEMENTS", "MISMATCH_COLUMNS",
           "derived_source", "derive_complements"]

#: Indicators that are the complement of another (TKK = 100 - TPT): the same fact, seen from the other side.
COMPLEMENTS: dict[str, str] = {"TKK": "TPT"}
#: Columns of :func:`derive_complements`' second frame: both rates of a pair published for one region and year,
#: not adding up to 100.
MISMATCH_COLUMNS: list[str] = ["region", "year", "indicator", "value", "source", "complement", "complement_value",
                               "complement_source", "difference"]


def _fmt(value: float) -> str:
    return f"{value:.15g}"


def _rate(num: Any, den: Any, num_name: str, den_name: str, name: str) -> Any:
    x, y, index = operands(num, num_name, den, den_name)
    if index is None:
        if math.isnan(x) or math.isnan(y):
            return math.nan
        if y <= 0:
            raise RenjaError(Message("errors_analyse.labour.rate.not_positive", name=den_name, got=_fmt(y)))
        if x < 0:
            raise RenjaError(Message("errors_analyse.labour.rate.negative", name=num_name, got=_fmt(x)))
        if x > y:
            raise RenjaError(Message("errors_analyse.labour.rate.exceeds", name=num_name, value=_fmt(x),
                                     limit_name=den_name, limit=_fmt(y)))
        return x / y * 100
    xs = x if isinstance(x, pd.Series) else pd.Series(x, index=index, dtype=float)
    ys = y if isinstance(y, pd.Series) else pd.Series(y, index=index, dtype=float)
    usable = (ys > 0).to_numpy()
    negative = (xs < 0).to_numpy()
    exceeds = usable & (xs > ys).to_numpy()
    if negative.any():
        pos = int(np.flatnonzero(negative)[0])
        raise RenjaError(Message("errors_analyse.labour.rate.negative_at", name=num_name, index=index[pos],
                                 value=_fmt(xs.iloc[pos])))
    if exceeds.any():
        pos = int(np.flatnonzero(exceeds)[0])
        raise RenjaError(Message("errors_analyse.labour.rate.exceeds_at", name=num_name, limit_name=den_name,
                                 index=index[pos], value=_fmt(xs.iloc[pos]), limit=_fmt(ys.iloc[pos])))
    return (xs / ys.where(usable) * 100).rename(name)


def tpak(labour_force: Any, working_age: Any) -> Any:
    """Labour-force participation rate: ``labour_force / working_age x 100`` (percent).

    Numbers or pandas Series (row by row; two Series must share their index).
    For numbers, a ``working_age`` of 0 or less raises :class:`RenjaError`; in a
    Series it gives NaN for that row (no population, no rate). A negative count,
    or more people in the labour force than of working age, raises in both cases.
    Missing values give NaN. The result is not rounded.

    >>> round(tpak(111_954, 156_219), 2)      # Kota Pasuruan, 2021
    71.66
    """
    return _rate(labour_force, working_age, "labour_force", "working_age", "TPAK")


def tpt(unemployed: Any, labour_force: Any) -> Any:
    """Open unemployment rate: ``unemployed / labour_force x 100`` (percent).

    Same rules as :func:`tpak`: a ``labour_force`` of 0 or less raises for numbers
    and gives NaN in a Series.

    >>> round(tpt(111_954 - 104_977, 111_954), 2)      # Kota Pasuruan, 2021
    6.23
    >>> tpt(pd.Series([6_977, 10]), pd.Series([111_954, 0])).round(2).tolist()
    [6.23, nan]
    """
    return _rate(unemployed, labour_force, "unemployed", "labour_force", "TPT")


def tkk(employed: Any, labour_force: Any) -> Any:
    """Employment-opportunity rate: ``employed / labour_force x 100`` (percent); equals 100 - TPT.

    Same rules as :func:`tpak`: a ``labour_force`` of 0 or less raises for numbers
    and gives NaN in a Series.

    >>> round(tkk(104_977, 111_954), 2)      # Kota Pasuruan, 2021
    93.77
    """
    return _rate(employed, labour_force, "employed", "labour_force", "TKK")


@dataclass(frozen=True, eq=False)
class TkkTptCheck:
    """Result of :func:`check_tkk_tpt`.

    ``difference`` is ``tkk + tpt - 100`` (percentage points); ``holds`` says
    whether it is within ``tolerance``. Both are numbers, or Series for Series input
    (``holds`` then has the nullable ``boolean`` dtype, NA where a value is missing).
    """

    difference: Any
    holds: Any
    tolerance: float


def check_tkk_tpt(tkk: Any, tpt: Any, tolerance: float = 0.01) -> TkkTptCheck:
    """Check that TKK + TPT = 100, within ``tolerance`` percentage points.

    The default tolerance of 0,01 allows for two figures each rounded to two
    decimals, as documents print them (a further 1e-9 absorbs floating-point
    noise). For numbers a missing value raises :class:`RenjaError` (there is
    nothing to check); in Series it gives NA in ``holds``.

    >>> check = check_tkk_tpt(93.77, 6.23)
    >>> check.holds, round(check.difference, 9)
    (True, 0.0)
    >>> check_tkk_tpt(94.29, 6.20).holds     # would be a typo in a document
    False
    """
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not tolerance >= 0:
        raise RenjaError(Message("errors_analyse.labour.tolerance", got=tolerance))
    x, y, index = operands(tkk, "tkk", tpt, "tpt")
    if index is None:
        for value, name in ((x, "tkk"), (y, "tpt")):
            if math.isnan(value):
                raise RenjaError(Message("errors_analyse.labour.nothing_to_check", name=name))
        diff = x + y - 100
        return TkkTptCheck(diff, bool(abs(diff) <= tolerance + 1e-9), float(tolerance))
    diff = (x + y - 100)
    if not isinstance(diff, pd.Series):  # pragma: no cover - operands gives at least one Series here
        diff = pd.Series(diff, index=index)
    diff = diff.rename("difference")
    holds = (diff.abs() <= tolerance + 1e-9).astype("boolean").mask(diff.isna())
    return TkkTptCheck(diff, holds.rename("holds"), float(tolerance))


def derived_source(indicator: str, source: str) -> str:
    """The source of a rate derived from its complement: ``100 - TPT (<the TPT's source>)``.

    >>> derived_source("TPT", "bps.csv row 38, column 2022 Agustus")
    '100 - TPT (bps.csv row 38, column 2022 Agustus)'
    """
    return f"100 - {indicator} ({source})"


def derive_complements(frame: pd.DataFrame, tolerance: float = 0.01) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Complete a series where one rate of a complement pair (:data:`COMPLEMENTS`: TKK = 100 - TPT) is published
    for a region and year and the other is not.

    ``frame``: a series (columns region, indicator, year, kind, value, source; others are kept). Returns the frame
    with a column ``derived_from`` (``""`` for a published figure, else the indicator it is derived from) and the
    derived rows added: kind ``actual``, value ``100 - v``, source :func:`derived_source`, ``conflict`` False.
    Only a realised (``actual``) figure is a basis, never an estimate, a target or a projection, nor a figure
    given twice with different values (``conflict``), nor a derived one; a published figure is never replaced,
    and a rate that already has an actual figure (even two) gets none. Second frame (:data:`MISMATCH_COLUMNS`):
    where both rates are published, once each, and do not add up to 100 within ``tolerance`` points (two figures
    rounded to two decimals, as :func:`check_tkk_tpt`): shown, nothing changed. Running it twice adds nothing.

    >>> f = pd.DataFrame({"region": "R", "indicator": ["TPT", "TPT", "TKK"], "year": [2022, 2023, 2023],
    ...                   "kind": ["actual", "estimate", "target"], "value": [6.15, 6.0, 94.0],
    ...                   "source": ["bps.csv row 38", "narrative line 3", "Tabel 2.2 line 5"]})
    >>> out, mismatches = derive_complements(f)
    >>> out.loc[out["derived_from"] != "", ["indicator", "year", "kind", "value", "source"]].values.tolist()
    [['TKK', 2022, 'actual', 93.85, '100 - TPT (bps.csv row 38)']]
    >>> mismatches.empty
    True
    """
    out = frame.copy()
    if "derived_from" not in out.columns:
        out["derived_from"] = ""
    out["derived_from"] = out["derived_from"].fillna("").astype(str)
    pairs = {**COMPLEMENTS, **{b: a for a, b in COMPLEMENTS.items()}}
    actual = out[(out["kind"] == "actual") & out["value"].notna()]
    have: dict[tuple, list[Any]] = {}
    for index, r, i, y in zip(actual.index, actual["region"], actual["indicator"], actual["year"]):
        have.setdefault((r, i, int(y)), []).append(index)
    added: list[dict[str, Any]] = []
    mismatches: list[dict[str, Any]] = []
    for (region, indicator, year), rows in have.items():
        other = pairs.get(indicator)
        if other is None or len(rows) != 1:
            continue
        row = out.loc[rows[0]]
        if row["derived_from"] or ("conflict" in out.columns and bool(row["conflict"])):
            continue
        theirs = have.get((region, other, year))
        if theirs is None:
            added.append({**row.to_dict(), "indicator": other, "value": round(100.0 - float(row["value"]), 10),
                          "source": derived_source(indicator, str(row["source"])), "derived_from": indicator,
                          **({"conflict": False} if "conflict" in out.columns else {})})
            continue
        comp = out.loc[theirs[0]]
        if (len(theirs) == 1 and not comp["derived_from"] and indicator in COMPLEMENTS
                and abs(float(row["value"]) + float(comp["value"]) - 100) > tolerance + 1e-9):
            mismatches.append({"region": region, "year": year, "indicator": indicator, "value": float(row["value"]),
                               "source": row["source"], "complement": other,
                               "complement_value": float(comp["value"]), "complement_source": comp["source"],
                               "difference": float(row["value"]) + float(comp["value"]) - 100})
    if added:
        out = pd.concat([out, pd.DataFrame(added, columns=out.columns).astype(out.dtypes.to_dict())],
                        ignore_index=True)
    return out, pd.DataFrame(mismatches, columns=MISMATCH_COLUMNS)
