"""``load()``: a Renja document as tidy pandas tables, with where every value came from."""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

import pandas as pd
from pandera import errors as pa_errors

from ..config import DEFAULT_SOURCE
from ..errors import EnvironmentFault, InternalError, Problem, RenjaError, from_os_error
from ..text.catalogue import Message
from ..text.langs import message_language
from .identity import Identity, read_identity
from .locator import Locator
from .find_tables import TableSpan, find_tables, is_table_row, split_cells
from .schema import build_frame, dtype_errors
from .schema import validate as validate_frame
from .source import SourceText, read_source
from .parse_rows import ParsedTable, parse_table

__all__ = ["Renja", "load", "TABLE_NAMES", "row_numbers"]

#: the tidy tables a document can give, in the order they are written out
TABLE_NAMES = ("plan_budget", "plan_targets", "evaluation", "service_indicators", "rkpd_review", "proposals")


@dataclass
class Renja:
    """One document read: its tables, the extraction log and the problems found.

    ``tables`` holds one DataFrame per table found in the document; the
    attributes (``plan_budget``, ``evaluation``, ...) give an empty frame with the
    right columns when the document lacks that table.
    """

    path: Path
    source: SourceText
    tables: dict[str, pd.DataFrame]
    stated_totals: pd.DataFrame
    codes: pd.DataFrame
    log: pd.DataFrame
    problems: pd.DataFrame
    spans: list[TableSpan] = field(repr=False, default_factory=list)
    #: (table label, source_row) -> source_line: where each row of each table stands
    row_lines: dict[tuple[str, int], int] = field(repr=False, default_factory=dict)
    #: what the document says it is: office, region, plan year, kind, date (see :mod:`renja_lib.read.identity`)
    identity: Identity = field(default_factory=Identity)

    def _table(self, name: str) -> pd.DataFrame:
        if name in self.tables:
            return self.tables[name]
        return build_frame(name, [])

    @property
    def plan_budget(self) -> pd.DataFrame:
        """Tabel 4.1 budgets: one row per code and year."""
        return self._table("plan_budget")

    @property
    def plan_targets(self) -> pd.DataFrame:
        """Tabel 4.1 targets: one row per code, indicator and year."""
        return self._table("plan_targets")

    @property
    def evaluation(self) -> pd.DataFrame:
        """Tabel 2.1, long: one row per code, indicator, measure and year (both halves, ``part``)."""
        return self._table("evaluation")

    @property
    def service_indicators(self) -> pd.DataFrame:
        """Tabel 2.2: service indicators (TPT, TPAK, TKK, ...) by measure and year."""
        return self._table("service_indicators")

    @property
    def rkpd_review(self) -> pd.DataFrame:
        """Tabel 2.3: RKPD first draft against the needs analysis, budgets in rupiah."""
        return self._table("rkpd_review")

    @property
    def proposals(self) -> pd.DataFrame:
        """Tabel 2.4: stakeholder proposals."""
        return self._table("proposals")

    @property
    def years(self) -> dict[str, int]:
        """The plan year and the forward year, as the headers of the plan table name them."""
        years = sorted({int(y) for y in self.plan_budget["year"].tolist() if y is not None and y is not pd.NA and y == y})
        out = {}
        if years:
            out["plan"] = int(years[0])
        if len(years) > 1:
            out["forward"] = int(years[-1])
        return out

    @cached_property
    def facts(self) -> pd.DataFrame:
        """The narrative's figures: read from the narrative automatically (:mod:`renja_lib.read.narrative_reader`)
        and reviewed by the facts file beside the document when there is one (``<document>.facts.csv``, checked
        against the text; :mod:`renja_lib.read.fact_review`): ``origin`` (auto, curated) and ``status`` (draft,
        confirmed, corrected) say which; removed facts are left out (see :attr:`fact_review`)."""
        return self.fact_review.in_force

    @cached_property
    def fact_review(self):
        """The automatic facts merged with the facts file: ``.facts`` (every fact, removed ones too, with
        ``origin`` and ``status``) and ``.disagreements`` (what the file and the reader disagree on)."""
        from .fact_review import review_facts
        from .narrative_facts import facts_path_for, load_facts

        curated = load_facts(self.path, source=self.source) if facts_path_for(self.path).exists() else None
        return review_facts(self.narrative.facts, curated,
                            file_rows=None if curated is None else curated.attrs.get("file_rows"))

    @cached_property
    def narrative(self):
        """The figures read from the narrative automatically: ``.facts`` and ``.unresolved`` (figures that could
        not be tied to one quantity, subject, year and period, with the reason); read on first use."""
        from .narrative_reader import read_narrative
        from .subject_names import SubjectNames, subject_rows

        plan_year = self.years.get("plan") or self.identity.plan_year  # (the names from the rows: no frame built)
        region = (self.identity.region_kind or "", self.identity.region_name or "")  # ("", ""): unknown
        return read_narrative(self.source.lines, SubjectNames(subject_rows(self)), plan_year=plan_year,
                              locate=lambda n: Locator(self.source.kind, page=self.source.page(n), line=n),
                              region=region)

    def row_cells(self, table: str, row: int) -> list[str]:
        """The cells of row ``row`` of table ``table`` (``"Tabel 2.3"``), as the document writes them.

        ``row`` is a ``source_row`` (see :mod:`renja_lib.read.locator`); the cells are
        in the table's column order, stripped of spaces, before any reading (a row
        the text shifted right stays shifted). An empty list for a row the table
        does not have.

        >>> doc = load()
        >>> doc.row_cells("Tabel 4.1", 1)[0]
        '2 07 01'
        """
        line = self.row_lines.get((table, int(row)))
        return split_cells(self.source.line(line)) if line is not None else []

    def locator(self, line: int | None, table: str | None = None) -> Locator:
        """The :class:`~renja_lib.read.locator.Locator` of a line (and the row it is of ``table``, if any).

        >>> load().locator(965, "Tabel 4.1").describe("id", by="row")
        'Tabel 4.1 baris 1'
        """
        if line is None:
            return Locator(self.source.kind, table=table)
        rows = {(t, ln): r for (t, r), ln in self.row_lines.items()}
        return Locator(self.source.kind, page=self.source.page(int(line)), line=int(line), table=table,
                       row=rows.get((table, int(line))))

    def prose_lines(self) -> list[tuple[int, str]]:
        """``(source_line, text)`` of every line that is no table row: the narrative, headings and titles.

        Table rows are told apart by how the source writes them (a text file: cells
        separated by tabs, so the rows of a table of contents are table rows too).
        """
        return [(n, text) for n, text in enumerate(self.source.lines, start=1) if not is_table_row(text)]

    def programmes(self, year: int | None = None) -> pd.DataFrame:
        """The plan's programmes with their budget for ``year`` (default: the plan year)."""
        year = year if year is not None else self.years.get("plan")
        pb = self.plan_budget
        rows = pb[(pb["level"] == "program") & (pb["year"] == year)]
        return rows[["code", "name", "year", "budget", "source_line"]].reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """One row per table found: label, kind, title, lines, data rows and problems."""
        log = self.log
        data = log[log["role"].str.startswith(("data_row", "continuation_row"))].groupby("table").size()
        problems = self.problems.groupby("table").size() if len(self.problems) else pd.Series(dtype="int64")
        rows = []
        for s in self.spans:
            rows.append({"table": s.label, "kind": s.kind, "title": s.title, "first_line": s.start,
                         "last_line": s.end, "rows": int(data.get(s.label, 0)),
                         "problems": int(problems.get(s.label, 0))})
        return pd.DataFrame(rows)


