"""The dialog that creates a workshop: just what is needed to start; the Overview holds the rest."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from coproduce.services.choices import INFLUENCE_LEVELS, influence_label
from coproduce.services.validate import SHORT
from coproduce.ui.date_fields import first_unreadable
from coproduce.ui.widgets import OptionalDateEdit, OptionalTimeEdit


class NewWorkshopDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("New workshop"))
        self.setMinimumWidth(520)
        self.title = QLineEdit()
        self.title.setMaxLength(SHORT)
        self.title.setPlaceholderText(self.tr("e.g. The future of urgent care in Southampton"))
        self.place = QLineEdit()
        self.place.setMaxLength(SHORT)
        self.place.setPlaceholderText(self.tr("A town, a neighbourhood, an area's plan"))
        self.venue = QLineEdit()
        self.venue.setMaxLength(SHORT)
        self.date = OptionalDateEdit()
        self.start = OptionalTimeEdit()
        self.end = OptionalTimeEdit()
        self.influence = QComboBox()
        for key in INFLUENCE_LEVELS:
            self.influence.addItem(influence_label(key), key)
        self.influence.setCurrentIndex(INFLUENCE_LEVELS.index("involve"))

        form = QFormLayout()
        for label, widget, name in (
            (self.tr("&Title"), self.title, self.tr("Workshop title")),
            (self.tr("&Place"), self.place, self.tr("Place")),
            (self.tr("&Venue"), self.venue, self.tr("Venue")),
            (self.tr("&Date"), self.date, self.tr("Date")),
            (self.tr("&Starts"), self.start, self.tr("Start time")),
            (self.tr("&Ends"), self.end, self.tr("End time")),
            (self.tr("&Influence of the room"), self.influence, self.tr("Level of influence")),
        ):
            widget.setAccessibleName(name)
            form.addRow(label, widget)

        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setObjectName("errorText")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Create"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.title.textChanged.connect(self._update)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        self.ok_button.setEnabled(bool(self.title.text().strip()))

    def accept(self) -> None:
        field = first_unreadable(self)
        if field is not None:  # never create the workshop without a date the facilitator typed
            self.show_error(
                self.tr("“{text}” is not understood: type it like 1 Dec 2026 or 18:00, or delete it.").format(
                    text=field.edit.text()
                )
            )
            field.setFocus()
            return
        super().accept()

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def values(self) -> dict[str, Any]:
        return {
            "title": self.title.text(),
            "place": self.place.text(),
            "venue": self.venue.text(),
            "date": self.date.value(),
            "start_time": self.start.value(),
            "end_time": self.end.value(),
            "influence": self.influence.currentData(),
        }
