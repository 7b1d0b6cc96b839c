"""The office's budget absorption against the whole region's (issue 17, point 4): the sentences of the budget page,
from the two real DJPK exports in tests/data/djpk/, and the page of a report run with them."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from renja_lib.analyse.budget import absorption
from renja_lib.analyse.city_budget import compare_with_city_files
from renja_lib.present.city_sentences import city_heading, city_summary

DJPK = Path(__file__).parent / "data" / "djpk"
FILES = [DJPK / "apbd_realisasi_kota_pasuruan_2021.csv", DJPK / "apbd_realisasi_kota_pasuruan_2022.csv"]


@pytest.fixture(scope="module")
def comparison(doc):
    return compare_with_city_files(absorption(doc), [str(p) for p in FILES])


def test_the_year_is_compared_and_the_quarter_is_not(comparison):
    assert list(zip(comparison["year"], comparison["period"], comparison["status"])) == [
        (2021, "year", "compared"), (2022, "Q1", "not_comparable")]
    row = comparison.iloc[0]
    assert (row["office_absorption"], row["city_absorption"], round(row["gap_pp"], 2)) == (83.82, 78.23, 5.59)


def test_the_sentences_give_both_figures_the_gap_and_both_sources(comparison, doc):
    summary = city_summary(comparison, doc, "id")
    id_lines = summary.split("\n")
    assert id_lines[0] == (
        "- 2021: serapan anggaran Dinas Tenaga Kerja Kota Pasuruan 83,82%, terhadap 78,23% untuk seluruh belanja "
        "daerah Kota Pasuruan: +5,59 poin.")
    # its two sources are the finding's locators: the document's narrative line and the DJPK file's row
    (finding,) = summary.findings
    assert finding.code == "absorption.city"
    assert [(loc.get("origin"), loc.get("source"), loc.get("source_file"), loc.get("source_row"))
            for loc in finding.locators] == [(None, "narrative line 368", None, None),
                                              ("djpk", None, "apbd_realisasi_kota_pasuruan_2021.csv", 15)]
    assert id_lines[1].startswith("- Triwulan 1 2022: serapan Dinas Tenaga Kerja Kota Pasuruan untuk sebagian tahun "
                                  "tidak dibandingkan")
    assert "88,88%" in id_lines[1] and "poin" not in id_lines[1]
    en = city_summary(comparison, doc, "en")
    assert "83.82% of its budget, against 78.23%" in en and "+5.59 pp" in en
    assert "Quarter 1 of 2022" in en and "not the same period" in en


def test_without_a_file_the_page_says_how_to_give_one(doc):
    assert compare_with_city_files(absorption(doc), None) is None
    assert "`city_budget_file`" in city_summary(None, doc, "en")
    assert city_heading("id").startswith("## ")


@pytest.mark.slow
def test_the_budget_page_of_a_report_shows_the_comparison(tmp_path):
    from renja_lib.run.runner import plan_runs, run_report

    runs = plan_runs(notebooks=["03_budget_absorption"], params={"city_budget_file": [str(p) for p in FILES]})
    results = run_report(runs, tmp_path / "out", quiet=True)
    assert [r.status for r in results] == ["ok"]
    page = next((tmp_path / "out").glob("*/03_budget_absorption.html")).read_text(encoding="utf-8")
    assert "+5,59 poin" in page and "Sumber: Renja 2023, narasi; DJPK (apbd_realisasi_kota_pasuruan_2021.csv)." in page
    assert "Triwulan 1 2022" in page and "tidak dibandingkan" in page
    # the comparison is a finding of findings.json, which the index shows
    folder = next((tmp_path / "out").glob("*/findings.json")).parent
    data = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    city = next(f for f in data["findings"] if f["code"] == "absorption.city")
    assert city["page"] == "03_budget_absorption" and city["numbers"]["gap_pp"] == pytest.approx(5.59)
    assert [loc.get("origin") for loc in city["locators"]] == [None, "djpk"]
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert "Serapan 2021 dibanding Kota Pasuruan" in index
