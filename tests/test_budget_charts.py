"""renja_lib.present.budget_charts, performance_charts and audit_charts (and the chart_parts they share): the charts
of the budget, the performance evaluation and the audit, for slides, on the real document."""
from __future__ import annotations

import doctest
from pathlib import Path
import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import LineCollection  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from renja_lib.check import audit  # noqa: E402
from renja_lib.analyse import budget, performance
from renja_lib.present import audit_charts, budget_charts, chart_parts, chart_style  # noqa: E402
from renja_lib.present import figure_files, performance_charts  # noqa: E402
from renja_lib.errors import RenjaError  # noqa: E402
from renja_lib.text.catalogue import has, keys, tr  # noqa: E402
from renja_lib.present.audit_charts import SEVERITY_COLOURS, audit_chart  # noqa: E402
from renja_lib.present.budget_charts import (  # noqa: E402
    absorption_chart,
    changes_chart,
    composition_chart,
    draft_needs_chart,
    s_curve_chart,
    salary_chart,
)
from renja_lib.present.performance_charts import BAND_COLOURS, achievement_chart, efficiency_chart  # noqa: E402

#: A user's spending file by quarter, spending within each quarter (as in test_budget.py).
QUARTERLY = (Path(__file__).parent / "data" / "spending_quarterly_by_code.csv").read_text(encoding="utf-8")
SCHEDULE = {"TW I": 10, "TW II": 25}


@pytest.fixture(scope="module")
def frames(doc, tmp_path_factory) -> dict:
    """Every frame the charts draw, made once from the bundled Renja 2023 (and a spending file)."""
    path = tmp_path_factory.mktemp("spending") / "realisasi.csv"
    path.write_text(QUARTERLY, encoding="utf-8")
    spending = budget.read_spending(path, unit="rupiah", cumulative=False)
    return {
        "absorption": budget.absorption(doc),
        "composition": budget.plan_composition(doc),
        "salary": budget.salary_share(doc),
        "changes": budget.plan_changes(doc),
        "draft_needs": budget.draft_to_needs(doc),
        "s_curve": budget.s_curve(spending, SCHEDULE),
        "achievement": performance.rollup(doc),
        "achievement_table": performance.achievement_table(doc),
        "efficiency": performance.efficiency(doc),
        "audit": audit.summary(audit.audit(doc)),
    }


CHARTS = {
    "absorption": absorption_chart,
    "composition": composition_chart,
    "salary": salary_chart,
    "changes": changes_chart,
    "draft_needs": draft_needs_chart,
    "s_curve": s_curve_chart,
    "achievement": achievement_chart,
    "efficiency": efficiency_chart,
    "audit": audit_chart,
}

TITLES = {
    "absorption": ("Serapan anggaran per program, 2021", "Budget absorption by programme, 2021"),
    "composition": ("Anggaran 2023 per program: total Rp 5,17 M", "Budget 2023 by programme: total Rp 5.17 bn"),
    "salary": ("Gaji dan tunjangan ASN: 51,52% dari anggaran 2023 (Rp 5,17 M)",
               "Civil-servant salaries and allowances: 51.52% of the 2023 budget (Rp 5.17 bn)"),
    "changes": ("10 perubahan anggaran terbesar per kegiatan, 2023 ke 2024",
                "The 10 largest budget changes by activity, 2023 to 2024"),
    "draft_needs": ("Rancangan awal RKPD ke analisis kebutuhan: +Rp 175,0 jt",
                    "RKPD first draft to needs analysis: +Rp 175.0 m"),
    "s_curve": ("Serapan anggaran kumulatif hingga TW II: 19,11% (rencana 25,00%)",
                "Cumulative budget absorption by Q2: 19.11% (plan 25.00%)"),
    "achievement": ("Rata-rata capaian kinerja per program, 2021", "Mean performance achievement by programme, 2021"),
    "efficiency": ("Capaian kinerja dan serapan anggaran per program, 2021",
                   "Performance achievement and budget absorption by programme, 2021"),
    "audit": ("Audit dokumen: 44 temuan dari 13 aturan, 10 kesalahan",
              "Document audit: 44 findings from 13 rules, 10 errors"),
}

