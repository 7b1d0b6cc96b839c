"""Which numbers of a paragraph are years and which are figures, for :mod:`renja_lib.read.narrative_reader`.

:func:`years_and_numbers` tells a paragraph's years (a year written as a date, in a range, in a regulation's number:
none of them a figure) from its other numbers; :func:`figure_at` reads one of those as a figure (a number with its
unit, scale, amount in words, or the connector before it: "sebesar", "Rp") or finds it is none;
:func:`may_hold_figure` tells, without reading its years, whether a paragraph can hold a figure at all, and
:func:`any_may_hold_figure` whether one of a section's can (the reader leaves unread the paragraphs of a section
after the last that can: what they frame ends at the next section heading); :func:`paragraph_ranges` gives the year
ranges a paragraph names ("2021-2026", "2021 s/d 2026"), which the reader needs only for a Renstra figure.

>>> t = "Sesuai Perda Nomor 5 Tahun 2021, realisasi tahun 2022 sebesar 91,3 % untuk periode 2021-2026."
>>> ranges = []
>>> years, numbers = years_and_numbers(t, [(0, len(t))], ranges)
>>> [y for _, y, _ in years], [n for _, _, n in numbers], ranges
([2022], ['5', '91,3'], [(2021, 2026)])
>>> [figure_at(t, s, e, n, 0) is not None for s, e, n in numbers]
[False, True]
"""
from __future__ import annotations

import re
from collections.abc import Sequence

from ..parse.numbers import NumberParseError, words_to_int
from ..text import Message
from .narrative_numbers import StatedFigure, may_start, number_value
from .prose import Paragraph, ends_with, has_ascii_digit, sentence_spans, trie_pattern

__all__ = ["MONTHS_RE", "YEAR_RANGE", "DIGIT", "digit_in", "years_and_numbers", "figure_at", "may_hold_figure",
           "any_may_hold_figure", "some_number_a_figure", "paragraph_ranges"]

MONTHS_RE = "januari|februari|maret|april|mei|juni|juli|agustus|september|oktober|november|desember"
# "Rp5.000" too; not "K3", "covid-19". Written digit first (what comes before it checked behind that digit), so
# that re jumps from digit to digit: the same matches as (?:(?<=Rp)|(?<!\w))(?<![^\W\d_]-)\d+(?:[.,]\d+)*
_NUMBER = re.compile(r"\d(?<=(?:(?<=Rp)|(?<!\w))(?<![^\W\d_]-)\d)\d*(?:[.,]\d+)*")
_DOT_DECIMAL = re.compile(r"\d+\.\d{1,2}$")
_RP_BEFORE = re.compile(r"(?:\bRp|\bIDR)\.?\s*$", re.I)
_IN_WORDS, _SCALE_WORDS = r"\s*\(\s*([A-Za-z][A-Za-z\s-]{1,150}?)\s*\)", "triliun|miliar|milyar|juta|ribu|M|jt"
_WORDS, _SCALE = re.compile(_IN_WORDS), re.compile(rf"\s*({_SCALE_WORDS})\b\.?", re.I)
_SCALES = {"triliun": 10**12, "miliar": 10**9, "milyar": 10**9, "m": 10**9, "juta": 10**6, "jt": 10**6, "ribu": 1000}
_UNIT_WORDS = (r"persen\s+poin|persen|prosen|poin|orang|jiwa|peserta|pencari\s+kerja|pencaker|tenaga\s+kerja|pekerja|"
               r"kasus|perusahaan|jenis|sub\s*-?\s*kegiatan|kegiatan|program|rupiah|dokumen|laporan|unit|paket|kali|"
               r"kelompok|lembaga|event|kk")
_TIME_UNITS = ("bulan", "hari", "minggu", "jam", "tahun")  # a number of these is no figure
_UNIT = re.compile(rf"\s*(?:(%)|({_UNIT_WORDS}|{'|'.join(_TIME_UNITS)})\b)", re.I)
_UNIT_FIRSTS = "%pPoOjJtTkKsSrRdDlLuUeEbBhHmM"  # the first letters of _UNIT's words ("ſ", "K": not ASCII)
_UNIT_OF = {"persen": "%", "prosen": "%", "poin": "%", "persen poin": "%", **dict.fromkeys(
    ("jiwa", "peserta", "pencari kerja", "pencaker", "tenaga kerja", "pekerja"), "orang")}
