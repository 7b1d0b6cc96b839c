"""Audit: every place where a Renja document disagrees with itself.

:func:`audit` runs a registry of small rules (:data:`RULES`) over a document read
with :func:`renja_lib.load` and returns one row per inconsistency (a *finding*):
which rule, how serious, where (the line, and the other line when two places
disagree), what the document's arithmetic expects, what the document says, and a
sentence for the analyst with both figures written the way the document writes
them (``3.456.509.470``, ``28,50%``). :func:`summary` counts the findings by rule
and severity.

Messages are in Indonesian by default and in English with ``lang="en"``; only the
``message`` column (and :func:`summary`'s ``checks``) changes with the language,
and the numbers quoted stay in the document's Indonesian format in both. Every
text is a template of :data:`MESSAGES`.

Severities
----------
* ``error``: two figures that must be equal are not (a total and its parts, the
  text and a table, a ratio and its terms, a code and its two names). At least one
  of them is wrong; a figure taken from there into a presentation may be wrong.
* ``warning``: a figure that is implausible or cannot be read without guessing (a
  share above 100 %, a target of 0 with a budget, ``3.456.509470``, a name spelled
  two ways), but that contradicts no other figure outright.
* ``info``: a difference that has an innocent explanation and is listed so that no
  reader is left wondering (rounding to thousands, a renamed or dropped code, the
  text calling an achievement "realisasi"), and a rule that could not run or ran
  only in part because the document lacks a table or narrative figures.

Tolerances (the decisions, in one place)
----------------------------------------
* **Ratios recomputed from their terms** (Tabel 2.1 columns 8 = 7/6 and 11 = 10/4,
  achievements and absorption stated in the text, TPAK/TKK/TPT from the counts) may
  differ from the ratio written by up to ``tolerance`` percentage points (default
  :data:`DEFAULT_TOLERANCE`, 1 point): the tables write achievements as whole
  percents and the text truncates (``142,85`` for 142,857).
* **Two stated figures** (the text against a table, the text against itself) agree
  when they are equal, and *agree after rounding* when the more precise one rounded
  to the decimals of the other gives the other (``67,8`` and ``67,78``): an ``info``
  finding for targets and realised values (the document should write one figure one
  way), silence for achievements, which the tables always round to whole percents.
* **Rupiah** must agree to the rupiah. An amount written in thousands (Tabel 2.3,
  "Rp.000") is an amount rounded to the nearest thousand, so it agrees with a
  Tabel 4.1 amount when it is that amount rounded (within 500 rupiah). A sum of *n*
  such amounts may miss the rounded total by up to half a thousand per amount,
  ``500 x (n + 1)`` rupiah: the programme amounts of Tabel 2.3 (four; the fifth is
  ``-``) add up to 4.993.368 against the stated total 4.993.369. Such a gap is within rounding and is reported as ``info``
  (a reviewer re-adding the column sees it; the finding says why it is no error);
  beyond it, ``error``.
* **Identities** of stated figures (TKK + TPT = 100, a stated change between two
  stated rates) hold when they hold within the rounding of the figures as written
  (half a unit of the last decimal of each).

Each finding names its lines; opening the document at ``source_line`` (and
``other_line``) shows both figures. A rule that cannot run because the document
lacks what it needs (a table, or the curated narrative figures of
``<document>.facts.csv``, see :mod:`renja_lib.read.narrative_facts`) gives one ``info`` finding
saying so instead of failing; one that can run only in part says that once too.

Example
-------
>>> import renja_lib
>>> findings = audit(renja_lib.load())
>>> row = findings[findings.rule == "share_magnitude"].iloc[0]
>>> int(row.source_line), row.severity, row.found, row.expected
(368, 'error', '4.244.258,00', '4.244.114.400')
"""
from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from ..parse.codes import parse_code
from ..errors import RenjaError
from ..read.narrative_facts import QUANTITIES, numbers_in
from ..text.formats import LANGS, _check_lang
from ..analyse.labour import indicator_key, indicator_metadata
from ..parse.numbers import NumberParseError, parse_number
from ..analyse.ratings import achievement

__all__ = [
    "DEFAULT_TOLERANCE",
    "FINDING_COLUMNS",
    "GROUPS",
    "LANGS",
    "MESSAGES",
    "RULES",
    "SEVERITIES",
    "Rule",
    "audit",
    "message",
    "rules",
    "summary",
]

#: Default tolerance, in percentage points, for a ratio recomputed from its terms.
DEFAULT_TOLERANCE = 1.0
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
#: The rule groups, in the order of issue 5 (sums, ratios, narrative, amounts, codes, plausibility, across tables).
GROUPS: tuple[str, ...] = ("sums", "ratios", "narrative", "amounts", "codes", "plausibility", "across tables")
#: Columns of the frame :func:`audit` returns.
FINDING_COLUMNS: list[str] = [
    "rule", "group", "severity", "table", "code", "item", "source_line", "other_table", "other_line",
    "expected", "found", "difference", "message",
]
_STR_COLUMNS = ["rule", "group", "severity", "table", "code", "item", "other_table", "expected", "found", "message"]

#: The inputs a rule may need: attribute of the document (None: the narrative figures) and how to name it.
INPUTS: dict[str, tuple[str | None, str]] = {
    "plan": ("plan_budget", "Tabel 4.1 (the plan: programmes, activities, targets and budgets)"),
    "evaluation": ("evaluation", "Tabel 2.1 (evaluation of the previous years)"),
    "service": ("service_indicators", "Tabel 2.2 (service performance: TPT, TPAK, TKK, ...)"),
    "rkpd": ("rkpd_review", "Tabel 2.3 (review of the RKPD first draft)"),
    "facts": (None, "curated narrative figures (a <document>.facts.csv beside the document)"),
}
#: Table kind -> name used when the document does not label it (it always does when the table is there).
_KIND_OF_INPUT = {"plan": "plan", "evaluation": "evaluation", "service": "service_indicators", "rkpd": "rkpd_review"}
_NARRATIVE = "narrative"

#: Tabel 2.1 columns that report a ratio: reported measure, numerator, denominator,
#: whether the denominator is of the same year, and what the header writes.
RATIO_COLUMNS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("achievement_reported", "realization", "target", True, "column 8 = 7/6"),
    ("renstra_achievement_reported", "realization_to_date", "renstra_target", False, "column 11 = 10/4"),
)
#: Tabel 2.1 columns that repeat another (``10 = 9``): measure, the measure it repeats (same year), header.
EQUAL_COLUMNS: tuple[tuple[str, str, str], ...] = (("realization_to_date", "target", "column 10 = 9"),)

#: Narrative rates and the counts they are computed from (subject "city", same year and period).
RATE_COUNTS: dict[str, tuple[str, str]] = {
    "tpak": ("labour_force", "working_age_population"),
    "tkk": ("employed", "labour_force"),
    "tpt": ("unemployed", "labour_force"),
}
#: Facts quantity -> Tabel 2.1 measure it states (whole-year figures of a code).
FACT_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "achievement_stated": "achievement_reported",
}
#: Facts quantity -> Tabel 2.2 measure it states (whole-year figures of an indicator).
SERVICE_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "tpak": "realization",
    "tkk": "realization",
    "tpt": "realization",
}
#: Budget, spending and stated absorption of the same subject: (budget quantity, spending quantity).
SPENDING_PAIRS: tuple[tuple[str, str], ...] = (("budget", "spending"), ("total_budget", "total_spending"))
#: A name that says which level its code must have (checked on every coded row).
LEVEL_NAMES: tuple[tuple[str, re.Pattern], ...] = (
    ("program", re.compile(r"^\s*program\b", re.I)),
    ("bidang", re.compile(r"^\s*urusan\s+pemerintahan\s+bidang\b", re.I)),
    ("urusan", re.compile(r"^\s*urusan\s+pemerintahan\s+(?!bidang\b)", re.I)),
)
#: An indicator whose name says it is a share of something (values above 100 % are implausible).
SHARE_NAME = re.compile(r"^\s*persentase\b", re.I)
#: Two names of one code this similar (difflib ratio of their letters) are one name spelled two ways.
SPELLING_SIMILARITY = 0.9
#: Stated share and recomputed share this many times apart are "orders of magnitude" apart.
MAGNITUDE_FACTOR = 10.0
#: Tabel 2.1 measures that hold stated values (not ratios computed from them).
_STATED_MEASURES = ("target", "realization", "renstra_target", "realization_to_date")
_MEASURE_WORDS = {
    "target": "target", "realization": "realised value", "renstra_target": "Renstra target",
    "realization_to_date": "realisation to date", "achievement_reported": "achievement",
    "renstra_achievement_reported": "Renstra achievement", "projection": "projection",
}
#: The level of the children of a code of each level.
_CHILDREN = {"urusan": "bidang", "bidang": "program", "program": "kegiatan", "kegiatan": "sub_kegiatan"}

# Indonesian numbers in words ("terbilang"), for amounts written out after the numeral.
_WORD_DIGITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9}
_WORD_UNITS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_WORD_SCALES = {"ribu": 10**3, "juta": 10**6, "milyar": 10**9, "miliar": 10**9, "triliun": 10**12}
_AMOUNT_IN_WORDS = re.compile(
    r"Rp\.?\s*(?P<num>\d[\d.]*(?:,\d+)?)\s*\(\s*(?P<words>[A-Za-z][A-Za-z\s]*?)\s+rupiah\s*\)", re.I)


# ====================================================================== messages
def _words(quantity: str) -> str:
    """A facts quantity in English words: ``achievement_stated`` -> ``achievement``."""
    return quantity.removesuffix("_stated").replace("realization", "realisation").replace("_", " ")


