"""A Renja published as PDF, read into a :class:`~renja_lib.read.rendering.Rendering` (issue 14).

Each page is read by one library only:

* every page is opened once with pypdfium2 (PDFium, fast) to sort it: a page whose paths draw a grid (two
  horizontal and two vertical rules at least) holds a ruled table; any other page is read there and then from
  PDFium's text (its lines and where they stand), at a small part of what pdfplumber's parse of it would cost;
* the ruled pages are read with pdfplumber: its table finder gives the cells from the ruling lines (a cell merged
  over several columns or rows is one cell, written in its first column and first row, the others empty: as the text
  form writes a merged header), the text outside the tables comes from the same characters.

The pages are then put together as the text form of a Renja is written (:mod:`renja_lib.read.rendering`):

* running headers and footers are left out: a line at the top or foot of a page that repeats on many pages (its
  digits aside), and a lone page mark there (``7``, ``ii``, ``II-7``, ``- 7 -``, ``Halaman 7``);
* the printed lines of a paragraph are joined into one line (a line that stops short of the right margin, or is
  followed by a wider gap than the line spacing, ends its paragraph; a wider gap is also a blank line); words at a
  tab stop (a gap of several characters on one line) are separated by a tab;
* a cell whose text wraps is one value: its lines are joined with a space, or with nothing after a hyphen or
  slash that ends a line inside a word (``Perundang-`` / ``undangan``), unless the document writes that pair only
  with a space elsewhere;
* a paragraph ends where a list item starts, or an indented first line, or at a page the text does not go on to;
  it goes on over a page break;
* a table continued on the next page (nothing but page furniture between, or a repeat of its title: ``Tabel 4.1``,
  ``(lanjutan)``) is one table: its rows go on after a blank line, the header rows the page repeats written
  again, as the text form writes them (the table parser skips them);
* a row cut by the page end (the rules of its columns run on below its last text with no rule under it) is joined
  with its rest at the top of the next page; a cut row whose rest cannot be found is kept as it stands and
  reported as a :class:`~renja_lib.read.rendering.RenderProblem`;
* rotated pages (``/Rotate``) and landscape pages are read as they are shown.

A page without text (a scan) is a problem with its page, and so is a page pdfplumber cannot parse; a PDF without
text at all, protected with a password, damaged or cut short is one :class:`~renja_lib.errors.RenjaError` naming
the file. Used by :func:`renja_lib.read.source.read_source` (``renja_lib.load("renja.pdf")``); on its own::

    rendering = render_pdf(Path("renja.pdf"))
    rendering.lines[:3], rendering.pages[:3], rendering.problems
"""
from __future__ import annotations

import bisect
import ctypes
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import RenjaError, from_os_error
from ..text.catalogue import Message
from .rendering import Rendering, RenderProblem

__all__ = ["render_pdf", "FURNITURE_BAND"]

#: the share of a page's height at its top and its foot where running headers, footers and page numbers stand
FURNITURE_BAND = 0.12
#: a line of that band that repeats (digits aside) on at least this share of the pages is page furniture
_REPEATS = 0.4
#: the longest running header or footer (characters)
_FURNITURE_CHARS = 120
#: a gap between two characters wider than this many times the font size separates two words (when the PDF
#: writes no space there)
_WORD_GAP = 0.2
#: a gap between two words wider than this many times the font size is a tab stop
_TAB_GAP = 2.2
#: a vertical gap between two lines wider than this many times the font size ends a paragraph with a blank line
_BLANK_GAP = 0.75
#: the right margin of the text is at least this share of the page's width (the text column of any document)
_MIN_TEXT_WIDTH = 0.6
#: how far (points) a line may stop short of the right margin and still be full
_FULL_SLACK = 2.0

