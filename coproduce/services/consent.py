"""The consent ledger: what each person was shown, when, how they agreed, to what, and any withdrawal."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, func
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, writing
from coproduce.services.validate import LONG, MEDIUM, SHORT, clean_text, one_of
from coproduce.storage.models import Participant
from coproduce.storage.models_consent import Consent, ConsentStatement, Withdrawal

METHODS: tuple[str, ...] = ("on_screen", "paper", "verbal")
WITHDRAWAL_CHOICES: tuple[str, ...] = ("keep_anonymous", "remove")


def default_statement() -> str:
    return translate(
        "Consent",
        "We are recording what people say today so that it can inform decisions about local health and care "
        "services. Taking part is your choice. What you say will be written down and may be quoted in a "
        "record that is shared with the organisations making the decision. You choose whether your name "
        "appears in that record; if not, you will be shown as a participant number or a name you choose. "
        "You can also choose to be contacted afterwards to hear what was decided; only then do we keep your "
        "contact details. You can withdraw at any time by telling the facilitator: you can then choose to "
        "have your contributions kept without your name, or removed from every later copy of the record.",
    )


@dataclass(frozen=True)
class ConsentState:
    consent: Consent | None
    statement: ConsentStatement | None
    withdrawal: Withdrawal | None

    @property
    def active(self) -> bool:
        """Consent to take part is recorded and has not been withdrawn."""
        return self.consent is not None and self.consent.take_part and self.withdrawal is None

    @property
    def may_be_named(self) -> bool:
        return self.active and self.consent is not None and self.consent.be_named


def _latest_statement(session: Session, workshop_id: str) -> ConsentStatement | None:
    return session.exec(
        select(ConsentStatement)
        .where(ConsentStatement.workshop_id == workshop_id)
        .order_by(col(ConsentStatement.version).desc())
        .limit(1)
    ).first()


def current_statement(engine: Engine, actor: str, workshop_id: str) -> ConsentStatement:
    """The wording in force; the first call writes the default wording as version 1."""
    with writing(engine) as session:
        statement = _latest_statement(session, workshop_id)
        if statement is None:
            ensure_editable(session, workshop_id)
            statement = ConsentStatement(workshop_id=workshop_id, version=1, text=default_statement())
            session.add(statement)
            session.flush()
            record(session, actor, "consent_statement.create", statement, chain=workshop_id)
        return statement


def set_statement(engine: Engine, actor: str, workshop_id: str, text: str) -> ConsentStatement:
    """Each edit of the wording is a new version; consents keep pointing at the version they were shown."""
    clean = clean_text(text, field=translate("Consent", "Consent statement"), limit=LONG, required=True)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        latest = _latest_statement(session, workshop_id)
        if latest is not None and latest.text == clean:
            return latest
        statement = ConsentStatement(
            workshop_id=workshop_id, version=(latest.version + 1) if latest else 1, text=clean
        )
        session.add(statement)
        session.flush()
        record(session, actor, "consent_statement.create", statement, chain=workshop_id)
        return statement


def record_consent(
    engine: Engine,
    actor: str,
    participant_id: str,
    *,
    method: str,
    statement_id: str | None = None,
    witness: str = "",
    take_part: bool = True,
    be_named: bool = False,
    be_contacted: bool = False,
    contact_details: str = "",
) -> str:
    one_of(method, METHODS, field=translate("Consent", "How consent was given"))
    witness = clean_text(witness, field=translate("Consent", "Witness"), limit=SHORT, multiline=False)
    if method == "verbal" and not witness:
        raise ValidationError(translate("Consent", "Verbal consent needs the name of a witness."))
    contact = clean_text(contact_details, field=translate("Consent", "Contact details"), limit=MEDIUM)
    if be_contacted and not contact:
        raise ValidationError(translate("Consent", "Add contact details, or untick “contact me afterwards”."))
    if not be_contacted:
        contact = ""  # only stored when the person agreed to be contacted
    with writing(engine) as session:
        person = get_or_fail(session, Participant, participant_id)
        ensure_editable(session, person.workshop_id)
        if person.removed:
            raise ValidationError(translate("Consent", "This person has been taken off the list."))
        if state_in(session, participant_id).withdrawal is not None:
            raise ValidationError(
                translate("Consent", "This person has withdrawn; their withdrawal stands and is not undone.")
            )
        if statement_id is None:
            statement = _latest_statement(session, person.workshop_id)
            if statement is None:
                raise ValidationError(translate("Consent", "This workshop has no consent statement yet."))
        else:
            statement = get_or_fail(session, ConsentStatement, statement_id)
            if statement.workshop_id != person.workshop_id:
                raise ValidationError(translate("Consent", "That statement belongs to another workshop."))
        consent = Consent(
            participant_id=participant_id,
            statement_id=statement.id,
            method=method,
            witness=witness,
            take_part=take_part,
            be_named=be_named and not person.anonymous,
            be_contacted=be_contacted,
            contact_details=contact,
        )
        session.add(consent)
        session.flush()
        record(session, actor, "consent.create", consent, chain=person.workshop_id)
        return consent.id


def withdraw(
    engine: Engine, actor: str, participant_id: str, *, choice: str, on: dt.date | None = None, note: str = ""
) -> str:
    one_of(choice, WITHDRAWAL_CHOICES, field=translate("Consent", "What happens to their contributions"))
    with writing(engine) as session:
        person = get_or_fail(session, Participant, participant_id)
        existing = session.exec(select(Withdrawal).where(Withdrawal.participant_id == participant_id)).first()
        if existing is not None:
            raise ValidationError(translate("Consent", "This person has already withdrawn."))
        item = Withdrawal(
            participant_id=participant_id,
            withdrawn_on=on or dt.date.today(),
            choice=choice,
            note=clean_text(note, field=translate("Consent", "Note"), limit=MEDIUM),
        )
        session.add(item)
        session.flush()
        record(session, actor, "consent.withdraw", item, chain=person.workshop_id)
        return item.id


def state_in(session: Session, participant_id: str) -> ConsentState:
    consent = session.exec(
        select(Consent)
        .where(Consent.participant_id == participant_id)
        .order_by(col(Consent.recorded_at).desc())
        .limit(1)
    ).first()
    statement = session.get(ConsentStatement, consent.statement_id) if consent else None
    withdrawal = session.exec(select(Withdrawal).where(Withdrawal.participant_id == participant_id)).first()
    return ConsentState(consent, statement, withdrawal)


def consent_state(engine: Engine, participant_id: str) -> ConsentState:
    with reading(engine) as session:
        return state_in(session, participant_id)


def consenting_participants(engine: Engine, workshop_id: str) -> list[Participant]:
    """Participants to whom contributions may be attributed: consent recorded, not withdrawn, not removed."""
    with reading(engine) as session:
        people = session.exec(
            select(Participant)
            .where(Participant.workshop_id == workshop_id, col(Participant.removed).is_(False))
            .order_by(col(Participant.number))
        )
        return [p for p in people if state_in(session, p.id).active]


def statement_count(engine: Engine, workshop_id: str) -> int:
    with reading(engine) as session:
        return session.exec(
            select(func.count())
            .select_from(ConsentStatement)
            .where(ConsentStatement.workshop_id == workshop_id)
        ).one()


def statements(engine: Engine, workshop_id: str) -> list[ConsentStatement]:
    """Every version of the workshop's consent wording, oldest first."""
    with reading(engine) as session:
        return list(
            session.exec(
                select(ConsentStatement)
                .where(ConsentStatement.workshop_id == workshop_id)
                .order_by(col(ConsentStatement.version))
            )
        )


