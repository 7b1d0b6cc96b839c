"""One reader for the tables users give: spending files, extra indicator series, curated facts.

A user's table is a CSV (or an Excel ``.xlsx`` sheet) that someone exported or
typed; :func:`read_table` reads it into rows of raw cells, each row with its row
number in the file and the indentation of every cell, and records how it was read:

* **Form.** A workbook is told by its first bytes (a zip archive), whatever the
  file's name says (a download saved as ``.csv`` or without a suffix); a file
  named ``.xlsx`` is always opened as a workbook; an old ``.xls`` (OLE) is refused
  with the way out; anything else is text.

* **Encoding.** One policy, :func:`renja_lib.read.source.decode_text`: a
  byte-order mark (UTF-8, UTF-16, UTF-32), then UTF-8, then cp1252; the
  encoding used and whether there was a BOM are recorded.
* **Delimiter.** ``,``, ``;``, tab or ``|`` (:data:`DELIMITERS`): the one that
  splits the most rows of the first lines into the same number of fields, the
  most common count being above one; a tie is refused (pass ``delimiter=``).
  Recorded, with whether it was declared or detected.
* **Header.** Title rows above the header are kept aside (``title``); the
  header is the first row naming at least two columns the caller knows
  (``known=``), else the first row with two filled cells. A second header row
  directly under it is joined to it, column by column (``anggaran`` over
  ``(juta)`` is ``anggaran (juta)``), when its filled cells are all units
  (``(Rp juta)``, ``%``, ``Rp``) or when it has two filled cells or more and no
  digit (a data row has an amount, a code or a ``-``). The header rows' own cells
  are kept too (``header_cells``), for a reader that spreads a merged cell (a year
  over its ``Februari`` and ``Agustus``) itself.
* **Footnotes.** A row under the table with one filled cell starting like a
  note (``Sumber``, ``Source``, ``Catatan``, ``Keterangan``, ``Ket.``,
  ``Note``, ``*``, ``1)``), and every row after it that has at most one filled
  cell, is a footnote, kept aside (``footnotes``), not data.
* **Indentation.** Leading spaces (and no-break spaces) of a cell, plus four
  per indent level of an Excel cell (``indents``); the cells keep their text as
  written.

Numbers are read a column at a time (:func:`read_numbers`), because the decimal
mark is a property of a column, not of a file: the budget portal of the Ministry
of Finance writes amounts as ``1.056,74 M`` and percentages as ``109.59`` in one
file. Each cell gives evidence: ``1.056,74``, ``831,90``, ``1.234.567`` say the
comma is the decimal mark; ``109.59``, ``1,234,567``, ``0.125`` say the point
is. ``1.234`` (or ``1,234``) alone says nothing: the other cells of its column
decide, and when none does the column is refused with one message (pass
``decimal=``), never guessed. A column whose cells disagree is refused, naming
both cells. A declared mark (``decimal=","`` or ``"."``) is the rule for every
cell of the column and a cell written otherwise is refused. ``6,33`` and ``6.33``
are both read where the column is unambiguous. With the comma, grouping is
checked strictly (Babel, :func:`renja_lib.parse.numbers.parse_number`); with the
point, numbers are plain (``1234567.89``) or grouped by commas
(``1,234,567.89``).

A unit after an amount (:data:`UNIT_SUFFIXES`: ``M`` miliar, ``Jt`` juta,
``rb`` ribu, and the words) is taken off and recorded per cell; ``Rp`` before an
amount and ``%`` after a percentage are allowed; an empty cell or ``-`` is
missing, never 0.

Every problem is one :class:`~renja_lib.errors.RenjaError` naming the file, the
row and the column (:func:`table_error`).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "apbd.csv"
>>> _ = p.write_text('LAPORAN REALISASI\\nakun;anggaran;persentase\\nBelanja;1.056,74 M;88.88\\n'
...                  'Sumber: DJPK\\n', encoding="cp1252")
>>> t = read_table(p, what="a budget table")
>>> t.encoding, t.delimiter, t.columns, [r.number for r in t.rows], t.footnotes[0].cells[0]
('utf-8', ';', ('akun', 'anggaran', 'persentase'), [3], 'Sumber: DJPK')
>>> amounts = read_numbers(t, 1)
>>> amounts.decimal, amounts.numbers[0].value, amounts.numbers[0].unit
(',', Decimal('1056.74'), 'miliar')
>>> read_numbers(t, 2, percent=True).decimal
'.'
"""
from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from ..errors import RenjaError
from ..parse.numbers import NumberParseError, parse_number
from ..text.catalogue import Message
from .source import USER_FILE_BYTES, decode_text, read_file_bytes

