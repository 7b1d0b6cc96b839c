"""The headline findings of the report pages, as data: what ``findings.json`` holds.

A page's headline sentences (:mod:`renja_lib.present.headlines`) are computed from
the analysis frames; the same calls also make each headline a :class:`Finding`:
its code (``labour.TPT``, ``absorption.office``, ``data_audit.summary``), its sentence in
every language, the numbers it says (plain, unrounded), where each number stands in
the document (its locators), a short label and figure for the index, and the chart
that shows it. They travel with the Markdown a notebook shows (:class:`Headlines`, a
``str``): :func:`renja_lib.present.sentences.show` writes them into the output's
metadata (:data:`FINDINGS_METADATA`), and a page title carries the document's
identity (:data:`DOCUMENT_METADATA`). After a notebook ran, the runner reads both
back from the executed notebook (:func:`collect`) and writes one ``findings.json``
per report (:func:`findings_file`): sorted keys, no time, the same bytes on every run.

A finding's source in words, short (``Sumber: Renja 2023, Tabel 2.2; narasi``; an outside file by its publisher
and name, ``BPS (tpt.csv)``), is :func:`source_words`: the pages end each headline that states a finding with it
(:func:`with_sources`, called by ``show``), the slide deck writes it under the finding's chart.

``findings.json``::

    {"document": {"office", "region", "region_kind", "plan_year", "document_kind", "file",
                  "name": {"id", "en"}},
     "pages": [{"page": notebook name, "topic": "labour", "title": {"id", "en"}}],
     "findings": [{"code", "page", "order", "sentence": {"id", "en"}, "numbers": {name: number},
                   "codes": {name: code}, "locators": [{"number", "where": {"id", "en"}, ...}],
                   "source": {"id", "en"}, "label": {"id", "en"}, "figure": {"id", "en"},
                   "chart": "figures/<name>.png" or null,
                   "chart_data": {"kind": "line" | "bar" | "column", "unit": "percent" | "count",
                                  "categories": {"id": [...], "en": [...]},
                                  "series": [{"code": "realised", "values": [number or null]}]} or null}],
     "headline": [{"code", "page", "label", "figure", "chart"}],
     "version": 1}
"""
from __future__ import annotations

import html
import json
import math
import numbers
import re
from dataclasses import dataclass, field
from typing import Any

from ..read.locator import Locator
from ..text import LANGS, check_lang
from ..text.catalogue import has, tr

__all__ = ["Finding", "Headlines", "FINDINGS_METADATA", "DOCUMENT_METADATA", "FINDINGS_FILE", "MAX_FINDINGS",
           "FINDINGS_VERSION", "plain", "number", "in_every_language", "output_metadata", "document_record",
           "collect", "findings_file", "findings_json", "chart_file", "chart_data", "CHART_KINDS", "CHART_UNITS",
           "ORIGINS", "source_places", "source_words", "with_sources", "Sourced", "headline_first"]

#: The kinds of native chart a finding may ask for: lines over categories (years), vertical or horizontal bars.
CHART_KINDS = ("line", "column", "bar")
#: What a native chart's values are: percentages or counts.
CHART_UNITS = ("percent", "count")

#: The output metadata that carries a displayed text's findings (a list of :meth:`Finding.record`).
FINDINGS_METADATA = "renja_findings"
#: The output metadata of a page title that carries the document's identity (:func:`document_record`).
DOCUMENT_METADATA = "renja_document"
#: The file in every report folder.
FINDINGS_FILE = "findings" + ".json"  # two literals: "findings.<x>" would read as a catalogue key
#: At most this many findings come from one summary (a page shows 3 to 6 headlines).
MAX_FINDINGS = 6
FINDINGS_VERSION = 1

_ESCAPED = re.compile(r"\\(.)")


