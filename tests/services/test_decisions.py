"""Decisions and the divergence gate: nothing final without a rationale, a decider and evidence; going
against the room needs a written reason; final decisions are not changed silently; links stay in the
workshop."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import decisions, votes
from coproduce.services.decisions import DecisionInput
from coproduce.services.votes import OptionInput
from tests.services._room import ACTOR, Room, events, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


def _ranking(engine: Engine, room: Room) -> tuple[str, dict[str, str]]:
    """A closed ranking the room gave to "Walk-in" (first on every ballot)."""
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Rank the models",
        "ranking",
        [OptionInput("Walk-in"), OptionInput("Booked"), OptionInput("Hubs")],
    )
    o = {x.label: x.id for x in votes.options_in_shown_order(engine, vote_id)}
    for person in (room.carer, room.resident, room.staff):
        votes.cast_ballot(
            engine, ACTOR, vote_id, {"ranking": [o["Walk-in"], o["Hubs"], o["Booked"]]}, participant_id=person
        )
    votes.close_vote(engine, ACTOR, vote_id)
    return vote_id, o


def _consent(engine: Engine, room: Room, *, objection: bool) -> str:
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Consent: Sunday closing", "consent", proposal="Close on Sundays."
    )
    votes.cast_ballot(engine, ACTOR, vote_id, {"response": "agree"}, participant_id=room.staff)
    if objection:
        votes.cast_ballot(
            engine,
            ACTOR,
            vote_id,
            {"response": "object", "reason": "Carers work in the week."},
            participant_id=room.carer,
        )
    votes.close_vote(engine, ACTOR, vote_id)
    return vote_id


def _draft(engine: Engine, room: Room, **values: object) -> str:
    data = DecisionInput(
        **{  # type: ignore[arg-type]
            "statement": "Move to booked appointments.",
            "rationale": "Reaches more people for the same staff.",
            "decided_by": "ICB Primary Care Committee",
            "decided_by_role": "Commissioning committee",
            **values,
        }
    )
    return decisions.create_decision(engine, ACTOR, room.workshop_id, data)


def _status(engine: Engine, room: Room, decision_id: str) -> str:
    return next(d.status for d in decisions.list_decisions(engine, room.workshop_id) if d.id == decision_id)


def test_the_gate_refuses_a_decision_without_rationale_decider_or_links(engine: Engine, room: Room) -> None:
    no_rationale = _draft(engine, room, rationale="")
    decisions.set_links(engine, ACTOR, no_rationale, [("contribution", room.ideas[0])])
    with pytest.raises(ValidationError, match="rationale"):
        decisions.finalise(engine, ACTOR, no_rationale)

    no_decider = _draft(engine, room, decided_by="")
    decisions.set_links(engine, ACTOR, no_decider, [("contribution", room.ideas[0])])
    with pytest.raises(ValidationError, match="who decided"):
        decisions.finalise(engine, ACTOR, no_decider)

    no_links = _draft(engine, room)
    with pytest.raises(ValidationError, match="Link the contributions"):
        decisions.finalise(engine, ACTOR, no_links)
    for decision_id in (no_rationale, no_decider, no_links):
        assert _status(engine, room, decision_id) == "draft"

    decisions.set_links(engine, ACTOR, no_links, [("theme", _theme(engine, room))])
    decisions.finalise(engine, ACTOR, no_links)
    assert _status(engine, room, no_links) == "final"
    final = next(d for d in decisions.list_decisions(engine, room.workshop_id) if d.id == no_links)
    assert final.decided_on == dt.date.today()


def _theme(engine: Engine, room: Room) -> str:
    from coproduce.services import contributions

    return contributions.add_theme(engine, ACTOR, room.workshop_id, "Support in the evenings")


def test_going_against_a_ranking_needs_a_written_reason(engine: Engine, room: Room) -> None:
    vote_id, o = _ranking(engine, room)
    decision_id = _draft(engine, room)
    decisions.set_links(engine, ACTOR, decision_id, [("vote", vote_id), ("adopts_option", o["Booked"])])
    [divergence] = decisions.divergences(engine, decision_id)
    assert (divergence.vote_title, divergence.room_view, divergence.decision_view) == (
        "Rank the models",
        "Walk-in",
        "Booked",
    )
    with pytest.raises(ValidationError, match="goes against the room"):
        decisions.finalise(engine, ACTOR, decision_id)
    assert _status(engine, room, decision_id) == "draft"
    decisions.update_decision(
        engine,
        ACTOR,
        decision_id,
        DecisionInput(
            statement="Move to booked appointments.",
            rationale="Reaches more people for the same staff.",
            decided_by="ICB Primary Care Committee",
            divergence_reason="A walk-in centre needs nine more nurses than can be recruited.",
        ),
    )
    decisions.finalise(engine, ACTOR, decision_id)
    assert _status(engine, room, decision_id) == "final"


def test_adopting_the_rooms_choice_is_not_a_divergence(engine: Engine, room: Room) -> None:
    _vote, o = _ranking(engine, room)
    decision_id = _draft(engine, room, statement="Keep the walk-in centre.")
    decisions.set_links(engine, ACTOR, decision_id, [("adopts_option", o["Walk-in"])])
    assert decisions.divergences(engine, decision_id) == []
    decisions.finalise(engine, ACTOR, decision_id)


def test_going_against_a_dot_vote_majority_needs_a_reason(engine: Engine, room: Room) -> None:
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Dots",
        "dots",
        [OptionInput(contribution_id=c) for c in room.ideas],
        allowance=3,
    )
    top, other, _ = (o.id for o in votes.options_in_shown_order(engine, vote_id))
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {top: 3}}, participant_id=room.carer)
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {top: 2, other: 1}}, participant_id=room.staff)
    decision_id = _draft(engine, room)
    decisions.set_links(engine, ACTOR, decision_id, [("adopts_option", other)])
    with pytest.raises(ValidationError, match="Close the vote"):
        decisions.finalise(engine, ACTOR, decision_id)  # can't be checked while the vote is open
    votes.close_vote(engine, ACTOR, vote_id)
    assert len(decisions.divergences(engine, decision_id)) == 1
    with pytest.raises(ValidationError, match="goes against the room"):
        decisions.finalise(engine, ACTOR, decision_id)


def test_going_ahead_despite_an_objection_needs_a_reason(engine: Engine, room: Room) -> None:
    blocked = _consent(engine, room, objection=True)
    decision_id = _draft(engine, room, statement="Close on Sundays.")
    decisions.set_links(engine, ACTOR, decision_id, [("adopts_proposal", blocked)])
    [divergence] = decisions.divergences(engine, decision_id)
    assert divergence.room_view == "The room objected to the proposal"
    with pytest.raises(ValidationError, match="written reason"):
        decisions.finalise(engine, ACTOR, decision_id)

    consented = _consent(engine, room, objection=False)
    rejecting = _draft(engine, room, statement="Stay open on Sundays.")
    decisions.set_links(engine, ACTOR, rejecting, [("rejects_proposal", consented)])
    assert decisions.divergences(engine, rejecting)[0].room_view == "The room consented to the proposal"
    following = _draft(engine, room, statement="Stay open on Sundays.")
    decisions.set_links(engine, ACTOR, following, [("rejects_proposal", blocked)])
    assert decisions.divergences(engine, following) == []
    decisions.finalise(engine, ACTOR, following)


def test_only_a_consent_round_has_a_proposal(engine: Engine, room: Room) -> None:
    vote_id, _ = _ranking(engine, room)
    decision_id = _draft(engine, room)
    with pytest.raises(ValidationError, match="Only a consent round"):
        decisions.set_links(engine, ACTOR, decision_id, [("adopts_proposal", vote_id)])


def test_a_final_decision_is_not_edited_silently(engine: Engine, room: Room) -> None:
    decision_id = _draft(engine, room)
    decisions.add_action(engine, ACTOR, decision_id, "Report back", "Helen Moore", dt.date(2027, 1, 31))
    decisions.set_links(engine, ACTOR, decision_id, [("contribution", room.ideas[0])])
    decisions.finalise(engine, ACTOR, decision_id)
    edit = DecisionInput(statement="Something else entirely.", rationale="x", decided_by="y")
    with pytest.raises(ValidationError, match="final"):
        decisions.update_decision(engine, ACTOR, decision_id, edit)
    with pytest.raises(ValidationError, match="final"):
        decisions.set_links(engine, ACTOR, decision_id, [("contribution", room.ideas[1])])
    with pytest.raises(ValidationError, match="final"):
        decisions.add_action(engine, ACTOR, decision_id, "Another", "Someone", None)
    with pytest.raises(ValidationError, match="reason for reopening is required"):
        decisions.reopen(engine, ACTOR, decision_id, "")
    decisions.reopen(engine, ACTOR, decision_id, "The committee met again.")
    decisions.update_decision(engine, ACTOR, decision_id, edit)
    trail = [e for e in events(engine, room.workshop_id) if e.entity_id == decision_id]
    assert [e.action for e in trail] == [
        "decision.create",
        "decision.links",
        "decision.finalise",
        "decision.reopen",
        "decision.update",
    ]
    assert trail[3].after == {"status": "draft", "reason": "The committee met again."}
    assert trail[4].before and trail[4].before["statement"] == "Move to booked appointments."


def test_links_stay_within_the_workshop(engine: Engine, room: Room) -> None:
    other = make_room(engine, "Elsewhere")
    decision_id = _draft(engine, room)
    with pytest.raises(ValidationError, match="its own workshop"):
        decisions.set_links(engine, ACTOR, decision_id, [("contribution", other.ideas[0])])
    elsewhere_vote, o = _ranking(engine, other)
    with pytest.raises(ValidationError, match="its own workshop"):
        decisions.set_links(engine, ACTOR, decision_id, [("vote", elsewhere_vote)])
    with pytest.raises(ValidationError, match="its own workshop"):
        decisions.set_links(engine, ACTOR, decision_id, [("adopts_option", o["Walk-in"])])
    with pytest.raises(ValidationError, match="must be one of"):
        decisions.set_links(engine, ACTOR, decision_id, [("rumour", room.ideas[0])])
    decisions.set_links(engine, ACTOR, decision_id, [("contribution", room.ideas[0])] * 2)
    assert [e.action for e in events(engine, room.workshop_id)].count("decision.links") == 1
