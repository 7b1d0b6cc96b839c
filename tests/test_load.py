"""The real document, read faithfully: its own arithmetic, its row counts, every line accounted for."""
import pandas as pd
import pytest

from renja_lib.read.schema import SCHEMAS


def indicator_rows(frame: pd.DataFrame, **filters) -> int:
    for k, v in filters.items():
        frame = frame[frame[k] == v]
    return frame["source_line"].nunique()


# ------------------------------------------------------------------ Tabel 4.1

@pytest.mark.parametrize("year, stated", [(2023, 5_168_369_010), (2024, 5_419_507_540)])
def test_programme_budgets_add_up_to_the_stated_totals(doc, year, stated):
    budgets = doc.plan_budget
    programmes = budgets[(budgets["year"] == year) & (budgets["level"] == "program")]
    assert int(programmes["budget"].sum()) == stated
    totals = doc.stated_totals.query("table == 'Tabel 4.1'").set_index("year")["value"]
    assert int(totals[year]) == stated


@pytest.mark.parametrize("year", [2023, 2024])
def test_every_parent_budget_is_the_sum_of_its_children(doc, year):
    budgets = doc.plan_budget[doc.plan_budget["year"] == year]
    checked = 0
    for row in budgets.itertuples():
        children = budgets[budgets["parent"] == row.code]
        if children.empty:
            continue
        if pd.isna(row.budget):
            # "-" on the parent: every child must be "-" too
            assert children["budget"].isna().all(), row.code
        else:
            assert int(children["budget"].sum()) == int(row.budget), row.code
        checked += 1
    assert checked >= 15


def test_plan_years_come_from_the_headers(doc):
    assert doc.years == {"plan": 2023, "forward": 2024}
    assert set(doc.plan_targets["year"]) == {2023, 2024}


def test_tabel_4_1_has_52_indicator_rows(doc):
    assert indicator_rows(doc.plan_targets) == 52
    assert len(doc.plan_targets) == 52 * 2


def test_tabel_4_1_values_keep_their_source_line(doc):
    row = doc.plan_budget.query("code == '2.07.01' and year == 2023").iloc[0]
    assert row["budget"] == 3_456_509_470
    assert row["source_line"] == 965
    assert row["funding_source"] == "Dana Transfer Umum-Dana Alokasi Umum"
    assert doc.source.line(965).startswith("2 07 01\t")
    transmigration = doc.plan_budget.query("code == '3.32.03' and year == 2023").iloc[0]
    assert pd.isna(transmigration["budget"])  # "-" stays missing, never 0
    assert transmigration["budget_raw"] == "-"


def test_continuation_rows_keep_the_code_above(doc):
    second = doc.plan_targets[doc.plan_targets["indicator"].str.startswith("Persentase perusahaan yang produktivitas")]
    assert set(second["code"]) == {"2.07.03"}
    assert set(second["target"]) == {85.0}


def test_salary_target_unit(doc):
    salaries = doc.plan_targets.query("code == '2.07.01.2.02.01' and year == 2023").iloc[0]
    assert (salaries["target"], salaries["unit"]) == (23.0, "orang/bulan")


# ------------------------------------------------------------------ Tabel 2.1

def test_tabel_2_1_has_73_and_77_indicator_rows(doc):
    assert indicator_rows(doc.evaluation, part=1) == 73
    assert indicator_rows(doc.evaluation, part=2) == 77


def test_tabel_2_1_measures_and_years_from_the_headers(doc):
    pairs = set(doc.evaluation[["measure", "year"]].itertuples(index=False, name=None))
    assert pairs == {
        ("renstra_target", 2026), ("realization_to_date", 2020), ("target", 2021), ("realization", 2021),
        ("achievement_reported", 2021), ("target", 2022), ("realization_to_date", 2022),
        ("renstra_achievement_reported", 2022),
    }


def test_tabel_2_1_values(doc):
    ev = doc.evaluation
    first = ev[(ev["source_line"] == 428)].set_index(["measure", "year"])
    assert first.loc[("target", 2021), "value"] == 90.0
    assert first.loc[("realization", 2021), "value"] == 98.14
    assert first.loc[("achievement_reported", 2021), "value"] == 109.0
    assert first.loc[("target", 2021), "unit"] == "%"
    assert pd.isna(first.loc[("renstra_target", 2026), "value"])
    assert pd.isna(first.loc[("target", 2022), "value"])
    decimal_comma = ev[(ev["source_line"] == 471) & (ev["measure"] == "realization")].iloc[0]
    assert (decimal_comma["value"], decimal_comma["unit"]) == (64.528, "m2")
    second_half = ev[(ev["source_line"] == 530)].set_index(["measure", "year"])
    assert second_half.loc[("renstra_target", 2026), "value"] == 80.0
    assert second_half.loc[("target", 2022), "value"] == 80.0
    assert second_half.loc[("renstra_achievement_reported", 2022), "value"] == 100.0
    assert set(ev.loc[ev["source_line"] == 530, "part"]) == {2}


