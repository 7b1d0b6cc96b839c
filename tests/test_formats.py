"""renja_lib.text.formats: Indonesian and English number formats for charts and reports."""
from __future__ import annotations

import doctest
from decimal import Decimal

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from renja_lib.text import formats  # noqa: E402
from renja_lib.errors import RenjaError  # noqa: E402
from renja_lib.text.formats import (  # noqa: E402
    MISSING,
    fmt_number,
    fmt_percent,
    fmt_points,
    fmt_rupiah,
    fmt_rupiah_full,
    number_formatter,
    percent_formatter,
    rupiah_formatter,
)

VALUE_FUNCTIONS = [fmt_number, fmt_percent, fmt_points, fmt_rupiah, fmt_rupiah_full]
FORMATTER_FACTORIES = [number_formatter, percent_formatter, rupiah_formatter]


# ----------------------------------------------------------------- fmt_number


def test_number_groups_thousands_with_dots_in_indonesian():
    assert fmt_number(5_168_369_010) == "5.168.369.010"


def test_number_groups_thousands_with_commas_in_english():
    assert fmt_number(5_168_369_010, lang="en") == "5,168,369,010"


def test_number_uses_decimal_comma_in_indonesian():
    assert fmt_number(64.53) == "64,53"


def test_number_uses_decimal_point_in_english():
    assert fmt_number(64.53, lang="en") == "64.53"


def test_number_with_fixed_decimals_keeps_trailing_zeros():
    assert fmt_number(64.5, decimals=2) == "64,50"


def test_number_without_decimals_shows_at_most_three():
    assert fmt_number(1 / 3) == "0,333"


def test_number_rounds_half_away_from_zero_like_a_spreadsheet():
    assert (fmt_number(0.125, decimals=2), fmt_number(-0.125, decimals=2)) == ("0,13", "-0,13")


def test_number_never_shows_negative_zero():
    assert fmt_number(-0.001, decimals=2) == "0,00"


def test_number_accepts_numpy_and_decimal_values():
    assert [fmt_number(np.int64(1500)), fmt_number(np.float64(2.5)), fmt_number(Decimal("1234.5"))] == [
        "1.500", "2,5", "1.234,5"]


def test_number_formats_a_year_as_a_grouped_number_so_charts_must_not_use_it_for_years():
    # documented: fmt_number is for quantities; years go through the year axis formatter
    assert fmt_number(2021) == "2.021"


def test_number_handles_huge_values_without_a_decimal_error():
    assert fmt_number(1e30, decimals=2).endswith(".000,00")


@pytest.mark.parametrize("missing", [None, float("nan"), np.nan, pd.NA, Decimal("NaN")])
def test_missing_values_print_as_a_dash(missing):
    assert fmt_number(missing) == MISSING == "\u2013"


@pytest.mark.parametrize("function", VALUE_FUNCTIONS)
def test_every_function_prints_nan_as_the_dash(function):
    assert function(float("nan")) == MISSING


# ---------------------------------------------------------------- fmt_percent


def test_percent_indonesian():
    assert fmt_percent(6.23) == "6,23%"


def test_percent_english():
    assert fmt_percent(6.23, lang="en") == "6.23%"


def test_percent_takes_values_already_in_percent_units():
    assert fmt_percent(71.66) == "71,66%"


def test_percent_with_one_decimal():
    assert fmt_percent(93.8, decimals=1) == "93,8%"


def test_percent_rounds_half_up_without_float_noise():
    # 6.225 is 6.2249999... as a binary float; the value as written is what counts
    assert fmt_percent(6.225) == "6,23%"


# ----------------------------------------------------------------- fmt_points


def test_points_indonesian_short_form_is_signed():
    assert fmt_points(0.52) == "+0,52 poin"


def test_points_english_short_form_is_pp():
    assert fmt_points(0.52, lang="en") == "+0.52 pp"


def test_points_negative_carries_a_minus_sign():
    assert fmt_points(-0.52) == "-0,52 poin"


def test_points_long_form_uses_bps_wording():
    assert fmt_points(0.52, long=True) == "+0,52 persen poin"


def test_points_long_form_in_english():
    assert fmt_points(-0.1, decimals=1, lang="en", long=True) == "-0.1 percentage points"


def test_points_that_round_to_zero_carry_no_sign():
    assert fmt_points(0.001) == "0,00 poin"


def test_points_reject_a_non_boolean_long_flag():
    with pytest.raises(RenjaError, match="long must be True or False; got 'yes'"):
        fmt_points(1, long="yes")


# ----------------------------------------------------------------- fmt_rupiah


@pytest.mark.parametrize(("amount", "text"), [
    (5_168_369_010, "Rp 5,17 M"),
    (864_178_400, "Rp 864,2 jt"),
    (1_234_000_000_000, "Rp 1,2 T"),
    (12_500, "Rp 12,5 rb"),
    (950, "Rp 950"),
    (0, "Rp 0"),
])
def test_rupiah_compact_indonesian(amount, text):
    assert fmt_rupiah(amount) == text


@pytest.mark.parametrize(("amount", "text"), [
    (5_168_369_010, "Rp 5.17 bn"),
    (864_178_400, "Rp 864.2 m"),
    (1_234_000_000_000, "Rp 1.2 tn"),
    (12_500, "Rp 12.5 k"),
    (950, "Rp 950"),
])
def test_rupiah_compact_english(amount, text):
    assert fmt_rupiah(amount, lang="en") == text


def test_rupiah_that_rounds_up_to_a_thousand_moves_to_the_next_unit():
    assert fmt_rupiah(999_960_000) == "Rp 1,00 M"


def test_rupiah_negative_puts_the_sign_before_rp():
    assert fmt_rupiah(-864_178_400) == "-Rp 864,2 jt"


