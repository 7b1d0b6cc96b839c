"""The audit: every finding on the real document, each rule on small hand-made documents, the command.

The real document's findings were found by reading it (tables at lines 416-1037,
narrative at 262-415 and 900-955) with the rules in mind; the list below is all
of them, so a finding that appears or vanishes fails a test.

The hand-made document (``MINI``) is written in the tab-separated format of the
real one, with a Tabel 2.1, 2.2, 2.3 and 4.1 and a few narrative paragraphs whose
figures are curated in a facts file beside it. As written it is consistent: the
audit finds nothing. Each test plants one inconsistency and checks that the
rule fires exactly there.

Messages are Indonesian by default and English with ``lang="en"``; assertions on
English wording ask for English. Every audit of a hand-made document (``run``)
also writes its findings in the other language and checks that only ``message``
changes and that both messages quote the same numbers.
"""
from __future__ import annotations

import csv
import doctest
import importlib
import pkgutil
import re
import string
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from renja_lib import RenjaError, load
from renja_lib.check import audit as audit_module
from renja_lib.check.audit import FINDING_COLUMNS, GROUPS, RULES, SEVERITIES, audit, rules, summary
from renja_lib.check.messages import MEASURES
from renja_lib.check.registry import INPUTS
from renja_lib.text import LANGS
from renja_lib.text.catalogue import catalogue, has, tr
from renja_lib.read.narrative_facts import QUANTITIES
from renja_lib.cli.commands import build_parser, main

# ====================================================================== the real document

#: (rule, severity, source_line, other_line): every finding on the bundled document.
REAL_FINDINGS = [
    # 1. sums: Tabel 2.3 amounts are in thousands; each gap of 1 thousand is within rounding (info)
    ("parent_sum", "info", 744, None), ("parent_sum", "info", 744, None),      # 2.07.01 draft, needs
    ("parent_sum", "info", 785, None), ("parent_sum", "info", 785, None),      # 2.07.03
    ("parent_sum", "info", 798, None), ("parent_sum", "info", 798, None),      # 2.07.04.2.01
    ("parent_sum", "info", 801, None), ("parent_sum", "info", 801, None),      # 2.07.04.2.03
    ("parent_sum", "info", 804, None), ("parent_sum", "info", 804, None),      # 2.07.05
    ("stated_total", "info", 816, None), ("stated_total", "info", 816, None),  # 4.993.368 vs 4.993.369; needs
    # 3. narrative against tables
    ("narrative_vs_table", "error", 287, 429),   # "realisasi kinerja 100%" vs 98,22 % (achievement 109%)
    ("narrative_vs_table", "info", 289, 437),    # 144,58% is the achievement, not the realised 130,13 %
    ("narrative_vs_table", "info", 292, 444),    # 97,22% idem (87,5 %)
    ("narrative_vs_table", "info", 296, 450),    # 112,58% idem (106,95 %)
    ("narrative_vs_table", "info", 300, 457),    # 74,07% idem (66,67 %)
    ("narrative_vs_table", "error", 338, 491),   # realised 54,59% vs 53,81 %
    ("narrative_vs_table", "error", 338, 491),   # achievement 172,7% vs 170%
    ("narrative_vs_table", "error", 360, 505),   # achievement 100% vs 111%
    ("narrative_repeat", "error", 360, 358),     # 2.07.05.2.01 achievement 100% vs 111,37%
    ("narrative_repeat", "error", 402, 324),     # trainees employed in 2021: 20 vs 161
    # 4. amounts that contradict themselves
    ("share_magnitude", "error", 368, None),     # Rp.4.244.258,00 cannot be 83,82% of Rp. 5.063.367.215,00
    ("number_format", "warning", 358, None),     # 69.72%
    ("number_format", "warning", 410, None),     # 1.11%
    ("number_format", "warning", 919, None),     # 3.456.509470,00
    ("amount_in_words", "error", 368, None),     # 4.244.258 written as "empat milyar ..." (4.000.244.258)
    # 5. codes and names
    ("code_names", "error", 439, 437),           # 2 07 01 2. 02: Koordinasi ... Akhir Tahun vs Administrasi Keuangan
    ("code_names", "warning", 455, 554),         # Fasilitas / Fasilitasi Kunjungan Tamu
    ("code_names", "error", 538, 533),           # 2 07 01 2. 02 again in the second half
    ("code_names", "warning", 539, 440),         # Triwulan / Triwulanan
    ("code_coverage", "info", 441, None),        # 2.07.01.2.02.08 not in Tabel 4.1
    ("code_coverage", "info", 519, None),        # 2.07.05.2.02.04 not in Tabel 4.1
    ("code_coverage", "info", 1033, None),       # 2.07.05.2.02.02 not in Tabel 2.1
    ("names_across", "info", 805, 1026),         # draft name cut short ("... 1 (satu) Daerah")
    ("names_across", "info", 814, 1035),         # idem
    ("names_across", "info", 997, 465),          # "Penyediaan Jasa Pelayanan Umum Kantor" vs "... Umum"
    # 6. implausible values
    ("share_above_100", "warning", 437, None),   # 130,13 %
    ("share_above_100", "warning", 450, None),   # 106,95 %
    ("share_above_100", "warning", 573, None),   # Renstra target 139 %
    ("target_budget", "warning", 1034, None),    # 2024: 0 KK for Rp 36.344.101
    ("target_budget", "warning", 1035, None),
    ("target_budget", "warning", 1036, None),    # 0 lokasi
    # 7. across tables
    ("service_vs_narrative", "info", 312, 657),  # TPAK target 67,8% vs 67,78%
]


def keys(findings: pd.DataFrame, rule: str | None = None, with_severity: bool = False) -> list[tuple]:
    f = findings if rule is None else findings[findings["rule"] == rule]
    out = []
    for row in f.to_dict("records"):
        other = None if pd.isna(row["other_line"]) else int(row["other_line"])
        line = None if pd.isna(row["source_line"]) else int(row["source_line"])
        out.append((row["rule"], row["severity"], line, other) if with_severity else (row["rule"], line, other))
    return sorted(out, key=repr)


@pytest.fixture(scope="module")
def real(doc) -> pd.DataFrame:
    return audit(doc)


@pytest.fixture(scope="module")
def real_en(doc) -> pd.DataFrame:
    return audit(doc, lang="en")


def test_findings_carry_the_locator_of_their_line(real, doc):
    """A finding on a table row names the row; one on the narrative names the line only."""
    in_tables = real[real["source_table"].notna()]
    assert len(in_tables) and set(in_tables["source_kind"]) == {"text"}
    for f in in_tables.itertuples():
        assert f.source_table == f.table and doc.row_lines[(f.source_table, f.source_row)] == f.source_line
    narrative = real[real["table"].isin(["narasi", "narrative"])]
    assert len(narrative) and narrative["source_table"].isna().all() and narrative["source_row"].isna().all()
    assert real["source_page"].isna().all()  # the bundled text has no form feeds: no pages


#: A number as a message quotes it: ``4.244.258,00``, ``83,82``, ``2.07.01``, ``2021``.
NUMBER = re.compile(r"\d[\d.,]*\d|\d")


def numbers(text: str) -> list[str]:
    """The numbers of a message, their digits only: ``4.244.258,00`` (the document's, or an Indonesian page's) and
    ``4,244,258.00`` (an English page's) are the same number."""
    return sorted(re.sub(r"[.,]", "", n) for n in NUMBER.findall(text))


#: The columns of a finding written in its language (``item`` and ``expected`` where they are words).
WORDS = ["message", "item", "expected"]


def same_but_the_message(a: pd.DataFrame, b: pd.DataFrame) -> None:
    """Findings in two languages: the same findings, the same numbers, messages that differ (and the words of
    ``item`` and ``expected``, which quote the same numbers)."""
    pd.testing.assert_frame_equal(a.drop(columns=WORDS), b.drop(columns=WORDS))
    for x, y in zip(a["message"], b["message"]):
        assert x and y and x != y
        assert numbers(x) == numbers(y), (x, y)
    for x, y in zip(a["item"].fillna(""), b["item"].fillna("")):  # a period is Q1 in one, triwulan I in the other
        assert re.findall(r"\b\d{4}\b", x) == re.findall(r"\b\d{4}\b", y), (x, y)
    for x, y in zip(a["expected"].fillna(""), b["expected"].fillna("")):
        assert numbers(x) == numbers(y), (x, y)


def test_every_finding_on_the_real_document(real):
    assert keys(real, with_severity=True) == sorted(REAL_FINDINGS, key=repr)


def test_findings_have_the_promised_columns_and_types(real):
    assert list(real.columns) == FINDING_COLUMNS
    assert str(real["source_line"].dtype) == "Int64" and str(real["other_line"].dtype) == "Int64"
    assert set(real["severity"]) <= {"error", "warning", "info"}
    assert real["message"].str.len().min() > 20
    assert list(real["rule"].drop_duplicates()) == [r for r in RULES if r in set(real["rule"])]


def test_real_messages_write_computed_figures_in_the_page_language(real_en, real):
    """A figure the audit computes is written in the message's language ("1,000 times" in English, never
    "1.000 times", which reads as one); a quote of the document stays as written ("83,82%"); the columns
    ``found`` and ``expected`` keep the document's format in either language."""
    m_id = real[(real["rule"] == "share_magnitude") & (real["source_line"] == 368)].iloc[0]
    assert "Rp 5.063.367.215" in m_id.message and "1.000 kali" in m_id.message
    real = real_en

    def one(rule, line):
        rows = real[(real["rule"] == rule) & (real["source_line"] == line)]
        assert len(rows) >= 1
        return rows.iloc[0]

    m = one("share_magnitude", 368)
    assert "Rp 4,244,258" in m.message and "83,82%" in m.message and "Rp 5,063,367,215" in m.message
    assert "1,000 times" in m.message and "1.000" not in m.message
    assert m.found == "4.244.258,00" and m.expected == "4.244.114.400"
    words = one("amount_in_words", 368)
    assert words.expected == "4.000.244.258" and "empat milyar" in words.message
    fmt = real[real["rule"] == "number_format"].set_index("source_line")["found"].to_dict()
    assert fmt == {358: "69.72", 410: "1.11", 919: "3.456.509470,00"}
    totals = real[real["rule"] == "stated_total"]
    assert set(totals["expected"]) == {"4.993.368", "5.168.368"} and set(totals["found"]) == {"4.993.369", "5.168.369"}
    assert all("within the rounding" in m for m in totals["message"])
    share = one("share_above_100", 437)
    assert share.found == "130,13 %" and "above 100%" in share.message
    tpak = one("service_vs_narrative", 312)
    assert tpak.found == "67,8%" and tpak.expected == "67,78%"


