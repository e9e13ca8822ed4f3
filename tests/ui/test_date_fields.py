"""Dates and times can be typed into an unset field, the calendar opens at today's month, Tab leaves the
field in one press, and a field can be cleared back to "Not set"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QFormLayout, QLineEdit, QToolButton, QWidget
from pytestqt.qtbot import QtBot

from coproduce.ui.date_fields import parse_date, parse_time
from coproduce.ui.widgets import OptionalDateEdit, OptionalTimeEdit


@pytest.fixture(autouse=True)
def _british_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def form(qtbot: QtBot) -> tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]:
    host = QWidget()
    layout = QFormLayout(host)
    date, time, after = OptionalDateEdit(), OptionalTimeEdit(), QLineEdit()
    layout.addRow("Date", date)
    layout.addRow("Time", time)
    layout.addRow("After", after)
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    return host, date, time, after


@pytest.mark.parametrize(
    "typed", ["1 Dec 2026", "01/12/2026", "01122026", "Tue 1 Dec 2026", "1 December 2026"]
)
def test_typing_a_date_into_an_unset_field_sets_it(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit], typed: str
) -> None:
    _, date, _, _ = form
    assert date.value() is None and date.text() == "Not set"
    changes: list[object] = []
    date.dateChanged.connect(changes.append)
    date.setFocus()
    qtbot.keyClicks(date.edit, typed)
    qtbot.keyClick(date.edit, Qt.Key.Key_Return)
    assert date.value() == dt.date(2026, 12, 1)
    assert date.edit.text() == "Tue 1 Dec 2026"
    assert len(changes) == 1


def test_typing_a_time_into_an_unset_field_sets_it(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, _, time, _ = form
    assert time.value() is None
    changes: list[object] = []
    time.timeChanged.connect(changes.append)
    qtbot.keyClicks(time.edit, "18:00")
    qtbot.keyClick(time.edit, Qt.Key.Key_Return)
    assert time.value() == dt.time(18, 0) and time.edit.text() == "18:00" and len(changes) == 1
    time.edit.selectAll()
    qtbot.keyClicks(time.edit, "6:30pm")
    qtbot.keyClick(time.edit, Qt.Key.Key_Return)
    assert time.value() == dt.time(18, 30)


def test_tab_leaves_each_field_in_one_press_and_reads_what_was_typed(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, date, time, after = form
    date.setFocus()
    qtbot.waitUntil(date.edit.hasFocus)
    qtbot.keyClicks(date.edit, "1 Dec 2026")
    qtbot.keyClick(date.edit, Qt.Key.Key_Tab)
    assert time.edit.hasFocus()
    assert date.value() == dt.date(2026, 12, 1)
    qtbot.keyClick(time.edit, Qt.Key.Key_Tab)
    assert after.hasFocus()


def test_clearing_the_whole_text_goes_back_to_not_set(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, date, time, _ = form
    date.set_value(dt.date(2026, 12, 1))
    time.set_value(dt.time(18, 0))
    date.edit.selectAll()
    qtbot.keyClick(date.edit, Qt.Key.Key_Delete)
    time.edit.selectAll()
    qtbot.keyClick(time.edit, Qt.Key.Key_Backspace)
    assert date.value() is None and time.value() is None
    assert date.text() == "Not set" and time.text() == "Not set"
    # the line edit's own clear button (shown once there is text) does the same
    date.set_value(dt.date(2026, 12, 1))
    [clear] = date.edit.findChildren(QToolButton)
    assert clear.isVisible()
    qtbot.mouseClick(clear, Qt.MouseButton.LeftButton)
    assert date.value() is None


def test_unreadable_text_is_marked_and_keeps_the_last_value(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, date, _, _ = form
    date.set_value(dt.date(2026, 12, 1))
    date.edit.selectAll()
    qtbot.keyClicks(date.edit, "31 Feb")
    qtbot.keyClick(date.edit, Qt.Key.Key_Return)
    assert not date.is_valid() and "Not understood" in date.edit.toolTip()
    assert date.value() == dt.date(2026, 12, 1)
    date.set_value(None)
    assert date.is_valid()


@pytest.mark.qt_log_ignore("This plugin does not support")  # a popup under the offscreen platform
def test_the_calendar_of_an_unset_date_opens_at_today_and_picks_a_date(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, date, _, _ = form
    qtbot.mouseClick(date.button, Qt.MouseButton.LeftButton)
    today = dt.date.today()
    assert date.calendar.isVisible()
    assert (date.calendar.yearShown(), date.calendar.monthShown()) == (today.year, today.month)
    date.calendar.clicked.emit(date.calendar.selectedDate().addDays(3))
    assert not date.calendar.isVisible()
    assert date.value() == today + dt.timedelta(days=3)
    # a set date opens its own month
    date.set_value(dt.date(2027, 3, 31))
    qtbot.keyClick(date.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert (date.calendar.yearShown(), date.calendar.monthShown()) == (2027, 3)
    date.calendar.hide()


def test_read_only_and_parsing_rules() -> None:
    today = dt.date(2026, 11, 30)
    assert parse_date("1 Dec", today) == dt.date(2026, 12, 1)
    assert parse_date("2026-12-01", today) == dt.date(2026, 12, 1)
    assert parse_date("1/12/26", today) == dt.date(2026, 12, 1)
    assert parse_date("Dec 1 2026", today) == dt.date(2026, 12, 1)
    assert parse_date("soon", today) is None and parse_date("32/1/2026", today) is None
    assert parse_time("1800") == dt.time(18) and parse_time("9") == dt.time(9)
    assert parse_time("18.30") == dt.time(18, 30) and parse_time("12am") == dt.time(0)
    assert parse_time("25:00") is None and parse_time("13pm") is None
    field = OptionalDateEdit()
    field.setReadOnly(True)
    assert field.isReadOnly() and not field.button.isEnabled()
    field.deleteLater()


def test_up_and_down_step_the_value(
    qtbot: QtBot, form: tuple[QWidget, OptionalDateEdit, OptionalTimeEdit, QLineEdit]
) -> None:
    _, date, time, _ = form
    qtbot.keyClick(date.edit, Qt.Key.Key_Up)
    assert date.value() == dt.date.today()
    qtbot.keyClick(date.edit, Qt.Key.Key_Up)
    assert date.value() == dt.date.today() + dt.timedelta(days=1)
    qtbot.keyClick(time.edit, Qt.Key.Key_Down)
    assert time.value() == dt.time(9, 0)
    qtbot.keyClick(time.edit, Qt.Key.Key_Down)
    assert time.value() == dt.time(8, 45)
    time.set_value(dt.time(10, 7))
    qtbot.keyClick(time.edit, Qt.Key.Key_Up)
    assert time.value() == dt.time(10, 15)
    time.edit.selectAll()
    qtbot.keyClicks(time.edit, "17:50")
    qtbot.keyClick(time.edit, Qt.Key.Key_Down)  # what was typed counts first
    assert time.value() == dt.time(17, 45)
