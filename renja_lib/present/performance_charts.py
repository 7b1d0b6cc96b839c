"""Charts of the performance evaluation (achievement, efficiency) for a 16:9 slide.

Each function takes a frame that :mod:`renja_lib.analyse.performance` returns
and gives a :class:`matplotlib.figure.Figure` in the house style of
:mod:`renja_lib.present.chart_style`, never registered with pyplot, following
the conventions of :mod:`renja_lib.present.budget_charts` (texts: the catalogue's
``charts.*`` entries; rating bands and quadrants: its ``analysis.band.*`` and
``analysis.quadrant.*``).

==========================  ================================================  =====================================
function                    frame                                             shows
==========================  ================================================  =====================================
:func:`achievement_chart`   ``performance.rollup(doc)`` or achievement_table  mean achievement and rating band
:func:`efficiency_chart`    ``performance.efficiency(doc)`` or its frame      achievement against absorption
==========================  ================================================  =====================================

and one text for the page: :func:`direction_note`, the indicators whose direction is
not known and how an analyst sets it.
"""
from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text

from ..analyse.performance import AVERAGE_CAP, AVERAGE_SCOPE, DEFAULT_THRESHOLD, Efficiency, rollup, unknown_directions
from ..analyse.ratings import BANDS, MISSING_BAND_KEY
from ..errors import RenjaError
from ..text import check_lang
from ..text.catalogue import Message, has, tr
from ..text.formats import percent_formatter
from .chart_parts import FULL, MANY_ROWS, POINT_NAME_WIDTH, bar_rows, bounded_ticks, chart_name, check_source
from .chart_parts import checked_frame, fit_texts, legend_top, noted_figure, number_column, row_names, row_size
from .chart_parts import check_document, document_words, table_source, value_label
from .chart_style import ANNOTATION_SIZE, BLUE, GREY, LIGHT_GREY, TEXT, VALUE_LABEL_SIZE, house_style

# Every chart function here opens the same way (a doctest of its title, then check_lang, check_source and
# checked_frame on its frame): reviewed boilerplate that `duplicates` lists as same-shape pairs, kept so that
# each function reads on its own.
__all__ = [
    "BAND_COLOURS",
    "achievement_chart",
    "efficiency_chart",
    "direction_note",
]

#: Rating bands, a neutral sequential palette (ColorBrewer "Blues"): darker is a higher band.
BAND_COLOURS: Mapping[str, str] = MappingProxyType({
    "very_high": "#08519C",
    "high": "#3182BD",
    "medium": "#6BAED6",
    "low": "#9ECAE1",
    "very_low": "#C6DBEF",
    MISSING_BAND_KEY: "#FFFFFF",
})


# ---------------------------------------------------------------------------
# achievement


ROLLUP_COLUMNS: tuple[str, ...] = ("code", "name", "mean_achievement", "n_indicators", "n_with_data", "band_key")
TABLE_COLUMNS: tuple[str, ...] = ("code", "level", "name", "year", "achievement")


def _band_label(key: str, lang: str) -> str:
    """The rating band ``key`` (``very_high``, ``missing``) in words; a key the catalogue does not know stays."""
    return tr(f"analysis.band.{key}", lang) if has(f"analysis.band.{key}") else key


def _band_legend(lang: str, missing: bool) -> list[Patch]:
    handles = []
    for index, band in enumerate(BANDS):
        if math.isinf(band.lower):
            text = tr("charts.band.lowest", lang, band=_band_label(band.key, lang), upper=BANDS[index - 1].lower)
        else:
            text = tr("charts.band.range", lang, band=_band_label(band.key, lang), lower=band.lower)
        handles.append(Patch(facecolor=BAND_COLOURS.get(band.key, LIGHT_GREY), edgecolor=GREY, linewidth=0.6,
                             label=text))
    if missing:
        handles.append(Patch(facecolor="white", edgecolor=GREY, hatch="..", linewidth=0.6,
                             label=_band_label(MISSING_BAND_KEY, lang)))
    return handles


