"""A DJPK export read as a full year that looks like realisation to date (issue 17, point 4).

The portal's exports hold no date, and its 2023 ones are snapshots during the year (Belanja Daerah realised 45
to 68 %, against 78 to 110 % in the full years of 2021, 2022 and 2024). The reader says so (one problem at the
row of Belanja Daerah, ``CityBudget.looks_partial``), changing nothing, and the office-versus-city comparison does
not set a full year against such a file (status ``city_partial`` and a sentence naming the file). Real files of
tests/data/djpk/ and small hand-made ones.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from renja_lib.analyse.budget import absorption
from renja_lib.analyse.city_budget import STATUSES, compare_with_city_files, office_vs_city
from renja_lib.present.city_sentences import city_summary
from renja_lib.read.djpk import PARTIAL_SPENDING_BELOW, city_spending, read_city_budget
from renja_lib.text.catalogue import tr

DATA = Path(__file__).resolve().parent / "data" / "djpk"
PASURUAN_2023 = DATA / "apbd_realisasi_kota_pasuruan_2023.csv"
TRENGGALEK_2023 = DATA / "apbd_realisasi_kabupaten_trenggalek_2023.csv"
PARTIAL_2023 = [PASURUAN_2023, TRENGGALEK_2023]
FULL_YEARS = sorted(p for p in DATA.glob("apbd_realisasi_*.csv") if p not in PARTIAL_2023)
PARTIAL = "errors_djpk.problem.partial_year"
NEGATIVE_RECEIPT = "errors_djpk.problem.receipt_negative"


def _partial(budget) -> list:
    return [p for p in budget.problems if p.message.key == PARTIAL]


def _m(amount: float) -> str:
    """An amount in Rp miliar as the portal writes it: ``"950,00 M"``."""
    return f"{amount:.2f} M".replace(".", ",")


def _hand_made(tmp_path: Path, share: float, *, receipts: str = "151,03 M", name: str = "apbd_kota_contoh_2023.csv"
               ) -> Path:
    """A small export in the portal's 2022 shape: Belanja Daerah 1.000,00 M realised ``share`` %."""
    rows = [("Pendapatan Daerah", "1.000,00 M", "1.000,00 M", "100.00"),
            ("Belanja Daerah", "1.000,00 M", _m(10 * share), f"{share:.2f}"),
            ("Belanja Pegawai", "600,00 M", _m(6 * share), f"{share:.2f}"),
            ("Belanja Modal", "400,00 M", _m(4 * share), f"{share:.2f}"),
            ("Penerimaan Pembiayaan Daerah", "151,03 M", receipts, "")]
    lines = ["akun,anggaran,realisasi,persentase"] + [f'" {a}","{b}","{r}",{pc}' for a, b, r, pc in rows]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ---------------------------------------------------------------------------------------------- the reader
