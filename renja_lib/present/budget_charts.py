"""Charts of the budget (absorption, composition, salaries, changes, draft against needs, S-curve) for a 16:9 slide.

Each function takes a frame that :mod:`renja_lib.analyse.budget` returns and
gives a :class:`matplotlib.figure.Figure` in the house style of
:mod:`renja_lib.present.chart_style` (12,8 x 7,2 in, projector-sized text,
Okabe-Ito colours), never registered with pyplot. Write it with
:func:`renja_lib.present.figure_files.save`.

==========================  ================================================  =====================================
function                    frame                                             shows
==========================  ================================================  =====================================
:func:`absorption_chart`    ``budget.absorption(doc)``                        absorption per programme, stated %
:func:`composition_chart`   ``budget.plan_composition(doc)``                  plan-year budget per programme
:func:`salary_chart`        ``budget.salary_share(doc)``                      salaries against everything else
:func:`changes_chart`       ``budget.plan_changes(doc)``                      largest changes, plan to forward year
:func:`draft_needs_chart`   ``budget.draft_to_needs(doc)``                    RKPD first draft against needs
:func:`s_curve_chart`       ``budget.s_curve(spending, schedule)``            cumulative absorption, planned
==========================  ================================================  =====================================

The performance charts are in :mod:`~renja_lib.present.performance_charts`, the
audit chart in :mod:`~renja_lib.present.audit_charts`; all of them follow the
same conventions:

* Texts are Indonesian by default and English with ``lang="en"``; every number
  is formatted with :mod:`renja_lib.text.formats` (``66,60%`` / ``66.60%``,
  ``Rp 3,46 M`` / ``Rp 3.46 bn``). Names of programmes and activities stay as
  the document writes them, shortened (:func:`renja_lib.present.names.short_name`):
  a leading ``Program`` is dropped, a name in capitals is written in title
  case, long names are wrapped and, past two lines, cut with an ellipsis.
* The title is computed from the data; the footnote names the source (the
  table of the Renja, with its lines where the frame gives them; ``document=``
  names the Renja, e.g. ``Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan`` from
  :func:`renja_lib.present.sentences.document_name`, else it is just "Renja";
  ``source=`` replaces the whole source) and any note the figures need (derived amounts, contradictions,
  how a mean was taken).
* The charts never pick between two figures that contradict each other: both
  are drawn and named. A figure the library derived is drawn lighter and
  explained in the footnote.
* Input frames are never changed. Bad input raises
  :class:`~renja_lib.errors.RenjaError` naming the argument, what is needed and
  what was given.

The chart texts are the catalogue's ``charts.*`` entries
(``renja_lib/text/catalogue/charts.yaml``, written with :func:`renja_lib.text.tr`);
the words for the codes of the analysis frames (the office, salary components,
change statuses) are its ``analysis.*`` entries.
"""
from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator

from ..errors import RenjaError
from ..text import check_lang
from ..text.catalogue import Message, has, tr
from ..text.formats import fmt_percent, fmt_points, fmt_rupiah, percent_formatter, rupiah_formatter
from .chart_parts import FULL, MANY_ROWS, WHITE_BOX, bar_rows, bounded_ticks, chart_name, check_source
from .chart_parts import checked_frame, figure_notes, fit_texts, is_true, legend_top, line_range, noted_figure
from .chart_parts import number_column, percent_ticks_to, plus_percent, plus_rupiah, row_names, row_size
from .chart_parts import check_document, document_words, table_of, table_source, text_or_none, value_label
from .chart_style import ANNOTATION_SIZE, BLUE, GREY, LIGHT_GREY, ORANGE, TEXT, VALUE_LABEL_SIZE, VERMILLION
from .chart_style import house_style

# Every chart function here opens the same way (a doctest of its title, then check_lang, check_source and
# checked_frame on its frame): reviewed boilerplate that `duplicates` lists as same-shape pairs, kept so that
# each function reads on its own.
__all__ = [
    "absorption_chart",
    "composition_chart",
    "salary_chart",
    "changes_chart",
    "draft_needs_chart",
    "s_curve_chart",
]

# ---------------------------------------------------------------------------
# colours and periods

#: Bars drawn from a derived amount: BLUE at 45 %, on white.
LIGHT_BLUE = "#8CBCDC"
#: Budget changes: increase and decrease get two colours that do not say good or bad.
INCREASE, DECREASE = BLUE, ORANGE

#: Periods of ``budget.absorption`` in calendar order; a whole year first among equals.
_PERIOD_ORDER = ("year", "Q1", "Q2", "Q3", "Q4", "to_date", "year_estimate", "renstra")
_LEVEL_ORDER = ("program", "kegiatan", "sub_kegiatan")


# ---------------------------------------------------------------------------
# absorption


ABSORPTION_COLUMNS: tuple[str, ...] = ("year", "period", "subject", "level", "name", "budget", "spending",
                                       "absorption", "absorption_stated", "consistent", "derived")


def _period_text(year: int, period: str, lang: str) -> str:
    """``triwulan II 2022`` / ``Q2 2022``: a period of ``budget.absorption`` with its year; a period the catalogue
    has no words for keeps its code."""
    key = f"charts.period.{period}"
    return tr(key, lang, year=year) if has(key) else f"{period} {year}"