#: Every text the audit writes, per language of :data:`LANGS`, keyed by message id.
#: Templates are :meth:`str.format` strings; numbers arrive already written the way
#: the document writes them (they are quotes of it), so both languages show
#: ``3.456.509.470`` and ``28,50%``. A key with ``.zero``/``.one``/``.other``
#: variants is chosen by a count (English inflects, Indonesian does not; a language
#: without the variant uses the plain key); ``join.*`` keys may have ``.pair`` and
#: ``.last`` variants (see :class:`_Join`). Ids: ``<rule>[.<case>]`` for the
#: sentences of the findings, the rest for the words put into them, ``title.<rule>``
#: for :func:`summary` and ``cli.*`` for the ``renja audit`` command. The English
#: words of measures, quantities and inputs come from :data:`_MEASURE_WORDS`, the
#: names of :data:`renja_lib.read.narrative_facts.QUANTITIES` and :data:`INPUTS`; the English rule
#: titles are those of :data:`RULES` (added at the end of the module).
MESSAGES: dict[str, dict[str, str]] = {
    "en": {
        # ------------------------------------------------------------ words
        "stage.draft": "RKPD first draft",
        "stage.needs": "needs analysis",
        "level.urusan": "urusan", "level.bidang": "bidang", "level.program": "program",
        "level.kegiatan": "kegiatan", "level.sub_kegiatan": "sub_kegiatan",
        "n.bidang": "{n} bidang",
        "n.program.one": "{n} programme", "n.program.other": "{n} programmes",
        "n.kegiatan.one": "{n} activity", "n.kegiatan.other": "{n} activities",
        "n.sub_kegiatan.one": "{n} sub-activity", "n.sub_kegiatan.other": "{n} sub-activities",
        "n.child.one": "{n} child", "n.child.other": "{n} children",
        "n.decimal.one": "{n} decimal", "n.decimal.other": "{n} decimals",
        **{f"measure.{m}": w for m, w in _MEASURE_WORDS.items()},
        "measure.budget": "budget",
        **{f"quantity.{q}": _words(q) for q in QUANTITIES},
        **{f"input.{name}": what for name, (_, what) in INPUTS.items()},
        "subject.code": "{code}",
        "owner.code": "{code}",
        "subject.office": "office",
        "subject.city": "city",
        "row.any": "a row",
        "cell.column": "{column}",
        "cell.any": "a cell",
        "codes.none": "none",
        "words.programmes": "programmes",
        "words.activities": "activities",
        "item.year": "{what} {year}",
        "item.stage": "{stage_raw} {what}",
        "when.year": "{year}",
        "describe.year": "budgets for {year}",
        "column": "column {spec}",
        "join.no": " and no ",
        "join.without": " and without ",
        "change.rise": "rise",
        "change.fall": "fall",
        "coverage.dropped": "dropped or renamed for the plan",
        "coverage.new": "new in the plan",
        "coverage.siblings": "; {other} has {siblings} under the same parent",
        "counted.plan": "{table} gives a budget above 0 in {year} to",
        "counted.evaluation": "{table} gives a target for {year} to",
        "factor": "; they are about {factor} times apart, as if a group of digits were missing or extra",
        "verdict.within": ": {diff} apart, within the rounding of {n} amounts written in thousands (up to {bound}), "
                          "so no error.",
        "verdict.apart": ": {diff} apart{factor}.",
        "hint.decimal_mark": "'.' is used as the decimal mark, which Indonesian writes ','",
        "hint.grouping": "its digit grouping is not valid Indonesian grouping (groups of three digits after every '.')",
        # ------------------------------------------------------------ 1. sums
        "parent_sum.no_budget.one": "In {table} ({describe}), {code} states no budget, but its {children} comes to "
                                    "{total}.",
        "parent_sum.no_budget.other": "In {table} ({describe}), {code} states no budget, but its {children} add to "
                                      "{total}.",
        "parent_sum.sum.one": "In {table} ({describe}), the {children} of {code} comes to {amounts}, but its row "
                              "states {said}{unit}{verdict}",
        "parent_sum.sum.other": "In {table} ({describe}), the {children} of {code} add up to {amounts}, but its row "
                                "states {said}{unit}{verdict}",
        "stated_total.plan": "{table} states a total of {stated} for {year}, but its {programmes} add up to {total} "
                             "({diff} apart{factor}).",
        "stated_total.rkpd": "{table} states a total of {stated} ({unit}) for the {stage}, but its {programmes} as "
                             "written add up to {total}{verdict}",
        "stated_total.narrative": "The text states a total budget of {stated} for {year}, but the programmes of "
                                  "{plan} add up to {total}{factor}.",
        "stated_total.count": "The text counts {stated} {words}{under} for {year}, but {how} {count} ({codes}).",
        "stated_total.under": " of {code}",
        # ------------------------------------------------------------ 2. ratios
        "reported_ratio.ratio": "{table} reports {stated} for {code} '{indicator}' ({header}), but {num} / {den} x "
                                "100 = {computed}: {diff} points apart, beyond the tolerance of {tolerance}.",
        "reported_ratio.equal": "{table} gives {stated} as the {what} of {code} for {year}, but the header says "
                                "{header} and that column holds {ref}.",
        "narrative_ratio.achievement": "The text states an achievement of {stated} for {subject} in {year}, but its "
                                       "realised {real} (line {real_line}) against its target {target} (line "
                                       "{target_line}) is {computed}.",
        "narrative_ratio.rate": "The text states {rate} {year} as {stated}, but {num_words} {num} / {den_words} {den} "
                                "x 100 = {computed}.",
        "narrative_ratio.change": "The text states a {change} of {stated} in {key} from {before_year} to {year}, but "
                                  "its own figures go from {before} to {now}, a change of {diff} points.",
        "narrative_ratio.tkk_tpt": "The text gives TKK {tkk} and TPT {tpt} for {year}: they add up to {total}, but "
                                   "TKK = 100 - TPT.",
        # ------------------------------------------------------------ 3. narrative against tables
        "narrative_vs_table.budget": "The text gives {code} a {year} budget of {stated}, but {table} gives "
                                     "{table_value}{factor}.",
        "narrative_vs_table.achievement": "The text states an achievement of {stated} for {code} in {year}; {table} "
                                          "reports {table_value}.",
        "compare.rounded": "The text gives the {year} {what} of {who} as {stated}, {table} as {table_value}: the same "
                           "figure only after rounding to {decimals}.",
        "compare.achievement": "The text's realisation of {stated} for {who} in {year} is the achievement in {table} "
                               "({how}), not its realised value {table_value}: the text calls the achievement "
                               "'realisasi'.",
        "compare.differ": "The text gives the {year} {what} of {who} as {stated}, but {table} gives {table_value}.",
        "narrative_repeat.differ": "The text states the {what} of {subject} for {year} as {stated} here and as "
                                   "{first} at line {first_line}.",
        "narrative_repeat.rounded": "The text states the {what} of {subject} for {year} as {stated} here and as "
                                    "{first} at line {first_line} (the same figure only after rounding).",
        # ------------------------------------------------------------ 4. amounts
        "spending_share": "The text states spending of {spent} as {share} of the budget of {budget}, but it is "
                          "{computed} of it.",
        "share_magnitude": "The text states spending of {spent} and says it is {share} of the budget of {budget}; "
                           "that share would be about {implied}, {factor} times the amount written (which is "
                           "{computed} of the budget): the amount cannot be that share.",
        "number_format.text": "The text writes {token} ({what} of {subject}, {year}): {hint}, so the figure cannot be "
                              "read without guessing.",
        "number_format.cell": "{table} writes {raw} in {where}: its digit grouping is not valid Indonesian grouping, "
                              "so the cell was left empty.",
        "amount_in_words": "Rp. {figure} is written in words as '{words} rupiah', which is {amount}: the figures and "
                           "the words disagree{factor}.",
        # ------------------------------------------------------------ 5. codes and names
        "code_names.spelling": "{table} spells the name of {code} two ways: '{name}' here and '{other}' at line "
                               "{other_line}.",
        "code_names.different": "{table} uses code {code} (written '{raw}') for '{name}' here and for '{other}' at "
                                "line {other_line}: one code, two different names.",
        "code_level.level": "{table} names {code} '{name}', a {said} name, but the code has {parts} parts: a {level} "
                            "code.",
        "code_level.programme": "{table} gives the programme code {code} the name '{name}', which does not say "
                                "'Program'.",
        "name_codes": "{table} gives '{name}' the code {code} here and {other} at line {other_line}.",
        "code_coverage": "{code} '{name}' is in {table} but not in {other}: {what}{hint}.",
        "names_across.tables": "{plan} names {code} '{name}'; {table} names it '{other}' (line {other_line}).",
        "names_across.half": "{table} ({stage}) names a row '{name}', a name {plan} does not use; the other half of "
                             "the row is {code}, which {plan} names '{other}'.",
        "names_across.half_unnamed": "{table} ({stage}) names a row '{name}', a name {plan} does not use; the other "
                                     "half of the row is {code}.",
        "names_across.no_code": "{table} ({stage}) names a row '{name}', a name {plan} does not use, so the row has "
                                "no code.",
        # ------------------------------------------------------------ 6. implausible values
        "share_above_100": "'{indicator}' is a share, yet {table} gives its {item} as {stated}, above 100%.",
        "negative_value.value": "{table} gives '{indicator}' a {item} of {stated}: it cannot be negative.",
        "negative_value.budget": "{table} gives {who} a {item} of {stated}: a budget cannot be negative.",
        "negative_value.text": "The text states the {what} of {subject} as {stated}: it cannot be negative.",
        "target_budget.none": "{table} gives {who} a budget of {budget} ({when}) but no target.",
        "target_budget.zero": "{table} gives {who} a budget of {budget} ({when}) for a target of {written}.",
        # ------------------------------------------------------------ 7. across tables
        "needs_vs_plan.budget": "{table} gives {code} a need of {stated} ({unit}), i.e. {amount}, but {plan} plans "
                                "{planned} for {year}{factor}.",
        "needs_vs_plan.no_budget": "{table} gives {code} a need of {stated} ({unit}), i.e. {amount}, but {plan} "
                                   "plans no budget for {year}.",
        "needs_vs_plan.target": "{table} gives {code} '{indicator}' a target of {stated}, but {plan} plans {planned} "
                                "for {year}.",
        "service_vs_narrative.tkk_tpt": "{table} gives TKK {tkk} and TPT {tpt} as the {what} for {year}: they add up "
                                        "to {total}, but TKK = 100 - TPT.",
        # ------------------------------------------------------------ rules that cannot run
        "not_run": "Rule {rule} could not run: the document has no {missing}.",
        "partly_run": "Rule {rule} ran without {missing}, which the document lacks: the checks that need it were "
                      "skipped.",
        # ------------------------------------------------------------ summary and command
        **{f"group.{g}": g for g in GROUPS},
        **{f"severity.{s}": s for s in SEVERITIES},
        "table.narrative": "narrative",
        "table.document": "document",
        "cli.header.one": "{source}: {total} finding(s): {error} error, {warning} warning, {info} info (tolerance for "
                          "ratios: {tolerance} percentage point)",
        "cli.header.other": "{source}: {total} finding(s): {error} error, {warning} warning, {info} info (tolerance "
                            "for ratios: {tolerance} percentage points)",
        "cli.rule": "{rule} ({group}): {counts}",
        "cli.count": "{n} {severity}",
        "cli.finding": "  [{severity}] {where}: {message}",
        "cli.more": "  ... and {n} more in findings.csv",
        "cli.wrote": "wrote {target}",
        "cli.strict": "--strict: exiting with status 1 because of the {n} error(s) above",
    },
    "id": {
        # ------------------------------------------------------------ kata
        "stage.draft": "Rancangan Awal RKPD",
        "stage.needs": "Hasil Analisis Kebutuhan",
        "level.urusan": "urusan", "level.bidang": "bidang urusan", "level.program": "program",
        "level.kegiatan": "kegiatan", "level.sub_kegiatan": "sub kegiatan",
        "n.bidang": "{n} bidang urusan",
        "n.program": "{n} program",
        "n.kegiatan": "{n} kegiatan",
        "n.sub_kegiatan": "{n} sub kegiatan",
        "n.child": "{n} baris turunan",
        "n.decimal": "{n} angka desimal",
        "n.decimal.zero": "bilangan bulat",
        "measure.target": "target",
        "measure.realization": "realisasi",
        "measure.renstra_target": "target Renstra",
        "measure.realization_to_date": "realisasi s/d tahun berjalan",
        "measure.achievement_reported": "capaian",
        "measure.renstra_achievement_reported": "capaian target Renstra",
        "measure.projection": "proyeksi",
        "measure.budget": "pagu",
        "quantity.working_age_population": "jumlah penduduk usia kerja",
        "quantity.labour_force": "jumlah angkatan kerja",
        "quantity.employed": "jumlah penduduk bekerja",
        "quantity.unemployed": "jumlah pengangguran",
        "quantity.tpak": "TPAK",
        "quantity.tkk": "TKK",
        "quantity.tpt": "TPT",
        "quantity.increase_stated": "kenaikan",
        "quantity.decrease_stated": "penurunan",
        "quantity.target_stated": "target",
        "quantity.realization_stated": "realisasi",
        "quantity.achievement_stated": "capaian",
        "quantity.budget": "pagu anggaran",
        "quantity.spending": "realisasi anggaran",
        "quantity.absorption_stated": "penyerapan anggaran",
        "quantity.total_budget": "total pagu anggaran",
        "quantity.total_spending": "total realisasi anggaran",
        "quantity.programme_count": "jumlah program",
        "quantity.activity_count": "jumlah kegiatan",
        "quantity.trainees": "jumlah peserta pelatihan",
        "quantity.apprentices": "jumlah peserta pemagangan",
        "quantity.trainees_employed": "jumlah peserta pelatihan yang mendapatkan pekerjaan",
        "quantity.trainee_target": "target peserta pelatihan",
        "quantity.jobseekers_registered": "jumlah pencari kerja terdaftar",
        "quantity.jobseekers_placed": "jumlah pencari kerja yang ditempatkan",
        "quantity.jobseekers_informed": "jumlah pencari kerja yang mendapatkan informasi kerja",
        "quantity.job_guidance_participants": "jumlah peserta sosialisasi bimbingan jabatan",
        "quantity.labour_intensive_workers": "jumlah pekerja padat karya",
        "quantity.other_jobseekers_informed": "jumlah pencari kerja lain yang mendapatkan informasi kerja",
        "quantity.companies_obliged_to_report": "jumlah perusahaan wajib lapor",
        "quantity.companies_with_ir_facility": "jumlah perusahaan yang menerapkan sarana hubungan industrial",
        "quantity.companies_paying_minimum_wage": "jumlah perusahaan yang menerapkan UMK",
        "quantity.disputes_registered": "jumlah kasus perselisihan hubungan industrial yang tercatat",
        "quantity.disputes_facilitated": "jumlah kasus perselisihan yang difasilitasi penyelesaiannya",
        "input.plan": "Tabel 4.1 (rencana program, kegiatan, target, dan pagu)",
        "input.evaluation": "Tabel 2.1 (evaluasi pelaksanaan Renja tahun-tahun sebelumnya)",
        "input.service": "Tabel 2.2 (kinerja pelayanan: TPT, TPAK, TKK, ...)",
        "input.rkpd": "Tabel 2.3 (review terhadap Rancangan Awal RKPD)",
        "input.facts": "angka narasi yang dikurasi (berkas <dokumen>.facts.csv di samping dokumen)",
        "subject.code": "{level} {code}",
        "owner.code": "pada {level} {code}",
        "subject.office": "perangkat daerah",
        "subject.city": "kota",
        "row.any": "sebuah baris",
        "cell.column": "kolom {column}",
        "cell.any": "sebuah sel",
        "codes.none": "tidak ada",
        "words.programmes": "program",
        "words.activities": "kegiatan",
        "item.year": "{what} tahun {year}",
        "item.stage": "{what} {stage}",
        "when.year": "tahun {year}",
        "describe.year": "pagu tahun {year}",
        "column": "kolom {spec}",
        "join.no": ", ",
        "join.no.pair": " maupun ",
        "join.no.last": ", maupun ",
        "join.without": ", ",
        "join.without.pair": " dan ",
        "join.without.last": ", dan ",
        "change.rise": "kenaikan",
        "change.fall": "penurunan",
        "coverage.dropped": "dihapus atau diganti namanya dalam rencana",
        "coverage.new": "baru dalam rencana",
        "coverage.siblings": "; {other} memuat {siblings} di bawah induk yang sama",
        "counted.plan": "{table} memberi pagu di atas 0 pada tahun {year} kepada",
        "counted.evaluation": "{table} memuat target tahun {year} untuk",
        "factor": "; keduanya berbeda sekitar {factor} kali lipat, seolah-olah ada kelompok digit yang hilang atau "
                  "berlebih",
        "verdict.within": ": selisih {diff}, masih dalam batas pembulatan {n} angka yang ditulis dalam ribuan "
                          "(selisih paling besar {bound}), jadi bukan kesalahan.",
        "verdict.apart": ": selisih {diff}{factor}.",
        "hint.decimal_mark": "tanda '.' dipakai sebagai pemisah desimal, padahal penulisan angka Indonesia memakai ','",
        "hint.grouping": "pengelompokan digitnya tidak sesuai kaidah penulisan angka Indonesia (setiap '.' harus "
                         "diikuti tepat tiga digit)",
        # ------------------------------------------------------------ 1. penjumlahan
        "parent_sum.no_budget": "Pada {table} ({describe}), {code} tidak mencantumkan pagu, padahal jumlah pagu "
                                "{children} di bawahnya {total}.",
        "parent_sum.sum": "Pada {table} ({describe}), jumlah pagu {children} di bawah {code} adalah {amounts}, "
                          "sedangkan barisnya sendiri mencantumkan {said}{unit}{verdict}",
        "stated_total.plan": "{table} mencantumkan total {stated} untuk tahun {year}, sedangkan jumlah pagu "
                             "{programmes} di dalamnya adalah {total} (selisih {diff}{factor}).",
        "stated_total.rkpd": "{table} mencantumkan total {stated} ({unit}) untuk {stage}, sedangkan jumlah pagu "
                             "{programmes} sebagaimana tertulis adalah {total}{verdict}",
        "stated_total.narrative": "Narasi menyebut total pagu anggaran {stated} untuk tahun {year}, sedangkan jumlah "
                                  "pagu program di {plan} adalah {total}{factor}.",
        "stated_total.count": "Narasi menyebut {stated} {words}{under} untuk tahun {year}, sedangkan {how} {count} "
                              "{words} ({codes}).",
        "stated_total.under": " di bawah {code}",
        # ------------------------------------------------------------ 2. rasio
        "reported_ratio.ratio": "{table} mencantumkan {stated} untuk indikator '{indicator}' dari {code} ({header}), "
                                "padahal {num} / {den} x 100 = {computed}: selisih {diff} poin, melebihi toleransi "
                                "{tolerance} poin.",
        "reported_ratio.equal": "{table} mencantumkan {stated} sebagai {what} {code} tahun {year}, padahal judul "
                                "kolom menetapkan {header} dan kolom acuannya berisi {ref}.",
        "narrative_ratio.achievement": "Narasi menyebut capaian {subject} tahun {year} sebesar {stated}, padahal "
                                       "realisasi {real} (baris {real_line}) terhadap target {target} (baris "
                                       "{target_line}) menghasilkan {computed}.",
        "narrative_ratio.rate": "Narasi menyebut {rate} tahun {year} sebesar {stated}, padahal {num_words} {num} / "
                                "{den_words} {den} x 100 = {computed}.",
        "narrative_ratio.change": "Narasi menyebut {change} {key} sebesar {stated} dari tahun {before_year} ke tahun "
                                  "{year}, padahal menurut angka narasi sendiri {key} berubah dari {before} menjadi "
                                  "{now}, yaitu {diff} poin.",
        "narrative_ratio.tkk_tpt": "Narasi menyebut TKK {tkk} dan TPT {tpt} untuk tahun {year}: jumlah keduanya "
                                   "{total}, padahal TKK = 100 - TPT.",
        # ------------------------------------------------------------ 3. narasi dan tabel
        "narrative_vs_table.budget": "Narasi menyebut pagu {code} tahun {year} sebesar {stated}, sedangkan {table} "
                                     "mencantumkan {table_value}{factor}.",
        "narrative_vs_table.achievement": "Narasi menyebut capaian {code} tahun {year} sebesar {stated}, sedangkan "
                                          "{table} mencantumkan {table_value}.",
        "compare.rounded": "Narasi menyebut {what} {who} tahun {year} sebesar {stated}, sedangkan {table} "
                           "mencantumkan {table_value}: angkanya baru sama setelah dibulatkan ke {decimals}.",
        "compare.achievement": "Angka realisasi {stated} untuk {who} tahun {year} dalam narasi sebenarnya adalah "
                               "capaian menurut {table} ({how}), bukan nilai realisasinya ({table_value}): narasi "
                               "menyebut capaian sebagai 'realisasi'.",
        "compare.differ": "Narasi menyebut {what} {who} tahun {year} sebesar {stated}, sedangkan {table} "
                          "mencantumkan {table_value}.",
        "narrative_repeat.differ": "Narasi menyebut {what} {subject} tahun {year} sebesar {stated} di sini, tetapi "
                                   "{first} pada baris {first_line}.",
        "narrative_repeat.rounded": "Narasi menyebut {what} {subject} tahun {year} sebesar {stated} di sini dan "
                                    "{first} pada baris {first_line} (angkanya baru sama setelah dibulatkan).",
        # ------------------------------------------------------------ 4. nilai uang dan penulisan angka
        "spending_share": "Narasi menyebut realisasi anggaran {spent} sebagai {share} dari pagu {budget}, padahal "
                          "angka itu {computed} dari pagu.",
        "share_magnitude": "Narasi menyebut realisasi anggaran {spent} dan menyatakannya sebesar {share} dari pagu "
                           "{budget}; persentase itu berarti sekitar {implied}, yaitu {factor} kali angka yang "
                           "tertulis (angka yang tertulis itu {computed} dari pagu): angka realisasi tersebut tidak "
                           "mungkin sebesar persentase itu.",
        "number_format.text": "Narasi menulis {token} ({what} {subject}, tahun {year}): {hint}, sehingga angka ini "
                              "tidak dapat dibaca tanpa menebak.",
        "number_format.cell": "{table} menulis {raw} pada {where}: pengelompokan digitnya tidak sesuai kaidah "
                              "penulisan angka Indonesia, sehingga sel ini dibiarkan kosong.",
        "amount_in_words": "Rp. {figure} ditulis dengan huruf '{words} rupiah', yang berarti {amount}: angka dan "
                           "terbilangnya tidak sama{factor}.",
        # ------------------------------------------------------------ 5. kode dan nama
        "code_names.spelling": "{table} menulis nama kode {code} dengan dua ejaan: '{name}' di sini dan '{other}' "
                               "pada baris {other_line}.",
        "code_names.different": "{table} memakai kode {code} (tertulis '{raw}') untuk '{name}' di sini dan untuk "
                                "'{other}' pada baris {other_line}: satu kode dengan dua nama yang berbeda.",
        "code_level.level": "{table} memberi kode {code} nama '{name}', yaitu nama {said}, padahal kode itu terdiri "
                            "atas {parts} bagian: kode {level}.",
        "code_level.programme": "{table} memberi kode program {code} nama '{name}', yang tidak diawali kata "
                                "'Program'.",
        "name_codes": "{table} memberi '{name}' kode {code} di sini, tetapi kode {other} pada baris {other_line}.",
        "code_coverage": "Kode {code} '{name}' ada di {table} tetapi tidak ada di {other}: {what}{hint}.",
        "names_across.tables": "{plan} menamai {code} '{name}', sedangkan {table} menamainya '{other}' (baris "
                               "{other_line}).",
        "names_across.half": "{table} ({stage}) menamai sebuah baris '{name}', nama yang tidak dipakai di {plan}; "
                             "bagian lain baris itu adalah {code}, yang di {plan} bernama '{other}'.",
        "names_across.half_unnamed": "{table} ({stage}) menamai sebuah baris '{name}', nama yang tidak dipakai di "
                                     "{plan}; bagian lain baris itu adalah {code}.",
        "names_across.no_code": "{table} ({stage}) menamai sebuah baris '{name}', nama yang tidak dipakai di {plan}, "
                                "sehingga baris itu tidak mendapat kode.",
        # ------------------------------------------------------------ 6. kewajaran nilai
        "share_above_100": "'{indicator}' adalah persentase, tetapi {table} mencantumkan {item} sebesar {stated}, "
                           "melebihi 100%.",
        "negative_value.value": "{table} mencantumkan {item} '{indicator}' sebesar {stated}: nilai ini tidak mungkin "
                                "negatif.",
        "negative_value.budget": "{table} mencantumkan {item} sebesar {stated} untuk {who}: pagu tidak mungkin "
                                 "negatif.",
        "negative_value.text": "Narasi menyebut {what} {subject} sebesar {stated}: nilai ini tidak mungkin negatif.",
        "target_budget.none": "{table} mencantumkan pagu {budget} ({when}) untuk {who}, tetapi tanpa target.",
        "target_budget.zero": "{table} mencantumkan pagu {budget} ({when}) untuk {who} dengan target {written}.",
        # ------------------------------------------------------------ 7. antartabel
        "needs_vs_plan.budget": "{table} mencantumkan kebutuhan dana {stated} ({unit}), yaitu {amount}, untuk "
                                "{code}, sedangkan {plan} merencanakan pagu {planned} untuk tahun {year}{factor}.",
        "needs_vs_plan.no_budget": "{table} mencantumkan kebutuhan dana {stated} ({unit}), yaitu {amount}, untuk "
                                   "{code}, sedangkan {plan} tidak merencanakan pagu untuk tahun {year}.",
        "needs_vs_plan.target": "{table} mencantumkan target {stated} untuk indikator '{indicator}' dari {code}, "
                                "sedangkan {plan} merencanakan {planned} untuk tahun {year}.",
        "service_vs_narrative.tkk_tpt": "{table} mencantumkan TKK {tkk} dan TPT {tpt} sebagai {what} tahun {year}: "
                                        "jumlah keduanya {total}, padahal TKK = 100 - TPT.",
        # ------------------------------------------------------------ aturan yang tidak dapat dijalankan
        "not_run": "Aturan {rule} tidak dapat dijalankan: dokumen tidak memuat {missing}.",
        "partly_run": "Aturan {rule} dijalankan tanpa {missing} karena dokumen tidak memuatnya; pemeriksaan yang "
                      "memerlukannya dilewati.",
        # ------------------------------------------------------------ ringkasan dan perintah
        "group.sums": "penjumlahan",
        "group.ratios": "rasio",
        "group.narrative": "narasi",
        "group.amounts": "nilai uang dan penulisan angka",
        "group.codes": "kode dan nama",
        "group.plausibility": "kewajaran nilai",
        "group.across tables": "antartabel",
        "severity.error": "kesalahan",
        "severity.warning": "peringatan",
        "severity.info": "info",
        "table.narrative": "narasi",
        "table.document": "dokumen",
        "cli.header": "{source}: {total} temuan: {error} kesalahan, {warning} peringatan, {info} info (toleransi "
                      "rasio: {tolerance} persen poin)",
        "cli.rule": "{rule} ({group}): {counts}",
        "cli.count": "{n} {severity}",
        "cli.finding": "  [{severity}] {where}: {message}",
        "cli.more": "  ... dan {n} temuan lain di findings.csv",
        "cli.wrote": "hasil ditulis ke {target}",
        "cli.strict": "--strict: keluar dengan status 1 karena ada {n} kesalahan di atas",
        "title.parent_sum": "pagu setiap induk sama dengan jumlah pagu turunannya (Tabel 4.1 per tahun, Tabel 2.3 "
                            "per tahap)",
        "title.stated_total": "total yang dicantumkan dokumen (baris total tabel, total dan jumlah dalam narasi) sama "
                              "dengan hasil penjumlahan",
        "title.reported_ratio": "capaian yang dilaporkan Tabel 2.1 (kolom 8 = 7/6, 11 = 10/4, 10 = 9) dibandingkan "
                                "dengan hasil hitung ulang dari kolom-kolomnya",
        "title.narrative_ratio": "angka yang diturunkan narasi dari angkanya sendiri: capaian dari target dan "
                                 "realisasi, TPAK/TKK/TPT dari jumlah penduduk, perubahan yang disebutkan, "
                                 "TKK + TPT = 100",
        "title.narrative_vs_table": "setiap angka narasi untuk suatu kode (target, realisasi, capaian, pagu) sesuai "
                                    "dengan tabel yang memuatnya",
        "title.narrative_repeat": "angka yang disebut dua kali dalam narasi (besaran, subjek, tahun, dan periode "
                                  "yang sama) bernilai sama",
        "title.spending_share": "realisasi anggaran sama dengan persentase pagu yang disebutkan narasi",
        "title.share_magnitude": "realisasi anggaran yang tidak mungkin sebesar persentase pagu yang disebutkan: "
                                 "berbeda berlipat-lipat",
        "title.number_format": "setiap angka ditulis dalam format Indonesia yang benar (pengelompokan digit, koma "
                               "desimal)",
        "title.amount_in_words": "nilai yang ditulis dengan angka dan dengan huruf (terbilang) sama",
        "title.code_names": "satu kode memiliki satu nama dalam satu tabel",
        "title.code_level": "tingkat kode sesuai dengan namanya ('Program ...' adalah program)",
        "title.name_codes": "satu nama memiliki satu kode dalam satu tabel (kegiatan dan sub kegiatannya boleh "
                            "bernama sama)",
        "title.code_coverage": "kode Tabel 2.1 yang tidak ada di Tabel 4.1, dan sebaliknya (dihapus, diganti namanya, "
                               "atau baru)",
        "title.names_across": "satu kode bernama sama di setiap tabel (Tabel 2.1, Tabel 4.1, Tabel 2.3)",
        "title.share_above_100": "indikator yang berupa persentase tidak melebihi 100 %",
        "title.negative_value": "tidak ada jumlah, target, persentase, atau pagu yang negatif",
        "title.target_budget": "pagu di atas 0 disertai target di atas 0 (tidak ada pagu untuk target 0, tidak ada "
                               "pagu tanpa target)",
        "title.needs_vs_plan": "pagu dan target Hasil Analisis Kebutuhan di Tabel 2.3 sama dengan Tabel 4.1 untuk "
                               "tahun rencana (nilai dalam ribuan: dibulatkan)",
        "title.service_vs_narrative": "Tabel 2.2 sesuai dengan TPT, TPAK, TKK (dan indikator lainnya) dalam narasi; "
                                      "TKK + TPT = 100 di Tabel 2.2",
    },
}


