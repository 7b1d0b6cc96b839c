"""What ``renja report`` may delete or replace in OUT, and how it proves a folder is its own.

What the runner may delete or replace (and nothing else):

- ``OUT/<slug>/``, a report folder, only when it can prove it wrote it: the
  folder carries the marker ``.renja-report.json`` (the tool's name and version
  and the files it wrote: pages, notebooks, ``findings.json``, charts) and holds
  nothing but those files; or, for a folder
  written before markers existed, ``OUT/index.json`` has a readable entry for
  that slug and the folder holds only what a report holds (``<notebook>.html``
  and ``<notebook>.ipynb`` of the notebooks in that entry, ``findings.json``, the deck and workbook
  ``<slug>.pptx`` and ``<slug>.xlsx``, ``figures/*.png`` and ``figures/*.svg``, and their slide-sized variants
  ``figures/slides/*.png`` and ``figures/slides/*.svg``). Anything else in the way (a user's folder, a file, a
  symbolic link) is refused with one message before any notebook runs, and again
  just before the swap.
- ``OUT/index.json`` and ``OUT/index.html``: rewritten by every run, under a
  lock (``flock`` on the folder OUT itself) so that concurrent runs into the same
  folder keep each other's entries. An ``index.json`` it cannot read is treated as
  empty (a one-line warning says so); an ``index.html`` that this tool did not
  write is refused.
- Its own staging folders ``OUT/.staging-*`` and kernel socket folders
  ``renja-kernels-*`` in the system temporary folder. Each holds a lock file
  (``.renja-lock``) locked by its run for the run's lifetime; a later run removes
  such a folder only when it can take that lock (its run is gone, killed with
  SIGKILL, say). A previous report moved aside for the swap waits inside the
  staging folder; if the run died between the two moves, the next run puts it
  back. Folders without that lock file (including ``.old-*`` folders of earlier
  versions) are left alone.

The checks here (the report marker, what a report folder may hold, whether an
``index.html`` is the runner's) run before any notebook and again just before the
swap; :func:`seal` writes the marker and flushes a finished folder, :func:`replace_dir`
swaps it in, :func:`clean_stale` removes what dead runs left.
"""
from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import RenjaError, from_os_error
from ..present.figure_files import SLIDES_DIR as FIGURE_SLIDES_DIR
from ..present.findings import FINDINGS_FILE
from ..text import Message
from ..write import workdirs
from ..write.outputs import atomic_write

__all__ = ["MARKER", "NOT_WRITTEN", "GENERATOR", "slug_problem", "check_slug", "not_ours", "refuse_foreign",
           "prepare_out", "is_our_index_page", "out_lock", "clean_stale", "is_write_fault", "write_fault_in_text",
           "seal", "replace_dir", "SLIDES_DIR", "deck_file", "workbook_file"]

#: the marker in every report folder: the tool, its version and the files it wrote there
MARKER = ".renja-report.json"
_TOOL = "renja report"
_RESERVED = {"index.json", "index.html", MARKER}
#: errno values that mean a file could not be written because of the machine (not a notebook's bug)
_WRITE_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS, errno.EFBIG}
#: the status of the notebooks of a run whose files could not be written (its folder was not replaced)
NOT_WRITTEN = "not written"
_HOW_TO_PROCEED = Message("errors_run.folders.foreign.how")



def slug_problem(slug: Any) -> Message | None:
    """Why ``slug`` cannot name a report folder inside OUT (None when it can).

    >>> slug_problem("renja-2023") is None, slug_problem("..").render("en")
    (True, 'it is not a single folder name')
    """
    if not isinstance(slug, str) or not slug:
        return Message("errors_run.folders.slug.empty")
    if slug in (".", "..") or "/" in slug or "\\" in slug or "\0" in slug:
        return Message("errors_run.folders.slug.not_single")
    if slug.startswith("."):
        return Message("errors_run.folders.slug.dot")
    if slug.lower() in _RESERVED:
        return Message("errors_run.folders.slug.reserved")
    if len(slug.encode("utf-8", "surrogateescape")) > 255:
        return Message("errors_run.folders.slug.too_long")
    return None


def check_slug(slug: Any) -> None:
    why = slug_problem(slug)
    if why is not None:
        raise RenjaError(Message("errors_run.folders.bad_slug", slug=slug, why=why))


#: what a report folder holds at its top: pages, notebooks, the deck and the workbook
_TOP_FILES = (".html", ".ipynb", ".pptx", ".xlsx")
#: the slide-sized variants of the charts: ``figures/slides/`` (:mod:`renja_lib.present.figure_files`)
SLIDES_DIR = FIGURE_SLIDES_DIR


def deck_file(slug: str) -> str:
    """The deck's name in a report folder: ``<slug>.pptx``."""
    return f"{slug}.pptx"


