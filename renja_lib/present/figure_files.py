"""Chart files: a figure written as PNG (300 dpi) and SVG, byte-identical from run to run.

:func:`save` writes both files and returns when they are on disk. :func:`save_chart`
is what notebooks use: the figure is drawn once at 300 dpi and once as SVG, the
screen image for the notebook is scaled down from the 300-dpi pixels (no third
drawing), and the 300-dpi PNG is compressed on a background thread while the
notebook goes on (the compressor runs outside Python's global lock, so this
uses a second core). :func:`wait_for_files` waits for those files and raises one
error naming every file that could not be written; it also runs when Python exits,
and the report runner calls it after every notebook.

The PNG holds the same pixels as matplotlib's own ``savefig(format="png", dpi=300)``
(tested); an opaque chart is stored as RGB rather than RGBA (faster to compress,
10 % smaller). The PNG is put together here, its rows unfiltered and compressed
with zlib-ng: Pillow (which matplotlib uses for PNG) tries all five PNG row
filters on every row, with no option to turn that off, and on charts (large flat
areas, a few colours) unfiltered rows compress as small. On the 12 charts of the
bundled document at 300 dpi: 47 ms and 300 KB a chart, against 179 ms and 375 KB
with Pillow at the same zlib level.

Every chart :func:`save_chart` writes also gets a slide-sized variant,
``<folder>/slides/<name>.png`` and ``.svg`` (:func:`slide_figure`): the same
figure (laid out again, not a second drawing of the analysis) without its title and
source footnote (a slide has its own title and source line), laid out for the
body of a 16:9 slide under its title (:data:`SLIDE_BODY`), no text smaller than
:data:`SLIDE_MIN_POINTS` at 100 %. The report's deck places them at that size.
"""
from __future__ import annotations

import atexit
import contextlib
import io
import os
import re
import struct
import sys
import threading
import zlib
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import MappingProxyType

import matplotlib as mpl
import numpy as np
from matplotlib.figure import Figure
from matplotlib.text import Text

from zlib_ng import zlib_ng

from .._compat import capture_rgba
from ..check.messages import Join
from ..errors import RenjaError
from ..text.catalogue import Message
from ..write.outputs import atomic_write

__all__ = ["PLAIN_TEXT_RC", "PNG_DPI", "SCREEN_DPI", "SLIDES_DIR", "SLIDE_BODY", "SLIDE_MIN_POINTS", "SavedChart",
           "save", "save_chart", "slide_figure", "wait_for_files"]

#: PNG resolution: sharp on a projector and in print.
PNG_DPI = 300
#: zlib level of the PNG files: 3 takes 0,70 x the time of 6 on the 12 charts of the bundled document
#: (47 against 67 ms a chart at 300 dpi), files 1,11 x as large (300 against 270 KB)
PNG_COMPRESS_LEVEL = 3
#: Resolution of the chart images shown in notebooks and reports (1280 pixels wide for a 16:9 chart).
SCREEN_DPI = 100
#: Fixed salt for the ids in SVG files, so that they do not change between runs.
SVG_HASH_SALT = "renja-analytics"
#: Metadata that would change between runs or machines, removed from the files.
PNG_METADATA: Mapping[str, None] = MappingProxyType({"Software": None})
SVG_METADATA: Mapping[str, None] = MappingProxyType({"Date": None, "Creator": None})
#: Text is drawn as written: never parsed as mathtext, never through TeX (see renja.mplstyle). Applied
#: while a figure is drawn, so that text matplotlib makes only then (tick labels) follows it too.
PLAIN_TEXT_RC: Mapping[str, bool] = MappingProxyType({"text.parse_math": False, "text.usetex": False})
_SAVE_RC = {"svg.hashsalt": SVG_HASH_SALT, "svg.fonttype": "path", "savefig.bbox": "standard", **PLAIN_TEXT_RC}
#: A file stem: starts with a letter or digit; letters, digits, "-" and "_"; at most 100 characters.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
#: The slide-sized variants of the charts are written into this sub-folder of the charts' folder.
SLIDES_DIR = "slides"
#: The body of a 16:9 PowerPoint slide (13.33 x 7.5 in) under its title and above its source line, in inches:
#: the size of a chart's slide variant, placed at 100 %.
SLIDE_BODY = (12.3, 5.4)
#: No text of a slide variant is smaller than this, in points at 100 % (the house style's footnotes are 13).
SLIDE_MIN_POINTS = 14
#: At most this many 300-dpi images (33 MB each for a 16:9 chart) wait for the background writer.
MAX_PENDING = 3


