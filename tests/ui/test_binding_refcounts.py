"""The Qt binding must not leak or drop references to Python's singletons.

PySide6 6.12.0 under Python 3.11 drops one reference to ``None`` on every Qt call that returns nothing; after
some tens of thousands of calls (a few minutes of a meeting) the interpreter aborts with "Fatal Python error:
none_dealloc". pyproject.toml keeps PySide6 below 6.12; this test catches any version that does it again.
"""

from __future__ import annotations

import sys

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


def test_qt_calls_keep_none_and_bools_referenced(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    singletons = (("None", None), ("True", True), ("False", False))
    before = {name: sys.getrefcount(value) for name, value in singletons}
    for n in range(2000):
        label.setText(str(n))  # returns nothing
        label.setVisible(False)
        label.isVisible()  # returns a bool
    after = {name: sys.getrefcount(value) for name, value in singletons}
    for name, count in before.items():
        # other code may create or drop a handful of references meanwhile; 2,000 calls would show as thousands
        assert abs(after[name] - count) < 500, f"{name}: {count} references before, {after[name]} after"
