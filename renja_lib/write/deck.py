"""A report's slide deck: ``<slug>.pptx``, one slide per headline finding, built from the report folder.

The deck is made from what the report's notebooks left in its folder, never from a
second analysis or a second drawing: ``findings.json``
(:mod:`renja_lib.present.findings`) and the charts' slide-sized variants
(``figures/slides/<name>.png``, :func:`renja_lib.present.figure_files.slide_figure`).
A 16:9 deck (13.33 x 7.5 in) of:

- a title slide: the document's name, its office, region and plan year, its file and the latest year of its data;
- a summary slide: each finding's label and figure, as a native table;
- one slide per finding (but the overview page's, which describe the document: :data:`DOCUMENT_FINDINGS`): its
  sentence as the slide's title (the layout's title placeholder, editable), below it
  its chart, and a short source line in words (``Sumber: Renja 2023 Dinas ..., Tabel 2.2; narasi``,
  :func:`renja_lib.present.findings.source_words`, as the pages write it); the
  speaker notes hold the sentence, the finding's numbers and where each stands in the document.
  The chart is a native PowerPoint chart (editable data: columns of actual and target by year for a labour
  indicator, bars per programme for absorption and achievement, columns of counts by severity for the audit)
  when the finding carries its data (``chart_data``, made where the finding is made from the frame its sentence
  used), else the chart's slide variant as a picture at its size (100 %, text at least 14 pt; the efficiency
  scatter, say), else none.

Every run of text has its size set (at least :data:`MIN_POINTS`), so the deck looks the same in any slide
program. The file is the same bytes from run to run, whatever the time or time zone: fixed core properties
and the zip rewritten with its members in the same order, each with a fixed time.
"""
from __future__ import annotations

import datetime as _dt
import io
import json
import math
import re
import zipfile
from pathlib import Path
from typing import Any

from ..present.findings import source_words
from ..text import check_lang
from ..text.catalogue import has, tr
from ..text.formats import fmt_number
from .outputs import atomic_write

__all__ = ["MIN_POINTS", "SLIDE_SIZE", "BODY", "build_deck", "write_deck", "deck_bytes", "stable_zip",
           "read_findings", "notes_text", "DOCUMENT_FINDINGS"]

