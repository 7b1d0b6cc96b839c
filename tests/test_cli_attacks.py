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
from renja_lib.config import DEFAULT_SOURCE

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


# ---------------------------------------------------------------- files that are not files

@pytest.fixture()
def alarm():
    """Fail, rather than hang, if reading a pipe ever blocks again."""
    import signal

    def stuck(signum, frame):
        raise AssertionError("blocked reading a pipe or a device")

    previous = signal.signal(signal.SIGALRM, stuck)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _reader(kind):
    import renja_lib
    from renja_lib.analyse import budget
    from renja_lib.read import narrative_facts
    from renja_lib.analyse import labour

    return {
        "document": lambda p: renja_lib.load(p),
        "facts": lambda p: narrative_facts.load_facts(DEFAULT_SOURCE, p),
        "spending": lambda p: budget.read_spending(p),
        "spending.xlsx": lambda p: budget.read_spending(p),
        "indicators": lambda p: labour.series(renja_lib.load(), extra=p),
    }[kind]


@pytest.mark.parametrize("kind", ["document", "facts", "spending", "spending.xlsx", "indicators"])
@pytest.mark.parametrize("what", ["pipe", "device", "folder"])
def test_a_pipe_a_device_or_a_folder_is_one_message_never_a_hang(tmp_path, alarm, kind, what):
    import os

    from renja_lib import RenjaError

    name = tmp_path / ("input.xlsx" if kind.endswith(".xlsx") else "input.csv")
    if what == "pipe":
        os.mkfifo(name)
    elif what == "device":
        name = "/dev/zero"
    else:
        name.mkdir()
    with pytest.raises(RenjaError) as err:
        _reader(kind)(name)
    assert str(name) in str(err.value)
    assert ("regular file" in str(err.value)) if what != "folder" else ("folder" in str(err.value))


def test_a_file_larger_than_any_renja_is_refused_unread(tmp_path, monkeypatch):
    from renja_lib import RenjaError, load
    from renja_lib.read import source

    path = tmp_path / "renja.txt"
    path.write_bytes(b"a" * 5000)
    monkeypatch.setattr(source, "MAX_SOURCE_BYTES", 4096)
    with pytest.raises(RenjaError, match="is this the right file"):
        load(path)


def test_a_small_file_is_read_without_allocating_the_size_bound(tmp_path):
    """The bound refuses huge files; it must not cost its size in memory for every small one."""
    import tracemalloc

    from renja_lib.read.source import MAX_SOURCE_BYTES, read_file_bytes

    path = tmp_path / "small.txt"
    path.write_bytes(b"x" * 1000)
    tracemalloc.start()
    try:
        data = read_file_bytes(path, what="a file", limit=MAX_SOURCE_BYTES)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == b"x" * 1000 and peak < 1 << 20  # well under 1 MiB, the bound is 256 MiB
