"""The Data menu (archives, programme view, backups) and automatic backups, installed on the main window.

``install_archive_menu(window)`` is the one call the main window makes. It adds the menu, and — when the
window knows its data folder — a ``BackupScheduler`` driven by a one-minute timer (a backup every 10
minutes while data changes), plus a backup when a workshop is opened and when it is closed.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QProgressDialog

from coproduce.errors import KnownError
from coproduce.storage import backups
from coproduce.storage.backups import BackupScheduler
from coproduce.ui.messages import show_error
from coproduce.ui.tasks import Progress

if TYPE_CHECKING:
    from coproduce.services.archive_import import ImportResult
    from coproduce.ui.main_window import MainWindow

log = logging.getLogger("coproduce")
TIMER_MS = 60_000


def _trust_anchors(keys: Path | None) -> list[Any]:
    """The roots this installation trusts; none (so every signer shows as untrusted) before it has a root."""
    if keys is None or not (keys / "root" / "cert.pem").exists():
        return []
    from coproduce.record.keys import KeyStore

    return list(KeyStore(keys).trust_anchors())


class ArchiveActions(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.scheduler: BackupScheduler | None = None
        self.progress: QProgressDialog | None = None
        menu = window.menuBar().addMenu(self.tr("&Data"))
        self.export_action = QAction(self.tr("&Export workshop archive…"), self)
        self.import_action = QAction(self.tr("&Import archives…"), self)
        self.programme_action = QAction(self.tr("&Programme view…"), self)
        self.backups_action = QAction(self.tr("&Backups…"), self)
        self.export_action.triggered.connect(self.export_current)
        self.import_action.triggered.connect(self.import_files)
        self.programme_action.triggered.connect(self.show_programme)
        self.backups_action.triggered.connect(self.show_backups)
        for action in (self.export_action, self.import_action, self.programme_action, self.backups_action):
            menu.addAction(action)
        self.menu = menu
        paths = window.paths
        self.backups_action.setEnabled(paths is not None)
        if paths is not None:
            self.scheduler = BackupScheduler(paths, window.engine)
            self.timer = QTimer(self)
            self.timer.setInterval(TIMER_MS)
            self.timer.timeout.connect(self.tick)
            self.timer.start()
            window.list_page.open_requested.connect(lambda _id: self.backup("open"))
            window.stack.currentChanged.connect(self._page_changed)
            app = QApplication.instance()
            if app is not None:  # after the window has closed and saved, before the database closes
                app.aboutToQuit.connect(lambda: self.backup("close"))

    # -- automatic backups
    def backup(self, reason: str) -> None:
        if self.scheduler is None:
            return
        try:
            self.scheduler.backup_now(reason)
        except KnownError as err:  # a failed backup must never stop the work in the room
            log.warning("Backup (%s) failed: %s", reason, err)

    def tick(self) -> None:
        if self.scheduler is None:
            return
        try:
            self.scheduler.maybe_backup()
        except KnownError as err:
            log.warning("Periodic backup failed: %s", err)

    def _page_changed(self, _index: int) -> None:
        if (
            self.window.stack.currentWidget() is self.window.list_page
            and self.window.workshop_view is not None
        ):
            self.backup("close")

    # -- archives
    def _workshop_id(self) -> str | None:
        if self.window.workshop_view is not None:
            return str(self.window.workshop_view.workshop_id)
        return self.window.list_page.selected_id()

    def _run(self, title: str, work: Any, done: Any) -> None:
        progress = QProgressDialog(title, "", 0, 3, self.window)
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(300)
        self.progress = progress

        def on_progress(step: int, total: int, message: str) -> None:
            progress.setMaximum(max(total, 1))
            progress.setValue(step)
            progress.setLabelText(message)

        def finished(result: Any) -> None:
            progress.close()
            done(result)

        def failed(err: Exception) -> None:
            progress.close()
            show_error(self.window, err)

        self.window.runner.run(work, finished, failed, on_progress)

    def export_current(self) -> None:
        workshop_id = self._workshop_id()
        if workshop_id is None:
            QMessageBox.information(
                self.window, self.tr("Export archive"), self.tr("Select or open a workshop first.")
            )
            return
        if self.window.workshop_view is not None:
            self.window.workshop_view.flush()
        folder = str(self.window.paths.exports) if self.window.paths else ""
        name, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Export workshop archive"),
            folder,
            self.tr("coproduce archives (*.coproduce)"),
        )
        if not name:
            return
        target = Path(name if name.endswith(".coproduce") else name + ".coproduce")
        engine = self.window.engine

        from coproduce.services.archive_export import export_archive  # cryptography: only when used

        def work(progress: Progress) -> Any:
            return export_archive(engine, workshop_id, target, progress=progress)

        def done(result: Any) -> None:
            QMessageBox.information(
                self.window,
                self.tr("Archive written"),
                self.tr("“{title}” was written to {path}\n({rows} rows, {events} events).").format(
                    title=result.title, path=result.path, rows=result.rows, events=result.events
                ),
            )

        self._run(self.tr("Exporting the workshop…"), work, done)

    def import_files(self, names: list[str] | None = None) -> None:
        if not names:
            names, _ = QFileDialog.getOpenFileNames(
                self.window, self.tr("Import archives"), "", self.tr("coproduce archives (*.coproduce)")
            )
        if not names:
            return
        engine, actor, paths = self.window.engine, self.window.actor, self.window.paths
        files = [Path(n) for n in names]
        from coproduce.services.archive_import import import_archive  # imported when first used

        def work(progress: Progress) -> Any:
            if paths is not None:
                backups.make_backup(paths, "import")
            anchors = _trust_anchors(paths.keys if paths is not None else None)
            results: list[ImportResult | KnownError] = []
            for number, path in enumerate(files):
                progress(number, len(files), path.name)
                try:
                    results.append(import_archive(engine, actor, path, trust_anchors=anchors))
                except KnownError as err:  # one refused file does not stop the others
                    results.append(err)
            progress(len(files), len(files), "")
            return results

        self._run(self.tr("Importing archives…"), work, self._imported)

    def _imported(self, results: list[ImportResult | KnownError]) -> None:
        from coproduce.services.archive_import import ImportResult

        self.window.refresh()
        lines = [r.message() if isinstance(r, ImportResult) else str(r) for r in results]
        refused = any(not isinstance(r, ImportResult) for r in results)
        box = QMessageBox.warning if refused else QMessageBox.information
        box(self.window, self.tr("Import finished"), "\n\n".join(lines))

    # -- views
    def show_programme(self) -> None:
        from coproduce.ui.programme_view import ProgrammeDialog

        ProgrammeDialog(self.window.engine, self.window).exec()

    def show_backups(self) -> None:
        if self.window.paths is None:
            return
        if self.window.workshop_view is not None:
            self.window.show_list()
        from coproduce.ui.backups_dialog import BackupsDialog

        dialog = BackupsDialog(self.window.paths, self.window.engine, self.window)
        dialog.exec()
        if dialog.restored:
            self.window.refresh()


def install_archive_menu(window: MainWindow) -> ArchiveActions:
    actions = ArchiveActions(window)
    window.archive_actions = actions  # type: ignore[attr-defined]
    return actions