def test_real_findings_reproducible_from_their_lines(real, doc):
    """The figures a finding names stand on the lines it names."""
    def text(n):
        return doc.source.line(int(n))

    for row in real.to_dict("records"):
        if row["rule"] in ("share_above_100", "number_format", "narrative_vs_table", "service_vs_narrative"):
            assert row["found"].replace("%", "").strip() in text(row["source_line"])
        if row["rule"] in ("narrative_vs_table", "service_vs_narrative"):
            assert row["expected"].replace(" %", "").replace("%", "") in text(row["other_line"])
        if row["rule"] == "code_names":
            assert row["found"] in text(row["source_line"]) and row["expected"] in text(row["other_line"])


def test_code_named_twice_in_tabel_2_1(real):
    row = real[(real["rule"] == "code_names") & (real["source_line"] == 439)].iloc[0]
    assert row.code == "2.07.01.2.02" and row.table == "Tabel 2.1"
    assert "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD" in row.message
    assert "Administrasi Keuangan Perangkat Daerah" in row.message


def test_needs_analysis_agrees_with_the_plan_within_rounding(real, doc):
    """2.07.01: needs 3.456.509 thousand is Tabel 4.1's 3.456.509.470 rounded; only the draft differs."""
    assert real[real["rule"] == "needs_vs_plan"].empty
    r = doc.rkpd_review.query("code == '2.07.01' and stage == 'needs'")
    assert int(r["budget"].iloc[0]) == 3_456_509_000


def test_the_audit_checks_what_budget_checks_did(real, doc):
    """The checks of the former ``renja_lib.analyse.budget.budget_checks``, each found by the audit.

    * Tabel 4.1 programmes against the stated total, and every parent against the sum of its
      children, per year: they hold, so ``stated_total`` and ``parent_sum`` say nothing of Tabel 4.1.
    * Tabel 2.3's programmes against its stated total per stage: 1.000 apart, within the rounding of
      amounts written in thousands. ``budget_checks`` allowed Rp 500 per programme (4: Rp 2.000); the
      audit also counts the rounded total (5 amounts: Rp 2.500) and reports it as ``info``.
    * A plan-year budget the narrative states against Tabel 4.1: those it can read agree
      (``narrative_vs_table`` and ``stated_total`` say nothing of them); the one it cannot read
      (line 919, ``3.456.509470,00``) is a ``number_format`` warning.
    """
    sums = real[real["rule"].isin(["parent_sum", "stated_total"])]
    assert not (sums["table"] == "Tabel 4.1").any() and not (sums["other_table"] == "Tabel 4.1").any()
    totals = real[(real["rule"] == "stated_total") & (real["table"] == "Tabel 2.3")]
    assert totals[["item", "source_line", "severity", "difference"]].values.tolist() == [
        ["total pagu Rancangan Awal RKPD", 816, "info", 1000],
        ["total pagu Hasil Analisis Kebutuhan", 816, "info", 1000]]
    plan_year = doc.years["plan"]
    stated = doc.facts[(doc.facts["year"] == plan_year) & doc.facts["quantity"].isin(["budget", "total_budget"])]
    readable = set(stated.loc[stated["value"].notna(), "source_line"])
    assert len(readable) == 5
    narrative = real[real["rule"].isin(["narrative_vs_table", "stated_total"]) & (real["table"] == "narrative")]
    assert not readable & set(narrative["source_line"])
    unreadable = stated[stated["value"].isna()]
    assert unreadable[["subject", "source_line"]].values.tolist() == [["2.07.01", 919]]
    fmt = real[(real["rule"] == "number_format") & (real["source_line"] == 919)]
    assert fmt[["severity", "code", "item"]].values.tolist() == [
        ["warning", "2.07.01", f"pagu anggaran tahun {plan_year} (setahun)"]]


def test_tolerance_zero_flags_whole_percent_rounding(doc, real):
    strict = audit(doc, tolerance=0, rules=["reported_ratio"])
    assert len(strict) == 46 and set(strict["severity"]) == {"error"}
    assert real[real["rule"] == "reported_ratio"].empty


def test_summary_counts_by_rule(real):
    s = summary(real)
    assert list(s.columns) == ["rule", "group", "checks", "error", "warning", "info", "total"]
    assert int(s["total"].sum()) == len(REAL_FINDINGS)
    counts = Counter(r for r, *_ in REAL_FINDINGS)
    assert dict(zip(s["rule"], s["total"])) == counts
    assert s.set_index("rule").loc["code_names", ["error", "warning"]].tolist() == [2, 2]


def test_summary_leads_with_the_errors(real):
    """The 10 errors of the bundled document come before its 10 rounding notes (parent_sum, info): rules by their
    errors, then warnings, then info; equal counts in registry order (issue 15, misleading headline 7)."""
    s = summary(real)
    counts = list(zip(s["error"], s["warning"], s["info"]))
    assert counts == sorted(counts, reverse=True)
    assert list(s["rule"][:5]) == ["narrative_vs_table", "code_names", "narrative_repeat", "share_magnitude",
                                   "amount_in_words"]
    assert int(s["error"][:5].sum()) == int(s["error"].sum()) == 10
    assert s["rule"].tolist().index("parent_sum") > s["rule"].tolist().index("target_budget")
    ties = s[(s["error"] == 1) & (s["warning"] == 0)]["rule"].tolist()  # equal counts: the registry's order
    assert ties == [r for r in RULES if r in ties]


def test_rules_are_listed_with_their_groups():
    r = rules()
    assert list(r["rule"]) == list(RULES) and len(r) >= 7
    assert set(r["group"]) == set(audit_module.GROUPS)
    # one module per group, imported in the order of GROUPS: the rules run (and are reported) group by group
    order = [audit_module.GROUPS.index(g) for g in r["group"]]
    assert order == sorted(order)


def test_bad_arguments_are_refused(doc):
    with pytest.raises(RenjaError, match="tolerance"):
        audit(doc, tolerance=-1)
    with pytest.raises(RenjaError, match="tolerance"):
        audit(doc, tolerance=float("nan"))
    with pytest.raises(RenjaError, match="unknown rule"):
        audit(doc, rules=["no_such_rule"])
    with pytest.raises(RenjaError, match="renja_lib.load"):
        audit("data/raw/renja.txt")


# ---------------------------------------------------------------- languages
def test_messages_are_indonesian_by_default(real, real_en):
    def one(frame, rule, line, item=None):
        rows = frame[(frame["rule"] == rule) & (frame["source_line"] == line)]
        return rows[rows["item"] == item].iloc[0] if item else rows.iloc[0]

    words = one(real, "amount_in_words", 368)
    assert words.message == (
        "Rp. 4.244.258,00 ditulis dengan huruf 'empat milyar dua ratus empat puluh empat ribu dua ratus lima puluh "
        "delapan rupiah', yang berarti 4.000.244.258: angka dan terbilangnya tidak sama.")
    assert numbers(words.message) == numbers(one(real_en, "amount_in_words", 368).message)
    draft = one(real, "parent_sum", 744, "pagu Rancangan Awal RKPD")
    assert draft.table == "Tabel 2.3" and draft.severity == "info"
    assert draft.message == (
        "Pada Tabel 2.3 (Rancangan Awal RKPD), jumlah pagu 8 kegiatan di bawah program 2.07.01 adalah 3.431.510, "
        "sedangkan barisnya sendiri mencantumkan 3.431.509 (Rp.000): selisih 1, masih dalam batas pembulatan 9 angka "
        "yang ditulis dalam ribuan (selisih paling besar 4,5), jadi bukan kesalahan.")
    draft_en = one(real_en, "parent_sum", 744, "draft budget")
    assert draft_en.message.startswith("In Tabel 2.3 (RKPD first draft), the 8 activities of 2.07.01 add up to")
    assert numbers(draft.message) == numbers(draft_en.message)
    needs = one(real, "parent_sum", 744, "pagu Hasil Analisis Kebutuhan")
    assert "(Hasil Analisis Kebutuhan)" in needs.message and "dalam batas pembulatan" in needs.message


def test_every_real_finding_has_an_indonesian_message(real, real_en):
    """Same findings and columns in both languages; only the message differs, quoting the same numbers."""
    assert len(real) == len(REAL_FINDINGS)
    same_but_the_message(real, real_en)
    english = re.compile(r"\b(the|but|and|of|is|are|in|at|line|text|written|apart|rounding|budget)\b")
    for m in real["message"]:
        quoted = re.sub(r"'[^']*'", "", m)  # names quoted from the document
        assert not english.search(quoted), m


#: (rule, line, item and expected in Indonesian, the same in English): rows of the real document's findings.
ITEMS = [
    ("parent_sum", 744, ["pagu Rancangan Awal RKPD", "3.431.510"], ["draft budget", "3.431.510"]),
    ("stated_total", 816, ["total pagu Rancangan Awal RKPD", "4.993.368"], ["total draft", "4.993.368"]),
    ("narrative_repeat", 360, ["capaian tahun 2021 (setahun)", "111,37%"], ["achievement 2021 (year)", "111,37%"]),
    ("number_format", 410, ["penyerapan anggaran tahun 2022 (triwulan I)", "angka seperti 1.234.567 atau 12,5"],
     ["absorption 2022 (Q1)", "a number such as 1.234.567 or 12,5"]),
    ("amount_in_words", 368, ["nilai terbilang", "4.000.244.258"], ["amount in words", "4.000.244.258"]),
    ("code_names", 439, ["nama", "Administrasi Keuangan Perangkat Daerah"],
     ["name", "Administrasi Keuangan Perangkat Daerah"]),
    ("share_above_100", 573, ["target Renstra tahun 2026", "paling besar 100%"],
     ["Renstra target 2026", "at most 100%"]),
    ("target_budget", 1034, ["pagu tahun 2024", "target di atas 0"], ["budget 2024", "a target above 0"]),
]