__all__ = ["DELIMITERS", "UNIT_SUFFIXES", "DECIMAL_MARKS", "Uncalculated", "TableRow", "UserTable", "CellNumber",
           "NumberColumn", "read_table", "read_numbers", "read_number", "column_decimal", "cells_decimal",
           "cell_text", "table_error", "join_messages", "is_workbook"]

#: Delimiters a user's CSV may use.
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
#: Decimal marks a column may use.
DECIMAL_MARKS: tuple[str, ...] = (",", ".")
#: Unit written after an amount, and the unit it means (``M`` is *miliar*, as Indonesian budgets write it).
UNIT_SUFFIXES: dict[str, str] = {
    "M": "miliar", "miliar": "miliar", "milyar": "miliar", "Miliar": "miliar", "Milyar": "miliar",
    "Jt": "juta", "jt": "juta", "JT": "juta", "juta": "juta", "Juta": "juta",
    "rb": "ribu", "Rb": "ribu", "RB": "ribu", "ribu": "ribu", "Ribu": "ribu",
}
_MISSING = frozenset({"", "-", "–", "—"})
_SUFFIX = re.compile(r"^(?P<num>.*?\d)\s*(?P<unit>" + "|".join(sorted(UNIT_SUFFIXES, key=len, reverse=True))
                     + r")\.?$")
_RP_PREFIX = re.compile(r"^rp\.?\s*", re.I)
_POINT_NUMBER = re.compile(r"^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")
_NUMBERISH = re.compile(r"^[+-]?(?:rp\.?\s*)?\d[\d.,]*\s*(?:%|[A-Za-z]{1,6}\.?)?$", re.I)
_UNIT_CELL = re.compile(r"^(?:\(.*\)|\[.*\]|%|rp\.?(?:\s*\d+)?|" + "|".join(UNIT_SUFFIXES) + r")$", re.I)
_FOOTNOTE = re.compile(r"^(?:sumber|source|catatan|keterangan|ket\.|notes?\b|\*|†|‡|¹|²|³|\(?\d{1,2}\))", re.I)
#: how many lines the delimiter is told from, and how far down a header is looked for
_SNIFF_LINES, _HEADER_SEARCH = 50, 12


class Uncalculated:
    """An Excel formula cell whose result was never saved (a workbook written by a program, not by Excel)."""

    def __init__(self, formula: Any):
        self.formula = str(formula)

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return f"formula {self.formula!r} without a saved value"


@dataclass(frozen=True)
class TableRow:
    """One row of a user's table: its 1-based row number in the file (the line a CSV record starts on, the
    Excel row), its cells as read (text for a CSV, values for Excel) and each cell's indentation."""

    number: int
    cells: tuple[Any, ...]
    indents: tuple[int, ...]

    def cell(self, i: int | None) -> Any:
        """Cell ``i`` (None when the row is shorter, or ``i`` is None)."""
        return self.cells[i] if i is not None and i < len(self.cells) else None


@dataclass(frozen=True)
class UserTable:
    """A user's table as :func:`read_table` read it, and how it was read.

    ``encoding``/``had_bom``/``delimiter`` (None for Excel); ``delimiter_how``
    ``"declared"`` or ``"detected"``; ``header_rows`` the row numbers the
    column names come from (two when the header is two rows deep); ``columns``
    the names, stripped; ``title`` the rows above the header; ``rows`` the data
    rows (empty rows left out); ``footnotes`` the rows of notes under the table; ``header_cells`` the cells of
    each header row as written (stripped text), before the rows are joined into ``columns``.
    """

    path: Path
    encoding: str | None
    had_bom: bool
    delimiter: str | None
    delimiter_how: str | None
    sheet: str | None
    header_rows: tuple[int, ...]
    columns: tuple[str, ...]
    title: tuple[TableRow, ...]
    rows: tuple[TableRow, ...]
    footnotes: tuple[TableRow, ...]
    header_cells: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class CellNumber:
    """A number read from a cell: ``value`` as written (before its unit), ``resolution`` the half-width of its
    rounding as written (``0,5`` for ``12``, ``0.005`` for ``6.33``; 0 for an Excel number), ``text`` the cell,
    ``unit`` the unit written after it (:data:`UNIT_SUFFIXES`) or None."""

    value: Decimal
    resolution: float
    text: str
    unit: str | None = None


