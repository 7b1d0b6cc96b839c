"""A user's series of labour-market indicator values (the ``extra_indicators`` file), read and checked.

An analyst adds figures the document does not hold (BPS releases, other regions,
earlier years) in a CSV or ``.xlsx`` file, one value per row, in long shape:

================  ========  ==============================================================
column            needed    what it holds
================  ========  ==============================================================
``region``        yes       the region the value is for, as text (``Kota Pasuruan``,
                            ``Provinsi Jawa Timur``); the document's own figures belong to
                            the region the document names
``indicator``     yes       ``TPT``, ``TPAK`` or ``TKK``, or any name of the indicator in
                            ``renja_lib/data/indicators.csv`` (``Tingkat Pengangguran
                            Terbuka``; case and spaces ignored)
``year``          yes       the year, four digits (``2021``)
``kind``          yes       ``actual``, ``estimate``, ``target``, ``renstra_target`` or
                            ``projection`` (:data:`KINDS`)
``value``         yes       the value in percent: ``6,33`` or ``6.33`` (the decimal mark is
                            told from the column's cells), ``6,33%``; an empty cell or ``-``
                            is no value (the row goes to ``dropped``, never 0)
``source``        no        where the value comes from (``BPS Sakernas Agustus 2021``)
``series_break``  no        ``true`` where a new series starts in this year (a change of
                            method); ``false``, ``1``/``0``, ``yes``/``no``, ``ya``/``tidak``;
                            empty is false
================  ========  ==============================================================

The file goes through the one reader of user tables
(:func:`renja_lib.read.user_tables.read_table`): UTF-8 with or without a BOM,
UTF-16 with a BOM, else cp1252; ``,``, ``;``, tab or ``|`` between columns;
title rows above the header and notes under the table kept aside. Indonesian
decimals need either another separator than the comma (``;``, as Excel writes in
Indonesia) or quotes (``"6,33"``); a comma-separated row with one field too many
where a number was split at its comma is named as such.

Every value keeps its place: ``source`` is ``"<file name> row R"`` (plus
``": <source>"`` where the row gives one) and the locator columns
``source_file`` and ``source_row`` hold the file name and the row (the line a
CSV record starts on, the Excel row). Every problem of the file (a missing
column, an unknown indicator or kind, a year that is not a year, a share outside
0-100, a cell that is not a number) is one :class:`~renja_lib.errors.RenjaError`
naming the file and each row and column; nothing is skipped or guessed.

This module knows no indicator: the caller passes how a name becomes a key
(``indicator_key``), the keys (``indicators``) and which of them are shares
(``shares``), as :mod:`renja_lib.analyse.labour` holds them.

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "bps.csv"
>>> _ = p.write_text("region;indicator;year;kind;value;source\\n"
...                  "Kota Pasuruan;TPT;2020;actual;6,33;BPS\\n", encoding="cp1252")
>>> s = read_indicator_series(p, indicator_key=lambda name: name.upper() if name.upper() == "TPT" else None,
...                           indicators=["TPT"], shares={"TPT"})
>>> s.frame[["indicator", "year", "value", "source", "source_row"]].to_dict("records")
[{'indicator': 'TPT', 'year': 2020, 'value': 6.33, 'source': 'bps.csv row 2: BPS', 'source_row': 2}]
>>> s.decimal, s.table.delimiter
(',', ';')
"""
from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import RenjaError
from ..text.catalogue import Message
from .user_tables import UserTable, cell_text, column_decimal, join_messages, read_number, read_table, table_error

__all__ = ["IndicatorSeries", "read_indicator_series", "COLUMNS", "KINDS", "FRAME_COLUMNS", "DROPPED_COLUMNS",
           "TRUE_WORDS", "FALSE_WORDS", "NO_VALUE", "EXACT_DECIMALS"]

#: The columns of the file: name -> required.
COLUMNS: dict[str, bool] = {
    "region": True, "indicator": True, "year": True, "kind": True, "value": True,
    "source": False, "series_break": False,
}
#: The kinds of value, in display order (the same as :data:`renja_lib.analyse.labour.KINDS`; a test checks).
KINDS: tuple[str, ...] = ("actual", "estimate", "target", "renstra_target", "projection")
#: ``series_break`` cells read as true / as false (any case; empty is false).
TRUE_WORDS = frozenset({"true", "1", "yes", "y", "ya"})
FALSE_WORDS = frozenset({"", "false", "0", "no", "n", "tidak"})
#: ``reason`` of a row whose value cell is empty or ``-``.
NO_VALUE = "no value"
#: ``decimals`` of a number a spreadsheet holds as a number (no writing to count): as exact as a float.
EXACT_DECIMALS = 15
#: Columns of :attr:`IndicatorSeries.frame`.
FRAME_COLUMNS: list[str] = ["region", "indicator", "year", "kind", "value", "source", "series_break", "decimals",
                            "source_file", "source_row"]