def _pick_period(data: pd.DataFrame, year: Any, period: Any) -> tuple[int, str]:
    years = sorted({int(y) for y in data["year"]})
    if year is not None:
        if isinstance(year, bool) or not isinstance(year, (int, np.integer)) or int(year) not in years:
            raise RenjaError(Message("errors_present.budget_charts.year", years=years, got=year))
        year = int(year)
    if period is not None:
        periods = list(dict.fromkeys(data["period"].astype(str)))
        if not isinstance(period, str) or period not in periods:
            raise RenjaError(Message("errors_present.budget_charts.period", periods=periods, got=period))
    rank = {p: i for i, p in enumerate(_PERIOD_ORDER)}
    if year is None:
        rows = data if period is None else data[data["period"] == period]
        if period is None and (data["period"] == "year").any():
            rows = data[data["period"] == "year"]  # a whole year first: the latest year with one
        year = int(rows["year"].max())
    in_year = data[data["year"] == year]
    present = list(dict.fromkeys(in_year["period"].astype(str)))
    if period is None:
        period = "year" if "year" in present else max(present, key=lambda p: rank.get(p, len(rank)))
    elif period not in present:
        raise RenjaError(Message("errors_present.budget_charts.period_in_year", year=year, periods=present,
                                 got=period))
    return year, period


