"""Tables for people: headers in the report's language with their units, codes in words, numbers in its format.

:class:`Table` is what a report page shows of a frame (:func:`localised`): the
frame keeps its English column names and codes, as the code uses them; the
display writes each header from the catalogue (``sentences.column.<name>``, with
its unit: ``Pagu (Rp)``, ``Serapan (%)``), each column of codes in words
(:data:`CODE_FAMILIES`), the office's row by the office's name, a table label
(``Tabel 2.1``) and a series' source in the report's language, and numbers in
its format: a whole number without decimals (``4 program``, ``111.954 orang``),
any other with two.

The HTML marks every cell with its kind, which the page style
(``renja_lib/run/report.css``) aligns: ``num`` (numbers, right-aligned) or
``text`` (left-aligned); a column that holds the document's own words (names,
titles, indicators, quotes, units) is also ``doc`` (and ``lang`` of the
document), so that a reader, a screen reader and the language test know it is
the document speaking. A wide table (more than :data:`MAX_COLUMNS` columns) shows
a column that has one value in every row once, above the table, instead of in
every row: nothing is dropped, and the table fits a 1280-pixel window and an A4
landscape page.
"""
from __future__ import annotations

import html
import numbers
import re
from collections.abc import Callable
from typing import Any

import pandas as pd

from ..analyse.ratings import FORMULAS
from ..read.locator import Locator
from ..text import check_lang
from ..text.catalogue import LocalText, has, tr
from ..text.formats import fmt_number
from .headlines import source_text

__all__ = ["Table", "localised", "unit_key", "CODE_FAMILIES", "DOCUMENT_COLUMNS", "MAX_COLUMNS", "DOCUMENT_LANG"]

#: The language the documents are written in (a Renja is Indonesian): the ``lang`` of the document's words.
DOCUMENT_LANG = "id"

#: Columns that hold the document's own words, shown as written (names, titles, indicators, quotes, units).
DOCUMENT_COLUMNS = frozenset({"name", "title", "indicator", "quote", "unit", "raw", "programme", "activity",
                              "spending_words", "written"})

#: A table with more columns than this shows the columns with one value in every row above it, once.
MAX_COLUMNS = 9

#: Whole numbers in these columns are labels (a year, a line of the file), written without digit grouping.
_UNGROUPED = re.compile(r"(^|_)(year|line|row|page|order)s?($|_)")

#: The method of each formula the analysis writes, so that a ``formula`` column is shown in the report's words.
_FORMULA_METHOD = {formula: method for method, formula in FORMULAS.items()}

#: The catalogue families whose words a column of codes shows, tried in order for each code; a code no family
#: knows (a programme code) is shown as it is.
CODE_FAMILIES: dict[str, tuple[Callable[[str], str], ...]] = {
    "band_key": (lambda v: f"analysis.band.{v}",),
    "quadrant": (lambda v: f"analysis.quadrant.{v}",),
    "reading": (lambda v: f"analysis.reading.{v}",),
    "component": (lambda v: f"analysis.salary.{v}",),
    "status": (lambda v: f"analysis.change.{v}", lambda v: f"analysis.achievement_status.{v}"),
    "kind": (lambda v: f"analysis.kind.{v}", lambda v: f"analysis.table_kind.{v}"),
    "realised_kind": (lambda v: f"analysis.kind.{v}",),
    "direction": (lambda v: f"analysis.direction.{v}",),
    "method": (lambda v: f"analysis.method.{v}",),
    "formula": (lambda v: f"analysis.formula.{_FORMULA_METHOD.get(v, v)}",),
    "period": (lambda v: f"analysis.period.{v}",),
    "flag": (lambda v: f"analysis.absorption_flag.{v}", lambda v: f"analysis.spending_flag.{v}"),
    "severity": (lambda v: f"audit.severity.{v}",),
    "rule": (lambda v: f"charts.rule.{v}",),
    "table": (lambda v: f"audit.table.{v}",),
    "quantity": (lambda v: f"audit.quantity.{v}",),
    "subject": (lambda v: "analysis.office" if v == "office" else "", lambda v: f"audit.subject.{v}"),
    "level": (lambda v: "analysis.office" if v == "office" else f"charts.level.{v}",),
}

