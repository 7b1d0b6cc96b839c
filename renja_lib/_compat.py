"""Other libraries' private internals, fenced: every use of one lives here, and falls back to public API.

Each function below checks that the private name it leans on is there (and has the
shape it expects); when it is not, it takes a public path that gives the same result,
only slower or less tidy. tests/test_compat.py simulates each missing name.
pyproject.toml bounds these libraries below their next major version.

Tested with (see :data:`TESTED_WITH`): papermill 2.7.0 with nbclient 0.11.0, IPython
9.18.1, matplotlib 3.11.2, jsonschema 4.26.0. nbconvert (7.17.2) is used through its
public ``HTMLExporter`` only: the page exporter that skipped its closing BeautifulSoup
pass (about 0,05 s a page, in a thread that runs while the next notebook does) was
dropped.

- :func:`reused_kernel_engine`: a papermill engine that runs a notebook in a kernel the
  runner already started (papermill's ``clientwrap.PapermillNotebookClient`` and
  ``papermill_engines.register``); without them, papermill's own ``nbclient`` engine.
- :func:`hide_slow_optional_import`: keeps ``rfc3987_syntax`` out of the runner's
  process (jsonschema imports it when installed: about 1,5 s).
- :func:`forget_outputs`, :func:`clear_input_history`: empty IPython's output cache and
  input history in place (the display hook's ``_``, ``__``, ``___``; the history
  manager's lists); without them, ``DisplayHook.flush()`` and ``HistoryManager.reset()``.
- :func:`capture_rgba`: the pixels matplotlib's Agg canvas hands ``savefig(format="rgba")``
  in one ``write()`` call, kept with their shape; without that, None (the caller then
  writes the PNG with ``savefig``).

This module imports none of those libraries at import time: it is imported in report
kernels and in the runner's process alike.
"""
from __future__ import annotations

import sys
from typing import Any

__all__ = ["TESTED_WITH", "ENGINE_NAME", "FALLBACK_ENGINE_NAME", "reused_kernel_engine", "hide_slow_optional_import",
           "forget_outputs", "clear_input_history", "capture_rgba", "RgbaCapture"]

#: the versions the private names below were tested with
TESTED_WITH = {"papermill": "2.7.0", "nbclient": "0.11.0", "ipython": "9.18.1", "matplotlib": "3.11.2",
               "jsonschema": "4.26.0", "nbconvert": "7.17.2"}

# ---------------------------------------------------------------- papermill

#: the engine registered by :func:`reused_kernel_engine`
ENGINE_NAME = "renja-reused-kernel"
#: papermill's own engine: given ``km`` (the running kernel's manager), it runs the notebook in that kernel too,
#: but leaves its kernel client's channels open until the client is garbage collected
FALLBACK_ENGINE_NAME = "nbclient"
_ENGINE_REGISTERED = False


def _papermill_internals() -> tuple[Any, Any, Any] | None:
    """papermill's notebook client, its nbclient engine and its engine registry; None when one is missing."""
    try:
        from papermill import clientwrap, engines
    except ImportError:
        return None
    client = getattr(clientwrap, "PapermillNotebookClient", None)
    base = getattr(engines, "NBClientEngine", None)
    registry = getattr(engines, "papermill_engines", None)
    if client is None or base is None or not callable(getattr(registry, "register", None)):
        return None
    return client, base, registry


def reused_kernel_engine() -> str:
    """The name of the papermill engine to run a notebook in a kernel already started (pass its ``km``).

    Registers, once, an engine that runs the notebook in that kernel with no cell
    timing and stops its own kernel client's channels afterwards (the kernel lives
    on for the next notebook). Without the papermill internals it needs, papermill's
    own ``nbclient`` engine, which takes ``km`` and ``record_timing`` as engine keywords.
    """
    internals = _papermill_internals()
    if internals is None:
        return FALLBACK_ENGINE_NAME
    client_cls, base, registry = internals
    global _ENGINE_REGISTERED
    if _ENGINE_REGISTERED:
        return ENGINE_NAME

    class ReusedKernelEngine(base):
        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None, km=None, **kwargs):
            client = client_cls(nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                                kernel_name=kernel_name, record_timing=False, log_output=False)
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    registry.register(ENGINE_NAME, ReusedKernelEngine)
    _ENGINE_REGISTERED = True
    return ENGINE_NAME


