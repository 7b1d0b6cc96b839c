"""The prose of a document as :mod:`renja_lib.read.narrative_reader` reads it, and fast searches in it.

:func:`paragraphs` joins a document's lines into paragraphs across line wraps and page breaks while a sentence is
open (a quote may span lines), leaving out tables (and a line between two table rows, and a table's title block)
and page furniture (page numbers, running headers); each paragraph (a :class:`Paragraph`) has its ``kind``
("section", "heading", "item" or "text"), ``text`` (its lines joined by a space), ``starts`` and ``numbers`` (the
offset in ``text`` and the number of each of its lines), ``body`` (where its words start, after a list marker) and
``attached`` (no blank line before it). :func:`sentence_spans` splits a paragraph into sentences.

The searches serve a reader of long prose in Python: :func:`find_at` tries a pattern only where a word of its
stems starts (found by a :class:`WordStarts`: a literal search for each of a few stems, else one scan for a
:func:`trie_pattern` of the stems), :func:`ends_with`
tries a pattern that must end a text only from its last word, :func:`within` looks a position up by bisection.
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable, Sequence
from itertools import compress
from operator import not_

__all__ = ["Paragraph", "paragraphs", "sentence_spans", "has_ascii_digit", "opens_list", "find_at", "find_at_stems",
           "trie_pattern", "WordStarts", "FEW_LETTERS", "FEW_STEMS", "ends_with", "within", "merged", "words_start"]

_SENTENCE_END = re.compile(r"[.!?](?=\s+\S)")
_DOT_END = re.compile(r"\.(?=\s+\S)")  # _SENTENCE_END in a text without "!" nor "?": a literal first
_ABBREVIATION = re.compile(r"\b(?:Rp|No|Kab|Kec|Kel|Jl|Prov|Tbk|Bpk|Hal|Hlm|Tgl|dll|dsb|dkk|tsb|a\.n|Dr|Ir|[A-Za-z])$")
_MARKER = re.compile(r"\s*(?P<bullet>[-•*▪●◦]\s+)?(?P<enum>(?:\(\d{1,2}\)|\d{1,2}\)|\d{1,2}\.|[a-zA-Z][.)]|"
                     r"\([a-zA-Z]\))\.?\s+)?")
_FOUR_LETTERS = re.compile(r"[\W\d_]*(?:[^\W\d_][\W\d_]*){3}[^\W\d_]")  # four letters or more (not digits, "_")
_ASCII_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGIT_OR_PERCENT = re.compile(r"[\d%]")
_DIGIT, _ASCII_DIGIT = re.compile(r"\d"), re.compile(r"[0-9]")  # the same in ASCII
# no figure in a heading: a year or "3 (tiga)"; written digit first (as \b\d+\s*\([A-Za-z ]+\)|\b(?:19|20)\d\d\b)
_FIGURE, _NO_FIGURE = re.compile(r"\d|%|\bRp\b"), re.compile(r"\d(?<=\b\d)(?:\d*\s*\([A-Za-z ]+\)|(?<=1)9\d\d\b|"
                                                              r"(?<=2)0\d\d\b)")
_SECTION = re.compile(r"\s*(?:BAB\s+[IVXL]+\b|\d{1,2}(?:\.\d{1,2}){1,3}\.?\s+[A-Z])")
_CONTINUES = re.compile(r"[a-z]|(?!\(?\d{1,2}[.)]+\s)\d")  # a line that goes on with the sentence above
_TABLE_TITLE = re.compile(r"\s*tabel\s+[0-9IVX]+(?:\.[0-9]+)*\s*\.?\s*$", re.I)
_PAGE_NUMBER = re.compile(r"\s*(?:-\s*)?(?:hal(?:aman)?\.?\s*)?(?:[IVX]+\s*-\s*)?\d{1,4}(?:\s*-)?\s*$", re.I)
_MARKER_START = "-•*▪●◦("  # what a list marker starts with, but a digit or "x." / "x)"
_MARKS = re.compile(r"[ *_-]*")  # bold marks and dashes before a paragraph's words
_TERMINATED = re.compile(r"[.!?:]\s*[*_)\"”’]*\s*$")
#: stems that start with more letters than these are found from the character before a word (:class:`WordStarts`;
#: measured on Renja prose: stems with 20 first letters a third faster so, 9 a little faster, 4 a third slower)
FEW_LETTERS = 8
#: as many stems as this or fewer are looked for one by one as literals (``str.find``, :class:`WordStarts`; measured
#: on Renja prose: 7 to 13 stems a third to a half cheaper than a scan with re, 116 three times dearer)
FEW_STEMS = 16


class Paragraph:
    """One paragraph of prose (see the module docstring): slots, as a document has hundreds."""

    __slots__ = ("kind", "starts", "numbers", "text", "attached", "body")

    def __init__(self, kind: str, line: int, text: str, attached: bool, body: int):
        self.kind, self.starts, self.numbers, self.text, self.attached, self.body = \
            kind, [0], [line], text, attached, body

    def __repr__(self) -> str:
        return f"Paragraph({self.kind!r}, {self.text!r}, lines {self.numbers})"


def paragraphs(lines: Sequence[str]) -> list[Paragraph]:
    """The prose of a document in paragraphs (see the module docstring); tables and page furniture left out.

    >>> found = paragraphs(["Realisasi anggaran tahun 2021", "sebesar Rp 5.000.000.", "", "12", "a. Program Kerja"])
    >>> [(p.kind, p.text, p.numbers) for p in found]
    [('text', 'Realisasi anggaran tahun 2021 sebesar Rp 5.000.000.', [1, 2]), ('heading', 'a. Program Kerja', [5])]
    """
    prose, stripped = _prose_lines(lines)
    paras: list[Paragraph] = []
    cur, last = None, len(prose) - 1
    for k, (i, cut, blank) in enumerate(prose):
        if cut:  # a table's line before this one: no sentence goes on across it
            cur = None
        s = stripped[i]
        # a list marker's end (0 if none: s is stripped, so the marker's leading spaces match nothing and its end is
        # past a bullet or an enumeration exactly when one is there)
        body = _MARKER.match(s).end() if s[0] in _MARKER_START or s[0].isdigit() or s[1:2] in ".)" else 0
        listed = body > 0
        caps = len(s) <= 150 and (s.isupper() or not s.isascii() and s.upper() == s) and \
            _FOUR_LETTERS.match(s) is not None  # (in ASCII, with four letters, s.upper() == s is s.isupper())
        if cur is not None and not listed and not caps and not s.startswith("BAB ") and (
                not _TERMINATED.search(cur.text[-12:]) or _ABBREVIATION.search(cur.text[-8:-1])):
            cur.starts.append(len(cur.text) + 1)
            cur.numbers.append(i + 1)
            cur.text = cur.text + " " + s
            continue
        # a heading has no figure (a year or "3 (tiga)" are none), and the next line (no table between) does not go
        # on with its sentence
        if caps or ((s[0] == "B" or s[0].isdigit()) and _SECTION.match(s) and len(s) <= 150):
            kind = "section"
        elif (listed or s[:2] == "**") and len(s) <= 250 and not (_has_figure(s[body:]) and _has_figure(_NO_FIGURE.sub("", s[body:]))) and not (
                k < last and not prose[k + 1][1] and _CONTINUES.match(stripped[prose[k + 1][0]])):
            kind = "heading"
        else:
            kind = "item" if listed else "text"
        p = Paragraph(kind, i + 1, s, not blank and bool(paras), body)  # starts: the offset of each line in text,
        # numbers: each line's number; body: where the words start, after the list marker
        paras.append(p)
        cur = p if kind == "text" or kind == "item" else None
    return paras


def _prose_lines(lines: Sequence[str]) -> tuple[list[tuple[int, bool, bool]], list[str]]:
    """The prose lines of a document, ``(index, cut, blank)`` each, and every line stripped: ``cut`` if a table's
    line lies between the prose line before and this one, ``blank`` if a blank line or a table's line that is not
    page furniture does (or this is the first).

    A line is a table's if it holds a tab (a row), lies between two rows (the lines not blank before and after it;
    a blank line too), or in a table's title block ("Tabel x.y" to its first row within 15 lines). Page furniture is
    a page number, or a line of at most 80 characters, not ending a sentence, found 3 times or more outside rows.
    A prose line is neither blank, nor a table's, nor page furniture. One pass over the lines not blank decides all
    this: the rows around a line are looked up among those lines' rows, and a title block seen reaches to ``until``
    (the blocks start at titles already passed, so a line is in one exactly when it lies before the furthest end).
    """
    n, stripped = len(lines), list(map(str.strip, lines))  # [ln.strip() for ln in lines], looped in C
    tabbed = ["\t" in ln for ln in lines]
    filled = list(compress(range(n), stripped))  # the lines not blank, and whether each is a row
    rows = list(compress(tabbed, stripped))
    tab_blank = tabbed.count(True) > rows.count(True)  # a blank line holds a tab
    repeated = Counter(compress(stripped, map(not_, tabbed)))  # (blank lines counted too; none is looked up)
    frequent = {s for s, count in repeated.items() if count >= 3 and s and len(s) <= 80 and not _TERMINATED.search(s)}
    prose: list[tuple[int, bool, bool]] = []
    cut, blank, last, until, end = False, True, -1, 0, len(filled) - 1
    for k, i in enumerate(filled):
        if i > last + 1:  # blank lines before this one: a table's if a block reaches them, between rows, or a tab
            blank = True
            cut = cut or last + 1 < until or (k > 0 and rows[k - 1] and rows[k]) or (
                tab_blank and True in tabbed[last + 1:i])
        last, s = i, stripped[i]
        if s[0] in "tT" and _TABLE_TITLE.match(s):
            until = max(until, next((j for j in range(i + 1, min(i + 16, n)) if tabbed[j]), i))
        if rows[k] or i < until or (0 < k < end and rows[k - 1] and rows[k + 1]):
            cut = True
            blank = blank or not ((len(s) <= 14 and _PAGE_NUMBER.match(s) is not None) or s in frequent)
        elif not ((len(s) <= 14 and _PAGE_NUMBER.match(s) is not None) or s in frequent):
            prose.append((i, cut, blank))
            cut = blank = False
    return prose, stripped


def _has_figure(text: str) -> bool:
    """Whether ``text`` shows a figure (``_FIGURE``: a digit, "%" or the word "Rp"); a digit or "%" looked for
    first, then "Rp" as a literal, before re looks at the words around it. In ASCII the digits are 0-9, each
    looked for as a character (``in``, a scan of memory), which is several times faster than re testing a set
    (``[0-9%]``) at every character of a text without any."""
    if text.isascii():
        found = "%" in text or has_ascii_digit(text)
    else:
        found = _DIGIT_OR_PERCENT.search(text) is not None
    return found or ("Rp" in text and _FIGURE.search(text) is not None)


def has_ascii_digit(text: str) -> bool:
    """Whether a text holds one of 0-9: each looked for as a character (``in``, a scan of memory, several times
    faster than re testing a set at every character of a text without any)."""
    return "0" in text or "1" in text or "2" in text or "3" in text or "4" in text or "5" in text or "6" in text \
        or "7" in text or "8" in text or "9" in text


def sentence_spans(text: str, start: int) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` from ``start``: a sentence ends at ".", "!" or "?" before a
    space, not at the dot of an abbreviation ("Rp.", "No.", an initial).

    >>> sentence_spans("Pagu Rp. 5.000. Realisasi 90 %.", 0)
    [(0, 15), (15, 31)]
    """
    out, a = [], start  # without "!" and "?" (the usual) the ends are dots: re jumps to each as to a literal
    for m in (_SENTENCE_END if "!" in text or "?" in text else _DOT_END).finditer(text, start):  # an abbreviation
        # ends with a letter (a-z, A-Z): asked first
        e = m.start()
        if text[e] != "." or e <= a or text[e - 1] not in _ASCII_LETTERS or not _ABBREVIATION.search(
                text[max(a, e - 5):e]):
            out.append((a, m.end()))
            a = m.end()
    return out + [(a, len(text))] if a < len(text) else out