#: no text of the deck is smaller than this, in points
MIN_POINTS = 14
#: the findings that describe the document itself (the overview page's: tables read, plan size and budget): the
#: title slide's subject, neither a slide nor a row of the summary
DOCUMENT_FINDINGS = "overview."
#: a 16:9 slide, in inches
SLIDE_SIZE = (13.333, 7.5)
#: where a finding's chart goes (left, top, width, height in inches): under the title, above the source line
BODY = (0.52, 1.55, 12.3, 5.4)
TITLE_BOX = (0.5, 0.2, 12.333, 1.3)
SOURCE_BOX = (0.5, 7.0, 12.333, 0.42)
#: the fixed time of the deck's core properties and zip members
FIXED_TIME = _dt.datetime(2000, 1, 1, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: title sizes by the sentence's length (characters, points): long sentences get smaller titles, never < 16
_TITLE_SIZES = ((90, 28), (150, 24), (230, 20), (330, 18))
_TITLE_SMALLEST = 16
_GREY = (0x59, 0x59, 0x59)
#: a time in an Office file's core properties (``<dcterms:created xsi:type="dcterms:W3CDTF">...<``)
_W3C_TIME = re.compile(rb'(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)')


def _inches(box):
    from pptx.util import Inches

    return [Inches(v) for v in box]


def _title_points(text: str) -> int:
    return next((pt for limit, pt in _TITLE_SIZES if len(text) <= limit), _TITLE_SMALLEST)


def _set_text(frame, paragraphs: list[str], points: int, *, bold: bool = False, grey: bool = False) -> None:
    """Fill a text frame: one paragraph a string, every run's size set."""
    from pptx.dml.color import RGBColor
    from pptx.util import Pt

    frame.clear()
    frame.word_wrap = True
    for i, words in enumerate(paragraphs):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.font.size = Pt(points)
        run = para.add_run()
        run.text = words
        run.font.size = Pt(points)
        run.font.bold = bold
        if grey:
            run.font.color.rgb = RGBColor(*_GREY)


def _title_height(text: str, points: int) -> float:
    """About how tall a title of ``points`` is, in inches: its lines (a character is about half an em wide in
    the theme's font) at 1,2 lines a point size, and the frame's margins."""
    per_line = TITLE_BOX[2] * 72 / (points * 0.5)
    lines = max(1, math.ceil(len(text) / per_line))
    return lines * points * 1.2 / 72 + 0.2


def _title(slide, text: str, points: int | None = None) -> float:
    """The slide's title placeholder, placed and filled (editable); returns where it ends, in inches from the
    top (a very long sentence gets a taller title and the chart below it less room)."""
    from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE
    from pptx.util import Inches

    points = points or _title_points(text)
    left, top, width, height = TITLE_BOX
    height = max(height, _title_height(text, points))
    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = Inches(left), Inches(top), Inches(width), Inches(height)
    _set_text(shape.text_frame, [text], points, bold=True)
    shape.text_frame.auto_size = MSO_AUTO_SIZE.NONE
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    return top + height


def _document_name(document: dict[str, Any], lang: str) -> str:
    name = (document.get("name") or {}).get(lang)
    return name or document.get("office") or document.get("file") or tr("deck.title.unknown", lang)


def _data_year(findings: list[dict[str, Any]]) -> int | None:
    years = [f["numbers"]["year"] for f in findings if isinstance((f.get("numbers") or {}).get("year"), int)]
    return max(years) if years else None


def _source_line(document: dict[str, Any], finding: dict[str, Any], lang: str) -> str:
    """The short source line under a finding's chart: the words the pages use, the document named in full."""
    return source_words(finding, lang, document, office=True) or tr(
        "findings.source.words.one", lang, source=_document_name(document, lang).replace(" · ", " "))


def _number_name(name: str, lang: str) -> str:
    if has(f"deck.number.{name}"):
        return tr(f"deck.number.{name}", lang)
    if name.startswith("n_") and has(f"analysis.quadrant.{name[2:]}"):
        return tr(f"analysis.quadrant.{name[2:]}", lang)
    return name


def notes_text(finding: dict[str, Any], lang: str) -> str:
    """The speaker notes of a finding's slide: its sentence, its numbers (unrounded but for the format), where
    each stands in the document, and its chart's file."""
    lines = [finding["sentence"][lang], "", tr("deck.notes.numbers", lang)]
    for name, value in (finding.get("numbers") or {}).items():
        if name == "year" and isinstance(value, int):
            shown = str(value)
        else:
            shown = "–" if value is None else fmt_number(value, None if isinstance(value, int) else 2, lang)
        lines.append(f"- {_number_name(name, lang)}: {shown}")
    where = [loc for loc in finding.get("locators") or [] if (loc.get("where") or {}).get(lang)]
    if where:
        lines += ["", tr("deck.notes.where", lang)]
        for loc in where:
            lines.append(f"- {_number_name(str(loc.get('number')), lang)}: {loc['where'][lang]}")
    if finding.get("chart"):
        lines += ["", tr("deck.notes.chart", lang, file=finding["chart"])]
    return "\n".join(lines)


def _body(title_bottom: float) -> tuple[float, float, float, float]:
    """The chart's box under a title that ends at ``title_bottom``: :data:`BODY`, lower and shorter under a tall
    title."""
    left, top, width, height = BODY
    low = max(top, title_bottom + 0.05)
    return left, low, width, height - (low - top)


def _native_chart(slide, data: dict[str, Any], lang: str, body=BODY) -> None:
    """A native chart of a finding's ``chart_data``: editable values, every text's size set."""
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Pt

    chart_data = CategoryChartData(number_format='0.0"%"' if data["unit"] == "percent" else "0")
    chart_data.categories = data["categories"][lang]
    for series in data["series"]:
        chart_data.add_series(tr(f"deck.series.{series['code']}", lang), series["values"])
    kind = {"line": XL_CHART_TYPE.LINE_MARKERS, "column": XL_CHART_TYPE.COLUMN_CLUSTERED,
            "bar": XL_CHART_TYPE.BAR_CLUSTERED}[data["kind"]]
    frame = slide.shapes.add_chart(kind, *_inches(body), chart_data)
    chart = frame.chart
    chart.font.size = Pt(MIN_POINTS + 2)
    chart.has_title = False
    chart.has_legend = len(data["series"]) > 1
    if chart.has_legend:
        chart.legend.position = XL_LEGEND_POSITION.TOP
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(MIN_POINTS + 2)
    for axis in (chart.category_axis, chart.value_axis):
        axis.tick_labels.font.size = Pt(MIN_POINTS + 2)
    chart.value_axis.has_major_gridlines = True
    if data["kind"] == "bar":
        chart.category_axis.reverse_order = True  # the first category on top, as the report's chart
    plot = chart.plots[0]
    plot.has_data_labels = True
    labels = plot.data_labels
    labels.font.size = Pt(MIN_POINTS)
    labels.number_format = '0.0"%"' if data["unit"] == "percent" else "0"
    labels.number_format_is_linked = False


def _picture(slide, path: Path, body=BODY) -> None:
    """The chart's slide variant, fitted into the body with its aspect kept (at 100 % when it is body-sized)."""
    from PIL import Image
    from pptx.util import Inches

    left, top, width, height = body
    with Image.open(path) as img:
        ratio = img.width / img.height
    if width / height > ratio:
        w, h = height * ratio, height
    else:
        w, h = width, width / ratio
    slide.shapes.add_picture(str(path), Inches(left + (width - w) / 2), Inches(top + (height - h) / 2),
                             Inches(w), Inches(h))


def _textbox(slide, box, paragraphs: list[str], points: int, *, grey: bool = False):
    shape = slide.shapes.add_textbox(*_inches(box))
    _set_text(shape.text_frame, paragraphs, points, grey=grey)
    return shape


def _summary_table(slide, findings: list[dict[str, Any]], lang: str) -> None:
    from pptx.util import Inches, Pt

    left, top, width, _ = BODY
    rows = [(tr("deck.summary.column.what", lang), tr("deck.summary.column.figure", lang))]
    rows += [(f["label"][lang], f["figure"][lang]) for f in findings]
    points = MIN_POINTS if len(rows) > 10 else MIN_POINTS + 2
    shape = slide.shapes.add_table(len(rows), 2, Inches(left), Inches(top), Inches(width),
                                   Inches(0.34 * len(rows)))
    table = shape.table
    table.columns[0].width = Inches(width * 0.55)
    table.columns[1].width = Inches(width * 0.45)
    for r, row in enumerate(rows):
        table.rows[r].height = Inches(0.34)
        for c, words in enumerate(row):
            cell = table.cell(r, c)
            _set_text(cell.text_frame, [words], points, bold=r == 0)
            cell.margin_top = cell.margin_bottom = Pt(2)


def build_deck(content: dict[str, Any], folder: Path, lang: str = "id"):
    """The deck (a python-pptx ``Presentation``) of a report folder's ``findings.json`` ``content``; the charts'
    slide variants are read from ``folder``."""
    from pptx import Presentation
    from pptx.util import Inches

    lang = check_lang(lang)
    document = content.get("document") or {}
    findings = [f for f in content.get("findings") or [] if not str(f.get("code", "")).startswith(DOCUMENT_FINDINGS)]
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_SIZE[0]), Inches(SLIDE_SIZE[1])
    title_layout, title_only = prs.slide_layouts[0], prs.slide_layouts[5]

    # the title slide
    slide = prs.slides.add_slide(title_layout)
    _title(slide, _document_name(document, lang), 36)
    slide.shapes.title.top = Inches(1.6)
    slide.shapes.title.height = Inches(2.0)
    subtitle = slide.placeholders[1]
    subtitle.left, subtitle.top, subtitle.width, subtitle.height = _inches((0.5, 3.9, 12.333, 2.4))
    unknown = tr("deck.title.unknown", lang)
    lines = [tr("deck.title.subtitle", lang, office=document.get("office") or unknown,
                region=document.get("region") or unknown, year=document.get("plan_year") or unknown)]
    if document.get("file"):
        lines.append(tr("deck.title.file", lang, file=document["file"]))
    year = _data_year(findings)
    if year is not None:
        lines.append(tr("deck.title.data_year", lang, year=year))
    _set_text(subtitle.text_frame, lines, 20, grey=True)

    # the summary slide
    slide = prs.slides.add_slide(title_only)
    _title(slide, tr("deck.summary.title", lang), 28)
    if findings:
        _summary_table(slide, findings, lang)
    else:
        _textbox(slide, BODY, [tr("deck.summary.none", lang)], 20)

    # a slide per finding
    for finding in findings:
        slide = prs.slides.add_slide(title_only)
        body = _body(_title(slide, finding["sentence"][lang]))
        data = finding.get("chart_data")
        picture = None
        if finding.get("chart"):
            picture = folder / "figures" / "slides" / Path(finding["chart"]).name
        if data:
            _native_chart(slide, data, lang, body)
        elif picture is not None and picture.is_file():
            _picture(slide, picture, body)
        _textbox(slide, SOURCE_BOX, [_source_line(document, finding, lang)], MIN_POINTS, grey=True)
        notes = slide.notes_slide.notes_text_frame
        _set_text(notes, notes_text(finding, lang).split("\n"), MIN_POINTS)

    props = prs.core_properties
    props.title = _document_name(document, lang)
    props.subject = tr("deck.summary.title", lang)
    props.author = props.last_modified_by = "renja-analytics"
    props.created = props.modified = FIXED_TIME
    props.last_printed = FIXED_TIME
    props.revision = 1
    props.language = lang
    return prs


