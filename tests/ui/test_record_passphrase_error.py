"""A passphrase problem is shown right under the passphrase fields (not in the "Check a record" box), the
field at fault is marked and has the focus with its text selected, and typing again clears the mark."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coproduce.services import demo
from coproduce.storage.database import Database
from coproduce.ui.main_window import MainWindow
from coproduce.ui.record_page import RecordPage


def test_passphrase_problems_are_shown_beside_the_fields(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    workshop_id = demo.create_demo(database.engine)
    window.refresh()
    window.open_workshop(workshop_id)
    assert window.workshop_view is not None
    window.workshop_view.show_section("Record")
    page = window.workshop_view.pages.currentWidget()
    assert isinstance(page, RecordPage)
    qtbot.waitExposed(page)
    assert page.passphrase_error.objectName() == "errorText" and page.passphrase_error.isHidden()

    qtbot.keyClicks(page.passphrase, "short")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert "at least 8 characters" in page.passphrase_error.text() and page.passphrase_error.isVisible()
    assert page.passphrase.property("invalid") and not page.passphrase_again.property("invalid")
    assert page.focusWidget() is page.passphrase and page.passphrase.selectedText() == "short"
    assert page.result.toPlainText() == ""  # the "Check a record" box is left alone

    page.passphrase.setText("correct horse battery")
    page.passphrase_again.setText("correct horse batery")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert "two passphrases differ" in page.passphrase_error.text()
    assert page.passphrase_again.property("invalid") and not page.passphrase.property("invalid")
    assert page.focusWidget() is page.passphrase_again
    assert page.passphrase_again.selectedText() == "correct horse batery"
    assert page.result.toPlainText() == "" and page.confirm.isHidden()

    qtbot.keyClicks(page.passphrase_again, "correct horse battery")  # replaces the selected text
    assert page.passphrase_error.isHidden() and not page.passphrase_again.property("invalid")
    qtbot.keyClick(page.passphrase_again, Qt.Key.Key_Return)
    assert page.confirm.isVisible() and page.passphrase_error.isHidden()