_RUPIAH_TAIL, _RESTATED = re.compile(r"\s*,\s*-"), re.compile(r"\s+(?:ini|tersebut)\b", re.I)
_REFERENCE_BEFORE = re.compile(r"\b(?:tabel|table|bab|pasal|ayat|nomor|no\.?|lampiran|halaman|hal\.|gambar|grafik|misi|"
                               r"tujuan|sasaran|agenda|ke-?|perda|perwali|perbup)\s*$", re.I)
_CONNECTORS = ("sebesar sebanyak mencapai tercatat senilai berjumlah sejumlah menjadi hanya terealisasi tercapai "
               "target ditargetkan realisasi realisasinya capaian capaiannya pagu yaitu adalah").split()
_CONNECTOR_BEFORE = re.compile(rf"(?:{'|'.join(_CONNECTORS)})\s*$", re.I)
_DATE_BEFORE = re.compile(rf"\b(?:{MONTHS_RE})\s*$", re.I)
_YEAR_WORD_BEFORE = re.compile(rf"(?:\b(?:tahun|anggaran|TA\.?|periode|sejak|{MONTHS_RE})|s/d)\s*$", re.I)
_REGULATION_BEFORE = re.compile(r"\b(?:nomor|no\.?)\s*[\w./-]+\s+tahun\s*$", re.I)
_TO = r"\s*(?:[-–—]|s\.?\s?/\s?d\.?|sampai\s+dengan|hingga)\s*"
YEAR_RANGE = re.compile(rf"\b((?:19|20)\d\d){_TO}((?:19|20)\d\d)\b", re.I)
_RANGE_AFTER, _RANGE_BEFORE = re.compile(rf"{_TO}((?:19|20)\d\d)\b", re.I), re.compile(rf"\b(?:19|20)\d\d{_TO}$", re.I)
_COUNT_BEFORE = re.compile(r"(?:sebesar|sebanyak|sejumlah|mencapai)\s*$", re.I)
_YEAR_AFTER_FIGURE = re.compile(r"\s*(?:\)\s*)?(?:pada|di|untuk)?\s*(?:tahun\s+(?:anggaran\s+)?|TA\.?\s*)?"
                                r"((?:19|20)\d\d)(?![\d.,]\d)", re.I)
# what a figure needs, as one search each (a text in lower case, all ASCII, from the paragraph's words on): a unit
# after a number (after its ",-", scale and words, as figure_at reads them), or a connector or "Rp" before one, found
# in the text read backwards (a number's first digit, spaces, the word ending before it); a paragraph with neither
# holds no figure (figure_at would read none of its numbers as one)
_UNIT_AFTER = re.compile(rf"[0-9](?![0-9])(?:{_RUPIAH_TAIL.pattern})?(?:\s*(?:{_SCALE_WORDS.lower()})\b\.?)?"
                         rf"(?:{_IN_WORDS})?\s*(?:%|(?:{_UNIT_WORDS})\b)")
_WORD_BEFORE = re.compile(r"[0-9](?![0-9])\s*" + trie_pattern([w[::-1] for w in [*_CONNECTORS, "rp", "rp.", "idr",
                                                                                    "idr."]]).pattern)
_TWO_YEARS = re.compile(rf"(?:19|20)\d\d{_TO}(?:19|20)\d\d", re.I)  # what a range needs (digits first: fast)
DIGIT = re.compile(r"\d")
# in a text all ASCII (str.isascii: known without a scan) a digit is 0-9: re tests a set of characters much faster
# than the class of every Unicode digit; for the numbers, the first digit only (what re jumps to)
_ASCII = {DIGIT: re.compile(r"[0-9]"), _NUMBER: re.compile("[0-9]" + _NUMBER.pattern[2:])}


def digit_in(t: str) -> re.Pattern:
    """The pattern of a digit for ``t`` (0-9 in a text all ASCII: faster to search)."""
    return _ASCII[DIGIT] if t.isascii() else DIGIT


