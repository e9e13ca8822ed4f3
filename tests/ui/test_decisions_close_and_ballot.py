"""Closing a vote asks first (saying how many ballots are in); a refused ballot clears the last "saved"
note and puts the focus where the problem is."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import votes
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.main_window import MainWindow
from tests.services._room import ACTOR, make_room


def _open(window: MainWindow, workshop_id: str) -> DecisionsPage:
    window.refresh()
    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    return page


def test_closing_asks_first_and_a_failed_ballot_points_at_the_reason(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    room = make_room(engine)
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Sundays", "consent", proposal="Close Sundays."
    )
    panel = _open(window, room.workshop_id).votes
    panel.select_vote(vote_id)
    form = panel.ballot

    agree = next(b for b in form.responses.buttons() if b.property("response") == "agree")
    agree.setChecked(True)
    qtbot.mouseClick(form.cast_button, Qt.MouseButton.LeftButton)
    assert form.state.text() == "Ballot saved. 1 cast so far."
    qtbot.waitUntil(form.reason.isVisible)  # the fresh ballot's widgets are shown by the event loop

    objection = next(b for b in form.responses.buttons() if b.property("response") == "object")
    objection.setChecked(True)
    qtbot.mouseClick(form.cast_button, Qt.MouseButton.LeftButton)
    assert "needs a reason" in form.error.text() and form.state.text() == ""
    assert form.reason.hasFocus()
    qtbot.keyClicks(form.reason, "Buses do not run")
    qtbot.mouseClick(form.cast_button, Qt.MouseButton.LeftButton)
    assert form.state.text() == "Ballot saved. 2 cast so far." and form.error.isHidden()
    qtbot.waitUntil(form.reason.isVisible)

    qtbot.mouseClick(form.cast_button, Qt.MouseButton.LeftButton)  # nothing chosen
    assert form.state.text() == "" and form.responses.buttons()[0].hasFocus()

    # closing asks first, saying how many ballots are in and that voting then ends
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert panel.close_confirm.isVisible() and votes.list_votes(engine, room.workshop_id)[0].status == "open"
    question = panel.close_question.text()
    assert "2 ballots have been cast" in question and "Closing ends voting" in question
    qtbot.mouseClick(panel.keep_open_button, Qt.MouseButton.LeftButton)
    assert panel.close_confirm.isHidden() and votes.list_votes(engine, room.workshop_id)[0].status == "open"
    qtbot.mouseClick(panel.close_button, Qt.MouseButton.LeftButton)
    assert panel.confirm_close_button.hasFocus()
    qtbot.keyClick(panel.confirm_close_button, Qt.Key.Key_Return)
    assert votes.list_votes(engine, room.workshop_id)[0].status == "closed"
    assert panel.detail.currentWidget() is panel.results
    assert panel.results.outcome.text().startswith("Blocked: 1 objection.")