@pytest.mark.parametrize("path, share, row", [(PASURUAN_2023, 58.59, 14), (TRENGGALEK_2023, 60.97, 14)],
                         ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_each_2023_sample_file_gets_one_warning_at_its_belanja_daerah_row(path, share, row):
    b = read_city_budget(path)
    (problem,) = _partial(b)
    assert b.looks_partial and b.partial is problem and b.period == "year"
    assert (problem.file, problem.line, problem.column, problem.raw) == (str(path), row, "realisasi",
                                                                         "Belanja Daerah")
    assert round(problem.message.fields["share"], 2) == share
    assert problem.message.fields["threshold"] == PARTIAL_SPENDING_BELOW
    en = tr(problem.message.key, "en", **problem.message.fields)
    assert f"Belanja Daerah realised {share:.2f}% of its budget: low for a full year" in en
    assert "rarely below 72%" in en and "period=" in en and "S1" in en
    ind = tr(problem.message.key, "id", **problem.message.fields)
    assert f"terealisasi {share:.2f}%".replace(".", ",") in ind and "period=" in ind


@pytest.mark.parametrize("path", FULL_YEARS, ids=lambda p: p.stem)
def test_the_2021_2022_and_2024_sample_files_look_like_full_years(path):
    b = read_city_budget(path)
    assert b.year in (2021, 2022, 2024)
    assert not _partial(b) and not b.looks_partial and b.partial is None


def test_nothing_is_changed_and_a_file_read_with_its_period_is_not_judged():
    as_year, as_half = read_city_budget(PASURUAN_2023), read_city_budget(PASURUAN_2023, period="S1")
    assert not as_half.looks_partial and as_half.problems == () and as_half.period == "S1"
    # the same figures either way: the warning changes no value
    columns = ["account", "budget", "realised", "percent", "percent_computed", "source_row", "notes"]
    pd.testing.assert_frame_equal(as_year.accounts[columns], as_half.accounts[columns])
    spending = city_spending(as_year)
    assert (spending["budget"], spending["realised"], spending["percent"]) == (1139.0e9, 667.39e9, 58.59)


@pytest.mark.parametrize("share, flagged", [(95.0, False), (40.0, True),
                                            (PARTIAL_SPENDING_BELOW + 0.5, False),
                                            (PARTIAL_SPENDING_BELOW - 0.5, True)])
def test_a_hand_made_file_is_flagged_by_its_spending_share(tmp_path, share, flagged):
    path = _hand_made(tmp_path, share)
    b = read_city_budget(path)
    assert round(float(city_spending(b)["percent_computed"]), 2) == share
    assert len(_partial(b)) == int(flagged) and b.looks_partial is flagged
    assert [p.message.key for p in b.problems] == ([PARTIAL] if flagged else [])
    if flagged:
        assert (b.partial.line, b.partial.column) == (3, "realisasi")
    assert not read_city_budget(path, period="S1").looks_partial
    assert not read_city_budget(path, period="Q3").problems


def test_a_negative_receipt_is_a_warning_naming_its_row(tmp_path):
    # 2024 Kota Blitar states Penerimaan Pembiayaan Daerah realised -88,99 M of 116,11 M
    b = read_city_budget(_hand_made(tmp_path, 95.0, receipts="-88,99 M"))
    (problem,) = b.problems
    assert problem.message.key == NEGATIVE_RECEIPT
    assert (problem.line, problem.column, problem.raw) == (6, "realisasi", "Penerimaan Pembiayaan Daerah")
    row = b.accounts[b.accounts["account_key"] == "penerimaan_pembiayaan"].iloc[0]
    assert row["realised"] == -88.99e9   # kept as written
    assert "-Rp 88.99 bn" in tr(problem.message.key, "en", **problem.message.fields)
    assert not read_city_budget(_hand_made(tmp_path, 95.0, name="apbd_b_2023.csv")).problems


# ---------------------------------------------------------------------------------------------- the comparison
@pytest.fixture(scope="module")
def office_2023(doc):
    """The office's absorption frame with its full-year row given the year 2023 (the document's own years are 2021
    and 2022 Q1; the city's files of those years are full years)."""
    frame = absorption(doc)
    office = frame[(frame["subject"] == "office") & (frame["period"] == "year")].copy()
    office["year"] = 2023
    return pd.concat([frame, office], ignore_index=True)


def test_a_partial_city_file_is_not_compared_with_the_office_year(office_2023):
    out = office_vs_city(office_2023, read_city_budget(PASURUAN_2023))
    row = out[(out["year"] == 2023) & (out["period"] == "year")].iloc[0]
    assert row["status"] == "city_partial" and "city_partial" in STATUSES
    assert pd.isna(row["gap_pp"]) and row["office_absorption"] == 83.82
    assert round(row["city_partial_share"], 2) == 58.59 and row["city_partial_row"] == 14
    assert row["city_source_file"] == str(PASURUAN_2023) and row["city_period"] == "year"
    # the years without a city file stay as they were
    assert set(out[out["year"] != 2023]["status"]) == {"no_city_file"}
    # through the notebook's entry point (the file's path) too
    via_files = compare_with_city_files(office_2023, [str(PASURUAN_2023)])
    assert via_files.query("year == 2023")["status"].tolist() == ["city_partial"]


def test_the_page_says_the_city_file_looks_partial_in_both_languages(office_2023, doc):
    out = office_vs_city(office_2023, read_city_budget(PASURUAN_2023))
    row = out[out["year"] == 2023]
    en = city_summary(row, doc, "en")
    assert en == (
        "- 2023: Kota Pasuruan's APBD realisation file (apbd_realisasi_kota_pasuruan_2023.csv) looks like realisation "
        "to date, not a full year: Belanja Daerah is realised 58.59% (row 14), when a full year's realisation is "
        "rarely below 72%, and the file does not say to which date. Dinas Tenaga Kerja Kota Pasuruan's absorption "
        "is not compared with it.")
    ind = city_summary(row, doc, "id")
    assert ind.startswith("- 2023: berkas realisasi APBD Kota Pasuruan (apbd_realisasi_kota_pasuruan_2023.csv) "
                          "tampaknya realisasi sampai suatu tanggal, bukan setahun penuh")
    assert "58,59% (baris 14)" in ind and "tidak dibandingkan" in ind
    assert "83,82" not in ind and "poin" not in ind and "83.82" not in en


def test_a_city_file_read_with_its_period_keeps_the_period_rule(office_2023, doc):
    out = office_vs_city(office_2023, read_city_budget(PASURUAN_2023, period="S1"))
    row = out[out["year"] == 2023]
    assert row["status"].tolist() == ["not_comparable"] and row["city_period"].tolist() == ["S1"]
    assert pd.isna(row["city_partial_share"].iloc[0])
    en, ind = city_summary(row, doc, "en"), city_summary(row, doc, "id")
    assert "for Half-year 1 of 2023 (58.59%, apbd_realisasi_kota_pasuruan_2023.csv row 14)" in en
    assert "not the same period" in en and "full-year" not in en
    assert "untuk Semester 1 2023 (58,59%" in ind and "bukan periode yang sama" in ind
