"""The canonical record: everything the signed PDF shows, as data (JSON, keys sorted, strings NFC, UTF-8).

Built only through ``services.disclosure`` so that consent and withdrawal are honoured: names appear only as
each person's consent allows, and removed contributions and ballots never enter the record. The record's
hash is the SHA-256 of these exact bytes, which are embedded in the PDF and covered by its signature.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlmodel import Session, col, select

from coproduce import __version__
from coproduce.record.canonical_votes import record_decisions, record_votes
from coproduce.services import disclosure, equality, outcomes, readiness
from coproduce.services.choices import ROLES
from coproduce.services.lookup import get_or_fail
from coproduce.services.principles import PRINCIPLE_NUMBERS
from coproduce.services.suppression import THRESHOLD, Cell, suppress_counts
from coproduce.storage.events import Event, canonical_json
from coproduce.storage.models import Document, Exercise, Facilitator, SignedRecord, Theme, Workshop
from coproduce.storage.models_consent import ConsentStatement, EqualityResponse

FORMAT = "coproduce-record/1"
# How a hidden count is written in the record (English, so that the signed data does not depend on the
# language of the screen; the PDF shows them translated, as ``suppression.cell_text`` does).
FEWER_THAN_5 = "fewer than 5"
HIDDEN = "hidden"


def _cell(cell: Cell, uniform_hidden: bool = False) -> int | str:
    """A published count, or the label of a hidden one (``uniform_hidden``: every hidden cell "hidden")."""
    if cell.value is not None:
        return cell.value
    return HIDDEN if uniform_hidden else FEWER_THAN_5


def _suppressed(counts: dict[str, int]) -> dict[str, int | str]:
    if not counts:
        return {}
    result = suppress_counts(counts, show_total=False)
    return {k: _cell(c) for k, c in zip(result.categories, result.cells, strict=True)}


def _workshop(session: Session, w: Workshop) -> dict[str, Any]:
    facilitators = session.exec(
        select(Facilitator).where(Facilitator.workshop_id == w.id).order_by(col(Facilitator.position))
    )
    docs = session.exec(
        select(Document)
        .where(Document.workshop_id == w.id, col(Document.removed).is_(False))
        .order_by(col(Document.added_at))
    )
    return {
        "id": w.id,
        "title": w.title,
        "place": w.place,
        "venue": w.venue,
        "date": w.date,
        "start_time": w.start_time.strftime("%H:%M") if w.start_time else None,
        "end_time": w.end_time.strftime("%H:%M") if w.end_time else None,
        "question": w.question,
        "proposal_status": w.proposal_status,
        "preferred_option": w.preferred_option if w.proposal_status == "preferred_option" else "",
        "decision_due": w.decision_due,
        "influence": w.influence,
        "notice_given": w.notice_given,
        "notice_days": (w.date - w.notice_given).days if w.date and w.notice_given else None,
        "facilitators": [
            {"name": f.name, "organisation": f.organisation, "lead": f.is_lead} for f in facilitators
        ],
        "documents": [
            {"title": d.title, "file": d.filename, "sha256": d.sha256, "bytes": d.size_bytes} for d in docs
        ],
    }


def _equality(session: Session, workshop_id: str) -> dict[str, Any]:
    """The equality monitoring figures exactly as ``coproduce report equality`` and the screen give them:
    ``services.equality.report_from`` (primary and secondary suppression, small postcode districts counted
    together). Once any cell needed secondary suppression, every hidden cell is labelled "hidden"."""
    forms = [
        {str(k): str(v) for k, v in response.answers.items()}
        for response in session.exec(
            select(EqualityResponse).where(EqualityResponse.workshop_id == workshop_id)
        )
    ]
    report = equality.report_from(forms)
    uniform = report.has_secondary
    return {
        "forms": _cell(report.forms, uniform),
        "secondary_suppression": uniform,
        "questions": [
            {
                "key": q.key,
                "answers": [[a, _cell(c, uniform)] for a, c in zip(q.answers, q.cells, strict=True)],
                "total": _cell(q.total, uniform),
            }
            for q in report.questions
        ],
    }


def _participation(
    session: Session, workshop_id: str, who: dict[str, disclosure.PersonView]
) -> dict[str, Any]:
    present = [p for p in who.values() if p.present]
    roles: Counter[str] = Counter()
    for person in present:
        roles.update(person.roles)
    return {
        "participants": len(present),
        "by_role": _suppressed({role: roles.get(role, 0) for role in ROLES}),
        "equality": _equality(session, workshop_id),
    }


UNNAMED_METHODS = ("on_screen", "paper", "verbal", "not_recorded")


def _statement_sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _attendance(who: dict[str, disclosure.PersonView], facilitators: Sequence[str]) -> dict[str, Any]:
    """Who took part, as ``services.disclosure`` allows: each person who agreed to be named (name, roles,
    organisation, and their consent: statement version, how, to what, when), then only counts of the others.

    A verbal consent's witness is named only when the witness is one of the facilitators (already named in
    the record); any other witness is recorded as "a witness" without a name. The others' consent methods are
    counted with small-number suppression; their total is published (it follows from the number of people and
    the names listed), so when it is under 5 every method is hidden, zeros too.
    """
    staff = {" ".join(name.split()).casefold() for name in facilitators if name.strip()}
    present = [p for p in who.values() if p.present]
    named: list[dict[str, Any]] = []
    methods: Counter[str] = Counter()
    kept_anonymous = 0
    versions: set[int] = set()
    for person in present:
        consent = person.state.consent
        statement = person.state.statement
        if statement is not None:
            versions.add(statement.version)
        if not person.named or consent is None:
            agreed = consent is not None and consent.take_part
            methods[consent.method if agreed and consent is not None else "not_recorded"] += 1
            kept_anonymous += person.anonymous_by_withdrawal
            continue
        witness = " ".join(consent.witness.split())
        facilitator_witness = witness.casefold() in staff
        named.append(
            {
                "name": person.named_as,
                "roles": list(person.roles),
                "organisation": person.organisation,
                "consent": {
                    "statement_version": statement.version if statement else None,
                    "method": consent.method,
                    "witness": witness if facilitator_witness else "",
                    "witness_not_named": bool(witness) and not facilitator_witness,
                    "take_part": consent.take_part,
                    "be_named": consent.be_named,
                    "be_contacted": consent.be_contacted,
                    "recorded_at": consent.recorded_at,
                },
            }
        )
    named.sort(key=lambda n: (str(n["name"]).casefold(), str(n["name"])))
    others = len(present) - len(named)
    by_method = suppress_counts(
        {m: methods.get(m, 0) for m in UNNAMED_METHODS}, show_total=True, show_zeros=others >= THRESHOLD
    )
    uniform = by_method.has_secondary
    withdrawn = suppress_counts({"kept_anonymous": kept_anonymous}, show_total=False)
    return {
        "named": named,
        "others": others,
        "others_by_method": {
            m: _cell(c, uniform) for m, c in zip(by_method.categories, by_method.cells, strict=True)
        },
        "others_secondary_suppression": uniform,
        "others_withdrawn_kept_anonymous": _cell(withdrawn.cells[0]),
        "statement_versions": sorted(versions),
    }


def _exercises(
    session: Session,
    workshop_id: str,
    public: list[disclosure.PublicContribution],
) -> list[dict[str, Any]]:
    themes = {t.id: t for t in session.exec(select(Theme).where(Theme.workshop_id == workshop_id))}
    by_exercise: dict[str, list[disclosure.PublicContribution]] = {}
    for item in public:
        by_exercise.setdefault(item.contribution.exercise_id, []).append(item)
    result = []
    for e in session.exec(
        select(Exercise)
        .where(Exercise.workshop_id == workshop_id, col(Exercise.hidden).is_(False))
        .order_by(col(Exercise.position))
    ):
        items = by_exercise.get(e.id, [])
        result.append(
            {
                "id": e.id,
                "title": e.title,
                "principle": e.principle,
                "prompt": e.prompt,
                "kinds": e.kinds,
                "time_box_minutes": e.time_box_minutes,
                "started_at": e.started_at,
                "stopped_at": e.stopped_at,
                "seconds_run": e.seconds_run,
                "themes": [{"id": t.id, "name": t.name} for t in themes.values() if t.exercise_id == e.id],
                "contributions": [
                    {
                        "id": p.contribution.id,
                        "kind": p.contribution.kind,
                        "text": p.contribution.text,
                        "by": p.attribution,
                        "source": p.contribution.source,
                        "theme": themes[p.contribution.theme_id].name
                        if p.contribution.theme_id in themes
                        else None,
                        "duplicate_of": p.contribution.duplicate_of,
                    }
                    for p in items
                ],
            }
        )
    return result


def _principles(
    exercises: list[dict[str, Any]],
    public: list[disclosure.PublicContribution],
) -> list[dict[str, Any]]:
    principle_of = {e["id"]: e["principle"] for e in exercises}
    result = []
    for number in PRINCIPLE_NUMBERS:
        items = [p for p in public if principle_of.get(p.contribution.exercise_id) == number]
        people = {
            p.contribution.participant_id for p in items if p.attribution and p.contribution.participant_id
        }
        result.append(
            {
                "principle": number,
                "exercises": [e["title"] for e in exercises if e["principle"] == number],
                "contributions": len(items),
                "participants": len(people),
                "carers_contributions": sum(1 for p in items if "carer" in p.roles),
            }
        )
    return result


def _amends(session: Session, workshop_id: str, amends_sha256: str) -> dict[str, Any] | None:
    """The revision this one replaces (its number, hash and signing time) and the amendment's reason."""
    if not amends_sha256:
        return None
    previous = session.exec(
        select(SignedRecord).where(
            SignedRecord.workshop_id == workshop_id, SignedRecord.sha256 == amends_sha256
        )
    ).first()
    reason = session.exec(
        select(Event.after)
        .where(Event.chain == workshop_id, Event.action == "record.amend")
        .order_by(col(Event.seq).desc())
        .limit(1)
    ).first()
    return {
        "revision": previous.revision if previous else None,
        "sha256": amends_sha256,
        "signed_at": previous.signed_at if previous else None,
        "signer": previous.signer if previous else "",
        "reason": str((reason or {}).get("reason", "")),
    }


