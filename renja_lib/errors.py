"""The one exception type users catch, and the record of a problem found while reading."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = ["RenjaError", "Problem"]


class RenjaError(Exception):
    """Bad input or a broken contract, with a message an analyst can act on.

    The message names the file (and line, when there is one), what was expected
    and what was found. The command-line interface prints it and exits non-zero;
    it never shows a Python traceback for bad input.
    """

    def __init__(self, message: str, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        self.detail = message
        where = ""
        if self.path is not None:
            where = self.path + (f":{line}" if line is not None else "") + ": "
        super().__init__(where + message)


@dataclass(frozen=True)
class Problem:
    """Something in the document that could not be read; its value stays missing."""

    file: str
    line: int | None
    table: str
    column: str
    raw: str
    message: str