def opens_list(text: str) -> bool:
    """Whether a paragraph ends with a colon (spaces and bold marks after it aside), as one that opens a list does
    (``text.rstrip(" *").endswith(":")``, without copying the text)."""
    end = len(text)
    while end and text[end - 1] in " *":
        end -= 1
    return text[end - 1:end] == ":"


def find_at(pattern: re.Pattern, t: str, starts: list[int], spans: Sequence[tuple[int, int]]) -> list[re.Match]:
    """``pattern``'s matches in the (sorted, disjoint) spans of ``t`` that start at one of ``starts`` (sorted), each
    after the one before."""
    out, ends, end = [], [b for _, b in spans], 0
    for i in starts:
        k = bisect.bisect_right(ends, i)
        if k < len(spans) and spans[k][0] <= i >= end and (found := pattern.match(t, i, spans[k][1])):
            out.append(found)
            end = found.end()
    return out


def find_at_stems(stems: WordStarts, t: str, low: str, spans: Sequence[tuple[int, int]],
                  searches: Sequence[Callable[[str], re.Pattern | None]],
                  before: int | None = None) -> list[list[re.Match]]:
    """For each of ``searches`` (the stem found -> the pattern to try there, or None), its pattern's matches in the
    (sorted, disjoint) spans of ``t``, each after the one before, tried only where a word of ``low`` (``t`` in lower
    case) starts with one of ``stems``: one scan of the text for several searches, as :func:`find_at` on the starts
    of each search's own stems would find them; ``before``: only those that start before it. What each stem asks
    for (the searches that have a pattern for it, and those patterns) is worked out once per stem and searches."""
    out, ends, done = [[] for _ in searches], [b for _, b in spans], [0] * len(searches)
    if len(_PLANS) > _MOST_PLANS:  # (searches made anew for each call would each leave one)
        _PLANS.clear()
    plan = _PLANS.setdefault(tuple(searches), {})
    for i, stem in stems.find(low, spans[0][0], spans[-1][1]) if spans else ():
        if before is not None and i >= before:
            break
        k = bisect.bisect_right(ends, i)
        if k == len(spans) or spans[k][0] > i:
            continue
        if (tries := plan.get(stem)) is None:
            tries = plan[stem] = [(n, pattern) for n, search in enumerate(searches) if (pattern := search(stem))]
        for n, pattern in tries:
            if i >= done[n] and (found := pattern.match(t, i, spans[k][1])):
                out[n].append(found)
                done[n] = found.end()
    return out


