"""The plan-changes page's headline findings (issue 15).

From the plan year to the forward year (:func:`changes_summary`, a
:func:`renja_lib.analyse.budget.plan_changes` frame): the programmes' total
change, the largest rise and the largest fall (among the programmes; among the
kegiatan when the plan has one programme, whose change is the total), and the
programmes new in the forward year or dropped from it; then, under
``sentences.details``, how many rows rose, fell, stayed or are new, and the
largest changes of the sub-activities. From the first RKPD draft to the needs
analysis (:func:`draft_summary`, a :func:`renja_lib.analyse.budget.draft_to_needs`
frame): the total change and each programme that moved.

Each finding carries the lines of the plan table it reads (``Tabel 4.1 line 965``),
so that the page ends it with its source and findings.json can point at it.
:mod:`renja_lib.present.sentences` re-exports both summaries.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from ..read.locator import Locator
from ..text import check_lang
from ..text.catalogue import tr
from .chart_parts import plus_percent, plus_rupiah, table_of
from .findings import MAX_FINDINGS, Finding, Headlines, Sourced, headline_first, in_every_language
from .headlines import esc, source_locators
from .names import short_name

__all__ = ["changes_summary", "draft_summary", "PLAN_TABLE", "NEEDS_TABLE"]

#: The table a plan's budgets per year stand in, and the table of the first draft and the needs analysis, as a
#: Renja labels them (the words of a source: :meth:`renja_lib.read.locator.Locator.table_words`).
PLAN_TABLE = "Tabel 4.1"
NEEDS_TABLE = "Tabel 2.3"


def _lines(rows: pd.DataFrame) -> list[int]:
    """The rows' lines in the plan table, each once, in order."""
    if "source_line" not in rows.columns:
        return []
    return sorted({int(v) for v in rows["source_line"] if not pd.isna(v)})


def _locators(name: str, rows: pd.DataFrame, usual: str = PLAN_TABLE) -> list[dict[str, Any]]:
    """Where the rows stand: one locator, the table (as the document labels it, else ``usual``) and its lines
    (``Tabel 4.1 line 965; Tabel 4.1 line 990``)."""
    lines, table = _lines(rows), table_of(rows, usual)
    return source_locators(name, "; ".join(f"{table} line {n}" for n in lines) if lines else table)


def _table_places(rows: pd.DataFrame, usual: str = PLAN_TABLE) -> dict[str, str]:
    """The rows' table in words in every language (as the document labels it, else ``usual``)."""
    return in_every_language(lambda lang: Locator(table=table_of(rows, usual)).table_words(lang))


def _name(r: Any, lang: str) -> str:
    """A row's level and short name: ``program Pelatihan Kerja ...`` / ``the programme Pelatihan Kerja ...``."""
    return tr("sentences.changes.named", lang, level=tr(f"charts.level.{r.level}", lang), name=esc(short_name(r.name)))


