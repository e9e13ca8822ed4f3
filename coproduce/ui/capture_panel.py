"""Capture in the room, by keyboard: type, pick the kind with Alt+1…9, Enter saves (committed at once), the
field clears and keeps focus. Attribution offers only people with consent, or Anonymous;
the source says who typed.

Each save emits ``saved`` with the new row, which the list and the projector take without asking the
database again.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import contribution_rows, contributions, participants
from coproduce.services.templates import kind_label
from coproduce.storage.models import Exercise, Participant

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class CapturePanel(QWidget):
    saved = Signal(object)  # ContributionRow

    def __init__(self, engine: Engine, actor: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor = engine, actor
        self.exercise: Exercise | None = None
        self.title = QLabel()
        self.title.setObjectName("pageHeading")
        self.title.setWordWrap(True)
        self.countdown = QLabel()
        self.countdown.setObjectName("countdown")
        self.countdown.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.countdown.setAccessibleName(self.tr("Time left"))
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 12pt;")

        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_grid = QGridLayout()
        self.kind_grid.setHorizontalSpacing(6)
        self.kind_keys: list[str] = []

        self.text = QLineEdit()
        self.text.setAccessibleName(self.tr("Contribution"))
        self.text.setPlaceholderText(self.tr("Type what was said, then press Enter to save"))
        self.text.setMinimumHeight(40)
        self.text.setStyleSheet("font-size: 13pt;")
        self.text.returnPressed.connect(self.save)
        self.person = QComboBox()
        self.person.setAccessibleName(self.tr("Who said it"))
        self.person.setToolTip(self.tr("Only people whose consent is recorded can be named here."))
        self.source = QComboBox()
        self.source.setAccessibleName(self.tr("How it came in"))
        for key, label in (
            ("facilitator", self.tr("Typed by the facilitator")),
            ("participant", self.tr("Typed by the participant")),
            ("paper", self.tr("From paper or a flip chart")),
        ):
            self.source.addItem(label, key)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Last saved"))
        self.hint = QLabel(
            self.tr("Alt+1…9 picks the kind · Enter saves · Alt+P who said it · Alt+S how it came in")
        )
        self.hint.setStyleSheet("color: #444;")
        for widget in (self.text, self.person, self.source):
            widget.installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.countdown)
        who = QFormLayout()
        who.addRow(self.tr("Who said it (Alt+&P)"), self.person)
        who.addRow(self.tr("How it came in (Alt+&S)"), self.source)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.prompt)
        layout.addLayout(self.kind_grid)
        layout.addWidget(self.text)
        layout.addLayout(who)
        layout.addWidget(self.hint)
        layout.addWidget(self.status)
        self.set_exercise(None)

    # -- setting up
    def set_exercise(self, exercise: Exercise | None) -> None:
        self.exercise = exercise
        self.title.setText(exercise.title if exercise else self.tr("No exercise chosen"))
        self.prompt.setText(
            exercise.prompt if exercise else self.tr("Add an exercise, or choose one from the running order.")
        )
        for button in self.kind_group.buttons():
            self.kind_group.removeButton(button)
            button.deleteLater()
        self.kind_keys = list(exercise.kinds) if exercise else []
        for n, key in enumerate(self.kind_keys[:9], start=1):
            button = QPushButton(self.tr("Alt+{n}  {kind}").format(n=n, kind=kind_label(key)))
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys pick kinds; focus stays in the text
            button.setMinimumHeight(32)
            button.setStyleSheet(
                "QPushButton:checked { background: #1d4f91; color: white; font-weight: 600; }"
            )
            self.kind_group.addButton(button, n)
            self.kind_grid.addWidget(button, (n - 1) // 4, (n - 1) % 4)
        if self.kind_keys:
            self.pick_kind(1)
        for widget in (self.text, self.person, self.source):
            widget.setEnabled(exercise is not None)
        self.refresh_people()

    def refresh_people(self) -> None:
        current = self.person.currentData()
        self.person.clear()
        self.person.addItem(self.tr("Anonymous"), None)
        if self.exercise is not None:
            for person in self.consenting():
                self.person.addItem(self._person_label(person), person.id)
        self.person.setCurrentIndex(max(0, self.person.findData(current)))

    def consenting(self) -> list[Participant]:
        from coproduce.services.consent import consenting_participants

        assert self.exercise is not None
        return consenting_participants(self.engine, self.exercise.workshop_id)

    def _person_label(self, person: Participant) -> str:
        return self.tr("{n} · {name}").format(n=person.number, name=participants.label(person))

    def set_countdown(self, text: str) -> None:
        self.countdown.setText(text)

    # -- keys
    def pick_kind(self, n: int) -> bool:
        button = self.kind_group.button(n)
        if button is None:
            return False
        button.setChecked(True)
        return True

    def kind(self) -> str | None:
        n = self.kind_group.checkedId()
        return self.kind_keys[n - 1] if 1 <= n <= len(self.kind_keys) else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() in _DIGITS:
                self.pick_kind(_DIGITS[event.key()])
                return True
            if alt and event.key() == Qt.Key.Key_P:
                self.person.setFocus()
                self.person.showPopup()
                return True
            if alt and event.key() == Qt.Key.Key_S:
                self.source.setFocus()
                return True
            if watched is not self.text and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.text.setFocus()  # Enter in a picker returns to typing
                return True
        return super().eventFilter(watched, event)

    # -- saving
    def save(self) -> None:
        if self.exercise is None:
            return
        kind = self.kind()
        if kind is None:
            self._say(self.tr("Pick a kind first (Alt+1…9)."), error=True)
            return
        try:
            contribution_id = contributions.add_contribution(
                self.engine,
                self.actor,
                self.exercise.id,
                self.text.text(),
                kind,
                participant_id=self.person.currentData(),
                source=str(self.source.currentData()),
            )
        except KnownError as err:
            self._say(str(err), error=True)
            self.text.setFocus()
            return
        [row] = contribution_rows.contribution_rows(self.engine, self.exercise.workshop_id, [contribution_id])
        self.text.clear()
        self.person.setCurrentIndex(0)  # the next one is anonymous until someone is picked
        self.text.setFocus()
        shown = row.text if len(row.text) <= 80 else row.text[:79] + "…"
        self._say(
            self.tr("Saved at {time} from {who}: {kind}, “{text}”").format(
                time=row.created_at.astimezone().strftime("%H:%M:%S"),
                who=row.participant_label or self.tr("Anonymous"),
                kind=kind_label(kind),
                text=shown,
            )
        )
        self.saved.emit(row)

    def _say(self, message: str, *, error: bool = False) -> None:
        self.status.setText(message)
        self.status.setStyleSheet("color: #a4000f; font-weight: 600;" if error else "color: #0b5d1e;")
