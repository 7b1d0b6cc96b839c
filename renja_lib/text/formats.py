"""Numbers for charts and reports: Indonesian by default, English with ``lang="en"``.

Babel does the formatting (digit grouping, decimal mark, plus/minus and percent
signs come from the CLDR data of the locale); this module decides only *how many*
decimals to show, how to round, and which words and unit suffixes to put next
to the number.

Choices made here, so that every chart and report says the same thing:

* **Rounding** is half away from zero on the decimal value as written
  (``0.125`` -> ``0,13``), like ``ROUND`` in the spreadsheets Renja tables are
  made in. Babel on its own would round half to even (``0,12``).
* **Missing values** (``None``, ``NaN``, ``pandas.NA``) print as :data:`MISSING`,
  an en dash, the way the source document marks a cell without a value.
* **Percentage points** (:func:`fmt_points`) are ``poin`` / ``pp`` in the short
  form and ``persen poin`` / ``percentage points`` in the long form. ``persen
  poin`` is the wording BPS uses in its press releases ("turun 0,52 persen poin"),
  so it is what analysts already read; ``poin`` is its usual short form on charts.
* **Compact rupiah** (:func:`fmt_rupiah`) uses the Indonesian abbreviations
  ``rb`` (ribu), ``jt`` (juta), ``M`` (miliar) and ``T`` (triliun), which are also
  CLDR's. English uses ``k``, ``m``, ``bn``, ``tn`` rather than CLDR's ``K``, ``M``,
  ``B``: an Indonesian reader sees ``M`` as *miliar* (10^9), so an English ``M``
  for *million* on a slide next to an Indonesian one invites a thousandfold error.

Every function checks its input and raises :class:`~renja_lib.errors.RenjaError`
naming the argument, what is allowed and what was given (the catalogue's
``errors_present.formats.*``, in the language of error messages).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, localcontext
from typing import TYPE_CHECKING, Any

from babel.numbers import format_decimal, format_percent, get_minus_sign_symbol

from ..errors import RenjaError
from .catalogue import Message
from .langs import check_lang

if TYPE_CHECKING:
    from matplotlib.ticker import Formatter

__all__ = [
    "MISSING",
    "fmt_number",
    "fmt_percent",
    "fmt_points",
    "fmt_rupiah",
    "fmt_rupiah_full",
    "number_formatter",
    "percent_formatter",
    "rupiah_formatter",
]

#: What a missing value prints as (an en dash).
MISSING = "\u2013"

#: Most decimals any function here will show.
MAX_DECIMALS = 10

#: Decimals shown by :func:`fmt_number` when ``decimals`` is None (at most; trailing
#: zeros are dropped), as in the CLDR default pattern ``#,##0.###``.
DEFAULT_MAX_DECIMALS = 3

#: Words for a difference in percentage points: (short, long) per language.
POINT_WORDS: dict[str, tuple[str, str]] = {
    "id": ("poin", "persen poin"),
    "en": ("pp", "percentage points"),
}

#: Compact rupiah units, largest first: (power of ten, decimals, id suffix, en suffix).
RUPIAH_UNITS: tuple[tuple[int, int, str, str], ...] = (
    (12, 1, "T", "tn"),
    (9, 2, "M", "bn"),
    (6, 1, "jt", "m"),
    (3, 1, "rb", "k"),
    (0, 0, "", ""),
)

RUPIAH_SYMBOL = "Rp"


# ---------------------------------------------------------------------------
# input checks and rounding


def _check_decimals(decimals: Any, arg: str = "decimals", *, allow_none: bool = False) -> int | None:
    if decimals is None and allow_none:
        return None
    if isinstance(decimals, bool) or not isinstance(decimals, numbers.Integral) or not 0 <= decimals <= MAX_DECIMALS:
        raise RenjaError(Message("errors_present.formats.decimals_or_none" if allow_none
                                 else "errors_present.formats.decimals", arg=arg, most=MAX_DECIMALS, got=decimals))
    return int(decimals)


def _is_missing(x: Any) -> bool:
    if x is None or type(x).__name__ in ("NAType", "NaTType"):
        return True
    if isinstance(x, Decimal):
        return x.is_nan()
    if isinstance(x, numbers.Real) and not isinstance(x, (bool, numbers.Integral)):
        return math.isnan(float(x))
    return False


def _as_decimal(x: Any, arg: str) -> Decimal | None:
    """The value as an exact Decimal, or None when it is missing."""
    if _is_missing(x):
        return None
    if isinstance(x, bool) or not isinstance(x, (numbers.Real, Decimal)):
        raise RenjaError(Message("errors_present.formats.number", arg=arg, got=x, type=type(x).__name__))
    if isinstance(x, Decimal):
        value = x
    elif isinstance(x, numbers.Integral):
        value = Decimal(int(x))
    else:
        # repr gives the shortest text that reads back as the same float: 6.23, not 6.2300000000000004263
        value = Decimal(repr(float(x)))
    if not value.is_finite():
        raise RenjaError(Message("errors_present.formats.finite", arg=arg, got=x))
    return value


def _round(value: Decimal, decimals: int) -> Decimal:
    """Round half away from zero; never returns negative zero."""
    context = Context(prec=max(28, value.adjusted() + decimals + 2))
    rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP, context=context)
    return rounded.copy_abs() if rounded.is_zero() else rounded


def _pattern(decimals: int, *, optional: bool = False) -> str:
    if decimals == 0:
        return "#,##0"
    return "#,##0." + ("#" if optional else "0") * decimals


def _babel(value: Decimal, pattern: str, lang: str, *, percent: bool = False) -> str:
    """Babel's formatting, with enough precision for any finite float (1e300 included)."""
    with localcontext() as context:
        context.prec = max(28, value.adjusted() + MAX_DECIMALS + 4)
        if percent:
            return format_percent(value, format=pattern, locale=lang)
        return format_decimal(value, format=pattern, locale=lang)


