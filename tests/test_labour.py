"""Tests for renja_lib.analyse.labour: rates from counts, indicator names, series and gaps to target."""
from __future__ import annotations

import doctest
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja_lib.analyse import labour, rates
from renja_lib.errors import RenjaError
from renja_lib.analyse.labour import (
    SERIES_COLUMNS,
    SeriesResult,
    check_tkk_tpt,
    complement_pairs,
    gap_to_target,
    indicator_key,
    indicator_metadata,
    series,
    tkk,
    tpak,
    tpt,
)

# The document's own 2021 counts (narrative, lines 312 and 318).
LABOUR_FORCE_2021 = 111_954
WORKING_AGE_2021 = 156_219
EMPLOYED_2021 = 104_977
UNEMPLOYED_2021 = LABOUR_FORCE_2021 - EMPLOYED_2021  # 6.977, also stated on line 340


# ====================================================================== rates
def test_tpak_2021_from_counts():
    assert round(tpak(LABOUR_FORCE_2021, WORKING_AGE_2021), 2) == 71.66


def test_tkk_2021_from_counts():
    assert round(tkk(EMPLOYED_2021, LABOUR_FORCE_2021), 2) == 93.77


def test_tpt_2021_from_counts():
    assert round(tpt(UNEMPLOYED_2021, LABOUR_FORCE_2021), 2) == 6.23


def test_tkk_plus_tpt_is_100_for_the_2021_counts():
    check = check_tkk_tpt(tkk(EMPLOYED_2021, LABOUR_FORCE_2021), tpt(UNEMPLOYED_2021, LABOUR_FORCE_2021))
    assert check.holds is True
    assert abs(check.difference) < 1e-9


def test_tkk_plus_tpt_holds_for_the_published_rounded_2021_figures():
    check = check_tkk_tpt(93.77, 6.23)
    assert check.holds is True
    assert check.difference == pytest.approx(0.0, abs=1e-9)


def test_tkk_plus_tpt_allows_rounding_of_each_figure_to_two_decimals():
    assert check_tkk_tpt(93.78, 6.23).holds is True


def test_tkk_plus_tpt_reports_a_mismatch_with_its_size():
    check = check_tkk_tpt(94.29, 6.20)
    assert check.holds is False
    assert check.difference == pytest.approx(0.49)


def test_tkk_plus_tpt_on_series_gives_na_where_missing():
    check = check_tkk_tpt(pd.Series([93.77, 94.29, np.nan]), pd.Series([6.23, 6.20, 6.0]))
    assert check.holds.dtype == "boolean"
    assert check.holds.tolist() == [True, False, pd.NA]
    assert check.difference.round(2).tolist()[:2] == [0.0, 0.49]


def test_tkk_plus_tpt_refuses_a_missing_number():
    with pytest.raises(RenjaError, match="tpt is missing"):
        check_tkk_tpt(93.77, None)


def test_tkk_plus_tpt_refuses_negative_tolerance():
    with pytest.raises(RenjaError, match=r"tolerance must be .* got -0.1"):
        check_tkk_tpt(93.77, 6.23, tolerance=-0.1)


@pytest.mark.parametrize("denominator", [0, -5])
def test_zero_or_negative_denominator_raises_for_numbers(denominator):
    with pytest.raises(RenjaError, match=rf"labour_force must be greater than 0 .*got {denominator}"):
        tpt(1, denominator)


def test_zero_or_negative_denominator_gives_nan_in_a_series():
    got = tpt(pd.Series([6_977, 0, 0]), pd.Series([111_954, 0, -3]))
    assert round(got.iloc[0], 2) == 6.23
    assert got.isna().tolist() == [False, True, True]
    assert got.name == "TPT"


def test_numerator_larger_than_denominator_is_refused():
    with pytest.raises(RenjaError, match=r"labour_force \(200\) cannot exceed working_age \(100\)"):
        tpak(200, 100)


def test_numerator_larger_than_denominator_in_a_series_names_the_row():
    with pytest.raises(RenjaError, match=r"employed cannot exceed labour_force: at index 'b'"):
        tkk(pd.Series([5, 12], index=["a", "b"]), pd.Series([10, 10], index=["a", "b"]))


def test_negative_count_is_refused():
    with pytest.raises(RenjaError, match="unemployed must not be negative"):
        tpt(-1, 100)


def test_rates_do_not_mutate_input():
    employed = pd.Series([104_977, 5])
    labour_force = pd.Series([111_954, 0])
    before_e, before_lf = employed.copy(), labour_force.copy()
    tkk(employed, labour_force)
    pd.testing.assert_series_equal(employed, before_e)
    pd.testing.assert_series_equal(labour_force, before_lf)


