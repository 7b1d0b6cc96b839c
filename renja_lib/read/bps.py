"""BPS labour statistics (TPT, TPAK, TKK) as users download them: the website's tables and the WebAPI's answers.

:func:`read_bps` reads one file, its form told by its content (not its name):

* **A table of the BPS website** (``.csv`` or ``.xlsx``, read by :func:`renja_lib.read.user_tables.read_table`:
  encodings, delimiters, title rows, notes under the table). Regions are rows (the province total among
  them), years are columns, in any order, under one or several header rows: a row of years, a row of
  half-years (``Februari``, ``Agustus``, ``Tahunan``; English ``February``, ``August``, ``Annual``) under it
  or none, a year written once over the columns it spans (a merged cell), a row naming the indicator
  over them. A table of one year may name its year only in its title (``..., 2023``). Values are
  ``5,49`` or ``5.49`` (one mark for the whole table, told from its cells); ``…``, ``...``, ``NA``, ``x``
  are not available and ``-`` or an empty cell is no value: both are left out (``dropped``), never 0.
  Footnote marks (``2023*``, ``5,49*``) are kept in the value's source.
* **An answer of the BPS WebAPI** for one variable (``/v1/api/list/model/data/...``, a JSON object saved to
  a file, as ``renja bps fetch`` writes it): the lists ``var``, ``vervar`` (the regions), ``turvar`` (a
  breakdown: sex, area), ``tahun`` and ``turtahun`` (the part of the year: ``Februari``, ``Agustus``,
  ``Tahun``) of ``{"val": id, "label": text}``, and ``datacontent``, whose keys are the ids of vervar, var,
  turvar, tahun and turtahun written one after the other with no separator. A key is split with the id lists
  of the same answer: every way the ids can be joined is tried, and a key that matches none, or two, is an
  error naming it. ``tahun`` ids are not years (121 is 2021): the year is read from the label.

**The annual figure is August's** (Sakernas Agustus, the round that gives kabupaten/kota figures): a value
for August, or for a year with no half-year, has ``period`` ``"year"``; a February value keeps ``period``
``"february"``; an annual (``Tahunan``) value beside an August one for the same year stays apart as
``"annual"``. Only ``"year"`` values of no breakdown enter the annual series (:meth:`BpsSeries.records`).

**Regions** are read by :mod:`renja_lib.read.regions` (``KOTA PASURUAN``, ``Kota Pasuruan`` and
``Pasuruan (Kota)`` are one region, ``Kabupaten Pasuruan`` another). A name without level word is a
kabupaten in a table of kabupaten/kota (BPS writes them so), the province when it is a province's name (the
last of two rows named so, as BPS puts the total last), ``Indonesia`` the nation; a region code (``3575``,
before the name or in the WebAPI's ids) says the level too.

**The indicator** is named by the column's header, else the title (or the WebAPI's ``var`` label), in
Indonesian or English words or abbreviation (``Tingkat Pengangguran Terbuka``, ``Open Unemployment Rate``,
``TPT``; the names of ``renja_lib/data/indicators.csv``); ``indicator=`` says it for a file that does not,
and a file that names another is refused.

Every value keeps its place (``source_file``, ``source_row``: the row of the table or the line of the key in the
JSON file, ``source_column``: the column's header or the key). Every bad shape (no year column, a region twice
with different values, text in a value cell, a key that does not split) is one
:class:`~renja_lib.errors.RenjaError` naming the file, the row and the column.

>>> import pathlib, tempfile
>>> p = pathlib.Path(tempfile.mkdtemp()) / "tpt.csv"
>>> _ = p.write_text('Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota (Persen)\\n'
...                  'Kabupaten/Kota;2022;;2023;\\n;Februari;Agustus;Februari;Agustus\\n'
...                  'Pasuruan;5,1;5,2;…;4,9\\nKota Pasuruan;6,0;5,8;5,5;5,4\\nSumber: Sakernas\\n')
>>> s = read_bps(p)
>>> s.frame.query("period == 'year'")[["region", "indicator", "year", "value"]].to_dict("records")[:2]
[{'region': 'Kabupaten Pasuruan', 'indicator': 'TPT', 'year': 2022, 'value': 5.2}, \
{'region': 'Kabupaten Pasuruan', 'indicator': 'TPT', 'year': 2023, 'value': 4.9}]
>>> s.dropped[["region", "year", "period", "reason"]].to_dict("records")
[{'region': 'Kabupaten Pasuruan', 'year': 2023, 'period': 'february', 'reason': 'not available'}]
"""
from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import RenjaError
from ..text.catalogue import Message
from .indicator_series import EXACT_DECIMALS, FRAME_COLUMNS, NO_VALUE
from .regions import RegionName, level_of_code, parse_region, province_named
from .source import USER_FILE_BYTES, decode_text, read_file_bytes
from .user_tables import TableRow, UserTable, cell_text, cells_decimal, is_workbook, read_number, read_table, \
    table_error

