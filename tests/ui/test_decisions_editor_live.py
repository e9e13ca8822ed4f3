"""The decision editor warns that a choice goes against the room as soon as the choice is made (before
saving), says nothing about a reason when none is written, and sizes its list of inputs to its rows so the
scrolling form has one scroll bar."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import contributions, decisions, votes
from coproduce.services.votes import OptionInput
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


def test_the_warning_follows_the_choice_live(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    room = make_room(engine)
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Pick", "approval", [OptionInput("Walk-in"), OptionInput("Booked")]
    )
    o = {x.label: x.id for x in votes.options_in_shown_order(engine, vote_id)}
    votes.cast_ballot(engine, ACTOR, vote_id, {"approved": [o["Walk-in"]]}, participant_id=room.carer)
    votes.close_vote(engine, ACTOR, vote_id)
    page = _open(window, room.workshop_id)
    page.tabs.setCurrentWidget(page.decisions)
    qtbot.mouseClick(page.decisions.new_button, Qt.MouseButton.LeftButton)
    editor = page.decisions.editor
    # nothing chosen, no reason written: no warning, and no hidden sentence about a reason either
    assert editor.divergence_box.isHidden() and editor.divergence_text.text() == ""

    editor.links.choose(vote_id, "Booked")
    assert (
        editor.divergence_box.isVisible() and "the room favoured “Walk-in”" in editor.divergence_text.text()
    )
    assert decisions.list_decisions(engine, room.workshop_id) == []  # nothing saved
    editor.links.choose(vote_id, "Walk-in")
    assert editor.divergence_box.isHidden() and editor.divergence_text.text() == ""
    editor.links.choose(vote_id, "Nothing stated")
    assert editor.divergence_box.isHidden()


def test_the_list_of_inputs_fits_its_rows(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    room = make_room(engine)
    page = _open(window, room.workshop_id)
    page.tabs.setCurrentWidget(page.decisions)
    links = page.decisions.editor.links
    table = links.table
    rows = sum(table.rowHeight(r) for r in range(links.proxy.rowCount()))
    assert links.proxy.rowCount() == 3 and table.height() >= rows + table.horizontalHeader().height()
    assert not table.verticalScrollBar().isVisible()

    for n in range(60):  # many inputs: the list stops growing and scrolls on its own
        contributions.add_contribution(engine, ACTOR, room.exercise_id, f"Idea {n}", "idea")
    links.reload()
    assert table.height() == links.MAX_TABLE_HEIGHT