#: a page number in Roman figures, up to 399 (the front matter of a document)
_ROMAN = re.compile(r"(?=[ivxlc])c{0,3}(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})", re.I)
_PAGE_MARK = re.compile(
    r"^[-–—(\[]?\s*(?:(?:halaman|hal\.?|page|hlm\.?)\s*)?(?P<mark>\d{1,4}|[a-z]{1,7}|[IVXLC]{1,6}\s*[-–.]\s*\d{1,4}"
    r"|[A-Z]\s*[-–.]\s*\d{1,4})(?:\s*(?:dari|of|/)\s*\d{1,4})?\s*[-–—)\]]?$", re.I)
_TABLE_TITLE = re.compile(r"^\s*tabel\s+[0-9IVX]+(?:\.[0-9]+)*\s*\.?\s*$", re.I)
_LIST_START = re.compile(r"^(?:[-•*–]\s|\d{1,2}[.)]\s|[a-z][.)]\s|\(?[a-z0-9]{1,2}\)\s)", re.I)
#: a tab, a no-break space or another space of some width: a space in the rendering
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")
#: an in-word hyphen or slash and the word after it, as the document writes them on one line
_PAIR = re.compile(r"(\w+)([-/])( ?)(\w+)")

# PDFium page object kinds (fpdf_edit.h)
_TEXT, _PATH, _FORM = 1, 2, 5
_SEG_LINETO = 0


@dataclass
class _Line:
    """A printed line (or a part of one between two tab stops): where it stands on its page as shown."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str
    first: float  # the width of its first word
    size: float


@dataclass
class _Grid:
    """A ruled table of one page: its rows of cells, each cell its printed lines."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    rows: list[list[list[str]]]
    open_bottom: bool = False


@dataclass
class _Page:
    number: int
    width: float
    height: float
    ruled: bool = False
    has_text: bool = True
    has_content: bool = False
    lines: list[_Line] = field(default_factory=list)
    grids: list[_Grid] = field(default_factory=list)


# ---------------------------------------------------------------- opening the file

def _open(path: Path, data: bytes | None):
    """The PDF opened with PDFium (from ``data`` when given); RenjaError when it is protected, damaged or cut
    short."""
    import pypdfium2 as pdfium

    if data is None:
        try:
            with open(path, "rb") as fh:
                fh.seek(0, 2)
                fh.seek(max(0, fh.tell() - 2048))
                tail = fh.read()
        except OSError as exc:
            raise from_os_error(exc, path=path, doing=Message("errors_pdf.doing")) from exc
    else:
        tail = data[-2048:]
    try:
        doc = pdfium.PdfDocument(str(path) if data is None else data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium.raw.FPDF_ERR_PASSWORD or "password" in str(exc).lower():
            raise RenjaError(Message("errors_pdf.encrypted"), path=path) from None
        if code == pdfium.raw.FPDF_ERR_SECURITY:
            raise RenjaError(Message("errors_pdf.security"), path=path) from None
        if b"%%EOF" not in tail:
            raise RenjaError(Message("errors_pdf.truncated"), path=path) from None
        raise RenjaError(Message("errors_pdf.damaged", detail=str(exc)), path=path) from None
    if b"%%EOF" not in tail:
        doc.close()
        raise RenjaError(Message("errors_pdf.truncated"), path=path)
    if len(doc) == 0:
        doc.close()
        raise RenjaError(Message("errors_pdf.no_pages"), path=path)
    return doc


# ---------------------------------------------------------------- PDFium: sorting pages, reading text pages

def _shown(rotation: int, w: float, h: float, l: float, b: float, r: float, t: float):
    """A box of PDF user space (left, bottom, right, top) as shown: (x0, top, x1, bottom) from the top left."""
    if rotation == 90:
        return b, l, t, r
    if rotation == 180:
        return w - r, b, w - l, t
    if rotation == 270:
        return h - t, w - r, h - b, w - l
    return l, h - t, r, h - b


def _segments_ruled(obj) -> tuple[int, int]:
    """Horizontal and vertical straight segments (5 points or longer) of a path drawn as one object."""
    import pypdfium2.raw as c

    n = c.FPDFPath_CountSegments(obj)
    x, y = ctypes.c_float(), ctypes.c_float()
    px = py = None
    hor = ver = 0
    for i in range(min(n, 400)):
        seg = c.FPDFPath_GetPathSegment(obj, i)
        c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y))
        if c.FPDFPathSegment_GetType(seg) == _SEG_LINETO and px is not None:
            dx, dy = abs(x.value - px), abs(y.value - py)
            hor += dy < 0.5 and dx >= 5
            ver += dx < 0.5 and dy >= 5
        px, py = x.value, y.value
    return hor, ver


