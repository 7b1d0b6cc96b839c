"""Parsing the rows of each kind of table into tidy records.

Column meanings come from the header text (keywords and the years the headers
name), never from positions or constants, so that the same code reads next
year's document (plan 2024, forward estimate 2025) and a document whose tables
have their columns in another order.

A header whose years are not years (``Tahun 3023``, ``Tahun 2O23``) or do not
follow the layout (Tabel 4.1: the plan year and the forward year the title
names; no two columns of one measure for one year) is one :class:`RenjaError`
naming the header line: the meaning of every column under it is unknown. A
cell that cannot be read is a problem and its value stays missing: a number
holding a control character, a negative budget (never a valid pagu), an amount
of 2**63 rupiah or more (beyond the 64-bit column).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..parse.codes import parse_code
from ..errors import Problem, RenjaError
from .find_tables import TableSpan, column_formulas, is_column_number_row, split_cells
from ..parse.numbers import NumberParseError, is_missing, parse_number, parse_quantity, parse_rupiah
from ..text.catalogue import Message
from .user_tables import join_messages

__all__ = ["Column", "ParsedTable", "parse_table", "header_columns"]

#: the largest amount a column of 64-bit whole numbers (pandas Int64) holds: 2**63 - 1
MAX_AMOUNT = 2**63 - 1

#: joins a group header and its sub-label in a column label
SEP = " » "
#: a year in a header: four digits standing alone (not part of 1.234 or 12,50)
_YEAR = re.compile(r"(?<![\w.,])(\d{4})(?![\w,]|\.\d)")
#: what a header writes after "Tahun": a year, a range of years, or a typo such as 2O23 or 20233
_AFTER_TAHUN = re.compile(r"\btahun\s*(?P<tok>\d[^\s/()]*)", re.I)
#: the years a Renja header can name; anything outside is a typo (3023, 1023)
MIN_YEAR, MAX_YEAR = 1945, 2100


@dataclass(frozen=True)
class Column:
    """What one column of a table holds."""

    pos: int
    label: str                    # the header text, group and sub-label joined by " » "
    field: str                    # code, name, indicator, location, target, budget, ...
    year: int | None = None
    measure: str | None = None    # for evaluation / service-indicator value columns
    stage: str | None = None      # draft / needs (Tabel 2.3)
    multiplier: int = 1           # 1000 where the header says (Rp.000)
    unit_label: str | None = None  # "Rp.000" as the header writes it


@dataclass
class ParsedTable:
    """The records one table gives, with the role of every row line and its problems."""

    kind: str
    span: TableSpan
    columns: list[Column]
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: line -> (role, detail): the detail a Message (written in the extraction log's language) or ""
    row_roles: dict[int, tuple[str, Message | str]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    stated_totals: list[dict[str, Any]] = field(default_factory=list)
    codes: list[dict[str, Any]] = field(default_factory=list)
    by_field: dict[str, list[Column]] = field(default_factory=dict)


def header_columns(header_rows: list[list[str]]) -> list[str]:
    """Join a table's header rows into one label per column.

    A group header (``Rencana Tahun 2023`` over ``Lokasi``, ``Target``, ...) is
    carried right over the empty cells of the top row where the row below has
    sub-labels.
    """
    width = max(len(r) for r in header_rows)
    rows = [r + [""] * (width - len(r)) for r in header_rows]
    if len(rows) == 1:
        return rows[0]
    top, subs = rows[0], rows[1:]
    labels = []
    group = ""
    for i in range(width):
        sub = SEP.join(s[i] for s in subs if s[i])
        if top[i]:
            group = top[i] if sub else ""
            labels.append(f"{top[i]}{SEP}{sub}" if sub else top[i])
        elif sub:
            labels.append(f"{group}{SEP}{sub}" if group else sub)
        else:
            group = ""
            labels.append("")
    return labels


def _year(text: str) -> int | None:
    """The last plausible year ``text`` names (an implausible one is refused by :func:`_check_header_years`)."""
    years = [int(y) for y in _YEAR.findall(text) if MIN_YEAR <= int(y) <= MAX_YEAR]
    return years[-1] if years else None


def _sub(label: str) -> str:
    return label.split(SEP)[-1]


def _has(text: str, *words: str) -> bool:
    t = text.lower()
    return any(w in t for w in words)


# ---------------------------------------------------------------- column roles

def _roles_evaluation(labels: list[str], formulas: dict[int, tuple[int, ...]]) -> list[Column]:
    cols: list[Column] = []
    for pos, label in enumerate(labels):
        sub = _sub(label).lower()
        low = label.lower()
        if pos == 0 or sub in ("kode", "no", "no."):
            cols.append(Column(pos, label, "code"))
        elif _has(sub, "indikator"):
            cols.append(Column(pos, label, "indicator"))
        elif _has(sub, "urusan", "program /", "program/", "kegiatan") and not _has(sub, "target", "realisasi"):
            cols.append(Column(pos, label, "name"))
        elif _has(sub, "tingkat", "capaian (%)") or "(%)" in sub:
            measure = "renstra_achievement_reported" if "renstra" in sub else "achievement_reported"
            cols.append(Column(pos, label, "value", measure=measure, year=_year(_sub(label))))
        elif _has(sub, "realisasi") and _has(sub, "s/d", "sampai"):
            cols.append(Column(pos, label, "value", measure="realization_to_date", year=_year(_sub(label))))
        elif _has(sub, "realisasi"):
            cols.append(Column(pos, label, "value", measure="realization", year=_year(_sub(label))))
        elif _has(low, "target") and _has(low, "renstra"):
            cols.append(Column(pos, label, "value", measure="renstra_target", year=_year(label)))
        elif _has(sub, "target"):
            cols.append(Column(pos, label, "value", measure="target", year=_year(_sub(label)) or _year(label)))
        else:
            cols.append(Column(pos, label, "ignored"))
    # achievement columns name no year: take it from the column their formula divides
    out = []
    for c in cols:
        if c.field == "value" and c.year is None and c.pos in formulas and formulas[c.pos]:
            ref = formulas[c.pos][0]
            c = Column(c.pos, c.label, c.field, year=cols[ref].year, measure=c.measure)
        out.append(c)
    return out


def _roles_service(labels: list[str], formulas) -> list[Column]:
    cols = []
    for pos, label in enumerate(labels):
        low, sub = label.lower(), _sub(label).lower()
        if pos == 0:
            cols.append(Column(pos, label, "number"))
        elif _has(sub, "indikator"):
            cols.append(Column(pos, label, "indicator"))
        elif _has(sub, "spm"):
            cols.append(Column(pos, label, "spm"))
        elif sub == "ikk":
            cols.append(Column(pos, label, "ikk"))
        elif _has(low, "catatan"):
            cols.append(Column(pos, label, "note"))
        elif _has(low, "proyeksi"):
            cols.append(Column(pos, label, "value", measure="projection", year=_year(label)))
        elif _has(low, "realisasi"):
            cols.append(Column(pos, label, "value", measure="realization", year=_year(label)))
        elif _has(low, "target"):
            cols.append(Column(pos, label, "value", measure="target", year=_year(label)))
        else:
            cols.append(Column(pos, label, "ignored"))
    return cols


def _multiplier(label: str) -> tuple[int, str | None]:
    m = re.search(r"\(\s*(rp\.?\s*\.?0{3}(?:\.0{3})*)\s*\)", label, re.I)
    if not m:
        return 1, None
    zeros = m.group(1).count("0")
    return 10 ** zeros, m.group(1)


def _roles_rkpd(labels: list[str], formulas) -> list[Column]:
    cols = []
    for pos, label in enumerate(labels):
        low, sub = label.lower(), _sub(label).lower()
        stage = "draft" if "rancangan" in low else "needs" if ("kebutuhan" in low.split(SEP)[0] or "analisis" in low) else None
        if pos == 0:
            cols.append(Column(pos, label, "group"))
        elif stage is None and _has(low, "catatan"):
            cols.append(Column(pos, label, "note"))
        elif stage and _has(sub, "program", "kegiatan"):
            cols.append(Column(pos, label, "name", stage=stage))
        elif stage and _has(sub, "lokasi"):
            cols.append(Column(pos, label, "location", stage=stage))
        elif stage and _has(sub, "indikator"):
            cols.append(Column(pos, label, "indicator", stage=stage))
        elif stage and _has(sub, "target"):
            cols.append(Column(pos, label, "target", stage=stage))
        elif stage and _has(sub, "pagu", "dana"):
            mult, unit = _multiplier(_sub(label))
            cols.append(Column(pos, label, "budget", stage=stage, multiplier=mult, unit_label=unit))
        else:
            cols.append(Column(pos, label, "ignored"))
    return cols


#: Tabel 2.4's columns: the first one whose header holds one of the words gets the role (the first column is
#: the group number; a header with none of the words is ignored).
_PROPOSAL_ROLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("name", ("program", "kegiatan")), ("location", ("lokasi",)), ("indicator", ("indikator",)),
    ("volume", ("volume", "besaran", "target")), ("note", ("catatan",)),
)


def _roles_proposals(labels: list[str], formulas) -> list[Column]:
    def role(pos: int, low: str) -> str:
        if pos == 0:
            return "group"
        return next((name for name, words in _PROPOSAL_ROLES if _has(low, *words)), "ignored")

    return [Column(pos, label, role(pos, label.lower())) for pos, label in enumerate(labels)]


def _roles_plan(labels: list[str], formulas) -> list[Column]:
    cols = []
    for pos, label in enumerate(labels):
        low, sub = label.lower(), _sub(label).lower()
        year = _year(label)
        if pos == 0 or sub == "kode":
            cols.append(Column(pos, label, "code"))
        elif _has(sub, "indikator"):
            cols.append(Column(pos, label, "indicator"))
        elif _has(sub, "urusan", "program/", "program /") and year is None:
            cols.append(Column(pos, label, "name"))
        elif _has(sub, "lokasi"):
            cols.append(Column(pos, label, "location", year=year))
        elif _has(sub, "target"):
            cols.append(Column(pos, label, "target", year=year))
        elif _has(sub, "pagu", "kebutuhan dana"):
            mult, unit = _multiplier(_sub(label))
            cols.append(Column(pos, label, "budget", year=year, multiplier=mult, unit_label=unit))
        elif _has(sub, "sumber dana"):
            cols.append(Column(pos, label, "funding_source", year=year))
        elif _has(low, "catatan"):
            cols.append(Column(pos, label, "note"))
        else:
            cols.append(Column(pos, label, "ignored"))
    return cols


_ROLE_FUNCS: dict[str, Callable[..., list[Column]]] = {
    "evaluation": _roles_evaluation,
    "service_indicators": _roles_service,
    "rkpd_review": _roles_rkpd,
    "proposals": _roles_proposals,
    "plan": _roles_plan,
}

#: fields a table must have for its rows to be read
REQUIRED_FIELDS = {
    "evaluation": {"code", "name", "indicator", "value"},
    "service_indicators": {"indicator", "value"},
    "rkpd_review": {"name", "indicator", "target", "budget"},
    "proposals": {"name", "indicator", "volume"},
    "plan": {"code", "name", "indicator", "target", "budget"},
}


# ---------------------------------------------------------------- row parsing

class _RowReader:
    """Reads cells of one row, turning unreadable cells into problems (value stays missing)."""

    def __init__(self, table: ParsedTable, path: str, line: int, cells: list[str]):
        self.t, self.path, self.line, self.cells = table, path, line, cells

    def text(self, col: Column | None) -> str:
        if col is None or col.pos >= len(self.cells):
            return ""
        return self.cells[col.pos]

    def problem(self, col: Column | None, raw: str, message: Message) -> None:
        self.t.problems.append(Problem(self.path, self.line, self.t.span.label, col.label if col else "", raw, message))

    def quantity(self, col: Column):
        raw = self.text(col)
        try:
            return parse_quantity(raw)
        except NumberParseError as exc:
            self.problem(col, raw, exc.message)
            return None

    def rupiah(self, col: Column) -> int | None:
        raw = self.text(col)
        if is_missing(raw):
            return None
        try:
            if col.multiplier == 1:
                amount = parse_rupiah(raw)
            else:
                value = parse_number(raw) * col.multiplier
                if value != value.to_integral_value():
                    raise NumberParseError(raw, Message("errors_read.numbers.expected.amount_in_unit",
                                                        unit=col.unit_label))
                amount = int(value)
        except NumberParseError as exc:
            self.problem(col, raw, exc.message)
            return None
        if amount is None:
            return None
        if amount < 0:
            self.problem(col, raw, Message("errors_read.rows.negative_budget", raw=raw))
            return None
        if amount > MAX_AMOUNT:
            limit = f"{MAX_AMOUNT:,}".replace(",", ".")
            self.problem(col, raw, Message("errors_read.rows.too_large", limit=limit, raw=raw))
            return None
        return amount


def _first(cols: dict[str, list[Column]], name: str, **kw) -> Column | None:
    for c in cols.get(name, ()):
        if all(getattr(c, k) == v for k, v in kw.items()):
            return c
    return None


def _all(cols: dict[str, list[Column]], name: str) -> list[Column]:
    return cols.get(name, [])


def _is_header_repeat(cells: list[str], header_rows: list[list[str]]) -> bool:
    trimmed = _rstrip_cells(cells)
    return any(trimmed == _rstrip_cells(h) for h in header_rows) and any(cells)


def _changed_header_repeat(cells: list[str], header_rows: list[list[str]]) -> tuple[int, list[int]] | None:
    """A header row repeated at a page break with some cells changed: (header row index, changed positions).

    Most of the header row's labels (at least three, and at least 60 %) must be
    there, each in its place, and nothing where the header has no label.
    """
    for i, header in enumerate(header_rows):
        labelled = [j for j, c in enumerate(header) if c]
        if len(labelled) < 3:
            continue
        if any(c for j, c in enumerate(cells) if c and (j >= len(header) or not header[j])):
            continue
        same = [j for j in labelled if j < len(cells) and cells[j] == header[j]]
        if len(same) >= 0.6 * len(labelled):
            return i, [j for j in labelled if j not in same]
    return None


def _rstrip_cells(cells: list[str]) -> list[str]:
    out = list(cells)
    while out and not out[-1]:
        out.pop()
    return out


# ---------------------------------------------------------------- header years

def _header_cell_line(span: TableSpan, lines: tuple[str, ...], text: str) -> int:
    """The header line whose cells hold ``text`` (the first header line when none does)."""
    for ln in span.header_lines:
        if text and text in lines[ln - 1]:
            return ln
    return span.header_lines[0] if span.header_lines else span.start


def _bad_year(text: str) -> str | None:
    """The first thing ``text`` writes as a year that is not a plausible year (``3023``, ``2O23``), else None."""
    for m in _AFTER_TAHUN.finditer(text):
        tok = m.group("tok").rstrip(".,;:")
        if len(tok) < 3:  # "Tahun 1" .. "Tahun 5": the years of a five-year plan, counted
            continue
        parts = re.split(r"\s*[-–—]\s*", tok)
        if not all(re.fullmatch(r"\d{4}", p_) and MIN_YEAR <= int(p_) <= MAX_YEAR for p_ in parts):
            return tok
    if not re.search(r"\brp\b", text, re.I):  # "(Rp 1000)" is a unit, not a year
        for y in _YEAR.findall(text):
            if 1000 <= int(y) <= 3999 and not MIN_YEAR <= int(y) <= MAX_YEAR:
                return y
    return None


def _year_error(span: TableSpan, what: Message, text: str, bad: str, path: str, line: int) -> RenjaError:
    return RenjaError(Message("errors_read.rows.bad_year", table=span.label, what=what, text=text, bad=bad,
                              min=MIN_YEAR, max=MAX_YEAR), path=path, line=line)


def _check_header_years(span: TableSpan, header_rows: list[list[str]], lines: tuple[str, ...], path: str) -> None:
    """Every year a header names is a plausible year; RenjaError naming the header line otherwise."""
    for ln, cells in zip(span.header_lines, header_rows):
        for cell in cells:
            bad = _bad_year(cell)
            if bad is not None:
                raise _year_error(span, Message("errors_read.rows.year_what.header_cell"), cell, bad, path, ln)


def _check_unique_columns(table: ParsedTable, lines: tuple[str, ...], path: str) -> None:
    """Two value columns for one measure and one year: the layout's years are wrong (a typo)."""
    span = table.span
    seen: dict[tuple, Column] = {}
    for c in table.columns:
        if c.field not in ("value", "budget", "target", "location", "funding_source") or c.year is None:
            continue
        key = (c.field, c.measure, c.stage, c.year)
        if key in seen:
            raise RenjaError(Message("errors_read.rows.same_year", table=span.label, year=c.year,
                                     first=seen[key].label, second=c.label),
                             path=path, line=_header_cell_line(span, lines, c.label.split(SEP)[-1]))
        seen[key] = c


