"""The parts the budget, performance and audit charts are built from.

Those charts (:mod:`~renja_lib.present.budget_charts`,
:mod:`~renja_lib.present.performance_charts`,
:mod:`~renja_lib.present.audit_charts`) take a frame an analysis returns and
draw mostly horizontal bars, one row per programme or rule. What they share
lives here:

- input checks: :func:`checked_frame`, :func:`number_column`, :func:`check_source`, :func:`check_document`;
- names and labels: :func:`chart_name`, :func:`plus_rupiah`, :func:`table_source`, :func:`document_words`;
- the figure with its footnote of notes: :func:`noted_figure`, :func:`figure_notes`;
- bar rows and their labels: :func:`row_names`, :func:`bar_rows`, :func:`value_label`,
  :func:`fit_texts`, :func:`legend_top`, :func:`bounded_ticks`.

The house style, colours and the figure frame are :mod:`~renja_lib.present.chart_style`'s;
the texts are the catalogue's (``charts.*`` in ``renja_lib/text/catalogue/charts.yaml``, written with
:func:`renja_lib.text.tr`).
"""
from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Iterable, Sequence
from types import MappingProxyType
from typing import Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib import transforms
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text
from matplotlib.ticker import FixedLocator

from ..errors import RenjaError
from ..text.catalogue import Message, tr
from ..text.formats import fmt_percent, fmt_rupiah, percent_formatter
from .chart_style import FOOTNOTE_SIZE, FOOTNOTE_WIDTH, GREY, TEXT, VALUE_LABEL_SIZE, frame_figure, source_lines
from .names import short_name, wrap_name

__all__ = [
    "FULL",
    "WHITE_BOX",
    "checked_frame",
    "number_column",
    "row_has",
    "is_true",
    "text_or_none",
    "check_source",
    "check_document",
    "document_words",
    "chart_name",
    "plus_rupiah",
    "plus_percent",
    "line_range",
    "table_source",
    "table_of",
    "noted_figure",
    "figure_notes",
    "row_size",
    "row_names",
    "bar_rows",
    "value_label",
    "texts_fit",
    "fit_texts",
    "legend_top",
    "bounded_ticks",
    "percent_ticks_to",
]

# ---------------------------------------------------------------------------
# sizes

#: Names on a bar chart's axis are wrapped at this many characters, at most this many lines.
NAME_WIDTH = 30
NAME_LINES = 2
#: Point labels of the efficiency chart are narrower.
POINT_NAME_WIDTH = 24
#: Bar charts with more rows than this get smaller names (two lines of :data:`MEDIUM_WIDTH`) ...
MANY_ROWS = 6
MEDIUM_WIDTH = 34
MEDIUM_SIZE = 14
#: ... and past this many rows, one line of :data:`LONG_WIDTH` characters at :data:`SMALL_SIZE` points.
VERY_MANY_ROWS = 10
LONG_WIDTH = 44
SMALL_SIZE = 13
#: Average width of a character of DejaVu Sans, in ems (it is a wide font), to fit legends.
_CHAR_WIDTH = 0.62
#: 100 %: ticks of a percentage axis of absorption stop here (absorption cannot pass it); the achievement target.
FULL = 100.0
#: Behind a value label that may cross a line: the label stays readable.
WHITE_BOX = MappingProxyType({"boxstyle": "square,pad=0.1", "facecolor": "white", "edgecolor": "none"})


# ---------------------------------------------------------------------------
# input checks


def checked_frame(frame: Any, arg: str, required: Sequence[str], made_by: str) -> pd.DataFrame:
    """A copy of ``frame`` after checking that it is a non-empty DataFrame with ``required`` columns."""
    if not isinstance(frame, pd.DataFrame):
        raise RenjaError(Message("errors_present.chart_parts.frame_type", arg=arg, made_by=made_by,
                                 type=type(frame).__name__))
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise RenjaError(Message("errors_present.chart_parts.frame_columns", arg=arg, missing=missing,
                                 required=list(required), made_by=made_by, found=list(frame.columns)))
    if frame.empty:
        raise RenjaError(Message("errors_present.chart_parts.frame_empty", arg=arg, made_by=made_by))
    return frame.copy().reset_index(drop=True)  # a copy: the caller's frame is never changed


