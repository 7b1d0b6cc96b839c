"""Sentences for reports, computed from the numbers, in Indonesian or English.

Notebook cells stay thin: they call one of these functions and show the text
with :func:`show`. Text that comes from a document (names, indicators) is
escaped, so a programme name holding ``<script>`` shows as text and runs nothing.
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pandas as pd

from ..text import check_lang
from ..text.formats import fmt_number, fmt_percent, fmt_points
from .names import short_name

__all__ = ["esc", "show", "chart", "Chart", "overview", "problems_summary", "facts_summary", "labour_summary",
           "table", "source_text", "chart_series", "heading", "localised", "Table", "regions_note", "region_charts", "TEXT"]

#: Markdown formatting characters; "$" too: a notebook typesets $...$ as mathematics.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$])")

TEXT: dict[str, dict[str, str]] = {
    "id": {
        "overview": "Dokumen **{file}** memuat {n} tabel yang terbaca: {tables}. Tahun rencana {plan}, "
                    "prakiraan maju {forward}.",
        "no_problems": "Semua baris dari setiap tabel terbaca ({lines} baris tercatat); tidak ada masalah.",
        "problems": "Ada {n} masalah pembacaan; nilainya dibiarkan kosong, tidak ditebak: {examples}.",
        "facts": "Narasi dokumen memuat {n} angka yang dikurasi dan dicek kutipannya ({kinds}).",
        "no_facts": "Tidak ada berkas angka narasi (`.facts.csv`) di samping dokumen ini.",
        "above": "di atas", "below": "di bawah", "on": "tepat pada",
        "gap": "{ind} {year} {verb} {value}, {points} {side} targetnya {target} "
               "(capaian {ach} menurut metode {method}, kategori {band}).",
        "gap_zero": "{ind} {year} {verb} {value}, tepat pada targetnya "
                    "(capaian {ach} menurut metode {method}, kategori {band}).",
        "verb_actual": "tercatat", "verb_estimate": "diperkirakan",
        "conflict": "Sumber berbeda untuk {ind} {year} ({kind}): {values}. Keduanya ditampilkan; "
                    "grafik memakai nilai tabel.",
        "no_gaps": "Tidak ada tahun dengan realisasi dan target sekaligus.",
        "rows": "baris",
        "h_overview": "## Isi dokumen", "h_problems": "## Masalah pembacaan", "h_facts": "## Angka dalam narasi",
        "h_labour": "## Indikator ketenagakerjaan terhadap target", "h_gaps": "## Selisih terhadap target",
        "one_region": "Data memuat satu wilayah ({region}); perbandingan antarwilayah memerlukan berkas "
                      "`extra_indicators` dengan wilayah lain.",
        "regions": "Data memuat {n} wilayah: {regions}.",
    },
    "en": {
        "overview": "The document **{file}** holds {n} readable tables: {tables}. Plan year {plan}, "
                    "forward estimate {forward}.",
        "no_problems": "Every line of every table was read ({lines} lines logged); no problems.",
        "problems": "{n} reading problem(s); their values are left missing, never guessed: {examples}.",
        "facts": "The document's narrative holds {n} curated figures with verified quotes ({kinds}).",
        "no_facts": "There is no narrative-figures file (`.facts.csv`) beside this document.",
        "above": "above", "below": "below", "on": "on",
        "gap": "{ind} {year} {verb} {value}, {points} {side} its {target} target "
               "(achievement {ach} by the {method} method, rated {band}).",
        "gap_zero": "{ind} {year} {verb} {value}, exactly on its target "
                    "(achievement {ach} by the {method} method, rated {band}).",
        "verb_actual": "was", "verb_estimate": "is estimated at",
        "conflict": "Sources differ for {ind} {year} ({kind}): {values}. Both are shown; the charts use the "
                    "table's value.",
        "no_gaps": "No year has both a realised value and a target.",
        "rows": "rows",
        "h_overview": "## What the document holds", "h_problems": "## Reading problems",
        "h_facts": "## Figures in the narrative", "h_labour": "## Labour indicators against their targets",
        "h_gaps": "## Gaps to target",
        "one_region": "The data hold one region ({region}); comparing regions needs an `extra_indicators` file "
                      "with other regions.",
        "regions": "The data hold {n} regions: {regions}.",
    },
}

_METHOD_NAMES = {
    "id": {"two_minus": "(2 × target − realisasi) / target", "inverse_ratio": "target / realisasi",
           "ratio": "realisasi / target"},
    "en": {"two_minus": "(2 × target − actual) / target", "inverse_ratio": "target / actual",
           "ratio": "actual / target"},
}


def esc(text: Any) -> str:
    """Escape document text for Markdown: no HTML tag, no formatting character survives.

    >>> esc("<script>alert(1)</script> *x*")
    '&lt;script&gt;alert(1)&lt;/script&gt; \\\\*x\\\\*'
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(str(text), quote=False))