def _survey_objects(page) -> tuple[bool, bool]:
    """(whether the page's paths draw a grid, whether it holds anything drawn at all)."""
    import pypdfium2.raw as c

    l, b, r, t = (ctypes.c_float() for _ in range(4))
    hor = ver = 0
    content = False
    stack = [(c.FPDFPage_CountObjects, c.FPDFPage_GetObject, page.raw)]
    while stack:
        count, get, parent = stack.pop()
        for k in range(count(parent)):
            obj = get(parent, k)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == _TEXT:
                continue
            content = True
            if kind == _FORM:
                stack.append((c.FPDFFormObj_CountObjects, c.FPDFFormObj_GetObject, obj))
                continue
            if kind != _PATH:
                continue
            c.FPDFPageObj_GetBounds(obj, ctypes.byref(l), ctypes.byref(b), ctypes.byref(r), ctypes.byref(t))
            w, h = r.value - l.value, t.value - b.value
            if w <= 3 and h >= 5:
                ver += 1
            elif h <= 3 and w >= 5:
                hor += 1
            elif w > 3 and h > 3:
                dh, dv = _segments_ruled(obj)
                hor, ver = hor + dh, ver + dv
            if hor >= 2 and ver >= 2:
                return True, True
    return False, content


def _pdfium_lines(textpage, number: int, rotation: int, w: float, h: float) -> list[_Line] | None:
    """The printed lines of a page from PDFium's text (None when its text and its characters do not line up)."""
    import pypdfium2.raw as c

    n = textpage.count_chars()
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:
        return None
    raw = textpage.raw
    out: list[_Line] = []
    rect = c.FS_RECTF()

    def box(i: int):  # the character's box from its font's ascent and descent (the same height along a line)
        c.FPDFText_GetLooseCharBox(raw, i, ctypes.byref(rect))
        return _shown(rotation, w, h, rect.left, rect.bottom, rect.right, rect.top)

    # PDFium ends a line at "\r\n", and writes U+FFFE for a hyphen it takes for a word broken at the line end
    for m in re.finditer(r"[^\r\n\ufffe]*\ufffe?", text):
        a, e = m.start(), m.end()
        while a < e and text[a].isspace():
            a += 1
        while e > a and text[e - 1].isspace():
            e -= 1
        if a >= e:
            continue
        x0, top, _, bottom = box(a)
        size = max(bottom - top, 1.0)
        for sa, se in _split_at_gaps(text, a, e, box, size):
            x0, top0, _, bot0 = box(sa)
            _, top1, x1, bot1 = box(se - 1)
            part = _SPACES.sub(" ", text[sa:se].replace("\ufffe", "-"))
            word = part.split(" ", 1)[0]
            first = (x1 - x0) * len(word) / max(len(part), 1)
            out.append(_Line(number, min(top0, top1), max(bot0, bot1), x0, x1, part, first, size))
    return out


def _split_at_gaps(text: str, a: int, e: int, box, size: float):
    """The parts of a PDFium line between tab stops (gaps wider than :data:`_TAB_GAP` font sizes)."""
    x0 = box(a)[0]
    x1 = box(e - 1)[2]
    if abs(x1 - x0) < 0.75 * size * (e - a):  # no room for a wide gap: the common case, two boxes looked at
        yield a, e
        return
    start = a
    for i in range(a + 1, e - 1):
        if text[i] == " " and text[i - 1] != " ":
            j = i + 1
            while j < e and text[j] == " ":
                j += 1
            if j < e and box(j)[0] - box(i - 1)[2] > _TAB_GAP * size:
                yield start, i
                start = j
    yield start, e