def absorption_chart(
    absorption_frame: pd.DataFrame,
    year: int | None = None,
    period: str | None = None,
    lang: str = "id",
    *,
    levels: Sequence[str] = ("program", "office"),
    source: str | None = None,
    document: str | None = None,
) -> Figure:
    """Budget absorption per programme (and the whole office) in one year and period.

    ``absorption_frame`` is :func:`renja_lib.analyse.budget.absorption`'s frame. One
    horizontal bar per programme, the office last below a rule:

    * the bar is the absorption **computed from the amounts** (spending ÷
      budget), labelled; a black tick marks the percentage the document
      **states**;
    * a bar from a **derived** amount is lighter, starred, and the footnote says
      how it was derived;
    * where the amounts and the stated percentage **contradict** each other and
      the document itself rejects the written spending (``reading`` ``stated``:
      its amount in words says another amount, or it is orders of magnitude
      off), the bar is the stated percentage, dotted, labelled as such; the
      footnote names the written amount and what its words say; the computed
      figure of the rejected amount is never drawn;
    * where they contradict each other and nothing in the document settles it,
      the bar is hatched in vermillion and labelled with both figures; the
      footnote repeats them with the amounts;
    * a row with only a stated percentage gets a hollow bar at that percentage;
      an unreadable stated percentage is quoted.

    ``year`` defaults to the latest year with whole-year figures (else the
    latest year), ``period`` to the whole year when the frame has it for
    ``year``, else its latest period. ``levels`` are the ``level`` values drawn.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> fig = absorption_chart(budget.absorption(renja_lib.load()))
    >>> fig.get_suptitle()
    'Serapan anggaran per program, 2021'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    data = checked_frame(absorption_frame, "absorption_frame", ABSORPTION_COLUMNS, "budget.absorption(doc)")
    if isinstance(levels, str) or not all(isinstance(level, str) for level in levels):
        raise RenjaError(Message("errors_present.budget_charts.levels", got=levels))
    year, period = _pick_period(data, year, period)
    for column in ("budget", "spending", "absorption", "absorption_stated"):
        data[column] = number_column(data[column], "absorption_frame", column)
    rows = data[(data["year"] == year) & (data["period"] == period) & data["level"].isin(list(levels))]
    if rows.empty:
        found = sorted(set(data.loc[(data["year"] == year) & (data["period"] == period), "level"].astype(str)))
        raise RenjaError(Message("errors_present.budget_charts.no_levels", levels=list(levels), period=period,
                                 year=year, found=found))
    office = rows["level"] == "office"
    rows = pd.concat([rows[~office], rows[office]], ignore_index=True)  # the office last, below the programmes

    when = _period_text(year, period, lang)
    notes: list[str] = []
    derived_names: list[str] = []
    names: list[str] = []
    # the office row has no name in the frame (it is a level, not a code): its words are the catalogue's
    rows["name"] = [tr("analysis.office", lang) if level == "office" else name
                    for level, name in zip(rows["level"], rows["name"])]
    shown_names = [text_or_none(n) or str(s) for n, s in zip(rows["name"], rows["subject"])]
    for (_, row), short in zip(rows.iterrows(), row_names(shown_names, rows["subject"], len(rows))):
        name = text_or_none(row["name"]) or str(row["subject"])
        star = "*" if is_true(row["derived"]) else ""
        names.append(short + star)
        if star:
            derived_names.append(chart_name(name, row["subject"], width=200, lines=1))
    texts: list[Text] = []
    kinds: set[str] = set()
    with house_style():
        found = line_range(rows["source_lines"]) if "source_lines" in rows.columns else None
        ref = source or tr("charts.source.narrative", lang, document=document_words(document, lang)) + (
            f", {tr('charts.source.lines', lang, lines=found)}" if found else "")
        units = ("charts.absorption.units_activities" if (rows["level"] == "kegiatan").any()
                 else "charts.absorption.units")
        title = tr("charts.title.absorption", lang, units=tr(units, lang), when=when)
        fig, ax = noted_figure(title, lang, ref)
        height = 0.62
        size = row_size(len(rows)) or VALUE_LABEL_SIZE
        for y, (_, row) in enumerate(rows.iterrows()):
            computed, stated = float(row["absorption"]), float(row["absorption_stated"])
            flag = text_or_none(row["flag"]) if "flag" in rows.columns else None
            # consistent False (amounts and stated percentage contradict each other); NA is "not checked"
            conflict = (not pd.isna(row["consistent"]) and not bool(row["consistent"])) or flag == "contradiction"
            conflict = conflict and not (math.isnan(computed) or math.isnan(stated))
            rejected = conflict and "reading" in rows.columns and text_or_none(row["reading"]) == "stated"
            derived = is_true(row["derived"])
            stated_text = (text_or_none(row["absorption_stated_text"]) if "absorption_stated_text" in rows.columns
                           else None)
            name = text_or_none(row["name"]) or str(row["subject"])
            if rejected:
                kinds.add("rejected")
                ax.barh(y, stated, height, facecolor="white", edgecolor=BLUE, hatch="..", linewidth=2, zorder=3)
                texts.append(value_label(ax, tr("charts.absorption.rejected_label", lang, value=stated), stated, y,
                                         size=size))
                words = row["spending_words"] if "spending_words" in rows.columns else None
                said = "" if words is None or pd.isna(words) else tr("charts.note.rejected_words", lang,
                                                                     words=float(words))
                notes.append(tr("charts.note.rejected", lang, name=chart_name(name, width=200, lines=1),
                                spending=row["spending"], stated=stated, words=said))
            elif conflict:
                kinds.add("conflict")
                ax.barh(y, computed, height, facecolor="white", edgecolor=VERMILLION, hatch="///", linewidth=2,
                        zorder=3)
                text = tr("charts.absorption.contradiction", lang, stated=stated, computed=computed)
                if len(rows) > MANY_ROWS:  # rows too close for two lines
                    text = " ".join(text.split("\n"))
                texts.append(value_label(ax, text, max(computed, stated), y, colour=VERMILLION, bold=True,
                                         size=size))
                notes.append(tr("charts.note.contradiction", lang, name=chart_name(name, width=200, lines=1),
                                spending=row["spending"], budget=row["budget"], computed=computed, stated=stated))
            elif not math.isnan(computed):
                kinds.add("derived" if derived else "computed")
                ax.barh(y, computed, height, color=LIGHT_BLUE if derived else BLUE, zorder=3)
                value = fmt_percent(computed, 2, lang) + ("*" if derived else "")
                if flag == "stated_unreadable" and stated_text:
                    value = tr("charts.absorption.unreadable_label", lang, value=value, text=stated_text)
                    notes.append(tr("charts.note.unreadable", lang, name=chart_name(name, width=200, lines=1),
                                    text=stated_text))
                texts.append(value_label(ax, value, max(computed, 0 if math.isnan(stated) else stated), y,
                                         size=size))
            elif not math.isnan(stated):
                kinds.add("stated_only")
                ax.barh(y, stated, height, facecolor="white", edgecolor=BLUE, linewidth=2, zorder=3)
                text = tr("charts.absorption.stated_label", lang, value=stated)
                texts.append(value_label(ax, text, stated, y, size=size))
            else:
                label = stated_text or "\u2013"
                texts.append(value_label(ax, label, 0, y, colour=GREY, size=size))
            if not math.isnan(stated):
                kinds.add("stated")
                ax.vlines(stated, y - height / 2 - 0.08, y + height / 2 + 0.08, color=TEXT, linewidth=3.5, zorder=5)
        if office.any():
            ax.axhline(len(rows) - office.sum() - 0.5, color=GREY, linewidth=1, linestyle=(0, (4, 3)))
        bar_rows(ax, names, bold=range(len(rows) - int(office.sum()), len(rows)))
        ax.set_xlim(0, FULL)
        percent_ticks_to(ax, FULL, lang, step=25)
        ax.set_xlabel(tr("charts.axis.absorption", lang))

        handles = []
        if "computed" in kinds:
            handles.append(Patch(color=BLUE, label=tr("charts.absorption.computed", lang)))
        if "derived" in kinds:
            handles.append(Patch(color=LIGHT_BLUE, label=tr("charts.absorption.derived", lang)))
        if "stated_only" in kinds:
            handles.append(Patch(facecolor="white", edgecolor=BLUE, linewidth=2,
                                 label=tr("charts.absorption.stated_only", lang)))
        if "rejected" in kinds:
            handles.append(Patch(facecolor="white", edgecolor=BLUE, hatch="..", linewidth=2,
                                 label=tr("charts.absorption.rejected", lang)))
        if "conflict" in kinds:
            handles.append(Patch(facecolor="white", edgecolor=VERMILLION, hatch="///", linewidth=2,
                                 label=tr("charts.absorption.conflict", lang)))
        if "stated" in kinds:
            handles.append(Line2D([], [], color=TEXT, marker="|", linestyle="none", markersize=20,
                                  markeredgewidth=3.5, label=tr("charts.absorption.stated", lang)))
        legend_top(ax, handles)
        if derived_names:
            notes.insert(0, tr("charts.note.derived", lang, names=", ".join(derived_names)))
        if notes:
            figure_notes(fig, ref, lang, notes)
        fit_texts(fig, ax, texts)
    return fig


# ---------------------------------------------------------------------------
# composition and salaries


COMPOSITION_COLUMNS: tuple[str, ...] = ("year", "code", "level", "name", "budget")


def _one_year(data: pd.DataFrame, column: str, arg: str) -> int:
    years = sorted({int(y) for y in data[column].dropna()})
    if len(years) != 1:
        raise RenjaError(Message("errors_present.budget_charts.one_year", arg=arg, column=column, years=years))
    return years[0]


def composition_chart(plan_composition_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None,
                      document: str | None = None) -> Figure:
    """The plan year's budget per programme: bars in rupiah, labelled with the amount and the share.

    ``plan_composition_frame`` is :func:`renja_lib.analyse.budget.plan_composition`'s
    frame; its ``program`` rows are drawn, largest first. Shares are of the
    sum of the programme budgets (as the frame's ``share_of_total``). A
    programme without a budget is listed with "tanpa anggaran".

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> composition_chart(budget.plan_composition(renja_lib.load()), lang="en").get_suptitle()
    'Budget 2023 by programme: total Rp 5.17 bn'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    data = checked_frame(plan_composition_frame, "plan_composition_frame", COMPOSITION_COLUMNS,
                         "budget.plan_composition(doc)")
    rows = data[data["level"] == "program"].copy()
    if rows.empty:
        raise RenjaError(Message("errors_present.budget_charts.no_programmes",
                                 levels=sorted(set(data["level"].astype(str)))))
    year = _one_year(rows, "year", "plan_composition_frame")
    rows["budget"] = number_column(rows["budget"], "plan_composition_frame", "budget")
    total = float(rows["budget"].sum())
    rows["share"] = rows["budget"] / total * 100 if total > 0 else np.nan
    rows = rows.assign(_missing=rows["budget"].isna()).sort_values(["_missing", "budget"], ascending=[True, False],
                                                                   kind="stable")
    notes = [tr("charts.note.composition", lang)]
    with house_style():
        ref = source or table_source(table_of(rows, "Tabel 4.1"), rows.get("source_line", []), lang, document)
        title = tr("charts.title.composition", lang, year=year, total=total)
        fig, ax = noted_figure(title, lang, ref, notes)
        texts = []
        for y, (_, row) in enumerate(rows.iterrows()):
            if math.isnan(row["budget"]):
                texts.append(value_label(ax, tr("analysis.change.no_budget", lang), 0, y, colour=GREY))
                continue
            ax.barh(y, row["budget"], 0.62, color=BLUE, zorder=3)
            texts.append(value_label(ax, f"{fmt_rupiah(row['budget'], lang)} · {fmt_percent(row['share'], 2, lang)}",
                                     row["budget"], y, size=row_size(len(rows)) or VALUE_LABEL_SIZE))
        bar_rows(ax, row_names(rows["name"], rows["code"], len(rows)))
        top = float(rows["budget"].max()) if rows["budget"].notna().any() else 1.0
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(tr("charts.axis.budget", lang))
        fit_texts(fig, ax, texts, verify=False)
        bounded_ticks(ax, 0, top, nbins=5, texts=texts)
    return fig


SALARY_COLUMNS: tuple[str, ...] = ("year", "component", "budget", "share", "total")


def salary_chart(salary_share_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None,
                 document: str | None = None) -> Figure:
    """Salaries against everything else in the plan year: one bar split in two, with amounts and shares.

    ``salary_share_frame`` is :func:`renja_lib.analyse.budget.salary_share`'s frame
    (components ``salaries`` and ``other``).

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> salary_chart(budget.salary_share(renja_lib.load())).get_suptitle()
    'Gaji dan tunjangan ASN: 51,52% dari anggaran 2023 (Rp 5,17 M)'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    data = checked_frame(salary_share_frame, "salary_share_frame", SALARY_COLUMNS, "budget.salary_share(doc)")
    components = list(data["component"].astype(str))
    if sorted(components) != ["other", "salaries"]:
        raise RenjaError(Message("errors_present.budget_charts.salary_components", got=components))
    year = _one_year(data, "year", "salary_share_frame")
    for column in ("budget", "share", "total"):
        data[column] = number_column(data[column], "salary_share_frame", column)
    data = data.set_index("component").loc[["salaries", "other"]]
    total = float(data["total"].iloc[0])
    salaries = data.loc["salaries"]
    codes = text_or_none(salaries["codes"]) if "codes" in data.columns else None
    notes = [tr("charts.note.salary", lang, codes=codes)] if codes else []
    title = tr("charts.title.salary", lang, salaries=tr("analysis.salary.salaries", lang), share=salaries["share"],
               year=year, total=total)
    with house_style():
        ref = source or table_source(table_of(data, "Tabel 4.1"), [], lang, document)
        fig, ax = noted_figure(title, lang, ref, notes)
        left = 0.0
        for component, colour, ink, align in (("salaries", BLUE, "white", "left"), ("other", "#C8C8C8", TEXT, "right")):
            share = float(data.loc[component, "share"])
            ax.barh(0, share, 0.8, left=left, color=colour, zorder=3)
            x = 0.0 if align == "left" else FULL
            ax.text(x, -0.48, tr(f"analysis.salary.{component}", lang), ha=align, va="bottom", fontsize=22,
                    fontweight="bold", color=TEXT, parse_math=False)
            ax.text(x, 0.48, fmt_rupiah(data.loc[component, "budget"], lang), ha=align, va="top", fontsize=22,
                    color=TEXT, parse_math=False)
            inside = share >= 15
            ax.text(left + share / 2 if inside else x, 0 if inside else 0.75, fmt_percent(share, 2, lang),
                    ha="center" if inside else align, va="center" if inside else "top", fontsize=34 if inside else 22,
                    fontweight="bold", color=ink if inside else TEXT, parse_math=False, zorder=4)
            left += share
        ax.set_xlim(0, FULL)
        ax.set_ylim(1.3, -1.3)
        ax.set_xticks([])
        ax.set_yticks([])
        ax.set_axis_off()
    return fig


# ---------------------------------------------------------------------------
# plan changes


CHANGES_COLUMNS: tuple[str, ...] = ("code", "name", "plan_year", "forward_year", "budget_plan", "budget_forward",
                                    "change", "status")


def _pick_level(data: pd.DataFrame, level: Any, arg: str) -> pd.DataFrame:
    """The rows of one level (``level``, or the only one, or ``kegiatan``), marked in a column ``_level``."""
    if "level" not in data.columns:
        if level is not None:
            raise RenjaError(Message("errors_present.budget_charts.level_column", arg=arg))
        return data
    found = set(data["level"].dropna().astype(str))
    present = [lv for lv in _LEVEL_ORDER if lv in found] + sorted(found - set(_LEVEL_ORDER))  # coarsest first
    if not present:
        raise RenjaError(Message("errors_present.budget_charts.level_empty", arg=arg, levels=list(_LEVEL_ORDER)))
    if level is None:
        level = present[0] if len(present) == 1 else ("kegiatan" if "kegiatan" in present else present[0])
    elif level not in present:
        raise RenjaError(Message("errors_present.budget_charts.level", arg=arg, present=present, got=level))
    return data[data["level"] == level].assign(_level=level)


def _level_word(data: pd.DataFrame, lang: str, plural: bool = False) -> str:
    """The level of the rows in words (``kegiatan`` / ``activity``, plural ``activities``); a level the catalogue has
    no words for keeps its code, and rows without a level are "rows"."""
    level = str(data["_level"].iloc[0]) if "_level" in data.columns else None
    if level is None:
        return tr("charts.rows", lang)
    if plural:
        return tr(f"charts.levels.{level}", lang) if has(f"charts.levels.{level}") else level
    word = _level_message(data)
    return word.render(lang) if isinstance(word, Message) else word


def _level_message(data: pd.DataFrame) -> Message | str:
    """The level of the rows in words, not yet written in a language (for an error message); see :func:`_level_word`."""
    level = str(data["_level"].iloc[0]) if "_level" in data.columns else None
    if level is None:
        return Message("charts.rows")
    return Message(f"charts.level.{level}") if has(f"charts.level.{level}") else level


def changes_chart(
    plan_changes_frame: pd.DataFrame,
    top: int = 10,
    lang: str = "id",
    *,
    level: str | None = None,
    source: str | None = None,
    document: str | None = None,
) -> Figure:
    """The ``top`` largest budget changes from the plan year to the forward year, as diverging bars in rupiah.

    ``plan_changes_frame`` is :func:`renja_lib.analyse.budget.plan_changes`'s frame.
    ``level`` picks one level of codes so that nothing is counted twice; by
    default the only level in the frame, else ``kegiatan``. Rows are ranked by
    the size of the change (a missing side counts as 0) and drawn from the
    largest increase down to the largest cut; a new code (no plan-year budget)
    or a dropped one (no forward-year budget) is hatched and labelled so.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> changes_chart(budget.plan_changes(renja_lib.load()), top=5, lang="en").get_suptitle()
    'The 5 largest budget changes by activity, 2023 to 2024'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    if isinstance(top, bool) or not isinstance(top, (int, np.integer)) or top < 1:
        raise RenjaError(Message("errors_present.budget_charts.top", got=top))
    data = checked_frame(plan_changes_frame, "plan_changes_frame", CHANGES_COLUMNS, "budget.plan_changes(doc)")
    data = _pick_level(data, level, "plan_changes_frame")
    plan_year = _one_year(data, "plan_year", "plan_changes_frame")
    forward_year = _one_year(data, "forward_year", "plan_changes_frame")
    for column in ("budget_plan", "budget_forward", "change"):
        data[column] = number_column(data[column], "plan_changes_frame", column)
    changed = data[data["change"].notna() & (data["change"] != 0)]
    if changed.empty:
        raise RenjaError(Message("errors_present.budget_charts.no_changes", plan=plan_year, forward=forward_year,
                                 level=_level_message(data)))
    shown = changed.assign(_size=changed["change"].abs()).sort_values("_size", ascending=False, kind="stable")
    shown = shown.head(int(top)).sort_values("change", ascending=False, kind="stable")
    count = len(shown)
    words = {"level": _level_word(data, lang), "plan": plan_year, "forward": forward_year}
    title = (tr("charts.title.changes", lang, n=count, **words) if count > 1
             else tr("charts.title.changes_one", lang, **words))
    before, after = float(data["budget_plan"].sum()), float(data["budget_forward"].sum())
    notes = [tr("charts.note.changes", lang, shown=count, changed=len(changed),
                level=_level_word(data, lang, plural=True), plan=plan_year, forward=forward_year, before=before,
                after=after, change=plus_rupiah(after - before, lang))]
    statuses = list(shown["status"].astype(str))
    with house_style():
        ref = source or table_source(table_of(shown, "Tabel 4.1"), shown.get("source_line", []), lang, document)
        fig, ax = noted_figure(title, lang, ref, notes)
        texts = []
        for y, (_, row) in enumerate(shown.iterrows()):
            change, status = float(row["change"]), str(row["status"])
            colour = INCREASE if change > 0 else DECREASE
            special = status in ("new", "dropped")
            ax.barh(y, change, 0.62, facecolor="white" if special else colour, edgecolor=colour,
                    hatch="///" if special else None, linewidth=2 if special else 0, zorder=3)
            text = plus_rupiah(change, lang)
            if special:
                text += f" · {tr(f'analysis.change.{status}', lang)}"
            elif not pd.isna(row.get("change_pct", np.nan)):
                text += f" ({plus_percent(float(row['change_pct']), lang)})"
            texts.append(value_label(ax, text, change, y, left=change < 0,
                                     size=row_size(len(shown)) or VALUE_LABEL_SIZE))
        ax.axvline(0, color=GREY, linewidth=1.2, zorder=4)
        bar_rows(ax, row_names(shown["name"], shown["code"], len(shown)))
        ax.spines["left"].set_visible(False)
        low, high = float(min(shown["change"].min(), 0)), float(max(shown["change"].max(), 0))
        ax.set_xlim(low, high)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(tr("charts.axis.change", lang, plan=plan_year, forward=forward_year))
        handles = []
        if any(s not in ("new", "dropped") for s, c in zip(statuses, shown["change"]) if c > 0):
            handles.append(Patch(color=INCREASE, label=tr("charts.changes.increase", lang)))
        if any(s not in ("new", "dropped") for s, c in zip(statuses, shown["change"]) if c < 0):
            handles.append(Patch(color=DECREASE, label=tr("charts.changes.decrease", lang)))
        if "new" in statuses:
            handles.append(Patch(facecolor="white", edgecolor=INCREASE, hatch="///", linewidth=2,
                                 label=tr("charts.changes.new", lang, plan=plan_year)))
        if "dropped" in statuses:
            handles.append(Patch(facecolor="white", edgecolor=DECREASE, hatch="///", linewidth=2,
                                 label=tr("charts.changes.dropped", lang, forward=forward_year)))
        legend_top(ax, handles)
        fit_texts(fig, ax, texts, verify=False)
        bounded_ticks(ax, low, high, nbins=4, texts=texts)
    return fig


# ---------------------------------------------------------------------------
# draft to needs


DRAFT_COLUMNS: tuple[str, ...] = ("code", "name", "budget_draft", "budget_needs")


def draft_needs_chart(draft_to_needs_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None,
                      document: str | None = None) -> Figure:
    """Per programme, the budget of the RKPD first draft next to the one of the needs analysis (Tabel 2.3).

    ``draft_to_needs_frame`` is :func:`renja_lib.analyse.budget.draft_to_needs`'s frame;
    its ``program`` rows (not the continuation lines) are drawn, in the table's
    order, with the change beside each pair.

    >>> import renja_lib
    >>> from renja_lib.analyse import budget
    >>> draft_needs_chart(budget.draft_to_needs(renja_lib.load())).get_suptitle()
    'Rancangan awal RKPD ke analisis kebutuhan: +Rp 175,0 jt'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    data = checked_frame(draft_to_needs_frame, "draft_to_needs_frame", DRAFT_COLUMNS, "budget.draft_to_needs(doc)")
    if "continuation" in data.columns:
        data = data[~data["continuation"].map(is_true)]
    if "level" in data.columns:
        data = data[data["level"] == "program"]
    if data.empty:
        raise RenjaError(Message("errors_present.budget_charts.no_draft_programmes"))
    for column in ("budget_draft", "budget_needs"):
        data[column] = number_column(data[column], "draft_to_needs_frame", column)
    change = float(data["budget_needs"].sum() - data["budget_draft"].sum())
    table = table_of(data, "Tabel 2.3")
    notes = [tr("charts.note.draft_needs", lang, table=table)]
    with house_style():
        ref = source or table_source(table, data.get("source_line", []), lang, document)
        title = tr("charts.title.draft_needs", lang, change=plus_rupiah(change, lang))
        fig, ax = noted_figure(title, lang, ref, notes)
        texts = []
        width = 0.36
        for y, (_, row) in enumerate(data.iterrows()):
            draft, needs = float(row["budget_draft"]), float(row["budget_needs"])
            if math.isnan(draft) and math.isnan(needs):
                texts.append(value_label(ax, tr("analysis.change.no_budget", lang), 0, y, colour=GREY))
                continue
            for offset, value, colour in ((-width / 2, draft, LIGHT_GREY), (width / 2, needs, BLUE)):
                if not math.isnan(value):
                    ax.barh(y + offset, value, width, color=colour, zorder=3)
                    texts.append(value_label(ax, fmt_rupiah(value, lang), value, y + offset, size=13))
            if not (math.isnan(draft) or math.isnan(needs)):
                difference = needs - draft
                text = plus_rupiah(difference, lang) if difference else tr("analysis.change.unchanged", lang)
                # the change goes right of both bars' labels: placed after fitting, see below
                texts.append(value_label(ax, text, max(draft, needs), y, bold=bool(difference),
                                         colour=TEXT if difference else GREY))
                texts[-1].set_gid("change")
        bar_rows(ax, row_names(data["name"], data["code"], len(data)))
        top = float(np.nanmax(data[["budget_draft", "budget_needs"]].to_numpy(float)))
        ax.set_xlim(0, top * 1.02)
        ax.xaxis.set_major_formatter(rupiah_formatter(lang))
        ax.set_xlabel(tr("charts.axis.budget", lang))
        legend_top(ax, [Patch(color=LIGHT_GREY, label=tr("charts.draft_needs.draft", lang)),
                        Patch(color=BLUE, label=tr("charts.draft_needs.needs", lang))])
        _place_changes(fig, ax, texts)
        fit_texts(fig, ax, texts, verify=False)
        bounded_ticks(ax, 0, top, nbins=5, texts=texts)
    return fig


def _place_changes(fig: Figure, ax: Axes, texts: Sequence[Text]) -> None:
    """Move each pair's change label right of that pair's value labels (all in points from the bar end)."""
    fig.draw_without_rendering()
    values = [t for t in texts if t.get_gid() != "change"]
    for text in texts:
        if text.get_gid() != "change":
            continue
        y = text.xy[1]
        mine = [v for v in values if abs(v.xy[1] - y) < 0.5]
        if not mine:
            continue
        right = max(v.get_window_extent().x1 for v in mine)
        start = ax.transData.transform((text.xy[0], y))[0]
        text.set_position(((right - start) * 72 / fig.dpi + 18, 0))


# ---------------------------------------------------------------------------
# S-curve


S_CURVE_COLUMNS: tuple[str, ...] = ("period", "absorption_cumulative")


def _period_tick(period: str, lang: str) -> str:
    """The tick of a period of a spending file: quarters ``Q1``..``Q4`` (``TW I`` / ``Q1``), halves ``S1``, ``S2``
    and months ``M01``..``M12`` in words; any other period keeps its label."""
    match = re.fullmatch(r"([QSM])(\d{1,2})", period)
    if not match:
        return period
    key = f"charts.tick.{match.group(1)}{int(match.group(2))}"
    return tr(key, lang) if has(key) else period


def s_curve_chart(s_curve_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None) -> Figure:
    """Cumulative absorption per period (the S-curve), against the planned schedule when the frame has one.

    ``s_curve_frame`` is :func:`renja_lib.analyse.budget.s_curve`'s frame: ``period``
    (``Q1``.., ``S1``.., ``M01``.. or the file's own labels), ``period_order``,
    ``absorption_cumulative`` and, optionally, ``planned`` and ``budget``. The
    values are labelled; the gap to the plan in the latest period with both is
    stated in percentage points. The footnote names ``source`` (default: the
    user's spending data).

    >>> frame = pd.DataFrame({"period": ["Q1", "Q2"], "period_order": [1, 2],
    ...     "absorption_cumulative": [10.0, 40.0], "planned": [20.0, 45.0]})
    >>> s_curve_chart(frame, lang="en").get_suptitle()
    'Cumulative budget absorption by Q2: 40.00% (plan 45.00%)'
    """
    lang = check_lang(lang)
    source = check_source(source)
    data = checked_frame(s_curve_frame, "s_curve_frame", S_CURVE_COLUMNS, "budget.s_curve(spending)")
    if "period_order" in data.columns:
        data = data.assign(_order=number_column(data["period_order"], "s_curve_frame", "period_order")).sort_values(
            "_order", kind="stable")
    data = data.reset_index(drop=True)
    if data["period"].duplicated().any():
        raise RenjaError(Message("errors_present.budget_charts.s_curve_periods",
                                 period=data.loc[data["period"].duplicated(), "period"].iloc[0]))
    actual = number_column(data["absorption_cumulative"], "s_curve_frame", "absorption_cumulative")
    planned = (number_column(data["planned"], "s_curve_frame", "planned") if "planned" in data.columns
               else pd.Series(np.nan, index=data.index))
    if actual.isna().all():
        raise RenjaError(Message("errors_present.budget_charts.s_curve_empty"))
    ticks = [_period_tick(str(p), lang) for p in data["period"]]
    last = int(actual.last_valid_index())
    both = [i for i in data.index if not (math.isnan(actual[i]) or math.isnan(planned[i]))]
    gap_text = None
    if both:
        at = both[-1]
        gap = actual[at] - planned[at]
        points = fmt_points(gap, 2, lang)
        gap_text = (tr("charts.gap.plan_on", lang) if points == fmt_points(0, 2, lang)
                    else tr("charts.gap.plan_above" if gap > 0 else "charts.gap.plan_below", lang, points=points))
    title = (tr("charts.title.s_curve_plan", lang, value=actual[last], period=ticks[last], planned=planned[last])
             if both and both[-1] == last
             else tr("charts.title.s_curve", lang, value=actual[last], period=ticks[last]))
    notes = []
    if "budget" in data.columns:
        budgets = number_column(data["budget"], "s_curve_frame", "budget").dropna().unique()
        if len(budgets) == 1:
            notes.append(tr("charts.note.s_curve", lang, budget=budgets[0]))
    # points that stand on flagged values of the file (budget.read_spending) are never drawn unmarked
    flagged = (number_column(data["n_flagged"], "s_curve_frame", "n_flagged").fillna(0) > 0
               if "n_flagged" in data.columns else pd.Series(False, index=data.index))
    if flagged.any():
        notes.append(tr("charts.note.flagged", lang, periods=", ".join(t for t, f in zip(ticks, flagged) if f)))
    positions = np.arange(len(data), dtype=float)
    with house_style():
        fig, ax = noted_figure(title, lang, source or tr("charts.source.user", lang), notes)
        ax.plot(positions, actual, color=BLUE, marker="o", zorder=5, label=tr("charts.s_curve.actual", lang))
        if planned.notna().any():
            ax.plot(positions, planned, color=VERMILLION, linestyle=(0, (4, 2.5)), linewidth=2.5, marker="D",
                    markersize=7, zorder=4, label=tr("charts.s_curve.planned", lang))
        fitted: list[Text] = []
        # a cumulative curve never falls: right-below of a point and left-above of it are clear of its line
        for x, (a, p) in enumerate(zip(actual, planned)):
            if not math.isnan(a):
                below = math.isnan(p) or p >= a
                ax.annotate(fmt_percent(a, 2, lang) + (" ⚠" if flagged[x] else ""), xy=(x, a),
                            xytext=(9, -9) if below else (-9, 9),
                            textcoords="offset points", ha="left" if below else "right",
                            va="top" if below else "bottom", fontsize=VALUE_LABEL_SIZE,
                            color=VERMILLION if flagged[x] else BLUE,
                            fontweight="bold", zorder=6, bbox=dict(WHITE_BOX))
            if not math.isnan(p):
                above = math.isnan(a) or p >= a
                ax.annotate(fmt_percent(p, 2, lang), xy=(x, p), xytext=(-9, 9) if above else (9, -9),
                            textcoords="offset points", ha="right" if above else "left",
                            va="bottom" if above else "top", fontsize=VALUE_LABEL_SIZE, color=VERMILLION, zorder=6,
                            bbox=dict(WHITE_BOX))
        top = max(FULL, float(np.nanmax([actual.max(), planned.max() if planned.notna().any() else 0])))
        if both and gap_text:
            at = both[-1]
            if abs(actual[at] - planned[at]) / top > 0.08:  # a bracket only where it has room to be seen
                ax.annotate("", xy=(at, actual[at]), xytext=(at, planned[at]),
                            arrowprops={"arrowstyle": "|-|,widthA=0.3,widthB=0.3", "color": GREY, "linewidth": 1.8,
                                        "shrinkA": 8, "shrinkB": 8}, zorder=3)
            fitted.append(ax.annotate(
                gap_text, xy=(at, (actual[at] + planned[at]) / 2), xytext=(16, 0), textcoords="offset points",
                ha="left", va="center", fontsize=ANNOTATION_SIZE, fontweight="bold", color=TEXT,
                bbox={"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}))
            fitted[-1].set_in_layout(False)  # kept inside the Axes by fit_texts
        ax.set_xticks(positions, ticks)
        ax.set_xlim(-0.5, len(data) - 0.5)
        ax.set_ylim(-top * 0.12, top * 1.08)  # room below 0 for a label under a low first value
        ax.spines["bottom"].set_visible(False)
        ax.spines["left"].set_bounds(0, top * 1.08)
        ax.axhline(0, color=GREY, linewidth=1, zorder=2)
        ax.yaxis.set_major_locator(FixedLocator(np.arange(0, top + 1, 20)))
        ax.yaxis.set_major_formatter(percent_formatter(lang, decimals=0))
        ax.set_xlabel(tr("charts.axis.period", lang))
        ax.set_ylabel(tr("charts.axis.cumulative", lang))
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles, labels, loc="upper left", borderaxespad=0.3)
        fit_texts(fig, ax, fitted)
    return fig
