"""renja_lib.analyse.performance: achievement recomputed from Tabel 2.1, roll-up, Renstra progress, efficiency view."""
from __future__ import annotations

from types import SimpleNamespace

import inspect
import pandas as pd
import pytest

from renja_lib import load
from renja_lib.analyse import performance
from renja_lib.errors import RenjaError


def _evaluation(rows, year=2021):
    """A hand-made Tabel 2.1 in the long shape: rows of (code, indicator, target, realised[, reported, raw])."""
    records = []
    for line, row in enumerate(rows, start=1):
        code, indicator, target, realised = row[:4]
        reported = row[4] if len(row) > 4 else None
        raw = row[5] if len(row) > 5 else (None if reported is None else f"{reported}%")
        for measure, value, text in (("target", target, None), ("realization", realised, None),
                                     ("achievement_reported", reported, raw)):
            records.append({"code": code, "indicator": indicator, "measure": measure, "year": year,
                            "value": value, "raw": text, "unit": "%", "name": f"name of {code}",
                            "source_line": line})
    frame = pd.DataFrame.from_records(records)
    return frame.astype({"value": "float64"})


# ---------------------------------------------------------------- the real document
@pytest.fixture(scope="module")
def table(doc):
    return performance.achievement_table(doc)


def test_every_indicator_of_the_2021_half_is_listed(table):
    assert set(table.year) == {2021}
    assert len(table) == 73
    assert table.source_line.is_monotonic_increasing and table.source_line.is_unique
    assert table.status.value_counts().to_dict() == {"consistent": 56, "no_data": 17}
    no_data = table[table.status == "no_data"]
    assert no_data.achievement.isna().all() and (no_data.band_key == "missing").all()
    assert "band" not in table.columns and "lang" not in inspect.signature(performance.achievement_table).parameters


def test_recomputed_against_reported_on_the_document(table):
    # every printed achievement is its figures' ratio, rounded to the decimals printed: nothing to list
    assert performance.reported_differences(table).source_line.tolist() == []
    row = table.set_index("source_line").loc[437]            # 130,13 / 90 = 144,59 printed 145%
    assert round(row.achievement, 2) == 144.59 and row.reported == 145 and row.tolerance == 0.5
    assert row.difference == pytest.approx(-0.411111, abs=1e-6)
    worst = table.difference.abs().max()
    assert 0.46 < worst <= 0.5


def test_a_difference_beyond_rounding_is_listed(doc_copy, replace_line):
    # line 428: the printed achievement changed; line 437: its realised value removed
    changed = load(doc_copy(lambda t: replace_line(replace_line(t, 428, "109%", "119%"),
                                                   437, "130,13 %", "- %")))
    listed = performance.reported_differences(changed)
    assert listed.source_line.tolist() == [428, 437]
    assert listed.status.tolist() == ["differs", "reported_only"]
    assert listed.difference.round(2).tolist()[0] == round(98.14 / 90 * 100 - 119, 2)


def test_renstra_progress_on_the_document(doc):
    progress = performance.renstra_progress(doc)
    assert set(progress.renstra_year) == {2026} and set(progress.to_date_year) == {2022}
    assert progress.status.value_counts().to_dict() == {"consistent": 62, "no_data": 15}
    assert performance.reported_differences(progress).empty
    by_line = progress.set_index("source_line")
    assert by_line.loc[529, ["renstra_target", "realised_to_date", "progress"]].tolist() == [35.0, 7.0, 20.0]
    # 18 / 16 = 112,5 printed 113%: exactly half a unit, still rounding
    assert by_line.loc[534, "progress"] == 112.5 and by_line.loc[534, "reported"] == 113
    assert by_line.loc[534, "status"] == "consistent"
    assert by_line.loc[571, "target_to_date_year"] == 16.8


