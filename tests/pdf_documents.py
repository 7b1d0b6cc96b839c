"""PDF prints of the bundled Renja, made in the tests (issue 14): the yardstick of the PDF reader.

A print is made from the bundled text (:data:`renja_lib.config.DEFAULT_SOURCE`) as an office would publish it:
every line of prose a paragraph (a blank line a gap), every titled table a ruled table (CSS borders, or reportlab
grid lines) whose header rows merge the cells the text form's headers leave empty (a group label over its columns,
a label two rows deep), the header repeated on every page the table runs over, a running header
(:data:`RUNNING_HEADER`) and a page number in the margins. Lines with tabs outside a titled table (the table of
contents) are printed at tab stops, without rules. Two ways of drawing:

* :func:`chromium_pdf` (Playwright and Debian's Chromium, ``page.pdf()``), in three layouts: ``portrait`` (A4,
  narrow columns: codes and names wrap over several lines; page numbers ``7``), ``landscape`` (prose on portrait
  pages, every table and all of BAB IV on landscape pages, page breaks inside Tabel 2.1 and 4.1; page numbers
  ``II-7``) and ``justified`` (serif prose justified with indented first lines, cells boxed apart so that two rules
  stand between cells, a rule under the running header, ``Halaman 7 dari 30``);
* :func:`reportlab_pdf` (platypus tables with grid lines, Letter paper, BAB IV landscape, ``Halaman 7``);

and small PDFs for the reader's edge cases: :func:`split_row_pdf` (a table row split across two pages),
:func:`rotated_pdf` (pages stored portrait and shown landscape with ``/Rotate``), :func:`scanned_pdf` (pages that
are images only), :func:`encrypted_pdf`, :func:`truncated_pdf`.

The tests find where a value stands in a print with pypdfium2 (the generator does not lay out the pages itself).

A space after a hyphen or a slash at the end of a printed line is invisible in a PDF that writes no space glyph
there (Chromium's, reportlab's): ``Perundang- Undangan`` and ``Perundang-Undangan`` broken after the hyphen print
alike, and the text writes both. So the prints keep a hyphen or slash and the word after it together when a space
stands between them (``white-space: nowrap``, a no-break space in reportlab); a break right after a hyphen or slash
inside a word is left to the layout.

Run as a script to write every print to a folder: ``python tests/pdf_documents.py OUT_DIR``.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.find_tables import find_tables, is_column_number_row, split_cells

CHROMIUM = "/usr/bin/chromium"
RUNNING_HEADER = "Renja Disnaker Kota Pasuruan 2023 (cetakan uji)"
#: the sections of the document: the first line of each (as the text writes it) and its page-number prefix
_SECTIONS = (("KATA PENGANTAR", ""), ("BAB I", "I-"), ("BAB II", "II-"), ("BAB III", "III-"), ("BAB IV", "IV-"),
             ("BAB V", "V-"))


# ---------------------------------------------------------------- the text as blocks

@dataclass
class Table:
    """A titled table of the text: its header rows, column-number row and body rows (repeated headers left out)."""

    label: str
    header: list[list[str]]
    numbers: list[str] | None
    rows: list[list[str]]
    width: int
    after: list[str] = field(default_factory=list)  # the signature block under it
    title: list[tuple] = field(default_factory=list)  # its label, title and metadata lines as blocks


@dataclass
class Section:
    """One part of the document (front matter, a BAB) as blocks: ``("p", text)``, ``("gap",)``, ``("tabs", rows)``,
    ``("table", Table)``."""

    prefix: str
    blocks: list[tuple] = field(default_factory=list)


def read_blocks(text: str | None = None) -> list[Section]:
    """The bundled text (or ``text``) as sections of blocks, in order."""
    text = DEFAULT_SOURCE.read_text(encoding="utf-8") if text is None else text
    lines = tuple(text.split("\n"))
    spans = {s.start: s for s in find_tables(lines)}
    sections = [Section("")]
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        starts = [prefix for head, prefix in _SECTIONS if line.strip() == head]
        if starts and sections[-1].prefix != starts[0]:
            sections.append(Section(starts[0]))
        blocks = sections[-1].blocks
        if i + 1 in spans:
            span = spans[i + 1]
            table = _table(span, lines)
            table.title = [("p", lines[j].strip()) if lines[j].strip() else ("gap",)
                           for j in range(i, span.header_lines[0] - 1)]
            blocks.append(("table", table))
            i = span.end
            continue
        if "\t" in line:
            rows = []
            while i < n and "\t" in lines[i] and i + 1 not in spans:
                rows.append(lines[i].split("\t"))
                i += 1
            blocks.append(("tabs", rows))
            continue
        blocks.append(("p", line.strip()) if line.strip() else ("gap",))
        i += 1
    return sections


def _table(span, lines) -> Table:
    header = [split_cells(lines[h - 1]) for h in span.header_lines]
    numbers = split_cells(lines[span.column_number_line - 1]) if span.column_number_line else None
    rows = []
    for ln in span.row_lines:
        cells = split_cells(lines[ln - 1])
        if any(cells) and not is_column_number_row(cells) and cells not in header:
            rows.append(cells)
    after = [lines[ln - 1].strip() for ln, role in sorted(span.roles.items()) if role == "signature"]
    width = max(len(r) for r in header + rows + ([numbers] if numbers else []))
    pad = lambda r: r + [""] * (width - len(r))  # noqa: E731
    return Table(f"Tabel {span.label.split()[-1]}", [pad(h) for h in header], pad(numbers) if numbers else None,
                 [pad(r) for r in rows], width, after)


def header_grid(header: list[list[str]]) -> list[list[tuple[str, int, int, int]]]:
    """The header rows as merged cells ``(text, column, colspan, rowspan)``, read as the text form reads them
    (:func:`renja_lib.read.parse_rows.header_columns`): a label over empty cells whose sub-row has labels spans
    them, a label with nothing under it spans the rows below."""
    width = len(header[0])
    if len(header) == 1:
        return [[(c, i, 1, 1) for i, c in enumerate(header[0])]]
    top, subs = header[0], header[1:]
    depth = len(header)
    grid: list[list[tuple[str, int, int, int]]] = [[] for _ in header]
    i = 0
    while i < width:
        below = [s[i] for s in subs]
        if top[i] and any(below):
            j = i + 1
            while j < width and not top[j] and any(s[j] for s in subs):
                j += 1
            grid[0].append((top[i], i, j - i, 1))
            for k in range(i, j):
                for r, s in enumerate(subs, start=1):
                    grid[r].append((s[k], k, 1, 1))
            i = j
        elif top[i] or not any(below):
            grid[0].append((top[i], i, 1, depth))
            i += 1
        else:
            grid[0].append(("", i, 1, 1))
            for r, s in enumerate(subs, start=1):
                grid[r].append((s[i], i, 1, 1))
            i += 1
    return grid


# ---------------------------------------------------------------- Chromium

_KEEP = re.compile(r"(?:\S*[-/] )+\S+")


def _cell_html(text: str) -> str:
    """A cell's or paragraph's text for HTML: escaped, a hyphen or slash kept with the word after its space."""
    out, pos = [], 0
    for m in _KEEP.finditer(text):
        out.append(html.escape(text[pos:m.start()]))
        out.append(f'<span class="keep">{html.escape(m.group(0))}</span>')
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)


#: column widths (CSS) of each table in the portrait layout: narrow code and name columns so that they wrap
_PORTRAIT_COLS = {
    "Tabel 2.1": ["11mm", "26mm", "30mm"], "Tabel 4.1": ["12mm", "28mm", "30mm"],
    "Tabel 2.3": ["7mm", "22mm"], "Tabel 2.4": ["7mm", "30mm"], "Tabel 2.2": ["7mm", "25mm"],
}
_LANDSCAPE_COLS = {"Tabel 2.1": ["17mm", "50mm", "50mm"], "Tabel 4.1": ["22mm", "55mm", "55mm"]}


def _table_html(t: Table, cols: list[str]) -> str:
    colgroup = "".join(f'<col style="width:{cols[i]}">' if i < len(cols) else "<col>" for i in range(t.width))
    head = []
    for row in header_grid(t.header):
        cells = "".join(f'<th colspan="{cs}" rowspan="{rs}">{_cell_html(text)}</th>' for text, _, cs, rs in row)
        head.append(f"<tr>{cells}</tr>")
    if t.numbers:
        head.append("<tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in t.numbers) + "</tr>")
    body = "".join("<tr>" + "".join(f"<td>{_cell_html(c)}</td>" for c in row) + "</tr>" for row in t.rows)
    dense = ' class="dense"' if t.width >= 12 else ""
    return (f'<table{dense}><colgroup>{colgroup}</colgroup><thead>{"".join(head)}</thead><tbody>{body}</tbody>'
            '</table>')


def _tabs_html(rows: list[list[str]]) -> str:
    """Lines with tabs outside a titled table, at tab stops: a table of contents (a title, its page number at the
    right margin) or a label with its text beside it."""
    toc = all(len(r[-1]) <= 8 for r in rows)
    body = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="tabs {"toc" if toc else "labels"}">{body}</table>'


_CSS = """
@page {{ size: A4 portrait; margin: 22mm 16mm 20mm 16mm;
  @top-center {{ content: "{header}"; font: 7.5pt 'DejaVu Sans', sans-serif; }}
  @bottom-center {{ content: counter(page); font: 8pt 'DejaVu Sans', sans-serif; }} }}
{named}
body {{ font-family: 'DejaVu Sans', sans-serif; font-size: {size}; line-height: 1.3; margin: 0; }}
p {{ margin: 0; }}
.gap {{ height: 0.9em; }}
.keep {{ white-space: nowrap; }}
table {{ border-collapse: collapse; width: 100%; margin: 2pt 0; font-size: {table_size}; }}
th, td {{ border: 0.6pt solid #000; padding: 1.5pt 2pt; vertical-align: top; text-align: left; }}
th {{ font-weight: bold; vertical-align: middle; text-align: center; }}
table.dense {{ font-size: {dense_size}; }}
thead {{ display: table-header-group; }}
tr {{ break-inside: avoid; }}
table.tabs {{ width: 100%; margin: 0; font-size: {size}; }}
table.tabs td {{ border: none; padding: 0 0 0 0; }}
table.labels td:first-child {{ width: 22mm; padding-right: 8mm; }}
table.toc td:last-child {{ width: 18mm; text-align: right; }}
"""


def _named_page(name: str, size: str, prefix: str) -> str:
    number = f'"{prefix}" counter(page)' if prefix else "counter(page, lower-roman)"
    return (f"@page {name} {{ size: A4 {size}; @bottom-center {{ content: {number}; "
            f"font: 8pt 'DejaVu Sans', sans-serif; }} }}")


#: CSS of the ``justified`` layout, over the portrait one: serif prose justified with indented first lines, cells
#: boxed apart (two rules between cells), a rule under the running header, "Halaman n dari N" at the right foot
_JUSTIFIED_CSS = """
body { font-family: 'Liberation Serif', 'DejaVu Serif', serif; font-size: 10.5pt; line-height: 1.15;
       text-align: justify; }
p { text-indent: 8mm; }
table { border-collapse: separate; border-spacing: 1.2pt; text-align: left; }
@page { @top-center { content: none; }
        @top-left { content: "%s"; border-bottom: 0.5pt solid #000; font: 7.5pt 'DejaVu Sans', sans-serif; }
        @bottom-center { content: none; }
        @bottom-right { content: "Halaman " counter(page) " dari " counter(pages); font: 8pt sans-serif; } }
""" % RUNNING_HEADER


def _blocks_html(blocks: list[tuple]) -> str:
    out = []
    for block in blocks:
        if block[0] == "p":
            out.append(f"<p>{_cell_html(block[1])}</p>")
        elif block[0] == "gap":
            out.append('<div class="gap"></div>')
        else:
            out.append(_tabs_html(block[1]))
    return "".join(out)


def chromium_html(layout: str, sections: list[Section] | None = None) -> str:
    """The HTML of a print: ``portrait``, ``landscape`` or ``justified`` (see the module docstring)."""
    sections = read_blocks() if sections is None else sections
    wide = layout == "landscape"
    named, parts = [], []
    for k, sec in enumerate(sections):
        page = f"s{k}"
        if wide:  # every section its portrait pages and its landscape pages, numbered "II-7"
            named += [_named_page(page, "portrait", sec.prefix), _named_page(page + "w", "landscape", sec.prefix)]
        out = []
        for block in sec.blocks:
            if block[0] != "table":
                out.append(_blocks_html([block]))
                continue
            t: Table = block[1]
            cols = (_LANDSCAPE_COLS if wide else _PORTRAIT_COLS if layout != "justified" else {}).get(t.label, [])
            table = (_blocks_html(t.title) + _table_html(t, cols)
                     + "".join(f"<p>{html.escape(a)}</p>" for a in t.after))
            out.append(f'<div style="page: {page}w">{table}</div>' if wide else table)
        style = f' style="page: {page}{"w" if sec.prefix == "IV-" else ""}"' if wide else ""
        parts.append(f'<section{style}>{"".join(out)}</section>')
    size, table_size, dense_size = ("9pt", "7.5pt", "7pt") if wide else ("8.5pt", "7pt", "5.6pt")
    css = _CSS.format(header=RUNNING_HEADER, named="\n".join(named), size=size, table_size=table_size,
                      dense_size=dense_size)
    if layout == "justified":
        css += _JUSTIFIED_CSS
    return (f'<!DOCTYPE html><html><head><meta charset="utf-8"><style>{css}</style></head>'
            f'<body>{"".join(parts)}</body></html>')


def chromium_pdf(folder: Path, layout: str, *, browser=None, html_text: str | None = None,
                 name: str | None = None) -> Path:
    """Print the bundled text with Chromium in ``layout`` into ``folder``; returns the PDF's path."""
    out = Path(folder) / (name or f"renja_{layout}.pdf")
    page_html = html_text if html_text is not None else chromium_html(layout)
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            try:
                _print(b, page_html, out)
            finally:
                b.close()
    else:
        _print(browser, page_html, out)
    return out


def _print(browser, page_html: str, out: Path) -> None:
    page = browser.new_page()
    try:
        page.set_content(page_html, wait_until="load")
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)
    finally:
        page.close()


# ---------------------------------------------------------------- reportlab

def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "RenjaSans" not in pdfmetrics.getRegisteredFontNames():
        candidates = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]
        import reportlab

        candidates.append(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")
        path = next(p for p in candidates if p.exists())
        pdfmetrics.registerFont(TTFont("RenjaSans", str(path)))
    return "RenjaSans"


def _rl_escape(text: str) -> str:
    """Text for a reportlab Paragraph: escaped, a hyphen or slash kept with the word after its space (a no-break
    space, which a PDF reader takes for a space)."""
    text = _KEEP.sub(lambda m: m.group(0).replace(" ", "\u00a0"), text)
    return html.escape(text, quote=False)


def _rl_table(t: Table, avail: float, styles) -> "object":
    from reportlab.lib import colors
    from reportlab.platypus import Paragraph, Table as RLTable, TableStyle

    head_style, cell_style = styles
    data, spans = [], []
    for r, row in enumerate(header_grid(t.header)):
        cells = [""] * t.width
        for text, col, cs, rs in row:
            cells[col] = Paragraph(_rl_escape(text), head_style) if text else ""
            if cs > 1 or rs > 1:
                spans.append(("SPAN", (col, r), (col + cs - 1, r + rs - 1)))
        data.append(cells)
    if t.numbers:
        data.append([Paragraph(_rl_escape(c), head_style) if c else "" for c in t.numbers])
    data += [[Paragraph(_rl_escape(c), cell_style) if c else "" for c in row] for row in t.rows]
    widths = _rl_widths(t, avail, head_style, cell_style)
    table = RLTable(data, colWidths=widths, repeatRows=len(data) - len(t.rows))
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2),
                               ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]
                              + spans))
    return table


