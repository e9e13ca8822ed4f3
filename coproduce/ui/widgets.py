"""Small shared widgets: pages shown one at a time, sized by the page shown; optional date and time
editors, as wide as their text (stretched across a 1280-wide form, their arrows were far from the text)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QTime
from PySide6.QtWidgets import QDateEdit, QSizePolicy, QTimeEdit, QVBoxLayout, QWidget

_NO_DATE = QDate(2000, 1, 1)
_NO_TIME = QTime(0, 0)


class OptionalDateEdit(QDateEdit):
    """A date editor that can also say "Not set" (its minimum date stands for no date)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("ddd d MMM yyyy")
        self.setMinimumDate(_NO_DATE)
        self.setSpecialValueText(self.tr("Not set"))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        # the size hint left the last digit of "Wed 31 Mar 2027" under the calendar button
        widest = QDate(2027, 3, 31).toString(self.displayFormat())
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(widest + "  ") + 40)
        self.set_value(None)

    def value(self) -> dt.date | None:
        current = self.date()
        if current == _NO_DATE:
            return None
        return dt.date(current.year(), current.month(), current.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(QDate(value.year, value.month, value.day) if value else _NO_DATE)


class OptionalTimeEdit(QTimeEdit):
    """A time editor where 00:00 shows as "Not set" (no meeting starts at midnight)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setDisplayFormat("HH:mm")
        self.setMinimumTime(_NO_TIME)
        self.setSpecialValueText(self.tr("Not set"))
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.set_value(None)

    def value(self) -> dt.time | None:
        current = self.time()
        if current == _NO_TIME:
            return None
        return dt.time(current.hour(), current.minute())

    def set_value(self, value: dt.time | None) -> None:
        self.setTime(QTime(value.hour, value.minute) if value else _NO_TIME)


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
