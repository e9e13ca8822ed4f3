"""Text in any script people write in shows on screen, not as empty boxes."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from coproduce.ui.app import make_application


def test_the_bundled_fonts_serve_the_screen_for_every_script(qtbot: QtBot) -> None:
    app = make_application([])
    assert isinstance(app, QApplication)
    make_application([])  # a second call adds nothing twice
    families = QFontDatabase.families()
    assert families.count("Noto Sans Bengali") == 1
    samples = {
        "Noto Sans Bengali": "আমার মা",
        "Noto Sans Gujarati": "મારી માતા",
        "Amiri": "رعاية عاجلة",
        "Coproduce Hangul": "한국어로 말해요",
    }
    for family, text in samples.items():
        assert family in families
        font = QFont(family, 12)
        font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)  # the font itself, not a fallback
        metrics = QFontMetrics(font)
        assert all(metrics.inFontUcs4(ord(char)) for char in text if not char.isspace()), family
