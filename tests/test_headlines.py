"""The headlines a careful analyst would sign (issue 15, "Misleading headlines" 1-7), on the bundled Renja 2023.

Each test fails if the misleading statement it names comes back. The analysis behind each is tested in its own
module's tests (test_budget, test_labour, test_ratings, test_performance, test_audit, test_cli, the chart tests);
here, what the page says, in both languages.
"""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from renja_lib.analyse import budget, labour, performance  # noqa: E402
from renja_lib.check import audit  # noqa: E402
from renja_lib.present import labour_charts, sentences  # noqa: E402

LANGS = ("id", "en")


@pytest.fixture(scope="module")
def absorption(doc):
    return budget.absorption(doc)


@pytest.fixture(scope="module")
def findings(doc):
    return audit.audit(doc)


@pytest.fixture(scope="module")
def labour_series(doc):
    return labour.series(doc)


def _office_line(text: str, lang: str) -> str:
    name = "Seluruh perangkat daerah 2021" if lang == "id" else "Whole office 2021"
    return next(line for line in text.splitlines() if line.startswith(f"- {name}"))


# ---------------------------------------------------------------- 1. the office's absorption
@pytest.mark.parametrize("lang", LANGS)
def test_1_the_office_absorption_is_the_reading_the_document_supports(absorption, lang):
    """Not "serapan 0,08%": the stated 83,82 % and the spending it implies, the written amount named as
    contradicting it, and what its words say."""
    line = _office_line(sentences.absorption_summary(absorption, lang), lang)
    if lang == "id":
        assert line.startswith("- Seluruh perangkat daerah 2021: serapan 83,82% menurut persentase yang dinyatakan "
                               "dokumen (sekitar Rp 4.244.114.400 dari pagu Rp 5.063.367.215).")
        assert "Rp 4.244.258, bertentangan dengan persentase itu" in line
        assert "terbilangnya menyebut jumlah lain lagi, Rp 4.000.244.258" in line and "tidak dipakai" in line
    else:
        assert line.startswith("- Whole office 2021: absorption 83.82% by the percentage the document states (about "
                               "Rp 4,244,114,400 of a Rp 5,063,367,215 budget).")
        assert "Rp 4,244,258, contradicts that percentage" in line
        assert "says yet another amount, Rp 4,000,244,258" in line and "it is not used" in line
    assert "0,08" not in line and "0.08" not in line


def test_1_no_headline_rests_on_a_figure_the_audit_rejects(absorption, findings):
    """Every amount the audit rejects (its words disagree, or it cannot be the share it is said to be) stands in a
    row whose headline reading is not computed from it."""
    from renja_lib.parse.numbers import parse_number

    rejected = findings[findings["rule"].isin(["amount_in_words", "share_magnitude"])
                        & (findings["severity"] == "error")]
    assert set(rejected["found"]) == {"4.244.258,00"}
    for found in set(rejected["found"]):
        amount = float(parse_number(found))
        rows = absorption[absorption["spending"].astype(float) == amount]
        assert len(rows) == 1 and set(rows["reading"]) == {"stated"}, rows
        assert (rows["absorption_reading"] == rows["absorption_stated"]).all()
        would_be = amount / rows["budget"].astype(float) * 100
        assert not (absorption["absorption_reading"].round(6).isin(would_be.round(6))).any()


@pytest.mark.parametrize("lang", LANGS)
def test_1_the_budget_page_table_shows_the_reading_not_the_rejected_figure(absorption, lang):
    columns = ["year", "period", "subject", "name", "budget", "spending", "absorption_stated", "absorption_reading",
               "reading", "flag", "derived"]
    shown = repr(sentences.localised(absorption[columns], lang))
    office = next(row for row in shown.splitlines() if ("Seluruh perangkat" if lang == "id" else "Whole office") in row)
    assert ("83,82" if lang == "id" else "83.82") in office and "0,08" not in office and "0.08" not in office
    assert ("persentase yang dinyatakan" if lang == "id" else "stated percentage") in office