def number_column(series: pd.Series, arg: str, column: str) -> pd.Series:
    """``series`` as float (NaN for missing), refusing text that is not a number."""
    values = pd.to_numeric(series.astype(object).where(series.notna(), np.nan), errors="coerce").astype(float)
    bad = values.isna() & series.notna()
    if bad.any():
        index = bad[bad].index[0]
        raise RenjaError(Message("errors_present.chart_parts.not_numbers", arg=arg, column=column,
                                 row=row_has(index, series[index])))
    if np.isinf(values).any():
        raise RenjaError(Message("errors_present.chart_parts.not_finite", arg=arg, column=column))
    return values


def row_has(index: Any, value: Any) -> Message:
    """``row 3 has 'x'``: the first bad cell of a column, for an error message (in the language it is shown in).

    >>> row_has(3, "x").render("en"), row_has(3, "x").render("id")
    ("row 3 has 'x'", "baris 3 berisi 'x'")
    """
    return Message("errors_present.chart_parts.row_has", index=index, value=value)


def is_true(value: Any) -> bool:
    """True only for a real True (pd.NA, NaN, None and False are all False)."""
    return bool(value) if isinstance(value, (bool, np.bool_)) else False


def text_or_none(value: Any) -> str | None:
    """``value`` stripped when it is non-empty text; None for anything else (None, NaN, a number, blanks).

    >>> text_or_none("  Tabel 4.1 "), text_or_none(float("nan")), text_or_none("  ")
    ('Tabel 4.1', None, None)
    """
    return value.strip() if isinstance(value, str) and value.strip() else None


def check_source(source: Any) -> str | None:
    """The ``source=`` argument of a chart: non-empty text (stripped) or None, else a RenjaError."""
    if source is None:
        return None
    if not isinstance(source, str) or not source.strip():
        raise RenjaError(Message("errors_present.chart_parts.source", got=source))
    return source.strip()


def check_document(document: Any) -> str | None:
    """The ``document=`` argument of a chart: the words that name the document in its footnote (non-empty text,
    stripped; :func:`renja_lib.present.sentences.document_name` writes them from ``doc.identity``), or None."""
    if document is None:
        return None
    if not isinstance(document, str) or not document.strip():
        raise RenjaError(Message("errors_present.chart_parts.document", got=document))
    return document.strip()


# ---------------------------------------------------------------------------
# names and labels


def document_words(document: str | None, lang: str) -> str:
    """The document a footnote names: ``document`` (``Renja 2023 · Dinas Kesehatan Kabupaten Jember``), or,
    when the caller gave none, the plain word ``Renja``, never another document's name.

    >>> document_words(None, "id"), document_words("Renja 2024 · Dinas Kesehatan Kabupaten Jember", "en")
    ('Renja', 'Renja 2024 · Dinas Kesehatan Kabupaten Jember')
    """
    return document or tr("charts.source.renja", lang)


def chart_name(name: Any, code: Any = None, width: int = NAME_WIDTH, lines: int = NAME_LINES) -> str:
    """A programme or activity name for a chart: :func:`~renja_lib.present.names.short_name`, wrapped.

    Past ``lines`` lines the name is cut with an ellipsis; a missing name gives
    the code, and no code gives ``?``.

    >>> chart_name("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
    'Penunjang Urusan Pemerintahan\\nDaerah Kabupaten/Kota'
    >>> chart_name("Program Penempatan Tenaga Kerja")
    'Penempatan Tenaga Kerja'
    """
    return wrap_name(short_name(name, code) or "?", width, lines)


def plus_rupiah(value: float, lang: str) -> str:
    """``+Rp 25,0 jt``; a negative amount keeps fmt_rupiah's minus sign; zero has no sign.

    >>> plus_rupiah(25_000_000, "id"), plus_rupiah(-471_300_000, "en")
    ('+Rp 25,0 jt', '-Rp 471.3 m')
    """
    text = fmt_rupiah(value, lang)
    return "+" + text if value > 0 and text != fmt_rupiah(0, lang) else text


