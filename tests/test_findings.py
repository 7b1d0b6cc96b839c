"""The headline findings as data (renja_lib.present.findings): made by the same calls that write the pages'
headline sentences, carried in the notebook's output metadata, collected by the runner into one byte-stable
findings.json per report."""
from __future__ import annotations

import json
import math
from pathlib import Path

import nbformat
import pytest

from renja_lib.analyse import budget, labour, performance
from renja_lib.check import audit
from renja_lib.present import findings as fd
from renja_lib.present import sentences
from renja_lib.text import LANGS


def _strict(text: str):
    """JSON as every reader reads it: NaN and Infinity are not JSON."""
    def refuse(name):
        raise ValueError(f"{name} is not JSON")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def labour_findings(doc):
    result = labour.series(doc)
    text = sentences.labour_summary(labour.gap_to_target(result.frame), "id", result.conflicts, series=result)
    return text, {f.code: f for f in text.findings}


def test_the_labour_findings_carry_each_indicator_against_its_target_with_its_locators(labour_findings):
    text, found = labour_findings
    assert list(found) == ["labour.TPT", "labour.TPAK", "labour.TKK"]
    tpt = found["labour.TPT"].record()
    assert tpt["numbers"]["year"] == 2021 and tpt["numbers"]["realised"] == 6.23 and tpt["numbers"]["target"] == 5.71
    assert math.isclose(tpt["numbers"]["achievement"], (2 * 5.71 - 6.23) / 5.71 * 100)  # unrounded
    assert tpt["codes"]["band"] == "high" and tpt["codes"]["realised_kind"] == "actual"
    sources = {loc["number"]: loc["source"] for loc in tpt["locators"]}
    assert sources == {"realised": "Tabel 2.2 line 655; narrative line 318", "target": "Tabel 2.2 line 655"}
    assert tpt["locators"][0]["where"] == {"id": "Tabel 2.2 baris 655; narasi baris 318",
                                           "en": "Table 2.2 line 655; narrative line 318"}
    # the sentence is the page's own line, in every language, as plain text
    assert tpt["sentence"]["id"] in fd.plain(text) and tpt["sentence"]["id"].startswith("TPT 2021 tercatat 6,23%")
    assert tpt["sentence"]["en"].startswith("TPT 2021 was 6.23%, 0.52 pp above its 5.71% target")
    assert tpt["figure"] == {"id": "6,23% (target 5,71%)", "en": "6.23% (target 5.71%)"}
    assert tpt["chart"] == "tpt_trend"
    tpak = found["labour.TPAK"].record()
    assert (tpak["numbers"]["realised"], tpak["numbers"]["target"]) == (71.66, 67.78)
    tkk = found["labour.TKK"].record()
    assert (tkk["numbers"]["realised"], tkk["numbers"]["target"]) == (93.77, 94.29)


def test_the_office_absorption_finding_carries_the_stated_figure_and_names_the_contradiction(doc):
    text = sentences.absorption_summary(budget.absorption(doc), "en")
    found = {f.code: f.record() for f in text.findings}
    office = found["absorption.office"]
    assert office["numbers"]["absorption_stated"] == 83.82 and office["numbers"]["absorption_reading"] == 83.82
    assert office["numbers"]["spending"] == 4244258 and office["numbers"]["budget"] == 5063367215
    assert office["codes"]["flag"] == "contradiction" and office["codes"]["reading"] == "stated"
    assert "83,82%" in office["sentence"]["id"] and "bertentangan" in office["sentence"]["id"]
    assert "contradicts" in office["sentence"]["en"] and "bertentangan" in office["figure"]["id"]
    assert [loc["source"] for loc in office["locators"]] == ["narrative line 368"]
    # the office first, then its programmes of the same year (at most five), never more than six in all
    assert list(found)[0] == "absorption.office" and len(found) <= fd.MAX_FINDINGS
    assert found["absorption.2.07.03"]["figure"]["en"] == "66.60%"
    assert {r["numbers"]["year"] for r in found.values()} == {2021}