def show(markdown: str) -> None:
    """Display computed Markdown in a notebook (outside a notebook: print it)."""
    try:
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover
        print(markdown)
        return
    display(Markdown(markdown))


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


def source_text(source: str, lang: str) -> str:
    """``"Tabel 2.2 line 655; narrative line 318"`` in the report's language."""
    if check_lang(lang) == "id":
        return source.replace("narrative", "narasi").replace(" line ", " baris ").replace(" row ", " baris ")
    return source


def chart_series(series: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """What the charts draw: one value per region, indicator, year and kind (the table's where sources
    differ; the conflict is shown apart), sources written in the report's language."""
    from ..analyse.labour import prefer_source

    out = prefer_source(series)
    return out.assign(source=[source_text(s, lang) for s in out["source"].astype(str)])


def overview(doc, lang: str = "id") -> str:
    """One paragraph on what the document holds."""
    t = TEXT[check_lang(lang)]
    tables = ", ".join(f"{esc(s.label)} ({esc(s.title)})" for s in doc.spans)
    years = doc.years
    return t["overview"].format(file=esc(Path(doc.path).name), n=len(doc.spans), tables=tables,
                                plan=years.get("plan", "–"), forward=years.get("forward", "–"))


def problems_summary(doc, lang: str = "id", examples: int = 3) -> str:
    t = TEXT[check_lang(lang)]
    if doc.problems.empty:
        return t["no_problems"].format(lines=fmt_number(len(doc.log), lang=lang))
    ex = "; ".join(f"{esc(r.table)} {'baris' if lang == 'id' else 'line'} {r.line}: {esc(r.message)}"
                   for r in doc.problems.head(examples).itertuples())
    return t["problems"].format(n=len(doc.problems), examples=ex)


def facts_summary(facts: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    if facts.empty:
        return t["no_facts"]
    counts = facts["quantity"].value_counts()
    kinds = ", ".join(f"{esc(k)} {v}" for k, v in counts.head(6).items())
    return t["facts"].format(n=len(facts), kinds=kinds)


def labour_summary(gaps: pd.DataFrame, lang: str = "id", conflicts: pd.DataFrame | None = None) -> str:
    """One sentence per indicator and year: value, gap to target in points, achievement and band.

    ``gaps`` is :func:`renja_lib.analyse.labour.gap_to_target`'s frame.
    """
    from ..analyse.labour import indicator_metadata

    t = TEXT[check_lang(lang)]
    meta = indicator_metadata().set_index("key")
    lines = []
    rows = gaps[~gaps["conflict"]] if "conflict" in gaps else gaps
    for r in rows.sort_values(["indicator", "year"]).itertuples():
        ind = esc(r.indicator)
        verb = t["verb_estimate"] if r.realised_kind == "estimate" else t["verb_actual"]
        method = _METHOD_NAMES[lang].get(r.method, r.method)
        common = dict(ind=ind, year=int(r.year), verb=verb, value=fmt_percent(r.realised, lang=lang),
                      target=fmt_percent(r.target, lang=lang), ach=fmt_percent(r.achievement, lang=lang),
                      method=method, band=esc(r.band))
        if round(r.gap_pp, 2) == 0:
            lines.append("- " + t["gap_zero"].format(**common))
        else:
            side = t["above"] if r.gap_pp > 0 else t["below"]
            lines.append("- " + t["gap"].format(points=fmt_points(abs(r.gap_pp), lang=lang).lstrip("+"),
                                                side=side, **common))
    if conflicts is not None and not conflicts.empty:
        for (ind, year, kind), grp in conflicts.groupby(["indicator", "year", "kind"]):
            values = "; ".join(f"{fmt_percent(v, lang=lang)} ({esc(source_text(s, lang))})"
                               for v, s in zip(grp["value"], grp["source"]))
            lines.append("- " + t["conflict"].format(ind=esc(ind), year=int(year), kind=esc(kind), values=values))
    return "\n".join(lines) if lines else t["no_gaps"]


#: column headers of shown tables, by language (identifiers stay English in code)
COLUMNS = {
    "id": {"table": "Tabel", "kind": "Jenis", "title": "Judul", "first_line": "Baris awal", "last_line": "Baris akhir",
           "rows": "Baris data", "problems": "Masalah", "file": "Berkas", "line": "Baris", "column": "Kolom",
           "raw": "Teks asli", "message": "Keterangan", "quantity": "Besaran", "subject": "Subjek",
           "year": "Tahun", "period": "Periode", "value": "Nilai", "unit": "Satuan", "quote": "Kutipan",
           "source_line": "Baris sumber", "region": "Wilayah", "indicator": "Indikator", "realised_kind": "Jenis realisasi",
           "realised": "Realisasi", "target": "Target", "gap_pp": "Selisih (poin)", "direction": "Arah",
           "method": "Metode", "formula": "Rumus", "achievement": "Capaian (%)", "band_key": "Kode kategori",
           "band": "Kategori", "realised_source": "Sumber realisasi", "target_source": "Sumber target",
           "conflict": "Konflik", "source": "Sumber", "series_break": "Jeda seri", "code": "Kode", "name": "Nama",
           "level": "Tingkat", "budget": "Pagu (Rp)", "spending": "Realisasi (Rp)", "absorption": "Serapan (%)",
           "absorption_stated": "Serapan tertulis (%)", "flag": "Catatan", "derived": "Diturunkan",
           "realised": "Realisasi", "reported": "Capaian tertulis (%)", "status": "Status",
           "renstra_year": "Tahun Renstra", "renstra_target": "Target Renstra", "realised_to_date": "Realisasi s/d",
           "progress": "Kemajuan (%)", "n_indicators": "Jumlah indikator", "quadrant_label": "Kuadran",
           "budget_plan": "Pagu rencana (Rp)", "budget_forward": "Pagu prakiraan maju (Rp)", "change": "Perubahan (Rp)",
           "change_pct": "Perubahan (%)", "status_label": "Keterangan", "budget_draft": "Pagu rancangan (Rp)",
           "budget_needs": "Kebutuhan dana (Rp)", "severity": "Tingkat temuan", "rule": "Aturan",
           "other_line": "Baris lain", "programme": "Program"},
    "en": {},
}


def heading(key: str, lang: str = "id") -> str:
    """A section heading in the report's language."""
    return TEXT[check_lang(lang)][f"h_{key}"]


class Table:
    """A table shown in full in a report: escaped text, numbers in the report's format, no index.

    ``frame`` is the data (English column names, as in the code); the display
    translates the headers and formats numbers for ``lang``.
    """

    _GROUPED = ("budget", "spending", "amount", "pagu", "value_rp", "rupiah", "change")

    def __init__(self, frame: pd.DataFrame, lang: str = "id"):
        self.frame, self.lang = frame, check_lang(lang)

    def _cell(self, column: str, value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return "–"
        if isinstance(value, bool):
            return ("ya" if value else "tidak") if self.lang == "id" else ("yes" if value else "no")
        if isinstance(value, float):
            whole = value.is_integer() and any(k in column for k in self._GROUPED)
            return fmt_number(value, decimals=0 if whole else 2, lang=self.lang)
        if isinstance(value, int) and any(k in column for k in self._GROUPED):
            return fmt_number(value, lang=self.lang)
        return str(value)

    def _display_frame(self) -> pd.DataFrame:
        frame = self.frame.reset_index(drop=True)
        shown = pd.DataFrame({c: [self._cell(str(c), v) for v in frame[c].tolist()] for c in frame.columns},
                             index=frame.index, dtype=object)
        names = COLUMNS[self.lang]
        if self.lang == "en":
            return shown.rename(columns=lambda c: str(c).replace("_", " ").capitalize())
        return shown.rename(columns=lambda c: names.get(c, c))

    def _repr_html_(self) -> str:
        if self.frame.empty:
            return "<p><em>" + ("(tidak ada baris)" if self.lang == "id" else "(no rows)") + "</em></p>"
        return self._display_frame().to_html(index=False, escape=True, border=0, classes="renja-table")

    def __repr__(self) -> str:
        return self._display_frame().to_string(index=False, max_rows=40)


def localised(frame: pd.DataFrame, lang: str = "id") -> Table:
    """``frame`` to show in a report: headers in the report's language, numbers in its format, in full."""
    return Table(frame, lang)


def regions_note(series: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    regions = list(dict.fromkeys(series["region"]))
    if len(regions) <= 1:
        return t["one_region"].format(region=esc(regions[0]) if regions else "–")
    return t["regions"].format(n=len(regions), regions=", ".join(esc(r) for r in regions))


def region_charts(series: pd.DataFrame, region: str, lang: str = "id", figures_dir: str | Path | None = None) -> None:
    """One comparison chart per indicator that has actual values for more than one region."""
    from IPython.display import display

    from .labour_charts import regions_compare

    actual = series[series["kind"] == "actual"]
    for ind, grp in actual.groupby("indicator", sort=False):
        if grp["region"].nunique() > 1:
            display(chart(regions_compare(series, ind, lang=lang, highlight=region), f"{ind.lower()}_regions",
                          figures_dir))


# ---------------------------------------------------------------- budget, performance, plan, audit

_MORE = {
    "id": {
        "h_absorption": "## Serapan anggaran per program", "h_composition": "## Komposisi pagu {year}",
        "h_spending": "## Data realisasi pengguna", "h_achievement": "## Capaian kinerja per program",
        "h_renstra": "## Kemajuan terhadap target Renstra", "h_efficiency": "## Efisiensi: capaian dan serapan",
        "h_changes": "## Perubahan pagu {plan} ke {forward}", "h_draft": "## Rancangan awal RKPD dan analisis kebutuhan",
        "h_audit": "## Temuan audit", "h_indicators": "## Capaian per indikator",
        "absorption": "{name} {year}{period}: serapan {computed} (Rp {spending} dari pagu Rp {budget}){stated}{flag}.",
        "stated": "; dokumen menyebut {stated}", "derived": " (angka diturunkan: {how})",
        "flag_contradiction": " — **angka dokumen saling bertentangan**, keduanya ditampilkan",
        "flag_stated_unreadable": " — persentase dalam dokumen tidak terbaca ({text})",
        "stated_only": "{name} {year}{period}: dokumen hanya menyebut serapan {stated}, tanpa nominal.",
        "q": " triwulan {n}",
        "salary": "Gaji dan tunjangan ASN: {amount} atau {share} dari pagu {year} ({total}); belanja lainnya {other}.",
        "no_spending": "Tidak ada berkas realisasi pengguna (parameter `spending_file`).",
        "spending": "Berkas {file}: {n} baris, {periods} periode; serapan terakhir ({last}) {value}.",
        "rollup": "{name}: rata-rata capaian {mean} dari {n} indikator berdata ({missing} tanpa data), kategori {band}.",
        "efficiency": "{name}: capaian {ach}, serapan {abs} — {quadrant}.",
        "differences_none": "Semua capaian yang dilaporkan Tabel 2.1 sesuai dengan hitungan ulang (dalam batas pembulatan).",
        "differences": "{n} capaian yang dilaporkan Tabel 2.1 berbeda dari hitungan ulang: baris {lines}.",
        "changes": "Pagu {forward} {direction} {amount} ({pct}) dari {plan}: {total_plan} menjadi {total_forward}. "
                   "Perubahan terbesar: {largest}.",
        "up": "naik", "down": "turun",
        "draft": "Dari rancangan awal ke analisis kebutuhan, pagu berubah {amount} ({pct}): {detail}.",
        "audit": "Audit menemukan {n} temuan: {error} kesalahan, {warning} peringatan, {info} info.",
        "audit_none": "Audit tidak menemukan inkonsistensi.",
    },
    "en": {
        "h_absorption": "## Budget absorption by programme", "h_composition": "## Budget composition {year}",
        "h_spending": "## The user's spending data", "h_achievement": "## Performance achievement by programme",
        "h_renstra": "## Progress against the Renstra targets", "h_efficiency": "## Efficiency: achievement and absorption",
        "h_changes": "## Budget changes {plan} to {forward}", "h_draft": "## RKPD first draft and needs analysis",
        "h_audit": "## Audit findings", "h_indicators": "## Achievement by indicator",
        "absorption": "{name} {year}{period}: absorption {computed} (Rp {spending} of a Rp {budget} budget){stated}{flag}.",
        "stated": "; the document states {stated}", "derived": " (derived figures: {how})",
        "flag_contradiction": " — **the document's figures contradict each other**, both are shown",
        "flag_stated_unreadable": " — the document's percentage cannot be read ({text})",
        "stated_only": "{name} {year}{period}: the document states only an absorption of {stated}, with no amounts.",
        "q": " quarter {n}",
        "salary": "Civil-servant salaries and allowances: {amount}, {share} of the {year} budget ({total}); "
                  "other spending {other}.",
        "no_spending": "No spending file given (parameter `spending_file`).",
        "spending": "File {file}: {n} rows, {periods} period(s); latest absorption ({last}) {value}.",
        "rollup": "{name}: mean achievement {mean} over {n} indicators with data ({missing} without), rated {band}.",
        "efficiency": "{name}: achievement {ach}, absorption {abs} — {quadrant}.",
        "differences_none": "Every achievement Tabel 2.1 reports matches the recomputed one (within rounding).",
        "differences": "{n} achievements reported in Tabel 2.1 differ from the recomputed ones: lines {lines}.",
        "changes": "The {forward} budget {direction} by {amount} ({pct}) from {plan}: {total_plan} to {total_forward}. "
                   "Largest changes: {largest}.",
        "up": "rises", "down": "falls",
        "draft": "From the first draft to the needs analysis the budget changes by {amount} ({pct}): {detail}.",
        "audit": "The audit found {n} findings: {error} errors, {warning} warnings, {info} info.",
        "audit_none": "The audit found no inconsistency.",
    },
}
for _lang_key, _texts in _MORE.items():
    TEXT[_lang_key].update(_texts)



def heading_for(key: str, lang: str = "id", **fields: Any) -> str:
    """A section heading with fields (years) filled in."""
    return TEXT[check_lang(lang)][f"h_{key}"].format(**fields)


def absorption_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    """One line per programme and the office, per period: computed absorption, the stated one, flags."""
    t = TEXT[check_lang(lang)]
    lines = []
    rows = frame[frame["level"].isin(["program", "office"])]
    for r in rows.itertuples():
        period = "" if r.period == "year" else t["q"].format(n=str(r.period)[1:])
        name = esc(short_name(r.name))
        stated = "" if pd.isna(r.absorption_stated) else t["stated"].format(
            stated=fmt_percent(r.absorption_stated, lang=lang))
        if pd.isna(r.absorption):
            if not pd.isna(r.absorption_stated):
                lines.append("- " + t["stated_only"].format(name=name, year=r.year, period=period,
                                                         stated=fmt_percent(r.absorption_stated, lang=lang)))
            continue
        flag = ""
        if r.flag == "contradiction":
            flag = t["flag_contradiction"]
        elif r.flag == "stated_unreadable":
            flag = t["flag_stated_unreadable"].format(text=esc(r.absorption_stated_text))
        if bool(r.derived) and isinstance(r.derivation, str):
            flag += t["derived"].format(how=esc(r.derivation))
        lines.append("- " + t["absorption"].format(
            name=name, year=r.year, period=period, computed=fmt_percent(r.absorption, lang=lang),
            spending=fmt_number(r.spending, lang=lang), budget=fmt_number(r.budget, lang=lang),
            stated=stated, flag=flag))
    return "\n".join(lines)


def salary_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    from ..text.formats import fmt_rupiah

    t = TEXT[check_lang(lang)]
    if frame[frame["component"] == "salaries"].empty:
        return _NO_DATA[lang].format(name="salary_share")
    sal = frame[frame["component"] == "salaries"].iloc[0]
    other = frame[frame["component"] != "salaries"]["budget"].sum()
    return t["salary"].format(amount=fmt_rupiah(sal["budget"], lang=lang), share=fmt_percent(sal["share"], lang=lang),
                              year=int(sal["year"]), total=fmt_rupiah(sal["total"], lang=lang),
                              other=fmt_rupiah(other, lang=lang))


def spending_summary(spending, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    if spending is None:
        return t["no_spending"]
    from ..analyse.budget import absorption_by_period

    by_period = absorption_by_period(spending)
    col = "absorption_cumulative" if "absorption_cumulative" in by_period else "absorption_period"
    last = by_period.iloc[-1]
    text = t["spending"].format(file=esc(Path(spending.path).name), n=len(spending.frame),
                                periods=by_period["period"].nunique(), last=esc(last["period"]),
                                value=fmt_percent(last[col], lang=lang))
    warning = spending_flags_summary(spending, lang)
    return f"{text}\n\n{warning}" if warning else text


#: What each flag of ``Spending.flags`` says, by language (see renja_lib.analyse.budget.FLAGS).
_FLAG_TEXT = {
    "id": {"negative": "nilai negatif {value}", "above_budget": "realisasi {value} dari pagu, di atas 100%",
           "implausible_absorption": "realisasi {value} dari pagu, di atas {bound}: tidak wajar",
           "spending_without_budget": "realisasi {value} tanpa pagu (pagu 0)",
           "absurd_amount": "nilai {value} terlalu besar untuk dipercaya (di atas Rp 10^15)",
           "formula_without_value": "rumus Excel tanpa hasil tersimpan: nilainya kosong",
           "warning": "⚠ **{n} nilai di {file} ditandai** (tetap dibaca apa adanya, tidak digambar tanpa tanda): "
                      "{items}{more}. Periksa berkasnya.",
           "item": "baris {row} kolom {column} ({name}, {period}): {what}", "more": "; dan {n} lainnya"},
    "en": {"negative": "negative value {value}", "above_budget": "spending {value} of the budget, above 100%",
           "implausible_absorption": "spending {value} of the budget, above {bound}: not believable",
           "spending_without_budget": "spending {value} with no budget (budget 0)",
           "absurd_amount": "value {value} too large to believe (above Rp 10^15)",
           "formula_without_value": "an Excel formula with no saved result: the value is missing",
           "warning": "⚠ **{n} value(s) in {file} are flagged** (read as written, never charted unmarked): "
                      "{items}{more}. Check the file.",
           "item": "row {row} column {column} ({name}, {period}): {what}", "more": "; and {n} more"},
}


def spending_flags_summary(spending, lang: str = "id", examples: int = 5) -> str:
    """A warning naming the flagged values of a user's spending file (``Spending.flags``); "" when none."""
    from ..analyse.budget import IMPLAUSIBLE_ABSORPTION
    from ..text.formats import fmt_rupiah

    lang = check_lang(lang)
    flags = getattr(spending, "flags", None)
    if spending is None or flags is None or flags.empty:
        return ""
    t = _FLAG_TEXT[lang]
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
        what = t[str(r.flag)].format(value=value, bound=fmt_percent(IMPLAUSIBLE_ABSORPTION, 0, lang=lang))
        name = r.name if not pd.isna(r.name) else (r.code if not pd.isna(r.code) else "–")
        items.append(t["item"].format(row=r.row, column=esc(r.column), name=esc(name), period=esc(r.period),
                                      what=what))
    more = t["more"].format(n=len(flags) - examples) if len(flags) > examples else ""
    return t["warning"].format(n=len(flags), file=esc(Path(spending.path).name), items="; ".join(items), more=more)


def rollup_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    return "\n".join("- " + t["rollup"].format(
        name=esc(short_name(r.name)), mean=fmt_percent(r.mean_achievement, lang=lang), n=r.n_with_data,
        missing=r.n_without_data, band=esc(r.band)) for r in frame.itertuples())


def differences_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    if frame.empty:
        return t["differences_none"]
    return t["differences"].format(n=len(frame), lines=", ".join(str(x) for x in frame["source_line"]))


def efficiency_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    return "\n".join("- " + t["efficiency"].format(
        name=esc(short_name(r.name)), ach=fmt_percent(r.achievement, lang=lang),
        abs=fmt_percent(r.absorption, lang=lang), quadrant=esc(r.quadrant_label)) for r in frame.itertuples())


def changes_summary(frame: pd.DataFrame, lang: str = "id", top: int = 3) -> str:
    from ..text.formats import fmt_rupiah

    t = TEXT[check_lang(lang)]
    progs = frame[frame["level"] == "program"]
    if progs.empty:
        return _NO_DATA[lang].format(name="plan_changes")
    plan, forward = int(progs["plan_year"].iloc[0]), int(progs["forward_year"].iloc[0])
    total_plan, total_forward = progs["budget_plan"].sum(), progs["budget_forward"].sum()
    change = total_forward - total_plan
    largest = progs.reindex(progs["change"].abs().sort_values(ascending=False).index).head(top)
    parts = ", ".join(f"{esc(short_name(r.name))} {_signed_rupiah(r.change, lang)}" for r in largest.itertuples())
    return t["changes"].format(forward=forward, plan=plan, direction=t["up"] if change >= 0 else t["down"],
                               amount=fmt_rupiah(abs(change), lang=lang),
                               pct=fmt_percent(abs(change) / total_plan * 100, lang=lang),
                               total_plan=fmt_rupiah(total_plan, lang=lang),
                               total_forward=fmt_rupiah(total_forward, lang=lang), largest=parts)


def _signed_rupiah(value: Any, lang: str) -> str:
    from ..text.formats import fmt_rupiah

    text = fmt_rupiah(value, lang=lang)
    return "+" + text if not pd.isna(value) and value > 0 else text


def draft_summary(frame: pd.DataFrame, lang: str = "id") -> str:
    from ..text.formats import fmt_rupiah

    t = TEXT[check_lang(lang)]
    progs = frame[(frame["level"] == "program") & ~frame["continuation"]]
    if progs.empty or not progs["budget_draft"].sum():
        return _NO_DATA[lang].format(name="draft_to_needs")
    change = progs["budget_needs"].sum() - progs["budget_draft"].sum()
    moved = progs[progs["change"].fillna(0) != 0]
    detail = ", ".join(f"{esc(short_name(r.name))} {_signed_rupiah(r.change, lang)}" for r in moved.itertuples())
    return t["draft"].format(amount=fmt_rupiah(change, lang=lang),
                             pct=fmt_percent(change / progs["budget_draft"].sum() * 100, lang=lang),
                             detail=detail or "–")


def audit_summary(findings: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[check_lang(lang)]
    if findings.empty:
        return t["audit_none"]
    counts = findings["severity"].value_counts()
    return t["audit"].format(n=len(findings), error=int(counts.get("error", 0)),
                             warning=int(counts.get("warning", 0)), info=int(counts.get("info", 0)))


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


_NO_DATA = {"id": "_Tidak ada data untuk grafik {name} pada dokumen ini._",
            "en": "_This document has no data for the {name} chart._"}


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


def chart_if(data: Any, draw, name: str, figures_dir: str | Path | None, lang: str = "id", **kw: Any):
    """Draw ``draw(data, lang=lang, **kw)`` and save it, or say plainly that the document has no data for it.

    A document without narrative figures has no absorption to draw, one without
    Tabel 2.3 no draft to compare: that is a note in the report, not a failure.
    Errors in the drawing itself still fail loudly.
    """
    if not _drawable(data):
        show(_NO_DATA[check_lang(lang)].format(name=esc(name)))
        return None
    return chart(draw(data, lang=lang, **kw), name, figures_dir)
