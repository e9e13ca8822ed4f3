"""Remove asks inline first (Keep it leaves the exercise in place); a running exercise is refused at once with
"it is running — stop it first", not "has been run"."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.ui import exercises_page
from coproduce.ui.exercises_page import ExercisesPage
from tests.services._room import make_room


def test_remove_asks_first_and_a_running_exercise_says_stop_it_first(
    qtbot: QtBot, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    errors: list[str] = []
    monkeypatch.setattr(exercises_page, "show_error", lambda _parent, err: errors.append(str(err)))
    page = ExercisesPage(engine, "facilitator", make_room(engine).workshop_id)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.add_from_template("carers-check")
    added = page.current()
    assert added is not None and page.order.count() == 2

    page.remove_button.click()
    assert page.remove_confirm.isVisible() and added.title in page.remove_question.text()
    assert page.order.count() == 2  # nothing removed yet
    assert page.focusWidget() is page.confirm_remove_button
    page.keep_button.click()
    assert not page.remove_confirm.isVisible() and page.order.count() == 2 and errors == []

    page.toggle_run()  # started by mistake
    page.remove_button.click()
    assert not page.remove_confirm.isVisible() and page.order.count() == 2
    assert len(errors) == 1 and "is running — stop it first" in errors[0] and "has been run" not in errors[0]

    page.toggle_run()
    page.add_from_template("carers-check")
    page.remove_button.click()
    page.confirm_remove_button.click()
    assert page.order.count() == 2 and len(errors) == 1
