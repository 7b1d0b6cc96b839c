"""Rules of the group "ratios": the ratios Tabel 2.1 and the text report against their terms.

Registers, in this order: ``reported_ratio``, ``narrative_ratio``.
"""
from __future__ import annotations

import math

import pandas as pd

from ..analyse.labour import indicator_key
from ..analyse.ratings import achievement
from ..text.catalogue import Message
from .context import (
    NARRATIVE, Context, code_words, fact_decimals, fact_found, finding, nearest, subject_code,
    subject_words, units_match,
)
from .figures import agreement, decimals_in, half_unit, num, pct
from .messages import period_item, period_words, year_item
from .registry import rule

__all__ = ["EQUAL_COLUMNS", "RATE_COUNTS", "RATIO_COLUMNS"]

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


@rule("reported_ratio", "ratios", needs=("evaluation",))
def _reported_ratio(cx: Context) -> list[dict]:
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
            out.append(finding(
                "error", table, r["code"], _column_item(reported_m, r["year"], header), r["source_line"],
                Message("audit.reported_ratio.ratio", table=table, stated=r["raw"], code=code_words(r["code"]),
                        indicator=r["indicator"], header=_column(header), num=r["raw_num"], den=r["raw_den"],
                        computed=pct(computed), diff=num(abs(diff)), tolerance=num(cx.tolerance)),
                expected=pct(computed), found=r["raw"], difference=diff))
    for measure_m, repeats, header in EQUAL_COLUMNS:
        rows = measure(measure_m).merge(measure(repeats)[["source_line", "year", "value", "raw"]],
                                        on=["source_line", "year"], suffixes=("", "_ref"))
        for _, r in rows.iterrows():
            if agreement(r["value"], decimals_in(r["raw"]), r["value_ref"], decimals_in(r["raw_ref"])) != "differ":
                continue
            out.append(finding(
                "error", table, r["code"], _column_item(measure_m, r["year"], header), r["source_line"],
                Message("audit.reported_ratio.equal", table=table, stated=r["raw"],
                        what=Message(f"audit.measure.{measure_m}"), code=code_words(r["code"]), year=r["year"],
                        header=_column(header), ref=r["raw_ref"]),
                expected=r["raw_ref"], found=r["raw"], difference=r["value"] - r["value_ref"]))
    return out


def _column(header: str) -> Message:
    """A Tabel 2.1 header formula (``column 8 = 7/6``) in words."""
    return Message("audit.column", spec=header.removeprefix("column "))


def _column_item(measure: str, year: int, header: str) -> Message:
    """The ``item`` of a finding about a Tabel 2.1 column: ``achievement 2021 (column 8 = 7/6)``."""
    return Message("audit.item.column", what=Message(f"audit.measure.{measure}"), year=year, column=_column(header))


def _achievement_terms(cx: Context, row: dict) -> tuple[dict | None, dict | None]:
    """The stated realisation (same period) and target (same period, else the year's) of an achievement."""
    same = dict(subject=row["subject"], year=row["year"])
    real = nearest(cx.stated(quantity="realization_stated", period=row["period"], **same), row["source_line"])
    targets = cx.stated(quantity="target_stated", period=row["period"], **same) \
        or cx.stated(quantity="target_stated", period="year", **same)
    return real, nearest(targets, row["source_line"])


