"""Achievement of a target and its rating band (*predikat*).

Achievement (*tingkat capaian*) says how far a realised value went towards its
target, in percent. Where a higher value is better (TPAK, TKK) it is simply
``realised / target x 100``. Where a lower value is better (TPT) practice differs
between regions, so the method is a parameter and must be named wherever a figure
is shown:

* ``"two_minus"``: ``(2 x target - realised) / target x 100``
* ``"inverse_ratio"``: ``target / realised x 100``

The two can fall in different bands for the same figures: the document's TPT
for 2021 (target 5,71 %, realised 6,23 %) is 90,89 ("tinggi") by one and 91,65
("sangat tinggi") by the other.

Rating bands come from ``data/rating_bands.csv`` (read once, at import). The
published bands (>= 91, 76-90, 66-75, 51-65, <= 50) leave gaps such as 90,5; a
value is banded by the highest lower bound it reaches, so the bands are
``[91, inf)``, ``[76, 91)``, ``[66, 76)``, ``[51, 66)`` and ``(-inf, 51)``.

Values above 100 (target exceeded) are "sangat tinggi", like 91 to 100; they are
never capped. There is deliberately no ``cap_at_100`` switch: capping at 100
would not change any band, only the number, and an analyst who wants capped
scores can write ``achievement(...).clip(upper=100)`` where it is shown.

Figures not yet released are never rated
----------------------------------------
An achievement rates a *realised* value: a figure the publisher has released
(BPS's August Sakernas for TPT, TPAK and TKK). A document written before the
release (a Renja drafted in mid-2022 for the year 2022) has no such figure: its
table says so (Tabel 2.2: "belum rilis dari BPS") and its text may give an
estimate instead, often the target repeated. That estimate is no achievement.
The rule, written once here for every analysis that rates (the labour page, and
outside data such as a BPS table):

* :func:`not_released` tells whether a note or a cell says that a figure is not
  released yet (:data:`NOT_RELEASED_WORDS`: "belum rilis", "belum dirilis",
  "belum tersedia", "not yet released" ...);
* only a value of a kind in :data:`RATED_KINDS` (``actual``) is rated
  (:func:`is_rated`); any other realised value (an ``estimate``) gets no
  achievement and the band key :data:`NOT_RELEASED_BAND_KEY` (``not_released``,
  "belum rilis" / "not yet released"), and is shown as such, never as a band.
"""
from __future__ import annotations

import math
import numbers
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from typing import Any, overload

import numpy as np
import pandas as pd

from ..errors import RenjaError
from ..text.catalogue import Message

__all__ = [
    "DIRECTIONS",
    "METHODS",
    "FORMULAS",
    "Band",
    "BANDS",
    "MISSING_BAND_KEY",
    "NOT_RELEASED_BAND_KEY",
    "NOT_RELEASED_WORDS",
    "RATED_KINDS",
    "not_released",
    "is_rated",
    "applied_method",
    "achievement",
    "band_key",
    "band_frame",
    "operands",
]

#: Polarity of an indicator, as written in ``data/indicators.csv``.
DIRECTIONS: tuple[str, ...] = ("higher_is_better", "lower_is_better")
#: Methods for lower-is-better indicators (the caller chooses one).
METHODS: tuple[str, ...] = ("two_minus", "inverse_ratio")
#: The method applied to higher-is-better indicators; there is only one.
_RATIO = "ratio"
#: Every method name that can appear in output, with its formula for display.
FORMULAS: dict[str, str] = {
    _RATIO: "realised / target × 100",
    "two_minus": "(2 × target − realised) / target × 100",
    "inverse_ratio": "target / realised × 100",
}
#: Band key of a missing value (NaN, None).
MISSING_BAND_KEY = "missing"
#: Band key of a realised value that is not rated because it is not a released figure (an estimate standing in for
#: a figure not released yet); its words are the catalogue's ``analysis.band.not_released``.
NOT_RELEASED_BAND_KEY = "not_released"
#: Kinds of realised value that are rated: only a released figure (``actual``); an ``estimate`` never is.
RATED_KINDS: tuple[str, ...] = ("actual",)
#: What a document, or a publisher's table, writes beside a figure that is not released yet.
NOT_RELEASED_WORDS = re.compile(
    r"\bbelum\s+(?:di)?(?:rilis|release|terbit(?:kan)?|publikasi(?:kan)?|tersedia)"
    r"|\bnot\s+yet\s+(?:released|published|available)|\bnot\s+released", re.IGNORECASE)

