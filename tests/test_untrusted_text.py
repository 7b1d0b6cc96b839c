"""Text from the document or a user's file is drawn as written: never parsed as mathtext, never sent to TeX.

Every public chart function is drawn from the real document with names (programmes, activities,
indicators, regions, periods, rules, sources) that carry mathtext: matplotlib would fail on
``$\\alert{}$`` or ``$\\frac{`` and silently typeset ``$x^2$``. The names must appear literally.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.style  # noqa: E402,F401
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from renja_lib.check import audit  # noqa: E402
from renja_lib.analyse import budget, labour
from renja_lib.present import sentences
from renja_lib.analyse import performance
from renja_lib.present import audit_charts, budget_charts, chart_style, labour_charts  # noqa: E402
from renja_lib.text.catalogue import catalogue  # noqa: E402
from renja_lib.present import performance_charts  # noqa: E402
from renja_lib.present.figure_files import save, save_chart, wait_for_files  # noqa: E402

#: Names as a careless or hostile file may write them: each one breaks or changes a mathtext drawing.
ATTACKS = (
    r"$\alert{}$",        # unknown command: matplotlib raises
    r"$x^2$",             # valid mathtext: silently typeset as x squared
    r"$\frac{$",          # unbalanced brace inside math: raises
    r"$a$ $b",            # an unbalanced dollar after a math pair
    r"\$5 \$",            # escaped dollars
    r"$$",                # empty math
    r"$\mathbf{Rp}_{1}$",  # font commands and subscripts
    r"Rp $5 juta $",      # a dollar sign as a currency, twice
)
#: A literal dollar sign stays one.
DOLLAR = "$5"
SPENDING = Path(__file__).parent / "data" / "spending_quarterly_by_code.csv"
SOURCE = "Sumber " + " ".join(ATTACKS)


def _with_attacks(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """A copy of ``frame`` whose ``column`` starts, row by row, with each attack in turn."""
    out = frame.copy()
    values = out[column].astype(object).tolist()
    out[column] = [f"{ATTACKS[i % len(ATTACKS)]} {'' if pd.isna(v) else v}".strip() for i, v in enumerate(values)]
    return out


@pytest.fixture(scope="module")
def labour_frame(doc) -> pd.DataFrame:
    return sentences.chart_series(labour.series(doc).frame)


def _attacked_periods(text: str) -> str:
    """The file's own period labels (not recognised, so kept as written) carry attacks."""
    labels = {"TW I": ATTACKS[0], "TW II": ATTACKS[1]}
    lines = text.splitlines()
    return "\n".join([lines[0]] + [re.sub(r",(TW I{1,2}),", lambda m: f',"{labels[m.group(1)]}",', line)
                                   for line in lines[1:]]) + "\n"


@pytest.fixture(scope="module")
def spending(tmp_path_factory):
    path = tmp_path_factory.mktemp("spending") / "realisasi.csv"
    path.write_text(_attacked_periods(SPENDING.read_text(encoding="utf-8")), encoding="utf-8")
    sp = budget.read_spending(path, unit="rupiah", cumulative=False)
    assert set(sp.frame["period"]) == {ATTACKS[0], ATTACKS[1]}
    return sp


def _efficiency(doc):
    eff = performance.efficiency(doc)
    return _with_attacks(eff.frame, "name")


def _regions(frame: pd.DataFrame) -> pd.DataFrame:
    tpt = frame[(frame["indicator"] == "TPT") & (frame["kind"] == "actual")]
    others = [tpt.assign(region=attack, value=tpt["value"] + i / 10) for i, attack in enumerate(ATTACKS)]
    return pd.concat([tpt, *others], ignore_index=True)


