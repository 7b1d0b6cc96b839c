"""Issue 17, point 3: TKK derived from a BPS TPT (and back) inside the labour series, marked as derived; the
labour headline with the newest year available and its source, on the bundled document with the BPS test files
(tests/data/bps/) and on small hand-made inputs."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from renja_lib.analyse import labour
from renja_lib.analyse.rates import derive_complements
from renja_lib.present import sentences
from renja_lib.present.findings import plain
from renja_lib.present.headlines import source_text
from table_helpers import bps_table as _bps

BPS = Path(__file__).parent / "data" / "bps"
TABLE = BPS / "tpt_kabkota_jatim_2021_2023.csv"
API = BPS / "tpt_kabkota_jatim_api.json"


def _summary(series, lang):
    gaps = labour.gap_to_target(series.frame)
    return sentences.labour_summary(gaps, lang, series.conflicts, series=series)


def _own(frame, indicator, year, kind="actual"):
    return frame[(frame["region"] == "Kota Pasuruan") & (frame["indicator"] == indicator) & (frame["year"] == year)
                 & (frame["kind"] == kind)]


@pytest.fixture(scope="module")
def with_bps(doc):
    return labour.series(doc, extra=[None, TABLE])


@pytest.fixture(scope="module")
def alone(doc):
    return labour.series(doc)


def _doc(tpt=(), tkk=(), targets=(), estimates=()):
    """A hand-made document: Tabel 2.2 realisations and targets, narrative estimates, as (indicator, year, value)."""
    names = {"TPT": "Tingkat Pengangguran Terbuka", "TKK": "Tingkat Kesempatan Kerja"}
    rows = [(names[i], "realization", y, v) for i, y, v in [*(("TPT", *t) for t in tpt), *(("TKK", *t) for t in tkk)]]
    rows += [(names[i], "target", y, v) for i, y, v in targets]
    table = pd.DataFrame([dict(indicator=n, measure=m, year=y, value=v, unit="%", note="", source_line=10 + k)
                          for k, (n, m, y, v) in enumerate(rows)],
                         columns=["indicator", "measure", "year", "value", "unit", "note", "source_line"])
    facts = pd.DataFrame([dict(quantity=f"{i.lower()}_estimate", subject="Kota A", year=y, period="year", value=v,
                               unit="%", quote="", source_line=50 + k) for k, (i, y, v) in enumerate(estimates)],
                         columns=["quantity", "subject", "year", "period", "value", "unit", "quote", "source_line"])
    return SimpleNamespace(path=Path("renja_a.txt"), service_indicators=table, facts=facts,
                           identity=SimpleNamespace(region="Kota A"))


# ---------------------------------------------------------------- derivation in the series
def test_tkk_is_derived_from_a_bps_tpt_and_marked_with_its_source(with_bps):
    frame = with_bps.frame
    tkk = _own(frame, "TKK", 2022)
    assert tkk["value"].round(2).tolist() == [93.85] and tkk["derived_from"].tolist() == ["TPT"]
    assert tkk["source"].tolist() == ["100 - TPT (tpt_kabkota_jatim_2021_2023.csv row 38, column 2022 Agustus)"]
    assert _own(frame, "TKK", 2022, "estimate")["value"].tolist() == [93.8]  # the document's estimate stays
    assert _own(frame, "TKK", 2023)["value"].round(2).tolist() == [94.15]
    # every region of the file gets its TKK, derived
    jatim = frame[(frame["region"] == "Provinsi Jawa Timur") & (frame["indicator"] == "TKK")]
    assert (jatim["derived_from"] == "TPT").all() and len(jatim) == 3


def test_a_published_figure_is_never_replaced_and_the_document_alone_derives_nothing_new(with_bps, alone):
    own = _own(with_bps.frame, "TKK", 2021)
    assert own["value"].tolist() == [93.77] and own["derived_from"].tolist() == [""]
    assert (alone.frame["derived_from"] == "").all()  # TPT and TKK both given, 2022 only estimated
    assert _own(alone.frame, "TKK", 2022).empty and with_bps.mismatches.empty


def test_never_derived_from_an_estimate_or_a_target():
    doc = _doc(tpt=[(2021, 6.23)], targets=[("TPT", 2022, 6.2), ("TKK", 2022, 93.8)],
               estimates=[("TPT", 2023, 6.0)])
    frame = labour.series(doc).frame
    derived = frame[frame["derived_from"] != ""]
    assert derived[["indicator", "year", "kind"]].values.tolist() == [["TKK", 2021, "actual"]]
    assert round(float(derived["value"].iloc[0]), 2) == 93.77
    assert frame[(frame["indicator"] == "TKK") & (frame["year"] == 2023)].empty
    # and the other way round: TPT from a published TKK
    frame = labour.series(_doc(tkk=[(2021, 93.77)])).frame
    tpt = frame[frame["indicator"] == "TPT"]
    assert tpt["derived_from"].tolist() == ["TKK"] and round(float(tpt["value"].iloc[0]), 2) == 6.23


def test_both_published_and_not_adding_up_are_shown_not_fixed(tmp_path):
    extra = tmp_path / "tpt.csv"
    extra.write_text("region,indicator,year,kind,value\nKota A,TPT,2021,actual,6.50\n", encoding="utf-8")
    result = labour.series(_doc(tkk=[(2021, 93.77)], targets=[("TKK", 2021, 94.29)]), extra=extra)
    frame = result.frame
    assert frame.loc[frame["indicator"] == "TKK", "value"].tolist()[:1] == [93.77]
    assert (frame["derived_from"] == "").all()
    m = result.mismatches.iloc[0]
    assert (m["indicator"], m["complement"], m["value"], m["complement_value"]) == ("TKK", "TPT", 93.77, 6.5)
    assert round(m["difference"], 2) == 0.27
    id_text, en_text = _summary(result, "id"), _summary(result, "en")
    assert "TKK 2021 93,77% (Tabel 2.2 baris 10) dan TPT 6,50% (tpt.csv baris 2) tidak berjumlah 100 (selisih " \
           "0,27 poin)" in id_text
    assert "do not add up to 100 (0.27 pp off); both are shown as published, neither is changed." in en_text


def test_the_rule_is_one_and_running_it_twice_adds_nothing(with_bps):
    again, _ = derive_complements(with_bps.frame)
    assert len(again) == len(with_bps.frame)
    conflict = pd.DataFrame({"region": "R", "indicator": ["TPT", "TPT"], "year": 2022, "kind": "actual",
                             "value": [6.1, 6.3], "source": ["a.csv row 2", "b.csv row 2"], "conflict": True})
    assert (derive_complements(conflict)[0]["derived_from"] == "").all()  # two values: none chosen


# ---------------------------------------------------------------- the headline
#: The bundled document's labour headline without any file, as written before BPS files were read.
ALONE_ID = [
    "- TPT 2021 tercatat 6,23%, 0,52 poin di atas targetnya 5,71% (capaian 90,89% menurut metode (2 × target − "
    "realisasi) / target, kategori tinggi).",
    "- TPT 2022: angka resmi belum rilis (Tabel 2.2 baris 655); dokumen memperkirakan 6,20%, tepat pada targetnya "
    "6,20%. Perkiraan bukan capaian dan tidak dinilai.",
    "- TPAK 2021 tercatat 71,66%, 3,88 poin di atas targetnya 67,78% (capaian 105,72% menurut metode realisasi / "
    "target, kategori sangat tinggi). Angka target ini ditulis 67,8% di narasi baris 312: angka yang sama, "
    "dibulatkan.",
    "- TKK 2021 tercatat 93,77%, 0,52 poin di bawah targetnya 94,29% (capaian 99,45% menurut metode realisasi / "
    "target, kategori sangat tinggi).",
    "- TKK 2022: angka resmi belum rilis (Tabel 2.2 baris 658); dokumen memperkirakan 93,80%, tepat pada targetnya "
    "93,80%. Perkiraan bukan capaian dan tidak dinilai.",
    "- TKK dan TPT 2021 adalah satu fakta (TKK = 100 − TPT), tetapi selisih yang sama dari target, 0,52 poin, "
    "dinilai 99,45% (sangat tinggi) untuk TKK dan 90,89% (tinggi) untuk TPT. Sebabnya rumus capaian: 0,52 poin "
    "adalah 0,55% dari target TKK 94,29%, tetapi 9,11% dari target TPT 5,71%. Beda kategori ini tidak berarti "
    "kinerja yang berbeda.",
]
ALONE_EN = [
    "- TPT 2021 was 6.23%, 0.52 pp above its 5.71% target (achievement 90.89% by the (2 × target − actual) / target "
    "method, rated high).",
    "- TKK 2022: the official figure is not yet released (Table 2.2 line 658); the document estimates 93.80%, "
    "exactly on its 93.80% target. An estimate is no achievement and is not rated.",
]


def test_without_a_bps_file_the_headline_is_unchanged(alone):
    id_text, en_text = _summary(alone, "id"), _summary(alone, "en")
    # the same lines; the findings' first, the others under a label after them (issue 15)
    assert sorted(line for line in str(id_text).split("\n") if line.startswith("- ")) == sorted(ALONE_ID)
    assert all(line in en_text.split("\n") for line in ALONE_EN) and "BPS" not in en_text
    assert [f.numbers["year"] for f in id_text.findings] == [2021, 2021, 2021]
    assert id_text.findings[0].locators == [
        {"number": "realised", "source": "Tabel 2.2 line 655; narrative line 318",
         "where": {"id": "Tabel 2.2 baris 655; narasi baris 318", "en": "Table 2.2 line 655; narrative line 318"}},
        {"number": "target", "source": "Tabel 2.2 line 655",
         "where": {"id": "Tabel 2.2 baris 655", "en": "Table 2.2 line 655"}}]


def test_the_headline_names_the_newest_year_and_bps_as_its_source(with_bps):
    id_text, en_text = _summary(with_bps, "id"), _summary(with_bps, "en")
    assert "- TPT 2023 tercatat 5,85% (BPS, tpt\\_kabkota\\_jatim\\_2021\\_2023.csv baris 38, kolom 2023 Agustus), " \
           "0,15 poin di bawah targetnya 6,00%" in id_text
    assert "- TPT 2023 was 5.85% (BPS, tpt\\_kabkota\\_jatim\\_2021\\_2023.csv row 38, column 2023 Agustus), 0.15 pp " \
           "below its 6.00% target" in en_text
    assert ALONE_ID[0] in id_text.split("\n")  # the document's evaluation year, against its target, as before
    found = {f.code: f for f in id_text.findings}
    tpt = found["labour.TPT"]
    assert tpt.numbers["year"] == 2023 and tpt.numbers["realised"] == 5.85
    bps = [loc for loc in tpt.locators if loc.get("origin") == "bps"]
    assert [(b["source_file"], b["source_row"], b["source_column"]) for b in bps] == [
        ("tpt_kabkota_jatim_2021_2023.csv", 38, "2023 Agustus")]
    assert bps[0]["where"] == {"id": "BPS, tpt_kabkota_jatim_2021_2023.csv baris 38, kolom 2023 Agustus",
                               "en": "BPS, tpt_kabkota_jatim_2021_2023.csv row 38, column 2023 Agustus"}
    tkk = found["labour.TKK"]  # derived: its locator points to the TPT it comes from
    assert tkk.numbers["year"] == 2023 and round(tkk.numbers["realised"], 2) == 94.15
    assert tkk.codes["derived_from"] == "TPT"
    assert [loc["derived_from"] for loc in tkk.locators if loc.get("origin") == "bps"] == ["TPT"]
    assert "dihitung 100 − TPT, dengan TPT dari BPS" in plain(tkk.sentence["id"])
    assert "derived as 100 − TPT, the TPT from BPS" in plain(tkk.sentence["en"])


def test_a_figure_the_document_calls_not_released_is_said_released_by_bps(with_bps):
    id_text, en_text = _summary(with_bps, "id"), _summary(with_bps, "en")
    assert "angka resmi belum rilis" not in id_text and "the official figure is not yet released" not in en_text
    tpt = next(line for line in id_text.split("\n") if line.startswith("- TPT 2022"))
    assert tpt.startswith("- TPT 2022 tercatat 6,15% (BPS,")
    assert tpt.endswith("Dokumen menyebut angka ini belum rilis (Tabel 2.2 baris 655); BPS telah merilisnya.")
    tkk = next(line for line in en_text.split("\n") if line.startswith("- TKK 2022"))
    assert tkk.endswith("The document calls this figure not yet released (Table 2.2 line 658); BPS has since "
                        "released the year's TPT, from which the figure above is derived.")


def test_the_api_answer_names_its_key(doc):
    text = _summary(labour.series(doc, extra=API), "en")
    assert "5.85% (BPS WebAPI, tpt\\_kabkota\\_jatim\\_api.json line 312, key 35755430123189)" in text
    loc = next(loc for f in text.findings if f.code == "labour.TPT" for loc in f.locators if loc.get("origin"))
    assert (loc["source_kind"], loc["source_line"], loc["key"]) == ("bps_api", 312, "35755430123189")


def test_a_newer_year_without_target_is_stated_compared_and_not_rated(doc, tmp_path):
    path = _bps(tmp_path, "tpt_2024_2025.csv", [2024, 2025],
                [("Kota Pasuruan", ["5,90", "5,55"]), ("Jawa Timur", ["4,82", "4,70"])])
    result = labour.series(doc, extra=path)
    id_text, en_text = _summary(result, "id"), _summary(result, "en")
    assert "- TPT 2025, angka terbaru: 5,55% (BPS, tpt\\_2024\\_2025.csv baris 5, kolom 2025 Agustus); turun 0,35 " \
           "poin dari 2024 (5,90%); Provinsi Jawa Timur 4,70% (+0,85 poin). Dokumen tidak memberi target untuk " \
           "tahun ini: angka ini tidak dinilai." in id_text
    assert "- TPT 2025, the newest figure: 5.55% (BPS, tpt\\_2024\\_2025.csv row 5, column 2025 Agustus); down " \
           "0.35 pp from 2024 (5.90%); Provinsi Jawa Timur 4.70% (+0.85 pp). The document gives no target for " \
           "this year: the figure is not rated." in en_text
    lines = id_text.split("\n")  # the finding first; the 2024 one against the document's target in the details
    assert lines.index(next(x for x in lines if x.startswith("- TPT 2025"))) < lines.index("**Rincian**") < \
        lines.index(next(x for x in lines if x.startswith("- TPT 2024")))
    tpt = next(f for f in id_text.findings if f.code == "labour.TPT")
    assert (tpt.numbers["year"], tpt.numbers["realised"], tpt.numbers["target"], tpt.numbers["achievement"]) == \
        (2025, 5.55, None, None)
    assert (tpt.numbers["previous"], tpt.numbers["province_value"], tpt.codes["band"]) == (5.9, 4.7, "no_target")
    assert plain(tpt.figure["en"]) == "5.55% (newest; no target)"
    assert {loc["number"] for loc in tpt.locators} == {"realised", "previous", "province"}
    tkk = next(f for f in id_text.findings if f.code == "labour.TKK")  # derived from the newest TPT, not rated
    assert tkk.numbers["year"] == 2025 and round(tkk.numbers["realised"], 2) == 94.45


def test_source_words_of_bps_and_derived_figures():
    assert source_text("t.csv row 4, column 2023 Agustus (*)", "id") == "BPS, t.csv baris 4, kolom 2023 Agustus (*)"
    assert source_text("100 - TPT (Tabel 2.2 line 655; narrative line 318); t.csv row 4, column 2021 Agustus",
                       "en") == ("derived as 100 − TPT, the TPT from Table 2.2 line 655; narrative line 318; "
                                 "BPS, t.csv row 4, column 2021 Agustus")
    assert source_text("extra.csv row 3: BPS Sakernas", "en") == "extra.csv row 3: BPS Sakernas"  # unchanged


def test_the_trend_chart_stars_a_derived_value_and_says_how_it_was_derived(with_bps):
    from renja_lib.present.labour_charts import indicator_trend

    fig = indicator_trend(sentences.chart_series(with_bps.frame, "en"), "TKK", region="Kota Pasuruan", lang="en")
    labels = [t.get_text() for t in fig.axes[0].texts if "%" in t.get_text() and "target" not in t.get_text()]
    assert "93.85%*" in labels and "94.15%*" in labels and "93.77%" in labels  # the document's own: no star
    assert "* Derived: TKK = 100 − TPT." in fig.get_supxlabel()
    plain_fig = indicator_trend(sentences.chart_series(with_bps.frame, "en"), "TPT", region="Kota Pasuruan",
                                lang="en")
    assert "Derived" not in plain_fig.get_supxlabel()
