"""renja_lib.analyse.budget: absorption from the narrative, plan composition and changes, the user's spending files."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import inspect
import openpyxl
import pandas as pd
import pytest
from openpyxl.styles import Alignment

from renja_lib.analyse import budget
from renja_lib.errors import RenjaError


# ---------------------------------------------------------------- absorption on the real document
@pytest.fixture(scope="module")
def absorption_table(doc):
    return budget.absorption(doc)


def _row(table, subject, year, period="year"):
    rows = table[(table.subject == subject) & (table.year == year) & (table.period == period)]
    assert len(rows) == 1, f"expected one row for {subject} {year} {period}, found {len(rows)}"
    return rows.iloc[0]


@pytest.mark.parametrize("code, budget_, spending, expected", [
    ("2.07.03", 1_493_111_160, 994_356_770, 66.60),   # Pelatihan Kerja
    ("2.07.04", 626_150_954, 515_676_150, 82.36),     # Penempatan
    ("2.07.05", 208_596_810, 189_472_850, 90.83),     # Hubungan Industrial
])
def test_2021_absorption_is_computed_from_the_amounts(absorption_table, code, budget_, spending, expected):
    row = _row(absorption_table, code, 2021)
    assert (row.budget, row.spending) == (budget_, spending)
    assert round(row.absorption, 2) == expected
    assert row.absorption_stated == expected
    assert bool(row.consistent) is True
    assert row.flag == "" and not row.derived


def test_first_quarter_2022_absorption(absorption_table):
    placement = _row(absorption_table, "2.07.04", 2022, "Q1")
    assert round(placement.absorption, 2) == 3.76
    assert bool(placement.consistent)
    industrial = _row(absorption_table, "2.07.05", 2022, "Q1")
    assert round(industrial.absorption, 2) == 1.11
    # the text writes "1.11%", which strict Indonesian parsing refuses: shown, not guessed
    assert pd.isna(industrial.absorption_stated)
    assert industrial.absorption_stated_text == "1.11 %"
    assert industrial.flag == "stated_unreadable"
    assert pd.isna(industrial.consistent)
    # budget of the year, spending to the end of the quarter
    assert (industrial.budget, industrial.spending) == (255_920_474, 2_850_000)


def test_office_total_2021_contradiction_is_shown_and_flagged(absorption_table):
    office = _row(absorption_table, "office", 2021)
    assert office.absorption_stated == 83.82
    assert office.budget == 5_063_367_215
    assert office.spending == 4_244_258          # Rp.4.244.258,00 as written
    assert round(office.absorption, 2) == 0.08   # what that amount would mean
    assert bool(office.consistent) is False
    assert office.flag == "contradiction"
    assert round(office.spending_implied) == 4_244_114_400  # what 83,82 % would mean
    assert office.source_lines == "368"


def test_office_total_2021_reading_is_the_stated_percentage_the_document_supports(absorption_table):
    """The written Rp.4.244.258,00 is rejected by the document itself: its words say 4.000.244.258 and it is a
    thousandth of what 83,82 % means; the reading a headline may give is the stated 83,82 % (issue 15, 1)."""
    office = _row(absorption_table, "office", 2021)
    assert office.spending_words == 4_000_244_258
    assert (office.reading, office.absorption_reading) == ("stated", 83.82)
    assert round(office.absorption, 2) == 0.08   # kept, never the reading
    # every other row: the amounts where they are, the stated percentage where it is the only figure
    others = absorption_table[absorption_table.subject != "office"]
    assert set(others.reading) == {"amounts", "stated", "none"}
    amounts = others[others.reading == "amounts"]
    assert (amounts.absorption_reading == amounts.absorption).all() and amounts.spending_words.isna().all()
    assert set(others.loc[others.flag == "no_figures", "reading"]) == {"none"}


def test_the_written_spending_is_rejected_only_by_the_document_itself():
    """Words that say another amount, or a spending ten times off the stated share, reject the written amount;
    a plain contradiction does not, and then no reading is chosen."""
    def office(spending, quote_words=""):
        text = f"pagu Rp. 1.000.000,00 realisasi Rp. {spending} {quote_words}atau 80,00%"
        facts = _facts([
            ("total_budget", "office", 2021, "year", 1_000_000.0, "pagu Rp. 1.000.000,00"),
            ("total_spending", "office", 2021, "year", float(spending.replace(".", "")), f"realisasi Rp. {spending}"),
            ("absorption_stated", "office", 2021, "year", 80.0, "atau 80,00%"),
        ]).assign(source_line=1)
        doc = _fake_doc(facts)
        doc.source = SimpleNamespace(line=lambda n: text)
        return _row(budget.absorption(doc), "office", 2021)
    plain = office("700.000")                                        # 70 % against 80 %: who knows
    assert (plain.flag, plain.reading) == ("contradiction", "conflict") and pd.isna(plain.absorption_reading)
    tiny = office("800")                                             # 0,08 %: a thousand times off
    assert (tiny.reading, tiny.absorption_reading) == ("stated", 80.0)
    worded = office("700.000", "(delapan ratus ribu rupiah) ")      # the words say 800.000
    assert (worded.spending_words, worded.reading, worded.absorption_reading) == (800_000, "stated", 80.0)
    agreeing = office("700.000", "(tujuh ratus ribu rupiah) ")     # words agree with the digits: still unsettled
    assert pd.isna(agreeing.spending_words) and agreeing.reading == "conflict"


def test_the_magnitude_factor_is_the_audits():
    from renja_lib.check import amounts

    assert budget.MAGNITUDE_FACTOR == amounts.MAGNITUDE_FACTOR
    assert set(budget.READINGS) == {"amounts", "stated", "conflict", "none"}


def test_exactly_the_contradicting_row_is_flagged(absorption_table):
    flagged = absorption_table[absorption_table.flag == "contradiction"]
    assert list(zip(flagged.subject, flagged.year, flagged.period)) == [("office", 2021, "year")]
    assert (absorption_table.consistent == False).sum() == 1  # noqa: E712


def test_support_programme_2021_amounts_are_derived_and_labelled(absorption_table):
    support = _row(absorption_table, "2.07.01", 2021)
    assert support.derived
    assert support.budget == 5_063_367_215 - 1_493_111_160 - 626_150_954 - 208_596_810
    # spending: 83,82 % of the office budget minus the three stated programmes (not the contradicted numeral)
    assert support.spending == round(5_063_367_215 * 0.8382) - (994_356_770 + 515_676_150 + 189_472_850)
    text = support.derivation.render("id")
    assert "Anggaran diturunkan" in text
    assert "Rp 5.063.367.215" in text
    assert "2.07.03, 2.07.04, 2.07.05" in text
    assert "4.244.258" in text and "bertentangan" in text
    # the derived amounts agree with the support programme's own stated 93,03 % within rounding
    assert support.absorption_stated == 93.03
    assert round(support.absorption, 2) == 93.02
    assert bool(support.consistent)
    # only that row is derived
    assert absorption_table.derived.sum() == 1


def test_derivation_in_english(doc):
    support = _row(budget.absorption(doc), "2.07.01", 2021)
    assert support.derivation.render("en").startswith("Budget derived: the office total Rp 5,063,367,215")
    assert "lang" not in inspect.signature(budget.absorption).parameters  # the frame holds no words


def test_levels_filter_and_order(doc):
    table = budget.absorption(doc, levels=["office", "program"])
    assert set(table.level) == {"office", "program"}
    assert list(table.subject[table.year == 2021]) == ["2.07.01", "2.07.03", "2.07.04", "2.07.05", "3.32.03", "office"]
    # Tabel 2.1's programme the narrative gives no figure for: a row that says so, every figure empty
    none = table[table.subject == "3.32.03"]
    assert set(none.flag) == {"no_figures"} and none[["budget", "spending", "absorption_stated"]].isna().all().all()
    with pytest.raises(RenjaError, match="levels"):
        budget.absorption(doc, levels=["programme"])


def _facts(rows):
    """A small facts frame: (quantity, subject, year, period, value, quote)."""
    records = [dict(quantity=q, subject=s, year=y, period=p, value=v, unit="%" if "absorption" in q else "rupiah",
                    quote=quote, source_line=i + 1, note="") for i, (q, s, y, p, v, quote) in enumerate(rows)]
    return pd.DataFrame.from_records(records)


def _fake_doc(facts):
    codes = pd.DataFrame({"table": ["Tabel 4.1"], "code": ["2.07.03"], "name": ["Program Pelatihan"],
                          "source_line": [1]})
    return SimpleNamespace(facts=facts, codes=codes, path="fake.txt")


@pytest.mark.parametrize("stated, quote, consistent", [
    (66.6, "sebesar 66,60%", True),      # 666/1000 = 66,6 exactly
    (66.7, "sebesar 66,70%", False),     # beyond the rounding of 66,70
    (67.0, "sebesar 67%", True),         # 66,6 rounds to 67 when written without decimals
    (66.0, "sebesar 66%", False),
])
def test_consistency_allows_the_rounding_as_written(stated, quote, consistent):
    facts = _facts([
        ("budget", "2.07.03", 2021, "year", 1000.0, "anggaran Rp. 1.000,00"),
        ("spending", "2.07.03", 2021, "year", 666.0, "realisasi Rp. 666,00"),
        ("absorption_stated", "2.07.03", 2021, "year", stated, quote),
    ])
    row = budget.absorption(_fake_doc(facts)).iloc[0]
    assert bool(row.consistent) is consistent
    assert row.flag == ("" if consistent else "contradiction")
    assert row.absorption == pytest.approx(66.6)


def test_nothing_is_derived_without_the_programme_count():
    facts = _facts([
        ("total_budget", "office", 2021, "year", 1000.0, "Rp. 1.000,00"),
        ("budget", "2.07.03", 2021, "year", 400.0, "Rp. 400,00"),
        ("absorption_stated", "2.07.01", 2021, "year", 90.0, "90,00%"),
        ("absorption_stated", "2.07.03", 2021, "year", 50.0, "50,00%"),
    ])
    table = budget.absorption(_fake_doc(facts))
    assert not table.derived.any()
    counted = pd.concat([facts, _facts([("programme_count", "office", 2021, "year", 2.0, "2 program")])])
    counted = counted.assign(unit=counted.unit.where(counted.quantity != "programme_count", "program"))
    derived = _row(budget.absorption(_fake_doc(counted.reset_index(drop=True))), "2.07.01", 2021)
    assert derived.derived and derived.budget == 600


def test_absorption_does_not_change_the_document(doc):
    before = doc.facts.copy()
    budget.absorption(doc)
    pd.testing.assert_frame_equal(doc.facts, before)


# ---------------------------------------------------------------- plan composition and changes
def test_plan_composition_of_the_plan_year(doc):
    comp = budget.plan_composition(doc)
    assert set(comp.year) == {doc.years["plan"]}
    programmes = comp[comp.level == "program"]
    assert programmes.share_of_total.sum() == pytest.approx(100)
    assert programmes.budget.sum() == 5_168_369_010
    shares = programmes.set_index("code").share_of_total.round(2)
    assert shares.dropna().to_dict() == {"2.07.01": 66.88, "2.07.03": 16.72, "2.07.04": 8.59, "2.07.05": 7.81}
    assert pd.isna(shares.loc["3.32.03"])   # the table writes "-": no budget, no share
    activities = comp[comp.level == "kegiatan"]
    per_programme = activities.groupby("programme").share_of_parent.sum()
    assert per_programme.loc[["2.07.01", "2.07.03", "2.07.04", "2.07.05"]].round(6).tolist() == [100.0] * 4


def test_salaries_against_the_rest(doc):
    s = budget.salary_share(doc).set_index("component")
    assert s.loc["salaries", "codes"] == "2.07.01.2.02.01"
    assert s.loc["salaries", "budget"] == 2_662_806_950
    assert s.loc["salaries", "budget"] + s.loc["other", "budget"] == 5_168_369_010
    assert round(s.loc["salaries", "share"], 2) == 51.52
    forward = budget.salary_share(doc, doc.years["forward"]).set_index("component")
    assert forward.loc["salaries", "budget"] == 2_191_469_811
    assert list(forward.index) == ["salaries", "other"] and "label" not in forward.columns
    with pytest.raises(RenjaError, match="no code in the plan table"):
        budget.salary_share(doc, name="Gaji Direktur")


def test_plan_changes_add_up_to_the_change_of_the_totals(doc):
    changes = budget.plan_changes(doc, levels=["program"])
    totals = doc.stated_totals.query("kind == 'plan'").set_index("year")["value"]
    plan, forward = doc.years["plan"], doc.years["forward"]
    assert changes.change.sum() == totals.loc[forward] - totals.loc[plan] == 251_138_530
    assert set(changes.plan_year) == {plan} and set(changes.forward_year) == {forward}
    new = changes.set_index("code").loc["3.32.03"]
    assert new.status == "new" and pd.isna(new.budget_plan) and pd.isna(new.change_pct)
    assert new.change == 36_344_101
    support = changes.set_index("code").loc["2.07.01"]
    assert support.change == 2_907_722_487 - 3_456_509_470
    assert support.status == "decreased" and "status_label" not in changes.columns


def test_plan_changes_of_every_parent_equal_the_sum_of_its_children(doc):
    changes = budget.plan_changes(doc).set_index("code")
    children = changes.groupby("parent").change.sum()
    for parent, total in children.items():
        if parent in changes.index:
            assert changes.loc[parent, "change"] == total, parent


def test_plan_years_come_from_the_document():
    plan_budget = pd.DataFrame({
        "code": ["2.07.03", "2.07.03", "2.07.04"], "level": "program", "parent": "2.07",
        "name": ["A", "A", "B"], "year": pd.array([2030, 2031, 2030], dtype="Int64"),
        "budget": pd.array([100, 150, 80], dtype="Int64"), "source_line": pd.array([1, 1, 2], dtype="Int64"),
    })
    fake = SimpleNamespace(plan_budget=plan_budget, years={"plan": 2030, "forward": 2031}, path="fake.txt")
    out = budget.plan_changes(fake).set_index("code")
    assert out.loc["2.07.03", ["plan_year", "forward_year", "change"]].tolist() == [2030, 2031, 50]
    assert out.loc["2.07.04", "status"] == "dropped" and out.loc["2.07.04", "change"] == -80
    assert out.loc["2.07.04", "change_pct"] == -100


def test_draft_to_needs_adds_up_and_is_linked_to_codes(doc):
    review = budget.draft_to_needs(doc)
    programmes = review[(review.level == "program") & ~review.continuation]
    totals = doc.stated_totals.query("kind == 'rkpd_review'").set_index("stage")["value"]
    assert programmes.change.sum() == totals.loc["needs"] - totals.loc["draft"] == 175_000_000
    assert programmes.set_index("code").change[lambda s: s != 0].to_dict() == {
        "2.07.01": 25_000_000, "2.07.05": 150_000_000}
    assert review.code.notna().all()
    cut_short = review.set_index("source_line").loc[805]   # the draft side's name is cut short in the text
    assert cut_short.code == "2.07.05.2.01" and cut_short.code_match == "needs side"
    # the plan adopted the needs analysis: Tabel 4.1 and the needs differ only by the Rp.000 rounding
    assert review.plan_minus_needs.dropna().abs().max() <= 500
    target = review.set_index("source_line").loc[748]
    assert target.target_changed and (target.target_draft, target.target_needs) == (2.0, 1.0)


def test_budget_checks_is_gone_the_audit_checks_the_arithmetic():
    """The document's own arithmetic is the audit's (rules parent_sum and stated_total): see test_audit.py."""
    assert not hasattr(budget, "budget_checks") and "budget_checks" not in budget.__all__


# ---------------------------------------------------------------- the user's spending files
QUARTERLY = (Path(__file__).parent / "data" / "spending_quarterly_by_code.csv").read_text(encoding="utf-8")


def _write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_quarterly_rupiah_file_by_code(tmp_path):
    sp = budget.read_spending(_write(tmp_path, "q.csv", QUARTERLY), unit="rupiah", cumulative=False)
    frame = sp.frame
    assert sp.hierarchy == "code" and sp.unit == "rupiah" and sp.cumulative is False
    assert frame.period.unique().tolist() == ["Q1", "Q2"]
    assert frame.period_raw.unique().tolist() == ["TW I", "TW II"]
    first = frame[frame.period == "Q1"].set_index("code")
    assert first.loc["2.07.03", "level"] == "program"        # "2 07 03" written canonically
    assert first.loc["2.07.03.2.01", "parent_row"] == first.loc["2.07.03", "row"]
    assert first.depth.to_dict() == {"2.07.03": 0, "2.07.03.2.01": 1, "2.07.03.2.04": 1, "2.07.04": 0}
    assert bool(first.loc["2.07.03", "adds_up"])
    total = budget.absorption_by_period(sp)
    assert total.budget.tolist() == [864_178_400 + 443_811_840] * 2
    assert total.spending_cumulative.tolist() == [70_000_000, 250_000_000]
    assert total.absorption_period.round(4).tolist() == [round(70e6 / 1_307_990_240 * 100, 4),
                                                         round(180e6 / 1_307_990_240 * 100, 4)]
    programmes = budget.absorption_by_period(sp, depth=0)
    assert programmes[programmes.period == "Q2"].set_index("key").absorption_cumulative.round(2).to_dict() == {
        "2.07.03": round(150e6 / 864_178_400 * 100, 2), "2.07.04": round(100e6 / 443_811_840 * 100, 2)}
    curve = budget.s_curve(sp, {"Triwulan 1": 10, "Q2": 25})
    assert curve.planned.tolist() == [10.0, 25.0]
    assert curve.gap_pp.round(6).tolist() == [round(70e6 / 1_307_990_240 * 100 - 10, 6),
                                               round(250e6 / 1_307_990_240 * 100 - 25, 6)]
    one = budget.s_curve(sp, key="2.07.04")
    assert one.absorption_cumulative.round(4).tolist() == [round(20e6 / 443_811_840 * 100, 4),
                                                          round(100e6 / 443_811_840 * 100, 4)]


def test_cumulative_file_gives_the_same_flows(tmp_path):
    per_period = budget.read_spending(_write(tmp_path, "a.csv", QUARTERLY), unit="rupiah", cumulative=False)
    cumulative_text = QUARTERLY.replace("2.07.03,TW II,864178400,100000000", "2.07.03,TW II,864178400,150000000") \
        .replace("2.07.03.2.01,TW II,836617500,95000000", "2.07.03.2.01,TW II,836617500,140000000") \
        .replace("2.07.03.2.04,TW II,27560900,5000000", "2.07.03.2.04,TW II,27560900,10000000") \
        .replace("2.07.04,TW II,443811840,80000000", "2.07.04,TW II,443811840,100000000")
    cumulative = budget.read_spending(_write(tmp_path, "b.csv", cumulative_text), unit="rupiah", cumulative=True)
    cols = ["period", "code", "spending_period", "spending_cumulative", "absorption_cumulative"]
    pd.testing.assert_frame_equal(per_period.frame[cols], cumulative.frame[cols])


BILLIONS = """akun,anggaran,realisasi,persentase
PENDAPATAN DAERAH,"1.234,56","1.100,00","89,10"
  Pendapatan Asli Daerah,"234,56","200,00","85,27"
  Pendapatan Transfer,"1.000,00","900,00","90,00"