__all__ = ["BpsSeries", "read_bps", "read_extra", "FORMS", "PERIODS", "BPS_COLUMNS", "BPS_DROPPED_COLUMNS",
           "NOT_AVAILABLE", "indicator_in", "period_in", "Cell", "build_series", "BREAKDOWN_WORDS", "TOTAL_WORDS",
           "KABKOTA", "compact", "indicator_names", "province_in", "resolve_levels", "strip_mark"]

#: The forms of a BPS file.
FORMS: tuple[str, ...] = ("csv", "xlsx", "json")
#: The periods of a value: the annual (August) figure, February's, an annual figure published beside August's.
PERIODS: tuple[str, ...] = ("year", "february", "annual")
#: Columns of :attr:`BpsSeries.frame`: those of a user's indicator series, then the column of the value, the
#: region's key and level, the period and the breakdown (``""`` for none).
BPS_COLUMNS: list[str] = FRAME_COLUMNS + ["source_column", "region_key", "region_level", "period", "breakdown"]
#: Columns of :attr:`BpsSeries.dropped`.
BPS_DROPPED_COLUMNS: list[str] = ["region", "indicator", "year", "kind", "source", "reason", "source_file",
                                  "source_row", "source_column", "region_key", "region_level", "period",
                                  "breakdown"]
#: ``reason`` of a cell BPS marks as not available (``…``); an empty cell or ``-`` is :data:`NO_VALUE`.
NOT_AVAILABLE = "not available"
_DUPLICATE = "same value twice"

_NO_VALUE_CELLS = frozenset({"", "-", "–", "—"})
_NOT_AVAILABLE_CELLS = frozenset({"…", "...", "..", "….", "na", "n/a", "n.a.", "(na)", "x", "tt", "t.t."})
_VALUE_MARK = re.compile(r"^(?P<value>.*?\d)\s*(?P<mark>\*{1,3}|[†‡¹²³]|\(?[a-z]\))$")
_YEAR = re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)(?!\d)")
_YEAR_LABEL = re.compile(r"^(?:tahun|year|th\.?)?\s*(?P<year>(?:19|20)\d\d)\s*"
                         r"(?P<mark>\*{1,3}|[†‡¹²³]|\(\w\))?$", re.IGNORECASE)
_PERIOD_WORDS = (
    ("february", re.compile(r"\b(?:feb(?:ruari|ruary)?|semester\s*(?:1|i)(?!\w))\b", re.IGNORECASE)),
    ("august", re.compile(r"\b(?:agu(?:stus)?|ags|aug(?:ust)?|semester\s*(?:2|ii)(?!\w))\b", re.IGNORECASE)),
    ("annual", re.compile(r"\b(?:tahunan|annual|yearly|setahun|tahun|year)\b", re.IGNORECASE)),
)
#: A breakdown a header or ``turvar`` names (compact form -> the breakdown); a value of one is no annual figure.
BREAKDOWN_WORDS = {"lakilaki": "laki-laki", "male": "laki-laki", "pria": "laki-laki", "perempuan": "perempuan",
                   "female": "perempuan", "wanita": "perempuan", "perkotaan": "perkotaan", "urban": "perkotaan",
                   "perdesaan": "perdesaan", "pedesaan": "perdesaan", "rural": "perdesaan"}
#: Words of a total (a row ``Jumlah``, a ``turvar`` ``Tidak ada``), compact.
TOTAL_WORDS = {"jumlah", "total", "jumlahtotal", "totaljumlah", "tidakada", "semua", "all", "none"}
_GROUP_ROWS = {"kabupaten", "kota", "regency", "municipality", "city", "kabupatenkota", "kabkota",
               "regencymunicipality", "regencycity", "provinsi", "province"}
_REGION_HEADER = re.compile(r"^(?:kabupaten\s*/\s*kota|kab(?:upaten)?\.?\s*/\s*kota|provinsi(?:\s*/\s*kabupaten"
                            r"\s*/\s*kota)?|wilayah|daerah|region|regency\s*/\s*(?:municipality|city)|province|"
                            r"kecamatan|nama\s+wilayah|wilayah\s+kerja)$", re.IGNORECASE)
