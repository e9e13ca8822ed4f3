"""With one screen the projector opens in front at a readable size and the facilitator is told where it went;
at that size the title, the whole prompt and some contributions all fit, nothing overlapping or cut."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.ui.exercises_page import ExercisesPage
from coproduce.ui.projector import ProjectorItem, ProjectorWindow, single_screen_geometry
from tests.services._room import make_room

PROMPT = (
    "Think about the last time you needed care or support for yourself or someone you look after. What "
    "helped, what got in the way, and what would you change so that people like you have a real say in "
    "decisions about care?"
)


def test_single_screen_size_is_sixty_percent_at_least_960_by_600() -> None:
    big = single_screen_geometry(QRect(0, 0, 2560, 1440))
    assert (big.width(), big.height()) == (1536, 864) and QRect(0, 0, 2560, 1440).contains(big)
    small = single_screen_geometry(QRect(0, 0, 1280, 800))
    assert (small.width(), small.height()) == (960, 600)
    tiny = single_screen_geometry(QRect(0, 0, 800, 600))
    assert QRect(0, 0, 800, 600).contains(tiny)


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no window raising
def test_show_projector_on_one_screen_says_where_it_went(qtbot: QtBot, engine: Engine) -> None:
    assert len(QGuiApplication.screens()) == 1
    page = ExercisesPage(engine, "facilitator", make_room(engine).workshop_id)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    assert not page.projector_status.isVisible()
    page.projector_button.setChecked(True)
    qtbot.waitExposed(page.projector)
    assert page.projector.isVisible() and not page.projector.isFullScreen()
    screen = QGuiApplication.primaryScreen().availableGeometry()
    assert page.projector.width() >= min(960, screen.width())
    assert page.projector.height() >= min(600, screen.height())
    assert page.projector_status.isVisible()
    assert "Projector window open — drag it to the projector screen" in page.projector_status.text()
    assert "Esc closes it" in page.projector_status.text()
    page.projector.close()
    assert not page.projector_status.isVisible() and not page.projector_button.isChecked()


@pytest.mark.parametrize("size", [(960, 600), (1280, 720), (1920, 1080)])
def test_title_prompt_and_contributions_fit_the_window(qtbot: QtBot, size: tuple[int, int]) -> None:
    projector = ProjectorWindow()
    qtbot.addWidget(projector)
    projector.resize(*size)
    items = [ProjectorItem(str(n), "Idea", f"Contribution number {n} about evening care") for n in range(8)]
    projector.show_exercise("What matters to me about care and support at home", PROMPT, items)
    projector.show()
    qtbot.waitExposed(projector)
    projector.fit_all()
    qtbot.wait(20)
    projector.fit_all()
    title, prompt = projector.title, projector.prompt
    assert title.geometry().bottom() < prompt.geometry().top()  # the title does not sit on the prompt
    assert prompt.height() >= prompt.heightForWidth(prompt.width())  # the whole prompt shows
    assert prompt.geometry().bottom() < projector.count.geometry().top()
    listing = projector.list
    shown = [listing.item(r) for r in range(listing.count()) if not listing.item(r).isHidden()]
    assert len(shown) >= 2  # contributions show, not just "8 contributions so far"
    assert all(listing.visualItemRect(i).bottom() < listing.viewport().height() for i in shown)
    assert prompt.height() <= 0.45 * projector.height()