@dataclass(frozen=True)
class NumberColumn:
    """The numbers of one column: ``decimal`` the mark (None when no cell has one), ``decimal_how``
    (``"declared"``, ``"detected"`` or ``"none needed"``), ``numbers`` one per row of the table (None where
    the cell is empty, ``-`` or a formula without a value), ``units`` the units written in its cells."""

    column: str
    decimal: str | None
    decimal_how: str
    numbers: tuple[CellNumber | None, ...]
    units: tuple[str, ...]


def table_error(path: Path, row: int | None, column: str | None, message: Message) -> RenjaError:
    """The one error shape of a user's table: ``FILE:ROW: row ROW, column 'NAME': message``.

    >>> err = table_error(Path("a.csv"), 3, "nilai", Message("errors_read.spending.empty_period"))
    >>> err.render("en"), err.render("id")
    ("a.csv:3: row 3, column 'nilai': empty period", "a.csv:3: baris 3, kolom 'nilai': periode kosong")
    """
    if row is not None and column is not None:
        message = Message("errors_read.tables.at_cell", row=row, column=column, message=message)
    elif row is not None:
        message = Message("errors_read.tables.at_row", row=row, message=message)
    return RenjaError(message, path=path, line=row)


def join_messages(messages: list[Message]) -> Message:
    """One message of several, joined by ``"; "`` in every language (at least one message).

    >>> join_messages([Message("errors_read.spending.empty_period"), Message("errors_read.spending.empty_code")]
    ...               ).render("en")
    'empty period; empty code (the hierarchy is read from the codes)'
    """
    joined = messages[-1]
    for message in reversed(messages[:-1]):
        joined = Message("errors_read.join", first=message, rest=joined)
    return joined


def cell_text(cell: Any) -> str:
    """A cell as stripped text (empty for a missing cell or a formula without a value)."""
    if cell is None or isinstance(cell, Uncalculated):
        return ""
    return str(cell).strip()


# ====================================================================== reading the file
def _lead(cell: Any) -> int:
    if not isinstance(cell, str):
        return 0
    return len(cell) - len(cell.lstrip(" \u00a0"))


def _delimiter(path: Path, text: str) -> str:
    lines = [ln for ln in text.splitlines() if ln.strip()][:_SNIFF_LINES]
    scores: dict[str, tuple[int, int]] = {}
    for d in DELIMITERS:
        try:
            counts = [len(r) for r in csv.reader(lines, delimiter=d)]
        except csv.Error:
            continue
        mode = max(set(counts), key=lambda n: (counts.count(n), n)) if counts else 1
        if mode > 1:
            scores[d] = (counts.count(mode), mode)
    if not scores:
        raise table_error(path, 1, None, Message("errors_read.tables.delimiter_none",
                                                 delimiters=", ".join(repr(d) for d in DELIMITERS)))
    best = max(scores.values())
    winners = [d for d, s in scores.items() if s == best]
    if len(winners) > 1:
        raise table_error(path, 1, None, Message("errors_read.tables.delimiter_tie",
                                                 winners=[repr(d) for d in winners]))
    return winners[0]


def _csv_rows(path: Path, text: str, delimiter: str) -> list[TableRow]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out, line = [], 0
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            out.append(TableRow(start, tuple(record), tuple(_lead(c) for c in record)))
    except csv.Error as exc:
        raise table_error(path, line + 1, None, Message("errors_read.tables.not_csv", detail=str(exc))) from None
    return out


#: the first bytes of a zip archive (an ``.xlsx`` is one) and of an OLE file (an old ``.xls``)
_ZIP_MAGIC, _OLE_MAGIC = b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_workbook(data: bytes) -> bool:
    """True when ``data`` (a file's first bytes or all of them) is a zip archive, as an ``.xlsx`` is."""
    return data.startswith(_ZIP_MAGIC)


