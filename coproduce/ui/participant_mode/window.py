"""Participant mode: a locked, full-screen window passed round the table, one person and one step at a time.

Who are you (your name from the list, "I'm new" with on-screen consent, or anonymous) → the question (with
Easy Read) → write an answer (or vote) → "Thank you — pass the laptop on". After each person, and after two
minutes without a touch, every step widget is thrown away and rebuilt: no text, undo history, scroll position
or suggestion survives. The window cannot be closed, and Escape, Alt+F4, Ctrl+W, Ctrl+Q and window-switching
keys are swallowed, until the facilitator types the PIN.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QClipboard, QCloseEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent, contributions, exercises, participants, pin, votes
from coproduce.services.participants import ParticipantInput
from coproduce.services.templates import kind_label
from coproduce.storage.models import Exercise
from coproduce.storage.models_decisions import Vote, VoteOption
from coproduce.ui.messages import show_error
from coproduce.ui.participant_mode.accessibility import MIN_TOUCH, Look, label, participant_stylesheet
from coproduce.ui.participant_mode.pin_dialog import UnlockDialog
from coproduce.ui.participant_mode.steps import (
    ConsentStep,
    NamesStep,
    NameStep,
    PromptStep,
    Step,
    ThanksStep,
    WhoStep,
    WriteStep,
)
from coproduce.ui.participant_mode.vote_step import VoteStep

IDLE_MS = 120_000
_INPUT_EVENTS = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
    QEvent.Type.TabletPress,
)
_SWITCH_KEYS = (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape, Qt.Key.Key_F4)


def is_escape_key(event: QKeyEvent) -> bool:
    """Keys that would close, quit or switch away: swallowed while participant mode is locked."""
    key = event.key()
    mods = event.modifiers()
    alt = bool(mods & Qt.KeyboardModifier.AltModifier)
    ctrl = bool(mods & Qt.KeyboardModifier.ControlModifier)
    meta = bool(mods & Qt.KeyboardModifier.MetaModifier)
    if key in (Qt.Key.Key_Escape, Qt.Key.Key_Super_L, Qt.Key.Key_Super_R, Qt.Key.Key_Meta, Qt.Key.Key_Menu):
        return True
    if (alt or meta) and key in _SWITCH_KEYS:
        return True
    if ctrl and key in (Qt.Key.Key_W, Qt.Key.Key_Q, Qt.Key.Key_F4, Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
        return True
    combined = QKeySequence(event.keyCombination())
    for standard in (QKeySequence.StandardKey.Close, QKeySequence.StandardKey.Quit):
        if any(
            combined.matches(s) == QKeySequence.SequenceMatch.ExactMatch
            for s in QKeySequence.keyBindings(standard)
        ):
            return True
    return False


class _Lock(QObject):
    """An application-wide event filter while participant mode is on: escape keys eaten, activity noted."""

    def __init__(self, window: ParticipantModeWindow) -> None:
        super().__init__(window)
        self.window = window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in _INPUT_EVENTS:
            self.window.note_activity()
        if (
            kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride, QEvent.Type.KeyRelease)
            and isinstance(event, QKeyEvent)
            and is_escape_key(event)
        ):
            event.accept()
            return True
        return False


@dataclass
class Person:
    participant_id: str | None  # None: anonymous


class ParticipantModeWindow(QWidget):
    finished = Signal()

    def __init__(
        self,
        engine: Engine,
        actor: str,
        workshop_id: str,
        *,
        exercise_id: str | None = None,
        vote_id: str | None = None,
        idle_ms: int = IDLE_MS,
        throttle: pin.PinThrottle | None = None,
        look: Look | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        if (exercise_id is None) == (vote_id is None):
            raise ValueError("participant mode runs one exercise or one vote")
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.exercise: Exercise | None = None
        self.vote: Vote | None = None
        self.options: list[VoteOption] = []
        if exercise_id is not None:
            self.exercise = next(
                e for e in exercises.list_exercises(engine, workshop_id) if e.id == exercise_id
            )
        else:
            self.vote = next(v for v in votes.list_votes(engine, workshop_id) if v.id == vote_id)
            self.options = votes.options_in_shown_order(engine, self.vote.id)
        self.throttle = throttle or pin.PinThrottle()
        self.look = look or Look()
        self.person: Person | None = None
        self.easy = False
        self.statement_id: str | None = None
        self.unlocked = False
        self.watching = False  # the application-wide filter is installed
        self.pin_dialog: UnlockDialog | None = None
        self.lock = _Lock(self)
        self.setWindowTitle(self.tr("coproduce — participant mode"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setAccessibleName(self.tr("Participant mode"))

        self.smaller = QPushButton(self.tr("A− Smaller"))
        self.larger = QPushButton(self.tr("A+ Larger"))
        self.contrast = QPushButton()
        self.contrast.setCheckable(True)
        self.facilitator = QPushButton(self.tr("Facilitator"))
        for button, name, description in (
            (self.smaller, self.tr("Smaller text"), self.tr("Make the words on screen smaller")),
            (self.larger, self.tr("Larger text"), self.tr("Make the words on screen bigger")),
            (self.contrast, self.tr("High contrast"), self.tr("White and yellow on black, or back")),
            (self.facilitator, self.tr("Facilitator"), self.tr("For the facilitator: needs the PIN")),
        ):
            button.setObjectName("bar")
            button.setAccessibleName(name)
            button.setAccessibleDescription(description)
            button.setMinimumHeight(MIN_TOUCH)
            button.setAutoDefault(False)
        self.smaller.clicked.connect(lambda: self.set_look(self.look.smaller()))
        self.larger.clicked.connect(lambda: self.set_look(self.look.bigger()))
        self.contrast.clicked.connect(lambda on: self.set_look(Look(self.look.scale, on)))
        self.facilitator.clicked.connect(self.ask_pin)
        self.size_label = label("", name="bar", wrap=False)
        bar = QHBoxLayout()
        bar.setContentsMargins(16, 8, 16, 8)
        for widget in (self.smaller, self.size_label, self.larger, self.contrast):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.facilitator)
        self.area = QScrollArea()
        self.area.setWidgetResizable(True)
        self.area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for bar_, name in (
            (self.area.verticalScrollBar(), self.tr("Scroll up and down")),
            (self.area.horizontalScrollBar(), self.tr("Scroll left and right")),
        ):
            bar_.setAccessibleName(name)
            bar_.setAccessibleDescription(self.tr("Drag to see the rest of this screen"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.area, 1)

        self.idle = QTimer(self)
        self.idle.setSingleShot(True)
        self.idle.setInterval(idle_ms)
        self.idle.timeout.connect(self.clear_for_next_person)
        self.set_look(self.look)
        self.clear_for_next_person()

    # -- locking
    def start(self, *, fullscreen: bool = True) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication) and not self.watching:
            app.installEventFilter(self.lock)
            app.focusChanged.connect(self._follow_focus)
            self.watching = True
        if fullscreen:
            screen = self.screen()
            if screen is not None:  # without a window manager, full screen needs the size set too
                self.setGeometry(screen.geometry())
            self.showFullScreen()
        else:
            self.show()
        self.activateWindow()
        self.idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.unlocked:
            event.ignore()
            return
        super().closeEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if (
            event.type() == QEvent.Type.WindowStateChange
            and not self.unlocked
            and self.isVisible()
            and self.windowState() & Qt.WindowState.WindowMinimized
        ):
            QTimer.singleShot(0, self.showFullScreen)

    def ask_pin(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.raise_()
            return
        dialog = UnlockDialog(self.engine, self.throttle, self)
        dialog.setStyleSheet(self.styleSheet())
        dialog.accepted.connect(self.unlock)
        dialog.finished.connect(self._pin_dialog_closed)
        self.pin_dialog = dialog
        dialog.open()

    def _pin_dialog_closed(self) -> None:
        if self.pin_dialog is not None:
            self.pin_dialog.deleteLater()
            self.pin_dialog = None

    def unlock(self) -> None:
        self.unlocked = True
        self.idle.stop()
        app = QApplication.instance()
        if isinstance(app, QApplication) and self.watching:
            app.removeEventFilter(self.lock)
            app.focusChanged.disconnect(self._follow_focus)
            self.watching = False
        self.clear_for_next_person()
        self.close()
        self.finished.emit()

    def _follow_focus(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Scroll so that the control the keyboard has just reached is on screen."""
        step = self.current_step()
        if new is not None and step is not None and step.isAncestorOf(new):
            self.area.ensureWidgetVisible(new, 16, 16)

    def note_activity(self) -> None:
        if not self.unlocked:
            self.idle.start()

    # -- look
    def set_look(self, look: Look) -> None:
        self.look = look
        self.setStyleSheet(participant_stylesheet(look))
        self.size_label.setText(self.tr("Text {percent}%").format(percent=look.scale))
        self.contrast.setChecked(look.high_contrast)
        self.contrast.setText(
            self.tr("✓ High contrast on") if look.high_contrast else self.tr("High contrast")
        )
        self.smaller.setEnabled(look.scale > 100)
        self.larger.setEnabled(look.scale < 200)

    # -- steps
    def current_step(self) -> Step | None:
        widget = self.area.widget()
        return widget if isinstance(widget, Step) else None

    def _show(self, step: Step) -> None:
        old = self.area.takeWidget()
        if old is not None:
            old.hide()
            old.setParent(None)
            old.deleteLater()
        self.area.setWidget(step)
        chain = [*step.controls, self.smaller, self.larger, self.contrast, self.facilitator]
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)
        if step.controls:
            step.controls[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_for_next_person(self) -> None:
        """Forget the person: new widgets for everything, clipboard emptied, back to the first screen."""
        self.person = None
        self.easy = False
        self.statement_id = None
        clipboard = QGuiApplication.clipboard()
        if clipboard is not None:
            clipboard.clear(QClipboard.Mode.Clipboard)
            if clipboard.supportsSelection():
                clipboard.clear(QClipboard.Mode.Selection)
        has_names = bool(consent.consenting_participants(self.engine, self.workshop_id))
        step = WhoStep(has_names)
        step.pick_name.connect(self.show_names)
        step.new_person.connect(self.show_consent)
        step.anonymous.connect(lambda: self.begin(Person(None)))
        self._show(step)

    def show_names(self) -> None:
        people = [
            (p.id, participants.label(p))
            for p in consent.consenting_participants(self.engine, self.workshop_id)
        ]
        step = NamesStep(people)
        step.chosen.connect(lambda person_id: self.begin(Person(person_id)))
        step.back.connect(self.clear_for_next_person)
        self._show(step)

    def show_consent(self) -> None:
        try:
            statement = consent.current_statement(self.engine, self.actor, self.workshop_id)
        except KnownError as err:
            show_error(self, err)
            return
        self.statement_id = statement.id
        step = ConsentStep(statement.text)
        step.agreed.connect(self.show_name_step)
        step.declined.connect(self.clear_for_next_person)
        self._show(step)

    def show_name_step(self) -> None:
        step = NameStep()
        step.done.connect(self.register_new_person)
        self._show(step)

    def register_new_person(self, name: str, be_named: bool) -> None:
        step = self.current_step()
        try:
            person_id = participants.add_participant(
                self.engine,
                self.actor,
                self.workshop_id,
                ParticipantInput(display_name=name, anonymous=not name),
            )
            consent.record_consent(
                self.engine,
                self.actor,
                person_id,
                method="on_screen",
                statement_id=self.statement_id,
                take_part=True,
                be_named=be_named,
            )
        except KnownError as err:
            if step is not None:
                step.show_problem(str(err))
            return
        self.begin(Person(person_id))

    def begin(self, person: Person) -> None:
        self.person = person
        if self.vote is not None:
            self.show_vote()
        else:
            self.show_prompt()

    def show_prompt(self) -> None:
        assert self.exercise is not None
        step = PromptStep(
            self.exercise.title, self.exercise.prompt, self.exercise.easy_read_prompt, self.easy
        )
        step.next.connect(self.show_write)
        self._show(step)

    def show_write(self, easy: bool) -> None:
        assert self.exercise is not None
        self.easy = easy
        prompt = (
            self.exercise.easy_read_prompt
            if easy and self.exercise.easy_read_prompt
            else self.exercise.prompt
        )
        step = WriteStep(prompt, [(k, kind_label(k)) for k in self.exercise.kinds])
        step.submitted.connect(self.save_contribution)
        step.back.connect(self.show_prompt)
        self._show(step)

    def save_contribution(self, text: str, kind: str) -> None:
        assert self.exercise is not None and self.person is not None
        step = self.current_step()
        try:
            contributions.add_contribution(
                self.engine,
                self.actor,
                self.exercise.id,
                text,
                kind,
                participant_id=self.person.participant_id,
                source="participant",
            )
        except KnownError as err:
            if step is not None:
                step.show_problem(str(err))
            return
        self.show_thanks()

    def show_vote(self) -> None:
        assert self.vote is not None
        step = VoteStep(self.vote, self.options)
        step.submitted.connect(self.save_ballot)
        self._show(step)

    def save_ballot(self, content: dict[str, object]) -> None:
        assert self.vote is not None and self.person is not None
        step = self.current_step()
        try:
            votes.cast_ballot(
                self.engine, self.actor, self.vote.id, content, participant_id=self.person.participant_id
            )
        except KnownError as err:
            if step is not None:
                step.show_problem(str(err))
            return
        self.show_thanks()

    def show_thanks(self) -> None:
        self.person = None  # whoever picks the laptop up next cannot add anything in this person's name
        step = ThanksStep()
        step.next_person.connect(self.clear_for_next_person)
        self._show(step)
