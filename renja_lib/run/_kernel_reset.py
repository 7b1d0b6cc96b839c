"""Runs inside a report kernel: gives each notebook the state a fresh kernel would give it.

Imported once when the kernel starts (``snapshot()``), then ``reset(cwd)`` before every
notebook: the user's names are removed (modules stay cached in ``sys.modules``, so
imports are fast, but a notebook that forgets ``import x`` still fails), output
history is cleared, matplotlib's settings and figures, ``sys.path`` and the working
folder are restored, and the execution counter starts again at 1. It binds no name
in the user's namespace.
"""
from __future__ import annotations

import os
import sys

_state: dict = {}


def snapshot() -> None:
    """Remember the fresh kernel's state (call once, right after start)."""
    import matplotlib
    import matplotlib.pyplot  # noqa: F401  (activates the inline backend, as a notebook would)

    _state["cwd"] = os.getcwd()
    _state["path"] = list(sys.path)
    _state["rc"] = dict(matplotlib.rcParams)
    _state["modules"] = set(sys.modules)


def reset(cwd: str) -> None:
    from IPython import get_ipython

    ip = get_ipython()
    ns, hidden = ip.user_ns, ip.user_ns_hidden
    for name in [k for k in ns if k not in hidden and not k.startswith("__")]:
        del ns[name]
    for name in ("_", "__", "___"):
        ns[name] = ""
    ip.displayhook.___ = ip.displayhook.__ = ip.displayhook._ = ""
    ns["Out"].clear()
    del ns["In"][1:]
    history = ip.history_manager
    if history is not None:
        history.input_hist_parsed[:] = history.input_hist_parsed[:1]
        history.input_hist_raw[:] = history.input_hist_raw[:1]
        history.output_hist.clear()
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib
        import matplotlib.pyplot as plt

        plt.close("all")
        matplotlib.rcParams.update(_state.get("rc", {}))
    sys.path[:] = _state.get("path", sys.path)
    os.chdir(cwd)
    ip.execution_count = 1
