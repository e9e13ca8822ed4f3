""" "You said, we did": outcomes need a reason where the input was not adopted as it was, and the ledger
lists every input that may appear in the record."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import consent, contributions, outcomes
from tests.services._room import ACTOR, Room, events, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


@pytest.mark.parametrize("outcome", ["not_adopted", "out_of_scope", "adopted_with_changes"])
def test_a_reason_is_required_where_input_was_not_adopted_as_it_was(
    engine: Engine, room: Room, outcome: str
) -> None:
    with pytest.raises(ValidationError, match="Give a reason"):
        outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", room.ideas[0], outcome, "  ")
    assert outcomes.ledger(engine, room.workshop_id)[0].outcome is None
    outcomes.set_outcome(
        engine, ACTOR, room.workshop_id, "contribution", room.ideas[0], outcome, "Funding ends in March."
    )
    row = next(r for r in outcomes.ledger(engine, room.workshop_id) if r.target_id == room.ideas[0])
    assert (row.outcome, row.reason) == (outcome, "Funding ends in March.")


def test_adopted_and_still_to_consider_need_no_reason(engine: Engine, room: Room) -> None:
    outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", room.ideas[0], "adopted")
    outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", room.ideas[1], "to_consider")
    given = {r.target_id: r.outcome for r in outcomes.ledger(engine, room.workshop_id)}
    assert given == {room.ideas[0]: "adopted", room.ideas[1]: "to_consider", room.ideas[2]: None}


def test_changing_an_outcome_is_an_event_with_before_and_after(engine: Engine, room: Room) -> None:
    target = room.ideas[0]
    outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", target, "to_consider")
    outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", target, "to_consider")  # no change
    outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", target, "not_adopted", "No budget.")
    trail = [e for e in events(engine, room.workshop_id) if e.action.startswith("outcome.")]
    assert [e.action for e in trail] == ["outcome.create", "outcome.update"]
    assert trail[1].before == {"outcome": "to_consider", "reason": ""}
    assert trail[1].after == {"outcome": "not_adopted", "reason": "No budget."}


def test_the_ledger_lists_every_exportable_input(engine: Engine, room: Room) -> None:
    theme = contributions.add_theme(engine, ACTOR, room.workshop_id, "Evenings", exercise_id=room.exercise_id)
    hidden = contributions.add_contribution(engine, ACTOR, room.exercise_id, "Off topic", "idea")
    contributions.hide_contribution(engine, ACTOR, hidden, "Said by mistake")
    removed = contributions.add_contribution(
        engine, ACTOR, room.exercise_id, "Withdrawn idea", "idea", participant_id=room.resident
    )
    consent.withdraw(engine, ACTOR, room.resident, choice="remove")
    anonymous = contributions.add_contribution(engine, ACTOR, room.exercise_id, "Paper idea", "concern")

    rows = outcomes.ledger(engine, room.workshop_id)
    assert [(r.target_kind, r.target_id) for r in rows] == [
        ("theme", theme),
        *[("contribution", i) for i in room.ideas],
        ("contribution", anonymous),
    ]
    assert hidden not in {r.target_id for r in rows} and removed not in {r.target_id for r in rows}
    assert all(r.exercise == "Ideas and priorities" and r.principle == 2 for r in rows)
    assert outcomes.outcome_label(None) == "No outcome yet"


def test_outcomes_stay_in_their_workshop(engine: Engine, room: Room) -> None:
    other = make_room(engine, "Elsewhere")
    with pytest.raises(ValidationError, match="another workshop"):
        outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", other.ideas[0], "adopted")
    with pytest.raises(ValidationError, match="must be one of"):
        outcomes.set_outcome(engine, ACTOR, room.workshop_id, "contribution", room.ideas[0], "ignored")
