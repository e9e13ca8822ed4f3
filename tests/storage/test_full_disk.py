"""A full disk or a read-only data folder: a clear message, and nothing already saved is lost."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, event

from coproduce.errors import StorageError
from coproduce.paths import DataPaths
from coproduce.services import contributions, exercises, workshops
from coproduce.storage.database import open_database
from coproduce.storage.engine import _set_pragmas, make_engine


def _saved(paths: DataPaths) -> tuple[str, list[str]]:
    with open_database(paths) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Limits")
        exercise_id = exercises.add_exercise(
            db.engine, "t", workshop_id, exercises.ExerciseInput("Ideas", 2, kinds=["idea"])
        )
        ids = [
            contributions.add_contribution(db.engine, "t", exercise_id, f"Saved before {n}", "idea")
            for n in range(5)
        ]
    return exercise_id, ids


def _texts(paths: DataPaths, exercise_id: str) -> list[str]:
    with open_database(paths) as db:
        workshop_id = workshops.list_workshops(db.engine)[0].id
        return [c.text for c in contributions.list_contributions(db.engine, workshop_id)]


def _integrity(path: Path) -> list[tuple[str]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA integrity_check").fetchall()
    finally:
        connection.close()


def test_a_full_disk_gives_a_clear_message_and_loses_nothing(data_paths: DataPaths) -> None:
    exercise_id, _ = _saved(data_paths)
    engine = make_engine(data_paths.database)

    @event.listens_for(engine, "connect")
    def _no_room(dbapi_connection: Any, connection_record: Any) -> None:
        cursor = dbapi_connection.cursor()
        pages = cursor.execute("PRAGMA page_count").fetchone()[0]
        cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    try:
        with pytest.raises(StorageError) as caught:
            for n in range(50):
                contributions.add_contribution(
                    engine, "t", exercise_id, f"{n} " + "long words " * 900, "idea"
                )
    finally:
        engine.dispose()
    message = str(caught.value)
    assert "could not be saved" in message and "disk is full" in message
    assert "nothing typed has been lost" in message
    texts = _texts(data_paths, exercise_id)
    assert [t for t in texts if t.startswith("Saved before")] == [f"Saved before {n}" for n in range(5)]
    assert _integrity(data_paths.database) == [("ok",)]
    # with room again, saving works
    with open_database(data_paths) as db:
        contributions.add_contribution(db.engine, "t", exercise_id, "After freeing space", "idea")
    assert "After freeing space" in _texts(data_paths, exercise_id)


def _read_only_engine(paths: DataPaths) -> tuple[Engine, list[Path]]:
    """An engine that cannot write: a read-only folder, or (as root, where chmod does not bind) a read-only
    connection, which is what SQLite gives a program that may not write the folder."""
    if hasattr(os, "geteuid") and os.geteuid() != 0:
        changed = [paths.root, *paths.root.glob("coproduce.sqlite3*")]
        for path in changed:
            path.chmod(0o555 if path.is_dir() else 0o444)
        return make_engine(paths.database), changed
    engine = create_engine(
        f"sqlite:///file:{paths.database}?mode=ro&uri=true", connect_args={"check_same_thread": False}
    )
    event.listen(engine, "connect", _set_pragmas)
    return engine, []


def test_a_read_only_folder_gives_a_clear_message_and_loses_nothing(data_paths: DataPaths) -> None:
    exercise_id, _ = _saved(data_paths)
    engine, changed = _read_only_engine(data_paths)
    try:
        with pytest.raises(StorageError, match="could not be saved: the data folder is read-only"):
            contributions.add_contribution(engine, "t", exercise_id, "Typed while read-only", "idea")
    finally:
        engine.dispose()
        for path in changed:
            path.chmod(0o755 if path.is_dir() else 0o644)
    texts = _texts(data_paths, exercise_id)
    assert texts == [f"Saved before {n}" for n in range(5)]
    assert _integrity(data_paths.database) == [("ok",)]