class _Text:
    """A text not yet written: a message id of :data:`MESSAGES` and its parameters.

    The rules build their messages as ``_Text`` so that what they check does not
    depend on the language; :func:`audit` writes them in the language asked for. A
    parameter may itself be a ``_Text`` (or a :class:`_Join` of them). With
    ``count``, the variant ``<key>.zero`` (count 0), ``<key>.one`` (count 1) or
    ``<key>.other`` is used when the language has it, else ``<key>``; ``count`` is
    also the parameter ``n``.
    """

    __slots__ = ("key", "count", "params")

    def __init__(self, key: str, count: float | None = None, /, **params: Any):
        self.key, self.count, self.params = key, count, params
        if count is not None:
            params.setdefault("n", count)

    def template(self, lang: str) -> str:
        table = MESSAGES[lang]
        forms = [] if self.count is None else \
            (["zero"] if self.count == 0 else []) + (["one"] if self.count == 1 else []) + ["other"]
        for form in forms:
            if f"{self.key}.{form}" in table:
                return table[f"{self.key}.{form}"]
        return table[self.key]

    def render(self, lang: str) -> str:
        return self.template(lang).format(**{k: _render(v, lang) for k, v in self.params.items()})

    def __repr__(self) -> str:
        return f"_Text({self.key!r}, {self.params!r})"


