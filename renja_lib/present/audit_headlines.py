"""The audit's headlines: how many findings by severity, errors first, the first errors located; then one line
per rule that found errors (the most errors first), naming the rule in a few words (``findings.audit.rule.<rule>``)
and where its first error stands; the warnings and the notes by rule under ``sentences.details`` (issue 15).

:mod:`renja_lib.present.headlines` re-exports :func:`audit_summary` and :func:`severity_first`; notebooks call them
from :mod:`renja_lib.present.sentences`.
"""
from __future__ import annotations

from dataclasses import replace

import pandas as pd

from ..read.locator import Locator
from ..text.catalogue import tr
from .findings import MAX_FINDINGS, Finding, Headlines, Sourced, chart_data, headline_first, in_every_language

__all__ = ["audit_summary", "severity_first"]


def severity_first(findings: pd.DataFrame) -> pd.DataFrame:
    """The audit's findings ordered by severity, errors first (then warnings, then info), each severity in the
    audit's order (rule, line); a new frame. What a page lists first is what must be corrected.

    >>> import renja_lib
    >>> from renja_lib.check import audit
    >>> severity_first(audit.audit(renja_lib.load()))["severity"].iloc[0]
    'error'
    """
    from ..check.audit import SEVERITIES

    rank = findings["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).fillna(len(SEVERITIES))
    return findings.iloc[rank.argsort(kind="stable")].reset_index(drop=True)


def audit_summary(findings: pd.DataFrame, lang: str = "id") -> str:
    """How many findings the audit has, by severity, then the rules that found errors, each with its count and
    where its first error stands (``data_audit.<rule>``, the most errors first, at most
    :data:`~renja_lib.present.findings.MAX_FINDINGS` - 1); under ``sentences.details`` the warnings and the notes
    by rule."""
    found, details = [_audit_finding(findings)], []
    if not findings.empty and "rule" in findings.columns:
        found += _rule_findings(findings)[:MAX_FINDINGS - 1]
        details = [_by_rule_line(findings, s) for s in ("warning", "info") if (findings["severity"] == s).any()]
    lines = [f.sentence[lang] for f in found] + [d.sentence[lang] for d in details]
    if len(lines) == 1:  # the counts alone: one sentence
        return Headlines(lines[0], found)
    return Headlines(headline_first(lines, found, lang), found, details)


def _audit_line(findings: pd.DataFrame, lang: str) -> str:
    if findings.empty:
        return tr("sentences.audit.none", lang)
    counts = findings["severity"].value_counts()
    return tr("sentences.audit", lang, findings=tr("sentences.n.finding", lang, n=len(findings)),
              errors=tr("sentences.n.error", lang, n=int(counts.get("error", 0))),
              warnings=tr("sentences.n.warning", lang, n=int(counts.get("warning", 0))),
              infos=tr("sentences.n.info", lang, n=int(counts.get("info", 0))))


def _place(r, lang: str) -> str:
    """Where an audit finding stands, in words, with its table: ``narasi baris 287``, ``Tabel 2.1 baris 439``; in
    a PDF or Word file its page first: ``hal. 7, narasi baris 275``, ``hal. 12, Tabel 2.1 baris 11``."""
    where = Locator.from_columns(r)
    words = replace(where, page=None).describe(lang)
    table = str(r.table) if isinstance(r.table, str) else (where.table or "")
    place = (tr("audit.table.narrative", lang) if table == "narrative"
             else Locator(table=table).table_words(lang) if table else "")
    if place and place not in words:
        words = f"{place} {words}".strip()
    page = tr("locator.page", lang, page=where.page) if where.page is not None else ""
    return ", ".join(part for part in (page, words) if part)


def _rule_words(rule: str, lang: str, *, first: bool = False) -> str:
    """A rule in a few words (``findings.audit.rule.<rule>``); ``first``: its first letter in capitals, to open a
    sentence."""
    words = tr(f"findings.audit.rule.{rule}", lang)
    return words[:1].upper() + words[1:] if first else words


def _located(r) -> dict:
    """A finding's locator as findings.json keeps it: the rule, the flat locator columns and the place in words."""
    where = Locator.from_columns(r)
    return {"number": "errors", "rule": str(r.rule), **{k: v for k, v in where.columns().items() if v is not None},
            "where": in_every_language(lambda lang: _place(r, lang))}


def _most_first(rows: pd.DataFrame) -> list[tuple[str, int]]:
    """Each rule of ``rows`` with how many rows it has, the most first (ties in the audit's order)."""
    counts = rows["rule"].astype(str).value_counts(sort=False)
    return sorted(((rule, int(n)) for rule, n in counts.items()), key=lambda pair: -pair[1])  # stable


def _rule_findings(findings: pd.DataFrame) -> list[Finding]:
    """One finding per rule that found errors, the most errors first (ties in the audit's order): the rule in a
    few words, how many errors and where the first stands."""
    errors = findings[findings["severity"] == "error"]
    found = []
    for rule, n in _most_first(errors):
        rows = errors[errors["rule"].astype(str) == rule]
        first = next(rows.itertuples())

        def text(lang: str, rule=rule, first=first, n=n) -> str:
            return tr("sentences.audit.rule", lang, n=n, rule=_rule_words(rule, lang, first=True),
                      errors=tr("sentences.n.error", lang, n=n), where=_place(first, lang))

        found.append(Finding(
            code=f"data_audit.{rule}", sentence=in_every_language(text), numbers={"errors": n},
            codes={"rule": rule}, locators=[_located(r) for r in rows.head(_LOCATED_ERRORS).itertuples()],
            label=in_every_language(lambda lang, rule=rule: _rule_words(rule, lang, first=True)),
            figure=in_every_language(lambda lang, n=n: tr("sentences.n.error", lang, n=n)),
            chart="audit_findings"))
    return found


def _by_rule_line(findings: pd.DataFrame, severity: str) -> Sourced:
    """How many warnings (or notes) each rule gave, the most first."""
    rows = findings[findings["severity"] == severity]
    counts = _most_first(rows)

    def text(lang: str) -> str:
        parts = [tr("sentences.audit.rule_count", lang, n=n, rule=_rule_words(rule, lang)) for rule, n in counts]
        return tr(f"sentences.audit.by_rule.{severity}", lang, n=len(rows), rules=parts)

    return Sourced(sentence=in_every_language(text), locators=[_located(r) for r in rows.itertuples()])


#: at most this many errors are located in the audit's finding
_LOCATED_ERRORS = 10


def _audit_finding(findings: pd.DataFrame) -> Finding:
    """The audit's counts by severity, the first errors located."""
    counts = findings["severity"].value_counts() if not findings.empty else pd.Series(dtype=int)
    n = {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}
    errors = findings[findings["severity"] == "error"] if not findings.empty else findings
    locators = [_located(r) for r in errors.head(_LOCATED_ERRORS).itertuples()]
    return Finding(
        code="data_audit.summary", sentence=in_every_language(lambda lang: _audit_line(findings, lang)),
        numbers={"findings": len(findings), "errors": n["error"], "warnings": n["warning"], "infos": n["info"]},
        locators=locators,
        label=in_every_language(lambda lang: tr("findings.label.audit", lang)),
        figure=in_every_language(lambda lang: tr("sentences.n.error", lang, n=n["error"])),
        chart="audit_findings",
        chart_data=chart_data("column", "count", in_every_language(
            lambda lang: [tr(f"deck.severity.{s}", lang) for s in n]), [("findings", list(n.values()))]))
