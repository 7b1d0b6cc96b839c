"""The DJPK reader (renja_lib/read/djpk.py, djpk_checks.py) on later exports of the same portal (2021 to 2024).

Real files, copied unchanged into tests/data/djpk/ (see its README): Kota Kediri 2021 (a percentage column whose
decimal mark was lost), Kota Pasuruan 2023 and 2024, Kabupaten Trenggalek 2023 (the financing accounts' realisation
listed a second time, and the portal's own financing totals that do not add up) and Kabupaten Gresik 2024 (a
negative net financing). Variants are written to a temporary folder.
"""
from __future__ import annotations

import doctest
from pathlib import Path

import pandas as pd
import pytest

from renja_lib.analyse.city_budget import office_vs_city
from renja_lib.read import djpk_checks
from renja_lib.read.djpk import city_spending, read_city_budget
from renja_lib.text.catalogue import tr
from table_helpers import account_row as _row, data_rows as _data_rows

DATA = Path(__file__).resolve().parent / "data" / "djpk"
KEDIRI_2021 = DATA / "apbd_realisasi_kota_kediri_2021.csv"
PASURUAN_2023 = DATA / "apbd_realisasi_kota_pasuruan_2023.csv"
PASURUAN_2024 = DATA / "apbd_realisasi_kota_pasuruan_2024.csv"
TRENGGALEK_2023 = DATA / "apbd_realisasi_kabupaten_trenggalek_2023.csv"
GRESIK_2024 = DATA / "apbd_realisasi_kabupaten_gresik_2024.csv"
SAMPLE = sorted(DATA.glob("apbd_realisasi_*.csv"))
M = 1e9
#: problem kinds the real files showed falsely before (a share with a negative sign judged as if positive, a
#: column's lost decimal mark as one problem per row, the 2023 realisation-only listing as a repeat that differs)
FALSE_KINDS = {"errors_djpk.problem.percent", "errors_djpk.problem.repeat_differs"}


def _kinds(budget) -> list[tuple[str, int, str]]:
    return [(p.message.key, p.line, p.column) for p in budget.problems]


def test_the_sample_is_the_real_files_of_four_years():
    names = {p.name for p in SAMPLE}
    assert {KEDIRI_2021.name, PASURUAN_2023.name, PASURUAN_2024.name, TRENGGALEK_2023.name, GRESIK_2024.name} <= names
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    assert all(p.name in readme for p in SAMPLE) and "44ea94f891628a9beef0c54e4e216ac9a1d5f7e1" in readme


@pytest.mark.parametrize("path, year, budget, realised, percent, row", [
    (KEDIRI_2021, 2021, 1428.49, 1344.27, 941.0, 15),   # as written: the file lost the mark of 94.10
    (PASURUAN_2023, 2023, 1139.00, 667.39, 58.59, 14),
    (PASURUAN_2024, 2024, 1140.72, 1139.78, 99.92, 13),
    (TRENGGALEK_2023, 2023, 1864.01, 1136.55, 60.97, 14),
    (GRESIK_2024, 2024, 3887.41, 3697.58, 95.12, 13),
])
def test_belanja_daerah_as_written_in_each_file(path, year, budget, realised, percent, row):
    b = read_city_budget(path)
    spending = city_spending(b)
    assert b.year == year
    assert (spending["budget"], spending["realised"], spending["percent"]) == (budget * M, realised * M, percent)
    assert int(spending["source_row"]) == row


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_every_row_is_accounted_for(path):
    b = read_city_budget(path)
    rows = sorted([*b.accounts["source_row"], *b.duplicates["source_row"]])
    assert rows == _data_rows(path) and b.rows_read == len(rows)


@pytest.mark.parametrize("path", SAMPLE, ids=lambda p: p.stem)
def test_no_false_problem_in_any_file_of_the_sample(path):
    b = read_city_budget(path)
    assert not [k for k in _kinds(b) if k[0] in FALSE_KINDS]


@pytest.mark.parametrize("path", [PASURUAN_2023, PASURUAN_2024, GRESIK_2024], ids=lambda p: p.stem)
def test_the_consistent_files_have_no_problem_and_their_repeats_are_counted_once(path):
    b = read_city_budget(path)
    assert b.problems == ((b.partial,) if path == PASURUAN_2023 else ())   # 2023: a snapshot (test_djpk_partial)
    assert len(b.duplicates) == 3 and set(b.duplicates["account_key"]) == {
        "belanja_pegawai", "belanja_barang_jasa", "belanja_modal"}
    assert len(b.accounts) == b.rows_read - 3


