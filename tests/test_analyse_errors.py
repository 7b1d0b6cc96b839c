"""The analysis layer's errors (renja_lib.analyse) come from the catalogue (errors_analyse.*), in both languages.

Each module's errors are written in the language of :func:`renja_lib.text.use_language`: Indonesian by
default, English on request; argument names, column names and quoted values stay as they are.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from renja_lib.analyse import budget, labour, performance, ratings, spending_absorption
from renja_lib.errors import RenjaError
from renja_lib.text import catalogue as cat
from renja_lib.text import use_language


@pytest.fixture()
def language():
    """Set the language of messages for one test; the language before comes back after it."""
    before = use_language("en")
    use_language(before)
    yield use_language
    use_language(before)


def _empty_plan() -> SimpleNamespace:
    return SimpleNamespace(plan_budget=pd.DataFrame(), years={}, path="renja.txt")


#: (what raises, English text, Indonesian text) per module; the text is the whole message (place included).
CASES = {
    "labour": (
        lambda: labour.tpt(10, 0),
        "labour_force must be greater than 0 to divide by, got 0",
        "labour_force harus lebih besar dari 0 agar dapat menjadi pembagi; diberikan 0",
    ),
    "labour_gap": (
        lambda: labour.gap_to_target(pd.DataFrame({"region": []})),
        "series lacks columns ['indicator', 'year', 'kind', 'value', 'source', 'conflict']; "
        "expected the frame that series() returns",
        "series tidak memiliki kolom ['indicator', 'year', 'kind', 'value', 'source', 'conflict']; "
        "diharapkan frame yang dikembalikan oleh series()",
    ),
    "ratings": (
        lambda: ratings.achievement(5.71, 6.23, "lower"),
        "direction must be one of ['higher_is_better', 'lower_is_better'], got 'lower'",
        "direction harus salah satu dari ['higher_is_better', 'lower_is_better']; diberikan 'lower'",
    ),
    "ratings_band_frame": (
        lambda: ratings.band_frame(90),
        "values must be a pandas Series, got int; for one number use band_key()",
        "values harus berupa pandas Series; diberikan int; untuk satu angka gunakan band_key()",
    ),
    "performance": (
        lambda: performance.rollup(pd.DataFrame(), level="bidang"),
        "level must be one of ['program', 'kegiatan'], got 'bidang'",
        "level harus salah satu dari ['program', 'kegiatan']; diberikan 'bidang'",
    ),
    "performance_renstra": (
        lambda: performance.renstra_progress(pd.DataFrame(columns=["code", "indicator", "measure", "year", "value",
                                                                   "source_line"])),
        "the evaluation has no 'renstra_target' values, so there is no Renstra year to evaluate",
        "evaluasi tidak memiliki nilai 'renstra_target', sehingga tidak ada tahun Renstra yang dapat dievaluasi",
    ),
    "budget": (
        lambda: budget.plan_composition(_empty_plan()),
        "renja.txt: the document's plan table gives no plan year (doc.years is {})",
        "renja.txt: tabel rencana dokumen tidak memuat tahun rencana (doc.years adalah {})",
    ),
    "spending_absorption": (
        lambda: spending_absorption.s_curve(pd.DataFrame()),
        "spending must be what read_spending() returns (or its frame), got DataFrame",
        "spending harus berupa hasil read_spending() (atau frame-nya); diberikan DataFrame",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_module_writes_its_errors_in_the_language_of_messages(language, case):
    call, english, indonesian = CASES[case]
    with pytest.raises(RenjaError) as err:
        call()
    language("id")
    assert str(err.value) == indonesian
    language("en")
    assert str(err.value) == english
    assert err.value.render("id") == indonesian


def test_budget_names_the_document_in_both_languages(language, doc):
    with pytest.raises(RenjaError) as err:
        budget.salary_share(doc, name="Gaji Bupati")
    language("id")
    assert str(err.value) == (f"{doc.path}: tidak ada kode dalam tabel rencana tahun 2023 yang bernama 'Gaji Bupati'; "
                              "isi name= dengan nama sub kegiatan gaji persis seperti tertulis di tabel")
    language("en")
    assert str(err.value) == (f"{doc.path}: no code in the plan table for 2023 is named 'Gaji Bupati'; pass name= "
                              "the salary sub-activity as the table writes it")


def test_a_bad_extra_file_is_told_in_both_languages(language, tmp_path):
    extra = tmp_path / "bps.csv"
    extra.write_text("region,indicator,year\nKota Pasuruan,TPT,2021\n", encoding="utf-8")
    with pytest.raises(RenjaError) as err:
        labour._read_extra(extra)
    allowed = "['region', 'indicator', 'year', 'kind', 'value', 'source', 'series_break']"
    language("en")
    assert str(err.value) == (f"{extra}:1: row 1, column 'kind': missing columns ['kind', 'value']; the header must "
                              f"name {allowed} (source and series_break are optional), found "
                              "['region', 'indicator', 'year']")
    language("id")
    assert str(err.value).startswith(f"{extra}:1: ")
    assert str(err.value).endswith(f"kolom ['kind', 'value'] tidak ada; baris judul kolom harus memuat {allowed} "
                                   "(source dan series_break boleh tidak ada); "
                                   "ditemukan ['region', 'indicator', 'year']")


def test_one_missing_column_is_singular_in_english(tmp_path):
    extra = tmp_path / "bps.csv"
    extra.write_text("region,indicator,year,value\nKota Pasuruan,TPT,2021,6.23\n", encoding="utf-8")
    with pytest.raises(RenjaError) as err:
        labour._read_extra(extra)
    assert "column 'kind': missing column ['kind']; the header" in err.value.render("en")


def test_every_analysis_error_is_translated():
    entries = {k: v for k, v in cat.catalogue().items() if k.startswith("errors_analyse.")}
    assert len(entries) > 60
    same = [k for k, texts in entries.items() if texts["id"] == texts["en"]]
    assert not same, f"not translated: {same}"


def test_what_an_extra_file_should_hold_is_told_in_both_languages(tmp_path):
    with pytest.raises(RenjaError) as err:
        labour._read_extra(tmp_path / "nowhere.csv")
    assert err.value.render("en").endswith("(expected a CSV with columns region, indicator, year, kind, value, or a "
                                           "BPS table (a download of the website as .csv or .xlsx, or a WebAPI "
                                           "answer as .json))")
    assert err.value.render("id").endswith("(diharapkan berkas CSV dengan kolom region, indicator, year, kind, value, "
                                           "atau tabel BPS (unduhan situs web sebagai .csv atau .xlsx, atau jawaban "
                                           "WebAPI sebagai .json))")
    empty = tmp_path / "empty.csv"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(RenjaError) as err:
        labour._read_extra(empty)
    assert err.value.render("en").endswith("(expected a header row: region,indicator,year,kind,value)")
    assert err.value.render("id").endswith("(diharapkan baris judul kolom: region,indicator,year,kind,value)")
