"""renja_lib.read.bps (and bps_json): BPS labour tables and WebAPI answers as users download them;
``renja bps fetch`` against recorded answers (no network)."""
from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import pytest

from renja_lib.cli import bps_command
from renja_lib.cli.commands import main
from renja_lib.errors import RenjaError
from renja_lib.read import bps, bps_json
from renja_lib.read.bps import read_bps, read_extra

DATA = Path(__file__).parent / "data"
BPS = DATA / "bps"
CSV_ID = BPS / "tpt_kabkota_jatim_2021_2023.csv"
CSV_EN = BPS / "tpt_kabkota_jatim_en.csv"
API = BPS / "tpt_kabkota_jatim_api.json"


def _values(series, period=None):
    frame = series.frame if period is None else series.frame[series.frame["period"] == period]
    return {(r.region_key, r.indicator, r.year, r.period): r.value for r in frame.itertuples()}


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path, **kw) -> str:
    with pytest.raises(RenjaError) as err:
        read_bps(path, **kw)
    return err.value.render("en")


def test_doctests():
    for module in (bps, bps_json, bps_command):
        assert doctest.testmod(module).failed == 0, module.__name__


# ---------------------------------------------------------------- the website's download, Indonesian
def test_the_indonesian_download_with_two_header_rows_and_footnotes():
    s = read_bps(CSV_ID)
    assert s.form == "csv" and s.decimal == "," and s.table.had_bom
    # 29 kabupaten, 9 kota and the province, each with its August figure for 2021-2023
    annual = s.annual()
    assert annual.groupby("region_level")["region_key"].nunique().to_dict() == {
        "kabupaten": 29, "kota": 9, "provinsi": 1}
    assert len(annual) == 39 * 3
    row = annual[(annual["region_key"] == "kota:pasuruan") & (annual["year"] == 2021)].iloc[0]
    assert (row["region"], row["indicator"], row["value"], row["decimals"]) == ("Kota Pasuruan", "TPT", 6.23, 2)
    assert (row["source_file"], row["source_row"], row["source_column"]) == (CSV_ID.name, 38, "2021 Agustus")
    # "Pasuruan" alone is the kabupaten, another region than the city
    assert "kabupaten:pasuruan" in set(annual["region_key"])
    assert set(annual.loc[annual["region_key"] == "provinsi:jawatimur", "region"]) == {"Provinsi Jawa Timur"}
    # February figures are kept as such, never in the annual series
    feb = s.frame[s.frame["period"] == "february"]
    assert set(feb["region_key"]) == {"kabupaten:sidoarjo", "kota:surabaya", "kota:pasuruan", "provinsi:jawatimur"}
    assert not set(zip(feb["region_key"], feb["year"], feb["value"])) & set(
        zip(annual["region_key"], annual["year"], annual["value"]))
    # "…" is not available, "-" no value: left out, never 0
    assert s.dropped["reason"].value_counts().to_dict() == {"not available": 105, "no value": 1}
    dash = s.dropped[s.dropped["reason"] == "no value"].iloc[0]
    assert (dash["region_key"], dash["year"], dash["period"]) == ("kota:pasuruan", 2022, "february")
    assert [n.split(":")[0] for n in s.notes[:2]] == ["Sumber", "Catatan"] and len(s.notes) == 3


def test_records_give_the_annual_series_and_drop_february_with_its_reason():
    rows, dropped = read_bps(CSV_ID).records()
    assert len(rows) == 117 and {r["kind"] for r in rows} == {"actual"}
    assert {d["reason"] for d in dropped} == {"period february", "not available", "no value"}
    pasuruan = [r for r in rows if r["region"] == "Kota Pasuruan"]
    assert [(r["year"], r["value"]) for r in pasuruan] == [(2021, 6.23), (2022, 6.15), (2023, 5.85)]


