"""Starting participant mode from the main window: Room → Participant mode… asks for the workshop and the
exercise or open vote, asks for a PIN first if none is set, then hides the main window until the PIN is typed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QPushButton, QVBoxLayout, QWidget
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.ui.messages import show_error
from coproduce.ui.participant_mode.accessibility import label

if TYPE_CHECKING:
    from coproduce.ui.main_window import MainWindow
    from coproduce.ui.participant_mode.window import ParticipantModeWindow

# The services and the participant window are imported when participant mode is first used, not when the
# Room menu is built: they are not needed to show the main window (see bench/run.py, cold start).


class StartDialog(QDialog):
    """Which workshop, and which exercise or open vote, the laptop goes round for."""

    def __init__(self, engine: Engine, workshop_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from coproduce.services import workshops

        self.engine = engine
        self.setWindowTitle(self.tr("Participant mode"))
        self.workshop = QComboBox()
        self.workshop.setAccessibleName(self.tr("Workshop"))
        self.workshop.setAccessibleDescription(self.tr("The workshop people add their views to"))
        for summary in workshops.list_workshops(engine):
            if summary.status != "signed":
                self.workshop.addItem(summary.title, summary.id)
        if workshop_id is not None:
            index = self.workshop.findData(workshop_id)
            if index >= 0:
                self.workshop.setCurrentIndex(index)
        self.target = QComboBox()
        self.target.setAccessibleName(self.tr("Exercise or vote"))
        self.target.setAccessibleDescription(self.tr("What each person answers or votes on"))
        self.workshop.currentIndexChanged.connect(self._fill_targets)
        self.problem = label("", name="errorText")
        self.problem.hide()
        self.start_button = QPushButton(self.tr("Start participant mode"))
        self.start_button.setAccessibleName(self.tr("Start participant mode"))
        self.start_button.setAccessibleDescription(self.tr("Go full screen; only your PIN gets back out"))
        self.start_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAccessibleName(self.tr("Cancel"))
        cancel.setAccessibleDescription(self.tr("Close without starting"))
        self.start_button.clicked.connect(self._start)
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            label(
                self.tr(
                    "The laptop goes round the table; each person adds their own answer or vote. "
                    "The screen clears after each person. Leaving needs your PIN."
                )
            )
        )
        layout.addWidget(label(self.tr("Workshop")))
        layout.addWidget(self.workshop)
        layout.addWidget(label(self.tr("Exercise or vote")))
        layout.addWidget(self.target)
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.start_button)
        buttons.addWidget(cancel)
        layout.addLayout(buttons)
        self.setMinimumWidth(480)
        self._fill_targets()

    def _fill_targets(self) -> None:
        from coproduce.services import exercises, votes

        self.target.clear()
        workshop_id = self.workshop.currentData()
        if workshop_id is None:
            return
        for exercise in exercises.list_exercises(self.engine, workshop_id):
            self.target.addItem(
                self.tr("Exercise: {title}").format(title=exercise.title), ("exercise", exercise.id)
            )
        for vote in votes.list_votes(self.engine, workshop_id):
            if vote.status == "open":
                self.target.addItem(self.tr("Vote: {title}").format(title=vote.title), ("vote", vote.id))

    def choice(self) -> tuple[str, str, str] | None:
        """(workshop id, "exercise" or "vote", its id)."""
        data = self.target.currentData()
        workshop_id = self.workshop.currentData()
        if workshop_id is None or not data:
            return None
        return str(workshop_id), str(data[0]), str(data[1])

    def _start(self) -> None:
        if self.choice() is None:
            self.problem.setText(self.tr("Problem: choose a workshop that has an exercise or an open vote."))
            self.problem.show()
            return
        self.accept()


class ParticipantModeLauncher(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.participant_window: ParticipantModeWindow | None = None
        menu = window.menuBar().addMenu(self.tr("&Room"))
        self.action = QAction(self.tr("&Participant mode…"), self)
        self.action.setShortcut(QKeySequence("Ctrl+Shift+P"))
        self.action.triggered.connect(self.choose_and_start)
        menu.addAction(self.action)
        self.menu = menu

    def choose_and_start(self) -> None:
        view = self.window.workshop_view
        dialog = StartDialog(self.window.engine, view.workshop_id if view is not None else None, self.window)
        if not dialog.exec():
            return
        choice = dialog.choice()
        if choice is None:
            return
        from coproduce.services import pin

        if not pin.has_pin(self.window.engine) and not self._set_pin():
            return
        workshop_id, kind, target_id = choice
        self.start(
            workshop_id,
            exercise_id=target_id if kind == "exercise" else None,
            vote_id=target_id if kind == "vote" else None,
        )

    def _set_pin(self) -> bool:
        from coproduce.ui.participant_mode.pin_dialog import SetPinDialog

        return bool(SetPinDialog(self.window.engine, self.window.actor, self.window).exec())

    def start(
        self,
        workshop_id: str,
        *,
        exercise_id: str | None = None,
        vote_id: str | None = None,
        fullscreen: bool = True,
    ) -> ParticipantModeWindow | None:
        from coproduce.ui.participant_mode.window import ParticipantModeWindow

        if self.window.workshop_view is not None:
            self.window.workshop_view.flush()
        try:
            mode = ParticipantModeWindow(
                self.window.engine, self.window.actor, workshop_id, exercise_id=exercise_id, vote_id=vote_id
            )
        except KnownError as err:
            show_error(self.window, err)
            return None
        mode.finished.connect(self._finished)
        self.participant_window = mode
        self.window.hide()
        mode.start(fullscreen=fullscreen)
        return mode

    def _finished(self) -> None:
        mode = self.participant_window
        self.participant_window = None
        self.window.show()
        self.window.refresh()
        if mode is not None:
            mode.deleteLater()


def install_participant_mode_action(window: MainWindow) -> ParticipantModeLauncher:
    return ParticipantModeLauncher(window)