def test_the_audit_finding_counts_the_errors_and_locates_them(doc):
    frame = audit.audit(doc)
    text = sentences.audit_summary(frame, "id")
    finding, *by_rule = text.findings
    record = finding.record()
    errors = int((frame["severity"] == "error").sum())
    assert record["code"] == "data_audit.summary" and record["numbers"]["errors"] == errors > 0
    assert record["numbers"]["findings"] == len(frame)
    assert record["figure"] == {"id": f"{errors} kesalahan", "en": f"{errors} errors"}
    assert fd.plain(text).startswith(record["sentence"]["id"])
    first = frame[frame["severity"] == "error"].iloc[0]
    assert record["locators"][0]["source_line"] == int(first["source_line"])
    assert record["locators"][0]["where"]["en"] == f"narrative line {int(first['source_line'])}"
    # then each rule that found errors, the most first, with its count and its first error's place
    per_rule = frame[frame["severity"] == "error"]["rule"].value_counts()
    assert len(by_rule) == min(len(per_rule), fd.MAX_FINDINGS - 1) == 5
    assert [f.numbers["errors"] for f in by_rule] == sorted(per_rule, reverse=True)
    assert sum(f.numbers["errors"] for f in by_rule) == errors == 10
    assert [f.code for f in by_rule][:3] == ["data_audit.narrative_vs_table", "data_audit.narrative_repeat",
                                             "data_audit.code_names"]
    for f in by_rule:
        rows = frame[(frame["severity"] == "error") & (frame["rule"] == f.codes["rule"])]
        assert [loc["source_line"] for loc in f.locators] == [int(n) for n in rows["source_line"]]
        assert f.locators[0]["where"]["id"] in f.sentence["id"]
    assert by_rule[2].sentence["en"] == "One code with two names: 2 errors, the first at Table 2.1 line 439."
    assert by_rule[4].sentence["id"] == "Angka dan terbilangnya berbeda: 1 kesalahan, pada narasi baris 368."


def test_the_performance_findings_give_each_programmes_band_and_the_cases(doc):
    rollup = sentences.rollup_summary(performance.rollup(doc), "en")
    codes = [f.code for f in rollup.findings]
    assert codes == ["achievement.bands", "achievement.2.07.01", "achievement.2.07.03", "achievement.2.07.04",
                     "achievement.2.07.05"]
    bands, *programmes = rollup.findings
    assert all(f.record()["codes"]["band"] == "very_high" for f in programmes)
    # the bands: how many programmes in each, and the lowest average, the same as the programme's own line
    assert bands.numbers["programmes"] == 4 and bands.numbers["n_very_high"] == 4
    assert bands.codes["lowest"] == "2.07.03" and bands.numbers["lowest_mean_achievement"] == min(
        f.numbers["mean_achievement"] for f in programmes)
    assert bands.figure == {"id": "4 dari 4 sangat tinggi", "en": "4 of 4 very high"}
    assert str(rollup).startswith("- " + bands.sentence["en"])
    assert str(rollup).index("**Details**") < str(rollup).index("A programme's average achievement on this page")
    (cases,) = sentences.efficiency_summary(performance.efficiency(doc), "en").findings
    numbers = cases.record()["numbers"]
    assert numbers["programmes"] == 5 and numbers["n_underspent_achieved"] == 3
    assert sum(v for k, v in numbers.items() if k.startswith("n_")) == numbers["programmes"]
    assert cases.record()["figure"]["en"] == "3 of 5: achieved but under-spent: check"