def _title_years(span: TableSpan) -> list[int]:
    return [int(y) for y in _YEAR.findall(span.title) if MIN_YEAR <= int(y) <= MAX_YEAR]


def _check_plan_years(table: ParsedTable, lines: tuple[str, ...], path: str) -> None:
    """Tabel 4.1: the plan year over its columns, the forward year over the forward-estimate columns.

    The years must be those the title names (``Tahun 2023 dan Prakiraan Maju Tahun
    2024``); without years in the title, the forward year is the plan year + 1.
    """
    span = table.span
    dated = [c for c in table.columns if c.field in ("location", "target", "budget", "funding_source")]
    for c in dated:
        if c.year is None:
            raise RenjaError(Message("errors_read.rows.no_year", table=span.label, column=c.label),
                             path=path, line=_header_cell_line(span, lines, c.label.split(SEP)[0]))
    forward = [c for c in dated if "prakiraan" in c.label.lower()]
    plan = [c for c in dated if c not in forward]
    plan_years = sorted({c.year for c in plan})
    forward_years = sorted({c.year for c in forward})
    for ln, role in sorted(span.roles.items()):
        if role == "title" and ln != span.start:
            bad = _bad_year(lines[ln - 1])
            if bad is not None:
                raise _year_error(span, Message("errors_read.rows.year_what.title"), lines[ln - 1].strip(), bad,
                                  path, ln)
    titled = _title_years(span)
    if titled:
        expected_plan = titled[0]
        expected_forward = titled[1] if len(titled) > 1 else expected_plan + 1
        why = Message("errors_read.rows.why.title", title=span.title)
    else:
        expected_plan = plan_years[0] if plan_years else (forward_years[0] - 1 if forward_years else None)
        expected_forward = expected_plan + 1 if expected_plan is not None else None
        why = Message("errors_read.rows.why.next_year")
    for cols, expected, what in ((plan, expected_plan, "plan"), (forward, expected_forward, "forward")):
        for c in cols:
            if c.year != expected:
                raise RenjaError(Message("errors_read.rows.wrong_year", table=span.label, year=c.year,
                                         what=Message(f"errors_read.rows.column_what.{what}"), column=c.label,
                                         plan=expected_plan, forward=expected_forward, why=why),
                                 path=path, line=_header_cell_line(span, lines, c.label.split(SEP)[0]))


