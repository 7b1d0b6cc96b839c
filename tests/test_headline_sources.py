"""Every headline that states a finding ends with its source in words (issue 15): ``Sumber: Renja 2023, Tabel 2.2;
narasi`` on an Indonesian page, ``Source: Renja 2023, Table 2.2; narrative`` on an English one, an outside file by
its publisher and name; one function words it for the pages and the slide deck (``present.findings.source_words``).
"""
from __future__ import annotations

import re

import pytest

import renja_lib
from renja_lib.analyse import budget, labour
from renja_lib.present import findings, sentences
from renja_lib.present.findings import Finding, Headlines, source_places, source_words, with_sources

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
    assert source_places(bps, "id") == ["BPS (tpt_kota.csv)", "Tabel 2.2"]
    assert source_words(bps, "en", RENJA_2023) == "Source: Renja 2023, BPS (tpt_kota.csv); Table 2.2"
    webapi = {"locators": [{"source": "sakernas.json line 4, 1002"}]}
    assert source_places(webapi, "en") == ["BPS (sakernas.json)"]
    djpk = {"locators": [{"origin": "djpk", "source_file": "data/raw/apbd_2021.csv", "source_row": 15}]}
    assert source_words(djpk, "id", RENJA_2023) == "Sumber: Renja 2023, DJPK (apbd_2021.csv)"
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
    # a line that states no finding (an estimate, the TPT/TKK note) is as the summary wrote it
    others = [line for line in shown.splitlines() if line not in stated]
    assert others and all(line in str(summary).splitlines() for line in others)
    # the findings keep the sentence alone: the source is findings.json's own field
    assert all(SOURCE_WORD[lang] not in f.record()["sentence"][lang] for f in summary.findings)


def test_a_headline_paragraph_and_a_bullet_of_absorption_end_with_their_sources(doc):
    changes = with_sources(sentences.changes_summary(budget.plan_changes(doc), "en"), RENJA_2023)
    assert changes.endswith("Largest changes: Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota -Rp 548.8 m, "
                            "Pelatihan Kerja dan Produktivitas Tenaga Kerja +Rp 520.2 m, Penempatan Tenaga Kerja "
                            "+Rp 189.4 m. *Source: Renja 2023, Table 4.1.*")
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
