"""``renja report``: run the notebooks with papermill into offline HTML reports.

How a run works:

- The notebook tooling (papermill, nbconvert) is imported once per run, in this
  process.
- Each worker (``--jobs N`` of them, threads; by default one per CPU core, at
  most four) owns one kernel, started once over
  IPC transport (Unix sockets in a private folder: no TCP ports, so no port races
  between parallel kernels), and runs its notebooks one after another in it
  through papermill's Python API and a small papermill engine that reuses the
  kernel. Before every notebook the kernel's state is reset (``%reset -f``,
  matplotlib settings and figures, working folder, execution counter), so a
  notebook that forgets an import fails as it would alone. After a failure or
  timeout the kernel is restarted. A notebook counts as done when the chart
  files it left to the kernel's background writer are on disk.
- Every document's outputs are written into a staging folder and replace the
  previous report folder only when all its notebooks have run and every file of
  the run (notebooks, HTML pages, charts, the folder's marker) was written and
  flushed to disk (fsync). A run whose files could not be written (a full disk,
  say) is not swapped in: the previous folder stays, and the command says what
  failed and exits 3. An interrupted run (Ctrl-C, SIGTERM) shuts its kernels
  down and leaves the previous reports as they were.
- Outputs are reproducible: no timestamps, run times, random ids or temporary
  paths in the HTML, notebooks or figures. Run times and the time of the run
  live only in ``index.html`` and ``index.json``, which are therefore excepted.

What the runner may delete or replace (and nothing else):

- ``OUT/<slug>/``, a report folder, only when it can prove it wrote it: the
  folder carries the marker ``.renja-report.json`` (the tool's name and version
  and the files it wrote) and holds nothing but those files; or, for a folder
  written before markers existed, ``OUT/index.json`` has a readable entry for
  that slug and the folder holds only what a report holds (``<notebook>.html``
  and ``<notebook>.ipynb`` of the notebooks in that entry, ``figures/*.png`` and
  ``figures/*.svg``). Anything else in the way (a user's folder, a file, a
  symbolic link) is refused with one message before any notebook runs, and again
  just before the swap.
- ``OUT/index.json`` and ``OUT/index.html``: rewritten by every run, under a
  lock (``flock`` on the folder OUT itself) so that concurrent runs into the same
  folder keep each other's entries. An ``index.json`` it cannot read is treated as
  empty (a one-line warning says so); an ``index.html`` that this tool did not
  write is refused.
- Its own staging folders ``OUT/.staging-*`` and kernel socket folders
  ``renja-kernels-*`` in the system temporary folder. Each holds a lock file
  (``.renja-lock``) locked by its run for the run's lifetime; a later run removes
  such a folder only when it can take that lock (its run is gone, killed with
  SIGKILL, say). A previous report moved aside for the swap waits inside the
  staging folder; if the run died between the two moves, the next run puts it
  back. Folders without that lock file (including ``.old-*`` folders of earlier
  versions) are left alone.
"""
from __future__ import annotations

import contextlib
import errno
import functools
import html
import json
import math
import os
import re
import shutil
import signal
import stat
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..write import workdirs
from ..config import REPORTS_DIR
from ..errors import RenjaError, from_os_error
from ..write.outputs import atomic_write

__all__ = ["ReportRun", "NotebookResult", "ReportResults", "plan_runs", "run_report", "parse_assignments", "slugify",
           "MARKER", "NOT_WRITTEN"]

from .plan import (NotebookResult, ReportRun, _notebook_params,  # noqa: F401
                          parse_assignments, plan_runs, slugify)

# ---------------------------------------------------------------- kernels

#: each kernel holds about 250 MB: the default number of parallel kernels stays at or below this
MAX_DEFAULT_JOBS = 4

#: modules a report kernel imports once at start, so that no notebook pays for them
_PRELOAD = ("pandas", "matplotlib.pyplot", "PIL.Image", "IPython.display", "renja_lib",
            "renja_lib.read.document", "renja_lib.read.narrative_facts", "renja_lib.analyse.labour",
            "renja_lib.analyse.budget", "renja_lib.analyse.performance", "renja_lib.check.audit",
            "renja_lib.present.charts", "renja_lib.present.budget_charts", "renja_lib.present.figure_files",
            "renja_lib.present.sentences", "renja_lib.text.formats")
_WARM = ("__import__('renja_lib.run._kernel_reset', fromlist=['snapshot']).snapshot(); "
         "[__import__(m) for m in %r]" % (_PRELOAD,))


#: held while jupyter_client is imported: two threads importing it at once can see it half-initialised
_KERNEL_IMPORTS = threading.Lock()
#: set once a worker imported jupyter_client (or failed to), so that the main thread imports papermill after it
_KERNEL_LIBS_READY = threading.Event()