#: Texts each chart must show, per language: words and numbers in that language's format.
KEY_TEXTS = {
    "absorption": ({"66,60%", "82,36%", "93,02%*", "Seluruh perangkat daerah", "Persentase tertulis"},
                   {"66.60%", "82.36%", "93.02%*", "Whole office", "Stated percentage"}),
    "composition": ({"Rp 3,46 M · 66,88%", "Rp 864,2 jt · 16,72%", "tanpa anggaran"},
                    {"Rp 3.46 bn · 66.88%", "Rp 864.2 m · 16.72%", "no budget"}),
    "salary": ({"Gaji dan tunjangan ASN", "Rp 2,66 M", "51,52%", "Belanja lainnya", "48,48%"},
               {"Civil-servant salaries and allowances", "Rp 2.66 bn", "51.52%", "All other spending", "48.48%"}),
    "changes": ({"+Rp 420,8 jt (+50,29%)", "-Rp 471,3 jt (-17,32%)", "Naik", "Turun"},
                {"+Rp 420.8 m (+50.29%)", "-Rp 471.3 m (-17.32%)", "Increase", "Decrease"}),
    "draft_needs": ({"Rp 3,43 M", "Rp 3,46 M", "+Rp 25,0 jt", "+Rp 150,0 jt", "tetap", "Rancangan awal RKPD"},
                    {"Rp 3.43 bn", "Rp 3.46 bn", "+Rp 25.0 m", "+Rp 150.0 m", "unchanged", "RKPD first draft"}),
    "s_curve": ({"5,35%", "19,11%", "25,00%", "-5,89 poin di bawah rencana", "TW I", "TW II", "Rencana penyerapan"},
                {"5.35%", "19.11%", "25.00%", "-5.89 pp below plan", "Q1", "Q2", "Planned absorption"}),
    "achievement": ({"106,16% · sangat tinggi 30 dari 35 indikator berdata", "sangat tinggi (≥ 91%)",
                     "100% = target"},
                    {"106.16% · very high 30 of 35 indicators with data", "very high (≥ 91%)", "100% = target"}),
    "efficiency": ({"TARGET TERCAPAI, ANGGARAN TIDAK TERSERAP: PERIKSA", "SESUAI RENCANA", "TERTINGGAL",
                    "ANGGARAN TERSERAP, TARGET TIDAK TERCAPAI", "ambang 91%", "Penempatan Tenaga Kerja",
                    "Serapan anggaran", "Rata-rata capaian kinerja"},
                   {"ACHIEVED BUT UNDER-SPENT: CHECK", "ON TRACK", "LAGGING", "SPENT, TARGET MISSED",
                    "threshold 91%", "Penempatan Tenaga Kerja", "Budget absorption", "Average achievement"}),
    "audit": ({"Kesalahan", "Peringatan", "Narasi vs tabel", "Satu kode, satu nama", "Jumlah temuan"},
              {"Error", "Warning", "Text vs tables", "One code, one name", "Findings"}),
}

#: For each chart: the frame it takes and a column it cannot do without.
NEEDS = {
    "absorption": ("absorption", "absorption_stated"),
    "composition": ("composition", "budget"),
    "salary": ("salary", "share"),
    "changes": ("changes", "budget_forward"),
    "draft_needs": ("draft_needs", "budget_needs"),
    "s_curve": ("s_curve", "absorption_cumulative"),
    "achievement": ("achievement", "mean_achievement"),
    "efficiency": ("efficiency", "absorption"),
    "audit": ("audit", "warning"),
}


@pytest.fixture(scope="module")
def drawn(frames):
    """``drawn(name, lang)``: the chart of the real document, drawn once per module for the tests that only read it."""
    cache: dict = {}

    def get(name: str, lang: str = "id") -> Figure:
        if (name, lang) not in cache:
            cache[(name, lang)] = _chart(frames, name, lang)
        return cache[(name, lang)]

    return get


@pytest.fixture(scope="module")
def seen(drawn):
    """``seen(name, lang)``: every text of that chart (see _texts), read once per module."""
    cache: dict = {}

    def get(name: str, lang: str = "id") -> list[str]:
        if (name, lang) not in cache:
            cache[(name, lang)] = _texts(drawn(name, lang))
        return cache[(name, lang)]

    return get


def _frame(frames: dict, name: str) -> pd.DataFrame:
    frame = frames[NEEDS[name][0]]
    return frame.frame if isinstance(frame, performance.Efficiency) else frame


def _chart(frames: dict, name: str, lang: str = "id") -> Figure:
    return CHARTS[name](frames[NEEDS[name][0]], lang=lang)


def _clean(text: str) -> str:
    """One line, plain spaces (a footnote keeps an amount on one line with no-break spaces)."""
    return " ".join(text.replace("\u00a0", " ").split())


def _texts(fig: Figure) -> list[str]:
    """Every text a reader sees: title, footnote, annotations, tick labels, axis labels and legends."""
    fig.draw_without_rendering()
    found = [fig.get_suptitle(), fig.get_supxlabel()]
    for ax in fig.axes:
        found += [text.get_text() for text in ax.texts]
        found += [tick.get_text() for tick in (*ax.get_xticklabels(), *ax.get_yticklabels())]
        found += [ax.get_xlabel(), ax.get_ylabel()]
        if ax.get_legend() is not None:
            found += [text.get_text() for text in ax.get_legend().get_texts()]
    return [_clean(text) for text in found if text and text.strip()]


def _bars(ax) -> list[Rectangle]:
    """The bars of a bar chart (the Axes background patch is not one of them)."""
    return [patch for patch in ax.patches if isinstance(patch, Rectangle)]


# ------------------------------------------------------------------ every chart on the real document


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_a_16_by_9_figure(drawn, name):
    fig = drawn(name)
    assert isinstance(fig, Figure)
    width, height = fig.get_size_inches()
    assert width / height == pytest.approx(16 / 9)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_title_is_indonesian_by_default(drawn, name):
    assert _clean(drawn(name).get_suptitle()) == TITLES[name][0]