@pytest.mark.parametrize("rule, line, indonesian, english", ITEMS, ids=[f"{r}-{n}" for r, n, *_ in ITEMS])
def test_item_and_expected_are_words_of_the_findings_language(real, real_en, rule, line, indonesian, english):
    """``item`` (what was compared) and ``expected`` where it is words: Indonesian by default; in English the
    words these columns always had. Figures and names quoted from the document are the same in both."""
    def cells(frame):
        rows = frame[(frame["rule"] == rule) & (frame["source_line"] == line)]
        return rows[["item", "expected"]].iloc[0].tolist()

    assert cells(real) == indonesian
    assert cells(real_en) == english


def test_unknown_language_is_refused(doc, real):
    for lang in ("fr", "EN", "", None):
        with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'"):
            audit(doc, rules=["code_names"], lang=lang)
    with pytest.raises(RenjaError, match="'id', 'en'"):
        summary(real, lang="english")
    with pytest.raises(RenjaError, match="'id', 'en'"):
        tr("audit.severity.error", "de")
    with pytest.raises(RenjaError, match="'id', 'en'"):
        rules("de")


def test_summary_says_what_each_rule_checks_in_either_language(real):
    s_id, s_en = summary(real), summary(real, lang="en")
    pd.testing.assert_frame_equal(s_id.drop(columns="checks"), s_en.drop(columns="checks"))
    assert list(s_en["checks"]) == [tr(f"audit.title.{r}", "en") for r in s_en["rule"]]
    assert list(s_en["checks"]) == list(rules().set_index("rule").loc[s_en["rule"], "checks"])
    assert all(a and a != b for a, b in zip(s_id["checks"], s_en["checks"]))
    assert s_id.set_index("rule").loc["amount_in_words", "checks"] == \
        "nilai yang ditulis dengan angka dan dengan huruf (terbilang) sama"
    assert s_en.set_index("rule").loc["amount_in_words", "checks"] == \
        "an amount written in figures and in words (terbilang) is one amount"


def test_message_catalogue_is_complete():
    """Every rule, group, severity, input, quantity and measure has words in the catalogue (audit.yaml), in every
    language; every text names the same fields in both languages and can be filled; plural forms are chosen."""
    names = ([f"audit.title.{r}" for r in RULES] + [f"audit.group.{g}" for g in GROUPS]
             + [f"audit.severity.{s}" for s in SEVERITIES] + [f"audit.input.{i}" for i in INPUTS]
             + [f"audit.quantity.{q}" for q in QUANTITIES] + [f"audit.measure.{m}" for m in MEASURES])
    assert [k for k in names if not has(k)] == []
    audit_keys = [k for k in catalogue() if k.startswith("audit.")]
    assert len(audit_keys) > 150

    def fields(text) -> set[str]:
        texts = [text] if isinstance(text, str) else list(text.values())
        return {name for t in texts for _, name, _, _ in string.Formatter().parse(t) if name}

    for key in audit_keys:
        entry = catalogue()[key]
        assert set(entry) == set(LANGS), key
        assert fields(entry["id"]) == fields(entry["en"]), key
        for lang in LANGS:
            assert tr(key, lang, **{f: "x" for f in fields(entry[lang]) | {"n"}} | {"n": 2}), key
    assert tr("audit.n.kegiatan", "en", n=1) == "1 activity" and tr("audit.n.kegiatan", "id", n=1) == "1 kegiatan"
    assert tr("audit.n.kegiatan", "en", n=3) == "3 activities" and tr("audit.n.kegiatan", "id", n=3) == "3 kegiatan"
    assert tr("audit.n.decimal", "id", n=0) == "bilangan bulat" and tr("audit.n.decimal", "en", n=0) == "0 decimals"
    assert tr("audit.n.decimal", "id", n=1) == "1 angka desimal" and tr("audit.n.decimal", "en", n=1) == "1 decimal"


#: Every module of renja_lib.check, and whether its docstrings have examples.
CHECK_MODULES = {"audit": True, "registry": False, "context": False, "messages": True, "figures": True,
                 "sums": False, "ratios": False, "narrative_vs_tables": False, "amounts": True,
                 "codes_and_names": False, "plausibility": False, "across_tables": False}


@pytest.mark.parametrize("name", CHECK_MODULES)
def test_doctests(name):
    result = doctest.testmod(importlib.import_module(f"renja_lib.check.{name}"),
                             optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and (result.attempted > 0) == CHECK_MODULES[name]


def test_doctests_cover_every_module():
    import renja_lib.check

    assert {m.name for m in pkgutil.iter_modules(renja_lib.check.__path__)} == set(CHECK_MODULES)


# ====================================================================== a small hand-made document
def row(*cells: str) -> str:
    return "\t".join(cells)


H21 = [
    row("Kode", "Urusan/Bidang Urusan Pemerintah Daerah dan Program / Kegiatan",
        "Indikator Kinerja Program (Outcome) / Kegiatan (Output)",
        "Target Kinerja Capaian Program (Renstra PD) Tahun 2026",
        "Realisasi Target Kinerja Hasil Program dan Keluaran Kegiatan s/d Tahun 2020",
        "Target dan Realisasi Kinerja Program dan Kegiatan Tahun 2021", "", "",
        "Target Program dan Kegiatan Tahun 2022",
        "Perkiraan Realisasi Capaian Target Renstra PD s/d Tahun berjalan", ""),
    row("", "", "", "", "", "Target Renja PD Tahun 2021", "Realisasi Renja PD Tahun 2021", "Tingkat Realisasi (%)", "",
        "Realisasi Capaian Program dan Kegiatan s/d Tahun 2022", "Tingkat Capaian Realisasi Target Renstra (%)"),
    row("1", "2", "3", "4", "5", "6", "7", "8 = (7/6)", "9", "10 = 9", "11 = (10/4)"),
]
URUSAN = [row("2", "URUSAN PEMERINTAHAN WAJIB YANG TIDAK BERKAITAN DENGAN PELAYANAN DASAR", *[""] * 9),
          row("2 07", "URUSAN PEMERINTAHAN BIDANG TENAGA KERJA", *[""] * 9)]
P03 = "PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA"
P04 = "PROGRAM PENEMPATAN TENAGA KERJA"
A0301 = "Pelaksanaan Pelatihan berdasarkan Unit Kompetensi"
S030101 = "Proses Pelaksanaan Pendidikan dan Pelatihan Keterampilan bagi Pencari Kerja"
S030102 = "Pemagangan Kerja"
A0401 = "Pelayanan Antarkerja di Daerah Kabupaten/Kota"
S040105 = "Perluasan Kesempatan Kerja"
I03 = "Persentase peserta pelatihan yang sudah mendapatkan pekerjaan"
I0301 = "Persentase Pencari Kerja yang mendapatkan Pelatihan"
I04 = "Persentase pencari kerja terdaftar yang telah ditempatkan"
I0401 = "Persentase Pencari Kerja yang mendapatkan Informasi Kerja"
I030101 = "Jumlah Tenaga Kerja yang Mendapat Pelatihan"
I030102 = "Jumlah peserta pemagangan kerja di perusahaan"
I040105 = "Jumlah Tenaga Kerja yang Diberdayakan"

TABEL_2_1 = [
    "Tabel 2.1", "Rekapitulasi Evaluasi Hasil Pelaksanaan Renja Perangkat Daerah dan",
    "Pencapaian Renstra Perangkat Daerah s/d Tahun 2022", "Kota Contoh", "",
    "Nama Perangkat Daerah : Dinas Tenaga Kerja Kota Contoh", "",
    *H21, *URUSAN,
    row("2 07 03", P03, I03, "-", "-", "16 %", "16,1 %", "101%", "-", "-", "-"),
    row("2 07 03 2.01", A0301, I0301, "-", "-", "20,1 %", "18,5 %", "92%", "-", "-", "-"),
    row("2 07 03 2.01 01", S030101, I030101, "-", "-", "176 orang", "160 orang", "91%", "-", "-", "-"),
    row("2 07 03 2.01 02", S030102, I030102, "-", "-", "25 orang", "25 orang", "100%", "-", "-", "-"),
    row("2 07 04", P04, I04, "-", "-", "31,61 %", "53,81 %", "170%", "-", "-", "-"),
    row("2 07 04 2.01", A0401, I0401, "-", "-", "16,5 %", "16,5 %", "100%", "-", "-", "-"),
    row("2 07 04 2.01 05", S040105, I040105, "-", "-", "192 orang", "192 orang", "100%", "-", "-", "-"),
    "", *H21[:2], *URUSAN,
    row("2 07 03", P03, I03, "92,5 %", "-", "-", "-", "-", "16,8 %", "16,8 %", "18%"),
    row("2 07 03 2.01", A0301, I0301, "90 %", "-", "-", "-", "-", "25 %", "25 %", "28%"),
    row("2 07 03 2.01 01", S030101, I030101, "680 orang", "-", "-", "-", "-", "135 orang", "135 orang", "20%"),
    row("2 07 03 2.01 02", S030102, I030102, "100 orang", "-", "-", "-", "-", "20 orang", "20 orang", "20%"),
    row("2 07 04", P04, I04, "36 %", "-", "-", "-", "-", "32 %", "32 %", "89%"),
    row("2 07 04 2.01", A0401, I0401, "18 %", "-", "-", "-", "-", "18 %", "18 %", "100%"),
    row("2 07 04 2.01 05", S040105, I040105, "192 orang", "-", "-", "-", "-", "132 orang", "132 orang", "69%"),
    "",
]
TABEL_2_2 = [
    "Tabel 2.2", "Pencapaian Kinerja Pelayanan Perangkat Daerah Dinas Tenaga Kerja", "Kota Contoh", "",
    row("No.", "Indikator", "SPM/ Standar Nasional", "IKK", "Target Renstra PD", "", "", "", "Realisasi Capaian", "",
        "Proyeksi", "", "Catatan Analisis"),
    row("", "", "", "", "Tahun 2021", "Tahun 2022", "Tahun 2023", "Tahun 2024", "Tahun 2021", "Tahun 2022",
        "Tahun 2023", "Tahun 2024", ""),
    row(*[f"({i})" for i in range(1, 14)]),
    row("1", "Tingkat Pengangguran Terbuka", "", "√", "5,71%", "6,20%", "6,00%", "5,71%", "6,23%", "", "6,00%",
        "5,71%", ""),
    row("2", "Tingkat Partisipasi Angkatan Kerja", "", "", "67,78%", "67,80%", "67,85%", "67,90%", "71,66%", "",
        "67,85%", "67,90%", ""),
    row("3", "Tingkat Kesempatan Kerja", "", "", "94,29%", "93,80%", "94,00%", "94,29%", "93,77%", "", "94,00%",
        "94,29%", ""),
    "",
]


def rkpd(no, name, indicator, target, draft, needs):
    return row(no, name, "Kota Contoh", indicator, target, draft, name, "Kota Contoh", indicator, target, needs, "")


TABEL_2_3 = [
    "Tabel 2.3", "Review terhadap Rancangan Awal RKPD Tahun 2023", "Kota Contoh", "",
    "Nama Perangkat Daerah : Dinas Tenaga Kerja Kota Contoh", "",
    row("No", "Rancangan Awal RKPD", "", "", "", "", "Hasil Analisis Kebutuhan", "", "", "", "", "Catatan Penting"),
    row("", "Program /Kegiatan/Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
        "Pagu Indikatif (Rp.000)", "Program / Kegiatan/Sub Kegiatan", "Lokasi", "Indikator Kinerja", "Target Capaian",
        "Kebutuhan Dana (Rp.000)", ""),
    row(*[f"({i})" for i in range(1, 13)]),
    rkpd("1", "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja", I03, "17%", "280.000", "300.000"),
    rkpd("", A0301, I0301, "28,50%", "280.000", "300.000"),
    rkpd("", S030101, I030101, "135 orang", "180.000", "200.000"),
    rkpd("", S030102, I030102, "20 orang", "100.000", "100.000"),
    rkpd("2", "Program Penempatan Tenaga Kerja", I04, "33%", "100.000", "100.000"),
    rkpd("", A0401, I0401, "18%", "100.000", "100.000"),
    rkpd("", S040105, I040105, "132 orang", "100.000", "100.000"),
    row("", "", "", "", "", "380.000", "", "", "", "", "400.000", ""),
    "",
]


def plan(code, name, indicator, target, budget, target24, budget24):
    return row(code, name, indicator, "Kota Contoh", target, budget, "Dana Transfer Umum-Dana Alokasi Umum", "",
               target24, budget24)


TABEL_4_1 = [
    "Tabel 4.1", "Rumusan Rencana Program dan Kegiatan Perangkat Daerah", "Tahun 2023",
    "dan Prakiraan Maju Tahun 2024", "Kota Contoh", "", "Nama Perangkat Daerah : Dinas Tenaga Kerja Kota Contoh", "",
    row("Kode", "Urusan/Bidang Urusan Pemerintahan Daerah dan Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja Program/Kegiatan/Sub Kegiatan", "Rencana Tahun 2023", "", "", "", "Catatan Penting",
        "Prakiraan Maju Rencana Tahun 2024", ""),
    row("", "", "", "Lokasi", "Target Capaian Kinerja", "Kebutuhan Dana/Pagu Indikatif", "Sumber Dana", "",
        "Target Capaian Kinerja", "Kebutuhan Dana/Pagu Indikatif"),
    row(*[f"({i})" for i in range(1, 11)]),
    plan("2 07 03", "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja", I03, "17%", "300.000.000", "17,5%",
         "350.000.000"),
    plan("2 07 03 2.01", A0301, I0301, "28,50%", "300.000.000", "28,50%", "350.000.000"),
    plan("2 07 03 2.01 01", S030101, I030101, "135 orang", "200.000.000", "135 orang", "250.000.000"),
    plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "20 orang", "100.000.000"),
    plan("2 07 04", "Program Penempatan Tenaga Kerja", I04, "33%", "100.000.000", "33%", "120.000.000"),
    plan("2 07 04 2.01", A0401, I0401, "18%", "100.000.000", "18%", "120.000.000"),
    plan("2 07 04 2.01 05", S040105, I040105, "132 orang", "100.000.000", "132 orang", "120.000.000"),
    row("", "", "", "", "", "400.000.000", "", "", "", "470.000.000"),
    "",
]

