from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, demo, equality, participants, reach_room, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.ui.consent_dialog import ConsentDialog, WithdrawDialog
from coproduce.ui.consent_statement import StatementPage
from coproduce.ui.equality_form import EqualityFormDialog, EqualityPage
from coproduce.ui.main_window import MainWindow
from coproduce.ui.participant_form import ParticipantDialog
from coproduce.ui.participants_page import ParticipantTableModel, PeoplePage
from coproduce.ui.participants_section import ParticipantsSection
from coproduce.ui.reach_page import ReachPage


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    return workshops.create_workshop(engine, "t", "Carers' voices in Havant")


def _cells(model: ParticipantTableModel, column: int) -> list[str]:
    return [model.index(r, column).data() for r in range(model.rowCount())]


def test_the_demo_opens_on_the_participants_section(qtbot: QtBot, window: MainWindow, engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    window.open_workshop(workshop_id)
    assert window.workshop_view is not None
    window.workshop_view.show_section("Participants")
    section = window.workshop_view.pages.currentWidget()
    assert isinstance(section, ParticipantsSection)
    assert section.people.model.rowCount() == 12
    assert section.people.count.text() == "12 people, 12 with consent"
    section.tabs.setCurrentWidget(section.reach)
    assert "Census 2021" in section.reach.source.text()
    assert section.reach.model.rowCount() == 10


def test_the_models_pass_the_model_tester(qtmodeltester: ModelTester, engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    people = PeoplePage(engine, "t", workshop_id)
    qtmodeltester.check(people.model)
    reach = ReachPage(engine, "t", workshop_id)
    qtmodeltester.check(reach.model)
    qtmodeltester.check(reach.roles_model)
    page = EqualityPage(engine, "t", workshop_id)
    qtmodeltester.check(page.model)
    for p in (people, reach, page):
        p.deleteLater()


def test_the_table_sorts_searches_and_shows_consent_in_words(
    qtbot: QtBot, engine: Engine, workshop_id: str
) -> None:
    consent.current_statement(engine, "t", workshop_id)
    names = ["Wendy Cole", "Arjun Patel", "Maya Green"]
    ids = [
        participants.add_participant(
            engine, "t", workshop_id, ParticipantInput(display_name=n, roles=["carer"])
        )
        for n in names
    ]
    consent.record_consent(engine, "t", ids[1], method="verbal", witness="Lena Ward", be_named=True)
    page = PeoplePage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    consent_column = [page.proxy.index(r, ParticipantTableModel.CONSENT).data() for r in range(3)]
    assert consent_column == ["Not recorded", "Given (v1, verbally, with a witness): named", "Not recorded"]
    page.table.sortByColumn(ParticipantTableModel.NAME, Qt.SortOrder.AscendingOrder)
    assert [page.proxy.index(r, ParticipantTableModel.NAME).data() for r in range(3)] == sorted(names)
    qtbot.keyClicks(page.search, "verbally")
    assert page.proxy.rowCount() == 1
    assert page.proxy.index(0, ParticipantTableModel.NAME).data() == "Arjun Patel"
    page.search.clear()
    assert page.proxy.rowCount() == 3


def _focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def test_the_participant_form_works_by_keyboard_alone(qtbot: QtBot, engine: Engine, workshop_id: str) -> None:
    saved: list[str] = []

    def save(data: ParticipantInput) -> None:
        saved.append(participants.add_participant(engine, "t", workshop_id, data))

    dialog = ParticipantDialog(save)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.name.hasFocus())

    def tab(times: int = 1) -> None:
        for _ in range(times):
            qtbot.keyClick(_focused(), Qt.Key.Key_Tab)

    qtbot.keyClicks(_focused(), "Grace Adeyemi")
    tab()
    qtbot.keyClicks(_focused(), "Grace A")  # pseudonym
    tab(2)  # past "anonymous"
    assert _focused() is dialog.organisation
    qtbot.keyClicks(_focused(), "Havant Carers Hub")
    tab()
    assert _focused() is dialog.roles["carer"]
    qtbot.keyClick(_focused(), Qt.Key.Key_Space)
    tab(3)
    assert _focused() is dialog.roles["volunteer"]
    qtbot.keyClick(_focused(), Qt.Key.Key_Space)
    tab(6)
    assert _focused() is dialog.roles["other"]
    qtbot.keyClick(_focused(), Qt.Key.Key_Space)
    tab()
    assert _focused() is dialog.role_other  # enabled by ticking "other"
    qtbot.keyClicks(_focused(), "Faith group leader")
    tab(3)
    assert _focused() is dialog.needs["interpreter"]
    qtbot.keyClick(_focused(), Qt.Key.Key_Space)
    tab(len(dialog.needs) - 2)
    assert _focused() is dialog.language
    qtbot.keyClicks(_focused(), "Yoruba")
    tab()
    qtbot.keyClicks(_focused(), "Prefers an aisle seat")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return)

    assert dialog.result() == ParticipantDialog.DialogCode.Accepted
    [person] = participants.list_participants(engine, workshop_id)
    assert person.id == saved[0]
    assert (person.display_name, person.pseudonym, person.organisation) == (
        "Grace Adeyemi",
        "Grace A",
        "Havant Carers Hub",
    )
    assert (person.roles, person.role_other) == (["carer", "volunteer", "other"], "Faith group leader")
    assert (person.access_needs, person.access_notes) == (["interpreter:Yoruba"], "Prefers an aisle seat")


