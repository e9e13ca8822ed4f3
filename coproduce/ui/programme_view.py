"""The programme view: every workshop together (people in aggregate, principles, decisions, outcomes)."""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services.programme import programme, render_programme_text
from coproduce.ui.messages import show_error


class ProgrammeDialog(QDialog):
    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.setWindowTitle(self.tr("Programme of workshops"))
        self.resize(980, 640)
        self.conflicts = QLabel()
        self.conflicts.setObjectName("errorText")
        self.conflicts.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setReadOnly(True)
        self.text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.text.setAccessibleName(self.tr("Programme report"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton(self.tr("&Refresh"))
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflicts)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        try:
            view = programme(self.engine)
        except KnownError as err:
            show_error(self, err)
            return
        self.text.setPlainText(render_programme_text(view))
        count = len(view.conflicts)
        self.conflicts.setVisible(count > 0)
        if count:
            self.conflicts.setText(
                self.tr(
                    "{n} imported workshop(s) differ from a local version. Both versions are kept; see "
                    "“Conflicts to resolve” below."
                ).format(n=count)
            )
