"""The analysis workbook of a report (``reports/<slug>/<slug>.xlsx``): the analyses in Excel, for the analysts.

One sheet per analysis table (labour gaps, budget absorption, achievement by
programme and by indicator, achievement against absorption, plan changes, the
RKPD first draft against the needs analysis, the audit's findings), then the
document's tidy tables, and first a "Tentang" ("About") sheet: the document's
identity, the parameters and the sources (file name and SHA-256, the tool's
version). The tables are :func:`renja_lib.present.workbook_tables.analysis_tables`:
headers in the report's language with their units, codes in words.

- **Numbers stay numbers**, with an Excel number format each: rupiah ``#,##0``, percent ``#,##0.00``, counts
  ``#,##0``, years and line numbers ``0``. A format code is stored with en-US marks and Excel shows it with the
  viewer's own (MS-OE376 2.1.739; ECMA-376 Part 1, 18.8.30): ``1.234.567`` in an Indonesian Excel, ``1,234,567``
  in an English one. The "Tentang" sheet says so.
- Each table sheet has its header row frozen (``A2``), an autofilter over the table, and columns as wide as
  their content (at most :data:`MAX_WIDTH` characters).
- **Nothing in it can act**: every cell is written as ``tables.xlsx`` writes it
  (:func:`renja_lib.write.workbook.safe_cell`: text stays text, never a formula,
  a formula-like text is quoted, control characters escaped, long cells cut, sheet
  names made valid); what was changed is counted in the
  :class:`~renja_lib.write.workbook.WorkbookReport` returned.
- **Byte-stable**: the same document, language and parameters give the same bytes, whenever and in whatever
  time zone it is written: fixed document properties (:data:`CREATOR`, created and modified
  :data:`FIXED_TIME`), and the zip rewritten with its members in a fixed order, each dated
  :data:`ZIP_TIME`. Written atomically (:func:`renja_lib.write.outputs.atomic_write`).

Example:
    >>> import renja_lib, tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "renja.xlsx"
    >>> rep = write_analysis_workbook(path, renja_lib.load(), "en")
    >>> rep.sheets["about"]
    ['About']
"""
from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Mapping

from ..text import check_lang
from ..text.catalogue import tr
from .outputs import atomic_write
from .workbook import MAX_ROWS, WorkbookReport, abandon, excel_text, safe_cell, sheet_names

__all__ = ["write_analysis_workbook", "write_report_workbook", "report_workbook_name", "workbook_bytes",
           "reproducible_zip", "CREATOR", "FIXED_TIME", "ZIP_TIME", "MAX_WIDTH", "MIN_WIDTH", "ABOUT"]

#: the author the workbook's properties name
CREATOR = "renja-analytics"
#: created and modified, in the workbook's properties: fixed, so that a rerun writes the same bytes
FIXED_TIME = datetime(2000, 1, 1, 0, 0, 0)
#: the date of every member of the zip (the earliest a zip can hold)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: the widest and narrowest a column is made, in characters
MAX_WIDTH = 60
MIN_WIDTH = 6
#: the key of the "Tentang" ("About") sheet in the report's ``sheets``
ABOUT = "about"
#: the first members of the zip, in this order (the package's content types first, as Office writes them)
_FIRST_MEMBERS = ("[Content_Types].xml", "_rels/.rels")


