"""Editing a contribution with its history in view, and asking why one is hidden."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from coproduce.services.contribution_rows import ContributionRow, HistoryEntry
from coproduce.services.templates import kind_label


class EditContributionDialog(QDialog):
    def __init__(
        self,
        row: ContributionRow,
        kinds: list[str],
        history: list[HistoryEntry],
        parent: QWidget | None = None,
        people: list[tuple[str, str]] | None = None,
    ) -> None:
        """``people``: (label, id) of those whose consent lets them be named; Anonymous is always offered."""
        super().__init__(parent)
        self.setWindowTitle(self.tr("Edit contribution"))
        self.setMinimumSize(640, 480)
        self.text = QPlainTextEdit(row.text)
        self.text.setAccessibleName(self.tr("Contribution"))
        self.text.setTabChangesFocus(True)
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Kind"))
        for key in kinds or [row.kind]:
            self.kind.addItem(kind_label(key), key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(row.kind)))
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Who said it"))
        self.person.setToolTip(self.tr("Only people whose consent is recorded can be named here."))
        self.person.addItem(self.tr("Anonymous"), None)
        for label, person_id in people or []:
            self.person.addItem(label, person_id)
        if row.participant_id and self.person.findData(row.participant_id) < 0:
            self.person.addItem(  # kept as it is unless changed; consent no longer allows choosing them
                self.tr("{name} (consent not active)").format(name=row.participant_label), row.participant_id
            )
        self.person.setCurrentIndex(max(0, self.person.findData(row.participant_id)))
        self.history = QListWidget()
        self.history.setAccessibleName(self.tr("History"))
        self.history.setWordWrap(True)
        for entry in history:
            self.history.addItem(self.describe(entry))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a4000f;")
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Words"), self.text)
        form.addRow(self.tr("&Kind"), self.kind)
        form.addRow(self.tr("Who &said it"), self.person)
        ok, cancel = QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel
        buttons = QDialogButtonBox(ok | cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form, 2)
        layout.addWidget(QLabel(self.tr("History (nothing is lost: every earlier version is kept)")))
        layout.addWidget(self.history, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def values(self) -> tuple[str, str]:
        return self.text.toPlainText(), str(self.kind.currentData())

    def participant_id(self) -> str | None:
        value = self.person.currentData()
        return str(value) if value else None

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def describe(self, entry: HistoryEntry) -> str:
        when = entry.at.astimezone().strftime("%d %b %Y %H:%M:%S")
        before: dict[str, Any] = entry.before or {}
        after: dict[str, Any] = entry.after or {}
        action = entry.action.removeprefix("contribution.")
        if action == "create":
            what = self.tr("saved: “{text}”").format(text=after.get("text", ""))
        elif action == "edit":
            what = self.tr("edited: “{old}” → “{new}”").format(
                old=before.get("text", ""), new=after.get("text", "")
            )
        elif action == "hide":
            what = self.tr("hidden: {reason}").format(reason=after.get("hidden_reason", ""))
        elif action == "unhide":
            what = self.tr("shown again")
        elif action == "duplicate":
            what = (
                self.tr("marked as a duplicate") if after.get("duplicate_of") else self.tr("not a duplicate")
            )
        elif action == "attribute":
            what = (
                self.tr("who said it changed") if after.get("participant_id") else self.tr("made anonymous")
            )
        elif action == "theme":
            what = self.tr("theme changed") if after.get("theme_id") else self.tr("taken out of its theme")
        else:
            what = action
        return self.tr("{when} · {actor} · {what}").format(when=when, actor=entry.actor, what=what)


def ask_hide_reason(parent: QWidget) -> str | None:
    """The reason for hiding (required by the service); None when cancelled."""
    from PySide6.QtCore import QCoreApplication

    reason, ok = QInputDialog.getText(
        parent,
        QCoreApplication.translate("ContributionDialogs", "Hide contribution"),
        QCoreApplication.translate(
            "ContributionDialogs",
            "Why hide it? (It is never deleted; the reason is kept in its history.)",
        ),
    )
    return reason if ok else None
