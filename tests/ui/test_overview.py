from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import demo, workshops
from coproduce.ui.main_window import MainWindow
from coproduce.ui.overview_page import OverviewPage


def _overview(window: MainWindow) -> OverviewPage:
    assert window.workshop_view is not None
    page = window.workshop_view.pages.widget(0)
    assert isinstance(page, OverviewPage)
    return page


def test_overview_shows_the_demo_and_saves_edits_as_you_type(
    qtbot: QtBot, window: MainWindow, engine: Engine, tmp_path: Path
) -> None:
    workshop_id = demo.create_demo(engine)
    window.refresh()
    window.open_workshop(workshop_id)
    page = _overview(window)
    assert page.title.text() == "The future of urgent care in Southampton"
    assert page.date.value() == dt.date(2026, 11, 14)
    assert page.influence.currentData() == "involve"
    assert page.facilitators.table.rowCount() == 2 and page.documents.table.rowCount() == 3
    assert "21 days of notice" in page.notice_hint.text()

    page.venue.selectAll()
    qtbot.keyClicks(page.venue, "Civic Centre, Room 3")
    page.proposal_status.setCurrentIndex(page.proposal_status.findData("preferred_option"))
    assert page.preferred.isEnabled()
    qtbot.keyClicks(page.preferred, "Option C: community hubs")
    qtbot.waitUntil(lambda: page.state.text() == "All changes saved", timeout=5000)
    w = workshops.get_workshop(engine, workshop_id).workshop
    assert (w.venue, w.proposal_status, w.preferred_option) == (
        "Civic Centre, Room 3",
        "preferred_option",
        "Option C: community hubs",
    )

    # an invalid edit is not saved, is explained, and the typed text stays on screen
    page.end.set_value(dt.time(9, 0))
    qtbot.waitUntil(lambda: page.banner.isVisible(), timeout=5000)
    assert "end time must be after" in page.banner.text()
    assert workshops.get_workshop(engine, workshop_id).workshop.end_time == dt.time(13, 0)

    paper = tmp_path / "leaflet.pdf"
    paper.write_bytes(b"leaflet")
    page.documents.add_file(paper, "Leaflet handed out")
    assert page.documents.table.rowCount() == 4
    assert len(workshops.get_workshop(engine, workshop_id).documents) == 4


def test_editing_a_facilitator_in_the_table_is_saved(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Small one")
    window.open_workshop(workshop_id)
    box = _overview(window).facilitators
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    item = box.table.item(0, 0)
    assert item is not None
    item.setText("Grace Adeyemi")
    org = box.table.item(0, 1)
    assert org is not None
    org.setText("Healthwatch Hampshire")
    [lead] = workshops.get_workshop(engine, workshop_id).facilitators
    assert (lead.name, lead.organisation, lead.is_lead) == ("Grace Adeyemi", "Healthwatch Hampshire", True)
