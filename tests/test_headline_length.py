"""Each report page opens with 3 to 6 short headline findings, then its other lines under a label (issue 15).

On the bundled document: the labour and budget pages' first bullet list holds the lines that state their findings
(the office-wide absorption first), each at most 60 words with its source; the derived programme's headline says
only that its figures are derived, and the whole derivation is still on the page, in the details.
"""
from __future__ import annotations

import pytest

from renja_lib.analyse import budget, labour
from renja_lib.present import sentences
from renja_lib.present.findings import MAX_FINDINGS, plain, with_sources

RENJA_2023 = {"document_kind": "renja", "plan_year": 2023}
LABEL = {"id": "**Rincian**", "en": "**Details**"}
MAX_WORDS = 60


def _lists(markdown: str) -> list[list[str]]:
    """The bullet lists of a Markdown text, in order (blocks between blank lines whose lines are all bullets)."""
    blocks = [block.splitlines() for block in markdown.split("\n\n")]
    return [block for block in blocks if block and all(line.startswith("- ") for line in block)]


def _summaries(doc, lang: str) -> dict[str, object]:
    series = labour.series(doc)
    return {"labour": sentences.labour_summary(labour.gap_to_target(series.frame), lang, series.conflicts,
                                               series=series),
            "budget": sentences.absorption_summary(budget.absorption(doc), lang)}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_each_page_opens_with_three_to_six_short_findings_then_its_details(doc, lang):
    for page, summary in _summaries(doc, lang).items():
        shown = with_sources(summary, RENJA_2023)
        first, *rest = _lists(shown)
        assert min(3, len(summary.findings)) <= len(first) <= MAX_FINDINGS, page
        assert len(first) == len(summary.findings), page  # the first list is the findings, no other line
        for line in first:
            assert len(plain(line).split()) <= MAX_WORDS, (page, line)
        # the findings' sentences, in their order, are the first list's lines
        assert all(plain(line).startswith(plain(f.sentence[lang])) for f, line in zip(summary.findings, first)), page
        # the other lines come after one label, as one more list, each with its source too
        assert len(rest) == 1 and shown.count(LABEL[lang]) == 1, page
        lines = shown.splitlines()
        assert lines.index(first[-1]) < lines.index(LABEL[lang]) < lines.index(rest[0][0])
        assert all(line.rstrip().endswith(".*") for line in first + rest[0]), page


@pytest.mark.parametrize("lang", ["id", "en"])
def test_the_office_absorption_comes_first_and_the_derivation_moves_to_the_details(doc, lang):
    frame = budget.absorption(doc)
    summary = sentences.absorption_summary(frame, lang)
    first, details = _lists(str(summary))
    office = {"id": "- Seluruh perangkat daerah 2021: serapan 83,82%", "en": "- Whole office 2021: absorption 83.82%"}
    assert first[0].startswith(office[lang]) and summary.findings[0].code == "absorption.office"
    support = next(line for line in first if line.startswith("- Penunjang Urusan Pemerintahan Daerah"))
    short = {"id": "(angka diturunkan dari total perangkat daerah dikurangi program lain).",
             "en": "(derived: the office total less the other programmes)."}[lang]
    assert support.endswith(short) and len(support.split()) < 35
    # the whole derivation is still on the page: its own line, in the details, right where the programme was
    row = frame[(frame["programme"] == "2.07.01") & (frame["year"] == 2021) & (frame["period"] == "year")].iloc[0]
    how = row["derivation"].render(lang)
    assert not any(how in line for line in first)
    derivation = [line for line in details if how in plain(line)]
    assert len(derivation) == 1 and details.index(derivation[0]) == 0
    assert "Rp 5.063.367.215" in how or "Rp 5,063,367,215" in how
    # no line lost: every line the summary states is on the page once
    assert len(first) + len(details) == len(summary.sourced)


def test_the_findings_keep_their_codes_numbers_and_locators_and_only_the_derived_sentence_is_shorter(doc):
    frame = budget.absorption(doc)
    found = {f.code: f for f in sentences.absorption_summary(frame, "id").findings}
    assert list(found) == ["absorption.office", "absorption.2.07.01", "absorption.2.07.03", "absorption.2.07.04",
                           "absorption.2.07.05"]
    support = found["absorption.2.07.01"]
    assert support.numbers["budget"] == 5_063_367_215 - 1_493_111_160 - 626_150_954 - 208_596_810
    assert support.codes["programme"] == "2.07.01" and support.codes["period"] == "year"
    assert [loc["number"] for loc in support.locators] == ["absorption"] * len(support.locators) != []
    assert "dikurangi program lain" in support.sentence["id"] and "Anggaran diturunkan" not in support.sentence["id"]
    assert "the office total less the other programmes" in support.sentence["en"]
