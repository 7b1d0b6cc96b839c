"""The report kernels: one IPython kernel per worker, over IPC, reused for many notebooks.

A :class:`Kernel` starts once over IPC transport (Unix sockets in a private folder:
no TCP ports, so no port races between parallel kernels), imports the libraries and
the renja_lib modules the notebooks use (:data:`PRELOAD`), and is reset before
every notebook (:mod:`renja_lib.run._kernel_reset`: user names, output history,
matplotlib's settings and figures, working folder, execution counter), so that a
notebook that forgets an import fails as it would alone. :func:`import_tooling`
imports papermill in the runner's process once per run and gives the name of the
papermill engine that runs a notebook in such a kernel (:mod:`renja_lib._compat`).
"""
from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

from .._compat import hide_slow_optional_import, reused_kernel_engine
from ..text import Message

__all__ = ["Kernel", "PRELOAD", "import_tooling", "wait_for_kernel_libs"]

#: modules a report kernel imports once at start, so that no notebook pays for them: the libraries, then
#: every module of the renja_lib layers the notebooks use (``package.*``; a name that is not a module is
#: skipped, see ``_kernel_reset.preload``). The one list to keep in step with what the notebooks import.
PRELOAD = ("pandas", "matplotlib.pyplot", "PIL.Image", "IPython.display", "renja_lib",
           "renja_lib.parse.*", "renja_lib.read.*", "renja_lib.analyse.*", "renja_lib.check.*",
           "renja_lib.present.*", "renja_lib.text.*")
_WARM = ("__import__('renja_lib.run._kernel_reset', fromlist=['snapshot']).snapshot(); "
         "__import__('renja_lib.run._kernel_reset', fromlist=['preload']).preload(%r)" % (PRELOAD,))


#: held while jupyter_client is imported: two threads importing it at once can see it half-initialised
_KERNEL_IMPORTS = threading.Lock()
#: set once a worker imported jupyter_client (or failed to), so that the main thread imports papermill after it
_KERNEL_LIBS_READY = threading.Event()


def wait_for_kernel_libs(timeout: float) -> bool:
    """Wait until a worker imported jupyter_client (or failed to); False after ``timeout`` seconds."""
    return _KERNEL_LIBS_READY.wait(timeout=timeout)


class Kernel:
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
            # shown in the index page as why the notebook failed, in the run's language
            raise RuntimeError(Message("errors_run.kernels.reset_failed", error=reply["content"].get("evalue")))

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


def import_tooling() -> str:
    """Import papermill once per run (nbconvert follows in the export thread, once per run too); returns the
    name of the papermill engine that runs a notebook in a :class:`Kernel`.

    jsonschema (through nbformat) would import the optional ``rfc3987_syntax``
    package, which costs about 1,5 s: it is kept out of this process
    (:func:`renja_lib._compat.hide_slow_optional_import`).
    """
    hide_slow_optional_import()
    with _KERNEL_IMPORTS:  # papermill imports jupyter_client too: not while a worker does
        import papermill  # noqa: F401
    return reused_kernel_engine()
