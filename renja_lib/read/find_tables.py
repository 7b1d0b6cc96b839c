"""Finding the tables of a Renja document and the role of every line in them.

A table starts at its title line (``Tabel 2.1`` alone on a line), followed by
title text, an optional ``Nama Perangkat Daerah : ...`` line, the header rows
(tab-separated) and an optional column-number row (``(1) (2) ...`` or
``1 2 ... 8 = (7/6)``). It ends at the first line that is neither a table row,
a blank line nor page furniture (a signature block): the next paragraph or
heading. Tables are told apart by their titles (and header text), never by
their numbers, which differ between documents.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["TableSpan", "find_tables", "TABLE_KINDS", "split_cells", "is_table_row", "is_column_number_row",
           "column_formulas"]

#: kind -> (title keywords, header keywords); the first kind whose title pattern matches wins.
TABLE_KINDS: dict[str, tuple[re.Pattern, re.Pattern]] = {
    "evaluation": (re.compile(r"evaluasi.*renja|rekapitulasi evaluasi", re.I), re.compile(r"realisasi.*renja", re.I)),
    "service_indicators": (re.compile(r"kinerja pelayanan", re.I), re.compile(r"spm|ikk", re.I)),
    "rkpd_review": (re.compile(r"rancangan awal rkpd", re.I), re.compile(r"hasil analisis kebutuhan", re.I)),
    "proposals": (re.compile(r"usulan program", re.I), re.compile(r"besaran\s*/\s*volume", re.I)),
    "plan": (re.compile(r"rumusan rencana program", re.I), re.compile(r"prakiraan maju", re.I)),
}

_TITLE = re.compile(r"^\s*tabel\s+(?P<num>[0-9IVX]+(?:\.[0-9]+)*)\s*\.?\s*$", re.I)
_METADATA = re.compile(r"^\s*nama\s+perangkat\s+daerah\s*:", re.I)
_COLNUM = re.compile(r"^\(?\d+\)?(\s*=\s*.*)?$")
_HEADING = re.compile(r"^\s*(BAB\s+[IVX]+\b|\d+(\.\d+)+\.?\s+\S|tabel\s+\d)", re.I)
_SIGNATURE_START = re.compile(r"^\s*[A-Z][A-Za-z .'-]{1,40},\s*(\d{1,2}\s+\w+\s+)?(\d{4})?\.?\s*$")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_NIP = re.compile(r"^\s*NIP\.?\s*[:.]?\s*[\d ]+\s*$", re.I)


#: what is stripped around a cell: spaces of every width (Unicode category Zs), never a
#: control character or a line separator (str.strip() would take \v, \x1c-\x1f, \x85,
#: U+2028 silently off the ends of a cell and hide them from the number readers)
CELL_SPACE = " \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"


def is_table_row(line: str) -> bool:
    """Whether a line of the text is a table row: its cells are separated by tabs (prose has none).

    The one place that knows how the text writes a table; everything else asks here.

    >>> is_table_row("2 07 01\\tProgram Penunjang"), is_table_row("Tabel 4.1")
    (True, False)
    """
    return "\t" in line


def split_cells(line: str) -> list[str]:
    """The cells of a tab-separated row, stripped of surrounding spaces (but not of control characters)."""
    return [c.strip(CELL_SPACE) for c in line.split("\t")]


def is_column_number_row(cells: list[str]) -> bool:
    """``(1) (2) (3)`` or ``1 2 ... 8 = (7/6)``: the row that numbers the columns."""
    filled = [c for c in cells if c]
    if len(filled) < max(3, len(cells) // 2):
        return False
    if not all(_COLNUM.match(c) for c in filled):
        return False
    first = re.match(r"\(?(\d+)", filled[0])
    return bool(first) and first.group(1) == "1"


def column_formulas(cells: list[str]) -> dict[int, tuple[int, ...]]:
    """Map column position -> positions referenced by its formula (``8 = (7/6)`` -> (6, 5))."""
    numbers: dict[int, int] = {}
    for pos, c in enumerate(cells):
        m = re.match(r"^\(?(\d+)\)?", c)
        if m:
            numbers[int(m.group(1))] = pos
    out: dict[int, tuple[int, ...]] = {}
    for pos, c in enumerate(cells):
        m = re.match(r"^\(?\d+\)?\s*=\s*\(?\s*(\d+)\s*(?:/\s*(\d+))?\s*\)?\s*$", c)
        if m:
            refs = tuple(numbers[int(g)] for g in m.groups() if g and int(g) in numbers)
            out[pos] = refs
    return out


@dataclass
class TableSpan:
    """Where one table lies in the document, and what each of its lines is."""

    kind: str | None              # one of TABLE_KINDS, or None when unrecognised
    label: str                    # "Tabel 2.1"
    title: str                    # the title text under the label
    start: int                    # 1-based line of the label
    end: int                      # 1-based last line belonging to the table
    header_lines: list[int] = field(default_factory=list)
    column_number_line: int | None = None
    #: 1-based line -> role for title, metadata, header, column numbers, blank, signature lines;
    #: rows are classified by the table parser.
    roles: dict[int, str] = field(default_factory=dict)
    row_lines: list[int] = field(default_factory=list)
    runs_to_end_of_file: bool = False


def _kind_of(title: str, header: str) -> str | None:
    for kind, (title_re, _) in TABLE_KINDS.items():
        if title_re.search(title):
            return kind
    for kind, (_, header_re) in TABLE_KINDS.items():
        if header_re.search(header):
            return kind
    return None


def _signature_block(lines: tuple[str, ...], i: int) -> int | None:
    """If a signature block starts at 0-based ``i``, return its last 0-based index."""
    if not _SIGNATURE_START.match(lines[i]):
        return None
    for j in range(i + 1, min(i + 12, len(lines))):
        text = lines[j]
        if "\t" in text or _HEADING.match(text):
            return None
        if _NIP.match(text):
            return j
        if len(text) > 80:
            return None
    return None


def find_tables(lines: tuple[str, ...]) -> list[TableSpan]:
    """Locate every titled table; lines are the document's lines (0-based list, 1-based results)."""
    spans: list[TableSpan] = []
    n = len(lines)
    i = 0
    while i < n:
        # a control character beside the label ("Tabel 4.1\x01") must not hide the table
        m = _TITLE.match(_CONTROL.sub(" ", lines[i]))
        if not m:
            i += 1
            continue
        start = i
        roles: dict[int, str] = {i + 1: "title"}
        title_parts: list[str] = []
        j = i + 1
        # title text and metadata until the first tab row
        while j < n and "\t" not in lines[j]:
            text = lines[j].strip()
            if _TITLE.match(lines[j]) or (text and _HEADING.match(lines[j])) or len(text) > 200:
                break
            if not text:
                roles[j + 1] = "blank"
            elif _METADATA.match(text):
                roles[j + 1] = "metadata"
            else:
                roles[j + 1] = "title"
                title_parts.append(text)
            j += 1
        if j >= n or "\t" not in lines[j]:
            # a title with no table under it: a reference in the text, not a table
            i = j
            continue
        # header rows: up to the column-number row, or the first row that is not header-like
        header_lines: list[int] = []
        colnum_line: int | None = None
        k = j
        while k < n and "\t" in lines[k] and len(header_lines) < 4:
            cells = split_cells(lines[k])
            if is_column_number_row(cells):
                colnum_line = k + 1
                roles[k + 1] = "column_numbers"
                k += 1
                break
            if header_lines and _looks_like_data(cells):
                break
            header_lines.append(k + 1)
            roles[k + 1] = "header"
            k += 1
        # body: rows, blanks and signature blocks until the next paragraph or heading
        row_lines: list[int] = []
        last = k - 1
        runs_to_eof = True
        while k < n:
            text = lines[k]
            if "\t" in text:
                row_lines.append(k + 1)
                last = k
                k += 1
                continue
            if not text.strip():
                k += 1
                continue
            sig_end = _signature_block(lines, k)
            if sig_end is not None:
                for s in range(k, sig_end + 1):
                    roles[s + 1] = "signature" if lines[s].strip() else "blank"
                last = sig_end
                k = sig_end + 1
                continue
            runs_to_eof = False
            break
        # blanks inside the table
        for b in range(start, last + 1):
            if b + 1 not in roles and not lines[b].strip():
                roles[b + 1] = "blank"
        header_text = " ".join(lines[h - 1] for h in header_lines)
        title = " ".join(title_parts)
        spans.append(
            TableSpan(
                kind=_kind_of(title, header_text),
                label=f"Tabel {m.group('num')}",
                title=title,
                start=start + 1,
                end=last + 1,
                header_lines=header_lines,
                column_number_line=colnum_line,
                roles=roles,
                row_lines=row_lines,
                runs_to_end_of_file=runs_to_eof,
            )
        )
        i = last + 1
    return spans


def _looks_like_data(cells: list[str]) -> bool:
    """A row that holds values (a number with a unit, or an amount) rather than labels."""
    for c in cells:
        if re.match(r"^[-+]?\d[\d.,]*\s*(%|[A-Za-z/ ]{1,25})?$", c) and not re.match(r"^(tahun\s+)?\d{4}$", c, re.I):
            return True
    return False