# ---------------------------------------------------------------- pdfplumber: ruled pages

def _closing_rules(edges: list[dict]) -> tuple[list[dict], list[float]]:
    """Rules to close tables whose column rules run on below their last horizontal rule (a row cut by the page
    end): one at the foot of each such run, and its height."""
    vert = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] >= 3]
    hor = [e for e in edges if e["orientation"] == "h"]
    ends = Counter(round(e["bottom"]) for e in vert)
    added, where = [], []
    for y, count in ends.items():
        if count < 3:
            continue
        group = [e for e in vert if abs(e["bottom"] - y) <= 1.5]
        x0, x1 = min(e["x0"] for e in group), max(e["x1"] for e in group)
        covered = sum(min(e["x1"], x1) - max(e["x0"], x0) for e in hor
                      if abs(e["top"] - y) <= 2.5 and e["x0"] < x1 and e["x1"] > x0)
        closed = covered >= 0.5 * (x1 - x0)
        if not closed and not any(abs(w - y) < 3 for w in where):
            bottom = max(e["bottom"] for e in group)
            added.append({"x0": x0, "x1": x1, "top": bottom, "bottom": bottom, "width": x1 - x0, "height": 0,
                          "orientation": "h", "object_type": "line"})
            where.append(bottom)
    return added, where


def _cell_lines(chars: list[dict]) -> list[str]:
    from pdfplumber.utils import extract_text

    text = extract_text(chars, x_tolerance_ratio=_WORD_GAP, y_tolerance=3)
    return [ln.strip() for ln in _SPACES.sub(" ", text).split("\n") if ln.strip()]


def _grid_rows(table, chars_by_mid: list[tuple[float, dict]], mids: list[float]) -> list[list[list[str]]]:
    """The cells of a pdfplumber table, each the printed lines of the characters whose middle lies in it."""
    rows = []
    for row in table.rows:
        _, top, _, bottom = row.bbox
        band = [ch for _, ch in chars_by_mid[bisect.bisect_left(mids, top):bisect.bisect_left(mids, bottom)]]
        cells: list[list[str]] = []
        for cell in row.cells:
            if cell is None:
                cells.append([])
                continue
            x0, top, x1, bottom = cell
            inside = [ch for ch in band if x0 <= (ch["x0"] + ch["x1"]) / 2 < x1
                      and top <= (ch["top"] + ch["bottom"]) / 2 < bottom]
            cells.append(_cell_lines(inside) if inside else [])
        rows.append(cells)
    return rows


def _read_ruled(page, number: int) -> tuple[list[_Line], list[_Grid], bool]:
    """The lines outside the tables and the tables of a ruled page, read with pdfplumber; whether it has text."""
    from pdfplumber.utils import extract_words

    chars = [ch for ch in page.chars if ch["text"].strip() or ch["text"] == " "]
    if not any(ch["text"].strip() for ch in chars):
        return [], [], False
    edges = page.edges
    closing, open_at = _closing_rules(edges)
    settings = {"vertical_strategy": "lines", "horizontal_strategy": "lines", "snap_tolerance": 3,
                "join_tolerance": 3, "intersection_tolerance": 3}
    if closing:
        settings["explicit_horizontal_lines"] = closing
    tables = [t for t in page.find_tables(settings) if t.rows]
    mid_sorted = sorted(((ch["top"] + ch["bottom"]) / 2, id(ch), ch) for ch in chars)
    chars_by_mid = [(m, ch) for m, _, ch in mid_sorted]
    mids = [m for m, _ in chars_by_mid]
    grids, boxes = [], []
    for t in tables:
        x0, top, x1, bottom = t.bbox
        rows = _grid_rows(t, chars_by_mid, mids)
        if not any(any(cell) for row in rows for cell in row):
            continue
        grids.append(_Grid(number, top, bottom, x0, x1, rows, any(abs(bottom - y) < 3 for y in open_at)))
        boxes.append(t.bbox)
    outside = [ch for ch in chars if not any(b[0] <= (ch["x0"] + ch["x1"]) / 2 <= b[2]
                                               and b[1] <= (ch["top"] + ch["bottom"]) / 2 <= b[3] for b in boxes)]
    words = extract_words(outside, x_tolerance_ratio=_WORD_GAP, y_tolerance=3, keep_blank_chars=False)
    segments = [_Line(number, w["top"], w["bottom"], w["x0"], w["x1"], _SPACES.sub(" ", w["text"]), w["x1"] - w["x0"],
                      max(w["bottom"] - w["top"], 1.0)) for w in words]
    return _visual_lines(segments), grids, True


