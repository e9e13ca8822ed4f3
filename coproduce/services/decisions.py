"""Decisions that trace back to what people said, and the divergence gate.

A decision links explicitly to what informed it: contributions, themes and votes. It may also say what it
does with a vote: ``adopts_option`` (a vote option it adopts), ``adopts_proposal`` / ``rejects_proposal``
(a consent round). Where that goes against the room's majority (or its consent round), the decision cannot be
finalised without a written reason and a named decision-maker, and the record says so prominently.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services import tally, votes
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, reading, record, snapshot, writing
from coproduce.services.validate import LONG, MEDIUM, SHORT, clean_text, one_of
from coproduce.storage.models import Contribution, Theme
from coproduce.storage.models_decisions import Decision, DecisionAction, DecisionLink, Vote, VoteOption

LINK_KINDS: tuple[str, ...] = (
    "contribution",
    "theme",
    "vote",
    "adopts_option",
    "adopts_proposal",
    "rejects_proposal",
)
AGREEMENT: tuple[str, ...] = ("", "consensus", "broad_agreement", "majority", "divided", "no_agreement")


def _t(text: str) -> str:
    return translate("Decisions", text)


def agreement_label(key: str) -> str:
    return {
        "": _t("Not recorded"),
        "consensus": _t("Consensus"),
        "broad_agreement": _t("Broad agreement"),
        "majority": _t("Majority, with some disagreement"),
        "divided": _t("The room was divided"),
        "no_agreement": _t("No agreement"),
    }.get(key, key)


@dataclass
class DecisionInput:
    statement: str
    rationale: str = ""
    decided_by: str = ""
    decided_by_role: str = ""
    decided_on: dt.date | None = None
    agreement: str = ""
    dissent: str = ""
    divergence_reason: str = ""


def _clean(data: DecisionInput) -> DecisionInput:
    one_of(data.agreement, AGREEMENT, field=_t("Level of agreement"))
    return DecisionInput(
        statement=clean_text(data.statement, field=_t("The decision"), limit=LONG, required=True),
        rationale=clean_text(data.rationale, field=_t("The rationale"), limit=LONG),
        decided_by=clean_text(data.decided_by, field=_t("Who decided"), limit=SHORT, multiline=False),
        decided_by_role=clean_text(
            data.decided_by_role, field=_t("Their role or body"), limit=SHORT, multiline=False
        ),
        decided_on=data.decided_on,
        agreement=data.agreement,
        dissent=clean_text(data.dissent, field=_t("Dissenting and minority views"), limit=LONG),
        divergence_reason=clean_text(
            data.divergence_reason, field=_t("The reason for going against the room"), limit=LONG
        ),
    )


def create_decision(engine: Engine, actor: str, workshop_id: str, data: DecisionInput) -> str:
    cleaned = _clean(data)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        count = len(list(session.exec(select(Decision.id).where(Decision.workshop_id == workshop_id))))
        decision = Decision(workshop_id=workshop_id, position=count + 1, **cleaned.__dict__)
        session.add(decision)
        session.flush()
        record(session, actor, "decision.create", decision, chain=workshop_id)
        return decision.id


def update_decision(engine: Engine, actor: str, decision_id: str, data: DecisionInput) -> None:
    cleaned = _clean(data)
    with writing(engine) as session:
        decision = get_or_fail(session, Decision, decision_id)
        ensure_editable(session, decision.workshop_id)
        if decision.status == "final":
            raise ValidationError(_t("This decision is final. Reopen it as a draft to change it."))
        fields = list(cleaned.__dict__)
        before = snapshot(decision, fields)
        for key, value in cleaned.__dict__.items():
            setattr(decision, key, value)
        after = snapshot(decision, fields)
        if before != after:
            session.add(decision)
            record(
                session,
                actor,
                "decision.update",
                decision,
                chain=decision.workshop_id,
                before=before,
                after=after,
            )


def _check_target(session: Session, workshop_id: str, kind: str, target_id: str) -> None:
    if kind == "contribution":
        owner = get_or_fail(session, Contribution, target_id).workshop_id
    elif kind == "theme":
        owner = get_or_fail(session, Theme, target_id).workshop_id
    elif kind == "adopts_option":
        owner = get_or_fail(session, Vote, get_or_fail(session, VoteOption, target_id).vote_id).workshop_id
    else:
        vote = get_or_fail(session, Vote, target_id)
        owner = vote.workshop_id
        if kind in ("adopts_proposal", "rejects_proposal") and vote.method != "consent":
            raise ValidationError(_t("Only a consent round has a proposal to adopt or reject."))
    if owner != workshop_id:
        raise ValidationError(_t("A decision can only link to inputs from its own workshop."))


def set_links(engine: Engine, actor: str, decision_id: str, links: list[tuple[str, str]]) -> None:
    """Replace the decision's links with ``links`` (kind, target id)."""
    wanted = list(dict.fromkeys(links))
    for kind, _ in wanted:
        one_of(kind, LINK_KINDS, field=_t("Link"))
    with writing(engine) as session:
        decision = get_or_fail(session, Decision, decision_id)
        ensure_editable(session, decision.workshop_id)
        if decision.status == "final":
            raise ValidationError(_t("This decision is final. Reopen it as a draft to change it."))
        for kind, target in wanted:
            _check_target(session, decision.workshop_id, kind, target)
        existing = list(session.exec(select(DecisionLink).where(DecisionLink.decision_id == decision_id)))
        before = sorted([link.target_kind, link.target_id] for link in existing)
        after = sorted([kind, target] for kind, target in wanted)
        if before == after:
            return
        for link in existing:
            session.delete(link)
        for kind, target in wanted:
            session.add(DecisionLink(decision_id=decision_id, target_kind=kind, target_id=target))
        record(
            session,
            actor,
            "decision.links",
            decision,
            chain=decision.workshop_id,
            before={"links": before},
            after={"links": after},
        )