def _rl_widths(t: Table, avail: float, head_style, cell_style) -> list[float]:
    """Column widths that hold every word of the column on one line (reportlab breaks lines at spaces only), the
    room left shared by how long the column's texts are."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def widest(texts, style) -> float:
        words = [w for text in texts for w in _KEEP.sub(lambda m: m.group(0).replace(" ", "_"), text).split()]
        return max((stringWidth(w, style.fontName, style.fontSize) for w in words), default=0.0) + 5

    narrow = {col for row in header_grid(t.header) for _, col, cs, _ in row if cs > 1}
    least = []
    for i in range(t.width):
        head = [] if i in narrow else [h[i] for h in t.header]
        least.append(max(widest([r[i] for r in t.rows], cell_style), widest(head, head_style)))
    weights = [3.0 if any(len(r[i]) > 40 for r in t.rows) else 1.6 if any(len(r[i]) > 12 for r in t.rows) else 1.0
               for i in range(t.width)]
    spare = max(avail - sum(least), 0.0)
    return [m + spare * w / sum(weights) for m, w in zip(least, weights)]


def reportlab_pdf(folder: Path, *, name: str = "renja_reportlab.pdf", sections: list[Section] | None = None) -> Path:
    """Print the bundled text with reportlab (Letter paper, BAB IV landscape, page numbers ``Halaman n``)."""
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, NextPageTemplate, PageBreak, PageTemplate, Paragraph, Spacer

    sections = read_blocks() if sections is None else sections
    font = _font()
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=11.5, splitLongWords=0)
    head = ParagraphStyle("head", parent=body, fontSize=6.5, leading=8, alignment=1)
    cell = ParagraphStyle("cell", parent=body, fontSize=6.5, leading=8)
    out = Path(folder) / name

    def furniture(canvas, doc):
        canvas.saveState()
        canvas.setFont(font, 7)
        w, h = canvas._pagesize
        canvas.drawString(18 * mm, h - 12 * mm, RUNNING_HEADER)
        canvas.drawRightString(w - 18 * mm, 10 * mm, f"Halaman {doc.page}")
        canvas.restoreState()

    def template(ident, size):
        w, h = size
        frame = Frame(18 * mm, 18 * mm, w - 36 * mm, h - 36 * mm, id=ident, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0)
        return PageTemplate(id=ident, frames=[frame], pagesize=size, onPage=furniture)

    doc = BaseDocTemplate(str(out), pagesize=letter, title="Renja 2023", author="renja tests",
                          pageTemplates=[template("tall", letter), template("wide", landscape(letter))],
                          invariant=1)
    story: list = []
    for sec in sections:
        wide = sec.prefix == "IV-"
        story.append(NextPageTemplate("wide" if wide else "tall"))
        if story[:-1]:
            story.append(PageBreak())
        avail = (landscape(letter)[0] if wide else letter[0]) - 36 * mm
        for block in sec.blocks:
            if block[0] == "p":
                story.append(Paragraph(_rl_escape(block[1]), body))
            elif block[0] == "gap":
                story.append(Spacer(1, 7))
            elif block[0] == "tabs":
                story.extend(Paragraph(_rl_escape(" ".join(c for c in row if c)), body) for row in block[1])
            else:
                t = block[1]
                story.extend(Paragraph(_rl_escape(b[1]), body) if b[0] == "p" else Spacer(1, 7) for b in t.title)
                story.append(_rl_table(t, avail, (head, cell)))
                story.extend(Paragraph(_rl_escape(a), body) for a in t.after)
    doc.build(story)
    return out


# ---------------------------------------------------------------- edge cases

SPLIT_TITLE = ("Tabel 4.1", "Rumusan Rencana Program dan Kegiatan Perangkat Daerah Tahun 2023",
               "dan Prakiraan Maju Tahun 2024", "Kota Pasuruan")


def split_row_table() -> tuple[Table, int]:
    """The first rows of Tabel 4.1 of the bundled text, the name of the row that :func:`split_row_pdf` splits
    written six times over (tall enough to be cut by the page end), and that row's 0-based index. The table
    ends five rows after it (one page break, in that row)."""
    plan = next(b[1] for s in read_blocks() for b in s.blocks if b[0] == "table" and b[1].label == "Tabel 4.1")
    target = _split_target(plan)
    rows = [list(r) for r in plan.rows[: target + 6]]
    rows[target][1] = " ".join([rows[target][1]] * 6)
    return Table(plan.label, plan.header, plan.numbers, rows, plan.width), target


def split_row_text(table: Table) -> str:
    """The text form of :func:`split_row_pdf`'s page content: title lines, header rows, column numbers, rows."""
    lines = list(SPLIT_TITLE) + [""] + ["\t".join(r) for r in table.header]
    lines += ["\t".join(table.numbers)] if table.numbers else []
    return "\n".join(lines + ["\t".join(r) for r in table.rows]) + "\n"


