"""Rules of the group "sums": a parent's budget and its children's, the totals the document states.

Registers, in this order: ``parent_sum``, ``stated_total``.
"""
from __future__ import annotations

import math

import pandas as pd

from ..parse.codes import parse_code
from ..text.catalogue import Message
from .context import NARRATIVE, Context, code_words, fact_found, factor_note, finding, is_missing, subject_code
from .figures import num, rp
from .messages import year_item
from .registry import rule

__all__: list[str] = []  # the rules register themselves (renja_lib.check.registry.RULES)

#: The level of the children of a code of each level.
_CHILDREN = {"urusan": "bidang", "bidang": "program", "program": "kegiatan", "kegiatan": "sub_kegiatan"}


def _tree_sums(frame: pd.DataFrame, *, table: str, item: Message, half: float, unit: int, stated_col: str,
               describe: Message) -> list[dict]:
    """Parent budget against the sum of its children's, for one year or stage of one table."""
    out = []
    first = frame.drop_duplicates("code")
    kids = first[first["parent"].notna()].groupby("parent")["budget"]
    sums = pd.DataFrame({"n": kids.count(), "total": kids.sum()})
    rows = first.merge(sums, left_on="code", right_index=True)
    for parent in rows[rows["n"] > 0].to_dict("records"):
        n, total, stated = int(parent["n"]), int(parent["total"]), parent["budget"]
        children = Message(f"audit.n.{_CHILDREN.get(parse_code(parent['code']).level, 'child')}", n=n)
        where = dict(table=table, describe=describe, code=code_words(parent["code"]), children=children)
        if is_missing(stated):
            if total:
                out.append(finding(
                    "error", table, parent["code"], item, parent["source_line"],
                    Message("audit.parent_sum.no_budget", n=n, total=num(total / unit, 0), **where),
                    expected=num(total / unit, 0), found="-", difference=-total))
            continue
        diff = int(stated) - total
        if diff == 0:
            continue
        bound = half * (n + 1)
        within = abs(diff) <= bound
        if within:
            verdict = Message("audit.verdict.within", n=n + 1, diff=num(abs(diff) / unit, 0),
                              bound=num(bound / unit, 1))
        else:
            verdict = Message("audit.verdict.apart", diff=num(abs(diff) / unit, 0) if unit > 1 else rp(abs(diff)),
                              factor=factor_note(stated, total))
        msg = Message("audit.parent_sum.sum", n=n, amounts=num(total / unit, 0) if unit > 1 else rp(total),
                      said=parent[stated_col] if unit > 1 else rp(stated),
                      unit=f" (Rp.{'0' * int(round(math.log10(unit)))})" if unit > 1 else "", verdict=verdict, **where)
        out.append(finding("info" if within else "error", table, parent["code"], item, parent["source_line"], msg,
                           expected=num(total / unit, 0), found=str(parent[stated_col]), difference=diff))
    return out


