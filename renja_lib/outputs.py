"""Writing outputs atomically: a failed run leaves the previous outputs as they were."""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from .errors import RenjaError

__all__ = ["atomic_write", "staged_outputs", "write_extraction"]

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


@contextlib.contextmanager
def staged_outputs(out_dir: str | Path, managed: tuple[str, ...] = ()) -> Iterator[Path]:
    """A staging folder inside ``out_dir``; on success its files replace those in ``out_dir``.

    Files named in ``managed`` that the run did not produce are removed, so the
    folder always holds one run's outputs. On failure nothing in ``out_dir``
    changes and the staging folder is removed.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenjaError(f"cannot create the output folder ({exc.strerror})", path=out) from None
    if not os.access(out, os.W_OK):
        raise RenjaError("the output folder is not writable", path=out)
    stage = Path(tempfile.mkdtemp(prefix=".staging-", dir=out))
    try:
        yield stage
        produced = {p.name for p in stage.iterdir()}
        for p in sorted(stage.iterdir()):
            os.replace(p, out / p.name)
        for name in managed:
            if name not in produced:
                with contextlib.suppress(FileNotFoundError):
                    (out / name).unlink()
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def write_extraction(doc, out_dir: str | Path, *, before_commit: Callable[[Path], None] | None = None) -> list[Path]:
    """Write one CSV per table found, the extraction log, the problems and ``tables.xlsx``."""
    import pandas as pd

    from .document import TABLE_NAMES

    frames = dict(doc.tables)
    frames["stated_totals"] = doc.stated_totals
    frames["codes"] = doc.codes
    extra = {"extraction_log": doc.log, "problems": doc.problems}
    managed = tuple(f"{n}.csv" for n in (*TABLE_NAMES, "stated_totals", "codes", "extraction_log", "problems")) + (
        "tables.xlsx",)
    with staged_outputs(out_dir, managed) as stage:
        for name, frame in {**frames, **extra}.items():
            frame.to_csv(stage / f"{name}.csv", index=False, lineterminator="\n")
        with pd.ExcelWriter(stage / "tables.xlsx", engine="openpyxl") as xl:
            for name, frame in {**frames, **extra}.items():
                frame.to_excel(xl, sheet_name=name[:31], index=False)
        if before_commit is not None:
            before_commit(stage)
        written = sorted(p.name for p in stage.iterdir())
    return [Path(out_dir) / n for n in written]
