"""Participant mode, step by step: every control named and described, 44 px targets, keyboard order, visible
focus, and at 200% on a 1280×800 screen nothing clipped or spilling out of its parent."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import pin
from coproduce.ui.main_window import MainWindow
from coproduce.ui.participant_mode.accessibility import MIN_TOUCH, Look, ViewMenu, WrapButton
from coproduce.ui.participant_mode.pin_dialog import SetPinDialog
from coproduce.ui.participant_mode.start import StartDialog
from coproduce.ui.participant_mode.steps import Step
from coproduce.ui.participant_mode.window import ParticipantModeWindow
from tests.ui._participant_mode import Room, make_room, press

INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
)
SCREEN = QSize(1280, 800)

# Each walk: which window to open (exercise or a vote's method) and the buttons to press to reach a step.
WALKS: dict[str, tuple[str, list[str]]] = {
    "who": ("exercise", []),
    "names": ("exercise", ["pick my name"]),
    "consent": ("exercise", ["I'm new here"]),
    "name": ("exercise", ["I'm new here", "Yes, I agree"]),
    "prompt": ("exercise", ["Stay anonymous"]),
    "prompt easy read": ("exercise", ["Stay anonymous", "Easy Read"]),
    "write": ("exercise", ["Stay anonymous", "Write my answer"]),
    "write, empty": ("exercise", ["Stay anonymous", "Write my answer", "Save my answer"]),
    "vote dots": ("dots", ["Stay anonymous", "Add a dot"]),
    "vote ranking": ("ranking", ["Stay anonymous", "Evening respite"]),
    "vote approval": ("approval", ["Stay anonymous", "carers' lounge"]),
    "vote consent round": ("consent", ["Stay anonymous", "I object", "Cast my vote"]),
}


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


@pytest.fixture
def open_mode(
    qtbot: QtBot, engine: Engine, room: Room
) -> Iterator[Callable[[str, Look], ParticipantModeWindow]]:
    opened: list[ParticipantModeWindow] = []

    def open_(target: str, look: Look) -> ParticipantModeWindow:
        kind = {"exercise_id": room.exercise_id} if target == "exercise" else {"vote_id": room.votes[target]}
        mode = ParticipantModeWindow(engine, "facilitator", room.workshop_id, look=look, **kind)  # type: ignore[arg-type]
        qtbot.addWidget(mode)
        mode.resize(SCREEN)
        mode.start(fullscreen=False)
        qtbot.waitExposed(mode)
        opened.append(mode)
        return mode

    yield open_
    for mode in opened:
        mode.unlock()


def walk(qtbot: QtBot, mode: ParticipantModeWindow, presses: list[str]) -> Step:
    for words in presses:
        press(qtbot, mode, words, first=True)
    QApplication.processEvents()
    step = mode.current_step()
    assert step is not None
    return step


def visible_widgets(root: QWidget) -> list[QWidget]:
    return [w for w in root.findChildren(QWidget) if w.isVisibleTo(root)]


def unnamed(root: QWidget) -> list[str]:
    problems = []
    for widget in visible_widgets(root):
        if isinstance(widget, INTERACTIVE):
            if not widget.accessibleName().strip():
                problems.append(f"{type(widget).__name__} {widget.objectName()!r} has no accessible name")
            if not widget.accessibleDescription().strip():
                problems.append(f"{type(widget).__name__} {widget.accessibleName()!r} has no description")
    return problems


def too_small(root: QWidget) -> list[str]:
    return [
        f"{w.accessibleName()!r} is {w.width()}×{w.height()} px"
        for w in visible_widgets(root)
        if isinstance(w, QAbstractButton | QLineEdit | QPlainTextEdit)
        and (w.height() < MIN_TOUCH or w.width() < MIN_TOUCH)
    ]


def clipped(root: QWidget) -> list[str]:
    """Text that does not fit its widget, and widgets that spill out of their parent."""
    problems = []
    for w in visible_widgets(root):
        words = w.text() if isinstance(w, QLabel | QAbstractButton) else ""
        name = f"{type(w).__name__} {w.accessibleName() or words!r}"
        if isinstance(w, QLabel) and w.text():
            if w.wordWrap():
                if w.heightForWidth(w.width()) > w.height():
                    problems.append(f"{name}: needs {w.heightForWidth(w.width())} px high, has {w.height()}")
            elif w.sizeHint().width() > w.width() or w.sizeHint().height() > w.height():
                problems.append(f"{name}: needs {w.sizeHint()}, has {w.size()}")
        elif isinstance(w, WrapButton):
            if w.heightForWidth(w.width()) > w.height():
                problems.append(f"{name}: needs {w.heightForWidth(w.width())} px high, has {w.height()}")
        elif isinstance(w, QPushButton) and (
            w.sizeHint().width() > w.width() or w.sizeHint().height() > w.height()
        ):
            problems.append(f"{name}: needs {w.sizeHint()}, has {w.size()}")
        parent = w.parentWidget()
        scrolled = isinstance(parent, QWidget) and isinstance(parent.parentWidget(), QScrollArea)
        if parent is not None and not scrolled and not parent.rect().contains(w.geometry()):
            problems.append(f"{name}: {w.geometry()} spills out of its parent {parent.rect()}")
    return problems


def tab_sequence(qtbot: QtBot, mode: ParticipantModeWindow, count: int) -> list[QWidget]:
    seen = []
    for _ in range(count):
        focused = QApplication.focusWidget()
        assert focused is not None
        seen.append(focused)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return seen


@pytest.mark.parametrize("walk_name", list(WALKS))
def test_every_step_is_named_big_enough_and_in_keyboard_order(
    qtbot: QtBot, open_mode: Callable[[str, Look], ParticipantModeWindow], walk_name: str
) -> None:
    target, presses = WALKS[walk_name]
    mode = open_mode(target, Look(100))
    step = walk(qtbot, mode, presses)
    assert unnamed(mode) == []
    assert too_small(mode) == []
    # Tab goes through the step's controls in reading order, then the text size, contrast and facilitator
    step.controls[0].setFocus()
    expected = [*step.controls, mode.smaller, mode.larger, mode.contrast, mode.facilitator]
    expected = [w for w in expected if w.isEnabled()]
    assert tab_sequence(qtbot, mode, len(expected)) == expected


@pytest.mark.parametrize("walk_name", list(WALKS))
def test_at_200_percent_on_1280_by_800_nothing_is_clipped(
    qtbot: QtBot, open_mode: Callable[[str, Look], ParticipantModeWindow], walk_name: str
) -> None:
    target, presses = WALKS[walk_name]
    mode = open_mode(target, Look(200))
    walk(qtbot, mode, presses)
    assert mode.size() == SCREEN
    assert clipped(mode) == []
    assert too_small(mode) == []
    # and the text really is bigger than at 100%
    heading = mode.current_step()
    assert heading is not None
    mode.set_look(Look(100))
    small = heading.heading.fontInfo().pixelSize()
    mode.set_look(Look(200))
    assert heading.heading.fontInfo().pixelSize() >= 1.9 * small


def test_the_clipping_check_catches_a_clipped_label(qtbot: QtBot) -> None:
    holder = QWidget()
    qtbot.addWidget(holder)
    text = QLabel("A sentence much too long for the small box it has been squeezed into", holder)
    text.setWordWrap(True)
    text.setGeometry(0, 0, 80, 20)
    holder.resize(100, 100)
    holder.show()
    assert clipped(holder)


def test_focus_is_visible_and_high_contrast_is_black_with_yellow(
    qtbot: QtBot, open_mode: Callable[[str, Look], ParticipantModeWindow]
) -> None:
    mode = open_mode("exercise", Look(100))
    step = walk(qtbot, mode, [])
    first, second = step.controls[0], step.controls[1]
    first.setFocus()
    focused = first.grab().toImage()
    second.setFocus()
    unfocused = first.grab().toImage()
    assert focused != unfocused  # the focus outline changes the picture, not only a colour name
    mode.set_look(Look(100, high_contrast=True))
    assert mode.contrast.isChecked()
    assert "High contrast on" in mode.contrast.text()  # the state is said in words
    image = mode.grab().toImage()
    assert image.pixelColor(image.width() // 2, image.height() - 5) == QColor("#000000")
    first.setFocus()
    grabbed = first.grab().toImage()
    colours = {grabbed.pixelColor(x, 1).name() for x in range(0, grabbed.width(), 3)}
    assert "#ffff00" in colours  # the yellow focus outline


def test_the_pin_dialogs_and_the_start_dialog_are_named(
    qtbot: QtBot, engine: Engine, room: Room, open_mode: Callable[[str, Look], ParticipantModeWindow]
) -> None:
    pin.set_pin(engine, "f", "1357")
    mode = open_mode("exercise", Look(150))
    qtbot.mouseClick(mode.facilitator, Qt.MouseButton.LeftButton)
    unlock = mode.pin_dialog
    assert unlock is not None
    assert unnamed(unlock) == []
    assert too_small(unlock) == []
    unlock.reject()
    for dialog in (SetPinDialog(engine, "f"), StartDialog(engine, room.workshop_id)):
        qtbot.addWidget(dialog)
        dialog.show()
        assert unnamed(dialog) == []


def test_the_view_menu_scales_the_facilitators_screens(qtbot: QtBot, window: MainWindow) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = window.findChild(ViewMenu)
    assert view is not None
    titles = [a.text() for a in view.menu.actions()]
    assert titles[-1] == "&High contrast"
    base = app.font().pointSizeF()
    style = app.styleSheet()
    try:
        view.size_actions[200].trigger()
        assert app.font().pointSizeF() == pytest.approx(base * 2)
        view.contrast_action.trigger()
        assert "#ffff00" in app.styleSheet() and style in app.styleSheet()
        view.size_actions[125].trigger()
        assert app.font().pointSizeF() == pytest.approx(base * 1.25)
    finally:
        view.contrast_action.setChecked(False)
        view.set_scale(100)
    assert app.font().pointSizeF() == pytest.approx(base)
    assert "#ffff00" not in app.styleSheet()
