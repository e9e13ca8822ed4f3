from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlmodel import Session, col, select

from coproduce.cli import main
from coproduce.paths import DataPaths
from coproduce.services import contributions, exercises, workshops
from coproduce.storage import backups
from coproduce.storage.database import open_database
from coproduce.storage.events import Event


def _workshop(paths: DataPaths) -> tuple[str, list[Event]]:
    with open_database(paths) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Audited", place="Fareham")
        exercise_id = exercises.add_exercise(
            db.engine, "t", workshop_id, exercises.ExerciseInput("Ideas", 2, kinds=["idea"])
        )
        for text in ("Evening clinics", "A bus from Portchester", "Carers' parking"):
            contributions.add_contribution(db.engine, "t", exercise_id, text, "idea")
        with Session(db.engine) as session:
            events = list(
                session.exec(select(Event).where(Event.chain == workshop_id).order_by(col(Event.seq)))
            )
    return workshop_id, events


def test_audit_verify_names_the_first_altered_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = DataPaths(tmp_path / "data")
    workshop_id, events = _workshop(paths)
    assert main(["--data-dir", str(paths.root), "audit", "verify", workshop_id]) == 0
    assert f"OK\tAudited\t{len(events)} events" in capsys.readouterr().out

    target = events[3]
    connection = sqlite3.connect(paths.database)
    after = dict(target.after or {}, text="Something nobody said")
    connection.execute("UPDATE event SET after = ? WHERE id = ?", (json.dumps(after), target.id))
    connection.commit()
    connection.close()

    assert main(["--data-dir", str(paths.root), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert f"ALTERED\tAudited\t{workshop_id}" in out
    assert f"number {target.seq} (id {target.id}, “contribution.create”" in out
    assert "altered" in out


def test_backup_now_list_and_restore(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    paths = DataPaths(tmp_path / "data")
    root = ["--data-dir", str(paths.root)]
    _workshop(paths)
    assert main([*root, "backup", "now"]) == 0
    with open_database(paths) as db:
        workshops.create_workshop(db.engine, "t", "After the backup")
    capsys.readouterr()
    assert main([*root, "backup", "list"]) == 0
    [line] = capsys.readouterr().out.strip().splitlines()
    name = line.split("\t")[0]
    assert name == backups.list_backups(paths)[0].name and "manual" in line
    assert main([*root, "backup", "restore", name]) == 0
    assert "kept, unchanged" in capsys.readouterr().out
    with open_database(paths) as db:
        assert [w.title for w in workshops.list_workshops(db.engine)] == ["Audited"]
    assert main([*root, "backup", "restore", "missing.sqlite3"]) == 2
    assert "no backup called" in capsys.readouterr().err


def test_archive_export_import_and_programme(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source, target = DataPaths(tmp_path / "source"), DataPaths(tmp_path / "target")
    workshop_id, _ = _workshop(source)
    archive = tmp_path / "audited.coproduce"
    assert main(["--data-dir", str(source.root), "archive", "export", workshop_id, str(archive)]) == 0
    assert main(["--data-dir", str(target.root), "archive", "import", str(archive), str(archive)]) == 0
    out = capsys.readouterr().out
    assert "Imported “Audited”" in out and "already here" in out
    bad = tmp_path / "bad.coproduce"
    bad.write_text("no")
    assert main(["--data-dir", str(target.root), "archive", "import", str(bad)]) == 2
    assert "not a zip file" in capsys.readouterr().err
    for command in (["programme"], ["report", "programme"]):
        assert main(["--data-dir", str(target.root), *command]) == 0
        text = capsys.readouterr().out
        assert "Programme of workshops" in text and "Audited" in text
        assert "Partnership" in text
