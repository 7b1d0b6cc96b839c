"""The audit's headline: how many findings by severity, errors first, the first errors located (issue 15).

:mod:`renja_lib.present.headlines` re-exports :func:`audit_summary` and :func:`severity_first`; notebooks call them
from :mod:`renja_lib.present.sentences`.
"""
from __future__ import annotations

import pandas as pd

from ..read.locator import Locator
from ..text.catalogue import tr
from .findings import Finding, Headlines, chart_data, in_every_language

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
    """How many findings the audit has, by severity, errors first."""
    return Headlines(_audit_line(findings, lang), [_audit_finding(findings)])


def _audit_line(findings: pd.DataFrame, lang: str) -> str:
    if findings.empty:
        return tr("sentences.audit.none", lang)
    counts = findings["severity"].value_counts()
    return tr("sentences.audit", lang, findings=tr("sentences.n.finding", lang, n=len(findings)),
              errors=tr("sentences.n.error", lang, n=int(counts.get("error", 0))),
              warnings=tr("sentences.n.warning", lang, n=int(counts.get("warning", 0))),
              infos=tr("sentences.n.info", lang, n=int(counts.get("info", 0))))


#: at most this many errors are located in the audit's finding
_LOCATED_ERRORS = 10


def _audit_finding(findings: pd.DataFrame) -> Finding:
    """The audit's counts by severity, the first errors located."""
    counts = findings["severity"].value_counts() if not findings.empty else pd.Series(dtype=int)
    n = {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}
    locators = []
    errors = findings[findings["severity"] == "error"] if not findings.empty else findings
    for r in errors.head(_LOCATED_ERRORS).itertuples():
        where = Locator.from_columns(r)
        locators.append({"number": "errors", "rule": str(r.rule),
                         **{k: v for k, v in where.columns().items() if v is not None},
                         "where": in_every_language(lambda lang: where.describe(lang))})
    return Finding(
        code="data_audit.summary", sentence=in_every_language(lambda lang: _audit_line(findings, lang)),
        numbers={"findings": len(findings), "errors": n["error"], "warnings": n["warning"], "infos": n["info"]},
        locators=locators,
        label=in_every_language(lambda lang: tr("findings.label.audit", lang)),
        figure=in_every_language(lambda lang: tr("sentences.n.error", lang, n=n["error"])),
        chart="audit_findings",
        chart_data=chart_data("column", "count", in_every_language(
            lambda lang: [tr(f"deck.severity.{s}", lang) for s in n]), [("findings", list(n.values()))]))
