"""A PDF or .docx read through its rendering (issue 14): the form told by the first bytes, the rendering's lines
read like a text file's, every locator of kind pdf/docx with the rendering's pages, its problems in
doc.problems, and ``renja extract`` writing the text as read (document.txt)."""
from __future__ import annotations

import sys
import types

import pytest

from renja_lib import load
from renja_lib.cli import main
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.rendering import Rendering, RenderProblem, sniff
from renja_lib.read.source import read_source
from renja_lib.text import Message
from renja_lib.write.outputs import DOCUMENT_TEXT


@pytest.mark.parametrize("head, kind", [
    (b"%PDF-1.4\n%\xe2\xe3", "pdf"),
    (b"\xef\xbb\xbf junk before the header %PDF-1.7", "pdf"),  # up to 1024 bytes may come first
    (b"PK\x03\x04\x14\x00\x06\x00", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "ole"),
    (b"{\\rtf1\\ansi", "rtf"),
    (b"BAB I\nPENDAHULUAN", "text"),
    (b"PDF", "text"),
])
def test_the_form_is_told_by_the_first_bytes(head, kind):
    assert sniff(head) == kind


def test_a_rendering_is_lines_with_one_page_each():
    with pytest.raises(ValueError, match="one page per line"):
        Rendering("pdf", ("a", "b"), (1,))
    with pytest.raises(ValueError, match="kind"):
        Rendering("odt", ("a",))
    with pytest.raises(ValueError, match="no line break"):
        Rendering("docx", ("a\nb",))


@pytest.fixture()
def fake_pdf(tmp_path, monkeypatch):
    """A file that starts like a PDF, rendered by a stand-in of the PDF reader into the bundled text's lines on
    pages of 60 lines, with one page it could not read."""
    lines = tuple(DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")[:-1])
    pages = tuple(1 + i // 60 for i in range(len(lines)))
    unread = RenderProblem(Message("errors_read.source.rtf"), page=3)
    module = types.ModuleType("renja_lib.read.pdf_rendering")
    module.render_pdf = lambda path, data=None: Rendering("pdf", lines, pages, (unread,))
    monkeypatch.setitem(sys.modules, "renja_lib.read.pdf_rendering", module)
    path = tmp_path / "renja.bin"  # the name says nothing: the first bytes do
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)))
    return path, pages


def test_a_rendered_document_is_read_like_its_text_and_located_in_the_user_s_file(fake_pdf, doc):
    path, pages = fake_pdf
    rendered = load(path)
    assert rendered.source.kind == "pdf" and rendered.source.pages == pages
    for name, frame in doc.tables.items():
        mine = rendered.tables[name]
        assert set(mine["source_kind"]) == {"pdf"}
        assert mine["source_page"].tolist() == [pages[ln - 1] for ln in mine["source_line"]]
        same = [c for c in frame.columns if not c.startswith("source_")]
        assert mine[same].equals(frame[same]), name
    problem = rendered.problems.iloc[0]
    assert (problem["source_kind"], problem["source_page"]) == ("pdf", 3)
    assert len(rendered.problems) == len(doc.problems) + 1
    assert set(rendered.facts["source_kind"]) == {"pdf"}
    assert rendered.locator(965, "Tabel 4.1").describe("en", by="row") == f"p. {pages[964]}, Table 4.1 row 1"


def test_extract_writes_the_text_as_read_with_its_page_marks(fake_pdf, tmp_path, capsys):
    path, pages = fake_pdf
    out = tmp_path / "out"
    assert main(["extract", str(path), "--out", str(out)]) == 0
    capsys.readouterr()
    text = out / DOCUMENT_TEXT
    again = read_source(text)
    assert again.lines == load(path).source.lines and again.pages == pages
    assert text.read_text(encoding="utf-8").count("\f") == max(pages) - 1
    # read back as a text file, the tables are those of the rendering, on the same pages
    back = load(text)
    assert back.plan_budget["source_page"].tolist() == load(path).plan_budget["source_page"].tolist()


def test_extract_of_a_text_file_writes_it_as_read(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["extract", "--out", str(out)]) == 0
    capsys.readouterr()
    assert read_source(out / DOCUMENT_TEXT).lines == read_source(DEFAULT_SOURCE).lines


def test_a_rendering_is_made_once_per_content(tmp_path, monkeypatch):
    """A report loads its document once per notebook: the same bytes are rendered once, other bytes again."""
    from renja_lib.read import source

    calls = []
    module = types.ModuleType("renja_lib.read.docx_rendering")
    module.render_docx = lambda path, data=None: calls.append(path) or Rendering("docx", ("Tabel 9.9", "a\tb"))
    monkeypatch.setitem(sys.modules, "renja_lib.read.docx_rendering", module)
    monkeypatch.setattr(source, "_RENDERINGS", {})
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    first.write_bytes(b"PK\x03\x04" + bytes(100))
    second.write_bytes(b"PK\x03\x04" + bytes(100))
    assert read_source(first).lines == read_source(second).lines == ("Tabel 9.9", "a\tb")
    assert read_source(first).kind == "docx" and len(calls) == 1
    second.write_bytes(b"PK\x03\x04" + bytes(101))
    read_source(second)
    assert len(calls) == 2
    for n in range(source._RENDERINGS_KEPT + 2):  # a bounded number kept
        other = tmp_path / f"{n}.docx"
        other.write_bytes(b"PK\x03\x04" + bytes(200 + n))
        read_source(other)
    assert len(source._RENDERINGS) == source._RENDERINGS_KEPT


def test_facts_and_audit_take_a_rendered_document(fake_pdf, tmp_path, capsys):
    """renja facts and renja audit read a PDF as extract does: the draft and the findings point into its pages."""
    import pandas as pd

    path, pages = fake_pdf
    draft = tmp_path / "draft.csv"
    assert main(["facts", str(path), "--out", str(draft)]) == 0
    assert main(["audit", str(path), "--out", str(tmp_path / "audit")]) == 0
    capsys.readouterr()
    facts = pd.read_csv(draft)
    assert len(facts) > 100 and set(facts["origin"]) == {"auto"}
    findings = pd.read_csv(tmp_path / "audit" / "findings.csv")
    located = findings.dropna(subset=["source_line"])
    assert len(located) > 0 and set(located["source_kind"]) == {"pdf"}
    assert all(page == pages[int(line) - 1] for line, page in zip(located["source_line"], located["source_page"]))