_CODE_HEADER = re.compile(r"^(?:kode(?:\s+wilayah)?|code|id|kode\s+bps|bps\s+code)$", re.IGNORECASE)
_NUMBER_HEADER = re.compile(r"^(?:no\.?|nomor|number|#)$", re.IGNORECASE)
#: A title or header saying the rows are kabupaten and kota.
KABKOTA = re.compile(r"kabupaten\s*/\s*kota|kab\.?\s*/\s*kota|regency\s*/\s*(?:municipality|city)",
                      re.IGNORECASE)
_FRAME_TYPES = {"region": "str", "indicator": "str", "year": "int64", "kind": "str", "value": "float64",
                "source": "str", "series_break": "bool", "decimals": "int64", "source_file": "str",
                "source_row": "int64", "source_column": "str", "region_key": "str", "region_level": "str",
                "period": "str", "breakdown": "str"}


# ====================================================================== words: indicators, periods
#: Names BPS's English titles use besides those of ``indicators.csv`` (a rate: never "Pengangguran Terbuka" alone,
#: which a table of the number of unemployed is titled with too).
_MORE_NAMES = {"TPT": ("Unemployment Rate",)}


@lru_cache(maxsize=1)
def indicator_names() -> tuple[tuple[str, tuple[re.Pattern, ...], bool], ...]:
    """``(key, patterns, share)`` of each indicator of ``renja_lib/data/indicators.csv``: its names in
    Indonesian and English and its abbreviations as whole words (``labour`` and ``labor`` alike)."""
    out = []
    with resources.files("renja_lib").joinpath("data", "indicators.csv").open("r", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            words = {row["name_id"], row["name_en"], row["key"], row["code"], *row["aliases"].split("|"),
                     *_MORE_NAMES.get(row["key"], ())}
            names = [w.casefold().replace("labour", "labor").split() for w in sorted(words, key=len, reverse=True)]
            patterns = tuple(re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, n)) + r"(?!\w)") for n in names if n)
            out.append((row["key"], patterns, row["kind"] == "share"))
    return tuple(out)


def indicator_in(text: str) -> list[str]:
    """The indicators (keys) a text names, in the order of ``indicators.csv``.

    >>> indicator_in("Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota")
    ['TPT']
    >>> indicator_in("Labor Force Participation Rate and Open Unemployment Rate by Regency")
    ['TPT', 'TPAK']
    """
    text = " ".join(str(text).replace("labour", "labor").replace("Labour", "Labor").casefold().split())
    return [key for key, patterns, _ in indicator_names() if any(p.search(text) for p in patterns)]


def _shares() -> set[str]:
    return {key for key, _, share in indicator_names() if share}


def period_in(text: str) -> str | None:
    """``"february"``, ``"august"`` or ``"annual"`` as a label names the part of the year, else None.

    >>> period_in("Semester 1 (Februari)"), period_in("Agustus"), period_in("Tahunan"), period_in("2021")
    ('february', 'august', 'annual', None)
    """
    for code, pattern in _PERIOD_WORDS:
        if pattern.search(str(text)):
            return code
    return None


def compact(text: str) -> str:
    """A text in lower case with only its letters and digits (``Laki-laki`` is ``lakilaki``)."""
    return re.sub(r"[^0-9a-z]+", "", str(text).casefold())