def plus_percent(value: float, lang: str) -> str:
    """``+50,29%``; a negative share keeps fmt_percent's minus sign; zero has no sign.

    >>> plus_percent(50.291, "id"), plus_percent(-17.32, "en"), plus_percent(0.001, "id")
    ('+50,29%', '-17.32%', '0,00%')
    """
    text = fmt_percent(value, 2, lang)
    return "+" + text if value > 0 and text != fmt_percent(0, 2, lang) else text


def line_range(values: Iterable[Any]) -> str | None:
    """``284–368`` from line numbers (ints, or text such as ``"284, 326"``); None when there are none."""
    lines: list[int] = []
    for value in values:
        if isinstance(value, str):
            lines.extend(int(part) for part in re.findall(r"\d+", value))
        elif value is not None and not pd.isna(value):
            lines.append(int(value))
    if not lines:
        return None
    low, high = min(lines), max(lines)
    return f"{low}" if low == high else f"{low}\u2013{high}"


def table_of(rows: Any, usual: str) -> str:
    """The table the rows were read from as the document labels it (their ``source_table``: a Renja may number
    its plan table otherwise than ``Tabel 4.1``), else ``usual``, the label a Renja usually gives it.

    >>> table_of(pd.DataFrame({"source_table": [None, "Tabel 3.1"]}), "Tabel 4.1"), table_of([], "Tabel 4.1")
    ('Tabel 3.1', 'Tabel 4.1')
    """
    stated = rows["source_table"].dropna() if isinstance(rows, pd.DataFrame) and "source_table" in rows else ()
    return str(stated.iloc[0]) if len(stated) else usual


def table_source(table: str, lines: Iterable[Any], lang: str, document: str | None = None) -> str:
    """The source footnote's text for a table of the Renja (``document``, see :func:`document_words`), with the
    range of its lines when there are any.

    >>> table_source("Tabel 4.1", [612, 640, "655, 700"], "en")
    'Renja, Tabel 4.1, lines 612–700'
    >>> table_source("Tabel 2.3", [], "id", "Renja 2023 · Dinas Kesehatan Kota Batu")
    'Renja 2023 · Dinas Kesehatan Kota Batu, Tabel 2.3'
    """
    found = line_range(lines)
    text = tr("charts.source.table", lang, table=table, document=document_words(document, lang))
    return f"{text}, {tr('charts.source.lines', lang, lines=found)}" if found else text


def noted_figure(title: str, lang: str, source: str, notes: Sequence[str] = ()) -> tuple[Figure, Axes]:
    """A figure of :func:`~renja_lib.present.chart_style.frame_figure` whose footnote holds the source and each
    note on its own lines (:func:`figure_notes`)."""
    fig, ax = frame_figure(title, lang, [source])
    figure_notes(fig, source, lang, notes)
    return fig, ax


#: An amount of rupiah as fmt_rupiah writes it; a footnote never breaks a line inside one.
_AMOUNT = re.compile(r"(Rp) (\d[\d.,]*)(?: (rb|jt|M|T|k|m|bn|tn)\b)?")


def figure_notes(fig: Figure, source: str, lang: str, notes: Sequence[str]) -> None:
    """The footnote: the source, then each note on its own lines, wrapped at FOOTNOTE_WIDTH.

    An amount of rupiah in a note is never broken across two lines.
    """
    lines = source_lines([source], lang)
    for note in notes:
        kept = _AMOUNT.sub(lambda m: "\u00a0".join(part for part in m.groups() if part), note)
        lines += textwrap.wrap(kept, FOOTNOTE_WIDTH)
    fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=FOOTNOTE_SIZE, color=GREY, parse_math=False)


def row_size(count: int) -> float | None:
    """Font size of the names (and value labels) of a bar chart with ``count`` rows; None: the style's."""
    return None if count <= MANY_ROWS else MEDIUM_SIZE if count <= VERY_MANY_ROWS else SMALL_SIZE


