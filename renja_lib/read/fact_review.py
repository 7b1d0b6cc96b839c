"""Curated facts as a review of the automatic reading: confirm, correct or remove what the reader read.

The narrative reader (:mod:`renja_lib.read.narrative_reader`) reads a document's figures on its own. An analyst
checks them in a facts file beside the document (``<document stem>.facts.csv``, read and checked against the text
by :func:`renja_lib.read.narrative_facts.load_facts`). ``renja facts`` writes the file to start from: every
automatic fact as a row with ``origin = auto`` and ``status = draft`` (and, when a reviewed file exists, that
review carried over). The analyst sets ``status`` and saves the file beside the document:

==============  ========================================================================================
status          what the row does to the automatic reading
==============  ========================================================================================
``draft``       nothing: not reviewed yet; the automatic fact stands as the reader reads it
``confirmed``   the row stands (with its quote and note); an automatic fact it matches is confirmed
``corrected``   the row replaces the automatic fact it matches (another value, unit, quantity, subject,
                year or period; a better quote or note)
``removed``     the automatic fact it matches is left out of ``doc.facts`` (kept here with its status)
==============  ========================================================================================

A row a person adds has ``origin = curated`` and is ``confirmed``. A file without the ``origin`` and ``status``
columns (written before the review existed) is all curated and confirmed.

Matching
--------
A row matches an automatic fact when their quotes match (they overlap in lines, and one quote holds the other:
the same figure may be quoted longer or shorter) and either

1. they have the same quantity, subject, year and period (the **key**); or, failing that,
2. they state the same value: the row gives the same figure another key (a correction of the key).

Each automatic fact is matched at most once, by the first row in the file that matches it. The same figure can
be stated twice in a document: two facts with the same key and value but different quotes are two facts.

Disagreements
-------------
What the file and the reader disagree on is listed in :attr:`FactReview.disagreements`, one row per case
(``kind``): ``missed`` (a fact of the file the reader does not read), ``value`` (both state the figure, with
different values), ``key`` (the same figure under another quantity, subject, year or period), ``removed`` (an
automatic fact the analyst removed), ``stale`` (a draft or removed row that matches nothing the reader reads
now: it is not used). A draft row that states another value than the reader now reads is listed as ``value``
and the reader's value stands.

>>> auto = pd.DataFrame([{"quantity": "budget", "subject": "2.07.01", "year": 2021, "period": "year",
...                       "value": 100.0, "unit": "rupiah", "quote": "pagu Rp 100", "source_line": 3,
...                       "source_end_line": None, "note": "", "origin": "auto"}])
>>> reviewed = review_facts(auto, auto.assign(value=[None], status=["removed"]))
>>> reviewed.facts["status"].tolist(), len(reviewed.in_force)
(['removed'], 0)
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from ..text import Message, message_language
from .locator import END_LINE_COLUMN
from .narrative_facts import FACT_COLUMNS, NOTE_COLUMN

__all__ = ["FactReview", "review_facts", "DRAFT_COLUMNS", "REVIEW_COLUMNS", "DISAGREEMENT_COLUMNS", "KINDS",
           "KEY", "draft_frame", "quotes_match"]

#: The columns of a facts file as ``renja facts`` writes it (``note`` last: free text).
DRAFT_COLUMNS: tuple[str, ...] = (*FACT_COLUMNS, END_LINE_COLUMN, "origin", "status", NOTE_COLUMN)
#: The columns of the reviewed facts (``doc.facts``): those of the automatic reading, and ``status``.
REVIEW_COLUMNS: tuple[str, ...] = (
    "quantity", "subject", "year", "period", "value", "unit", "quote", "source_line", NOTE_COLUMN,
    "source_kind", "source_page", "source_table", "source_row", "source_column", END_LINE_COLUMN, "origin", "status")
DISAGREEMENT_COLUMNS: tuple[str, ...] = (
    "kind", "quantity", "subject", "year", "period", "quote", "source_line", END_LINE_COLUMN, "auto", "curated",
    "file_row", "message")
KINDS: tuple[str, ...] = ("missed", "value", "key", "removed", "stale")
#: What a fact is about.
KEY: tuple[str, ...] = ("quantity", "subject", "year", "period")

_DTYPES = {"year": "int64", "value": "float64", "source_line": "int64", "source_kind": "string",
           "source_page": "Int64", "source_table": "string", "source_row": "Int64", "source_column": "string",
           END_LINE_COLUMN: "Int64"}


@dataclass(frozen=True)
class FactReview:
    """The automatic facts merged with the analyst's file.

    ``facts``: every fact, automatic and curated, with ``origin`` and ``status`` (removed ones too), in the
    order of the document; ``disagreements``: what the two disagree on (:data:`DISAGREEMENT_COLUMNS`);
    ``file_rows``: the number of rows of the file (0 when there is none).
    """

    facts: pd.DataFrame
    disagreements: pd.DataFrame
    file_rows: int = 0

    @property
    def in_force(self) -> pd.DataFrame:
        """The facts the analyses use: all but the removed ones."""
        return self.facts[self.facts["status"] != "removed"].reset_index(drop=True)

    def counts(self) -> dict[str, int]:
        """How many facts have each status, and how many disagreements of each kind."""
        status = self.facts["status"].value_counts()
        kinds = self.disagreements["kind"].value_counts()
        return {**{s: int(status.get(s, 0)) for s in ("draft", "confirmed", "corrected", "removed")},
                **{f"kind_{k}": int(kinds.get(k, 0)) for k in KINDS}}


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _same_value(a, b) -> bool:
    if _missing(a) or _missing(b):
        return _missing(a) and _missing(b)
    return abs(float(a) - float(b)) <= 1e-9 * max(1.0, abs(float(a)), abs(float(b)))


def _span(row: dict) -> tuple[int, int]:
    start, end = int(row["source_line"]), row.get(END_LINE_COLUMN)
    return start, start if _missing(end) else int(end)


def quotes_match(a: dict, b: dict) -> bool:
    """Whether two facts quote the same figure: their lines overlap and one quote (spaces collapsed) holds the other.

    >>> quotes_match({"quote": "Rp 5.000", "source_line": 8}, {"quote": "pagu Rp 5.000", "source_line": 7,
    ...                                                        "source_end_line": 8})
    True
    """
    (a1, a2), (b1, b2) = _span(a), _span(b)
    if a2 < b1 or b2 < a1:
        return False
    qa, qb = " ".join(str(a["quote"]).split()), " ".join(str(b["quote"]).split())
    return bool(qa and qb) and (qa in qb or qb in qa)


def _key(row: dict) -> tuple:
    return tuple(row[k] for k in KEY)


def _said(row: dict) -> str:
    """``budget 2.07.01 2021 year = 100`` (identifiers of the file's schema, the same in every language)."""
    value = "" if _missing(row["value"]) else f"{float(row['value']):g}" if float(row["value"]) != int(
        float(row["value"])) else str(int(float(row["value"])))
    return f"{row['quantity']} {row['subject']} {row['year']} {row['period']} = {value or '–'}"


def _disagreement(kind: str, row: dict, *, auto: dict | None, curated: dict | None, file_row) -> dict:
    return {"kind": kind, **{k: row[k] for k in KEY}, "quote": row["quote"], "source_line": int(row["source_line"]),
            END_LINE_COLUMN: None if _missing(row.get(END_LINE_COLUMN)) else int(row[END_LINE_COLUMN]),
            "auto": _said(auto) if auto else "", "curated": _said(curated) if curated else "",
            "file_row": file_row, "message": Message(f"narrative.review.{kind}", auto=_said(auto) if auto else "",
                                                      curated=_said(curated) if curated else "",
                                                      line=int(row["source_line"]), quote=row["quote"])}


def review_facts(auto: pd.DataFrame, curated: pd.DataFrame | None, *,
                 file_rows: list[int] | None = None) -> FactReview:
    """Merge the automatic facts with the analyst's file (see the module docstring).

    ``auto``: :func:`~renja_lib.read.narrative_reader.read_narrative`'s facts; ``curated``: the file as
    :func:`~renja_lib.read.narrative_facts.load_facts` reads it (columns ``origin`` and ``status`` optional),
    or None; ``file_rows``: the file's row (CSV line) of each curated row, for the disagreements.
    """
    autos = auto.to_dict("records")
    rows = [] if curated is None else curated.to_dict("records")
    lines = file_rows if file_rows is not None else [None] * len(rows)
    by_line: dict[int, list[int]] = {}
    for i, a in enumerate(autos):
        first, last = _span(a)
        for n in range(first, last + 1):
            by_line.setdefault(n, []).append(i)
    taken: dict[int, dict] = {}  # auto index -> the fact that stands for it
    place: dict[int, int] = {}  # auto index -> the position in the file of the row that matched it
    added: list[tuple[int, dict]] = []  # (position, fact) of rows that stand on their own
    disagreements: list[dict] = []
    for pos, (row, file_row) in enumerate(zip(rows, lines)):
        row = {**row, "origin": row.get("origin") or "curated", "status": row.get("status") or "confirmed"}
        first, last = _span(row)
        near = sorted({i for n in range(first, last + 1) for i in by_line.get(n, ())})
        quoted = [i for i in near if i not in taken and quotes_match(autos[i], row)]
        same_key = [i for i in quoted if _key(autos[i]) == _key(row)]
        same_value = [i for i in quoted if _same_value(autos[i]["value"], row["value"])]
        match = (same_key or same_value or [None])[0]
        status = row["status"]
        if match is None:
            if status in ("draft", "removed"):
                disagreements.append(_disagreement("stale", row, auto=None, curated=row, file_row=file_row))
            else:
                disagreements.append(_disagreement("missed", row, auto=None, curated=row, file_row=file_row))
                added.append((pos, {**row, "origin": row["origin"]}))
            continue
        found, place[match] = autos[match], pos
        if status == "draft":
            taken[match] = {**found, "status": "draft"}
            if not _same_value(found["value"], row["value"]) or _key(found) != _key(row):
                disagreements.append(_disagreement("value" if _key(found) == _key(row) else "key", found, auto=found,
                                                   curated=row, file_row=file_row))
            continue
        if status == "removed":
            taken[match] = {**found, "status": "removed"}
            disagreements.append(_disagreement("removed", found, auto=found, curated=None, file_row=file_row))
            continue
        # confirmed or corrected: the row stands for the automatic fact
        taken[match] = {**row, "origin": "auto"}
        if _key(found) != _key(row):
            disagreements.append(_disagreement("key", row, auto=found, curated=row, file_row=file_row))
        elif not _same_value(found["value"], row["value"]):
            disagreements.append(_disagreement("value", row, auto=found, curated=row, file_row=file_row))
    # in the document's order; on one line the file's rows first, in the file's order, then the rows it left alone
    merged = [((0, place[i]) if i in place else (1, i), taken.get(i, {**a, "status": "draft"}))
              for i, a in enumerate(autos)]
    merged += [((0, pos), fact) for pos, fact in added]
    merged.sort(key=lambda item: (int(item[1]["source_line"]), *item[0]))
    return FactReview(_frame([fact for _, fact in merged], REVIEW_COLUMNS),
                      _frame(disagreements, DISAGREEMENT_COLUMNS), len(rows))


def _frame(records: list[dict], columns: tuple[str, ...]) -> pd.DataFrame:
    lang = message_language()
    data = {}
    for c in columns:
        values = [r.get(c) for r in records]
        if c == "message":
            values = [v.render(lang) if isinstance(v, Message) else v for v in values]
        if c in _DTYPES:
            values = [pd.NA if _DTYPES[c] in ("Int64", "string") and _missing(v) else v for v in values]
        data[c] = pd.Series(values, dtype=_DTYPES.get(c, object))
    return pd.DataFrame(data)


def draft_frame(review: FactReview) -> pd.DataFrame:
    """The reviewed facts as a facts file (:data:`DRAFT_COLUMNS`), values written as plain numbers."""
    out = review.facts.reindex(columns=list(DRAFT_COLUMNS)).copy()

    def number(v) -> str:
        if _missing(v):
            return ""
        f = float(v)
        return str(int(f)) if f == int(f) and abs(f) < 1e18 else repr(f)

    out["value"] = [number(v) for v in out["value"]]
    out[END_LINE_COLUMN] = ["" if _missing(v) else str(int(v)) for v in out[END_LINE_COLUMN]]
    out[NOTE_COLUMN] = ["" if _missing(v) else str(v) for v in out[NOTE_COLUMN]]
    return out.astype({"year": "int64", "source_line": "int64"})