@given(st.integers(min_value=1, max_value=10**9).flatmap(
    lambda lf: st.tuples(st.integers(min_value=1, max_value=lf), st.just(lf))))
def test_tkk_plus_tpt_is_100_for_any_counts(pair):
    employed, labour_force = pair
    assert abs(tkk(employed, labour_force) + tpt(labour_force - employed, labour_force) - 100) <= 1e-9


# ====================================================================== metadata
def test_metadata_has_the_three_indicators_with_their_polarity():
    meta = indicator_metadata().set_index("key")
    assert list(meta.index) == ["TPT", "TPAK", "TKK"]
    assert meta["direction"].to_dict() == {
        "TPT": "lower_is_better", "TPAK": "higher_is_better", "TKK": "higher_is_better",
    }
    assert set(meta["unit"]) == {"%"}
    assert set(meta["kind"]) == {"share"}
    assert set(meta["source"]) == {"BPS Sakernas Agustus"}


def test_metadata_is_a_new_frame_each_call():
    first = indicator_metadata()
    first.loc[0, "direction"] = "changed"
    assert indicator_metadata().loc[0, "direction"] == "lower_is_better"


@pytest.mark.parametrize("name,key", [
    ("Tingkat Pengangguran Terbuka", "TPT"),
    ("TPT", "TPT"),
    ("tingkat   pengangguran terbuka ", "TPT"),
    ("TINGKAT PARTISIPASI ANGKATAN KERJA", "TPAK"),
    ("Tingkat Kesempatan Kerja", "TKK"),
    ("tkk", "TKK"),
    ("Tingkat Partisipasi Angkatan Kerja (TPAK)", "TPAK"),
    ("Open Unemployment Rate", "TPT"),
])
def test_indicator_key_recognises_names_and_aliases(name, key):
    assert indicator_key(name) == key


@pytest.mark.parametrize("name", [
    "Jumlah transmigran yang diberangkatkan", "Persentase penyelesaian konflik Hubungan Industrial", "",
    "Tingkat Pengangguran Terbuka (TPAK)",
])
def test_indicator_key_is_none_for_unknown_or_contradictory_names(name):
    assert indicator_key(name) is None


def test_indicator_key_refuses_non_text():
    with pytest.raises(RenjaError, match="name must be text"):
        indicator_key(None)


# ====================================================================== series: stand-ins
def _service_indicators() -> pd.DataFrame:
    """Tabel 2.2 as the data layer is to give it (lines 655-658 of the bundled document)."""
    table = {
        (655, "Tingkat Pengangguran Terbuka"): ([5.71, 6.20, 6.00, 5.71], [6.23, np.nan], [6.00, 5.71]),
        (656, "Jumlah transmigran yang diberangkatkan"): ([np.nan, 0, 0, 1], [np.nan, np.nan], [0, 1]),
        (657, "Tingkat Partisipasi Angkatan Kerja"): ([67.78, 67.80, 67.85, 67.90], [71.66, np.nan], [67.85, 67.90]),
        (658, "Tingkat Kesempatan Kerja"): ([94.29, 93.80, 94.00, 94.29], [93.77, np.nan], [94.00, 94.29]),
    }
    rows = []
    for (line, name), (targets, realised, projected) in table.items():
        unit = "KK" if line == 656 else "%"
        for year, value in zip(range(2021, 2025), targets):
            rows.append((name, "target", year, value, unit, "", line))
        for year, value in zip((2021, 2022), realised):
            rows.append((name, "realization", year, value, unit, "", line))
        for year, value in zip((2023, 2024), projected):
            rows.append((name, "projection", year, value, unit, "", line))
    return pd.DataFrame(rows, columns=["indicator", "measure", "year", "value", "unit", "note", "source_line"])


def _facts() -> pd.DataFrame:
    """Narrative facts as the data layer is to give them (lines 312 and 318)."""
    rows = [
        ("labour_force", "Kota Pasuruan", 2021, "year", 111_954.0, "orang", "", 312),
        ("tpak", "Kota Pasuruan", 2021, "year", 71.66, "%", "", 312),
        ("tpak", "Kota Pasuruan", 2020, "year", 70.05, "%", "", 312),
        ("tkk", "Kota Pasuruan", 2021, "year", 93.77, "%", "", 318),
        ("tpt", "Kota Pasuruan", 2021, "year", 6.23, "%", "", 318),
        ("tkk", "Kota Pasuruan", 2020, "year", 93.67, "%", "", 318),
        ("tpt", "Kota Pasuruan", 2020, "year", 6.33, "%", "", 318),
        ("tpt_estimate", "Kota Pasuruan", 2022, "year", 6.20, "%", "", 318),
        ("tkk_estimate", "Kota Pasuruan", 2022, "year", 93.8, "%", "", 318),
        ("tpt", "Kota Pasuruan", 2022, "Q1", 6.1, "%", "", 999),
    ]
    return pd.DataFrame(rows, columns=["quantity", "subject", "year", "period", "value", "unit", "quote", "source_line"])


