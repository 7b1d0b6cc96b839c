"""Every page opens with 3-6 headline findings (issue 15): the plan-changes page's largest rise and fall and its new
or dropped programmes, the audit's errors by rule, the performance page's bands; on hand-made frames in other
shapes too (one programme, a dropped programme, no change, an audit without errors)."""
from __future__ import annotations

import pandas as pd
import pytest

from renja_lib.analyse import budget, performance
from renja_lib.check import audit
from renja_lib.check.registry import RULES
from renja_lib.present import findings as fd
from renja_lib.present import sentences
from renja_lib.present.performance_headlines import line_runs, lines_words
from renja_lib.text import LANGS
from renja_lib.text.catalogue import has, tr
from renja_lib.write.deck import notes_text


def _plan(rows: list[tuple]) -> pd.DataFrame:
    """A plan_changes frame from (code, level, name, plan, forward, line)."""
    frame = pd.DataFrame(rows, columns=["code", "level", "name", "budget_plan", "budget_forward", "source_line"])
    frame["budget_plan"] = frame["budget_plan"].astype("Int64")
    frame["budget_forward"] = frame["budget_forward"].astype("Int64")
    frame["plan_year"], frame["forward_year"] = 2025, 2026
    frame["change"] = frame["budget_forward"].fillna(0) - frame["budget_plan"].fillna(0)
    frame["change_pct"] = frame["change"] / frame["budget_plan"] * 100
    frame["status"] = [("new" if pd.isna(p) else "dropped" if pd.isna(f) else "increased" if f > p
                        else "decreased" if f < p else "unchanged")
                       for p, f in zip(frame["budget_plan"], frame["budget_forward"])]
    return frame


@pytest.mark.parametrize("lang", LANGS)
def test_one_programme_takes_its_rise_and_fall_from_its_kegiatan_and_a_dropped_programme_is_named(lang):
    frame = _plan([
        ("1.02.02", "program", "Program Pelayanan Kesehatan", 1_000_000_000, 1_100_000_000, 10),
        ("1.02.02.2.01", "kegiatan", "Imunisasi Dasar", 600_000_000, 800_000_000, 11),
        ("1.02.02.2.02", "kegiatan", "Gizi Masyarakat", 400_000_000, 300_000_000, 14),
        ("1.02.03", "program", "Program Lama", 50_000_000, None, 20),
    ])
    text = sentences.changes_summary(frame, lang)
    codes = [f.code for f in text.findings]
    assert codes == ["plan_changes.total", "plan_changes.rise", "plan_changes.fall", "plan_changes.dropped"]
    total, rise, fall, dropped = text.findings
    # the total of the programmes (the dropped one counts as 0 in the forward year)
    assert total.numbers["budget_plan"] == 1_050_000_000 and total.numbers["budget_forward"] == 1_100_000_000
    # one programme with a budget in both years: its change is the total, so the kegiatan's are the headlines
    assert rise.codes == {"code": "1.02.02.2.01", "level": "kegiatan"} and rise.numbers["change"] == 200_000_000
    assert fall.codes == {"code": "1.02.02.2.02", "level": "kegiatan"} and fall.numbers["change"] == -100_000_000
    assert [loc["source"] for loc in fall.locators] == ["Tabel 4.1 line 14"]
    assert dropped.codes == {"programme_1": "1.02.03"} and dropped.numbers["budget_plan"] == 50_000_000
    words = {"id": ("Kenaikan terbesar: kegiatan Imunisasi Dasar", "tidak lagi dianggarkan pada 2026: Lama"),
             "en": ("Largest rise: the activity Imunisasi Dasar", "One programme has no budget in 2026: Lama")}[lang]
    assert rise.sentence[lang].startswith(words[0]) and words[1] in dropped.sentence[lang]
    shown = fd.with_sources(text, {"document_kind": "renja", "plan_year": 2025})
    head = shown.split(tr("sentences.details", lang))[0]
    assert all(f.sentence[lang][:-1] in head for f in text.findings)  # the findings first, each with its source
    assert head.count(tr("findings.source.words.one", lang, source="X").split("X")[0].strip("*")) >= 4


def test_a_plan_with_nothing_moving_states_the_total_alone_and_counts_its_rows():
    frame = _plan([("2.01.01", "program", "Program A", 100, 100, 5), ("2.01.02", "program", "Program B", 70, 70, 9)])
    text = sentences.changes_summary(frame, "en")
    assert [f.code for f in text.findings] == ["plan_changes.total"]
    assert text.findings[0].sentence["en"] == "The 2026 budget is the same as 2025's: Rp 170."
    assert "(2 rows): 2 unchanged." in str(text)


def test_a_plan_that_starts_from_nothing_says_so_and_one_row_is_counted_in_the_singular():
    frame = _plan([("1.01", "program", "Program A", None, 100, 3), ("1.02", "program", "Program B", None, 50, 4)])
    total, new = sentences.changes_summary(frame, "en").findings
    assert total.sentence["en"] == "The 2026 budget is Rp 150, with no budget in 2025."
    assert new.sentence["en"] == "2 programmes are new in 2026, with no budget in 2025: A and B (Rp 150 together)."
    one = str(sentences.changes_summary(_plan([("1.01", "program", "Program A", 100, None, 3)]), "en"))
    assert "The row of Table 4.1 by its budget's change: 1 dropped." in one


def test_every_audit_rule_has_its_few_words_in_every_language():
    for rule in RULES:
        assert has(f"findings.audit.rule.{rule}"), rule
        for lang in LANGS:
            words = tr(f"findings.audit.rule.{rule}", lang)
            assert 0 < len(words.split()) <= 12 and words[0].islower(), (rule, lang, words)


