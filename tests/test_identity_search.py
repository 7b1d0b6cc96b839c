"""The identity reader's searches of the whole text give what the plain rules give, line by line and character by
character: the lines that start with "Nama" or a region's word, and a name in capitals as the document spells it
(found in the ASCII letters in lower case rather than in the whole text in lower case)."""
from __future__ import annotations

import random
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renja_lib.read import identity as ident_mod
from renja_lib.read.identity import read_identity

PIECES = ["Kota Malang", "  * kab. Gresik", "\tKAB Sidoarjo", "Nama Perangkat Daerah : Dinas Sosial", "prop",
          "KOTA", "\u212aota Batu", "-•Provinsi Bali", "kab", "", "x kota", "##kabupaten", "Nama", "nam", "\u0130kota",
          "> kota", "_Kab Blitar_", "  ", "PASURUAN", "Pasuruan,", "pasuruannya", "é Pasuruan é", "?Pasuruan?",
          "ÉPasuruan", "Pasuruan\u0301", "Dinas Tenaga Kerja Kota Pasuruan"]


def _heads_line_by_line(raw: list[str]) -> dict[str, list[int]]:
    """The rule written plainly: each line's first four letters after its marks, in lower case."""
    found: dict[str, list[int]] = {}
    for i, line in enumerate(raw):
        head = line.lstrip(" \t*#_->•")[:4].lower()
        if head == "nama" or head in ("kota", "kabu", "kab.", "kab ", "prov", "prop"):
            found.setdefault(head, []).append(i)
    return found


def _spelled_plainly(text: str, body: str) -> str:
    """:func:`_as_written` as first written: the whole body in lower case, each place looked at."""
    low, needle, spellings, at = body.lower(), text.lower(), Counter(), 0
    while (at := low.find(needle, at)) >= 0:
        end = at + len(needle)
        if not (at and low[at - 1].isalpha()) and not (end < len(low) and low[end].isalpha()):
            if not (found := body[at:end]).isupper():
                spellings[found] += 1
        at = end
    return spellings.most_common(1)[0][0] if spellings else ident_mod._as_written(text, "")


def _random_lines(rng: random.Random) -> list[str]:
    return [rng.choice(PIECES) + rng.choice(["", " ", "a", ":", "é"]) for _ in range(rng.randint(0, 12))]


def test_the_lines_that_start_with_a_name_or_a_region_are_those_of_the_plain_rule():
    rng = random.Random(13)
    for _ in range(2000):
        raw = _random_lines(rng)
        assert ident_mod._Reader(raw, lambda n: None).heads == _heads_line_by_line(raw), raw


def test_a_line_that_holds_a_line_break_is_asked_line_by_line():
    raw = ["Judul", "Kota Malang\nKota Batu", "  Nama : Dinas Sosial"]
    assert ident_mod._Reader(raw, lambda n: None).heads == {"kota": [1], "nama": [2]}


def test_the_bundled_document_heads_are_the_plain_rule_s(raw_text):
    raw = raw_text.split("\n")
    assert ident_mod._Reader(raw, lambda n: None).heads == _heads_line_by_line(raw)


@pytest.mark.parametrize("body, spelled", [
    ("PEMERINTAH KOTA PASURUAN\nKota Pasuruan, Pasuruan dan pasuruan", "Pasuruan"),
    ("PASURUAN\npasuruannya, Pasuruanku", "Pasuruan"),  # only parts of longer words: capitalised
    ("PASURUAN\népasuruan Pasuruané pasuruan", "pasuruan"),  # a letter not ASCII joins it to a longer word
    ("PASURUAN\n?Pasuruan? ?pasuruan", "Pasuruan"),  # "?" itself is no letter
    ("PASURUAN \u212aota Pasuruan pasuruan pasuruan", "pasuruan"),  # the Kelvin sign: the whole text lowered
])
def test_a_name_in_capitals_is_spelled_as_the_document_writes_it(body, spelled):
    assert ident_mod._as_written("PASURUAN", body) == spelled == _spelled_plainly("PASURUAN", body)
    folded = ident_mod._folded(body)
    assert folded is None or ident_mod._as_written("PASURUAN", body, folded) == spelled


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Pasuruan", "PASURUAN", "pasuruan", "PaSuRuAn", "é", "É", "?", " ", ",", "x",
                                 "\u0301", "ß", "Ǆ", "\n", "1", "ı"]), max_size=30))
def test_any_text_spells_a_name_as_the_plain_rule_does(words):
    body = "".join(words)
    folded = ident_mod._folded(body)
    assert folded is not None and len(folded) == len(body)
    assert ident_mod._as_written("PASURUAN", body, folded) == _spelled_plainly("PASURUAN", body)


def test_a_title_page_in_capitals_gets_the_region_as_the_body_spells_it():
    lines = ["RENCANA KERJA TAHUN 2025", "DINAS SOSIAL", "KABUPATEN TANJUNG JABUNG BARAT", "", "BAB I",
             "Kabupaten Tanjung Jabung Barat menyusun Renja.", "Tanjung Jabung Barat, 3 Juni 2024"]
    ident, problems = read_identity(lines)
    assert ident.region == "Kabupaten Tanjung Jabung Barat" and ident.region_name == "Tanjung Jabung Barat"
    assert ident.office == "Dinas Sosial Kabupaten Tanjung Jabung Barat" and problems == []
