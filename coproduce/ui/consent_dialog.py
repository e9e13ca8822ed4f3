"""Recording a person's consent against the exact statement version they were shown, and their withdrawal."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent
from coproduce.services.participants import label
from coproduce.services.validate import MEDIUM, SHORT
from coproduce.storage.models import Participant


def _error_label() -> QLabel:
    error = QLabel()
    error.setObjectName("errorText")
    error.setWordWrap(True)
    error.hide()
    return error


class ConsentDialog(QDialog):
    """Shows the statement in force (its version and full wording) and records what the person agreed to."""

    def __init__(
        self, engine: Engine, actor: str, person: Participant, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.person = engine, actor, person
        self.statement = consent.current_statement(engine, actor, person.workshop_id)
        self.setWindowTitle(self.tr("Consent: {name}").format(name=label(person)))
        self.resize(620, 640)

        state = consent.consent_state(engine, person.id)
        self.current = QLabel(
            self.tr("Consent so far: {summary}").format(summary=consent.consent_summary(state))
        )
        self.current.setWordWrap(True)
        heading = QLabel(
            self.tr("Consent statement, version {version}: read it to them or show it").format(
                version=self.statement.version
            )
        )
        heading.setWordWrap(True)
        self.text = QPlainTextEdit(self.statement.text)
        self.text.setReadOnly(True)
        self.text.setTabChangesFocus(True)
        self.text.setAccessibleName(
            self.tr("Consent statement, version {version}").format(version=self.statement.version)
        )
        self.text.setMinimumHeight(130)

        self.method = QComboBox()
        self.method.setAccessibleName(self.tr("How they agreed"))
        for key in consent.METHODS:
            self.method.addItem(consent.method_label(key), key)
        self.method.currentIndexChanged.connect(self._update)
        self.witness = QLineEdit()
        self.witness.setMaxLength(SHORT)
        self.witness.setAccessibleName(self.tr("Witness"))
        self.witness.setPlaceholderText(self.tr("Name of the person who heard them agree"))

        agreed = QGroupBox(self.tr("They agree to"))
        self.take_part = QCheckBox(self.tr("&Take part and have what they say recorded"))
        self.take_part.setChecked(True)
        self.be_named = QCheckBox(
            self.tr("Be &named in the record (otherwise their pseudonym or “Participant {n}”)").format(
                n=person.number
            )
        )
        self.be_named.setEnabled(not person.anonymous)
        self.be_contacted = QCheckBox(self.tr("Be &contacted afterwards with what was decided"))
        self.be_contacted.toggled.connect(self._update)
        self.contact = QLineEdit()
        self.contact.setMaxLength(MEDIUM)
        self.contact.setAccessibleName(self.tr("Contact details"))
        self.contact.setPlaceholderText(self.tr("Email, phone or address: kept only for this"))
        self.contact_label = QLabel(self.tr("Contact &details"))
        self.contact_label.setBuddy(self.contact)
        box = QFormLayout(agreed)
        box.addRow(self.take_part)
        box.addRow(self.be_named)
        box.addRow(self.be_contacted)
        box.addRow(self.contact_label, self.contact)
        if state.consent is not None:
            self.be_named.setChecked(state.consent.be_named)
            self.be_contacted.setChecked(state.consent.be_contacted)
            self.contact.setText(state.consent.contact_details)

        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Record consent"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        how = QFormLayout()
        how.addRow(self.tr("&How they agreed"), self.method)
        how.addRow(self.tr("&Witness"), self.witness)
        layout = QVBoxLayout(self)
        for widget in (self.error, self.current, heading, self.text):
            layout.addWidget(widget)
        layout.addLayout(how)
        layout.addWidget(agreed)
        layout.addWidget(buttons)
        self._update()

    def _update(self) -> None:
        self.witness.setEnabled(self.method.currentData() == "verbal")
        contacted = self.be_contacted.isChecked()
        self.contact.setVisible(contacted)
        self.contact_label.setVisible(contacted)

    def accept(self) -> None:
        try:
            consent.record_consent(
                self.engine,
                self.actor,
                self.person.id,
                method=str(self.method.currentData()),
                statement_id=self.statement.id,  # the version on screen, even if edited meanwhile
                witness=self.witness.text() if self.witness.isEnabled() else "",
                take_part=self.take_part.isChecked(),
                be_named=self.be_named.isChecked(),
                be_contacted=self.be_contacted.isChecked(),
                contact_details=self.contact.text() if self.be_contacted.isChecked() else "",
            )
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        super().accept()


class WithdrawDialog(QDialog):
    """Records a withdrawal: the date and the person's choice for their contributions. Nothing is deleted."""

    def __init__(
        self, engine: Engine, actor: str, person: Participant, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.person = engine, actor, person
        self.setWindowTitle(self.tr("Withdrawal: {name}").format(name=label(person)))
        intro = QLabel(
            self.tr(
                "{name} can withdraw at any time. Every export made from now on honours their choice. "
                "Nothing is deleted from the workshop's history."
            ).format(name=label(person))
        )
        intro.setWordWrap(True)
        self.date = QDateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMM yyyy")
        self.date.setAccessibleName(self.tr("Date of withdrawal"))
        choice_box = QGroupBox(self.tr("What should happen to what they said?"))
        self.choices = QButtonGroup(self)
        choice_layout = QVBoxLayout(choice_box)
        self.radios: dict[str, QRadioButton] = {}
        for key in consent.WITHDRAWAL_CHOICES:
            radio = QRadioButton(consent.withdrawal_choice_label(key))
            self.radios[key] = radio
            self.choices.addButton(radio)
            choice_layout.addWidget(radio)
        self.radios["keep_anonymous"].setChecked(True)
        self.note = QLineEdit()
        self.note.setMaxLength(MEDIUM)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setPlaceholderText(self.tr("For example: told the facilitator by phone"))
        self.error = _error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Record &withdrawal"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&Date"), self.date)
        form.addRow(self.tr("N&ote"), self.note)
        layout = QVBoxLayout(self)
        layout.addWidget(self.error)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(choice_box)
        layout.addWidget(buttons)

    def choice(self) -> str:
        return next(key for key, radio in self.radios.items() if radio.isChecked())

    def accept(self) -> None:
        d = self.date.date()
        try:
            consent.withdraw(
                self.engine,
                self.actor,
                self.person.id,
                choice=self.choice(),
                on=dt.date(d.year(), d.month(), d.day()),
                note=self.note.text(),
            )
        except KnownError as err:
            self.error.setText(str(err))
            self.error.show()
            return
        super().accept()
