"""Charts of the labour indicators (TPT, TPAK, TKK ...) that go straight into a 16:9 slide, in Indonesian by default.

Every chart function takes a tidy ("long") frame with the columns

========================  ===================================================
``region``                text, e.g. ``"Kota Pasuruan"``
``indicator``             text, e.g. ``"TPT"``, ``"TPAK"``, ``"TKK"``
``year``                  whole number
``kind``                  one of :data:`KINDS`
``value``                 number in percent units (``6.23`` is 6,23 %); NaN = no value
``source``                text for the footnote (several joined with ``"; "``)
``series_break``          optional, bool: a new series starts in this year
``derived_from``          optional, text: the indicator a value is derived from
                          (TKK = 100 - TPT); its label is starred and noted
========================  ===================================================

returns a :class:`matplotlib.figure.Figure` (never shows it), draws it in the
house style of :mod:`renja_lib.present.chart_style` (``renja.mplstyle``) and
formats every number on it for ``lang``. The frame is never changed.
:func:`renja_lib.present.figure_files.save` writes the figure as PNG (300 dpi)
and SVG, byte-identical from run to run. Chart texts are the catalogue's
``charts.*`` entries (``renja_lib/text/catalogue/charts.yaml``), written with
:func:`renja_lib.text.tr`.

A gap to target is stated in percentage points and "above"/"below". Only
:func:`actual_vs_target` judges it, from the indicator's polarity in
``data/indicators.csv`` (lower is better for TPT): green when better than target,
vermillion when worse, in words too; an indicator without a known polarity is
not judged.
"""
from __future__ import annotations

import textwrap
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import FixedLocator, FuncFormatter, MaxNLocator

from ..errors import RenjaError
from ..read.regions import parse_region
from ..text import check_lang
from ..check.messages import Join
from ..text.catalogue import Message, has, tr
from ..text.formats import fmt_number, fmt_percent, fmt_points, percent_formatter
from .chart_style import ANNOTATION_SIZE, BLUE, GREEN, GREY, LIGHT_GREY, ORANGE, TEXT, VALUE_LABEL_SIZE
from .chart_parts import check_document, row_has
from .names import region_words
from .chart_style import VERMILLION, frame_figure, house_style

__all__ = [
    "KINDS",
    "indicator_trend",
    "actual_vs_target",
    "regions_compare",
]

#: Kinds of value a series may hold, in legend order.
KINDS: tuple[str, ...] = ("actual", "estimate", "target", "projection", "renstra_target")
#: Columns every chart frame needs; ``series_break`` is optional.
REQUIRED_COLUMNS: tuple[str, ...] = ("region", "indicator", "year", "kind", "value", "source")
#: One value per combination of these columns.
KEY_COLUMNS: list[str] = ["region", "indicator", "year", "kind"]
#: Two values closer than this are the same value (as in renja_lib.analyse.labour).
VALUE_TOLERANCE = 1e-9
#: Series-break labels closer than this many years are staggered.
BREAK_LABEL_YEARS = 3
#: Up to this many years, every year gets a tick.
MAX_YEAR_TICKS = 14
#: Up to this many points, the actual and estimate points are labelled with their value.
MAX_VALUE_LABELS = 10


# ---------------------------------------------------------------------------
# labels


def _indicator_name(indicator: str, lang: str) -> str:
    """``"Tingkat Pengangguran Terbuka (TPT)"``; an indicator the catalogue has no name for keeps its code."""
    key = f"charts.indicator.{indicator}"
    return f"{tr(key, lang)} ({indicator})" if has(key) else indicator


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# ---------------------------------------------------------------------------
# input checks


def _first_bad(frame: pd.DataFrame, bad: pd.Series, column: str) -> Message:
    index = bad[bad].index[0]
    return row_has(index, frame.loc[index, column])


def _is_empty(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value))


def _is_flag(value: Any) -> bool:
    return isinstance(value, (bool, np.bool_)) or _is_empty(value)