@pytest.mark.parametrize("name", CHARTS)
def test_chart_title_in_english(drawn, name):
    assert _clean(drawn(name, "en").get_suptitle()) == TITLES[name][1]


@pytest.mark.parametrize("name", CHARTS)
def test_chart_key_texts_are_indonesian_by_default(seen, name):
    texts = seen(name)
    assert KEY_TEXTS[name][0] <= set(texts), KEY_TEXTS[name][0] - set(texts)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_key_texts_in_english(seen, name):
    texts = seen(name, "en")
    assert KEY_TEXTS[name][1] <= set(texts), KEY_TEXTS[name][1] - set(texts)
    assert not (KEY_TEXTS[name][0] - KEY_TEXTS[name][1]) & set(texts)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_numbers_use_the_indonesian_decimal_comma(seen, name):
    # a decimal point before a percent sign or a rupiah unit would be the English format
    assert not [t for t in seen(name) if re.search(r"\d\.\d+ ?(%|M\b|jt\b|rb\b)", t)]


@pytest.mark.parametrize("name", CHARTS)
def test_chart_numbers_use_the_english_decimal_point(seen, name):
    assert not [t for t in seen(name, "en") if re.search(r"\d,\d", t)]


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("lang, word", [("id", "Sumber: "), ("en", "Source: ")])
def test_chart_footnote_names_the_source(drawn, name, lang, word):
    assert drawn(name, lang).get_supxlabel().startswith(word)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_does_not_change_its_input_frame(frames, name):
    frame = _frame(frames, name)
    before = frame.copy(deep=True)
    _chart(frames, name)
    _chart(frames, name, "en")
    pd.testing.assert_frame_equal(frame, before)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_saves_byte_identical_files_twice(frames, name, tmp_path):
    fig = _chart(frames, name)
    first = figure_files.save(fig, name, tmp_path / "one")
    second = figure_files.save(fig, name, tmp_path / "two")
    assert first["png"].read_bytes() == second["png"].read_bytes()
    assert first["svg"].read_bytes() == second["svg"].read_bytes()


@pytest.mark.parametrize("name", CHARTS)
def test_chart_is_not_registered_with_pyplot(frames, name):
    plt.close("all")
    _chart(frames, name)
    assert plt.get_fignums() == []


@pytest.mark.parametrize("name", CHARTS)
@pytest.mark.parametrize("lang", ["id", "en"])
def test_chart_keeps_its_texts_inside_the_figure(drawn, name, lang):
    fig = drawn(name, lang)
    fig.draw_without_rendering()
    width, height = fig.bbox.width, fig.bbox.height
    texts = [fig._suptitle, fig._supxlabel] + [t for ax in fig.axes for t in ax.texts if t.get_text()]
    for text in texts:
        box = text.get_window_extent()
        assert box.x0 >= -1 and box.x1 <= width + 1 and box.y0 >= -1 and box.y1 <= height + 1, text.get_text()


# ------------------------------------------------------------------ bad input, for every chart


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refuses_an_empty_frame(frames, name):
    empty = _frame(frames, name).iloc[0:0]
    with pytest.raises(RenjaError, match="is empty: it has no rows to draw"):
        CHARTS[name](empty)


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refuses_a_frame_without_a_needed_column_naming_it(frames, name):
    column = NEEDS[name][1]
    with pytest.raises(RenjaError, match=rf"lacks the column\(s\) \['{column}'\]"):
        CHARTS[name](_frame(frames, name).drop(columns=column))


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refuses_something_that_is_not_a_frame(name):
    with pytest.raises(RenjaError, match="must be a pandas DataFrame"):
        CHARTS[name]([1, 2, 3])


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refuses_an_unknown_lang(frames, name):
    with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'; got 'jv'"):
        _chart(frames, name, "jv")


@pytest.mark.parametrize("name", CHARTS)
def test_chart_refuses_an_empty_source_text(frames, name):
    with pytest.raises(RenjaError, match="source must be non-empty text"):
        CHARTS[name](frames[NEEDS[name][0]], source=" ")


def test_chart_footnote_names_the_source_given(frames):
    fig = composition_chart(frames["composition"], source="Renja Disnaker Kota Pasuruan 2023, Tabel 4.1")
    assert fig.get_supxlabel().startswith("Sumber: Renja Disnaker Kota Pasuruan 2023, Tabel 4.1\n")


# ------------------------------------------------------------------ absorption


def _office_row(fig: Figure, lang: str = "id") -> int:
    labels = [tick.get_text() for tick in fig.axes[0].get_yticklabels()]
    return labels.index(tr("analysis.office", lang))


def _office_bar(fig: Figure, lang: str = "id") -> Rectangle:
    row = _office_row(fig, lang)
    return next(b for b in _bars(fig.axes[0]) if abs(b.get_y() + b.get_height() / 2 - row) < 1e-9)


