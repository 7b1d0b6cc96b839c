"""Counts of programmes and activities: the office's count, not the count of those that met (or missed) their
target, which is a part of it ("Dari 6 program, 4 program mencapai target"): that one is left unresolved."""
from __future__ import annotations

import pandas as pd
import pytest

from renja_lib.read.narrative_reader import read_narrative

SUBJECTS = pd.DataFrame({"code": ["2.07.04"], "name": ["Program Penempatan Tenaga Kerja"], "level": ["program"]})


def _read(sentence: str):
    r = read_narrative(["2.1 Evaluasi Pelaksanaan Renja Tahun 2022", "", sentence], SUBJECTS, plan_year=2024)
    return [(f.quantity, f.value) for f in r.facts.itertuples()], sorted(r.unresolved["value"].tolist())


@pytest.mark.parametrize("sentence, counts, parts", [
    ("Dari 6 program yang dilaksanakan, 4 program mencapai target dan 2 program belum mencapai target.",
     [("programme_count", 6.0)], [2.0, 4.0]),
    ("Sebanyak 12 kegiatan telah mencapai target, sedangkan 3 kegiatan tidak mencapai target.", [], [3.0, 12.0]),
    ("Dinas melaksanakan 18 kegiatan; 15 kegiatan yang tercapai dan 3 kegiatan belum tercapai.",
     [("activity_count", 18.0)], [3.0, 15.0]),
    ("Pada tahun 2022 Dinas melaksanakan 6 program dan 18 kegiatan yang seluruhnya terealisasi.",
     [("programme_count", 6.0), ("activity_count", 18.0)], []),
])
def test_the_programmes_that_met_their_target_are_not_the_count_of_programmes(sentence, counts, parts):
    facts, unresolved = _read(sentence)
    assert facts == counts and unresolved == parts
