"""``renja report``: run the notebooks with papermill into offline HTML reports.

How a run works:

- The notebook tooling (papermill, nbconvert) is imported once per run, in this
  process.
- Each worker (``--jobs N`` of them, threads; by default one per CPU core, at
  most four) owns one kernel, started once over
  IPC transport (Unix sockets in a private folder: no TCP ports, so no port races
  between parallel kernels), and runs its notebooks one after another in it
  through papermill's Python API and a small papermill engine that reuses the
  kernel (:mod:`~renja_lib.run.kernels`). Before every notebook the kernel's state is reset (``%reset -f``,
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
  paths in the HTML, notebooks, figures or ``findings.json`` (the pages' headline
  findings as data, :mod:`renja_lib.present.findings`). Run times and the time of
  the run live only in ``index.html`` and ``index.json``, which are therefore excepted.
- Besides the pages, a report folder holds, unless ``outputs`` leaves them out (``renja report --outputs``),
  the deck ``<slug>.pptx`` (:mod:`renja_lib.write.deck`, from ``findings.json`` and the charts' slide variants
  ``figures/slides/``) and the analysis workbook ``<slug>.xlsx`` (:mod:`renja_lib.write.analysis_workbook`),
  both written into the staging folder after the notebooks ran, before the folder is sealed and swapped in.

The parts: :mod:`~renja_lib.run.kernels` (the kernels), :mod:`~renja_lib.run.pages` (notebooks,
pages, the index), :mod:`~renja_lib.run.folders` (what the runner may delete or replace).
"""
from __future__ import annotations

import contextlib
import functools
import math
import os
import shutil
import signal
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from ..config import REPORTS_DIR
from ..errors import RenjaError, from_os_error
from ..present.findings import FINDINGS_FILE, collect, findings_file, findings_json
from ..text import DEFAULT_LANG, Message, check_lang, tr
from ..write import workdirs
from ..write.outputs import atomic_write
from .folders import (MARKER, NOT_WRITTEN, check_slug, deck_file, clean_stale, is_write_fault, out_lock, prepare_out,
                      refuse_foreign, replace_dir, seal, write_fault_in_text)
from .kernels import Kernel, import_tooling, wait_for_kernel_libs
from .notebook_language import read_in_language
from .pages import HtmlWriter, error_of, read_index, scrub, write_index
from .plan import NotebookResult, ReportRun, absolute_paths, notebook_params, parse_assignments, plan_runs, slugify

__all__ = ["ReportRun", "NotebookResult", "ReportResults", "plan_runs", "run_report", "parse_assignments", "slugify",
           "default_jobs", "MAX_DEFAULT_JOBS", "MARKER", "NOT_WRITTEN", "OUTPUTS", "EXTRA_OUTPUTS"]

#: what a report run may write: the pages (always), the deck, the analysis workbook
OUTPUTS = ("pages", "deck", "workbook")
#: the outputs beside the pages, all written by default
EXTRA_OUTPUTS = ("deck", "workbook")

#: each kernel holds about 250 MB: the default number of parallel kernels stays at or below this
MAX_DEFAULT_JOBS = 4


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
    #: the document and the headline findings the executed notebook showed (present.findings.collect)
    findings: tuple[dict | None, list[dict]] | None = None