@dataclass(frozen=True)
class _Join:
    """Texts joined by the separators of message ``sep``: ``<sep>.pair`` between two
    items, ``<sep>.last`` before the last of three or more, ``<sep>`` otherwise (each
    variant falls back to ``<sep>``): ``A and no B and no C``, ``A, B, maupun C``.
    """

    sep: str
    items: tuple


def _render(value: Any, lang: str) -> str:
    if isinstance(value, _Text):
        return value.render(lang)
    if isinstance(value, _Join):
        table, items = MESSAGES[lang], [_render(v, lang) for v in value.items]
        if len(items) < 2:
            return "".join(items)
        last = table.get(f"{value.sep}.{'pair' if len(items) == 2 else 'last'}", table[value.sep])
        return table[value.sep].join(items[:-1]) + last + items[-1]
    return str(value)


def message(key: str, lang: str = "id", /, count: float | None = None, **params: Any) -> str:
    """The text of message ``key`` of :data:`MESSAGES` in ``lang``, with ``params`` put in.

    >>> message("severity.error"), message("severity.error", "en")
    ('kesalahan', 'error')
    >>> message("n.kegiatan", "en", count=2), message("n.kegiatan", count=2)
    ('2 activities', '2 kegiatan')
    """
    return _Text(key, count, **params).render(_check_lang(lang))


def _code(code: Any) -> Any:
    """A code as the subject of a sentence: ``2.07.01`` (English), ``program 2.07.01`` (Indonesian)."""
    parsed = parse_code(code) if isinstance(code, str) else None
    if parsed is None:
        return code if isinstance(code, str) else _Text("row.any")
    return _Text("subject.code", code=code, level=_Text(f"level.{parsed.level}"))


def _subject(subject: str, owner: bool = False) -> Any:
    """A facts subject as written in a sentence: a code, the office, the city or an indicator name.

    ``owner``: the subject follows the name of a quantity (``pada program 2.07.03`` in Indonesian).
    """
    if subject in ("office", "city"):
        return _Text(f"subject.{subject}")
    if not _subject_code(subject):
        return subject
    code = _code(subject)
    return _Text("owner.code", **code.params) if owner else code


# ====================================================================== the registry
@dataclass(frozen=True)
class Rule:
    """One check: its name, group, one-line description and what it needs.

    ``needs`` must all be present for the rule to run; ``uses`` are optional: a
    rule with ``uses`` and no ``needs`` runs when at least one of them is present,
    or always when it is ``standalone`` (part of it needs nothing but the text).
    Missing inputs are reported once as an ``info`` finding of the rule.
    """

    name: str
    group: str
    title: str
    needs: tuple[str, ...]
    uses: tuple[str, ...]
    check: Callable[["_Context"], Iterable[dict]]
    standalone: bool = False


#: Every rule, in the order they run and are reported.
RULES: dict[str, Rule] = {}


def _rule(name: str, group: str, title: str, *, needs: Sequence[str] = (), uses: Sequence[str] = (),
          standalone: bool = False):
    assert group in GROUPS, group
    assert set(needs) | set(uses) <= set(INPUTS), (needs, uses)

    def register(fn: Callable[["_Context"], Iterable[dict]]):
        RULES[name] = Rule(name, group, title, tuple(needs), tuple(uses), fn, standalone)
        return fn

    return register


# ====================================================================== formatting
def _dec(x: Any) -> Decimal:
    return Decimal(str(float(x))) if not isinstance(x, Decimal) else x