def _split_styles():
    from reportlab.lib.styles import ParagraphStyle

    font = _font()
    head = ParagraphStyle("head", fontName=font, fontSize=6.5, leading=8, alignment=1, splitLongWords=0)
    cell = ParagraphStyle("cell", parent=head, alignment=0)
    body = ParagraphStyle("body", fontName=font, fontSize=9, leading=11.5)
    return head, cell, body


def _split_geometry():
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.lib.units import mm

    size = landscape(letter)
    return size, size[0] - 36 * mm, size[1] - 36 * mm


def _split_target(plan: Table) -> int:
    """The body row of Tabel 4.1 that the first page's end cuts (laid out as :func:`split_row_pdf` lays it out)."""
    from reportlab.platypus import Paragraph

    head, cell, body = _split_styles()
    size, avail, frame_h = _split_geometry()
    above = sum(Paragraph(_rl_escape(t), body).wrap(avail, frame_h)[1] for t in SPLIT_TITLE) + 7
    table = _rl_table(plan, avail, (head, cell))
    table.wrap(avail, frame_h)
    heights = table._rowHeights
    y = above + sum(heights[: table.repeatRows])
    for i, h in enumerate(heights[table.repeatRows:]):
        if y + h > frame_h - 30:
            return i
        y += h
    raise ValueError("Tabel 4.1 fits on one page")


