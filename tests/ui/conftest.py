from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from coproduce import i18n
from coproduce.storage.database import Database
from coproduce.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _qt_translations() -> Iterator[None]:
    from PySide6.QtCore import QCoreApplication

    i18n.install(QCoreApplication.translate)
    yield
    i18n.install(lambda context, text: text)


@pytest.fixture
def window(qtbot: QtBot, database: Database) -> MainWindow:
    win = MainWindow(database.engine, "tester", database.paths)
    qtbot.addWidget(win)
    win.show()
    return win