def test_stray_spaces_in_codes_are_canonical(doc):
    codes = set(doc.evaluation["code"])
    assert "2.07.01.2.01.01" in codes
    assert not any(" " in c for c in codes)
    assert set(doc.evaluation["level"]) <= {"program", "kegiatan", "sub_kegiatan"}


# ------------------------------------------------------------------ Tabel 2.2

def test_tabel_2_2(doc):
    si = doc.service_indicators
    assert si["source_line"].nunique() == 5
    tpt = si[si["indicator"] == "Tingkat Pengangguran Terbuka"].set_index(["measure", "year"])["value"]
    assert tpt[("realization", 2021)] == 6.23
    assert tpt[("target", 2021)] == 5.71
    assert tpt[("projection", 2024)] == 5.71
    assert pd.isna(tpt[("realization", 2022)])
    assert set(si["year"]) == {2021, 2022, 2023, 2024}


# ------------------------------------------------------------------ Tabel 2.3

def test_tabel_2_3_has_52_indicator_rows_per_stage(doc):
    for stage in ("draft", "needs"):
        assert indicator_rows(doc.rkpd_review, stage=stage) == 52


def test_tabel_2_3_programme_rows_and_stated_totals(doc):
    rk = doc.rkpd_review
    programmes = rk[rk["group"].notna() & ~rk["continuation"]].groupby(["stage", "group"]).first()
    sums = programmes.groupby("stage")["budget"].sum()
    assert int(sums["draft"]) == 4_993_368_000
    assert int(sums["needs"]) == 5_168_368_000
    stated = doc.stated_totals.query("table == 'Tabel 2.3'").set_index("stage")
    assert int(stated.loc["draft", "value"]) == 4_993_369_000
    assert int(stated.loc["needs", "value"]) == 5_168_369_000
    assert stated.loc["draft", "raw"] == "4.993.369"
    assert set(stated["unit"]) == {"Rp.000"}
    assert set(rk["budget_unit"].dropna()) == {"Rp.000"}


def test_tabel_2_3_links_codes_by_name(doc):
    rk = doc.rkpd_review[~doc.rkpd_review["continuation"]]
    needs = rk[rk["stage"] == "needs"]
    assert needs["code"].notna().all()
    lpks = needs[needs["name"] == "Pembinaan Lembaga Pelatihan Kerja Swasta"]
    assert list(lpks["code"]) == ["2.07.03.2.02", "2.07.03.2.02.01"]
    # the draft stage writes two names shorter than Tabel 4.1: no code is invented for them
    unmatched = rk[rk["code"].isna()]
    assert set(unmatched["stage"]) == {"draft"} and len(unmatched) == 2


# ------------------------------------------------------------------ Tabel 2.4

def test_tabel_2_4_has_12_rows_and_shifted_rows_land_right(doc):
    pr = doc.proposals
    assert len(pr) == 12
    shifted = pr[pr["shifted_cells"] > 0]
    assert list(shifted["source_line"]) == [849, 850, 851]
    row = shifted.iloc[0]
    assert row["name"] == "Pelayanan Antarkerja di Daerah Kabupaten/Kota"
    assert row["location"] == "Kota Pasuruan"
    assert row["indicator"] == "Persentase Pencari Kerja yang mendapatkan Informasi Kerja"
    assert (row["volume"], row["unit"]) == (18.0, "%")


# ------------------------------------------------------------------ nothing lost

def test_extraction_log_accounts_for_every_line_of_every_table(doc):
    assert len(doc.spans) == 5
    log = doc.log
    for span in doc.spans:
        lines = log.loc[log["table"] == span.label, "line"].tolist()
        assert lines == list(range(span.start, span.end + 1)), span.label
    assert "unclassified" not in set(log["role"])
    assert doc.problems.empty
    roles = set(log["role"])
    assert {"title", "header", "header_repeat", "column_numbers", "blank", "total_row", "signature",
            "data_row", "continuation_row", "data_row_shifted"} <= roles


def test_every_table_passes_its_schema(doc):
    for name, frame in doc.tables.items():
        SCHEMAS[name].validate(frame)
    assert str(doc.plan_budget["budget"].dtype) == "Int64"
    assert str(doc.plan_budget["year"].dtype) == "Int64"
    assert str(doc.evaluation["value"].dtype) == "float64"
    assert str(doc.evaluation["code"].dtype).startswith("str")


def test_schema_refuses_a_wrong_type(doc):
    import pandera.errors

    broken = doc.plan_budget.copy()
    broken["budget"] = broken["budget"].astype("float64")
    with pytest.raises(pandera.errors.SchemaError):
        SCHEMAS["plan_budget"].validate(broken)
