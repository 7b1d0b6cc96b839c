"""A Word ``.docx`` read into the tool's text form (:class:`~renja_lib.read.rendering.Rendering`, kind ``docx``).

The document's XML is read directly (``zipfile`` and lxml, the parser python-docx itself uses): python-docx's
objects cost most of the time of reading a table cell by cell, and its ``cell.text`` repeats a merged cell's text
in every grid cell the cell spans. What the rendering writes, in document order (the body's ``w:p`` and ``w:tbl``,
content controls looked through):

* **a paragraph**: one line per printed line (a line break ``w:br`` starts a new line; a page or column break
  does not), then a blank line; no blank line between two items of one list, nor between two paragraphs set
  with tab stops (a table of contents, a table typed with tabs: its rows stay together). An empty paragraph is a
  blank line. A list item starts with its label as Word shows it, computed from the numbering definitions
  (``1.``, ``a)``, ``BAB IV``; a bullet is ``-``), then a space. A tab stays a tab, as Word's own text export
  writes it. A caption ``Tabel 2.1 Rekapitulasi ...`` on one line above a table is written as the text form
  writes a table's title: the label ``Tabel 2.1`` on a line of its own, the title under it.
* **a table** (a grid): one line per row, its cells separated by tabs, in the grid's column order. A cell merged
  over several columns (``gridSpan``) is read once and followed by empty cells for the columns it spans; a cell
  merged into the one above (``vMerge``) is empty: this is how the text form writes a group label over several
  columns and a header two rows deep. A cell's line breaks and paragraphs are joined with a space, a tab in a
  cell is a space. A row whose cells are all empty (a spacer row) is left out: the text form has none. A first
  row of one cell over the table's whole width (a title typed into the table) is written as lines of their own
  above the header, as a caption is. A blank line follows the table.
* **a table inside a cell** of a grid: its text is the enclosing cell's text (its cells in order, joined with a
  space), so that every row of the outer table stays one line with the outer table's columns.
* **a box**: a table of one row, or whose rows hold one cell each (a signature block beside an empty cell, a
  framed note, a whole table framed by an outer one) is layout, not data: its cells' paragraphs and tables are
  read as if they stood in the body, cell by cell.
* text boxes follow the paragraph that anchors them; deleted text (tracked changes), hidden text and field codes
  are left out; a symbol (``w:sym``) of the Symbol or Wingdings font is written as the character it shows.

What cannot be read is said: a symbol without a known character, an embedded document (``w:altChunk``), text in
a cell merged into the cell above are :class:`~renja_lib.read.rendering.RenderProblem` s with their line; a file
that cannot be read at all (not a ZIP archive, truncated, a ZIP without a Word document, damaged XML, an Excel
workbook or an OpenDocument text given by mistake) is one :class:`~renja_lib.errors.RenjaError` naming the file.
A ``.docx`` protected with a password is not a ZIP archive but an OLE container, refused as such by
:func:`~renja_lib.read.rendering.sniff` (and here too).

>>> try:
...     render_docx("no/such/renja.docx")
... except RenjaError as err:
...     print(err.path)
no/such/renja.docx
"""
from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import replace
from pathlib import Path

from lxml import etree

from ..errors import RenjaError, from_os_error
from ..text.catalogue import Message
from .rendering import Rendering, RenderProblem

__all__ = ["render_docx", "MAX_PART_BYTES"]

#: the largest part of a ``.docx`` unpacked (its text, styles or numbering): a Renja's document.xml is a few MB
MAX_PART_BYTES = 256 * 2**20

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_STRICT_W = b"http://purl.oclc.org/ooxml/wordprocessingml/main"
_TRANSITIONAL_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_VAL = _W + "val"

P, TBL, TR, TC, SDT, SDT_CONTENT, CUSTOM_XML = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent",
                                                                   "customXml"))
_T, _TAB, _PTAB, _BR, _CR, _SYM = (_W + t for t in ("t", "tab", "ptab", "br", "cr", "sym"))
_NB_HYPHEN, _TXBX = _W + "noBreakHyphen", _W + "txbxContent"  # (a soft hyphen, w:softHyphen, prints nothing)
_R, _RPR, _PPR, _VANISH = _W + "r", _W + "rPr", _W + "pPr", _W + "vanish"
_TRPR, _TCPR, _GRID_SPAN, _VMERGE, _HMERGE = (_W + t for t in ("trPr", "tcPr", "gridSpan", "vMerge", "hMerge"))
#: a caption: ``Tabel 2.1 Rekapitulasi ...`` (``Tabel 2.1.``, ``Tabel 2.1:`` ...), the label and the title after it
_CAPTION = re.compile(r"^\s*(?P<label>tabel\s+[0-9IVX]+(?:\.[0-9]+)*)\s*[.:\-\u2013\u2014]?\s+(?P<title>\S.*?)\s*$",
                      re.I)
