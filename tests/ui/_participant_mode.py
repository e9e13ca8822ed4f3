"""Helpers for the participant-mode tests: a workshop to run it on, finding and pressing big buttons."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QPlainTextEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, exercises, participants, votes, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.ui.participant_mode.accessibility import WrapButton


@dataclass
class Room:
    workshop_id: str
    exercise_id: str
    margaret: str
    votes: dict[str, str]  # method -> vote id


def make_room(engine: Engine) -> Room:
    workshop_id = workshops.create_workshop(engine, "facilitator", "Carers' voices in Havant")
    exercise_id = exercises.add_exercise(
        engine, "facilitator", workshop_id, exercises.from_template("what-matters-to-me")
    )
    consent.current_statement(engine, "facilitator", workshop_id)
    margaret = participants.add_participant(
        engine, "facilitator", workshop_id, ParticipantInput(display_name="Margaret Oduya")
    )
    consent.record_consent(engine, "facilitator", margaret, method="paper", be_named=True)
    options = [
        votes.OptionInput("A carers' lounge at the hospital"),
        votes.OptionInput("Evening respite sitting service"),
        votes.OptionInput("One named contact for every carer"),
    ]
    vote_ids = {
        method: votes.create_vote(
            engine, "facilitator", workshop_id, f"Priorities ({method})", method, options
        )
        for method in ("approval", "dots", "ranking")
    }
    vote_ids["consent"] = votes.create_vote(
        engine,
        "facilitator",
        workshop_id,
        "Evening sitting service",
        "consent",
        proposal="Fund an evening sitting service for carers, two nights a week, from April.",
    )
    return Room(workshop_id, exercise_id, margaret, vote_ids)


def buttons(root: QWidget) -> list[WrapButton]:
    return [b for b in root.findChildren(WrapButton) if b.isVisible()]


def find_button(root: QWidget, words: str, *, first: bool = False) -> WrapButton:
    found = [b for b in buttons(root) if words in b.words()]
    assert len(found) == 1 or (first and found), f"{words!r} in {[b.words() for b in buttons(root)]}"
    return found[0]


def press(qtbot: QtBot, root: QWidget, words: str, *, first: bool = False) -> None:
    button = find_button(root, words, first=first)
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def flush_deleted() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()


def all_texts(exclude: QWidget | None = None) -> list[str]:
    """Every text any widget holds (labels, fields, buttons, accessible names), except under ``exclude``."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if exclude is not None and (widget is exclude or exclude.isAncestorOf(widget)):
            continue
        texts.append(widget.accessibleName())
        texts.append(widget.accessibleDescription())
        texts.append(widget.windowTitle())
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.text())
            texts.append(widget.placeholderText())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
        elif isinstance(widget, QAbstractButton):
            texts.append(widget.text())
    return texts
