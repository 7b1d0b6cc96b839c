"""The notebook parameters: one registry from which every value a user gives is typed and checked.

Every parameter a notebook in ``notebooks/`` declares in its ``parameters`` cell
is registered here with its type, default, allowed values, the notebooks that
declare it and a description (a test reads every notebook's parameters cell and
checks it against :data:`REGISTRY`; a new parameter is added here first).

Values come as text (``renja report -p KEY=VALUE``: :meth:`Parameter.from_text`)
or from a YAML parameter file, already typed by YAML (:meth:`Parameter.check`).
Both give the value the notebook receives, or one :class:`RenjaError` naming the
parameter, what is allowed and what was given, before any notebook runs.

The rules, the same for every parameter of a type:

* ``str``: text as given (a code ``01`` keeps its zero); not blank. In a YAML file
  a number, boolean or date where text is expected is refused (YAML reads ``01``
  as the number 1): quote it.
* ``int`` / ``float``: digits with a decimal point (``2.5``, ``1e-3``), finite,
  within the parameter's bounds; a decimal comma (``2,5``) is refused with a hint.
* ``bool``: ``true``/``false``, ``yes``/``no``, ``ya``/``tidak`` (any case).
* ``choice``: exactly one of the allowed values.
* ``path``: a file that exists and can be read (not a folder); a relative path
  is resolved against the current folder for ``-p`` and against the parameter
  file's folder for a parameter file; the notebook gets the absolute path.
* ``mapping``: a JSON object (``-p``) or a YAML mapping, text keys and numbers
  within the bounds as values. ``list``: a JSON array or YAML list of text.
* An optional parameter (default ``None``: the setting is off) also takes
  ``none``/``null`` as text, and ``null``/``~`` in YAML.
"""
from __future__ import annotations

import datetime as _dt
import json
import math
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from ..errors import RenjaError, from_os_error
from ..text import LANGS, Message, message_language

__all__ = ["Parameter", "REGISTRY", "TYPES", "TRUE_WORDS", "FALSE_WORDS", "NULL_WORDS", "NOTEBOOKS",
           "describe", "check_timeout"]

#: The types a parameter can have.
TYPES = ("str", "int", "float", "bool", "choice", "path", "paths", "mapping", "list")
#: Text read as a boolean (case does not matter); Indonesian words too.
TRUE_WORDS = ("true", "yes", "ya")
FALSE_WORDS = ("false", "no", "tidak")
#: Text read as "off" (``None``) for an optional parameter.
NULL_WORDS = ("none", "null")
#: Longest text accepted for any value (a path is at most 4096 characters on Linux).
MAX_TEXT = 10_000

_INT = re.compile(r"[+-]?[0-9]+")
_FLOAT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[+-]?[0-9]+,[0-9]+")


def describe(value: Any) -> Message | str:
    """How a value given by the user is named in a message: ``'01'``, ``the number 1``, ``a list``.

    Text is quoted back as it is (a plain string); anything else is a :class:`~renja_lib.text.Message`
    (``errors_run.parameters.value.*``), written in the language of the message it goes into.

    >>> describe("01"), describe(1).render("en"), describe([1]).render("id")
    ("'01'", 'the number 1', 'sebuah daftar')
    """
    if value is None:
        return Message("errors_run.parameters.value.null")
    if isinstance(value, bool):
        return Message("errors_run.parameters.value.boolean", value=str(value).lower())
    if isinstance(value, (int, float)):
        text = repr(value)
        return Message("errors_run.parameters.value.number", value=text if len(text) <= 40 else text[:37] + "...")
    if isinstance(value, str):
        return repr(value if len(value) <= 80 else value[:77] + "...")
    if isinstance(value, (_dt.date, _dt.datetime)):
        return Message("errors_run.parameters.value.date", value=value.isoformat())
    if isinstance(value, Mapping):
        return Message("errors_run.parameters.value.mapping")
    if isinstance(value, (list, tuple)):
        return Message("errors_run.parameters.value.list")
    if isinstance(value, (bytes, bytearray)):
        return Message("errors_run.parameters.value.binary")
    return Message("errors_run.parameters.value.other", type=type(value).__name__)


