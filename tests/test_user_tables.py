"""renja_lib.read.user_tables: the one reader of users' tables (encoding, delimiter, header, footnotes, numbers)."""
from __future__ import annotations

import doctest
from decimal import Decimal
from pathlib import Path

import pytest

from renja_lib.analyse import labour
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import RenjaError
from renja_lib.read import narrative_facts, spending, user_tables
from renja_lib.read.spending import read_spending
from renja_lib.read.user_tables import read_numbers, read_table

DATA = Path(__file__).parent / "data"
APBD_2021 = DATA / "djpk" / "apbd_realisasi_kota_pasuruan_2021.csv"
APBD_2022 = DATA / "djpk" / "apbd_realisasi_kota_pasuruan_2022.csv"


def _write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _column(table, name):
    return table.columns.index(name)


# ---------------------------------------------------------------- the real DJPK files
def test_the_2021_budget_file_states_its_own_facts():
    table = read_table(APBD_2021, what="a budget table")
    assert (table.encoding, table.delimiter, table.columns) == ("utf-8", ",", ("akun", "anggaran", "realisasi",
                                                                                "persentase"))
    budget_ = read_numbers(table, 1)
    spent = read_numbers(table, 2)
    share = read_numbers(table, 3, percent=True)
    assert (budget_.decimal, spent.decimal, share.decimal) == (".", ".", ".")
    at = [user_tables.cell_text(r.cells[0]) for r in table.rows].index("Belanja Daerah")
    # Belanja Daerah: budget 1.097,53 M, realisation 858,58 M, 78,23 %
    assert (budget_.numbers[at].value, spent.numbers[at].value, share.numbers[at].value) == (
        Decimal("1097.53"), Decimal("858.58"), Decimal("78.23"))
    # and the percentage is the realisation over the budget, within the rounding as written
    assert round(858.58 / 1097.53 * 100, 2) == 78.23
    # the hierarchy is written by indentation: Belanja Daerah at the top, Belanja Pegawai under it
    assert table.rows[at].indents[0] == 0 and table.rows[at + 1].indents[0] == 5


def test_the_2022_budget_file_in_its_later_shape_records_every_decimal_mark_and_unit():
    table = read_table(APBD_2022, what="a budget table")
    budget_, spent = read_numbers(table, 1), read_numbers(table, 2)
    share = read_numbers(table, 3, percent=True)
    # amounts "1.056,74 M": Indonesian decimals and a unit suffix; percentages "109.59": a decimal point
    assert (budget_.decimal, spent.decimal, share.decimal) == (",", ",", ".")
    assert budget_.units == spent.units == ("miliar",)
    assert all(n is not None and n.unit == "miliar" for n in budget_.numbers + spent.numbers)
    names = [user_tables.cell_text(r.cells[0]) for r in table.rows]
    at = names.index("Belanja Daerah")
    assert budget_.numbers[at].value == Decimal("1056.74") and budget_.numbers[at].resolution == 0.005
    assert share.numbers[at].value == Decimal("88.88")
    assert {r.indents[0] for r in table.rows} == {1}          # indentation flattened to one space
    assert names.count("Belanja Pegawai") == 2                # some accounts listed twice: kept as written