_BANDS_FILE = "rating_bands.csv"
_BAND_COLUMNS = ["lower", "key"]


@dataclass(frozen=True)
class Band:
    """One rating band: values from ``lower`` (inclusive) up to the next band's lower bound.

    ``key`` is a language-neutral code (``very_high``); its words are the catalogue's
    ``analysis.band.<key>`` (:func:`renja_lib.text.tr`).
    """

    lower: float
    key: str


def _load_bands() -> tuple[Band, ...]:
    """Read and check the band table; highest band first."""
    ref = resources.files("renja_lib").joinpath("data", _BANDS_FILE)
    where = f"renja_lib/data/{_BANDS_FILE}"
    with ref.open("r", encoding="utf-8") as fh:
        table = pd.read_csv(fh, dtype={"key": str}, keep_default_na=False)
    if list(table.columns) != _BAND_COLUMNS:
        raise RenjaError(Message("errors_analyse.ratings.bands.columns", expected=_BAND_COLUMNS,
                                 found=list(table.columns)), path=where, line=1)
    try:
        lowers = pd.to_numeric(table["lower"], errors="raise").astype(float)
    except (ValueError, TypeError):
        raise RenjaError(Message("errors_analyse.ratings.bands.lower"), path=where) from None
    if lowers.duplicated().any() or table["key"].duplicated().any():
        raise RenjaError(Message("errors_analyse.ratings.bands.unique"), path=where)
    if lowers.min() != -math.inf:
        raise RenjaError(Message("errors_analyse.ratings.bands.lowest"), path=where)
    order = lowers.sort_values(ascending=False).index
    return tuple(
        Band(float(lowers[i]), str(table.at[i, "key"])) for i in order
    )


#: The rating bands, highest first, read once from ``data/rating_bands.csv``.
BANDS: tuple[Band, ...] = _load_bands()
_ASCENDING = BANDS[::-1]
_LOWERS = np.array([b.lower for b in _ASCENDING])


# ---------------------------------------------------------------- input checks
def _check_direction(direction: Any) -> None:
    if direction not in DIRECTIONS:
        raise RenjaError(Message("errors_analyse.one_of", arg="direction", allowed=list(DIRECTIONS), got=direction))


def _check_method(method: Any) -> None:
    if method not in METHODS:
        raise RenjaError(Message("errors_analyse.ratings.method", allowed=list(METHODS), got=method))


def _scalar(value: Any, name: str) -> float:
    """A number (int, float, numpy number, Decimal) as float; None is missing (NaN)."""
    if value is None:
        return math.nan
    if isinstance(value, (bool, np.bool_)):
        raise RenjaError(Message("errors_analyse.ratings.boolean", name=name, got=value))
    if isinstance(value, (numbers.Real, Decimal)):
        return float(value)
    raise RenjaError(Message("errors_analyse.ratings.not_number", name=name, type=type(value).__name__, got=value))


def _series(values: pd.Series, name: str) -> pd.Series:
    """A numeric Series as a new float Series (the input is never changed)."""
    dtype = values.dtype
    if pd.api.types.is_bool_dtype(dtype):
        raise RenjaError(Message("errors_analyse.ratings.series_boolean", name=name, dtype=dtype))
    if pd.api.types.is_numeric_dtype(dtype):
        return values.astype(float)
    if dtype == object:
        bad = [v for v in values if not (v is None or _is_plain_number(v))]
        if not bad:
            return pd.Series([math.nan if v is None else float(v) for v in values], index=values.index,
                             name=values.name, dtype=float)
        raise RenjaError(Message("errors_analyse.ratings.series_object", name=name, got=bad[0]))
    raise RenjaError(Message("errors_analyse.ratings.series_text", name=name, dtype=dtype))


