"""Optional date and time fields that can be typed: one text box each (one Tab stop), read when Enter is
pressed or focus leaves. "1 Dec 2026", "01/12/2026", "01122026", "Tue 1 Dec 2026" or "1 Dec" are dates;
"18:00", "1800", "18" or "6pm" are times. An empty box is "Not set" (its clear button, or Delete on the
whole text, empties it). A date's calendar button (or Alt+Down) opens a calendar at the date shown, or at
today's month when none is set. Up and Down step a day, or a quarter of an hour. (A QDateEdit took four
Tab presses, typed into one section at a time and opened its calendar at its minimum date, January 2000,
which stood for "Not set".)"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, Qt, QTime, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from coproduce.ui.date_text import DATE_FORMAT, TIME_FORMAT, format_date, parse_date, parse_time

__all__ = [
    "DATE_FORMAT",
    "TIME_FORMAT",
    "OptionalDateEdit",
    "OptionalTimeEdit",
    "first_unreadable",
    "format_date",
    "parse_date",
    "parse_time",
]


class _OptionalField(QWidget):
    """A text box holding a value or nothing; subclasses say how to read and write the text."""

    value_changed = Signal(object)
    unreadable = Signal(str)  # the text on screen could not be read: the value held is the last good one

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._value: dt.date | dt.time | None = None
        self.problem = QLabel(self.tr("Not understood"))
        self.problem.setStyleSheet("color: #8a1c1c; font-weight: 600;")
        self.problem.hide()
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Not set"))
        self.edit.setClearButtonEnabled(True)
        self.edit.editingFinished.connect(self._read_text)
        self.edit.textChanged.connect(self._text_changed)
        self.edit.installEventFilter(self)
        self.setFocusProxy(self.edit)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(2)
        self._layout.addWidget(self.edit)
        self._layout.addWidget(self.problem)
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def add_trailing(self, widget: QWidget) -> None:
        """Put ``widget`` after the text box, before the "Not understood" note."""
        self._layout.addWidget(widget)
        self._layout.removeWidget(self.problem)
        self._layout.addWidget(self.problem)

    # -- for subclasses
    def _parse(self, text: str) -> dt.date | dt.time | None:
        raise NotImplementedError

    def _format(self, value: dt.date | dt.time) -> str:
        raise NotImplementedError

    def _hint(self) -> str:
        raise NotImplementedError

    def _stepped(self, value: dt.date | dt.time | None, steps: int) -> dt.date | dt.time:
        raise NotImplementedError

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down step the value (a day, or a quarter of an hour), as a date or time editor's did."""
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)
            if plain and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not self.isReadOnly():
                self._read_text()
                if self.is_valid():
                    self._store(self._stepped(self._value, 1 if event.key() == Qt.Key.Key_Up else -1))
                    self.edit.selectAll()
                return True
        return super().eventFilter(watched, event)

    def _emit(self) -> None:
        self.value_changed.emit(self._value)

    # -- the public face
    def text(self) -> str:
        return self.edit.text() or self.edit.placeholderText()

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)

    def setReadOnly(self, read_only: bool) -> None:
        self.edit.setReadOnly(read_only)
        self.edit.setClearButtonEnabled(not read_only)

    def isReadOnly(self) -> bool:
        return self.edit.isReadOnly()

    def changeEvent(self, event: QEvent) -> None:
        """A field that cannot be changed (disabled or read-only) shows no clear button."""
        if event.type() == QEvent.Type.EnabledChange:
            self.edit.setClearButtonEnabled(self.isEnabled() and not self.isReadOnly())
        super().changeEvent(event)

    def is_valid(self) -> bool:
        """Whether the text on screen is the value held (False while it shows something unreadable)."""
        self.sync()
        return not self.edit.property("invalid")

    def sync(self) -> None:
        """Read what is typed now, even if Enter was not pressed and the focus has not left (a shortcut on a
        button, for instance, reads the field without taking the focus from it)."""
        held = self._format(self._value) if self._value is not None else ""
        if self.edit.text().strip() != held:
            self._read_text()

    def _store(self, value: dt.date | dt.time | None) -> None:
        self._mark_invalid(False)
        text = self._format(value) if value is not None else ""
        if (
            self.edit.text() != text
        ):  # signals not blocked: the line edit shows its clear button on textChanged
            self.edit.setText(text)
        if value != self._value:
            self._value = value
            self._emit()

    def _read_text(self) -> None:
        text = self.edit.text().strip()
        if not text:
            self._store(None)
            return
        value = self._parse(text)
        if value is None:
            self._mark_invalid(True)
        else:
            self._store(value)

    def _text_changed(self, text: str) -> None:
        if not text:  # the clear button, or the whole text deleted: "Not set" at once
            self._store(None)

    def _mark_invalid(self, invalid: bool) -> None:
        was = bool(self.edit.property("invalid"))
        self.problem.setVisible(invalid)
        self.edit.setProperty("invalid", invalid)
        self.edit.setStyleSheet("QLineEdit { border: 2px solid #8a1c1c; }" if invalid else "")
        hint = self._hint()
        self.edit.setToolTip(self.tr("Not understood. {hint}").format(hint=hint) if invalid else hint)
        self.edit.setAccessibleDescription(self.edit.toolTip())
        self.problem.setToolTip(self.edit.toolTip())
        if invalid and not was:
            self.unreadable.emit(self.edit.text())


