"""The bundled Renja as Word documents, made with python-docx from its text form, for the ``.docx`` reader's tests.

Two layouts of the same text (:data:`LAYOUTS`), both deterministic (the same bytes on every run):

``pages``
    every table as the text form writes it page by page: one Word table per page, its header rows (merged as the
    document's are) repeated at the top of each, an empty paragraph between two pages; an empty spacer row at the
    end of the first page of Tabel 2.3.
``whole``
    every table one Word table, its header rows once (marked to repeat on every page), the rows of all its pages
    one after another, with an empty spacer row where two of Tabel 2.1's and Tabel 4.1's pages met; a programme's
    code and name (and its other cells the rows below leave empty) merged down over the rows of its further
    indicators (``vMerge``), as authors do in Word; Tabel 2.4's label and title on one line (a caption as Word's
    Insert Caption writes it), Tabel 2.2's title typed into the table's first row, one cell over its width.

Both: the header rows with merged cells as the text form's header says (a group label over several columns with
``cell.merge`` across, a label two rows deep merged down); long names and indicators broken over two lines by a
manual line break or written as two paragraphs, codes broken (``2 07 01`` / ``2. 01``); Tabel 2.2's notes in a table
nested in the cell (one cell, and two cells side by side); Tabel 2.2's first tick (√) a Symbol-font ``w:sym``; the
signature block under Tabel 2.1 a layout table (an empty cell beside the signature) with the name and NIP in a
nested one-column table; the outline of BAB I a two-column table; the table of contents paragraphs with tab stops;
``- `` lines bulleted list paragraphs (style ``List Bullet``, numbered through the style), numbered lines (``1. ``)
list paragraphs numbered by Word (a list that the text continues after a paragraph continues, any other restarts
at the number the text writes), ``BAB I`` .. ``BAB V`` headings numbered ``BAB %1`` in capital roman numerals; BAB
IV in a landscape section; lines of one paragraph joined by line breaks, runs split at the bold marks.

:func:`bad_files` writes the inputs a reader must refuse with one message: not a ZIP archive, a truncated file,
a ZIP without a Word document, damaged XML, an Excel workbook and an OpenDocument text given by mistake, an OLE
container (a password-protected .docx is one).

Run as a script to write the documents to a folder: ``python tests/docx_documents.py OUT_DIR``.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.table import _Cell

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.find_tables import find_tables

LAYOUTS = ("pages", "whole")
#: the fixed time stamp of every member of a generated archive (ZIP's earliest)
_EPOCH = (1980, 1, 1, 0, 0, 0)

_BULLET = re.compile(r"^( ?)- (.*)$")
_NUMBERED = re.compile(r"^(\d{1,2})\. (\S.*)$")
_BAB = re.compile(r"^BAB [IVX]+$")
_SUBHEADING = re.compile(r"^\d(\.\d+)+\.? [A-Z]")


@dataclass
class _Para:
    lines: list[str]
    kind: str = "plain"  # plain, bullet, number, bab
    level: int = 0
    number: int | None = None
    style: str | None = None


@dataclass
class _Table:
    label: str
    header: list[list[str]]      # the header rows of the first page
    colnum: list[str] | None
    pages: list[list[list[str]]]  # each page's rows (after the header rows and column numbers the page repeats)
    repeats: list[int] = field(default_factory=list)  # how many header rows each page repeats
    signature: list[str] = field(default_factory=list)
    caption: list[str] = field(default_factory=list)  # title lines written in the table's first row


@dataclass
class _Grid:
    rows: list[list[str]]


# ---------------------------------------------------------------- reading the text form

def _items(text: str) -> list:
    """The text form as paragraphs, empty paragraphs (None), tables and grids, in order."""
    lines = text.split("\n")
    spans = {s.header_lines[0]: s for s in find_tables(tuple(lines)) if s.header_lines}
    items: list = []
    blanks = 0
    i = 1
    n = len(lines)

    def emit(item) -> None:
        nonlocal blanks
        items.extend([None] * max(0, blanks - 1 if items else blanks))
        items.append(item)
        blanks = 0

    while i <= n:
        line = lines[i - 1]
        if i in spans:
            span = spans[i]
            emit(_table(span, lines))
            i = span.end + 1
            continue
        if not line.strip():
            blanks += 1
            i += 1
            continue
        if "\t" in line:
            chunk = []
            while i <= n and "\t" in lines[i - 1]:
                chunk.append(lines[i - 1])
                i += 1
            if any(c.startswith("\t") for c in chunk):  # an outline (BAB I .. V and their sections): a table
                emit(_Grid([c.split("\t") for c in chunk]))
            else:  # a table of contents: a paragraph with tab stops for each line
                for c in chunk:
                    emit(_Para([c]))
            continue
        bullet, numbered = _BULLET.match(line), _NUMBERED.match(line)
        if bullet:
            emit(_Para([bullet.group(2)], "bullet", level=len(bullet.group(1))))
        elif numbered:
            emit(_Para([numbered.group(2)], "number", number=int(numbered.group(1))))
        elif _BAB.match(line):
            emit(_Para([""], "bab"))
        elif items and blanks == 0 and isinstance(items[-1], _Para) and items[-1].kind != "bab":
            items[-1].lines.append(line)  # the next line of the same paragraph: a line break
        else:
            style = None
            if _SUBHEADING.match(line) and len(line) < 120:
                style = "Heading 3" if line.count(".") >= 2 and not line.split()[0].endswith(".") else "Heading 2"
            emit(_Para([line], style=style))
        i += 1
    return items


def _table(span, lines: list[str]) -> _Table:
    """A table of the text form: its header, column numbers, pages and signature block."""
    header = [lines[h - 1].split("\t") for h in span.header_lines]
    colnum = lines[span.column_number_line - 1].split("\t") if span.column_number_line else None
    repeated = header + ([colnum] if colnum else [])
    table = _Table(span.label, header, colnum, [])
    page: list[list[str]] | None = None
    start = (span.column_number_line or span.header_lines[-1]) + 1
    for ln in range(start, span.end + 1):
        text = lines[ln - 1]
        if span.roles.get(ln) == "signature":
            table.signature.append(text)
            continue
        if "\t" not in text:
            if table.signature and not text.strip():
                table.signature.append("")
            page = None
            continue
        cells = text.split("\t")
        if page is None:
            page = []
            table.pages.append(page)
            table.repeats.append(0)
        if not page and cells in repeated and table.repeats[-1] < len(repeated) and len(table.pages) > 1:
            table.repeats[-1] += 1
            continue
        page.append(cells)
    if not table.pages:
        table.pages.append([])
        table.repeats.append(0)
    while table.signature and not table.signature[-1]:
        table.signature.pop()
    return table


# ---------------------------------------------------------------- writing Word

def _runs(paragraph, text: str) -> None:
    """``text`` as runs: split at the bold marks (kept as written, bold toggled) and every 60 characters or so."""
    bold = False
    for k, part in enumerate(text.split("**")):
        if k:
            paragraph.add_run("**").bold = True
            bold = not bold
        while part:
            cut = part.find(" ", 60) if len(part) > 90 else -1
            piece, part = (part[:cut], part[cut:]) if cut > 0 else (part, "")
            run = paragraph.add_run(piece)
            if bold:
                run.bold = True


def _write_lines(paragraph, lines: list[str]) -> None:
    for k, line in enumerate(lines):
        if k:
            paragraph.add_run().add_break()
        _runs(paragraph, line)


class _Numbers:
    """The numbering definitions the document adds: numbered lists (one ``w:num`` per list, restarted with
    ``startOverride``) and the BAB headings."""

    def __init__(self, document):
        self.numbering = document.part.numbering_part.element
        self.next_id = 100
        self.decimal = self._abstract(90, [("decimal", "%1."), ("lowerLetter", "%2)")])
        self.bab = self._abstract(91, [("upperRoman", "BAB %1")])
        self.bab_num = self.add(self.bab)
        self.last: tuple[str, int] | None = None  # the numbered list going on: numId, its last number

    def _abstract(self, aid: int, levels: list[tuple[str, str]]) -> int:
        a = OxmlElement("w:abstractNum")
        a.set(qn("w:abstractNumId"), str(aid))
        for k, (fmt, text) in enumerate(levels):
            lvl = OxmlElement("w:lvl")
            lvl.set(qn("w:ilvl"), str(k))
            for tag, val in (("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")):
                el = OxmlElement(tag)
                el.set(qn("w:val"), val)
                lvl.append(el)
            a.append(lvl)
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(a)
        else:
            self.numbering.append(a)
        return aid

    def add(self, aid: int, start: int | None = None) -> str:
        num = OxmlElement("w:num")
        num_id = str(self.next_id)
        self.next_id += 1
        num.set(qn("w:numId"), num_id)
        ab = OxmlElement("w:abstractNumId")
        ab.set(qn("w:val"), str(aid))
        num.append(ab)
        if start is not None:
            override = OxmlElement("w:lvlOverride")
            override.set(qn("w:ilvl"), "0")
            so = OxmlElement("w:startOverride")
            so.set(qn("w:val"), str(start))
            override.append(so)
            num.append(override)
        self.numbering.append(num)
        return num_id

    def item(self, number: int) -> str:
        """The numId of a numbered item: the list going on when the text continues it, else a new list."""
        if self.last is not None and number == self.last[1] + 1:
            self.last = (self.last[0], number)
        else:
            self.last = (self.add(self.decimal, start=number), number)
        return self.last[0]


def _number(paragraph, num_id: str, level: int = 0) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = OxmlElement("w:numPr")
    for tag, val in (("w:ilvl", str(level)), ("w:numId", num_id)):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        num_pr.append(el)
    ppr.append(num_pr)


def _write_para(container, item: _Para, numbers: _Numbers):
    if item.kind == "bab":
        p = container.add_paragraph(style="Heading 1")
        p.paragraph_format.page_break_before = True
        _number(p, numbers.bab_num)
        return p
    if item.kind == "bullet":
        p = container.add_paragraph(style="List Bullet 2" if item.level else "List Bullet")
    elif item.kind == "number":
        p = container.add_paragraph(style="List Paragraph")
        _number(p, numbers.item(item.number))
    else:
        p = container.add_paragraph(style=item.style)
    _write_lines(p, item.lines)
    return p


def _fill(cell: _Cell, text: str, how: str = "") -> None:
    """A cell's text; ``how``: ``br`` (two lines, a manual line break), ``para`` (two paragraphs), ``code``
    (a code broken after its third part), else one line."""
    p = cell.paragraphs[0]
    if how == "code" and text.count(" ") >= 3:
        first, second = text.split(" ", 3)[:3], text.split(" ", 3)[3]
        p.add_run(" ".join(first)).add_break()
        p.add_run(second)
        return
    cut = _middle_space(text) if how in ("br", "para") else -1
    if cut < 0:
        if text:
            p.add_run(text)
        return
    if how == "br":
        p.add_run(text[:cut]).add_break()
        p.add_run(text[cut + 1:])
    else:
        p.add_run(text[:cut])
        cell.add_paragraph(text[cut + 1:])


def _middle_space(text: str) -> int:
    """A single space near the middle of ``text`` (a line would wrap there), or -1."""
    spaces = [k for k, c in enumerate(text) if c == " " and 0 < k < len(text) - 1 and text[k - 1] != " "
              and text[k + 1] != " "]
    return min(spaces, key=lambda k: abs(k - len(text) // 2)) if spaces else -1


def _header_merges(rows: list[list[str]]) -> list[tuple[int, int, int, int]]:
    """The merged cells of header rows as the text form writes them: (top, left, bottom, right), 0-based.

    A label followed by empty cells, with labels under them in the next row, spans those columns; a label with
    nothing under it reaches down to the last header row.
    """
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    covered: set[tuple[int, int]] = set()
    merges = []
    for r, row in enumerate(rows):
        c = 0
        while c < width:
            if (r, c) in covered or not row[c]:
                c += 1
                continue
            right = c
            if r + 1 < len(rows) and rows[r + 1][c]:
                while right + 1 < width and not row[right + 1] and rows[r + 1][right + 1]:
                    right += 1
            bottom = r
            if right == c:
                while bottom + 1 < len(rows) and not rows[bottom + 1][c]:
                    bottom += 1
            if (bottom, right) != (r, c):
                merges.append((r, c, bottom, right))
                covered.update((y, x) for y in range(r, bottom + 1) for x in range(c, right + 1))
            c = right + 1
    return merges


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:tblHeader"))


def _symbol(cell: _Cell) -> None:
    """The cell's tick (√) as Word's Insert > Symbol writes it: a ``w:sym`` of the Symbol font."""
    for p in cell.paragraphs:
        p._p.remove_all("w:r")
    run = cell.paragraphs[0].add_run()._r
    sym = OxmlElement("w:sym")
    sym.set(qn("w:font"), "Symbol")
    sym.set(qn("w:char"), "F0D6")
    run.append(sym)


def _nested_note(cell: _Cell, text: str, side_by_side: bool) -> None:
    """The cell's note in a table nested in the cell: one cell, or two cells side by side."""
    for p in cell.paragraphs:
        p._p.remove_all("w:r")
    cut = _middle_space(text)
    parts = [text[:cut], text[cut + 1:]] if side_by_side and cut > 0 else [text]
    inner = cell.add_table(rows=1, cols=len(parts))
    for c, part in zip(inner.rows[0].cells, parts):
        c.paragraphs[0].add_run(part)


