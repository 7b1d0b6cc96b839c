"""Reading a hostile or careless document: a value, a listed problem or one RenjaError, never a traceback.

Issue 11. Every changed cell is a cell of the real document, so that the rules
are tested where they matter: the budget of Tabel 4.1, a value of Tabel 2.1, of
Tabel 2.2, a budget of Tabel 2.3 (in Rp.000).
"""
from __future__ import annotations

import errno
import os
import unicodedata
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja_lib import RenjaError, load
from renja_lib.read import source
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import EnvironmentFault, InternalError
from renja_lib.read.find_tables import CELL_SPACE, split_cells
from renja_lib.parse.numbers import NumberParseError, parse_number, parse_quantity, parse_rupiah

RAW = DEFAULT_SOURCE.read_text(encoding="utf-8")
LINES = RAW.split("\n")

# (line, cell text, table, how the value is found in the loaded document)
BUDGET_41 = (965, "3.456.509.470", "Tabel 4.1")
VALUE_21 = (430, "7 dokumen", "Tabel 2.1")
VALUE_22 = (655, "6,20%", "Tabel 2.2")
BUDGET_23 = (744, "3.431.509", "Tabel 2.3")
HEADER_41 = 962

_SETTINGS = settings(max_examples=40, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _changed(line: int, old: str, new: str) -> str:
    lines = list(LINES)
    assert old in lines[line - 1], f"{old!r} not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def _write(tmp_path: Path, text: str | None = None, *, data: bytes | None = None, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data if data is not None else text.encode("utf-8"))
    return path


def _value_of(doc, line: int, table: str):
    """The value read from the changed cell (the one cell of the line under test)."""
    if table == "Tabel 4.1":
        rows = doc.plan_budget.query("source_line == @line and year == 2023")
        return rows.iloc[0]["budget"]
    if table == "Tabel 2.3":
        rows = doc.rkpd_review.query("source_line == @line and stage == 'draft'")
        return rows.iloc[0]["budget"]
    if table == "Tabel 2.1":
        rows = doc.evaluation.query("source_line == @line and measure == 'target' and year == 2021")
        return rows.iloc[0]["value"]
    rows = doc.service_indicators.query("source_line == @line and measure == 'target' and year == 2022")
    return rows.iloc[0]["value"]


def _problems_at(doc, line: int, table: str) -> pd.DataFrame:
    p = doc.problems
    return p[(p["line"] == line) & (p["table"] == table)]


def test_the_real_document_still_reads_without_problems(doc):
    assert doc.problems.empty
    assert doc.source.pages == () and doc.source.page(1) is None
    assert _value_of(doc, *BUDGET_41[::2]) == 3_456_509_470
    assert _value_of(doc, *VALUE_21[::2]) == 7.0
    assert _value_of(doc, *VALUE_22[::2]) == 6.2
    assert _value_of(doc, *BUDGET_23[::2]) == 3_431_509_000


# ---------------------------------------------------------------- control characters

_CONTROLS = [chr(c) for c in range(0x20) if chr(c) not in "\t\n\r"] + \
            [chr(c) for c in range(0x7F, 0xA0)] + ["\u2028", "\u2029"]
_NOT_FORM_FEED = [c for c in _CONTROLS if c != "\f"]


@_SETTINGS
@given(cell=st.sampled_from([BUDGET_41, VALUE_21, VALUE_22, BUDGET_23]),
       control=st.sampled_from(_NOT_FORM_FEED), where=st.integers(min_value=0, max_value=40))
def test_a_control_character_in_a_number_cell_is_a_listed_problem(tmp_path_factory, cell, control, where):
    line, text, table = cell
    at = where % (len(text) + 1)
    bad = text[:at] + control + text[at:]
    path = _write(tmp_path_factory.mktemp("cc"), _changed(line, text, bad))
    doc = load(path)
    value = _value_of(doc, line, table)
    assert pd.isna(value)  # never guessed
    found = _problems_at(doc, line, table)
    assert len(found) == 1, found
    assert found.iloc[0]["raw"] == bad and found.iloc[0]["file"] == str(path)
    assert f"U+{ord(control):04X}" in found.iloc[0]["message"]
    assert len(doc.problems) == 1
    assert len(doc.source.lines) == len(LINES)  # no control character ends a line


@_SETTINGS
@given(control=st.sampled_from(_NOT_FORM_FEED), where=st.integers(min_value=0, max_value=60))
def test_a_control_character_in_a_text_cell_is_kept_as_written(tmp_path_factory, control, where):
    line, name = 965, "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"
    at = where % (len(name) + 1)
    bad = name[:at] + control + name[at:]
    path = _write(tmp_path_factory.mktemp("cct"), _changed(line, name, bad))
    doc = load(path, validate=True)
    row = doc.plan_budget.query("source_line == @line and year == 2023").iloc[0]
    assert row["name"] == bad  # faithful, nothing stripped
    assert row["budget"] == 3_456_509_470
    assert doc.problems.empty
    assert doc.source.line(line).count("\t") == LINES[line - 1].count("\t")
    assert len(doc.source.lines) == len(LINES)


def test_lines_end_only_where_an_editor_ends_them(tmp_path):
    # \v \f \x1c-\x1e \x85 U+2028 U+2029 split lines for str.splitlines(); not for grep -n
    separators = "\v\x1c\x1d\x1e\x85\u2028\u2029"
    text = _changed(400, LINES[399], LINES[399] + separators.join("abcdefgh"))
    doc = load(_write(tmp_path, text))
    assert len(doc.source.lines) == len(LINES)
    assert doc.source.line(400).endswith(separators.join("abcdefgh"))
    assert doc.source.line(965) == LINES[964]


def test_a_form_feed_is_a_page_break_and_pages_are_counted(tmp_path, doc):
    lines = list(LINES)
    lines[9] = "\f" + lines[9]            # page 2 starts at line 10 (as pdftotext writes it)
    lines[600] = "\f\f" + lines[600]       # an empty page 3: line 601 is on page 4
    lines[963] = lines[963] + "\f"         # page 5 starts at line 965
    lines[964] = lines[964].replace("3.456.509.470", "3.456.509.470\f")  # page 6 from line 966
    path = _write(tmp_path, "\n".join(lines))
    again = load(path, validate=True)
    assert again.problems.empty
    for name, frame in doc.tables.items():  # the same values; only the pages of the locators are new
        pd.testing.assert_frame_equal(again.tables[name].drop(columns="source_page"),
                                      frame.drop(columns="source_page"))
    pages = again.tables["plan_budget"].set_index("source_line")["source_page"]
    assert (pages.loc[965] == 5).all() and (pages.loc[966] == 6).all()
    src = again.source
    assert "\f" not in "".join(src.lines)
    assert [src.page(n) for n in (1, 9, 10, 601, 964, 965, 966, len(LINES))] == [1, 1, 2, 4, 4, 5, 6, 6]
    assert len(src.pages) == len(src.lines) == len(LINES)


def test_a_form_feed_inside_a_cell_never_glues_two_numbers(tmp_path):
    path = _write(tmp_path, _changed(*BUDGET_41[:2], "3.456\f509.470"))
    doc = load(path)
    assert pd.isna(_value_of(doc, BUDGET_41[0], "Tabel 4.1"))
    assert _problems_at(doc, BUDGET_41[0], "Tabel 4.1").iloc[0]["raw"] == "3.456 509.470"


def test_cells_are_stripped_of_spaces_only():
    assert set(CELL_SPACE) == {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) == "Zs"}
    assert split_cells(" a\u00a0\t\vb\x1c\t c ") == ["a", "\vb\x1c", "c"]