def method_label(key: str) -> str:
    return {
        "on_screen": translate("Consent", "On screen"),
        "paper": translate("Consent", "On paper"),
        "verbal": translate("Consent", "Verbally, with a witness"),
    }.get(key, key)


def withdrawal_choice_label(key: str) -> str:
    return {
        "keep_anonymous": translate("Consent", "Keep their contributions, without their name"),
        "remove": translate("Consent", "Remove their contributions from every later export"),
    }.get(key, key)


def consent_summary(state: ConsentState) -> str:
    """One line for the participants table, in words (never colour alone)."""
    if state.withdrawal is not None:
        text = (
            translate("Consent", "Withdrawn {date}: contributions removed")
            if state.withdrawal.choice == "remove"
            else translate("Consent", "Withdrawn {date}: kept without name")
        )
        return text.format(date=state.withdrawal.withdrawn_on.strftime("%d %b %Y"))
    if state.consent is None:
        return translate("Consent", "Not recorded")
    if not state.consent.take_part:
        return translate("Consent", "Declined to take part")
    agreed = [
        translate("Consent", "named") if state.consent.be_named else translate("Consent", "not named"),
    ]
    if state.consent.be_contacted:
        agreed.append(translate("Consent", "to be contacted"))
    version = state.statement.version if state.statement else 0
    return translate("Consent", "Given (v{version}, {method}): {agreed}").format(
        version=version, method=method_label(state.consent.method).lower(), agreed=", ".join(agreed)
    )


@dataclass(frozen=True)
class LedgerRow:
    participant: Participant
    state: ConsentState


def ledger(engine: Engine, workshop_id: str, *, include_removed: bool = False) -> list[LedgerRow]:
    """Each participant with their consent state, by number."""
    query = (
        select(Participant).where(Participant.workshop_id == workshop_id).order_by(col(Participant.number))
    )
    if not include_removed:
        query = query.where(col(Participant.removed).is_(False))
    with reading(engine) as session:
        return [LedgerRow(p, state_in(session, p.id)) for p in session.exec(query)]