def _is_plain_number(v: Any) -> bool:
    return isinstance(v, (numbers.Real, Decimal)) and not isinstance(v, (bool, np.bool_))


def operands(a: Any, a_name: str, b: Any, b_name: str) -> tuple[Any, Any, pd.Index | None]:
    """Two operands of a ratio or a difference, checked: as floats or float Series, and their common index.

    Each of ``a`` and ``b`` is a number (``None`` or NaN for a missing value) or a
    pandas Series of numbers; ``a_name`` and ``b_name`` name them in the error. Two
    Series must share one index (values are matched row by row). Returns
    ``(a, b, index)``: each as a float or a float Series, and the index of the
    Series (None when both are numbers). Raises
    :class:`~renja_lib.errors.RenjaError` naming the operand that is wrong.

    >>> operands(4.55, "target", 5, "realised")
    (4.55, 5.0, None)
    """
    a_is, b_is = isinstance(a, pd.Series), isinstance(b, pd.Series)
    x = _series(a, a_name) if a_is else _scalar(a, a_name)
    y = _series(b, b_name) if b_is else _scalar(b, b_name)
    if a_is and b_is and not a.index.equals(b.index):
        raise RenjaError(Message("errors_analyse.ratings.index", a=a_name, b=b_name, a_rows=len(a), b_rows=len(b)))
    index = a.index if a_is else (b.index if b_is else None)
    return x, y, index


# ---------------------------------------------------------------- released or not
def not_released(text: Any) -> bool:
    """Whether ``text`` (a note, a cell, a source) says that a figure is not released yet (:data:`NOT_RELEASED_WORDS`).

    >>> not_released("belum rilis dari BPS"), not_released("Belum dirilis"), not_released("BPS Sakernas Agustus")
    (True, True, False)
    >>> not_released(None), not_released("not yet released by BPS")
    (False, True)
    """
    return isinstance(text, str) and NOT_RELEASED_WORDS.search(text) is not None


def is_rated(kind: Any) -> bool:
    """Whether a realised value of ``kind`` is rated (:data:`RATED_KINDS`): an ``actual`` value is, an
    ``estimate`` (of a figure not released yet) is not.

    >>> is_rated("actual"), is_rated("estimate")
    (True, False)
    """
    return kind in RATED_KINDS


# ---------------------------------------------------------------- achievement
def applied_method(direction: str, method: str = "two_minus") -> str:
    """The method that :func:`achievement` applies for ``direction``.

    ``method`` only matters where lower is better; where higher is better it is
    always ``"ratio"`` (realised / target x 100). Use it to name the method next
    to every figure.

    >>> applied_method("lower_is_better", "inverse_ratio")
    'inverse_ratio'
    >>> applied_method("higher_is_better", "inverse_ratio")
    'ratio'
    >>> FORMULAS[applied_method("lower_is_better")]
    '(2 × target − realised) / target × 100'
    """
    _check_direction(direction)
    _check_method(method)
    return method if direction == "lower_is_better" else _RATIO


