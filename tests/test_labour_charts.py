"""renja_lib.present.labour_charts: slide-ready labour-indicator charts, with their texts (the catalogue's charts.*),
the house style (chart_style) and byte-stable saving (figure_files)."""
from __future__ import annotations

import doctest
import re
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from PIL import Image  # noqa: E402

from renja_lib.present import chart_style, labour_charts  # noqa: E402
from renja_lib.errors import RenjaError  # noqa: E402
from renja_lib.text import LANGS  # noqa: E402
from renja_lib.present.chart_style import use_style  # noqa: E402
from renja_lib.text.catalogue import catalogue, tr  # noqa: E402
from renja_lib.present.figure_files import save  # noqa: E402
from renja_lib.present.labour_charts import KINDS, actual_vs_target, indicator_trend, regions_compare  # noqa: E402

REGION = "Kota Pasuruan"
TABLE = "Renja 2023, Tabel 2.2"
NARRATIVE = "Renja 2023, Bab II"


def _rows(indicator, rows):
    return [dict(region=REGION, indicator=indicator, year=year, kind=kind, value=value, source=source)
            for year, kind, value, source in rows]


@pytest.fixture()
def tpt() -> pd.DataFrame:
    """TPT of Kota Pasuruan as the Renja 2023 gives it (Tabel 2.2 and the narrative of chapter II)."""
    return pd.DataFrame(_rows("TPT", [
        (2020, "actual", 6.33, NARRATIVE),
        (2021, "actual", 6.23, TABLE),
        (2021, "target", 5.71, TABLE),
        (2022, "target", 6.20, TABLE),
        (2022, "estimate", 6.20, NARRATIVE),
        (2023, "projection", 6.00, TABLE),
        (2024, "projection", 5.71, TABLE),
        (2024, "renstra_target", 5.71, TABLE),
    ]))


@pytest.fixture()
def evaluated() -> pd.DataFrame:
    """2021 actual and target of the three labour indicators (Tabel 2.2)."""
    return pd.DataFrame(
        _rows("TPT", [(2021, "actual", 6.23, TABLE), (2021, "target", 5.71, TABLE)])
        + _rows("TPAK", [(2021, "actual", 71.66, TABLE), (2021, "target", 67.78, TABLE)])
        + _rows("TKK", [(2021, "actual", 93.77, TABLE), (2021, "target", 94.29, TABLE),
                        (2020, "actual", 93.67, NARRATIVE)])
    )


@pytest.fixture()
def regions() -> pd.DataFrame:
    """A hand-made comparison of three regions (the document's region first)."""
    values = {REGION: [6.33, 6.23], "Kabupaten Pasuruan": [6.40, 5.98], "Kota Probolinggo": [5.26, 5.11]}
    return pd.DataFrame([dict(region=region, indicator="TPT", year=year, kind="actual", value=value, source="BPS")
                         for region, pair in values.items() for year, value in zip((2020, 2021), pair)])


def _texts(fig: Figure) -> list[str]:
    """Every text on the figure's axes, with line breaks read as spaces."""
    return [" ".join(text.get_text().split()) for ax in fig.axes for text in ax.texts]


def _drawn_tick_labels(fig: Figure, axis: str) -> list[str]:
    fig.canvas.draw()
    ax = fig.axes[0]
    ticks = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    return [tick.get_text() for tick in ticks if tick.get_text()]


# -------------------------------------------------------------------- labels


def test_chart_text_in_indonesian_and_english():
    assert (tr("charts.kind.actual"), tr("charts.kind.actual", "en")) == ("Realisasi", "Actual")


def test_chart_text_fills_in_template_fields_in_the_language_format():
    assert tr("charts.renstra_label", "en", year=2026, value=5.71) == "Strategic-plan target 2026: 5.71%"
    assert tr("charts.renstra_label", "id", year=2026, value=5.71) == "Target Renstra 2026: 5,71%"


def test_chart_text_refuses_an_unknown_lang_listing_the_allowed_ones():
    with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'; got 'jv'"):
        tr("charts.kind.actual", "jv")


