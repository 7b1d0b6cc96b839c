"""The notebooks read as analyses (issue 15): Markdown in pairs per language, question, method and caveats,
no figure typed into the text, and a report that keeps its own language.

The rule for figures in Markdown: no digit, except where it belongs to a formula's constant or a table's
name. What is allowed is :data:`ALLOWED_NUMBERS` (``× 100``, ``100 −`` as in ``TKK = 100 − TPT``, ``2 ×`` of
the two-minus formula, ``Tabel 2.1`` / ``Table 2.1``); everything else (a threshold, a band limit, a year, a
value) is computed and shown by a code cell (``renja_lib.present.method_tables``).
"""
from __future__ import annotations

import ast
import re

import nbformat
import pandas as pd
import pytest

from renja_lib import RenjaError
from renja_lib.analyse import performance, ratings
from renja_lib.config import NOTEBOOKS_DIR
from renja_lib.present import method_tables
from renja_lib.run.notebook_language import cell_languages, keep_language, language_tag, read_in_language
from renja_lib.run.parameters import REGISTRY
from renja_lib.text import LANGS

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
#: Digits a notebook's Markdown may hold: constants of a formula and tables' names (see the module docstring).
ALLOWED_NUMBERS = re.compile(r"× 100\b|\b100 −|\b2 ×|\b(?:Tabel|Table) \d+(?:\.\d+)?")
#: The lead-in of each part of a section, per language, in this order.
LABELS = {"id": ("**Pertanyaan.**", "**Metode.**", "**Catatan.**"),
          "en": ("**Question.**", "**Method.**", "**Caveats.**")}
#: Small words that tell the two languages apart (a word of the other language in a paragraph is counted too).
WORDS = {"id": {"yang", "dan", "di", "dari", "untuk", "dengan", "ini", "itu", "atau", "tidak", "setiap", "pada",
                "dalam", "menurut", "bila", "adalah", "sebagai", "tetapi", "juga", "seberapa", "apakah", "bukan",
                "bagaimana", "berapa", "mana", "oleh", "ke", "tanpa", "sudah", "belum", "harus", "anda"},
         "en": {"the", "and", "of", "is", "to", "which", "for", "with", "this", "or", "not", "each", "every",
                "from", "where", "are", "by", "as", "its", "how", "does", "what", "a", "an", "when", "in", "on", "be",
                "without", "into", "your", "than"}}
#: Names in backticks that are not parameters.
NOT_PARAMETERS = {"renja_lib", "renja facts"}


def read(path):
    return nbformat.read(path, as_version=4)


def markdown(nb):
    return [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "markdown"]


def parameters_index(nb) -> int:
    return next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))


# ---------------------------------------------------------------- the rules, as functions a test can break

def pair_problems(nb) -> list[str]:
    """Every way the Markdown cells of ``nb`` are not pairs: a cell tagged ``lang-id`` (exactly one language
    tag), the cell right after it tagged ``lang-en``."""
    problems = []
    cells = markdown(nb)
    k = 0
    while k < len(cells):
        i, cell = cells[k]
        langs = cell_languages(cell)
        if langs != {"id"}:
            problems.append(f"cell {i} ({cell.get('id')}): expected a lang-id cell opening a pair, tagged {langs}")
            k += 1
            continue
        if k + 1 >= len(cells) or cells[k + 1][0] != i + 1:
            problems.append(f"cell {i} ({cell.get('id')}): its lang-en cell is not the next cell")
            k += 1
            continue
        j, other = cells[k + 1]
        if cell_languages(other) != {"en"}:
            problems.append(f"cell {j} ({other.get('id')}): expected lang-en after lang-id, tagged "
                            f"{cell_languages(other)}")
        k += 2
    return problems


def typed_figures(text: str) -> list[str]:
    """The figures typed into a Markdown text: every run of digits left after the allowed ones are taken out."""
    return re.findall(r"\S*\d\S*", ALLOWED_NUMBERS.sub(" ", text))


def _prose(text: str) -> str:
    return re.sub(r"`[^`]*`", " ", text)


def word_counts(paragraph: str) -> dict[str, int]:
    words = re.findall(r"[a-z]+", _prose(paragraph).casefold())
    return {lang: sum(w in WORDS[lang] for w in words) for lang in LANGS}


def language_problems(text: str, lang: str) -> list[str]:
    """Paragraphs of ``text`` (a cell written in ``lang``) that read as the other language."""
    other = next(x for x in LANGS if x != lang)
    problems = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.lstrip().startswith("#"):  # a title: names and acronyms
            continue
        counts = word_counts(paragraph)
        if counts[lang] < 2 or counts[other] * 2 >= counts[lang]:
            problems.append(f"{counts} in {paragraph[:60]!r}")
    return problems


