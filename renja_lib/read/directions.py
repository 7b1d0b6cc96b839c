"""The directions file: an analyst's word on which way an indicator of a document is better.

Only three indicators have a polarity the project knows (``data/indicators.csv``:
TPT lower-is-better, TPAK and TKK higher-is-better). Every other indicator of a
Renja is rated by the document's own formula, realised / target x 100, until an
analyst says otherwise. They say it in a CSV file beside the document,
``<document stem>.directions.csv`` (like ``<stem>.facts.csv`` and
``<stem>.facts_skip.csv``), or in a file they name (:mod:`renja_lib.analyse.performance`,
``directions_file=``).

Columns
-------
* ``indicator``: the indicator's name as the document writes it in Tabel 2.1
  (case and spacing ignored), or
* ``code``: a code as the document writes it (``2.07.04.2.01.05``): every
  indicator written on that code's rows;
* both: the indicator of that name on that code's rows only (the same name can
  stand under two codes);
* ``direction``: ``higher_is_better`` or ``lower_is_better``;
* ``note`` (optional): why, for the next reader.

The header must name ``direction`` and at least one of ``indicator`` and ``code``.
The file is read by :func:`renja_lib.read.user_tables.read_table`: UTF-8 (with or
without a byte-order mark), UTF-16 with a BOM or cp1252; ``,``, ``;``, tab or ``|``.

Every row is checked against the document: a direction that is not one of the
two, a row with neither an indicator nor a code, a name or a code the document does
not have (the message names the document's names or codes nearest to it), a name
that stands in the document but not under the code given, a row that repeats an
earlier one. All problems of a file are one :class:`~renja_lib.errors.RenjaError`
naming the file and each row (``row 3, column 'direction': ...``); nothing is
skipped.

Which row applies to an indicator: a row naming both its name and its code, else
a row naming its name, else a row naming its code (:meth:`DirectionsFile.lookup`).

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "renja.directions.csv"
>>> _ = p.write_text("indicator;direction;note\\nJumlah  KASUS;lower_is_better;fewer is better\\n",
...                  encoding="utf-8")
>>> f = read_directions(p, allowed=("higher_is_better", "lower_is_better"),
...                     indicators=[("1.01", "Jumlah kasus"), ("1.02", "Jumlah pelatihan")])
>>> rule = f.lookup("jumlah kasus", "1.01")
>>> rule.direction, rule.row, f.source(rule)
('lower_is_better', 2, 'file (renja.directions.csv:2)')
>>> f.lookup("Jumlah pelatihan", "1.02") is None
True
"""
from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import RenjaError
from ..text.catalogue import Message
from .source import USER_FILE_BYTES, decode_text, read_file_bytes
from .user_tables import TableRow, UserTable, cell_text, join_messages, read_table, table_error

__all__ = ["DIRECTIONS_SUFFIX", "COLUMNS", "DirectionRule", "DirectionsFile", "directions_path_for",
           "normalise_name", "read_directions"]

#: The file name of a document's directions file is its stem and this.
DIRECTIONS_SUFFIX = ".directions.csv"
#: The columns a directions file may have (``direction`` and one of ``indicator``, ``code`` are required).
COLUMNS: tuple[str, ...] = ("indicator", "code", "direction", "note")
_KEYS = ("indicator", "code")
#: How many rows with problems one error lists in full.
_LISTED = 20
#: How many of the document's names or codes a message offers as nearest.
_NEARBY = 3


def directions_path_for(document_path: str | Path) -> Path:
    """Where the directions of a document live: ``<document stem>.directions.csv`` beside it.

    >>> directions_path_for("data/raw/renja.txt").as_posix()
    'data/raw/renja.directions.csv'
    """
    p = Path(document_path)
    return p.with_name(p.stem + DIRECTIONS_SUFFIX)


def normalise_name(text: Any) -> str:
    """A name compared with case and spacing ignored (empty for what is not text).

    >>> normalise_name("  Jumlah   KASUS ")
    'jumlah kasus'
    """
    return " ".join(text.casefold().split()) if isinstance(text, str) else ""


@dataclass(frozen=True)
class DirectionRule:
    """One row of a directions file: ``indicator`` and ``code`` as written (None where empty), ``direction``,
    ``note`` and ``row``, its row number in the file."""

    row: int
    indicator: str | None
    code: str | None
    direction: str
    note: str


