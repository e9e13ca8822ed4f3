"""Who said it can be corrected after saving: only to people whose consent allows it, each change an event."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import contribution_rows, contributions
from tests.services._room import ACTOR, events, make_room


def test_attribution_can_be_corrected_with_its_event_and_history(engine: Engine) -> None:
    room = make_room(engine)
    item = room.ideas[0]
    contributions.attribute_contribution(engine, ACTOR, item, room.resident)
    contributions.attribute_contribution(engine, ACTOR, item, None)  # made anonymous again
    [row] = contribution_rows.contribution_rows(engine, room.workshop_id, [item])
    assert row.participant_id is None and row.participant_label == ""
    changes = [e for e in events(engine, room.workshop_id) if e.action == "contribution.attribute"]
    assert len(changes) == 2
    history = [h.action for h in contribution_rows.contribution_history(engine, item)]
    assert history == ["contribution.create", "contribution.attribute", "contribution.attribute"]
    contributions.attribute_contribution(engine, ACTOR, item, None)  # no change: no event
    assert len([e for e in events(engine, room.workshop_id) if e.action == "contribution.attribute"]) == 2


def test_attribution_refused_without_consent(engine: Engine) -> None:
    room = make_room(engine)
    with pytest.raises(ValidationError, match="no consent"):
        contributions.attribute_contribution(engine, ACTOR, room.ideas[1], room.no_consent)
    [row] = contribution_rows.contribution_rows(engine, room.workshop_id, [room.ideas[1]])
    assert row.participant_id == room.carer
