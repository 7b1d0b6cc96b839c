"""Curated narrative figures: the real file loads, agrees with the text and its own arithmetic,
and every way a row can go wrong is refused with a message naming the row."""
from __future__ import annotations

import csv
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd
import pytest

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import RenjaError
from renja_lib.read.narrative_facts import (
    FACT_COLUMNS,
    FACT_LOCATOR_COLUMNS,
    QUANTITIES,
    facts_path_for,
    is_year_as_date,
    load_facts,
    load_skip,
    narrative_numbers,
    narrative_spans,
    numbers_in,
    section_span,
    unaccounted_numbers,
    unused_skip_rows,
)
from renja_lib.read.source import read_source

TPAK = "Tingkat Partisipasi Angkatan Kerja"
TKK = "Tingkat Kesempatan Kerja"
TPT = "Tingkat Pengangguran Terbuka"
FACTS_FILE = facts_path_for(DEFAULT_SOURCE)


@pytest.fixture(scope="module")
def facts() -> pd.DataFrame:
    return load_facts(DEFAULT_SOURCE)


def one(facts: pd.DataFrame, quantity: str, subject: str, year: int, period: str = "year") -> float:
    """The single value of a figure (equal restatements on several lines count once)."""
    rows = facts[(facts.quantity == quantity) & (facts.subject == subject)
                 & (facts.year == year) & (facts.period == period)]
    values = set(rows.value.dropna())
    assert len(values) == 1, f"{quantity} {subject} {year} {period}: {sorted(values)}"
    return values.pop()


