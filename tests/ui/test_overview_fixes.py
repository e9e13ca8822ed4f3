"""Overview: a document's title can be edited (its fingerprint stays), the heading writes the date as the
date fields do, the notice hint says which date is missing, and a date typed into the form is saved."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import workshops
from coproduce.ui.main_window import MainWindow
from coproduce.ui.overview_page import OverviewPage


@pytest.fixture(autouse=True)
def _british_locale() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def _overview(window: MainWindow) -> OverviewPage:
    assert window.workshop_view is not None
    page = window.workshop_view.pages.widget(0)
    assert isinstance(page, OverviewPage)
    return page


def test_a_documents_title_can_be_edited_and_keeps_its_fingerprint(
    qtbot: QtBot, window: MainWindow, engine: Engine, tmp_path: Path
) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Docs")
    window.open_workshop(workshop_id)
    box = _overview(window).documents
    paper = tmp_path / "scan_0042.pdf"
    paper.write_bytes(b"leaflet")
    box.add_file(paper)
    [before] = workshops.get_workshop(engine, workshop_id).documents
    file_item = box.table.item(0, 1)
    assert file_item is not None and not file_item.flags() & Qt.ItemFlag.ItemIsEditable

    box.table.setCurrentCell(0, 0)
    qtbot.mouseClick(box.rename_button, Qt.MouseButton.LeftButton)
    assert box.table.state() == box.table.State.EditingState
    title = box.table.item(0, 0)
    assert title is not None
    title.setText("  Leaflet: the three options ")
    qtbot.waitUntil(
        lambda: (t := box.table.item(0, 0)) is not None and t.text() == "Leaflet: the three options"
    )
    [after] = workshops.get_workshop(engine, workshop_id).documents
    assert after.title == "Leaflet: the three options" and after.sha256 == before.sha256

    # an empty title is refused, explained, and the recorded title comes back
    page = _overview(window)
    title = box.table.item(0, 0)
    assert title is not None
    title.setText("")
    qtbot.waitUntil(
        lambda: (t := box.table.item(0, 0)) is not None and t.text() == "Leaflet: the three options"
    )
    assert page.banner.isVisible() and "title" in page.banner.text().lower()


def test_heading_date_matches_the_fields_and_the_notice_hint_names_the_missing_date(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Urgent care", date=dt.date(2026, 12, 1))
    window.open_workshop(workshop_id)
    assert window.workshop_view is not None
    page = _overview(window)
    assert window.workshop_view.heading.text().endswith("Tue 1 Dec 2026")
    assert page.date.text() == "Tue 1 Dec 2026"
    assert "date the notice was given" in page.notice_hint.text()

    page.date.set_value(None)
    page.notice.setFocus()
    qtbot.keyClicks(page.notice.edit, "10/11/2026")
    qtbot.keyClick(page.notice.edit, Qt.Key.Key_Tab)
    assert page.notice.value() == dt.date(2026, 11, 10)
    assert "workshop's date" in page.notice_hint.text()

    qtbot.keyClicks(page.date.edit, "01122026")
    qtbot.keyClick(page.date.edit, Qt.Key.Key_Return)
    assert page.notice_hint.text() == "21 days of notice before the workshop"
    qtbot.waitUntil(lambda: page.state.text() == "All changes saved", timeout=5000)
    saved = workshops.get_workshop(engine, workshop_id).workshop
    assert (saved.date, saved.notice_given) == (dt.date(2026, 12, 1), dt.date(2026, 11, 10))
    assert window.workshop_view.heading.text().endswith("Tue 1 Dec 2026")
