"""The Decisions section: Votes, Decisions, "You said, we did" and Ready to sign, as tabs."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.services import decisions
from coproduce.ui.decision_editor import DecisionEditor
from coproduce.ui.decision_models import DecisionsModel
from coproduce.ui.outcomes_view import NO_OUTCOME, OutcomesView
from coproduce.ui.readiness_panel import ReadinessPanel
from coproduce.ui.votes_panel import VotesPanel


class DecisionsTab(QWidget):
    """The decisions in the workshop, and the one chosen open in the editor."""

    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.workshop_id = engine, workshop_id
        self.model = DecisionsModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Decisions"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(DecisionsModel.STATEMENT, QHeaderView.ResizeMode.Stretch)
        for column in (DecisionsModel.NUMBER, DecisionsModel.STATUS, DecisionsModel.DECIDED_BY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setMaximumSectionSize(260)
        # room for three decisions of two lines each before the list scrolls
        self.table.setMinimumHeight(
            header.sizeHint().height()
            + 6 * self.table.fontMetrics().lineSpacing()
            + 2 * self.table.frameWidth()
            + 8
        )
        self.new_button = QPushButton(self.tr("&New decision"))
        self.new_button.setMinimumHeight(36)
        self.new_button.clicked.connect(self.new_decision)
        self.editor = DecisionEditor(engine, actor, workshop_id)
        self.editor.saved.connect(self._saved)

        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        top_layout.addLayout(buttons)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.editor)
        self.editor_scroll = scroll
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(top)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.table.selectionModel().selectionChanged.connect(self._open_selected)
        self.load()

    def _set_rows(self, current: str | None) -> list[str]:
        """Reload the list, keeping ``current`` selected without reopening it; the ids now listed."""
        rows = decisions.list_decisions(self.engine, self.workshop_id)
        ids = [d.id for d in rows]
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        try:
            self.model.set_rows(rows)
            if current in ids:
                self.table.selectRow(ids.index(current))
        finally:
            selection.blockSignals(False)
        self.table.resizeRowsToContents()
        return ids

    def load(self, select_id: str | None = None) -> None:
        current = select_id or self.editor.decision_id
        ids = self._set_rows(current)
        if current not in ids:
            if ids:
                self.table.selectRow(0)
            else:
                self.editor.load(None)

    def refresh(self) -> None:
        """Bring the list and the editor's choices up to date, keeping what is being typed."""
        self.editor.links.reload()
        self._set_rows(self.editor.decision_id)

    def select(self, decision_id: str) -> None:
        ids = [d.id for d in self.model.rows()]
        if decision_id in ids:
            self.table.selectRow(ids.index(decision_id))

    def _open_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if indexes:
            self.editor.load(self.model.row_at(indexes[0].row()).id)

    def new_decision(self) -> None:
        self.table.selectionModel().clearSelection()
        self.editor.load(None)
        self.editor.statement.setFocus()

    def _saved(self, decision_id: str) -> None:
        self.load(decision_id)
        self.saved.emit()


class DecisionsPage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.votes = VotesPanel(engine, actor, workshop_id)
        self.decisions = DecisionsTab(engine, actor, workshop_id)
        self.outcomes = OutcomesView(engine, actor, workshop_id)
        self.readiness = ReadinessPanel(engine, workshop_id)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Decisions"))
        self.tabs.addTab(self.votes, self.tr("&Votes"))
        self.tabs.addTab(self.decisions, self.tr("&Decisions"))
        self.tabs.addTab(self.outcomes, self.tr("&You said, we did"))
        self.tabs.addTab(self.readiness, self.tr("Ready to &sign"))
        for page in (self.votes, self.decisions, self.outcomes):
            page.saved.connect(self.saved.emit)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.readiness.go_to.connect(self.go_to)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _tab_changed(self, index: int) -> None:
        """Bring the tab up to date: other sections and tabs may have changed what it shows."""
        page = self.tabs.widget(index)
        if page is self.votes:
            self.votes.load()
        elif page is self.decisions:
            self.decisions.refresh()
        elif page is self.outcomes:
            self.outcomes.load()
        elif page is self.readiness:
            self.readiness.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._tab_changed(self.tabs.currentIndex())

    def go_to(self, section: str, key: str) -> None:
        """Take the facilitator to where a readiness gap is fixed."""
        if section == "Decisions":
            tab = {"votes_closed": self.votes, "outcomes": self.outcomes}.get(key, self.decisions)
            self.tabs.setCurrentWidget(tab)
            if key == "outcomes":
                self.outcomes.set_filter_outcome(NO_OUTCOME)
            return
        view = self.parentWidget()
        while view is not None and not hasattr(view, "show_section"):
            view = view.parentWidget()
        if view is not None:
            view.show_section(QCoreApplication.translate("WorkshopView", section))