def test_findings_carry_the_data_of_a_native_chart_from_the_frame_their_sentence_used(doc, labour_findings):
    _, found = labour_findings
    gaps = labour.gap_to_target(labour.series(doc).frame)
    tpt = gaps[gaps["indicator"] == "TPT"].sort_values("year")
    data = found["labour.TPT"].record()["chart_data"]
    assert data["kind"] == "column" and data["unit"] == "percent"
    assert data["categories"]["id"] == [str(y) for y in tpt["year"]]
    assert [s["code"] for s in data["series"]] == ["realised", "target"]
    assert data["series"][0]["values"] == [fd.number(v) for v in tpt["realised"]]
    assert data["series"][1]["values"] == [fd.number(v) for v in tpt["target"]]
    frame = performance.rollup(doc)
    (_, first, *_) = sentences.rollup_summary(frame, "id").findings
    bars = first.record()["chart_data"]
    assert bars["kind"] == "bar" and len(bars["categories"]["en"]) == len(frame)
    assert bars["series"] == [{"code": "mean_achievement", "values": [fd.number(v) for v in frame["mean_achievement"]]}]
    audit_finding = sentences.audit_summary(audit.audit(doc), "en").findings[0]
    counts = audit_finding.record()["chart_data"]
    assert counts["categories"]["en"] == ["errors", "warnings", "notes"]
    assert counts["series"][0]["values"][0] == audit_finding.record()["numbers"]["errors"] == 10
    # the efficiency cases are a scatter: no native chart
    (cases,) = sentences.efficiency_summary(performance.efficiency(doc), "en").findings
    assert cases.record()["chart_data"] is None
    with pytest.raises(ValueError):
        fd.chart_data("pie", "percent", {"id": ["a"], "en": ["a"]}, [("x", [1])])
    with pytest.raises(ValueError):
        fd.chart_data("bar", "percent", {"id": ["a"], "en": ["a"]}, [("x", [1, 2])])


def test_a_summary_with_more_programmes_than_a_page_headlines_keeps_the_lowest(doc):
    frame = performance.rollup(doc)
    many = frame.loc[frame.index.repeat(2)].reset_index(drop=True)
    many["code"] = [f"9.{i:02d}" for i in range(len(many))]
    many["mean_achievement"] = [100.0 + i for i in range(len(many))]
    found = sentences.rollup_summary(many, "en").findings
    assert len(found) == fd.MAX_FINDINGS - 1 and found[0].code == "achievement.bands"  # the page: + efficiency
    assert [f.code for f in found[1:]] == [f"achievement.9.{i:02d}" for i in range(fd.MAX_FINDINGS - 2)]
    assert found[0].numbers["programmes"] == len(many) and found[0].codes["lowest"] == "9.00"


def test_show_carries_the_findings_and_the_page_title_the_document(doc, monkeypatch):
    shown = []
    monkeypatch.setattr("IPython.display.display", lambda obj, metadata=None: shown.append(metadata))
    text = sentences.audit_summary(audit.audit(doc), "en")
    sentences.show(text)
    sentences.show(sentences.page_title(doc, "labour", "en"))
    sentences.show("plain words")
    assert shown[0][fd.FINDINGS_METADATA][0]["code"] == "data_audit.summary"
    document = shown[1][fd.DOCUMENT_METADATA]
    assert shown[1][sentences.PAGE_TITLE_METADATA].startswith("Renja 2023")
    ident = doc.identity
    assert (document["office"], document["region"], document["plan_year"]) == (ident.office, ident.region, 2023)
    assert document["topic"] == "labour" and set(document["name"]) == set(LANGS)
    assert shown[2] is None
    json.dumps(shown, allow_nan=False)  # what a notebook stores is plain JSON


def _notebook(*outputs_per_cell) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    for outputs in outputs_per_cell:
        cell = nbformat.v4.new_code_cell("x")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "x"}, metadata=meta)
                        for meta in outputs]
        nb.cells.append(cell)
    return nb