def r2(x: float) -> Decimal:
    return Decimal(str(float(x))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ---------------------------------------------------------------- a copy beside a copy


def _rows(path: Path = FACTS_FILE) -> tuple[list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        return header, list(reader)


def _write(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


@pytest.fixture
def doc_copy(tmp_path: Path) -> Path:
    target = tmp_path / "renja_copy.txt"
    shutil.copyfile(DEFAULT_SOURCE, target)
    return target


def _find(rows: list[list[str]], header: list[str], **match: str) -> int:
    idx = {c: header.index(c) for c in match}
    hits = [i for i, r in enumerate(rows) if all(r[idx[c]] == v for c, v in match.items())]
    assert len(hits) == 1, match
    return hits[0]


def _tampered(doc_copy: Path, column: str, new: str, **match: str) -> int:
    """Write the real facts beside the copy with one cell changed; return that row's CSV line."""
    header, rows = _rows()
    i = _find(rows, header, **match)
    rows[i][header.index(column)] = new
    _write(facts_path_for(doc_copy), header, rows)
    return i + 2  # header is line 1, no field spans lines


# ---------------------------------------------------------------- the real file


def test_real_facts_load_with_typed_columns(facts):
    assert list(facts.columns) == [*FACT_COLUMNS, "note", *FACT_LOCATOR_COLUMNS, "origin", "status"]
    assert set(facts.source_kind) == {"text"} and facts.source_page.isna().all()  # the document has no form feeds
    assert facts[["source_table", "source_row", "source_column", "source_end_line"]].isna().all().all()
    assert facts.year.dtype == "int64" and facts.source_line.dtype == "int64"
    assert facts.value.dtype == "float64"
    assert set(facts.quantity) <= set(QUANTITIES)
    assert len(facts) > 100


def test_key_labour_figures_of_2021(facts):
    assert one(facts, "labour_force", "city", 2021) == 111954
    assert one(facts, "working_age_population", "city", 2021) == 156219
    assert one(facts, "employed", "city", 2021) == 104977
    assert one(facts, "unemployed", "city", 2021) == 6977
    assert one(facts, "tpak", TPAK, 2021) == 71.66
    assert one(facts, "tkk", TKK, 2021) == 93.77
    assert one(facts, "tpt", TPT, 2021) == 6.23


def test_rates_for_2020_and_the_2022_estimate(facts):
    assert one(facts, "tpak", TPAK, 2020) == 70.05
    assert one(facts, "tkk", TKK, 2020) == 93.67
    assert one(facts, "tpt", TPT, 2020) == 6.33
    assert one(facts, "tpt", TPT, 2022, "year_estimate") == 6.20
    assert one(facts, "tkk", TKK, 2022, "year_estimate") == 93.8


def test_rates_recomputed_from_the_counts(facts):
    force = one(facts, "labour_force", "city", 2021)
    working_age = one(facts, "working_age_population", "city", 2021)
    employed = one(facts, "employed", "city", 2021)
    assert r2(force / working_age * 100) == Decimal("71.66") == r2(one(facts, "tpak", TPAK, 2021))
    assert r2(employed / force * 100) == Decimal("93.77") == r2(one(facts, "tkk", TKK, 2021))
    assert r2((force - employed) / force * 100) == Decimal("6.23") == r2(one(facts, "tpt", TPT, 2021))
    assert r2(100 - employed / force * 100) == Decimal("6.23")
    assert force - employed == one(facts, "unemployed", "city", 2021)


def test_stated_changes_match_the_rates(facts):
    assert r2(one(facts, "tkk", TKK, 2021) - one(facts, "tkk", TKK, 2020)) == r2(one(facts, "increase_stated", TKK, 2021))
    assert r2(one(facts, "tpt", TPT, 2020) - one(facts, "tpt", TPT, 2021)) == r2(one(facts, "decrease_stated", TPT, 2021))


def test_stated_absorption_is_spending_over_budget(facts):
    checked = 0
    for (subject, year, period), group in facts[facts.quantity == "absorption_stated"].groupby(
        ["subject", "year", "period"]
    ):
        if subject == "office" or group.value.isna().any():
            continue
        spending = facts[(facts.quantity == "spending") & (facts.subject == subject)
                         & (facts.year == year) & (facts.period == period)]
        budget = facts[(facts.quantity == "budget") & (facts.subject == subject)
                       & (facts.year == year) & (facts.period == "year")]
        if spending.empty or budget.empty:
            continue
        ratio = spending.value.iloc[0] / budget.value.iloc[0] * 100
        assert r2(ratio) == r2(group.value.iloc[0]), (subject, year, period, ratio)
        checked += 1
    assert checked == 4  # 2.07.03, 2.07.04, 2.07.05 in 2021; 2.07.04 in Q1 2022


def test_stated_achievement_is_realisation_over_target(facts):
    """Within 0,05 point: the text rounds or truncates (88,76 for 88,77; 142,85 for 142,86)."""
    checked = 0
    keys = facts[facts.quantity == "achievement_stated"][["subject", "year", "period"]].drop_duplicates()
    for subject, year, period in keys.itertuples(index=False):
        def pick(quantity, per):
            rows = facts[(facts.quantity == quantity) & (facts.subject == subject)
                         & (facts.year == year) & (facts.period == per)]
            values = set(rows.value)
            return values.pop() if len(values) == 1 else None
        achieved, realised, target = pick("achievement_stated", period), pick("realization_stated", period), pick("target_stated", "year")
        if None in (achieved, realised, target) or pd.isna(realised):
            continue
        assert abs(realised / target * 100 - achieved) < 0.05, (subject, year, period)
        checked += 1
    assert checked >= 10


def test_counts_behind_the_indicators_add_up(facts):
    informed = one(facts, "jobseekers_informed", "2.07.04.2.01", 2021)
    parts = [one(facts, q, "2.07.04.2.01", 2021)
             for q in ("job_guidance_participants", "labour_intensive_workers", "other_jobseekers_informed")]
    assert informed == sum(parts) == 1151
    assert r2(informed / one(facts, "unemployed", "city", 2021) * 100) == Decimal("16.50")
    trained = one(facts, "trainees", "2.07.03.2.01", 2021) + one(facts, "apprentices", "2.07.03.2.01", 2021)
    assert r2(trained / one(facts, "trainee_target", "2.07.03.2.01", 2026, "renstra") * 100) == Decimal("18.50")
    placed = one(facts, "jobseekers_placed", "2.07.04", 2021) / one(facts, "jobseekers_registered", "2.07.04", 2021)
    assert r2(placed * 100) == Decimal(str(one(facts, "realization_stated", "2.07.04", 2021)))


def test_the_2023_programme_budgets_and_the_invalid_grouping(facts):
    total = one(facts, "total_budget", "office", 2023)
    assert total == 5168369010
    row = facts[(facts.quantity == "budget") & (facts.subject == "2.07.01") & (facts.year == 2023)].iloc[0]
    assert row.quote == "pagu anggaran sebesar Rp. 3.456.509470,00"
    assert pd.isna(row.value) and "invalid digit grouping" in row.note
    others = sum(one(facts, "budget", code, 2023) for code in ("2.07.03", "2.07.04", "2.07.05"))
    # what the other three leave of the total is what Tabel 4.1 gives for 2.07.01;
    # the narrative's own figure stays empty all the same.
    assert total - others == 3456509470
    assert read_source(DEFAULT_SOURCE).line(965).split("\t")[5] == "3.456.509.470"


def test_document_inconsistencies_are_surfaced_not_fixed(facts):
    spending = facts[(facts.quantity == "total_spending") & (facts.year == 2021)].iloc[0]
    assert spending.value == 4244258 and "contradicted" in spending.note
    assert abs(spending.value / one(facts, "total_budget", "office", 2021) * 100 - 83.82) > 80
    dotted = facts[facts.quote.str.contains("1.11%", regex=False)].iloc[0]
    assert pd.isna(dotted.value) and "decimal mark" in dotted.note
    assert r2(2850000 / 255920474 * 100) == Decimal("1.11")  # the note's arithmetic
    assert pd.isna(facts[facts.quote.str.contains("69.72%", regex=False)].value).all()


def test_conflicting_restatements_carry_a_note(facts):
    key = ["quantity", "subject", "year", "period"]
    for _, group in facts.groupby(key):
        if group.value.nunique(dropna=True) > 1:
            assert (group.note != "").all(), group[key + ["value", "source_line"]]


# ---------------------------------------------------------------- refusing bad rows


def test_tampered_quote_is_refused_naming_the_row(doc_copy):
    row = _tampered(doc_copy, "quote", "Jumlah Angkatan Kerja sebanyak 111.955 orang",
                    quote="Jumlah Angkatan Kerja sebanyak 111.954 orang")
    with pytest.raises(RenjaError) as err:
        load_facts(doc_copy)
    message = str(err.value)
    assert f"row {row}:" in message and "111.955" in message and "line 312" in message
    assert facts_path_for(doc_copy).name in message


def test_wrong_value_is_refused_naming_the_row(doc_copy):
    row = _tampered(doc_copy, "value", "71.67", quote="dengan realisasi sebesar 71,66%")
    with pytest.raises(RenjaError, match=rf"row {row}: value 71.67 is not what quote"):
        load_facts(doc_copy)


def test_wrong_line_is_refused_naming_the_row(doc_copy):
    row = _tampered(doc_copy, "source_line", "313", quote="dengan realisasi sebesar 71,66%")
    with pytest.raises(RenjaError, match=rf"row {row}: quote 'dengan realisasi sebesar 71,66%' does not stand at line 313"):
        load_facts(doc_copy)


def test_unknown_quantity_is_refused(doc_copy):
    row = _tampered(doc_copy, "quantity", "labor_force", quote="Jumlah Angkatan Kerja sebanyak 111.954 orang")
    with pytest.raises(RenjaError, match=rf"row {row}: unknown quantity 'labor_force'"):
        load_facts(doc_copy)


def test_a_value_taken_from_an_unreadable_number_is_refused(doc_copy):
    row = _tampered(doc_copy, "value", "3456509470", quote="pagu anggaran sebesar Rp. 3.456.509470,00")
    with pytest.raises(RenjaError, match=rf"row {row}: value 3456509470 is not what quote .* leave the value empty"):
        load_facts(doc_copy)


def test_an_empty_value_needs_an_unreadable_number(doc_copy):
    row = _tampered(doc_copy, "value", "", quote="dengan realisasi sebesar 71,66%")
    with pytest.raises(RenjaError, match=rf"row {row}: the value is empty but quote"):
        load_facts(doc_copy)


def test_an_ambiguous_quote_is_refused(doc_copy):
    row = _tampered(doc_copy, "quote", "sebanyak 192 orang", quote="peserta padat karya sebanyak 192 orang")
    with pytest.raises(RenjaError, match=rf"row {row}: quote 'sebanyak 192 orang' occurs 2 times at line 340"):
        load_facts(doc_copy)


def test_multi_number_quote_takes_any_number_it_states_but_not_a_date(doc_copy):
    header, rows = _rows()
    fields = dict(quantity="trainees_employed", subject="2.07.03", year="2021", period="year", unit="orang",
                  quote="tahun 2021 sebanyak 161 orang", source_line="324")
    _write(facts_path_for(doc_copy), header, [[{**fields, "value": "161"}.get(h, "") for h in header]])
    assert load_facts(doc_copy).value.tolist() == [161.0]
    _write(facts_path_for(doc_copy), header, [[{**fields, "value": "2021"}.get(h, "") for h in header]])
    with pytest.raises(RenjaError, match=r"row 2: value 2021 is not what quote .* states: 161\)"):
        load_facts(doc_copy)


def test_missing_column_is_named(doc_copy):
    header, rows = _rows()
    i = header.index("unit")
    _write(facts_path_for(doc_copy), [h for h in header if h != "unit"], [r[:i] + r[i + 1:] for r in rows])
    with pytest.raises(RenjaError, match=r"renja_copy\.facts\.csv:1: missing column 'unit'"):
        load_facts(doc_copy)


def test_no_facts_file_gives_an_empty_frame(doc_copy):
    frame = load_facts(doc_copy)
    assert frame.empty
    assert list(frame.columns) == [*FACT_COLUMNS, "note", *FACT_LOCATOR_COLUMNS, "origin", "status"]
    assert frame.year.dtype == "int64" and frame.value.dtype == "float64"


def test_a_named_facts_file_that_is_missing_is_an_error(doc_copy, tmp_path):
    with pytest.raises(RenjaError, match="facts file not found"):
        load_facts(doc_copy, tmp_path / "nowhere.facts.csv")


# ---------------------------------------------------------------- completeness


def test_sections_are_found_by_heading_not_in_the_contents():
    lines = read_source(DEFAULT_SOURCE).lines
    spans = narrative_spans(DEFAULT_SOURCE)
    (first, last), (first33, last33) = spans
    assert lines[first - 2].startswith("2.1. Evaluasi Pelaksanaan Renja") and "\t" not in lines[first - 2]
    assert lines[last] == "Tabel 2.1"
    assert first > 262  # after both tables of contents
    assert lines[first33 - 2] == "3.3. Program dan Kegiatan" and lines[last33] == "Tabel 4.1"
    assert section_span(lines, r"^BAB IV$", r"^Tabel 4\.1$") == (947, 953)


def test_section_span_refuses_a_missing_heading():
    with pytest.raises(RenjaError, match="no heading matching"):
        section_span(["\t2.1 Evaluasi", "teks"], r"^2\.1 Evaluasi", r"^Tabel")


def test_names_are_not_numbers_and_years_as_dates_are_recognised():
    assert [n for n, _, _ in numbers_in("Bulan K3, kartu AK1, covid-19, Rp.4.244.258,00 dan 1.11%")] == [
        "4.244.258,00", "1.11"]
    text = "tahun 2021, TA 2021, Desember 2020, periode 2021-2026, 2016 – 2021, sebanyak 2021 orang, 2.021 orang"
    dates = [(n, is_year_as_date(text, a, b)) for n, a, b in numbers_in(text)]
    assert dates == [("2021", True), ("2021", True), ("2020", True), ("2021", True), ("2026", True),
                     ("2016", True), ("2021", True), ("2021", False), ("2.021", False)]


def test_narrative_numbers_skip_table_lines():
    numbers = narrative_numbers(DEFAULT_SOURCE, 282, 284)
    assert numbers == [(282, "2021"), (282, "2021"), (282, "4"), (282, "13"), (284, "98,14"), (284, "93,03")]
    assert narrative_numbers(DEFAULT_SOURCE, 428, 428) == []  # a Tabel 2.1 row


def test_every_narrative_number_is_accounted_for(facts):
    skip = load_skip()
    assert unaccounted_numbers(DEFAULT_SOURCE, facts, skip) == []
    assert unused_skip_rows(DEFAULT_SOURCE, facts, skip).empty


def test_a_planted_number_is_caught(doc_copy, facts):
    source = read_source(DEFAULT_SOURCE)
    lines = list(source.lines)
    assert lines[311].startswith("Selanjutnya dalam upayanya")  # line 312, the TPAK paragraph
    lines[311] += " Jumlah pelatih sebanyak 37 orang."
    doc_copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert unaccounted_numbers(doc_copy, facts, load_skip()) == [(312, "37")]


def test_a_number_repeated_on_a_line_needs_its_own_account(doc_copy, facts):
    lines = list(read_source(DEFAULT_SOURCE).lines)
    lines[401] += " Lihat tabel 2.1."  # line 402 already skips one "2.1"
    doc_copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert unaccounted_numbers(doc_copy, facts, load_skip()) == [(402, "2.1")]


def test_skip_file_rows_have_reasons():
    skip = load_skip()
    assert list(skip.columns) == ["source_line", "number", "reason"]
    assert (skip.reason.str.len() > 5).all()
    assert skip.source_line.dtype == "int64"
