"""Working folders and locks shared by every command that writes: what lets a run prove a folder is its own.

- :func:`folder_lock`: runs into one output folder take turns under an exclusive
  ``flock`` on the folder itself (its descriptor), so no lock file is left in a
  folder the user chose. A lock held longer than :data:`LOCK_WAIT_SECONDS` is an
  :class:`~renja_lib.errors.EnvironmentFault` (exit 3).
- :class:`OwnedDir`: a working folder (staging, kernel sockets) with a lock file
  inside, locked by its run for the run's lifetime.
- :func:`clean_stale`: a later run removes such folders whose lock it can take
  (their run was killed); a folder without our lock file, or another user's, is
  never touched.
"""
from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from ..errors import EnvironmentFault, RenjaError, from_os_error
from ..text import Message

__all__ = ["LOCK_NAME", "LOCK_WAIT_SECONDS", "prepare_out", "folder_lock", "OwnedDir", "clean_stale"]

#: the lock file inside a working folder, locked by its run for the run's lifetime
LOCK_NAME = ".renja-lock"
#: how long a run waits for another run into the same folder
LOCK_WAIT_SECONDS = 120.0


def prepare_out(out_dir: str | Path) -> Path:
    """The output folder, created; one message when it cannot be (empty path, a file, under a file, unwritable)."""
    if str(out_dir).strip() == "":
        raise RenjaError(Message("errors_write.workdirs.out_empty"))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise RenjaError(Message("errors_write.workdirs.out_is_file"), path=out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # a dangling link, or a file made meanwhile
        raise RenjaError(Message("errors_write.workdirs.out_not_folder"), path=out) from None
    except OSError as exc:
        raise from_os_error(exc, path=out, doing=Message("errors_write.workdirs.doing_create")) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise EnvironmentFault(Message("errors_write.workdirs.out_denied"), path=out)
    return out


@contextlib.contextmanager
def folder_lock(folder: Path, wait: float | None = None, *, who: Message | None = None) -> Iterator[None]:
    """Hold an exclusive lock on ``folder`` (``flock`` on its descriptor) for the block.

    ``who`` names the run that holds the lock in the message when it is held too long
    (default: "another renja run").
    """
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise from_os_error(exc, path=folder, doing=Message("errors_write.workdirs.doing_lock")) from None
    try:
        limit = LOCK_WAIT_SECONDS if wait is None else wait
        deadline = time.monotonic() + limit
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise EnvironmentFault(Message(
                        "errors_write.workdirs.locked", who=who or Message("errors_write.workdirs.lock_holder"),
                        seconds=limit), path=folder) from None
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


class OwnedDir:
    """A folder made by this run with a lock file inside, locked for the run's lifetime.

    A later run that can take the lock knows the run that made the folder is gone.
    The lock file is locked under a temporary name and then renamed, so another run
    never sees the lock file unlocked while its owner is alive.
    """

    def __init__(self, parent: Path, prefix: str):
        try:
            self.path = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
        except OSError as exc:
            raise from_os_error(exc, path=parent, doing=Message("errors_write.workdirs.doing_workdir")) from None
        self._fd: int | None = None
        try:
            tmp = self.path / f"{LOCK_NAME}.new"
            self._fd = os.open(tmp, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(self._fd, f"{os.getpid()}\n".encode())
            os.rename(tmp, self.path / LOCK_NAME)
        except OSError as exc:
            self.remove()
            raise from_os_error(exc, path=self.path, doing=Message("errors_write.workdirs.doing_workdir")) from None

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def _take_stale(folder: Path) -> int | None:
    """The locked descriptor of ``folder``'s lock file when the folder is ours and its run is gone; else None."""
    try:
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return None
        fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError:
        return None  # gone, not a folder, no lock file: not ours to remove
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise OSError
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # held: its run is alive
        os.close(fd)
        return None
    return fd


def clean_stale(parent: Path, prefix: str, before_removal: Callable[[Path], None] | None = None) -> list[Path]:
    """Remove the folders ``parent/prefix*`` of runs that are gone (their lock can be taken); the folders removed.

    ``before_removal(folder)`` runs first, while the lock is held (the report runner
    puts back a previous report that the dead run had moved aside).
    """
    removed = []
    try:
        entries = [e for e in os.scandir(parent) if e.name.startswith(prefix)]
    except OSError:
        return removed
    for entry in entries:
        folder = Path(entry.path)
        fd = _take_stale(folder)
        if fd is None:
            continue
        try:
            if before_removal is not None:
                with contextlib.suppress(OSError):
                    before_removal(folder)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
        finally:
            os.close(fd)
    return removed