def test_the_runner_collects_the_findings_into_one_byte_stable_file(doc, tmp_path):
    labour_text = sentences.labour_summary(*_labour_args(doc))
    title = sentences.page_title(doc, "labour", "id")
    nb = _notebook([fd.output_metadata(title)], [fd.output_metadata(labour_text)], [{}])
    document, records = fd.collect(nb)
    assert document["office"] == doc.identity.office and [r["code"] for r in records][0] == "labour.TPT"
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "tpt_trend.png").write_bytes(b"png")
    audit_nb = _notebook([fd.output_metadata(sentences.audit_summary(audit.audit(doc), "id"))])
    pages = [("02_labour_indicators", document, records), ("06_data_audit", *fd.collect(audit_nb))]
    content = fd.findings_file(pages, chart_exists=lambda rel: (tmp_path / rel).is_file())
    text = fd.findings_json(content)
    data = _strict(text)
    assert text == fd.findings_json(fd.findings_file(pages, lambda rel: (tmp_path / rel).is_file()))
    assert text == json.dumps(data, sort_keys=True, indent=1, ensure_ascii=False) + "\n"  # sorted keys
    assert data["document"]["plan_year"] == 2023 and "topic" not in data["document"]
    assert [p["page"] for p in data["pages"]] == ["02_labour_indicators", "06_data_audit"]
    assert data["pages"][0]["title"] == {"id": "Indikator ketenagakerjaan", "en": "Labour indicators"}
    codes = [f["code"] for f in data["findings"]]
    assert codes[:4] == ["labour.TPT", "labour.TPAK", "labour.TKK", "data_audit.summary"]
    assert codes[4:6] == ["data_audit.narrative_vs_table", "data_audit.narrative_repeat"] and len(codes) == 9
    assert [f["order"] for f in data["findings"]] == list(range(1, len(codes) + 1))
    tpt, tpak = data["findings"][0], data["findings"][1]
    assert tpt["chart"] == "figures/tpt_trend.png" and tpak["chart"] is None  # no file, no chart
    assert tpt["source"] == {"id": "Renja 2023, Tabel 2.2 baris 655; narasi baris 318",
                             "en": "Renja 2023, Table 2.2 line 655; narrative line 318"}
    assert data["findings"][3]["source"]["en"] == "Renja 2023, Table 2.1; narrative"  # from its locators
    assert [h["code"] for h in data["headline"]] == codes and data["headline"][0]["figure"]["id"].startswith("6,23%")
    assert "time" not in text and str(tmp_path) not in text


def _labour_args(doc):
    result = labour.series(doc)
    return labour.gap_to_target(result.frame), "id", result.conflicts, result


def test_pages_without_a_document_or_findings_write_no_file():
    assert fd.findings_file([("01_overview", None, [])]) is None
    assert fd.collect(_notebook([{"other": 1}], [{fd.FINDINGS_METADATA: "not a list"}])) == (None, [])


def test_numbers_and_sentences_are_plain():
    import pandas as pd

    assert [fd.number(v) for v in (pd.NA, float("nan"), None, float("inf"), 3, 2.5)] == [None, None, None, None,
                                                                                         3, 2.5]
    assert isinstance(fd.number(pd.Series([5063367215]).iloc[0]), int)
    assert fd.plain("- **Program** \\*A\\* &lt;b&gt; 10\\_000") == "Program *A* <b> 10_000"


# ---------------------------------------------------------------- a real run
@pytest.fixture(scope="module")
def two_runs(tmp_path_factory, raw_text):
    from renja_lib.run.runner import plan_runs, run_report

    root = tmp_path_factory.mktemp("findings")
    first = root / "renja_pasuruan.txt"
    first.write_text(raw_text, encoding="utf-8")
    second = root / "renja_malang.txt"
    second.write_text(raw_text.replace("PASURUAN", "MALANG").replace("Pasuruan", "Malang"), encoding="utf-8")
    runs = plan_runs([first, second], notebooks=["02_labour_indicators", "03_budget_absorption", "06_data_audit"])
    for out in ("a", "b"):
        results = run_report(runs, root / out, quiet=True)
        assert [r.status for r in results] == ["ok"] * 6
    return root, runs


@pytest.mark.slow
def test_a_run_writes_findings_json_the_same_bytes_twice(two_runs):
    root, runs = two_runs

    def files(out: Path) -> dict[str, bytes]:
        return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
                if p.is_file() and p.name not in ("index.html", "index.json")}

    a, b = files(root / "a"), files(root / "b")
    assert a == b
    for run in runs:
        data = _strict(a[f"{run.slug}/findings.json"].decode("utf-8"))
        codes = [f["code"] for f in data["findings"]]
        assert codes[:4] == ["labour.TPT", "labour.TPAK", "labour.TKK", "absorption.office"]
        assert codes[-6] == "data_audit.summary" and codes[-1] == "data_audit.amount_in_words"
        for f in data["findings"]:
            assert f["chart"] is None or f"{run.slug}/{f['chart']}" in a
        assert data["findings"][0]["chart"] == "figures/tpt_trend.png"
        assert data["document"]["file"] == run.source.name
        marker = json.loads(a[f"{run.slug}/.renja-report.json"])
        assert "findings.json" in marker["files"]
    assert _strict(a[f"{runs[1].slug}/findings.json"].decode())["document"]["region"] == "Kota Malang"