def test_the_form_keeps_what_was_typed_when_refused(qtbot: QtBot, engine: Engine, workshop_id: str) -> None:
    dialog = ParticipantDialog(lambda data: None)
    qtbot.addWidget(dialog)
    dialog.name.setText("No roles yet")
    dialog.accept()
    assert dialog.error.text() == "Tick at least one role." and dialog.name.text() == "No roles yet"

    def save(data: ParticipantInput) -> None:
        participants.add_participant(engine, "t", workshop_id, data)

    dialog = ParticipantDialog(save)
    qtbot.addWidget(dialog)
    dialog.roles["resident"].setChecked(True)
    dialog.accept()  # neither name nor pseudonym
    assert "name or a pseudonym" in dialog.error.text()
    assert participants.list_participants(engine, workshop_id) == []


def test_consent_is_recorded_against_the_version_shown_then_withdrawn(
    qtbot: QtBot, engine: Engine, workshop_id: str
) -> None:
    person_id = participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(pseudonym="Kit", roles=["carer"])
    )
    [person] = participants.list_participants(engine, workshop_id)
    dialog = ConsentDialog(engine, "t", person)
    qtbot.addWidget(dialog)
    shown = dialog.statement
    assert dialog.text.toPlainText() == shown.text and "version 1" in dialog.text.accessibleName()
    assert dialog.contact.isHidden() and not dialog.witness.isEnabled()
    dialog.method.setCurrentIndex(dialog.method.findData("verbal"))
    assert dialog.witness.isEnabled()
    dialog.be_contacted.setChecked(True)
    assert not dialog.contact.isHidden()
    dialog.contact.setText("kit@example.org")
    consent.set_statement(engine, "t", workshop_id, shown.text + " (edited while the dialog was open)")
    dialog.accept()
    assert "witness" in dialog.error.text()  # verbal consent needs one
    dialog.witness.setText("Lena Ward")
    dialog.accept()
    state = consent.consent_state(engine, person_id)
    assert state.statement is not None and state.consent is not None
    assert state.statement.id == shown.id  # the version on screen, not the later edit
    assert (state.consent.witness, state.consent.contact_details) == ("Lena Ward", "kit@example.org")

    page = PeoplePage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    page.select_id(person_id)
    assert page.withdraw_button.isEnabled()
    withdraw = WithdrawDialog(engine, "t", person)
    qtbot.addWidget(withdraw)
    withdraw.radios["remove"].setChecked(True)
    withdraw.accept()
    page.load()
    assert "Withdrawn" in page.model.index(0, ParticipantTableModel.CONSENT).data()
    assert "contributions removed" in page.model.index(0, ParticipantTableModel.CONSENT).data()
    assert not page.withdraw_button.isEnabled() and not page.consent_button.isEnabled()


def test_editing_the_statement_saves_a_new_version(qtbot: QtBot, engine: Engine, workshop_id: str) -> None:
    page = StatementPage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    assert consent.statements(engine, workshop_id) == []  # looking writes nothing
    page.save()
    assert [s.version for s in consent.statements(engine, workshop_id)] == [1]
    assert not page.save_button.isEnabled()
    page.text.setPlainText("We record what you say. You may withdraw at any time.")
    assert page.save_button.isEnabled()
    page.save()
    assert [s.version for s in consent.statements(engine, workshop_id)] == [1, 2]
    page.versions.setCurrentRow(0)
    assert page.text.isReadOnly() and "read only" in page.heading.text()


def test_the_anonymous_form_stores_answers_and_hides_counts_after_each(
    qtbot: QtBot, engine: Engine, workshop_id: str
) -> None:
    page = EqualityPage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    dialog = EqualityFormDialog(engine, workshop_id)
    qtbot.addWidget(dialog)
    for key, answer in (("sex", "Female"), ("caring", equality.PREFER_NOT)):
        combo = dialog.fields[key]
        assert isinstance(combo, QComboBox)
        combo.setCurrentIndex(combo.findData(answer))
        assert combo.itemText(0) == "(not answered)"
        assert combo.findData(equality.PREFER_NOT) > 0
    dialog.fields["postcode_district"].setProperty("text", "PO9 1AA")
    dialog.accept()
    assert equality.responses(engine, workshop_id) == [
        {"sex": "Female", "caring": equality.PREFER_NOT, "postcode_district": "PO9"}
    ]
    page.set_counts_shown(True)
    assert not page.table.isHidden() and "fewer than 5" in page.status.text()
    page.set_counts_shown(False)
    assert page.table.isHidden()


def test_the_reach_view_flags_missing_roles_and_loads_another_profile(
    qtbot: QtBot, engine: Engine, workshop_id: str, tmp_path: Path
) -> None:
    participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(display_name="Dr Lee", roles=["staff"])
    )
    page = ReachPage(engine, "t", workshop_id)
    qtbot.addWidget(page)
    gaps = page.gaps.text()
    assert "Missing: No carers are in the room (principle 4" in gaps
    assert "principle 6" in gaps and "(VCSE)" in gaps and "housing representative" in gaps
    flags = {page.model.index(r, page.model.FLAG).data() for r in range(page.model.rowCount())}
    assert flags == {"NO ANSWERS"}

    path = tmp_path / "havant.csv"
    path.write_text("dimension,group,share_percent,note\nsex,Female,51.6,Havant\nsex,Male,48.4,Havant\n")
    with qtbot.waitSignal(page.saved):
        page.load_profile(path, "ONS Census 2021, Havant")
    assert page.source.text() == "Population: ONS Census 2021, Havant"
    assert page.model.rowCount() == 2
    assert page.model.index(0, page.model.BARS).data() is None  # drawn, and read out in words:
    assert page.model.index(0, page.model.BARS).data(Qt.ItemDataRole.AccessibleTextRole).startswith("room ")
    assert reach_room.active_profile(engine, workshop_id).source_name == "ONS Census 2021, Havant"
    assert page.model.index(0, 0, QModelIndex()).data() == "sex"
