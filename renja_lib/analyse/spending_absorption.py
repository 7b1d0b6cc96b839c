"""Absorption of a user's spending file: per period (or per account) and as an S-curve against a plan.

The file is read by :func:`renja_lib.read.spending.read_spending`; these
functions take what it returns (a :class:`~renja_lib.read.spending.Spending`,
or its frame) and give language-neutral frames. A total adds the top-level rows
only, so parent rows are not counted twice; a sum with a missing amount is
missing; every figure says how many flagged values stand behind it
(``n_flagged``).
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from ..errors import RenjaError
from ..text.catalogue import Message
from ..read.spending import Spending, absorption_percent, period_key, read_spending  # noqa: F401 (doctests)

__all__ = ["absorption_by_period", "s_curve"]


def _spending_frame(spending: Any) -> pd.DataFrame:
    if isinstance(spending, Spending):
        return spending.frame
    if isinstance(spending, pd.DataFrame) and {"period", "period_order", "depth", "budget",
                                               "spending_cumulative"} <= set(spending.columns):
        return spending
    raise RenjaError(Message("errors_analyse.spending_absorption.spending", type=type(spending).__name__))


def absorption_by_period(spending: Spending | pd.DataFrame, *, depth: int | None = None) -> pd.DataFrame:
    """Absorption per period of a user's file: the total (default) or every row at one ``depth``.

    The total adds the top-level rows (depth 0), so that parent rows are not
    counted twice. Columns: ``period``, ``period_order``, ``key`` (``"total"``,
    or the row's code or name path), ``name``, ``n_rows``, ``budget``,
    ``spending_period``, ``spending_cumulative``, ``absorption_period``,
    ``absorption_cumulative`` (%), ``n_flagged`` (flagged rows behind the
    figure: for the total, every flagged row of the period; see
    ``Spending.flags``). A sum with a missing amount is missing.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.csv"
    >>> _ = p.write_text("code,period,budget,spending\\n2.07.03,Q1,1000,100\\n2.07.03,Q2,1000,300\\n",
    ...                  encoding="utf-8")
    >>> absorption_by_period(read_spending(p, unit="rupiah", cumulative=False))["absorption_cumulative"].tolist()
    [10.0, 40.0]
    """
    frame = _spending_frame(spending)
    if depth is not None and (isinstance(depth, bool) or not isinstance(depth, (int, np.integer)) or depth < 0):
        raise RenjaError(Message("errors_analyse.spending_absorption.depth", got=depth))
    amounts = ["budget", "spending_period", "spending_cumulative"]
    flagged = (frame["flags"].fillna("") != "") if "flags" in frame.columns else pd.Series(False, index=frame.index)
    if depth is None:
        roots = frame[frame["depth"] == 0]
        out = roots.groupby(["period", "period_order"], sort=False).agg(
            n_rows=("budget", "size"),
            **{c: (c, lambda s: s.sum(min_count=len(s)) if s.notna().all() else math.nan) for c in amounts},
        ).reset_index()
        out.insert(2, "key", "total")
        out.insert(3, "name", pd.NA)
        # the total stands on every row of its period: a flagged value anywhere in it is counted
        out["n_flagged"] = out["period"].map(flagged.groupby(frame["period"]).sum()).fillna(0)
    else:
        rows = frame[frame["depth"] == depth]
        key = rows["code"].fillna(rows["path"]) if "code" in rows else rows["path"]
        out = pd.DataFrame({"period": rows["period"], "period_order": rows["period_order"], "key": key,
                            "name": rows["name"], "n_rows": 1,
                            **{c: rows[c] for c in amounts}, "n_flagged": flagged[rows.index].astype(int)})
    out["absorption_period"] = absorption_percent(out["spending_period"], out["budget"])
    out["absorption_cumulative"] = absorption_percent(out["spending_cumulative"], out["budget"])
    out = out.sort_values(["period_order", "key"], kind="stable").reset_index(drop=True)
    out = out[[c for c in out.columns if c != "n_flagged"] + ["n_flagged"]]
    return out.astype({"period": "string", "key": "string", "name": "string", "n_rows": "int64",
                       "budget": "float64", "spending_period": "float64", "spending_cumulative": "float64",
                       "n_flagged": "int64"})


def s_curve(spending: Spending | pd.DataFrame, schedule: Mapping[str, float] | pd.DataFrame | None = None, *,
            key: str | None = None) -> pd.DataFrame:
    """The cumulative absorption curve (S-curve) of a user's file, against a planned schedule if given.

    ``key`` picks one account (its code, or its name path as in ``frame.path``);
    by default the file's total. ``schedule`` gives the planned cumulative
    absorption in % of the budget per period: a mapping ``{"Q1": 15, "Q2": 40,
    ...}`` or a frame with columns ``period`` and ``planned``; period labels
    are recognised like the file's (``"TW II"`` is ``"Q2"``). A schedule period
    the file lacks, or a falling schedule, raises :class:`RenjaError`.

    Columns: ``period``, ``period_order``, ``budget``, ``spending_cumulative``,
    ``absorption_cumulative``, ``planned``, ``gap_pp`` (actual - planned,
    percentage points), ``n_flagged`` (flagged rows behind the point, see
    :func:`absorption_by_period`; charts mark them).

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "q.csv"
    >>> _ = p.write_text("code,period,budget,spending\\n2.07.03,Q1,1000,100\\n2.07.03,Q2,1000,300\\n",
    ...                  encoding="utf-8")
    >>> s_curve(read_spending(p, unit="rupiah", cumulative=False), {"Q1": 20, "Q2": 45})["gap_pp"].tolist()
    [-10.0, -5.0]
    """
    frame = _spending_frame(spending)
    if key is None:
        rows = absorption_by_period(frame)
    else:
        picked = frame[(frame["code"] == key) | (frame["path"] == key)]
        if picked.empty:
            raise RenjaError(Message("errors_analyse.spending_absorption.no_account", key=key))
        rows = picked.sort_values("period_order")
        flagged = picked["flags"].fillna("") != "" if "flags" in picked.columns else pd.Series(False, picked.index)
        rows = rows.assign(n_flagged=flagged[rows.index].astype(int))
    out = rows[["period", "period_order", "budget", "spending_cumulative", "absorption_cumulative",
                "n_flagged"]].copy()
    out["planned"] = math.nan
    if schedule is not None:
        if isinstance(schedule, pd.DataFrame):
            if not {"period", "planned"} <= set(schedule.columns):
                raise RenjaError(Message("errors_analyse.spending_absorption.schedule_columns",
                                         columns=list(schedule.columns)))
            items = list(zip(schedule["period"], schedule["planned"]))
        elif isinstance(schedule, Mapping):
            items = list(schedule.items())
        else:
            raise RenjaError(Message("errors_analyse.spending_absorption.schedule_type",
                                     type=type(schedule).__name__))
        planned: dict[str, float] = {}
        later: list[dict[str, Any]] = []
        for label, value in items:
            k = period_key(str(label))
            if k is None:
                raise RenjaError(Message("errors_analyse.spending_absorption.schedule_period", label=label))
            name = k[0]
            if name not in set(out["period"]):
                # planned for a period the file has not reached yet (a mid-year report): shown, no spending
                later.append({"period": name, "period_order": k[1], "budget": pd.NA,
                              "spending_cumulative": pd.NA, "absorption_cumulative": math.nan, "n_flagged": 0})
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating, Decimal)):
                raise RenjaError(Message("errors_analyse.spending_absorption.schedule_value", label=label,
                                         got=value))
            planned[name] = float(value)
        if later:
            dtypes = out.dtypes
            extra = pd.DataFrame(later).replace({pd.NA: math.nan})
            out = pd.concat([out, extra], ignore_index=True)
            for col in ("budget", "spending_cumulative", "absorption_cumulative"):
                out[col] = pd.to_numeric(out[col]).astype(dtypes[col])
            # order every period by the month it ends in, then number them again 1, 2, ...
            month = out["period"].map(lambda p: (period_key(str(p)) or (str(p), 99))[1])
            out = out.assign(_m=month).sort_values("_m", kind="stable").drop(columns="_m")
            out["period_order"] = range(1, len(out) + 1)
        out["planned"] = out["period"].map(planned).astype(float)
        values = out["planned"].dropna().tolist()
        if any(b < a for a, b in zip(values, values[1:])):
            raise RenjaError(Message("errors_analyse.spending_absorption.schedule_falling", values=values))
    out["gap_pp"] = out["absorption_cumulative"] - out["planned"]
    out = out[[c for c in out.columns if c != "n_flagged"] + ["n_flagged"]]
    return out.reset_index(drop=True).astype({"period": "string", "planned": "float64", "gap_pp": "float64",
                                              "n_flagged": "int64"})