def split_row_pdf(folder: Path, name: str = "split_row.pdf") -> Path:
    """Tabel 4.1 alone (:func:`split_row_table`), printed with reportlab so that one row, whose name is long, is
    split across two pages: its code, figures and the start of its name on page 1, the rest of its name on page 2
    (under the repeated header)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    head, cell, body = _split_styles()
    size, avail, _ = _split_geometry()
    plan, _ = split_row_table()
    table = _rl_table(plan, avail, (head, cell))
    table.splitByRow, table.splitInRow = 0, 1  # split inside the row the page end cuts, not before it
    out = Path(folder) / name
    doc = SimpleDocTemplate(str(out), pagesize=size, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=18 * mm,
                            bottomMargin=18 * mm, invariant=1)
    story = [Paragraph(_rl_escape(t), body) for t in SPLIT_TITLE] + [Spacer(1, 7), table]
    doc.build(story)
    return out


def rotated_prose() -> list[str]:
    """The prose of :func:`rotated_pdf`'s second page: the first two long paragraphs of BAB V."""
    section = next(s for s in read_blocks() if s.prefix == "V-")
    return [b[1] for b in section.blocks if b[0] == "p" and len(b[1]) > 200][:2]


def rotated_pdf(folder: Path, name: str = "rotated.pdf", rows: int = 6) -> Path:
    """Two pages stored portrait and shown landscape (``/Rotate 90``; their content drawn turned, so that it reads
    upright once turned): page 1 holds the title, header and first ``rows`` rows of Tabel 4.1 as a ruled grid,
    page 2 a paragraph of the bundled text (no table)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfgen import canvas as rl_canvas

    plan = next(b[1] for s in read_blocks() for b in s.blocks if b[0] == "table" and b[1].label == "Tabel 4.1")
    font = _font()
    out = Path(folder) / name
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1)
    w, h = A4  # portrait storage; the viewer turns it 90 degrees clockwise
    for page in (1, 2):
        c.setPageRotation(90)
        c.saveState()
        c.translate(w, 0)  # draw in the frame the turn makes upright: x along the stored height, y across it
        c.rotate(90)
        c.setFont(font, 10)
        if page == 1:
            for k, text in enumerate(SPLIT_TITLE[:3]):
                c.drawString(40, w - 40 - 14 * k, text)
            grid = plan.header + ([plan.numbers] if plan.numbers else []) + plan.rows[:rows]
            _draw_grid(c, font, grid, 40, w - 100, h - 80, simpleSplit)
        else:
            c.drawString(40, w - 40, "BAB V")
            c.drawString(40, w - 60, "PENUTUP")
            y = w - 90
            for text in rotated_prose():
                for line in simpleSplit(text, font, 10, h - 80):
                    c.drawString(40, y, line)
                    y -= 13
                y -= 13
        c.restoreState()
        c.showPage()
    c.save()
    return out


def _draw_grid(c, font: str, rows: list[list[str]], x0: float, top: float, width: float, split) -> None:
    """Rows of cells as a ruled grid (every cell ruled, its text wrapped in it), the first row's top at ``top``."""
    size, lead, pad = 5.5, 6.6, 2
    col_w = width / len(rows[0])
    c.setFont(font, size)
    c.setLineWidth(0.5)
    y = top
    for row in rows:
        lines = [split(text, font, size, col_w - 2 * pad) if text else [] for text in row]
        height = max(len(x) for x in lines) * lead + 2 * pad
        for k, cell in enumerate(lines):
            for n, line in enumerate(cell):
                c.drawString(x0 + k * col_w + pad, y - pad - size - n * lead, line)
        c.line(x0, y, x0 + width, y)
        for k in range(len(row) + 1):
            c.line(x0 + k * col_w, y, x0 + k * col_w, y - height)
        y -= height
    c.line(x0, y, x0 + width, y)