def parse_table(span: TableSpan, lines: tuple[str, ...], path: str) -> ParsedTable:
    """Parse one located table; every row line gets a role, every unreadable cell a problem."""
    header_rows = [split_cells(lines[h - 1]) for h in span.header_lines]
    labels = header_columns(header_rows)
    formulas = column_formulas(split_cells(lines[span.column_number_line - 1])) if span.column_number_line else {}
    kind = span.kind or "unknown"
    table = ParsedTable(kind, span, [])
    if span.kind is None:
        for ln in span.row_lines:
            table.row_roles[ln] = ("unrecognised_table", "")
        table.problems.append(Problem(path, span.start, span.label, "", span.title,
                                      Message("errors_read.rows.unknown_kind")))
        return table
    _check_header_years(span, header_rows, lines, path)
    table.columns = _ROLE_FUNCS[kind](labels, formulas)
    for c in table.columns:
        table.by_field.setdefault(c.field, []).append(c)
    missing = REQUIRED_FIELDS[kind] - {c.field for c in table.columns}
    if missing:
        for ln in span.row_lines:
            table.row_roles[ln] = ("unreadable_header", "")
        table.problems.append(Problem(
            path, span.header_lines[0] if span.header_lines else span.start, span.label, "", " | ".join(labels),
            Message("errors_read.rows.no_columns", fields=", ".join(sorted(missing)))))
        return table
    if kind == "plan":
        _check_plan_years(table, lines, path)
    _check_unique_columns(table, lines, path)
    width = len(labels)
    parser = _PARSERS[kind]
    state: dict[str, Any] = {}
    for ln in span.row_lines:
        cells = split_cells(lines[ln - 1])
        if not any(cells):
            table.row_roles[ln] = ("blank", Message("errors_read.detail.tabs_only"))
            continue
        if _is_header_repeat(cells, header_rows):
            table.row_roles[ln] = ("header_repeat", Message("errors_read.detail.header_repeat"))
            continue
        if is_column_number_row(cells):
            table.row_roles[ln] = ("column_numbers", Message("errors_read.detail.column_numbers"))
            continue
        changed = _changed_header_repeat(cells, header_rows)
        if changed is not None:
            row, positions = changed
            first = span.header_lines[row]
            diffs = join_messages([Message("errors_read.rows.header_diff", header=header_rows[row][j],
                                           found=cells[j] if j < len(cells) else "") for j in positions[:3]])
            table.row_roles[ln] = ("header_repeat", Message("errors_read.detail.header_repeat_changed"))
            table.problems.append(Problem(path, ln, span.label, "", lines[ln - 1],
                                          Message("errors_read.rows.header_changed", line=first, diffs=diffs)))
            continue
        if len(cells) < width:
            table.problems.append(Problem(path, ln, span.label, "", lines[ln - 1],
                                          Message("errors_read.rows.cut_off", n=len(cells), width=width)))
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width and any(cells[width:]) and kind != "proposals":
            table.problems.append(Problem(path, ln, span.label, "", lines[ln - 1],
                                          Message("errors_read.rows.extra_cells", n=len(cells), width=width)))
        reader = _RowReader(table, path, ln, cells)
        role, detail = parser(table, reader, state)
        table.row_roles[ln] = (role, detail)
        if role == "unclassified":
            table.problems.append(Problem(path, ln, span.label, "", lines[ln - 1],
                                          detail or Message("errors_read.rows.not_recognised")))
    return table


