"""Debian's Chromium driven by Playwright, as the browser tests launch it: headless, no sandbox (containers run
as root), nothing fetched (no browser download: the system's chromium, ``.ci/run`` installs it)."""
from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@contextlib.contextmanager
def offline_chromium() -> Iterator:
    """A launched Playwright browser on :data:`CHROMIUM`, closed on leaving."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        try:
            yield browser
        finally:
            browser.close()
