"""The facilitator's PIN: set it once (typed twice), and type it to leave participant mode.

A wrong PIN makes the next attempt wait (``services.pin.PinThrottle``): the button stays off and a countdown
says how long, in words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import pin
from coproduce.ui.participant_mode.accessibility import MIN_TOUCH, label


def pin_field(name: str, description: str) -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMaxLength(pin.MAX_DIGITS)
    field.setInputMethodHints(
        Qt.InputMethodHint.ImhDigitsOnly
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    field.setCompleter(None)  # type: ignore[arg-type]  # no completer may suggest a name
    field.setAccessibleName(name)
    field.setAccessibleDescription(description)
    field.setMinimumHeight(MIN_TOUCH)
    return field


class _PinDialogBase(QDialog):
    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.problem = label("", name="problem")
        self.problem.setAccessibleName(self.tr("Problem"))
        self.problem.hide()
        self.ok_button = QPushButton()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        self.cancel_button.setAccessibleDescription(self.tr("Close this box without using a PIN"))
        for button in (self.ok_button, self.cancel_button):
            button.setMinimumHeight(MIN_TOUCH)
            button.setAutoDefault(False)
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.submit)
        self.cancel_button.clicked.connect(self.reject)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        self.buttons.addWidget(self.ok_button)
        self.buttons.addWidget(self.cancel_button)
        self.layout_ = QVBoxLayout(self)
        self.setMinimumWidth(420)

    def show_problem(self, text: str) -> None:
        self.problem.setText(self.tr("Problem: {text}").format(text=text))
        self.problem.show()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError


class SetPinDialog(_PinDialogBase):
    """Choose the facilitator's PIN (4–12 digits), typed twice."""

    def __init__(self, engine: Engine, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.setWindowTitle(self.tr("Set the facilitator's PIN"))
        intro = label(
            self.tr(
                "Participant mode is locked: only this PIN gets back to the rest of the app. Choose 4 to 12 "
                "digits that the group cannot guess, and keep it to yourself."
            )
        )
        self.first = pin_field(self.tr("New PIN"), self.tr("4 to 12 digits"))
        self.second = pin_field(self.tr("New PIN again"), self.tr("Type the same PIN again to check it"))
        self.ok_button.setText(self.tr("Set PIN"))
        self.ok_button.setAccessibleName(self.tr("Set PIN"))
        self.ok_button.setAccessibleDescription(self.tr("Save the PIN (only a scrambled form is stored)"))
        self.layout_.addWidget(intro)
        self.layout_.addWidget(label(self.tr("New PIN")))
        self.layout_.addWidget(self.first)
        self.layout_.addWidget(label(self.tr("The same PIN again")))
        self.layout_.addWidget(self.second)
        self.layout_.addWidget(self.problem)
        self.layout_.addLayout(self.buttons)
        self.setTabOrder(self.first, self.second)
        self.setTabOrder(self.second, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)

    def submit(self) -> None:
        if self.first.text() != self.second.text():
            self.show_problem(self.tr("The two PINs are not the same. Type them again."))
            self.first.clear()
            self.second.clear()
            self.first.setFocus()
            return
        try:
            pin.set_pin(self.engine, self.actor, self.first.text())
        except KnownError as err:
            self.show_problem(str(err))
            return
        self.accept()


class UnlockDialog(_PinDialogBase):
    """Type the PIN to leave participant mode. Wrong attempts wait 1 s, 2 s, 4 s … up to 30 s."""

    def __init__(self, engine: Engine, throttle: pin.PinThrottle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.throttle = engine, throttle
        self.setWindowTitle(self.tr("Facilitator"))
        self.setModal(True)
        intro = label(
            self.tr(
                "This is for the facilitator. Type the PIN to leave participant mode. "
                "If you are taking part, press “Go back”."
            )
        )
        self.field = pin_field(self.tr("Facilitator's PIN"), self.tr("The PIN that unlocks participant mode"))
        self.ok_button.setText(self.tr("Unlock"))
        self.ok_button.setAccessibleName(self.tr("Unlock"))
        self.ok_button.setAccessibleDescription(self.tr("Check the PIN and leave participant mode"))
        self.cancel_button.setText(self.tr("Go back"))
        self.cancel_button.setAccessibleName(self.tr("Go back"))
        self.cancel_button.setAccessibleDescription(self.tr("Close this box and stay in participant mode"))
        self.layout_.addWidget(intro)
        self.layout_.addWidget(label(self.tr("PIN")))
        self.layout_.addWidget(self.field)
        self.layout_.addWidget(self.problem)
        self.layout_.addLayout(self.buttons)
        self.setTabOrder(self.field, self.ok_button)
        self.setTabOrder(self.ok_button, self.cancel_button)
        self.countdown = QTimer(self)
        self.countdown.setInterval(250)
        self.countdown.timeout.connect(self._tick)
        self._tick()

    def _tick(self) -> None:
        wait = self.throttle.wait_seconds()
        self.ok_button.setEnabled(wait <= 0)
        if wait > 0:
            seconds = max(1, round(wait + 0.499))
            self.show_problem(
                self.tr("That PIN is not right. You can try again in 1 second.")
                if seconds == 1
                else self.tr("That PIN is not right. You can try again in {seconds} seconds.").format(
                    seconds=seconds
                )
            )
            if not self.countdown.isActive():
                self.countdown.start()
        elif self.countdown.isActive():
            self.countdown.stop()
            self.problem.setText(self.tr("You can try the PIN again now."))
            self.field.setFocus()

    def submit(self) -> None:
        typed = self.field.text()
        self.field.clear()
        try:
            ok = pin.attempt(self.engine, typed, self.throttle)
        except pin.PinWaitError:
            self._tick()  # says how long is left
            return
        if ok:
            self.accept()
            return
        self._tick()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:  # "Go back" is the way out, not a key a child might press
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.countdown.stop()
        super().closeEvent(event)
