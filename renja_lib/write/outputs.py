"""Writing outputs safely: atomically, and only ever over files this tool can prove it wrote.

``renja extract`` and ``renja audit`` write into one output folder
(``data/processed/`` unless ``--out``). Beside their files the folder holds a
small manifest, :data:`MANIFEST` (``.renja-outputs.json``): the tool's name and
version and, for every file, the command that wrote it, its size and its SHA-256.

A run replaces or removes a file of its output folder only when that file is
still what the tool wrote:

- the manifest lists it with the same size and checksum; or
- the manifest does not list it (a folder written before manifests existed)
  and its content is recognisably ours: a CSV whose first line is exactly the
  header the tool writes under that file name, ``tables.xlsx`` a workbook whose
  sheets all carry the names of our tables.

Anything else in the way (a user's ``problems.csv``, a file edited after the
tool wrote it, a folder or a symbolic link under one of our names, a
manifest that is not ours) is refused before anything is written, with one
:class:`~renja_lib.errors.RenjaError` naming the file and how to proceed. Files
with other names are never touched.

Writes go to a staging folder inside the output folder and are moved into
place only when every file was written, so a failed run (disk full, an
interrupt) leaves the previous outputs as they were; any OSError becomes one
:class:`~renja_lib.errors.RenjaError` (an :class:`~renja_lib.errors.EnvironmentFault`,
exit 3, for a full disk or a permission denied). Runs into the same folder take
turns under a lock on the folder; staging folders left by a killed run are
removed by the next one (:mod:`renja_lib.write.workdirs`).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator, Mapping

from . import workdirs
from ..errors import RenjaError, from_os_error
from ..text import Message

__all__ = ["atomic_write", "staged_outputs", "write_extraction", "write_findings", "write_fact_draft",
           "unresolved_path", "Written", "MANIFEST", "TOOL"]

TOOL = "renja"
#: the manifest of the files the tool wrote into an output folder
MANIFEST = ".renja-outputs.json"
#: staging folders, each with a lock file its run holds (see :mod:`renja_lib.write.workdirs`)
STAGING_PREFIX = ".renja-staging-"
#: seconds a run waits for another run writing into the same folder
LOCK_TIMEOUT = 120.0
#: bytes read to recognise a file written before manifests existed
_SNIFF_BYTES = 1 << 16

_UMASK = os.umask(0)
os.umask(_UMASK)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", *, make_folder: bool = True, **kw) -> Iterator:
    """Open a temporary file beside ``path``; it replaces ``path`` only when the block succeeds.

    A reader never sees a half-written file, and a failed write leaves the old one
    as it was. The folder is created unless ``make_folder`` is false (a folder
    removed meanwhile then makes the write fail instead of coming back).
    """
    path = Path(path)
    if make_folder:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes the file private; outputs are ordinary files
    try:
        with os.fdopen(fd, mode, **kw) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


# ---------------------------------------------------------------- the output folder

def _sha256(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
            size += len(block)
    return size, digest.hexdigest()


def _read_manifest(out: Path) -> dict:
    path = out / MANIFEST
    if not os.path.lexists(path):
        return {"tool": TOOL, "files": {}}
    how = Message("errors_write.outputs.manifest.how", manifest=MANIFEST)
    if path.is_symlink() or not path.is_file():
        raise RenjaError(Message("errors_write.outputs.manifest.not_file", how=how), path=path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise RenjaError(Message("errors_write.outputs.manifest.unreadable", error=type(exc).__name__, how=how),
                         path=path) from None
    files = data.get("files") if isinstance(data, dict) else None
    if not (isinstance(data, dict) and data.get("tool") == TOOL and isinstance(files, dict)
            and all(isinstance(e, dict) for e in files.values())):
        raise RenjaError(Message("errors_write.outputs.manifest.not_ours", how=how), path=path)
    return data


def _matches(entry: Mapping, size: int, sha: str) -> bool:
    accepted = [entry, *(entry.get("previous") or [])]
    return any(isinstance(e, Mapping) and e.get("size") == size and e.get("sha256") == sha for e in accepted)


Recogniser = Callable[[str, Path], bool]


def _ours(out: Path, name: str, manifest: dict, recognise: Recogniser | None) -> tuple[bool, dict | None]:
    """``(may be replaced, its manifest record)`` for the file ``name`` of ``out``."""
    path = out / name
    if not os.path.lexists(path):
        return True, None
    if path.is_symlink() or not path.is_file():
        return False, None
    size, sha = _sha256(path)
    entry = manifest["files"].get(name)
    if entry is not None:
        return _matches(entry, size, sha), {"size": size, "sha256": sha}
    try:
        recognised = bool(recognise and recognise(name, path))
    except (OSError, ValueError):
        recognised = False
    return recognised, {"size": size, "sha256": sha}


def _refuse(out: Path, name: str, command: str) -> RenjaError:
    path = out / name
    if os.path.lexists(path) and (path.is_symlink() or not path.is_file()):
        what = Message("errors_write.outputs.refuse.link")
    elif (out / MANIFEST).exists():
        what = Message("errors_write.outputs.refuse.changed")
    else:
        what = Message("errors_write.outputs.refuse.not_ours")
    return RenjaError(Message("errors_write.outputs.refuse", what=what, command=command), path=path)


@contextlib.contextmanager
def staged_outputs(out_dir: str | Path, managed: tuple[str, ...] = (), *, command: str = "extract",
                   recognise: Recogniser | None = None) -> Iterator[Path]:
    """A staging folder inside ``out_dir``; on success its files replace those in ``out_dir``.

    ``managed`` names every file the command may write; those it did not write
    this time are removed (when they are ours), so the folder holds one run's
    outputs. A file in the way that is not ours is refused before the block runs.
    On failure nothing in ``out_dir`` changes and the staging folder is removed;
    an OSError leaves as one :class:`RenjaError`.
    """
    out = workdirs.prepare_out(out_dir)
    with workdirs.folder_lock(out, LOCK_TIMEOUT):
        stage = None
        try:
            workdirs.clean_stale(out, STAGING_PREFIX)
            manifest = _read_manifest(out)
            for name in managed:
                if not _ours(out, name, manifest, recognise)[0]:
                    raise _refuse(out, name, command)
            stage = workdirs.OwnedDir(out, STAGING_PREFIX)
            yield stage.path
            _commit(out, stage.path, managed, manifest, command, recognise)
        except OSError as exc:
            err = from_os_error(exc, path=out, doing=Message("errors_write.outputs.failed", command=command,
                                                             what=_what_failed(exc, out)))
            raise type(err)(Message("errors_write.outputs.kept", detail=err.detail), path=out) from None
        finally:
            if stage is not None:
                stage.remove()


def _what_failed(exc: OSError, out: Path) -> Message:
    """``cannot write NAME`` for the output being written (and the other file involved, when there is one)."""
    name = getattr(exc, "renja_output", None)
    other = exc.filename
    if other is not None:
        other_path = Path(os.fsdecode(other))
        inside = out.resolve() in other_path.resolve().parents
        if inside:
            name, other = name or other_path.name, None
    what = Message("errors_write.outputs.its_outputs") if name is None or name.startswith(STAGING_PREFIX) else name
    if other is not None:
        return Message("errors_write.outputs.cannot_write_using", name=what, other=os.fsdecode(other))
    return Message("errors_write.outputs.cannot_write", name=what)


@contextlib.contextmanager
def _writing(name: str) -> Iterator[None]:
    """Name the output being written on any OSError raised while writing it."""
    try:
        yield
    except OSError as exc:
        exc.renja_output = name
        raise


def _commit(out: Path, stage: Path, managed: tuple[str, ...], manifest: dict, command: str,
            recognise: Recogniser | None) -> None:
    produced = sorted(p.name for p in stage.iterdir() if p.name != workdirs.LOCK_NAME)
    files = dict(manifest["files"])
    previous: dict[str, dict | None] = {}
    for name in sorted(set(produced) | set(managed)):  # again, under the lock: nothing changed since the check
        ours, record = _ours(out, name, manifest, recognise)
        if not ours:
            raise _refuse(out, name, command)
        previous[name] = record
    new = {}
    for name in produced:
        size, sha = _sha256(stage / name)
        new[name] = {"command": command, "size": size, "sha256": sha}
    # between the moves below a file is either the previous one or the new one: the manifest accepts both
    # until the last write, so a run killed half-way leaves a folder the next run still recognises
    pending = dict(files)
    for name in set(produced) | set(managed):
        old = [previous[name]] if previous.get(name) else []
        if name in new:
            pending[name] = {**new[name], "previous": old}
        elif old:
            pending[name] = {"command": command, **old[0]}
    _write_manifest(out, pending)
    for name in produced:
        os.replace(stage / name, out / name)
    for name in managed:
        if name not in new:
            with contextlib.suppress(FileNotFoundError):
                (out / name).unlink()
    final = {n: e for n, e in files.items() if n not in managed and os.path.lexists(out / n)}
    final.update(new)
    _write_manifest(out, final)


def _write_manifest(out: Path, files: Mapping[str, dict]) -> None:
    from .. import __version__

    body = {"tool": TOOL, "version": __version__,
            "about": "files renja wrote into this folder; renja replaces or removes only these, and only while "
                     "their size and sha256 are as listed",
            "files": {name: files[name] for name in sorted(files)}}
    with atomic_write(out / MANIFEST, "w", encoding="utf-8", make_folder=False) as fh:
        json.dump(body, fh, indent=1, ensure_ascii=False)
        fh.write("\n")
        fh.flush()
        os.fsync(fh.fileno())


# ---------------------------------------------------------------- recognising files written before manifests

def _first_line(path: Path) -> str | None:
    with open(path, "rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    line = head.split(b"\n", 1)[0]
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _csv_header(columns) -> str:
    import pandas as pd

    return pd.DataFrame(columns=list(columns)).to_csv(index=False, lineterminator="\n").rstrip("\n")


def _is_our_workbook(path: Path, tables) -> bool:
    import warnings
    import zipfile

    if not zipfile.is_zipfile(path):
        return False
    from openpyxl import load_workbook

    allowed = re.compile("|".join(rf"{re.escape(t[:31])}( \(\d+\))?" for t in tables))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            wb = load_workbook(path, read_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is simply not ours
            return False
    try:
        names = list(wb.sheetnames)
    finally:
        wb.close()
    return bool(names) and all(allowed.fullmatch(n) for n in names)


#: The header lines renja 0.1.0 wrote before output folders had a manifest (measured on the version of
#: commit 9333be7): a folder it wrote is still recognised, although the tables have more columns since.
LEGACY_HEADERS = {
    "codes.csv": "table,code,level,parent,name,code_raw,source_line",
    "evaluation.csv": "code,level,parent,name,indicator,measure,year,value,unit,raw,part,source_line",
    "extraction_log.csv": "file,line,table,role,detail,text",
    "plan_budget.csv": "code,level,parent,name,year,budget,budget_raw,funding_source,location,note,source_line",
    "plan_targets.csv": "code,level,name,indicator,year,target,unit,raw,source_line",
    "problems.csv": "file,line,table,column,raw,message",
    "proposals.csv": "group,name,location,indicator,volume,unit,volume_raw,note,shifted_cells,source_line",
    "rkpd_review.csv": "group,name,indicator,stage,location,target,unit,target_raw,budget,budget_stated,budget_unit,"
                       "note,continuation,code,code_match,source_line",
    "service_indicators.csv": "number,indicator,measure,year,value,unit,raw,note,spm,ikk,source_line",
    "stated_totals.csv": "table,kind,stage,year,value,raw,unit,source_line",
    "findings.csv": "rule,group,severity,table,code,item,source_line,other_table,other_line,expected,found,"
                    "difference,message",
}


def _extraction_recogniser(name: str, path: Path) -> bool:
    from ..read.schema import SCHEMAS

    if name == "tables.xlsx":
        return _is_our_workbook(path, SCHEMAS)
    table = name.removesuffix(".csv")
    return table in SCHEMAS and _first_line(path) in (_csv_header(SCHEMAS[table].columns), LEGACY_HEADERS.get(name))


def _findings_recogniser(name: str, path: Path) -> bool:
    from ..check.audit import FINDING_COLUMNS

    return name == "findings.csv" and _first_line(path) in (_csv_header(FINDING_COLUMNS), LEGACY_HEADERS[name])


# ---------------------------------------------------------------- the commands' outputs

@dataclass
class Written:
    """What a command wrote: the files, and what the workbook writer changed to keep Excel safe."""

    files: list[Path] = field(default_factory=list)
    workbook: object | None = None  # an excel.WorkbookReport


def extraction_names() -> tuple[str, ...]:
    """Every file ``renja extract`` may write."""
    from ..read.document import TABLE_NAMES

    return tuple(f"{n}.csv" for n in (*TABLE_NAMES, "stated_totals", "codes", "extraction_log", "problems")) + (
        "tables.xlsx", DOCUMENT_TEXT)


#: the document's text as the tool read it, written by ``renja extract``
DOCUMENT_TEXT = "document.txt"


def document_text(source) -> str:
    """A document's lines as the tool read them (a PDF's or .docx's rendering, a text file's lines), one per line,
    tables as tab-separated rows, a form feed at the start of the first line of each new page (as ``pdftotext``
    writes them): read back, it gives the same lines, line numbers and pages, so a quote and a locator can be
    checked by eye.

    >>> from renja_lib.read.source import SourceText
    >>> document_text(SourceText(Path("x.pdf"), ("a", "b", "c"), "pdf", False, "LF", (1, 1, 2), kind="pdf"))
    'a\\nb\\n\\x0cc\\n'
    """
    pages = source.pages or (1,) * len(source.lines)
    out, page = [], 1
    for line, at in zip(source.lines, pages):
        out.append("\f" * max(0, at - page) + line)
        page = max(page, at)
    return "\n".join(out) + "\n"


def write_extraction(doc, out_dir: str | Path, *, before_commit: Callable[[Path], None] | None = None) -> Written:
    """Write one CSV per table found, the extraction log, the problems, ``tables.xlsx`` and the document's text as
    read (:data:`DOCUMENT_TEXT`, :func:`document_text`).

    The CSVs are faithful to the document; the workbook is made safe for Excel
    (see :mod:`renja_lib.write.workbook`). Raises :class:`RenjaError` when a file in the
    way is not ours, and for any failure to write (previous outputs kept).
    """
    from .workbook import write_workbook

    frames = dict(doc.tables)
    frames["stated_totals"] = doc.stated_totals
    frames["codes"] = doc.codes
    frames["extraction_log"] = doc.log
    frames["problems"] = doc.problems
    with staged_outputs(out_dir, extraction_names(), command="extract", recognise=_extraction_recogniser) as stage:
        for name, frame in frames.items():
            with _writing(f"{name}.csv"):
                frame.to_csv(stage / f"{name}.csv", index=False, lineterminator="\n")
        with _writing("tables.xlsx"):
            report = write_workbook(stage / "tables.xlsx", frames, csv_names={n: f"{n}.csv" for n in frames})
        with _writing(DOCUMENT_TEXT):
            (stage / DOCUMENT_TEXT).write_text(document_text(doc.source), encoding="utf-8", newline="\n")
        if before_commit is not None:
            before_commit(stage)
        written = sorted(p.name for p in stage.iterdir() if p.name != workdirs.LOCK_NAME)
    return Written([Path(out_dir) / n for n in written], report)


def write_findings(findings, out_dir: str | Path) -> Path:
    """Write the audit's ``findings.csv`` (faithful to the document) into ``out_dir``, beside extract's outputs."""
    with staged_outputs(out_dir, ("findings.csv",), command="audit", recognise=_findings_recogniser) as stage:
        with _writing("findings.csv"):
            findings.to_csv(stage / "findings.csv", index=False, lineterminator="\n")
    return Path(out_dir) / "findings.csv"


def unresolved_path(draft: str | Path) -> Path:
    """Where ``renja facts`` writes the figures it could not resolve, beside its draft: ``<name>.unresolved.csv``.

    >>> unresolved_path("data/processed/renja.facts.draft.csv").name
    'renja.facts.draft.unresolved.csv'
    """
    draft = Path(draft)
    return draft.with_name(draft.name.removesuffix(".csv") + ".unresolved.csv")


def write_fact_draft(review, unresolved, path: str | Path) -> tuple[Path, Path]:
    """Write ``renja facts``' draft facts file (:func:`renja_lib.read.fact_review.draft_frame`) at ``path`` and the
    unresolved figures beside it (:func:`unresolved_path`), both or neither. Only a file the tool wrote there
    (listed in the folder's manifest, unchanged since) is replaced: a facts file an analyst wrote or edited is
    refused, never overwritten."""
    from ..read.fact_review import draft_frame

    path = Path(path)
    side = unresolved_path(path)
    with staged_outputs(path.parent, (path.name, side.name), command="facts") as stage:
        with _writing(path.name):
            draft_frame(review).to_csv(stage / path.name, index=False, lineterminator="\n")
        with _writing(side.name):
            unresolved.to_csv(stage / side.name, index=False, lineterminator="\n")
    return path, side