def test_an_audit_with_warnings_only_headlines_its_counts_and_lists_them_by_rule_in_the_details():
    frame = pd.DataFrame({"rule": ["number_format", "number_format", "negative_value"],
                          "severity": ["warning"] * 3, "table": ["narrative", "narrative", "Tabel 4.1"],
                          "source_line": [12, 40, 900], "source_kind": ["text"] * 3})
    text = sentences.audit_summary(frame, "en")
    assert [f.code for f in text.findings] == ["data_audit.summary"]
    assert str(text) == ("- The audit found 3 findings: 0 errors, 3 warnings, 0 info.\n\n**Details**\n\n"
                         "- 3 warnings, by rule: number in an invalid format (2) and negative value (1).")
    (line,) = text.sourced
    assert [loc["where"]["en"] for loc in line.locators] == ["narrative line 12", "narrative line 40",
                                                             "Table 4.1 line 900"]


def test_more_rules_with_errors_than_a_page_headlines_keep_the_most_frequent():
    rules = list(RULES)[:7]
    frame = pd.DataFrame({"rule": [r for i, r in enumerate(rules) for _ in range(i + 1)], "severity": "error",
                          "table": "narrative", "source_kind": "text"})
    frame["source_line"] = range(1, len(frame) + 1)
    found = sentences.audit_summary(frame, "id").findings
    assert len(found) == fd.MAX_FINDINGS
    assert [f.codes["rule"] for f in found[1:]] == rules[::-1][:fd.MAX_FINDINGS - 1]
    assert found[1].sentence["id"].endswith(": 7 kesalahan; yang pertama pada narasi baris 22.")


def test_an_error_in_a_pdf_is_placed_by_its_page_then_its_table_or_the_narrative():
    frame = pd.DataFrame({"rule": ["code_names", "amount_in_words"], "severity": "error",
                          "table": ["Tabel 2.1", "narrative"], "source_kind": "pdf", "source_page": [12, 7],
                          "source_line": [None, 275], "source_table": ["Tabel 2.1", None], "source_row": [11, None]})
    _, names, words = sentences.audit_summary(frame, "en").findings
    assert names.sentence["en"] == "One code with two names: 1 error, at p. 12, Table 2.1 row 11."
    assert words.sentence["en"] == "Amount whose figures and words differ: 1 error, at p. 7, narrative line 275."
    assert words.locators[0]["source_page"] == 7 and words.locators[0]["where"]["id"] == "hal. 7, narasi baris 275"


def test_the_efficiency_finding_names_its_places_once_each_in_runs_so_its_slide_notes_stay_short(doc):
    (cases,) = sentences.efficiency_summary(performance.efficiency(doc), "id").findings
    record = cases.record()
    assert [loc["number"] for loc in record["locators"]] == ["achievement", "absorption"]
    assert record["locators"][1]["where"] == {"id": "narasi baris 284, 326, 338, 354, 368",
                                              "en": "narrative lines 284, 326, 338, 354, 368"}
    achievement = record["locators"][0]["where"]["id"]
    assert achievement.startswith("Tabel 2.1 baris 428–431, 435–444") and len(achievement) < 120
    notes = notes_text(record, "id").split("\n")
    assert len(notes) < 20 and max(len(line) for line in notes) < 120
    # the summary opens with the finding; the method and every programme follow in the details
    shown = str(sentences.efficiency_summary(performance.efficiency(doc), "id"))
    assert shown.startswith("- " + cases.sentence["id"] + "\n\n**Rincian**\n\nCapaian di sini adalah")


def test_line_runs_and_their_words():
    assert line_runs([5, 3, 4, 9, 9]) == "3–5, 9"
    assert lines_words("7", "en") == "line 7" and lines_words("7, 8", "id") == "baris 7–8"


@pytest.mark.parametrize("lang", LANGS)
def test_the_bundled_pages_have_three_to_six_headline_findings_each(doc, lang):
    """The findings each page's summaries carry, as the notebooks call them."""
    from renja_lib.analyse import labour

    result = labour.series(doc)
    pages = {
        "labour": [sentences.labour_summary(labour.gap_to_target(result.frame), lang, result.conflicts,
                                            series=result)],
        "absorption": [sentences.absorption_summary(budget.absorption(doc), lang)],
        "performance": [sentences.rollup_summary(performance.rollup(doc), lang),
                        sentences.efficiency_summary(performance.efficiency(doc), lang)],
        "changes": [sentences.changes_summary(budget.plan_changes(doc), lang),
                    sentences.draft_summary(budget.draft_to_needs(doc), lang)],
        "audit": [sentences.audit_summary(audit.audit(doc, lang=lang), lang)],
        "overview": [sentences.overview_summary(doc, lang)],
    }
    counts = {page: sum(len(getattr(s, "findings", ())) for s in summaries) for page, summaries in pages.items()}
    assert all(3 <= n <= fd.MAX_FINDINGS for n in counts.values()), counts
    assert counts["changes"] == 5 and counts["audit"] == 6


def test_findings_json_names_the_table_of_a_finding_that_has_locators_and_no_places(doc):
    """The achievement and audit findings carry locators only: findings.json's source names their places."""
    records = [f.record() for f in sentences.rollup_summary(performance.rollup(doc), "id").findings]
    content = fd.findings_file([("04_performance_achievement", {"document_kind": "renja", "plan_year": 2023},
                                 records)])
    assert {f["source"]["id"] for f in content["findings"]} == {"Renja 2023, Tabel 2.1"}
    assert {f["source"]["en"] for f in content["findings"]} == {"Renja 2023, Table 2.1"}
