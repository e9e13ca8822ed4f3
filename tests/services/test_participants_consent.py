"""Participants and the consent ledger: statement versions, what was agreed and how, contact details only with
consent, attribution refused without consent, and withdrawal honoured by every later export and report."""

from __future__ import annotations

import datetime as dt
import io
from contextlib import nullcontext, redirect_stdout

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from coproduce.cli import main
from coproduce.cli import workshops as cli_workshops
from coproduce.errors import ValidationError
from coproduce.record.canonical import build_record, encode
from coproduce.services import (
    consent,
    contributions,
    disclosure,
    equality,
    exercises,
    participants,
    reach_room,
    workshops,
)
from coproduce.services.participants import ParticipantInput
from coproduce.storage.database import Database
from coproduce.storage.models import Participant
from coproduce.storage.models_consent import Consent, ConsentStatement


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    return workshops.create_workshop(engine, "t", "Respite care in Fareham", date=dt.date(2026, 12, 3))


def _person(engine: Engine, workshop_id: str, **values: object) -> str:
    data = ParticipantInput(**{"roles": ["carer"], **values})  # type: ignore[arg-type]
    return participants.add_participant(engine, "t", workshop_id, data)


# --- participants ----------------------------------------------------------------------------------------


def test_participants_are_numbered_edited_and_taken_off_the_list(engine: Engine, workshop_id: str) -> None:
    a = _person(engine, workshop_id, display_name="Ada Lovell", organisation="Fareham CVS")
    b = _person(
        engine,
        workshop_id,
        pseudonym="Robin",
        roles=["resident", "other"],
        role_other="Parish council clerk",
        access_needs=["interpreter", "large_print"],
        interpreter_language="Polish",
    )
    c = _person(engine, workshop_id, display_name="Ignored", anonymous=True)
    rows = participants.list_participants(engine, workshop_id)
    assert [p.number for p in rows] == [1, 2, 3]
    robin = rows[1]
    assert robin.access_needs == ["interpreter:Polish", "large_print"]
    assert participants.access_needs_text(robin.access_needs) == "Interpreter (Polish), Large print"
    assert participants.roles_text(robin) == "Resident, Other: Parish council clerk"
    assert rows[2].display_name == "" and participants.label(rows[2]) == "Participant 3 (anonymous)"

    again = ParticipantInput.from_participant(robin)
    assert (again.access_needs, again.interpreter_language) == (["interpreter", "large_print"], "Polish")
    again.access_needs = ["large_print"]  # no interpreter any more: the language goes too
    participants.update_participant(engine, "t", b, again)
    assert participants.list_participants(engine, workshop_id)[1].access_needs == ["large_print"]

    participants.remove_participant(engine, "t", c)
    assert [p.id for p in participants.list_participants(engine, workshop_id)] == [a, b]
    assert len(participants.list_participants(engine, workshop_id, include_removed=True)) == 3

    with pytest.raises(ValidationError, match="name or a pseudonym"):
        _person(engine, workshop_id)
    with pytest.raises(ValidationError, match="“other” role"):
        _person(engine, workshop_id, display_name="X", roles=["other"])
    with pytest.raises(ValidationError, match="Unknown role"):
        _person(engine, workshop_id, display_name="X", roles=["king"])


# --- the ledger ------------------------------------------------------------------------------------------


def test_each_edit_of_the_statement_is_a_new_version_and_consent_keeps_the_one_shown(
    engine: Engine, workshop_id: str
) -> None:
    first = consent.current_statement(engine, "t", workshop_id)
    assert first.version == 1 and "withdraw at any time" in first.text
    person = _person(engine, workshop_id, display_name="Ada Lovell")
    consent.record_consent(engine, "t", person, method="paper", be_named=True)

    second = consent.set_statement(engine, "t", workshop_id, first.text + " Photos are not taken.")
    assert second.version == 2
    assert (
        consent.set_statement(engine, "t", workshop_id, second.text).id == second.id
    )  # no change, no version
    assert [s.version for s in consent.statements(engine, workshop_id)] == [1, 2]

    state = consent.consent_state(engine, person)
    assert state.statement is not None and state.consent is not None
    assert (state.statement.version, state.statement.text) == (1, first.text)  # the exact wording shown
    assert state.consent.method == "paper" and state.consent.recorded_at is not None
    assert consent.consent_summary(state) == "Given (v1, on paper): named"

    # A fresh consent after the edit points at version 2; the old row stays in the ledger.
    consent.record_consent(engine, "t", person, method="on_screen")
    assert consent.consent_state(engine, person).statement == second
    with Session(engine) as session:
        rows = session.exec(select(Consent).where(Consent.participant_id == person)).all()
        shown = {session.get(ConsentStatement, r.statement_id).version for r in rows}  # type: ignore[union-attr]
    assert shown == {1, 2}


def test_verbal_consent_needs_a_witness_and_contact_details_need_consent_to_contact(
    engine: Engine, workshop_id: str
) -> None:
    consent.current_statement(engine, "t", workshop_id)
    person = _person(engine, workshop_id, pseudonym="Rose")
    with pytest.raises(ValidationError, match="witness"):
        consent.record_consent(engine, "t", person, method="verbal")
    with pytest.raises(ValidationError, match="contact details"):
        consent.record_consent(engine, "t", person, method="paper", be_contacted=True)
    with pytest.raises(ValidationError, match="must be one of"):
        consent.record_consent(engine, "t", person, method="telepathy")

    consent.record_consent(
        engine, "t", person, method="verbal", witness="Imran Malik", contact_details="rose@example.org"
    )
    state = consent.consent_state(engine, person)
    assert state.consent is not None
    assert (state.consent.witness, state.consent.contact_details) == ("Imran Malik", "")  # not stored
    consent.record_consent(
        engine, "t", person, method="paper", be_contacted=True, contact_details="07700 900123"
    )
    state = consent.consent_state(engine, person)
    assert state.consent is not None and state.consent.contact_details == "07700 900123"
    assert consent.consent_summary(state) == "Given (v1, on paper): not named, to be contacted"

    anonymous = _person(engine, workshop_id, anonymous=True)
    consent.record_consent(engine, "t", anonymous, method="on_screen", be_named=True)
    assert not consent.consent_state(engine, anonymous).may_be_named  # nobody is named who is anonymous


