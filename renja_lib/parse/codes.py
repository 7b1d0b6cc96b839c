"""Programme codes: ``2 07 01 2. 01 01`` -> ``2.07.01.2.01.01``.

The parts are urusan, bidang, programme, activity (written ``2.01``: two parts)
and sub-activity. Later nomenclature pads sub-activities to four digits
(``2.07.03.2.01.0001``); both forms are accepted and kept as written.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Code", "parse_code", "looks_like_code", "LEVELS"]

#: level name by number of parts in the canonical form
LEVELS = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}

_CODE = re.compile(
    r"""^\s*
    (?P<urusan>\d)                                  # 2
    (?:[\s.]+(?P<bidang>\d{2})                       # 07
      (?:[\s.]+(?P<program>\d{2})                    # 01
        (?:[\s.]+(?P<kind>\d)\s*\.\s*(?P<activity>\d{2})   # 2. 01 / 2.01
          (?:[\s.]+(?P<sub>\d{2}|\d{4}))?            # 01 / 0001
        )?
      )?
    )?\s*$""",
    re.X,
)
# \s above must not match a control character or line separator that Python's re counts
# as white space (\v, \f, \x1c-\x1f, \x85, U+2028, U+2029): such a code is not read
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@dataclass(frozen=True)
class Code:
    """A parsed code: canonical form, level and parent."""

    canonical: str
    level: str
    parent: str | None


def looks_like_code(text: str | None) -> bool:
    """True when ``text`` is a programme code in any of the accepted spellings."""
    return parse_code(text or "") is not None


def parse_code(text: str) -> Code | None:
    """Parse a code; None when the text is not a code.

    >>> parse_code("2 07 01 2. 01 01")
    Code(canonical='2.07.01.2.01.01', level='sub_kegiatan', parent='2.07.01.2.01')
    >>> parse_code("2 07 03").level
    'program'
    >>> parse_code("2.07.03.2.01.0001").canonical
    '2.07.03.2.01.0001'
    """
    if not text or _CONTROL.search(text):
        return None
    m = _CODE.match(text)
    if not m:
        return None
    parts = [m.group("urusan")]
    for g in ("bidang", "program"):
        if m.group(g):
            parts.append(m.group(g))
    if m.group("activity"):
        parts += [m.group("kind"), m.group("activity")]
    if m.group("sub"):
        parts.append(m.group("sub"))
    canonical = ".".join(parts)
    n = len(parts)
    level = LEVELS[n]
    parent = None
    if n > 1:
        cut = {2: 1, 3: 2, 5: 3, 6: 5}[n]
        parent = ".".join(parts[:cut])
    return Code(canonical, level, parent)