def test_absorption_draws_the_office_at_the_reading_the_document_supports(frames):
    """The written Rp.4.244.258,00 is rejected by the document itself (its words, its 83,82 %): the office's bar
    is the stated 83,82 %, never the 0,08 % the written amount would give (issue 15, misleading headline 1)."""
    for lang, label in (("id", "83,82% (persentase tertulis)"), ("en", "83.82% (stated percentage)")):
        fig = absorption_chart(frames["absorption"], lang=lang)
        texts = _texts(fig)
        assert label in texts
        assert not any("0,08" in t or "0.08" in t for t in texts), [t for t in texts if "0,08" in t or "0.08" in t]
        bar = _office_bar(fig, lang)
        assert bar.get_width() == pytest.approx(83.82) and bar.get_hatch() == ".."


def test_absorption_footnote_names_the_rejected_amount_and_its_words(frames):
    note = _clean(absorption_chart(frames["absorption"]).get_supxlabel())
    assert ("Seluruh perangkat daerah: realisasi yang ditulis dengan angka, Rp 4,2 jt, bertentangan dengan "
            "persentase tertulis 83,82%, dan terbilangnya menyebut Rp 4,00 M; batang memakai persentase itu.") in note
    note = _clean(absorption_chart(frames["absorption"], lang="en").get_supxlabel())
    assert ("Whole office: the spending written in figures, Rp 4.2 m, contradicts the stated 83.82%, and its amount "
            "in words says Rp 4.00 bn; the bar shows that percentage.") in note


def _unsettled(frames) -> pd.DataFrame:
    """The absorption frame as if nothing in the document settled the office's contradiction."""
    frame = frames["absorption"].copy()
    office = frame["subject"] == "office"
    frame.loc[office, "reading"] = "conflict"
    frame.loc[office, "absorption_reading"] = np.nan
    return frame


def test_absorption_flags_an_unsettled_contradiction_with_both_figures(frames):
    assert "Bertentangan: tertulis 83,82%, dihitung 0,08%" in _texts(absorption_chart(_unsettled(frames)))
    assert "Contradiction: stated 83.82%, computed 0.08%" in _texts(absorption_chart(_unsettled(frames), lang="en"))


def test_absorption_hatches_an_unsettled_contradiction_in_vermillion(frames):
    fig = absorption_chart(_unsettled(frames))
    bar = _office_bar(fig)
    assert bar.get_hatch() == "///" and to_hex(bar.get_edgecolor()) == chart_style.VERMILLION.lower()
    assert bar.get_width() == pytest.approx(4_244_258 / 5_063_367_215 * 100)
    note = _clean(fig.get_supxlabel())
    assert ("Seluruh perangkat daerah: realisasi tertulis Rp 4,2 jt dari anggaran Rp 5,06 M adalah 0,08%, "
            "bukan 83,82% seperti tertulis") in note


def test_absorption_bars_are_computed_from_the_amounts(frames):
    fig = absorption_chart(frames["absorption"])
    widths = {round(b.get_y() + b.get_height() / 2): b.get_width() for b in _bars(fig.axes[0])}
    assert widths[1] == pytest.approx(994_356_770 / 1_493_111_160 * 100)   # Pelatihan Kerja: 66,596...
    assert widths[2] == pytest.approx(515_676_150 / 626_150_954 * 100)     # Penempatan Tenaga Kerja


def test_absorption_marks_each_stated_percentage(frames):
    ax = absorption_chart(frames["absorption"]).axes[0]
    marks = sorted(round(float(segment[0][0]), 2) for collection in ax.collections
                   if isinstance(collection, LineCollection) for segment in collection.get_segments())
    assert marks == [66.60, 82.36, 83.82, 90.83, 93.03]


def test_absorption_draws_a_derived_figure_lighter_and_explains_it(frames):
    fig = absorption_chart(frames["absorption"])
    ax = fig.axes[0]
    first = next(b for b in _bars(ax) if round(b.get_y() + b.get_height() / 2) == 0)
    assert to_hex(first.get_facecolor()) == budget_charts.LIGHT_BLUE.lower()
    assert ax.get_yticklabels()[0].get_text().endswith("*")
    assert _clean(fig.get_supxlabel()).count("* Diturunkan: dokumen tidak menulis jumlah rupiah untuk Penunjang") == 1


def test_absorption_puts_the_office_last_in_bold(frames):
    ax = absorption_chart(frames["absorption"]).axes[0]
    labels = ax.get_yticklabels()
    assert labels[-1].get_text() == "Seluruh perangkat daerah" and labels[-1].get_fontweight() == "bold"


def test_absorption_of_a_quarter(frames):
    fig = absorption_chart(frames["absorption"], year=2022, lang="en")
    texts = _texts(fig)
    assert fig.get_suptitle() == "Budget absorption by programme, Q1 2022"
    assert {"10.62% (stated)", "8.36% (stated)", "3.76%"} <= set(texts)
    assert "1.11%; stated “1.11 %”, unreadable" in texts


def test_absorption_draws_a_stated_only_figure_hollow(frames):
    ax = absorption_chart(frames["absorption"], year=2022).axes[0]
    hollow = [b for b in _bars(ax) if to_hex(b.get_facecolor()) == "#ffffff" and not b.get_hatch()]
    assert sorted(round(b.get_width(), 2) for b in hollow) == [8.36, 10.62]


