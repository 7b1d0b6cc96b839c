"""Shared fixtures: the real document, and copies of it changed on purpose."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import matplotlib
import pytest

matplotlib.use("Agg")
os.environ.setdefault("MPLBACKEND", "Agg")

from renja_lib import load  # noqa: E402
from renja_lib.config import DEFAULT_SOURCE  # noqa: E402
from renja_lib.text import use_language  # noqa: E402

# The tests read error messages and reading problems in English (the outputs take their own ``lang``); the
# Indonesian texts are checked where a test asks for them (render("id"), --lang id, use_language("id")).
use_language("en")


@pytest.fixture(autouse=True)
def _messages_in_english():
    """Each test starts with messages in English, whatever the test before set (a notebook run in this
    process sets its own ``lang``)."""
    use_language("en")
    yield
    use_language("en")


@pytest.fixture(scope="session")
def doc():
    """The bundled Renja 2023, read once for the session."""
    return load()


@pytest.fixture(scope="session")
def raw_text() -> str:
    return DEFAULT_SOURCE.read_text(encoding="utf-8")


@pytest.fixture()
def doc_copy(tmp_path, raw_text):
    """Write a changed copy of the real document; returns its path.

    ``doc_copy(lambda text: text.replace(...))`` or ``doc_copy(text=...)``; the
    facts file is copied beside it when ``with_facts`` is true.
    """

    def make(change=None, *, text: str | None = None, name: str = "renja_copy.txt", with_facts: bool = False,
             encoding: str = "utf-8", newline: str = "\n", bom: bool = False) -> Path:
        body = text if text is not None else raw_text
        if change is not None:
            body = change(body)
        path = tmp_path / name
        data = body.replace("\n", newline).encode(encoding)
        if bom:
            data = b"\xef\xbb\xbf" + data
        path.write_bytes(data)
        facts = DEFAULT_SOURCE.with_name(DEFAULT_SOURCE.stem + ".facts.csv")
        if with_facts and facts.exists():
            shutil.copy(facts, path.with_name(path.stem + ".facts.csv"))
        return path

    return make


def _replace_line(text: str, number: int, old: str, new: str) -> str:
    """Replace ``old`` by ``new`` on 1-based line ``number``, failing loudly if it is not there."""
    lines = text.split("\n")
    assert old in lines[number - 1], f"{old!r} not on line {number}: {lines[number - 1]!r}"
    lines[number - 1] = lines[number - 1].replace(old, new)
    return "\n".join(lines)


@pytest.fixture()
def replace_line():
    """``replace_line(text, number, old, new)``: change one line of a document's text."""
    return _replace_line


def _kernels_of(proc, tries: int = 600) -> list:
    """The ipykernel processes a running ``renja report`` started (psutil), waited for up to a minute."""
    import time

    import psutil

    runner = psutil.Process(proc.pid)
    for _ in range(tries):
        kernels = [c for c in runner.children(recursive=True) if "ipykernel" in " ".join(c.cmdline())]
        if kernels:
            return kernels
        time.sleep(0.1)
    raise AssertionError("no kernel started")


@pytest.fixture()
def kernels_of():
    """``kernels_of(proc)``: the kernels a ``renja report`` subprocess started, once there is one."""
    return _kernels_of


@pytest.fixture(scope="session")
def text_doc(tmp_path_factory):
    """The bundled text read from a folder without its facts file: the narrative read as it is from a .docx or a
    PDF print of it (the tests of other forms compare with this)."""
    path = tmp_path_factory.mktemp("text") / "renja.txt"
    shutil.copy(DEFAULT_SOURCE, path)
    return load(path)
