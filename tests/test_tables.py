"""Tables for people (renja_lib.present.tables): whole numbers without decimals, text left and numbers right,
headers with their units, codes and units in words, the document's words marked, wide tables narrowed."""
from __future__ import annotations

import pandas as pd
from bs4 import BeautifulSoup

from renja_lib.present.tables import MAX_COLUMNS, Table, localised
from renja_lib.text import catalogue as cat


def _cells(table: Table) -> tuple[list[tuple[str, str]], list[list[tuple[str, str]]]]:
    """The header and the rows of a table's HTML, each cell as (its classes, its text)."""
    soup = BeautifulSoup(table._repr_html_(), "html.parser")
    head = [(" ".join(th.get("class", [])), th.get_text()) for th in soup.select("thead th")]
    rows = [[(" ".join(td.get("class", [])), td.get_text()) for td in tr.select("td")]
            for tr in soup.select("tbody tr")]
    return head, rows


def test_whole_numbers_show_no_decimals_and_others_two():
    frame = pd.DataFrame({"quantity": ["program_count", "labour_force", "absorption"],
                          "value": [4.0, 111954.0, 93.025], "unit": ["program", "orang", "%"]})
    _, rows = _cells(localised(frame, "id"))
    assert [r[1][1] for r in rows] == ["4", "111.954", "93,03"]  # not "4,00" nor "111.954,00"
    _, rows = _cells(localised(frame, "en"))
    assert [r[1][1] for r in rows] == ["4", "111,954", "93.03"]


def test_years_and_lines_are_labels_without_digit_grouping():
    frame = pd.DataFrame({"year": [2023.0], "source_line": [1034], "renstra_year": [2026], "budget": [36344101]})
    _, rows = _cells(localised(frame, "id"))
    assert [text for _, text in rows[0]] == ["2023", "1034", "2026", "36.344.101"]


def test_numbers_are_right_aligned_and_text_left_aligned():
    frame = pd.DataFrame({"code": ["2.07.01"], "name": ["Program Penunjang"], "budget": [3456509470.0],
                          "achievement": [None], "band_key": ["very_high"]})
    head, rows = _cells(localised(frame, "en"))
    assert [c for c, _ in head] == ["text", "text", "num", "text", "text"]  # a column with no value is text
    assert [c for c, _ in rows[0]] == ["text", "text doc", "num", "text", "text"]
    css = (cat.CATALOGUE_DIR.parent.parent / "run" / "report.css").read_text(encoding="utf-8")
    assert "td.num { text-align: right" in css.replace("th.num, ", "") and "text-align: left" in css


def test_headers_carry_their_units_in_both_languages():
    frame = pd.DataFrame({"budget": [1.0], "absorption": [1.0], "achievement": [1.0], "change": [1.0],
                          "change_pct": [1.0], "gap_pp": [1.0]})
    for lang in ("id", "en"):
        head, _ = _cells(localised(frame, lang))
        units = [text[text.find("("):] for _, text in head]
        assert units == ["(Rp)", "(%)", "(%)", "(Rp)", "(%)", "(poin)" if lang == "id" else "(pp)"], (lang, head)


def test_units_and_table_labels_are_written_in_the_reports_language():
    frame = pd.DataFrame({"table": ["Tabel 2.1", "narrative"], "unit": ["orang", "m2"]})
    _, rows = _cells(localised(frame, "en"))
    assert rows[0] == [("text", "Table 2.1"), ("text", "people")]
    assert rows[1] == [("text", "narrative"), ("text doc", "m2")]  # a unit without words stays the document's
    _, rows = _cells(localised(frame, "id"))
    assert rows[0] == [("text", "Tabel 2.1"), ("text", "orang")] and rows[1][0] == ("text", "narasi")


def test_the_documents_words_are_marked_with_its_language():
    frame = pd.DataFrame({"name": ["Program Hubungan Industrial"], "quote": ["sebesar 90,83%"], "value": [90.83]})
    soup = BeautifulSoup(localised(frame, "en")._repr_html_(), "html.parser")
    marked = [td.get_text() for td in soup.select("td.doc[lang=id]")]
    assert marked == ["Program Hubungan Industrial", "sebesar 90,83%"]


def test_a_wide_table_shows_a_column_with_one_value_once_above_it():
    columns = {f"c{i}": [i, i + 1] for i in range(MAX_COLUMNS)}
    frame = pd.DataFrame({"region": ["Kota Pasuruan"] * 2, "conflict": [False, False], **columns})
    table = localised(frame, "en")
    soup = BeautifulSoup(table._repr_html_(), "html.parser")
    assert len(soup.select("thead th")) == MAX_COLUMNS  # the two constant columns left the rows
    note = soup.select_one("p.renja-table-note").get_text()
    assert "Region (the same in every row): Kota Pasuruan" in note and "Conflict (the same in every row): no" in note
    assert "wide" not in soup.table["class"]
    assert "Kota Pasuruan" in repr(table)  # the text form keeps every column
    # a narrow table, or one row, keeps its columns
    assert len(BeautifulSoup(localised(frame.iloc[:1], "en")._repr_html_(), "html.parser").select("th")) == 11


def test_a_table_of_document_text_is_escaped():
    html = localised(pd.DataFrame({"name": ["<script>x</script>"], "unit": ["<b>"]}), "id")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;" in html


def test_the_offices_row_is_named_in_the_reports_words_not_marked_as_the_documents():
    frame = pd.DataFrame({"level": ["program", "office"], "name": ["Program A", None], "budget": [1.0, 2.0]})
    _, rows = _cells(localised(frame, "en"))
    assert rows[0][1] == ("text doc", "Program A") and rows[1][1] == ("text", "Whole office")
