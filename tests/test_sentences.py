"""Computed report text: escaped document text, numbers in the report's format."""
import pandas as pd

from renja_lib.analyse import labour
from renja_lib.present import sentences


def test_document_text_is_escaped():
    text = sentences.esc('<script>alert("x")</script><img src=x onerror=alert(1)> *bold*')
    assert "<" not in text and ">" not in text
    assert "&lt;script&gt;" in text and "\\*bold\\*" in text


def test_table_shows_every_row_escaped_and_formatted():
    frame = pd.DataFrame({"name": ["<b>Program</b>"] * 70, "value": [1234.5] * 70, "budget": [5168369010] * 70})
    html = sentences.localised(frame, "id")._repr_html_()
    assert html.count("<tr") == 71  # header + every row, no truncation
    assert "&lt;b&gt;Program&lt;/b&gt;" in html and "<b>Program" not in html
    assert "1.234,50" in html and "5.168.369.010" in html and "Nilai" in html
    en = sentences.localised(frame, "en")._repr_html_()
    assert "1,234.50" in en and "Value" in en


def test_sources_in_the_report_language_and_one_value_per_key(doc):
    result = labour.series(doc)
    chart = sentences.chart_series(result.frame, "id")
    assert not chart.duplicated(["region", "indicator", "year", "kind"]).any()
    tpak_target = chart.query("indicator == 'TPAK' and year == 2021 and kind == 'target'")
    assert tpak_target["value"].tolist() == [67.78]  # the table's value; the narrative's 67,80 is reported
    assert all("line" not in s and "narrative" not in s for s in chart["source"])
    assert any("narasi baris 318" in s for s in chart["source"])


def test_labour_summary_sentences(doc):
    result = labour.series(doc)
    gaps = labour.gap_to_target(result.frame, method="inverse_ratio", lang="id")
    text = sentences.labour_summary(gaps, "id", result.conflicts)
    assert "TPT 2021 tercatat 6,23%, 0,52 poin di atas targetnya 5,71% (capaian 91,65% menurut metode " \
           "target / realisasi, kategori sangat tinggi)" in text
    assert "67,78% (Tabel 2.2 baris 657); 67,80% (narasi baris 312)" in text


def test_overview_and_problems(doc):
    assert "5 tabel" in sentences.overview(doc, "id")
    assert "Tahun rencana 2023, prakiraan maju 2024" in sentences.overview(doc, "id")
    assert "no problems" in sentences.problems_summary(doc, "en")
