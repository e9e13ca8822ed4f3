"""Participants of a workshop: who they are, their roles, what they need to take part."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
    interpreter_language: str = ""  # kept in access_needs as "interpreter:<language>"

    @classmethod
    def from_participant(cls, person: Participant) -> ParticipantInput:
        return cls(
            display_name=person.display_name,
            pseudonym=person.pseudonym,
            anonymous=person.anonymous,
            roles=list(person.roles),
            role_other=person.role_other,
            organisation=person.organisation,
            access_needs=[need_key(n) for n in person.access_needs],
            access_notes=person.access_notes,
            interpreter_language=interpreter_language(person.access_needs),
        )

    def stored(self) -> dict[str, Any]:
        """The participant's columns: the interpreter's language folded into its access need."""
        values: dict[str, Any] = dict(self.__dict__)
        language = values.pop("interpreter_language")
        values["access_needs"] = [
            f"interpreter:{language}" if n == "interpreter" and language else n for n in self.access_needs
        ]
        return values


def need_key(entry: str) -> str:
    """ "interpreter:Bengali" -> "interpreter"."""
    return entry.partition(":")[0]


def interpreter_language(needs: list[str]) -> str:
    for entry in needs:
        key, _, language = entry.partition(":")
        if key == "interpreter":
            return language
    return ""


def access_need_label(key: str) -> str:
    return {
        "large_print": translate("Participants", "Large print"),
        "easy_read": translate("Participants", "Easy Read"),
        "interpreter": translate("Participants", "Interpreter"),
        "bsl_interpreter": translate("Participants", "BSL interpreter"),
        "hearing_loop": translate("Participants", "Hearing loop"),
        "step_free": translate("Participants", "Step-free access"),
        "quiet_space": translate("Participants", "Quiet space"),
        "other": translate("Participants", "Other"),
    }.get(key, key)


def access_needs_text(needs: list[str]) -> str:
    """ "Large print, Interpreter (Bengali)" for a person's stored access needs."""
    parts = []
    for entry in needs:
        key, _, language = entry.partition(":")
        label = access_need_label(key)
        parts.append(
            translate("Participants", "{need} ({language})").format(need=label, language=language)
            if language
            else label
        )
    return ", ".join(parts)


def roles_text(person: Participant) -> str:
    from coproduce.services.choices import role_label

    parts = [
        translate("Participants", "Other: {role}").format(role=person.role_other)
        if r == "other" and person.role_other
        else role_label(r)
        for r in person.roles
    ]
    return ", ".join(parts)


def _clean(data: ParticipantInput) -> ParticipantInput:
    roles = [r for r in dict.fromkeys(data.roles)]
    unknown = [r for r in roles if r not in ROLES]
    if unknown:
        raise ValidationError(translate("Participants", "Unknown role: {role}").format(role=unknown[0]))
    needs = [n for n in dict.fromkeys(need_key(n) for n in data.access_needs)]
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
        interpreter_language=clean_text(
            data.interpreter_language or interpreter_language(data.access_needs),
            field=translate("Participants", "Interpreter's language"),
            limit=SHORT,
            multiline=False,
        ).replace(":", " ")
        if "interpreter" in needs
        else "",
    )
    if "other" in roles and not cleaned.role_other:
        raise ValidationError(translate("Participants", "Say what the “other” role is."))
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
        person = Participant(workshop_id=workshop_id, number=(highest or 0) + 1, **cleaned.stored())
        session.add(person)
        session.flush()
        record(session, actor, "participant.create", person, chain=workshop_id)
        return person.id


def update_participant(engine: Engine, actor: str, participant_id: str, data: ParticipantInput) -> None:
    cleaned = _clean(data)
    with writing(engine) as session:
        person = get_or_fail(session, Participant, participant_id)
        ensure_editable(session, person.workshop_id)
        values = cleaned.stored()
        fields = list(values)
        before = snapshot(person, fields)
        for key, value in values.items():
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
