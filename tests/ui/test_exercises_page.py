"""The Exercises section driven as a facilitator would: keyboard capture committed on Enter, attribution only
to people with consent, edit history, hiding with a reason, duplicates, themes by keyboard and by drag and
drop, the projector (never a name, updated on save), coverage, the running order and the CSV menu import."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import (
    consent,
    contribution_rows,
    contributions,
    demo,
    exercises,
    participants,
    workshops,
)
from coproduce.services.participants import ParticipantInput
from coproduce.ui.contributions_model import ContributionTableModel
from coproduce.ui.exercises_page import ExercisesPage
from coproduce.ui.main_window import MainWindow


@pytest.fixture
def room(engine: Engine) -> tuple[str, dict[str, str]]:
    """A workshop with one exercise and three people: two with consent, one without."""
    wid = workshops.create_workshop(engine, "t", "Urgent care in Totton")
    consent.current_statement(engine, "t", wid)
    exercises.add_exercise(engine, "t", wid, exercises.from_template("what-matters-to-me"))
    people = {}
    for name, agreed in (("Margaret Ellis", True), ("Tomasz Nowak", True), ("Not Yet Agreed", False)):
        pid = participants.add_participant(
            engine, "t", wid, ParticipantInput(display_name=name, roles=["carer"])
        )
        if agreed:
            consent.record_consent(engine, "t", pid, method="paper", be_named=True)
        people[name] = pid
    return wid, people


@pytest.fixture
def page(qtbot: QtBot, engine: Engine, room: tuple[str, dict[str, str]]) -> ExercisesPage:
    widget = ExercisesPage(engine, "facilitator", room[0])
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    widget.capture.text.setFocus()
    return widget


def _saved(engine: Engine, workshop_id: str) -> list[contribution_rows.ContributionRow]:
    return contribution_rows.list_contribution_rows(engine, workshop_id)


def test_capture_by_keyboard_commits_each_contribution_on_enter(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: tuple[str, dict[str, str]]
) -> None:
    workshop_id, people = room
    field = page.capture.text
    assert (
        "Alt+1" in page.capture.kind_group.button(1).text()
        and "Alt+3" in page.capture.kind_group.button(3).text()
    )

    qtbot.keyClicks(field, "Being seen the same day")
    qtbot.keyClick(field, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # What doesn't work? no: third kind
    assert page.capture.kind() == "what_doesnt"
    qtbot.keyClick(field, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert page.capture.kind() == "what_matters" and field.text() == "Being seen the same day"
    qtbot.keyClick(field, Qt.Key.Key_Return)
    # committed before the next keystroke, the field cleared, focus kept
    [first] = _saved(engine, workshop_id)
    assert (first.text, first.kind, first.participant_id, first.source) == (
        "Being seen the same day",
        "what_matters",
        None,
        "facilitator",
    )
    assert field.text() == "" and field.hasFocus()
    assert "Saved at" in page.capture.status.text()

    # attributed to a consenting person, typed by the participant, another kind
    page.capture.person.setCurrentIndex(page.capture.person.findData(people["Tomasz Nowak"]))
    page.capture.source.setCurrentIndex(page.capture.source.findData("participant"))
    field.setFocus()
    qtbot.keyClicks(field, "The walk-in centre was quicker")
    qtbot.keyClick(field, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(field, Qt.Key.Key_Enter)
    rows = _saved(engine, workshop_id)
    assert len(rows) == 2
    assert (rows[1].kind, rows[1].participant_id, rows[1].source) == (
        "what_works",
        people["Tomasz Nowak"],
        "participant",
    )
    assert page.capture.person.currentData() is None  # back to Anonymous for the next one
    assert field.hasFocus()

    # an empty Enter is refused in words, nothing saved, focus kept
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert len(_saved(engine, workshop_id)) == 2
    assert "required" in page.capture.status.text() and field.hasFocus()
    # the list beside capture shows both, newest last
    assert page.recent_proxy.rowCount() == 2


def test_attribution_offers_only_people_with_consent(
    page: ExercisesPage, room: tuple[str, dict[str, str]]
) -> None:
    offered = [page.capture.person.itemText(i) for i in range(page.capture.person.count())]
    assert offered == ["Anonymous", "1 · Margaret Ellis", "2 · Tomasz Nowak"]
    assert page.capture.person.findData(room[1]["Not Yet Agreed"]) == -1


def test_projector_never_shows_a_name_and_updates_on_save(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: tuple[str, dict[str, str]]
) -> None:
    projector = page.projector
    assert "Think about the care and support" in projector.visible_text()
    page.capture.person.setCurrentIndex(page.capture.person.findData(room[1]["Margaret Ellis"]))
    page.capture.text.setFocus()
    qtbot.keyClicks(page.capture.text, "Somewhere I can get to by bus")
    qtbot.keyClick(page.capture.text, Qt.Key.Key_Return)
    shown = projector.visible_text()
    assert "What matters: Somewhere I can get to by bus" in shown
    assert "1 contributions so far" in shown
    for name in ("Margaret", "Ellis", "Tomasz", "Participant"):
        assert name not in shown
    # the facilitator blanks it and brings it back
    qtbot.keyClick(page.capture.text, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    assert projector.blank and projector.visible_text() == ""
    page.blank_button.setChecked(False)
    assert "Somewhere I can get to by bus" in projector.visible_text()
    # hiding a contribution takes it off the projector
    view = page.contributions
    view.select_ids([_saved(engine, room[0])[0].id])
    view.hide_selected("Said by mistake")
    assert "Somewhere I can get to by bus" not in projector.visible_text()


def test_edit_keeps_history_hide_needs_a_reason_and_duplicates_are_marked(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: tuple[str, dict[str, str]]
) -> None:
    workshop_id = room[0]
    exercise_id = exercises.list_exercises(engine, workshop_id)[0].id
    a = contributions.add_contribution(engine, "t", exercise_id, "Parking is hard", "what_doesnt")
    b = contributions.add_contribution(engine, "t", exercise_id, "Parking is very hard", "what_doesnt")
    page.reload()
    view = page.contributions
    contributions.edit_contribution(engine, "t", a, "Parking near the hospital is hard")
    view._refresh([a])
    assert view.model.row_at(view.model.row_of(a) or 0).text == "Parking near the hospital is hard"
    from coproduce.ui.contribution_dialogs import EditContributionDialog

    row = view.model.row_at(view.model.row_of(a) or 0)
    dialog = EditContributionDialog(
        row, ["what_doesnt", "what_works"], contribution_rows.contribution_history(engine, a)
    )
    qtbot.addWidget(dialog)
    history = [dialog.history.item(i).text() for i in range(dialog.history.count())]
    assert "saved: “Parking is hard”" in history[0]
    assert "edited: “Parking is hard” → “Parking near the hospital is hard”" in history[1]

    view.select_ids([a, b])
    view.mark_duplicates()
    rows = {r.id: r for r in _saved(engine, workshop_id)}
    assert rows[b].duplicate_of == a and rows[a].duplicate_of is None
    assert view.model.status_text(view.model.row_at(view.model.row_of(b) or 0)) == "Duplicate"

    view.select_ids([b])
    view.hide_selected("Said twice")
    rows = {r.id: r for r in _saved(engine, workshop_id)}
    assert rows[b].hidden and rows[b].hidden_reason == "Said twice"
    view.show_hidden.setChecked(False)
    assert view.proxy.rowCount() == 1
    assert [h.action for h in contribution_rows.contribution_history(engine, b)][-1] == "contribution.hide"


def test_themes_by_keyboard_and_by_drag_and_drop(
    qtbot: QtBot, page: ExercisesPage, engine: Engine, room: tuple[str, dict[str, str]]
) -> None:
    workshop_id = room[0]
    exercise_id = exercises.list_exercises(engine, workshop_id)[0].id
    ids = [
        contributions.add_contribution(engine, "t", exercise_id, text, "what_matters")
        for text in ("Buses after seven", "A bus from Weston", "Interpreters at the desk")
    ]
    page.reload()
    page.tabs.setCurrentWidget(page.contributions)
    view = page.contributions
    transport = view.new_theme("Getting there")
    language = view.new_theme("Language")
    assert transport and language
    # by keyboard: select, Ctrl+G opens the theme menu, its first entry is "&1 Getting there"
    view.select_ids(ids[:2])
    menu = view.theme_menu()
    assert [a.text() for a in menu.actions()][:2] == ["&1 Getting there", "&2 Language"]
    menu.actions()[0].trigger()
    themed = {r.id: r.theme_name for r in _saved(engine, workshop_id)}
    assert themed[ids[0]] == themed[ids[1]] == "Getting there"
    assert [view.themes_panel.model.index(r).data() for r in range(2)] == [
        "Getting there (2)",
        "Language (0)",
    ]
    # by drag and drop: the contribution's drag data dropped on the "Language" theme
    source = view.model.index(view.model.row_of(ids[2]) or 0, 0)
    data = view.model.mimeData([source])
    target = view.themes_panel.model.index(1)
    assert view.themes_panel.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    view.themes_panel.model.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, target)
    assert {r.id: r.theme_name for r in _saved(engine, workshop_id)}[ids[2]] == "Language"
    assert not view.themes_panel.model.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, QModelIndex())
    # filtering by theme
    view.filters["theme_id"].setCurrentIndex(view.filters["theme_id"].findData(transport))
    assert view.proxy.rowCount() == 2


def test_filters_and_search_as_you_type(qtbot: QtBot, engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    page = ExercisesPage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    view = page.contributions
    assert view.proxy.rowCount() == 32
    qtbot.keyClicks(view.search, "BUS")
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 1, timeout=2000)
    view.search.clear()
    qtbot.waitUntil(lambda: view.proxy.rowCount() == 32, timeout=2000)
    view.filters["principle"].setCurrentIndex(view.filters["principle"].findData(4))
    assert view.proxy.rowCount() == 4
    view.filters["kind"].setCurrentIndex(view.filters["kind"].findData("need"))
    assert view.proxy.rowCount() == 2
    view.filters["principle"].setCurrentIndex(0)
    view.filters["kind"].setCurrentIndex(0)
    view.filters["participant_id"].setCurrentIndex(view.filters["participant_id"].findData(""))
    assert view.proxy.rowCount() == 2  # the anonymous ones
    view.table.sortByColumn(ContributionTableModel.TEXT, Qt.SortOrder.AscendingOrder)
    texts = [view.proxy.index(r, ContributionTableModel.TEXT).data() for r in range(view.proxy.rowCount())]
    assert texts == sorted(texts, key=str.casefold)


def test_the_models_pass_the_model_tester(qtmodeltester: ModelTester, qtbot: QtBot, engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    page = ExercisesPage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    qtmodeltester.check(page.model)
    qtmodeltester.check(page.contributions.proxy)
    qtmodeltester.check(page.contributions.themes_panel.model)
    qtmodeltester.check(page.coverage.model)


def test_running_order_countdown_and_coverage(qtbot: QtBot, page: ExercisesPage, engine: Engine) -> None:
    page.add_from_template("carers-check")
    assert page.order.count() == 2 and page.current() is not None
    assert page.current().title == "Carers' check"  # type: ignore[union-attr]
    page.move_current(-1)
    assert [e.title for e in exercises.list_exercises(engine, page.workshop_id)] == [
        "Carers' check",
        "What matters to me",
    ]
    assert page.order.currentRow() == 0
    assert page.capture.countdown.text() == "Not started · 15 min"
    qtbot.mouseClick(page.start_button, Qt.MouseButton.LeftButton)
    running = exercises.running_exercise(engine, page.workshop_id)
    assert running is not None and running.title == "Carers' check"
    assert page.capture.countdown.text() in ("15:00 left", "14:59 left")
    assert "Stop" in page.start_button.text() and page.projector.clock.text().endswith("left")
    # starting another stops the first: one exercise runs at a time
    page.order.setCurrentRow(1)
    page.toggle_run()
    running = exercises.running_exercise(engine, page.workshop_id)
    assert running is not None and running.title == "What matters to me"
    assert exercises.list_exercises(engine, page.workshop_id)[0].stopped_at is not None
    page.coverage.refresh()
    assert "No carer has contributed: principle 4 has no evidence." not in page.coverage.warnings()
    assert "No contributions yet: principle 4 has no evidence." in page.coverage.warnings()
    assert "No exercise serves principle 2 yet" in page.coverage.summary.text()


def test_the_file_menu_imports_a_csv_and_refreshes_the_section(
    qtbot: QtBot, window: MainWindow, engine: Engine, tmp_path: Path
) -> None:
    workshop_id = demo.create_demo(engine)
    window.refresh()
    window.open_workshop(workshop_id)
    assert window.workshop_view is not None
    window.workshop_view.show_section("Exercises")
    page = window.workshop_view.pages.currentWidget()
    assert isinstance(page, ExercisesPage)
    importer = window.import_contributions  # type: ignore[attr-defined]
    assert importer.action in window.file_menu.actions()
    bad = tmp_path / "bad.csv"
    bad.write_text("exercise,kind,text\nCarers' check,Need,\n", encoding="utf-8")
    importer.import_file(workshop_id, bad, quiet=True)
    qtbot.waitUntil(lambda: importer.last_error is not None, timeout=10_000)
    assert "Row 2: The contribution is required." in str(importer.last_error)
    assert page.model.rowCount() == 32
    good = tmp_path / "paper.csv"
    good.write_text("exercise,kind,text\nCarers' check,Need,A number to ring at night\n", encoding="utf-8")
    importer.import_file(workshop_id, good, quiet=True)
    qtbot.waitUntil(lambda: importer.last_result is not None, timeout=10_000)
    assert page.model.rowCount() == 33
    assert page.model.row_at(32).source == "paper"
