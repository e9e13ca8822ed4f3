"""Backups of the database, a check at start-up, and restoring.

Snapshots are taken with SQLite's online backup API (a consistent copy even while the app writes) into
``DataPaths.backups`` as ``coproduce-<UTC time>-<reason>.sqlite3``. Rotation keeps the newest
``KEEP_LAST`` plus the newest of each of the last ``KEEP_DAYS`` days; copies taken before a migration
(``pre-migration-*``) are listed but never rotated away.

At start-up ``check_database`` runs ``PRAGMA quick_check`` on a read-only connection. A damaged file is never
written to: it is moved (with its ``-wal`` and ``-shm`` files) into ``DataPaths.damaged`` with its bytes
unchanged, and ``CorruptDatabaseError`` says so in plain words and names the newest good backup.

Restoring needs the database closed (the caller disposes its engine first): the current file is moved
aside into ``replaced/`` (or ``damaged/`` if it does not pass the check), never overwritten.
"""

from __future__ import annotations

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import Engine, text

from coproduce.errors import StorageError
from coproduce.i18n import translate
from coproduce.paths import DataPaths
from coproduce.storage.engine import backup_file

KEEP_LAST = 10
KEEP_DAYS = 7
INTERVAL = timedelta(minutes=10)
REASONS: tuple[str, ...] = ("auto", "open", "close", "manual", "restore", "import")
_STAMP = "%Y%m%dT%H%M%S%fZ"
_NAME = re.compile(r"^coproduce-(?P<stamp>\d{8}T\d{12}Z)-(?P<reason>[a-z]+)\.sqlite3$")
_PRE_MIGRATION = re.compile(r"^pre-migration-.*-(?P<stamp>\d{8}T\d{6}Z)\.sqlite3$")
_SIDE_FILES = ("-wal", "-shm", "-journal")


def _t(text_: str) -> str:
    return translate("Backups", text_)


class CorruptDatabaseError(StorageError):
    """The database failed its check at start-up; it was moved aside, untouched."""

    def __init__(self, message: str, *, damaged_path: Path, newest_backup: str | None) -> None:
        super().__init__(message)
        self.damaged_path = damaged_path
        self.newest_backup = newest_backup


@dataclass(frozen=True)
class BackupInfo:
    name: str
    path: Path
    created: datetime
    reason: str  # one of REASONS, or "migration"
    size_bytes: int

    @property
    def rotates(self) -> bool:
        return self.reason != "migration"


def replaced_dir(paths: DataPaths) -> Path:
    return paths.root / "replaced"


def _stamp(now: datetime) -> str:
    return now.astimezone(UTC).strftime(_STAMP)


def _info(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    if match:
        created = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
        reason = match["reason"]
    else:
        match = _PRE_MIGRATION.match(path.name)
        if not match:
            return None
        created = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        reason = "migration"
    try:
        size = path.stat().st_size
    except OSError:
        return None
    return BackupInfo(path.name, path, created, reason, size)


def list_backups(paths: DataPaths) -> list[BackupInfo]:
    """Every backup in the folder, newest first."""
    if not paths.backups.is_dir():
        return []
    found = [info for p in paths.backups.iterdir() if p.is_file() and (info := _info(p)) is not None]
    return sorted(found, key=lambda info: (info.created, info.name), reverse=True)


def make_backup(paths: DataPaths, reason: str = "manual", now: datetime | None = None) -> BackupInfo:
    """Snapshot the database with the online backup API, then rotate. Raises StorageError in plain words."""
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = now or datetime.now(UTC)
    target = paths.backups / f"coproduce-{_stamp(now)}-{reason}.sqlite3"
    partial = target.with_name(target.name + ".part")
    try:
        paths.backups.mkdir(parents=True, exist_ok=True)
        backup_file(paths.database, partial)
        _fsync(partial)
        partial.replace(target)
    except (OSError, sqlite3.Error) as err:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _t("A backup could not be written to {folder}: {reason}. Your data itself is unaffected.").format(
                folder=paths.backups, reason=getattr(err, "strerror", None) or err
            )
        ) from err
    rotate(paths, now)
    info = _info(target)
    assert info is not None
    return info


def rotate(paths: DataPaths, now: datetime | None = None) -> list[Path]:
    """Keep the newest KEEP_LAST and the newest backup of each of the last KEEP_DAYS days. Returns removed."""
    now = now or datetime.now(UTC)
    rotating = [info for info in list_backups(paths) if info.rotates]
    keep = {info.name for info in rotating[:KEEP_LAST]}
    first_day = (now - timedelta(days=KEEP_DAYS - 1)).date()
    seen_days: set[object] = set()
    for info in rotating:  # newest first, so the first seen per day is that day's newest
        day = info.created.date()
        if day >= first_day and day not in seen_days:
            seen_days.add(day)
            keep.add(info.name)
    removed: list[Path] = []
    for info in rotating:
        if info.name not in keep:
            info.path.unlink(missing_ok=True)
            removed.append(info.path)
    return removed


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


# -- checking ------------------------------------------------------------------------------------------


def integrity_problem(path: Path, *, quick: bool = True) -> str | None:
    """None if the SQLite file at ``path`` passes the check; else what is wrong, as SQLite puts it.

    Opens the file read-only. Raises OSError-like StorageError only when the file cannot be opened at all for
    reasons other than damage (permissions), which is not corruption.
    """
    pragma = "quick_check" if quick else "integrity_check"
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.OperationalError as err:
        return str(err)
    try:
        rows = connection.execute(f"PRAGMA {pragma}").fetchall()
    except sqlite3.OperationalError as err:
        if "unable to open" in str(err) or "locked" in str(err):
            raise StorageError(
                _t("coproduce cannot read its database {path}: {reason}").format(path=path, reason=err)
            ) from err
        return str(err)
    except sqlite3.DatabaseError as err:
        return str(err)
    finally:
        connection.close()
    result = [str(row[0]) for row in rows]
    return None if result == ["ok"] else "; ".join(result[:3])


