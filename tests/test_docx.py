"""A Renja passed around as Word .docx (issue 14): read into the text form, it gives what the text form gives.

The yardstick: the bundled text made into .docx files with python-docx (``tests/docx_documents.py``, two layouts)
must give exactly the text form's tables (every value, code, year, count), no problem, the same audit findings and
the same identity and narrative figures (locators aside). Small documents made here check one behaviour each; the
bad inputs give one message naming the file.
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import pandas as pd
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

import renja_lib
from docx_documents import LAYOUTS, bad_files, build_docx, build_documents
from renja_lib import RenjaError
from renja_lib.check.audit import audit
from renja_lib.cli import main
from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.docx_rendering import render_docx
from renja_lib.read.find_tables import find_tables, split_cells

#: the locator columns that differ between the forms of one document: the kind of file, its page and line
FORM_COLUMNS = ["source_kind", "source_page", "source_line"]


@pytest.fixture(scope="session")
def docx_files(tmp_path_factory):
    """The generated .docx files, made once for the session: layout -> path."""
    return build_documents(tmp_path_factory.mktemp("docx"))


@pytest.fixture(scope="session")
def docx_docs(docx_files):
    return {layout: renja_lib.load(path) for layout, path in docx_files.items()}


@pytest.fixture(scope="session")
def renderings(docx_files):
    return {layout: render_docx(path) for layout, path in docx_files.items()}


@pytest.fixture(scope="session")
def text_audit(text_doc):
    return audit(text_doc, lang="en")


# ---------------------------------------------------------------- the yardstick

@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_gives_the_text_forms_tables(layout, docx_docs, text_doc):
    doc = docx_docs[layout]
    assert doc.source.kind == "docx"
    assert list(doc.tables) == list(text_doc.tables)
    for name, frame in text_doc.tables.items():
        assert len(frame) > 0
        pd.testing.assert_frame_equal(doc.tables[name].drop(columns=FORM_COLUMNS), frame.drop(columns=FORM_COLUMNS),
                                      obj=f"{layout}: {name}")
    for name in ("codes", "stated_totals"):
        pd.testing.assert_frame_equal(getattr(doc, name).drop(columns=FORM_COLUMNS),
                                      getattr(text_doc, name).drop(columns=FORM_COLUMNS), obj=f"{layout}: {name}")
    assert doc.tables["plan_budget"]["budget"].sum() == text_doc.tables["plan_budget"]["budget"].sum()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_reads_without_problems(layout, docx_docs, renderings, text_doc):
    assert len(text_doc.problems) == 0
    assert renderings[layout].problems == ()
    assert len(docx_docs[layout].problems) == 0


@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_gives_the_same_audit(layout, docx_docs, text_audit):
    found = audit(docx_docs[layout], lang="en")
    columns = [c for c in found.columns if c not in FORM_COLUMNS + ["other_line", "message"]]
    assert len(found) == len(text_audit) > 0
    pd.testing.assert_frame_equal(found[columns].reset_index(drop=True), text_audit[columns].reset_index(drop=True))

    def unlined(messages):  # the line numbers a message quotes are the form's own
        return [re.sub(r"\b(line|lines|baris) \d+", r"\1 N", m) for m in messages]

    assert unlined(found["message"]) == unlined(text_audit["message"])


@pytest.mark.parametrize("layout", LAYOUTS)
def test_docx_gives_the_same_identity_and_narrative_figures(layout, docx_docs, text_doc):
    doc = docx_docs[layout]
    for field in ("office", "region", "region_kind", "plan_year", "document_kind", "date"):
        assert getattr(doc.identity, field) == getattr(text_doc.identity, field), field
    columns = ["quantity", "subject", "year", "period", "value", "unit", "quote"]
    assert len(text_doc.facts) > 100
    pd.testing.assert_frame_equal(doc.facts[columns].reset_index(drop=True),
                                  text_doc.facts[columns].reset_index(drop=True))


def test_pages_layout_renders_the_text_form_line_for_line(renderings):
    """Blank lines aside (Word has paragraphs, not blank lines), the rendering is the text form, word for word."""
    text = DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")
    printed = [line.strip(" ") for line in renderings["pages"].lines if line.strip()]
    assert printed == [line.strip(" ") for line in text if line.strip()]  # every tab, so every cell, in place


def test_whole_layout_renders_each_table_once_with_its_header(renderings):
    """One Word table per Tabel, its header rows marked to repeat: the rows of the text form without the header
    rows and column numbers it repeats at each page."""
    text = DEFAULT_SOURCE.read_text(encoding="utf-8").split("\n")
    repeats = set()
    for span in find_tables(tuple(text)):
        head = [text[h - 1] for h in span.header_lines + [span.column_number_line or span.header_lines[0]]]
        repeats |= {ln for ln in span.row_lines if text[ln - 1] in head}
    assert len(repeats) >= 20
    expected = [split_cells(line) for n, line in enumerate(text, 1) if "\t" in line and n not in repeats]
    assert [split_cells(line) for line in renderings["whole"].lines if "\t" in line] == expected


def test_generated_documents_are_deterministic(docx_files, tmp_path):
    again = build_docx(DEFAULT_SOURCE.read_text(encoding="utf-8"), tmp_path / "again.docx", "whole")
    assert again.read_bytes() == docx_files["whole"].read_bytes()


# ---------------------------------------------------------------- merged cells, nested tables, spacer rows

def _tables(path):
    return docx.Document(path).tables


def test_merged_header_cells_are_read_once(docx_files, renderings):
    table = next(t for t in _tables(docx_files["whole"]) if t.rows[0].cells[0].text == "Kode")
    top, second = table.rows[0].cells, table.rows[1].cells
    group = "Target dan Realisasi Kinerja Program dan Kegiatan Tahun 2021"
    # python-docx repeats a merged cell's text in every grid cell it spans: across, and down
    assert [c.text for c in top[5:8]] == [group] * 3
    assert second[0].text == "Kode" and top[0]._tc is second[0]._tc
    header = next(line for line in renderings["whole"].lines if line.startswith("Kode\t")).split("\t")
    below = renderings["whole"].lines[renderings["whole"].lines.index("\t".join(header)) + 1].split("\t")
    assert header[5:8] == [group, "", ""] and len(header) == 11
    assert below[:5] == ["", "", "", "", ""] and below[5] == "Target Renja PD Tahun 2021"


def test_a_code_merged_down_over_its_indicators_is_read_once(docx_files, renderings):
    table = next(t for t in _tables(docx_files["whole"]) if t.rows[0].cells[0].text == "Kode")
    first = [tr.tc_lst[0].tcPr for tr in table._tbl.tr_lst[3:]]
    merged = [pr for pr in first if pr is not None and pr.find(qn("w:vMerge")) is not None
              and pr.find(qn("w:vMerge")).get(qn("w:val")) is None]
    assert len(merged) >= 10  # rows whose code cell continues the one above (python-docx shows the code again)
    lines = renderings["whole"].lines
    k = lines.index(next(line for line in lines if line.startswith("\t\tPersentase usulan pemangku kepentingan")))
    assert lines[k - 1].startswith("2 07 01 2. 01 01\tPenyusunan Dokumen Perencanaan Perangkat Daerah\t")


def test_nested_tables_keep_the_outer_rows(docx_files, renderings):
    tables = _tables(docx_files["pages"])
    service = next(t for t in tables if t.rows[0].cells[0].text == "No.")
    nested = [c.tables[0] for r in service.rows for c in r.cells if c.tables]
    assert {len(t.rows[0].cells) for t in nested} == {1, 2}  # a note in one cell, and in two side by side
    rows = [line.split("\t") for line in renderings["pages"].lines if line.startswith(("1\tTingkat", "3\tTingkat"))]
    assert [len(r) for r in rows] == [13, 13]
    assert [r[-1] for r in rows] == ["belum rilis dari BPS"] * 2


def test_a_signature_beside_an_empty_cell_is_read_as_lines(docx_files, renderings, docx_docs):
    lines = renderings["pages"].lines
    k = lines.index("L. MAHBUB EFFENDI, SE, MM")
    assert "NIP. 19710121 199803 1 007" in lines[k:k + 3] and "Pasuruan," in lines[k - 8:k]
    span = next(s for s in docx_docs["pages"].spans if s.label == "Tabel 2.1")
    assert "signature" in span.roles.values()


def test_spacer_rows_are_left_out(docx_files, renderings):
    for layout, path in docx_files.items():
        empty = [r for t in _tables(path) for r in t.rows if len(r.cells) > 2 and not any(c.text for c in r.cells)]
        assert empty, layout  # the document has spacer rows
        assert not [line for line in renderings[layout].lines if line and not line.replace("\t", "")]


def test_line_breaks_and_paragraphs_in_a_cell_are_spaces(docx_files, renderings):
    cells = [c for t in _tables(docx_files["pages"]) for r in t.rows for c in r.cells]
    broken = [c.text for c in cells if "\n" in c.text]
    assert any(re.match(r"^2 07 0\d\n2\.", t) for t in broken)  # a code broken over two lines
    assert any(len(c.paragraphs) > 1 and all(p.text for p in c.paragraphs) for c in cells)
    rows = set(renderings["pages"].lines)
    for text in broken[:20]:
        assert any(text.replace("\n", " ") in line.split("\t") for line in rows), text


# ---------------------------------------------------------------- small documents, one behaviour each

def _render(tmp_path, document, name="small.docx"):
    path = tmp_path / name
    document.save(path)
    return render_docx(path)


def _numbered(paragraph, num_id, level=0):
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def _add_numbering(document, abstract_id, levels, nums):
    """An abstract numbering (levels: (format, text, start)) and nums (numId, start override or None)."""
    numbering = document.part.numbering_part.element
    lvls = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{text}"/></w:lvl>' for k, (fmt, text, start) in enumerate(levels))
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>'))
    for num_id, start in nums:
        override = (f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                    if start is not None else "")
        numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId '
                                   f'w:val="{abstract_id}"/>{override}</w:num>'))


def test_list_labels_are_written_as_word_shows_them(tmp_path):
    d = docx.Document()
    _add_numbering(d, 70, [("decimal", "%1.", 1), ("lowerLetter", "%2)", 1), ("lowerRoman", "(%3)", 1)],
                   [(71, None), (72, 4), (73, None)])
    _add_numbering(d, 80, [("upperRoman", "BAB %1", 1)], [(81, None)])
    for text, num, level in [("Pendahuluan", 81, 0), ("satu", 71, 0), ("sub a", 71, 1), ("sub b", 71, 1),
                             ("lebih dalam", 71, 2), ("dua", 71, 0), ("sub lagi", 71, 1), ("Gambaran Umum", 81, 0),
                             ("empat", 72, 0), ("lima", 73, 0)]:
        _numbered(d.add_paragraph(text), num, level)
    d.add_paragraph("butir", style="List Bullet")
    lines = [line for line in _render(tmp_path, d).lines if line]
    assert lines == ["BAB I Pendahuluan", "1. satu", "a) sub a", "b) sub b", "(i) lebih dalam", "2. dua", "a) sub lagi",
                     "BAB II Gambaran Umum", "4. empat", "5. lima", "- butir"]


def test_paragraphs_lists_and_tab_rows_are_spaced_as_the_text_form(tmp_path):
    d = docx.Document()
    d.add_paragraph("Paragraf pertama.")
    d.add_paragraph("Paragraf kedua,").add_run().add_break()
    d.paragraphs[-1].add_run("baris berikutnya.")
    d.add_paragraph("butir satu", style="List Bullet")
    d.add_paragraph("butir dua", style="List Bullet")
    d.add_paragraph("Kata Pengantar\ti")
    d.add_paragraph("Daftar Isi\tii")
    d.add_paragraph()
    d.add_paragraph("Penutup.")
    assert list(_render(tmp_path, d).lines) == [
        "Paragraf pertama.", "", "Paragraf kedua,", "baris berikutnya.", "", "- butir satu", "- butir dua", "",
        "Kata Pengantar\ti", "Daftar Isi\tii", "", "", "Penutup."]


def test_deleted_hidden_and_field_code_text_is_left_out(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Pagu ")
    p._p.append(parse_xml(f'<w:del {nsdecls("w")} w:id="1" w:author="a"><w:r><w:delText>Rp 9.999</w:delText></w:r>'
                          f'</w:del>'))
    p._p.append(parse_xml(f'<w:ins {nsdecls("w")} w:id="2" w:author="a"><w:r><w:t>Rp 3.456</w:t></w:r></w:ins>'))
    hidden = p.add_run(" tersembunyi")
    hidden.font.hidden = True
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:instrText> PAGE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve"> juta</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'))
    assert _render(tmp_path, d).lines == ("Pagu Rp 3.456 juta",)


def test_a_row_starting_further_in_keeps_the_columns(tmp_path):
    d = docx.Document()
    t = d.add_table(rows=3, cols=4)
    for r, row in enumerate([["Kode", "Nama", "Target", "Pagu"], ["2 07", "Urusan", "", ""],
                             ["", "", "90%", "1.000"]]):
        for c, text in enumerate(row):
            t.rows[r].cells[c].text = text
    tr = t._tbl.tr_lst[2]  # the last row starts two grid columns in (gridBefore), its first two cells gone
    for tc in tr.tc_lst[:2]:
        tr.remove(tc)
    tr.insert(0, parse_xml(f'<w:trPr {nsdecls("w")}><w:gridBefore w:val="2"/></w:trPr>'))
    assert [line.split("\t") for line in _render(tmp_path, d).lines if line] == [
        ["Kode", "Nama", "Target", "Pagu"], ["2 07", "Urusan", "", ""], ["", "", "90%", "1.000"]]


def test_a_caption_on_one_line_is_split_as_the_text_form_writes_a_title(tmp_path):
    d = docx.Document()
    d.add_paragraph("Tabel 3.1: Daftar Program Prioritas")
    d.add_paragraph("Tabel 3.1 menunjukkan program yang diprioritaskan.")  # prose: no table follows
    t = d.add_table(rows=2, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text, t.rows[1].cells[0].text = "No", "Program", "1"
    lines = _render(tmp_path, d).lines
    assert lines[:5] == ("Tabel 3.1", "Daftar Program Prioritas", "",
                         "Tabel 3.1 menunjukkan program yang diprioritaskan.", "")
    d2 = docx.Document()
    d2.add_paragraph("Tabel 3.1 menunjukkan program yang diprioritaskan.")
    assert _render(tmp_path, d2, "prose.docx").lines == ("Tabel 3.1 menunjukkan program yang diprioritaskan.",)


def test_what_cannot_be_read_is_a_problem(tmp_path):
    d = docx.Document()
    p = d.add_paragraph("Tanda ")
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Webdings" w:char="F061"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))
    t = d.add_table(rows=2, cols=2)
    t.rows[0].cells[0].text, t.rows[0].cells[1].text = "Kode", "Nama"
    below = t._tbl.tr_lst[1].tc_lst[0]
    t._tbl.tr_lst[0].tc_lst[0].get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")} w:val="restart"/>'))
    below.get_or_add_tcPr().append(parse_xml(f'<w:vMerge {nsdecls("w")}/>'))
    t.rows[1].cells[1].text = "Program"
    below.append(parse_xml(f'<w:p {nsdecls("w")}><w:r><w:t>sisa teks</w:t></w:r></w:p>'))
    rendering = _render(tmp_path, d)
    assert rendering.lines[0] == "Tanda ✓" and "\tProgram" in rendering.lines
    messages = [pr.message.render("en") for pr in rendering.problems]
    assert len(messages) == 2
    assert "Webdings" in messages[0] and "F061" in messages[0] and rendering.problems[0].line == 1
    assert "'sisa teks'" in messages[1] and rendering.lines[rendering.problems[1].line - 1] == "\tProgram"


# ---------------------------------------------------------------- bad inputs

@pytest.fixture(scope="session")
def bad(docx_files, tmp_path_factory):
    return bad_files(tmp_path_factory.mktemp("bad_docx"), docx_files["pages"])


@pytest.mark.parametrize("kind, words", [
    ("not_zip", "damaged or cut short"), ("truncated", "damaged or cut short"),
    ("no_document", "ZIP archive without a Word document"), ("bad_xml", "word/document.xml) is damaged"),
    ("xlsx", "an Excel workbook (.xlsx), not a Word document"), ("odt", "OpenDocument text (.odt"),
    ("ole", "password-protected"),
])
def test_a_bad_docx_is_one_message_naming_the_file(kind, words, bad):
    path = bad[kind]
    with pytest.raises(RenjaError) as direct:
        render_docx(path)
    with pytest.raises(RenjaError) as loaded:
        renja_lib.load(path)
    for err in (direct.value, loaded.value):
        assert str(err).startswith(f"{path}: ") and words in str(err) and "\n" not in str(err)


def test_a_bad_docx_exits_2_with_the_message_in_indonesian(bad, tmp_path, capsys):
    assert main(["extract", str(bad["truncated"]), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert str(bad["truncated"]) in err and "rusak atau terpotong" in err and "Traceback" not in err


def test_doctests():
    import doctest

    import renja_lib.read.docx_rendering as module

    assert doctest.testmod(module).failed == 0


def test_a_docx_without_text_is_refused(tmp_path):
    path = tmp_path / "kosong.docx"
    docx.Document().save(path)
    with pytest.raises(RenjaError, match="holds no text"):
        render_docx(path)


def test_strict_open_xml_is_read_as_transitional(docx_files, tmp_path):
    """Word's "Strict Open XML Document" writes another namespace: the same text."""
    data = io.BytesIO()
    with zipfile.ZipFile(docx_files["pages"]) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            body = src.read(info).replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main",
                                          b"http://purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(info.filename, body)
    path = tmp_path / "strict.docx"
    path.write_bytes(data.getvalue())
    assert render_docx(path).lines[:40] == render_docx(docx_files["pages"]).lines[:40]