def test_chart_text_refuses_an_unknown_key_and_suggests_close_ones():
    with pytest.raises(RenjaError, match=r"no key 'charts.kind.actuals'.*did you mean 'charts.kind.actual'"):
        tr("charts.kind.actuals")


def test_chart_text_refuses_a_template_without_its_fields():
    with pytest.raises(RenjaError, match=r"'charts.renstra_label' needs the field 'value'"):
        tr("charts.renstra_label", year=2026)


def test_chart_texts_exist_for_every_kind_and_indicator_in_every_language():
    assert all(tr(f"charts.kind.{kind}", lang) for kind in KINDS for lang in LANGS)
    assert all(tr(f"charts.indicator.{code}", lang) for code in ("TPT", "TPAK", "TKK") for lang in LANGS)


def test_chart_texts_cannot_be_changed_by_a_caller():
    with pytest.raises(TypeError):
        catalogue()["charts.kind.actual"]["id"] = "Capaian"  # type: ignore[index]


# --------------------------------------------------------------------- style


def test_use_style_sizes_figures_for_a_16_by_9_slide():
    with use_style():
        width, height = matplotlib.rcParams["figure.figsize"]
    assert width / height == pytest.approx(16 / 9)


def test_use_style_sets_projector_readable_fonts():
    with use_style():
        sizes = matplotlib.rcParams["font.size"], matplotlib.rcParams["axes.titlesize"]
    assert sizes[0] >= 16 and sizes[1] >= 20


def test_use_style_in_a_with_block_restores_the_previous_settings():
    before = dict(matplotlib.rcParams)
    with use_style():
        pass
    assert dict(matplotlib.rcParams) == before


# ---------------------------------------------------------------------- save


def test_save_writes_png_and_svg_named_after_the_stem(tmp_path, tpt):
    paths = save(indicator_trend(tpt, "TPT"), "tpt_trend", tmp_path)
    assert paths == {"png": tmp_path / "tpt_trend.png", "svg": tmp_path / "tpt_trend.svg"}
    assert all(path.stat().st_size > 0 for path in paths.values())


def test_save_twice_gives_byte_identical_files(tmp_path, tpt):
    fig = indicator_trend(tpt, "TPT")
    first = save(fig, "tpt_trend", tmp_path / "one")
    second = save(fig, "tpt_trend", tmp_path / "two")
    assert first["png"].read_bytes() == second["png"].read_bytes()
    assert first["svg"].read_bytes() == second["svg"].read_bytes()


def test_the_same_data_drawn_twice_gives_byte_identical_files(tmp_path, tpt):
    first = save(indicator_trend(tpt, "TPT"), "chart", tmp_path / "one")
    second = save(indicator_trend(tpt.copy(), "TPT"), "chart", tmp_path / "two")
    assert first["png"].read_bytes() == second["png"].read_bytes()
    assert first["svg"].read_bytes() == second["svg"].read_bytes()


def test_saved_svg_carries_no_date_or_software_version(tmp_path, tpt):
    svg = save(indicator_trend(tpt, "TPT"), "chart", tmp_path)["svg"].read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and matplotlib.__version__ not in svg


def test_saved_png_carries_no_software_version(tmp_path, tpt):
    png = save(indicator_trend(tpt, "TPT"), "chart", tmp_path)["png"]
    with Image.open(png) as image:
        assert "Software" not in image.info


def test_saved_png_is_300_dpi(tmp_path, tpt):
    png = save(indicator_trend(tpt, "TPT"), "chart", tmp_path)["png"]
    with Image.open(png) as image:
        assert image.info["dpi"] == pytest.approx((300, 300), abs=0.01)


def test_saved_png_is_16_by_9(tmp_path, tpt):
    png = save(indicator_trend(tpt, "TPT"), "chart", tmp_path)["png"]
    with Image.open(png) as image:
        assert image.size == (3840, 2160)


def test_save_leaves_no_temporary_files(tmp_path, tpt):
    save(indicator_trend(tpt, "TPT"), "chart", tmp_path)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["chart.png", "chart.svg"]


def test_save_replaces_an_earlier_file(tmp_path, tpt):
    (tmp_path / "chart.png").write_bytes(b"old")
    save(indicator_trend(tpt, "TPT"), "chart", tmp_path)
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_save_creates_the_output_folder(tmp_path, tpt):
    paths = save(indicator_trend(tpt, "TPT"), "chart", tmp_path / "new" / "folder")
    assert paths["png"].exists()


