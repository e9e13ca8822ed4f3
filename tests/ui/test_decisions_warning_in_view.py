"""When a choice turns a decision against the room, the warning (where its reason is written) comes into view,
even if the facilitator was working at the foot of the form."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import votes
from coproduce.services.votes import OptionInput
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.main_window import MainWindow
from tests.services._room import ACTOR, make_room


def test_the_warning_comes_into_view(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    room = make_room(engine)
    vote_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Pick", "approval", [OptionInput("Walk-in"), OptionInput("Booked")]
    )
    o = {x.label: x.id for x in votes.options_in_shown_order(engine, vote_id)}
    votes.cast_ballot(engine, ACTOR, vote_id, {"approved": [o["Walk-in"]]}, participant_id=room.carer)
    votes.close_vote(engine, ACTOR, vote_id)
    window.resize(1280, 800)
    window.show()
    window.refresh()
    window.open_workshop(room.workshop_id)
    assert window.workshop_view is not None
    window.workshop_view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = window.workshop_view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    page.tabs.setCurrentWidget(page.decisions)
    qtbot.mouseClick(page.decisions.new_button, Qt.MouseButton.LeftButton)
    bar = page.decisions.editor_scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # working at the foot of the form
    page.decisions.editor.links.choose(vote_id, "Booked")
    box = page.decisions.editor.divergence_box
    assert box.isVisible()
    top = box.mapTo(page.decisions.editor, box.rect().topLeft()).y()
    assert bar.value() <= top, "the warning's top is in view"
