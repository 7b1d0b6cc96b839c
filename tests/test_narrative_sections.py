"""The narrative reader leaves unread a section none of whose paragraphs can hold a figure (for speed): what it reads
is the same as when it reads every paragraph, and a paragraph it leaves can hold no figure.

The rule (``renja_lib.read.narrative_figures.may_hold_figure``): a figure is a number with a unit after it, or a
connector ("sebesar", "mencapai", ...) or "Rp" before it; a paragraph with neither holds none. A section heading
sets the reader's year, period and heading anew, so what a section frames never reaches past the next one; only the
year ranges it names ("2021-2026") count for the whole document, for a Renstra figure.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read import narrative_figures, narrative_reader
from renja_lib.read.narrative_reader import read_narrative, subjects_from
from renja_lib.read.prose import Paragraph, paragraphs
from renja_lib.read.source import read_source

TESTS = Path(__file__).parent
CASES = TESTS / "data" / "narratives"
PLAN_YEARS = {"probolinggo_disnaker_2023": 2023, "lumajang_disnaker_2024": 2024, "jember_dinkes_2024": 2024,
              "kediri_disdik_2025": 2025, "sidoarjo_dinsos_2025": 2025}
SUBJECTS = pd.DataFrame({"code": ["2.07.03"], "name": ["Program Pelatihan Kerja dan Produktivitas Tenaga Kerja"],
                         "level": ["program"]})


def _read_both(lines, subjects, plan_year, monkeypatch):
    """The reading as it is, and with every paragraph read, and every name in a paragraph with figures (none left
    unread, neither a section, nor the paragraphs after the last figure of one, nor the names after the last figure
    of a paragraph)."""
    as_is = read_narrative(lines, subjects, plan_year=plan_year)
    find_at_stems = narrative_reader.find_at_stems
    with monkeypatch.context() as m:
        m.setattr(narrative_reader, "_last_to_read", lambda run: len(run) - 1)
        m.setattr(narrative_reader, "find_at_stems", lambda *args: find_at_stems(*args[:5]))
        every = read_narrative(lines, subjects, plan_year=plan_year)
    return as_is, every


def _unread_sections(lines) -> int:
    return sum(narrative_reader._last_to_read(run) < 0 for run in narrative_reader._sections(paragraphs(lines)))


@pytest.mark.parametrize("name", [None, *PLAN_YEARS, "other_office"])
def test_sections_left_unread_change_nothing(name, doc, monkeypatch):
    if name is None:  # the bundled document: most of its sections hold no figure (BAB I, III, V, ...)
        lines, subjects, plan_year = doc.source.lines, subjects_from(doc), 2023
        assert _unread_sections(lines) >= 40
    elif name == "other_office":
        lines = read_source(TESTS / "data" / "other_office" / "dinkes_situbondo_2023.txt").lines
        subjects, plan_year = subjects_from(doc), 2023
    else:
        lines, plan_year = read_source(CASES / f"{name}.txt").lines, PLAN_YEARS[name]
        subjects = pd.read_csv(CASES / f"{name}.subjects.csv", dtype=str)
    as_is, every = _read_both(lines, subjects, plan_year, monkeypatch)
    pd.testing.assert_frame_equal(as_is.facts, every.facts)
    pd.testing.assert_frame_equal(as_is.unresolved, every.unresolved)
    assert len(as_is.facts) + len(as_is.unresolved) > 0


RENSTRA = """BAB I PENDAHULUAN
Rencana Strategis Dinas periode 2021-2026 menjadi acuan penyusunan dokumen ini.

Dokumen perencanaan daerah berikutnya disusun untuk periode 2027 s/d 2031 sesuai ketentuan.