def _round(x: float, decimals: int) -> Decimal:
    return _dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _num(x: Any, decimals: int | None = None) -> str:
    """A number as the document writes it: ``3.456.509.470``, ``28,5``; ``decimals`` fixes the decimals.

    Rounding is half up (Babel alone would round half to even).
    """
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "-"
    if decimals is None:
        q = _round(x, 2)
        pattern = "#,##0.##"
    else:
        q = _round(x, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(q, format=pattern, locale="id")


def _pct(x: Any, decimals: int | None = 2) -> str:
    return f"{_num(x, decimals)}%"


def _rp(x: Any) -> str:
    return f"Rp {_num(x, 0)}"


def _factor_note(a: float, b: float) -> _Text | str:
    """'; they are about 1.000 times apart ...' when two amounts are a power of ten apart, else ''."""
    if not a or not b or a <= 0 or b <= 0:
        return ""
    ratio = max(a, b) / min(a, b)
    power = round(math.log10(ratio))
    if power >= 1 and abs(ratio / 10**power - 1) < 0.05:
        return _Text("factor", factor=_num(10**power, 0))
    return ""


# ====================================================================== numbers as written
_FIRST_NUMBER = re.compile(r"[-+]?\d[\d.]*(?:,(\d+))?")


def _decimals(raw: str | None) -> int:
    """Decimals of the first number written in ``raw`` (``16,10 %`` -> 2, ``90 %`` -> 0)."""
    m = _FIRST_NUMBER.search(raw or "")
    return len(m.group(1)) if m and m.group(1) else 0


def _token(quote: str, value: float) -> str | None:
    """The number in a quote that states ``value``, as written."""
    for token, _, _ in numbers_in(quote):
        try:
            if abs(float(parse_number(token)) - value) < 1e-9:
                return token
        except NumberParseError:
            continue
    return None


def _agreement(a: float, a_dec: int, b: float, b_dec: int) -> str:
    """``equal``, ``rounded`` (equal once the more precise is rounded to the other's decimals) or ``differ``."""
    if abs(a - b) < 1e-9:
        return "equal"
    d = min(a_dec, b_dec)
    return "rounded" if _round(a, d) == _round(b, d) else "differ"


def _half_unit(decimals: int) -> float:
    return 0.5 * 10 ** (-decimals)


def _words_to_int(words: str) -> int | None:
    """An amount written in Indonesian words; None when a word is not a number word.

    >>> _words_to_int("dua ratus delapan juta lima ratus sembilan puluh enam ribu delapan ratus sepuluh")
    208596810
    """
    total = group = last = 0
    for w in words.lower().split():
        if w in _WORD_DIGITS:
            last = _WORD_DIGITS[w]
            group += last
        elif w in _WORD_UNITS:
            group += _WORD_UNITS[w]
            last = 0
        elif w == "belas":        # dua belas = 2 + 10
            group += 10
            last = 0
        elif w == "puluh":        # dua puluh = 2 x 10
            group += last * 9
            last = 0
        elif w == "ratus":        # dua ratus = 2 x 100
            group += last * 99
            last = 0
        elif w == "seribu":
            total += 1000
            last = 0
        elif w in _WORD_SCALES:
            if group == 0:
                return None
            total += group * _WORD_SCALES[w]
            group = last = 0
        else:
            return None
    return total + group


# ====================================================================== context
class _Context:
    """The document and what the rules share: labels, linked rows, facts, tolerance."""

    def __init__(self, doc: Any, tolerance: float):
        self.doc = doc
        self.tolerance = tolerance
        self.labels = {s.kind: s.label for s in getattr(doc, "spans", []) if s.kind}

    # ---------------------------------------------------------------- inputs
    def has(self, name: str) -> bool:
        attr, _ = INPUTS[name]
        if attr is None:
            return len(self.facts) > 0
        return attr in self.doc.tables

    def label(self, name: str) -> str:
        kind = _KIND_OF_INPUT[name]
        return self.labels.get(kind, INPUTS[name][1].split(" (")[0])

    @cached_property
    def facts(self) -> pd.DataFrame:
        return self.doc.facts

    def line(self, n: int) -> str:
        return self.doc.source.line(int(n))

    # ---------------------------------------------------------------- derived tables
    @cached_property
    def plan_years(self) -> list[int]:
        if not self.has("plan"):
            return []
        return sorted(int(y) for y in self.doc.plan_budget["year"].dropna().unique())

    @cached_property
    def rkpd(self) -> pd.DataFrame:
        """Tabel 2.3 rows that start a programme, activity or sub-activity (no continuation rows).

        A row whose name matches no Tabel 4.1 name in one stage takes the code the
        other stage of the same line was linked to (``code_from`` says which); a
        row whose first cell holds a number starts a programme (``programme_row``).
        """
        r = self.doc.rkpd_review
        r = r[~r["continuation"].astype(bool)].copy()
        by_line = r.dropna(subset=["code"]).groupby("source_line")["code"].first()
        r["code_from"] = np.where(r["code"].notna(), "name", None)
        fill = r["code"].isna() & r["source_line"].isin(by_line.index)
        r.loc[fill, "code"] = r.loc[fill, "source_line"].map(by_line)
        r.loc[fill, "code_from"] = "same line"
        r["parent"] = r["code"].map(lambda c: parse_code(c).parent if isinstance(c, str) and parse_code(c) else None)
        r["programme_row"] = r["source_line"].map(lambda n: bool(self.line(n).split("\t")[0].strip()))
        unit = r["budget_unit"].fillna("Rp").astype(str)
        r["multiplier"] = unit.map(lambda u: 10 ** len(max(re.findall(r"0+", u) or [""], key=len)))
        return r

    def stage_words(self, stage: str) -> _Text | str:
        return _Text(f"stage.{stage}") if f"stage.{stage}" in MESSAGES["en"] else stage

    # ---------------------------------------------------------------- narrative figures, as records
    @cached_property
    def fact_rows(self) -> list[dict]:
        return self.facts.to_dict("records")

    def stated(self, **match: Any) -> list[dict]:
        """Narrative figures with a readable value whose fields equal ``match``."""
        return [f for f in self.fact_rows
                if not _missing(f["value"]) and all(f[k] == v for k, v in match.items())]

    @cached_property
    def eval_rows(self) -> dict[tuple, list[dict]]:
        """Tabel 2.1 values (not missing) by (code, measure, year) and by ("line", source_line)."""
        out: dict[tuple, list[dict]] = {}
        e = self.doc.evaluation
        for rec in e[e["value"].notna()].to_dict("records"):
            out.setdefault((rec["code"], rec["measure"], rec["year"]), []).append(rec)
            out.setdefault(("line", rec["source_line"]), []).append(rec)
        return out


def _finding(severity: str, table: str, code: Any, item: str, source_line: Any, message: _Text, *,
             other_table: str | None = None, other_line: Any = None, expected: str | None = None,
             found: str | None = None, difference: float | None = None) -> dict:
    assert severity in SEVERITIES, severity
    source_line = None if _missing(source_line) else source_line
    other_line = None if _missing(other_line) else other_line
    if other_line is not None and source_line is not None and int(other_line) == int(source_line) \
            and (other_table is None or other_table == table):
        other_line, other_table = None, None
    return {
        "severity": severity, "table": table, "code": code if isinstance(code, str) else None, "item": item,
        "source_line": int(source_line) if source_line is not None else None,
        "other_table": other_table if other_line is not None else None,
        "other_line": int(other_line) if other_line is not None else None,
        "expected": expected, "found": found,
        "difference": float(difference) if difference is not None else None,
        "message": message,
    }


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _nearest(rows: Sequence[dict], line: int) -> dict | None:
    """The row nearest to ``line``: on the same line, then before it, then after it."""
    if not rows:
        return None
    return min(rows, key=lambda r: (abs(int(r["source_line"]) - line) * 2 + (int(r["source_line"]) > line)))


def _fact_found(row: dict) -> str:
    token = _token(row["quote"], row["value"]) or _num(row["value"])
    return token + ("%" if row["unit"] == "%" else "")


def _fact_decimals(row: dict) -> int:
    return _decimals(_token(row["quote"], row["value"]) or "")


def _subject_code(subject: str) -> str | None:
    c = parse_code(subject)
    return c.canonical if c is not None and c.canonical == subject else None


def _name_key(name: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower()) if isinstance(name, str) else ""


def _units_match(a: Any, b: Any) -> bool:
    a = str(a or "").strip().lower()
    b = str(b or "").strip().lower()
    return a == b or (bool(a) and bool(b) and (a.startswith(b) or b.startswith(a)))


@lru_cache(maxsize=1)
def _indicator_meta() -> dict[str, tuple[str, str]]:
    """Indicator key -> (direction, kind), from ``data/indicators.csv``."""
    meta = indicator_metadata()
    return {k: (d, kind) for k, d, kind in zip(meta["key"], meta["direction"], meta["kind"])}


def _direction(subject: str) -> str:
    key = indicator_key(subject) if isinstance(subject, str) else None
    return _indicator_meta()[key][0] if key in _indicator_meta() else "higher_is_better"


@lru_cache(maxsize=4096)
def _is_share(indicator: Any) -> bool:
    if not isinstance(indicator, str):
        return False
    if SHARE_NAME.search(indicator):
        return True
    key = indicator_key(indicator)
    return key in _indicator_meta() and _indicator_meta()[key][1] == "share"


# ====================================================================== 1. sums
def _tree_sums(frame: pd.DataFrame, *, table: str, item: str, half: float, unit: int, stated_col: str,
               describe: _Text) -> list[dict]:
    """Parent budget against the sum of its children's, for one year or stage of one table."""
    out = []
    first = frame.drop_duplicates("code")
    kids = first[first["parent"].notna()].groupby("parent")["budget"]
    sums = pd.DataFrame({"n": kids.count(), "total": kids.sum()})
    rows = first.merge(sums, left_on="code", right_index=True)
    for parent in rows[rows["n"] > 0].to_dict("records"):
        n, total, stated = int(parent["n"]), int(parent["total"]), parent["budget"]
        children = _Text(f"n.{_CHILDREN.get(parse_code(parent['code']).level, 'child')}", n)
        where = dict(table=table, describe=describe, code=_code(parent["code"]), children=children)
        if _missing(stated):
            if total:
                out.append(_finding(
                    "error", table, parent["code"], item, parent["source_line"],
                    _Text("parent_sum.no_budget", n, total=_num(total / unit, 0), **where),
                    expected=_num(total / unit, 0), found="-", difference=-total))
            continue
        diff = int(stated) - total
        if diff == 0:
            continue
        bound = half * (n + 1)
        within = abs(diff) <= bound
        if within:
            verdict = _Text("verdict.within", n + 1, diff=_num(abs(diff) / unit, 0), bound=_num(bound / unit, 1))
        else:
            verdict = _Text("verdict.apart", diff=_num(abs(diff) / unit, 0) if unit > 1 else _rp(abs(diff)),
                            factor=_factor_note(stated, total))
        msg = _Text("parent_sum.sum", n, amounts=_num(total / unit, 0) if unit > 1 else _rp(total),
                    said=parent[stated_col] if unit > 1 else _rp(stated),
                    unit=f" (Rp.{'0' * int(round(math.log10(unit)))})" if unit > 1 else "", verdict=verdict, **where)
        out.append(_finding("info" if within else "error", table, parent["code"], item, parent["source_line"], msg,
                            expected=_num(total / unit, 0), found=str(parent[stated_col]), difference=diff))
    return out


@_rule("parent_sum", "sums", "every parent's budget equals the sum of its children's (Tabel 4.1 per year, "
       "Tabel 2.3 per stage)", uses=("plan", "rkpd"))
def _parent_sum(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        for year, g in cx.doc.plan_budget.groupby("year", sort=True):
            out += _tree_sums(g, table=table, item=f"budget {year}", half=0, unit=1, stated_col="budget_raw",
                              describe=_Text("describe.year", year=year))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.rkpd.dropna(subset=["code"])
        for stage, g in r.groupby("stage", sort=False):
            unit = int(g["multiplier"].max())
            out += _tree_sums(g, table=table, item=f"{stage} budget", half=unit / 2, unit=unit,
                              stated_col="budget_stated", describe=cx.stage_words(stage))
    return out


def _plan_total(cx: _Context, year: int) -> tuple[int, pd.DataFrame]:
    g = cx.doc.plan_budget[cx.doc.plan_budget["year"] == year]
    top = g[~g["parent"].isin(set(g["code"]))]
    return int(top["budget"].sum(skipna=True)), top


def _counted(cx: _Context, level: str, year: int, under: str | None) -> tuple[set[str], _Text] | None:
    """Codes of ``level`` the tables give a budget (plan years) or a target (evaluation years) in ``year``."""
    if year in cx.plan_years:
        g = cx.doc.plan_budget
        g = g[(g["year"] == year) & (g["level"] == level) & (g["budget"].fillna(0) > 0)]
        how = _Text("counted.plan", table=cx.label("plan"), year=year)
    elif cx.has("evaluation"):
        e = cx.doc.evaluation
        g = e[(e["measure"] == "target") & (e["year"] == year) & (e["level"] == level) & e["value"].notna()]
        if g.empty:
            return None
        how = _Text("counted.evaluation", table=cx.label("evaluation"), year=year)
    else:
        return None
    codes = set(g["code"])
    if under:
        codes = {c for c in codes if c.startswith(under + ".")}
    return codes, how


@_rule("stated_total", "sums", "totals the document states (table total rows, narrative totals and counts) "
       "equal the computed ones", uses=("plan", "rkpd", "facts"))
def _stated_total(cx: _Context) -> list[dict]:
    out: list[dict] = []
    totals = cx.doc.stated_totals
    if cx.has("plan"):
        table = cx.label("plan")
        for _, t in totals[totals["kind"] == "plan"].iterrows():
            if pd.isna(t["year"]) or pd.isna(t["value"]):
                continue
            total, top = _plan_total(cx, int(t["year"]))
            if total != int(t["value"]):
                diff = int(t["value"]) - total
                out.append(_finding(
                    "error", table, None, f"total {int(t['year'])}", t["source_line"],
                    _Text("stated_total.plan", table=table, stated=_rp(t["value"]), year=int(t["year"]),
                          programmes=_Text("n.program", len(top)), total=_rp(total), diff=_rp(abs(diff)),
                          factor=_factor_note(t["value"], total)),
                    expected=_num(total, 0), found=t["raw"], difference=diff))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.rkpd
        for _, t in totals[totals["kind"] == "rkpd_review"].iterrows():
            g = r[(r["stage"] == t["stage"]) & r["programme_row"]]
            if pd.isna(t["value"]) or g.empty:
                continue
            unit = int(g["multiplier"].max())
            n = int(g["budget"].notna().sum())
            total = int(g["budget"].sum(skipna=True))
            diff = int(t["value"]) - total
            if diff == 0:
                continue
            bound = unit / 2 * (n + 1)
            within = abs(diff) <= bound
            if within:
                verdict = _Text("verdict.within", n + 1, diff=_num(abs(diff) / unit, 0), bound=_num(bound / unit, 1))
            else:
                verdict = _Text("verdict.apart", diff=_num(abs(diff) / unit, 0), factor=_factor_note(t["value"], total))
            msg = _Text("stated_total.rkpd", table=table, stated=t["raw"], unit=t["unit"],
                        stage=cx.stage_words(t["stage"]), programmes=_Text("n.program", n),
                        total=_num(total / unit, 0), verdict=verdict)
            out.append(_finding("info" if within else "error", table, None, f"total {t['stage']}", t["source_line"],
                                msg, expected=_num(total / unit, 0), found=t["raw"], difference=diff))
    if cx.has("facts"):
        out += _narrative_totals(cx)
    return out


def _narrative_totals(cx: _Context) -> list[dict]:
    out: list[dict] = []
    plan_total_lines = cx.doc.stated_totals[cx.doc.stated_totals["kind"] == "plan"]
    for row in cx.stated(quantity="total_budget", subject="office", period="year"):
        year = int(row["year"])
        if year not in cx.plan_years:
            continue
        total, top = _plan_total(cx, year)
        if abs(row["value"] - total) < 0.5:
            continue
        at = plan_total_lines[plan_total_lines["year"] == year]
        other = at["source_line"].iloc[0] if len(at) else top["source_line"].min()
        out.append(_finding(
            "error", _NARRATIVE, None, f"total budget {year}", row["source_line"],
            _Text("stated_total.narrative", stated=_rp(row["value"]), year=year, plan=cx.label("plan"),
                  total=_rp(total), factor=_factor_note(row["value"], total)),
            other_table=cx.label("plan"), other_line=other, expected=_num(total, 0), found=_fact_found(row),
            difference=row["value"] - total))
    for quantity, level, words in (("programme_count", "program", "programmes"),
                                   ("activity_count", "kegiatan", "activities")):
        for row in cx.stated(quantity=quantity, period="year"):
            subject = row["subject"]
            under = _subject_code(subject)
            if subject != "office" and under is None:
                continue
            got = _counted(cx, level, int(row["year"]), under)
            if got is None:
                continue
            codes, how = got
            if len(codes) == int(row["value"]):
                continue
            out.append(_finding(
                "error", _NARRATIVE, under, f"{words} {int(row['year'])}", row["source_line"],
                _Text("stated_total.count", stated=_num(row["value"], 0), words=_Text(f"words.{words}"),
                      under=_Text("stated_total.under", code=_code(under)) if under else "", year=int(row["year"]),
                      how=how, count=len(codes), codes=", ".join(sorted(codes)) or _Text("codes.none")),
                expected=str(len(codes)), found=_num(row["value"], 0), difference=row["value"] - len(codes)))
    return out


# ====================================================================== 2. ratios
@_rule("reported_ratio", "ratios", "achievements Tabel 2.1 reports (columns 8 = 7/6, 11 = 10/4, 10 = 9) "
       "against the ones recomputed from its columns", needs=("evaluation",))
def _reported_ratio(cx: _Context) -> list[dict]:
    out: list[dict] = []
    table = cx.label("evaluation")
    e = cx.doc.evaluation
    e = e[e["value"].notna()][["source_line", "code", "indicator", "measure", "year", "value", "raw"]]

    def measure(name: str) -> pd.DataFrame:
        return e[e["measure"] == name].drop(columns="measure").drop_duplicates(["source_line", "year"])

    for reported_m, num_m, den_m, same_year, header in RATIO_COLUMNS:
        den = measure(den_m)[["source_line", "year", "value", "raw"]]
        if not same_year:
            den = den.drop_duplicates("source_line").drop(columns="year")
        rows = measure(reported_m).merge(
            measure(num_m)[["source_line", "year", "value", "raw"]], on=["source_line", "year"], suffixes=("", "_num"))
        rows = rows.merge(den.rename(columns={"value": "value_den", "raw": "raw_den"}),
                          on=["source_line", "year"] if same_year else ["source_line"])
        rows = rows[rows["value_den"] != 0]
        for _, r in rows.iterrows():
            computed = r["value_num"] / r["value_den"] * 100
            diff = r["value"] - computed
            if abs(diff) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", table, r["code"], f"{_MEASURE_WORDS[reported_m]} {r['year']} ({header})", r["source_line"],
                _Text("reported_ratio.ratio", table=table, stated=r["raw"], code=_code(r["code"]),
                      indicator=r["indicator"], header=_column(header), num=r["raw_num"], den=r["raw_den"],
                      computed=_pct(computed), diff=_num(abs(diff)), tolerance=_num(cx.tolerance)),
                expected=_pct(computed), found=r["raw"], difference=diff))
    for measure_m, repeats, header in EQUAL_COLUMNS:
        rows = measure(measure_m).merge(measure(repeats)[["source_line", "year", "value", "raw"]],
                                        on=["source_line", "year"], suffixes=("", "_ref"))
        for _, r in rows.iterrows():
            if _agreement(r["value"], _decimals(r["raw"]), r["value_ref"], _decimals(r["raw_ref"])) != "differ":
                continue
            out.append(_finding(
                "error", table, r["code"], f"{_MEASURE_WORDS[measure_m]} {r['year']} ({header})", r["source_line"],
                _Text("reported_ratio.equal", table=table, stated=r["raw"], what=_Text(f"measure.{measure_m}"),
                      code=_code(r["code"]), year=r["year"], header=_column(header), ref=r["raw_ref"]),
                expected=r["raw_ref"], found=r["raw"], difference=r["value"] - r["value_ref"]))
    return out


def _column(header: str) -> _Text:
    """A Tabel 2.1 header formula (``column 8 = 7/6``) in words."""
    return _Text("column", spec=header.removeprefix("column "))


def _achievement_terms(cx: _Context, row: dict) -> tuple[dict | None, dict | None]:
    """The stated realisation (same period) and target (same period, else the year's) of an achievement."""
    same = dict(subject=row["subject"], year=row["year"])
    real = _nearest(cx.stated(quantity="realization_stated", period=row["period"], **same), row["source_line"])
    targets = cx.stated(quantity="target_stated", period=row["period"], **same) \
        or cx.stated(quantity="target_stated", period="year", **same)
    return real, _nearest(targets, row["source_line"])


@_rule("narrative_ratio", "ratios", "figures the text derives from its own figures: achievements from target and "
       "realisation, TPAK/TKK/TPT from the counts, stated changes, TKK + TPT = 100", needs=("facts",))
