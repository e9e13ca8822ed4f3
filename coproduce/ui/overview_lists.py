"""The Overview's two small lists: facilitators (edited in place) and documents shown (picked from disk)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import documents, workshops
from coproduce.storage.models import Document, Facilitator


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setAccessibleName(name)
    table.verticalHeader().hide()
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(120)
    return table


class FacilitatorsBox(QGroupBox):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Facilitators"), parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self._loading = False
        self.table = _table(
            [self.tr("Name"), self.tr("Organisation"), self.tr("Lead")], self.tr("Facilitators")
        )
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._item_changed)
        self.add_button = QPushButton(self.tr("Add &facilitator"))
        self.remove_button = QPushButton(self.tr("Remove facilitator"))
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_people(self, people: list[Facilitator]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for person in people:
            self._append(person.name, person.organisation, person.is_lead)
        self._loading = False

    def _append(self, name: str, organisation: str, lead: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name))
        self.table.setItem(row, 1, QTableWidgetItem(organisation))
        check = QTableWidgetItem()
        check.setFlags(
            Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        )
        check.setCheckState(Qt.CheckState.Checked if lead else Qt.CheckState.Unchecked)
        check.setData(Qt.ItemDataRole.AccessibleTextRole, self.tr("Lead facilitator"))
        self.table.setItem(row, 2, check)
        return row

    def add_row(self) -> None:
        self._loading = True
        row = self._append("", "", self.table.rowCount() == 0)
        self._loading = False
        self.table.setCurrentCell(row, 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.editItem(item)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.save()

    def _item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if item.column() == 2 and item.checkState() == Qt.CheckState.Checked:
            self._loading = True
            for row in range(self.table.rowCount()):  # one lead at a time
                if row != item.row():
                    other = self.table.item(row, 2)
                    if other is not None:
                        other.setCheckState(Qt.CheckState.Unchecked)
            self._loading = False
        self.save()

    def people(self) -> list[workshops.FacilitatorInput]:
        result = []
        for row in range(self.table.rowCount()):
            name, org, lead = (self.table.item(row, c) for c in range(3))
            result.append(
                workshops.FacilitatorInput(
                    name.text() if name else "",
                    org.text() if org else "",
                    bool(lead and lead.checkState() == Qt.CheckState.Checked),
                )
            )
        return result

    def save(self) -> None:
        try:
            workshops.set_facilitators(self.engine, self.actor, self.workshop_id, self.people())
        except KnownError as err:
            self.failed.emit(str(err))
        else:
            self.saved.emit()


class DocumentsBox(QGroupBox):
    saved = Signal()
    failed = Signal(str)

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Documents shown to participants"), parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self._ids: list[str] = []
        self.table = _table(
            [self.tr("Title"), self.tr("File"), self.tr("Fingerprint (SHA-256)")], self.tr("Documents shown")
        )
        # file names and fingerprints whole, on one line; the title takes the rest
        for column in (1, 2):
            self.table.horizontalHeader().setSectionResizeMode(
                column, QHeaderView.ResizeMode.ResizeToContents
            )
        # the title can be corrected in place (double-click, F2, or the button); file and fingerprint cannot
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.itemChanged.connect(self._title_changed)
        self._loading = False
        self.add_button = QPushButton(self.tr("Add &document…"))
        self.add_button.setAccessibleDescription(
            self.tr("Pick the file that was shown; its SHA-256 is recorded")
        )
        self.rename_button = QPushButton(self.tr("Edit &title"))
        self.rename_button.setAccessibleDescription(
            self.tr("Change the title of the selected document; its fingerprint stays as recorded")
        )
        self.rename_button.clicked.connect(self.edit_title)
        self.remove_button = QPushButton(self.tr("Remove document"))
        self.add_button.clicked.connect(self.pick)
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addLayout(buttons)

    def set_documents(self, docs: list[Document]) -> None:
        self._loading = True
        self.table.setRowCount(0)
        self._ids = []
        fixed = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        for doc in docs:
            row = self.table.rowCount()
            self.table.insertRow(row)
            digest = QTableWidgetItem(doc.sha256[:16] + "…")
            digest.setToolTip(doc.sha256)
            name = QTableWidgetItem(doc.filename)
            for item in (name, digest):
                item.setFlags(fixed)
            self.table.setItem(row, 0, QTableWidgetItem(doc.title))
            self.table.setItem(row, 1, name)
            self.table.setItem(row, 2, digest)
            self._ids.append(doc.id)
        self._loading = False

    def edit_title(self) -> None:
        row = max(self.table.currentRow(), 0)
        item = self.table.item(row, 0)
        if item is not None:
            self.table.setCurrentCell(row, 0)
            self.table.editItem(item)

    def _title_changed(self, item: QTableWidgetItem) -> None:
        if self._loading or item.column() != 0 or not 0 <= item.row() < len(self._ids):
            return
        try:
            documents.rename_document(self.engine, self.actor, self._ids[item.row()], item.text())
        except KnownError as err:
            self.failed.emit(str(err))
        else:
            self.saved.emit()
        # rebuilt after this signal returns: the item that sent it is not deleted under it
        QTimer.singleShot(0, self.reload)

    def pick(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Choose the document that was shown"))
        if path:
            self.add_file(Path(path))

    def add_file(self, path: Path, title: str = "") -> None:
        try:
            documents.add_document(self.engine, self.actor, self.workshop_id, path, title)
        except KnownError as err:
            self.failed.emit(str(err))
            return
        self.reload()
        self.saved.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self._ids):
            try:
                documents.remove_document(self.engine, self.actor, self._ids[row])
            except KnownError as err:
                self.failed.emit(str(err))
                return
            self.reload()
            self.saved.emit()

    def reload(self) -> None:
        self.set_documents(workshops.get_workshop(self.engine, self.workshop_id).documents)
