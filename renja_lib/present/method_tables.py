"""The method of a page, shown from the code that applies it: rating bands, formulas, thresholds.

A notebook's Markdown says in words how a figure is made ("achievement = realised / target × 100"), but types
no threshold, band limit or value: those come from these functions, which read them where the analysis keeps
them (:data:`renja_lib.analyse.ratings.BANDS`, :func:`~renja_lib.analyse.ratings.applied_method`, an
:class:`~renja_lib.analyse.performance.Efficiency`'s thresholds), so the page shows what was applied. Their
words are the catalogue's ``method.*`` (and the codes' words of ``analysis.*``).

>>> bands_table("en").frame.iloc[:, 1].tolist()
['91 or more (above the target too: not capped)', '76 to below 91', '66 to below 76', '51 to below 66', 'below 51']
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from ..analyse.performance import QUADRANT_OF
from ..analyse.ratings import BANDS, DIRECTIONS, METHODS, applied_method
from ..text import check_lang
from ..text.catalogue import tr
from ..text.formats import fmt_number, fmt_points
from .sentences import Table

__all__ = ["bands_table", "methods_table", "basis_note", "quadrant_table", "tolerance_note"]

#: The four cases of the efficiency view, by (achievement at or above its threshold, absorption at or above
#: its threshold), as :func:`renja_lib.analyse.performance.efficiency` assigns them.
#: The four cases of the efficiency view, as the analysis names them.
CASES: dict[tuple[bool, bool], str] = QUADRANT_OF


def _number(value: float, lang: str) -> str:
    return fmt_number(value, lang=lang)


def bands_table(lang: str = "id") -> Table:
    """The rating bands (*predikat*) as the code rates: each band's words and the achievement it covers, from
    its lower bound up to the next band's (a value is banded by the highest lower bound it reaches).

    >>> bands_table("id").frame.iloc[1].tolist()
    ['tinggi', '76 sampai di bawah 91']
    """
    lang = check_lang(lang)
    rows = []
    for i, band in enumerate(BANDS):
        upper = BANDS[i - 1].lower if i > 0 else None
        if upper is None:
            covers = tr("method.bands.top", lang, low=_number(band.lower, lang))
        elif band.lower == -math.inf:
            covers = tr("method.bands.bottom", lang, high=_number(upper, lang))
        else:
            covers = tr("method.bands.between", lang, low=_number(band.lower, lang), high=_number(upper, lang))
        rows.append((tr(f"analysis.band.{band.key}", lang), covers))
    return Table(pd.DataFrame(rows, columns=[tr("method.column.band", lang), tr("method.column.covers", lang)]),
                 lang)


def methods_table(method: str = "two_minus", lang: str = "id") -> Table:
    """How achievement is computed for each polarity: the method, its formula, and whether this page uses it
    (``method`` is the notebook's parameter for lower-is-better indicators; the other one is listed too).

    >>> methods_table("inverse_ratio", "en").frame.iloc[:, 3].tolist()
    ['yes', 'no', 'yes']
    """
    lang = check_lang(lang)
    applied_method("lower_is_better", method)  # checks method
    rows = []
    for direction in DIRECTIONS:
        choices = [applied_method(direction, m) for m in METHODS]
        for name in dict.fromkeys(choices):
            used = name == applied_method(direction, method)
            rows.append((tr(f"analysis.direction.{direction}", lang), tr(f"analysis.method.{name}", lang),
                         tr(f"analysis.formula.{name}", lang),
                         tr("sentences.table.yes" if used else "sentences.table.no", lang)))
    columns = [tr(f"method.column.{c}", lang) for c in ("direction", "method", "formula", "in_use")]
    return Table(pd.DataFrame(rows, columns=columns), lang)


def basis_note(pair_basis: str | None, lang: str = "id") -> str:
    """How the complement pair TPT/TKK is rated on this page (the notebook's ``pair_basis``), as Markdown.

    >>> basis_note("TPT", "en")
    "TPT and TKK are rated on one basis: TPT's achievement and band (parameter `pair_basis`)."
    """
    lang = check_lang(lang)
    if pair_basis is None:
        return tr("method.basis.own", lang)
    return tr("method.basis.one", lang, basis=pair_basis)


def _condition(high: bool, threshold: float, lang: str) -> str:
    return tr("method.condition.at_least" if high else "method.condition.below", lang,
              value=_number(threshold, lang))


def quadrant_table(efficiency: Any, lang: str = "id") -> Table:
    """The four cases of the efficiency view with the thresholds ``efficiency`` (what
    :func:`renja_lib.analyse.performance.efficiency` returns) was made with.

    >>> from types import SimpleNamespace
    >>> quadrant_table(SimpleNamespace(achievement_threshold=91, absorption_threshold=91), "en").frame.iloc[1].tolist()
    ['≥ 91', '< 91', 'achieved but under-spent: check']
    """
    lang = check_lang(lang)
    rows = [(_condition(high_ach, efficiency.achievement_threshold, lang),
             _condition(high_abs, efficiency.absorption_threshold, lang), tr(f"analysis.quadrant.{code}", lang))
            for (high_ach, high_abs), code in CASES.items()]
    columns = [tr(f"method.column.{c}", lang) for c in ("achievement", "absorption", "case")]
    return Table(pd.DataFrame(rows, columns=columns), lang)


def tolerance_note(tolerance: float, lang: str = "id") -> str:
    """The audit's tolerance for a reported ratio (the notebook's ``tolerance``), as Markdown.

    >>> tolerance_note(1.0, "en")[:64]
    'A reported ratio counts as right when it is within 1.00 percenta'
    """
    lang = check_lang(lang)
    return tr("method.tolerance", lang, points=fmt_points(tolerance, lang=lang, long=True).lstrip("+"))
