"""The document's identity, read from its own words: office, region, plan year, kind and date.

A Renja names itself on its title page (``RENCANA KERJA TAHUN 2023`` / ``DINAS TENAGA
KERJA`` / ``KOTA PASURUAN``, or ``PEMERINTAH KABUPATEN SIDOARJO``), in the header of its
tables (``Nama Perangkat Daerah : Dinas Tenaga Kerja Kota Pasuruan``) and in the
signature of its foreword (``Pasuruan, 12 Juli 2022``). :func:`read_identity` reads each
part from the strongest place that states it and keeps where it read it
(:class:`~renja_lib.read.locator.Locator`), so that every chart title, page and sentence
names the office, region and year of the document in hand, never a default.

The rules, strongest first:

- **office**: the ``Nama Perangkat Daerah`` (or ``SKPD``, ``OPD``, ``Unit Kerja``) line
  of the tables, the most frequent value; else the title page: a line that starts with
  an office word (``Dinas``, ``Badan``, ``Sekretariat``, ``Inspektorat``, ``Satuan``,
  ``Kantor``, ``Rumah Sakit``, ``RSUD``, ``Kecamatan``, ...), joined with the region
  line under it.
- **region** (``Kota``, ``Kabupaten`` or ``Provinsi`` and a name): the title page's
  ``PEMERINTAH KOTA/KABUPATEN/PROVINSI ...`` line; else the end of the office's name;
  else a line of the document that is a region and nothing else (under a table's
  title). Two places that name different regions are a problem; the strongest wins.
- **plan year**: ``RENCANA KERJA ... TAHUN 2023`` (or ``RENJA``, ``TAHUN ANGGARAN``) on the
  title page, checked against the plan year of the tables (given by the caller); a
  difference is a problem.
- **kind**: ``renja_perubahan`` when the title says ``PERUBAHAN`` (``RENJA-P``),
  else ``renja`` when it says ``RENCANA KERJA`` or ``RENJA``.
- **date**: the line ``<place>, [<day> <month>] <year>`` that signs the foreword.

Names written in capitals on the title page are written as the document writes them
elsewhere in mixed case (``KOTA PASURUAN`` -> ``Kota Pasuruan``); when it never does,
each word is capitalised, short words (``dan``, ``di``) in lower case.

Nothing is guessed: a part no rule finds stays None, and :func:`read_identity` returns
one problem naming what could not be read.
"""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from itertools import takewhile
from types import MappingProxyType
from typing import Any

import pandas as pd

from .locator import LOCATOR_COLUMNS, Locator

__all__ = ["FIELDS", "REGION_KINDS", "DOCUMENT_KINDS", "Identity", "read_identity", "region_in", "other_region"]

#: The parts of an identity, in the order of :meth:`Identity.frame`.
FIELDS = ("office", "region", "region_kind", "plan_year", "document_kind", "date")

#: Codes of the kinds of region; the words are in the catalogue (``identity.region_kind.<code>``).
REGION_KINDS = ("kota", "kabupaten", "provinsi")

#: Codes of the kinds of document (``identity.document_kind.<code>``).
DOCUMENT_KINDS = ("renja", "renja_perubahan")

#: How many lines the title page may take at most, when no chapter or foreword marks its end first.
TITLE_LINES = 80

_MONTHS = ("januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus", "september", "oktober",
           "november", "desember")
_MARKUP = re.compile(r"[*_#`>]+")
_SPACE = re.compile(r"\s+")
_TITLE_END = re.compile(r"^(BAB\s+[IVX1-9]+\b|KATA\s+PENGANTAR\b|DAFTAR\s+ISI\b|KEPUTUSAN\b|Tabel\s+\d)",
                        re.IGNORECASE)
_REGION_WORD = r"(?P<kind>KOTA|KABUPATEN|KAB\.?|PROVINSI|PROPINSI)"
#: words that end a region's name when they follow it on the same line
_NAME_STOP = {"tahun", "ta", "nomor", "no", "tentang", "periode", "anggaran", "jl", "jalan", "telepon", "telp",
              "provinsi", "propinsi", "kota", "kabupaten", "kab", "dinas", "badan", "rencana", "renja", "dan",
              "pada", "di", "untuk", "sebagai", "yang"}