@pytest.fixture
def stub() -> SimpleNamespace:
    """A hand-made stand-in for a document, shaped by the data layer's contract."""
    return SimpleNamespace(
        path=Path("renja_disnaker_kota_pasuruan_2023.txt"),
        service_indicators=_service_indicators(),
        facts=_facts(),
        identity=SimpleNamespace(region="Kota Pasuruan"),
    )


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rows(frame: pd.DataFrame, **where) -> pd.DataFrame:
    mask = pd.Series(True, index=frame.index)
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


# ====================================================================== series: document
def test_series_returns_a_series_result_with_the_documented_columns_and_types(stub):
    result = series(stub)
    assert isinstance(result, SeriesResult)
    frame = result.frame
    assert list(frame.columns) == SERIES_COLUMNS
    assert {c: str(frame[c].dtype) for c in frame.columns} == {
        "region": "str", "indicator": "str", "year": "int64", "kind": "str", "value": "float64",
        "source": "str", "series_break": "bool", "conflict": "bool", "derived_from": "str",
    }


def test_series_keeps_only_the_labour_indicators(stub):
    assert set(series(stub).frame["indicator"]) == {"TPT", "TPAK", "TKK"}


def test_series_region_is_the_document_s_own_and_can_be_set(stub):
    assert set(series(stub).frame["region"]) == {"Kota Pasuruan"}
    stub.identity = SimpleNamespace(region="Kabupaten Lumajang")
    assert set(series(stub).frame["region"]) == {"Kabupaten Lumajang"}
    assert set(series(stub, region="Kabupaten Pasuruan").frame["region"]) == {"Kabupaten Pasuruan"}


def test_a_document_that_names_no_region_gets_none_not_a_default_city(stub):
    """Empty (the charts say "wilayah tidak diketahui"), never another document's city."""
    stub.identity = SimpleNamespace(region=None)
    assert set(series(stub).frame["region"]) == {""}
    del stub.identity
    assert set(series(stub).frame["region"]) == {""}


def test_series_maps_table_measures_to_kinds(stub):
    tpt_rows = _rows(series(stub).frame, indicator="TPT")
    table = tpt_rows[tpt_rows["source"].str.startswith("Tabel 2.2")]
    got = sorted(zip(table["kind"], table["year"], table["value"]))
    assert got == sorted([
        ("target", 2021, 5.71), ("target", 2022, 6.20), ("target", 2023, 6.00), ("target", 2024, 5.71),
        ("renstra_target", 2024, 5.71), ("actual", 2021, 6.23), ("projection", 2023, 6.00),
        ("projection", 2024, 5.71),
    ])


def test_renstra_target_is_the_target_of_the_last_year_in_the_table(stub):
    renstra = _rows(series(stub).frame, kind="renstra_target")
    assert list(zip(renstra["indicator"], renstra["year"], renstra["value"])) == [
        ("TPT", 2024, 5.71), ("TPAK", 2024, 67.90), ("TKK", 2024, 94.29),
    ]


def test_series_drops_empty_cells_and_lists_them(stub):
    result = series(stub)
    assert _rows(result.frame, year=2022, kind="actual").empty
    dropped = _rows(result.dropped, reason="no value")
    assert sorted(zip(dropped["indicator"], dropped["year"], dropped["kind"])) == [
        ("TKK", 2022, "actual"), ("TPAK", 2022, "actual"), ("TPT", 2022, "actual"),
    ]
    assert set(dropped["source"]) == {"Tabel 2.2 line 655", "Tabel 2.2 line 657", "Tabel 2.2 line 658"}


def test_series_leaves_out_facts_that_are_not_for_a_whole_year(stub):
    result = series(stub)
    assert _rows(result.frame, source="narrative line 999").empty
    assert _rows(result.dropped, source="narrative line 999")["reason"].tolist() == ["period 'Q1' is not a whole year"]


