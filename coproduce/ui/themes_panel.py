"""The workshop's themes as a list that contributions can be dropped onto, with counts and "New theme"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coproduce.ui.contributions_model import MIME_TYPE, ids_from_mime

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class ThemeEntry:
    id: str
    name: str
    count: int


class ThemeListModel(QAbstractListModel):
    """One row per theme; dropping contributions on a row asks for them to be grouped under it."""

    dropped = Signal(list, str)  # contribution ids, theme id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ThemeEntry] = []

    def set_rows(self, rows: list[ThemeEntry]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> ThemeEntry:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.tr("{name} ({count})").format(name=row.name, count=row.count)
        if role == RecordRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("Drop contributions here to group them under “{name}”").format(name=row.name)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        return parent.isValid() and bool(ids_from_mime(data))

    def dropMimeData(
        self, data: QMimeData, action: Qt.DropAction, row: int, column: int, parent: _Index
    ) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.dropped.emit(ids_from_mime(data), self._rows[parent.row()].id)
        return False  # the drag source keeps its rows: grouping changes a column, it moves nothing


class ThemesPanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = ThemeListModel(self)
        heading = QLabel(self.tr("Themes"))
        heading.setStyleSheet("font-weight: 600;")
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setFlow(QListView.Flow.LeftToRight)  # theme "buckets" side by side, wrapping
        self.list.setWrapping(True)
        self.list.setResizeMode(QListView.ResizeMode.Adjust)
        self.list.setSpacing(4)
        self.list.setUniformItemSizes(False)
        self.list.setMinimumHeight(70)
        self.list.setStyleSheet(
            "QListView::item { border: 1px solid #7a7a7a; border-radius: 4px; padding: 6px 10px; }"
            "QListView::item:selected { background: #1d4f91; color: white; }"
        )
        self.list.setAccessibleName(self.tr("Themes"))
        self.list.setAcceptDrops(True)
        self.list.setDropIndicatorShown(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.list.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.new_button = QPushButton(self.tr("&New theme…"))
        self.new_button.setToolTip(self.tr("Create a theme (Ctrl+Shift+N)"))
        self.hint = QLabel(
            self.tr("Drag contributions onto a theme, or select them and press Ctrl+G to choose one.")
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #444;")
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addWidget(self.hint, 1)
        top.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.list, 1)