def _xlsx_rows(path: Path, sheet: str | int | None, data: bytes) -> tuple[str, list[TableRow]]:
    import openpyxl  # imported here: reading a document does not need it
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        # from the bytes read: openpyxl would refuse a workbook whose name does not end in .xlsx
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
        # the formulas themselves: a formula whose result was never saved reads as empty above
        formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RenjaError(Message("errors_read.tables.not_xlsx", error=type(exc).__name__), path=path) from None
    if sheet is None:
        ws = book.worksheets[0]
    elif isinstance(sheet, int) and not isinstance(sheet, bool):
        if not 0 <= sheet < len(book.worksheets):
            raise RenjaError(Message("errors_read.tables.sheet_range", sheet=sheet, n=len(book.worksheets)),
                             path=path)
        ws = book.worksheets[sheet]
    elif isinstance(sheet, str) and sheet in book.sheetnames:
        ws = book[sheet]
    else:
        raise RenjaError(Message("errors_read.tables.no_sheet", sheet=sheet, names=str(book.sheetnames)), path=path)
    with_formulas = formulas[ws.title]
    out = []
    for row in ws.iter_rows():
        cells: list[Any] = [c.value for c in row]
        for i, c in enumerate(row):
            if c.value is None and c.row is not None and c.column is not None:
                written = with_formulas.cell(row=c.row, column=c.column)
                if written.data_type == "f" or (isinstance(written.value, str) and written.value.startswith("=")):
                    cells[i] = Uncalculated(getattr(written.value, "text", written.value))  # array formulas too
        indents = [_lead(v) + 4 * (int(c.alignment.indent or 0) if c.alignment is not None else 0)
                   for v, c in zip(cells, row)]
        out.append(TableRow(row[0].row if row else 0, tuple(cells), tuple(indents)))
    return ws.title, out


def _filled(row: TableRow) -> list[str]:
    return [t for t in (cell_text(c) for c in row.cells) if t]


def _is_second_header(row: TableRow) -> bool:
    filled = _filled(row)
    if not filled or any(_NUMBERISH.match(t) or t in _MISSING for t in filled):
        return False
    if all(_UNIT_CELL.match(t) for t in filled):
        return True
    return len(filled) >= 2 and not any(ch.isdigit() for t in filled for ch in t)


def _structure(path: Path, rows: list[TableRow], known: Callable[[str], bool] | None,
               empty_hint: Message) -> tuple[tuple[int, ...], tuple[str, ...], list[TableRow], list[TableRow],
                                             list[TableRow], tuple[tuple[str, ...], ...]]:
    rows = [r for r in rows if _filled(r)]
    if not rows:
        raise RenjaError(Message("errors_read.tables.no_rows", hint=empty_hint), path=path)
    at = None
    if known is not None:
        at = next((i for i, r in enumerate(rows[:_HEADER_SEARCH]) if sum(map(known, _filled(r))) >= 2), None)
    if at is None:
        at = next((i for i, r in enumerate(rows[:_HEADER_SEARCH]) if len(_filled(r)) >= 2), 0)
    header = rows[at]
    names = [cell_text(c) for c in header.cells]
    header_rows = [header.number]
    cells = [tuple(names)]
    body = rows[at + 1:]
    if body and _is_second_header(body[0]):
        under = body.pop(0)
        cells.append(tuple(cell_text(c) for c in under.cells))
        width = max(len(names), len(under.cells))
        names += [""] * (width - len(names))
        names = [" ".join(t for t in (names[i], cell_text(under.cell(i))) if t) for i in range(width)]
        header_rows.append(under.number)
    notes_at = next((i for i, r in enumerate(body) if len(_filled(r)) == 1 and _FOOTNOTE.match(_filled(r)[0])
                     and all(len(_filled(x)) <= 1 for x in body[i:])), len(body))
    return tuple(header_rows), tuple(names), rows[:at], body[:notes_at], body[notes_at:], tuple(cells)