class _Kernel:
    """One kernel over IPC, reused for many notebooks."""

    def __init__(self, socket_dir: Path):
        try:
            with _KERNEL_IMPORTS:  # one thread imports jupyter_client; the others wait and reuse it
                from jupyter_client.blocking import BlockingKernelClient
                from jupyter_client.manager import AsyncKernelManager
                from jupyter_core.utils import run_sync
        finally:
            _KERNEL_LIBS_READY.set()

        self._run_sync = run_sync
        self.km = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(socket_dir / "kernel"))
        self.km.connection_file = str(socket_dir / "kernel.json")
        # No history database: the execution counter restarts for every notebook, and parallel kernels
        # would otherwise share one SQLite file.
        run_sync(self.km.start_kernel)(
            extra_arguments=["--HistoryManager.enabled=False"],
            env={**os.environ, "MPLBACKEND": "module://matplotlib_inline.backend_inline",
                 "PYDEVD_DISABLE_FILE_VALIDATION": "1"})
        self._client_cls = BlockingKernelClient
        self.control = self._new_control()
        self.control.execute_interactive(_WARM, silent=True, store_history=False, timeout=120)

    def _new_control(self):
        client = self._client_cls()
        client.load_connection_info(self.km.get_connection_info())
        client.start_channels()
        client.wait_for_ready(timeout=60)
        return client

    def reset(self, cwd: Path) -> None:
        code = f"__import__('renja_lib.run._kernel_reset', fromlist=['reset']).reset({str(cwd)!r})"
        reply = self.control.execute_interactive(code, silent=True, store_history=False, timeout=60)
        if reply["content"].get("status") != "ok":
            raise RuntimeError(f"kernel reset failed: {reply['content'].get('evalue')}")

    def wait_for_files(self, timeout: float = 120) -> str | None:
        """Wait for the chart files the notebook left to the kernel's background writer; the error, if any."""
        code = ("__import__('sys').modules.get('renja_lib.present.figure_files') and "
                "__import__('renja_lib.present.figure_files', fromlist=['wait_for_files']).wait_for_files()")
        reply = self.control.execute_interactive(code, silent=True, store_history=False, timeout=timeout)
        content = reply["content"]
        if content.get("status") != "ok":
            return f"{content.get('ename')}: {content.get('evalue')}"
        return None

    def alive(self) -> bool:
        return bool(self._run_sync(self.km.is_alive)())

    def interrupt(self) -> None:
        self._run_sync(self.km.interrupt_kernel)()

    def restart(self) -> None:
        self.control.stop_channels()
        self._run_sync(self.km.restart_kernel)(now=True)
        self.control = self._new_control()
        self.control.execute_interactive(_WARM, silent=True, store_history=False, timeout=120)

    def shutdown(self) -> None:
        with contextlib.suppress(Exception):
            self.control.stop_channels()
        with contextlib.suppress(Exception):
            self._run_sync(self.km.shutdown_kernel)(now=True)


def import_tooling() -> None:
    """Import papermill once per run (nbconvert follows in the export thread, once per run too).

    jsonschema (through nbformat) imports the optional ``rfc3987_syntax`` package
    when it is installed, which builds a grammar at import and costs about 3 s on
    this machine; notebooks are validated without the IRI formats it checks, so it
    is kept out of this process.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
    with _KERNEL_IMPORTS:  # papermill imports jupyter_client too: not while a worker does
        import papermill  # noqa: F401


_ENGINE_REGISTERED = False


def _register_engine() -> None:
    """A papermill engine that runs the notebook in a kernel we already started."""
    global _ENGINE_REGISTERED
    if _ENGINE_REGISTERED:
        return
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class ReusedKernelEngine(NBClientEngine):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, km=None, **kwargs):
            client = PapermillNotebookClient(nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                                             kernel_name=kernel_name, record_timing=False, log_output=False)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register("renja-reused-kernel", ReusedKernelEngine)
    _ENGINE_REGISTERED = True


# ---------------------------------------------------------------- reproducible notebooks and HTML

_VOLATILE_NB = ("start_time", "end_time", "duration", "input_path", "output_path")


def _scrub(nb) -> None:
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
body {{ font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: #262626; margin: 0 auto;
       max-width: 1100px; padding: 1.5rem 2rem 4rem; line-height: 1.5; }}
nav {{ font-size: .9rem; margin-bottom: 1rem; }}
a {{ color: #0072B2; }}
img {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; font-size: .85rem; margin: .5rem 0 1rem; }}
th, td {{ border-bottom: 1px solid #d9d9d9; padding: .25rem .6rem; text-align: right; vertical-align: top; }}
th {{ background: #f2f2f2; }}
td:first-child, th:first-child {{ text-align: left; }}
pre {{ background: #f7f7f7; padding: .6rem; overflow-x: auto; font-size: .8rem; }}
.jp-InputArea, .jp-InputPrompt, .jp-OutputPrompt {{ {code_css} }}
.output_error pre, .jp-RenderedText[data-mime-type="application/vnd.jupyter.stderr"] pre {{ background: #fdecea; }}
.renja-failed {{ background: #fdecea; border-left: 4px solid #D55E00; padding: .6rem 1rem; }}
</style>
</head>
<body>
<nav><a href="../index.html">{back}</a></nav>
{banner}
{body}
</body>
</html>
"""


def _page_exporter():
    """nbconvert's HTML exporter without the BeautifulSoup pass it ends with.

    That pass parses the whole page again (0,09 of the 0,15 s a page took, on the
    pages of the bundled document) to give images without alt text a placeholder
    and the cells of JupyterLab's template a tabindex. The basic template used here
    has no such cells, and :meth:`_HtmlWriter.page` gives every image its alt text
    before the export, so the pass found nothing to do.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # what HTMLExporter.from_notebook_node does before its BeautifulSoup pass
            language = nb.metadata.get("language_info", {})
            lexer = language.get("pygments_lexer", language.get("name", None))
            highlight = self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self))
            resources = self._init_resources(resources)
            data_types = WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self, resources=resources)
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_types)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter(template_name="basic")


#: alt text of an image that brought none (a chart shown without narrative.chart, say)
_NO_ALT = {"id": "Gambar tanpa keterangan", "en": "Image without a description"}


def _give_images_alt_text(nb, lang: str) -> None:
    for cell in nb.cells:
        if cell.cell_type != "code" or cell.metadata.get("alt"):
            continue
        for out in cell.get("outputs", []):
            for mime in ("image/png", "image/jpeg"):
                if mime in out.get("data", {}):
                    meta = out.setdefault("metadata", {}).setdefault(mime, {})
                    if not meta.get("alt"):
                        meta["alt"] = _NO_ALT.get(lang, _NO_ALT["en"])


class _HtmlWriter:
    """nbconvert's basic template (no scripts, no CDN) inside a small self-contained page."""

    def __init__(self, with_code: bool):
        self.exporter = _page_exporter()
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
        _give_images_alt_text(nb, lang)
        body, _ = self.exporter.from_notebook_node(nb)
        body = _defuse(body)
        banner = ""
        if failed is not None:
            what = "Notebook gagal" if lang == "id" else "Notebook failed"
            cell = f" (sel kode {failed.failing_cell})" if lang == "id" else f" (code cell {failed.failing_cell})"
            banner = (f'<div class="renja-failed"><strong>{what}</strong>'
                      f'{cell if failed.failing_cell else ""}: {html.escape(failed.error or failed.status)}</div>')
        return _PAGE.format(lang=lang, title=html.escape(title), body=body, banner=banner,
                            back="← Daftar laporan" if lang == "id" else "← All reports",
                            code_css="" if self.with_code else "display: none;")