class SavedChart:
    """What :func:`save_chart` wrote (``png`` may still be in progress) and the screen image; ``slide_png`` and
    ``slide_svg``: the slide-sized variant (None when none was asked for)."""

    def __init__(self, png: Path, svg: Path, screen: Future, slide_png: Path | None = None,
                 slide_svg: Path | None = None):
        self.png, self.svg, self._screen = png, svg, screen
        self.slide_png, self.slide_svg = slide_png, slide_svg

    @property
    def screen_png(self) -> bytes:
        """The chart at screen resolution, as PNG bytes (waits for the background thread if needed)."""
        return self._screen.result()

    def __repr__(self) -> str:
        return f"SavedChart(png={str(self.png)!r}, svg={str(self.svg)!r})"


def save(fig: Figure, name: str, out_dir: str | os.PathLike[str]) -> dict[str, Path]:
    """Write ``fig`` as ``out_dir/name.png`` (300 dpi) and ``out_dir/name.svg``; both are on disk on return.

    The files are byte-identical from run to run for the same figure: no date or
    software version is written, SVG ids use a fixed salt and SVG text is drawn
    as paths (no font needed to view it), and the Axes are put back on their
    grid before each file is drawn, so that the layout does not depend on
    earlier draws (in a notebook, say). An opaque figure (the house style's) is
    written as an RGB PNG: the same pixels as matplotlib's RGBA one, smaller and
    faster to compress. Each file is written atomically. ``out_dir`` is created
    if needed. Returns ``{"png": path, "svg": path}``.

    >>> import tempfile
    >>> fig = Figure()
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     paths = save(fig, "empty_chart", folder)
    ...     sorted(path.name for path in paths.values())
    ['empty_chart.png', 'empty_chart.svg']
    """
    folder = _check(fig, name, out_dir)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    with mpl.rc_context(_SAVE_RC):
        pixels = _draw_pixels(fig, png)
        _draw_svg(fig, svg)
    if pixels is not None:
        _png_job(png, pixels)
    return {"png": png, "svg": svg}


def save_chart(fig: Figure, name: str, out_dir: str | os.PathLike[str], screen_dpi: int = SCREEN_DPI,
               slides: bool = True) -> SavedChart:
    """Like :func:`save`, but the PNGs are made on a background thread; also gives the screen image.

    The figure is drawn at 300 dpi here; on the background thread, while the SVG
    is drawn here, the screen image is made (the 300-dpi image scaled down by
    ``PNG_DPI / screen_dpi``, a whole number, with a box filter), then the 300-dpi
    PNG is compressed and written. The SVG is on disk on return; call
    :func:`wait_for_files` before reading the PNG. With ``slides`` (the default), the slide variant
    (:func:`slide_figure`) is written the same way into ``out_dir/slides/``.
    """
    if not isinstance(screen_dpi, int) or isinstance(screen_dpi, bool) or screen_dpi <= 0 or PNG_DPI % screen_dpi:
        raise RenjaError(Message("errors_present.figure_files.screen_dpi", dpi=PNG_DPI, got=screen_dpi))
    factor = PNG_DPI // screen_dpi
    folder = _check(fig, name, out_dir)
    png, svg = folder / f"{name}.png", folder / f"{name}.svg"
    screen: Future = Future()
    with mpl.rc_context(_SAVE_RC):
        pixels = _draw_pixels(fig, png)
        if pixels is None:  # written by savefig already; the screen image comes from the file
            screen.set_result(_screen_bytes(_opaque_as_rgb(_decode(png.read_bytes())), factor))
        else:
            _submit(png, pixels, screen, factor)
        _draw_svg(fig, svg)
    if not slides:
        return SavedChart(png, svg, screen)
    slide_folder = folder / SLIDES_DIR
    slide_png, slide_svg = slide_folder / f"{name}.png", slide_folder / f"{name}.svg"
    try:
        slide_folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise RenjaError(Message("errors_present.figure_files.out_dir_create", reason=exc.strerror),
                         path=slide_folder) from None
    with slide_figure(fig) as variant, mpl.rc_context(_SAVE_RC):
        pixels = _draw_pixels(variant, slide_png)
        if pixels is not None:
            _submit(slide_png, pixels, None, 1)
        _draw_svg(variant, slide_svg)
    return SavedChart(png, svg, screen, slide_png, slide_svg)


