"""Control characters in a document, end to end: `renja extract` and `renja audit` finish, list, never crash.

The loader's rules are tested in test_read_robustness.py and the workbook's in
test_outputs_safety.py; here the whole command runs on the real document with
each control character the adversarial round used (a form feed as pdftotext
writes it, a vertical tab, SOH, ESC, and NUL after the first 8 KB).
"""
import openpyxl
import pandas as pd
import pytest

from renja_lib.cli import main

LINE = 965  # Tabel 4.1, programme 2.07.01: name, indicator, budget 3.456.509.470
NAME = "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"


@pytest.mark.parametrize("char", ["\f", "\v", "\x01", "\x1b", "\x00"])
def test_a_control_character_in_a_table_line_is_kept_or_listed_end_to_end(tmp_path, capsys, raw_text, replace_line,
                                                                       char):
    text = replace_line(raw_text, LINE, NAME, NAME[:8] + char + NAME[8:])
    text = replace_line(text, LINE, "3.456.509.470", "3.456." + char + "509.470")
    assert text.find(char) > 8192  # past the part of the file the binary check reads
    path = tmp_path / "renja.txt"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"

    assert main(["extract", str(path), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert "Traceback" not in printed.err
    problems = pd.read_csv(out / "problems.csv")
    if char == "\f":  # a page break inside a cell is a space: the number is unreadable either way
        assert problems["line"].tolist() == [LINE]
    else:
        assert problems["line"].tolist() == [LINE] and f"U+{ord(char):04X}" in problems["message"][0]
    budget = pd.read_csv(out / "plan_budget.csv", dtype={"code": str})
    row = budget[(budget["code"] == "2.07.01") & (budget["year"] == 2023)].iloc[0]
    assert pd.isna(row["budget"])  # never guessed
    sheet = openpyxl.load_workbook(out / "tables.xlsx", read_only=True)["plan_budget"]
    names = {c.value for r in sheet.iter_rows(min_row=2) for c in r if isinstance(c.value, str)}
    if char != "\f":
        assert any(f"_x{ord(char):04X}_" in n for n in names)  # Excel's escaped form, not the raw character

    assert main(["audit", str(path), "--out", str(out)]) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert (out / "findings.csv").exists()
