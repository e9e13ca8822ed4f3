"""Ready to sign names a running exercise as still running, not as never run."""

from __future__ import annotations

from sqlalchemy import Engine

from coproduce.services import exercises, readiness
from tests.services._room import ACTOR, make_room


def _detail(engine: Engine, workshop_id: str) -> str:
    return next(c for c in readiness.check(engine, workshop_id) if c.key == "exercise_time").detail


def test_running_exercise_is_still_running_not_unrun(engine: Engine) -> None:
    room = make_room(engine)
    later = exercises.add_exercise(engine, ACTOR, room.workshop_id, exercises.from_template("carers-check"))
    exercises.start_exercise(engine, ACTOR, room.exercise_id)
    detail = _detail(engine, room.workshop_id)
    running = exercises.get_exercise(engine, room.exercise_id).title
    assert f"Still running — stop it to record its time: {running}" in detail
    assert "Not run (no time recorded): " + exercises.get_exercise(engine, later).title in detail
    assert f"Not run (no time recorded): {running}" not in detail
    exercises.stop_exercise(engine, ACTOR, room.exercise_id)
    assert "Still running" not in _detail(engine, room.workshop_id)
