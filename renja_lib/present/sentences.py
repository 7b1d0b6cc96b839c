"""Sentences for reports, computed from the numbers, in Indonesian or English.

Notebook cells stay thin: they call one of these functions and show the text
with :func:`show`. Text that comes from a document (names, indicators) is
escaped, so a programme name holding ``<script>`` shows as text and runs nothing.
Every word comes from the text catalogue (``sentences.*`` in
``renja_lib/text/catalogue/sentences.yaml``; the words for the analysis frames'
codes from ``analysis.*``), written by :func:`renja_lib.text.tr`. The headline
sentences of the pages (labour, absorption, average achievement and efficiency,
audit), :func:`esc` and :func:`source_text` live in
:mod:`renja_lib.present.headlines` and are re-exported here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..read.locator import Locator
from ..text import check_lang
from ..text.catalogue import has, tr
from ..text.formats import fmt_percent
from .headlines import (absorption_summary, audit_summary, esc, labour_summary, severity_first,  # noqa: F401
                        source_text)
from .performance_headlines import efficiency_summary, rollup_summary  # noqa: F401
from .changes_headlines import changes_summary, draft_summary  # noqa: F401
from .findings import Finding, Headlines, document_record, in_every_language, output_metadata, with_sources
from .names import region_words
from .tables import Table, localised

__all__ = ["esc", "show", "chart", "Chart", "overview", "overview_summary", "problems_summary", "facts_summary",
           "labour_summary",
           "document_name", "page_title", "PageTitle", "PAGE_TITLE_METADATA", "labour_chart", "labour_table",
           "labour_heading",
           "table", "source_text", "chart_series", "heading", "heading_for", "localised", "Table", "regions_note",
           "region_charts", "absorption_summary", "salary_summary", "spending_summary", "spending_flags_summary",
           "rollup_summary", "differences_summary", "efficiency_summary", "changes_summary", "draft_summary",
           "audit_summary", "severity_first", "largest_first", "spending_charts", "chart_if"]

#: The key of a page title's output metadata in an executed notebook; :func:`renja_lib.run.pages.title_of` reads
#: it, so that the HTML page's ``<title>`` carries the words of the title the page opens with.
PAGE_TITLE_METADATA = "renja_page_title"


class PageTitle(str):
    """A report page's title as Markdown (``# ...``, document text escaped); ``words`` is its plain text."""

    words: str

    def __new__(cls, words: str) -> "PageTitle":
        title = super().__new__(cls, "# " + esc(words))
        title.words = words
        return title


#: The document of the page title shown last (its record, :func:`renja_lib.present.findings.document_record`): the
#: sources of the headlines shown after it name it (a notebook's kernel shows one page).
_SHOWN: dict[str, Any] = {}


def show(markdown: str) -> None:
    """Display computed Markdown in a notebook (outside a notebook: print it); an empty text shows nothing.

    A :class:`PageTitle` carries its words in the output's metadata (:data:`PAGE_TITLE_METADATA`). A summary's
    line that states one of its findings (a :class:`~renja_lib.present.findings.Headlines`) ends with the
    finding's source in words, the document named as the page title shown before it names it
    (:func:`renja_lib.present.findings.with_sources`: ``... *Sumber: Renja 2023, Tabel 2.2; narasi.*``).
    """
    if not markdown:
        return
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        print(with_sources(markdown, _SHOWN.get("document")))
        return
    metadata = {PAGE_TITLE_METADATA: markdown.words} if isinstance(markdown, PageTitle) else None
    if isinstance(markdown, PageTitle):
        _SHOWN["document"] = getattr(markdown, "document", None)
    metadata = output_metadata(markdown, metadata)  # a summary's findings, a title's document (present.findings)
    # each headline that states a finding ends with its source, naming the document of the page's title
    display(Markdown(with_sources(markdown, _SHOWN.get("document"))), metadata=metadata)