_ON_ATTR = re.compile(r"(<[^>]*?\s)(on[a-z]+\s*=)", re.I)


def _defuse(body: str) -> str:
    """Belt and braces: no script element, no event-handler attribute, no javascript: link survives."""
    body = re.sub(r"<\s*(/?)\s*script\b", r"&lt;\1script", body, flags=re.I)
    previous = None
    while previous != body:
        previous = body
        body = _ON_ATTR.sub(r"\1data-blocked-\2", body)
    return re.sub(r"javascript\s*:", "blocked:", body, flags=re.I)


def _error_of(nb) -> tuple[int | None, str | None]:
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


# ---------------------------------------------------------------- running

@dataclass
class _Task:
    run: ReportRun
    notebook: Path
    stage_dir: Path
    result: NotebookResult
    #: the executed notebook as papermill returned it (None when it failed: read back from its file)
    executed: Any = None
    #: a file of this notebook (its notebook, page or charts) that could not be written
    write_error: OSError | None = None


class _Cancelled(Exception):
    pass


def _previous_times(out_dir: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Run times of the previous run into ``out_dir`` (its ``index.json``): by (document slug, notebook),
    and the median by notebook; empty when there is none or it cannot be read."""
    try:
        reports = _read_index(out_dir)
    except RenjaError:
        return {}, {}
    timed = [(slug, nb["notebook"], float(nb.get("seconds", 0))) for slug, entry in reports.items()
             for nb in entry["notebooks"] if nb["status"] == "ok"]
    by_notebook: dict[str, list[float]] = {}
    for _, name, seconds in timed:
        by_notebook.setdefault(name, []).append(seconds)
    return ({(slug, name): seconds for slug, name, seconds in timed},
            {name: statistics.median(times) for name, times in by_notebook.items()})


class _TaskPool:
    """The notebooks still to run, handed to the workers one at a time.

    With one worker, in the given order (documents in turn, notebooks in order).
    With several, the longest first, so that the short ones fill in at the end and
    no kernel waits idle for the last long notebook. A notebook's expected run
    time is, in this order: its own time in the previous run into the same folder
    (``index.json``); the median time of the same notebook on the documents done
    so far in this run; the median time of the same notebook in the previous run.
    A notebook never timed may be long: it goes first, in the given order. So the
    first run over many documents learns from its first document, and later runs
    start from the last run's times, as a build tool would.
    """

    def __init__(self, tasks: list[_Task], out_dir: Path, ordered: bool):
        self._tasks = list(tasks)
        self._ordered = ordered
        self._lock = threading.Lock()
        self._exact, self._before = ({}, {}) if ordered else _previous_times(out_dir)
        self._now: dict[str, list[float]] = {}

    def expected_seconds(self, task: _Task) -> float:
        name = task.notebook.stem
        if (task.run.slug, name) in self._exact:
            return self._exact[(task.run.slug, name)]
        if name in self._now:
            return statistics.median(self._now[name])
        return self._before.get(name, math.inf)

    def get(self) -> _Task | None:
        """The next notebook to run; None when there is none left."""
        with self._lock:
            if not self._tasks:
                return None
            if self._ordered:
                return self._tasks.pop(0)
            # the longest expected; among equals, the first given
            pick = max(range(len(self._tasks)), key=lambda k: (self.expected_seconds(self._tasks[k]), -k))
            return self._tasks.pop(pick)

    def done(self, task: _Task) -> None:
        """Learn from a notebook that ran to the end."""
        if task.result.status == "ok":
            with self._lock:
                self._now.setdefault(task.notebook.stem, []).append(task.result.seconds)


class _Runner:
    def __init__(self, runs: list[ReportRun], out_dir: Path, jobs: int, with_code: bool, timeout: float | None,
                 quiet: bool):
        self.runs, self.out_dir, self.jobs = runs, out_dir, max(1, jobs)
        self.with_code, self.timeout, self.quiet = with_code, timeout, quiet
        self.cancel = threading.Event()
        self.lock = threading.Lock()
        self.kernels: list[_Kernel] = []
        self.running = 0
        self.failed = 0
        self.done = 0
        #: why a worker stopped early (its kernel could not start or restart)
        self.worker_errors: list[str] = []
        #: runs whose folder was not replaced although their notebooks ran: slug -> the error
        self.faults: dict[str, RenjaError] = {}

    # one worker thread: one kernel, many notebooks
    def worker(self, tasks: _TaskPool, socket_root: Path, bar, tooling: threading.Event) -> None:
        """Run notebooks from ``tasks`` in one kernel until none is left.

        Nothing escapes this thread: a kernel that cannot start or dies between
        notebooks ends this worker with its reason in :attr:`worker_errors` (the other
        workers go on; notebooks nobody ran are reported as not run), and a page that
        cannot be written fails its notebook.
        """
        from concurrent.futures import ThreadPoolExecutor

        kernel: _Kernel | None = None
        exports = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renja-export")
        pending: list[tuple[_Task, Any]] = []
        try:
            # the kernel starts (and imports pandas, matplotlib, renja_lib) while the main thread
            # imports papermill and nbconvert
            try:
                kernel = _Kernel(Path(tempfile.mkdtemp(prefix="k", dir=socket_root)))
            except Exception as exc:
                self._worker_failed(f"the notebook kernel could not start ({type(exc).__name__}: {exc})")
                return
            with self.lock:
                self.kernels.append(kernel)
            tooling.wait()
            # nbconvert is imported by the export thread, after the first notebook started
            html_writer = functools.lru_cache(maxsize=1)(lambda: _HtmlWriter(self.with_code))
            while not self.cancel.is_set():
                task = tasks.get()
                if task is None:
                    break
                with self.lock:
                    self.running += 1
                self._update(bar)
                try:
                    restart = self.run_one(kernel, task)
                except Exception as exc:  # the reset before the notebook failed: the kernel is not usable
                    task.result.status = "failed"
                    task.result.error = f"the kernel failed before the notebook ran ({type(exc).__name__}: {exc})"
                    if _is_write_fault(exc, task.stage_dir.parent):
                        task.write_error = exc
                    restart = True
                tasks.done(task)
                with self.lock:
                    self.running -= 1
                    self.done += 1
                    if task.result.status != "ok":
                        self.failed += 1
                self._update(bar, advance=1)
                if self.cancel.is_set():
                    break
                # HTML export and the tidy notebook are written while the next notebook runs
                pending.append((task, exports.submit(self.finish, task, html_writer)))
                if restart:
                    try:
                        kernel.restart()
                    except Exception as exc:
                        self._worker_failed(f"the notebook kernel could not restart ({type(exc).__name__}: {exc})")
                        break
        finally:
            for task, future in pending:
                try:
                    future.result()
                except Exception as exc:
                    self._page_failed(task, exc)
            exports.shutdown(wait=True)
            if kernel is not None:
                kernel.shutdown()

    def _worker_failed(self, reason: str) -> None:
        with self.lock:
            self.worker_errors.append(reason)

    def _page_failed(self, task: _Task, exc: Exception) -> None:
        if isinstance(exc, OSError):  # the notebook or its page could not be written: the run is not swapped in
            task.write_error = task.write_error or exc
        with self.lock:
            if task.result.status == "ok":
                self.failed += 1
            task.result.status = "failed"
            task.result.error = f"the report page could not be written ({type(exc).__name__}: {exc})"

    def _update(self, bar, advance: int = 0) -> None:
        if bar is None:
            return
        with self.lock:
            bar.set_postfix_str(f"running {self.running}, failed {self.failed}", refresh=False)
            bar.update(advance)

    def run_one(self, kernel: _Kernel, task: _Task) -> bool:
        """Run one notebook; returns True when the kernel must be restarted."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        res, run = task.result, task.run
        stage = task.stage_dir
        (stage / "figures").mkdir(parents=True, exist_ok=True)
        spec = _notebook_params(task.notebook)
        params = {k: v for k, v in run.params.items() if k in spec}  # typed and checked by plan_runs
        injected = {"source": str(run.source), "lang": run.params.get("lang", "id"), "figures_dir": "figures"}
        params.update({k: v for k, v in injected.items() if k in spec})
        res.params = {k: v for k, v in params.items() if k != "source"}
        out_nb = stage / task.notebook.name
        kernel.reset(stage)
        timed_out = threading.Event()
        timer = None
        if self.timeout:
            def on_timeout():
                timed_out.set()
                with contextlib.suppress(Exception):
                    kernel.interrupt()
            timer = threading.Timer(min(self.timeout, threading.TIMEOUT_MAX), on_timeout)
            timer.daemon = True
            timer.start()
        t0 = time.perf_counter()
        restart = False
        try:
            task.executed = papermill.execute_notebook(
                str(task.notebook), str(out_nb), parameters=params, engine_name="renja-reused-kernel",
                km=kernel.km, kernel_name="python3", progress_bar=False, log_output=False,
                request_save_on_cell_execute=False,
                # nbclient wants whole seconds: a ceiling; the timer above keeps the fraction
                execution_timeout=_cell_timeout(self.timeout), cwd=None,
            )
            res.status = "ok"
        except PapermillExecutionError as exc:
            res.status = "timeout" if timed_out.is_set() else "failed"
            res.error = f"{exc.ename}: {exc.evalue}"
            restart = True
        except Exception as exc:  # a cell timeout, a dead kernel: the notebook failed, the run goes on
            res.status = "timeout" if timed_out.is_set() else "failed"
            res.error = f"{type(exc).__name__}: {exc}"
            if _is_write_fault(exc, stage.parent):  # papermill could not write the notebook
                task.write_error = exc
            restart = True
        finally:
            if timer is not None:
                timer.cancel()
            if not self.cancel.is_set():
                # the figures folder is complete before the notebook counts as done
                try:
                    error = kernel.wait_for_files(timeout=120 if res.status == "ok" else 10) if kernel.alive() else None
                except Exception as exc:  # a dead or stuck kernel: it is restarted below
                    error, restart = f"{type(exc).__name__}: {exc}", True
                if error and res.status == "ok":
                    res.status, res.error = "failed", error
                fault = _write_fault_in_text(error)
                if fault is not None:  # a chart file hit a full disk: the run is not swapped in
                    task.write_error = task.write_error or fault
            res.seconds = time.perf_counter() - t0
        if self.cancel.is_set():
            res.status = "interrupted"
            return False
        if res.status == "timeout":
            res.error = f"stopped after the time limit of {self.timeout:g} s" + (f" ({res.error})" if res.error else "")
        return restart

    def finish(self, task: _Task, html_writer: Callable[[], _HtmlWriter]) -> None:
        """Tidy the executed notebook (reproducible) and write its HTML page."""
        import nbformat

        res, run, stage = task.result, task.run, task.stage_dir
        out_nb = stage / task.notebook.name
        if task.executed is not None:
            nb, task.executed = task.executed, None
        elif out_nb.exists():
            nb = nbformat.read(out_nb, as_version=4)
        else:
            nb = nbformat.read(task.notebook, as_version=4)
        if res.status != "ok":
            cell, err = _error_of(nb)
            res.failing_cell = cell
            if err and res.status == "failed":
                res.error = err
        _scrub(nb)
        try:
            with atomic_write(out_nb, "w", encoding="utf-8") as fh:
                nbformat.write(nb, fh)
        except OSError as exc:
            task.write_error = task.write_error or exc
            raise
        title = f"{task.notebook.stem} · {run.source.name}"
        page = html_writer().page(nb, title, run.params.get("lang", "id"), None if res.status == "ok" else res)
        try:
            with atomic_write(stage / f"{task.notebook.stem}.html", "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            task.write_error = task.write_error or exc
            raise

    def check(self) -> None:
        """Before anything runs: the output folder, the folder names, leftovers of dead runs, and that no
        folder a report would replace is one this tool cannot prove it wrote."""
        _prepare_out(self.out_dir)
        seen: set[str] = set()
        for run in self.runs:
            _check_slug(run.slug)
            if run.slug in seen:
                raise RenjaError(f"two runs would write the same report folder {run.slug!r}")
            seen.add(run.slug)
        _clean_stale(Path(tempfile.gettempdir()), "renja-kernels-")
        with _out_lock(self.out_dir):
            _clean_stale(self.out_dir, ".staging-", self.out_dir)
            index = _read_index(self.out_dir, warn=True)
            _refuse_foreign(self.out_dir, [run.slug for run in self.runs], index, "nothing was run or changed")

    def _not_written(self, run: ReportRun, tasks: list[_Task], error: RenjaError) -> None:
        self.faults[run.slug] = error
        for t in tasks:
            t.result.status, t.result.error = NOT_WRITTEN, str(error)

    def swap(self, all_tasks: list[_Task], staging: Path) -> None:
        """Put every finished report folder in place: only one whose files were all written and flushed, and
        only over a folder this tool wrote (checked again, under OUT's lock)."""
        for run in self.runs:
            mine = [t for t in all_tasks if t.run is run]
            src = staging / run.slug
            # a document with notebooks that never ran keeps its previous report folder
            if not src.exists() or any(t.result.status == "not run" for t in mine):
                continue
            target = self.out_dir / run.slug
            failed = next((t for t in mine if t.write_error is not None), None)
            fault, what = (failed.write_error, f"the files of notebook {failed.notebook.stem}") if failed else (
                None, "")
            if fault is None:
                try:
                    _seal(src)
                except OSError as exc:
                    fault, what = exc, "the report's files"
                except RenjaError as exc:
                    self._not_written(run, mine, RenjaError(f"{exc.detail}; the previous report was left as it was",
                                                            path=target))
                    continue
            if fault is not None:
                self._not_written(run, mine, from_os_error(
                    fault, path=target, doing=f"{what} could not be written, so the previous report was left "
                                              "as it was"))
                continue
            with _out_lock(self.out_dir):
                try:
                    _refuse_foreign(self.out_dir, [run.slug], _read_index(self.out_dir),
                                    "the new report was not put in place")
                    _replace_dir(src, target, staging / f".old-{run.slug}")
                except RenjaError as exc:
                    self._not_written(run, mine, exc)
                except OSError as exc:
                    self._not_written(run, mine, from_os_error(
                        exc, path=target, doing="the new report could not be put in place"))

    def execute(self) -> list[NotebookResult]:
        self.check()
        staging_dir = workdirs.OwnedDir(self.out_dir, ".staging-")
        try:
            sockets = workdirs.OwnedDir(Path(tempfile.gettempdir()), "renja-kernels-")
        except BaseException:
            staging_dir.remove()
            raise
        staging, socket_root = staging_dir.path, sockets.path
        all_tasks: list[_Task] = []
        for run in self.runs:
            for nb in run.notebooks:
                t = _Task(run, nb, staging / run.slug, NotebookResult(run.slug, nb.stem))
                all_tasks.append(t)
        workers = min(self.jobs, len(all_tasks))
        tasks = _TaskPool(all_tasks, self.out_dir, ordered=workers == 1)
        bar = None
        if not self.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            # a terminal that reports no width (some CI consoles) still gets a readable bar
            size = shutil.get_terminal_size((100, 24))
            bar = tqdm(total=len(all_tasks), unit="notebook", desc="renja report", file=sys.stderr,
                       ncols=size.columns or 100, nrows=size.lines or 24)
        tooling = threading.Event()
        threads = [threading.Thread(target=self.worker, args=(tasks, socket_root, bar, tooling), daemon=True)
                   for _ in range(workers)]
        previous = {}
        try:
            previous = _install_signal_handlers()
            for th in threads:
                th.start()
            _KERNEL_LIBS_READY.wait(timeout=60)  # the kernels start first: they are the longer wait
            import_tooling()
            _register_engine()
            tooling.set()
            for th in threads:
                while th.is_alive():
                    th.join(timeout=0.2)
            reason = "; ".join(dict.fromkeys(self.worker_errors)) or "no worker was left to run it"
            for t in all_tasks:
                if t.result.status == "pending":
                    t.result.status, t.result.error = "not run", reason
            self.swap(all_tasks, staging)
        except BaseException:
            self.cancel.set()
            tooling.set()
            with self.lock:
                kernels = list(self.kernels)
            for k in kernels:
                with contextlib.suppress(Exception):
                    k.interrupt()
            for th in threads:
                th.join(timeout=30)
            for k in kernels:
                k.shutdown()
            raise
        finally:
            _restore_signal_handlers(previous)
            if bar is not None:
                bar.close()
            staging_dir.remove()
            sockets.remove()
        return [t.result for t in all_tasks]


def _install_signal_handlers() -> dict:
    """SIGTERM behaves like Ctrl-C, so that kernels are shut down and staging removed."""
    if threading.current_thread() is not threading.main_thread():
        return {}

    def raise_interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    return {signal.SIGTERM: signal.signal(signal.SIGTERM, raise_interrupt)}


def _restore_signal_handlers(previous: dict) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)


# ---------------------------------------------------------------- what the runner may touch

#: the marker in every report folder: the tool, its version and the files it wrote there
MARKER = ".renja-report.json"
_TOOL = "renja report"
#: an index.json larger than this is not one this tool wrote
_MAX_INDEX_BYTES = 64 * 1024 * 1024
_RESERVED = {"index.json", "index.html", MARKER}
#: errno values that mean a file could not be written because of the machine (not a notebook's bug)
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG}
#: the status of the notebooks of a run whose files could not be written (its folder was not replaced)
NOT_WRITTEN = "not written"
_HOW_TO_PROCEED = ("choose another --out, give the run another name ('slug' in a --params-file), "
                   "or move that folder away")