class OptionalDateEdit(_OptionalField):
    """A date typed or chosen from a calendar, or "Not set"."""

    dateChanged = Signal(QDate)  # noqa: N815 - the name QDateEdit used

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = QToolButton()
        self.button.setArrowType(Qt.ArrowType.DownArrow)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.button.setToolTip(self.tr("Choose from a calendar (Alt+Down)"))
        self.button.setAccessibleName(self.tr("Choose from a calendar"))
        self.button.clicked.connect(self.show_calendar)
        self.add_trailing(self.button)
        self.calendar = QCalendarWidget(self)
        self.calendar.setWindowFlags(Qt.WindowType.Popup)
        self.calendar.setGridVisible(True)
        self.calendar.clicked.connect(self._picked)
        self.calendar.activated.connect(self._picked)
        # room for the widest date, "Wed 31 Mar 2027", beside the clear button
        widest = format_date(dt.date(2027, 3, 31))
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(widest) + 48)
        self._mark_invalid(False)

    def _parse(self, text: str) -> dt.date | None:
        return parse_date(text)

    def _format(self, value: dt.date | dt.time) -> str:
        assert isinstance(value, dt.date)
        return format_date(value)

    def _hint(self) -> str:
        return self.tr(
            "Type a date such as 1 Dec 2026 or 01/12/2026, or press Alt+Down for a calendar; "
            "delete the text to leave it not set"
        )

    def _emit(self) -> None:
        super()._emit()
        value = self.value()
        self.dateChanged.emit(QDate(value.year, value.month, value.day) if value else QDate())

    def _stepped(self, value: dt.date | dt.time | None, steps: int) -> dt.date:
        """A day on or back; an unset date starts at today."""
        if not isinstance(value, dt.date):
            return dt.date.today()
        return value + dt.timedelta(days=steps)

    def value(self) -> dt.date | None:
        return self._value if isinstance(self._value, dt.date) else None

    def set_value(self, value: dt.date | None) -> None:
        self._store(value)

    def setReadOnly(self, read_only: bool) -> None:
        super().setReadOnly(read_only)
        self.button.setEnabled(not read_only)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            alt_down = event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
            if (alt_down or event.key() == Qt.Key.Key_F4) and not self.isReadOnly():
                self.show_calendar()
                return True
        return super().eventFilter(watched, event)

    def show_calendar(self) -> None:
        """Open the calendar at the date shown, or at today's month when none is set."""
        self._read_text()
        shown = self.value() or dt.date.today()
        self.calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        self.calendar.setCurrentPage(shown.year, shown.month)
        self.calendar.adjustSize()
        self.calendar.move(self.mapToGlobal(QPoint(0, self.height())))
        self.calendar.show()
        self.calendar.setFocus()

    def _picked(self, date: QDate) -> None:
        self.calendar.hide()
        self.set_value(dt.date(date.year(), date.month(), date.day()))
        self.edit.setFocus()


class OptionalTimeEdit(_OptionalField):
    """A time typed as 18:00 (or 1800, 6pm), or "Not set"."""

    timeChanged = Signal(QTime)  # noqa: N815 - the name QTimeEdit used

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(self.tr("Not set")) + 48)
        self._mark_invalid(False)

    def _parse(self, text: str) -> dt.time | None:
        return parse_time(text)

    def _format(self, value: dt.date | dt.time) -> str:
        assert isinstance(value, dt.time)
        return QLocale().toString(QTime(value.hour, value.minute), TIME_FORMAT)

    def _hint(self) -> str:
        return self.tr("Type a time such as 18:00 or 6pm; delete the text to leave it not set")

    def _emit(self) -> None:
        super()._emit()
        value = self.value()
        self.timeChanged.emit(QTime(value.hour, value.minute) if value else QTime())

    def _stepped(self, value: dt.date | dt.time | None, steps: int) -> dt.time:
        """A quarter of an hour on or back, to the quarter; an unset time starts at 09:00."""
        if not isinstance(value, dt.time):
            return dt.time(9, 0)
        minutes = value.hour * 60 + value.minute
        if minutes % 15:  # 10:07 goes up to 10:15, down to 10:00
            minutes = (minutes // 15 + (1 if steps > 0 else 0)) * 15
        else:
            minutes += 15 * steps
        minutes %= 24 * 60
        return dt.time(minutes // 60, minutes % 60)

    def value(self) -> dt.time | None:
        return self._value if isinstance(self._value, dt.time) else None

    def set_value(self, value: dt.time | None) -> None:
        self._store(value)


def first_unreadable(root: QWidget, *, read_now: bool = True) -> _OptionalField | None:
    """The first date or time field under ``root`` whose text could not be read, if any. With ``read_now``
    each field first reads what is typed in it now (call it so before saving the fields' values); without,
    it only reports what the fields already said (for a check while someone may still be typing)."""
    for field in root.findChildren(_OptionalField):
        if (not field.is_valid()) if read_now else field.edit.property("invalid"):
            return field
    return None