def _word_table(container, rows: list[list[str]], *, header_rows: int, colnum_rows: int, label: str,
                mark_header: bool, spacer_after: set[int], merge_down: bool, long_count: list[int],
                caption: list[str] = ()):
    """One Word table: ``rows`` (header rows first, then the column numbers, then the body); ``caption``: title
    lines in a first row of one cell over the whole width."""
    width = max(len(r) for r in rows)
    body = [r + [""] * (width - len(r)) for r in rows]
    if caption:
        body.insert(0, [""] * width)
        spacer_after = {k + 1 for k in spacer_after}
    top = 1 if caption else 0
    order: list[list[str] | None] = []
    for k, r in enumerate(body):
        order.append(r)
        if k in spacer_after:
            order.append(None)
    table = container.add_table(rows=len(order), cols=width)
    table.style = "Table Grid"
    trs = table._tbl.tr_lst
    first_body = top + header_rows + colnum_rows
    body_index = 0
    for k, (tr, cells) in enumerate(zip(trs, order)):
        if cells is None:
            continue
        tcs = [_Cell(tc, table) for tc in tr.tc_lst]
        is_body = k >= first_body
        for c, (cell, text) in enumerate(zip(tcs, cells)):
            how = ""
            if is_body and c in (1, 2) and len(text) > 60:
                long_count[0] += 1
                how = "para" if long_count[0] % 3 == 0 else "br"
            elif is_body and c == 0 and text.count(" ") >= 3 and body_index % 4 == 1:
                how = "code"
            _fill(cell, text, how)
        if is_body:
            body_index += 1
            if label == "Tabel 2.2" and "belum rilis" in cells[-1]:
                notes = sum(1 for r in order[first_body:k] if r and "belum rilis" in r[-1])
                _nested_note(tcs[-1], cells[-1], side_by_side=notes % 2 == 1)
            if label == "Tabel 2.2" and body_index == 1 and "√" in cells:
                _symbol(tcs[cells.index("√")])
    for y0, x0, y1, x1 in _header_merges(body[top:top + header_rows]) if header_rows > 1 else []:
        table.cell(top + y0, x0).merge(table.cell(top + y1, x1))
    if caption:
        cell = table.cell(0, 0).merge(table.cell(0, width - 1))
        _write_lines(cell.paragraphs[0], list(caption))
    if mark_header:
        for row in list(table.rows)[:first_body]:
            _repeat_header(row)
    if merge_down:
        _merge_continuations(trs, order, first_body)
    return table


