"""Screenshots of the Exercises section for docs/screenshots (run under a real X server, e.g. Xvfb 1280x800).

.venv/bin/coproduce --data-dir /tmp/h4 demo
Xvfb :94 -screen 0 1280x800x24 &
DISPLAY=:94 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_exercises.py /tmp/h4 docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from _shots import open_shots
from PySide6.QtCore import QCoreApplication

from coproduce.ui.exercises_page import ExercisesPage


def main(data_dir: str, out_dir: str) -> None:
    shots = open_shots(data_dir, out_dir)
    app, db, out, settle = shots.app, shots.db, shots.out, shots.settle
    workshop_id = shots.demo_workshop_id()
    window = shots.main_window()
    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    view.show_section(QCoreApplication.translate("WorkshopView", "Exercises"))
    page = view.pages.currentWidget()
    assert isinstance(page, ExercisesPage)
    page.order.setCurrentRow(1)  # Ideas and priorities
    settle()
    page.capture.text.setFocus()
    page.capture.text.setText("A minor injuries clinic at the Bitterne health centre on Saturdays")
    page.capture.pick_kind(1)
    settle()
    window.grab().save(str(out / "capture.png"))

    page.tabs.setCurrentWidget(page.contributions)
    themes = page.contributions.filters["exercise_id"]
    themes.setCurrentIndex(themes.findData(page.exercises[1].id))
    settle()
    page.contributions.select_ids(
        [r.id for r in page.model.rows if r.exercise_id == page.exercises[1].id][:2]
    )
    settle()
    window.grab().save(str(out / "themes.png"))

    page.projector.resize(1280, 720)  # as on a second screen (full screen there)
    page.projector.show()
    settle()
    page.projector.set_countdown("12:40 left")
    page.projector.fit_list()
    settle()
    page.projector.grab().save(str(out / "projector.png"))
    page.projector.hide()
    if len(sys.argv) > 3:  # one screen: where the projector window opens, beside the facilitator's window
        page.projector_button.setChecked(True)
        settle()
        app.primaryScreen().grabWindow(0).save(str(Path(sys.argv[3]) / "projector_one_screen.png"))
        page.projector_button.setChecked(False)
    window.close()
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
