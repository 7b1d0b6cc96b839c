"""Rules of the group "plausibility": values that cannot be right (a share above 100 %, a negative, a budget
without a target).

Registers, in this order: ``share_above_100``, ``negative_value``, ``target_budget``.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..text.catalogue import Message
from .context import NARRATIVE, Context, code_words, fact_found, finding, is_share, subject_code, subject_words
from .figures import rp
from .messages import year_item
from .registry import rule

__all__: list[str] = []  # the rules register themselves (renja_lib.check.registry.RULES)

#: Tabel 2.1 measures that hold stated values (not ratios computed from them).
_STATED_MEASURES = ("target", "realization", "renstra_target", "realization_to_date")


def _value_rows(cx: Context) -> list[tuple[str, pd.DataFrame]]:
    """(table, frame with code, indicator, value, unit, raw, source_line) for every stated value.

    ``item_measure`` and ``item_year`` or ``item_stage`` say what the value is, for :func:`_item`.
    """
    out = []
    if cx.has("evaluation"):
        e = cx.doc.evaluation
        e = e[e["measure"].isin(_STATED_MEASURES)]
        out.append((cx.label("evaluation"), e.assign(item_measure=e["measure"], item_year=e["year"],
                                                     item_stage=None)))
    if cx.has("plan"):
        p = cx.doc.plan_targets
        out.append((cx.label("plan"), p.rename(columns={"target": "value"}).assign(
            item_measure="target", item_year=p["year"], item_stage=None)))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        out.append((cx.label("rkpd"), r.rename(columns={"target": "value", "target_raw": "raw"}).assign(
            item_measure="target", item_year=None, item_stage=r["stage"])))
    if cx.has("service"):
        s = cx.doc.service_indicators
        out.append((cx.label("service"), s.assign(code=None, item_measure=s["measure"], item_year=s["year"],
                                                  item_stage=None)))
    return out


def _item(cx: Context, row: Any) -> Message:
    """The ``item`` of a row of :func:`_value_rows` (or of a budget) in words: ``target 2023``, ``draft target``."""
    return _measure_item(cx, row["item_measure"], row["item_year"], row["item_stage"])


def _measure_item(cx: Context, measure: str, year: Any, stage: Any) -> Message:
    """A measure of one stage (``draft target``) or, without a stage, of one year (``target 2023``), in words."""
    what = Message(f"audit.measure.{measure}")
    if isinstance(stage, str):
        return Message("audit.item.stage", what=what, stage_raw=stage, stage=cx.stage_words(stage))
    return year_item(what, year)


@rule("share_above_100", "plausibility", uses=("evaluation", "plan", "rkpd", "service"))
def _share_above_100(cx: Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        hits = frame[(frame["unit"] == "%") & (frame["value"] > 100)]
        for _, row in hits[hits["indicator"].map(is_share)].iterrows():
            out.append(finding(
                "warning", table, row["code"], _item(cx, row), row["source_line"],
                Message("audit.share_above_100", indicator=row["indicator"], table=table, item=_item(cx, row),
                        stated=row["raw"]),
                expected=Message("audit.expected.at_most_100"), found=row["raw"], difference=row["value"] - 100))
    return out


@rule("negative_value", "plausibility", uses=("evaluation", "plan", "rkpd", "service", "facts"))
def _negative_value(cx: Context) -> list[dict]:
    out: list[dict] = []
    for table, frame in _value_rows(cx):
        for _, row in frame[frame["value"] < 0].iterrows():
            out.append(finding(
                "error", table, row["code"], _item(cx, row), row["source_line"],
                Message("audit.negative_value.value", table=table, indicator=row["indicator"], item=_item(cx, row),
                        stated=row["raw"]),
                expected=Message("audit.expected.not_negative"), found=row["raw"], difference=row["value"]))
    budgets = []
    if cx.has("plan"):
        pb = cx.doc.plan_budget
        budgets.append((cx.label("plan"), pb.assign(raw=pb["budget_raw"], item_measure="budget", item_year=pb["year"],
                                                    item_stage=None)))
    if cx.has("rkpd"):
        r = cx.doc.rkpd_review
        budgets.append((cx.label("rkpd"), r.assign(raw=r["budget_stated"], item_measure="budget", item_year=None,
                                                   item_stage=r["stage"])))
    for table, frame in budgets:
        # a negative budget is not read (the loader lists it as a problem and leaves the value missing), so it
        # is found by what the document wrote: a minus sign before the digits
        written_negative = frame["budget"].isna() & frame["raw"].astype("string").str.match(
            r"^\s*[-\u2212]\s*\d", na=False)
        for _, row in frame[(frame["budget"].fillna(0) < 0) | written_negative].iterrows():
            out.append(finding(
                "error", table, row["code"], _item(cx, row), row["source_line"],
                Message("audit.negative_value.budget", table=table, who=code_words(row["code"]), item=_item(cx, row),
                        stated=row["raw"]),
                expected=Message("audit.expected.not_negative"), found=row["raw"],
                difference=None if pd.isna(row["budget"]) else float(row["budget"])))
    if cx.has("facts"):
        for row in [f for f in cx.stated() if f["value"] < 0]:
            out.append(finding(
                "error", NARRATIVE, subject_code(row["subject"]), Message(f"audit.quantity.{row['quantity']}"),
                row["source_line"],
                Message("audit.negative_value.text", what=Message(f"audit.quantity.{row['quantity']}"),
                        subject=subject_words(row["subject"], True), stated=fact_found(row)),
                expected=Message("audit.expected.not_negative"), found=fact_found(row), difference=row["value"]))
    return out


@rule("target_budget", "plausibility", uses=("plan", "rkpd"))
def _target_budget(cx: Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        targets = _target_summary(cx.doc.plan_targets, ["code", "year"], "target", "raw")
        funded = cx.doc.plan_budget[cx.doc.plan_budget["budget"].fillna(0) > 0]
        rows = funded.merge(targets, on=["code", "year"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], _measure_item(cx, "budget", row["year"], None),
                                   row["source_line"],
                                   rp(row["budget"]), row, Message("audit.when.year", year=int(row["year"])))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.doc.rkpd_review.sort_values(["stage", "source_line"], kind="stable").copy()
        lead = ~r["continuation"].astype(bool)
        r["lead_line"] = r["source_line"].where(lead).groupby(r["stage"]).ffill()
        targets = _target_summary(r, ["stage", "lead_line"], "target", "target_raw")
        funded = r[lead & (r["budget"].fillna(0) > 0)]
        rows = funded.merge(targets, on=["stage", "lead_line"], how="left")
        for _, row in rows.iterrows():
            out += _target_finding(table, row["code"], _measure_item(cx, "budget", None, row["stage"]),
                                   row["source_line"],
                                   f"{row['budget_stated']} ({row['budget_unit']})", row,
                                   cx.stage_words(row["stage"]))
    return out


def _target_summary(frame: pd.DataFrame, keys: list[str], value: str, raw: str) -> pd.DataFrame:
    """Per key: how many targets are stated, whether all are 0, and how they are written."""
    stated = frame[frame[value].notna()]
    agg = stated.groupby(keys).agg(n_targets=(value, "size"), all_zero=(value, lambda v: bool((v == 0).all())),
                                   written=(raw, lambda v: ", ".join(map(str, v))))
    return agg.reset_index()


def _target_finding(table: str, code: Any, item: Message, line: Any, budget: str, row: pd.Series,
                    when: Message | str) -> list[dict]:
    said = dict(table=table, who=code_words(code), budget=budget, when=when)
    if pd.isna(row["n_targets"]) or not row["n_targets"]:
        return [finding("warning", table, code, item, line, Message("audit.target_budget.none", **said),
                        expected=Message("audit.expected.target"), found="-")]
    if row["all_zero"]:
        return [finding("warning", table, code, item, line,
                        Message("audit.target_budget.zero", written=row["written"], **said),
                        expected=Message("audit.expected.target_above_0"), found=row["written"])]
    return []
