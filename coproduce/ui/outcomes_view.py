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
        # several rows (Shift or Ctrl and click) take one outcome at once, e.g. "still to be considered"
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(LedgerModel.INPUT, QHeaderView.ResizeMode.Stretch)
        # what people said gets the room; reasons are short (an equal share left people's words in two lines)
        header.setSectionResizeMode(LedgerModel.REASON, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(LedgerModel.REASON, 300)
        for column in (LedgerModel.KIND, LedgerModel.EXERCISE, LedgerModel.OUTCOME, LedgerModel.DECISION):
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
        rows = self.selected_rows()
        return rows[0] if rows else None

    def selected_rows(self) -> list[LedgerRow]:
        """The chosen inputs, in the order shown."""
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [self.model.row_at(self.proxy.mapToSource(i).row()) for i in indexes]

    def select(self, kind: str, target_id: str) -> None:
        for row in range(self.proxy.rowCount()):
            item = self.model.row_at(self.proxy.mapToSource(self.proxy.index(row, 0)).row())
            if (item.target_kind, item.target_id) == (kind, target_id):
                self.table.selectRow(row)
                return

    def _selected(self) -> None:
        rows = self.selected_rows()
        self.set_button.setEnabled(bool(rows))
        self.error.hide()
        if not rows:
            self.chosen.setText(self.tr("Nothing chosen: pick an input in the table."))
            return
        if len(rows) > 1:
            self.chosen.setText(
                self.tr("{n} inputs chosen: the outcome and reason below are set for all of them.").format(
                    n=len(rows)
                )
            )
            outcomes_now = {r.outcome for r in rows}
            common = outcomes_now.pop() if len(outcomes_now) == 1 else None
            self.outcome.setCurrentIndex(max(0, self.outcome.findData(common or "to_consider")))
            reasons = {r.reason for r in rows}
            self.reason.setText(reasons.pop() if len(reasons) == 1 else "")
            self._update_hint()
            return
        row = rows[0]
        self.chosen.setText(row.text if len(row.text) < 160 else row.text[:157] + "…")
        # offered, not forced: a decision adopting the input suggests "Adopted" until an outcome is set
        suggested = "adopted" if row.decision_adopts else "to_consider"
        self.outcome.setCurrentIndex(max(0, self.outcome.findData(row.outcome or suggested)))
        self.reason.setText(row.reason)
        self._update_hint()

    def _update_hint(self) -> None:
        needs = self.outcome.currentData() in NEEDS_REASON
        lines = [
            self.tr("A reason is needed: people should hear why their input was not adopted as it was.")
            if needs
            else self.tr("A reason is optional.")
        ]
        rows = self.selected_rows()
        if len(rows) == 1 and rows[0].decision:
            statement = rows[0].decision if len(rows[0].decision) < 120 else rows[0].decision[:117] + "…"
            if rows[0].decision_adopts:
                lines.append(
                    self.tr("A decision adopts this input: “{decision}”. “Adopted” is suggested.").format(
                        decision=statement
                    )
                )
            else:
                lines.append(self.tr("A decision links this input: “{decision}”.").format(decision=statement))
        self.hint.setText("\n".join(lines))

    def apply(self) -> None:
        rows = self.selected_rows()
        if not rows:
            return
        last = max(i.row() for i in self.table.selectionModel().selectedRows())
        try:
            for row in rows:
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
            self.reason.setFocus()
            return
        self.table.clearSelection()
        self.load()
        # move on to the next input still shown, so the facilitator can work down the list
        first = rows[0]
        gone = not any(
            (r.target_kind, r.target_id) == (first.target_kind, first.target_id)
            for r in (
                self.model.row_at(self.proxy.mapToSource(self.proxy.index(i, 0)).row())
                for i in range(self.proxy.rowCount())
            )
        )
        if self.proxy.rowCount():
            after = last + 1 - (len(rows) if gone else 0)
            self.table.selectRow(max(0, min(after, self.proxy.rowCount() - 1)))
        self.saved.emit()
