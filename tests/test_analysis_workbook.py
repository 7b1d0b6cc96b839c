"""The analysis workbook (issue 16 point 2): reports/<slug>/<slug>.xlsx, the analyses in Excel.

renja_lib.present.workbook_tables (the tables, in words) and renja_lib.write.analysis_workbook (the file), read back
with openpyxl: sheets, headers per language with units, number formats, frozen header, autofilter, values equal to
the analyses' frames, the "Tentang" sheet, the same bytes whenever and wherever it is written.
"""
from __future__ import annotations

import hashlib
import io
import os
import re
import time
import zipfile
from datetime import datetime

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from renja_lib import load
from renja_lib.analyse import budget, labour, performance
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.present import workbook_tables as wt
from renja_lib.write.analysis_workbook import (FIXED_TIME, ZIP_TIME, reproducible_zip, workbook_bytes,
                                               write_analysis_workbook)


@pytest.fixture(scope="module")
def bundled():
    return load()


@pytest.fixture(scope="module")
def written(bundled, tmp_path_factory):
    """The bundled document's workbook in each language: (path, report, sheets)."""
    out = {}
    folder = tmp_path_factory.mktemp("workbook")
    for lang in ("id", "en"):
        path = folder / f"renja-{lang}.xlsx"
        sheets = wt.analysis_tables(bundled, lang)
        report = write_analysis_workbook(path, bundled, lang, sheets=sheets)
        out[lang] = (path, report, sheets)
    return out


@pytest.fixture(scope="module")
def books(written):
    return {lang: load_workbook(path) for lang, (path, _, _) in written.items()}