def _previous_times(out_dir: Path) -> tuple[dict[tuple[str, str], float], dict[str, float]]:
    """Run times of the previous run into ``out_dir`` (its ``index.json``): by (document slug, notebook),
    and the median by notebook; empty when there is none or it cannot be read."""
    try:
        reports = read_index(out_dir)
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
                 quiet: bool, lang: str = DEFAULT_LANG, outputs: tuple[str, ...] = EXTRA_OUTPUTS):
        self.runs, self.out_dir, self.jobs = runs, out_dir, max(1, jobs)
        #: the outputs beside the pages (EXTRA_OUTPUTS) this run writes
        self.outputs = frozenset(outputs)
        #: the workbooks being written while the notebooks run: slug -> its future
        self.workbooks: dict[str, Any] = {}
        self.with_code, self.timeout, self.quiet = with_code, timeout, quiet
        #: the language of the index, of the warnings and of the progress bar
        self.lang = check_lang(lang)
        self.cancel = threading.Event()
        self.lock = threading.Lock()
        self.kernels: list[Kernel] = []
        self.running = 0
        self.failed = 0
        self.done = 0
        #: why a worker stopped early (its kernel could not start or restart)
        self.worker_errors: list[Message] = []
        #: runs whose folder was not replaced although their notebooks ran: slug -> the error
        self.faults: dict[str, RenjaError] = {}
        #: the papermill engine that runs a notebook in a worker's kernel (set once papermill is imported)
        self.engine: str | None = None

    # one worker thread: one kernel, many notebooks
    def worker(self, tasks: _TaskPool, socket_root: Path, bar, tooling: threading.Event) -> None:
        """Run notebooks from ``tasks`` in one kernel until none is left.

        Nothing escapes this thread: a kernel that cannot start or dies between
        notebooks ends this worker with its reason in :attr:`worker_errors` (the other
        workers go on; notebooks nobody ran are reported as not run), and a page that
        cannot be written fails its notebook.
        """
        from concurrent.futures import ThreadPoolExecutor

        kernel: Kernel | None = None
        exports = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renja-export")
        pending: list[tuple[_Task, Any]] = []
        try:
            # the kernel starts (and imports pandas, matplotlib, renja_lib) while the main thread
            # imports papermill and nbconvert
            try:
                kernel = Kernel(Path(tempfile.mkdtemp(prefix="k", dir=socket_root)))
            except Exception as exc:
                self._worker_failed(Message("errors_run.runner.kernel_start", error=_exception(exc)))
                return
            with self.lock:
                self.kernels.append(kernel)
            tooling.wait()
            # nbconvert is imported by the export thread, after the first notebook started
            html_writer = functools.lru_cache(maxsize=1)(lambda: HtmlWriter(self.with_code))
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
                    task.result.error = Message("errors_run.runner.kernel_failed", error=_exception(exc))
                    if is_write_fault(exc, task.stage_dir.parent):
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
                        self._worker_failed(Message("errors_run.runner.kernel_restart", error=_exception(exc)))
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

    def _worker_failed(self, reason: Message) -> None:
        with self.lock:
            self.worker_errors.append(reason)

    def _page_failed(self, task: _Task, exc: Exception) -> None:
        if isinstance(exc, OSError):  # the notebook or its page could not be written: the run is not swapped in
            task.write_error = task.write_error or exc
        with self.lock:
            if task.result.status == "ok":
                self.failed += 1
            task.result.status = "failed"
            task.result.error = Message("errors_run.runner.page_failed", error=_exception(exc))

    def _update(self, bar, advance: int = 0) -> None:
        if bar is None:
            return
        with self.lock:
            bar.set_postfix_str(tr("pages.progress", self.lang, running=self.running, failed=self.failed),
                                refresh=False)
            bar.update(advance)

    def run_one(self, kernel: Kernel, task: _Task) -> bool:
        """Run one notebook; returns True when the kernel must be restarted."""
        import papermill
        from papermill.exceptions import PapermillExecutionError

        res, run = task.result, task.run
        stage = task.stage_dir
        (stage / "figures").mkdir(parents=True, exist_ok=True)
        spec = notebook_params(task.notebook)
        params = {k: v for k, v in run.params.items() if k in spec}  # typed and checked by plan_runs
        injected = {"source": str(run.source), "lang": run.params.get("lang", DEFAULT_LANG), "figures_dir": "figures"}
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
                read_in_language(task.notebook, injected["lang"]), str(out_nb), parameters=params,
                engine_name=self.engine,
                km=kernel.km, record_timing=False, kernel_name="python3", progress_bar=False, log_output=False,
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
            if is_write_fault(exc, stage.parent):  # papermill could not write the notebook
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
                fault = write_fault_in_text(error)
                if fault is not None:  # a chart file hit a full disk: the run is not swapped in
                    task.write_error = task.write_error or fault
            res.seconds = time.perf_counter() - t0
        if self.cancel.is_set():
            res.status = "interrupted"
            return False
        if res.status == "timeout":
            res.error = (Message("errors_run.runner.timeout_error", seconds=self.timeout, error=res.error) if res.error
                         else Message("errors_run.runner.timeout", seconds=self.timeout))
        return restart

    def finish(self, task: _Task, html_writer: Callable[[], HtmlWriter]) -> None:
        """Tidy the executed notebook (reproducible) and write its HTML page."""
        import nbformat

        res, run, stage = task.result, task.run, task.stage_dir
        out_nb = stage / task.notebook.name
        if task.executed is not None:
            nb, task.executed = task.executed, None
        elif out_nb.exists():
            nb = nbformat.read(out_nb, as_version=4)
        else:
            nb = read_in_language(task.notebook, run.params.get("lang", DEFAULT_LANG))
        if res.status != "ok":
            cell, err = error_of(nb)
            res.failing_cell = cell
            if err and res.status == "failed":
                res.error = err
        scrub(nb)
        task.findings = collect(nb)
        try:
            with atomic_write(out_nb, "w", encoding="utf-8") as fh:
                nbformat.write(nb, fh)
        except OSError as exc:
            task.write_error = task.write_error or exc
            raise
        title = f"{task.notebook.stem} · {run.source.name}"
        page = html_writer().page(nb, title, run.params.get("lang", DEFAULT_LANG), None if res.status == "ok" else res)
        try:
            with atomic_write(stage / f"{task.notebook.stem}.html", "w", encoding="utf-8") as fh:
                fh.write(page)
        except OSError as exc:
            task.write_error = task.write_error or exc
            raise

    def check(self) -> None:
        """Before anything runs: the output folder, the folder names, leftovers of dead runs, and that no
        folder a report would replace is one this tool cannot prove it wrote."""
        prepare_out(self.out_dir)
        seen: set[str] = set()
        for run in self.runs:
            check_slug(run.slug)
            if run.slug in seen:
                raise RenjaError(Message("errors_run.runner.same_slug", slug=run.slug))
            seen.add(run.slug)
        clean_stale(Path(tempfile.gettempdir()), "renja-kernels-")
        with out_lock(self.out_dir):
            clean_stale(self.out_dir, ".staging-", self.out_dir)
            index = read_index(self.out_dir, warn=True, lang=self.lang)
            refuse_foreign(self.out_dir, [run.slug for run in self.runs], index,
                           Message("errors_run.runner.when.check"))

    def _not_written(self, run: ReportRun, tasks: list[_Task], error: RenjaError) -> None:
        self.faults[run.slug] = error
        for t in tasks:
            t.result.status, t.result.error = NOT_WRITTEN, _placed(error)

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
            fault, doing = (failed.write_error, Message("errors_run.runner.doing.notebook_files",
                                                        notebook=failed.notebook.stem)) if failed else (None, None)
            if fault is None:
                try:
                    _write_findings(mine, src)
                    _write_outputs(run, src, self.outputs, self.workbooks.get(run.slug))
                    seal(src)
                except OSError as exc:
                    fault, doing = exc, Message("errors_run.runner.doing.report_files")
                except RenjaError as exc:
                    self._not_written(run, mine, RenjaError(Message("errors_run.runner.kept", detail=exc.detail),
                                                            path=target))
                    continue
            if fault is not None:
                self._not_written(run, mine, from_os_error(fault, path=target, doing=doing))
                continue
            with out_lock(self.out_dir):
                try:
                    refuse_foreign(self.out_dir, [run.slug], read_index(self.out_dir),
                                   Message("errors_run.runner.when.swap"))
                    replace_dir(src, target, staging / f".old-{run.slug}")
                except RenjaError as exc:
                    self._not_written(run, mine, exc)
                except OSError as exc:
                    self._not_written(run, mine, from_os_error(
                        exc, path=target, doing=Message("errors_run.runner.doing.swap")))

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
        books = None
        if "workbook" in self.outputs:  # needs nothing the notebooks make: written meanwhile, on a thread
            from concurrent.futures import ThreadPoolExecutor

            from ..write.analysis_workbook import write_report_workbook

            books = ThreadPoolExecutor(max_workers=1, thread_name_prefix="renja-workbook")
            for run in self.runs:
                folder = staging / run.slug
                folder.mkdir(parents=True, exist_ok=True)
                self.workbooks[run.slug] = books.submit(write_report_workbook, folder, run.slug, run.source,
                                                        run.params)
        bar = None
        if not self.quiet and sys.stderr.isatty():
            from tqdm import tqdm

            # a terminal that reports no width (some CI consoles) still gets a readable bar
            size = shutil.get_terminal_size((100, 24))
            bar = tqdm(total=len(all_tasks), unit=tr("pages.progress.unit", self.lang), desc="renja report",
                       file=sys.stderr, ncols=size.columns or 100, nrows=size.lines or 24)
        tooling = threading.Event()
        threads = [threading.Thread(target=self.worker, args=(tasks, socket_root, bar, tooling), daemon=True)
                   for _ in range(workers)]
        previous = {}
        try:
            previous = _install_signal_handlers()
            for th in threads:
                th.start()
            wait_for_kernel_libs(60)  # the kernels start first: they are the longer wait
            self.engine = import_tooling()
            tooling.set()
            for th in threads:
                while th.is_alive():
                    th.join(timeout=0.2)
            reason = joined(list(dict.fromkeys(self.worker_errors))) or Message("errors_run.runner.no_worker")
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
            if books is not None:
                for future in self.workbooks.values():
                    future.cancel()
                books.shutdown(wait=True)
            staging_dir.remove()
            sockets.remove()
        return [t.result for t in all_tasks]


