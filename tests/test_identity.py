"""The document's identity (office, region, plan year, kind, date) read from its own words, on title pages
written in shapes other than the bundled one's."""
from __future__ import annotations

import pytest

from renja_lib.read.identity import Identity, read_identity
from renja_lib.read.locator import Locator


def _read(text: str, **kw):
    return read_identity(text.split("\n"), **kw)


def test_the_bundled_document_names_its_office_region_year_and_date(raw_text):
    ident, problems = read_identity(raw_text.split("\n"), table_plan_year=(2023, 960))
    assert problems == []
    assert (ident.office, ident.region, ident.region_kind, ident.region_name) == (
        "Dinas Tenaga Kerja Kota Pasuruan", "Kota Pasuruan", "kota", "Pasuruan")
    assert (ident.plan_year, ident.document_kind, ident.date, ident.date_text) == (2023, "renja", "2022", "2022")
    lines = raw_text.split("\n")
    for part, line, words in [("office", 421, "Nama Perangkat Daerah"), ("region", 12, "PEMERINTAH KOTA PASURUAN"),
                              ("plan_year", 5, "RENCANA KERJA TAHUN 2023"), ("date", 144, "Pasuruan, 2022")]:
        loc, quote = ident.where[part]
        assert loc == Locator("text", line=line) and words in lines[line - 1] and words in quote
    frame = ident.frame()
    assert frame["field"].tolist() == ["office", "region", "region_kind", "plan_year", "document_kind", "date"]
    assert frame.set_index("field").loc["region", "source_line"] == 12


def test_a_regency_office_on_one_title_line_with_a_dated_signature():
    text = """
**RENJA DINAS PENDIDIKAN KABUPATEN TANJUNG JABUNG BARAT TAHUN 2025**

KATA PENGANTAR
Renja ini disusun oleh Dinas Pendidikan Kabupaten Tanjung Jabung Barat.

Kuala Tungkal, 14 Agustus 2024
"""
    ident, problems = _read(text)
    assert ident.office == "Dinas Pendidikan Kabupaten Tanjung Jabung Barat"
    assert (ident.region, ident.region_kind, ident.region_name) == (
        "Kabupaten Tanjung Jabung Barat", "kabupaten", "Tanjung Jabung Barat")
    assert (ident.plan_year, ident.document_kind) == (2025, "renja")
    assert (ident.date, ident.date_text) == ("2024-08-14", "14 Agustus 2024")
    assert problems == []


def test_a_province_and_a_changed_plan_with_the_year_on_its_own_line():
    text = """PERUBAHAN RENCANA KERJA
TAHUN ANGGARAN 2024
PEMERINTAH PROVINSI JAWA TENGAH
BADAN PERENCANAAN PEMBANGUNAN DAERAH
BAB I PENDAHULUAN
Badan Perencanaan Pembangunan Daerah Provinsi Jawa Tengah menyusun ...
"""
    ident, problems = _read(text)
    assert (ident.region, ident.region_kind, ident.plan_year) == ("Provinsi Jawa Tengah", "provinsi", 2024)
    assert ident.document_kind == "renja_perubahan"
    assert ident.office == "Badan Perencanaan Pembangunan Daerah"
    assert ident.where["plan_year"][0].line == 2 and ident.where["region"][0].line == 3
    assert ident.date is None and problems == []


def test_capitals_are_written_as_the_document_writes_them_elsewhere_or_title_cased():
    ident, _ = _read("RENCANA KERJA TAHUN 2024\nDINAS KOPERASI DAN USAHA MIKRO\nKAB. GRESIK\n")
    assert ident.office == "Dinas Koperasi dan Usaha Mikro Kab. Gresik"  # never written in mixed case
    assert ident.region == "Kabupaten Gresik" and ident.region_kind == "kabupaten"
    ident, _ = _read("RENCANA KERJA TAHUN 2024\nDINAS SOSIAL\nKOTA BAU-BAU\n\nDinas Sosial Kota Bau-Bau ...")
    assert ident.office == "Dinas Sosial Kota Bau-Bau" and ident.region == "Kota Bau-Bau"


def test_the_office_line_of_the_tables_wins_over_the_title_page():
    text = ("RENCANA KERJA TAHUN 2024\nDINAS TENAGA KERJA\nKOTA MALANG\nBAB II\n"
            "Nama SKPD : Dinas Tenaga Kerja, Penanaman Modal dan PTSP Kota Malang\n"
            "Nama SKPD : Dinas Tenaga Kerja, Penanaman Modal dan PTSP Kota Malang\n")
    ident, problems = _read(text)
    assert ident.office == "Dinas Tenaga Kerja, Penanaman Modal dan PTSP Kota Malang"
    assert ident.where["office"][0].line == 5 and ident.region == "Kota Malang" and problems == []


def test_two_regions_are_a_problem_and_the_title_page_wins():
    text = "RENCANA KERJA TAHUN 2024\nPEMERINTAH KOTA BATU\nDINAS PARIWISATA\n\nNama Perangkat Daerah : Dinas Pariwisata Kota Malang\n"
    ident, problems = _read(text)
    assert ident.region == "Kota Batu"
    assert [(line, key) for line, _raw, key, _f in problems] == [(5, "identity.region_conflict")]
    assert problems[0][3]["other"] == "Kota Malang" and problems[0][3]["chosen"] == "Kota Batu"


def test_a_title_year_that_differs_from_the_tables_is_a_problem_not_a_silent_choice():
    ident, problems = _read("RENCANA KERJA TAHUN 2024\nDINAS SOSIAL KOTA BLITAR\n", table_plan_year=(2025, 300))
    assert ident.plan_year == 2024
    assert [(line, key, f["tables"]) for line, _r, key, f in problems] == [(1, "identity.year_conflict", 2025)]


def test_the_tables_give_the_year_when_the_title_page_does_not():
    ident, problems = _read("DINAS SOSIAL KOTA BLITAR\n\nline\nTahun 2025 text", table_plan_year=(2025, 4))
    assert ident.plan_year == 2025 and ident.where["plan_year"][0].line == 4 and problems == []


@pytest.mark.parametrize("text", ["", "Kepada Yth.\nDengan hormat,\nlaporan ini disusun ...\n",
                                  "Rencana pembangunan kota yang lebih baik\nKota kecil di lingkungan provinsi\n"])
def test_nothing_is_guessed_when_the_document_does_not_say(text):
    ident, problems = _read(text)
    assert ident.office is None and ident.region is None and ident.plan_year is None
    assert ident.missing == ("office", "region", "region_kind", "plan_year", "document_kind", "date")
    assert [key for _l, _r, key, _f in problems] == ["identity.unread"]
    assert problems[0][3]["parts"] == ["office", "region", "plan_year"]


def test_a_region_is_not_read_out_of_a_law_s_title():
    text = ("KEPUTUSAN\nMengingat : Undang-Undang Nomor 17 Tahun 1950 tentang Pembentukan Daerah Kota Kecil "
            "Dalam Lingkungan Provinsi Jawa Timur\n")
    ident, _ = _read(text)
    assert ident.region is None


def test_the_signature_is_a_place_and_a_date_not_any_line_with_a_year():
    ident, _ = _read("Juli, 2022\nSurabaya, 2 Januari 2023\n")
    assert ident.date == "2023-01-02" and ident.where["date"][0].line == 2
    ident, _ = _read("Data, 2021 dan 2022 naik\nSurabaya, 2 Januari 2023\n")
    assert ident.date == "2023-01-02"


def test_an_identity_is_a_value():
    assert Identity().missing == ("office", "region", "region_kind", "plan_year", "document_kind", "date")
