"""The languages of everything a user reads, and the one check of a ``lang`` argument.

Indonesian (``"id"``) is the default everywhere; English (``"en"``) is on request.
Every function, command option and notebook parameter that takes a language checks
it with :func:`check_lang`, so a wrong language gets the same message everywhere.
This module imports nothing heavy: the command line checks ``--lang`` with it.

>>> LANGS
('id', 'en')
>>> check_lang("en")
'en'
>>> check_lang("fr")
Traceback (most recent call last):
...
renja_lib.errors.RenjaError: lang must be one of 'id', 'en'; got 'fr'
"""
from __future__ import annotations

from typing import Any

from ..errors import RenjaError

__all__ = ["DEFAULT_LANG", "LANGS", "check_lang", "message_language", "use_language"]

#: Supported output languages: Indonesian (the default everywhere) and English.
LANGS: tuple[str, ...] = ("id", "en")

#: The language of every output unless ``lang`` says otherwise.
DEFAULT_LANG = "id"


#: The language errors and reading problems are written in when nothing asks for another (see use_language).
_message_lang = DEFAULT_LANG


def use_language(lang: Any) -> str:
    """Write this process's error messages and reading problems in ``lang`` from now on; returns the language before.

    Outputs take their language from their own ``lang`` argument. The texts that reach
    a user by another road (the message of an exception, shown by a notebook's
    traceback or by ``renja``'s error line; a problem found while reading a document)
    are written in this language: the command line sets it from ``--lang`` and each
    notebook from its ``lang`` parameter. It starts as :data:`DEFAULT_LANG`.

    >>> before = use_language("en")
    >>> message_language()
    'en'
    >>> use_language(before)
    'en'
    """
    global _message_lang
    before, _message_lang = _message_lang, check_lang(lang)
    return before


def message_language() -> str:
    """The language of error messages and reading problems in this process (see :func:`use_language`)."""
    return _message_lang


def check_lang(lang: Any, arg: str = "lang") -> str:
    """``lang`` if it is one of :data:`LANGS`, else a :class:`~renja_lib.errors.RenjaError`.

    The error names the argument (``arg``: ``"lang"``, or ``"--lang"`` for the command
    line), what is allowed and what was given.

    >>> check_lang("id")
    'id'
    >>> check_lang("EN", arg="--lang")
    Traceback (most recent call last):
    ...
    renja_lib.errors.RenjaError: --lang must be one of 'id', 'en'; got 'EN'
    """
    if not isinstance(lang, str) or lang not in LANGS:
        from .catalogue import Message  # here: the catalogue imports this module

        allowed = ", ".join(repr(code) for code in LANGS)
        raise RenjaError(Message("errors.lang", arg=arg, allowed=allowed, got=repr(lang)))
    return lang
