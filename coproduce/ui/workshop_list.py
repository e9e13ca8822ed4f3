"""The main window's first screen: the workshops in the local database."""

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
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coproduce.services.choices import status_label
from coproduce.services.workshops import WorkshopSummary

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class WorkshopTableModel(QAbstractTableModel):
    TITLE, PLACE, DATE, STATUS, PARTICIPANTS, CONTRIBUTIONS = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[WorkshopSummary] = []
        self._headers = [
            self.tr("Title"),
            self.tr("Place"),
            self.tr("Date"),
            self.tr("Status"),
            self.tr("Participants"),
            self.tr("Contributions"),
        ]

    def set_rows(self, rows: list[WorkshopSummary]) -> None:
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

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.TITLE:
                return row.title + (self.tr(" (archived)") if row.archived else "")
            if column == self.PLACE:
                return row.place
            if column == self.DATE:
                return row.date.strftime("%a %d %b %Y") if row.date else self.tr("Not set")
            if column == self.STATUS:
                return status_label(row.status)
            if column == self.PARTICIPANTS:
                return row.participants
            if column == self.CONTRIBUTIONS:
                return row.contributions
        if role == Qt.ItemDataRole.EditRole:  # used for sorting
            if column == self.DATE:
                return row.date.isoformat() if row.date else ""
            return self.data(index, Qt.ItemDataRole.DisplayRole)
        if role == Qt.ItemDataRole.TextAlignmentRole and column >= self.PARTICIPANTS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def row_at(self, row: int) -> WorkshopSummary:
        return self._rows[row]


class WorkshopListPage(QWidget):
    """Lists workshops, with create, open, duplicate and archive. Emits requests; the window acts on them."""

    open_requested = Signal(str)
    create_requested = Signal()
    duplicate_requested = Signal(str)
    archive_requested = Signal(str)
    demo_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = WorkshopTableModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(Qt.ItemDataRole.EditRole)

        heading = QLabel(self.tr("Workshops"))
        heading.setObjectName("pageHeading")
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("Search by title or place"))
        self.search.setAccessibleName(self.tr("Search workshops"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Workshops"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(WorkshopTableModel.DATE, Qt.SortOrder.DescendingOrder)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(WorkshopTableModel.TITLE, QHeaderView.ResizeMode.Stretch)
        for column in range(1, 6):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.doubleClicked.connect(lambda _index: self._emit_for_selection(self.open_requested))
        self.table.activated.connect(lambda _index: self._emit_for_selection(self.open_requested))

        self.empty_hint = QLabel(
            self.tr("No workshops yet. Create one, or open the demo workshop to see a full example.")
        )
        self.empty_hint.setWordWrap(True)

        self.new_button = QPushButton(self.tr("&New workshop…"))
        self.open_button = QPushButton(self.tr("&Open"))
        self.duplicate_button = QPushButton(self.tr("D&uplicate"))
        self.archive_button = QPushButton(self.tr("&Archive"))
        self.demo_button = QPushButton(self.tr("Create &demo workshop"))
        self.new_button.clicked.connect(self.create_requested.emit)
        self.demo_button.clicked.connect(self.demo_requested.emit)
        self.open_button.clicked.connect(lambda: self._emit_for_selection(self.open_requested))
        self.duplicate_button.clicked.connect(lambda: self._emit_for_selection(self.duplicate_requested))
        self.archive_button.clicked.connect(lambda: self._emit_for_selection(self.archive_requested))
        for button, description in (
            (self.new_button, self.tr("Create a new workshop")),
            (self.open_button, self.tr("Open the selected workshop")),
            (self.duplicate_button, self.tr("Copy the selected workshop's overview and exercises")),
            (self.archive_button, self.tr("Hide the selected workshop from this list; nothing is deleted")),
            (self.demo_button, self.tr("Create a realistic example workshop")),
        ):
            button.setAccessibleDescription(description)
            button.setToolTip(description)
            button.setMinimumHeight(36)

        buttons = QHBoxLayout()
        for button in (self.new_button, self.open_button, self.duplicate_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.demo_button)

        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch(1)
        top.addWidget(self.search, 1)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self._update_buttons()

    def set_rows(self, rows: list[WorkshopSummary]) -> None:
        self.model.set_rows(rows)
        self.empty_hint.setVisible(not rows)
        if rows:
            self.table.selectRow(0)
        self._update_buttons()

    def selected_id(self) -> str | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        source = self.proxy.mapToSource(indexes[0])
        return self.model.row_at(source.row()).id

    def select_id(self, workshop_id: str) -> None:
        for row in range(self.model.rowCount()):
            if self.model.row_at(row).id == workshop_id:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())
                return

    def _emit_for_selection(self, signal: Any) -> None:
        workshop_id = self.selected_id()
        if workshop_id is not None:
            signal.emit(workshop_id)

    def _update_buttons(self) -> None:
        has = self.selected_id() is not None
        for button in (self.open_button, self.duplicate_button, self.archive_button):
            button.setEnabled(has)
