"""After grouping contributions into a theme, the short columns still fit their content (Kind, How it came in)
and only the widest are narrowed; the words keep at least 45% of the width."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, contributions, exercises, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.ui.contributions_model import ContributionTableModel as M
from coproduce.ui.contributions_model import share_widths
from coproduce.ui.exercises_page import ExercisesPage

WORDS = "Being seen the same day by someone who knows my history, without repeating it all again"


def test_share_widths_keeps_the_narrow_and_cuts_the_widest() -> None:
    widths = {1: 170, 2: 140, 4: 160, 5: 150, 6: 110, 0: 60}
    assert share_widths(widths, 1000) == widths  # room for all: unchanged
    fitted = share_widths(widths, 620)
    assert sum(fitted.values()) <= 620
    assert (fitted[0], fitted[6]) == (60, 110)  # Time and How it came in fit their content
    assert fitted[1] == fitted[4] == fitted[5] == fitted[2] < 140  # the widest share what is left


def test_theming_keeps_kind_and_how_it_came_in_readable(qtbot: QtBot, engine: Engine) -> None:
    wid = workshops.create_workshop(engine, "t", "Urgent care in Totton")
    consent.current_statement(engine, "t", wid)
    eid = exercises.add_exercise(engine, "t", wid, exercises.from_template("what-matters-to-me"))
    pid = participants.add_participant(
        engine, "t", wid, ParticipantInput(display_name="Margaret Hughes-Ellis", roles=["carer"])
    )
    consent.record_consent(engine, "t", pid, method="paper", be_named=True)
    ids = [
        contributions.add_contribution(engine, "t", eid, f"{n} {WORDS}", kind, participant_id=pid, source=src)
        for n, (kind, src) in enumerate(
            [("what_doesnt", "facilitator"), ("what_works", "participant"), ("what_matters", "paper")] * 2
        )
    ]
    page = ExercisesPage(engine, "facilitator", wid)
    qtbot.addWidget(page)
    page.resize(1040, 700)  # the Exercises section at 1280 x 800
    page.show()
    qtbot.waitExposed(page)
    view = page.contributions
    page.tabs.setCurrentWidget(view)
    table = view.table
    qtbot.wait(50)

    cells, heads = table.fontMetrics(), table.horizontalHeader().fontMetrics()

    def two_lines(text: str) -> str:  # the longer half, at the best word break
        words = text.split()
        halves = [(" ".join(words[:n]), " ".join(words[n:])) for n in range(1, len(words))] or [(text, "")]
        best = min(halves, key=lambda h: max(cells.horizontalAdvance(h[0]), cells.horizontalAdvance(h[1])))
        return max(best, key=cells.horizontalAdvance)

    def fits(column: int) -> bool:
        title = str(page.model.headerData(column, Qt.Orientation.Horizontal))
        texts = [two_lines(t) for t in page.model.distinct_texts(column)]
        need = max([heads.horizontalAdvance(title) + 20, *(cells.horizontalAdvance(t) + 16 for t in texts)])
        return table.columnWidth(column) >= need

    qtbot.waitUntil(lambda: fits(M.KIND) and fits(M.SOURCE))
    theme = view.new_theme("Getting seen quickly by someone who already knows the person and their history")
    assert theme is not None
    view.assign_theme(ids[:3], theme)
    qtbot.waitUntil(lambda: bool(page.model.distinct_texts(M.THEME)[0]))
    qtbot.wait(50)
    assert fits(M.KIND) and fits(M.SOURCE) and fits(M.TIME)
    assert table.columnWidth(M.TEXT) >= 0.45 * table.viewport().width() - 2
    assert table.columnWidth(M.THEME) < cells.horizontalAdvance(page.model.distinct_texts(M.THEME)[0])