#: for each searches of :func:`find_at_stems` (functions of a stem, each the same for the same stem), what each stem
#: asks for: a few dozen stems for each of a few searches (the reader's two; at most ``_MOST_PLANS`` kept)
_PLANS: dict[tuple, dict[str, list[tuple[int, re.Pattern]]]] = {}
_MOST_PLANS = 32


def ends_with(pattern: re.Pattern, text: str) -> re.Match | None:
    """``pattern.search(text)`` for a pattern of forms without spaces, then spaces to the end (``(?:...)\\s*$``):
    tried from where the last word of ``text`` starts (a form that ends ``text`` lies within it), not everywhere.

    >>> connector = re.compile(r"(?:sebesar|sebanyak)\\s*$", re.I)
    >>> bool(ends_with(connector, "anggaran tahun 2021 sebesar ")), ends_with(connector, "   ")
    (True, None)
    """
    head = text.rstrip()
    return pattern.search(text, len(head) - len(head.rsplit(None, 1)[-1])) if head else None


def trie_pattern(words: Sequence[str]) -> re.Pattern:
    """A pattern of ``words`` as a trie (``s(?:e(?:lama|mester)|ampai)``): the longest word where several start at
    one place, as an alternation longest first would; re then tries one branch per letter, not every word.

    >>> trie_pattern(["per", "periode", "s/"]).pattern, trie_pattern(["per", "periode"]).match("periodenya")[0]
    ('(?:per(?:iode)?|s/)', 'periode')
    """
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def branches(node: dict) -> str:
        alternatives = [re.escape(char) + branches(after) for char, after in sorted(node.items()) if char]
        if not alternatives:
            return ""
        joined = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{joined})?" if "" in node else joined

    return re.compile(branches(trie))