def _tidy(frame: Any, arg: str) -> pd.DataFrame:
    """A checked copy of a chart frame: year int, value float, source str, series_break bool."""
    if not isinstance(frame, pd.DataFrame):
        raise RenjaError(Message("errors_present.labour_charts.frame_type", arg=arg, required=list(REQUIRED_COLUMNS),
                                 type=type(frame).__name__))
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise RenjaError(Message("errors_present.labour_charts.frame_columns", arg=arg, missing=missing,
                                 required=list(REQUIRED_COLUMNS), found=list(frame.columns)))
    has_break = "series_break" in frame.columns
    columns = [*REQUIRED_COLUMNS, *(["series_break"] if has_break else []),
               *(["derived_from"] if "derived_from" in frame.columns else [])]
    data = frame.loc[:, columns].copy().reset_index(drop=True)  # a copy: the caller's frame is never changed

    for column in ("region", "indicator"):  # a region may be empty: the document names none ("region unknown")
        bad = ~data[column].map(lambda value: isinstance(value, str) and (value.strip() != "" or column == "region"))
        if bad.any():
            raise RenjaError(Message("errors_present.labour_charts.text", arg=arg, column=column,
                                     row=_first_bad(data, bad, column)))
    bad = ~data["kind"].isin(KINDS)
    if bad.any():
        found = sorted({repr(value) for value in data.loc[bad, "kind"]})
        raise RenjaError(Message("errors_present.labour_charts.kind", arg=arg, kinds=list(KINDS),
                                 found=", ".join(found)))

    years = pd.to_numeric(data["year"], errors="coerce")
    bad = years.isna() | (years % 1 != 0)
    if bad.any():
        raise RenjaError(Message("errors_present.labour_charts.year", arg=arg, row=_first_bad(data, bad, "year")))
    values = pd.to_numeric(data["value"], errors="coerce")
    bad = (values.isna() & data["value"].notna()) | np.isinf(values)
    if bad.any():
        raise RenjaError(Message("errors_present.labour_charts.value", arg=arg, row=_first_bad(data, bad, "value")))
    bad = ~data["source"].map(lambda value: isinstance(value, str) or _is_empty(value))
    if bad.any():
        raise RenjaError(Message("errors_present.labour_charts.source", arg=arg,
                                 row=_first_bad(data, bad, "source")))
    if has_break:
        bad = ~data["series_break"].map(_is_flag)
        if bad.any():
            raise RenjaError(Message("errors_present.labour_charts.series_break", arg=arg,
                                     row=_first_bad(data, bad, "series_break")))
        breaks = data["series_break"].map(lambda value: bool(value) if isinstance(value, (bool, np.bool_)) else False)
    else:
        breaks = pd.Series(False, index=data.index)

    data = data.assign(
        region=data["region"].map(str.strip),
        indicator=data["indicator"].map(str.strip),
        year=years.astype("int64"),
        value=values.astype("float64"),
        source=data["source"].map(lambda value: value.strip() if isinstance(value, str) else ""),
        series_break=breaks.astype(bool),
        derived_from=(data["derived_from"].map(lambda v: v.strip() if isinstance(v, str) else "")
                      if "derived_from" in data.columns else ""),
    )
    return data


def _one_value_each(data: pd.DataFrame, arg: str) -> pd.DataFrame:
    """One row per region, indicator, year and kind with a value.

    Equal values from several sources become one row naming all the sources;
    different values are refused, never chosen between.
    """
    valued = data[data["value"].notna()]
    groups = valued.groupby(KEY_COLUMNS, sort=False)
    spread = groups["value"].max() - groups["value"].min()
    if (spread > VALUE_TOLERANCE).any():
        key = spread[spread > VALUE_TOLERANCE].index[0]
        same = valued[(valued[KEY_COLUMNS] == pd.Series(key, index=KEY_COLUMNS)).all(axis=1)]
        listing = Join("errors_present.labour_charts.sep", "errors_present.labour_charts.sep", (
            Message("errors_present.labour_charts.conflict_value", value=value,
                    source=source or Message("errors_present.labour_charts.no_source"))
            for value, source in zip(same["value"], same["source"])))
        raise RenjaError(Message("errors_present.labour_charts.conflict", arg=arg, n=len(same),
                                 key=" ".join(map(str, key)), listing=listing))
    if not valued.duplicated(KEY_COLUMNS).any():
        return data
    merged = groups.agg(
        value=("value", "first"),
        source=("source", lambda sources: "; ".join(dict.fromkeys(text for text in sources if text))),
        series_break=("series_break", "any"),
        derived_from=("derived_from", "first"),
    ).reset_index()
    return pd.concat([merged, data[data["value"].isna()]], ignore_index=True)[list(data.columns)]


def _pick(data: pd.DataFrame, column: str, wanted: Any, arg: str, frame_arg: str) -> pd.DataFrame:
    present = list(dict.fromkeys(data[column]))
    if wanted not in present:
        raise RenjaError(Message("errors_present.labour_charts.pick", arg=arg, column=column, frame_arg=frame_arg,
                                 present=present, got=wanted))
    return data[data[column] == wanted]