def section_problems(nb) -> list[str]:
    """A notebook opens with an intro pair above its parameters cell; every pair after it is a section with a
    question, a method and caveats, in that order; no pair sits between the parameters and the page's title
    (the HTML page would show it above its title); and there is at least one section."""
    problems = []
    params = parameters_index(nb)
    title = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code" and "page_title" in c.source), None)
    cells = markdown(nb)
    if not cells or cells[0][0] != 0 or not cells[0][1].source.startswith("# "):
        problems.append("the first cell is not the intro's lang-id cell with a title")
    sections = [(i, c) for i, c in cells if i > params]
    if not sections:
        problems.append("no section after the parameters cell")
    for i, cell in sections:
        if title is None or i < title:
            problems.append(f"cell {i}: Markdown between the parameters and the page title")
        for lang in cell_languages(cell) & set(LABELS):
            at = [cell.source.find(label) for label in LABELS[lang]]
            if -1 in at or at != sorted(at):
                problems.append(f"cell {i} ({lang}): expected {LABELS[lang]} in this order")
    return problems


# ---------------------------------------------------------------- the notebooks

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_markdown_comes_in_pairs_tagged_per_language(path):
    nb = read(path)
    assert pair_problems(nb) == []
    assert len(markdown(nb)) >= 4


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_each_cell_of_a_pair_is_written_in_its_language(path):
    for _, cell in markdown(read(path)):
        (lang,) = cell_languages(cell)
        assert language_problems(cell.source, lang) == [], cell.id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_two_cells_of_a_pair_say_the_same_things(path):
    cells = [c for _, c in markdown(read(path))]
    for id_cell, en_cell in zip(cells[::2], cells[1::2]):
        assert id_cell.id.removesuffix("-id") == en_cell.id.removesuffix("-en")
        assert len(re.split(r"\n\s*\n", id_cell.source)) == len(re.split(r"\n\s*\n", en_cell.source)), id_cell.id
        # the same parameters, commands and formulas' constants named in both
        assert sorted(re.findall(r"`[^`]+`", id_cell.source)) == sorted(re.findall(r"`[^`]+`", en_cell.source))
        assert sorted(ALLOWED_NUMBERS.findall(id_cell.source.replace("Tabel", "Table"))) == \
            sorted(ALLOWED_NUMBERS.findall(en_cell.source)), id_cell.id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_figure_is_typed_into_markdown(path):
    for _, cell in markdown(read(path)):
        assert typed_figures(cell.source) == [], cell.id


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_section_states_its_question_method_and_caveats(path):
    assert section_problems(read(path)) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_parameters_the_text_names_are_the_notebook_s_own(path):
    nb = read(path)
    declared = {t.id for node in ast.parse(nb.cells[parameters_index(nb)].source).body
                if isinstance(node, ast.Assign) for t in node.targets}
    named = {m for _, c in markdown(nb) for m in re.findall(r"`([^`]+)`", c.source)} - NOT_PARAMETERS
    assert named <= set(REGISTRY), named - set(REGISTRY)
    assert named <= declared, named - declared


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_code_cells_type_no_figure_either(path):
    """Thresholds and bands come from renja_lib: no number is written in a code cell but the parameters."""
    nb = read(path)
    for cell in nb.cells:
        if cell.cell_type == "code" and "parameters" not in cell.metadata.get("tags", []):
            numbers = [n.value for n in ast.walk(ast.parse(cell.source))
                       if isinstance(n, ast.Constant) and isinstance(n.value, (int, float))
                       and not isinstance(n.value, bool)]
            assert numbers == [], (cell.id, cell.source)