def test_a_control_character_alone_in_a_cell_is_not_an_empty_cell():
    for control in "\v\x1c\x85\u2028":
        with pytest.raises(NumberParseError):
            parse_rupiah(control)
        with pytest.raises(NumberParseError):
            parse_quantity(control)
        with pytest.raises(NumberParseError):
            parse_number("12" + control)


def test_nul_after_the_first_8_kb_is_kept_in_text_and_refused_in_a_number(tmp_path):
    text = _changed(965, "Program Penunjang", "Program\x00 Penunjang")
    text = _changed_text(text, 966, "28.896.900", "28.896\x00900")
    doc = load(_write(tmp_path, text))
    assert doc.plan_budget.query("source_line == 965").iloc[0]["name"].startswith("Program\x00 ")
    assert list(doc.problems["line"]) == [966]


def _changed_text(text: str, line: int, old: str, new: str) -> str:
    lines = text.split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "\n".join(lines)


def test_a_control_character_in_a_code_is_not_read_as_a_code(tmp_path):
    doc = load(_write(tmp_path, _changed(965, "2 07 01\t", "2\x1c07 01\t")))
    found = _problems_at(doc, 965, "Tabel 4.1")
    assert list(found["raw"]) == ["2\x1c07 01"] and "programme code" in found.iloc[0]["message"]
    assert "2.07.01" not in set(doc.plan_budget["code"])