def test_absorption_names_the_quarter_in_indonesian(frames):
    title = absorption_chart(frames["absorption"], 2022).get_suptitle()
    assert title == "Serapan anggaran per program, triwulan I 2022"


def test_absorption_refuses_a_year_it_does_not_have(frames):
    with pytest.raises(RenjaError, match=r"year must be one of the years in absorption_frame: \[2021, 2022\]; "
                                         r"got 2020"):
        absorption_chart(frames["absorption"], year=2020)


def test_absorption_refuses_a_period_the_year_does_not_have(frames):
    with pytest.raises(RenjaError, match=r"periods absorption_frame has for 2022: \['Q1'\]; got 'year'"):
        absorption_chart(frames["absorption"], year=2022, period="year")


def test_absorption_with_activities_says_so_in_the_title(frames):
    fig = absorption_chart(frames["absorption"], levels=["program", "kegiatan", "office"], lang="en")
    assert fig.get_suptitle() == "Budget absorption by programme and activity, 2021"
    assert "83.82% (stated percentage)" in _texts(fig)


def test_absorption_refuses_levels_it_does_not_find(frames):
    with pytest.raises(RenjaError, match=r"no rows of the levels \['urusan'\] for year 2021"):
        absorption_chart(frames["absorption"], levels=["urusan"])


def test_absorption_refuses_text_in_an_amount_column():
    frame = pd.DataFrame({"year": [2021], "period": ["year"], "subject": ["2.07.03"], "level": ["program"],
                          "name": ["Program Pelatihan"], "budget": ["satu juta"], "spending": [1.0],
                          "absorption": [1.0], "absorption_stated": [1.0], "consistent": [True], "derived": [False]})
    with pytest.raises(RenjaError, match=r"absorption_frame\['budget'\] must hold numbers .* 'satu juta'"):
        absorption_chart(frame)


def test_absorption_of_a_hand_made_frame_without_optional_columns():
    frame = pd.DataFrame({"year": 2024, "period": "Q2", "subject": ["2.07.03", "2.07.04"], "level": "program",
                          "name": ["PROGRAM PELATIHAN KERJA", "Program Penempatan Tenaga Kerja"],
                          "budget": [1000, 2000], "spending": [500, 100], "absorption": [50.0, 5.0],
                          "absorption_stated": [50.0, np.nan], "consistent": [True, pd.NA], "derived": False})
    fig = absorption_chart(frame)
    assert fig.get_suptitle() == "Serapan anggaran per program, triwulan II 2024"
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Pelatihan Kerja", "Penempatan Tenaga Kerja"]


# ------------------------------------------------------------------ composition and salaries


def test_composition_draws_the_programmes_largest_first(frames):
    ax = composition_chart(frames["composition"]).axes[0]
    widths = [b.get_width() for b in sorted(_bars(ax), key=lambda b: b.get_y())]
    assert widths == sorted(widths, reverse=True)
    assert sum(widths) == 5_168_369_010  # the stated total of Tabel 4.1
    assert ax.get_yticklabels()[-1].get_text() == "Pembangunan Kawasan\nTransmigrasi"


def test_composition_refuses_a_frame_of_several_years(frames):
    two = pd.concat([frames["composition"], frames["composition"].assign(year=2024)])
    with pytest.raises(RenjaError, match=r"must hold one year in 'year'; it holds \[2023, 2024\]"):
        composition_chart(two)


def test_composition_refuses_a_frame_without_programmes(frames):
    with pytest.raises(RenjaError, match="no 'program' rows"):
        composition_chart(frames["composition"].query("level == 'kegiatan'"))


def test_salary_splits_one_bar_into_salaries_and_the_rest(frames):
    ax = salary_chart(frames["salary"]).axes[0]
    assert [round(b.get_width(), 2) for b in _bars(ax)] == [51.52, 48.48]


def test_salary_refuses_other_components(frames):
    with pytest.raises(RenjaError, match=r"must be 'salaries' and 'other'"):
        salary_chart(frames["salary"].assign(component=["salaries", "goods"]))


# ------------------------------------------------------------------ plan changes


def test_changes_draws_the_top_changes_from_increase_to_cut(frames):
    ax = changes_chart(frames["changes"], top=4).axes[0]
    widths = [b.get_width() for b in sorted(_bars(ax), key=lambda b: b.get_y())]
    assert widths == [420_768_768, 142_239_674, 106_425_434, -471_337_139]


def test_changes_default_to_activities_so_nothing_counts_twice(frames):
    ax = changes_chart(frames["changes"]).axes[0]
    assert len(ax.get_yticklabels()) == 10
    assert "Administrasi Keuangan Perangkat\nDaerah" in [t.get_text() for t in ax.get_yticklabels()]


def test_changes_marks_a_new_programme(frames):
    fig = changes_chart(frames["changes"], level="program")
    assert "+Rp 36,3 jt · baru" in _texts(fig) and "Baru (tanpa anggaran 2023)" in _texts(fig)
    assert any(b.get_hatch() == "///" for b in _bars(fig.axes[0]))