def test_series_reads_estimate_quantities_as_estimates(stub):
    estimates = _rows(series(stub).frame, kind="estimate")
    assert list(zip(estimates["indicator"], estimates["year"], estimates["value"], estimates["source"])) == [
        ("TPT", 2022, 6.20, "narrative line 318"), ("TKK", 2022, 93.8, "narrative line 318"),
    ]


def test_series_joins_sources_of_equal_values_from_table_and_narrative(stub):
    row = _rows(series(stub).frame, indicator="TPT", year=2021, kind="actual")
    assert row["source"].tolist() == ["Tabel 2.2 line 655; narrative line 318"]
    assert row["conflict"].tolist() == [False]


def test_series_reads_a_rate_with_period_year_estimate_as_an_estimate(stub):
    extra_fact = pd.DataFrame([("tpak", "Tingkat Partisipasi Angkatan Kerja", 2022, "year_estimate", 70.1, "%", "", 320)],
                              columns=stub.facts.columns)
    stub.facts = pd.concat([stub.facts, extra_fact], ignore_index=True)
    row = _rows(series(stub).frame, indicator="TPAK", year=2022, kind="estimate")
    assert list(zip(row["value"], row["source"])) == [(70.1, "narrative line 320")]


def test_a_target_stated_in_the_narrative_that_differs_from_the_table_is_a_conflict(stub):
    # Line 312 says TPAK was "ditargetkan sebesar 67,8%"; Tabel 2.2 gives 67,78 %.
    stated = pd.DataFrame([("target_stated", "Tingkat Partisipasi Angkatan Kerja", 2021, "year", 67.80, "%", "", 312)],
                          columns=stub.facts.columns)
    stub.facts = pd.concat([stub.facts, stated], ignore_index=True)
    conflicts = series(stub).conflicts
    assert list(zip(conflicts["indicator"], conflicts["kind"], conflicts["value"], conflicts["source"])) == [
        ("TPAK", "target", 67.78, "Tabel 2.2 line 657"), ("TPAK", "target", 67.80, "narrative line 312"),
    ]


def test_series_accepts_nullable_dtypes_and_missing_source_lines(stub):
    stub.service_indicators = stub.service_indicators.astype(
        {"indicator": "string", "measure": "string", "year": "Int64", "source_line": "Int64"})
    stub.service_indicators.loc[0, "source_line"] = pd.NA
    frame = series(stub).frame
    row = _rows(frame, indicator="TPT", year=2021, kind="target")
    assert row["source"].tolist() == ["Tabel 2.2"]


def test_series_of_the_document_alone_has_no_conflicts(stub):
    result = series(stub)
    assert result.conflicts.empty
    assert not result.frame["conflict"].any()


def test_series_is_sorted_by_region_indicator_year_and_kind(stub):
    frame = series(stub).frame
    tpt_2021 = _rows(frame, indicator="TPT", year=2021)
    assert tpt_2021["kind"].tolist() == ["actual", "target"]
    assert frame["indicator"].drop_duplicates().tolist() == ["TPT", "TPAK", "TKK"]


def test_series_does_not_mutate_the_document(stub):
    before_table, before_facts = stub.service_indicators.copy(), stub.facts.copy()
    series(stub)
    pd.testing.assert_frame_equal(stub.service_indicators, before_table)
    pd.testing.assert_frame_equal(stub.facts, before_facts)


def test_series_refuses_a_document_without_facts():
    bad = SimpleNamespace(path=Path("x.txt"), service_indicators=_service_indicators())
    with pytest.raises(RenjaError, match="doc has no attribute 'facts'"):
        series(bad)


def test_series_refuses_an_unknown_measure(stub):
    stub.service_indicators.loc[0, "measure"] = "realisasi"
    with pytest.raises(RenjaError, match=r"measure must be one of .*got 'realisasi'") as err:
        series(stub)
    assert err.value.line == 655


# ====================================================================== series: extra file
def test_extra_that_agrees_gives_no_conflicts_and_joins_sources(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\n"
                   "Kota Pasuruan,TPT,2020,actual,6.33\n"
                   "Kota Pasuruan,TPT,2021,actual,6.23\n")
    result = series(stub, extra=extra)
    assert result.conflicts.empty
    row = _rows(result.frame, indicator="TPT", year=2021, kind="actual")
    assert row["source"].tolist() == ["Tabel 2.2 line 655; narrative line 318; bps.csv row 3"]
    assert _rows(result.frame, indicator="TPT", year=2020)["source"].tolist() == ["narrative line 318; bps.csv row 2"]


