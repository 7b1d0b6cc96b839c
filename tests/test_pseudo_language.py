"""Every word a user sees comes from the catalogue: render the outputs with a bracketed catalogue and look for
words outside the brackets.

The catalogue is replaced (through ``RENJA_CATALOGUE``, the way an office rewords it) by one whose Indonesian
texts are all ``⟦…⟧``. Then every notebook runs in this process with its default parameters, as a report run
does: what it displays (sentences, tables and their headers, the texts drawn on every chart) is collected; so is
the index page, a report page's frame and what the command line prints. Outside the brackets only these may
remain: numbers and punctuation, words quoted from the document (programme names, units, table labels), the
units of the number formats (``Rp``, ``M``, ``jt``, ``poin``, ...) and a short list of terms of art that are the
same in every language.
"""
from __future__ import annotations

import ast
import contextlib
import json
import re
from pathlib import Path

import matplotlib
import pytest
import yaml

from renja_lib.text import catalogue as cat

ROOT = Path(__file__).resolve().parent.parent
OPEN, CLOSE = "⟦", "⟧"

#: Words that are the same in every language, or are file and format names, and so are not in the catalogue.
ALLOWED = {
    # units written by renja_lib.text.formats
    "Rp", "M", "jt", "rb", "T", "poin", "persen", "pp",
    # terms of art, abbreviations and names used as they are in both languages
    "Renja", "Renstra", "RKPD", "TPT", "TPAK", "TKK", "BPS", "DJPK", "ASN", "Permendagri", "Sakernas",
    "ipynb", "html", "csv", "xlsx", "png", "svg", "txt", "figures", "renja", "renja_lib", "Notebook", "Status",
    "Kota", "Kabupaten", "Pasuruan",
}


def _bracket(template: str) -> str:
    """``template`` with each of its literal parts in brackets and its fields outside them: a word a field
    brings in (a code, another library's text) shows outside the brackets unless it comes from the catalogue."""
    import string

    out = []
    for literal, name, spec, conversion in string.Formatter().parse(template):
        if literal.strip():
            out.append(OPEN + literal.replace("{", "{{").replace("}", "}}") + CLOSE)
        elif literal:
            out.append(literal)
        if name is not None:
            out.append("{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}")
    return "".join(out)


def _bracketed_catalogue(folder: Path) -> None:
    """Write every entry of the shipped catalogue with the literal parts of its Indonesian text(s) in brackets."""
    by_file: dict[str, dict] = {}
    for key, texts in cat.catalogue().items():
        namespace, name = key.split(".", 1)
        text = texts["id"]
        wrapped = _bracket(text) if isinstance(text, str) else {form: _bracket(t) for form, t in text.items()}
        by_file.setdefault(namespace, {})[name] = {"id": wrapped}
    for namespace, entries in by_file.items():
        (folder / f"{namespace}.yaml").write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")


def _outside(text: str) -> str:
    """``text`` without its bracketed parts (brackets nest: a message inside a message)."""
    out, depth = [], 0
    for ch in text:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
        else:
            continue
        if depth and ch == OPEN and out and out[-1] != " ":
            out.append(" ")
    return "".join(out)


WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@pytest.fixture(scope="module")
def doc_path() -> Path:
    from renja_lib.config import DEFAULT_SOURCE

    return DEFAULT_SOURCE


@pytest.fixture(scope="module")
def document_words(doc_path) -> set[str]:
    """Every word of the document: a word quoted from it (a programme's name, a unit) is not the tool's."""
    text = Path(doc_path).read_text(encoding="utf-8", errors="replace")
    words = {w.casefold() for w in WORD.findall(text)}
    return words | {part for w in words for part in re.split(r"[-'’]", w) if part}


@pytest.fixture(scope="module")
def bracketed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bracketed")
    cat.reload()
    _bracketed_catalogue(folder)
    mp = pytest.MonkeyPatch()
    mp.setenv(cat.OVERRIDE_ENV, str(folder))
    cat.reload()
    yield folder
    mp.undo()
    cat.reload()


#: What a text quotes rather than says: a path or file name, a value in quotes, an identifier (``parent_sum``,
#: the name of a rule or a parameter as the files and options write it).
QUOTED = re.compile(r"\S*/\S*|\S+\.(?:csv|txt|yaml|yml|xlsx|json|html|ipynb)\b|'[^']*'|\b[a-z]+(?:_[a-z0-9]+)+\b")


def _stray_words(texts: list[str], document_words: set[str]) -> list[tuple[str, str]]:
    allowed = {w.casefold() for w in ALLOWED}
    stray = []
    for text in texts:
        for word in WORD.findall(QUOTED.sub(" ", _outside(text))):
            w = word.strip("'’-").casefold()
            if w and w not in allowed and w not in document_words:
                stray.append((word, text[:160]))
    return stray