def test_changes_marks_a_dropped_code():
    frame = pd.DataFrame({"code": ["2.07.03", "2.07.04"], "level": "program", "name": ["Program A", "Program B"],
                          "plan_year": 2023, "forward_year": 2024, "budget_plan": [100_000_000, 50_000_000],
                          "budget_forward": [120_000_000, pd.NA], "change": [20_000_000, -50_000_000],
                          "status": ["increased", "dropped"]})
    fig = changes_chart(frame, lang="en")
    assert {"-Rp 50.0 m · dropped", "Dropped (no 2024 budget)"} <= set(_texts(fig))
    assert fig.get_suptitle() == "The 2 largest budget changes by programme, 2023 to 2024"


def test_changes_title_with_one_change(frames):
    assert changes_chart(frames["changes"], top=1).get_suptitle() == "Perubahan anggaran per kegiatan, 2023 ke 2024"


@pytest.mark.parametrize("top", [0, -1, 2.5, True, "10"])
def test_changes_refuses_a_top_that_is_not_a_count(frames, top):
    with pytest.raises(RenjaError, match="top must be a whole number of at least 1"):
        changes_chart(frames["changes"], top=top)


def test_changes_refuses_a_level_the_frame_lacks(frames):
    with pytest.raises(RenjaError, match=r"level must be one of the levels in plan_changes_frame: "
                                         r"\['program', 'kegiatan', 'sub_kegiatan'\]; got 'urusan'"):
        changes_chart(frames["changes"], level="urusan")


def test_changes_refuses_a_frame_without_a_change(frames):
    unchanged = frames["changes"].query("status == 'unchanged'")
    with pytest.raises(RenjaError, match="no budget that changes from 2023 to 2024"):
        changes_chart(unchanged)


# ------------------------------------------------------------------ draft to needs


def test_draft_needs_draws_the_programmes_of_the_table(frames):
    ax = draft_needs_chart(frames["draft_needs"]).axes[0]
    assert len(ax.get_yticklabels()) == 5
    assert sorted(b.get_width() for b in _bars(ax))[-2:] == [3_431_509_000, 3_456_509_000]


def test_draft_needs_refuses_a_frame_without_programmes(frames):
    with pytest.raises(RenjaError, match="no programme rows"):
        draft_needs_chart(frames["draft_needs"].query("level == 'kegiatan'"))


# ------------------------------------------------------------------ S-curve


def test_s_curve_draws_spending_against_the_plan(frames):
    ax = s_curve_chart(frames["s_curve"]).axes[0]
    actual, planned = ax.lines[0], ax.lines[1]
    assert list(actual.get_ydata()) == pytest.approx([70e6 / 1_307_990_240 * 100, 250e6 / 1_307_990_240 * 100])
    assert list(planned.get_ydata()) == [10.0, 25.0]


def test_s_curve_without_a_schedule(frames, tmp_path):
    path = tmp_path / "q.csv"
    path.write_text(QUARTERLY, encoding="utf-8")
    curve = budget.s_curve(budget.read_spending(path, unit="rupiah", cumulative=False))
    fig = s_curve_chart(curve)
    assert fig.get_suptitle() == "Serapan anggaran kumulatif hingga TW II: 19,11%"
    assert [line.get_label() for line in fig.axes[0].lines if not line.get_label().startswith("_")] == [
        "Realisasi kumulatif"]


def test_s_curve_draws_the_plan_past_the_last_period_with_spending():
    frame = pd.DataFrame({"period": ["Q1", "Q2", "Q3", "Q4"], "period_order": [1, 2, 3, 4],
                          "absorption_cumulative": [10.0, 20.0, np.nan, np.nan], "planned": [15.0, 30.0, 60.0, 90.0]})
    fig = s_curve_chart(frame)
    assert fig.get_suptitle() == "Serapan anggaran kumulatif hingga TW II: 20,00% (rencana 30,00%)"
    assert "-10,00 poin di bawah rencana" in _texts(fig)
    assert list(fig.axes[0].lines[1].get_ydata()) == [15.0, 30.0, 60.0, 90.0]


def test_s_curve_names_months_in_the_language():
    frame = pd.DataFrame({"period": ["M04", "M05", "M06"], "period_order": [1, 2, 3],
                          "absorption_cumulative": [10.0, 20.0, 35.5]})
    ticks = [t.get_text() for t in s_curve_chart(frame).axes[0].get_xticklabels()]
    assert ticks == ["Apr", "Mei", "Jun"]
    assert s_curve_chart(frame, lang="en").get_suptitle() == "Cumulative budget absorption by Jun: 35.50%"


def test_s_curve_orders_the_periods_by_period_order():
    frame = pd.DataFrame({"period": ["S2", "S1"], "period_order": [2, 1], "absorption_cumulative": [80.0, 30.0]})
    fig = s_curve_chart(frame)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["Semester I", "Semester II"]
    assert list(fig.axes[0].lines[0].get_ydata()) == [30.0, 80.0]


def test_s_curve_refuses_a_period_twice():
    frame = pd.DataFrame({"period": ["Q1", "Q1"], "absorption_cumulative": [10.0, 20.0]})
    with pytest.raises(RenjaError, match="one row per period; 'Q1' appears twice"):
        s_curve_chart(frame)


