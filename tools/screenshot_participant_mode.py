"""Screenshots of participant mode for docs/screenshots (run under a real X server, e.g. Xvfb at 1280x800).

.venv/bin/coproduce --data-dir /tmp/h7 demo
Xvfb :97 -screen 0 1280x800x24 &
DISPLAY=:97 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_participant_mode.py /tmp/h7 docs/screenshots
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from coproduce.paths import DataPaths
from coproduce.services import exercises, votes, workshops
from coproduce.storage.database import open_database
from coproduce.ui.app import make_application
from coproduce.ui.participant_mode.accessibility import Look, WrapButton
from coproduce.ui.participant_mode.window import ParticipantModeWindow


def main(data_dir: str, out_dir: str) -> None:
    app = make_application(sys.argv[:1])
    out = Path(out_dir)
    db = open_database(DataPaths(Path(data_dir)))
    engine = db.engine
    workshop_id = next(w.id for w in workshops.list_workshops(engine) if "urgent care" in w.title)
    exercise_id = exercises.list_exercises(engine, workshop_id)[0].id
    vote_id = next((v.id for v in votes.list_votes(engine, workshop_id) if v.status == "open"), None)
    if vote_id is None:  # the demo's votes are closed: add an open one to show
        options = [
            votes.OptionInput("A walk-in service open until 10 pm"),
            votes.OptionInput("Booked urgent appointments through NHS 111, same day"),
            votes.OptionInput("A community hub with a GP, pharmacy and carers' support under one roof"),
        ]
        vote_id = votes.create_vote(engine, "demo", workshop_id, "Which should come first?", "dots", options)

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
            app.processEvents()

    def shoot(name: str, look: Look, presses: list[str], *, vote: bool = False) -> None:
        mode = ParticipantModeWindow(
            engine,
            "demo",
            workshop_id,
            look=look,
            exercise_id=None if vote else exercise_id,
            vote_id=vote_id if vote else None,
        )
        mode.start(fullscreen=True)
        settle()
        for words in presses:
            next(b for b in mode.findChildren(WrapButton) if b.isVisible() and words in b.words()).click()
            settle()
        mode.grab().save(str(out / name))
        mode.unlock()
        settle()

    shoot("participant-mode.png", Look(100), ["Stay anonymous", "Write my answer", "What works"])
    shoot("participant-mode-200.png", Look(200), ["Stay anonymous", "Easy Read"])
    shoot(
        "participant-mode-contrast.png",
        Look(125, True),
        ["pick my name", "Priya Shah", "Add a dot"],
        vote=True,
    )
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
