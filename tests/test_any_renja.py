"""Any Renja, not only the bundled one: its identity and its narrative figures read from the document itself.

Two documents no one curated: the bundled text without its facts file, and the bundled text for another city
(every "Pasuruan" renamed, its BAB II evaluation paragraphs replaced by the hand-written rephrasing in
``tests/data/narratives/probolinggo_disnaker_2023.txt``, whose truth is written by hand beside it).
"""
from __future__ import annotations

import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from renja_lib import load
from renja_lib.analyse import budget, labour
from renja_lib.present import labour_charts, sentences

NARRATIVES = Path(__file__).parent / "data" / "narratives"


@pytest.fixture(scope="module")
def without_facts(tmp_path_factory, raw_text_module):
    path = tmp_path_factory.mktemp("nofacts") / "renja_copy.txt"
    path.write_text(raw_text_module, encoding="utf-8")
    return load(path)


@pytest.fixture(scope="module")
def raw_text_module():
    from renja_lib.config import DEFAULT_SOURCE

    return DEFAULT_SOURCE.read_text(encoding="utf-8")


def _other_city(text: str) -> str:
    lines = text.split("\n")
    start = next(i for i, x in enumerate(lines) if x.startswith("Evaluasi bertujuan"))
    end = next(i for i, x in enumerate(lines) if x.strip() == "Tabel 2.1")
    rephrased = (NARRATIVES / "probolinggo_disnaker_2023.txt").read_text(encoding="utf-8")
    body = rephrased.split("\n2.1 ", 1)[1].split("\n", 1)[1]  # the paragraphs under its section heading
    text = "\n".join(lines[:start] + body.split("\n") + [""] + lines[end:])
    return text.replace("PASURUAN", "PROBOLINGGO").replace("Pasuruan", "Probolinggo").replace(
        "pasuruankota", "probolinggokota")


@pytest.fixture(scope="module")
def other_city(tmp_path_factory, raw_text_module):
    path = tmp_path_factory.mktemp("probolinggo") / "renja_disnaker_kota_probolinggo_2023.txt"
    path.write_text(_other_city(raw_text_module), encoding="utf-8")
    return load(path)