def _one_region(data: pd.DataFrame, region: Any, frame_arg: str) -> tuple[pd.DataFrame, str]:
    regions = list(dict.fromkeys(data["region"]))
    if region is None:
        if len(regions) != 1:
            raise RenjaError(Message("errors_present.labour_charts.regions", frame_arg=frame_arg, regions=regions))
        region = regions[0]
    return _pick(data, "region", region, "region", frame_arg), region


def _check_text(value: Any, arg: str) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RenjaError(Message("errors_present.labour_charts.text_arg", arg=arg, got=value))
    return value.strip()


# ---------------------------------------------------------------------------
# drawing helpers


def _years_text(years: Iterable[int]) -> str:
    years = sorted(set(years))
    return f"{years[0]}" if years[0] == years[-1] else f"{years[0]}\u2013{years[-1]}"


def _sources(rows: pd.DataFrame, document: str | None, lang: str) -> list[str]:
    """The footnote's sources: each place of the rows' ``source`` once; ``document`` (the Renja the figures come
    from, e.g. ``Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan``) named before the first."""
    parts: list[str] = []
    for text in rows["source"]:
        parts.extend(part.strip() for part in text.split(";") if part.strip())
    parts = list(dict.fromkeys(parts))
    if document is None:
        return parts
    if not parts:
        return [document]
    return [tr("charts.source.in_document", lang, document=document, place=parts[0]), *parts[1:]]


def _year_axis(ax: Axes, years: Iterable[int], lang: str, breaks: Iterable[int] = ()) -> None:
    """Whole-year ticks; room for a series-break line half a year before each year in ``breaks``."""
    years, breaks = sorted(set(years)), sorted(set(breaks))
    left, right = years[0] - 0.5, years[-1] + 0.5
    if breaks:
        left, right = min(left, breaks[0] - 1), max(right, breaks[-1] + 0.5)
    ax.set_xlim(left, right)
    first, last = years[0], max([years[-1], *breaks])
    if last - first < MAX_YEAR_TICKS:
        ax.xaxis.set_major_locator(FixedLocator(range(first, last + 1)))
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, pos: f"{x:.0f}"))  # 2021, never 2.021 or 2021.0
    ax.set_xlabel(tr("charts.axis.year", lang))


def _percent_axis(ax: Axes, lang: str) -> None:
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(percent_formatter(lang))


def _legend_above(ax: Axes) -> None:
    handles, texts = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles, texts, loc="lower left", bbox_to_anchor=(0, 1.02), ncols=len(handles), borderaxespad=0)


def _runs(years: list[int], breaks: set[int]) -> list[list[int]]:
    """Split sorted years into runs that do not cross a series break."""
    runs: list[list[int]] = []
    for year in years:
        if runs and not any(runs[-1][-1] < cut <= year for cut in breaks):
            runs[-1].append(year)
        else:
            runs.append([year])
    return runs


