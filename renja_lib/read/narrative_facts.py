"""The facts file: narrative figures reviewed by an analyst, each checked against the words of the document.

The narrative of a Renja (chapter II section 2.1, section 3.3 and the opening of
BAB IV) states figures that no table holds: labour-force counts, programme budgets
and their spending, stated absorption and achievement percentages, totals. They are
read automatically (:mod:`renja_lib.read.narrative_reader`) and reviewed in a CSV file
beside the document, ``<document stem>.facts.csv`` (``renja facts`` writes the draft;
how the file acts on the reading: :mod:`renja_lib.read.fact_review`), one row per
figure, and :func:`load_facts` checks every row against the text.

Columns
-------
``quantity, subject, year, period, value, unit, quote, source_line``, and optionally
``source_end_line``, ``origin``, ``status`` and ``note`` (any order; the file
``renja facts`` writes has them all, see :mod:`renja_lib.read.fact_review`).

* ``quantity``: one name of :data:`QUANTITIES` (below); anything else is an error.
* ``subject``: what the figure is about, one of

  - a code in canonical dotted form: ``2.07.03`` (programme), ``2.07.03.2.01``
    (activity), ``2.07.03.2.01.01`` or ``2.07.03.2.01.0001`` (sub-activity);
  - ``office``: the office as a whole (its total budget, its count of programmes);
  - ``city``: a statistic of the whole city published by BPS (labour force,
    working-age population, employed, unemployed);
  - an indicator name exactly as Tabel 2.2 writes it (:data:`INDICATOR_SUBJECTS`),
    e.g. ``Tingkat Pengangguran Terbuka`` for TPT.
* ``year``: the year the figure is about, an integer.
* ``period``: one of :data:`PERIODS`:

  - ``year``: the whole year (a target or budget for the year, a realisation of the
    whole year);
  - ``Q1`` .. ``Q4``: cumulative to the end of that quarter ("sampai dengan
    triwulan I", "tribulan I");
  - ``to_date``: cumulative to a date within the year that the text does not tie to
    a quarter ("sampai dengan" a mid-year date, "s/d saat ini");
  - ``year_estimate``: the text's expectation for the whole year ("diperkirakan
    sampai dengan akhir tahun 2022");
  - ``renstra``: the whole five-year plan period; ``year`` is its last year
    (2026 for "Tahun 2021-2026").
* ``value``: the number, or empty (see "Unreadable numbers"); the decimal
  mark of the column is told from its cells (``71.66`` or ``71,66``; a column
  holding only ``1.234``-like numbers is refused, never guessed), see
  :mod:`renja_lib.read.user_tables`, which reads the file (UTF-8, UTF-16 with a
  BOM or cp1252; ``,``, ``;``, tab or ``|``).
* ``unit``: one of :data:`UNITS`; some quantities allow only some units
  (:data:`QUANTITY_UNITS`).
* ``quote``: the exact words of the document at ``source_line`` that state the
  figure, including the number as written. It must occur exactly once in that
  line, so that it points at one place.
* ``source_line``: 1-based line number in the document.
* ``source_end_line``: empty, or the last line of a quote that runs over several
  lines of one paragraph (a line wrap, a page break). The quote is then checked
  against the paragraph as the narrative reader joins it: its lines stripped and
  joined by one space, page numbers and running headers between them left out
  (:func:`quote_places`).
* ``origin``: ``auto`` (a row ``renja facts`` wrote from the automatic reading) or
  ``curated`` (a row a person added); empty or absent: ``curated``.
* ``status``: ``draft`` (not reviewed yet), ``confirmed``, ``corrected`` or
  ``removed`` (:data:`STATUSES`; how each acts on the automatic reading:
  :mod:`renja_lib.read.fact_review`); empty or absent: ``confirmed``. A curated
  row is ``confirmed``: a person's own row is neither a draft, nor a correction,
  nor removed (delete it instead).
* ``note``: free text: typos, contradictions, how a figure relates to a table.

Quantities
----------
Labour market (subject ``city``, unit ``orang``): ``working_age_population``,
``labour_force``, ``employed``, ``unemployed``.

Rates (subject: the indicator name, unit ``%``): ``tpak``, ``tkk``, ``tpt``, the
realised or estimated rate; ``increase_stated`` and ``decrease_stated``: a change
from the previous year that the text states, in percentage points.

Performance (subject: a code or an indicator name): ``target_stated`` (what the
text calls "target"/"ditargetkan"), ``realization_stated`` ("realisasi",
"realisasi kinerja": the realised value of the indicator, as the text calls it),
``achievement_stated`` ("tercapai", "capaian ... %": realised as % of target).
The text's "realisasi kinerja" of the secretariat's activities is sometimes the
realised value and sometimes the achievement of Tabel 2.1: it is recorded as
``realization_stated``, as written, and the note says which column it matches.

Budget (unit ``rupiah`` or ``%``): ``budget`` (pagu, anggaran of a programme),
``spending`` (realisasi anggaran), ``absorption_stated`` (penyerapan, realisasi
anggaran in %), ``total_budget`` and ``total_spending`` (of the whole office).

Structure (subject ``office`` or a programme code): ``programme_count``
(unit ``program``), ``activity_count`` (unit ``kegiatan``).

Counts on which an indicator rests (subject: the programme, activity or indicator):
``trainees``, ``apprentices``, ``trainees_employed``, ``trainee_target``,
``jobseekers_registered``, ``jobseekers_placed``, ``jobseekers_informed``,
``job_guidance_participants``, ``labour_intensive_workers`` (padat karya),
``other_jobseekers_informed``, ``companies_obliged_to_report`` (wajib lapor),
``companies_with_ir_facility`` (sarana hubungan industrial),
``companies_paying_minimum_wage`` (UMK), ``disputes_registered``,
``disputes_facilitated``.

Numbers in a quote, and the value
---------------------------------
A number in a quote is a run of digits with ``.`` and ``,`` between digits
(``111.954``, ``6,23``, ``5.063.367.215,00``, and also ``1.11``). Digits glued to a
letter, or following a letter and a hyphen, belong to a name and are not numbers
(``K3``, ``AK1``, ``covid-19``). A year used as a date (see below) is not a
candidate either. Each other number is read with
:func:`renja_lib.parse.numbers.parse_number` (strict Indonesian grouping, via Babel).

* **Scale words**: a number followed by ``ribu``, ``juta``, ``miliar``/``milyar``
  or ``triliun`` states the product too (``Rp 1,5 miliar`` states 1500000000).
* **Several numbers in one quote**: the value must equal one of the numbers the
  quote states (exactly, as decimals: ``16,00`` equals ``16``). So one quote may
  serve several rows (a budget, its spending and the stated absorption).
* **Unreadable numbers** (an invalid grouping such as ``3.456.509470,00``, or a
  dot as the decimal mark such as ``1.11%``, which parse_number refuses): the
  figure is recorded with an **empty value** and a ``note`` that says what is
  wrong; the quote keeps the text exactly. The evident amount is never put in
  ``value``: it would be a guess, however likely. A row with an empty value must
  have a note and its quote must contain a number that parse_number refuses; a row
  with a value must not take it from a refused number.
* A figure whose number parses but contradicts its neighbours (the spending
  ``Rp.4.244.258,00`` of 2021 beside 83,82 % of Rp. 5.063.367.215,00) is recorded
  as stated, with a note.

Years used as dates
-------------------
A four-digit number from 1900 to 2099 written without grouping is a year used as a
date when it follows ``tahun``, ``tahun anggaran``, ``TA``, ``periode``, ``sejak``,
``s/d`` or a month name (any case), or when it is one end of a range such as
``2021-2026`` or ``2016 – 2021``. Such years are exempt from the completeness
check and are never a candidate value. Any other number, including
``sebanyak 2021 orang``, counts.

Completeness
------------
:func:`narrative_numbers` lists every number in the paragraph lines (lines without
a tab: tables are tab-separated) of a span; :func:`unaccounted_numbers` returns
those that are neither inside a fact's quote at that line, nor a year used as a
date, nor listed in the document's skip file ``<document stem>.facts_skip.csv`` beside it (columns
``source_line, number, reason``: a page, table or list number, a regulation
number, a per-course breakdown...). One skip row accounts for one occurrence of
the number on its line; a number written twice on a line and skipped twice is
listed twice. The spans checked are found by their headings
(:data:`NARRATIVE_SECTIONS`, :func:`section_span`), never by fixed line numbers.

Example
-------
>>> from renja_lib.config import DEFAULT_SOURCE
>>> facts = load_facts(DEFAULT_SOURCE)
>>> row = facts[(facts.quantity == "labour_force") & (facts.year == 2021)].iloc[0]
>>> int(row.value), row.unit
(111954, 'orang')
"""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..config import DEFAULT_SOURCE
from ..errors import RenjaError
from ..parse.numbers import NumberParseError, parse_number
from ..text.catalogue import Message
from .find_tables import is_table_row
from .locator import END_LINE_COLUMN, Locator
from .source import SourceText, read_source
from .user_tables import UserTable, column_decimal, join_messages, read_number, read_table, table_error

