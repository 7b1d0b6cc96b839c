"""Every word of a report in the report's language: the bundled document's report in Indonesian and in English,
every page (the index too) and every chart, read as a reader sees it.

A page's visible text is checked against word lists: on an Indonesian page no English-only word, on an English
page no Indonesian-only word, no code token (``lower_is_better``, a catalogue key), and numbers in the page
language's format. What is not the report's own words is left out: the document's words (a table cell marked
``doc``, an element with the document's ``lang``, a quote in ``<q>`` or quotation marks, and any run of three
words that the document itself holds), code a user types (``<code>``) and the terms of
``tests/data/allowed_terms.txt``. The word lists are the catalogue's: the words of its English texts that none of
its Indonesian texts uses are English-only (and the reverse), with a few common words of each language added by
hand. Charts are read from their SVG files (matplotlib writes each text of a chart there as a comment).
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.present.tables import DOCUMENT_LANG
from renja_lib.text import catalogue as cat

pytestmark = pytest.mark.slow

WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:-[A-Za-zÀ-ÿ]+)*")
ALLOWED = [line.strip() for line in (Path(__file__).parent / "data" / "allowed_terms.txt").read_text(
    encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]

#: Common words the catalogue's lists may miss (a word both languages use, such as "target", is in neither).
ENGLISH = {"the", "and", "of", "is", "are", "was", "with", "for", "from", "by", "not", "this", "that", "which",
           "than", "above", "below", "actual", "estimate", "ratio", "office", "city", "year", "line", "row", "page",
           "budget", "spending", "absorption", "achievement", "realised", "error", "warning", "contradiction",
           "consistent", "true", "false", "none", "nan", "yes", "no", "high", "low", "very", "better", "lower",
           "higher", "times", "chart", "narrative", "activity", "programme"}
INDONESIAN = {"dan", "yang", "di", "dari", "untuk", "dengan", "tidak", "ada", "baris", "tahun", "sebesar", "pagu",
              "realisasi", "capaian", "serapan", "anggaran", "orang", "narasi", "kegiatan", "sub", "kali", "atau",
              "tinggi", "rendah", "sangat", "lebih", "baik", "perkiraan", "kesalahan", "peringatan", "grafik",
              "halaman", "kota", "kabupaten", "triwulan", "belum", "sumber", "tertulis", "jumlah", "perusahaan"}

#: The catalogue's namespaces: a visible ``audit.severity.error`` is a key that was never written.
NAMESPACES = sorted(p.stem for p in cat.CATALOGUE_DIR.glob("*.yaml"))
KEY = re.compile(rf"\b(?:{'|'.join(NAMESPACES)})\.[a-z_]+(?:\.[A-Za-z0-9_=-]+)*\b")
CODE_TOKEN = re.compile(r"\b[a-z]+_[a-z0-9_]+\b")
#: A quote in the report's sentences: 'as written' between straight or curly quotation marks.
QUOTED = re.compile(r"(?<!\w)'[^']+'(?!\w)|“[^”]*”|\"[^\"]*\"")
#: A number of the other language: an Indonesian 1.234 / 1.234,5 / 6,23 on an English page, and the reverse.
FOREIGN_NUMBER = {
    "en": re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}"),
    "id": re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d{1,2}"),
}
#: A file's name (the document's, a user's): its words are not the report's.
FILE_NAME = re.compile(r"[\w.-]+\.(?:csv|txt|xlsx|xls|pdf|docx|json|ipynb|html)\b")
#: A quarter's code ("Q1"): Indonesian pages write "triwulan I".
QUARTER_CODE = re.compile(r"\bQ[1-4]\b")
NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*\d(?!\w)")
BLOCKS = {"p", "div", "tr", "li", "h1", "h2", "h3", "h4", "br", "table", "td", "th", "title", "caption", "nav", "a",
          "figcaption", "summary", "dt", "dd", "ul", "ol"}
SKIPPED = {"script", "style", "code", "pre", "q"}


def _catalogue_words(lang: str) -> set[str]:
    words: set[str] = set()
    for entry in cat.catalogue().values():
        text = entry.get(lang)
        for t in (text.values() if isinstance(text, dict) else [text]):
            words |= {w.lower() for w in WORD.findall(re.sub(r"\{[^}]*\}", " ", str(t)))}
    return words


_ID, _EN = _catalogue_words("id"), _catalogue_words("en")
_ALLOWED_WORDS = {w.lower() for term in ALLOWED for w in WORD.findall(term)}
#: Words that must not appear on a page of the key's language.
FOREIGN = {"id": ((_EN - _ID) | ENGLISH) - _ALLOWED_WORDS - INDONESIAN,
           "en": ((_ID - _EN) | INDONESIAN) - _ALLOWED_WORDS - ENGLISH}


#: The user's files of the run with user files: their words (a source "BPS Sakernas Agustus 2021") are theirs.
USER_FILES = {"extra_indicators": Path(__file__).parent / "data" / "extra_indicators.csv",
              "spending_file": Path(__file__).parent / "data" / "spending_quarterly.csv"}
USER_PARAMS = {**{k: str(v) for k, v in USER_FILES.items()}, "spending_unit": "rupiah",
               "spending_cumulative": "false", "planned_schedule": '{"Q1": 15, "Q2": 40, "Q3": 70, "Q4": 100}'}


def _document_ngrams() -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    texts = [DEFAULT_SOURCE.read_text(encoding="utf-8")] + [p.read_text(encoding="utf-8") for p in USER_FILES.values()]
    words = [w.lower() for text in texts for w in WORD.findall(text)]
    return ({tuple(words[i:i + 2]) for i in range(len(words) - 1)},
            {tuple(words[i:i + 3]) for i in range(len(words) - 2)})


#: Runs of two and three words of the bundled document: a run of three is the document speaking (a name, a
#: title, a quote); a run of two is, when both words are capitalised (a shortened name: "Hubungan Industrial").
DOCUMENT_PAIRS, DOCUMENT = _document_ngrams()


class _Visible(HTMLParser):
    """A page's visible text as blocks (a paragraph, a cell, an image's alt text), without the document's words,
    code and quotes."""

    def __init__(self, lang: str):
        super().__init__(convert_charrefs=True)
        self.lang, self.blocks, self.skipping = lang, [[]], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOCKS:
            self.blocks.append([])
        if tag == "img" and a.get("alt"):
            self.blocks += [[a["alt"]], []]
        if tag in ("img", "br", "meta", "link", "hr", "input"):
            return
        skip = (tag in SKIPPED or "doc" in (a.get("class") or "").split()
                or (a.get("lang") not in (None, self.lang) and tag != "html"))
        self.skipping.append(skip)

    def handle_endtag(self, tag):
        if tag in ("img", "br", "meta", "link", "hr", "input"):
            return
        if self.skipping:
            self.skipping.pop()
        if tag in BLOCKS:
            self.blocks.append([])

    def handle_data(self, data):
        if not any(self.skipping):
            self.blocks[-1].append(data)


def visible_blocks(html: str, lang: str) -> list[str]:
    parser = _Visible(lang)
    parser.feed(html)
    return [" ".join("".join(b).split()) for b in parser.blocks if "".join(b).strip()]


def svg_texts(path: Path) -> list[str]:
    """The texts of a chart saved by matplotlib as SVG (each drawn text is preceded by a comment holding it)."""
    return [" ".join(t.split()) for t in re.findall(r"<!-- (.*?) -->", path.read_text(encoding="utf-8"), re.S)]


def leaks(blocks: list[str], lang: str, allowed_tokens: set[str] = frozenset()) -> list[tuple[str, str]]:
    """What in ``blocks`` is not in ``lang``: (the word or token, the block it is in)."""
    found = []
    for block in blocks:
        text = FILE_NAME.sub(" ", QUOTED.sub(" ", block))
        if lang == "id":
            found += [(q, block) for q in QUARTER_CODE.findall(text)]
        for m in NUMBER.finditer(text):
            number = m.group().rstrip(".,")
            label = re.search(r"(Tabel|Table|Bab|BAB|Rp\.?) ?$", text[:m.start()])
            if FOREIGN_NUMBER[lang].fullmatch(number) and not label:
                found.append((number, block))
        allowed = [m.span() for term in ALLOWED for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text)]
        tokens = list(WORD.finditer(text))
        words = [t.group().lower() for t in tokens]
        for i, (token, word) in enumerate(zip(tokens, words)):
            if word not in FOREIGN[lang] or any(a <= token.start() and token.end() <= b for a, b in allowed):
                continue
            if any(tuple(words[s:s + 3]) in DOCUMENT for s in range(max(0, i - 2), i + 1) if s + 3 <= len(words)):
                continue
            if any(tuple(words[s:s + 2]) in DOCUMENT_PAIRS and tokens[s].group()[0].isupper()
                   and tokens[s + 1].group()[0].isupper() for s in (i - 1, i) if 0 <= s and s + 2 <= len(words)):
                continue
            found.append((word, block))
        for token in CODE_TOKEN.findall(text) + KEY.findall(text):
            if token not in allowed_tokens:
                found.append((token, block))
    return found


def render_report(lang: str, out: Path, params: dict[str, str] | None = None) -> Path:
    """The bundled document's report in ``lang``, written by ``renja report`` in its own process (as a user runs
    it); every notebook must have run. Returns the output folder."""
    argv = [sys.executable, "-m", "renja_lib.cli", "report", "--quiet", "--lang", lang, "--out", str(out)]
    for key, value in (params or {}).items():
        argv += ["-p", f"{key}={value}"]
    proc = subprocess.run([*argv, str(DEFAULT_SOURCE)], capture_output=True, text=True, timeout=600)
    index = json.loads((out / "index.json").read_text(encoding="utf-8"))
    statuses = [(n["notebook"], n["status"], n["error"]) for r in index["reports"].values() for n in r["notebooks"]]
    assert proc.returncode == 0 and all(s == "ok" for _, s, _ in statuses), (proc.stderr[-2000:], statuses)
    return out


def _report(lang: str, factory, params: dict | None = None) -> Path:
    return render_report(lang, factory.mktemp(f"language_{lang}") / "reports", params)


@pytest.fixture(scope="module")
def report_id(tmp_path_factory):
    return _report("id", tmp_path_factory)


@pytest.fixture(scope="module")
def report_en(tmp_path_factory):
    return _report("en", tmp_path_factory)


@pytest.fixture(scope="module", params=["id", "en"])
def report_with_user_files(request, tmp_path_factory):
    """A run with an extra-indicator file and a spending file: the spending table and S-curve, the regions."""
    return request.param, _report(request.param, tmp_path_factory, USER_PARAMS)


def _pages(out: Path) -> list[Path]:
    pages = [out / "index.html", *sorted(out.glob("*/*.html"))]
    assert len(pages) == 7, pages
    return pages


#: What a page may show that looks like code: the document's file name (its stem has underscores).
_FILE_TOKENS = {DEFAULT_SOURCE.stem}

#: Leaks whose source is outside the files this test was written with (each names the file that writes it); the
#: test holds every other word, and fails on these too once removed from here. "numbers" excuses the page's
#: numbers of the other language's format.
KNOWN_ELSEWHERE: dict[tuple[str, str], set[str]] = {
    # none: the audit's sentences quote the document's own figures as it writes them between quotation marks on
    # English pages ("“83,82%”", "“0 KK”": check.messages.Written), which this test reads as quotes
}


def _not_known(found: list[tuple[str, str]], lang: str, page: str) -> list[tuple[str, str]]:
    known = KNOWN_ELSEWHERE.get((lang, page), set())
    return [(w, b) for w, b in found
            if w not in known and not ("numbers" in known and FOREIGN_NUMBER[lang].fullmatch(w))]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_page_is_in_the_reports_language(lang, request):
    out = request.getfixturevalue(f"report_{lang}")
    problems = {}
    for page in _pages(out):
        found = _not_known(leaks(visible_blocks(page.read_text(encoding="utf-8"), lang), lang, _FILE_TOKENS),
                           lang, page.name)
        if found:
            problems[page.name] = sorted({f"{w!r} in: {b[:140]}" for w, b in found})[:15]
    assert not problems, problems


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_chart_is_in_the_reports_language(lang, request):
    out = request.getfixturevalue(f"report_{lang}")
    charts = sorted(out.glob("*/figures/*.svg"))
    assert len(charts) >= 8, charts
    problems = {}
    for chart in charts:
        texts = svg_texts(chart)
        assert texts, chart  # a chart without text would make this test vacuous
        found = leaks(texts, lang)
        if found:
            problems[chart.name] = sorted({f"{w!r} in: {b[:140]}" for w, b in found})[:15]
    assert not problems, problems


def test_pages_and_charts_with_the_users_files_are_in_the_reports_language(report_with_user_files):
    lang, out = report_with_user_files
    files = _FILE_TOKENS | {p.stem for p in USER_FILES.values()}
    charts = sorted(out.glob("*/figures/*.svg"))
    assert {"s_curve.svg", "tpt_regions.svg"} <= {c.name for c in charts}
    problems = {}
    for page in _pages(out)[1:]:  # the index lists the run's parameters by name
        found = _not_known(leaks(visible_blocks(page.read_text(encoding="utf-8"), lang), lang, files), lang,
                           page.name)
        problems.update({page.name: sorted({f"{w!r} in: {b[:140]}" for w, b in found})[:15]} if found else {})
    for chart in charts:
        found = leaks(svg_texts(chart), lang, files)
        problems.update({chart.name: sorted({f"{w!r} in: {b[:140]}" for w, b in found})[:15]} if found else {})
    assert not problems, problems


def test_the_checker_sees_each_kind_of_leak():
    """The checks themselves: each leak the issue saw is caught, the document's own words are not."""
    id_page = ("<p>Arah: lower_is_better; kategori very_high</p><td>actual</td><td>1,234.5</td>"
               "<p>narrative line 318</p><p>Program <span class=\"doc\">Penempatan Tenaga Kerja</span></p>")
    caught = {w for w, _ in leaks(visible_blocks(id_page, "id"), "id")}
    assert {"lower_is_better", "very_high", "actual", "1,234.5", "narrative", "line"} <= caught
    en_page = ("<p>line 318</p><td>baris 12</td><td>kegiatan</td><td>4.000,00</td><td>6,23</td>"
               "<p>audit.severity.error</p><p>The text says <q>realisasi anggaran sebesar 93,03%</q>.</p>"
               "<td class=\"text doc\">Program Penempatan Tenaga Kerja</td><p>Kota Pasuruan, 2.07.01, Tabel 2.1</p>"
               "<p>The text writes '3.456.509470,00' (Program Pelatihan Kerja dan Produktivitas Tenaga Kerja)</p>")
    caught = {w for w, _ in leaks(visible_blocks(en_page, "en"), "en")}
    assert caught == {"baris", "kegiatan", "4.000,00", "6,23", "audit.severity.error"}, caught
    assert DOCUMENT_LANG == "id"


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_headline_ends_with_its_source_in_the_pages_language(lang, request):
    """Each headline that states a finding of findings.json ends with its source in words, once, in the page's
    language ("Sumber: Renja 2023, Tabel 2.2; narasi." / "Source: Renja 2023, Table 2.2; narrative."); every page
    has 3 to 6 such headlines."""
    out = request.getfixturevalue(f"report_{lang}")
    folder = next(p.parent for p in out.glob("*/findings.json"))
    data = json.loads((folder / "findings.json").read_text(encoding="utf-8"))
    word, other = {"id": ("Sumber: ", "Source: "), "en": ("Source: ", "Sumber: ")}[lang]
    per_page: dict[str, int] = {}
    for f in data["findings"]:
        sentence = f["sentence"][lang]
        blocks = [b for b in visible_blocks((folder / f"{f['page']}.html").read_text(encoding="utf-8"), lang)
                  if b.startswith(sentence)]
        assert blocks, (f["code"], sentence)
        for block in blocks:
            rest = block[len(sentence):]
            assert rest.startswith(f" {word}Renja 2023") and rest.endswith("."), (f["code"], block[-160:])
            assert block.count(word) == 1 and other not in block and ".)." not in block, block[-160:]
        per_page[f["page"]] = per_page.get(f["page"], 0) + 1
    assert set(per_page) == {p.stem for p in folder.glob("*.html")}
    assert all(3 <= n <= 6 for n in per_page.values()), per_page
    if lang == "en":
        labour = "\n".join(visible_blocks((folder / "02_labour_indicators.html").read_text(encoding="utf-8"), "en"))
        assert "rated high). Source: Renja 2023, Table 2.2; narrative." in labour