def _visual_lines(segments: list[_Line]) -> list[_Line]:
    """Words (or parts of lines) grouped into printed lines by where they stand; a wide gap is a tab stop."""
    groups: list[list[_Line]] = []
    for seg in sorted(segments, key=lambda s: (s.top, s.x0)):
        mid = (seg.top + seg.bottom) / 2
        group = next((g for g in reversed(groups[-3:])
                      if abs((g[0].top + g[0].bottom) / 2 - mid) < 0.35 * max(g[0].size, seg.size)), None)
        if group is None:
            groups.append([seg])
        else:
            group.append(seg)
    lines = []
    for group in groups:
        parts = sorted(group, key=lambda s: s.x0)
        text, prev = parts[0].text, parts[0]
        for part in parts[1:]:
            gap = part.x0 - prev.x1
            text += ("\t" if gap > _TAB_GAP * max(part.size, prev.size) else " ") + part.text
            prev = part
        lines.append(_Line(parts[0].page, min(p.top for p in parts), max(p.bottom for p in parts), parts[0].x0,
                           max(p.x1 for p in parts), text, parts[0].first, max(p.size for p in parts)))
    return lines


# ---------------------------------------------------------------- putting the pages together

def _furniture(pages: list[_Page]) -> set[int]:
    """``id()`` of the lines that are running headers, footers or page marks."""
    candidates: list[tuple[_Line, str]] = []
    for p in pages:
        lines = sorted(p.lines, key=lambda ln: ln.top)
        tops = [g.top for g in p.grids]
        bottoms = [g.bottom for g in p.grids]
        for ln in lines[:2]:
            if ln.bottom <= p.height * FURNITURE_BAND and all(ln.bottom <= t + 1 for t in tops):
                candidates.append((ln, "top"))
        for ln in lines[-2:]:
            if ln.top >= p.height * (1 - FURNITURE_BAND) and all(ln.top >= b - 1 for b in bottoms):
                candidates.append((ln, "foot"))

    def key(ln: _Line, where: str) -> tuple[str, str]:
        return where, re.sub(r"\d+", "#", " ".join(ln.text.lower().split()))

    counts = Counter(key(ln, where) for ln, where in {(id(ln), w): (ln, w) for ln, w in candidates}.values())
    texted = sum(1 for p in pages if p.lines or p.grids)
    need = max(3, math.ceil(_REPEATS * texted))
    out = set()
    for ln, where in candidates:
        text = ln.text.strip()
        if _TABLE_TITLE.match(text):
            continue
        mark = _PAGE_MARK.match(text)
        lone = bool(mark) and (mark.group("mark").isdigit() or not mark.group("mark").isalpha()
                               or _ROMAN.fullmatch(mark.group("mark")) is not None)
        if lone or (counts[key(ln, where)] >= need and len(text) <= _FURNITURE_CHARS):
            out.add(id(ln))
    return out


def _pairs(texts) -> dict[tuple[str, str, str], set[str]]:
    """How the document writes each hyphen or slash between two words on one line: (left, mark, right) -> the
    spacings seen (``""`` joined, ``" "`` with a space after the mark)."""
    seen: dict[tuple[str, str, str], set[str]] = {}
    for text in texts:
        for m in _PAIR.finditer(text):
            seen.setdefault((m.group(1).lower(), m.group(2), m.group(4).lower()), set()).add(m.group(3))
    return seen