def _merge_continuations(trs, order, first_body: int) -> None:
    """A programme's code, name and other cells merged down over the rows of its further indicators."""
    for k in range(first_body + 1, len(order)):
        row, above = order[k], order[k - 1]
        if row is None or above is None or row[0] or row[1] or not row[2]:
            continue
        start = k - 1
        while start > first_body and order[start] is not None and not order[start][0] and order[start - 1]:
            start -= 1
        top = order[start]
        if top is None or not top[0]:
            continue
        for c in range(len(row)):
            if row[c] or not top[c] or any(order[j][c] for j in range(start + 1, k)):
                continue
            tc_top, tc = trs[start].tc_lst[c], trs[k].tc_lst[c]
            if tc_top.tcPr is None or tc_top.tcPr.find(qn("w:vMerge")) is None:
                tc_top.get_or_add_tcPr().append(_vmerge("restart"))
            tc.get_or_add_tcPr().append(_vmerge(None))


def _vmerge(val: str | None):
    el = OxmlElement("w:vMerge")
    if val:
        el.set(qn("w:val"), val)
    return el


def _signature(container, lines: list[str]) -> None:
    """A signature block as a layout table: an empty cell beside the signature, whose name and NIP stand in a
    nested one-column table."""
    texts = list(lines)
    tail = [k for k, t in enumerate(texts) if t.strip()][-2:]
    head = texts[:tail[0]]
    table = container.add_table(rows=1, cols=2)
    right = table.rows[0].cells[1]
    groups: list[list[str]] = []
    for t in head:
        if t.strip():
            if groups and groups[-1]:
                groups[-1].append(t)
            else:
                groups.append([t])
        else:
            groups.append([])
    for k, g in enumerate(groups):
        _write_lines(right.paragraphs[0] if k == 0 else right.add_paragraph(), g)
    inner = right.add_table(rows=2, cols=1)
    for r, k in zip(inner.rows, tail):
        r.cells[0].paragraphs[0].add_run(texts[k])