#: elements of a paragraph whose runs are its text: hyperlinks, tracked insertions, content controls, fields ...
_RUN_CONTAINERS = frozenset(_W + t for t in ("hyperlink", "ins", "moveTo", "smartTag", "customXml", "sdt",
                                             "sdtContent", "fldSimple", "dir", "bdo", "rubyBase"))
#: elements of a run that hold a text box, a shape or an embedded object (their text boxes are read)
_DRAWINGS = frozenset((_W + "drawing", _W + "pict", _W + "object"))
_ALTERNATE, _CHOICE, _FALLBACK = _MC + "AlternateContent", _MC + "Choice", _MC + "Fallback"
_OFF = frozenset(("0", "false", "off"))

#: characters of the symbol fonts Word inserts with Insert > Symbol (w:sym: font and a code in U+F000-U+F0FF)
_SYMBOL_FONTS: dict[str, dict[int, str]] = {
    "symbol": {0xD6: "√", 0xB4: "×", 0xB3: "≥", 0xA3: "≤", 0xB1: "±", 0xB7: "•", 0xB0: "°", 0xAE: "→",
               0xB9: "≠", 0xBB: "≈", 0x2D: "−", 0xB8: "÷", 0xA5: "∞", 0xD7: "⋅"},
    "wingdings": {0xFC: "✓", 0xFB: "✗", 0xFE: "☑", 0xFD: "☒", 0x6F: "□", 0xA8: "◻", 0xA7: "▪", 0x6E: "■"},
}

#: the parts of other kinds of ZIP archive given by mistake: a member that tells what the file is
_OTHER_ZIPS: tuple[tuple[str, str], ...] = (
    ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx"),
)
_OPENDOCUMENT = {b"application/vnd.oasis.opendocument.text": "odt",
                 b"application/vnd.oasis.opendocument.spreadsheet": "ods",
                 b"application/vnd.oasis.opendocument.presentation": "odp"}


def render_docx(path: str | Path, *, data: bytes | None = None) -> Rendering:
    """The text of a Word ``.docx`` as the tool reads it (see the module docstring).

    ``data``: the file's bytes when the caller has read them already (the file is not read again).
    One :class:`~renja_lib.errors.RenjaError` naming the file when it cannot be read.
    """
    p = Path(path)
    if data is None:
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise from_os_error(exc, path=p, doing=Message("errors_docx.doing")) from exc
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # an old .doc, or a .docx protected with a password
        raise RenjaError(Message("errors_read.source.old_office"), path=p)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as exc:
        raise RenjaError(Message("errors_docx.not_zip", detail=str(exc) or type(exc).__name__), path=p) from None
    with archive:
        main = _main_part(archive, p)
        parts = _related_parts(archive, main, p)
        body = _body(_parse(archive, main, p), main, p)
        styles = _parse(archive, parts["styles"], p) if "styles" in parts else None
        numbering = _parse(archive, parts["numbering"], p) if "numbering" in parts else None
    reader = _Reader(_Numbering(numbering, styles))
    reader.blocks(body)
    lines = reader.lines
    while lines and not lines[-1]:
        lines.pop()
    if not any(line.strip() for line in lines):
        raise RenjaError(Message("errors_docx.empty"), path=p)
    return Rendering("docx", tuple(lines), (), tuple(reader.problems))


# ---------------------------------------------------------------- the package: which part is the document