# ---------------------------------------------------------------- numbers

def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@_SETTINGS
@given(cell=st.sampled_from([BUDGET_41, VALUE_21, VALUE_22, BUDGET_23]),
       n=st.one_of(st.integers(min_value=-(10**30 - 1), max_value=10**30 - 1),
                   st.integers(min_value=2**63 - 3, max_value=2**63 + 3),
                   st.integers(min_value=2**53 - 3, max_value=2**53 + 3)),
       grouped=st.booleans())
def test_any_integer_of_up_to_30_digits_is_a_value_or_a_listed_problem(tmp_path_factory, cell, n, grouped):
    line, text, table = cell
    written = _grouped(n) if grouped else str(n)
    unit = {"Tabel 2.1": " dokumen", "Tabel 2.2": "%"}.get(table, "")
    new = written + unit
    path = _write(tmp_path_factory.mktemp("n"), _changed(line, text, new))
    doc = load(path, validate=True)
    value = _value_of(doc, line, table)
    found = _problems_at(doc, line, table)
    if table in ("Tabel 4.1", "Tabel 2.3"):
        amount = n * (1000 if table == "Tabel 2.3" else 1)
        # a budget is never negative, and a 64-bit column holds less than 2**63
        if 0 <= amount < 2**63:
            assert found.empty, found
            assert value == amount
        else:
            assert pd.isna(value)
            assert len(found) == 1 and found.iloc[0]["raw"] == new
    else:
        # a float column: read when the float gives the number back as written
        if Decimal(repr(float(n))) == n:
            assert found.empty, found
            assert value == float(n)
        else:
            assert pd.isna(value)
            assert len(found) == 1 and found.iloc[0]["raw"] == new
    assert len(doc.problems) == len(found)


def test_a_negative_budget_is_a_listed_problem_with_its_text(tmp_path):
    for table_cell in (BUDGET_41, BUDGET_23):
        line, text, table = table_cell
        path = _write(tmp_path, _changed(line, text, "-5.000.000"))
        doc = load(path, validate=True)  # no pandera SchemaErrors
        assert pd.isna(_value_of(doc, line, table))
        found = _problems_at(doc, line, table)
        assert len(found) == 1 and found.iloc[0]["raw"] == "-5.000.000"
        assert "negative" in found.iloc[0]["message"]


def test_an_amount_of_2_to_the_63_is_a_listed_problem(tmp_path):
    path = _write(tmp_path, _changed(*BUDGET_41[:2], str(2**63)))
    doc = load(path, validate=True)
    found = _problems_at(doc, 965, "Tabel 4.1")
    assert len(found) == 1 and "at most 9.223.372.036.854.775.807" in found.iloc[0]["message"]
    path = _write(tmp_path, _changed(*BUDGET_41[:2], str(2**63 - 1)))
    assert _value_of(load(path, validate=True), 965, "Tabel 4.1") == 2**63 - 1


