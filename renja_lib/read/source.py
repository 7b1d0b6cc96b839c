"""Reading a source document: bytes to lines, with the encoding declared, never guessed silently.

Lines end only where a text editor (or ``grep -n``) ends them: at ``\\n``,
``\\r\\n`` or ``\\r``. Python's :meth:`str.splitlines` also splits on ``\\v``,
``\\f``, ``\\x1c``-``\\x1e``, ``\\x85``, U+2028 and U+2029; it is never used here,
so that the line numbers in every message are the user's line numbers.

A form feed (``\\f``, which ``pdftotext`` writes at every page break) is a page
break, not a character of the text: it is taken out of the line and the page
of every line is recorded (:attr:`SourceText.pages`). Every other control
character stays in the line as written; whoever reads a number from a cell
refuses it there (:mod:`renja_lib.parse.numbers`).
"""
from __future__ import annotations

import codecs
import hashlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from ..errors import RenjaError, from_os_error
from ..text.catalogue import Message

__all__ = ["SourceText", "read_source", "read_file_bytes", "decode_text", "USER_FILE_BYTES", "FALLBACK_ENCODING", "split_lines"]

#: Offices that still export from old Windows tools produce cp1252 text; it is the
#: one declared fallback. Anything that is neither UTF-8 nor cp1252 is refused.
FALLBACK_ENCODING = "cp1252"
#: the largest document read: a Renja as text is a few hundred KB (a long one converted from PDF a few MB)
MAX_SOURCE_BYTES = 256 * 2**20
#: bytes read at a time once a file holds more than it said it held
_CHUNK = 1 << 20
#: the largest user table read (a facts file, a spending or indicator table)
USER_FILE_BYTES = 64 * 2**20

#: byte-order marks, longest first (the UTF-32 LE mark starts with the UTF-16 LE one)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: one well-formed multi-byte UTF-8 sequence (RFC 3629)
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}"
    rb"|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)

_SAMPLE = 8192