def _spread(positions: list[float], gap: float) -> list[float]:
    """Move label positions (data units) apart until neighbours are ``gap`` apart, keeping their mean."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = [positions[i] for i in order]
    for i in range(1, len(placed)):
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = (sum(placed) - sum(positions[i] for i in order)) / len(placed) if placed else 0.0
    result = [0.0] * len(positions)
    for slot, i in enumerate(order):
        result[i] = placed[slot] - shift
    return result


# ---------------------------------------------------------------------------
# charts


def indicator_trend(
    series: pd.DataFrame,
    indicator: str,
    region: str | None = None,
    lang: str = "id",
    method_note: str | None = None,
    *,
    document: str | None = None,
) -> Figure:
    """One indicator over the years: actual, estimate, target, projection, Renstra target.

    * actual: solid line with filled markers, values labelled; a series break
      (``series_break`` True in a year) splits the line, and a dashed vertical
      line with a short label marks it half a year before that year;
    * estimate: dashed with hollow markers, continuing from the last actual value;
    * target: a wide dash at each year's level, joined by a thin dotted line;
    * projection: dotted with small diamonds;
    * Renstra target (the latest ``renstra_target`` row): a horizontal reference
      line labelled with its year and value;
    * the gap between the latest actual value and the target of the same year,
      in percentage points (``+0,52 poin di atas target``), beside a bracket;
    * the title names the indicator, region and years; the footnote lists the
      sources, after ``document`` when given (the Renja the series' own figures
      come from, e.g. ``Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan``), and
      ``method_note`` (e.g. how achievement was computed).

    ``region`` may be omitted when the frame holds only one region. Rows
    without a value are not drawn (a ``series_break`` on them still is).

    >>> frame = pd.DataFrame({"region": "Kota Pasuruan", "indicator": "TPT",
    ...     "year": [2020, 2021, 2021, 2022], "kind": ["actual", "actual", "target", "estimate"],
    ...     "value": [6.33, 6.23, 5.71, 6.20], "source": "Renja 2023, Tabel 2.2"})
    >>> fig = indicator_trend(frame, "TPT")
    >>> fig.get_suptitle()
    'Tingkat Pengangguran Terbuka (TPT), Kota Pasuruan 2020–2022'
    >>> [t.get_text() for t in fig.axes[0].texts if "target" in t.get_text()]
    ['+0,52 poin\\ndi atas target']
    """
    lang = check_lang(lang)
    method_note, document = _check_text(method_note, "method_note"), check_document(document)
    data = _pick(_tidy(series, "series"), "indicator", indicator, "indicator", "series")
    data, region = _one_region(data, region, "series")
    data = _one_value_each(data, "series")
    break_years = set(data.loc[data["series_break"], "year"])
    data = data[data["value"].notna()].sort_values("year", kind="stable")
    if data.empty:
        raise RenjaError(Message("errors_present.labour_charts.no_values", indicator=indicator, region=region))
    actual, estimate, target, projection, renstra = (data[data["kind"] == kind] for kind in KINDS)

    title = tr("charts.title.trend", lang, indicator=_indicator_name(indicator, lang), region=region_words(region, lang),
               years=_years_text(data["year"]))
    bases = list(dict.fromkeys(b for b in actual["derived_from"] if b))
    notes = [method_note or "", *(tr("charts.note.derived_rate", lang, indicator=indicator, basis=b) for b in bases)]
    with house_style():
        fig, ax = frame_figure(title, lang, _sources(data, document, lang), " ".join(n for n in notes if n) or None)
        _year_axis(ax, data["year"], lang, break_years)
        _percent_axis(ax, lang)

        for number, run in enumerate(_runs(list(actual["year"]), break_years)):
            points = actual[actual["year"].isin(run)]
            ax.plot(points["year"], points["value"], color=BLUE, marker="o", zorder=5,
                    label=tr("charts.kind.actual", lang) if number == 0 else "_nolegend_")
        if not estimate.empty:
            dashes = (0, (4, 2.5))
            before = actual[actual["year"] < estimate["year"].iloc[0]].tail(1)
            if not before.empty and len(_runs([int(before["year"].iloc[0]), int(estimate["year"].iloc[0])],
                                              break_years)) == 1:
                # continue from the last actual value, unless a series break lies between
                ax.plot([before["year"].iloc[0], estimate["year"].iloc[0]],
                        [before["value"].iloc[0], estimate["value"].iloc[0]], color=BLUE, linestyle=dashes, zorder=4)
            ax.plot(estimate["year"], estimate["value"], color=BLUE, linestyle=dashes, marker="o",
                    markerfacecolor="white", markeredgewidth=2.5, zorder=5, label=tr("charts.kind.estimate", lang))
        if not target.empty:
            ax.plot(target["year"], target["value"], color=VERMILLION, linestyle=(0, (1, 2)), linewidth=1.5,
                    marker="_", markersize=34, markeredgewidth=3, zorder=3, label=tr("charts.kind.target", lang))
        if not projection.empty:
            ax.plot(projection["year"], projection["value"], color=ORANGE, linestyle=(0, (1, 1.6)), marker="D",
                    markersize=7, zorder=4, label=tr("charts.kind.projection", lang))
        if not renstra.empty:
            end = renstra.iloc[-1]  # sorted by year: the latest Renstra target
            ax.axhline(end["value"], color=GREEN, linestyle=(0, (6, 2, 1.5, 2)), linewidth=2, zorder=2,
                       label=tr("charts.kind.renstra_target", lang))
            text = tr("charts.renstra_label", lang, year=int(end["year"]), value=end["value"])
            _reference_label(ax, text, float(end["value"]), data[data["kind"] != "renstra_target"])

        bracket: tuple[int, str] | None = None  # (year, side of its value label) of the latest actual
        if not actual.empty:
            latest = actual.iloc[-1]
            same_year = target.loc[target["year"] == latest["year"], "value"]
            if not same_year.empty:
                _gap_annotation(ax, int(latest["year"]), float(latest["value"]), float(same_year.iloc[0]), lang)
                bracket = (int(latest["year"]), "above" if same_year.iloc[0] < latest["value"] else "below")

        realised = pd.concat([actual, estimate]).sort_values("year", kind="stable")
        if len(realised) <= MAX_VALUE_LABELS:
            _value_labels(ax, realised, [target, projection], bracket, lang)

        row, previous = 0, None
        for year in sorted(break_years):
            ax.axvline(year - 0.5, color=GREY, linestyle=(0, (5, 3)), linewidth=1.5, zorder=1,
                       gid=f"series-break-{year}")
            row = row + 1 if previous is not None and year - previous < BREAK_LABEL_YEARS else 0  # stagger
            previous = year
            ax.annotate(tr("charts.series_break", lang), xy=(year - 0.5, 1), xycoords=("data", "axes fraction"),
                        xytext=(5, -4 - row * 1.3 * VALUE_LABEL_SIZE), textcoords="offset points", ha="left",
                        va="top", color=GREY, fontsize=VALUE_LABEL_SIZE)

        _legend_above(ax)
    return fig


def _value_labels(ax: Axes, realised: pd.DataFrame, others: list[pd.DataFrame], bracket: tuple[int, str] | None,
                  lang: str) -> None:
    """Label each realised value: below a local low, above a local high, away from other lines nearby."""
    drawn = list(zip(realised["year"], realised["value"]))
    derived = [bool(b) for b in realised["derived_from"]]
    low, high = ax.get_ylim()
    near = (high - low) * 0.1  # about the height of a value label
    for index, (year, value) in enumerate(drawn):
        neighbours = [v for _, v in drawn[max(index - 1, 0):index] + drawn[index + 1:index + 2]]
        below = bool(neighbours) and value < sum(neighbours) / len(neighbours)
        there = np.array([v for line in others for v in _values_near(line, year)])
        there = there[np.abs(there - value) > 1e-9]  # a target equal to the value hides under the marker
        blocked_below = bool(((there < value) & (there >= value - near)).any())
        blocked_above = bool(((there > value) & (there <= value + near)).any())
        if blocked_below != blocked_above:
            below = blocked_above
        if bracket is not None and bracket[0] == year:
            below = bracket[1] == "below"
        star = "*" if derived[index] else ""
        ax.annotate(fmt_percent(value, 2, lang) + star, xy=(year, value), xytext=(0, -13 if below else 13),
                    textcoords="offset points", ha="center", va="top" if below else "bottom",
                    fontsize=VALUE_LABEL_SIZE, color=BLUE, zorder=6)


def _values_near(line: pd.DataFrame, year: int, reach: float = 0.3) -> list[float]:
    """Where a drawn line is at ``year``, and ``reach`` years from it toward its neighbouring points."""
    points = sorted(zip(line["year"], line["value"]))
    found: list[float] = []
    for index, (x, value) in enumerate(points):
        if x != year:
            continue
        found.append(value)
        for other_x, other_value in points[max(index - 1, 0):index] + points[index + 1:index + 2]:
            found.append(value + (other_value - value) * reach / abs(other_x - x))
    return found


def _gap_text(actual: float, target: float, lang: str, *, sep: str = " ") -> str:
    """``+0,52 poin di atas target``; ``Sesuai target`` when the gap rounds to zero."""
    points = fmt_points(actual - target, 2, lang)
    if points == fmt_points(0, 2, lang):
        return tr("charts.gap.on", lang)
    text = tr("charts.gap.above" if actual > target else "charts.gap.below", lang, points=points)
    return text.replace(points + " ", points + sep, 1)


def _gap_annotation(ax: Axes, year: int, actual: float, target: float, lang: str) -> None:
    """A bracket from target to actual at ``year``, with the gap in percentage points beside it."""
    ax.annotate("", xy=(year, actual), xytext=(year, target),
                arrowprops={"arrowstyle": "|-|,widthA=0.35,widthB=0.35", "color": GREY, "linewidth": 1.8,
                            "shrinkA": 0, "shrinkB": 7})
    ax.annotate(_gap_text(actual, target, lang, sep="\n"), xy=(year, (actual + target) / 2), xytext=(14, 0),
                textcoords="offset points", ha="left", va="center", fontsize=ANNOTATION_SIZE, fontweight="bold",
                color=TEXT, linespacing=1.15, zorder=7,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _reference_label(ax: Axes, text: str, value: float, points: pd.DataFrame) -> None:
    """Label a horizontal reference line at the end and side where fewest data points are near it."""
    low, high = ax.get_ylim()
    left, right = ax.get_xlim()
    band = (high - low) * 0.12
    span = (right - left) * 0.4
    years, values = points["year"].to_numpy(float), points["value"].to_numpy(float)
    candidates = []
    for end_x, ha, near_end in ((1.0, "right", years >= right - span), (0.0, "left", years <= left + span)):
        for side, va, near_side in ((1, "bottom", (values >= value) & (values <= value + band)),
                                    (-1, "top", (values <= value) & (values >= value - band))):
            candidates.append((int(np.sum(near_end & near_side)), end_x, ha, side, va))
    _, end_x, ha, side, va = min(candidates, key=lambda c: c[0])  # on a tie: right end, above the line
    ax.annotate(text, xy=(end_x, value), xycoords=("axes fraction", "data"),
                xytext=(-6 if ha == "right" else 6, 5 * side), textcoords="offset points", ha=ha, va=va,
                color=GREEN, fontsize=ANNOTATION_SIZE, fontweight="bold", parse_math=False, zorder=6,
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})


def _judgement(indicator: str, actual: float, target: float) -> str | None:
    """``"better"`` or ``"worse"`` than target given the indicator's polarity (``data/indicators.csv``); ``"on"``
    when the gap rounds to zero; None when the polarity is not known."""
    if round(actual - target, 2) == 0:
        return "on"
    directions = _polarities()
    if indicator not in directions:
        return None
    higher = directions[indicator] == "higher_is_better"
    return "better" if (actual > target) == higher else "worse"


def _polarities() -> dict[str, str]:
    from ..analyse.labour import indicator_metadata

    meta = indicator_metadata()
    return dict(zip(meta["key"], meta["direction"]))


#: The gap to target coloured by what it means for the indicator (its polarity); unknown polarity: grey.
GAP_COLOURS = {"better": GREEN, "worse": VERMILLION, "on": GREY, None: GREY}
#: Each panel of :func:`actual_vs_target` spans at least this many percentage points, and at least this many
#: times the largest gap: the same span in every panel, so that gaps in points compare across panels.
MIN_SPAN_POINTS, SPAN_PER_GAP = 2.0, 2.4
#: Texts inside a panel of :func:`actual_vs_target` are wrapped at this many characters.
PANEL_TEXT_WIDTH = 26


def actual_vs_target(
    frame: pd.DataFrame, lang: str = "id", year: int | None = None, region: str | None = None, *,
    document: str | None = None,
) -> Figure:
    """Actual against target for each indicator in one evaluated year: one panel per indicator.

    Rates of very different size (TPT about 6 %, TKK about 94 %) cannot share one
    axis without hiding the smaller one's gap, so each indicator gets its own
    panel, every panel spanning the same number of percentage points around its
    own values: a gap of 0,52 points looks the same size in every panel. In each
    panel the target is a black bar, the actual value a blue dot, and an arrow
    from target to actual carries the gap in points, coloured by what it means
    given the indicator's polarity (``data/indicators.csv``): green when better
    than target, vermillion when worse (for TPT, lower is better), grey when on
    target or when the polarity is not known; the words say it too (``lebih
    buruk``). ``year`` defaults to the latest year in which some indicator has both
    an actual value and a target. ``region`` may be omitted when the frame holds
    only one region. ``document`` is named in the footnote, as in
    :func:`indicator_trend`.

    >>> frame = pd.DataFrame({"region": "Kota Pasuruan", "indicator": ["TPT", "TPT", "TKK", "TKK"],
    ...     "year": 2021, "kind": ["actual", "target"] * 2, "value": [6.23, 5.71, 93.77, 94.29],
    ...     "source": "Renja 2023, Tabel 2.2"})
    >>> fig = actual_vs_target(frame, lang="en")
    >>> fig.get_suptitle()
    'Actual and target by indicator, Kota Pasuruan, 2021'
    >>> [" ".join(ax.get_xlabel().split()) for ax in fig.axes if ax.get_xlabel()]
    ['Open unemployment rate (TPT)', 'Employment-opportunity rate (TKK)']
    >>> [t.get_text() for t in fig.axes[0].texts if "target" in t.get_text()][0].split("\\n")
    ['+0.52 pp above target', 'worse: lower is better']
    """
    lang, document = check_lang(lang), check_document(document)
    data, region = _one_region(_tidy(frame, "frame"), region, "frame")
    data = _one_value_each(data, "frame")
    data = data[data["value"].notna() & data["kind"].isin(["actual", "target"])]
    # one row per indicator and year, columns actual and target (NaN where the frame has none)
    pairs = data.set_index(["indicator", "year", "kind"])["value"].unstack("kind").reindex(columns=["actual", "target"])
    both_years = sorted(set(pairs.dropna().index.get_level_values("year")))
    if not both_years:
        raise RenjaError(Message("errors_present.labour_charts.no_pair", region=region))
    if year is None:
        year = both_years[-1]
    elif isinstance(year, bool) or not isinstance(year, (int, np.integer)) or year not in both_years:
        raise RenjaError(Message("errors_present.labour_charts.pair_year", years=both_years, got=year))
    year = int(year)
    rows = data[data["year"] == year]
    indicators = list(dict.fromkeys(rows["indicator"]))
    shown = pairs.xs(year, level="year").reindex(indicators)
    gaps = (shown["actual"] - shown["target"]).abs().dropna()
    span = max(MIN_SPAN_POINTS, SPAN_PER_GAP * (float(gaps.max()) if len(gaps) else 0.0))

    title = tr("charts.title.actual_vs_target", lang, region=region_words(region, lang), year=year)
    note = tr("charts.note.panels", lang, span=fmt_number(span, 1, lang))
    with house_style():
        fig, first = frame_figure(title, lang, _sources(rows, document, lang), note=note)
        spec = first.get_subplotspec()
        first.remove()
        grid = spec.subgridspec(2, len(indicators), wspace=0.08, height_ratios=[0.07, 1])
        used: set[Any] = set()
        for index, name in enumerate(indicators):
            used |= _pair_panel(fig.add_subplot(grid[1, index]), name, float(shown.at[name, "actual"]),
                                float(shown.at[name, "target"]), span, lang)
        key = fig.add_subplot(grid[0, :])  # a row for the legend, the width of every panel
        key.axis("off")
        key.legend(handles=_pair_legend(used, year, lang), loc="center left", ncols=4, borderaxespad=0,
                   borderpad=0, handlelength=1.6, columnspacing=1.4)
    return fig


def _pair_panel(ax: Axes, indicator: str, actual: float, target: float, span: float, lang: str) -> set[Any]:
    """One indicator's panel of :func:`actual_vs_target`; returns the kinds of gap it drew."""
    values = [v for v in (actual, target) if not np.isnan(v)]
    centre = (max(values) + min(values)) / 2
    low = max(centre - span / 2, 0.0) if min(values) >= 0 else centre - span / 2
    ax.set_ylim(low, low + span)
    ax.set_xlim(-1, 1)
    ax.set_xticks([])
    ax.spines["bottom"].set_visible(False)
    ax.yaxis.set_major_locator(MaxNLocator(nbins=5, steps=[1, 2, 2.5, 5, 10]))
    ax.yaxis.set_major_formatter(percent_formatter(lang))
    ax.set_xlabel(textwrap.fill(_indicator_name(indicator, lang), 24), fontsize=ANNOTATION_SIZE, fontweight="bold")
    drawn: set[Any] = set()
    if not np.isnan(target):
        ax.plot([-0.55, 0.55], [target, target], color=TEXT, linewidth=4, solid_capstyle="butt", zorder=3)
        ax.annotate(fmt_percent(target, 2, lang), xy=(0.55, target), xytext=(6, 0), textcoords="offset points",
                    ha="left", va="center", fontsize=VALUE_LABEL_SIZE, color=TEXT)
    if not np.isnan(actual):
        ax.plot([0], [actual], marker="o", markersize=15, color=BLUE, linestyle="none", zorder=5)
        ax.annotate(fmt_percent(actual, 2, lang), xy=(0, actual), xytext=(-14, 0), textcoords="offset points",
                    ha="right", va="center", fontsize=VALUE_LABEL_SIZE, color=BLUE, fontweight="bold")
    if not (np.isnan(actual) or np.isnan(target)):
        judgement = _judgement(indicator, actual, target)
        colour = GAP_COLOURS[judgement]
        drawn.add(judgement)
        if judgement != "on":
            ax.annotate("", xy=(0, actual), xytext=(0, target), zorder=4,
                        arrowprops={"arrowstyle": "-|>,head_width=0.5,head_length=0.8", "color": colour,
                                    "linewidth": 3, "shrinkA": 3, "shrinkB": 9})
        words = _gap_text(actual, target, lang)
        if judgement in ("better", "worse"):
            direction = tr(f"analysis.direction.{_polarities()[indicator]}", lang)
            words += "\n" + tr(f"charts.gap.{judgement}", lang, direction=direction)
        words = "\n".join(textwrap.fill(line, PANEL_TEXT_WIDTH) for line in words.split("\n"))
        inside = actual > target
        ax.annotate(words, xy=(0.5, 0.04 if inside else 0.96), xycoords="axes fraction", ha="center",
                    va="bottom" if inside else "top", fontsize=VALUE_LABEL_SIZE, fontweight="bold", color=colour,
                    linespacing=1.15)
    return drawn


