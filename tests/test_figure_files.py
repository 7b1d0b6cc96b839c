"""renja_lib.present.figure_files: chart files written once, on a background thread, with the pixels matplotlib draws."""
from __future__ import annotations

import doctest
import io
import struct
import subprocess
import sys
import textwrap
import zlib

import numpy as np
import pytest
from matplotlib.figure import Figure
from PIL import Image
from zlib_ng import zlib_ng

from renja_lib import _compat
from renja_lib.present import figure_files
from renja_lib.analyse import labour
from renja_lib.present import labour_charts, sentences
from renja_lib.errors import RenjaError


@pytest.fixture(scope="module")
def chart_data(doc):
    return sentences.chart_series(labour.series(doc).frame, "id")


@pytest.fixture()
def fig(chart_data):
    """The TPT chart of the bundled document, as a notebook draws it."""
    return labour_charts.indicator_trend(chart_data, "TPT", region="Kota Pasuruan")


@pytest.fixture(autouse=True)
def no_leftovers():
    yield
    figure_files.wait_for_files()  # a failed test leaves nothing for the next one


def pixels(path_or_bytes) -> np.ndarray:
    data = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    with Image.open(io.BytesIO(data)) as img:
        return np.asarray(img.convert("RGBA"))


def matplotlib_png(fig: Figure, dpi: int) -> bytes:
    import matplotlib as mpl

    buf = io.BytesIO()
    with mpl.rc_context(figure_files._SAVE_RC):
        figure_files._restart_layout(fig)
        fig.savefig(buf, format="png", dpi=dpi)
    return buf.getvalue()


def test_the_png_holds_the_pixels_matplotlib_draws(tmp_path, fig):
    paths = figure_files.save(fig, "tpt_trend", tmp_path)
    ours = pixels(paths["png"])
    assert ours.shape == (2160, 3840, 4)
    assert np.array_equal(ours, pixels(matplotlib_png(fig, 300)))


def test_an_opaque_chart_is_stored_as_rgb_and_a_transparent_one_keeps_its_alpha(tmp_path, fig):
    with Image.open(figure_files.save(fig, "opaque", tmp_path)["png"]) as img:
        assert img.mode == "RGB" and img.info["dpi"] == pytest.approx((300, 300), abs=0.01)
    clear = Figure(figsize=(2, 1))
    clear.patch.set_alpha(0)
    clear.add_subplot().plot([0, 1], [1, 0])
    png = figure_files.save(clear, "clear", tmp_path)["png"]
    with Image.open(png) as img:
        assert img.mode == "RGBA"
    assert pixels(png)[..., 3].min() == 0
    assert np.array_equal(pixels(png), pixels(matplotlib_png(clear, 300)))


def test_background_files_are_the_same_as_the_synchronous_ones(tmp_path, fig):
    now = figure_files.save(fig, "chart", tmp_path / "now")
    later = figure_files.save_chart(fig, "chart", tmp_path / "later")
    assert later.svg.read_bytes() == now["svg"].read_bytes()  # the SVG is on disk on return
    assert figure_files.wait_for_files() == [later.png, later.slide_png]
    assert later.png.read_bytes() == now["png"].read_bytes()
    assert sorted(p.name for p in (tmp_path / "later").iterdir()) == ["chart.png", "chart.svg", "slides"]
    assert sorted(p.name for p in (tmp_path / "later" / "slides").iterdir()) == ["chart.png", "chart.svg"]


def test_the_screen_image_is_the_300_dpi_image_scaled_down(tmp_path, fig):
    saved = figure_files.save_chart(fig, "chart", tmp_path)
    screen = pixels(saved.screen_png)
    assert screen.shape == (720, 1280, 4)
    figure_files.wait_for_files()
    full = pixels(saved.png).astype(float)
    boxes = full.reshape(720, 3, 1280, 3, 4).mean(axis=(1, 3))  # the mean of each 3 x 3 box
    assert np.abs(screen - boxes).max() <= 1