def plain(markdown: str) -> str:
    """A sentence's Markdown as plain text: no ``**``, no backslash escape, no HTML entity.

    >>> plain("**Renja 2023** · Program \\\\*A\\\\* &lt;b&gt;")
    'Renja 2023 · Program *A* <b>'
    >>> plain("- -Rp 548,8 jt"), plain("-15,88%")
    ('-Rp 548,8 jt', '-15,88%')
    """
    text = _ESCAPED.sub(r"\1", str(markdown).replace("**", "").lstrip().removeprefix("- "))
    return " ".join(html.unescape(text).split())


def number(value: Any) -> int | float | None:
    """A number as JSON keeps it: an int or a float, unrounded; a missing value (None, NaN, ``pd.NA``) is None.

    >>> number(83.82), number(float("nan")), number(5063367215)
    (83.82, None, 5063367215)
    """
    if value is None:
        return None
    try:
        as_float = float(value)
    except (TypeError, ValueError):  # pd.NA, text
        return None
    if not math.isfinite(as_float):
        return None
    if isinstance(value, numbers.Integral):
        return int(value)
    return as_float


def in_every_language(make) -> dict[str, str]:
    """``{lang: make(lang)}`` for every language of the reports."""
    return {lang: make(lang) for lang in LANGS}


@dataclass(frozen=True)
class Finding:
    """One headline finding of a page (see the module's docstring for its fields)."""

    code: str
    sentence: dict[str, str]
    numbers: dict[str, Any] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)
    locators: list[dict[str, Any]] = field(default_factory=list)
    #: where its numbers stand, in words, without the document (``Tabel 2.2 baris 655``); empty when unknown
    places: dict[str, str] = field(default_factory=dict)
    label: dict[str, str] = field(default_factory=dict)
    figure: dict[str, str] = field(default_factory=dict)
    #: the chart's name (``tpt_trend``): ``figures/<chart>.png`` when the notebook saved it
    chart: str | None = None
    #: what a native (editable) chart of the finding needs, from the frame its sentence used (see
    #: :func:`chart_data`); None when the chart is a kind a slide program cannot draw natively
    chart_data: dict[str, Any] | None = None

    def record(self) -> dict[str, Any]:
        """The finding as JSON keeps it (numbers plain, missing ones None)."""
        return {"code": self.code, "sentence": {k: plain(v) for k, v in self.sentence.items()},
                "numbers": {k: number(v) for k, v in self.numbers.items()},
                "codes": {k: str(v) for k, v in self.codes.items() if v is not None},
                "locators": list(self.locators), "places": dict(self.places),
                "label": {k: plain(v) for k, v in self.label.items()},
                "figure": {k: plain(v) for k, v in self.figure.items()}, "chart": self.chart,
                "chart_data": self.chart_data}


@dataclass(frozen=True)
class Sourced:
    """A headline line that states no finding but has numbers from somewhere (an estimate not yet released, a
    note, a quarter's absorption): its sentence in every language and where its numbers stand (``locators``,
    ``places``, as a :class:`Finding`'s), so that the page ends it with its source (:func:`with_sources`) without
    it becoming a finding of ``findings.json`` or a slide."""

    sentence: dict[str, str]
    locators: list[dict[str, Any]] = field(default_factory=list)
    places: dict[str, str] = field(default_factory=dict)

    def record(self) -> dict[str, Any]:
        """What :func:`source_words` reads."""
        return {"locators": list(self.locators), "places": dict(self.places)}


class Headlines(str):
    """A summary's Markdown, carrying the :class:`Finding` objects it states (``findings``) and its other lines
    with their sources (``sourced``, :class:`Sourced`)."""

    findings: tuple[Finding, ...]
    sourced: tuple[Sourced, ...]

    def __new__(cls, markdown: str, findings: list[Finding] | tuple[Finding, ...] = (),
                sourced: list[Sourced] | tuple[Sourced, ...] = ()) -> "Headlines":
        text = super().__new__(cls, markdown)
        text.findings = tuple(findings)[:MAX_FINDINGS]
        text.sourced = tuple(sourced)
        return text