#: columns that hold a series' source (:func:`source_text`)
_SOURCE_COLUMNS = ("source", "realised_source", "target_source")


def _is_change_status(values: pd.Series) -> bool:
    """Whether a ``status`` column holds a budget change's status (``increased``, ``new`` ...)."""
    present = [v for v in values.tolist() if isinstance(v, str)]
    return bool(present) and all(has(f"analysis.change.{v}") for v in present)


def _code_words(column: str, values: pd.Series, lang: str) -> pd.Series | None:
    """The words of a column of codes (see :data:`CODE_FAMILIES`); None for a column that holds no codes.

    A table's label (``Tabel 2.1``) is written in ``lang`` (``Table 2.1``) as the locators write it.
    """
    families = CODE_FAMILIES.get(column)
    if families is None:
        return None

    def word(value: Any) -> Any:
        if isinstance(value, str):
            for key_of in families:
                if has(key_of(value)):
                    return tr(key_of(value), lang)
            if column == "table":
                return Locator(table=value).table_words(lang)
        return value
    return values.map(word)


def unit_key(unit: Any) -> str | None:
    """The catalogue key of a unit's words (``analysis.unit.<unit>``), None for a unit the catalogue does not know.

    >>> unit_key("Orang"), unit_key("perusahaan kecil"), unit_key("m2")
    ('analysis.unit.orang', 'analysis.unit.perusahaan_kecil', None)
    """
    if not isinstance(unit, str) or not unit.strip():
        return None
    key = f"analysis.unit.{'_'.join(unit.casefold().split())}"
    return key if has(key) else None


def _office_rows(frame: pd.DataFrame) -> pd.Series:
    """The rows about the whole office (``level`` or ``subject`` is ``office``): their name is the office's."""
    office = pd.Series(False, index=frame.index)
    for column in ("level", "subject"):
        if column in frame.columns and frame.columns.tolist().count(column) == 1:
            office |= frame[column].astype(object).eq("office").fillna(False).astype(bool)
    return office


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or value is pd.NaT or (isinstance(value, float) and value != value)


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


