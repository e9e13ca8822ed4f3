"""Workshops: create, list, read, edit the overview, duplicate, archive."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, func
from sqlmodel import col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.choices import INFLUENCE_LEVELS, PROPOSAL_STATUSES, WORKSHOP_STATUSES
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import LONG, MEDIUM, SHORT, clean_text, one_of
from coproduce.storage.models import Contribution, Document, Exercise, Facilitator, Participant, Workshop
from coproduce.storage.types import utcnow

_TEXT_LIMITS: dict[str, tuple[int, bool]] = {
    "title": (SHORT, False),
    "place": (SHORT, False),
    "venue": (SHORT, False),
    "question": (LONG, True),
    "preferred_option": (MEDIUM, True),
}
OVERVIEW_FIELDS: tuple[str, ...] = (
    "title",
    "place",
    "venue",
    "date",
    "start_time",
    "end_time",
    "question",
    "proposal_status",
    "preferred_option",
    "decision_due",
    "influence",
    "notice_given",
    "status",
)


def _field_name(key: str) -> str:
    return {
        "title": translate("Workshops", "Title"),
        "place": translate("Workshops", "Place"),
        "venue": translate("Workshops", "Venue"),
        "question": translate("Workshops", "Question or proposal"),
        "preferred_option": translate("Workshops", "Preferred option"),
        "influence": translate("Workshops", "Level of influence"),
        "proposal_status": translate("Workshops", "Proposal status"),
        "status": translate("Workshops", "Status"),
    }.get(key, key)


@dataclass(frozen=True)
class WorkshopSummary:
    id: str
    title: str
    place: str
    date: dt.date | None
    status: str
    archived: bool
    participants: int
    contributions: int


@dataclass(frozen=True)
class FacilitatorInput:
    name: str
    organisation: str = ""
    is_lead: bool = False


@dataclass
class WorkshopDetails:
    workshop: Workshop
    facilitators: list[Facilitator] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)

    @property
    def lead(self) -> Facilitator | None:
        for person in self.facilitators:
            if person.is_lead:
                return person
        return self.facilitators[0] if self.facilitators else None


def _clean_changes(changes: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in OVERVIEW_FIELDS:
            raise ValidationError(translate("Workshops", "Unknown workshop field: {key}").format(key=key))
        if key in _TEXT_LIMITS:
            limit, multiline = _TEXT_LIMITS[key]
            cleaned[key] = clean_text(
                str(value or ""),
                field=_field_name(key),
                limit=limit,
                required=key == "title",
                multiline=multiline,
            )
        elif key == "influence":
            cleaned[key] = one_of(str(value), INFLUENCE_LEVELS, field=_field_name(key))
        elif key == "proposal_status":
            cleaned[key] = one_of(str(value), PROPOSAL_STATUSES, field=_field_name(key))
        elif key == "status":
            cleaned[key] = one_of(str(value), WORKSHOP_STATUSES, field=_field_name(key))
        elif key in ("date", "decision_due", "notice_given"):
            if value is not None and not isinstance(value, dt.date):
                raise ValidationError(translate("Workshops", "{key} must be a date.").format(key=key))
            cleaned[key] = value
        elif key in ("start_time", "end_time"):
            if value is not None and not isinstance(value, dt.time):
                raise ValidationError(translate("Workshops", "{key} must be a time.").format(key=key))
            cleaned[key] = value
    return cleaned


def _check_consistency(workshop: Workshop) -> None:
    if workshop.start_time and workshop.end_time and workshop.end_time <= workshop.start_time:
        raise ValidationError(translate("Workshops", "The end time must be after the start time."))


def create_workshop(engine: Engine, actor: str, title: str, **fields: Any) -> str:
    values = _clean_changes({"title": title, **fields})
    with writing(engine) as session:
        workshop = Workshop(**values)
        _check_consistency(workshop)
        session.add(workshop)
        session.flush()
        record(session, actor, "workshop.create", workshop, chain=workshop.id)
        return workshop.id


def update_workshop(engine: Engine, actor: str, workshop_id: str, changes: dict[str, Any]) -> None:
    values = _clean_changes(changes)
    with writing(engine) as session:
        workshop = ensure_editable(session, workshop_id)
        changed = {k: v for k, v in values.items() if getattr(workshop, k) != v}
        if not changed:
            return
        before = snapshot(workshop, list(changed))
        for key, value in changed.items():
            setattr(workshop, key, value)
        _check_consistency(workshop)
        workshop.updated_at = utcnow()
        session.add(workshop)
        record(
            session,
            actor,
            "workshop.update",
            workshop,
            chain=workshop.id,
            before=before,
            after=snapshot(workshop, list(changed)),
        )


def set_facilitators(engine: Engine, actor: str, workshop_id: str, people: list[FacilitatorInput]) -> None:
    cleaned = [
        FacilitatorInput(
            name=clean_text(
                p.name,
                field=translate("Workshops", "Facilitator's name"),
                limit=SHORT,
                required=True,
                multiline=False,
            ),
            organisation=clean_text(
                p.organisation, field=translate("Workshops", "Organisation"), limit=SHORT, multiline=False
            ),
            is_lead=p.is_lead,
        )
        for p in people
        if p.name.strip()
    ]
    if cleaned and not any(p.is_lead for p in cleaned):
        cleaned[0] = FacilitatorInput(cleaned[0].name, cleaned[0].organisation, True)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        existing = list(session.exec(select(Facilitator).where(Facilitator.workshop_id == workshop_id)))
        before = [snapshot(f, ["name", "organisation", "is_lead"]) for f in existing]
        after = [{"name": p.name, "organisation": p.organisation, "is_lead": p.is_lead} for p in cleaned]
        if before == after:
            return
        for old in existing:
            session.delete(old)
        session.flush()
        for position, person in enumerate(cleaned):
            session.add(
                Facilitator(
                    workshop_id=workshop_id,
                    position=position,
                    name=person.name,
                    organisation=person.organisation,
                    is_lead=person.is_lead,
                )
            )
        workshop = get_or_fail(session, Workshop, workshop_id)
        record(
            session,
            actor,
            "workshop.facilitators",
            workshop,
            chain=workshop_id,
            before={"facilitators": before},
            after={"facilitators": after},
        )


def get_workshop(engine: Engine, workshop_id: str) -> WorkshopDetails:
    with reading(engine) as session:
        workshop = get_or_fail(session, Workshop, workshop_id)
        facilitators = list(
            session.exec(
                select(Facilitator)
                .where(Facilitator.workshop_id == workshop_id)
                .order_by(col(Facilitator.position))
            )
        )
        documents = list(
            session.exec(
                select(Document)
                .where(Document.workshop_id == workshop_id, col(Document.removed).is_(False))
                .order_by(col(Document.added_at))
            )
        )
        return WorkshopDetails(workshop, facilitators, documents)


def list_workshops(engine: Engine, *, include_archived: bool = False) -> list[WorkshopSummary]:
    participants = (
        select(Participant.workshop_id, func.count().label("n"))
        .where(col(Participant.removed).is_(False))
        .group_by(col(Participant.workshop_id))
        .subquery()
    )
    contributions = (
        select(Contribution.workshop_id, func.count().label("n"))
        .where(col(Contribution.hidden).is_(False))
        .group_by(col(Contribution.workshop_id))
        .subquery()
    )
    query = (
        select(Workshop, participants.c.n, contributions.c.n)
        .outerjoin(participants, participants.c.workshop_id == Workshop.id)
        .outerjoin(contributions, contributions.c.workshop_id == Workshop.id)
        .order_by(col(Workshop.date).desc(), col(Workshop.created_at).desc())
    )
    if not include_archived:
        query = query.where(col(Workshop.archived).is_(False))
    with reading(engine) as session:
        return [
            WorkshopSummary(w.id, w.title, w.place, w.date, w.status, w.archived, p or 0, c or 0)
            for w, p, c in session.exec(query)
        ]


def duplicate_workshop(engine: Engine, actor: str, workshop_id: str) -> str:
    """A new draft with the same overview, facilitators, documents and exercises (no people, no input)."""
    with writing(engine) as session:
        source = get_or_fail(session, Workshop, workshop_id)
        data = source.model_dump(
            exclude={"id", "created_at", "updated_at", "status", "archived", "duplicated_from"}
        )
        data["title"] = translate("Workshops", "{title} (copy)").format(title=source.title)[:SHORT]
        copy = Workshop(**data, duplicated_from=source.id)
        session.add(copy)
        session.flush()
        for person in session.exec(select(Facilitator).where(Facilitator.workshop_id == source.id)):
            session.add(Facilitator(**person.model_dump(exclude={"id", "workshop_id"}), workshop_id=copy.id))
        for doc in session.exec(select(Document).where(Document.workshop_id == source.id)):
            session.add(Document(**doc.model_dump(exclude={"id", "workshop_id"}), workshop_id=copy.id))
        for exercise in session.exec(select(Exercise).where(Exercise.workshop_id == source.id)):
            session.add(
                Exercise(
                    **exercise.model_dump(
                        exclude={"id", "workshop_id", "started_at", "stopped_at", "seconds_run"}
                    ),
                    workshop_id=copy.id,
                )
            )
        record(
            session,
            actor,
            "workshop.create",
            copy,
            chain=copy.id,
            after={**snapshot(copy), "duplicated_from": source.id},
        )
        return copy.id


def set_archived(engine: Engine, actor: str, workshop_id: str, archived: bool = True) -> None:
    with writing(engine) as session:
        workshop = get_or_fail(session, Workshop, workshop_id)
        if workshop.archived == archived:
            return
        workshop.archived = archived
        session.add(workshop)
        record(
            session,
            actor,
            "workshop.archive" if archived else "workshop.unarchive",
            workshop,
            chain=workshop_id,
            before={"archived": not archived},
            after={"archived": archived},
        )
