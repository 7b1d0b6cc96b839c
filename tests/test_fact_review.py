"""Curated facts as a review of the automatic reading (issue 13, item 3): ``renja facts``, ``origin``/``status``,
confirm, correct, remove, disagreements listed; ``doc.facts`` = the automatic facts merged with the file."""
from __future__ import annotations

import csv
import json
import math
import shutil
import sys
from pathlib import Path

import pandas as pd
import pytest

from renja_lib import load
from renja_lib.analyse import budget
from renja_lib.cli.commands import main
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import RenjaError
from renja_lib.read.fact_review import DRAFT_COLUMNS, draft_frame, review_facts
from renja_lib.read.narrative_facts import facts_path_for, load_facts, quote_places
from renja_lib.read.narrative_reader import read_narrative
from renja_lib.read.source import read_source

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import facts_recall  # noqa: E402

NARRATIVES = Path(__file__).parent / "data" / "narratives"
CASES = sorted(p.stem for p in NARRATIVES.glob("*.txt"))


def _write_rows(path: Path, rows: list[dict], columns=DRAFT_COLUMNS) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    return path


# ---------------------------------------------------------------- the bundled document's migrated file

def test_the_bundled_file_is_a_review_of_the_automatic_reading(doc):
    """Every automatic fact is confirmed by the migrated file; its other rows are the analyst's own; doc.facts
    holds the file's rows in the file's order (the analyses see what they saw before the review existed)."""
    header = DEFAULT_SOURCE.with_name(DEFAULT_SOURCE.stem + ".facts.csv").read_text(encoding="utf-8").split("\n")[0]
    assert header.split(",") == list(DRAFT_COLUMNS)
    review = doc.fact_review
    auto = doc.narrative.facts
    assert review.counts()["draft"] == 0 and review.counts()["removed"] == 0
    assert (review.facts["origin"] == "auto").sum() == len(auto)
    assert set(review.facts["status"]) == {"confirmed"}
    curated = load_facts(DEFAULT_SOURCE)
    cols = ["quantity", "subject", "year", "period", "value", "quote", "source_line", "note"]
    assert doc.facts[cols].astype(str).values.tolist() == curated[cols].astype(str).values.tolist()
    # the disagreements: exactly the file's rows the reader does not find, each named with its line
    missed = review.disagreements
    assert set(missed["kind"]) == {"missed"}
    only_curated = curated[curated["origin"] == "curated"]
    assert len(missed) == len(only_curated) > 0
    assert missed["source_line"].tolist() == only_curated["source_line"].tolist()
    assert all(str(line) in msg for line, msg in zip(missed["source_line"], missed["message"]))


def test_without_a_file_every_fact_is_an_automatic_draft(tmp_path):
    path = tmp_path / "renja.txt"
    shutil.copyfile(DEFAULT_SOURCE, path)
    doc = load(path)
    assert set(doc.facts["origin"]) == {"auto"} and set(doc.facts["status"]) == {"draft"}
    assert doc.fact_review.disagreements.empty
    pd.testing.assert_frame_equal(doc.facts.drop(columns=["status"]), doc.narrative.facts)


# ---------------------------------------------------------------- the draft loads back, on every test text

@pytest.mark.parametrize("case", CASES)
def test_a_draft_loads_back_as_a_facts_file_and_changes_nothing(tmp_path, case):
    """The draft of every rephrased test text (quotes over line wraps and page breaks, 'Rp 30,5 miliar') is a
    valid facts file; loaded back, every row is a draft of the same fact and nothing disagrees."""
    document = tmp_path / f"{case}.txt"
    shutil.copyfile(NARRATIVES / f"{case}.txt", document)
    reading = facts_recall.read(NARRATIVES / f"{case}.txt")
    draft = draft_frame(review_facts(reading.facts, None))
    draft.to_csv(facts_path_for(document), index=False)
    loaded = load_facts(document)
    assert len(loaded) == len(reading.facts) and set(loaded["status"]) == {"draft"}
    assert loaded["source_end_line"].notna().sum() == reading.facts["source_end_line"].notna().sum()
    again = review_facts(reading.facts, loaded)
    assert again.disagreements.empty
    assert again.facts.drop(columns=["status"]).equals(reading.facts)


