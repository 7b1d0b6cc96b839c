"""A PDF or Word document as the tool reads it: its text rendering, and where each line came from.

A Renja is published as PDF and passed around as ``.docx``; the tool reads both into the same text form it reads
from a text file (:mod:`renja_lib.read.source`), so that every later step (:mod:`~renja_lib.read.find_tables`,
:mod:`~renja_lib.read.parse_rows`, the narrative reader, the audit) reads the three forms alike:

* prose in reading order, one line per paragraph or per printed line (the narrative reader joins a paragraph's
  lines); page headers, footers and page numbers of a PDF left out;
* each table row one line, its cells separated by tabs, in the column order of the table (a cell's own line breaks
  joined: ``"2 07\\n01 2.\\n01"`` is one cell); a table's title line (``Tabel 2.1 ...``) above its header rows, as
  a text export writes it;
* for a PDF, the page of every line (:attr:`Rendering.pages`), so that every value's locator gives the page of the
  user's file, and the table row (``source_table``, ``source_row``) the table parser counts.

What cannot be read is said, never skipped silently: a page without a text layer (scanned) is a
:class:`RenderProblem` with its page; a file that cannot be read at all (encrypted, corrupt, scanned throughout,
an old ``.doc``) is one :class:`~renja_lib.errors.RenjaError` naming the file.

:func:`sniff` tells the form of a file by its first bytes, never by its name alone.

>>> sniff(b"%PDF-1.7\\n..."), sniff(b"PK\\x03\\x04..."), sniff(b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"), sniff(b"BAB I")
('pdf', 'zip', 'ole', 'text')
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..text.catalogue import Message

__all__ = ["Rendering", "RenderProblem", "sniff", "RENDERED_KINDS"]

#: the forms read through a rendering (a text file is read as it is)
RENDERED_KINDS: tuple[str, ...] = ("pdf", "docx")

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "pdf"),
    (b"PK\x03\x04", "zip"),  # a .docx (or .xlsx, .odt ...: told apart by its members)
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),  # an old Word .doc (or .xls)
    (b"{\\rtf", "rtf"),
)


def sniff(head: bytes) -> str:
    """The form of a file from its first bytes: ``pdf``, ``zip``, ``ole`` (old Office), ``rtf`` or ``text``.

    A PDF may have a few bytes before ``%PDF-`` (the format allows up to 1024): they are looked through.
    """
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    if b"%PDF-" in head[:1024]:
        return "pdf"
    return "text"


@dataclass(frozen=True)
class RenderProblem:
    """Something of the user's file that could not be read into the rendering: the message, the page (PDF) and the
    line of the rendering it concerns (when it is one), and the text as found (``raw``)."""

    message: Message
    page: int | None = None
    line: int | None = None
    raw: str = ""


@dataclass(frozen=True)
class Rendering:
    """A PDF or ``.docx`` as text lines (see the module docstring).

    ``kind``: ``pdf`` or ``docx``; ``lines``: the text, line ``n`` is ``lines[n - 1]``; ``pages``: the 1-based page
    of every line for a PDF (one per line), empty for Word (which has no fixed pages); ``problems``: what could not
    be read (:class:`RenderProblem`).
    """

    kind: str
    lines: tuple[str, ...]
    pages: tuple[int, ...] = ()
    problems: tuple[RenderProblem, ...] = field(default=())

    def __post_init__(self) -> None:
        if self.kind not in RENDERED_KINDS:
            raise ValueError(f"kind must be one of {RENDERED_KINDS}, not {self.kind!r}")
        if self.pages and len(self.pages) != len(self.lines):
            raise ValueError(f"{len(self.pages)} pages for {len(self.lines)} lines: one page per line")
        if any("\n" in line or "\r" in line for line in self.lines):
            raise ValueError("a line of a rendering holds no line break")