# ---------------------------------------------------------------- hand-made variants
def test_title_rows_a_two_row_header_and_footnotes(tmp_path):
    text = ("LAPORAN REALISASI ANGGARAN\n"
            "Kota Contoh Tahun 2023\n"
            "\n"
            "Uraian;Anggaran;Realisasi;Persentase\n"
            ";(Rp juta);(Rp juta);%\n"
            "Belanja Daerah;1.250,5 Jt;1.000 Jt;79,97\n"
            "  Belanja Pegawai;750 rb;600,25 rb;80,03\n"
            "Sumber: BPKAD, diolah\n"
            "*) angka sementara\n")
    table = read_table(_write(tmp_path, "lra.csv", text), what="a budget table")
    assert [r.cells[0] for r in table.title] == ["LAPORAN REALISASI ANGGARAN", "Kota Contoh Tahun 2023"]
    assert table.header_rows == (4, 5)
    assert table.columns == ("Uraian", "Anggaran (Rp juta)", "Realisasi (Rp juta)", "Persentase %")
    assert [r.number for r in table.rows] == [6, 7]
    assert [r.cells[0] for r in table.footnotes] == ["Sumber: BPKAD, diolah", "*) angka sementara"]
    assert table.rows[1].indents[0] == 2
    amounts = read_numbers(table, 1)
    assert amounts.decimal == "," and amounts.units == ("juta", "ribu")
    assert [n.value for n in amounts.numbers] == [Decimal("1250.5"), Decimal("750")]
    spent = read_numbers(table, 2)      # "1.000" alone would be either; "600,25" says the comma is the decimal
    assert spent.decimal == "," and [n.value for n in spent.numbers] == [Decimal("1000"), Decimal("600.25")]
    assert read_numbers(table, 3, percent=True).decimal == ","


def test_a_tab_separated_utf16_file_with_a_bom(tmp_path):
    text = "akun\tanggaran\trealisasi\nBelanja\t1.234.567,89\t1.000.000\n"
    table = read_table(_write(tmp_path, "unicode.txt", text, "utf-16"), what="a budget table")
    assert (table.encoding, table.had_bom, table.delimiter) == ("utf-16-le", True, "\t")
    assert read_numbers(table, 1).numbers[0].value == Decimal("1234567.89")
    assert read_numbers(table, 2).decimal == ","       # two grouping dots


@pytest.mark.parametrize("cells, decimal", [
    (["6,33", "1.234"], ","), (["6.33", "1,234"], "."), (["1.234.567", "12"], ","), (["1,234,567", "0.125"], "."),
    (["12", "7"], None),
])
def test_the_decimal_mark_is_told_per_column(tmp_path, cells, decimal):
    text = "nama|nilai\n" + "".join(f'a{i}|"{c}"\n' for i, c in enumerate(cells))
    column = read_numbers(read_table(_write(tmp_path, "n.csv", text), what="a table"), 1)
    assert column.decimal == decimal


def test_an_ambiguous_or_mixed_column_is_refused_never_guessed(tmp_path):
    ambiguous = read_table(_write(tmp_path, "a.csv", 'nama,nilai\nx,"1.234"\ny,"2.500"\n'), what="a table")
    with pytest.raises(RenjaError, match=r"a\.csv:2: row 2, column 'nilai': cannot tell whether '1\.234'"):
        read_numbers(ambiguous, 1)
    assert read_numbers(ambiguous, 1, decimal=",").numbers[0].value == Decimal("1234")
    assert read_numbers(ambiguous, 1, decimal=".").numbers[0].value == Decimal("1.234")
    mixed = read_table(_write(tmp_path, "m.csv", 'nama,nilai\nx,"6,33"\ny,6.33\n'), what="a table")
    with pytest.raises(RenjaError, match=r"m\.csv:3: row 3, column 'nilai': '6\.33' writes its decimals otherwise "
                                         r"than '6,33' at row 2"):
        read_numbers(mixed, 1)


def test_a_tie_between_delimiters_is_refused(tmp_path):
    with pytest.raises(RenjaError, match="cannot tell the delimiter"):
        read_table(_write(tmp_path, "t.csv", "a,b;c\n1,2;3\n"), what="a table")
    assert read_table(_write(tmp_path, "d.csv", "a,b;c\n1,2;3\n"), what="a table", delimiter=";").columns == (
        "a,b", "c")