BAB II EVALUASI
Target Program Pelatihan Kerja dan Produktivitas Tenaga Kerja selama lima tahun sebanyak 1.000 orang.
"""


@pytest.mark.parametrize("plan_year, end", [(2023, 2026), (2030, 2031), (2040, 2026)])
def test_a_renstra_figure_takes_its_years_from_sections_left_unread(plan_year, end, monkeypatch):
    """The range around the plan year, else the one named most, the first named of those: as when all is read."""
    lines = RENSTRA.splitlines()
    assert _unread_sections(lines) == 1  # BAB I, whose two paragraphs name the ranges, holds no figure
    as_is, every = _read_both(lines, SUBJECTS, plan_year, monkeypatch)
    assert as_is.facts[["quantity", "subject", "year", "period"]].values.tolist() == [
        ["target_stated", "2.07.03", end, "renstra"]]
    pd.testing.assert_frame_equal(as_is.facts, every.facts)


@pytest.mark.parametrize("heading", ["1.1 Rencana Strategis Dinas 2021-2026", "a. Renstra periode 2021 s/d 2026"])
def test_a_renstra_figure_takes_its_years_from_headings_left_unread(heading, monkeypatch):
    lines = ["BAB I PENDAHULUAN", heading, "Dokumen ini disusun sesuai ketentuan.", "",
             "BAB II EVALUASI", RENSTRA.splitlines()[-1]]
    as_is, every = _read_both(lines, SUBJECTS, 2023, monkeypatch)
    assert as_is.facts[["year", "period"]].values.tolist() == [[2026, "renstra"]]
    pd.testing.assert_frame_equal(as_is.facts, every.facts)


def test_a_section_with_one_figure_is_read_whole():
    """A paragraph without figures frames the one after it in its section: "Tahun 2021" gives the year."""
    lines = ["BAB II EVALUASI", "Evaluasi pelaksanaan tahun 2021 disajikan berikut.", "",
             "Program Pelatihan Kerja dan Produktivitas Tenaga Kerja terealisasi sebesar 91,5%."]
    reading = read_narrative(lines, SUBJECTS, plan_year=2023)
    assert reading.facts[["subject", "year", "value"]].values.tolist() == [["2.07.03", 2021, 91.5]]


@pytest.mark.parametrize("text, holds", [
    ("Sesuai Undang-Undang Nomor 13 Tahun 2003 tentang Ketenagakerjaan.", False),
    ("Kegiatan dilaksanakan selama 3 bulan pada 2 lokasi.", False),
    ("Lihat Tabel 2.1 dan Bab 3 untuk periode 2021-2026.", False),
    ("Dana yang terserap sebesar 1.234.000 pada triwulan I.", True),  # a connector before
    ("Pagu Rp. 5.000.000,00 untuk dua kegiatan.", True),  # "Rp." before
    ("Pagu IDR   5.000.000 untuk dua kegiatan.", True),  # spaces between
    ("Serapan anggaran 83,82 % dari pagu.", True),  # a unit after
    ("Anggaran 2 miliar rupiah.", True),  # scale and unit
    ("Peserta 215 (dua ratus lima belas) orang.", True),  # amount in words, then the unit
    ("TERCAPAI 100 PERSEN.", True),  # in capitals
    ("Realisasi ſebesar 5.", True),  # not ASCII: each number read
    ("Kegiatan ke-3 tahun 2022 ditunda.", False),
])
def test_what_a_figure_needs(text, holds):
    p = paragraphs([text])[0]
    assert narrative_figures.may_hold_figure(p) is holds
    assert narrative_figures.some_number_a_figure(p) is holds  # the slow rule agrees


_WORDS = ["sebesar", "Sebanyak", "mencapai", "TERCATAT", "realisasinya", "capaiannya", "pagu", "yaitu", "adalah",
          "Rp", "Rp.", "IDR", "idr.", "persen", "Persen poin", "orang", "jiwa", "tenaga  kerja", "sub - kegiatan",
          "program", "kegiatan", "rupiah", "%", "tahun", "bulan", "Tabel", "Nomor", "no.", "ke-", "miliar", "M", "jt",
          "(dua ratus)", "(lima)", "ini", "dan", "Kota", "ſebesar", "K", "é", ",-", ",", ".", "(", ")", "-", "s/d"]
_NUMBERS = ["5", "13", "2021", "2026", "1.500.000,00", "98,14", "0,08", "1.11", "05.000", "3"]
_GAPS = [" ", "  ", "", " \u00a0"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS + _NUMBERS), st.sampled_from(_GAPS)), min_size=1, max_size=14),
       st.sampled_from(["", "1. ", "- ", "a) "]))
def test_the_fast_rule_never_misses_a_figure(tokens, marker):
    """On prose made of connectors, units, scales, numbers, references and gaps in any order and case: whenever a
    number is read as a figure, the search over the whole text says the paragraph may hold one."""
    text = marker + "".join(word + gap for word, gap in tokens)
    if not text.strip():
        return
    p = Paragraph("text", 1, text, False, len(marker))
    if narrative_figures.some_number_a_figure(p):
        assert narrative_figures.may_hold_figure(p), text


_AFTER = [",-", "miliar", "M", "jt", "ribu", "(dua ratus)", "(Lima)", "persen", "Persen poin", "%", "orang",
          "tenaga  kerja", "sub - kegiatan", "rupiah", "tahun", "ini"]


def test_the_fast_rule_never_misses_a_figure_in_short_phrases():
    """Every word before a number, and every two words after one, with every gap: the same as above, exhaustively."""
    texts = [w + g + n for w in _WORDS for g in _GAPS for n in _NUMBERS] + [
        n + g + a + h + b for n in _NUMBERS for g in _GAPS for a in _AFTER for h in _GAPS[:2] for b in _AFTER]
    figures = 0
    for text in texts:
        p = Paragraph("text", 1, text, False, 0)
        if narrative_figures.some_number_a_figure(p):
            figures += 1
            assert narrative_figures.may_hold_figure(p), text
    assert figures > len(texts) // 4  # (most of them are figures: the rule is asked where it matters)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(_WORDS + _NUMBERS), st.sampled_from(_GAPS)), max_size=6),
                min_size=1, max_size=5))
def test_a_section_is_asked_as_its_paragraphs_are(texts):
    """A section's paragraphs asked at once (their texts joined) say it may hold a figure whenever one of them may."""
    paras = [Paragraph("text", 1, "".join(w + g for w, g in words) or "x", False, 0) for words in texts]
    if any(narrative_figures.may_hold_figure(p) for p in paras):
        assert narrative_figures.any_may_hold_figure(paras)


