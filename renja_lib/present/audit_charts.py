"""The chart of the document audit (findings per rule and severity) for a 16:9 slide.

:func:`audit_chart` takes :func:`renja_lib.check.audit.summary`'s frame and
gives a :class:`matplotlib.figure.Figure` in the house style of
:mod:`renja_lib.present.chart_style`, never registered with pyplot, following
the conventions of :mod:`renja_lib.present.budget_charts`. Rules are named by
their short names, the catalogue's ``charts.rule.<rule>`` (a rule without one
keeps its name).
"""
from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from ..check.audit import SEVERITIES
from ..errors import RenjaError
from ..text import check_lang
from ..text.catalogue import Message, has, tr
from .chart_parts import bar_rows, bounded_ticks, check_source, checked_frame, fit_texts, legend_top
from .chart_parts import check_document, document_words, noted_figure, number_column, value_label
from .chart_style import ORANGE, TEXT, VALUE_LABEL_SIZE, VERMILLION, house_style

__all__ = ["SEVERITY_COLOURS", "audit_chart"]

#: Audit severities: an error is the strongest colour; info is a quiet blue-grey.
SEVERITY_COLOURS: Mapping[str, str] = MappingProxyType({"error": VERMILLION, "warning": ORANGE, "info": "#A9C4DB"})


AUDIT_COLUMNS: tuple[str, ...] = ("rule", *SEVERITIES)


def audit_chart(audit_summary_frame: pd.DataFrame, lang: str = "id", *, source: str | None = None,
                document: str | None = None) -> Figure:
    """Findings of the document audit per rule, stacked by severity (error, warning, info).

    ``audit_summary_frame`` is :func:`renja_lib.check.audit.summary`'s frame. Rules
    come by severity, errors first (the rules with the most errors at the top, then
    those with the most warnings, then info only; otherwise in the frame's order),
    whatever order the frame has; each bar carries the count of each severity and
    the total. Rules with no finding are left out.
    The footnote names ``document`` (see :func:`~renja_lib.present.chart_parts.document_words`);
    ``source`` replaces it.

    >>> import renja_lib
    >>> from renja_lib.check import audit
    >>> s = audit.summary(audit.audit(renja_lib.load(), rules=["code_names", "share_above_100"]))
    >>> audit_chart(s, lang="en").get_suptitle()
    'Document audit: 7 findings from 2 rules, 2 errors'
    """
    lang = check_lang(lang)
    source, document = check_source(source), check_document(document)
    data = checked_frame(audit_summary_frame, "audit_summary_frame", AUDIT_COLUMNS, "audit.summary(audit.audit(doc))")
    for severity in SEVERITIES:
        data[severity] = number_column(data[severity], "audit_summary_frame", severity).fillna(0)
        if (data[severity] < 0).any() or (data[severity] % 1 != 0).any():
            raise RenjaError(Message("errors_present.audit_charts.counts", severity=severity))
    data["_total"] = data[list(SEVERITIES)].sum(axis=1)
    data = data[data["_total"] > 0].sort_values(list(SEVERITIES), ascending=False, kind="stable")  # errors first
    if data.empty:
        raise RenjaError(Message("errors_present.audit_charts.empty"))
    total, errors = int(data["_total"].sum()), int(data["error"].sum())
    title = tr("charts.title.audit", lang, findings=tr("charts.audit.findings", lang, n=total),
               rules=tr("charts.audit.rules", lang, n=len(data)), errors=tr("charts.audit.errors", lang, n=errors))
    names = [tr(f"charts.rule.{r}", lang) if has(f"charts.rule.{r}") else str(r) for r in data["rule"]]
    with house_style():
        fig, ax = noted_figure(title, lang, source or tr("charts.source.audit", lang, document=document_words(document, lang)),
                               [tr("charts.note.audit", lang)])
        left = np.zeros(len(data))
        positions = np.arange(len(data), dtype=float)
        scale = float(data["_total"].max())
        mixed = (data[list(SEVERITIES)] > 0).sum(axis=1).to_numpy() > 1  # only these bars show their parts
        for severity in SEVERITIES:
            counts = data[severity].to_numpy(float)
            bars = ax.barh(positions, counts, 0.66, left=left, color=SEVERITY_COLOURS[severity],
                           label=tr(f"charts.severity.{severity}", lang), zorder=3)
            ax.bar_label(bars, labels=[f"{int(c)}" if shown and c > 0 and c / scale >= 0.04 else ""
                                       for c, shown in zip(counts, mixed)],
                         label_type="center", fontsize=VALUE_LABEL_SIZE,
                         color="white" if severity == "error" else TEXT)
            left += counts
        texts = [value_label(ax, f"{int(t)}", t, y, bold=True) for y, t in zip(positions, data["_total"])]
        bar_rows(ax, names)
        ax.set_xlim(0, scale * 1.02)
        ax.set_xlabel(tr("charts.axis.findings", lang))
        legend_top(ax, ax.get_legend_handles_labels()[0])
        fit_texts(fig, ax, texts, verify=False)
        bounded_ticks(ax, 0, scale, integer=True, texts=texts)
    return fig
