from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.paths import DataPaths
from coproduce.services import demo, workshops
from coproduce.storage.database import Database, open_database
from coproduce.ui.main_window import MainWindow
from coproduce.ui.workshop_dialog import NewWorkshopDialog
from coproduce.ui.workshop_list import WorkshopTableModel
from coproduce.ui.workshop_view import WorkshopView


def test_workshop_model_passes_the_model_tester(qtmodeltester: ModelTester, engine: Engine) -> None:
    demo.create_demo(engine)
    workshops.create_workshop(engine, "t", "Second", date=dt.date(2025, 5, 1))
    model = WorkshopTableModel()
    model.set_rows(workshops.list_workshops(engine))
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    titles = {model.data(model.index(r, WorkshopTableModel.TITLE)) for r in range(2)}
    assert titles == {"The future of urgent care in Southampton", "Second"}


def test_create_a_workshop_as_a_person_would_and_it_survives_a_restart(
    qtbot: QtBot, database: Database, data_paths: DataPaths
) -> None:
    window = MainWindow(database.engine, "tester")
    qtbot.addWidget(window)
    window.show()
    assert window.list_page.model.rowCount() == 0
    assert window.list_page.empty_hint.isVisible()

    def fill_in() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewWorkshopDialog)
        assert not dialog.ok_button.isEnabled()  # no title yet
        qtbot.keyClicks(dialog.title, "Mental health crisis support in Basingstoke")
        qtbot.keyClicks(dialog.place, "Basingstoke")
        assert dialog.ok_button.isEnabled()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, fill_in)
    qtbot.mouseClick(window.list_page.new_button, Qt.MouseButton.LeftButton)
    # the new workshop opens in its own view
    assert isinstance(window.workshop_view, WorkshopView)
    assert "Mental health crisis support in Basingstoke" in window.workshop_view.heading.text()
    window.show_list()
    assert window.list_page.model.rowCount() == 1
    window.close()
    database.close()

    reopened = open_database(data_paths)
    try:
        again = MainWindow(reopened.engine, "tester")
        qtbot.addWidget(again)
        model = again.list_page.model
        assert model.rowCount() == 1
        assert (
            model.data(model.index(0, WorkshopTableModel.TITLE))
            == "Mental health crisis support in Basingstoke"
        )
        assert model.data(model.index(0, WorkshopTableModel.PLACE)) == "Basingstoke"
    finally:
        reopened.close()


def test_search_duplicate_and_archive_from_the_list(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    demo_id = demo.create_demo(engine)
    workshops.create_workshop(engine, "t", "Dementia services in Winchester", place="Winchester")
    window.refresh()
    page = window.list_page
    qtbot.keyClicks(page.search, "winch")
    assert page.proxy.rowCount() == 1
    page.search.clear()
    page.select_id(demo_id)
    qtbot.mouseClick(page.duplicate_button, Qt.MouseButton.LeftButton)
    assert page.model.rowCount() == 3
    copy_id = page.selected_id()
    assert copy_id and copy_id != demo_id

    def confirm() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        yes = box.button(QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(yes, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, confirm)
    page.select_id(copy_id)
    qtbot.mouseClick(page.archive_button, Qt.MouseButton.LeftButton)
    assert copy_id not in {s.id for s in workshops.list_workshops(engine)}
    assert page.model.rowCount() == 2