def _warn(text: str) -> None:
    from ..cli.terminal import say

    say(f"renja: warning: {text}".replace("\n", " "), file=sys.stderr)


def _slug_problem(slug: Any) -> str | None:
    """Why ``slug`` cannot name a report folder inside OUT (None when it can)."""
    if not isinstance(slug, str) or not slug:
        return "it is empty"
    if slug in (".", "..") or "/" in slug or "\\" in slug or "\0" in slug:
        return "it is not a single folder name"
    if slug.startswith("."):
        return "it starts with a dot (names the runner keeps for itself)"
    if slug.lower() in _RESERVED:
        return "it is the name of the index the runner writes into OUT"
    if len(slug.encode("utf-8", "surrogateescape")) > 255:
        return "it is longer than 255 bytes"
    return None


def _check_slug(slug: Any) -> None:
    why = _slug_problem(slug)
    if why is not None:
        raise RenjaError(f"cannot use {slug!r} as a report folder name: {why}")


def _report_shaped(rel: str) -> bool:
    """A path (relative to a report folder) of a kind of file a report holds."""
    parts = rel.split("/")
    if len(parts) == 1:
        return not rel.startswith(".") and rel.endswith((".html", ".ipynb")) and rel not in ("", ".html", ".ipynb")
    if len(parts) == 2 and parts[0] == "figures":
        return not parts[1].startswith(".") and parts[1].endswith((".png", ".svg"))
    return False


