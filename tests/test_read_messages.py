"""The reading layers' errors and reading problems come from the text catalogue, in the language asked for.

One bad input of each family (a file that is not text, a user's table, the facts file, the spending file, a
number in the document) gives its message in Indonesian under ``use_language("id")`` and in English under
``use_language("en")``; ``renja extract --lang id`` writes the problems and the extraction log in Indonesian.
"""
from __future__ import annotations

import csv
import shutil

import pandas as pd
import pytest

from renja_lib import RenjaError, load
from renja_lib.cli import main
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.parse.numbers import NumberParseError, parse_number, parse_quantity
from renja_lib.read.narrative_facts import facts_path_for, load_facts
from renja_lib.read.source import read_source
from renja_lib.read.spending import read_spending
from renja_lib.read.user_tables import read_numbers, read_table
from renja_lib.text import use_language

#: Tabel 4.1's first row: its plan-year budget written with a broken digit grouping
BAD_BUDGET = (965, "3.456.509.470", "3.456.509470")


@pytest.fixture
def lang():
    """``lang("id")`` writes this test's errors and problems in Indonesian; the language before comes back after."""
    before = use_language("en")
    yield use_language
    use_language(before)


def message(call) -> str:
    with pytest.raises(RenjaError) as err:
        call()
    return str(err.value)


def test_an_undecodable_file(tmp_path, lang):
    path = tmp_path / "latin.txt"
    path.write_bytes("baris pertama\nPerencanaan \xe9\n".encode("latin-1"))
    lang("id")
    said = message(lambda: read_source(path, fallback=None))
    assert said == f"{path}:2: bukan UTF-8 yang sah (bita 0xe9); simpan dokumen itu sebagai UTF-8"
    lang("en")
    assert message(lambda: read_source(path, fallback=None)) == f"{path}:2: not valid UTF-8 (byte 0xe9); save the " \
                                                                "document as UTF-8"


def test_a_missing_document(tmp_path, lang):
    lang("id")
    assert message(lambda: load(tmp_path / "none.txt")).endswith(
        "berkas tidak ditemukan (diharapkan dokumen Renja berupa PDF, dokumen Word .docx, atau berkas teks)")
    lang("en")
    assert message(lambda: load(tmp_path / "none.txt")).endswith(
        "file not found (expected a Renja document as a PDF, a Word .docx or a text file)")


def test_a_bad_cell_of_a_users_table(tmp_path, lang):
    path = tmp_path / "t.csv"
    path.write_text("nama,nilai\nx,12\ny,dua belas\n", encoding="utf-8")
    table = read_table(path, what="a table")
    lang("id")
    assert message(lambda: read_numbers(table, 1)) == (
        f"{path}:3: baris 3, kolom 'nilai': diharapkan angka; ditemukan 'dua belas'")
    lang("en")
    assert message(lambda: read_numbers(table, 1)) == f"{path}:3: row 3, column 'nilai': expected a number, found " \
                                                      "'dua belas'"


def test_a_bad_facts_file(tmp_path, lang):
    document = tmp_path / "renja_copy.txt"
    shutil.copyfile(DEFAULT_SOURCE, document)
    with facts_path_for(DEFAULT_SOURCE).open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][0] = "labour_farce"
    with facts_path_for(document).open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    lang("id")
    said = message(lambda: load_facts(document))
    assert "1 masalah pada fakta renja_copy.txt: baris 2: quantity tidak dikenal 'labour_farce'" in said
    lang("en")
    said = message(lambda: load_facts(document))
    assert "1 problem in the facts of renja_copy.txt: row 2: unknown quantity 'labour_farce'" in said


def test_a_spending_file_without_a_unit(tmp_path, lang):
    path = tmp_path / "realisasi.csv"
    path.write_text("akun,anggaran,realisasi\nBelanja,\"2,50\",\"1,25\"\n", encoding="utf-8")
    lang("id")
    assert "baris 2, kolom 'anggaran': tidak ada satuan yang dinyatakan untuk jumlah-jumlahnya: berikan unit= " \
           "salah satu dari ['rupiah', 'ribu', 'juta', 'miliar']" in message(lambda: read_spending(path))
    lang("en")
    assert "row 2, column 'anggaran': no unit declared for the amounts: pass unit= one of " \
           "['rupiah', 'ribu', 'juta', 'miliar']" in message(lambda: read_spending(path))


def test_a_number_error_is_written_in_the_language_of_messages(lang):
    with pytest.raises(NumberParseError) as err:
        parse_number("3.456.509470")
    assert err.value.render("en") == ("expected a number such as 1.234.567 or 12,5, found '3.456.509470' "
                                      "(digit grouping is not valid Indonesian grouping)")
    lang("id")
    assert str(err.value) == ("diharapkan angka seperti 1.234.567 atau 12,5; ditemukan '3.456.509470' "
                              "(pengelompokan digit tidak sesuai cara penulisan Indonesia)")
    with pytest.raises(NumberParseError, match=r"karakter kontrol U\+000B"):
        parse_quantity("90\v%")


def test_a_number_problem_in_the_document(doc_copy, replace_line, lang):
    path = doc_copy(lambda text: replace_line(text, *BAD_BUDGET))
    lang("id")
    read = load(path)
    problems, log = read.problems, read.log
    assert problems["message"].tolist() == [
        "diharapkan angka seperti 1.234.567 atau 12,5; ditemukan '3.456.509470' (pengelompokan digit tidak sesuai "
        "cara penulisan Indonesia)"]
    assert problems["raw"].tolist() == ["3.456.509470"]  # the document's text stays as written
    assert "judul kolom diulang pada pergantian halaman" in set(log["detail"])
    assert "header_repeat" in set(log["role"])  # the role stays a code
    lang("en")
    read = load(path)
    problems, log = read.problems, read.log
    assert problems["message"].tolist() == [
        "expected a number such as 1.234.567 or 12,5, found '3.456.509470' (digit grouping is not valid "
        "Indonesian grouping)"]
    assert "header repeated at a page break" in set(log["detail"])


def test_extract_writes_its_problems_in_the_language_asked_for(doc_copy, replace_line, tmp_path, capsys):
    path = doc_copy(lambda text: replace_line(text, *BAD_BUDGET))
    out = {}
    for lang in ("id", "en"):
        assert main(["extract", str(path), "--out", str(tmp_path / lang), "--lang", lang]) == 0
        out[lang] = (pd.read_csv(tmp_path / lang / "problems.csv"),
                     pd.read_csv(tmp_path / lang / "extraction_log.csv"))
    capsys.readouterr()
    assert out["id"][0]["message"].str.contains("pengelompokan digit tidak sesuai").all()
    assert out["en"][0]["message"].str.contains("digit grouping is not valid").all()
    assert "baris indikator" in set(out["id"][1]["detail"]) and "indicator row" in set(out["en"][1]["detail"])
    assert out["id"][1]["role"].tolist() == out["en"][1]["role"].tolist()


def test_the_document_ending_inside_a_table(doc_copy, lang):
    path = doc_copy(lambda text: "\n".join(text.split("\n")[:990]))
    lang("id")
    assert load(path).problems["message"].iloc[-1] == (
        "dokumen berakhir di dalam Tabel 4.1 (baris terakhir 990): tabel berakhir terlalu awal dan mungkin tidak "
        "lengkap")
    lang("en")
    assert load(path).problems["message"].iloc[-1] == (
        "the document ends inside Tabel 4.1 (last line 990): the table ended early and may be incomplete")