def _write_findings(tasks: list[_Task], folder: Path) -> None:
    """The report's ``findings.json``: the headline findings its pages showed, in the pages' order (none shown:
    no file). A chart is named only when the folder holds its file."""
    content = findings_file([(t.notebook.stem, *t.findings) for t in tasks if t.findings is not None],
                            chart_exists=lambda rel: (folder / rel).is_file())
    if content is not None:
        with atomic_write(folder / FINDINGS_FILE, "w", encoding="utf-8", make_folder=False) as fh:
            fh.write(findings_json(content))


def _write_outputs(run: ReportRun, folder: Path, outputs: frozenset[str], workbook=None) -> None:
    """The deck and the analysis workbook of a report folder whose notebooks ran, as ``outputs`` asks, in the
    run's language. The deck needs ``findings.json`` (no finding shown: no deck); the workbook was started
    while the notebooks ran (``workbook``, its future: waited for here, its error raised here)."""
    lang = run.params.get("lang", DEFAULT_LANG)
    if "deck" in outputs:
        from ..write.deck import write_deck

        write_deck(folder, folder / deck_file(run.slug), lang)
    if "workbook" in outputs:
        if workbook is None:
            from ..write.analysis_workbook import write_report_workbook

            write_report_workbook(folder, run.slug, run.source, run.params)
        else:
            workbook.result()