__all__ = [
    "FACT_COLUMNS",
    "FACT_LOCATOR_COLUMNS",
    "OPTIONAL_COLUMNS",
    "ORIGINS",
    "STATUSES",
    "quote_places",
    "QUANTITIES",
    "PERIODS",
    "UNITS",
    "QUANTITY_UNITS",
    "INDICATOR_SUBJECTS",
    "NARRATIVE_SECTIONS",
    "DEFAULT_SKIP_PATH",
    "skip_path_for",
    "facts_path_for",
    "load_facts",
    "load_skip",
    "numbers_in",
    "is_year_as_date",
    "section_span",
    "narrative_spans",
    "narrative_numbers",
    "unaccounted_numbers",
    "unused_skip_rows",
]

#: Required columns, in order; ``note`` may follow.
FACT_COLUMNS: tuple[str, ...] = (
    "quantity", "subject", "year", "period", "value", "unit", "quote", "source_line",
)
NOTE_COLUMN = "note"
#: Where a row came from: the automatic reading (written by ``renja facts``) or a person.
ORIGINS: tuple[str, ...] = ("auto", "curated")
#: What a review says of a row (see :mod:`renja_lib.read.fact_review`).
STATUSES: tuple[str, ...] = ("draft", "confirmed", "corrected", "removed")
#: The columns a facts file may add to :data:`FACT_COLUMNS`.
OPTIONAL_COLUMNS: tuple[str, ...] = (END_LINE_COLUMN, "origin", "status", NOTE_COLUMN)
SKIP_COLUMNS: tuple[str, ...] = ("source_line", "number", "reason")