def _read_member(archive: zipfile.ZipFile, name: str, p: Path) -> bytes:
    """The bytes of one member, unpacked within :data:`MAX_PART_BYTES`; RenjaError when it cannot be unpacked."""
    try:
        info = archive.getinfo(name)
        if info.file_size > MAX_PART_BYTES:
            raise RenjaError(Message("errors_docx.too_large", member=name, limit=MAX_PART_BYTES / 2**20), path=p)
        with archive.open(info) as fh:
            out = fh.read(MAX_PART_BYTES + 1)
    except RuntimeError as exc:  # zipfile: "File ... is encrypted, password required for extraction"
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise RenjaError(Message("errors_docx.encrypted_zip"), path=p) from None
        raise RenjaError(Message("errors_docx.member_damaged", member=name, detail=str(exc)), path=p) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError, OSError) as exc:
        raise RenjaError(Message("errors_docx.member_damaged", member=name,
                                 detail=str(exc) or type(exc).__name__), path=p) from None
    if len(out) > MAX_PART_BYTES:
        raise RenjaError(Message("errors_docx.too_large", member=name, limit=MAX_PART_BYTES / 2**20), path=p)
    return out


def _relationships(archive: zipfile.ZipFile, rels_name: str, base: str, p: Path) -> dict[str, str]:
    """``type suffix -> member name`` of a relationships part (``officeDocument``, ``styles``, ``numbering``)."""
    if rels_name not in archive.NameToInfo:
        return {}
    try:
        root = etree.fromstring(_read_member(archive, rels_name, p), _PARSER)
    except etree.XMLSyntaxError:
        return {}  # the default names are tried instead
    out: dict[str, str] = {}
    for rel in root.iter(_RELS):
        kind, target = rel.get("Type", "").rsplit("/", 1)[-1], rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target or kind in out:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(base, target))
        out[kind] = name
    return out


def _main_part(archive: zipfile.ZipFile, p: Path) -> str:
    """The member holding the document's text (``word/document.xml`` as a rule); RenjaError for another archive."""
    names = archive.NameToInfo
    main = _relationships(archive, "_rels/.rels", "", p).get("officeDocument")
    others = {member for member, _ in _OTHER_ZIPS}
    if main in names and main not in others:
        return main
    if "word/document.xml" in names:
        return "word/document.xml"
    if "mimetype" in names:
        kind = _OPENDOCUMENT.get(_read_member(archive, "mimetype", p).strip())
        if kind:
            raise RenjaError(Message(f"errors_docx.not_word.{kind}"), path=p)
    for member, kind in _OTHER_ZIPS:
        if member in names or (main or "") == member:
            raise RenjaError(Message(f"errors_docx.not_word.{kind}"), path=p)
    listed = sorted(names)[:5]
    raise RenjaError(Message("errors_docx.not_word.other", members=", ".join(listed) or "-", n=len(names)),
                     path=p)


def _related_parts(archive: zipfile.ZipFile, main: str, p: Path) -> dict[str, str]:
    """The styles and numbering parts of the main part (by its relationships, else their usual names)."""
    folder, name = posixpath.split(main)
    rels = _relationships(archive, posixpath.join(folder, "_rels", name + ".rels"), folder, p)
    out = {}
    for kind in ("styles", "numbering"):
        member = rels.get(kind) or posixpath.join(folder, kind + ".xml")
        if member in archive.NameToInfo:
            out[kind] = member
    return out


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True,
                          huge_tree=False)


def _parse(archive: zipfile.ZipFile, member: str, p: Path) -> etree._Element:
    """A part's XML (Strict Open XML read as the usual Transitional); RenjaError naming the part when damaged."""
    raw = _read_member(archive, member, p)
    if _STRICT_W in raw[:4096]:
        raw = raw.replace(_STRICT_W, _TRANSITIONAL_W)
    try:
        return etree.fromstring(raw, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise RenjaError(Message("errors_docx.bad_xml", member=member, detail=str(exc)), path=p) from None


def _body(root: etree._Element, member: str, p: Path) -> etree._Element:
    body = root.find(_W + "body") if root.tag == _W + "document" else None
    if body is None:
        raise RenjaError(Message("errors_docx.no_body", member=member), path=p)
    return body


# ---------------------------------------------------------------- list numbers

def _int(el: etree._Element | None, default: int | None = None) -> int | None:
    if el is None:
        return default
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return default


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letter(n: int) -> str:
    """Word's letters: a..z, then aa..zz, aaa.. (the letter repeated)."""
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def _format(n: int, fmt: str) -> str:
    if not 0 < n < 4000:  # beyond what Word spells in letters or numerals (and no number of a Renja's list)
        return str(n)
    if fmt in ("upperRoman", "lowerRoman"):
        r = _roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        a = _letter(n)
        return a if fmt == "upperLetter" else a.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)  # decimal, and any format this reader does not spell (ordinal, Chinese counting ...)


