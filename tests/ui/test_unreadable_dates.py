"""A date or time that cannot be read is never thrown away without a word: the form says so beside it, goes to
it, and saves nothing in its place; a date typed but not yet confirmed (no Enter, focus not moved) is read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import decisions, workshops
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.main_window import MainWindow
from coproduce.ui.overview_page import OverviewPage
from coproduce.ui.workshop_dialog import NewWorkshopDialog
from tests.services._room import make_room


@pytest.fixture(autouse=True)
def _british_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def test_the_new_workshop_dialog_will_not_create_with_an_unreadable_date(qtbot: QtBot) -> None:
    dialog = NewWorkshopDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.title, "Carers' breaks")
    qtbot.keyClicks(dialog.date.edit, "31 Nov 2026")  # no such day; Enter not pressed
    dialog.accept()
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert "31 Nov 2026" in dialog.error.text() and "not understood" in dialog.error.text()
    assert dialog.date.problem.isVisibleTo(dialog)
    dialog.date.edit.clear()
    qtbot.keyClicks(dialog.date.edit, "30 Nov 2026")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.values()["date"] == dt.date(2026, 11, 30)


def test_an_actions_due_date_typed_without_enter_is_saved(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    room = make_room(engine)
    window.refresh()
    window.open_workshop(room.workshop_id)
    assert window.workshop_view is not None
    window.workshop_view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = window.workshop_view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    page.tabs.setCurrentWidget(page.decisions)
    qtbot.mouseClick(page.decisions.new_button, Qt.MouseButton.LeftButton)
    editor = page.decisions.editor
    editor.statement.setPlainText("Run a carers' drop-in")
    assert editor.save() and editor.decision_id is not None
    editor.action_text.setText("Book the hall")
    editor.action_owner.setText("Lena Ward")
    qtbot.keyClicks(editor.action_due.edit, "1 Mar 2027")  # then straight to Add action (a shortcut)
    editor.add_action()
    [action] = decisions.actions(engine, editor.decision_id)
    assert action.due == dt.date(2027, 3, 1)

    qtbot.keyClicks(editor.action_text, "Tell the group")
    qtbot.keyClicks(editor.action_due.edit, "sometime")
    editor.add_action()
    assert len(decisions.actions(engine, editor.decision_id)) == 1  # refused, nothing saved in its place
    assert "sometime" in editor.message.text() and editor.message.isVisibleTo(editor)


def test_the_overview_says_a_date_was_not_saved(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Notice")
    window.open_workshop(workshop_id)
    assert window.workshop_view is not None
    page = window.workshop_view.pages.widget(0)
    assert isinstance(page, OverviewPage)
    qtbot.keyClicks(page.notice.edit, "31 Nov 2026")
    page.notice.edit.editingFinished.emit()
    page.venue.setText("Bitterne Library")
    page.venue.textEdited.emit("Bitterne Library")
    page.flush()
    assert workshops.get_workshop(engine, workshop_id).workshop.venue == "Bitterne Library"
    assert workshops.get_workshop(engine, workshop_id).workshop.notice_given is None
    assert "not understood" in page.banner.text() and "31 Nov 2026" in page.banner.text()
    assert page.state.text() != "All changes saved"


def test_a_disabled_date_shows_no_clear_button(qtbot: QtBot) -> None:
    from coproduce.ui.widgets import OptionalDateEdit

    field = OptionalDateEdit()
    qtbot.addWidget(field)
    field.set_value(dt.date(2026, 11, 20))
    assert field.edit.isClearButtonEnabled()
    field.setEnabled(False)
    assert not field.edit.isClearButtonEnabled()
    field.setEnabled(True)
    assert field.edit.isClearButtonEnabled()