#: The vocabulary of quantities, with what each means.
QUANTITIES: dict[str, str] = {
    # labour market, subject "city"
    "working_age_population": "penduduk usia kerja (BPS)",
    "labour_force": "angkatan kerja (BPS)",
    "employed": "penduduk bekerja (BPS)",
    "unemployed": "pengangguran (BPS)",
    # rates, subject = indicator name
    "tpak": "Tingkat Partisipasi Angkatan Kerja, realised or estimated",
    "tkk": "Tingkat Kesempatan Kerja, realised or estimated",
    "tpt": "Tingkat Pengangguran Terbuka, realised or estimated",
    "increase_stated": "stated rise from the previous year (percentage points)",
    "decrease_stated": "stated fall from the previous year (percentage points)",
    # performance
    "target_stated": "target of an indicator as the text states it",
    "realization_stated": "realisasi (kinerja) as the text states it",
    "achievement_stated": "tercapai / capaian: realised as % of target, as stated",
    # budget
    "budget": "pagu / anggaran of a programme",
    "spending": "realisasi anggaran of a programme",
    "absorption_stated": "penyerapan / realisasi anggaran in %, as stated",
    "total_budget": "the office's total budget",
    "total_spending": "the office's total spending",
    # structure
    "programme_count": "number of programmes",
    "activity_count": "number of activities (kegiatan)",
    # counts on which an indicator rests
    "trainees": "peserta pelatihan",
    "apprentices": "peserta magang kerja",
    "trainees_employed": "peserta pelatihan yang mendapatkan pekerjaan",
    "trainee_target": "target peserta pelatihan (five-year)",
    "jobseekers_registered": "pencari kerja terdaftar",
    "jobseekers_placed": "pencari kerja yang mendapatkan pekerjaan / ditempatkan",
    "jobseekers_informed": "pencaker yang mendapatkan informasi kerja",
    "job_guidance_participants": "peserta sosialisasi bimbingan jabatan",
    "labour_intensive_workers": "peserta / pekerja padat karya",
    "other_jobseekers_informed": "pencaker lainnya (informed)",
    "companies_obliged_to_report": "perusahaan wajib lapor",
    "companies_with_ir_facility": "perusahaan yang menerapkan sarana hubungan industrial",
    "companies_paying_minimum_wage": "perusahaan yang menerapkan UMK",
    "disputes_registered": "kasus perselisihan hubungan industrial terdaftar",
    "disputes_facilitated": "kasus yang difasilitasi untuk diselesaikan",
}

PERIODS: tuple[str, ...] = ("year", "Q1", "Q2", "Q3", "Q4", "to_date", "year_estimate", "renstra")

UNITS: tuple[str, ...] = ("orang", "%", "rupiah", "jenis", "kasus", "perusahaan", "program", "kegiatan")

_COUNT_UNITS = ("orang",)
#: Units allowed per quantity (a quantity not listed takes any of :data:`UNITS`).
QUANTITY_UNITS: dict[str, tuple[str, ...]] = {
    **{q: _COUNT_UNITS for q in (
        "working_age_population", "labour_force", "employed", "unemployed", "trainees",
        "apprentices", "trainees_employed", "trainee_target", "jobseekers_registered",
        "jobseekers_placed", "jobseekers_informed", "job_guidance_participants",
        "labour_intensive_workers", "other_jobseekers_informed")},
    **{q: ("%",) for q in (
        "tpak", "tkk", "tpt", "increase_stated", "decrease_stated", "achievement_stated",
        "absorption_stated")},
    **{q: ("rupiah",) for q in ("budget", "spending", "total_budget", "total_spending")},
    **{q: ("perusahaan",) for q in (
        "companies_obliged_to_report", "companies_with_ir_facility",
        "companies_paying_minimum_wage")},
    **{q: ("kasus",) for q in ("disputes_registered", "disputes_facilitated")},
    "programme_count": ("program",),
    "activity_count": ("kegiatan",),
}

