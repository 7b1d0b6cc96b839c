"""The Renja read from PDF (issue 14): prints of the bundled text give exactly the tables of the text form.

The prints are made here from the bundled text (:mod:`pdf_documents`): with Chromium in three layouts (portrait
with narrow columns, codes and names wrapped over several lines; landscape tables with page breaks inside Tabel 2.1
and 4.1 and their header repeated; justified serif prose with cells boxed apart) and with reportlab (grid lines,
BAB IV landscape). Each, read with
``renja_lib.load(path.pdf)``, must give every table of the text form value for value (codes, years, counts, the
row numbers and column labels of the locators), no problem, the same audit findings and the same identity (where
aside), and put every value on the page of the PDF that prints it. Then the edge cases: a row split across two
pages, a cut row whose rest is missing, a rotated page, scans, a password, a damaged or cut-short file.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import pdf_documents as docs
import renja_lib
from renja_lib.check.audit import audit
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.errors import RenjaError
from renja_lib.read.document import TABLE_NAMES
from renja_lib.read.pdf_rendering import _Joiner, render_pdf
from renja_lib.text import use_language

#: where a value stands in the user's file: the page and line differ between the forms, the rest must not
WHERE = ["source_kind", "source_page", "source_line"]
HAS_CHROMIUM = Path(docs.CHROMIUM).exists()
chromium = [pytest.mark.slow,
            pytest.mark.skipif(not HAS_CHROMIUM, reason="Debian chromium is not installed (.ci/run installs it)")]
PRINTS = [pytest.param("portrait", marks=chromium), pytest.param("landscape", marks=chromium),
          pytest.param("justified", marks=chromium), "reportlab"]


@pytest.fixture(scope="session")
def pdf_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="session")
def printed(pdf_dir):
    """``printed(name)``: the print ``name`` (made once) and the document read from it."""
    cache: dict[str, tuple[Path, renja_lib.Renja]] = {}

    def get(name: str):
        if name not in cache:
            if name != "reportlab":
                path = docs.chromium_pdf(pdf_dir, name)
            else:
                path = docs.reportlab_pdf(pdf_dir)
            cache[name] = (path, renja_lib.load(path))
        return cache[name]

    return get


def _comparable(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=WHERE).reset_index(drop=True)


def _findings(doc) -> set[tuple]:
    """The audit's findings without where they are (lines and pages, also inside the messages)."""
    found = audit(doc, lang="en").drop(columns=WHERE + ["other_line"])
    return {tuple(re.sub(r"\b(line|page)s? \d+", r"\1 N", str(v)) for v in row) for row in found.values.tolist()}


def _page_texts(path: Path) -> list[str]:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    try:
        return [" ".join(pdf[i].get_textpage().get_text_range().split()) for i in range(len(pdf))]
    finally:
        pdf.close()


# ---------------------------------------------------------------- the prints of the bundled text

@pytest.mark.parametrize("name", PRINTS)
def test_print_gives_the_tables_of_the_text_form(printed, text_doc, name):
    path, doc = printed(name)
    assert doc.source.kind == "pdf"
    assert doc.problems.empty, doc.problems[["line", "table", "raw", "message"]].head().to_string()
    assert sorted(doc.tables) == sorted(text_doc.tables) == sorted(TABLE_NAMES)
    for table in TABLE_NAMES:
        pd.testing.assert_frame_equal(_comparable(doc.tables[table]), _comparable(text_doc.tables[table]),
                                      obj=f"{name}: {table}")
    pd.testing.assert_frame_equal(_comparable(doc.stated_totals), _comparable(text_doc.stated_totals))
    assert (doc.plan_budget["source_kind"] == "pdf").all()