@rule("narrative_ratio", "ratios", needs=("facts",))
def _narrative_ratio(cx: Context) -> list[dict]:
    out: list[dict] = []
    # achievements stated with their target and realisation
    for row in cx.stated(quantity="achievement_stated"):
        real, target = _achievement_terms(cx, row)
        if real is None or target is None or not target["value"] or not units_match(real["unit"], target["unit"]):
            continue
        computed = achievement(target["value"], real["value"], cx.direction(row["subject"]))
        if math.isnan(computed) or abs(row["value"] - computed) <= cx.tolerance + 1e-9:
            continue
        out.append(finding(
            "error", NARRATIVE, subject_code(row["subject"]),
            period_item(Message("audit.quantity.achievement_stated"), row["year"], row["period"]), row["source_line"],
            Message("audit.narrative_ratio.achievement", stated=fact_found(row), subject=subject_words(row["subject"]),
                    year=row["year"], real=fact_found(real), real_line=real["source_line"], target=fact_found(target),
                    target_line=target["source_line"], computed=pct(computed)),
            other_table=NARRATIVE, other_line=real["source_line"], expected=pct(computed),
            found=fact_found(row), difference=row["value"] - computed))
    # rates from the counts
    for rate, (num_q, den_q) in RATE_COUNTS.items():
        for row in cx.stated(quantity=rate):
            same = dict(subject="city", year=row["year"], period=row["period"])
            num_row = nearest(cx.stated(quantity=num_q, **same), row["source_line"])
            den_row = nearest(cx.stated(quantity=den_q, **same), row["source_line"])
            if num_row is None or den_row is None or not den_row["value"]:
                continue
            computed = num_row["value"] / den_row["value"] * 100
            if abs(row["value"] - computed) <= cx.tolerance + 1e-9:
                continue
            out.append(finding(
                "error", NARRATIVE, None, year_item(Message(f"audit.quantity.{rate}"), row["year"]), row["source_line"],
                Message("audit.narrative_ratio.rate", rate=rate.upper(), year=row["year"], stated=fact_found(row),
                        num_words=Message(f"audit.quantity.{num_q}"), num=fact_found(num_row),
                        den_words=Message(f"audit.quantity.{den_q}"), den=fact_found(den_row), computed=pct(computed)),
                other_table=NARRATIVE, other_line=num_row["source_line"], expected=pct(computed),
                found=fact_found(row), difference=row["value"] - computed))
    # stated changes between two stated rates
    for quantity, sign in (("increase_stated", 1), ("decrease_stated", -1)):
        for row in cx.stated(quantity=quantity):
            key = indicator_key(row["subject"])
            if key is None or key.lower() not in RATE_COUNTS:
                continue
            now = nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"]), row["source_line"])
            before = nearest(cx.stated(quantity=key.lower(), period="year", year=row["year"] - 1),
                             row["source_line"])
            if now is None or before is None:
                continue
            change = now["value"] - before["value"]
            bound = sum(half_unit(fact_decimals(r)) for r in (row, now, before))
            if abs(sign * row["value"] - change) <= bound + 1e-9:
                continue
            out.append(finding(
                "error", NARRATIVE, None,
                Message("audit.item.change", key=key, before_year=row["year"] - 1, year=row["year"]),
                row["source_line"],
                Message("audit.narrative_ratio.change",
                        change=Message("audit.change.rise" if sign > 0 else "audit.change.fall"),
                        stated=fact_found(row), key=key, before_year=row["year"] - 1, year=row["year"],
                        before=fact_found(before), now=fact_found(now), diff=num(change)),
                other_table=NARRATIVE, other_line=now["source_line"], expected=num(sign * change),
                found=fact_found(row), difference=sign * row["value"] - change))
    # TKK + TPT = 100
    for a in cx.stated(quantity="tkk"):
        b = nearest(cx.stated(quantity="tpt", year=a["year"], period=a["period"]), a["source_line"])
        if b is None:
            continue
        bound = half_unit(fact_decimals(a)) + half_unit(fact_decimals(b))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(finding(
            "error", NARRATIVE, None,
            Message("audit.item.tkk_tpt_period", year=a["year"], period=period_words(a["period"])), a["source_line"],
            Message("audit.narrative_ratio.tkk_tpt", tkk=fact_found(a), tpt=fact_found(b), year=a["year"],
                    total=pct(total)),
            other_table=NARRATIVE, other_line=b["source_line"], expected=pct(100 - b["value"]),
            found=fact_found(a), difference=total - 100))
    return out
