"""The main window: the workshop list, and a workshop's own view in its place when one is opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QStackedWidget, QWidget
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.ui import participant_mode
from coproduce.ui.archive_menu import install_archive_menu
from coproduce.ui.import_action import install_import_action
from coproduce.ui.messages import show_error
from coproduce.ui.tasks import TaskRunner
from coproduce.ui.workshop_list import WorkshopListPage

if TYPE_CHECKING:
    from coproduce.ui.workshop_view import WorkshopView

# The workshop view (every section's page), the new-workshop dialog and the demo are imported when first used:
# they are not needed to show the list, and importing them made the window appear later (see bench/run.py).


class MainWindow(QMainWindow):
    def __init__(
        self, engine: Engine, actor: str, paths: DataPaths | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.actor = actor
        self.paths = paths
        self.runner = TaskRunner(self)
        self.setWindowTitle(self.tr("coproduce"))
        self.resize(1100, 720)
        self.stack = QStackedWidget()
        self.list_page = WorkshopListPage()
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)
        self.workshop_view: WorkshopView | None = None

        self.list_page.create_requested.connect(self.new_workshop)
        self.list_page.open_requested.connect(self.open_workshop)
        self.list_page.duplicate_requested.connect(self.duplicate_workshop)
        self.list_page.archive_requested.connect(self.archive_workshop)
        self.list_page.demo_requested.connect(self.create_demo)
        self._build_menus()
        self.refresh()

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))
        self.new_action = QAction(self.tr("&New workshop…"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_workshop)
        self.demo_action = QAction(self.tr("Create &demo workshop"), self)
        self.demo_action.triggered.connect(self.create_demo)
        self.list_action = QAction(self.tr("&All workshops"), self)
        self.list_action.setShortcut(QKeySequence("Ctrl+L"))
        self.list_action.triggered.connect(self.show_list)
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        for action in (self.new_action, self.demo_action, self.list_action):
            file_menu.addAction(action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        self.file_menu = file_menu
        install_archive_menu(self)  # Data menu: archives, programme view, backups (ui/archive_menu.py)
        install_import_action(self)  # File ▸ Import paper contributions (CSV)… (ui/import_action.py)
        participant_mode.install_participant_mode_action(self)  # Room menu: participant mode
        participant_mode.install_view_menu(self)  # View menu: text size, high contrast

    # -- list
    def refresh(self) -> None:
        selected = self.list_page.selected_id()
        self.list_page.set_rows(workshops.list_workshops(self.engine))
        if selected:
            self.list_page.select_id(selected)

    def show_list(self) -> None:
        if self.workshop_view is not None:
            self.workshop_view.flush()
            self.stack.removeWidget(self.workshop_view)
            self.workshop_view.deleteLater()
            self.workshop_view = None
        self.refresh()
        self.stack.setCurrentWidget(self.list_page)
        self.setWindowTitle(self.tr("coproduce"))

    def new_workshop(self) -> None:
        from coproduce.ui.workshop_dialog import NewWorkshopDialog

        dialog = NewWorkshopDialog(self)
        while dialog.exec():
            try:
                values = dialog.values()
                workshop_id = workshops.create_workshop(
                    self.engine, self.actor, values.pop("title"), **values
                )
            except KnownError as err:
                dialog.show_error(str(err))
                continue
            self.refresh()
            self.open_workshop(workshop_id)
            return

    def create_demo(self) -> None:
        from coproduce.services import demo

        try:
            workshop_id = demo.create_demo(self.engine)
        except KnownError as err:
            show_error(self, err)
            return
        self.refresh()
        self.list_page.select_id(workshop_id)

    def open_workshop(self, workshop_id: str) -> None:
        from coproduce.ui.workshop_view import WorkshopView

        try:
            view = WorkshopView(self.engine, self.actor, workshop_id, self.paths)
        except KnownError as err:
            show_error(self, err)
            self.refresh()
            return
        if self.workshop_view is not None:
            self.show_list()
        view.back_requested.connect(self.show_list)
        self.workshop_view = view
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)
        self.setWindowTitle(self.tr("{title} — coproduce").format(title=view.heading.text()))

    def duplicate_workshop(self, workshop_id: str) -> None:
        try:
            copy_id = workshops.duplicate_workshop(self.engine, self.actor, workshop_id)
        except KnownError as err:
            show_error(self, err)
            return
        self.refresh()
        self.list_page.select_id(copy_id)

    def archive_workshop(self, workshop_id: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Archive workshop"),
            self.tr("Archive this workshop? It leaves this list but nothing is deleted."),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            workshops.set_archived(self.engine, self.actor, workshop_id, True)
        except KnownError as err:
            show_error(self, err)
        self.refresh()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.workshop_view is not None:
            self.workshop_view.flush()
        if self.runner.busy:
            QMessageBox.information(
                self,
                self.tr("Still working"),
                self.tr("coproduce is still finishing a task. It will close when it is done."),
            )
            self.runner.wait()
        QSettings().setValue("main/geometry", self.saveGeometry())
        super().closeEvent(event)