def test_extra_that_conflicts_is_reported_and_both_values_kept(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value,source\n"
                   "Kota Pasuruan,Tingkat Pengangguran Terbuka,2021,actual,6.25,BPS 2022 release\n")
    result = series(stub, extra=extra)
    rows = _rows(result.frame, indicator="TPT", year=2021, kind="actual")
    assert list(zip(rows["value"], rows["source"], rows["conflict"])) == [
        (6.23, "Tabel 2.2 line 655; narrative line 318", True),
        (6.25, "bps.csv row 2: BPS 2022 release", True),
    ]
    pd.testing.assert_frame_equal(result.conflicts, rows.reset_index(drop=True))


def test_conflict_marks_only_the_rows_that_disagree(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,TPT,2021,actual,6.25\n")
    frame = series(stub, extra=extra).frame
    assert frame["conflict"].sum() == 2


def test_values_within_tolerance_are_not_a_conflict(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\n"
                   "Kota Pasuruan,TPT,2021,actual,6.2300000000001\n")
    assert series(stub, extra=extra).conflicts.empty


def test_extra_with_a_second_region_adds_its_rows(stub, tmp_path):
    extra = _write(tmp_path, "jatim.csv", "region,indicator,year,kind,value,series_break\n"
                   "Provinsi Jawa Timur,TPT,2021,actual,5.74,false\n"
                   "Provinsi Jawa Timur,TPT,2020,actual,5.84,true\n")
    result = series(stub, extra=extra)
    assert set(result.frame["region"]) == {"Kota Pasuruan", "Provinsi Jawa Timur"}
    jatim = _rows(result.frame, region="Provinsi Jawa Timur", indicator="TPT")
    assert list(zip(jatim["year"], jatim["value"], jatim["series_break"])) == [(2020, 5.84, True), (2021, 5.74, False)]
    tkk = _rows(result.frame, region="Provinsi Jawa Timur", indicator="TKK")  # derived, the break kept
    assert list(zip(tkk["year"], tkk["value"].round(2), tkk["series_break"], tkk["derived_from"])) == [
        (2020, 94.16, True, "TPT"), (2021, 94.26, False, "TPT")]
    assert result.conflicts.empty


def test_extra_accepts_semicolons_and_empty_values(stub, tmp_path):
    extra = _write(tmp_path, "excel.csv", "region;indicator;year;kind;value\nKota Pasuruan;TPAK;2022;actual;\n")
    result = series(stub, extra=extra)
    assert _rows(result.dropped, source="excel.csv row 2")["reason"].tolist() == ["no value"]


def test_extra_missing_column_names_file_row_and_column(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,value\nKota Pasuruan,TPT,2021,6.23\n")
    with pytest.raises(RenjaError, match=r"bps\.csv:1: row 1, column 'kind': missing column") as err:
        series(stub, extra=extra)
    assert err.value.line == 1
    assert err.value.path == str(extra)


def test_extra_text_in_value_names_row_and_column(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\n"
                   "Kota Pasuruan,TPT,2020,actual,6.33\n"
                   "Kota Pasuruan,TPT,2021,actual,enam\n")
    with pytest.raises(RenjaError, match=r"bps\.csv:3: row 3, column 'value': expected a number .*'enam'") as err:
        series(stub, extra=extra)
    assert err.value.line == 3


def test_extra_decimal_comma_is_read_and_a_mixed_column_refused(stub, tmp_path):
    """The decimal mark is told from the value column: 6,23 and 6.23 are both read; one column, one mark."""
    extra = _write(tmp_path, "bps.csv", 'region,indicator,year,kind,value\nKota Pasuruan,TPT,2021,actual,"6,23"\n')
    frame = series(stub, extra=extra).frame
    assert _rows(frame, indicator="TPT", year=2021, kind="actual")["value"].tolist() == [6.23]
    mixed = _write(tmp_path, "mixed.csv", 'region,indicator,year,kind,value\nKota Pasuruan,TPT,2020,actual,"6,23"\n'
                   "Kota Pasuruan,TPT,2021,actual,6.33\n")
    with pytest.raises(RenjaError, match=r"mixed\.csv:3: row 3, column 'value': '6.33' writes its decimals"):
        series(stub, extra=mixed)


def test_extra_unknown_indicator_names_row_and_column(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,IPM,2021,actual,75.1\n")
    with pytest.raises(RenjaError, match=r"row 2, column 'indicator': unknown indicator 'IPM'") as err:
        series(stub, extra=extra)
    assert err.value.line == 2


def test_extra_unknown_kind_names_row_and_column(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,TPT,2021,realisasi,6.23\n")
    with pytest.raises(RenjaError, match=r"row 2, column 'kind': expected one of .*'realisasi'"):
        series(stub, extra=extra)


def test_extra_non_integer_year_names_row_and_column(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,TPT,2021.5,actual,6.23\n")
    with pytest.raises(RenjaError, match=r"row 2, column 'year': expected a whole year .*'2021.5'"):
        series(stub, extra=extra)


def test_extra_share_above_100_is_refused(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,TPT,2021,actual,623\n")
    with pytest.raises(RenjaError, match=r"row 2, column 'value': TPT is a percentage share"):
        series(stub, extra=extra)


def test_extra_unknown_column_is_refused(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value,serie_break\nKota Pasuruan,TPT,2021,actual,6.23,true\n")
    with pytest.raises(RenjaError, match=r"column 'serie_break': unknown column"):
        series(stub, extra=extra)


def test_extra_that_does_not_exist_is_named(stub, tmp_path):
    with pytest.raises(RenjaError, match=r"nowhere\.csv: file not found"):
        series(stub, extra=tmp_path / "nowhere.csv")


# ====================================================================== gap to target
def test_gap_for_tpt_2021_by_two_minus(stub):
    gap = gap_to_target(series(stub), method="two_minus")
    row = _rows(gap, indicator="TPT", year=2021).iloc[0]
    assert row["realised_kind"] == "actual"
    assert row["gap_pp"] == pytest.approx(6.23 - 5.71)
    assert row["achievement"] == pytest.approx((2 * 5.71 - 6.23) / 5.71 * 100)
    assert (row["method"], row["formula"], row["band_key"]) == (
        "two_minus", "(2 × target − realised) / target × 100", "high")


def test_gap_for_tpt_2021_by_inverse_ratio(stub):
    gap = gap_to_target(series(stub), method="inverse_ratio")
    row = _rows(gap, indicator="TPT", year=2021).iloc[0]
    assert row["achievement"] == pytest.approx(5.71 / 6.23 * 100)
    assert (row["method"], row["band_key"]) == ("inverse_ratio", "very_high")
    assert "band" not in gap.columns  # words are the presentation layer's


def test_gap_for_higher_is_better_uses_the_ratio(stub):
    gap = gap_to_target(series(stub))
    row = _rows(gap, indicator="TPAK", year=2021).iloc[0]
    assert row["achievement"] == pytest.approx(71.66 / 67.78 * 100)
    assert (row["direction"], row["method"], row["band_key"]) == ("higher_is_better", "ratio", "very_high")


def test_gap_uses_the_estimate_where_a_year_has_no_actual_and_never_rates_it(stub):
    gap = gap_to_target(series(stub))
    row = _rows(gap, indicator="TPT", year=2022).iloc[0]
    assert (row["realised_kind"], row["realised"], row["target"]) == ("estimate", 6.20, 6.20)
    # an estimate of a figure not released yet is no achievement: no number, the band says so
    assert pd.isna(row["achievement"]) and row["band_key"] == "not_released"


def test_gap_has_one_row_per_indicator_and_year_with_both_values(stub):
    gap = gap_to_target(series(stub))
    assert list(zip(gap["indicator"], gap["year"])) == [("TPT", 2021), ("TPT", 2022), ("TPAK", 2021), ("TKK", 2021), ("TKK", 2022)]
    assert not gap["conflict"].any()


def test_gap_keeps_both_conflicting_values_and_marks_them(stub, tmp_path):
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Pasuruan,TPT,2021,actual,6.25\n")
    gap = gap_to_target(series(stub, extra=extra))
    rows = _rows(gap, indicator="TPT", year=2021)
    assert rows["realised"].tolist() == [6.23, 6.25]
    assert rows["conflict"].tolist() == [True, True]
    assert rows["realised_source"].tolist()[1] == "bps.csv row 2"


def test_gap_refuses_an_unknown_method(stub):
    with pytest.raises(RenjaError, match=r"method must be one of .*got 'ratio'"):
        gap_to_target(series(stub), method="ratio")


@pytest.mark.parametrize("module", [labour, rates], ids=["labour", "rates"])
def test_docstring_examples_run(module):
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_rates_are_the_same_functions_under_labour():
    assert (labour.tpak, labour.tpt, labour.tkk, labour.check_tkk_tpt) == (
        rates.tpak, rates.tpt, rates.tkk, rates.check_tkk_tpt)


# ------------------------------------------------------------------ rounding, release, complements (hand-made)
def test_a_value_written_rounded_is_the_same_figure_not_a_conflict(stub):
    """The audit's rounding rule: 67,8 is 67,78 written with one decimal; 67,7 is not."""
    stub.service_indicators = stub.service_indicators.assign(
        raw=stub.service_indicators["value"].map(lambda v: "" if pd.isna(v) else f"{v:.2f}".replace(".", ",") + "%"))
    for written, conflict in (("67,8%", False), ("67,7%", True)):
        stated = pd.DataFrame([("target_stated", "Tingkat Partisipasi Angkatan Kerja", 2021, "year",
                                float(written[:-1].replace(",", ".")), "%", f"ditargetkan sebesar {written}", 312)],
                              columns=stub.facts.columns)
        result = series(SimpleNamespace(**{**vars(stub), "facts": pd.concat([stub.facts, stated], ignore_index=True)}))
        row = _rows(result.frame, indicator="TPAK", year=2021, kind="target")
        if conflict:
            assert row["value"].tolist() == [67.7, 67.78] and row["conflict"].all() and result.rounded.empty
        else:
            assert row["value"].tolist() == [67.78] and not row["conflict"].any()  # the more precise value kept
            assert row["source"].tolist() == ["Tabel 2.2 line 657; narrative line 312"]
            assert result.rounded[["value", "rounded_value", "rounded_source"]].values.tolist() == [
                [67.78, 67.8, "narrative line 312"]]


def test_an_empty_cell_the_document_says_is_not_released_is_listed_so(stub):
    stub.service_indicators = stub.service_indicators.assign(note="belum rilis dari BPS")
    dropped = series(stub).dropped
    assert sorted(_rows(dropped, reason=labour.NOT_RELEASED)["indicator"]) == ["TKK", "TPAK", "TPT"]
    assert _rows(dropped, reason="no value")["indicator"].tolist() == []
    assert series(stub.__class__(**{**vars(stub), "service_indicators": stub.service_indicators.assign(
        note="target Renstra")})).dropped["reason"].value_counts()["no value"] == 3   # another note says nothing of it


def test_complement_pairs_say_where_one_fact_falls_in_two_bands(stub):
    two_minus = complement_pairs(gap_to_target(series(stub)))
    assert two_minus[["year", "indicator", "complement", "band_key", "complement_band_key", "same_band"]
                     ].values.tolist() == [[2021, "TKK", "TPT", "very_high", "high", False]]
    assert two_minus.loc[0, "gap_pp"] == pytest.approx(-0.52)
    # by the other method both are "sangat tinggi": no disagreement to explain
    assert complement_pairs(gap_to_target(series(stub), method="inverse_ratio"))["same_band"].tolist() == [True]


def test_pair_basis_rates_both_on_the_basis_the_analyst_chooses(stub):
    on_tpt = gap_to_target(series(stub), pair_basis="TPT")
    tkk, tpt = (_rows(on_tpt, indicator=i, year=2021).iloc[0] for i in ("TKK", "TPT"))
    assert (tkk["basis"], tkk["band_key"], tkk["method"]) == ("TPT", "high", "two_minus")
    assert tkk["achievement"] == pytest.approx(tpt["achievement"]) == pytest.approx(90.89317, abs=1e-5)
    on_tkk = gap_to_target(series(stub), pair_basis="TKK")
    tpt = _rows(on_tkk, indicator="TPT", year=2021).iloc[0]
    assert (tpt["basis"], tpt["band_key"], round(tpt["achievement"], 2)) == ("TKK", "very_high", 99.45)
    assert complement_pairs(on_tpt)["same_band"].tolist() == [True]
    # an estimate is not paired, and TPAK keeps its own basis
    assert set(_rows(on_tpt, year=2022)["basis"]) == {"TPT", "TKK"}
    assert _rows(on_tpt, indicator="TPAK")["basis"].tolist() == ["TPAK"]
    with pytest.raises(RenjaError, match="pair_basis must be one of"):
        gap_to_target(series(stub), pair_basis="TPAK")


# ====================================================================== the real document
# ``doc`` is the bundled Renja 2023 read by the data layer (tests/conftest.py).
def test_real_document_tpt_2021_is_stated_in_table_and_narrative(doc):
    row = _rows(series(doc).frame, indicator="TPT", year=2021, kind="actual")
    assert row["value"].tolist() == [6.23]
    assert row["source"].tolist() == ["Tabel 2.2 line 655; narrative line 318"]


def test_real_document_tkk_and_tpt_add_up_to_100_wherever_both_are_given(doc):
    frame = series(doc).frame
    wide = frame[~frame["conflict"]].pivot_table(index=["year", "kind"], columns="indicator", values="value")
    both = wide.dropna(subset=["TKK", "TPT"])
    assert len(both) >= 6  # actuals 2020-2021, targets 2021-2024, estimate 2022 ...
    assert check_tkk_tpt(both["TKK"], both["TPT"]).holds.all()


def test_real_document_tpt_2021_achievement_is_rated_high_by_two_minus(doc):
    row = _rows(gap_to_target(series(doc), method="two_minus"), indicator="TPT", year=2021).iloc[0]
    assert round(row["achievement"], 2) == 90.89
    assert row["band_key"] == "high"


# ====================================================================== series: a document with no labour figure
def test_a_document_without_labour_indicators_gives_an_empty_series_and_its_reason(stub):
    """A health office's Renja: its Tabel 2.2 and narrative hold other indicators. Not an error, no other figures."""
    from renja_lib.analyse.labour import NO_INDICATORS, REASONS

    assert series(stub).reason is None
    stub.service_indicators = pd.DataFrame({
        "indicator": ["Angka Kematian Ibu", "Persentase balita gizi buruk"], "measure": ["target", "realization"],
        "year": [2021, 2021], "value": [98.0, 0.95], "unit": ["", "%"], "note": "", "source_line": [655, 656]})
    stub.facts = _facts().assign(quantity="target_stated", subject="Persentase balita gizi buruk")
    result = series(stub)
    assert result.frame.empty and list(result.frame.columns) == SERIES_COLUMNS
    assert result.reason == NO_INDICATORS and NO_INDICATORS in REASONS
    assert result.region == "Kota Pasuruan"  # the document's own region, with nothing in it
    # a labour row whose cells are all empty is no figure either: listed as dropped, the reason stays
    stub.service_indicators = _service_indicators().assign(value=np.nan)
    stub.facts = _facts().iloc[0:0]
    empty = series(stub)
    assert empty.frame.empty and empty.reason == NO_INDICATORS and len(empty.dropped) > 0


def test_an_extra_file_does_not_take_away_the_reason(stub, tmp_path):
    stub.service_indicators = _service_indicators().iloc[0:0]
    stub.facts = _facts().iloc[0:0]
    extra = _write(tmp_path, "bps.csv", "region,indicator,year,kind,value\nKota Malang,TPT,2021,actual,7.1\n")
    result = series(stub, extra=extra)
    assert result.reason == "no_indicators" and set(result.frame["region"]) == {"Kota Malang"}


def test_extra_goes_through_the_indicator_series_reader(stub, tmp_path):
    """series(extra=...) reads through read.indicator_series: Indonesian decimals with a percent sign, and every bad
    row named in one error (the old reader stopped at the first)."""
    extra = _write(tmp_path, "bps.csv", "region;indicator;year;kind;value\nKota Pasuruan;TPT;2020;actual;6,33%\n")
    rows = _rows(series(stub, extra=extra).frame, indicator="TPT", year=2020, kind="actual")
    assert rows["value"].tolist() == [6.33]
    bad = _write(tmp_path, "bad.csv", "region,indicator,year,kind,value\n"
                 "Kota Pasuruan,IPM,2021,actual,7.1\nKota Pasuruan,TPT,2021,realisasi,6.23\n")
    with pytest.raises(RenjaError) as err:
        series(stub, extra=bad)
    text = str(err.value)
    assert "row 2" in text and "row 3" in text and "'IPM'" in text and "'realisasi'" in text


def test_extra_takes_bps_downloads_and_a_list_of_files(stub):
    """A BPS website table (.csv) and a WebAPI answer (.json) as extra files: their annual (August) figures join the
    series; the document's own TPT 2021 (6,23) agrees with both, so no conflict; February figures stay out."""
    bps = Path(__file__).parent / "data" / "bps"
    result = series(stub, extra=[bps / "tpt_kabkota_jatim_api.json", bps / "tpt_kabkota_jatim_2021_2023.csv"])
    own = _rows(result.frame, region="Kota Pasuruan", indicator="TPT", year=2021, kind="actual")
    assert own["value"].tolist() == [6.23] and not own["conflict"].any()
    assert "tpt_kabkota_jatim_2021_2023.csv row 38" in own["source"].iloc[0]
    assert "tpt_kabkota_jatim_api.json" in own["source"].iloc[0]
    assert 6.41 not in set(_rows(result.frame, region="Kota Pasuruan", indicator="TPT")["value"])  # February 2021
    assert len(set(result.frame["region"])) > 30  # every region of the province file
