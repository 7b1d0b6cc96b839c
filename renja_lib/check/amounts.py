"""Rules of the group "amounts": spending against its stated share, numbers written wrongly, amounts in words.

Registers, in this order: ``spending_share``, ``share_magnitude``, ``number_format``,
``amount_in_words``.
"""
from __future__ import annotations

import math
import re

from ..parse.numbers import NumberParseError, parse_number, words_to_int
from ..read.narrative_facts import numbers_in
from ..text.catalogue import Message
from .context import (
    NARRATIVE, Context, fact_found, factor_note, finding, is_missing, nearest, subject_code, subject_words,
)
from .figures import num, pct, rp, token_in
from .messages import period_item
from .registry import rule

__all__ = ["MAGNITUDE_FACTOR", "SPENDING_PAIRS"]

#: Budget, spending and stated absorption of the same subject: (budget quantity, spending quantity).
SPENDING_PAIRS: tuple[tuple[str, str], ...] = (("budget", "spending"), ("total_budget", "total_spending"))
#: Stated share and recomputed share this many times apart are "orders of magnitude" apart.
MAGNITUDE_FACTOR = 10.0

# Indonesian numbers in words ("terbilang"), for amounts written out after the numeral.
_AMOUNT_IN_WORDS = re.compile(
    r"Rp\.?\s*(?P<num>\d[\d.]*(?:,\d+)?)\s*\(\s*(?P<words>[A-Za-z][A-Za-z\s]*?)\s+rupiah\s*\)", re.I)


def _spending_triples(cx: Context) -> list[tuple[dict, dict, dict]]:
    """(stated share, spending, budget) of one subject and year, the nearest to each stated share."""
    out = []
    for share in cx.stated(quantity="absorption_stated"):
        same = dict(subject=share["subject"], year=share["year"])
        for budget_q, spending_q in SPENDING_PAIRS:
            spent = nearest(cx.stated(quantity=spending_q, period=share["period"], **same), share["source_line"])
            budget = nearest(cx.stated(quantity=budget_q, period="year", **same), share["source_line"])
            if spent is not None and budget is not None and budget["value"]:
                out.append((share, spent, budget))
                break
    return out


@rule("spending_share", "amounts", needs=("facts",))
def _spending_share(cx: Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if abs(share["value"] - computed) <= cx.tolerance + 1e-9 or _magnitude_apart(share["value"], computed):
            continue
        out.append(finding(
            "error", NARRATIVE, subject_code(share["subject"]),
            period_item(Message("audit.quantity.absorption_stated"), share["year"], share["period"]),
            share["source_line"],
            Message("audit.spending_share", spent=rp(spent["value"]), share=fact_found(share),
                    budget=rp(budget["value"]), computed=pct(computed)),
            other_table=NARRATIVE, other_line=spent["source_line"], expected=pct(computed),
            found=fact_found(share), difference=share["value"] - computed))
    return out


def _magnitude_apart(a: float, b: float) -> bool:
    if a <= 0 or b <= 0:
        return a != b and max(a, b) > 0
    return max(a, b) / min(a, b) >= MAGNITUDE_FACTOR


@rule("share_magnitude", "amounts", needs=("facts",))
def _share_magnitude(cx: Context) -> list[dict]:
    out: list[dict] = []
    for share, spent, budget in _spending_triples(cx):
        computed = spent["value"] / budget["value"] * 100
        if not _magnitude_apart(share["value"], computed):
            continue
        implied = budget["value"] * share["value"] / 100
        factor = implied / spent["value"] if spent["value"] else math.inf
        out.append(finding(
            "error", NARRATIVE, subject_code(share["subject"]),
            period_item(Message("audit.quantity.spending"), share["year"], share["period"]), spent["source_line"],
            Message("audit.share_magnitude", spent=rp(spent["value"]), share=fact_found(share),
                    budget=rp(budget["value"]), implied=rp(implied), factor=num(factor, 0), computed=pct(computed)),
            other_table=NARRATIVE, other_line=share["source_line"], expected=num(implied, 0),
            found=token_in(spent["quote"], spent["value"]) or num(spent["value"], 0),
            difference=spent["value"] - implied))
    return out


def _grouping_hint(token: str) -> Message:
    if re.fullmatch(r"\d{1,3}\.\d{1,2}", token):
        return Message("audit.hint.decimal_mark")
    return Message("audit.hint.grouping")


_GROUPING = Message("errors_read.numbers.hint.grouping")


def _badly_grouped(raw) -> bool:
    """Whether a cell holds a number refused for its digit grouping (told by the refusal, not by the message's
    words, which are in the language of messages).

    >>> _badly_grouped("3.456.509470"), _badly_grouped("3.456.509.470"), _badly_grouped("12,5 %")
    (True, False, False)
    """
    for token, _, _ in numbers_in(raw if isinstance(raw, str) else ""):
        try:
            parse_number(token)
        except NumberParseError as exc:
            if exc.hint == _GROUPING:
                return True
    return False


@rule("number_format", "amounts", uses=("facts",), standalone=True)
def _number_format(cx: Context) -> list[dict]:
    out: list[dict] = []
    if cx.has("facts"):
        for row in [f for f in cx.fact_rows if is_missing(f["value"])]:
            for token, _, _ in numbers_in(row["quote"]):
                try:
                    parse_number(token)
                except NumberParseError:
                    out.append(finding(
                        "warning", NARRATIVE, subject_code(row["subject"]),
                        period_item(Message(f"audit.quantity.{row['quantity']}"), row["year"], row["period"]),
                        row["source_line"],
                        Message("audit.number_format.text", token=repr(token),
                                what=Message(f"audit.quantity.{row['quantity']}"),
                                subject=subject_words(row["subject"], True), year=row["year"],
                                hint=_grouping_hint(token)),
                        expected=Message("audit.expected.number"), found=token))
    problems = cx.doc.problems
    cells = [isinstance(column, str) and bool(column) and _badly_grouped(raw) for column, raw in zip(problems["column"], problems["raw"])]
    for _, p in problems[cells].iterrows():
        out.append(finding(
            "warning", p["table"], None, p["column"] or Message("audit.item.cell"), p["line"],
            Message("audit.number_format.cell", table=p["table"], raw=repr(p["raw"]),
                    where=Message("audit.cell.column", column=p["column"]) if p["column"]
                    else Message("audit.cell.any")),
            expected=Message("audit.expected.number"), found=p["raw"]))
    return out


@rule("amount_in_words", "amounts")
def _amount_in_words(cx: Context) -> list[dict]:
    out: list[dict] = []
    for n, text in cx.doc.prose_lines():
        if "rupiah" not in text.lower():
            continue
        for m in _AMOUNT_IN_WORDS.finditer(text):
            try:
                figure = parse_number(m.group("num"))
            except NumberParseError:
                continue
            words = words_to_int(m.group("words"))
            if words is None or words == figure:
                continue
            out.append(finding(
                "error", NARRATIVE, None, Message("audit.item.amount_in_words"), n,
                Message("audit.amount_in_words", figure=f"Rp. {m.group('num')}", words=m.group("words"), amount=num(words, 0),
                        factor=factor_note(float(figure), words)),
                expected=num(words, 0), found=m.group("num"), difference=float(figure) - words))
    return out


