"""Charts of the budget, the performance evaluation and the audit, for a 16:9 slide.

Each function takes a frame that :mod:`renja_lib.analyse.budget`, :mod:`renja_lib.analyse.performance`
or :mod:`renja_lib.check.audit` returns and gives a :class:`matplotlib.figure.Figure`
in the house style of :mod:`renja_lib.present.charts` (12,8 x 7,2 in, projector-sized
text, Okabe-Ito colours), never registered with pyplot. Write it with
:func:`renja_lib.present.charts.save`.

==========================  ================================================  =====================================
function                    frame                                             shows
==========================  ================================================  =====================================
:func:`absorption_chart`    ``budget.absorption(doc)``                        absorption per programme, stated %
:func:`composition_chart`   ``budget.plan_composition(doc)``                  plan-year budget per programme
:func:`salary_chart`        ``budget.salary_share(doc)``                      salaries against everything else
:func:`changes_chart`       ``budget.plan_changes(doc)``                      largest changes, plan to forward year
:func:`draft_needs_chart`   ``budget.draft_to_needs(doc)``                    RKPD first draft against needs
:func:`s_curve_chart`       ``budget.s_curve(spending, schedule)``            cumulative absorption, planned
:func:`achievement_chart`   ``performance.rollup(doc)`` or achievement_table  mean achievement and rating band
:func:`efficiency_chart`    ``performance.efficiency(doc)`` or its frame      achievement against absorption
:func:`audit_chart`         ``audit.summary(audit.audit(doc))``               findings per rule and severity
==========================  ================================================  =====================================

Conventions (as in :mod:`renja_lib.present.charts`):

* Texts are Indonesian by default and English with ``lang="en"``; every number
  is formatted with :mod:`renja_lib.text.formats` (``66,60%`` / ``66.60%``,
  ``Rp 3,46 M`` / ``Rp 3.46 bn``). Names of programmes and activities stay as
  the document writes them, shortened: a leading ``Program`` is dropped, a name
  in capitals is written in title case, long names are wrapped and, past two
  lines, cut with an ellipsis.
* The title is computed from the data; the footnote names the source (the
  table of the Renja, with its lines where the frame gives them; ``source=``
  replaces it) and any note the figures need (derived amounts, contradictions,
  how a mean was taken).
* The charts never pick between two figures that contradict each other: both
  are drawn and named. A figure the library derived is drawn lighter and
  explained in the footnote.
* Input frames are never changed. Bad input raises
  :class:`~renja_lib.errors.RenjaError` naming the argument, what is needed and
  what was given.

The chart texts live in :data:`TEXTS` (Indonesian and English), beside the
shared ones of :data:`renja_lib.present.charts.LABELS`.
"""
from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator

from ..check.audit import SEVERITIES
from ..analyse.budget import CHANGE_STATUSES
from ..errors import RenjaError
from ..text.formats import _check_lang, fmt_percent, fmt_points, fmt_rupiah, percent_formatter, rupiah_formatter
from ..analyse.performance import DEFAULT_THRESHOLD, QUADRANTS, Efficiency, rollup
from .charts import (
    ANNOTATION_SIZE,
    BLUE,
    FOOTNOTE_SIZE,
    FOOTNOTE_WIDTH,
    GREY,
    LIGHT_GREY,
    ORANGE,
    TEXT,
    VALUE_LABEL_SIZE,
    VERMILLION,
    _frame_figure,
    _house_style,
    _source_lines,
)
from ..analyse.ratings import BANDS, MISSING_BAND_KEY, MISSING_LABELS

__all__ = [
    "TEXTS",
    "RULE_NAMES",
    "BAND_COLOURS",
    "SEVERITY_COLOURS",
    "absorption_chart",
    "composition_chart",
    "salary_chart",
    "changes_chart",
    "draft_needs_chart",
    "s_curve_chart",
    "achievement_chart",
    "efficiency_chart",
    "audit_chart",
]

# ---------------------------------------------------------------------------
# colours and sizes

#: Bars drawn from a derived amount: BLUE at 45 %, on white.
LIGHT_BLUE = "#8CBCDC"
#: Rating bands, a neutral sequential palette (ColorBrewer "Blues"): darker is a higher band.
BAND_COLOURS: Mapping[str, str] = MappingProxyType({
    "very_high": "#08519C",
    "high": "#3182BD",
    "medium": "#6BAED6",
    "low": "#9ECAE1",
    "very_low": "#C6DBEF",
    MISSING_BAND_KEY: "#FFFFFF",
})
#: Audit severities: an error is the strongest colour; info is a quiet blue-grey.
SEVERITY_COLOURS: Mapping[str, str] = MappingProxyType({"error": VERMILLION, "warning": ORANGE, "info": "#A9C4DB"})
#: Budget changes: increase and decrease get two colours that do not say good or bad.
INCREASE, DECREASE = BLUE, ORANGE

#: Names on a bar chart's axis are wrapped at this many characters, at most this many lines.
NAME_WIDTH = 30
NAME_LINES = 2
#: Point labels of the efficiency chart are narrower.
POINT_NAME_WIDTH = 24
#: Bar charts with more rows than this get smaller names (two lines of :data:`MEDIUM_WIDTH`) ...
MANY_ROWS = 6
MEDIUM_WIDTH = 34
MEDIUM_SIZE = 14
#: ... and past this many rows, one line of :data:`LONG_WIDTH` characters at :data:`SMALL_SIZE` points.
VERY_MANY_ROWS = 10
LONG_WIDTH = 44
SMALL_SIZE = 13
#: Average width of a character of DejaVu Sans, in ems (it is a wide font), to fit legends.
_CHAR_WIDTH = 0.62
#: Ticks of a percentage axis of absorption stop here (absorption cannot pass 100 %).
FULL = 100.0

