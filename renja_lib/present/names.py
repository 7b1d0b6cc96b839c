"""Names of programmes and activities as a careful analyst writes them: the one name shortener.

The document writes some names in capitals (``PROGRAM PENUNJANG URUSAN ...``)
and most with a leading ``Program``. :func:`short_name` gives the name that
charts and sentences show: the leading ``Program`` dropped, a spelled-out count
in brackets dropped (``1 (satu)`` becomes ``1``), and a name in capitals put in
title case with Indonesian conjunctions and prepositions in lower case
(:data:`SMALL_WORDS`: ``dan``, ``yang``, ``di``, ``ke``, ``dari`` ...), as an
Indonesian title is written. A name the document writes in mixed case keeps
its own capitals. :func:`wrap_name` is the separate step a chart needs: the
name wrapped to a width and cut with an ellipsis past a number of lines.
"""
from __future__ import annotations

import re
import textwrap
from typing import Any

__all__ = ["SMALL_WORDS", "region_words", "title_case", "short_name", "wrap_name"]

#: Words written in lower case when a name in capitals is put in title case (never the first word).
SMALL_WORDS = frozenset({"dan", "di", "ke", "dari", "pada", "yang", "untuk", "dalam", "atau", "serta", "bagi",
                         "oleh", "dengan", "antar", "per"})


def title_case(text: str) -> str:
    """``PENUNJANG URUSAN DAERAH KABUPATEN/KOTA`` -> ``Penunjang Urusan Daerah Kabupaten/Kota``; small words lower.

    Each word (and each part of a word between slashes) starts with a capital,
    except the words of :data:`SMALL_WORDS` after the first.

    >>> title_case("PENINGKATAN KUALITAS DAN PRODUKTIVITAS TENAGA KERJA")
    'Peningkatan Kualitas dan Produktivitas Tenaga Kerja'
    >>> title_case("DAN LAIN-LAIN")
    'Dan Lain-lain'
    """
    words = text.lower().split(" ")
    return " ".join(
        word if index and word in SMALL_WORDS else "/".join(part[:1].upper() + part[1:] for part in word.split("/"))
        for index, word in enumerate(words))


def _text(value: Any) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


def short_name(name: Any, code: Any = None) -> str:
    """A programme or activity name as charts and sentences show it, on one line.

    Spaces are made single; a leading ``Program`` is dropped; ``1 (satu)``
    becomes ``1``; a name in capitals is put in title case (:func:`title_case`).
    A missing name (None, NaN, empty) gives ``code``, and no code gives ``""``.

    >>> short_name("PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA")
    'Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota'
    >>> short_name("PROGRAM PENINGKATAN KUALITAS DAN PRODUKTIVITAS TENAGA KERJA")
    'Peningkatan Kualitas dan Produktivitas Tenaga Kerja'
    >>> short_name("Program Penempatan Tenaga Kerja")
    'Penempatan Tenaga Kerja'
    >>> short_name("Penataan Persebaran Penduduk yang Berasal dari 1 (satu) Daerah Kabupaten/Kota")
    'Penataan Persebaran Penduduk yang Berasal dari 1 Daerah Kabupaten/Kota'
    >>> short_name(None, "2.07.03")
    '2.07.03'
    """
    text = _text(name) or _text(code) or ""
    text = " ".join(text.split())
    text = re.sub(r"^program\s+", "", text, flags=re.IGNORECASE)
    text = re.sub(r"\s*\((?:satu|dua|tiga|empat|lima)\)", "", text, flags=re.IGNORECASE)
    if text.isupper():
        text = title_case(text)
    return text


def wrap_name(text: str, width: int, lines: int) -> str:
    """``text`` wrapped at ``width`` characters (never at a hyphen); past ``lines`` lines, cut with an ellipsis.

    >>> wrap_name("Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota", 30, 2)
    'Penunjang Urusan Pemerintahan\\nDaerah Kabupaten/Kota'
    >>> wrap_name("Penataan Persebaran Penduduk yang Berasal dari 1 Daerah Kabupaten/Kota", 30, 2)
    'Penataan Persebaran Penduduk\\nyang Berasal dari 1 Daerah…'
    """
    wrapped = textwrap.wrap(text, width, break_on_hyphens=False)
    if len(wrapped) > lines:
        last = textwrap.shorten(" ".join(wrapped[lines - 1:]), width - 1, placeholder="")
        wrapped = [*wrapped[:lines - 1], last.rstrip(" ,") + "…"]
    return "\n".join(wrapped)


def region_words(region: Any, lang: str = "id") -> str:
    """The region as the document names it, or "wilayah tidak diketahui" / "region unknown" when it names none.

    >>> region_words("Kota Malang"), region_words("", "en")
    ('Kota Malang', 'region unknown')
    """
    from ..text.catalogue import tr

    text = _text(region)
    return text if text else tr("identity.unknown.region", lang)
