"""Reading and writing dates and times as people type them: "1 Dec 2026", "01/12/2026", "01122026",
"Tue 1 Dec 2026" or "1 Dec" (this year); "18:00", "1800", "18" or "6pm". Day and month order follow the
system's short date format. Used by the date and time fields (``date_fields``) and wherever a date is shown
as those fields show it."""

from __future__ import annotations

import datetime as dt
import re

from PySide6.QtCore import QDate, QLocale

DATE_FORMAT = "ddd d MMM yyyy"
TIME_FORMAT = "HH:mm"
_ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def format_date(value: dt.date) -> str:
    """A date as every date field shows it, e.g. "Tue 1 Dec 2026", in the system's language."""
    return QLocale().toString(QDate(value.year, value.month, value.day), DATE_FORMAT)


def _month_first() -> bool:
    """Whether the system's short date writes the month before the day (as in the United States)."""
    short = QLocale().dateFormat(QLocale.FormatType.ShortFormat).lower()
    return short.find("m") < short.find("d")


def _date(year: int, month: int, day: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(word: str) -> int | None:
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    for locale in (QLocale(), _ENGLISH):
        for month in range(1, 13):
            for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
                name = locale.monthName(month, form).lower().rstrip(".")
                if name == word or (len(word) >= 3 and name.startswith(word)):
                    return month
    return None


def parse_date(text: str, today: dt.date | None = None) -> dt.date | None:
    """The date a person typed, or None when it cannot be read. A missing year is this year."""
    today = today or dt.date.today()
    text = text.strip()
    if text.isdigit():
        if len(text) == 8:
            if text[:2] in ("19", "20") and (found := _date(int(text[:4]), int(text[4:6]), int(text[6:]))):
                return found
            a, b, year = int(text[:2]), int(text[2:4]), int(text[4:])
        elif len(text) == 6:
            a, b, year = int(text[:2]), int(text[2:4]), int(text[4:])
        elif len(text) == 4:
            a, b, year = int(text[:2]), int(text[2:]), today.year
        else:
            return None
        return _date(year, a, b) if _month_first() else _date(year, b, a)
    words = [w for w in re.split(r"[\s,/.\-]+", text) if w]
    numbers = [int(w) for w in words if w.isdigit()]
    names = [w for w in words if not w.isdigit()]
    if len(numbers) != len(words):  # a month name, perhaps a day's name too
        months = [m for m in (_month_number(w) for w in names) if m]
        if len(months) != 1 or not 1 <= len(numbers) <= 2:
            return None
        if len(names) - 1 > 1 or (len(names) == 2 and not _is_day_name(names[0])):
            return None
        day = numbers[0]
        year = numbers[1] if len(numbers) == 2 else today.year
        return _date(year, months[0], day)
    if len(numbers) == 3:
        if len(words[0]) == 4:
            return _date(numbers[0], numbers[1], numbers[2])
        a, b, year = numbers
    elif len(numbers) == 2:
        (a, b), year = numbers, today.year
    else:
        return None
    return _date(year, a, b) if _month_first() else _date(year, b, a)


def _is_day_name(word: str) -> bool:
    word = word.lower().rstrip(".")
    for locale in (QLocale(), _ENGLISH):
        for day in range(1, 8):
            for form in (QLocale.FormatType.LongFormat, QLocale.FormatType.ShortFormat):
                if locale.dayName(day, form).lower().rstrip(".").startswith(word):
                    return True
    return False


_TIME = re.compile(r"^(\d{1,2})(?:\s*[:.h]\s*(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.|a|p)?$", re.IGNORECASE)


def parse_time(text: str) -> dt.time | None:
    """The time a person typed ("18:00", "18.00", "1800", "18", "6pm", "6:30 pm"), or None."""
    text = text.strip().lower()
    if text.isdigit() and len(text) in (3, 4):
        text = f"{text[:-2]}:{text[-2:]}"
    match = _TIME.match(text)
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    suffix = (match.group(3) or "")[:1]
    if suffix:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if suffix == "p" else 0)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)
