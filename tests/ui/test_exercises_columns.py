"""The words of each contribution get the width: in the Contributions tab and in Capture's "Saved so far"."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, contributions, exercises, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.ui.contributions_model import ContributionTableModel as M
from coproduce.ui.exercises_page import ExercisesPage

LONG = "Being seen the same day by someone who knows my history, without repeating it all again " * 2


@pytest.fixture
def page(qtbot: QtBot, engine: Engine) -> ExercisesPage:
    wid = workshops.create_workshop(engine, "t", "Urgent care in Totton")
    consent.current_statement(engine, "t", wid)
    eid = exercises.add_exercise(engine, "t", wid, exercises.from_template("what-matters-to-me"))
    pid = participants.add_participant(
        engine, "t", wid, ParticipantInput(display_name="Margaret Hughes-Ellis", roles=["carer"])
    )
    consent.record_consent(engine, "t", pid, method="paper", be_named=True)
    for n in range(5):
        contributions.add_contribution(engine, "t", eid, f"{n} {LONG}", "what_matters", participant_id=pid)
    widget = ExercisesPage(engine, "facilitator", wid)
    qtbot.addWidget(widget)
    widget.resize(1040, 700)  # the Exercises section at 1280 x 800
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_contributions_tab_gives_the_words_the_width(qtbot: QtBot, page: ExercisesPage) -> None:
    page.tabs.setCurrentWidget(page.contributions)
    table = page.contributions.table
    qtbot.wait(50)
    qtbot.waitUntil(lambda: table.columnWidth(M.TEXT) >= 0.4 * table.viewport().width())
    assert table.isColumnHidden(M.STATUS)  # nothing hidden or duplicated: no empty Status column
    assert table.wordWrap() and table.verticalHeader().defaultSectionSize() > 2 * table.fontMetrics().height()
    index = table.model().index(0, M.TEXT)
    assert index.data(Qt.ItemDataRole.ToolTipRole).strip() == index.data().strip()  # the whole words
    assert not page.contributions.show_hidden.isChecked()

    page.contributions.select_ids([page.model.row_at(0).id])
    page.contributions.hide_selected("said twice")
    page.contributions.show_hidden.setChecked(True)
    qtbot.waitUntil(lambda: not table.isColumnHidden(M.STATUS))
    assert table.columnWidth(M.TEXT) >= 0.4 * table.viewport().width()


def test_saved_so_far_list_uses_the_width(qtbot: QtBot, page: ExercisesPage) -> None:
    recent = page.recent
    qtbot.waitUntil(lambda: recent.columnWidth(M.TEXT) > 0.5 * recent.viewport().width())
    assert recent.isColumnHidden(M.SOURCE) and recent.isColumnHidden(M.EXERCISE)
    assert recent.columnWidth(M.WHO) >= recent.fontMetrics().horizontalAdvance("Margaret Hughes-Ellis")