def years_and_numbers(t: str, spans: list[tuple[int, int]], ranges: list[tuple[int, int]]) -> tuple[list, list]:
    """The years ``(start, year, "year" or "date")`` and the other numbers ``(start, end, token)`` of the spans (in
    order; a year in a range, or a regulation's, is neither); ``ranges`` gets each range of five years or so that
    starts with one ("2021-2026"). A pattern is asked only where it can start or end (``last`` before,
    :func:`may_start` after: re.I folds no other)."""
    years, numbers = [], []  # no number crosses a sentence's end (a space follows it): the spans scanned at once
    for m in (_ASCII[_NUMBER] if t.isascii() else _NUMBER).finditer(t, spans[0][0], spans[-1][1]):
        (s, e), token = m.span(), m.group()
        if len(token) == 4 and token[:2] in ("19", "20") and token[2:].isdecimal():  # \d: a decimal digit
            before = t[max(0, s - 30):s]
            if (last := before.rstrip()[-1:]) in "pPrR." and _RP_BEFORE.search(t, max(0, s - 5), s):  # Rp, IDR.
                numbers.append((s, e, token))
                continue
            ranged, y = _RANGE_AFTER.match(t, e, e + 30) if may_start(t, e, "-–—sShHſ") else None, int(token)
            if ranged or (last in "-–—d.na" and ("19" in before or "20" in before)
                          and _RANGE_BEFORE.search(before)):  # a range (one before: a year written in it first)
                if ranged and 4 <= int(ranged[1]) - y <= 5:
                    ranges.append((y, int(ranged[1])))
                continue
            if ends_with(_YEAR_WORD_BEFORE, before[-20:]):  # "nomor ... tahun": a regulation's year, no "no": none
                if "no" not in before.lower() or not _REGULATION_BEFORE.search(before):
                    years.append((s, y, "date" if (last in "itlsrITLSR" or not last.isascii())  # as a month ends
                                  and ends_with(_DATE_BEFORE, before[-12:]) else "year"))
                continue
            unit = _UNIT.match(t, e, e + 30)
            if not (unit and unit.group().strip().lower() not in _TIME_UNITS) and not _COUNT_BEFORE.search(before):
                years.append((s, y, "year"))
                continue
        numbers.append((s, e, token))
    return years, numbers


def figure_at(t: str, s: int, e: int, token: str, sa: int) -> StatedFigure | None:
    """The number at ``t[s:e]`` (in the sentence starting at ``sa``) with its unit, scale and words, or None when it
    is no figure (a reference's number, a time, a number with neither a unit nor a connector before it).

    The patterns before it are tried from the last word before it (as :func:`~.prose.ends_with` does), those after
    it only where :func:`~.narrative_numbers.may_start` says they can start (its test written out here: the
    character it looks at, read once for each place)."""
    before = t[max(sa, s - 20):s]
    head = before.rstrip()
    word = len(head) - len(head.rsplit(None, 1)[-1]) if head else -1  # where the last word before it starts
    if word >= 0 and _REFERENCE_BEFORE.search(before, word):
        return None
    rupiah, scale, scale_word, words, unit = head[-1:] in "pPrR." and bool(_RP_BEFORE.search(before[-6:])), 1, None, \
        None, None
    pos = tail.end() if rupiah and (tail := _RUPIAH_TAIL.match(t, e)) else e
    c = t[pos + 1:pos + 2] if t[pos:pos + 1].isspace() else t[pos:pos + 1]  # what may_start looks at
    odd = not c.isascii() or c.isspace()  # (then every pattern may start)
    m = _SCALE.match(t, pos) if odd or c in "tTmMjJrR" else None
    if m and (rupiah or m.group(1).lower() not in ("m", "jt")):
        scale, scale_word, pos = _SCALES[m.group(1).lower()], m.group(1), m.end()
        c = t[pos + 1:pos + 2] if t[pos:pos + 1].isspace() else t[pos:pos + 1]
        odd = not c.isascii() or c.isspace()
    quote_end, m = pos, _WORDS.match(t, pos) if odd or c in "(" else None
    if m and (said := words_to_int(m.group(1))) is not None:  # an amount in words: "(dua ratus lima belas)"
        words, pos = m.group(1), m.end()
        c = t[pos + 1:pos + 2] if t[pos:pos + 1].isspace() else t[pos:pos + 1]
        odd = not c.isascii() or c.isspace()
    m = _UNIT.match(t, pos) if odd or c in _UNIT_FIRSTS else None
    if m and not (rupiah and (m.group(2) or "").lower() != "rupiah"):  # "Rp 1.493.111.160,00 program ini"
        unit = _UNIT_OF.get(raw := " ".join((m.group(1) or m.group(2)).lower().split()), raw)
        if unit in _TIME_UNITS:
            return None
        pos, quote_end = m.end(), (quote_end if rupiah or unit == "rupiah" else m.end())
        c = t[pos + 1:pos + 2] if t[pos:pos + 1].isspace() else t[pos:pos + 1]
        odd = not c.isascii() or c.isspace()
    rupiah = rupiah or unit == "rupiah"
    unit = "rupiah" if rupiah else unit
    if (scale_word and not rupiah) or (unit is None and not (word >= 0 and _CONNECTOR_BEFORE.search(before, word))):
        return None
    notes, number, value = [], None, float("nan")
    try:
        number = number_value(token)
        value = float(number if scale == 1 else number * scale)
    except NumberParseError:
        notes.append(Message("narrative.note.dot_decimal" if _DOT_DECIMAL.match(token) else
                             "narrative.note.grouping", raw=token))
    notes += [Message("narrative.note.scaled", raw=token, scale=scale_word)] if scale_word else []
    if words and number is not None:
        notes += ([Message("narrative.note.words_disagree", words=words, said=said)] if said != number * scale
                  else [Message("narrative.note.words_agree")] if rupiah else [])
    after = _YEAR_AFTER_FIGURE.match(t, pos) if odd or c in ")pPdDuUtT12" else None  # where it ends: a year after
    return StatedFigure(s, after.end() if after else pos, quote_end, token, unit, value, notes,  # it too
                        t[pos:pos + 1].isspace() and bool(_RESTATED.match(t, pos)), after and int(after.group(1)))


