"""The same document as text, Word and PDF gives the same reports (issue 14, "Done when"): every figure a page
shows (amounts, percentages, counts as the pages write them), its title and its sentences, apart from where a
value came from (a line of the text, a page of the PDF)."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from renja_lib.config import DEFAULT_SOURCE, NOTEBOOKS_DIR

pytestmark = pytest.mark.slow

#: locators as the pages write them ("baris 318", "hal. 12", "Tabel 2.1 baris 5", "baris 318-320"): not compared
_LOCATOR = re.compile(r"\b(?:baris|hal\.|halaman|line|lines|p\.|page)\s*\d+(?:\s*[-–]\s*\d+)?", re.I)
#: a page named before the place it holds, in a PDF or Word file's locators ("hal. 7, narasi baris 275")
_PAGE_FIRST = re.compile(r"\b(?:hal\.|halaman|p\.|page)\s*\d+,\s*", re.I)
#: a figure as the pages write it: digits with Indonesian grouping or decimals (5.063.367.215, 66,60, 3,76)
_FIGURE = re.compile(r"(?<![\w.,])\d{1,3}(?:\.\d{3})+(?:,\d+)?(?![\w.,]\d)|(?<![\w.,])\d+,\d+(?![\w.,]\d)")


def _page_words(html: str, names: tuple[str, ...]) -> tuple[list[str], str]:
    """The figures of a page, in order, and its visible text with locators, the document's file name and bare
    whole numbers (the line and page columns of the tables shown) taken out."""
    body = html.split("<body", 1)[1]
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<img[^>]*>", " ", body)
    text = re.sub(r"<[^>]+>", " ", body)
    text = _PAGE_FIRST.sub("", text)  # "hal. 7, narasi baris 275" is the text's "narasi baris 287"
    text = _LOCATOR.sub(" ", text)
    figures = _FIGURE.findall(text)
    for name in names:
        text = text.replace(name, "DOCUMENT")
    text = re.sub(r"(?<![\w.,])\d+(?![\w.,]\d)", " ", text)
    return figures, " ".join(text.split())


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """One report run over the bundled text (without its facts file, as a PDF or .docx would come) and the same
    document as .docx and as a PDF printed by Chromium (landscape, page breaks inside the tables)."""
    from docx_documents import build_documents
    from pdf_documents import chromium_pdf

    from renja_lib.run.runner import plan_runs, run_report

    folder = tmp_path_factory.mktemp("forms")
    text = folder / "renja_text.txt"
    shutil.copyfile(DEFAULT_SOURCE, text)
    word = build_documents(folder)["pages"]
    pdf = chromium_pdf(folder, "landscape")
    runs = plan_runs([text, word, pdf])
    results = run_report(runs, folder / "reports", quiet=True)
    assert {r.status for r in results} == {"ok"}
    return {run.source.suffix: (folder / "reports" / run.slug, (run.source.name, run.source.stem)) for run in runs}


@pytest.mark.parametrize("form", [".docx", ".pdf"])
def test_word_and_pdf_give_the_reports_of_the_text(reports, form):
    pages = sorted(p.name for p in NOTEBOOKS_DIR.glob("*.ipynb"))
    for name in pages:
        page = Path(name).with_suffix(".html").name
        (text_dir, text_names), (other_dir, other_names) = reports[".txt"], reports[form]
        text_figures, text_words = _page_words((text_dir / page).read_text(encoding="utf-8"), text_names)
        other_figures, other_words = _page_words((other_dir / page).read_text(encoding="utf-8"), other_names)
        assert len(text_figures) > 0 or name.startswith("05"), page
        assert other_figures == text_figures, (form, page)
        assert other_words == text_words, (form, page)
