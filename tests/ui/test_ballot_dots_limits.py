"""The dots ballot: typing more dots than allowed is said plainly (not silently dropped), and a ballot with no
dots is refused with "Place at least one dot", the focus on the first dots box."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import votes
from coproduce.services.votes import OptionInput
from coproduce.ui.ballot_form import BallotForm
from tests.services._room import ACTOR, make_room


def test_too_many_dots_said_and_empty_ballot_refused(qtbot: QtBot, engine: Engine) -> None:
    room = make_room(engine)
    options = [OptionInput(contribution_id=c) for c in room.ideas]
    vote_id = votes.create_vote(engine, ACTOR, room.workshop_id, "Which matter most?", "dots", options)
    form = BallotForm(engine, ACTOR)
    qtbot.addWidget(form)
    [vote] = votes.list_votes(engine, room.workshop_id)
    form.set_vote(vote)
    form.show()
    qtbot.waitExposed(form)
    first = next(iter(form.spins.values()))
    first.setFocus()
    first.lineEdit().selectAll()
    qtbot.keyClick(first, Qt.Key.Key_4)
    assert form.error.isVisible()
    assert "4 dots is more than this ballot allows" in form.error.text() and "3 in all" in form.error.text()

    form.cast_button.click()
    assert votes.ballot_count(engine, vote_id) == 0
    assert "Place at least one dot" in form.error.text() and form.error.isVisible()
    assert "saved" not in form.state.text()
    assert form.focusWidget() in (first, first.lineEdit())

    first.setValue(2)
    assert not form.error.isVisible()  # changing the dots clears the complaint
    form.cast_button.click()
    assert votes.ballot_count(engine, vote_id) == 1 and "1 cast so far" in form.state.text()
