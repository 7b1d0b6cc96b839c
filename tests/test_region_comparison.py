"""The document's region against its province and neighbours (issue 17, point 3), from BPS files as downloaded
(tests/data/bps/: written from BPS's published shapes), on the bundled document."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from renja_lib.analyse import labour
from renja_lib.analyse.region_comparison import compare_regions, with_complements
from renja_lib.present.findings import with_sources
from renja_lib.present.region_sentences import region_summary

BPS = Path(__file__).parent / "data" / "bps"
TABLE = BPS / "tpt_kabkota_jatim_2021_2023.csv"
API = BPS / "tpt_kabkota_jatim_api.json"


@pytest.fixture(scope="module")
def result(doc):
    return labour.series(doc, extra=[None, [TABLE]])


def test_the_province_is_found_without_a_parameter_and_the_latest_common_year_used(result):
    out = compare_regions(result)
    tpt = out[out["indicator"] == "TPT"].iloc[0]
    assert (tpt["comparator"], tpt["role"], tpt["status"], tpt["year"]) == ("Provinsi Jawa Timur", "province",
                                                                             "compared", 2023)
    assert (tpt["value"], tpt["comparator_value"], round(tpt["gap_pp"], 2)) == (5.85, 4.88, 0.97)
    assert "row 38" in tpt["source"] and "row 43" in tpt["comparator_source"]


def test_tkk_is_derived_from_a_published_tpt_and_marked(result):
    frame = with_complements(result)
    tkk = frame[(frame["region"] == "Provinsi Jawa Timur") & (frame["indicator"] == "TKK")]
    assert tkk["derived"].all() and sorted(tkk["value"].round(2)) == [94.26, 94.51, 95.12]
    assert tkk["source"].str.startswith("100 - TPT (").all()
    own = frame[(frame["region"] == "Kota Pasuruan") & (frame["indicator"] == "TKK") & (frame["year"] == 2021)
                & (frame["kind"] == "actual")]
    assert own["value"].tolist() == [93.77] and not own["derived"].any()  # the document's own is never replaced


def test_neighbours_are_matched_however_written_and_a_stranger_is_named_once(result):
    out = compare_regions(result, neighbours=["KABUPATEN PASURUAN", "Pasuruan (Kota)", "Kota Atlantis"])
    assert set(out["comparator"]) == {"Provinsi Jawa Timur", "Kabupaten Pasuruan", "Kota Atlantis"}
    kab = out[(out["comparator"] == "Kabupaten Pasuruan") & (out["indicator"] == "TPT")].iloc[0]
    assert (kab["year"], kab["comparator_value"], round(kab["gap_pp"], 2)) == (2023, 2.61, 3.24)
    text = region_summary(out, result.region, "id")
    assert text.count("Kota Atlantis") == 1
    assert "- TPT 2023: Kota Pasuruan 5,85% terhadap Provinsi Jawa Timur 4,88% (+0,97 poin).\n" in text
    shown = with_sources(text).replace("\\_", "_")  # as the page shows it (Markdown unescaped): publisher and file
    assert "- TPT 2023: Kota Pasuruan 5,85% terhadap Provinsi Jawa Timur 4,88% (+0,97 poin). *Sumber: " \
           "BPS (tpt_kabkota_jatim_2021_2023.csv).*" in shown
    assert shown.count("Sumber:") == len(text.findings) + len(text.sourced) == 4  # each compared line, once
    assert "TKK (dihitung: TKK = 100 − TPT) 2023: Kota Pasuruan 94,15% terhadap Provinsi Jawa Timur 95,12% " \
           "(-0,97 poin)" in text
    en = region_summary(out, result.region, "en")
    assert "Kota Pasuruan 5.85% against Provinsi Jawa Timur 4.88% (+0.97 pp)" in en and "terhadap" not in en


def test_the_api_answer_gives_the_same_comparison(doc):
    out = compare_regions(labour.series(doc, extra=API))
    tpt = out[(out["indicator"] == "TPT") & (out["role"] == "province")].iloc[0]
    assert tpt["status"] == "compared" and tpt["year"] == 2023
    assert (tpt["value"], tpt["comparator_value"]) == (5.85, 4.88)


def test_without_other_regions_the_page_says_what_to_give(doc):
    out = compare_regions(labour.series(doc))
    assert out.empty
    assert "`bps_files`" in region_summary(out, "Kota Pasuruan", "en")
    unknown = pd.DataFrame({"region": ["Kota A"], "indicator": ["TPT"], "year": [2023], "kind": ["actual"],
                            "value": [5.0], "source": ["x.csv row 2"]})
    assert compare_regions(unknown, None).empty  # a region not known: nothing compared, nothing guessed


def test_estimates_and_targets_are_never_compared(result):
    out = compare_regions(result)
    assert set(out.loc[out["status"] == "compared", "year"]) == {2023}  # the 2022 estimate (6,20) is not used


@pytest.mark.slow
def test_the_labour_page_of_a_report_shows_the_comparison(tmp_path):
    from renja_lib.run.runner import plan_runs, run_report

    runs = plan_runs(notebooks=["02_labour_indicators"],
                     params={"bps_files": [str(TABLE)], "neighbours": ["Kabupaten Pasuruan"]})
    results = run_report(runs, tmp_path / "out", quiet=True)
    assert [r.status for r in results] == ["ok"]
    page = next((tmp_path / "out").glob("*/02_labour_indicators.html")).read_text(encoding="utf-8")
    assert "TPT 2023: Kota Pasuruan 5,85% terhadap Provinsi Jawa Timur 4,88% (+0,97 poin). <em>Sumber: BPS " \
           "(tpt_kabkota_jatim_2021_2023.csv).</em>" in page
    assert "Kabupaten Pasuruan 2,61% (+3,24 poin)" in page
    svg = next((tmp_path / "out").glob("*/figures/tpt_regions.svg")).read_text(encoding="utf-8")
    assert "Provinsi Jawa Timur" in svg and "Kabupaten Pasuruan" in svg and "Kabupaten Sidoarjo" not in svg
    # the labour headline: the newest year, BPS named as its source; TKK derived from the BPS TPT, marked
    assert "TPT 2023 tercatat 5,85% (BPS, tpt_kabkota_jatim_2021_2023.csv baris 38, kolom 2023 Agustus)" in page
    assert "Dokumen menyebut angka ini belum rilis (Tabel 2.2 baris 655); BPS telah merilisnya." in page
    assert "TKK 2023 tercatat 94,15% (dihitung 100 − TPT, dengan TPT dari BPS" in page
    found = json.loads(next((tmp_path / "out").glob("*/findings.json")).read_text(encoding="utf-8"))
    tpt = next(f for f in found["findings"] if f["code"] == "labour.TPT")
    assert tpt["numbers"]["year"] == 2023
    assert [(loc["source_file"], loc["source_row"]) for loc in tpt["locators"] if loc.get("origin") == "bps"] == [
        ("tpt_kabkota_jatim_2021_2023.csv", 38)]


def test_the_region_chart_draws_the_region_its_province_and_the_neighbours_only(result):
    """A BPS file brings every kabupaten/kota of the province: the chart keeps the three that were compared, the
    province drawn dashed and darker, each line labelled at its end without collisions."""
    from renja_lib.present import sentences
    from renja_lib.present.labour_charts import regions_compare

    comparison = compare_regions(result, neighbours=["Kabupaten Pasuruan"])
    drawn = sentences.compared_regions(sentences.chart_series(result.frame, "id"), result.region, comparison)
    assert set(drawn["region"]) == {"Kota Pasuruan", "Provinsi Jawa Timur", "Kabupaten Pasuruan"}
    assert sentences.compared_regions(result.frame, result.region, None) is result.frame
    fig = regions_compare(drawn, "TPT", highlight="Kota Pasuruan")
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    assert set(lines) == {"Kota Pasuruan", "Provinsi Jawa Timur", "Kabupaten Pasuruan"}
    assert lines["Provinsi Jawa Timur"].get_linestyle() == "--" and lines["Kabupaten Pasuruan"].get_linestyle() == "-"
    labels = sorted(t.get_position()[1] for t in fig.axes[0].texts if "%" in t.get_text())
    low, high = fig.axes[0].get_ylim()
    assert len(labels) == 3 and min(b - a for a, b in zip(labels, labels[1:])) >= 0.05 * (high - low)  # apart