def _shown_length(value: Any, number_format: str | None) -> int:
    """About how many characters a cell shows (the longest line of a text)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not math.isfinite(value):
            return 4
        if number_format == "0":
            return len(str(int(value)))
        decimals = 2 if number_format and "." in number_format else 0
        return len(f"{value:,.{decimals}f}")
    return max((len(line) for line in str(value).split("\n")), default=0)


#: integers below this are exact in Excel (15 digits), written as they are
_EXACT = 10 ** 15


def _plain_number(value: Any) -> bool:
    """A number Excel holds as it is (finite; an integer of at most 15 digits)."""
    if isinstance(value, int):
        return abs(value) < _EXACT
    return isinstance(value, float) and math.isfinite(value)


def _plain_text(text: str) -> bool:
    """A text that :func:`~renja_lib.write.workbook.safe_cell` would store as it is (nothing to escape, quote or
    cut); any other text goes through it."""
    stored, escaped, formula, truncated = excel_text(text)
    return not (escaped or formula[0] or truncated)


def _width(lengths) -> float:
    return float(min(MAX_WIDTH, max(MIN_WIDTH, max(lengths, default=0) + 2)))


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _write_only_cell(ws, value):
    from openpyxl.cell.cell import WriteOnlyCell

    return WriteOnlyCell(ws, value)


def _table_sheets(wb, sheet, names: list[str], report: WorkbookReport, header_font) -> None:
    """Write one table (``Sheet``) into one or more sheets ``names`` (a table longer than a sheet goes on)."""
    columns = [str(c) for c in sheet.frame.columns]
    rows = sheet.frame.itertuples(index=False, name=None)
    formats = iter(sheet.formats)
    per_sheet = MAX_ROWS - 1
    remaining = len(sheet.frame)
    csv = f"{sheet.key.removeprefix('table.')}.csv"
    for name in names:
        ws = wb.create_sheet(title=name)
        count = min(per_sheet, remaining)
        remaining -= count
        chunk = [(next(rows), next(formats)) for _ in range(count)]
        ws.freeze_panes = "A2"
        for j, column in enumerate(columns):
            lengths = [len(column)] + [_shown_length(row[j], fmt[j]) for row, fmt in chunk]
            ws.column_dimensions[_column_letter(j + 1)].width = _width(lengths)
        head = []
        for column in columns:
            c = safe_cell(ws, column, sheet=name, column="(header)", csv=csv, report=report)
            c.font = header_font
            head.append(c)
        ws.append(head)
        # one cell per column and format, filled again in each row (openpyxl writes a row when it is appended)
        styled: dict[tuple[int, str], Any] = {}
        plain: dict[int, Any] = {}
        for row, fmt in chunk:
            cells = []
            for j, (value, column, number_format) in enumerate(zip(row, columns, fmt)):
                if value is None or isinstance(value, bool) or \
                        (number_format is None and isinstance(value, int) and abs(value) < _EXACT):
                    cells.append(value)
                elif number_format is not None and _plain_number(value):
                    cell = styled.get((j, number_format))
                    if cell is None:
                        cell = styled[(j, number_format)] = _write_only_cell(ws, value)
                        cell.number_format = number_format
                    else:
                        cell.value = value
                    cells.append(cell)
                elif isinstance(value, str) and _plain_text(value):
                    cell = plain.get(j)
                    if cell is None:
                        cell = plain[j] = _write_only_cell(ws, value)
                    else:
                        cell.value = value
                    cell.data_type = "s"  # text, never a formula
                    cells.append(cell)
                else:
                    cells.append(safe_cell(ws, value, sheet=name, column=column, csv=csv, report=report))
            ws.append(cells)
        if columns:
            ws.auto_filter.ref = f"A1:{_column_letter(len(columns))}{count + 1}"


def _about_sheet(wb, name: str, rows: list[tuple], report: WorkbookReport, header_font) -> None:
    ws = wb.create_sheet(title=name)
    widths = [0, 0]
    for row in rows:
        for j, value in enumerate(row[:2]):
            if len(row) == 2:  # a section's title (one cell) may run over the next column
                widths[j] = max(widths[j], _shown_length(value, None))
    for j, width in enumerate(widths):
        ws.column_dimensions[_column_letter(j + 1)].width = _width([width])
    for row in rows:
        cells = []
        for j, value in enumerate(row):
            c = safe_cell(ws, value, sheet=name, column=_column_letter(j + 1), csv=name, report=report)
            if len(row) == 1:
                c.font = header_font
            elif isinstance(value, int) and not isinstance(value, bool):
                c.number_format = "0"
            cells.append(c)
        ws.append(cells)


def reproducible_zip(data: bytes, core: bytes | None = None) -> bytes:
    """The zip ``data`` again with its members in a fixed order (:data:`_FIRST_MEMBERS`, then as written), each
    dated :data:`ZIP_TIME` with fixed attributes, ``docProps/core.xml`` replaced by ``core`` when given.

    >>> buf = io.BytesIO()
    >>> with zipfile.ZipFile(buf, "w") as z:
    ...     z.writestr("b.xml", "<b/>"); z.writestr("[Content_Types].xml", "<t/>")
    >>> [(i.filename, i.date_time) for i in zipfile.ZipFile(io.BytesIO(reproducible_zip(buf.getvalue()))).infolist()]
    [('[Content_Types].xml', (1980, 1, 1, 0, 0, 0)), ('b.xml', (1980, 1, 1, 0, 0, 0))]
    """
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [i.filename for i in src.infolist()]
        ordered = [n for n in _FIRST_MEMBERS if n in names] + [n for n in names if n not in _FIRST_MEMBERS]
        for member in ordered:
            body = core if (member == "docProps/core.xml" and core is not None) else src.read(member)
            info = zipfile.ZipInfo(member, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, body, compresslevel=6)
    return out.getvalue()


def workbook_bytes(sheets: Mapping[str, Any], about: list[tuple], lang: str = "id",
                   report: WorkbookReport | None = None) -> bytes:
    """The workbook of ``sheets`` (:class:`~renja_lib.present.workbook_tables.Sheet` by key, in order) after a
    "Tentang" ("About") sheet of the rows ``about``, as bytes that depend on nothing but these."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.xml.functions import tostring

    lang = check_lang(lang)
    report = report if report is not None else WorkbookReport()
    titles = {ABOUT: tr("workbook.sheet.about", lang)}
    titles.update({key: sheet.title for key, sheet in sheets.items()})
    extra = {key: max(0, math.ceil(len(sheet.frame) / (MAX_ROWS - 1)) - 1) for key, sheet in sheets.items()}
    by_title = sheet_names(titles.values(), {titles[k]: n for k, n in extra.items()})
    header_font = Font(bold=True)
    wb = Workbook(write_only=True)
    wb.properties.creator = CREATOR
    wb.properties.lastModifiedBy = None
    wb.properties.created = FIXED_TIME
    try:
        _about_sheet(wb, by_title[titles[ABOUT]][0], about, report, header_font)
        report.sheets[ABOUT] = by_title[titles[ABOUT]]
        for key, sheet in sheets.items():
            names = by_title[titles[key]]
            report.sheets[key] = names
            _table_sheets(wb, sheet, names, report, header_font)
        for counter in (report.escaped, report.truncated, report.neutralised):
            for k in [k for k, v in counter.items() if not v]:
                del counter[k]
        buffer = io.BytesIO()
        wb.save(buffer)
    except BaseException:
        abandon(wb)
        raise
    wb.properties.modified = FIXED_TIME  # openpyxl stamps the time of saving: written again, fixed
    return reproducible_zip(buffer.getvalue(), tostring(wb.properties.to_tree()))


