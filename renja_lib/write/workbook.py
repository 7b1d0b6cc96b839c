"""The Excel workbook (``tables.xlsx``): every cell written by hand, so text from a document stays text.

The CSV files are faithful to the document, character for character: a cell that
starts with ``=`` or holds a control character is written as it is, so they are
the files to read with code. **The workbook is the file to open in Excel**; it is
written so that nothing in it can act:

- **No formula, ever.** Every text cell is stored as text (``t="s"``), never as a
  formula, whatever it starts with. A text cell that a spreadsheet would take for
  a formula or a command when typed or edited (its first character after any
  leading white space or control character is ``=``, ``+``, ``-``, ``@``, ``|``,
  or their full-width forms ``＝ ＋ － ＠``, or ``−`` U+2212), or that starts
  with a tab or carriage return, also carries Excel's quote prefix (the
  apostrophe Excel shows in the formula bar): editing it keeps it text. The text
  itself is not changed. Numbers, including negative numbers, stay numbers.
- **Control characters** that XML cannot hold (``\\x00``-``\\x08``, ``\\x0b``,
  ``\\x0c``, ``\\x0e``-``\\x1f``) are written in OOXML's escaped form ``_xHHHH_``
  (a form feed becomes ``_x000C_``), as :func:`openpyxl.utils.escape.escape`
  does (that helper misses ``\\x1a``-``\\x1f``, so this module has its own). A
  literal ``_xHHHH_`` in the text is itself escaped (``_x005F_xHHHH_``), so that
  Excel shows it as written. Tab, line feed and carriage return are kept.
- **Long cells**: Excel holds at most 32,767 characters a cell; a longer one is
  cut and ends with a visible marker naming the CSV that holds the whole text.
- **Long tables**: a sheet holds at most 1,048,576 rows; a longer table goes on
  in further sheets ``name (2)``, ``name (3)`` ..., each with the header row.
- **Sheet names** are made valid (at most 31 characters, none of ``[]:*?/\\``,
  no leading or trailing apostrophe, not ``History``) and unique (Excel compares
  them ignoring case).

Every such change is counted in the :class:`WorkbookReport` the writer returns
(by sheet and column), and ``renja extract`` prints it.

Example:
    >>> import pandas as pd, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "t.xlsx"
    >>> rep = write_workbook(path, {"t": pd.DataFrame({"name": ["=1+1", "ok"], "n": [-1, 2]})})
    >>> dict(rep.neutralised)
    {('t', 'name'): 1}
"""
from __future__ import annotations

import datetime as _dt
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from numbers import Integral, Real
from pathlib import Path
from typing import IO, Iterable, Mapping

from ..text.catalogue import Message, tr

__all__ = ["write_workbook", "WorkbookReport", "sheet_names", "excel_text", "safe_cell", "abandon", "MAX_ROWS",
           "MAX_COLUMNS", "MAX_CELL_CHARS", "SHEET_NAME_CHARS"]

#: Excel's limits (Office specifications): rows and columns a sheet, characters a cell and a sheet name.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
MAX_CELL_CHARS = 32_767
SHEET_NAME_CHARS = 31
#: Integers with more digits than Excel keeps (15 significant digits) are written as text, exactly.
MAX_EXACT_DIGITS = 15

#: characters XML 1.0 cannot hold, written as ``_xHHHH_``; and a carriage return, which an XML reader
#: would turn into a line feed (Excel itself writes it as ``_x000D_``)
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]")
#: a literal escape sequence in the text, which Excel would otherwise decode
_LITERAL_ESCAPE = re.compile(r"_(?=x[0-9A-Fa-f]{4}_)")
#: white space and control characters a spreadsheet skips before it looks for a formula sign
_LEADING = re.compile(r"^[\s\x00-\x1f\x7f\u00a0\u200b\ufeff]*")
#: first characters that make a spreadsheet read a typed or imported cell as a formula or command
_FORMULA_SIGNS = frozenset("=+-@|\uff1d\uff0b\uff0d\uff20\u2212")
#: signs that start a formula or a command whatever follows
_ALWAYS_REPORTED = frozenset("=@|\uff1d\uff20")
#: after ``+`` or ``-``: what makes the rest a formula worth reporting (a call, a reference, a comparison ...)
_FORMULA_PARTS = re.compile(r"[=(@!|\"&$]")
#: one character as Excel reads the stored text: an escape sequence or any other character
_TOKEN = re.compile(r"_x[0-9A-Fa-f]{4}_|.", re.S)
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f]")
_TRUNCATED = " … [cut: {n:,} characters in all; the whole text is in {csv}]"