_REGION = re.compile(_REGION_WORD + r"\s+(?P<name>[A-Za-z][A-Za-z'.\-]*(?:\s+[A-Za-z][A-Za-z'.\-]*){0,4})",
                     re.IGNORECASE)
_GOVERNMENT = re.compile(r"^PEMERINTAH(?:AN)?\s+" + _REGION_WORD + r"\s+", re.IGNORECASE)
_OFFICE_NAME_LINE = re.compile(r"^Nama\s+(?:Perangkat\s+Daerah|Organisasi\s+Perangkat\s+Daerah|SKPD|OPD|"
                               r"Unit\s+Kerja)\s*:\s*(?P<name>\S.*)$", re.IGNORECASE)
_OFFICE_START = re.compile(r"\b(?P<office>(?:DINAS|BADAN|SEKRETARIAT|INSPEKTORAT|SATUAN\s+POLISI|KANTOR|"
                           r"RUMAH\s+SAKIT|RSUD|KECAMATAN|KELURAHAN|BIRO|UNIT\s+PELAKSANA)\b.*)$",
                           re.IGNORECASE)
_PLAN = re.compile(r"\b(?:RENCANA\s+KERJA|RENJA)\b(?P<rest>.*)$", re.IGNORECASE)
_YEAR_WORDS = re.compile(r"\b(?:TAHUN\s+ANGGARAN|TAHUN|T\.?A\.?)\s*(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_CHANGE = re.compile(r"\bPERUBAHAN\b|\bRENJA\s*-\s*P\b", re.IGNORECASE)
_SIGNED = re.compile(r"^(?P<place>[A-Z][A-Za-z'.\-]*(?:\s+[A-Z][A-Za-z'.\-]*){0,3}),\s*"
                     r"(?:(?P<day>\d{1,2})\s+(?P<month>" + "|".join(_MONTHS) + r")\s+)?(?P<year>(?:19|20)\d\d)\.?$",
                     re.IGNORECASE)
#: the first four letters, in lower case, of a line that may be a region alone ("Kota Malang", "Kab. Gresik")
_REGION_STARTS = frozenset({"kota", "kabu", "kab.", "kab ", "prov", "prop"})
_LEAD_MARKS = " \t*#_->•"  # what may come before a line's first word
#: a line (after the line break before it) whose first four letters, in lower case, after ``_LEAD_MARKS``, are "nama"
#: or one of ``_REGION_STARTS``: found in the whole text at once, re jumping from line break to line break (re.I folds
#: these letters as str.lower does: "K", the Kelvin sign, to "k" alike)
_HEADS = re.compile(r"\n[ \t*#_\->•]*(?i:(nama|kota|kabu|kab[. ]|prov|prop))")
_SMALL_WORDS = {"dan", "serta", "di", "ke", "dari", "untuk", "pada", "dalam", "atau", "yang"}


def _clean(text: str) -> str:
    """A line without Markdown marks, list bullets and repeated spaces."""
    text = _MARKUP.sub(" ", text.replace("\t", " "))
    return _SPACE.sub(" ", text).strip(" -•").strip()


@dataclass(frozen=True)
class Identity:
    """What the document says it is; a part it does not state is None.

    ``region`` is the full name (``Kota Pasuruan``), ``region_kind`` its code (one of
    :data:`REGION_KINDS`) and ``region_name`` the name alone (``Pasuruan``).
    ``document_kind`` is one of :data:`DOCUMENT_KINDS`; ``date`` is the signature's date
    as ISO text (``2022`` or ``2022-07-12``), ``date_text`` as written. ``where`` maps
    each part read to its :class:`~renja_lib.read.locator.Locator`.
    """

    office: str | None = None
    region: str | None = None
    region_kind: str | None = None
    region_name: str | None = None
    plan_year: int | None = None
    document_kind: str | None = None
    date: str | None = None
    date_text: str | None = None
    where: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    @property
    def missing(self) -> tuple[str, ...]:
        """The parts of :data:`FIELDS` that could not be read."""
        return tuple(f for f in FIELDS if getattr(self, f) is None)

    def frame(self) -> pd.DataFrame:
        """One row per part: ``field, value, quote`` and the locator columns (empty where it was not read)."""
        rows = []
        for name in FIELDS:
            loc, quote = self.where.get(name, (None, None))
            rows.append({"field": name, "value": getattr(self, name), "quote": quote,
                         **(loc.columns() if loc is not None else dict.fromkeys(LOCATOR_COLUMNS))})
        return pd.DataFrame(rows, columns=["field", "value", "quote", *LOCATOR_COLUMNS])


def _as_written(text: str, body: str, low: str | bytes | None = None) -> str:
    """``text`` spelled as the document writes it in mixed case, else with each word capitalised.

    ``body`` is the whole document (its lines joined) and ``low`` its lower case: as text (``body.lower()``), or as
    bytes from :func:`_folded` (faster to make); made here when not given.
    """
    if not text.isupper():
        return text
    needle, spellings, at = text.lower(), Counter(), 0
    if low is None:
        low = _folded(body) if needle.isascii() else None
        low = body.lower() if low is None else low
    if isinstance(low, bytes) and not needle.isascii():
        low = body.lower()
    key = needle.encode("ascii") if isinstance(low, bytes) else needle
    # a letter next to it makes it part of a longer word; in the bytes a character not ASCII is "?", so whether one
    # is a letter is asked of the body, in lower case (as the lower-cased text is asked)
    alpha = (lambda i: body[i].lower().isalpha()) if isinstance(low, bytes) else (lambda i: low[i].isalpha())  # noqa
    while (at := low.find(key, at)) >= 0:
        end = at + len(needle)
        if not (at and alpha(at - 1)) and not (end < len(low) and alpha(end)):
            found = body[at:end]
            if not found.isupper():
                spellings[found] += 1
        at = end
    if spellings:
        return spellings.most_common(1)[0][0]
    words = []
    for i, word in enumerate(text.split()):
        low_word = word.lower()
        words.append(low_word if i and low_word in _SMALL_WORDS else word[:1] + word[1:].lower())
    return " ".join(words)


#: the only characters not ASCII whose lower case holds an ASCII letter ("K", the Kelvin sign) or more than one
#: character ("İ"): in a text without them, an ASCII word's places in the lower case are those in the ASCII letters
#: alone put in lower case (:func:`_folded`)
_FOLDS_TO_ASCII = ("\u0130", "\u212a")


def _folded(body: str) -> bytes | None:
    """``body`` with its ASCII letters in lower case and every other character as "?", one byte each (so at the
    places of ``body``): where an ASCII word is in ``body.lower()``, found without putting the whole text in lower
    case (slow in a text not all ASCII); None when ``body`` holds a character of :data:`_FOLDS_TO_ASCII`."""
    return None if any(c in body for c in _FOLDS_TO_ASCII) else body.encode("ascii", "replace").lower()


def region_in(text: str, *, whole: bool = False) -> tuple[str, str] | None:
    """``(kind, name)`` of the region named in ``text`` (the whole text when ``whole``), else None."""
    for m in _REGION.finditer(text):
        if whole and m.start() != 0:
            return None
        words = []
        for word in m.group("name").split():
            bare = word.strip(".,;:").lower()
            if bare in _NAME_STOP or not bare.replace("-", "").replace("'", "").isalpha():
                break
            words.append(word.strip(".,;:"))
        if not words:
            continue
        if whole and m.start("name") + len(" ".join(words)) < len(text.rstrip(" .,;:")):
            return None
        kind = m.group("kind").lower().rstrip(".")
        kind = {"kab": "kabupaten", "propinsi": "provinsi"}.get(kind, kind)
        return kind, " ".join(words)
    return None


_KIND_WORD = {"kota": "Kota", "kabupaten": "Kabupaten", "provinsi": "Provinsi"}
# a region named in prose: the nation, or a kind's word before a name in capitals ("kota ini" names none)
_REGION_NAMED = re.compile(r"\b(?P<nation>nasional|indonesia)\b|\b(?:kota|kabupaten|kab\.?|provinsi|propinsi)\s+"
                           r"(?-i:(?=[A-Z]))", re.I)


def other_region(text: str, a: int, b: int, region: tuple[str, str]) -> str | None:
    """The region ``text[a:b]`` names last, as written ("Provinsi Jawa Timur", "nasional"), when it is not
    ``region`` (``(kind, name)`` as :func:`region_in` gives them; ``("", "")``: unknown, so none is); else None
    (none named, or ``region`` itself).

    >>> other_region("TPT Kota Blitar 5,1 %, TPT Provinsi Jawa Timur sebesar 5,5 %", 22, 60, ("kota", "Blitar"))
    'Provinsi Jawa Timur'
    >>> other_region("TPT Kota Blitar tahun 2022 sebesar 5,1 %", 0, 35, ("kota", "Blitar")) is None
    True
    """
    named = None
    for named in _REGION_NAMED.finditer(text, a, b):
        pass
    if named is None:
        return None
    if named.group("nation"):
        return named.group()
    kind, name = region_in(text[named.start():b]) or ("", "")
    name = " ".join(takewhile(lambda w: w[:1].isupper(), name.split()))  # (its words in capitals: the name)
    own_kind, own_name = region
    return None if own_kind and kind == own_kind and name.casefold() == own_name.casefold() else (
        f"{named.group().strip()} {name}".strip())


def _head(raw: str) -> str:
    """A raw line's first four letters, in lower case, without its leading marks."""
    return raw.lstrip(_LEAD_MARKS)[:4].lower()


class _CleanLines:
    """The document's lines cleaned (:func:`_clean`) when first asked for: most lines never are."""

    def __init__(self, lines: Sequence[str]):
        self.raw, self.done = lines, {}

    def __getitem__(self, i: int) -> str:
        if i not in self.done:
            self.done[i] = _clean(self.raw[i])
        return self.done[i]


class _Reader:
    def __init__(self, lines: Sequence[str], locate: Callable[[int], Locator]):
        self.raw = lines
        self.lines = _CleanLines(lines)

        self.locate = locate
        self.where: dict[str, tuple[Locator, str]] = {}
        self.problems: list[tuple[int | None, str, str, dict]] = []  # line, raw, message key, fields
        self.spelled: dict[str, str] = {}  # each name in capitals as the document writes it (:meth:`written`)
        first = min(TITLE_LINES, len(lines))  # (the lines cleaned up to the title's end only)
        end = next((i for i in range(first) if _TITLE_END.match(self.lines[i])), first)
        self.title = [(i + 1, x) for i in range(end) if (x := self.lines[i]) and "\t" not in lines[i]]  # a table
        # row is no title

    @cached_property
    def heads(self) -> dict[str, list[int]]:
        """The lines (0-based, in order) whose first four letters (:func:`_head`) are "nama" or a region's, by those
        letters: one search of the whole text (``_HEADS``), each line counted from the line breaks before it; each
        line asked when one holds a line break."""
        body, found = self.body, {}
        if body.count("\n") != len(self.raw) - 1:
            for i, raw in enumerate(self.raw):
                if (head := _head(raw)) == "nama" or head in _REGION_STARTS:
                    found.setdefault(head, []).append(i)
            return found
        if (head := _head(self.raw[0]) if self.raw else "") == "nama" or head in _REGION_STARTS:
            found[head] = [0]
        line, last = 0, 0
        for m in _HEADS.finditer(body):  # (the line after the break at m.start())
            line, last = line + body.count("\n", last, m.start() + 1), m.start() + 1
            found.setdefault(m.group(1).lower(), []).append(line)
        return found

    @cached_property
    def body(self) -> str:
        """The whole document as one text (only a name in capitals needs it, to find its mixed-case spelling)."""
        return "\n".join(self.raw)

    @cached_property
    def low(self) -> str | bytes:
        """The body in lower case, as :func:`_as_written` reads it (bytes from :func:`_folded` where it can)."""
        folded = _folded(self.body)
        return self.body.lower() if folded is None else folded

    def keep(self, name: str, line: int, quote: str) -> None:
        self.where[name] = (self.locate(line), quote)

    # ------------------------------------------------------------ office
    def office(self) -> tuple[str, int, str] | None:
        named = [(m.group("name").strip(" .;:"), i + 1) for i in self.heads.get("nama", ())
                 if (m := _OFFICE_NAME_LINE.match(self.lines[i]))]
        named = [(n, ln) for n, ln in named if n]
        if named:
            counts = Counter(_SPACE.sub(" ", n).casefold() for n, _ in named)
            best = counts.most_common(1)[0][0]
            name, line = next((n, ln) for n, ln in named if _SPACE.sub(" ", n).casefold() == best)
            return name, line, self.lines[line - 1]
        for k, (line, text) in enumerate(self.title):
            m = _OFFICE_START.search(text)
            if not m or _GOVERNMENT.match(text):
                continue
            name = re.split(r"\s+(?:TAHUN|TA\.?)\s*(?:ANGGARAN\s+)?(?:19|20)\d\d\b", m.group("office"),
                            flags=re.IGNORECASE)[0].strip(" .,;:")
            if region_in(name) is None and k + 1 < len(self.title) and region_in(self.title[k + 1][1], whole=True):
                following = self.title[k + 1][1]
                return f"{name} {following.strip(' .,;:')}", line, f"{text} / {following}"
            return name, line, text
        return None

    # ------------------------------------------------------------ region
    def region(self, office: tuple[str, int, str] | None) -> tuple[str, str, int, str] | None:
        found: list[tuple[str, str, int, str]] = []  # kind, name, line, quote; strongest first
        for line, text in self.title:
            if _GOVERNMENT.match(text) and (r := region_in(text[len("PEMERINTAH"):].strip())):
                found.append((*r, line, text))
                break
        if office is not None and (r := region_in(office[0])):
            found.append((*r, office[1], office[2]))
        alone = Counter()
        first: dict[tuple[str, str], tuple[int, str]] = {}
        for i in sorted(i for head in _REGION_STARTS for i in self.heads.get(head, ())):
            if len(self.raw[i]) > 80:
                continue
            text = self.lines[i]
            if len(text) <= 60 and (r := region_in(text, whole=True)):
                key = (r[0], r[1].casefold())
                alone[key] += 1
                first.setdefault(key, (i + 1, text))
        if alone:
            (kind, _), _n = alone.most_common(1)[0]
            line, text = first[(kind, _)]
            found.append((kind, region_in(text, whole=True)[1], line, text))
        if not found:
            return None
        best = found[0]
        for other in found[1:]:
            if (other[0], other[1].casefold()) != (best[0], best[1].casefold()):
                self.problems.append((other[2], other[3], "identity.region_conflict",
                                      {"chosen": self.region_text(best[0], best[1]), "line": best[2],
                                       "other": self.region_text(other[0], other[1])}))
        return best

    def region_text(self, kind: str, name: str) -> str:
        """``Kota Pasuruan``: the kind's word and the name as the document writes them."""
        return f"{_KIND_WORD[kind]} {self.written(name)}"

    def written(self, text: str) -> str:
        """:func:`_as_written`, reading the whole document only for a name in capitals (once for each)."""
        if not text.isupper():
            return text
        if text not in self.spelled:
            self.spelled[text] = _as_written(text, self.body, self.low)
        return self.spelled[text]

    # ------------------------------------------------------------ plan year and kind
    def plan(self) -> tuple[int | None, int | None, str | None, int | None, str]:
        """(plan year, its line, document kind, its line, quote)."""
        for k, (line, text) in enumerate(self.title):
            m = _PLAN.search(text)
            if not m:
                continue
            kind = "renja_perubahan" if _CHANGE.search(text) else "renja"
            year_line, quote = line, text
            y = _YEAR_WORDS.search(m.group("rest"))
            if y is None:  # the year on the next line of the title: "RENCANA KERJA" / "TAHUN 2023"
                for line2, text2 in self.title[k + 1:k + 4]:
                    if (y := _YEAR_WORDS.match(text2)) is not None:
                        year_line, quote = line2, text2
                        break
            return (int(y.group("year")) if y else None), year_line, kind, line, quote
        return None, None, None, None, ""

    # ------------------------------------------------------------ date
    def date(self) -> tuple[str, str, int] | None:
        for i, raw in enumerate(self.raw):
            if len(raw) > 80 or "," not in raw:
                continue
            text = self.lines[i]
            m = _SIGNED.match(text) if len(text) <= 60 and text[-1:].isdigit() else None
            if not m or m.group("place").lower() in _MONTHS:
                continue
            year = m.group("year")
            if m.group("day"):
                month = _MONTHS.index(m.group("month").lower()) + 1
                iso = f"{year}-{month:02d}-{int(m.group('day')):02d}"
                written = f"{int(m.group('day'))} {m.group('month')} {year}"
            else:
                iso = written = year
            return iso, written, i + 1
        return None


def read_identity(lines: Sequence[str], *, locate: Callable[[int], Locator] | None = None,
                  table_plan_year: tuple[int, int | None] | None = None
                  ) -> tuple[Identity, list[tuple[int | None, str, str, dict[str, Any]]]]:
    """The :class:`Identity` of a document given as its lines, and the problems met reading it.

    ``locate`` turns a 1-based line into a :class:`~renja_lib.read.locator.Locator` (by
    default a text locator of that line). ``table_plan_year`` is ``(year, line)``: the
    plan year of the tables, used when the title page states none and checked against
    it when it does. A problem is ``(line, raw text, catalogue key, fields)``: the
    caller writes it as a :class:`~renja_lib.errors.Problem`.

    >>> ident, problems = read_identity(["RENCANA KERJA TAHUN 2024", "", "DINAS KESEHATAN", "KABUPATEN SIDOARJO",
    ...                                  "", "Sidoarjo, 3 Juni 2023", "Dinas Kesehatan Kabupaten Sidoarjo"])
    >>> ident.office, ident.region, ident.region_kind, ident.plan_year, ident.date
    ('Dinas Kesehatan Kabupaten Sidoarjo', 'Kabupaten Sidoarjo', 'kabupaten', 2024, '2023-06-03')
    >>> problems
    []
    """
    locate = locate or (lambda line: Locator("text", line=line))
    r = _Reader(lines, locate)
    office = r.office()
    region = r.region(office)
    year, year_line, kind, kind_line, quote = r.plan()
    values: dict[str, Any] = {}
    if office is not None:
        values["office"] = r.written(office[0])
        r.keep("office", office[1], office[2])
    if region is not None:
        kind_code, name, line, text = region
        values.update(region=r.region_text(kind_code, name), region_kind=kind_code,
                      region_name=r.written(name))
        r.keep("region", line, text)
        r.keep("region_kind", line, text)
    if table_plan_year is not None and table_plan_year[0] is not None:
        t_year, t_line = table_plan_year
        if year is None:
            year, year_line, quote = t_year, t_line, r.lines[t_line - 1] if t_line else ""
        elif year != t_year:
            r.problems.append((year_line, quote, "identity.year_conflict",
                               {"title": year, "tables": t_year, "line": t_line}))
    if year is not None:
        values["plan_year"] = int(year)
        if year_line is not None:
            r.keep("plan_year", year_line, quote)
    if kind is not None:
        values["document_kind"] = kind
        r.keep("document_kind", kind_line, r.lines[kind_line - 1])
    if (d := r.date()) is not None:
        values.update(date=d[0], date_text=d[1])
        r.keep("date", d[2], r.lines[d[2] - 1])
    identity = Identity(**values, where=MappingProxyType(dict(r.where)))
    unread = [f for f in ("office", "region", "plan_year") if getattr(identity, f) is None]
    if unread:
        r.problems.append((None, "", "identity.unread", {"parts": unread}))
    return identity, r.problems