def _xlsx_of(rows: list[list[str]], path: Path, *, merge: bool) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    for r, cells in enumerate(rows, 1):
        for c, text in enumerate(cells, 1):
            if not text:
                continue
            value: object = text
            if r > 4 and c > 1 and text[0].isdigit():
                value = float(text.replace(",", "."))  # a spreadsheet holds numbers as numbers
            elif text.isdigit():
                value = int(text)
            ws.cell(row=r, column=c, value=value)
    if merge:  # the years over their two half-years, as the website's workbook merges them
        for c in (2, 4, 6):
            ws.merge_cells(start_row=3, start_column=c, end_row=3, end_column=c + 1)
    book.save(path)
    return path


def _csv_rows(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))


def test_the_same_table_as_a_workbook_with_merged_years_reads_the_same(tmp_path):
    xlsx = _xlsx_of(_csv_rows(CSV_ID), tmp_path / "tpt.xlsx", merge=True)
    s, t = read_bps(xlsx), read_bps(CSV_ID)
    assert s.form == "xlsx"
    assert _values(s) == _values(t)
    assert s.frame["decimals"].eq(15).all()  # a spreadsheet's number: exact, not as printed


def test_a_workbook_is_told_by_its_content_not_its_name(tmp_path):
    xlsx = _xlsx_of(_csv_rows(CSV_ID), tmp_path / "tpt.xlsx", merge=False)
    renamed = tmp_path / "unduhan_bps.csv"
    renamed.write_bytes(xlsx.read_bytes())
    nameless = tmp_path / "unduhan"
    nameless.write_bytes(xlsx.read_bytes())
    assert read_bps(renamed).form == read_bps(nameless).form == "xlsx"
    assert _values(read_bps(renamed)) == _values(read_bps(CSV_ID))


def test_the_english_download_with_years_in_another_order_gives_the_august_figures():
    en, idn = read_bps(CSV_EN), read_bps(CSV_ID)
    assert en.decimal == "."
    assert _values(en) == _values(idn, "year")
    assert en.frame.loc[en.frame["region_key"] == "kota:pasuruan", "region"].iloc[0] == "Kota Pasuruan"


# ---------------------------------------------------------------- the WebAPI's answer
def test_the_webapi_answer_reads_as_the_download_does():
    api, table = read_bps(API), read_bps(CSV_ID)
    assert api.form == "json" and api.table is None
    assert _values(api) == _values(table)
    # each value names the line of its key in the file, and the key
    row = api.frame[(api.frame["region_key"] == "kota:pasuruan") & (api.frame["year"] == 2021)
                    & (api.frame["period"] == "year")].iloc[0]
    assert row["source_column"] == "35755430121189"
    assert f'"35755430121189": 6.23' in API.read_text(encoding="utf-8").splitlines()[row["source_row"] - 1]
    # null is no value, kept in dropped with its place
    assert api.dropped[["region_key", "year", "period", "reason"]].values.tolist() == [
        ["kota:pasuruan", 2022, "february", "no value"]]


def test_a_key_is_split_with_the_id_lists_and_an_ambiguous_one_is_refused(tmp_path):
    answer = {"status": "OK", "data-availability": "available",
              "var": [{"val": 2, "label": "TPT"}, {"val": 12, "label": "TPAK"}],
              "vervar": [{"val": 1, "label": "Kota A"}, {"val": 11, "label": "Kota B"}],
              "tahun": [{"val": 121, "label": "2021"}], "turtahun": [{"val": 0, "label": "Tahun"}],
              "datacontent": {"11201210": 5.1}}
    path = _write(tmp_path, "a.json", json.dumps(answer, indent=1))
    # 1 + 12 + 0 + 121 + 0 and 11 + 2 + 0 + 121 + 0 both make 11201210
    message = _error(path)
    assert "a.json:" in message and "11201210" in message and "more than one way" in message
    answer["datacontent"] = {"1201210": 5.1, "11201211": 5.2}
    path = _write(tmp_path, "b.json", json.dumps(answer, indent=1))
    message = _error(path)
    assert "11201211" in message and "does not split" in message and "b.json:" in message


