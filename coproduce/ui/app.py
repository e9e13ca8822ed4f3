"""Starting the window: the Qt application, translations, the database, the main window."""

from __future__ import annotations

import logging
import sys
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from coproduce import __version__, i18n
from coproduce.errors import KnownError
from coproduce.paths import DataPaths
from coproduce.resources import resource
from coproduce.services.identity import default_actor
from coproduce.ui.backups_dialog import open_with_recovery
from coproduce.ui.main_window import MainWindow

STYLE = """
QLabel#pageHeading { font-size: 18pt; font-weight: 600; }
QLabel#errorText { color: #8a1c1c; background: #fdecea; border: 1px solid #8a1c1c; padding: 6px; }
QPushButton { padding: 4px 12px; }
*:focus { outline: 2px solid #1d5fbf; }
"""


def _setup_logging(paths: DataPaths) -> None:
    try:
        paths.root.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            paths.log_file, maxBytes=1_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.getLogger("coproduce").addHandler(handler)
    logging.getLogger("coproduce").setLevel(logging.INFO)


def _install_translations(app: QApplication) -> None:
    i18n.install(QCoreApplication.translate)
    locale = QLocale.system()
    qt_translator = QTranslator(app)
    if qt_translator.load(
        locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ):
        app.installTranslator(qt_translator)
    folder = resource("translations")
    if folder.is_dir():
        ours = QTranslator(app)
        if ours.load(locale, "coproduce", "_", str(folder)):
            app.installTranslator(ours)


def _add_bundled_fonts() -> None:
    """The fonts shipped for the record (Bengali, Gujarati, Arabic, Hangul, emoji…) also serve the screen, so
    text in those scripts never shows as empty boxes on a laptop without them. About 20 ms."""
    folder = resource("fonts")
    if folder.is_dir() and "Noto Sans Bengali" not in QFontDatabase.families():
        for font in sorted(folder.glob("*.ttf")):
            if QFontDatabase.addApplicationFont(str(font)) < 0:
                logging.getLogger("coproduce").warning("Could not load the font %s", font.name)


def make_application(argv: list[str]) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv)
    app.setOrganizationName("coproduce")
    app.setApplicationName("coproduce")
    app.setApplicationVersion(__version__)
    app.setStyleSheet(STYLE)
    _add_bundled_fonts()
    _install_translations(app)
    return app


def run(paths: DataPaths, argv: list[str]) -> int:
    _setup_logging(paths)
    app = make_application(argv)
    try:
        database = open_with_recovery(paths)  # a damaged database: offer the newest good backup
    except KnownError as err:
        QMessageBox.critical(None, QCoreApplication.translate("App", "coproduce cannot start"), str(err))
        return 2
    try:
        window = MainWindow(database.engine, default_actor(), database.paths)
        window.show()
        return int(app.exec())
    finally:
        database.close()


if __name__ == "__main__":  # pragma: no cover
    from coproduce.paths import resolve_data_dir

    raise SystemExit(run(resolve_data_dir(), sys.argv))
