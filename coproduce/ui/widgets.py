"""Small shared widgets: pages shown one at a time, sized by the page shown; the optional date and time
fields (in date_fields.py) that can be typed."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from coproduce.ui.date_fields import OptionalDateEdit, OptionalTimeEdit

__all__ = ["CurrentPageStack", "OptionalDateEdit", "OptionalTimeEdit"]


class CurrentPageStack(QWidget):
    """Pages of which one is shown, as tall as that page. (A QStackedWidget is as tall as its tallest page
    for height-for-width, so a short ballot scrolled because of the long results page beside it.)"""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current = -1
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> int:
        self._pages.append(page)
        self._layout.addWidget(page)
        if self._current < 0:
            self._current = 0
        page.setVisible(len(self._pages) - 1 == self._current)
        return len(self._pages) - 1

    def count(self) -> int:
        return len(self._pages)

    def widget(self, index: int) -> QWidget:
        return self._pages[index]

    def currentIndex(self) -> int:
        return self._current

    def currentWidget(self) -> QWidget | None:
        return self._pages[self._current] if self._current >= 0 else None

    def setCurrentIndex(self, index: int) -> None:
        if index == self._current or not 0 <= index < len(self._pages):
            return
        self._current = index
        for i, page in enumerate(self._pages):
            page.setVisible(i == index)

    def setCurrentWidget(self, page: QWidget) -> None:
        self.setCurrentIndex(self._pages.index(page))
