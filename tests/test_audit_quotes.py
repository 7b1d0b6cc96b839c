"""The audit's English sentences mark every figure they quote as the document writes it (issue 15): “83,82%”,
“Rp. 4.244.258,00”, “0 KK” between quotation marks, so that a reader knows it is the document's spelling and not
an English number; the figures the audit computes are English numbers; Indonesian sentences are as they were."""
from __future__ import annotations

import re

import pytest

import renja_lib
from renja_lib.check import audit
from renja_lib.check.figures import pct
from renja_lib.check.messages import Join, Written, quoted_figures
from renja_lib.text.catalogue import Message

#: a number, and one in the Indonesian format (dots grouping thousands, a decimal comma), as the language test reads
NUMBER = re.compile(r"(?<![\w.,])\d[\d.,]*\d(?!\w)")
INDONESIAN_NUMBER = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}")
QUOTE = re.compile(r"“[^”]*”|'[^']*'")


@pytest.fixture(scope="module")
def messages():
    doc = renja_lib.load()
    return {lang: list(audit.audit(doc, lang=lang)["message"]) for lang in ("id", "en")}


def test_no_english_audit_sentence_shows_an_indonesian_number_outside_a_quote(messages):
    bare = [m for m in messages["en"] if any(INDONESIAN_NUMBER.fullmatch(n.group().rstrip(".,"))
                                             for n in NUMBER.finditer(QUOTE.sub(" ", m)))]
    assert not bare, bare[:5]
    quoted = [q for m in messages["en"] for q in re.findall(r"“[^”]*”", m)]
    assert len(quoted) >= 30  # the test is not vacuous: the bundled document's audit quotes many figures


def test_the_figures_the_issue_names_are_quoted_and_the_computed_ones_are_english(messages):
    english = "\n".join(messages["en"])
    assert "says it is “83,82%” of the budget of Rp 5,063,367,215" in english
    assert "“Rp. 4.244.258,00” is written in words as" in english
    assert "for a target of “0 KK”." in english and "for a target of “0 lokasi”." in english
    assert "(“130,13 %” / “90 %” x 100 = 144.59%)" in english
    assert "but Tabel 2.1 gives “53,81 %”." in english


def test_indonesian_sentences_keep_the_figures_as_the_document_writes_them_without_marks(messages):
    indonesian = "\n".join(messages["id"])
    assert "“" not in indonesian
    assert "83,82% dari pagu Rp 5.063.367.215" in indonesian
    assert "(130,13 % / 90 % x 100 = 144,59%)" in indonesian
    assert "Rp. 4.244.258,00 ditulis dengan huruf" in indonesian


def test_only_figures_as_written_are_marked_not_codes_tables_or_computed_figures():
    m = quoted_figures(Message("audit.compare.differ", year=2021, what=Message("audit.measure.realization"),
                               who="2.07.04", stated="54,59%", table="Tabel 2.1", table_value=pct(53.81)))
    assert m.render("en") == ("The text gives the 2021 realised value of 2.07.04 as “54,59%”, but Tabel 2.1 gives "
                              "53.81%.")
    assert isinstance(m.fields["stated"], Written) and m.fields["who"] == "2.07.04"
    nested = quoted_figures(Message("audit.how.achievement", realised="87,5 %", target="90 %", computed=pct(97.22)))
    assert nested.render("en") == "“87,5 %” / “90 %” x 100 = 97.22%"
    joined = quoted_figures(Join("audit.join.no", "audit.join.no.last", ["1.234", "Tabel 4.1"]))
    assert joined.render("en").startswith("“1.234”") and "“Tabel" not in joined.render("en")
    assert Written("0 KK").render("id") == "0 KK"