def _record_code(table: ParsedTable, code_text: str, name: str, ln: int) -> None:
    code = parse_code(code_text)
    if code:
        table.codes.append({"table": table.span.label, "code": code.canonical, "level": code.level,
                            "parent": code.parent, "name": name, "code_raw": code_text, "source_line": ln,
                            "source_column": _first(table.by_field, "code").label})


def _code_of(r: _RowReader, column, code_text: str, state: dict):
    """The programme code of a row's code cell; None (a problem recorded, the row's code forgotten) if unreadable."""
    code = parse_code(code_text)
    if code is None:
        r.problem(column, code_text, Message("errors_read.rows.bad_code"))
        state["code"] = None
    return code


def _parse_evaluation(table: ParsedTable, r: _RowReader, state: dict) -> tuple[str, Message | str]:
    cols = table.by_field
    c_code, c_name, c_ind = _first(cols, "code"), _first(cols, "name"), _first(cols, "indicator")
    code_text, name, indicator = r.text(c_code), r.text(c_name), r.text(c_ind)
    values = _all(cols, "value")
    if code_text:
        code = _code_of(r, c_code, code_text, state)
        if code is None:
            return "data_row", Message("errors_read.detail.unreadable_code")
        # a level-1 code seen again starts the second half of the table
        seen = state.setdefault("seen_top", set())
        if code.level == "urusan":
            if code.canonical in seen:
                state["part"] = state.get("part", 1) + 1
                seen.clear()
            seen.add(code.canonical)
        state["code"], state["name"] = code, name
        _record_code(table, code_text, name, r.line)
        role = "data_row"
    elif indicator and state.get("code") is not None:
        role = "continuation_row"
    elif indicator:
        r.problem(c_code, "", Message("errors_read.rows.indicator_no_code"))
        return "unclassified", Message("errors_read.detail.indicator_without_code")
    else:
        return "unclassified", Message("errors_read.detail.no_code_no_indicator")
    if not indicator:
        if any(r.text(c) and not is_missing(r.text(c)) for c in values):
            r.problem(c_ind, "", Message("errors_read.rows.values_no_indicator"))
        return role, Message("errors_read.detail.heading_row")
    code = state["code"]
    part = state.get("part", 1)
    recs = table.records.setdefault("evaluation", [])
    for c in values:
        raw = r.text(c)
        q = r.quantity(c)
        recs.append({
            "code": code.canonical, "level": code.level, "parent": code.parent, "name": state["name"],
            "indicator": indicator, "measure": c.measure, "year": c.year,
            "value": q.value if q else None, "unit": q.unit if q else None, "raw": raw,
            "part": part, "source_line": r.line, "source_column": c.label,
        })
    return role, Message("errors_read.detail.indicator_row_part", part=part)