def row_names(names: Iterable[Any], codes: Iterable[Any], count: int) -> list[str]:
    """Short names (:func:`chart_name`) sized for a bar chart of ``count`` rows: narrower and fewer lines for
    more rows."""
    if count <= MANY_ROWS:
        width, lines = NAME_WIDTH, NAME_LINES
    elif count <= VERY_MANY_ROWS:
        width, lines = MEDIUM_WIDTH, NAME_LINES
    else:
        width, lines = LONG_WIDTH, 1
    return [chart_name(name, code, width, lines) for name, code in zip(names, codes)]


def bar_rows(ax: Axes, names: Sequence[str], *, bold: Iterable[int] = ()) -> None:
    """Rows 0..n-1 from top to bottom with ``names`` as tick labels; vertical grid, no horizontal one."""
    count = len(names)
    ax.set_yticks(np.arange(count, dtype=float), list(names))
    ax.set_ylim(count - 0.45, -0.55)
    size = row_size(count)
    ax.tick_params(axis="y", length=0, **({"labelsize": size} if size else {}))
    ax.grid(False, axis="y")
    ax.grid(True, axis="x")
    for index in bold:
        ax.get_yticklabels()[index].set_fontweight("bold")


def value_label(ax: Axes, text: str, x: float, y: float, *, left: bool = False, colour: str = TEXT,
                bold: bool = False, size: float = VALUE_LABEL_SIZE, box: bool = False) -> Text:
    """A label beside the end of a bar; ``box`` puts it on white, above lines it crosses.

    The label is left out of the layout: :func:`fit_texts` widens the x limits to keep it inside the Axes,
    which the layout could not do (it would shrink the Axes instead).
    """
    label = ax.annotate(text, xy=(x, y), xytext=(-7 if left else 7, 0), textcoords="offset points",
                        ha="right" if left else "left", va="center", fontsize=size, color=colour,
                        fontweight="bold" if bold else "normal", parse_math=False, annotation_clip=False, zorder=6,
                        bbox=dict(WHITE_BOX) if box else None)
    label.set_in_layout(False)
    return label


def texts_fit(ax: Axes, texts: Sequence[Text], margin: float) -> bool:
    """Whether every text lies inside the Axes, ``margin`` pixels from its sides (as last drawn)."""
    box = ax.get_window_extent()
    return all(box.x0 + margin - 0.5 <= text.get_window_extent().x0 and
               text.get_window_extent().x1 <= box.x1 - margin + 0.5 for text in texts)


def fit_texts(fig: Figure, ax: Axes, texts: Sequence[Text], *, rounds: int = 3, margin: float = 6,
              verify: bool = True) -> None:
    """Widen the x limits until every text lies inside the Axes (texts hold their offset in points).

    Each text is measured once per draw; the limits that keep it inside are then solved for with the
    Axes' width fixed, and a further draw checks them (a wider tick label can narrow the Axes a little).
    With ``verify=False`` that check is left to the caller's next draw (:func:`bounded_ticks` does it).
    """
    if not texts:
        return
    for _ in range(rounds):
        fig.draw_without_rendering()
        if texts_fit(ax, texts, margin):
            return
        box = ax.get_window_extent()
        low, high = ax.get_xlim()
        # how far each text reaches right and left of its anchor, in pixels
        reach = []
        for text in texts:
            extent = text.get_window_extent()
            anchor = ax.transData.transform((text.xy[0], text.xy[1]))[0]
            reach.append((float(text.xy[0]), extent.x1 - anchor, anchor - extent.x0))
        width = box.width - 2 * margin
        new_low, new_high = low, high
        for _ in range(50):  # a fixed point: the limits depend on the scale, which depends on the limits
            scale = (new_high - new_low) / width
            wanted_high = max([new_high, *(x + right * scale for x, right, _ in reach)])
            wanted_low = min([new_low, *(x - left * scale for x, _, left in reach)])
            if abs(wanted_high - new_high) + abs(wanted_low - new_low) <= 1e-9 * (abs(new_high) + abs(new_low) + 1):
                break
            new_low, new_high = wanted_low, wanted_high
        # keep the margin at the edges: shift by it, in data units
        scale = (new_high - new_low) / width
        ax.set_xlim(new_low - (margin * scale if new_low < low else 0),
                    new_high + (margin * scale if new_high > high else 0))
        if not verify:
            return


