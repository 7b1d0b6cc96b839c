"""Bad input: one clear message naming the file, a non-zero exit, never a traceback."""
import re

import pandas as pd
import pytest

from renja_lib import RenjaError, load
from renja_lib.cli import main
from renja_lib.read.source import read_source


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("content, expected", [
    (None, "file not found"),
    (b"", "the file is empty"),
    (b"\n  \n", "the file is empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary file of an unknown kind (expected the Renja "
                                                                   "as a PDF, a Word .docx, or text"),
    ("Sebuah laporan tanpa tabel.\nHanya paragraf.\n".encode(), "no Renja tables found"),
    ("Tabel 9.9\nSesuatu yang lain\n\nA\tB\tC\n1\t2\t3\n".encode(), "no Renja tables found"),
    # told by the first bytes, whatever the name: an old Word .doc (OLE), which a password-protected .docx is too
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512), "old Office document (.doc) or a password-protected"),
    (b"{\\rtf1\\ansi Renja 2023 \\par}", "RTF document; save it as .docx, or print it to PDF"),
])
def test_bad_files_get_one_clear_message(tmp_path, capsys, content, expected):
    path = tmp_path / "input.txt"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(RenjaError) as err:
        load(path)
    assert str(path) in str(err.value) and expected in str(err.value)
    code, out, stderr = run_cli(capsys, "extract", str(path), "--out", str(tmp_path / "out"), "--lang", "en")
    assert code == 2
    assert stderr.count("\n") == 1 and stderr.startswith("renja: error: ") and expected in stderr
    assert "Traceback" not in stderr
    assert not (tmp_path / "out" / "plan_budget.csv").exists()


def test_a_folder_is_refused(tmp_path):
    with pytest.raises(RenjaError, match="folder"):
        load(tmp_path)


def test_other_encoding_is_decoded_by_the_declared_fallback(doc_copy, doc):
    path = doc_copy(encoding="cp1252", text=doc.source.path.read_text(encoding="utf-8").replace("√", "x"))
    src = read_source(path)
    assert src.encoding == "cp1252"
    again = load(path)
    assert len(again.plan_budget) == len(doc.plan_budget)


def test_undecodable_text_is_refused_when_no_fallback(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("baris pertama\nPerencanaan \xe9\n".encode("latin-1"))
    with pytest.raises(RenjaError) as err:
        read_source(path, fallback=None)
    assert "not valid UTF-8" in str(err.value) and ":2:" in str(err.value)


def test_crlf_and_bom_copy_reads_the_same(doc_copy, doc):
    path = doc_copy(newline="\r\n", bom=True)
    other = load(path)
    assert other.source.had_bom and other.source.line_ending == "\r\n"
    for name, frame in doc.tables.items():
        pd.testing.assert_frame_equal(other.tables[name], frame, check_exact=True)
    assert other.problems.empty


def test_copy_with_years_shifted_by_one_reads_the_next_years(doc_copy, doc):
    path = doc_copy(lambda t: re.sub(r"\b(20[12]\d)\b", lambda m: str(int(m.group(1)) + 1), t))
    shifted = load(path)
    assert shifted.years == {"plan": 2024, "forward": 2025}
    assert set(shifted.plan_targets["year"]) == {2024, 2025}
    assert set(shifted.evaluation["year"]) == {y + 1 for y in doc.evaluation["year"]}
    assert set(shifted.service_indicators["year"]) == {2022, 2023, 2024, 2025}
    total_2024 = shifted.plan_budget.query("year == 2024 and level == 'program'")["budget"].sum()
    assert int(total_2024) == 5_168_369_010
    assert len(shifted.evaluation) == len(doc.evaluation)


def test_garbled_cell_is_a_problem_and_stays_missing(doc_copy, capsys, tmp_path, replace_line):
    path = doc_copy(lambda t: replace_line(t, 965, "3.456.509.470", "3.456.5O9.470"))
    garbled = load(path)
    budget = garbled.plan_budget.query("code == '2.07.01' and year == 2023").iloc[0]
    assert pd.isna(budget["budget"])  # never guessed, never 0
    assert budget["budget_raw"] == "3.456.5O9.470"
    assert len(garbled.problems) == 1
    p = garbled.problems.iloc[0]
    assert (p["file"], p["line"], p["table"], p["raw"]) == (str(path), 965, "Tabel 4.1", "3.456.5O9.470")
    assert "Kebutuhan Dana" in p["column"] and "2023" in p["column"]
    # the command reports it; --strict turns it into exit status 1
    code, out, err = run_cli(capsys, "extract", str(path), "--out", str(tmp_path / "a"))
    assert code == 0 and err.startswith("1 masalah:\n") and f"{path}:965" in err
    code, out, err = run_cli(capsys, "extract", str(path), "--out", str(tmp_path / "a"), "--lang", "en")
    assert code == 0 and err.startswith("1 problem:\n") and f"{path}:965: Table 4.1 row 1 [" in err
    code, out, err = run_cli(capsys, "extract", str(path), "--out", str(tmp_path / "b"), "--strict")
    assert code == 1
    problems = pd.read_csv(tmp_path / "b" / "problems.csv")
    assert problems.loc[0, "line"] == 965


def test_document_cut_off_inside_a_table(doc_copy, doc, raw_text):
    lines = raw_text.split("\n")
    path = doc_copy(text="\n".join(lines[:999]) + "\n")
    cut = load(path)
    for name in ("evaluation", "service_indicators", "proposals"):
        pd.testing.assert_frame_equal(cut.tables[name], doc.tables[name])
    # Tabel 2.3 is whole; only its links to the codes of the cut Tabel 4.1 can be fewer
    rk_cols = [c for c in doc.rkpd_review.columns if c not in ("code", "code_match")]
    pd.testing.assert_frame_equal(cut.rkpd_review[rk_cols], doc.rkpd_review[rk_cols])
    assert len(cut.problems) == 1
    p = cut.problems.iloc[0]
    assert p["table"] == "Tabel 4.1" and p["line"] == 999
    assert "ended early" in p["message"] and "last line 999" in p["message"]


def test_document_cut_off_mid_row(doc_copy, raw_text):
    lines = raw_text.split("\n")
    assert lines[998].startswith("2 07 01 2.09 01\t")
    lines[998] = lines[998][:60]
    path = doc_copy(text="\n".join(lines[:999]))
    cut = load(path)
    messages = " ".join(cut.problems["message"])
    assert "ended early" in messages and "cut off" in messages
    assert set(cut.problems["line"]) == {999}
    row = cut.plan_budget.query("code == '2.07.01.2.09.01'")
    assert row["budget"].isna().all()


def test_unrecognised_line_inside_a_table_is_a_problem(doc_copy, replace_line):
    # a data row whose code is unreadable
    path = doc_copy(lambda t: replace_line(t, 966, "2 07 01 2.01", "2 07 X1 2.01"))
    bad = load(path)
    assert list(bad.problems["line"]) == [966]
    assert "programme code" in bad.problems.iloc[0]["message"]
