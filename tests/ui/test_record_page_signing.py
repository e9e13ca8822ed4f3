"""The Record section keeps its readiness summary current, asks for a new passphrase twice, and confirms
that signing locks the workshop before anything is signed; Enter in the passphrase field starts signing."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from coproduce.services import demo, votes, workshops
from coproduce.services.votes import OptionInput
from coproduce.storage.database import Database
from coproduce.ui.main_window import MainWindow
from coproduce.ui.record_page import RecordPage


def _record_page(window: MainWindow) -> RecordPage:
    assert window.workshop_view is not None
    window.workshop_view.show_section("Record")
    page = window.workshop_view.pages.currentWidget()
    assert isinstance(page, RecordPage)
    return page


def test_readiness_is_brought_up_to_date_when_the_section_is_shown(
    window: MainWindow, database: Database
) -> None:
    workshop_id = demo.create_demo(database.engine)
    window.refresh()
    window.open_workshop(workshop_id)
    page = _record_page(window)
    assert "Every vote is closed" not in page.gaps.text()
    assert window.workshop_view is not None
    window.workshop_view.show_section("Overview")
    votes.create_vote(
        database.engine, "tester", workshop_id, "Still open", "approval", [OptionInput("A"), OptionInput("B")]
    )
    page = _record_page(window)
    assert "Every vote is closed" in page.gaps.text() and page.sign_form.isRowVisible(page.gaps_reason)


def test_first_passphrase_twice_then_confirm_then_sign(
    qtbot: QtBot, window: MainWindow, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshop_id = demo.create_demo(database.engine)
    window.refresh()
    window.open_workshop(workshop_id)
    page = _record_page(window)
    out = database.paths.exports / "signed.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda suggested: str(out))
    assert page.first_signature() and page.sign_form.isRowVisible(page.passphrase_again)

    qtbot.keyClicks(page.passphrase, "correct horse battery")
    qtbot.keyClicks(page.passphrase_again, "correct horse batery")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert "two passphrases differ" in page.passphrase_error.text()
    assert page.passphrase_again.hasFocus() and page.confirm.isHidden()

    page.passphrase_again.setText("correct horse battery")
    page.passphrase.setFocus()
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)  # Enter: the confirmation, nothing signed yet
    assert page.confirm.isVisible() and "locks this workshop" in page.confirm_text.text()
    assert "amendment" in page.confirm_text.text() and page.confirm_button.hasFocus()
    qtbot.mouseClick(page.cancel_button, Qt.MouseButton.LeftButton)
    assert page.confirm.isHidden() and not out.exists()
    assert workshops.get_workshop(database.engine, workshop_id).workshop.status != "signed"

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    assert page.confirm.isVisible()
    with qtbot.waitSignal(page.saved, timeout=60_000):
        qtbot.keyClick(page.confirm_button, Qt.Key.Key_Return)  # Enter on the confirm button signs
    assert out.exists() and workshops.get_workshop(database.engine, workshop_id).workshop.status == "signed"
    assert page.confirm.isHidden() and page.passphrase_again.text() == ""
    # the key now exists: the passphrase is asked for once
    assert not page.first_signature() and not page.sign_form.isRowVisible(page.passphrase_again)