def _write_table(document, item: _Table, layout: str, long_count: list[int]) -> None:
    header, colnum = item.header, item.colnum
    head = header + ([colnum] if colnum else [])
    if layout == "pages":
        for k, page in enumerate(item.pages):
            if k:
                document.add_paragraph()
            rows = head + page if k == 0 else head[:item.repeats[k]] + page
            n_head = len(header) if k == 0 else min(item.repeats[k], len(header))
            n_col = len(rows) - len(page) - n_head
            spacer = {len(rows) - 1} if item.label == "Tabel 2.3" and k == 0 else set()
            _word_table(document, rows, header_rows=n_head, colnum_rows=n_col, label=item.label,
                        mark_header=k == 0, spacer_after=spacer, merge_down=False, long_count=long_count)
    else:
        rows = list(head)
        spacer: set[int] = set()
        for k, page in enumerate(item.pages):
            if k in (1, 3) and item.label in ("Tabel 2.1", "Tabel 4.1") and page and page[0][0]:
                spacer.add(len(rows) - 1)
            rows.extend(page)
        _word_table(document, rows, header_rows=len(header), colnum_rows=1 if colnum else 0, label=item.label,
                    mark_header=True, spacer_after=spacer, merge_down=item.label in ("Tabel 2.1", "Tabel 4.1"),
                    long_count=long_count, caption=item.caption)
    if item.signature:
        document.add_paragraph()
        _signature(document, item.signature)