class _Level:
    __slots__ = ("fmt", "text", "start", "restart", "legal", "style")

    def __init__(self, lvl: etree._Element):
        fmt = lvl.find(_W + "numFmt")
        self.fmt = fmt.get(_VAL, "decimal") if fmt is not None else "decimal"
        text = lvl.find(_W + "lvlText")
        self.text = text.get(_VAL, "") if text is not None else ""
        self.start = _int(lvl.find(_W + "start"), 0)
        self.restart = _int(lvl.find(_W + "lvlRestart"))
        self.legal = lvl.find(_W + "isLgl") is not None
        style = lvl.find(_W + "pStyle")
        self.style = style.get(_VAL) if style is not None else None


class _Numbering:
    """The labels of list items: counters per abstract numbering (a list that another ``w:num`` continues),
    restarted by a ``startOverride`` the first time its ``w:num`` is used, deeper levels restarted by a
    shallower one (``lvlRestart``)."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None):
        self.abstract: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstract id -> numbering style it takes its levels from
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.styles: dict[str, tuple[str | None, str | None, int | None]] = {}  # id -> basedOn, numId, ilvl
        self.counters: dict[str, list[int | None]] = {}
        self.used: set[str] = set()
        if numbering is not None:
            for a in numbering.iterchildren(_W + "abstractNum"):
                aid = a.get(_W + "abstractNumId")
                self.abstract[aid] = {int(lvl.get(_W + "ilvl", "0")): _Level(lvl)
                                      for lvl in a.iterchildren(_W + "lvl") if lvl.get(_W + "ilvl", "0").isdigit()}
                link = a.find(_W + "numStyleLink")
                if link is not None:
                    self.links[aid] = link.get(_VAL)
            for n in numbering.iterchildren(_W + "num"):
                starts, levels = {}, {}
                for o in n.iterchildren(_W + "lvlOverride"):
                    ilvl = int(o.get(_W + "ilvl", "0")) if o.get(_W + "ilvl", "0").isdigit() else 0
                    if (s := _int(o.find(_W + "startOverride"))) is not None:
                        starts[ilvl] = s
                    if (lvl := o.find(_W + "lvl")) is not None:
                        levels[ilvl] = _Level(lvl)
                aid = n.find(_W + "abstractNumId")
                self.nums[n.get(_W + "numId")] = (aid.get(_VAL) if aid is not None else "", starts, levels)
        if styles is not None:
            for s in styles.iterchildren(_W + "style"):
                based = s.find(_W + "basedOn")
                num = s.find(f"{_PPR}/{_W}numPr")
                num_id = ilvl = None
                if num is not None:
                    nid = num.find(_W + "numId")
                    num_id = nid.get(_VAL) if nid is not None else None
                    ilvl = _int(num.find(_W + "ilvl"))
                self.styles[s.get(_W + "styleId")] = (based.get(_VAL) if based is not None else None, num_id, ilvl)

    def _style_num(self, style: str | None) -> tuple[str | None, int | None, str | None]:
        seen = set()
        while style and style not in seen and style in self.styles:
            seen.add(style)
            based, num_id, ilvl = self.styles[style]
            if num_id is not None:
                return num_id, ilvl, style
            style = based
        return None, None, None

    def of(self, ppr: etree._Element | None) -> tuple[str, int] | None:
        """``(numId, level)`` of a paragraph that is a list item, else None."""
        if ppr is None:
            return None
        num_id = ilvl = style_id = None
        num = ppr.find(_W + "numPr")
        if num is not None:
            nid = num.find(_W + "numId")
            num_id, ilvl = (nid.get(_VAL) if nid is not None else None), _int(num.find(_W + "ilvl"))
        pstyle = ppr.find(_W + "pStyle")
        if num_id is None and pstyle is not None:
            num_id, s_ilvl, style_id = self._style_num(pstyle.get(_VAL))
            ilvl = ilvl if ilvl is not None else s_ilvl
        if num_id is None or num_id == "0" or num_id not in self.nums:
            return None
        if ilvl is None:  # a heading style numbered by its level's w:pStyle
            levels = self._levels(num_id)
            ilvl = next((k for k, lvl in levels.items() if style_id and lvl.style == style_id), 0)
        return num_id, max(0, min(ilvl, 8))

    def _abstract_id(self, num_id: str) -> str:
        aid = self.nums[num_id][0]
        link = self.links.get(aid)
        if link:  # a list style: its own numbering's abstract holds the levels
            linked, _, _ = self._style_num(link)
            if linked in self.nums and self.nums[linked][0] != aid:
                return self.nums[linked][0]
        return aid

    def _levels(self, num_id: str) -> dict[int, _Level]:
        levels = dict(self.abstract.get(self._abstract_id(num_id), {}))
        levels.update(self.nums[num_id][2])
        return levels

    def label(self, num_id: str, ilvl: int) -> str:
        """The label Word shows before this item (``-`` for a bullet, ``""`` for a level without a number)."""
        starts = self.nums[num_id][1]
        aid = self._abstract_id(num_id)
        levels = self._levels(num_id)
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.used:
            self.used.add(num_id)
            for k in starts:
                if 0 <= k < 9:
                    counters[k] = None

        def start(k: int) -> int:
            return starts.get(k, levels[k].start if k in levels else 0)

        counters[ilvl] = start(ilvl) if counters[ilvl] is None else counters[ilvl] + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels[deeper].restart if deeper in levels else None
            if restart is None or (restart != 0 and ilvl + 1 <= restart):
                counters[deeper] = None
        level = levels.get(ilvl)
        if level is None:
            return ""
        if level.fmt == "bullet":
            return "-"
        if level.fmt == "none":
            return level.text if "%" not in level.text else ""
        text = level.text
        for k in range(min(ilvl, 8), -1, -1):  # %10 is no placeholder: levels are %1..%9
            if f"%{k + 1}" in text:
                value = counters[k] if counters[k] is not None else start(k)
                fmt = "decimal" if (level.legal and k < ilvl) or k not in levels else levels[k].fmt
                text = text.replace(f"%{k + 1}", _format(value, fmt if fmt not in ("bullet", "none") else "decimal"))
        return text.strip()


# ---------------------------------------------------------------- the text

def _block_items(parent: etree._Element):
    """The paragraphs and tables of a body or a cell in order, content controls and custom XML looked through."""
    for child in parent:
        tag = child.tag
        if tag == P or tag == TBL:
            yield child
        elif tag == SDT:
            content = child.find(SDT_CONTENT)
            if content is not None:
                yield from _block_items(content)
        elif tag == CUSTOM_XML:
            yield from _block_items(child)
        elif tag == _W + "altChunk":
            yield child


def _children(parent: etree._Element, tag: str):
    """The ``tag`` children of ``parent`` (rows of a table, cells of a row), also those Word wraps in a content
    control (``w:sdt``) or a custom XML element."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == SDT or child.tag == CUSTOM_XML:
            content = child.find(SDT_CONTENT) if child.tag == SDT else child
            if content is not None:
                yield from _children(content, tag)


