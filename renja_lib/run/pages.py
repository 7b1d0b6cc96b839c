"""The pages of ``renja report``: executed notebooks made reproducible, their HTML pages, and the index.

- :func:`scrub`: removes what changes from run to run (times, temporary paths,
  random cell ids) from an executed notebook.
- :class:`HtmlWriter`: nbconvert's ``HTMLExporter`` with its basic template (no
  scripts, no CDN) inside a small self-contained page; every image has alt text, and
  no script element, event-handler attribute or ``javascript:`` link survives. The
  page's ``<title>`` is the title the notebook opens with (:func:`title_of`: it names
  the document, from its identity), so a browser tab or a bookmark says which
  office, region and year the page is about.
- :func:`read_index`, :func:`write_index`: ``OUT/index.json`` (the runs, their
  notebooks, statuses and run times) and ``OUT/index.html``, under OUT's lock; the
  page itself, a landing page per document from its ``findings.json``, is
  :func:`renja_lib.run.index_page.index_html`.

Every word of the pages and the index comes from the text catalogue (``pages.*``
in ``renja_lib/text/catalogue/pages.yaml``).
"""
from __future__ import annotations

import html
import json
import math
import os
import re
import stat
import sys
import time
from pathlib import Path
from typing import Any

from ..errors import from_os_error
from ..text import DEFAULT_LANG, LANGS, check_lang
from ..text.catalogue import Message, tr
from ..write.outputs import atomic_write
from .folders import NOT_WRITTEN, out_lock, slug_problem
from .index_page import index_html, status_words
from .plan import NotebookResult, ReportRun

__all__ = ["scrub", "HtmlWriter", "error_of", "title_of", "read_index", "write_index", "PAGE_TITLE_METADATA"]

#: an index.json larger than this is not one this tool wrote
_MAX_INDEX_BYTES = 64 * 1024 * 1024


_VOLATILE_NB = ("start_time", "end_time", "duration", "input_path", "output_path")

#: The output metadata that carries a page's title (written by renja_lib.present.sentences.show for a
#: ``sentences.page_title``; the same key as ``sentences.PAGE_TITLE_METADATA``).
PAGE_TITLE_METADATA = "renja_page_title"


def title_of(nb) -> str | None:
    """The words of the title an executed notebook opens with (the first output that carries
    :data:`PAGE_TITLE_METADATA`); None when it shows none (it failed before its title cell, say)."""
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            words = (out.get("metadata") or {}).get(PAGE_TITLE_METADATA)
            if isinstance(words, str) and words.strip():
                return " ".join(words.split())
    return None


def _without_intro(nb):
    """The notebook without the Markdown cells above its parameters cell: they introduce the code cells, which a
    page without code does not show, and so the page opens with the notebook's own title."""
    import nbformat

    first = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), None)
    if first is None or "parameters" not in nb.cells[first].metadata.get("tags", []):
        return nb
    shown = nbformat.from_dict(dict(nb))
    shown.cells = [c for i, c in enumerate(nb.cells) if i >= first or c.cell_type != "markdown"]
    return shown


def scrub(nb) -> None:
    """Remove what changes from run to run: times, temporary paths, random cell ids."""
    pm = nb.metadata.get("papermill", {})
    for key in _VOLATILE_NB:
        pm.pop(key, None)
    for i, cell in enumerate(nb.cells):
        cpm = cell.metadata.get("papermill")
        if cpm:
            for key in ("start_time", "end_time", "duration"):
                cpm.pop(key, None)
        cell.metadata.pop("execution", None)
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags:
            cell.id = "injected-parameters"
        elif "papermill-error-cell-tag" in tags:
            cell.id = f"papermill-error-{i}"
        elif not cell.get("id") or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", str(cell.get("id"))):
            cell.id = f"cell-{i}"


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{css}
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt {{ {code_css} }}
</style>
</head>
<body>
<nav><a href="../index.html">{back}</a></nav>
{banner}
{body}
</body>
</html>
"""


def _page_css() -> str:
    """The page style, ``renja_lib/run/report.css`` (screen and print)."""
    return (Path(__file__).with_name("report.css")).read_text(encoding="utf-8")


def _words(text: str) -> str:
    """Words of the catalogue inside HTML: ``<``, ``>`` and ``&`` escaped (an apostrophe stays as written)."""
    return html.escape(text, quote=False)


def _give_images_alt_text(nb, lang: str) -> None:
    """Every image gets alt text: one that brought none (a chart shown without present.sentences.chart, say)
    is an image without a description, in the page's language."""
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.metadata.get("alt"):
            continue
        for out in cell.get("outputs", []):
            for mime in ("image/png", "image/jpeg"):
                if mime in out.get("data", {}):
                    meta = out.setdefault("metadata", {}).setdefault(mime, {})
                    if not meta.get("alt"):
                        meta["alt"] = tr("pages.page.no_alt", lang)