def test_turtahun_annual_beside_august_stays_apart(tmp_path):
    answer = {"status": "OK", "data-availability": "available",
              "var": [{"val": 6, "label": "Tingkat Partisipasi Angkatan Kerja", "unit": "Persen"}],
              "labelvervar": "Provinsi", "turvar": [{"val": 0, "label": "Tidak ada"}],
              "vervar": [{"val": 3500, "label": "JAWA TIMUR"}, {"val": 9999, "label": "INDONESIA"}],
              "tahun": [{"val": 123, "label": "2023"}],
              "turtahun": [{"val": 1, "label": "Semester 1 (Februari)"}, {"val": 2, "label": "Semester 2 (Agustus)"},
                           {"val": 3, "label": "Tahunan"}],
              "datacontent": {"3500601231": "72,10", "3500601232": "71,24", "3500601233": "71,67",
                              "9999601232": "69,48"}}
    s = read_bps(_write(tmp_path, "tpak.json", json.dumps(answer)))
    assert s.decimal == ","
    got = {(r.region, r.period): r.value for r in s.frame.itertuples()}
    assert got == {("Provinsi Jawa Timur", "february"): 72.10, ("Provinsi Jawa Timur", "year"): 71.24,
                   ("Provinsi Jawa Timur", "annual"): 71.67, ("Indonesia", "year"): 69.48}
    assert set(s.frame["indicator"]) == {"TPAK"}


# ---------------------------------------------------------------- other shapes the rule must read
def test_a_file_of_one_year_named_in_its_title_with_an_annual_column(tmp_path):
    text = ("Tingkat Pengangguran Terbuka Menurut Provinsi (Persen), 2023\n\n\n"
            ",Februari,Agustus,Tahunan\nJAWA TIMUR,4.33,4.88,4.61\nBALI,2.81,2.69,2.75\nINDONESIA,5.45,5.32,5.39\n")
    s = read_bps(_write(tmp_path, "2023.csv", text))
    assert set(s.frame["year"]) == {2023}
    assert _values(s, "year") == {("provinsi:jawatimur", "TPT", 2023, "year"): 4.88,
                                  ("provinsi:bali", "TPT", 2023, "year"): 2.69,
                                  ("nasional:indonesia", "TPT", 2023, "year"): 5.32}
    assert s.frame.groupby("period").size().to_dict() == {"annual": 3, "february": 3, "year": 3}


def test_several_title_rows_marks_and_two_indicators_named_over_their_columns(tmp_path):
    text = ("BADAN PUSAT STATISTIK PROVINSI JAWA TENGAH\n"
            "Tingkat Partisipasi Angkatan Kerja (TPAK) dan Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota"
            " di Provinsi Jawa Tengah\n"
            "Kabupaten/Kota;TPAK;;TPT;\n;2022;2023*;2022;2023*\n"
            "Cilacap;67,12;68,05;8,77;7,85*\nKota Semarang;69,20;70,01;7,60;5,86\nJawa Tengah;69,51;70,00;5,57;5,13\n"
            "Sumber: Sakernas Agustus\n")
    s = read_bps(_write(tmp_path, "jateng.csv", text))
    got = _values(s)
    assert got[("kabupaten:cilacap", "TPAK", 2023, "year")] == 68.05
    assert got[("kabupaten:cilacap", "TPT", 2023, "year")] == 7.85
    assert got[("provinsi:jawatengah", "TPT", 2022, "year")] == 5.57
    marked = s.frame[(s.frame["region_key"] == "kabupaten:cilacap") & (s.frame["indicator"] == "TPT")
                     & (s.frame["year"] == 2023)].iloc[0]
    assert marked["source"].endswith("(*)") and marked["source_column"] == "TPT 2023*"


def test_indicator_argument_for_a_file_that_does_not_name_it(tmp_path):
    text = "Kabupaten/Kota;2022;2023\nPacitan;1,96;1,77\nJawa Timur;5,49;4,88\n"
    path = _write(tmp_path, "no_title.csv", text)
    assert "pass indicator=" in _error(path)
    s = read_bps(path, indicator="Tingkat Pengangguran Terbuka")
    assert set(s.frame["indicator"]) == {"TPT"}
    assert set(s.frame["region_level"]) == {"kabupaten", "provinsi"}
    # and a file that names another is refused
    assert "indicator='TPAK'" in _error(CSV_ID, indicator="TPAK")


