"""The custom exercise dialog: the time box keeps its own size (Show hidden is in test_exercises_columns)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from coproduce.services.exercises import ExerciseInput
from coproduce.ui.exercise_dialog import ExerciseDialog


def test_time_box_does_not_stretch_across_the_dialog(qtbot: QtBot) -> None:
    dialog = ExerciseDialog(ExerciseInput(title="", principle=2, kinds=["idea"]), "Write your own exercise")
    qtbot.addWidget(dialog)
    dialog.resize(900, 600)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.time_box.width() < dialog.title.width() / 3
    labels = [w for w in dialog.findChildren(QLabel) if w.buddy() is dialog.time_box]
    assert labels and "&b" in labels[0].text()  # Alt+B still reaches it
