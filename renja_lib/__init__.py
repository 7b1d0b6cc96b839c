"""renja_lib: read, check, chart and report on Indonesian work plans (Renja)."""
from __future__ import annotations

from .errors import Problem, RenjaError

__all__ = ["RenjaError", "Problem", "load", "Renja"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy: importing the package stays cheap for the command line.
    if name in ("load", "Renja"):
        from .read import document

        return getattr(document, name)
    raise AttributeError(name)
