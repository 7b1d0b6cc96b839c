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
    gaps = labour.gap_to_target(result.frame, method="inverse_ratio")
    text = sentences.labour_summary(gaps, "id", result.conflicts, series=result)
    assert "TPT 2021 tercatat 6,23%, 0,52 poin di atas targetnya 5,71% (capaian 91,65% menurut metode " \
           "target / realisasi, kategori sangat tinggi)" in text
    # the narrative's 67,8 % is Tabel 2.2's 67,78 % rounded (the audit's rule): one figure, named, no conflict
    assert "TPAK 2021 tercatat 71,66%, 3,88 poin di atas targetnya 67,78%" in text
    assert "Angka target ini ditulis 67,8% di narasi baris 312: angka yang sama, dibulatkan." in text
    assert "Sumber berbeda" not in text


def test_overview_and_problems(doc):
    assert "5 tabel" in sentences.overview(doc, "id")
    assert "Tahun rencana 2023, prakiraan maju 2024" in sentences.overview(doc, "id")
    assert "no problems" in sentences.problems_summary(doc, "en")


# ---------------------------------------------------------------- words from the catalogue
def test_table_headers_and_codes_are_written_in_words():
    frame = pd.DataFrame({"band_key": ["very_high", "missing"], "quadrant": ["on_track", "no_data"],
                          "status": ["increased", "no_budget"], "component": ["salaries", "other"],
                          "derived": [True, False]})
    shown = repr(sentences.localised(frame, "id"))
    assert shown.split("\n")[0].split() == ["Kategori", "Kuadran", "Keterangan", "Komponen", "Diturunkan"]
    for words in ("sangat tinggi", "tidak ada data", "sesuai rencana", "naik", "tanpa anggaran",
                  "Gaji dan tunjangan ASN", "Belanja lainnya", "ya", "tidak"):
        assert words in shown, words
    en = repr(sentences.localised(frame, "en"))
    assert en.split("\n")[0].split() == ["Band", "Quadrant", "Status", "Component", "Derived"]
    assert "very high" in en and "on track" in en and "no budget" in en and "All other spending" in en


def test_an_achievement_status_is_shown_in_words_and_an_unknown_code_as_it_is():
    frame = pd.DataFrame({"status": ["consistent", "differs", "brand_new_code"], "unknown_column": [1, 2, 3]})
    shown = repr(sentences.localised(frame, "id"))
    assert shown.split("\n")[0].split() == ["Status", "unknown_column"]  # a column without words: its name
    assert "sesuai hitung ulang" in shown and "berbeda dari hitung ulang" in shown
    assert "brand_new_code" in shown  # nothing is hidden or guessed
    assert "units differ" in repr(sentences.localised(pd.DataFrame({"status": ["unit_mismatch"]}), "en"))


def test_the_office_row_is_named_in_the_reports_language():
    frame = pd.DataFrame({"subject": ["program", "office"], "name": ["Program A", None],
                          "level": ["program", "office"]})
    assert "Seluruh perangkat daerah" in repr(sentences.localised(frame, "id"))
    assert "Whole office" in repr(sentences.localised(frame, "en"))
    assert "Whole office" in repr(sentences.localised(frame[["subject", "name"]], "en"))


def test_sources_in_a_table_are_written_in_the_reports_language():
    frame = pd.DataFrame({"source": ["Tabel 2.2 line 657; narrative line 312"],
                          "realised_source": ["extra.csv row 3: BPS line 4, narrative"]})
    shown = repr(sentences.localised(frame, "id"))
    assert "Tabel 2.2 baris 657; narasi baris 312" in shown
    assert "extra.csv baris 3: BPS line 4, narrative" in shown  # what the user's file says stays as written
    assert "Table 2.2 line 657; narrative line 312" in repr(sentences.localised(frame, "en"))


def test_counts_choose_the_singular_or_the_plural():
    one = pd.DataFrame({"severity": ["info"]})
    assert sentences.audit_summary(one, "en") == "The audit found 1 finding: 0 errors, 0 warnings, 1 info."
    assert sentences.audit_summary(pd.concat([one] * 3), "en") == \
        "The audit found 3 findings: 0 errors, 0 warnings, 3 info."
    assert sentences.audit_summary(one, "id") == "Audit menemukan 1 temuan: 0 kesalahan, 0 peringatan, 1 info."
    assert sentences.differences_summary(pd.DataFrame({"source_line": [437]}), "en") == \
        "1 achievement reported in Tabel 2.1 differs from the recomputed one: line 437."
    assert sentences.differences_summary(pd.DataFrame({"source_line": [437, 512]}), "en") == \
        "2 achievements reported in Tabel 2.1 differ from the recomputed ones: lines 437, 512."


def test_sentences_come_from_the_catalogue(doc, monkeypatch, tmp_path):
    """An office that rewords the catalogue (RENJA_CATALOGUE) rewords the reports."""
    from renja_lib.text import catalogue as cat

    (tmp_path / "sentences.yaml").write_text(
        'heading.overview:\n  id: "## Ringkasan"\n'
        'column.value:\n  en: "Amount"\n'
        'overview:\n  en: "{file}: {n} tables"\n', encoding="utf-8")
    monkeypatch.setenv(cat.OVERRIDE_ENV, str(tmp_path))
    cat.reload()
    try:
        assert sentences.heading("overview", "id") == "## Ringkasan"
        assert sentences.overview(doc, "en").endswith(": 5 tables")
        assert "Amount" in repr(sentences.localised(pd.DataFrame({"value": [1.5]}), "en"))
    finally:
        monkeypatch.delenv(cat.OVERRIDE_ENV)
        cat.reload()
    assert sentences.heading("overview", "id") == "## Isi dokumen"


def _named(**identity):
    from types import SimpleNamespace

    fields = dict(office=None, region=None, plan_year=None, document_kind=None)
    return SimpleNamespace(identity=SimpleNamespace(**{**fields, **identity}))


def test_the_document_is_named_from_its_identity_and_an_unread_part_says_so():
    full = _named(office="Dinas Pendidikan Kota Kediri", region="Kota Kediri", plan_year=2025,
                  document_kind="renja_perubahan")
    assert sentences.document_name(full, "id") == "Renja Perubahan 2025 · Dinas Pendidikan Kota Kediri"
    assert sentences.document_name(full, "en") == "Renja (amended) 2025 · Dinas Pendidikan Kota Kediri"
    # the region named apart when the office's name does not hold it
    office_only = _named(office="Dinas Pendidikan", region="Kota Kediri", plan_year=2025, document_kind="renja")
    assert sentences.document_name(office_only, "id") == "Renja 2025 · Dinas Pendidikan · Kota Kediri"
    assert sentences.document_name(_named(office="Dinas Pendidikan"), "en") == (
        "Renja year unknown · Dinas Pendidikan · region unknown")
    assert sentences.page_title(_named(plan_year=2024), "changes", "id").words == (
        "Renja 2024 · perangkat daerah tidak diketahui · wilayah tidak diketahui — Perubahan rencana")


def test_a_page_title_escapes_document_text_for_markdown():
    title = sentences.page_title(_named(office="Dinas <b>*X*</b> Kota Y", region="Kota Y", plan_year=2023), "audit",
                                 "en")
    assert title.words == "Renja 2023 · Dinas <b>*X*</b> Kota Y — Data audit"
    assert title == "# Renja 2023 · Dinas &lt;b&gt;\\*X\\*&lt;/b&gt; Kota Y — Data audit"