def _folder_files(folder: Path) -> tuple[set[str], str | None]:
    """The regular files under ``folder`` (relative, with ``/``), or why it is not a report folder."""
    files: set[str] = set()
    for entry in os.scandir(folder):
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            return files, f"it holds the symbolic link {entry.name!r}"
        if stat.S_ISDIR(st.st_mode):
            if entry.name != "figures":
                return files, f"it holds the folder {entry.name + '/'!r}"
            for sub in os.scandir(entry.path):
                sst = sub.stat(follow_symlinks=False)
                if not stat.S_ISREG(sst.st_mode):
                    return files, f"it holds {'figures/' + sub.name!r}, which is not a file a report holds"
                files.add(f"figures/{sub.name}")
        elif stat.S_ISREG(st.st_mode):
            files.add(entry.name)
        else:
            return files, f"it holds {entry.name!r}, which is not a regular file"
    return files, None


def _read_marker(folder: Path) -> set[str] | None:
    """The files the marker of ``folder`` lists; None when there is no valid marker."""
    path = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > 1024 * 1024:
            return None
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("tool") != _TOOL or not isinstance(data.get("version"), str):
        return None
    listed = data.get("files")
    if not isinstance(listed, list) or not all(isinstance(f, str) and _report_shaped(f) for f in listed):
        return None
    return set(listed)