def _exception(exc: BaseException) -> Message | str:
    """An exception as the reason of a failure: ``Type: text``, its text from the catalogue when it carries a
    message (a RenjaError, with its place), else as the exception says it (another library's words)."""
    if isinstance(exc, RenjaError):
        detail = _placed(exc)
    elif exc.args and isinstance(exc.args[0], Message):
        detail = exc.args[0]
    else:
        return f"{type(exc).__name__}: {exc}"
    return Message("errors_run.runner.exception", type=type(exc).__name__, detail=detail)


def _placed(error: RenjaError) -> Message:
    """A RenjaError as one message: its place (``FILE: ``) and its text, written in any language."""
    return Message("errors_run.runner.where", where=error.where, detail=error.detail)


def joined(messages: list) -> Message | str | None:
    """Several messages as one, ``"; "`` between them (None for none).

    >>> joined([Message("errors_run.runner.no_worker"), "x"]).render("en")
    'no worker was left to run it; x'
    """
    if not messages:
        return None
    if len(messages) == 1:
        return messages[0]
    return Message("errors_run.runner.joined", first=messages[0], rest=joined(messages[1:]))


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
               timeout: float | None = None, quiet: bool = False, lang: str = "id",
               outputs: tuple[str, ...] = EXTRA_OUTPUTS) -> ReportResults:
    """Run every notebook of every run; write the report folders and the index. Returns the results.

    ``jobs`` kernels run notebooks in parallel (default: :func:`default_jobs`).
    Before anything runs, the output folder is checked and a folder this tool did
    not write that a report would replace is refused (:class:`RenjaError`). A run
    whose files could not be written keeps its previous folder; its notebooks have
    the status ``"not written"`` and the error is in the result's ``faults``. ``outputs``: which of
    :data:`EXTRA_OUTPUTS` (the deck, the workbook) each report folder gets besides its pages.
    """
    if isinstance(out_dir, str) and not out_dir.strip():
        raise RenjaError(Message("errors_run.runner.out_empty"))
    lang = check_lang(lang)
    out = Path(out_dir)
    # a notebook runs in its staging folder: a relative path would be read from there, so none is left relative
    runs = [absolute_paths(run) for run in runs]
    runner = _Runner(runs, out, default_jobs() if jobs is None else jobs, with_code, _check_timeout(timeout), quiet,
                     lang, tuple(o for o in outputs if o in EXTRA_OUTPUTS))
    results = runner.execute()
    write_index(out, runs, results, lang)
    return ReportResults(results, runner.faults)
