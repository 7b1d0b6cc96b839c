"""``index.html``: a landing page per document, a table across documents, and the run.

:func:`index_html` writes the page that :func:`renja_lib.run.pages.write_index`
saves, from the entries of ``index.json`` and each report's ``findings.json``
(:mod:`renja_lib.present.findings`):

- per document, its identity as the title (office, region, plan year, kind, file),
  then the headline figures of every page (the label and figure of each finding,
  with where it stands in the document), each page's title linking to the page,
  and the charts as thumbnails linking to the page and to the full-resolution file;
- with more than one document, one table across them: the office's absorption,
  the labour indicators against target and the audit's errors, one row each;
- the run last: every notebook's status, run time and parameters.

The page is self-contained (no script, no outside resource); every word comes from
the catalogue (``pages.index.*``), numbers through :mod:`renja_lib.text.formats`,
and everything read from a file is escaped. A ``findings.json`` that cannot be read
counts as none: the document keeps its links and the run.
"""
from __future__ import annotations

import html
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..present.findings import FINDINGS_FILE
from ..text import check_lang
from ..text.catalogue import has, tr
from ..text.formats import fmt_number
from .folders import GENERATOR, deck_file, workbook_file

__all__ = ["index_html", "read_findings", "status_words", "error_words", "THUMBNAIL_WIDTH", "file_size"]

#: the width of a chart's thumbnail on the index, in CSS pixels
THUMBNAIL_WIDTH = 240
#: a findings.json larger than this is not one this tool wrote
_MAX_FINDINGS_BYTES = 16 * 1024 * 1024
_CHART = re.compile(r"figures/[A-Za-z0-9_.-]+\.png")
#: the identity's parts the landing page names, in order
_IDENTITY = ("office", "region", "plan_year", "document_kind", "file")


def status_words(status: str, lang: str) -> str:
    """A notebook's status in ``lang`` (``pages.index.status.<status>``, ``"not run"`` as ``not_run``); another
    status as it is."""
    key = f"pages.index.status.{status.replace(' ', '_')}"
    return tr(key, lang) if has(key) else status


def error_words(nb: dict, lang: str) -> str:
    """A notebook's error from ``index.json`` in ``lang`` (an index written before ``error_texts``: as it is)."""
    texts = nb.get("error_texts") or {}
    return texts.get(lang) or str(nb.get("error") or "")


def read_findings(folder: Path) -> dict[str, Any] | None:
    """A report folder's ``findings.json``; None when there is none or it is not one this tool wrote."""
    path = folder / FINDINGS_FILE
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > _MAX_FINDINGS_BYTES:
            return None
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        return None
    data["findings"] = [f for f in data["findings"] if isinstance(f, dict) and isinstance(f.get("code"), str)]
    for key in ("document",):
        if not isinstance(data.get(key), dict):
            data[key] = {}
    if not isinstance(data.get("pages"), list):
        data["pages"] = []
    return data


def _e(text: Any) -> str:
    return html.escape(str(text))


def _words(key: str, lang: str, **fields: Any) -> str:
    """Words of the catalogue inside HTML: ``<``, ``>`` and ``&`` escaped."""
    return html.escape(tr(key, lang, **fields), quote=False)


def _in(value: Any, lang: str) -> str:
    """A text of ``findings.json`` in ``lang`` (a ``{lang: text}`` mapping, else the text as it is), escaped."""
    if isinstance(value, dict):
        value = value.get(lang) or next((v for v in value.values() if isinstance(v, str)), "")
    return _e(value) if isinstance(value, (str, int, float)) and not isinstance(value, bool) else ""


def _chart(folder: Path, record: dict) -> str | None:
    """A finding's chart, when it is a chart file of the report folder."""
    chart = record.get("chart")
    return chart if isinstance(chart, str) and _CHART.fullmatch(chart) and (folder / chart).is_file() else None


def file_size(size: int, lang: str) -> str:
    """A file's size for people: ``850 KB``, ``1,2 MB`` (``1.2 MB`` in English).

    >>> file_size(870_400, "id"), file_size(1_258_291, "id"), file_size(1_258_291, "en")
    ('850 KB', '1,2 MB', '1.2 MB')
    """
    if size < 1024 * 1024:
        return tr("pages.index.size.kb", lang, n=fmt_number(max(1, round(size / 1024)), 0, lang))
    return tr("pages.index.size.mb", lang, n=fmt_number(size / 1024 / 1024, 1, lang))