def _not_ours(folder: Path, slug: str, index: dict[str, dict]) -> str | None:
    """None when ``folder`` is a report folder this tool wrote (and may be replaced); else why it is not."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(exc, path=folder, doing="cannot look at the report folder") from None
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "it is a file, not a report folder"
    try:
        files, why = _folder_files(folder)
    except OSError as exc:
        raise from_os_error(exc, path=folder, doing="cannot look at the report folder") from None
    if why is not None:
        return why
    listed = _read_marker(folder)
    if listed is not None:
        extra = sorted(files - listed - {MARKER})
        return None if not extra else f"it holds {extra[0]!r}, which its renja marker does not list"
    entry = index.get(slug)
    if entry is None:
        hint = "an unreadable" if (folder / MARKER).exists() else "no"
        return (f"it has {hint} renja report marker ({MARKER}) and the index of the output folder "
                f"lists no report named {slug!r}")
    names = {nb["notebook"] for nb in entry["notebooks"]}
    allowed = {f"{n}{ext}" for n in names for ext in (".html", ".ipynb")}
    extra = sorted(f for f in files if f not in allowed and not (f.startswith("figures/") and _report_shaped(f)))
    return None if not extra else f"it holds {extra[0]!r}, which is not a file a report holds"


def _refuse_foreign(out_dir: Path, slugs: list[str], index: dict[str, dict], when: str) -> None:
    """One RenjaError naming the first folder in the way that this tool cannot prove it wrote."""
    blocked = [(slug, why) for slug in slugs if (why := _not_ours(out_dir / slug, slug, index)) is not None]
    if not blocked:
        return
    slug, why = blocked[0]
    more = ""
    if len(blocked) > 1:
        more = f" (so are {', '.join(str(out_dir / s) for s, _ in blocked[1:])})"
    raise RenjaError(f"the report {slug!r} would replace this folder, but renja did not write it ({why}){more}; "
                     f"{when}: {_HOW_TO_PROCEED}", path=out_dir / slug)


def _prepare_out(out_dir: Path) -> None:
    """The output folder exists and is writable, and its index files are files; else one message."""
    workdirs.prepare_out(out_dir)
    for name in ("index.json", "index.html"):
        path = out_dir / name
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise RenjaError("renja report writes its index here, but this is not a regular file "
                                 "(a folder or a link); choose another --out or move it away", path=path)
    page = out_dir / "index.html"
    if page.exists() and not _is_our_index_page(page):
        raise RenjaError("renja report writes its index here, but this index.html was not written by renja; "
                         "choose another --out or move the file away", path=page)


_LEGACY_INDEX_HEAD = re.compile(r'<!DOCTYPE html>\n<html lang="(id|en)">\n<head><meta charset="utf-8">'
                                r'<title>(Laporan Renja|Renja reports)</title>\n')
_GENERATOR = '<meta name="generator" content="renja report">'


def _is_our_index_page(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError as exc:
        raise from_os_error(exc, path=path, doing="cannot read the report index") from None
    return _GENERATOR in head or bool(_LEGACY_INDEX_HEAD.match(head))


def _out_lock(out_dir: Path, wait: float | None = None):
    """An exclusive lock on OUT for the index update and the swaps (one run at a time)."""
    return workdirs.folder_lock(out_dir, wait, who="another renja report run")


def _clean_stale(parent: Path, prefix: str, out_dir: Path | None = None) -> list[Path]:
    """Remove the folders ``parent/prefix*`` of runs that are gone (their lock can be taken).

    With ``out_dir``, a previous report that a dead run moved aside (``.old-<slug>``
    inside its staging folder) goes back to ``out_dir/<slug>`` when nothing took
    its place. Returns the folders removed.
    """
    def put_back(folder: Path) -> None:
        for moved in os.scandir(folder):
            slug = moved.name[len(".old-"):]
            if moved.name.startswith(".old-") and _slug_problem(slug) is None and not os.path.lexists(out_dir / slug):
                os.replace(moved.path, out_dir / slug)

    return workdirs.clean_stale(parent, prefix, put_back if out_dir is not None else None)


def _is_write_fault(exc: BaseException, stage: Path | None = None) -> bool:
    """An OSError writing a file of the run: the machine's state (disk full ...) or a file in the staging folder."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno in _WRITE_ERRNOS:
        return True
    name = exc.filename
    return stage is not None and isinstance(name, str) and name.startswith(str(stage))