_JOINER_SPACES, _NOT_NAME_CHARS = re.compile(r"\s*([-/])\s*"), re.compile(r"[^\w/()-]+")


def _norm_name(text: str | None) -> str:
    """A name as compared: lower case, no spaces around "-" or "/", other marks as spaces, spaces single."""
    t = (text or "").lower()
    t = _JOINER_SPACES.sub(r"\1", t) if "-" in t or "/" in t else t  # (nothing to join without either)
    return " ".join(_NOT_NAME_CHARS.sub(" ", t).split())


def _link_rkpd_codes(records: list[dict], code_rows: list[dict]) -> None:
    """Give each Tabel 2.3 row the Tabel 4.1 code whose name (and, if ambiguous, indicator) matches."""
    plan_codes = [c for c in code_rows if c["table_kind"] == "plan"]
    order = {c["code"]: i for i, c in enumerate(plan_codes)}
    by_name: dict[str, list[dict]] = {}
    for c in plan_codes:
        by_name.setdefault(_norm_name(c["name"]), []).append(c)
    last: dict[str, int] = {}
    current: dict[str, tuple[str | None, str | None]] = {}
    for rec in records:
        stage = rec["stage"]
        if rec["continuation"]:
            rec["code"], rec["code_match"] = current.get(stage, (None, None))
            continue
        cands = by_name.get(_norm_name(rec["name"]), [])
        code, how = None, None
        if len(cands) == 1:
            code, how = cands[0]["code"], "name"
        elif len(cands) > 1:
            ind = _norm_name(rec["indicator"])
            by_ind = [c for c in cands if ind and ind in c["indicators"]]
            if len(by_ind) == 1:
                code, how = by_ind[0]["code"], "name+indicator"
            else:
                after = [c for c in cands if order[c["code"]] > last.get(stage, -1)]
                if after:
                    code, how = after[0]["code"], "name+order"
        if code is not None:
            last[stage] = order[code]
        rec["code"], rec["code_match"] = code, how
        current[stage] = (code, how)