# ---------------------------------------------------------------- jsonschema (through nbformat)

#: optional packages that an import in the runner's process pulls in and that it does not need
SLOW_OPTIONAL_IMPORTS = ("rfc3987_syntax",)


def hide_slow_optional_import() -> None:
    """Keep ``rfc3987_syntax`` out of this process (call before papermill or nbformat are imported).

    jsonschema (through nbformat) imports it when it is installed, to check IRI
    formats; it builds a grammar at import (about 1,5 s here). Notebooks are
    validated without those formats. A ``None`` entry in ``sys.modules`` makes
    the import fail with ImportError, which jsonschema takes as "not installed";
    if jsonschema stops importing it, the entry does nothing. A module already
    imported is left alone.
    """
    for name in SLOW_OPTIONAL_IMPORTS:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]


# ---------------------------------------------------------------- IPython (inside a report kernel)

def forget_outputs(ip: Any) -> None:
    """Empty ``Out`` and ``_``, ``__``, ``___`` of the shell ``ip``, as a fresh kernel has them.

    The display hook keeps the last three results in its attributes ``_``, ``__``,
    ``___``; they are emptied here directly. Without them, the public
    ``DisplayHook.flush()``, which does the same and also collects garbage.
    """
    hook, ns = ip.displayhook, ip.user_ns
    if not all(hasattr(hook, name) for name in ("_", "__", "___")) or not isinstance(ns.get("Out"), dict):
        hook.flush()
        return
    hook.___ = hook.__ = hook._ = ""
    for name in ("_", "__", "___"):
        ns[name] = ""
    ns["Out"].clear()


def clear_input_history(ip: Any) -> None:
    """Forget the cells run so far (``In`` and the history manager's lists), as a fresh kernel has them."""
    inputs = ip.user_ns.get("In")
    if isinstance(inputs, list):
        del inputs[1:]
    history = ip.history_manager
    if history is None:
        return
    parsed, raw = getattr(history, "input_hist_parsed", None), getattr(history, "input_hist_raw", None)
    if isinstance(parsed, list) and isinstance(raw, list) and isinstance(getattr(history, "output_hist", None), dict):
        parsed[:] = parsed[:1]
        raw[:] = raw[:1]
        history.output_hist.clear()
    else:  # public: clears the output history; the input history then starts again with the next session
        history.reset(new_session=False)


# ---------------------------------------------------------------- matplotlib

class RgbaCapture:
    """A file object for ``savefig(format="rgba")`` that keeps the image with its shape.

    matplotlib's Agg canvas (``print_raw``) hands over its buffer as one (height,
    width, 4) memoryview; anything else (another matplotlib) leaves ``image`` as None.
    """

    def __init__(self) -> None:
        self.image = None
        self._calls = 0

    def seek(self, offset: int, whence: int = 0) -> int:  # matplotlib asks for a file handle with seek
        return 0

    def tell(self) -> int:
        return 0

    def write(self, data) -> int:
        import numpy as np

        self._calls += 1
        view = memoryview(data)
        if self._calls == 1 and view.ndim == 3 and view.shape[2] == 4 and view.format == "B":
            self.image = np.array(view, dtype=np.uint8, copy=True)
        else:
            self.image = None
        return view.nbytes


def capture_rgba(fig: Any, dpi: int):
    """The figure drawn at ``dpi`` as a (height, width, 4) uint8 array; None when matplotlib hands the pixels
    over in another way (then write the file with the public ``savefig``)."""
    capture = RgbaCapture()
    fig.savefig(capture, format="rgba", dpi=dpi)
    return capture.image
