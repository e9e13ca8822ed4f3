"""Adding a person leads straight on to recording their consent (the default button), "Save" alone still
just saves, and the count says "1 person"."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from coproduce.services import consent, participants, workshops
from coproduce.ui.consent_dialog import ConsentDialog
from coproduce.ui.participant_form import ParticipantDialog
from coproduce.ui.participants_page import PeoplePage


@pytest.fixture
def page(qtbot: QtBot, engine: Engine) -> PeoplePage:
    workshop_id = workshops.create_workshop(engine, "t", "Carers' voices in Havant")
    people = PeoplePage(engine, "t", workshop_id)
    qtbot.addWidget(people)
    people.show()
    return people


def _when_shown(kind: type[QDialog], act: Callable[[QDialog], None], seen: list[QDialog]) -> None:
    """Act on the next dialog of this kind once it is open (exec() blocks the test until it closes)."""

    def check() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, kind) and dialog.isVisible():
            seen.append(dialog)
            act(dialog)
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)


def _fill_in(dialog: QDialog, name: str) -> None:
    assert isinstance(dialog, ParticipantDialog)
    dialog.name.setText(name)
    dialog.roles["carer"].setChecked(True)


def test_saving_a_new_person_goes_on_to_their_consent(qtbot: QtBot, page: PeoplePage, engine: Engine) -> None:
    seen: list[QDialog] = []

    def add(dialog: QDialog) -> None:
        _fill_in(dialog, "Grace Adeyemi")
        assert isinstance(dialog, ParticipantDialog) and dialog.consent_button is not None
        assert dialog.consent_button.isDefault()
        _when_shown(ConsentDialog, agree, seen)
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter takes the default: save, then consent

    def agree(dialog: QDialog) -> None:
        assert isinstance(dialog, ConsentDialog)
        assert dialog.person.display_name == "Grace Adeyemi"
        dialog.take_part.setChecked(True)
        dialog.accept()

    _when_shown(ParticipantDialog, add, seen)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert [type(d) for d in seen] == [ParticipantDialog, ConsentDialog]
    [person] = participants.list_participants(engine, page.workshop_id)
    assert consent.consent_state(engine, person.id).active
    assert page.count.text() == "1 person, 1 with consent"
    assert page.selected() is not None and page.selected().participant.id == person.id  # type: ignore[union-attr]


def test_save_alone_does_not_ask_for_consent(qtbot: QtBot, page: PeoplePage, engine: Engine) -> None:
    seen: list[QDialog] = []

    def add(dialog: QDialog) -> None:
        _fill_in(dialog, "Sam Okafor")
        assert isinstance(dialog, ParticipantDialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    _when_shown(ParticipantDialog, add, seen)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1 and QApplication.activeModalWidget() is None
    assert page.count.text() == "1 person, 0 with consent"
    participants.add_participant(
        engine, "t", page.workshop_id, participants.ParticipantInput(display_name="Ann", roles=["carer"])
    )
    page.load()
    assert page.count.text() == "2 people, 0 with consent"


def test_editing_a_person_offers_no_consent_button(qtbot: QtBot) -> None:
    dialog = ParticipantDialog(
        lambda data: None, participants.ParticipantInput(display_name="A", roles=["carer"])
    )
    qtbot.addWidget(dialog)
    assert dialog.consent_button is None
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isDefault()