def test_a_very_long_number_is_a_listed_problem(tmp_path):
    doc = load(_write(tmp_path, _changed(*BUDGET_41[:2], "9" * 100_000)))
    found = _problems_at(doc, 965, "Tabel 4.1")
    assert len(found) == 1 and len(found.iloc[0]["raw"]) == 100_000


def test_a_quantity_with_more_digits_than_a_float_keeps_is_a_problem():
    with pytest.raises(NumberParseError, match="15 significant digits"):
        parse_quantity("12345678901234567 orang")
    assert parse_quantity("100.000.000.000.000.000.000.000.000.000 orang").value == 1e29


# ---------------------------------------------------------------- header years

@pytest.mark.parametrize("old, new, expected", [
    ("Rencana Tahun 2023", "Rencana Tahun 3023", "'3023'"),
    ("Rencana Tahun 2023", "Rencana Tahun 1023", "'1023'"),
    ("Rencana Tahun 2023", "Rencana Tahun 20233", "'20233'"),
    ("Rencana Tahun 2023", "Rencana Tahun 203", "'203'"),
    ("Rencana Tahun 2023", "Rencana Tahun 2O23", "'2O23'"),
    ("Prakiraan Maju Rencana Tahun 2024", "Prakiraan Maju Rencana Tahun 2924", "'2924'"),
])
def test_an_implausible_year_in_a_header_is_one_error_naming_file_and_line(tmp_path, old, new, expected):
    path = _write(tmp_path, _changed(HEADER_41, old, new))
    with pytest.raises(RenjaError) as err:
        load(path)
    assert type(err.value) is RenjaError
    assert err.value.path == str(path) and err.value.line == HEADER_41
    assert expected in str(err.value) and "1945 and 2100" in str(err.value)


@pytest.mark.parametrize("old, new, found", [
    ("Prakiraan Maju Rencana Tahun 2024", "Prakiraan Maju Rencana Tahun 2023", "2023 over the forward"),
    ("Prakiraan Maju Rencana Tahun 2024", "Prakiraan Maju Rencana Tahun 2022", "2022 over the forward"),
    ("Rencana Tahun 2023\t", "Rencana Tahun 2025\t", "2025 over the plan"),
    ("Rencana Tahun 2023\t", "Rencana\t", "no year for the column"),
])
def test_a_year_that_does_not_follow_the_layout_is_one_error(tmp_path, old, new, found):
    path = _write(tmp_path, _changed(HEADER_41, old, new))
    with pytest.raises(RenjaError) as err:
        load(path)
    assert err.value.line == HEADER_41 and found in str(err.value)
    if "no year" not in found:
        assert "expected 2023 for the plan columns and 2024 for the forward estimate" in str(err.value)


def test_an_implausible_year_in_another_table_is_one_error(tmp_path):
    path = _write(tmp_path, _changed(653, "Tahun 2022\tTahun 2023", "Tahun 2022\tTahun 3023"))
    with pytest.raises(RenjaError, match=r"Tabel 2\.2.*'3023'") as err:
        load(path)
    assert err.value.line == 653


def test_a_changed_header_repeated_at_a_page_break_is_a_problem_not_rows(tmp_path, doc):
    assert LINES[972].startswith("Kode\t")
    path = _write(tmp_path, _changed(973, "Rencana Tahun 2023", "Rencana Tahun 3023"))
    again = load(path, validate=True)
    assert list(again.problems["line"]) == [973]
    assert "differs from the header at line 962" in again.problems.iloc[0]["message"]
    pd.testing.assert_frame_equal(again.plan_budget, doc.plan_budget)


def test_no_assert_statement_validates_input():
    import renja_lib

    root = Path(renja_lib.__file__).parent
    for path in sorted([*(root / "read").glob("*.py"), *(root / "parse").glob("*.py")]):
        name, text = path.name, path.read_text(encoding="utf-8")
        assert not [ln for ln in text.splitlines() if ln.strip().startswith("assert ")], name
        assert "AssertionError" not in text, name