#: roles of the body lines that are no row of the table: the header and column numbers a page break repeats
_NOT_ROWS = ("header_repeat", "column_numbers")


def row_numbers(pt: ParsedTable, lines: tuple[str, ...]) -> dict[int, int]:
    """Line -> ``source_row`` of one parsed table: its body rows counted from 1 in document order.

    Blank rows (tabs only) and the header and column numbers repeated at a page
    break are not rows; every other body line is one (a row that continues the one
    above included), whether it was read or not. Header, title and signature lines
    have no row.
    """
    out: dict[int, int] = {}
    for ln in pt.span.row_lines:
        role = pt.row_roles.get(ln, ("", ""))[0]
        if role in _NOT_ROWS or not any(split_cells(lines[ln - 1])):
            continue
        out[ln] = len(out) + 1
    return out


def _locating(src: SourceText, label: str, rows: dict[int, int]):
    """A function giving a record of table ``label`` its locator columns (kind, page, table, row) from its line."""
    def locate(rec: dict) -> dict:
        ln = rec["source_line"]
        rec.update(source_kind=src.kind, source_page=src.page(ln), source_table=label, source_row=rows.get(ln))
        return rec
    return locate


def _validated(name: str, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The full pandera check; a failure is a bug here (every unreadable cell is a problem, missing)."""
    try:
        return validate_frame(name, frame)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.head(5)[["column", "check", "failure_case", "index"]].to_dict("records")
        raise InternalError(Message("errors_read.document.schema_failure", name=name, n=len(cases), first=first),
                            path=path) from exc


def load(source: str | Path | None = None, *, validate: bool = False) -> Renja:
    """Read every table of a Renja document.

    ``source`` defaults to the bundled document. Raises :class:`RenjaError` for a
    file that is missing, empty, binary or holds no Renja table, and for a table
    header whose years are not years (``Tahun 3023``) or do not follow the
    layout; :class:`~renja_lib.errors.EnvironmentFault` for a file that cannot
    be read (permission denied). Anything inside the tables that cannot be read
    (a control character or a typo in a number, a negative budget, an amount too
    large for its column) is a *problem* (see ``Renja.problems``) and its value
    stays missing. ``load`` raises nothing but :class:`RenjaError` and its
    subclasses: an exception nobody expected (a bug) becomes
    :class:`~renja_lib.errors.InternalError`, chained to the original.

    Every table is built with the columns and dtypes of its schema
    (:mod:`renja_lib.read.schema`) and checked against them. ``validate=True`` also
    runs the full pandera validation (allowed measures and levels, year ranges,
    non-negative budgets); it costs about three times the reading itself, so the
    ``renja extract`` command and the tests run it, and interactive loading
    need not.

    >>> doc = load()
    >>> int(doc.plan_budget.query("level == 'program' and year == 2023")["budget"].sum())
    5168369010
    """
    try:
        path = Path(source) if source is not None else DEFAULT_SOURCE
    except TypeError:
        raise RenjaError(Message("errors_read.document.not_a_path", type=type(source).__name__,
                                 value=str(source)[:80])) from None
    try:
        return _load(path, validate)
    except RenjaError:
        raise
    except MemoryError as exc:
        raise EnvironmentFault(Message("errors_read.document.out_of_memory"), path=path) from exc
    except OSError as exc:
        raise from_os_error(exc, path=path, doing=Message("errors_read.document.cannot_read")) from exc
    except Exception as exc:  # a bug in this package: one RenjaError, the traceback kept in the chain
        detail = " ".join(f"{type(exc).__name__}: {exc}".split())
        raise InternalError(Message("errors_read.document.internal", detail=detail[:300]), path=path) from exc


def _written(text, lang: str) -> str:
    """A reading problem's message or a log line's detail as text in ``lang``: a Message rendered, a text kept.

    The problems table and the extraction log hold text, in the language of error
    messages (:func:`~renja_lib.text.use_language`) when the document is read.

    >>> _written(Message("errors_read.detail.tabs_only"), "en"), _written("as written", "en")
    ('tabs only', 'as written')
    """
    return text.render(lang) if hasattr(text, "render") else text


def _load(path: Path, validate: bool) -> Renja:
    """:func:`load` without the wrapping of unexpected exceptions."""
    lang, texts = message_language(), {}

    def text(message):  # a log line's detail or a problem's message, written once per load and language
        if message not in texts:
            texts[message] = _written(message, lang)
        return texts[message]

    src = read_source(path)
    spans = find_tables(src.lines)
    if not any(s.kind for s in spans):
        raise RenjaError(Message("errors_read.document.no_tables_unknown", n=len(spans)) if spans
                         else Message("errors_read.document.no_tables"), path=path)
    file = str(path)
    parsed: list[ParsedTable] = [parse_table(s, src.lines, file) for s in spans]
    records: dict[str, list[dict]] = {}
    totals: list[dict] = []
    code_rows: list[dict] = []
    problems: list[Problem] = []
    log: list[dict] = []
    row_lines: dict[tuple[str, int], int] = {}
    for pt in parsed:
        span = pt.span
        rows = row_numbers(pt, src.lines)
        locate = _locating(src, span.label, rows)
        for name, recs in pt.records.items():
            records.setdefault(name, []).extend(locate(r) for r in recs)
        totals += [locate(t) for t in pt.stated_totals]
        for c in pt.codes:
            code_rows.append({**locate(c), "table_kind": pt.kind})
        table_problems = list(pt.problems)
        for ln in range(span.start, span.end + 1):
            if ln in span.roles:
                role, detail = span.roles[ln], ""
            elif ln in pt.row_roles:
                role, detail = pt.row_roles[ln]
            else:
                role, detail = "unclassified", Message("errors_read.detail.not_recognised")
                table_problems.append(Problem(file, ln, span.label, "", src.line(ln), detail))
            log.append(locate({"file": file, "line": ln, "table": span.label, "role": role,
                               "detail": text(detail) or None, "text": src.line(ln), "source_line": ln}))
        if span.runs_to_end_of_file:
            table_problems.append(Problem(
                file, span.end, span.label, "", src.line(span.end),
                Message("errors_read.document.ends_inside", table=span.label, line=span.end)))
        problems += [replace(p, kind=src.kind, page=src.page(p.line) if p.line is not None else None,
                             row=rows.get(p.line)) for p in table_problems]
        for ln, row in rows.items():
            row_lines.setdefault((span.label, row), ln)
    # plan indicators per code, for linking Tabel 2.3 names that repeat
    indicators_by_code: dict[str, set[str]] = {}
    for rec in records.get("plan_targets", []):
        indicators_by_code.setdefault(rec["code"], set()).add(_norm_name(rec["indicator"]))
    for c in code_rows:
        c["indicators"] = indicators_by_code.get(c["code"], set())
    if "rkpd_review" in records:
        _link_rkpd_codes(records["rkpd_review"], code_rows)
    tables: dict[str, pd.DataFrame] = {}
    for name in TABLE_NAMES:
        if name in records:
            frame = build_frame(name, records[name])
            errors = dtype_errors(name, frame)
            if errors:  # a bug in this package, not in the document
                raise InternalError(Message("errors_read.document.dtype", name=name, errors="; ".join(errors)),
                                    path=path)
            tables[name] = _validated(name, frame, path) if validate else frame
    codes = build_frame("codes", [{k: v for k, v in c.items() if k not in ("table_kind", "indicators")}
                                  for c in code_rows])
    identity, identity_problems = _identity(src, tables)
    problems += [Problem(file, line, "", "", raw, Message(key, **fields), kind=src.kind,
                         page=src.page(line) if line else None) for line, raw, key, fields in identity_problems]
    # what the rendering of a PDF or .docx could not read (a page without a text layer ...), first
    problems[:0] = [Problem(file, rp.line, "", "", rp.raw, rp.message, kind=src.kind,
                            page=rp.page if rp.page is not None else (src.page(rp.line) if rp.line else None))
                    for rp in src.problems]
    problems_frame = build_frame("problems", [{**p.record(), "message": text(p.message)} for p in problems])
    return Renja(
        path=path,
        source=src,
        tables=tables,
        stated_totals=build_frame("stated_totals", totals),
        codes=codes,
        log=build_frame("extraction_log", log),
        problems=problems_frame,
        spans=spans,
        row_lines=row_lines,
        identity=identity,
    )


def _identity(src: SourceText, tables: dict[str, pd.DataFrame]) -> tuple[Identity, list]:
    """The document's identity, its plan year checked against the first year of the plan table (Tabel 4.1)."""
    table_year = None
    plan = tables.get("plan_budget")
    if plan is not None and len(plan) and plan["year"].notna().any():
        year = int(plan["year"].min())
        line = plan.loc[plan["year"] == year, "source_line"].min()
        table_year = (year, int(line) if pd.notna(line) else None)
    identity, problems = read_identity(src.lines, table_plan_year=table_year,
                                       locate=lambda n: Locator(src.kind, page=src.page(n), line=n))
    problems = [(line, raw, key, {**fields, "parts": [Message(f"identity.part.{p}") for p in fields["parts"]]}
                 if "parts" in fields else fields) for line, raw, key, fields in problems]
    return identity, problems
