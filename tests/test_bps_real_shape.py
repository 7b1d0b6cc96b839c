"""A real BPS website download (tests/data/bps/pdrb_adhb_kabkota_jatim_2022_2023.csv, see its README): its shape
is read, and a table of another statistic is refused with one message naming the file, row and column."""
from __future__ import annotations

from pathlib import Path

import pytest

from renja_lib.errors import RenjaError
from renja_lib.read.bps import read_bps

REAL = Path(__file__).parent / "data" / "bps" / "pdrb_adhb_kabkota_jatim_2022_2023.csv"


def test_the_real_download_is_refused_as_no_labour_statistic_with_file_row_and_column():
    with pytest.raises(RenjaError) as caught:
        read_bps(REAL)
    text = str(caught.value)
    assert REAL.name in text and "3" in text.split(REAL.name, 1)[1][:12]  # file:row
    assert "PDRB Atas Dasar Harga Berlaku" in text  # the column: the title over the years
    assert "TPT" in text and "indicator=" in text  # what was expected, and what to do


def _tpt_in_the_real_shape(tmp_path: Path) -> Path:
    """The real file with its title and figures changed to a TPT table (every other byte as downloaded)."""
    raw = REAL.read_bytes()
    lines = raw.decode("utf-8-sig").split("\n")
    assert lines[1].startswith(",[Seri 2010] PDRB") and lines[2] == ",2022,2023"
    lines[1] = ",[Metode Baru] Tingkat Pengangguran Terbuka (TPT) Menurut Kabupaten/Kota (Persen),"
    for i in range(3, len(lines)):
        name, *_ = lines[i].split(",")
        if name:
            tpt = {"Kota Pasuruan": ("5.6", "5.85"), "Jawa Timur": ("5.49", "4.88")}.get(name, (f"{3 + i % 5}.1",
                                                                                                 f"{3 + i % 4}.2"))
            lines[i] = f"{name},{tpt[0]},{tpt[1]}"
    out = tmp_path / "tpt_real_shape.csv"
    out.write_bytes(raw[:3] + "\n".join(lines).encode("utf-8"))  # the BOM kept
    return out


def test_a_tpt_table_in_the_real_downloads_shape_is_read(tmp_path):
    series = read_bps(_tpt_in_the_real_shape(tmp_path))
    frame = series.frame
    assert set(frame["indicator"]) == {"TPT"} and set(frame["year"]) == {2022, 2023}
    assert len(frame) == 2 * 39  # 38 kabupaten/kota and the province, two years each: nothing lost
    assert set(frame["period"]) == {"year"}
    city = frame[frame["region"] == "Kota Pasuruan"].set_index("year")["value"]
    assert city.to_dict() == {2022: 5.6, 2023: 5.85}
    province = frame[frame["region_level"] == "provinsi"]
    assert set(province["region"]) == {"Provinsi Jawa Timur"}
    assert province.set_index("year")["value"].to_dict() == {2022: 5.49, 2023: 4.88}
    kab = frame[frame["region"] == "Kabupaten Pasuruan"]
    assert len(kab) == 2 and set(kab["region_level"]) == {"kabupaten"}
    row = frame[(frame["region"] == "Kota Pasuruan") & (frame["year"] == 2023)].iloc[0]
    assert row["source_file"] == "tpt_real_shape.csv" and int(row["source_row"]) == 37