class Chart:
    """A chart shown in a notebook or report at screen resolution (1280 pixels wide for a 16:9 chart).

    When the chart was saved for slides, the screen image is the 300-dpi image scaled down (no
    third drawing of the figure); otherwise the figure is drawn at
    :data:`renja_lib.present.figure_files.SCREEN_DPI`.
    """

    def __init__(self, fig, name: str, saved=None):
        #: the :class:`renja_lib.present.figure_files.SavedChart` when the chart was saved, else None
        self.fig, self.name, self.saved = fig, name, saved

    def png(self) -> bytes:
        """The chart at screen resolution, as PNG bytes."""
        if self.saved is not None:
            return self.saved.screen_png
        import io

        import matplotlib as mpl

        from .figure_files import PLAIN_TEXT_RC, SCREEN_DPI

        buf = io.BytesIO()
        with mpl.rc_context(dict(PLAIN_TEXT_RC)):  # text from data is drawn as written, never as mathtext
            self.fig.savefig(buf, format="png", dpi=SCREEN_DPI, metadata={"Software": None})
        return buf.getvalue()

    def alt_text(self) -> str:
        """What the chart shows, for screen readers: its title (or the axes' titles), else its name."""
        titles = [self.fig.get_suptitle()] + [ax.get_title(loc) for ax in self.fig.axes for loc in ("left", "center")]
        text = " ".join(" ".join(t.split()) for t in titles if t and t.strip())
        return text or self.name

    def _repr_png_(self) -> tuple[bytes, dict[str, str]]:
        # the metadata becomes the image's alt text in the HTML report
        return self.png(), {"alt": self.alt_text()}

    def __repr__(self) -> str:
        return f"Chart({self.name!r})"


