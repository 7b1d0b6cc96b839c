"""A labour-market rate or a count of the city, read as the document's only when it is: the target named before the
rate's name is a target, "capaian kinerja" is an achievement (not the rate), and a rate or count whose words name
another region (a province, the nation, another city or regency) is left unresolved, never the document's."""
from __future__ import annotations

import pandas as pd
import pytest

from renja_lib.read.narrative_reader import read_narrative
from renja_lib.text import Message, message_language

SUBJECTS = pd.DataFrame({"code": ["2.07.04"], "name": ["Program Penempatan Tenaga Kerja"], "level": ["program"]})
TPT = "Tingkat Pengangguran Terbuka"


def _read(sentence: str, region=("kota", "Blitar")):
    r = read_narrative(["2.1 Evaluasi Pelaksanaan Renja Tahun 2022", "", sentence], SUBJECTS, plan_year=2024,
                       region=region)
    return ([(f.quantity, f.subject, int(f.year), f.value) for f in r.facts.itertuples()],
            list(zip(r.unresolved["value"], r.unresolved["reason"])))


def _reason(key: str, **fields) -> str:
    return Message(f"narrative.unresolved.{key}", **fields).render(message_language())


def test_a_target_named_before_a_rate_and_the_achievement_against_it_are_not_the_rate():
    facts, unresolved = _read("Target TPT tahun 2022 dalam RPJMD sebesar 5,5% dan realisasinya 5,12% sehingga "
                              "capaian kinerja 107,4%.")
    assert facts == [("target_stated", TPT, 2022, 5.5), ("tpt", TPT, 2022, 5.12),
                     ("achievement_stated", TPT, 2022, 107.4)] and unresolved == []
    assert _read("Capaian TPT tahun 2022 sebesar 5,12%.")[0] == [("tpt", TPT, 2022, 5.12)]  # what TPT reached


@pytest.mark.parametrize("sentence, other", [
    ("TPT Kota Blitar tahun 2022 sebesar 5,12%, sedangkan TPT Provinsi Jawa Timur sebesar 5,49%.", "Provinsi Jawa Timur"),
    ("TPT Kota Blitar tahun 2022 sebesar 5,12%, lebih rendah dari TPT nasional yang sebesar 5,49%.", "nasional"),
    ("TPT Kota Blitar tahun 2022 sebesar 5,12%, sedangkan TPT Kabupaten Blitar 5,49%.", "Kabupaten Blitar"),
])
def test_a_rate_of_another_region_is_not_the_document_s(sentence, other):
    facts, unresolved = _read(sentence)
    assert facts == [("tpt", TPT, 2022, 5.12)]
    assert unresolved == [(5.49, _reason("other_region", name=other))]


def test_the_document_s_own_region_named_last_keeps_the_figure():
    facts, _ = _read("Dibandingkan Provinsi Jawa Timur, TPT Kota Blitar tahun 2022 sebesar 5,12%.")
    assert facts == [("tpt", TPT, 2022, 5.12)]
    facts, _ = _read("Jumlah angkatan kerja di kota ini tahun 2022 sebanyak 78.345 orang.")  # no name: no region
    assert facts == [("labour_force", "city", 2022, 78345.0)]


def test_a_region_named_when_the_document_s_is_unknown_leaves_the_figure_unresolved():
    sentence = "TPT Kota Blitar tahun 2022 sebesar 5,12%."
    assert _read(sentence, region=("", "")) == ([], [(5.12, _reason("region_unknown", name="Kota Blitar"))])
    assert _read(sentence, region=None)[0] == [("tpt", TPT, 2022, 5.12)]  # (not asked: as before)
    assert _read("TPT tahun 2022 sebesar 5,12%.", region=("", ""))[0] == [("tpt", TPT, 2022, 5.12)]


def test_a_document_s_reading_knows_its_own_region(doc_copy):
    """``doc.narrative`` gives the reader the region the document's identity reads: the bundled document's Kota
    Pasuruan figures stay, a province's put beside them does not become the city's."""
    from renja_lib import load

    path = doc_copy(lambda text: text.replace("Atau dengan TPT sebesar 6,33%.", "Atau dengan TPT sebesar 6,33%. "
                                              "TPT Provinsi Jawa Timur tahun 2021 sebesar 5,74%."))
    reading = load(path).narrative
    assert 5.74 not in reading.facts["value"].tolist() and 6.23 in reading.facts["value"].tolist()
    row = reading.unresolved[reading.unresolved["value"] == 5.74]
    assert row["reason"].tolist() == [_reason("other_region", name="Provinsi Jawa Timur")]