def _parse_service(table: ParsedTable, r: _RowReader, state: dict) -> tuple[str, Message | str]:
    cols = table.by_field
    indicator = r.text(_first(cols, "indicator"))
    if not indicator:
        return "unclassified", Message("errors_read.detail.no_indicator")
    note = r.text(_first(cols, "note")) or None
    recs = table.records.setdefault("service_indicators", [])
    for c in _all(cols, "value"):
        raw = r.text(c)
        q = r.quantity(c)
        recs.append({
            "number": r.text(_first(cols, "number")) or None, "indicator": indicator,
            "measure": c.measure, "year": c.year, "value": q.value if q else None,
            "unit": q.unit if q else None, "raw": raw, "note": note,
            "spm": r.text(_first(cols, "spm")) or None, "ikk": r.text(_first(cols, "ikk")) or None,
            "source_line": r.line, "source_column": c.label,
        })
    return "data_row", Message("errors_read.detail.indicator_row")


def _text_cells_empty(r: _RowReader, cols: dict[str, list[Column]], fields: set[str]) -> bool:
    return all(not r.text(c) for f in fields for c in cols.get(f, ()))


def _parse_rkpd(table: ParsedTable, r: _RowReader, state: dict) -> tuple[str, Message | str]:
    cols = table.by_field
    text_fields = {"name", "indicator", "location", "target", "group"}
    budgets = _all(cols, "budget")
    if _text_cells_empty(r, cols, text_fields) and any(r.text(c) for c in budgets):
        for c in budgets:
            raw = r.text(c)
            table.stated_totals.append({
                "table": table.span.label, "kind": "rkpd_review", "stage": c.stage, "year": None,
                "value": r.rupiah(c), "raw": raw, "unit": c.unit_label or "Rp", "source_line": r.line,
                "source_column": c.label})
        return "total_row", Message("errors_read.detail.stated_totals")
    group = r.text(_first(cols, "group"))
    if group:
        state["group"] = group
    any_name = any(r.text(c) for c in _all(cols, "name"))
    any_ind = any(r.text(c) for c in _all(cols, "indicator"))
    if not any_ind and not any_name:
        return "unclassified", Message("errors_read.detail.no_name_no_indicator")
    role = "data_row" if any_name else "continuation_row"
    recs = table.records.setdefault("rkpd_review", [])
    for stage in ("draft", "needs"):
        c_name = _first(cols, "name", stage=stage)
        if c_name is None:
            continue
        name = r.text(c_name)
        if name:
            state[f"name_{stage}"] = name
        elif role == "continuation_row":
            name = state.get(f"name_{stage}", "")
        c_budget = _first(cols, "budget", stage=stage)
        q = r.quantity(_first(cols, "target", stage=stage))
        budget = r.rupiah(c_budget) if c_budget else None
        recs.append({
            "group": state.get("group"), "name": name or None,
            "indicator": r.text(_first(cols, "indicator", stage=stage)) or None,
            "stage": stage, "location": r.text(_first(cols, "location", stage=stage)) or None,
            "target": q.value if q else None, "unit": q.unit if q else None,
            "target_raw": r.text(_first(cols, "target", stage=stage)),
            "budget": budget,
            "budget_stated": r.text(c_budget) if c_budget else "",
            "budget_unit": (c_budget.unit_label or "Rp") if c_budget else None,
            "note": r.text(_first(cols, "note")) or None,
            "continuation": role == "continuation_row",
            "source_line": r.line,
        })
    return role, Message("errors_read.detail.programme_row" if group else "errors_read.detail.indicator_row"
                         if role == "continuation_row" else "errors_read.detail.activity_row")


