"""The performance page's headlines (issue 15): the one average achievement, named the same way wherever it is
shown (:func:`rollup_summary`), and the four efficiency cases (:func:`efficiency_summary`).

Each summary lists its findings first, then, under ``sentences.details``, what the average is and the other
lines. :mod:`renja_lib.present.sentences` re-exports both.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..analyse.performance import AVERAGE_CAP, AVERAGE_SCOPE, DEFAULT_THRESHOLD, Efficiency
from ..analyse.ratings import BANDS
from ..read.locator import Locator
from ..text import check_lang
from ..text.catalogue import tr
from ..text.formats import fmt_percent
from .findings import MAX_FINDINGS, Finding, Headlines, Sourced, chart_data, headline_first, in_every_language
from .headlines import attention_first, band_word, esc, source_locators
from .names import short_name

__all__ = ["rollup_summary", "efficiency_summary", "line_runs", "lines_words"]


# ---------------------------------------------------------------- performance: the average, the four cases
def _average_words(scope: Any, cap: Any, lang: str) -> str:
    """What the average achievement of a programme is: its indicators (``scope``) and their cap, in words."""
    scope = scope if scope in ("all", "own") else AVERAGE_SCOPE
    capped = cap is not None and not pd.isna(cap)
    return tr(f"sentences.average.{scope}", lang, cap=tr("sentences.average.cap", lang, cap=fmt_percent(cap, 0, lang))
              if capped else tr("sentences.average.no_cap", lang))


def _one(frame: pd.DataFrame, column: str, default: Any) -> Any:
    values = frame[column].drop_duplicates().tolist() if column in frame.columns else []
    return values[0] if len(values) == 1 else default


def rollup_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """The headline findings of the programmes' achievement: how many programmes fall in each band and the lowest
    average (``achievement.bands``), then one line per programme (the lowest four, so that the page with its
    efficiency finding has at most six: the average over its indicators with data, and its band); under
    ``sentences.details`` what the average is and the other programmes."""
    lang = check_lang(lang)
    lead = in_every_language(lambda lg: tr("sentences.average", lg, definition=_average_words(
        _one(frame, "scope", AVERAGE_SCOPE), _one(frame, "cap", AVERAGE_CAP), lg)))
    rows = [in_every_language(lambda lg: _rollup_line(r, lg)) for r in frame.itertuples()]
    found = _bands_finding(frame)
    found += _rollup_findings(frame, MAX_FINDINGS - 1 - len(found))
    sourced = [Sourced(sentence=line, locators=_table_locators(r)) for line, r in zip(rows, frame.itertuples())]
    lines = [f.sentence[lang] for f in found[:1]] + [line[lang] for line in rows]
    return Headlines(headline_first(lines, found, lang, note=lead[lang]), found, sourced)


def line_runs(lines: Any) -> str:
    """Line numbers (``"428, 429, 430, 435"`` or numbers) as runs: ``428–430, 435``; each once, in order.

    >>> line_runs("428, 429, 430, 431, 435, 437, 438"), line_runs([7]), line_runs("")
    ('428–431, 435, 437–438', '7', '')
    """
    text = lines if isinstance(lines, str) else ", ".join(str(int(n)) for n in lines)
    numbers = sorted({int(n) for n in text.replace(",", " ").split() if n.isdigit()})
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(str(a) if a == b else f"{a}\u2013{b}" for a, b in runs)


def lines_words(lines: Any, lang: str) -> str:
    """Lines in words, as runs: ``baris 428–431, 435`` / ``lines 428–431, 435``; one line: ``line 7``.

    >>> lines_words("428, 429, 430, 435", "en"), lines_words([7], "id")
    ('lines 428–430, 435', 'baris 7')
    """
    runs = line_runs(lines)
    if runs.isdigit():
        return tr("locator.line", lang, line=int(runs))
    return tr("locator.line_list", lang, lines=runs)


def _bands_finding(frame: pd.DataFrame) -> list[Finding]:
    """How many programmes with data fall in each band (the highest band first) and which has the lowest
    average; none when no programme has data."""
    rated = frame[pd.to_numeric(frame["mean_achievement"], errors="coerce").notna()]
    if rated.empty:
        return []
    counts = rated["band_key"].astype(str).value_counts()
    order = [b.key for b in BANDS if b.key in counts] + [k for k in counts.index if k not in {b.key for b in BANDS}]
    low = next(rated.loc[[pd.to_numeric(rated["mean_achievement"]).idxmin()]].itertuples())
    year = int(rated["year"].iloc[0])

    def text(lang: str) -> str:
        parts = [tr("sentences.bands.count", lang, n=int(counts[k]), band=esc(band_word(k, lang))) for k in order]
        return tr("sentences.bands", lang, year=year, n=len(rated), counts=parts, name=esc(short_name(low.name)),
                  mean=low.mean_achievement)

    return [Finding(
        code="achievement.bands", sentence=in_every_language(text),
        numbers={"year": year, "programmes": len(rated), "lowest_mean_achievement": low.mean_achievement,
                 **{f"n_{k}": int(counts[k]) for k in order}},
        codes={"lowest": low.code}, locators=_merged_table_locators(rated, "mean_achievement"),
        label=in_every_language(lambda lang: tr("findings.label.bands", lang, year=year)),
        figure=in_every_language(lambda lang: tr("findings.figure.bands", lang, n=int(counts[order[0]]),
                                                 total=len(rated), band=esc(band_word(order[0], lang)))),
        chart="achievement_by_programme", chart_data=_bars(frame))]


def _bars(frame: pd.DataFrame) -> dict[str, Any]:
    """The native chart of the programmes' average achievements: one bar a programme."""
    names = [short_name(name) for name in frame["name"]]
    return chart_data("bar", "percent", {lang: names for lang in in_every_language(str)},
                      [("mean_achievement", list(frame["mean_achievement"]))])


