"""The texts of the audit: every sentence and word it writes, in Indonesian and English (:data:`MESSAGES`).

The rules build their messages as :class:`Text` (a message id and its parameters) so
that what they check does not depend on the language; :func:`renja_lib.check.audit.audit`
writes them in the language asked for. :func:`message` writes one message.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..read.narrative_facts import QUANTITIES
from ..text import check_lang
from .registry import GROUPS, INPUTS, SEVERITIES, Rule

__all__ = ["MEASURE_WORDS", "MESSAGES", "Join", "Text", "add_rule_titles", "message", "quantity_words"]

#: Measures of the tables in English words, for the ``item`` column of findings and the English messages.
MEASURE_WORDS = {
    "target": "target", "realization": "realised value", "renstra_target": "Renstra target",
    "realization_to_date": "realisation to date", "achievement_reported": "achievement",
    "renstra_achievement_reported": "Renstra achievement", "projection": "projection",
}


def quantity_words(quantity: str) -> str:
    """A facts quantity in English words: ``achievement_stated`` -> ``achievement``."""
    return quantity.removesuffix("_stated").replace("realization", "realisation").replace("_", " ")


#: Every text the audit writes, per language of :data:`renja_lib.text.LANGS`, keyed by message id.
#: Templates are :meth:`str.format` strings; numbers arrive already written the way
#: the document writes them (they are quotes of it), so both languages show
#: ``3.456.509.470`` and ``28,50%``. A key with ``.zero``/``.one``/``.other``
#: variants is chosen by a count (English inflects, Indonesian does not; a language
#: without the variant uses the plain key); ``join.*`` keys may have ``.pair`` and
#: ``.last`` variants (see :class:`Join`). Ids: ``<rule>[.<case>]`` for the
#: sentences of the findings, the rest for the words put into them, ``title.<rule>``
#: for :func:`renja_lib.check.audit.summary` and ``cli.*`` for the ``renja audit`` command. The English
#: words of measures, quantities and inputs come from :data:`MEASURE_WORDS`, the
#: names of :data:`renja_lib.read.narrative_facts.QUANTITIES` and :data:`~renja_lib.check.registry.INPUTS`; the
#: English rule titles are those of :data:`~renja_lib.check.registry.RULES` (added by :func:`add_rule_titles` once
#: every rule is registered).
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
        **{f"measure.{m}": w for m, w in MEASURE_WORDS.items()},
        "measure.budget": "budget",
        **{f"quantity.{q}": quantity_words(q) for q in QUANTITIES},
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


class Text:
    """A text not yet written: a message id of :data:`MESSAGES` and its parameters.

    The rules build their messages as ``Text`` so that what they check does not
    depend on the language; :func:`renja_lib.check.audit.audit` writes them in the language asked for. A
    parameter may itself be a ``Text`` (or a :class:`Join` of them). With
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
        return f"Text({self.key!r}, {self.params!r})"


@dataclass(frozen=True)
class Join:
    """Texts joined by the separators of message ``sep``: ``<sep>.pair`` between two
    items, ``<sep>.last`` before the last of three or more, ``<sep>`` otherwise (each
    variant falls back to ``<sep>``): ``A and no B and no C``, ``A, B, maupun C``.
    """

    sep: str
    items: tuple


def _render(value: Any, lang: str) -> str:
    if isinstance(value, Text):
        return value.render(lang)
    if isinstance(value, Join):
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
    return Text(key, count, **params).render(check_lang(lang))


def add_rule_titles(rules: Iterable[Rule]) -> None:
    """Add the English title of every rule of ``rules`` to :data:`MESSAGES` (``title.<rule>``).

    The English words of a rule are its :attr:`Rule.title`; :mod:`renja_lib.check.audit`
    calls this once every family has registered its rules.
    """
    MESSAGES["en"].update({f"title.{r.name}": r.title for r in rules})
