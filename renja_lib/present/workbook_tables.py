"""The analysis workbook's tables: each analysis as the reports compute it, in the report's words.

:func:`analysis_frames` runs the analyses the notebooks run, with the same
parameters (the labour gaps, budget absorption, achievement by programme and by
indicator, achievement against absorption, plan changes, the RKPD first draft
against the needs analysis, the audit's findings), and keeps the columns an
analyst works with; the frames hold numbers and codes, as the analyses return
them. :func:`analysis_tables` turns them, and the document's tidy tables, into
:class:`Sheet` s for :mod:`renja_lib.write.analysis_workbook`: headers in the
report's language with their units (``Pagu (Rp)``, ``Serapan (%)``; the words of
:mod:`renja_lib.present.tables`, ``sentences.column.<name>``, else
``workbook.column.<name>``), codes as their words (:data:`~renja_lib.present.tables.CODE_FAMILIES`),
and one Excel number format per numeric cell (:func:`number_format`). Values stay numbers: only their look is
the format's. :func:`about_rows` is the "Tentang" ("About") sheet: the document's identity, the parameters and
the sources.

Example:
    >>> import renja_lib
    >>> sheets = analysis_tables(renja_lib.load(), "en")
    >>> sheets["absorption"].title, sheets["absorption"].frame.columns[6]
    ('Budget absorption', 'Budget (Rp)')
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

import pandas as pd

from ..read.locator import Locator
from ..text import check_lang
from ..text.catalogue import has, tr
from .headlines import source_text
from .tables import CODE_FAMILIES

__all__ = ["Sheet", "ANALYSES", "TIDY_TABLES", "PARAMETERS", "analysis_frames", "analysis_tables", "about_rows",
           "header", "number_format", "labelled", "parameters", "sheet_of", "FORMAT_RUPIAH", "FORMAT_PERCENT",
           "FORMAT_COUNT", "FORMAT_LABEL", "FORMAT_DECIMAL"]

#: Excel number formats (built-in formats 3, 4 and 1 of ECMA-376 Part 1, 18.8.30). A format code is stored with
#: the en-US marks (``,`` groups, ``.`` decimals) and Excel shows it with the viewer's own: ``1.234.567`` and
#: ``93,02`` in an Indonesian Excel, ``1,234,567`` and ``93.02`` in an English one, the value a number in both.
FORMAT_RUPIAH = "#,##0"
FORMAT_COUNT = "#,##0"
FORMAT_PERCENT = "#,##0.00"
FORMAT_DECIMAL = "#,##0.00"
#: whole numbers that are labels (a year, a line of the file): no digit grouping
FORMAT_LABEL = "0"

#: the parameters of the notebooks the workbook's analyses read, with the notebooks' defaults
PARAMETERS: dict[str, Any] = {"method": "two_minus", "pair_basis": None, "region": None, "extra_indicators": None,
                              "bps_files": None, "directions_file": None, "tolerance": 1.0}

#: columns in rupiah (whole rupiah: no decimals)
_RUPIAH = frozenset({"budget", "spending", "budget_plan", "budget_forward", "budget_draft", "budget_needs",
                     "plan_minus_needs", "spending_words", "budget_stated"})
#: columns in percent or percentage points (two decimals)
_PERCENT = frozenset({"achievement", "absorption", "absorption_stated", "absorption_reading", "reported",
                      "progress", "change_pct", "gap_pp", "mean_achievement", "min_achievement",
                      "max_achievement", "difference_pp", "absorption_computed"})
#: whole numbers that are labels, written without digit grouping (as the report pages do)
_LABELS = re.compile(r"(^|_)(year|line|row|page|order|group|number)s?($|_)")
#: columns that hold a series' source (``Tabel 2.2 line 655; narrative line 318``), written in the report's language
_SOURCE_COLUMNS = frozenset({"source", "realised_source", "target_source"})
#: code families of the tidy tables' columns that the report pages do not show (``workbook.code.<column>.<code>``)
_WORKBOOK_CODES = frozenset({"measure", "stage", "code_match", "origin", "source_kind"})
#: columns that name a table (``Tabel 2.1`` is ``Table 2.1`` in English; ``narrative`` is a word of the audit's)
_TABLE_COLUMNS = frozenset({"table", "other_table", "source_table"})


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name, the table as shown (headers and codes in words) and each cell's number format.

    ``formats[i][j]`` is the Excel number format of row ``i``, column ``j`` of
    ``frame`` (None for text and empty cells). ``codes`` is the frame the analysis
    returned (English column names, codes), the one ``frame`` shows.
    """

    key: str
    title: str
    frame: pd.DataFrame
    formats: tuple[tuple[str | None, ...], ...]
    codes: pd.DataFrame


# ---------------------------------------------------------------- the analyses