def _move_aside(database: Path, folder: Path, now: datetime) -> Path:
    """Move the database and its side files into ``folder`` under a fresh name; bytes unchanged."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{database.stem}-{_stamp(now)}{database.suffix}"
    database.replace(target)
    for suffix in _SIDE_FILES:
        side = database.with_name(database.name + suffix)
        if side.exists():
            side.replace(target.with_name(target.name + suffix))
    return target


def newest_good_backup(paths: DataPaths) -> BackupInfo | None:
    for info in list_backups(paths):
        try:
            if integrity_problem(info.path) is None:
                return info
        except StorageError:
            continue
    return None


def check_database(paths: DataPaths, now: datetime | None = None) -> None:
    """At start-up: a damaged database is moved into ``damaged/`` and reported; a good one is left alone."""
    database = paths.database
    if not database.exists() or database.stat().st_size == 0:
        return
    problem = integrity_problem(database)
    if problem is None:
        return
    try:
        moved = _move_aside(database, paths.damaged, now or datetime.now(UTC))
    except OSError as err:
        raise StorageError(
            _t(
                "The database {path} is damaged ({problem}) and could not be moved aside: {reason}. "
                "It has not been changed."
            ).format(path=database, problem=problem, reason=err.strerror or err)
        ) from err
    good = newest_good_backup(paths)
    if good is not None:
        offer = _t(
            "The newest good backup is {name}, from {when}. Restore it with: coproduce backup restore {name}"
        )
        offer = offer.format(name=good.name, when=good.created.strftime("%Y-%m-%d %H:%M UTC"))
    else:
        offer = _t("There is no good backup to restore.")
    raise CorruptDatabaseError(
        _t(
            "The database is damaged ({problem}). Nothing in it has been changed or deleted: it was moved "
            "to {moved} so that it can be examined or recovered. {offer}"
        ).format(problem=problem, moved=moved, offer=offer),
        damaged_path=moved,
        newest_backup=good.name if good else None,
    )


# -- restoring -----------------------------------------------------------------------------------------


def find_backup(paths: DataPaths, name: str) -> BackupInfo:
    for info in list_backups(paths):
        if info.name == name:
            return info
    raise StorageError(_t("There is no backup called {name}. See: coproduce backup list").format(name=name))


def restore_backup(paths: DataPaths, name: str, now: datetime | None = None) -> Path | None:
    """Make backup ``name`` the database. The database must be closed (engines disposed) by the caller.

    Returns where the file it replaced was moved (``replaced/`` or, if it fails the check, ``damaged/``).
    """
    now = now or datetime.now(UTC)
    info = find_backup(paths, name)
    problem = integrity_problem(info.path, quick=False)
    if problem is not None:
        raise StorageError(
            _t("The backup {name} is damaged ({problem}); it was not restored.").format(
                name=name, problem=problem
            )
        )
    staging = paths.root / f".restore-{_stamp(now)}.sqlite3"
    moved: Path | None = None
    try:
        backup_file(info.path, staging)
        _fsync(staging)
        if paths.database.exists():
            damaged = integrity_problem(paths.database) is not None
            moved = _move_aside(paths.database, paths.damaged if damaged else replaced_dir(paths), now)
        staging.replace(paths.database)
    except (OSError, sqlite3.Error) as err:
        staging.unlink(missing_ok=True)
        raise StorageError(
            _t("The backup {name} could not be restored: {reason}").format(
                name=name, reason=getattr(err, "strerror", None) or err
            )
        ) from err
    return moved


# -- periodic ------------------------------------------------------------------------------------------


def change_marker(engine: Engine) -> int:
    """A number that grows with every saved change (the last event's sequence number)."""
    with engine.connect() as connection:
        value = connection.execute(text("SELECT coalesce(max(seq), 0) FROM event")).scalar()
    return int(value or 0)


class BackupScheduler:
    """Decides when to take a backup: every ``interval`` while data changes, and on demand.

    Plain Python: the window calls ``maybe_backup(now)`` from a timer, ``backup_now`` when a workshop is
    opened or closed.
    """

    def __init__(self, paths: DataPaths, engine: Engine, interval: timedelta = INTERVAL) -> None:
        self.paths = paths
        self.engine = engine
        self.interval = interval
        self.last_marker: int | None = None
        self.last_time: datetime | None = None

    def due(self, now: datetime) -> bool:
        if self.last_time is not None and now - self.last_time < self.interval:
            return False
        return change_marker(self.engine) != self.last_marker

    def maybe_backup(self, now: datetime | None = None) -> BackupInfo | None:
        now = now or datetime.now(UTC)
        if not self.due(now):
            return None
        return self.backup_now("auto", now)

    def backup_now(self, reason: str, now: datetime | None = None) -> BackupInfo:
        now = now or datetime.now(UTC)
        marker = change_marker(self.engine)
        info = make_backup(self.paths, reason, now)
        self.last_marker = marker
        self.last_time = now
        return info


def restore_in_place(paths: DataPaths, engine: Engine, name: str) -> Path | None:
    """Restore while the app runs: close the engine's connections, restore, bring the schema up to date.

    The engine reconnects to the restored file on next use. Returns where the replaced file was kept.
    """
    from coproduce.storage import migrate

    engine.dispose()
    moved = restore_backup(paths, name)
    migrate.upgrade(engine, paths.database, paths.backups)
    return moved
