"""Votes: options shown in a recorded random order, ballots cast per person or anonymously, results hidden
until the vote is closed, and a closed vote reopened only as an event with a reason."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services import disclosure, tally
from coproduce.services.contributions import check_attribution
from coproduce.services.lookup import get_or_fail
from coproduce.services.suppression import THRESHOLD
from coproduce.services.unit import ensure_editable, reading, record, writing
from coproduce.services.validate import LONG, MEDIUM, SHORT, clean_text, one_of
from coproduce.storage.models import Contribution, Theme
from coproduce.storage.models_decisions import Ballot, Vote, VoteOption
from coproduce.storage.types import utcnow

METHODS: tuple[str, ...] = tuple(m.value for m in tally.Method)
_shuffler = random.SystemRandom()


def _t(text: str) -> str:
    return translate("Votes", text)


def method_label(method: str) -> str:
    return {
        "dots": _t("Dot voting"),
        "ranking": _t("Ranking (Borda count)"),
        "approval": _t("Approval"),
        "consent": _t("Consent round"),
    }.get(method, method)


@dataclass(frozen=True)
class OptionInput:
    label: str = ""
    contribution_id: str | None = None
    theme_id: str | None = None


def create_vote(
    engine: Engine,
    actor: str,
    workshop_id: str,
    title: str,
    method: str,
    options: list[OptionInput] | None = None,
    *,
    allowance: int = 3,
    proposal: str = "",
    exercise_id: str | None = None,
) -> str:
    one_of(method, METHODS, field=_t("Voting method"))
    clean_title = clean_text(title, field=_t("Vote title"), limit=SHORT, required=True, multiline=False)
    options = options or []
    if method == "consent":
        proposal = clean_text(proposal, field=_t("The proposal"), limit=LONG, required=True)
        if options:
            raise ValidationError(_t("A consent round is on one proposal; it has no options."))
    elif len(options) < 2:
        raise ValidationError(_t("A vote needs at least two options."))
    if method == "dots" and not 1 <= allowance <= 50:
        raise ValidationError(_t("Each person needs between 1 and 50 dots."))
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        vote = Vote(
            workshop_id=workshop_id,
            exercise_id=exercise_id,
            title=clean_title,
            method=method,
            allowance=allowance if method == "dots" else 0,
            proposal=proposal,
        )
        session.add(vote)
        session.flush()
        rows: list[VoteOption] = []
        sources = [(o.contribution_id, o.theme_id) for o in options if o.contribution_id or o.theme_id]
        if len(set(sources)) != len(sources):
            raise ValidationError(_t("The same input is listed twice as an option."))
        seen: set[str] = set()
        for position, option in enumerate(options, start=1):
            label = option.label
            if option.contribution_id:
                item = get_or_fail(session, Contribution, option.contribution_id)
                if item.workshop_id != workshop_id:
                    raise ValidationError(_t("An option comes from another workshop."))
                label = label or item.text
            if option.theme_id:
                theme = get_or_fail(session, Theme, option.theme_id)
                if theme.workshop_id != workshop_id:
                    raise ValidationError(_t("An option comes from another workshop."))
                label = label or theme.name
            label = clean_text(label, field=_t("Option"), limit=MEDIUM, required=True)
            if label.casefold() in seen:
                raise ValidationError(_t('The option "{label}" is listed twice.').format(label=label))
            seen.add(label.casefold())
            row = VoteOption(
                vote_id=vote.id,
                position=position,
                label=label,
                contribution_id=option.contribution_id,
                theme_id=option.theme_id,
            )
            session.add(row)
            rows.append(row)
        session.flush()
        order = [row.id for row in rows]
        _shuffler.shuffle(order)
        vote.shown_order = order
        session.add(vote)
        record(
            session,
            actor,
            "vote.create",
            vote,
            chain=workshop_id,
            after={
                "vote": vote.model_dump(mode="json"),
                "options": [r.model_dump(mode="json") for r in rows],
            },
        )
        return vote.id


def options_in_shown_order(engine: Engine, vote_id: str) -> list[VoteOption]:
    with reading(engine) as session:
        vote = get_or_fail(session, Vote, vote_id)
        return _options(session, vote)


def options_in_shown_order_in(session: Session, vote: Vote) -> list[VoteOption]:
    return _options(session, vote)


def _options(session: Session, vote: Vote) -> list[VoteOption]:
    rows = {o.id: o for o in session.exec(select(VoteOption).where(VoteOption.vote_id == vote.id))}
    return [rows[i] for i in vote.shown_order if i in rows]


def _whole(value: Any) -> int:
    """A dot count: a whole number (2, "2", 2.0), never a fraction or a yes/no silently rounded."""
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError(value)
    return int(value)


def _ids(value: Any) -> list[str]:
    if isinstance(value, str | bytes | dict):
        raise TypeError(value)  # one string would be read as a list of its characters
    return [str(x) for x in value]


def ballot_from_content(method: str, content: dict[str, Any]) -> tally.Ballot:
    try:
        if method == "dots":
            dots = content["dots"]
            if not isinstance(dots, dict):
                raise TypeError(dots)
            return tally.DotBallot({str(k): _whole(v) for k, v in dots.items()})
        if method == "ranking":
            return tally.RankingBallot(tuple(_ids(content["ranking"])))
        if method == "approval":
            return tally.ApprovalBallot(frozenset(_ids(content["approved"])))
        return tally.ConsentBallot(
            tally.ConsentResponse(str(content["response"])), str(content.get("reason") or "")
        )
    except (KeyError, TypeError, ValueError) as err:
        raise ValidationError(_t("That ballot is not in the form this vote needs.")) from err


def _stored_content(ballot: tally.Ballot) -> dict[str, Any]:
    """The ballot as stored: exactly what is tallied (no stray keys, no values that tally differently)."""
    if isinstance(ballot, tally.DotBallot):
        return {"dots": {k: v for k, v in ballot.dots.items() if v}}
    if isinstance(ballot, tally.RankingBallot):
        return {"ranking": list(ballot.ranking)}
    if isinstance(ballot, tally.ApprovalBallot):
        return {"approved": sorted(ballot.approved)}
    return {"response": ballot.response.value, "reason": ballot.reason}


def cast_ballot(
    engine: Engine,
    actor: str,
    vote_id: str,
    content: dict[str, Any],
    *,
    participant_id: str | None = None,
    paper: bool = False,
) -> str:
    with writing(engine) as session:
        vote = get_or_fail(session, Vote, vote_id)
        ensure_editable(session, vote.workshop_id)
        if vote.status != "open":
            raise ValidationError(_t("This vote is closed; no more ballots can be cast."))
        ballot = ballot_from_content(vote.method, content)
        if isinstance(ballot, tally.ConsentBallot):
            ballot = tally.ConsentBallot(
                ballot.response, clean_text(ballot.reason, field=_t("Reason"), limit=MEDIUM)
            )
        option_ids = [o.id for o in _options(session, vote)]
        tally.validate_ballot(tally.Method(vote.method), ballot, option_ids, vote.allowance or None)
        _refuse_empty(ballot)
        content = _stored_content(ballot)
        check_attribution(session, vote.workshop_id, participant_id)
        if participant_id is not None:
            earlier = session.exec(
                select(Ballot.id).where(Ballot.vote_id == vote_id, Ballot.participant_id == participant_id)
            ).first()
            if earlier is not None:
                raise ValidationError(_t("This person has already voted in this vote."))
        row = Ballot(vote_id=vote_id, participant_id=participant_id, paper=paper, content=content)
        session.add(row)
        session.flush()
        record(session, actor, "ballot.create", row, chain=vote.workshop_id)
        return row.id


def _refuse_empty(ballot: tally.Ballot) -> None:
    """An empty ballot would be counted as a person who voted but chose nothing: refuse it plainly. (An
    approval ballot with nothing ticked is kept: "none of these would work for me" is a real answer.)"""
    if isinstance(ballot, tally.DotBallot) and not any(ballot.dots.values()):
        raise ValidationError(_t("Place at least one dot before casting the ballot."))
    if isinstance(ballot, tally.RankingBallot) and not ballot.ranking:
        raise ValidationError(_t("Rank at least one option before casting the ballot."))


def close_vote(engine: Engine, actor: str, vote_id: str) -> None:
    with writing(engine) as session:
        vote = get_or_fail(session, Vote, vote_id)
        ensure_editable(session, vote.workshop_id)
        if vote.status == "closed":
            return
        vote.status = "closed"
        vote.closed_at = utcnow()
        session.add(vote)
        record(
            session,
            actor,
            "vote.close",
            vote,
            chain=vote.workshop_id,
            before={"status": "open"},
            after={"status": "closed", "closed_at": vote.closed_at},
        )


def reopen_vote(engine: Engine, actor: str, vote_id: str, reason: str) -> None:
    why = clean_text(reason, field=_t("The reason for reopening"), limit=MEDIUM, required=True)
    with writing(engine) as session:
        vote = get_or_fail(session, Vote, vote_id)
        ensure_editable(session, vote.workshop_id)
        if vote.status != "closed":
            raise ValidationError(_t("Only a closed vote can be reopened."))
        vote.status = "open"
        session.add(vote)
        record(
            session,
            actor,
            "vote.reopen",
            vote,
            chain=vote.workshop_id,
            before={"status": "closed", "closed_at": vote.closed_at},
            after={"status": "open", "reason": why},
        )
        vote.closed_at = None


def list_votes(engine: Engine, workshop_id: str) -> list[Vote]:
    with reading(engine) as session:
        return list(
            session.exec(select(Vote).where(Vote.workshop_id == workshop_id).order_by(col(Vote.opened_at)))
        )


def ballot_count(engine: Engine, vote_id: str) -> int:
    with reading(engine) as session:
        return len(list(session.exec(select(Ballot.id).where(Ballot.vote_id == vote_id))))


def voters(engine: Engine, vote_id: str) -> set[str]:
    """The participants who have cast a ballot in this vote (anonymous ballots are not counted here)."""
    with reading(engine) as session:
        rows = session.exec(
            select(Ballot.participant_id).where(
                Ballot.vote_id == vote_id, col(Ballot.participant_id).is_not(None)
            )
        )
        return {pid for pid in rows if pid is not None}


@dataclass(frozen=True)
class PooledGroups:
    """A tally by role safe to show to the room: ``shown`` holds the groups with enough voters (in order),
    ``pooled`` the tally of everyone in none of them (``None`` when nobody is left or nothing is shown),
    ``pooled_groups`` the groups not shown on their own."""

    shown: dict[str, tally.TallyResult]
    pooled_groups: tuple[str, ...]
    pooled: tally.TallyResult | None


def _groups_of(ballot: tally.GroupedBallot) -> frozenset[str]:
    return ballot.roles or frozenset({tally.NO_ROLE_GROUP})


def pool_small_groups(
    method: tally.Method,
    ballots: Sequence[tally.GroupedBallot],
    option_ids: Sequence[str],
    allowance: int | None,
    threshold: int = THRESHOLD,
) -> PooledGroups:
    """The vote by role so that nobody's vote can be worked out from it (the rule of the signed record).

    A role (or "no role") with fewer than ``threshold`` voters is not shown on its own. The ballots of
    everyone who has none of the roles shown are pooled as "other voters". If that pool has from 1 to
    ``threshold - 1`` ballots, the smallest shown role joins it (and so on), because the overall result minus
    the roles shown would otherwise give the pool's votes. If no role is left, nothing is broken down.
    """
    grouped = tally.tally_by_group(method, ballots, option_ids, allowance)
    shown = {g for g, t in grouped.by_group.items() if t.ballots_counted >= threshold}
    while True:
        pool = [b for b in ballots if not _groups_of(b) & shown]
        if not shown or not pool or len(pool) >= threshold:
            break
        shown.remove(min(shown, key=lambda g: (grouped.by_group[g].ballots_counted, g)))
    pooled = None
    if shown and pool:
        pooled = tally.tally(method, [b.ballot for b in pool], option_ids, allowance)
    return PooledGroups(
        shown={g: t for g, t in grouped.by_group.items() if g in shown},
        pooled_groups=tuple(g for g in grouped.by_group if g not in shown),
        pooled=pooled,
    )


@dataclass(frozen=True)
class VoteResult:
    vote: Vote
    options: list[VoteOption]  # in the order shown to the room
    grouped: tally.GroupedTally
    paper_ballots: int
    excluded_ballots: int  # left out because the voter withdrew and asked for removal
    ballots: tuple[tally.GroupedBallot, ...] = ()  # the counted ballots with their voters' roles

    def pooled_by_role(self, threshold: int = THRESHOLD) -> PooledGroups:
        """The tally by role with groups under ``threshold`` voters pooled (see ``pool_small_groups``)."""
        method = tally.Method(self.vote.method)
        option_ids = [o.id for o in self.options]
        return pool_small_groups(method, self.ballots, option_ids, self.vote.allowance or None, threshold)

    def label(self, option_id: str) -> str:
        return next((o.label for o in self.options if o.id == option_id), option_id)


def results_in(session: Session, vote: Vote) -> VoteResult:
    if vote.status != "closed":
        raise ValidationError(_t("Results stay hidden until the vote is closed."))
    who = disclosure.people(session, vote.workshop_id)
    excluded = disclosure.excluded_participant_ids(who)
    options = _options(session, vote)
    grouped: list[tally.GroupedBallot] = []
    paper = left_out = 0
    for row in session.exec(select(Ballot).where(Ballot.vote_id == vote.id).order_by(col(Ballot.cast_at))):
        if row.participant_id in excluded:
            left_out += 1
            continue
        person = who.get(row.participant_id) if row.participant_id else None
        roles = frozenset(person.roles) if person and not person.anonymous_by_withdrawal else frozenset()
        grouped.append(tally.GroupedBallot(ballot_from_content(vote.method, row.content), roles))
        paper += row.paper
    result = tally.tally_by_group(
        tally.Method(vote.method), grouped, [o.id for o in options], vote.allowance or None
    )
    return VoteResult(vote, options, result, paper, left_out, tuple(grouped))


def results(engine: Engine, vote_id: str) -> VoteResult:
    with reading(engine) as session:
        return results_in(session, get_or_fail(session, Vote, vote_id))