# ---------------------------------------------------------------- bad shapes: one message, file, row, column
def test_no_year_columns():
    message = _error(BPS / "bad_no_years.csv")
    assert message.startswith("tests/data/bps/bad_no_years.csv:2: row 2, column ") or "bad_no_years.csv:2:" in message
    assert "no year columns" in message


def test_a_region_twice_with_different_values():
    message = _error(BPS / "bad_region_twice.csv")
    assert "bad_region_twice.csv:5: row 5, column '2022'" in message
    assert "'5,88' here and '5,90' at row 4" in message


def test_text_in_a_value_cell():
    message = _error(BPS / "bad_text_value.csv")
    assert "bad_text_value.csv:4: row 4, column '2022'" in message and "'belum rilis'" in message


def test_a_json_key_that_does_not_split():
    message = _error(BPS / "bad_key.json")
    line = next(i for i, t in enumerate((BPS / "bad_key.json").read_text().splitlines(), 1) if "35755439121189" in t)
    assert f"bad_key.json:{line}: row {line}, column '35755439121189'" in message


@pytest.mark.parametrize("name, words", [("api_error.json", "status 'Error' (Invalid Key)"),
                                          ("api_not_available.json", "'list-not-available'")])
def test_webapi_answers_that_are_no_data(name, words):
    message = _error(BPS / name)
    assert name in message and words in message


def test_a_share_outside_0_100_and_a_row_without_region(tmp_path):
    path = _write(tmp_path, "x.csv", "TPT (Persen)\nKabupaten/Kota;2022\nPacitan;101,5\n")
    assert "x.csv:3: row 3, column '2022'" in _error(path) and "outside 0-100" in _error(path)
    path = _write(tmp_path, "y.csv", "TPT (Persen)\nKabupaten/Kota;2022;2023\nPacitan;1,5;1,4\n;2,0;2,1\n")
    assert "y.csv:4: row 4, column 'Kabupaten/Kota'" in _error(path)


# ---------------------------------------------------------------- for the labour series
def test_read_extra_takes_the_projects_csv_and_bps_files_together():
    from renja_lib.analyse import labour

    kwargs = dict(indicator_key=labour.indicator_key, indicators=["TPT", "TPAK", "TKK"],
                  shares={"TPT", "TPAK", "TKK"})
    own_rows, _ = read_extra(DATA / "extra_indicators.csv", **kwargs)
    rows, dropped = read_extra([DATA / "extra_indicators.csv", API], **kwargs)
    assert len(rows) == len(own_rows) + 117
    assert {"period february", "no value"} <= {d["reason"] for d in dropped}
    assert all(set(r) == {"region", "indicator", "year", "kind", "value", "source", "series_break", "decimals"}
               for r in rows)


# ---------------------------------------------------------------- renja bps fetch, against recorded answers
class _Answer:
    def __init__(self, data: bytes):
        self.data = data

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, n=-1):
        return self.data


def _recorded(monkeypatch, data: bytes | Exception):
    asked = []

    def fake(request, timeout):
        asked.append((request.full_url, timeout))
        if isinstance(data, Exception):
            raise data
        return _Answer(data)

    monkeypatch.setattr(bps_command, "urlopen", fake)
    return asked


def test_fetch_writes_exactly_the_answer_the_reader_reads(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BPS_API_KEY", "secret-key")
    asked = _recorded(monkeypatch, API.read_bytes())
    out = tmp_path / "tpt.json"
    code = main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(out), "--lang", "en"])
    assert code == 0
    assert asked[0][0] == ("https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/3500/var/543/"
                           "key/secret-key/")
    assert out.read_bytes() == API.read_bytes()
    assert _values(read_bps(out)) == _values(read_bps(API))
    printed = capsys.readouterr()
    assert "128 values" in printed.out and "secret-key" not in printed.out + printed.err
    # written by the tool, so a second run replaces it without --force
    assert main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(out)]) == 0


