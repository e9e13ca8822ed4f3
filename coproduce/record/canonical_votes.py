"""The canonical record's votes and decisions, as data: each vote's result overall and by role (small groups
pooled), and each decision with the inputs that informed it, disclosed as the rest of the record is
(``canonical.build_record`` puts them together).
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from coproduce.services import decisions, disclosure, tally, votes
from coproduce.storage.models import Theme
from coproduce.storage.models_decisions import Ballot, Decision, Vote, VoteOption


def _tally_json(result: tally.TallyResult, label: Any, *, reasons: bool = True) -> dict[str, Any]:
    if isinstance(result, tally.ConsentTally):
        entry: dict[str, Any] = {
            "agree": result.agree,
            "can_live_with": result.can_live_with,
            "object": result.objections,
            "ballots": result.ballots_counted,
            "outcome": tally.consent_outcome(result).value,
        }
        if reasons:
            entry["objection_reasons"] = list(result.objection_reasons)
            entry["concerns"] = list(result.concerns)
        return entry
    return {
        "ballots": result.ballots_counted,
        "totals": [
            {
                "option": label(o),
                "total": result.totals[o],
                "first_preferences": result.first_preferences.get(o),
            }
            for o in result.ranking
        ],
        "winners": [label(o) for o in result.winners],
        "tie": len(result.winners) > 1,
    }


def _grouped_ballots(
    session: Session, vote: Vote, who: dict[str, disclosure.PersonView]
) -> list[tally.GroupedBallot]:
    """The counted ballots with their voters' roles, by the same rules as ``votes.results_in``."""
    excluded = disclosure.excluded_participant_ids(who)
    result = []
    for row in session.exec(select(Ballot).where(Ballot.vote_id == vote.id).order_by(col(Ballot.cast_at))):
        if row.participant_id in excluded:
            continue
        person = who.get(row.participant_id) if row.participant_id else None
        roles = frozenset(person.roles) if person and not person.anonymous_by_withdrawal else frozenset()
        result.append(tally.GroupedBallot(votes.ballot_from_content(vote.method, row.content), roles))
    return result


def _by_role(
    session: Session, vote: Vote, res: votes.VoteResult, who: dict[str, disclosure.PersonView]
) -> dict[str, Any]:
    """The vote by role, for the PDF only, so that nobody's vote can be worked out from it.

    A role (or "no role") with fewer than ``THRESHOLD`` voters is not shown on its own. The ballots of
    everyone who has none of the roles shown are pooled as "other voters". If that pool has from 1 to
    THRESHOLD - 1 ballots, the smallest shown role joins it (and so on), because the overall result minus the
    roles shown would otherwise give the pool's votes. If no role is left to show, the vote is not broken
    down by role at all. Objection reasons and concerns are given for the whole room only.
    """
    ballots = _grouped_ballots(session, vote, who)
    option_ids = [o.id for o in res.options]
    # the same rule as the facilitator's screen (services/votes.pool_small_groups), here for the record
    pooled = votes.pool_small_groups(tally.Method(vote.method), ballots, option_ids, vote.allowance or None)
    return {
        "by_role": {g: _tally_json(t, res.label, reasons=False) for g, t in pooled.shown.items()},
        "by_role_pooled": {
            "groups": list(pooled.pooled_groups),
            "tally": _tally_json(pooled.pooled, res.label, reasons=False)
            if pooled.pooled is not None
            else None,
        },
    }


def record_votes(
    session: Session, workshop_id: str, who: dict[str, disclosure.PersonView]
) -> list[dict[str, Any]]:
    result = []
    for vote in session.exec(
        select(Vote).where(Vote.workshop_id == workshop_id).order_by(col(Vote.opened_at))
    ):
        entry: dict[str, Any] = {
            "id": vote.id,
            "title": vote.title,
            "method": vote.method,
            "allowance": vote.allowance,
            "proposal": vote.proposal,
            "status": vote.status,
            "opened_at": vote.opened_at,
            "closed_at": vote.closed_at,
        }
        options = votes.options_in_shown_order_in(session, vote)
        entry["shown_order"] = [o.label for o in options]
        if vote.status == "closed":
            res = votes.results_in(session, vote)
            entry["paper_ballots"] = res.paper_ballots
            entry["overall"] = _tally_json(res.grouped.overall, res.label)
            entry.update(_by_role(session, vote, res, who))
        result.append(entry)
    return result


