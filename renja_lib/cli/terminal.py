"""What the command line prints: text from documents and user files shown, never acting on the terminal."""
from __future__ import annotations

import re
import sys

__all__ = ["printable", "say"]

#: characters that would act on a terminal instead of showing (escape sequences, carriage return, bell,
#: backspace, C1 controls) or reorder what is shown (bidirectional overrides), and invisible ones
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def printable(text: object) -> str:
    r"""``text`` safe to print on a terminal: every control or invisible character written as ``\xNN``/``\uNNNN``.

    Text from a document or a user file reaches the terminal in messages and
    listings; an escape sequence in a programme name must show, not act.
    Line feeds and tabs stay.

    >>> printable("Program \x1b[31mMERAH\x1b[0m\r")
    'Program \\x1b[31mMERAH\\x1b[0m\\x0d'
    """
    def shown(m: re.Match) -> str:
        code = ord(m.group(0))
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"

    return _UNPRINTABLE.sub(shown, str(text))


def say(*parts: object, file=None, sep: str = " ", end: str = "\n") -> None:
    """``print`` for the command line: every part passed through :func:`printable`."""
    print(*(printable(p) for p in parts), file=sys.stdout if file is None else file, sep=sep, end=end)