def _rows(tbl: etree._Element):
    return _children(tbl, TR)


def _cells(tr: etree._Element):
    return _children(tr, TC)


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(_RPR)
    if rpr is None:
        return False
    vanish = rpr.find(_VANISH)
    return vanish is not None and vanish.get(_VAL, "true") not in _OFF


class _Reader:
    """Writes the lines of a document's block items (see the module docstring)."""

    def __init__(self, numbering: _Numbering):
        self.lines: list[str] = []
        self.problems: list[RenderProblem] = []
        self.numbering = numbering
        #: the paragraph before, when a blank line is still due after it: (a list item, its last line tabbed)
        self.pending: tuple[bool, bool] | None = None

    # -------------------------------------------------------- paragraphs
    def _runs(self, parent: etree._Element, pieces: list[str], boxes: list[etree._Element]) -> None:
        """The text of a paragraph's runs into ``pieces`` (``"\\n"`` for a line break); text boxes into ``boxes``."""
        for child in parent:
            tag = child.tag
            if tag == _R:
                if _hidden(child):
                    continue
                for leaf in child:
                    ltag = leaf.tag
                    if ltag == _T:
                        if leaf.text:
                            pieces.append(leaf.text)
                    elif ltag == _TAB or ltag == _PTAB:
                        pieces.append("\t")
                    elif ltag == _BR:
                        if leaf.get(_W + "type", "textWrapping") == "textWrapping":
                            pieces.append("\n")
                    elif ltag == _CR:
                        pieces.append("\n")
                    elif ltag == _NB_HYPHEN:
                        pieces.append("-")
                    elif ltag == _SYM:
                        pieces.append(self._symbol(leaf))
                    elif ltag in _DRAWINGS or ltag == _ALTERNATE:
                        _text_boxes(leaf, boxes)
            elif tag in _RUN_CONTAINERS:
                self._runs(child, pieces, boxes)
            elif tag == _ALTERNATE:
                choice = child.find(_CHOICE)
                if choice is not None:
                    self._runs(choice, pieces, boxes)

    def _symbol(self, sym: etree._Element) -> str:
        font, code = (sym.get(_W + "font") or "").strip().lower(), sym.get(_W + "char") or ""
        try:
            value = int(code, 16)
        except ValueError:
            value = -1
        if 0 <= value < 0xF000 and value not in range(0xD800, 0xE000):
            return chr(value) if value >= 0x20 else ""
        char = _SYMBOL_FONTS.get(font, {}).get(value - 0xF000)
        if char is None:
            self.problems.append(RenderProblem(Message("errors_docx.problem.symbol", font=sym.get(_W + "font") or "?",
                                                       code=code or "?"), line=len(self.lines) + 1))
            return ""
        return char

    def _paragraph(self, p: etree._Element) -> tuple[list[str], list[etree._Element], bool]:
        """The printed lines of a paragraph (its list label first), its text boxes, whether it is a list item."""
        pieces: list[str] = []
        boxes: list[etree._Element] = []
        self._runs(p, pieces, boxes)
        text = "".join(pieces)
        if "\r" in text:
            text = text.replace("\r", " ")
        num = self.numbering.of(p.find(_PPR)) if self.numbering.nums else None
        if num is not None:
            label = self.numbering.label(*num)
            if label:
                text = f"{label} {text}" if text.strip() else label
        return text.split("\n"), boxes, num is not None

    # -------------------------------------------------------- blocks
    def _gap(self, listed: bool = False, tabbed: bool = False) -> None:
        """The blank line after the paragraph before, unless it and what comes now are two items of one list or
        two rows of a table written with tab stops."""
        if self.pending is not None:
            was_listed, was_tabbed = self.pending
            if not ((was_listed and listed) or (was_tabbed and tabbed)):
                self.lines.append("")
            self.pending = None

    def blocks(self, parent: etree._Element) -> None:
        """The lines of a body's (or a box's cell's) paragraphs and tables, in order."""
        items = list(_block_items(parent))
        for k, el in enumerate(items):
            if el.tag == P:
                mark = len(self.problems)
                lines, boxes, listed = self._paragraph(el)
                if len(lines) == 1 and not lines[0].strip():
                    self._gap()
                    self.lines.append("")
                else:
                    tabbed = "\t" in lines[0]
                    self._gap(listed, tabbed)
                    if not listed and not tabbed and _caption_before_table(lines[0], items, k):
                        lines = _split_caption(lines[0]) + lines[1:]
                    self.lines.extend(lines)
                    self.pending = (listed, "\t" in lines[-1])
                for i in range(mark, len(self.problems)):  # the paragraph's first line, now that it is written
                    self.problems[i] = replace(self.problems[i], line=len(self.lines) - len(lines) + 1)
                for box in boxes:
                    self.blocks(box)
            elif el.tag == TBL:
                self._table(el)
            else:  # w:altChunk: a document embedded whole (HTML, RTF, another .docx), kept in a part of its own
                self.problems.append(RenderProblem(Message("errors_docx.problem.embedded"),
                                                   line=len(self.lines) + 1))

    def _cell_text(self, tc: etree._Element) -> str:
        """A grid cell's text: its paragraphs, line breaks and nested tables joined with a space, tabs as spaces."""
        parts: list[str] = []
        self._cell_parts(tc, parts)
        return " ".join(parts)

    def _cell_parts(self, parent: etree._Element, parts: list[str], lines: bool = False) -> None:
        """The non-empty printed lines of a cell (tabs as spaces unless ``lines``: lines of their own)."""
        for el in _block_items(parent):
            if el.tag == P:
                printed, boxes, _ = self._paragraph(el)
                for line in printed:
                    line = (line if lines else line.replace("\t", " ")).strip()
                    if line:
                        parts.append(line)
                for box in boxes:
                    self._cell_parts(box, parts, lines)
            elif el.tag == TBL:
                for tr in _rows(el):
                    for tc in _cells(tr):
                        if not _continues(tc):
                            self._cell_parts(tc, parts, lines)
            else:
                self.problems.append(RenderProblem(Message("errors_docx.problem.embedded"),
                                                   line=len(self.lines) + 1))

    def _table(self, tbl: etree._Element) -> None:
        rows = []
        for tr in _rows(tbl):
            trpr = tr.find(_TRPR)
            before = after = 0
            if trpr is not None:
                if trpr.find(_W + "del") is not None:  # a row deleted with changes tracked
                    continue
                before = _int(trpr.find(_W + "gridBefore"), 0) or 0
                after = _int(trpr.find(_W + "gridAfter"), 0) or 0
            cells = []
            for tc in _cells(tr):
                span, cont = 1, False
                tcpr = tc.find(_TCPR)
                if tcpr is not None:
                    for prop in tcpr:
                        tag = prop.tag
                        if tag == _GRID_SPAN:
                            span = max(1, min(_int(prop, 1) or 1, 1000))
                        elif tag == _VMERGE or tag == _HMERGE:
                            cont = cont or prop.get(_VAL, "continue") != "restart"
                cells.append((tc, span, cont))
            rows.append((before, cells, after))
        if not rows:
            return
        self._gap()
        if len(rows) == 1 or all(sum(1 for _, _, cont in cells if not cont) <= 1 for _, cells, _ in rows):
            for _, cells, _ in rows:  # a box: layout, read as if its cells' content stood in the body
                for tc, _, cont in cells:
                    if not cont:
                        self.blocks(tc)
            return
        width = max(before + sum(span for _, span, _ in cells) + after for before, cells, after in rows)
        first = 0
        while first < len(rows) and len(rows[first][1]) == 1 and rows[first][1][0][1] == width:
            # a title over the whole table's width above its header: a line of its own, as a caption is
            parts: list[str] = []
            self._cell_parts(rows[first][1][0][0], parts, lines=True)
            if parts and _CAPTION.match(parts[0]):
                parts[:1] = _split_caption(parts[0])
            if parts:
                self.lines.extend(parts + [""])
            first += 1
        for before, cells, _ in rows[first:]:
            texts = [""] * before
            for tc, span, cont in cells:
                if cont:
                    left = self._cell_text(tc)
                    if left:
                        self.problems.append(RenderProblem(Message("errors_docx.problem.merged_text", text=left),
                                                           line=len(self.lines) + 1, raw=left))
                    texts.append("")
                else:
                    texts.append(self._cell_text(tc))
                if span > 1:
                    texts.extend([""] * (span - 1))
            if not any(texts):
                continue  # a spacer row
            if len(texts) < width:
                texts.extend([""] * (width - len(texts)))
            self.lines.append("\t".join(texts))
        self.pending = (False, False)