def _vote_result(vote: dict[str, Any]) -> dict[str, Any]:
    """What a linked vote found, as the Votes section reports it (winners, or a consent round's outcome)."""
    if vote["status"] != "closed":
        return {"closed": False}
    overall = vote["overall"]
    if vote["method"] == "consent":
        return {"closed": True, "ballots": overall["ballots"], "outcome": overall["outcome"]}
    return {
        "closed": True,
        "ballots": overall["ballots"],
        "winners": overall["winners"],
        "tie": overall["tie"],
    }


def _informed_by(
    session: Session,
    links: list[tuple[str, str]],
    contributions: dict[str, dict[str, Any]],
    exercises: list[dict[str, Any]],
    votes_by_id: dict[str, dict[str, Any]],
) -> dict[str, list[dict[str, Any]]]:
    """Which inputs informed a decision, grouped by link kind, disclosed as the rest of the record is.

    A linked contribution that the record does not show (hidden, or removed by its author's withdrawal) is
    listed as withheld, without its text or author. Contributions keep the order of the Exercises section.
    """
    order = {cid: n for n, cid in enumerate(contributions)}
    themes = {t["id"]: (t["name"], e["title"]) for e in exercises for t in e["themes"]}
    groups: dict[str, list[dict[str, Any]]] = {}
    for kind, target in links:
        entry: dict[str, Any]
        if kind == "contribution":
            shown = contributions.get(target)
            entry = {"id": target, "withheld": shown is None}
            if shown is not None:
                entry.update(
                    number=shown["number"], text=shown["text"], by=shown["by"], exercise=shown["exercise"]
                )
        elif kind == "theme":
            name, exercise = themes.get(target, ("", ""))
            if not name:
                row = session.get(Theme, target)
                name = row.name if row else ""
            entry = {"id": target, "name": name, "exercise": exercise}
        elif kind == "adopts_option":
            option = session.get(VoteOption, target)
            vote = votes_by_id.get(option.vote_id, {}) if option else {}
            entry = {
                "id": target,
                "option": option.label if option else "",
                "vote": vote.get("title", ""),
                "method": vote.get("method", ""),
                "result": _vote_result(vote) if vote else {"closed": False},
            }
            if vote.get("status") == "closed":
                totals = {t["option"]: t["total"] for t in vote["overall"]["totals"]}
                entry["option_total"] = totals.get(entry["option"])
        else:  # vote, adopts_proposal, rejects_proposal
            vote = votes_by_id.get(target, {})
            entry = {
                "id": target,
                "vote": vote.get("title", ""),
                "method": vote.get("method", ""),
                "result": _vote_result(vote) if vote else {"closed": False},
            }
        groups.setdefault(kind, []).append(entry)
    if "contribution" in groups:
        groups["contribution"].sort(key=lambda e: (e["withheld"], order.get(e["id"], 0), e["id"]))
    return groups


def record_decisions(
    session: Session,
    workshop_id: str,
    exercises: list[dict[str, Any]],
    votes_list: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    contributions: dict[str, dict[str, Any]] = {}
    for e in exercises:
        for c in e["contributions"]:
            contributions[c["id"]] = {**c, "exercise": e["title"]}
    votes_by_id = {v["id"]: v for v in votes_list}
    result = []
    for d in session.exec(
        select(Decision).where(Decision.workshop_id == workshop_id).order_by(col(Decision.position))
    ):
        found = decisions.divergences_in(session, d)
        links = sorted((link.target_kind, link.target_id) for link in decisions.links_of(session, d.id))
        result.append(
            {
                "id": d.id,
                "statement": d.statement,
                "rationale": d.rationale,
                "decided_by": d.decided_by,
                "decided_by_role": d.decided_by_role,
                "decided_on": d.decided_on,
                "agreement": d.agreement,
                "dissent": d.dissent,
                "status": d.status,
                "links": [list(link) for link in links],
                "informed_by": _informed_by(session, links, contributions, exercises, votes_by_id),
                "actions": [
                    {"action": a.description, "owner": a.owner, "due": a.due}
                    for a in decisions.actions_of(session, d.id)
                ],
                "divergences": [
                    {"vote": x.vote_title, "room": x.room_view, "decision": x.decision_view} for x in found
                ],
                "divergence_reason": d.divergence_reason,
            }
        )
    return result
