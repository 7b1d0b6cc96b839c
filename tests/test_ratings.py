"""Tests for renja_lib.analyse.ratings: achievement methods and rating bands."""
from __future__ import annotations

import doctest
import math

import numpy as np
import pandas as pd
import pytest

from renja_lib.analyse import ratings
from renja_lib.errors import RenjaError
from renja_lib.analyse.ratings import BANDS, FORMULAS, achievement, applied_method, band_frame, band_key
from renja_lib.text import tr


def band(value, lang="id"):
    """The band of ``value`` in words, as a report writes it: the code through the catalogue."""
    return tr(f"analysis.band.{band_key(value)}", lang)

# The document's TPT for 2021 (Tabel 2.2): target 5,71 %, realised 6,23 %.
TPT_TARGET_2021 = 5.71
TPT_REALISED_2021 = 6.23


# ---------------------------------------------------------------- achievement
def test_two_minus_for_tpt_2021_matches_hand_computation():
    expected = (2 * 5.71 - 6.23) / 5.71 * 100  # 5.19 / 5.71 x 100
    got = achievement(TPT_TARGET_2021, TPT_REALISED_2021, "lower_is_better", "two_minus")
    assert got == pytest.approx(expected, abs=1e-12)
    assert round(got, 2) == 90.89


def test_inverse_ratio_for_tpt_2021_matches_hand_computation():
    expected = 5.71 / 6.23 * 100
    got = achievement(TPT_TARGET_2021, TPT_REALISED_2021, "lower_is_better", "inverse_ratio")
    assert got == pytest.approx(expected, abs=1e-12)
    assert round(got, 2) == 91.65


def test_the_two_methods_put_tpt_2021_in_different_bands():
    two_minus = achievement(TPT_TARGET_2021, TPT_REALISED_2021, "lower_is_better", "two_minus")
    inverse = achievement(TPT_TARGET_2021, TPT_REALISED_2021, "lower_is_better", "inverse_ratio")
    assert (band(two_minus), band(inverse)) == ("tinggi", "sangat tinggi")


def test_higher_is_better_is_realised_over_target():
    assert achievement(67.78, 71.66) == pytest.approx(71.66 / 67.78 * 100)


def test_method_does_not_change_higher_is_better():
    assert achievement(80, 60, "higher_is_better", "inverse_ratio") == achievement(80, 60, "higher_is_better", "two_minus")


def test_achievement_above_100_is_not_capped():
    assert achievement(50, 65) == pytest.approx(130.0)


def test_scalar_result_is_a_float():
    assert type(achievement(4, 3)) is float


def test_series_are_computed_row_by_row_and_keep_the_index():
    target = pd.Series([5.71, 6.00], index=[2021, 2022])
    realised = pd.Series([6.23, 5.40], index=[2021, 2022])
    got = achievement(target, realised, "lower_is_better", "inverse_ratio")
    expected = pd.Series([5.71 / 6.23 * 100, 6.00 / 5.40 * 100], index=[2021, 2022], name="achievement")
    pd.testing.assert_series_equal(got, expected)


def test_scalar_target_broadcasts_over_a_series():
    got = achievement(50.0, pd.Series([25.0, 50.0]))
    assert got.tolist() == [50.0, 100.0]


def test_nan_propagates_in_a_series():
    got = achievement(pd.Series([5.0, np.nan, 5.0]), pd.Series([5.0, 5.0, None]))
    assert got.tolist()[0] == 100.0
    assert got.isna().tolist() == [False, True, True]


def test_none_counts_as_missing_for_numbers():
    assert math.isnan(achievement(None, 5.0))


@pytest.mark.parametrize("direction,method", [
    ("higher_is_better", "two_minus"), ("lower_is_better", "two_minus"), ("lower_is_better", "inverse_ratio"),
])
def test_target_zero_gives_nan(direction, method):
    assert math.isnan(achievement(0, 5.0, direction, method))
    assert achievement(pd.Series([0.0, 5.0]), pd.Series([5.0, 5.0]), direction, method).isna().tolist() == [True, False]


def test_realised_zero_with_inverse_ratio_gives_nan():
    assert math.isnan(achievement(5.0, 0, "lower_is_better", "inverse_ratio"))
    got = achievement(pd.Series([5.0, 5.0]), pd.Series([0.0, 5.0]), "lower_is_better", "inverse_ratio")
    assert got.isna().tolist() == [True, False]


def test_achievement_does_not_mutate_its_input():
    target = pd.Series([5.71, 0.0, np.nan])
    realised = pd.Series([6.23, 1.0, 2.0])
    before_t, before_r = target.copy(), realised.copy()
    achievement(target, realised, "lower_is_better", "inverse_ratio")
    pd.testing.assert_series_equal(target, before_t)
    pd.testing.assert_series_equal(realised, before_r)


def test_unknown_direction_names_argument_allowed_and_given():
    with pytest.raises(RenjaError, match=r"direction must be one of .*'higher_is_better'.*got 'lower'"):
        achievement(5, 6, direction="lower")


def test_unknown_method_names_argument_allowed_and_given():
    with pytest.raises(RenjaError, match=r"method must be one of .*'two_minus'.*got 'ratio'"):
        achievement(5, 6, "lower_is_better", method="ratio")