def build_record(
    session: Session,
    workshop_id: str,
    *,
    record_id: str,
    revision: int,
    amends_sha256: str,
    signer: dict[str, str],
    gaps_reason: str,
    generated_at: dt.datetime,
    cosigners: Sequence[str] = (),
    checks: list[readiness.Check] | None = None,
) -> dict[str, Any]:
    """The record as data. ``signer`` has the facilitator's name, organisation and certificate fingerprint;
    ``cosigners`` are the people for whom signature fields are reserved (they sign later, in the PDF);
    ``checks``, the readiness checks if the caller has just made them (else they are made here)."""
    w = get_or_fail(session, Workshop, workshop_id)
    who = disclosure.people(session, workshop_id)
    public = disclosure.contributions(session, workshop_id, who)
    exercises = _exercises(session, workshop_id, public)
    if checks is None:
        checks = readiness.check_in(session, workshop_id)
    statements = session.exec(
        select(ConsentStatement)
        .where(ConsentStatement.workshop_id == workshop_id)
        .order_by(col(ConsentStatement.version))
    )
    head = session.exec(
        select(Event.hash).where(Event.chain == workshop_id).order_by(col(Event.seq).desc()).limit(1)
    ).first()
    events = len(list(session.exec(select(Event.seq).where(Event.chain == workshop_id))))
    votes_list = record_votes(session, workshop_id, who)
    workshop = _workshop(session, w)
    numbered = 0
    for e in exercises:
        for c in e["contributions"]:
            numbered += 1
            c["number"] = numbered
    return {
        "format": FORMAT,
        "app_version": __version__,
        "record_id": record_id,
        "revision": revision,
        "amends_sha256": amends_sha256,
        "amends": _amends(session, workshop_id, amends_sha256),
        "generated_at": generated_at,
        "signer": signer,
        "cosigners_reserved": list(cosigners),
        "workshop": workshop,
        "readiness": {
            "checks": [{"key": c.key, "label": c.label, "ok": c.ok, "detail": c.detail} for c in checks],
            "gaps_reason": gaps_reason,
        },
        "participation": _participation(session, workshop_id, who),
        "attendance": _attendance(who, [f["name"] for f in workshop["facilitators"]]),
        "principles": _principles(exercises, public),
        "exercises": exercises,
        "votes": votes_list,
        "decisions": record_decisions(session, workshop_id, exercises, votes_list),
        "you_said_we_did": [
            {
                "kind": row.target_kind,
                "id": row.target_id,
                "text": row.text,
                "exercise": row.exercise,
                "outcome": row.outcome,
                "reason": row.reason,
            }
            for row in outcomes.ledger_in(session, workshop_id)
        ],
        "consent_statements": [
            {"version": s.version, "text": s.text, "sha256": _statement_sha256(s.text)} for s in statements
        ],
        "audit": {"events": events, "chain_head": head or ""},
    }


def encode(record: dict[str, Any]) -> tuple[bytes, str]:
    """The canonical bytes and their SHA-256 (hex)."""
    data = canonical_json(record)
    return data, hashlib.sha256(data).hexdigest()