@pytest.mark.parametrize("bad", ["../chart", "chart.png", "", "with space", "-chart", "grafik/tpt", None, "é"])
def test_save_refuses_a_name_that_is_not_a_safe_file_stem(tmp_path, bad):
    with pytest.raises(RenjaError, match="name must be a file stem of letters, digits, '-' and '_'"):
        save(Figure(), bad, tmp_path)


def test_save_refuses_an_out_dir_that_is_a_file(tmp_path):
    file = tmp_path / "not_a_folder"
    file.write_text("x")
    with pytest.raises(RenjaError, match="out_dir must be a folder"):
        save(Figure(), "chart", file)


def test_save_refuses_something_that_is_not_a_figure(tmp_path):
    with pytest.raises(RenjaError, match="fig must be a matplotlib Figure; got Axes"):
        save(Figure().add_subplot(), "chart", tmp_path)


# ----------------------------------------------------------- indicator_trend


def test_trend_figure_is_16_by_9(tpt):
    width, height = indicator_trend(tpt, "TPT").get_size_inches()
    assert width / height == pytest.approx(16 / 9)


def test_trend_title_is_computed_from_the_data(tpt):
    assert indicator_trend(tpt, "TPT").get_suptitle() == "Tingkat Pengangguran Terbuka (TPT), Kota Pasuruan 2020–2024"


def test_trend_title_in_english(tpt):
    title = indicator_trend(tpt, "TPT", lang="en").get_suptitle()
    assert title == "Open unemployment rate (TPT), Kota Pasuruan, 2020–2024"


def test_trend_labels_the_renstra_target_in_indonesian(tpt):
    assert "Target Renstra 2024: 5,71%" in _texts(indicator_trend(tpt, "TPT"))


def test_trend_labels_the_renstra_target_in_english(tpt):
    assert "Strategic-plan target 2024: 5.71%" in _texts(indicator_trend(tpt, "TPT", lang="en"))


def test_trend_states_the_gap_to_target_in_indonesian(tpt):
    assert "+0,52 poin di atas target" in _texts(indicator_trend(tpt, "TPT"))


def test_trend_states_the_gap_to_target_in_english(tpt):
    assert "+0.52 pp above target" in _texts(indicator_trend(tpt, "TPT", lang="en"))


def test_trend_states_a_gap_below_target(tpt):
    below = tpt.assign(value=tpt["value"].where(~((tpt["year"] == 2021) & (tpt["kind"] == "actual")), 5.50))
    assert "-0,21 poin di bawah target" in _texts(indicator_trend(below, "TPT"))


def test_trend_says_on_target_when_the_gap_rounds_to_zero(tpt):
    on_target = tpt.assign(value=tpt["value"].where(~((tpt["year"] == 2021) & (tpt["kind"] == "actual")), 5.712))
    assert "Sesuai target" in _texts(indicator_trend(on_target, "TPT"))


def test_trend_labels_values_with_a_decimal_comma(tpt):
    texts = _texts(indicator_trend(tpt, "TPT"))
    assert {"6,33%", "6,23%", "6,20%"} <= set(texts)


def test_trend_year_ticks_are_whole_years(tpt):
    assert _drawn_tick_labels(indicator_trend(tpt, "TPT"), "x") == ["2020", "2021", "2022", "2023", "2024"]


def test_trend_value_ticks_use_the_language_format(tpt):
    labels = _drawn_tick_labels(indicator_trend(tpt, "TPT"), "y")
    assert labels and all(text.endswith("%") and "." not in text for text in labels)
    assert any("," in text for text in labels)


def test_trend_footnote_names_the_sources(tpt):
    assert indicator_trend(tpt, "TPT").get_supxlabel() == f"Sumber: {NARRATIVE}; {TABLE}"


def test_trend_footnote_names_the_method(tpt):
    note = "capaian = (2 × target − realisasi) / target × 100"
    assert indicator_trend(tpt, "TPT", method_note=note).get_supxlabel().endswith(f"Catatan: {note}")


