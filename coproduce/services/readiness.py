"""Ready to sign? The workshop checked against the Gunning principles and what the record needs.

Each gap names the section of the workshop where it is fixed. A facilitator may sign with gaps only by
recording why; the record then shows the gaps and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.i18n import translate
from coproduce.services import decisions, outcomes
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import reading
from coproduce.storage.models import Document, Exercise, Facilitator, Workshop
from coproduce.storage.models_consent import ConsentStatement
from coproduce.storage.models_decisions import Decision, Vote


def _t(text: str) -> str:
    return translate("Readiness", text)


@dataclass(frozen=True)
class Check:
    key: str
    section: str  # Overview, Participants, Exercises, Decisions
    label: str  # what is checked
    ok: bool
    detail: str = ""  # what is missing, when not ok


def check_in(session: Session, workshop_id: str) -> list[Check]:
    w = get_or_fail(session, Workshop, workshop_id)
    checks: list[Check] = []

    def add(key: str, section: str, label: str, ok: bool, detail: str = "") -> None:
        checks.append(Check(key, section, label, ok, "" if ok else detail))

    add(
        "question",
        "Overview",
        _t("The question or proposal is stated"),
        bool(w.question),
        _t("Write the question or proposal in scope."),
    )
    status_ok = w.proposal_status == "options_open" or bool(w.preferred_option)
    add(
        "proposal_status",
        "Overview",
        _t("The proposal's status is stated (formative: options open?)"),
        status_ok,
        _t("Say which option is preferred, or mark the options as still open."),
    )
    add(
        "decision_due",
        "Overview",
        _t("The date a decision is due is recorded"),
        w.decision_due is not None,
        _t("Add the date the decision is due."),
    )
    docs = session.exec(
        select(Document).where(Document.workshop_id == workshop_id, col(Document.removed).is_(False))
    ).all()
    add(
        "documents",
        "Overview",
        _t("Documents shown to participants are listed"),
        bool(docs),
        _t("List the documents shown, so the record shows what information people had."),
    )
    add(
        "dates",
        "Overview",
        _t("The date and times are recorded"),
        bool(w.date and w.start_time and w.end_time),
        _t("Add the workshop's date, start and end times."),
    )
    add(
        "notice",
        "Overview",
        _t("The notice given is recorded"),
        w.notice_given is not None,
        _t("Add the date invitations went out."),
    )
    lead = session.exec(select(Facilitator).where(Facilitator.workshop_id == workshop_id)).first()
    add(
        "facilitators",
        "Overview",
        _t("Facilitators are named"),
        lead is not None,
        _t("Name the facilitators."),
    )
    statement = session.exec(
        select(ConsentStatement).where(ConsentStatement.workshop_id == workshop_id)
    ).first()
    add(
        "consent",
        "Participants",
        _t("A consent statement is recorded"),
        statement is not None,
        _t("Record the consent statement people were shown."),
    )

    exercises = session.exec(
        select(Exercise).where(Exercise.workshop_id == workshop_id, col(Exercise.hidden).is_(False))
    ).all()
    no_time = [e for e in exercises if e.seconds_run <= 0]
    running = [e.title for e in no_time if e.started_at is not None and e.stopped_at is None]
    unrun = [e.title for e in no_time if e.started_at is None or e.stopped_at is not None]
    problems = []
    if running:
        problems.append(
            _t("Still running — stop it to record its time: {titles}").format(titles="; ".join(running))
        )
    if unrun:
        problems.append(_t("Not run (no time recorded): {titles}").format(titles="; ".join(unrun)))
    add(
        "exercise_time",
        "Exercises",
        _t("Every exercise has its time recorded"),
        bool(exercises) and not no_time,
        _t("No exercises yet.") if not exercises else " ".join(problems),
    )
    open_votes = [
        v.title
        for v in session.exec(select(Vote).where(Vote.workshop_id == workshop_id))
        if v.status != "closed"
    ]
    add(
        "votes_closed",
        "Decisions",
        _t("Every vote is closed"),
        not open_votes,
        _t("Still open: {titles}").format(titles="; ".join(open_votes)),
    )

    all_decisions = session.exec(select(Decision).where(Decision.workshop_id == workshop_id)).all()
    add(
        "decisions",
        "Decisions",
        _t("Decisions are recorded"),
        bool(all_decisions),
        _t("Record what was decided."),
    )
    drafts = [d.statement[:60] for d in all_decisions if d.status != "final"]
    add(
        "decisions_final",
        "Decisions",
        _t("Every decision is final, with rationale, who decided and evidence"),
        not drafts,
        _t("Not final: {items}").format(items="; ".join(drafts)),
    )
    unexplained = [
        d.statement[:60]
        for d in all_decisions
        if decisions.divergences_in(session, d) and not d.divergence_reason
    ]
    add(
        "divergence",
        "Decisions",
        _t("Decisions that go against the room are explained"),
        not unexplained,
        _t("No written reason: {items}").format(items="; ".join(unexplained)),
    )
    missing = [row for row in outcomes.ledger_in(session, workshop_id) if row.outcome is None]
    add(
        "outcomes",
        "Decisions",
        _t("Every input has an outcome (you said, we did)"),
        not missing,
        _t("{n} inputs have no outcome yet.").format(n=len(missing)),
    )
    return checks


def check(engine: Engine, workshop_id: str) -> list[Check]:
    with reading(engine) as session:
        return check_in(session, workshop_id)


def gaps(checks: list[Check]) -> list[Check]:
    return [c for c in checks if not c.ok]


def render_text(title: str, checks: list[Check]) -> str:
    lines = [_t("Readiness to sign: {title}").format(title=title), ""]
    for c in checks:
        mark = _t("[ok]  ") if c.ok else _t("[GAP] ")
        lines.append(f"{mark}{c.label}")
        if not c.ok:
            lines.append(
                _t("        {detail} (section: {section})").format(detail=c.detail, section=c.section)
            )
    missing = len(gaps(checks))
    lines.append("")
    if missing == 0:
        lines.append(_t("Ready to sign."))
    elif missing == 1:
        lines.append(_t("1 gap to close or explain before signing."))
    else:
        lines.append(_t("{n} gaps to close or explain before signing.").format(n=missing))
    return "\n".join(lines)
