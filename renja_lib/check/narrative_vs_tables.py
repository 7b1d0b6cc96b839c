"""Rules of the group "narrative": the text's figures against the tables, and against themselves.

Registers, in this order: ``narrative_vs_table``, ``narrative_repeat``.
"""
from __future__ import annotations

from ..text.catalogue import Message
from .context import (
    NARRATIVE, Context, code_words, fact_decimals, fact_found, factor_note, finding, subject_code, subject_words,
    units_match,
)
from .figures import agreement, decimals_in, pct, rp
from .messages import period_item, year_item
from .registry import rule

__all__ = ["FACT_MEASURES", "compare_stated"]

#: Facts quantity -> Tabel 2.1 measure it states (whole-year figures of a code).
FACT_MEASURES: dict[str, str] = {
    "target_stated": "target",
    "realization_stated": "realization",
    "achievement_stated": "achievement_reported",
}


def _eval_candidates(cx: Context, code: str, measure: str, year: int, unit: str) -> list[dict]:
    return [r for r in cx.eval_rows.get((code, measure, year), []) if units_match(r["unit"], unit)]


def _eval_achievement(cx: Context, row: dict) -> tuple[float | None, Message | str]:
    """The achievement of a Tabel 2.1 row: recomputed from its target and realisation (and how, a message quoting
    the row's figures), else as reported."""
    same = [r for r in cx.eval_rows.get(("line", row["source_line"]), []) if r["year"] == row["year"]]
    by = {r["measure"]: r for r in same}
    target, real = by.get("target"), by.get("realization")
    if target is not None and real is not None and target["value"]:
        computed = real["value"] / target["value"] * 100
        return computed, Message("audit.how.achievement", realised=real["raw"], target=target["raw"],
                                 computed=pct(computed))
    if "achievement_reported" in by:
        return float(by["achievement_reported"]["value"]), str(by["achievement_reported"]["raw"])
    return None, ""


@rule("narrative_vs_table", "narrative", needs=("facts",), uses=("evaluation", "plan"))
def _narrative_vs_table(cx: Context) -> list[dict]:
    out: list[dict] = []
    for row in cx.stated(period="year"):
        code = subject_code(row["subject"])
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
            out.append(finding(
                "error", NARRATIVE, code, year_item(Message("audit.measure.budget"), year), row["source_line"],
                Message("audit.narrative_vs_table.budget", code=code_words(code), year=year, stated=rp(row["value"]),
                        table=cx.label("plan"), table_value=rp(stated), factor=factor_note(row["value"], stated)),
                other_table=cx.label("plan"), other_line=hit["source_line"].iloc[0],
                expected=hit["budget_raw"].iloc[0], found=fact_found(row), difference=row["value"] - stated))
            continue
        if q == "target_stated" and cx.has("plan") and year in cx.plan_years:
            pt = cx.doc.plan_targets
            hits = pt[(pt["code"] == code) & (pt["year"] == year) & pt["target"].notna()]
            cands = [r for r in hits.rename(columns={"target": "value"}).to_dict("records")
                     if units_match(r["unit"], row["unit"])]
            out += compare_stated(cx, row, cands, cx.label("plan"), "target")
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
            out.append(finding(
                "error", NARRATIVE, code, year_item(Message("audit.measure.achievement_reported"), year),
                row["source_line"],
                Message("audit.narrative_vs_table.achievement", stated=fact_found(row), code=code_words(code),
                        year=year, table=cx.label("evaluation"), table_value=best["raw"]),
                other_table=cx.label("evaluation"), other_line=best["source_line"], expected=best["raw"],
                found=fact_found(row), difference=row["value"] - best["value"]))
            continue
        out += compare_stated(cx, row, cands, cx.label("evaluation"), measure,
                              try_achievement=(measure == "realization"))
    return out


def compare_stated(cx: Context, row: dict, cands: list[dict], table: str, measure: str, *,
                   try_achievement: bool = False) -> list[dict]:
    """A stated figure against the table rows that state the same ``measure``: silent, info or error."""
    if not cands:
        return []
    code = subject_code(row["subject"])
    who = subject_words(row["subject"])
    words = Message(f"audit.measure.{measure}")
    dec = fact_decimals(row)
    verdicts = [agreement(row["value"], dec, c["value"], decimals_in(c["raw"])) for c in cands]
    if "equal" in verdicts:
        return []
    year = int(row["year"])
    item = year_item(words, year)
    common = dict(other_table=table, found=fact_found(row))
    if "rounded" in verdicts:
        c = cands[verdicts.index("rounded")]
        return [finding(
            "info", NARRATIVE, code, item, row["source_line"],
            Message("audit.compare.rounded", year=year, what=words, who=who, stated=fact_found(row), table=table,
                    table_value=c["raw"], decimals=Message("audit.n.decimal", n=min(dec, decimals_in(c["raw"])))),
            other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    if try_achievement:
        for c in cands:
            ach, how = _eval_achievement(cx, c)
            if ach is not None and abs(row["value"] - ach) <= cx.tolerance + 1e-9:
                return [finding(
                    "info", NARRATIVE, code, item, row["source_line"],
                    Message("audit.compare.achievement", stated=fact_found(row), who=who, year=year, table=table,
                            how=how, table_value=c["raw"]),
                    other_line=c["source_line"], expected=c["raw"], difference=row["value"] - c["value"], **common)]
    first = cands[0]
    return [finding(
        "error", NARRATIVE, code, item, row["source_line"],
        Message("audit.compare.differ", year=year, what=words, who=who, stated=fact_found(row), table=table,
                table_value=first["raw"]),
        other_line=first["source_line"], expected=first["raw"], difference=row["value"] - first["value"],
        **common)]


@rule("narrative_repeat", "narrative", needs=("facts",))
def _narrative_repeat(cx: Context) -> list[dict]:
    out: list[dict] = []
    groups: dict[tuple, list[dict]] = {}
    for row in sorted(cx.stated(), key=lambda r: r["source_line"]):
        groups.setdefault((row["quantity"], row["subject"], row["year"], row["period"]), []).append(row)
    for (q, subject, year, period), rows in groups.items():
        first = rows[0]
        for row in rows[1:]:
            verdict = agreement(row["value"], fact_decimals(row), first["value"], fact_decimals(first))
            if verdict == "equal":
                continue
            out.append(finding(
                "info" if verdict == "rounded" else "error", NARRATIVE, subject_code(subject),
                period_item(Message(f"audit.quantity.{q}"), year, period), row["source_line"],
                Message(f"audit.narrative_repeat.{verdict}", what=Message(f"audit.quantity.{q}"),
                        subject=subject_words(subject, True), year=year, stated=fact_found(row),
                        first=fact_found(first), first_line=first["source_line"]),
                other_table=NARRATIVE, other_line=first["source_line"], expected=fact_found(first),
                found=fact_found(row), difference=row["value"] - first["value"]))
    return out