class Table:
    """A table shown in full in a report: escaped text, numbers in the report's format, no index.

    ``frame`` is the data (English column names, as in the code); the display
    writes the headers in ``lang`` (``sentences.column.<name>``; a column without
    one shows its name), the codes of :data:`CODE_FAMILIES` in words
    (``analysis.<family>.<code>``), the office's row by the office's name, sources
    and table labels in ``lang``, and numbers in its format: a whole number
    without decimals, any other with two.

    >>> t = Table(pd.DataFrame({"name": ["Program A"], "budget": [5168369010.0], "n_indicators": [4.0],
    ...                         "achievement": [98.144]}), "en")
    >>> repr(t).splitlines()[1].split()
    ['Program', 'A', '5,168,369,010', '4', '98.14']
    """

    def __init__(self, frame: pd.DataFrame, lang: str = "id"):
        self.frame, self.lang = frame, check_lang(lang)

    def _cell(self, column: str, value: Any) -> str:
        if _missing(value):
            return "–"
        if isinstance(value, bool):
            return tr("sentences.table.yes" if value else "sentences.table.no", self.lang)
        if _is_number(value):
            whole = float(value).is_integer()
            if whole and _UNGROUPED.search(column):
                return str(int(value))
            return fmt_number(value, decimals=0 if whole else 2, lang=self.lang)
        if isinstance(value, LocalText):  # a figure the audit computed: in the page's language
            return value.render(self.lang)
        return str(value)

    def _header(self, column: Any, frame: pd.DataFrame) -> str:
        name = str(column)
        if name == "status" and _is_change_status(frame[column]):
            return tr("sentences.column.change_status", self.lang)
        return tr(f"sentences.column.{name}", self.lang) if has(f"sentences.column.{name}") else name

    def _words(self, frame: pd.DataFrame, column: Any) -> pd.Series:
        values = frame[column]
        if str(column) in _SOURCE_COLUMNS:
            return values.map(lambda v: source_text(v, self.lang) if isinstance(v, str) else v)
        if str(column) == "name":
            return values.where(~(values.isna() & _office_rows(frame)), tr("analysis.office", self.lang))
        if str(column) == "unit":
            return values.map(lambda v: tr(unit_key(v), self.lang) if unit_key(v) else v)
        words = _code_words(str(column), values, self.lang)
        return values if words is None else words

    def _display_frame(self) -> pd.DataFrame:
        frame = self.frame.reset_index(drop=True)
        shown = {c: [self._cell(str(c), v) for v in self._words(frame, c).tolist()] for c in frame.columns}
        out = pd.DataFrame(shown, index=frame.index, columns=frame.columns, dtype=object)
        out.columns = [self._header(c, frame) for c in frame.columns]
        return out

    def kinds(self) -> list[str]:
        """Each column's kind, as the HTML marks its cells: ``num`` (every value a number: right-aligned) or
        ``text`` (left-aligned), plus ``doc`` for the document's own words (:data:`DOCUMENT_COLUMNS`)."""
        out = []
        for c in self.frame.columns:
            values = [v for v in self.frame[c].tolist() if not _missing(v)]
            kind = "num" if values and all(_is_number(v) for v in values) else "text"
            out.append(kind + (" doc" if str(c) in DOCUMENT_COLUMNS else ""))
        return out

    def _cell_kinds(self, kinds: list[str]) -> list[list[str]]:
        """Each cell's kind: its column's (:meth:`kinds`), except a unit the catalogue writes in words and the
        office's name, which are the report's words, not the document's."""
        frame = self.frame.reset_index(drop=True)
        cells = [list(kinds) for _ in range(len(frame))]
        for i, column in enumerate(frame.columns):
            if str(column) == "unit":
                for r, raw in enumerate(frame[column].tolist()):
                    cells[r][i] = "text" if unit_key(raw) else "text doc"
            elif str(column) == "name":
                for r, office in enumerate((frame[column].isna() & _office_rows(frame)).tolist()):
                    cells[r][i] = "text" if office else cells[r][i]
        return cells

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return "<p><em>" + html.escape(tr("sentences.table.no_rows", self.lang)) + "</em></p>"
        shown, kinds = self._display_frame(), self.kinds()
        keep = list(range(shown.shape[1]))
        note = []
        if shown.shape[1] > MAX_COLUMNS and len(shown) > 1:
            same = [i for i in keep if shown.iloc[:, i].nunique() == 1]
            note = [tr("sentences.table.same_in_every_row", self.lang, column=html.escape(str(shown.columns[i])),
                       value=_span(shown.iat[0, i], kinds[i])) for i in same]
            keep = [i for i in keep if i not in same]
        head = "".join(f'<th class="{kinds[i].split()[0]}">{html.escape(str(shown.columns[i]))}</th>' for i in keep)
        cells = self._cell_kinds(kinds)
        rows = "".join("<tr>" + "".join(f'<td class="{cells[r][i]}"{_lang(cells[r][i])}>{html.escape(row[i])}</td>'
                                        for i in keep) + "</tr>\n"
                       for r, row in enumerate(shown.itertuples(index=False, name=None)))
        lead = ('<p class="renja-table-note">' + "; ".join(note) + "</p>\n") if note else ""
        wide = " wide" if len(keep) > MAX_COLUMNS else ""
        return (f'{lead}<table class="renja-table{wide}">\n<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}</tbody>\n'
                "</table>")

    def __repr__(self) -> str:
        return self._display_frame().to_string(index=False, max_rows=40)


def _lang(kind: str) -> str:
    """The ``lang`` attribute of a cell of the document's words (the document's language)."""
    return f' lang="{DOCUMENT_LANG}"' if "doc" in kind.split() else ""


def _span(text: str, kind: str) -> str:
    return f'<span class="{kind}"{_lang(kind)}>{html.escape(text)}</span>'


def localised(frame: pd.DataFrame, lang: str = "id") -> Table:
    """``frame`` to show in a report: headers in the report's language, numbers in its format, in full."""
    return Table(frame, lang)