@rule("parent_sum", "sums", uses=("plan", "rkpd"))
def _parent_sum(cx: Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("plan"):
        table = cx.label("plan")
        for year, g in cx.doc.plan_budget.groupby("year", sort=True):
            out += _tree_sums(g, table=table, item=year_item(Message("audit.measure.budget"), year), half=0, unit=1,
                              stated_col="budget_raw",
                              describe=Message("audit.describe.year", year=year))
    if cx.has("rkpd"):
        table = cx.label("rkpd")
        r = cx.rkpd.dropna(subset=["code"])
        for stage, g in r.groupby("stage", sort=False):
            unit = int(g["multiplier"].max())
            item = Message("audit.item.stage", what=Message("audit.measure.budget"), stage_raw=stage,
                           stage=cx.stage_words(stage))
            out += _tree_sums(g, table=table, item=item, half=unit / 2, unit=unit,
                              stated_col="budget_stated", describe=cx.stage_words(stage))
    return out


def _plan_total(cx: Context, year: int) -> tuple[int, pd.DataFrame]:
    g = cx.doc.plan_budget[cx.doc.plan_budget["year"] == year]
    top = g[~g["parent"].isin(set(g["code"]))]
    return int(top["budget"].sum(skipna=True)), top


def _counted(cx: Context, level: str, year: int, under: str | None) -> tuple[set[str], Message] | None:
    """Codes of ``level`` the tables give a budget (plan years) or a target (evaluation years) in ``year``."""
    if year in cx.plan_years:
        g = cx.doc.plan_budget
        g = g[(g["year"] == year) & (g["level"] == level) & (g["budget"].fillna(0) > 0)]
        how = Message("audit.counted.plan", table=cx.label("plan"), year=year)
    elif cx.has("evaluation"):
        e = cx.doc.evaluation
        g = e[(e["measure"] == "target") & (e["year"] == year) & (e["level"] == level) & e["value"].notna()]
        if g.empty:
            return None
        how = Message("audit.counted.evaluation", table=cx.label("evaluation"), year=year)
    else:
        return None
    codes = set(g["code"])
    if under:
        codes = {c for c in codes if c.startswith(under + ".")}
    return codes, how


@rule("stated_total", "sums", uses=("plan", "rkpd", "facts"))
def _stated_total(cx: Context) -> list[dict]:
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
                out.append(finding(
                    "error", table, None, Message("audit.item.total_year", year=int(t["year"])), t["source_line"],
                    Message("audit.stated_total.plan", table=table, stated=rp(t["value"]), year=int(t["year"]),
                            programmes=Message("audit.n.program", n=len(top)), total=rp(total), diff=rp(abs(diff)),
                            factor=factor_note(t["value"], total)),
                    expected=num(total, 0), found=t["raw"], difference=diff))
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
            if within:
                verdict = Message("audit.verdict.within", n=n + 1, diff=num(abs(diff) / unit, 0),
                                  bound=num(bound / unit, 1))
            else:
                verdict = Message("audit.verdict.apart", diff=num(abs(diff) / unit, 0),
                                  factor=factor_note(t["value"], total))
            msg = Message("audit.stated_total.rkpd", table=table, stated=t["raw"], unit=t["unit"],
                          stage=cx.stage_words(t["stage"]), programmes=Message("audit.n.program", n=n),
                          total=num(total / unit, 0), verdict=verdict)
            item = Message("audit.item.total_stage", stage_raw=t["stage"], stage=cx.stage_words(t["stage"]))
            out.append(finding("info" if within else "error", table, None, item, t["source_line"],
                               msg, expected=num(total / unit, 0), found=t["raw"], difference=diff))
    if cx.has("facts"):
        out += _narrative_totals(cx)
    return out


def _narrative_totals(cx: Context) -> list[dict]:
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
        out.append(finding(
            "error", NARRATIVE, None, year_item(Message("audit.quantity.total_budget"), year), row["source_line"],
            Message("audit.stated_total.narrative", stated=rp(row["value"]), year=year, plan=cx.label("plan"),
                    total=rp(total), factor=factor_note(row["value"], total)),
            other_table=cx.label("plan"), other_line=other, expected=num(total, 0), found=fact_found(row),
            difference=row["value"] - total))
    for quantity, level, words in (("programme_count", "program", "programmes"),
                                   ("activity_count", "kegiatan", "activities")):
        for row in cx.stated(quantity=quantity, period="year"):
            subject = row["subject"]
            under = subject_code(subject)
            if subject != "office" and under is None:
                continue
            got = _counted(cx, level, int(row["year"]), under)
            if got is None:
                continue
            codes, how = got
            if len(codes) == int(row["value"]):
                continue
            out.append(finding(
                "error", NARRATIVE, under,
                Message("audit.item.count", words=Message(f"audit.words.{words}"), year=int(row["year"])),
                row["source_line"],
                Message("audit.stated_total.count", stated=num(row["value"], 0), words=Message(f"audit.words.{words}"),
                        under=Message("audit.stated_total.under", code=code_words(under)) if under else "",
                        year=int(row["year"]),
                        how=how, counted=len(codes), codes=", ".join(sorted(codes)) or Message("audit.codes.none")),
                expected=str(len(codes)), found=num(row["value"], 0), difference=row["value"] - len(codes)))
    return out