def write_analysis_workbook(target: str | Path | IO[bytes], doc, lang: str = "id",
                            params: Mapping[str, Any] | None = None, *,
                            sheets: Mapping[str, Any] | None = None) -> WorkbookReport:
    """Write the analysis workbook of ``doc`` in ``lang`` with the report's parameters ``params`` (see
    :func:`~renja_lib.present.workbook_tables.analysis_tables`) to ``target``: a path (written atomically) or
    a binary file. Returns what was changed to keep Excel safe, and each table's sheets (``report.sheets``).
    ``sheets`` are ``analysis_tables(doc, lang, params)`` when the caller has them already.

    ``renja report`` calls it through :func:`write_report_workbook`.
    """
    from ..present.workbook_tables import about_rows, analysis_tables

    lang = check_lang(lang)
    if sheets is None:
        sheets = analysis_tables(doc, lang, params)
    report = WorkbookReport()
    data = workbook_bytes(sheets, about_rows(doc, lang, params, sheets), lang, report)
    if hasattr(target, "write"):
        target.write(data)
    else:
        with atomic_write(target, "wb") as fh:
            fh.write(data)
    return report


def report_workbook_name(slug: str) -> str:
    """The workbook's name in a report folder: ``<slug>.xlsx``.

    >>> report_workbook_name("renja-2023")
    'renja-2023.xlsx'
    """
    return f"{slug}.xlsx"


def write_report_workbook(folder: str | Path, slug: str, source: str | Path | None,
                          params: Mapping[str, Any] | None = None) -> Path:
    """The entry for ``renja report``: read ``source`` and write its workbook ``folder/<slug>.xlsx`` in the
    report's language (``params["lang"]``) with the report's parameters; returns its path. Needs nothing the
    notebooks make, so a runner may call it while they run (a thread of its own) and wait for it before it
    seals the folder. Raises :class:`~renja_lib.errors.RenjaError` as ``load`` and the analyses do; OSError
    from writing passes through."""
    from ..read.document import load
    from ..text import DEFAULT_LANG

    params = dict(params or {})
    path = Path(folder) / report_workbook_name(slug)
    write_analysis_workbook(path, load(source), params.get("lang") or DEFAULT_LANG, params)
    return path