@contextlib.contextmanager
def slide_figure(fig: Figure):
    """``fig`` laid out for the body of a slide, for one ``with`` block: its title (``suptitle``) and source
    footnote (``supxlabel``) hidden and out of the layout, :data:`SLIDE_BODY` in size, no text below
    :data:`SLIDE_MIN_POINTS`; put back as it was at the end of the block (the same figure, not a second
    drawing of the analysis: its formatters and callbacks stay as they are).

    >>> fig = Figure(figsize=(12.8, 7.2))
    >>> _ = fig.suptitle("Judul", fontsize=22), fig.supxlabel("Sumber: Renja", fontsize=13), fig.add_subplot()
    >>> with slide_figure(fig) as slide:
    ...     slide.get_size_inches().tolist(), [(t.get_visible(), t.get_fontsize()) for t in slide.texts]
    ([12.3, 5.4], [(False, 22.0), (False, 14.0)])
    >>> fig.get_size_inches().tolist(), [(t.get_visible(), t.get_fontsize()) for t in fig.texts]
    ([12.8, 7.2], [(True, 22.0), (True, 13.0)])
    """
    undo: list = []
    size = fig.get_size_inches().tolist()
    undo.append(lambda: fig.set_size_inches(*size, forward=False))
    try:
        for words in (fig.get_suptitle(), fig.get_supxlabel()):
            for text in fig.texts:
                if words and text.get_text() == words:
                    state = (text, text.get_visible(), text.get_in_layout())
                    undo.append(lambda st=state: (st[0].set_visible(st[1]), st[0].set_in_layout(st[2])))
                    text.set_visible(False)
                    text.set_in_layout(False)
        fig.set_size_inches(*SLIDE_BODY, forward=False)
        for ax in fig.axes:
            for axis in ("x", "y"):
                labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
                if labels and labels[0].get_fontsize() < SLIDE_MIN_POINTS:
                    old = labels[0].get_fontsize()
                    undo.append(lambda ax=ax, axis=axis, old=old: ax.tick_params(axis=axis, which="both",
                                                                                 labelsize=old))
                    ax.tick_params(axis=axis, which="both", labelsize=SLIDE_MIN_POINTS)
        for text in fig.findobj(Text):
            if text.get_fontsize() < SLIDE_MIN_POINTS:
                undo.append(lambda text=text, old=text.get_fontsize(): text.set_fontsize(old))
                text.set_fontsize(SLIDE_MIN_POINTS)
        yield fig
    finally:
        for step in reversed(undo):
            step()
        _restart_layout(fig)


