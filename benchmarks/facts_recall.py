"""Measure the automatic narrative reader against hand-curated facts, per family of quantities (issue 13).

For a document and its curated facts file (``<document>.facts.csv``), the automatic facts of
:func:`renja_lib.read.narrative_reader.read_narrative` are compared with the curated ones:

* a curated fact is **found** when an automatic fact has the same quantity, subject, year,
  period and value (both empty counts as the same) and their quotes match: their lines
  overlap and one quote holds the other (:func:`renja_lib.read.fact_review.quotes_match`, the
  rule by which a facts file reviews the automatic reading);
* an automatic fact is **wrong** when its quote matches one or more curated facts and none
  of them has its quantity, subject, year, period and value;
* an automatic fact is an **extra** when its quote matches no curated fact (listed for review).

Families come from ``renja_lib/data/quantity_families.csv``.

    python benchmarks/facts_recall.py                     # the bundled document
    python benchmarks/facts_recall.py tests/data/narratives/lumajang_disnaker_2024.txt --list

The document is a text file; ``--subjects FILE`` (``code,name,level``) names its subjects when
it is not a whole Renja that ``renja_lib.load()`` reads (then ``--plan-year`` is needed too).
A narrative-only test text has both beside it (``<stem>.subjects.csv``; plan year in
``tests/data/narratives/cases.csv``) and its hand-written truth (``<stem>.expected.csv``: the
facts columns and ``source_end_line``), and they are found there.
Prints Markdown; the tables recorded in benchmarks/README.md come from it.
"""
from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

import pandas as pd

from renja_lib.config import DEFAULT_SOURCE
from renja_lib.read.fact_review import quotes_match
from renja_lib.read.narrative_facts import load_facts
from renja_lib.read.narrative_reader import FAMILIES, quantity_families, read_narrative, subjects_from
from renja_lib.read.source import read_source

KEY = ("quantity", "subject", "year", "period")


def _same_value(a: float, b: float) -> bool:
    if (a is None or math.isnan(a)) or (b is None or math.isnan(b)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def measure(auto: pd.DataFrame, curated: pd.DataFrame) -> dict:
    """Per family: curated, found, recall, auto, wrong, extras; and the rows behind each count."""
    families = quantity_families()
    autos = auto.to_dict("records")
    curs = curated.to_dict("records")
    by_line: dict[int, list[int]] = {}
    for i, c in enumerate(curs):
        end = c.get("source_end_line")
        last = int(c["source_line"]) if end is None or pd.isna(end) else int(end)
        for n in range(int(c["source_line"]), last + 1):
            by_line.setdefault(n, []).append(i)
    found = [False] * len(curs)
    wrong, extras = [], []
    for a in autos:
        end = a.get("source_end_line")
        last = int(a["source_line"]) if end is None or pd.isna(end) else int(end)
        near = sorted({i for n in range(int(a["source_line"]), last + 1) for i in by_line.get(n, [])})
        matches = [i for i in near if quotes_match(a, curs[i])]
        agree = [i for i in matches if all(a[k] == curs[i][k] for k in KEY) and _same_value(a["value"], curs[i]["value"])]
        for i in agree:
            found[i] = True
        if not matches:
            extras.append(a)
        elif not agree:
            wrong.append((a, [curs[i] for i in matches]))
    rows = []
    for family in FAMILIES:
        n_cur = sum(families[c["quantity"]] == family for c in curs)
        n_found = sum(f and families[c["quantity"]] == family for c, f in zip(curs, found))
        rows.append({"family": family, "curated": n_cur, "found": n_found,
                     "recall": n_found / n_cur if n_cur else float("nan"),
                     "auto": sum(families[a["quantity"]] == family for a in autos),
                     "wrong": sum(families[a["quantity"]] == family for a, _ in wrong),
                     "extras": sum(families[a["quantity"]] == family for a in extras)})
    total = {k: sum(r[k] for r in rows) for k in ("curated", "found", "auto", "wrong", "extras")}
    total.update(family="all", recall=total["found"] / total["curated"] if total["curated"] else float("nan"))
    rows.append(total)
    return {"table": pd.DataFrame(rows), "missed": [c for c, f in zip(curs, found) if not f], "wrong": wrong,
            "extras": extras}


def markdown(table: pd.DataFrame) -> str:
    lines = ["| family | curated | found | recall | auto | wrong | extras |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for r in table.to_dict("records"):
        recall = "–" if math.isnan(r["recall"]) else f"{100 * r['recall']:.0f} %"
        lines.append(f"| {r['family']} | {r['curated']} | {r['found']} | {recall} | {r['auto']} | {r['wrong']} "
                     f"| {r['extras']} |")
    return "\n".join(lines)


def case_plan_year(document: Path) -> int | None:
    """The plan year of a narrative-only test text, from ``cases.csv`` beside it."""
    cases = document.with_name("cases.csv")
    if not cases.exists():
        return None
    with cases.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["name"] == document.stem:
                return int(row["plan_year"])
    return None


def truth(document: Path, facts: Path | None = None) -> pd.DataFrame:
    """The facts to measure against: ``--facts``, else ``<stem>.expected.csv`` (a test text's), else the curated file."""
    path = facts or document.with_name(document.stem + ".expected.csv")
    if path.exists() and "source_end_line" in path.read_text(encoding="utf-8").splitlines()[0]:
        frame = pd.read_csv(path, dtype={"quote": str, "note": str, "subject": str})
        return frame.assign(note=frame["note"].fillna(""))
    return load_facts(document, facts)


def read(document: Path, subjects: Path | None = None, plan_year: int | None = None):
    """The automatic reading of a document, with the subjects and plan year it needs."""
    subjects = subjects or (document.with_name(document.stem + ".subjects.csv")
                            if document.with_name(document.stem + ".subjects.csv").exists() else None)
    if subjects is None:
        from renja_lib import load

        doc = load(document)
        plan_year = plan_year or doc.years.get("plan")
        return read_narrative(doc.source.lines, subjects_from(doc), plan_year=plan_year, locate=doc.locator)
    plan_year = plan_year or case_plan_year(document)
    return read_narrative(read_source(document).lines, pd.read_csv(subjects, dtype=str), plan_year=plan_year)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("document", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--facts", type=Path, help="the curated facts (default: <document>.facts.csv)")
    parser.add_argument("--subjects", type=Path)
    parser.add_argument("--plan-year", type=int)
    parser.add_argument("--list", action="store_true", help="list the missed, wrong and extra facts")
    args = parser.parse_args(argv)
    reading = read(args.document, args.subjects, args.plan_year)
    result = measure(reading.facts, truth(args.document, args.facts))
    print(f"## {args.document.name}\n\n{markdown(result['table'])}\n\n{len(reading.unresolved)} figures unresolved.")
    if args.list:
        show = lambda r: f"{r['quantity']} {r['subject']} {r['year']} {r['period']} {r['value']} line {r['source_line']}: {r['quote']!r}"  # noqa: E731
        print("\n### missed\n" + "\n".join("- " + show(c) for c in result["missed"]))
        print("\n### wrong\n" + "\n".join(f"- {show(a)} vs {'; '.join(show(c) for c in cs)}" for a, cs in result["wrong"]))
        print("\n### extras\n" + "\n".join("- " + show(a) for a in result["extras"]))
        print("\n### unresolved\n" + "\n".join(f"- line {r.source_line}: {r.quote!r}: {r.reason}"
                                               for r in reading.unresolved.itertuples()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