#: name -> (module, how to draw it from the real document with attacked names)
CASES = {
    "indicator_trend": (labour_charts, lambda doc, lab, sp: labour_charts.indicator_trend(
        lab.assign(region=f"Kota {ATTACKS[0]} {DOLLAR}", indicator=lab["indicator"].replace("TPT", ATTACKS[1]))
        .pipe(_with_attacks, "source"), ATTACKS[1], method_note=SOURCE)),
    "actual_vs_target": (labour_charts, lambda doc, lab, sp: labour_charts.actual_vs_target(
        lab.assign(indicator=lab["indicator"].map({"TPT": ATTACKS[0], "TPAK": ATTACKS[2], "TKK": ATTACKS[3]}),
                   region=f"{ATTACKS[6]} {DOLLAR}"))),
    "regions_compare": (labour_charts, lambda doc, lab, sp: labour_charts.regions_compare(_regions(lab), "TPT")),
    "absorption_chart": (budget_charts, lambda doc, lab, sp: budget_charts.absorption_chart(
        _with_attacks(budget.absorption(doc), "name"), source=SOURCE)),
    "composition_chart": (budget_charts, lambda doc, lab, sp: budget_charts.composition_chart(
        _with_attacks(budget.plan_composition(doc), "name"), source=SOURCE)),
    "salary_chart": (budget_charts, lambda doc, lab, sp: budget_charts.salary_chart(
        budget.salary_share(doc), source=SOURCE)),
    "changes_chart": (budget_charts, lambda doc, lab, sp: budget_charts.changes_chart(
        _with_attacks(budget.plan_changes(doc), "name"), source=SOURCE)),
    "draft_needs_chart": (budget_charts, lambda doc, lab, sp: budget_charts.draft_needs_chart(
        _with_attacks(budget.draft_to_needs(doc), "name"), source=SOURCE)),
    "s_curve_chart": (budget_charts, lambda doc, lab, sp: budget_charts.s_curve_chart(
        budget.s_curve(sp), source=SOURCE)),
    "achievement_chart": (performance_charts, lambda doc, lab, sp: performance_charts.achievement_chart(
        _with_attacks(performance.rollup(doc), "name"), source=SOURCE)),
    "efficiency_chart": (performance_charts, lambda doc, lab, sp: performance_charts.efficiency_chart(
        _efficiency(doc), source=SOURCE)),
    "audit_chart": (audit_charts, lambda doc, lab, sp: audit_charts.audit_chart(
        _with_attacks(audit.summary(audit.audit(doc)), "rule"), source=SOURCE)),
}


def _public_charts() -> set[str]:
    names = {n for n in labour_charts.__all__ if n in ("indicator_trend", "actual_vs_target", "regions_compare")}
    for module in (budget_charts, performance_charts, audit_charts):
        names |= {n for n in module.__all__ if n.endswith("_chart")}
    return names


def test_every_public_chart_function_is_attacked():
    assert set(CASES) == _public_charts()
    for name, (module, _) in CASES.items():
        assert callable(getattr(module, name))


def _render(fig: Figure) -> None:
    """Draw the figure every way a report does: on screen, PNG and SVG."""
    fig.canvas.draw()
    for fmt in ("png", "svg"):
        fig.savefig(io.BytesIO(), format=fmt, dpi=40)


def _texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_text()]


def _assert_plain(fig: Figure) -> None:
    for text in _texts(fig):
        assert text.get_parse_math() is False, text.get_text()
        assert text.get_usetex() is False, text.get_text()


def _shown(fig: Figure, *, footnote: bool) -> str:
    texts = [t for t in _texts(fig) if footnote or t is not fig._supxlabel]
    return "\n".join(" ".join(t.get_text().split()) for t in texts)


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_draws_mathtext_names_literally(name, doc, labour_frame, spending):
    fig = CASES[name][1](doc, labour_frame, spending)
    assert isinstance(fig, chart_style.ChartFigure)
    _render(fig)
    _assert_plain(fig)
    body = _shown(fig, footnote=False)
    drawn = [a for a in ATTACKS if a in body]
    if name != "salary_chart":  # the salary chart draws no name from the data, only its source
        assert drawn, f"no attacked name drawn literally by {name}:\n{body}"
    if name in ("indicator_trend", "actual_vs_target", "absorption_chart", "composition_chart",
                "draft_needs_chart", "s_curve_chart", "efficiency_chart", "achievement_chart", "audit_chart"):
        assert ATTACKS[0] in body or ATTACKS[1] in body
    if name in ("indicator_trend", "actual_vs_target"):
        assert DOLLAR in body
    if name not in ("indicator_trend", "actual_vs_target", "regions_compare"):
        footnote = " ".join(fig.get_supxlabel().split())
        assert " ".join(ATTACKS) in footnote


@pytest.mark.parametrize("name", sorted(CASES))
def test_chart_ignores_a_session_that_turns_mathtext_and_tex_on(name, doc, labour_frame, spending):
    """A notebook (or the user's matplotlibrc) may turn mathtext or TeX on: the charts still draw names as written,
    including the tick labels matplotlib makes only when the figure is drawn, later and at another size."""
    with mpl.rc_context({"text.parse_math": True, "text.usetex": True}):
        fig = CASES[name][1](doc, labour_frame, spending)
        fig.set_size_inches(25.6, 14.4)  # more room: more numeric ticks, made only now
        _render(fig)
    _assert_plain(fig)


