"""A user's spending file: values that are read but not believable are kept as written and flagged.

Negative amounts, spending above its budget (over 100 %, implausible over 150 %), spending without a
budget, absurd amounts (beyond Rp 10^15 or too large for a float) and Excel formulas without a saved
result. In a city's budget file revenue and financing above 100 % and a negative surplus are normal.
"""
from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from renja_lib.analyse import budget  # noqa: E402
from renja_lib.present import budget_charts, sentences
from renja_lib.read.spending import ABOVE_BUDGET, FLAG_COLUMNS, FLAGS, IMPLAUSIBLE_ABSORPTION, MAX_AMOUNT  # noqa: E402
from renja_lib.errors import RenjaError  # noqa: E402

DATA = Path(__file__).parent / "data"
APBD_2021 = DATA / "djpk" / "apbd_realisasi_kota_pasuruan_2021.csv"  # DJPK, copied unchanged (see data/djpk/README.md)


def _write(tmp_path: Path, text: str, name: str = "realisasi.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _flags(sp) -> list[tuple]:
    return [(r.row, r.column, r.flag) for r in sp.flags.itertuples()]


def test_bounds_are_documented_constants():
    assert (ABOVE_BUDGET, IMPLAUSIBLE_ABSORPTION, MAX_AMOUNT) == (100.0, 150.0, 1e15)
    assert set(FLAGS) == {"negative", "above_budget", "implausible_absorption", "spending_without_budget",
                          "absurd_amount", "formula_without_value"}


def test_odd_values_are_read_as_written_and_flagged(tmp_path):
    nines = "9" * 400  # too large for a float: read as infinity
    path = _write(tmp_path, "\n".join([
        "kode,anggaran,realisasi",
        "2.07.01,1000,500",            # row 2: fine (50 %)
        "2.07.03,-1000,500",           # row 3: negative budget
        "2.07.04,1000,-500",           # row 4: negative spending
        "2.07.05,1000,3700",           # row 5: 370 %: implausible
        "2.07.06,1000,1200",           # row 6: 120 %: above budget
        "2.07.07,1000,1500",           # row 7: exactly 150 %: above budget, not implausible
        "2.07.08,0,250",               # row 8: spending without budget
        "2.07.09,1000000000000000000000,5",  # row 9: 10^21 rupiah
        f"2.07.10,1000,{nines}",       # row 10: infinity
        "2.07.11,1000,1000",           # row 11: exactly 100 %: fine
    ]) + "\n")
    sp = budget.read_spending(path, unit="rupiah", decimal=".")
    assert len(sp.frame) == 10  # no row dropped
    assert list(sp.flags.columns) == list(FLAG_COLUMNS)
    assert _flags(sp) == [
        (3, "anggaran", "negative"),
        (4, "realisasi", "negative"),
        (5, "realisasi", "implausible_absorption"),
        (6, "realisasi", "above_budget"),
        (7, "realisasi", "above_budget"),
        (8, "realisasi", "spending_without_budget"),
        (9, "anggaran", "absurd_amount"),
        (10, "realisasi", "absurd_amount"),
    ]
    by_row = sp.frame.set_index("row")
    # the values as written
    assert by_row.loc[3, "budget"] == -1000 and by_row.loc[4, "spending"] == -500
    assert by_row.loc[5, "spending"] == 3700 and by_row.loc[9, "budget"] == 1e21
    assert math.isinf(by_row.loc[10, "spending"])
    assert by_row.loc[5, "absorption_period"] == pytest.approx(370.0)
    # no absorption from an absurd amount
    assert math.isnan(by_row.loc[9, "absorption_period"]) and math.isnan(by_row.loc[10, "absorption_period"])
    values = dict(zip(sp.flags["row"], sp.flags["value"]))
    assert values[3] == -1000 and values[4] == -500 and values[5] == pytest.approx(370.0)
    assert values[6] == pytest.approx(120.0) and values[8] == 250 and values[9] == 1e21
    assert set(sp.flags["file"]) == {"realisasi.csv"}
    assert set(sp.flags["code"]) >= {"2.07.03", "2.07.05"}
    assert by_row.loc[2, "flags"] == "" and by_row.loc[11, "flags"] == ""
    assert by_row.loc[5, "flags"] == "implausible_absorption"


def test_indonesian_numbers_and_units_are_flagged_after_conversion(tmp_path):
    path = _write(tmp_path, 'akun;anggaran;realisasi\nBelanja Pegawai;"1,5";"5,55"\nBelanja Barang;"-0,5";"0"\n'
                            'Belanja Modal;"2.000.000";"1"\n')
    sp = budget.read_spending(path, unit="miliar")
    assert _flags(sp) == [(2, "realisasi", "implausible_absorption"), (3, "anggaran", "negative"),
                          (4, "anggaran", "absurd_amount")]
    assert sp.flags["value"].tolist()[1] == -0.5e9 and sp.flags["value"].tolist()[2] == 2e15


def test_periods_flag_cumulative_absorption(tmp_path):
    path = _write(tmp_path, "kode,periode,anggaran,realisasi\n2.07.01,Q1,1000,600\n2.07.01,Q2,1000,600\n")
    sp = budget.read_spending(path, unit="rupiah", cumulative=False)
    assert _flags(sp) == [(3, "realisasi", "above_budget")]  # 600 + 600 of 1000 by Q2
    assert sp.flags["period"].tolist() == ["Q2"]
    assert sp.flags["value"].tolist() == [pytest.approx(120.0)]


def test_existing_fixtures_and_the_real_budget_file_have_no_flags():
    for name in ("spending_quarterly.csv", "spending_quarterly_by_code.csv"):
        sp = budget.read_spending(DATA / name, unit="rupiah", cumulative=False)
        assert sp.flags.empty, name
    for decimal in (".", None):          # declared, or told per column (all of its columns use the point)
        sp = budget.read_spending(APBD_2021, unit="miliar", decimal=decimal)
        assert sp.flags.empty  # revenue 107 %, 199 %; financing 176 %; negative surplus: all normal
        kinds = dict(zip(sp.frame["name"], sp.frame["account_kind"]))
        assert kinds["Pajak Daerah"] == "revenue" and kinds["Belanjaodal"] == "spending"
        assert kinds["Surplus/(Defisit)"] == "surplus" and kinds["Pembentukan Dana Cadangan"] == "financing"
    assert sp.decimals == {"anggaran": ".", "realisasi": ".", "persentase": "."}


BUDGET_FILE = """akun,anggaran,realisasi,persentase
Pendapatan Daerah,100.00,109.00,109.00
    Pajak Daerah,10.00,11.40,114.00
    Pendapatan Lainnya,5.00,-1.00,-20.00
Belanja Daerah,100.00,370.00,370.00
    Belanja Pegawai,50.00,40.00,80.00
    Belanja Modal,50.00,-2.00,-4.00
Surplus/(Defisit),-10.00,-261.00,2610.00
Pembiayaan Daerah,10.00,17.60,176.00
    Pengeluaran Pembiayaan Daerah,1.00,2.65,265.00
    Pembentukan Dana Cadangan,0.00,2.65,0
"""


def test_budget_file_revenue_financing_and_surplus_are_not_flagged(tmp_path):
    sp = budget.read_spending(_write(tmp_path, BUDGET_FILE), unit="miliar", decimal=".")
    assert _flags(sp) == [(5, "realisasi", "implausible_absorption"), (7, "realisasi", "negative")]
    kinds = sp.frame.set_index("row")["account_kind"].to_dict()
    assert kinds == {2: "revenue", 3: "revenue", 4: "revenue", 5: "spending", 6: "spending", 7: "spending",
                     8: "surplus", 9: "financing", 10: "financing", 11: "financing"}


def test_a_flattened_budget_file_keeps_its_sections(tmp_path):
    """The portal's later export flattens the indentation: the lines follow their section heading."""
    flat = "\n".join(line.strip() for line in BUDGET_FILE.splitlines()) + "\nSurplus,1,1,100\nBelanja Lain,1,3,300\n"
    sp = budget.read_spending(_write(tmp_path, flat), unit="miliar", decimal=".")
    assert (sp.frame["depth"] == 0).all()
    assert _flags(sp) == [(5, "realisasi", "implausible_absorption"), (7, "realisasi", "negative"),
                          (13, "realisasi", "implausible_absorption")]


def test_a_spending_name_that_mentions_financing_is_still_spending(tmp_path):
    """Only a name that *starts* with a section word names a section: an activity about financing is spending."""
    path = _write(tmp_path, "akun,anggaran,realisasi\nFasilitasi Pembiayaan Usaha Kecil,10,25\n"
                            "Program Pendapatan Asli Daerah,10,-1\n")
    sp = budget.read_spending(path, unit="juta", decimal=".")
    assert _flags(sp) == [(2, "realisasi", "implausible_absorption"), (3, "realisasi", "negative")]


def test_account_kinds_follow_parent_and_section():
    frame = pd.DataFrame({"row": [2, 3, 4, 5, 6], "period": "total", "name": [
        "PEMBIAYAAN DAERAH", "Sisa Lebih Perhitungan Anggaran", "Belanja Daerah", "Gaji", "SILPA"],
        "parent_row": pd.array([pd.NA, 2, pd.NA, 4, pd.NA], dtype="Int64")})
    assert budget.account_kinds(frame) == ["financing", "financing", "spending", "spending", "surplus"]


# ---------------------------------------------------------------------------- Excel


def _workbook(path: Path, rows: list[list]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    for row in rows:
        ws.append(row)
    book.save(path)  # openpyxl stores formulas without a cached result
    return path


def test_xlsx_formula_without_a_saved_value_stays_missing_and_is_flagged(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", [
        ["kode", "anggaran", "realisasi", "persentase"],
        ["2.07.01", 1000, "=B2*0.5", None],
        ["2.07.03", "=SUM(B2:B2)", 400, "=C3/B3*100"],
        ["2.07.04", 1000, 250, None],
    ])
    sp = budget.read_spending(path, unit="rupiah")
    assert _flags(sp) == [(2, "realisasi", "formula_without_value"), (3, "anggaran", "formula_without_value"),
                          (3, "persentase", "formula_without_value")]
    by_row = sp.frame.set_index("row")
    assert math.isnan(by_row.loc[2, "spending"]) and math.isnan(by_row.loc[3, "budget"])  # missing, never 0
    assert math.isnan(by_row.loc[2, "absorption_period"])
    assert by_row.loc[4, "absorption_period"] == 25.0 and by_row.loc[4, "flags"] == ""
    assert sp.flags["value"].isna().all()


def test_xlsx_huge_and_negative_numbers_are_flagged(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", [
        ["akun", "anggaran", "realisasi"],
        ["Belanja Pegawai", 1e300, 10],
        ["Belanja Barang", 100, -1e16],
        ["Pendapatan Daerah", 100, 250],
    ])
    sp = budget.read_spending(path, unit="rupiah")
    assert _flags(sp) == [(2, "anggaran", "absurd_amount"), (3, "realisasi", "absurd_amount"),
                          (3, "realisasi", "negative")]
    assert sp.frame.set_index("row").loc[2, "budget"] == 1e300


