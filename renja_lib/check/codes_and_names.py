"""Rules of the group "codes": a code and its name, within a table and across tables.

Registers, in this order: ``code_names``, ``code_level``, ``name_codes``, ``code_coverage``,
``names_across``.
"""
from __future__ import annotations

import difflib
import re

import pandas as pd

from ..text.catalogue import Message
from .context import Context, code_words, finding, name_key, nearest
from .registry import rule

__all__ = ["LEVEL_NAMES", "SPELLING_SIMILARITY"]

#: A name that says which level its code must have (checked on every coded row).
LEVEL_NAMES: tuple[tuple[str, re.Pattern], ...] = (
    ("program", re.compile(r"^\s*program\b", re.I)),
    ("bidang", re.compile(r"^\s*urusan\s+pemerintahan\s+bidang\b", re.I)),
    ("urusan", re.compile(r"^\s*urusan\s+pemerintahan\s+(?!bidang\b)", re.I)),
)
#: Two names of one code this similar (difflib ratio of their letters) are one name spelled two ways.
SPELLING_SIMILARITY = 0.9


def _coded_rows(cx: Context) -> pd.DataFrame:
    c = cx.doc.codes.copy()
    c["key"] = c["name"].map(name_key)
    return c


def _reference_names(codes: pd.DataFrame) -> dict[str, str]:
    """Per code, the name key written most often in the document (ties: the first written)."""
    counts = codes.groupby(["code", "key"], sort=False).agg(n=("source_line", "size"), first=("source_line", "min"))
    counts = counts.reset_index().sort_values(["code", "n", "first"], ascending=[True, False, True])
    return dict(counts.drop_duplicates("code")[["code", "key"]].itertuples(index=False, name=None))


@rule("code_names", "codes")
def _code_names(cx: Context) -> list[dict]:
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
            other = nearest(with_ref.to_dict("records"), row["source_line"])
            similar = difflib.SequenceMatcher(None, row["key"], ref).ratio() >= SPELLING_SIMILARITY
            msg = Message("audit.code_names.spelling" if similar else "audit.code_names.different", table=table,
                          code=code, raw=row["code_raw"], name=row["name"], other=other["name"],
                          other_line=other["source_line"])
            out.append(finding("warning" if similar else "error", table, code, Message("audit.item.name"),
                               row["source_line"], msg,
                               other_table=table, other_line=other["source_line"], expected=other["name"],
                               found=row["name"]))
    return out


@rule("code_level", "codes")
def _code_level(cx: Context) -> list[dict]:
    out: list[dict] = []
    for _, row in cx.doc.codes.iterrows():
        name = row["name"] if isinstance(row["name"], str) else ""
        said = next((level for level, pattern in LEVEL_NAMES if pattern.search(name)), None)
        if said is not None and said != row["level"]:
            out.append(finding(
                "error", row["table"], row["code"], Message("audit.item.level"), row["source_line"],
                Message("audit.code_level.level", table=row["table"], code=row["code"], name=name,
                        said=Message(f"audit.level.{said}"), parts=len(row["code"].split(".")),
                        level=Message(f"audit.level.{row['level']}")),
                expected=said, found=row["level"]))
        elif said is None and row["level"] == "program":
            out.append(finding(
                "warning", row["table"], row["code"], Message("audit.item.level"), row["source_line"],
                Message("audit.code_level.programme", table=row["table"], code=row["code"], name=name),
                expected="program", found=name))
    return out


@rule("name_codes", "codes")
def _name_codes(cx: Context) -> list[dict]:
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
            out.append(finding(
                "warning", table, b, Message("audit.item.code"), row["source_line"],
                Message("audit.name_codes", table=table, name=row["name"], code=b, other=a,
                        other_line=base["source_line"]),
                other_table=table, other_line=base["source_line"], expected=a, found=b))
    return out


@rule("code_coverage", "codes", needs=("evaluation", "plan"))
def _code_coverage(cx: Context) -> list[dict]:
    out: list[dict] = []
    ev, plan = cx.label("evaluation"), cx.label("plan")
    codes = cx.doc.codes
    a, b = codes[codes["table"] == ev], codes[codes["table"] == plan]
    levels = set(a["level"]) & set(b["level"])
    a, b = a[a["level"].isin(levels)], b[b["level"].isin(levels)]
    for here, there, what in ((a, b, Message("audit.coverage.dropped")), (b, a, Message("audit.coverage.new"))):
        missing = here[~here["code"].isin(set(there["code"]))].drop_duplicates("code")
        for _, row in missing.iterrows():
            table, other = row["table"], (plan if row["table"] == ev else ev)
            siblings = sorted(set(there[there["parent"] == row["parent"]]["code"]) - set(here["code"]))
            hint = Message("audit.coverage.siblings", other=other, siblings=", ".join(siblings)) if siblings else ""
            out.append(finding(
                "info", table, row["code"], Message("audit.item.code"), row["source_line"],
                Message("audit.code_coverage", code=row["code"], name=row["name"], table=table, other=other, what=what,
                        hint=hint),
                found=row["code"]))
    return out


def _stage_name(cx: Context, stage: str) -> Message:
    """The ``item`` of a finding about a name in one stage of Tabel 2.3: ``draft name``."""
    return Message("audit.item.stage", what=Message("audit.item.name"), stage_raw=stage, stage=cx.stage_words(stage))


@rule("names_across", "codes", uses=("evaluation", "plan", "rkpd"))
def _names_across(cx: Context) -> list[dict]:
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
            out.append(finding(
                "info", plan, code, Message("audit.item.name"), row["source_line"],
                Message("audit.names_across.tables", plan=plan, code=code_words(code), name=row["name"], table=ev,
                        other=other["name"], other_line=other["source_line"]),
                other_table=ev, other_line=other["source_line"], expected=other["name"], found=row["name"]))
    if cx.has("rkpd") and cx.has("plan"):
        table, plan = cx.label("rkpd"), cx.label("plan")
        r = cx.rkpd
        pb = cx.doc.plan_budget.drop_duplicates("code").set_index("code")
        for _, row in r[(r["code_from"] == "same line") & r["name"].notna()].iterrows():
            at = pb.loc[row["code"]] if row["code"] in pb.index else None
            out.append(finding(
                "info", table, row["code"], _stage_name(cx, row["stage"]), row["source_line"],
                Message("audit.names_across.half" if at is not None else "audit.names_across.half_unnamed", table=table,
                        stage=cx.stage_words(row["stage"]), name=row["name"], plan=plan, code=code_words(row["code"]),
                        other=at["name"] if at is not None else ""),
                other_table=plan if at is not None else None,
                other_line=at["source_line"] if at is not None else None,
                expected=at["name"] if at is not None else None, found=row["name"]))
        for _, row in r[r["code"].isna() & r["name"].notna()].iterrows():
            out.append(finding(
                "info", table, None, _stage_name(cx, row["stage"]), row["source_line"],
                Message("audit.names_across.no_code", table=table, stage=cx.stage_words(row["stage"]), name=row["name"],
                        plan=plan), found=row["name"]))
    return out