def test_rupiah_full_indonesian():
    assert fmt_rupiah_full(5_168_369_010) == "Rp 5.168.369.010"


def test_rupiah_full_english():
    assert fmt_rupiah_full(5_168_369_010, lang="en") == "Rp 5,168,369,010"


def test_rupiah_full_rounds_to_whole_rupiah():
    assert fmt_rupiah_full(2_850_000.5) == "Rp 2.850.001"


# -------------------------------------------------------------- input checks


@pytest.mark.parametrize("function", VALUE_FUNCTIONS)
def test_unknown_lang_is_refused_listing_the_allowed_ones(function):
    with pytest.raises(RenjaError) as caught:
        function(1, lang="fr")
    assert str(caught.value) == "lang must be one of 'id', 'en'; got 'fr'"


@pytest.mark.parametrize("bad", ["6,23", True, [1], object()])
def test_a_value_that_is_not_a_number_is_refused_naming_the_argument(bad):
    with pytest.raises(RenjaError, match=r"^x must be a number .* got "):
        fmt_number(bad)


def test_infinity_is_refused():
    with pytest.raises(RenjaError, match="x must be a finite number; got inf"):
        fmt_percent(float("inf"))


@pytest.mark.parametrize("bad", [-1, 11, 2.0, True, "2"])
def test_bad_decimals_are_refused(bad):
    with pytest.raises(RenjaError, match=r"^decimals must be a whole number from 0 to 10; got "):
        fmt_percent(6.23, decimals=bad)


# ------------------------------------------------------------ tick formatters


def test_percent_formatter_gives_every_tick_the_same_decimals():
    assert percent_formatter().format_ticks([5.8, 6.0, 6.2]) == ["5,8%", "6,0%", "6,2%"]


def test_percent_formatter_with_fixed_decimals_in_english():
    assert percent_formatter("en", decimals=0).format_ticks([0, 50, 100]) == ["0%", "50%", "100%"]


def test_percent_formatter_ignores_float_noise_in_tick_locations():
    assert percent_formatter().format_ticks([0.1 + 0.2, 0.6]) == ["0,3%", "0,6%"]


def test_number_formatter_groups_thousands():
    assert number_formatter().format_ticks([0, 50_000, 100_000]) == ["0", "50.000", "100.000"]


def test_rupiah_formatter_uses_one_unit_for_the_axis():
    ticks = [0, 500_000_000, 1_000_000_000, 1_500_000_000]
    assert rupiah_formatter().format_ticks(ticks) == ["Rp 0", "Rp 0,5 M", "Rp 1,0 M", "Rp 1,5 M"]


def test_rupiah_formatter_in_english():
    assert rupiah_formatter("en").format_ticks([0, 2e9, 4e9]) == ["Rp 0", "Rp 2 bn", "Rp 4 bn"]


def test_formatter_works_on_a_real_axis():
    fig = Figure()
    ax = fig.add_subplot()
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(percent_formatter("id"))
    fig.canvas.draw()
    labels = [tick.get_text() for tick in ax.get_yticklabels()]
    assert labels == ["0%", "20%", "40%", "60%", "80%", "100%"]


@pytest.mark.parametrize("factory", FORMATTER_FACTORIES)
def test_formatter_factories_refuse_an_unknown_lang(factory):
    with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'; got 'ID'"):
        factory("ID")


def test_docstring_examples_run():
    result = doctest.testmod(formats)
    assert result.attempted > 0 and result.failed == 0


# -------------------------------------------------------------- the one language check (renja_lib.text.langs)


def test_one_list_of_languages_and_one_check():
    from renja_lib import text
    from renja_lib.text import langs

    assert text.LANGS is langs.LANGS == ("id", "en") and text.DEFAULT_LANG == "id"
    assert text.check_lang is langs.check_lang
    assert [text.check_lang(lang) for lang in text.LANGS] == ["id", "en"]
    result = doctest.testmod(langs)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("bad", ["fr", "ID", "", None, 1, ("id",)])
def test_the_language_check_names_the_argument_what_is_allowed_and_what_was_given(bad):
    from renja_lib.text import check_lang

    with pytest.raises(RenjaError) as caught:
        check_lang(bad)
    assert str(caught.value) == f"lang must be one of 'id', 'en'; got {bad!r}"
    with pytest.raises(RenjaError, match=r"^--lang must be one of 'id', 'en'; got "):
        check_lang(bad, arg="--lang")


def test_every_lang_argument_gets_the_same_message(doc):
    """The catalogue, formats, sentences, charts, the audit and the runner's plan refuse a language in the same
    words (analysis functions take no language: their frames hold codes)."""
    from renja_lib.analyse import budget
    from renja_lib.check import audit
    from renja_lib.present import budget_charts, sentences
    from renja_lib.run.plan import plan_runs
    from renja_lib.text import Message, tr
    from renja_lib.text.formats import fmt_percent

    calls = [
        lambda: tr("pages.index.title", "fr"),
        lambda: Message("pages.index.title").render("fr"),
        lambda: fmt_percent(6.5, lang="fr"),
        lambda: budget_charts.salary_chart(budget.salary_share(doc), lang="fr"),
        lambda: sentences.heading("overview", "fr"),
        lambda: audit.audit(doc, rules=["code_names"], lang="fr"),
        lambda: audit.summary(audit.audit(doc, rules=["code_names"]), lang="fr"),
    ]
    for call in calls:
        with pytest.raises(RenjaError) as caught:
            call()
        assert str(caught.value) == "lang must be one of 'id', 'en'; got 'fr'"
    with pytest.raises(RenjaError) as caught:
        plan_runs(lang="fr")
    assert str(caught.value) == "--lang must be one of 'id', 'en'; got 'fr'"
