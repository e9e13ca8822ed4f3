"""The people in a workshop: a sortable, searchable table with their consent, and add, edit, consent,
withdraw and remove (the form and dialogs work by keyboard alone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent, participants
from coproduce.services.consent import LedgerRow
from coproduce.services.participants import ParticipantInput
from coproduce.ui.consent_dialog import ConsentDialog, WithdrawDialog
from coproduce.ui.messages import show_error
from coproduce.ui.participant_form import ParticipantDialog

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class ParticipantTableModel(QAbstractTableModel):
    NUMBER, NAME, ROLES, ORGANISATION, ACCESS, CONSENT = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[LedgerRow] = []
        self._headers = [
            self.tr("No."),
            self.tr("Name or pseudonym"),
            self.tr("Roles"),
            self.tr("Organisation"),
            self.tr("Access needs"),
            self.tr("Consent"),
        ]

    def set_rows(self, rows: list[LedgerRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section]
        return None

    def _text(self, row: LedgerRow, column: int) -> str:
        person = row.participant
        if column == self.NUMBER:
            return str(person.number)
        if column == self.NAME:
            name = participants.label(person)
            if person.display_name and person.pseudonym:
                name = self.tr("{name} (“{pseudonym}”)").format(name=name, pseudonym=person.pseudonym)
            return name
        if column == self.ROLES:
            return participants.roles_text(person)
        if column == self.ORGANISATION:
            return person.organisation
        if column == self.ACCESS:
            needs = participants.access_needs_text(person.access_needs)
            return "; ".join(part for part in (needs, person.access_notes) if part)
        return consent.consent_summary(row.state)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return row
        if role in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.AccessibleTextRole,
            Qt.ItemDataRole.ToolTipRole,
        ):
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole:  # used for sorting
            if column == self.NUMBER:
                return row.participant.number
            return self._text(row, column).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole and column == self.NUMBER:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, row: int) -> LedgerRow:
        return self._rows[row]


_WIDTHS = {
    ParticipantTableModel.NAME: 170,
    ParticipantTableModel.ORGANISATION: 170,
    ParticipantTableModel.ACCESS: 150,
    ParticipantTableModel.CONSENT: 230,
}


class PeoplePage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.model = ParticipantTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)

        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by name, role, organisation or consent"))
        self.search.setAccessibleName(self.tr("Search participants"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.count = QLabel()

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Participants"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(ParticipantTableModel.NUMBER, Qt.SortOrder.AscendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(ParticipantTableModel.NUMBER, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ParticipantTableModel.ROLES, QHeaderView.ResizeMode.Stretch)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.activated.connect(lambda _index: self.edit_selected())

        self.add_button = QPushButton(self.tr("&Add person…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.consent_button = QPushButton(self.tr("Record &consent…"))
        self.withdraw_button = QPushButton(self.tr("&Withdraw…"))
        self.remove_button = QPushButton(self.tr("Take off the &list"))
        self.add_button.clicked.connect(self.add_person)
        self.edit_button.clicked.connect(self.edit_selected)
        self.consent_button.clicked.connect(self.consent_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        for button, description in (
            (self.add_button, self.tr("Add someone who is taking part")),
            (self.edit_button, self.tr("Change the selected person's details")),
            (self.consent_button, self.tr("Record what the selected person agreed to, and how")),
            (self.withdraw_button, self.tr("Record that the selected person withdraws, and their choice")),
            (self.remove_button, self.tr("Take someone added by mistake off the list; the history keeps it")),
        ):
            button.setAccessibleDescription(description)
            button.setToolTip(description)
            button.setMinimumHeight(34)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)

        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.count)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.consent_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.load()

    # -- data
    def load(self) -> None:
        selected = self.selected()
        rows = consent.ledger(self.engine, self.workshop_id)
        self.model.set_rows(rows)
        given = sum(1 for r in rows if r.state.active)
        if len(rows) == 1:
            self.count.setText(self.tr("1 person, {c} with consent").format(c=given))
        else:
            self.count.setText(self.tr("{n} people, {c} with consent").format(n=len(rows), c=given))
        if selected is not None:
            self.select_id(selected.participant.id)
        self._update_buttons()

    def selected(self) -> LedgerRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def select_id(self, participant_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).participant.id == participant_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    def _update_buttons(self) -> None:
        row = self.selected()
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(row is not None)
        withdrawn = row is not None and row.state.withdrawal is not None
        self.consent_button.setEnabled(row is not None and not withdrawn)
        self.withdraw_button.setEnabled(row is not None and not withdrawn)

    def _changed(self, participant_id: str | None = None) -> None:
        self.load()
        if participant_id:
            self.select_id(participant_id)
        self.saved.emit()

    # -- actions
    def add_person(self) -> None:
        added: list[str] = []

        def save(data: ParticipantInput) -> None:
            added.append(participants.add_participant(self.engine, self.actor, self.workshop_id, data))

        dialog = ParticipantDialog(save, parent=self)
        if dialog.exec():
            self._changed(added[0])
            if dialog.then_consent:
                self.consent_selected()

    def edit_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        person_id = row.participant.id

        def save(data: ParticipantInput) -> None:
            participants.update_participant(self.engine, self.actor, person_id, data)

        data = ParticipantInput.from_participant(row.participant)
        if ParticipantDialog(save, data, parent=self).exec():
            self._changed(person_id)

    def consent_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            dialog = ConsentDialog(self.engine, self.actor, row.participant, self)
        except KnownError as err:
            show_error(self, err)
            return
        if dialog.exec():
            self._changed(row.participant.id)

    def withdraw_selected(self) -> None:
        row = self.selected()
        if row is not None and WithdrawDialog(self.engine, self.actor, row.participant, self).exec():
            self._changed(row.participant.id)

    def remove_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Take off the list"),
            self.tr(
                "Take {name} off the list? Use this for someone added by mistake; to honour a person "
                "leaving, use Withdraw instead. The workshop's history keeps the entry."
            ).format(name=participants.label(row.participant)),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            participants.remove_participant(self.engine, self.actor, row.participant.id)
        except KnownError as err:
            show_error(self, err)
            return
        self._changed()