def achievement_chart(frame: pd.DataFrame, lang: str = "id", *, source: str | None = None,
                      document: str | None = None) -> Figure:
    """Mean achievement per programme, coloured by its rating band, with the count of indicators behind it.

    ``frame`` is :func:`renja_lib.analyse.performance.rollup`'s frame (any level), or
    :func:`renja_lib.analyse.performance.achievement_table`'s, which is then rolled up
    per programme (every indicator at or below it). Each bar is labelled with
    the mean, its band and how many of the unit's indicators have data; a
    dashed line marks 100 % (the target). Band colours go from light (very
    low) to dark (very high): a neutral sequential palette, the rating is in
    words on every bar. The footnote names ``document`` (see
    :func:`~renja_lib.present.chart_parts.document_words`); ``source`` replaces it.

    >>> import renja_lib
    >>> from renja_lib.analyse import performance
    >>> achievement_chart(performance.rollup(renja_lib.load()), lang="en").get_suptitle()
    'Mean performance achievement by programme, 2021'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    if isinstance(frame, pd.DataFrame) and "mean_achievement" not in frame.columns and "achievement" in frame.columns:
        table = checked_frame(frame, "frame", TABLE_COLUMNS, "performance.achievement_table(doc)")
        data = rollup(table, level="program", scope="all")
    else:
        data = checked_frame(frame, "frame", ROLLUP_COLUMNS, "performance.rollup(doc)")
    data["mean_achievement"] = number_column(data["mean_achievement"], "frame", "mean_achievement")
    for column in ("n_indicators", "n_with_data"):
        data[column] = number_column(data[column], "frame", column)
    years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
    levels = sorted(set(data["level"].dropna().astype(str))) if "level" in data.columns else []
    level = (tr(f"charts.level.{levels[0]}", lang) if len(levels) == 1 and has(f"charts.level.{levels[0]}")
             else tr("charts.level.program", lang))
    title = (tr("charts.title.achievement", lang, level=level, year=years[0]) if len(years) == 1
             else tr("charts.title.achievement_no_year", lang, level=level))
    scope = str(data["scope"].iloc[0]) if "scope" in data.columns and data["scope"].nunique() == 1 else None
    notes = []
    if scope in ("all", "own"):
        notes.append(tr(f"charts.note.scope.{scope}", lang))
    caps = data["cap"].dropna().unique() if "cap" in data.columns else []
    notes.append(tr("charts.note.cap", lang, cap=caps[0]) if len(caps) == 1 else tr("charts.note.no_cap", lang))
    keys = [str(k) if isinstance(k, str) else MISSING_BAND_KEY for k in data["band_key"]]
    many = len(data) > MANY_ROWS  # one line per label, smaller
    if many:
        notes.append(tr("charts.note.count_short", lang))
    with house_style():
        fig, ax = noted_figure(title, lang, source or table_source("Tabel 2.1", [], lang, document), notes)
        texts = []
        size = row_size(len(data)) or VALUE_LABEL_SIZE
        for y, (key, (_, row)) in enumerate(zip(keys, data.iterrows())):
            mean = row["mean_achievement"]
            total = int(row["n_indicators"])
            count = tr("charts.achievement.count_short" if many else "charts.achievement.count", lang, count=total,
                       n=int(row["n_with_data"]), total=total)
            joiner = " · " if many else "\n"
            if math.isnan(mean):
                texts.append(value_label(ax, f"{_band_label(MISSING_BAND_KEY, lang)}{joiner}{count}", 0, y, colour=GREY,
                                         size=size, box=True))
                continue
            ax.barh(y, mean, 0.62, color=BAND_COLOURS.get(key, LIGHT_GREY), edgecolor=GREY, linewidth=0.6, zorder=3)
            head = tr("charts.achievement.label", lang, value=mean, band=_band_label(key, lang))
            texts.append(value_label(ax, f"{head}{joiner}{count}", mean, y, size=size, box=True))
        ax.axvline(FULL, color=GREY, linestyle=(0, (5, 3)), linewidth=1.6, zorder=4)
        bar_rows(ax, row_names(data["name"], data["code"], len(data)))
        top = max(FULL, float(np.nanmax(data["mean_achievement"])) if data["mean_achievement"].notna().any() else 0)
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(tr("charts.axis.achievement", lang))
        handles = [*_band_legend(lang, MISSING_BAND_KEY in keys),
                   Line2D([], [], color=GREY, linestyle=(0, (5, 3)), linewidth=1.6,
                          label=tr("charts.achievement.target", lang))]
        if many:  # the names take the width: the legend goes above
            legend_top(ax, handles)
        else:
            ax.legend(handles=handles, title=tr("charts.legend.bands", lang),
                      loc="upper left", bbox_to_anchor=(1.02, 1), borderaxespad=0, handlelength=1.4,
                      alignment="left", title_fontproperties={"weight": "bold", "size": 15})
        fit_texts(fig, ax, texts, verify=False)
        bounded_ticks(ax, 0, top, nbins=4, texts=texts)
    return fig


# ---------------------------------------------------------------------------
# efficiency


EFFICIENCY_COLUMNS: tuple[str, ...] = ("programme", "name", "achievement", "absorption", "quadrant")
#: The names of the four cases in the corners of the efficiency chart are wrapped at this many characters.
QUADRANT_LABEL_WIDTH = 22


def _check_threshold(value: Any, arg: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not math.isfinite(
            float(value)):
        raise RenjaError(Message("errors_present.performance_charts.threshold", arg=arg, got=value))
    return float(value)


def _quadrant_range(values: Iterable[float], line: float, share: float = 0.3, step: float = 5) -> tuple[float, float]:
    """Axis limits around ``values`` and a threshold ``line``, each side of the line at least ``share`` of the span.

    So that all four quadrants have room for their names, whatever the data.
    """
    found = [v for v in values if not math.isnan(v)]
    low, high = min([*found, line]), max([*found, line])
    span = max(high - low, 2 * step)
    low, high = min(low, line - share * span), max(high, line + share * span)
    pad = (high - low) * 0.06
    return math.floor((low - pad) / step) * step, math.ceil((high + pad) / step) * step


def efficiency_chart(
    efficiency: Efficiency | pd.DataFrame,
    lang: str = "id",
    *,
    achievement_threshold: float | None = None,
    absorption_threshold: float | None = None,
    source: str | None = None,
    document: str | None = None,
) -> Figure:
    """Each programme's average achievement (y) against its budget absorption (x), in the four cases.

    ``efficiency`` is :func:`renja_lib.analyse.performance.efficiency`'s result or its
    ``frame``. The threshold lines default to the ones the result was made with
    (for a bare frame, :data:`renja_lib.analyse.performance.DEFAULT_THRESHOLD`) and
    are named on the chart and in its footnote. The cases are named
    (``analysis.quadrant.*``: sesuai rencana; target tercapai, anggaran tidak
    terserap: periksa; anggaran terserap, target tidak tercapai; tertinggal); the
    footnote names the average achievement (its scope and cap, the average of the
    roll-up); points carry short programme names. A point whose absorption comes from
    derived amounts is hollow and starred; one from a stated percentage only is
    a diamond. Programmes that cannot be placed (conflicting figures, no data)
    are listed in the footnote, after ``document`` (see
    :func:`~renja_lib.present.chart_parts.document_words`; ``source`` replaces it).

    >>> import renja_lib
    >>> from renja_lib.analyse import performance
    >>> efficiency_chart(performance.efficiency(renja_lib.load())).get_suptitle()
    'Capaian kinerja dan serapan anggaran per program, 2021'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    if isinstance(efficiency, Efficiency):
        thresholds = (efficiency.achievement_threshold, efficiency.absorption_threshold)
        scope, cap = efficiency.scope, efficiency.cap
        data = checked_frame(efficiency.frame, "efficiency.frame", EFFICIENCY_COLUMNS,
                             "performance.efficiency(doc).frame")
    else:
        thresholds = (DEFAULT_THRESHOLD, DEFAULT_THRESHOLD)
        scope, cap = AVERAGE_SCOPE, AVERAGE_CAP
        data = checked_frame(efficiency, "efficiency", EFFICIENCY_COLUMNS, "performance.efficiency(doc).frame")
    ach_line = (thresholds[0] if achievement_threshold is None
                else _check_threshold(achievement_threshold, "achievement_threshold"))
    abs_line = (thresholds[1] if absorption_threshold is None
                else _check_threshold(absorption_threshold, "absorption_threshold"))
    data["achievement"] = number_column(data["achievement"], "efficiency", "achievement")
    data["absorption"] = number_column(data["absorption"], "efficiency", "absorption")
    basis = (data["absorption_basis"].astype(str) if "absorption_basis" in data.columns
             else pd.Series("amounts", index=data.index))
    placed = data[data["achievement"].notna() & data["absorption"].notna()]
    left_out = data.drop(placed.index)
    if placed.empty:
        raise RenjaError(Message("errors_present.performance_charts.nothing_to_place"))
    years = sorted({int(y) for y in data["year"].dropna()}) if "year" in data.columns else []
    title = (tr("charts.title.efficiency", lang, year=years[0]) if len(years) == 1
             else tr("charts.title.efficiency_no_year", lang))
    top_band = ach_line == abs_line == float(BANDS[0].lower)
    notes = [tr("charts.note.thresholds", lang, achievement=ach_line, absorption=abs_line,
                band=tr("charts.note.thresholds.top_band", lang) if top_band else "")]
    if scope in ("all", "own"):
        notes.append(tr(f"charts.note.scope.{scope}", lang))
    notes.append(tr("charts.note.cap", lang, cap=cap) if cap is not None else tr("charts.note.no_cap", lang))
    if (basis[placed.index] == "derived").any():
        notes.append(tr("charts.note.derived_points", lang))
    if (basis[placed.index] == "stated").any():
        notes.append(tr("charts.note.stated_points", lang))
    if not left_out.empty:
        items = []
        for _, row in left_out.iterrows():
            quadrant = str(row["quadrant"])
            reason = tr(f"analysis.quadrant.{quadrant}", lang) if has(f"analysis.quadrant.{quadrant}") else quadrant
            items.append(f"{chart_name(row['name'], row['programme'], width=200, lines=1)} ({reason})")
        notes.append(tr("charts.note.not_placed", lang, items="; ".join(items)))

    x_low, x_high = _quadrant_range(placed["absorption"], abs_line)
    y_low, y_high = _quadrant_range(placed["achievement"], ach_line)
    with house_style():
        ref = source or tr("charts.source.efficiency", lang, document=document_words(document, lang))
        fig, ax = noted_figure(title, lang, ref, notes)
        ax.set_xlim(x_low, x_high)
        ax.set_ylim(y_low, y_high)
        ax.grid(True, axis="both")
        ax.axvline(abs_line, color=GREY, linestyle=(0, (5, 3)), linewidth=1.8, zorder=2)
        ax.axhline(ach_line, color=GREY, linestyle=(0, (5, 3)), linewidth=1.8, zorder=2)
        blocked: list[Any] = [
            # the vertical line is named above the plot, the horizontal one at its right end
            ax.annotate(tr("charts.threshold", lang, value=abs_line), xy=(abs_line, 1),
                        xycoords=("data", "axes fraction"), xytext=(0, 5), textcoords="offset points", ha="center",
                        va="bottom", color=GREY, fontsize=VALUE_LABEL_SIZE),
            ax.annotate(tr("charts.threshold", lang, value=ach_line), xy=(1, ach_line),
                        xycoords=("axes fraction", "data"), xytext=(-6, 5), textcoords="offset points", ha="right",
                        va="bottom", color=GREY, fontsize=VALUE_LABEL_SIZE),
        ]
        corners = {"underspent_achieved": (0, 1, "left", "top"), "on_track": (1, 1, "right", "top"),
                   "lagging": (0, 0, "left", "bottom"), "spent_not_achieved": (1, 0, "right", "bottom")}
        for quadrant, (cx, cy, ha, va) in corners.items():
            words = textwrap.fill(tr(f"analysis.quadrant.{quadrant}", lang).upper(), QUADRANT_LABEL_WIDTH,
                                  break_on_hyphens=False)
            blocked.append(ax.annotate(words, xy=(cx, cy), xycoords="axes fraction",
                                       xytext=(10 if cx == 0 else -10, -10 if cy == 1 else 10),
                                       textcoords="offset points", ha=ha, va=va, fontsize=15, fontweight="bold",
                                       color="#8C8C8C", zorder=1, multialignment=ha, linespacing=1.1))
        for index, row in placed.iterrows():
            how = basis[index]
            marker = "D" if how == "stated" else "o"
            face = "white" if how == "derived" else BLUE
            ax.scatter([row["absorption"]], [row["achievement"]], s=170, marker=marker, facecolors=face,
                       edgecolors=BLUE, linewidths=2.5, zorder=5)
        names = []
        for index, row in placed.iterrows():
            mark = {"derived": "*", "stated": "†"}.get(basis[index], "")
            names.append(chart_name(row["name"], row["programme"], width=POINT_NAME_WIDTH, lines=3) + mark)
        _place_point_labels(fig, ax, list(placed["absorption"]), list(placed["achievement"]), names, blocked)
        ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.yaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(tr("charts.axis.efficiency_x", lang))
        ax.set_ylabel(tr("charts.axis.efficiency_y", lang))
    return fig


