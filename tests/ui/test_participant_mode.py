"""Participant mode played through by three people in a row, then the facilitator's way out."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine
from sqlmodel import Session, select

from coproduce.services import consent, contributions, participants, pin
from coproduce.storage.models_decisions import Ballot
from coproduce.ui.main_window import MainWindow
from coproduce.ui.participant_mode.pin_dialog import SetPinDialog
from coproduce.ui.participant_mode.start import ParticipantModeLauncher, StartDialog
from coproduce.ui.participant_mode.steps import (
    ConsentStep,
    NameStep,
    PromptStep,
    ThanksStep,
    WhoStep,
    WriteStep,
)
from coproduce.ui.participant_mode.vote_step import VoteStep
from coproduce.ui.participant_mode.window import ParticipantModeWindow
from tests.ui._participant_mode import all_texts, find_button, flush_deleted, make_room, press

PIN = "2580"


class FakeClock:
    def __init__(self) -> None:
        self.now = 50.0

    def __call__(self) -> float:
        return self.now


def _launcher(window: MainWindow) -> ParticipantModeLauncher:
    launcher = window.findChild(ParticipantModeLauncher)
    assert launcher is not None
    return launcher


def _write(qtbot: QtBot, mode: ParticipantModeWindow, words: str) -> None:
    step = mode.current_step()
    assert isinstance(step, WriteStep)
    qtbot.keyClicks(step.text, words)


def _nothing_left_of(mode: ParticipantModeWindow, window: MainWindow, *traces: str) -> None:
    flush_deleted()
    assert isinstance(mode.current_step(), WhoStep)
    texts = "\n".join(all_texts(exclude=window))
    for trace in traces:
        assert trace not in texts, trace
    clipboard = QApplication.clipboard()
    assert clipboard.text() == ""


def test_three_people_in_a_row_then_the_facilitator_leaves(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    room = make_room(engine)
    pin.set_pin(engine, "facilitator", PIN)
    mode = _launcher(window).start(room.workshop_id, exercise_id=room.exercise_id, fullscreen=False)
    assert mode is not None
    qtbot.waitExposed(mode)
    assert not window.isVisible()
    assert mode.windowModality() == Qt.WindowModality.ApplicationModal

    # 1: picks their name, reads the Easy Read prompt, writes an attributed contribution
    press(qtbot, mode, "pick my name")
    press(qtbot, mode, "Margaret Oduya")
    step = mode.current_step()
    assert isinstance(step, PromptStep)
    assert "Think about the care and support" in step.prompt.text()
    press(qtbot, mode, "Easy Read")
    assert step.prompt.text().startswith("Tell us about your care.")
    press(qtbot, mode, "Write my answer")
    press(qtbot, mode, "What works")
    assert "(chosen)" in find_button(mode, "What works").words()  # said in words, not only by colour
    _write(qtbot, mode, "The Tuesday respite group saved my sanity.")
    QApplication.clipboard().setText("The Tuesday respite group")  # as if they had copied their words
    press(qtbot, mode, "Save my answer")
    assert isinstance(mode.current_step(), ThanksStep)
    assert mode.person is None  # the next hands on the laptop cannot write in Margaret's name
    [first] = contributions.list_contributions(engine, room.workshop_id)
    assert (first.text, first.kind, first.source) == (
        "The Tuesday respite group saved my sanity.",
        "what_works",
        "participant",
    )
    assert first.participant_id == room.margaret
    press(qtbot, mode, "Next person")
    _nothing_left_of(mode, window, "Margaret", "Oduya", "respite", "sanity", "Tuesday")

    # 2: new, consents on screen (the exact statement shown), agrees to be named, writes
    press(qtbot, mode, "I'm new here")
    step = mode.current_step()
    assert isinstance(step, ConsentStep)
    shown = step.statement.text()
    press(qtbot, mode, "Yes, I agree")
    step = mode.current_step()
    assert isinstance(step, NameStep)
    assert step.name.completer() is None
    qtbot.keyClicks(step.name, "Deborah Quist")
    press(qtbot, mode, "Yes — you can write my name")
    press(qtbot, mode, "Continue")
    press(qtbot, mode, "Write my answer")
    _write(qtbot, mode, "Nobody told me about the carers' assessment for two years.")
    press(qtbot, mode, "Save my answer")
    deborah = next(p for p in participants.list_participants(engine, room.workshop_id) if p.number == 2)
    assert deborah.display_name == "Deborah Quist" and not deborah.anonymous
    state = consent.consent_state(engine, deborah.id)
    assert state.consent is not None and state.statement is not None
    assert state.consent.method == "on_screen"
    assert state.consent.take_part and state.consent.be_named and not state.consent.be_contacted
    assert state.statement.text == shown
    second = contributions.list_contributions(engine, room.workshop_id)[-1]
    assert (second.participant_id, second.source, second.kind) == (deborah.id, "participant", "what_matters")
    press(qtbot, mode, "Next person")
    _nothing_left_of(mode, window, "Deborah", "Quist", "assessment", "two years")

    # the facilitator swaps to the vote: a wrong PIN first, then the right one
    mode.throttle = pin.PinThrottle(clock := FakeClock())
    _escape_attempts_stay_in(qtbot, mode)
    _wrong_then_right_pin(qtbot, mode, clock)
    assert window.isVisible()
    assert _launcher(window).participant_window is None

    # 3: anonymous, casts a ballot on an approval vote
    mode = _launcher(window).start(room.workshop_id, vote_id=room.votes["approval"], fullscreen=False)
    assert mode is not None
    press(qtbot, mode, "Stay anonymous")
    step = mode.current_step()
    assert isinstance(step, VoteStep)
    press(qtbot, mode, "Evening respite sitting service")
    assert "✓ I support this" in find_button(mode, "Evening respite").words()
    press(qtbot, mode, "Cast my vote")
    assert isinstance(mode.current_step(), ThanksStep)
    with Session(engine) as session:
        [ballot] = session.exec(select(Ballot).where(Ballot.vote_id == room.votes["approval"])).all()
    chosen = next(o.id for o in step.options if o.label == "Evening respite sitting service")
    assert ballot.participant_id is None and ballot.content == {"approved": [chosen]}
    press(qtbot, mode, "Next person")
    _nothing_left_of(mode, window, "✓ I support this")
    mode.unlock()


def _escape_attempts_stay_in(qtbot: QtBot, mode: ParticipantModeWindow) -> None:
    press(qtbot, mode, "Stay anonymous")
    press(qtbot, mode, "Write my answer")
    before = mode.current_step()
    quit_spy = QAction(mode)
    quit_spy.setShortcut(QKeySequence("Ctrl+Q"))
    mode.addAction(quit_spy)
    triggered: list[bool] = []
    quit_spy.triggered.connect(lambda: triggered.append(True))
    target = mode.focusWidget() or mode
    qtbot.keyClick(target, Qt.Key.Key_Escape)
    qtbot.keyClick(target, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(target, Qt.Key.Key_F4, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(target, Qt.Key.Key_Tab, Qt.KeyboardModifier.AltModifier)
    assert not triggered
    assert mode.close() is False
    event = QCloseEvent()
    QApplication.sendEvent(mode, event)  # what Alt+F4 from the window manager sends
    assert not event.isAccepted()
    QApplication.processEvents()
    assert mode.isVisible() and not mode.unlocked
    assert mode.current_step() is before
    mode.removeAction(quit_spy)
    press(qtbot, mode, "Back to the question")
    mode.clear_for_next_person()


def _wrong_then_right_pin(qtbot: QtBot, mode: ParticipantModeWindow, clock: FakeClock) -> None:
    qtbot.mouseClick(mode.facilitator, Qt.MouseButton.LeftButton)
    dialog = mode.pin_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.field, "0000")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert mode.isVisible() and not mode.unlocked
    assert not dialog.ok_button.isEnabled()
    assert "try again in 1 second." in dialog.problem.text()
    qtbot.keyClicks(dialog.field, PIN)
    dialog.submit()  # even the right PIN is refused during the wait
    assert not mode.unlocked and "try again in 1 second." in dialog.problem.text()
    clock.now += 1
    dialog._tick()
    assert dialog.ok_button.isEnabled()
    qtbot.keyClicks(dialog.field, "1111")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "try again in 2 seconds" in dialog.problem.text()  # the wait doubles
    clock.now += 2
    dialog._tick()
    qtbot.keyClicks(dialog.field, PIN)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert mode.unlocked and not mode.isVisible()
    assert mode.throttle.failures == 0


def test_the_screen_clears_after_two_idle_minutes(qtbot: QtBot, engine: Engine) -> None:
    room = make_room(engine)
    mode = ParticipantModeWindow(
        engine, "facilitator", room.workshop_id, exercise_id=room.exercise_id, idle_ms=80
    )
    qtbot.addWidget(mode)
    assert ParticipantModeWindow(
        engine, "f", room.workshop_id, exercise_id=room.exercise_id
    ).idle.interval() == (120_000)
    mode.start(fullscreen=False)
    press(qtbot, mode, "pick my name")
    press(qtbot, mode, "Margaret Oduya")
    press(qtbot, mode, "Write my answer")
    _write(qtbot, mode, "half-finished thought about the GP")
    assert mode.person is not None
    qtbot.waitUntil(lambda: isinstance(mode.current_step(), WhoStep), timeout=3000)
    flush_deleted()
    assert mode.person is None
    texts = "\n".join(all_texts())
    assert "half-finished" not in texts and "Margaret" not in texts
    assert not [w for w in mode.findChildren(QPlainTextEdit)]  # no box, no undo history left
    mode.unlock()


def test_the_menu_asks_for_a_pin_before_the_first_start(
    qtbot: QtBot, window: MainWindow, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    room = make_room(engine)
    launcher = _launcher(window)
    window.open_workshop(room.workshop_id)
    seen: dict[str, Any] = {}

    def fake_start_exec(dialog: StartDialog) -> int:
        seen["workshop"] = dialog.workshop.currentData()
        seen["targets"] = [dialog.target.itemText(i) for i in range(dialog.target.count())]
        return 1

    def fake_pin_exec(dialog: SetPinDialog) -> int:
        qtbot.keyClicks(dialog.first, "12")
        qtbot.keyClicks(dialog.second, "12")
        dialog.submit()
        seen["short"] = dialog.problem.text()
        dialog.first.setText("987654")
        dialog.second.setText("987654")
        dialog.submit()
        return int(dialog.result())

    monkeypatch.setattr(StartDialog, "exec", fake_start_exec)
    monkeypatch.setattr(SetPinDialog, "exec", fake_pin_exec)
    monkeypatch.setattr(ParticipantModeWindow, "start", lambda self, fullscreen=True: None)
    launcher.choose_and_start()
    assert seen["workshop"] == room.workshop_id
    assert seen["targets"][0] == "Exercise: What matters to me"
    assert "Vote: Priorities (approval)" in seen["targets"]
    assert "4 to 12 digits" in str(seen["short"])
    assert pin.check_pin(engine, "987654")
    assert launcher.participant_window is not None
    launcher.participant_window.unlock()
    assert window.isVisible()