def test_xlsx_formula_in_the_period_column_is_one_clear_error(tmp_path):
    path = _workbook(tmp_path / "r.xlsx", [["kode", "periode", "anggaran", "realisasi"],
                                           ["2.07.01", '="Q"&1', 1000, 100]])
    with pytest.raises(RenjaError, match=r"row 2, column 'periode'.*formula.*save it"):
        budget.read_spending(path, unit="rupiah")


# ---------------------------------------------------------------------------- report and charts


@pytest.fixture()
def flagged(tmp_path):
    path = _write(tmp_path, "kode,periode,anggaran,realisasi\n2.07.01,Q1,1000,100\n2.07.03,Q1,1000,-50\n"
                            "2.07.01,Q2,1000,3600\n2.07.03,Q2,1000,100\n")
    return budget.read_spending(path, unit="rupiah", cumulative=False)


def test_totals_and_s_curve_count_flagged_rows(flagged):
    assert budget.absorption_by_period(flagged)["n_flagged"].tolist() == [1, 1]
    assert budget.absorption_by_period(flagged, depth=0)["n_flagged"].tolist() == [0, 1, 1, 0]
    assert budget.s_curve(flagged)["n_flagged"].tolist() == [1, 1]
    assert budget.s_curve(flagged, {"Q1": 20, "Q2": 50, "Q3": 80})["n_flagged"].tolist() == [1, 1, 0]
    assert budget.s_curve(flagged, key="2.07.03")["n_flagged"].tolist() == [1, 0]