def test_a_notebook_chart_shows_the_screen_image(tmp_path, fig):
    shown = sentences.chart(fig, "chart", tmp_path)
    data, metadata = shown._repr_png_()
    with Image.open(io.BytesIO(data)) as img:
        assert img.size == (1280, 720)
    assert metadata == {"alt": " ".join(fig.get_suptitle().split())}  # the title, read aloud
    assert metadata["alt"].startswith("Tingkat Pengangguran Terbuka")
    unsaved = sentences.chart(fig, "chart", None)
    with Image.open(io.BytesIO(unsaved.png())) as img:
        assert img.size == (1280, 720)
    untitled = Figure()
    untitled.add_subplot().plot([1, 2])
    assert sentences.chart(untitled, "plain_line", None)._repr_png_()[1] == {"alt": "plain_line"}
    assert not (tmp_path / "None").exists()


def test_a_file_that_cannot_be_written_is_named_by_wait_for_files(tmp_path, fig, monkeypatch):
    real_job = figure_files._png_job
    gone = tmp_path / "removed-meanwhile"

    def job_into_a_missing_folder(target, *args):
        return real_job(gone / target.name, *args)

    monkeypatch.setattr(figure_files, "_png_job", job_into_a_missing_folder)
    saved = figure_files.save_chart(fig, "chart", tmp_path)
    assert saved.screen_png.startswith(b"\x89PNG")  # the notebook still shows the chart
    with pytest.raises(RenjaError, match=r"chart file\(s\) could not be written: .*chart\.png: .*No such file"):
        figure_files.wait_for_files()
    assert figure_files.wait_for_files() == []  # reported once
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_pixels_that_cannot_be_captured_fall_back_to_savefig(tmp_path, fig, monkeypatch):
    monkeypatch.setattr(_compat.RgbaCapture, "write", lambda self, data: len(data))
    saved = figure_files.save_chart(fig, "chart", tmp_path)
    assert figure_files.wait_for_files() == []  # nothing was left to the background thread
    assert np.array_equal(pixels(saved.png), pixels(matplotlib_png(fig, 300)))
    assert pixels(saved.screen_png).shape == (720, 1280, 4)


@pytest.mark.parametrize("bad", [0, 7, 100.0, True, "100"])
def test_screen_dpi_must_divide_300(tmp_path, fig, bad):
    with pytest.raises(RenjaError, match="screen_dpi must be a whole number that divides 300"):
        figure_files.save_chart(fig, "chart", tmp_path, screen_dpi=bad)


def test_files_left_to_the_background_thread_are_finished_when_python_exits(tmp_path):
    script = textwrap.dedent(f"""
        from matplotlib.figure import Figure
        from renja_lib.present import figure_files
        fig = Figure()
        fig.add_subplot().plot([1, 2, 3], [3, 1, 2])
        figure_files.save_chart(fig, "at_exit", {str(tmp_path)!r})
    """)
    subprocess.run([sys.executable, "-c", script], check=True, timeout=120)
    with Image.open(tmp_path / "at_exit.png") as img:
        img.load()  # a truncated file would fail here
        assert img.size == (1920, 1440)


def test_a_failed_background_write_is_reported_when_python_exits(tmp_path):
    script = textwrap.dedent(f"""
        from pathlib import Path
        from matplotlib.figure import Figure
        from renja_lib.present import figure_files
        real = figure_files._png_job
        figure_files._png_job = lambda target, *a: real(Path({str(tmp_path)!r}) / "gone" / target.name, *a)
        figure_files.save_chart(Figure(), "lost", {str(tmp_path)!r})
    """)
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    # a new process writes its error messages in Indonesian (renja_lib.text.use_language)
    assert "renja: berkas grafik tidak dapat ditulis" in proc.stderr and "lost.png" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.slow
