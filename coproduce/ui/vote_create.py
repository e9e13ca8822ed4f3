"""Setting up a vote: its method and title, and its options picked from the workshop's contributions or
themes (filtered by exercise) or typed in; dots per person; the proposal for a consent round."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import contributions, exercises, votes
from coproduce.services.validate import SHORT
from coproduce.services.votes import OptionInput
from coproduce.ui.decision_models import PickModel, PickRow


class ExerciseFilter(QSortFilterProxyModel):
    """Shows the rows of one exercise (or all) and one kind (or all)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.exercise_id: str | None = None
        self.kinds: set[str] | None = None

    def set_filter(self, exercise_id: str | None, kinds: set[str] | None) -> None:
        self.beginFilterChange()
        self.exercise_id, self.kinds = exercise_id, kinds
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: object) -> bool:
        model = self.sourceModel()
        assert isinstance(model, PickModel)
        row = model.row_at(source_row)
        if self.kinds is not None and row.kind not in self.kinds:
            return False
        return self.exercise_id is None or row.exercise_id == self.exercise_id


def input_rows(engine: Engine, workshop_id: str) -> list[PickRow]:
    """The workshop's themes and visible contributions, as rows to pick from."""
    titles = {e.id: e.title for e in exercises.list_exercises(engine, workshop_id)}
    rows = [
        PickRow("theme", t.id, t.name, t.exercise_id, titles.get(t.exercise_id or "", ""))
        for t in contributions.list_themes(engine, workshop_id)
    ]
    rows += [
        PickRow("contribution", c.id, c.text, c.exercise_id, titles.get(c.exercise_id, ""))
        for c in contributions.list_contributions(engine, workshop_id, include_hidden=False)
    ]
    return rows


def pick_table(proxy: QSortFilterProxyModel, name: str) -> QTableView:
    table = QTableView()
    table.setModel(proxy)
    table.setAccessibleName(name)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
    return table


class VoteCreateDialog(QDialog):
    """Creates the vote when accepted; ``vote_id`` is then set."""

    SOURCES = ("contribution", "theme", "typed")

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.vote_id: str | None = None
        self.setWindowTitle(self.tr("New vote"))
        self.resize(760, 620)
        self.method = QComboBox()
        for key in votes.METHODS:
            self.method.addItem(votes.method_label(key), key)
        self.method.setAccessibleName(self.tr("Voting method"))
        self.title = QLineEdit()
        self.title.setMaxLength(SHORT)
        self.title.setAccessibleName(self.tr("Vote title"))
        self.title.setPlaceholderText(self.tr("The question, e.g. Which ideas matter most?"))
        self.allowance = QSpinBox()
        self.allowance.setRange(1, 50)
        self.allowance.setValue(3)
        self.allowance.setAccessibleName(self.tr("Dots per person"))
        self.proposal = QPlainTextEdit()
        self.proposal.setAccessibleName(self.tr("The proposal"))
        self.proposal.setTabChangesFocus(True)
        self.proposal.setPlaceholderText(self.tr("The proposal the room is asked to consent to"))
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("Where the options come from"))
        for key, text in zip(
            self.SOURCES,
            (self.tr("Contributions"), self.tr("Themes"), self.tr("Typed in")),
            strict=True,
        ):
            self.source.addItem(text, key)
        self.exercise = QComboBox()
        self.exercise.setAccessibleName(self.tr("Exercise"))
        self.exercise.addItem(self.tr("All exercises"), None)
        for item in exercises.list_exercises(engine, workshop_id):
            self.exercise.addItem(item.title, item.id)

        self.model = PickModel(self)
        self.model.set_rows(input_rows(engine, workshop_id))
        self.proxy = ExerciseFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = pick_table(self.proxy, self.tr("Options to pick: tick each one to vote on"))
        self.typed = QPlainTextEdit()
        self.typed.setAccessibleName(self.tr("Options typed in, one a line"))
        self.typed.setPlaceholderText(self.tr("One option a line"))
        self.typed.setTabChangesFocus(True)
        self.options_stack = QStackedWidget()
        self.options_stack.addWidget(self.table)
        self.options_stack.addWidget(self.typed)

        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("&Create vote"))
        self.buttons.accepted.connect(self.create_vote)
        self.buttons.rejected.connect(self.reject)

        self.form = QFormLayout()
        self.form.addRow(self.tr("&Method"), self.method)
        self.form.addRow(self.tr("&Title"), self.title)
        self.form.addRow(self.tr("&Dots per person"), self.allowance)
        self.form.addRow(self.tr("&Proposal"), self.proposal)
        self.form.addRow(self.tr("Options &from"), self.source)
        self.form.addRow(self.tr("E&xercise"), self.exercise)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.options_stack, 1)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.method.currentIndexChanged.connect(self._update)
        self.source.currentIndexChanged.connect(self._update)
        self.exercise.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        method = self.method.currentData()
        source = self.source.currentData()
        consent = method == "consent"
        self.form.setRowVisible(self.allowance, method == "dots")
        self.form.setRowVisible(self.proposal, consent)
        self.form.setRowVisible(self.source, not consent)
        self.form.setRowVisible(self.exercise, not consent and source != "typed")
        self.options_stack.setVisible(not consent)
        self.options_stack.setCurrentWidget(self.typed if source == "typed" else self.table)
        kinds = None if source == "typed" else {source}
        self.proxy.set_filter(self.exercise.currentData(), kinds)

    def set_source(self, key: str) -> None:
        self.source.setCurrentIndex(self.source.findData(key))

    def set_method(self, key: str) -> None:
        self.method.setCurrentIndex(self.method.findData(key))

    def options(self) -> list[OptionInput]:
        if self.method.currentData() == "consent":
            return []
        source = self.source.currentData()
        if source == "typed":
            return [OptionInput(line) for line in self.typed.toPlainText().splitlines() if line.strip()]
        picked = [r for r in self.model.checked() if r.kind == source]
        if source == "theme":
            return [OptionInput(theme_id=r.target_id) for r in picked]
        return [OptionInput(contribution_id=r.target_id) for r in picked]

    def create_vote(self) -> None:
        exercise_id = self.exercise.currentData() if self.source.currentData() != "typed" else None
        try:
            self.vote_id = votes.create_vote(
                self.engine,
                self.actor,
                self.workshop_id,
                self.title.text(),
                str(self.method.currentData()),
                self.options(),
                allowance=self.allowance.value(),
                proposal=self.proposal.toPlainText(),
                exercise_id=exercise_id,
            )
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.accept()

    def pick_index(self, row: int) -> None:
        """Tick the row shown at ``row`` (as a person would with the space bar)."""
        index = self.proxy.index(row, 0)
        self.proxy.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