def test_nothing_is_attributed_without_consent(engine: Engine, workshop_id: str) -> None:
    consent.current_statement(engine, "t", workshop_id)
    exercise = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    person = _person(engine, workshop_id, display_name="Ada Lovell")
    with pytest.raises(ValidationError, match="no consent recorded"):
        contributions.add_contribution(
            engine, "t", exercise, "A sitter service", "need", participant_id=person
        )
    contributions.add_contribution(engine, "t", exercise, "A sitter service", "need")  # anonymously is fine
    consent.record_consent(engine, "t", person, method="paper", take_part=False)  # declined
    with pytest.raises(ValidationError, match="no consent recorded"):
        contributions.add_contribution(engine, "t", exercise, "Again", "need", participant_id=person)
    consent.record_consent(engine, "t", person, method="paper")
    contributions.add_contribution(engine, "t", exercise, "Now it counts", "need", participant_id=person)
    assert [p.id for p in consent.consenting_participants(engine, workshop_id)] == [person]


# --- withdrawal ------------------------------------------------------------------------------------------


def _outputs(database: Database, workshop_id: str, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Every export and report there is, as text."""
    engine = database.engine
    with Session(engine) as session:
        record = build_record(
            session,
            workshop_id,
            record_id="r",
            revision=1,
            amends_sha256="",
            signer={"name": "t"},
            gaps_reason="",
            generated_at=dt.datetime(2026, 12, 4, tzinfo=dt.UTC),
        )
        public = disclosure.contributions(session, workshop_id)
        labels = [v.label or "" for v in disclosure.people(session, workshop_id).values()]
    listed = io.StringIO()
    # `coproduce list` as typed, on this already open (and so locked) database
    monkeypatch.setattr(cli_workshops, "open_database", lambda _paths: nullcontext(database))
    with redirect_stdout(listed):
        assert main(["--data-dir", str(database.paths.root), "list"]) == 0
    reach = reach_room.render_report_text(reach_room.reach_report(engine, workshop_id))
    return {
        "record": encode(record)[0].decode(),
        "disclosure": "\n".join([*(f"{p.attribution}: {p.contribution.text}" for p in public), *labels]),
        "list": listed.getvalue(),
        "reach": reach,
        "equality": equality.render_equality_text(equality.equality_report(engine, workshop_id)),
    }


def test_a_withdrawn_name_and_removed_words_never_appear_in_a_later_export_or_report(
    database: Database, workshop_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = database.engine
    consent.current_statement(engine, "t", workshop_id)
    exercise = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    kept = _person(engine, workshop_id, display_name="Zofia Kowalczyk", pseudonym="Zee")
    gone = _person(engine, workshop_id, display_name="Quentin Marsh", roles=["volunteer"])
    stays = _person(engine, workshop_id, display_name="Nadia Frost")
    for person in (kept, gone, stays):
        consent.record_consent(engine, "t", person, method="on_screen", be_named=True)
    contributions.add_contribution(
        engine, "t", exercise, "Zofia's words stay without her name", "need", participant_id=kept
    )
    contributions.add_contribution(
        engine, "t", exercise, "Quentin's words must vanish entirely", "need", participant_id=gone
    )
    contributions.add_contribution(
        engine, "t", exercise, "Nadia's words, named", "need", participant_id=stays
    )
    before = _outputs(database, workshop_id, monkeypatch)
    assert "Quentin Marsh" in before["record"] and "Quentin's words must vanish" in before["record"]
    assert "No volunteers" not in before["reach"]

    consent.withdraw(engine, "t", kept, choice="keep_anonymous", on=dt.date(2026, 12, 10))
    consent.withdraw(engine, "t", gone, choice="remove", on=dt.date(2026, 12, 11), note="Phoned the office")
    with pytest.raises(ValidationError, match="already withdrawn"):
        consent.withdraw(engine, "t", gone, choice="keep_anonymous")
    with pytest.raises(ValidationError, match="withdrawn"):
        consent.record_consent(engine, "t", gone, method="paper")  # a withdrawal is not quietly undone
    state = consent.consent_state(engine, gone)
    assert state.withdrawal is not None and state.withdrawal.withdrawn_on == dt.date(2026, 12, 11)
    assert consent.consent_summary(state) == "Withdrawn 11 Dec 2026: contributions removed"

    after = _outputs(database, workshop_id, monkeypatch)
    for name, text in after.items():
        for secret in ("Zofia Kowalczyk", "Zee", "Quentin", "Marsh", "must vanish"):
            assert secret not in text, (name, secret)
    assert "Zofia's words stay without her name" in after["record"]
    assert "Nadia Frost" in after["record"] and "Nadia's words, named" in after["record"]
    # the person who asked to be removed is no longer counted in the room's role mix
    assert "No volunteers are in the room" in after["reach"]
    # nothing was deleted: the history still holds the person and their words
    with Session(engine) as session:
        assert session.get(Participant, gone) is not None
    assert any(c.text.startswith("Quentin's") for c in contributions.list_contributions(engine, workshop_id))
