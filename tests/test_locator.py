"""Locators: where every value, fact and problem comes from, as flat columns and in words for people."""
from __future__ import annotations

import doctest

import pandas as pd
import pytest

from renja_lib import load
from renja_lib.errors import Problem, RenjaError
from renja_lib.read import locator
from renja_lib.read.locator import END_LINE_COLUMN, LOCATOR_COLUMNS, Locator
from renja_lib.read.schema import SCHEMAS

#: every frame of a document and the schema that types it
FRAMES = {"plan_budget": "plan_budget", "plan_targets": "plan_targets", "evaluation": "evaluation",
          "service_indicators": "service_indicators", "rkpd_review": "rkpd_review", "proposals": "proposals",
          "stated_totals": "stated_totals", "codes": "codes", "log": "extraction_log", "problems": "problems"}


def frame_of(doc, name: str) -> pd.DataFrame:
    return getattr(doc, name)


# ---------------------------------------------------------------- the human form


@pytest.mark.parametrize("where, lang, words", [
    (Locator("text", line=368), "id", "baris 368"),
    (Locator("text", line=368), "en", "line 368"),
    (Locator("text", page=12, line=368), "id", "hal. 12, baris 368"),
    (Locator("text", line=368, end_line=370), "id", "baris 368–370"),
    (Locator("text", line=368, end_line=370), "en", "lines 368–370"),
    (Locator("pdf", page=12, table="Tabel 2.1", row=5), "id", "hal. 12, Tabel 2.1 baris 5"),
    (Locator("pdf", page=12, table="Tabel 2.1", row=5), "en", "p. 12, Table 2.1 row 5"),
    (Locator("docx", table="Tabel 4.1", row=3), "en", "Table 4.1 row 3"),
])
def test_the_human_form_in_both_languages(where, lang, words):
    assert where.describe(lang) == words


def test_the_words_come_from_the_catalogue(monkeypatch, tmp_path):
    """An office that rewords the catalogue (RENJA_CATALOGUE) rewords every locator."""
    from renja_lib.text import catalogue as cat

    (tmp_path / "locator.yaml").write_text('row:\n  id: "brs. {row}"\ntable:\n  en: "Tab. {number}"\n',
                                           encoding="utf-8")
    monkeypatch.setenv(cat.OVERRIDE_ENV, str(tmp_path))
    cat.reload()
    try:
        at = Locator("pdf", page=12, table="Tabel 2.1", row=5)
        assert (at.describe("id"), at.describe("en")) == ("hal. 12, Tabel 2.1 brs. 5", "p. 12, Tab. 2.1 row 5")
    finally:
        monkeypatch.delenv(cat.OVERRIDE_ENV)
        cat.reload()


def test_a_text_locator_is_written_by_its_line_unless_the_row_is_asked_for():
    at = Locator("text", page=3, line=965, table="Tabel 4.1", row=1, column="Kode")
    assert at.describe("id") == "hal. 3, baris 965"
    assert at.describe("id", by="row") == "hal. 3, Tabel 4.1 baris 1"
    assert at.describe("en", by="row", column=True) == "p. 3, Table 4.1 row 1, column Kode"
    assert Locator("pdf", page=4, line=None).describe("en") == "p. 4"
    with pytest.raises(RenjaError, match="lang must be one of"):
        at.describe("fr")
    with pytest.raises(ValueError, match="source kind"):
        Locator("xlsx")


def test_flat_columns_round_trip():
    at = Locator("text", page=2, line=40, table="Tabel 2.2", row=4, column="Target", end_line=None)
    assert list(at.columns()) == LOCATOR_COLUMNS
    assert list(at.columns(end_line=True)) == [*LOCATOR_COLUMNS, END_LINE_COLUMN]
    assert Locator.from_columns(at.columns()) == at
    row = pd.Series({**at.columns(), "source_page": pd.NA, "source_row": 4.0})
    assert Locator.from_columns(row) == Locator("text", line=40, table="Tabel 2.2", row=4, column="Target")


def test_doctests():
    from renja_lib.read import document, find_tables

    assert doctest.testmod(locator).failed == 0
    for obj, module in ((find_tables.is_table_row, find_tables), (document.Renja.row_cells, document)):
        finder = doctest.DocTestFinder()
        runner = doctest.DocTestRunner()
        for test in finder.find(obj, module=module, globs=vars(module)):
            assert runner.run(test).failed == 0, test.name


# ---------------------------------------------------------------- every table of the real document


@pytest.mark.parametrize("name", FRAMES)
def test_every_table_has_the_locator_columns(doc, name):
    frame = frame_of(doc, name)
    schema = list(SCHEMAS[FRAMES[name]].columns)
    assert list(frame.columns) == schema and schema[-len(LOCATOR_COLUMNS):] == LOCATOR_COLUMNS
    assert str(frame["source_page"].dtype) == str(frame["source_row"].dtype) == "Int64"
    if len(frame):
        assert set(frame["source_kind"]) == {"text"}
        assert frame["source_page"].isna().all()  # the bundled document has no form feeds