# ====================================================================== the series
@dataclass(frozen=True, eq=False)
class BpsSeries:
    """A BPS file as :func:`read_bps` read it.

    ``frame``: one row per value (:data:`BPS_COLUMNS`; ``kind`` ``"actual"``, ``period`` one of
    :data:`PERIODS`, ``region_level`` ``provinsi``/``kabupaten``/``kota``/``nasional`` or ``""``), in the
    file's order; ``dropped``: the cells without a value (:data:`BPS_DROPPED_COLUMNS`, ``reason``
    :data:`NOT_AVAILABLE` or ``"no value"``); ``form`` (:data:`FORMS`); ``title`` the title rows (or the
    WebAPI's variable label); ``notes`` the notes under the table; ``table`` how a table was read (None for
    JSON); ``decimal`` the decimal mark of the values (None when none is written).
    """

    frame: pd.DataFrame
    dropped: pd.DataFrame
    form: str
    title: tuple[str, ...]
    notes: tuple[str, ...]
    table: UserTable | None
    decimal: str | None

    def annual(self) -> pd.DataFrame:
        """The annual (August) series: ``period == "year"`` and no breakdown."""
        return self.frame[(self.frame["period"] == "year") & (self.frame["breakdown"] == "")].reset_index(drop=True)

    def records(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The annual values and the rest as lists of dicts in the shape
        :func:`renja_lib.analyse.labour.series` gathers figures in (region, indicator, year, kind, value,
        source, series_break, decimals; dropped: region, indicator, year, kind, source, reason): a February
        value, an annual value beside August's and a breakdown are dropped with the reason ``period
        february``, ``period annual``, ``breakdown <label>``; never mixed into the annual series."""
        keep = ["region", "indicator", "year", "kind", "value", "source", "series_break", "decimals"]
        annual = (self.frame["period"] == "year") & (self.frame["breakdown"] == "")
        rows = self.frame.loc[annual, keep].to_dict("records")
        for row in rows:
            row["year"], row["value"], row["series_break"], row["decimals"] = \
                int(row["year"]), float(row["value"]), bool(row["series_break"]), int(row["decimals"])
        dropped = []
        for row in self.frame.loc[~annual].to_dict("records"):
            reason = f"breakdown {row['breakdown']}" if row["breakdown"] else f"period {row['period']}"
            dropped.append(dict(region=row["region"], indicator=row["indicator"], year=int(row["year"]),
                                kind=row["kind"], source=row["source"], reason=reason))
        for row in self.dropped.to_dict("records"):
            dropped.append(dict(region=row["region"], indicator=row["indicator"], year=int(row["year"]),
                                kind=row["kind"], source=row["source"], reason=row["reason"]))
        return rows, dropped


@dataclass
class Cell:
    """One value of a BPS file before checking: where it is, what it is for, and the value as written
    (``raw``: text, an Excel number, a JSON number)."""

    row: int
    column: str
    region: RegionName
    indicator: str
    year: int
    period: str
    breakdown: str
    raw: Any
    mark: str = ""


# ====================================================================== reading
def _form(path: Path, data: bytes) -> str:
    if is_workbook(data):
        return "xlsx"
    head = data.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n")
    if head[:1] in (b"{", b"["):
        return "json"
    return "csv"


def read_bps(path: str | Path, indicator: str | None = None, *, sheet: str | int | None = None) -> BpsSeries:
    """Read a BPS table download (``.csv``, ``.xlsx``) or a WebAPI answer (``.json``); see the module docstring.

    ``indicator`` (``TPT``, ``TPAK``, ``TKK`` or a name of one) says which indicator the values are when
    the file does not name it, and is checked against the file when it does. ``sheet`` picks an Excel sheet.
    Raises one :class:`RenjaError` naming the file, the row and the column of the first bad shape.
    """
    if not isinstance(path, (str, Path)):
        raise RenjaError(Message("errors_bps.not_path", type=type(path).__name__, got=path))
    p = Path(path)
    asked = _asked_indicator(indicator)
    data = read_file_bytes(p, what=Message("errors_bps.what"), limit=USER_FILE_BYTES)
    if not data.strip():
        raise RenjaError(Message("errors_bps.empty"), path=p)
    form = _form(p, data)
    if form == "json":
        from .bps_json import read_answer  # here: it builds on this module's words

        text = decode_text(p, data, kind="table")[0]
        cells, title, decimal = read_answer(p, text, asked)
        return build_series(p, cells, form, title, (), None, decimal)
    table = read_table(p, what=Message("errors_bps.what"), sheet=sheet, known=_header_word,
                       empty_hint=Message("errors_bps.empty_hint"))
    return _read_table(p, table, "xlsx" if table.encoding is None else "csv", asked)


def _asked_indicator(indicator: str | None) -> str | None:
    if indicator is None:
        return None
    found = indicator_in(indicator) if isinstance(indicator, str) else []
    if len(found) != 1:
        raise RenjaError(Message("errors_bps.indicator_arg", got=indicator,
                                 keys=[k for k, _, _ in indicator_names()]))
    return found[0]


def _header_word(name: str) -> bool:
    """A header cell :func:`read_table` looks for: a year, a part of the year or the name of the region column."""
    name = name.strip()
    return bool(_YEAR_LABEL.match(name) or period_in(name) and len(name) < 30 or _REGION_HEADER.match(name))


def _text(cell: Any) -> str:
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return cell_text(cell)


def _is_number(text: str) -> bool:
    return bool(re.fullmatch(r"[+-]?\d[\d.,]*\s*%?\*{0,3}", text))


def _is_label(text: str) -> bool:
    """A header cell rather than a value: a year, a part of the year or words (not a number, not ``-``)."""
    return bool(text) and (bool(_YEAR_LABEL.match(text)) or not _is_number(text)) and \
        text.casefold() not in _NO_VALUE_CELLS | _NOT_AVAILABLE_CELLS


def _read_table(p: Path, table: UserTable, form: str, asked: str | None) -> BpsSeries:
    body = list(table.rows)
    width = max([len(r.cells) for r in body] + [len(c) for c in table.header_cells] + [1])
    # the header grid: header-like title rows just above the header, the header rows, header-like rows under
    grid: list[tuple[int, tuple[str, ...]]] = list(zip(table.header_rows, table.header_cells))
    first_header = table.header_rows[0]
    for row in reversed(table.title):
        if row.number != first_header - 1 or not any(_text(c) for c in row.cells[1:]):
            break
        grid.insert(0, (row.number, tuple(_text(c) for c in row.cells)))
        first_header = row.number
    while body and not _text(body[0].cell(0)) and all(_is_label(t) or not t for t in map(_text, body[0].cells)):
        grid.append((body[0].number, tuple(_text(c) for c in body.pop(0).cells)))
    titles = tuple(" ".join(_text(c) for c in r.cells if _text(c)) for r in table.title
                   if r.number < grid[0][0])
    region_col, code_col, skip = _region_columns(body, grid, width)
    labels = _column_labels(grid, width, skip=skip | {region_col})
    context = " ".join(titles + tuple(t for _, cells in grid for t in cells))
    columns = _value_columns(p, table, body, grid, labels, titles, asked)
    kabkota = bool(KABKOTA.search(context))
    province = province_in(context)
    cells: list[Cell] = []
    notes = [" ".join(_text(c) for c in r.cells if _text(c)) for r in table.footnotes]
    regions: list[tuple[TableRow, RegionName]] = []
    last_values = max((i for i, r in enumerate(body) if any(_text(r.cell(c)) for c in columns)), default=-1)
    for i, row in enumerate(body):
        name = _text(row.cell(region_col))
        filled = [c for c in columns if _text(row.cell(c))]
        if not name:
            if filled:
                raise table_error(p, row.number, _name(table, grid, region_col),
                                  Message("errors_bps.no_region", cell=_text(row.cell(filled[0]))))
            continue
        if not filled and (i > last_values or compact(name) in _GROUP_ROWS or len(name) > 60):
            if i > last_values:
                notes.append(" ".join(_text(c) for c in row.cells if _text(c)))
            continue
        region = parse_region(name)
        if compact(name) in TOTAL_WORDS:  # the total row: the province of a table of its kabupaten/kota
            region = RegionName(name, "provinsi", province, None) if kabkota and province else \
                RegionName(name, None if kabkota else "nasional", name if kabkota else "Indonesia", None)
        code = _text(row.cell(code_col)) if code_col is not None else ""
        if region.code is None and code:
            region = RegionName(region.written, region.level, region.name, code)
        regions.append((row, region))
    resolved = resolve_levels([r for _, r in regions], kabkota, province)
    for (row, _), region in zip(regions, resolved):
        for c, (indicator, year, period, breakdown, label) in columns.items():
            raw = row.cell(c)
            cells.append(Cell(row.number, label, region, indicator, year, period, breakdown, raw))
    if not regions:
        raise table_error(p, table.header_rows[-1], None, Message("errors_bps.no_rows"))
    decimal = cells_decimal(p, [(c.row, c.column, strip_mark(c.raw)[0]) for c in cells], percent=True,
                            units=False)
    return build_series(p, cells, form, titles, tuple(notes), table, decimal)


def _name(table: UserTable, grid: list[tuple[int, tuple[str, ...]]], col: int) -> str:
    """How a message names column ``col``: its header words, else its number."""
    words = [cells[col] for _, cells in grid if col < len(cells) and cells[col]]
    return " ".join(dict.fromkeys(words)) or str(col + 1)


def _region_columns(body: list[TableRow], grid, width: int) -> tuple[int, int | None, set[int]]:
    """The column of the region names (the first whose cells are mostly words, or headed as regions), the column
    of region codes (headed ``Kode``, or of two- or four-digit codes left of the names), and the columns that hold
    no values: those left of the names (a row number, a code) and a code column."""
    codes = None
    for c in range(width):
        head = [cells[c] for _, cells in grid if c < len(cells) and cells[c]]
        texts = [_text(r.cell(c)) for r in body if _text(r.cell(c))]
        if any(_CODE_HEADER.match(h) for h in head) or texts and all(re.fullmatch(r"\d{2}(?:\d{2})?", t)
                                                                     for t in texts):
            codes = c if codes is None else codes
        if any(_CODE_HEADER.match(h) or _NUMBER_HEADER.match(h) for h in head):
            continue
        words = [t for t in texts if not _is_number(t) and t.casefold() not in _NOT_AVAILABLE_CELLS]
        if texts and len(words) * 2 >= len(texts) or any(_REGION_HEADER.match(h) for h in head):
            skip = set(range(c)) | ({codes} if codes is not None else set())
            return c, codes, skip
    return 0, None, set()


def _column_labels(grid, width: int, skip: set) -> dict[int, list[str]]:
    """The header words over each column, a merged cell (written once, over the columns to its right that
    the rows under it fill) spread over the columns it spans."""
    out: dict[int, list[str]] = {c: [] for c in range(width) if c not in skip}
    for depth, (_, cells) in enumerate(grid):
        below = grid[depth + 1:]
        last = None
        for c in range(width):
            text = cells[c] if c < len(cells) else ""
            if c in skip:
                last = None
                continue
            if text:
                last = text
            elif last is not None and any(c < len(b) and b[c] for _, b in below):
                text = last
            if text:
                out[c].append(text)
    return out


def _year_of(label: str) -> tuple[int, str] | None:
    """The year a header label gives (``2021``, ``2021*``, ``Agustus 2021``, ``Tahun 2021``) and its mark."""
    rest = label
    for _, pattern in _PERIOD_WORDS:
        rest = pattern.sub(" ", rest)
    rest = re.sub(r"[()\[\],;:/\-]", " ", rest).strip()
    m = _YEAR_LABEL.match(" ".join(rest.split()))
    return (int(m.group("year")), m.group("mark") or "") if m else None


def _label_period(label: str) -> str | None:
    """The part of the year a header label names: ``Februari``, ``Agustus 2021``, ``Semester 1 (Februari)``,
    ``Tahunan``; not a title spread over the columns (``TPT Tahun 2021-2023`` names no part of the year)."""
    if indicator_in(label) or len(label) > 40:
        return None
    found = period_in(label)
    if found == "annual":
        rest = compact(_YEAR.sub(" ", label))
        return found if rest in {"tahunan", "annual", "tahun", "year", "yearly", "setahun", "ratarata",
                                 "rataratatahunan", "annualaverage"} else None
    return found


def _value_columns(p: Path, table: UserTable, body, grid, labels: dict[int, list[str]], titles: tuple[str, ...],
                   asked: str | None) -> dict[int, tuple[str, int, str, str, str]]:
    """``column -> (indicator, year, period, breakdown, name)`` for each column of values."""
    head_row = grid[-1][0] if grid else table.header_rows[-1]
    title_text = " ".join(titles)
    title_years = sorted({int(y) for y in _YEAR.findall(title_text)})
    title_period = period_in(title_text) if not re.search(r"februari.*agustus|agustus.*februari|february.*august|"
                                                          r"august.*february", title_text, re.I) else None
    out: dict[int, tuple[str, int, str, str, str]] = {}
    seen: dict[tuple, str] = {}
    found_year = False
    pending = []
    for c, words in labels.items():
        filled = any(_text(r.cell(c)) for r in body)
        if not words and not filled:
            continue
        name = " ".join(dict.fromkeys(words)) or str(c + 1)
        years = {y for y in (_year_of(w) for w in words) if y is not None}
        if len({y for y, _ in years}) > 1:
            raise table_error(p, head_row, name, Message("errors_bps.column_years",
                                                         years=sorted(str(y) for y, _ in years)))
        periods = {_label_period(w) for w in words} - {None}
        if len(periods) > 1:
            raise table_error(p, head_row, name, Message("errors_bps.column_periods", words=words))
        named = {k for w in words for k in indicator_in(w)}
        breakdown = next((BREAKDOWN_WORDS[compact(w)] for w in words if compact(w) in BREAKDOWN_WORDS), "")
        if not years:
            pending.append((c, name, periods, named, breakdown))
            continue
        found_year = True
        year, _ = years.pop()
        out[c] = (_indicator(p, head_row, name, named, title_text, asked), year,
                  periods.pop() if periods else title_period or "august", breakdown, name)
    for c, name, periods, named, breakdown in pending:
        if found_year or len(title_years) != 1:
            if not any(_text(r.cell(c)) for r in body):
                continue
            message = (Message("errors_bps.column_no_year", name=name) if found_year
                       else Message("errors_bps.no_years", header=[w for _, cells in grid for w in cells if w],
                                    title=title_text))
            raise table_error(p, head_row, name, message)
        out[c] = (_indicator(p, head_row, name, named, title_text, asked), title_years[0],
                  periods.pop() if periods else title_period or "august", breakdown, name)
    if not out:
        raise table_error(p, head_row, None, Message("errors_bps.no_years",
                                                     header=[w for _, cells in grid for w in cells if w],
                                                     title=title_text))
    for c, (indicator, year, period, breakdown, name) in out.items():
        key = (indicator, year, period, breakdown)
        if key in seen:
            raise table_error(p, head_row, name, Message("errors_bps.column_twice", first=seen[key], year=year))
        seen[key] = name
    return out


def _indicator(p: Path, row: int, column: str, named: set[str], title: str, asked: str | None) -> str:
    """The indicator of a column: named over it, else by the title, else ``indicator=``."""
    found = sorted(named) if named else indicator_in(title)
    where = column if named or not title.strip() else title
    if asked is not None:
        if found and asked not in found:
            raise table_error(p, row, column, Message("errors_bps.indicator_other", asked=asked, found=found,
                                                      where=where))
        return asked
    if len(found) == 1:
        return found[0]
    keys = [k for k, _, _ in indicator_names()]
    if found:
        raise table_error(p, row, column, Message("errors_bps.indicator_several", found=found, where=where))
    raise table_error(p, row, column, Message("errors_bps.indicator_unknown", where=where, keys=keys))


def province_in(text: str) -> str | None:
    """The province a text (a table's title) names (the longest name found: ``Papua Barat`` over ``Papua``)."""
    words = re.sub(r"[^0-9a-z]+", " ", text.casefold()).split()
    found = None
    for n in range(4, 0, -1):
        for i in range(len(words) - n + 1):
            name = province_named(" ".join(words[i:i + n]))
            if name and (found is None or len(name) > len(found)):
                found = name
        if found:
            return found
    return None


def resolve_levels(regions: list[RegionName], kabkota: bool, province: str | None) -> list[RegionName]:
    """The level of each name that has none: from its code, else a province's name is the province (of two rows
    so named, the last, as BPS puts the total last; none when another row is the province by its words), else a
    kabupaten in a table of kabupaten/kota (``kabkota``, or any row says kabupaten or kota); ``province`` is the
    province the table is about, when known.

    >>> [r.display for r in resolve_levels([parse_region(n) for n in ("Gorontalo", "Kota Gorontalo", "Gorontalo")],
    ...                                    True, "Gorontalo")]
    ['Kabupaten Gorontalo', 'Kota Gorontalo', 'Provinsi Gorontalo']
    """
    kabkota = kabkota or any(r.level in ("kabupaten", "kota") for r in regions)
    bare = [r.key for r in regions if r.level is None]
    worded = {compact(r.name) for r in regions if r.level == "provinsi"}
    out = []
    for i, region in enumerate(regions):
        level = region.level
        if level is None and compact(region.name) in TOTAL_WORDS:  # a total row of a province left unnamed
            out.append(region)
            continue
        if level is None and region.code:
            level = level_of_code(region.code)
        if level is None:
            named = province_named(region.name)
            later = any(r.key == region.key for r in regions[i + 1:])
            if named and not kabkota:
                level = "provinsi"
            elif named and compact(region.name) not in worded and (bare.count(region.key) == 1 or not later) \
                    and province in (None, named):
                level = "provinsi"
            elif kabkota:
                level = "kabupaten"
        out.append(region if level == region.level else region.with_level(level))
    return out


def strip_mark(raw: Any) -> tuple[Any, str]:
    """A value without its footnote mark (``5,49*`` is ``5,49`` and ``*``); a number as it is."""
    if not isinstance(raw, str):
        return raw, ""
    m = _VALUE_MARK.match(raw.strip())
    return (m.group("value"), m.group("mark")) if m else (raw, "")


# ====================================================================== checking and the frames
def build_series(p: Path, cells: list[Cell], form: str, title: tuple[str, ...], notes: tuple[str, ...],
                 table: UserTable | None, decimal: str | None) -> BpsSeries:
    """The frames of a BPS file from its cells: numbers read, shares checked, August made the annual figure, a
    region given twice refused (the same value twice is kept once)."""
    shares = _shares()
    rows: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    august = {(c.region.key, c.indicator, c.year, c.breakdown) for c in cells if c.period == "august"}
    first: dict[tuple, tuple[Cell, Decimal | None]] = {}
    for c in cells:
        period = {"august": "year", "february": "february"}.get(c.period) or \
            ("annual" if (c.region.key, c.indicator, c.year, c.breakdown) in august else "year")
        raw, mark = strip_mark(c.raw)
        text = _text(raw) if not isinstance(raw, (int, float, Decimal)) else ""
        source = f"{p.name} row {c.row}, column {c.column}" + (f" ({mark})" if mark else "") \
            if table is not None else f"{p.name} line {c.row}, {c.column}"
        where = dict(region=c.region.display, indicator=c.indicator, year=c.year, kind="actual", source=source,
                     source_file=p.name, source_row=c.row, source_column=c.column, region_key=c.region.key,
                     region_level=c.region.level or "", period=period, breakdown=c.breakdown)
        if raw is None or isinstance(raw, str) and (text.casefold() in _NOT_AVAILABLE_CELLS | _NO_VALUE_CELLS):
            dropped.append(dict(where, reason=NOT_AVAILABLE if text.casefold() in _NOT_AVAILABLE_CELLS
                                else NO_VALUE))
            continue
        value, decimals = _number(p, c, raw, decimal)
        if value is None:
            dropped.append(dict(where, reason=NO_VALUE))
            continue
        if c.indicator in shares and not 0 <= value <= 100:
            raise table_error(p, c.row, c.column, Message("errors_bps.share", indicator=c.indicator,
                                                          got=_text(c.raw)))
        key = (c.region.key, c.indicator, c.year, period, c.breakdown)
        if key in first:
            other, before = first[key]
            if before != value:
                raise table_error(p, c.row, c.column, Message(
                    "errors_bps.duplicate", region=c.region.written, year=c.year, value=_text(c.raw),
                    other=_text(other.raw), row=other.row, other_region=other.region.written))
            dropped.append(dict(where, reason=_DUPLICATE))
            continue
        first[key] = (c, value)
        rows.append(dict(where, value=float(value), series_break=False, decimals=decimals))
    frame = pd.DataFrame.from_records(rows, columns=BPS_COLUMNS).astype(_FRAME_TYPES)
    types = {k: v for k, v in _FRAME_TYPES.items() if k in BPS_DROPPED_COLUMNS}
    gone = pd.DataFrame.from_records(dropped, columns=BPS_DROPPED_COLUMNS).astype(types | {"reason": "str"})
    return BpsSeries(frame, gone, form, title, notes, table, decimal)


def _number(p: Path, c: Cell, raw: Any, decimal: str | None) -> tuple[Decimal | None, int]:
    """A value as a number and the decimals it is written with (:data:`EXACT_DECIMALS` for a spreadsheet's)."""
    if isinstance(raw, Decimal):  # a JSON number, as written
        exponent = raw.as_tuple().exponent
        return raw, -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)):
        raise table_error(p, c.row, c.column, Message("errors_bps.not_number", cell=repr(raw)))
    try:
        number = read_number(raw, decimal, percent=True, units=False)
    except ValueError:
        raise table_error(p, c.row, c.column, Message("errors_bps.not_number", cell=_text(raw))) from None
    if number is None:
        return None, 0
    exponent = number.value.as_tuple().exponent
    decimals = (-exponent if number.resolution and isinstance(exponent, int) and exponent < 0
                else 0 if number.resolution else EXACT_DECIMALS)
    return number.value, decimals


