"""A Renja of an office that is not the labour office: its reports say what the document does not hold.

The document is the bundled text turned into the Renja of a health office (Dinas Kesehatan Kabupaten Situbondo) by
the changes in ``tests/data/other_office/dinkes_situbondo_2023.txt``: its Tabel 2.2 and BAB II speak of maternal
deaths and malnourished children, not of TPT, TPAK or TKK, and one programme has no budget figure for 2021.
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from notebook_helpers import outputs_text
from renja_lib import load
from renja_lib.analyse import budget, labour
from renja_lib.present import sentences

OTHER_OFFICE = Path(__file__).parent / "data" / "other_office"
CHANGES = OTHER_OFFICE / "dinkes_situbondo_2023.txt"
NONE_ID = "Dokumen ini tidak memuat indikator pasar kerja (TPT, TPAK, TKK)."
NONE_EN = "This document has no labour-market indicators (TPT, TPAK, TKK)."
#: figures of the bundled document's labour market (rates and BPS counts), as its pages would write them
LABOUR_FIGURES = ("6,23", "6.23", "71,66", "93,77", "6,33", "70,05", "93,67", "111.954", "156.219", "104.977", "6.977")


def _sections(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    name = None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("## "):
            name = line[3:]
            out[name] = []
        elif name is not None and line.strip() and not line.startswith("#"):
            out[name].append(line)
    return out


def health_office(text: str) -> str:
    """The bundled Renja's text as a health office's Renja (see tests/data/other_office/README.md)."""
    spec = _sections(CHANGES)
    for sentence in spec["removed"]:
        assert text.count(sentence) == 1, sentence
        text = text.replace(sentence, "")
    lines = text.split("\n")
    for name, body in spec.items():
        if name.startswith("paragraph: "):
            at = [i for i, line in enumerate(lines) if line.startswith(name[len("paragraph: "):])]
            assert len(at) == 1, name
            lines[at[0]] = body[0]
    table = lines.index("Tabel 2.2")
    for row in spec["table rows: Tabel 2.2"]:
        number = row.split("\t")[0] + "\t"
        lines[next(i for i in range(table, len(lines)) if lines[i].startswith(number))] = row
    text = "\n".join(lines)
    for rename in spec["renames"]:
        old, new = rename.split("\t")
        text = text.replace(old, new)
    return text


@pytest.fixture(scope="module")
def health_path(tmp_path_factory, raw_text_module) -> Path:
    path = tmp_path_factory.mktemp("dinkes") / "renja_dinkes_kabupaten_situbondo_2023.txt"
    path.write_text(health_office(raw_text_module), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def raw_text_module() -> str:
    from renja_lib.config import DEFAULT_SOURCE

    return DEFAULT_SOURCE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def health(health_path):
    return load(health_path)


def test_the_test_document_is_a_health_office_s_renja_without_labour_figures(health, health_path):
    text = health_path.read_text(encoding="utf-8")
    assert not re.search("pasuruan", text, re.IGNORECASE)
    assert not re.search(r"\b(TPT|TPAK|TKK)\b", text) and "Tingkat Pengangguran Terbuka" not in text
    assert not [figure for figure in LABOUR_FIGURES if figure in text]
    ident = health.identity
    assert (ident.office, ident.region, ident.region_kind) == (
        "Dinas Kesehatan Kabupaten Situbondo", "Kabupaten Situbondo", "kabupaten")
    assert health.problems.empty  # the health rows of Tabel 2.2 are read like the labour office's
    assert list(dict.fromkeys(health.service_indicators["indicator"]))[:2] == [
        "Angka Kematian Ibu per 100.000 kelahiran hidup", "Persentase balita gizi buruk"]


def test_the_labour_series_of_a_health_office_is_empty_and_says_why(health):
    result = labour.series(health)
    assert result.frame.empty and result.conflicts.empty
    assert result.reason == labour.NO_INDICATORS
    assert result.region == "Kabupaten Situbondo"
    assert labour.gap_to_target(result.frame).empty
    assert labour.series(load()).reason is None  # the labour office's Renja has them


def test_a_user_s_file_of_other_regions_does_not_stand_in_for_the_document(health):
    """The extra file's regions are kept as the user's, never charted as the health office's region."""
    result = labour.series(health, extra=Path(__file__).parent / "data" / "extra_indicators.csv")
    assert result.reason == labour.NO_INDICATORS
    assert not result.frame.empty and "Kabupaten Situbondo" not in set(result.frame["region"])
    chart_data = sentences.chart_series(result.frame, "id")
    assert sentences.labour_chart(chart_data, result, "id", None, "TPT", doc=health) is None
    assert sentences.labour_chart(chart_data, result, "id", None, doc=health) is None