#: Periods of ``budget.absorption`` in calendar order; a whole year first among equals.
_PERIOD_ORDER = ("year", "Q1", "Q2", "Q3", "Q4", "to_date", "year_estimate", "renstra")
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}
_MONTHS = {
    "id": ("Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}
#: Behind a value label that may cross a line: the label stays readable.
_WHITE_BOX = MappingProxyType({"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})
_LEVEL_ORDER = ("program", "kegiatan", "sub_kegiatan")
#: Words written in lower case when a name in capitals is put in title case.
_SMALL_WORDS = frozenset({"dan", "di", "ke", "dari", "pada", "yang", "untuk", "dalam", "atau", "serta", "bagi",
                          "oleh", "dengan", "antar", "per"})


# ---------------------------------------------------------------------------
# texts

def _texts(pairs: Mapping[str, tuple[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({key: MappingProxyType({"id": id_, "en": en}) for key, (id_, en) in pairs.items()})


#: ``TEXTS[key][lang]``: the texts of these charts; templates carry ``{fields}``.
TEXTS: Mapping[str, Mapping[str, str]] = _texts({
    # periods and levels
    "period.year": ("{year}", "{year}"),
    "period.quarter": ("triwulan {roman} {year}", "Q{number} {year}"),
    "period.to_date": ("{year} hingga saat ini", "{year} to date"),
    "period.year_estimate": ("perkiraan {year}", "{year} estimate"),
    "level.program": ("program", "programme"),
    "level.kegiatan": ("kegiatan", "activity"),
    "level.sub_kegiatan": ("sub kegiatan", "sub-activity"),
    "level.program.plural": ("program", "programmes"),
    "level.kegiatan.plural": ("kegiatan", "activities"),
    "level.sub_kegiatan.plural": ("sub kegiatan", "sub-activities"),
    # sources
    "source.narrative": ("Renja, narasi Bab II", "Renja, chapter II narrative"),
    "source.lines": ("baris {lines}", "lines {lines}"),
    "source.table": ("Renja, {table}", "Renja, {table}"),
    "source.user": ("data realisasi anggaran pengguna", "the user's spending data"),
    "source.audit": ("Renja, diperiksa dengan renja_lib.check.audit", "Renja, checked with renja_lib.check.audit"),
    "source.efficiency": ("Renja, Tabel 2.1 (capaian) dan narasi Bab II (serapan)",
                          "Renja, Tabel 2.1 (achievement) and chapter II narrative (absorption)"),
    # absorption
    "office": ("Seluruh perangkat daerah", "Whole office"),
    "title.absorption": ("Serapan anggaran per {units}, {when}", "Budget absorption by {units}, {when}"),
    "absorption.units": ("program", "programme"),
    "absorption.units.activities": ("program dan kegiatan", "programme and activity"),
    "axis.absorption": ("Serapan anggaran (realisasi ÷ anggaran)", "Budget absorption (spending ÷ budget)"),
    "absorption.computed": ("Dihitung dari jumlah rupiah", "Computed from the amounts"),
    "absorption.derived": ("Dari jumlah turunan*", "From derived amounts*"),
    "absorption.stated_only": ("Hanya persentase tertulis", "Stated percentage only"),
    "absorption.conflict": ("Angka bertentangan", "Conflicting figures"),
    "absorption.stated": ("Persentase tertulis", "Stated percentage"),
    "absorption.stated_label": ("{value} (tertulis)", "{value} (stated)"),
    "absorption.unreadable_label": ("{value}; tertulis “{text}”, tak terbaca",
                                    "{value}; stated “{text}”, unreadable"),
    "absorption.contradiction": ("Bertentangan: tertulis {stated},\ndihitung {computed}",
                                 "Contradiction: stated {stated},\ncomputed {computed}"),
    "note.contradiction": ("{name}: realisasi tertulis {spending} dari anggaran {budget} adalah {computed}, "
                           "bukan {stated} seperti tertulis; grafik menampilkan keduanya.",
                           "{name}: the stated spending {spending} of the budget {budget} is {computed}, "
                           "not the stated {stated}; the chart shows both."),
    "note.derived": ("* Diturunkan: dokumen tidak menulis jumlah rupiah untuk {names}; dihitung dari total "
                     "perangkat daerah dikurangi program lain.",
                     "* Derived: the document gives no amounts for {names}; computed as the office total minus "
                     "the other programmes."),
    "note.unreadable": ("{name}: persentase tertulis “{text}” tidak terbaca sebagai angka Indonesia.",
                        "{name}: the stated percentage “{text}” is not a valid Indonesian number."),
    # composition and salaries
    "title.composition": ("Anggaran {year} per program: total {total}", "Budget {year} by programme: total {total}"),
    "axis.budget": ("Anggaran", "Budget"),
    "no_budget": ("tanpa anggaran", "no budget"),
    "note.composition": ("Persentase dari jumlah anggaran program; program tanpa anggaran ditulis “-” di tabel.",
                         "Shares of the sum of the programme budgets; a programme without a budget is “-” in "
                         "the table."),
    "title.salary": ("Gaji dan tunjangan ASN: {share} dari anggaran {year} ({total})",
                     "Civil-servant salaries: {share} of the {year} budget ({total})"),
    "note.salary": ("Gaji = sub kegiatan {codes}; total = jumlah anggaran program.",
                    "Salaries = sub-activity {codes}; total = sum of the programme budgets."),
    # changes
    "title.changes": ("{n} perubahan anggaran terbesar per {level}, {plan} ke {forward}",
                      "The {n} largest budget changes by {level}, {plan} to {forward}"),
    "title.changes.one": ("Perubahan anggaran per {level}, {plan} ke {forward}",
                          "Budget change by {level}, {plan} to {forward}"),
    "axis.change": ("Perubahan anggaran {plan} ke {forward}", "Budget change, {plan} to {forward}"),
    "changes.increase": ("Naik", "Increase"),
    "changes.decrease": ("Turun", "Decrease"),
    "changes.new": ("Baru (tanpa anggaran {plan})", "New (no {plan} budget)"),
    "changes.dropped": ("Dihapus (tanpa anggaran {forward})", "Dropped (no {forward} budget)"),
    "note.changes": ("{shown} dari {changed} {level} yang anggarannya berubah. Jumlah anggaran semua {level}: "
                     "{plan} {before}, {forward} {after} ({change}).",
                     "{shown} of {changed} {level} whose budget changes. Total of all {level}: "
                     "{plan} {before}, {forward} {after} ({change})."),
    # draft to needs
    "title.draft_needs": ("Rancangan awal RKPD ke analisis kebutuhan: {change}",
                          "RKPD first draft to needs analysis: {change}"),
    "kind.draft": ("Rancangan awal RKPD", "RKPD first draft"),
    "kind.needs": ("Analisis kebutuhan", "Needs analysis"),
    "unchanged": ("tetap", "unchanged"),
    "note.draft_needs": ("Tabel 2.3 menulis anggaran dalam ribuan rupiah (Rp.000).",
                         "Tabel 2.3 gives budgets in thousands of rupiah (Rp.000)."),
    # S-curve
    "title.s_curve": ("Serapan anggaran kumulatif hingga {period}: {value}",
                      "Cumulative budget absorption by {period}: {value}"),
    "title.s_curve.plan": ("Serapan anggaran kumulatif hingga {period}: {value} (rencana {planned})",
                           "Cumulative budget absorption by {period}: {value} (plan {planned})"),
    "axis.period": ("Periode", "Period"),
    "axis.cumulative": ("Serapan kumulatif", "Cumulative absorption"),
    "kind.cumulative": ("Realisasi kumulatif", "Cumulative spending"),
    "kind.planned": ("Rencana penyerapan", "Planned absorption"),
    "gap.plan_above": ("{points} di atas rencana", "{points} above plan"),
    "gap.plan_below": ("{points} di bawah rencana", "{points} below plan"),
    "gap.plan_on": ("sesuai rencana", "on plan"),
    "note.s_curve": ("Anggaran: {budget}.", "Budget: {budget}."),
    "note.flagged": ("⚠ Nilai berkas yang ditandai (negatif, di atas pagu, tidak wajar atau kosong) ada di balik "
                     "titik {periods}: lihat peringatan.",
                     "⚠ Flagged values of the file (negative, above budget, not believable or missing) lie behind "
                     "the point(s) {periods}: see the warning."),
    # achievement
    "title.achievement": ("Rata-rata capaian kinerja per {level}, {year}",
                          "Mean performance achievement by {level}, {year}"),
    "title.achievement.no_year": ("Rata-rata capaian kinerja per {level}", "Mean performance achievement by {level}"),
    "axis.achievement": ("Capaian kinerja (rata-rata, % dari target)", "Achievement (mean, % of target)"),
    "achievement.label": ("{value} · {band}", "{value} · {band}"),
    "achievement.count": ("{n} dari {total} indikator berdata", "{n} of {total} indicators with data"),
    "achievement.count.short": ("{n}/{total}", "{n}/{total}"),
    "note.count.short": ("n/m: indikator berdata dari semua indikator unit itu.",
                         "n/m: indicators with data out of all the unit's indicators."),
    "achievement.target": ("100% = target", "100% = target"),
    "legend.bands": ("Predikat", "Rating"),
    "band.range": ("{band} (≥ {lower})", "{band} (≥ {lower})"),
    "band.lowest": ("{band} (< {upper})", "{band} (< {upper})"),
    "note.scope.all": ("Rata-rata capaian semua indikator program dan kegiatan di bawahnya; "
                       "indikator tanpa data tidak dihitung.",
                       "Mean achievement of every indicator of the programme and the activities below it; "
                       "indicators without data are not counted."),
    "note.scope.own": ("Rata-rata capaian indikator program itu sendiri; indikator tanpa data tidak dihitung.",
                       "Mean achievement of the programme's own indicators; indicators without data are not "
                       "counted."),
    "note.cap": ("Capaian tiap indikator dibatasi {cap} sebelum dirata-rata.",
                 "Each indicator's achievement is capped at {cap} before averaging."),
    "note.no_cap": ("Capaian di atas 100% tidak dibatasi.", "Achievements above 100% are not capped."),
    # efficiency
    "title.efficiency": ("Capaian kinerja dan serapan anggaran per program, {year}",
                         "Performance achievement and budget absorption by programme, {year}"),
    "axis.efficiency_x": ("Serapan anggaran", "Budget absorption"),
    "axis.efficiency_y": ("Capaian kinerja (rata-rata)", "Achievement (mean)"),
    "threshold": ("ambang {value}", "threshold {value}"),
    "note.thresholds": ("Tinggi = capaian ≥ {achievement}, serapan ≥ {absorption}.",
                        "High = achievement ≥ {achievement}, absorption ≥ {absorption}."),
    "note.derived_points": ("* Serapan dari jumlah turunan (titik kosong).",
                            "* Absorption from derived amounts (hollow point)."),
    "note.stated_points": ("† Serapan hanya dari persentase tertulis (belah ketupat).",
                           "† Absorption from the stated percentage only (diamond)."),
    "note.not_placed": ("Tidak ditampilkan: {items}.", "Not shown: {items}."),
    # audit
    "title.audit": ("Audit dokumen: {total} temuan dari {rules} aturan, {errors} kesalahan",
                    "Document audit: {total} findings from {rules} rules, {errors} errors"),
    "axis.findings": ("Jumlah temuan", "Findings"),
    "severity.error": ("Kesalahan", "Error"),
    "severity.warning": ("Peringatan", "Warning"),
    "severity.info": ("Info", "Info"),
    "note.audit": ("Kesalahan: dua angka yang harus sama berbeda. Peringatan: angka janggal atau tak terbaca. "
                   "Info: perbedaan yang dapat dijelaskan (pembulatan, kode baru).",
                   "Error: two figures that must be equal differ. Warning: a figure that is implausible or "
                   "unreadable. Info: a difference with an innocent explanation (rounding, a new code)."),
})

#: Short names of the audit rules, per language; a rule not listed keeps its name.
RULE_NAMES: Mapping[str, Mapping[str, str]] = _texts({
    "parent_sum": ("Induk = jumlah rincian", "Parent = sum of its parts"),
    "stated_total": ("Total tertulis = jumlah", "Stated totals add up"),
    "reported_ratio": ("Capaian Tabel 2.1 = rasio", "Tabel 2.1 ratios"),
    "narrative_ratio": ("Rasio dalam narasi", "Ratios in the text"),
    "narrative_vs_table": ("Narasi vs tabel", "Text vs tables"),
    "narrative_repeat": ("Angka narasi yang berulang", "Figures stated twice"),
    "spending_share": ("Realisasi = persentase anggaran", "Spending = stated share"),
    "share_magnitude": ("Besaran realisasi vs persentase", "Spending vs its share: magnitude"),
    "number_format": ("Format angka", "Number format"),
    "amount_in_words": ("Angka vs terbilang", "Figures vs words"),
    "code_names": ("Satu kode, satu nama", "One code, one name"),
    "code_level": ("Tingkat kode vs nama", "Code level vs name"),
    "name_codes": ("Satu nama, satu kode", "One name, one code"),
    "code_coverage": ("Kode Tabel 2.1 vs Tabel 4.1", "Codes, Tabel 2.1 vs Tabel 4.1"),
    "names_across": ("Nama kode antartabel", "Code names across tables"),
    "share_above_100": ("Persentase di atas 100%", "Shares above 100%"),
    "negative_value": ("Nilai negatif", "Negative values"),
    "target_budget": ("Anggaran vs target 0", "Budget vs a zero target"),
    "needs_vs_plan": ("Kebutuhan (2.3) vs rencana (4.1)", "Needs (2.3) vs plan (4.1)"),
    "service_vs_narrative": ("Tabel 2.2 vs narasi", "Tabel 2.2 vs text"),
})


def _t(key: str, lang: str, **fields: Any) -> str:
    return TEXTS[key][lang].format(**fields) if fields else TEXTS[key][lang]


# ---------------------------------------------------------------------------
# input checks


def _checked(frame: Any, arg: str, required: Sequence[str], made_by: str) -> pd.DataFrame:
    """A copy of ``frame`` after checking that it is a non-empty DataFrame with ``required`` columns."""
    if not isinstance(frame, pd.DataFrame):
        raise RenjaError(f"{arg} must be a pandas DataFrame as {made_by} returns it; got {type(frame).__name__}")
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise RenjaError(f"{arg} lacks the column(s) {missing}; needed are {list(required)} as {made_by} returns "
                         f"them, found {list(frame.columns)}")
    if frame.empty:
        raise RenjaError(f"{arg} is empty: it has no rows to draw (expected the frame {made_by} returns)")
    return frame.copy().reset_index(drop=True)  # a copy: the caller's frame is never changed


def _numbers(series: pd.Series, arg: str, column: str) -> pd.Series:
    """``series`` as float (NaN for missing), refusing text that is not a number."""
    values = pd.to_numeric(series.astype(object).where(series.notna(), np.nan), errors="coerce").astype(float)
    bad = values.isna() & series.notna()
    if bad.any():
        index = bad[bad].index[0]
        raise RenjaError(f"{arg}['{column}'] must hold numbers (or be empty); row {index} has {series[index]!r}")
    if np.isinf(values).any():
        raise RenjaError(f"{arg}['{column}'] must hold finite numbers; found an infinite value")
    return values


def _flag(value: Any) -> bool:
    """True only for a real True (pd.NA, NaN, None and False are all False)."""
    return bool(value) if isinstance(value, (bool, np.bool_)) else False


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def _check_source(source: Any) -> str | None:
    if source is None:
        return None
    if not isinstance(source, str) or not source.strip():
        raise RenjaError(f"source must be non-empty text (e.g. 'Renja Disnaker Kota Pasuruan 2023, Tabel 4.1') "
                         f"or None; got {source!r}")
    return source.strip()


# ---------------------------------------------------------------------------
# names and labels


def _title_case(text: str) -> str:
    """``PENUNJANG URUSAN DAERAH KABUPATEN/KOTA`` -> ``Penunjang Urusan Daerah Kabupaten/Kota``; small words lower."""
    words = text.lower().split(" ")
    return " ".join(
        word if index and word in _SMALL_WORDS else "/".join(part[:1].upper() + part[1:] for part in word.split("/"))
        for index, word in enumerate(words))


def _short_name(name: Any, code: Any = None, width: int = NAME_WIDTH, lines: int = NAME_LINES) -> str:
    """A programme or activity name shortened for a chart: no leading ``Program``, wrapped.

    A name in capitals is put in title case; ``1 (satu)`` becomes ``1``; past
    ``lines`` lines the name is cut with an ellipsis. A missing name gives the
    code.

    >>> _short_name("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
    'Penunjang Urusan Pemerintahan\\nDaerah Kabupaten/Kota'
    >>> _short_name("Program Penempatan Tenaga Kerja")
    'Penempatan Tenaga Kerja'
    """
    text = _text(name) or _text(code) or "?"
    text = " ".join(text.split())
    text = re.sub(r"^program\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\((?:satu|dua|tiga|empat|lima)\)", "", text, flags=re.IGNORECASE)
    if text.isupper():
        text = _title_case(text)
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False)
    if len(wrapped) > lines:
        last = textwrap.shorten(" ".join(wrapped[lines - 1:]), width - 1, placeholder="")
        wrapped = [*wrapped[:lines - 1], last.rstrip(" ,") + "…"]
    return "\n".join(wrapped)


def _plus_rupiah(value: float, lang: str) -> str:
    """``+Rp 25,0 jt``; a negative amount keeps fmt_rupiah's minus sign; zero has no sign."""
    text = fmt_rupiah(value, lang)
    return "+" + text if value > 0 and text != fmt_rupiah(0, lang) else text


def _plus_percent(value: float, lang: str) -> str:
    text = fmt_percent(value, 2, lang)
    return "+" + text if value > 0 and text != fmt_percent(0, 2, lang) else text


def _line_range(values: Iterable[Any]) -> str | None:
    """``284–368`` from line numbers (ints, or text such as ``"284, 326"``); None when there are none."""
    lines: list[int] = []
    for value in values:
        if isinstance(value, str):
            lines.extend(int(part) for part in re.findall(r"\d+", value))
        elif value is not None and not pd.isna(value):
            lines.append(int(value))
    if not lines:
        return None
    low, high = min(lines), max(lines)
    return f"{low}" if low == high else f"{low}\u2013{high}"


def _table_source(table: str, lines: Iterable[Any], lang: str) -> str:
    found = _line_range(lines)
    text = _t("source.table", lang, table=table)
    return f"{text}, {_t('source.lines', lang, lines=found)}" if found else text


def _figure(title: str, lang: str, source: str, notes: Sequence[str] = ()) -> tuple[Figure, Axes]:
    """A house-style figure (plots._frame_figure) whose footnote holds the source and each note on its own lines."""
    fig, ax = _frame_figure(title, lang, [source])
    _figure_notes(fig, source, lang, notes)
    return fig, ax


#: An amount of rupiah as fmt_rupiah writes it; a footnote never breaks a line inside one.
_AMOUNT = re.compile(r"(Rp) (\d[\d.,]*)(?: (rb|jt|M|T|k|m|bn|tn)\b)?")


def _figure_notes(fig: Figure, source: str, lang: str, notes: Sequence[str]) -> None:
    """The footnote: the source, then each note on its own lines, wrapped at FOOTNOTE_WIDTH."""
    lines = _source_lines([source], lang)
    for note in notes:
        kept = _AMOUNT.sub(lambda m: "\u00a0".join(part for part in m.groups() if part), note)
        lines += textwrap.wrap(kept, FOOTNOTE_WIDTH)
    fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=FOOTNOTE_SIZE, color=GREY, parse_math=False)


def _row_size(count: int) -> float | None:
    """Font size of the names (and value labels) of a bar chart with ``count`` rows; None: the style's."""
    return None if count <= MANY_ROWS else MEDIUM_SIZE if count <= VERY_MANY_ROWS else SMALL_SIZE


def _row_names(names: Iterable[Any], codes: Iterable[Any], count: int) -> list[str]:
    """Short names sized for a bar chart of ``count`` rows."""
    if count <= MANY_ROWS:
        width, lines = NAME_WIDTH, NAME_LINES
    elif count <= VERY_MANY_ROWS:
        width, lines = MEDIUM_WIDTH, NAME_LINES
    else:
        width, lines = LONG_WIDTH, 1
    return [_short_name(name, code, width, lines) for name, code in zip(names, codes)]


def _bar_rows(ax: Axes, names: Sequence[str], *, bold: Iterable[int] = ()) -> None:
    """Rows 0..n-1 from top to bottom with ``names`` as tick labels; vertical grid, no horizontal one."""
    count = len(names)
    ax.set_yticks(np.arange(count, dtype=float), list(names))
    ax.set_ylim(count - 0.45, -0.55)
    size = _row_size(count)
    ax.tick_params(axis="y", length=0, **({"labelsize": size} if size else {}))
    ax.grid(False, axis="y")
    ax.grid(True, axis="x")
    for index in bold:
        ax.get_yticklabels()[index].set_fontweight("bold")


def _value_label(ax: Axes, text: str, x: float, y: float, *, left: bool = False, colour: str = TEXT,
                 bold: bool = False, size: float = VALUE_LABEL_SIZE, box: bool = False) -> Text:
    """A label beside the end of a bar; ``box`` puts it on white, above lines it crosses.

    The label is left out of the layout: :func:`_fit_texts` widens the x limits to keep it inside the Axes,
    which the layout could not do (it would shrink the Axes instead).
    """
    label = ax.annotate(text, xy=(x, y), xytext=(-7 if left else 7, 0), textcoords="offset points",
                        ha="right" if left else "left", va="center", fontsize=size, color=colour,
                        fontweight="bold" if bold else "normal", parse_math=False, annotation_clip=False, zorder=6,
                        bbox=dict(_WHITE_BOX) if box else None)
    label.set_in_layout(False)
    return label


def _texts_fit(ax: Axes, texts: Sequence[Text], margin: float) -> bool:
    """Whether every text lies inside the Axes, ``margin`` pixels from its sides (as last drawn)."""
    box = ax.get_window_extent()
    return all(box.x0 + margin - 0.5 <= text.get_window_extent().x0 and
               text.get_window_extent().x1 <= box.x1 - margin + 0.5 for text in texts)


def _fit_texts(fig: Figure, ax: Axes, texts: Sequence[Text], *, rounds: int = 3, margin: float = 6,
               verify: bool = True) -> None:
    """Widen the x limits until every text lies inside the Axes (texts hold their offset in points).

    Each text is measured once per draw; the limits that keep it inside are then solved for with the
    Axes' width fixed, and a further draw checks them (a wider tick label can narrow the Axes a little).
    With ``verify=False`` that check is left to the caller's next draw (:func:`_bounded_ticks` does it).
    """
    if not texts:
        return
    for _ in range(rounds):
        fig.draw_without_rendering()
        if _texts_fit(ax, texts, margin):
            return
        box = ax.get_window_extent()
        low, high = ax.get_xlim()
        # how far each text reaches right and left of its anchor, in pixels
        reach = []
        for text in texts:
            extent = text.get_window_extent()
            anchor = ax.transData.transform((text.xy[0], text.xy[1]))[0]
            reach.append((float(text.xy[0]), extent.x1 - anchor, anchor - extent.x0))
        width = box.width - 2 * margin
        new_low, new_high = low, high
        for _ in range(50):  # a fixed point: the limits depend on the scale, which depends on the limits
            scale = (new_high - new_low) / width
            wanted_high = max([new_high, *(x + right * scale for x, right, _ in reach)])
            wanted_low = min([new_low, *(x - left * scale for x, _, left in reach)])
            if abs(wanted_high - new_high) + abs(wanted_low - new_low) <= 1e-9 * (abs(new_high) + abs(new_low) + 1):
                break
            new_low, new_high = wanted_low, wanted_high
        # keep the margin at the edges: shift by it, in data units
        scale = (new_high - new_low) / width
        ax.set_xlim(new_low - (margin * scale if new_low < low else 0),
                    new_high + (margin * scale if new_high > high else 0))
        if not verify:
            return


def _legend_top(ax: Axes, handles: Sequence[Any]) -> None:
    """A legend just above the Axes, left-aligned with the title, in as many columns as fit in the figure."""
    if not handles:
        return
    fig = ax.get_figure()
    room = fig.get_figwidth() * 72 * 0.95  # points
    size = float(mpl.rcParams["legend.fontsize"])
    widths = [(len(str(h.get_label())) * _CHAR_WIDTH + 1.6 + 0.8 + 1.4) * size for h in handles]
    ncols = len(widths)
    while ncols > 1 and max(sum(widths[i:i + ncols]) for i in range(0, len(widths), ncols)) > room:
        ncols -= 1
    anchor = transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
    ax.legend(handles=list(handles), loc="lower left", bbox_to_anchor=(0.01, 1.02), bbox_transform=anchor,
              borderaxespad=0, borderpad=0, ncols=ncols, handlelength=1.6, columnspacing=1.4)


def _bounded_ticks(ax: Axes, low: float, high: float, nbins: int = 6, integer: bool = False,
                   texts: Sequence[Text] = ()) -> None:
    """x ticks of a nice step (1, 2, 2,5 or 5 x 10^k) within ``low``..``high``, at most ``nbins`` + 1 of them,
    fewer if their labels would touch; the bottom spine spans ``low``..``high`` (the data), not the label room.

    Used after the limits were widened for ``texts`` (:func:`_fit_texts`), so that the scale does not run on
    under them; the draw that checks the tick labels also checks that the texts still fit, and widens again if not.
    """
    fig = ax.get_figure()
    bins, refits = nbins, 0
    while True:
        left, right = ax.get_xlim()
        span = max(high - low, 1e-9)
        magnitude = 10 ** math.floor(math.log10(span / bins))
        steps = [1, 2, 5, 10] if integer else [1, 2, 2.5, 5, 10]
        step = next(m * magnitude for m in steps if m * magnitude * bins >= span - 1e-9)
        if integer:
            step = max(1.0, float(round(step)))
        first, last = math.ceil(low / step - 1e-9) * step, math.floor(high / step + 1e-9) * step
        if last - first < step / 2:  # fewer than two ticks inside: take the ones around the data
            first, last = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
        kept = list(np.arange(first, last + step / 2, step))
        ax.xaxis.set_major_locator(FixedLocator(kept))
        ax.spines["bottom"].set_bounds(min(low, kept[0]), max(high, kept[-1]))
        ax.set_xlim(min(left, kept[0]), max(right, kept[-1]))
        fig.draw_without_rendering()
        if texts and refits < 2 and not _texts_fit(ax, texts, 6):
            refits += 1
            _fit_texts(fig, ax, texts, verify=False)
            continue
        boxes = sorted((label.get_window_extent() for label in ax.get_xticklabels() if label.get_text()),
                       key=lambda box: box.x0)
        gap = 1.2 * float(mpl.rcParams["xtick.labelsize"]) * fig.dpi / 72  # about an em between labels
        if bins == 1 or all(b.x0 - a.x1 >= gap for a, b in zip(boxes, boxes[1:])):
            return
        bins -= 1


def _percent_ticks_to(ax: Axes, top: float, lang: str, step: float = 20) -> None:
    """Percent ticks every ``step`` from 0 to ``top``; the bottom spine ends at ``top``."""
    ax.xaxis.set_major_locator(FixedLocator(np.arange(0, top + step / 2, step)))
    ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
    ax.spines["bottom"].set_bounds(0, top)


# ---------------------------------------------------------------------------
# absorption


ABSORPTION_COLUMNS: tuple[str, ...] = ("year", "period", "subject", "level", "name", "budget", "spending",
                                       "absorption", "absorption_stated", "consistent", "derived")


def _period_text(year: int, period: str, lang: str) -> str:
    match = re.fullmatch(r"Q([1-4])", period)
    if match:
        return _t("period.quarter", lang, roman=_ROMAN[match.group(1)], number=match.group(1), year=year)
    if period in ("year", "to_date", "year_estimate"):
        return _t(f"period.{period}", lang, year=year)
    return f"{period} {year}"


def _pick_period(data: pd.DataFrame, year: Any, period: Any) -> tuple[int, str]:
    years = sorted({int(y) for y in data["year"]})
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or int(year) not in years:
            raise RenjaError(f"year must be one of the years in absorption_frame: {years}; got {year!r}")
        year = int(year)
    if period is not None:
        periods = list(dict.fromkeys(data["period"].astype(str)))
        if not isinstance(period, str) or period not in periods:
            raise RenjaError(f"period must be one of the periods in absorption_frame: {periods}; got {period!r}")
    rank = {p: i for i, p in enumerate(_PERIOD_ORDER)}
    if year is None:
        rows = data if period is None else data[data["period"] == period]
        if period is None and (data["period"] == "year").any():
            rows = data[data["period"] == "year"]  # a whole year first: the latest year with one
        year = int(rows["year"].max())
    in_year = data[data["year"] == year]
    present = list(dict.fromkeys(in_year["period"].astype(str)))
    if period is None:
        period = "year" if "year" in present else max(present, key=lambda p: rank.get(p, len(rank)))
    elif period not in present:
        raise RenjaError(f"period must be one of the periods absorption_frame has for {year}: {present}; "
                         f"got {period!r}")
    return year, period


def absorption_chart(
    absorption_frame: pd.DataFrame,
    year: int | None = None,
    period: str | None = None,
    lang: str = "id",
    *,
    levels: Sequence[str] = ("program", "office"),
    source: str | None = None,
) -> Figure:
    """Budget absorption per programme (and the whole office) in one year and period.

    ``absorption_frame`` is :func:`renja_lib.analyse.budget.absorption`'s frame. One
    horizontal bar per programme, the office last below a rule:

    * the bar is the absorption **computed from the amounts** (spending ÷
      budget), labelled; a black tick marks the percentage the document
      **states**;
    * a bar from a **derived** amount is lighter, starred, and the footnote says
      how it was derived;
    * where the amounts and the stated percentage **contradict** each other the
      bar is hatched in vermillion and labelled with both figures; the footnote
      repeats them with the amounts;
    * a row with only a stated percentage gets a hollow bar at that percentage;
      an unreadable stated percentage is quoted.

    ``year`` defaults to the latest year with whole-year figures (else the
    latest year), ``period`` to the whole year when the frame has it for
    ``year``, else its latest period. ``levels`` are the ``level`` values drawn.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> fig = absorption_chart(budget.absorption(renja_lib.load()))
    >>> fig.get_suptitle()
    'Serapan anggaran per program, 2021'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(absorption_frame, "absorption_frame", ABSORPTION_COLUMNS, "budget.absorption(doc)")
    if isinstance(levels, str) or not all(isinstance(level, str) for level in levels):
        raise RenjaError(f"levels must be a list of level names such as ['program', 'office']; got {levels!r}")
    year, period = _pick_period(data, year, period)
    for column in ("budget", "spending", "absorption", "absorption_stated"):
        data[column] = _numbers(data[column], "absorption_frame", column)
    rows = data[(data["year"] == year) & (data["period"] == period) & data["level"].isin(list(levels))]
    if rows.empty:
        found = sorted(set(data.loc[(data["year"] == year) & (data["period"] == period), "level"].astype(str)))
        raise RenjaError(f"absorption_frame has no rows of the levels {list(levels)} for {period} {year}; "
                         f"it has {found}: pass levels=")
    office = rows["level"] == "office"
    rows = pd.concat([rows[~office], rows[office]], ignore_index=True)  # the office last, below the programmes

    when = _period_text(year, period, lang)
    notes: list[str] = []
    derived_names: list[str] = []
    names: list[str] = []
    # the office's name is the frame's in its language: written here in lang
    rows["name"] = [_t("office", lang) if level == "office" else name
                    for level, name in zip(rows["level"], rows["name"])]
    shown_names = [_text(n) or str(s) for n, s in zip(rows["name"], rows["subject"])]
    for (_, row), short in zip(rows.iterrows(), _row_names(shown_names, rows["subject"], len(rows))):
        name = _text(row["name"]) or str(row["subject"])
        star = "*" if _flag(row["derived"]) else ""
        names.append(short + star)
        if star:
            derived_names.append(_short_name(name, row["subject"], width=200, lines=1))
    texts: list[Text] = []
    kinds: set[str] = set()
    with _house_style():
        found = _line_range(rows["source_lines"]) if "source_lines" in rows.columns else None
        ref = source or _t("source.narrative", lang) + (f", {_t('source.lines', lang, lines=found)}" if found else "")
        units = "absorption.units.activities" if (rows["level"] == "kegiatan").any() else "absorption.units"
        fig, ax = _figure(_t("title.absorption", lang, units=_t(units, lang), when=when), lang, ref)
        height = 0.62
        size = _row_size(len(rows)) or VALUE_LABEL_SIZE
        for y, (_, row) in enumerate(rows.iterrows()):
            computed, stated = float(row["absorption"]), float(row["absorption_stated"])
            flag = _text(row["flag"]) if "flag" in rows.columns else None
            # consistent False (amounts and stated percentage contradict each other); NA is "not checked"
            conflict = (not pd.isna(row["consistent"]) and not bool(row["consistent"])) or flag == "contradiction"
            conflict = conflict and not (math.isnan(computed) or math.isnan(stated))
            derived = _flag(row["derived"])
            stated_text = _text(row["absorption_stated_text"]) if "absorption_stated_text" in rows.columns else None
            name = _text(row["name"]) or str(row["subject"])
            if conflict:
                kinds.add("conflict")
                ax.barh(y, computed, height, facecolor="white", edgecolor=VERMILLION, hatch="///", linewidth=2,
                        zorder=3)
                text = _t("absorption.contradiction", lang, stated=fmt_percent(stated, 2, lang),
                          computed=fmt_percent(computed, 2, lang))
                if len(rows) > MANY_ROWS:  # rows too close for two lines
                    text = " ".join(text.split("\n"))
                texts.append(_value_label(ax, text, max(computed, stated), y, colour=VERMILLION, bold=True,
                                          size=size))
                notes.append(_t("note.contradiction", lang, name=_short_name(name, width=200, lines=1),
                                spending=fmt_rupiah(row["spending"], lang), budget=fmt_rupiah(row["budget"], lang),
                                computed=fmt_percent(computed, 2, lang), stated=fmt_percent(stated, 2, lang)))
            elif not math.isnan(computed):
                kinds.add("derived" if derived else "computed")
                ax.barh(y, computed, height, color=LIGHT_BLUE if derived else BLUE, zorder=3)
                value = fmt_percent(computed, 2, lang) + ("*" if derived else "")
                if flag == "stated_unreadable" and stated_text:
                    value = _t("absorption.unreadable_label", lang, value=value, text=stated_text)
                    notes.append(_t("note.unreadable", lang, name=_short_name(name, width=200, lines=1),
                                    text=stated_text))
                texts.append(_value_label(ax, value, max(computed, 0 if math.isnan(stated) else stated), y,
                                          size=size))
            elif not math.isnan(stated):
                kinds.add("stated_only")
                ax.barh(y, stated, height, facecolor="white", edgecolor=BLUE, linewidth=2, zorder=3)
                texts.append(_value_label(ax, _t("absorption.stated_label", lang, value=fmt_percent(stated, 2, lang)),
                                          stated, y, size=size))
            else:
                label = stated_text or "\u2013"
                texts.append(_value_label(ax, label, 0, y, colour=GREY, size=size))
            if not math.isnan(stated):
                kinds.add("stated")
                ax.vlines(stated, y - height / 2 - 0.08, y + height / 2 + 0.08, color=TEXT, linewidth=3.5, zorder=5)
        if office.any():
            ax.axhline(len(rows) - office.sum() - 0.5, color=GREY, linewidth=1, linestyle=(0, (4, 3)))
        _bar_rows(ax, names, bold=range(len(rows) - int(office.sum()), len(rows)))
        ax.set_xlim(0, FULL)
        _percent_ticks_to(ax, FULL, lang, step=25)
        ax.set_xlabel(_t("axis.absorption", lang))

        handles = []
        if "computed" in kinds:
            handles.append(Patch(color=BLUE, label=_t("absorption.computed", lang)))
        if "derived" in kinds:
            handles.append(Patch(color=LIGHT_BLUE, label=_t("absorption.derived", lang)))
        if "stated_only" in kinds:
            handles.append(Patch(facecolor="white", edgecolor=BLUE, linewidth=2,
                                 label=_t("absorption.stated_only", lang)))
        if "conflict" in kinds:
            handles.append(Patch(facecolor="white", edgecolor=VERMILLION, hatch="///", linewidth=2,
                                 label=_t("absorption.conflict", lang)))
        if "stated" in kinds:
            handles.append(Line2D([], [], color=TEXT, marker="|", linestyle="none", markersize=20,
                                  markeredgewidth=3.5, label=_t("absorption.stated", lang)))
        _legend_top(ax, handles)
        if derived_names:
            notes.insert(0, _t("note.derived", lang, names=", ".join(derived_names)))
        if notes:
            _figure_notes(fig, ref, lang, notes)
        _fit_texts(fig, ax, texts)
    return fig


# ---------------------------------------------------------------------------
# composition and salaries


COMPOSITION_COLUMNS: tuple[str, ...] = ("year", "code", "level", "name", "budget")


def _one_year(data: pd.DataFrame, column: str, arg: str) -> int:
    years = sorted({int(y) for y in data[column].dropna()})
    if len(years) != 1:
        raise RenjaError(f"{arg} must hold one year in '{column}'; it holds {years}: keep the rows of one year")
    return years[0]


def composition_chart(plan_composition_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """The plan year's budget per programme: bars in rupiah, labelled with the amount and the share.

    ``plan_composition_frame`` is :func:`renja_lib.analyse.budget.plan_composition`'s
    frame; its ``program`` rows are drawn, largest first. Shares are of the
    sum of the programme budgets (as the frame's ``share_of_total``). A
    programme without a budget is listed with "tanpa anggaran".

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> composition_chart(budget.plan_composition(renja_lib.load()), lang="en").get_suptitle()
    'Budget 2023 by programme: total Rp 5.17 bn'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(plan_composition_frame, "plan_composition_frame", COMPOSITION_COLUMNS,
                    "budget.plan_composition(doc)")
    rows = data[data["level"] == "program"].copy()
    if rows.empty:
        raise RenjaError("plan_composition_frame has no 'program' rows; found the levels "
                         f"{sorted(set(data['level'].astype(str)))}")
    year = _one_year(rows, "year", "plan_composition_frame")
    rows["budget"] = _numbers(rows["budget"], "plan_composition_frame", "budget")
    total = float(rows["budget"].sum())
    rows["share"] = rows["budget"] / total * 100 if total > 0 else np.nan
    rows = rows.assign(_missing=rows["budget"].isna()).sort_values(["_missing", "budget"], ascending=[True, False],
                                                                    kind="stable")
    notes = [_t("note.composition", lang)]
    with _house_style():
        ref = source or _table_source("Tabel 4.1", rows.get("source_line", []), lang)
        fig, ax = _figure(_t("title.composition", lang, year=year, total=fmt_rupiah(total, lang)), lang, ref, notes)
        texts = []
        for y, (_, row) in enumerate(rows.iterrows()):
            if math.isnan(row["budget"]):
                texts.append(_value_label(ax, _t("no_budget", lang), 0, y, colour=GREY))
                continue
            ax.barh(y, row["budget"], 0.62, color=BLUE, zorder=3)
            texts.append(_value_label(ax, f"{fmt_rupiah(row['budget'], lang)} · {fmt_percent(row['share'], 2, lang)}",
                                      row["budget"], y, size=_row_size(len(rows)) or VALUE_LABEL_SIZE))
        _bar_rows(ax, _row_names(rows["name"], rows["code"], len(rows)))
        top = float(rows["budget"].max()) if rows["budget"].notna().any() else 1.0
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(_t("axis.budget", lang))
        _fit_texts(fig, ax, texts, verify=False)
        _bounded_ticks(ax, 0, top, nbins=5, texts=texts)
    return fig


SALARY_COLUMNS: tuple[str, ...] = ("year", "component", "budget", "share", "total")
_SALARY_TEXT = {"salaries": {"id": "Gaji dan tunjangan ASN", "en": "Civil-servant salaries and allowances"},
                "other": {"id": "Belanja lainnya", "en": "All other spending"}}


def salary_chart(salary_share_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Salaries against everything else in the plan year: one bar split in two, with amounts and shares.

    ``salary_share_frame`` is :func:`renja_lib.analyse.budget.salary_share`'s frame
    (components ``salaries`` and ``other``).

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> salary_chart(budget.salary_share(renja_lib.load())).get_suptitle()
    'Gaji dan tunjangan ASN: 51,52% dari anggaran 2023 (Rp 5,17 M)'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(salary_share_frame, "salary_share_frame", SALARY_COLUMNS, "budget.salary_share(doc)")
    components = list(data["component"].astype(str))
    if sorted(components) != ["other", "salaries"]:
        raise RenjaError(f"salary_share_frame['component'] must be 'salaries' and 'other', one row each; "
                         f"got {components}")
    year = _one_year(data, "year", "salary_share_frame")
    for column in ("budget", "share", "total"):
        data[column] = _numbers(data[column], "salary_share_frame", column)
    data = data.set_index("component").loc[["salaries", "other"]]
    total = float(data["total"].iloc[0])
    salaries = data.loc["salaries"]
    codes = _text(salaries["codes"]) if "codes" in data.columns else None
    notes = [_t("note.salary", lang, codes=codes)] if codes else []
    title = _t("title.salary", lang, share=fmt_percent(salaries["share"], 2, lang), year=year,
               total=fmt_rupiah(total, lang))
    with _house_style():
        fig, ax = _figure(title, lang, source or _t("source.table", lang, table="Tabel 4.1"), notes)
        left = 0.0
        for component, colour, ink, align in (("salaries", BLUE, "white", "left"), ("other", "#C8C8C8", TEXT, "right")):
            share = float(data.loc[component, "share"])
            ax.barh(0, share, 0.8, left=left, color=colour, zorder=3)
            x = 0.0 if align == "left" else FULL
            ax.text(x, -0.48, _SALARY_TEXT[component][lang], ha=align, va="bottom", fontsize=22, fontweight="bold",
                    color=TEXT, parse_math=False)
            ax.text(x, 0.48, fmt_rupiah(data.loc[component, "budget"], lang), ha=align, va="top", fontsize=22,
                    color=TEXT, parse_math=False)
            inside = share >= 15
            ax.text(left + share / 2 if inside else x, 0 if inside else 0.75, fmt_percent(share, 2, lang),
                    ha="center" if inside else align, va="center" if inside else "top", fontsize=34 if inside else 22,
                    fontweight="bold", color=ink if inside else TEXT, parse_math=False, zorder=4)
            left += share
        ax.set_xlim(0, FULL)
        ax.set_ylim(1.3, -1.3)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_axis_off()
    return fig


# ---------------------------------------------------------------------------
# plan changes


CHANGES_COLUMNS: tuple[str, ...] = ("code", "name", "plan_year", "forward_year", "budget_plan", "budget_forward",
                                    "change", "status")


def _pick_level(data: pd.DataFrame, level: Any, arg: str) -> pd.DataFrame:
    """The rows of one level (``level``, or the only one, or ``kegiatan``), marked in a column ``_level``."""
    if "level" not in data.columns:
        if level is not None:
            raise RenjaError(f"{arg} has no 'level' column, so level= cannot pick rows; pass level=None")
        return data
    found = set(data["level"].dropna().astype(str))
    present = [lv for lv in _LEVEL_ORDER if lv in found] + sorted(found - set(_LEVEL_ORDER))  # coarsest first
    if not present:
        raise RenjaError(f"{arg}['level'] is empty in every row: it must name the level of each code "
                         f"({list(_LEVEL_ORDER)})")
    if level is None:
        level = present[0] if len(present) == 1 else ("kegiatan" if "kegiatan" in present else present[0])
    elif level not in present:
        raise RenjaError(f"level must be one of the levels in {arg}: {present}; got {level!r}")
    return data[data["level"] == level].assign(_level=level)


def _level_word(data: pd.DataFrame, lang: str, plural: bool = False) -> str:
    level = str(data["_level"].iloc[0]) if "_level" in data.columns else None
    key = f"level.{level}" + (".plural" if plural else "")
    if key in TEXTS:
        return _t(key, lang)
    return level or ("rows" if lang == "en" else "baris")


def changes_chart(
    plan_changes_frame: pd.DataFrame,
    top: int = 10,
    lang: str = "id",
    *,
    level: str | None = None,
    source: str | None = None,
) -> Figure:
    """The ``top`` largest budget changes from the plan year to the forward year, as diverging bars in rupiah.

    ``plan_changes_frame`` is :func:`renja_lib.analyse.budget.plan_changes`'s frame.
    ``level`` picks one level of codes so that nothing is counted twice; by
    default the only level in the frame, else ``kegiatan``. Rows are ranked by
    the size of the change (a missing side counts as 0) and drawn from the
    largest increase down to the largest cut; a new code (no plan-year budget)
    or a dropped one (no forward-year budget) is hatched and labelled so.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> changes_chart(budget.plan_changes(renja_lib.load()), top=5, lang="en").get_suptitle()
    'The 5 largest budget changes by activity, 2023 to 2024'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise RenjaError(f"top must be a whole number of at least 1 (e.g. 10); got {top!r}")
    data = _checked(plan_changes_frame, "plan_changes_frame", CHANGES_COLUMNS, "budget.plan_changes(doc)")
    data = _pick_level(data, level, "plan_changes_frame")
    plan_year = _one_year(data, "plan_year", "plan_changes_frame")
    forward_year = _one_year(data, "forward_year", "plan_changes_frame")
    for column in ("budget_plan", "budget_forward", "change"):
        data[column] = _numbers(data[column], "plan_changes_frame", column)
    changed = data[data["change"].notna() & (data["change"] != 0)]
    if changed.empty:
        raise RenjaError(f"plan_changes_frame has no budget that changes from {plan_year} to {forward_year} at "
                         f"the level {_level_word(data, 'en')!r}: nothing to draw")
    shown = changed.assign(_size=changed["change"].abs()).sort_values("_size", ascending=False, kind="stable")
    shown = shown.head(int(top)).sort_values("change", ascending=False, kind="stable")
    count = len(shown)
    words = {"level": _level_word(data, lang), "plan": plan_year, "forward": forward_year}
    title = (_t("title.changes", lang, n=count, **words) if count > 1 else _t("title.changes.one", lang, **words))
    before, after = float(data["budget_plan"].sum()), float(data["budget_forward"].sum())
    notes = [_t("note.changes", lang, shown=count, changed=len(changed), level=_level_word(data, lang, plural=True),
                plan=plan_year, forward=forward_year, before=fmt_rupiah(before, lang), after=fmt_rupiah(after, lang),
                change=_plus_rupiah(after - before, lang))]
    statuses = list(shown["status"].astype(str))
    with _house_style():
        ref = source or _table_source("Tabel 4.1", shown.get("source_line", []), lang)
        fig, ax = _figure(title, lang, ref, notes)
        texts = []
        for y, (_, row) in enumerate(shown.iterrows()):
            change, status = float(row["change"]), str(row["status"])
            colour = INCREASE if change > 0 else DECREASE
            special = status in ("new", "dropped")
            ax.barh(y, change, 0.62, facecolor="white" if special else colour, edgecolor=colour,
                    hatch="///" if special else None, linewidth=2 if special else 0, zorder=3)
            text = _plus_rupiah(change, lang)
            if special:
                text += f" · {CHANGE_STATUSES[status][lang]}"
            elif not pd.isna(row.get("change_pct", np.nan)):
                text += f" ({_plus_percent(float(row['change_pct']), lang)})"
            texts.append(_value_label(ax, text, change, y, left=change < 0,
                                      size=_row_size(len(shown)) or VALUE_LABEL_SIZE))
        ax.axvline(0, color=GREY, linewidth=1.2, zorder=4)
        _bar_rows(ax, _row_names(shown["name"], shown["code"], len(shown)))
        ax.spines["left"].set_visible(False)
        low, high = float(min(shown["change"].min(), 0)), float(max(shown["change"].max(), 0))
        ax.set_xlim(low, high)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(_t("axis.change", lang, plan=plan_year, forward=forward_year))
        handles = []
        if any(s not in ("new", "dropped") for s, c in zip(statuses, shown["change"]) if c > 0):
            handles.append(Patch(color=INCREASE, label=_t("changes.increase", lang)))
        if any(s not in ("new", "dropped") for s, c in zip(statuses, shown["change"]) if c < 0):
            handles.append(Patch(color=DECREASE, label=_t("changes.decrease", lang)))
        if "new" in statuses:
            handles.append(Patch(facecolor="white", edgecolor=INCREASE, hatch="///", linewidth=2,
                                 label=_t("changes.new", lang, plan=plan_year)))
        if "dropped" in statuses:
            handles.append(Patch(facecolor="white", edgecolor=DECREASE, hatch="///", linewidth=2,
                                 label=_t("changes.dropped", lang, forward=forward_year)))
        _legend_top(ax, handles)
        _fit_texts(fig, ax, texts, verify=False)
        _bounded_ticks(ax, low, high, nbins=4, texts=texts)
    return fig


# ---------------------------------------------------------------------------
# draft to needs


DRAFT_COLUMNS: tuple[str, ...] = ("code", "name", "budget_draft", "budget_needs")


def draft_needs_chart(draft_to_needs_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Per programme, the budget of the RKPD first draft next to the one of the needs analysis (Tabel 2.3).

    ``draft_to_needs_frame`` is :func:`renja_lib.analyse.budget.draft_to_needs`'s frame;
    its ``program`` rows (not the continuation lines) are drawn, in the table's
    order, with the change beside each pair.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> draft_needs_chart(budget.draft_to_needs(renja_lib.load())).get_suptitle()
    'Rancangan awal RKPD ke analisis kebutuhan: +Rp 175,0 jt'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(draft_to_needs_frame, "draft_to_needs_frame", DRAFT_COLUMNS, "budget.draft_to_needs(doc)")
    if "continuation" in data.columns:
        data = data[~data["continuation"].map(_flag)]
    if "level" in data.columns:
        data = data[data["level"] == "program"]
    if data.empty:
        raise RenjaError("draft_to_needs_frame has no programme rows ('level' == 'program', not a continuation)")
    for column in ("budget_draft", "budget_needs"):
        data[column] = _numbers(data[column], "draft_to_needs_frame", column)
    change = float(data["budget_needs"].sum() - data["budget_draft"].sum())
    notes = [_t("note.draft_needs", lang)]
    with _house_style():
        ref = source or _table_source("Tabel 2.3", data.get("source_line", []), lang)
        fig, ax = _figure(_t("title.draft_needs", lang, change=_plus_rupiah(change, lang)), lang, ref, notes)
        texts = []
        width = 0.36
        for y, (_, row) in enumerate(data.iterrows()):
            draft, needs = float(row["budget_draft"]), float(row["budget_needs"])
            if math.isnan(draft) and math.isnan(needs):
                texts.append(_value_label(ax, _t("no_budget", lang), 0, y, colour=GREY))
                continue
            for offset, value, colour in ((-width / 2, draft, LIGHT_GREY), (width / 2, needs, BLUE)):
                if not math.isnan(value):
                    ax.barh(y + offset, value, width, color=colour, zorder=3)
                    texts.append(_value_label(ax, fmt_rupiah(value, lang), value, y + offset, size=13))
            if not (math.isnan(draft) or math.isnan(needs)):
                difference = needs - draft
                text = _plus_rupiah(difference, lang) if difference else _t("unchanged", lang)
                # the change goes right of both bars' labels: placed after fitting, see below
                texts.append(_value_label(ax, text, max(draft, needs), y, bold=bool(difference),
                                          colour=TEXT if difference else GREY))
                texts[-1].set_gid("change")
        _bar_rows(ax, _row_names(data["name"], data["code"], len(data)))
        top = float(np.nanmax(data[["budget_draft", "budget_needs"]].to_numpy(float)))
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(_t("axis.budget", lang))
        _legend_top(ax, [Patch(color=LIGHT_GREY, label=_t("kind.draft", lang)),
                         Patch(color=BLUE, label=_t("kind.needs", lang))])
        _place_changes(fig, ax, texts)
        _fit_texts(fig, ax, texts, verify=False)
        _bounded_ticks(ax, 0, top, nbins=5, texts=texts)
    return fig


def _place_changes(fig: Figure, ax: Axes, texts: Sequence[Text]) -> None:
    """Move each pair's change label right of that pair's value labels (all in points from the bar end)."""
    fig.draw_without_rendering()
    values = [t for t in texts if t.get_gid() != "change"]
    for text in texts:
        if text.get_gid() != "change":
            continue
        y = text.xy[1]
        mine = [v for v in values if abs(v.xy[1] - y) < 0.5]
        if not mine:
            continue
        right = max(v.get_window_extent().x1 for v in mine)
        start = ax.transData.transform((text.xy[0], y))[0]
        text.set_position(((right - start) * 72 / fig.dpi + 18, 0))


# ---------------------------------------------------------------------------
# S-curve


S_CURVE_COLUMNS: tuple[str, ...] = ("period", "absorption_cumulative")


def _period_tick(period: str, lang: str) -> str:
    match = re.fullmatch(r"([QSM])(\d{1,2})", period)
    if not match:
        return period
    kind, number = match.group(1), int(match.group(2))
    if kind == "Q" and 1 <= number <= 4:
        return f"TW {_ROMAN[str(number)]}" if lang == "id" else f"Q{number}"
    if kind == "S" and number in (1, 2):
        return f"Semester {'I' * number}" if lang == "id" else f"H{number}"
    if kind == "M" and 1 <= number <= 12:
        return _MONTHS[lang][number - 1]
    return period


def s_curve_chart(s_curve_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Cumulative absorption per period (the S-curve), against the planned schedule when the frame has one.

    ``s_curve_frame`` is :func:`renja_lib.analyse.budget.s_curve`'s frame: ``period``
    (``Q1``.., ``S1``.., ``M01``.. or the file's own labels), ``period_order``,
    ``absorption_cumulative`` and, optionally, ``planned`` and ``budget``. The
    values are labelled; the gap to the plan in the latest period with both is
    stated in percentage points. The footnote names ``source`` (default: the
    user's spending data).

    >>> frame = pd.DataFrame({"period": ["Q1", "Q2"], "period_order": [1, 2],
    ...     "absorption_cumulative": [10.0, 40.0], "planned": [20.0, 45.0]})
    >>> s_curve_chart(frame, lang="en").get_suptitle()
    'Cumulative budget absorption by Q2: 40.00% (plan 45.00%)'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(s_curve_frame, "s_curve_frame", S_CURVE_COLUMNS, "budget.s_curve(spending)")
    if "period_order" in data.columns:
        data = data.assign(_order=_numbers(data["period_order"], "s_curve_frame", "period_order")).sort_values(
            "_order", kind="stable")
    data = data.reset_index(drop=True)
    if data["period"].duplicated().any():
        raise RenjaError(f"s_curve_frame must have one row per period; "
                         f"{data.loc[data['period'].duplicated(), 'period'].iloc[0]!r} appears twice")
    actual = _numbers(data["absorption_cumulative"], "s_curve_frame", "absorption_cumulative")
    planned = (_numbers(data["planned"], "s_curve_frame", "planned") if "planned" in data.columns
               else pd.Series(np.nan, index=data.index))
    if actual.isna().all():
        raise RenjaError("s_curve_frame has no absorption_cumulative values to draw")
    ticks = [_period_tick(str(p), lang) for p in data["period"]]
    last = int(actual.last_valid_index())
    both = [i for i in data.index if not (math.isnan(actual[i]) or math.isnan(planned[i]))]
    value = fmt_percent(actual[last], 2, lang)
    gap_text = None
    if both:
        at = both[-1]
        gap = actual[at] - planned[at]
        points = fmt_points(gap, 2, lang)
        gap_text = (_t("gap.plan_on", lang) if points == fmt_points(0, 2, lang)
                    else _t("gap.plan_above" if gap > 0 else "gap.plan_below", lang, points=points))
    title = (_t("title.s_curve.plan", lang, value=value, period=ticks[last],
                planned=fmt_percent(planned[last], 2, lang)) if both and both[-1] == last
             else _t("title.s_curve", lang, value=value, period=ticks[last]))
    notes = []
    if "budget" in data.columns:
        budgets = _numbers(data["budget"], "s_curve_frame", "budget").dropna().unique()
        if len(budgets) == 1:
            notes.append(_t("note.s_curve", lang, budget=fmt_rupiah(budgets[0], lang)))
    # points that stand on flagged values of the file (budget.read_spending) are never drawn unmarked
    flagged = (_numbers(data["n_flagged"], "s_curve_frame", "n_flagged").fillna(0) > 0 if "n_flagged" in data.columns
               else pd.Series(False, index=data.index))
    if flagged.any():
        notes.append(_t("note.flagged", lang, periods=", ".join(t for t, f in zip(ticks, flagged) if f)))
    positions = np.arange(len(data), dtype=float)
    with _house_style():
        fig, ax = _figure(title, lang, source or _t("source.user", lang), notes)
        ax.plot(positions, actual, color=BLUE, marker="o", zorder=5, label=_t("kind.cumulative", lang))
        if planned.notna().any():
            ax.plot(positions, planned, color=VERMILLION, linestyle=(0, (4, 2.5)), linewidth=2.5, marker="D",
                    markersize=7, zorder=4, label=_t("kind.planned", lang))
        fitted: list[Text] = []
        # a cumulative curve never falls: right-below of a point and left-above of it are clear of its line
        for x, (a, p) in enumerate(zip(actual, planned)):
            if not math.isnan(a):
                below = math.isnan(p) or p >= a
                ax.annotate(fmt_percent(a, 2, lang) + (" ⚠" if flagged[x] else ""), xy=(x, a),
                            xytext=(9, -9) if below else (-9, 9),
                            textcoords="offset points", ha="left" if below else "right",
                            va="top" if below else "bottom", fontsize=VALUE_LABEL_SIZE,
                            color=VERMILLION if flagged[x] else BLUE,
                            fontweight="bold", zorder=6, bbox=dict(_WHITE_BOX))
            if not math.isnan(p):
                above = math.isnan(a) or p >= a
                ax.annotate(fmt_percent(p, 2, lang), xy=(x, p), xytext=(-9, 9) if above else (9, -9),
                            textcoords="offset points", ha="right" if above else "left",
                            va="bottom" if above else "top", fontsize=VALUE_LABEL_SIZE, color=VERMILLION, zorder=6,
                            bbox=dict(_WHITE_BOX))
        top = max(FULL, float(np.nanmax([actual.max(), planned.max() if planned.notna().any() else 0])))
        if both and gap_text:
            at = both[-1]
            if abs(actual[at] - planned[at]) / top > 0.08:  # a bracket only where it has room to be seen
                ax.annotate("", xy=(at, actual[at]), xytext=(at, planned[at]),
                            arrowprops={"arrowstyle": "|-|,widthA=0.3,widthB=0.3", "color": GREY, "linewidth": 1.8,
                                        "shrinkA": 8, "shrinkB": 8}, zorder=3)
            fitted.append(ax.annotate(
                gap_text, xy=(at, (actual[at] + planned[at]) / 2), xytext=(16, 0), textcoords="offset points",
                ha="left", va="center", fontsize=ANNOTATION_SIZE, fontweight="bold", color=TEXT,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}))
            fitted[-1].set_in_layout(False)  # kept inside the Axes by _fit_texts
        ax.set_xticks(positions, ticks)
        ax.set_xlim(-0.5, len(data) - 0.5)
        ax.set_ylim(-top * 0.12, top * 1.08)  # room below 0 for a label under a low first value
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_bounds(0, top * 1.08)
        ax.axhline(0, color=GREY, linewidth=1, zorder=2)
        ax.yaxis.set_major_locator(FixedLocator(np.arange(0, top + 1, 20)))
        ax.yaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(_t("axis.period", lang))
        ax.set_ylabel(_t("axis.cumulative", lang))
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles, labels, loc="upper left", borderaxespad=0.3)
        _fit_texts(fig, ax, fitted)
    return fig


# ---------------------------------------------------------------------------
# achievement


ROLLUP_COLUMNS: tuple[str, ...] = ("code", "name", "mean_achievement", "n_indicators", "n_with_data", "band_key")
TABLE_COLUMNS: tuple[str, ...] = ("code", "level", "name", "year", "achievement")


def _band_label(key: str, lang: str) -> str:
    if key == MISSING_BAND_KEY:
        return MISSING_LABELS[lang]
    for band in BANDS:
        if band.key == key:
            return band.label(lang)
    return key


def _band_legend(lang: str, missing: bool) -> list[Patch]:
    handles = []
    for index, band in enumerate(BANDS):
        if math.isinf(band.lower):
            text = _t("band.lowest", lang, band=band.label(lang), upper=fmt_percent(BANDS[index - 1].lower, 0, lang))
        else:
            text = _t("band.range", lang, band=band.label(lang), lower=fmt_percent(band.lower, 0, lang))
        handles.append(Patch(facecolor=BAND_COLOURS.get(band.key, LIGHT_GREY), edgecolor=GREY, linewidth=0.6,
                             label=text))
    if missing:
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="..", linewidth=0.6,
                             label=MISSING_LABELS[lang]))
    return handles


def achievement_chart(frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Mean achievement per programme, coloured by its rating band, with the count of indicators behind it.

    ``frame`` is :func:`renja_lib.analyse.performance.rollup`'s frame (any level), or
    :func:`renja_lib.analyse.performance.achievement_table`'s, which is then rolled up
    per programme (every indicator at or below it). Each bar is labelled with
    the mean, its band and how many of the unit's indicators have data; a
    dashed line marks 100 % (the target). Band colours go from light (very
    low) to dark (very high): a neutral sequential palette, the rating is in
    words on every bar.

    >>> import renja_lib
    >>> from renja_lib.analyse import performance
    >>> achievement_chart(performance.rollup(renja_lib.load()), lang="en").get_suptitle()
    'Mean performance achievement by programme, 2021'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    if isinstance(frame, pd.DataFrame) and "mean_achievement" not in frame.columns and "achievement" in frame.columns:
        table = _checked(frame, "frame", TABLE_COLUMNS, "performance.achievement_table(doc)")
        data = rollup(table, level="program", scope="all", lang=lang)
    else:
        data = _checked(frame, "frame", ROLLUP_COLUMNS, "performance.rollup(doc)")
    data["mean_achievement"] = _numbers(data["mean_achievement"], "frame", "mean_achievement")
    for column in ("n_indicators", "n_with_data"):
        data[column] = _numbers(data[column], "frame", column)
    years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
    levels = sorted(set(data["level"].dropna().astype(str))) if "level" in data.columns else []
    level = _t(f"level.{levels[0]}", lang) if len(levels) == 1 and f"level.{levels[0]}" in TEXTS else _t(
        "level.program", lang)
    title = (_t("title.achievement", lang, level=level, year=years[0]) if len(years) == 1
             else _t("title.achievement.no_year", lang, level=level))
    scope = str(data["scope"].iloc[0]) if "scope" in data.columns and data["scope"].nunique() == 1 else None
    notes = []
    if scope in ("all", "own"):
        notes.append(_t(f"note.scope.{scope}", lang))
    caps = data["cap"].dropna().unique() if "cap" in data.columns else []
    notes.append(_t("note.cap", lang, cap=fmt_percent(caps[0], 0, lang)) if len(caps) == 1 else _t("note.no_cap", lang))
    keys = [str(k) if isinstance(k, str) else MISSING_BAND_KEY for k in data["band_key"]]
    many = len(data) > MANY_ROWS  # one line per label, smaller
    if many:
        notes.append(_t("note.count.short", lang))
    with _house_style():
        fig, ax = _figure(title, lang, source or _t("source.table", lang, table="Tabel 2.1"), notes)
        texts = []
        size = _row_size(len(data)) or VALUE_LABEL_SIZE
        for y, (key, (_, row)) in enumerate(zip(keys, data.iterrows())):
            mean = row["mean_achievement"]
            count = _t("achievement.count.short" if many else "achievement.count", lang, n=int(row["n_with_data"]),
                       total=int(row["n_indicators"]))
            joiner = " · " if many else "\n"
            if math.isnan(mean):
                texts.append(_value_label(ax, f"{MISSING_LABELS[lang]}{joiner}{count}", 0, y, colour=GREY,
                                          size=size, box=True))
                continue
            ax.barh(y, mean, 0.62, color=BAND_COLOURS.get(key, LIGHT_GREY), edgecolor=GREY, linewidth=0.6, zorder=3)
            head = _t("achievement.label", lang, value=fmt_percent(mean, 2, lang), band=_band_label(key, lang))
            texts.append(_value_label(ax, f"{head}{joiner}{count}", mean, y, size=size, box=True))
        ax.axvline(FULL, color=GREY, linestyle=(0, (5, 3)), linewidth=1.6, zorder=4)
        _bar_rows(ax, _row_names(data["name"], data["code"], len(data)))
        top = max(FULL, float(np.nanmax(data["mean_achievement"])) if data["mean_achievement"].notna().any() else 0)
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(_t("axis.achievement", lang))
        handles = [*_band_legend(lang, MISSING_BAND_KEY in keys),
                   Line2D([], [], color=GREY, linestyle=(0, (5, 3)), linewidth=1.6,
                          label=_t("achievement.target", lang))]
        if many:  # the names take the width: the legend goes above
            _legend_top(ax, handles)
        else:
            ax.legend(handles=handles, title=_t("legend.bands", lang),
                      loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0, handlelength=1.4,
                      alignment="left", title_fontproperties={"weight": "bold", "size": 15})
        _fit_texts(fig, ax, texts, verify=False)
        _bounded_ticks(ax, 0, top, nbins=4, texts=texts)
    return fig


# ---------------------------------------------------------------------------
# efficiency


EFFICIENCY_COLUMNS: tuple[str, ...] = ("programme", "name", "achievement", "absorption", "quadrant")


def _check_threshold(value: Any, arg: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(
            float(value)):
        raise RenjaError(f"{arg} must be a number (percent) such as 91, or None; got {value!r}")
    return float(value)


def _quadrant_range(values: Iterable[float], line: float, share: float = 0.3, step: float = 5) -> tuple[float, float]:
    """Axis limits around ``values`` and a threshold ``line``, each side of the line at least ``share`` of the span.

    So that all four quadrants have room for their names, whatever the data.
    """
    found = [v for v in values if not math.isnan(v)]
    low, high = min([*found, line]), max([*found, line])
    span = max(high - low, 2 * step)
    low, high = min(low, line - share * span), max(high, line + share * span)
    pad = (high - low) * 0.06
    return math.floor((low - pad) / step) * step, math.ceil((high + pad) / step) * step


def efficiency_chart(
    efficiency: Efficiency | pd.DataFrame,
    lang: str = "id",
    *,
    achievement_threshold: float | None = None,
    absorption_threshold: float | None = None,
    source: str | None = None,
) -> Figure:
    """Each programme's achievement (y) against its budget absorption (x), in the four quadrants.

    ``efficiency`` is :func:`renja_lib.analyse.performance.efficiency`'s result or its
    ``frame``. The threshold lines default to the ones the result was made with
    (for a bare frame, :data:`renja_lib.analyse.performance.DEFAULT_THRESHOLD`). The
    quadrants are named (efisien, sesuai rencana, tertinggal, kurang efisien);
    points carry short programme names. A point whose absorption comes from
    derived amounts is hollow and starred; one from a stated percentage only is
    a diamond. Programmes that cannot be placed (conflicting figures, no data)
    are listed in the footnote.

    >>> import renja_lib
    >>> from renja_lib.analyse import performance
    >>> efficiency_chart(performance.efficiency(renja_lib.load())).get_suptitle()
    'Capaian kinerja dan serapan anggaran per program, 2021'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    if isinstance(efficiency, Efficiency):
        thresholds = (efficiency.achievement_threshold, efficiency.absorption_threshold)
        data = _checked(efficiency.frame, "efficiency.frame", EFFICIENCY_COLUMNS, "performance.efficiency(doc).frame")
    else:
        thresholds = (DEFAULT_THRESHOLD, DEFAULT_THRESHOLD)
        data = _checked(efficiency, "efficiency", EFFICIENCY_COLUMNS, "performance.efficiency(doc).frame")
    ach_line = (thresholds[0] if achievement_threshold is None
                else _check_threshold(achievement_threshold, "achievement_threshold"))
    abs_line = (thresholds[1] if absorption_threshold is None
                else _check_threshold(absorption_threshold, "absorption_threshold"))
    data["achievement"] = _numbers(data["achievement"], "efficiency", "achievement")
    data["absorption"] = _numbers(data["absorption"], "efficiency", "absorption")
    basis = (data["absorption_basis"].astype(str) if "absorption_basis" in data.columns
             else pd.Series("amounts", index=data.index))
    placed = data[data["achievement"].notna() & data["absorption"].notna()]
    left_out = data.drop(placed.index)
    if placed.empty:
        raise RenjaError("efficiency has no programme with both an achievement and an absorption to place")
    years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
    title = _t("title.efficiency", lang, year=years[0]) if len(years) == 1 else _t(
        "title.efficiency", lang, year="").rstrip(", ")
    notes = [_t("note.thresholds", lang, achievement=fmt_percent(ach_line, 0, lang),
                absorption=fmt_percent(abs_line, 0, lang))]
    if (basis[placed.index] == "derived").any():
        notes.append(_t("note.derived_points", lang))
    if (basis[placed.index] == "stated").any():
        notes.append(_t("note.stated_points", lang))
    if not left_out.empty:
        items = []
        for _, row in left_out.iterrows():
            quadrant = str(row["quadrant"])
            reason = QUADRANTS[quadrant][lang] if quadrant in QUADRANTS else quadrant
            items.append(f"{_short_name(row['name'], row['programme'], width=200, lines=1)} ({reason})")
        notes.append(_t("note.not_placed", lang, items="; ".join(items)))

    x_low, x_high = _quadrant_range(placed["absorption"], abs_line)
    y_low, y_high = _quadrant_range(placed["achievement"], ach_line)
    with _house_style():
        fig, ax = _figure(title, lang, source or _t("source.efficiency", lang), notes)
        ax.set_xlim(x_low, x_high)
        ax.set_ylim(y_low, y_high)
        ax.grid(True, axis="both")
        ax.axvline(abs_line, color=GREY, linestyle=(0, (5, 3)), linewidth=1.8, zorder=2)
        ax.axhline(ach_line, color=GREY, linestyle=(0, (5, 3)), linewidth=1.8, zorder=2)
        blocked: list[Any] = [
            # the vertical line is named above the plot, the horizontal one at its right end
            ax.annotate(_t("threshold", lang, value=fmt_percent(abs_line, 0, lang)), xy=(abs_line, 1),
                        xycoords=("data", "axes fraction"), xytext=(0, 5), textcoords="offset points", ha="center",
                        va="bottom", color=GREY, fontsize=VALUE_LABEL_SIZE),
            ax.annotate(_t("threshold", lang, value=fmt_percent(ach_line, 0, lang)), xy=(1, ach_line),
                        xycoords=("axes fraction", "data"), xytext=(-6, 5), textcoords="offset points", ha="right",
                        va="bottom", color=GREY, fontsize=VALUE_LABEL_SIZE),
        ]
        corners = {"efficient": (0, 1, "left", "top"), "on_track": (1, 1, "right", "top"),
                   "lagging": (0, 0, "left", "bottom"), "costly": (1, 0, "right", "bottom")}
        for quadrant, (cx, cy, ha, va) in corners.items():
            blocked.append(ax.annotate(QUADRANTS[quadrant][lang].upper(), xy=(cx, cy), xycoords="axes fraction",
                                       xytext=(10 if cx == 0 else -10, -10 if cy == 1 else 10),
                                       textcoords="offset points", ha=ha, va=va, fontsize=17, fontweight="bold",
                                       color="#8C8C8C", zorder=1))
        for index, row in placed.iterrows():
            how = basis[index]
            marker = "D" if how == "stated" else "o"
            face = "white" if how == "derived" else BLUE
            ax.scatter([row["absorption"]], [row["achievement"]], s=170, marker=marker, facecolors=face,
                       edgecolors=BLUE, linewidths=2.5, zorder=5)
        names = []
        for index, row in placed.iterrows():
            mark = {"derived": "*", "stated": "†"}.get(basis[index], "")
            names.append(_short_name(row["name"], row["programme"], width=POINT_NAME_WIDTH, lines=3) + mark)
        _place_point_labels(fig, ax, list(placed["absorption"]), list(placed["achievement"]), names, blocked)
        ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.yaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(_t("axis.efficiency_x", lang))
        ax.set_ylabel(_t("axis.efficiency_y", lang))
    return fig


def _place_point_labels(fig: Figure, ax: Axes, xs: list[float], ys: list[float], names: list[str],
                        blocked: list[Text]) -> None:
    """Label each point on the first side (right, left, above, below) where it overlaps nothing drawn so far."""
    candidates = [((12, 0), "left", "center"), ((-12, 0), "right", "center"), ((0, 14), "center", "bottom"),
                  ((0, -14), "center", "top"), ((12, 12), "left", "bottom"), ((12, -12), "left", "top"),
                  ((-12, 12), "right", "bottom"), ((-12, -12), "right", "top")]
    fig.draw_without_rendering()
    frame = ax.get_window_extent()
    taken = [text.get_window_extent().expanded(1.02, 1.1) for text in blocked]
    radius = 11 * fig.dpi / 72
    points = [ax.transData.transform((x, y)) for x, y in zip(xs, ys)]
    from matplotlib.transforms import Bbox
    taken += [Bbox.from_extents(px - radius, py - radius, px + radius, py + radius) for px, py in points]
    order = sorted(range(len(xs)), key=lambda i: -ys[i])
    for i in order:
        best, best_cost = None, None
        for offset, ha, va in candidates:
            text = ax.annotate(names[i], xy=(xs[i], ys[i]), xytext=offset, textcoords="offset points", ha=ha, va=va,
                               fontsize=ANNOTATION_SIZE, color=TEXT, fontweight="bold", parse_math=False, zorder=6,
                               linespacing=1.1, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                                      "edgecolor": "none", "alpha": 0.8})
            box = text.get_window_extent()
            overlap = sum(_overlap(box, other) for other in taken)
            outside = (max(frame.x0 - box.x0, 0) + max(box.x1 - frame.x1, 0)) * box.height + (
                max(frame.y0 - box.y0, 0) + max(box.y1 - frame.y1, 0)) * box.width
            cost = overlap + 4 * outside
            if best_cost is None or cost < best_cost - 1e-9:
                if best is not None:
                    best.remove()
                best, best_cost = text, cost
            else:
                text.remove()
            if cost == 0:
                break
        assert best is not None
        taken.append(best.get_window_extent())


def _overlap(a: Any, b: Any) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


# ---------------------------------------------------------------------------
# audit


AUDIT_COLUMNS: tuple[str, ...] = ("rule", *SEVERITIES)


def audit_chart(audit_summary_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Findings of the document audit per rule, stacked by severity (error, warning, info).

    ``audit_summary_frame`` is :func:`renja_lib.check.audit.summary`'s frame. Rules
    keep its order (by group, as the registry lists them); each bar carries the
    count of each severity and the total. Rules with no finding are left out.

    >>> import renja_lib
    >>> from renja_lib.check import audit
    >>> s = audit.summary(audit.audit(renja_lib.load(), rules=["code_names", "share_above_100"]))
    >>> audit_chart(s, lang="en").get_suptitle()
    'Document audit: 7 findings from 2 rules, 2 errors'
    """
    lang = _check_lang(lang)
    source = _check_source(source)
    data = _checked(audit_summary_frame, "audit_summary_frame", AUDIT_COLUMNS, "audit.summary(audit.audit(doc))")
    for severity in SEVERITIES:
        data[severity] = _numbers(data[severity], "audit_summary_frame", severity).fillna(0)
        if (data[severity] < 0).any() or (data[severity] % 1 != 0).any():
            raise RenjaError(f"audit_summary_frame['{severity}'] must hold counts (whole numbers from 0)")
    data["_total"] = data[list(SEVERITIES)].sum(axis=1)
    data = data[data["_total"] > 0]
    if data.empty:
        raise RenjaError("audit_summary_frame has no findings to draw (every count is 0)")
    total, errors = int(data["_total"].sum()), int(data["error"].sum())
    title = _t("title.audit", lang, total=total, rules=len(data), errors=errors)
    names = [RULE_NAMES[r][lang] if r in RULE_NAMES else str(r) for r in data["rule"]]
    with _house_style():
        fig, ax = _figure(title, lang, source or _t("source.audit", lang), [_t("note.audit", lang)])
        left = np.zeros(len(data))
        positions = np.arange(len(data), dtype=float)
        scale = float(data["_total"].max())
        mixed = (data[list(SEVERITIES)] > 0).sum(axis=1).to_numpy() > 1  # only these bars show their parts
        for severity in SEVERITIES:
            counts = data[severity].to_numpy(float)
            bars = ax.barh(positions, counts, 0.66, left=left, color=SEVERITY_COLOURS[severity],
                           label=_t(f"severity.{severity}", lang), zorder=3)
            ax.bar_label(bars, labels=[f"{int(c)}" if shown and c > 0 and c / scale >= 0.04 else ""
                                       for c, shown in zip(counts, mixed)],
                         label_type="center", fontsize=VALUE_LABEL_SIZE,
                         color="white" if severity == "error" else TEXT)
            left += counts
        texts = [_value_label(ax, f"{int(t)}", t, y, bold=True) for y, t in zip(positions, data["_total"])]
        _bar_rows(ax, names)
        ax.set_xlim(0, scale * 1.02)
        ax.set_xlabel(_t("axis.findings", lang))
        _legend_top(ax, ax.get_legend_handles_labels()[0])
        _fit_texts(fig, ax, texts, verify=False)
        _bounded_ticks(ax, 0, scale, integer=True, texts=texts)
    return fig