def _quote_hint(value: Any) -> Message | None:
    """Why a number, boolean or date where text is expected was refused (YAML typed it)."""
    if isinstance(value, (bool, int, float, _dt.date)):
        return Message("errors_run.parameters.why.quote")
    return None


@dataclass(frozen=True)
class Parameter:
    """One notebook parameter: what it is, what it takes, and which notebooks declare it.

    >>> REGISTRY["top"].from_text("5")
    5
    >>> REGISTRY["region"].from_text("01")
    '01'
    """

    name: str
    type: str
    default: Any
    description: str
    notebooks: tuple[str, ...]
    choices: tuple[Any, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    #: the default is None and None is allowed: the setting is off
    optional: bool = False
    #: the runner sets it (the document, the charts folder); users do not
    set_by_runner: bool = False

    def __post_init__(self) -> None:
        if self.type not in TYPES:
            raise ValueError(f"parameter {self.name}: unknown type {self.type!r}; types: {TYPES}")
        if self.type == "choice" and not self.choices:
            raise ValueError(f"parameter {self.name}: a choice needs its allowed values")

    @property
    def is_path(self) -> bool:
        """The value names an existing file, or a list of them for ``paths`` (checked before anything runs)."""
        return self.type in ("path", "paths")

    # ------------------------------------------------------------ messages
    def expected(self, lang: str | None = None) -> str:
        """What the parameter takes, in words, for messages and documentation, in ``lang`` (by default the
        language of error messages, :func:`~renja_lib.text.use_language`).

        >>> REGISTRY["top"].expected("en")
        'a whole number from 1 to 1000'
        >>> REGISTRY["spending_cumulative"].expected("id")
        'true atau false (juga yes/no, ya/tidak), atau none'
        """
        return self.expectation().render(lang or message_language())

    def expectation(self) -> Message:
        """What the parameter takes, as a message of the catalogue (``errors_run.parameters.expected.*``)."""
        bounds = self._bounds()
        if self.type == "choice":
            text = Message("errors_run.parameters.expected.choice", choices=", ".join(repr(c) for c in self.choices))
        elif self.type in ("int", "float", "mapping"):
            text = Message(f"errors_run.parameters.expected.{self.type}", bounds=bounds)
        else:
            text = Message(f"errors_run.parameters.expected.{self.type}")
        if self.optional:
            text = Message("errors_run.parameters.expected.optional", expected=text)
        return text

    def _bounds(self) -> Message | str:
        lo, hi = self.minimum, self.maximum
        if lo is not None and hi is not None:
            return Message("errors_run.parameters.bounds.between", low=lo, high=hi)
        if lo is not None:
            return Message("errors_run.parameters.bounds.min", low=lo)
        if hi is not None:
            return Message("errors_run.parameters.bounds.max", high=hi)
        return ""

    def _fail(self, given: Any, why: Message | None = None, **where: Any) -> RenjaError:
        if why is None:
            text = Message("errors_run.parameters.invalid", name=self.name, expected=self.expectation(),
                           given=describe(given))
        else:
            text = Message("errors_run.parameters.invalid_why", name=self.name, expected=self.expectation(),
                           given=describe(given), why=why)
        return RenjaError(text, **where)

    # ------------------------------------------------------------ text (-p KEY=VALUE)
    def from_text(self, text: str, *, base_dir: str | Path | None = None,
                  path: str | Path | None = None, line: int | None = None) -> Any:
        """The value of ``-p NAME=text``; relative paths are resolved against ``base_dir`` (default: cwd).

        Raises one :class:`RenjaError` naming the parameter, what it takes and ``text``.
        """
        where = {"path": path, "line": line}
        if not isinstance(text, str):
            raise TypeError(f"from_text expects text, got {type(text).__name__}")
        if len(text) > MAX_TEXT:
            raise self._fail(text, Message("errors_run.parameters.why.too_long", n=MAX_TEXT), **where)
        t = text.strip()
        if self.optional and t.casefold() in NULL_WORDS:
            return None
        kind = self.type
        if kind == "str":
            if not t:
                raise self._fail(text, **where)
            return text
        if kind == "choice":
            if text in self.choices:
                return text
            if t in self.choices:
                return t
            close = [c for c in self.choices if isinstance(c, str) and c.casefold() == t.casefold()]
            why = Message("errors_run.parameters.why.did_you_mean", choice=close[0]) if close else None
            raise self._fail(text, why, **where)
        if kind == "bool":
            if t.casefold() in TRUE_WORDS:
                return True
            if t.casefold() in FALSE_WORDS:
                return False
            raise self._fail(text, **where)
        if kind == "int":
            if not _INT.fullmatch(t):
                raise self._fail(text, **where)
            if len(t.lstrip("+-")) > 30:
                raise self._fail(text, Message("errors_run.parameters.why.too_large"), **where)
            return self._in_bounds(int(t), text, where)
        if kind == "float":
            if _COMMA_DECIMAL.fullmatch(t):
                raise self._fail(text, Message("errors_run.parameters.why.decimal_point", fixed=t.replace(",", ".")),
                                 **where)
            if len(t) > 100 or not _FLOAT.fullmatch(t):
                raise self._fail(text, **where)
            value = float(t)
            if not math.isfinite(value):
                raise self._fail(text, Message("errors_run.parameters.why.too_large"), **where)
            return self._in_bounds(value, text, where)
        if kind == "path":
            return self._file(text, base_dir, where)
        if kind == "paths" and not t.startswith("["):
            return self._file(text, base_dir, where)  # one file
        # mapping / list / paths as a list: JSON
        try:
            value = json.loads(t, parse_constant=_no_constant)
        except (ValueError, RecursionError):
            raise self._fail(text, Message("errors_run.parameters.why.not_json"), **where) from None
        return self._container(value, text, where, base_dir)

    # ------------------------------------------------------------ values from YAML (typed)
    def check(self, value: Any, *, base_dir: str | Path | None = None,
              path: str | Path | None = None, line: int | None = None) -> Any:
        """A value YAML has typed (or a program passed): checked, and returned as the notebook gets it.

        Text is read as from ``-p`` (``"10"`` for a number, ``"true"`` for a boolean), except
        that text where text is expected stays as it is.
        """
        where = {"path": path, "line": line}
        if value is None:
            if self.optional:
                return None
            raise self._fail(value, **where)
        if isinstance(value, str):
            return self.from_text(value, base_dir=base_dir, **where)
        kind = self.type
        if kind in ("str", "path"):
            raise self._fail(value, _quote_hint(value), **where)
        if kind == "choice":
            if value in self.choices and type(value) is type(self.choices[0]):
                return value
            raise self._fail(value, _quote_hint(value), **where)
        if kind == "bool":
            if isinstance(value, bool):
                return value
            raise self._fail(value, **where)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise self._fail(value, **where)
            return self._in_bounds(value, value, where)
        if kind == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise self._fail(value, **where)
            try:
                number = float(value)
            except OverflowError:
                raise self._fail(value, Message("errors_run.parameters.why.too_large"), **where) from None
            if not math.isfinite(number):
                raise self._fail(value, Message("errors_run.parameters.why.not_finite"), **where)
            return self._in_bounds(number, value, where)
        return self._container(value, value, where, base_dir)

    # ------------------------------------------------------------ helpers
    def _in_bounds(self, value: float, given: Any, where: dict[str, Any]) -> Any:
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise self._fail(given, Message("errors_run.parameters.why.out_of_range"), **where)
        return value

    def _container(self, value: Any, given: Any, where: dict[str, Any], base_dir: str | Path | None = None) -> Any:
        if self.type == "mapping":
            if not isinstance(value, Mapping):
                raise self._fail(given, Message("errors_run.parameters.why.found", found=describe(value))
                                 if isinstance(given, str) else None, **where)
            out: dict[str, float] = {}
            for key, item in value.items():
                if not isinstance(key, str) or not key.strip():
                    raise self._fail(given, Message("errors_run.parameters.why.key_not_text", key=describe(key)),
                                     **where)
                if isinstance(item, bool) or not isinstance(item, (int, float)):
                    raise self._fail(given, Message("errors_run.parameters.why.value_not_number", key=key,
                                                    value=describe(item)), **where)
                try:
                    number = float(item)
                except OverflowError:
                    number = math.inf
                if not math.isfinite(number) or (self.minimum is not None and number < self.minimum) \
                        or (self.maximum is not None and number > self.maximum):
                    raise self._fail(given, Message("errors_run.parameters.why.value_out_of_range", key=key,
                                                    value=describe(item)), **where)
                out[key] = item if isinstance(item, float) else int(item)
            return out
        if not isinstance(value, (list, tuple)):
            raise self._fail(given, Message("errors_run.parameters.why.found", found=describe(value))
                                 if isinstance(given, str) else None, **where)
        for item in value:
            if not isinstance(item, str):
                raise self._fail(given, Message("errors_run.parameters.why.item_not_text", item=describe(item)),
                                 **where)
        if self.type == "paths":
            return [self._file(item, base_dir, where) for item in value]
        return list(value)

    def _file(self, text: str, base_dir: str | Path | None, where: dict[str, Any]) -> str:
        if not text.strip() or "\x00" in text:
            raise self._fail(text, **where)
        try:
            p = Path(text).expanduser()
        except RuntimeError:  # ~ and no home folder
            p = Path(text)
        relative = not p.is_absolute()
        if relative:
            p = Path(base_dir if base_dir is not None else Path.cwd()) / p
        p = Path(os.path.abspath(p))
        # the path as tried; from a parameter file, a relative path says where it was read from
        from_file = relative and where.get("path") is not None
        try:
            st = p.stat()
        except (FileNotFoundError, NotADirectoryError):
            why = (Message("errors_run.parameters.why.not_found_from_file", path=p) if from_file
                   else Message("errors_run.parameters.why.not_found", path=p))
            raise self._fail(text, why, **where) from None
        except OSError as exc:
            raise self._os_error(exc, p, text) from None
        if stat.S_ISDIR(st.st_mode):
            raise self._fail(text, Message("errors_run.parameters.why.folder", path=p), **where)
        if not stat.S_ISREG(st.st_mode):
            raise self._fail(text, Message("errors_run.parameters.why.not_regular", path=p), **where)
        try:
            with open(p, "rb") as fh:
                fh.read(1)
        except OSError as exc:
            raise self._os_error(exc, p, text) from None
        return str(p)

    def _os_error(self, exc: OSError, p: Path, given: str) -> RenjaError:
        """The file ``p`` (the path as tried) could not be read; ``given`` is the path as written."""
        doing = (Message("errors_run.parameters.doing_read", name=self.name) if given == str(p)
                 else Message("errors_run.parameters.doing_read_given", name=self.name, given=given))
        return from_os_error(exc, path=p, doing=doing)


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def check_timeout(value: Any) -> float:
    """``--timeout``: a finite number of seconds above 0; fractions are fine (``2.5``).

    >>> check_timeout("2.5")
    2.5
    """
    if isinstance(value, str):
        t = value.strip()
        if _COMMA_DECIMAL.fullmatch(t):
            raise RenjaError(Message("errors_run.parameters.timeout.comma", value=value))
        if len(t) > 100 or not _FLOAT.fullmatch(t):
            raise RenjaError(Message("errors_run.parameters.timeout.not_number", value=value))
        value = float(t)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
        raise RenjaError(Message("errors_run.parameters.timeout.not_positive", value=value))
    return float(value)


# ---------------------------------------------------------------- the registry

#: The project's notebooks, by file stem.
NOTEBOOKS = ("01_overview", "02_labour_indicators", "03_budget_absorption", "04_performance_achievement",
             "05_plan_changes", "06_data_audit")
# Each notebook declares only the parameters its cells use (tests/test_notebooks.py checks): 01 draws no
# chart, so it has no figures_dir; only 02 reads indicator series, only 02 and 04 compute achievement.
_ALL = NOTEBOOKS
_CHARTS = tuple(nb for nb in NOTEBOOKS if nb != "01_overview")
_LABOUR = ("02_labour_indicators",)
_ACHIEVEMENT = ("02_labour_indicators", "04_performance_achievement")
_BUDGET = ("03_budget_absorption",)

# Kept in step with renja_lib.analyse.ratings.METHODS, renja_lib.analyse.budget.UNITS and DECIMAL_MARKS, and
# renja_lib.analyse.labour.PAIR_BASES (a test checks); written out so that planning a run does not import pandas.
_METHODS = ("two_minus", "inverse_ratio")
_PAIR_BASES = ("TKK", "TPT")
_UNITS = ("rupiah", "ribu", "juta", "miliar")
_DECIMAL_MARKS = (",", ".")

_PARAMETERS = (
    Parameter("source", "path", None, "The Renja document as text; None is the bundled Renja 2023. Set by the "
              "runner from SOURCE or a parameter file's 'source'.", _ALL, optional=True, set_by_runner=True),
    Parameter("lang", "choice", "id", "Report language: 'id' (Indonesian) or 'en' (English); also --lang.",
              _ALL, choices=LANGS),
    Parameter("figures_dir", "str", "figures", "Folder where slide-ready charts are written (PNG 300 dpi and "
              "SVG), relative to the report folder; None shows them only. Set by the runner.", _CHARTS,
              optional=True, set_by_runner=True),
    Parameter("extra_indicators", "path", None, "CSV of more indicator values (region, indicator, year, kind, "
              "value[, source, series_break]).", _LABOUR, optional=True),
    Parameter("bps_files", "paths", None, "BPS labour statistics as downloaded: the website's table (.csv or "
              ".xlsx) or a WebAPI answer saved as .json; one file or a list. Their annual (August) figures join "
              "the series; the province and the neighbours are compared with the document's region.", _LABOUR,
              optional=True),
    Parameter("neighbours", "list", None, "Names of neighbouring regions to compare with (as BPS writes them or "
              "otherwise: 'Kabupaten Sleman', 'Yogyakarta (Kota)'); the province needs none.", _LABOUR,
              optional=True),
    Parameter("region", "str", None, "The document's region, as in the indicator series (e.g. 'Kota Malang'); "
              "None is the region the document names.", _LABOUR, optional=True),
    Parameter("method", "choice", "two_minus", "Achievement of lower-is-better indicators: 'two_minus' "
              "((2 x target - actual) / target) or 'inverse_ratio' (target / actual).", _ACHIEVEMENT,
              choices=_METHODS),
    Parameter("pair_basis", "choice", None, "TPT and TKK are one fact (TKK = 100 - TPT): 'TPT' rates both by "
              "TPT's achievement and band, 'TKK' both by TKK's; None rates each by its own formula and the page "
              "says where the two disagree.", _LABOUR, choices=_PAIR_BASES, optional=True),
    Parameter("directions_file", "path", None, "CSV of indicator directions (indicator or code, direction[, "
              "note]); None is the document's <stem>.directions.csv when it exists beside it.",
              ("04_performance_achievement",), optional=True),
    Parameter("city_budget_file", "paths", None, "The region's APBD realisation as the DJPK portal exports it "
              "(CSV or .xlsx; one file or a list, one a year), to set the office's absorption against the "
              "whole region's spending.", _BUDGET, optional=True),
    Parameter("spending_file", "path", None, "Your own spending report (CSV or .xlsx: code or account name, "
              "period, budget, spending).", _BUDGET, optional=True),
    Parameter("spending_unit", "choice", None, "Unit of the spending file's amounts; None: the file must say.",
              _BUDGET, choices=_UNITS, optional=True),
    Parameter("spending_decimal", "choice", ",", "Decimal mark of the spending file's numbers: ',' for "
              "Indonesian numbers (1.234,5) or '.' for plain ones (1234.5).", _BUDGET, choices=_DECIMAL_MARKS),
    Parameter("spending_cumulative", "bool", None, "True if the spending file's periods are cumulative, False "
              "if per period; None for a single period.", _BUDGET, optional=True),
    Parameter("planned_schedule", "mapping", None, "Planned cumulative absorption in % of the budget by period, "
              "e.g. {\"Q1\": 20, \"Q2\": 45, \"Q3\": 75, \"Q4\": 100}.", _BUDGET, minimum=0, maximum=100,
              optional=True),
    Parameter("top", "int", 10, "How many of the largest plan changes to show.", ("05_plan_changes",),
              minimum=1, maximum=1000),
    Parameter("tolerance", "float", 1.0, "How far a reported ratio may be from the recomputed one, in "
              "percentage points.", ("06_data_audit",), minimum=0, maximum=100),
)

#: Every notebook parameter by name. Later issues add theirs here.
REGISTRY: dict[str, Parameter] = {p.name: p for p in _PARAMETERS}
