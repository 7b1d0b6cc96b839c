"""The words drawn on charts, in every language of :data:`renja_lib.text.LANGS`.

Two tables of texts, until the one text catalogue replaces them:

- :data:`LABELS` (read from ``data/labels.csv``, filled in with :func:`label`):
  the texts of the labour-indicator charts and of every chart's frame (the
  source footnote, its note);
- :data:`TEXTS` (filled in with :func:`chart_text`) and :data:`RULE_NAMES`:
  the texts of the budget, performance and audit charts.

Templates carry ``{fields}``.
"""
from __future__ import annotations

import csv
import difflib
import string
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..errors import RenjaError
from ..text import LANGS, check_lang

__all__ = ["LABELS", "label", "TEXTS", "RULE_NAMES", "chart_text"]

#: Chart texts in every language of :data:`renja_lib.text.LANGS`.
LABELS_PATH = Path(__file__).resolve().parent.parent / "data" / "labels.csv"

# ---------------------------------------------------------------------------
# labels


def _load_labels(path: Path) -> Mapping[str, Mapping[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader, None)
        expected = ["key", *LANGS]
        if header != expected:
            raise RenjaError(f"expected the header {expected}, found {header}", path=path, line=1)
        labels: dict[str, Mapping[str, str]] = {}
        for line, row in enumerate(reader, start=2):
            if len(row) != len(expected) or not all(cell.strip() for cell in row):
                raise RenjaError(f"expected {len(expected)} non-empty cells {expected}, found {row}",
                                 path=path, line=line)
            if row[0] in labels:
                raise RenjaError(f"key {row[0]!r} is defined twice", path=path, line=line)
            labels[row[0]] = MappingProxyType(dict(zip(LANGS, row[1:])))
    return MappingProxyType(labels)


#: ``LABELS[key][lang]``: every text drawn on a chart, read from ``data/labels.csv``.
#: Some texts are templates with ``{fields}``; fill them with :func:`label`.
LABELS: Mapping[str, Mapping[str, str]] = _load_labels(LABELS_PATH)


def label(key: str, lang: str = "id", **fields: Any) -> str:
    """The chart text ``key`` in ``lang``, with its ``{fields}`` filled in.

    >>> label("kind.actual")
    'Realisasi'
    >>> label("kind.renstra_target", "en")
    'Strategic-plan target'
    >>> label("renstra.label", "id", year=2026, value="5,71%")
    'Target Renstra 2026: 5,71%'
    """
    lang = check_lang(lang)
    if key not in LABELS:
        close = difflib.get_close_matches(str(key), list(LABELS), n=3)
        hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
        raise RenjaError(f"key must be one of the keys in {LABELS_PATH.name}; got {key!r}{hint}")
    template = LABELS[key][lang]
    needed = {name for _, name, _, _ in string.Formatter().parse(template) if name}
    missing = sorted(needed - set(fields))
    if missing:
        raise RenjaError(f"label {key!r} needs the fields {sorted(needed)}; missing {missing}")
    return template.format(**fields)


# ---------------------------------------------------------------------------
# the texts of the budget, performance and audit charts

def _texts(pairs: Mapping[str, tuple[str, str]]) -> Mapping[str, Mapping[str, str]]:
    return MappingProxyType({key: MappingProxyType({"id": id_, "en": en}) for key, (id_, en) in pairs.items()})


#: ``TEXTS[key][lang]``: the texts of the budget, performance and audit charts; templates carry ``{fields}``.
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


def chart_text(key: str, lang: str, **fields: Any) -> str:
    """The text ``key`` of :data:`TEXTS` in ``lang`` (already checked), with its ``{fields}`` filled in.

    >>> chart_text("period.quarter", "en", roman="II", number=2, year=2021)
    'Q2 2021'
    >>> chart_text("axis.budget", "id")
    'Anggaran'
    """
    return TEXTS[key][lang].format(**fields) if fields else TEXTS[key][lang]