def test_trend_footnote_with_many_sources_says_how_many_it_leaves_out(tpt):
    many = tpt.assign(source=[f"Badan Pusat Statistik Kota Pasuruan, publikasi nomor {n}" for n in range(len(tpt))])
    footnote = indicator_trend(many, "TPT").get_supxlabel()
    assert footnote.count("\n") == 1 and re.search(r" dan \d+ sumber lain$", footnote)


def test_trend_marks_a_series_break_with_a_dashed_vertical_line(tpt):
    with_break = tpt.assign(series_break=tpt["year"] == 2021)
    lines = [line for line in indicator_trend(with_break, "TPT").axes[0].lines
             if line.get_gid() == "series-break-2021"]
    assert len(lines) == 1
    assert list(lines[0].get_xdata()) == [2020.5, 2020.5] and lines[0].get_linestyle() == "--"


def test_trend_labels_a_series_break(tpt):
    with_break = tpt.assign(series_break=tpt["year"] == 2021)
    assert "Jeda seri" in _texts(indicator_trend(with_break, "TPT"))


def test_trend_without_series_breaks_draws_no_break_line(tpt):
    gids = [line.get_gid() or "" for line in indicator_trend(tpt, "TPT").axes[0].lines]
    assert not any(gid.startswith("series-break") for gid in gids)


def test_trend_does_not_join_actual_values_across_a_series_break(tpt):
    with_break = tpt.assign(series_break=tpt["year"] == 2021)
    blue = [line for line in indicator_trend(with_break, "TPT").axes[0].lines
            if to_hex(line.get_color()) == chart_style.BLUE.lower() and line.get_linestyle() == "-"]
    assert sorted(list(line.get_xdata()) for line in blue) == [[2020], [2021]]


def test_trend_does_not_change_the_callers_frame(tpt):
    before = tpt.copy()
    indicator_trend(tpt.assign(series_break=False), "TPT")
    indicator_trend(tpt, "TPT")
    pd.testing.assert_frame_equal(tpt, before)


def test_trend_is_not_registered_with_pyplot(tpt):
    plt.close("all")
    indicator_trend(tpt, "TPT")
    assert plt.get_fignums() == []


def test_trend_refuses_an_unknown_indicator(tpt):
    with pytest.raises(RenjaError, match=r"indicator must be one of the indicators in series: \['TPT'\]; got 'TPAK'"):
        indicator_trend(tpt, "TPAK")


def test_trend_asks_for_a_region_when_there_are_several(tpt, regions):
    with pytest.raises(RenjaError, match="pass region= one of them"):
        indicator_trend(pd.concat([tpt, regions]), "TPT")


def test_trend_draws_the_region_asked_for(tpt, regions):
    fig = indicator_trend(pd.concat([tpt, regions]), "TPT", region="Kota Probolinggo")
    assert "Kota Probolinggo" in fig.get_suptitle()


def test_trend_refuses_an_unknown_lang(tpt):
    with pytest.raises(RenjaError, match="lang must be one of 'id', 'en'; got 'english'"):
        indicator_trend(tpt, "TPT", lang="english")


def test_trend_refuses_an_unknown_kind(tpt):
    bad = tpt.assign(kind=tpt["kind"].replace("estimate", "forecast"))
    with pytest.raises(RenjaError, match=r"series\['kind'\] must be one of .*found 'forecast'"):
        indicator_trend(bad, "TPT")


def test_trend_refuses_a_missing_column(tpt):
    with pytest.raises(RenjaError, match=r"series lacks the column\(s\) \['source'\]"):
        indicator_trend(tpt.drop(columns="source"), "TPT")


def test_trend_refuses_a_fractional_year(tpt):
    with pytest.raises(RenjaError, match=r"series\['year'\] must be a whole number"):
        indicator_trend(tpt.assign(year=tpt["year"] + 0.5), "TPT")


def test_trend_refuses_two_different_values_for_the_same_year_and_kind(tpt):
    conflicting = pd.concat([tpt, tpt.iloc[[1]].assign(value=6.30, source="BPS")])
    with pytest.raises(RenjaError, match="has 2 different values for Kota Pasuruan TPT 2021 actual: 6.23 .*; 6.3 "):
        indicator_trend(conflicting, "TPT")


