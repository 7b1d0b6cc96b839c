"""Column types of every table, checked with pandera.

pandera is used because it validates pandas frames directly, reports every
failing column and row at once, and is well kept. Strings use pandas' nullable
``string`` dtype, whole numbers (rupiah, years, line numbers) ``Int64`` so that a
missing amount stays missing instead of becoming a float or 0.
"""
from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.arrays import IntegerArray

from ..parse.codes import LEVELS
from .locator import LOCATOR_COLUMNS, SOURCE_KINDS

__all__ = ["SCHEMAS", "LOCATOR_SCHEMA", "build_frame", "validate", "dtype_errors"]

STR = pd.StringDtype()
INT = pd.Int64Dtype()
FLOAT = "float64"
BOOL = "bool"

LEVEL_NAMES = list(LEVELS.values())
_year = pa.Check.in_range(1900, 2200)
_line = pa.Check.ge(1)


def _c(dtype, nullable=True, checks=None) -> pa.Column:
    return pa.Column(dtype, nullable=nullable, checks=checks, coerce=False)


def _locator(line_required: bool = True) -> dict[str, pa.Column]:
    """The locator columns (:mod:`renja_lib.read.locator`), last in every table; all but the kind may be empty
    (``source_line`` is always there for a value read from a text file)."""
    columns = {
        "source_kind": _c(STR, False, pa.Check.isin(list(SOURCE_KINDS))), "source_page": _c(INT, True, _line),
        "source_line": _c(INT, not line_required, _line), "source_table": _c(STR),
        "source_row": _c(INT, True, pa.Check.ge(1)), "source_column": _c(STR),
    }
    if list(columns) != LOCATOR_COLUMNS:  # pragma: no cover - the two lists are kept together
        raise ImportError("read.schema's locator columns differ from read.locator.LOCATOR_COLUMNS")
    return columns


#: the locator columns as every table of a document types them
LOCATOR_SCHEMA: dict[str, pa.Column] = _locator()


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "plan_budget": pa.DataFrameSchema({
        "code": _c(STR, False), "level": _c(STR, False, pa.Check.isin(LEVEL_NAMES)), "parent": _c(STR),
        "name": _c(STR), "year": _c(INT, False, _year), "budget": _c(INT, True, pa.Check.ge(0)),
        "budget_raw": _c(STR), "funding_source": _c(STR), "location": _c(STR), "note": _c(STR),
        **_locator(),
    }, strict=True),
    "plan_targets": pa.DataFrameSchema({
        "code": _c(STR, False), "level": _c(STR, False, pa.Check.isin(LEVEL_NAMES)), "name": _c(STR),
        "indicator": _c(STR, False), "year": _c(INT, False, _year), "target": _c(FLOAT), "unit": _c(STR),
        "raw": _c(STR), **_locator(),
    }, strict=True),
    "evaluation": pa.DataFrameSchema({
        "code": _c(STR, False), "level": _c(STR, False, pa.Check.isin(LEVEL_NAMES)), "parent": _c(STR),
        "name": _c(STR), "indicator": _c(STR, False),
        "measure": _c(STR, False, pa.Check.isin([
            "renstra_target", "realization_to_date", "target", "realization",
            "achievement_reported", "renstra_achievement_reported"])),
        "year": _c(INT, True, _year), "value": _c(FLOAT), "unit": _c(STR), "raw": _c(STR),
        "part": _c(INT, False, pa.Check.ge(1)), **_locator(),
    }, strict=True),
    "service_indicators": pa.DataFrameSchema({
        "number": _c(STR), "indicator": _c(STR, False),
        "measure": _c(STR, False, pa.Check.isin(["target", "realization", "projection"])),
        "year": _c(INT, True, _year), "value": _c(FLOAT), "unit": _c(STR), "raw": _c(STR),
        "note": _c(STR), "spm": _c(STR), "ikk": _c(STR), **_locator(),
    }, strict=True),
    "rkpd_review": pa.DataFrameSchema({
        "group": _c(STR), "name": _c(STR), "indicator": _c(STR),
        "stage": _c(STR, False, pa.Check.isin(["draft", "needs"])), "location": _c(STR),
        "target": _c(FLOAT), "unit": _c(STR), "target_raw": _c(STR),
        "budget": _c(INT, True, pa.Check.ge(0)), "budget_stated": _c(STR), "budget_unit": _c(STR),
        "note": _c(STR), "continuation": _c(BOOL, False), "code": _c(STR), "code_match": _c(STR),
        **_locator(),
    }, strict=True),
    "proposals": pa.DataFrameSchema({
        "group": _c(STR), "name": _c(STR), "location": _c(STR), "indicator": _c(STR),
        "volume": _c(FLOAT), "unit": _c(STR), "volume_raw": _c(STR), "note": _c(STR),
        "shifted_cells": _c(INT, False, pa.Check.ge(0)), **_locator(),
    }, strict=True),
    "stated_totals": pa.DataFrameSchema({
        "table": _c(STR, False), "kind": _c(STR, False), "stage": _c(STR), "year": _c(INT, True, _year),
        "value": _c(INT), "raw": _c(STR), "unit": _c(STR), **_locator(),
    }, strict=True),
    "codes": pa.DataFrameSchema({
        "table": _c(STR, False), "code": _c(STR, False), "level": _c(STR, False), "parent": _c(STR),
        "name": _c(STR), "code_raw": _c(STR, False), **_locator(),
    }, strict=True),
    "extraction_log": pa.DataFrameSchema({
        "file": _c(STR, False), "line": _c(INT, False, _line), "table": _c(STR, False),
        "role": _c(STR, False), "detail": _c(STR), "text": _c(STR),
        **_locator(),
    }, strict=True),
    "problems": pa.DataFrameSchema({
        "file": _c(STR, False), "line": _c(INT, True), "table": _c(STR), "column": _c(STR),
        "raw": _c(STR), "message": _c(STR, False),
        **_locator(line_required=False),
    }, strict=True),
}


