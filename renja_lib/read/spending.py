"""The user's spending file: budget and spending per account and period, read and checked.

:func:`read_spending` reads a CSV or Excel (``.xlsx``) file of budget and
spending, one row per account (a code or a name) and period:

==================  ==========================================================
column              header (any case; aliases)
==================  ==========================================================
code                ``code``, ``kode``, ``kode rekening`` (optional)
name                ``name``, ``nama``, ``akun``, ``uraian``, ``account``
                    (code or name required; both allowed)
period              ``period``, ``periode``, ``triwulan``, ``bulan`` (optional:
                    without it every row belongs to the period ``period=``
                    names, ``"total"`` by default)
budget              ``budget``, ``anggaran``, ``pagu``
spending            ``spending``, ``realisasi``
stated absorption   ``persentase``, ``persen``, ``%``, ``serapan``,
                    ``absorption`` (optional; checked like the document's)
unit                ``unit``, ``satuan`` (optional; per row)
==================  ==========================================================

* **Units.** Amounts are in rupiah, ``ribu``, ``juta`` or ``miliar`` (:data:`UNITS`),
  declared by ``unit=``, by a unit column, or in the header of the amount
  columns (``anggaran (miliar)``, ``Pagu (Rp.000)``), or after the amount in
  its cell (``831,90 M``, ``12 Jt``, ``500 rb``). At least one declaration
  is required: a budget file read in the wrong unit is off a thousandfold, so
  the unit is never assumed. Declarations that disagree are an error.
* **Numbers.** Read by :mod:`renja_lib.read.user_tables`: with ``decimal=None``
  (the default) the decimal mark is told per column from its cells
  (``1.056,74`` is Indonesian, ``109.59`` is not; a column holding only
  ``1.234``-like numbers is refused, never guessed) and recorded in
  ``Spending.decimals``. ``decimal=","`` declares Indonesian style for every
  column: ``.`` groups thousands and ``,`` is the decimal mark
  (``1.234.567,89``), checked strictly with Babel, so ``1234567.89`` or
  ``12.34`` is refused, not misread. ``decimal="."``: a decimal point
  (``1234567.89``, or grouped ``1,234,567.89``). A value valid under both
  rules (``123.456``) is read by the rule declared. Numeric cells of an Excel
  file are numbers already and are taken as they are. An empty cell or ``-``
  is missing, never 0. ``Rp`` before an amount and ``%`` after a percentage
  are allowed. Title rows above the header, a header two rows deep and
  footnotes under the table are read as such.
* **Hierarchy.** By codes (a row's parent is the row whose code is the longest
  dotted prefix of its code, ``2.07.03`` for ``2.07.03.2.01``; codes are written
  canonically when they are programme codes), or by indentation of the names
  (leading spaces, or the indent of an Excel cell; a row's parent is the
  nearest row above it in the same period that is indented less). ``hierarchy=
  "auto"`` uses codes when the file has a code column and indentation
  otherwise. Totals add the top-level rows only, so parent rows are not counted
  twice (a grand-total row such as ``JUMLAH`` at the top level would be: leave it
  out of the file, or follow one account with ``key=``); ``adds_up`` says
  whether a parent equals the sum of its children within the rounding of the
  numbers as written.
* **Periods.** Quarters (``Q1``, ``TW I``, ``Triwulan 1``), halves (``S1``,
  ``Semester I``) and months (``Januari``, ``Jan``, ``2024-01``) are written
  ``Q1``..``Q4``, ``S1``, ``S2``, ``M01``..``M12`` and ordered by calendar;
  other labels keep their text and the order in which they first appear.
  With more than one period, ``cumulative=`` must say whether spending is
  cumulative to the end of each period (``True``, *s/d triwulan*) or spent within
  it (``False``); it is never assumed.
* **Errors.** A missing file or column, text in a number, an unknown unit, a
  period repeated for the same account or a falling cumulative spending raise
  :class:`~renja_lib.errors.RenjaError` naming the file, the row and the column.
* **Flags.** Values that can be read but are not believable are kept as written
  (no row is dropped, nothing is corrected) and listed in ``Spending.flags``
  (:data:`FLAG_COLUMNS`, one row per value, codes in :data:`FLAGS`), which the
  report shows as a warning and charts mark:

  - ``negative``: a negative budget or spending;
  - ``above_budget``: spending above the budget (absorption over
    :data:`ABOVE_BUDGET` = 100 %); ``implausible_absorption`` past
    :data:`IMPLAUSIBLE_ABSORPTION` = 150 %, more than a budget revision or a
    late entry explains; ``spending_without_budget``: spending against a budget
    of 0;
  - ``absurd_amount``: an amount beyond :data:`MAX_AMOUNT` (Rp 10^15, more than
    ten times the largest regional budget in Indonesia) or one too large to hold
    as a number (``1e300`` rupiah, 400 digits). Absorption is not computed from
    it (left empty), since any percentage would be meaningless;
  - ``formula_without_value``: an Excel formula whose result was never saved
    (a workbook written by a program, not by Excel): the value stays missing.

  The first three are about **spending against its budget** and apply to
  spending lines only. In a city's whole budget (APBD realisation, as the
  Ministry of Finance portal exports it) revenue (*Pendapatan*) and financing
  (*Pembiayaan*) above 100 % and a negative *Surplus/(Defisit)* are normal:
  such lines are told apart by name (:func:`account_kinds`) and only checked
  for absurd amounts and missing formula values.

"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RenjaError
from ..parse.codes import parse_code
from ..text.catalogue import Message
from .user_tables import DECIMAL_MARKS, CellNumber, Uncalculated, UserTable, cell_text, read_numbers, read_table, \
    table_error

__all__ = ["UNITS", "DECIMAL_MARKS", "HIERARCHIES", "ACCOUNT_KINDS", "FLAGS", "FLAG_COLUMNS", "ABOVE_BUDGET",
           "IMPLAUSIBLE_ABSORPTION", "MAX_AMOUNT", "Spending", "read_spending", "account_kinds", "period_key",
           "absorption_percent", "interval_consistent"]

#: Units of amounts in a user's file, in rupiah.
UNITS: dict[str, int] = {"rupiah": 1, "ribu": 1_000, "juta": 1_000_000, "miliar": 1_000_000_000}
_UNIT_ALIASES: dict[str, str] = {
    **{a: "rupiah" for a in ("rupiah", "rp", "rp.", "idr")},
    **{a: "ribu" for a in ("ribu", "rb", "ribuan", "ribu rupiah", "rp.000", "rp 000", "rp. 000", "rp000",
                           "thousand", "thousands")},
    **{a: "juta" for a in ("juta", "jt", "jutaan", "juta rupiah", "rp juta", "million", "millions")},
    **{a: "miliar" for a in ("miliar", "milyar", "miliar rupiah", "milyar rupiah", "rp miliar", "billion",
                             "billions", "bn")},
}
#: Spending above this percentage of the budget is flagged ``above_budget``.
ABOVE_BUDGET = 100.0
#: ... and above this one ``implausible_absorption``: more than a budget revision or a late entry explains.
IMPLAUSIBLE_ABSORPTION = 150.0
#: An amount beyond this many rupiah (Rp 1.000 triliun) is flagged ``absurd_amount``: more than ten times the
#: largest regional budget in Indonesia (DKI Jakarta, about Rp 80 triliun) and a third of the national budget.
MAX_AMOUNT = 1e15
#: Flag codes of ``Spending.flags``, with what each means.
FLAGS: dict[str, str] = {
    "negative": "a negative amount",
    "above_budget": f"spending above the budget (absorption over {ABOVE_BUDGET:g}%)",
    "implausible_absorption": f"spending far above the budget (absorption over {IMPLAUSIBLE_ABSORPTION:g}%)",
    "spending_without_budget": "spending against a budget of 0",
    "absurd_amount": f"an amount beyond {MAX_AMOUNT:.0e} rupiah, or too large to hold as a number",
    "formula_without_value": "an Excel formula whose result was never saved: the value is missing",
}
#: Columns of ``Spending.flags``.
FLAG_COLUMNS: tuple[str, ...] = ("file", "row", "column", "code", "name", "period", "account_kind", "flag", "value",
                                 "what")
#: Kinds of account lines (:func:`account_kinds`); only ``spending`` lines are checked against their budget.
ACCOUNT_KINDS: tuple[str, ...] = ("spending", "revenue", "financing", "surplus")
#: A line whose name starts like this says what kind of account it and the lines under it are.
_ACCOUNT_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("financing", re.compile(r"^(?:pembiayaan|penerimaan\s+pembiayaan|pengeluaran\s+pembiayaan|financing)\b")),
    ("surplus", re.compile(r"^(?:surplus|defisit|deficit|silpa|sisa\s+lebih\s+pembiayaan)\b")),
    ("revenue", re.compile(r"^(?:pendapatan|revenue|income)\b")),
    ("spending", re.compile(r"^(?:belanja|spending|expenditure)\b")),
)
#: How the hierarchy of a user's file is given.
HIERARCHIES: tuple[str, ...] = ("auto", "code", "indent", "flat")
_EPS = 1e-9


def absorption_percent(num: pd.Series, den: pd.Series) -> pd.Series:
    """``num / den x 100`` as float; NaN where either is missing, ``den`` is not positive, or either is
    not a believable amount (not finite, or beyond :data:`MAX_AMOUNT`)."""
    n = pd.to_numeric(num, errors="coerce").astype(float)
    d = pd.to_numeric(den, errors="coerce").astype(float)
    n = n.where(np.isfinite(n) & (n.abs() <= MAX_AMOUNT))
    d = d.where(np.isfinite(d) & (d.abs() <= MAX_AMOUNT))
    return (n / d.where(d > 0) * 100).astype(float)


def interval_consistent(budget: float, budget_res: float, spending: float, spending_res: float,
                         stated: float, stated_res: float) -> bool | None:
    """Can the amounts, within their rounding, give a share that rounds to ``stated``?

    ``*_res`` are half-widths: the amount lies in ``value ± res``. None when a figure is missing.
    """
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (budget, spending, stated)):
        return None
    low_b, high_b = budget - budget_res, budget + budget_res
    if high_b <= 0:
        return None
    low = (spending - spending_res) / high_b * 100
    high = (spending + spending_res) / low_b * 100 if low_b > 0 else math.inf
    return bool(low <= stated + stated_res + _EPS and high >= stated - stated_res - _EPS)


# ====================================================================== the user's spending data
_COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("code", "kode", "koderekening", "kodeakun", "kodeprogram"),
    "name": ("name", "nama", "akun", "uraian", "account", "namaakun", "program", "kegiatan"),
    "period": ("period", "periode", "triwulan", "tribulan", "bulan", "quarter", "month"),
    "budget": ("budget", "anggaran", "pagu", "paguanggaran"),
    "spending": ("spending", "realisasi", "realisasianggaran"),
    "absorption_stated": ("persentase", "persen", "%", "serapan", "absorption", "penyerapan"),
    "unit": ("unit", "satuan"),
}
_ALIAS_TO_FIELD = {a: field for field, aliases in _COLUMN_ALIASES.items() for a in aliases}
_AMOUNT_FIELDS = ("budget", "spending")
_HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[\(\[](?P<unit>[^\)\]]*)[\)\]]\s*$")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTHS = {
    **{m: i + 1 for i, m in enumerate(("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
                                       "september", "oktober", "november", "desember"))},
    **{m: i + 1 for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"))},
    **{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "mei", "jun", "jul", "agu", "sep", "okt",
                                       "nov", "des"))},
    **{m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
                                       "nov", "dec"))},
    "agt": 8, "ags": 8, "sept": 9,
}
_QUARTER = re.compile(r"^(?:q|tw|triwulan|tribulan|quarter|kuartal)[\s\-_.]*(?P<n>[1-4]|i{1,3}|iv)$")
_HALF = re.compile(r"^(?:s|smt|semester|half|h)[\s\-_.]*(?P<n>[12]|i{1,2})$")
_ISO_MONTH = re.compile(r"^\d{4}-(?P<m>0[1-9]|1[0-2])$")


def _field(header: str) -> tuple[str | None, str | None]:
    """Header -> (field, unit written in it)."""
    text = header.strip()
    unit = None
    m = _HEADER_UNIT.match(text)
    if m and m.group("name"):
        text, unit = m.group("name"), m.group("unit").strip()
    key = re.sub(r"[\s_\-]+", "", text.casefold())
    return _ALIAS_TO_FIELD.get(key), unit


def _unit_name(text: str) -> str | None:
    return _UNIT_ALIASES.get(" ".join(text.casefold().split()))


def period_key(label: str) -> tuple[str, int] | None:
    """``("Q2", 6)``: canonical label and the month the period ends in, or None when not recognised."""
    t = " ".join(label.casefold().split())
    m = _QUARTER.match(t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else _ROMAN[m.group("n")]
        return f"Q{n}", 3 * n
    m = _HALF.match(t)
    if m:
        n = int(m.group("n")) if m.group("n").isdigit() else _ROMAN[m.group("n")]
        return f"S{n}", 6 * n
    m = _ISO_MONTH.match(t)
    if m:
        return f"M{m.group('m')}", int(m.group("m"))
    if t in _MONTHS:
        return f"M{_MONTHS[t]:02d}", _MONTHS[t]
    return None


@dataclass(frozen=True, eq=False)
class Spending:
    """A user's spending file as read by :func:`read_spending`.

    ``frame`` has one row per account and period (columns below); ``path``,
    ``unit`` (the declared unit of the file's amounts; ``frame`` is in rupiah),
    ``decimal`` (as declared; None when told per column), ``decimals`` (the
    mark of each number column, None where no cell needed one), ``table`` (the
    file as :func:`~renja_lib.read.user_tables.read_table` read it: encoding,
    delimiter, title rows, footnotes), ``cumulative`` (how the file gives spending; None for one
    period) and ``hierarchy`` (``"code"``, ``"indent"`` or ``"flat"``) say how it
    was read.

    ``frame`` columns: ``row`` (row of the file), ``period`` (canonical when
    recognised), ``period_raw``, ``period_order``, ``code``, ``level`` (of a
    programme code), ``name``, ``path`` (names from the top, joined with
    ``" > "``), ``depth`` (0 at the top), ``parent_row``, ``is_leaf``,
    ``budget``, ``spending`` (rupiah, as the file gives it), ``spending_period``,
    ``spending_cumulative``, ``absorption_period``, ``absorption_cumulative`` (%),
    ``absorption_stated``, ``consistent``, ``adds_up``, ``account_kind``
    (:data:`ACCOUNT_KINDS`), ``flags`` (the row's flag codes joined with
    ``", "``; empty when none).

    ``flags`` lists every value that was read but is not believable, one row per
    value (:data:`FLAG_COLUMNS`; codes in :data:`FLAGS`): ``row`` and ``column``
    of the file, the account's ``code``/``name``, ``period``, the ``value`` as
    read (rupiah, or % for an absorption; empty for a formula without a value)
    and ``what`` in words.
    """

    frame: pd.DataFrame
    path: Path
    unit: str
    decimal: str | None
    cumulative: bool | None
    hierarchy: str
    flags: pd.DataFrame = dataclass_field(default_factory=lambda: _flag_frame([]))
    decimals: dict[str, str | None] = dataclass_field(default_factory=dict)
    table: UserTable | None = None


def _flag_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(records, columns=list(FLAG_COLUMNS))
    return frame.astype({"file": "string", "row": "int64", "column": "string", "code": "string", "name": "string",
                         "period": "string", "account_kind": "string", "flag": "string", "value": "float64",
                         "what": "string"})


def read_spending(
    path: str | Path,
    unit: str | None = None,
    *,
    decimal: str | None = None,
    cumulative: bool | None = None,
    hierarchy: str = "auto",
    period: str = "total",
    sheet: str | int | None = None,
    delimiter: str | None = None,
) -> Spending:
    """Read a user's budget and spending file (CSV or ``.xlsx``); see the module docstring for its shape.

    ``unit`` (:data:`UNITS`: ``"rupiah"``, ``"ribu"``, ``"juta"``, ``"miliar"``)
    declares the unit of the amounts, unless the file declares it; ``decimal``
    (``","`` Indonesian, ``"."`` machine; None: told per column) how text
    numbers are written;
    ``cumulative`` whether spending is cumulative to each period's end (required
    when the file has several periods); ``hierarchy`` one of :data:`HIERARCHIES`;
    ``period`` the period of every row when the file has no period column;
    ``sheet`` the Excel sheet (name or 0-based position; default the first);
    ``delimiter`` of a CSV (default: detected, ``,`` ``;`` tab or ``|``).

    Raises :class:`RenjaError` naming the file, row and column for a bad file.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "realisasi.csv"
    >>> _ = p.write_text('akun,anggaran,realisasi\\nBELANJA,"2,50","1,25"\\n  Belanja Pegawai,"1,50","1,00"\\n'
    ...                  '  Belanja Barang,"1,00","0,25"\\n', encoding="utf-8")
    >>> sp = read_spending(p, unit="miliar")
    >>> sp.frame[["name", "depth", "budget", "absorption_period"]].values.tolist()[0]
    ['BELANJA', 0, 2500000000.0, 50.0]
    >>> sp.decimals
    {'anggaran': ',', 'realisasi': ','}
    """
    p = Path(path)
    if unit is not None and (not isinstance(unit, str) or _unit_name(unit) is None):
        raise RenjaError(Message("errors_read.spending.unit_arg", allowed=str(list(UNITS)), got=unit))
    unit = _unit_name(unit) if unit is not None else None
    if decimal is not None and decimal not in DECIMAL_MARKS:
        raise RenjaError(Message("errors_read.spending.decimal_arg", allowed=str(list(DECIMAL_MARKS)), got=decimal))
    if hierarchy not in HIERARCHIES:
        raise RenjaError(Message("errors_read.spending.hierarchy_arg", allowed=str(list(HIERARCHIES)), got=hierarchy))
    if cumulative is not None and not isinstance(cumulative, bool):
        raise RenjaError(Message("errors_read.spending.cumulative_arg", got=cumulative))
    if not isinstance(period, str) or not period.strip():
        raise RenjaError(Message("errors_read.spending.period_arg", got=period))
    table = read_table(p, what=Message("errors_read.spending.what"), sheet=sheet, delimiter=delimiter,
                       known=lambda name: _field(name)[0] is not None,
                       empty_hint=Message("errors_read.spending.header_hint"))
    header_row, header = table.header_rows[0], list(table.columns)
    fields: dict[str, int] = {}
    header_units: dict[str, str] = {}
    for i, text in enumerate(header):
        if not text:
            continue
        field, written_unit = _field(text)
        if field is None:
            raise table_error(p, header_row, text, Message("errors_read.spending.unknown_column"))
        if field in fields:
            raise table_error(p, header_row, text, Message("errors_read.spending.second_column", field=field))
        fields[field] = i
        if written_unit is not None:
            if field not in (*_AMOUNT_FIELDS,) and field != "absorption_stated":
                raise table_error(p, header_row, text, Message("errors_read.spending.unit_in_brackets"))
            if field in _AMOUNT_FIELDS:
                name = _unit_name(written_unit)
                if name is None:
                    raise table_error(p, header_row, text, Message("errors_read.spending.unknown_unit",
                                                                   unit=written_unit, allowed=str(list(UNITS))))
                header_units[field] = name
    missing: list[Message | str] = [f for f in _AMOUNT_FIELDS if f not in fields]
    if "code" not in fields and "name" not in fields:
        missing.insert(0, Message("errors_read.spending.code_or_name"))
    if missing:
        # the column named is the first missing one, in English as the header would name it (code or name)
        raise table_error(p, header_row, missing[0] if isinstance(missing[0], str) else "code or name",
                          Message("errors_read.spending.missing_columns", n=len(missing), missing=missing,
                                  found=str([h for h in header if h])))
    declared = set(header_units.values()) | ({unit} if unit else set())
    if len(declared) > 1:
        raise table_error(p, header_row, None, Message("errors_read.spending.units_differ",
                                                       units=str(sorted(declared))))
    if hierarchy == "code" and "code" not in fields:
        raise RenjaError(Message("errors_read.spending.hierarchy_code"), path=p)
    if hierarchy == "indent" and "name" not in fields:
        raise RenjaError(Message("errors_read.spending.hierarchy_indent"), path=p)
    how = hierarchy if hierarchy != "auto" else ("code" if "code" in fields else "indent")
    if not table.rows:
        raise RenjaError(Message("errors_read.spending.no_data_rows"), path=p)
    numbers = {f: read_numbers(table, fields[f], decimal=decimal, percent=f == "absorption_stated",
                               units=f != "absorption_stated")
               for f in (*_AMOUNT_FIELDS, "absorption_stated") if f in fields}
    records = [_record(table, k, fields, numbers, declared, how, period) for k in range(len(table.rows))]
    frame = pd.DataFrame.from_records(records)
    frame = _periods(frame)
    periods = frame["period"].unique()
    if len(periods) > 1 and cumulative is None:
        raise RenjaError(Message("errors_read.spending.periods", n=len(periods), periods=", ".join(map(str, periods))),
                         path=p)
    frame = _hierarchy(frame, how, p, {f: _column_name(header, fields, f) for f in fields})
    frame = _flows(frame, cumulative if len(periods) > 1 else False, p, _column_name(header, fields, "spending"))
    uncalculated = dict(zip(frame["row"], frame["uncalculated"]))
    finished = _finish(frame)
    finished, flags = _flag_values(finished, p, {f: _column_name(header, fields, f) for f in fields}, uncalculated)
    return Spending(finished, p, next(iter(declared)) if declared else "per row", decimal,
                    cumulative if len(periods) > 1 else None, how, flags,
                    {n.column: n.decimal for n in numbers.values()}, table)


def _record(table: UserTable, k: int, fields: dict[str, int], numbers: dict[str, Any], declared: set[str],
            how: str, period: str) -> dict[str, Any]:
    """Row ``k`` of the table as a record of :func:`read_spending` (amounts in rupiah)."""
    p, row, header = table.path, table.rows[k], table.columns
    number = row.number

    def cell(field: str) -> Any:
        return row.cell(fields.get(field))

    def column(field: str) -> str:
        return header[fields[field]]

    row_unit = None
    if "unit" in fields:
        raw_unit = cell_text(cell("unit"))
        if raw_unit:
            row_unit = _unit_name(raw_unit)
            if row_unit is None:
                raise table_error(p, number, column("unit"), Message("errors_read.spending.unknown_unit",
                                                                     unit=raw_unit, allowed=str(list(UNITS))))
            if declared and row_unit not in declared:
                raise table_error(p, number, column("unit"), Message("errors_read.spending.unit_contradicts",
                                                                     unit=row_unit, declared=sorted(declared)[0]))
    values: dict[str, CellNumber | None] = {f: (numbers[f].numbers[k] if f in numbers else None)
                                            for f in (*_AMOUNT_FIELDS, "absorption_stated")}
    for field in _AMOUNT_FIELDS:       # a unit written after the amount (831,90 M) declares it for the cell
        written = values[field].unit if values[field] is not None else None
        known = row_unit or (next(iter(declared)) if declared else None)
        if written is not None and known is not None and written != known:
            raise table_error(p, number, column(field), Message("errors_read.spending.cell_unit",
                                                                text=values[field].text, written=written, known=known))
        row_unit = row_unit or written
    use_unit = row_unit or (next(iter(declared)) if declared else None)
    if use_unit is None:
        raise table_error(p, number, column("budget"), Message("errors_read.spending.no_unit",
                                                               allowed=str(list(UNITS))))
    factor = UNITS[use_unit]
    for field in ("code", "period"):
        if field in fields and isinstance(cell(field), Uncalculated):
            raise table_error(p, number, column(field), Message("errors_read.spending.uncalculated",
                                                                formula=cell(field).formula))
    uncalculated = [column(f) for f in ("name", *_AMOUNT_FIELDS, "absorption_stated")
                    if f in fields and isinstance(cell(f), Uncalculated)]
    code_raw = cell_text(cell("code")) if "code" in fields else ""
    name_cell = cell("name") if "name" in fields else None
    name_raw = name_cell if isinstance(name_cell, str) else ("" if name_cell is None else str(name_cell))
    indent = 0
    if "name" in fields:
        if "\t" in name_raw[: len(name_raw) - len(name_raw.lstrip(" \u00a0\t"))]:
            raise table_error(p, number, column("name"), Message("errors_read.spending.tab_indent"))
        indent = row.indents[fields["name"]] if fields["name"] < len(row.indents) else 0
    if not code_raw and not name_raw.strip():
        raise table_error(p, number, column("code") if "code" in fields else column("name"),
                          Message("errors_read.spending.no_code_no_name"))
    if how == "code" and not code_raw:
        raise table_error(p, number, column("code"), Message("errors_read.spending.empty_code"))
    parsed = parse_code(code_raw) if code_raw else None
    period_raw = cell_text(cell("period")) if "period" in fields else period
    if "period" in fields and not period_raw:
        raise table_error(p, number, column("period"), Message("errors_read.spending.empty_period"))
    budget, spending, stated = values["budget"], values["spending"], values["absorption_stated"]
    return {
        "row": number,
        "period_raw": period_raw,
        "code": (parsed.canonical if parsed else code_raw) or None,
        "level": parsed.level if parsed else None,
        "name": name_raw.strip() or None,
        "indent": indent,
        "budget": float(budget.value) * factor if budget else math.nan,
        "budget_res": budget.resolution * factor if budget else 0.0,
        "spending": float(spending.value) * factor if spending else math.nan,
        "spending_res": spending.resolution * factor if spending else 0.0,
        "absorption_stated": float(stated.value) if stated else math.nan,
        "stated_res": stated.resolution if stated else 0.0,
        "uncalculated": uncalculated,
    }


def account_kinds(frame: pd.DataFrame) -> list[str]:
    """The kind of each account line of a spending frame: ``spending``, ``revenue``, ``financing``, ``surplus``.

    A line whose name starts with *Belanja*, *Pendapatan*, *Pembiayaan* (or
    *Penerimaan/Pengeluaran Pembiayaan*), *Surplus*/*Defisit* or *SILPA* (or the
    English words) is of that kind. Any other line takes the kind of its parent
    when it has one; a top-level line takes the kind of the line above it in the
    same period (a budget file flattened to one level keeps its sections:
    *Pendapatan Daerah*, then its accounts, until *Belanja Daerah*). Lines before
    any such name, and files without them (an office's programmes), are
    spending.
    """
    names = [(n if isinstance(n, str) else "") for n in frame["name"].astype(object).where(frame["name"].notna(), "")]
    kinds: list[str] = ["spending"] * len(frame)
    by_row: dict[tuple[str, int], int] = {}
    last_in_period: dict[str, str] = {}
    order = sorted(range(len(frame)), key=lambda i: (str(frame["period"].iloc[i]), int(frame["row"].iloc[i])))
    for i in order:
        period = str(frame["period"].iloc[i])
        text = " ".join(names[i].casefold().split())
        named = next((kind for kind, pattern in _ACCOUNT_NAMES if pattern.match(text)), None)
        parent = frame["parent_row"].iloc[i]
        if named is not None:
            kinds[i] = named
        elif not pd.isna(parent) and (period, int(parent)) in by_row:
            kinds[i] = kinds[by_row[(period, int(parent))]]
        else:
            kinds[i] = last_in_period.get(period, "spending")
        by_row[(period, int(frame["row"].iloc[i]))] = i
        last_in_period[period] = kinds[i]
    return kinds


def _flag_values(frame: pd.DataFrame, path: Path, headers: dict[str, str],
                 uncalculated: Mapping[int, list[str]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The frame with ``account_kind`` and ``flags`` columns, and the table of flags (see :class:`Spending`)."""
    kinds = account_kinds(frame)
    records: list[dict[str, Any]] = []
    per_row: list[list[str]] = [[] for _ in range(len(frame))]
    budget_col, spending_col = headers.get("budget", "budget"), headers.get("spending", "spending")

    def add(i: int, column: str, flag: str, value: float, what: str) -> None:
        r = frame.iloc[i]
        records.append({"file": path.name, "row": int(r["row"]), "column": column,
                        "code": None if pd.isna(r["code"]) else str(r["code"]),
                        "name": None if pd.isna(r["name"]) else str(r["name"]), "period": str(r["period"]),
                        "account_kind": kinds[i], "flag": flag, "value": value, "what": what})
        if flag not in per_row[i]:
            per_row[i].append(flag)

    for i in range(len(frame)):
        r = frame.iloc[i]
        for column in uncalculated.get(int(r["row"]), []):
            add(i, column, "formula_without_value", math.nan, FLAGS["formula_without_value"])
        amounts = ((budget_col, "budget", r["budget"]), (spending_col, "spending", r["spending"]))
        for column, what, value in amounts:
            if pd.notna(value) and (not math.isfinite(value) or abs(value) > MAX_AMOUNT):
                add(i, column, "absurd_amount", float(value),
                    f"{what} of {value:.6g} rupiah: beyond {MAX_AMOUNT:.0e} rupiah, no absorption is computed")
        if kinds[i] != "spending":
            continue  # revenue or financing above 100 %, a negative surplus: normal in a budget file
        for column, what, value in amounts:
            if pd.notna(value) and value < 0:
                add(i, column, "negative", float(value), f"negative {what}: {value:,.0f} rupiah")
        budget_value = r["budget"]
        spent = r["spending_cumulative"] if pd.notna(r["spending_cumulative"]) else r["spending"]
        share = r["absorption_cumulative"] if pd.notna(r["absorption_cumulative"]) else r["absorption_period"]
        if pd.notna(share) and share > IMPLAUSIBLE_ABSORPTION:
            add(i, spending_col, "implausible_absorption", float(share),
                f"spending is {share:.2f}% of the budget: over {IMPLAUSIBLE_ABSORPTION:g}%, not believable")
        elif pd.notna(share) and share > ABOVE_BUDGET:
            add(i, spending_col, "above_budget", float(share),
                f"spending is {share:.2f}% of the budget: over {ABOVE_BUDGET:g}%")
        elif budget_value == 0 and pd.notna(spent) and spent > 0 and math.isfinite(spent):
            add(i, spending_col, "spending_without_budget", float(spent),
                f"spending of {spent:,.0f} rupiah against a budget of 0")
    out = frame.copy()
    out["account_kind"] = pd.array(kinds, dtype="string")
    out["flags"] = pd.array([", ".join(f) for f in per_row], dtype="string")
    return out, _flag_frame(records)


def _column_name(header: list[Any], fields: dict[str, int], field: str) -> str:
    return cell_text(header[fields[field]])


def _periods(frame: pd.DataFrame) -> pd.DataFrame:
    keys = [period_key(str(p)) for p in frame["period_raw"]]
    recognised = all(k is not None for k in keys)
    out = frame.copy()
    out["period"] = [k[0] if k else str(p) for k, p in zip(keys, frame["period_raw"])]
    if recognised:
        ends = {k[0]: (k[1], k[0][0]) for k in keys if k}
        ordered = sorted(ends, key=lambda lab: (ends[lab][0], {"M": 0, "Q": 1, "S": 2}.get(ends[lab][1], 3)))
    else:
        ordered = list(dict.fromkeys(out["period"]))
    out["period_order"] = out["period"].map({lab: i + 1 for i, lab in enumerate(ordered)})
    return out


def _hierarchy(frame: pd.DataFrame, how: str, path: Path, headers: dict[str, str]) -> pd.DataFrame:
    """Parent row, depth and name path of every row, period by period (plain lists: files can be long)."""
    rows = frame["row"].tolist()
    codes = frame["code"].tolist()
    names = frame["name"].tolist()
    labels = [n if isinstance(n, str) else c for n, c in zip(names, codes)]
    indents = frame["indent"].tolist()
    periods = frame["period"].tolist()
    parent: list[int | None] = [None] * len(rows)
    depth = [0] * len(rows)
    paths = [""] * len(rows)
    by_period: dict[str, list[int]] = {}
    for i, per in enumerate(periods):
        by_period.setdefault(per, []).append(i)

    def duplicate(i: int, first: int, field: str, what: str) -> RenjaError:
        return table_error(path, rows[i], headers.get(field, field),
                           Message("errors_read.spending.duplicate", what=what, period=periods[i], first=rows[first]))

    for positions in by_period.values():
        if how == "code":
            by_code: dict[str, int] = {}
            for i in positions:
                if codes[i] in by_code:
                    raise duplicate(i, by_code[codes[i]], "code", codes[i])
                by_code[codes[i]] = i
            for i in positions:
                parts = codes[i].split(".")
                parent[i] = next((by_code[".".join(parts[:cut])] for cut in range(len(parts) - 1, 0, -1)
                                  if ".".join(parts[:cut]) in by_code), None)
            for i in positions:
                chain, cur = [], i
                while cur is not None:
                    chain.append(cur)
                    cur = parent[cur]
                depth[i] = len(chain) - 1
                paths[i] = " > ".join(str(labels[j]) for j in reversed(chain))
        elif how == "indent":
            stack: list[int] = []
            for i in positions:
                while stack and indents[stack[-1]] >= indents[i]:
                    stack.pop()
                parent[i] = stack[-1] if stack else None
                depth[i] = len(stack)
                paths[i] = " > ".join([*(str(labels[j]) for j in stack), str(labels[i])])
                stack.append(i)
        else:
            for i in positions:
                paths[i] = str(labels[i])
        if how != "code":
            seen: dict[str, int] = {}
            for i in positions:
                if paths[i] in seen:
                    raise duplicate(i, seen[paths[i]], "name" if "name" in headers else "code", paths[i])
                seen[paths[i]] = i
    out = frame.copy()
    out["parent_row"] = pd.array([rows[j] if j is not None else pd.NA for j in parent], dtype="Int64")
    out["depth"] = depth
    out["path"] = paths
    out["key"] = out["code"] if how == "code" else out["path"]
    return out


def _flows(frame: pd.DataFrame, cumulative: bool, path: Path, spending_column: str) -> pd.DataFrame:
    out = frame.sort_values(["period_order", "row"], kind="stable").copy()
    grouped = out.groupby("key", sort=False)["spending"]
    if cumulative:
        previous = grouped.shift(1)
        falls = out["spending"] < previous - out["spending_res"] - 1e-6
        if falls.any():
            idx = falls[falls].index[0]
            raise table_error(path, int(out.at[idx, "row"]), spending_column,
                              Message("errors_read.spending.cumulative_falls", before=previous[idx],
                                      after=out.at[idx, "spending"], period=out.at[idx, "period"]))
        out["spending_cumulative"] = out["spending"]
        out["spending_period"] = out["spending"] - previous.fillna(0)
        out.loc[out["spending"].isna(), "spending_period"] = math.nan
    else:
        out["spending_period"] = out["spending"]
        # a missing period makes every later cumulative amount missing, never a silent 0
        gap_seen = out["spending"].isna().astype(int).groupby(out["key"], sort=False).cummax().astype(bool)
        out["spending_cumulative"] = grouped.cumsum().mask(gap_seen)
    return out.sort_index()


def _finish(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["absorption_period"] = absorption_percent(out["spending_period"], out["budget"])
    out["absorption_cumulative"] = absorption_percent(out["spending_cumulative"], out["budget"])
    consistent = [
        interval_consistent(b, br, s, sr, st, str_)
        for b, br, s, sr, st, str_ in zip(out["budget"], out["budget_res"], out["spending"], out["spending_res"],
                                          out["absorption_stated"], out["stated_res"])
    ]
    out["consistent"] = pd.array([pd.NA if c is None else c for c in consistent], dtype="boolean")
    parent_rows = set(out["parent_row"].dropna().astype(int))
    out["is_leaf"] = ~out["row"].isin(parent_rows)
    # a parent adds up when each amount equals the sum of its children within their rounding
    # (an amount missing on either side is not checked)
    children = out[out["parent_row"].notna()].astype({"parent_row": "int64"})
    sums = children.groupby("parent_row").agg(
        budget_sum=("budget", lambda x: x.sum(min_count=len(x))), budget_res_sum=("budget_res", "sum"),
        spending_sum=("spending", lambda x: x.sum(min_count=len(x))), spending_res_sum=("spending_res", "sum"),
    )
    joined = out.join(sums, on="row")
    ok = pd.Series(True, index=out.index)
    for col in ("budget", "spending"):
        gap = (joined[f"{col}_sum"] - joined[col]).abs()
        tol = joined[f"{col}_res"] + joined[f"{col}_res_sum"] + 1e-6
        ok &= ~(gap > tol)            # NaN gap (a missing amount): not checked
    out["adds_up"] = pd.array(ok.where(~out["is_leaf"]).tolist(), dtype="boolean")
    cols = ["row", "period", "period_raw", "period_order", "code", "level", "name", "path", "depth", "parent_row",
            "is_leaf", "budget", "spending", "spending_period", "spending_cumulative", "absorption_period",
            "absorption_cumulative", "absorption_stated", "consistent", "adds_up"]
    out = out[cols].sort_values(["period_order", "row"], kind="stable").reset_index(drop=True)
    return out.astype({
        "row": "int64", "period": "string", "period_raw": "string", "period_order": "int64", "code": "string",
        "level": "string", "name": "string", "path": "string", "depth": "int64", "parent_row": "Int64",
        "is_leaf": "bool", "budget": "float64", "spending": "float64", "spending_period": "float64",
        "spending_cumulative": "float64", "absorption_stated": "float64",
    })