#: Indicator names as Tabel 2.2 writes them: allowed as a subject.
INDICATOR_SUBJECTS: tuple[str, ...] = (
    "Tingkat Pengangguran Terbuka",
    "Jumlah transmigran yang diberangkatkan",
    "Tingkat Partisipasi Angkatan Kerja",
    "Tingkat Kesempatan Kerja",
    "Persentase penyelesaian konflik Hubungan Industrial",
)
_SPECIAL_SUBJECTS = ("office", "city")
_CODE = re.compile(r"^\d\.\d{2}(?:\.\d{2}(?:\.\d\.\d{2}(?:\.\d{2}|\.\d{4})?)?)?$")

#: The narrative spans whose figures are curated: (name, heading regex, end regex).
#: The heading is searched among lines without a tab (the tables of contents are
#: tab-separated); the end is the first such line after it that matches.
NARRATIVE_SECTIONS: tuple[tuple[str, str, str], ...] = (
    ("2.1", r"^2\.1\.?\s+Evaluasi Pelaksanaan Renja\b", r"^Tabel 2\.1\s*$"),
    ("3.3 and BAB IV opening", r"^3\.3\.?\s+Program dan Kegiatan\s*$", r"^Tabel 4\.1\s*$"),
)

def skip_path_for(document_path: str | Path) -> Path:
    """The skip file of a document: ``<document stem>.facts_skip.csv`` beside it (its rows name its lines)."""
    p = Path(document_path)
    return p.with_name(p.stem + ".facts_skip.csv")


#: The skip file of the bundled document.
DEFAULT_SKIP_PATH = skip_path_for(DEFAULT_SOURCE)

# A number: digits with "." or "," between digits; not glued to a letter or a digit
# before it (but glued to "Rp"), not after "letter-" (covid-19). Names such as K3 and AK1 are skipped.
_NUMBER = re.compile(r"(?:(?<=Rp)|(?<!\w))(?<![^\W\d_]-)\d+(?:[.,]\d+)*")  # "Rp5.000" too
_MONTHS = ("januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|"
           "november|desember")
_YEAR_BEFORE = re.compile(
    r"(?:\btahun(?:\s+anggaran)?|\bTA|\bperiode|\bsejak|s/d|\b(?:" + _MONTHS + r"))\s*$",
    re.IGNORECASE,
)
_YEAR_RANGE_AFTER = re.compile(r"^\s*[-–]\s*(?:19|20)\d\d(?!\d)")
_YEAR_RANGE_BEFORE = re.compile(r"(?<!\d)(?:19|20)\d\d\s*[-–]\s*$")
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$")
_SCALE_AFTER = re.compile(r"\s*(triliun|miliar|milyar|juta|ribu)\b", re.I)
_SCALES = {"triliun": 10**12, "miliar": 10**9, "milyar": 10**9, "juta": 10**6, "ribu": 10**3}


# ---------------------------------------------------------------- numbers in text


def numbers_in(text: str) -> list[tuple[str, int, int]]:
    """Every number written in ``text``, as ``(as written, start, end)``.

    Digits glued to a letter or after ``letter-`` are part of a name, not numbers.

    >>> [n for n, _, _ in numbers_in("TPT sebesar 6,23%, covid-19, Bulan K3, 111.954 orang")]
    ['6,23', '111.954']
    """
    return [(m.group(), m.start(), m.end()) for m in _NUMBER.finditer(text)]


def is_year_as_date(text: str, start: int, end: int) -> bool:
    """True when the number at ``text[start:end]`` is a year used as a date.

    >>> s = "pada tahun 2021 sebanyak 2021 orang, periode 2021-2026"
    >>> [is_year_as_date(s, a, b) for _, a, b in numbers_in(s)]
    [True, False, True, True]
    """
    token = text[start:end]
    if not _YEAR_TOKEN.match(token):
        return False
    before, after = text[:start], text[end:]
    return bool(
        _YEAR_BEFORE.search(before) or _YEAR_RANGE_AFTER.match(after) or _YEAR_RANGE_BEFORE.search(before)
    )


def _candidates(quote: str) -> tuple[list[Decimal], list[str]]:
    """Values a quote states (years as dates excluded) and the numbers it states unreadably."""
    values: list[Decimal] = []
    refused: list[str] = []
    for token, start, end in numbers_in(quote):
        if is_year_as_date(quote, start, end):
            continue
        try:
            value = parse_number(token)
        except NumberParseError:
            refused.append(token)
            continue
        values.append(value)
        scale = _SCALE_AFTER.match(quote, end)
        if scale:
            values.append(value * _SCALES[scale.group(1).lower()])
    return values, refused


def _paragraph_of(doc: SourceText, line: int, paragraphs: dict | None):
    """The paragraph holding ``line``, as the narrative reader reads the prose (:func:`renja_lib.read.prose.paragraphs`)."""
    from .prose import paragraphs as read_paragraphs

    cache = paragraphs if paragraphs is not None else {}
    if "by_line" not in cache:
        cache["by_line"] = {n: p for p in read_paragraphs(doc.lines) for n in p.numbers}
    return cache["by_line"].get(line)


