"""The numbers of a narrative as :mod:`renja_lib.read.narrative_reader` reads them, and the frames it gives.

:func:`number_value` is :func:`~renja_lib.parse.numbers.parse_number` for a number token of prose, without asking
Babel where the answer is certain: digits with at most one decimal comma and no grouping dot (Babel checks the
grouping only where a dot is), or digits grouped by three from a first group without a leading zero (what Babel's
strict check writes back itself); any other token (``1.11``, ``05.000``, a digit other than 0-9) goes to
``parse_number``, which refuses or reads it. :func:`frame` builds the reading's frames from its rows;
:class:`StatedFigure` is one number of a paragraph read as a figure.

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
from pandas.arrays import IntegerArray

from ..parse.numbers import parse_number
from .locator import END_LINE_COLUMN

__all__ = ["number_value", "frame", "DTYPES", "StatedFigure"]

# the forms whose value is certain: no grouping dot (then Babel reads the digits as they stand), or every group of
# three after a first group of one to three digits that is not a leading zero (then Babel writes the same back)
_PLAIN = re.compile(r"[0-9]+(?:,[0-9]+)?|[1-9][0-9]{0,2}(?:\.[0-9]{3})+(?:,[0-9]+)?")
_LONGEST = 24  # longer ones to Babel (its check is in a wider decimal context)
_STRING = pd.api.types.pandas_dtype("string")  # looked up once, not per column
_INT_OR_NONE = {int, type(None)}

#: the dtype of each column of the reading's frames (others: object, text stays object, not str)
DTYPES = {"year": "int64", "value": "float64", "source_line": "int64", "source_kind": "string",
          "source_page": "Int64", "source_table": "string", "source_row": "Int64", "source_column": "string",
          END_LINE_COLUMN: "Int64"}


def number_value(token: str) -> Decimal:
    """``parse_number(token)`` (the same value, the same ``NumberParseError``), Babel asked only when needed."""
    if len(token) <= _LONGEST and _PLAIN.fullmatch(token):
        return Decimal(token.replace(".", "").replace(",", "."))
    return parse_number(token)


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
            data[c] = _integers(list(values))
        else:
            data[c] = pd.array(list(values), dtype=_STRING) if dtype == "string" else np.array(values, dtype=dtype)
    return pd.DataFrame(data, index=index, copy=False)


def _integers(values: list) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="Int64")``; for ints and None (a line, a page: what a reading holds) built as its
    values and mask, without pandas looking at every value for its type (none missing: the values as they are; all
    missing: zeros, all masked; ints and None only, so ``count(None)`` counts the None and nothing else)."""
    if set(map(type, values)) <= _INT_OR_NONE:
        n, missing = len(values), values.count(None)
        if not missing:
            return IntegerArray(np.array(values, dtype=np.int64), np.zeros(n, dtype=bool))
        if missing == n:
            return IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
        return IntegerArray(np.array([0 if v is None else v for v in values], dtype=np.int64),
                            np.array([v is None for v in values], dtype=bool))
    return pd.array(values, dtype="Int64")


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