@pytest.mark.parametrize("name", PRINTS)
def test_print_gives_the_same_audit_and_identity(printed, text_doc, name):
    _, doc = printed(name)
    assert _findings(doc) == _findings(text_doc)
    for part in ("office", "region", "region_kind", "plan_year", "document_kind", "date"):
        assert getattr(doc.identity, part) == getattr(text_doc.identity, part), part
    # the narrative's figures: the same facts (where they stand aside), the same figures left unresolved
    key = ["quantity", "subject", "year", "period", "value", "unit"]
    facts = lambda d: sorted(map(tuple, d.facts[key].astype(str).values))  # noqa: E731
    assert facts(doc) == facts(text_doc) and len(facts(doc)) > 100
    assert sorted(doc.narrative.unresolved["reason"]) == sorted(text_doc.narrative.unresolved["reason"])


@pytest.mark.parametrize("name", PRINTS)
def test_every_value_is_on_its_page(printed, name):
    """A budget, a target and an evaluation value stand on the page of the PDF their locator names (each checked
    where its text is distinctive: printed on few pages)."""
    path, doc = printed(name)
    pages = _page_texts(path)
    checked = 0
    for frame, raw in ((doc.plan_budget, "budget_raw"), (doc.plan_targets, "raw"), (doc.evaluation, "raw"),
                       (doc.rkpd_review, "budget_stated")):
        for value, page in zip(frame[raw], frame["source_page"]):
            if not isinstance(value, str) or len(value) < 6:
                continue
            on = [i + 1 for i, text in enumerate(pages) if value in text]
            if 0 < len(on) <= 2:
                assert page in on, (name, value, page, on)
                checked += 1
    assert checked >= 80
    assert doc.plan_budget["source_page"].notna().all() and doc.evaluation["source_page"].notna().all()


@pytest.mark.parametrize("name", [pytest.param("landscape", marks=chromium), "reportlab"])
def test_tables_run_over_pages_as_one_table(printed, text_doc, name):
    """Tabel 2.1 and Tabel 4.1 break over pages with their header repeated: still one table each, its rows
    numbered as in the text form, its parts on successive pages."""
    _, doc = printed(name)
    for frame, label in ((doc.evaluation, "Tabel 2.1"), (doc.plan_budget, "Tabel 4.1")):
        spans = [s for s in doc.spans if s.label == label]
        assert len(spans) == 1
        pages = sorted(set(frame["source_page"]))
        assert len(pages) >= 3 and pages == list(range(pages[0], pages[-1] + 1))
    assert doc.summary()["rows"].tolist() == text_doc.summary()["rows"].tolist()


@pytest.mark.parametrize("name", PRINTS)
def test_running_headers_and_page_numbers_are_left_out(printed, name):
    path, doc = printed(name)
    lines = doc.source.lines
    assert sum(docs.RUNNING_HEADER in text for text in _page_texts(path)) >= 20
    assert not any(docs.RUNNING_HEADER in line for line in lines)
    marks = re.compile(r"^(\d{1,3}|[ivx]{1,5}|[IVX]{1,4}-\d{1,3}|Halaman \d+( dari \d+)?)$")
    assert not [line for line in lines if marks.match(line.strip())]


@pytest.mark.parametrize("name", [pytest.param("portrait", marks=chromium)])
def test_wrapped_codes_and_names_are_one_value(printed, name):
    """In the portrait print a code such as 2 07 01 2. 01 01 is printed over several lines of its cell, and so are
    the names: each is one cell of one line in the rendering."""
    path, doc = printed(name)
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if "Tabel 2.1" in (p.extract_text() or ""))
        cells = [c for t in page.extract_tables() for row in t for c in row if c]
    assert any(re.fullmatch(r"2 07\n01\n?.*", c, re.S) for c in cells)
    assert any("\n" in c and len(c) > 40 for c in cells)
    assert "2 07 01 2. 01 01" in doc.row_cells("Tabel 2.1", 5)[0]
    assert (doc.codes["code_raw"] == "2 07 01 2. 01 01").any()


# ---------------------------------------------------------------- rows split by a page, rotated pages

