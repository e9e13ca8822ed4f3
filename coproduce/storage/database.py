"""Opening the data folder: lock it, create or upgrade the schema, hand back an engine."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from coproduce.errors import StorageError
from coproduce.i18n import translate
from coproduce.paths import DataPaths
from coproduce.storage import backups, migrate
from coproduce.storage.engine import make_engine
from coproduce.storage.lock import DataFolderLock


@dataclass
class Database:
    paths: DataPaths
    engine: Engine
    lock: DataFolderLock | None = None
    migration_backup: Path | None = None
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _check_is_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise StorageError(
            translate(
                "Storage",
                "The file {path} is not a coproduce database (it may be damaged). It has not been changed.",
            ).format(path=path)
        )


def open_database(paths: DataPaths, *, lock: bool = True) -> Database:
    """Open (creating if needed) the database in ``paths``. Raises KnownError subclasses with plain words."""
    try:
        paths.ensure()
    except OSError as err:
        raise StorageError(
            translate("Storage", "coproduce cannot use the data folder {folder}: {reason}").format(
                folder=paths.root, reason=err.strerror or err
            )
        ) from err
    folder_lock: DataFolderLock | None = None
    if lock:
        folder_lock = DataFolderLock(paths.lock_file)
        folder_lock.acquire()
    try:
        _check_is_sqlite(paths.database)
        backups.check_database(paths)  # a damaged file is moved aside, never opened for writing
        engine = make_engine(paths.database)
        backup = migrate.upgrade(engine, paths.database, paths.backups)
    except (OperationalError, sqlite3.DatabaseError, OSError) as err:
        if folder_lock is not None:
            folder_lock.release()
        reason = err.strerror if isinstance(err, OSError) and err.strerror else getattr(err, "orig", err)
        raise StorageError(
            translate("Storage", "coproduce cannot open its database {path}: {reason}").format(
                path=paths.database, reason=reason
            )
        ) from err
    except BaseException:
        if folder_lock is not None:
            folder_lock.release()
        raise
    return Database(paths=paths, engine=engine, lock=folder_lock, migration_backup=backup)
