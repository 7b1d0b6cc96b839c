"""Audit: every place where a Renja document disagrees with itself.

:func:`audit` runs a registry of small rules (:data:`RULES`) over a document read
with :func:`renja_lib.load` and returns one row per inconsistency (a *finding*):
which rule, how serious, where (the line, and the other line when two places
disagree), what the document's arithmetic expects, what the document says, and a
sentence for the analyst with both figures written the way the document writes
them (``3.456.509.470``, ``28,50%``). :func:`summary` counts the findings by rule
and severity.

Findings are in Indonesian by default and in English with ``lang="en"``: the
``message`` column, the ``item`` column (what was compared: ``realisasi tahun 2021``,
``realised value 2021``) and the ``expected`` column where it holds words rather than
a figure (``paling besar 100%``, ``at most 100%``), and :func:`summary`'s ``checks``,
change with the language; the numbers quoted stay in the document's Indonesian format
in both. Every text is in the text catalogue (``renja_lib/text/catalogue/audit.yaml``,
keys ``audit.*``).

Severities
----------
* ``error``: two figures that must be equal are not (a total and its parts, the
  text and a table, a ratio and its terms, a code and its two names). At least one
  of them is wrong; a figure taken from there into a presentation may be wrong.
* ``warning``: a figure that is implausible or cannot be read without guessing (a
  share above 100 %, a target of 0 with a budget, ``3.456.509470``, a name spelled
  two ways), but that contradicts no other figure outright.
* ``info``: a difference that has an innocent explanation and is listed so that no
  reader is left wondering (rounding to thousands, a renamed or dropped code, the
  text calling an achievement "realisasi"), and a rule that could not run or ran
  only in part because the document lacks a table or narrative figures.

Tolerances (the decisions, in one place)
----------------------------------------
* **Ratios recomputed from their terms** (Tabel 2.1 columns 8 = 7/6 and 11 = 10/4,
  achievements and absorption stated in the text, TPAK/TKK/TPT from the counts) may
  differ from the ratio written by up to ``tolerance`` percentage points (default
  :data:`DEFAULT_TOLERANCE`, 1 point): the tables write achievements as whole
  percents and the text truncates (``142,85`` for 142,857).
* **Two stated figures** (the text against a table, the text against itself) agree
  when they are equal, and *agree after rounding* when the more precise one rounded
  to the decimals of the other gives the other (``67,8`` and ``67,78``): an ``info``
  finding for targets and realised values (the document should write one figure one
  way), silence for achievements, which the tables always round to whole percents.
* **Rupiah** must agree to the rupiah. An amount written in thousands (Tabel 2.3,
  "Rp.000") is an amount rounded to the nearest thousand, so it agrees with a
  Tabel 4.1 amount when it is that amount rounded (within 500 rupiah). A sum of *n*
  such amounts may miss the rounded total by up to half a thousand per amount,
  ``500 x (n + 1)`` rupiah: the programme amounts of Tabel 2.3 (four; the fifth is
  ``-``) add up to 4.993.368 against the stated total 4.993.369. Such a gap is within rounding and is reported as ``info``
  (a reviewer re-adding the column sees it; the finding says why it is no error);
  beyond it, ``error``.
* **Identities** of stated figures (TKK + TPT = 100, a stated change between two
  stated rates) hold when they hold within the rounding of the figures as written
  (half a unit of the last decimal of each).

The rules are registered in :mod:`renja_lib.check.registry`, one module per group
of :data:`GROUPS` (:mod:`~renja_lib.check.sums`, :mod:`~renja_lib.check.ratios`,
:mod:`~renja_lib.check.narrative_vs_tables`, :mod:`~renja_lib.check.amounts`,
:mod:`~renja_lib.check.codes_and_names`, :mod:`~renja_lib.check.plausibility`,
:mod:`~renja_lib.check.across_tables`); they say what they found as catalogue messages (see
:mod:`renja_lib.check.messages`).

Each finding names its lines; opening the document at ``source_line`` (and
``other_line``) shows both figures. A rule that cannot run because the document
lacks what it needs (a table, or the curated narrative figures of
``<document>.facts.csv``, see :mod:`renja_lib.read.narrative_facts`) gives one ``info`` finding
saying so instead of failing; one that can run only in part says that once too.

Example
-------
>>> import renja_lib
>>> findings = audit(renja_lib.load())
>>> row = findings[findings.rule == "share_magnitude"].iloc[0]
>>> int(row.source_line), row.severity, row.found, row.expected
(368, 'error', '4.244.258,00', '4.244.114.400')
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import pandas as pd

from ..errors import RenjaError
from ..read.locator import LOCATOR_COLUMNS
from ..text import check_lang
from ..text.catalogue import Message, tr
# The rule families register their rules when imported, in this order (that of GROUPS): the order the
# rules run in and the findings are reported in.
from . import (  # noqa: F401, I001
    sums, ratios, narrative_vs_tables, amounts, codes_and_names, plausibility, across_tables,
)
from .context import Context, finding
from .messages import Join, quoted_figures
from .registry import GROUPS, RULES, SEVERITIES, Rule

# The audit's public names, those of the registry it runs included.
__all__ = [
    "DEFAULT_TOLERANCE",
    "FINDING_COLUMNS",
    "GROUPS",
    "RULES",
    "SEVERITIES",
    "Rule",
    "audit",
    "rules",
    "summary",
]

#: Default tolerance, in percentage points, for a ratio recomputed from its terms.
DEFAULT_TOLERANCE = 1.0
#: Columns of the frame :func:`audit` returns.
#: the locator of a finding's line, beside ``source_line`` (see :mod:`renja_lib.read.locator`)
_LOCATOR = [c for c in LOCATOR_COLUMNS if c != "source_line"]
FINDING_COLUMNS: list[str] = [
    "rule", "group", "severity", "table", "code", "item", "source_line", "other_table", "other_line",
    "expected", "found", "difference", "message", *_LOCATOR,
]
_STR_COLUMNS = ["rule", "group", "severity", "table", "code", "item", "other_table", "expected", "found", "message",
                "source_kind", "source_table", "source_column"]
_TYPES = {"source_line": "Int64", "other_line": "Int64", "difference": "float64", "source_page": "Int64",
          "source_row": "Int64"}


def _empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in FINDING_COLUMNS})
    return frame.astype(_TYPES)


def _locate(doc: Any, frame: pd.DataFrame) -> pd.DataFrame:
    """The locator columns of each finding: its line's page, and its row where the line is a row of its table."""
    labels = {s.label for s in doc.spans}
    located = [doc.locator(None if pd.isna(line) else int(line), table if table in labels else None).columns()
               for line, table in zip(frame["source_line"], frame["table"])]
    return frame.assign(**{c: [loc[c] for loc in located] for c in _LOCATOR})