BELANJA DAERAH,"1.300,00","1.000,00","76,92"
  Belanja Operasi,"1.000,00","800,00","80,00"
    Belanja Pegawai,"600,00","500,00","83,33"
    Belanja Barang dan Jasa,"400,00","300,00","75,00"
  Belanja Modal,"300,00","200,00","60,00"
"""


def test_billions_file_with_indented_names(tmp_path):
    sp = budget.read_spending(_write(tmp_path, "lra.csv", BILLIONS), unit="miliar")
    frame = sp.frame.set_index("name")
    assert sp.hierarchy == "indent" and sp.cumulative is None
    assert frame.loc["PENDAPATAN DAERAH", "budget"] == 1_234_560_000_000
    assert frame.loc["Belanja Pegawai", "depth"] == 2
    assert frame.loc["Belanja Pegawai", "path"] == "BELANJA DAERAH > Belanja Operasi > Belanja Pegawai"
    assert frame.loc["Belanja Modal", "parent_row"] == frame.loc["BELANJA DAERAH", "row"]
    assert frame.adds_up.dropna().all() and frame.adds_up.notna().sum() == 3
    # the stated percentage is checked like the document's: 200/300 is 66,67 %, not 60,00 %
    assert frame[frame.consistent == False].index.tolist() == ["Belanja Modal"]  # noqa: E712
    spending = budget.s_curve(sp, key="BELANJA DAERAH")
    assert spending.absorption_cumulative.round(2).tolist() == [76.92]
    total = budget.absorption_by_period(sp)
    assert total.n_rows.tolist() == [2] and total.budget.tolist() == [2_534_560_000_000]


def test_unit_in_the_headers(tmp_path):
    text = "akun,anggaran (juta),realisasi (juta)\nBelanja,\"1,5\",\"0,75\"\n"
    sp = budget.read_spending(_write(tmp_path, "h.csv", text))
    assert sp.unit == "juta" and sp.frame.budget.tolist() == [1_500_000.0]
    with pytest.raises(RenjaError, match="declared differently"):
        budget.read_spending(_write(tmp_path, "h2.csv", text), unit="miliar")


def test_xlsx_file_with_excel_indent(tmp_path):
    path = tmp_path / "realisasi.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "LRA"
    sheet.append(["Uraian", "Pagu", "Realisasi"])
    sheet.append(["BELANJA", 3_000_000, 1_500_000])
    sheet.append(["Belanja Pegawai", 2_000_000, "1.000.000"])      # text cell, Indonesian style
    sheet.append(["Belanja Barang", 1_000_000, 500_002.5])
    for row in (3, 4):
        sheet.cell(row=row, column=1).alignment = Alignment(indent=1)
    book.save(path)
    sp = budget.read_spending(path, unit="ribu", sheet="LRA")
    frame = sp.frame.set_index("name")
    assert frame.loc["Belanja Pegawai", "spending"] == 1_000_000_000
    assert frame.loc["Belanja Barang", "spending"] == 500_002_500
    assert frame.loc["Belanja Pegawai", "depth"] == 1
    assert frame.loc["Belanja Barang", "parent_row"] == 2
    # 1.500.000 thousand against 1.000.000 (±0,5, written as text) + 500.002,5: beyond the rounding
    assert bool(frame.loc["BELANJA", "adds_up"]) is False
    assert budget.absorption_by_period(sp).absorption_period.tolist() == [50.0]
    with pytest.raises(RenjaError, match="no sheet 'Sheet9'"):
        budget.read_spending(path, unit="ribu", sheet="Sheet9")


@pytest.mark.parametrize("decimal, written, expected", [
    (",", "1.234", 1234.0),        # Indonesian: the dot groups thousands
    (".", "1.234", 1.234),         # machine: the dot is the decimal mark
    (",", "1.234.567,89", 1234567.89),
    (".", "1234567.89", 1234567.89),
    (",", "Rp 1.000", 1000.0),
    (",", "2500", 2500.0),
    (".", "2500", 2500.0),
])
def test_number_rule_is_declared_not_guessed(tmp_path, decimal, written, expected):
    path = _write(tmp_path, "n.csv", f'akun,anggaran,realisasi\nBelanja,"{written}",0\n')
    assert budget.read_spending(path, unit="rupiah", decimal=decimal).frame.budget.tolist() == [expected]


@pytest.mark.parametrize("decimal, written, hint", [
    (",", "1234567.89", "decimal='.'"),
    (",", "12.34", "decimal='.'"),
    (".", "1.234.567,89", "without grouping"),
    (".", "1234,5", "without grouping"),
])
def test_a_number_invalid_under_the_declared_rule_is_refused(tmp_path, decimal, written, hint):
    path = _write(tmp_path, "n.csv", f'akun,anggaran,realisasi\nBelanja,"{written}",0\n')
    with pytest.raises(RenjaError) as err:
        budget.read_spending(path, unit="rupiah", decimal=decimal)
    message = str(err.value)
    assert "n.csv:2" in message and "row 2, column 'anggaran'" in message and hint in message


@pytest.mark.parametrize("text, kwargs, row, column, words", [
    ("akun,realisasi\nBelanja,1\n", {"unit": "rupiah"}, 1, "budget", "missing column"),
    ("akun,anggaran,realisasi\nBelanja,1,satu juta\n", {"unit": "rupiah"}, 2, "realisasi", "found 'satu juta'"),
    ("akun,anggaran (triliun),realisasi\nBelanja,1,1\n", {}, 1, "anggaran (triliun)", "unknown unit 'triliun'"),
    ("akun,anggaran,realisasi,satuan\nBelanja,1,1,rupiah\nModal,1,1,dolar\n", {}, 3, "satuan",
     "unknown unit 'dolar'"),
    ("akun,anggaran,realisasi\nBelanja,1,1\n", {}, 2, "anggaran", "no unit declared"),
    ("akun,anggaran,realisasi,sisa\nBelanja,1,1,0\n", {"unit": "rupiah"}, 1, "sisa", "unknown column"),
    ("kode,periode,anggaran,realisasi\n2.07.03,Q1,100,50\n2.07.03,Q2,100,40\n",
     {"unit": "rupiah", "cumulative": True}, 3, "realisasi", "cumulative spending falls"),
    ("kode,periode,anggaran,realisasi\n2.07.03,Q1,100,50\n2.07.03,Q1,100,40\n",
     {"unit": "rupiah", "cumulative": True}, 3, "kode", "appears twice"),
    ("akun,anggaran,realisasi\n\tBelanja,1,1\n", {"unit": "rupiah"}, 2, "akun", "tab"),
])
def test_bad_files_name_the_file_row_and_column(tmp_path, text, kwargs, row, column, words):
    path = _write(tmp_path, "buruk.csv", text)
    with pytest.raises(RenjaError) as err:
        budget.read_spending(path, **kwargs)
    message = str(err.value)
    assert message.startswith(f"{path}:{row}: row {row}")
    assert f"column {column!r}" in message
    assert words in message
    assert err.value.line == row


def test_several_periods_need_the_spending_declared(tmp_path):
    path = _write(tmp_path, "q.csv", QUARTERLY)
    with pytest.raises(RenjaError, match="cumulative=True if spending is cumulative") as err:
        budget.read_spending(path, unit="rupiah")
    assert str(path) in str(err.value)


def test_bad_arguments_and_files(tmp_path):
    path = _write(tmp_path, "q.csv", QUARTERLY)
    with pytest.raises(RenjaError, match="unit must be one of"):
        budget.read_spending(path, unit="dollar")
    with pytest.raises(RenjaError, match="decimal must be one of"):
        budget.read_spending(path, unit="rupiah", decimal=";")
    with pytest.raises(RenjaError, match="file not found"):
        budget.read_spending(tmp_path / "tidak_ada.csv", unit="rupiah")
    empty = _write(tmp_path, "kosong.csv", "")
    with pytest.raises(RenjaError, match="empty"):
        budget.read_spending(empty, unit="rupiah")
    sp = budget.read_spending(path, unit="rupiah", cumulative=False)
    with pytest.raises(RenjaError, match="schedule period 'akhir' is not a period"):
        budget.s_curve(sp, {"Q1": 10, "akhir": 100})
    with pytest.raises(RenjaError, match="never falling"):
        budget.s_curve(sp, {"Q1": 30, "Q2": 20})
    with pytest.raises(RenjaError, match="no account"):
        budget.s_curve(sp, key="9.99")


def test_reading_does_not_change_a_schedule_frame(tmp_path):
    sp = budget.read_spending(_write(tmp_path, "q.csv", QUARTERLY), unit="rupiah", cumulative=False)
    schedule = pd.DataFrame({"period": ["Q1", "Q2"], "planned": [10.0, 25.0]})
    before = schedule.copy()
    budget.s_curve(sp, schedule)
    pd.testing.assert_frame_equal(schedule, before)


def test_docstring_examples_run():
    import doctest

    from renja_lib.analyse import spending_absorption

    for module in (budget, spending_absorption):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
        assert result.attempted > 0 and result.failed == 0, module.__name__


def test_a_file_that_is_not_a_workbook(tmp_path):
    fake = _write(tmp_path, "palsu.xlsx", "akun,anggaran,realisasi\n")
    with pytest.raises(RenjaError, match="cannot open as an Excel workbook") as err:
        budget.read_spending(fake, unit="rupiah")
    assert "palsu.xlsx" in str(err.value)


def test_a_missing_amount_is_never_counted_as_zero(tmp_path):
    text = "kode,periode,anggaran,realisasi\n2.07.03,Q1,1000,-\n2.07.03,Q2,1000,300\n2.07.03,Q3,1000,200\n"
    sp = budget.read_spending(_write(tmp_path, "gap.csv", text), unit="rupiah", cumulative=False)
    frame = sp.frame
    assert frame.spending_period.isna().tolist() == [True, False, False]
    assert frame.spending_cumulative.isna().all()        # the Q1 gap makes every total after it unknown
    assert budget.s_curve(sp).absorption_cumulative.isna().all()


def test_schedule_beyond_the_file_shows_the_plan_without_spending(tmp_path):
    """A mid-year report: the plan runs to Q4, the file to Q2; the curve keeps every planned period."""
    sp = budget.read_spending(_write(tmp_path, "q.csv", QUARTERLY), unit="rupiah", cumulative=False)
    curve = budget.s_curve(sp, {"TW I": 10, "Q2": 30, "Q3": 60, "Q4": 100})
    assert curve["period"].tolist() == ["Q1", "Q2", "Q3", "Q4"]
    assert curve["period_order"].tolist() == [1, 2, 3, 4]
    assert curve["planned"].tolist() == [10.0, 30.0, 60.0, 100.0]
    assert curve["absorption_cumulative"].iloc[2:].isna().all()
    assert curve["gap_pp"].iloc[:2].notna().all() and curve["gap_pp"].iloc[2:].isna().all()
    assert str(curve["budget"].dtype) == "float64"