def read_table(path: str | Path, *, what: Message | str, sheet: str | int | None = None,
               delimiter: str | None = None, known: Callable[[str], bool] | None = None,
               empty_hint: Message | None = None) -> UserTable:
    """Read a user's CSV or ``.xlsx`` table (see the module docstring); ``what`` says what was expected.

    ``sheet`` picks an Excel sheet (name or 0-based position; default the first);
    ``delimiter`` declares a CSV's delimiter (default: detected); ``known(name)``
    tells a column name the caller reads (to find the header under title rows).
    ``what`` and ``empty_hint`` (what an empty file should have held; by default a
    header row naming the columns) are :class:`~renja_lib.text.Message` s.
    """
    p = Path(path)
    suffix = p.suffix.casefold()
    if empty_hint is None:
        empty_hint = Message("errors_read.tables.header_hint")
    if delimiter is not None and delimiter not in DELIMITERS:
        raise RenjaError(Message("errors_read.tables.delimiter_arg", allowed=str(list(DELIMITERS)), got=delimiter),
                         path=p)
    # a folder, a device or a pipe, a file too large: one message before anything reads it
    data = read_file_bytes(p, what=what, limit=USER_FILE_BYTES)
    if not data.strip():
        raise RenjaError(Message("errors_read.tables.empty", hint=empty_hint), path=p)
    if suffix == ".xls" and not is_workbook(data):  # an .xlsx saved under .xls is read; a real .xls is not
        raise RenjaError(Message("errors_read.tables.xls"), path=p)
    encoding, had_bom, how, sheet_name = None, False, None, None
    if data.startswith(_OLE_MAGIC):  # an old Excel file under any name
        raise RenjaError(Message("errors_read.tables.xls"), path=p)
    if suffix in (".xlsx", ".xlsm") or is_workbook(data):
        sheet_name, raw = _xlsx_rows(p, sheet, data)
    else:
        if sheet is not None:
            raise RenjaError(Message("errors_read.tables.sheet_csv", sheet=sheet), path=p)
        text, encoding, had_bom = decode_text(p, data, kind="table")
        how = "declared" if delimiter is not None else "detected"
        delimiter = delimiter or _delimiter(p, text)
        raw = _csv_rows(p, text, delimiter)
    header_rows, columns, title, rows, notes, cells = _structure(p, raw, known, empty_hint)
    return UserTable(p, encoding, had_bom, delimiter if encoding else None, how, sheet_name, header_rows, columns,
                     tuple(title), tuple(rows), tuple(notes), cells)


# ====================================================================== numbers
def _body(text: str, percent: bool, units: bool) -> tuple[str, str | None]:
    body, unit = text, None
    if percent:
        body = body[:-1].strip() if body.endswith("%") else body
    else:
        body = _RP_PREFIX.sub("", body)
        m = _SUFFIX.match(body) if units else None
        if m:
            body, unit = m.group("num").strip(), UNIT_SUFFIXES[m.group("unit")]
    return body, unit


def _evidence(body: str) -> str | None:
    """``","`` or ``"."`` when the text shows its decimal mark, ``"?"`` when it could be either, else None."""
    b = body.lstrip("+-")
    if "," in b and "." in b:
        return "," if b.rfind(",") > b.rfind(".") else "."
    for mark, other in ((",", "."), (".", ",")):
        if mark in b:
            if b.count(mark) > 1:
                return other          # the mark repeats: it groups thousands
            whole, frac = b.split(mark)
            if not (whole.isdigit() and frac.isdigit()):
                return None
            if len(frac) != 3 or len(whole) > 3 or whole.startswith("0"):
                return mark
            return "?"
    return None


def read_number(cell: Any, decimal: str | None, *, percent: bool = False, units: bool = True) -> CellNumber | None:
    """One cell as a number under the decimal mark ``decimal`` (None: whole numbers only); None when missing.

    Raises ValueError saying what was expected and found (a :class:`~renja_lib.text.Message`, ``exc.args[0]``).

    >>> read_number("1.056,74 M", ",")
    CellNumber(value=Decimal('1056.74'), resolution=0.005, text='1.056,74 M', unit='miliar')
    >>> read_number("109.59", ".", percent=True).value
    Decimal('109.59')
    """
    if cell is None or isinstance(cell, Uncalculated):
        return None
    if isinstance(cell, bool):
        raise ValueError(Message("errors_read.tables.number.bool"))
    if isinstance(cell, (int, float)):
        if isinstance(cell, float) and math.isnan(cell):
            return None
        try:
            return CellNumber(Decimal(repr(cell)), 0.0, repr(cell))
        except InvalidOperation:     # inf
            return CellNumber(Decimal(cell), 0.0, repr(cell))
    if not isinstance(cell, str):
        raise ValueError(Message("errors_read.tables.number.type", type=type(cell).__name__, value=cell))
    text = cell.strip().replace("\u00a0", " ")
    if text in _MISSING:
        return None
    body, unit = _body(text, percent, units)
    if decimal == ",":
        try:
            value = parse_number(body)
        except NumberParseError:
            point = _PLAIN_NUMBER.match(body) and "." in body
            raise ValueError(Message("errors_read.tables.number.indonesian_point" if point
                                     else "errors_read.tables.number.indonesian", cell=cell)) from None
    elif _POINT_NUMBER.match(body) and (decimal == "." or _PLAIN_NUMBER.match(body) and "." not in body):
        value = Decimal(body.replace(",", ""))
    else:
        if decimal == ".":
            raise ValueError(Message("errors_read.tables.number.point_grouped" if "," in body
                                     else "errors_read.tables.number.point", cell=cell))
        raise ValueError(Message("errors_read.tables.number.plain", cell=cell))
    places = len(body.rsplit(decimal, 1)[1]) if decimal and decimal in body else 0
    return CellNumber(value, 0.5 * 10 ** -places, text, unit)


