"""Figures as the document writes them: numbers written back in its format, and read from how it wrote them.

The audit writes the figures it computes as :class:`Figure` s: the document's (Indonesian) text as a ``str``
(``3.456.509.470``, ``28,50%``, ``Rp 4.244.114.400``: what its columns hold), written anew in the message's
language when a message is rendered (``1,000 times`` on an English page, never ``1.000 times``). It compares two
written figures within the rounding their decimals allow.
"""
from __future__ import annotations

import math
import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pandas as pd

from ..parse.numbers import NumberParseError, parse_number
from ..read.narrative_facts import numbers_in
from ..text.catalogue import LocalText
from ..text.formats import fmt_number

__all__ = ["MISSING_FIGURE", "Figure", "agreement", "decimals_in", "half_unit", "num", "pct", "rp", "token_in"]


def _dec(x: Any) -> Decimal:
    """A number as an exact Decimal of its shortest float text."""
    return Decimal(str(float(x))) if not isinstance(x, Decimal) else x


def _round(x: float, decimals: int) -> Decimal:
    """Rounded half up to ``decimals``."""
    return _dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


#: What a missing figure prints as in the audit's messages and columns.
MISSING_FIGURE = "-"


def _written(x: Any, decimals: int | None, kind: str, lang: str) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return MISSING_FIGURE
    text = fmt_number(x, decimals, lang, max_decimals=2)
    return {"num": text, "pct": f"{text}%", "rp": f"Rp {text}"}[kind]


class Figure(LocalText):
    """A figure the audit computed: Indonesian as text (the document's format, for its columns), written in the
    language of the message that shows it.

    >>> from renja_lib.text.catalogue import Message
    >>> f = num(1000, 0)
    >>> f, f.render("en"), pct(28.5).render("en"), rp(4244114400).render("en")
    ('1.000', '1,000', '28.50%', 'Rp 4,244,114,400')
    """

    __slots__ = ("value", "decimals", "kind")

    def __new__(cls, x: Any, decimals: int | None, kind: str) -> "Figure":
        self = super().__new__(cls, _written(x, decimals, kind, "id"))
        self.value, self.decimals, self.kind = x, decimals, kind
        return self

    def render(self, lang: str) -> str:
        return _written(self.value, self.decimals, self.kind, lang)

    def __reduce__(self):  # crosses process boundaries inside messages and errors
        return (Figure, (self.value, self.decimals, self.kind))


def num(x: Any, decimals: int | None = None) -> str:
    """A number as the document writes it: ``3.456.509.470``, ``28,5``; ``decimals`` fixes the decimals.

    Indonesian in messages of either language (the document's own format), up to two
    decimals unless ``decimals`` says how many; :func:`renja_lib.text.formats.fmt_number`
    formats it (rounding half up). A missing value is ``-``.

    >>> num(3456509470), num(28.499), num(2.125), num(6.2, 2), num(None)
    ('3.456.509.470', '28,5', '2,13', '6,20', '-')
    """
    return Figure(x, decimals, "num")


def pct(x: Any, decimals: int | None = 2) -> str:
    """A percentage as the document writes it: ``28,50%`` (two decimals unless ``decimals`` says otherwise)."""
    return Figure(x, decimals, "pct")


def rp(x: Any) -> str:
    """An amount of rupiah as the document writes it: ``Rp 4.244.114.400``."""
    return Figure(x, 0, "rp")


_FIRST_NUMBER = re.compile(r"[-+]?\d[\d.]*(?:,(\d+))?")


def decimals_in(raw: str | None) -> int:
    """Decimals of the first number written in ``raw`` (``16,10 %`` -> 2, ``90 %`` -> 0)."""
    m = _FIRST_NUMBER.search(raw or "")
    return len(m.group(1)) if m and m.group(1) else 0


def token_in(quote: str, value: float) -> str | None:
    """The number in a quote that states ``value``, as written."""
    for token, _, _ in numbers_in(quote):
        try:
            if abs(float(parse_number(token)) - value) < 1e-9:
                return token
        except NumberParseError:
            continue
    return None


def agreement(a: float, a_dec: int, b: float, b_dec: int) -> str:
    """``equal``, ``rounded`` (equal once the more precise is rounded to the other's decimals) or ``differ``."""
    if abs(a - b) < 1e-9:
        return "equal"
    d = min(a_dec, b_dec)
    return "rounded" if _round(a, d) == _round(b, d) else "differ"


def half_unit(decimals: int) -> float:
    """Half a unit of the last decimal of a figure written with ``decimals`` (its rounding): 0,05 for 1."""
    return 0.5 * 10 ** (-decimals)
