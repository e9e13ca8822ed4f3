"""Participants of a workshop: who they are, their roles, what they need to take part."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine, func
from sqlmodel import col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.choices import ROLES
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import MEDIUM, SHORT, clean_text
from coproduce.storage.models import Participant

ACCESS_NEEDS: tuple[str, ...] = (
    "large_print",
    "easy_read",
    "interpreter",
    "bsl_interpreter",
    "hearing_loop",
    "step_free",
    "quiet_space",
    "other",
)


@dataclass
class ParticipantInput:
    display_name: str = ""
    pseudonym: str = ""
    anonymous: bool = False
    roles: list[str] = field(default_factory=list)
    role_other: str = ""
    organisation: str = ""
    access_needs: list[str] = field(default_factory=list)
    access_notes: str = ""


def _clean(data: ParticipantInput) -> ParticipantInput:
    roles = [r for r in dict.fromkeys(data.roles)]
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValidationError(translate("Participants", "Unknown role: {role}").format(role=unknown[0]))
    needs = [n for n in dict.fromkeys(data.access_needs)]
    unknown = [n for n in needs if n not in ACCESS_NEEDS]
    if unknown:
        raise ValidationError(
            translate("Participants", "Unknown access need: {need}").format(need=unknown[0])
        )
    cleaned = ParticipantInput(
        display_name=clean_text(
            data.display_name, field=translate("Participants", "Name"), limit=SHORT, multiline=False
        ),
        pseudonym=clean_text(
            data.pseudonym, field=translate("Participants", "Pseudonym"), limit=SHORT, multiline=False
        ),
        anonymous=data.anonymous,
        roles=roles,
        role_other=clean_text(
            data.role_other, field=translate("Participants", "Other role"), limit=SHORT, multiline=False
        )
        if "other" in roles
        else "",
        organisation=clean_text(
            data.organisation, field=translate("Participants", "Organisation"), limit=SHORT, multiline=False
        ),
        access_needs=needs,
        access_notes=clean_text(
            data.access_notes, field=translate("Participants", "Access notes"), limit=MEDIUM
        ),
    )
    if cleaned.anonymous:
        cleaned.display_name = ""
    elif not cleaned.display_name and not cleaned.pseudonym:
        raise ValidationError(
            translate("Participants", "Give a name or a pseudonym, or mark the person as anonymous.")
        )
    return cleaned


def add_participant(engine: Engine, actor: str, workshop_id: str, data: ParticipantInput) -> str:
    cleaned = _clean(data)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        highest = session.exec(
            select(func.max(Participant.number)).where(Participant.workshop_id == workshop_id)
        ).one()
        person = Participant(workshop_id=workshop_id, number=(highest or 0) + 1, **cleaned.__dict__)
        session.add(person)
        session.flush()
        record(session, actor, "participant.create", person, chain=workshop_id)
        return person.id


def update_participant(engine: Engine, actor: str, participant_id: str, data: ParticipantInput) -> None:
    cleaned = _clean(data)
    with writing(engine) as session:
        person = get_or_fail(session, Participant, participant_id)
        ensure_editable(session, person.workshop_id)
        fields = list(cleaned.__dict__)
        before = snapshot(person, fields)
        for key, value in cleaned.__dict__.items():
            setattr(person, key, value)
        after = snapshot(person, fields)
        if before == after:
            return
        session.add(person)
        record(
            session, actor, "participant.update", person, chain=person.workshop_id, before=before, after=after
        )


def remove_participant(engine: Engine, actor: str, participant_id: str) -> None:
    """Take someone off the list (added by mistake). The row and its history stay."""
    with writing(engine) as session:
        person = get_or_fail(session, Participant, participant_id)
        ensure_editable(session, person.workshop_id)
        if person.removed:
            return
        person.removed = True
        session.add(person)
        record(
            session,
            actor,
            "participant.remove",
            person,
            chain=person.workshop_id,
            before={"removed": False},
            after={"removed": True},
        )


def list_participants(
    engine: Engine, workshop_id: str, *, include_removed: bool = False
) -> list[Participant]:
    query = (
        select(Participant).where(Participant.workshop_id == workshop_id).order_by(col(Participant.number))
    )
    if not include_removed:
        query = query.where(col(Participant.removed).is_(False))
    with reading(engine) as session:
        return list(session.exec(query))


def label(person: Participant) -> str:
    """How the facilitator sees a person in the app (never used for the record: see consent)."""
    if person.anonymous:
        return translate("Participants", "Participant {n} (anonymous)").format(n=person.number)
    if person.display_name:
        return person.display_name
    return person.pseudonym
