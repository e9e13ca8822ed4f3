"""Exercises: added from a template or written by the facilitator, run in order, each time-boxed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import Engine, func
from sqlmodel import col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.lookup import get_or_fail
from coproduce.services.templates import kinds as known_kinds
from coproduce.services.templates import template
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import LONG, SHORT, clean_text
from coproduce.storage.models import Contribution, Exercise
from coproduce.storage.types import utcnow


@dataclass
class ExerciseInput:
    title: str
    principle: int
    prompt: str = ""
    easy_read_prompt: str = ""
    guidance: str = ""
    kinds: list[str] = field(default_factory=list)
    time_box_minutes: int = 15
    template_id: str = ""


def _clean(data: ExerciseInput) -> ExerciseInput:
    if data.principle not in (1, 2, 3, 4, 5, 6):
        raise ValidationError(
            translate("Exercises", "An exercise must serve one of the six principles (1–6).")
        )
    if not 1 <= data.time_box_minutes <= 600:
        raise ValidationError(translate("Exercises", "The time box must be between 1 and 600 minutes."))
    allowed = known_kinds()
    chosen = list(dict.fromkeys(data.kinds))
    bad = [k for k in chosen if k not in allowed]
    if bad:
        raise ValidationError(
            translate("Exercises", "Unknown kind of contribution: {kind}").format(kind=bad[0])
        )
    if not chosen:
        raise ValidationError(translate("Exercises", "Choose at least one kind of contribution."))
    return ExerciseInput(
        title=clean_text(
            data.title, field=translate("Exercises", "Title"), limit=SHORT, required=True, multiline=False
        ),
        principle=data.principle,
        prompt=clean_text(data.prompt, field=translate("Exercises", "Prompt"), limit=LONG),
        easy_read_prompt=clean_text(
            data.easy_read_prompt, field=translate("Exercises", "Easy Read prompt"), limit=LONG
        ),
        guidance=clean_text(data.guidance, field=translate("Exercises", "Guidance"), limit=LONG),
        kinds=chosen,
        time_box_minutes=data.time_box_minutes,
        template_id=data.template_id,
    )


def from_template(template_id: str) -> ExerciseInput:
    item = template(template_id)
    return ExerciseInput(
        title=item.title,
        principle=item.principle,
        prompt=item.prompt,
        easy_read_prompt=item.easy_read_prompt,
        guidance=item.guidance,
        kinds=list(item.kinds),
        time_box_minutes=item.time_box_minutes,
        template_id=item.id,
    )


def add_exercise(engine: Engine, actor: str, workshop_id: str, data: ExerciseInput) -> str:
    cleaned = _clean(data)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        highest = session.exec(
            select(func.max(Exercise.position)).where(Exercise.workshop_id == workshop_id)
        ).one()
        exercise = Exercise(workshop_id=workshop_id, position=(highest or 0) + 1, **cleaned.__dict__)
        session.add(exercise)
        session.flush()
        record(session, actor, "exercise.create", exercise, chain=workshop_id)
        return exercise.id


def update_exercise(engine: Engine, actor: str, exercise_id: str, data: ExerciseInput) -> None:
    cleaned = _clean(data)
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        fields = list(cleaned.__dict__)
        before = snapshot(exercise, fields)
        for key, value in cleaned.__dict__.items():
            setattr(exercise, key, value)
        after = snapshot(exercise, fields)
        if before != after:
            session.add(exercise)
            record(
                session,
                actor,
                "exercise.update",
                exercise,
                chain=exercise.workshop_id,
                before=before,
                after=after,
            )


def remove_exercise(engine: Engine, actor: str, exercise_id: str) -> None:
    """Take an exercise out of the running order (an ``exercise.remove`` event; the row is kept, hidden).

    Only one that never ran and has no contributions in use: nothing of substance is lost. One that has run
    keeps its time in the record; one with contributions keeps them until they are hidden.
    """
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        if exercise.hidden:
            return
        if exercise.started_at is not None and exercise.stopped_at is None:
            raise ValidationError(
                translate(
                    "Exercises",
                    "“{title}” is running — stop it first. Once it has run, it stays in the running order: "
                    "its time is part of the record.",
                ).format(title=exercise.title)
            )
        if exercise.started_at is not None or exercise.seconds_run > 0:
            raise ValidationError(
                translate(
                    "Exercises",
                    "“{title}” has been run, so it stays in the running order: its time is part of the "
                    "record.",
                ).format(title=exercise.title)
            )
        in_use = session.exec(
            select(func.count())
            .select_from(Contribution)
            .where(Contribution.exercise_id == exercise_id, col(Contribution.hidden).is_(False))
        ).one()
        if in_use:
            raise ValidationError(
                translate(
                    "Exercises",
                    "“{title}” has {count}, so it cannot be removed. Hide them first "
                    "(Contributions and themes ▸ Hide, with a reason), then remove the exercise.",
                ).format(
                    title=exercise.title,
                    count=translate("Exercises", "1 contribution")
                    if in_use == 1
                    else translate("Exercises", "{n} contributions").format(n=in_use),
                )
            )
        exercise.hidden = True
        session.add(exercise)
        record(
            session,
            actor,
            "exercise.remove",
            exercise,
            chain=exercise.workshop_id,
            before={"hidden": False},
            after={"hidden": True},
        )


def list_exercises(engine: Engine, workshop_id: str) -> list[Exercise]:
    with reading(engine) as session:
        return list(
            session.exec(
                select(Exercise)
                .where(Exercise.workshop_id == workshop_id, col(Exercise.hidden).is_(False))
                .order_by(col(Exercise.position))
            )
        )


def start_exercise(engine: Engine, actor: str, exercise_id: str) -> None:
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        if exercise.started_at is not None and exercise.stopped_at is None:
            return
        before = snapshot(exercise, ["started_at", "stopped_at"])
        exercise.started_at = utcnow()
        exercise.stopped_at = None
        session.add(exercise)
        record(
            session,
            actor,
            "exercise.start",
            exercise,
            chain=exercise.workshop_id,
            before=before,
            after=snapshot(exercise, ["started_at", "stopped_at"]),
        )


def stop_exercise(engine: Engine, actor: str, exercise_id: str) -> None:
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        if exercise.started_at is None or exercise.stopped_at is not None:
            return
        exercise.stopped_at = utcnow()
        exercise.seconds_run += int((exercise.stopped_at - exercise.started_at).total_seconds())
        session.add(exercise)
        record(
            session,
            actor,
            "exercise.stop",
            exercise,
            chain=exercise.workshop_id,
            after=snapshot(exercise, ["started_at", "stopped_at", "seconds_run"]),
        )


def get_exercise(engine: Engine, exercise_id: str) -> Exercise:
    with reading(engine) as session:
        return get_or_fail(session, Exercise, exercise_id)


def move_exercise(engine: Engine, actor: str, exercise_id: str, step: int) -> None:
    """Move an exercise up (``step`` < 0) or down the running order, swapping with its neighbour."""
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        order = list(
            session.exec(
                select(Exercise)
                .where(Exercise.workshop_id == exercise.workshop_id, col(Exercise.hidden).is_(False))
                .order_by(col(Exercise.position))
            )
        )
        index = next(i for i, item in enumerate(order) if item.id == exercise_id)
        target = index + (1 if step > 0 else -1)
        if step == 0 or not 0 <= target < len(order):
            return
        order[index], order[target] = order[target], order[index]
        for position, item in enumerate(order, start=1):
            if item.position != position:
                before = {"position": item.position}
                item.position = position
                session.add(item)
                record(
                    session,
                    actor,
                    "exercise.move",
                    item,
                    chain=item.workshop_id,
                    before=before,
                    after={"position": position},
                )


def running_exercise(engine: Engine, workshop_id: str) -> Exercise | None:
    """The exercise started and not yet stopped, if any."""
    with reading(engine) as session:
        return session.exec(
            select(Exercise).where(
                Exercise.workshop_id == workshop_id,
                col(Exercise.started_at).is_not(None),
                col(Exercise.stopped_at).is_(None),
            )
        ).first()


def record_run(
    engine: Engine, actor: str, exercise_id: str, started_at: dt.datetime, stopped_at: dt.datetime
) -> None:
    """Record a run that already happened (e.g. written down on paper): when it started and stopped."""
    if started_at.tzinfo is None or stopped_at.tzinfo is None:
        raise ValidationError(translate("Exercises", "Run times must include their time zone."))
    if stopped_at <= started_at:
        raise ValidationError(translate("Exercises", "An exercise must stop after it starts."))
    with writing(engine) as session:
        exercise = get_or_fail(session, Exercise, exercise_id)
        ensure_editable(session, exercise.workshop_id)
        fields = ["started_at", "stopped_at", "seconds_run"]
        before = snapshot(exercise, fields)
        exercise.started_at = started_at
        exercise.stopped_at = stopped_at
        exercise.seconds_run += int((stopped_at - started_at).total_seconds())
        session.add(exercise)
        record(
            session,
            actor,
            "exercise.run",
            exercise,
            chain=exercise.workshop_id,
            before=before,
            after=snapshot(exercise, fields),
        )