def _merged_table_locators(frame: pd.DataFrame, name: str) -> list[dict[str, Any]]:
    """The rows' achievement places as one locator per table (their lines together)."""
    out = []
    for table, rows in frame.groupby("source_table", sort=False) if "source_table" in frame.columns else ():
        lines = ", ".join(str(v) for v in rows["source_lines"] if isinstance(v, str) and v)
        out += _table_locators(pd.Series({"source_table": table, "source_lines": lines}), name)
    return out


def _table_locators(r: Any, name: str = "mean_achievement") -> list[dict[str, Any]]:
    """Where an average achievement's figures stand (a roll-up's or efficiency row's ``source_table`` and
    ``source_lines``), as one locator; none when the row does not say."""
    get = r.get if isinstance(r, pd.Series) else (lambda key, default=None: getattr(r, key, default))
    table, lines = get("source_table", None), get("source_lines", None)
    if not isinstance(table, str) or not table:
        return []
    lines = lines if isinstance(lines, str) else ""

    def where(lang: str) -> str:
        words = Locator(table=table).table_words(lang) or table
        return f"{words} {lines_words(lines, lang)}" if lines else words

    return [{"number": name, "source_table": table, "source_lines": lines, "where": in_every_language(where)}]


def _rollup_line(r: Any, lang: str) -> str:
    return tr("sentences.rollup", lang, name=esc(short_name(r.name)), mean=r.mean_achievement, n=r.n_with_data,
              missing=r.n_without_data, band=esc(band_word(r.band_key, lang)))


def _rollup_findings(frame: pd.DataFrame, most: int) -> list[Finding]:
    """One finding per programme (at most ``most``: the lowest): its average achievement and band. The page has
    one more, the efficiency cases: with the bands, at most :data:`MAX_FINDINGS` in all."""
    bars = _bars(frame)
    found = []
    for r in attention_first(frame, "mean_achievement", most).itertuples():
        found.append(Finding(
            code=f"achievement.{r.code}", sentence=in_every_language(lambda lang: _rollup_line(r, lang)),
            numbers={"year": int(r.year), "mean_achievement": r.mean_achievement, "n_with_data": r.n_with_data,
                     "n_without_data": r.n_without_data, "min_achievement": r.min_achievement,
                     "max_achievement": r.max_achievement},
            codes={"band": r.band_key, "scope": r.scope}, locators=_table_locators(r),
            label=in_every_language(lambda lang: esc(short_name(r.name))),
            figure=in_every_language(lambda lang: tr("findings.figure.achievement", lang, mean=r.mean_achievement,
                                                     band=esc(band_word(r.band_key, lang)))),
            chart="achievement_by_programme", chart_data=bars))
    return found


def _threshold_words(value: float, lang: str) -> str:
    words = fmt_percent(value, 0, lang)
    return tr("sentences.efficiency.top_band", lang, value=words) if value == float(BANDS[0].lower) else words


