"""A workshop's Exercises section: the running order (add from a template or write one, edit, move, start and
stop with a countdown), capture, the contributions and their themes, principle coverage, and the projector."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.services import consent, contribution_rows, exercises
from coproduce.services.contribution_rows import ContributionRow
from coproduce.services.exercises import ExerciseInput
from coproduce.services.principles import PRINCIPLE_NUMBERS, principle_short
from coproduce.services.templates import templates
from coproduce.storage.models import Exercise
from coproduce.storage.types import utcnow
from coproduce.ui.capture_panel import CapturePanel
from coproduce.ui.contributions_model import ContributionFilterProxy, ContributionTableModel, fit_columns
from coproduce.ui.contributions_view import ContributionsView
from coproduce.ui.coverage_panel import CoveragePanel
from coproduce.ui.exercise_dialog import ExerciseDialog
from coproduce.ui.messages import show_error
from coproduce.ui.projector import ProjectorItem, ProjectorWindow


def _clock(seconds: int) -> str:
    minutes, secs = divmod(abs(int(seconds)), 60)
    return f"{minutes:02d}:{secs:02d}"


class ExercisesPage(QWidget):
    def __init__(self, engine: Engine, actor: str, workshop_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id = engine, actor, workshop_id
        self.exercises: list[Exercise] = []
        self.model = ContributionTableModel(self)
        self.projector = ProjectorWindow(self)

        self.order = QListWidget()
        self.order.setAccessibleName(self.tr("Running order"))
        self.order.setWordWrap(True)
        self.order.setSpacing(3)
        self.order.currentRowChanged.connect(self._exercise_chosen)
        self.template_button = QPushButton(self.tr("Add from &template"))  # leaves room for the menu arrow
        self.template_button.setMenu(self._template_menu())
        self.custom_button = QPushButton(self.tr("&Write your own…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move do&wn"))
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.remove_button.setToolTip(
            self.tr("Take an exercise that never ran and has no contributions out of the running order.")
        )
        self.remove_confirm = QFrame()  # asked inline before anything is taken out
        self.remove_confirm.setFrameShape(QFrame.Shape.StyledPanel)
        self.remove_question = QLabel()
        self.remove_question.setWordWrap(True)
        self.confirm_remove_button = QPushButton(self.tr("Remove &it"))
        self.keep_button = QPushButton(self.tr("&Keep it"))
        self.confirm_remove_button.clicked.connect(self.confirm_remove)
        self.keep_button.clicked.connect(self.remove_confirm.hide)
        confirm_layout = QVBoxLayout(self.remove_confirm)
        confirm_layout.addWidget(self.remove_question)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(self.confirm_remove_button)
        confirm_buttons.addWidget(self.keep_button)
        confirm_layout.addLayout(confirm_buttons)
        self.remove_confirm.hide()
        self.start_button = QPushButton()
        self.start_button.setMinimumHeight(36)
        self.projector_button = QPushButton(self.tr("Show pro&jector"))
        self.projector_button.setCheckable(True)
        self.blank_button = QPushButton(self.tr("&Blank projector (Ctrl+B)"))
        self.blank_button.setCheckable(True)
        self.projector_status = QLabel()  # where the projector window went
        self.projector_status.setWordWrap(True)
        self.projector_status.hide()
        self.custom_button.clicked.connect(self.add_custom)
        self.edit_button.clicked.connect(self.edit_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(+1))
        self.remove_button.clicked.connect(self.remove_current)
        self.start_button.clicked.connect(self.toggle_run)
        self.projector_button.toggled.connect(self.show_projector)
        self.blank_button.toggled.connect(self.projector.set_blank)
        self.projector.closed.connect(lambda: self.projector_button.setChecked(False))
        self.projector.blank_toggled.connect(self.blank_button.toggle)
        QShortcut(QKeySequence("Ctrl+B"), self, self.blank_button.toggle)

        self.capture = CapturePanel(engine, actor)
        self.capture.saved.connect(self.on_saved)
        self.recent_proxy = ContributionFilterProxy(self)
        self.recent_proxy.setSourceModel(self.model)
        self.recent = QTableView()
        self.recent.setModel(self.recent_proxy)
        self.recent.setAccessibleName(self.tr("Contributions to this exercise"))
        self.recent.verticalHeader().hide()
        self.recent.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.recent.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.recent.setWordWrap(False)
        self.recent.setTextElideMode(Qt.TextElideMode.ElideRight)
        for column in (
            ContributionTableModel.EXERCISE,
            ContributionTableModel.THEME,
            ContributionTableModel.SOURCE,
        ):
            self.recent.hideColumn(column)  # one exercise, just captured: the words and who said them matter
        self.recent.installEventFilter(self)
        for signal in (self.model.modelReset, self.model.rowsInserted, self.model.dataChanged):
            signal.connect(lambda *_args: fit_columns(self.recent, self.model))
        capture_tab = QWidget()
        capture_layout = QVBoxLayout(capture_tab)
        capture_layout.addWidget(self.capture)
        capture_layout.addWidget(QLabel(self.tr("Saved so far in this exercise (newest at the bottom):")))
        capture_layout.addWidget(self.recent, 1)

        self.contributions = ContributionsView(engine, actor, workshop_id, self.model)
        self.contributions.changed.connect(self.on_changed)
        self.coverage = CoveragePanel(engine, workshop_id)
        self.tabs = QTabWidget()
        self.tabs.addTab(capture_tab, self.tr("&Capture"))
        self.tabs.addTab(self.contributions, self.tr("Contributions and t&hemes"))
        self.tabs.addTab(self.coverage, self.tr("Principle co&verage"))
        self.tabs.currentChanged.connect(lambda _i: self.coverage.refresh())

        side = QVBoxLayout()
        side.addWidget(QLabel(self.tr("Running order")))
        side.addWidget(self.order, 1)
        side.addWidget(self.template_button)  # its own row: the text and the menu arrow both fit
        side.addWidget(self.custom_button)
        for pair in ((self.edit_button, self.remove_button), (self.up_button, self.down_button)):
            row = QHBoxLayout()
            for button in pair:
                row.addWidget(button)
            side.addLayout(row)
            if pair[1] is self.remove_button:
                side.addWidget(self.remove_confirm)
        side.addWidget(self.start_button)
        side.addWidget(self.projector_button)
        side.addWidget(self.blank_button)
        side.addWidget(self.projector_status)
        side_widget = QWidget()
        side_widget.setLayout(side)
        side_widget.setMaximumWidth(280)
        side_widget.setMinimumWidth(230)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(side_widget)
        layout.addWidget(self.tabs, 1)

        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)
        self.timer.start()
        self.reload()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.recent and event.type() == QEvent.Type.Resize:
            fit_columns(self.recent, self.model)
        return super().eventFilter(watched, event)

    # -- loading
    def reload(self) -> None:
        """Read the exercises, people and contributions again (after an import, or on opening)."""
        current = self.current()
        self.exercises = exercises.list_exercises(self.engine, self.workshop_id)
        self.model.set_rows(contribution_rows.list_contribution_rows(self.engine, self.workshop_id))
        people = consent.consenting_participants(self.engine, self.workshop_id)
        self.contributions.set_context(self.exercises, people)
        self._fill_order(current.id if current else None)
        self.coverage.refresh()

    def _fill_order(self, select_id: str | None) -> None:
        self.order.blockSignals(True)
        self.order.clear()
        for n, e in enumerate(self.exercises, start=1):
            ran = self.tr(" · ran {m} min").format(m=round(e.seconds_run / 60)) if e.seconds_run else ""
            is_running = e.started_at is not None and e.stopped_at is None
            text = self.tr("{n}. {title}{running}\n    P{p} {short} · {box} min{ran}").format(
                n=n,
                title=e.title,
                running=self.tr("  ▶ running") if is_running else "",
                p=e.principle,
                short=principle_short(e.principle),
                box=e.time_box_minutes,
                ran=ran,
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, e.id)
            self.order.addItem(item)
        self.order.blockSignals(False)
        ids = [e.id for e in self.exercises]
        running = next((e.id for e in self.exercises if e.started_at and not e.stopped_at), None)
        wanted = select_id if select_id in ids else running or (ids[0] if ids else None)
        self.order.setCurrentRow(ids.index(wanted) if wanted else -1)
        if not ids:
            self._exercise_chosen(-1)

    def current(self) -> Exercise | None:
        row = self.order.currentRow()
        return self.exercises[row] if 0 <= row < len(self.exercises) else None

    def _exercise_chosen(self, _row: int) -> None:
        exercise = self.current()
        self.remove_confirm.hide()  # it was about the exercise chosen before
        self.capture.set_exercise(exercise)
        self.recent_proxy.set_filters(exercise_id=exercise.id if exercise else "")
        self.recent.scrollToBottom()
        items = [
            ProjectorItem.from_row(r) for r in self.model.rows if exercise and self._shows(r, exercise.id)
        ]
        self.projector.show_exercise(
            exercise.title if exercise else "", exercise.prompt if exercise else "", items
        )
        buttons = (self.edit_button, self.up_button, self.down_button, self.remove_button, self.start_button)
        for button in buttons:
            button.setEnabled(exercise is not None)
        self.tick()

    @staticmethod
    def _shows(row: ContributionRow, exercise_id: str) -> bool:
        return row.exercise_id == exercise_id and not row.hidden and not row.duplicate_of

    # -- the running order
    def _template_menu(self) -> QMenu:
        menu = QMenu(self)
        for n in PRINCIPLE_NUMBERS:
            menu.addSection(self.tr("Principle {n}: {short}").format(n=n, short=principle_short(n)))
            for item in (t for t in templates() if t.principle == n):
                action = menu.addAction(item.title)
                action.triggered.connect(lambda _c=False, t=item.id: self.add_from_template(t))
        return menu

    def add_from_template(self, template_id: str) -> None:
        self._add(exercises.from_template(template_id))

    def add_custom(self) -> None:
        blank = ExerciseInput(title="", principle=2, kinds=["idea", "concern"])
        dialog = ExerciseDialog(blank, self.tr("Write your own exercise"), self)
        while dialog.exec():
            try:
                self._add(dialog.values(), raise_errors=True)
            except KnownError as err:
                dialog.show_error(str(err))
                continue
            return

    def _add(self, data: ExerciseInput, *, raise_errors: bool = False) -> None:
        try:
            new_id = exercises.add_exercise(self.engine, self.actor, self.workshop_id, data)
        except KnownError as err:
            if raise_errors:
                raise
            show_error(self, err)
            return
        self.exercises = exercises.list_exercises(self.engine, self.workshop_id)
        self.contributions.set_context(
            self.exercises, consent.consenting_participants(self.engine, self.workshop_id)
        )
        self._fill_order(new_id)
        self.coverage.refresh()

    def edit_current(self) -> None:
        exercise = self.current()
        if exercise is None:
            return
        data = ExerciseInput(
            title=exercise.title,
            principle=exercise.principle,
            prompt=exercise.prompt,
            easy_read_prompt=exercise.easy_read_prompt,
            guidance=exercise.guidance,
            kinds=list(exercise.kinds),
            time_box_minutes=exercise.time_box_minutes,
            template_id=exercise.template_id,
        )
        dialog = ExerciseDialog(data, self.tr("Edit exercise"), self)
        while dialog.exec():
            try:
                exercises.update_exercise(self.engine, self.actor, exercise.id, dialog.values())
            except KnownError as err:
                dialog.show_error(str(err))
                continue
            self.reload()
            return

    def move_current(self, step: int) -> None:
        exercise = self.current()
        if exercise is not None:
            self._do(lambda: exercises.move_exercise(self.engine, self.actor, exercise.id, step))

    def remove_current(self) -> None:
        """Ask inline first; one that is running or has run is refused at once, with the reason."""
        exercise = self.current()
        if exercise is None:
            return
        if exercise.started_at is not None or exercise.seconds_run > 0:
            self.confirm_remove()
            return
        self.remove_question.setText(
            self.tr("Remove “{title}” from the running order? It is kept in the history.").format(
                title=exercise.title
            )
        )
        self.remove_confirm.show()
        self.confirm_remove_button.setFocus()

    def confirm_remove(self) -> None:
        self.remove_confirm.hide()
        exercise = self.current()
        if exercise is None:
            return
        row = self.order.currentRow()
        try:
            exercises.remove_exercise(self.engine, self.actor, exercise.id)
        except KnownError as err:
            show_error(self, err)
            return
        self.exercises = exercises.list_exercises(self.engine, self.workshop_id)
        self.contributions.set_context(
            self.exercises, consent.consenting_participants(self.engine, self.workshop_id)
        )
        neighbour = self.exercises[min(row, len(self.exercises) - 1)].id if self.exercises else None
        self._fill_order(neighbour)
        self.coverage.refresh()

    def _do(self, change: Callable[[], None]) -> None:
        current = self.current()
        try:
            change()
        except KnownError as err:
            show_error(self, err)
        self.exercises = exercises.list_exercises(self.engine, self.workshop_id)
        self._fill_order(current.id if current else None)

    # -- running
    def toggle_run(self) -> None:
        exercise = self.current()
        if exercise is None:
            return
        if exercise.started_at and not exercise.stopped_at:
            self._do(lambda: exercises.stop_exercise(self.engine, self.actor, exercise.id))
        else:

            def start() -> None:
                for other in self.exercises:  # one exercise runs at a time
                    if other.started_at and not other.stopped_at:
                        exercises.stop_exercise(self.engine, self.actor, other.id)
                exercises.start_exercise(self.engine, self.actor, exercise.id)

            self._do(start)
        self.capture.text.setFocus()

    def countdown_text(self, exercise: Exercise | None, now: dt.datetime | None = None) -> str:
        if exercise is None:
            return ""
        box = exercise.time_box_minutes * 60
        if exercise.started_at is not None and exercise.stopped_at is None:
            elapsed = exercise.seconds_run + ((now or utcnow()) - exercise.started_at).total_seconds()
            left = box - elapsed
            if left >= 0:
                return self.tr("{clock} left").format(clock=_clock(int(left)))
            return self.tr("Over by {clock}").format(clock=_clock(int(-left)))
        if exercise.seconds_run:
            return self.tr("Ran {m} of {box} min").format(m=round(exercise.seconds_run / 60), box=box // 60)
        return self.tr("Not started · {box} min").format(box=box // 60)

    def tick(self) -> None:
        exercise = self.current()
        text = self.countdown_text(exercise)
        self.capture.set_countdown(text)
        self.projector.set_countdown(
            text if exercise and exercise.started_at and not exercise.stopped_at else ""
        )
        running = exercise is not None and exercise.started_at is not None and exercise.stopped_at is None
        self.start_button.setText(self.tr("■ &Stop exercise") if running else self.tr("▶ &Start exercise"))

    # -- live updates
    def on_saved(self, row: ContributionRow) -> None:
        self.model.append_rows([row])
        self.recent.scrollToBottom()
        exercise = self.current()
        if exercise is not None and self._shows(row, exercise.id):
            self.projector.add_item(ProjectorItem.from_row(row))
        self.contributions.reload_themes()

    def on_changed(self, rows: list[ContributionRow]) -> None:
        exercise = self.current()
        for row in rows:
            if exercise is None or not self._shows(row, exercise.id):
                self.projector.remove_item(row.id)
            else:
                self.projector.add_item(ProjectorItem.from_row(row))

    def show_projector(self, on: bool) -> None:
        if on:
            second = self.projector.show_on_projector()
            self.projector_status.setText(
                self.tr("Projector showing on the second screen; Esc there closes it.")
                if second
                else self.tr(
                    "Projector window open — drag it to the projector screen, or connect a second screen; "
                    "Esc closes it."
                )
            )
        else:
            self.projector.hide()
        self.projector_status.setVisible(on)
