"""The headline sentences of the report pages, and the escaping and source words every sentence uses.

What a head of office reads first on each page, computed from the analysis frames
and written in the report's language (``sentences.*`` of the text catalogue):

* :func:`labour_summary`: each indicator against its target. A figure not yet
  released is said to be so and never rated (:mod:`renja_lib.analyse.ratings`); a
  target the narrative writes rounded (``67,8`` for ``67,78``) is the same figure,
  as the audit rates it; where TPT and TKK, one fact, fall in two bands, a
  sentence says why (:func:`renja_lib.analyse.labour.complement_pairs`).
* :func:`absorption_summary`: each programme's and the office's absorption, the
  reading the document supports (:func:`renja_lib.analyse.budget.absorption`'s
  ``reading``): a written amount the document itself rejects is named as such,
  never headlined.
* ``rollup_summary``, ``efficiency_summary``: the one average achievement,
  named the same way wherever it is shown, and the four efficiency cases (in
  :mod:`renja_lib.present.performance_headlines`).
* :func:`audit_summary` and :func:`severity_first`: the audit, errors first (in
  :mod:`renja_lib.present.audit_headlines`, re-exported here).

Every bullet ends with its source in words on the page: a finding's from its locators, a line that states
none (an estimate, a note, a quarter, a programme's efficiency) from its own (:class:`~.findings.Sourced`).
The labour and budget summaries list the lines of their findings first, the others after ``sentences.details``.

:mod:`renja_lib.present.sentences` re-exports every name here; notebooks call them
from there.
"""
from __future__ import annotations

import html
import re
from typing import Any

import pandas as pd

from ..analyse.labour import NOT_RELEASED, complement_pairs
from ..analyse.ratings import is_rated
from ..read.locator import Locator
from ..read.regions import parse_region, region_key
from ..text import LANGS, check_lang
from ..text.catalogue import Message, has, tr
from ..text.formats import fmt_number, fmt_percent, fmt_points
from .audit_headlines import audit_summary, severity_first  # noqa: F401  (re-exported)
from .findings import MAX_FINDINGS, Finding, Headlines, Sourced, chart_data, headline_first, in_every_language
from .names import short_name

__all__ = ["esc", "source_text", "source_locators", "band_word", "attention_first", "labour_summary", "absorption_summary",
           "audit_summary", "severity_first"]

#: Markdown formatting characters; "$" too: a notebook typesets $...$ as mathematics.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")


def esc(text: Any) -> str:
    """Escape document text for Markdown: no HTML tag, no formatting character survives.

    >>> esc("<script>alert(1)</script> *x*")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*x\\\\*'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


#: a part of a series' source that this package writes: ``narrative line 318``, ``Tabel 2.2 line 655``
_OWN_SOURCE = re.compile(r"(?P<place>narrative|Tabel \S+)(?: (?P<by>line|row) (?P<n>[0-9]+))?")
#: a row of a user's file, with the source the file names: ``extra_indicators.csv row 3: BPS Sakernas``
_FILE_SOURCE = re.compile(r"(?P<place>[^:;]+?) (?P<by>row) (?P<n>[0-9]+)(?P<rest>: .*)?", re.S)
#: a value of a table of the BPS website (:mod:`renja_lib.read.bps`): ``tpt.csv row 38, column 2023 Agustus``,
#: a footnote mark after it in brackets
_BPS_TABLE = re.compile(r"(?P<file>[^;]+?) row (?P<row>[0-9]+), column (?P<column>.+?)(?: \((?P<mark>[^()]*)\))?",
                        re.S)
#: a value of a BPS WebAPI answer: ``tpt.json line 312, 35755430123189`` (the line of its key, the key)
_BPS_API = re.compile(r"(?P<file>[^;,]+?) line (?P<line>[0-9]+), (?P<key>[0-9]+)")
#: a rate derived from its complement: ``100 - TPT (<the TPT's source>)`` (:func:`renja_lib.analyse.rates.derived_source`)
_DERIVED = re.compile(r"100 - (?P<basis>\S+) \((?P<source>.*)\)", re.S)


def _parts(source: Any) -> list[str]:
    """A series' source split into its parts at ``"; "`` outside brackets (a derived figure's source holds its
    basis' whole source in brackets)."""
    text, parts, depth, start = str(source), [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")" and depth > 0)
        if depth == 0 and ch == ";" and text.startswith("; ", i):
            parts.append(text[start:i])
            start = i + 2
    return [*parts, text[start:]]


