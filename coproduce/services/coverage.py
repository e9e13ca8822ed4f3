"""Principle coverage: for each of the six principles, what the workshop has done and heard so far.

For each principle: the exercises serving it (and how long they ran), the contributions to them, the
distinct participants who contributed, the carers' contributions, and plain warnings where a principle has
no evidence yet. Hidden contributions do not count, nor do those of anyone who withdrew and asked for their
words to be removed (they will not be in the record either).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlmodel import col, select

from coproduce.i18n import translate
from coproduce.services import disclosure
from coproduce.services.principles import PRINCIPLE_NUMBERS, principle_short, principle_title
from coproduce.services.unit import reading
from coproduce.storage.models import Contribution, Exercise

CARER = "carer"


def _t(text: str) -> str:
    return translate("Coverage", text)


@dataclass(frozen=True)
class ExerciseServed:
    id: str
    title: str
    seconds_run: int
    contributions: int


@dataclass
class PrincipleCoverage:
    principle: int
    exercises: list[ExerciseServed] = field(default_factory=list)
    contributions: int = 0
    participants: int = 0  # distinct people to whom contributions are attributed
    anonymous: int = 0  # contributions attributed to nobody
    carer_contributions: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return principle_title(self.principle)

    @property
    def short(self) -> str:
        return principle_short(self.principle)

    @property
    def has_evidence(self) -> bool:
        return not self.warnings


def _warnings(item: PrincipleCoverage) -> list[str]:
    n = item.principle
    if not item.exercises:
        return [_t("No exercise serves principle {n} yet: principle {n} has no evidence.").format(n=n)]
    if not item.contributions:
        return [_t("No contributions yet: principle {n} has no evidence.").format(n=n)]
    if n == 4 and not item.carer_contributions:
        return [_t("No carer has contributed: principle {n} has no evidence.").format(n=n)]
    return []


def coverage(engine: Engine, workshop_id: str) -> list[PrincipleCoverage]:
    """The six principles in order, each with its exercises, counts and warnings."""
    result = {n: PrincipleCoverage(n) for n in PRINCIPLE_NUMBERS}
    with reading(engine) as session:
        who = disclosure.people(session, workshop_id)
        exercises = list(
            session.exec(
                select(Exercise)
                .where(Exercise.workshop_id == workshop_id, col(Exercise.hidden).is_(False))
                .order_by(col(Exercise.position))
            )
        )
        rows = session.exec(
            select(Contribution.exercise_id, Contribution.participant_id).where(
                Contribution.workshop_id == workshop_id, col(Contribution.hidden).is_(False)
            )
        ).all()
    principle_of = {e.id: e.principle for e in exercises}
    per_exercise: dict[str, int] = {}
    people: dict[int, set[str]] = {n: set() for n in PRINCIPLE_NUMBERS}
    for exercise_id, participant_id in rows:
        principle = principle_of.get(exercise_id)
        person = who.get(participant_id) if participant_id else None
        if principle is None or (person is not None and person.removed_by_withdrawal):
            continue
        item = result[principle]
        item.contributions += 1
        per_exercise[exercise_id] = per_exercise.get(exercise_id, 0) + 1
        if person is None or person.anonymous_by_withdrawal:
            item.anonymous += 1
            continue
        people[principle].add(person.participant_id)
        if CARER in person.roles:
            item.carer_contributions += 1
    for exercise in exercises:
        result[exercise.principle].exercises.append(
            ExerciseServed(
                exercise.id, exercise.title, exercise.seconds_run, per_exercise.get(exercise.id, 0)
            )
        )
    for n, item in result.items():
        item.participants = len(people[n])
        item.warnings = _warnings(item)
    return list(result.values())


def warnings(engine: Engine, workshop_id: str) -> list[str]:
    """Every coverage warning, in principle order."""
    return [w for item in coverage(engine, workshop_id) for w in item.warnings]
