from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.services.archive_export import export_archive
from coproduce.storage import backups
from coproduce.storage.database import Database, open_database
from coproduce.ui.backups_dialog import BackupsDialog, BackupTableModel
from coproduce.ui.main_window import MainWindow
from coproduce.ui.programme_view import ProgrammeDialog


def test_backup_model_passes_the_model_tester(qtmodeltester: Any, database: Database) -> None:
    for hour in (9, 12):
        backups.make_backup(database.paths, "open", datetime(2026, 1, 1, hour, tzinfo=UTC))
    model = BackupTableModel()
    model.set_rows(backups.list_backups(database.paths))
    qtmodeltester.check(model)
    assert model.rowCount() == 2


def test_restore_from_the_dialog_asks_first_and_keeps_the_current_file(
    qtbot: QtBot, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    workshops.create_workshop(database.engine, "t", "Kept in the backup")
    backups.make_backup(database.paths, "manual", datetime.now(UTC) - timedelta(minutes=5))
    workshops.create_workshop(database.engine, "t", "Typed after the backup")
    dialog = BackupsDialog(database.paths, database.engine)
    qtbot.addWidget(dialog)
    asked: list[str] = []

    def cancel(*args: Any) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "warning", cancel)
    dialog.restore_selected()
    assert "will no longer be shown" in asked[0] and "kept, unchanged" in asked[0]
    assert len(workshops.list_workshops(database.engine)) == 2

    monkeypatch.setattr(QMessageBox, "warning", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr(QMessageBox, "information", lambda *a: QMessageBox.StandardButton.Ok)
    dialog.table.selectRow(dialog.model.rowCount() - 1)  # the oldest: the manual one
    dialog.restore_selected()
    assert dialog.restored is not None and dialog.restored.endswith("-manual.sqlite3")
    assert [w.title for w in workshops.list_workshops(database.engine)] == ["Kept in the backup"]
    kept = list(backups.replaced_dir(database.paths).glob("*.sqlite3"))
    assert len(kept) == 1


def test_data_menu_is_installed_and_opening_a_workshop_backs_up(window: MainWindow, qtbot: QtBot) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&Data" in titles
    assert window.paths is not None
    workshop_id = workshops.create_workshop(window.engine, "t", "Backed up on open")
    window.refresh()
    window.list_page.open_requested.emit(workshop_id)
    window.show_list()
    reasons = [b.reason for b in backups.list_backups(window.paths)]
    assert "open" in reasons and "close" in reasons


def test_import_from_the_menu_runs_in_the_background(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_database(DataPaths(tmp_path / "elsewhere")) as other:
        workshop_id = workshops.create_workshop(other.engine, "t", "From another laptop")
        export_archive(other.engine, workshop_id, tmp_path / "other.coproduce")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: shown.append(str(a[2])))
    actions = window.archive_actions  # type: ignore[attr-defined]
    actions.import_files([str(tmp_path / "other.coproduce")])
    qtbot.waitUntil(lambda: bool(shown), timeout=10_000)
    assert "Imported “From another laptop”" in shown[0]
    assert [w.title for w in workshops.list_workshops(window.engine)] == ["From another laptop"]


def test_programme_dialog_shows_the_report(qtbot: QtBot, database: Database) -> None:
    workshops.create_workshop(database.engine, "t", "Programme item")
    dialog = ProgrammeDialog(database.engine)
    qtbot.addWidget(dialog)
    assert "Programme item" in dialog.text.toPlainText()
    assert not dialog.conflicts.isVisibleTo(dialog)
