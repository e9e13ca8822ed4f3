"""What the screenshot scripts share: the app, the demo database, a settled event loop and the main window
at 1280x800. Run under a real X server (Xvfb); see each script's docstring."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication

from coproduce.paths import DataPaths
from coproduce.services import workshops
from coproduce.storage.database import Database, open_database
from coproduce.ui.app import make_application
from coproduce.ui.main_window import MainWindow


@dataclass
class Shots:
    app: QApplication
    db: Database
    out: Path

    def settle(self) -> None:
        """Let layouts, deferred deletions and repaints finish before a grab."""
        for _ in range(5):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            self.app.processEvents()

    def demo_workshop_id(self) -> str:
        return next(w.id for w in workshops.list_workshops(self.db.engine) if "urgent care" in w.title)

    def main_window(self) -> MainWindow:
        window = MainWindow(self.db.engine, "demo", self.db.paths)
        window.resize(1280, 800)
        window.show()
        return window


def open_shots(data_dir: str, out_dir: str) -> Shots:
    app = make_application(sys.argv[:1])
    return Shots(app, open_database(DataPaths(Path(data_dir))), Path(out_dir))
