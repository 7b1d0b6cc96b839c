"""The city's budget realisation as the Ministry of Finance's regional budget portal (DJPK, SIKD) exports it.

:func:`read_city_budget` reads one export (CSV or ``.xlsx``) of a region's APBD
realisation, one row per account, into a :class:`CityBudget`: a tidy frame of
the accounts, the rows dropped as repeats, and the problems found. The file is
opened by :func:`renja_lib.read.user_tables.read_table` (encodings, BOM,
delimiters, title rows above the header, footnotes, decimal marks per column).

**Columns.** An account column (``akun``, ``uraian``, ``nama akun``,
``account``), ``anggaran`` (budget) and ``realisasi`` (realised) are required;
``persentase`` (the stated percentage) is read when present. The portal's
exports have had two shapes, and both are read by the same rules:

* 2021: plain numbers in Rp miliar with a decimal point (``1097.53``), the
  hierarchy given by indentation;
* 2022: ``"1.056,74 M"`` (Indonesian decimals and a unit), percentages with a
  decimal point (``88.88``) in the same file, every name indented by the same
  one space (the hierarchy flattened), some accounts listed twice.

**Amounts** are in rupiah (floats). A unit after the amount is the unit of that
cell (:data:`UNITS`: ``M`` miliar, ``T`` triliun, ``Jt`` juta, ``rb`` ribu, and
the words); else the unit in the column's header (``anggaran (Rp juta)``); else
``unit=``; else, when no amount of the file has a unit, Rp miliar, the unit the
portal publishes in (``CityBudget.unit_how`` says which). A file where some
amounts carry a unit and others (not 0) do not is refused. A plausibility check
follows: Belanja Daerah read outside :data:`PLAUSIBLE_SPENDING` is a problem.

**Accounts** are matched to the known structure of the APBD in
``renja_lib/data/apbd_accounts.csv`` (key, the parents an account is found under,
its level in Permendagri 77/2020, its kind, how its children add up, and its
names). Matching ignores case, spacing, punctuation and a leading account code;
a name off by a letter or two (``Belanjaodal``: the ``M`` of Modal lost) is
matched tolerantly (:data:`TOLERANCE`, by :mod:`difflib`) and said in the row's
``note``, never silently. A name that matches no account, or two equally well,
is kept with ``account_key`` empty and a note, never dropped.

**Hierarchy.** Where the names are indented in more than one way, the
indentation decides: a row's parent is the nearest row above indented less, its
level the rank of its indentation. Where every name is indented alike (the
flattened 2022 export), the structure decides, by one rule for every grouping
the portal has used or may use: a row's parent is the nearest row above it whose
account is one of the account's possible parents in the structure (Belanja Hibah
is under Belanja Lainnya where the file has that group above it, as in 2021 and
2022, and under Belanja Operasi where it has that one, as Permendagri 77/2020
groups it); its level is its parent's plus one. An account whose parent is not
in the file, and an unknown account, have no level (noted).

**Repeats.** An account listed again (the same key, under the same name or
another, adjacent or not) with the same figures is counted once: the first row
is kept and notes the repeat, the others are in ``CityBudget.duplicates``. With
other figures both rows are kept and it is a problem: nothing is merged, except
the portal's realisation-only listing (2023): the account again with a budget of
0, no percentage and the same realisation (``Penyertaan Modal  0,00 M  8,69 M``
after ``Penyertaan Modal Daerah  16,19 M  8,69 M``) is counted once, noted.

**Checks** (:mod:`renja_lib.read.djpk_checks`; problems, never corrections):
children add up to their parent where the structure says so, and
``Surplus/(Defisit)``, net financing and SiLPA follow their formulas; the stated
percentage follows from the amounts, whatever their signs; all within the
rounding of the figures as written. A percentage column whose decimal mark was
lost (``12311.00`` for 123,11 %) is one problem for the column, its values kept
as written. A row with a budget of 0 listing again the realisation of an account
of its group (2023's ``Pengeluaran Pembiayaan Lainnya``) is noted and not added
twice. A stated ``0`` % against a budget of 0 is read as missing (``percent``
empty, noted), not as zero.

**Year and period.** The exports hold no year: ``year=`` gives it, by default the
one 4-digit year in the file name, else in its folder's name (the portal's files
are often kept as ``<year>/<region>.csv``). ``period`` is ``"year"`` (the full-year
realisation the portal publishes) unless told otherwise. The exports hold no date
either, and some are snapshots during the year (all of 2023's, and 2024 Kota
Probolinggo's: Belanja Daerah realised 45 to 68 %, against 78 to 110 % in the
full years of 2021, 2022 and 2024): a file read as a full year whose Belanja
Daerah is realised below :data:`PARTIAL_SPENDING_BELOW` % gets one problem at
that row and ``CityBudget.looks_partial``; nothing is changed.

>>> from pathlib import Path
>>> b = read_city_budget(Path("tests/data/djpk/apbd_realisasi_kota_pasuruan_2022.csv"))
>>> row = city_spending(b)
>>> b.year, float(row["budget"]), float(row["realised"]), float(row["percent"])
(2022, 1056740000000.0, 939270000000.0, 88.88)
>>> len(b.duplicates), b.rows_read == len(b.accounts) + len(b.duplicates)
(3, True)
"""
from __future__ import annotations