@dataclass
class _Run:
    """One document's analyses with one parameter set; what two analyses share is computed once."""

    doc: Any
    params: Mapping[str, Any]
    lang: str
    _achievement: pd.DataFrame | None = None

    def achievement(self) -> pd.DataFrame:
        from ..analyse import performance

        if self._achievement is None:
            self._achievement = performance.achievement_table(self.doc, method=self.params["method"],
                                                              directions_file=self.params["directions_file"])
        return self._achievement


def _labour_gaps(run: _Run) -> pd.DataFrame:
    from ..analyse import labour

    result = labour.series(run.doc, extra=[run.params["extra_indicators"], run.params["bps_files"]],
                           region=run.params["region"])  # as notebook 02 reads them
    gaps = labour.gap_to_target(result.frame, method=run.params["method"], pair_basis=run.params["pair_basis"])
    return gaps[["region", "indicator", "year", "realised_kind", "realised", "target", "gap_pp", "direction",
                 "method", "formula", "achievement", "band_key", "basis", "realised_source", "target_source",
                 "conflict"]]


def _absorption(run: _Run) -> pd.DataFrame:
    from ..analyse import budget

    frame = budget.absorption(run.doc)
    return frame[["year", "period", "subject", "level", "programme", "name", "budget", "spending", "absorption",
                  "absorption_stated", "absorption_reading", "reading", "flag", "derived", "source_lines"]]


def _indicators(run: _Run) -> pd.DataFrame:
    return run.achievement()[["year", "programme", "code", "level", "name", "indicator", "unit", "target",
                              "realised", "direction", "achievement", "band_key", "reported", "status",
                              "source_line"]]


def _programmes(run: _Run) -> pd.DataFrame:
    from ..analyse import performance

    frame = performance.rollup(run.achievement())
    return frame[["year", "code", "name", "n_indicators", "n_with_data", "n_without_data", "mean_achievement",
                  "band_key", "min_achievement", "max_achievement"]]


def _efficiency(run: _Run) -> pd.DataFrame:
    from ..analyse import performance

    frame = performance.efficiency(run.doc, method=run.params["method"],
                                   directions_file=run.params["directions_file"]).frame
    return frame[["year", "period", "programme", "name", "achievement", "band_key", "n_indicators", "absorption",
                  "quadrant"]]


def _plan_changes(run: _Run) -> pd.DataFrame:
    from ..analyse import budget

    frame = budget.plan_changes(run.doc)
    return frame[["code", "level", "name", "plan_year", "forward_year", "budget_plan", "budget_forward", "change",
                  "change_pct", "status", "source_line"]]


def _rkpd_review(run: _Run) -> pd.DataFrame:
    from ..analyse import budget

    frame = budget.draft_to_needs(run.doc)
    return frame[["group", "code", "level", "name", "indicator", "unit", "target_draft", "target_needs",
                  "budget_draft", "budget_needs", "change", "change_pct", "status", "budget_plan", "plan_minus_needs",
                  "code_match", "source_line"]]


def _audit(run: _Run) -> pd.DataFrame:
    from ..check import audit
    from .headlines import severity_first

    ranked = severity_first(audit.audit(run.doc, tolerance=run.params["tolerance"], lang=run.lang))
    return ranked[["severity", "rule", "table", "code", "source_line", "other_table", "other_line", "message"]
                  ].reset_index(drop=True)


#: The analysis sheets in the workbook's order: key -> how to compute its frame.
ANALYSES: dict[str, Callable[[_Run], pd.DataFrame]] = {
    "labour_gaps": _labour_gaps,
    "absorption": _absorption,
    "programmes": _programmes,
    "indicators": _indicators,
    "efficiency": _efficiency,
    "plan_changes": _plan_changes,
    "rkpd_review": _rkpd_review,
    "audit": _audit,
}

#: The document's tidy tables written after the analyses, as read (every column).
TIDY_TABLES = ("plan_budget", "plan_targets", "evaluation", "service_indicators", "rkpd_review", "proposals",
               "facts")


