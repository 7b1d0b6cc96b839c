"""The Renja object: narrative figures beside the document, missing tables, the dtype check."""
import pandas as pd
import pytest

from renja_lib import load
from renja_lib.read.schema import SCHEMAS, build_frame, dtype_errors


def test_load_picks_up_the_facts_file_beside_the_document(doc):
    facts = doc.facts
    assert len(facts) > 100
    lf = facts[(facts["quantity"] == "labour_force") & (facts["year"] == 2021)]
    assert lf["value"].iloc[0] == 111954


def test_document_without_facts_file_works(doc_copy):
    path = doc_copy()  # no facts file beside the copy
    other = load(path)
    # the narrative's figures are read automatically (tests/test_narrative_reader.py measures how well)
    assert len(other.facts) > 100 and set(other.facts["origin"]) == {"auto"}
    assert {"quantity", "subject", "year", "value", "quote", "source_line"} <= set(other.facts.columns)
    # the bundled document's facts file reviews that reading: every fact confirmed, some added by hand
    assert set(load().facts["status"]) == {"confirmed"} and set(load().facts["origin"]) == {"auto", "curated"}
    assert len(other.plan_budget) == 102


def test_missing_table_gives_an_empty_frame_with_the_columns(doc_copy, raw_text):
    lines = raw_text.split("\n")
    start, end = lines.index("Tabel 2.4"), lines.index("BAB III")
    other = load(doc_copy(text="\n".join(lines[:start] + lines[end:])))
    assert "proposals" not in other.tables
    assert other.proposals.empty and list(other.proposals.columns) == list(SCHEMAS["proposals"].columns)


def test_dtype_check_catches_a_wrong_type():
    frame = build_frame("plan_budget", [])
    assert dtype_errors("plan_budget", frame) == []
    frame["budget"] = frame["budget"].astype("float64")
    assert dtype_errors("plan_budget", frame) == ["budget: dtype float64, expected Int64"]


def test_full_validation_runs_on_request(doc):
    validated = load(validate=True)
    pd.testing.assert_frame_equal(validated.plan_budget, doc.plan_budget)


def test_summary_lists_the_tables(doc):
    summary = doc.summary()
    assert list(summary["table"]) == ["Tabel 2.1", "Tabel 2.2", "Tabel 2.3", "Tabel 2.4", "Tabel 4.1"]
    assert list(summary["kind"]) == ["evaluation", "service_indicators", "rkpd_review", "proposals", "plan"]


def test_the_dtype_check_finds_a_missing_value_in_every_kind_of_required_column(doc):
    """Each of the bundled tables passes; a value taken out of a required column of any dtype (text, whole number,
    decimal) is found, named once, in the schema's order."""
    for name, frame in doc.tables.items():
        assert dtype_errors(name, frame) == [], name
    frame = doc.plan_budget.copy()
    required = [c for c, spec in SCHEMAS["plan_budget"].columns.items() if not spec.nullable]
    kinds = {str(frame[c].dtype)[:6] for c in required}
    assert {"string", "Int64"} <= kinds
    for column in required:
        broken = frame.copy()
        broken.loc[3, column] = None
        assert dtype_errors("plan_budget", broken) == [f"{column}: missing values in a column that must always "
                                                       "have one"], column
    both = frame.copy()
    both.loc[0, required[-1]] = None
    both.loc[1, required[0]] = None
    assert [e.split(":")[0] for e in dtype_errors("plan_budget", both)] == [required[0], required[-1]]


@pytest.mark.parametrize("values", [[], [1, 2, 3], [None, None], [1, None, 7], [True, 2], [1.0, None], [2 ** 62, -5],
                                    [pd.NA, 3], [None, 0]])
def test_whole_numbers_are_built_as_pandas_builds_them(values):
    from renja_lib.read.schema import int_array

    pd.testing.assert_extension_array_equal(int_array(list(values)), pd.array(list(values), dtype="Int64"))


def test_names_are_compared_as_the_rule_says():
    """Lower case, no spaces around "-" or "/", other marks as one space (the rule written plainly, on many texts)."""
    import random
    import re

    from renja_lib.read.document import _norm_name

    def plainly(text):
        t = re.sub(r"\s*([-/])\s*", r"\1", (text or "").lower())
        return " ".join(re.sub(r"[^\w/()-]+", " ", t).split())

    rng = random.Random(3)
    for _ in range(3000):
        text = "".join(rng.choice("abc XYZ-/ ()\t.,;:é_1İ") for _ in range(rng.randint(0, 15)))
        assert _norm_name(text) == plainly(text), text
    assert _norm_name("Program  Penempatan Tenaga Kerja / Antar-Kerja.") == "program penempatan tenaga kerja/antar-kerja"