@dataclass(frozen=True)
class SourceText:
    """A document's lines (1-based numbering is ``index + 1``) and how it was decoded.

    ``line_ending`` is ``"\\n"``, ``"\\r\\n"``, ``"\\r"`` or ``"mixed"``.
    ``pages`` holds the 1-based page of every line when the document marks its
    page breaks with form feeds, and is empty when it has none.

    ``kind`` is the form of the user's file: ``text``, or ``pdf`` / ``docx`` when
    the lines are the file's rendering (:mod:`renja_lib.read.rendering`; its
    ``problems`` then list what could not be read, such as a page without text,
    and ``encoding`` is the kind).
    """

    path: Path
    lines: tuple[str, ...]
    encoding: str
    had_bom: bool
    line_ending: str
    pages: tuple[int, ...] = ()
    kind: str = "text"
    problems: tuple = ()

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``."""
        return self.lines[number - 1]

    def page(self, number: int) -> int | None:
        """The page of 1-based line ``number``; None when the document has no page breaks."""
        return self.pages[number - 1] if self.pages else None


def _looks_binary(sample: bytes | str) -> bool:
    """NUL, or more than 5 % control characters, in the first 8 KB (bytes or decoded text)."""
    sample = sample[:_SAMPLE]
    codes = sample if isinstance(sample, bytes) else [ord(c) for c in sample]
    if 0 in codes:
        return True
    control = sum(1 for b in codes if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def _looks_utf16_without_bom(data: bytes) -> str | None:
    """``"LE"``/``"BE"`` when every other byte of the sample is mostly NUL (UTF-16 text without a BOM)."""
    sample = data[: _SAMPLE - (_SAMPLE % 2)]
    pairs = len(sample) // 2
    if pairs < 2:
        return None
    even_nul = sample[0::2].count(0)
    odd_nul = sample[1::2].count(0)
    if odd_nul > 0.6 * pairs and even_nul < 0.1 * pairs:
        return "LE"
    if even_nul > 0.6 * pairs and odd_nul < 0.1 * pairs:
        return "BE"
    return None


def _line_of_byte(data: bytes, offset: int, encoding: str = "latin-1") -> int:
    """1-based line (as an editor counts them: ``\\n``, ``\\r\\n``, ``\\r``) of the byte at ``offset``."""
    text = data[:offset].decode(encoding, errors="replace")
    return text.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def split_lines(text: str) -> tuple[list[str], str]:
    """Split at ``\\n``, ``\\r\\n`` and ``\\r`` only; also return the line ending used (or ``"mixed"``)."""
    crlf = text.count("\r\n")
    lone_cr = text.count("\r") - crlf
    lone_lf = text.count("\n") - crlf
    kinds = [e for e, n in (("\r\n", crlf), ("\n", lone_lf), ("\r", lone_cr)) if n]
    ending = kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "\n")
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines, ending


def _take_out_page_breaks(lines: list[str]) -> tuple[list[str], tuple[int, ...]]:
    """Form feeds out of the lines, and the page of every line.

    A line is on the page where its text starts (``pdftotext`` writes the form
    feed at the start of a page's first line). Form feeds at the start or end
    of a line are removed; one between two pieces of text becomes a space, so
    that a page break never glues two words or two numbers into one.
    """
    if not any("\f" in line for line in lines):
        return lines, ()
    out: list[str] = []
    pages: list[int] = []
    page = 1
    for line in lines:
        if "\f" not in line:
            out.append(line)
            pages.append(page)
            continue
        body = line.lstrip("\f")
        page += len(line) - len(body)
        pages.append(page)
        page += body.count("\f")
        body = body.rstrip("\f")
        out.append(re.sub("\f+", " ", body))
    return out, tuple(pages)



def decode_text(p: Path, data: bytes, fallback: str | None = FALLBACK_ENCODING, *,
                kind: str = "document") -> tuple[str, str, bool]:
    """The text of a user's file, the encoding used and whether a BOM was there; RenjaError when it is not text.

    One encoding policy for every text file a user gives: a byte-order mark
    first (UTF-8, UTF-16 or UTF-32), then UTF-8, then ``fallback`` (cp1252)
    unless the rest of the file is UTF-8. ``kind`` (``"document"`` or
    ``"table"``: a CSV the user made) only words the messages.
    """
    noun = Message(f"errors_read.source.noun.{kind}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise RenjaError(
                    Message("errors_read.source.bom_invalid", encoding=encoding.upper(), noun=noun,
                            bytes=data[len(bom) + exc.start:len(bom) + exc.end].hex(" "), reason=exc.reason),
                    path=p, line=_line_of_byte(data[len(bom):], exc.start, encoding),
                ) from None
            if not text.strip():
                raise RenjaError(Message(f"errors_read.source.empty.{kind}"), path=p)
            if _looks_binary(text):
                raise RenjaError(Message("errors_read.source.bom_binary", encoding=encoding.upper(),
                                         expected=Message(f"errors_read.source.expected.{kind}")), path=p)
            return text, encoding, True
    if _looks_binary(data):
        order = _looks_utf16_without_bom(data)
        if order:
            raise RenjaError(Message("errors_read.source.utf16_no_bom", order=order, noun=noun), path=p)
        raise RenjaError(Message(f"errors_read.source.binary.{kind}"), path=p)
    try:
        return data.decode("utf-8"), "utf-8", False
    except UnicodeDecodeError as exc:
        line_no = _line_of_byte(data, exc.start)
        byte = f"{data[exc.start]:02x}"
        if fallback is None:
            raise RenjaError(Message("errors_read.source.not_utf8", byte=byte, noun=noun),
                             path=p, line=line_no) from None
        if _UTF8_MULTIBYTE.search(data):
            # UTF-8 elsewhere in the file: reading all of it as cp1252 would turn every
            # accented letter and symbol into mojibake; the one bad byte is corruption
            raise RenjaError(Message("errors_read.source.damaged_utf8", byte=byte, noun=noun),
                             path=p, line=line_no) from None
        try:
            return data.decode(fallback), fallback, False
        except UnicodeDecodeError:
            raise RenjaError(Message("errors_read.source.neither", fallback=fallback, byte=byte, noun=noun),
                             path=p, line=line_no) from None


def read_file_bytes(path: str | Path, *, what: Message | str, limit: int = MAX_SOURCE_BYTES) -> bytes:
    """The bytes of a user's file (a document, a facts file, a spending or indicator table), checked first.

    A folder, a device or a pipe (reading it might never end), a file over
    ``limit`` bytes, a missing or unreadable file: one :class:`RenjaError` naming
    the file and ``what`` was expected (a :class:`~renja_lib.text.Message` such as
    ``Message("errors_read.source.what.document")``; an
    :class:`~renja_lib.errors.EnvironmentFault` for permission or disk reasons).
    """
    p = Path(path)
    try:
        if p.is_dir():
            raise RenjaError(Message("errors_read.source.folder", what=what), path=p)
        # looked at before opening (opening a pipe waits for a writer) and again after
        if not stat.S_ISREG(os.stat(p).st_mode):
            raise RenjaError(Message("errors_read.source.not_regular", what=what), path=p)
        with open(p, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise RenjaError(Message("errors_read.source.not_regular", what=what), path=p)
            too_large = RenjaError(Message("errors_read.source.too_large", size=info.st_size / 2**20, what=what,
                                           limit=limit / 2**20), path=p)
            if info.st_size > limit:
                raise too_large
            # read what the file holds, a chunk at a time: ``read(limit)`` would allocate the whole bound up
            # front (256 MiB for a 150 KB document), and a file that grows meanwhile stays bounded
            chunks, total = [], 0
            while chunk := fh.read(info.st_size + 1 - total if total <= info.st_size else _CHUNK):
                chunks.append(chunk)
                total += len(chunk)
                if total > limit:
                    raise too_large
            return b"".join(chunks)
    except FileNotFoundError:
        raise RenjaError(Message("errors_read.source.not_found", what=what), path=p) from None
    except IsADirectoryError:
        raise RenjaError(Message("errors_read.source.folder", what=what), path=p) from None
    except OSError as exc:
        raise from_os_error(exc, path=p, doing=Message("errors_read.source.cannot_read")) from exc
    except ValueError as exc:  # a NUL character in the path itself
        raise RenjaError(Message("errors_read.source.bad_name", detail=str(exc)), path=repr(str(p))) from None


#: renderings kept in this process, by content (the runner's kernels load one document for several notebooks)
_RENDERINGS: dict[tuple[str, str], object] = {}
_RENDERINGS_KEPT = 4


def _rendered(p: Path, data: bytes) -> SourceText | None:
    """The rendering of a PDF or ``.docx`` as a :class:`SourceText`; None for a text file; RenjaError for a form
    the tool does not read (an old ``.doc``, RTF).

    A file's rendering is kept, by the SHA-256 of its bytes, for the next load of the same content in this
    process (the last :data:`_RENDERINGS_KEPT`): a report renders a PDF once, not once per notebook.
    """
    from .rendering import sniff

    kind = sniff(data[:1024])
    if kind == "text":
        return None
    if kind == "ole":
        raise RenjaError(Message("errors_read.source.old_office"), path=p)
    if kind == "rtf":
        raise RenjaError(Message("errors_read.source.rtf"), path=p)
    key = (kind, hashlib.sha256(data).hexdigest())
    rendering = _RENDERINGS.pop(key, None)
    if rendering is None:
        if kind == "pdf":
            from .pdf_rendering import render_pdf

            rendering = render_pdf(p, data=data)
        else:
            from .docx_rendering import render_docx

            rendering = render_docx(p, data=data)
    _RENDERINGS[key] = rendering  # the most recent last
    while len(_RENDERINGS) > _RENDERINGS_KEPT:
        del _RENDERINGS[next(iter(_RENDERINGS))]
    return SourceText(p, tuple(rendering.lines), rendering.kind, False, "\n", tuple(rendering.pages),
                      kind=rendering.kind, problems=tuple(rendering.problems))


def read_source(path: str | Path, *, fallback: str | None = FALLBACK_ENCODING) -> SourceText:
    """Read a document as text lines.

    UTF-8 with or without BOM, UTF-16 and UTF-32 with a BOM (Word's and Excel's
    "Unicode text"), and LF, CRLF or CR line ends (even mixed) are accepted. A
    file that is not UTF-8 is decoded with ``fallback`` (cp1252 by default;
    ``None`` refuses it), unless the rest of it is UTF-8; the encoding used is
    recorded. Missing, unreadable, empty and binary files raise
    :class:`RenjaError` (:class:`~renja_lib.errors.EnvironmentFault` when the
    file cannot be read for permission or disk reasons) naming the file.
    """
    p = Path(path)
    data = read_file_bytes(p, what=Message("errors_read.source.what.document"), limit=MAX_SOURCE_BYTES)
    if not data.strip():
        raise RenjaError(Message("errors_read.source.empty.document"), path=p)
    rendered = _rendered(p, data)
    if rendered is not None:
        return rendered
    text, encoding, had_bom = decode_text(p, data, fallback)
    lines, line_ending = split_lines(text)
    lines, pages = _take_out_page_breaks(lines)
    return SourceText(p, tuple(lines), encoding, had_bom, line_ending, pages)