def legend_top(ax: Axes, handles: Sequence[Any]) -> None:
    """A legend just above the Axes, left-aligned with the title, in as many columns as fit in the figure."""
    if not handles:
        return
    fig = ax.get_figure()
    room = fig.get_figwidth() * 72 * 0.95  # points
    size = float(mpl.rcParams["legend.fontsize"])
    widths = [(len(str(h.get_label())) * _CHAR_WIDTH + 1.6 + 0.8 + 1.4) * size for h in handles]
    ncols = len(widths)
    while ncols > 1 and max(sum(widths[i:i + ncols]) for i in range(0, len(widths), ncols)) > room:
        ncols -= 1
    anchor = transforms.blended_transform_factory(fig.transFigure, ax.transAxes)
    ax.legend(handles=list(handles), loc="lower left", bbox_to_anchor=(0.01, 1.02), bbox_transform=anchor,
              borderaxespad=0, borderpad=0, ncols=ncols, handlelength=1.6, columnspacing=1.4)


def bounded_ticks(ax: Axes, low: float, high: float, nbins: int = 6, integer: bool = False,
                  texts: Sequence[Text] = ()) -> None:
    """x ticks of a nice step (1, 2, 2,5 or 5 x 10^k) within ``low``..``high``, at most ``nbins`` + 1 of them,
    fewer if their labels would touch; the bottom spine spans ``low``..``high`` (the data), not the label room.

    Used after the limits were widened for ``texts`` (:func:`fit_texts`), so that the scale does not run on
    under them; the draw that checks the tick labels also checks that the texts still fit, and widens again if not.
    """
    fig = ax.get_figure()
    bins, refits = nbins, 0
    while True:
        left, right = ax.get_xlim()
        span = max(high - low, 1e-9)
        magnitude = 10 ** math.floor(math.log10(span / bins))
        steps = [1, 2, 5, 10] if integer else [1, 2, 2.5, 5, 10]
        step = next(m * magnitude for m in steps if m * magnitude * bins >= span - 1e-9)
        if integer:
            step = max(1.0, float(round(step)))
        first, last = math.ceil(low / step - 1e-9) * step, math.floor(high / step + 1e-9) * step
        if last - first < step / 2:  # fewer than two ticks inside: take the ones around the data
            first, last = math.floor(low / step + 1e-9) * step, math.ceil(high / step - 1e-9) * step
        kept = list(np.arange(first, last + step / 2, step))
        ax.xaxis.set_major_locator(FixedLocator(kept))
        ax.spines["bottom"].set_bounds(min(low, kept[0]), max(high, kept[-1]))
        ax.set_xlim(min(left, kept[0]), max(right, kept[-1]))
        fig.draw_without_rendering()
        if texts and refits < 2 and not texts_fit(ax, texts, 6):
            refits += 1
            fit_texts(fig, ax, texts, verify=False)
            continue
        boxes = sorted((label.get_window_extent() for label in ax.get_xticklabels() if label.get_text()),
                       key=lambda box: box.x0)
        gap = 1.2 * float(mpl.rcParams["xtick.labelsize"]) * fig.dpi / 72  # about an em between labels
        if bins == 1 or all(b.x0 - a.x1 >= gap for a, b in zip(boxes, boxes[1:])):
            return
        bins -= 1


def percent_ticks_to(ax: Axes, top: float, lang: str, step: float = 20) -> None:
    """Percent ticks every ``step`` from 0 to ``top``; the bottom spine ends at ``top``."""
    ax.xaxis.set_major_locator(FixedLocator(np.arange(0, top + step / 2, step)))
    ax.xaxis.set_major_formatter(percent_formatter(lang, decimals=0))
    ax.spines["bottom"].set_bounds(0, top)