def efficiency_summary(efficiency: Efficiency | pd.DataFrame, lang: str = "id") -> str:
    """How the cases are made (the average achievement, named as the roll-up names it, and the thresholds), then
    one line per programme: average achievement, absorption and its case (``analysis.quadrant.<code>``).

    ``efficiency`` is :func:`renja_lib.analyse.performance.efficiency`'s result (or
    its ``frame``: the defaults are then assumed).
    """
    lang = check_lang(lang)
    if isinstance(efficiency, Efficiency):
        frame, scope, cap = efficiency.frame, efficiency.scope, efficiency.cap
        thresholds = (efficiency.achievement_threshold, efficiency.absorption_threshold)
    else:
        frame, scope, cap, thresholds = efficiency, AVERAGE_SCOPE, AVERAGE_CAP, (DEFAULT_THRESHOLD,) * 2
    if thresholds[0] == thresholds[1]:
        words = tr("sentences.efficiency.threshold", lang, value=_threshold_words(thresholds[0], lang))
    else:
        words = tr("sentences.efficiency.thresholds", lang, achievement=_threshold_words(thresholds[0], lang),
                   absorption=_threshold_words(thresholds[1], lang))
    same = tr("sentences.efficiency.same", lang) if (scope, cap) == (AVERAGE_SCOPE, AVERAGE_CAP) else ""
    lead = tr("sentences.efficiency.lead", lang, definition=_average_words(scope, cap, lang), same=same,
              thresholds=words)
    rows = [in_every_language(lambda lg: _efficiency_line(r, lg)) for r in frame.itertuples()]
    sourced = [Sourced(sentence=line, locators=_efficiency_locators(r)) for line, r in zip(rows, frame.itertuples())]
    found = _efficiency_findings(frame, thresholds)
    lines = [f.sentence[lang] for f in found] + [line[lang] for line in rows]
    return Headlines(headline_first(lines, found, lang, note=lead), found, sourced)


def _efficiency_line(r: Any, lang: str) -> str:
    how = tr("sentences.efficiency.stated", lang) if getattr(r, "absorption_basis", "") == "stated" else ""
    return tr("sentences.efficiency", lang, name=esc(short_name(r.name)), ach=r.achievement, abs=r.absorption,
              how=how, quadrant=esc(tr(f"analysis.quadrant.{r.quadrant}", lang)))


def _efficiency_locators(r: Any) -> list[dict[str, Any]]:
    """An efficiency row's places: its achievement's table and lines, its absorption's narrative lines (the
    narrative, where it states none)."""
    lines = getattr(r, "absorption_source_lines", None)
    lines = [n.strip() for n in (lines if isinstance(lines, str) else "").split(",") if n.strip().isdigit()]
    return [*_table_locators(r, "achievement"),
            *source_locators("absorption", "; ".join(f"narrative line {n}" for n in lines) or "narrative")]


def _efficiency_findings(frame: pd.DataFrame, thresholds: tuple[float, float]) -> list[Finding]:
    """One finding: how many programmes fall in each case, the most frequent first; its places, the programmes'
    achievements (one locator per table) and their absorptions (one for the narrative's lines)."""
    counts = frame["quadrant"].astype(str).value_counts(sort=False)
    counts = counts.iloc[sorted(range(len(counts)), key=lambda i: -counts.iloc[i])]
    if counts.empty:
        return []

    def cases(lang: str) -> str:
        return "; ".join(tr("findings.efficiency.case", lang, n=int(n), quadrant=tr(f"analysis.quadrant.{q}", lang))
                         for q, n in counts.items())

    top, total = counts.index[0], int(counts.sum())
    return [Finding(
        code="efficiency.cases", sentence=in_every_language(lambda lang: tr("findings.efficiency", lang, count=total,
                                                                            total=total, cases=cases(lang))),
        numbers={"programmes": total, "achievement_threshold": thresholds[0], "absorption_threshold": thresholds[1],
                 **{f"n_{q}": int(n) for q, n in counts.items()}},
        codes={"most_frequent": top}, locators=_efficiency_places(frame),
        label=in_every_language(lambda lang: tr("findings.label.efficiency", lang)),
        figure=in_every_language(lambda lang: tr("findings.figure.efficiency", lang, n=int(counts.iloc[0]),
                                                 total=total, quadrant=tr(f"analysis.quadrant.{top}", lang))),
        chart="efficiency")]  # a scatter of programmes: a slide shows the chart's picture


def _efficiency_places(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Where an efficiency finding's numbers stand: the achievements' table lines, the absorptions' narrative
    lines, each as one locator."""
    lines = line_runs(", ".join(str(v) for v in frame.get("absorption_source_lines", pd.Series(dtype=object))
                                if isinstance(v, str)))
    source = "; ".join(f"narrative line {n}" for n in lines.replace("\u2013", ", ").split(", ") if n) or "narrative"

    def where(lang: str) -> str:
        words = tr("sentences.source.narrative", lang)
        return f"{words} {lines_words(lines, lang)}" if lines else words

    absorption = {"number": "absorption", "source": source, "where": in_every_language(where)}
    return [*_merged_table_locators(frame, "achievement"), absorption]
