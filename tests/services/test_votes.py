"""Votes: hidden results, a recorded random option order, who may cast a ballot, paper ballots, reopening
only with a reason, tallies by role, and withdrawal honoured."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import consent, tally, votes
from coproduce.services.votes import OptionInput
from tests.services._room import ACTOR, Room, events, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


def _dots(engine: Engine, room: Room) -> tuple[str, dict[str, str]]:
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Which ideas matter most?",
        "dots",
        [OptionInput(contribution_id=c) for c in room.ideas],
        allowance=3,
        exercise_id=room.exercise_id,
    )
    by_label = {o.label: o.id for o in votes.options_in_shown_order(engine, vote_id)}
    return vote_id, by_label


def test_options_come_from_contributions_and_results_stay_hidden_until_closed(
    engine: Engine, room: Room
) -> None:
    vote_id, opts = _dots(engine, room)
    assert set(opts) == {"An evening sitting service", "A carers' lounge", "One named contact"}
    evening = opts["An evening sitting service"]
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {evening: 3}}, participant_id=room.carer)
    with pytest.raises(ValidationError, match="hidden until the vote is closed"):
        votes.results(engine, vote_id)
    votes.close_vote(engine, ACTOR, vote_id)
    result = votes.results(engine, vote_id)
    assert isinstance(result.grouped.overall, tally.OptionTally)
    assert result.grouped.overall.totals[evening] == 3
    assert result.grouped.overall.winners == (evening,)
    with pytest.raises(ValidationError, match="closed"):
        votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {evening: 1}})


def test_option_order_is_random_and_recorded(engine: Engine, room: Room) -> None:
    labels = [OptionInput(f"Option {n}") for n in range(6)]
    orders = set()
    for n in range(12):
        vote_id = votes.create_vote(engine, ACTOR, room.workshop_id, f"Vote {n}", "approval", labels)
        shown = votes.options_in_shown_order(engine, vote_id)
        # recorded: asking again gives the same order, as stored on the vote and in its event
        assert [o.id for o in votes.options_in_shown_order(engine, vote_id)] == [o.id for o in shown]
        [vote] = [v for v in votes.list_votes(engine, room.workshop_id) if v.id == vote_id]
        assert vote.shown_order == [o.id for o in shown]
        orders.add(tuple(o.position for o in shown))
    # 12 shuffles of 6 options all coming out the same by chance: about 1 in 10^34
    assert len(orders) > 1
    created = [e for e in events(engine, room.workshop_id) if e.action == "vote.create"]
    assert created and all(e.after and e.after["vote"]["shown_order"] for e in created)


def test_ballots_only_from_consenting_participants_or_anonymous(engine: Engine, room: Room) -> None:
    vote_id, opts = _dots(engine, room)
    ballot = {"dots": {opts["A carers' lounge"]: 2}}
    with pytest.raises(ValidationError, match="no consent recorded"):
        votes.cast_ballot(engine, ACTOR, vote_id, ballot, participant_id=room.no_consent)
    votes.cast_ballot(engine, ACTOR, vote_id, ballot)  # anonymous
    votes.cast_ballot(engine, ACTOR, vote_id, ballot, participant_id=room.resident)
    other = make_room(engine, "Another workshop")
    with pytest.raises(ValidationError, match="not in this workshop"):
        votes.cast_ballot(engine, ACTOR, vote_id, ballot, participant_id=other.carer)
    assert votes.ballot_count(engine, vote_id) == 2


def test_one_ballot_per_person_but_many_anonymous(engine: Engine, room: Room) -> None:
    vote_id, opts = _dots(engine, room)
    ballot = {"dots": {opts["One named contact"]: 1}}
    votes.cast_ballot(engine, ACTOR, vote_id, ballot, participant_id=room.carer)
    with pytest.raises(ValidationError, match="already voted"):
        votes.cast_ballot(engine, ACTOR, vote_id, ballot, participant_id=room.carer)
    votes.cast_ballot(engine, ACTOR, vote_id, ballot)
    votes.cast_ballot(engine, ACTOR, vote_id, ballot)
    assert votes.ballot_count(engine, vote_id) == 3


def test_paper_ballots_are_flagged_and_counted(engine: Engine, room: Room) -> None:
    vote_id, opts = _dots(engine, room)
    lounge = opts["A carers' lounge"]
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {lounge: 1}}, paper=True)
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {lounge: 2}}, participant_id=room.staff, paper=True)
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {lounge: 3}}, participant_id=room.carer)
    votes.close_vote(engine, ACTOR, vote_id)
    result = votes.results(engine, vote_id)
    assert result.paper_ballots == 2
    assert result.grouped.overall.ballots_counted == 3
    ballots = [e.after for e in events(engine, room.workshop_id) if e.action == "ballot.create"]
    assert [b["paper"] for b in ballots if b] == [True, True, False]


def test_malformed_ballots_are_refused_not_rounded(engine: Engine, room: Room) -> None:
    vote_id, opts = _dots(engine, room)
    lounge = opts["A carers' lounge"]
    for content in ({"dots": {lounge: 1.5}}, {"dots": {lounge: True}}, {"ranking": [lounge]}, {"dots": [1]}):
        with pytest.raises(ValidationError, match="not in the form"):
            votes.cast_ballot(engine, ACTOR, vote_id, content)
    with pytest.raises(ValidationError, match="Too many dots"):
        votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {lounge: 4}})
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {lounge: 2.0}, "extra": "ignored"})
    [stored] = [e.after for e in events(engine, room.workshop_id) if e.action == "ballot.create"]
    assert stored is not None and stored["content"] == {"dots": {lounge: 2}}


def test_creating_a_vote_checks_its_options(engine: Engine, room: Room) -> None:
    with pytest.raises(ValidationError, match="at least two options"):
        votes.create_vote(engine, ACTOR, room.workshop_id, "One", "approval", [OptionInput("Only one")])
    with pytest.raises(ValidationError, match="listed twice"):
        votes.create_vote(
            engine, ACTOR, room.workshop_id, "Twice", "approval", [OptionInput("Same"), OptionInput("same")]
        )
    with pytest.raises(ValidationError, match="proposal is required"):
        votes.create_vote(engine, ACTOR, room.workshop_id, "Consent", "consent")
    other = make_room(engine, "Elsewhere")
    with pytest.raises(ValidationError, match="another workshop"):
        votes.create_vote(
            engine,
            ACTOR,
            room.workshop_id,
            "Mixed",
            "approval",
            [OptionInput(contribution_id=room.ideas[0]), OptionInput(contribution_id=other.ideas[0])],
        )


def test_reopening_needs_a_reason_and_is_an_event(engine: Engine, room: Room) -> None:
    vote_id, _ = _dots(engine, room)
    with pytest.raises(ValidationError, match="Only a closed vote"):
        votes.reopen_vote(engine, ACTOR, vote_id, "why not")
    votes.close_vote(engine, ACTOR, vote_id)
    with pytest.raises(ValidationError, match="reason for reopening is required"):
        votes.reopen_vote(engine, ACTOR, vote_id, "   ")
    assert votes.list_votes(engine, room.workshop_id)[0].status == "closed"
    votes.reopen_vote(engine, ACTOR, vote_id, "Three paper ballots arrived late from the carers' table.")
    [vote] = votes.list_votes(engine, room.workshop_id)
    assert (vote.status, vote.closed_at) == ("open", None)
    [event] = [e for e in events(engine, room.workshop_id) if e.action == "vote.reopen"]
    assert event.after == {
        "status": "open",
        "reason": "Three paper ballots arrived late from the carers' table.",
    }
    assert event.actor == ACTOR


def test_tally_by_role_side_by_side(engine: Engine, room: Room) -> None:
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Rank the models",
        "ranking",
        [OptionInput("Walk-in"), OptionInput("Booked"), OptionInput("Hubs")],
    )
    o = {x.label: x.id for x in votes.options_in_shown_order(engine, vote_id)}
    votes.cast_ballot(
        engine, ACTOR, vote_id, {"ranking": [o["Walk-in"], o["Hubs"]]}, participant_id=room.carer
    )
    votes.cast_ballot(
        engine, ACTOR, vote_id, {"ranking": [o["Walk-in"], o["Booked"]]}, participant_id=room.resident
    )
    votes.cast_ballot(
        engine, ACTOR, vote_id, {"ranking": [o["Booked"], o["Hubs"]]}, participant_id=room.staff
    )
    votes.cast_ballot(engine, ACTOR, vote_id, {"ranking": [o["Hubs"]]})
    votes.close_vote(engine, ACTOR, vote_id)
    grouped = votes.results(engine, vote_id).grouped
    assert list(grouped.by_group) == ["carer", "resident", "staff", tally.NO_ROLE_GROUP]
    overall = grouped.overall
    assert isinstance(overall, tally.OptionTally)
    assert overall.totals == {o["Walk-in"]: 4, o["Booked"]: 3, o["Hubs"]: 4}
    assert set(overall.winners) == {o["Walk-in"], o["Hubs"]}  # a tie, reported as one
    assert tally.majority_option(overall) is None
    assert overall.first_preferences == {o["Walk-in"]: 2, o["Booked"]: 1, o["Hubs"]: 1}
    staff = grouped.by_group["staff"]
    assert isinstance(staff, tally.OptionTally) and staff.winners == (o["Booked"],)
    carers = grouped.by_group["carer"]
    assert isinstance(carers, tally.OptionTally) and carers.winners == (o["Walk-in"],)


def test_withdrawn_with_removal_ballot_is_left_out(engine: Engine, room: Room) -> None:
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Consent: evening sitting", "consent", proposal="Fund evenings."
    )
    votes.cast_ballot(
        engine,
        ACTOR,
        vote_id,
        {"response": "object", "reason": "Not enough staff"},
        participant_id=room.carer,
    )
    votes.cast_ballot(engine, ACTOR, vote_id, {"response": "agree"}, participant_id=room.resident)
    votes.cast_ballot(engine, ACTOR, vote_id, {"response": "agree"}, participant_id=room.staff)
    consent.withdraw(engine, ACTOR, room.carer, choice="remove")
    consent.withdraw(engine, ACTOR, room.resident, choice="keep_anonymous")
    votes.close_vote(engine, ACTOR, vote_id)
    result = votes.results(engine, vote_id)
    assert result.excluded_ballots == 1
    overall = result.grouped.overall
    assert isinstance(overall, tally.ConsentTally)
    assert (overall.agree, overall.objections, overall.objection_reasons) == (2, 0, ())
    assert tally.consent_outcome(overall) is tally.ConsentOutcome.CONSENTED
    # kept anonymously: counted, but no longer under their role
    assert set(result.grouped.by_group) == {"staff", tally.NO_ROLE_GROUP}


def test_an_objection_needs_a_reason(engine: Engine, room: Room) -> None:
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Consent", "consent", proposal="Close on Sundays."
    )
    with pytest.raises(ValidationError, match="objection needs a reason"):
        votes.cast_ballot(engine, ACTOR, vote_id, {"response": "object", "reason": " "})
    with pytest.raises(ValidationError, match="not in the form"):
        votes.cast_ballot(engine, ACTOR, vote_id, {"response": "maybe"})