def test_rollup_per_programme(doc, table):
    own = performance.rollup(table, scope="own").set_index("code")
    assert own.index.tolist() == ["2.07.01", "2.07.03", "2.07.04", "2.07.05"]
    assert own.loc["2.07.03", ["n_indicators", "n_with_data", "n_without_data"]].tolist() == [2, 1, 1]
    assert round(own.loc["2.07.03", "mean_achievement"], 3) == 100.625
    everything = performance.rollup(doc, scope="all").set_index("code")
    assert everything.loc["2.07.01", ["n_indicators", "n_without_data"]].tolist() == [35, 5]
    assert everything.n_indicators.sum() == len(table)
    assert round(everything.loc["2.07.04", "max_achievement"], 2) == 254.0   # 508 / 200 placed via BKK SMK


def test_rollup_per_activity_with_cap(table):
    capped = performance.rollup(table, level="kegiatan", scope="all", cap=100).set_index("code")
    # 2.07.01.2.07: 66,67 / 90 and 2 / 3 jenis
    assert round(capped.loc["2.07.01.2.07", "mean_achievement"], 4) == round((66.67 / 90 * 100 + 200 / 3) / 2, 4)
    assert capped.loc["2.07.01.2.07", "band_key"] == "medium"
    assert capped.loc["2.07.01.2.03", "n_with_data"] == 0
    assert capped.loc["2.07.01.2.03", "band_key"] == "missing"
    uncapped = performance.rollup(table, level="kegiatan", scope="all").set_index("code")
    assert uncapped.loc["2.07.01.2.02", "mean_achievement"] > capped.loc["2.07.01.2.02", "mean_achievement"] == 100


def test_efficiency_view_on_the_document(doc):
    eff = performance.efficiency(doc)
    assert (eff.year, eff.period, eff.scope, eff.cap, eff.achievement_threshold) == (2021, "year", "all", None, 91.0)
    frame = eff.frame.set_index("programme")
    # low absorption at year end is a warning, never "efficient" (../shared/DOMAIN.md, Formulas)
    assert frame.quadrant.to_dict() == {"2.07.01": "on_track", "2.07.03": "underspent_achieved",
                                        "2.07.04": "underspent_achieved", "2.07.05": "underspent_achieved",
                                        "3.32.03": "no_data"}
    assert frame.loc["2.07.01", "absorption_basis"] == "derived"
    assert frame.loc["2.07.03", "absorption_basis"] == "amounts"
    assert set(frame.quadrant) <= set(performance.QUADRANTS) and "quadrant_label" not in frame.columns
    assert round(frame.loc["2.07.03", "absorption"], 2) == 66.60
    lower = performance.efficiency(doc, absorption_threshold=60).frame.set_index("programme")
    assert lower.loc["2.07.03", "quadrant"] == "on_track"
    strict = performance.efficiency(doc, achievement_threshold=103).frame.set_index("programme")
    assert strict.loc["2.07.05", "quadrant"] == "lagging"        # 102,32 % achieved on 90,83 % spent
    assert strict.loc["2.07.01", "quadrant"] == "on_track"       # 106,16 % on 93,02 %
    high = performance.efficiency(doc, absorption_threshold=80, achievement_threshold=99).frame.set_index("programme")
    assert high.loc["2.07.03", "quadrant"] == "lagging"          # 97,65 % on 66,60 %
    assert high.loc["2.07.04", "quadrant"] == "on_track"         # 128,82 % on 82,36 %


# ---------------------------------------------------------------- bands and directions, hand-made
EDGES = [
    (50, "very_low"), (50.5, "very_low"), (51, "low"), (65, "low"), (66, "medium"),
    (75, "medium"), (76, "high"), (90, "high"), (90.5, "high"), (91, "very_high"),
    (100, "very_high"), (130, "very_high"),
]


def test_band_edges_through_the_achievement_table():
    frame = _evaluation([("2.07.03", f"Indikator {v}", 100.0, float(v)) for v, _ in EDGES])
    out = performance.achievement_table(frame)
    assert out.achievement.tolist() == [float(v) for v, _ in EDGES]
    assert out.band_key.tolist() == [band for _, band in EDGES]


