"""Taking an exercise out of the running order: only one never run with no contributions in use, as an
event; readiness and the signed record no longer count it."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from coproduce.errors import ValidationError
from coproduce.record.canonical import build_record
from coproduce.services import contributions, exercises, readiness
from tests.services._room import ACTOR, events, make_room


def _record_titles(engine: Engine, workshop_id: str) -> str:
    with Session(engine) as session:
        record = build_record(
            session,
            workshop_id,
            record_id="r",
            revision=1,
            amends_sha256="",
            signer={"name": "t"},
            gaps_reason="",
            generated_at=dt.datetime(2026, 12, 4, tzinfo=dt.UTC),
        )
    return repr(record)


def test_an_unused_exercise_is_removed_as_an_event_and_no_longer_counted(engine: Engine) -> None:
    room = make_room(engine)
    mistake = exercises.add_exercise(engine, ACTOR, room.workshop_id, exercises.from_template("carers-check"))
    title = exercises.get_exercise(engine, mistake).title
    gap = next(c for c in readiness.check(engine, room.workshop_id) if c.key == "exercise_time")
    assert title in gap.detail and title in _record_titles(engine, room.workshop_id)

    exercises.remove_exercise(engine, ACTOR, mistake)

    assert [e.id for e in exercises.list_exercises(engine, room.workshop_id)] == [room.exercise_id]
    assert exercises.get_exercise(engine, mistake).hidden  # kept, not deleted
    [event] = [e for e in events(engine, room.workshop_id) if e.action == "exercise.remove"]
    assert event.entity_id == mistake
    gap = next(c for c in readiness.check(engine, room.workshop_id) if c.key == "exercise_time")
    assert title not in gap.detail
    assert title not in _record_titles(engine, room.workshop_id)
    exercises.move_exercise(engine, ACTOR, room.exercise_id, +1)  # the order no longer sees it
    assert exercises.list_exercises(engine, room.workshop_id)[0].position == 1


def test_an_exercise_with_contributions_or_a_run_is_refused_plainly(engine: Engine) -> None:
    room = make_room(engine)
    with pytest.raises(ValidationError, match="Hide them first"):
        exercises.remove_exercise(engine, ACTOR, room.exercise_id)
    for item in room.ideas:
        contributions.hide_contribution(engine, ACTOR, item, "added to the wrong exercise")
    ran = exercises.add_exercise(engine, ACTOR, room.workshop_id, exercises.from_template("carers-check"))
    exercises.start_exercise(engine, ACTOR, ran)
    with pytest.raises(ValidationError, match="is running — stop it first"):
        exercises.remove_exercise(engine, ACTOR, ran)
    exercises.stop_exercise(engine, ACTOR, ran)
    with pytest.raises(ValidationError, match="has been run"):
        exercises.remove_exercise(engine, ACTOR, ran)
    exercises.remove_exercise(engine, ACTOR, room.exercise_id)  # every contribution hidden: nothing in use
    assert [e.id for e in exercises.list_exercises(engine, room.workshop_id)] == [ran]
