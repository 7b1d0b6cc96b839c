"""Where a value, a fact, a problem or a finding comes from in the user's own file: a :class:`Locator`.

A line number alone cannot say where a value of a PDF or a Word table lies, so
every table of :func:`renja_lib.load`, the curated facts and the audit's findings
carry the same flat columns (:data:`LOCATOR_COLUMNS`), empty where they do not
apply:

=================  ===========================================================
``source_kind``    ``text`` (a text file; ``pdf`` and ``docx`` to come)
``source_page``    the page, counted from 1 (a text file marks its pages with
                   form feeds, as ``pdftotext`` writes them; empty without)
``source_line``    the 1-based line of a text file, as an editor or ``grep -n``
                   counts it (its meaning is the same as before the locator)
``source_table``   the table's label as the document writes it (``Tabel 4.1``)
``source_row``     the row within that table: the table's body rows under the
                   header counted from 1 in document order, skipping blank rows
                   and the header and column numbers a page break repeats; a
                   row that continues the one above counts as a row of its own
``source_column``  the column's label (header rows joined by ``" » "``) where
                   the value comes from one cell; empty where a record holds
                   the values of several cells
=================  ===========================================================

A quote that spans lines also has ``source_end_line`` (:data:`END_LINE_COLUMN`).

:meth:`Locator.describe` writes a locator for people, in one way, with the words of
the text catalogue (``locator.*`` in ``renja_lib/text/catalogue/locator.yaml``):

>>> Locator("text", line=368).describe("id")
'baris 368'
>>> Locator("text", page=12, line=437, table="Tabel 2.1", row=5).describe("en")
'p. 12, line 437'
>>> Locator("pdf", page=12, table="Tabel 2.1", row=5).describe("id")
'hal. 12, Tabel 2.1 baris 5'
>>> Locator("pdf", page=12, table="Tabel 2.1", row=5).describe("en")
'p. 12, Table 2.1 row 5'
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, fields
from typing import Any

from ..text import check_lang, tr

__all__ = ["Locator", "LOCATOR_COLUMNS", "END_LINE_COLUMN", "SOURCE_KINDS"]

#: the kinds of file a value can come from
SOURCE_KINDS: tuple[str, ...] = ("text", "pdf", "docx")

#: the flat columns of a locator in every table, CSV and facts frame, in this order
LOCATOR_COLUMNS: list[str] = ["source_kind", "source_page", "source_line", "source_table", "source_row",
                              "source_column"]
#: the last line of a quote that spans lines (only where quotes are kept)
END_LINE_COLUMN = "source_end_line"

_TABLE_LABEL = re.compile(r"^\s*tabel\s+(?P<number>\S.*?)\s*$", re.I)


def _value(x: Any) -> Any:
    """None for a missing value (None, ``pandas.NA``, NaN); a whole number as ``int``; else ``x``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return None
    try:
        import pandas as pd

        if x is pd.NA:
            return None
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    if isinstance(x, bool):
        return x
    if hasattr(x, "__index__"):
        return int(x)
    if isinstance(x, float) and x.is_integer():
        return int(x)
    return x


@dataclass(frozen=True)
class Locator:
    """Where something stands in the user's file; a field that does not apply is None.

    ``kind`` is one of :data:`SOURCE_KINDS`; ``line`` and ``end_line`` are 1-based
    lines of a text file; ``table``, ``row`` and ``column`` are defined in the
    module docstring.
    """

    kind: str = "text"
    page: int | None = None
    line: int | None = None
    table: str | None = None
    row: int | None = None
    column: str | None = None
    end_line: int | None = None

    def __post_init__(self):
        if self.kind not in SOURCE_KINDS:
            raise ValueError(f"source kind must be one of {', '.join(SOURCE_KINDS)}, got {self.kind!r}")

    def columns(self, *, end_line: bool = False) -> dict[str, Any]:
        """The flat columns (:data:`LOCATOR_COLUMNS`, and ``source_end_line`` when asked).

        >>> Locator("text", line=12).columns()["source_line"]
        12
        """
        out = {"source_kind": self.kind, "source_page": self.page, "source_line": self.line,
               "source_table": self.table, "source_row": self.row, "source_column": self.column}
        if end_line:
            out[END_LINE_COLUMN] = self.end_line
        return out

    @classmethod
    def from_columns(cls, row: Any) -> Locator:
        """The locator of a record (a dict, a pandas row or a named tuple) with the flat columns.

        Missing columns and missing values (NaN, ``pandas.NA``) become None.

        >>> Locator.from_columns({"source_kind": "text", "source_line": 368.0, "source_page": float("nan")})
        Locator(kind='text', page=None, line=368, table=None, row=None, column=None, end_line=None)
        """
        get = row.get if hasattr(row, "get") else (lambda k, d=None: getattr(row, k, d))
        values = {f.name: _value(get(f"source_{f.name}" if f.name != "end_line" else END_LINE_COLUMN, None))
                  for f in fields(cls)}
        values["kind"] = values["kind"] or "text"
        return cls(**values)

    def describe(self, lang: str = "id", *, by: str | None = None, column: bool = False) -> str:
        """The locator for people: ``baris 368``, ``hal. 12, Tabel 2.1 baris 5`` (``lang="en"``: ``line 368``,
        ``p. 12, Table 2.1 row 5``).

        ``by`` is ``"line"`` or ``"row"``: a text file is read by its lines (an
        editor opens it there), a PDF or Word file by its table rows; either falls
        back to the other when it is missing. ``column=True`` names the column too.

        >>> Locator("text", line=368, end_line=370).describe("en")
        'lines 368–370'
        >>> Locator("text", line=960, table="Tabel 4.1", row=3, column="Kode").describe("id", by="row", column=True)
        'Tabel 4.1 baris 3, kolom Kode'
        """
        lang = check_lang(lang)
        if by not in (None, "line", "row"):
            raise ValueError(f"by must be 'line' or 'row', got {by!r}")
        by = by or ("line" if self.kind == "text" else "row")
        if by == "row" and self.row is None:
            by = "line"
        if by == "line" and self.line is None and self.row is not None:
            by = "row"
        parts: list[str] = []
        if self.page is not None:
            parts.append(tr("locator.page", lang, page=self.page))
        if by == "row" or (self.line is None and self.table):
            place = self.table_words(lang) or ""
            if self.row is not None:
                place = f"{place} {tr('locator.row', lang, row=self.row)}".strip()
            if place:
                parts.append(place)
        elif self.line is not None:
            if self.end_line is not None and self.end_line != self.line:
                parts.append(tr("locator.lines", lang, line=self.line, end=self.end_line))
            else:
                parts.append(tr("locator.line", lang, line=self.line))
        if column and self.column:
            parts.append(tr("locator.column", lang, column=self.column))
        return ", ".join(parts)

    def table_words(self, lang: str = "id") -> str | None:
        """The table's label in ``lang``: ``Tabel 2.1`` is ``Table 2.1`` in English; another label as written.

        >>> Locator(table="Tabel 2.1").table_words("en")
        'Table 2.1'
        """
        if not self.table:
            return None
        m = _TABLE_LABEL.match(self.table)
        return tr("locator.table", lang, number=m.group("number")) if m else self.table