def test_band_edges_through_the_rollup():
    frame = _evaluation([(f"2.07.0{i}", "Indikator", 100.0, float(v)) for i, (v, _) in enumerate(EDGES[:9], 1)])
    out = performance.rollup(performance.achievement_table(frame), scope="own")
    assert out.band_key.tolist() == [band for _, band in EDGES[:9]]


def test_a_ratio_on_a_band_edge_is_banded_as_the_edge():
    # 4,55 / 5 x 100 is 90.99999999999999 in floating point; it is 91
    out = performance.achievement_table(_evaluation([("2.07.03", "Indikator", 5.0, 4.55)]))
    assert out.band_key.tolist() == ["very_high"]


@pytest.mark.parametrize("method, value, band", [
    ("two_minus", 90.89, "high"),
    ("inverse_ratio", 91.65, "very_high"),
])
def test_lower_is_better_by_both_methods(method, value, band):
    frame = _evaluation([("2.07.04", "Tingkat Pengangguran Terbuka", 5.71, 6.23),
                         ("2.07.04", "Persentase pencari kerja yang ditempatkan", 5.71, 6.23)])
    out = performance.achievement_table(frame, method=method)
    tpt, placed = out.iloc[0], out.iloc[1]
    assert (tpt.direction, tpt.direction_source, tpt.method) == ("lower_is_better", "metadata (TPT)", method)
    assert round(tpt.achievement, 2) == value and tpt.band_key == band
    assert "target" in tpt.formula
    assert (placed.direction, placed.method) == ("higher_is_better", "ratio")
    assert round(placed.achievement, 2) == 109.11


def test_lower_is_better_below_target_is_above_100():
    frame = _evaluation([("2.07.04", "TPT", 6.0, 4.5)])
    assert performance.achievement_table(frame, method="two_minus").achievement.tolist() == [125.0]
    assert round(performance.achievement_table(frame, method="inverse_ratio").achievement.iloc[0], 4) == 133.3333


def test_a_name_that_mentions_unemployment_is_not_lower_is_better(table):
    row = table.set_index("source_line").loc[495]
    assert row.indicator == "Jumlah pengangguran dan setengah pengangguran yang dipekerjakan"
    assert (row.direction, row.direction_source) == ("higher_is_better", performance.DOCUMENT_FORMULA)
    assert (table.direction == "higher_is_better").all()


def test_directions_given_by_the_caller():
    frame = _evaluation([("2.07.05.2.02", "Jumlah kasus perselisihan", 15.0, 11.0),
                         ("2.07.05.2.01", "Jumlah kecelakaan kerja", 10.0, 12.0)])
    out = performance.achievement_table(frame, directions={"JUMLAH  kasus perselisihan": "lower_is_better",
                                                           "2.07.05.2.01": "lower_is_better"})
    assert out.direction_source.tolist() == ["caller", "caller"]
    assert out.achievement.round(4).tolist() == [round((30 - 11) / 15 * 100, 4), 80.0]
    assert performance.indicator_direction("TKK") == ("higher_is_better", "metadata (TKK)")
    with pytest.raises(RenjaError, match="directions"):
        performance.achievement_table(frame, directions={"x": "down"})
    with pytest.raises(RenjaError, match="method"):
        performance.achievement_table(frame, method="ratio")


def test_reported_values_are_compared_at_the_decimals_written():
    frame = _evaluation([("2.07.03", "A", 90.0, 98.14, 109.04, "109,04%"),    # 109,0444: within 0,005
                         ("2.07.03", "B", 90.0, 98.14, 109.05, "109,05%"),    # beyond
                         ("2.07.03", "C", 90.0, 98.14, 109.0, "109%"),        # within 0,5
                         ("2.07.03", "D", 0.0, 0.0, 100.0, "100%"),           # cannot be recomputed
                         ("2.07.03", "E", 10.0, 5.0, None, None)])            # not reported
    out = performance.achievement_table(frame)
    assert out.status.tolist() == ["consistent", "differs", "consistent", "reported_only", "recomputed_only"]
    assert out.tolerance.tolist()[:3] == [0.005, 0.005, 0.5]
    assert performance.reported_differences(out).indicator.tolist() == ["B", "D", "E"]