def _sentences_with_digits(p: Paragraph) -> tuple[re.Pattern, list[tuple[int, int]]]:
    """The digit pattern for ``p`` and its sentences that hold a digit (none: a paragraph without one)."""
    t = p.text
    digit = digit_in(t)
    if not digit.search(t, p.body):
        return digit, []
    return digit, [(a, b) for a, b in sentence_spans(t, p.body) if digit.search(t, a, b)]


def may_hold_figure(p: Paragraph) -> bool:
    """Whether a paragraph can hold a figure. False: none of its numbers is one (:func:`figure_at` reads none as one),
    so the reader finds none in it. In a text all ASCII, what a figure needs is searched for in the whole text (fast);
    in another, each number is read (:func:`some_number_a_figure`).

    >>> from renja_lib.read.prose import paragraphs
    >>> [may_hold_figure(p) for p in paragraphs(["Sesuai Undang-Undang Nomor 13 Tahun 2003, selama 5 tahun.", "",
    ...                                          "Realisasi mencapai 98 persen.", "", "Pagu Rp. 5.000.000,00."])]
    [False, True, True]
    """
    t = p.text
    if not t.isascii():
        return some_number_a_figure(p)
    low = t.lower()
    return bool(_UNIT_AFTER.search(low, p.body) or _WORD_BEFORE.search(low[::-1], 0, len(low) - p.body))


def any_may_hold_figure(paras: Sequence[Paragraph]) -> bool:
    """Whether one of the paragraphs can hold a figure: :func:`may_hold_figure`, asked of the texts all ASCII joined
    (one search of each kind for them all: a figure's words in one are in the whole; two paragraphs' ends may join
    into what looks like one, which asks for more reading, never less)."""
    if any(some_number_a_figure(p) for p in paras if not p.text.isascii()):
        return True
    low = "\n".join([t for p in paras if (t := p.text[p.body:]).isascii() and has_ascii_digit(t)]).lower()
    return bool(low) and bool(_UNIT_AFTER.search(low) or _WORD_BEFORE.search(low[::-1]))


def some_number_a_figure(p: Paragraph) -> bool:
    """Whether :func:`figure_at` reads one of a paragraph's numbers (years too) as a figure, each in its sentence."""
    t, (_, spans) = p.text, _sentences_with_digits(p)
    if not spans:
        return False
    ends, k = [b for _, b in spans], 0
    for m in _NUMBER.finditer(t, spans[0][0], spans[-1][1]):
        s = m.start()
        while ends[k] <= s:  # the sentence the number starts in (no number crosses a sentence's end)
            k += 1
        if figure_at(t, s, m.end(), m.group(), spans[k][0]) is not None:
            return True
    return False


def paragraph_ranges(p: Paragraph) -> list[tuple[int, int]]:
    """The ranges of years a paragraph names, as :func:`years_and_numbers` finds them when the reader reads it."""
    t = p.text  # (a range's years start "19" or "20": looked for as characters first, fast)
    spans, ranges = [] if ("19" not in t and "20" not in t) or _TWO_YEARS.search(t, p.body) is None else \
        _sentences_with_digits(p)[1], []
    if spans:
        years_and_numbers(t, spans, ranges)
    return ranges
