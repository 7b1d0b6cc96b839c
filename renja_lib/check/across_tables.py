"""Rules of the group "across tables": Tabel 2.3 against Tabel 4.1, Tabel 2.2 against the text.

Registers, in this order: ``needs_vs_plan``, ``service_vs_narrative``.
"""
from __future__ import annotations

import pandas as pd

from ..analyse.labour import indicator_key
from ..text.catalogue import Message
from .context import Context, code_words, factor_note, finding, name_key, subject_code, units_match
from .figures import agreement, decimals_in, half_unit, pct, rp
from .narrative_vs_tables import compare_stated
from .ratios import RATE_COUNTS
from .registry import rule

__all__ = ["SERVICE_MEASURES"]

#: Facts quantity -> Tabel 2.2 measure it states (whole-year figures of an indicator).
SERVICE_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "tpak": "realization",
    "tkk": "realization",
    "tpt": "realization",
}


def _needs_item(measure: str, cx: Context, year: int) -> Message:
    """The ``item`` of a finding about the needs stage of Tabel 2.3 in a plan year: ``needs budget 2023``."""
    return Message("audit.item.stage_year", what=Message(f"audit.measure.{measure}"), stage_raw="needs",
                   stage=cx.stage_words("needs"), year=year)


@rule("needs_vs_plan", "across tables", needs=("rkpd", "plan"))
def _needs_vs_plan(cx: Context) -> list[dict]:
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
        said = dict(table=table, code=code_words(row["code"]), stated=row["budget_stated"], unit=row["budget_unit"],
                    amount=rp(row["budget"]), plan=plan, year=year)
        out.append(finding(
            "error", table, row["code"], _needs_item("budget", cx, year), row["source_line"],
            Message("audit.needs_vs_plan.budget", planned=rp(p["budget"]),
                    factor=factor_note(row["budget"], p["budget"]), **said)
            if pd.notna(p["budget"]) else Message("audit.needs_vs_plan.no_budget", **said),
            other_table=plan, other_line=p["source_line"], expected=p["budget_raw"] or "-",
            found=row["budget_stated"],
            difference=float(row["budget"] - p["budget"]) if pd.notna(p["budget"]) else None))
    pt = cx.doc.plan_targets
    pt = pt[(pt["year"] == year) & pt["target"].notna()].assign(key=lambda f: f["indicator"].map(name_key))
    r = cx.doc.rkpd_review
    code_by_line = needs.set_index("source_line")["code"].to_dict()
    r = r[(r["stage"] == "needs") & r["target"].notna()]
    for _, row in r.iterrows():
        code = row["code"] if isinstance(row["code"], str) else code_by_line.get(row["source_line"])
        match = pt[(pt["code"] == code) & (pt["key"] == name_key(row["indicator"]))]
        if match.empty:
            continue
        p = match.iloc[0]
        if agreement(row["target"], decimals_in(row["target_raw"]), p["target"], decimals_in(p["raw"])) == "equal":
            continue
        out.append(finding(
            "error", table, code, _needs_item("target", cx, year), row["source_line"],
            Message("audit.needs_vs_plan.target", table=table, code=code_words(code), indicator=row["indicator"],
                    stated=row["target_raw"], plan=plan, planned=p["raw"], year=year),
            other_table=plan, other_line=p["source_line"], expected=p["raw"], found=row["target_raw"],
            difference=row["target"] - p["target"]))
    return out


def _service_rows(cx: Context) -> pd.DataFrame:
    s = cx.doc.service_indicators
    return s.assign(key=s["indicator"].map(lambda n: indicator_key(n) if isinstance(n, str) else None),
                    nkey=s["indicator"].map(name_key))


@rule("service_vs_narrative", "across tables", needs=("service",), uses=("facts",))
def _service_vs_narrative(cx: Context) -> list[dict]:
    out: list[dict] = []
    table = cx.label("service")
    s = _service_rows(cx)
    if cx.has("facts"):
        for row in cx.stated(period="year"):
            if row["quantity"] not in SERVICE_MEASURES or subject_code(row["subject"]) \
                    or row["subject"] in ("office", "city"):
                continue
            key = indicator_key(row["subject"])
            rows = s[(s["key"] == key) if key else (s["nkey"] == name_key(row["subject"]))]
            if row["quantity"] in RATE_COUNTS and key != row["quantity"].upper():
                continue
            cands = rows[(rows["measure"] == SERVICE_MEASURES[row["quantity"]]) & (rows["year"] == row["year"])
                         & rows["value"].notna()]
            cands = [c for c in cands.to_dict("records") if units_match(c["unit"], row["unit"])]
            out += compare_stated(cx, row, cands, table, SERVICE_MEASURES[row["quantity"]])
    tkk, tpt = s[s["key"] == "TKK"], s[s["key"] == "TPT"]
    for _, a in tkk[tkk["value"].notna()].iterrows():
        b = tpt[(tpt["measure"] == a["measure"]) & (tpt["year"] == a["year"]) & tpt["value"].notna()]
        if b.empty:
            continue
        b = b.iloc[0]
        bound = half_unit(decimals_in(a["raw"])) + half_unit(decimals_in(b["raw"]))
        total = a["value"] + b["value"]
        if abs(total - 100) <= bound + 1e-9:
            continue
        out.append(finding(
            "error", table, None,
            Message("audit.item.tkk_tpt_measure", what=Message(f"audit.measure.{a['measure']}"), year=a["year"]),
            a["source_line"],
            Message("audit.service_vs_narrative.tkk_tpt", table=table, tkk=a["raw"], tpt=b["raw"],
                    what=Message(f"audit.measure.{a['measure']}"), year=a["year"], total=pct(total)),
            other_table=table, other_line=b["source_line"], expected=pct(100 - b["value"]), found=a["raw"],
            difference=total - 100))
    return out