def _narrative_ratio(cx: _Context) -> list[dict]:
    out: list[dict] = []
    # achievements stated with their target and realisation
    for row in cx.stated(quantity="achievement_stated"):
        real, target = _achievement_terms(cx, row)
        if real is None or target is None or not target["value"] or not _units_match(real["unit"], target["unit"]):
            continue
        computed = achievement(target["value"], real["value"], _direction(row["subject"]))
        if math.isnan(computed) or abs(row["value"] - computed) <= cx.tolerance + 1e-9:
            continue
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(row["subject"]), f"achievement {row['year']} ({row['period']})",
            row["source_line"],
            _Text("narrative_ratio.achievement", stated=_fact_found(row), subject=_subject(row["subject"]),
                  year=row["year"], real=_fact_found(real), real_line=real["source_line"], target=_fact_found(target),
                  target_line=target["source_line"], computed=_pct(computed)),
            other_table=_NARRATIVE, other_line=real["source_line"], expected=_pct(computed),
            found=_fact_found(row), difference=row["value"] - computed))
    # rates from the counts
    for rate, (num_q, den_q) in RATE_COUNTS.items():
        for row in cx.stated(quantity=rate):
            same = dict(subject="city", year=row["year"], period=row["period"])
            num = _nearest(cx.stated(quantity=num_q, **same), row["source_line"])
            den = _nearest(cx.stated(quantity=den_q, **same), row["source_line"])
            if num is None or den is None or not den["value"]:
                continue
            computed = num["value"] / den["value"] * 100
            if abs(row["value"] - computed) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", _NARRATIVE, None, f"{rate.upper()} {row['year']}", row["source_line"],
                _Text("narrative_ratio.rate", rate=rate.upper(), year=row["year"], stated=_fact_found(row),
                      num_words=_Text(f"quantity.{num_q}"), num=_fact_found(num),
                      den_words=_Text(f"quantity.{den_q}"), den=_fact_found(den), computed=_pct(computed)),
                other_table=_NARRATIVE, other_line=num["source_line"], expected=_pct(computed),
                found=_fact_found(row), difference=row["value"] - computed))
    # stated changes between two stated rates
    for quantity, sign in (("increase_stated", 1), ("decrease_stated", -1)):
        for row in cx.stated(quantity=quantity):
            key = indicator_key(row["subject"])
            if key is None or key.lower() not in RATE_COUNTS:
                continue
            now = _nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"]), row["source_line"])
            before = _nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"] - 1),
                              row["source_line"])
            if now is None or before is None:
                continue
            change = now["value"] - before["value"]
            bound = sum(_half_unit(_fact_decimals(r)) for r in (row, now, before))
            if abs(sign * row["value"] - change) <= bound + 1e-9:
                continue
            out.append(_finding(
                "error", _NARRATIVE, None, f"{key} change {row['year'] - 1}-{row['year']}", row["source_line"],
                _Text("narrative_ratio.change", change=_Text("change.rise" if sign > 0 else "change.fall"),
                      stated=_fact_found(row), key=key, before_year=row["year"] - 1, year=row["year"],
                      before=_fact_found(before), now=_fact_found(now), diff=_num(change)),
                other_table=_NARRATIVE, other_line=now["source_line"], expected=_num(sign * change),
                found=_fact_found(row), difference=sign * row["value"] - change))
    # TKK + TPT = 100
    for a in cx.stated(quantity="tkk"):
        b = _nearest(cx.stated(quantity="tpt", year=a["year"], period=a["period"]), a["source_line"])
        if b is None:
            continue
        bound = _half_unit(_fact_decimals(a)) + _half_unit(_fact_decimals(b))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(_finding(
            "error", _NARRATIVE, None, f"TKK + TPT {a['year']} ({a['period']})", a["source_line"],
            _Text("narrative_ratio.tkk_tpt", tkk=_fact_found(a), tpt=_fact_found(b), year=a["year"],
                  total=_pct(total)),
            other_table=_NARRATIVE, other_line=b["source_line"], expected=_pct(100 - b["value"]),
            found=_fact_found(a), difference=total - 100))
    return out


# ====================================================================== 3. narrative against tables
def _eval_candidates(cx: _Context, code: str, measure: str, year: int, unit: str) -> list[dict]:
    return [r for r in cx.eval_rows.get((code, measure, year), []) if _units_match(r["unit"], unit)]


def _eval_achievement(cx: _Context, row: dict) -> tuple[float | None, str]:
    """The achievement of a Tabel 2.1 row: recomputed from its target and realisation, else as reported."""
    same = [r for r in cx.eval_rows.get(("line", row["source_line"]), []) if r["year"] == row["year"]]
    by = {r["measure"]: r for r in same}
    target, real = by.get("target"), by.get("realization")
    if target is not None and real is not None and target["value"]:
        computed = real["value"] / target["value"] * 100
        return computed, f"{real['raw']} / {target['raw']} x 100 = {_pct(computed)}"
    if "achievement_reported" in by:
        return float(by["achievement_reported"]["value"]), str(by["achievement_reported"]["raw"])
    return None, ""


@_rule("narrative_vs_table", "narrative", "every figure the text states for a code (target, realisation, "
       "achievement, budget) agrees with the table that holds it", needs=("facts",), uses=("evaluation", "plan"))
def _narrative_vs_table(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for row in cx.stated(period="year"):
        code = _subject_code(row["subject"])
        if code is None:
            continue
        year = int(row["year"])
        q = row["quantity"]
        if q == "budget" and cx.has("plan") and year in cx.plan_years:
            pb = cx.doc.plan_budget
            hit = pb[(pb["code"] == code) & (pb["year"] == year) & pb["budget"].notna()]
            if hit.empty:
                continue
            stated = int(hit["budget"].iloc[0])
            if abs(row["value"] - stated) < 0.5:
                continue
            out.append(_finding(
                "error", _NARRATIVE, code, f"budget {year}", row["source_line"],
                _Text("narrative_vs_table.budget", code=_code(code), year=year, stated=_rp(row["value"]),
                      table=cx.label("plan"), table_value=_rp(stated), factor=_factor_note(row["value"], stated)),
                other_table=cx.label("plan"), other_line=hit["source_line"].iloc[0],
                expected=hit["budget_raw"].iloc[0], found=_fact_found(row), difference=row["value"] - stated))
            continue
        if q == "target_stated" and cx.has("plan") and year in cx.plan_years:
            pt = cx.doc.plan_targets
            hits = pt[(pt["code"] == code) & (pt["year"] == year) & pt["target"].notna()]
            cands = [r for r in hits.rename(columns={"target": "value"}).to_dict("records")
                     if _units_match(r["unit"], row["unit"])]
            out += _compare_stated(cx, row, cands, cx.label("plan"), "target")
            continue
        if q not in FACT_MEASURES or not cx.has("evaluation"):
            continue
        measure = FACT_MEASURES[q]
        cands = _eval_candidates(cx, code, measure, year, row["unit"])
        if not cands:
            continue
        if measure == "achievement_reported":
            best = min(cands, key=lambda c: abs(c["value"] - row["value"]))
            if abs(best["value"] - row["value"]) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", _NARRATIVE, code, f"achievement {year}", row["source_line"],
                _Text("narrative_vs_table.achievement", stated=_fact_found(row), code=_code(code), year=year,
                      table=cx.label("evaluation"), table_value=best["raw"]),
                other_table=cx.label("evaluation"), other_line=best["source_line"], expected=best["raw"],
                found=_fact_found(row), difference=row["value"] - best["value"]))
            continue
        out += _compare_stated(cx, row, cands, cx.label("evaluation"), measure,
                               try_achievement=(measure == "realization"))
    return out