def _source_part(part: str, lang: str) -> str:
    if (d := _DERIVED.fullmatch(part)) is not None:
        return tr("sentences.source.derived", lang, basis=d["basis"], source=source_text(d["source"], lang))
    if (b := _BPS_TABLE.fullmatch(part)) is not None and _OWN_SOURCE.fullmatch(part) is None:
        mark = f" ({b['mark']})" if b["mark"] else ""
        return tr("sentences.source.bps_table", lang, file=b["file"], row=int(b["row"]), column=b["column"]) + mark
    if (a := _BPS_API.fullmatch(part)) is not None and _OWN_SOURCE.fullmatch(part) is None:
        return tr("sentences.source.bps_api", lang, file=a["file"], line=int(a["line"]), key=a["key"])
    m = _OWN_SOURCE.fullmatch(part) or _FILE_SOURCE.fullmatch(part)
    if m is None:  # text of the user's file: as written
        return part
    place = (tr("sentences.source.narrative", lang) if m["place"] == "narrative"
             else Locator(table=m["place"]).table_words(lang) if m["place"].startswith("Tabel ") else m["place"])
    if m["n"] is None:
        return place
    where = (tr("locator.line", lang, line=int(m["n"])) if m["by"] == "line"
             else tr("locator.row", lang, row=int(m["n"])))
    return f"{place} {where}{m.groupdict().get('rest') or ''}"


def source_text(source: str, lang: str) -> str:
    """A series' source (``"Tabel 2.2 line 655; narrative line 318"``) in the report's language.

    Only the places this package writes are translated; what a user's file says
    about its source is kept as written.

    >>> source_text("Tabel 2.2 line 655; narrative line 318", "id")
    'Tabel 2.2 baris 655; narasi baris 318'
    >>> source_text("Tabel 2.2 line 655", "en")
    'Table 2.2 line 655'
    >>> source_text("extra.csv row 3: BPS, narrative line 5", "id")
    'extra.csv baris 3: BPS, narrative line 5'
    >>> source_text("100 - TPT (tpt.csv row 38, column 2022 Agustus)", "en")
    'derived as 100 − TPT, the TPT from BPS, tpt.csv row 38, column 2022 Agustus'
    """
    lang = check_lang(lang)
    return "; ".join(_source_part(part, lang) for part in _parts(source))


def band_word(band_key: Any, lang: str) -> str:
    """The words of a rating band's code (``very_high`` -> ``sangat tinggi``); a missing code is ``missing``."""
    key = "missing" if band_key is None or pd.isna(band_key) else str(band_key)
    return tr(f"analysis.band.{key}", lang)


def _plain_percent(value: Any, lang: str) -> str:
    """A percentage with the decimals it has, trailing zeros dropped (``67,8%``), as a document writes it."""
    return f"{fmt_number(value, lang=lang)}%"


# ---------------------------------------------------------------- labour
def _not_released_where(series: Any, indicator: str, year: int) -> str | None:
    """Where the document says that the figure of ``indicator`` in ``year`` is not released yet (a source), or
    None when it does not say so."""
    dropped = getattr(series, "dropped", None)
    if dropped is None or dropped.empty or "reason" not in dropped.columns:
        return None
    rows = dropped[(dropped["reason"] == NOT_RELEASED) & (dropped["indicator"] == indicator)
                   & (dropped["year"] == year)]
    return str(rows["source"].iloc[0]) if len(rows) else None


def _relation(r: Any, lang: str, points: str) -> str:
    """``exactly on its 6,20% target`` / ``0,52 pp above its 5,71% target``."""
    target = fmt_percent(r.target, lang=lang)
    if points == fmt_points(0, lang=lang).lstrip("+"):
        return tr("sentences.gap.on", lang, target=target)
    side = tr("sentences.gap.above" if r.gap_pp > 0 else "sentences.gap.below", lang)
    return tr("sentences.gap.off", lang, points=points, side=side, target=target)


def _rating(r: Any, lang: str) -> str:
    """``capaian 90,89% menurut metode ..., kategori tinggi``, naming the basis when it is another indicator's."""
    method = tr(f"sentences.method.{r.method}", lang) if has(f"sentences.method.{r.method}") else r.method
    fields = dict(ach=fmt_percent(r.achievement, lang=lang), method=method, band=esc(band_word(r.band_key, lang)))
    basis = getattr(r, "basis", r.indicator)
    if isinstance(basis, str) and basis != r.indicator:
        return tr("sentences.rating.basis", lang, basis=esc(basis), **fields)
    return tr("sentences.rating", lang, **fields)


