"""The numbers of a narrative as :mod:`renja_lib.read.narrative_reader` reads them, and the frames it gives.

:func:`number_value` is :func:`~renja_lib.parse.numbers.parse_number` for a number token of prose, without asking
Babel where the answer is certain: digits with at most one decimal comma and no grouping dot (Babel checks the
grouping only where a dot is), or digits grouped by three from a first group without a leading zero (what Babel's
strict check writes back itself); digits with grouping dots in another form (``1.11``, ``05.000``) are refused as
``parse_number`` refuses them; any other token (a digit other than 0-9, ...) goes to ``parse_number``.
:func:`may_start` tells where a pattern after a number need not be asked. :func:`frame` builds the reading's frames
from its rows; :class:`StatedFigure` is one number of a paragraph read as a figure.

>>> number_value("1.500.000,00"), number_value("91,3"), number_value("2021")
(Decimal('1500000.00'), Decimal('91.3'), Decimal('2021'))
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from operator import itemgetter

import numpy as np
import pandas as pd

from ..parse.numbers import NumberParseError, parse_number, plain_number
from ..text import Message
from .locator import END_LINE_COLUMN
from .schema import int_array

__all__ = ["number_value", "may_start", "frame", "DTYPES", "StatedFigure"]

# ASCII digits with a grouping dot, short: where they are not in a plain shape (:func:`~..parse.numbers.plain_number`),
# Babel's strict check writes the integer part back grouped by three from a first group without a leading zero (or
# without a dot under 1000): never as written
_DOTTED = re.compile(r"[0-9]+(?:\.[0-9]+)+(?:,[0-9]+)?")
_LONGEST = 24  # longer ones to Babel (its check is in a wider decimal context)
_STRING = pd.api.types.pandas_dtype("string")  # looked up once, not per column

#: the dtype of each column of the reading's frames (others: object, text stays object, not str)
DTYPES = {"year": "int64", "value": "float64", "source_line": "int64", "source_kind": "string",
          "source_page": "Int64", "source_table": "string", "source_row": "Int64", "source_column": "string",
          END_LINE_COLUMN: "Int64"}


def number_value(token: str) -> Decimal:
    """``parse_number(token)`` (the same value, the same ``NumberParseError``), Babel asked only when needed: a
    dotted token not in a plain form is refused as Babel's strict check refuses it (its grouping hint)."""
    if len(token) <= _LONGEST and (value := plain_number(token)) is not None:
        return value
    if len(token) <= _LONGEST and _DOTTED.fullmatch(token):
        raise NumberParseError(token, Message("errors_read.numbers.expected.number"),
                               Message("errors_read.numbers.hint.grouping"))
    return parse_number(token)


def may_start(t: str, pos: int, firsts: str) -> bool:
    """Whether the text after ``pos``, spaces skipped, may start with a character of ``firsts``: False only where
    its first character that is no space (at ``pos``, or after one space there) is ASCII and not in ``firsts``.
    A pattern ``\\s*(?:...)`` whose every form starts with one of ``firsts`` (in each case that re.I folds to it)
    matches at ``pos`` only where this is True, so it need not be asked where this is False.

    >>> may_start("2021 sebesar", 4, "sh"), may_start("2021 dan", 4, "sh"), may_start("2021  dan", 4, "sh")
    (True, False, True)
    """
    c = t[pos:pos + 1]
    if c.isspace():
        c = t[pos + 1:pos + 2]
    return c in firsts or not c.isascii() or c.isspace()  # "" (the end) is in every string


def frame(rows: list[dict], columns: Sequence[str]) -> pd.DataFrame:
    """The rows as a frame of ``columns``, each of its dtype (:data:`DTYPES`, else object), built from arrays (a
    list given with a dtype costs pandas a check of every value) on one index (not one per column, joined).

    The rows are read into columns in one pass (``zip(*map(itemgetter(*columns), rows))``: column ``c`` is
    ``[r[c] for r in rows]`` as a tuple); an object column goes in as an object ``Index`` of its values, which pandas
    takes as it is, as it takes a Series (an array of str it would make a str column), and which costs less."""
    data, index = {}, pd.RangeIndex(len(rows))
    if len(columns) > 1:  # (itemgetter of one column gives a value, not a tuple)
        by_column = list(zip(*map(itemgetter(*columns), rows))) or [()] * len(columns)
    else:
        by_column = [[r[c] for r in rows] for c in columns]
    for c, values in zip(columns, by_column):
        dtype = DTYPES.get(c, object)
        if dtype is object:
            array = np.empty(len(rows), dtype=object)
            array[:] = values
            data[c] = pd.Index(array, dtype=object, copy=False)
        elif dtype == "Int64":
            data[c] = int_array(list(values))
        else:
            data[c] = pd.array(list(values), dtype=_STRING) if dtype == "string" else np.array(values, dtype=dtype)
    return pd.DataFrame(data, index=index, copy=False)


class StatedFigure:
    """A number of a paragraph read as a figure: where it stands and ends (``end``: a year written right after it
    included; ``quote_end``: where its quote ends), as written (``raw``), its unit, value and notes, whether it
    restates the one before ("... ini"), the year written right after it; then what is read of it (quantity,
    subject, year, whether the year is its own, where the next figure starts)."""

    __slots__ = ("start", "end", "quote_end", "raw", "unit", "value", "notes", "restated", "after_year",
                 "next_start", "subject", "year", "local_year", "quantity")

    def __init__(self, start, end, quote_end, raw, unit, value, notes, restated, after_year):
        self.start, self.end, self.quote_end, self.raw, self.unit, self.value = start, end, quote_end, raw, unit, value
        self.notes, self.restated, self.after_year = notes, restated, after_year
        self.next_start = self.subject = self.year = self.quantity = None
        self.local_year = False
