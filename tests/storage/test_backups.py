from __future__ import annotations

import hashlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coproduce.errors import StorageError
from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.storage import backups
from coproduce.storage.backups import BackupScheduler, CorruptDatabaseError
from coproduce.storage.database import open_database


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _titles(paths: DataPaths) -> list[str]:
    with open_database(paths) as db:
        return sorted(w.title for w in workshops.list_workshops(db.engine))


def _checkpoint(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()


def _corrupt(path: Path) -> None:
    """Scribble over the pages after the first, leaving the SQLite header intact."""
    _checkpoint(path)
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for offset in range(page, len(data), page):
        data[offset : offset + 64] = bytes(range(7, 71))
    path.write_bytes(bytes(data))


def test_backup_is_a_consistent_copy_and_restore_brings_it_back(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshops.create_workshop(db.engine, "t", "Before the backup")
        info = backups.make_backup(data_paths, "manual")
        workshops.create_workshop(db.engine, "t", "After the backup")
    assert backups.integrity_problem(info.path, quick=False) is None
    assert [b.name for b in backups.list_backups(data_paths)] == [info.name]
    before_restore = _digest(data_paths.database)

    moved = backups.restore_backup(data_paths, info.name)

    assert _titles(data_paths) == ["Before the backup"]
    # the file it replaced was kept aside, bytes unchanged, and still holds the later workshop
    assert moved is not None and moved.parent == backups.replaced_dir(data_paths)
    assert _digest(moved) == before_restore
    assert sorted(w.title for w in _workshops_in(moved)) == ["After the backup", "Before the backup"]


def _workshops_in(path: Path) -> list[workshops.WorkshopSummary]:
    paths = DataPaths(path.parent / "probe")
    paths.ensure()
    paths.database.write_bytes(path.read_bytes())
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            paths.database.with_name(paths.database.name + suffix).write_bytes(side.read_bytes())
    with open_database(paths) as db:
        return workshops.list_workshops(db.engine)


def test_restore_of_an_unknown_name_is_refused(data_paths: DataPaths) -> None:
    with open_database(data_paths):
        pass
    with pytest.raises(StorageError, match="no backup called"):
        backups.restore_backup(data_paths, "nope.sqlite3")


def test_rotation_keeps_the_last_ten_and_one_a_day_for_a_week(data_paths: DataPaths) -> None:
    with open_database(data_paths):
        pass
    now = datetime(2026, 3, 20, 12, 0, tzinfo=UTC)
    # one backup every 6 hours over 12 days: 48 in all
    for step in range(48):
        backups.make_backup(data_paths, "auto", now - timedelta(hours=6 * (47 - step)))
    kept = backups.list_backups(data_paths)
    created = [b.created for b in kept]
    assert created[:10] == [now - timedelta(hours=6 * k) for k in range(10)]
    days = {c.date() for c in created}
    assert days == {(now - timedelta(days=k)).date() for k in range(7)}
    # the last ten cover 2.5 days; the other days keep only their newest (18:00)
    older = [c for c in created[10:]]
    assert older == [datetime(2026, 3, d, 18, 0, tzinfo=UTC) for d in (17, 16, 15, 14)]


def test_migration_copies_are_listed_but_never_rotated(data_paths: DataPaths) -> None:
    with open_database(data_paths):
        pass
    copy = data_paths.backups / "pre-migration-0001-20250101T100000Z.sqlite3"
    copy.write_bytes(data_paths.database.read_bytes())
    for minute in range(12):
        backups.make_backup(data_paths, "auto", datetime(2026, 1, 1, 10, minute, tzinfo=UTC))
    names = [b.name for b in backups.list_backups(data_paths)]
    assert copy.name in names and len(names) == 11


def test_a_damaged_database_is_moved_aside_untouched_and_the_newest_good_backup_named(
    data_paths: DataPaths,
) -> None:
    with open_database(data_paths) as db:
        for n in range(40):
            workshops.create_workshop(db.engine, "t", f"Workshop {n}", question="words " * 200)
        older = backups.make_backup(data_paths, "open", datetime(2026, 1, 1, 9, tzinfo=UTC))
        newest = backups.make_backup(data_paths, "close", datetime(2026, 1, 1, 17, tzinfo=UTC))
    _corrupt(data_paths.database)
    damaged_bytes = _digest(data_paths.database)

    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(data_paths)

    err = caught.value
    assert err.newest_backup == newest.name != older.name
    assert "damaged" in str(err) and newest.name in str(err) and "coproduce backup restore" in str(err)
    assert err.damaged_path.parent == data_paths.damaged
    assert _digest(err.damaged_path) == damaged_bytes
    assert not data_paths.database.exists()
    # the lock was released and the backup restores
    backups.restore_backup(data_paths, err.newest_backup)
    assert len(_titles(data_paths)) == 40
    assert _digest(err.damaged_path) == damaged_bytes


def test_a_damaged_backup_is_not_offered_or_restored(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshops.create_workshop(db.engine, "t", "One", question="words " * 3000)
        good = backups.make_backup(data_paths, "open", datetime(2026, 1, 1, 9, tzinfo=UTC))
        bad = backups.make_backup(data_paths, "close", datetime(2026, 1, 1, 17, tzinfo=UTC))
    _corrupt(bad.path)
    _corrupt(data_paths.database)
    with pytest.raises(CorruptDatabaseError) as caught:
        open_database(data_paths)
    assert caught.value.newest_backup == good.name
    with pytest.raises(StorageError, match="damaged"):
        backups.restore_backup(data_paths, bad.name)


def test_scheduler_backs_up_every_ten_minutes_only_while_data_changes(data_paths: DataPaths) -> None:
    start = datetime(2026, 5, 1, 10, 0, tzinfo=UTC)
    with open_database(data_paths) as db:
        scheduler = BackupScheduler(data_paths, db.engine)
        assert scheduler.maybe_backup(start) is not None  # the first call takes a baseline
        assert scheduler.maybe_backup(start + timedelta(minutes=11)) is None  # nothing changed
        workshops.create_workshop(db.engine, "t", "A change")
        assert scheduler.maybe_backup(start + timedelta(minutes=12)) is not None
        workshops.create_workshop(db.engine, "t", "Another")
        assert scheduler.maybe_backup(start + timedelta(minutes=15)) is None  # too soon
        assert scheduler.maybe_backup(start + timedelta(minutes=22)) is not None
        assert scheduler.backup_now("close", start + timedelta(minutes=23)).reason == "close"
    assert [b.reason for b in backups.list_backups(data_paths)] == ["close", "auto", "auto", "auto"]