#: What a text that names a rule's figures refers to: the code cell that shows them (English words -> call).
SHOWN_BY = {r"\bbands?\b": "method_tables.bands_table", r"\bfour cases\b": "method_tables.quadrant_table",
            r"\btolerance\b": "method_tables.tolerance_note", r"\bformulas\b": "method_tables.methods_table"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_the_figures_the_text_refers_to_are_shown_by_a_code_cell(path):
    nb = read(path)
    english = "\n".join(c.source for _, c in markdown(nb) if cell_languages(c) == {"en"})
    calls = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for words, call in SHOWN_BY.items():
        if re.search(words, _prose(english)):
            assert call in calls, (words, call)


def test_the_old_half_english_opening_is_gone():
    for path in NOTEBOOKS:
        text = path.read_text(encoding="utf-8")
        assert "Parameters below" not in text and "every text and figure is computed" not in text


# ---------------------------------------------------------------- the rules catch what they should

def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    return nb


def _md(text, *tags):
    return nbformat.v4.new_markdown_cell(text, metadata={"tags": list(tags)} if tags else {})


def test_a_broken_pair_is_caught():
    code = nbformat.v4.new_code_cell("x = 1")
    assert pair_problems(_nb(_md("a", "lang-id"), _md("b", "lang-en"))) == []
    assert pair_problems(_nb(_md("a", "lang-id"), code, _md("b", "lang-en")))  # not adjacent
    assert pair_problems(_nb(_md("b", "lang-en"), _md("a", "lang-id")))  # the wrong order
    assert pair_problems(_nb(_md("a", "lang-id")))  # alone
    assert pair_problems(_nb(_md("a"), _md("a", "lang-id"), _md("b", "lang-en")))  # untagged
    assert pair_problems(_nb(_md("a", "lang-id", "lang-en"), _md("b", "lang-en")))  # two tags


def test_typed_figures_are_caught_and_formulas_and_table_names_allowed():
    assert typed_figures("TKK = 100 − TPT; capaian = realisasi / target × 100; (2 × target − realisasi), "
                         "Tabel 2.1, Table 2.3") == []
    assert typed_figures("sangat tinggi ≥ 91") == ["91"]
    assert typed_figures("pita 76–90, tahun 2021, TPT 6,23 %") == ["76–90,", "2021,", "6,23"]
    assert typed_figures("di atas 100 tidak dipotong") == ["100"]
    assert typed_figures("the threshold of 91 % × 100") == ["91"]


def test_the_language_heuristic_tells_the_languages_apart():
    assert language_problems("Berapa bagian anggaran yang terserap dan untuk apa?", "id") == []
    assert language_problems("What share of the budget was spent, and for what?", "en") == []
    assert language_problems("What share of the budget was spent, and for what?", "id")
    assert language_problems("Berapa bagian anggaran yang terserap dan untuk apa?", "en")


def test_a_section_without_caveats_or_before_the_title_is_caught():
    nb = _nb(_md("# T\n\nHalaman ini", "lang-id"), _md("# T\n\nThis page", "lang-en"),
             nbformat.v4.new_code_cell("source = None", metadata={"tags": ["parameters"]}),
             nbformat.v4.new_code_cell("sentences.show(sentences.page_title(doc, 'audit', lang))"),
             _md("**Pertanyaan.** a\n\n**Metode.** b\n\n**Catatan.** c", "lang-id"),
             _md("**Question.** a\n\n**Method.** b", "lang-en"))
    assert section_problems(nb) == ["cell 5 (en): expected ('**Question.**', '**Method.**', '**Caveats.**') "
                                    "in this order"]
    nb.cells.insert(3, nb.cells.pop(4))  # a section above the title
    assert any("between the parameters and the page title" in p for p in section_problems(nb))


# ---------------------------------------------------------------- the report keeps its language

def test_keep_language_removes_the_other_language_and_keeps_the_rest():
    cells = [_md("untagged"), _md("Pertanyaan", "lang-id"), _md("Question", "lang-en"),
             nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["lang-id"]}),  # code always stays
             _md("Kedua", "note", "lang-id"), _md("Both", "lang-en", "lang-id"), nbformat.v4.new_raw_cell("raw")]
    nb = _nb(*cells)
    en = keep_language(nb, "en")
    assert [c.source for c in en.cells] == ["untagged", "Question", "x = 1", "Both", "raw"]
    assert [c.source for c in keep_language(nb, "id").cells] == ["untagged", "Pertanyaan", "x = 1", "Kedua",
                                                                 "Both", "raw"]
    assert len(nb.cells) == 7 and isinstance(en, nbformat.NotebookNode)  # the original is not changed
    assert nbformat.validate(en) is None
    with pytest.raises(RenjaError, match="lang must be one of"):
        keep_language(nb, "fr")
    assert language_tag("id") == "lang-id"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", LANGS)
def test_a_notebook_read_for_a_report_has_one_language(path, lang):
    whole = read(path)
    nb = read_in_language(path, lang)
    assert [c.source for c in nb.cells if c.cell_type == "code"] == \
        [c.source for c in whole.cells if c.cell_type == "code"]
    tags = [cell_languages(c) for c in nb.cells if c.cell_type == "markdown"]
    assert tags and all(t == {lang} for t in tags) and len(tags) * 2 == len(markdown(whole))


# ---------------------------------------------------------------- the method cells are computed