def _place_point_labels(fig: Figure, ax: Axes, xs: list[float], ys: list[float], names: list[str],
                        blocked: list[Text]) -> None:
    """Label each point on the first side (right, left, above, below) where it overlaps nothing drawn so far."""
    candidates = [((12, 0), "left", "center"), ((-12, 0), "right", "center"), ((0, 14), "center", "bottom"),
                  ((0, -14), "center", "top"), ((12, 12), "left", "bottom"), ((12, -12), "left", "top"),
                  ((-12, 12), "right", "bottom"), ((-12, -12), "right", "top")]
    fig.draw_without_rendering()
    frame = ax.get_window_extent()
    taken = [text.get_window_extent().expanded(1.02, 1.1) for text in blocked]
    radius = 11 * fig.dpi / 72
    points = [ax.transData.transform((x, y)) for x, y in zip(xs, ys)]
    from matplotlib.transforms import Bbox
    taken += [Bbox.from_extents(px - radius, py - radius, px + radius, py + radius) for px, py in points]
    order = sorted(range(len(xs)), key=lambda i: -ys[i])
    for i in order:
        best, best_cost = None, None
        for offset, ha, va in candidates:
            text = ax.annotate(names[i], xy=(xs[i], ys[i]), xytext=offset, textcoords="offset points", ha=ha, va=va,
                               fontsize=ANNOTATION_SIZE, color=TEXT, fontweight="bold", parse_math=False, zorder=6,
                               linespacing=1.1, bbox={"boxstyle": "square,pad=0.1", "facecolor": "white",
                                                      "edgecolor": "none", "alpha": 0.8})
            box = text.get_window_extent()
            overlap = sum(_overlap(box, other) for other in taken)
            outside = (max(frame.x0 - box.x0, 0) + max(box.x1 - frame.x1, 0)) * box.height + (
                max(frame.y0 - box.y0, 0) + max(box.y1 - frame.y1, 0)) * box.width
            cost = overlap + 4 * outside
            if best_cost is None or cost < best_cost - 1e-9:
                if best is not None:
                    best.remove()
                best, best_cost = text, cost
            else:
                text.remove()
            if cost == 0:
                break
        assert best is not None
        taken.append(best.get_window_extent())