def rows_of(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def test_sheets_about_first_then_the_analyses_then_the_tidy_tables(books, written):
    en = books["en"].sheetnames
    assert en[:9] == ["About", "Labour indicator gaps", "Budget absorption", "Achievement by programme",
                      "Achievement by indicator", "Achievement and absorption", "Budget changes",
                      "RKPD draft and needs", "Audit findings"]
    assert en[9:] == ["Data plan budget", "Data plan targets", "Data evaluation", "Data service performance",
                      "Data RKPD draft", "Data proposals", "Data narrative figures"]
    assert books["id"].sheetnames[:3] == ["Tentang", "Selisih target ketenagakerjaan", "Serapan anggaran"]
    assert written["en"][1].sheets["absorption"] == ["Budget absorption"]


def test_headers_are_in_the_reports_language_with_units(books):
    id_head = rows_of(books["id"]["Serapan anggaran"])[0]
    en_head = rows_of(books["en"]["Budget absorption"])[0]
    assert {"Pagu (Rp)", "Realisasi (Rp)", "Serapan (%)", "Tahun", "Periode"} <= set(id_head)
    assert {"Budget (Rp)", "Spending (Rp)", "Absorption (%)", "Year", "Period"} <= set(en_head)
    assert "Pagu rencana (Rp)" in rows_of(books["id"]["Perubahan pagu"])[0]
    assert "Rata-rata capaian (%)" in rows_of(books["id"]["Capaian per program"])[0]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_no_header_is_a_code_name(books, lang):
    """Every header is a word of the catalogue, never the frame's snake_case name."""
    for ws in books[lang].worksheets[1:]:
        head = rows_of(ws)[0]
        codes = [h for h in head if re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+|[a-z]+", str(h))]
        assert not codes, (ws.title, codes)
        assert len(set(head)) == len(head), (ws.title, head)  # a filter names each column once


def test_codes_are_shown_in_words(books):
    ws = books["en"]["Achievement and absorption"]
    head, *body = rows_of(ws)
    quadrants = {r[head.index("Quadrant")] for r in body}
    assert "achieved but under-spent: check" in quadrants and "underspent_achieved" not in quadrants
    head, *body = rows_of(books["id"]["Data evaluasi"])
    assert {r[head.index("Ukuran")] for r in body} >= {"target Renstra", "realisasi"}
    head, *body = rows_of(books["en"]["Budget absorption"])
    assert "Whole office" in {r[head.index("Name")] for r in body}


def test_numbers_stay_numbers_with_excel_number_formats(books):
    ws = books["id"]["Serapan anggaran"]
    head = [c.value for c in ws[1]]
    row = ws[2]  # programme 2.07.01, 2021: budget and spending derived from the narrative
    assert row[head.index("Pagu (Rp)")].value == 2735508291
    assert row[head.index("Pagu (Rp)")].number_format == "#,##0"
    assert row[head.index("Realisasi (Rp)")].number_format == "#,##0"
    assert row[head.index("Serapan (%)")].number_format == "#,##0.00"
    assert row[head.index("Serapan (%)")].data_type == "n"
    assert row[head.index("Tahun")].number_format == "0"
    ws = books["en"]["Achievement by programme"]
    head = [c.value for c in ws[1]]
    assert ws[2][head.index("Indicators")].number_format == "#,##0"
    assert ws[2][head.index("Mean achievement (%)")].number_format == "#,##0.00"
    for book in books.values():
        for ws in book.worksheets[1:]:
            for row in ws.iter_rows(min_row=2):
                for c in row:
                    if c.data_type == "n" and c.value is not None and not isinstance(c.value, bool):
                        assert c.number_format in ("#,##0", "#,##0.00", "0"), (ws.title, c.coordinate)


def test_every_table_has_its_header_frozen_a_filter_and_fitted_widths(books, written):
    sheets = written["en"][2]
    for ws, sheet in zip(books["en"].worksheets[1:], sheets.values()):
        assert ws.freeze_panes == "A2", ws.title
        n_rows, n_cols = sheet.frame.shape
        assert ws.auto_filter.ref == f"A1:{get_column_letter(n_cols)}{n_rows + 1}", ws.title
        widths = [ws.column_dimensions[get_column_letter(j + 1)].width for j in range(n_cols)]
        assert all(6 <= w <= 60 for w in widths), ws.title
    ws = books["en"]["Budget absorption"]
    head = [c.value for c in ws[1]]
    # a long name gets a wide column, a year a narrow one
    assert ws.column_dimensions[get_column_letter(head.index("Name") + 1)].width > \
        ws.column_dimensions[get_column_letter(head.index("Year") + 1)].width


def _same(a, b) -> bool:
    if a is None or a == "" or (isinstance(a, float) and a != a):
        return b is None
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        return a == pytest.approx(b, rel=1e-15)
    return a == b


@pytest.mark.parametrize("lang", ["id", "en"])
def test_values_equal_the_analysis_tables(books, written, lang):
    for ws, sheet in zip(books[lang].worksheets[1:], written[lang][2].values()):
        head, *body = rows_of(ws)
        assert list(head) == list(sheet.frame.columns)
        assert len(body) == len(sheet.frame), ws.title
        shown = wt.labelled(sheet.codes, lang)
        for i, row in enumerate(body):
            for j, value in enumerate(row):
                expected = shown.iat[i, j]
                expected = None if expected is pd.NA else expected
                if hasattr(expected, "item"):
                    expected = expected.item()
                assert _same(expected, value), (ws.title, i, head[j], expected, value)


def test_the_analyses_are_those_the_notebooks_compute(bundled, written):
    """The frames behind the sheets are the analyses' own results, with the notebooks' default parameters."""
    codes = {k: s.codes for k, s in written["en"][2].items()}
    pd.testing.assert_frame_equal(codes["absorption"].reset_index(drop=True),
                                  budget.absorption(bundled)[list(codes["absorption"].columns)])
    pd.testing.assert_frame_equal(codes["plan_changes"], budget.plan_changes(bundled)[list(codes["plan_changes"])])
    gaps = labour.gap_to_target(labour.series(bundled).frame)
    pd.testing.assert_frame_equal(codes["labour_gaps"], gaps[list(codes["labour_gaps"].columns)])
    pd.testing.assert_frame_equal(codes["programmes"], performance.rollup(bundled)[list(codes["programmes"])])
    pd.testing.assert_frame_equal(codes["table.evaluation"], bundled.tables["evaluation"])
    ws = load_workbook(written["en"][0])["Budget changes"]
    head, *body = rows_of(ws)
    assert [r[head.index("Plan budget (Rp)")] for r in body] == \
        [None if pd.isna(v) else int(v) for v in budget.plan_changes(bundled)["budget_plan"]]


def test_the_about_sheet_names_the_document_the_parameters_and_the_sources(books):
    rows = {r[0]: r[1] for r in rows_of(books["en"]["About"]) if r and r[0] is not None}
    assert rows["Office"] == "Dinas Tenaga Kerja Kota Pasuruan"
    assert rows["Region"] == "Kota Pasuruan"
    assert rows["Plan year"] == 2023
    assert rows["Kind of document"] == "Renja"
    assert rows["Report language (lang)"] == "en"
    assert rows["Achievement of lower-is-better indicators (method)"] == "two_minus"
    assert rows["Audit ratio tolerance (percentage points) (tolerance)"] == 1
    sha = hashlib.sha256(DEFAULT_SOURCE.read_bytes()).hexdigest()
    assert rows[f"Document: {DEFAULT_SOURCE.name}"] == sha
    assert any(str(k).startswith("Facts file: ") for k in rows)
    assert rows["Made with"].startswith("renja_lib ")
    assert rows["Budget absorption"] == "18 rows"
    tentang = {r[0]: r[1] for r in rows_of(books["id"]["Tentang"]) if r and r[0] is not None}
    assert tentang["Perangkat daerah"] == "Dinas Tenaga Kerja Kota Pasuruan"
    assert tentang["Data evaluasi"] == "1.200 baris"


def test_parameters_change_the_analyses_and_are_shown(bundled, tmp_path):
    path = tmp_path / "inverse.xlsx"
    write_analysis_workbook(path, bundled, "en", {"method": "inverse_ratio", "tolerance": 2.5, "top": 3})
    book = load_workbook(path)
    head, *body = rows_of(book["Labour indicator gaps"])
    tpt = next(r for r in body if r[head.index("Indicator")] == "TPT" and r[head.index("Year")] == 2021)
    assert tpt[head.index("Achievement (%)")] == pytest.approx(5.71 / 6.23 * 100)
    about = {r[0]: r[1] for r in rows_of(book["About"]) if r and r[0] is not None}
    assert about["Achievement of lower-is-better indicators (method)"] == "inverse_ratio"
    assert about["Audit ratio tolerance (percentage points) (tolerance)"] == 2.5


def _in_zone(zone: str) -> None:
    os.environ["TZ"] = zone
    time.tzset()


def test_the_same_bytes_whenever_and_wherever_it_is_written(bundled, written, tmp_path, monkeypatch):
    """Two runs more than 2 s apart (zip times have a 2-second resolution) in two time zones: the same bytes. The
    first is written as ``renja report`` writes it: ``<slug>.xlsx`` from the document's path and the report's
    parameters (those the workbook does not use are ignored)."""
    from renja_lib.write.analysis_workbook import write_report_workbook

    monkeypatch.setenv("TZ", os.environ.get("TZ", "UTC"))
    try:
        _in_zone("Asia/Jakarta")
        path = write_report_workbook(tmp_path / "renja-2023", "renja-2023", DEFAULT_SOURCE,
                                     {"lang": "id", "source": str(DEFAULT_SOURCE), "figures_dir": "figures",
                                      "top": 10})
        assert path == tmp_path / "renja-2023" / "renja-2023.xlsx"
        path.replace(tmp_path / "a.xlsx")
        time.sleep(2.1)
        _in_zone("America/Los_Angeles")
        write_analysis_workbook(tmp_path / "b.xlsx", bundled, "id", sheets=written["id"][2])
    finally:
        monkeypatch.undo()
        time.tzset()
    a, b = (tmp_path / "a.xlsx").read_bytes(), (tmp_path / "b.xlsx").read_bytes()
    assert a == written["id"][0].read_bytes()  # and the fixture's, written earlier in this process's own zone
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as z:
        infos = z.infolist()
        assert infos[0].filename == "[Content_Types].xml"
        assert {i.date_time for i in infos} == {ZIP_TIME}
        core = z.read("docProps/core.xml").decode()
    assert "renja-analytics" in core and "2000-01-01T00:00:00Z" in core
    props = load_workbook(tmp_path / "a.xlsx").properties
    assert props.created == props.modified == FIXED_TIME


def test_reproducible_zip_keeps_every_member(written):
    data = written["en"][0].read_bytes()
    again = reproducible_zip(data)
    assert again == data  # already reproducible: rewriting changes nothing
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
    assert "xl/workbook.xml" in names and "docProps/core.xml" in names


def test_a_document_without_narrative_figures_gives_a_valid_workbook(raw_text, tmp_path):
    """The bundled document's tables without its narrative (and without its facts file): nothing to read from the
    prose, every sheet still written."""
    lines = raw_text.split("\n")
    keep = [line for i, line in enumerate(lines) if i < 20 or "\t" in line or re.match(r"^Tabel \d", line)]
    source = tmp_path / "tables_only.txt"
    source.write_text("\n".join(keep), encoding="utf-8")
    doc = load(source)
    assert doc.facts.empty
    path = tmp_path / "tables_only.xlsx"
    write_analysis_workbook(path, doc, "id")
    book = load_workbook(path)
    assert book.sheetnames[0] == "Tentang" and "Data angka narasi" in book.sheetnames
    facts = book["Data angka narasi"]
    assert facts.max_row == 1 and facts.auto_filter.ref.endswith("1")
    tentang = {r[0]: r[1] for r in rows_of(book["Tentang"]) if r and r[0] is not None}
    assert tentang["Data angka narasi"] == "0 baris"
    assert not any(str(k).startswith("Berkas angka narasi") for k in tentang)


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    frame = pd.DataFrame({"name": ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "ok\x0cform feed", "- orang"],
                          "budget": [1, -2, None, 4]})
    sheet = wt.sheet_of("absorption", frame, "en")
    from renja_lib.write.workbook import WorkbookReport

    report = WorkbookReport()
    data = workbook_bytes({"absorption": sheet}, [("=1+1", "=A1")], "en", report)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml
    ws = load_workbook(io.BytesIO(data))["Budget absorption"]
    cells = [ws.cell(row=r, column=1) for r in range(2, 6)]
    # the form feed is stored escaped (Excel shows it; openpyxl reads the escape as it is)
    assert [c.value for c in cells] == ["=HYPERLINK(\"http://x\",\"y\")", "@SUM(A1)", "ok_x000C_form feed", "- orang"]
    assert all(c.data_type == "s" for c in cells)
    assert [c.quotePrefix for c in cells] == [True, True, False, True]
    assert [ws.cell(row=r, column=2).value for r in range(2, 6)] == [1, -2, None, 4]
    assert report.neutralised[("Budget absorption", "Name")] == 2
    assert report.escaped[("Budget absorption", "Name")] == 1
    about = load_workbook(io.BytesIO(data))["About"]
    assert about["A1"].value == "=1+1" and about["A1"].data_type == "s"


def test_a_binary_file_can_be_the_target(bundled, written):
    buffer = io.BytesIO()
    write_analysis_workbook(buffer, bundled, "en", sheets=written["en"][2])
    assert buffer.getvalue() == written["en"][0].read_bytes()


def test_number_format_of_each_kind_of_value():
    assert wt.number_format("budget_plan", 3456509470) == "#,##0"
    assert wt.number_format("change_pct", -15.9) == "#,##0.00"
    assert wt.number_format("source_line", 428) == "0"
    assert wt.number_format("n_indicators", 35) == "#,##0"
    assert wt.number_format("target", 5.71) == "#,##0.00"
    assert wt.number_format("target", 7.0) == "#,##0"
    assert wt.number_format("name", "Program") is None
    assert wt.number_format("derived", True) is None
    assert wt.number_format("budget", None) is None
    assert datetime(2000, 1, 1) == FIXED_TIME


def test_every_word_of_the_workbook_comes_from_the_catalogue_or_the_document(bundled, tmp_path):
    """With a bracketed catalogue (tests/test_pseudo_language.py), the workbook's texts hold no word of the tool's
    own outside the brackets: headers, sheet names, codes in words, sources, the "Tentang" sheet."""
    from renja_lib.text import catalogue as cat
    from test_pseudo_language import WORD, _bracketed_catalogue, _stray_words

    from renja_lib.read.narrative_facts import facts_path_for

    # the document's words, and the analyst's (the notes of the facts file beside it) are not the tool's
    text = DEFAULT_SOURCE.read_text(encoding="utf-8") + facts_path_for(DEFAULT_SOURCE).read_text(encoding="utf-8")
    words = {w.casefold() for w in WORD.findall(text)}
    words |= {part for w in words for part in re.split(r"[-'’]", w) if part}
    folder = tmp_path / "bracketed"
    folder.mkdir()
    cat.reload()
    _bracketed_catalogue(folder)
    mp = pytest.MonkeyPatch()
    mp.setenv(cat.OVERRIDE_ENV, str(folder))
    cat.reload()
    try:
        data = io.BytesIO()
        write_analysis_workbook(data, bundled, "id")
    finally:
        mp.undo()
        cat.reload()
    book = load_workbook(io.BytesIO(data.getvalue()))
    texts = list(book.sheetnames)
    for ws in book.worksheets:
        texts += [v for row in ws.iter_rows(values_only=True) for v in row
                  if isinstance(v, str) and not re.fullmatch(r"[0-9a-f]{64}", v)]  # a checksum is no word
    assert not _stray_words(texts, words)



def test_a_document_without_tabel_2_3_gets_a_workbook_without_its_sheet(tmp_path, raw_text):
    """A table the document does not hold (here Tabel 2.3, the RKPD review) gets no sheet; the rest is written."""
    import renja_lib
    from renja_lib.present.workbook_tables import analysis_frames

    lines = raw_text.split("\n")
    start, end = lines.index("Tabel 2.3"), lines.index("2.5 Penelaahan Usulan Program dan Kegiatan Masyarakat")
    path = tmp_path / "renja_lain.txt"
    path.write_text("\n".join(lines[:start] + lines[end:]), encoding="utf-8")
    doc = renja_lib.load(path)
    assert "rkpd_review" not in doc.tables
    frames = analysis_frames(doc)
    assert "table.rkpd_review" not in frames and "table.plan_budget" in frames
    write_analysis_workbook(tmp_path / "w.xlsx", doc, "id", {})
    assert (tmp_path / "w.xlsx").stat().st_size > 0


def test_bps_files_reach_the_labour_sheet_and_the_sources(bundled, tmp_path):
    """The workbook reads ``bps_files`` as notebook 02 does: the BPS years are in its labour sheet (TKK derived from
    the BPS TPT, marked), and each file is a source with its SHA-256 on the About sheet."""
    from pathlib import Path

    bps = Path(__file__).parent / "data" / "bps" / "tpt_kabkota_jatim_2021_2023.csv"
    plain = wt.analysis_frames(bundled, {})["labour_gaps"]
    with_bps = wt.analysis_frames(bundled, {"bps_files": [str(bps)]})["labour_gaps"]
    series = labour.series(bundled, extra=[None, [str(bps)]]).frame
    assert not (plain["year"] == 2023).any()
    assert ((with_bps["indicator"] == "TPT") & (with_bps["year"] == 2023)).any()
    derived = series[(series["indicator"] == "TKK") & series["derived_from"].notna()]
    assert set(derived["year"]) >= {2022, 2023}
    path = tmp_path / "bps.xlsx"
    write_analysis_workbook(path, bundled, "en", {"bps_files": str(bps)})
    about = {r[0]: r[1] for r in rows_of(load_workbook(path)["About"]) if r and r[0] is not None}
    assert about["BPS statistics files (bps_files)"] == bps.name
    assert about[f"BPS statistics file: {bps.name}"] == hashlib.sha256(bps.read_bytes()).hexdigest()