def _caption_before_table(line: str, items: list[etree._Element], k: int) -> bool:
    """Whether ``line`` (of item ``k``) is a caption ``Tabel 2.1 Title`` standing above a table: a table follows
    within a few short paragraphs."""
    if len(line) > 200 or not _CAPTION.match(line) or line.rstrip()[-1:] in ".:;,":
        return False  # a sentence about the table ("Tabel 2.1 menunjukkan ... .") is no caption
    for el in items[k + 1:k + 8]:
        if el.tag == TBL:
            return True
        if el.tag != P or len("".join(el.itertext())) > 200:
            return False
    return False


def _split_caption(line: str) -> list[str]:
    """``Tabel 2.1 Rekapitulasi ...`` as the text form writes a table's title: the label on a line of its own."""
    m = _CAPTION.match(line)
    return [m.group("label"), m.group("title")] if m else [line]


def _continues(tc: etree._Element, tcpr: etree._Element | None = None) -> bool:
    """Whether a cell continues a merge: into the cell above (``vMerge`` without ``restart``) or, in old
    documents, into the cell on its left (``hMerge``)."""
    if tcpr is None:
        tcpr = tc.find(_W + "tcPr")
        if tcpr is None:
            return False
    for tag in ("vMerge", "hMerge"):
        merge = tcpr.find(_W + tag)
        if merge is not None and merge.get(_VAL, "continue") != "restart":
            return True
    return False


def _text_boxes(el: etree._Element, out: list[etree._Element]) -> None:
    """The text boxes of a drawing, in order: those of an ``mc:Choice`` only (its ``mc:Fallback`` repeats them);
    a text box inside a text box is read with the outer one's paragraphs."""
    for child in el:
        tag = child.tag
        if tag == _TXBX:
            out.append(child)
        elif tag != _FALLBACK:
            _text_boxes(child, out)
