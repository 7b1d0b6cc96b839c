"""The overview page's headline findings (issue 15): like every other page it opens with 3 to 6 computed findings
(``overview.*``): the tables read with their data rows and reading problems, the programmes, activities and
sub-activities of the plan, the plan year's budget and the forward year's, the narrative's figures; each with its
source; findings.json and the index carry them."""
from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup

import renja_lib
from renja_lib.analyse import budget
from renja_lib.present import findings as fd
from renja_lib.present import sentences
from renja_lib.run import pages
from renja_lib.run.plan import NotebookResult, ReportRun

ROOT = Path(__file__).resolve().parent.parent
RENJA_2023 = {"document_kind": "renja", "plan_year": 2023, "office": "Dinas Tenaga Kerja Kota Pasuruan",
              "region": "Kota Pasuruan", "region_kind": "kota", "file": "renja.txt",
              "name": {"id": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan",
                       "en": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"}}


@pytest.fixture(scope="module")
def doc():
    return renja_lib.load()


@pytest.fixture(scope="module")
def summary(doc):
    return {lang: sentences.overview_summary(doc, lang) for lang in ("id", "en")}


def test_the_overview_has_three_to_six_findings_with_the_documents_figures(summary):
    found = {f.code: f for f in summary["id"].findings}
    assert list(found) == ["overview.tables", "overview.structure", "overview.budget", "overview.facts"]
    assert 3 <= len(found) <= fd.MAX_FINDINGS
    assert found["overview.tables"].numbers == {"tables": 5, "rows": 277, "problems": 0}
    assert found["overview.structure"].numbers == {"plan_year": 2023, "programmes": 5, "kegiatan": 16,
                                                     "sub_kegiatan": 30}
    money = found["overview.budget"].numbers
    assert (money["plan_year"], money["forward_year"]) == (2023, 2024)
    assert (money["budget_plan"], money["budget_forward"], money["change"]) == (5168369010, 5419507540, 251138530)
    assert found["overview.facts"].numbers["facts"] == 136
    assert summary["id"].splitlines()[1] == "- Rencana 2023 memuat 5 program, 16 kegiatan dan 30 sub kegiatan."
    assert summary["en"].splitlines()[2] == ("- The programmes' 2023 budget totals Rp 5.17 bn; the 2024 forward "
                                             "estimate is Rp 5.42 bn, up Rp 251.1 m (4.86%).")


def test_the_overview_budget_is_the_plan_changes_pages_budget(doc, summary):
    total = sentences.changes_summary(budget.plan_changes(doc), "id").findings[0].numbers
    mine = next(f for f in summary["id"].findings if f.code == "overview.budget").numbers
    assert {k: mine[k] for k in ("budget_plan", "budget_forward", "change")} == \
        {k: total[k] for k in ("budget_plan", "budget_forward", "change")}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_overview_headline_ends_with_its_source_from_the_documents_own_table_labels(summary, lang):
    shown = fd.with_sources(summary[lang], RENJA_2023).splitlines()
    assert len(shown) == 4
    table = {"id": "Tabel", "en": "Table"}[lang]
    assert shown[0].endswith(f"{table} 2.1; {table} 2.2; {table} 2.3; {table} 2.4; {table} 4.1.*")
    assert shown[1].endswith(f"Renja 2023, {table} 4.1.*") and shown[2].endswith(f"Renja 2023, {table} 4.1.*")
    assert shown[3].endswith({"id": "Renja 2023, narasi.*", "en": "Renja 2023, narrative.*"}[lang])


def test_reading_problems_are_counted_and_a_document_without_a_plan_table_gets_no_plan_finding():
    stub = SimpleNamespace(
        summary=lambda: pd.DataFrame({"table": ["Tabel 2.1"], "rows": [12]}),
        problems=pd.DataFrame({"line": [3, 9]}), facts=pd.DataFrame(columns=["quantity"]), spans=[])
    empty = pd.DataFrame(columns=["level", "plan_year", "forward_year", "budget_plan", "budget_forward"])
    text = sentences.overview_summary(stub, "en", changes=empty)
    assert [f.code for f in text.findings] == ["overview.tables"]
    assert text == ("- The document was read from 1 table with 12 rows of data; 2 reading problems, their values "
                    "left empty.")
    assert sentences.overview_summary(stub, "id", changes=empty).findings[0].numbers["problems"] == 2


def test_the_notebook_shows_the_findings_right_under_its_title_in_a_thin_call():
    nb = nbformat.read(ROOT / "notebooks" / "01_overview.ipynb", as_version=4)
    cell = next(c for c in nb.cells if c.cell_type == "code" and "page_title(" in c.source)
    lines = cell.source.splitlines()
    assert lines[1] == "sentences.show(sentences.overview_summary(doc, lang))"
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code")


def test_findings_json_and_the_index_show_the_overview_figures_under_the_overview_page(summary, tmp_path):
    records = [f.record() for f in summary["id"].findings]
    content = fd.findings_file([("01_overview", {**RENJA_2023, "topic": "overview"}, records)])
    assert [f["code"] for f in content["findings"]] == [f.code for f in summary["id"].findings]
    assert content["findings"][1]["source"] == {"id": "Renja 2023, Tabel 4.1", "en": "Renja 2023, Table 4.1"}
    assert all("Sumber" not in f["sentence"]["id"] for f in content["findings"])
    folder = tmp_path / "pasuruan"
    folder.mkdir()
    (folder / fd.FINDINGS_FILE).write_text(fd.findings_json(content), encoding="utf-8")
    pages.write_index(tmp_path, [ReportRun("pasuruan", Path("renja.txt"), {"lang": "en"}, ())],
                      [NotebookResult("pasuruan", "01_overview", "ok", 1.0)], "en")
    soup = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser")
    overview = soup.find("a", href="pasuruan/01_overview.html").find_parent("h4").find_next_sibling("ul")
    items = [li.get_text(" ", strip=True) for li in overview.find_all("li")]
    assert items[1] == "Programmes, activities, sub-activities 2023 : 5 / 16 / 30 (Renja 2023, Table 4.1)"
    assert items[2].startswith("Programmes' budget 2023 : Rp 5.17 bn")
    # the overview's figures are not headline figures of the table across documents (office absorption, labour
    # indicators, audit errors)
    across = soup.find("section", class_="across")
    assert across is None or "5 / 16 / 30" not in across.get_text()
    assert json.loads((folder / fd.FINDINGS_FILE).read_text(encoding="utf-8"))["pages"][0]["topic"] == "overview"