#: Bullets that once ended with no source (a line that states no finding), by page: the start of each, per language.
_ONCE_WITHOUT_SOURCE = {
    "02_labour_indicators": {"id": ["TPT 2022: angka resmi belum rilis", "TKK dan TPT 2021 adalah satu fakta"],
                             "en": ["TPT 2022: the official figure is not yet released", "TKK and TPT 2021 are one"]},
    "03_budget_absorption": {"id": ["Penempatan Tenaga Kerja 2022 triwulan 1: serapan 3,76%"],
                             "en": ["Penempatan Tenaga Kerja 2022 quarter 1: absorption 3.76%"]},
    "04_performance_achievement": {"id": ["Pelatihan Kerja dan Produktivitas Tenaga Kerja: rata-rata capaian 97,65%, "
                                          "serapan 66,60%"],
                                   "en": ["Pelatihan Kerja dan Produktivitas Tenaga Kerja: average achievement "
                                          "97.65%, absorption 66.60%"]},
}


def _bullets(page: Path) -> list[str]:
    """A page's bullets (``<li>``) as plain text."""
    from html import unescape

    return [" ".join(unescape(re.sub(r"<[^>]+>", "", li)).split())
            for li in re.findall(r"<li>(.*?)</li>", page.read_text(encoding="utf-8"), re.S)]


