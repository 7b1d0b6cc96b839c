"""The subjects a narrative's figures are about, and how prose names them.

:func:`subjects_from` lists the programmes, activities and sub-activities of a document's tables and its Tabel 2.2
indicators that are subjects of the facts schema; :class:`SubjectNames` finds which of them words name: the words
aligned with one name (a typo, a word left out or put in) clearly better than with any other, or the start of one
name only. :mod:`renja_lib.read.narrative_reader` reads with them.

>>> names = SubjectNames(pd.DataFrame({"code": ["2.07.04", "2.07.05"], "level": ["program", "program"],
...                                    "name": ["Program Penempatan Tenaga Kerja", "Program Hubungan Industrial"]}))
>>> names.resolve("penempatan tenga kerja kota pasuruan".split(), ("program",))
('2.07.04', 3)
>>> names.prefix(["penempatan", "tenaga"], ("program",)), names.prefix(["hubungan"], ("program",))
('2.07.04', '')
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import cache

import pandas as pd

from .narrative_facts import INDICATOR_SUBJECTS

__all__ = ["SUBJECT_LEVELS", "SubjectNames", "subjects_from", "subject_rows"]

#: levels of the subjects table: codes of the document's tables, and indicator names of Tabel 2.2
SUBJECT_LEVELS = ("program", "kegiatan", "sub_kegiatan", "indicator")
_NAMED = SUBJECT_LEVELS[:3]  # the levels of the tables' codes (a tuple: asked as SUBJECT_LEVELS[:3] was)
_WORD = re.compile(r"[^\W_]+")
_KIND_PREFIX = re.compile(r"^\W*(?:sub\s*)?(?:program|kegiatan)\b", re.I)


def subjects_from(doc) -> pd.DataFrame:
    """``code, name, level`` of the programmes, activities and sub-activities of a document's tables (every
    spelling, Tabel 2.3's too) and of its Tabel 2.2 indicators that are subjects of the facts schema.

    >>> from renja_lib import load
    >>> s = subjects_from(load())
    >>> s[s.code == "2.07.04"].name.iloc[0]
    'PROGRAM PENEMPATAN TENAGA KERJA'
    """
    rows = subject_rows(doc)
    if not rows:
        return pd.DataFrame(rows, columns=["code", "name", "level"])
    # the same frame as from the rows (str columns, all three), built from the columns: cheaper
    return pd.DataFrame(dict(zip(("code", "name", "level"), map(list, zip(*rows)))))


def subject_rows(doc) -> list[tuple[str, str, str]]:
    """The rows of :func:`subjects_from`, ``(code, name, level)`` in its order, without the frame (what
    :class:`SubjectNames` reads)."""
    codes, review = doc.codes, doc.rkpd_review  # columns as lists: a Series read value by value is slow
    rows = {r for r in zip(*_lists(codes, "code", "name", "level")) if r[2] in _NAMED}
    level_of = {c: lv for c, _, lv in rows}
    rows |= {(c, n, level_of[c]) for c, n in zip(*_lists(review, "code", "name", missing_ok=True)) if c in level_of}
    rows |= {(i, i, "indicator") for i in set(*_lists(doc.service_indicators, "indicator")) if i in INDICATOR_SUBJECTS}
    return sorted((str(c), n, lv) for c, n, lv in rows if isinstance(n, str))


def _lists(frame: pd.DataFrame, *columns: str, missing_ok: bool = False) -> list[list]:
    """The values of each column as a list (``missing_ok``: an empty one for a column the frame lacks)."""
    return [frame[c].tolist() if c in frame or not missing_ok else [] for c in columns]


@cache
def _close(a: str, b: str) -> bool:
    """One word written twice: equal, a long prefix of the other, or one typo apart (even two letters swapped)."""
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)  # sorted((a, b), key=len), without sorting
    if a == b or (len(short) >= 6 and long_.startswith(short) and len(long_) - len(short) <= 3):
        return True
    if len(short) < 5 or len(long_) - len(short) > 1:
        return False
    i = next((k for k, (x, y) in enumerate(zip(short, long_)) if x != y), len(short))
    return short[i:] == long_[i + 1:] if len(short) < len(long_) else short[i + 1:] == long_[i + 1:] or (
        short[i + 2:] == long_[i + 2:] and short[i:i + 2] == long_[i:i + 2][::-1])


def _align(name: tuple[str, ...], words: Sequence[str]) -> tuple[float, int]:
    """How much of ``name`` the words from ``words[0]`` say (share of its words) and how many words that took."""
    i = j = matched = extra = 0
    n, m, slack = len(name), len(words), 0.2 * len(name)  # a word equal to the other is close: asked first (fast)
    while i < n and j < m and extra <= 2 and i - matched <= slack:
        c, w = name[i], words[j]
        if c == w or _close(c, w):
            matched, i, j = matched + 1, i + 1, j + 1
        elif j + 1 < m and c == w + words[j + 1]:  # "antar kerja" for "antarkerja"
            matched, i, j = matched + 1, i + 1, j + 2
        elif i + 1 < n and w == c + name[i + 1]:
            matched, i, j = matched + 2, i + 2, j + 1
        elif i + 1 < n and (name[i + 1] == w or _close(name[i + 1], w)):  # a word of the name left out
            i += 1
        elif j + 1 < m and (c == words[j + 1] or _close(c, words[j + 1])):  # a word put in
            extra, j = extra + 1, j + 1
        else:
            i, j = i + 1, j + 1
    return matched / n, j


def _words(name: str) -> list[str]:
    """The words of a subject's name, lower case, after the word "Program"/"Kegiatan" it may start with.

    An ASCII name is lowered whole before it is split: lowering changes only A-Z there, none of them a word's
    edge, so the words are the same as each word lowered (not so for every letter: "İ" lowers to two characters).
    """
    start = m.end() if (m := _KIND_PREFIX.match(name)) else 0  # (what _KIND_PREFIX.sub("", name) leaves)
    if name.isascii():
        return _WORD.findall(name.lower(), start)
    return [w.lower() for w in _WORD.findall(name, start)]


def _best_first(scored: tuple[float, str, int]) -> tuple[float, int]:
    """The order of the names aligned: the highest share first, then the shortest code (the programme's)."""
    return -scored[0], len(scored[1])


class SubjectNames:
    """The subjects' names, to resolve a mention: words aligned, the best one clearly ahead of any other, or none."""

    def __init__(self, subjects: pd.DataFrame | Iterable[tuple[str, str, str]]):
        """``subjects``: :func:`subjects_from`, or its rows (:func:`subject_rows`)."""
        self.by_word, self.seen = {}, {}  # first words of a name -> (code, level, words); words -> resolved
        longest = 0
        rows = zip(*_lists(subjects, "code", "name", "level")) if isinstance(subjects, pd.DataFrame) else subjects
        for code, name, level in rows:
            if level in _NAMED and (words := _words(str(name))):
                longest, entry = max(longest, len(words)), (str(code), str(level), tuple(words))
                for w in set(words[:2]):
                    self.by_word.setdefault(w, []).append(entry)
        #: how many words :meth:`resolve` can read at most: aligning a name of n words reads at most two words for
        #: each of them and three put in (:func:`_align`), so no more than ``2 * n + 3``
        self.reach = 2 * longest + 3

    def resolve(self, words: Sequence[str], levels: tuple[str, ...]) -> tuple[str | None, int]:
        """The code the words start with (None: none, or two as close) and how many words its name took."""
        if (found := self.seen.get(key := (tuple(words), levels))) is not None:  # (never None once resolved)
            return found
        scored = []  # (share, code, words used) of the names aligned with 0.8 of their words or more
        for code, _, name in {e for w in words[:2] for e in self.by_word.get(w, ()) if e[1] in levels}:
            share, used = _align(name, words)
            if share >= 0.8:
                scored.append((share, code, used))
        scored.sort(key=_best_first)
        best = scored[0] if scored else (0, None, 0)
        rivals = [c for s, c, _ in scored[1:] if s >= best[0] - 0.1 and c != best[1]
                  and not best[1].startswith(c + ".") and not c.startswith(best[1] + ".")]
        found = self.seen[key] = (None, 0) if rivals or not scored else (best[1], best[2])
        return found

    def prefix(self, words: Sequence[str], levels: tuple[str, ...]) -> str:
        """The one code whose name starts with the words (two or more, not the whole name), else ""."""
        codes = {c for c, lv, name in self.by_word.get(words[0], ()) if lv in levels and len(name) > len(words) > 1
                 and all(map(_close, name, words))}
        return codes.pop() if len(codes) == 1 else ""
