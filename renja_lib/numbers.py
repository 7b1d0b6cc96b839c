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

import re
from dataclasses import dataclass
from decimal import Decimal
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
]

LOCALE = Locale.parse("id")  # parsed once: Babel would otherwise look it up on every call
MISSING_MARKS = frozenset({"-", "–", "—"})

# A number token: digits, grouping dots and decimal commas, plus anything that
# touches it without a space (so that a typo such as "5O9" stays inside the
# token and is refused, instead of being split into a number and a "unit").
_TOKEN = re.compile(r"^(?P<num>[-–—]|[+-]?[0-9][^\s%]*)\s*(?P<unit>.*)$", re.S)
# Characters a number may hold at all (ASCII digits, grouping dots, one decimal comma).
# Babel alone accepts "NaN", "1E5" and non-ASCII digits; none of those is an amount
# in a Renja, so they are refused before Babel checks the grouping.
_NUMBER_CHARS = re.compile(r"^[+-]?[0-9][0-9.]*(,[0-9]+)?$")
_UNIT_OK = re.compile(r"^(%|[^\W\d_][\w/.\-() ]*)?$", re.U)


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
    return text is None or text.strip() in MISSING_MARKS or text.strip() == ""


@lru_cache(maxsize=65536)
def parse_number(text: str) -> Decimal:
    """Parse one number written the Indonesian way.

    >>> parse_number("5.168.369.010")
    Decimal('5168369010')
    >>> parse_number("28,50")
    Decimal('28.50')
    """
    raw = text
    text = text.strip()
    if not text:
        raise NumberParseError(raw, "a number")
    if not _NUMBER_CHARS.match(text):
        raise NumberParseError(raw, "a number such as 1.234.567 or 12,5")
    try:
        return parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        hint = "digit grouping is not valid Indonesian grouping" if "properly formatted" in str(exc) else None
        raise NumberParseError(raw, "a number such as 1.234.567 or 12,5", hint) from None


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
    return Quantity(float(parse_number(num)), unit_out)


def parse_rupiah(text: str | None) -> int | None:
    """Parse a whole-rupiah amount (``3.456.509.470``, ``Rp. 2.850.000,00``); None for ``-``.

    >>> parse_rupiah("3.456.509.470")
    3456509470
    >>> parse_rupiah("-") is None
    True
    """
    if is_missing(text):
        return None
    assert text is not None
    cell = text.strip()
    cell = re.sub(r"^Rp\.?\s*", "", cell, flags=re.I)
    value = parse_number(cell)
    if value != value.to_integral_value():
        raise NumberParseError(text, "a whole amount of rupiah")
    return int(value)