def _decimal_text(value: Decimal, decimals: int, lang: str, *, optional: bool = False) -> str:
    return _babel(_round(value, decimals), _pattern(decimals, optional=optional), lang)


# ---------------------------------------------------------------------------
# public formatting functions


def fmt_number(x: Any, decimals: int | None = None, lang: str = "id", *,
               max_decimals: int = DEFAULT_MAX_DECIMALS) -> str:
    """Format a plain number: ``.`` groups thousands in Indonesian, ``,`` in English.

    With ``decimals=None`` up to ``max_decimals`` decimals (three unless said
    otherwise) are shown and trailing zeros dropped; with a whole number that many
    decimals are always shown.

    >>> fmt_number(5_168_369_010)
    '5.168.369.010'
    >>> fmt_number(64.53)
    '64,53'
    >>> fmt_number(64.5, decimals=2, lang="en")
    '64.50'
    >>> fmt_number(float("nan"))
    '–'
    >>> fmt_number(2.125, max_decimals=2)
    '2,13'
    """
    lang = check_lang(lang)
    decimals = _check_decimals(decimals, allow_none=True)
    max_decimals = _check_decimals(max_decimals, "max_decimals")
    value = _as_decimal(x, "x")
    if value is None:
        return MISSING
    if decimals is None:
        return _decimal_text(value, max_decimals, lang, optional=True)
    return _decimal_text(value, decimals, lang)


def fmt_percent(x: Any, decimals: int = 2, lang: str = "id") -> str:
    """Format a value that is already in percent units (``6.23`` means 6.23 %).

    >>> fmt_percent(6.23)
    '6,23%'
    >>> fmt_percent(71.66, lang="en")
    '71.66%'
    >>> fmt_percent(93.8, decimals=1)
    '93,8%'
    >>> fmt_percent(None)
    '–'
    """
    lang = check_lang(lang)
    decimals = _check_decimals(decimals)
    value = _as_decimal(x, "x")
    if value is None:
        return MISSING
    fraction = _round(value, decimals).scaleb(-2)  # exact: Babel multiplies by 100 again
    return _babel(fraction, _pattern(decimals) + "%", lang, percent=True)