def test_a_kernel_run_by_nbclient_leaves_finished_files(tmp_path):
    """The usual manual way (nbconvert/nbclient, kernel shut down after the last cell) gets every file."""
    import nbformat
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell, new_notebook

    code = ("from matplotlib.figure import Figure\nfrom renja_lib.present import sentences\n"
            "for i in range(4):\n    fig = Figure(); fig.add_subplot().bar([1, 2], [i, 2])\n"
            f"    sentences.chart(fig, f'bar{{i}}', {str(tmp_path)!r})")
    nb = new_notebook(cells=[new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    assert [o["output_type"] for o in nb.cells[0].outputs] == []  # a for loop displays nothing
    for i in range(4):
        with Image.open(tmp_path / f"bar{i}.png") as img:
            img.load()
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_doctests():
    result = doctest.testmod(figure_files)
    assert result.attempted > 0 and result.failed == 0


def test_saving_keeps_the_figure_s_layout_engine(tmp_path, fig):
    engine = fig.get_layout_engine()
    assert engine is not None
    figure_files.save(fig, "chart", tmp_path)
    assert fig.get_layout_engine() is engine


def test_the_newest_chart_saved_under_a_name_wins(tmp_path, monkeypatch):
    import threading

    real_job = figure_files._png_job
    first_started = threading.Event()

    def slow_first(target, pixels, *args):
        if not first_started.is_set():
            first_started.set()
            threading.Event().wait(1.0)  # the older write is the slower one
        return real_job(target, pixels, *args)

    monkeypatch.setattr(figure_files, "_png_job", slow_first)
    old, new = Figure(figsize=(2, 1)), Figure(figsize=(2, 1))
    old.patch.set_facecolor("red")
    new.patch.set_facecolor("blue")
    figure_files.save_chart(old, "chart", tmp_path)
    figure_files.save_chart(new, "chart", tmp_path)
    figure_files.wait_for_files()
    assert tuple(pixels(tmp_path / "chart.png")[0, 0]) == (0, 0, 255, 255)


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG file, each checked against its CRC."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length:at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_the_png_is_unfiltered_rows_compressed_at_the_stated_level_with_its_resolution(tmp_path, fig):
    data = figure_files.save(fig, "chart", tmp_path)["png"].read_bytes()
    chunks = png_chunks(data)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]  # no time, no software
    width, height, depth, colour, *_ = struct.unpack(">IIBBBBB", chunks[0][1])
    assert (width, height, depth, colour) == (3840, 2160, 8, 2)  # 8-bit RGB
    assert struct.unpack(">IIB", chunks[1][1]) == (11811, 11811, 1)  # 300 dots an inch, in dots a metre
    rows = zlib.decompress(chunks[2][1])
    assert len(rows) == height * (1 + width * 3)
    assert set(rows[:: 1 + width * 3]) == {0}  # every row unfiltered
    assert chunks[2][1] == zlib_ng.compress(rows, figure_files.PNG_COMPRESS_LEVEL)  # stdlib zlib reads it (above)
    with Image.open(io.BytesIO(data)) as img:
        img.verify()  # Pillow agrees the file is whole
    screen = png_chunks(figure_files.save_chart(fig, "chart", tmp_path).screen_png)
    assert struct.unpack(">IIB", screen[1][1]) == (3937, 3937, 1)  # 100 dots an inch


def test_a_saved_chart_gets_a_slide_variant_without_title_or_source_and_no_text_under_14_points(tmp_path):
    from matplotlib.text import Text

    from renja_lib.present.chart_style import frame_figure, house_style

    with house_style():
        fig, ax = frame_figure("Judul yang panjang", "id", ["Renja 2023, Tabel 2.2 baris 655"])
        ax.plot([2020, 2021], [6.33, 6.23])
        ax.tick_params(labelsize=11)
        ax.text(2020.5, 6.3, "catatan kecil", fontsize=10)
    before = [(t.get_text(), t.get_fontsize(), t.get_visible()) for t in fig.texts]
    saved = figure_files.save_chart(fig, "chart", tmp_path)
    figure_files.wait_for_files()
    with Image.open(saved.slide_png) as img:
        assert img.size == (round(figure_files.SLIDE_BODY[0] * 300), round(figure_files.SLIDE_BODY[1] * 300))
    svg = saved.slide_svg.read_text(encoding="utf-8")
    assert 'width="885.6pt" height="388.8pt"' in svg  # 12.3 x 5.4 in
    # the figure is put back as it was: its own files and screen image are unchanged by the variant
    assert [(t.get_text(), t.get_fontsize(), t.get_visible()) for t in fig.texts] == before
    assert fig.get_size_inches().tolist() == [12.8, 7.2]
    with figure_files.slide_figure(fig) as slide:
        slide.canvas.draw()
        shown = [t for t in slide.findobj(Text) if t.get_visible() and t.get_text().strip()]
        assert shown and min(t.get_fontsize() for t in shown) >= figure_files.SLIDE_MIN_POINTS
        assert not any(t.get_text().startswith(("Judul", "Sumber")) for t in shown)
    again = figure_files.save_chart(fig, "chart", tmp_path / "again")
    figure_files.wait_for_files()
    assert again.slide_png.read_bytes() == saved.slide_png.read_bytes()
    assert again.png.read_bytes() == saved.png.read_bytes()
