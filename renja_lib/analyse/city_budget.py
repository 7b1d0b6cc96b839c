"""The office's budget absorption against the whole city's, from the DJPK portal's APBD realisation.

:func:`office_vs_city` sets the office's absorption (the ``office`` rows of
:func:`renja_lib.analyse.budget.absorption`) beside the city's spending of the
same year (Belanja Daerah of a :class:`~renja_lib.read.djpk.CityBudget`, or
another spending account of it) and gives the gap in percentage points. Only
the same year and the same period are compared: a quarter's absorption (the
office's ``Q1`` 2022, spending to the end of March) is never set against a full
year's realisation; such a row has the status ``not_comparable`` and no gap.
A city file read as a full year that looks like realisation to date
(:attr:`~renja_lib.read.djpk.CityBudget.looks_partial`: its Belanja Daerah
realised too little for a full year, as in the portal's 2023 exports) is not
compared at all: status ``city_partial``, no gap, whatever the office's period.
The frame holds numbers and codes only; the report writes the words.

>>> import renja_lib
>>> from renja_lib.analyse.budget import absorption
>>> from renja_lib.read.djpk import read_city_budget
>>> city = read_city_budget("tests/data/djpk/apbd_realisasi_kota_pasuruan_2021.csv")
>>> row = office_vs_city(absorption(renja_lib.load()), city).iloc[0]
>>> int(row.year), row.period, float(row.office_absorption), float(row.city_absorption), round(float(row.gap_pp), 2)
(2021, 'year', 83.82, 78.23, 5.59)
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import pandas as pd

from ..errors import RenjaError
from ..read.djpk import CityBudget, read_city_budget
from ..text.catalogue import Message

__all__ = ["STATUSES", "COLUMNS", "office_vs_city", "compare_with_city_files"]

#: Status codes of :func:`office_vs_city`'s rows.
STATUSES: dict[str, str] = {
    "compared": "the same year and period on both sides: the gap is given",
    "not_comparable": "the office's period is not the city file's (a quarter against a full year): no gap",
    "city_partial": "the city file, read as a full year, looks like realisation to date (Belanja Daerah realised "
                    "too little for a full year): not compared, no gap",
    "no_city_file": "no city budget of that year was given",
    "no_office_figure": "the document gives no absorption of the whole office for that year and period",
    "no_city_figure": "the city file has the account but no absorption for it (a budget of 0 or missing)",
}
#: Columns of :func:`office_vs_city`'s frame.
COLUMNS: list[str] = ["year", "period", "status", "office_absorption", "office_reading", "office_source_lines",
                      "city_account", "city_period", "city_budget", "city_realised", "city_absorption",
                      "city_absorption_from", "gap_pp", "city_source_file", "city_source_row", "city_partial_share",
                      "city_partial_row"]
_NEEDED = ("year", "period", "subject", "absorption_reading")


def _budgets(city: CityBudget | Iterable[CityBudget]) -> dict[int, CityBudget]:
    items = [city] if isinstance(city, CityBudget) else list(city) if isinstance(city, Iterable) else [city]
    out: dict[int, CityBudget] = {}
    for b in items:
        if not isinstance(b, CityBudget):
            raise RenjaError(Message("errors_djpk.budget_arg", got=type(b).__name__))
        if b.year in out:
            raise RenjaError(Message("city_budget.same_year", year=b.year, first=str(out[b.year].path),
                                     second=str(b.path)))
        out[b.year] = b
    return out


def _city_row(budget: CityBudget, account: str) -> pd.Series | None:
    rows = budget.accounts[budget.accounts["account_key"] == account]
    if len(rows) > 1:
        raise RenjaError(Message("errors_djpk.city_spending_twice", rows=[int(r) for r in rows["source_row"]]),
                         path=budget.path)
    return rows.iloc[0] if len(rows) else None


def office_vs_city(absorption_frame: pd.DataFrame, city: CityBudget | Iterable[CityBudget], *,
                   account: str = "belanja_daerah") -> pd.DataFrame:
    """The office's absorption against the city's, per year and period of the office's frame (:data:`COLUMNS`).

    ``absorption_frame``: :func:`renja_lib.analyse.budget.absorption` (its
    ``office`` rows give the office's figure, ``absorption_reading``: the one the
    document supports; every year and period it holds gets a row, so that a
    quarter shows as ``not_comparable`` even where the document gives it only per
    programme). ``city``: one :class:`~renja_lib.read.djpk.CityBudget` or several
    (one per year). ``account``: the city's account to compare with, a key of
    ``renja_lib/data/apbd_accounts.csv`` (default ``belanja_daerah``, the whole
    city's spending; ``belanja_barang_jasa`` etc. where the office's figure is of
    that type). ``city_absorption`` is the percentage the file states, else (none stated, or the file's
    percentages lost their decimal mark) the one its amounts give (``city_absorption_from``); ``office_reading`` is the
    absorption frame's ``reading`` code (which figure of the document it is); ``gap_pp`` = office − city,
    in percentage points, only where ``status`` is ``compared`` (:data:`STATUSES`). ``city_partial_share`` and
    ``city_partial_row``: where the city file looks partial (``city_partial``), Belanja Daerah's realised share
    (from the amounts) and its row, the evidence; else empty.
    """
    if not isinstance(absorption_frame, pd.DataFrame) or not set(_NEEDED) <= set(absorption_frame.columns):
        got = list(absorption_frame.columns) if isinstance(absorption_frame, pd.DataFrame) else \
            type(absorption_frame).__name__
        raise RenjaError(Message("city_budget.absorption_arg", needed=list(_NEEDED), got=str(got)))
    budgets = _budgets(city)
    frame = absorption_frame
    keys = sorted({(int(y), str(p)) for y, p in zip(frame["year"], frame["period"]) if not pd.isna(y)},
                  key=lambda k: (k[0], k[1] != "year", k[1]))
    rows: list[dict[str, Any]] = []
    for year, period in keys:
        office = frame[(frame["year"] == year) & (frame["period"] == period) & (frame["subject"] == "office")]
        rec: dict[str, Any] = dict.fromkeys(COLUMNS)
        rec.update(year=year, period=period, city_account=account)
        if len(office):
            o = office.iloc[0]
            rec.update(office_absorption=_float(o["absorption_reading"]), office_reading=o.get("reading"),
                       office_source_lines=o.get("source_lines"))
        budget = budgets.get(year)
        city_row = _city_row(budget, account) if budget is not None else None
        if budget is not None and city_row is not None:
            stated, computed = _float(city_row["percent"]), _float(city_row["percent_computed"])
            if "percent_decimal_lost" in str(city_row.get("notes") or ""):  # the file's column lost its mark
                stated = math.nan
            rec.update(city_period=budget.period, city_budget=_float(city_row["budget"]),
                       city_realised=_float(city_row["realised"]),
                       city_absorption=stated if not math.isnan(stated) else computed,
                       city_absorption_from="stated" if not math.isnan(stated) else
                       "computed" if not math.isnan(computed) else None,
                       city_source_file=str(budget.path), city_source_row=int(city_row["source_row"]))
        if budget is not None and budget.looks_partial:
            spending = _city_row(budget, "belanja_daerah")
            if spending is not None:
                rec.update(city_partial_share=_float(spending["percent_computed"]),
                           city_partial_row=int(spending["source_row"]))
            rec["city_source_file"] = str(budget.path)
        if budget is None:
            rec["status"] = "no_city_file"
        elif budget.looks_partial:
            rec["status"] = "city_partial"
        elif city_row is None:
            rec["status"] = "no_city_file"
        elif budget.period != period:
            rec["status"] = "not_comparable"
        elif rec["office_absorption"] is None or math.isnan(rec["office_absorption"]):
            rec["status"] = "no_office_figure"
        elif math.isnan(rec["city_absorption"]):
            rec["status"] = "no_city_figure"
        else:
            rec["status"] = "compared"
            rec["gap_pp"] = rec["office_absorption"] - rec["city_absorption"]
        rows.append(rec)
    out = pd.DataFrame(rows, columns=COLUMNS)
    for c in ("office_absorption", "city_budget", "city_realised", "city_absorption", "gap_pp",
              "city_partial_share"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype(float)
    out["year"] = out["year"].astype("Int64")
    for c in ("city_source_row", "city_partial_row"):
        out[c] = out[c].astype("Int64")
    return out


def _float(x: Any) -> float:
    try:
        return float("nan") if x is None or pd.isna(x) else float(x)
    except (TypeError, ValueError):
        return float("nan")


def compare_with_city_files(absorption_frame: pd.DataFrame, files: Any, *,
                            account: str = "belanja_daerah") -> pd.DataFrame | None:
    """:func:`office_vs_city` of the city budget files a notebook names (``city_budget_file``: one path or a list,
    one file a year, each read by :func:`renja_lib.read.djpk.read_city_budget`); None when no file is given.

    >>> compare_with_city_files(None, None) is None
    True
    """
    if files is None or (isinstance(files, (list, tuple)) and not files):
        return None
    paths = list(files) if isinstance(files, (list, tuple)) else [files]
    return office_vs_city(absorption_frame, [read_city_budget(p) for p in paths], account=account)