# ---------------------------------------------------------------- files

def test_utf16_and_utf32_with_a_bom_are_decoded(tmp_path, doc):
    import codecs

    for bom, encoding in ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                          (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF8, "utf-8")):
        data = bom + RAW.replace("\n", "\r\n").encode(encoding)
        again = load(_write(tmp_path, data=data, name=f"{encoding}.txt"), validate=True)
        assert again.source.encoding == encoding and again.source.had_bom
        assert again.source.line_ending == "\r\n"
        assert again.problems.empty
        for name, frame in doc.tables.items():
            pd.testing.assert_frame_equal(again.tables[name], frame)


@pytest.mark.parametrize("encoding, order", [("utf-16-le", "LE"), ("utf-16-be", "BE")])
def test_utf16_without_a_bom_is_refused_saying_so(tmp_path, encoding, order):
    path = _write(tmp_path, data=RAW.encode(encoding))
    with pytest.raises(RenjaError, match=f"UTF-16 {order} text without a byte-order mark") as err:
        load(path)
    assert err.value.path == str(path)


def test_broken_utf16_is_one_error_with_its_line(tmp_path):
    data = b"\xff\xfe" + "baris satu\nbaris dua\n".encode("utf-16-le") + b"\x00\xd8" + "x\n".encode("utf-16-le")
    with pytest.raises(RenjaError, match="not valid UTF-16-LE") as err:
        load(_write(tmp_path, data=data))
    assert err.value.line == 3


def test_one_bad_byte_in_a_utf8_file_is_not_read_as_cp1252(tmp_path):
    data = RAW.encode("utf-8").replace(b"Kota Pasuruan", b"Kota Pasur\xe9an", 1)
    line = RAW[: RAW.index("Kota Pasuruan")].count("\n") + 1
    with pytest.raises(RenjaError, match="rest of the file is UTF-8") as err:
        load(_write(tmp_path, data=data))
    assert err.value.line == line
    # a lone surrogate encoded in UTF-8 (invalid UTF-8) too
    data = RAW.encode("utf-8").replace(b"Kota Pasuruan", b"Kota \xed\xa0\x80Pasuruan", 1)
    with pytest.raises(RenjaError, match="rest of the file is UTF-8"):
        load(_write(tmp_path, data=data))


def test_mixed_line_endings_keep_editor_line_numbers(tmp_path, doc):
    lines = list(LINES)
    text = "\r\n".join(lines[:300]) + "\r" + "\r".join(lines[300:700]) + "\n" + "\n".join(lines[700:])
    again = load(_write(tmp_path, text))
    assert again.source.line_ending == "mixed"
    assert again.source.lines == tuple(LINES[:-1] if LINES[-1] == "" else LINES)
    for name, frame in doc.tables.items():
        pd.testing.assert_frame_equal(again.tables[name], frame)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_an_environment_fault(tmp_path):
    path = _write(tmp_path, RAW)
    path.chmod(0)
    try:
        with pytest.raises(EnvironmentFault) as err:
            load(path)
    finally:
        path.chmod(0o644)
    assert err.value.exit_code == 3 and str(path) in str(err.value)


def test_permission_denied_is_an_environment_fault_even_as_root(tmp_path, monkeypatch):
    path = _write(tmp_path, RAW)

    def denied(file, *args, **kw):
        raise PermissionError(errno.EACCES, "Permission denied", str(file))

    monkeypatch.setattr(source, "open", denied, raising=False)  # root reads any file: the refusal is simulated
    with pytest.raises(EnvironmentFault) as err:
        load(path)
    assert err.value.exit_code == 3 and str(path) in str(err.value) and "permission denied" in str(err.value)


def test_a_file_name_over_255_characters_is_one_error(tmp_path):
    path = tmp_path / ("a" * 300 + ".txt")
    with pytest.raises(RenjaError) as err:
        load(path)
    assert type(err.value) is RenjaError and err.value.exit_code == 2
    assert "too long" in str(err.value) and "a" * 300 in str(err.value)