def quote_places(doc: SourceText, quote: str, first: int, last: int | None = None, *,
                 paragraphs: dict | None = None) -> list[list[tuple[int, int, int]]]:
    """Every place where ``quote`` stands from line ``first`` to line ``last``: one list per occurrence, of
    ``(line, start, end)`` per line it covers (offsets in that line of the document).

    A quote on one line (``last`` None or ``first``) is found in that line as written. A quote over several
    lines is found in their paragraph as the narrative reader joins it (stripped lines joined by one space,
    page numbers and running headers between them left out), starting on ``first`` and ending on ``last``.
    ``paragraphs``: a dict kept between calls on one document (the paragraphs are split once).

    >>> doc = SourceText(Path("x.txt"), ("Pagu program sebesar", "  Rp 1.500.000,00 pada tahun 2021."), "utf-8",
    ...                  False, "\\n")
    >>> quote_places(doc, "sebesar Rp 1.500.000,00", 1, 2)
    [[(1, 13, 20), (2, 2, 17)]]
    """
    if last is None or last == first:
        text = doc.line(first)
        found, at = [], text.find(quote)
        while quote and at != -1:
            found.append([(first, at, at + len(quote))])
            at = text.find(quote, at + 1)
        return found
    para = _paragraph_of(doc, first, paragraphs)
    if para is None or last not in para.numbers:
        return []
    k_first, k_last = para.numbers.index(first), para.numbers.index(last)
    ends = [*para.starts[1:], len(para.text) + 1]  # a line's segment ends before the space that joins the next
    seg_first, seg_last = (para.starts[k_first], ends[k_first] - 1), (para.starts[k_last], ends[k_last] - 1)
    found, at = [], para.text.find(quote, seg_first[0])
    while quote and at != -1 and at <= seg_first[1]:
        end = at + len(quote)
        if seg_last[0] < end <= seg_last[1]:
            pieces = []
            for k in range(k_first, k_last + 1):
                a, b = max(at, para.starts[k]), min(end, ends[k] - 1)
                if a < b:
                    line = doc.lines[para.numbers[k] - 1]
                    lead = len(line) - len(line.lstrip())
                    pieces.append((para.numbers[k], a - para.starts[k] + lead, b - para.starts[k] + lead))
            found.append(pieces)
        at = para.text.find(quote, at + 1)
    return found


# ---------------------------------------------------------------- the facts file


def facts_path_for(document_path: str | Path) -> Path:
    """Where the facts of a document live: ``<document stem>.facts.csv`` beside it.

    >>> facts_path_for("data/raw/renja.txt").as_posix()
    'data/raw/renja.facts.csv'
    """
    p = Path(document_path)
    return p.with_name(p.stem + ".facts.csv")


#: The locator columns the facts frame adds after ``note``, derived on load (the facts file holds only
#: ``source_line`` and ``source_end_line``): kind ``text``, the page of the line, no table, row or column, and
#: the quote's last line where it spans lines (empty: a quote stands on one line). ``origin`` and ``status``
#: follow them.
FACT_LOCATOR_COLUMNS: tuple[str, ...] = (
    "source_kind", "source_page", "source_table", "source_row", "source_column", END_LINE_COLUMN,
)


def _empty_facts() -> pd.DataFrame:
    dtypes = {
        "quantity": "str", "subject": "str", "year": "int64", "period": "str",
        "value": "float64", "unit": "str", "quote": "str", "source_line": "int64",
        NOTE_COLUMN: "str", "source_kind": "string", "source_page": "Int64", "source_table": "string",
        "source_row": "Int64", "source_column": "string", END_LINE_COLUMN: "Int64", "origin": "str", "status": "str",
    }
    return pd.DataFrame({c: pd.Series(dtype=t) for c, t in dtypes.items()})


def _fact_locator(source_line: int | None, doc: SourceText) -> dict:
    """The locator columns of a fact at ``source_line`` (see :data:`FACT_LOCATOR_COLUMNS`)."""
    page = doc.page(source_line) if source_line is not None else None
    located = Locator(doc.kind, page=page, line=source_line).columns(end_line=True)
    return {c: located[c] for c in FACT_LOCATOR_COLUMNS}


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _read_csv_rows(path: Path, required: tuple[str, ...],
                   optional: tuple[str, ...] = ()) -> tuple[list[tuple[int, dict[str, str]]], UserTable]:
    """Rows of a user's CSV file with the row each starts on, checked against the header, and the table
    (through :func:`renja_lib.read.user_tables.read_table`: any encoding and delimiter it reads)."""
    table = read_table(path, what=Message("errors_read.facts.what"),
                       known=lambda name: name in required or name in optional,
                       empty_hint=Message("errors_read.facts.header_hint", columns=", ".join(required)))
    header, line = list(table.columns), table.header_rows[0]
    missing = [c for c in required if c not in header]
    if missing:
        names = {"missing": ", ".join(repr(c) for c in missing), "required": ", ".join(required),
                 "found": ", ".join(header)}
        raise RenjaError(Message("errors_read.facts.missing_column_optional", optional=", ".join(optional), **names)
                         if optional else Message("errors_read.facts.missing_column", **names), path=path, line=line)
    unknown = [c for c in header if c not in required and c not in optional]
    if unknown:
        raise RenjaError(Message("errors_read.facts.unknown_column", unknown=", ".join(repr(c) for c in unknown),
                                 allowed=", ".join(required + optional)), path=path, line=line)
    rows = []
    for row in table.rows:
        if len(row.cells) != len(header):
            raise table_error(path, row.number, None, Message("errors_read.facts.fields", n=len(header),
                                                              header=", ".join(header), found=len(row.cells)))
        rows.append((row.number, dict(zip(header, row.cells))))
    return rows, table