def add_action(
    engine: Engine, actor: str, decision_id: str, description: str, owner: str, due: dt.date | None
) -> str:
    text = clean_text(description, field=_t("The action"), limit=MEDIUM, required=True)
    who = clean_text(owner, field=_t("The action's owner"), limit=SHORT, required=True, multiline=False)
    with writing(engine) as session:
        decision = get_or_fail(session, Decision, decision_id)
        ensure_editable(session, decision.workshop_id)
        if decision.status == "final":
            raise ValidationError(_t("This decision is final. Reopen it as a draft to change it."))
        action = DecisionAction(decision_id=decision_id, description=text, owner=who, due=due)
        session.add(action)
        session.flush()
        record(session, actor, "decision.action", action, chain=decision.workshop_id)
        return action.id


def links_of(session: Session, decision_id: str) -> list[DecisionLink]:
    return list(session.exec(select(DecisionLink).where(DecisionLink.decision_id == decision_id)))


def actions_of(session: Session, decision_id: str) -> list[DecisionAction]:
    return list(session.exec(select(DecisionAction).where(DecisionAction.decision_id == decision_id)))


@dataclass(frozen=True)
class Divergence:
    vote_title: str
    room_view: str  # what the room favoured
    decision_view: str  # what the decision does instead


def divergences_in(session: Session, decision: Decision) -> list[Divergence]:
    return _divergences_of(
        session, [(link.target_kind, link.target_id) for link in links_of(session, decision.id)]
    )


def divergences_for_links(engine: Engine, links: list[tuple[str, str]]) -> list[Divergence]:
    """Where links not saved yet (kind, target id) would go against the room: for a live warning."""
    with reading(engine) as session:
        return _divergences_of(session, links)


def _divergences_of(session: Session, pairs: list[tuple[str, str]]) -> list[Divergence]:
    found: list[Divergence] = []
    for kind, target_id in pairs:
        if kind == "adopts_option":
            option = get_or_fail(session, VoteOption, target_id)
            vote = get_or_fail(session, Vote, option.vote_id)
            if vote.status != "closed":
                continue
            result = votes.results_in(session, vote)
            overall = result.grouped.overall
            assert isinstance(overall, tally.OptionTally)
            top = tally.majority_option(overall)
            if top is not None and top != option.id:
                found.append(Divergence(vote.title, result.label(top), option.label))
        elif kind in ("adopts_proposal", "rejects_proposal"):
            vote = get_or_fail(session, Vote, target_id)
            if vote.status != "closed":
                continue
            consent = votes.results_in(session, vote).grouped.overall
            assert isinstance(consent, tally.ConsentTally)
            outcome = tally.consent_outcome(consent)
            if kind == "adopts_proposal" and outcome is tally.ConsentOutcome.BLOCKED:
                found.append(
                    Divergence(
                        vote.title,
                        _t("The room objected to the proposal"),
                        _t("The decision goes ahead with it"),
                    )
                )
            if kind == "rejects_proposal" and outcome is tally.ConsentOutcome.CONSENTED:
                found.append(
                    Divergence(
                        vote.title,
                        _t("The room consented to the proposal"),
                        _t("The decision does not go ahead with it"),
                    )
                )
    return found