def scanned_pdf(folder: Path, name: str = "scanned.pdf", text_pages: tuple[int, ...] = ()) -> Path:
    """A PDF of three pages, each an image of text (a scan, no text layer), but the 1-based pages in ``text_pages``,
    which hold real text (a heading and a paragraph)."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas as rl_canvas

    img = Image.new("L", (620, 877), 255)
    draw = ImageDraw.Draw(img)
    for k in range(30):
        draw.text((40, 40 + 26 * k), f"Baris teks hasil pindaian nomor {k + 1} dari dokumen Renja", fill=0)
    out = Path(folder) / name
    c = rl_canvas.Canvas(str(out), pagesize=A4, invariant=1)
    font = _font()
    for page in (1, 2, 3):
        if page in text_pages:
            c.setFont(font, 11)
            c.drawString(60, 780, f"BAB {'I' * page}")
            c.drawString(60, 760, f"Halaman ini memuat teks yang dapat dibaca, halaman {page}.")
        else:
            c.drawImage(ImageReader(img), 0, 0, width=A4[0], height=A4[1])
        c.showPage()
    c.save()
    return out


def encrypted_pdf(folder: Path, name: str = "encrypted.pdf", user_password: str = "rahasia") -> Path:
    """A one-page PDF that opens only with a password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas as rl_canvas

    out = Path(folder) / name
    enc = pdfencrypt.StandardEncryption(user_password, ownerPassword="pemilik", canPrint=1)
    c = rl_canvas.Canvas(str(out), encrypt=enc, invariant=1)
    c.setFont(_font(), 11)
    c.drawString(60, 760, "Tabel 4.1")
    c.showPage()
    c.save()
    return out


def truncated_pdf(folder: Path, source: Path, name: str = "truncated.pdf", keep: float = 0.4) -> Path:
    """The first ``keep`` part of the bytes of ``source`` (a PDF cut off in a download)."""
    data = Path(source).read_bytes()
    out = Path(folder) / name
    out.write_bytes(data[: int(len(data) * keep)])
    return out


def build_all(folder: Path) -> dict[str, Path]:
    """Every print and edge case into ``folder``: name -> path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    out: dict[str, Path] = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for layout in ("portrait", "landscape", "justified"):
                out[layout] = chromium_pdf(folder, layout, browser=b)
        finally:
            b.close()
    out["reportlab"] = reportlab_pdf(folder)
    out["split_row"] = split_row_pdf(folder)
    out["rotated"] = rotated_pdf(folder)
    return out


if __name__ == "__main__":  # pragma: no cover - a helper to look at the prints
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "pdf_prints")
    for key, path in build_all(target).items():
        print(key, path, path.stat().st_size)
