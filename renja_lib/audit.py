"""Audit: every place where a Renja document disagrees with itself.

:func:`audit` runs a registry of small rules (:data:`RULES`) over a document read
with :func:`renja_lib.load` and returns one row per inconsistency (a *finding*):
which rule, how serious, where (the line, and the other line when two places
disagree), what the document's arithmetic expects, what the document says, and a
sentence for the analyst with both figures written the way the document writes
them (``3.456.509.470``, ``28,50%``). :func:`summary` counts the findings by rule
and severity.

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

Each finding names its lines; opening the document at ``source_line`` (and
``other_line``) shows both figures. A rule that cannot run because the document
lacks what it needs (a table, or the curated narrative figures of
``<document>.facts.csv``, see :mod:`renja_lib.facts`) gives one ``info`` finding
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

import difflib
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property, lru_cache
from typing import Any

import numpy as np
import pandas as pd
from babel.numbers import format_decimal

from .codes import parse_code
from .errors import RenjaError
from .facts import numbers_in
from .labour import indicator_key, indicator_metadata
from .numbers import NumberParseError, parse_number
from .ratings import achievement

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
SEVERITIES: tuple[str, ...] = ("error", "warning", "info")
#: The rule groups, in the order of issue 5 (sums, ratios, narrative, amounts, codes, plausibility, across tables).
GROUPS: tuple[str, ...] = ("sums", "ratios", "narrative", "amounts", "codes", "plausibility", "across tables")
#: Columns of the frame :func:`audit` returns.
FINDING_COLUMNS: list[str] = [
    "rule", "group", "severity", "table", "code", "item", "source_line", "other_table", "other_line",
    "expected", "found", "difference", "message",
]
_STR_COLUMNS = ["rule", "group", "severity", "table", "code", "item", "other_table", "expected", "found", "message"]

#: The inputs a rule may need: attribute of the document (None: the narrative figures) and how to name it.
INPUTS: dict[str, tuple[str | None, str]] = {
    "plan": ("plan_budget", "Tabel 4.1 (the plan: programmes, activities, targets and budgets)"),
    "evaluation": ("evaluation", "Tabel 2.1 (evaluation of the previous years)"),
    "service": ("service_indicators", "Tabel 2.2 (service performance: TPT, TPAK, TKK, ...)"),
    "rkpd": ("rkpd_review", "Tabel 2.3 (review of the RKPD first draft)"),
    "facts": (None, "curated narrative figures (a <document>.facts.csv beside the document)"),
}
#: Table kind -> name used when the document does not label it (it always does when the table is there).
_KIND_OF_INPUT = {"plan": "plan", "evaluation": "evaluation", "service": "service_indicators", "rkpd": "rkpd_review"}
_NARRATIVE = "narrative"

#: Tabel 2.1 columns that report a ratio: reported measure, numerator, denominator,
#: whether the denominator is of the same year, and what the header writes.
RATIO_COLUMNS: tuple[tuple[str, str, str, bool, str], ...] = (
    ("achievement_reported", "realization", "target", True, "column 8 = 7/6"),
    ("renstra_achievement_reported", "realization_to_date", "renstra_target", False, "column 11 = 10/4"),
)
#: Tabel 2.1 columns that repeat another (``10 = 9``): measure, the measure it repeats (same year), header.
EQUAL_COLUMNS: tuple[tuple[str, str, str], ...] = (("realization_to_date", "target", "column 10 = 9"),)

#: Narrative rates and the counts they are computed from (subject "city", same year and period).
RATE_COUNTS: dict[str, tuple[str, str]] = {
    "tpak": ("labour_force", "working_age_population"),
    "tkk": ("employed", "labour_force"),
    "tpt": ("unemployed", "labour_force"),
}
#: Facts quantity -> Tabel 2.1 measure it states (whole-year figures of a code).
FACT_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "achievement_stated": "achievement_reported",
}
#: Facts quantity -> Tabel 2.2 measure it states (whole-year figures of an indicator).
SERVICE_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "tpak": "realization",
    "tkk": "realization",
    "tpt": "realization",
}
#: Budget, spending and stated absorption of the same subject: (budget quantity, spending quantity).
SPENDING_PAIRS: tuple[tuple[str, str], ...] = (("budget", "spending"), ("total_budget", "total_spending"))
#: A name that says which level its code must have (checked on every coded row).
LEVEL_NAMES: tuple[tuple[str, re.Pattern], ...] = (
    ("program", re.compile(r"^\s*program\b", re.I)),
    ("bidang", re.compile(r"^\s*urusan\s+pemerintahan\s+bidang\b", re.I)),
    ("urusan", re.compile(r"^\s*urusan\s+pemerintahan\s+(?!bidang\b)", re.I)),
)
#: An indicator whose name says it is a share of something (values above 100 % are implausible).
SHARE_NAME = re.compile(r"^\s*persentase\b", re.I)
#: Two names of one code this similar (difflib ratio of their letters) are one name spelled two ways.
SPELLING_SIMILARITY = 0.9
#: Stated share and recomputed share this many times apart are "orders of magnitude" apart.
MAGNITUDE_FACTOR = 10.0
#: Tabel 2.1 measures that hold stated values (not ratios computed from them).
_STATED_MEASURES = ("target", "realization", "renstra_target", "realization_to_date")
_MEASURE_WORDS = {
    "target": "target", "realization": "realised value", "renstra_target": "Renstra target",
    "realization_to_date": "realisation to date", "achievement_reported": "achievement",
    "renstra_achievement_reported": "Renstra achievement", "projection": "projection",
}
_STAGE_WORDS = {"draft": "RKPD first draft", "needs": "needs analysis"}
#: What the children of a code of each level are called (singular, plural).
_CHILDREN = {"urusan": ("bidang", "bidang"), "bidang": ("programme", "programmes"),
             "program": ("activity", "activities"), "kegiatan": ("sub-activity", "sub-activities")}

# Indonesian numbers in words ("terbilang"), for amounts written out after the numeral.
_WORD_DIGITS = {"nol": 0, "satu": 1, "dua": 2, "tiga": 3, "empat": 4, "lima": 5, "enam": 6, "tujuh": 7,
                "delapan": 8, "sembilan": 9}
_WORD_UNITS = {"sepuluh": 10, "sebelas": 11, "seratus": 100}
_WORD_SCALES = {"ribu": 10**3, "juta": 10**6, "milyar": 10**9, "miliar": 10**9, "triliun": 10**12}
_AMOUNT_IN_WORDS = re.compile(
    r"Rp\.?\s*(?P<num>\d[\d.]*(?:,\d+)?)\s*\(\s*(?P<words>[A-Za-z][A-Za-z\s]*?)\s+rupiah\s*\)", re.I)


# ====================================================================== the registry
@dataclass(frozen=True)
class Rule:
    """One check: its name, group, one-line description and what it needs.

    ``needs`` must all be present for the rule to run; ``uses`` are optional: a
    rule with ``uses`` and no ``needs`` runs when at least one of them is present,
    or always when it is ``standalone`` (part of it needs nothing but the text).
    Missing inputs are reported once as an ``info`` finding of the rule.
    """

    name: str
    group: str
    title: str
    needs: tuple[str, ...]
    uses: tuple[str, ...]
    check: Callable[["_Context"], Iterable[dict]]
    standalone: bool = False


#: Every rule, in the order they run and are reported.
RULES: dict[str, Rule] = {}


def _rule(name: str, group: str, title: str, *, needs: Sequence[str] = (), uses: Sequence[str] = (),
          standalone: bool = False):
    assert group in GROUPS, group
    assert set(needs) | set(uses) <= set(INPUTS), (needs, uses)

    def register(fn: Callable[["_Context"], Iterable[dict]]):
        RULES[name] = Rule(name, group, title, tuple(needs), tuple(uses), fn, standalone)
        return fn

    return register


# ====================================================================== formatting
def _dec(x: Any) -> Decimal:
    return Decimal(str(float(x))) if not isinstance(x, Decimal) else x


def _round(x: float, decimals: int) -> Decimal:
    return _dec(x).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _num(x: Any, decimals: int | None = None) -> str:
    """A number as the document writes it: ``3.456.509.470``, ``28,5``; ``decimals`` fixes the decimals.

    Rounding is half up (Babel alone would round half to even).
    """
    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return "-"
    if decimals is None:
        q = _round(x, 2)
        pattern = "#,##0.##"
    else:
        q = _round(x, decimals)
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(q, format=pattern, locale="id")


def _pct(x: Any, decimals: int | None = 2) -> str:
    return f"{_num(x, decimals)}%"


def _rp(x: Any) -> str:
    return f"Rp {_num(x, 0)}"


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


def _factor_note(a: float, b: float) -> str:
    """' (about 1.000 times ...)' when two amounts are a power of ten apart."""
    if not a or not b or a <= 0 or b <= 0:
        return ""
    ratio = max(a, b) / min(a, b)
    power = round(math.log10(ratio))
    if power >= 1 and abs(ratio / 10**power - 1) < 0.05:
        return f"; they are about {_num(10**power, 0)} times apart, as if a group of digits were missing or extra"
    return ""


# ====================================================================== numbers as written
_FIRST_NUMBER = re.compile(r"[-+]?\d[\d.]*(?:,(\d+))?")


def _decimals(raw: str | None) -> int:
    """Decimals of the first number written in ``raw`` (``16,10 %`` -> 2, ``90 %`` -> 0)."""
    m = _FIRST_NUMBER.search(raw or "")
    return len(m.group(1)) if m and m.group(1) else 0


def _token(quote: str, value: float) -> str | None:
    """The number in a quote that states ``value``, as written."""
    for token, _, _ in numbers_in(quote):
        try:
            if abs(float(parse_number(token)) - value) < 1e-9:
                return token
        except NumberParseError:
            continue
    return None


def _agreement(a: float, a_dec: int, b: float, b_dec: int) -> str:
    """``equal``, ``rounded`` (equal once the more precise is rounded to the other's decimals) or ``differ``."""
    if abs(a - b) < 1e-9:
        return "equal"
    d = min(a_dec, b_dec)
    return "rounded" if _round(a, d) == _round(b, d) else "differ"


def _half_unit(decimals: int) -> float:
    return 0.5 * 10 ** (-decimals)


def _words_to_int(words: str) -> int | None:
    """An amount written in Indonesian words; None when a word is not a number word.

    >>> _words_to_int("dua ratus delapan juta lima ratus sembilan puluh enam ribu delapan ratus sepuluh")
    208596810
    """
    total = group = last = 0
    for w in words.lower().split():
        if w in _WORD_DIGITS:
            last = _WORD_DIGITS[w]
            group += last
        elif w in _WORD_UNITS:
            group += _WORD_UNITS[w]
            last = 0
        elif w == "belas":        # dua belas = 2 + 10
            group += 10
            last = 0
        elif w == "puluh":        # dua puluh = 2 x 10
            group += last * 9
            last = 0
        elif w == "ratus":        # dua ratus = 2 x 100
            group += last * 99
            last = 0
        elif w == "seribu":
            total += 1000
            last = 0
        elif w in _WORD_SCALES:
            if group == 0:
                return None
            total += group * _WORD_SCALES[w]
            group = last = 0
        else:
            return None
    return total + group


# ====================================================================== context
class _Context:
    """The document and what the rules share: labels, linked rows, facts, tolerance."""

    def __init__(self, doc: Any, tolerance: float):
        self.doc = doc
        self.tolerance = tolerance
        self.labels = {s.kind: s.label for s in getattr(doc, "spans", []) if s.kind}

    # ---------------------------------------------------------------- inputs
    def has(self, name: str) -> bool:
        attr, _ = INPUTS[name]
        if attr is None:
            return len(self.facts) > 0
        return attr in self.doc.tables

    def label(self, name: str) -> str:
        kind = _KIND_OF_INPUT[name]
        return self.labels.get(kind, INPUTS[name][1].split(" (")[0])

    @cached_property
    def facts(self) -> pd.DataFrame:
        return self.doc.facts

    def line(self, n: int) -> str:
        return self.doc.source.line(int(n))

    # ---------------------------------------------------------------- derived tables
    @cached_property
    def plan_years(self) -> list[int]:
        if not self.has("plan"):
            return []
        return sorted(int(y) for y in self.doc.plan_budget["year"].dropna().unique())

    @cached_property
    def rkpd(self) -> pd.DataFrame:
        """Tabel 2.3 rows that start a programme, activity or sub-activity (no continuation rows).

        A row whose name matches no Tabel 4.1 name in one stage takes the code the
        other stage of the same line was linked to (``code_from`` says which); a
        row whose first cell holds a number starts a programme (``programme_row``).
        """
        r = self.doc.rkpd_review
        r = r[~r["continuation"].astype(bool)].copy()
        by_line = r.dropna(subset=["code"]).groupby("source_line")["code"].first()
        r["code_from"] = np.where(r["code"].notna(), "name", None)
        fill = r["code"].isna() & r["source_line"].isin(by_line.index)
        r.loc[fill, "code"] = r.loc[fill, "source_line"].map(by_line)
        r.loc[fill, "code_from"] = "same line"
        r["parent"] = r["code"].map(lambda c: parse_code(c).parent if isinstance(c, str) and parse_code(c) else None)
        r["programme_row"] = r["source_line"].map(lambda n: bool(self.line(n).split("\t")[0].strip()))
        unit = r["budget_unit"].fillna("Rp").astype(str)
        r["multiplier"] = unit.map(lambda u: 10 ** len(max(re.findall(r"0+", u) or [""], key=len)))
        return r

    def stage_words(self, stage: str) -> str:
        return _STAGE_WORDS.get(stage, stage)

    # ---------------------------------------------------------------- narrative figures, as records
    @cached_property
    def fact_rows(self) -> list[dict]:
        return self.facts.to_dict("records")

    def stated(self, **match: Any) -> list[dict]:
        """Narrative figures with a readable value whose fields equal ``match``."""
        return [f for f in self.fact_rows
                if not _missing(f["value"]) and all(f[k] == v for k, v in match.items())]

    @cached_property
    def eval_rows(self) -> dict[tuple, list[dict]]:
        """Tabel 2.1 values (not missing) by (code, measure, year) and by ("line", source_line)."""
        out: dict[tuple, list[dict]] = {}
        e = self.doc.evaluation
        for rec in e[e["value"].notna()].to_dict("records"):
            out.setdefault((rec["code"], rec["measure"], rec["year"]), []).append(rec)
            out.setdefault(("line", rec["source_line"]), []).append(rec)
        return out


def _finding(severity: str, table: str, code: Any, item: str, source_line: Any, message: str, *,
             other_table: str | None = None, other_line: Any = None, expected: str | None = None,
             found: str | None = None, difference: float | None = None) -> dict:
    assert severity in SEVERITIES, severity
    source_line = None if _missing(source_line) else source_line
    other_line = None if _missing(other_line) else other_line
    if other_line is not None and source_line is not None and int(other_line) == int(source_line) \
            and (other_table is None or other_table == table):
        other_line, other_table = None, None
    return {
        "severity": severity, "table": table, "code": code if isinstance(code, str) else None, "item": item,
        "source_line": int(source_line) if source_line is not None else None,
        "other_table": other_table if other_line is not None else None,
        "other_line": int(other_line) if other_line is not None else None,
        "expected": expected, "found": found,
        "difference": float(difference) if difference is not None else None,
        "message": message,
    }


def _missing(x: Any) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _nearest(rows: Sequence[dict], line: int) -> dict | None:
    """The row nearest to ``line``: on the same line, then before it, then after it."""
    if not rows:
        return None
    return min(rows, key=lambda r: (abs(int(r["source_line"]) - line) * 2 + (int(r["source_line"]) > line)))


def _words(quantity: str) -> str:
    """A facts quantity in words: ``achievement_stated`` -> ``achievement``."""
    return quantity.removesuffix("_stated").replace("realization", "realisation").replace("_", " ")


def _fact_found(row: dict) -> str:
    token = _token(row["quote"], row["value"]) or _num(row["value"])
    return token + ("%" if row["unit"] == "%" else "")


def _fact_decimals(row: dict) -> int:
    return _decimals(_token(row["quote"], row["value"]) or "")


def _subject_code(subject: str) -> str | None:
    c = parse_code(subject)
    return c.canonical if c is not None and c.canonical == subject else None


def _name_key(name: Any) -> str:
    return re.sub(r"[^0-9a-z]", "", str(name).lower()) if isinstance(name, str) else ""


def _units_match(a: Any, b: Any) -> bool:
    a = str(a or "").strip().lower()
    b = str(b or "").strip().lower()
    return a == b or (bool(a) and bool(b) and (a.startswith(b) or b.startswith(a)))


@lru_cache(maxsize=1)
def _indicator_meta() -> dict[str, tuple[str, str]]:
    """Indicator key -> (direction, kind), from ``data/indicators.csv``."""
    meta = indicator_metadata()
    return {k: (d, kind) for k, d, kind in zip(meta["key"], meta["direction"], meta["kind"])}


def _direction(subject: str) -> str:
    key = indicator_key(subject) if isinstance(subject, str) else None
    return _indicator_meta()[key][0] if key in _indicator_meta() else "higher_is_better"


@lru_cache(maxsize=4096)
def _is_share(indicator: Any) -> bool:
    if not isinstance(indicator, str):
        return False
    if SHARE_NAME.search(indicator):
        return True
    key = indicator_key(indicator)
    return key in _indicator_meta() and _indicator_meta()[key][1] == "share"


# ====================================================================== 1. sums
def _tree_sums(frame: pd.DataFrame, *, table: str, item: str, half: float, unit: int, stated_col: str,
               describe: str) -> list[dict]:
    """Parent budget against the sum of its children's, for one year or stage of one table."""
    out = []
    first = frame.drop_duplicates("code")
    kids = first[first["parent"].notna()].groupby("parent")["budget"]
    sums = pd.DataFrame({"n": kids.count(), "total": kids.sum()})
    rows = first.merge(sums, left_on="code", right_index=True)
    for parent in rows[rows["n"] > 0].to_dict("records"):
        n, total, stated = int(parent["n"]), int(parent["total"]), parent["budget"]
        kind = _CHILDREN.get(parse_code(parent["code"]).level, ("child", "children"))
        if _missing(stated):
            if total:
                out.append(_finding(
                    "error", table, parent["code"], item, parent["source_line"],
                    f"In {table} ({describe}), {parent['code']} states no budget, but its {_plural(n, *kind)} "
                    f"{'comes' if n == 1 else 'add'} to {_num(total / unit, 0)}.",
                    expected=_num(total / unit, 0), found="-", difference=-total))
            continue
        diff = int(stated) - total
        if diff == 0:
            continue
        bound = half * (n + 1)
        within = abs(diff) <= bound
        amounts = f"{_num(total / unit, 0)}" if unit > 1 else _rp(total)
        said = f"{parent[stated_col]}" if unit > 1 else _rp(stated)
        msg = f"In {table} ({describe}), the {_plural(n, *kind)} of {parent['code']} " \
              f"{'comes' if n == 1 else 'add up'} to {amounts}, " \
              f"but its row states {said}"
        if unit > 1:
            msg += f" (Rp.{'0' * int(round(math.log10(unit)))})"
        if within:
            msg += (f": {_num(abs(diff) / unit, 0)} apart, within the rounding of {n + 1} amounts written in "
                    f"thousands (up to {_num(bound / unit, 1)}), so no error.")
        else:
            msg += f": {_num(abs(diff) / unit, 0) if unit > 1 else _rp(abs(diff))} apart{_factor_note(stated, total)}."
        out.append(_finding("info" if within else "error", table, parent["code"], item, parent["source_line"], msg,
                            expected=_num(total / unit, 0), found=str(parent[stated_col]), difference=diff))
    return out


@_rule("parent_sum", "sums", "every parent's budget equals the sum of its children's (Tabel 4.1 per year, "
       "Tabel 2.3 per stage)", uses=("plan", "rkpd"))
def _parent_sum(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        for year, g in cx.doc.plan_budget.groupby("year", sort=True):
            out += _tree_sums(g, table=table, item=f"budget {year}", half=0, unit=1, stated_col="budget_raw",
                              describe=f"budgets for {year}")
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.rkpd.dropna(subset=["code"])
        for stage, g in r.groupby("stage", sort=False):
            unit = int(g["multiplier"].max())
            out += _tree_sums(g, table=table, item=f"{stage} budget", half=unit / 2, unit=unit,
                              stated_col="budget_stated", describe=cx.stage_words(stage))
    return out


def _plan_total(cx: _Context, year: int) -> tuple[int, pd.DataFrame]:
    g = cx.doc.plan_budget[cx.doc.plan_budget["year"] == year]
    top = g[~g["parent"].isin(set(g["code"]))]
    return int(top["budget"].sum(skipna=True)), top


def _counted(cx: _Context, level: str, year: int, under: str | None) -> tuple[set[str], str] | None:
    """Codes of ``level`` the tables give a budget (plan years) or a target (evaluation years) in ``year``."""
    if year in cx.plan_years:
        g = cx.doc.plan_budget
        g = g[(g["year"] == year) & (g["level"] == level) & (g["budget"].fillna(0) > 0)]
        how = f"{cx.label('plan')} gives a budget above 0 in {year} to"
    elif cx.has("evaluation"):
        e = cx.doc.evaluation
        g = e[(e["measure"] == "target") & (e["year"] == year) & (e["level"] == level) & e["value"].notna()]
        if g.empty:
            return None
        how = f"{cx.label('evaluation')} gives a target for {year} to"
    else:
        return None
    codes = set(g["code"])
    if under:
        codes = {c for c in codes if c.startswith(under + ".")}
    return codes, how


@_rule("stated_total", "sums", "totals the document states (table total rows, narrative totals and counts) "
       "equal the computed ones", uses=("plan", "rkpd", "facts"))
def _stated_total(cx: _Context) -> list[dict]:
    out: list[dict] = []
    totals = cx.doc.stated_totals
    if cx.has("plan"):
        table = cx.label("plan")
        for _, t in totals[totals["kind"] == "plan"].iterrows():
            if pd.isna(t["year"]) or pd.isna(t["value"]):
                continue
            total, top = _plan_total(cx, int(t["year"]))
            if total != int(t["value"]):
                diff = int(t["value"]) - total
                out.append(_finding(
                    "error", table, None, f"total {int(t['year'])}", t["source_line"],
                    f"{table} states a total of {_rp(t['value'])} for {int(t['year'])}, but its "
                    f"{_plural(len(top), 'programme')} add up to {_rp(total)} ({_rp(abs(diff))} apart"
                    f"{_factor_note(t['value'], total)}).",
                    expected=_num(total, 0), found=t["raw"], difference=diff))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.rkpd
        for _, t in totals[totals["kind"] == "rkpd_review"].iterrows():
            g = r[(r["stage"] == t["stage"]) & r["programme_row"]]
            if pd.isna(t["value"]) or g.empty:
                continue
            unit = int(g["multiplier"].max())
            n = int(g["budget"].notna().sum())
            total = int(g["budget"].sum(skipna=True))
            diff = int(t["value"]) - total
            if diff == 0:
                continue
            bound = unit / 2 * (n + 1)
            within = abs(diff) <= bound
            msg = (f"{table} states a total of {t['raw']} ({t['unit']}) for the {cx.stage_words(t['stage'])}, "
                   f"but its {_plural(n, 'programme')} as written add up to {_num(total / unit, 0)}")
            if within:
                msg += (f": {_num(abs(diff) / unit, 0)} apart, within the rounding of {n + 1} amounts written in "
                        f"thousands (up to {_num(bound / unit, 1)}), so no error.")
            else:
                msg += f": {_num(abs(diff) / unit, 0)} apart{_factor_note(t['value'], total)}."
            out.append(_finding("info" if within else "error", table, None, f"total {t['stage']}", t["source_line"],
                                msg, expected=_num(total / unit, 0), found=t["raw"], difference=diff))
    if cx.has("facts"):
        out += _narrative_totals(cx)
    return out


def _narrative_totals(cx: _Context) -> list[dict]:
    out: list[dict] = []
    plan_total_lines = cx.doc.stated_totals[cx.doc.stated_totals["kind"] == "plan"]
    for row in cx.stated(quantity="total_budget", subject="office", period="year"):
        year = int(row["year"])
        if year not in cx.plan_years:
            continue
        total, top = _plan_total(cx, year)
        if abs(row["value"] - total) < 0.5:
            continue
        at = plan_total_lines[plan_total_lines["year"] == year]
        other = at["source_line"].iloc[0] if len(at) else top["source_line"].min()
        out.append(_finding(
            "error", _NARRATIVE, None, f"total budget {year}", row["source_line"],
            f"The text states a total budget of {_rp(row['value'])} for {year}, but the programmes of "
            f"{cx.label('plan')} add up to {_rp(total)}{_factor_note(row['value'], total)}.",
            other_table=cx.label("plan"), other_line=other, expected=_num(total, 0), found=_fact_found(row),
            difference=row["value"] - total))
    for quantity, level, words in (("programme_count", "program", "programmes"),
                                   ("activity_count", "kegiatan", "activities")):
        for row in cx.stated(quantity=quantity, period="year"):
            subject = row["subject"]
            under = _subject_code(subject)
            if subject != "office" and under is None:
                continue
            got = _counted(cx, level, int(row["year"]), under)
            if got is None:
                continue
            codes, how = got
            if len(codes) == int(row["value"]):
                continue
            of = f" of {under}" if under else ""
            out.append(_finding(
                "error", _NARRATIVE, under, f"{words} {int(row['year'])}", row["source_line"],
                f"The text counts {_num(row['value'], 0)} {words}{of} for {int(row['year'])}, but {how} "
                f"{len(codes)} ({', '.join(sorted(codes)) or 'none'}).",
                expected=str(len(codes)), found=_num(row["value"], 0), difference=row["value"] - len(codes)))
    return out


# ====================================================================== 2. ratios
@_rule("reported_ratio", "ratios", "achievements Tabel 2.1 reports (columns 8 = 7/6, 11 = 10/4, 10 = 9) "
       "against the ones recomputed from its columns", needs=("evaluation",))
def _reported_ratio(cx: _Context) -> list[dict]:
    out: list[dict] = []
    table = cx.label("evaluation")
    e = cx.doc.evaluation
    e = e[e["value"].notna()][["source_line", "code", "indicator", "measure", "year", "value", "raw"]]

    def measure(name: str) -> pd.DataFrame:
        return e[e["measure"] == name].drop(columns="measure").drop_duplicates(["source_line", "year"])

    for reported_m, num_m, den_m, same_year, header in RATIO_COLUMNS:
        den = measure(den_m)[["source_line", "year", "value", "raw"]]
        if not same_year:
            den = den.drop_duplicates("source_line").drop(columns="year")
        rows = measure(reported_m).merge(
            measure(num_m)[["source_line", "year", "value", "raw"]], on=["source_line", "year"], suffixes=("", "_num"))
        rows = rows.merge(den.rename(columns={"value": "value_den", "raw": "raw_den"}),
                          on=["source_line", "year"] if same_year else ["source_line"])
        rows = rows[rows["value_den"] != 0]
        for _, r in rows.iterrows():
            computed = r["value_num"] / r["value_den"] * 100
            diff = r["value"] - computed
            if abs(diff) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", table, r["code"], f"{_MEASURE_WORDS[reported_m]} {r['year']} ({header})", r["source_line"],
                f"{table} reports {r['raw']} for {r['code']} '{r['indicator']}' ({header}), but "
                f"{r['raw_num']} / {r['raw_den']} x 100 = {_pct(computed)}: {_num(abs(diff))} points apart, "
                f"beyond the tolerance of {_num(cx.tolerance)}.",
                expected=_pct(computed), found=r["raw"], difference=diff))
    for measure_m, repeats, header in EQUAL_COLUMNS:
        rows = measure(measure_m).merge(measure(repeats)[["source_line", "year", "value", "raw"]],
                                        on=["source_line", "year"], suffixes=("", "_ref"))
        for _, r in rows.iterrows():
            if _agreement(r["value"], _decimals(r["raw"]), r["value_ref"], _decimals(r["raw_ref"])) != "differ":
                continue
            out.append(_finding(
                "error", table, r["code"], f"{_MEASURE_WORDS[measure_m]} {r['year']} ({header})", r["source_line"],
                f"{table} gives {r['raw']} as the {_MEASURE_WORDS[measure_m]} of {r['code']} for {r['year']}, "
                f"but the header says {header} and that column holds {r['raw_ref']}.",
                expected=r["raw_ref"], found=r["raw"], difference=r["value"] - r["value_ref"]))
    return out


