"""Exercises in running order with their run times, the fast contributions list with edit history, and
principle coverage with its plain warnings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine
from sqlmodel import Session

from coproduce.errors import ValidationError
from coproduce.services import (
    consent,
    contribution_rows,
    contributions,
    coverage,
    demo,
    exercises,
    participants,
    workshops,
)
from coproduce.services.participants import ParticipantInput
from coproduce.storage.events import verify_chain


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    wid = workshops.create_workshop(engine, "t", "Carers in Gosport")
    consent.current_statement(engine, "t", wid)
    return wid


def _person(engine: Engine, workshop_id: str, roles: list[str], name: str) -> str:
    pid = participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(display_name=name, roles=roles)
    )
    consent.record_consent(engine, "t", pid, method="paper", be_named=True)
    return pid


def test_running_order_moves_and_run_times_are_recorded(engine: Engine, workshop_id: str) -> None:
    ids = [
        exercises.add_exercise(engine, "t", workshop_id, exercises.from_template(t))
        for t in ("what-matters-to-me", "carers-check", "offers-and-pledges")
    ]
    exercises.move_exercise(engine, "t", ids[2], -1)
    assert [e.id for e in exercises.list_exercises(engine, workshop_id)] == [ids[0], ids[2], ids[1]]
    exercises.move_exercise(engine, "t", ids[0], -1)  # already first: nothing changes
    exercises.move_exercise(engine, "t", ids[1], +1)  # already last
    assert [e.position for e in exercises.list_exercises(engine, workshop_id)] == [1, 2, 3]

    exercises.start_exercise(engine, "t", ids[0])
    assert (running := exercises.running_exercise(engine, workshop_id)) is not None and running.id == ids[0]
    exercises.stop_exercise(engine, "t", ids[0])
    assert exercises.running_exercise(engine, workshop_id) is None

    start = dt.datetime(2026, 11, 14, 10, 0, tzinfo=dt.UTC)
    exercises.record_run(engine, "t", ids[1], start, start + dt.timedelta(minutes=17, seconds=30))
    ran = exercises.get_exercise(engine, ids[1])
    assert ran.seconds_run == 17 * 60 + 30 and ran.started_at == start
    with pytest.raises(ValidationError, match="stop after it starts"):
        exercises.record_run(engine, "t", ids[1], start, start)
    with Session(engine) as session:
        assert verify_chain(session, workshop_id).ok


def test_the_list_rows_join_everything_in_one_query_and_history_keeps_every_version(
    engine: Engine, workshop_id: str
) -> None:
    exercise_id = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    sue = _person(engine, workshop_id, ["carer"], "Sue Barker")
    first = contributions.add_contribution(
        engine, "t", exercise_id, "A sitter service", "need", participant_id=sue
    )
    second = contributions.add_contribution(
        engine, "t", exercise_id, "A sitter service!", "need", source="paper"
    )
    theme = contributions.add_theme(engine, "t", workshop_id, "Respite")
    contributions.set_theme(engine, "t", [first], theme)
    contributions.mark_duplicate(engine, "t", second, first)
    contributions.edit_contribution(engine, "t", first, "A sitter service at night", "idea")
    contributions.hide_contribution(engine, "t", second, "Said twice")

    rows = contribution_rows.list_contribution_rows(engine, workshop_id)
    assert [r.id for r in rows] == [first, second]
    a, b = rows
    assert (a.text, a.kind, a.participant_label, a.theme_name, a.principle) == (
        "A sitter service at night",
        "idea",
        "Sue Barker",
        "Respite",
        4,
    )
    assert a.exercise_title == "Carers' check" and a.created_at.tzinfo is not None
    assert (b.participant_label, b.source, b.hidden, b.hidden_reason, b.duplicate_of) == (
        "",
        "paper",
        True,
        "Said twice",
        first,
    )
    assert [r.id for r in contribution_rows.contribution_rows(engine, workshop_id, [second])] == [second]

    history = contribution_rows.contribution_history(engine, first)
    assert [h.action for h in history] == ["contribution.create", "contribution.theme", "contribution.edit"]
    edit = history[-1]
    assert edit.before == {"text": "A sitter service", "kind": "need"}
    assert edit.after == {"text": "A sitter service at night", "kind": "idea"}


def test_coverage_counts_each_principle_and_warns_plainly(engine: Engine, workshop_id: str) -> None:
    carers = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    ideas = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("ideas-and-priorities"))
    tom = _person(engine, workshop_id, ["resident"], "Tom")
    sue = _person(engine, workshop_id, ["carer"], "Sue")
    contributions.add_contribution(engine, "t", carers, "Nobody asks me", "what_doesnt", participant_id=tom)
    contributions.add_contribution(engine, "t", ideas, "Evening clinic", "idea", participant_id=tom)
    contributions.add_contribution(engine, "t", ideas, "Parking", "concern")
    hidden = contributions.add_contribution(engine, "t", ideas, "Off topic", "idea", participant_id=sue)
    contributions.hide_contribution(engine, "t", hidden, "Off topic")

    report = {c.principle: c for c in coverage.coverage(engine, workshop_id)}
    assert [t.title for t in report[2].exercises] == ["Ideas and priorities"]
    assert (report[2].contributions, report[2].participants, report[2].anonymous) == (2, 1, 1)
    assert report[4].warnings == ["No carer has contributed: principle 4 has no evidence."]
    assert report[1].warnings == ["No exercise serves principle 1 yet: principle 1 has no evidence."]
    assert report[2].has_evidence

    contributions.add_contribution(engine, "t", carers, "A sitter", "need", participant_id=sue)
    report = {c.principle: c for c in coverage.coverage(engine, workshop_id)}
    assert report[4].has_evidence and report[4].carer_contributions == 1 and report[4].participants == 2

    exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("offers-and-pledges"))
    assert "No contributions yet: principle 6 has no evidence." in coverage.warnings(engine, workshop_id)

    # someone who withdrew and asked for removal no longer counts as evidence
    consent.withdraw(engine, "t", sue, choice="remove")
    report = {c.principle: c for c in coverage.coverage(engine, workshop_id)}
    assert report[4].warnings == ["No carer has contributed: principle 4 has no evidence."]


def test_the_demo_covers_all_six_principles_with_runs_and_themes(engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    assert coverage.warnings(engine, workshop_id) == []
    ran = exercises.list_exercises(engine, workshop_id)
    assert all(e.seconds_run > 10 * 60 and e.stopped_at is not None for e in ran)
    themes = contributions.list_themes(engine, workshop_id)
    assert len(themes) == 4
    rows = contribution_rows.list_contribution_rows(engine, workshop_id)
    assert sum(1 for r in rows if r.theme_name == "Know the wait before you go") == 2
    assert len(rows) == 32