@overload
def achievement(target: float | None, realised: float | None, direction: str = ..., method: str = ...) -> float: ...
@overload
def achievement(target: pd.Series, realised: Any, direction: str = ..., method: str = ...) -> pd.Series: ...
@overload
def achievement(target: Any, realised: pd.Series, direction: str = ..., method: str = ...) -> pd.Series: ...
def achievement(target: Any, realised: Any, direction: str = "higher_is_better", method: str = "two_minus") -> Any:
    """Achievement of ``target`` by ``realised``, in percent.

    * ``higher_is_better``: ``realised / target x 100`` (``method`` is ignored);
    * ``lower_is_better`` with ``method="two_minus"``: ``(2 x target - realised) / target x 100``;
    * ``lower_is_better`` with ``method="inverse_ratio"``: ``target / realised x 100``.

    Works on numbers (int, float, Decimal; None counts as missing) and on pandas
    Series (row by row; two Series must share their index). Returns a float, or a
    new float Series named ``"achievement"``; inputs are never changed.

    Missing values give NaN. So does a target of 0 or less (no formula gives a
    meaningful share of a non-positive target), and, for ``inverse_ratio``, a
    realised value of 0 or less. Results above 100 (target beaten) are kept as
    they are, not capped.

    >>> achievement(67.80, 71.66)                                   # TPAK 2021
    105.69321533923303
    >>> round(achievement(5.71, 6.23, "lower_is_better", "two_minus"), 2)   # TPT 2021
    90.89
    >>> round(achievement(5.71, 6.23, "lower_is_better", "inverse_ratio"), 2)
    91.65
    >>> achievement(0, 6.23)
    nan
    >>> achievement(pd.Series([5.71, 6.0]), pd.Series([6.23, None]), "lower_is_better").round(2).tolist()
    [90.89, nan]
    """
    _check_direction(direction)
    _check_method(method)
    t, r, index = operands(target, "target", realised, "realised")
    t_arr = np.asarray(t, dtype=float)
    r_arr = np.asarray(r, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if direction == "higher_is_better":
            out = r_arr / t_arr * 100
        elif method == "two_minus":
            out = (2 * t_arr - r_arr) / t_arr * 100
        else:
            out = np.where(r_arr > 0, t_arr / r_arr * 100, np.nan)
        out = np.where(t_arr > 0, out, np.nan)
    if index is None:
        return float(out)
    return pd.Series(np.broadcast_to(out, (len(index),)).copy(), index=index, name="achievement", dtype=float)


# ---------------------------------------------------------------- bands
def _band_index(values: np.ndarray) -> np.ndarray:
    """Position in ``_ASCENDING`` of each value's band; -1 for missing.

    Values are rounded to 9 decimals first, so that floating-point noise in a
    computed achievement (4,55 / 5 x 100 = 90,99999999999999) cannot put it
    below a band edge it reaches.
    """
    pos = np.searchsorted(_LOWERS, np.round(values, 9), side="right") - 1
    return np.where(np.isnan(values), -1, pos)


def band_key(value: float | None) -> str:
    """The key of the band ``value`` falls in (``"very_high"`` ... ``"very_low"``, or ``"missing"``).

    >>> band_key(90.5), band_key(91), band_key(130), band_key(None)
    ('high', 'very_high', 'very_high', 'missing')
    """
    if isinstance(value, pd.Series):
        raise RenjaError(Message("errors_analyse.ratings.band_key_series"))
    v = _scalar(value, "value")
    pos = int(_band_index(np.array([v]))[0])
    return MISSING_BAND_KEY if pos < 0 else _ASCENDING[pos].key


def band_frame(values: pd.Series) -> pd.DataFrame:
    """Band every value of a Series: a new frame with columns ``value`` and ``band_key``.

    The index of ``values`` is kept. Missing values get band key ``"missing"``. The
    keys are codes; the words for them are the catalogue's ``analysis.band.<key>``.

    >>> band_frame(pd.Series([50.5, 76, 105.7, None]))
       value   band_key
    0   50.5   very_low
    1   76.0       high
    2  105.7  very_high
    3    NaN    missing
    """
    if not isinstance(values, pd.Series):
        raise RenjaError(Message("errors_analyse.ratings.band_frame_not_series", type=type(values).__name__))
    v = _series(values, "values")
    pos = _band_index(v.to_numpy())
    keys = np.array([b.key for b in _ASCENDING] + [MISSING_BAND_KEY], dtype=object)
    return pd.DataFrame(
        {
            "value": v.to_numpy(),
            "band_key": pd.array(keys[pos], dtype="str"),
        },
        index=values.index,
    )
