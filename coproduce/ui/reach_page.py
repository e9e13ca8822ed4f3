"""Who is (not) in the room: each group's share in the room beside its share of the population, flagged in
words (never by colour alone), and the role mix against the principles. Serves principle 3."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QRect, Qt, Signal
from PySide6.QtGui import QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QScrollArea,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import reach_room
from coproduce.services.choices import role_label
from coproduce.services.reach import UNDER_RATIO, Flag, ReachRow, flag_label
from coproduce.services.suppression import Status, cell_text, footnote
from coproduce.ui.messages import show_error

RecordRole = Qt.ItemDataRole.UserRole + 1
BarsRole = Qt.ItemDataRole.UserRole + 2
_Index = QModelIndex | QPersistentModelIndex


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}%"


class ReachTableModel(QAbstractTableModel):
    DIMENSION, GROUP, ROOM, ANSWERED, ROOM_SHARE, POPULATION_SHARE, BARS, FLAG = range(8)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[ReachRow] = []
        self._uniform = False
        self._headers = [
            self.tr("Dimension"),
            self.tr("Group"),
            self.tr("In the room"),
            self.tr("Answered"),
            self.tr("Room share"),
            self.tr("Population\nshare"),
            self.tr("Room: solid\nPopulation: outline"),
            self.tr("Flag"),
        ]

    def set_rows(self, rows: list[ReachRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self._uniform = any(Status.SECONDARY in (r.room_count.status, r.room_total.status) for r in rows)
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

    def _text(self, row: ReachRow, column: int) -> str:
        if column == self.DIMENSION:
            return row.dimension
        if column == self.GROUP:
            return row.group
        if column == self.ROOM:
            return cell_text(row.room_count, self._uniform)
        if column == self.ANSWERED:
            return cell_text(row.room_total, self._uniform)
        if column == self.ROOM_SHARE:
            return _percent(row.room_share_percent) or self.tr("not shown")
        if column == self.POPULATION_SHARE:
            return _percent(row.population_share_percent)
        if column == self.BARS:  # read out in words for screen readers
            return self.tr("room {room}, population {population}").format(
                room=_percent(row.room_share_percent) or self.tr("not shown"),
                population=_percent(row.population_share_percent),
            )
        return flag_label(row.flag)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return row
        if role == BarsRole:
            return (row.room_share_percent, row.population_share_percent)
        if role == Qt.ItemDataRole.DisplayRole and column == self.BARS:
            return None  # drawn by ShareBarsDelegate
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if (
            role == Qt.ItemDataRole.FontRole
            and column == self.FLAG
            and row.flag in (Flag.MISSING, Flag.UNDER)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (
            self.ROOM,
            self.ANSWERED,
            self.ROOM_SHARE,
            self.POPULATION_SHARE,
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class ShareBarsDelegate(QStyledItemDelegate):
    """Two bars on one scale: the room's share (solid) above the population's (outline). The numbers and the
    flag are in their own columns, so nothing depends on telling the bars apart by colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        super().paint(painter, option, index)
        bars = index.data(BarsRole)
        if not bars:
            return
        room, population = bars
        rect: QRect = option.rect.adjusted(6, 5, -6, -5)
        scale = max(rect.width(), 1) / 100
        half = max(rect.height() // 2 - 1, 2)
        text = option.palette.color(QPalette.ColorRole.Text)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        if room is not None:
            painter.fillRect(QRect(rect.left(), rect.top(), max(round(room * scale), 1), half), text)
        else:  # hidden count: a dotted outline, "not shown" in the Room share column
            pen = painter.pen()
            pen.setStyle(Qt.PenStyle.DotLine)
            pen.setColor(text)
            painter.setPen(pen)
            painter.drawRect(QRect(rect.left(), rect.top(), rect.width() // 4, half - 1))
        pen = painter.pen()
        pen.setStyle(Qt.PenStyle.SolidLine)
        pen.setColor(text)
        painter.setPen(pen)
        painter.drawRect(
            QRect(rect.left(), rect.top() + half + 2, max(round(population * scale), 1), half - 1)
        )
        painter.restore()


class RoleMixModel(QAbstractTableModel):
    """Roles in the room: (role, people) with 1 to 4 shown as "fewer than 5"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str]] = []
        self._headers = [self.tr("Role"), self.tr("People")]

    def set_rows(self, rows: list[tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

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
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def _fit_height(table: QTableView) -> None:
    """Show every row: the page scrolls, not the table."""
    rows = sum(table.rowHeight(r) for r in range(table.model().rowCount()))
    table.setFixedHeight(table.horizontalHeader().height() + rows + 2 * table.frameWidth() + 2)


def _table(model: QAbstractTableModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(model)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.setAlternatingRowColors(True)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


class ReachPage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.source = QLabel()
        self.source.setWordWrap(True)
        self.source.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.load_button = QPushButton(self.tr("&Load a population profile (CSV)…"))
        self.load_button.setToolTip(self.tr("Columns: dimension, group, share_percent, note"))
        self.load_button.clicked.connect(self.choose_profile)
        self.census_button = QPushButton(self.tr("Use the Census &2021 profile"))
        self.census_button.setToolTip(self.tr("England and Wales, Office for National Statistics"))
        self.census_button.clicked.connect(self.use_census)
        self.forms = QLabel()

        self.model = ReachTableModel(self)
        self.table = _table(self.model, self.tr("Share in the room against share of the population"))
        self.table.setItemDelegateForColumn(ReachTableModel.BARS, ShareBarsDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ReachTableModel.GROUP, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ReachTableModel.BARS, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(ReachTableModel.BARS, 160)
        header.sectionResized.connect(lambda *_: _fit_height(self.table))
        self.legend = QLabel()
        self.legend.setWordWrap(True)

        self.roles_model = RoleMixModel(self)
        self.roles = _table(self.roles_model, self.tr("Roles in the room"))
        self.roles.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.roles.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.gaps.setAccessibleName(self.tr("Roles missing, by principle"))
        roles_box = QGroupBox(self.tr("Roles in the room, against the principles"))
        roles_row = QHBoxLayout(roles_box)
        roles_row.addWidget(self.roles, 1, Qt.AlignmentFlag.AlignTop)
        roles_row.addWidget(self.gaps, 1)

        top = QHBoxLayout()
        top.addWidget(self.source, 1)
        top.addWidget(self.load_button)
        top.addWidget(self.census_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(top)
        column.addWidget(self.forms)
        column.addWidget(self.table)
        column.addWidget(self.legend)
        column.addWidget(roles_box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)
        self.load()

    def load(self) -> None:
        report = reach_room.reach_report(self.engine, self.workshop_id)
        self.source.setText(self.tr("Population: {source}").format(source=report.profile.source_name))
        self.forms.setText(
            self.tr("Compared with {n} anonymous equality monitoring forms from the room.").format(
                n=cell_text(report.forms, False)
            )
        )
        self.model.set_rows(list(report.rows))
        _fit_height(self.table)
        uniform = any(Status.SECONDARY in (r.room_count.status, r.room_total.status) for r in report.rows)
        self.legend.setText(
            self.tr(
                "MISSING: nobody from the group answered. UNDER: the room's share is below {p}% of the "
                "population's. With a small room one person moves a share a lot: read the flags as a "
                "prompt to ask who is not here, and why. {suppression}"
            ).format(p=round(UNDER_RATIO * 100), suppression=footnote(uniform))
        )
        self.roles_model.set_rows([(role_label(k), cell_text(c, False)) for k, c in report.roles])
        _fit_height(self.roles)
        if report.gaps:
            lines = [self.tr("Missing: {message}").format(message=g.message) for g in report.gaps]
        else:
            lines = [self.tr("Every role the principles ask for is in the room.")]
        self.gaps.setText("\n\n".join(lines))

    def choose_profile(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Population profile"), "", self.tr("CSV files (*.csv);;All files (*)")
        )
        if name:
            self.load_profile(Path(name))

    def load_profile(self, path: Path, source: str | None = None) -> None:
        if source is None:
            source, ok = QInputDialog.getText(
                self,
                self.tr("Where the figures come from"),
                self.tr("Name the source of these figures (who published them, for which area and year):"),
                text=path.stem,
            )
            if not ok:
                return
        try:
            reach_room.load_profile_file(self.engine, self.actor, self.workshop_id, path, source)
        except KnownError as err:
            show_error(self, err, self.tr("The population profile was not loaded"))
            return
        self.load()
        self.saved.emit()

    def use_census(self) -> None:
        try:
            reach_room.load_default_profile(self.engine, self.actor, self.workshop_id)
        except KnownError as err:
            show_error(self, err)
            return
        self.load()
        self.saved.emit()