def wait_for_files() -> list[Path]:
    """Wait until every PNG handed to the background writer is on disk; return their paths.

    Raises :class:`RenjaError` naming each file that could not be written (a full
    disk, a folder removed meanwhile); those files are left as they were before.
    """
    with _LOCK:
        pending, _PENDING[:] = list(_PENDING), []
    written, failed = [], []
    for path, future in pending:
        try:
            future.result()
            written.append(path)
        except Exception as exc:  # reported together, below
            failed.append(Message("errors_present.figure_files.failure", path=path, reason=_reason(exc)))
    if failed:
        raise RenjaError(Message("errors_present.figure_files.not_written", failures=Join(
            "errors_present.figure_files.sep", "errors_present.figure_files.sep", failed)))
    return written


# ---------------------------------------------------------------------------- drawing


def _reason(exc: BaseException) -> Message | str:
    """Why a file could not be written: our error as a message (written in the language it is shown in), another
    library's or the system's in its own words (``[Errno 28] No space left on device``)."""
    if isinstance(exc, RenjaError):
        return Message("errors_present.figure_files.error", where=exc.where, detail=exc.detail)
    return str(exc)


def _check(fig: Figure, name: str, out_dir: str | os.PathLike[str]) -> Path:
    if not isinstance(fig, Figure):
        raise RenjaError(Message("errors_present.figure_files.fig", type=type(fig).__name__))
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise RenjaError(Message("errors_present.figure_files.name", got=name))
    if not isinstance(out_dir, (str, os.PathLike)):
        raise RenjaError(Message("errors_present.figure_files.out_dir_type", type=type(out_dir).__name__))
    folder = Path(out_dir)
    if folder.exists() and not folder.is_dir():
        raise RenjaError(Message("errors_present.figure_files.out_dir_file"), path=folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # the system's words for why (exc.strerror)
        raise RenjaError(Message("errors_present.figure_files.out_dir_create", reason=exc.strerror),
                         path=folder) from None
    return folder


def _draw_pixels(fig: Figure, png: Path) -> np.ndarray | None:
    """The figure drawn at 300 dpi, as a (height, width, 4) array.

    When the pixels cannot be captured (a matplotlib that hands them over in
    another shape: :func:`renja_lib._compat.capture_rgba`), the PNG is written here
    by ``savefig`` and None returned.
    """
    _restart_layout(fig)
    image = capture_rgba(fig, PNG_DPI)
    if image is None:
        _restart_layout(fig)
        with atomic_write(png, "wb", make_folder=False) as fh:
            fig.savefig(fh, format="png", dpi=PNG_DPI, metadata=dict(PNG_METADATA))
    return image


def _draw_svg(fig: Figure, svg: Path) -> None:
    """Write the SVG with the layout the 300-dpi drawing just made (laid out once, not twice)."""
    engine = fig.get_layout_engine()
    if engine is not None:
        fig.set_layout_engine("none")
    try:
        with atomic_write(svg, "wb", make_folder=False) as fh:
            fig.savefig(fh, format="svg", metadata=dict(SVG_METADATA))
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)


def _opaque_as_rgb(pixels: np.ndarray) -> np.ndarray:
    """RGBA pixels as RGB when every pixel is opaque (a contiguous copy), else as they are."""
    if int(pixels[..., 3].min()) != 255:
        return pixels
    rgb = np.empty(pixels.shape[:2] + (3,), dtype=np.uint8)
    for channel in range(3):  # a channel at a time: 5 x faster than copying pixels[..., :3] in one go
        rgb[..., channel] = pixels[..., channel]
    return rgb


