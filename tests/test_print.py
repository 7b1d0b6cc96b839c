"""Every report page fits its width: a 1280-pixel window on screen, and an A4 landscape page in print
(``renja_lib/run/report.css``'s ``@media print``), measured in Debian's Chromium driven by Playwright, offline.

A page fits when nothing on it is wider than the page: the document's scroll width is the window's width, and no
table, image or block of text ends to the right of it. In print the window is the printable width of an A4
landscape page at 96 pixels to the inch (297 mm less the margins of ``@page``); the PDF Chromium prints is A4
landscape because the stylesheet asks for it.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, offline_chromium
from test_language import render_report

CSS = Path(__file__).resolve().parent.parent / "renja_lib" / "run" / "report.css"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"),
]

SCREEN_WIDTH = 1280
MM_PER_INCH, PX_PER_INCH = 25.4, 96


def printable_width() -> int:
    """The printable width of an A4 landscape page, in CSS pixels, from the stylesheet's ``@page`` margins."""
    page = re.search(r"@page\s*{([^}]*)}", CSS.read_text(encoding="utf-8")).group(1)
    assert re.search(r"size:\s*A4 landscape", page), page
    margins = [float(m) for m in re.search(r"margin:\s*([\d.]+)mm(?:\s+([\d.]+)mm)?", page).groups() if m]
    side = margins[-1]
    return int((297 - 2 * side) / MM_PER_INCH * PX_PER_INCH)


@pytest.fixture(scope="module")
def browser():
    with offline_chromium() as b:
        yield b


@pytest.fixture(scope="module", params=["id", "en"])
def pages(request, tmp_path_factory):
    out = render_report(request.param, tmp_path_factory.mktemp(f"print_{request.param}") / "reports")
    found = [out / "index.html", *sorted(out.glob("*/*.html"))]
    assert len(found) == 7
    return found


#: Elements that end to the right of the page (at most five), as "tag: right edge".
OVERFLOW = """(width) => Array.from(document.querySelectorAll('table, img, pre, p, li, h1, h2, h3, div'))
    .filter(e => e.getBoundingClientRect().right > width + 0.5)
    .map(e => e.tagName + ': ' + Math.round(e.getBoundingClientRect().right)).slice(0, 5)"""


def _measure(browser, page_path: Path, media: str, width: int) -> tuple[int, list[str]]:
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file://") else r.abort())
    page = context.new_page()
    page.emulate_media(media=media)
    page.goto(page_path.as_uri())
    page.wait_for_load_state("load")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(OVERFLOW, width)
    context.close()
    return scroll, wide


def _too_wide(browser, pages, media: str, width: int) -> dict[str, tuple]:
    """The pages wider than ``width`` in ``media`` (their scroll width and the elements that overflow)."""
    too_wide = {}
    for path in pages:
        scroll, wide = _measure(browser, path, media, width)
        if scroll > width or wide:
            too_wide[path.name] = (scroll, wide)
    return too_wide


def test_every_page_fits_a_1280_pixel_window(browser, pages):
    too_wide = _too_wide(browser, pages, "screen", SCREEN_WIDTH)
    assert not too_wide, too_wide


def test_every_page_fits_an_a4_landscape_page_in_print(browser, pages):
    width = printable_width()
    assert 1000 < width < 1123  # A4 landscape is 1123 pixels wide at 96 dpi, less its margins
    too_wide = _too_wide(browser, pages, "print", width)
    assert not too_wide, too_wide


def test_print_to_pdf_gives_a4_landscape_pages(browser, pages, tmp_path):
    """Chromium's print to PDF takes the page size from the stylesheet (``@page { size: A4 landscape }``)."""
    page = browser.new_page()
    page.goto(next(p for p in pages if p.name.startswith("02_")).as_uri())
    pdf = tmp_path / "labour.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    page.close()
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf.read_bytes())
    assert len(boxes) >= 2  # the labour page's charts and tables take more than one page
    for w, h in boxes:
        assert abs(float(w) - 841.9) < 2 and abs(float(h) - 595.3) < 2, (w, h)  # A4 landscape in points
