from __future__ import annotations

from pytestqt.qtbot import QtBot

from coproduce.services import demo, readiness, votes, workshops
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


def test_sign_and_export_in_the_background_then_verify(
    qtbot: QtBot, window: MainWindow, database: Database
) -> None:
    workshop_id = demo.create_demo(database.engine)
    window.refresh()
    window.open_workshop(workshop_id)
    page = _record_page(window)
    assert page.signer.text() == "Sarah Collins"
    ready = not readiness.gaps(readiness.check(database.engine, workshop_id))
    assert page.sign_form.isRowVisible(page.gaps_reason) is not ready  # asked for only when there are gaps
    # a vote still open is a gap: signing then needs a reason
    votes.create_vote(
        database.engine, "tester", workshop_id, "Still open", "approval", [OptionInput("A"), OptionInput("B")]
    )
    page.refresh()
    assert page.gaps.text().startswith(("1 gap: ", "2 gaps: ")) and "Every vote is closed" in page.gaps.text()
    assert page.gaps_reason.isEnabled() and page.sign_form.isRowVisible(page.gaps_reason)
    qtbot.keyClicks(page.gaps_reason, "Timings were kept on the flip chart.")
    qtbot.keyClicks(page.passphrase, "short")
    out = database.paths.exports / "demo.pdf"
    page.export_to(out)  # refused: passphrase too short (a message box would show; nothing runs)
    assert not page.runner.busy and not out.exists()

    page.passphrase.setText("a good long passphrase")
    page.passphrase_again.setText("a good long passphrase")  # the first signature here: typed twice
    with qtbot.waitSignal(page.saved, timeout=60_000):
        page.export_to(out)
        assert not page.export_button.isEnabled()  # no second export while one runs
    assert out.exists() and "SHA-256" in page.result.toPlainText()
    assert page.passphrase.text() == ""  # not kept on screen
    assert workshops.get_workshop(database.engine, workshop_id).workshop.status == "signed"
    assert not page.export_button.isEnabled() and page.amend_button.isEnabled()

    page.check.verify_file(out)
    qtbot.waitUntil(lambda: page.result.toPlainText().startswith("AUTHENTIC"), timeout=60_000)