class HtmlWriter:
    """nbconvert's basic template (no scripts, no CDN) inside a small self-contained page."""

    def __init__(self, with_code: bool):
        from nbconvert import HTMLExporter

        self.exporter = HTMLExporter(template_name="basic")
        # the notebook is checked against the schema once, not again after each preprocessor
        self.exporter.optimistic_validation = True
        self.exporter.exclude_input = not with_code
        self.exporter.exclude_input_prompt = True
        self.exporter.exclude_output_prompt = True
        self.exporter.exclude_anchor_links = True
        # nbconvert's sanitizer mangles ordinary tables and headings; instead, document text is escaped
        # where it enters an output (renja_lib.present.sentences, pandas' to_html) and _defuse() runs on the page.
        self.exporter.sanitize_html = False
        self.with_code = with_code

    def page(self, nb, title: str, lang: str, failed: NotebookResult | None) -> str:
        """The HTML page of an executed notebook; its ``<title>`` is the notebook's own (:func:`title_of`), else
        ``title``."""
        _give_images_alt_text(nb, lang)
        title = title_of(nb) or title
        body, _ = self.exporter.from_notebook_node(nb if self.with_code else _without_intro(nb))
        body = _defuse(body)
        banner = ""
        if failed is not None:
            what = _words(tr("pages.page.failed", lang))
            cell = _words(tr("pages.page.failed_cell", lang, cell=failed.failing_cell))
            why = failed.error_text(lang) or status_words(failed.status, lang)
            banner = (f'<div class="renja-failed"><strong>{what}</strong>'
                      f'{cell if failed.failing_cell else ""}: {html.escape(why)}</div>')
        return _PAGE.format(lang=lang, title=html.escape(title), body=body, banner=banner,
                            back=_words(tr("pages.page.back", lang)),
                            code_css="" if self.with_code else "display: none;", css=_page_css())


_ON_ATTR = re.compile(r"(<[^>]*?\s)(on[a-z]+\s*=)", re.I)


def _defuse(body: str) -> str:
    """Belt and braces: no script element, no event-handler attribute, no javascript: link survives."""
    body = re.sub(r"<\s*(/?)\s*script\b", r"&lt;\1script", body, flags=re.I)
    previous = None
    while previous != body:
        previous = body
        body = _ON_ATTR.sub(r"\1data-blocked-\2", body)
    return re.sub(r"javascript\s*:", "blocked:", body, flags=re.I)


def error_of(nb) -> tuple[int | None, str | None]:
    """The first code cell with an error output: its 1-based position among the notebook's own code
    cells (the cell papermill injects is not counted), and the error."""
    n = 0
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type != "code" or "papermill-error-cell-tag" in tags or "injected-parameters" in tags:
            continue
        n += 1
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                return n, f"{out.get('ename')}: {out.get('evalue')}"
    return None, None


# ---------------------------------------------------------------- index

def _warn(text: str) -> None:
    from ..cli.terminal import say

    say(text.replace("\n", " "), file=sys.stderr)



def _valid_entry(slug: Any, entry: Any) -> bool:
    """An entry of ``index.json`` as this tool writes it."""
    if slug_problem(slug) is not None or not isinstance(entry, dict):
        return False
    if not isinstance(entry.get("source", ""), str) or not isinstance(entry.get("params", {}), dict):
        return False
    nbs = entry.get("notebooks")
    if not isinstance(nbs, list) or not nbs:
        return False
    for nb in nbs:
        if not isinstance(nb, dict):
            return False
        name, status, seconds = nb.get("notebook"), nb.get("status"), nb.get("seconds", 0)
        if not isinstance(name, str) or not name or "/" in name or "\\" in name or name.startswith("."):
            return False
        if not isinstance(status, str):
            return False
        if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or not math.isfinite(seconds):
            return False
        cell = nb.get("failing_cell")
        if cell is not None and (isinstance(cell, bool) or not isinstance(cell, int)):
            return False
        if not isinstance(nb.get("error"), (str, type(None))) or not isinstance(nb.get("params", {}), dict):
            return False
        texts = nb.get("error_texts", {})
        if not isinstance(texts, dict) or not all(isinstance(t, str) for t in texts.values()):
            return False
    return True