class WordStarts:
    """Where the words of a text in lower case start with one of some stems, and with which (the longest), in one
    scan of the stems' :func:`trie_pattern`, kept where a word starts (at the span's start or after a character
    that is neither a letter nor a digit). Stems that start with few letters (:data:`FEW_LETTERS` or fewer): re
    finds those letters fast, and a stem found inside a word is left out after. Stems that start with more: re
    would try the trie at nearly every letter, so it looks for the character before a word instead (``[^a-zA-Z0-9]``
    in an ASCII text, a set re tests as a bitmap; else ``[\\W_]``, not ``str.isalnum``) and reads the stem after it
    without taking it. A stem is a word, or a word ended by a mark ("s/"): one found never runs into the next word.
    Few stems (:data:`FEW_STEMS`): each is looked for as a literal (``str.find``, far faster than re trying a pattern
    at each candidate character), those that another stem starts with left out (where one is, the shorter is): each
    word start found so has a stem, and the trie reads the longest one there (as re's scan would).

    >>> WordStarts(["per", "periode", "tahun", "s/"]).find("per tahun, superperiode s/d periode", 0, 35)
    [(0, 'per'), (4, 'tahun'), (24, 's/'), (28, 'periode')]
    """

    __slots__ = ("trie", "_before", "_literals", "_longer")

    def __init__(self, stems: Sequence[str]):
        self.trie = trie_pattern(stems)
        ahead = f"(?=({self.trie.pattern}))"  # the stem read, not taken: the next word may start right after it
        self._before = (re.compile("[^a-zA-Z0-9]" + ahead), re.compile(r"[\W_]" + ahead)) \
            if len({w[:1] for w in stems}) > FEW_LETTERS else None
        shortest = sorted(set(stems))  # a stem sorts after the stems it starts with
        self._literals = [w for n, w in enumerate(shortest) if not any(map(w.startswith, shortest[:n]))] \
            if len(shortest) <= FEW_STEMS else None  # (no two of them start at one place)
        #: the literals that another stem starts with: where one of them is found, the trie reads the longest stem
        self._longer = {w for w in self._literals or () if any(o != w and o.startswith(w) for o in shortest)}

    def _literal_starts(self, low: str, a: int, b: int) -> list[tuple[int, str]]:
        """:meth:`find` for few stems: where each (that no other starts) lies in ``low[a:b]`` at a word's start, in
        order, with the literal found there."""
        out, find = [], low.find
        for stem in self._literals:
            i = find(stem, a, b)
            while i >= 0:
                if not i or not low[i - 1].isalnum():
                    out.append((i, stem))
                i = find(stem, i + 1, b)
        out.sort()
        return out

    def find(self, low: str, a: int, b: int) -> list[tuple[int, str]]:
        """``(start, stem)`` of each word of ``low[a:b]`` that starts with one of the stems, in order."""
        if self._literals is not None:
            match, longer = self.trie.match, self._longer
            return [(i, match(low, i, b).group() if stem in longer else stem)
                    for i, stem in self._literal_starts(low, a, b)]
        if self._before is None:
            return [(i, m.group()) for m in self.trie.finditer(low, a, b)
                    if not (i := m.start()) or not low[i - 1].isalnum()]
        first = self.trie.match(low, a, b) if not a or not low[a - 1].isalnum() else None
        return ([(a, first.group())] if first else []) + [
            (m.end(), m[1]) for m in self._before[0 if low.isascii() else 1].finditer(low, a, b)]

    def starts(self, low: str, a: int, b: int) -> list[int]:
        """Where each of those words starts (:meth:`find` without the stems)."""
        if self._literals is not None:
            return [i for i, _ in self._literal_starts(low, a, b)]
        if self._before is None:
            return [i for m in self.trie.finditer(low, a, b) if not (i := m.start()) or not low[i - 1].isalnum()]
        first = [a] if (not a or not low[a - 1].isalnum()) and self.trie.match(low, a, b) else []
        return first + [m.end() for m in self._before[0 if low.isascii() else 1].finditer(low, a, b)]


def within(spans: Sequence[tuple]) -> Callable[[int], bool]:
    """A test of whether a position is inside one of the spans ``(start, end, ...)`` (bisection in their union)."""
    union = merged([(s, e) for s, e, *_ in spans])
    if not union:
        return lambda pos: False
    starts = [a for a, _ in union]

    def inside(pos: int) -> bool:
        k = bisect.bisect_right(starts, pos) - 1
        return k >= 0 and pos < union[k][1]
    return inside


def merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans ``(start, end)`` joined where they overlap or touch, in order; empty ones left out.

    >>> merged([(5, 9), (0, 3), (3, 4), (7, 7)])
    [(0, 4), (5, 9)]
    """
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        out[-1:] = [(out[-1][0], max(out[-1][1], b))] if out and a <= out[-1][1] else out[-1:] + [(a, b)] * (b > a)
    return out


def words_start(p: Paragraph) -> int:
    """Where a paragraph's words start, after its list marker and bold marks."""
    return _MARKS.match(p.text, p.body).end()