# ---------------------------------------------------------------- 2. TPT and TKK, one fact
@pytest.mark.parametrize("lang", LANGS)
def test_2_where_tpt_and_tkk_fall_in_two_bands_the_page_says_why(labour_series, lang):
    gaps = labour.gap_to_target(labour_series)  # each by its own formula: two_minus for TPT, ratio for TKK
    text = sentences.labour_summary(gaps, lang, labour_series.conflicts, series=labour_series)
    if lang == "id":
        assert "kategori tinggi" in text and "kategori sangat tinggi" in text
        assert ("TKK dan TPT 2021 adalah satu fakta (TKK = 100 − TPT), tetapi selisih yang sama dari target, "
                "0,52 poin, dinilai 99,45% (sangat tinggi) untuk TKK dan 90,89% (tinggi) untuk TPT.") in text
        assert "0,52 poin adalah 0,55% dari target TKK 94,29%, tetapi 9,11% dari target TPT 5,71%" in text
    else:
        assert ("TKK and TPT 2021 are one fact (TKK = 100 − TPT), yet the same gap to target, 0.52 pp, is rated "
                "99.45% (very high) for TKK and 90.89% (high) for TPT.") in text
        assert "0.52 pp is 0.55% of the TKK target of 94.29% but 9.11% of the TPT target of 5.71%" in text


@pytest.mark.parametrize("lang", LANGS)
def test_2_rated_on_one_basis_the_two_agree_and_no_explanation_is_needed(labour_series, lang):
    gaps = labour.gap_to_target(labour_series, pair_basis="TPT")
    text = sentences.labour_summary(gaps, lang, labour_series.conflicts, series=labour_series)
    tkk = next(line for line in text.splitlines() if line.startswith("- TKK 2021"))
    tpt = next(line for line in text.splitlines() if line.startswith("- TPT 2021"))
    if lang == "id":
        assert "(dinilai dengan dasar TPT: capaian 90,89% menurut metode (2 × target − realisasi) / target, " \
               "kategori tinggi)" in tkk
        assert "kategori tinggi" in tpt and "satu fakta" not in text
    else:
        assert "(on the basis of TPT: achievement 90.89% by the (2 × target − actual) / target method, rated high)" \
               in tkk
        assert "rated high" in tpt and "one fact" not in text


def test_2_no_explanation_where_the_method_puts_both_in_one_band(labour_series):
    gaps = labour.gap_to_target(labour_series, method="inverse_ratio")  # 91,65 and 99,45: both sangat tinggi
    assert "satu fakta" not in sentences.labour_summary(gaps, "id", labour_series.conflicts, series=labour_series)


# ---------------------------------------------------------------- 3. figures not yet released
@pytest.mark.parametrize("lang", LANGS)
def test_3_a_figure_not_yet_released_is_said_to_be_so_and_never_rated(labour_series, lang):
    gaps = labour.gap_to_target(labour_series)
    text = sentences.labour_summary(gaps, lang, labour_series.conflicts, series=labour_series)
    lines = [line for line in text.splitlines() if " 2022" in line]
    assert [line.split(":")[0] for line in lines] == ["- TPT 2022", "- TKK 2022"]
    for line in lines:
        assert ("angka resmi belum rilis (Tabel 2.2 baris" if lang == "id"
                else "the official figure is not yet released (Table 2.2 line") in line
        assert "100,00%" not in line and "100.00%" not in line
        assert not any(word in line for word in ("sangat tinggi", "very high", "kategori", "rated "))
    table = repr(sentences.localised(gaps, lang))
    rows = [row for row in table.splitlines() if " 2022 " in row]
    assert len(rows) == 2 and all(("belum rilis" if lang == "id" else "not yet released") in r for r in rows)


# ---------------------------------------------------------------- 4. the efficiency cases and the one average
@pytest.mark.parametrize("lang", LANGS)
def test_4_low_absorption_is_a_warning_never_efficient(doc, lang):
    eff = performance.efficiency(doc)
    assert set(eff.frame["quadrant"]) <= {"on_track", "underspent_achieved", "spent_not_achieved", "lagging",
                                          "conflict", "no_data"}
    text = sentences.efficiency_summary(eff, lang)
    pelatihan = next(line for line in text.splitlines() if "Pelatihan Kerja" in line)
    if lang == "id":
        assert "serapan 66,60% — target tercapai, anggaran tidak terserap: periksa" in pelatihan
        assert "efisien" not in text and "satu ambang, 91% (batas bawah kategori sangat tinggi)" in text
    else:
        assert "absorption 66.60% — achieved but under-spent: check" in pelatihan
        assert "efficient" not in text and "one threshold, 91% (the lower bound of “very high”)" in text