N_COUNTS = ("Pelaksanaan renja tahun 2021 terdiri dari 2 program yang terbagi dalam 2 kegiatan, yang sebagian besar "
            "mencapai target.")
N_PROGRAMME = ("Program Pelatihan Kerja diukur dengan indikator persentase peserta pelatihan yang sudah mendapatkan "
               "pekerjaan, ditargetkan sebesar 16,00% dan realisasi sebesar 16,1% atau tercapai 100,6%. Realisasi "
               "anggaran program ini sebesar Rp. 90.000.000,00 dari target sebesar Rp. 100.000.000,00 atau tingkat "
               "penyerapan sebesar 90,00%.")
N_TPAK = ("Indikator tujuan adalah TPAK yang ditargetkan sebesar 67,78% dengan realisasi sebesar 71,66%. Jumlah "
          "Angkatan Kerja sebanyak 111.954 orang berbanding Jumlah Penduduk Usia Kerja sebanyak 156.219 orang.")
N_TKK = ("Indikator sasaran adalah TKK, ditargetkan sebesar 94,29% dengan capaian sebesar 93,77%, yaitu penduduk "
         "bekerja sebanyak 104.977 orang berbanding angkatan kerja sebanyak 111.954 orang, dengan pengangguran "
         "sebanyak 6.977 orang atau TPT sebesar 6,23%. Tahun 2020 TKK sebesar 93,67% atau TPT sebesar 6,33%, "
         "sehingga terjadi peningkatan TKK sebesar 0,1%.")
N_OFFICE = ("Seluruh program didukung anggaran APBD TA 2021 sebesar Rp. 150.000.000,00 (seratus lima puluh juta "
            "rupiah) dengan realisasi sebesar Rp. 135.000.000,00 (seratus tiga puluh lima juta rupiah) atau "
            "terealisasi sebesar 90,00%.")
N_PLAN = ("Pada tahun 2023 direncanakan sebanyak 2 program yang terbagi dalam 2 kegiatan dengan total pagu anggaran "
          "sebesar Rp. 400.000.000,00, yaitu Program Pelatihan Kerja dengan pagu anggaran sebesar Rp. 300.000.000,00.")

MINI = "\n".join([
    "BAB II", "", "2.1. Evaluasi Pelaksanaan Renja Dinas Tenaga Kerja Tahun Lalu", "",
    N_COUNTS, "", N_PROGRAMME, "", N_TPAK, "", N_TKK, "", N_OFFICE, "",
    *TABEL_2_1, "2.2 Analisis Kinerja Pelayanan", "", *TABEL_2_2,
    "2.4 Review terhadap Rancangan Awal RKPD", "", *TABEL_2_3,
    "3.3. Program dan Kegiatan", "", N_PLAN, "", *TABEL_4_1,
    "BAB V", "", "PENUTUP", "",
])

TPAK, TKK, TPT = "Tingkat Partisipasi Angkatan Kerja", "Tingkat Kesempatan Kerja", "Tingkat Pengangguran Terbuka"
#: quantity, subject, year, period, value, unit, quote
FACTS = [
    ("programme_count", "office", 2021, "year", "2", "program", "terdiri dari 2 program"),
    ("activity_count", "office", 2021, "year", "2", "kegiatan", "terbagi dalam 2 kegiatan, yang"),
    ("target_stated", "2.07.03", 2021, "year", "16.00", "%", "ditargetkan sebesar 16,00%"),
    ("realization_stated", "2.07.03", 2021, "year", "16.1", "%", "realisasi sebesar 16,1%"),
    ("achievement_stated", "2.07.03", 2021, "year", "100.6", "%", "tercapai 100,6%"),
    ("spending", "2.07.03", 2021, "year", "90000000", "rupiah", "program ini sebesar Rp. 90.000.000,00"),
    ("budget", "2.07.03", 2021, "year", "100000000", "rupiah", "dari target sebesar Rp. 100.000.000,00"),
    ("absorption_stated", "2.07.03", 2021, "year", "90.00", "%", "penyerapan sebesar 90,00%"),
    ("target_stated", TPAK, 2021, "year", "67.78", "%", "ditargetkan sebesar 67,78%"),
    ("tpak", TPAK, 2021, "year", "71.66", "%", "dengan realisasi sebesar 71,66%"),
    ("labour_force", "city", 2021, "year", "111954", "orang", "Jumlah Angkatan Kerja sebanyak 111.954 orang"),
    ("working_age_population", "city", 2021, "year", "156219", "orang", "Usia Kerja sebanyak 156.219 orang"),
    ("target_stated", TKK, 2021, "year", "94.29", "%", "ditargetkan sebesar 94,29%"),
    ("tkk", TKK, 2021, "year", "93.77", "%", "dengan capaian sebesar 93,77%"),
    ("employed", "city", 2021, "year", "104977", "orang", "bekerja sebanyak 104.977 orang"),
    ("labour_force", "city", 2021, "year", "111954", "orang", "angkatan kerja sebanyak 111.954 orang"),
    ("unemployed", "city", 2021, "year", "6977", "orang", "pengangguran sebanyak 6.977 orang"),
    ("tpt", TPT, 2021, "year", "6.23", "%", "TPT sebesar 6,23%"),
    ("tkk", TKK, 2020, "year", "93.67", "%", "TKK sebesar 93,67%"),
    ("tpt", TPT, 2020, "year", "6.33", "%", "TPT sebesar 6,33%"),
    ("increase_stated", TKK, 2021, "year", "0.1", "%", "peningkatan TKK sebesar 0,1%"),
    ("total_budget", "office", 2021, "year", "150000000", "rupiah", "APBD TA 2021 sebesar Rp. 150.000.000,00"),
    ("total_spending", "office", 2021, "year", "135000000", "rupiah", "realisasi sebesar Rp. 135.000.000,00"),
    ("absorption_stated", "office", 2021, "year", "90.00", "%", "terealisasi sebesar 90,00%"),
    ("programme_count", "office", 2023, "year", "2", "program", "sebanyak 2 program"),
    ("activity_count", "office", 2023, "year", "2", "kegiatan", "dalam 2 kegiatan dengan"),
    ("total_budget", "office", 2023, "year", "400000000", "rupiah", "total pagu anggaran sebesar Rp. 400.000.000,00"),
    ("budget", "2.07.03", 2023, "year", "300000000", "rupiah", "pagu anggaran sebesar Rp. 300.000.000,00"),
]