def _compare_stated(cx: _Context, row: dict, cands: list[dict], table: str, measure: str, *,
                    try_achievement: bool = False) -> list[dict]:
    """A stated figure against the table rows that state the same ``measure``: silent, info or error."""
    if not cands:
        return []
    code = _subject_code(row["subject"])
    who = _subject(row["subject"])
    what, words = _MEASURE_WORDS[measure], _Text(f"measure.{measure}")
    dec = _fact_decimals(row)
    verdicts = [_agreement(row["value"], dec, c["value"], _decimals(c["raw"])) for c in cands]
    if "equal" in verdicts:
        return []
    year = int(row["year"])
    common = dict(other_table=table, found=_fact_found(row))
    if "rounded" in verdicts:
        c = cands[verdicts.index("rounded")]
        return [_finding(
            "info", _NARRATIVE, code, f"{what} {year}", row["source_line"],
            _Text("compare.rounded", year=year, what=words, who=who, stated=_fact_found(row), table=table,
                  table_value=c["raw"], decimals=_Text("n.decimal", min(dec, _decimals(c["raw"])))),
            other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    if try_achievement:
        for c in cands:
            ach, how = _eval_achievement(cx, c)
            if ach is not None and abs(row["value"] - ach) <= cx.tolerance + 1e-9:
                return [_finding(
                    "info", _NARRATIVE, code, f"{what} {year}", row["source_line"],
                    _Text("compare.achievement", stated=_fact_found(row), who=who, year=year, table=table, how=how,
                          table_value=c["raw"]),
                    other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    first = cands[0]
    return [_finding(
        "error", _NARRATIVE, code, f"{what} {year}", row["source_line"],
        _Text("compare.differ", year=year, what=words, who=who, stated=_fact_found(row), table=table,
              table_value=first["raw"]),
        other_line=first["source_line"], expected=first["raw"], difference=row["value"] - first["value"],
        **common)]


@_rule("narrative_repeat", "narrative", "a figure the text states twice (same quantity, subject, year and "
       "period) has one value", needs=("facts",))
def _narrative_repeat(cx: _Context) -> list[dict]:
    out: list[dict] = []
    groups: dict[tuple, list[dict]] = {}
    for row in sorted(cx.stated(), key=lambda r: r["source_line"]):
        groups.setdefault((row["quantity"], row["subject"], row["year"], row["period"]), []).append(row)
    for (q, subject, year, period), rows in groups.items():
        first = rows[0]
        for row in rows[1:]:
            verdict = _agreement(row["value"], _fact_decimals(row), first["value"], _fact_decimals(first))
            if verdict == "equal":
                continue
            out.append(_finding(
                "info" if verdict == "rounded" else "error", _NARRATIVE, _subject_code(subject),
                f"{_words(q)} {year} ({period})", row["source_line"],
                _Text(f"narrative_repeat.{verdict}", what=_Text(f"quantity.{q}"), subject=_subject(subject, True),
                      year=year, stated=_fact_found(row), first=_fact_found(first), first_line=first["source_line"]),
                other_table=_NARRATIVE, other_line=first["source_line"], expected=_fact_found(first),
                found=_fact_found(row), difference=row["value"] - first["value"]))
    return out


# ====================================================================== 4. amounts that contradict themselves
def _spending_triples(cx: _Context) -> list[tuple[dict, dict, dict]]:
    """(stated share, spending, budget) of one subject and year, the nearest to each stated share."""
    out = []
    for share in cx.stated(quantity="absorption_stated"):
        same = dict(subject=share["subject"], year=share["year"])
        for budget_q, spending_q in SPENDING_PAIRS:
            spent = _nearest(cx.stated(quantity=spending_q, period=share["period"], **same), share["source_line"])
            budget = _nearest(cx.stated(quantity=budget_q, period="year", **same), share["source_line"])
            if spent is not None and budget is not None and budget["value"]:
                out.append((share, spent, budget))
                break
    return out


@_rule("spending_share", "amounts", "a spending amount is the share of its budget that the text states",
       needs=("facts",))
def _spending_share(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if abs(share["value"] - computed) <= cx.tolerance + 1e-9 or _magnitude_apart(share["value"], computed):
            continue
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(share["subject"]), f"absorption {share['year']} ({share['period']})",
            share["source_line"],
            _Text("spending_share", spent=_rp(spent["value"]), share=_fact_found(share), budget=_rp(budget["value"]),
                  computed=_pct(computed)),
            other_table=_NARRATIVE, other_line=spent["source_line"], expected=_pct(computed),
            found=_fact_found(share), difference=share["value"] - computed))
    return out


def _magnitude_apart(a: float, b: float) -> bool:
    if a <= 0 or b <= 0:
        return a != b and max(a, b) > 0
    return max(a, b) / min(a, b) >= MAGNITUDE_FACTOR


@_rule("share_magnitude", "amounts", "an amount that cannot be the stated share of its budget: orders of "
       "magnitude apart", needs=("facts",))
def _share_magnitude(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if not _magnitude_apart(share["value"], computed):
            continue
        implied = budget["value"] * share["value"] / 100
        factor = implied / spent["value"] if spent["value"] else math.inf
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(share["subject"]), f"spending {share['year']} ({share['period']})",
            spent["source_line"],
            _Text("share_magnitude", spent=_rp(spent["value"]), share=_fact_found(share), budget=_rp(budget["value"]),
                  implied=_rp(implied), factor=_num(factor, 0), computed=_pct(computed)),
            other_table=_NARRATIVE, other_line=share["source_line"], expected=_num(implied, 0),
            found=_token(spent["quote"], spent["value"]) or _num(spent["value"], 0),
            difference=spent["value"] - implied))
    return out


def _grouping_hint(token: str) -> _Text:
    if re.fullmatch(r"\d{1,3}\.\d{1,2}", token):
        return _Text("hint.decimal_mark")
    return _Text("hint.grouping")


@_rule("number_format", "amounts", "every number is written in valid Indonesian format (digit grouping, "
       "decimal comma)", uses=("facts",), standalone=True)
def _number_format(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("facts"):
        for row in [f for f in cx.fact_rows if _missing(f["value"])]:
            for token, _, _ in numbers_in(row["quote"]):
                try:
                    parse_number(token)
                except NumberParseError:
                    out.append(_finding(
                        "warning", _NARRATIVE, _subject_code(row["subject"]),
                        f"{_words(row['quantity'])} {row['year']} ({row['period']})", row["source_line"],
                        _Text("number_format.text", token=repr(token), what=_Text(f"quantity.{row['quantity']}"),
                              subject=_subject(row["subject"], True), year=row["year"],
                              hint=_grouping_hint(token)),
                        expected="a number such as 1.234.567 or 12,5", found=token))
    problems = cx.doc.problems
    for _, p in problems[problems["message"].str.contains("grouping", na=False)].iterrows():
        out.append(_finding(
            "warning", p["table"], None, p["column"] or "cell", p["line"],
            _Text("number_format.cell", table=p["table"], raw=repr(p["raw"]),
                  where=_Text("cell.column", column=p["column"]) if p["column"] else _Text("cell.any")),
            expected="a number such as 1.234.567 or 12,5", found=p["raw"]))
    return out


@_rule("amount_in_words", "amounts", "an amount written in figures and in words (terbilang) is one amount")
def _amount_in_words(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for n, text in enumerate(cx.doc.source.lines, start=1):
        if "\t" in text or "rupiah" not in text.lower():
            continue
        for m in _AMOUNT_IN_WORDS.finditer(text):
            try:
                figure = parse_number(m.group("num"))
            except NumberParseError:
                continue
            words = _words_to_int(m.group("words"))
            if words is None or words == figure:
                continue
            out.append(_finding(
                "error", _NARRATIVE, None, "amount in words", n,
                _Text("amount_in_words", figure=m.group("num"), words=m.group("words"), amount=_num(words, 0),
                      factor=_factor_note(float(figure), words)),
                expected=_num(words, 0), found=m.group("num"), difference=float(figure) - words))
    return out


# ====================================================================== 5. codes and names
def _coded_rows(cx: _Context) -> pd.DataFrame:
    c = cx.doc.codes.copy()
    c["key"] = c["name"].map(_name_key)
    return c


def _reference_names(codes: pd.DataFrame) -> dict[str, str]:
    """Per code, the name key written most often in the document (ties: the first written)."""
    counts = codes.groupby(["code", "key"], sort=False).agg(n=("source_line", "size"), first=("source_line", "min"))
    counts = counts.reset_index().sort_values(["code", "n", "first"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("code")[["code", "key"]].itertuples(index=False, name=None))


@_rule("code_names", "codes", "one code has one name within a table")
def _code_names(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    ref_all = _reference_names(codes)
    for (table, code), g in codes.groupby(["table", "code"], sort=False):
        if g["key"].nunique() < 2:
            continue
        present = set(g["key"])
        ref = ref_all[code] if ref_all[code] in present else _reference_names(g)[code]
        with_ref = g[g["key"] == ref]
        for _, row in g[g["key"] != ref].iterrows():
            other = _nearest(with_ref.to_dict("records"), row["source_line"])
            similar = difflib.SequenceMatcher(None, row["key"], ref).ratio() >= SPELLING_SIMILARITY
            msg = _Text("code_names.spelling" if similar else "code_names.different", table=table, code=code,
                        raw=row["code_raw"], name=row["name"], other=other["name"], other_line=other["source_line"])
            out.append(_finding("warning" if similar else "error", table, code, "name", row["source_line"], msg,
                                other_table=table, other_line=other["source_line"], expected=other["name"],
                                found=row["name"]))
    return out


@_rule("code_level", "codes", "a code's level fits its name (a 'Program ...' is a programme)")
def _code_level(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for _, row in cx.doc.codes.iterrows():
        name = row["name"] if isinstance(row["name"], str) else ""
        said = next((level for level, pattern in LEVEL_NAMES if pattern.search(name)), None)
        if said is not None and said != row["level"]:
            out.append(_finding(
                "error", row["table"], row["code"], "level", row["source_line"],
                _Text("code_level.level", table=row["table"], code=row["code"], name=name,
                      said=_Text(f"level.{said}"), parts=len(row["code"].split(".")),
                      level=_Text(f"level.{row['level']}")),
                expected=said, found=row["level"]))
        elif said is None and row["level"] == "program":
            out.append(_finding(
                "warning", row["table"], row["code"], "level", row["source_line"],
                _Text("code_level.programme", table=row["table"], code=row["code"], name=name),
                expected="program", found=name))
    return out


@_rule("name_codes", "codes", "one name has one code within a table (an activity and its sub-activity may share "
       "a name)")
def _name_codes(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    for (table, key), g in codes[codes["key"] != ""].groupby(["table", "key"], sort=False):
        first_rows = g.drop_duplicates("code")
        if len(first_rows) < 2:
            continue
        base = first_rows.iloc[0]
        for _, row in first_rows.iloc[1:].iterrows():
            a, b = base["code"], row["code"]
            if a.startswith(b + ".") or b.startswith(a + "."):
                continue
            out.append(_finding(
                "warning", table, b, "code", row["source_line"],
                _Text("name_codes", table=table, name=row["name"], code=b, other=a, other_line=base["source_line"]),
                other_table=table, other_line=base["source_line"], expected=a, found=b))
    return out


@_rule("code_coverage", "codes", "codes of Tabel 2.1 that Tabel 4.1 lacks, and the reverse (dropped, renamed "
       "or new)", needs=("evaluation", "plan"))
def _code_coverage(cx: _Context) -> list[dict]:
    out: list[dict] = []
    ev, plan = cx.label("evaluation"), cx.label("plan")
    codes = cx.doc.codes
    a, b = codes[codes["table"] == ev], codes[codes["table"] == plan]
    levels = set(a["level"]) & set(b["level"])
    a, b = a[a["level"].isin(levels)], b[b["level"].isin(levels)]
    for here, there, what in ((a, b, _Text("coverage.dropped")), (b, a, _Text("coverage.new"))):
        missing = here[~here["code"].isin(set(there["code"]))].drop_duplicates("code")
        for _, row in missing.iterrows():
            table, other = row["table"], (plan if row["table"] == ev else ev)
            siblings = sorted(set(there[there["parent"] == row["parent"]]["code"]) - set(here["code"]))
            hint = _Text("coverage.siblings", other=other, siblings=", ".join(siblings)) if siblings else ""
            out.append(_finding(
                "info", table, row["code"], "code", row["source_line"],
                _Text("code_coverage", code=row["code"], name=row["name"], table=table, other=other, what=what,
                      hint=hint),
                found=row["code"]))
    return out


@_rule("names_across", "codes", "a code has the same name in every table (Tabel 2.1, Tabel 4.1, Tabel 2.3)",
       uses=("evaluation", "plan", "rkpd"))
def _names_across(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    if cx.has("evaluation") and cx.has("plan"):
        ev, plan = cx.label("evaluation"), cx.label("plan")
        a, b = codes[codes["table"] == ev], codes[codes["table"] == plan]
        ref_all = _reference_names(codes)
        for code, g in b.groupby("code", sort=False):
            names_a = a[a["code"] == code]
            if names_a.empty:
                continue
            present = set(g["key"])
            ref = ref_all[code] if ref_all[code] in present else g["key"].iloc[0]
            if ref in set(names_a["key"]):
                continue
            row = g[g["key"] == ref].iloc[0]
            other = names_a.iloc[0]
            out.append(_finding(
                "info", plan, code, "name", row["source_line"],
                _Text("names_across.tables", plan=plan, code=_code(code), name=row["name"], table=ev,
                      other=other["name"], other_line=other["source_line"]),
                other_table=ev, other_line=other["source_line"], expected=other["name"], found=row["name"]))
    if cx.has("rkpd") and cx.has("plan"):
        table, plan = cx.label("rkpd"), cx.label("plan")
        r = cx.rkpd
        pb = cx.doc.plan_budget.drop_duplicates("code").set_index("code")
        for _, row in r[(r["code_from"] == "same line") & r["name"].notna()].iterrows():
            at = pb.loc[row["code"]] if row["code"] in pb.index else None
            out.append(_finding(
                "info", table, row["code"], f"{row['stage']} name", row["source_line"],
                _Text("names_across.half" if at is not None else "names_across.half_unnamed", table=table,
                      stage=cx.stage_words(row["stage"]), name=row["name"], plan=plan, code=_code(row["code"]),
                      other=at["name"] if at is not None else ""),
                other_table=plan if at is not None else None,
                other_line=at["source_line"] if at is not None else None,
                expected=at["name"] if at is not None else None, found=row["name"]))
        for _, row in r[r["code"].isna() & r["name"].notna()].iterrows():
            out.append(_finding(
                "info", table, None, f"{row['stage']} name", row["source_line"],
                _Text("names_across.no_code", table=table, stage=cx.stage_words(row["stage"]), name=row["name"],
                      plan=plan), found=row["name"]))
    return out


# ====================================================================== 6. implausible values
def _value_rows(cx: _Context) -> list[tuple[str, pd.DataFrame]]:
    """(table, frame with code, indicator, value, unit, raw, item, source_line) for every stated value.

    ``item_measure`` and ``item_year`` or ``item_stage`` say what ``item`` says, for :func:`_item`.
    """
    out = []
    if cx.has("evaluation"):
        e = cx.doc.evaluation
        e = e[e["measure"].isin(_STATED_MEASURES)]
        out.append((cx.label("evaluation"), e.assign(
            item=e["measure"].map(_MEASURE_WORDS) + " " + e["year"].astype(str), item_measure=e["measure"],
            item_year=e["year"], item_stage=None)))
    if cx.has("plan"):
        p = cx.doc.plan_targets
        out.append((cx.label("plan"), p.rename(columns={"target": "value"}).assign(
            item="target " + p["year"].astype(str), item_measure="target", item_year=p["year"], item_stage=None)))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        out.append((cx.label("rkpd"), r.rename(columns={"target": "value", "target_raw": "raw"}).assign(
            item=r["stage"] + " target", item_measure="target", item_year=None, item_stage=r["stage"])))
    if cx.has("service"):
        s = cx.doc.service_indicators
        out.append((cx.label("service"), s.assign(code=None, item=s["measure"].map(_MEASURE_WORDS) + " "
                                                  + s["year"].astype(str), item_measure=s["measure"],
                                                  item_year=s["year"], item_stage=None)))
    return out


def _item(cx: _Context, row: Any) -> _Text:
    """The ``item`` of a row of :func:`_value_rows` (or of a budget) in words: ``target 2023``, ``draft target``."""
    what = _Text(f"measure.{row['item_measure']}")
    if isinstance(row["item_stage"], str):
        return _Text("item.stage", what=what, stage_raw=row["item_stage"], stage=cx.stage_words(row["item_stage"]))
    return _Text("item.year", what=what, year=row["item_year"])


@_rule("share_above_100", "plausibility", "an indicator that is a share of something stays at or below 100 %",
       uses=("evaluation", "plan", "rkpd", "service"))
def _share_above_100(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        hits = frame[(frame["unit"] == "%") & (frame["value"] > 100)]
        for _, row in hits[hits["indicator"].map(_is_share)].iterrows():
            out.append(_finding(
                "warning", table, row["code"], row["item"], row["source_line"],
                _Text("share_above_100", indicator=row["indicator"], table=table, item=_item(cx, row),
                      stated=row["raw"]),
                expected="at most 100%", found=row["raw"], difference=row["value"] - 100))
    return out


@_rule("negative_value", "plausibility", "no count, target, percentage or budget is negative",
       uses=("evaluation", "plan", "rkpd", "service", "facts"))
def _negative_value(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        for _, row in frame[frame["value"] < 0].iterrows():
            out.append(_finding(
                "error", table, row["code"], row["item"], row["source_line"],
                _Text("negative_value.value", table=table, indicator=row["indicator"], item=_item(cx, row),
                      stated=row["raw"]),
                expected="0 or more", found=row["raw"], difference=row["value"]))
    budgets = []
    if cx.has("plan"):
        pb = cx.doc.plan_budget
        budgets.append((cx.label("plan"), pb.assign(item="budget " + pb["year"].astype(str), raw=pb["budget_raw"],
                                                    item_measure="budget", item_year=pb["year"], item_stage=None)))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        budgets.append((cx.label("rkpd"), r.assign(item=r["stage"] + " budget", raw=r["budget_stated"],
                                                   item_measure="budget", item_year=None, item_stage=r["stage"])))
    for table, frame in budgets:
        # a negative budget is not read (the loader lists it as a problem and leaves the value missing), so it
        # is found by what the document wrote: a minus sign before the digits
        written_negative = frame["budget"].isna() & frame["raw"].astype("string").str.match(
            r"^\s*[-\u2212]\s*\d", na=False)
        for _, row in frame[(frame["budget"].fillna(0) < 0) | written_negative].iterrows():
            out.append(_finding(
                "error", table, row["code"], row["item"], row["source_line"],
                _Text("negative_value.budget", table=table, who=_code(row["code"]), item=_item(cx, row),
                      stated=row["raw"]),
                expected="0 or more", found=row["raw"],
                difference=None if pd.isna(row["budget"]) else float(row["budget"])))
    if cx.has("facts"):
        for row in [f for f in cx.stated() if f["value"] < 0]:
            out.append(_finding(
                "error", _NARRATIVE, _subject_code(row["subject"]), _words(row["quantity"]), row["source_line"],
                _Text("negative_value.text", what=_Text(f"quantity.{row['quantity']}"),
                      subject=_subject(row["subject"], True), stated=_fact_found(row)),
                expected="0 or more", found=_fact_found(row), difference=row["value"]))
    return out


@_rule("target_budget", "plausibility", "a budget above 0 goes with a target above 0 (no budget for a target of "
       "0, none without a target)", uses=("plan", "rkpd"))
def _target_budget(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        targets = _target_summary(cx.doc.plan_targets, ["code", "year"], "target", "raw")
        funded = cx.doc.plan_budget[cx.doc.plan_budget["budget"].fillna(0) > 0]
        rows = funded.merge(targets, on=["code", "year"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], f"budget {row['year']}", row["source_line"],
                                   _rp(row["budget"]), row, _Text("when.year", year=int(row["year"])))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.doc.rkpd_review.sort_values(["stage", "source_line"], kind="stable").copy()
        lead = ~r["continuation"].astype(bool)
        r["lead_line"] = r["source_line"].where(lead).groupby(r["stage"]).ffill()
        targets = _target_summary(r, ["stage", "lead_line"], "target", "target_raw")
        funded = r[lead & (r["budget"].fillna(0) > 0)]
        rows = funded.merge(targets, on=["stage", "lead_line"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], f"{row['stage']} budget", row["source_line"],
                                   f"{row['budget_stated']} ({row['budget_unit']})", row,
                                   cx.stage_words(row["stage"]))
    return out


def _target_summary(frame: pd.DataFrame, keys: list[str], value: str, raw: str) -> pd.DataFrame:
    """Per key: how many targets are stated, whether all are 0, and how they are written."""
    stated = frame[frame[value].notna()]
    agg = stated.groupby(keys).agg(n_targets=(value, "size"), all_zero=(value, lambda v: bool((v == 0).all())),
                                   written=(raw, lambda v: ", ".join(map(str, v))))
    return agg.reset_index()


def _target_finding(table: str, code: Any, item: str, line: Any, budget: str, row: pd.Series,
                    when: _Text | str) -> list[dict]:
    said = dict(table=table, who=_code(code), budget=budget, when=when)
    if pd.isna(row["n_targets"]) or not row["n_targets"]:
        return [_finding("warning", table, code, item, line, _Text("target_budget.none", **said),
                         expected="a target", found="-")]
    if row["all_zero"]:
        return [_finding("warning", table, code, item, line,
                         _Text("target_budget.zero", written=row["written"], **said),
                         expected="a target above 0", found=row["written"])]
    return []


# ====================================================================== 7. across tables
@_rule("needs_vs_plan", "across tables", "Tabel 2.3's needs-analysis budgets and targets are Tabel 4.1's for the "
       "plan year (amounts in thousands: rounded)", needs=("rkpd", "plan"))
def _needs_vs_plan(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if not cx.plan_years:
        return out
    year = cx.plan_years[0]
    table, plan = cx.label("rkpd"), cx.label("plan")
    pb = cx.doc.plan_budget[cx.doc.plan_budget["year"] == year].drop_duplicates("code").set_index("code")
    needs = cx.rkpd[(cx.rkpd["stage"] == "needs") & cx.rkpd["code"].notna()]
    for _, row in needs.iterrows():
        if row["code"] not in pb.index or pd.isna(row["budget"]):
            continue
        p = pb.loc[row["code"]]
        half = row["multiplier"] / 2
        if pd.notna(p["budget"]) and abs(int(row["budget"]) - int(p["budget"])) <= half:
            continue
        said = dict(table=table, code=_code(row["code"]), stated=row["budget_stated"], unit=row["budget_unit"],
                    amount=_rp(row["budget"]), plan=plan, year=year)
        out.append(_finding(
            "error", table, row["code"], f"needs budget {year}", row["source_line"],
            _Text("needs_vs_plan.budget", planned=_rp(p["budget"]), factor=_factor_note(row["budget"], p["budget"]),
                  **said) if pd.notna(p["budget"]) else _Text("needs_vs_plan.no_budget", **said),
            other_table=plan, other_line=p["source_line"], expected=p["budget_raw"] or "-",
            found=row["budget_stated"],
            difference=float(row["budget"] - p["budget"]) if pd.notna(p["budget"]) else None))
    pt = cx.doc.plan_targets
    pt = pt[(pt["year"] == year) & pt["target"].notna()].assign(key=lambda f: f["indicator"].map(_name_key))
    r = cx.doc.rkpd_review
    code_by_line = needs.set_index("source_line")["code"].to_dict()
    r = r[(r["stage"] == "needs") & r["target"].notna()]
    for _, row in r.iterrows():
        code = row["code"] if isinstance(row["code"], str) else code_by_line.get(row["source_line"])
        match = pt[(pt["code"] == code) & (pt["key"] == _name_key(row["indicator"]))]
        if match.empty:
            continue
        p = match.iloc[0]
        if _agreement(row["target"], _decimals(row["target_raw"]), p["target"], _decimals(p["raw"])) == "equal":
            continue
        out.append(_finding(
            "error", table, code, f"needs target {year}", row["source_line"],
            _Text("needs_vs_plan.target", table=table, code=_code(code), indicator=row["indicator"],
                  stated=row["target_raw"], plan=plan, planned=p["raw"], year=year),
            other_table=plan, other_line=p["source_line"], expected=p["raw"], found=row["target_raw"],
            difference=row["target"] - p["target"]))
    return out


def _service_rows(cx: _Context) -> pd.DataFrame:
    s = cx.doc.service_indicators
    return s.assign(key=s["indicator"].map(lambda n: indicator_key(n) if isinstance(n, str) else None),
                    nkey=s["indicator"].map(_name_key))


@_rule("service_vs_narrative", "across tables", "Tabel 2.2 agrees with the text's TPT, TPAK, TKK (and its other "
       "indicators); TKK + TPT = 100 in Tabel 2.2", needs=("service",), uses=("facts",))
def _service_vs_narrative(cx: _Context) -> list[dict]:
    out: list[dict] = []
    table = cx.label("service")
    s = _service_rows(cx)
    if cx.has("facts"):
        for row in cx.stated(period="year"):
            if row["quantity"] not in SERVICE_MEASURES or _subject_code(row["subject"]) \
                    or row["subject"] in ("office", "city"):
                continue
            key = indicator_key(row["subject"])
            rows = s[(s["key"] == key) if key else (s["nkey"] == _name_key(row["subject"]))]
            if row["quantity"] in RATE_COUNTS and key != row["quantity"].upper():
                continue
            cands = rows[(rows["measure"] == SERVICE_MEASURES[row["quantity"]]) & (rows["year"] == row["year"])
                         & rows["value"].notna()]
            cands = [c for c in cands.to_dict("records") if _units_match(c["unit"], row["unit"])]
            out += _compare_stated(cx, row, cands, table, SERVICE_MEASURES[row["quantity"]])
    tkk, tpt = s[s["key"] == "TKK"], s[s["key"] == "TPT"]
    for _, a in tkk[tkk["value"].notna()].iterrows():
        b = tpt[(tpt["measure"] == a["measure"]) & (tpt["year"] == a["year"]) & tpt["value"].notna()]
        if b.empty:
            continue
        b = b.iloc[0]
        bound = _half_unit(_decimals(a["raw"])) + _half_unit(_decimals(b["raw"]))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(_finding(
            "error", table, None, f"TKK + TPT {_MEASURE_WORDS[a['measure']]} {a['year']}", a["source_line"],
            _Text("service_vs_narrative.tkk_tpt", table=table, tkk=a["raw"], tpt=b["raw"],
                  what=_Text(f"measure.{a['measure']}"), year=a["year"], total=_pct(total)),
            other_table=table, other_line=b["source_line"], expected=_pct(100 - b["value"]), found=a["raw"],
            difference=total - 100))
    return out


# ====================================================================== running
def _empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in FINDING_COLUMNS})
    return frame.astype({"source_line": "Int64", "other_line": "Int64", "difference": "float64"})


def _not_run(cx: _Context, rule: Rule) -> list[dict]:
    missing_needs = [n for n in rule.needs if not cx.has(n)]
    missing_uses = [n for n in rule.uses if not cx.has(n)]
    if missing_needs or (not rule.needs and not rule.standalone and rule.uses
                         and len(missing_uses) == len(rule.uses)):
        missing = missing_needs or missing_uses
        return [_finding("info", "document", None, "not run", None,
                         _Text("not_run", rule=rule.name,
                               missing=_Join("join.no", tuple(_Text(f"input.{m}") for m in missing))))]
    if missing_uses:
        return [_finding("info", "document", None, "partly run", None,
                         _Text("partly_run", rule=rule.name,
                               missing=_Join("join.without", tuple(_Text(f"input.{m}") for m in missing_uses))))]
    return []


def audit(doc: Any, tolerance: float = DEFAULT_TOLERANCE, rules: Sequence[str] | None = None,
          lang: str = "id") -> pd.DataFrame:
    """Every inconsistency of a document, one row per finding (see the module docstring).

    ``tolerance`` is in percentage points: how far a ratio the document writes may be
    from the one recomputed from its terms. ``rules`` picks rules by name (default:
    all of :data:`RULES`, in their order). ``lang`` is the language of ``message``:
    ``"id"`` (Indonesian, the default) or ``"en"``; the other columns, and the numbers
    quoted in the message, are the same in both. Returns a new frame with
    :data:`FINDING_COLUMNS`, sorted by rule (registry order), then line; ``difference``
    is found minus expected, in rupiah, percentage points or units.

    >>> import renja_lib
    >>> f = audit(renja_lib.load(), rules=["code_names"])
    >>> f[["rule", "severity", "source_line", "other_line"]].head(2).to_dict("records")
    [{'rule': 'code_names', 'severity': 'error', 'source_line': 439, 'other_line': 437}, \
{'rule': 'code_names', 'severity': 'warning', 'source_line': 455, 'other_line': 554}]
    >>> print(f.message[1])
    Tabel 2.1 menulis nama kode 2.07.01.2.06.08 dengan dua ejaan: 'Fasilitas Kunjungan Tamu' di sini dan \
'Fasilitasi Kunjungan Tamu' pada baris 554.
    >>> print(audit(renja_lib.load(), rules=["code_names"], lang="en").message[1])
    Tabel 2.1 spells the name of 2.07.01.2.06.08 two ways: 'Fasilitas Kunjungan Tamu' here and \
'Fasilitasi Kunjungan Tamu' at line 554.
    """
    lang = _check_lang(lang)
    if not all(hasattr(doc, a) for a in ("tables", "codes", "stated_totals", "source", "problems")):
        raise RenjaError(f"doc must be a document read with renja_lib.load(), got {type(doc).__name__}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not math.isfinite(tolerance) \
            or tolerance < 0:
        raise RenjaError(f"tolerance must be a number of percentage points, 0 or more, got {tolerance!r}")
    names = list(RULES) if rules is None else list(rules)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise RenjaError(f"unknown rule(s) {', '.join(map(repr, unknown))}; the rules are {', '.join(RULES)}")
    cx = _Context(doc, float(tolerance))
    records: list[dict] = []
    for name in names:
        rule = RULES[name]
        skipped = _not_run(cx, rule)
        found = skipped if skipped and skipped[0]["item"] == "not run" else skipped + list(rule.check(cx))
        for f in found:
            records.append({"rule": rule.name, "group": rule.group, **f, "message": f["message"].render(lang)})
    if not records:
        return _empty_findings()
    frame = pd.DataFrame.from_records(records, columns=FINDING_COLUMNS)
    order = {n: i for i, n in enumerate(RULES)}
    frame = frame.assign(_order=frame["rule"].map(order), _line=frame["source_line"].fillna(0))
    frame = frame.sort_values(["_order", "_line", "other_line"], kind="stable", na_position="first")
    frame = frame.drop(columns=["_order", "_line"]).reset_index(drop=True)
    return frame.astype({**{c: "string" for c in _STR_COLUMNS}, "source_line": "Int64", "other_line": "Int64",
                         "difference": "float64"})


def rules() -> pd.DataFrame:
    """The rules, in order: name, group, what each checks, what it needs and uses.

    >>> rules().set_index("rule").loc["reported_ratio", "group"]
    'ratios'
    """
    return pd.DataFrame([{"rule": r.name, "group": r.group, "checks": r.title, "needs": ", ".join(r.needs),
                          "uses": ", ".join(r.uses)} for r in RULES.values()])


def summary(findings: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Findings counted by rule: one row per rule that found something, a column per severity and the total.

    Rules come in registry order within the groups of :data:`GROUPS`. ``checks`` says
    what each rule checks, in ``lang`` (``"id"``, the default, or ``"en"``); the
    other columns are names and counts, the same in both.

    >>> import renja_lib
    >>> s = summary(audit(renja_lib.load(), rules=["code_names", "share_above_100"]))
    >>> s[["rule", "error", "warning", "info", "total"]].to_dict("records")
    [{'rule': 'code_names', 'error': 2, 'warning': 2, 'info': 0, 'total': 4}, \
{'rule': 'share_above_100', 'error': 0, 'warning': 3, 'info': 0, 'total': 3}]
    """
    lang = _check_lang(lang)
    missing = [c for c in ("rule", "severity") if c not in findings.columns]
    if missing:
        raise RenjaError(f"findings must be a frame from audit() with columns rule and severity; missing {missing}")
    counts = pd.crosstab(findings["rule"].astype(str), findings["severity"].astype(str))
    counts = counts.reindex(columns=list(SEVERITIES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    order = [n for n in RULES if n in counts.index] + [n for n in counts.index if n not in RULES]
    counts = counts.reindex(order).reset_index().rename(columns={"index": "rule"})
    counts.columns.name = None
    counts.insert(1, "group", counts["rule"].map(lambda n: RULES[n].group if n in RULES else ""))
    counts.insert(2, "checks", counts["rule"].map(lambda n: message(f"title.{n}", lang) if n in RULES else ""))
    return counts.astype({s: "int64" for s in (*SEVERITIES, "total")})


# The English words of the rules are their titles (the registry is complete only here).
MESSAGES["en"].update({f"title.{r.name}": r.title for r in RULES.values()})
