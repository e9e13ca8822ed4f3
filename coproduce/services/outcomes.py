""" "You said, we did": every contribution and theme given an outcome, with a reason where not adopted."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services import disclosure
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import MEDIUM, clean_text, one_of
from coproduce.storage.models import Contribution, Exercise, Theme
from coproduce.storage.models_decisions import Decision, DecisionLink, Outcome, VoteOption
from coproduce.storage.types import utcnow

OUTCOMES: tuple[str, ...] = ("adopted", "adopted_with_changes", "not_adopted", "out_of_scope", "to_consider")
NEEDS_REASON: frozenset[str] = frozenset({"not_adopted", "out_of_scope", "adopted_with_changes"})


def _t(text: str) -> str:
    return translate("Outcomes", text)


def outcome_label(key: str | None) -> str:
    return {
        "adopted": _t("Adopted"),
        "adopted_with_changes": _t("Adopted with changes"),
        "not_adopted": _t("Not adopted"),
        "out_of_scope": _t("Out of scope"),
        "to_consider": _t("Still to be considered"),
        None: _t("No outcome yet"),
    }.get(key, key or "")


def set_outcome(
    engine: Engine,
    actor: str,
    workshop_id: str,
    target_kind: str,
    target_id: str,
    outcome: str,
    reason: str = "",
) -> None:
    one_of(target_kind, ("contribution", "theme"), field=_t("Input"))
    one_of(outcome, OUTCOMES, field=_t("Outcome"))
    why = clean_text(reason, field=_t("Reason"), limit=MEDIUM)
    if outcome in NEEDS_REASON and not why:
        raise ValidationError(
            _t("Give a reason: people need to hear why their input was not adopted as it was.")
        )
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        owner: Contribution | Theme = (
            get_or_fail(session, Contribution, target_id)
            if target_kind == "contribution"
            else get_or_fail(session, Theme, target_id)
        )
        if owner.workshop_id != workshop_id:
            raise ValidationError(_t("That input belongs to another workshop."))
        row = session.exec(
            select(Outcome).where(Outcome.target_kind == target_kind, Outcome.target_id == target_id)
        ).first()
        if row is None:
            row = Outcome(
                workshop_id=workshop_id,
                target_kind=target_kind,
                target_id=target_id,
                outcome=outcome,
                reason=why,
            )
            session.add(row)
            session.flush()
            record(session, actor, "outcome.create", row, chain=workshop_id)
            return
        before = snapshot(row, ["outcome", "reason"])
        if before == {"outcome": outcome, "reason": why}:
            return
        row.outcome, row.reason, row.updated_at = outcome, why, utcnow()
        session.add(row)
        record(
            session,
            actor,
            "outcome.update",
            row,
            chain=workshop_id,
            before=before,
            after=snapshot(row, ["outcome", "reason"]),
        )


@dataclass(frozen=True)
class LedgerRow:
    target_kind: str  # contribution, theme
    target_id: str
    text: str
    exercise: str
    principle: int | None
    outcome: str | None
    reason: str
    decision: str = ""  # the statement of a decision that adopts this input, if any
    decision_adopts: bool = False  # it adopts a vote option made from this input (else it links it)


def decisions_linking(session: Session, workshop_id: str) -> dict[tuple[str, str], tuple[str, bool]]:
    """For each contribution or theme a decision links to: that decision's statement, and whether the
    decision adopts a vote option made from it (a plain link counts as informing the decision)."""
    found: dict[tuple[str, str], tuple[str, bool]] = {}
    query = (
        select(DecisionLink, Decision)
        .join(Decision, col(Decision.id) == col(DecisionLink.decision_id))
        .where(Decision.workshop_id == workshop_id)
    )
    for link, decision in session.exec(query):
        if link.target_kind in ("contribution", "theme"):
            found.setdefault((link.target_kind, link.target_id), (decision.statement, False))
        elif link.target_kind == "adopts_option":
            option = session.get(VoteOption, link.target_id)
            if option is not None and option.contribution_id:
                found[("contribution", option.contribution_id)] = (decision.statement, True)
            elif option is not None and option.theme_id:
                found[("theme", option.theme_id)] = (decision.statement, True)
    return found


def ledger_in(session: Session, workshop_id: str) -> list[LedgerRow]:
    """Every input that may appear in the record (themes first), with its outcome or None."""
    given = {
        (o.target_kind, o.target_id): o
        for o in session.exec(select(Outcome).where(Outcome.workshop_id == workshop_id))
    }
    exercises = {e.id: e for e in session.exec(select(Exercise).where(Exercise.workshop_id == workshop_id))}
    linked = decisions_linking(session, workshop_id)
    rows: list[LedgerRow] = []
    for theme in session.exec(select(Theme).where(Theme.workshop_id == workshop_id)):
        o = given.get(("theme", theme.id))
        ex = exercises.get(theme.exercise_id or "")
        rows.append(
            LedgerRow(
                "theme",
                theme.id,
                theme.name,
                ex.title if ex else "",
                ex.principle if ex else None,
                o.outcome if o else None,
                o.reason if o else "",
                *linked.get(("theme", theme.id), ("", False)),
            )
        )
    for public in disclosure.contributions(session, workshop_id):
        item = public.contribution
        o = given.get(("contribution", item.id))
        ex = exercises.get(item.exercise_id)
        rows.append(
            LedgerRow(
                "contribution",
                item.id,
                item.text,
                ex.title if ex else "",
                ex.principle if ex else None,
                o.outcome if o else None,
                o.reason if o else "",
                *linked.get(("contribution", item.id), ("", False)),
            )
        )
    return rows


def ledger(engine: Engine, workshop_id: str) -> list[LedgerRow]:
    with reading(engine) as session:
        return ledger_in(session, workshop_id)