def fmt_points(x: Any, decimals: int = 2, lang: str = "id", *, long: bool = False) -> str:
    """Format a signed difference in percentage points (``+0,52 poin``).

    Positive values carry ``+``, negative ones the locale's minus sign, and a value
    that rounds to zero carries no sign. ``long=True`` spells the unit out
    (``persen poin``, BPS's wording / ``percentage points``).

    >>> fmt_points(0.52)
    '+0,52 poin'
    >>> fmt_points(0.52, lang="en")
    '+0.52 pp'
    >>> fmt_points(-0.1, decimals=1, long=True)
    '-0,1 persen poin'
    >>> fmt_points(-0.001, lang="en", long=True)
    '0.00 percentage points'
    """
    lang = check_lang(lang)
    decimals = _check_decimals(decimals)
    if not isinstance(long, bool):
        raise RenjaError(Message("errors_present.formats.long", got=long))
    value = _as_decimal(x, "x")
    if value is None:
        return MISSING
    rounded = _round(value, decimals)
    body = _pattern(decimals)
    pattern = body if rounded.is_zero() else f"+{body};-{body}"
    word = POINT_WORDS[lang][1 if long else 0]
    return f"{_babel(rounded, pattern, lang)} {word}"


def _rupiah_unit(amount: Decimal) -> tuple[int, int, str, str]:
    """The compact unit for a non-negative amount, after rounding moves it up if needed."""
    for index, unit in enumerate(RUPIAH_UNITS):
        power, decimals = unit[0], unit[1]
        if amount >= Decimal(10) ** power:
            # 999.96 jt rounds to 1.000,0 jt: show it as 1,00 M instead
            if index > 0 and _round(amount.scaleb(-power), decimals) >= 1000:
                return RUPIAH_UNITS[index - 1]
            return unit
    return RUPIAH_UNITS[-1]


def _signed_rupiah(value: Decimal, body: str, lang: str) -> str:
    sign = get_minus_sign_symbol(lang) if value < 0 else ""
    return f"{sign}{RUPIAH_SYMBOL} {body}"


def fmt_rupiah(x: Any, lang: str = "id") -> str:
    """Format an amount of rupiah compactly, for chart labels and slide text.

    From a trillion: ``T``/``tn`` with 1 decimal; a billion: ``M``/``bn`` with 2;
    a million: ``jt``/``m`` with 1; a thousand: ``rb``/``k`` with 1; below that whole
    rupiah. An amount that rounds up to 1.000 of a unit moves to the next unit.
    Negative amounts put the minus sign before ``Rp``.

    >>> fmt_rupiah(5_168_369_010)
    'Rp 5,17 M'
    >>> fmt_rupiah(864_178_400)
    'Rp 864,2 jt'
    >>> fmt_rupiah(5_168_369_010, lang="en")
    'Rp 5.17 bn'
    >>> fmt_rupiah(12_500)
    'Rp 12,5 rb'
    >>> fmt_rupiah(950)
    'Rp 950'
    """
    lang = check_lang(lang)
    value = _as_decimal(x, "x")
    if value is None:
        return MISSING
    amount = value.copy_abs()
    power, decimals, suffix_id, suffix_en = _rupiah_unit(amount)
    scaled = _round(amount.scaleb(-power), decimals)
    if scaled.is_zero():
        return f"{RUPIAH_SYMBOL} 0"
    number = _babel(scaled, _pattern(decimals), lang)
    suffix = suffix_id if lang == "id" else suffix_en
    return _signed_rupiah(value, f"{number} {suffix}".rstrip(), lang)


def fmt_rupiah_full(x: Any, lang: str = "id") -> str:
    """Format an amount of rupiah in full, rounded to whole rupiah.

    >>> fmt_rupiah_full(5_168_369_010)
    'Rp 5.168.369.010'
    >>> fmt_rupiah_full(5_168_369_010, lang="en")
    'Rp 5,168,369,010'
    >>> fmt_rupiah_full(-2_850_000)
    '-Rp 2.850.000'
    """
    lang = check_lang(lang)
    value = _as_decimal(x, "x")
    if value is None:
        return MISSING
    rounded = _round(value, 0)
    body = _babel(rounded.copy_abs(), _pattern(0), lang)
    return _signed_rupiah(rounded, body, lang)


# ---------------------------------------------------------------------------
# matplotlib tick formatters


def _decimals_needed(values: Sequence[Decimal], most: int) -> int:
    """Fewest decimals (up to ``most``) that show every value without rounding it."""
    for decimals in range(most + 1):
        if all(_round(value, decimals) == value for value in values):
            return decimals
    return most