#: The ``item`` of the finding of a rule that could not run.
_NOT_RUN = Message("audit.item.not_run")


def _not_run(cx: Context, rule: Rule) -> list[dict]:
    missing_needs = [n for n in rule.needs if not cx.has(n)]
    missing_uses = [n for n in rule.uses if not cx.has(n)]
    if missing_needs or (not rule.needs and not rule.standalone and rule.uses
                         and len(missing_uses) == len(rule.uses)):
        missing = missing_needs or missing_uses
        return [finding("info", "document", None, _NOT_RUN, None,
                        Message("audit.not_run", rule=rule.name,
                                missing=Join("audit.join.no", "audit.join.no.last",
                                             (Message(f"audit.input.{m}") for m in missing))))]
    if missing_uses:
        return [finding("info", "document", None, Message("audit.item.partly_run"), None,
                        Message("audit.partly_run", rule=rule.name,
                                missing=Join("audit.join.without", "audit.join.without.last",
                                             (Message(f"audit.input.{m}") for m in missing_uses))))]
    return []


def _written(value: Any, lang: str) -> Any:
    """A column of a finding in ``lang``: a message written, anything else (a figure, a code, a name) as it is."""
    return value.render(lang) if isinstance(value, Message) else value


def audit(doc: Any, tolerance: float = DEFAULT_TOLERANCE, rules: Sequence[str] | None = None,
          lang: str = "id") -> pd.DataFrame:
    """Every inconsistency of a document, one row per finding (see the module docstring).

    ``tolerance`` is in percentage points: how far a ratio the document writes may be
    from the one recomputed from its terms. ``rules`` picks rules by name (default:
    all of :data:`RULES`, in their order). ``lang`` is the language of ``message``,
    ``item`` and the words of ``expected``: ``"id"`` (Indonesian, the default) or ``"en"``;
    the other columns, and the numbers quoted, are the same in both. Returns a new frame with
    :data:`FINDING_COLUMNS`, sorted by rule (registry order), then line; ``difference``
    is found minus expected, in rupiah, percentage points or units.

    >>> import renja_lib
    >>> f = audit(renja_lib.load(), rules=["code_names"])
    >>> f[["rule", "severity", "source_line", "other_line"]].head(2).to_dict("records")
    [{'rule': 'code_names', 'severity': 'error', 'source_line': 439, 'other_line': 437}, \
{'rule': 'code_names', 'severity': 'warning', 'source_line': 455, 'other_line': 554}]
    >>> print(f.message[1])
    Tabel 2.1 menulis nama kode 2.07.01.2.06.08 dengan dua ejaan: 'Fasilitas Kunjungan Tamu' di sini dan \
'Fasilitasi Kunjungan Tamu' pada baris 554.
    >>> print(audit(renja_lib.load(), rules=["code_names"], lang="en").message[1])
    Tabel 2.1 spells the name of 2.07.01.2.06.08 two ways: 'Fasilitas Kunjungan Tamu' here and \
'Fasilitasi Kunjungan Tamu' at line 554.
    """
    lang = check_lang(lang)
    if not all(hasattr(doc, a) for a in ("tables", "codes", "stated_totals", "source", "problems")):
        raise RenjaError(Message("errors_present.audit.doc", type=type(doc).__name__))
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not math.isfinite(tolerance) \
            or tolerance < 0:
        raise RenjaError(Message("errors_present.audit.tolerance", got=tolerance))
    names = list(RULES) if rules is None else list(rules)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise RenjaError(Message("errors_present.audit.rules", unknown=", ".join(map(repr, unknown)),
                                 rules=", ".join(RULES)))
    cx = Context(doc, float(tolerance))
    records: list[dict] = []
    for name in names:
        rule = RULES[name]
        skipped = _not_run(cx, rule)
        found = skipped if skipped and skipped[0]["item"] == _NOT_RUN else skipped + list(rule.check(cx))
        for f in found:
            records.append({"rule": rule.name, "group": rule.group, **f, "item": _written(f["item"], lang),
                            "expected": _written(f["expected"], lang),
                            "message": quoted_figures(f["message"]).render(lang)})
    if not records:
        return _empty_findings()
    frame = _locate(doc, pd.DataFrame.from_records(records, columns=FINDING_COLUMNS[:-len(_LOCATOR)]))
    order = {n: i for i, n in enumerate(RULES)}
    frame = frame.assign(_order=frame["rule"].map(order), _line=frame["source_line"].fillna(0))
    frame = frame.sort_values(["_order", "_line", "other_line"], kind="stable", na_position="first")
    frame = frame.drop(columns=["_order", "_line"]).reset_index(drop=True)
    return frame.astype({**{c: "string" for c in _STR_COLUMNS}, **_TYPES})


