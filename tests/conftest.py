"""Shared fixtures: a real SQLite database in tmp_path, opened the way the app opens it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("COPRODUCE_ACTOR", "tester")

from coproduce.paths import DataPaths
from coproduce.storage.database import Database, open_database


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "data")


@pytest.fixture
def database(data_paths: DataPaths) -> Iterator[Database]:
    db = open_database(data_paths)
    try:
        yield db
    finally:
        db.close()


@pytest.fixture
def engine(database: Database) -> Engine:
    return database.engine


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    return Path(__file__).resolve().parents[2] / "shared"