def test_scale_words_and_quotes_over_a_page_break_are_checked_against_the_text(tmp_path):
    document = tmp_path / "doc.txt"
    first = "Pada tahun 2021 Program Pelatihan Kerja mendapat pagu Rp 30,5 miliar dengan realisasi anggaran sebesar"
    document.write_text("\n".join([first, "", "II-7", "", "  Rp 27.900.000.000,00 atau 91,47%."]), encoding="utf-8")
    doc = read_source(document)
    at = first.index("realisasi")  # the quote's first piece runs to the end of line 1, its last from line 5's words
    assert quote_places(doc, "realisasi anggaran sebesar Rp 27.900.000.000,00", 1, 5) == [
        [(1, at, len(first)), (5, 2, 22)]]
    assert quote_places(doc, "realisasi anggaran sebesar Rp 27.900.000.000,00", 1, 3) == []
    base = {"subject": "2.07.03", "year": 2021, "period": "year", "source_end_line": "", "origin": "curated",
            "status": "confirmed", "note": ""}
    good = [{**base, "quantity": "budget", "value": "30500000000", "unit": "rupiah", "quote": "pagu Rp 30,5 miliar",
             "source_line": 1},
            {**base, "quantity": "spending", "value": "27900000000", "unit": "rupiah", "source_line": 1,
             "quote": "realisasi anggaran sebesar Rp 27.900.000.000,00", "source_end_line": 5}]
    _write_rows(facts_path_for(document), good)
    loaded = load_facts(document)
    assert loaded["value"].tolist() == [30_500_000_000, 27_900_000_000]
    assert loaded["source_end_line"].tolist()[1] == 5
    # the completeness check sees both lines of the quote covered
    from renja_lib.read.narrative_facts import unaccounted_numbers

    left = unaccounted_numbers(document, loaded, pd.DataFrame(columns=["source_line", "number", "reason"]),
                               spans=[(1, 5)])
    assert left == [(5, "91,47")]  # 30,5 and 27.900.000.000,00 are quoted; 2021 is a year as a date
    wrong = [{**good[1], "source_end_line": 3}]
    _write_rows(facts_path_for(document), wrong)
    with pytest.raises(RenjaError, match="does not stand from line 1 to line 3"):
        load_facts(document)


@pytest.mark.parametrize("change, expected", [
    ({"origin": "robot"}, "origin 'robot' is not one of auto, curated"),
    ({"status": "ok"}, "status 'ok' is not one of draft, confirmed, corrected, removed"),
    ({"origin": "curated", "status": "removed"}, "a row a person added (origin curated) can only be confirmed"),
    ({"source_end_line": "0"}, "source_end_line '0' is not a line of the document"),
    ({"source_end_line": "x"}, "source_end_line 'x' is not a line of the document"),
])
def test_a_bad_review_column_names_the_file_and_row(tmp_path, change, expected):
    document = tmp_path / "doc.txt"
    document.write_text("Pada tahun 2021 pagu Program sebesar Rp 1.000.000,00.\n", encoding="utf-8")
    row = {"quantity": "budget", "subject": "2.07.03", "year": 2021, "period": "year", "value": "1000000",
           "unit": "rupiah", "quote": "sebesar Rp 1.000.000,00", "source_line": 1, "source_end_line": "",
           "origin": "auto", "status": "draft", "note": ""}
    _write_rows(facts_path_for(document), [{**row, **change}])
    with pytest.raises(RenjaError) as info:
        load_facts(document)
    assert expected in str(info.value) and "doc.facts.csv:2" in str(info.value)


def test_a_file_written_before_the_review_is_all_curated_and_confirmed(tmp_path):
    document = tmp_path / "doc.txt"
    document.write_text("Pada tahun 2021 pagu Program sebesar Rp 1.000.000,00.\n", encoding="utf-8")
    columns = ("quantity", "subject", "year", "period", "value", "unit", "quote", "source_line", "note")
    _write_rows(facts_path_for(document), [{"quantity": "budget", "subject": "2.07.03", "year": 2021,
                                            "period": "year", "value": "1000000", "unit": "rupiah",
                                            "quote": "sebesar Rp 1.000.000,00", "source_line": 1, "note": ""}],
                columns)
    loaded = load_facts(document)
    assert loaded[["origin", "status"]].values.tolist() == [["curated", "confirmed"]]


# ---------------------------------------------------------------- confirm, correct, remove: a hand-made narrative