@dataclass(frozen=True)
class DirectionsFile:
    """A directions file as read and checked: its ``path`` and its ``rules``, in the file's order."""

    path: Path
    rules: tuple[DirectionRule, ...]

    def lookup(self, indicator: Any, code: Any) -> DirectionRule | None:
        """The row that gives the direction of the indicator ``indicator`` written on ``code``'s rows, or None.

        A row naming both the name and the code comes first, then one naming the name, then one naming the code.
        """
        name = normalise_name(indicator)
        where = code.strip() if isinstance(code, str) else None
        by_pair = by_name = by_code = None
        for rule in self.rules:
            same_name = rule.indicator is not None and normalise_name(rule.indicator) == name
            same_code = rule.code is not None and rule.code == where
            if same_name and same_code:
                by_pair = by_pair or rule
            elif same_name and rule.code is None:
                by_name = by_name or rule
            elif same_code and rule.indicator is None:
                by_code = by_code or rule
        return by_pair or by_name or by_code

    def source(self, rule: DirectionRule) -> str:
        """How a direction taken from ``rule`` is named in a table's ``direction_source``: ``file (NAME:ROW)``."""
        return f"file ({self.path.name}:{rule.row})"


def _header(table: UserTable) -> tuple[list[str], int, tuple[TableRow, ...]]:
    """The header of a directions file, its row, and the first data row when the reader took it for a header.

    :func:`read_table` joins a second header row to the first when it has two filled cells and no digit
    (``anggaran`` over ``(juta)``); the first row of a directions file (a name and a direction) looks just so.
    A directions file has a one-row header: the two rows are taken apart again, from the file's records (a
    CSV) or, for a workbook, by the column names (``indicator Jumlah kasus`` is ``indicator`` over
    ``Jumlah kasus``).
    """
    names = list(table.columns)
    if len(table.header_rows) < 2:
        return names, table.header_rows[0], ()
    head, under = table.header_rows
    records = _records(table, (head, under)) if table.delimiter else {}
    if len(records) == 2:
        cells = records[under]
        return [cell_text(c) for c in records[head]], head, (TableRow(under, cells, (0,) * len(cells)),)
    header, cells = [], []
    for name in names:
        folded = name.casefold()
        column = next((c for c in COLUMNS if folded == c or folded.startswith(c + " ")), None)
        if column is None:
            return names, head, ()
        header.append(name[:len(column)])
        cells.append(name[len(column):].strip())
    return header, head, (TableRow(under, tuple(cells), (0,) * len(cells)),)


def _records(table: UserTable, wanted: tuple[int, ...]) -> dict[int, tuple[str, ...]]:
    """The CSV records of ``table``'s file that start on the rows ``wanted``, as :func:`read_table` numbers them."""
    data = read_file_bytes(table.path, what=Message("errors_analyse.performance.directions_file.what"),
                           limit=USER_FILE_BYTES)
    text = decode_text(table.path, data, kind="table")[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=table.delimiter)
    out: dict[int, tuple[str, ...]] = {}
    line = 0
    for record in reader:
        start, line = line + 1, reader.line_num
        if start in wanted:
            out[start] = tuple(record)
        if start >= max(wanted):
            break
    return out


def _nearby(wanted: str, known: dict[str, str]) -> list[str]:
    """The known names (as written) nearest to ``wanted`` (normalised), nearest first."""
    close = difflib.get_close_matches(wanted, list(known), n=_NEARBY, cutoff=0.6)
    return [known[c] for c in close]


def _quoted(names: Iterable[str]) -> str:
    return "; ".join(repr(n) for n in names)