@pytest.fixture(scope="session")
def split_case(pdf_dir):
    table, target = docs.split_row_table()
    expected = pdf_dir / "split_expected.txt"
    expected.write_text(docs.split_row_text(table), encoding="utf-8")
    return docs.split_row_pdf(pdf_dir), renja_lib.load(expected), table.rows[target]


def test_a_row_split_across_two_pages_is_joined(split_case):
    path, expected, row = split_case
    doc = renja_lib.load(path)
    rendering = render_pdf(path)
    assert len(_page_texts(path)) == 2 and not rendering.problems
    # the long name starts on page 1 and ends on page 2: both halves read into one row, on page 1
    pages = _page_texts(path)
    name_words = row[1].split()
    assert name_words[0] in pages[0] and " ".join(name_words[-3:]) in pages[1]
    for table in ("plan_budget", "plan_targets"):
        pd.testing.assert_frame_equal(_comparable(doc.tables[table]), _comparable(expected.tables[table]))
    got = doc.plan_budget[doc.plan_budget["name"] == row[1]]
    assert len(got) == 2 and set(got["source_page"]) == {1}


def test_a_cut_row_whose_rest_is_missing_is_kept_and_reported(split_case, tmp_path):
    import pypdfium2 as pdfium

    path, _, row = split_case
    pdf = pdfium.PdfDocument(str(path))
    pdf.del_page(1)
    first_page = tmp_path / "first_page.pdf"
    pdf.save(str(first_page))
    pdf.close()
    rendering = render_pdf(first_page)
    assert [(p.page, p.message.key) for p in rendering.problems] == [(1, "errors_pdf.row_cut")]
    assert row[0] in rendering.problems[0].raw
    doc = renja_lib.load(first_page)
    assert row[0].replace(" ", "") in {c.replace(" ", "") for c in doc.codes["code_raw"]}


def test_a_rotated_page_is_read_as_shown(pdf_dir, text_doc):
    path = docs.rotated_pdf(pdf_dir, rows=6)
    rendering = render_pdf(path)
    assert not rendering.problems
    doc = renja_lib.load(path)
    first = text_doc.plan_budget[text_doc.plan_budget["source_row"] <= 6]
    pd.testing.assert_frame_equal(_comparable(doc.plan_budget), _comparable(first))
    page2 = [line for line, page in zip(rendering.lines, rendering.pages) if page == 2 and line]
    assert page2 == ["BAB V", "PENUTUP"] + docs.rotated_prose()


# ---------------------------------------------------------------- joining the lines of a cell

def test_wrapped_lines_join_with_a_space_or_after_a_hyphen_without():
    join = _Joiner({("spm", "/", "standar"): {" "}, ("perundang", "-", "undangan"): {"", " "}})
    assert join.cell(["2 07", "01 2.", "01"]) == "2 07 01 2. 01"
    assert join("Peraturan Perundang-", "undangan") == "Peraturan Perundang-undangan"
    assert join("Listrik/", "air/telepon") == "Listrik/air/telepon"
    assert join("SPM/", "Standar Nasional") == "SPM/ Standar Nasional"  # the document writes it only so
    assert join("2020 -", "2024") == "2020 - 2024"
    assert join("- event", "") == "- event"


# ---------------------------------------------------------------- what cannot be read

def test_a_scan_without_text_is_refused_and_needs_ocr(pdf_dir):
    path = docs.scanned_pdf(pdf_dir)
    with pytest.raises(RenjaError, match="none of the 3 pages of this PDF holds text") as err:
        renja_lib.load(path)
    assert err.value.path == str(path) and "ocrmypdf" in str(err.value) and "OCR" in str(err.value)
    use_language("id")
    assert "pengenalan teks (OCR)" in str(err.value) and "ocrmypdf" in str(err.value)