def _rounded_note(series: Any, r: Any, lang: str) -> str:
    """`` narasi baris 312 menulis target ini 67,8%: angka yang sama, dibulatkan.`` for each rounded writing."""
    rounded = getattr(series, "rounded", None)
    if rounded is None or rounded.empty:
        return ""
    notes = []
    for kind, value in (("actual", r.realised), ("target", r.target)):
        rows = rounded[(rounded["indicator"] == r.indicator) & (rounded["year"] == r.year) & (rounded["kind"] == kind)
                       & (rounded["region"] == r.region) & ((rounded["value"] - value).abs() < 1e-9)]
        for w in rows.itertuples():
            notes.append(" " + tr("sentences.rounded", lang, source=esc(source_text(w.rounded_source, lang)),
                                  kind=tr(f"sentences.kind.{kind}", lang), value=_plain_percent(w.rounded_value, lang)))
    return "".join(notes)


def _from_document(source: Any) -> bool:
    """Whether a series' source names the document (its table or its narrative) among its parts."""
    return any(_OWN_SOURCE.fullmatch(p) for p in _parts(source))


def _by_bps(source: Any) -> bool:
    """Whether every part of a source is a BPS file's value (a derived figure: its basis')."""
    parts = [d["source"] if (d := _DERIVED.fullmatch(p)) else p for p in _parts(source)]
    return all(_BPS_TABLE.fullmatch(p) or _BPS_API.fullmatch(p) for p in parts) and not _from_document(source)


def _said_value(value: Any, source: Any, derived_from: Any, lang: str) -> str:
    """A realised value as a sentence states it: with its source in words when it is derived (TKK = 100 - TPT)
    or comes from outside the document (``5,85% (BPS, tpt.csv baris 38, kolom 2023 Agustus)``)."""
    words = fmt_percent(value, lang=lang)
    if isinstance(source, str) and source and (derived_from or not _from_document(source)):
        return f"{words} ({esc(source_text(source, lang))})"
    return words


def _released_note(r: Any, series: Any, lang: str) -> str:
    """`` Dokumen menyebut angka ini belum rilis (Tabel 2.2 baris 655); BPS telah merilisnya.`` where the
    document says a figure is not released and a file given since holds it (or its complement's)."""
    where = _not_released_where(series, r.indicator, int(r.year))
    if where is None or _from_document(r.realised_source):
        return ""
    basis = getattr(r, "derived_from", "") or ""
    if not _by_bps(r.realised_source):
        files = "; ".join(dict.fromkeys(m["place"] if (m := _FILE_SOURCE.fullmatch(p)) else p
                                        for p in _parts(r.realised_source)))
        return " " + tr("sentences.released.file", lang, where=esc(source_text(where, lang)), file=esc(files))
    key = "sentences.released.derived" if basis else "sentences.released"
    return " " + tr(key, lang, where=esc(source_text(where, lang)), basis=esc(basis))


def _labour_line(r: Any, series: Any, lang: str) -> str:
    points = fmt_points(abs(r.gap_pp), lang=lang).lstrip("+")
    relation = _relation(r, lang, points)
    value = fmt_percent(r.realised, lang=lang)
    if not is_rated(r.realised_kind):
        where = _not_released_where(series, r.indicator, int(r.year))
        status = (tr("sentences.estimate.not_released", lang, source=esc(source_text(where, lang))) if where
                  else tr("sentences.estimate.no_actual", lang))
        return tr("sentences.estimate", lang, ind=esc(r.indicator), year=int(r.year), status=status, value=value,
                  relation=relation)
    value = _said_value(r.realised, r.realised_source, getattr(r, "derived_from", ""), lang)
    return tr("sentences.gap", lang, ind=esc(r.indicator), year=int(r.year), value=value, relation=relation,
              rating=_rating(r, lang)) + _rounded_note(series, r, lang) + _released_note(r, series, lang)


def _newest(rows: pd.DataFrame, series: Any) -> dict[str, dict[str, Any]]:
    """Per indicator of the document's region, its newest realised figure when it is newer than every year the
    gaps rate or estimate (a BPS file's year for which the document gives no target): value, source, the
    previous year's figure and the province's of the same year (None where there is none)."""
    frame = getattr(series, "frame", None)
    region = getattr(series, "region", "") or ""
    if frame is None or frame.empty or not region:
        return {}
    mine_key = region_key(region)
    actual = frame[(frame["kind"] == "actual") & ~frame["conflict"].astype(bool) & frame["value"].notna()]
    keys = actual["region"].map(region_key)
    mine = actual[keys == mine_key]
    provinces = actual[(keys != mine_key) & actual["region"].map(lambda n: parse_region(n).level == "provinsi")]
    out: dict[str, dict[str, Any]] = {}
    for indicator, group in mine.groupby("indicator", sort=False):
        group = group.sort_values("year", kind="stable")
        last = group.iloc[-1]
        rated = rows.loc[rows["indicator"] == indicator, "year"]
        if len(rated) and int(last["year"]) <= int(rated.max()):
            continue
        before = group[group["year"] < last["year"]]
        prov = provinces[(provinces["indicator"] == indicator) & (provinces["year"] == last["year"])]
        out[str(indicator)] = {
            "indicator": str(indicator), "year": int(last["year"]), "value": float(last["value"]),
            "source": str(last["source"]), "derived_from": str(last.get("derived_from", "") or ""),
            "previous_year": int(before["year"].iloc[-1]) if len(before) else None,
            "previous": float(before["value"].iloc[-1]) if len(before) else None,
            "previous_source": str(before["source"].iloc[-1]) if len(before) else None,
            "province": str(prov["region"].iloc[0]) if len(prov) else None,
            "province_value": float(prov["value"].iloc[0]) if len(prov) else None,
            "province_source": str(prov["source"].iloc[0]) if len(prov) else None}
    return out


