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

from ..text.catalogue import Message

__all__ = [
    "NumberParseError",
    "Quantity",
    "parse_number",
    "plain_number",
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
# The shapes most cells have, which Babel's strict reading takes as they are (its check of the grouping, formatting
# the number again, passes: tested against Babel on random numbers): digits grouped by three from a first digit other
# than 0, or digits alone; each with decimals or not. Read without Babel (the same Decimal, exponent too).
_GROUPED_OR_PLAIN = re.compile(r"(?:[1-9][0-9]{0,2}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?")
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


def _refuse_control(raw: str, expected: Message) -> None:
    found = control_characters(raw)
    if found:
        raise NumberParseError(raw, expected,
                               Message("errors_read.numbers.hint.control", chars=", ".join(dict.fromkeys(found))))


class NumberParseError(ValueError):
    """A cell that should hold a number holds something else.

    ``expected`` (what the cell should hold) and ``hint`` (why it was refused, or
    None) are :class:`~renja_lib.text.Message` s; :attr:`message` is the whole text,
    written by :meth:`render` in any language and by ``str()`` in the language of
    error messages (:func:`~renja_lib.text.use_language`).

    >>> err = NumberParseError("1.11", Message("errors_read.numbers.expected.number"))
    >>> err.render("en")
    "expected a number such as 1.234.567 or 12,5, found '1.11'"
    >>> err.render("id")
    "diharapkan angka seperti 1.234.567 atau 12,5; ditemukan '1.11'"
    """

    def __init__(self, raw: str, expected: Message, hint: Message | None = None):
        self.raw = raw
        self.expected = expected
        self.hint = hint
        super().__init__(raw, expected, hint)

    @property
    def message(self) -> Message:
        """What was expected and what was found, not yet written in a language."""
        if self.hint:
            return Message("errors_read.numbers.found_hint", expected=self.expected, raw=self.raw, hint=self.hint)
        return Message("errors_read.numbers.found", expected=self.expected, raw=self.raw)

    def render(self, lang: str | None = None) -> str:
        """The message in ``lang``; by default the language of error messages."""
        if lang is None:
            from ..text.langs import message_language

            lang = message_language()
        return self.message.render(lang)

    def __str__(self) -> str:
        return self.render()


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
    expected = Message("errors_read.numbers.expected.number")
    _refuse_control(raw, expected)
    text = text.strip()
    if not text:
        raise NumberParseError(raw, Message("errors_read.numbers.expected.any_number"))
    if len(text) > MAX_NUMBER_CHARS:
        raise NumberParseError(raw[:MAX_NUMBER_CHARS] + "...", expected,
                               Message("errors_read.numbers.hint.too_long", n=len(text), max=MAX_NUMBER_CHARS))
    if not _NUMBER_CHARS.match(text):
        raise NumberParseError(raw, expected)
    if (value := plain_number(text)) is not None:
        return value
    try:
        # Babel checks the grouping by formatting the number again, in the current decimal
        # context: give it room for every digit (the default 28 fails on 29 and more)
        with localcontext() as ctx:
            ctx.prec = max(ctx.prec, 2 * len(text))
            return parse_decimal(text, locale=LOCALE, strict=True)
    except NumberFormatError as exc:
        hint = Message("errors_read.numbers.hint.grouping") if "properly formatted" in str(exc) else None
        raise NumberParseError(raw, expected, hint) from None
    except ArithmeticError:  # decimal.InvalidOperation and the like: not a number Babel can hold
        raise NumberParseError(raw, expected) from None


def plain_number(text: str) -> Decimal | None:
    """The value of a number written in a shape Babel's strict reading takes as it stands (digits grouped by three
    from a first digit other than 0, or digits alone; with decimals or not): the Decimal :func:`parse_number` gives,
    read without Babel; None for any other text.

    >>> plain_number("5.168.369.010"), plain_number("28,50"), plain_number("0.123"), plain_number("5.1234")
    (Decimal('5168369010'), Decimal('28.50'), None, None)
    """
    return Decimal(text.replace(".", "").replace(",", ".")) if _GROUPED_OR_PLAIN.fullmatch(text) else None


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
    _refuse_control(text or "", Message("errors_read.numbers.expected.quantity"))
    if text is None or not text.strip():
        return Quantity(None, None)
    cell = " ".join(text.split())
    m = _TOKEN.match(cell)
    if not m:
        raise NumberParseError(text, Message("errors_read.numbers.expected.quantity"))
    num, unit = m.group("num"), m.group("unit").strip()
    # "28,50%": the percent sign touches the number
    if unit.startswith("%") and len(unit) > 1 and unit[1:].strip() == "":
        unit = "%"
    if not _UNIT_OK.match(unit):
        raise NumberParseError(text, Message("errors_read.numbers.expected.with_unit"))
    unit_out = unit or None
    if num in MISSING_MARKS:
        return Quantity(None, unit_out)
    value = parse_number(num)
    as_float = float(value)
    # a float keeps about 16 significant digits: a value it cannot give back as written
    # (12345678901234567 would become ...568) is refused rather than silently changed
    if not math.isfinite(as_float) or Decimal(repr(as_float)) != value:
        raise NumberParseError(text, Message("errors_read.numbers.expected.digits"),
                               Message("errors_read.numbers.hint.digits"))
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
    _refuse_control(text, Message("errors_read.numbers.expected.rupiah"))
    cell = text.strip()
    cell = re.sub(r"^Rp\.?\s*", "", cell, flags=re.I)
    value = parse_number(cell)
    if value != value.to_integral_value():
        raise NumberParseError(text, Message("errors_read.numbers.expected.whole_rupiah"))
    return int(value)


_WORD_DIGITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9}
_WORD_UNITS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_WORD_SCALES = {"ribu": 10**3, "juta": 10**6, "milyar": 10**9, "miliar": 10**9, "triliun": 10**12}


def words_to_int(words: str) -> int | None:
    """An amount written in Indonesian words (``terbilang``); None when a word is not a number word.

    ``rupiah`` and ``dan`` are passed over, hyphens are spaces; ``seribu``,
    ``sejuta`` ... are one thousand, one million ...

    >>> words_to_int("dua ratus delapan juta lima ratus sembilan puluh enam ribu delapan ratus sepuluh rupiah")
    208596810
    >>> words_to_int("seratus dua belas"), words_to_int("sejuta"), words_to_int("banyak"), words_to_int("")
    (112, 1000000, None, None)
    """
    total = group = last = 0
    seen = False
    for w in words.lower().replace("-", " ").split():
        if w in ("rupiah", "dan"):
            continue
        if w in _WORD_DIGITS:
            last = _WORD_DIGITS[w]
            group += last
        elif w in _WORD_UNITS:
            group += _WORD_UNITS[w]
            last = 0
        elif w == "belas":        # dua belas = 2 + 10
            group += 10
            last = 0
        elif w == "puluh":        # dua puluh = 2 x 10
            group += last * 9
            last = 0
        elif w == "ratus":        # dua ratus = 2 x 100
            group += last * 99
            last = 0
        elif w.startswith("se") and w[2:] in _WORD_SCALES:  # seribu, sejuta
            total += _WORD_SCALES[w[2:]]
            last = 0
        elif w in _WORD_SCALES:
            if group == 0:
                return None
            total += group * _WORD_SCALES[w]
            group = last = 0
        else:
            return None
        seen = True
    return total + group if seen else None