def _error_record(error: str | Message | None, lang: str) -> dict[str, Any]:
    """A notebook's error as ``index.json`` keeps it: ``error``, the text in the index's language, and, for a
    message of the catalogue, ``error_texts``, the text in every language (an index written in one language is
    rewritten in another by a later run). The kernel's own text is kept as it is."""
    if not isinstance(error, Message):
        return {"error": error}
    return {"error": error.render(lang), "error_texts": {code: error.render(code) for code in LANGS}}


def read_index(out_dir: Path, *, warn: bool = False, lang: str = DEFAULT_LANG) -> dict[str, dict]:
    """The readable entries of ``OUT/index.json`` by slug; entries it cannot read are dropped.

    Never raises for what the file holds: an index that is not one this tool wrote
    (invalid JSON, binary, ``[]``, entries of the wrong type) counts as empty, and
    with ``warn`` a one-line warning on stderr says so, in ``lang``.
    """
    lang = check_lang(lang)
    path = out_dir / "index.json"
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise from_os_error(exc, path=path, doing=Message("errors_run.pages.doing_read_index")) from None
    if not stat.S_ISREG(st.st_mode):
        return {}
    reports = None
    if st.st_size <= _MAX_INDEX_BYTES:
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (ValueError, RecursionError):
            data = None
        except OSError as exc:
            raise from_os_error(exc, path=path, doing=Message("errors_run.pages.doing_read_index")) from None
        reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict):
        if warn:
            _warn(tr("pages.warning.unreadable_index", lang, path=path))
        return {}
    good = {k: v for k, v in reports.items() if _valid_entry(k, v)}
    if warn and len(good) < len(reports):
        bad = [repr(k) for k in reports if k not in good]
        _warn(tr("pages.warning.dropped_entries", lang, path=path, n=len(bad),
                 names=", ".join(bad[:3]) + (", ..." if len(bad) > 3 else "")))
    return good


def write_index(out_dir: Path, runs: list[ReportRun], results: list[NotebookResult], lang: str) -> Path:
    """Add this run's entries to ``index.json`` and rewrite ``index.html``, under OUT's lock.

    The index is read again inside the lock, so that a run into the same folder
    that finished meanwhile keeps its entries. A notebook's error is written in
    ``lang``; one that is a message of the catalogue is kept in every language too
    (``error_texts``), so that a later run writing the index in another language
    shows it in that language.
    """
    index_json = out_dir / "index.json"
    lang = check_lang(lang)
    with out_lock(out_dir):
        entries: dict[str, Any] = read_index(out_dir)
        for run in runs:
            if any(r.status in ("not run", NOT_WRITTEN) for r in results if r.slug == run.slug):
                continue  # its folder was left as it was, and so is its entry
            entries[run.slug] = {
                "source": str(run.source),
                "params": {k: v for k, v in run.params.items()},
                "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
                "notebooks": [
                    {"notebook": r.notebook, "status": r.status, "seconds": round(r.seconds, 2),
                     "failing_cell": r.failing_cell, **_error_record(r.error, lang), "params": r.params}
                    for r in results if r.slug == run.slug
                ],
            }
        entries = {k: v for k, v in sorted(entries.items()) if (out_dir / k).is_dir()}
        page = index_html(out_dir, entries, lang)
        try:
            with atomic_write(index_json, "w", encoding="utf-8") as fh:
                json.dump({"reports": entries, "note": "run times vary from run to run; only this file and "
                           "index.html carry them"}, fh, indent=1, ensure_ascii=False, default=str)
            with atomic_write(out_dir / "index.html", "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            raise from_os_error(exc, path=out_dir, doing=Message("errors_run.pages.doing_write_index")) from None
    return out_dir / "index.html"