@pytest.mark.parametrize("name", [n for n in FRAMES if n not in ("log", "problems")])
def test_source_line_keeps_its_meaning_and_the_row_points_at_it(doc, name):
    frame = frame_of(doc, name)
    assert len(frame) and frame["source_line"].notna().all() and frame["source_row"].notna().all()
    labels = {s.label for s in doc.spans}
    assert set(frame["source_table"]) <= labels
    log = doc.log.set_index("line")
    for t, row, line in zip(frame["source_table"], frame["source_row"], frame["source_line"]):
        assert doc.row_lines[(t, int(row))] == line
        assert log.loc[line, "table"] == t and log.loc[line, "role"].startswith(("data_row", "continuation_row",
                                                                                  "total_row"))


def test_known_lines_are_as_before(doc):
    pb = doc.plan_budget.query("code == '2.07.01' and year == 2023").iloc[0]
    assert (pb["source_line"], pb["source_table"], pb["source_row"]) == (965, "Tabel 4.1", 1)
    ev = doc.evaluation.query("source_line == 428")
    assert set(ev["source_table"]) == {"Tabel 2.1"} and set(ev["source_row"]) == {3}
    assert list(doc.proposals.query("shifted_cells > 0")["source_line"]) == [849, 850, 851]


def test_log_rows_are_counted_from_one_skipping_blanks_and_repeated_headers(doc):
    log = doc.log[doc.log["table"] == "Tabel 2.1"].set_index("line")
    assert log.loc[424:425, "source_row"].isna().all()  # the header and the column numbers
    assert log.loc[426:431, "source_row"].tolist() == [1, 2, 3, 4, 5, 6]
    assert log.loc[432:434, "source_row"].isna().all()  # a blank row, the header repeated at a page break
    assert log.loc[435, "source_row"] == 7
    for label, group in doc.log.groupby("table"):
        rows = group["source_row"].dropna().tolist()
        assert rows == list(range(1, len(rows) + 1)), label
        roles = set(group.loc[group["source_row"].isna(), "role"])
        assert roles <= {"title", "metadata", "header", "column_numbers", "header_repeat", "blank", "signature"}


def test_a_value_of_one_cell_names_its_column(doc):
    ev = doc.evaluation.query("source_line == 428 and measure == 'target' and year == 2021").iloc[0]
    assert "Target Renja PD Tahun 2021" in ev["source_column"]
    assert doc.plan_budget["source_column"].str.contains("Pagu").all()
    assert doc.codes["source_column"].notna().all()
    assert doc.stated_totals["source_column"].notna().all()
    # a Tabel 2.3 or 2.4 record holds several cells (target, budget, location ...): no one column
    assert doc.rkpd_review["source_column"].isna().all() and doc.proposals["source_column"].isna().all()
    assert doc.log["source_column"].isna().all()


def test_cells_and_prose_are_read_through_the_document(doc):
    row = doc.plan_budget.query("code == '2.07.01'").iloc[0]
    cells = doc.row_cells(row["source_table"], row["source_row"])
    assert cells[0] == "2 07 01" and cells[1] == row["name"]
    assert doc.row_cells("Tabel 4.1", 10_000) == []
    prose = dict(doc.prose_lines())
    assert 965 not in prose and "\t" not in "".join(prose.values())
    assert prose[282].startswith(doc.source.line(282)[:20])


# ---------------------------------------------------------------- pages and problems


def test_a_copy_with_form_feeds_gets_pages(doc_copy, replace_line, raw_text):
    def paged(text: str) -> str:
        lines = text.split("\n")
        lines[9] = "\f" + lines[9]        # page 2 from line 10
        lines[963] = "\f" + lines[963]    # page 3 from line 964
        return "\n".join(lines)

    again = load(doc_copy(paged, with_facts=True), validate=True)
    pb = again.plan_budget.set_index("source_line")["source_page"]
    assert (pb.loc[965] == 3).all()
    assert (again.evaluation["source_page"] == 2).all()
    assert again.log.set_index("line").loc[964, "source_page"] == 3
    facts = again.facts.set_index("source_line")
    assert (facts.loc[282, "source_page"] == 2).all() and (facts["source_kind"] == "text").all()
    at = Locator.from_columns(again.plan_budget.query("code == '2.07.01' and year == 2023").iloc[0])
    assert at.describe("id", by="row") == "hal. 3, Tabel 4.1 baris 1"
    assert at.describe("en") == "p. 3, line 965"


def test_a_problem_carries_its_locator(doc_copy, replace_line):
    path = doc_copy(lambda t: replace_line(t, 965, "3.456.509.470", "3.456.509470"))
    bad = load(path, validate=True)
    p = bad.problems.iloc[0]
    assert (p["line"], p["source_line"], p["source_kind"]) == (965, 965, "text")
    assert (p["source_table"], p["source_row"]) == ("Tabel 4.1", 1)
    assert "Pagu" in p["source_column"] and p["source_column"] == p["column"]
    assert pd.isna(p["source_page"])
    one = Problem("f.txt", 965, "Tabel 4.1", "", "x", "m", page=3, row=1)
    assert one.locator == Locator("text", page=3, line=965, table="Tabel 4.1", row=1)
    assert one.record()["source_row"] == 1 and one.record()["line"] == 965


def test_a_problem_outside_any_row_has_no_row(doc_copy):
    lines = doc_copy().read_text(encoding="utf-8").split("\n")
    # cut the document inside Tabel 4.1: the table runs to the end of the file
    cut = load(doc_copy(text="\n".join(lines[:999])))
    p = cut.problems.iloc[-1]
    assert p["source_table"] == "Tabel 4.1" and p["source_line"] == 999