def _downloads(slug: str, folder: Path, lang: str) -> str:
    """Links to the report's deck and workbook, with their sizes; empty when it has neither."""
    items = []
    for name, key in ((deck_file(slug), "pages.index.download.deck"),
                      (workbook_file(slug), "pages.index.download.workbook")):
        try:
            st = os.lstat(folder / name)
        except OSError:
            continue
        if stat.S_ISREG(st.st_mode):
            items.append(f'<li><a href="{_e(slug)}/{_e(name)}" download>{_words(key, lang)}</a> '
                         f'<small>({_e(name)}, {_e(file_size(st.st_size, lang))})</small></li>')
    if not items:
        return ""
    return f'<h3>{_words("pages.index.downloads", lang)}</h3><ul class="downloads">' + "".join(items) + "</ul>"


def _identity(document: dict, source: str, lang: str) -> str:
    """The document's identity as a definition list; a part not read is said to be unknown."""
    rows = []
    for part in _IDENTITY:
        value = document.get(part)
        if part == "file":
            value = value or Path(source).name
        elif part == "document_kind" and isinstance(value, str) and has(f"identity.document_kind.{value}"):
            value = tr(f"identity.document_kind.{value}", lang)
        if value in (None, "") and has(f"identity.unknown.{part}"):
            value = tr(f"identity.unknown.{part}", lang)
        rows.append(f"<dt>{_words(f'pages.index.identity.{part}', lang)}</dt><dd>{_in(value, lang)}</dd>")
    return '<dl class="identity">' + "".join(rows) + "</dl>"


def _page_titles(entry: dict, data: dict | None, lang: str) -> list[tuple[str, str]]:
    """The report's pages in order: (notebook name, title in ``lang``: the page's topic, else its name)."""
    titles = {}
    for page in (data or {}).get("pages", []):
        if isinstance(page, dict) and isinstance(page.get("page"), str):
            titles[page["page"]] = _in(page.get("title"), lang)
    return [(nb["notebook"], titles.get(nb["notebook"]) or _e(nb["notebook"])) for nb in entry["notebooks"]]


def _landing(slug: str, entry: dict, data: dict | None, folder: Path, lang: str) -> str:
    """One document's landing section."""
    s = _e(slug)
    document = (data or {}).get("document", {})
    name = _in(document.get("name"), lang) or s
    parts = [f'<section class="document" id="doc-{s}">', f"<h2>{name}</h2>"]
    if data is None:
        parts.append(f'<p class="none">{_words("pages.index.no_findings", lang)}</p>')
    else:
        parts.append(_identity(document, str(entry.get("source", "")), lang))
    downloads = _downloads(slug, folder, lang)
    if downloads:
        parts.append(downloads)
    if data is not None:
        parts.append(f"<h3>{_words('pages.index.headline', lang)}</h3>")
    for page, title in _page_titles(entry, data, lang):
        href = f"{s}/{_e(page)}.html"
        records = [f for f in (data or {}).get("findings", []) if f.get("page") == page]
        parts.append(f'<h4><a href="{href}">{title}</a></h4>')
        if records:
            items = "".join(
                f'<li><strong>{_in(f.get("label"), lang)}</strong>: {_in(f.get("figure"), lang)}'
                f' <small>({_in(f.get("source"), lang)})</small></li>' for f in records)
            parts.append(f'<ul class="findings">{items}</ul>')
        charts: dict[str, str] = {}  # chart file -> the label of the first finding it shows
        for f in records:
            chart = _chart(folder, f)
            if chart and chart not in charts:
                charts[chart] = html.unescape(_in(f.get("label"), lang) or "")
        if charts:
            thumbs = []
            for chart, label in charts.items():
                alt = tr("pages.index.thumbnail", lang, page=html.unescape(title), chart=label)
                thumbs.append(
                    f'<figure><a href="{href}"><img src="{s}/{_e(chart)}" width="{THUMBNAIL_WIDTH}" '
                    f'alt="{_e(alt)}"></a><figcaption><a href="{s}/{_e(chart)}">'
                    f'{_words("pages.index.full_resolution", lang)}</a></figcaption></figure>')
            parts.append('<div class="thumbs">' + "".join(thumbs) + "</div>")
    parts.append("</section>")
    return "\n".join(parts)


def _finding(data: dict | None, code: str) -> dict | None:
    return next((f for f in (data or {}).get("findings", []) if f.get("code") == code), None)