@pytest.mark.slow
def test_the_index_shows_each_documents_headline_figures_and_a_table_across_them(two_runs):
    from bs4 import BeautifulSoup

    root, runs = two_runs
    soup = BeautifulSoup((root / "a" / "index.html").read_text(encoding="utf-8"), "html.parser")
    sections = soup.select("section.document")
    assert [s.h2.get_text() for s in sections] == ["Renja 2023 · Dinas Tenaga Kerja Kota Malang",
                                                   "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"]
    text = sections[1].get_text(" ")
    for figure in ("TPT 2021", "6,23% (target 5,71%)", "TPAK 2021", "71,66% (target 67,78%)", "TKK 2021",
                   "93,77% (target 94,29%)", "83,82%", "66,60%", "10 kesalahan"):
        assert figure in text, figure
    thumbs = sections[1].select("div.thumbs img")
    assert f"{runs[0].slug}/figures/tpt_trend.png" in [img["src"] for img in thumbs]
    assert all(img.get("alt") for img in thumbs)
    across = soup.select("section.across tbody tr")
    assert len(across) == 2
    row = [td.get_text() for td in across[1].select("td")]
    assert row[0] == "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan" and row[-1] == "10"
    assert "83,82%" in row[1] and "6,23% (target 5,71%)" in row
    assert soup.select("section.run tbody tr")  # the run keeps its times and parameters


def test_the_plan_changes_page_has_its_findings(doc):
    """Page 05's two summaries carry their findings: the forward year's budget against the plan year's (Tabel 4.1)
    and the RKPD first draft against the needs analysis (Tabel 2.3), with the document's own sums."""
    from renja_lib.analyse import budget

    changes = sentences.changes_summary(budget.plan_changes(doc), "id")
    total, rise, fall, new = changes.findings
    progs = budget.plan_changes(doc).query("level == 'program'")
    assert total.code == "plan_changes.total" and total.chart == "plan_changes"
    assert total.numbers["budget_plan"] == progs["budget_plan"].sum()
    assert total.numbers["change"] == progs["budget_forward"].sum() - progs["budget_plan"].sum()
    assert str(changes).startswith("- " + total.sentence["id"])
    assert total.sentence["en"].startswith("The 2024 budget rises by")
    # the largest rise and fall among the programmes with a budget in both years, and the new programme
    both = progs[progs["budget_plan"].notna()]
    assert rise.codes["code"] == both.loc[both["change"].idxmax(), "code"] == "2.07.03"
    assert fall.codes["code"] == both.loc[both["change"].idxmin(), "code"] == "2.07.01"
    assert rise.numbers["change"] == 1384409796 - 864178400 and fall.numbers["change"] == 2907722487 - 3456509470
    assert fall.record()["figure"] == {"id": "-Rp 548,8 jt", "en": "-Rp 548.8 m"}  # the sign kept
    assert rise.sentence["id"] == ("Kenaikan terbesar: program Pelatihan Kerja dan Produktivitas Tenaga Kerja, "
                                   "+Rp 520,2 jt (+60,20%), dari Rp 864,2 jt pada 2023 menjadi Rp 1,38 M pada 2024.")
    rise_line = both.set_index("code").loc["2.07.03", "source_line"]
    assert [loc["source"] for loc in rise.locators] == [f"Tabel 4.1 line {rise_line}"]
    assert new.code == "plan_changes.new" and new.codes == {"programme_1": "3.32.03"}
    assert new.sentence["en"] == ("One programme is new in 2024, with no budget in 2023: Pembangunan Kawasan "
                                  "Transmigrasi (Rp 36.3 m).")
    # the details: every row of the plan table counted by its change
    counts = budget.plan_changes(doc)["status"].value_counts()
    assert f"({len(budget.plan_changes(doc))} baris): {counts['increased']} naik, {counts['decreased']} turun" in \
        str(changes).split("**Rincian**")[1]
    assert total.places == {"id": "Tabel 4.1", "en": "Table 4.1"} and total.figure["en"] == "+4.86%"
    (draft,) = sentences.draft_summary(budget.draft_to_needs(doc), "en").findings
    assert draft.code == "plan_changes.draft" and draft.numbers["change"] == 175_000_000
    assert draft.numbers["programmes_changed"] == 2 and draft.places["en"] == "Table 2.3"
