"""The checks of a DJPK APBD realisation export (:mod:`renja_lib.read.djpk`): problems, never corrections.

Every check judges the figures **within their rounding as written**: an amount
written ``151,03 M`` is any amount in ``151,025 M .. 151,035 M``, a percentage
written ``-24.53`` any share in ``-24.535 .. -24.525``; a figure is a problem only
when no amounts inside those intervals give it. A share is judged by its sign too
(a deficit realised as a surplus gives a negative percentage: ``-37,06 M`` over
``151,03 M`` can be ``-24.53 %``).

* :func:`check_percentages`: the stated percentage follows from realisasi over
  anggaran. When most of the percentages that can be checked (and at least
  :data:`DECIMAL_LOST_MIN`) do not, but do once a decimal mark is put back
  (``12311.00`` is ``123.11``, ``941.00`` is ``94.1``: the digits of a share written
  with up to two decimals, its mark lost), that is **one** problem for the column,
  and each such row says so in its note; the stated values stay as written
  (``percent_computed`` has the share computed from the amounts). Rows that fit
  neither are problems of their own.
* :func:`mark_relistings`: the portal's 2023 exports list, after the financing
  accounts, their realisation a second time under its own names with a budget of
  0 (``Pengeluaran Pembiayaan Lainnya  0,00 M  29,00 M`` after ``Pembentukan Dana
  Cadangan  29,00 M  29,00 M``). A row with a budget of 0 whose realisation (not
  0) is that of an account above it in the same group is such a listing: kept,
  with a note naming the row it repeats, and not added again into its group's sum.
* :func:`check_sums`: the accounts under a group add up to it, and the formulas
  of the structure (``Surplus/(Defisit)``, net financing, SiLPA) hold.
* :func:`check_full_year`: an export read as a full year (``period="year"``) whose
  Belanja Daerah is realised below :data:`PARTIAL_SPENDING_BELOW` % looks like
  realisation to date (the portal's 2023 exports: 45 to 68 %): one problem at the
  row of Belanja Daerah; the reader says so on the file (``CityBudget.looks_partial``).
* :func:`check_receipts`: a receipt (Penerimaan Pembiayaan Daerah and the accounts
  under it) realised below 0 (2024 Kota Blitar: ``-88,99 M``) is a problem of its row.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import Problem
from ..text.catalogue import Message

__all__ = ["DECIMAL_LOST_MIN", "RESTORED_RESOLUTION", "PARTIAL_SPENDING_BELOW", "problem_at", "ratio_range",
           "ratio_consistent", "check_percentages", "mark_relistings", "check_sums", "formula_text",
           "check_full_year", "check_receipts"]

#: The stated percentages of a column are judged to have lost their decimal mark when at least this many rows
#: (and more than half of those that can be checked) do not follow as written but do with the mark put back.
DECIMAL_LOST_MIN = 3
#: A percentage with its decimal mark put back is judged as written with two decimals (half a hundredth):
#: the portal writes shares with up to two decimals and drops trailing zeros (``94.1`` for ``94.10``).
RESTORED_RESOLUTION = 0.005
#: An export read as a full year whose Belanja Daerah is realised (realisasi / anggaran × 100, from the amounts)
#: below this percentage looks like realisation to date. Measured on the portal's 152 exports of the 38
#: kabupaten/kota of Jawa Timur, 2021-2024 (dringu/APBDKabJatim, commit 44ea94f), Belanja Daerah realised, %:
#:
#: ====  =====================  ======  ==========================  =========================================
#: year  minimum                median  maximum                     reading
#: ====  =====================  ======  ==========================  =========================================
#: 2021  78.23 Kota Pasuruan    94.11   109.88 Tulungagung          full years (next lowest 79.56 Surabaya)
#: 2022  85.41 Situbondo        98.64   110.69 Banyuwangi, Blitar   full years
#: 2023  44.81 Bojonegoro       58.49   67.70 Tulungagung           all 38 snapshots during the year
#: 2024  54.18 Kota Probolinggo 95.09   110.15 Kediri               full years but Kota Probolinggo (next 78.00)
#: ====  =====================  ======  ==========================  =========================================
#:
#: Kota Probolinggo 2024 is itself a snapshot, not a low full year: its Pendapatan Daerah is realised 51.72 %,
#: Belanja Modal 12.29 % and the SiLPA of the year before (received on the first day of a year) 0 of 135.45 M.
#: Between the highest snapshot (67.70) and the lowest full year (78.00) lies a gap of ten points; 72 is near its
#: middle, leaning to the snapshots' side, so that a real full year is flagged only when it is lower than any of
#: the 113 full years measured by six points.
PARTIAL_SPENDING_BELOW = 72.0
#: The periods an export of realisation to date may be read with (``read_city_budget(period=...)``).
PART_PERIODS = ("Q1", "Q2", "Q3", "Q4", "S1", "S2")
_EPS = 1e-9


def problem_at(path: Path, rec: dict[str, Any], column: str, message: Message) -> Problem:
    """A :class:`~renja_lib.errors.Problem` at the row of ``rec`` (its account as the raw text) and ``column``."""
    return Problem(str(path), rec["row"], "", column, rec["written"], message, kind="text", row=rec["row"])


def ratio_range(budget: float, budget_res: float, realised: float, realised_res: float
                ) -> tuple[float, float] | None:
    """The lowest and highest ``100 * realised / budget`` over the amounts within their rounding (``± *_res``).

    None when the budget's interval holds 0 (any share is possible). The share is
    monotonic in each amount while the budget keeps its sign, so the extremes are
    at the corners, whatever the signs.

    >>> [round(v, 3) for v in ratio_range(151.03, 0.005, -37.06, 0.005)]
    [-24.542, -24.534]
    """
    low_b, high_b = budget - budget_res, budget + budget_res
    if low_b <= 0 <= high_b:
        return None
    corners = [r / b * 100 for b in (low_b, high_b) for r in (realised - realised_res, realised + realised_res)]
    return min(corners), max(corners)


def ratio_consistent(budget: float, budget_res: float, realised: float, realised_res: float, stated: float,
                     stated_res: float) -> bool | None:
    """Can the amounts, within their rounding, give a share that rounds to ``stated`` (``± stated_res``)?

    None when it cannot be judged (a budget that may be 0).

    >>> ratio_consistent(151.03, 0.005, -37.06, 0.005, -24.53, 0.005)
    True
    >>> ratio_consistent(-8.5, 0.05, 104.01, 0.005, -1223.67, 0.005)
    True
    >>> ratio_consistent(1428.49, 0.005, 1344.27, 0.005, 941.0, 0.005)
    False
    """
    found = ratio_range(budget, budget_res, realised, realised_res)
    if found is None:
        return None
    low, high = found
    slack = stated_res + _EPS * max(1.0, abs(stated))
    return bool(low <= stated + slack and high >= stated - slack)


def _restored(rec: dict[str, Any]) -> int | None:
    """The factor (100 or 10) by which the stated percentage is the share with its decimal mark lost, else None."""
    for factor in (100, 10):
        if ratio_consistent(rec["budget"], rec["budget_res"], rec["realised"], rec["realised_res"],
                            rec["percent"] / factor, RESTORED_RESOLUTION):
            return factor
    return None


def check_percentages(path: Path, kept: list[dict[str, Any]], names: dict[str, str], problems: list[Problem]
                      ) -> None:
    """Set ``percent_computed`` of each row, read a stated 0 % against a budget of 0 as missing, and judge the
    stated percentages: one problem per row that does not follow, or one for the column (see the module)."""
    checked = 0
    wrong: list[dict[str, Any]] = []
    for rec in kept:
        budget, realised, stated = rec["budget"], rec["realised"], rec["percent"]
        if stated == 0 and budget == 0:
            rec["percent"] = None
            rec["notes"].append(("percent_zero_no_budget", Message("errors_djpk.note.percent_zero")))
        computed = realised / budget * 100 if budget and realised is not None else None
        rec["percent_computed"] = computed
        if rec["percent"] is None or computed is None:
            continue
        ok = ratio_consistent(budget, rec["budget_res"], realised, rec["realised_res"], stated, rec["percent_res"])
        if ok is None:
            continue
        checked += 1
        if not ok:
            wrong.append(rec)
    lost = [(rec, factor) for rec in wrong if (factor := _restored(rec)) is not None]
    if len(lost) >= DECIMAL_LOST_MIN and 2 * len(lost) > checked:
        for rec, factor in lost:
            rec["notes"].append(("percent_decimal_lost", Message(
                "errors_djpk.note.percent_decimal_lost", stated=rec["percent"], restored=rec["percent"] / factor,
                computed=rec["percent_computed"])))
        first, factor = lost[0]
        problems.append(problem_at(path, first, names["percent"], Message(
            "errors_djpk.problem.percent_decimal_lost", column=names["percent"], n=len(lost), checked=checked,
            first=first["row"], last=lost[-1][0]["row"],
            stated=first["percent"], restored=first["percent"] / factor, computed=first["percent_computed"])))
        done = {id(rec) for rec, _ in lost}
        wrong = [rec for rec in wrong if id(rec) not in done]
    for rec in wrong:
        problems.append(problem_at(path, rec, names["percent"], Message(
            "errors_djpk.problem.percent", stated=rec["percent"], computed=rec["percent_computed"])))


def mark_relistings(kept: list[dict[str, Any]]) -> None:
    """Note the rows that list again, with a budget of 0, the realisation of an account above them in the same
    group (``rec["relisting_of"]``: that account's record); :func:`check_sums` does not add them again."""
    for i, rec in enumerate(kept):
        parent = rec.get("parent_rec")
        if parent is None or rec["budget"] != 0 or not rec["realised"]:
            continue
        twin = next((q for q in kept[:i] if q.get("parent_rec") is parent and q is not rec
                     and q.get("relisting_of") is None and q["realised"] == rec["realised"]), None)
        if twin is None:
            continue
        rec["relisting_of"] = twin
        rec["notes"].append(("realisation_relisted", Message(
            "errors_djpk.note.realisation_relisted", row=twin["row"], account=twin["written"])))


def check_sums(path: Path, kept: list[dict[str, Any]], info: pd.DataFrame, names: dict[str, str],
               problems: list[Problem]) -> None:
    """The accounts under a group add up to it (a row listing another's realisation again left out), and the
    formulas of the structure hold, within the rounding of the figures as written."""
    by_key: dict[str, list[dict[str, Any]]] = {}
    for rec in kept:
        if rec["key"] is not None:
            by_key.setdefault(rec["key"], []).append(rec)
    for rec in kept:
        if rec["key"] is None:
            continue
        check = info.at[rec["key"], "check"]
        if check == "sum":
            terms = [(1, k) for k in kept if k.get("parent_rec") is rec and k.get("relisting_of") is None]
        else:
            parts = re.findall(r"([+-]?)\s*([a-z_]+)", check)
            if not parts or any(len(by_key.get(k, [])) != 1 for _, k in parts):
                continue
            terms = [(-1 if sign == "-" else 1, by_key[k][0]) for sign, k in parts]
        if not terms:
            continue
        for role in ("budget", "realised"):
            if rec[role] is None or any(t[role] is None for _, t in terms):
                continue
            total = sum(sign * t[role] for sign, t in terms)
            tolerance = rec[role + "_res"] + sum(t[role + "_res"] for _, t in terms) + 1e-9 * abs(rec[role])
            if abs(total - rec[role]) > tolerance:
                rows = [t["row"] for _, t in terms]
                key = "errors_djpk.problem.sum" if check == "sum" else "errors_djpk.problem.formula"
                problems.append(problem_at(path, rec, names[role], Message(
                    key, total=total, value=rec[role], difference=rec[role] - total, rows=rows,
                    formula=formula_text(info, check), n=len(rows))))


def formula_text(info: pd.DataFrame, check: str) -> str:
    """A formula of account keys written with the accounts' usual names (``''`` for ``sum``)."""
    if check == "sum":
        return ""
    return re.sub(r"[a-z_]+", lambda m: info.at[m.group(0), "names"][0] if m.group(0) in info.index else m.group(0),
                  check)


def check_full_year(path: Path, kept: list[dict[str, Any]], names: dict[str, str], period: str,
                    problems: list[Problem]) -> Problem | None:
    """The problem (also appended to ``problems``) when an export read as a full year (``period == "year"``) has
    its Belanja Daerah realised below :data:`PARTIAL_SPENDING_BELOW` % of its budget (computed from the amounts:
    a stated percentage may have lost its decimal mark); else None. Nothing is changed: the file stays read as a
    full year, and a reader who knows its date gives ``period=``."""
    spending = [rec for rec in kept if rec["key"] == "belanja_daerah"]
    if period != "year" or len(spending) != 1:
        return None
    rec = spending[0]
    share = rec.get("percent_computed")
    if share is None or rec["budget"] is None or rec["budget"] <= 0 or share >= PARTIAL_SPENDING_BELOW:
        return None
    problem = problem_at(path, rec, names["realised"], Message(
        "errors_djpk.problem.partial_year", share=share, threshold=PARTIAL_SPENDING_BELOW,
        periods=", ".join(PART_PERIODS)))
    problems.append(problem)
    return problem


def check_receipts(path: Path, kept: list[dict[str, Any]], names: dict[str, str], problems: list[Problem]) -> None:
    """A problem for each receipt (Penerimaan Pembiayaan Daerah and the accounts under it) realised below 0: a
    receipt is never negative (2024 Kota Blitar: Penerimaan Pembiayaan Daerah ``-88,99 M`` of ``116,11 M``)."""
    inside: set[int] = set()
    for rec in kept:
        parent = rec.get("parent_rec")
        if rec["key"] != "penerimaan_pembiayaan" and (parent is None or id(parent) not in inside):
            continue
        inside.add(id(rec))
        if rec["realised"] is not None and rec["realised"] < 0:
            problems.append(problem_at(path, rec, names["realised"], Message(
                "errors_djpk.problem.receipt_negative", account=rec["written"], value=rec["realised"])))