_INT_OR_NONE = frozenset({int, type(None)})


def int_array(values: list) -> pd.api.extensions.ExtensionArray:
    """``pd.array(values, dtype="Int64")``; for ints and None (a line, a page, a row: what a reading holds) built as
    its values and mask, without pandas looking at every value for its type (none missing: the values as they are;
    all missing: zeros, all masked; ints and None only, so ``count(None)`` counts the None and nothing else)."""
    if set(map(type, values)) <= _INT_OR_NONE:
        n, missing = len(values), values.count(None)
        if not missing:
            return IntegerArray(np.array(values, dtype=np.int64), np.zeros(n, dtype=bool))
        if missing == n:
            return IntegerArray(np.zeros(n, dtype=np.int64), np.ones(n, dtype=bool))
        return IntegerArray(np.array([0 if v is None else v for v in values], dtype=np.int64),
                            np.array([v is None for v in values], dtype=bool))
    return pd.array(values, dtype=INT)


def build_frame(name: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with exactly the schema's columns, in its order, with its dtypes.

    Built column by column from plain lists: a missing value (None or NaN) stays
    missing in every dtype.
    """
    schema = SCHEMAS[name]
    out = {}
    for col, spec in schema.columns.items():
        values = [r.get(col) for r in records]
        dtype = str(spec.dtype)
        if dtype.startswith("string"):
            out[col] = pd.array(values, dtype=STR)
        elif dtype == "Int64":
            out[col] = int_array(values)
        elif dtype == "bool":
            out[col] = np.array(values, dtype=bool)
        else:
            out[col] = np.array(values, dtype=FLOAT)  # None becomes NaN
    return pd.DataFrame(out, index=pd.RangeIndex(len(records)), copy=False)


def dtype_errors(name: str, frame: pd.DataFrame) -> list[str]:
    """Columns whose presence, order or dtype differ from the schema (a fast check, no value checks)."""
    schema = SCHEMAS[name]
    if list(frame.columns) != list(schema.columns):
        return [f"columns {list(frame.columns)} differ from {list(schema.columns)}"]
    errors, (expected_dtypes, required) = [], _expected(name)
    for (col, expected), actual in zip(expected_dtypes, frame.dtypes):
        if str(actual) != expected and not (expected.startswith("string") and str(actual).startswith("string")):
            errors.append(f"{col}: dtype {actual}, expected {expected}")
    if len(frame):  # (each column's own array asked: no frame of them taken)
        errors += [f"{c}: missing values in a column that must always have one" for c in required
                   if pd.isna(frame[c].array).any()]
    return errors


@cache
def _expected(name: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The schema's ``(column, dtype as text)`` and its columns that must always have a value (worked out once)."""
    columns = SCHEMAS[name].columns
    return ([(c, str(spec.dtype)) for c, spec in columns.items()],
            [c for c, spec in columns.items() if not spec.nullable])


def validate(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """Check a frame against its schema (raises pandera's SchemaErrors listing every failure)."""
    return SCHEMAS[name].validate(frame, lazy=True)