@dataclass
class WorkbookReport:
    """What the writer changed to make the workbook safe, counted by (sheet, column)."""

    #: cells whose control characters were written as ``_xHHHH_``
    escaped: Counter = field(default_factory=Counter)
    #: text cells that look like a formula or command, kept text with Excel's quote prefix
    neutralised: Counter = field(default_factory=Counter)
    #: cells longer than Excel holds, cut with a marker
    truncated: Counter = field(default_factory=Counter)
    #: integers longer than Excel keeps exactly, written as text
    long_numbers: Counter = field(default_factory=Counter)
    #: table name -> the sheets it was written to, when that is more than one (or a changed name)
    sheets: dict = field(default_factory=dict)

    def lines(self, file: str = "tables.xlsx", lang: str = "id") -> list[str]:
        """One line for each kind of change, naming sheets and columns, in ``lang``; empty when nothing changed."""
        out = []
        for counter, key in ((self.escaped, "cli.workbook.escaped"), (self.neutralised, "cli.workbook.neutralised"),
                             (self.truncated, "cli.workbook.truncated"),
                             (self.long_numbers, "cli.workbook.long_numbers")):
            if counter:
                where = ", ".join(f"{s} [{c}] {n}" for (s, c), n in sorted(counter.items()))
                out.append(tr(key, lang, file=file, n=sum(counter.values()), where=where, limit=MAX_CELL_CHARS,
                              digits=MAX_EXACT_DIGITS))
        for table, names in self.sheets.items():
            if len(names) > 1:
                out.append(tr("cli.workbook.split", lang, file=file, table=table, limit=MAX_ROWS,
                              sheets=", ".join(repr(n) for n in names)))
            elif names and names[0] != table:
                out.append(tr("cli.workbook.renamed", lang, file=file, table=repr(table), sheet=repr(names[0])))
        return out


def _escape(text: str) -> str:
    text = _LITERAL_ESCAPE.sub("_x005F_", text)
    return _ILLEGAL.sub(lambda m: f"_x{ord(m.group(0)):04X}_", text)


def _looks_like_formula(text: str) -> tuple[bool, bool]:
    """``(quote it, report it)``: whether a spreadsheet could read the text as a formula, and whether it is
    worth telling (a formula sign that is not just the document's ``-`` for nil or a ``- unit``)."""
    rest = text[_LEADING.match(text).end():]
    sign = rest[:1]
    if sign in _ALWAYS_REPORTED:
        return True, True
    if sign in _FORMULA_SIGNS:
        return True, bool(_FORMULA_PARTS.search(rest))
    return text[:1] in ("\t", "\r"), False


def excel_text(text: str, *, csv: str = "the CSV file") -> tuple[str, bool, tuple[bool, bool], bool]:
    """``(stored text, escaped, (quote it, report it), truncated)`` for one text cell.

    >>> excel_text("a\\x0cb")
    ('a_x000C_b', True, (False, False), False)
    >>> excel_text("- orang")[2], excel_text("=A1")[2]
    ((True, False), (True, True))
    """
    stored = _escape(text)
    escaped = stored != text
    truncated = False
    if len(stored) > MAX_CELL_CHARS:
        marker = _TRUNCATED.format(n=len(text), csv=csv)
        limit, end = MAX_CELL_CHARS - len(marker), 0
        for m in _TOKEN.finditer(stored, 0, limit + 7):  # cut between characters, never inside an _xHHHH_
            if m.end() > limit:
                break
            end = m.end()
        stored, truncated = stored[:end] + marker, True
    return stored, escaped, _looks_like_formula(text), truncated


def sheet_names(tables: Iterable[str], extra: Mapping[str, int] | None = None) -> dict[str, list[str]]:
    """Valid, unique sheet names for each table; ``extra[name]`` more sheets for a table that needs them.

    >>> sheet_names(["a/b", "A:B", "x" * 40])["A:B"]
    ['A_B (2)']
    """
    extra = extra or {}
    taken: set[str] = set()
    result: dict[str, list[str]] = {}

    def fit(base: str, suffix: str) -> str:
        return base[:SHEET_NAME_CHARS - len(suffix)].rstrip("'") + suffix

    for table in tables:
        base = _SHEET_FORBIDDEN.sub("_", str(table)).strip("'") or "sheet"
        if base.casefold() == "history":
            base += "_"
        names = []
        for part in range(1 + extra.get(table, 0)):
            n = 1 + part
            name = fit(base, f" ({n})" if n > 1 else "")
            while name.casefold() in taken:
                n += 1
                name = fit(base, f" ({n})")
            taken.add(name.casefold())
            names.append(name)
        result[table] = names
    return result