def workbook_file(slug: str) -> str:
    """The analysis workbook's name in a report folder: ``<slug>.xlsx``."""
    return f"{slug}.xlsx"


def _report_shaped(rel: str) -> bool:
    """A path (relative to a report folder) of a kind of file a report holds."""
    parts = rel.split("/")
    if rel == FINDINGS_FILE:
        return True
    if len(parts) == 1:
        return not rel.startswith(".") and rel.endswith(_TOP_FILES) and rel not in ("",) + _TOP_FILES
    if len(parts) == 2 and parts[0] == "figures" or len(parts) == 3 and parts[:2] == ["figures", SLIDES_DIR]:
        return not parts[-1].startswith(".") and parts[-1].endswith((".png", ".svg"))
    return False


def _folder_files(folder: Path) -> tuple[set[str], Message | None]:
    """The regular files under ``folder`` (relative, with ``/``), or why it is not a report folder."""
    files: set[str] = set()
    for entry in os.scandir(folder):
        st = entry.stat(follow_symlinks=False)
        if stat.S_ISLNK(st.st_mode):
            return files, Message("errors_run.folders.holds.link", name=entry.name)
        if stat.S_ISDIR(st.st_mode):
            if entry.name != "figures":
                return files, Message("errors_run.folders.holds.folder", name=entry.name + "/")
            for sub in os.scandir(entry.path):
                sst = sub.stat(follow_symlinks=False)
                if sub.name == SLIDES_DIR and stat.S_ISDIR(sst.st_mode):
                    for slide in os.scandir(sub.path):
                        if not stat.S_ISREG(slide.stat(follow_symlinks=False).st_mode):
                            return files, Message("errors_run.folders.holds.not_report_file",
                                                  name=f"figures/{SLIDES_DIR}/{slide.name}")
                        files.add(f"figures/{SLIDES_DIR}/{slide.name}")
                    continue
                if not stat.S_ISREG(sst.st_mode):
                    return files, Message("errors_run.folders.holds.not_report_file", name="figures/" + sub.name)
                files.add(f"figures/{sub.name}")
        elif stat.S_ISREG(st.st_mode):
            files.add(entry.name)
        else:
            return files, Message("errors_run.folders.holds.not_regular", name=entry.name)
    return files, None


def _read_marker(folder: Path) -> set[str] | None:
    """The files the marker of ``folder`` lists; None when there is no valid marker."""
    path = folder / MARKER
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.lstat(path).st_size > 1024 * 1024:
            return None
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("tool") != _TOOL or not isinstance(data.get("version"), str):
        return None
    listed = data.get("files")
    if not isinstance(listed, list) or not all(isinstance(f, str) and _report_shaped(f) for f in listed):
        return None
    return set(listed)


def not_ours(folder: Path, slug: str, index: dict[str, dict]) -> Message | None:
    """None when ``folder`` is a report folder this tool wrote (and may be replaced); else why it is not."""
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise from_os_error(exc, path=folder, doing=Message("errors_run.folders.doing_look")) from None
    if stat.S_ISLNK(st.st_mode):
        return Message("errors_run.folders.not_ours.link")
    if not stat.S_ISDIR(st.st_mode):
        return Message("errors_run.folders.not_ours.file")
    try:
        files, why = _folder_files(folder)
    except OSError as exc:
        raise from_os_error(exc, path=folder, doing=Message("errors_run.folders.doing_look")) from None
    if why is not None:
        return why
    listed = _read_marker(folder)
    if listed is not None:
        extra = sorted(files - listed - {MARKER})
        return None if not extra else Message("errors_run.folders.holds.unlisted", name=extra[0])
    entry = index.get(slug)
    if entry is None:
        if (folder / MARKER).exists():
            return Message("errors_run.folders.not_ours.bad_marker", marker=MARKER, slug=slug)
        return Message("errors_run.folders.not_ours.no_marker", marker=MARKER, slug=slug)
    names = {nb["notebook"] for nb in entry["notebooks"]}
    allowed = {f"{n}{ext}" for n in names for ext in (".html", ".ipynb")} | {FINDINGS_FILE, deck_file(slug),
                                                                             workbook_file(slug)}
    extra = sorted(f for f in files if f not in allowed and not (f.startswith("figures/") and _report_shaped(f)))
    return None if not extra else Message("errors_run.folders.holds.not_report_file", name=extra[0])


def refuse_foreign(out_dir: Path, slugs: list[str], index: dict[str, dict], when: Message) -> None:
    """One RenjaError naming the first folder in the way that this tool cannot prove it wrote.

    ``when`` says what this means for the run ("nothing was run or changed").
    """
    blocked = [(slug, why) for slug in slugs if (why := not_ours(out_dir / slug, slug, index)) is not None]
    if not blocked:
        return
    slug, why = blocked[0]
    more: Message | str = ""
    if len(blocked) > 1:
        more = Message("errors_run.folders.foreign.more", paths=", ".join(str(out_dir / s) for s, _ in blocked[1:]))
    raise RenjaError(Message("errors_run.folders.foreign", slug=slug, why=why, more=more, when=when,
                             how=_HOW_TO_PROCEED), path=out_dir / slug)


