"""Runs inside a report kernel: gives each notebook the state a fresh kernel would give it.

Imported once when the kernel starts (``snapshot()``, then ``preload(names)``), then ``reset(cwd)`` before every
notebook: the user's names are removed (modules stay cached in ``sys.modules``, so
imports are fast, but a notebook that forgets ``import x`` still fails), output
history is cleared, matplotlib's settings and figures, ``sys.path`` and the working
folder are restored, and the execution counter starts again at 1. It binds no name
in the user's namespace. The IPython internals it needs are in :mod:`renja_lib._compat`.
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


def preload(names: tuple[str, ...]) -> None:
    """Import each of ``names`` that is a module; ``package.*`` imports every module of the package.

    A name that is not (or no longer) a module is skipped: the list never stops a kernel from starting.
    """
    import importlib
    import importlib.util
    import pkgutil

    for name in names:
        package = name[:-2] if name.endswith(".*") else None
        try:
            if importlib.util.find_spec(package or name) is None:
                continue
        except (ImportError, ValueError):  # a parent that is not a package, or is missing
            continue
        module = importlib.import_module(package or name)
        if package is not None:
            for info in pkgutil.iter_modules(getattr(module, "__path__", []), prefix=package + "."):
                if not info.name.rsplit(".", 1)[1].startswith("_"):
                    importlib.import_module(info.name)
    catalogue = sys.modules.get("renja_lib.text.catalogue")
    if catalogue is not None:  # read the words once here, not in the first notebook (the catalogue is cached)
        catalogue.catalogue()


def reset(cwd: str) -> None:
    """Give the kernel the state :func:`snapshot` saw, with ``cwd`` as working folder."""
    from IPython import get_ipython

    from .._compat import clear_input_history, forget_outputs

    ip = get_ipython()
    ns, hidden = ip.user_ns, ip.user_ns_hidden
    for name in [k for k in ns if k not in hidden and not k.startswith("__")]:
        del ns[name]
    forget_outputs(ip)
    clear_input_history(ip)
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib
        import matplotlib.pyplot as plt

        plt.close("all")
        matplotlib.rcParams.update(_state.get("rc", {}))
    sys.path[:] = _state.get("path", sys.path)
    os.chdir(cwd)
    ip.execution_count = 1
