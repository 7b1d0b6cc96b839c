"""index.html as a landing page (renja_lib.run.index_page): each document's identity and headline figures from
its findings.json, thumbnails linking to the page and the full-resolution chart, a table across documents, and
the run; a findings.json that is broken or hostile shows nothing it should not."""
from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from renja_lib.present import findings as fd
from renja_lib.run import pages
from renja_lib.run.plan import NotebookResult, ReportRun

PAYLOAD = "<script>alert(1)</script>"


def _finding(code: str, page: str, label: str, figure: dict, chart: str | None = None, **numbers) -> dict:
    return {"code": code, "page": page, "label": {"id": label, "en": label}, "figure": figure,
            "sentence": {"id": label, "en": label}, "numbers": numbers, "codes": {}, "locators": [],
            "source": {"id": "Renja 2023, Tabel 2.2 baris 655", "en": "Renja 2023, Tabel 2.2 line 655"},
            "chart": chart, "order": 1}


def _report(out: Path, slug: str, office: str, region: str, errors: int, with_chart: bool = True) -> ReportRun:
    folder = out / slug
    (folder / "figures").mkdir(parents=True)
    if with_chart:
        (folder / "figures" / "tpt_trend.png").write_bytes(b"\x89PNG")
    document = {"office": office, "region": region, "region_kind": "kota", "plan_year": 2023,
                "document_kind": "renja", "file": f"{slug}.txt",
                "name": {"id": f"Renja 2023 · {office}", "en": f"Renja 2023 · {office}"}}
    found = [
        _finding("labour.TPT", "02_labour_indicators", "TPT 2021",
                 {"id": "6,23% (target 5,71%)", "en": "6.23% (target 5.71%)"}, "figures/tpt_trend.png"),
        _finding("absorption.office", "03_budget_absorption", "Seluruh perangkat daerah",
                 {"id": "83,82% menurut dokumen; angkanya bertentangan", "en": "83.82% as the document states"},
                 "figures/absorption.png"),
        _finding("data_audit.summary", "06_data_audit", "Kesalahan data dokumen",
                 {"id": f"{errors} kesalahan", "en": f"{errors} errors"}, errors=errors),
    ]
    content = {"version": 1, "document": document, "findings": found, "headline": [],
               "pages": [{"page": "02_labour_indicators", "topic": "labour",
                          "title": {"id": "Indikator ketenagakerjaan", "en": "Labour indicators"}}]}
    (folder / fd.FINDINGS_FILE).write_text(fd.findings_json(content), encoding="utf-8")
    return ReportRun(slug, Path(f"{slug}.txt"), {"lang": "id"}, ())


def _results(slug: str) -> list[NotebookResult]:
    return [NotebookResult(slug, name, "ok", 2.5) for name in
            ("02_labour_indicators", "03_budget_absorption", "06_data_audit")]