def _overlap(a: Any, b: Any) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.y1, b.y1) - max(a.y0, b.y0)
    return width * height if width > 0 and height > 0 else 0.0


# ---------------------------------------------------------------------------
# directions not known (a text for the page, not a chart)


def direction_note(tables: Iterable[pd.DataFrame], lang: str = "id", *, document: Any = None,
                   directions_file: Any = None) -> str:
    """Markdown for the page: the indicators whose direction is not known, once, and how to set a direction.

    ``tables`` are tables of ``performance.achievement_table`` and
    ``performance.renstra_progress``; the indicators listed are those whose
    ``direction_source`` is ``performance.DOCUMENT_FORMULA``
    (:func:`renja_lib.analyse.performance.unknown_directions`), with their codes. The
    sentence names the file to write: ``directions_file`` when given, else the
    ``<stem>.directions.csv`` of ``document`` (a Renja), else the pattern. Document
    text is escaped for Markdown.

    >>> import renja_lib
    >>> from renja_lib.analyse import performance
    >>> doc = renja_lib.load()
    >>> note = direction_note([performance.achievement_table(doc)], "en", document=doc)
    >>> note.startswith("**Direction not known** for 73 indicators")
    True
    """
    from pathlib import Path

    from ..read.directions import directions_path_for
    from .sentences import esc

    lang = check_lang(lang)
    unknown = unknown_directions(*tables)
    if unknown.empty:
        return tr("analysis.direction_note.none", lang)
    if directions_file is not None:
        file = esc(Path(str(directions_file)).name)
    elif getattr(document, "path", None) is not None:
        file = esc(directions_path_for(document.path).name)
    else:
        file = esc(tr("analysis.direction_note.any_file", lang))
    names = [f"{esc(r.indicator)} ({esc(r.codes)})" if r.codes else esc(r.indicator)
             for r in unknown.itertuples(index=False)]
    return (tr("analysis.direction_note", lang, n=len(unknown), file=file) + "\n\n"
            + tr("analysis.direction_note.list", lang, names="; ".join(names)))