def test_s_curve_chart_marks_flagged_points(flagged):
    fig = budget_charts.s_curve_chart(budget.s_curve(flagged), lang="en")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert sum("⚠" in t for t in labels) == 2
    assert "Flagged values" in fig.get_supxlabel() and "Q1, Q2" in " ".join(fig.get_supxlabel().split())
    fig.canvas.draw()


def test_s_curve_chart_of_a_clean_file_has_no_mark():
    sp = budget.read_spending(DATA / "spending_quarterly_by_code.csv", unit="rupiah", cumulative=False)
    fig = budget_charts.s_curve_chart(budget.s_curve(sp))
    assert not any("⚠" in t.get_text() for t in fig.axes[0].texts)
    assert "⚠" not in fig.get_supxlabel()


@pytest.mark.parametrize("lang, words", [("en", ["2 values in realisasi.csv are flagged", "row 3 column realisasi",
                                                  "not believable", "row 4 column realisasi", "negative"]),
                                          ("id", ["2 nilai di realisasi.csv ditandai", "baris 3 kolom realisasi",
                                                  "tidak wajar", "nilai negatif"])])
def test_the_report_warns_with_a_computed_sentence(flagged, lang, words):
    text = sentences.spending_summary(flagged, lang)
    for word in words:
        assert word in " ".join(text.replace("\\", "").split()), (word, text)
    assert "⚠" in text


