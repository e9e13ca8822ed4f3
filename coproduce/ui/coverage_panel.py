"""Principle coverage for the workshop: for each of the six principles, the exercises that served it, the
contributions, distinct participants and carers' contributions, with a plain warning where there is no
evidence yet (in words, never colour alone)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget
from sqlalchemy import Engine

from coproduce.services import coverage
from coproduce.services.coverage import PrincipleCoverage

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class CoverageModel(QAbstractTableModel):
    PRINCIPLE, EXERCISES, CONTRIBUTIONS, PEOPLE, CARERS, EVIDENCE = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[PrincipleCoverage] = []
        self._headers = [
            self.tr("Principle"),
            self.tr("Exercises (time run)"),
            self.tr("Contributions"),
            self.tr("People"),
            self.tr("From carers"),
            self.tr("Evidence"),
        ]

    def set_rows(self, rows: list[PrincipleCoverage]) -> None:
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

    def _exercises(self, row: PrincipleCoverage) -> str:
        if not row.exercises:
            return self.tr("None")
        parts = []
        for e in row.exercises:
            minutes = round(e.seconds_run / 60)
            ran = self.tr("{m} min").format(m=minutes) if e.seconds_run else self.tr("not run")
            parts.append(self.tr("{title} ({ran})").format(title=e.title, ran=ran))
        return "\n".join(parts)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if column == self.PRINCIPLE:
                return self.tr("{n}. {short}").format(n=row.principle, short=row.short)
            if column == self.EXERCISES:
                return self._exercises(row)
            if column == self.CONTRIBUTIONS:
                return row.contributions
            if column == self.PEOPLE:
                return row.participants
            if column == self.CARERS:
                return row.carer_contributions
            return self.tr("Yes") if row.has_evidence else self.tr("No: {why}").format(why=row.warnings[0])
        if role == Qt.ItemDataRole.ToolTipRole and column == self.PRINCIPLE:
            return row.title
        if role == Qt.ItemDataRole.TextAlignmentRole and self.CONTRIBUTIONS <= column <= self.CARERS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and column == self.EVIDENCE and not row.has_evidence:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class CoveragePanel(QWidget):
    def __init__(self, engine: Engine, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.workshop_id = engine, workshop_id
        self.model = CoverageModel(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Coverage warnings"))
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Principle coverage"))
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CoverageModel.EVIDENCE, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        self.refresh()

    def refresh(self) -> None:
        rows = coverage.coverage(self.engine, self.workshop_id)
        self.model.set_rows(rows)
        self.table.resizeRowsToContents()
        warnings = [w for row in rows for w in row.warnings]
        if warnings:
            self.summary.setText("\n".join([self.tr("Not yet covered:"), *("• " + w for w in warnings)]))
        else:
            self.summary.setText(self.tr("Every principle has evidence from this workshop."))

    def warnings(self) -> list[str]:
        return [w for row in self.model._rows for w in row.warnings]
