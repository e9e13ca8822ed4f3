"""Adding or editing a participant: a form that works by keyboard alone (Tab, typing, Space, Enter)."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coproduce.errors import KnownError
from coproduce.services.choices import ROLES, role_label
from coproduce.services.participants import ACCESS_NEEDS, ParticipantInput, access_need_label
from coproduce.services.validate import MEDIUM, SHORT

Saver = Callable[[ParticipantInput], None]


def _checkbox_grid(
    keys: tuple[str, ...], label: Callable[[str], str], columns: int
) -> tuple[QGridLayout, dict[str, QCheckBox]]:
    grid = QGridLayout()
    boxes: dict[str, QCheckBox] = {}
    rows = (len(keys) + columns - 1) // columns
    for index, key in enumerate(keys):
        box = QCheckBox(label(key))
        box.setAccessibleName(label(key))
        boxes[key] = box
        grid.addWidget(box, index % rows, index // rows)  # fill down, so Tab follows reading order
    return grid, boxes


class ParticipantDialog(QDialog):
    """Collects a ``ParticipantInput``; ``saver`` stores it and may refuse it with a ``KnownError``, whose
    message is shown in the dialog while everything typed stays."""

    def __init__(
        self, saver: Saver, data: ParticipantInput | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.saver = saver
        self.setWindowTitle(self.tr("Edit participant") if data else self.tr("Add participant"))
        self.name = self._line(self.tr("Name"), SHORT)
        self.name.setPlaceholderText(self.tr("As they would like it written"))
        self.pseudonym = self._line(self.tr("Pseudonym"), SHORT)
        self.pseudonym.setPlaceholderText(self.tr("Shown in the record if they are not to be named"))
        self.anonymous = QCheckBox(self.tr("&Anonymous: no name or pseudonym, shown as a number"))
        self.anonymous.toggled.connect(self._update_enabled)

        roles_box = QGroupBox(self.tr("Roles (tick all that apply)"))
        grid, self.roles = _checkbox_grid(ROLES, role_label, 2)
        self.role_other = self._line(self.tr("Other role"), SHORT)
        self.role_other.setPlaceholderText(self.tr("Say what the other role is"))
        self.roles["other"].toggled.connect(self._update_enabled)
        roles_layout = QVBoxLayout(roles_box)
        roles_layout.addLayout(grid)
        roles_layout.addWidget(self.role_other)

        self.organisation = self._line(self.tr("Organisation"), SHORT)

        needs_box = QGroupBox(self.tr("Access needs"))
        grid, self.needs = _checkbox_grid(ACCESS_NEEDS, access_need_label, 2)
        self.language = self._line(self.tr("Interpreter's language"), SHORT)
        self.language.setPlaceholderText(self.tr("Interpreter's language, e.g. Bengali"))
        self.needs["interpreter"].toggled.connect(self._update_enabled)
        self.notes = self._line(self.tr("Access notes"), MEDIUM)
        self.notes.setPlaceholderText(self.tr("Anything else that helps them take part"))
        needs_form = QFormLayout()
        needs_form.addRow(self.tr("&Language"), self.language)
        needs_form.addRow(self.tr("No&tes"), self.notes)
        needs_layout = QVBoxLayout(needs_box)
        needs_layout.addLayout(grid)
        needs_layout.addLayout(needs_form)

        self.error = QLabel()
        self.error.setObjectName("errorText")
        self.error.setWordWrap(True)
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setDefault(True)
        # a new person goes straight on to their consent, so a busy arrival desk does not miss it
        self.then_consent = False
        self.consent_button: QPushButton | None = None
        if data is None:
            self.consent_button = self.buttons.addButton(
                self.tr("Save and record &consent…"), QDialogButtonBox.ButtonRole.AcceptRole
            )
            self.consent_button.setAccessibleDescription(
                self.tr("Save this person, then record what they agree to")
            )
            save.setDefault(False)
            save.setAutoDefault(False)
            self.consent_button.setDefault(True)
        # clicked comes before accepted: remember which of the two Save buttons it was
        self.buttons.clicked.connect(self._button_clicked)

        form = QFormLayout()
        form.addRow(self.tr("&Name"), self.name)
        form.addRow(self.tr("&Pseudonym"), self.pseudonym)
        form.addRow("", self.anonymous)
        form.addRow(self.tr("&Organisation"), self.organisation)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addLayout(form)
        layout.addWidget(roles_box)
        layout.addWidget(needs_box)
        layout.addWidget(self.buttons)
        self._set_tab_order()
        if data is not None:
            self.set_values(data)
        self._update_enabled()
        self.name.setFocus()

    def _line(self, name: str, limit: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(name)
        edit.setMaxLength(limit)
        return edit

    def _set_tab_order(self) -> None:
        chain: list[QWidget] = [self.name, self.pseudonym, self.anonymous, self.organisation]
        chain += [*self.roles.values(), self.role_other, *self.needs.values(), self.language, self.notes]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def set_values(self, data: ParticipantInput) -> None:
        self.name.setText(data.display_name)
        self.pseudonym.setText(data.pseudonym)
        self.anonymous.setChecked(data.anonymous)
        for key, box in self.roles.items():
            box.setChecked(key in data.roles)
        self.role_other.setText(data.role_other)
        self.organisation.setText(data.organisation)
        for key, box in self.needs.items():
            box.setChecked(key in data.access_needs)
        self.language.setText(data.interpreter_language)
        self.notes.setText(data.access_notes)
        self._update_enabled()

    def values(self) -> ParticipantInput:
        return ParticipantInput(
            display_name=self.name.text(),
            pseudonym=self.pseudonym.text(),
            anonymous=self.anonymous.isChecked(),
            roles=[key for key, box in self.roles.items() if box.isChecked()],
            role_other=self.role_other.text(),
            organisation=self.organisation.text(),
            access_needs=[key for key, box in self.needs.items() if box.isChecked()],
            access_notes=self.notes.text(),
            interpreter_language=self.language.text(),
        )

    def _update_enabled(self) -> None:
        anonymous = self.anonymous.isChecked()
        self.name.setEnabled(not anonymous)
        self.pseudonym.setEnabled(not anonymous)
        self.role_other.setEnabled(self.roles["other"].isChecked())
        self.language.setEnabled(self.needs["interpreter"].isChecked())

    def _button_clicked(self, button: object) -> None:
        self.then_consent = self.consent_button is not None and button is self.consent_button

    def show_error(self, message: str) -> None:
        self.error.setText(message)
        self.error.show()

    def accept(self) -> None:
        data = self.values()
        if not data.roles:
            self.show_error(self.tr("Tick at least one role."))
            next(iter(self.roles.values())).setFocus()
            return
        try:
            self.saver(data)
        except KnownError as err:
            self.show_error(str(err))
            return
        super().accept()