def test_the_bands_table_is_the_bands_the_code_rates_with(monkeypatch):
    frame = method_tables.bands_table("id").frame
    assert frame.iloc[:, 0].tolist() == ["sangat tinggi", "tinggi", "sedang", "rendah", "sangat rendah"]
    assert frame.iloc[:, 1].tolist() == ["91 atau lebih (juga di atas target: tidak dipotong)",
                                         "76 sampai di bawah 91", "66 sampai di bawah 76", "51 sampai di bawah 66",
                                         "di bawah 51"]
    assert [ratings.band_key(b.lower) for b in ratings.BANDS[:-1]] == [b.key for b in ratings.BANDS[:-1]]
    assert ratings.band_key(90.5) == "high"  # the published gap: banded by lower bound, as the table says
    # an office's own bands show as they rate: the table is read from the code, not typed
    monkeypatch.setattr(method_tables, "BANDS", (ratings.Band(90.0, "very_high"),
                                                 ratings.Band(float("-inf"), "very_low")))
    assert method_tables.bands_table("en").frame.iloc[:, 1].tolist() == [
        "90 or more (above the target too: not capped)", "below 90"]
    assert list(method_tables.bands_table("en").frame.columns) == ["Rating band", "Achievement (%)"]


def test_the_methods_table_names_the_formula_in_use():
    frame = method_tables.methods_table("two_minus", "en").frame
    assert frame.values.tolist() == [
        ["higher is better", "ratio", "realised / target × 100", "yes"],
        ["lower is better", "two minus the ratio", "(2 × target − realised) / target × 100", "yes"],
        ["lower is better", "inverse ratio", "target / realised × 100", "no"]]
    assert method_tables.methods_table("inverse_ratio", "id").frame.iloc[:, 3].tolist() == ["ya", "tidak", "ya"]
    with pytest.raises(RenjaError):
        method_tables.methods_table("median", "en")


def test_the_quadrant_table_gives_the_cases_the_efficiency_view_assigns(doc):
    eff = performance.efficiency(doc)
    table = method_tables.quadrant_table(eff, "en").frame
    assert table.values.tolist() == [["≥ 91", "≥ 91", "on track"],
                                     ["≥ 91", "< 91", "achieved but under-spent: check"],
                                     ["< 91", "≥ 91", "spent, target missed"],
                                     ["< 91", "< 91", "lagging"]]
    placed = eff.frame[eff.frame["quadrant"].isin(list(method_tables.CASES.values()))]
    assert len(placed) >= 2
    for _, row in placed.iterrows():
        case = ((row["achievement"] >= eff.achievement_threshold), (row["absorption"] >= eff.absorption_threshold))
        assert method_tables.CASES[case] == row["quadrant"]
    other = performance.efficiency(doc, achievement_threshold=80, absorption_threshold=60.5)
    assert method_tables.quadrant_table(other, "id").frame.iloc[1, :2].tolist() == ["≥ 80", "< 60,5"]


def test_the_basis_and_tolerance_notes_follow_their_parameters():
    assert "masing-masing" in method_tables.basis_note(None, "id")
    assert method_tables.basis_note("TKK", "en") == ("TPT and TKK are rated on one basis: TKK's achievement and "
                                                     "band (parameter `pair_basis`).")
    assert "0,50 persen poin" in method_tables.tolerance_note(0.5, "id")
    assert "2.00 percentage points" in method_tables.tolerance_note(2, "en")


def test_method_tables_are_shown_as_report_tables():
    html = method_tables.bands_table("en")._repr_html_()
    assert ">Rating band</th>" in html and ">76 to below 91</td>" in html
    assert isinstance(method_tables.bands_table("id").frame, pd.DataFrame)


# ---------------------------------------------------------------- a report page in one language (a kernel)

@pytest.mark.slow
def test_an_english_report_page_shows_the_english_text_only(tmp_path):
    from renja_lib.run.runner import plan_runs, run_report

    runs = plan_runs(notebooks=["02_labour_indicators"], lang="en")
    results = run_report(runs, tmp_path, quiet=True, lang="en")
    assert [r.status for r in results] == ["ok"]
    folder = tmp_path / runs[0].slug
    page = (folder / "02_labour_indicators.html").read_text(encoding="utf-8")
    assert "<strong>Question.</strong> Did each labour indicator reach its target" in page
    assert "Pertanyaan" not in page and "Apakah setiap indikator" not in page
    assert "Rating band" in page and "76 to below 91" in page  # the bands, computed
    assert "TPT and TKK are each rated by their own formula" in page
    assert "This page answers" not in page  # the intro is for JupyterLab: the page opens with its title
    executed = nbformat.read(folder / "02_labour_indicators.ipynb", as_version=4)
    assert {frozenset(cell_languages(c)) for c in executed.cells if c.cell_type == "markdown"} == {frozenset({"en"})}