def _achievement_terms(cx: _Context, row: dict) -> tuple[dict | None, dict | None]:
    """The stated realisation (same period) and target (same period, else the year's) of an achievement."""
    same = dict(subject=row["subject"], year=row["year"])
    real = _nearest(cx.stated(quantity="realization_stated", period=row["period"], **same), row["source_line"])
    targets = cx.stated(quantity="target_stated", period=row["period"], **same) \
        or cx.stated(quantity="target_stated", period="year", **same)
    return real, _nearest(targets, row["source_line"])


@_rule("narrative_ratio", "ratios", "figures the text derives from its own figures: achievements from target and "
       "realisation, TPAK/TKK/TPT from the counts, stated changes, TKK + TPT = 100", needs=("facts",))
def _narrative_ratio(cx: _Context) -> list[dict]:
    out: list[dict] = []
    # achievements stated with their target and realisation
    for row in cx.stated(quantity="achievement_stated"):
        real, target = _achievement_terms(cx, row)
        if real is None or target is None or not target["value"] or not _units_match(real["unit"], target["unit"]):
            continue
        computed = achievement(target["value"], real["value"], _direction(row["subject"]))
        if math.isnan(computed) or abs(row["value"] - computed) <= cx.tolerance + 1e-9:
            continue
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(row["subject"]), f"achievement {row['year']} ({row['period']})",
            row["source_line"],
            f"The text states an achievement of {_fact_found(row)} for {row['subject']} in {row['year']}, but its "
            f"realised {_fact_found(real)} (line {real['source_line']}) against its target {_fact_found(target)} "
            f"(line {target['source_line']}) is {_pct(computed)}.",
            other_table=_NARRATIVE, other_line=real["source_line"], expected=_pct(computed),
            found=_fact_found(row), difference=row["value"] - computed))
    # rates from the counts
    for rate, (num_q, den_q) in RATE_COUNTS.items():
        for row in cx.stated(quantity=rate):
            same = dict(subject="city", year=row["year"], period=row["period"])
            num = _nearest(cx.stated(quantity=num_q, **same), row["source_line"])
            den = _nearest(cx.stated(quantity=den_q, **same), row["source_line"])
            if num is None or den is None or not den["value"]:
                continue
            computed = num["value"] / den["value"] * 100
            if abs(row["value"] - computed) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", _NARRATIVE, None, f"{rate.upper()} {row['year']}", row["source_line"],
                f"The text states {rate.upper()} {row['year']} as {_fact_found(row)}, but {_words(num_q)} "
                f"{_fact_found(num)} / {_words(den_q)} {_fact_found(den)} x 100 = {_pct(computed)}.",
                other_table=_NARRATIVE, other_line=num["source_line"], expected=_pct(computed),
                found=_fact_found(row), difference=row["value"] - computed))
    # stated changes between two stated rates
    for quantity, sign in (("increase_stated", 1), ("decrease_stated", -1)):
        for row in cx.stated(quantity=quantity):
            key = indicator_key(row["subject"])
            if key is None or key.lower() not in RATE_COUNTS:
                continue
            now = _nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"]), row["source_line"])
            before = _nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"] - 1),
                              row["source_line"])
            if now is None or before is None:
                continue
            change = now["value"] - before["value"]
            bound = sum(_half_unit(_fact_decimals(r)) for r in (row, now, before))
            if abs(sign * row["value"] - change) <= bound + 1e-9:
                continue
            word = "rise" if sign > 0 else "fall"
            out.append(_finding(
                "error", _NARRATIVE, None, f"{key} change {row['year'] - 1}-{row['year']}", row["source_line"],
                f"The text states a {word} of {_fact_found(row)} in {key} from {row['year'] - 1} to {row['year']}, "
                f"but its own figures go from {_fact_found(before)} to {_fact_found(now)}, a change of "
                f"{_num(change)} points.",
                other_table=_NARRATIVE, other_line=now["source_line"], expected=_num(sign * change),
                found=_fact_found(row), difference=sign * row["value"] - change))
    # TKK + TPT = 100
    for a in cx.stated(quantity="tkk"):
        b = _nearest(cx.stated(quantity="tpt", year=a["year"], period=a["period"]), a["source_line"])
        if b is None:
            continue
        bound = _half_unit(_fact_decimals(a)) + _half_unit(_fact_decimals(b))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(_finding(
            "error", _NARRATIVE, None, f"TKK + TPT {a['year']} ({a['period']})", a["source_line"],
            f"The text gives TKK {_fact_found(a)} and TPT {_fact_found(b)} for {a['year']}: they add up to "
            f"{_pct(total)}, but TKK = 100 - TPT.",
            other_table=_NARRATIVE, other_line=b["source_line"], expected=_pct(100 - b["value"]),
            found=_fact_found(a), difference=total - 100))
    return out


