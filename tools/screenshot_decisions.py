"""Screenshots of the Decisions section for docs/screenshots (run under a real X server, e.g. Xvfb 1280x800):
votes.png (a closed ranking's results, overall and by role), decision.png (the decision that goes against the
room's ranking, with the gate's reason), outcomes.png ("You said, we did" for the ideas exercise) and
readiness.png (Ready to sign).

.venv/bin/coproduce --data-dir /tmp/h5 demo
Xvfb :95 -screen 0 1280x800x24 &
DISPLAY=:95 QT_QPA_PLATFORM=xcb .venv/bin/python tools/screenshot_decisions.py /tmp/h5 docs/screenshots
"""

from __future__ import annotations

import sys

from _shots import open_shots
from PySide6.QtCore import QCoreApplication

from coproduce.services import decisions, exercises, votes
from coproduce.ui.decisions_page import DecisionsPage


def main(data_dir: str, out_dir: str) -> None:
    shots = open_shots(data_dir, out_dir)
    db, out, settle = shots.db, shots.out, shots.settle
    engine = db.engine
    workshop_id = shots.demo_workshop_id()
    window = shots.main_window()
    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    settle()

    ranking = next(v for v in votes.list_votes(engine, workshop_id) if v.method == "ranking")
    page.tabs.setCurrentWidget(page.votes)
    page.votes.select_vote(ranking.id)
    settle()
    window.grab().save(str(out / "votes.png"))
    # the same with every group shown, as the facilitator may see it (never on the projector)
    page.votes.results.show_all.setChecked(True)
    settle()
    page.votes.bottom_scroll.ensureWidgetVisible(page.votes.results.show_all)
    settle()
    window.grab().save(str(out / "votes-by-role.png"))

    divergent = next(
        d for d in decisions.list_decisions(engine, workshop_id) if decisions.divergences(engine, d.id)
    )
    page.tabs.setCurrentWidget(page.decisions)
    page.decisions.select(divergent.id)
    settle()
    window.grab().save(str(out / "decision.png"))

    outcomes_view = page.outcomes
    page.tabs.setCurrentWidget(outcomes_view)
    ideas = next(e for e in exercises.list_exercises(engine, workshop_id) if e.title.startswith("Ideas"))
    outcomes_view.show_exercise.setCurrentIndex(outcomes_view.show_exercise.findData(ideas.title))
    settle()
    with_reason = next(r for r in outcomes_view.model.rows() if r.exercise == ideas.title and r.reason)
    outcomes_view.select(with_reason.target_kind, with_reason.target_id)
    settle()
    window.grab().save(str(out / "outcomes.png"))

    page.tabs.setCurrentWidget(page.readiness)
    settle()
    window.grab().save(str(out / "readiness.png"))
    window.close()
    db.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