def test_a_negative_share_is_judged_with_its_sign():
    # 2024 Kota Pasuruan: net financing -37,06 M realised of 151,03 M budgeted, stated -24.53 % (computed -24.538:
    # the rounding of the amounts allows -24.534 .. -24.542, the stated one -24.535 .. -24.525)
    net = _row(read_city_budget(PASURUAN_2024), "pembiayaan_daerah")
    assert (net["budget"], net["realised"], net["percent"]) == (151.03 * M, -37.06 * M, -24.53)
    assert round(net["percent_computed"], 3) == -24.538
    # 2024 Gresik: a budgeted net financing of -28,10 M realised as +56,23 M, stated -200.10 % (-200.11 computed)
    net = _row(read_city_budget(GRESIK_2024), "pembiayaan_daerah")
    assert (net["budget"], net["realised"], net["percent"]) == (-28.10 * M, 56.23 * M, -200.10)
    assert djpk_checks.ratio_consistent(-8.5, 0.05, 104.01, 0.005, -1223.67, 0.005)   # 2021 Lamongan's deficit
    assert djpk_checks.ratio_consistent(151.03, 0.005, -37.06, 0.005, -24.50, 0.005) is False
    assert djpk_checks.ratio_consistent(0.0, 0.005, 1.0, 0.005, 50.0, 0.005) is None


def test_a_percentage_column_that_lost_its_decimal_mark_is_one_problem_naming_file_and_column():
    b = read_city_budget(KEDIRI_2021)
    (problem,) = b.problems
    assert problem.message.key == "errors_djpk.problem.percent_decimal_lost"
    assert (problem.file, problem.column, problem.line) == (str(KEDIRI_2021), "persentase", 2)
    fields = problem.message.fields
    assert (fields["n"], fields["checked"], fields["first"], fields["last"]) == (23, 23, 2, 30)
    text = tr(problem.message.key, "en", **fields)
    assert "column persentase" in text and "12,311.00 written" in text and "123.11 %" in text
    assert "decimal mark" in text and "kept as written" in text
    assert "12.311,00" in tr(problem.message.key, "id", **fields)
    # the values stay as written; each row says it; percent_computed has the share
    lost = b.accounts[b.accounts["notes"].str.contains("percent_decimal_lost")]
    assert len(lost) == 23
    income = _row(b, "pendapatan_daerah")
    assert income["percent"] == 12311.0 and round(income["percent_computed"], 2) == 123.11
    spending = city_spending(b)
    assert spending["percent"] == 941.0 and round(spending["percent_computed"], 2) == 94.10
    assert spending["note"].render("en") == ("the stated percentage 941.00 reads as 94.10 % with its decimal mark "
                                             "put back (computed 94.10 %); kept as written")


def test_the_city_comparison_uses_the_computed_share_where_the_column_lost_its_mark():
    frame = pd.DataFrame({"year": [2021], "period": ["year"], "subject": ["office"], "absorption_reading": [90.0]})
    row = office_vs_city(frame, read_city_budget(KEDIRI_2021)).iloc[0]
    assert row["city_absorption_from"] == "computed" and round(row["city_absorption"], 2) == 94.10
    assert round(row["gap_pp"], 2) == -4.10


def _kediri_with(tmp_path: Path, stated) -> Path:
    """Kota Kediri 2021 with each row's percentage as ``stated(account, budget, realised, as_written)`` gives it."""
    lines = KEDIRI_2021.read_text(encoding="utf-8").splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        account, budget, realised, written = line.rsplit(",", 3)
        out.append(",".join([account, budget, realised, stated(account.strip(), budget, realised, written)]))
    path = tmp_path / "apbd_2021.csv"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path


