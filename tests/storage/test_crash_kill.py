"""Kill the app's storage mid-write, again and again: nothing it reported as saved may be lost.

A child process opens the data folder with ``open_database`` and adds contributions through the real service
as fast as it can, printing each id only after the call returned. The parent kills it with SIGKILL at a
random moment, then proves every reported id is in the database and ``PRAGMA integrity_check`` is ok.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from coproduce.paths import DataPaths
from coproduce.services import exercises, workshops
from coproduce.storage.database import open_database

KILLS = 24
TIME_BUDGET_S = 60.0

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from coproduce.paths import DataPaths
    from coproduce.services.contributions import add_contribution
    from coproduce.storage.database import open_database

    db = open_database(DataPaths(Path(sys.argv[1])))
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        text = f"Contribution {n} " + "words " * (n % 50)
        saved = add_contribution(db.engine, "writer", sys.argv[2], text, "idea")
        print(saved, flush=True)
    """
)


def _start(paths: DataPaths, exercise_id: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, str(paths.root), exercise_id],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_contributions_reported_saved_survive_sigkill(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Crash test")
        exercise_id = exercises.add_exercise(
            db.engine, "t", workshop_id, exercises.ExerciseInput("Ideas", 2, kinds=["idea"])
        )
    rng = random.Random(20260314)
    reported: set[str] = set()
    started = time.monotonic()
    kills = 0
    while kills < KILLS and time.monotonic() - started < TIME_BUDGET_S:
        child = _start(data_paths, exercise_id)
        assert child.stdout is not None
        first = child.stdout.readline().strip()
        if first != "ready":
            _, err = child.communicate(timeout=30)
            pytest.fail(f"the writer did not start: {err}")
        time.sleep(rng.uniform(0.0, 0.25))
        child.send_signal(signal.SIGKILL)
        out, _ = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL
        kills += 1
        # the last line may have been cut mid-write: only whole ids count as reported
        reported.update(line for line in out.splitlines() if len(line) == 36)

        connection = sqlite3.connect(data_paths.database)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            stored = {row[0] for row in connection.execute("SELECT id FROM contribution")}
        finally:
            connection.close()
        missing = reported - stored
        assert not missing, f"after kill {kills}: {len(missing)} reported contributions are gone"
    assert kills >= 20, f"only {kills} kills fitted in {TIME_BUDGET_S} s"
    assert len(reported) > 50
    # and the app still opens the folder normally afterwards (the lock died with the child)
    with open_database(data_paths) as db:
        [summary] = workshops.list_workshops(db.engine)
        assert summary.contributions >= len(reported)