def test_text_target_is_refused():
    with pytest.raises(RenjaError, match=r"target must be a number.*'5,71'"):
        achievement("5,71", 6.23)


def test_text_series_is_refused():
    with pytest.raises(RenjaError, match=r"realised must hold numbers.*dtype str"):
        achievement(pd.Series([5.71]), pd.Series(["6,23"]))


def test_series_with_different_index_are_refused():
    with pytest.raises(RenjaError, match="same index"):
        achievement(pd.Series([1.0, 2.0], index=[0, 1]), pd.Series([1.0, 2.0], index=[1, 2]))


def test_applied_method_names_ratio_for_higher_is_better():
    assert applied_method("higher_is_better", "two_minus") == "ratio"
    assert applied_method("lower_is_better", "inverse_ratio") == "inverse_ratio"
    assert FORMULAS["two_minus"] == "(2 × target − realised) / target × 100"


# ---------------------------------------------------------------- bands
BAND_EDGES = [
    (50, "very_low", "sangat rendah"),
    (50.5, "very_low", "sangat rendah"),
    (51, "low", "rendah"),
    (65, "low", "rendah"),
    (66, "medium", "sedang"),
    (75, "medium", "sedang"),
    (76, "high", "tinggi"),
    (90, "high", "tinggi"),
    (90.5, "high", "tinggi"),
    (91, "very_high", "sangat tinggi"),
    (100, "very_high", "sangat tinggi"),
    (130, "very_high", "sangat tinggi"),
]


@pytest.mark.parametrize("value,key,label", BAND_EDGES)
def test_band_edges(value, key, label):
    assert band(value) == label
    assert band_key(value) == key


@pytest.mark.parametrize("value,key,label", BAND_EDGES)
def test_band_frame_agrees_with_band_at_the_edges(value, key, label):
    got = band_frame(pd.Series([value]))
    assert list(got.columns) == ["value", "band_key"]
    assert got.loc[0, "band_key"] == key


def test_band_nan_gives_missing_label():
    assert band_key(float("nan")) == "missing"
    assert band(float("nan")) == "tidak ada data"
    assert band(None, lang="en") == "no data"
    assert band_key(np.nan) == "missing"


def test_band_in_english():
    assert [band(v, lang="en") for v in (40, 60, 70, 80, 95)] == ["very low", "low", "medium", "high", "very high"]


def test_band_frame_keeps_index_and_marks_missing():
    values = pd.Series([50.5, np.nan, 130.0], index=["a", "b", "c"])
    expected = pd.DataFrame(
        {"value": [50.5, np.nan, 130.0],
         "band_key": pd.array(["very_low", "missing", "very_high"], dtype="str")},
        index=["a", "b", "c"],
    )
    pd.testing.assert_frame_equal(band_frame(values), expected)


def test_every_band_and_missing_has_words_in_the_catalogue():
    for key in [b.key for b in BANDS] + ["missing"]:
        assert tr(f"analysis.band.{key}", "id") and tr(f"analysis.band.{key}", "en")


def test_band_table_is_read_from_the_data_file_highest_first():
    assert [(b.lower, b.key) for b in BANDS] == [
        (91.0, "very_high"), (76.0, "high"), (66.0, "medium"), (51.0, "low"), (-math.inf, "very_low"),
    ]


def test_band_refuses_a_series():
    with pytest.raises(RenjaError, match="band_frame"):
        band_key(pd.Series([90.0]))


def test_band_words_refuse_unknown_language():
    with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'; got 'fr'"):
        band(90, lang="fr")


def test_band_refuses_text():
    with pytest.raises(RenjaError, match=r"value must be a number.*'90'"):
        band_key("90")


def test_docstring_examples_run():
    result = doctest.testmod(ratings, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0
    assert result.failed == 0


def test_band_edge_is_not_lost_to_floating_point_noise():
    from renja_lib.analyse.ratings import achievement, band_key

    value = achievement(5, 4.55)  # 90.99999999999999 in binary floating point
    assert value < 91
    assert band_key(value) == "very_high"


# ---------------------------------------------------------------- figures not yet released are never rated
@pytest.mark.parametrize("text, expected", [
    ("belum rilis dari BPS", True), ("Belum dirilis", True), ("data belum tersedia", True),
    ("belum diterbitkan BPS", True), ("not yet released", True), ("Not released", True),
    ("BPS Sakernas Agustus", False), ("rilis BPS 2021", False), ("", False), (None, False), (6.23, False),
])
def test_not_released_reads_what_a_document_or_a_publisher_writes(text, expected):
    assert ratings.not_released(text) is expected


def test_only_an_actual_value_is_rated():
    assert ratings.RATED_KINDS == ("actual",)
    assert ratings.is_rated("actual") and not ratings.is_rated("estimate") and not ratings.is_rated(None)


def test_a_figure_not_released_has_words_and_is_no_band():
    key = ratings.NOT_RELEASED_BAND_KEY
    assert key not in {b.key for b in BANDS}
    assert (tr(f"analysis.band.{key}", "id"), tr(f"analysis.band.{key}", "en")) == ("belum rilis", "not yet released")
