"""Every headline bullet ends with its source in words (issue 15): ``Sumber: Renja 2023, Tabel 2.2; narasi`` on an
Indonesian page, ``Source: Renja 2023, Table 2.2; narrative`` on an English one, an outside file by its publisher
and name (the document named only where a number stands in it); one function words it for the pages and the slide
deck (``present.findings.source_words``). A bullet that states a finding takes its finding's places; one that does
not (an estimate not yet released, the TPT/TKK note, a quarter's absorption, a programme's efficiency) carries its
own (``present.findings.Sourced``) without becoming a finding.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import renja_lib
from renja_lib.analyse import budget, city_budget, labour, performance
from renja_lib.present import city_sentences, findings, sentences
from renja_lib.present.findings import Finding, Headlines, Sourced, source_places, source_words, with_sources
from table_helpers import bps_table as _bps

DATA = Path(__file__).parent / "data"
CITY_2021 = DATA / "djpk" / "apbd_realisasi_kota_pasuruan_2021.csv"

RENJA_2023 = {"document_kind": "renja", "plan_year": 2023, "office": "Dinas Tenaga Kerja Kota Pasuruan",
              "name": {"id": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan",
                       "en": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"}}
SOURCE_WORD = {"id": "Sumber:", "en": "Source:"}


@pytest.fixture(scope="module")
def doc():
    return renja_lib.load()


@pytest.fixture(scope="module")
def labour_parts(doc):
    result = labour.series(doc)
    return labour.gap_to_target(result.frame), result


def test_the_source_of_a_labour_finding_in_both_languages():
    finding = {"locators": [{"source": "Tabel 2.2 line 655; narrative line 318"}, {"source": "Tabel 2.2 line 655"}]}
    assert source_words(finding, "id", RENJA_2023) == "Sumber: Renja 2023, Tabel 2.2; narasi"
    assert source_words(finding, "en", RENJA_2023) == "Source: Renja 2023, Table 2.2; narrative"
    # the slide deck names the office too, with the same words
    assert source_words(finding, "en", RENJA_2023, office=True) == \
        "Source: Renja 2023 Dinas Tenaga Kerja Kota Pasuruan, Table 2.2; narrative"


def test_outside_files_are_named_by_their_publisher_and_file():
    bps = {"locators": [{"source": "tpt_kota.csv row 7, column 3 (*)"}, {"source": "Tabel 2.2 line 655"}]}
    # the document's places first, then the outside ones
    assert source_places(bps, "id") == ["Tabel 2.2", "BPS (tpt_kota.csv)"]
    assert source_words(bps, "en", RENJA_2023) == "Source: Renja 2023, Table 2.2; BPS (tpt_kota.csv)"
    webapi = {"locators": [{"source": "sakernas.json line 4, 1002"}]}
    assert source_places(webapi, "en") == ["BPS (sakernas.json)"]
    djpk = {"locators": [{"origin": "djpk", "source_file": "data/raw/apbd_2021.csv", "source_row": 15}]}
    assert source_words(djpk, "id", RENJA_2023) == "Sumber: DJPK (apbd_2021.csv)"
    own_csv = {"locators": [{"source": "extra.csv row 3: BPS Sakernas Agustus 2021"}, {"source": "extra.csv row 4"}]}
    assert source_places(own_csv, "en") == ["BPS Sakernas Agustus 2021 (extra.csv)", "extra.csv"]


def test_places_in_words_serve_when_there_is_no_locator_and_nothing_known_says_nothing():
    assert source_words({"places": {"id": "Tabel 4.1", "en": "Table 4.1"}}, "en", RENJA_2023) == \
        "Source: Renja 2023, Table 4.1"
    assert source_words({"places": {"id": "narasi baris 368"}}, "id") == "Sumber: narasi"
    assert source_words({}, "id", RENJA_2023) == "Sumber: Renja 2023"
    assert source_words({}, "en") == ""


def _stated_lines(text: str, found) -> list[str]:
    sentences_ = {f.sentence[lang] for f in found for lang in f.sentence}
    return [line for line in text.splitlines()
            if any(line.removeprefix("- ").startswith(s) for s in sentences_)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_labour_headline_ends_with_its_source_and_the_others_keep_their_text(labour_parts, lang):
    gaps, result = labour_parts
    summary = sentences.labour_summary(gaps, lang, result.conflicts, series=result)
    shown = with_sources(summary, RENJA_2023)
    stated = _stated_lines(shown, summary.findings)
    assert len(stated) == len(summary.findings) == 3
    expected = {"id": "*Sumber: Renja 2023, Tabel 2.2; narasi.*", "en": "*Source: Renja 2023, Table 2.2; narrative.*"}
    for line in stated:
        assert line.endswith(expected[lang]), line
        assert line.count(SOURCE_WORD[lang]) == 1
        assert ".)." not in line and ". ." not in line
    # a line that states no finding (the 2022 estimates not yet released, the TPT/TKK note) ends with its source
    # too, and stays no finding: the page's findings are one an indicator
    # they come after the findings, under a label of their own
    others = [line for line in shown.splitlines() if line.startswith("- ") and line not in stated]
    assert len(others) == 3
    lines = shown.splitlines()
    label = {"id": "**Rincian**", "en": "**Details**"}[lang]
    assert max(map(lines.index, stated)) < lines.index(label) < min(map(lines.index, others))
    estimate = {"id": "TPT 2022: angka resmi belum rilis", "en": "TPT 2022: the official figure is not yet released"}
    assert any(line.startswith(f"- {estimate[lang]}") for line in others)
    for line in others:
        assert line.endswith(expected[lang]), line
        assert line.count(SOURCE_WORD[lang]) == 1 and ".)." not in line
    assert [f.code for f in summary.findings] == ["labour.TPT", "labour.TPAK", "labour.TKK"]
    # the findings keep the sentence alone: the source is findings.json's own field
    assert all(SOURCE_WORD[lang] not in f.record()["sentence"][lang] for f in summary.findings)


def test_a_headline_paragraph_and_a_bullet_of_absorption_end_with_their_sources(doc):
    changes = with_sources(sentences.changes_summary(budget.plan_changes(doc), "en"), RENJA_2023)
    assert changes.startswith("- The 2024 budget rises by Rp 251.1 m (4.86%) from 2023: Rp 5.17 bn to Rp 5.42 bn. "
                              "*Source: Renja 2023, Table 4.1.*\n- Largest rise: the programme Pelatihan Kerja dan "
                              "Produktivitas Tenaga Kerja, +Rp 520.2 m (+60.20%), from Rp 864.2 m in 2023 to "
                              "Rp 1.38 bn in 2024. *Source: Renja 2023, Table 4.1.*\n")
    _ends_with_one_source(_bullets(changes), "en", "*Source: Renja 2023, Table 4.1.*")
    absorption = with_sources(sentences.absorption_summary(budget.absorption(doc), "id"), RENJA_2023)
    office = next(line for line in absorption.splitlines() if line.startswith("- Seluruh perangkat daerah 2021"))
    assert office.endswith("angka itu tidak dipakai. *Sumber: Renja 2023, narasi.*")


def test_a_sentence_without_a_full_stop_gets_one_before_its_source_and_a_file_name_is_escaped():
    finding = Finding(code="x.y", sentence={"id": "Angka naik", "en": "The figure rises"},
                      locators=[{"source": "my_file*.csv row 2"}])
    shown = with_sources(Headlines("- Angka naik\n- lain", [finding]), None)
    assert shown == "- Angka naik. *Sumber: my\\_file\\*.csv.*\n- lain"
    assert with_sources("plain text", RENJA_2023) == "plain text"


def test_show_names_the_document_of_the_page_title_shown_before(doc, labour_parts, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, metadata=None: shown.append((obj, metadata)))
    monkeypatch.setattr(sentences, "_SHOWN", {})
    gaps, result = labour_parts
    sentences.show(sentences.page_title(doc, "labour", "en"))
    sentences.show(sentences.labour_summary(gaps, "en", result.conflicts, series=result))
    markdown, metadata = shown[-1]
    assert "TPT 2021 was 6.23%" in markdown.data
    assert re.search(r"rated high\)\. \*Source: Renja 2023, Table 2\.2; narrative\.\*\n", markdown.data)
    # the findings the page carries are the sentences alone
    records = metadata[findings.FINDINGS_METADATA]
    assert records[0]["sentence"]["en"].endswith("rated high).")


def _bullets(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


def _ends_with_one_source(lines: list[str], lang: str, ending: str) -> None:
    assert lines
    for line in lines:
        assert line.endswith(ending), line
        assert line.count(SOURCE_WORD[lang]) == 1 and ".)." not in line, line


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_absorption_bullet_ends_with_its_source_the_quarters_too_and_only_the_year_makes_findings(doc, lang):
    summary = sentences.absorption_summary(budget.absorption(doc), lang)
    shown = with_sources(summary, RENJA_2023)
    bullets = _bullets(shown)
    _ends_with_one_source(bullets, lang, {"id": "*Sumber: Renja 2023, narasi.*",
                                          "en": "*Source: Renja 2023, narrative.*"}[lang])
    quarter = {"id": "- Penempatan Tenaga Kerja 2022 triwulan 1: serapan 3,76%",
               "en": "- Penempatan Tenaga Kerja 2022 quarter 1: absorption 3.76%"}[lang]
    assert any(line.startswith(quarter) for line in bullets)
    # the quarters carry their places without becoming findings (no slide each)
    assert {f.numbers["year"] for f in summary.findings} == {2021}
    assert len(summary.findings) == 5 and len(summary.sourced) == len(bullets)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_achievement_bullets_name_tabel_2_1_and_the_rollup_carries_its_table_and_lines(doc, lang):
    rollup = performance.rollup(doc)
    assert set(rollup["source_table"]) == {"Tabel 2.1"}
    placement = rollup.set_index("code").loc["2.07.04"]
    assert placement["source_lines"].split(", ")[0] == "491"  # Program Penempatan Tenaga Kerja's own row
    assert performance.achievement_table(doc).set_index("source_line").loc[491, "source_table"] == "Tabel 2.1"
    summary = sentences.rollup_summary(rollup, lang)
    table = {"id": "Tabel 2.1", "en": "Table 2.1"}[lang]
    _ends_with_one_source(_bullets(with_sources(summary, RENJA_2023)), lang,
                          f"*{SOURCE_WORD[lang]} Renja 2023, {table}.*")
    loc = summary.findings[0].locators[0]
    assert loc["source_table"] == "Tabel 2.1" and loc["where"][lang].startswith(f"{table} ")
    # the efficiency lines: the achievement's table and the absorption's narrative
    eff = performance.efficiency(doc)
    assert eff.frame.set_index("programme").loc["2.07.04", "absorption_source_lines"] == "338"
    lines = _bullets(with_sources(sentences.efficiency_summary(eff, lang), RENJA_2023))
    narrative = {"id": "narasi", "en": "narrative"}[lang]
    _ends_with_one_source(lines[:-1], lang, f"*{SOURCE_WORD[lang]} Renja 2023, {table}; {narrative}.*")
    # a programme with no data at all: the narrative its absorption was looked for in
    _ends_with_one_source(lines[-1:], lang, f"*{SOURCE_WORD[lang]} Renja 2023, {narrative}.*")


def test_a_rollup_of_a_hand_made_table_without_places_keeps_the_plain_document_source():
    table = pd.DataFrame({"code": ["1.01.01", "1.01.01"], "level": ["program"] * 2, "achievement": [90.0, 110.0],
                          "name": ["Program A"] * 2, "year": [2021, 2021]})
    rollup = performance.rollup(table)
    assert rollup["source_table"].isna().all() and rollup["source_lines"].isna().all()
    shown = with_sources(sentences.rollup_summary(rollup, "en"), RENJA_2023)
    assert _bullets(shown)[0] == ("- Achievement in 2021 of the 1 programme with data: 1 very high; its average is "
                                  "100.00% (A). *Source: Renja 2023.*")
    assert _bullets(shown)[1].endswith("rated very high. *Source: Renja 2023.*")


@pytest.mark.parametrize("lang", ["id", "en"])
def test_a_finding_wholly_from_bps_names_only_bps_and_a_mixed_one_both(doc, tmp_path, lang):
    path = _bps(tmp_path, "tpt_2024_2025.csv", [2024, 2025],
                [("Kota Pasuruan", ["5,90", "5,55"]), ("Jawa Timur", ["4,82", "4,70"])])
    result = labour.series(doc, extra=path)
    summary = sentences.labour_summary(labour.gap_to_target(result.frame), lang, result.conflicts, series=result)
    shown = with_sources(summary, RENJA_2023)
    newest = next(line for line in _bullets(shown) if line.startswith("- TPT 2025"))
    assert newest.endswith(f"*{SOURCE_WORD[lang]} BPS (tpt\\_2024\\_2025.csv).*"), newest
    assert "Renja 2023" not in newest.split(SOURCE_WORD[lang])[1]
    # the 2024 figure from BPS against the document's target: both
    mixed = next(line for line in _bullets(shown) if line.startswith("- TPT 2024"))
    table = {"id": "Tabel 2.2", "en": "Table 2.2"}[lang]
    assert mixed.endswith(f"*{SOURCE_WORD[lang]} Renja 2023, {table}; BPS (tpt\\_2024\\_2025.csv).*"), mixed
    _ends_with_one_source(_bullets(shown), lang, ".*")
    # findings.json's own source field of the BPS-only finding does not name the document either
    record = next(f.record() for f in summary.findings if f.code == "labour.TPT")
    content = findings.findings_file([("02_labour_indicators", RENJA_2023, [record])])
    assert not content["findings"][0]["source"][lang].startswith("Renja")
    assert "tpt_2024_2025.csv" in content["findings"][0]["source"][lang]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_office_against_the_city_is_a_finding_with_both_sources(doc, lang):
    comparison = city_budget.compare_with_city_files(budget.absorption(doc), str(CITY_2021))
    summary = city_sentences.city_summary(comparison, doc, lang)
    assert [f.code for f in summary.findings] == ["absorption.city"]
    shown = with_sources(summary, RENJA_2023)
    first = _bullets(shown)[0]
    expected = {"id": "+5,59 poin. *Sumber: Renja 2023, narasi; DJPK (apbd\\_realisasi\\_kota\\_pasuruan\\_2021.csv).*",
                "en": "+5.59 pp. *Source: Renja 2023, narrative; DJPK (apbd\\_realisasi\\_kota\\_pasuruan\\_2021.csv).*"}
    assert first.endswith(expected[lang]), first
    # the quarter is not comparable: a plain line with its source, no finding
    quarter = _bullets(shown)[1]
    assert quarter.endswith(f"*{SOURCE_WORD[lang]} Renja 2023.*") and quarter.count(SOURCE_WORD[lang]) == 1
    record = summary.findings[0].record()
    assert (record["numbers"]["office_absorption"], record["numbers"]["city_absorption"]) == (83.82, 78.23)
    assert record["chart_data"]["series"][0]["values"] == [83.82, 78.23]
    content = findings.findings_file([("03_budget_absorption", RENJA_2023, [record])])
    assert [h["code"] for h in content["headline"]] == ["absorption.city"]


def test_a_city_file_that_looks_partial_is_no_finding_but_its_line_names_the_file(doc):
    row = pd.DataFrame([dict(year=2023, period="year", status="city_partial", office_absorption=float("nan"),
                             city_absorption=float("nan"), gap_pp=float("nan"), office_source_lines=None,
                             city_source_file="x/apbd_2023.csv", city_source_row=None, city_partial_share=58.59,
                             city_partial_row=14)])
    summary = city_sentences.city_summary(row, doc, "en")
    assert summary.findings == ()
    assert with_sources(summary, RENJA_2023).endswith("not compared with it. *Source: DJPK (apbd\\_2023.csv).*")


def test_a_sourced_line_is_no_finding_of_the_page():
    line = Sourced(sentence={"id": "Catatan", "en": "Note"}, locators=[{"source": "Tabel 2.2 line 655"}])
    text = Headlines("- Catatan\n- lain", [], [line])
    assert with_sources(text, RENJA_2023) == "- Catatan. *Sumber: Renja 2023, Tabel 2.2.*\n- lain"
    assert findings.output_metadata(text) is None  # nothing for findings.json