class _Joiner:
    """Joins the printed lines of a cell or paragraph (see the module docstring)."""

    def __init__(self, pairs: dict[tuple[str, str, str], set[str]]):
        self.pairs = pairs

    def __call__(self, a: str, b: str) -> str:
        if not a:
            return b
        if not b:
            return a
        if a[-1] in "-/" and len(a) > 1 and not a[-2].isspace() and not b[0].isspace():
            left = re.search(r"(\w+)[-/]$", a)
            right = re.match(r"\w+", b)
            if left and right and self.pairs.get((left.group(1).lower(), a[-1], right.group(0).lower())) == {" "}:
                return a + " " + b
            return a + b
        return a + " " + b

    def cell(self, lines: list[str]) -> str:
        out = ""
        for ln in lines:
            out = self(out, ln)
        return out


def _continues(prev, grid: _Grid) -> bool:
    """Whether ``grid`` (first on its page) goes on with ``prev`` (last on the page before)."""
    return (isinstance(prev, _Grid) and isinstance(grid, _Grid) and prev.page + 1 == grid.page and prev.rows
            and grid.rows
            and len(prev.rows[0]) == len(grid.rows[0]))


def _header_count(first: list[list[list[str]]], rows: list[list[list[str]]]) -> int:
    """How many leading rows of a continued part repeat the table's first rows."""
    k = 0
    while k < len(rows) and k < len(first) and rows[k] == first[k]:
        k += 1
    return k


def _split_grown_header(first: list[list[list[str]]], rows: list[list[list[str]]], k: int) -> bool:
    """Row ``k`` of a continued part repeats the table's row ``k`` (a header row) with more lines under it in the
    same cells (the rest of a cut row, drawn with no rule between them): split it into the header row and the
    rest; whether it was."""
    if k >= len(rows) or k >= len(first) or not any(first[k]):
        return False
    head, row = first[k], rows[k]
    if len(row) != len(head) or row == head or any(row[i][:len(head[i])] != head[i] for i in range(len(head))):
        return False
    rows[k:k + 1] = [head, [row[i][len(head[i]):] for i in range(len(head))]]
    return True


@dataclass
class _Out:
    """The rendering being written: lines, their pages, problems."""

    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    problems: list[RenderProblem] = field(default_factory=list)

    def add(self, text: str, page: int) -> None:
        self.lines.append(text)
        self.pages.append(page)

    def blank(self, page: int) -> None:
        if self.lines and self.lines[-1] != "":
            self.add("", page)


def _write_table(out: _Out, parts: list[_Grid], join: _Joiner) -> None:
    """A table (its parts on successive pages) as tab-separated rows."""
    first = parts[0].rows
    rows: list[tuple[list[list[str]], int]] = [(r, parts[0].page) for r in first]
    starts = [0]
    for prev, part in zip(parts, parts[1:]):
        own = [list(map(list, r)) for r in part.rows]
        k = _header_count(first, own)
        if prev.open_bottom:
            if _split_grown_header(first, own, k):
                k += 1
            if k < len(own):
                cut, rest = rows[-1][0], own.pop(k)
                rows[-1] = ([cut[i] + rest[i] for i in range(len(cut))], rows[-1][1])
        starts.append(len(rows))
        rows += [(r, part.page) for r in own]
    single = len(first[0]) == 1
    for i, (cells, page) in enumerate(rows):
        if i in starts[1:]:
            out.blank(page)
        texts = [join.cell(c) for c in cells]
        if any(texts):
            out.add(texts[0] if single else "\t".join(texts), page)
    if parts[-1].open_bottom:  # cut by the end of its page, its rest not found: as it stands, and said
        page = parts[-1].page
        out.problems.append(RenderProblem(Message("errors_pdf.row_cut", page=page), page=page, line=len(out.lines),
                                          raw=" | ".join(join.cell(c) for c in rows[-1][0])))


def _is_full(line: _Line, nxt: _Line, right: float) -> bool:
    """Whether ``line`` reaches the right margin: the first word of ``nxt`` would not have fitted after it."""
    return line.x1 + nxt.first + 0.25 * nxt.size >= right - _FULL_SLACK


