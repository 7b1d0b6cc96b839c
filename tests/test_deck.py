"""The report's slide deck (renja_lib.write.deck, <slug>.pptx): one slide per headline finding, its sentence as
the slide's editable title, a native chart with the analysis' numbers or the chart's slide variant at 100 %, a
short source line, the numbers and their places in the notes; no text under 14 pt; the same bytes on every run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

pptx = pytest.importorskip("pptx")
from matplotlib.figure import Figure  # noqa: E402
from pptx import Presentation  # noqa: E402
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER  # noqa: E402
from pptx.util import Inches, Pt  # noqa: E402

from renja_lib.present import figure_files  # noqa: E402
from renja_lib.present.findings import source_places  # noqa: E402
from renja_lib.write import deck  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


# ---------------------------------------------------------------- helpers
def _runs_of(frame):
    for para in frame.paragraphs:
        yield from para.runs


def text_sizes(prs):
    """(where, size) of every run of text in the deck: shapes, tables, notes; and every font of its charts."""
    for number, slide in enumerate(prs.slides, 1):
        frames = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                frames.append((f"slide {number} {shape.name}", shape.text_frame))
            if shape.has_table:
                for row in shape.table.rows:
                    for cell in row.cells:
                        frames.append((f"slide {number} table", cell.text_frame))
            if shape.has_chart:
                chart = shape.chart
                yield f"slide {number} chart", chart.font.size
                for axis in (chart.category_axis, chart.value_axis):
                    yield f"slide {number} axis", axis.tick_labels.font.size
                if chart.has_legend:
                    yield f"slide {number} legend", chart.legend.font.size
                yield f"slide {number} labels", chart.plots[0].data_labels.font.size
        if slide.has_notes_slide:
            frames.append((f"slide {number} notes", slide.notes_slide.notes_text_frame))
        for where, frame in frames:
            for run in _runs_of(frame):
                if run.text.strip():
                    yield where, run.font.size


def assert_readable(prs):
    sizes = list(text_sizes(prs))
    assert sizes
    small = [(where, size) for where, size in sizes if size is None or size < Pt(deck.MIN_POINTS)]
    assert not small, small[:5]


def title_of(slide):
    shape = slide.shapes.title
    assert shape is not None and shape.is_placeholder and shape.placeholder_format.type in TITLES
    return shape.text_frame.text


def _body_picture_size(slide):
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    return [(p.width, p.height) for p in pictures]


def _chart_series(slide):
    charts = [s.chart for s in slide.shapes if s.has_chart]
    return [{s.name: list(s.values) for s in chart.plots[0].series} for chart in charts]


# ---------------------------------------------------------------- a hand-made report folder (fast)
def _finding(code, sentence_id, sentence_en, *, chart=None, chart_data=None, locators=(), numbers=None):
    return {"code": code, "page": "p", "order": 0, "sentence": {"id": sentence_id, "en": sentence_en},
            "numbers": numbers or {"year": 2021, "realised": 6.23}, "codes": {}, "locators": list(locators),
            "label": {"id": f"L {code}", "en": f"L {code}"}, "figure": {"id": "6,23%", "en": "6.23%"},
            "chart": chart, "chart_data": chart_data, "source": {"id": "Renja 2023", "en": "Renja 2023"}}


@pytest.fixture()
def folder(tmp_path):
    fig = Figure(figsize=(12.8, 7.2))
    fig.suptitle("Judul grafik", fontsize=22)
    fig.supxlabel("Sumber: Renja 2023, Tabel 2.2 baris 655", fontsize=13)
    fig.add_subplot().plot([2020, 2021], [6.33, 6.23])
    figure_files.save_chart(fig, "tpt_trend", tmp_path / "figures")
    figure_files.wait_for_files()
    columns = {"kind": "column", "unit": "percent", "categories": {"id": ["2021", "2022"], "en": ["2021", "2022"]},
               "series": [{"code": "realised", "values": [6.23, None]}, {"code": "target", "values": [5.71, 6.2]}]}
    where = {"id": "Tabel 2.2 baris 655; narasi baris 318", "en": "Tabel 2.2 line 655; narrative line 318"}
    content = {"version": 1, "document": {"office": "Dinas Tenaga Kerja Kota Pasuruan", "region": "Kota Pasuruan",
                                          "plan_year": 2023, "file": "renja.txt", "document_kind": "renja",
                                          "name": {"id": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan",
                                                   "en": "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"}},
               "pages": [], "headline": [],
               "findings": [
                   _finding("labour.TPT", "TPT 2021 tercatat 6,23%.", "TPT 2021 was 6.23%.",
                            chart="figures/tpt_trend.png", chart_data=columns,
                            locators=[{"number": "realised", "source": "Tabel 2.2 line 655; narrative line 318",
                                       "where": where}]),
                   _finding("efficiency.cases", "Dari 5 program: sesuai rencana (1).", "Of 5 programmes: on track (1).",
                            chart="figures/tpt_trend.png"),
                   _finding("data_audit.summary", "Tidak ada temuan.", "No findings.", numbers={"errors": 0})]}
    (tmp_path / "findings.json").write_text(json.dumps(content), encoding="utf-8")
    return tmp_path, content


def test_a_deck_has_a_title_slide_a_summary_and_one_slide_per_finding_titled_by_its_sentence(folder, tmp_path):
    path, content = folder
    target = deck.write_deck(path, tmp_path / "d.pptx", "id")
    prs = Presentation(str(target))
    slides = list(prs.slides)
    assert len(slides) == 2 + len(content["findings"])
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))
    assert title_of(slides[0]) == "Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan"
    subtitle = slides[0].placeholders[1].text_frame.text
    assert "Kota Pasuruan" in subtitle and "2023" in subtitle and "renja.txt" in subtitle and "2021" in subtitle
    # the summary: a native table of every finding's label and figure
    tables = [s.table for s in slides[1].shapes if s.has_table]
    assert len(tables) == 1 and len(tables[0].rows) == 1 + len(content["findings"])
    assert tables[0].cell(1, 0).text == "L labour.TPT" and tables[0].cell(1, 1).text == "6,23%"
    for slide, finding in zip(slides[2:], content["findings"]):
        assert title_of(slide) == finding["sentence"]["id"]
    assert_readable(prs)


def test_a_finding_with_chart_data_gets_a_native_chart_else_its_slide_picture_at_100_percent(folder, tmp_path):
    path, _ = folder
    prs = Presentation(str(deck.write_deck(path, tmp_path / "d.pptx", "id")))
    tpt, efficiency, audit = list(prs.slides)[2:]
    assert _chart_series(tpt) == [{"Realisasi": [6.23, None], "Target": [5.71, 6.2]}]
    assert _body_picture_size(tpt) == []
    # no chart data: the chart's slide variant, its size on the slide its size in inches (text at its points)
    assert _chart_series(efficiency) == []
    assert _body_picture_size(efficiency) == [(Inches(figure_files.SLIDE_BODY[0]), Inches(figure_files.SLIDE_BODY[1]))]
    assert _chart_series(audit) == [] and _body_picture_size(audit) == []


def test_the_source_line_is_short_words_and_the_notes_hold_the_numbers_and_their_places(folder, tmp_path):
    path, _ = folder
    prs = Presentation(str(deck.write_deck(path, tmp_path / "d.pptx", "id")))
    tpt = list(prs.slides)[2]
    texts = [s.text_frame.text for s in tpt.shapes if s.has_text_frame and not s.is_placeholder]
    assert "Sumber: Renja 2023 Dinas Tenaga Kerja Kota Pasuruan, Tabel 2.2; narasi" in texts
    assert not any("baris" in t for t in texts)
    notes = tpt.notes_slide.notes_text_frame.text
    assert "TPT 2021 tercatat 6,23%." in notes and "realisasi: 6,23" in notes
    assert "Tabel 2.2 baris 655; narasi baris 318" in notes
    english = Presentation(str(deck.write_deck(path, tmp_path / "e.pptx", "en")))
    slides = list(english.slides)
    assert [title_of(s) for s in slides[2:]] == ["TPT 2021 was 6.23%.", "Of 5 programmes: on track (1).",
                                                  "No findings."]
    assert "Source: Renja 2023 Dinas Tenaga Kerja Kota Pasuruan, Table 2.2; narrative" in [
        s.text_frame.text for s in slides[2].shapes if s.has_text_frame and not s.is_placeholder]
    assert _chart_series(slides[2]) == [{"Actual": [6.23, None], "Target": [5.71, 6.2]}]
    assert "realised: 6.23" in slides[2].notes_slide.notes_text_frame.text
    assert_readable(english)


_BUILD = """
import sys, time
from pathlib import Path
time.tzset()
from renja_lib.write import deck
deck.write_deck(Path(sys.argv[1]), Path(sys.argv[2]), "id")
"""


def test_the_deck_is_the_same_bytes_two_seconds_later_in_another_time_zone(folder, tmp_path):
    path, _ = folder
    outs = []
    for zone in ("UTC", "Asia/Jayapura"):
        out = tmp_path / f"{zone.replace('/', '_')}.pptx"
        env = {**os.environ, "TZ": zone}
        subprocess.run([sys.executable, "-c", _BUILD, str(path), str(out)], check=True, env=env, cwd=ROOT)
        outs.append(out.read_bytes())
        time.sleep(2.1)  # zip times have a resolution of 2 s
    assert outs[0] == outs[1]
    with zipfile.ZipFile(tmp_path / "UTC.pptx") as z:
        assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert z.infolist()[0].filename == "[Content_Types].xml"
        core = z.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core


def test_a_report_folder_without_findings_gives_no_deck(tmp_path):
    assert deck.write_deck(tmp_path, tmp_path / "x.pptx") is None
    assert not (tmp_path / "x.pptx").exists()


def test_a_deck_with_no_finding_still_opens_with_its_title_and_summary(folder, tmp_path):
    path, content = folder
    content["findings"] = []
    (path / "findings.json").write_text(json.dumps(content), encoding="utf-8")
    prs = Presentation(str(deck.write_deck(path, tmp_path / "d.pptx", "en")))
    assert len(prs.slides) == 2
    assert "no headline finding" in " ".join(s.text_frame.text for s in list(prs.slides)[1].shapes
                                              if s.has_text_frame)
    assert_readable(prs)


def test_source_places_keep_tables_and_other_sources_without_lines():
    finding = {"locators": [{"source": "Tabel 2.2 line 655; narrative line 318"},
                            {"source": "BPS Kota Pasuruan 2022"}, {"source_table": "Tabel 2.1", "source": "x"}]}
    # the document's places first (its tables, then the narrative), then the outside ones
    assert source_places(finding, "id") == ["Tabel 2.2", "Tabel 2.1", "narasi", "BPS Kota Pasuruan 2022"]
    assert source_places(finding, "en") == ["Table 2.2", "Table 2.1", "narrative", "BPS Kota Pasuruan 2022"]


# ---------------------------------------------------------------- renja deck
def _renja(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "renja_lib.cli", *args], capture_output=True, text=True, cwd=cwd,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def test_renja_deck_builds_from_an_existing_report_folder_and_refuses_what_it_did_not_write(folder, tmp_path):
    path, content = folder
    reports = tmp_path / "reports"
    slug = "renja-disnaker-kota-pasuruan-2023"
    shutil.copytree(path, reports / slug)
    out = tmp_path / "out" / "deck.pptx"
    done = _renja("deck", "--reports", str(reports), "--out", str(out), "--lang", "en")
    assert done.returncode == 0, done.stderr
    assert len(Presentation(str(out)).slides) == 2 + len(content["findings"])
    again = _renja("deck", "--reports", str(reports), "--out", str(out))  # the tool's own file: replaced
    assert again.returncode == 0, again.stderr
    assert title_of(list(Presentation(str(out)).slides)[2]) == "TPT 2021 tercatat 6,23%."
    mine = tmp_path / "out" / "mine.pptx"
    mine.write_bytes(b"an analyst's own deck")
    refused = _renja("deck", "--reports", str(reports), "--out", str(mine))
    assert refused.returncode == 2 and mine.read_bytes() == b"an analyst's own deck"
    assert _renja("deck", "--out", str(tmp_path / "deck.txt")).returncode == 2
    assert _renja("deck", str(tmp_path / "missing.txt"), "--out", str(out)).returncode == 2


def test_report_outputs_are_checked_before_anything_runs(tmp_path):
    from renja_lib.cli.report_command import parse_outputs
    from renja_lib.errors import RenjaError

    assert parse_outputs("pages,deck,workbook") == ("deck", "workbook")
    with pytest.raises(RenjaError, match="slides"):
        parse_outputs("pages,slides")
    done = _renja("report", "--outputs", "pages,slides", "--out", str(tmp_path / "r"))
    assert done.returncode == 2 and not (tmp_path / "r").exists()


# ---------------------------------------------------------------- a real report (slow)
@pytest.fixture(scope="module")
def report(tmp_path_factory):
    from renja_lib.run.runner import plan_runs, run_report

    out = tmp_path_factory.mktemp("deck_report")
    runs = plan_runs([])
    results = run_report(runs, out / "reports", quiet=True, outputs=("deck",))
    assert {r.status for r in results} == {"ok"}
    return out / "reports" / runs[0].slug, runs[0].slug


@pytest.mark.slow
def test_the_report_writes_a_deck_whose_charts_hold_the_analysis_numbers(report, doc):
    from renja_lib.analyse import budget, labour

    folder, slug = report
    content = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    prs = Presentation(str(folder / f"{slug}.pptx"))
    slides = list(prs.slides)
    shown = [f for f in content["findings"] if not f["code"].startswith(deck.DOCUMENT_FINDINGS)]
    assert len(shown) < len(content["findings"])  # the overview's findings describe the document: no slide
    assert len(slides) == 2 + len(shown)
    assert [title_of(s) for s in slides[2:]] == [f["sentence"]["id"] for f in shown]
    assert_readable(prs)
    by_code = dict(zip((f["code"] for f in shown), slides[2:]))
    # TPT: actual and target by year, as the analysis' gap table holds them
    gaps = labour.gap_to_target(labour.series(doc).frame)
    tpt = gaps[gaps["indicator"] == "TPT"].sort_values("year")
    (series,) = _chart_series(by_code["labour.TPT"])
    assert series["Realisasi"] == pytest.approx(tpt["realised"].tolist())
    assert series["Target"] == pytest.approx(tpt["target"].tolist())
    # absorption: one bar per programme and the office, as the absorption table's reading
    absorption = budget.absorption(doc)
    absorption = absorption[absorption["flag"] != "no_figures"]  # a programme with no figure has no bar
    year = absorption[absorption["period"] == "year"]
    year = year[year["year"] == year["year"].max()]
    (series,) = _chart_series(by_code["absorption.office"])
    office = year[year["level"] == "office"]["absorption_reading"].tolist()
    programmes = year[year["level"] == "program"]["absorption_reading"].tolist()
    assert series["Serapan (%)"] == pytest.approx(office + programmes)
    # the efficiency scatter is no bar or line: its slide variant, at 100 %
    assert _body_picture_size(by_code["efficiency.cases"]) == [
        (Inches(figure_files.SLIDE_BODY[0]), Inches(figure_files.SLIDE_BODY[1]))]
    # every slide's notes hold its numbers' places
    notes = by_code["labour.TPT"].notes_slide.notes_text_frame.text
    assert "Tabel 2.2 baris 655" in notes
    # the slide variants of every chart
    charts = sorted(p.name for p in (folder / "figures").glob("*.png"))
    assert sorted(p.name for p in (folder / "figures" / "slides").glob("*.png")) == charts


@pytest.mark.slow
def test_the_index_lists_the_deck_with_its_size_and_a_pages_only_run_writes_none(report, tmp_path):
    from renja_lib.run.index_page import file_size
    from renja_lib.run.runner import plan_runs, run_report

    folder, slug = report
    index = (folder.parent / "index.html").read_text(encoding="utf-8")
    size = file_size((folder / f"{slug}.pptx").stat().st_size, "id")
    assert f'href="{slug}/{slug}.pptx"' in index and size in index
    runs = plan_runs([], notebooks=["06_data_audit"])
    run_report(runs, tmp_path / "r", quiet=True, outputs=())
    assert not list((tmp_path / "r" / slug).glob("*.pptx")) and not list((tmp_path / "r" / slug).glob("*.xlsx"))
    assert "pptx" not in (tmp_path / "r" / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
def test_a_health_office_without_labour_figures_gets_a_valid_deck_with_fewer_findings(report, tmp_path):
    from test_other_office import health_office

    from renja_lib.run.runner import plan_runs, run_report

    text = (ROOT / "data" / "raw" / "renja_disnaker_kota_pasuruan_2023.txt").read_text(encoding="utf-8")
    source = tmp_path / "dinkes_situbondo_2023.txt"
    source.write_text(health_office(text), encoding="utf-8")
    runs = plan_runs([source])
    results = run_report(runs, tmp_path / "r", quiet=True, outputs=("deck",))
    assert {r.status for r in results} == {"ok"}
    folder = tmp_path / "r" / runs[0].slug
    content = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    assert not [f for f in content["findings"] if f["code"].startswith("labour.")]
    prs = Presentation(str(folder / f"{runs[0].slug}.pptx"))
    assert len(prs.slides) == 2 + len([f for f in content["findings"] if not f["code"].startswith("overview.")])
    assert len(content["findings"]) < len(json.loads((report[0] / "findings.json").read_text())["findings"])
    assert "Kesehatan" in title_of(list(prs.slides)[0])
    assert_readable(prs)


def test_the_overview_findings_describe_the_document_and_get_no_slide_nor_summary_row(folder, tmp_path):
    path, content = folder
    content["findings"].insert(0, _finding("overview.structure", "Rencana 2023 memuat 5 program.",
                                           "The 2023 plan holds 5 programmes.", numbers={"plan_year": 2023}))
    (path / "findings.json").write_text(json.dumps(content), encoding="utf-8")
    prs = Presentation(str(deck.write_deck(path, tmp_path / "d.pptx", "en")))
    slides = list(prs.slides)
    assert len(slides) == 2 + 3
    assert "The 2023 plan holds 5 programmes." not in [title_of(s) for s in slides[2:]]
    table = next(s for s in slides[1].shapes if s.has_table).table
    assert len(table.rows) == 1 + 3