# ------------------------------------------------------------------ achievement


def test_achievement_colours_each_bar_by_its_rating_band(frames):
    frame = performance.rollup(frames["achievement_table"], level="kegiatan")
    ax = achievement_chart(frame).axes[0]
    drawn = {round(b.get_y() + b.get_height() / 2): to_hex(b.get_facecolor()) for b in _bars(ax)
             if b.get_width() > 0}
    expected = {y: BAND_COLOURS[key].lower() for y, key in enumerate(frame["band_key"]) if key != "missing"}
    assert drawn == expected
    assert len(set(drawn.values())) == 3  # sangat tinggi, tinggi and sedang are all in the document


def test_achievement_band_palette_darkens_with_the_band():
    def lightness(colour: str) -> float:
        return sum(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    keys = ["very_low", "low", "medium", "high", "very_high"]
    assert [lightness(BAND_COLOURS[key]) for key in keys] == sorted((lightness(BAND_COLOURS[k]) for k in keys),
                                                                     reverse=True)


def test_achievement_of_an_achievement_table_rolls_it_up_per_programme(frames):
    from_table = _texts(achievement_chart(frames["achievement_table"], lang="en"))
    assert "106.16% · very high 30 of 35 indicators with data" in from_table


def test_achievement_of_many_units_says_no_data_and_counts_briefly(frames):
    fig = achievement_chart(performance.rollup(frames["achievement_table"], level="kegiatan"))
    texts = _texts(fig)
    assert fig.get_suptitle() == "Rata-rata capaian kinerja per kegiatan, 2021"
    assert {"tidak ada data · 0/2", "70,37% · sedang · 2/2"} <= set(texts)
    assert "n/m: indikator berdata dari semua indikator unit itu." in _clean(fig.get_supxlabel())


def test_achievement_footnote_says_how_the_mean_was_taken(frames):
    capped = performance.rollup(frames["achievement_table"], scope="own", cap=100)
    note = _clean(achievement_chart(capped).get_supxlabel())
    assert "Rata-rata capaian indikator program itu sendiri" in note
    assert "Capaian tiap indikator dibatasi 100% sebelum dirata-rata." in note


# ------------------------------------------------------------------ efficiency


def test_efficiency_places_each_programme_at_its_absorption_and_achievement(frames):
    ax = efficiency_chart(frames["efficiency"]).axes[0]
    points = sorted(tuple(c.get_offsets()[0]) for c in ax.collections)
    # the average achievement of the roll-up (every indicator of the programme and its activities), not another one
    assert points == [pytest.approx(p, abs=0.01) for p in [(66.60, 97.65), (82.36, 128.82), (90.83, 102.32),
                                                           (93.02, 106.16)]]


def test_efficiency_draws_the_threshold_lines(frames):
    ax = efficiency_chart(frames["efficiency"], achievement_threshold=100, absorption_threshold=80).axes[0]
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert [list(line.get_xdata()) for line in dashed][0] == [80, 80]     # the absorption threshold, vertical
    assert [list(line.get_ydata()) for line in dashed][1] == [100, 100]   # the achievement threshold, horizontal
    assert "ambang 80%" in _texts(ax.figure) and "ambang 100%" in _texts(ax.figure)


def test_efficiency_of_the_bare_frame_gives_the_same_chart(frames):
    assert _texts(efficiency_chart(frames["efficiency"].frame)) == _texts(efficiency_chart(frames["efficiency"]))


def test_efficiency_lists_the_programmes_it_cannot_place(frames):
    frame = frames["efficiency"].frame.copy()
    frame.loc[frame.programme == "2.07.04", ["absorption", "absorption_basis", "quadrant"]] = [np.nan, "conflict",
                                                                                             "conflict"]
    note = _clean(efficiency_chart(frame, lang="en").get_supxlabel())
    assert "Not shown: Penempatan Tenaga Kerja (conflicting figures); Pembangunan Kawasan Transmigrasi (no data)." in note


def test_efficiency_refuses_a_threshold_that_is_not_a_number(frames):
    with pytest.raises(RenjaError, match="achievement_threshold must be a number"):
        efficiency_chart(frames["efficiency"], achievement_threshold="91")


def test_efficiency_refuses_a_frame_with_nothing_to_place(frames):
    with pytest.raises(RenjaError, match="no programme with both an achievement and an absorption"):
        efficiency_chart(frames["efficiency"].frame.assign(absorption=np.nan))


# ------------------------------------------------------------------ audit


def test_audit_stacks_the_findings_by_severity(frames):
    ax = audit_chart(frames["audit"]).axes[0]
    colours = {to_hex(b.get_facecolor()) for b in _bars(ax) if b.get_width() > 0}
    assert colours == {SEVERITY_COLOURS[s].lower() for s in ("error", "warning", "info")}
    totals = {}
    for bar in _bars(ax):
        row = round(bar.get_y() + bar.get_height() / 2)
        totals[row] = totals.get(row, 0) + bar.get_width()
    assert [int(totals[row]) for row in sorted(totals)] == frames["audit"]["total"].tolist()


def _row_counts(ax) -> list[tuple[str, int]]:
    """(short name of the rule, its errors) of each row of the audit chart, top first."""
    names = [t.get_text() for t in ax.get_yticklabels()]
    errors = {round(b.get_y() + b.get_height() / 2): int(b.get_width()) for b in _bars(ax)
              if to_hex(b.get_facecolor()) == SEVERITY_COLOURS["error"].lower()}
    return [(name, errors.get(row, 0)) for row, name in enumerate(names)]


def test_audit_chart_leads_with_the_errors_whatever_the_order_it_is_given(frames):
    """The 10 errors of the bundled document come first, not after its 10 rounding notes (issue 15, headline 7)."""
    for frame in (frames["audit"], frames["audit"].iloc[::-1]):
        rows = _row_counts(audit_chart(frame).axes[0])
        errors = [n for _, n in rows]
        assert errors == sorted(errors, reverse=True) and sum(errors) == 10
        assert rows[0] == ("Narasi vs tabel", 4)
        assert [name for name, n in rows if n == 0][-1] == "Tabel 2.2 vs narasi"   # an info-only rule last


def test_efficiency_names_the_average_and_the_threshold(frames, doc):
    note = _clean(efficiency_chart(frames["efficiency"]).get_supxlabel())
    assert "Ambang: capaian 91%, serapan 91% (batas bawah kategori sangat tinggi)" in note
    assert "Rata-rata capaian semua indikator program dan kegiatan di bawahnya" in note
    assert "Capaian di atas 100% tidak dibatasi." in note
    own = performance.efficiency(doc, scope="own", cap=100)
    note = _clean(efficiency_chart(own, lang="en", absorption_threshold=80).get_supxlabel())
    assert "Thresholds: achievement 91%, absorption 80%;" in note
    assert "Mean achievement of the programme's own indicators" in note and "capped at 100%" in note


def test_audit_keeps_a_rule_it_has_no_short_name_for():
    frame = pd.DataFrame({"rule": ["my_rule"], "error": [1], "warning": [0], "info": [2]})
    assert "my_rule" in _texts(audit_chart(frame))


def test_audit_refuses_a_summary_without_findings(frames):
    with pytest.raises(RenjaError, match="no findings to draw"):
        audit_chart(frames["audit"].assign(error=0, warning=0, info=0))


def test_audit_refuses_counts_that_are_not_whole(frames):
    with pytest.raises(RenjaError, match=r"audit_summary_frame\['info'\] must hold counts"):
        audit_chart(frames["audit"].assign(info=0.5))


# ------------------------------------------------------------------ names and docs


@pytest.mark.parametrize("name, expected", [
    ("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
     "Penunjang Urusan Pemerintahan\nDaerah Kabupaten/Kota"),
    ("Program Penempatan Tenaga Kerja", "Penempatan Tenaga Kerja"),
    ("Penataan Persebaran Penduduk yang Berasal dari 1 (satu) Daerah Kabupaten/Kota",
     "Penataan Persebaran Penduduk\nyang Berasal dari 1 Daerah…"),
    (None, "2.07.03"),
])
def test_programme_names_are_shortened_sensibly(name, expected):
    assert chart_parts.chart_name(name, "2.07.03") == expected


def test_a_name_without_name_or_code_is_a_question_mark():
    assert chart_parts.chart_name(None) == "?"


def test_every_chart_text_exists_in_both_languages():
    chart_keys = [key for key in keys() if key.startswith("charts.")]
    assert chart_keys
    assert all(tr(key, lang, count=2, **_dummy_fields(key)) for key in chart_keys for lang in ("id", "en"))


def _dummy_fields(key: str) -> dict:
    """A value for every field a chart text needs, of the kind its format asks for (a number or a text)."""
    import string

    from renja_lib.text.catalogue import catalogue

    fields: dict = {}
    for text in catalogue()[key].values():
        for template in ([text] if isinstance(text, str) else text.values()):
            for _, name, spec, _ in string.Formatter().parse(template):
                if name:
                    fields[name] = 1.5 if spec else "x"
    return fields


def test_every_audit_rule_has_a_short_name_on_the_chart():
    assert all(has(f"charts.rule.{rule}") for rule in audit.rules()["rule"])


def test_audit_title_counts_in_english_grammar():
    frame = pd.DataFrame({"rule": ["code_names"], "error": [1], "warning": [0], "info": [0]})
    assert audit_chart(frame, lang="en").get_suptitle() == "Document audit: 1 finding from 1 rule, 1 error"
    assert audit_chart(frame).get_suptitle() == "Audit dokumen: 1 temuan dari 1 aturan, 1 kesalahan"


def test_achievement_count_of_one_indicator_in_english_grammar(frames):
    one = frames["achievement"].head(1).assign(n_indicators=1, n_with_data=1)
    assert any(text.endswith("1 of 1 indicator with data") for text in _texts(achievement_chart(one, lang="en")))


@pytest.mark.parametrize("module", [budget_charts, performance_charts, audit_charts, chart_parts])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.failed == 0 and result.attempted > 0
