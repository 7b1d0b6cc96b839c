"""The exception types users catch, the exit codes they map to, and the record of a problem found while reading.

Every failure reaches the user as one line (``renja: error: FILE:LINE: what was
expected, what was found``) and an exit status that tells its kind apart:

====  =========================================================================
code  meaning
====  =========================================================================
0     done
1     done, but problems were found under ``--strict``, or notebooks failed
2     bad input or usage (:class:`RenjaError`)
3     the environment: disk full, permission denied, a lock held
      (:class:`EnvironmentFault`)
70    an internal error, a bug (:class:`InternalError`): one line saying so and
      how to see the traceback (``--debug`` or ``RENJA_DEBUG=1``)
====  =========================================================================
"""
from __future__ import annotations

import errno
from dataclasses import dataclass
from pathlib import Path

__all__ = ["RenjaError", "EnvironmentFault", "InternalError", "Problem", "from_os_error",
           "EXIT_OK", "EXIT_PROBLEMS", "EXIT_BAD_INPUT", "EXIT_ENVIRONMENT", "EXIT_INTERNAL"]

EXIT_OK, EXIT_PROBLEMS, EXIT_BAD_INPUT, EXIT_ENVIRONMENT, EXIT_INTERNAL = 0, 1, 2, 3, 70


class RenjaError(Exception):
    """Bad input or a broken contract, with a message an analyst can act on.

    The message names the file (and line, when there is one), what was expected
    and what was found. It is a :class:`~renja_lib.text.Message` of the text
    catalogue, written in the language of :func:`~renja_lib.text.use_language`
    (``str(err)``) or in any language (:meth:`render`); a plain string is kept as it
    is (the text of another library's error, the catalogue's own errors). The
    command-line interface prints it and exits with :data:`exit_code`; it never
    shows a Python traceback for bad input.
    """

    #: the command's exit status when this error ends it
    exit_code = EXIT_BAD_INPUT

    def __init__(self, message, *, path: str | Path | None = None, line: int | None = None):
        self.path = str(path) if path is not None else None
        self.line = line
        #: what went wrong, without the place: a Message (or a plain string), to nest in another message
        self.detail = message
        super().__init__(message)

    @property
    def where(self) -> str:
        """``FILE:LINE: `` (or ``FILE: ``, or nothing): the place, the same in every language."""
        if self.path is None:
            return ""
        return self.path + (f":{self.line}" if self.line is not None else "") + ": "

    def render(self, lang: str | None = None) -> str:
        """The whole message (place and detail) in ``lang``; by default the language of error messages."""
        if lang is None:
            from .text.langs import message_language  # here: renja_lib.text imports this module

            lang = message_language()
        detail = self.detail.render(lang) if hasattr(self.detail, "render") else str(self.detail)
        return self.where + detail

    def __str__(self) -> str:
        return self.render()


class EnvironmentFault(RenjaError):
    """The machine, not the input: disk full, permission denied, a lock held by another run."""

    exit_code = EXIT_ENVIRONMENT


class InternalError(RenjaError):
    """A bug in this tool (an exception nobody expected); the message says how to see the traceback."""

    exit_code = EXIT_INTERNAL


#: errno values that are the machine's state rather than the user's input (their catalogue keys)
_ENVIRONMENT_ERRNOS = {
    errno.ENOSPC: "errors.os.enospc",
    errno.EDQUOT: "errors.os.edquot",
    errno.EACCES: "errors.os.eacces",
    errno.EPERM: "errors.os.eperm",
    errno.EROFS: "errors.os.erofs",
    errno.EIO: "errors.os.eio",
    errno.EMFILE: "errors.os.emfile",
    errno.ENOMEM: "errors.os.enomem",
}

#: errno values that mean the path the user gave is wrong
_INPUT_ERRNOS = {
    errno.ENOENT: "errors.os.enoent",
    errno.ENOTDIR: "errors.os.enotdir",
    errno.EISDIR: "errors.os.eisdir",
    errno.EEXIST: "errors.os.eexist",
    errno.ENAMETOOLONG: "errors.os.enametoolong",
    errno.ELOOP: "errors.os.eloop",
    errno.EINVAL: "errors.os.einval",
}


def from_os_error(exc: OSError, *, path: str | Path | None = None, doing=None) -> RenjaError:
    """One :class:`RenjaError` (an :class:`EnvironmentFault` for disk full, permission denied ...) from an OSError.

    ``doing`` says what the tool was doing (a :class:`~renja_lib.text.Message` such as
    ``Message("errors.doing.write_report")``); the file named is ``path``, else the one the OSError names.
    """
    from .text.catalogue import Message  # here: renja_lib.text imports this module

    where = path if path is not None else (exc.filename if exc.filename is not None else None)
    code = exc.errno
    if code in _ENVIRONMENT_ERRNOS:
        reason, cls = Message(_ENVIRONMENT_ERRNOS[code]), EnvironmentFault
    elif code in _INPUT_ERRNOS:
        reason, cls = Message(_INPUT_ERRNOS[code]), RenjaError
    else:  # the system's own words: there is no catalogue entry for an errno we do not know
        reason, cls = (exc.strerror or str(exc) or type(exc).__name__), EnvironmentFault
    text = Message("errors.os.doing", doing=doing, reason=reason) if doing is not None else reason
    return cls(text, path=where)


@dataclass(frozen=True)
class Problem:
    """Something in the document that could not be read; its value stays missing.

    ``line``, ``table`` and ``column`` say where, as before; ``kind``, ``page`` and
    ``row`` complete its :class:`~renja_lib.read.locator.Locator` (:attr:`locator`),
    which :meth:`record` writes as the flat ``source_*`` columns of the problems table.
    """

    file: str
    line: int | None
    table: str
    column: str
    raw: str
    message: str
    kind: str = "text"
    page: int | None = None
    row: int | None = None

    @property
    def locator(self):
        """Where the problem is, as a :class:`~renja_lib.read.locator.Locator`."""
        from .read.locator import Locator  # here: renja_lib.read imports this module

        return Locator(self.kind, page=self.page, line=self.line, table=self.table or None, row=self.row,
                       column=self.column or None)

    def record(self) -> dict:
        """One row of the problems table: ``file, line, table, column, raw, message`` and the locator columns."""
        return {"file": self.file, "line": self.line, "table": self.table, "column": self.column, "raw": self.raw,
                "message": self.message, **self.locator.columns()}