def sub(text: str, old: str, new: str) -> str:
    """Replace ``old`` (which must occur exactly once) by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, snippet: str, nth: int = 0) -> int:
    """1-based line of the ``nth`` line holding ``snippet``."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if snippet in line]
    assert len(hits) > nth, f"{snippet!r} is on {len(hits)} line(s)"
    return hits[nth]


def write(tmp_path: Path, text: str = MINI, facts: list[tuple] | None = FACTS, name: str = "mini.txt") -> Path:
    """Write a document and, unless ``facts`` is None, its facts file beside it."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    if facts is not None:
        with path.with_name(path.stem + ".facts.csv").open("w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["quantity", "subject", "year", "period", "value", "unit", "quote", "source_line", "note"])
            for quantity, subject, year, period, value, unit, quote, *note in facts:
                w.writerow([quantity, subject, year, period, value, unit, quote, line_of(text, quote),
                            note[0] if note else ""])
    return path


def edit_facts(**changes: tuple[str, str]) -> list[tuple]:
    """FACTS with the row whose quote is a key given a new (quote, value)."""
    out = []
    for fact in FACTS:
        quote = fact[6]
        if quote in changes:
            new_quote, value, *note = changes.pop(quote)
            fact = (*fact[:4], value, fact[5], new_quote, *note)
        out.append(fact)
    assert not changes, f"no fact with quote {list(changes)}"
    return out


def run(tmp_path, text=MINI, facts=FACTS, **kw) -> pd.DataFrame:
    """Audit a hand-made document; check that the other language gives the same findings, numbers and all."""
    doc = load(write(tmp_path, text, facts))
    findings = audit(doc, **kw)
    if len(findings):
        other = "en" if kw.get("lang", "id") == "id" else "id"
        fired = list(dict.fromkeys(findings["rule"]))
        same_but_the_message(findings, audit(doc, **{**kw, "rules": fired, "lang": other}))
    return findings


def found(findings: pd.DataFrame, rule: str) -> list[tuple]:
    """(severity, source_line, other_line) of the findings of one rule."""
    return [(s, line, other) for _, s, line, other in keys(findings, rule, with_severity=True)]


@pytest.fixture(scope="module")
def mini_findings(tmp_path_factory) -> pd.DataFrame:
    return run(tmp_path_factory.mktemp("mini"))


def test_the_mini_document_reads_as_intended(tmp_path):
    doc = load(write(tmp_path))
    assert set(doc.tables) == {"plan_budget", "plan_targets", "evaluation", "service_indicators", "rkpd_review"}
    assert doc.problems.empty
    assert (doc.facts["status"] == "confirmed").sum() == len(FACTS)  # the file's rows; the reader's others are drafts
    assert doc.evaluation["part"].max() == 2
    assert doc.rkpd_review["code"].notna().all()


def test_the_consistent_mini_document_has_no_finding(mini_findings):
    assert mini_findings.empty, mini_findings[["rule", "source_line", "message"]].to_string()
    assert list(mini_findings.columns) == FINDING_COLUMNS


# ---------------------------------------------------------------- 1. sums
def test_parent_sum_in_tabel_4_1(tmp_path):
    text = sub(MINI, plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "20 orang", "100.000.000"),
               plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "20 orang", "100.500.000"))
    f = run(tmp_path, text)
    at = line_of(text, "2 07 03 2.01\t" + A0301, 2)  # Tabel 4.1's row of the activity
    assert found(f, "parent_sum") == [("error", at, None)]
    row = f[f["rule"] == "parent_sum"].iloc[0]
    assert row["item"] == "pagu tahun 2024" and row["expected"] == "350.500.000" and row["found"] == "350.000.000"
    assert "Rp 350.500.000" in row.message and "Rp 350.000.000" in row.message
    assert set(f["rule"]) == {"parent_sum"}


def test_parent_without_budget_whose_children_have_one(tmp_path):
    old = plan("2 07 04 2.01", A0401, I0401, "18%", "100.000.000", "18%", "120.000.000")
    f = run(tmp_path, sub(MINI, old, old.replace("18%\t120.000.000", "18%\t-")), lang="en")
    assert found(f, "parent_sum") == [("error", line_of(MINI, old), None)]
    assert "states no budget, but its 1 sub-activity comes to 120,000,000" in f.iloc[0]["message"]
    assert set(f["rule"]) == {"parent_sum"}


def test_parent_sum_in_tabel_2_3_beyond_and_within_rounding(tmp_path):
    old = rkpd("", S030101, I030101, "135 orang", "180.000", "200.000")
    beyond = run(tmp_path, sub(MINI, old, rkpd("", S030101, I030101, "135 orang", "185.000", "200.000")))
    at = line_of(MINI, A0301, 2)  # Tabel 2.3's row of the activity
    assert found(beyond, "parent_sum") == [("error", at, None)]
    assert beyond[beyond["rule"] == "parent_sum"].iloc[0]["item"] == "pagu Rancangan Awal RKPD"
    within = run(tmp_path, sub(MINI, old, rkpd("", S030101, I030101, "135 orang", "180.001", "200.000")), lang="en")
    assert found(within, "parent_sum") == [("info", at, None)]
    assert "within the rounding of 3 amounts" in within[within["rule"] == "parent_sum"].iloc[0]["message"]


def test_stated_totals_of_the_tables(tmp_path):
    plan_total = row("", "", "", "", "", "400.000.000", "", "", "", "470.000.000")
    f = run(tmp_path, sub(MINI, plan_total, plan_total.replace("470.000.000", "470.000.100")))
    assert found(f, "stated_total") == [("error", line_of(MINI, "470.000.000"), None)]
    rk_total = row("", "", "", "", "", "380.000", "", "", "", "", "400.000", "")
    f = run(tmp_path, sub(MINI, rk_total, rk_total.replace("380.000", "380.001")))
    assert found(f, "stated_total") == [("info", line_of(MINI, "380.000\t"), None)]
    f = run(tmp_path, sub(MINI, rk_total, rk_total.replace("380.000", "380.005")))
    assert found(f, "stated_total") == [("error", line_of(MINI, "380.000\t"), None)]


def test_stated_totals_of_the_narrative(tmp_path):
    old = "total pagu anggaran sebesar Rp. 400.000.000,00"
    new = "total pagu anggaran sebesar Rp. 410.000.000,00"
    f = run(tmp_path, sub(MINI, old, new), edit_facts(**{old: (new, "410000000")}))
    assert found(f, "stated_total") == [("error", line_of(MINI, old), line_of(MINI, "470.000.000"))]
    # counts: 3 programmes stated for 2021, Tabel 2.1 gives a 2021 target to 2
    text = sub(MINI, "terdiri dari 2 program", "terdiri dari 3 program")
    f = run(tmp_path, text, edit_facts(**{"terdiri dari 2 program": ("terdiri dari 3 program", "3")}))
    assert found(f, "stated_total") == [("error", line_of(MINI, N_COUNTS), None)]
    assert "2.07.03, 2.07.04" in f[f["rule"] == "stated_total"].iloc[0]["message"]


# ---------------------------------------------------------------- 2. ratios
def test_reported_ratio_columns_8_and_11(tmp_path):
    part1 = row("2 07 04 2.01 05", S040105, I040105, "-", "-", "192 orang", "192 orang", "100%", "-", "-", "-")
    f = run(tmp_path, sub(MINI, part1, part1.replace("100%", "90%")))
    assert found(f, "reported_ratio") == [("error", line_of(MINI, part1), None)]
    assert "kolom 8 = 7/6" in f[f["rule"] == "reported_ratio"].iloc[0]["item"]
    part2 = row("2 07 04 2.01 05", S040105, I040105, "192 orang", "-", "-", "-", "-", "132 orang", "132 orang", "69%")
    text = sub(MINI, part2, part2.replace("69%", "75%"))
    f = run(tmp_path, text)
    assert found(f, "reported_ratio") == [("error", line_of(MINI, part2), None)]
    assert "132 orang / 192 orang x 100 = 68,75%" in f[f["rule"] == "reported_ratio"].iloc[0]["message"]
    assert audit(load(write(tmp_path, text)), tolerance=7, rules=["reported_ratio"]).empty


def test_reported_column_10_repeats_column_9(tmp_path):
    part2 = row("2 07 04 2.01 05", S040105, I040105, "192 orang", "-", "-", "-", "-", "132 orang", "132 orang", "69%")
    f = run(tmp_path, sub(MINI, part2, part2.replace("132 orang\t132 orang", "132 orang\t131 orang")))
    assert found(f, "reported_ratio") == [("error", line_of(MINI, part2), None)]
    assert "kolom 10 = 9" in f[f["rule"] == "reported_ratio"].iloc[0]["item"]


def test_narrative_ratio_stated_change_and_tkk_plus_tpt(tmp_path):
    old = "peningkatan TKK sebesar 0,1%"
    f = run(tmp_path, sub(MINI, old, "peningkatan TKK sebesar 0,3%"),
            edit_facts(**{old: ("peningkatan TKK sebesar 0,3%", "0.3")}))
    n = line_of(MINI, N_TKK)
    assert found(f, "narrative_ratio") == [("error", n, None)]
    assert set(f["rule"]) == {"narrative_ratio"}
    old = "TPT sebesar 6,33%"
    f = run(tmp_path, sub(MINI, old, "TPT sebesar 6,43%"), edit_facts(**{old: ("TPT sebesar 6,43%", "6.43")}))
    assert found(f, "narrative_ratio") == [("error", n, None)]
    assert "TKK + TPT tahun 2020" in f[f["rule"] == "narrative_ratio"].iloc[0]["item"]


def test_narrative_ratio_rates_from_counts_and_achievement(tmp_path):
    old = "Usia Kerja sebanyak 156.219 orang"
    f = run(tmp_path, sub(MINI, old, "Usia Kerja sebanyak 146.219 orang"),
            edit_facts(**{old: ("Usia Kerja sebanyak 146.219 orang", "146219")}))
    assert found(f, "narrative_ratio") == [("error", line_of(MINI, N_TPAK), None)]
    assert "TPAK" in f[f["rule"] == "narrative_ratio"].iloc[0]["item"]
    # an achievement that is not realised / target: the table's reported 101% disagrees as well
    f = run(tmp_path, sub(MINI, "tercapai 100,6%", "tercapai 104,6%"),
            edit_facts(**{"tercapai 100,6%": ("tercapai 104,6%", "104.6")}))
    n = line_of(MINI, N_PROGRAMME)
    assert found(f, "narrative_ratio") == [("error", n, None)]
    assert found(f, "narrative_vs_table") == [("error", n, line_of(MINI, "\t101%"))]


# ---------------------------------------------------------------- 3. narrative against tables
def test_narrative_against_tabel_4_1_budget(tmp_path):
    old = "pagu anggaran sebesar Rp. 300.000.000,00"
    new = "pagu anggaran sebesar Rp. 3.000.000.000,00"
    f = run(tmp_path, sub(MINI, old, new), edit_facts(**{old: (new, "3000000000")}), lang="en")
    plan_line = line_of(MINI, "2 07 03\tProgram Pelatihan")
    assert found(f, "narrative_vs_table") == [("error", line_of(MINI, N_PLAN), plan_line)]
    assert "about 10 times apart" in f.iloc[0]["message"]
    assert set(f["rule"]) == {"narrative_vs_table"}


def test_narrative_against_tabel_2_1(tmp_path):
    old = "ditargetkan sebesar 16,00%"
    f = run(tmp_path, sub(MINI, old, "ditargetkan sebesar 15,00%"),
            edit_facts(**{old: ("ditargetkan sebesar 15,00%", "15.00")}))
    row21 = line_of(MINI, "2 07 03\t" + P03)
    assert found(f, "narrative_vs_table") == [("error", line_of(MINI, N_PROGRAMME), row21)]
    v = f[f["rule"] == "narrative_vs_table"].iloc[0]
    assert v.found == "15,00%" and v.expected == "16 %"


def test_narrative_realisation_that_is_the_achievement_is_info(tmp_path):
    old = "realisasi sebesar 16,1%"
    f = run(tmp_path, sub(MINI, old, "realisasi sebesar 100,63%"),
            edit_facts(**{old: ("realisasi sebesar 100,63%", "100.63")}), lang="en")
    row21 = line_of(MINI, "2 07 03\t" + P03)
    assert found(f, "narrative_vs_table") == [("info", line_of(MINI, N_PROGRAMME), row21)]
    assert "calls the achievement 'realisasi'" in f[f["rule"] == "narrative_vs_table"].iloc[0]["message"]


def test_narrative_repeat(tmp_path):
    old = "angkatan kerja sebanyak 111.954 orang"
    f = run(tmp_path, sub(MINI, old, "angkatan kerja sebanyak 111.950 orang"),
            edit_facts(**{old: ("angkatan kerja sebanyak 111.950 orang", "111950")}))
    assert found(f, "narrative_repeat") == [("error", line_of(MINI, N_TKK), line_of(MINI, N_TPAK))]
    assert set(f["rule"]) == {"narrative_repeat"}


# ---------------------------------------------------------------- 4. amounts
def test_spending_against_its_stated_share(tmp_path):
    old = "penyerapan sebesar 90,00%"
    f = run(tmp_path, sub(MINI, old, "penyerapan sebesar 95,00%"),
            edit_facts(**{old: ("penyerapan sebesar 95,00%", "95.00")}))
    assert found(f, "spending_share") == [("error", line_of(MINI, N_PROGRAMME), None)]
    assert f.iloc[0]["expected"] == "90,00%" and f.iloc[0]["found"] == "95,00%"
    assert set(f["rule"]) == {"spending_share"}


def test_amount_that_cannot_be_its_share(tmp_path):
    old = "program ini sebesar Rp. 90.000.000,00"
    f = run(tmp_path, sub(MINI, old, "program ini sebesar Rp. 90.000,00"),
            edit_facts(**{old: ("program ini sebesar Rp. 90.000,00", "90000")}), lang="en")
    assert found(f, "share_magnitude") == [("error", line_of(MINI, N_PROGRAMME), None)]
    assert set(f["rule"]) == {"share_magnitude"}
    m = f.iloc[0]
    assert m.expected == "90.000.000" and "1,000 times" in m.message


def test_invalid_digit_grouping(tmp_path):
    old = "penyerapan sebesar 90,00%"
    f = run(tmp_path, sub(MINI, old, "penyerapan sebesar 90.00%"),
            edit_facts(**{old: ("penyerapan sebesar 90.00%", "", "decimal point")}), lang="en")
    assert found(f, "number_format") == [("warning", line_of(MINI, N_PROGRAMME), None)]
    assert f.iloc[0]["found"] == "90.00" and "decimal mark" in f.iloc[0]["message"]
    old = "pagu anggaran sebesar Rp. 300.000.000,00"
    new = "pagu anggaran sebesar Rp. 300.000000,00"
    f = run(tmp_path, sub(MINI, old, new), edit_facts(**{old: (new, "", "grouping")}), lang="en")
    assert found(f, "number_format") == [("warning", line_of(MINI, N_PLAN), None)]
    assert "digit grouping" in f.iloc[0]["message"]


def test_invalid_grouping_in_a_table_cell(tmp_path):
    old = plan("2 07 04 2.01 05", S040105, I040105, "132 orang", "100.000.000", "132 orang", "120.000.000")
    f = run(tmp_path, sub(MINI, old, old.replace("120.000.000", "120.000000")), rules=["number_format"])
    assert found(f, "number_format") == [("warning", line_of(MINI, old), None)]


def test_amount_in_figures_and_words(tmp_path):
    f = run(tmp_path, sub(MINI, "(seratus tiga puluh lima juta rupiah)", "(seratus tiga puluh juta rupiah)"))
    assert found(f, "amount_in_words") == [("error", line_of(MINI, N_OFFICE), None)]
    assert f.iloc[0]["expected"] == "130.000.000" and f.iloc[0]["found"] == "135.000.000,00"
    assert set(f["rule"]) == {"amount_in_words"}


# ---------------------------------------------------------------- 5. codes and names
P1_S040105 = row("2 07 04 2.01 05", S040105, I040105, "-", "-", "192 orang", "192 orang", "100%", "-", "-", "-")


def test_one_code_two_names(tmp_path):
    f = run(tmp_path, sub(MINI, P1_S040105, P1_S040105.replace(S040105, "Padat Karya Infrastruktur")))
    other = line_of(MINI, "2 07 04 2.01 05\t" + S040105, 1)  # part 2
    assert found(f, "code_names") == [("error", line_of(MINI, P1_S040105), other)]
    assert set(f["rule"]) == {"code_names"}
    f = run(tmp_path, sub(MINI, P1_S040105, P1_S040105.replace(S040105, "Perluasan Kesempatan Kerjaa")))
    assert found(f, "code_names") == [("warning", line_of(MINI, P1_S040105), other)]


def test_code_level_against_name(tmp_path):
    old = row("2 07 04 2.01", A0401, I0401, "-", "-", "16,5 %", "16,5 %", "100%", "-", "-", "-")
    f = run(tmp_path, sub(MINI, old, old.replace(A0401, "Program Pelayanan Antarkerja")), rules=["code_level"])
    assert found(f, "code_level") == [("error", line_of(MINI, old), None)]
    old = row("2 07 04", P04, I04, "-", "-", "31,61 %", "53,81 %", "170%", "-", "-", "-")
    f = run(tmp_path, sub(MINI, old, old.replace(P04, "PENEMPATAN TENAGA KERJA")), rules=["code_level"])
    assert found(f, "code_level") == [("warning", line_of(MINI, old), None)]


def test_one_name_two_codes(tmp_path):
    f = run(tmp_path, sub(MINI, P1_S040105, P1_S040105.replace(S040105, S030102)), rules=["name_codes"])
    assert found(f, "name_codes") == [("warning", line_of(MINI, P1_S040105), line_of(MINI, "2 07 03 2.01 02"))]
    # an activity and its own sub-activity may share a name (the nomenclature does)
    old = row("2 07 03 2.01 01", S030101, I030101, "-", "-", "176 orang", "160 orang", "91%", "-", "-", "-")
    f = run(tmp_path, sub(MINI, old, old.replace(S030101, A0301)), rules=["name_codes"])
    assert f.empty


def test_codes_in_one_table_only(tmp_path):
    last = plan("2 07 04 2.01 05", S040105, I040105, "132 orang", "100.000.000", "132 orang", "120.000.000")
    new = plan("2 07 04 2.01 06", "Bursa Kerja", "Jumlah pencari kerja yang mengikuti Bursa Kerja", "100 orang", "-",
               "100 orang", "-")
    f = run(tmp_path, sub(MINI, last, last + "\n" + new))
    assert found(f, "code_coverage") == [("info", line_of(MINI, last) + 1, None)]
    assert set(f["rule"]) == {"code_coverage"}


def test_code_named_differently_across_tables(tmp_path):
    old = plan("2 07 04 2.01 05", S040105, I040105, "132 orang", "100.000.000", "132 orang", "120.000.000")
    text = sub(MINI, old, old.replace(S040105, "Perluasan Kesempatan Kerja Padat Karya"))
    text = sub(text, rkpd("", S040105, I040105, "132 orang", "100.000", "100.000"),
               rkpd("", "Perluasan Kesempatan Kerja Padat Karya", I040105, "132 orang", "100.000", "100.000"))
    f = run(tmp_path, text)
    assert found(f, "names_across") == [("info", line_of(MINI, old), line_of(MINI, P1_S040105))]
    assert set(f["rule"]) == {"names_across"}


def test_tabel_2_3_name_that_tabel_4_1_does_not_use(tmp_path):
    old = rkpd("", A0401, I0401, "18%", "100.000", "100.000")
    new = old.replace(A0401, "Pelayanan Antarkerja", 1)  # the draft half only
    f = run(tmp_path, sub(MINI, old, new))
    assert found(f, "names_across") == [("info", line_of(MINI, old), line_of(MINI, A0401, 3))]
    assert set(f["rule"]) == {"names_across"}


# ---------------------------------------------------------------- 6. implausible values
def test_share_above_100(tmp_path):
    old = plan("2 07 03 2.01", A0301, I0301, "28,50%", "300.000.000", "28,50%", "350.000.000")
    f = run(tmp_path, sub(MINI, old, old.replace("28,50%\t350", "128,50%\t350")))
    assert found(f, "share_above_100") == [("warning", line_of(MINI, old), None)]
    assert set(f["rule"]) == {"share_above_100"}
    # a count above 100 is no share
    f = run(tmp_path, MINI, rules=["share_above_100"])
    assert f.empty


def test_negative_value(tmp_path):
    # the loader lists a negative budget as a problem and leaves it missing; the audit finds it by what is written
    old = plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "20 orang", "100.000.000")
    f = run(tmp_path, sub(MINI, old, old.replace("\t\t20 orang\t100.000.000", "\t\t20 orang\t-100.000.000")),
            lang="en")
    assert found(f, "negative_value") == [("error", line_of(MINI, old), None)]
    assert "cannot be negative" in f[f["rule"] == "negative_value"].iloc[0]["message"]
    assert {r for r, *_ in keys(f)} == {"negative_value", "parent_sum"}  # its activity no longer adds up


def test_budget_with_a_target_of_0_or_none(tmp_path):
    old = plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "20 orang", "100.000.000")
    zero = plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "0 orang", "100.000.000")
    f = run(tmp_path, sub(MINI, old, zero), lang="en")
    assert found(f, "target_budget") == [("warning", line_of(MINI, old), None)]
    assert "target of “0 orang”" in f.iloc[0]["message"]  # the document's writing, quoted on an English page
    assert set(f["rule"]) == {"target_budget"}
    none = plan("2 07 03 2.01 02", S030102, I030102, "20 orang", "100.000.000", "- orang", "100.000.000")
    f = run(tmp_path, sub(MINI, old, none), lang="en")
    assert found(f, "target_budget") == [("warning", line_of(MINI, old), None)]
    assert "but no target" in f.iloc[0]["message"]


# ---------------------------------------------------------------- 7. across tables
def test_needs_analysis_against_the_plan(tmp_path):
    old = rkpd("", S040105, I040105, "132 orang", "100.000", "100.000")
    new = row("", S040105, "Kota Contoh", I040105, "132 orang", "100.000", S040105, "Kota Contoh", I040105,
              "130 orang", "100.000", "")
    f = run(tmp_path, sub(MINI, old, new))
    plan_line = line_of(MINI, "2 07 04 2.01 05\t" + S040105, 2)
    assert found(f, "needs_vs_plan") == [("error", line_of(MINI, old), plan_line)]
    assert set(f["rule"]) == {"needs_vs_plan"}
    # a budget beyond rounding; the activity's sum in Tabel 2.3 is then off as well
    new = rkpd("", S040105, I040105, "132 orang", "100.000", "100.600")
    f = run(tmp_path, sub(MINI, old, new))
    assert found(f, "needs_vs_plan") == [("error", line_of(MINI, old), plan_line)]
    assert f[f["rule"] == "needs_vs_plan"].iloc[0]["expected"] == "100.000.000"
    assert {r for r, *_ in keys(f)} == {"needs_vs_plan", "parent_sum"}


def test_needs_within_thousands_rounding_is_silent(tmp_path):
    old = plan("2 07 04 2.01 05", S040105, I040105, "132 orang", "100.000.000", "132 orang", "120.000.000")
    text = sub(MINI, old, old.replace("100.000.000", "100.000.499"))
    f = run(tmp_path, text, rules=["needs_vs_plan"])
    assert f.empty
    f = run(tmp_path, sub(MINI, old, old.replace("100.000.000", "100.000.501")), rules=["needs_vs_plan"])
    assert len(f) == 1


def test_tabel_2_2_against_the_narrative(tmp_path):
    old = row("2", TPAK, "", "", "67,78%", "67,80%", "67,85%", "67,90%", "71,66%", "", "67,85%", "67,90%", "")
    f = run(tmp_path, sub(MINI, old, old.replace("71,66%", "71,56%")))
    assert found(f, "service_vs_narrative") == [("error", line_of(MINI, N_TPAK), line_of(MINI, old))]
    assert set(f["rule"]) == {"service_vs_narrative"}
    # the same figure written with fewer decimals: info
    f = run(tmp_path, sub(MINI, "ditargetkan sebesar 67,78%", "ditargetkan sebesar 67,8%"),
            edit_facts(**{"ditargetkan sebesar 67,78%": ("ditargetkan sebesar 67,8%", "67.8")}))
    assert found(f, "service_vs_narrative") == [("info", line_of(MINI, N_TPAK), line_of(MINI, old))]


def test_tabel_2_2_tkk_plus_tpt(tmp_path):
    old = row("3", TKK, "", "", "94,29%", "93,80%", "94,00%", "94,29%", "93,77%", "", "94,00%", "94,29%", "")
    f = run(tmp_path, sub(MINI, old, old.replace("94,29%\t93,80%\t94,00%", "94,29%\t93,80%\t94,10%")))
    assert found(f, "service_vs_narrative") == [("error", line_of(MINI, old), line_of(MINI, TPT + "\t"))]
    assert set(f["rule"]) == {"service_vs_narrative"}


# ---------------------------------------------------------------- rules that cannot run
def test_document_without_tabel_2_3(tmp_path):
    start, end = MINI.index("Tabel 2.3"), MINI.index("3.3. Program dan Kegiatan")
    f = run(tmp_path, MINI[:start] + MINI[end:])
    assert set(f["severity"]) == {"info"}
    assert Counter(f["rule"]).most_common(1)[0][1] == 1  # each rule says so once
    not_run = f[f["item"] == "tidak dijalankan"]
    assert list(not_run["rule"]) == ["needs_vs_plan"] and "Tabel 2.3" in not_run.iloc[0]["message"]
    partly = set(f.loc[f["item"] == "dijalankan sebagian", "rule"])
    assert partly == {"parent_sum", "stated_total", "target_budget", "names_across", "share_above_100",
                      "negative_value"}
    assert f["source_line"].isna().all()


def _without_narrative(text: str) -> str:
    """``text`` without its narrative paragraphs: no figure for the automatic reader either."""
    for paragraph in (N_COUNTS, N_PROGRAMME, N_TPAK, N_TKK, N_OFFICE, N_PLAN):
        text = text.replace(paragraph, "")
    return text


def test_document_without_narrative_figures(tmp_path):
    f = run(tmp_path, _without_narrative(MINI), facts=None, lang="en")
    assert set(f["severity"]) == {"info"}
    assert Counter(f["rule"]).most_common(1)[0][1] == 1
    assert set(f.loc[f["item"] == "not run", "rule"]) == {
        "narrative_ratio", "narrative_vs_table", "narrative_repeat", "spending_share", "share_magnitude"}
    assert set(f.loc[f["item"] == "partly run", "rule"]) == {
        "stated_total", "number_format", "negative_value", "service_vs_narrative"}
    assert all("narrative figures" in m for m in f["message"])


def test_document_with_the_plan_only(tmp_path):
    start, end = MINI.index("Tabel 2.1"), MINI.index("3.3. Program dan Kegiatan")
    f = run(tmp_path, _without_narrative(MINI[:start] + MINI[end:]), facts=None)
    assert set(f["severity"]) == {"info"} and f["rule"].is_unique
    assert "reported_ratio" in set(f.loc[f["item"] == "tidak dijalankan", "rule"])
    partly = f.set_index("rule")["message"]["negative_value"]
    assert partly.startswith("Aturan negative_value dijalankan tanpa Tabel 2.1 (evaluasi pelaksanaan Renja tahun-tahun "
                             "sebelumnya), Tabel 2.3 (review terhadap Rancangan Awal RKPD), Tabel 2.2 (")
    assert ", dan angka narasi yang dikurasi" in partly


# ====================================================================== the command
def cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_command_on_the_real_document(tmp_path, capsys):
    code, out, err = cli(capsys, "audit", "--out", str(tmp_path), "--lang", "en")
    assert code == 0
    written = pd.read_csv(tmp_path / "findings.csv", dtype=str, keep_default_na=False)
    assert list(written.columns) == FINDING_COLUMNS and len(written) == len(REAL_FINDINGS)
    assert "44 findings: 10 errors, 11 warnings, 23 info (tolerance for ratios: 1 percentage point)" in out
    assert "\nOne code, one name (code_names, codes): 2 errors, 2 warnings" in out
    assert out.index("(code_names, codes)") < out.index("(parent_sum, sums)")  # errors before rounding notes
    code, out, err = cli(capsys, "audit", "--out", str(tmp_path), "--strict", "--lang", "en")
    assert code == 1 and "--strict" in err


def test_command_exit_codes_on_small_documents(tmp_path, capsys):
    clean = write(tmp_path, name="clean.txt")
    assert cli(capsys, "audit", str(clean), "--out", str(tmp_path / "a"), "--strict")[0] == 0
    assert pd.read_csv(tmp_path / "a" / "findings.csv").empty
    # a warning only: --strict still exits 0
    old = plan("2 07 03 2.01", A0301, I0301, "28,50%", "300.000.000", "28,50%", "350.000.000")
    warn = write(tmp_path, sub(MINI, old, old.replace("28,50%\t350", "128,50%\t350")), name="warn.txt")
    assert cli(capsys, "audit", str(warn), "--out", str(tmp_path / "b"), "--strict")[0] == 0
    # an error: 0 without --strict, 1 with it
    bad = write(tmp_path, sub(MINI, "(seratus tiga puluh lima juta rupiah)", "(seratus juta rupiah)"), name="bad.txt")
    assert cli(capsys, "audit", str(bad), "--out", str(tmp_path / "c"))[0] == 0
    code, out, err = cli(capsys, "audit", str(bad), "--out", str(tmp_path / "c"), "--strict", "--lang", "en")
    assert code == 1 and "(amount_in_words, amounts): 1 error" in out
    code, out, err = cli(capsys, "audit", str(bad), "--out", str(tmp_path / "c"), "--strict")
    assert code == 1 and "(amount_in_words, nilai uang dan penulisan angka): 1 kesalahan" in out


def test_command_tolerance(tmp_path, capsys):
    part2 = row("2 07 04 2.01 05", S040105, I040105, "192 orang", "-", "-", "-", "-", "132 orang", "132 orang", "69%")
    path = write(tmp_path, sub(MINI, part2, part2.replace("69%", "71%")))
    assert cli(capsys, "audit", str(path), "--out", str(tmp_path), "--strict")[0] == 1
    assert cli(capsys, "audit", str(path), "--out", str(tmp_path), "--strict", "--tolerance", "2,5")[0] == 0
    assert cli(capsys, "audit", str(path), "--out", str(tmp_path), "--strict", "--tolerance", "2.5")[0] == 0
    code, out, err = cli(capsys, "audit", str(path), "--out", str(tmp_path), "--tolerance", "lots")
    assert code == 2 and err.startswith("renja: error: --tolerance") and err.count("\n") == 1


def test_command_bad_input_keeps_previous_findings(tmp_path, capsys):
    assert cli(capsys, "audit", str(write(tmp_path)), "--out", str(tmp_path / "out"))[0] == 0
    before = (tmp_path / "out" / "findings.csv").read_bytes()
    code, out, err = cli(capsys, "audit", str(tmp_path / "missing.txt"), "--out", str(tmp_path / "out"))
    assert code == 2 and "berkas tidak ditemukan" in err and err.count("\n") == 1 and "Traceback" not in err
    assert (tmp_path / "out" / "findings.csv").read_bytes() == before
    # no temporary file left: the findings and the manifest of the files renja wrote
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".renja-outputs.json", "findings.csv"]


def test_command_bad_facts_file_is_one_message(tmp_path, capsys):
    path = write(tmp_path, facts=edit_facts(**{"tercapai 100,6%": ("tercapai 100,6%", "99")}))
    code, out, err = cli(capsys, "audit", str(path), "--out", str(tmp_path))
    assert code == 2 and err.startswith("renja: error: ") and "facts" in err


def test_command_prints_indonesian_by_default_and_english_on_request(tmp_path, capsys, doc):
    code, out, err = cli(capsys, "audit", "--out", str(tmp_path / "id"))
    assert code == 0
    assert "44 temuan: 10 kesalahan, 11 peringatan, 23 info (toleransi rasio: 1 persen poin)" in out
    assert "(code_names, kode dan nama): 2 kesalahan, 2 peringatan" in out
    assert "(amount_in_words, nilai uang dan penulisan angka): 1 kesalahan\n" in out
    assert "  [kesalahan] narasi:368: Rp. 4.244.258,00 ditulis dengan huruf 'empat milyar" in out
    assert "menulis nama kode 2.07.01.2.06.08 dengan dua ejaan" in out and "hasil ditulis ke " in out
    assert "finding(s)" not in out and "wrote " not in out and " error" not in out
    written = pd.read_csv(tmp_path / "id" / "findings.csv", dtype=str, keep_default_na=False)
    assert list(written["message"]) == list(audit(doc)["message"])

    code, out, err = cli(capsys, "audit", "--out", str(tmp_path / "en"), "--lang", "en")
    assert code == 0 and "44 findings: 10 errors, 11 warnings, 23 info" in out
    assert "  [error] narrative:368: “Rp. 4.244.258,00” is written in words as 'empat milyar" in out
    assert "temuan" not in out and f"wrote {tmp_path / 'en' / 'findings.csv'}" in out
    written_en = pd.read_csv(tmp_path / "en" / "findings.csv", dtype=str, keep_default_na=False)
    assert list(written_en["message"]) == list(audit(doc, lang="en")["message"])
    pd.testing.assert_frame_equal(written.drop(columns=WORDS), written_en.drop(columns=WORDS))

    code, out, err = cli(capsys, "audit", "--out", str(tmp_path / "id"), "--tolerance", "2.5", "--strict")
    assert code == 1 and "(toleransi rasio: 2,5 persen poin)" in out
    assert err.startswith("--strict: keluar dengan status 1 karena ada 10 kesalahan di atas")
    assert main(["audit", "--lang", "fr"]) == 2  # a usage error, in Indonesian (the default: 'fr' is no language)
    assert "argumen --lang: pilihan tidak valid: 'fr'" in capsys.readouterr().err


def test_command_writes_the_same_findings_in_either_language(tmp_path, capsys):
    """A hand-made case through ``renja audit --lang id|en``: the same findings.csv but for ``message``, each message
    the catalogue's text in that language, and listing lines that agree with their counts (1 finding, 16 findings)."""
    bad = write(tmp_path, sub(MINI, "(seratus tiga puluh lima juta rupiah)", "(seratus juta rupiah)"), name="bad.txt")
    start, end = MINI.index("Tabel 2.1"), MINI.index("3.3. Program dan Kegiatan")
    plan_only = write(tmp_path, _without_narrative(MINI[:start] + MINI[end:]), facts=None, name="plan_only.txt")
    printed, written = {}, {}
    for path in (bad, plan_only):
        for lang in LANGS:
            out_dir = tmp_path / f"{path.stem}_{lang}"
            code, out, err = cli(capsys, "audit", str(path), "--out", str(out_dir), "--lang", lang)
            assert code == 0 and err == ""
            printed[path.stem, lang] = out
            written[path.stem, lang] = pd.read_csv(out_dir / "findings.csv", dtype=str, keep_default_na=False)
    for stem in ("bad", "plan_only"):
        pd.testing.assert_frame_equal(written[stem, "id"].drop(columns=WORDS), written[stem, "en"].drop(columns=WORDS))
    assert list(written["bad", "id"]["message"]) == [
        "Rp. 135.000.000,00 ditulis dengan huruf 'seratus juta rupiah', yang berarti 100.000.000: angka dan "
        "terbilangnya tidak sama."]
    assert list(written["bad", "en"]["message"]) == [
        "“Rp. 135.000.000,00” is written in words as 'seratus juta rupiah', which is 100,000,000: the figures and "
        "the words disagree."]
    assert f"{bad}: 1 finding: 1 error, 0 warnings, 0 info (tolerance for ratios: 1 percentage point)\n" \
        in printed["bad", "en"]
    assert "(amount_in_words, amounts): 1 error\n  [error] narrative:13: “Rp. 135.000.000,00” is written" \
        in printed["bad", "en"]
    assert f"{bad}: 1 temuan: 1 kesalahan, 0 peringatan, 0 info (toleransi rasio: 1 persen poin)\n" \
        in printed["bad", "id"]
    assert "(amount_in_words, nilai uang dan penulisan angka): 1 kesalahan\n  [kesalahan] narasi:13: " \
        in printed["bad", "id"]
    assert f"{plan_only}: 16 findings: 0 errors, 0 warnings, 16 info" in printed["plan_only", "en"]
    assert f"{plan_only}: 16 temuan: 0 kesalahan, 0 peringatan, 16 info" in printed["plan_only", "id"]
    # the rules that could not run: lists of inputs joined in each language ("A and no B", "A, B, maupun C")
    by_rule = {lang: written["plan_only", lang].set_index("rule")["message"] for lang in LANGS}
    assert by_rule["en"]["names_across"] == (
        "Rule names_across ran without Tabel 2.1 (evaluation of the previous years) and without Tabel 2.3 (review "
        "of the RKPD first draft), which the document lacks: the checks that need it were skipped.")
    assert by_rule["id"]["names_across"].startswith(
        "Aturan names_across dijalankan tanpa Tabel 2.1 (evaluasi pelaksanaan Renja tahun-tahun sebelumnya) dan "
        "Tabel 2.3 (review terhadap Rancangan Awal RKPD) karena")
    assert "  [info] document: Rule reported_ratio could not run" in printed["plan_only", "en"]
    assert "  [info] dokumen: Aturan reported_ratio tidak dapat dijalankan" in printed["plan_only", "id"]