TEXT = [
    "2.1 Evaluasi Pelaksanaan Renja Tahun Lalu",
    "",
    "Pada tahun 2021 Program Pelatihan Kerja memperoleh pagu anggaran sebesar Rp 200.000.000,00 dengan realisasi",
    "anggaran sebesar Rp 150.000.000,00 atau 75,00%. Program Penempatan Tenaga Kerja mendapat pagu anggaran sebesar",
    "Rp 80.000.000,00 dan anggarannya terserap Rp 60.000.000,00.",
    "",
    "Secara keseluruhan Dinas pada tahun 2021 membelanjakan Rp 210.000.000,00 dari pagu Rp 280.000.000,00.",
    "",
    "Pelatihan tersebut diikuti 40 orang.",
]
SUBJECTS = pd.DataFrame({"code": ["2.07.03", "2.07.04"], "level": ["program", "program"],
                         "name": ["Program Pelatihan Kerja", "Program Penempatan Tenaga Kerja"]})


@pytest.fixture()
def hand_made(tmp_path):
    document = tmp_path / "hand.txt"
    document.write_text("\n".join(TEXT) + "\n", encoding="utf-8")
    auto = read_narrative(TEXT, SUBJECTS, plan_year=2023).facts
    return document, auto


def _row(auto: pd.DataFrame, quantity: str, subject: str, **change) -> dict:
    fact = auto[(auto["quantity"] == quantity) & (auto["subject"] == subject)].iloc[0]
    draft = draft_frame(review_facts(auto[auto.index == fact.name].reset_index(drop=True), None)).iloc[0].to_dict()
    return {**draft, **{k: str(v) for k, v in change.items()}}


def test_the_hand_made_narrative_is_read_as_written(hand_made):
    _, auto = hand_made
    got = {(q, s): v for q, s, v in auto[["quantity", "subject", "value"]].itertuples(index=False)}
    assert got == {("budget", "2.07.03"): 2e8, ("spending", "2.07.03"): 1.5e8, ("absorption_stated", "2.07.03"): 75.0,
                   ("budget", "2.07.04"): 8e7, ("spending", "2.07.04"): 6e7,
                   ("total_spending", "office"): 2.1e8, ("total_budget", "office"): 2.8e8}
    assert auto["source_end_line"].notna().sum() == 2  # two quotes run over a line wrap


def test_confirm_correct_remove_and_add(hand_made):
    document, auto = hand_made
    added = {"quantity": "trainees", "subject": "2.07.03", "year": "2021", "period": "year", "value": "40",
             "unit": "orang", "quote": "diikuti 40 orang", "source_line": "9", "source_end_line": "",
             "origin": "curated", "status": "confirmed", "note": "the reader leaves it unresolved"}
    rows = [
        _row(auto, "budget", "2.07.03", status="confirmed", note="checked against the DPA"),
        _row(auto, "spending", "2.07.03", status="corrected", year="2022"),  # the same figure, another year
        _row(auto, "absorption_stated", "2.07.03", status="removed"),
        added,
        _row(auto, "budget", "2.07.04", status="draft"),
    ]
    _write_rows(facts_path_for(document), rows)
    curated = load_facts(document)
    review = review_facts(auto, curated, file_rows=curated.attrs["file_rows"])
    status = {(q, s, int(y)): (st, o) for q, s, y, st, o in review.facts[
        ["quantity", "subject", "year", "status", "origin"]].itertuples(index=False)}
    assert status[("budget", "2.07.03", 2021)] == ("confirmed", "auto")
    assert status[("spending", "2.07.03", 2022)] == ("corrected", "auto")
    assert ("spending", "2.07.03", 2021) not in status  # replaced by its correction
    assert status[("absorption_stated", "2.07.03", 2021)] == ("removed", "auto")
    assert status[("trainees", "2.07.03", 2021)] == ("confirmed", "curated")
    assert status[("budget", "2.07.04", 2021)] == ("draft", "auto")
    assert status[("total_budget", "office", 2021)] == ("draft", "auto")  # not in the file: the reader's fact stands
    assert len(review.facts) == len(auto) + 1
    in_force = review.in_force
    assert len(in_force) == len(auto) and "removed" not in set(in_force["status"])
    note = in_force[(in_force["quantity"] == "budget") & (in_force["subject"] == "2.07.03")]["note"].tolist()
    assert note == ["checked against the DPA"]
    assert review.facts["source_line"].is_monotonic_increasing  # in the document's order
    kinds = review.disagreements[["kind", "file_row"]].values.tolist()
    assert kinds == [["key", 3], ["removed", 4], ["missed", 5]]
    key = review.disagreements.iloc[0]
    assert (key["auto"], key["curated"]) == ("spending 2.07.03 2021 year = 150000000",
                                             "spending 2.07.03 2022 year = 150000000")
    assert "read automatically as spending 2.07.03 2021 year" in key["message"]