def rules(lang: str = "en") -> pd.DataFrame:
    """The rules, in order: name, group, what each checks (in ``lang``, English by default), what it needs and uses.

    >>> r = rules().set_index("rule")
    >>> r.loc["reported_ratio", "group"], r.loc["code_names", "checks"]
    ('ratios', 'one code has one name within a table')
    >>> rules("id").set_index("rule").loc["code_names", "checks"]
    'satu kode memiliki satu nama dalam satu tabel'
    """
    lang = check_lang(lang)
    return pd.DataFrame([{"rule": r.name, "group": r.group, "checks": tr(f"audit.title.{r.name}", lang),
                          "needs": ", ".join(r.needs), "uses": ", ".join(r.uses)} for r in RULES.values()])


def summary(findings: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """Findings counted by rule: one row per rule that found something, a column per severity and the total.

    Rules come by severity, errors first: those with the most errors, then those with the most warnings, then
    those with only info findings; rules with equal counts in registry order (within the groups of
    :data:`GROUPS`). A reader, the chart and the page thus meet the errors before the rounding notes. ``checks`` says
    what each rule checks, in ``lang`` (``"id"``, the default, or ``"en"``); the
    other columns are names and counts, the same in both.

    >>> import renja_lib
    >>> s = summary(audit(renja_lib.load(), rules=["code_names", "share_above_100"]))
    >>> s[["rule", "error", "warning", "info", "total"]].to_dict("records")
    [{'rule': 'code_names', 'error': 2, 'warning': 2, 'info': 0, 'total': 4}, \
{'rule': 'share_above_100', 'error': 0, 'warning': 3, 'info': 0, 'total': 3}]
    """
    lang = check_lang(lang)
    missing = [c for c in ("rule", "severity") if c not in findings.columns]
    if missing:
        raise RenjaError(Message("errors_present.audit.summary_columns", missing=missing))
    counts = pd.crosstab(findings["rule"].astype(str), findings["severity"].astype(str))
    counts = counts.reindex(columns=list(SEVERITIES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    order = [n for n in RULES if n in counts.index] + [n for n in counts.index if n not in RULES]
    counts = counts.reindex(order)
    counts = counts.sort_values(list(SEVERITIES), ascending=False, kind="stable")  # errors first
    counts = counts.reset_index().rename(columns={"index": "rule"})
    counts.columns.name = None
    counts.insert(1, "group", counts["rule"].map(lambda n: RULES[n].group if n in RULES else ""))
    counts.insert(2, "checks", counts["rule"].map(lambda n: tr(f"audit.title.{n}", lang) if n in RULES else ""))
    return counts.astype({s: "int64" for s in (*SEVERITIES, "total")})

