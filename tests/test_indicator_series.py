"""A user's indicator series (``extra_indicators``): read through the one reader of user tables, Indonesian
decimals included, every value with its file and row, every bad row named."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from renja_lib import RenjaError
from renja_lib.analyse import labour
from renja_lib.config import PROJECT_ROOT
from renja_lib.read import indicator_series as S
from renja_lib.read.indicator_series import read_indicator_series

EXAMPLE = PROJECT_ROOT / "examples" / "extra_indicators.csv"


def read(path: Path) -> S.IndicatorSeries:
    """The series as notebook 02 reads it: the indicators, names and shares of ``data/indicators.csv``."""
    keys = list(labour.indicator_metadata()["key"])
    meta = labour.indicator_metadata()
    return read_indicator_series(path, indicator_key=labour.indicator_key, indicators=keys,
                                 shares=set(meta.loc[meta["kind"] == "share", "key"]), kinds=labour.KINDS)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_the_columns_and_kinds_are_those_of_the_labour_analysis():
    assert S.KINDS == labour.KINDS
    assert S.COLUMNS == labour.EXTRA_COLUMNS


def test_indonesian_decimals_in_a_semicolon_cp1252_file(tmp_path):
    """What Excel in Indonesia saves: ';' between columns, decimal commas, cp1252, a percent sign."""
    path = write(tmp_path, "bps.csv", "Region;Indicator;Year;Kind;Value;Source\n"
                 "Kota Pasuruan;TPT;2020;actual;6,33;BPS – Sakernas Agustus\n"
                 "Kota Pasuruan;Tingkat Partisipasi Angkatan Kerja;2021;actual;71,66%;BPS\n"
                 "Kota Pasuruan;tkk;2022;estimate;93,8;\n", "cp1252")
    series = read(path)
    assert (series.table.encoding, series.table.delimiter, series.decimal) == ("cp1252", ";", ",")
    expected = pd.DataFrame({
        "region": ["Kota Pasuruan"] * 3, "indicator": ["TPT", "TPAK", "TKK"], "year": [2020, 2021, 2022],
        "kind": ["actual", "actual", "estimate"], "value": [6.33, 71.66, 93.8],
        "source": ["bps.csv row 2: BPS – Sakernas Agustus", "bps.csv row 3: BPS", "bps.csv row 4"],
        "series_break": [False] * 3, "decimals": [2, 2, 1], "source_file": ["bps.csv"] * 3,
        "source_row": [2, 3, 4]})
    pd.testing.assert_frame_equal(series.frame, expected.astype({"year": "int64", "decimals": "int64",
                                                                 "source_row": "int64"}))
    assert series.dropped.empty and list(series.dropped.columns) == S.DROPPED_COLUMNS


def test_a_quoted_decimal_comma_in_a_comma_file_and_decimal_points_read(tmp_path):
    quoted = read(write(tmp_path, "a.csv", 'region,indicator,year,kind,value\nKota Malang,TPT,2021,actual,"6,33"\n'))
    point = read(write(tmp_path, "b.csv", "region,indicator,year,kind,value\nKota Malang,TPT,2021,actual,6.33\n"))
    assert quoted.frame["value"].tolist() == point.frame["value"].tolist() == [6.33]
    assert (quoted.decimal, point.decimal) == (",", ".")


def test_a_decimal_comma_that_split_a_row_is_named_with_the_two_ways_out(tmp_path):
    path = write(tmp_path, "bps.csv", "region,indicator,year,kind,value,source\n"
                 "Kota Malang,TPT,2021,actual,6,33,BPS\n")
    with pytest.raises(RenjaError) as info:
        read(path)
    assert info.value.path == str(path) and info.value.line == 2
    assert info.value.render("en") == (
        f"{path}:2: row 2: expected 6 fields, found 7: the number 6,33 seems written with a decimal comma in a "
        "file whose columns are separated by commas; put it in quotes (\"6,33\") or separate the columns with ';'")
    assert "beri tanda kutip (\"6,33\")" in info.value.render("id")
    # one field too many for another reason: no such guess
    other = write(tmp_path, "other.csv", "region,indicator,year,kind,value\nKota Malang,TPT,2021,actual,6.3,x\n")
    with pytest.raises(RenjaError) as info:
        read(other)
    assert info.value.render("en").endswith("row 2: expected 5 fields, found 6")


def test_every_bad_row_is_named_by_file_row_and_column_in_one_message(tmp_path):
    path = write(tmp_path, "bps.csv", "region;indicator;year;kind;value;series_break\n"
                 "Kota Malang;TPT;2021;actual;6,33;false\n"
                 ";IPM;21;realisasi;6,5;maybe\n"
                 "Kota Malang;TPAK;2021;actual;enam;\n"
                 "Kota Malang;TKK;2021;actual;193,5;\n")
    with pytest.raises(RenjaError) as info:
        read(path)
    text = info.value.render("en")
    assert info.value.line == 3
    assert text.startswith(f"{path}:3: 7 problems in 3 rows of the indicator series: row 3, column 'region': is "
                           "empty")
    for part in ("row 3, column 'indicator': unknown indicator 'IPM'",
                 "row 3, column 'kind': expected one of ['actual', 'estimate', 'target', 'renstra_target', "
                 "'projection'], found 'realisasi'",
                 "row 3, column 'year': expected a whole year such as 2021, found '21'",
                 "row 3, column 'series_break': expected true/false (or 1/0, ya/tidak), found 'maybe'",
                 "row 4, column 'value': ",
                 "row 5, column 'value': TKK is a percentage share, so it lies between 0 and 100; found '193,5'"):
        assert part in text
    assert "row 2" not in text
    assert info.value.render("id").startswith(f"{path}:3: 7 masalah pada 3 baris berkas deret indikator: baris 3, "
                                              "kolom 'region': kosong")


def test_a_column_mixing_decimal_marks_is_refused_naming_both_cells(tmp_path):
    path = write(tmp_path, "mixed.csv", "region;indicator;year;kind;value\nKota Malang;TPT;2020;actual;6,23\n"
                 "Kota Malang;TPT;2021;actual;6.33\n")
    with pytest.raises(RenjaError, match=r"mixed\.csv:3: row 3, column 'value': '6.33' writes its decimals"):
        read(path)


def test_rows_without_a_value_are_dropped_with_their_place_never_zero(tmp_path):
    path = write(tmp_path, "bps.csv", "region;indicator;year;kind;value;source\n"
                 "Kota Malang;TPT;2022;actual;;belum rilis\nKota Malang;TPT;2023;target;-;\n"
                 "Kota Malang;TPT;2021;actual;6,1;\n")
    series = read(path)
    assert series.frame["value"].tolist() == [6.1]
    assert series.dropped[["year", "reason", "source", "source_row"]].to_dict("records") == [
        {"year": 2022, "reason": "no value", "source": "bps.csv row 2: belum rilis", "source_row": 2},
        {"year": 2023, "reason": "no value", "source": "bps.csv row 3", "source_row": 3}]


def test_a_header_without_a_required_column_is_named(tmp_path):
    path = write(tmp_path, "bps.csv", "region,indicator,year,value\nKota Pasuruan,TPT,2021,6.23\n")
    with pytest.raises(RenjaError) as info:
        read(path)
    assert info.value.render("en") == (
        f"{path}:1: row 1, column 'kind': missing column ['kind']; the header must name ['region', 'indicator', "
        "'year', 'kind', 'value', 'source', 'series_break'] (source and series_break are optional), found "
        "['region', 'indicator', 'year', 'value']")
    with pytest.raises(RenjaError, match=r"file not found \(expected a CSV with columns region, indicator"):
        read(tmp_path / "nowhere.csv")
    with pytest.raises(RenjaError, match="the indicator series must be the path of a CSV file, got int 5"):
        read(5)


def test_records_are_what_the_labour_series_gathers(tmp_path):
    """records() gives the shape labour.series merges; the figures the same as the labour module reads today."""
    path = write(tmp_path, "bps.csv", "region,indicator,year,kind,value,source,series_break\n"
                 "Provinsi Jawa Timur,TPT,2020,actual,5.84,BPS,true\nKota Malang,TPT,2021,target,,x,\n")
    rows, dropped = read(path).records()
    assert rows == [{"region": "Provinsi Jawa Timur", "indicator": "TPT", "year": 2020, "kind": "actual",
                     "value": 5.84, "source": "bps.csv row 2: BPS", "series_break": True, "decimals": 2}]
    assert dropped == [{"region": "Kota Malang", "indicator": "TPT", "year": 2021, "kind": "target",
                        "source": "bps.csv row 3: x", "reason": "no value"}]
    assert (rows, dropped) == labour._read_extra(path)


def test_the_example_series_reads_and_agrees_with_the_bundled_document(doc):
    """examples/extra_indicators.csv: its Kota Pasuruan rows are the document's own BPS figures (merged, no
    conflict of their own); its other rows say they are examples."""
    series = read(EXAMPLE)
    assert (series.table.delimiter, series.decimal) == (";", ",")
    own = series.frame[series.frame["region"] == "Kota Pasuruan"]
    others = series.frame[series.frame["region"] != "Kota Pasuruan"]
    assert len(own) >= 2 and len(others) >= 1
    assert others["source"].str.contains("CONTOH, bukan angka rilis BPS").all()
    merged = labour.series(doc, extra=EXAMPLE)
    for row in own.itertuples():
        match = merged.frame[(merged.frame["region"] == row.region) & (merged.frame["indicator"] == row.indicator)
                             & (merged.frame["year"] == row.year) & (merged.frame["kind"] == row.kind)]
        assert len(match) == 1 and not match["conflict"].any(), row
        assert match["source"].iloc[0].count(";") >= 1  # the document's source and the file's, joined
    assert set(merged.frame["region"]) == set(series.frame["region"])


def test_an_excel_sheet_reads_its_numbers_as_numbers_and_its_text_as_written(tmp_path):
    import openpyxl

    path = tmp_path / "bps.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["Data TPT BPS"], ["region", "indicator", "year", "kind", "value"],
                ["Kota Malang", "TPT", 2021, "actual", 6.33], ["Kota Malang", "TPT", 2020, "actual", "6,1"]):
        sheet.append(row)
    book.save(path)
    series = read(path)
    assert series.frame[["year", "value", "decimals", "source_row"]].to_dict("records") == [
        {"year": 2021, "value": 6.33, "decimals": S.EXACT_DECIMALS, "source_row": 3},
        {"year": 2020, "value": 6.1, "decimals": 1, "source_row": 4}]