@pytest.mark.parametrize("status, change, want, value, kinds", [
    ("confirmed", {}, "confirmed", 1.5e8, []),
    ("draft", {}, "draft", 1.5e8, []),
    ("removed", {}, "removed", 1.5e8, ["removed"]),
    # a wider quote and a note: the same figure, corrected in its words only
    ("corrected", {"quote": "realisasi anggaran sebesar Rp 150.000.000,00 atau 75,00%", "note": "as in the DPA"},
     "corrected", 1.5e8, []),
    # the same key given the other number of a wider quote: the two disagree on the value
    ("confirmed", {"quote": "realisasi anggaran sebesar Rp 150.000.000,00 atau 75,00%", "value": "75"},
     "confirmed", 75.0, ["value"]),
    # a draft row whose value is no longer what the reader reads: listed, the reader's value stands
    ("draft", {"quote": "realisasi anggaran sebesar Rp 150.000.000,00 atau 75,00%", "value": "75"},
     "draft", 1.5e8, ["value"]),
])
def test_each_status_acts_as_documented(hand_made, status, change, want, value, kinds):
    document, auto = hand_made
    _write_rows(facts_path_for(document), [{**_row(auto, "spending", "2.07.03"), "status": status, **change}])
    review = review_facts(auto, load_facts(document))
    fact = review.facts[(review.facts["quantity"] == "spending") & (review.facts["subject"] == "2.07.03")]
    assert fact["status"].tolist() == [want] and fact["value"].tolist() == [value]
    assert review.disagreements["kind"].tolist() == kinds
    assert len(review.facts) == len(auto)
    assert len(review.in_force) == len(auto) - (want == "removed")


def test_a_corrected_value_replaces_the_reading_and_is_listed(hand_made):
    document, auto = hand_made
    row = {**_row(auto, "absorption_stated", "2.07.03"), "status": "corrected", "value": "75",
           "note": "75,00 % as written"}
    confirmed_other = {**_row(auto, "spending", "2.07.04"), "status": "confirmed", "value": "60000000"}
    _write_rows(facts_path_for(document), [row, confirmed_other])
    review = review_facts(auto, load_facts(document))
    assert review.disagreements.empty  # a correction that keeps key and value disagrees on nothing
    fact = review.in_force[review.in_force["quantity"] == "absorption_stated"].iloc[0]
    assert (fact["status"], fact["note"], fact["origin"]) == ("corrected", "75,00 % as written", "auto")


def test_a_stale_row_is_listed_and_not_used(hand_made):
    document, auto = hand_made
    row = {**_row(auto, "budget", "2.07.04"), "status": "removed"}
    _write_rows(facts_path_for(document), [row])
    fewer = auto[~((auto["quantity"] == "budget") & (auto["subject"] == "2.07.04"))].reset_index(drop=True)
    review = review_facts(fewer, load_facts(document))  # the reader no longer reads that figure
    assert review.disagreements["kind"].tolist() == ["stale"]
    assert len(review.facts) == len(fewer) and set(review.facts["status"]) == {"draft"}


def test_the_same_figure_stated_twice_is_two_facts():
    text = ["Pada tahun 2021 pagu Dinas sebesar Rp 5.000.000,00.", "",
            "Sekali lagi, pada tahun 2021 pagu Dinas sebesar Rp 5.000.000,00."]
    auto = read_narrative(text, SUBJECTS, plan_year=2023).facts
    assert len(auto) == 2
    confirm_first = draft_frame(review_facts(auto.iloc[:1].reset_index(drop=True), None)).assign(status="confirmed")
    loaded_like = confirm_first.assign(value=[5e6], source_end_line=[pd.NA]).astype({"source_end_line": "Int64"})
    review = review_facts(auto, loaded_like)
    assert review.facts["status"].tolist() == ["confirmed", "draft"]


# ---------------------------------------------------------------- a review changes the analyses

