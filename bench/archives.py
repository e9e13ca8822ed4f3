"""Merging a programme: 50 archives holding 100,000 contributions in all, imported into one laptop.

``.venv/bin/python bench/archives.py [runs] [workshops] [contributions per workshop]``

Builds the workshops once (through the real services for workshops, exercises, people and consent; the
contributions in bulk with the same rows and hash-chained events the service writes), then for each run:
exports every workshop to a ``.coproduce`` file, imports all of them into a fresh data folder, and builds
the programme report. Prints a Markdown table with the median, min and max of each. Target: the merge
(import of all archives) under 30 s on a 2-core laptop.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from sqlalchemy import Engine, insert
from sqlmodel import Session

from coproduce.paths import DataPaths
from coproduce.services import consent, exercises, participants, workshops
from coproduce.services.archive_export import export_archive
from coproduce.services.archive_import import import_archive
from coproduce.services.participants import ParticipantInput
from coproduce.services.programme import programme, render_programme_text
from coproduce.services.unit import snapshot
from coproduce.storage.database import open_database
from coproduce.storage.events import Event, event_hash, last_hash
from coproduce.storage.models import Contribution, new_id

_VOCABULARY = (
    "appointment waiting carer bus parking evening clinic pharmacy interpreter ramp queue phone app letter "
    "respite dementia housing damp GP nurse walk-in centre urgent community volunteer cafe transport night "
    "weekend children school mental health advice leaflet language Polish Bengali Urdu access toilet hoist "
    "loop deaf blind wheelchair cost travel time booking online paper reception kind rude listened ignored"
)
WORDS = _VOCABULARY.split()
ROLES = ["carer", "service_user", "resident", "volunteer", "vcse", "housing", "staff"]


def _text(rng: random.Random) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 40))).capitalize() + "."


def build_workshop(engine: Engine, index: int, contributions: int, rng: random.Random) -> str:
    workshop_id = workshops.create_workshop(
        engine,
        "bench",
        f"Workshop {index + 1}: urgent care",
        place=rng.choice(["Romsey", "Totton", "Eastleigh"]),
    )
    exercise_ids = [
        exercises.add_exercise(
            engine,
            "bench",
            workshop_id,
            exercises.ExerciseInput(f"Principle {n}", n, kinds=["idea", "concern"]),
        )
        for n in range(1, 7)
    ]
    consent.current_statement(engine, "bench", workshop_id)
    people = []
    for n in range(12):
        person = participants.add_participant(
            engine, "bench", workshop_id, ParticipantInput(pseudonym=f"P{n}", roles=[rng.choice(ROLES)])
        )
        consent.record_consent(engine, "bench", person, method="on_screen")
        people.append(person)
    now = datetime.now(UTC)
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    with Session(engine) as session:
        prev = last_hash(session, workshop_id)
        for _ in range(contributions):
            item = Contribution(
                workshop_id=workshop_id,
                exercise_id=rng.choice(exercise_ids),
                participant_id=rng.choice([*people, None]),
                kind=rng.choice(["idea", "concern"]),
                text=_text(rng),
                created_at=now,
                updated_at=now,
            )
            rows.append(item.model_dump())
            event = {
                "id": new_id(),
                "chain": workshop_id,
                "at": now,
                "actor": "bench",
                "action": "contribution.create",
                "entity": "contribution",
                "entity_id": item.id,
                "before": None,
                "after": snapshot(item),
                "prev_hash": prev,
            }
            event["hash"] = prev = event_hash(cast(Event, SimpleNamespace(**event)))
            events.append(event)
        connection = session.connection()
        connection.execute(insert(Contribution.__table__), rows)  # type: ignore[attr-defined]
        connection.execute(insert(Event.__table__), events)  # type: ignore[attr-defined]
        session.commit()
    return workshop_id


def _row(name: str, times: list[float]) -> str:
    return f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |"


def main(runs: int = 3, count: int = 50, per_workshop: int = 2000) -> None:
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        source = DataPaths(folder / "source")
        started = time.perf_counter()
        with open_database(source) as db:
            ids = [build_workshop(db.engine, n, per_workshop, rng) for n in range(count)]
        print(
            f"built {count} workshops x {per_workshop} contributions in {time.perf_counter() - started:.1f} s"
        )
        exports: list[float] = []
        imports: list[float] = []
        reports: list[float] = []
        size = 0
        for run in range(runs):
            out = folder / f"archives-{run}"
            with open_database(source) as db:
                started = time.perf_counter()
                files = [
                    export_archive(db.engine, wid, out / f"w{n:02}.coproduce").path
                    for n, wid in enumerate(ids)
                ]
                exports.append(time.perf_counter() - started)
            size = sum(f.stat().st_size for f in files)
            with open_database(DataPaths(folder / f"merged-{run}")) as db:
                started = time.perf_counter()
                for path in files:
                    result = import_archive(db.engine, "lead", path)
                    assert result.outcome == "imported", result.outcome
                imports.append(time.perf_counter() - started)
                started = time.perf_counter()
                text = render_programme_text(programme(db.engine))
                reports.append(time.perf_counter() - started)
                view = programme(db.engine)
                assert sum(line.contributions for line in view.workshops) == count * per_workshop
                assert "Programme of workshops" in text
    print()
    print(
        f"{count} archives, {count * per_workshop:,} contributions, "
        f"{size / 1e6:.1f} MB of archives, {runs} runs"
    )
    print()
    print("| step (all archives) | median s | min s | max s |")
    print("|---|---|---|---|")
    print(_row(f"export {count} workshops", exports))
    print(_row(f"import (merge) {count} archives", imports))
    print(_row("programme report", reports))
    print(_row("merge + report", [a + b for a, b in zip(imports, reports, strict=True)]))


if __name__ == "__main__":
    args = [int(a) for a in sys.argv[1:]]
    main(*args)