def _unshift(cells: list[str], cols: dict[str, list[Column]]) -> tuple[list[str], int]:
    """Undo a row that the text shifted right: find the shift that puts a quantity in the volume column."""
    c_vol = _first(cols, "volume")
    first_text = min(c.pos for f in ("name", "indicator") for c in cols.get(f, ()))
    for k in range(0, len(cells) - c_vol.pos):
        if any(cells[first_text:first_text + k]):
            break
        shifted = cells[:first_text] + cells[first_text + k:] + [""] * k
        vol = shifted[c_vol.pos]
        try:
            q = parse_quantity(vol)
        except NumberParseError:
            continue
        if q.value is not None or not vol:
            if k and not vol:
                continue
            return shifted, k
    return cells, 0


def _parse_proposals(table: ParsedTable, r: _RowReader, state: dict) -> tuple[str, Message | str]:
    cols = table.by_field
    cells, shift = _unshift(r.cells, cols)
    r.cells = cells
    width = len(table.columns)
    if any(cells[width:]):
        r.problem(None, "\t".join(cells), Message("errors_read.rows.beyond_columns", width=width))
    group = r.text(_first(cols, "group"))
    if group:
        state["group"] = group
    name = r.text(_first(cols, "name"))
    indicator = r.text(_first(cols, "indicator"))
    if not name and not indicator:
        return "unclassified", Message("errors_read.detail.no_name_no_indicator")
    role = "data_row" if name else "continuation_row"
    if name:
        state["name"] = name
    else:
        name = state.get("name")
    q = r.quantity(_first(cols, "volume"))
    table.records.setdefault("proposals", []).append({
        "group": state.get("group"), "name": name, "location": r.text(_first(cols, "location")) or None,
        "indicator": indicator or None, "volume": q.value if q else None, "unit": q.unit if q else None,
        "volume_raw": r.text(_first(cols, "volume")), "note": r.text(_first(cols, "note")) or None,
        "shifted_cells": shift, "source_line": r.line,
    })
    detail = Message("errors_read.detail.shifted", n=shift) if shift else ""
    return (role + ("_shifted" if shift else "")), detail