def test_the_house_style_turns_mathtext_and_tex_off():
    with mpl.style.context(chart_style.STYLE_PATH):
        assert mpl.rcParams["text.parse_math"] is False
        assert mpl.rcParams["text.usetex"] is False
    with mpl.rc_context({"text.parse_math": True}):
        with chart_style.use_style():
            fig = Figure()
            text = fig.text(0.1, 0.5, ATTACKS[0])
            fig.canvas.draw()  # a chart drawn by hand in a notebook after use_style()
        assert text.get_parse_math() is False


def test_saving_and_showing_draws_late_texts_plain(tmp_path):
    """figfiles and sentences.Chart draw with mathtext off, also for a figure that is not a ChartFigure."""
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1])
    ax.xaxis.set_major_formatter(lambda x, pos: f"{ATTACKS[0]} {x:g}")
    with mpl.rc_context({"text.parse_math": True}):
        save(fig, "plain", tmp_path)
        saved = save_chart(fig, "plain2", tmp_path)
        wait_for_files()
        assert saved.screen_png.startswith(b"\x89PNG")
        assert sentences.Chart(fig, "plain3").png().startswith(b"\x89PNG")
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert any(ATTACKS[0] in t for t in labels)


def test_no_chart_text_is_deliberately_mathtext():
    """Chart texts of the project are plain Unicode: no text or template of the catalogue relies on mathtext."""
    texts = [form for key, entry in catalogue().items() if key.startswith(("charts.", "analysis."))
             for text in entry.values() for form in ([text] if isinstance(text, str) else text.values())]
    assert texts
    assert not [t for t in texts if "$" in t]


# ---------------------------------------------------------------------------- notebooks


def _attacked_document(text: str) -> str:
    """Programme names in the tables carry ``$\\alert{}$`` (and other attacks)."""
    out = []
    for line in text.split("\n"):
        if "\t" in line:
            line = re.sub(r"(?i)\b(program) (penempatan|hubungan|pelatihan)",
                          lambda m: f"{m.group(1)} {ATTACKS[0]} {m.group(2)}", line)
            line = re.sub(r"(?i)\b(program) (penunjang)", lambda m: f"{m.group(1)} {ATTACKS[2]} {m.group(2)}", line)
        out.append(line)
    return "\n".join(out)


def test_the_attacked_document_carries_the_names(doc_copy):
    from renja_lib import load

    path = doc_copy(_attacked_document, with_facts=True)
    attacked = load(path)
    names = " ".join(budget.absorption(attacked)["name"].dropna().astype(str))  # the office row has no name
    assert ATTACKS[0] in names and ATTACKS[2] in names
    fig = budget_charts.absorption_chart(budget.absorption(attacked))
    _render(fig)
    assert ATTACKS[0] in _shown(fig, footnote=False)


@pytest.mark.slow
def test_notebooks_run_on_a_document_with_mathtext_names(doc_copy, tmp_path):
    import nbformat

    from renja_lib.run.runner import plan_runs, run_report

    source = doc_copy(_attacked_document, with_facts=True)
    spending_file = tmp_path / "realisasi.csv"
    spending_file.write_text(_attacked_periods(SPENDING.read_text(encoding="utf-8")), encoding="utf-8")
    notebooks = ["03_budget_absorption", "04_performance_achievement", "05_plan_changes"]
    runs = plan_runs([source], notebooks=notebooks,
                     params={"spending_file": str(spending_file), "spending_unit": "rupiah",
                             "spending_cumulative": "false"})
    results = run_report(runs, tmp_path / "out", quiet=True)
    assert [(r.notebook, r.status) for r in results] == [(n, "ok") for n in notebooks]
    folder = tmp_path / "out" / runs[0].slug
    for name in notebooks:
        nb = nbformat.read(folder / f"{name}.ipynb", as_version=4)
        assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert (folder / "figures" / "absorption.png").exists()


def test_markdown_text_escapes_dollars():
    """A notebook typesets $...$ in Markdown as mathematics: names in computed sentences keep their dollars."""
    for attack in ATTACKS:
        escaped = sentences.esc(attack)
        assert "$" not in escaped.replace("\\$", "")
    assert sentences.esc("$5") == "\\$5"