def test_trend_draws_equal_values_from_two_sources_once_naming_both(tpt):
    twice = pd.concat([tpt, tpt.iloc[[1]].assign(source="BPS")])
    fig = indicator_trend(twice, "TPT")
    assert _texts(fig).count("6,23%") == 1
    assert fig.get_supxlabel() == f"Sumber: {NARRATIVE}; {TABLE}; BPS"


def test_trend_is_not_stopped_by_a_conflict_in_another_indicator(tpt):
    other = pd.DataFrame(_rows("TPAK", [(2021, "actual", 71.66, TABLE), (2021, "actual", 70.0, "BPS")]))
    assert indicator_trend(pd.concat([tpt, other]), "TPT").get_suptitle().startswith("Tingkat Pengangguran")


def test_trend_refuses_a_series_break_that_is_not_true_or_false(tpt):
    with pytest.raises(RenjaError, match=r"series\['series_break'\] must be True, False or empty"):
        indicator_trend(tpt.assign(series_break="ya"), "TPT")


def test_trend_refuses_something_that_is_not_a_frame():
    with pytest.raises(RenjaError, match="series must be a pandas DataFrame"):
        indicator_trend([1, 2, 3], "TPT")


# ---------------------------------------------------------- actual_vs_target


def _panels(fig: Figure) -> dict[str, Any]:
    """The panels of actual_vs_target by indicator code (the code in brackets at the end of the panel's name)."""
    return {ax.get_xlabel().rsplit("(", 1)[-1].rstrip(")"): ax for ax in fig.axes if ax.get_xlabel()}


def test_actual_vs_target_draws_one_panel_per_indicator_on_its_own_scale(evaluated):
    """TPT (6 %) is not put on the 0-100 % axis of TPAK and TKK, where its gap could not be seen (issue 15, 6)."""
    panels = _panels(actual_vs_target(evaluated))
    assert list(panels) == ["TPT", "TPAK", "TKK"]
    spans = {round(ax.get_ylim()[1] - ax.get_ylim()[0], 9) for ax in panels.values()}
    assert len(spans) == 1 and spans.pop() < 10  # the same span in points everywhere: gaps compare
    low, high = panels["TPT"].get_ylim()
    assert low <= 5.71 < 6.23 <= high and high - low < 10
    assert (high - low) / (6.23 - 5.71) < 20  # the gap is at least a twentieth of the panel's height


def test_actual_vs_target_colours_a_gap_by_what_it_means(evaluated):
    """Above target is worse for TPT (lower is better) and better for TPAK: never the same colour."""
    colours = {}
    for indicator, ax in _panels(actual_vs_target(evaluated, lang="en")).items():
        text = next(t for t in ax.texts if "target" in t.get_text())
        arrow = next(t for t in ax.texts if t.arrow_patch is not None)
        colours[indicator] = (to_hex(text.get_color()), to_hex(arrow.arrow_patch.get_edgecolor()))
        assert colours[indicator][0] == colours[indicator][1]
    assert colours["TPT"][0] == colours["TKK"][0] == chart_style.VERMILLION.lower()
    assert colours["TPAK"][0] == chart_style.GREEN.lower()


def test_actual_vs_target_does_not_judge_an_indicator_of_unknown_polarity(evaluated):
    fig = actual_vs_target(evaluated.assign(indicator=evaluated["indicator"].replace("TPAK", "XYZ")))
    text = next(t for t in _panels(fig)["XYZ"].texts if "target" in t.get_text())
    assert to_hex(text.get_color()) == chart_style.GREY.lower() and "lebih" not in text.get_text()


def test_actual_vs_target_labels_values_in_indonesian_format(evaluated):
    values = set(_texts(actual_vs_target(evaluated)))
    assert {"6,23%", "5,71%", "71,66%", "67,78%", "93,77%", "94,29%"} <= values


def test_actual_vs_target_states_each_gap_and_its_meaning(evaluated):
    texts = _texts(actual_vs_target(evaluated, lang="en"))
    assert {"+0.52 pp above target worse: lower is better", "+3.88 pp above target better: higher is better",
            "-0.52 pp below target worse: higher is better"} <= set(texts)
    texts = _texts(actual_vs_target(evaluated))
    assert "+0,52 poin di atas target lebih buruk: makin rendah makin baik" in texts


