"""renja_lib.present.names: the one name shortener of charts and sentences."""
from __future__ import annotations

import doctest

import pytest

from renja_lib.present import names
from renja_lib.present.names import short_name, title_case, wrap_name


@pytest.mark.parametrize("name, expected", [
    ("PROGRAM PELATIHAN KERJA DAN PRODUKTIVITAS TENAGA KERJA", "Pelatihan Kerja dan Produktivitas Tenaga Kerja"),
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
     "Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota"),
    ("Program Penempatan Tenaga Kerja", "Penempatan Tenaga Kerja"),
    ("program  penempatan   tenaga kerja ", "penempatan tenaga kerja"),
    ("Penataan Persebaran Penduduk yang Berasal dari 1 (satu) Daerah Kabupaten/Kota",
     "Penataan Persebaran Penduduk yang Berasal dari 1 Daerah Kabupaten/Kota"),
    ("Pelatihan Kerja Dan Produktivitas", "Pelatihan Kerja Dan Produktivitas"),  # mixed case: kept as written
])
def test_short_name_writes_names_as_an_analyst_would(name, expected):
    assert short_name(name) == expected


@pytest.mark.parametrize("word", ["dan", "yang", "di", "ke", "dari"])
def test_title_case_keeps_conjunctions_and_prepositions_lower_case(word):
    assert title_case(f"BELANJA {word.upper()} PEGAWAI") == f"Belanja {word} Pegawai"


def test_title_case_capitalises_a_small_word_that_starts_the_name():
    assert title_case("DI LUAR DAERAH") == "Di Luar Daerah"


@pytest.mark.parametrize("name", [None, float("nan"), "", "   "])
def test_a_missing_name_gives_the_code_or_nothing(name):
    assert short_name(name, "2.07.03") == "2.07.03"
    assert short_name(name) == ""


def test_wrap_name_cuts_past_its_lines_with_an_ellipsis():
    text = "Penataan Persebaran Penduduk yang Berasal dari 1 Daerah Kabupaten/Kota"
    assert wrap_name(text, 30, 2) == "Penataan Persebaran Penduduk\nyang Berasal dari 1 Daerah…"
    assert wrap_name(text, 200, 1) == text


def test_docstring_examples_run():
    result = doctest.testmod(names)
    assert result.attempted > 0 and result.failed == 0