#: Columns of :attr:`IndicatorSeries.dropped`.
DROPPED_COLUMNS: list[str] = ["region", "indicator", "year", "kind", "source", "reason", "source_file",
                              "source_row"]
#: How many problems one error lists in full.
_LISTED = 20

_YEAR = re.compile(r"^\d{4}$")
_DIGITS = re.compile(r"^[+-]?\d+%?$")
_FRAME_TYPES = {"region": "str", "indicator": "str", "year": "int64", "kind": "str", "value": "float64",
                "source": "str", "series_break": "bool", "decimals": "int64", "source_file": "str",
                "source_row": "int64"}
_DROPPED_TYPES = {"region": "str", "indicator": "str", "year": "int64", "kind": "str", "source": "str",
                  "reason": "str", "source_file": "str", "source_row": "int64"}


@dataclass(frozen=True, eq=False)
class IndicatorSeries:
    """A user's indicator series as :func:`read_indicator_series` read it.

    ``frame``: one row per value (:data:`FRAME_COLUMNS`: region, indicator key, year int, kind, value float,
    source text, series_break bool, decimals int: the decimals the value is written with, ``6,33`` 2, ``6`` 0,
    :data:`EXACT_DECIMALS` for a spreadsheet's number; source_file, source_row int), in the file's order. ``dropped``: the rows
    without a value (:data:`DROPPED_COLUMNS`, ``reason`` :data:`NO_VALUE`). ``table``: how the file was read
    (encoding, delimiter). ``decimal``: the decimal mark of the value column (None when no cell has one).
    """

    frame: pd.DataFrame
    dropped: pd.DataFrame
    table: UserTable
    decimal: str | None

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The values and the dropped rows as lists of dicts, without the locator columns (the shape
        :func:`renja_lib.analyse.labour.series` gathers the document's own figures in)."""
        rows = self.frame.drop(columns=["source_file", "source_row"]).to_dict("records")
        dropped = self.dropped.drop(columns=["source_file", "source_row"]).to_dict("records")
        for row in rows:
            row["year"], row["value"], row["series_break"], row["decimals"] = \
                int(row["year"]), float(row["value"]), bool(row["series_break"]), int(row["decimals"])
        for row in dropped:
            row["year"] = int(row["year"])
        return rows, dropped


def read_indicator_series(path: str | Path, *, indicator_key: Callable[[str], str | None],
                          indicators: Sequence[str], shares: Collection[str] = (),
                          kinds: Sequence[str] = KINDS) -> IndicatorSeries:
    """Read and check a user's indicator series (see the module docstring).

    ``indicator_key(name)`` gives the key of a name as written, or None for a name that is no known
    indicator; ``indicators`` are the keys (named in the message for an unknown one); ``shares`` the keys whose
    values are shares, so lie within 0-100; ``kinds`` the kinds allowed. Raises one :class:`RenjaError` naming
    the file and every row and column with a problem.
    """
    if not isinstance(path, (str, Path)):
        raise RenjaError(Message("errors_read.indicator_series.not_path", type=type(path).__name__, got=path))
    p = Path(path)
    table = read_table(p, what=Message("errors_read.indicator_series.what"),
                       known=lambda name: name.strip().casefold() in COLUMNS,
                       empty_hint=Message("errors_read.indicator_series.empty_hint"))
    columns = _check_header(table)
    problems: list[tuple[int, str | None, Message]] = []
    for row in table.rows:
        if len(row.cells) != len(columns):
            problems.append((row.number, None, _fields_message(table, row.cells, len(columns))))
    if problems:
        raise _problems_error(p, problems)
    at = columns.index("value")
    decimal = column_decimal(table, at, percent=True, units=False)
    rows: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    kinds = tuple(kinds)
    for row in table.rows:
        line = row.number
        cell = {c: cell_text(v) for c, v in zip(columns, row.cells)}
        bad = len(problems)
        region = cell["region"]
        if not region:
            problems.append((line, "region", Message("errors_read.indicator_series.empty_region")))
        indicator = indicator_key(cell["indicator"])
        if indicator is None:
            problems.append((line, "indicator", Message("errors_read.indicator_series.unknown_indicator",
                                                        got=cell["indicator"], keys=list(indicators))))
        kind = cell["kind"].casefold()
        if kind not in kinds:
            problems.append((line, "kind", Message("errors_read.indicator_series.kind", allowed=list(kinds),
                                                   got=cell["kind"])))
        year_ok = bool(_YEAR.match(cell["year"]))
        if not year_ok:
            problems.append((line, "year", Message("errors_read.indicator_series.year", got=cell["year"])))
        flag = cell.get("series_break", "").casefold()
        if flag not in TRUE_WORDS | FALSE_WORDS:
            problems.append((line, "series_break", Message("errors_read.indicator_series.series_break",
                                                           got=cell["series_break"])))
        try:
            number = read_number(row.cell(at), decimal, percent=True, units=False)
        except ValueError as exc:
            problems.append((line, table.columns[at], exc.args[0]))
            continue
        if number is not None and indicator in shares and not 0 <= number.value <= 100:
            problems.append((line, "value", Message("errors_read.indicator_series.share", indicator=indicator,
                                                    got=cell["value"])))
        if len(problems) > bad:
            continue
        source = f"{p.name} row {line}" + (f": {cell['source']}" if cell.get("source") else "")
        where = {"source_file": p.name, "source_row": line}
        if number is None:
            dropped.append(dict(region=region, indicator=indicator, year=int(cell["year"]), kind=kind,
                                source=source, reason=NO_VALUE, **where))
            continue
        exponent = number.value.as_tuple().exponent
        decimals = (-exponent if number.resolution and isinstance(exponent, int) and exponent < 0
                    else 0 if number.resolution else EXACT_DECIMALS)
        rows.append(dict(region=region, indicator=indicator, year=int(cell["year"]), kind=kind,
                         value=float(number.value), source=source, series_break=flag in TRUE_WORDS,
                         decimals=decimals, **where))
    if problems:
        raise _problems_error(p, problems)
    frame = pd.DataFrame.from_records(rows, columns=FRAME_COLUMNS).astype(_FRAME_TYPES)
    gone = pd.DataFrame.from_records(dropped, columns=DROPPED_COLUMNS).astype(_DROPPED_TYPES)
    return IndicatorSeries(frame, gone, table, decimal)


def _check_header(table: UserTable) -> list[str]:
    """The file's column names, lower-cased; one error for a missing, unknown or repeated column."""
    path, header, head = table.path, list(table.columns), table.header_rows[0]
    columns = [h.strip().casefold() for h in header]
    missing = [c for c, required in COLUMNS.items() if required and c not in columns]
    if missing:
        raise table_error(path, head, missing[0], Message("errors_read.indicator_series.missing_columns",
                                                          count=len(missing), missing=missing,
                                                          allowed=list(COLUMNS), header=header))
    unknown = [h for h, c in zip(header, columns) if c not in COLUMNS]
    if unknown:
        raise table_error(path, head, unknown[0], Message("errors_read.indicator_series.unknown_columns",
                                                          count=len(unknown), unknown=unknown,
                                                          allowed=list(COLUMNS)))
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    if duplicated:
        raise table_error(path, head, duplicated[0], Message("errors_read.indicator_series.duplicate_columns",
                                                             count=len(duplicated), columns=duplicated))
    return columns


def _fields_message(table: UserTable, cells: tuple[Any, ...], expected: int) -> Message:
    """A row with the wrong number of fields; where a comma-separated row has one field too many and two
    neighbouring fields are digits (``6,33`` split at its comma), said so, with the two ways out."""
    found = len(cells)
    if table.delimiter == "," and found == expected + 1:
        texts = [cell_text(c) for c in cells]
        for left, right in zip(texts, texts[1:]):
            if _DIGITS.match(left) and _DIGITS.match(right) and not left.endswith("%"):
                return Message("errors_read.indicator_series.fields_decimal_comma", expected=expected, found=found,
                               number=f"{left},{right}")
    return Message("errors_read.indicator_series.fields", expected=expected, found=found)


def _problems_error(path: Path, problems: list[tuple[int, str | None, Message]]) -> RenjaError:
    """One error for every problem of the file: the shape of :func:`table_error` when there is one."""
    if len(problems) == 1:
        return table_error(path, *problems[0])
    parts = [Message("errors_read.tables.at_cell", row=r, column=c, message=m) if c is not None
             else Message("errors_read.tables.at_row", row=r, message=m) for r, c, m in problems[:_LISTED]]
    rows = len({r for r, _, _ in problems})
    more = len(problems) - _LISTED
    text = (Message("errors_read.indicator_series.problems_more", n=len(problems), rows=rows, more=more,
                    detail=join_messages(parts)) if more > 0
            else Message("errors_read.indicator_series.problems", n=len(problems), rows=rows,
                         detail=join_messages(parts)))
    return RenjaError(text, path=path, line=problems[0][0])