def _right_margins(pages: list[_Page], furniture: set[int]) -> dict[int, float]:
    """The right margin of the text on the pages of each width: where its lines end (the longest), or where its
    tables end too when the document has few lines of prose on pages of that width; at least
    :data:`_MIN_TEXT_WIDTH` of the page."""
    lines: dict[int, list[float]] = {}
    grids: dict[int, list[float]] = {}
    for p in pages:
        key = round(p.width)
        lines.setdefault(key, []).extend(ln.x1 for ln in p.lines if id(ln) not in furniture and "\t" not in ln.text)
        grids.setdefault(key, []).extend(g.x1 for g in p.grids)
    return {key: max(max(xs) if len(xs) >= 8 else max(xs + grids[key], default=0.0), _MIN_TEXT_WIDTH * key)
            for key, xs in lines.items()}


def _continued_titles(items: list) -> set[int]:
    """``id()`` of the lines between two parts of one table that only repeat its title (``Tabel 4.1``, the title
    lines above its first part, a ``(lanjutan)``): the table goes on over them."""
    out: set[int] = set()
    for i, it in enumerate(items):
        if not isinstance(it, _Grid):
            continue
        j = i + 1
        while j < len(items) and j - i <= 4 and isinstance(items[j], _Line) and items[j].page == it.page + 1:
            j += 1
        if j == i + 1 or j >= len(items) or not _continues(it, items[j]):
            continue
        first = i
        while first > 0 and isinstance(items[first - 1], _Grid) and _continues(items[first - 1], items[first]):
            first -= 1
        above = {" ".join(x.text.split()).lower() for x in items[max(0, first - 6):first] if isinstance(x, _Line)}
        between = items[i + 1:j]
        if all(_TABLE_TITLE.match(x.text) or "lanjutan" in x.text.lower() or " ".join(x.text.split()).lower() in above
               for x in between):
            out.update(id(x) for x in between)
    return out


def _starts_paragraph(prev: _Line, it: _Line, para_start: bool, right: float) -> str:
    """How ``it`` goes on from ``prev``, the line before it: ``join`` (the same paragraph), ``new`` (the next
    paragraph) or ``blank`` (the next one, after a wider gap than the line spacing)."""
    same_page = prev.page == it.page
    gap = it.top - prev.bottom if same_page else 0.0
    if same_page and gap > _BLANK_GAP * max(prev.size, it.size):
        return "blank"
    if ("\t" in prev.text or "\t" in it.text or _LIST_START.match(it.text) or it.page > prev.page + 1
            or (same_page and gap < -0.3 * it.size) or not _is_full(prev, it, right)
            or (same_page and not para_start and it.x0 > prev.x0 + it.size)):  # an indented first line
        return "new"
    return "join"


def _assemble(pages: list[_Page]) -> _Out:
    furniture = _furniture(pages)
    right = _right_margins(pages, furniture)
    texts = [ln.text for p in pages for ln in p.lines] + [
        cell for p in pages for g in p.grids for row in g.rows for c in row for cell in c]
    join = _Joiner(_pairs(texts))
    out = _Out()
    items: list = []
    for p in pages:
        body = [ln for ln in p.lines if id(ln) not in furniture]
        items += sorted(body + p.grids, key=lambda it: (it.top, it.x0))
    skip = _continued_titles(items)
    items = [it for it in items if id(it) not in skip]
    para: list[_Line] = []

    def flush() -> None:
        if para:
            text = ""
            for ln in para:
                text = join(text, ln.text)
            out.add(text, para[0].page)
            para.clear()

    i = 0
    while i < len(items):
        it = items[i]
        if isinstance(it, _Grid):
            flush()
            parts = [it]
            while i + 1 < len(items) and isinstance(items[i + 1], _Grid) and _continues(parts[-1], items[i + 1]):
                i += 1
                parts.append(items[i])
            _write_table(out, parts, join)
            out.blank(parts[-1].page)
        elif para:
            how = _starts_paragraph(para[-1], it, len(para) == 1,
                                    right.get(round(pages[para[-1].page - 1].width), para[-1].x1))
            if how != "join":
                flush()
            if how == "blank":
                out.blank(it.page)
            para.append(it)
        else:
            para.append(it)
        i += 1
    flush()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
        out.pages.pop()
    return out