def test_command_default_out_is_data_processed():
    args = build_parser().parse_args(["audit"])
    assert args.out is None and args.source is None and not args.strict and args.tolerance == "1"
    assert args.lang == "id"


def test_rules_keep_their_order_whichever_module_is_imported_first():
    """A report kernel imports the rule modules alphabetically (across_tables first); the order in which the rules
    run and are charted must not follow the import order (it did once: the audit chart's bars moved)."""
    import subprocess
    import sys

    from renja_lib.check.registry import GROUPS, RULES

    code = ("import renja_lib.check.across_tables, renja_lib.check.plausibility, renja_lib.check.amounts\n"
            "import renja_lib.check.audit\nfrom renja_lib.check.registry import RULES\nprint(','.join(RULES))")
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert shown.split(",") == list(RULES)
    assert list(RULES)[:2] == ["parent_sum", "stated_total"]
    assert [GROUPS.index(r.group) for r in RULES.values()] == sorted(GROUPS.index(r.group) for r in RULES.values())


def test_a_badly_grouped_table_cell_is_found_in_every_language_of_messages(doc_copy):
    """The rule tells a grouping refusal by the number, not by the words of the problem (which follow the
    language of messages): the same findings with problems written in Indonesian or English."""
    from renja_lib.text import use_language

    path = doc_copy(lambda t: t.replace("\t28.896.900\t", "\t28.896900\t", 1))
    counts = {}
    for lang in ("id", "en"):
        before = use_language(lang)
        try:
            findings = audit(load(path), lang=lang)
        finally:
            use_language(before)
        counts[lang] = [str(x) for x in findings.loc[findings["rule"] == "number_format", "found"]]
    assert "28.896900" in counts["en"] and counts["id"] == counts["en"]
