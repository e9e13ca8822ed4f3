"""Contributions: captured the moment Enter is pressed, edited with history, hidden (never deleted)."""

from __future__ import annotations

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.consent import state_in
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import MEDIUM, SHORT, clean_text, one_of
from coproduce.storage.models import Contribution, Exercise, Participant, Theme
from coproduce.storage.types import utcnow

SOURCES: tuple[str, ...] = ("facilitator", "participant", "paper")
TEXT_LIMIT = 10_000


def clean_contribution_text(text: str) -> str:
    return clean_text(
        text, field=translate("Contributions", "The contribution"), limit=TEXT_LIMIT, required=True
    )


def check_attribution(session: Session, workshop_id: str, participant_id: str | None) -> None:
    if participant_id is None:
        return
    person = get_or_fail(session, Participant, participant_id)
    if person.workshop_id != workshop_id or person.removed:
        raise ValidationError(translate("Contributions", "That participant is not in this workshop."))
    if not state_in(session, participant_id).active:
        raise ValidationError(
            translate(
                "Contributions",
                "{name} has no consent recorded (or has withdrawn), so nothing can be attributed to them. "
                "Record their consent first, or save this anonymously.",
            ).format(name=person.display_name or person.pseudonym or f"#{person.number}")
        )


def add_contribution(
    engine: Engine,
    actor: str,
    exercise_id: str,
    text: str,
    kind: str,
    *,
    participant_id: str | None = None,
    source: str = "facilitator",
    theme_id: str | None = None,
) -> str:
    clean = clean_contribution_text(text)
    one_of(source, SOURCES, field=translate("Contributions", "How it came in"))
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        if kind not in exercise.kinds:
            raise ValidationError(
                translate("Contributions", "“{kind}” is not a kind this exercise asks for.").format(kind=kind)
            )
        check_attribution(session, exercise.workshop_id, participant_id)
        if theme_id is not None:
            _check_theme(session, exercise.workshop_id, theme_id)
        item = Contribution(
            workshop_id=exercise.workshop_id,
            exercise_id=exercise_id,
            participant_id=participant_id,
            kind=kind,
            text=clean,
            source=source,
            theme_id=theme_id,
        )
        session.add(item)
        session.flush()
        record(session, actor, "contribution.create", item, chain=exercise.workshop_id)
        return item.id


def _check_theme(session: Session, workshop_id: str, theme_id: str) -> Theme:
    theme = get_or_fail(session, Theme, theme_id)
    if theme.workshop_id != workshop_id:
        raise ValidationError(translate("Contributions", "That theme belongs to another workshop."))
    return theme


def _change(engine: Engine, actor: str, contribution_id: str, action: str, **values: object) -> None:
    with writing(engine) as session:
        item = get_or_fail(session, Contribution, contribution_id)
        ensure_editable(session, item.workshop_id)
        fields = list(values)
        before = snapshot(item, fields)
        for key, value in values.items():
            setattr(item, key, value)
        after = snapshot(item, fields)
        if before == after:
            return
        if "participant_id" in values:
            check_attribution(session, item.workshop_id, item.participant_id)
        if values.get("theme_id"):
            _check_theme(session, item.workshop_id, str(values["theme_id"]))
        item.updated_at = utcnow()
        session.add(item)
        record(session, actor, action, item, chain=item.workshop_id, before=before, after=after)


def edit_contribution(
    engine: Engine, actor: str, contribution_id: str, text: str, kind: str | None = None
) -> None:
    """Edit the words (the event log keeps every earlier version)."""
    values: dict[str, object] = {"text": clean_contribution_text(text)}
    if kind is not None:
        values["kind"] = kind
    _change(engine, actor, contribution_id, "contribution.edit", **values)


def attribute_contribution(
    engine: Engine, actor: str, contribution_id: str, participant_id: str | None
) -> None:
    """Correct who said it: a person whose consent allows it (as at capture), or None for anonymous."""
    _change(engine, actor, contribution_id, "contribution.attribute", participant_id=participant_id)


def hide_contribution(engine: Engine, actor: str, contribution_id: str, reason: str) -> None:
    why = clean_text(
        reason, field=translate("Contributions", "The reason for hiding"), limit=MEDIUM, required=True
    )
    _change(engine, actor, contribution_id, "contribution.hide", hidden=True, hidden_reason=why)


def unhide_contribution(engine: Engine, actor: str, contribution_id: str) -> None:
    _change(engine, actor, contribution_id, "contribution.unhide", hidden=False)


def mark_duplicate(engine: Engine, actor: str, contribution_id: str, original_id: str | None) -> None:
    if original_id == contribution_id:
        raise ValidationError(translate("Contributions", "A contribution cannot duplicate itself."))
    if original_id is not None:
        with reading(engine) as session:
            original = get_or_fail(session, Contribution, original_id)
            item = get_or_fail(session, Contribution, contribution_id)
            if original.workshop_id != item.workshop_id:
                raise ValidationError(translate("Contributions", "Duplicates must be in the same workshop."))
    _change(engine, actor, contribution_id, "contribution.duplicate", duplicate_of=original_id)


def set_theme(engine: Engine, actor: str, contribution_ids: list[str], theme_id: str | None) -> None:
    for contribution_id in contribution_ids:
        _change(engine, actor, contribution_id, "contribution.theme", theme_id=theme_id)


def add_theme(engine: Engine, actor: str, workshop_id: str, name: str, exercise_id: str | None = None) -> str:
    clean = clean_text(
        name, field=translate("Contributions", "Theme name"), limit=SHORT, required=True, multiline=False
    )
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        count = len(list(session.exec(select(Theme.id).where(Theme.workshop_id == workshop_id))))
        theme = Theme(workshop_id=workshop_id, exercise_id=exercise_id, name=clean, position=count + 1)
        session.add(theme)
        session.flush()
        record(session, actor, "theme.create", theme, chain=workshop_id)
        return theme.id


def list_themes(engine: Engine, workshop_id: str) -> list[Theme]:
    with reading(engine) as session:
        return list(
            session.exec(select(Theme).where(Theme.workshop_id == workshop_id).order_by(col(Theme.position)))
        )


def list_contributions(
    engine: Engine, workshop_id: str, *, include_hidden: bool = True
) -> list[Contribution]:
    query = (
        select(Contribution)
        .where(Contribution.workshop_id == workshop_id)
        .order_by(col(Contribution.created_at))
    )
    if not include_hidden:
        query = query.where(col(Contribution.hidden).is_(False))
    with reading(engine) as session:
        return list(session.exec(query))