def _tick_values(values: Sequence[float]) -> list[Decimal]:
    # Tick locations carry float noise (0.30000000000000004): 12 significant digits
    # are more than any axis shows.
    return [Decimal(f"{float(value):.12g}") for value in values]


def _make_formatter(format_ticks: Callable[[list[Decimal]], list[str]]) -> Formatter:
    """A matplotlib Formatter that formats all ticks of an axis together."""
    from matplotlib.ticker import Formatter  # imported here: matplotlib is slow to import

    class _TickFormatter(Formatter):
        def __call__(self, x: float, pos: int | None = None) -> str:
            return format_ticks(_tick_values([x]))[0]

        def format_ticks(self, values: Sequence[float]) -> list[str]:
            return format_ticks(_tick_values(values)) if len(values) else []

    return _TickFormatter()


def _axis_formatter(fmt: Callable[[Any, int, str], str], lang: str, decimals: int | None) -> Formatter:
    """Ticks written by ``fmt`` with ``decimals`` places, or the fewest (up to 3) that show every tick exactly."""
    lang = check_lang(lang)
    fixed = _check_decimals(decimals, allow_none=True)

    def format_ticks(values: list[Decimal]) -> list[str]:
        places = fixed if fixed is not None else _decimals_needed(values, DEFAULT_MAX_DECIMALS)
        return [fmt(value, places, lang) for value in values]

    return _make_formatter(format_ticks)


def number_formatter(lang: str = "id", decimals: int | None = None) -> Formatter:
    """A matplotlib tick formatter for plain numbers.

    With ``decimals=None`` all ticks of an axis get the fewest decimals (up to 3)
    that show each tick exactly, so ``0,5  1,0  1,5`` rather than ``0,5  1  1,5``.
    Do not use it for years: they are not grouped (``2021``, not ``2.021``).

    >>> number_formatter().format_ticks([0, 50_000, 100_000])
    ['0', '50.000', '100.000']
    >>> number_formatter("en").format_ticks([0.5, 1.0, 1.5])
    ['0.5', '1.0', '1.5']
    """
    return _axis_formatter(fmt_number, lang, decimals)


def percent_formatter(lang: str = "id", decimals: int | None = None) -> Formatter:
    """A matplotlib tick formatter for values in percent units (``6.2`` -> ``6,2%``).

    With ``decimals=None`` the axis gets the fewest decimals (up to 3) that show
    every tick exactly.

    >>> percent_formatter().format_ticks([5.8, 6.0, 6.2])
    ['5,8%', '6,0%', '6,2%']
    >>> percent_formatter("en", decimals=0).format_ticks([0, 50, 100])
    ['0%', '50%', '100%']
    """
    return _axis_formatter(fmt_percent, lang, decimals)


def rupiah_formatter(lang: str = "id") -> Formatter:
    """A matplotlib tick formatter for rupiah amounts, one unit for the whole axis.

    The unit comes from the largest tick (so an axis reads ``Rp 0,5 M  Rp 1 M``,
    not ``Rp 500 jt  Rp 1 M``) and the decimals are the fewest that show every
    tick exactly, up to the unit's decimals in :func:`fmt_rupiah`.

    >>> rupiah_formatter().format_ticks([0, 500_000_000, 1_000_000_000, 1_500_000_000])
    ['Rp 0', 'Rp 0,5 M', 'Rp 1,0 M', 'Rp 1,5 M']
    >>> rupiah_formatter("en").format_ticks([0, 2e9, 4e9])
    ['Rp 0', 'Rp 2 bn', 'Rp 4 bn']
    """
    lang = check_lang(lang)

    def format_ticks(values: list[Decimal]) -> list[str]:
        power, most, suffix_id, suffix_en = _rupiah_unit(max(value.copy_abs() for value in values))
        suffix = suffix_id if lang == "id" else suffix_en
        scaled = [value.scaleb(-power) for value in values]
        places = _decimals_needed(scaled, most)
        labels = []
        for value, amount in zip(values, scaled):
            if _round(amount, places).is_zero():
                labels.append(f"{RUPIAH_SYMBOL} 0")
                continue
            number = _babel(_round(amount.copy_abs(), places), _pattern(places), lang)
            labels.append(_signed_rupiah(value, f"{number} {suffix}".rstrip(), lang))
        return labels

    return _make_formatter(format_ticks)