def _pair_legend(used: set[Any], year: int, lang: str) -> list[Line2D]:
    handles = [Line2D([], [], color=BLUE, marker="o", markersize=11, linestyle="none",
                      label=f"{tr('charts.kind.actual', lang)} {year}"),
               Line2D([], [], color=TEXT, linewidth=4, label=f"{tr('charts.kind.target', lang)} {year}")]
    for judgement in ("better", "worse"):
        if judgement in used:
            handles.append(Line2D([], [], color=GAP_COLOURS[judgement], linewidth=3,
                                  label=tr(f"charts.gap.legend.{judgement}", lang)))
    return handles


def regions_compare(
    series: pd.DataFrame,
    indicator: str,
    kind: str = "actual",
    lang: str = "id",
    highlight: str | None = None,
    *,
    document: str | None = None,
) -> Figure:
    """One line per region for one indicator and kind, one region highlighted.

    ``highlight`` is the region to emphasise, usually the document's own; by
    default the region of the first row, since the document's rows come first
    when a user adds other regions' figures after them. The other regions are
    grey; each line is labelled at its end with the region and its last value.
    ``document`` is named in the footnote, as in :func:`indicator_trend`.

    >>> frame = pd.DataFrame({"region": ["Kota Pasuruan"] * 2 + ["Kabupaten Pasuruan"] * 2,
    ...     "indicator": "TPT", "year": [2020, 2021] * 2, "kind": "actual",
    ...     "value": [6.33, 6.23, 5.98, 5.46], "source": "BPS"})
    >>> fig = regions_compare(frame, "TPT")
    >>> [line.get_label() for line in fig.axes[0].lines]
    ['Kabupaten Pasuruan', 'Kota Pasuruan']
    """
    lang, document = check_lang(lang), check_document(document)
    if kind not in KINDS:
        raise RenjaError(Message("errors_present.labour_charts.kind_arg", kinds=list(KINDS), got=kind))
    data = _one_value_each(_pick(_tidy(series, "series"), "indicator", indicator, "indicator", "series"), "series")
    regions = list(dict.fromkeys(data.loc[(data["kind"] == kind) & data["value"].notna(), "region"]))
    data = data[(data["kind"] == kind) & data["value"].notna()].sort_values("year", kind="stable")
    if data.empty:
        raise RenjaError(Message("errors_present.labour_charts.no_kind", kind=kind, indicator=indicator))
    if highlight is None:
        highlight = regions[0]
    elif highlight not in regions:
        raise RenjaError(Message("errors_present.labour_charts.highlight", kind=kind, indicator=indicator,
                                 regions=regions, got=highlight))

    title = tr("charts.title.regions", lang, indicator=_indicator_name(indicator, lang),
               kind=_lower_first(tr(f"charts.kind.{kind}", lang)), years=_years_text(data["year"]))
    with house_style():
        fig, ax = frame_figure(title, lang, _sources(data, document, lang))
        _year_axis(ax, data["year"], lang)
        _percent_axis(ax, lang)
        ends: list[tuple[str, int, float]] = []
        for name in [*(r for r in regions if r != highlight), highlight]:  # highlighted region drawn last, on top
            rows = data[data["region"] == name]
            main = name == highlight
            province = not main and parse_region(name).level == "provinsi"  # the province: darker, dashed
            ax.plot(rows["year"], rows["value"], color=BLUE if main else GREY if province else LIGHT_GREY,
                    linewidth=3.5 if main else 2.5 if province else 2, linestyle="--" if province else "-",
                    marker="o", markersize=9 if main else 5, zorder=5 if main else 4 if province else 3, label=name,
                    gid=f"region-{len(ends)}")
            ends.append((name, int(rows["year"].iloc[-1]), float(rows["value"].iloc[-1])))

        low, high = ax.get_ylim()
        ax.set_ylim(low, high)  # fix the limits before placing the labels in data units
        placed = _spread([value for _, _, value in ends], gap=(high - low) * 0.055)
        beside = transforms.ScaledTranslation(10 / 72, 0, fig.dpi_scale_trans)  # 10 points right of the point
        for (name, year, value), y in zip(ends, placed):
            main = name == highlight
            ax.text(year, y, f"{name} {fmt_percent(value, 2, lang)}",
                    transform=transforms.blended_transform_factory(ax.transData + beside, ax.transData),
                    ha="left", va="center", fontsize=ANNOTATION_SIZE if main else VALUE_LABEL_SIZE,
                    fontweight="bold" if main else "normal", color=BLUE if main else GREY, clip_on=False,
                    parse_math=False, zorder=6)
    return fig