def _soup(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_one_document_opens_with_its_identity_and_headline_figures(tmp_path):
    run = _report(tmp_path, "pasuruan", "Dinas Tenaga Kerja Kota Pasuruan", "Kota Pasuruan", 10)
    pages.write_index(tmp_path, [run], _results("pasuruan"), "id")
    soup = _soup(tmp_path)
    (section,) = soup.select("section.document")
    assert section.h2.get_text() == "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"
    identity = dict(zip([d.get_text() for d in section.select("dt")], [d.get_text() for d in section.select("dd")]))
    assert identity == {"Perangkat daerah": "Dinas Tenaga Kerja Kota Pasuruan", "Wilayah": "Kota Pasuruan",
                        "Tahun rencana": "2023", "Dokumen": "Renja", "Berkas": "pasuruan.txt"}
    items = [li.get_text(" ") for li in section.select("ul.findings li")]
    assert items[0].startswith("TPT 2021 : 6,23% (target 5,71%)") and "Tabel 2.2 baris 655" in items[0]
    assert any("10 kesalahan" in i for i in items)
    # the page's title from findings.json, else the notebook's name; each links to its page
    links = {a.get_text(): a["href"] for a in section.select("h4 a")}
    assert links == {"Indikator ketenagakerjaan": "pasuruan/02_labour_indicators.html",
                     "03_budget_absorption": "pasuruan/03_budget_absorption.html",
                     "06_data_audit": "pasuruan/06_data_audit.html"}
    # a thumbnail for a chart the folder holds (none for one it does not), to the page and the full file
    (figure,) = section.select("div.thumbs figure")
    assert figure.img["src"] == "pasuruan/figures/tpt_trend.png" and figure.img["width"] == "240"
    assert figure.img["alt"] == "Grafik: TPT 2021 (halaman Indikator ketenagakerjaan)"  # the label, no file name
    assert [a["href"] for a in figure.select("a")] == ["pasuruan/02_labour_indicators.html",
                                                       "pasuruan/figures/tpt_trend.png"]
    # one document: no table across documents; the run keeps its times
    assert not soup.select("section.across")
    run_rows = soup.select("section.run tbody tr")
    assert len(run_rows) == 3 and "2,5 s" in run_rows[0].get_text()  # the run time in the page's number format
    # each run row names its page by its title where findings.json gives one, else the notebook
    assert [r.select("a")[0].get_text() for r in run_rows] == ["Indikator ketenagakerjaan", "03_budget_absorption",
                                                               "06_data_audit"]
    assert not soup.select("script") and "http" not in (tmp_path / "index.html").read_text()


def test_several_documents_get_one_table_across_them_in_the_index_language(tmp_path):
    runs = [_report(tmp_path, "malang", "Dinas Tenaga Kerja Kota Malang", "Kota Malang", 2, with_chart=False),
            _report(tmp_path, "pasuruan", "Dinas Tenaga Kerja Kota Pasuruan", "Kota Pasuruan", 1234)]
    pages.write_index(tmp_path, runs, _results("malang") + _results("pasuruan"), "en")
    soup = _soup(tmp_path)
    assert soup.html["lang"] == "en"
    across = soup.select_one("section.across")
    assert [th.get_text() for th in across.select("th")] == ["Document", "Office absorption", "TPT", "Audit errors"]
    rows = [[td.get_text() for td in tr.select("td")] for tr in across.select("tbody tr")]
    assert rows == [["Renja 2023 · Dinas Tenaga Kerja Kota Malang", "83.82% as the document states",
                     "6.23% (target 5.71%)", "2"],
                    ["Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan", "83.82% as the document states",
                     "6.23% (target 5.71%)", "1,234"]]
    assert [a["href"] for a in across.select("a")] == ["#doc-malang", "#doc-pasuruan"]
    assert [s["id"] for s in soup.select("section.document")] == ["doc-malang", "doc-pasuruan"]


def test_a_missing_or_broken_findings_file_leaves_the_links_and_the_run(tmp_path):
    run = _report(tmp_path, "doc", "Dinas A", "Kota A", 1)
    (tmp_path / "doc" / fd.FINDINGS_FILE).write_text("{not json", encoding="utf-8")
    (tmp_path / "other").mkdir()
    other = ReportRun("other", Path("other.txt"), {}, ())
    pages.write_index(tmp_path, [run, other], _results("doc") + _results("other"), "en")
    soup = _soup(tmp_path)
    notes = [p.get_text() for p in soup.select("section.document p.none")]
    assert len(notes) == 2 and notes[0].startswith("The pages of this document recorded no headline findings")
    assert [s.h2.get_text() for s in soup.select("section.document")] == ["doc", "other"]
    assert len(soup.select("section.document h4 a")) == 6
    rows = [[td.get_text() for td in tr.select("td")] for tr in soup.select("section.across tbody tr")]
    assert rows == [["doc", "–", "–"], ["other", "–", "–"]]


def test_text_of_a_findings_file_is_escaped_and_its_charts_stay_in_the_folder(tmp_path):
    run = _report(tmp_path, "doc", f"Dinas {PAYLOAD}", "Kota A", 1)
    path = tmp_path / "doc" / fd.FINDINGS_FILE
    data = json.loads(path.read_text(encoding="utf-8"))
    data["findings"][0]["label"] = {"id": PAYLOAD, "en": PAYLOAD}
    data["findings"][0]["chart"] = "../../etc/passwd"
    data["findings"].append({"code": 5})
    data["findings"].append("not a finding")
    path.write_text(json.dumps(data), encoding="utf-8")
    pages.write_index(tmp_path, [run], _results("doc"), "id")
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert PAYLOAD not in page and "&lt;script&gt;" in page
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.select("script") and not soup.select("div.thumbs img")
    assert soup.select("section.document h2")[0].get_text() == f"Renja 2023 · Dinas {PAYLOAD}"


def test_the_deck_and_the_workbook_are_listed_with_their_sizes_only_when_there(tmp_path):
    run = _report(tmp_path, "pasuruan", "Dinas Tenaga Kerja Kota Pasuruan", "Kota Pasuruan", 10)
    pages.write_index(tmp_path, [run], _results("pasuruan"), "id")
    assert _soup(tmp_path).select("ul.downloads") == []
    (tmp_path / "pasuruan" / "pasuruan.pptx").write_bytes(b"x" * 1_258_291)
    (tmp_path / "pasuruan" / "pasuruan.xlsx").write_bytes(b"x" * 870_400)
    pages.write_index(tmp_path, [run], _results("pasuruan"), "id")
    items = _soup(tmp_path).select("section#doc-pasuruan ul.downloads li")
    assert [li.a["href"] for li in items] == ["pasuruan/pasuruan.pptx", "pasuruan/pasuruan.xlsx"]
    assert "1,2 MB" in items[0].get_text() and "850 KB" in items[1].get_text()
    pages.write_index(tmp_path, [run], _results("pasuruan"), "en")
    items = _soup(tmp_path).select("section#doc-pasuruan ul.downloads li")
    assert items[0].a.get_text() == "Slide deck (PowerPoint)" and "1.2 MB" in items[0].get_text()