def _check_fact(row: dict[str, str], doc: SourceText, decimal: str | None = ".",
                paragraphs: dict | None = None) -> tuple[dict, list[Message]]:
    """One row's typed fields and the list of what is wrong with it."""
    errors: list[Message] = []
    quantity = row["quantity"].strip()
    if quantity not in QUANTITIES:
        errors.append(Message("errors_read.facts.unknown_quantity", quantity=quantity, allowed=", ".join(QUANTITIES)))
    subject = row["subject"].strip()
    if not (subject in _SPECIAL_SUBJECTS or subject in INDICATOR_SUBJECTS or _CODE.match(subject)):
        errors.append(Message("errors_read.facts.bad_subject", subject=subject, names="; ".join(INDICATOR_SUBJECTS)))
    year: int | None = None
    if re.fullmatch(r"\d{4}", row["year"].strip()) and 1900 <= int(row["year"]) <= 2100:
        year = int(row["year"])
    else:
        errors.append(Message("errors_read.facts.bad_year", year=row["year"]))
    period = row["period"].strip()
    if period not in PERIODS:
        errors.append(Message("errors_read.facts.bad_period", period=period, allowed=", ".join(PERIODS)))
    unit = row["unit"].strip()
    allowed_units = QUANTITY_UNITS.get(quantity, UNITS)
    if unit not in allowed_units:
        errors.append(Message("errors_read.facts.bad_unit", unit=unit, quantity=quantity,
                              allowed=", ".join(allowed_units)))
    note = row.get(NOTE_COLUMN, "").strip()
    quote = row["quote"]
    source_line: int | None = None
    raw_line = row["source_line"].strip()
    if not raw_line.isdigit() or not 1 <= int(raw_line) <= len(doc.lines):
        errors.append(Message("errors_read.facts.bad_line", line=raw_line, n=len(doc.lines)))
    else:
        source_line = int(raw_line)
    end_line: int | None = None
    end_ok = True
    raw_end = row.get(END_LINE_COLUMN, "").strip()
    if raw_end:
        if not raw_end.isdigit() or not 1 <= int(raw_end) <= len(doc.lines) or (
                source_line is not None and int(raw_end) < source_line):
            errors.append(Message("errors_read.facts.bad_end_line", line=raw_end, first=raw_line, n=len(doc.lines)))
            end_ok = False
        elif source_line is not None and int(raw_end) > source_line:
            end_line = int(raw_end)
    origin = row.get("origin", "").strip() or "curated"
    status = row.get("status", "").strip() or "confirmed"
    if origin not in ORIGINS:
        errors.append(Message("errors_read.facts.bad_origin", origin=origin, allowed=", ".join(ORIGINS)))
    if status not in STATUSES:
        errors.append(Message("errors_read.facts.bad_status", status=status, allowed=", ".join(STATUSES)))
    elif origin == "curated" and status != "confirmed":
        errors.append(Message("errors_read.facts.curated_status", status=status))
    if not quote.strip():
        errors.append(Message("errors_read.facts.empty_quote"))
    elif source_line is not None and end_ok:
        count = len(quote_places(doc, quote, source_line, end_line, paragraphs=paragraphs))
        if count == 0:
            errors.append(Message("errors_read.facts.quote_absent", quote=quote, line=source_line,
                                  text=_short(doc.line(source_line))) if end_line is None
                          else Message("errors_read.facts.quote_absent_lines", quote=quote, first=source_line,
                                       last=end_line))
        elif count > 1:
            errors.append(Message("errors_read.facts.quote_repeated", quote=quote, times=count, line=source_line))
    value: float | None = None
    raw_value = row["value"].strip()
    if quote.strip():
        stated, refused = _candidates(quote)
        if raw_value == "":
            if not refused:
                errors.append(Message("errors_read.facts.empty_value_readable", quote=quote))
            if not note:
                errors.append(Message("errors_read.facts.empty_value_no_note"))
        else:
            try:
                number = read_number(raw_value, decimal, units=False)
                if number is None:
                    raise ValueError(raw_value)
                wanted = number.value
            except ValueError:
                errors.append(Message("errors_read.facts.bad_value", value=raw_value))
            else:
                value = float(wanted)
                if wanted not in stated:
                    said = ", ".join(str(v) for v in stated) or Message("errors_read.facts.no_readable_number")
                    errors.append(Message("errors_read.facts.value_not_stated_refused", refused=", ".join(refused),
                                          value=raw_value, quote=quote, said=said) if refused
                                  else Message("errors_read.facts.value_not_stated", value=raw_value, quote=quote,
                                               said=said))
    typed = {
        "quantity": quantity, "subject": subject, "year": year, "period": period,
        "value": value, "unit": unit, "quote": quote, "source_line": source_line,
        NOTE_COLUMN: note, **_fact_locator(source_line, doc), END_LINE_COLUMN: end_line,
        "origin": origin, "status": status,
    }
    return typed, errors