@pytest.mark.parametrize("lang, sentence", [("id", NONE_ID), ("en", NONE_EN)])
def test_the_labour_page_says_it_once_in_place_of_charts_and_tables(health, lang, sentence, capsys):
    result = labour.series(health)
    gaps = labour.gap_to_target(result.frame)
    chart_data = sentences.chart_series(result.frame, lang)
    assert sentences.labour_summary(gaps, lang, result.conflicts, series=result) == sentence
    for indicator in ("TPT", "TPAK", "TKK", None):
        assert sentences.labour_chart(chart_data, result, lang, None, indicator, doc=health) is None
    sentences.region_charts(chart_data, result.region, lang, None, doc=health)
    assert sentences.labour_table(gaps, result, lang) is None
    assert sentences.labour_table(result.conflicts, result, lang) is None
    assert sentences.labour_heading("gaps", result, lang) == ""
    assert sentences.regions_note(chart_data, lang) == ""
    sentences.show(sentences.labour_heading("gaps", result, lang))
    assert capsys.readouterr().out == ""  # nothing else is shown


def test_a_labour_office_s_page_still_draws_its_charts_and_notes_a_missing_indicator(doc):
    result = labour.series(doc)
    chart_data = sentences.chart_series(result.frame, "id")
    assert "- TPT 2021 tercatat 6,23%" in sentences.labour_summary(labour.gap_to_target(result.frame), "id",
                                                                   result.conflicts, series=result)
    shown = sentences.labour_chart(chart_data, result, "id", None, "TPT", doc=doc)
    assert shown.name == "tpt_trend" and "Renja 2023 · Dinas Tenaga Kerja" in shown.fig.get_supxlabel()
    without_tkk = chart_data[chart_data["indicator"] != "TKK"]
    assert sentences.labour_chart(without_tkk, result, "en", None, "TKK") is None  # says so, does not fail
    assert sentences.labour_table(labour.gap_to_target(result.frame), result, "id") is not None


def test_a_programme_with_no_narrative_figure_says_so_and_nothing_is_filled_in(health):
    frame = budget.absorption(health)
    rows = frame.set_index(["subject", "year", "period"])
    assert rows.loc[("2.07.05", 2021, "year"), "flag"] == "no_figures"  # its budget sentence was taken out
    assert rows.loc[("2.07.05", 2021, "year"), ["budget", "spending", "absorption", "absorption_stated"]].isna().all()
    assert ("2.07.05", 2022, "Q1") in rows.index  # its first-quarter figures are still there
    assert 208_596_810 not in set(frame["budget"].dropna()) and 189_472_850 not in set(frame["spending"].dropna())
    text_id = sentences.absorption_summary(frame, "id")
    assert ("- Hubungan Industrial 2021: dokumen tidak menyebut pagu, realisasi, maupun serapannya; tidak ada yang "
            "diisi.") in text_id.split("\n")
    assert "Hubungan Industrial 2022 triwulan 1: serapan 1,11%" in text_id
    text_en = sentences.absorption_summary(frame, "en")
    assert ("- Hubungan Industrial 2021: the document states no budget, spending or absorption for it; nothing is "
            "filled in.") in text_en.split("\n")
    # every programme with figures keeps its own line, no more
    assert "Penempatan Tenaga Kerja 2021: serapan 82,36%" in text_id
    assert "Penempatan Tenaga Kerja 2021: dokumen tidak menyebut" not in text_id
    empty = frame.iloc[0:0]
    assert sentences.absorption_summary(empty, "en") == (
        "The document's narrative states no budget, spending or absorption for any programme; nothing is filled in.")


@pytest.mark.slow
def test_every_report_of_a_health_office_is_written_and_honest(health_path, tmp_path):
    from renja_lib.config import NOTEBOOKS_DIR
    from renja_lib.run.runner import plan_runs, run_report

    runs = plan_runs([health_path])
    results = run_report(runs, tmp_path, quiet=True)
    assert [(r.notebook, r.status) for r in results] == [(p.stem, "ok") for p in sorted(NOTEBOOKS_DIR.glob("*.ipynb"))]
    folder = tmp_path / runs[0].slug
    assert runs[0].slug == "renja-dinkes-kabupaten-situbondo-2023"  # from the file name, as before
    labour_nb = nbformat.read(folder / "02_labour_indicators.ipynb", as_version=4)
    assert outputs_text(labour_nb).count(NONE_ID) == 1
    assert not [p.name for p in (folder / "figures").glob("t*_trend.*")]
    assert "Hubungan Industrial 2021: dokumen tidak menyebut pagu" in outputs_text(
        nbformat.read(folder / "03_budget_absorption.ipynb", as_version=4))
    topics = {"01": "Ikhtisar dokumen", "02": "Indikator ketenagakerjaan", "03": "Serapan anggaran",
              "04": "Capaian kinerja", "05": "Perubahan rencana", "06": "Audit data"}
    for page in sorted(folder.glob("*.html")):
        html = page.read_text(encoding="utf-8")
        title = f"Renja 2023 · Dinas Kesehatan Kabupaten Situbondo — {topics[page.name[:2]]}"
        assert f"<title>{title}</title>" in html, page.name
        body = html.split("<body>", 1)[1]
        assert re.search(r"<h1[^>]*>" + re.escape(title), body) and body.index("<h1") < body.index("<p"), page.name
        assert not re.search("pasuruan", html, re.IGNORECASE), page.name
        assert not [figure for figure in LABOUR_FIGURES if figure in html], page.name