def test_fetch_without_a_token_says_how_to_get_one(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("BPS_API_KEY", raising=False)
    asked = _recorded(monkeypatch, API.read_bytes())
    code = main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(tmp_path / "a.json"),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and not asked and not (tmp_path / "a.json").exists()
    assert err.count("\n") == 1 and "BPS_API_KEY" in err


def test_fetch_without_a_network_is_the_environment(tmp_path, monkeypatch, capsys):
    from urllib.error import URLError

    monkeypatch.setenv("BPS_API_KEY", "k")
    _recorded(monkeypatch, URLError("[Errno -3] Temporary failure in name resolution"))
    code = main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(tmp_path / "a.json"),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 3 and "cannot reach the BPS WebAPI" in err and not (tmp_path / "a.json").exists()


@pytest.mark.parametrize("name, words", [("api_error.json", "Invalid Key"),
                                          ("api_not_available.json", "list-not-available")])
def test_fetch_of_an_error_answer_writes_nothing(tmp_path, monkeypatch, capsys, name, words):
    monkeypatch.setenv("BPS_API_KEY", "k")
    _recorded(monkeypatch, (BPS / name).read_bytes())
    code = main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(tmp_path / "a.json"),
                 "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 2 and words in err and not (tmp_path / "a.json").exists()


def test_fetch_an_http_error_and_bad_arguments(tmp_path, monkeypatch, capsys):
    from urllib.error import HTTPError

    monkeypatch.setenv("BPS_API_KEY", "k")
    _recorded(monkeypatch, HTTPError("u", 401, "Unauthorized", {}, None))
    out = str(tmp_path / "a.json")
    assert main(["bps", "fetch", "--var", "543", "--domain", "3500", "--out", out, "--lang", "en"]) == 2
    assert "HTTP 401" in capsys.readouterr().err
    assert main(["bps", "fetch", "--var", "543", "--domain", "35", "--out", out, "--lang", "en"]) == 2
    assert "--domain must be" in capsys.readouterr().err


def test_fetch_refuses_a_file_it_did_not_write_unless_forced(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("BPS_API_KEY", "k")
    _recorded(monkeypatch, API.read_bytes())
    out = tmp_path / "mine.json"
    out.write_text("{\"my\": \"notes\"}\n", encoding="utf-8")
    args = ["bps", "fetch", "--var", "543", "--domain", "3500", "--out", str(out), "--lang", "en"]
    assert main(args) == 2
    assert "--force" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "{\"my\": \"notes\"}\n"
    assert main(args + ["--force"]) == 0 and out.read_bytes() == API.read_bytes()


# ---------------------------------------------------------------- more shapes of unseen files
def test_a_number_column_a_spread_title_and_a_total_row(tmp_path):
    text = ("Tabel 3.2\n"
            "No,Kabupaten/Kota,Tingkat Pengangguran Terbuka Tahun 2021-2022,,,\n"
            ",,2021,,2022,\n"
            ",,Februari,Agustus,Februari,Agustus\n"
            "1,Kab. Pasuruan,\"5,10\",\"5,20\",…,\"4,90\"\n"
            "2,Kota Pasuruan,\"6,40\",\"6,23\",\"6,00\",\"6,15\"\n"
            ",Jumlah,\"5,17\",\"5,74\",\"4,81\",\"5,49\"\n"
            "Keterangan: angka Februari hanya untuk sebagian wilayah\n")
    s = read_bps(_write(tmp_path, "tabel.csv", text), indicator="TPT")
    got = _values(s, "year")
    assert got == {("kabupaten:pasuruan", "TPT", 2021, "year"): 5.20, ("kabupaten:pasuruan", "TPT", 2022, "year"): 4.90,
                   ("kota:pasuruan", "TPT", 2021, "year"): 6.23, ("kota:pasuruan", "TPT", 2022, "year"): 6.15,
                   (":jumlah", "TPT", 2021, "year"): 5.74, (":jumlah", "TPT", 2022, "year"): 5.49}
    assert s.frame["source_column"].iloc[0] == "Tingkat Pengangguran Terbuka Tahun 2021-2022 2021 Februari"


def test_the_total_row_of_a_province_table_is_the_province(tmp_path):
    text = ("Tingkat Pengangguran Terbuka Menurut Kabupaten/Kota di Provinsi Jawa Timur (Persen)\n"
            "Kabupaten/Kota;2022\nPasuruan;5,20\nKota Pasuruan;6,15\nJumlah;5,49\n")
    s = read_bps(_write(tmp_path, "t.csv", text))
    assert list(s.frame["region"]) == ["Kabupaten Pasuruan", "Kota Pasuruan", "Provinsi Jawa Timur"]


def test_a_breakdown_stays_out_of_the_annual_series(tmp_path):
    text = ("Tingkat Pengangguran Terbuka Menurut Jenis Kelamin (Persen)\n"
            "Kabupaten/Kota;2022;;\n;Laki-laki;Perempuan;Jumlah\nKota Pasuruan;6,50;5,60;6,15\n")
    s = read_bps(_write(tmp_path, "sex.csv", text))
    assert s.frame[["breakdown", "value"]].values.tolist() == [["laki-laki", 6.5], ["perempuan", 5.6], ["", 6.15]]
    rows, dropped = s.records()
    assert [r["value"] for r in rows] == [6.15]
    assert {d["reason"] for d in dropped} == {"breakdown laki-laki", "breakdown perempuan"}


def test_an_english_webapi_answer(tmp_path):
    answer = {"status": "OK", "data-availability": "available",
              "var": [{"val": 543, "label": "Open Unemployment Rate by Regency/Municipality", "unit": "Percent"}],
              "turvar": [{"val": 0, "label": "None"}], "labelvervar": "Regency/Municipality",
              "vervar": [{"val": 3514, "label": "Pasuruan"}, {"val": 3575, "label": "Pasuruan Municipality"},
                         {"val": 3500, "label": "Jawa Timur"}],
              "tahun": [{"val": 122, "label": "2022"}],
              "turtahun": [{"val": 188, "label": "February"}, {"val": 189, "label": "August"}],
              "datacontent": {"35145430122189": 4.9, "35755430122189": 6.15, "35755430122188": 6.0,
                              "35005430122189": 5.49}}
    s = read_bps(_write(tmp_path, "en.json", json.dumps(answer)))
    assert _values(s) == {("kabupaten:pasuruan", "TPT", 2022, "year"): 4.9,
                          ("kota:pasuruan", "TPT", 2022, "year"): 6.15,
                          ("kota:pasuruan", "TPT", 2022, "february"): 6.0,
                          ("provinsi:jawatimur", "TPT", 2022, "year"): 5.49}


def test_the_bps_help_pages_in_both_languages(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert main(["bps", "fetch", "--help"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("penggunaan: renja bps fetch") and "BPS_API_KEY" in page and "opsi:" in page
    assert not [w for w in ("usage:", "options:", "show this help") if w in page]
    assert main(["bps", "fetch", "--help", "--lang", "en"]) == 0
    page = capsys.readouterr().out
    assert page.startswith("usage: renja bps fetch") and "environment variable BPS_API_KEY" in " ".join(page.split())


def test_a_table_that_starts_in_the_second_column_of_a_workbook(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws["B2"] = "Tingkat Partisipasi Angkatan Kerja (TPAK) Menurut Kabupaten/Kota (Persen)"
    for r, row in enumerate([["Kabupaten/Kota", 2022, 2023], ["Kota Pasuruan", 68.12, 69.4],
                             ["Jawa Timur", "70,18", "…"]], start=4):
        for c, value in enumerate(row, start=2):
            ws.cell(row=r, column=c, value=value)
    ws["B8"] = "Sumber: BPS, Sakernas Agustus"
    book.save(tmp_path / "tpak.xlsx")
    s = read_bps(tmp_path / "tpak.xlsx")
    assert _values(s) == {("kota:pasuruan", "TPAK", 2022, "year"): 68.12, ("kota:pasuruan", "TPAK", 2023, "year"): 69.4,
                          ("provinsi:jawatimur", "TPAK", 2022, "year"): 70.18}
    assert s.dropped["reason"].tolist() == ["not available"] and s.notes == ("Sumber: BPS, Sakernas Agustus",)
    assert s.frame["source_column"].tolist()[:2] == ["2022", "2023"]