def test_a_row_that_fits_neither_reading_is_still_its_own_problem(tmp_path):
    # Belanja Pegawai 639.95 / 535.87 = 83.74 %: 5000.00 is neither 83.74 nor 8374 without its mark
    b = read_city_budget(_kediri_with(tmp_path, lambda a, b, r, w: "5000.00" if a == "Belanja Pegawai" else w))
    assert _kinds(b) == [("errors_djpk.problem.percent_decimal_lost", 2, "persentase"),
                         ("errors_djpk.problem.percent", 16, "persentase")]
    assert b.problems[0].message.fields["n"] == 22
    assert b.accounts["notes"].str.contains("percent_decimal_lost").sum() == 22


def test_a_few_lost_marks_in_a_sound_column_are_problems_of_their_rows(tmp_path):
    # every percentage put right but those of PAD and Pajak Daerah: no column-wide reading, two problems of rows
    def stated(account, budget, realised, written):
        if not written or not float(budget or 0) or account in ("PAD", "Pajak Daerah"):
            return written
        return f"{float(realised) / float(budget) * 100:.2f}"

    b = read_city_budget(_kediri_with(tmp_path, stated))
    assert _kinds(b) == [("errors_djpk.problem.percent", 3, "persentase"),
                         ("errors_djpk.problem.percent", 4, "persentase")]
    assert not b.accounts["notes"].str.contains("percent_decimal_lost").any()


def test_the_2023_realisation_listed_again_is_counted_once_and_not_added_twice():
    b = read_city_budget(TRENGGALEK_2023)
    # "Penyertaan Modal 0,00 M 3,00 M 0" (row 37) and "Pembayaaran Pokok Utang 0,00 M 42,34 M 0" (row 38): the
    # realisation of rows 34 and 35 again, without the budget: counted once, noted on the row kept
    dups = b.duplicates.set_index("source_row")
    assert dups.loc[37, "kept_row"] == 34 and dups.loc[38, "kept_row"] == 35
    assert dups.loc[37, "account"] == "Penyertaan Modal" and dups.loc[38, "account"] == "Pembayaaran Pokok Utang"
    equity = _row(b, "penyertaan_modal")
    assert (equity["budget"], equity["realised"], equity["source_row"]) == (3.0 * M, 3.0 * M, 34)
    assert "repeat_realisation" in equity["notes"]
    assert equity["note"].render("en") == ("its realisation is listed again with a budget of 0 at row 37 "
                                           "(as 'Penyertaan Modal'); counted once")
    # "Pengeluaran Pembiayaan Lainnya 0,00 M 29,00 M" (row 39) is another account with the realisation of
    # Pembentukan Dana Cadangan (row 33): kept, noted, not added into Pengeluaran Pembiayaan a second time
    other = _row(b, "pengeluaran_pembiayaan_lainnya")
    assert (other["budget"], other["realised"], int(other["source_row"])) == (0.0, 29.0 * M, 39)
    assert "realisation_relisted" in other["notes"] and pd.isna(other["percent"])
    assert "realisation_relisted" in _row(b, "penerimaan_pembiayaan_lainnya")["notes"]


def test_the_2023_financing_totals_of_the_portal_are_real_problems_with_the_right_rows():
    b = read_city_budget(TRENGGALEK_2023)
    assert _kinds(b) == [("errors_djpk.problem.partial_year", 14, "realisasi"),  # a snapshot (test_djpk_partial)
                         ("errors_djpk.problem.formula", 28, "realisasi"),   # net financing realised "0,00 M"
                         ("errors_djpk.problem.sum", 29, "realisasi"),       # receipts: SiLPA only, not the 0,11 M
                         ("errors_djpk.problem.sum", 32, "realisasi")]       # expenditure realised "0,00 M"
    receipts, expenditure = b.problems[2].message.fields, b.problems[3].message.fields
    assert receipts["rows"] == [30, 31] and round(receipts["total"] / M, 2) == 142.86
    assert expenditure["rows"] == [33, 34, 35] and round(expenditure["total"] / M, 2) == 74.34
    assert expenditure["value"] == 0.0


def test_a_budget_0_row_with_a_realisation_of_its_own_is_added(tmp_path):
    # Gresik 2024: Penerimaan Kembali 0,00 M / 0,01 M is no other row's realisation: it is added (76,37 + 0,01)
    b = read_city_budget(GRESIK_2024)
    assert not b.accounts["notes"].str.contains("realisation_relisted").any()
    assert not [p for p in b.problems if p.message.key == "errors_djpk.problem.sum"]


def test_doctests_of_the_checks():
    result = doctest.testmod(djpk_checks, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
