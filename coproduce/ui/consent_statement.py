"""The workshop's consent statement: its versions, and editing it (each saved edit is a new version)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent
from coproduce.storage.models_consent import ConsentStatement


class StatementPage(QWidget):
    saved = Signal()

    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self._versions: list[ConsentStatement] = []
        intro = QLabel(
            self.tr(
                "People are shown this wording before they agree. Each consent keeps the exact version "
                "its person was shown, so editing the wording saves a new version and changes no one's "
                "earlier consent."
            )
        )
        intro.setWordWrap(True)
        self.versions = QListWidget()
        self.versions.setAccessibleName(self.tr("Versions of the consent statement"))
        self.versions.setMaximumWidth(230)
        self.versions.currentRowChanged.connect(self._show)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.text = QPlainTextEdit()
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(self.tr("Consent statement wording"))
        self.text.textChanged.connect(self._update_button)
        self.heading.setBuddy(self.text)
        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.save_button = QPushButton(self.tr("&Save as a new version"))
        self.save_button.setMinimumHeight(34)
        self.save_button.clicked.connect(self.save)

        right = QVBoxLayout()
        right.addWidget(self.heading)
        right.addWidget(self.text, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.save_button)
        right.addLayout(row)
        body = QHBoxLayout()
        body.addWidget(self.versions)
        body.addLayout(right, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.error)
        layout.addLayout(body, 1)
        self.load()

    def load(self) -> None:
        self._versions = consent.statements(self.engine, self.workshop_id)
        self.versions.clear()
        for statement in self._versions:
            when = statement.created_at.astimezone().strftime("%d %b %Y %H:%M")
            item = QListWidgetItem(self.tr("Version {v} · {when}").format(v=statement.version, when=when))
            self.versions.addItem(item)
        if self._versions:
            self.versions.setCurrentRow(len(self._versions) - 1)
        else:  # nothing saved yet: the default wording becomes version 1 when saved or first used
            self.heading.setText(self.tr("Version 1 (the default &wording, not used yet)"))
            self.text.setReadOnly(False)
            self.text.setPlainText(consent.default_statement())
            self.save_button.setEnabled(True)

    def _is_latest(self, row: int) -> bool:
        return row == len(self._versions) - 1

    def _show(self, row: int) -> None:
        if not 0 <= row < len(self._versions):
            return
        statement = self._versions[row]
        latest = self._is_latest(row)
        self.heading.setText(
            self.tr("Version {v}, in use now: edit the &wording").format(v=statement.version)
            if latest
            else self.tr("Version {v}, kept as it was shown (read only)").format(v=statement.version)
        )
        self.text.setReadOnly(not latest)
        self.text.setPlainText(statement.text)
        self._update_button()

    def _update_button(self) -> None:
        if not self._versions:
            self.save_button.setEnabled(bool(self.text.toPlainText().strip()))
            return
        row = self.versions.currentRow()
        changed = (
            0 <= row < len(self._versions)
            and self._is_latest(row)
            and self.text.toPlainText().strip() != self._versions[row].text
        )
        self.save_button.setEnabled(changed)

    def save(self) -> None:
        try:
            consent.set_statement(self.engine, self.actor, self.workshop_id, self.text.toPlainText())
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        self.error.hide()
        self.load()
        self.versions.setFocus(Qt.FocusReason.OtherFocusReason)
        self.saved.emit()
