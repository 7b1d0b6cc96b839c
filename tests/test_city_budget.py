"""The office's budget absorption against the whole city's spending (renja_lib/analyse/city_budget.py)."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import renja_lib
from renja_lib.analyse.budget import absorption
from renja_lib.analyse.city_budget import COLUMNS, STATUSES, office_vs_city
from renja_lib.errors import RenjaError
from renja_lib.read.djpk import read_city_budget

DATA = Path(__file__).resolve().parent / "data" / "djpk"
APBD_2021 = DATA / "apbd_realisasi_kota_pasuruan_2021.csv"
APBD_2022 = DATA / "apbd_realisasi_kota_pasuruan_2022.csv"


@pytest.fixture(scope="module")
def office():
    return absorption(renja_lib.load())


@pytest.fixture(scope="module")
def cities():
    return [read_city_budget(APBD_2021), read_city_budget(APBD_2022)]


def test_the_office_2021_against_the_city_2021(office, cities):
    out = office_vs_city(office, cities)
    assert list(out.columns) == COLUMNS and set(out["status"]) <= set(STATUSES)
    row = out[(out["year"] == 2021) & (out["period"] == "year")].iloc[0]
    assert row["status"] == "compared"
    assert (row["office_absorption"], row["city_absorption"], row["city_absorption_from"]) == (83.82, 78.23, "stated")
    assert round(row["gap_pp"], 2) == 5.59
    # sourced: the city's file and row, the office's lines in the document
    assert (row["city_source_file"], row["city_source_row"]) == (str(APBD_2021), 15)
    assert row["office_source_lines"] == "368" and row["city_account"] == "belanja_daerah"
    assert (row["city_budget"], row["city_realised"]) == (1097.53e9, 858.58e9)


def test_a_quarter_is_never_compared_with_a_full_year(office, cities):
    out = office_vs_city(office, cities)
    q1 = out[(out["year"] == 2022) & (out["period"] == "Q1")].iloc[0]
    assert q1["status"] == "not_comparable" and pd.isna(q1["gap_pp"])
    # the city's full year is there for the reader, but not set against the quarter
    assert (q1["city_period"], q1["city_absorption"]) == ("year", 88.88)
    # and the office's own quarter row, where a frame has one, is not compared either
    frame = office.copy()
    extra = frame[(frame["subject"] == "office")].iloc[[0]].copy()
    extra["year"], extra["period"], extra["absorption_reading"] = 2022, "Q1", 9.5
    frame = pd.concat([frame, extra], ignore_index=True)
    q1 = office_vs_city(frame, cities).query("year == 2022 and period == 'Q1'").iloc[0]
    assert q1["office_absorption"] == 9.5 and q1["status"] == "not_comparable" and pd.isna(q1["gap_pp"])


def test_a_year_without_a_city_file(office):
    out = office_vs_city(office, read_city_budget(APBD_2022))
    row = out[out["year"] == 2021].iloc[0]
    assert row["status"] == "no_city_file" and pd.isna(row["gap_pp"]) and row["office_absorption"] == 83.82


def test_a_quarterly_city_file_is_compared_with_the_same_quarter(office, tmp_path):
    frame = office.copy()
    extra = frame[(frame["subject"] == "office")].iloc[[0]].copy()
    extra["year"], extra["period"], extra["absorption_reading"] = 2022, "Q1", 9.5
    frame = pd.concat([frame, extra], ignore_index=True)
    city_q1 = read_city_budget(APBD_2022, period="Q1")
    row = office_vs_city(frame, city_q1).query("year == 2022 and period == 'Q1'").iloc[0]
    assert row["status"] == "compared" and round(row["gap_pp"], 2) == round(9.5 - 88.88, 2)


def test_another_spending_account_and_a_computed_city_percentage(office, tmp_path):
    out = office_vs_city(office, read_city_budget(APBD_2021), account="belanja_barang_jasa")
    row = out[out["year"] == 2021].iloc[0]
    assert (row["city_account"], row["city_absorption"], row["city_source_row"]) == ("belanja_barang_jasa", 81.04,
                                                                                      17)
    no_pct = tmp_path / "apbd_2021.csv"
    no_pct.write_text("akun,anggaran,realisasi\nBelanja Daerah,1097.53,858.58\n", encoding="utf-8")
    row = office_vs_city(office, read_city_budget(no_pct)).query("year == 2021").iloc[0]
    assert row["city_absorption_from"] == "computed" and round(row["city_absorption"], 2) == 78.23


def test_bad_arguments(office, cities):
    with pytest.raises(RenjaError, match="absorption_reading"):
        office_vs_city(pd.DataFrame({"year": [2021]}), cities)
    with pytest.raises(RenjaError, match="two city budgets for the year 2021"):
        office_vs_city(office, [cities[0], cities[0]])
    with pytest.raises(RenjaError, match="expected a city budget"):
        office_vs_city(office, ["not a budget"])


def test_doctests(monkeypatch):
    import doctest

    from renja_lib.analyse import city_budget

    monkeypatch.chdir(Path(__file__).resolve().parent.parent)   # the example names tests/data/djpk/...
    result = doctest.testmod(city_budget, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0 and result.attempted > 0