def read_directions(path: str | Path, *, allowed: Sequence[str],
                    indicators: Iterable[tuple[Any, Any]]) -> DirectionsFile:
    """Read and check a directions file against the indicators of its document.

    ``allowed`` are the directions a row may give (``renja_lib.analyse.ratings.DIRECTIONS``);
    ``indicators`` the ``(code, name)`` of every indicator of the document (Tabel 2.1).
    A file that does not exist, cannot be read or has any bad row is one
    :class:`~renja_lib.errors.RenjaError` naming the file and each bad row (see the
    module docstring). A file with a header and no rows gives no rules.
    """
    p = Path(path)
    if not p.exists():
        raise RenjaError(Message("errors_analyse.performance.directions_file.not_found"), path=p)
    table = read_table(p, what=Message("errors_analyse.performance.directions_file.what"),
                       known=lambda name: name.strip().casefold() in COLUMNS,
                       empty_hint=Message("errors_analyse.performance.directions_file.header_hint"))
    header, head, first = _header(table)
    columns = [h.strip().casefold() for h in header]
    found = ", ".join(header)
    unknown = [h for h, c in zip(header, columns) if c not in COLUMNS]
    if unknown:
        raise table_error(p, head, unknown[0], Message("errors_analyse.performance.directions_file.unknown_column",
                                                       unknown=_quoted(unknown), allowed=", ".join(COLUMNS)))
    repeated = sorted({c for c in columns if columns.count(c) > 1})
    if repeated:
        raise table_error(p, head, repeated[0], Message("errors_analyse.performance.directions_file.column_twice",
                                                        column=repeated[0]))
    if "direction" not in columns:
        raise table_error(p, head, None, Message("errors_analyse.performance.directions_file.no_direction",
                                                 found=found))
    if not any(k in columns for k in _KEYS):
        raise table_error(p, head, None, Message("errors_analyse.performance.directions_file.no_key", found=found))

    names: dict[str, str] = {}           # normalised name -> as the document writes it (first)
    codes_of: dict[str, list[str]] = {}  # normalised name -> the codes it stands under
    codes: dict[str, str] = {}
    for code, name in indicators:
        key = normalise_name(name)
        c = code.strip() if isinstance(code, str) else None
        if key:
            names.setdefault(key, name.strip())
            if c and c not in codes_of.setdefault(key, []):
                codes_of[key].append(c)
        if c:
            codes.setdefault(c, c)

    problems: list[tuple[int, str | None, Message]] = []
    rules: list[DirectionRule] = []
    seen: dict[tuple[str, str], int] = {}
    for row in (*first, *table.rows):
        if len(row.cells) != len(columns):
            problems.append((row.number, None, Message("errors_analyse.performance.directions_file.fields",
                                                       n=len(columns), header=found, found=len(row.cells))))
            continue
        cell = {c: cell_text(v) for c, v in zip(columns, row.cells)}
        indicator, code = cell.get("indicator", ""), cell.get("code", "")
        direction = cell["direction"]
        bad = len(problems)
        if direction.casefold() not in allowed:
            key = "empty_direction" if not direction else "bad_direction"
            problems.append((row.number, "direction", Message(f"errors_analyse.performance.directions_file.{key}",
                                                              allowed=" / ".join(allowed), got=direction)))
        if not indicator and not code:
            problems.append((row.number, None, Message("errors_analyse.performance.directions_file.no_subject",
                                                       columns=" / ".join(k for k in _KEYS if k in columns))))
        name = normalise_name(indicator)
        if indicator and name not in names:
            near = _nearby(name, names)
            problems.append((row.number, "indicator", Message(
                "errors_analyse.performance.directions_file.unknown_indicator", got=indicator,
                nearby=[repr(n) for n in near])
                if near else Message("errors_analyse.performance.directions_file.unknown_indicator_far",
                                     got=indicator, n=len(names))))
        if code and code not in codes:
            near = difflib.get_close_matches(code, list(codes), n=_NEARBY, cutoff=0.6)
            problems.append((row.number, "code", Message(
                "errors_analyse.performance.directions_file.unknown_code", got=code, nearby=near)
                if near else Message("errors_analyse.performance.directions_file.unknown_code_far", got=code,
                                     n=len(codes))))
        elif code and indicator and name in names and code not in codes_of.get(name, []):
            problems.append((row.number, "code", Message("errors_analyse.performance.directions_file.not_under",
                                                         got=indicator, code=code,
                                                         codes=codes_of.get(name, []))))
        if len(problems) > bad:
            continue
        key = (name, code)
        if key in seen:
            problems.append((row.number, None, Message("errors_analyse.performance.directions_file.repeats",
                                                       row=seen[key])))
            continue
        seen[key] = row.number
        rules.append(DirectionRule(row.number, indicator or None, code or None, direction.casefold(),
                                   cell.get("note", "")))
    if problems:
        raise _problems_error(p, problems)
    return DirectionsFile(p, tuple(rules))


def _problems_error(path: Path, problems: list[tuple[int, str | None, Message]]) -> RenjaError:
    """One error for every problem of a file: the shape of :func:`table_error` when there is one."""
    if len(problems) == 1:
        return table_error(path, *problems[0])
    parts = [Message("errors_read.tables.at_cell", row=r, column=c, message=m) if c is not None
             else Message("errors_read.tables.at_row", row=r, message=m) for r, c, m in problems[:_LISTED]]
    more = len(problems) - _LISTED
    rows = len({r for r, _, _ in problems})
    text = (Message("errors_analyse.performance.directions_file.problems_more", n=len(problems), rows=rows,
                    more=more, detail=join_messages(parts)) if more > 0
            else Message("errors_analyse.performance.directions_file.problems", n=len(problems), rows=rows,
                         detail=join_messages(parts)))
    return RenjaError(text, path=path, line=problems[0][0])
