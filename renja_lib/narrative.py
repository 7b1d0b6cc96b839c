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

from .errors import RenjaError
from .fmt import fmt_number, fmt_percent, fmt_points

__all__ = ["esc", "show", "chart", "Chart", "overview", "problems_summary", "facts_summary", "labour_summary",
           "table", "source_text", "chart_series", "heading", "localised", "Table", "regions_note", "region_charts", "TEXT"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~])")

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


def _lang(lang: str) -> str:
    if lang not in TEXT:
        raise RenjaError(f"lang must be one of {', '.join(TEXT)}; got {lang!r}")
    return lang


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

    When the chart was saved for slides, the screen image is the 300-dpi PNG scaled down (cheaper
    than drawing the figure a third time); otherwise the figure is drawn at 100 dpi.
    """

    #: screen resolution of charts inside reports
    SCREEN_DPI = 100

    def __init__(self, fig, name: str, png_path: Path | None = None):
        self.fig, self.name, self.png_path = fig, name, png_path

    def _repr_png_(self) -> bytes:
        import io

        buf = io.BytesIO()
        if self.png_path is not None and Path(self.png_path).exists():
            from PIL import Image

            with Image.open(self.png_path) as img:
                dpi = img.info.get("dpi", (300, 300))[0] or 300
                scale = self.SCREEN_DPI / float(dpi)
                size = (max(1, round(img.width * scale)), max(1, round(img.height * scale)))
                img.convert("RGBA").resize(size, Image.Resampling.LANCZOS).save(buf, format="PNG")
        else:
            self.fig.savefig(buf, format="png", dpi=self.SCREEN_DPI, metadata={"Software": None})
        return buf.getvalue()

    def __repr__(self) -> str:
        return f"Chart({self.name!r})"


def chart(fig, name: str, figures_dir: str | Path | None) -> Chart:
    """Save a chart as PNG (300 dpi) and SVG when ``figures_dir`` is set; return it for display."""
    if figures_dir:
        from .plots import save

        paths = save(fig, name, figures_dir)
        return Chart(fig, name, paths["png"])
    return Chart(fig, name)


def table(frame: pd.DataFrame, columns: dict[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``frame`` ready to show: chosen columns, renamed (``errors='raise'``)."""
    out = frame.copy()
    if columns:
        out = out[list(columns)].rename(columns=columns, errors="raise")
    return out.reset_index(drop=True)


def source_text(source: str, lang: str) -> str:
    """``"Tabel 2.2 line 655; narrative line 318"`` in the report's language."""
    if _lang(lang) == "id":
        return source.replace("narrative", "narasi").replace(" line ", " baris ").replace(" row ", " baris ")
    return source


def chart_series(series: pd.DataFrame, lang: str = "id") -> pd.DataFrame:
    """What the charts draw: one value per region, indicator, year and kind (the table's where sources
    differ; the conflict is shown apart), sources written in the report's language."""
    from .labour import prefer_source

    out = prefer_source(series)
    return out.assign(source=[source_text(s, lang) for s in out["source"].astype(str)])


def overview(doc, lang: str = "id") -> str:
    """One paragraph on what the document holds."""
    t = TEXT[_lang(lang)]
    tables = ", ".join(f"{esc(s.label)} ({esc(s.title)})" for s in doc.spans)
    years = doc.years
    return t["overview"].format(file=esc(Path(doc.path).name), n=len(doc.spans), tables=tables,
                                plan=years.get("plan", "–"), forward=years.get("forward", "–"))


def problems_summary(doc, lang: str = "id", examples: int = 3) -> str:
    t = TEXT[_lang(lang)]
    if doc.problems.empty:
        return t["no_problems"].format(lines=fmt_number(len(doc.log), lang=lang))
    ex = "; ".join(f"{esc(r.table)} {'baris' if lang == 'id' else 'line'} {r.line}: {esc(r.message)}"
                   for r in doc.problems.head(examples).itertuples())
    return t["problems"].format(n=len(doc.problems), examples=ex)


def facts_summary(facts: pd.DataFrame, lang: str = "id") -> str:
    t = TEXT[_lang(lang)]
    if facts.empty:
        return t["no_facts"]
    counts = facts["quantity"].value_counts()
    kinds = ", ".join(f"{esc(k)} {v}" for k, v in counts.head(6).items())
    return t["facts"].format(n=len(facts), kinds=kinds)


def labour_summary(gaps: pd.DataFrame, lang: str = "id", conflicts: pd.DataFrame | None = None) -> str:
    """One sentence per indicator and year: value, gap to target in points, achievement and band.

    ``gaps`` is :func:`renja_lib.labour.gap_to_target`'s frame.
    """
    from .labour import indicator_metadata

    t = TEXT[_lang(lang)]
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
           "level": "Tingkat", "budget": "Pagu (Rp)"},
    "en": {},
}


def heading(key: str, lang: str = "id") -> str:
    """A section heading in the report's language."""
    return TEXT[_lang(lang)][f"h_{key}"]


class Table:
    """A table shown in full in a report: escaped text, numbers in the report's format, no index.

    ``frame`` is the data (English column names, as in the code); the display
    translates the headers and formats numbers for ``lang``.
    """

    _GROUPED = ("budget", "spending", "amount", "pagu", "value_rp", "rupiah", "change_rp")

    def __init__(self, frame: pd.DataFrame, lang: str = "id"):
        self.frame, self.lang = frame, _lang(lang)

    def _cell(self, column: str, value: Any) -> str:
        if value is None or value is pd.NA or (isinstance(value, float) and value != value):
            return "–"
        if isinstance(value, bool):
            return ("ya" if value else "tidak") if self.lang == "id" else ("yes" if value else "no")
        if isinstance(value, float):
            return fmt_number(value, decimals=2, lang=self.lang)
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
    t = TEXT[_lang(lang)]
    regions = list(dict.fromkeys(series["region"]))
    if len(regions) <= 1:
        return t["one_region"].format(region=esc(regions[0]) if regions else "–")
    return t["regions"].format(n=len(regions), regions=", ".join(esc(r) for r in regions))


def region_charts(series: pd.DataFrame, region: str, lang: str = "id", figures_dir: str | Path | None = None) -> None:
    """One comparison chart per indicator that has actual values for more than one region."""
    from IPython.display import display

    from .plots import regions_compare

    actual = series[series["kind"] == "actual"]
    for ind, grp in actual.groupby("indicator", sort=False):
        if grp["region"].nunique() > 1:
            display(chart(regions_compare(series, ind, lang=lang, highlight=region), f"{ind.lower()}_regions",
                          figures_dir))