# ---------------------------------------------------------------- the notebooks, in this process
def _visible_texts(value) -> list[str]:
    """The texts a displayed object shows."""
    from bs4 import BeautifulSoup

    if value is None:
        return []
    if isinstance(value, matplotlib.figure.Figure):
        return [t.get_text() for t in value.findobj(matplotlib.text.Text) if t.get_visible() and t.get_text()]
    fig = getattr(value, "fig", None) or getattr(value, "figure", None)
    if isinstance(fig, matplotlib.figure.Figure):
        return _visible_texts(fig)
    for method in ("_repr_html_", "_repr_markdown_"):
        if hasattr(value, method):
            shown = getattr(value, method)()
            if shown:
                soup = BeautifulSoup(shown if isinstance(shown, str) else shown[0], "html.parser")
                return [s for s in soup.stripped_strings]
    data = getattr(value, "data", None)
    if isinstance(data, str):
        return [data]
    return [str(value)]


def _run_notebook(path: Path, shown: list) -> None:
    """Run the code cells of ``path`` here, with its default parameters, collecting what it displays."""
    import IPython.display
    import matplotlib.pyplot as plt

    from renja_lib.present import figure_files, sentences

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace: dict = {"__name__": "__notebook__"}
    real_chart = sentences.chart

    def chart(fig, name, figures_dir):
        shown.append(fig)
        return real_chart(fig, name, None)

    # the notebook sets the language of error messages (use_language(lang)); conftest puts it back after the test
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
        mp.setattr(sentences, "display", lambda *objs, **kw: shown.extend(objs), raising=False)
        mp.setattr(sentences, "chart", chart)
        for cell in cells:
            if cell["cell_type"] != "code":
                continue
            tree = ast.parse("".join(cell["source"]))
            last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            exec(compile(tree, f"{path.name}", "exec"), namespace)  # noqa: S102 (our own notebooks)
            if last is not None:
                shown.append(eval(compile(ast.Expression(last.value), path.name, "eval"), namespace))  # noqa: S307
    figure_files.wait_for_files()
    plt.close("all")


NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_word_a_notebook_shows_comes_from_the_catalogue(notebook, bracketed, document_words):
    shown: list = []
    _run_notebook(notebook, shown)
    texts = [t for value in shown for t in _visible_texts(value)]
    assert sum(OPEN in t for t in texts) >= 3, "the notebook showed (almost) nothing from the catalogue"
    stray = _stray_words(texts, document_words)
    assert not stray, f"{len(stray)} words outside the catalogue, e.g. {stray[:12]}"


# ---------------------------------------------------------------- the pages' frame and the index
def test_the_index_page_and_a_page_frame_come_from_the_catalogue(bracketed, document_words, tmp_path):
    from bs4 import BeautifulSoup

    from renja_lib.run import pages
    from renja_lib.run.plan import NotebookResult, ReportRun

    slug = "renja-demo-2023"
    (tmp_path / slug).mkdir()
    run = ReportRun(slug, doc_path, {"lang": "id"}, ())
    results = [NotebookResult(slug, "01_overview", "ok", 1.5),
               NotebookResult(slug, "02_labour_indicators", "failed", 2.0, 4, "ValueError: x"),
               NotebookResult(slug, "03_budget_absorption", "timeout", 2.0),
               NotebookResult(slug, "04_performance_achievement", "interrupted", 0.0)]
    pages.write_index(tmp_path, [run], results, "id")
    soup = BeautifulSoup((tmp_path / "index.html").read_text(encoding="utf-8"), "html.parser")
    quoted = {slug, "ipynb", "lang=id", "ValueError: x"} | {r.notebook for r in results}
    texts = [s for s in soup.stripped_strings if s not in quoted and not s.endswith(" s")]
    assert sum(OPEN in t for t in texts) >= 5
    stray = _stray_words([t.replace("ValueError: x", "") for t in texts], document_words)
    assert not stray, stray[:12]


def test_a_report_page_frame_comes_from_the_catalogue(bracketed, document_words):
    import nbformat
    from bs4 import BeautifulSoup

    from renja_lib.run.pages import HtmlWriter
    from renja_lib.run.plan import NotebookResult

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output(
        "display_data", data={"image/png": "iVBORw0KGgo=", "text/plain": "<Figure>"})])])
    failed = NotebookResult("renja-demo", "02_labour_indicators", "failed", 1.0, 3, "ValueError: x")
    page = HtmlWriter(with_code=False).page(nb, "02_labour_indicators", "id", failed)
    soup = BeautifulSoup(page, "html.parser")
    texts = [s for s in soup.stripped_strings if s not in {"02_labour_indicators", "<Figure>"}]
    texts += [img.get("alt", "") for img in soup.find_all("img")]
    assert sum(OPEN in t for t in texts) >= 3
    stray = _stray_words([t.replace("ValueError: x", "") for t in texts], document_words)
    assert not stray, stray[:12]


