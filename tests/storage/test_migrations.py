from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

from coproduce.errors import NewerDatabaseError, StorageError
from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.storage import migrate
from coproduce.storage.database import open_database
from coproduce.storage.engine import make_engine


def test_new_database_matches_the_models(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), SQLModel.metadata) == []
        with db.engine.connect() as connection:
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            fks = connection.exec_driver_sql("PRAGMA foreign_keys").scalar()
            sync = connection.exec_driver_sql("PRAGMA synchronous").scalar()
        assert (mode, fks, sync) == ("wal", 1, 2)


def test_database_at_first_revision_is_upgraded_with_its_data_intact(data_paths: DataPaths) -> None:
    data_paths.ensure()
    engine = make_engine(data_paths.database)
    migrate.upgrade(engine, data_paths.database, data_paths.backups, target="0001")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO workshop (id, title, place, venue, question, proposal_status, preferred_option, "
            "influence, status, archived, created_at, updated_at) "
            "VALUES ('w1', 'Old workshop', 'Romsey', '', "
            "'What next?', 'options_open', '', 'consult', 'draft', 0, '2025-01-01T10:00:00.000000Z', "
            "'2025-01-01T10:00:00.000000Z')"
        )
    engine.dispose()
    assert migrate.current_revision(make_engine(data_paths.database)) == "0001"

    with open_database(data_paths) as db:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        assert db.migration_backup is not None and db.migration_backup.exists()
        details = workshops.get_workshop(db.engine, "w1")
        assert (details.workshop.title, details.workshop.place, details.workshop.influence) == (
            "Old workshop",
            "Romsey",
            "consult",
        )
    # the copy taken before migrating is still at the old revision
    copy = sqlite3.connect(db.migration_backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    copy.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_version_is_refused_and_left_untouched(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshops.create_workshop(db.engine, "t", "Kept as it is")
    connection = sqlite3.connect(data_paths.database)
    connection.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    connection.commit()
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    before = _digest(data_paths.database)
    with pytest.raises(NewerDatabaseError, match="newer version of coproduce"):
        open_database(data_paths)
    assert _digest(data_paths.database) == before
    # and the lock was released: a corrected database opens again
    connection = sqlite3.connect(data_paths.database)
    connection.execute(f"UPDATE alembic_version SET version_num = '{migrate.head_revision()}'")
    connection.commit()
    connection.close()
    with open_database(data_paths) as db:
        assert [w.title for w in workshops.list_workshops(db.engine)] == ["Kept as it is"]


def test_a_file_that_is_not_a_database_is_refused_and_kept(data_paths: DataPaths) -> None:
    data_paths.ensure()
    data_paths.database.write_bytes(b"this is a shopping list, not a database\n" * 10)
    before = _digest(data_paths.database)
    with pytest.raises(StorageError, match="not a coproduce database"):
        open_database(data_paths)
    assert _digest(data_paths.database) == before
