""" "You said, we did": every contribution and theme with its outcome, filterable by outcome, by exercise
and "no outcome yet", so nothing falls through the cracks. The outcome and its reason are set from the
keyboard: choose a row, choose the outcome, type the reason, press Enter (the next row is then chosen)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import exercises, outcomes
from coproduce.services.outcomes import NEEDS_REASON, OUTCOMES, LedgerRow, outcome_label
from coproduce.services.validate import MEDIUM
from coproduce.ui.decision_models import LedgerModel

NO_OUTCOME = "__none__"


class LedgerFilter(QSortFilterProxyModel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcome: str | None = None  # None: all; NO_OUTCOME: only those with none
        self.exercise: str | None = None  # an exercise title, or None for all

    def set_filter(self, outcome: str | None, exercise: str | None) -> None:
        self.beginFilterChange()
        self.outcome, self.exercise = outcome, exercise
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        model = self.sourceModel()
        assert isinstance(model, LedgerModel)
        row = model.row_at(source_row)
        if self.exercise is not None and row.exercise != self.exercise:
            return False
        if self.outcome == NO_OUTCOME:
            return row.outcome is None
        return self.outcome is None or row.outcome == self.outcome


class OutcomesView(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.model = LedgerModel(self)
        self.proxy = LedgerFilter(self)
        self.proxy.setSourceModel(self.model)
        self.show_outcome = QComboBox()
        self.show_outcome.setAccessibleName(self.tr("Show inputs with outcome"))
        self.show_outcome.addItem(self.tr("Any outcome"), None)
        self.show_outcome.addItem(self.tr("No outcome yet"), NO_OUTCOME)
        for key in OUTCOMES:
            self.show_outcome.addItem(outcome_label(key), key)
        self.show_exercise = QComboBox()
        self.show_exercise.setAccessibleName(self.tr("Show inputs from exercise"))
        self.show_outcome.currentIndexChanged.connect(self._filter)
        self.show_exercise.currentIndexChanged.connect(self._filter)
        self.counts = QLabel()
        self.counts.setWordWrap(True)

        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Inputs and their outcomes"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LedgerModel.INPUT, QHeaderView.ResizeMode.Stretch)
        # what people said gets the room; reasons are short (an equal share left people's words in two lines)
        header.setSectionResizeMode(LedgerModel.REASON, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LedgerModel.REASON, 300)
        for column in (LedgerModel.KIND, LedgerModel.EXERCISE, LedgerModel.OUTCOME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selected)

        self.outcome = QComboBox()
        self.outcome.setAccessibleName(self.tr("Outcome for the chosen input"))
        for key in OUTCOMES:
            self.outcome.addItem(outcome_label(key), key)
        self.outcome.currentIndexChanged.connect(self._update_hint)
        self.reason = QLineEdit()
        self.reason.setMaxLength(MEDIUM)
        self.reason.setAccessibleName(self.tr("Reason for the outcome"))
        self.reason.returnPressed.connect(self.apply)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.set_button = QPushButton(self.tr("Set &outcome"))
        self.set_button.setMinimumHeight(36)
        self.set_button.clicked.connect(self.apply)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.chosen = QLabel()
        self.chosen.setWordWrap(True)

        filters = QHBoxLayout()
        for text, combo in (
            (self.tr("&Show"), self.show_outcome),
            (self.tr("from e&xercise"), self.show_exercise),
        ):
            label = QLabel(text)
            label.setBuddy(combo)
            filters.addWidget(label)
            filters.addWidget(combo)
        filters.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Chosen input"), self.chosen)
        form.addRow(self.tr("O&utcome"), self.outcome)
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow("", self.hint)
        buttons = QHBoxLayout()
        buttons.addWidget(self.set_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.counts)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.load()

    def load(self) -> None:
        current = self.selected()
        rows = outcomes.ledger(self.engine, self.workshop_id)
        self.model.set_rows(rows)
        chosen = self.show_exercise.currentData()
        self.show_exercise.blockSignals(True)
        self.show_exercise.clear()
        self.show_exercise.addItem(self.tr("All exercises"), None)
        for exercise in exercises.list_exercises(self.engine, self.workshop_id):
            self.show_exercise.addItem(exercise.title, exercise.title)
        self.show_exercise.setCurrentIndex(max(0, self.show_exercise.findData(chosen)))
        self.show_exercise.blockSignals(False)
        self._filter()
        if current is not None:
            self.select(current.target_kind, current.target_id)

    def _filter(self) -> None:
        self.proxy.set_filter(self.show_outcome.currentData(), self.show_exercise.currentData())
        rows = self.model.rows()
        missing = sum(1 for r in rows if r.outcome is None)
        shown = self.proxy.rowCount()
        n = len(rows)
        if shown == n:  # nothing filtered out
            text = (
                self.tr("{n} inputs; every one has an outcome.")
                if not missing
                else self.tr("{n} inputs; 1 has no outcome yet.")
                if missing == 1
                else self.tr("{n} inputs; {missing} have no outcome yet.")
            )
        else:
            text = (
                self.tr("Showing {shown} of {n} inputs. Every one of the {n} has an outcome.")
                if not missing
                else self.tr("Showing {shown} of {n} inputs. Of all {n}, 1 has no outcome yet.")
                if missing == 1
                else self.tr("Showing {shown} of {n} inputs. Of all {n}, {missing} have no outcome yet.")
            )
        self.counts.setText(text.format(shown=shown, n=n, missing=missing))
        self.table.resizeRowsToContents()
        if not self.table.selectionModel().selectedRows() and self.proxy.rowCount():
            self.table.selectRow(0)
        self._selected()

    def set_filter_outcome(self, key: str | None) -> None:
        self.show_outcome.setCurrentIndex(self.show_outcome.findData(key))

    def selected(self) -> LedgerRow | None:
        indexes = self.table.selectionModel().selectedRows()
        if not indexes:
            return None
        return self.model.row_at(self.proxy.mapToSource(indexes[0]).row())

    def select(self, kind: str, target_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            item = self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            if (item.target_kind, item.target_id) == (kind, target_id):
                self.table.selectRow(row)
                return

    def _selected(self) -> None:
        row = self.selected()
        self.set_button.setEnabled(row is not None)
        if row is None:
            self.chosen.setText(self.tr("Nothing chosen: pick an input in the table."))
            return
        self.chosen.setText(row.text if len(row.text) < 160 else row.text[:157] + "…")
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(row.outcome or "to_consider")))
        self.reason.setText(row.reason)
        self.error.hide()
        self._update_hint()

    def _update_hint(self) -> None:
        needs = self.outcome.currentData() in NEEDS_REASON
        self.hint.setText(
            self.tr("A reason is needed: people should hear why their input was not adopted as it was.")
            if needs
            else self.tr("A reason is optional.")
        )

    def apply(self) -> None:
        row = self.selected()
        if row is None:
            return
        proxy_row = self.table.selectionModel().selectedRows()[0].row()
        try:
            outcomes.set_outcome(
                self.engine,
                self.actor,
                self.workshop_id,
                row.target_kind,
                row.target_id,
                str(self.outcome.currentData()),
                self.reason.text(),
            )
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.load()
        # move on to the next input still shown, so the facilitator can work down the list
        now = self.selected()
        still_shown = now is not None and (now.target_kind, now.target_id) == (row.target_kind, row.target_id)
        if self.proxy.rowCount():
            self.table.selectRow(min(proxy_row + 1 if still_shown else proxy_row, self.proxy.rowCount() - 1))
        self.saved.emit()
