"""The running order: removing an unused exercise, a plain refusal otherwise, and the running one marked."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import exercises
from coproduce.ui import exercises_page
from coproduce.ui.exercises_page import ExercisesPage
from tests.services._room import Room, make_room


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


@pytest.fixture
def page(qtbot: QtBot, engine: Engine, room: Room) -> ExercisesPage:
    widget = ExercisesPage(engine, "facilitator", room.workshop_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_remove_takes_an_unused_exercise_out_and_refuses_one_in_use(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: Room, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(exercises_page, "show_error", lambda _parent, err: errors.append(str(err)))
    page.add_from_template("carers-check")
    added = page.current()
    assert page.order.count() == 2 and added is not None and added.id == page.exercises[1].id
    assert added.title == exercises.get_exercise(engine, added.id).title
    page.remove_button.click()
    page.confirm_remove_button.click()
    assert page.order.count() == 1 and errors == []
    left = page.current()
    assert left is not None and left.id == room.exercise_id
    page.remove_button.click()  # it has contributions
    page.confirm_remove_button.click()
    assert page.order.count() == 1 and "Hide them first" in errors[0]
    assert isinstance(page.remove_button, QPushButton)


def test_running_exercise_is_marked_in_words(qtbot: QtBot, page: ExercisesPage) -> None:
    assert "running" not in page.order.item(0).text()
    page.toggle_run()
    assert "▶ running" in page.order.item(0).text()
    page.toggle_run()
    assert "running" not in page.order.item(0).text()


def test_template_button_is_a_push_button_with_its_menu(page: ExercisesPage) -> None:
    button: QWidget = page.template_button
    assert isinstance(button, QPushButton) and button.menu() is not None