_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")


def _write_fault_in_text(text: str | None) -> OSError | None:
    """An OSError of the machine named in an error message from the kernel (a chart file that hit a full disk)."""
    for code in _ERRNO_IN_TEXT.findall(text or ""):
        if int(code) in _WRITE_ERRNOS:
            return OSError(int(code), os.strerror(int(code)))
    return None


def _seal(folder: Path) -> None:
    """Write the marker listing the folder's files, and flush every file and folder to disk."""
    files, why = _folder_files(folder)
    if why is not None:  # a notebook wrote something else into its folder: not part of a report
        raise RenjaError(f"the run left something a report does not hold ({why})", path=folder)
    files.discard(MARKER)
    marker = {"tool": _TOOL, "version": __version__, "files": sorted(files)}
    with atomic_write(folder / MARKER, "w", encoding="utf-8", make_folder=False) as fh:
        json.dump(marker, fh, indent=1)
        fh.write("\n")
    for rel in sorted(files) + [MARKER]:
        fd = os.open(folder / rel, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for sub in (folder / "figures", folder):
        if sub.is_dir():
            fd = os.open(sub, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _replace_dir(new: Path, target: Path, aside: Path) -> None:
    """Swap a finished report folder into place (the caller checked that ``target`` may be replaced).

    The previous folder is moved aside to ``aside`` (inside the run's locked staging
    folder) and removed only after the swap; a run killed between the two moves
    leaves it there, and the next run puts it back.
    """
    moved = False
    if os.path.lexists(target):
        os.replace(target, aside)
        moved = True
    try:
        os.replace(new, target)
    except BaseException:
        if moved:
            os.replace(aside, target)
        raise
    _fsync_dir(target.parent)
    if moved:
        shutil.rmtree(aside, ignore_errors=True)


# ---------------------------------------------------------------- index

def _valid_entry(slug: Any, entry: Any) -> bool:
    """An entry of ``index.json`` as this tool writes it."""
    if _slug_problem(slug) is not None or not isinstance(entry, dict):
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
    return True


def _read_index(out_dir: Path, *, warn: bool = False) -> dict[str, dict]:
    """The readable entries of ``OUT/index.json`` by slug; entries it cannot read are dropped.

    Never raises for what the file holds: an index that is not one this tool wrote
    (invalid JSON, binary, ``[]``, entries of the wrong type) counts as empty, and
    with ``warn`` a one-line warning on stderr says so.
    """
    path = out_dir / "index.json"
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise from_os_error(exc, path=path, doing="cannot read the report index") from None
    if not stat.S_ISREG(st.st_mode):
        return {}
    reports = None
    if st.st_size <= _MAX_INDEX_BYTES:
        try:
            data = json.loads(path.read_bytes().decode("utf-8"))
        except (ValueError, RecursionError):
            data = None
        except OSError as exc:
            raise from_os_error(exc, path=path, doing="cannot read the report index") from None
        reports = data.get("reports") if isinstance(data, dict) else None
    if not isinstance(reports, dict):
        if warn:
            _warn(f"{path}: not a report index renja can read (expected JSON with a 'reports' mapping); "
                  "it is treated as empty and rewritten")
        return {}
    good = {k: v for k, v in reports.items() if _valid_entry(k, v)}
    if warn and len(good) < len(reports):
        bad = [repr(k) for k in reports if k not in good]
        _warn(f"{path}: {len(bad)} entr{'y' if len(bad) == 1 else 'ies'} renja cannot read "
              f"({', '.join(bad[:3])}{', ...' if len(bad) > 3 else ''}) dropped from the index")
    return good


def _write_index(out_dir: Path, runs: list[ReportRun], results: list[NotebookResult], lang: str) -> Path:
    """Add this run's entries to ``index.json`` and rewrite ``index.html``, under OUT's lock.

    The index is read again inside the lock, so that a run into the same folder
    that finished meanwhile keeps its entries.
    """
    index_json = out_dir / "index.json"
    with _out_lock(out_dir):
        entries: dict[str, Any] = _read_index(out_dir)
        for run in runs:
            if any(r.status in ("not run", NOT_WRITTEN) for r in results if r.slug == run.slug):
                continue  # its folder was left as it was, and so is its entry
            entries[run.slug] = {
                "source": str(run.source),
                "params": {k: v for k, v in run.params.items()},
                "finished": time.strftime("%Y-%m-%d %H:%M:%S"),
                "notebooks": [
                    {"notebook": r.notebook, "status": r.status, "seconds": round(r.seconds, 2),
                     "failing_cell": r.failing_cell, "error": r.error, "params": r.params}
                    for r in results if r.slug == run.slug
                ],
            }
        entries = {k: v for k, v in sorted(entries.items()) if (out_dir / k).is_dir()}
        t = _INDEX_TEXT[lang]
        rows = []
        for slug, entry in entries.items():
            params = ", ".join(f"{html.escape(str(k))}={html.escape(str(v))}"
                               for k, v in entry.get("params", {}).items())
            for nb in entry["notebooks"]:
                status = t[nb["status"]] if nb["status"] in t else html.escape(nb["status"])
                err = ""
                if nb["status"] != "ok":
                    err = (f'<br><small>{t["cell"]} {nb.get("failing_cell") or "?"}: '
                           f'{html.escape(str(nb.get("error") or ""))}</small>')
                rows.append(
                    f'<tr class="{html.escape(nb["status"].replace(" ", "-"))}"><td>{html.escape(slug)}</td>'
                    f'<td><a href="{html.escape(slug)}/{html.escape(nb["notebook"])}.html">'
                    f'{html.escape(nb["notebook"])}</a>'
                    f' · <a href="{html.escape(slug)}/{html.escape(nb["notebook"])}.ipynb">ipynb</a></td>'
                    f'<td>{status}{err}</td><td>{float(nb.get("seconds", 0)):.1f} s</td><td>{params}</td></tr>')
        page = _INDEX.format(lang=lang, title=t["title"], rows="\n".join(rows), h=t, figures=t["figures"],
                             generator=_GENERATOR)
        try:
            with atomic_write(index_json, "w", encoding="utf-8") as fh:
                json.dump({"reports": entries, "note": "run times vary from run to run; only this file and "
                           "index.html carry them"}, fh, indent=1, ensure_ascii=False, default=str)
            with atomic_write(out_dir / "index.html", "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            raise from_os_error(exc, path=out_dir, doing="cannot write the report index") from None
    return out_dir / "index.html"


_INDEX_TEXT = {
    "id": {"title": "Laporan Renja", "doc": "Dokumen", "nb": "Notebook", "status": "Status", "time": "Waktu",
           "params": "Parameter", "ok": "selesai", "failed": "gagal", "timeout": "melewati batas waktu",
           "interrupted": "dihentikan", "not run": "tidak dijalankan", "cell": "sel", "figures": "Grafik resolusi penuh ada di folder figures/ "
           "setiap dokumen."},
    "en": {"title": "Renja reports", "doc": "Document", "nb": "Notebook", "status": "Status", "time": "Run time",
           "params": "Parameters", "ok": "done", "failed": "failed", "timeout": "timed out",
           "interrupted": "interrupted", "not run": "not run", "cell": "cell", "figures": "Full-resolution charts are in each "
           "document's figures/ folder."},
}

_INDEX = """<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{title}</title>
{generator}
<style>
body {{ font-family: "DejaVu Sans", Arial, sans-serif; color: #262626; max-width: 1100px; margin: 0 auto; padding: 2rem; }}
table {{ border-collapse: collapse; width: 100%; }}
th, td {{ text-align: left; border-bottom: 1px solid #d9d9d9; padding: .4rem .6rem; vertical-align: top; }}
th {{ background: #f2f2f2; }} a {{ color: #0072B2; }}
tr.failed td, tr.timeout td {{ background: #fdecea; }}
</style></head>
<body>
<h1>{title}</h1>
<table>
<thead><tr><th>{h[doc]}</th><th>{h[nb]}</th><th>{h[status]}</th><th>{h[time]}</th><th>{h[params]}</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p>{figures}</p>
</body>
</html>
"""


def default_jobs() -> int:
    """Notebooks run in parallel by default: the CPU cores this process may use, at most :data:`MAX_DEFAULT_JOBS`."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_DEFAULT_JOBS))


def _check_timeout(timeout: Any) -> float | None:
    """A notebook's time limit: None, or a finite positive number of seconds (fractions allowed)."""
    from .parameters import check_timeout

    return None if timeout is None else check_timeout(timeout)


def _cell_timeout(timeout: float | None) -> int | None:
    """nbclient's own time limit for one cell: whole seconds, above the runner's limit (which stops it first)."""
    if timeout is None:
        return None
    return int(math.ceil(min(timeout, threading.TIMEOUT_MAX))) + 30


class ReportResults(list):
    """The results of every notebook (a list of :class:`NotebookResult`), and the runs whose folder was not
    replaced although their notebooks ran: ``faults``, slug -> the error (a full disk, a folder in the way)."""

    def __init__(self, results: list[NotebookResult], faults: dict[str, RenjaError]):
        super().__init__(results)
        self.faults = dict(faults)


def run_report(runs: list[ReportRun], out_dir: str | Path = REPORTS_DIR, *, jobs: int | None = None,
               with_code: bool = False,
               timeout: float | None = None, quiet: bool = False, lang: str = "id") -> ReportResults:
    """Run every notebook of every run; write the report folders and the index. Returns the results.

    ``jobs`` kernels run notebooks in parallel (default: :func:`default_jobs`).
    Before anything runs, the output folder is checked and a folder this tool did
    not write that a report would replace is refused (:class:`RenjaError`). A run
    whose files could not be written keeps its previous folder; its notebooks have
    the status ``"not written"`` and the error is in the result's ``faults``.
    """
    if isinstance(out_dir, str) and not out_dir.strip():
        raise RenjaError("--out is empty; give the folder the reports go to")
    if lang not in _INDEX_TEXT:
        raise RenjaError(f"lang must be one of {', '.join(_INDEX_TEXT)}; got {lang!r}")
    out = Path(out_dir)
    runner = _Runner(runs, out, default_jobs() if jobs is None else jobs, with_code, _check_timeout(timeout), quiet)
    results = runner.execute()
    _write_index(out, runs, results, lang)
    return ReportResults(results, runner.faults)