# ====================================================================== for the labour series
def read_extra(extra: str | Path | Sequence[str | Path], *, indicator_key: Callable[[str], str | None],
               indicators: Sequence[str], shares: Collection[str] = (),
               kinds: Sequence[str] | None = None) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The figures of one user file or several, each either the project's own long CSV
    (:func:`renja_lib.read.indicator_series.read_indicator_series`, told by its header: region, indicator,
    year, kind, value) or a BPS file (:func:`read_bps`: only the annual values enter the series), as
    ``(rows, dropped)`` in the shape :func:`renja_lib.analyse.labour.series` gathers figures in."""
    from .indicator_series import COLUMNS, KINDS, read_indicator_series

    paths = [extra] if isinstance(extra, (str, Path)) else list(extra)
    rows: list[dict[str, Any]] = []
    dropped: list[dict[str, Any]] = []
    for path in paths:
        if not isinstance(path, (str, Path)):
            raise RenjaError(Message("errors_bps.not_path", type=type(path).__name__, got=path))
        if _is_long_table(Path(path), COLUMNS):
            got = read_indicator_series(path, indicator_key=indicator_key, indicators=indicators, shares=shares,
                                        kinds=KINDS if kinds is None else kinds).records()
        else:
            got = read_bps(path).records()
        rows += got[0]
        dropped += got[1]
    return rows, dropped


def _is_long_table(path: Path, columns: dict[str, bool]) -> bool:
    """True when ``path`` is a table whose header names the project's long CSV: most of its required columns (a
    file that lacks one of them is still that form, so that its reader names what is missing)."""
    data = read_file_bytes(path, what=Message("errors_bps.what_extra"), limit=USER_FILE_BYTES)
    if not data.strip():
        return True  # empty: the project's reader says what header it expects
    if _form(path, data) == "json":
        return False
    table = read_table(path, what=Message("errors_bps.what"), known=lambda n: n.strip().casefold() in columns)
    names = {c.strip().casefold() for c in table.columns}
    required = [c for c, needed in columns.items() if needed]
    return {"region", "indicator"} <= names or (sum(c in names for c in required) >= len(required) - 2
                                                 and "value" in names)