def load_facts(document_path: str | Path, facts_path: str | Path | None = None, *,
               source: SourceText | None = None) -> pd.DataFrame:
    """The curated narrative figures of a document, each checked against its text.

    ``facts_path`` defaults to ``<document stem>.facts.csv`` beside the document; when
    that file does not exist the result is an empty frame with the right columns.
    Every row is checked (see the module docstring); any failing row raises
    :class:`RenjaError` naming the facts file and the row (its CSV line), never
    dropped. Columns: year and source_line int, value float (NaN where the document's
    number is unreadable), the rest str, ``note`` always present, then the locator
    columns derived from ``source_line`` (:data:`FACT_LOCATOR_COLUMNS`, see
    :mod:`renja_lib.read.locator`): the facts file itself holds only ``source_line``.
    ``source``: the document as already read (a PDF is not rendered twice).

    >>> from renja_lib.config import DEFAULT_SOURCE
    >>> facts = load_facts(DEFAULT_SOURCE)
    >>> tpak = facts[facts.quantity == "tpak"]
    >>> dict(zip(tpak.year.tolist(), tpak.value.tolist()))
    {2021: 71.66, 2020: 70.05}
    """
    doc_path = Path(document_path)
    given = facts_path is not None
    path = Path(facts_path) if given else facts_path_for(doc_path)
    if not path.exists():
        if given:
            raise RenjaError(Message("errors_read.facts.not_found"), path=path)
        return _empty_facts()
    doc = source if source is not None else read_source(doc_path)
    rows, table = _read_csv_rows(path, FACT_COLUMNS, OPTIONAL_COLUMNS)
    decimal = column_decimal(table, table.columns.index("value"), units=False)
    typed_rows: list[dict] = []
    problems: list[tuple[int, Message]] = []
    seen: dict[tuple, int] = {}
    paragraphs: dict = {}
    for csv_line, row in rows:
        typed, errors = _check_fact(row, doc, decimal, paragraphs)
        key = (typed["quantity"], typed["subject"], typed["year"], typed["period"], typed["source_line"], typed["quote"])
        if not errors and key in seen:
            errors.append(Message("errors_read.facts.repeats", row=seen[key]))
        seen.setdefault(key, csv_line)
        for message in errors:
            problems.append((csv_line, message))
        typed_rows.append(typed)
    if problems:
        first = problems[0][0]
        detail = join_messages([Message("errors_read.tables.at_row", row=n, message=m) for n, m in problems[:20]])
        raise RenjaError(Message("errors_read.facts.problems_more", more=len(problems) - 20, n=len(problems),
                                 document=doc_path.name, detail=detail) if len(problems) > 20
                         else Message("errors_read.facts.problems", n=len(problems), document=doc_path.name,
                                      detail=detail), path=path, line=first)
    if not typed_rows:
        return _empty_facts()
    frame = pd.DataFrame(typed_rows, columns=list(_empty_facts().columns))
    frame = frame.astype(_empty_facts().dtypes.to_dict())
    frame.attrs["file_rows"] = [csv_line for csv_line, _ in rows]  # each row's line in the facts file
    frame.attrs["path"] = str(path)
    return frame


# ---------------------------------------------------------------- completeness


def load_skip(path: str | Path | None = None) -> pd.DataFrame:
    """The numbers deliberately not curated: ``source_line`` (int), ``number``, ``reason``.

    >>> skip = load_skip()
    >>> sorted(skip.columns)
    ['number', 'reason', 'source_line']
    """
    p = Path(path) if path is not None else DEFAULT_SKIP_PATH
    if not p.exists():
        raise RenjaError(Message("errors_read.facts.skip_not_found"), path=p)
    records = []
    for csv_line, row in _read_csv_rows(p, SKIP_COLUMNS)[0]:
        line = row["source_line"].strip()
        number = row["number"].strip()
        reason = row["reason"].strip()
        if not line.isdigit():
            raise table_error(p, csv_line, None, Message("errors_read.facts.skip_line", line=line))
        if not _NUMBER.fullmatch(number):
            raise table_error(p, csv_line, None, Message("errors_read.facts.skip_number", number=number))
        if not reason:
            raise table_error(p, csv_line, None, Message("errors_read.facts.skip_reason", number=number))
        records.append({"source_line": int(line), "number": number, "reason": reason})
    frame = pd.DataFrame(records, columns=list(SKIP_COLUMNS))
    return frame.astype({"source_line": "int64", "number": "str", "reason": "str"})