# ---------------------------------------------------------------- the reader

def render_pdf(path: str | Path, *, data: bytes | None = None) -> Rendering:
    """The PDF at ``path`` (or its bytes ``data``, already read; ``path`` then only names it) as the tool's text
    form (see the module docstring).

    Raises :class:`~renja_lib.errors.RenjaError` naming the file when it cannot be read at all: protected with a
    password, damaged, cut short, without pages, or without text on any page (a scan: it needs OCR first).
    """
    path = Path(path)
    doc = _open(path, data)
    import pypdfium2 as pdfium

    pages: list[_Page] = []
    damaged: list[RenderProblem] = []
    try:
        for index in range(len(doc)):
            try:
                pages.append(_survey(doc, index))
            except pdfium.PdfiumError as exc:
                pages.append(_Page(index + 1, 0.0, 0.0, has_content=True))
                damaged.append(RenderProblem(Message("errors_pdf.page_damaged", page=index + 1,
                                                     detail=str(exc)[:200]), page=index + 1))
    finally:
        doc.close()
    ruled = [p for p in pages if p.ruled]
    damaged += _read_ruled_pages(path, data, ruled) if ruled else []
    if not any(p.has_text for p in pages):
        raise RenjaError(Message("errors_pdf.no_text", n=len(pages)), path=path)
    out = _assemble(pages)
    problems = [RenderProblem(Message("errors_pdf.page_without_text", page=p.number), page=p.number)
                for p in pages if not p.has_text and p.has_content]
    found = sorted(problems + damaged + out.problems, key=lambda pr: pr.page or 0)
    return Rendering("pdf", tuple(out.lines), tuple(out.pages), tuple(found))


def _survey(doc, index: int) -> _Page:
    page = doc[index]
    try:
        rotation = page.get_rotation() % 360
        w, h = page.get_size()
        shown_w, shown_h = (h, w) if rotation in (90, 270) else (w, h)
        ruled, content = _survey_objects(page)
        out = _Page(index + 1, shown_w, shown_h, ruled=ruled, has_content=content)
        if ruled:
            return out
        textpage = page.get_textpage()
        try:
            lines = _pdfium_lines(textpage, index + 1, rotation, w, h)
        finally:
            textpage.close()
        if lines is None:  # PDFium's text and characters do not line up: pdfplumber reads it
            out.ruled = True
            return out
        out.lines = _visual_lines(lines)
        out.has_text = bool(out.lines)
        out.has_content = out.has_content or out.has_text
        return out
    finally:
        page.close()


def _read_ruled_pages(path: Path, data: bytes | None, ruled: list[_Page]) -> list[RenderProblem]:
    """Read the ruled pages with pdfplumber; a page pdfplumber cannot parse is a problem (its content left out)."""
    import io
    import zlib

    import pdfplumber
    from pdfminer.psexceptions import PSException

    damage = (PSException, zlib.error, ValueError, KeyError, TypeError)
    try:
        pdf = pdfplumber.open(path if data is None else io.BytesIO(data))
    except damage as exc:
        raise RenjaError(Message("errors_pdf.damaged", detail=f"{type(exc).__name__}: {exc}"), path=path) from None
    problems = []
    try:
        for p in ruled:
            page = pdf.pages[p.number - 1]
            try:
                p.lines, p.grids, p.has_text = _read_ruled(page, p.number)
                p.has_content = True
            except damage as exc:
                p.lines, p.grids, p.has_text, p.has_content = [], [], True, True
                problems.append(RenderProblem(Message("errors_pdf.page_damaged", page=p.number,
                                                      detail=f"{type(exc).__name__}: {exc}"[:200]), page=p.number))
            finally:
                page.close()
    finally:
        pdf.close()
    return problems
