"""The projector window: Esc closes it, Ctrl+B blanks it from the projector too, it has its own close
control, on one screen it opens as a readable window on that screen, and no contribution is cut mid-line."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from PySide6.QtCore import QRect, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.ui.exercises_page import ExercisesPage
from coproduce.ui.projector import ProjectorItem, ProjectorWindow, single_screen_geometry
from tests.services._room import make_room


@pytest.fixture
def page(qtbot: QtBot, engine: Engine) -> ExercisesPage:
    widget = ExercisesPage(engine, "facilitator", make_room(engine).workshop_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no window raising
def test_escape_closes_and_ctrl_b_blanks_from_the_projector(qtbot: QtBot, page: ExercisesPage) -> None:
    page.projector_button.setChecked(True)
    projector = page.projector
    qtbot.waitExposed(projector)
    qtbot.keyClick(projector, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert projector.blank and page.blank_button.isChecked() and projector.visible_text() == ""
    qtbot.keyClick(projector, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert not projector.blank and not page.blank_button.isChecked()
    qtbot.keyClick(projector, Qt.Key.Key_Escape)
    assert not projector.isVisible() and not page.projector_button.isChecked()
    page.projector_button.setChecked(True)
    projector.close_button.click()  # a close control in the window itself
    assert not projector.isVisible() and not page.projector_button.isChecked()


def test_one_screen_opens_a_readable_window_on_the_screen() -> None:
    screen = QRect(0, 0, 1280, 800)
    placed = single_screen_geometry(screen)
    assert screen.contains(placed) and placed.width() >= 960 and placed.height() >= 600


def test_no_contribution_is_cut_at_the_bottom(qtbot: QtBot) -> None:
    projector = ProjectorWindow()
    qtbot.addWidget(projector)
    projector.resize(900, 600)
    projector.show()
    qtbot.waitExposed(projector)
    words = "We need somewhere to go in the evening that is not A and E, and a bus that gets there"
    projector.show_exercise("What matters to me", "Think about the care and support you need.", [])
    for n in range(12):
        projector.add_item(ProjectorItem(str(n), "Idea", f"{n}: {words}"))
    projector.fit_list()
    listing, height = projector.list, projector.list.viewport().height()
    shown = [listing.item(r) for r in range(listing.count()) if not listing.item(r).isHidden()]
    assert shown and len(shown) < listing.count()  # some left off ...
    assert all(listing.visualItemRect(item).bottom() < height for item in shown)  # ... none cut
    assert shown[0].text().startswith("Idea: 11:")  # the newest stays at the top
    projector.resize(900, 1000)
    projector.fit_list()
    assert sum(not listing.item(r).isHidden() for r in range(listing.count())) > len(shown)