@pytest.mark.parametrize("lang", ["id", "en"])
def test_every_headline_bullet_ends_with_one_source_the_lines_without_a_finding_too(lang, request):
    """Every bullet of every report page (its headlines: a finding's or a line that states none, such as an
    estimate not yet released, the TPT/TKK note, a quarter's absorption, a programme's efficiency) ends with
    exactly one source in the page's language; an achievement names its table (Tabel 2.1)."""
    out = request.getfixturevalue(f"report_{lang}")
    folder = next(p.parent for p in out.glob("*/findings.json"))
    word, other = {"id": ("Sumber: ", "Source: "), "en": ("Source: ", "Sumber: ")}[lang]
    bullets = {page.stem: _bullets(page) for page in sorted(folder.glob("*.html"))}
    assert sum(map(len, bullets.values())) >= 25, bullets
    for page, lines in bullets.items():
        for line in lines:
            assert line.count(word) == 1 and other not in line, (page, line[-160:])
            assert line.endswith(".") and ".)." not in line and line.rsplit(word, 1)[1][:1].isupper(), line[-160:]
        for start in _ONCE_WITHOUT_SOURCE.get(page, {}).get(lang, []):
            assert any(line.startswith(start) for line in lines), (page, start)
    table = {"id": "Tabel 2.1", "en": "Table 2.1"}[lang]
    rollup = [line for line in bullets["04_performance_achievement"] if f"{word}Renja 2023, {table}." in line]
    assert len(rollup) == 5, bullets["04_performance_achievement"]  # the bands, then the 4 programmes
    assert rollup[0].startswith({"id": "Capaian kinerja 2021 dari 4 program berdata",
                                 "en": "Achievement in 2021 of the 4 programmes with data"}[lang])