def _absorption_rows(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.drop(columns=["note"]).reset_index(drop=True)


def test_without_its_facts_file_the_bundled_document_gives_the_same_absorption_and_labour_series(doc,
                                                                                                 without_facts):
    """Every row, value, flag and derivation equal; only the notes differ (the curated file's are written by
    a person, the reader's by the catalogue)."""
    assert set(without_facts.facts["origin"]) == {"auto"}
    curated, auto = budget.absorption(doc), budget.absorption(without_facts)
    derivation = [str(x) for x in curated["derivation"]], [str(x) for x in auto["derivation"]]
    assert derivation[0] == derivation[1]
    pd.testing.assert_frame_equal(_absorption_rows(curated).drop(columns=["derivation"]),
                                  _absorption_rows(auto).drop(columns=["derivation"]))
    pd.testing.assert_frame_equal(labour.series(doc).frame, labour.series(without_facts).frame)
    stated = auto.set_index(["subject", "year", "period"])["absorption_stated"]
    assert [round(float(stated[k]), 2) for k in [("2.07.03", 2021, "year"), ("2.07.04", 2021, "year"),
                                                  ("2.07.05", 2021, "year"), ("2.07.04", 2022, "Q1")]] == [
        66.60, 82.36, 90.83, 3.76]
    office = auto[(auto["level"] == "office") & (auto["year"] == 2021)].iloc[0]
    assert round(float(office["absorption_stated"]), 2) == 83.82 and office["flag"] == curated[
        (curated["level"] == "office") & (curated["year"] == 2021)].iloc[0]["flag"]
    unreadable = auto[(auto["subject"] == "2.07.05") & (auto["period"] == "Q1")].iloc[0]
    assert pd.isna(unreadable["absorption_stated"]) and "1.11" in str(unreadable["note"])


def test_another_city_gets_its_own_name_and_its_own_figures(other_city):
    ident = other_city.identity
    assert (ident.region, ident.office, ident.plan_year) == (
        "Kota Probolinggo", "Dinas Tenaga Kerja Kota Probolinggo", 2023)
    assert "Kota Probolinggo" in sentences.overview(other_city, "id")
    facts = other_city.facts
    assert set(facts["origin"]) == {"auto"}
    expected = pd.read_csv(NARRATIVES / "probolinggo_disnaker_2023.expected.csv", dtype={"subject": str})
    budget_truth = expected[expected["quantity"].isin(["budget", "spending", "absorption_stated"])]
    found = {(q, s, int(y), p, round(float(v), 2)) for q, s, y, p, v in
             facts[["quantity", "subject", "year", "period", "value"]].dropna().itertuples(index=False)}
    missing = [r for r in budget_truth[["quantity", "subject", "year", "period", "value"]].dropna()
               .itertuples(index=False) if (r[0], r[1], int(r[2]), r[3], round(float(r[4]), 2)) not in found]
    assert not missing, missing
    absorption = budget.absorption(other_city)
    assert len(absorption) > 5 and absorption["absorption_stated"].notna().sum() >= 8


def test_another_city_s_charts_and_pages_name_it_and_never_the_bundled_city(other_city):
    series = labour.series(other_city)
    assert set(series.frame["region"]) == {"Kota Probolinggo"}
    texts = []
    for lang in ("id", "en"):
        for indicator in ("TPT", "TPAK", "TKK"):
            fig = labour_charts.indicator_trend(sentences.chart_series(series.frame, lang), indicator, lang=lang)
            texts += [t.get_text() for t in fig.findobj(plt.Text)]
        texts.append(sentences.overview(other_city, lang))
    plt.close("all")
    assert sum("Kota Probolinggo" in t for t in texts) >= 8
    assert not [t for t in texts if re.search("pasuruan", t, re.IGNORECASE)]


def test_a_document_that_does_not_say_who_it_is_says_so_once(tmp_path, raw_text_module):
    lines = raw_text_module.split("\n")
    head = next(i for i, x in enumerate(lines) if x.strip() == "Tabel 2.1")
    body = [x for x in lines[head:] if "Pasuruan" not in x and "PASURUAN" not in x and "Nama Perangkat" not in x]
    path = tmp_path / "anonymous.txt"
    path.write_text("\n".join(body), encoding="utf-8")
    doc = load(path)
    assert doc.identity.region is None and doc.identity.office is None
    unread = doc.problems[doc.problems["message"].str.contains("identity could not be read")]
    assert len(unread) == 1 and "the office and the region not found" in unread.iloc[0]["message"]
    assert doc.identity.plan_year == 2023  # the plan table's year, with its line
    assert "wilayah tidak diketahui" in sentences.overview(doc, "id")
    assert "region unknown" in sentences.overview(doc, "en")
    series = labour.series(doc)
    fig = labour_charts.indicator_trend(sentences.chart_series(series.frame, "id"), "TPT", lang="id")
    assert any("wilayah tidak diketahui" in t.get_text() for t in fig.findobj(plt.Text))
    plt.close("all")


def _code_strings(source: str) -> list[tuple[int, str]]:
    """The string constants of Python code that are not docstrings (examples in docstrings are documentation)."""
    import ast

    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
                  and node.body and isinstance(node.body[0], ast.Expr)
                  and isinstance(node.body[0].value, ast.Constant)}
    return [(n.lineno, n.value) for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def test_no_city_is_written_into_the_package_or_the_notebooks():
    """No region, office or city of the bundled document in the package's code or the notebooks' cells."""
    import json

    root = Path(__file__).resolve().parent.parent
    city = re.compile(r"\b(?:Pasuruan|PASURUAN)\b")  # the bundled file's name (config.DEFAULT_SOURCE) aside
    hits = [f"{p.relative_to(root)}:{line}" for p in root.joinpath("renja_lib").rglob("*.py")
            for line, text in _code_strings(p.read_text(encoding="utf-8")) if city.search(text)]
    for nb in root.joinpath("notebooks").glob("*.ipynb"):
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        hits += [f"{nb.name} cell {i}" for i, c in enumerate(cells) if c["cell_type"] == "code"
                 and city.search("".join(c["source"]))]
    assert not hits, hits
    assert _code_strings('"""Kota Pasuruan"""\nx = "Kota Pasuruan"\n') == [(2, "Kota Pasuruan")]


# ---------------------------------------------------------------- the document named in every page title and chart

TOPICS = ("overview", "labour", "budget", "performance", "changes", "audit")


def _every_chart(doc, lang: str) -> dict:
    """Every chart the reports draw for ``doc``, its footnote naming the document (``document=``)."""
    from renja_lib.analyse import performance
    from renja_lib.check import audit
    from renja_lib.present import audit_charts, budget_charts, performance_charts

    document = sentences.document_name(doc, lang)
    series = labour.series(doc)
    data = sentences.chart_series(series.frame, lang)
    figures = {f"{ind}_trend": labour_charts.indicator_trend(data, ind, region=series.region, lang=lang,
                                                              document=document) for ind in ("TPT", "TPAK", "TKK")}
    figures["actual_vs_target"] = labour_charts.actual_vs_target(data, lang=lang, region=series.region,
                                                                 document=document)
    figures["absorption"] = budget_charts.absorption_chart(budget.absorption(doc), lang=lang, document=document)
    figures["composition"] = budget_charts.composition_chart(budget.plan_composition(doc), lang, document=document)
    figures["salary"] = budget_charts.salary_chart(budget.salary_share(doc), lang, document=document)
    figures["changes"] = budget_charts.changes_chart(budget.plan_changes(doc), lang=lang, document=document)
    figures["draft"] = budget_charts.draft_needs_chart(budget.draft_to_needs(doc), lang, document=document)
    figures["achievement"] = performance_charts.achievement_chart(performance.rollup(doc), lang, document=document)
    figures["efficiency"] = performance_charts.efficiency_chart(performance.efficiency(doc), lang, document=document)
    figures["audit"] = audit_charts.audit_chart(audit.summary(audit.audit(doc)), lang, document=document)
    return figures


@pytest.mark.parametrize("lang, topic_words", [("id", "Indikator ketenagakerjaan"), ("en", "Labour indicators")])
def test_another_city_s_page_titles_and_every_chart_name_it_and_never_the_bundled_city(other_city, lang,
                                                                                       topic_words):
    from renja_lib.present import budget_charts

    titles = [sentences.page_title(other_city, topic, lang) for topic in TOPICS]
    assert all(t.words.startswith("Renja 2023 · Dinas Tenaga Kerja Kota Probolinggo — ") for t in titles)
    assert titles[1].words.endswith(" — " + topic_words) and titles[1] == "# " + sentences.esc(titles[1].words)
    assert len({t.words for t in titles}) == len(TOPICS)
    for name, fig in _every_chart(other_city, lang).items():
        texts = [" ".join(t.get_text().split()) for t in fig.findobj(plt.Text)]
        footnote = " ".join(fig.get_supxlabel().split())
        assert "Renja 2023 · Dinas Tenaga Kerja Kota Probolinggo" in footnote, (name, footnote)
        assert not [t for t in texts if re.search("pasuruan", t, re.IGNORECASE)], name
    plt.close("all")
    shown = sentences.chart_if(budget.absorption(other_city), budget_charts.absorption_chart, "absorption", None,
                               lang, doc=other_city)  # as the notebooks draw it
    assert "Kota Probolinggo" in " ".join(shown.fig.get_supxlabel().split())
    plt.close("all")


def test_a_chart_told_no_document_names_no_city():
    """Without ``document=`` a footnote says just "Renja", as before: never a default city."""
    from renja_lib.present import budget_charts

    fig = budget_charts.composition_chart(budget.plan_composition(load()), "id")
    assert fig.get_supxlabel().startswith("Sumber: Renja, Tabel 4.1, baris ")
    plt.close("all")


@pytest.fixture(scope="module")
def anonymous(tmp_path_factory, raw_text_module):
    lines = raw_text_module.split("\n")
    head = next(i for i, x in enumerate(lines) if x.strip() == "Tabel 2.1")
    body = [x for x in lines[head:] if "Pasuruan" not in x and "PASURUAN" not in x and "Nama Perangkat" not in x]
    path = tmp_path_factory.mktemp("anonymous") / "anonymous.txt"
    path.write_text("\n".join(body), encoding="utf-8")
    return load(path)


@pytest.mark.parametrize("lang, title", [
    ("id", "Renja 2023 · perangkat daerah tidak diketahui · wilayah tidak diketahui — Serapan anggaran"),
    ("en", "Renja 2023 · office unknown · region unknown — Budget absorption")])
def test_a_document_that_does_not_say_who_it_is_gets_titles_and_footnotes_that_say_so(anonymous, lang, title):
    from renja_lib.present import budget_charts

    assert sentences.page_title(anonymous, "budget", lang).words == title
    document = sentences.document_name(anonymous, lang)
    fig = budget_charts.composition_chart(budget.plan_composition(anonymous), lang, document=document)
    assert title.split(" — ")[0] in " ".join(fig.get_supxlabel().split())
    plt.close("all")