# ---------------------------------------------------------------- one export through every entry point
def test_a_cp1252_semicolon_export_with_indonesian_decimals_reads_everywhere(tmp_path):
    """The same kind of file (cp1252, ';', decimal commas) as a spending file, an indicator series and facts."""
    spend = _write(tmp_path, "realisasi.csv", "akun;anggaran;realisasi;persentase\n"
                   "Belanja Pegawai (gaji & tunjangan) – é;1.500,50;1.200,25;79,99\n", "cp1252")
    sp = read_spending(spend, unit="juta")
    assert sp.table.encoding == "cp1252" and sp.table.delimiter == ";"
    assert sp.frame["budget"].tolist() == [1_500_500_000.0] and sp.frame["name"].str.endswith("é").all()
    assert sp.decimals == {"anggaran": ",", "realisasi": ",", "persentase": ","}

    extra = _write(tmp_path, "bps.csv", "region;indicator;year;kind;value;source\n"
                   "Kota Pasuruan;TPT;2021;actual;6,23;BPS – Sakernas\n", "cp1252")
    rows, _ = labour._read_extra(extra)
    assert [(r["value"], r["source"]) for r in rows] == [(6.23, "bps.csv row 2: BPS – Sakernas")]

    src = Path(DEFAULT_SOURCE).read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(src, 1) if "71,66" in line)
    facts = _write(tmp_path, "renja.facts.csv", "quantity;subject;year;period;value;unit;quote;source_line;note\n"
                   f"tpak;Tingkat Partisipasi Angkatan Kerja;2021;year;71,66;%;71,66;{number};é\n", "cp1252")
    frame = narrative_facts.load_facts(DEFAULT_SOURCE, facts)
    assert frame["value"].tolist() == [71.66] and frame["note"].tolist() == ["é"]


def test_errors_name_the_file_row_and_column(tmp_path):
    path = _write(tmp_path, "buruk.csv", "akun;anggaran;realisasi\nBelanja;1,5;satu\n")
    with pytest.raises(RenjaError) as err:
        read_spending(path, unit="juta")
    assert str(err.value).startswith(f"{path}:2: row 2, column 'realisasi': ") and err.value.line == 2


def test_docstring_examples_run():
    for module in (user_tables, spending):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, module.__name__


# ---------------------------------------------------------------- the form by content, header cells, pooled marks
def test_a_workbook_is_read_as_one_whatever_its_name(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    for row in (["Kabupaten/Kota", "2021", None], [None, "Februari", "Agustus"], ["Kota Pasuruan", 6.41, 6.23]):
        book.active.append(row)
    book.save(tmp_path / "t.xlsx")
    for name in ("unduhan.csv", "unduhan", "unduhan.xls"):
        (tmp_path / name).write_bytes((tmp_path / "t.xlsx").read_bytes())
        table = read_table(tmp_path / name, what="a BPS table")
        assert table.encoding is None and table.sheet == "Sheet"
        # the header rows as written, before they are joined (a merged year spans two columns)
        assert table.header_cells == (("Kabupaten/Kota", "2021", ""), ("", "Februari", "Agustus"))
        assert table.columns == ("Kabupaten/Kota", "2021 Februari", "Agustus")
        assert [r.cells for r in table.rows] == [("Kota Pasuruan", 6.41, 6.23)]


def test_an_old_excel_file_is_refused_under_any_name(tmp_path):
    path = tmp_path / "unduhan.csv"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    with pytest.raises(RenjaError) as err:
        read_table(path, what="a table")
    assert "old Excel .xls" in err.value.render("en")


def test_cells_of_several_columns_tell_one_decimal_mark(tmp_path):
    path = tmp_path / "t.csv"
    # "1,234" alone could be either; "5,49" in another column says the comma is the decimal mark
    assert user_tables.cells_decimal(path, [(3, "2021", "1,234"), (4, "2022", "5,49"), (5, "2022", "-")]) == ","
    with pytest.raises(RenjaError) as err:
        user_tables.cells_decimal(path, [(3, "2021", "5,49"), (4, "2022", "5.49")])
    assert err.value.render("en").startswith(f"{path}:4: row 4, column '2022': '5.49' writes its decimals")
    with pytest.raises(RenjaError):
        user_tables.cells_decimal(path, [(3, "2021", "1,234")])
    assert user_tables.cells_decimal(path, [(3, "2021", "12"), (4, "2022", 6.5)]) is None
