"""The tally by role on screen follows the signed record's rule: groups of fewer than 5 voters are pooled
(or the vote is not broken down at all), unless the facilitator ticks the clearly labelled toggle."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, participants, tally, votes
from coproduce.services.participants import ParticipantInput
from coproduce.services.votes import OptionInput
from coproduce.ui.vote_results import VoteResultsView
from tests.services._room import ACTOR, make_room


def _headers(view: VoteResultsView) -> list[str]:
    model = view.by_role
    return [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]


def test_pooling_is_the_records_rule() -> None:
    def ballot(roles: set[str]) -> tally.GroupedBallot:
        return tally.GroupedBallot(tally.ApprovalBallot(frozenset({"a"})), frozenset(roles))

    ballots = [ballot({"resident"})] * 5 + [ballot({"carer"})] + [ballot(set())] * 4
    pooled = votes.pool_small_groups(tally.Method.APPROVAL, ballots, ["a", "b"], None)
    assert list(pooled.shown) == ["resident"]
    assert pooled.pooled_groups == ("carer", tally.NO_ROLE_GROUP)
    assert pooled.pooled is not None and pooled.pooled.ballots_counted == 5
    # a pool of 1 to 4 would be given away by subtraction: the smallest shown group joins it
    small = votes.pool_small_groups(tally.Method.APPROVAL, ballots[:6], ["a", "b"], None)
    assert small.shown == {} and small.pooled is None


def test_small_groups_are_pooled_on_screen_unless_the_facilitator_asks(qtbot: QtBot, engine: Engine) -> None:
    room = make_room(engine)
    residents = [room.resident]
    for n in range(4):
        pid = participants.add_participant(
            engine, ACTOR, room.workshop_id, ParticipantInput(display_name=f"R{n}", roles=["resident"])
        )
        consent.record_consent(engine, ACTOR, pid, method="on_screen", be_named=True)
        residents.append(pid)
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Pick", "approval", [OptionInput("A"), OptionInput("B")]
    )
    first = votes.options_in_shown_order(engine, vote_id)[0].id
    voters: list[str | None] = [*residents, room.carer, None, None, None, None]
    for voter in voters:
        votes.cast_ballot(engine, ACTOR, vote_id, {"approved": [first]}, participant_id=voter)
    votes.close_vote(engine, ACTOR, vote_id)

    view = VoteResultsView(engine, ACTOR)
    qtbot.addWidget(view)
    view.show()
    view.set_result(votes.results(engine, vote_id))
    assert _headers(view) == ["Option", "Everyone\n(10)", "Resident\n(5)", "Other voters\n(5)"]
    assert "Carer" in view.small_note.text() and view.show_all.isVisible()
    assert not view.show_all.isChecked()
    assert view.show_all.text() == "Show every group, however small (don't project this)"

    qtbot.mouseClick(view.show_all, Qt.MouseButton.LeftButton)
    assert _headers(view) == [
        "Option",
        "Everyone\n(10)",
        "Carer\n(1)",
        "Resident\n(5)",
        "Anonymous\nor no role\n(4)",
    ]
    assert "don't project" in view.small_note.text()

    # showing results again (another vote, or the same one later) starts safe to project
    view.set_result(votes.results(engine, vote_id))
    assert not view.show_all.isChecked() and "Carer\n(1)" not in _headers(view)


def test_a_consent_round_of_a_few_is_not_broken_down(qtbot: QtBot, engine: Engine) -> None:
    room = make_room(engine)
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Close", "consent", proposal="Close Sundays."
    )
    votes.cast_ballot(
        engine, ACTOR, vote_id, {"response": "object", "reason": "Too far"}, participant_id=room.resident
    )
    votes.cast_ballot(engine, ACTOR, vote_id, {"response": "agree"}, participant_id=room.carer)
    votes.close_vote(engine, ACTOR, vote_id)
    view = VoteResultsView(engine, ACTOR)
    qtbot.addWidget(view)
    view.show()
    view.set_result(votes.results(engine, vote_id))
    assert _headers(view) == ["Response", "Everyone\n(2)"]
    assert "Not broken down by role" in view.small_note.text() and view.table.isHidden()
    view.show_all.setChecked(True)
    assert view.table.isVisible() and "Resident\n(1)" in _headers(view)
    assert view.outcome.text().startswith("Blocked: 1 objection.")