def test_pages_without_text_are_listed_and_the_rest_read(pdf_dir):
    rendering = render_pdf(docs.scanned_pdf(pdf_dir, "partly.pdf", text_pages=(1, 3)))
    assert [(p.page, p.message.key) for p in rendering.problems] == [(2, "errors_pdf.page_without_text")]
    assert "page 2 holds no text" in rendering.problems[0].message.render("en")
    assert [(line, page) for line, page in zip(rendering.lines, rendering.pages) if line] == [
        ("BAB I", 1), ("Halaman ini memuat teks yang dapat dibaca, halaman 1.", 1),
        ("BAB III", 3), ("Halaman ini memuat teks yang dapat dibaca, halaman 3.", 3)]


def test_a_password_protected_pdf_is_refused(pdf_dir):
    path = docs.encrypted_pdf(pdf_dir)
    with pytest.raises(RenjaError, match="protected with a password") as err:
        renja_lib.load(path)
    assert err.value.path == str(path)


def test_a_cut_short_pdf_is_refused(pdf_dir):
    whole = docs.rotated_pdf(pdf_dir, name="whole.pdf")
    for keep in (0.3, 0.97):
        path = docs.truncated_pdf(pdf_dir, whole, name=f"cut_{keep}.pdf", keep=keep)
        with pytest.raises(RenjaError, match="cut short") as err:
            render_pdf(path)
        assert err.value.path == str(path)


def test_a_damaged_pdf_is_refused(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8 + b"\n%%EOF\n")
    with pytest.raises(RenjaError, match="damaged and cannot be opened") as err:
        renja_lib.load(path)
    assert err.value.path == str(path)


# ---------------------------------------------------------------- how the pages are read

def test_no_page_is_parsed_twice(printed, monkeypatch):
    """A page with a ruled table is parsed by pdfplumber, any other page's text read by PDFium: each page's
    characters by one library, once."""
    import pdfplumber.page
    import pypdfium2

    path, _ = printed("reportlab")
    plumbed, textpages, numbers = [], [], {}
    parse, get_page = pdfplumber.page.Page.parse_objects, pypdfium2.PdfDocument.get_page
    get_textpage = pypdfium2.PdfPage.get_textpage

    def counting_parse(self):
        plumbed.append(self.page_number)
        return parse(self)

    def numbered_page(self, index):
        page = get_page(self, index)
        numbers[id(page)] = index + 1
        return page

    def counting_textpage(self, *args, **kwargs):
        textpages.append(numbers[id(self)])
        return get_textpage(self, *args, **kwargs)

    monkeypatch.setattr(pdfplumber.page.Page, "parse_objects", counting_parse)
    monkeypatch.setattr(pypdfium2.PdfDocument, "get_page", numbered_page)
    monkeypatch.setattr(pypdfium2.PdfPage, "get_textpage", counting_textpage)
    rendering = render_pdf(path)
    pages = max(rendering.pages)
    assert len(plumbed) == len(set(plumbed)) and len(textpages) == len(set(textpages))
    assert len(plumbed) + len(textpages) == pages and not set(plumbed) & set(textpages)
    assert 5 <= len(plumbed) < pages  # the table pages only


def test_a_cut_row_drawn_under_the_repeated_header_is_joined():
    """A renderer that draws no rule between the repeated header and the rest of a cut row puts both in the same
    cells: the header's lines are split off and the rest joined to the cut row."""
    from renja_lib.read.pdf_rendering import _Grid, _Joiner, _Out, _write_table

    head = [[["Kode"], ["Nama"], ["Target"]], [["(1)"], ["(2)"], ["(3)"]]]
    first = _Grid(1, 0, 100, 0, 100, head + [[["2 07"], ["Program"], ["90%"]], [["2 07 01"], ["Kegiatan yang"], ["5 unit"]]],
                  open_bottom=True)
    grown = [head[0], [["(1)"], ["(2)", "namanya panjang"], ["(3)"]], [["2 07 02"], ["Lain"], ["1 unit"]]]
    out = _Out()
    _write_table(out, [first, _Grid(2, 0, 100, 0, 100, grown)], _Joiner({}))
    assert out.lines == ["Kode\tNama\tTarget", "(1)\t(2)\t(3)", "2 07\tProgram\t90%",
                         "2 07 01\tKegiatan yang namanya panjang\t5 unit", "", "Kode\tNama\tTarget", "(1)\t(2)\t(3)",
                         "2 07 02\tLain\t1 unit"]
    assert out.pages == [1, 1, 1, 1, 2, 2, 2, 2] and not out.problems