def _captions(items: list) -> list:
    """Two other ways of writing a table's title: Tabel 2.4's label and title on one line (a caption as Word's
    Insert Caption writes it), Tabel 2.2's title in the first row of the table, one cell over its width."""
    out = []
    for k, item in enumerate(items):
        if isinstance(item, _Para) and item.lines[:1] == ["Tabel 2.4"] and len(item.lines) > 1:
            item.lines[:2] = [f"{item.lines[0]} {item.lines[1]}"]
        elif isinstance(item, _Para) and item.lines[:1] == ["Tabel 2.2"]:
            table = next(x for x in items[k + 1:] if isinstance(x, _Table))
            table.caption = list(item.lines)
            while out and out[-1] is None:
                out.pop()
            continue
        out.append(item)
    return out


def _landscape(document, landscape: bool) -> None:
    section = document.add_section(WD_SECTION.NEW_PAGE)
    width, height = section.page_width, section.page_height
    if (width > height) != landscape:
        section.page_width, section.page_height = height, width
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT


def build_docx(text: str, path: Path, layout: str = "pages") -> Path:
    """The text form ``text`` as a Word document at ``path`` in ``layout`` (see the module docstring)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}")
    document = docx.Document()
    numbers = _Numbers(document)
    long_count = [0]
    babs = 0
    items = _items(text)
    if layout == "whole":
        items = _captions(items)
    for item in items:
        if item is None:
            document.add_paragraph()
        elif isinstance(item, _Para):
            if item.kind == "bab":
                babs += 1
                if babs in (4, 5):  # BAB IV (Tabel 4.1) landscape, BAB V portrait again
                    _landscape(document, babs == 4)
            _write_para(document, item, numbers)
        elif isinstance(item, _Table):
            _write_table(document, item, layout, long_count)
        else:
            table = document.add_table(rows=len(item.rows), cols=max(len(r) for r in item.rows))
            for row, cells in zip(table.rows, item.rows):
                for cell, t in zip(row.cells, cells):
                    _fill(cell, t)
    document.core_properties.title = "Renja (test document)"
    buffer = io.BytesIO()
    document.save(buffer)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_fixed_zip(buffer.getvalue()))
    return path


def _fixed_zip(data: bytes, replace: dict[str, bytes] | None = None, drop: set[str] = frozenset()) -> bytes:
    """The same archive with every member's time stamp fixed (and members replaced or dropped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            body = (replace or {}).get(info.filename, src.read(info))
            dst.writestr(zipfile.ZipInfo(info.filename, _EPOCH), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _zip(members: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, body in members:
            z.writestr(zipfile.ZipInfo(name, _EPOCH), body,
                       zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_documents(folder: Path, text: str | None = None) -> dict[str, Path]:
    """Every layout of the bundled text (or ``text``) as ``renja_<layout>.docx`` in ``folder``."""
    text = DEFAULT_SOURCE.read_text(encoding="utf-8") if text is None else text
    return {layout: build_docx(text, folder / f"renja_{layout}.docx", layout) for layout in LAYOUTS}


_CT = (b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
       b'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')


def bad_files(folder: Path, good: Path) -> dict[str, Path]:
    """The inputs a ``.docx`` reader refuses, written into ``folder`` (``good``: a generated ``.docx``)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = good.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document_xml = z.read("word/document.xml")
    files = {
        "not_zip": ("renja_not_zip.docx", b"PK\x03\x04" + b"this is no ZIP archive at all; " * 40),
        "truncated": ("renja_truncated.docx", data[: len(data) * 2 // 3]),
        "no_document": ("renja_no_document.docx", _fixed_zip(data, drop={"word/document.xml"})),
        "bad_xml": ("renja_bad_xml.docx",
                    _fixed_zip(data, replace={"word/document.xml": document_xml[: len(document_xml) // 2]})),
        "xlsx": ("renja_tables.xlsx", _zip([
            ("[Content_Types].xml", _CT),
            ("_rels/.rels", b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                            b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                            b'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
                            b'</Relationships>'),
            ("xl/workbook.xml", b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/'
                                b'spreadsheetml/2006/main"><sheets/></workbook>')])),
        "odt": ("renja_draft.odt", _zip([
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b'<?xml version="1.0"?><office:document-content xmlns:office="urn:oasis:names:tc:'
                            b'opendocument:xmlns:office:1.0"/>'),
            ("META-INF/manifest.xml", b'<?xml version="1.0"?><manifest/>')])),
        "ole": ("renja_protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504),
    }
    out = {}
    for key, (name, body) in files.items():
        (folder / name).write_bytes(body)
        out[key] = folder / name
    return out


if __name__ == "__main__":  # python tests/docx_documents.py OUT_DIR: write the documents (and the bad inputs)
    import sys

    out = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    made = build_documents(out)
    bad_files(out / "bad", made["pages"])
    print("\n".join(str(p) for p in made.values()))