def divergences(engine: Engine, decision_id: str) -> list[Divergence]:
    with reading(engine) as session:
        return divergences_in(session, get_or_fail(session, Decision, decision_id))


def _open_votes_adopted(session: Session, links: list[DecisionLink]) -> list[str]:
    """Titles of open votes whose option or proposal the decision adopts or rejects."""
    titles: list[str] = []
    for link in links:
        if link.target_kind == "adopts_option":
            vote = get_or_fail(session, Vote, get_or_fail(session, VoteOption, link.target_id).vote_id)
        elif link.target_kind in ("adopts_proposal", "rejects_proposal"):
            vote = get_or_fail(session, Vote, link.target_id)
        else:
            continue
        if vote.status != "closed" and vote.title not in titles:
            titles.append(vote.title)
    return titles


def finalise(engine: Engine, actor: str, decision_id: str) -> None:
    """The gate: rationale, who decided, evidence; and a written reason where the room is overruled."""
    with writing(engine) as session:
        decision = get_or_fail(session, Decision, decision_id)
        ensure_editable(session, decision.workshop_id)
        if decision.status == "final":
            return
        if not decision.rationale:
            raise ValidationError(_t("Write the rationale before the decision is final."))
        if not decision.decided_by:
            raise ValidationError(
                _t("Say who decided (a name and role, or a named body) before it is final.")
            )
        links = links_of(session, decision_id)
        if not links:
            raise ValidationError(_t("Link the contributions, themes or votes that informed this decision."))
        still_open = _open_votes_adopted(session, links)
        if still_open:
            raise ValidationError(
                _t(
                    "Close the vote “{title}” first: the decision says what it does with that vote, and "
                    "it can only be checked against the room's view once the vote is closed."
                ).format(title=still_open[0])
            )
        if divergences_in(session, decision) and not decision.divergence_reason:
            raise ValidationError(
                _t(
                    "This decision goes against the room's view in a vote. It cannot be final without a "
                    "written reason for going against the room and a named decision-maker."
                )
            )
        decision.status = "final"
        if decision.decided_on is None:
            decision.decided_on = dt.date.today()
        session.add(decision)
        record(
            session,
            actor,
            "decision.finalise",
            decision,
            chain=decision.workshop_id,
            before={"status": "draft"},
            after={"status": "final", "decided_on": decision.decided_on},
        )


def reopen(engine: Engine, actor: str, decision_id: str, reason: str) -> None:
    why = clean_text(reason, field=_t("The reason for reopening"), limit=MEDIUM, required=True)
    with writing(engine) as session:
        decision = get_or_fail(session, Decision, decision_id)
        ensure_editable(session, decision.workshop_id)
        if decision.status != "final":
            return
        decision.status = "draft"
        session.add(decision)
        record(
            session,
            actor,
            "decision.reopen",
            decision,
            chain=decision.workshop_id,
            before={"status": "final"},
            after={"status": "draft", "reason": why},
        )


def list_decisions(engine: Engine, workshop_id: str) -> list[Decision]:
    with reading(engine) as session:
        return list(
            session.exec(
                select(Decision).where(Decision.workshop_id == workshop_id).order_by(col(Decision.position))
            )
        )


def get_decision(engine: Engine, decision_id: str) -> Decision:
    with reading(engine) as session:
        return get_or_fail(session, Decision, decision_id)


def links(engine: Engine, decision_id: str) -> list[tuple[str, str]]:
    """The decision's links as (kind, target id), in a stable order."""
    with reading(engine) as session:
        return sorted((link.target_kind, link.target_id) for link in links_of(session, decision_id))


def actions(engine: Engine, decision_id: str) -> list[DecisionAction]:
    with reading(engine) as session:
        rows = actions_of(session, decision_id)
        return sorted(rows, key=lambda a: (a.due is None, a.due, a.description))