def test_a_table_title_repeated_over_its_next_part_is_left_out():
    """A document that repeats the table's title (``Tabel 4.1``, ``(lanjutan)``) at the top of the page its table
    goes on to: the title is not written again, the table stays one (the title would start a table of its own)."""
    from renja_lib.read.pdf_rendering import _assemble, _Grid, _Line, _Page

    def line(page, top, text):
        return _Line(page, top, top + 10, 50, 50 + 5 * len(text), text, 30, 10)

    head = [[["Kode"], ["Nama"], ["Target"]]]
    page1 = _Page(1, 595, 842, lines=[line(1, 60, "Tabel 4.1"), line(1, 75, "Rumusan Rencana Program")],
                  grids=[_Grid(1, 100, 800, 50, 545, head + [[["2 07"], ["Program"], ["90%"]]])])
    page2 = _Page(2, 595, 842, lines=[line(2, 60, "Tabel 4.1 (lanjutan)"), line(2, 75, "Rumusan Rencana Program"),
                                      line(2, 820, "BAB V")],
                  grids=[_Grid(2, 100, 300, 50, 545, head + [[["2 07 01"], ["Kegiatan"], ["5 unit"]]])])
    out = _assemble([page1, page2])
    assert out.lines == ["Tabel 4.1", "Rumusan Rencana Program", "Kode\tNama\tTarget", "2 07\tProgram\t90%", "",
                         "Kode\tNama\tTarget", "2 07 01\tKegiatan\t5 unit", "", "BAB V"]


def _written(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("make, expected", [
    (lambda folder: docs.scanned_pdf(folder, "cli_scanned.pdf"), "ocrmypdf"),
    (lambda folder: docs.encrypted_pdf(folder, "cli_encrypted.pdf"), "pdf"),
    (lambda folder: _written(folder / "cli_cut.pdf", b"%PDF-1.7\n1 0 obj\n<<"), "pdf"),
])
def test_a_bad_pdf_is_one_line_and_exit_2_through_every_command(tmp_path, capsys, make, expected):
    """renja extract, facts and audit: one line naming the file, exit 2, no traceback, nothing written."""
    from renja_lib.cli import main

    path = make(tmp_path)
    for command in (["extract"], ["facts"], ["audit"]):
        code = main([*command, str(path), "--out", str(tmp_path / "out" / (command[0] + ".csv"
                                                                           if command[0] == "facts" else ""))])
        err = capsys.readouterr().err
        assert code == 2, (command, err)
        assert err.count("\n") == 1 and err.startswith("renja: error: ") and str(path) in err, err
        assert expected in err.lower() and "Traceback" not in err
    assert not (tmp_path / "out" / "plan_budget.csv").exists()


def test_a_pdf_with_no_renja_table_is_refused_by_name(tmp_path, capsys):
    """A PDF that reads (a letter, a report of another kind) but holds no Renja table: one message, exit 2."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    from renja_lib.cli import main

    path = tmp_path / "surat.pdf"
    page = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for n, line in enumerate(["SURAT EDARAN", "Kepada Yth. Kepala Perangkat Daerah", "Tabel 9.9 tidak ada di sini."]):
        page.drawString(72, 760 - 20 * n, line)
    page.save()
    with pytest.raises(renja_lib.RenjaError, match="no Renja tables found"):
        renja_lib.load(path)
    assert main(["extract", str(path), "--out", str(tmp_path / "out"), "--lang", "en"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(path) in err and "no Renja tables found" in err