def section_span(lines: tuple[str, ...] | list[str], heading_regex: str, end_regex: str) -> tuple[int, int]:
    """1-based ``(first, last)`` lines of the body between a heading and an end marker.

    Both are searched only among lines without a tab, so that a table of contents
    (tab-separated) is passed over; the span excludes the heading and the end line.

    >>> section_span(["x\\t2.1 Judul\\tII-6", "2.1 Judul", "teks", "Tabel 2.1"], r"^2\\.1 Judul", r"^Tabel 2\\.1$")
    (3, 3)
    """
    heading = re.compile(heading_regex)
    end = re.compile(end_regex)
    start = None
    for i, line in enumerate(lines, start=1):
        if is_table_row(line):
            continue
        if start is None:
            if heading.search(line):
                start = i
        elif end.search(line):
            return start + 1, i - 1
    if start is None:
        raise RenjaError(Message("errors_read.facts.no_heading", regex=heading_regex))
    raise RenjaError(Message("errors_read.facts.no_end", regex=end_regex, line=start))


def narrative_spans(document_path: str | Path) -> list[tuple[int, int]]:
    """The spans of :data:`NARRATIVE_SECTIONS` in a document, located by their headings."""
    doc = read_source(document_path)
    return [section_span(doc.lines, head, end) for _, head, end in NARRATIVE_SECTIONS]


def _paragraph_numbers(doc: SourceText, start_line: int, end_line: int) -> list[tuple[int, str, int, int]]:
    found = []
    for n in range(max(1, start_line), min(end_line, len(doc.lines)) + 1):
        text = doc.line(n)
        if is_table_row(text):
            continue
        found.extend((n, token, a, b) for token, a, b in numbers_in(text))
    return found


def narrative_numbers(document_path: str | Path, start_line: int, end_line: int) -> list[tuple[int, str]]:
    """Every number, as written, in the paragraph lines (no tab) from start to end line.

    Years used as dates are included; names such as ``K3`` and ``covid-19`` are not.

    >>> from renja_lib.config import DEFAULT_SOURCE
    >>> narrative_numbers(DEFAULT_SOURCE, 282, 282)
    [(282, '2021'), (282, '2021'), (282, '4'), (282, '13')]
    """
    doc = read_source(document_path)
    return [(n, token) for n, token, _, _ in _paragraph_numbers(doc, start_line, end_line)]


def _account(document_path, facts: pd.DataFrame, skip: pd.DataFrame, spans):
    doc = read_source(document_path)
    if spans is None:
        spans = [section_span(doc.lines, head, end) for _, head, end in NARRATIVE_SECTIONS]
    covered: dict[int, list[tuple[int, int]]] = {}  # line -> the spans of it that a quote covers
    paragraphs: dict = {}
    in_force = facts[facts["status"] != "removed"] if "status" in facts.columns else facts
    ends = in_force[END_LINE_COLUMN] if END_LINE_COLUMN in in_force.columns else [None] * len(in_force)
    for line, end, quote in zip(in_force["source_line"], ends, in_force["quote"]):
        end = None if end is None or pd.isna(end) else int(end)
        for place in quote_places(doc, quote, int(line), end, paragraphs=paragraphs)[:1]:
            for n, a, b in place:
                covered.setdefault(n, []).append((a, b))
    pending: list[tuple[int, str]] = []
    for first, last in spans:
        for n, token, a, b in _paragraph_numbers(doc, first, last):
            text = doc.line(n)
            inside = any(qa <= a and b <= qb for qa, qb in covered.get(n, ()))
            if not inside and not is_year_as_date(text, a, b):
                pending.append((n, token))
    unused = []
    for row in skip.itertuples(index=False):
        item = (int(row.source_line), str(row.number))
        if item in pending:
            pending.remove(item)
        else:
            unused.append({"source_line": item[0], "number": item[1], "reason": row.reason})
    return pending, pd.DataFrame(unused, columns=list(SKIP_COLUMNS))


def unaccounted_numbers(
    document_path: str | Path,
    facts: pd.DataFrame,
    skip: pd.DataFrame,
    spans: list[tuple[int, int]] | None = None,
) -> list[tuple[int, str]]:
    """Numbers of the narrative spans neither in a fact's quote, nor a year as a date, nor skipped.

    ``spans`` defaults to :func:`narrative_spans` (section 2.1; section 3.3 with the
    opening of BAB IV). An empty list means every figure is accounted for.

    >>> from renja_lib.config import DEFAULT_SOURCE
    >>> unaccounted_numbers(DEFAULT_SOURCE, load_facts(DEFAULT_SOURCE), load_skip())
    []
    """
    return _account(document_path, facts, skip, spans)[0]


def unused_skip_rows(
    document_path: str | Path,
    facts: pd.DataFrame,
    skip: pd.DataFrame,
    spans: list[tuple[int, int]] | None = None,
) -> pd.DataFrame:
    """Skip rows that account for nothing (stale after an edit, or a number a fact covers)."""
    return _account(document_path, facts, skip, spans)[1]