def parameters(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The workbook's parameters: ``params``' values of :data:`PARAMETERS`, the notebooks' defaults for the rest."""
    params = dict(params or {})
    return {name: default if params.get(name) is None else params[name]
            for name, default in PARAMETERS.items()}


def analysis_frames(doc, params: Mapping[str, Any] | None = None, lang: str = "id") -> dict[str, pd.DataFrame]:
    """Every analysis of :data:`ANALYSES` on ``doc`` with ``params`` (numbers and codes), then the tidy tables,
    keyed ``table.<name>``. ``lang`` is only the language of the audit's messages, which it writes itself."""
    run = _Run(doc, parameters(params), check_lang(lang))
    out = {key: analysis(run) for key, analysis in ANALYSES.items()}
    for name in TIDY_TABLES:  # a table the document does not hold (no Tabel 2.3, say) gets no sheet
        if name == "facts" or name in doc.tables:
            out[f"table.{name}"] = doc.facts if name == "facts" else doc.tables[name]
    return out


# ---------------------------------------------------------------- words

def header(column: str, lang: str, values: pd.Series | None = None) -> str:
    """A column's header in ``lang``, with its unit: the report pages' words, else the workbook's; else its name.

    >>> header("budget", "id"), header("budget_raw", "en")
    ('Pagu (Rp)', 'Budget as written')
    """
    if column == "status" and values is not None and _is_change_status(values):
        return tr("sentences.column.change_status", lang)
    if has(f"sentences.column.{column}"):
        return tr(f"sentences.column.{column}", lang)
    if has(f"workbook.column.{column}"):
        return tr(f"workbook.column.{column}", lang)
    return column


def _is_change_status(values: pd.Series) -> bool:
    present = [v for v in values.tolist() if isinstance(v, str)]
    return bool(present) and all(has(f"analysis.change.{v}") for v in present)


def _key_part(code: str) -> str:
    """A code as the last part of a catalogue key (``name+indicator`` -> ``name_indicator``)."""
    return re.sub(r"[^A-Za-z0-9_]+", "_", code)


def _word(column: str, value: Any, lang: str) -> Any:
    if not isinstance(value, str):
        return value
    families = list(CODE_FAMILIES.get("table" if column in _TABLE_COLUMNS else column, ()))
    if column in _WORKBOOK_CODES:
        families.append(lambda v: f"workbook.code.{column}.{_key_part(v)}")
    elif column == "status":  # a narrative figure's review status (draft, confirmed ...)
        families.append(lambda v: f"workbook.code.fact_status.{_key_part(v)}")
    for key_of in families:
        key = key_of(value)
        if key and has(key):
            return tr(key, lang)
    if column in _TABLE_COLUMNS:
        return Locator(table=value).table_words(lang)
    return value


def labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with its codes in words (a column of :data:`CODE_FAMILIES`, or a tidy table's ``measure``,
    ``stage``, ``code_match``, ``origin``), a series' source in ``lang``, the office's row named as the office,
    the facts' ``status`` in words; other values as they are. Column names are kept.

    >>> labelled(pd.DataFrame({"band_key": ["very_high", "low"], "n": [1, 2]}), "en")["band_key"].tolist()
    ['very high', 'low']
    """
    out = {}
    for column in frame.columns:
        name = str(column)
        values = frame[column].astype(object).where(frame[column].notna(), None)
        if name in _SOURCE_COLUMNS:
            values = values.map(lambda v: source_text(v, lang) if isinstance(v, str) else v)
        elif name in CODE_FAMILIES or name in _WORKBOOK_CODES or name in _TABLE_COLUMNS:
            values = values.map(lambda v, c=name: _word(c, v, lang))
        out[column] = values
    shown = pd.DataFrame(out, index=frame.index, columns=frame.columns)
    if "name" in frame.columns:
        office = pd.Series(False, index=frame.index)
        for column in ("level", "subject"):
            if column in frame.columns:
                office |= frame[column].astype(object).eq("office").fillna(False).astype(bool)
        shown["name"] = shown["name"].where(~(shown["name"].isna() & office), tr("analysis.office", lang))
    return shown


def number_format(column: str, value: Any) -> str | None:
    """The Excel number format of one value of ``column``: rupiah without decimals, percent with two, a year or a
    line number without digit grouping, a count without decimals, another number with two unless whole; None for
    text, a yes/no and an empty cell.

    >>> number_format("budget", 3456509470), number_format("absorption", 93.02), number_format("year", 2021)
    ('#,##0', '#,##0.00', '0')
    """
    if value is None or isinstance(value, (bool, str)) or not isinstance(value, (int, float)) or value != value:
        return None
    if column in _RUPIAH:
        return FORMAT_RUPIAH
    if column in _PERCENT:
        return FORMAT_PERCENT
    whole = float(value).is_integer()
    if _LABELS.search(column) and whole:
        return FORMAT_LABEL
    return FORMAT_COUNT if whole else FORMAT_DECIMAL


def _python(value: Any) -> Any:
    """A frame's value as a plain Python value (None for any missing value, and for an empty text: a cell Excel
    shows blank either way)."""
    if value is None or value is pd.NA or value is pd.NaT or value == "":
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


def sheet_of(key: str, codes: pd.DataFrame, lang: str) -> Sheet:
    """One :class:`Sheet` from the frame ``codes`` of the analysis or tidy table ``key``."""
    shown = labelled(codes.reset_index(drop=True), lang)
    rows = [[_python(v) for v in row] for row in shown.itertuples(index=False, name=None)]
    columns = [str(c) for c in codes.columns]
    formats = tuple(tuple(number_format(c, v) for c, v in zip(columns, row)) for row in rows)
    frame = pd.DataFrame(rows, columns=[header(c, lang, codes[c]) for c in columns], dtype=object)
    if key.startswith("table."):
        title = tr("workbook.sheet.table", lang, name=tr(f"workbook.table.{key[len('table.'):]}", lang))
    else:
        title = tr(f"workbook.sheet.{key}", lang)
    return Sheet(key, title, frame, formats, codes)


def analysis_tables(doc, lang: str = "id", params: Mapping[str, Any] | None = None) -> dict[str, Sheet]:
    """Every sheet of the analysis workbook but the "Tentang" sheet, in order: the analyses, then the tidy tables.

    ``params`` are the report's notebook parameters (``method``, ``pair_basis``,
    ``region``, ``extra_indicators``, ``bps_files``, ``directions_file``, ``tolerance``;
    others are ignored): the workbook shows what the report pages show.
    """
    lang = check_lang(lang)
    return {key: sheet_of(key, frame, lang) for key, frame in analysis_frames(doc, params, lang).items()}


# ---------------------------------------------------------------- the "Tentang" ("About") sheet

def _sha256(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _sources(doc, params: Mapping[str, Any]) -> list[tuple[str, Path]]:
    from ..read.directions import directions_path_for
    from ..read.narrative_facts import facts_path_for, skip_path_for

    path = Path(doc.path)
    found = [("document", path)]
    for kind, beside in (("facts", facts_path_for(path)), ("skip", skip_path_for(path))):
        if beside.is_file():
            found.append((kind, beside))
    directions = params["directions_file"] or directions_path_for(path)
    if Path(directions).is_file():
        found.append(("directions", Path(directions)))
    if params["extra_indicators"]:
        found.append(("extra_indicators", Path(params["extra_indicators"])))
    found += [("bps_files", Path(p)) for p in _paths(params["bps_files"])]
    return found


def _paths(value: Any) -> list[str]:
    """The paths of a ``paths`` parameter: none, one, or a list of them (nested lists flattened)."""
    if value is None or value == "":
        return []
    if isinstance(value, (list, tuple)):
        return [p for v in value for p in _paths(v)]
    return [str(value)]


def about_rows(doc, lang: str = "id", params: Mapping[str, Any] | None = None,
               sheets: Mapping[str, Sheet] | None = None) -> list[tuple[Any, ...]]:
    """The rows of the "Tentang" ("About") sheet: the document's identity, the parameters the analyses used, the
    sources (file name and SHA-256), the tool's version, and what each sheet holds. A row is ``(label, value)``
    or, for a section's title, ``(title,)``; a blank row is ``()``."""
    from .. import __version__

    lang = check_lang(lang)
    params = parameters(params)
    ident = doc.identity

    def known(value, part):
        return value if value not in (None, "") else tr(f"identity.unknown.{part}", lang)

    kind = ident.document_kind
    rows: list[tuple[Any, ...]] = [
        (tr("workbook.about.title", lang),), (),
        (tr("workbook.about.document", lang),),
        (tr("workbook.about.office", lang), known(ident.office, "office")),
        (tr("workbook.about.region", lang), known(ident.region, "region")),
        (tr("workbook.about.plan_year", lang), known(ident.plan_year, "plan_year")),
        (tr("workbook.about.document_kind", lang),
         tr(f"identity.document_kind.{kind}", lang) if kind and has(f"identity.document_kind.{kind}") else kind),
        (tr("workbook.about.date", lang), ident.date_text or tr("workbook.about.none", lang)),
        (), (tr("workbook.about.parameters", lang),),
        (tr("workbook.about.language", lang), lang),
    ]
    for name, value in params.items():
        if name == "bps_files":  # one path or a list: the file names
            value = ", ".join(Path(p).name for p in _paths(value)) or None
        shown = value if value is None or isinstance(value, (int, float, str)) else str(value)
        if isinstance(shown, str) and name in ("extra_indicators", "directions_file"):
            shown = Path(shown).name
        rows.append((tr(f"workbook.param.{name}", lang),
                     tr("workbook.about.none", lang) if shown is None else shown))
    rows += [(), (tr("workbook.about.sources", lang),),
             (tr("workbook.about.file", lang), tr("workbook.about.sha256", lang))]
    for kind, path in _sources(doc, params):
        rows.append((f"{tr(f'workbook.source.{kind}', lang)}: {path.name}", _sha256(path)))
    rows += [(tr("workbook.about.tool", lang), f"renja_lib {__version__}"), ()]
    if sheets:
        rows += [(tr("workbook.about.sheets", lang),)]
        rows += [(sheet.title, tr("workbook.about.rows", lang, n=len(sheet.frame))) for sheet in sheets.values()]
    rows += [(), (tr("workbook.about.formats", lang),)]
    return rows