def chart(fig, name: str, figures_dir: str | Path | None) -> Chart:
    """Save a chart as PNG (300 dpi) and SVG when ``figures_dir`` is set; return it for display.

    The 300-dpi PNG is finished on a background thread (see :func:`renja_lib.present.figure_files.save_chart`).
    """
    if figures_dir:
        from .figure_files import save_chart

        saved = save_chart(fig, name, figures_dir)
        return Chart(fig, name, saved)
    return Chart(fig, name)


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` ready to show: chosen columns, renamed (``errors='raise'``)."""
    out = frame.copy()
    if columns:
        out = out[list(columns)].rename(columns=columns, errors="raise")
    return out.reset_index(drop=True)


def chart_series(series: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """What the charts draw: one value per region, indicator, year and kind (the table's where sources
    differ; the conflict is shown apart), sources written in the report's language."""
    from ..analyse.labour import prefer_source

    out = prefer_source(series)
    return out.assign(source=[source_text(s, lang) for s in out["source"].astype(str)])


def overview(doc, lang: str = "id") -> str:
    """One paragraph on what the document holds."""
    tables = ", ".join(f"{esc(s.label)} ({esc(s.title)})" for s in doc.spans)
    years = doc.years
    return identity_line(doc, lang) + " " + tr(
        "sentences.overview", lang, file=esc(Path(doc.path).name), n=len(doc.spans), tables=tables,
        plan=years.get("plan", "–"), forward=years.get("forward", "–"))


def _table_places(labels: list[str]) -> dict[str, str]:
    """Tables' labels in words in every language (``Tabel 2.1; Tabel 4.1`` / ``Table 2.1; Table 4.1``)."""
    return in_every_language(lambda lang: "; ".join(Locator(table=t).table_words(lang) or t for t in labels)) \
        if labels else {}


def overview_summary(doc, lang: str = "id", changes: pd.DataFrame | None = None) -> str:
    """The overview page's headlines (findings ``overview.*``): the tables read with their data rows and the
    reading problems; the programmes, activities and sub-activities of the plan; the plan year's budget and the
    forward year's with the change; the figures the narrative states outside the tables. ``changes`` is
    :func:`renja_lib.analyse.budget.plan_changes`' frame (computed from ``doc`` when not given); a part the
    document does not hold is left out."""
    from ..analyse.budget import plan_changes, plan_table

    lang = check_lang(lang)
    summary = doc.summary()
    changes = plan_changes(doc) if changes is None else changes
    found: list[Finding] = [_tables_finding(summary, len(doc.problems))]
    plan = plan_table(doc, None)
    places = _table_places([plan] if plan else [])
    levels = changes["level"].value_counts() if not changes.empty else pd.Series(dtype=int)
    if len(changes):
        found.append(_structure_finding(changes, levels, places))
        found.append(_budget_finding(changes[changes["level"] == "program"], places))
    if not doc.facts.empty:
        n = len(doc.facts)
        found.append(Finding(
            code="overview.facts", sentence=in_every_language(lambda lang: tr("findings.overview.facts", lang, n=n)),
            numbers={"facts": n, "quantities": int(doc.facts["quantity"].nunique())}, places=in_every_language(
                lambda lang: tr("findings.source.narrative", lang)),
            label=in_every_language(lambda lang: tr("findings.label.overview.facts", lang)),
            figure=in_every_language(lambda lang: tr("findings.figure.overview.facts", lang, n=n))))
    found = [f for f in found if f is not None]
    return Headlines("\n".join("- " + f.sentence[lang] for f in found), found)


def _tables_finding(summary: pd.DataFrame, problems: int) -> Finding:
    tables, rows = len(summary), int(pd.to_numeric(summary["rows"], errors="coerce").fillna(0).sum())

    def sentence(lang: str) -> str:
        read = tr("findings.overview.problems", lang, n=problems) if problems else tr(
            "findings.overview.problems.none", lang)
        return tr("findings.overview.tables", lang, n=tables, rows=tr("sentences.n.row", lang, n=rows), problems=read)

    return Finding(
        code="overview.tables", sentence=in_every_language(sentence),
        numbers={"tables": tables, "rows": rows, "problems": problems},
        places=_table_places([str(t) for t in summary["table"]]),
        label=in_every_language(lambda lang: tr("findings.label.overview.tables", lang)),
        figure=in_every_language(lambda lang: tr("findings.figure.overview.tables", lang, n=tables,
                                                 rows=tr("sentences.n.row", lang, n=rows))))


def _structure_finding(changes: pd.DataFrame, levels: pd.Series, places: dict[str, str]) -> Finding:
    n = {level: int(levels.get(level, 0)) for level in ("program", "kegiatan", "sub_kegiatan")}
    year = int(changes["plan_year"].iloc[0])

    def sentence(lang: str) -> str:
        return tr("findings.overview.structure", lang, year=year,
                  **{k: tr(f"findings.overview.n.{k}", lang, n=v) for k, v in n.items()})

    return Finding(
        code="overview.structure", sentence=in_every_language(sentence),
        numbers={"plan_year": year, "programmes": n["program"], "kegiatan": n["kegiatan"],
                 "sub_kegiatan": n["sub_kegiatan"]},
        places=places, label=in_every_language(lambda lang: tr("findings.label.overview.structure", lang, year=year)),
        figure=in_every_language(lambda lang: tr("findings.figure.overview.structure", lang, **{
            k: v for k, v in zip(("programmes", "activities", "subs"), n.values())})))


def _budget_finding(programmes: pd.DataFrame, places: dict[str, str]) -> Finding | None:
    if programmes.empty:
        return None
    plan, forward = int(programmes["plan_year"].iloc[0]), int(programmes["forward_year"].iloc[0])
    total_plan = pd.to_numeric(programmes["budget_plan"], errors="coerce").sum()
    total_forward = pd.to_numeric(programmes["budget_forward"], errors="coerce").sum()
    change = total_forward - total_plan
    pct = change / total_plan * 100 if total_plan else None
    key = "findings.overview.budget.up" if change > 0 else ("findings.overview.budget.down" if change < 0
                                                             else "findings.overview.budget.same")

    def sentence(lang: str) -> str:
        return tr(key, lang, plan=plan, forward=forward, total_plan=total_plan, total_forward=total_forward,
                  amount=abs(change), pct=abs(pct) if pct is not None else float("nan"))

    return Finding(
        code="overview.budget", sentence=in_every_language(sentence),
        numbers={"plan_year": plan, "forward_year": forward, "budget_plan": total_plan,
                 "budget_forward": total_forward, "change": change, "change_pct": pct},
        places=places, label=in_every_language(lambda lang: tr("findings.label.overview.budget", lang, plan=plan)),
        figure=in_every_language(lambda lang: tr("findings.figure.overview.budget", lang, value=total_plan)))


def identity_line(doc, lang: str = "id") -> str:
    """What the document says it is: kind, plan year, office and region (``doc.identity``); a part it does not
    state is written "tidak diketahui" (unknown), never filled in from another document."""
    ident = doc.identity
    kind = tr(f"identity.document_kind.{ident.document_kind or 'renja'}", lang)
    return tr("sentences.identity", lang, kind=esc(kind),
              year=ident.plan_year if ident.plan_year else tr("identity.unknown.plan_year", lang),
              office=esc(ident.office) if ident.office else tr("identity.unknown.office", lang),
              region=esc(region_words(ident.region, lang)))


def document_name(doc, lang: str = "id") -> str:
    """The document as its identity names it (``doc.identity``): ``Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan``.

    Plain text, for chart footnotes and page titles. A part the document does not
    state is written "tidak diketahui" (``identity.unknown.*``), never taken from
    another document; the region is named apart when the office's name does not
    hold it (``Renja 2023 · perangkat daerah tidak diketahui · wilayah tidak diketahui``).
    """
    ident = doc.identity
    kind = tr(f"identity.document_kind.{ident.document_kind or 'renja'}", lang)
    year = ident.plan_year if ident.plan_year else tr("identity.unknown.plan_year", lang)
    parts = [tr("sentences.title.kind_year", lang, kind=kind, year=year),
             ident.office or tr("identity.unknown.office", lang)]
    if not (ident.region and ident.office and ident.region.casefold() in ident.office.casefold()):
        parts.append(region_words(ident.region, lang))
    return " · ".join(parts)


def page_title(doc, topic: str, lang: str = "id") -> PageTitle:
    """The title a report page opens with: the document (:func:`document_name`) and the page's topic
    (``sentences.title.topic.<topic>``: overview, labour, budget, performance, changes, audit).

    >>> import renja_lib
    >>> page_title(renja_lib.load(), "labour", "en").words
    'Renja 2023 · Dinas Tenaga Kerja Kota Pasuruan — Labour indicators'
    """
    lang = check_lang(lang)
    title = PageTitle(tr("sentences.title.page", lang, document=document_name(doc, lang),
                         topic=tr(f"sentences.title.topic.{topic}", lang)))
    title.document = document_record(doc, topic)  # findings.json names the document (present.findings)
    return title


def problems_summary(doc, lang: str = "id", examples: int = 3) -> str:
    """How many reading problems the document has, with the first ``examples`` of them."""
    if doc.problems.empty:
        return tr("sentences.problems.none", lang, count=len(doc.log), lines=len(doc.log))
    ex = "; ".join(tr("sentences.problems.item", lang, table=esc(r.table), line=r.line, message=esc(r.message))
                   for r in doc.problems.head(examples).itertuples())
    return tr("sentences.problems", lang, n=len(doc.problems), examples=ex)


def facts_summary(facts: pd.DataFrame, lang: str = "id") -> str:
    """How many curated figures the narrative holds, by quantity."""
    if facts.empty:
        return tr("sentences.facts.none", lang)
    counts = facts["quantity"].value_counts()
    kinds = ", ".join(f"{esc(tr(f'audit.quantity.{k}', lang))} {v}" for k, v in counts.head(6).items())
    return tr("sentences.facts", lang, n=len(facts), kinds=kinds)


def heading(key: str, lang: str = "id") -> str:
    """A section heading in the report's language (``sentences.heading.<key>``)."""
    return tr(f"sentences.heading.{key}", lang)


def regions_note(series: pd.DataFrame, lang: str = "id") -> str:
    """Which regions the data hold; with one, what comparing regions needs; with none, nothing (``""``)."""
    regions = list(dict.fromkeys(series["region"]))
    if not regions:
        return ""
    if len(regions) <= 1:
        return tr("sentences.regions.one", lang, region=esc(region_words(regions[0], lang)))
    return tr("sentences.regions", lang, n=len(regions), regions=", ".join(esc(region_words(r, lang)) for r in regions))


def compared_regions(series: pd.DataFrame, region: str, comparison: pd.DataFrame | None = None) -> pd.DataFrame:
    """The rows of ``series`` a region chart draws: with a comparison
    (:func:`renja_lib.analyse.region_comparison.compare_regions`) that compared something, only ``region``, its
    province and the neighbours named (a BPS file holds every kabupaten/kota of the province: 39 lines would hide
    the three that matter); else every region of the series."""
    if comparison is None or comparison.empty or not (comparison["status"] == "compared").any():
        return series
    keep = {region, *comparison.loc[comparison["status"] == "compared", "comparator"]}
    return series[series["region"].isin(keep)]


def region_charts(series: pd.DataFrame, region: str, lang: str = "id", figures_dir: str | Path | None = None,
                  doc: Any = None, comparison: pd.DataFrame | None = None) -> None:
    """One comparison chart per indicator that has actual values for ``region`` and at least one other region,
    ``region`` highlighted (``doc`` named in the footnote when given); with ``comparison``, only the province and
    the neighbours it compared (:func:`compared_regions`), each line labelled at its end."""
    from IPython.display import display

    from .labour_charts import regions_compare

    document = document_name(doc, lang) if doc is not None else None
    series = compared_regions(series, region, comparison)
    actual = series[series["kind"] == "actual"]
    for ind, grp in actual.groupby("indicator", sort=False):
        if grp["region"].nunique() > 1 and (grp["region"] == region).any():
            display(chart(regions_compare(series, ind, lang=lang, highlight=region, document=document),
                          f"{ind.lower()}_regions", figures_dir))


def _has_pair(rows: pd.DataFrame) -> bool:
    """Whether some indicator and year has both an actual value and a target."""
    valued = rows[rows["value"].notna()]
    keys = [set(map(tuple, valued.loc[valued["kind"] == kind, ["indicator", "year"]].to_numpy().tolist()))
            for kind in ("actual", "target")]
    return bool(keys[0] & keys[1])


def labour_chart(chart_data: pd.DataFrame, series: Any, lang: str = "id", figures_dir: str | Path | None = None,
                 indicator: str | None = None, doc: Any = None) -> Chart | None:
    """A chart of the labour page for the document's region (``series.region``): the trend of ``indicator``
    (``TPT``, ``TPAK``, ``TKK``), or actual against target when ``indicator`` is None; ``doc`` is named in the
    footnote.

    ``chart_data`` is :func:`chart_series`' frame and ``series``
    :func:`renja_lib.analyse.labour.series`' result. A document with no labour-market
    figure (``series.reason``) gets no chart (None): :func:`labour_summary` says so
    once. A region without a value of ``indicator`` (or without a year that has
    both an actual value and a target) gets the note that the document has no data
    for the chart. Errors in the drawing itself still fail loudly.
    """
    from .labour_charts import actual_vs_target, indicator_trend

    lang = check_lang(lang)
    name = f"{indicator.lower()}_trend" if indicator else "actual_vs_target"
    rows = chart_data[chart_data["region"] == series.region]
    if rows.empty and getattr(series, "reason", None):
        return None
    document = document_name(doc, lang) if doc is not None else None
    if indicator is not None and rows.loc[rows["indicator"] == indicator, "value"].notna().any():
        return chart(indicator_trend(chart_data, indicator, region=series.region, lang=lang, document=document),
                     name, figures_dir)
    if indicator is None and _has_pair(rows):
        return chart(actual_vs_target(chart_data, lang=lang, region=series.region, document=document), name,
                     figures_dir)
    show(_no_data(esc(name), lang))
    return None


def labour_table(frame: pd.DataFrame, series: Any, lang: str = "id") -> Table | None:
    """A table of the labour page (:func:`localised`); nothing when the document has no labour-market figure and
    the table is empty (:func:`labour_summary` says so once)."""
    return None if frame.empty and getattr(series, "reason", None) else localised(frame, lang)


def labour_heading(key: str, series: Any, lang: str = "id") -> str:
    """A section heading of the labour page (:func:`heading`); ``""`` (nothing shown) when the document has no
    labour-market figure."""
    return "" if getattr(series, "reason", None) else heading(key, lang)


# ---------------------------------------------------------------- budget, performance, plan, audit

def heading_for(key: str, lang: str = "id", **fields: Any) -> str:
    """A section heading with fields (years) filled in (``sentences.heading.<key>``)."""
    return tr(f"sentences.heading.{key}", lang, **fields)


def _no_data(name: str, lang: str) -> str:
    """The note that the document has no data for the chart ``name`` (Markdown: a name from outside is escaped
    by the caller)."""
    return tr("sentences.no_data", lang, name=name)


def salary_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """What the civil servants' salaries take of the plan year's budget."""
    lang = check_lang(lang)
    if frame[frame["component"] == "salaries"].empty:
        return _no_data("salary_share", lang)
    sal = frame[frame["component"] == "salaries"].iloc[0]
    other = frame[frame["component"] != "salaries"]["budget"].sum()
    return tr("sentences.salary", lang, salaries=tr("analysis.salary.salaries", lang), amount=sal["budget"],
              share=sal["share"], year=int(sal["year"]), total=sal["total"], other=other)


def spending_summary(spending, lang: str = "id") -> str:
    """The user's spending file in one sentence (rows, periods, latest absorption), and its flagged values."""
    lang = check_lang(lang)
    if spending is None:
        return tr("sentences.spending.none", lang)
    from ..analyse.budget import absorption_by_period

    by_period = absorption_by_period(spending)
    col = "absorption_cumulative" if "absorption_cumulative" in by_period else "absorption_period"
    last = by_period.iloc[-1]
    periods = by_period["period"].nunique()
    text = tr("sentences.spending", lang, file=esc(Path(spending.path).name),
              rows=tr("sentences.n.row", lang, n=len(spending.frame)),
              periods=tr("sentences.n.period", lang, n=periods), last=esc(_period_words(last["period"], lang)),
              value=last[col])
    warning = spending_flags_summary(spending, lang)
    return f"{text}\n\n{warning}" if warning else text


def _period_words(period: Any, lang: str) -> str:
    """A period's code in words (``Q3``: ``triwulan III``, ``analysis.period.<code>``); another period as written."""
    key = f"analysis.period.{period}"
    return tr(key, lang) if has(key) else str(period)


def spending_flags_summary(spending, lang: str = "id", examples: int = 5) -> str:
    """A warning naming the flagged values of a user's spending file (``Spending.flags``); "" when none.

    What each flag says is ``sentences.flag.<flag>`` (see renja_lib.read.spending.FLAGS).
    """
    from ..analyse.budget import IMPLAUSIBLE_ABSORPTION
    from ..text.formats import fmt_rupiah

    lang = check_lang(lang)
    flags = getattr(spending, "flags", None)
    if spending is None or flags is None or flags.empty:
        return ""
    items = []
    for r in flags.head(examples).itertuples():
        if r.flag in ("above_budget", "implausible_absorption"):
            value = fmt_percent(r.value, lang=lang)
        elif pd.isna(r.value):
            value = "–"
        elif r.flag == "absurd_amount":
            value = f"{r.value:.3g}"
        else:
            value = fmt_rupiah(r.value, lang=lang)
        what = tr(f"sentences.flag.{r.flag}", lang, value=value,
                  bound=fmt_percent(IMPLAUSIBLE_ABSORPTION, 0, lang=lang))
        name = r.name if not pd.isna(r.name) else (r.code if not pd.isna(r.code) else "–")
        items.append(tr("sentences.flags.item", lang, row=r.row, column=esc(r.column), name=esc(name),
                        period=esc(_period_words(r.period, lang)), what=what))
    more = tr("sentences.flags.more", lang, n=len(flags) - examples) if len(flags) > examples else ""
    return tr("sentences.flags.warning", lang, n=len(flags), file=esc(Path(spending.path).name),
              items="; ".join(items), more=more)


def differences_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """Whether the achievements Tabel 2.1 reports match the recomputed ones, and the lines where they do not."""
    if frame.empty:
        return tr("sentences.differences.none", lang)
    return tr("sentences.differences", lang, n=len(frame), lines=", ".join(str(x) for x in frame["source_line"]))


def largest_first(frame: pd.DataFrame, top: int = 10, column: str = "change") -> pd.DataFrame:
    """The ``top`` rows with the largest absolute ``column``, largest first."""
    order = frame[column].abs().sort_values(ascending=False, na_position="last").index
    return frame.loc[order].head(top).reset_index(drop=True)


def spending_charts(spending, lang: str = "id", figures_dir: str | Path | None = None, schedule=None) -> None:
    """The user's spending: absorption per period, and the S-curve when there are several periods."""
    if spending is None:
        return
    from IPython.display import display

    from ..analyse.budget import absorption_by_period, s_curve
    from .budget_charts import s_curve_chart

    flags = getattr(spending, "flags", None)
    if flags is not None and not flags.empty:
        display(localised(flags[["row", "column", "code", "name", "period", "flag", "value"]], lang))
    display(localised(absorption_by_period(spending), lang))
    curve = s_curve(spending, schedule)
    if curve["period"].nunique() > 1:
        display(chart(s_curve_chart(curve, lang=lang), "s_curve", figures_dir))


def _drawable(data: Any) -> bool:
    frame = getattr(data, "frame", data)
    if frame is None or len(frame) == 0:
        return False
    cols = set(frame.columns)
    if {"achievement", "absorption"} <= cols:
        return bool((frame["achievement"].notna() & frame["absorption"].notna()).any())
    if "absorption" in cols:
        stated = frame["absorption_stated"] if "absorption_stated" in cols else pd.Series(dtype=float)
        return bool(frame["absorption"].notna().any() or stated.notna().any())
    return True


def chart_if(data: Any, draw, name: str, figures_dir: str | Path | None, lang: str = "id", doc: Any = None,
             **kw: Any):
    """Draw ``draw(data, lang=lang, **kw)`` and save it, or say plainly that the document has no data for it.

    A document without narrative figures has no absorption to draw, one without
    Tabel 2.3 no draft to compare: that is a note in the report, not a failure.
    Errors in the drawing itself still fail loudly. With ``doc``, the chart's
    footnote names the document (``document=``:func:`document_name`).
    """
    if doc is not None:
        kw.setdefault("document", document_name(doc, lang))
    if not _drawable(data):
        show(_no_data(esc(name), lang))
        return None
    return chart(draw(data, lang=lang, **kw), name, figures_dir)