def test_no_warning_without_flags():
    sp = budget.read_spending(DATA / "spending_quarterly_by_code.csv", unit="rupiah", cumulative=False)
    assert sentences.spending_flags_summary(sp, "en") == ""
    assert "⚠" not in sentences.spending_summary(sp, "en")


def test_the_warning_names_a_few_and_counts_the_rest(tmp_path):
    rows = "\n".join(f"2.07.{i:02d},1000,-{i}" for i in range(1, 12))
    sp = budget.read_spending(_write(tmp_path, "kode,anggaran,realisasi\n" + rows + "\n"), unit="rupiah")
    assert len(sp.flags) == 11
    text = sentences.spending_flags_summary(sp, "en", examples=5)
    assert "11 values in realisasi.csv are flagged" in text and "and 6 more" in text


def test_one_flagged_value_is_written_in_the_singular(tmp_path):
    sp = budget.read_spending(_write(tmp_path, "kode,anggaran,realisasi\n2.07.01,1000,-5\n2.07.02,1000,5\n"),
                              unit="rupiah")
    assert "**1 value in realisasi.csv is flagged**" in sentences.spending_flags_summary(sp, "en")
    assert "**1 nilai di realisasi.csv ditandai**" in sentences.spending_flags_summary(sp, "id")
    assert "2 rows, 1 period;" in sentences.spending_summary(sp, "en")


@pytest.mark.slow
def test_budget_notebook_shows_the_warning(tmp_path):
    import nbformat

    from renja_lib.run.runner import plan_runs, run_report

    spending_file = _write(tmp_path, "kode,periode,anggaran,realisasi\n2.07.01,Q1,1000,100\n2.07.03,Q1,1000,-50\n"
                                     "2.07.01,Q2,1000,3600\n2.07.03,Q2,1000,100\n")
    runs = plan_runs(notebooks=["03_budget_absorption"], lang="en",
                     params={"spending_file": str(spending_file), "spending_unit": "rupiah",
                             "spending_cumulative": "false"})
    results = run_report(runs, tmp_path / "out", quiet=True, lang="en")
    assert [r.status for r in results] == ["ok"]
    nb = nbformat.read(tmp_path / "out" / runs[0].slug / "03_budget_absorption.ipynb", as_version=4)
    text = "\n".join(str(v) for c in nb.cells for o in c.get("outputs", [])
                     for k, v in o.get("data", {}).items() if k.startswith("text/"))
    assert "2 values in realisasi.csv are flagged" in text.replace("\\", "")
    assert "implausible absorption" in text  # the table of flags, its codes in words
