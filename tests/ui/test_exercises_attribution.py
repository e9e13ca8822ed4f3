"""Who said it: corrected in the edit dialog (F2), and named in Capture's "Saved at…" line."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import contribution_rows, contributions
from coproduce.ui.contribution_dialogs import EditContributionDialog
from coproduce.ui.exercises_page import ExercisesPage
from tests.services._room import Room, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


@pytest.fixture
def page(qtbot: QtBot, engine: Engine, room: Room) -> ExercisesPage:
    widget = ExercisesPage(engine, "facilitator", room.workshop_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_edit_dialog_changes_who_said_it(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    anonymous = contributions.add_contribution(engine, "t", room.exercise_id, "A sitting service", "idea")
    page.reload()
    seen: list[list[str]] = []

    def pick_resident(dialog: EditContributionDialog) -> int:  # instead of the modal exec()
        seen.append([dialog.person.itemText(i) for i in range(dialog.person.count())])
        dialog.person.setCurrentIndex(dialog.person.findData(room.resident))
        return 1

    monkeypatch.setattr(EditContributionDialog, "exec", pick_resident)
    page.contributions.select_ids([anonymous])
    page.contributions.edit_selected()
    [row] = contribution_rows.contribution_rows(engine, room.workshop_id, [anonymous])
    assert row.participant_id == room.resident
    assert seen[0][0] == "Anonymous" and not any("Not Yet Asked" in text for text in seen[0])
    shown = page.model.row_at(page.model.row_of(anonymous) or 0)
    assert shown.participant_label == "Tomasz Nowak"
    history = contribution_rows.contribution_history(engine, anonymous)
    dialog = EditContributionDialog(shown, ["idea"], history)
    qtbot.addWidget(dialog)
    assert "who said it changed" in dialog.history.item(dialog.history.count() - 1).text()
    assert dialog.person.currentData() == room.resident  # not offered, but kept as it is


def test_capture_says_who_it_was_attributed_to(qtbot: QtBot, page: ExercisesPage, room: Room) -> None:
    capture = page.capture
    capture.person.setCurrentIndex(capture.person.findData(room.carer))
    capture.text.setText("A carers' café")
    capture.save()
    assert "Margaret Ellis" in capture.status.text()
    assert capture.person.currentData() is None  # back to Anonymous for the next one, deliberately
    capture.text.setText("Evening hours")
    capture.save()
    assert "from Anonymous" in capture.status.text()
