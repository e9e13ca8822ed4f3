"""An empty ballot (no dots, nothing ranked) is refused plainly, never saved and counted. An approval ballot
with nothing ticked stays allowed: "none of these would work for me" is an answer (the demo has one)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import votes
from coproduce.services.votes import OptionInput
from tests.services._room import ACTOR, Room, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


@pytest.mark.parametrize(
    ("method", "content", "message"),
    [
        ("dots", {"dots": {}}, "at least one dot"),
        ("ranking", {"ranking": []}, "at least one option"),
    ],
)
def test_empty_ballot_is_refused(
    engine: Engine, room: Room, method: str, content: dict[str, object], message: str
) -> None:
    options = [OptionInput(contribution_id=c) for c in room.ideas]
    vote_id = votes.create_vote(engine, ACTOR, room.workshop_id, "Which matter most?", method, options)
    with pytest.raises(ValidationError, match=message):
        votes.cast_ballot(engine, ACTOR, vote_id, content)
    if method == "dots":
        first = votes.options_in_shown_order(engine, vote_id)[0].id
        with pytest.raises(ValidationError, match="at least one dot"):
            votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {first: 0}})
        votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {first: 1}})
        assert votes.ballot_count(engine, vote_id) == 1
    else:
        assert votes.ballot_count(engine, vote_id) == 0


def test_approval_with_nothing_ticked_is_an_answer(engine: Engine, room: Room) -> None:
    options = [OptionInput(contribution_id=c) for c in room.ideas]
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Which could you support?", "approval", options
    )
    votes.cast_ballot(engine, ACTOR, vote_id, {"approved": []})
    assert votes.ballot_count(engine, vote_id) == 1