def _parse_plan(table: ParsedTable, r: _RowReader, state: dict) -> tuple[str, Message | str]:
    cols = table.by_field
    c_code, c_name, c_ind = _first(cols, "code"), _first(cols, "name"), _first(cols, "indicator")
    code_text, name, indicator = r.text(c_code), r.text(c_name), r.text(c_ind)
    budgets = _all(cols, "budget")
    if not code_text and not name and not indicator:
        if any(r.text(c) for c in budgets) and all(not r.text(c) for c in _all(cols, "target")):
            for c in budgets:
                table.stated_totals.append({
                    "table": table.span.label, "kind": "plan", "stage": None, "year": c.year,
                    "value": r.rupiah(c), "raw": r.text(c), "unit": c.unit_label or "Rp", "source_line": r.line,
                    "source_column": c.label})
            return "total_row", Message("errors_read.detail.stated_totals")
        return "unclassified", Message("errors_read.detail.no_code_name_indicator")
    if code_text:
        code = _code_of(r, c_code, code_text, state)
        if code is None:
            return "data_row", Message("errors_read.detail.unreadable_code")
        state["code"], state["name"] = code, name
        _record_code(table, code_text, name, r.line)
        role = "data_row"
        years = sorted({c.year for c in budgets if c.year is not None})
        for year in years:
            c_budget = _first(cols, "budget", year=year)
            c_fund = _first(cols, "funding_source", year=year)
            c_loc = _first(cols, "location", year=year)
            table.records.setdefault("plan_budget", []).append({
                "code": code.canonical, "level": code.level, "parent": code.parent, "name": name,
                "year": year, "budget": r.rupiah(c_budget), "budget_raw": r.text(c_budget),
                "funding_source": r.text(c_fund) or None if c_fund else None,
                "location": r.text(c_loc) or None if c_loc else None,
                "note": r.text(_first(cols, "note")) or None, "source_line": r.line,
                "source_column": c_budget.label if c_budget else None,
            })
    elif state.get("code") is not None and indicator:
        role = "continuation_row"
        if any(r.text(c) for c in budgets):
            r.problem(budgets[0], r.text(budgets[0]), Message("errors_read.rows.budget_on_continuation"))
    else:
        return "unclassified", Message("errors_read.detail.continues_nothing")
    code = state["code"]
    if indicator:
        for c in _all(cols, "target"):
            q = r.quantity(c)
            table.records.setdefault("plan_targets", []).append({
                "code": code.canonical, "level": code.level, "name": state["name"], "indicator": indicator,
                "year": c.year, "target": q.value if q else None, "unit": q.unit if q else None,
                "raw": r.text(c), "source_line": r.line, "source_column": c.label,
            })
    return role, Message("errors_read.detail.indicator_row" if indicator else "errors_read.detail.without_indicator")


_PARSERS = {
    "evaluation": _parse_evaluation,
    "service_indicators": _parse_service,
    "rkpd_review": _parse_rkpd,
    "proposals": _parse_proposals,
    "plan": _parse_plan,
}
