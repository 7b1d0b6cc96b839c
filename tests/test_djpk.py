"""The reader of the city's budget realisation as the DJPK portal exports it (renja_lib/read/djpk.py).

The two real exports (2021: plain numbers, indentation; 2022: "831,90 M", flattened, accounts listed twice) are
in tests/data/djpk/, copied unchanged; the other shapes are written here by hand.
"""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from renja_lib.errors import RenjaError
from renja_lib.read import djpk
from renja_lib.read.djpk import account_structure, city_spending, read_city_budget, spending_types
from table_helpers import account_row as _row, data_rows as _data_rows

DATA = Path(__file__).resolve().parent / "data" / "djpk"
APBD_2021 = DATA / "apbd_realisasi_kota_pasuruan_2021.csv"
APBD_2022 = DATA / "apbd_realisasi_kota_pasuruan_2022.csv"
INDICATORS = Path(__file__).resolve().parent.parent / "renja_lib" / "data" / "indicators.csv"
M = 1e9


def _write(tmp_path: Path, name: str, text: str, *, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


# ---------------------------------------------------------------- the two real files
def test_2021_belanja_daerah_is_read_in_rupiah_from_plain_miliar():
    b = read_city_budget(APBD_2021)
    row = city_spending(b)
    assert (row["budget"], row["realised"], row["percent"]) == (1097.53 * M, 858.58 * M, 78.23)
    assert round(row["percent_computed"], 2) == 78.23
    assert (b.year, b.year_how, b.period) == (2021, "file_name", "year")
    # no amount of the file carries a unit: the portal's unit, Rp miliar, and said so
    assert b.unit_how == "portal_default" and set(b.accounts["unit"]) == {"miliar"}
    assert b.decimals == {"budget": ".", "realised": ".", "percent": "."}


def test_2022_belanja_daerah_with_units_and_the_repeats_counted_once():
    b = read_city_budget(APBD_2022)
    row = city_spending(b)
    assert (row["budget"], row["realised"], row["percent"]) == (1056.74 * M, 939.27 * M, 88.88)
    assert b.unit_how == "written" and b.decimals == {"budget": ",", "realised": ",", "percent": "."}
    # Belanja Daerah is its four spending groups once each, not with the three repeats (which would give 1.020 M
    # more); the reader's own check found nothing to report
    assert not b.problems
    types = spending_types(b)
    groups = types[types["parent"] == "belanja_daerah"]
    assert list(groups["account_key"]) == ["belanja_pegawai", "belanja_barang_jasa", "belanja_modal",
                                           "belanja_lainnya"]
    assert math.isclose(groups["budget"].sum(), row["budget"], rel_tol=1e-12)


def test_2022_repeats_are_dropped_with_a_note_on_the_row_kept():
    b = read_city_budget(APBD_2022)
    assert list(b.duplicates["source_row"]) == [15, 17, 19]
    assert list(b.duplicates["kept_row"]) == [14, 16, 18]
    assert list(b.duplicates["account"]) == ["Belanja Pegawai", "Belanja Barang dan Jasa", "Belanja Modal"]
    goods = _row(b, "belanja_barang_jasa")
    assert goods["account"] == "Belanja Barang Jasa" and goods["notes"] == "repeat"
    assert goods["note"].render("en") == ("listed twice: rows 16 and 17 (also as 'Belanja Barang dan Jasa'); "
                                          "counted once")
    assert goods["note"].render("id") == ("tercantum 2 kali: baris 16 dan 17 (juga sebagai 'Belanja Barang dan "
                                          "Jasa'); dihitung sekali")
    assert _row(b, "belanja_pegawai")["note"].render("en") == "listed twice: rows 14 and 15; counted once"


@pytest.mark.parametrize("path", [APBD_2021, APBD_2022], ids=["2021", "2022"])
def test_every_row_of_the_file_is_accounted_for(path):
    b = read_city_budget(path)
    assert b.rows_read == len(b.accounts) + len(b.duplicates) == len(_data_rows(path))
    assert sorted([*b.accounts["source_row"], *b.duplicates["source_row"]]) == _data_rows(path)
    assert set(b.accounts["source_file"]) == {str(path)}


def test_2021_typos_are_matched_tolerantly_and_said():
    b = read_city_budget(APBD_2021)
    modal = _row(b, "belanja_modal")
    assert modal["account"] == "Belanjaodal" and modal["notes"] == "name_tolerant"
    assert modal["note"].render("en") == "name read as 'Belanja Modal' from 'Belanjaodal'"
    share = _row(b, "penyertaan_modal")
    assert share["account"] == "Penyertaanodal Daerah"
    assert share["note"].render("en") == "name read as 'Penyertaan Modal Daerah' from 'Penyertaanodal Daerah'"
    # no other name needed tolerance
    assert (b.accounts["notes"].str.contains("name_tolerant")).sum() == 2


def test_a_zero_percentage_against_a_zero_budget_is_missing_not_zero():
    b = read_city_budget(APBD_2021)
    # Lain-lain Pendapatan ...: budget 0, realised 7,26 M, the file says 0
    other = _row(b, "lain_lain_pendapatan_ketentuan")
    assert other["budget"] == 0 and other["realised"] == 7.26 * M
    assert pd.isna(other["percent"]) and pd.isna(other["percent_computed"])
    assert other["notes"] == "percent_zero_no_budget"
    assert "missing, not zero" in other["note"].render("en")
    # a 0 % against a budget that is not 0 is a real 0 %: Pendapatan Hibah 1,50 M, nothing received
    grant = _row(b, "pendapatan_hibah")
    assert grant["percent"] == 0.0 and grant["percent_computed"] == 0.0 and grant["notes"] == ""


def test_2021_hierarchy_comes_from_the_indentation():
    b = read_city_budget(APBD_2021)
    assert b.hierarchy == "indentation"
    acc = b.accounts.set_index("account_key")
    assert acc.loc["belanja_daerah", "level"] == 1 and pd.isna(acc.loc["belanja_daerah", "parent"])
    assert (acc.loc["belanja_modal", "parent"], acc.loc["belanja_modal", "level"]) == ("belanja_daerah", 2)
    # the 2021 export groups Hibah and Tidak Terduga under Belanja Lainnya: as written
    assert acc.loc["belanja_hibah", "parent"] == "belanja_lainnya" and acc.loc["belanja_hibah", "level"] == 3
    assert acc.loc["belanja_tidak_terduga", "parent_row"] == acc.loc["belanja_lainnya", "source_row"]
    assert acc.loc["transfer_antar_daerah", "parent"] == "pendapatan_lainnya"
    assert not b.problems


def test_2022_flattened_hierarchy_comes_from_the_known_structure():
    b = read_city_budget(APBD_2022)
    assert b.hierarchy == "structure"
    acc = b.accounts.set_index("account_key")
    assert acc.loc["belanja_hibah", "parent"] == "belanja_lainnya" and acc.loc["belanja_hibah", "level"] == 3
    assert acc.loc["belanja_tidak_terduga", "parent"] == "belanja_lainnya"
    assert acc.loc["transfer_antar_daerah", "parent"] == "pendapatan_lainnya"
    assert acc.loc["pembentukan_dana_cadangan", "parent"] == "pengeluaran_pembiayaan"
    # the same accounts sit where the 2021 file's indentation puts them
    a21 = read_city_budget(APBD_2021).accounts.set_index("account_key")
    common = acc.index.intersection(a21.index)
    assert len(common) == 25
    assert acc.loc[common, "parent"].fillna("").equals(a21.loc[common, "parent"].fillna(""))
    assert acc.loc[common, "level"].equals(a21.loc[common, "level"])


def test_the_structure_is_data_and_consistent():
    s = account_structure()
    keys = set(s["key"])
    assert s["key"].is_unique
    assert all(p in keys for parents in s["parents"] for p in parents)
    owners: dict[str, set[str]] = {}
    for key, names in zip(s["key"], s["names"]):
        assert len({djpk._norm(n) for n in names}) == len(names), f"{key}: an alias written twice"
        for n in names:
            owners.setdefault(djpk._norm(n), set()).add(key)
    assert not [n for n, k in owners.items() if len(k) > 1], "a name of two accounts"
    assert set(s["kind"]) == {"revenue", "spending", "financing", "surplus"}


# ---------------------------------------------------------------- other shapes, written by hand
GROUPED_2023 = (
    "LAPORAN REALISASI APBD;;;\n"
    "Pemerintah Kota Contoh;;;\n"
    ";;;\n"
    "akun;anggaran;realisasi;persentase\n"
    " Pendapatan Daerah;1,10 T;1,05 T;95,45\n"
    " PAD;200,00 M;190,00 M;95,00\n"
    " TKDD;900,00 M;860,00 M;95,56\n"
    " Pendapatan Transfer Pemerintah Pusat;850,00 M;812,00 M;95,53\n"
    " Pendapatan Transfer Antar Daerah;50,00 M;48,00 M;96,00\n"
    " Belanja Daerah;1,20 T;1,02 T;85,00\n"
    " Belanja Operasi;900,00 M;780,00 M;86,67\n"
    " Belanja Pegawai;400,00 M;380,00 M;95,00\n"
    " Belanja Barang dan Jasa;420,00 M;340,00 M;80,95\n"
    " Belanja Bunga;0,00 M;0,00 M;0\n"
    " Belanja Hibah;50,00 M;40,00 M;80,00\n"
    " Belanja Bantuan Sosial;30,00 M;20,00 M;66,67\n"
    " Belanja Modal;250,00 M;206,50 M;82,60\n"
    " Belanja Tidak Terduga;20.000 Jt;5.500 Jt;27,50\n"
    " Belanja Transfer;30,00 M;28,00 M;93,33\n"
    " Belanja Bantuan Keuangan;30.000.000 rb;28.000.000 rb;93,33\n"
    " Surplus/(Defisit);-100,00 M;30,00 M;-30,00\n"
    " Pembiayaan Daerah;100,00 M;90,00 M;90,00\n"
    " Penerimaan Pembiayaan Daerah;100,00 M;90,00 M;90,00\n"
    " Pengeluaran Pembiayaan Daerah;0,00 M;0,00 M;0\n"
    "Sumber: DJPK Kemenkeu;;;\n"
)


def test_a_2023_like_file_with_another_grouping_units_semicolons_bom_and_title_rows(tmp_path):
    path = _write(tmp_path, "apbd_kota_contoh_2023.csv", "\ufeff" + GROUPED_2023)
    b = read_city_budget(path)
    assert b.year == 2023 and b.hierarchy == "structure" and not b.problems
    assert b.rows_read == len(b.accounts) == 20 and b.duplicates.empty
    row = city_spending(b)
    assert (row["budget"], row["realised"], row["percent"], row["source_row"]) == (1.2e12, 1.02e12, 85.0, 10)
    acc = b.accounts.set_index("account_key")
    # T, M, Jt and rb are each their unit, in rupiah
    assert acc.loc["belanja_tidak_terduga", ["budget", "realised"]].tolist() == [20 * M, 5.5 * M]
    assert acc.loc["belanja_bantuan_keuangan", ["budget", "realised"]].tolist() == [30 * M, 28 * M]
    assert acc.loc["belanja_bantuan_keuangan", "unit"] == "ribu" and acc.loc["belanja_daerah", "unit"] == "triliun"
    # Permendagri 77/2020 grouping: the same types under other groups, by the same rule
    assert acc.loc["belanja_pegawai", "parent"] == "belanja_operasi" and acc.loc["belanja_pegawai", "level"] == 3
    assert acc.loc["belanja_hibah", "parent"] == "belanja_operasi"
    assert acc.loc["belanja_tidak_terduga", "parent"] == "belanja_daerah"
    assert acc.loc["belanja_bantuan_keuangan", "parent"] == "belanja_transfer"
    assert acc.loc["transfer_antar_daerah", "parent"] == "pendapatan_transfer"
    assert pd.isna(acc.loc["belanja_bunga", "percent"])
    assert acc.loc["surplus_defisit", "percent"] == -30.0
    types = spending_types(b)
    assert set(types["account_key"]) == {"belanja_operasi", "belanja_pegawai", "belanja_barang_jasa",
                                         "belanja_bunga", "belanja_hibah", "belanja_bantuan_sosial",
                                         "belanja_modal", "belanja_tidak_terduga", "belanja_transfer",
                                         "belanja_bantuan_keuangan"}


def test_year_is_a_parameter_and_the_file_name_its_default(tmp_path):
    path = _write(tmp_path, "realisasi_kota_contoh.csv", GROUPED_2023)
    with pytest.raises(RenjaError) as err:
        read_city_budget(path)
    assert "realisasi_kota_contoh.csv" in err.value.render("en") and "year=" in err.value.render("en")
    assert read_city_budget(path, year=2024).year_how == "argument"
    assert read_city_budget(path, year=2024).accounts["year"].unique().tolist() == [2024]
    # the portal's files are often kept as <year>/<region>.csv: the folder's year then
    (tmp_path / "2023").mkdir()
    in_folder = read_city_budget(_write(tmp_path / "2023", "Kota_Contoh.csv", GROUPED_2023))
    assert (in_folder.year, in_folder.year_how) == (2023, "folder_name")
    twice = _write(tmp_path, "apbd_2022_vs_2023.csv", GROUPED_2023)
    with pytest.raises(RenjaError, match="more than one year"):
        read_city_budget(twice)
    with pytest.raises(RenjaError, match="4-digit year"):
        read_city_budget(path, year="2023")


def test_an_unknown_account_is_kept_with_level_unknown_and_a_note(tmp_path):
    text = APBD_2022.read_text(encoding="utf-8").replace(
        '" Belanja Tidak Terduga"', '" Belanja Darurat Bencana"')
    b = read_city_budget(_write(tmp_path, "apbd_2022.csv", text))
    row = b.accounts[b.accounts["account"] == "Belanja Darurat Bencana"].iloc[0]
    assert pd.isna(row["account_key"]) and pd.isna(row["level"]) and row["notes"] == "unknown_account"
    assert "not an account of the known APBD structure" in row["note"].render("en")
    assert b.rows_read == len(b.accounts) + len(b.duplicates) == 28
    # flattened: its place is unknown, so Belanja Lainnya no longer adds up, and that is said, not fixed
    assert [(p.line, p.column, p.raw) for p in b.problems] == [(20, "anggaran", "Belanja Lainnya"),
                                                                (20, "realisasi", "Belanja Lainnya")]


def test_indented_file_keeps_an_unknown_account_under_its_indentation(tmp_path):
    text = APBD_2021.read_text(encoding="utf-8").replace("         Belanja Hibah,", "         Belanja Hibah Lain,")
    b = read_city_budget(_write(tmp_path, "apbd_2021.csv", text))
    row = b.accounts[b.accounts["account"] == "Belanja Hibah Lain"].iloc[0]
    assert pd.isna(row["account_key"]) and row["parent"] == "belanja_lainnya" and row["level"] == 3
    assert row["kind"] == "spending" and not b.problems


def test_a_repeat_with_other_figures_is_a_problem_not_merged(tmp_path):
    text = APBD_2022.read_text(encoding="utf-8").replace(
        '" Belanja Modal","176,52 M","129,72 M",73.48\n" Belanja Modal","176,52 M","129,72 M",73.48',
        '" Belanja Modal","176,52 M","129,72 M",73.48\n" Belanja Modal","176,52 M","120,72 M",68.39')
    b = read_city_budget(_write(tmp_path, "apbd_2022.csv", text))
    modal = b.accounts[b.accounts["account_key"] == "belanja_modal"]
    assert list(modal["source_row"]) == [18, 19] and len(b.duplicates) == 2
    repeat = [p for p in b.problems if p.message.key == "errors_djpk.problem.repeat_differs"]
    assert len(repeat) == 1 and (repeat[0].line, repeat[0].column) == (19, "realisasi")
    assert "first at row 18" in repeat[0].message.render("en")


def test_children_that_do_not_add_up_are_reported_with_their_rows(tmp_path):
    text = APBD_2021.read_text(encoding="utf-8").replace(
        "         Belanja Hibah,48.38,43.67,90.27", "         Belanja Hibah,48.38,33.67,69.60")
    b = read_city_budget(_write(tmp_path, "apbd_2021.csv", text))
    sums = [p for p in b.problems if p.message.key == "errors_djpk.problem.sum"]
    assert [(p.line, p.column, p.raw) for p in sums] == [(19, "realisasi", "Belanja Lainnya")]
    text_en = sums[0].message.render("en")
    assert "rows 20, 21, 22, 23, 24, 25, and 26" in text_en and "Rp 68,530,000,000" in text_en
    # Belanja Daerah still adds up: its own children are the groups, which did not change; nothing was fixed
    assert _row(b, "belanja_hibah")["realised"] == 33.67 * M


def test_a_formula_and_a_stated_percentage_that_do_not_follow_are_reported(tmp_path):
    text = (APBD_2021.read_text(encoding="utf-8")
            .replace("Surplus/(Defisit),-316.70,-19.28,6.09", "Surplus/(Defisit),-316.70,-29.28,6.09"))
    b = read_city_budget(_write(tmp_path, "apbd_2021.csv", text))
    found = sorted((p.message.key, p.line, p.column) for p in b.problems)
    assert found == [("errors_djpk.problem.formula", 27, "realisasi"),
                     ("errors_djpk.problem.percent", 27, "persentase")]
    formula = next(p for p in b.problems if p.message.key == "errors_djpk.problem.formula")
    assert formula.message.render("en").startswith("Pendapatan Daerah - Belanja Daerah (rows 2 and 15)")


def test_a_unit_in_the_header_and_the_unit_argument(tmp_path):
    text = "akun,anggaran (Rp juta),realisasi (Rp juta),persentase\nBelanja Daerah,1097530,858580,78.23\n"
    b = read_city_budget(_write(tmp_path, "apbd_2021.csv", text))
    assert b.unit_how == "header" and city_spending(b)["budget"] == 1097.53 * M
    plain = "akun,anggaran,realisasi,persentase\nBelanja Daerah,1097530,858580,78.23\n"
    b = read_city_budget(_write(tmp_path, "apbd_2021b.csv", plain), unit="Jt")
    assert b.unit_how == "argument" and city_spending(b)["realised"] == 858.58 * M


def test_other_header_words_and_a_percent_column_named_by_its_sign(tmp_path):
    text = ("Uraian\tAnggaran (Rp)\tRealisasi (Rp)\tRealisasi (%)\n"
            "BELANJA DAERAH\t1.097.530.000.000\t858.580.000.000\t78,23\n")
    b = read_city_budget(_write(tmp_path, "apbd_2021.tsv", text))
    row = city_spending(b)
    assert (row["account"], row["budget"], row["percent"], b.unit_how) == ("BELANJA DAERAH", 1097.53 * M, 78.23,
                                                                          "header")


def test_amounts_read_in_a_doubtful_unit_are_a_problem(tmp_path):
    # the same figures in full rupiah read as the portal's miliar: a thousand trillion rupiah
    plain = "akun,anggaran,realisasi,persentase\nBelanja Daerah,1097530000000,858580000000,78.23\n"
    b = read_city_budget(_write(tmp_path, "apbd_2021.csv", plain))
    (problem,) = b.problems
    assert problem.message.key == "errors_djpk.problem.unit_doubtful" and problem.column == "anggaran"
    assert read_city_budget(_write(tmp_path, "apbd_2021b.csv", plain), unit="Rp").problems == ()


def test_an_excel_export_is_read_the_same(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["akun", "anggaran", "realisasi", "persentase"])
    for line in APBD_2022.read_text(encoding="utf-8").splitlines()[1:]:
        name, budget, realised, pct = next(__import__("csv").reader([line]))
        ws.append([name, budget, realised, float(pct)])
    path = tmp_path / "apbd_2022.xlsx"
    book.save(path)
    b = read_city_budget(path)
    assert (city_spending(b)["budget"], city_spending(b)["percent"]) == (1056.74 * M, 88.88)
    assert len(b.duplicates) == 3


# ---------------------------------------------------------------- bad shapes: one message, file, row, column
def _error(path: Path, **kwargs) -> RenjaError:
    with pytest.raises(RenjaError) as err:
        read_city_budget(path, **kwargs)
    return err.value


def test_missing_column(tmp_path):
    path = _write(tmp_path, "apbd_2022.csv", "akun,anggaran,persentase\nBelanja Daerah,\"1.056,74 M\",88.88\n")
    err = _error(path)
    assert (err.path, err.line) == (str(path), 1)
    assert err.render("en").endswith("row 1, column 'realisasi': no column realisasi in the header (it names "
                                     "akun, anggaran, and persentase); a DJPK export has akun, anggaran, realisasi "
                                     "and persentase")
    assert "baris 1, kolom 'realisasi'" in err.render("id")


def test_a_value_that_is_not_a_number(tmp_path):
    text = APBD_2022.read_text(encoding="utf-8").replace('" Belanja Modal","176,52 M"', '" Belanja Modal","seratus M"', 1)
    err = _error(_write(tmp_path, "apbd_2022.csv", text))
    assert err.line == 18
    assert "row 18, column 'anggaran': 'seratus M' is not an amount" in err.render("en")


def test_an_unknown_unit_suffix(tmp_path):
    text = APBD_2022.read_text(encoding="utf-8").replace('"129,72 M",73.48', '"129,72 Mlr",73.48', 1)
    err = _error(_write(tmp_path, "apbd_2022.csv", text))
    assert err.line == 18
    assert err.render("en").endswith("row 18, column 'realisasi': unknown unit 'Mlr' in '129,72 Mlr'; known: "
                                     "M (miliar), T (triliun), Jt (juta), rb (ribu), Rp")


def test_an_amount_without_the_unit_the_others_have(tmp_path):
    text = APBD_2022.read_text(encoding="utf-8").replace('"5,76 M","6,12 M"', '"5,76","6,12 M"', 1)
    err = _error(_write(tmp_path, "apbd_2022.csv", text))
    assert err.line == 6 and "column 'anggaran': '5,76' has no unit" in err.render("en")


def test_an_empty_file(tmp_path):
    err = _error(_write(tmp_path, "apbd_2022.csv", ""))
    assert err.path.endswith("apbd_2022.csv")
    assert "expected an APBD realisation export of the DJPK portal" in err.render("en")
    header_only = _error(_write(tmp_path, "apbd_2023.csv", "akun,anggaran,realisasi,persentase\n"))
    assert header_only.line == 1 and "no account rows under the header" in header_only.render("en")


def test_a_file_that_is_not_a_djpk_export(tmp_path):
    err = _error(INDICATORS)
    assert (err.path, err.line) == (str(INDICATORS), 1)
    assert "this is not an APBD realisation export of the DJPK portal: its header names key, code" in err.render(
        "en")
    # the right columns, but no row names an account of the APBD: a spending file of an office
    spending = _write(tmp_path, "belanja_dinas_2021.csv",
                      "akun,anggaran,realisasi\nProgram Penempatan Tenaga Kerja,626150954,515676150\n")
    err = _error(spending)
    assert err.line == 2 and "column 'akun': no row names an account of the APBD" in err.render("en")


def test_bad_arguments_are_named():
    with pytest.raises(RenjaError, match="unit must be one of"):
        read_city_budget(APBD_2021, unit="kg")
    with pytest.raises(RenjaError, match="period must be one of"):
        read_city_budget(APBD_2021, period="Q5")
    with pytest.raises(RenjaError, match="expected a city budget"):
        city_spending(pd.DataFrame())


def test_doctests(monkeypatch):
    import doctest

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)   # the examples name tests/data/djpk/...
    result = doctest.testmod(djpk, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