import csv
import difflib
import re
from dataclasses import dataclass, replace
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Problem, RenjaError
from ..text.catalogue import Message
from .djpk_checks import (PARTIAL_SPENDING_BELOW, check_full_year, check_percentages, check_receipts, check_sums,
                          mark_relistings, problem_at)
from .user_tables import (DECIMAL_MARKS, TableRow, UserTable, cell_text, column_decimal, join_messages, read_number,
                          read_table, table_error)

__all__ = ["UNITS", "PLAUSIBLE_SPENDING", "PARTIAL_SPENDING_BELOW", "TOLERANCE", "ACCOUNT_COLUMNS", "CityBudget",
           "read_city_budget", "account_structure", "city_spending", "spending_types"]

#: Units an amount may carry after it (as the portal writes them, and the words), in rupiah.
UNITS: dict[str, float] = {
    "T": 1e12, "triliun": 1e12, "trilyun": 1e12,
    "M": 1e9, "miliar": 1e9, "milyar": 1e9,
    "Jt": 1e6, "JT": 1e6, "jt": 1e6, "juta": 1e6,
    "rb": 1e3, "Rb": 1e3, "RB": 1e3, "ribu": 1e3,
    "Rp": 1.0, "rp": 1.0, "rupiah": 1.0,
}
_UNIT_NAMES = {1e12: "triliun", 1e9: "miliar", 1e6: "juta", 1e3: "ribu", 1.0: "rupiah"}
#: the unit of the portal's exports when the file writes none (Rp miliar)
PORTAL_UNIT = "miliar"
#: Belanja Daerah of an Indonesian region lies in this range (rupiah): the smallest kabupaten spend some
#: Rp 400 miliar a year, DKI Jakarta about Rp 80 triliun; outside it the amounts were read in the wrong unit.
PLAUSIBLE_SPENDING: tuple[float, float] = (50e9, 200e12)
#: A name matches an account tolerantly when :class:`difflib.SequenceMatcher` gives at least this ratio
#: (``Belanjaodal`` / ``Belanja Modal``: 0.96) and no other account comes as close.
TOLERANCE = 0.9
#: The columns of a DJPK export, by role: the names a header may give them (compared without case, spaces,
#: punctuation and a unit in brackets).
ACCOUNT_COLUMNS: dict[str, tuple[str, ...]] = {
    "account": ("akun", "uraian", "namaakun", "uraianakun", "account", "rekening", "namarekening", "nama"),
    "budget": ("anggaran", "pagu", "budget", "apbd", "anggaranapbd"),
    "realised": ("realisasi", "realisasianggaran", "realised", "realized", "realisation", "realization"),
    "percent": ("persentase", "persen", "%", "persentaserealisasi", "realisasi%", "capaian", "percent",
                "percentage"),
}
_REQUIRED = ("account", "budget", "realised")
_ACCOUNTS_FILE = "apbd_accounts.csv"
_FRAME_COLUMNS = ["year", "period", "account", "account_key", "kind", "parent", "parent_row", "level", "budget",
                  "realised", "percent", "percent_computed", "unit", "source_file", "source_row", "note", "notes"]
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?(?P<num>[-+(]?[\d.,\s]*\d\)?)\s*(?P<unit>[A-Za-z]+\.?)?$", re.I)
_HEADER_UNIT = re.compile(r"[\(\[](?P<unit>[^\)\]]*)[\)\]]")
_CODE_PREFIX = re.compile(r"^\s*\d+(?:[.\s]\d+)*\.?\s+(?=\D)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_PERIODS = ("year", "Q1", "Q2", "Q3", "Q4", "S1", "S2")


# ====================================================================== the known structure
def _norm(text: str) -> str:
    """Lower case, ``&`` as ``dan``, punctuation as spaces, one space between words, no leading code."""
    t = _CODE_PREFIX.sub("", str(text)).casefold().replace("&", " dan ")
    return " ".join(re.sub(r"[^\w%]+", " ", t).split())


def _compact(text: str) -> str:
    return _norm(text).replace(" ", "")


def account_structure() -> pd.DataFrame:
    """The known accounts of the APBD (``renja_lib/data/apbd_accounts.csv``), a new frame each call.

    Columns: ``key``; ``parents`` (tuple: the accounts it is found under, the
    first as Permendagri 77/2020 places it); ``level`` (there); ``kind``
    (``revenue``, ``spending``, ``financing``, ``surplus``); ``check`` (``sum``:
    its children add up to it, or a formula of keys such as ``pendapatan_daerah
    - belanja_daerah``); ``names`` (tuple, the first the usual name); ``note``.

    >>> s = account_structure().set_index("key")
    >>> s.loc["belanja_hibah", "parents"], s.loc["belanja_modal", "names"][0]
    (('belanja_operasi', 'belanja_lainnya', 'belanja_tidak_langsung'), 'Belanja Modal')
    """
    ref = resources.files("renja_lib").joinpath("data", _ACCOUNTS_FILE)
    with ref.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = pd.DataFrame(rows)
    out["parents"] = [tuple(p for p in s.split("|") if p) for s in out["parent"]]
    out["names"] = [tuple(n.strip() for n in s.split("|") if n.strip()) for s in out["names"]]
    out["level"] = out["level"].astype(int)
    return out[["key", "parents", "level", "kind", "check", "names", "note"]]


def _name_index(structure: pd.DataFrame) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    exact: dict[str, str] = {}
    compact: list[tuple[str, str, str]] = []
    for key, names in zip(structure["key"], structure["names"]):
        for name in names:
            exact.setdefault(_norm(name), key)
            compact.append((_compact(name), key, name))
    return exact, compact


def _match(written: str, exact: dict[str, str], compact: list[tuple[str, str, str]]
           ) -> tuple[str | None, str | None, list[str]]:
    """``(key, usual name if matched tolerantly, close names if ambiguous)``."""
    n = _norm(written)
    if n in exact:
        return exact[n], None, []
    c = n.replace(" ", "")
    by_key: dict[str, tuple[float, str]] = {}
    for cand, key, name in compact:
        if cand == c:
            return key, None, []
        if abs(len(cand) - len(c)) > 3:
            continue
        ratio = difflib.SequenceMatcher(None, c, cand).ratio()
        if ratio > by_key.get(key, (0.0, ""))[0]:
            by_key[key] = (ratio, name)
    close = sorted(((r, k, name) for k, (r, name) in by_key.items() if r >= TOLERANCE), reverse=True)
    if len(close) == 1:
        return close[0][1], close[0][2], []
    return None, None, [name for _, _, name in close]


# ====================================================================== the file
@dataclass(frozen=True)
class CityBudget:
    """A DJPK export as :func:`read_city_budget` read it.

    ``accounts``: one row per account (:data:`_FRAME_COLUMNS`): ``account`` as
    written (stripped), ``account_key`` (None for an account not in the
    structure), ``kind``, ``parent`` (the parent's key) and ``parent_row`` (its
    row), ``level`` (None when unknown), ``budget`` and ``realised`` in rupiah,
    ``percent`` as stated (None where the budget is 0 and the file says 0),
    ``percent_computed``, ``unit`` (written in the cell, else how it was set),
    ``source_file``, ``source_row`` (the row of the file, header = its row),
    ``note`` (a :class:`~renja_lib.text.Message`, written when shown; None when
    nothing to say) and ``notes`` (its codes, ``;``-separated: ``repeat``,
    ``repeat_realisation``, ``realisation_relisted``, ``name_tolerant``,
    ``name_ambiguous``, ``unknown_account``, ``percent_zero_no_budget``,
    ``percent_decimal_lost``, ``parent_unexpected``, ``no_parent``).
    ``duplicates``: the rows dropped as repeats, with ``kept_row``.
    ``problems``: :class:`~renja_lib.errors.Problem` s (sums that do not add up,
    percentages that do not follow, a percentage column that lost its decimal
    mark, repeats with other figures, a doubtful unit).
    ``rows_read`` = ``len(accounts) + len(duplicates)``: every row accounted for.
    ``partial``: the problem (one of ``problems``) saying that a file read as a
    full year looks like realisation to date (Belanja Daerah realised below
    :data:`PARTIAL_SPENDING_BELOW` %), else None; ``looks_partial`` is whether
    there is one. A file read with a period (``period="S1"``) is not judged.
    """

    path: Path
    year: int
    year_how: str
    period: str
    hierarchy: str
    unit_how: str
    decimals: dict[str, str | None]
    accounts: pd.DataFrame
    duplicates: pd.DataFrame
    problems: tuple[Problem, ...]
    rows_read: int
    partial: Problem | None = None

    @property
    def looks_partial(self) -> bool:
        """Read as a full year, but its Belanja Daerah realised too little for one (:attr:`partial` says why)."""
        return self.partial is not None


def _header_key(name: str) -> str:
    return re.sub(r"[^\w%]+", "", _HEADER_UNIT.sub("", str(name)).casefold())


def _role(name: str) -> str | None:
    if "%" in str(name):  # "persentase (%)", "realisasi (%)": a percentage whatever its word
        return "percent"
    h = _header_key(name)
    return next((role for role, aliases in ACCOUNT_COLUMNS.items() if h in aliases), None)


def _header_unit(path: Path, row: int, name: str) -> float | None:
    m = _HEADER_UNIT.search(str(name))
    if not m:
        return None
    words = m.group("unit").replace(".", " ").split()
    units = [UNITS.get(w) or UNITS.get(w.casefold()) for w in words]
    if not words or any(u is None for u in units):
        raise table_error(path, row, name, Message("errors_djpk.unknown_unit", unit=m.group("unit"), cell=name))
    return max(units)  # "Rp miliar": the larger word is the unit


def _year(path: Path, year: Any) -> tuple[int, str]:
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
            raise RenjaError(Message("errors_djpk.year_arg", got=repr(year)), path=path)
        return year, "argument"
    for name, how in ((path.stem, "file_name"), (path.parent.name, "folder_name")):
        found = sorted(set(_YEAR.findall(name)))
        if len(found) > 1:
            raise RenjaError(Message("errors_djpk.year_ambiguous", name=name, years=found), path=path)
        if found:
            return int(found[0]), how
    raise RenjaError(Message("errors_djpk.no_year", name=path.name, folder=path.parent.name or "."), path=path)


def _split_amount(path: Path, row: int, column: str, cell: Any) -> tuple[Any, float | None]:
    """The cell without its unit, and the unit's factor (None when it has none)."""
    if not isinstance(cell, str):
        return cell, None
    text = cell.strip().replace("\u00a0", " ")
    m = _AMOUNT.match(text)
    if not m:
        return text, None
    unit = m.group("unit")
    body = m.group("num").replace(" ", "")
    if body.startswith("(") and body.endswith(")"):
        body = "-" + body[1:-1]
    if unit is None:
        return body, None
    factor = UNITS.get(unit.rstrip(".")) or UNITS.get(unit.rstrip(".").casefold())
    if factor is None:  # a lower-case m or t is not taken: "m" is also a metre, a million
        raise table_error(path, row, column, Message("errors_djpk.unknown_unit", unit=unit, cell=cell))
    return body, factor


def _columns(table: UserTable) -> dict[str, int]:
    roles: dict[str, int] = {}
    for i, name in enumerate(table.columns):
        role = _role(name)
        if role is not None and role not in roles:
            roles[role] = i
    missing = [r for r in _REQUIRED if r not in roles]
    header_row = table.header_rows[0]
    found = [c for c in table.columns if c] or ["-"]
    if len(missing) == len(_REQUIRED) or "account" in missing and len(missing) >= 2:
        raise table_error(table.path, header_row, None, Message("errors_djpk.not_djpk", found=found))
    if missing:
        raise table_error(table.path, header_row, ACCOUNT_COLUMNS[missing[0]][0],
                          Message("errors_djpk.missing_column", column=ACCOUNT_COLUMNS[missing[0]][0], found=found))
    return roles


def _known_header(name: str) -> bool:
    return _role(name) is not None


def read_city_budget(path: str | Path, *, year: int | None = None, period: str = "year", unit: str | None = None,
                     decimal: str | None = None, delimiter: str | None = None,
                     sheet: str | int | None = None) -> CityBudget:
    """Read one DJPK APBD realisation export (see the module docstring).

    ``year``: the budget year (default: the one 4-digit year in the file name, else in its folder's name;
    ``CityBudget.year_how`` says which).
    ``period``: ``"year"`` (default), or ``Q1``..``Q4``, ``S1``, ``S2`` for an
    export of realisation to date. ``unit`` (:data:`UNITS`) for amounts written
    without one; ``decimal`` (``","`` or ``"."``) declares the decimal mark of the
    amounts (default: told from the cells); ``delimiter`` and ``sheet`` as
    :func:`~renja_lib.read.user_tables.read_table`. Bad shapes raise one
    :class:`~renja_lib.errors.RenjaError` naming the file, the row and the column.
    """
    p = Path(path)
    if period not in _PERIODS:
        raise RenjaError(Message("errors_djpk.period_arg", allowed=list(_PERIODS), got=repr(period)), path=p)
    if unit is not None and unit not in UNITS:
        raise RenjaError(Message("errors_djpk.unit_arg", allowed=list(UNITS), got=repr(unit)), path=p)
    if decimal not in (None, *DECIMAL_MARKS):
        raise RenjaError(Message("errors_djpk.decimal_arg", allowed=list(DECIMAL_MARKS), got=repr(decimal)), path=p)
    table = read_table(p, what=Message("errors_djpk.what"), sheet=sheet, delimiter=delimiter, known=_known_header,
                       empty_hint=Message("errors_djpk.empty_hint"))
    roles = _columns(table)
    if not table.rows:
        raise table_error(p, table.header_rows[-1], None, Message("errors_djpk.no_rows"))
    the_year, year_how = _year(p, year)
    records, decimals, unit_how = _read_rows(table, roles, unit, decimal)
    names = {role: table.columns[i] for role, i in roles.items()}
    return _build(p, the_year, year_how, period, names, records, decimals, unit_how)


def _read_rows(table: UserTable, roles: dict[str, int], unit: str | None, decimal: str | None
               ) -> tuple[list[dict[str, Any]], dict[str, str | None], str]:
    p = table.path
    name_of = {role: table.columns[i] for role, i in roles.items()}
    header_units = {role: _header_unit(p, table.header_rows[0], name_of[role]) for role in ("budget", "realised")}
    # the amounts without their units, so that the decimal mark is told from the numbers alone
    stripped, factors = [], {}
    for r in table.rows:
        cells = list(r.cells)
        for role in ("budget", "realised"):
            i = roles[role]
            if i < len(cells):
                cells[i], factors[(r.number, role)] = _split_amount(p, r.number, name_of[role], cells[i])
        stripped.append(TableRow(r.number, tuple(cells), r.indents))
    bare = replace(table, rows=tuple(stripped))
    decimals: dict[str, str | None] = {}
    for role in ("budget", "realised", "percent"):
        if role in roles:
            decimals[role] = decimal if decimal and role != "percent" else column_decimal(
                bare, roles[role], percent=role == "percent", units=False)
    written_units = [(n, f) for (n, _), f in factors.items() if f is not None]
    unit_how = "written" if written_units else "header" if any(header_units.values()) else \
        "argument" if unit else "portal_default"
    records = []
    for r, as_written in zip(bare.rows, table.rows):
        rec: dict[str, Any] = {"row": r.number, "written": cell_text(r.cell(roles["account"])),
                               "indent": r.indents[roles["account"]] if roles["account"] < len(r.indents) else 0}
        for role in ("budget", "realised", "percent"):
            if role not in roles:
                rec[role], rec[role + "_res"] = None, 0.0
                continue
            cell = r.cell(roles[role])
            try:
                num = read_number(cell, decimals[role], percent=role == "percent", units=False)
            except ValueError as exc:
                raise table_error(p, r.number, name_of[role], Message(
                    "errors_djpk.not_a_number", cell=str(as_written.cell(roles[role])), detail=exc.args[0])) from None
            if num is None:
                rec[role], rec[role + "_res"] = None, 0.0
                continue
            factor = 1.0
            if role != "percent":
                factor = factors.get((r.number, role)) or header_units[role] or (UNITS[unit] if unit else None)
                if factor is None:
                    if written_units and num.value != 0:
                        other_row, _ = written_units[0]
                        raise table_error(p, r.number, name_of[role],
                                          Message("errors_djpk.unit_missing", cell=str(cell), row=other_row))
                    factor = UNITS[PORTAL_UNIT]
                rec[role + "_unit"] = _UNIT_NAMES.get(factor)
            rec[role] = float(num.value * Decimal(factor))
            rec[role + "_res"] = num.resolution * factor
        if not rec["written"]:
            raise table_error(p, r.number, name_of["account"], Message("errors_djpk.account_empty"))
        records.append(rec)
    return records, decimals, unit_how


# ====================================================================== accounts, repeats, hierarchy, checks
def _same_figures(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """None when ``a`` and ``b`` give the same figures, else the first role that differs."""
    return next((role for role in ("budget", "realised", "percent") if a[role] != b[role]), None)


def _match_names(records: list[dict[str, Any]], structure: pd.DataFrame) -> None:
    exact, compact = _name_index(structure)
    for rec in records:
        key, usual, close = _match(rec["written"], exact, compact)
        rec["key"], rec["notes"] = key, []
        if usual is not None:
            rec["notes"].append(("name_tolerant", Message("errors_djpk.note.name_tolerant", name=usual,
                                                          written=rec["written"])))
        elif key is None and close:
            rec["notes"].append(("name_ambiguous", Message("errors_djpk.note.name_ambiguous", names=close)))
        elif key is None:
            rec["notes"].append(("unknown_account", Message("errors_djpk.note.unknown_account")))


def _repeats(path: Path, records: list[dict[str, Any]], names: dict[str, str], problems: list[Problem]
             ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    kept: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    first_of: dict[str, dict[str, Any]] = {}
    for rec in records:
        ident = rec["key"] or "name:" + _norm(rec["written"])
        first = first_of.get(ident)
        if first is None:
            first_of[ident] = rec
            kept.append(rec)
            continue
        differs = _same_figures(first, rec)
        if differs is None or _realisation_only(first, rec):
            rec["kept_row"] = first["row"]
            first.setdefault("repeats" if differs is None else "relisted", []).append(rec)
            dropped.append(rec)
        else:
            kept.append(rec)
            problems.append(problem_at(path, rec, names[differs], Message(
                "errors_djpk.problem.repeat_differs", account=rec["written"], first=first["row"],
                mine=_shown(rec, differs), theirs=_shown(first, differs))))
    for rec in kept:
        if rec.get("repeats"):
            rows = [rec["row"]] + [r["row"] for r in rec["repeats"]]
            other = list(dict.fromkeys(r["written"] for r in rec["repeats"] if r["written"] != rec["written"]))
            message = (Message("errors_djpk.note.repeat_named", rows=rows, names=[repr(n) for n in other],
                               n=len(rows)) if other else Message("errors_djpk.note.repeat", rows=rows, n=len(rows)))
            rec["notes"].append(("repeat", message))
        if rec.get("relisted"):
            rows = [r["row"] for r in rec["relisted"]]
            rec["notes"].append(("repeat_realisation", Message(
                "errors_djpk.note.repeat_realisation", rows=rows, names=[repr(r["written"]) for r in rec["relisted"]],
                n=len(rows))))
    return kept, dropped


def _realisation_only(first: dict[str, Any], rec: dict[str, Any]) -> bool:
    """``rec`` lists the realisation of ``first`` (the same account) again with a budget of 0 and no percentage:
    the portal's realisation-only listing (2023: ``Penyertaan Modal  0,00 M  8,69 M  0`` after ``Penyertaan Modal
    Daerah  16,19 M  8,69 M``), counted once."""
    return (rec["budget"] == 0 and first["budget"] not in (None, 0) and rec["realised"] is not None
            and rec["realised"] == first["realised"] and rec["percent"] in (None, 0))


def _shown(rec: dict[str, Any], role: str) -> str:
    value = rec[role]
    if value is None:
        return "-"
    return f"{value:g}" if role == "percent" else f"{value:.0f}"


def _hierarchy(kept: list[dict[str, Any]], info: pd.DataFrame) -> str:
    indents = sorted({rec["indent"] for rec in kept})
    by_indent = len(indents) > 1
    rank = {v: i + 1 for i, v in enumerate(indents)}
    for i, rec in enumerate(kept):
        key = rec["key"]
        allowed = tuple(info.at[key, "parents"]) if key is not None else ()
        if by_indent:
            parent = next((q for q in reversed(kept[:i]) if q["indent"] < rec["indent"]), None)
            rec["level"] = rank[rec["indent"]]
            if key is not None and parent is not None and allowed and parent["key"] not in allowed:
                rec["notes"].append(("parent_unexpected", Message(
                    "errors_djpk.note.parent_unexpected", parent=parent["written"], expected=_usual(info, allowed))))
            elif key is not None and parent is None and allowed:
                rec["notes"].append(("no_parent", Message("errors_djpk.note.no_parent",
                                                          expected=_usual(info, allowed))))
        elif key is None:
            parent, rec["level"] = None, None
        elif not allowed:
            parent, rec["level"] = None, 1
        else:
            parent = next((q for q in reversed(kept[:i]) if q["key"] in allowed), None)
            rec["level"] = parent["level"] + 1 if parent is not None and parent["level"] is not None else None
            if parent is None:
                rec["notes"].append(("no_parent", Message("errors_djpk.note.no_parent",
                                                          expected=_usual(info, allowed))))
        rec["parent_rec"] = parent
        rec["kind"] = info.at[key, "kind"] if key is not None else parent["kind"] if parent is not None else None
    return "indentation" if by_indent else "structure"


def _usual(info: pd.DataFrame, keys: tuple[str, ...]) -> list[str]:
    return [info.at[k, "names"][0] for k in keys]


def _frame(recs: list[dict[str, Any]], path: Path, year: int, period: str, extra: tuple[str, ...] = ()
           ) -> pd.DataFrame:
    rows = []
    for rec in recs:
        parent = rec.get("parent_rec")
        notes = rec.get("notes", [])
        rows.append({
            "year": year, "period": period, "account": rec["written"], "account_key": rec["key"],
            "kind": rec.get("kind"), "parent": parent["key"] if parent is not None else None,
            "parent_row": parent["row"] if parent is not None else None, "level": rec.get("level"),
            "budget": rec["budget"], "realised": rec["realised"], "percent": rec["percent"],
            "percent_computed": rec.get("percent_computed"),
            "unit": rec.get("budget_unit") or rec.get("realised_unit"), "source_file": str(path),
            "source_row": rec["row"], "note": join_messages([m for _, m in notes]) if notes else None,
            "notes": ";".join(code for code, _ in notes), **{c: rec.get(c) for c in extra}})
    out = pd.DataFrame(rows, columns=_FRAME_COLUMNS + list(extra))
    for c in ("budget", "realised", "percent", "percent_computed"):
        out[c] = out[c].astype(float)
    for c in ("parent_row", "level"):
        out[c] = out[c].astype("Int64")
    return out


def _build(path: Path, year: int, year_how: str, period: str, names: dict[str, str], records: list[dict[str, Any]],
           decimals: dict[str, str | None], unit_how: str) -> CityBudget:
    structure = account_structure()
    info = structure.set_index("key")
    problems: list[Problem] = []
    _match_names(records, structure)
    if not any(rec["key"] is not None for rec in records):
        first = records[0]
        raise table_error(path, first["row"], names["account"], Message("errors_djpk.no_known_account",
                                                                        account=first["written"]))
    kept, dropped = _repeats(path, records, names, problems)
    hierarchy = _hierarchy(kept, info)
    mark_relistings(kept)
    check_percentages(path, kept, names, problems)
    for rec in dropped:
        rec["percent_computed"] = (rec["realised"] / rec["budget"] * 100 if rec["budget"] and
                                   rec["realised"] is not None else None)
        if rec["percent"] == 0 and rec["budget"] == 0:
            rec["percent"] = None
    check_sums(path, kept, info, names, problems)
    check_receipts(path, kept, names, problems)
    partial = check_full_year(path, kept, names, period, problems)
    spending = [r for r in kept if r["key"] == "belanja_daerah" and r["budget"] is not None]
    low, high = PLAUSIBLE_SPENDING
    if spending and not low <= spending[0]["budget"] <= high:
        problems.append(problem_at(path, spending[0], names["budget"], Message(
            "errors_djpk.problem.unit_doubtful", value=spending[0]["budget"], low=low, high=high)))
    problems.sort(key=lambda pr: pr.line or 0)
    return CityBudget(path, year, year_how, period, hierarchy, unit_how, decimals,
                      _frame(kept, path, year, period), _frame(dropped, path, year, period, ("kept_row",)),
                      tuple(problems), len(records), partial)


# ====================================================================== the city's spending
def _spending_rows(budget: CityBudget) -> pd.DataFrame:
    if not isinstance(budget, CityBudget):
        raise RenjaError(Message("errors_djpk.budget_arg", got=type(budget).__name__))
    acc = budget.accounts
    rows = acc[acc["account_key"] == "belanja_daerah"]
    if rows.empty:
        raise RenjaError(Message("errors_djpk.no_city_spending"), path=budget.path)
    if len(rows) > 1:
        raise table_error(budget.path, int(rows["source_row"].iloc[1]), None, Message(
            "errors_djpk.city_spending_twice", rows=[int(r) for r in rows["source_row"]]))
    return rows


def city_spending(budget: CityBudget) -> pd.Series:
    """The row of Belanja Daerah, the whole city's spending (a Series of :class:`CityBudget` ``accounts``' columns).

    RenjaError when the file has no Belanja Daerah, or lists it twice with other figures.
    """
    return _spending_rows(budget).iloc[0].copy()


def spending_types(budget: CityBudget) -> pd.DataFrame:
    """Every account under Belanja Daerah (the groups and the spending types: Pegawai, Barang dan Jasa, Modal,
    ...) in the file's order, with ``share_of_budget`` (its budget over Belanja Daerah's, %)."""
    top = _spending_rows(budget)
    acc = budget.accounts
    inside: set[int] = {int(top["source_row"].iloc[0])}
    picked = []
    for i, parent_row in zip(acc.index, acc["parent_row"]):
        if not pd.isna(parent_row) and int(parent_row) in inside:
            inside.add(int(acc.at[i, "source_row"]))
            picked.append(i)
    out = acc.loc[picked].copy()
    total = float(top["budget"].iloc[0])
    out["share_of_budget"] = out["budget"] / total * 100 if total else float("nan")
    return out.reset_index(drop=True)