@pytest.mark.parametrize("lang", LANGS)
def test_4_one_average_achievement_the_same_everywhere_it_is_shown(doc, lang):
    rollup = performance.rollup(doc)
    eff = performance.efficiency(doc)
    means = rollup.set_index("code")["mean_achievement"]
    placed = eff.frame.set_index("programme")["achievement"].dropna()
    assert placed.to_dict() == pytest.approx(means[placed.index].to_dict())
    rolled, effic = sentences.rollup_summary(rollup, lang), sentences.efficiency_summary(eff, lang)
    for code, value in placed.items():
        shown = f"{value:.2f}".replace(".", "," if lang == "id" else ".") + "%"
        assert shown in rolled and shown in effic, (code, shown)
    # the average is named, in the same words on both
    definition = ("rata-rata capaian semua indikator program itu dan kegiatan di bawahnya yang berdata "
                  "(capaian di atas 100% tidak dibatasi)") if lang == "id" else (
        "the mean achievement of every indicator with data of the programme and the activities below it "
        "(achievements above 100% not capped)")
    assert definition in rolled and definition in effic
    assert ("rata-rata yang sama dengan bagian capaian di atas" if lang == "id"
            else "the same average as in the achievement section above") in effic


# ---------------------------------------------------------------- 5. TPAK 2021 in the headlines
@pytest.mark.parametrize("lang", LANGS)
def test_5_tpak_2021_is_a_headline_its_rounded_target_no_conflict(labour_series, findings, lang):
    # the audit rates the 0,02-point difference as rounding (info), and so does the labour page
    note = findings[(findings["rule"] == "service_vs_narrative") & (findings["source_line"] == 312)]
    assert note["severity"].tolist() == ["info"]
    assert labour_series.conflicts.empty
    text = sentences.labour_summary(labour.gap_to_target(labour_series), lang, labour_series.conflicts,
                                    series=labour_series)
    if lang == "id":
        assert "- TPAK 2021 tercatat 71,66%, 3,88 poin di atas targetnya 67,78% (capaian 105,72%" in text
        assert "Sumber berbeda" not in text
    else:
        assert "- TPAK 2021 was 71.66%, 3.88 pp above its 67.78% target (achievement 105.72%" in text
        assert "Sources differ" not in text


# ---------------------------------------------------------------- 6. the actual-vs-target chart
def test_6_each_indicator_on_its_own_panel_and_a_bad_gap_coloured_bad(doc, labour_series):
    from matplotlib.colors import to_hex

    from renja_lib.present import chart_style

    fig = labour_charts.actual_vs_target(sentences.chart_series(labour_series.frame, "id"), region=labour_series.region)
    panels = {ax.get_xlabel().rsplit("(", 1)[-1].rstrip(")"): ax for ax in fig.axes if ax.get_xlabel()}
    assert list(panels) == ["TPT", "TPAK", "TKK"]
    low, high = panels["TPT"].get_ylim()
    assert low <= 5.71 and high >= 6.23 and high - low < 10        # not the 0-100 % axis
    colour = {name: to_hex(next(t for t in ax.texts if "target" in t.get_text()).get_color())
              for name, ax in panels.items()}
    assert colour == {"TPT": chart_style.VERMILLION.lower(), "TPAK": chart_style.GREEN.lower(),
                      "TKK": chart_style.VERMILLION.lower()}


# ---------------------------------------------------------------- 7. errors first
@pytest.mark.parametrize("lang", LANGS)
def test_7_the_audit_page_leads_with_the_errors(findings, lang):
    errors = int((findings["severity"] == "error").sum())
    assert errors == 10
    summary = audit.summary(findings, lang)
    assert (summary["error"].head(5) > 0).all() and int(summary["error"].head(5).sum()) == errors
    assert summary["rule"].iloc[-1] != "narrative_vs_table" and summary["error"].iloc[-1] == 0
    table = sentences.severity_first(findings)
    assert table["severity"].head(errors).eq("error").all()
    assert table["severity"].tolist() == sorted(table["severity"], key=["error", "warning", "info"].index)
    shown = repr(sentences.localised(table[["severity", "rule", "message"]], lang)).splitlines()
    first = shown[1].split()[0]
    assert first == ("kesalahan" if lang == "id" else "error"), shown[:2]
    assert len(findings) == len(table) and set(map(tuple, table.astype(str).values)) == set(
        map(tuple, findings.astype(str).values))
    said = sentences.audit_summary(findings, lang)
    assert ("10 kesalahan" if lang == "id" else "10 errors") in said


def test_page_table_keeps_every_finding_once():
    frame = pd.DataFrame({"severity": ["info", "error", "warning", "error"], "line": [1, 2, 3, 4]})
    assert sentences.severity_first(frame)["line"].tolist() == [2, 4, 3, 1]