def test_functions_do_not_change_their_input():
    frame = _evaluation([("2.07.03", "A", 90.0, 98.14, 109.0)])
    before = frame.copy()
    table = performance.achievement_table(frame)
    table_before = table.copy()
    performance.rollup(table)
    performance.reported_differences(table)
    pd.testing.assert_frame_equal(frame, before)
    pd.testing.assert_frame_equal(table, table_before)


def test_efficiency_of_a_programme_whose_figures_contradict():
    evaluation = _evaluation([("2.07.03", "A", 100.0, 95.0), ("2.07.04", "B", 100.0, 60.0),
                              ("2.07.05", "C", 100.0, 50.0)])
    facts = pd.DataFrame.from_records([
        dict(quantity=q, subject=s, year=2021, period="year", value=v, unit=u, quote=quote, source_line=i,
             note="")
        for i, (q, s, v, u, quote) in enumerate([
            ("budget", "2.07.03", 1000.0, "rupiah", "Rp. 1.000,00"),
            ("spending", "2.07.03", 500.0, "rupiah", "Rp. 500,00"),
            ("absorption_stated", "2.07.03", 90.0, "%", "90,00%"),              # contradicts 500 / 1000
            ("budget", "2.07.04", 1000.0, "rupiah", "Rp. 1.000,00"),
            ("spending", "2.07.04", 950.0, "rupiah", "Rp. 950,00"),
            ("absorption_stated", "2.07.05", 40.0, "%", "40%"),                 # only the percentage
        ], start=1)])
    codes = pd.DataFrame({"table": "Tabel 4.1", "code": ["2.07.03", "2.07.04", "2.07.05"],
                          "name": ["Pelatihan", "Penempatan", "Hubungan Industrial"], "source_line": [1, 2, 3]})
    doc = SimpleNamespace(evaluation=evaluation, facts=facts, codes=codes, path="fake.txt")
    frame = performance.efficiency(doc).frame.set_index("programme")
    assert frame.quadrant.to_dict() == {"2.07.03": "conflict", "2.07.04": "spent_not_achieved",
                                        "2.07.05": "lagging"}
    assert frame.absorption_basis.to_dict() == {"2.07.03": "conflict", "2.07.04": "amounts", "2.07.05": "stated"}
    assert pd.isna(frame.loc["2.07.03", "absorption"])
    assert frame.loc["2.07.03", "absorption_computed"] == 50.0 and frame.loc["2.07.03", "absorption_stated"] == 90.0
    assert frame.loc["2.07.04", "name"] == "Penempatan"


def test_bad_arguments():
    frame = _evaluation([("2.07.03", "A", 90.0, 98.14, 109.0)])
    with pytest.raises(RenjaError, match="scope"):
        performance.rollup(frame, scope="some")
    with pytest.raises(RenjaError, match="level"):
        performance.rollup(frame, level="sub_kegiatan")
    with pytest.raises(RenjaError, match="lacks columns"):
        performance.achievement_table(frame.drop(columns=["measure"]))


def test_docstring_examples_run():
    import doctest

    result = doctest.testmod(performance, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_efficiency_refuses_part_of_a_year(doc):
    """Q1 2022's 3,76 % absorption set against a year's achievement would call every programme underspent: refused."""
    with pytest.raises(RenjaError, match=r"period must be \"year\".*got 'Q1'"):
        performance.efficiency(doc, period="Q1")
    assert set(performance.efficiency(doc).frame["period"]) == {"year"}