def test_the_document_reads_its_names_from_the_rows_as_from_the_frame(doc):
    """``doc.narrative`` gives the reader the subjects' names built from their rows (no frame built for it): the
    same names, and the same reading, as from :func:`subjects_from`."""
    from renja_lib.read.subject_names import SubjectNames, subject_rows

    frame = subjects_from(doc)
    assert subject_rows(doc) == list(frame.itertuples(index=False, name=None))
    from_rows, from_frame = SubjectNames(subject_rows(doc)), SubjectNames(frame)
    assert (from_rows.by_word, from_rows.reach) == (from_frame.by_word, from_frame.reach)
    reading = read_narrative(doc.source.lines, frame, plan_year=2023, locate=doc.locator)
    pd.testing.assert_frame_equal(doc.narrative.facts, reading.facts)
    pd.testing.assert_frame_equal(doc.narrative.unresolved, reading.unresolved)


def test_what_each_stem_asks_for_is_kept_for_a_few_searches_only():
    """``find_at_stems`` keeps, for each searches it is given, what each stem asks for: searches made anew for each
    call do not pile up, and each finds what it asks for."""
    import re

    from renja_lib.read import prose

    stems, word = prose.WordStarts(["program"]), re.compile(r"program\w*")
    for n in range(200):
        found = prose.find_at_stems(stems, "Program program", "program program", [(0, 15)],
                                    (lambda stem, n=n: word if n % 2 else None,))
        assert [m.span() for m in found[0]] == ([(8, 15)] if n % 2 else [])
    assert len(prose._PLANS) <= prose._MOST_PLANS + 1


_PUT_IN = ["Realisasi anggaran sebesar Rp 1.250.000,00.", "Target 2021-2026 tercapai 85 %.", "BAB III RENCANA",
           "3.1 Program Kerja Tahun 2024", "selama lima tahun sebanyak 500 orang.", "Renstra periode 2019 s/d 2024.",
           "Pagu Rp. 2 miliar dan realisasi 91,5 persen.", "sebesar 12", "IDR 5.000", "a. Program Penempatan Tenaga Kerja",
           "Tingkat Pengangguran Terbuka (TPT) tahun 2021 sebesar 6,23%.", "Program ini terealisasi 100%.", "TABEL 2.1",
           "", "Kegiatan ke-3 dilaksanakan 2 kali.", "ſebesar 5 orang", "Tahun 2022 triwulan I."]


@pytest.mark.parametrize("seed", range(4))
def test_what_is_left_unread_changes_nothing_in_documents_changed_at_random(seed, doc, monkeypatch):
    """The bundled document and the hand-written narratives with lines put in (figures, ranges, section headings,
    capitals, a non-ASCII letter), dropped, swapped, set in capitals and repeated, at random: the reading is the
    same as with every paragraph and every name read (550 such documents, 32 000 rows, were checked by hand too)."""
    import random

    rng = random.Random(seed)
    cases = [(doc.source.lines, subjects_from(doc), 2023)] + [
        (read_source(CASES / f"{name}.txt").lines, pd.read_csv(CASES / f"{name}.subjects.csv", dtype=str), year)
        for name, year in PLAN_YEARS.items()]
    rows = 0
    for _ in range(10):
        base, subjects, plan_year = rng.choice(cases)
        lines = list(base)
        for _ in range(rng.randint(1, 12)):
            op, i = rng.random(), rng.randrange(len(lines))
            if op < 0.3:
                lines.insert(i, rng.choice(_PUT_IN))
            elif op < 0.45:
                del lines[i]
            elif op < 0.6:
                lines[i] = lines[i].upper()
            elif op < 0.75:
                k = rng.randrange(len(lines))
                lines[i], lines[k] = lines[k], lines[i]
            elif op < 0.9:
                words = lines[i].split(" ")
                words.insert(rng.randrange(len(words) + 1), rng.choice(_PUT_IN))
                lines[i] = " ".join(words)
            else:
                lines[i:i] = lines[rng.randrange(len(lines)):][:rng.randint(1, 30)]
        as_is, every = _read_both(lines, subjects, rng.choice([plan_year, plan_year + 1, 2040]), monkeypatch)
        pd.testing.assert_frame_equal(as_is.facts, every.facts)
        pd.testing.assert_frame_equal(as_is.unresolved, every.unresolved)
        rows += len(as_is.facts) + len(as_is.unresolved)
    assert rows > 100
