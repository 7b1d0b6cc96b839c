"""A stated change ("naik", "turun", "meningkat", "menurun") and the level it changed from: the number after "dari"
or after "dibandingkan ... yang sebesar" is the level of the base year, not the change; read as the quantity of the
figure before it when its year is written with it, else left unresolved (never a change of that size)."""
from __future__ import annotations

import pandas as pd
import pytest

from renja_lib.read.narrative_reader import read_narrative
from renja_lib.text import Message, message_language

SUBJECTS = pd.DataFrame({"code": ["2.07.04"], "name": ["Program Penempatan Tenaga Kerja"], "level": ["program"]})


def _read(sentence: str):
    lines = ["2.1 Evaluasi Pelaksanaan Renja Tahun 2022", "", sentence]
    r = read_narrative(lines, SUBJECTS, plan_year=2024)
    facts = [(f.quantity, f.subject, int(f.year), f.value) for f in r.facts.itertuples()]
    return facts, list(zip(r.unresolved["value"], r.unresolved["reason"]))


TPT, TPAK = "Tingkat Pengangguran Terbuka", "Tingkat Partisipasi Angkatan Kerja"


@pytest.mark.parametrize("sentence, base", [
    ("TPT tahun 2022 tercatat 5,12 persen, turun dibandingkan tahun 2021 yang sebesar 6,01 persen.", 2021),
    ("TPT tahun 2022 sebesar 5,12 persen atau menurun dibanding tahun 2021 yang mencapai 6,01 persen.", 2021),
    ("TPT tahun 2022 tercatat 5,12 persen, turun dari 6,01 persen pada tahun 2021.", 2021),
    ("Pada 2022 TPT sebesar 5,12%, menurun daripada 2021 yang sebesar 6,01%.", 2021),
])
def test_the_level_a_rate_fell_from_is_the_rate_of_its_year(sentence, base):
    facts, unresolved = _read(sentence)
    assert facts == [("tpt", TPT, 2022, 5.12), ("tpt", TPT, base, 6.01)] and unresolved == []


def test_a_rise_from_a_level_is_read_the_same_way():
    facts, unresolved = _read("TPAK tahun 2022 mencapai 68,42%, naik dari semula 66,9% pada tahun 2021.")
    assert facts == [("tpak", TPAK, 2022, 68.42), ("tpak", TPAK, 2021, 66.9)] and unresolved == []
    facts, unresolved = _read("Serapan anggaran Dinas 2022 sebesar Rp 9.000.000 (91,2%), naik dari 89,3% pada 2021.")
    assert facts[-2:] == [("absorption_stated", "office", 2022, 91.2), ("absorption_stated", "office", 2021, 89.3)]


@pytest.mark.parametrize("sentence", [
    "TPT turun dari 6,01 persen menjadi 5,12 persen pada 2022.",  # nothing before it: no quantity to take
    "TPT tahun 2022 tercatat 5,12 persen, turun dari 6,01 persen.",  # no year of its own
    "Realisasi belanja Dinas 2022 sebesar Rp 9.000.000, naik dari 89,3% pada 2021.",  # before it: rupiah
    "TPT tahun 2022 sebesar 5,12%, turun dibandingkan Provinsi Jawa Timur tahun 2022 yang sebesar 6,01%.",  # the same
    # year: the base is another's (the province's)
])
def test_a_level_a_change_is_from_that_cannot_be_tied_is_left_unresolved_not_read_as_the_change(sentence):
    facts, unresolved = _read(sentence)
    base = 89.3 if "89,3" in sentence else 6.01
    assert not [f for f in facts if f[0] in ("increase_stated", "decrease_stated") or f[3] == base]
    assert (base, Message("narrative.unresolved.base_of_change").render(message_language())) in unresolved


@pytest.mark.parametrize("sentence, change", [
    ("TPT tahun 2022 tercatat 5,12 persen, turun 0,89 poin dibandingkan tahun 2021.", 0.89),
    ("TPT tahun 2022 turun dari tahun 2021 sebesar 0,89 poin.", 0.89),
    ("TPAK tahun 2022 meningkat sebesar 1,5 persen dibandingkan tahun lalu.", 1.5),
])
def test_a_change_written_as_a_change_is_still_read_as_one(sentence, change):
    facts, _ = _read(sentence)
    assert [f[3] for f in facts if f[0] in ("increase_stated", "decrease_stated")] == [change]
