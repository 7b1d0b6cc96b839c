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

__all__ = ["DEFAULT_LANG", "LANGS", "check_lang"]

#: Supported output languages: Indonesian (the default everywhere) and English.
LANGS: tuple[str, ...] = ("id", "en")

#: The language of every output unless ``lang`` says otherwise.
DEFAULT_LANG = "id"


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
        allowed = ", ".join(repr(code) for code in LANGS)
        raise RenjaError(f"{arg} must be one of {allowed}; got {lang!r}")
    return lang
