"""The ``renja`` command: ``extract``, ``audit`` and ``report``, behind one error boundary (:func:`main`)."""
from .commands import main

__all__ = ["main"]