# ---------------------------------------------------------------- the command line
def test_what_the_command_line_prints_comes_from_the_catalogue(bracketed, document_words, tmp_path, capsys,
                                                               doc_path):
    from renja_lib.cli.commands import main

    assert main(["extract", str(doc_path), "--out", str(tmp_path / "x")]) == 0
    main(["audit", str(doc_path), "--out", str(tmp_path / "a")])
    out, err = capsys.readouterr()
    lines = [ln for ln in (out + err).splitlines() if ln.strip()]
    assert sum(OPEN in ln for ln in lines) >= 5
    paths = (str(tmp_path), str(doc_path))
    texts = [ln for ln in lines if not any(p in ln for p in paths)] + [
        _outside(ln).replace(str(tmp_path), "").replace(str(doc_path), "") for ln in lines
        if any(p in ln for p in paths)]
    stray = _stray_words(texts, document_words)
    assert not stray, stray[:12]


def _bad_inputs(tmp_path: Path, doc_path: Path) -> list[tuple[list[str], tuple[str, ...]]]:
    """Command lines that fail on bad input, each with the values it quotes back (not words of the tool)."""
    text = Path(doc_path).read_text(encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    no_tables = tmp_path / "letter.txt"
    no_tables.write_text("Kepada Yth. Kepala Dinas\n\nDengan hormat,\n", encoding="utf-8")
    cut = tmp_path / "cut.txt"
    start = text.index("Tabel 2.1")
    cut.write_text(text[: start + (len(text) - start) // 3], encoding="utf-8")
    damaged = tmp_path / "damaged.txt"
    lines = text.split("\n")
    damaged.write_text("\n".join(ln.replace("\t", "\t\t\t", 1) if i % 37 == 0 and "\t" in ln else ln
                                  for i, ln in enumerate(lines)), encoding="utf-8")
    plan = tmp_path / "plan.yaml"
    plan.write_text("- source: [1, 2\n", encoding="utf-8")
    params = tmp_path / "params.yaml"
    params.write_text("- parameters:\n    tolerance: banyak\n", encoding="utf-8")
    out = str(tmp_path / "o")
    return [
        (["extract", str(tmp_path / "missing.txt"), "--out", out], ()),
        (["extract", str(binary), "--out", out], ()),
        (["extract", str(no_tables), "--out", out], ()),
        (["extract", str(cut), "--out", out], ()),
        (["extract", str(damaged), "--out", out], ()),
        (["extract", str(doc_path), "--out", ""], ("''",)),
        (["audit", str(doc_path), "--tolerance", "-1", "--out", out], ("'-1'", "-1")),
        (["report", str(doc_path), "--jobs", "0", "--out", out], ()),
        (["report", str(doc_path), "-p", "lang=fr", "--out", out], ("lang",)),
        (["report", str(doc_path), "-p", "nope=1", "--out", out], ("nope", "lang", "method", "region", "tolerance",
                                                                     "top", "neighbours")),
        (["report", "--params-file", str(params), "--out", out], ("banyak", "tolerance")),
        (["report", "--params-file", str(plan), "--out", out], ("expected ',' or ']', but got '<stream end>'",)),
    ]


def test_error_messages_and_problems_come_from_the_catalogue(bracketed, document_words, tmp_path, capsys,
                                                             doc_path):
    """Bad input of each kind: the error line (and the problems listed) in the catalogue's words."""
    from renja_lib.cli.commands import main

    texts, failed = [], 0
    for argv, quoted in _bad_inputs(tmp_path, doc_path):
        code = main(argv)
        out, err = capsys.readouterr()
        failed += code != 0
        for line in (out + err).splitlines():
            if not line.strip() or line.startswith("usage:"):
                continue
            line = line.replace(str(tmp_path), "").replace(str(doc_path), "").replace("renja: error:", "")
            for value in quoted:
                line = line.replace(value, "")
            texts.append(line)
    assert failed >= 8, "the bad inputs did not fail"
    assert sum(OPEN in t for t in texts) >= 10
    stray = _stray_words(texts, document_words)
    assert not stray, f"{len(stray)} words outside the catalogue, e.g. {stray[:12]}"


def test_the_stray_word_finder_finds_words():
    # the tests above would pass vacuously if nothing could be found outside brackets
    assert _stray_words([f"{OPEN}kata{CLOSE} outside {OPEN}a {OPEN}b{CLOSE}{CLOSE} 12,5%"], set()) == [
        ("outside", f"{OPEN}kata{CLOSE} outside {OPEN}a {OPEN}b{CLOSE}{CLOSE} 12,5%")]
    assert _outside(f"x {OPEN}y {OPEN}z{CLOSE} w{CLOSE} v") == "x  v"
