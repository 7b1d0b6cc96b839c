"""A Renja may number its tables otherwise than the bundled one (its plan table ``Tabel 3.9``, its RKPD review
``Tabel 2.5``): the analyses carry each row's table as the document labels it (``source_table``), and the charts'
sources, the plan-changes findings and the names of the codes follow it, never a fixed ``Tabel 4.1``."""
from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import renja_lib  # noqa: E402
from renja_lib.analyse import budget  # noqa: E402
from renja_lib.present import budget_charts, chart_parts  # noqa: E402
from renja_lib.present.changes_headlines import changes_summary, draft_summary  # noqa: E402

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "raw" / "renja_disnaker_kota_pasuruan_2023.txt"


@pytest.fixture(scope="module")
def renumbered(tmp_path_factory):
    """The bundled text with its plan table labelled ``Tabel 3.9`` and its RKPD review ``Tabel 2.5``."""
    text = BUNDLED.read_text(encoding="utf-8")
    assert text.count("Tabel 4.1") >= 1 and text.count("Tabel 2.3") >= 1
    path = tmp_path_factory.mktemp("renumbered") / "renja_dinas_x_2023.txt"
    path.write_text(text.replace("Tabel 4.1", "Tabel 3.9").replace("Tabel 2.3", "Tabel 2.5"), encoding="utf-8")
    return renja_lib.load(path)


def test_the_tables_keep_the_documents_labels(renumbered):
    assert {s.kind: s.label for s in renumbered.spans}["plan"] == "Tabel 3.9"
    assert set(budget.plan_changes(renumbered)["source_table"]) == {"Tabel 3.9"}
    assert set(budget.plan_composition(renumbered)["source_table"]) == {"Tabel 3.9"}
    assert set(budget.salary_share(renumbered)["source_table"]) == {"Tabel 3.9"}
    assert set(budget.draft_to_needs(renumbered)["source_table"]) == {"Tabel 2.5"}


def test_the_bundled_tables_are_labelled_as_written():
    doc = renja_lib.load()
    assert set(budget.plan_changes(doc)["source_table"]) == {"Tabel 4.1"}
    assert set(budget.draft_to_needs(doc)["source_table"]) == {"Tabel 2.3"}


def test_code_names_come_from_the_plan_table_whatever_its_number(renumbered):
    # the plan table writes names in title case; Tabel 2.1 writes the same codes too, often otherwise
    names = budget.code_names(renumbered)
    plan_rows = renumbered.codes[renumbered.codes["table"] == "Tabel 3.9"]
    first = plan_rows.drop_duplicates("code").set_index("code")["name"]
    assert len(first) > 10
    assert all(names[code] == name for code, name in first.items())
    assert names == budget.code_names(renja_lib.load())  # the same names as with the table numbered 4.1


@pytest.mark.parametrize("chart, frame, table", [
    (budget_charts.composition_chart, budget.plan_composition, "Tabel 3.9"),
    (budget_charts.salary_chart, budget.salary_share, "Tabel 3.9"),
    (budget_charts.changes_chart, budget.plan_changes, "Tabel 3.9"),
    (budget_charts.draft_needs_chart, budget.draft_to_needs, "Tabel 2.5"),
])
def test_chart_sources_name_the_documents_table(renumbered, chart, frame, table):
    fig = chart(frame(renumbered))
    try:
        source = fig.get_supxlabel()
        assert table in source
        assert "Tabel 4.1" not in source and "Tabel 2.3" not in source
    finally:
        plt.close(fig)


def test_plan_changes_findings_name_the_documents_table(renumbered):
    found = changes_summary(budget.plan_changes(renumbered), "id")
    places = [f.places["id"] for f in found.findings] + [d.places["id"] for d in found.sourced]
    wheres = [loc["where"]["id"] for f in found.findings for loc in f.locators]
    assert places and all("Tabel 3.9" in p for p in places)
    assert wheres and all("Tabel 3.9" in w for w in wheres)
    assert "Tabel 4.1" not in " ".join(places + wheres + [str(found)])
    draft = draft_summary(budget.draft_to_needs(renumbered), "id")
    assert all("Tabel 2.5" in f.places["id"] for f in draft.findings)


def test_table_of_reads_the_rows_label_or_the_usual_one():
    assert chart_parts.table_of(pd.DataFrame({"source_table": [pd.NA, "Tabel 3.1"]}), "Tabel 4.1") == "Tabel 3.1"
    assert chart_parts.table_of(pd.DataFrame({"source_table": [pd.NA]}), "Tabel 4.1") == "Tabel 4.1"
    assert chart_parts.table_of(pd.DataFrame({"source_line": [3]}), "Tabel 2.3") == "Tabel 2.3"
