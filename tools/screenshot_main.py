"""Screenshots of the workshop list, the Overview, Participants, Reach and Record for docs/screenshots.

Run under a real X server at 1280x800 (Xvfb). The script adds a second, planned workshop beside the demo if
there is none yet, so use a throw-away data folder:

.venv/bin/coproduce --data-dir /tmp/h6 demo
Xvfb :96 -screen 0 1280x800x24 &
DISPLAY=:96 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_main.py /tmp/h6 docs/screenshots
"""

from __future__ import annotations

import datetime as dt
import sys

from _shots import open_shots
from PySide6.QtCore import QCoreApplication

from coproduce.services import workshops
from coproduce.ui.participants_section import ParticipantsSection

SECOND_TITLE = "Carers' breaks: what would help?"


def main(data_dir: str, out_dir: str) -> None:
    shots = open_shots(data_dir, out_dir)
    db, out, settle = shots.db, shots.out, shots.settle
    engine = db.engine
    listed = workshops.list_workshops(engine)
    workshop_id = shots.demo_workshop_id()
    if not any(w.title == SECOND_TITLE for w in listed):
        workshops.create_workshop(
            engine,
            "demo",
            SECOND_TITLE,
            place="Eastleigh",
            venue="Eastleigh Library, community room",
            date=dt.date(2027, 1, 21),
            start_time=dt.time(10, 30),
            end_time=dt.time(12, 30),
            question="How should short breaks for unpaid carers be offered in Eastleigh?",
            influence="coproduce",
        )

    window = shots.main_window()
    window.refresh()
    window.list_page.select_id(workshop_id)
    settle()
    window.grab().save(str(out / "workshops.png"))

    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    settle()
    window.grab().save(str(out / "overview.png"))

    view.show_section(QCoreApplication.translate("WorkshopView", "Participants"))
    settle()
    window.grab().save(str(out / "participants.png"))
    section = view.pages.currentWidget()
    assert isinstance(section, ParticipantsSection)
    section.tabs.setCurrentWidget(section.reach)
    settle()
    window.grab().save(str(out / "reach.png"))

    view.show_section(QCoreApplication.translate("WorkshopView", "Record"))
    settle()
    window.grab().save(str(out / "record.png"))
    window.close()
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