def read_numbers(table: UserTable, column: int, *, decimal: str | None = None, percent: bool = False,
                 units: bool = True) -> NumberColumn:
    """The numbers of column ``column`` (0-based) of every row of ``table``, its decimal mark recorded.

    ``decimal`` declares the mark (``","`` or ``"."``); None detects it from the
    column's cells (see the module docstring). ``percent`` allows ``%`` after a
    number; ``units`` allows a unit after it (:data:`UNIT_SUFFIXES`). A cell that
    is not a number, or a column whose mark cannot be told, raises
    :class:`RenjaError` naming the file, the row and the column.
    """
    name = table.columns[column] if column < len(table.columns) else str(column + 1)
    if decimal not in (None, *DECIMAL_MARKS):
        raise RenjaError(Message("errors_read.tables.decimal_arg", allowed=str(list(DECIMAL_MARKS)), got=decimal))
    how = "declared"
    if decimal is None:
        decimal = column_decimal(table, column, percent=percent, units=units)
        how = "detected" if decimal else "none needed"
    numbers = []
    for row in table.rows:
        try:
            numbers.append(read_number(row.cell(column), decimal, percent=percent, units=units))
        except ValueError as exc:
            raise table_error(table.path, row.number, name, exc.args[0]) from None
    found = tuple(dict.fromkeys(n.unit for n in numbers if n is not None and n.unit))
    return NumberColumn(name, decimal, how, tuple(numbers), found)


def column_decimal(table: UserTable, column: int, *, percent: bool = False, units: bool = True) -> str | None:
    """The decimal mark the cells of column ``column`` show (None when none needs one); RenjaError naming the
    file, row and column when two cells disagree, or when the cells could be read either way and none says."""
    name = table.columns[column] if column < len(table.columns) else str(column + 1)
    seen: dict[str, TableRow] = {}
    for row in table.rows:
        cell = row.cell(column)
        if isinstance(cell, str) and cell.strip() not in _MISSING:
            mark = _evidence(_body(cell.strip().replace("\u00a0", " "), percent, units)[0])
            if mark is not None:
                seen.setdefault(mark, row)
    if "," in seen and "." in seen:
        first, other = sorted((seen[","], seen["."]), key=lambda r: r.number)
        raise table_error(table.path, other.number, name,
                          Message("errors_read.tables.decimal_mixed", cell=cell_text(other.cell(column)),
                                  first=cell_text(first.cell(column)), row=first.number))
    if "?" in seen and "," not in seen and "." not in seen:
        row = seen["?"]
        raise table_error(table.path, row.number, name,
                          Message("errors_read.tables.decimal_unknown", cell=cell_text(row.cell(column))))
    return "," if "," in seen else "." if "." in seen else None


def cells_decimal(path: Path, cells: list[tuple[int, str, Any]], *, percent: bool = False,
                  units: bool = True) -> str | None:
    """The decimal mark the ``cells`` show together (None when none needs one): ``(row, column, cell)`` of
    several columns of one quantity (the years of one indicator), so that a column whose cells could be read
    either way (``1,234``) takes the mark the others show. RenjaError naming the file, row and column when two
    cells disagree, or when no cell tells the mark and one could be read either way.

    >>> cells_decimal(Path("t.csv"), [(3, "2021", "5,49"), (3, "2022", "1,234")])
    ','
    """
    seen: dict[str, tuple[int, str, str]] = {}
    for row, column, cell in cells:
        if isinstance(cell, str) and cell.strip() not in _MISSING:
            mark = _evidence(_body(cell.strip().replace("\u00a0", " "), percent, units)[0])
            if mark is not None:
                seen.setdefault(mark, (row, column, cell.strip()))
    if "," in seen and "." in seen:
        first, other = sorted((seen[","], seen["."]))
        raise table_error(path, other[0], other[1], Message("errors_read.tables.decimal_mixed", cell=other[2],
                                                             first=first[2], row=first[0]))
    if "?" in seen and "," not in seen and "." not in seen:
        row, column, text = seen["?"]
        raise table_error(path, row, column, Message("errors_read.tables.decimal_unknown", cell=text))
    return "," if "," in seen else "." if "." in seen else None
