from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from coproduce.errors import LockedError, StorageError
from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.storage.database import open_database


def test_a_second_copy_is_told_and_nothing_is_corrupted(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshops.create_workshop(db.engine, "t", "First copy's workshop")
        script = textwrap.dedent(
            f"""
            import sys
            from pathlib import Path
            from coproduce.errors import LockedError
            from coproduce.paths import DataPaths
            from coproduce.storage.database import open_database
            try:
                open_database(DataPaths(Path({str(data_paths.root)!r})))
            except LockedError as err:
                print(err)
                sys.exit(3)
            sys.exit(0)
            """
        )
        child = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
        assert child.returncode == 3, child.stderr
        assert "already open" in child.stdout
        with pytest.raises(LockedError):
            open_database(data_paths)  # a second open in the same process is refused as well
        workshops.create_workshop(db.engine, "t", "Still writable")
    with open_database(data_paths) as db:
        titles = sorted(w.title for w in workshops.list_workshops(db.engine))
    assert titles == ["First copy's workshop", "Still writable"]


def test_the_cli_reports_a_locked_folder_plainly(data_paths: DataPaths) -> None:
    with open_database(data_paths):
        child = subprocess.run(
            [sys.executable, "-m", "coproduce", "--data-dir", str(data_paths.root), "list"],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert child.returncode == 2
    assert "already open with this data folder" in child.stderr
    assert "Traceback" not in child.stderr


def test_a_folder_that_cannot_be_written_is_said_plainly_and_left_as_it_was(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshops.create_workshop(db.engine, "t", "Kept")
    data_paths.lock_file.unlink()
    data_paths.lock_file.mkdir()  # the lock file cannot be opened for writing, as on a read-only stick
    with pytest.raises(StorageError) as raised:
        open_database(data_paths)
    assert "cannot write to its data folder" in str(raised.value)
    assert str(data_paths.root) in str(raised.value)
    data_paths.lock_file.rmdir()
    with open_database(data_paths) as db:
        assert [w.title for w in workshops.list_workshops(db.engine)] == ["Kept"]


def test_the_command_line_says_so_without_a_traceback(data_paths: DataPaths) -> None:
    data_paths.root.mkdir(parents=True, exist_ok=True)
    data_paths.lock_file.mkdir()
    child = subprocess.run(
        [sys.executable, "-m", "coproduce", "--data-dir", str(data_paths.root), "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.returncode != 0
    assert "cannot write to its data folder" in child.stderr
    assert "Traceback" not in child.stderr
