"""A workshop in its own view: a section list (Overview, Participants, Exercises, Decisions, Record)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.ui.date_fields import format_date
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.exercises_page import ExercisesPage
from coproduce.ui.overview_page import OverviewPage
from coproduce.ui.participants_section import ParticipantsSection
from coproduce.ui.record_page import RecordPage

PageFactory = Callable[[Engine, str, str], QWidget]


class PlaceholderPage(QWidget):
    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(label)


def section_factories() -> list[tuple[str, PageFactory | None]]:
    """The sections in order; ``None`` means not built yet (a placeholder says so)."""
    from PySide6.QtCore import QCoreApplication

    def tr(text: str) -> str:
        return QCoreApplication.translate("WorkshopView", text)

    return [
        (tr("Overview"), lambda engine, actor, wid: OverviewPage(engine, actor, wid)),
        (tr("Participants"), lambda engine, actor, wid: ParticipantsSection(engine, actor, wid)),
        (tr("Exercises"), lambda engine, actor, wid: ExercisesPage(engine, actor, wid)),
        (tr("Decisions"), lambda engine, actor, wid: DecisionsPage(engine, actor, wid)),
        (tr("Record"), None),  # built by WorkshopView itself: it needs the data folder
    ]


class WorkshopView(QWidget):
    back_requested = Signal()
    changed = Signal()

    def __init__(
        self,
        engine: Engine,
        actor: str,
        workshop_id: str,
        paths: DataPaths | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id, self.paths = engine, actor, workshop_id, paths
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.heading.setWordWrap(True)
        self.back_button = QPushButton(self.tr("← All workshops"))
        self.back_button.setAccessibleName(self.tr("Back to all workshops"))
        self.back_button.clicked.connect(self.back_requested.emit)

        self.sections = QListWidget()
        self.sections.setAccessibleName(self.tr("Workshop sections"))
        self.sections.setMaximumWidth(220)
        self.sections.setMinimumWidth(160)
        self.sections.setSpacing(2)
        self.sections.setStyleSheet("QListWidget::item { padding-left: 8px; }")
        self.pages = QStackedWidget()
        for name, factory in section_factories():
            item = QListWidgetItem(name)
            # a comfortable target for a mouse or a finger on a touch screen: at least 36 px high
            item.setSizeHint(QSize(0, max(36, self.sections.fontMetrics().height() + 16)))
            self.sections.addItem(item)
            if factory is None and name == self.tr("Record") and paths is not None:
                page: QWidget = RecordPage(engine, actor, workshop_id, paths)
            elif factory is None:
                page = PlaceholderPage(self.tr("This section is not built yet."))
            else:
                page = factory(engine, actor, workshop_id)
            saved = getattr(page, "saved", None)
            if saved is not None:
                saved.connect(self._page_saved)
            self.pages.addWidget(page)
        self.sections.currentRowChanged.connect(self._switch)
        self.sections.setCurrentRow(0)

        top = QHBoxLayout()
        top.addWidget(self.back_button)
        top.addWidget(self.heading, 1)
        body = QHBoxLayout()
        body.addWidget(self.sections)
        body.addWidget(self.pages, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        self.refresh_heading()

    def _switch(self, row: int) -> None:
        self.flush()
        self.pages.setCurrentIndex(row)

    def show_section(self, name: str) -> None:
        for row in range(self.sections.count()):
            if self.sections.item(row).text() == name:
                self.sections.setCurrentRow(row)
                return

    def flush(self) -> None:
        for index in range(self.pages.count()):
            flush = getattr(self.pages.widget(index), "flush", None)
            if flush is not None:
                flush()

    def _page_saved(self) -> None:
        self.refresh_heading()
        self.changed.emit()

    def refresh_heading(self) -> None:
        w = workshops.get_workshop(self.engine, self.workshop_id).workshop
        when = format_date(w.date) if w.date else ""  # as the date fields show it
        place = "" if w.place and w.place.casefold() in w.title.casefold() else w.place
        self.heading.setText(" · ".join(part for part in (w.title, place, when) if part))