def _newest_line(n: dict[str, Any], lang: str) -> str:
    """``TPT 2024, angka terbaru: 5,50% (BPS, ...); turun 0,35 poin dari 2023 (5,85%); Provinsi Jawa Timur 4,70%
    (+0,80 poin). Dokumen tidak memberi target tahun ini: angka ini tidak dinilai.``"""
    change = ""
    if n["previous"] is not None:
        diff = n["value"] - n["previous"]
        side = "same" if fmt_points(diff, lang=lang).lstrip("+-−") == fmt_points(0, lang=lang) else \
            "up" if diff > 0 else "down"
        change = tr(f"sentences.newest.{side}", lang, points=fmt_points(abs(diff), lang=lang).lstrip("+"),
                    year=n["previous_year"], value=fmt_percent(n["previous"], lang=lang))
    province = "" if n["province_value"] is None else tr(
        "sentences.newest.province", lang, province=esc(n["province"]),
        value=fmt_percent(n["province_value"], lang=lang), gap=fmt_points(n["value"] - n["province_value"], lang=lang))
    return tr("sentences.newest", lang, ind=esc(n["indicator"]), year=n["year"],
              value=_said_value(n["value"], n["source"], n["derived_from"], lang), change=change, province=province)


def _mismatch_lines(series: Any, lang: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Where both rates of TKK = 100 - TPT are published for the document's region and year and do not add up
    to 100: both are shown, neither is changed. Each line with its numbers' (name, source)."""
    found = getattr(series, "mismatches", None)
    region = getattr(series, "region", "") or ""
    if found is None or found.empty or not region:
        return []
    rows = found[found["region"].map(region_key) == region_key(region)]
    return [(tr("sentences.mismatch", lang, ind=esc(m.indicator), comp=esc(m.complement), year=int(m.year),
                value=fmt_percent(m.value, lang=lang), source=esc(source_text(m.source, lang)),
                cvalue=fmt_percent(m.complement_value, lang=lang),
                csource=esc(source_text(m.complement_source, lang)),
                points=fmt_points(abs(m.difference), lang=lang).lstrip("+")),
             [(m.indicator, m.source), (m.complement, m.complement_source)])
            for m in rows.itertuples()]


def _complement_lines(gaps: pd.DataFrame, lang: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Why a complement pair (TKK and TPT) rated by their own formulas falls in two bands, where it does; each
    line with its numbers' (name, source): both rates' realised figures and targets."""
    lines = []
    pairs = complement_pairs(gaps[gaps["basis"] == gaps["indicator"]]) if "basis" in gaps else complement_pairs(gaps)
    for p in pairs[~pairs["same_band"]].itertuples():
        gap = abs(p.gap_pp)
        both = gaps[gaps["indicator"].isin([p.indicator, p.complement]) & (gaps["year"] == p.year)]
        sources = [(f"{kind}_{r.indicator}", getattr(r, f"{kind}_source", None))
                   for r in both.itertuples() for kind in ("realised", "target")]
        lines.append((tr(
            "sentences.complement", lang, ind=esc(p.indicator), comp=esc(p.complement), year=int(p.year),
            points=fmt_points(gap, lang=lang).lstrip("+"), ach=fmt_percent(p.achievement, lang=lang),
            band=esc(band_word(p.band_key, lang)), cach=fmt_percent(p.complement_achievement, lang=lang),
            cband=esc(band_word(p.complement_band_key, lang)), target=fmt_percent(p.target, lang=lang),
            ctarget=fmt_percent(p.complement_target, lang=lang), share=fmt_percent(gap / p.target * 100, lang=lang),
            cshare=fmt_percent(gap / p.complement_target * 100, lang=lang)), sources))
    return lines


def labour_summary(gaps: pd.DataFrame, lang: str = "id", conflicts: pd.DataFrame | None = None,
                   series: Any = None) -> str:
    """One sentence per indicator and year: value, gap to target in points, achievement and band.

    ``gaps`` is :func:`renja_lib.analyse.labour.gap_to_target`'s frame, in its order
    (TPT, TPAK, TKK). An estimate (``realised_kind`` ``estimate``) is no
    achievement: its sentence says that the official figure is not released yet
    (where ``series``, :func:`renja_lib.analyse.labour.series`' result, has the
    document saying so) and gives the estimate beside its target, unrated. A value
    the document writes a second time rounded (``series.rounded``) is named as the
    same figure. Where TPT and TKK, one fact, are rated in two bands by their own
    formulas, a sentence says so and why. A realised figure from outside the document (a BPS file) or derived
    from its complement (TKK = 100 - TPT) names its source; one the document calls not released yet, published
    since, says so; a newer year than any the document rates (``series``' newest realised figure, no target) is
    stated with the previous year and the province, not rated, and is the indicator's finding; TPT and TKK
    both published and not adding up to 100 are both shown. When ``series`` says why the document
    has no labour-market figure (its ``reason``: the Renja of another office), the
    one sentence that says so (``sentences.labour.<reason>``).
    """
    lang = check_lang(lang)
    if getattr(series, "reason", None):
        return tr(f"sentences.labour.{series.reason}", lang)
    rows = gaps[~gaps["conflict"]] if "conflict" in gaps else gaps
    newest = _newest(rows, series)
    tagged = [(r.indicator, _labour_line(r, series, lang)) for r in rows.itertuples()]
    for indicator, n in newest.items():
        at = max((i + 1 for i, (ind, _) in enumerate(tagged) if ind == indicator), default=len(tagged))
        tagged.insert(at, (indicator, _newest_line(n, lang)))
    lines = [line for _, line in tagged]
    notes = {lg: _complement_lines(rows, lg) + _mismatch_lines(series, lg) + _conflict_lines(conflicts, lg)
             for lg in LANGS}
    lines += [line for line, _ in notes[lang]]
    sourced = [_sourced(lambda lg: _labour_line(r, series, lg),
                        [("realised", r.realised_source), ("target", r.target_source),
                         ("not_released", _not_released_where(series, r.indicator, int(r.year)))])
               for r in rows.itertuples()]
    sourced += [Sourced(sentence={lg: notes[lg][i][0] for lg in LANGS},
                        locators=[loc for name, src in sources for loc in _source_locators(name, src)],
                        places=_places([src for _, src in sources]))
                for i, (_, sources) in enumerate(notes[lang])]
    found = _labour_findings(rows, series, newest)
    return Headlines(headline_first(lines, found, lang), found, sourced) if lines else tr("sentences.gaps.none",
                                                                                              lang)


def _conflict_lines(conflicts: pd.DataFrame | None, lang: str) -> list[tuple[str, list[tuple[str, Any]]]]:
    """Where the document's table and narrative give two figures for one indicator, year and kind: both, each
    with its source; each line with its numbers' (name, source)."""
    if conflicts is None or conflicts.empty:
        return []
    out = []
    for (ind, year, kind), grp in conflicts.groupby(["indicator", "year", "kind"]):
        values = "; ".join(f"{fmt_percent(v, lang=lang)} ({esc(source_text(s, lang))})"
                           for v, s in zip(grp["value"], grp["source"]))
        kind_words = tr(f"sentences.kind.{kind}", lang) if has(f"sentences.kind.{kind}") else kind
        out.append((tr("sentences.conflict", lang, ind=esc(ind), year=int(year), kind=esc(kind_words),
                       values=values), [(str(kind), s) for s in grp["source"]]))
    return out


def _sourced(sentence_of, sources: list[tuple[str, Any]]) -> Sourced:
    """A line that is no finding, with the places of its numbers (``sources``: (name, a series' source))."""
    return Sourced(sentence=in_every_language(sentence_of),
                   locators=[loc for name, src in sources for loc in _source_locators(name, src)],
                   places=_places([src for _, src in sources]))


def _source_locator(name: str, source: Any) -> dict[str, Any] | None:
    """A number's locator from a series' source (``Tabel 2.2 line 655; narrative line 318``): as written and in
    words in every language."""
    if not isinstance(source, str) or not source:
        return None
    return {"number": name, "source": source, "where": in_every_language(lambda lang: source_text(source, lang))}


def _places(sources: list[Any]) -> dict[str, str]:
    """Where a finding's numbers stand, in words in every language: the sources' parts, each once."""
    parts = list(dict.fromkeys(p for s in sources if isinstance(s, str) and s for p in _parts(s)))
    return in_every_language(lambda lang: source_text("; ".join(parts), lang)) if parts else {}


def _file_locator(name: str, part: str) -> dict[str, Any]:
    """A number's locator in a user's file (a BPS table or WebAPI answer, the project's CSV): ``source_file``, its
    row and column (or the JSON key's line and the key), ``origin`` ``bps`` for a BPS file (the publisher
    :func:`renja_lib.present.findings.source_words` names), and ``where`` in words in every language."""
    where = in_every_language(lambda lang: source_text(part, lang))
    if (b := _BPS_TABLE.fullmatch(part)) is not None:
        return {"number": name, "source": part, "source_kind": "bps_table", "origin": "bps",
                "source_file": b["file"], "source_row": int(b["row"]), "source_column": b["column"], "where": where}
    if (a := _BPS_API.fullmatch(part)) is not None:
        return {"number": name, "source": part, "source_kind": "bps_api", "origin": "bps", "source_file": a["file"],
                "source_line": int(a["line"]), "key": a["key"], "where": where}
    if (f := _FILE_SOURCE.fullmatch(part)) is not None:
        return {"number": name, "source": part, "source_kind": "user_table", "source_file": f["place"],
                "source_row": int(f["n"]), "where": where}
    return {"number": name, "source": part, "where": where}


def _source_locators(name: str, source: Any, derived_from: str = "") -> list[dict[str, Any]]:
    """A number's locators from a series' source: the document's places as one (:func:`_source_locator`), each
    value of a user's file as its own (:func:`_file_locator`); a derived figure's point to its basis, with
    ``derived_from``."""
    if not isinstance(source, str) or not source:
        return []
    own = [p for p in _parts(source) if _OWN_SOURCE.fullmatch(p)]
    out = [_source_locator(name, "; ".join(own))] if own else []
    for part in _parts(source):
        if (d := _DERIVED.fullmatch(part)) is not None:
            out += _source_locators(name, d["source"], d["basis"])
        elif not _OWN_SOURCE.fullmatch(part):
            out.append(_file_locator(name, part))
    return [{**loc, "derived_from": derived_from} if derived_from else loc for loc in out if loc]


def source_locators(name: str, source: Any) -> list[dict[str, Any]]:
    """The locators of a number whose series' source is ``source`` (the document's places, each value of a user's
    file, a derived figure's basis): what a sourced line needs (:class:`~renja_lib.present.findings.Sourced`)."""
    return _source_locators(name, source)


def _newest_finding(n: dict[str, Any], years: pd.DataFrame) -> Finding:
    """The finding of an indicator's newest figure, newer than any year the document rates: stated, not rated."""
    ind = n["indicator"]
    trend = chart_data("column", "percent",
                       in_every_language(lambda lang: [*(str(int(y)) for y in years["year"]), str(n["year"])]),
                       [("realised", [*years["realised"], n["value"]]), ("target", [*years["target"], None])])
    locators = (_source_locators("realised", n["source"]) + _source_locators("previous", n["previous_source"])
                + _source_locators("province", n["province_source"]))
    return Finding(
        code=f"labour.{ind}", sentence=in_every_language(lambda lang: _newest_line(n, lang)),
        numbers={"year": n["year"], "realised": n["value"], "target": None, "gap_pp": None, "achievement": None,
                 "previous_year": n["previous_year"], "previous": n["previous"],
                 "province_value": n["province_value"]},
        codes={"realised_kind": "actual", "band": "no_target", "derived_from": n["derived_from"] or None,
               "province": n["province"]},
        locators=locators, places=_places([n["source"]]),
        label=in_every_language(lambda lang: tr("findings.label.labour", lang, ind=esc(ind), year=n["year"])),
        figure=in_every_language(lambda lang: tr("findings.figure.labour.newest", lang, value=n["value"])),
        chart=f"{ind.lower()}_trend", chart_data=trend)


def _labour_findings(rows: pd.DataFrame, series: Any, newest: dict[str, dict[str, Any]] | None = None
                     ) -> list[Finding]:
    """One finding per indicator: its newest figure when the document rates no year as recent (``newest``), else
    its latest year with an official figure (else its latest year), against target."""
    found = []
    newest = dict(newest or {})
    for indicator, group in rows.groupby("indicator", sort=False):
        years = group.sort_values("year", kind="stable")
        if indicator in newest:
            found.append(_newest_finding(newest.pop(indicator), years))
            continue
        trend = chart_data("column", "percent", in_every_language(lambda lang: [str(int(y)) for y in years["year"]]),
                           [("realised", list(years["realised"])), ("target", list(years["target"]))])
        rated = group[[is_rated(k) for k in group["realised_kind"]]]
        r = next((rated if len(rated) else group).sort_values("year", kind="stable").tail(1).itertuples())
        locators = (_source_locators("realised", r.realised_source, getattr(r, "derived_from", "") or "")
                    + _source_locators("target", r.target_source))
        figure_key = "findings.figure.labour" if is_rated(r.realised_kind) else "findings.figure.labour.estimate"
        found.append(Finding(
            code=f"labour.{indicator}",
            sentence=in_every_language(lambda lang: _labour_line(r, series, lang)),
            numbers={"year": int(r.year), "realised": r.realised, "target": r.target, "gap_pp": r.gap_pp,
                     "achievement": r.achievement},
            codes={"realised_kind": r.realised_kind, "band": r.band_key, "direction": r.direction,
                   "method": r.method, "derived_from": getattr(r, "derived_from", "") or None},
            locators=locators, places=_places([r.realised_source, r.target_source]),
            label=in_every_language(lambda lang: tr("findings.label.labour", lang, ind=esc(indicator),
                                                    year=int(r.year))),
            figure=in_every_language(lambda lang: tr(figure_key, lang, value=r.realised, target=r.target)),
            chart=f"{str(indicator).lower()}_trend", chart_data=trend))
    empty = pd.DataFrame({"year": [], "realised": [], "target": []})
    return found + [_newest_finding(n, empty) for n in newest.values()]


# ---------------------------------------------------------------- budget absorption
def _derivation_text(derivation: Any, lang: str) -> str | None:
    """How a derived amount was found, in ``lang``: the frame holds a catalogue Message (or, earlier, text)."""
    if isinstance(derivation, Message):
        return derivation.render(lang)
    return derivation if isinstance(derivation, str) else None


def _programme_name(row: Any, lang: str) -> str:
    """A row's name as sentences show it; the office's row is the whole office."""
    if getattr(row, "level", None) == "office":
        return tr("analysis.office", lang)
    return esc(short_name(row.name))


def _period_words(period: str, lang: str) -> str:
    return "" if period == "year" else tr("sentences.absorption.quarter", lang, n=str(period)[1:])


def _absorption_line(r: Any, name: str, period: str, lang: str) -> str | None:
    """The sentence of one row, by the reading the document supports (``reading``); None: nothing to say."""
    reading = getattr(r, "reading", None)
    common = dict(name=name, year=int(r.year), period=period)
    words = getattr(r, "spending_words", pd.NA)
    if reading == "stated" and r.flag == "contradiction":
        said = "" if pd.isna(words) else tr("sentences.absorption.rejected.words", lang, words=int(words))
        return tr("sentences.absorption.rejected", lang, stated=r.absorption_stated, implied=r.spending_implied,
                  budget=r.budget, spending=r.spending, words=said, **common)
    if reading == "conflict" and r.flag == "contradiction":
        return tr("sentences.absorption.conflict", lang, stated=r.absorption_stated, spending=r.spending,
                  budget=r.budget, computed=r.absorption, **common)
    if reading == "conflict":  # the words after the spending say another amount, and no percentage settles it
        return tr("sentences.absorption.conflict_words", lang, spending=r.spending, words=int(words), **common)
    stated = "" if pd.isna(r.absorption_stated) else tr("sentences.absorption.stated", lang,
                                                          stated=r.absorption_stated)
    if pd.isna(r.absorption):
        if pd.isna(r.absorption_stated):
            return None
        return tr("sentences.absorption.stated_only", lang, stated=r.absorption_stated, **common)
    flag = ""
    if r.flag == "stated_unreadable":
        flag = tr("sentences.absorption.stated_unreadable", lang, text=esc(r.absorption_stated_text))
    if bool(r.derived) and _derivation_text(r.derivation, lang) is not None:  # how: its own line in the details
        flag += tr("sentences.absorption.derived", lang)
    return tr("sentences.absorption", lang, computed=r.absorption, spending=r.spending, budget=r.budget,
              stated=stated, flag=flag, **common)


def absorption_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """One line per programme and the office, per period: the absorption the document supports, the stated one.

    Each row says the reading of :func:`renja_lib.analyse.budget.absorption`
    (``reading``): the absorption computed from the amounts, with the percentage
    the document states beside it; the stated percentage where the written
    spending is rejected by the document itself (its amount in words says another
    amount, or it is orders of magnitude off), with the spending it implies, the
    written amount and what its words say, which is then not used; or, where the
    figures contradict each other and nothing settles it, both figures and no
    choice. A programme the narrative states no budget, spending or absorption for
    (its row's flag ``no_figures``) gets a line that says so, after that period's
    programmes; nothing is filled in. A frame with no row at all says that the
    narrative states no such figure. The findings' lines (the office first) come first; a derived programme's says
    only that it is derived, the derivation in full is its own line among the others, after the label.
    """
    lang = check_lang(lang)
    tagged: list[tuple[tuple, str]] = []  # (year, period, place: 0 programme, 1 without figures, 2 office), line
    rows = frame[frame["level"].isin(["program", "office"])]
    sourced = []
    for r in rows.itertuples():
        if r.flag == "no_figures":
            line = in_every_language(lambda lg: tr("sentences.absorption.no_figures", lg, name=_programme_name(r, lg),
                                                   year=int(r.year), period=_period_words(r.period, lg)))
            place = 1
        else:
            line = in_every_language(lambda lg: _absorption_line(r, _programme_name(r, lg),
                                                                 _period_words(r.period, lg), lg))
            place = 2 if r.level == "office" else 0
        if line[lang] is None:
            continue
        # the narrative's lines that state the figures; where it states none, the narrative it was looked for in
        sources = [f"narrative line {n.strip()}" for n in str(r.source_lines or "").split(",") if n.strip().isdigit()]
        where = [_source_locator("absorption", "; ".join(sources) or "narrative")]
        how = in_every_language(lambda lg: _derivation_text(r.derivation, lg) if bool(r.derived) else None)
        for said in (line, *([in_every_language(lambda lg: tr(
                "sentences.absorption.derivation", lg, name=_programme_name(r, lg), year=int(r.year),
                period=_period_words(r.period, lg), how=esc(how[lg])))] if how[lang] is not None else [])):
            tagged.append(((r.year, r.period, place), said[lang]))  # the derivation in full after its line
            sourced.append(Sourced(sentence=said, locators=where))
    if not tagged:
        return "" if not frame.empty else tr("sentences.absorption.none", lang)
    periods = {period: n for n, period in enumerate(dict.fromkeys(k[:2] for k, _ in tagged))}
    found = _absorption_findings(rows)
    lines = [line for _, line in sorted(tagged, key=lambda item: (periods[item[0][:2]], item[0][2]))]
    return Headlines(headline_first(lines, found, lang), found, sourced)


def attention_first(frame: pd.DataFrame, column: str, n: int) -> pd.DataFrame:
    """At most ``n`` rows of ``frame``, in its order: all of them, or the ``n`` lowest in ``column``."""
    if len(frame) <= n:
        return frame
    values = pd.to_numeric(frame[column], errors="coerce")
    return frame.loc[sorted(values.sort_values(kind="stable", na_position="last").index[:n],
                            key=list(frame.index).index)]


def _absorption_findings(rows: pd.DataFrame) -> list[Finding]:
    """The office's absorption and its programmes' (at most five: the lowest), of the latest full year (else the
    latest period)."""
    rows = rows[rows["flag"] != "no_figures"]
    if rows.empty:
        return []
    full = rows[rows["period"] == "year"]
    pick = full if len(full) else rows
    year = pick["year"].max()
    pick = pick[pick["year"] == year]
    pick = pick[pick["period"] == pick["period"].iloc[-1]]
    programmes = attention_first(pick[pick["level"] == "program"], "absorption_reading", MAX_FINDINGS - 1)
    shown = pd.concat([pick[pick["level"] == "office"], pick[pick["level"] == "program"]])
    bars = chart_data("bar", "percent", in_every_language(lambda lang: [_programme_name(r, lang)
                                                                        for r in shown.itertuples()]),
                      [("absorption", list(shown["absorption_reading"]))])
    found = []
    for r in pd.concat([pick[pick["level"] == "office"], programmes]).itertuples():
        sentence = in_every_language(lambda lang: _absorption_line(r, _programme_name(r, lang),
                                                                   _period_words(r.period, lang), lang))
        if any(v is None for v in sentence.values()):
            continue
        lines = [f"narrative line {n.strip()}" for n in str(r.source_lines or "").split(",") if n.strip().isdigit()]
        if r.flag == "contradiction":
            key, value = f"findings.figure.absorption.{r.reading}", r.absorption_stated
        else:
            key, value = "findings.figure.absorption", r.absorption_reading
        if not has(key) or pd.isna(value):
            key = "findings.figure.absorption.none"
        found.append(Finding(
            code="absorption.office" if r.level == "office" else f"absorption.{r.programme}",
            sentence=sentence,
            numbers={"year": int(r.year), "budget": r.budget, "spending": r.spending, "absorption": r.absorption,
                     "absorption_stated": r.absorption_stated, "absorption_reading": r.absorption_reading,
                     "spending_implied": r.spending_implied, "spending_words": r.spending_words},
            codes={"level": r.level, "period": r.period, "reading": r.reading, "flag": r.flag or None,
                   "programme": None if r.level == "office" else r.programme},
            locators=[loc for loc in (_source_locator("absorption", line) for line in lines) if loc],
            places=_places(["; ".join(lines)]),
            label=in_every_language(lambda lang: _programme_name(r, lang)),
            figure=in_every_language(lambda lang: tr(key, lang, value=value, computed=r.absorption)),
            chart="absorption", chart_data=bars))
    return found
