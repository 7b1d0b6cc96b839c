"""Indonesian number formats: ``.`` groups thousands, ``,`` is the decimal mark.

Parsing is Babel's (``parse_decimal`` with the ``id`` locale, strict mode), so
that digit grouping is checked by a well-kept implementation of the CLDR rules
rather than by hand-written regular expressions: ``1.234567,00`` and ``1.11``
are refused instead of being read as something the author did not write.

A cell is a number followed by an optional unit (``98,14 %``, ``7 dokumen``,
``23 orang/bulan``); ``-`` stands for "no value" and may still carry a unit
(``- event``).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

from babel import Locale
from babel.numbers import NumberFormatError, parse_decimal

__all__ = [
    "NumberParseError",
    "Quantity",
    "parse_number",
    "parse_quantity",
    "parse_rupiah",
    "is_missing",
    "control_characters",
    "MAX_NUMBER_CHARS",
]

LOCALE = Locale.parse("id")  # parsed once: Babel would otherwise look it up on every call
MISSING_MARKS = frozenset({"-", "–", "—"})

# A number token: digits, grouping dots and decimal commas, plus anything that
# touches it without a space (so that a typo such as "5O9" stays inside the
# token and is refused, instead of being split into a number and a "unit").
_TOKEN = re.compile(r"^(?P<num>[+-]?[0-9][^\s%]*|[-–—])\s*(?P<unit>.*)$", re.S)
# Characters a number may hold at all (ASCII digits, grouping dots, one decimal comma).
# Babel alone accepts "NaN", "1E5" and non-ASCII digits; none of those is an amount
# in a Renja, so they are refused before Babel checks the grouping.
_NUMBER_CHARS = re.compile(r"^[+-]?[0-9][0-9.]*(,[0-9]+)?$")
_UNIT_OK = re.compile(r"^(%|[^\W\d_][\w/.\-() ]*)?$", re.U)
# Control characters (C0, DEL, C1) and the Unicode line and paragraph separators. A cell
# holding one is kept as text where text is wanted, but is never read as a number:
# str.split() would treat most of them as spaces and read "90\x1c%" as 90 %.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: the longest number token read (a 30-digit amount with its grouping dots is 39)
MAX_NUMBER_CHARS = 60


def control_characters(text: str) -> list[str]:
    """The control characters (and U+2028/U+2029) in ``text``, as ``U+000B`` names, in order."""
    return [f"U+{ord(c):04X}" for c in _CONTROL.findall(text)]


def _refuse_control(raw: str, expected: str) -> None:
    found = control_characters(raw)
    if found:
        raise NumberParseError(raw, expected, f"it holds the control character(s) {', '.join(dict.fromkeys(found))}")


class NumberParseError(ValueError):
    """A cell that should hold a number holds something else."""

    def __init__(self, raw: str, expected: str, hint: str | None = None):
        self.raw = raw
        self.expected = expected
        msg = f"expected {expected}, found {raw!r}"
        if hint:
            msg += f" ({hint})"
        super().__init__(msg)


@dataclass(frozen=True)
class Quantity:
    """A measured value with its unit; ``value`` is None where the cell says ``-``."""

    value: float | None
    unit: str | None


def is_missing(text: str | None) -> bool:
    """True for an empty cell or the document's "no value" mark ``-``."""
    if text is None:
        return True
    if _CONTROL.search(text):  # "\v" alone is not empty: str.strip() must not hide it
        return False
    return text.strip() in MISSING_MARKS or text.strip() == ""


@lru_cache(maxsize=65536)
def parse_number(text: str) -> Decimal:
    """Parse one number written the Indonesian way.

    >>> parse_number("5.168.369.010")
    Decimal('5168369010')
    >>> parse_number("28,50")
    Decimal('28.50')
    """
    raw = text
    expected = "a number such as 1.234.567 or 12,5"
    _refuse_control(raw, expected)
    text = text.strip()
    if not text:
        raise NumberParseError(raw, "a number")
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberParseError(raw[:MAX_NUMBER_CHARS] + "...", expected,
                               f"{len(text)} characters; a number has at most {MAX_NUMBER_CHARS}")
    if not _NUMBER_CHARS.match(text):
        raise NumberParseError(raw, expected)
    try:
        # Babel checks the grouping by formatting the number again, in the current decimal
        # context: give it room for every digit (the default 28 fails on 29 and more)
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, 2 * len(text))
            return parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        hint = "digit grouping is not valid Indonesian grouping" if "properly formatted" in str(exc) else None
        raise NumberParseError(raw, expected, hint) from None
    except ArithmeticError:  # decimal.InvalidOperation and the like: not a number Babel can hold
        raise NumberParseError(raw, expected) from None


@lru_cache(maxsize=65536)
def parse_quantity(text: str | None) -> Quantity:
    """Split a cell into its number and unit.

    >>> parse_quantity("98,14 %")
    Quantity(value=98.14, unit='%')
    >>> parse_quantity("- event")
    Quantity(value=None, unit='event')
    >>> parse_quantity("25 perusahaan kecil")
    Quantity(value=25.0, unit='perusahaan kecil')
    """
    _refuse_control(text or "", "a number with an optional unit, or '-'")
    if text is None or not text.strip():
        return Quantity(None, None)
    cell = " ".join(text.split())
    m = _TOKEN.match(cell)
    if not m:
        raise NumberParseError(text, "a number with an optional unit, or '-'")
    num, unit = m.group("num"), m.group("unit").strip()
    # "28,50%": the percent sign touches the number
    if unit.startswith("%") and len(unit) > 1 and unit[1:].strip() == "":
        unit = "%"
    if not _UNIT_OK.match(unit):
        raise NumberParseError(text, "a number followed by a unit such as '%' or 'orang'")
    unit_out = unit or None
    if num in MISSING_MARKS:
        return Quantity(None, unit_out)
    value = parse_number(num)
    as_float = float(value)
    # a float keeps about 16 significant digits: a value it cannot give back as written
    # (12345678901234567 would become ...568) is refused rather than silently changed
    if not math.isfinite(as_float) or Decimal(repr(as_float)) != value:
        raise NumberParseError(text, "a number of at most 15 significant digits",
                               "more digits than the column can hold exactly")
    return Quantity(as_float, unit_out)


def parse_rupiah(text: str | None) -> int | None:
    """Parse a whole-rupiah amount (``3.456.509.470``, ``Rp. 2.850.000,00``); None for ``-``.

    >>> parse_rupiah("3.456.509.470")
    3456509470
    >>> parse_rupiah("-") is None
    True
    """
    if text is None or is_missing(text):
        return None
    _refuse_control(text, "a whole amount of rupiah such as 3.456.509.470")
    cell = text.strip()
    cell = re.sub(r"^Rp\.?\s*", "", cell, flags=re.I)
    value = parse_number(cell)
    if value != value.to_integral_value():
        raise NumberParseError(text, "a whole amount of rupiah")
    return int(value)