def headline_first(lines: list[str], findings: list[Finding], lang: str, note: str = "") -> str:
    """A summary's Markdown: the lines that state its findings (at most :data:`MAX_FINDINGS`, in their order)
    as the first bullet list; then a short label (``sentences.details``), ``note`` as a paragraph (how the
    figures are made: it states no figure, so it is no bullet and gets no source) and the other lines, in their
    order.

    >>> f = Finding(code="x", sentence={"id": "A naik.", "en": "A rises."})
    >>> print(headline_first(["B tetap.", "A naik."], [f], "id", note="Cara hitung."))
    - A naik.
    <BLANKLINE>
    **Rincian**
    <BLANKLINE>
    Cara hitung.
    <BLANKLINE>
    - B tetap.
    """
    rest, head = list(lines), []
    for f in list(findings)[:MAX_FINDINGS]:
        if f.sentence.get(lang) in rest:
            head.append(rest.pop(rest.index(f.sentence[lang])))
    details = [note] if note else []
    if rest:
        details.append("\n".join("- " + line for line in rest))
    parts = ["\n".join("- " + line for line in head)] if head else []
    if details:
        parts.append("\n\n".join([tr("sentences.details", lang), *details]) if head else "\n\n".join(details))
    return "\n\n".join(parts)


def output_metadata(markdown: Any, metadata: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The output metadata of a displayed text: ``metadata`` with the findings it carries (a :class:`Headlines`)
    and the document it names (a page title with ``document``) added; None when there is none."""
    out = dict(metadata or {})
    findings = getattr(markdown, "findings", None)
    if findings:
        out[FINDINGS_METADATA] = [f.record() for f in findings]
    document = getattr(markdown, "document", None)
    if isinstance(document, dict):
        out[DOCUMENT_METADATA] = document
    return out or None


def document_record(doc, topic: str | None = None) -> dict[str, Any]:
    """What a document is, as ``findings.json`` names it: its identity's parts and its name in every language;
    with ``topic``, the page's topic (``labour``: ``sentences.title.topic.<topic>``) as ``topic``."""
    from pathlib import Path

    from .sentences import document_name

    ident = doc.identity
    record = {part: getattr(ident, part, None) for part in ("office", "region", "region_kind", "document_kind")}
    record.update(plan_year=number(getattr(ident, "plan_year", None)),
                  file=Path(str(doc.path)).name if getattr(doc, "path", None) else None,
                  name=in_every_language(lambda lang: document_name(doc, lang)))
    if topic is not None:
        record["topic"] = str(topic)
    return record


def chart_data(kind: str, unit: str, categories: dict[str, list[str]],
               series: list[tuple[str, list[Any]]]) -> dict[str, Any]:
    """A native chart's data as a finding carries it: ``kind`` (:data:`CHART_KINDS`), ``unit``
    (:data:`CHART_UNITS`), the categories' names in every language, and each series' code (``realised``,
    ``target``; its name is ``deck.series.<code>``) with one value a category (plain numbers, missing None).

    >>> chart_data("column", "count", {"id": ["a"], "en": ["a"]}, [("count", [3])])["series"]
    [{'code': 'count', 'values': [3]}]
    """
    if kind not in CHART_KINDS or unit not in CHART_UNITS:
        raise ValueError(f"chart kind {kind!r} or unit {unit!r}")
    lengths = {len(names) for names in categories.values()} | {len(values) for _, values in series}
    if len(lengths) != 1:
        raise ValueError("every series has one value a category")
    return {"kind": kind, "unit": unit, "categories": {lang: [plain(n) for n in categories[lang]] for lang in LANGS},
            "series": [{"code": str(code), "values": [number(v) for v in values]} for code, values in series]}


def chart_file(name: str | None) -> str | None:
    """The relative path of a chart's full-resolution file in a report folder (``figures/<name>.png``)."""
    return f"figures/{name}.png" if name else None


# ---------------------------------------------------------------- the runner's side
def collect(nb) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """The document and the findings an executed notebook showed (its outputs' metadata), in its order."""
    document, found = None, []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            meta = out.get("metadata") or {}
            if document is None and isinstance(meta.get(DOCUMENT_METADATA), dict):
                document = dict(meta[DOCUMENT_METADATA])
            records = meta.get(FINDINGS_METADATA)
            if isinstance(records, list):
                found.extend(r for r in records if isinstance(r, dict) and isinstance(r.get("code"), str))
    return document, found


def _kind_year(document: dict[str, Any], lang: str) -> str:
    kind = document.get("document_kind") or "renja"
    kind_words = tr(f"identity.document_kind.{kind}", lang) if has(f"identity.document_kind.{kind}") else kind
    year = document.get("plan_year") or tr("identity.unknown.plan_year", lang)
    return tr("sentences.title.kind_year", lang, kind=kind_words, year=year)


# ---------------------------------------------------------------- a finding's source in words
#: outside files a finding's number may come from, named by their publisher (``findings.source.origin.<origin>``)
#: when a locator says so (``"origin": "bps"``, with its ``source_file``)
ORIGINS = ("bps", "djpk")
#: a page before a place: ``hal. 12, Tabel 2.1``
_PAGE_PART = re.compile(r"^(?:hal\.|page)\s+\d+,\s*")
#: a place this package writes, with its line: ``narrative line 318``, ``Tabel 2.2 line 655``
_OWN_PART = re.compile(r"(?P<place>narrative|narasi|[Tt]abel\s+\S+)(?:\s+(?:line|baris|row)\s+\d+.*)?", re.S)
#: a cell of a BPS download as :mod:`renja_lib.read.bps` names it: ``tpt.csv row 5, column 3``, ``tpt.json line 4, x``
_BPS_PART = re.compile(r"(?P<file>[^:;]+?\.\w+) (?:row \d+, column .+|line \d+, .+)", re.S)
#: a row of a user's file (:mod:`renja_lib.read.indicator_series`): ``extra.csv row 3``, with the source it names
_FILE_PART = re.compile(r"(?P<file>[^:;]+?) row \d+(?:: (?P<named>.+))?", re.S)
#: a line number after a place already in words: ``Tabel 2.2 baris 655`` -> ``Tabel 2.2``
_LINE_WORDS = re.compile(r"\s+(?:line|baris|row)\s+\d+.*$", re.S)


def _file_name(path: Any) -> str:
    return str(path).replace("\\", "/").rsplit("/", 1)[-1]


def _from_file(source: str, file: Any, lang: str) -> str:
    """``BPS (tpt_2021.csv)``: an outside source and the file it came in."""
    return tr("findings.source.file", lang, source=source, file=_file_name(file)) if file else source


def _locator_places(loc: dict[str, Any], lang: str) -> list[tuple[str, bool]]:
    """Where one locator's number stands, short and in ``lang``: a table, the narrative, an outside file; each with
    whether it is the document's own place (a table, the narrative) or outside it (a BPS or DJPK file, a user's)."""
    origin = loc.get("origin")
    if origin in ORIGINS:
        return [(_from_file(tr(f"findings.source.origin.{origin}", lang), loc.get("source_file"), lang), False)]
    if loc.get("source_table"):
        return [(Locator(table=str(loc["source_table"])).table_words(lang) or str(loc["source_table"]), True)]
    out: list[tuple[str, bool]] = []
    for part in str(loc.get("source") or "").split("; "):
        part = _PAGE_PART.sub("", part.strip())
        if not part or re.fullmatch(r"(?:line|baris|row)?\s*\d+", part):
            continue
        own, bps, file = _OWN_PART.fullmatch(part), _BPS_PART.fullmatch(part), _FILE_PART.fullmatch(part)
        if own:
            place = own["place"]
            out.append((tr("findings.source.narrative", lang) if place in ("narrative", "narasi")
                        else Locator(table=place).table_words(lang) or place, True))
        elif bps:
            out.append((_from_file(tr("findings.source.origin.bps", lang), bps["file"], lang), False))
        elif file:
            out.append((_from_file(file["named"].strip(), file["file"], lang) if file["named"] else file["file"],
                        False))
        else:  # a source as it names itself (a user's file says "BPS Kota Pasuruan 2022")
            out.append((part, False))
    if not out and loc.get("source_line") is not None and not loc.get("source"):
        out.append((tr("findings.source.narrative", lang), True))  # a line of the document outside its tables
    return out


def _split_places(finding: dict[str, Any], lang: str) -> tuple[list[str], list[str]]:
    """A finding's places, each once, without line numbers: the document's own (its tables, the narrative) and
    those outside it (an outside file by its publisher and name); from its locators, else from its places in
    words (the document's own)."""
    lang = check_lang(lang)
    pairs = [p for loc in finding.get("locators") or [] if isinstance(loc, dict) for p in _locator_places(loc, lang)]
    if not pairs:
        where = (finding.get("places") or {}).get(lang) or ""
        pairs = [(_LINE_WORDS.sub("", p.strip()), True) for p in str(where).split("; ")]
    narrative = tr("findings.source.narrative", lang)
    own = sorted(dict.fromkeys(p for p, mine in pairs if p and mine), key=lambda p: p == narrative)  # tables first
    outside = list(dict.fromkeys(p for p, mine in pairs if p and not mine and p not in own))
    return own, outside


def source_places(finding: dict[str, Any], lang: str) -> list[str]:
    """Where a finding's numbers come from, short, in ``lang``, each once, without line numbers: the document's
    places first (``Tabel 2.2``, ``Table 2.2``, the narrative), then the outside ones: an outside file by its
    publisher and name (``BPS (tpt.csv)``), another source as it names itself; from its locators, else from its
    places in words. ``finding`` is a :meth:`Finding.record` or a finding of ``findings.json``.

    >>> source_places({"locators": [{"source": "tpt.csv row 4, column 3"},
    ...                             {"source": "Tabel 2.2 line 655; narrative line 318"}]}, "en")
    ['Table 2.2', 'narrative', 'BPS (tpt.csv)']
    """
    own, outside = _split_places(finding, lang)
    return own + outside


def source_words(finding: dict[str, Any], lang: str, document: dict[str, Any] | None = None, *,
                 office: bool = False) -> str:
    """A finding's source in words, short: ``Sumber: Renja 2023, Tabel 2.2; narasi`` / ``Source: Renja 2023,
    Table 2.2; narrative`` (:func:`source_places`); ``document`` is ``findings.json``'s document (or a page
    title's), named by kind and year, with ``office`` by its whole name (the slide deck's source line). The
    document is named only where a number stands in it (or nothing else is known): a finding whose numbers all
    come from outside files names only them (``Sumber: BPS (tpt.csv)``); a mixed one names the document with its
    places, then the outside files. ``""`` when nothing is known of where the finding stands.

    >>> f = {"locators": [{"source": "Tabel 2.2 line 655; narrative line 318"}]}
    >>> source_words(f, "id", {"document_kind": "renja", "plan_year": 2023})
    'Sumber: Renja 2023, Tabel 2.2; narasi'
    >>> source_words({"locators": [{"origin": "bps", "source_file": "a/tpt.csv"}]}, "en", {"plan_year": 2023})
    'Source: BPS (tpt.csv)'
    """
    lang = check_lang(lang)
    own, outside = _split_places(finding, lang)
    doc = None
    if document and (own or not outside):
        name = (document.get("name") or {}).get(lang) if office else None
        doc = (name or _kind_year(document, lang)).replace(" · ", " ")
    places = "; ".join(own + outside)
    if doc and places:
        return tr("findings.source.words", lang, document=doc, places=places)
    if doc or places:
        return tr("findings.source.words.one", lang, source=doc or places)
    return ""


def with_sources(markdown: Any, document: dict[str, Any] | None = None) -> str:
    """A summary's Markdown (a :class:`Headlines`) with each line that states one of its findings, or one of its
    other sourced lines (:class:`Sourced`), ending with its source in words (:func:`source_words`, in the
    language of the sentence it states): ``- TPT 2021 ... kategori tinggi). *Sumber: Renja 2023, Tabel 2.2;
    narasi.*``. Another line keeps its text; a text with neither is returned as it is. ``findings.json`` keeps
    the sentence and the source apart."""
    from .headlines import esc

    findings = (*getattr(markdown, "findings", ()), *getattr(markdown, "sourced", ()))
    if not findings:
        return str(markdown)
    stated: dict[str, tuple[Finding | Sourced, str]] = {}
    for f in findings:
        for lang, sentence in f.sentence.items():
            stated.setdefault(str(sentence).strip(), (f, lang))
    lines = []
    for line in str(markdown).split("\n"):
        body = line[2:] if line.startswith("- ") else line
        hit = stated.get(body.strip())
        words = source_words(hit[0].record(), hit[1], document) if hit else ""
        if words:
            line = line.rstrip()
            line = f"{line if line.endswith(('.', '!', '?')) else line + '.'} *{esc(words)}.*"
        lines.append(line)
    return "\n".join(lines)


def _source(document: dict[str, Any], record: dict[str, Any], lang: str) -> str:
    """``Renja 2023, Tabel 2.2 baris 655``: the document and where in it; a finding whose numbers all come from
    outside files, only them (``BPS, tpt.csv baris 38, kolom 2023``)."""
    own, outside = _split_places(record, lang)
    where = (record.get("places") or {}).get(lang) or "; ".join(own + outside)  # no places: its locators'
    if outside and not own:
        return where or "; ".join(outside)
    doc = _kind_year(document, lang)
    return tr("findings.source", lang, document=doc, places=where) if where else doc


def findings_file(pages: list[tuple[str, dict[str, Any] | None, list[dict[str, Any]]]],
                  chart_exists=lambda path: True) -> dict[str, Any] | None:
    """The content of a report's ``findings.json``: ``pages`` are (notebook name, document, findings) in the
    report's order; a chart whose file the report does not hold (``chart_exists``) is named as none. None when no
    page showed a document or a finding."""
    document = next((d for _, d, _ in pages if d), None)
    if document is None and not any(f for _, _, f in pages):
        return None
    document = {k: v for k, v in (document or {}).items() if k != "topic"}
    shown = []
    for page, page_document, _ in pages:
        topic = (page_document or {}).get("topic")
        key = f"sentences.title.topic.{topic}"
        shown.append({"page": page, "topic": topic,
                      "title": {lang: tr(key, lang) for lang in LANGS} if topic and has(key) else None})
    findings, seen = [], set()
    for page, _, records in pages:
        for record in records:
            code = record["code"]
            if code in seen:  # a summary shown twice on a page: one finding
                continue
            seen.add(code)
            chart = chart_file(record.get("chart"))
            findings.append({**{k: v for k, v in record.items() if k != "places"}, "page": page,
                             "order": len(findings) + 1,
                             "chart": chart if chart and chart_exists(chart) else None,
                             "source": {lang: _source(document, record, lang) for lang in LANGS}})
    headline = [{"code": f["code"], "page": f["page"], "label": f["label"], "figure": f["figure"],
                 "chart": f["chart"]} for f in findings]
    return {"version": FINDINGS_VERSION, "document": document, "pages": shown, "findings": findings,
            "headline": headline}


def findings_json(content: dict[str, Any]) -> str:
    """``findings.json``'s text: sorted keys, no time, so that two runs write the same bytes."""
    return json.dumps(content, sort_keys=True, indent=1, ensure_ascii=False, allow_nan=False) + "\n"