def stable_zip(data: bytes) -> bytes:
    """A zip file (an Office file) rewritten to the same bytes whenever its members are the same: members in
    their order, each with a fixed time, system and permissions; the times in its core properties fixed; an
    Office file inside it (a native chart's workbook, which its writer dates) rewritten the same way."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = src.read(info.filename)
            if info.filename.endswith((".xlsx", ".pptx", ".docx")):
                member = stable_zip(member)
            elif info.filename == "docProps/core.xml":
                member = _W3C_TIME.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", member)
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.create_system = 3
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, member, compresslevel=6)
    return out.getvalue()


def deck_bytes(content: dict[str, Any], folder: Path, lang: str = "id") -> bytes:
    """The deck's file, the same bytes from run to run."""
    buf = io.BytesIO()
    build_deck(content, folder, lang).save(buf)
    return stable_zip(buf.getvalue())


def read_findings(folder: str | Path) -> dict[str, Any] | None:
    """A report folder's ``findings.json``; None when it has none."""
    source = Path(folder) / ("findings" + ".json")
    if not source.is_file():
        return None
    return json.loads(source.read_text(encoding="utf-8"))


def write_deck(folder: str | Path, target: str | Path, lang: str = "id") -> Path | None:
    """Write the deck of the report folder ``folder`` (its ``findings.json``) to ``target``, atomically; None
    (nothing written) when the folder has no ``findings.json``."""
    folder = Path(folder)
    content = read_findings(folder)
    if content is None:
        return None
    data = deck_bytes(content, folder, lang)
    target = Path(target)
    with atomic_write(target, "wb", make_folder=False) as fh:
        fh.write(data)
    return target
