"""The Decisions section driven as a facilitator would: a dot vote from contributions with ballots cast per
person and on paper, results hidden until closed; a decision going against a ranking that cannot be final
until a reason is written; an outcome with its reason; the readiness panel's buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QScrollArea
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import decisions, outcomes, tally, votes
from coproduce.services.votes import OptionInput
from coproduce.ui.decision_models import ByRoleModel, LedgerModel, PickModel
from coproduce.ui.decisions_page import DecisionsPage
from coproduce.ui.main_window import MainWindow
from coproduce.ui.overview_page import OverviewPage
from tests.services._room import ACTOR, Room, make_room


def _open(window: MainWindow, workshop_id: str) -> DecisionsPage:
    window.refresh()
    window.open_workshop(workshop_id)
    view = window.workshop_view
    assert view is not None
    view.show_section(QCoreApplication.translate("WorkshopView", "Decisions"))
    page = view.pages.currentWidget()
    assert isinstance(page, DecisionsPage)
    return page


def _click(qtbot: QtBot, button: object) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture
def room(engine: Engine) -> Room:
    return make_room(engine)


def test_a_dot_vote_from_contributions_with_hidden_results_and_tallies_by_role(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    page = _open(window, room.workshop_id)
    panel = page.votes
    _click(qtbot, panel.new_button)
    dialog = panel.create_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.set_method("dots")
    qtbot.keyClicks(dialog.title, "Which ideas matter most?")
    dialog.allowance.setValue(3)
    dialog.set_source("contribution")
    dialog.exercise.setCurrentIndex(dialog.exercise.findData(room.exercise_id))
    assert dialog.proxy.rowCount() == 3
    for row in range(3):
        dialog.pick_index(row)
    _click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Ok))
    assert not dialog.isVisible()
    [vote] = votes.list_votes(engine, room.workshop_id)
    assert (vote.method, vote.allowance, vote.exercise_id) == ("dots", 3, room.exercise_id)
    assert panel.selected_id() == vote.id

    # open: results hidden, the ballot form shown; only consenting people are offered
    assert "Results stay hidden" in panel.hidden_note.text()
    form = panel.ballot
    voters = [form.voter.itemData(i) for i in range(form.voter.count())]
    assert voters[0] is None and room.no_consent not in voters and room.carer in voters
    labels = [o.label for o in votes.options_in_shown_order(engine, vote.id)]
    spins = list(form.spins.values())
    form.voter.setCurrentIndex(form.voter.findData(room.carer))
    spins[0].setValue(2)
    spins[1].setValue(3)  # only one dot left: held at 1
    assert spins[1].value() == 1 and "Dots left: 0 of 3" in form.dots_left.text()
    _click(qtbot, form.cast_button)
    assert "1 cast so far" in form.state.text()
    assert room.carer not in [form.voter.itemData(i) for i in range(form.voter.count())]

    form.voter.setCurrentIndex(0)  # anonymous, on paper
    form.paper.setChecked(True)
    next(iter(form.spins.values())).setValue(3)
    _click(qtbot, form.cast_button)
    assert votes.ballot_count(engine, vote.id) == 2
    assert panel.detail.currentIndex() == 1 and not panel.results.isVisible()
    with pytest.raises(Exception, match="hidden"):
        votes.results(engine, vote.id)

    _click(qtbot, panel.close_button)
    assert "2 ballots have been cast" in panel.close_question.text()
    _click(qtbot, panel.confirm_close_button)
    assert panel.detail.currentWidget() is panel.results and panel.results.isVisible()
    assert f"Most support: {labels[0]}" == panel.results.outcome.text()
    assert "2 ballots counted" in panel.results.summary.text()
    assert "1 on paper" in panel.results.summary.text()
    bars = panel.results.bars.bars
    assert [(b.label, b.value) for b in bars] == [(labels[0], 5), (labels[1], 1), (labels[2], 0)]
    assert bars[0].text == "5 dots · top"
    model = panel.results.by_role
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Option", "Everyone\n(2)"]  # groups of fewer than 5 are not shown on their own
    panel.results.show_all.setChecked(True)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Option", "Everyone\n(2)", "Carer\n(1)", "Anonymous\nor no role\n(1)"]
    assert [model.row_at(r).values for r in range(3)] == [(5, 2, 3), (1, 1, 0), (0, 0, 0)]

    # reopening needs a reason
    _click(qtbot, panel.results.reopen_button)
    assert "reason for reopening is required" in panel.results.error.text()
    qtbot.keyClicks(panel.results.reopen_reason, "Two paper ballots arrived late")
    qtbot.keyClick(panel.results.reopen_reason, Qt.Key.Key_Return)
    assert votes.list_votes(engine, room.workshop_id)[0].status == "open"
    assert panel.detail.currentIndex() == 1


def test_a_consent_round_objection_needs_a_reason_and_ranking_moves_by_keyboard(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    consent_id = votes.create_vote(
        engine, ACTOR, room.workshop_id, "Sunday closing", "consent", proposal="Close on Sundays."
    )
    ranking_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Rank",
        "ranking",
        [OptionInput("A"), OptionInput("B"), OptionInput("C")],
    )
    page = _open(window, room.workshop_id)
    panel = page.votes
    panel.select_vote(consent_id)
    form = panel.ballot
    objection = next(b for b in form.responses.buttons() if b.property("response") == "object")
    objection.setChecked(True)
    _click(qtbot, form.cast_button)
    assert "objection needs a reason" in form.error.text() and form.error.isVisible()
    qtbot.keyClicks(form.reason, "Carers work in the week.")
    _click(qtbot, form.cast_button)
    assert votes.ballot_count(engine, consent_id) == 1

    panel.select_vote(ranking_id)
    shown = [form.ranking.item(i).text() for i in range(3)]
    form.ranking.setFocus()
    form.ranking.setCurrentRow(2)
    qtbot.keyClick(form.ranking, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(form.ranking, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert [form.ranking.item(i).text() for i in range(3)] == [shown[2], shown[0], shown[1]]
    by_label = {o.label: o.id for o in votes.options_in_shown_order(engine, ranking_id)}
    assert form.content() == {"ranking": [by_label[shown[2]], by_label[shown[0]], by_label[shown[1]]]}


def test_a_decision_against_the_ranking_needs_a_reason_before_it_is_final(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    ranking = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Rank the models",
        "ranking",
        [OptionInput("Walk-in"), OptionInput("Booked"), OptionInput("Hubs")],
    )
    o = {x.label: x.id for x in votes.options_in_shown_order(engine, ranking)}
    for person in (room.carer, room.resident):
        votes.cast_ballot(
            engine, ACTOR, ranking, {"ranking": [o["Walk-in"], o["Hubs"]]}, participant_id=person
        )
    votes.close_vote(engine, ACTOR, ranking)

    page = _open(window, room.workshop_id)
    page.tabs.setCurrentWidget(page.decisions)
    tab = page.decisions
    _click(qtbot, tab.new_button)
    editor = tab.editor
    qtbot.keyClicks(editor.statement, "Move to booked appointments through NHS 111.")
    qtbot.keyClicks(editor.rationale, "It reaches more people for the same staff.")
    qtbot.keyClicks(editor.decided_by, "ICB Primary Care Committee")
    qtbot.keyClicks(editor.decided_by_role, "Commissioning committee")
    qtbot.keyClicks(editor.dissent, "Carers said booked slots fail when someone becomes unwell suddenly.")
    links = editor.links
    links.kind.setCurrentIndex(links.kind.findData("contribution"))
    assert links.proxy.rowCount() == 3
    links.proxy.setData(links.proxy.index(0, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    links.choose(ranking, "Booked")
    assert editor.divergence_box.isVisible()  # warned at once, before saving

    _click(qtbot, editor.finalise_button)
    assert editor.message.isVisible() and "goes against the room" in editor.message.text()
    assert editor.divergence_box.isVisible()
    assert "the room favoured “Walk-in”" in editor.divergence_text.text()
    [decision] = decisions.list_decisions(engine, room.workshop_id)
    assert decision.status == "draft"
    assert ("adopts_option", o["Booked"]) in decisions.links(engine, decision.id)
    assert ("contribution", room.ideas[0]) in decisions.links(engine, decision.id)

    qtbot.keyClicks(editor.action_text, "Report the evaluation back to this group")
    qtbot.keyClicks(editor.action_owner, "Helen Moore")
    _click(qtbot, editor.add_action_button)
    assert editor.actions_model.rowCount() == 1

    qtbot.keyClicks(editor.divergence_reason, "A walk-in centre needs nine nurses who cannot be recruited.")
    _click(qtbot, editor.finalise_button)
    final = decisions.get_decision(engine, decision.id)
    assert final.status == "final" and final.divergence_reason.startswith("A walk-in centre")
    assert not editor.save_button.isEnabled() and editor.statement.isReadOnly()
    assert tab.model.row_at(0).status == "final"
    assert "prints it prominently" in editor.divergence_text.text()


def test_an_outcome_with_its_reason_from_the_keyboard(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    page = _open(window, room.workshop_id)
    page.tabs.setCurrentWidget(page.outcomes)
    view = page.outcomes
    view.set_filter_outcome("__none__")
    assert view.proxy.rowCount() == 3 and view.counts.text() == "3 inputs; 3 have no outcome yet."
    first = view.selected()
    assert first is not None
    view.outcome.setCurrentIndex(view.outcome.findData("not_adopted"))
    view.reason.setFocus()
    qtbot.keyClick(view.reason, Qt.Key.Key_Return)
    assert "Give a reason" in view.error.text()
    qtbot.keyClicks(view.reason, "The budget for evenings is committed until 2028.")
    qtbot.keyClick(view.reason, Qt.Key.Key_Return)
    row = next(r for r in outcomes.ledger(engine, room.workshop_id) if r.target_id == first.target_id)
    assert (row.outcome, row.reason) == ("not_adopted", "The budget for evenings is committed until 2028.")
    assert view.proxy.rowCount() == 2  # it left the "no outcome yet" list; the next one is chosen
    assert view.counts.text() == "Showing 2 of 3 inputs. Of all 3, 2 have no outcome yet."
    nxt = view.selected()
    assert nxt is not None and nxt.target_id != first.target_id


def test_the_readiness_panel_lists_gaps_and_takes_you_there(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    votes.create_vote(
        engine, ACTOR, room.workshop_id, "Still open", "approval", [OptionInput("A"), OptionInput("B")]
    )
    page = _open(window, room.workshop_id)
    page.tabs.setCurrentWidget(page.readiness)
    panel = page.readiness
    gaps = len(panel.gaps())
    assert gaps > 1 and panel.summary.text() == f"{gaps} gaps to close or explain before signing."
    assert {"question", "documents", "votes_closed", "outcomes"} <= set(panel.buttons)
    assert panel.buttons["question"].text() == "Go to Overview"
    assert panel.buttons["outcomes"].text() == "Go to Decisions › You said, we did"

    _click(qtbot, panel.buttons["votes_closed"])
    assert page.tabs.currentWidget() is page.votes
    page.tabs.setCurrentWidget(page.readiness)
    _click(qtbot, panel.buttons["outcomes"])
    assert page.tabs.currentWidget() is page.outcomes and page.outcomes.proxy.rowCount() == 3
    page.tabs.setCurrentWidget(page.readiness)
    _click(qtbot, panel.buttons["question"])
    view = window.workshop_view
    assert view is not None
    assert isinstance(view.pages.currentWidget(), OverviewPage)
    assert view.sections.currentItem().text() == "Overview"


def test_the_item_models_pass_the_model_tester(
    qtmodeltester: ModelTester, engine: Engine, room: Room
) -> None:
    vote_id = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        "Dots",
        "dots",
        [OptionInput(contribution_id=c) for c in room.ideas],
        allowance=2,
    )
    first = votes.options_in_shown_order(engine, vote_id)[0].id
    votes.cast_ballot(engine, ACTOR, vote_id, {"dots": {first: 2}}, participant_id=room.carer)
    votes.close_vote(engine, ACTOR, vote_id)
    by_role = ByRoleModel()
    by_role.set_result(votes.results(engine, vote_id))
    assert isinstance(votes.results(engine, vote_id).grouped.overall, tally.OptionTally)
    qtmodeltester.check(by_role)
    ledger = LedgerModel()
    ledger.set_rows(outcomes.ledger(engine, room.workshop_id))
    qtmodeltester.check(ledger)
    from coproduce.ui.decision_models import ActionsModel, DecisionsModel, PickRow, VoteRow, VotesModel

    votes_model = VotesModel()
    votes_model.set_rows([VoteRow(v, 1) for v in votes.list_votes(engine, room.workshop_id)])
    qtmodeltester.check(votes_model)
    pick = PickModel()
    pick.set_rows([PickRow("contribution", c, f"Idea {n}") for n, c in enumerate(room.ideas)])
    pick.setData(pick.index(1, 0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert [r.target_id for r in pick.checked()] == [room.ideas[1]]
    qtmodeltester.check(pick)
    for model in (DecisionsModel(), ActionsModel()):
        qtmodeltester.check(model)


def test_at_1280x800_vote_titles_and_dot_options_are_shown_whole(
    qtbot: QtBot, window: MainWindow, engine: Engine, room: Room
) -> None:
    long = "Which of these ways of running urgent care in the city should the board look at first, and why"
    dots = votes.create_vote(
        engine,
        ACTOR,
        room.workshop_id,
        long,
        "dots",
        [OptionInput(long + " (option one)"), OptionInput("Short")],
    )
    votes.create_vote(engine, ACTOR, room.workshop_id, "Sunday closing", "consent", proposal="Close.")
    many = [OptionInput(f"{long} ({n})") for n in range(8)]
    closed = votes.create_vote(engine, ACTOR, room.workshop_id, "Long results", "approval", many)
    votes.close_vote(engine, ACTOR, closed)
    window.resize(1280, 800)
    page = _open(window, room.workshop_id)
    qtbot.waitExposed(window)

    def whole(label: QLabel) -> bool:
        return label.isVisible() and label.height() >= label.heightForWidth(label.width())

    panel = page.votes
    assert panel.table.height() >= 4 * panel.table.verticalHeader().defaultSectionSize()
    panel.select_vote(dots)
    qtbot.wait(10)
    dot_labels = [w for w in panel.ballot.ballot_box.findChildren(QLabel) if w.buddy() is not None]
    assert len(dot_labels) == 2 and all(whole(label) for label in dot_labels)
    assert panel.ballot.spins[next(iter(panel.ballot.spins))].width() < 200
    assert "random order" in panel.hidden_note.text() and "0 ballots cast" in panel.hidden_note.text()
    panel.select_vote(closed)  # a long results page, then a short ballot: the ballot still does not scroll
    qtbot.wait(10)
    panel.select_vote(next(v.id for v in votes.list_votes(engine, room.workshop_id) if v.method == "consent"))
    assert "random order" not in panel.hidden_note.text()
    qtbot.wait(10)
    ballot_area = panel.splitter.widget(1)
    assert isinstance(ballot_area, QScrollArea)
    assert ballot_area.verticalScrollBar().maximum() == 0  # a short ballot does not scroll

    page.tabs.setCurrentWidget(page.decisions)
    page.decisions.new_decision()
    qtbot.wait(10)
    links = page.decisions.editor.links
    titles = [w for w in links.findChildren(QLabel) if w.buddy() in links.adopts.values()]
    assert [t.text().split(" · ")[0] for t in titles] == [long, "Sunday closing", "Long results"]
    assert titles[1].text() == "Sunday closing · Consent round"
    assert all(whole(t) for t in titles)
