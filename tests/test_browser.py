"""The reports in a real browser (Debian's Chromium driven by Playwright), with every network
request blocked: each page loads with no console error, every image loads, and a document whose
programme name carries a script payload runs no script."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from browser_helpers import CHROMIUM, offline_chromium
from renja_lib.run.runner import plan_runs, run_report

PAYLOAD = "<script>alert('xss')</script><img src=x onerror=alert(1)>"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed (.ci/run installs it)"),
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory, raw_text):
    root = tmp_path_factory.mktemp("browser")
    doc = root / "renja_payload.txt"
    doc.write_text(raw_text.replace("Program Pelatihan Kerja dan Produktivitas Tenaga Kerja",
                                    f"Program Pelatihan Kerja {PAYLOAD}"), encoding="utf-8")
    runs = plan_runs([doc], notebooks=["01_overview", "02_labour_indicators"])
    results = run_report(runs, root / "out", quiet=True)
    assert [r.status for r in results] == ["ok", "ok"]
    return root / "out"


@pytest.fixture(scope="module")
def browser():
    with offline_chromium() as b:
        yield b


def open_page(browser, url: str):
    context = browser.new_context()
    blocked: list[str] = []

    def route(r):
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    return context, page, errors, dialogs, blocked


def test_every_page_loads_offline_with_its_images(browser, reports):
    index = (reports / "index.html").as_uri()
    context, page, errors, dialogs, blocked = open_page(browser, index)
    links = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
    context.close()
    html_links = sorted({l for l in links if l.endswith(".html")})
    assert [Path(l).name for l in html_links] == ["01_overview.html", "02_labour_indicators.html"]
    assert any(l.endswith(".png") for l in links) and any(l.endswith(".ipynb") for l in links)
    for link in links:
        if "#" not in link:
            assert Path(re.sub("^file://", "", link)).exists(), link
    for link in html_links:
        context, page, errors, dialogs, blocked = open_page(browser, link)
        images = page.eval_on_selector_all("img", "els => els.map(e => [e.naturalWidth, e.complete])")
        back = page.eval_on_selector_all("a", "els => els.map(e => e.href)")
        context.close()
        assert errors == [] and blocked == [] and dialogs == [], link
        assert all(w > 0 and ok for w, ok in images), (link, images)
        assert any(b.endswith("/index.html") for b in back)
        if link.endswith("02_labour_indicators.html"):
            assert len(images) >= 4


def test_a_script_payload_in_a_programme_name_runs_nothing(browser, reports):
    page_url = next((reports).glob("*/01_overview.html")).as_uri()
    context, page, errors, dialogs, blocked = open_page(browser, page_url)
    text = page.inner_text("body")
    scripts = page.eval_on_selector_all("script", "els => els.length")
    handlers = page.eval_on_selector_all("[onerror], [onload], [onclick]", "els => els.length")
    context.close()
    assert dialogs == [] and errors == []
    assert PAYLOAD in text  # shown as text
    assert scripts == 0 and handlers == 0


def test_every_page_title_names_the_office_region_and_year(browser, reports):
    import renja_lib

    ident = renja_lib.load(reports.parent / "renja_payload.txt").identity
    pages = sorted(reports.glob("*/*.html"))
    assert len(pages) == 2
    for path in pages:
        context, page, errors, dialogs, blocked = open_page(browser, path.as_uri())
        title, heading = page.title(), page.inner_text("h1")
        context.close()
        for part in (ident.office, ident.region, str(ident.plan_year)):
            assert part in title and part in heading, (path.name, part, title, heading)


def test_the_index_shows_the_headline_figures_and_their_charts(browser, reports):
    import renja_lib

    ident = renja_lib.load(reports.parent / "renja_payload.txt").identity
    context, page, errors, dialogs, blocked = open_page(browser, (reports / "index.html").as_uri())
    text = page.inner_text("body")
    thumbs = page.eval_on_selector_all("div.thumbs img", "els => els.map(e => [e.naturalWidth, e.complete, e.alt])")
    context.close()
    assert errors == [] and blocked == [] and dialogs == []
    assert ident.office in text and str(ident.plan_year) in text
    for figure in ("TPT 2021", "6,23% (target 5,71%)", "TPAK 2021", "71,66% (target 67,78%)", "TKK 2021",
                   "93,77% (target 94,29%)"):
        assert figure in text, figure
    assert len(thumbs) == 3 and all(w > 0 and ok and alt for w, ok, alt in thumbs), thumbs
