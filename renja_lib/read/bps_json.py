"""An answer of the BPS WebAPI for one variable, saved to a file, as the cells :mod:`renja_lib.read.bps` checks.

The answer of ``https://webapi.bps.go.id/v1/api/list/model/data/lang/ind/domain/<domain>/var/<var>/key/<key>/``
is one JSON object:

* ``status`` ``"OK"`` and ``data-availability`` ``"available"`` (``"list-not-available"`` when the variable has
  no data for that domain: refused, with the way out);
* ``var`` (the variable: ``val``, ``label``, ``unit``), ``vervar`` (the rows: regions), ``turvar`` (a breakdown:
  sex, area; ``Tidak ada`` for none), ``tahun`` (the years: ``val`` an id, 121, ``label`` the year, ``2021``),
  ``turtahun`` (the part of the year: ``Februari``, ``Agustus``, ``Tahun``), each a list of
  ``{"val": id, "label": text}``; ``labelvervar`` names what the rows are (``Kabupaten/Kota``);
* ``datacontent``: ``{key: value}``, the key being the ids of vervar, var, turvar, tahun and turtahun written one
  after the other with no separator (``3575`` ``543`` ``0`` ``121`` ``189`` is ``35755430121189``).

Ids have no fixed width, so a key is split with the id lists of the same answer: every way of joining one id of
each list is made, and a key must be exactly one of them. A key that is none (an id the lists do not hold) or
two (``1`` ``12`` and ``11`` ``2`` both make ``112``) is an error naming the key and its line in the file.
Numbers are read as written (``5.49`` has two decimals); a value written as text (``"5,49"``) is read like a
table's cell; ``null``, ``""``, ``"-"`` and ``"…"`` are no value.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..text.catalogue import Message
from .bps import BREAKDOWN_WORDS, KABKOTA, TOTAL_WORDS, Cell, compact, indicator_in, indicator_names, period_in, \
    province_in, resolve_levels, strip_mark
from .regions import RegionName, level_of_code, parse_region
from .user_tables import cells_decimal, table_error

__all__ = ["read_answer", "LISTS", "split_key"]

#: The id lists of an answer, in the order their ids are joined in a key of ``datacontent``.
LISTS: tuple[str, ...] = ("vervar", "var", "turvar", "tahun", "turtahun")
_REQUIRED = ("vervar", "var", "tahun")
_NONE = [{"val": 0, "label": ""}]
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_KEY = re.compile(r'"((?:[^"\\]|\\.)*)"\s*:')


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _field_line(text: str, field: str) -> int:
    m = re.search(r'"' + re.escape(field) + r'"\s*:', text)
    return _line_at(text, m.start()) if m else 1


def _key_lines(text: str) -> dict[str, int]:
    """The line of each key of ``datacontent`` in the file (the first time it is written there)."""
    m = re.search(r'"datacontent"\s*:', text)
    if not m:
        return {}
    out: dict[str, int] = {}
    line, at = _line_at(text, m.start()), m.start()
    for k in _KEY.finditer(text, m.end()):
        line += text.count("\n", at, k.start())
        at = k.start()
        out.setdefault(k.group(1), line)
    return out


def split_key(key: str, ids: dict[str, list[str]]) -> list[tuple[str, ...]]:
    """Every way ``key`` is one id of each list of ``ids`` (:data:`LISTS` order) joined: one way, or none, or
    several (an ambiguous key).

    >>> split_key("35755430121189", {"vervar": ["3514", "3575"], "var": ["543"], "turvar": ["0"],
    ...                               "tahun": ["121", "122"], "turtahun": ["188", "189"]})
    [('3575', '543', '0', '121', '189')]
    >>> split_key("112", {"vervar": ["1", "11"], "var": ["12", "2"], "turvar": [""],
    ...                   "tahun": [""], "turtahun": [""]})
    [('1', '12', '', '', ''), ('11', '2', '', '', '')]
    """
    ways: list[tuple[str, ...]] = []

    def walk(rest: str, depth: int, taken: tuple[str, ...]) -> None:
        if depth == len(LISTS):
            if not rest:
                ways.append(taken)
            return
        for i in ids[LISTS[depth]]:
            if rest.startswith(i):
                walk(rest[len(i):], depth + 1, taken + (i,))

    walk(key, 0, ())
    return ways


def read_answer(p: Path, text: str, asked: str | None) -> tuple[list[Cell], tuple[str, ...], str | None]:
    """The cells of a WebAPI answer (see the module docstring), its title (the variable's label) and the decimal
    mark of the values written as text; one RenjaError naming the file, the line and the field or key of the
    first bad shape."""
    try:
        answer = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise table_error(p, exc.lineno, None, Message("errors_bps.json.not_json", error=exc.msg,
                                                       column=exc.colno)) from None
    except RecursionError:
        raise table_error(p, 1, None, Message("errors_bps.json.not_json", error="RecursionError", column=1)) from None
    if not isinstance(answer, dict):
        raise table_error(p, 1, None, Message("errors_bps.json.not_object", type=type(answer).__name__))
    status = answer.get("status")
    if status is not None and str(status).strip().upper() != "OK":
        raise table_error(p, _field_line(text, "status"), "status", Message(
            "errors_bps.json.status", status=str(status), message=str(answer.get("message") or "")))
    availability = answer.get("data-availability")
    if availability is not None and availability != "available":
        raise table_error(p, _field_line(text, "data-availability"), "data-availability",
                          Message("errors_bps.json.not_available", got=str(availability)))
    lists = {field: _entries(p, text, answer, field) for field in LISTS}
    content = answer.get("datacontent")
    if not isinstance(content, dict) or not content:
        raise table_error(p, _field_line(text, "datacontent"), "datacontent",
                          Message("errors_bps.json.no_values", got=type(content).__name__ if not isinstance(
                              content, dict) else "{}"))
    ids = {field: [i for i, _ in entries] for field, entries in lists.items()}
    title = tuple(label for _, label in lists["var"])
    context = " ".join(title) + " " + str(answer.get("labelvervar") or "")
    indicators = {v: _indicator(p, text, label, asked) for v, label in lists["var"]}
    years = {t: _year(p, text, label) for t, label in lists["tahun"]}
    periods = {t: _period(p, text, t, label) for t, label in lists["turtahun"]}
    breakdowns = {t: _breakdown(t, label) for t, label in lists["turvar"]}
    names = [parse_region(label) for _, label in lists["vervar"]]
    names = [n if n.code is not None or not level_of_code(v) else RegionName(n.written, n.level, n.name, v)
             for (v, _), n in zip(lists["vervar"], names)]
    regions = dict(zip(ids["vervar"], resolve_levels(names, bool(KABKOTA.search(context)),
                                                      province_in(context))))
    lines = _key_lines(text)
    cells: list[Cell] = []
    for key, value in content.items():
        line = lines.get(key, _field_line(text, "datacontent"))
        ways = split_key(str(key), ids)
        if not ways:
            raise table_error(p, line, key, Message("errors_bps.json.key_unmatched", key=key, lists=list(LISTS)))
        if len(ways) > 1:
            raise table_error(p, line, key, Message("errors_bps.json.key_ambiguous", key=key,
                                                    ways=[" + ".join(w) for w in ways]))
        vervar, var, turvar, tahun, turtahun = ways[0]
        cells.append(Cell(line, key, regions[vervar], indicators[var], years[tahun], periods[turtahun],
                          breakdowns[turvar], value))
    decimal = cells_decimal(p, [(c.row, c.column, strip_mark(c.raw)[0]) for c in cells if isinstance(c.raw, str)],
                            percent=True, units=False)
    return cells, title, decimal


def _entries(p: Path, text: str, answer: dict, field: str) -> list[tuple[str, str]]:
    """``(id, label)`` of each entry of the list ``field`` (turvar and turtahun may be missing: one id 0)."""
    entries = answer.get(field)
    if entries is None and field not in _REQUIRED:
        entries = _NONE
    line = _field_line(text, field)
    if not isinstance(entries, list) or not entries:
        raise table_error(p, line, field, Message("errors_bps.json.missing", field=field,
                                                  got=type(entries).__name__ if entries is not None else "null"))
    out = []
    for n, entry in enumerate(entries, 1):
        val = entry.get("val") if isinstance(entry, dict) else None
        if isinstance(val, bool) or not isinstance(val, (int, str, Decimal)) or not str(val).strip().isdigit():
            raise table_error(p, line, field, Message("errors_bps.json.entry", field=field, n=n, got=entry))
        label = entry.get("label")
        out.append((str(val).strip(), "" if label is None else str(label).strip()))
    ids = [i for i, _ in out]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        raise table_error(p, line, field, Message("errors_bps.json.id_twice", field=field, id=twice[0]))
    return out


def _indicator(p: Path, text: str, label: str, asked: str | None) -> str:
    found = indicator_in(label)
    line = _field_line(text, "var")
    if asked is not None:
        if found and asked not in found:
            raise table_error(p, line, "var", Message("errors_bps.indicator_other", asked=asked, found=found,
                                                      where=label))
        return asked
    if len(found) == 1:
        return found[0]
    if found:
        raise table_error(p, line, "var", Message("errors_bps.indicator_several", found=found, where=label))
    raise table_error(p, line, "var", Message("errors_bps.indicator_unknown", where=label,
                                              keys=[k for k, _, _ in indicator_names()]))


def _year(p: Path, text: str, label: str) -> int:
    years = set(_YEAR.findall(label))
    if len(years) != 1:
        raise table_error(p, _field_line(text, "tahun"), "tahun", Message("errors_bps.json.year", label=label))
    return int(years.pop())


def _period(p: Path, text: str, val: str, label: str) -> str:
    found = period_in(label)
    if found is None and (val == "0" or not label):
        return "annual"
    if found is None:
        raise table_error(p, _field_line(text, "turtahun"), "turtahun",
                          Message("errors_bps.json.period", label=label, id=val))
    return found


def _breakdown(val: str, label: str) -> str:
    key = compact(label)
    if val == "0" or not key or key in TOTAL_WORDS:
        return ""
    return BREAKDOWN_WORDS.get(key, label)