def test_actual_vs_target_defaults_to_the_latest_year_with_both(evaluated):
    assert actual_vs_target(evaluated).get_suptitle() == "Realisasi dan target indikator, Kota Pasuruan 2021"


def test_actual_vs_target_refuses_a_year_without_both(evaluated):
    with pytest.raises(RenjaError, match=r"year must be one of the years with both an actual value and a target: "
                                         r"\[2021\]; got 2020"):
        actual_vs_target(evaluated, year=2020)


def test_actual_vs_target_figure_is_16_by_9(evaluated):
    width, height = actual_vs_target(evaluated).get_size_inches()
    assert width / height == pytest.approx(16 / 9)


# ------------------------------------------------------------ regions_compare


def test_regions_compare_draws_one_line_per_region(regions):
    lines = regions_compare(regions, "TPT").axes[0].lines
    assert sorted(line.get_label() for line in lines) == sorted(regions["region"].unique())


def test_regions_compare_highlights_the_documents_region(regions):
    lines = {line.get_label(): line for line in regions_compare(regions, "TPT").axes[0].lines}
    highlighted = lines[REGION]
    others = [line for name, line in lines.items() if name != REGION]
    assert to_hex(highlighted.get_color()) == chart_style.BLUE.lower()
    assert all(highlighted.get_linewidth() > line.get_linewidth() for line in others)


def test_regions_compare_highlights_the_region_asked_for(regions):
    fig = regions_compare(regions, "TPT", highlight="Kota Probolinggo")
    lines = {line.get_label(): line for line in fig.axes[0].lines}
    assert to_hex(lines["Kota Probolinggo"].get_color()) == chart_style.BLUE.lower()


def test_regions_compare_labels_line_ends_in_the_language_format(regions):
    texts = _texts(regions_compare(regions, "TPT", lang="en"))
    assert {"Kota Pasuruan 6.23%", "Kabupaten Pasuruan 5.98%", "Kota Probolinggo 5.11%"} <= set(texts)


def test_regions_compare_refuses_an_unknown_highlight(regions):
    with pytest.raises(RenjaError, match="highlight must be one of the regions"):
        regions_compare(regions, "TPT", highlight="Kota Malang")


def test_regions_compare_refuses_an_unknown_kind(regions):
    with pytest.raises(RenjaError, match="kind must be one of"):
        regions_compare(regions, "TPT", kind="realisasi")


def test_regions_compare_figure_is_16_by_9(regions):
    width, height = regions_compare(regions, "TPT").get_size_inches()
    assert width / height == pytest.approx(16 / 9)


@pytest.mark.parametrize("module", [labour_charts, chart_style])
def test_docstring_examples_run(module):
    result = doctest.testmod(module)
    assert result.attempted > 0 and result.failed == 0


# ---------------------------------------------------------------------------
# the document named in the footnote


@pytest.mark.parametrize("lang", LANGS)
def test_the_footnote_names_the_document_the_figures_come_from(tpt, evaluated, regions, lang):
    document = "Renja 2024 · Dinas Tenaga Kerja Kabupaten Lumajang"
    figures = [indicator_trend(tpt, "TPT", lang=lang, document=document),
               actual_vs_target(evaluated, lang=lang, document=document),
               regions_compare(regions, "TPT", lang=lang, document=document)]
    for fig in figures:
        footnote = " ".join(fig.get_supxlabel().split())
        assert footnote.split(": ", 1)[1].startswith(document + ": "), footnote
    # without it, the places as before, and no document is made up
    plain = " ".join(indicator_trend(tpt, "TPT", lang=lang).get_supxlabel().split())
    assert plain.split(": ", 1)[1] == f"{NARRATIVE}; {TABLE}"
    plt.close("all")


@pytest.mark.parametrize("bad", ["", "  ", 3])
def test_the_document_must_be_text(tpt, bad):
    with pytest.raises(RenjaError, match="document must be non-empty text"):
        indicator_trend(tpt, "TPT", document=bad)
