"""'You said, we did': several inputs take one outcome at once (with a reason where one is needed), and an
input that a decision adopts says so in its row and has "Adopted" offered, not set."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QItemSelectionModel, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import decisions, outcomes, votes
from coproduce.services.decisions import DecisionInput
from coproduce.services.votes import OptionInput
from coproduce.ui.decision_models import LedgerModel
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.main_window import MainWindow
from coproduce.ui.outcomes_view import OutcomesView
from tests.services._room import ACTOR, make_room


def _outcomes(window: MainWindow, workshop_id: str) -> OutcomesView:
    window.refresh()
    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    page.tabs.setCurrentWidget(page.outcomes)
    return page.outcomes


def _select(view: OutcomesView, rows: list[int]) -> None:
    selection = view.table.selectionModel()
    selection.clearSelection()
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in rows:
        selection.select(view.proxy.index(row, 0), flags)


def test_several_inputs_take_one_outcome(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    room = make_room(engine)
    view = _outcomes(window, room.workshop_id)
    view.set_filter_outcome("__none__")
    assert view.proxy.rowCount() == 3
    _select(view, [0, 1, 2])
    assert view.chosen.text().startswith("3 inputs chosen")
    view.outcome.setCurrentIndex(view.outcome.findData("not_adopted"))
    view.reason.clear()
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    assert "Give a reason" in view.error.text() and view.reason.hasFocus()
    assert all(r.outcome is None for r in outcomes.ledger(engine, room.workshop_id))

    view.outcome.setCurrentIndex(view.outcome.findData("to_consider"))
    qtbot.mouseClick(view.set_button, Qt.MouseButton.LeftButton)
    assert {r.outcome for r in outcomes.ledger(engine, room.workshop_id)} == {"to_consider"}
    assert view.proxy.rowCount() == 0 and "Every one of the 3 has an outcome" in view.counts.text()


def test_an_input_a_decision_adopts_is_marked_and_adopted_offered(
    qtbot: QtBot, window: MainWindow, engine: Engine
) -> None:
    room = make_room(engine)
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Ideas",
        "approval",
        [OptionInput(contribution_id=c) for c in room.ideas],
    )
    options = votes.options_in_shown_order(engine, vote_id)
    adopted = next(o for o in options if o.contribution_id == room.ideas[1])
    decision_id = decisions.create_decision(
        engine, ACTOR, room.workshop_id, DecisionInput(statement="A carers' lounge opens in May.")
    )
    decisions.set_links(
        engine,
        ACTOR,
        decision_id,
        [("adopts_option", adopted.id), ("vote", vote_id), ("contribution", room.ideas[2])],
    )
    view = _outcomes(window, room.workshop_id)
    model = view.model
    by_id = {model.row_at(r).target_id: r for r in range(model.rowCount())}
    assert model.index(by_id[room.ideas[1]], LedgerModel.DECISION).data() == "Adopted by a decision"
    assert model.index(by_id[room.ideas[2]], LedgerModel.DECISION).data() == "Linked by a decision"
    assert model.index(by_id[room.ideas[0]], LedgerModel.DECISION).data() == ""
    tip = model.index(by_id[room.ideas[1]], LedgerModel.DECISION).data(Qt.ItemDataRole.ToolTipRole)
    assert tip == "A carers' lounge opens in May."

    view.select("contribution", room.ideas[1])
    assert view.outcome.currentData() == "adopted" and "A decision adopts this input" in view.hint.text()
    row = next(r for r in outcomes.ledger(engine, room.workshop_id) if r.target_id == room.ideas[1])
    assert row.outcome is None  # offered, not set
    view.select("contribution", room.ideas[2])
    assert view.outcome.currentData() == "to_consider" and "A decision links this input" in view.hint.text()