def _png_bytes(pixels: np.ndarray, dpi: int) -> bytes:
    """(height, width, 3 or 4) RGB or RGBA pixels as a PNG file, rows unfiltered.

    Only the chunks a viewer needs: the header, the resolution (so that a chart
    pasted into a slide or a document comes in at its size, not at 96 dpi), the
    pixels, the end; nothing that changes between runs.
    """
    height, width, channels = pixels.shape
    rows = np.empty((height, 1 + width * channels), dtype=np.uint8)
    rows[:, 0] = 0  # each row: its filter type (0, none), then its pixels
    rows[:, 1:] = pixels.reshape(height, width * channels)
    per_metre = round(dpi / 0.0254)
    color_type = {3: 2, 4: 6}[channels]  # truecolour, truecolour with alpha
    return b"".join((
        b"\x89PNG\r\n\x1a\n",
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib_ng.compress(rows, PNG_COMPRESS_LEVEL)),  # lets go of the GIL meanwhile
        _chunk(b"IEND", b""),
    ))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def _screen_bytes(pixels: np.ndarray, factor: int) -> bytes:
    """The screen image of RGB or RGBA pixels: each ``factor`` x ``factor`` box averaged into one pixel."""
    from PIL import Image

    if factor > 1:
        mode = "RGB" if pixels.shape[2] == 3 else "RGBA"
        image = Image.frombuffer(mode, (pixels.shape[1], pixels.shape[0]), np.ascontiguousarray(pixels),
                                 "raw", mode, 0, 1)
        pixels = np.asarray(image.reduce(factor))
    return _png_bytes(pixels, PNG_DPI // factor)


def _png_job(target: Path, pixels: np.ndarray, screen: Future | None = None, factor: int = 1) -> None:
    """Make the screen image (when asked), then write the 300-dpi PNG atomically."""
    try:
        pixels = _opaque_as_rgb(pixels)
    except BaseException as exc:
        if screen is not None:
            screen.set_exception(exc)
        raise
    if screen is not None:
        try:
            screen.set_result(_screen_bytes(pixels, factor))
        except BaseException as exc:
            screen.set_exception(exc)
    data = _png_bytes(pixels, PNG_DPI)
    with atomic_write(target, "wb", make_folder=False) as fh:
        fh.write(data)


def _decode(data: bytes) -> np.ndarray:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGBA"))


def _restart_layout(fig: Figure) -> None:
    """Put each laid-out Axes back on its grid position before the layout engine runs again.

    Constrained layout starts from where the Axes are, so a figure drawn before
    (shown in a notebook, saved as SVG) would come out a hair different, and the
    files would not be byte-identical. Axes placed by hand are left alone.
    """
    if fig.get_layout_engine() is None:
        return
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None and ax.get_in_layout():
            ax.set_position(spec.get_position(fig))
            ax.set_in_layout(True)  # set_position takes the Axes out of the layout; put it back


# ---------------------------------------------------------------------------- background writer

_LOCK = threading.Lock()
_PENDING: list[tuple[Path, Future]] = []
_EXECUTOR: ThreadPoolExecutor | None = None
_EXECUTOR_PID: int | None = None


def _executor() -> ThreadPoolExecutor:
    global _EXECUTOR, _EXECUTOR_PID
    with _LOCK:
        if _EXECUTOR is None or _EXECUTOR_PID != os.getpid():  # a forked child gets its own threads
            _EXECUTOR = ThreadPoolExecutor(max_workers=2, thread_name_prefix="renja-png")
            _EXECUTOR_PID = os.getpid()
        return _EXECUTOR


def _submit(target: Path, pixels: np.ndarray, screen: Future | None, factor: int) -> None:
    with _LOCK:
        running = [(path, future) for path, future in _PENDING if not future.done()]
    # an earlier, unfinished write of the same file finishes first, so that the newest chart wins
    for path, future in running:
        if path == target:
            with contextlib.suppress(Exception):
                future.result()
    # bounded: the notebook waits rather than holding many 33-MB images
    for _, future in running[: max(0, len(running) - MAX_PENDING + 1)]:
        with contextlib.suppress(Exception):
            future.result()
    future = _executor().submit(_png_job, target, pixels, screen, factor)
    with _LOCK:
        _PENDING.append((target, future))


@atexit.register
def _wait_at_exit() -> None:
    try:
        wait_for_files()
    except RenjaError as exc:
        print(f"renja: {exc}", file=sys.stderr)
