"""File ▸ Import paper contributions (CSV)…: the same import as ``coproduce import contributions``, run in the
background; a refused file shows every row's problem and nothing is imported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox

from coproduce.errors import KnownError
from coproduce.ui.messages import show_error
from coproduce.ui.tasks import Progress

if TYPE_CHECKING:
    from coproduce.services.importer import ImportResult
    from coproduce.ui.main_window import MainWindow


class ImportContributionsAction(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.action = QAction(self.tr("Import &paper contributions (CSV)…"), self)
        self.action.setToolTip(
            self.tr(
                "Import contributions transcribed from paper "
                "(columns: exercise, kind, text, participant, theme)"
            )
        )
        self.action.triggered.connect(self.choose_file)
        menu = window.file_menu
        actions = menu.actions()
        before = next((a for a in actions if a.isSeparator()), None)
        if before is not None:
            menu.insertAction(before, self.action)
        else:
            menu.addAction(self.action)
        self.last_result: ImportResult | None = None
        self.last_error: Exception | None = None

    def _workshop_id(self) -> str | None:
        if self.window.workshop_view is not None:
            return str(self.window.workshop_view.workshop_id)
        return self.window.list_page.selected_id()

    def choose_file(self) -> None:
        workshop_id = self._workshop_id()
        if workshop_id is None:
            show_error(self.window, KnownError(self.tr("Open or select the workshop to import into first.")))
            return
        name, _filter = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import paper contributions"),
            "",
            self.tr("CSV files (*.csv);;All files (*)"),
        )
        if name:
            self.import_file(workshop_id, Path(name))

    def import_file(self, workshop_id: str, path: Path, *, quiet: bool = False) -> None:
        """Import in the background; ``quiet`` (tests) keeps the result without a message box."""
        engine, actor = self.window.engine, self.window.actor
        self.action.setEnabled(False)

        # imported on first use: not needed to show the main window (bench/run, cold start)
        from coproduce.services import importer
        from coproduce.services.importer import ImportResult
        from coproduce.ui.exercises_page import ExercisesPage

        def work(progress: Progress) -> ImportResult:
            progress(0, 1, self.tr("Checking {name}…").format(name=path.name))
            return importer.import_contributions_file(engine, actor, workshop_id, path)

        def done(result: object) -> None:
            assert isinstance(result, ImportResult)
            self.action.setEnabled(True)
            self.last_result, self.last_error = result, None
            for page in self.window.findChildren(ExercisesPage):
                if page.workshop_id == workshop_id:
                    page.reload()
            self.window.refresh()
            if not quiet:
                message = self.tr("Imported {n:,} contributions from {name}, marked as from paper.").format(
                    n=result.contributions, name=path.name
                )
                if result.themes_created:
                    message += "\n" + self.tr("New themes: {names}").format(
                        names=", ".join(result.themes_created)
                    )
                QMessageBox.information(self.window, self.tr("Import finished"), message)

        def failed(err: Exception) -> None:
            self.action.setEnabled(True)
            self.last_result, self.last_error = None, err
            if not quiet:
                show_error(self.window, err, self.tr("The file was not imported"))

        self.window.runner.run(work, done, failed)


def install_import_action(window: MainWindow) -> ImportContributionsAction:
    """Add File ▸ Import paper contributions (CSV)… to the main window."""
    actions = ImportContributionsAction(window)
    window.import_contributions = actions  # type: ignore[attr-defined]
    return actions