def test_a_path_that_is_not_a_path_is_one_error(tmp_path):
    with pytest.raises(RenjaError, match="expected the path"):
        load(123)
    with pytest.raises(RenjaError, match="invalid file name"):
        load(str(tmp_path / "a\x00b.txt"))


def test_an_unexpected_exception_is_an_internal_error_chained(tmp_path, monkeypatch):
    from renja_lib.read import document

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(document, "find_tables", broken)
    with pytest.raises(InternalError) as err:
        load(_write(tmp_path, RAW))
    assert err.value.exit_code == 70 and "KeyError" in str(err.value) and str(tmp_path) in str(err.value)
    assert isinstance(err.value.__cause__, KeyError)  # the traceback is kept


# ---------------------------------------------------------------- shapes of lines

@pytest.mark.parametrize("change", [
    pytest.param(lambda: _changed(965, "2 07 01\t", "\t\t\t\n2 07 01\t"), id="tab-only line"),
    pytest.param(lambda: _changed(965, "2.907.722.487", "2.907.722.487" + "\tx" * 10_000), id="10000 columns"),
    pytest.param(lambda: _changed(965, "Program Penunjang", "Program " + "x" * 1_000_000), id="very long line"),
    pytest.param(lambda: _changed(963, "Lokasi", "Lokasi Tahun 2023"), id="header year without numbers"),
    pytest.param(lambda: _changed(965, "\t90%\t", "\t" + "\t" * 5000 + "90%\t"), id="5000 empty cells"),
    pytest.param(lambda: _changed(965, "2 07 01", "\u202e2 07 01"), id="bidi override in a code"),
    pytest.param(lambda: _changed(965, "90%", "\ufeff90%"), id="BOM inside a cell"),
    pytest.param(lambda: _changed(965, "90%", "\u200b90%"), id="zero-width space in a number"),
    pytest.param(lambda: _changed(965, "3.456.509.470", "3.456.509.470,00"), id="decimals of rupiah"),
    pytest.param(lambda: _changed(965, "3.456.509.470", "NaN"), id="NaN"),
    pytest.param(lambda: _changed(965, "3.456.509.470", "1e300"), id="1e300"),
    pytest.param(lambda: _changed(965, "3.456.509.470", "٣٤٥"), id="arabic-indic digits"),
    pytest.param(lambda: _changed(965, "3.456.509.470", "\x00"), id="NUL alone"),
])
def test_odd_lines_give_values_problems_or_one_error(tmp_path, change):
    path = _write(tmp_path, change())
    try:
        doc = load(path, validate=True)
    except RenjaError as exc:
        assert type(exc) is not InternalError, exc
        assert str(path) in str(exc)
        return
    for row in doc.problems.itertuples():
        assert row.file == str(path) and row.line >= 1 and row.message


def test_an_implausible_year_in_the_plan_title_is_one_error(tmp_path):
    path = _write(tmp_path, _changed(956, "Tahun 2023", "Tahun 3023"))
    with pytest.raises(RenjaError, match=r"Tabel 4\.1: the title 'Tahun 3023' names the year '3023'") as err:
        load(path)
    assert err.value.line == 956


def test_a_header_naming_one_year_twice_is_one_error(tmp_path):
    # Tabel 2.2: Target Renstra for 2021, 2022, 2022, 2024: two columns would give the same records
    path = _write(tmp_path, _changed(653, "Tahun 2022\tTahun 2023", "Tahun 2022\tTahun 2022"))
    with pytest.raises(RenjaError, match=r"Tabel 2\.2: two columns for the same year 2022") as err:
        load(path)
    assert err.value.line == 653


def test_a_control_character_beside_a_table_label_does_not_hide_the_table(tmp_path, doc):
    assert LINES[953] == "Tabel 4.1"
    again = load(_write(tmp_path, _changed(954, "Tabel 4.1", "Tabel 4.1\x01")), validate=True)
    pd.testing.assert_frame_equal(again.plan_budget, doc.plan_budget)