def prepare_out(out_dir: Path) -> None:
    """The output folder exists and is writable, and its index files are files; else one message."""
    workdirs.prepare_out(out_dir)
    for name in ("index.json", "index.html"):
        path = out_dir / name
        with contextlib.suppress(FileNotFoundError):
            if not stat.S_ISREG(os.lstat(path).st_mode):
                raise RenjaError(Message("errors_run.folders.index_not_file"), path=path)
    page = out_dir / "index.html"
    if page.exists() and not is_our_index_page(page):
        raise RenjaError(Message("errors_run.folders.index_not_ours"), path=page)


_LEGACY_INDEX_HEAD = re.compile(r'<!DOCTYPE html>\n<html lang="(id|en)">\n<head><meta charset="utf-8">'
                                r'<title>(Laporan Renja|Renja reports)</title>\n')
GENERATOR = '<meta name="generator" content="renja report">'


def is_our_index_page(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096).decode("utf-8", "replace")
    except OSError as exc:
        raise from_os_error(exc, path=path, doing=Message("errors_run.pages.doing_read_index")) from None
    return GENERATOR in head or bool(_LEGACY_INDEX_HEAD.match(head))


def out_lock(out_dir: Path, wait: float | None = None):
    """An exclusive lock on OUT for the index update and the swaps (one run at a time)."""
    return workdirs.folder_lock(out_dir, wait, who=Message("errors_run.folders.lock_holder"))


def clean_stale(parent: Path, prefix: str, out_dir: Path | None = None) -> list[Path]:
    """Remove the folders ``parent/prefix*`` of runs that are gone (their lock can be taken).

    With ``out_dir``, a previous report that a dead run moved aside (``.old-<slug>``
    inside its staging folder) goes back to ``out_dir/<slug>`` when nothing took
    its place. Returns the folders removed.
    """
    def put_back(folder: Path) -> None:
        for moved in os.scandir(folder):
            slug = moved.name[len(".old-"):]
            if moved.name.startswith(".old-") and slug_problem(slug) is None and not os.path.lexists(out_dir / slug):
                os.replace(moved.path, out_dir / slug)

    return workdirs.clean_stale(parent, prefix, put_back if out_dir is not None else None)


def is_write_fault(exc: BaseException, stage: Path | None = None) -> bool:
    """An OSError writing a file of the run: the machine's state (disk full ...) or a file in the staging folder."""
    if not isinstance(exc, OSError):
        return False
    if exc.errno in _WRITE_ERRNOS:
        return True
    name = exc.filename
    return stage is not None and isinstance(name, str) and name.startswith(str(stage))


_ERRNO_IN_TEXT = re.compile(r"\[Errno (\d+)\]")


def write_fault_in_text(text: str | None) -> OSError | None:
    """An OSError of the machine named in an error message from the kernel (a chart file that hit a full disk)."""
    for code in _ERRNO_IN_TEXT.findall(text or ""):
        if int(code) in _WRITE_ERRNOS:
            return OSError(int(code), os.strerror(int(code)))
    return None


def seal(folder: Path) -> None:
    """Write the marker listing the folder's files, and flush every file and folder to disk."""
    files, why = _folder_files(folder)
    if why is not None:  # a notebook wrote something else into its folder: not part of a report
        raise RenjaError(Message("errors_run.folders.unsealed", why=why), path=folder)
    files.discard(MARKER)
    marker = {"tool": _TOOL, "version": __version__, "files": sorted(files)}
    with atomic_write(folder / MARKER, "w", encoding="utf-8", make_folder=False) as fh:
        json.dump(marker, fh, indent=1)
        fh.write("\n")
    for rel in sorted(files) + [MARKER]:
        fd = os.open(folder / rel, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    for sub in (folder / "figures" / SLIDES_DIR, folder / "figures", folder):
        if sub.is_dir():
            fd = os.open(sub, os.O_RDONLY | os.O_CLOEXEC)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def replace_dir(new: Path, target: Path, aside: Path) -> None:
    """Swap a finished report folder into place (the caller checked that ``target`` may be replaced).

    The previous folder is moved aside to ``aside`` (inside the run's locked staging
    folder) and removed only after the swap; a run killed between the two moves
    leaves it there, and the next run puts it back.
    """
    moved = False
    if os.path.lexists(target):
        os.replace(target, aside)
        moved = True
    try:
        os.replace(new, target)
    except BaseException:
        if moved:
            os.replace(aside, target)
        raise
    _fsync_dir(target.parent)
    if moved:
        shutil.rmtree(aside, ignore_errors=True)
