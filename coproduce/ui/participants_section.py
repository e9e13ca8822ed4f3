"""The Participants section: People, Consent statement, Equality monitoring and Reach, as tabs."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget
from sqlalchemy import Engine

from coproduce.ui.consent_statement import StatementPage
from coproduce.ui.equality_form import EqualityPage
from coproduce.ui.participants_page import PeoplePage
from coproduce.ui.reach_page import ReachPage


class ParticipantsSection(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.people = PeoplePage(engine, actor, workshop_id)
        self.statement = StatementPage(engine, actor, workshop_id)
        self.equality = EqualityPage(engine, actor, workshop_id)
        self.reach = ReachPage(engine, actor, workshop_id)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Participants"))
        self.tabs.addTab(self.people, self.tr("&People"))
        self.tabs.addTab(self.statement, self.tr("Consent &statement"))
        self.tabs.addTab(self.equality, self.tr("E&quality monitoring"))
        self.tabs.addTab(self.reach, self.tr("&Reach: who is not in the room"))
        for page in (self.people, self.statement, self.equality, self.reach):
            page.saved.connect(self.saved.emit)
        # the reach view counts people and forms: bring it up to date whenever it is shown
        self.tabs.currentChanged.connect(self._tab_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    def _tab_changed(self, index: int) -> None:
        page = self.tabs.widget(index)
        if page is self.reach:
            self.reach.load()
        elif page is self.people:
            self.people.load()
