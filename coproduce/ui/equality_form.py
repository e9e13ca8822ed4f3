"""Anonymous equality monitoring: the form a person fills in (no name, every question optional), and the
page with the aggregate counts, small numbers suppressed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import equality
from coproduce.services.suppression import cell_text, footnote

RecordRole = Qt.ItemDataRole.UserRole + 1
_Index = QModelIndex | QPersistentModelIndex


class EqualityFormDialog(QDialog):
    def __init__(self, engine: Engine, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.workshop_id = engine, workshop_id
        self.setWindowTitle(self.tr("Equality monitoring: anonymous form"))
        self.resize(640, 720)
        intro = QLabel(
            self.tr(
                "This form is optional and anonymous. It does not ask your name, and your answers are "
                "kept apart from everything said today. They are only ever counted together with "
                "everyone else's, and any number under 5 is hidden. Skip any question, or choose "
                "“Prefer not to say”."
            )
        )
        intro.setWordWrap(True)
        body = QWidget()
        column = QVBoxLayout(body)
        self.fields: dict[str, QComboBox | QLineEdit] = {}
        for question in equality.QUESTIONS:
            title = QLabel(f"<b>{equality.question_title(question.key)}</b>")
            text = QLabel(equality.question_text(question.key))
            text.setWordWrap(True)
            field: QComboBox | QLineEdit
            if question.options:
                combo = QComboBox()
                combo.addItem(self.tr("(not answered)"), "")
                for option in question.options:
                    combo.addItem(equality.answer_label(option), option)
                field = combo
            else:
                line = QLineEdit()
                line.setMaxLength(10)
                line.setPlaceholderText(self.tr("e.g. SO14; leave empty to skip"))
                field = line
            field.setAccessibleName(equality.question_title(question.key))
            field.setAccessibleDescription(equality.question_text(question.key))
            text.setBuddy(field)
            self.fields[question.key] = field
            for widget in (title, text, field):
                column.addWidget(widget)
            column.addSpacing(8)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Hand in anonymously"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def answers(self) -> dict[str, str]:
        return {
            key: str(field.currentData()) if isinstance(field, QComboBox) else field.text()
            for key, field in self.fields.items()
        }

    def accept(self) -> None:
        try:
            equality.submit_response(self.engine, self.workshop_id, self.answers())
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        super().accept()


class EqualityReportModel(QAbstractTableModel):
    """One row per (question, answer) of the aggregate report; hidden counts in words."""

    QUESTION, ANSWER, COUNT = range(3)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[str, str, str]] = []
        self._headers = [self.tr("Question"), self.tr("Answer"), self.tr("Forms")]

    def set_report(self, report: equality.EqualityReport) -> None:
        uniform = report.has_secondary
        rows: list[tuple[str, str, str]] = []
        for q in report.questions:
            title = equality.question_title(q.key)
            for answer, cell in zip(q.answers, q.cells, strict=True):
                rows.append((title, equality.answer_label(answer), cell_text(cell, uniform)))
        self.set_rows(rows)

    def set_rows(self, rows: list[tuple[str, str, str]]) -> None:
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
        if role == RecordRole:
            return row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return row[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == self.COUNT:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class EqualityPage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.workshop_id = engine, workshop_id
        intro = QLabel(
            self.tr(
                "Pass the laptop round, or type in paper forms. Answers are stored with no name, no time "
                "and no link to anything said, and are shown here only as counts."
            )
        )
        intro.setWordWrap(True)
        self.form_button = QPushButton(self.tr("&Fill in an anonymous form…"))
        self.form_button.setMinimumHeight(34)
        self.form_button.clicked.connect(self.fill_in)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.model = EqualityReportModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Equality monitoring counts"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(EqualityReportModel.QUESTION, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(EqualityReportModel.ANSWER, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(EqualityReportModel.COUNT, QHeaderView.ResizeMode.ResizeToContents)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.show_button = QPushButton()
        self.show_button.setMinimumHeight(34)
        self.show_button.clicked.connect(lambda: self.set_counts_shown(self.table.isHidden()))
        top = QHBoxLayout()
        top.addWidget(self.form_button)
        top.addWidget(self.status, 1)
        top.addWidget(self.show_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.note)
        self.set_counts_shown(True)

    def load(self) -> None:
        report = equality.equality_report(self.engine, self.workshop_id)
        self.model.set_report(report)
        self.status.setText(
            self.tr("Forms handed in: {n}").format(n=cell_text(report.forms, report.has_secondary))
        )
        self.note.setText(footnote(report.has_secondary))

    def set_counts_shown(self, shown: bool) -> None:
        if shown:
            self.load()
        self.table.setVisible(shown)
        self.note.setVisible(shown)
        self.show_button.setText(self.tr("Hide the &counts") if shown else self.tr("Show the &counts"))

    def fill_in(self) -> None:
        if EqualityFormDialog(self.engine, self.workshop_id, self).exec():
            # Hide the counts: comparing them before and after one form would show that person's answers.
            self.set_counts_shown(False)
            self.status.setText(
                self.tr(
                    "Thank you: the form was handed in. Pass it on. The counts stay hidden while forms "
                    "are coming in; show them when everyone has finished."
                )
            )
            self.saved.emit()