def _value(value):
    """The Python value openpyxl writes for one frame value (None for missing)."""
    if value is None:
        return None
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return None
        if isinstance(value, pd.Timestamp):
            value = value.to_pydatetime()
    except ImportError:  # pragma: no cover
        pass
    if isinstance(value, bool):
        return value
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars
        value = value.item()
    if isinstance(value, (_dt.datetime, _dt.time)) and value.tzinfo is not None:
        value = value.replace(tzinfo=None) if isinstance(value, _dt.time) else \
            value.astimezone(_dt.timezone.utc).replace(tzinfo=None)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def safe_cell(ws, value, *, sheet: str, column: str, csv: str, report: WorkbookReport):
    """One write-only cell of ``ws`` holding ``value`` as this module writes it (text stays text, control characters
    escaped, a formula-like text quoted, a long text cut, a too long integer as text); what changed is counted in
    ``report`` under ``(sheet, column)``.

    >>> from openpyxl import Workbook
    >>> rep = WorkbookReport()
    >>> c = safe_cell(Workbook(write_only=True).create_sheet("t"), "=1+1", sheet="t", column="a", csv="t.csv",
    ...               report=rep)
    >>> c.value, c.data_type, c.quotePrefix, rep.neutralised[("t", "a")]
    ('=1+1', 's', True, 1)
    """
    from openpyxl.cell.cell import WriteOnlyCell

    value = _value(value)
    if isinstance(value, Integral) and not isinstance(value, bool) and \
            len(str(abs(int(value)))) > MAX_EXACT_DIGITS:
        report.long_numbers[(sheet, column)] += 1
        value = str(int(value))
    elif isinstance(value, Real) and not isinstance(value, (bool, Integral)) and not math.isfinite(value):
        value = "inf" if value > 0 else "-inf"
    if not isinstance(value, str):
        return WriteOnlyCell(ws, value)
    stored, escaped, formula, truncated = excel_text(value, csv=csv)
    c = WriteOnlyCell(ws, stored)
    c.data_type = "s"  # text, never a formula (openpyxl makes "=..." a formula otherwise)
    if formula[0]:
        c.quotePrefix = True
        report.neutralised[(sheet, column)] += formula[1]
    report.escaped[(sheet, column)] += escaped
    report.truncated[(sheet, column)] += truncated
    return c


def abandon(wb) -> None:
    """Close a write-only workbook that failed half-way, quietly: openpyxl would otherwise print an ignored
    exception to stderr when its row writers are collected, and keep temporary files until exit."""
    import contextlib
    import os

    for ws in wb.worksheets:
        rows, writer = getattr(ws, "_rows", None), getattr(ws, "_writer", None)
        if rows is not None:
            with contextlib.suppress(Exception):
                rows.close()
            ws._rows = None
        if writer is not None:
            with contextlib.suppress(Exception):
                writer.xf.close()
            with contextlib.suppress(Exception):
                writer.close()
            if isinstance(getattr(writer, "out", None), str):
                with contextlib.suppress(OSError):
                    os.remove(writer.out)


def write_workbook(target: str | Path | IO[bytes], tables: Mapping[str, "object"], *,
                   csv_names: Mapping[str, str] | None = None) -> WorkbookReport:
    """Write each frame of ``tables`` to its own sheet of a new workbook at ``target``; what changed, counted.

    ``csv_names[table]`` names the CSV that holds the faithful copy (for the
    marker of a cut cell). Raises :class:`~renja_lib.errors.RenjaError` for a
    table wider than Excel allows; OSError from writing passes through.
    """
    from openpyxl import Workbook

    from ..errors import RenjaError

    report = WorkbookReport()
    per_sheet = MAX_ROWS - 1  # the header takes a row
    for name, frame in tables.items():
        if len(frame.columns) > MAX_COLUMNS:
            raise RenjaError(Message("errors_write.workbook.too_wide", name=name, n=len(frame.columns),
                                     most=MAX_COLUMNS))
    extra = {name: max(0, math.ceil(len(frame) / per_sheet) - 1) for name, frame in tables.items()}
    names = sheet_names(tables, extra)
    wb = Workbook(write_only=True)
    try:
        for table, frame in tables.items():
            csv = (csv_names or {}).get(table, f"{table}.csv")
            sheets = names[table]
            report.sheets[table] = sheets
            columns = [str(c) for c in frame.columns]
            rows = frame.itertuples(index=False, name=None)
            for part, sheet in enumerate(sheets):
                ws = wb.create_sheet(title=sheet)

                def cell(value, column: str):
                    return safe_cell(ws, value, sheet=sheet, column=column, csv=csv, report=report)

                ws.append([cell(c, "(header)") for c in columns])
                for _ in range(per_sheet if part < len(sheets) - 1 else len(frame)):
                    try:
                        row = next(rows)
                    except StopIteration:
                        break
                    ws.append([cell(v, col) for v, col in zip(row, columns)])
        for counter in (report.escaped, report.truncated, report.neutralised):
            for key in [k for k, v in counter.items() if not v]:
                del counter[key]
        wb.save(target)
    except BaseException:
        abandon(wb)
        raise
    return report
