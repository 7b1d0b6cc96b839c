"""Reading a source document: bytes to lines, with the encoding declared, never guessed silently."""
from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from .errors import RenjaError

__all__ = ["SourceText", "read_source", "FALLBACK_ENCODING"]

#: Offices that still export from old Windows tools produce cp1252 text; it is the
#: one declared fallback. Anything that is neither UTF-8 nor cp1252 is refused.
FALLBACK_ENCODING = "cp1252"


@dataclass(frozen=True)
class SourceText:
    """A document's lines (1-based numbering is ``index + 1``) and how it was decoded."""

    path: Path
    lines: tuple[str, ...]
    encoding: str
    had_bom: bool
    line_ending: str

    def line(self, number: int) -> str:
        """The text of 1-based line ``number``."""
        return self.lines[number - 1]


def _looks_binary(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return True
    sample = data[:8192]
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return bool(sample) and control / len(sample) > 0.05


def read_source(path: str | Path, *, fallback: str | None = FALLBACK_ENCODING) -> SourceText:
    """Read a document as text lines.

    UTF-8 with or without BOM and LF or CRLF line ends are accepted. A file that
    is not UTF-8 is decoded with ``fallback`` (cp1252 by default; ``None`` refuses
    it), and the encoding used is recorded. Missing, empty and binary files raise
    :class:`RenjaError` naming the file.
    """
    p = Path(path)
    if not p.exists():
        raise RenjaError("file not found (expected a Renja document as text)", path=p)
    if p.is_dir():
        raise RenjaError("is a folder, expected a Renja document as a text file", path=p)
    data = p.read_bytes()
    if not data.strip():
        raise RenjaError("the file is empty (expected a Renja document as text)", path=p)
    if _looks_binary(data):
        raise RenjaError(
            "this is a binary file, not text (expected the Renja as text with tab-separated tables, "
            "for example a .txt export of the document)",
            path=p,
        )
    had_bom = data.startswith(codecs.BOM_UTF8)
    try:
        text = data.decode("utf-8-sig")
        encoding = "utf-8"
    except UnicodeDecodeError as exc:
        line_no = data[: exc.start].count(b"\n") + 1
        if fallback is None:
            raise RenjaError(
                f"not valid UTF-8 (byte 0x{data[exc.start]:02x}); save the document as UTF-8",
                path=p, line=line_no,
            ) from None
        try:
            text = data.decode(fallback)
        except UnicodeDecodeError:
            raise RenjaError(
                f"neither UTF-8 nor {fallback} (byte 0x{data[exc.start]:02x}); save the document as UTF-8",
                path=p, line=line_no,
            ) from None
        encoding = fallback
    line_ending = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return SourceText(p, tuple(lines), encoding, had_bom, line_ending)
