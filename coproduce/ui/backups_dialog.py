"""Backups: the list, "Back up now", and restoring one (with a clear warning; the current file is kept)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.paths import DataPaths
from coproduce.storage import backups
from coproduce.storage.backups import BackupInfo, CorruptDatabaseError
from coproduce.storage.database import Database, open_database
from coproduce.ui.messages import show_error

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


class BackupTableModel(QAbstractTableModel):
    WHEN, REASON, SIZE = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[BackupInfo] = []

    def set_rows(self, rows: list[BackupInfo]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 3

    def _reason(self, key: str) -> str:
        return {
            "auto": self.tr("Every 10 minutes"),
            "open": self.tr("Workshop opened"),
            "close": self.tr("Workshop closed"),
            "manual": self.tr("Backed up by hand"),
            "import": self.tr("Before an import"),
            "migration": self.tr("Before an upgrade"),
            "restore": self.tr("Before a restore"),
        }.get(key, key)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        info = self._rows[index.row()]
        if role == RECORD_ROLE:
            return info
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.WHEN:
                return info.created.astimezone().strftime("%Y-%m-%d %H:%M:%S")
            if index.column() == self.REASON:
                return self._reason(info.reason)
            return self.tr("{size:,} KB").format(size=max(1, info.size_bytes // 1024))
        if role == Qt.ItemDataRole.ToolTipRole:
            return info.name
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("When"), self.tr("Why"), self.tr("Size"))[section]


class BackupsDialog(QDialog):
    """Lists backups; restoring asks first and keeps the current database aside, never overwritten."""

    def __init__(self, paths: DataPaths, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.paths, self.engine = paths, engine
        self.restored: str | None = None
        self.setWindowTitle(self.tr("Backups"))
        self.resize(620, 420)
        intro = QLabel(
            self.tr(
                "coproduce backs up the database when a workshop is opened or closed, and every 10 minutes "
                "while you work. Backups are kept in {folder}."
            ).format(folder=paths.backups)
        )
        intro.setWordWrap(True)
        self.model = BackupTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.backup_button = QPushButton(self.tr("Back up &now"))
        self.restore_button = QPushButton(self.tr("&Restore this backup…"))
        buttons.addButton(self.backup_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.backup_button.clicked.connect(self.backup_now)
        self.restore_button.clicked.connect(self.restore_selected)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self.model.set_rows(backups.list_backups(self.paths))
        if self.model.rowCount():
            self.table.selectRow(0)
        self.restore_button.setEnabled(self.model.rowCount() > 0)

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        info = self.model.data(rows[0], RECORD_ROLE)
        return info if isinstance(info, BackupInfo) else None

    def backup_now(self) -> None:
        try:
            backups.make_backup(self.paths, "manual")
        except KnownError as err:
            show_error(self, err)
        self.refresh()

    def confirm_restore(self, info: BackupInfo) -> bool:
        answer = QMessageBox.warning(
            self,
            self.tr("Restore a backup"),
            self.tr(
                "Restore the backup from {when}?\n\nEverything entered after that time will no longer be "
                "shown. Nothing is deleted: the current database is kept, unchanged, in {folder}, and a "
                "backup of it is taken first."
            ).format(
                when=info.created.astimezone().strftime("%Y-%m-%d %H:%M"),
                folder=backups.replaced_dir(self.paths),
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def restore_selected(self) -> None:
        info = self.selected()
        if info is None or not self.confirm_restore(info):
            return
        try:
            backups.make_backup(self.paths, "restore")
            backups.restore_in_place(self.paths, self.engine, info.name)
        except KnownError as err:
            show_error(self, err)
            self.refresh()
            return
        self.restored = info.name
        QMessageBox.information(
            self,
            self.tr("Backup restored"),
            self.tr("The backup from {when} is restored.").format(
                when=info.created.astimezone().strftime("%Y-%m-%d %H:%M")
            ),
        )
        self.accept()


def open_with_recovery(paths: DataPaths, parent: QWidget | None = None) -> Database:
    """``open_database``; if the database is damaged (it has been moved aside, untouched), say so and offer
    the newest good backup, an empty database, or quitting (the error is raised again)."""
    try:
        return open_database(paths)
    except CorruptDatabaseError as err:
        box = QMessageBox(parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(QCoreApplication.translate("Backups", "The database is damaged"))
        box.setText(str(err))
        restore = None
        if err.newest_backup:
            restore = box.addButton(
                QCoreApplication.translate("Backups", "Restore the newest good backup"),
                QMessageBox.ButtonRole.AcceptRole,
            )
        empty = box.addButton(
            QCoreApplication.translate("Backups", "Start with an empty database"),
            QMessageBox.ButtonRole.ActionRole,
        )
        box.addButton(QCoreApplication.translate("Backups", "Quit"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        clicked = box.clickedButton()
        if restore is not None and clicked is restore and err.newest_backup:
            backups.restore_backup(paths, err.newest_backup)
            return open_database(paths)
        if clicked is empty:
            return open_database(paths)
        raise
