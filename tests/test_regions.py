"""renja_lib.read.regions: region names as tables write them, made comparable."""
from __future__ import annotations

import doctest

import pytest

from renja_lib.read import regions
from renja_lib.read.regions import level_of_code, parse_region, province_named, province_of_code, region_key


def test_doctests():
    assert doctest.testmod(regions).failed == 0


@pytest.mark.parametrize("written", ["KOTA PASURUAN", "Kota Pasuruan", "Pasuruan (Kota)", "Pasuruan City",
                                     "Pasuruan Municipality", "City of Pasuruan", "3575 Kota Pasuruan",
                                     "[3575] KOTA PASURUAN", "Kota Pasuruan*", "Pemkot Pasuruan", " Kota  Pasuruan "])
def test_one_city_written_many_ways_is_one_region(written):
    assert region_key(written) == "kota:pasuruan"
    assert parse_region(written).display == "Kota Pasuruan"


@pytest.mark.parametrize("written", ["Kabupaten Pasuruan", "Kab. Pasuruan", "KAB PASURUAN", "Pasuruan (Kab.)",
                                     "Pasuruan Regency", "Kab.Pasuruan"])
def test_the_kabupaten_of_the_same_name_is_another_region(written):
    assert region_key(written) == "kabupaten:pasuruan" != region_key("Kota Pasuruan")


def test_a_name_without_level_word_keeps_its_level_unknown():
    assert parse_region("Pasuruan").level is None
    assert region_key("Pasuruan") == ":pasuruan"


def test_spelling_variants_of_one_name_share_a_key():
    assert region_key("Kota Bau-Bau") == region_key("Kota Baubau")
    assert region_key("Kota Tanjung Pinang") == region_key("Kota Tanjungpinang")
    assert region_key("Kab. Kep. Seribu") == region_key("Kabupaten Kepulauan Seribu")


def test_provinces_and_the_nation():
    assert region_key("Provinsi Jawa Timur") == region_key("Prov. Jawa Timur") == region_key("Jawa Timur Province")
    assert parse_region("JAWA TIMUR").display == "Jawa Timur"
    assert province_named("JAWA TIMUR") == "Jawa Timur"
    assert province_named("D.I. Yogyakarta") == province_named("Daerah Istimewa Yogyakarta") == "DI Yogyakarta"
    assert province_named("Papua Barat") == "Papua Barat" and province_named("Papua") == "Papua"
    assert province_named("Pasuruan") is None
    assert parse_region("INDONESIA").level == "nasional"


def test_codes_say_the_level():
    assert [level_of_code(c) for c in ("0000", "35", "3500", "3501", "3529", "3571", "3579")] == [
        "nasional", "provinsi", "provinsi", "kabupaten", "kabupaten", "kota", "kota"]
    assert level_of_code("35751") is None and level_of_code("abcd") is None
    assert province_of_code("3575") == "Jawa Timur" and province_of_code("9999") is None
    assert parse_region("3575 Kota Pasuruan").code == "3575"


def test_level_words_alone_are_not_names():
    # a group row "Kota" or "Kabupaten" in a table is no region with a level
    assert parse_region("Kota").level is None and parse_region("Kabupaten").level is None