def _moving_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows whose rise and fall are headlines: the programmes with a budget in both years; the kegiatan when
    there is one such programme (its change is the total)."""
    both = frame[frame["status"].isin(["increased", "decreased", "unchanged"])]
    programmes = both[both["level"] == "program"]
    return programmes if len(programmes) > 1 else both[both["level"] == "kegiatan"]


def changes_summary(frame: pd.DataFrame, lang: str = "id", top: int = 3) -> str:
    """The headline findings of the change from the plan year to the forward year (``plan_changes.total``,
    ``.rise``, ``.fall``, ``.new``, ``.dropped``), then the details: the rows by status and the ``top`` largest
    changes of the sub-activities."""
    lang = check_lang(lang)
    progs = frame[frame["level"] == "program"]
    if progs.empty:
        return tr("sentences.no_data", lang, name="plan_changes")
    plan, forward = int(progs["plan_year"].iloc[0]), int(progs["forward_year"].iloc[0])
    found = [_total_finding(progs, plan, forward)]
    moving = _moving_rows(frame)
    for kind, rows in (("rise", moving[moving["change"] > 0].sort_values("change", ascending=False, kind="stable")),
                       ("fall", moving[moving["change"] < 0].sort_values("change", kind="stable"))):
        if len(rows):
            found.append(_largest_finding(kind, next(rows.itertuples()), plan, forward))
    for status in ("new", "dropped"):
        rows = progs[progs["status"] == status]
        if len(rows):
            found.append(_listed_finding(status, rows, plan, forward))
    details = [_statuses_line(frame), *_largest_rows_line(frame, top)]
    lines = [f.sentence[lang] for f in found] + [d.sentence[lang] for d in details]
    return Headlines(headline_first(lines, found, lang), found[:MAX_FINDINGS], details)


def _total_finding(progs: pd.DataFrame, plan: int, forward: int) -> Finding:
    total_plan, total_forward = progs["budget_plan"].sum(), progs["budget_forward"].sum()
    change = total_forward - total_plan
    pct = change / total_plan * 100 if total_plan else float("nan")

    def text(lang: str) -> str:
        key = ("sentences.changes.from_zero" if not total_plan else "sentences.changes.same" if change == 0
               else "sentences.changes.up" if change > 0 else "sentences.changes.down")
        return tr(key, lang, forward=forward,
                  plan=plan, amount=abs(change), pct=abs(pct), total_plan=total_plan, total_forward=total_forward)

    return Finding(
        code="plan_changes.total", sentence=in_every_language(text),
        numbers={"plan_year": plan, "forward_year": forward, "budget_plan": total_plan,
                 "budget_forward": total_forward, "change": change, "change_pct": pct},
        locators=_locators("change", progs), places=_table_places(progs),
        label=in_every_language(lambda lang: tr("findings.label.plan_changes", lang, forward=forward, plan=plan)),
        figure=in_every_language(lambda lang: plus_percent(pct, lang)),
        chart="plan_changes")


def _largest_finding(kind: str, r: Any, plan: int, forward: int) -> Finding:
    """The largest rise or fall (``kind``) of a row with a budget in both years."""
    def text(lang: str) -> str:
        return tr(f"sentences.changes.{kind}", lang, name=_name(r, lang), change=plus_rupiah(r.change, lang),
                  pct=plus_percent(r.change_pct, lang), before=r.budget_plan, after=r.budget_forward, plan=plan,
                  forward=forward)

    return Finding(
        code=f"plan_changes.{kind}", sentence=in_every_language(text),
        numbers={"plan_year": plan, "forward_year": forward, "budget_plan": r.budget_plan,
                 "budget_forward": r.budget_forward, "change": r.change, "change_pct": r.change_pct},
        codes={"code": r.code, "level": r.level},
        locators=_locators("change", row := pd.DataFrame([{"source_line": r.source_line,
                                                           "source_table": getattr(r, "source_table", None)}])),
        places=_table_places(row),
        label=in_every_language(lambda lang: tr(f"findings.label.changes.{kind}", lang, name=esc(short_name(r.name)))),
        figure=in_every_language(lambda lang: plus_rupiah(r.change, lang)),
        chart="plan_changes")


def _listed_finding(status: str, rows: pd.DataFrame, plan: int, forward: int) -> Finding:
    """The programmes new in the forward year, or dropped from it (``status``), and their budget."""
    column = "budget_forward" if status == "new" else "budget_plan"
    amount = rows[column].sum()

    def text(lang: str) -> str:
        names = [esc(short_name(name)) for name in rows["name"]]
        return tr(f"sentences.changes.{status}", lang, n=len(rows), names=names, amount=amount, plan=plan,
                  forward=forward)

    return Finding(
        code=f"plan_changes.{status}", sentence=in_every_language(text),
        numbers={"plan_year": plan, "forward_year": forward, "programmes": len(rows), column: amount},
        codes={f"programme_{i + 1}": code for i, code in enumerate(rows["code"])},
        locators=_locators(column, rows), places=_table_places(rows),
        label=in_every_language(lambda lang: tr(f"findings.label.changes.{status}", lang, forward=forward)),
        figure=in_every_language(lambda lang: tr("findings.figure.programmes", lang, n=len(rows))),
        chart="plan_changes")


def _statuses_line(frame: pd.DataFrame) -> Sourced:
    """How many rows of the plan table rose, fell, stayed, are new or dropped (the statuses the frame has)."""
    counts = frame["status"].astype(str).value_counts()
    order = [s for s in ("increased", "decreased", "unchanged", "new", "dropped", "no_budget") if s in counts]

    def text(lang: str) -> str:
        parts = [tr("sentences.changes.status", lang, n=int(counts[s]), status=tr(f"analysis.change.{s}", lang))
                 for s in order]
        table = Locator(table=table_of(frame, PLAN_TABLE)).table_words(lang)
        return tr("sentences.changes.statuses", lang, n=len(frame), table=table, counts=parts)

    return Sourced(sentence=in_every_language(text), locators=_locators("rows", frame), places=_table_places(frame))


def _largest_rows_line(frame: pd.DataFrame, top: int) -> list[Sourced]:
    """The ``top`` largest changes of the sub-activities with a budget in both years; none when there are none."""
    rows = frame[(frame["level"] == "sub_kegiatan") & frame["status"].isin(["increased", "decreased"])]
    rows = rows.loc[rows["change"].abs().sort_values(ascending=False, kind="stable").index].head(top)
    if rows.empty:
        return []

    def text(lang: str) -> str:
        parts = [f"{esc(short_name(r.name))} {plus_rupiah(r.change, lang)}" for r in rows.itertuples()]
        return tr("sentences.changes.largest_rows", lang, level=tr("charts.levels.sub_kegiatan", lang), largest=parts)

    return [Sourced(sentence=in_every_language(text), locators=_locators("change", rows), places=_table_places(rows))]


def draft_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """How the budget changes from the RKPD first draft to the needs analysis, programme by programme (with its
    finding, ``plan_changes.draft``)."""
    lang = check_lang(lang)
    progs = frame[(frame["level"] == "program") & ~frame["continuation"]]
    if progs.empty or not progs["budget_draft"].sum():
        return tr("sentences.no_data", lang, name="draft_to_needs")
    draft = progs["budget_draft"].sum()
    change = progs["budget_needs"].sum() - draft
    moved = progs[progs["change"].fillna(0) != 0]

    def text(lang: str) -> str:
        detail = [f"{esc(short_name(r.name))} {plus_rupiah(r.change, lang)}" for r in moved.itertuples()]
        return tr("sentences.draft", lang, amount=change, pct=change / draft * 100, detail=detail or ["–"])

    finding = Finding(
        code="plan_changes.draft", sentence=in_every_language(text),
        numbers={"budget_draft": draft, "budget_needs": draft + change, "change": change,
                 "change_pct": change / draft * 100, "programmes_changed": len(moved)},
        locators=_locators("change", moved if len(moved) else progs, NEEDS_TABLE),
        places=_table_places(progs, NEEDS_TABLE),
        label=in_every_language(lambda lang: tr("findings.label.draft", lang)),
        figure=in_every_language(lambda lang: plus_rupiah(change, lang)),
        chart="draft_to_needs")
    return Headlines(text(lang), [finding])