def test_a_removed_absorption_leaves_its_row_without_a_figure(tmp_path):
    document = tmp_path / "renja.txt"
    shutil.copyfile(DEFAULT_SOURCE, document)
    rows = pd.read_csv(facts_path_for(DEFAULT_SOURCE), dtype=str, keep_default_na=False)
    target = (rows["quantity"] == "absorption_stated") & (rows["subject"] == "2.07.03") & (rows["year"] == "2021")
    assert target.sum() == 1
    rows.loc[target, "status"] = "removed"
    rows.to_csv(facts_path_for(document), index=False)
    doc = load(document)
    absorption = budget.absorption(doc).set_index(["subject", "year", "period"])
    assert math.isnan(absorption.loc[("2.07.03", 2021, "year"), "absorption_stated"])
    assert doc.fact_review.disagreements["kind"].tolist().count("removed") == 1


# ---------------------------------------------------------------- renja facts

def test_renja_facts_writes_a_draft_and_never_overwrites_a_reviewed_file(tmp_path, capsys):
    document = tmp_path / "renja.txt"
    shutil.copyfile(DEFAULT_SOURCE, document)
    out = tmp_path / "out" / "renja.facts.draft.csv"
    assert main(["facts", str(document), "--out", str(out), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    draft = pd.read_csv(out, dtype=str, keep_default_na=False)
    unresolved = pd.read_csv(out.with_name("renja.facts.draft.unresolved.csv"))
    assert list(draft.columns) == list(DRAFT_COLUMNS)
    assert set(draft["origin"]) == {"auto"} and set(draft["status"]) == {"draft"}
    assert len(draft) == len(load(document).narrative.facts) and len(unresolved) > 0
    assert f"{len(draft)} facts read automatically" in said and "no facts file" in said
    assert f"{len(unresolved)} figures could not be tied" in said
    # saved beside the document, the draft is a valid facts file that changes nothing
    shutil.copyfile(out, facts_path_for(document))
    reviewed = load(document)
    assert reviewed.fact_review.disagreements.empty and set(reviewed.facts["status"]) == {"draft"}
    # run again: the tool's own unchanged file is replaced
    assert main(["facts", str(document), "--out", str(out)]) == 0
    assert "berkas fakta" in capsys.readouterr().out
    # the analyst edits the draft where it is: the next run refuses to overwrite it
    edited = out.read_text(encoding="utf-8").replace(",auto,draft,", ",auto,confirmed,", 1)
    out.write_text(edited, encoding="utf-8")
    assert main(["facts", str(document), "--out", str(out), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert str(out) in err and "renja: error:" in err and "Traceback" not in err
    assert out.read_text(encoding="utf-8") == edited
    manifest = json.loads((out.parent / ".renja-outputs.json").read_text(encoding="utf-8"))
    assert manifest["files"][out.name]["command"] == "facts"


def test_renja_facts_refuses_to_write_over_the_document_s_own_facts_file(tmp_path, capsys):
    document = tmp_path / "renja.txt"
    shutil.copyfile(DEFAULT_SOURCE, document)
    shutil.copyfile(facts_path_for(DEFAULT_SOURCE), facts_path_for(document))
    before = facts_path_for(document).read_bytes()
    assert main(["facts", str(document), "--out", str(facts_path_for(document))]) == 2
    assert "renja.facts.csv" in capsys.readouterr().err
    assert facts_path_for(document).read_bytes() == before


@pytest.mark.parametrize("out", ["", "   "])
def test_renja_facts_out_must_name_a_file(tmp_path, capsys, out):
    assert main(["facts", "--out", out, "--lang", "en"]) == 2
    assert "names no file" in capsys.readouterr().err


def test_renja_facts_out_that_is_a_folder_is_refused(tmp_path, capsys):
    assert main(["facts", "--out", str(tmp_path)]) == 2
    assert "tidak menyebut berkas" in capsys.readouterr().err


def test_renja_facts_lists_the_disagreements_of_a_review(tmp_path, capsys):
    document = tmp_path / "renja.txt"
    shutil.copyfile(DEFAULT_SOURCE, document)
    shutil.copyfile(facts_path_for(DEFAULT_SOURCE), facts_path_for(document))
    assert main(["facts", str(document), "--out", str(tmp_path / "d.csv"), "--lang", "en"]) == 0
    said = capsys.readouterr().out
    missed = load(document).fact_review.disagreements
    assert f"{len(missed)} disagreements between the facts file and the automatic reading" in said
    assert "is in the facts file but was not read automatically" in said
    n = len(load_facts(DEFAULT_SOURCE))
    assert f"{n} rows): {n} confirmed, 0 corrected, 0 removed, 0 not reviewed yet" in said
