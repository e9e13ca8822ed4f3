"""A lock on the data folder so that a second copy of the app is told, not let in.

Uses an OS advisory lock on a file (released by the OS if the process dies, so a crash never leaves a stale
lock). The holder's process id is written into the file so the message can name it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from coproduce.errors import LockedError, StorageError
from coproduce.i18n import translate


class DataFolderLock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[str] | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("a+", encoding="utf-8")
        except OSError as err:  # a read-only folder or USB stick, a full disk, no permission
            raise StorageError(
                translate(
                    "Storage",
                    "coproduce cannot write to its data folder {folder}: {reason}. Choose a folder you can "
                    "write to (--data-dir or COPRODUCE_DATA_DIR), or make this one writable; a USB stick "
                    "may be write-protected. Nothing has been changed.",
                ).format(folder=self.path.parent, reason=err.strerror or err)
            ) from err
        try:
            _lock(handle)
        except OSError:
            handle.seek(0)
            holder = handle.read().strip() or "?"
            handle.close()
            raise LockedError(
                translate(
                    "Storage",
                    "coproduce is already open with this data folder (process {pid}). Switch to that "
                    "window, or close it first. Folder: {folder}",
                ).format(pid=holder, folder=self.path.parent)
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle = handle

    def release(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: IO[str]) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: IO[str]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