def _across(found: dict[str, dict | None], lang: str) -> str:
    """One table across the documents: the office's absorption, the labour indicators against target, the
    audit's errors; a figure a document's pages do not show is said to be missing."""
    indicators = list(dict.fromkeys(f["code"] for data in found.values() for f in (data or {}).get("findings", [])
                                    if f["code"].startswith("labour.")))
    missing = _words("pages.index.missing", lang)
    head = [_words("pages.index.column.document", lang), _words("pages.index.column.office_absorption", lang)]
    head += [_e(code.split(".", 1)[1]) for code in indicators] + [_words("pages.index.column.audit_errors", lang)]
    rows = []
    for slug, data in found.items():
        name = _in((data or {}).get("document", {}).get("name"), lang) or _e(slug)
        cells = [f'<a href="#doc-{_e(slug)}">{name}</a>']
        for code in ["absorption.office", *indicators]:
            f = _finding(data, code)
            cells.append(_in(f.get("figure"), lang) if f else missing)
        audit = _finding(data, "data_audit.summary")
        numbers = (audit or {}).get("numbers")
        errors = numbers.get("errors") if isinstance(numbers, dict) else None
        cells.append(_e(fmt_number(errors, lang=lang)) if isinstance(errors, (int, float)) else missing)
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    return (f'<section class="across"><h2>{_words("pages.index.across", lang)}</h2><table>\n<thead><tr>'
            + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead>\n<tbody>\n" + "\n".join(rows)
            + "\n</tbody></table></section>")


def _run_rows(entries: dict[str, dict], found: dict[str, dict | None], lang: str) -> str:
    rows = []
    for slug, entry in entries.items():
        params = ", ".join(f"{_e(k)}={_e(v)}" for k, v in entry.get("params", {}).items())
        titles = dict(_page_titles(entry, found.get(slug), lang))
        for nb in entry["notebooks"]:
            status = _e(status_words(nb["status"], lang))
            err = ""
            if nb["status"] != "ok":
                err = "<br><small>" + _e(tr("pages.index.cell", lang, cell=nb.get("failing_cell") or "?",
                                            error=error_words(nb, lang))) + "</small>"
            rows.append(
                f'<tr class="{_e(nb["status"].replace(" ", "-"))}"><td>{_e(slug)}</td>'
                f'<td><a href="{_e(slug)}/{_e(nb["notebook"])}.html">{titles.get(nb["notebook"], _e(nb["notebook"]))}'
                f'</a> · <a href="{_e(slug)}/{_e(nb["notebook"])}.ipynb">ipynb</a></td>'
                f'<td>{status}{err}</td><td>{_e(fmt_number(float(nb.get("seconds", 0)), 1, lang=lang))} s</td>'
                f'<td>{params}</td></tr>')
    return "\n".join(rows)


def index_html(out_dir: Path, entries: dict[str, dict], lang: str) -> str:
    """The index page of ``out_dir`` for the entries of ``index.json`` (by slug, in order), in ``lang``."""
    lang = check_lang(lang)
    found = {slug: read_findings(out_dir / slug) for slug in entries}
    documents = "\n".join(_landing(slug, entry, found[slug], out_dir / slug, lang) for slug, entry in entries.items())
    across = _across(found, lang) if len(entries) > 1 else ""
    return _INDEX.format(
        lang=lang, title=_words("pages.index.title", lang), documents=documents, across=across,
        run=_words("pages.index.run", lang), rows=_run_rows(entries, found, lang),
        h={key: _words(f"pages.index.column.{key}", lang)
           for key in ("document", "notebook", "status", "time", "parameters")},
        figures=_words("pages.index.figures", lang), generator=GENERATOR, width=THUMBNAIL_WIDTH)


_INDEX = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
{generator}
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: #262626; max-width: 1100px; margin: 0 auto; padding: 2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; border-bottom: 1px solid #d9d9d9; padding: .4rem .6rem; vertical-align: top; }}
th {{ background: #f2f2f2; }} a {{ color: #0072B2; }}
tr.failed td, tr.timeout td {{ background: #fdecea; }}
section {{ margin: 0 0 2.5rem; }}
section.document {{ border-top: 3px solid #0072B2; padding-top: .5rem; }}
dl.identity {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }}
dl.identity dt {{ font-weight: bold; }} dl.identity dd {{ margin: 0; }}
ul.findings li {{ margin: .25rem 0; }} ul.findings small {{ color: #595959; }}
div.thumbs {{ display: flex; flex-wrap: wrap; gap: 1rem; }}
div.thumbs figure {{ margin: 0; width: {width}px; }}
div.thumbs img {{ width: {width}px; height: auto; border: 1px solid #d9d9d9; }}
div.thumbs figcaption {{ font-size: .85rem; }}
</style></head>
<body>
<h1>{title}</h1>
{documents}
{across}
<section class="run">
<h2>{run}</h2>
<table>
<thead><tr><th>{h[document]}</th><th>{h[notebook]}</th><th>{h[status]}</th><th>{h[time]}</th><th>{h[parameters]}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p>{figures}</p>
</section>
</body>
</html>
"""