# ====================================================================== 3. narrative against tables
def _eval_candidates(cx: _Context, code: str, measure: str, year: int, unit: str) -> list[dict]:
    return [r for r in cx.eval_rows.get((code, measure, year), []) if _units_match(r["unit"], unit)]


def _eval_achievement(cx: _Context, row: dict) -> tuple[float | None, str]:
    """The achievement of a Tabel 2.1 row: recomputed from its target and realisation, else as reported."""
    same = [r for r in cx.eval_rows.get(("line", row["source_line"]), []) if r["year"] == row["year"]]
    by = {r["measure"]: r for r in same}
    target, real = by.get("target"), by.get("realization")
    if target is not None and real is not None and target["value"]:
        computed = real["value"] / target["value"] * 100
        return computed, f"{real['raw']} / {target['raw']} x 100 = {_pct(computed)}"
    if "achievement_reported" in by:
        return float(by["achievement_reported"]["value"]), str(by["achievement_reported"]["raw"])
    return None, ""


@_rule("narrative_vs_table", "narrative", "every figure the text states for a code (target, realisation, "
       "achievement, budget) agrees with the table that holds it", needs=("facts",), uses=("evaluation", "plan"))
def _narrative_vs_table(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for row in cx.stated(period="year"):
        code = _subject_code(row["subject"])
        if code is None:
            continue
        year = int(row["year"])
        q = row["quantity"]
        if q == "budget" and cx.has("plan") and year in cx.plan_years:
            pb = cx.doc.plan_budget
            hit = pb[(pb["code"] == code) & (pb["year"] == year) & pb["budget"].notna()]
            if hit.empty:
                continue
            stated = int(hit["budget"].iloc[0])
            if abs(row["value"] - stated) < 0.5:
                continue
            out.append(_finding(
                "error", _NARRATIVE, code, f"budget {year}", row["source_line"],
                f"The text gives {code} a {year} budget of {_rp(row['value'])}, but {cx.label('plan')} gives "
                f"{_rp(stated)}{_factor_note(row['value'], stated)}.",
                other_table=cx.label("plan"), other_line=hit["source_line"].iloc[0],
                expected=hit["budget_raw"].iloc[0], found=_fact_found(row), difference=row["value"] - stated))
            continue
        if q == "target_stated" and cx.has("plan") and year in cx.plan_years:
            pt = cx.doc.plan_targets
            hits = pt[(pt["code"] == code) & (pt["year"] == year) & pt["target"].notna()]
            cands = [r for r in hits.rename(columns={"target": "value"}).to_dict("records")
                     if _units_match(r["unit"], row["unit"])]
            out += _compare_stated(cx, row, cands, cx.label("plan"), "target")
            continue
        if q not in FACT_MEASURES or not cx.has("evaluation"):
            continue
        measure = FACT_MEASURES[q]
        cands = _eval_candidates(cx, code, measure, year, row["unit"])
        if not cands:
            continue
        if measure == "achievement_reported":
            best = min(cands, key=lambda c: abs(c["value"] - row["value"]))
            if abs(best["value"] - row["value"]) <= cx.tolerance + 1e-9:
                continue
            out.append(_finding(
                "error", _NARRATIVE, code, f"achievement {year}", row["source_line"],
                f"The text states an achievement of {_fact_found(row)} for {code} in {year}; "
                f"{cx.label('evaluation')} reports {best['raw']}.",
                other_table=cx.label("evaluation"), other_line=best["source_line"], expected=best["raw"],
                found=_fact_found(row), difference=row["value"] - best["value"]))
            continue
        out += _compare_stated(cx, row, cands, cx.label("evaluation"), _MEASURE_WORDS[measure],
                               try_achievement=(measure == "realization"))
    return out


def _compare_stated(cx: _Context, row: dict, cands: list[dict], table: str, what: str, *,
                    try_achievement: bool = False) -> list[dict]:
    """A stated figure against the table rows that state the same thing: silent, info or error."""
    if not cands:
        return []
    code = _subject_code(row["subject"])
    who = code or row["subject"]
    dec = _fact_decimals(row)
    verdicts = [_agreement(row["value"], dec, c["value"], _decimals(c["raw"])) for c in cands]
    if "equal" in verdicts:
        return []
    year = int(row["year"])
    common = dict(other_table=table, found=_fact_found(row))
    if "rounded" in verdicts:
        c = cands[verdicts.index("rounded")]
        return [_finding(
            "info", _NARRATIVE, code, f"{what} {year}", row["source_line"],
            f"The text gives the {year} {what} of {who} as {_fact_found(row)}, {table} as {c['raw']}: "
            f"the same figure only after rounding to {_plural(min(dec, _decimals(c['raw'])), 'decimal')}.",
            other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    if try_achievement:
        for c in cands:
            ach, how = _eval_achievement(cx, c)
            if ach is not None and abs(row["value"] - ach) <= cx.tolerance + 1e-9:
                return [_finding(
                    "info", _NARRATIVE, code, f"{what} {year}", row["source_line"],
                    f"The text's realisation of {_fact_found(row)} for {who} in {year} is the achievement in "
                    f"{table} ({how}), not its realised value {c['raw']}: the text calls the achievement "
                    f"'realisasi'.",
                    other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    first = cands[0]
    return [_finding(
        "error", _NARRATIVE, code, f"{what} {year}", row["source_line"],
        f"The text gives the {year} {what} of {who} as {_fact_found(row)}, but {table} gives {first['raw']}.",
        other_line=first["source_line"], expected=first["raw"], difference=row["value"] - first["value"],
        **common)]


@_rule("narrative_repeat", "narrative", "a figure the text states twice (same quantity, subject, year and "
       "period) has one value", needs=("facts",))
def _narrative_repeat(cx: _Context) -> list[dict]:
    out: list[dict] = []
    groups: dict[tuple, list[dict]] = {}
    for row in sorted(cx.stated(), key=lambda r: r["source_line"]):
        groups.setdefault((row["quantity"], row["subject"], row["year"], row["period"]), []).append(row)
    for (q, subject, year, period), rows in groups.items():
        first = rows[0]
        for row in rows[1:]:
            verdict = _agreement(row["value"], _fact_decimals(row), first["value"], _fact_decimals(first))
            if verdict == "equal":
                continue
            tail = " (the same figure only after rounding)." if verdict == "rounded" else "."
            out.append(_finding(
                "info" if verdict == "rounded" else "error", _NARRATIVE, _subject_code(subject),
                f"{_words(q)} {year} ({period})", row["source_line"],
                f"The text states the {_words(q)} of {subject} for {year} as {_fact_found(row)} here and as "
                f"{_fact_found(first)} at line {first['source_line']}{tail}",
                other_table=_NARRATIVE, other_line=first["source_line"], expected=_fact_found(first),
                found=_fact_found(row), difference=row["value"] - first["value"]))
    return out


# ====================================================================== 4. amounts that contradict themselves
def _spending_triples(cx: _Context) -> list[tuple[dict, dict, dict]]:
    """(stated share, spending, budget) of one subject and year, the nearest to each stated share."""
    out = []
    for share in cx.stated(quantity="absorption_stated"):
        same = dict(subject=share["subject"], year=share["year"])
        for budget_q, spending_q in SPENDING_PAIRS:
            spent = _nearest(cx.stated(quantity=spending_q, period=share["period"], **same), share["source_line"])
            budget = _nearest(cx.stated(quantity=budget_q, period="year", **same), share["source_line"])
            if spent is not None and budget is not None and budget["value"]:
                out.append((share, spent, budget))
                break
    return out


@_rule("spending_share", "amounts", "a spending amount is the share of its budget that the text states",
       needs=("facts",))
def _spending_share(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if abs(share["value"] - computed) <= cx.tolerance + 1e-9 or _magnitude_apart(share["value"], computed):
            continue
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(share["subject"]), f"absorption {share['year']} ({share['period']})",
            share["source_line"],
            f"The text states spending of {_rp(spent['value'])} as {_fact_found(share)} of the budget of "
            f"{_rp(budget['value'])}, but it is {_pct(computed)} of it.",
            other_table=_NARRATIVE, other_line=spent["source_line"], expected=_pct(computed),
            found=_fact_found(share), difference=share["value"] - computed))
    return out


def _magnitude_apart(a: float, b: float) -> bool:
    if a <= 0 or b <= 0:
        return a != b and max(a, b) > 0
    return max(a, b) / min(a, b) >= MAGNITUDE_FACTOR


@_rule("share_magnitude", "amounts", "an amount that cannot be the stated share of its budget: orders of "
       "magnitude apart", needs=("facts",))
def _share_magnitude(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if not _magnitude_apart(share["value"], computed):
            continue
        implied = budget["value"] * share["value"] / 100
        factor = implied / spent["value"] if spent["value"] else math.inf
        out.append(_finding(
            "error", _NARRATIVE, _subject_code(share["subject"]), f"spending {share['year']} ({share['period']})",
            spent["source_line"],
            f"The text states spending of {_rp(spent['value'])} and says it is {_fact_found(share)} of the budget "
            f"of {_rp(budget['value'])}; that share would be about {_rp(implied)}, {_num(factor, 0)} times the "
            f"amount written (which is {_pct(computed)} of the budget): the amount cannot be that share.",
            other_table=_NARRATIVE, other_line=share["source_line"], expected=_num(implied, 0),
            found=_token(spent["quote"], spent["value"]) or _num(spent["value"], 0),
            difference=spent["value"] - implied))
    return out


def _grouping_hint(token: str) -> str:
    if re.fullmatch(r"\d{1,3}\.\d{1,2}", token):
        return "'.' is used as the decimal mark, which Indonesian writes ','"
    return "its digit grouping is not valid Indonesian grouping (groups of three digits after every '.')"


@_rule("number_format", "amounts", "every number is written in valid Indonesian format (digit grouping, "
       "decimal comma)", uses=("facts",), standalone=True)
def _number_format(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("facts"):
        for row in [f for f in cx.fact_rows if _missing(f["value"])]:
            for token, _, _ in numbers_in(row["quote"]):
                try:
                    parse_number(token)
                except NumberParseError:
                    out.append(_finding(
                        "warning", _NARRATIVE, _subject_code(row["subject"]),
                        f"{_words(row['quantity'])} {row['year']} ({row['period']})", row["source_line"],
                        f"The text writes {token!r} ({_words(row['quantity'])} of {row['subject']}, "
                        f"{row['year']}): {_grouping_hint(token)}, so the figure cannot be read without guessing.",
                        expected="a number such as 1.234.567 or 12,5", found=token))
    problems = cx.doc.problems
    for _, p in problems[problems["message"].str.contains("grouping", na=False)].iterrows():
        out.append(_finding(
            "warning", p["table"], None, p["column"] or "cell", p["line"],
            f"{p['table']} writes {p['raw']!r} in {p['column'] or 'a cell'}: its digit grouping is not valid "
            f"Indonesian grouping, so the cell was left empty.",
            expected="a number such as 1.234.567 or 12,5", found=p["raw"]))
    return out


@_rule("amount_in_words", "amounts", "an amount written in figures and in words (terbilang) is one amount")
def _amount_in_words(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for n, text in enumerate(cx.doc.source.lines, start=1):
        if "\t" in text or "rupiah" not in text.lower():
            continue
        for m in _AMOUNT_IN_WORDS.finditer(text):
            try:
                figure = parse_number(m.group("num"))
            except NumberParseError:
                continue
            words = _words_to_int(m.group("words"))
            if words is None or words == figure:
                continue
            out.append(_finding(
                "error", _NARRATIVE, None, "amount in words", n,
                f"Rp. {m.group('num')} is written in words as '{m.group('words')} rupiah', which is "
                f"{_num(words, 0)}: the figures and the words disagree{_factor_note(float(figure), words)}.",
                expected=_num(words, 0), found=m.group("num"), difference=float(figure) - words))
    return out


# ====================================================================== 5. codes and names
def _coded_rows(cx: _Context) -> pd.DataFrame:
    c = cx.doc.codes.copy()
    c["key"] = c["name"].map(_name_key)
    return c


def _reference_names(codes: pd.DataFrame) -> dict[str, str]:
    """Per code, the name key written most often in the document (ties: the first written)."""
    counts = codes.groupby(["code", "key"], sort=False).agg(n=("source_line", "size"), first=("source_line", "min"))
    counts = counts.reset_index().sort_values(["code", "n", "first"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("code")[["code", "key"]].itertuples(index=False, name=None))


@_rule("code_names", "codes", "one code has one name within a table")
def _code_names(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    ref_all = _reference_names(codes)
    for (table, code), g in codes.groupby(["table", "code"], sort=False):
        if g["key"].nunique() < 2:
            continue
        present = set(g["key"])
        ref = ref_all[code] if ref_all[code] in present else _reference_names(g)[code]
        with_ref = g[g["key"] == ref]
        for _, row in g[g["key"] != ref].iterrows():
            other = _nearest(with_ref.to_dict("records"), row["source_line"])
            similar = difflib.SequenceMatcher(None, row["key"], ref).ratio() >= SPELLING_SIMILARITY
            if similar:
                msg = (f"{table} spells the name of {code} two ways: '{row['name']}' here and "
                       f"'{other['name']}' at line {other['source_line']}.")
            else:
                msg = (f"{table} uses code {code} (written '{row['code_raw']}') for '{row['name']}' here and for "
                       f"'{other['name']}' at line {other['source_line']}: one code, two different names.")
            out.append(_finding("warning" if similar else "error", table, code, "name", row["source_line"], msg,
                                other_table=table, other_line=other["source_line"], expected=other["name"],
                                found=row["name"]))
    return out


@_rule("code_level", "codes", "a code's level fits its name (a 'Program ...' is a programme)")
def _code_level(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for _, row in cx.doc.codes.iterrows():
        name = row["name"] if isinstance(row["name"], str) else ""
        said = next((level for level, pattern in LEVEL_NAMES if pattern.search(name)), None)
        if said is not None and said != row["level"]:
            out.append(_finding(
                "error", row["table"], row["code"], "level", row["source_line"],
                f"{row['table']} names {row['code']} '{name}', a {said} name, but the code has "
                f"{len(row['code'].split('.'))} parts: a {row['level']} code.",
                expected=said, found=row["level"]))
        elif said is None and row["level"] == "program":
            out.append(_finding(
                "warning", row["table"], row["code"], "level", row["source_line"],
                f"{row['table']} gives the programme code {row['code']} the name '{name}', which does not say "
                f"'Program'.", expected="program", found=name))
    return out


@_rule("name_codes", "codes", "one name has one code within a table (an activity and its sub-activity may share "
       "a name)")
def _name_codes(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    for (table, key), g in codes[codes["key"] != ""].groupby(["table", "key"], sort=False):
        first_rows = g.drop_duplicates("code")
        if len(first_rows) < 2:
            continue
        base = first_rows.iloc[0]
        for _, row in first_rows.iloc[1:].iterrows():
            a, b = base["code"], row["code"]
            if a.startswith(b + ".") or b.startswith(a + "."):
                continue
            out.append(_finding(
                "warning", table, b, "code", row["source_line"],
                f"{table} gives '{row['name']}' the code {b} here and {a} at line {base['source_line']}.",
                other_table=table, other_line=base["source_line"], expected=a, found=b))
    return out


@_rule("code_coverage", "codes", "codes of Tabel 2.1 that Tabel 4.1 lacks, and the reverse (dropped, renamed "
       "or new)", needs=("evaluation", "plan"))
def _code_coverage(cx: _Context) -> list[dict]:
    out: list[dict] = []
    ev, plan = cx.label("evaluation"), cx.label("plan")
    codes = cx.doc.codes
    a, b = codes[codes["table"] == ev], codes[codes["table"] == plan]
    levels = set(a["level"]) & set(b["level"])
    a, b = a[a["level"].isin(levels)], b[b["level"].isin(levels)]
    for here, there, what in ((a, b, "dropped or renamed for the plan"), (b, a, "new in the plan")):
        missing = here[~here["code"].isin(set(there["code"]))].drop_duplicates("code")
        for _, row in missing.iterrows():
            table, other = row["table"], (plan if row["table"] == ev else ev)
            siblings = sorted(set(there[there["parent"] == row["parent"]]["code"]) - set(here["code"]))
            hint = f"; {other} has {', '.join(siblings)} under the same parent" if siblings else ""
            out.append(_finding(
                "info", table, row["code"], "code", row["source_line"],
                f"{row['code']} '{row['name']}' is in {table} but not in {other}: {what}{hint}.",
                found=row["code"]))
    return out


@_rule("names_across", "codes", "a code has the same name in every table (Tabel 2.1, Tabel 4.1, Tabel 2.3)",
       uses=("evaluation", "plan", "rkpd"))
def _names_across(cx: _Context) -> list[dict]:
    out: list[dict] = []
    codes = _coded_rows(cx)
    if cx.has("evaluation") and cx.has("plan"):
        ev, plan = cx.label("evaluation"), cx.label("plan")
        a, b = codes[codes["table"] == ev], codes[codes["table"] == plan]
        ref_all = _reference_names(codes)
        for code, g in b.groupby("code", sort=False):
            names_a = a[a["code"] == code]
            if names_a.empty:
                continue
            present = set(g["key"])
            ref = ref_all[code] if ref_all[code] in present else g["key"].iloc[0]
            if ref in set(names_a["key"]):
                continue
            row = g[g["key"] == ref].iloc[0]
            other = names_a.iloc[0]
            out.append(_finding(
                "info", plan, code, "name", row["source_line"],
                f"{plan} names {code} '{row['name']}'; {ev} names it '{other['name']}' (line "
                f"{other['source_line']}).",
                other_table=ev, other_line=other["source_line"], expected=other["name"], found=row["name"]))
    if cx.has("rkpd") and cx.has("plan"):
        table, plan = cx.label("rkpd"), cx.label("plan")
        r = cx.rkpd
        pb = cx.doc.plan_budget.drop_duplicates("code").set_index("code")
        for _, row in r[(r["code_from"] == "same line") & r["name"].notna()].iterrows():
            at = pb.loc[row["code"]] if row["code"] in pb.index else None
            out.append(_finding(
                "info", table, row["code"], f"{row['stage']} name", row["source_line"],
                f"{table} ({cx.stage_words(row['stage'])}) names a row '{row['name']}', a name {plan} does not use; "
                f"the other half of the row is {row['code']}"
                + (f", which {plan} names '{at['name']}'." if at is not None else "."),
                other_table=plan if at is not None else None,
                other_line=at["source_line"] if at is not None else None,
                expected=at["name"] if at is not None else None, found=row["name"]))
        for _, row in r[r["code"].isna() & r["name"].notna()].iterrows():
            out.append(_finding(
                "info", table, None, f"{row['stage']} name", row["source_line"],
                f"{table} ({cx.stage_words(row['stage'])}) names a row '{row['name']}', a name {plan} does not use, "
                f"so the row has no code.", found=row["name"]))
    return out


# ====================================================================== 6. implausible values
def _value_rows(cx: _Context) -> list[tuple[str, pd.DataFrame]]:
    """(table, frame with code, indicator, value, unit, raw, item, source_line) for every stated value."""
    out = []
    if cx.has("evaluation"):
        e = cx.doc.evaluation
        e = e[e["measure"].isin(_STATED_MEASURES)]
        out.append((cx.label("evaluation"), e.assign(
            item=e["measure"].map(_MEASURE_WORDS) + " " + e["year"].astype(str))))
    if cx.has("plan"):
        p = cx.doc.plan_targets
        out.append((cx.label("plan"), p.rename(columns={"target": "value"}).assign(
            item="target " + p["year"].astype(str))))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        out.append((cx.label("rkpd"), r.rename(columns={"target": "value", "target_raw": "raw"}).assign(
            item=r["stage"] + " target")))
    if cx.has("service"):
        s = cx.doc.service_indicators
        out.append((cx.label("service"), s.assign(code=None, item=s["measure"].map(_MEASURE_WORDS) + " "
                                                  + s["year"].astype(str))))
    return out


@_rule("share_above_100", "plausibility", "an indicator that is a share of something stays at or below 100 %",
       uses=("evaluation", "plan", "rkpd", "service"))
def _share_above_100(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        hits = frame[(frame["unit"] == "%") & (frame["value"] > 100)]
        for _, row in hits[hits["indicator"].map(_is_share)].iterrows():
            out.append(_finding(
                "warning", table, row["code"], row["item"], row["source_line"],
                f"'{row['indicator']}' is a share, yet {table} gives its {row['item']} as {row['raw']}, above 100%.",
                expected="at most 100%", found=row["raw"], difference=row["value"] - 100))
    return out


@_rule("negative_value", "plausibility", "no count, target, percentage or budget is negative",
       uses=("evaluation", "plan", "rkpd", "service", "facts"))
def _negative_value(cx: _Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        for _, row in frame[frame["value"] < 0].iterrows():
            out.append(_finding(
                "error", table, row["code"], row["item"], row["source_line"],
                f"{table} gives '{row['indicator']}' a {row['item']} of {row['raw']}: it cannot be negative.",
                expected="0 or more", found=row["raw"], difference=row["value"]))
    budgets = []
    if cx.has("plan"):
        pb = cx.doc.plan_budget
        budgets.append((cx.label("plan"), pb.assign(item="budget " + pb["year"].astype(str), raw=pb["budget_raw"])))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        budgets.append((cx.label("rkpd"), r.assign(item=r["stage"] + " budget", raw=r["budget_stated"])))
    for table, frame in budgets:
        for _, row in frame[frame["budget"].fillna(0) < 0].iterrows():
            out.append(_finding(
                "error", table, row["code"], row["item"], row["source_line"],
                f"{table} gives {row['code'] or 'a row'} a {row['item']} of {row['raw']}: a budget cannot be "
                f"negative.", expected="0 or more", found=row["raw"], difference=float(row["budget"])))
    if cx.has("facts"):
        for row in [f for f in cx.stated() if f["value"] < 0]:
            out.append(_finding(
                "error", _NARRATIVE, _subject_code(row["subject"]), _words(row["quantity"]), row["source_line"],
                f"The text states the {_words(row['quantity'])} of {row['subject']} as {_fact_found(row)}: "
                f"it cannot be negative.", expected="0 or more", found=_fact_found(row), difference=row["value"]))
    return out


@_rule("target_budget", "plausibility", "a budget above 0 goes with a target above 0 (no budget for a target of "
       "0, none without a target)", uses=("plan", "rkpd"))
def _target_budget(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        targets = _target_summary(cx.doc.plan_targets, ["code", "year"], "target", "raw")
        funded = cx.doc.plan_budget[cx.doc.plan_budget["budget"].fillna(0) > 0]
        rows = funded.merge(targets, on=["code", "year"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], f"budget {row['year']}", row["source_line"],
                                   _rp(row["budget"]), row, int(row["year"]))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.doc.rkpd_review.sort_values(["stage", "source_line"], kind="stable").copy()
        lead = ~r["continuation"].astype(bool)
        r["lead_line"] = r["source_line"].where(lead).groupby(r["stage"]).ffill()
        targets = _target_summary(r, ["stage", "lead_line"], "target", "target_raw")
        funded = r[lead & (r["budget"].fillna(0) > 0)]
        rows = funded.merge(targets, on=["stage", "lead_line"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], f"{row['stage']} budget", row["source_line"],
                                   f"{row['budget_stated']} ({row['budget_unit']})", row,
                                   cx.stage_words(row["stage"]))
    return out


def _target_summary(frame: pd.DataFrame, keys: list[str], value: str, raw: str) -> pd.DataFrame:
    """Per key: how many targets are stated, whether all are 0, and how they are written."""
    stated = frame[frame[value].notna()]
    agg = stated.groupby(keys).agg(n_targets=(value, "size"), all_zero=(value, lambda v: bool((v == 0).all())),
                                   written=(raw, lambda v: ", ".join(map(str, v))))
    return agg.reset_index()


def _target_finding(table: str, code: Any, item: str, line: Any, budget: str, row: pd.Series, when: Any) -> list[dict]:
    who = code if isinstance(code, str) else "a row"
    if pd.isna(row["n_targets"]) or not row["n_targets"]:
        return [_finding("warning", table, code, item, line,
                         f"{table} gives {who} a budget of {budget} ({when}) but no target.",
                         expected="a target", found="-")]
    if row["all_zero"]:
        return [_finding("warning", table, code, item, line,
                         f"{table} gives {who} a budget of {budget} ({when}) for a target of {row['written']}.",
                         expected="a target above 0", found=row["written"])]
    return []


# ====================================================================== 7. across tables
@_rule("needs_vs_plan", "across tables", "Tabel 2.3's needs-analysis budgets and targets are Tabel 4.1's for the "
       "plan year (amounts in thousands: rounded)", needs=("rkpd", "plan"))
def _needs_vs_plan(cx: _Context) -> list[dict]:
    out: list[dict] = []
    if not cx.plan_years:
        return out
    year = cx.plan_years[0]
    table, plan = cx.label("rkpd"), cx.label("plan")
    pb = cx.doc.plan_budget[cx.doc.plan_budget["year"] == year].drop_duplicates("code").set_index("code")
    needs = cx.rkpd[(cx.rkpd["stage"] == "needs") & cx.rkpd["code"].notna()]
    for _, row in needs.iterrows():
        if row["code"] not in pb.index or pd.isna(row["budget"]):
            continue
        p = pb.loc[row["code"]]
        half = row["multiplier"] / 2
        if pd.notna(p["budget"]) and abs(int(row["budget"]) - int(p["budget"])) <= half:
            continue
        plan_amount = _rp(p["budget"]) if pd.notna(p["budget"]) else "no budget"
        out.append(_finding(
            "error", table, row["code"], f"needs budget {year}", row["source_line"],
            f"{table} gives {row['code']} a need of {row['budget_stated']} ({row['budget_unit']}), i.e. "
            f"{_rp(row['budget'])}, but {plan} plans {plan_amount} for {year}"
            + (f"{_factor_note(row['budget'], p['budget'])}." if pd.notna(p["budget"]) else "."),
            other_table=plan, other_line=p["source_line"], expected=p["budget_raw"] or "-",
            found=row["budget_stated"],
            difference=float(row["budget"] - p["budget"]) if pd.notna(p["budget"]) else None))
    pt = cx.doc.plan_targets
    pt = pt[(pt["year"] == year) & pt["target"].notna()].assign(key=lambda f: f["indicator"].map(_name_key))
    r = cx.doc.rkpd_review
    code_by_line = needs.set_index("source_line")["code"].to_dict()
    r = r[(r["stage"] == "needs") & r["target"].notna()]
    for _, row in r.iterrows():
        code = row["code"] if isinstance(row["code"], str) else code_by_line.get(row["source_line"])
        match = pt[(pt["code"] == code) & (pt["key"] == _name_key(row["indicator"]))]
        if match.empty:
            continue
        p = match.iloc[0]
        if _agreement(row["target"], _decimals(row["target_raw"]), p["target"], _decimals(p["raw"])) == "equal":
            continue
        out.append(_finding(
            "error", table, code, f"needs target {year}", row["source_line"],
            f"{table} gives {code} '{row['indicator']}' a target of {row['target_raw']}, but {plan} plans {p['raw']} "
            f"for {year}.",
            other_table=plan, other_line=p["source_line"], expected=p["raw"], found=row["target_raw"],
            difference=row["target"] - p["target"]))
    return out


def _service_rows(cx: _Context) -> pd.DataFrame:
    s = cx.doc.service_indicators
    return s.assign(key=s["indicator"].map(lambda n: indicator_key(n) if isinstance(n, str) else None),
                    nkey=s["indicator"].map(_name_key))


@_rule("service_vs_narrative", "across tables", "Tabel 2.2 agrees with the text's TPT, TPAK, TKK (and its other "
       "indicators); TKK + TPT = 100 in Tabel 2.2", needs=("service",), uses=("facts",))
def _service_vs_narrative(cx: _Context) -> list[dict]:
    out: list[dict] = []
    table = cx.label("service")
    s = _service_rows(cx)
    if cx.has("facts"):
        for row in cx.stated(period="year"):
            if row["quantity"] not in SERVICE_MEASURES or _subject_code(row["subject"]) \
                    or row["subject"] in ("office", "city"):
                continue
            key = indicator_key(row["subject"])
            rows = s[(s["key"] == key) if key else (s["nkey"] == _name_key(row["subject"]))]
            if row["quantity"] in RATE_COUNTS and key != row["quantity"].upper():
                continue
            cands = rows[(rows["measure"] == SERVICE_MEASURES[row["quantity"]]) & (rows["year"] == row["year"])
                         & rows["value"].notna()]
            cands = [c for c in cands.to_dict("records") if _units_match(c["unit"], row["unit"])]
            what = _MEASURE_WORDS[SERVICE_MEASURES[row["quantity"]]]
            out += _compare_stated(cx, row, cands, table, what)
    tkk, tpt = s[s["key"] == "TKK"], s[s["key"] == "TPT"]
    for _, a in tkk[tkk["value"].notna()].iterrows():
        b = tpt[(tpt["measure"] == a["measure"]) & (tpt["year"] == a["year"]) & tpt["value"].notna()]
        if b.empty:
            continue
        b = b.iloc[0]
        bound = _half_unit(_decimals(a["raw"])) + _half_unit(_decimals(b["raw"]))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(_finding(
            "error", table, None, f"TKK + TPT {_MEASURE_WORDS[a['measure']]} {a['year']}", a["source_line"],
            f"{table} gives TKK {a['raw']} and TPT {b['raw']} as the {_MEASURE_WORDS[a['measure']]} for "
            f"{a['year']}: they add up to {_pct(total)}, but TKK = 100 - TPT.",
            other_table=table, other_line=b["source_line"], expected=_pct(100 - b["value"]), found=a["raw"],
            difference=total - 100))
    return out


# ====================================================================== running
def _empty_findings() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="string") for c in FINDING_COLUMNS})
    return frame.astype({"source_line": "Int64", "other_line": "Int64", "difference": "float64"})


def _not_run(cx: _Context, rule: Rule) -> list[dict]:
    missing_needs = [n for n in rule.needs if not cx.has(n)]
    missing_uses = [n for n in rule.uses if not cx.has(n)]
    if missing_needs or (not rule.needs and not rule.standalone and rule.uses
                         and len(missing_uses) == len(rule.uses)):
        missing = missing_needs or missing_uses
        return [_finding("info", "document", None, "not run", None,
                         f"Rule {rule.name} could not run: the document has no "
                         f"{' and no '.join(INPUTS[m][1] for m in missing)}.")]
    if missing_uses:
        return [_finding("info", "document", None, "partly run", None,
                         f"Rule {rule.name} ran without "
                         f"{' and without '.join(INPUTS[m][1] for m in missing_uses)}, which the document lacks: "
                         f"the checks that need it were skipped.")]
    return []


def audit(doc: Any, tolerance: float = DEFAULT_TOLERANCE, rules: Sequence[str] | None = None) -> pd.DataFrame:
    """Every inconsistency of a document, one row per finding (see the module docstring).

    ``tolerance`` is in percentage points: how far a ratio the document writes may be
    from the one recomputed from its terms. ``rules`` picks rules by name (default:
    all of :data:`RULES`, in their order). Returns a new frame with
    :data:`FINDING_COLUMNS`, sorted by rule (registry order), then line; ``difference``
    is found minus expected, in rupiah, percentage points or units.

    >>> import renja_lib
    >>> f = audit(renja_lib.load(), rules=["code_names"])
    >>> f[["rule", "severity", "source_line", "other_line"]].head(2).to_dict("records")
    [{'rule': 'code_names', 'severity': 'error', 'source_line': 439, 'other_line': 437}, \
{'rule': 'code_names', 'severity': 'warning', 'source_line': 455, 'other_line': 554}]
    """
    if not all(hasattr(doc, a) for a in ("tables", "codes", "stated_totals", "source", "problems")):
        raise RenjaError(f"doc must be a document read with renja_lib.load(), got {type(doc).__name__}")
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or not math.isfinite(tolerance) \
            or tolerance < 0:
        raise RenjaError(f"tolerance must be a number of percentage points, 0 or more, got {tolerance!r}")
    names = list(RULES) if rules is None else list(rules)
    unknown = [n for n in names if n not in RULES]
    if unknown:
        raise RenjaError(f"unknown rule(s) {', '.join(map(repr, unknown))}; the rules are {', '.join(RULES)}")
    cx = _Context(doc, float(tolerance))
    records: list[dict] = []
    for name in names:
        rule = RULES[name]
        skipped = _not_run(cx, rule)
        found = skipped if skipped and skipped[0]["item"] == "not run" else skipped + list(rule.check(cx))
        for f in found:
            records.append({"rule": rule.name, "group": rule.group, **f})
    if not records:
        return _empty_findings()
    frame = pd.DataFrame.from_records(records, columns=FINDING_COLUMNS)
    order = {n: i for i, n in enumerate(RULES)}
    frame = frame.assign(_order=frame["rule"].map(order), _line=frame["source_line"].fillna(0))
    frame = frame.sort_values(["_order", "_line", "other_line"], kind="stable", na_position="first")
    frame = frame.drop(columns=["_order", "_line"]).reset_index(drop=True)
    return frame.astype({**{c: "string" for c in _STR_COLUMNS}, "source_line": "Int64", "other_line": "Int64",
                         "difference": "float64"})


def rules() -> pd.DataFrame:
    """The rules, in order: name, group, what each checks, what it needs and uses.

    >>> rules().set_index("rule").loc["reported_ratio", "group"]
    'ratios'
    """
    return pd.DataFrame([{"rule": r.name, "group": r.group, "checks": r.title, "needs": ", ".join(r.needs),
                          "uses": ", ".join(r.uses)} for r in RULES.values()])


def summary(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings counted by rule: one row per rule that found something, a column per severity and the total.

    Rules come in registry order within the groups of :data:`GROUPS`.

    >>> import renja_lib
    >>> s = summary(audit(renja_lib.load(), rules=["code_names", "share_above_100"]))
    >>> s[["rule", "error", "warning", "info", "total"]].to_dict("records")
    [{'rule': 'code_names', 'error': 2, 'warning': 2, 'info': 0, 'total': 4}, \
{'rule': 'share_above_100', 'error': 0, 'warning': 3, 'info': 0, 'total': 3}]
    """
    missing = [c for c in ("rule", "severity") if c not in findings.columns]
    if missing:
        raise RenjaError(f"findings must be a frame from audit() with columns rule and severity; missing {missing}")
    counts = pd.crosstab(findings["rule"].astype(str), findings["severity"].astype(str))
    counts = counts.reindex(columns=list(SEVERITIES), fill_value=0)
    counts["total"] = counts.sum(axis=1)
    order = [n for n in RULES if n in counts.index] + [n for n in counts.index if n not in RULES]
    counts = counts.reindex(order).reset_index().rename(columns={"index": "rule"})
    counts.columns.name = None
    counts.insert(1, "group", counts["rule"].map(lambda n: RULES[n].group if n in RULES else ""))
    counts.insert(2, "checks", counts["rule"].map(lambda n: RULES[n].title if n in RULES else ""))
    return counts.astype({s: "int64" for s in (*SEVERITIES, "total")})
