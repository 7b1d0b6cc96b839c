"""The house style every chart shares: the style file, the colours and sizes, the figure and its frame.

Every chart module (:mod:`~renja_lib.present.labour_charts`,
:mod:`~renja_lib.present.budget_charts`,
:mod:`~renja_lib.present.performance_charts`,
:mod:`~renja_lib.present.audit_charts`) draws inside :func:`house_style`, on
the figure :func:`frame_figure` makes: a :class:`ChartFigure` (its texts are
drawn as written, never as mathtext) with the title at the top left and the
source footnote at the bottom left. Colours are Okabe-Ito (colour-blind safe),
one role each across all charts; sizes are for a 16:9 slide seen on a
projector. :func:`use_style` applies the same style to a chart drawn by hand in
a notebook.
"""
from __future__ import annotations

import contextlib
import textwrap
from pathlib import Path
from typing import Any

import matplotlib as mpl
import matplotlib.style  # noqa: F401  (makes mpl.style available)
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..text.catalogue import tr
from .figure_files import PLAIN_TEXT_RC

__all__ = [
    "STYLE_PATH",
    "use_style",
    "house_style",
    "ChartFigure",
    "frame_figure",
    "source_lines",
]

#: The house style file.
STYLE_PATH = Path(__file__).resolve().parent / "renja.mplstyle"

# ---------------------------------------------------------------------------
# colours and sizes

# Okabe-Ito colours (colour-blind safe), one role each across all charts.
BLUE = "#0072B2"  # actual, estimate, the highlighted region
VERMILLION = "#D55E00"  # target
ORANGE = "#E69F00"  # projection
GREEN = "#009E73"  # Renstra target
GREY = "#595959"  # series breaks, gap brackets, footnotes
LIGHT_GREY = "#A6A6A6"  # regions other than the highlighted one
TEXT = "#262626"

FOOTNOTE_SIZE = 13
VALUE_LABEL_SIZE = 14
ANNOTATION_SIZE = 15
#: Titles and footnotes are wrapped at this many characters (the width of the figure at their size).
TITLE_WIDTH = 66
FOOTNOTE_WIDTH = 120
#: The source footnote takes at most this many lines.
MAX_SOURCE_LINES = 2


# ---------------------------------------------------------------------------
# the style


class _AppliedStyle:
    """The house style is applied; used in a ``with`` block, the previous settings return at its end."""

    def __init__(self, previous: dict[str, Any]):
        self._previous = previous

    def __enter__(self) -> _AppliedStyle:
        return self

    def __exit__(self, *exc_info: object) -> None:
        mpl.rcParams.update(self._previous)


def use_style() -> _AppliedStyle:
    """Apply the house style (``renja.mplstyle``) to matplotlib.

    Called on its own it applies the style for the rest of the session; used as
    ``with use_style(): ...`` it restores the previous settings at the end of the
    block. The chart functions here apply the style themselves: this is for
    charts drawn by hand in a notebook.

    >>> import matplotlib as mpl
    >>> with use_style():
    ...     mpl.rcParams["figure.figsize"]
    [12.8, 7.2]
    """
    previous = {key: value for key, value in mpl.rcParams.items() if key != "backend"}
    mpl.style.use(STYLE_PATH)
    return _AppliedStyle(previous)


def house_style() -> contextlib.AbstractContextManager[None]:
    """The house style for one ``with`` block: every chart function draws inside it.

    >>> with house_style():
    ...     mpl.rcParams["text.parse_math"]
    False
    """
    return mpl.style.context(STYLE_PATH)


def _plain_texts(fig: Figure) -> None:
    """Every text of ``fig`` drawn as written: no mathtext, no TeX."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


class ChartFigure(Figure):
    """The figure every chart function returns: its texts are drawn as written, never as mathtext.

    Names on a chart come from the document or a user's file; ``$x^2$`` or
    ``$\\alert{}$`` in one is text, and ``$5`` stays ``$5``. The house style
    turns mathtext and TeX off for what the chart function draws; matplotlib
    makes some texts only when the figure is drawn (tick labels, later and
    elsewhere, outside the style), so drawing and measuring the figure also
    turn them off, whatever the session's ``rcParams`` say.
    """

    def draw(self, renderer):  # noqa: D102
        with mpl.rc_context(dict(PLAIN_TEXT_RC)):
            _plain_texts(self)
            result = super().draw(renderer)
            _plain_texts(self)  # texts made during the drawing, for whoever reads them afterwards
        return result

    def get_tightbbox(self, renderer=None, *args: Any, **kwargs: Any):  # noqa: D102
        with mpl.rc_context(dict(PLAIN_TEXT_RC)):
            _plain_texts(self)
            return super().get_tightbbox(renderer, *args, **kwargs)


# ---------------------------------------------------------------------------
# the frame: title and footnote


def frame_figure(title: str, lang: str, sources: list[str], note: str | None = None) -> tuple[Figure, Axes]:
    """A house-style figure with its title (top left) and source footnote (bottom left), and its one Axes.

    ``title`` is wrapped at :data:`TITLE_WIDTH` characters; the footnote names
    ``sources`` (see :func:`source_lines`) and then ``note``. Call it inside
    :func:`house_style`.

    >>> with house_style():
    ...     fig, ax = frame_figure("Judul", "id", ["Renja 2023, Tabel 2.2"], note="dihitung")
    >>> fig.get_supxlabel()
    'Sumber: Renja 2023, Tabel 2.2\\nCatatan: dihitung'
    """
    fig = ChartFigure()
    ax = fig.add_subplot()
    fig.suptitle(textwrap.fill(title, TITLE_WIDTH), x=0.01, ha="left", parse_math=False)
    lines = source_lines(sources, lang)
    if note:
        lines += textwrap.wrap(tr("charts.frame.note", lang, note=note), FOOTNOTE_WIDTH)
    if lines:
        fig.supxlabel("\n".join(lines), x=0.01, ha="left", fontsize=FOOTNOTE_SIZE, color=GREY, parse_math=False)
    return fig, ax


def source_lines(sources: list[str], lang: str) -> list[str]:
    """The source footnote, wrapped; past ``MAX_SOURCE_LINES`` it names how many sources it leaves out.

    >>> source_lines(["BPS", "Renja 2023, Tabel 2.2"], "en")
    ['Source: BPS; Renja 2023, Tabel 2.2']
    """
    lines: list[str] = []
    for shown in range(len(sources), 0, -1):
        text = tr("charts.frame.source", lang, sources="; ".join(sources[:shown]))
        if shown < len(sources):
            text += " " + tr("charts.frame.source_more", lang, n=len(sources) - shown)
        lines = textwrap.wrap(text, FOOTNOTE_WIDTH)
        if len(lines) <= MAX_SOURCE_LINES:
            break
    return lines
