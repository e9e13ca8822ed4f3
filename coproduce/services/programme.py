"""The programme view: every workshop on this laptop (own and imported) seen together.

People appear only in aggregate: participants counted by role with small numbers suppressed
(``suppression``), and anyone who withdrew asking to be removed is left out of every count, as
``disclosure`` requires. Contributions are counted by principle (hidden ones left out). Decisions are listed
with their status and agreement, and outcomes ("you said, we did") are tallied. Workshops imported as
conflicting copies are flagged.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, and_, exists, func, select

from coproduce.i18n import translate
from coproduce.services.archive_import import Conflict, conflicts
from coproduce.services.choices import role_label, status_label
from coproduce.services.decisions import agreement_label
from coproduce.services.outcomes import outcome_label
from coproduce.services.principles import PRINCIPLE_NUMBERS, principle_short
from coproduce.services.suppression import SuppressedCounts, cell_text, render_counts, suppress_counts
from coproduce.storage.models import Contribution, Exercise, Participant, Workshop
from coproduce.storage.models_consent import Withdrawal
from coproduce.storage.models_decisions import Decision, Outcome


def _t(text: str) -> str:
    return translate("Programme", text)


@dataclass(frozen=True)
class WorkshopLine:
    id: str
    title: str
    place: str
    date: dt.date | None
    status: str
    archived: bool
    conflict_of: str | None
    origin: str
    contributions: int
    decisions: int


@dataclass(frozen=True)
class DecisionLine:
    workshop_id: str
    workshop_title: str
    statement: str
    status: str
    agreement: str
    decided_on: dt.date | None


@dataclass(frozen=True)
class Programme:
    workshops: list[WorkshopLine]
    roles: SuppressedCounts  # participants by role, across workshops (a person with two roles counts twice)
    participants: SuppressedCounts  # participants in all (one cell), suppressed like any count
    by_principle: dict[str, dict[int, int]]  # workshop id -> principle -> contributions
    decisions: list[DecisionLine]
    outcomes: dict[str, int]  # outcome kind -> how many inputs
    conflicts: list[Conflict]

    @property
    def principle_totals(self) -> dict[int, int]:
        totals: Counter[int] = Counter()
        for counts in self.by_principle.values():
            totals.update(counts)
        return {n: totals.get(n, 0) for n in PRINCIPLE_NUMBERS}


def _removed(participant_column: object) -> object:
    """True where the person withdrew and asked for their input to be removed."""
    return exists().where(
        and_(Withdrawal.participant_id == participant_column, Withdrawal.choice == "remove")  # type: ignore[arg-type]
    )


def programme(engine: Engine, *, include_archived: bool = True) -> Programme:
    w, c, e, p = Workshop.__table__, Contribution.__table__, Exercise.__table__, Participant.__table__  # type: ignore[attr-defined]
    d, o = Decision.__table__, Outcome.__table__  # type: ignore[attr-defined]
    with engine.connect() as connection:
        kept = c.c.hidden.is_(False) & ~_removed(c.c.participant_id)  # type: ignore[operator]
        by_principle: dict[str, dict[int, int]] = {}
        query = (
            select(c.c.workshop_id, e.c.principle, func.count())
            .join(e, e.c.id == c.c.exercise_id)
            .where(kept)
            .group_by(c.c.workshop_id, e.c.principle)
        )
        for workshop_id, principle, count in connection.execute(query):
            by_principle.setdefault(workshop_id, {})[int(principle)] = int(count)
        decided: dict[str, int] = dict(
            connection.execute(select(d.c.workshop_id, func.count()).group_by(d.c.workshop_id)).all()
        )
        lines = [
            WorkshopLine(
                row.id,
                row.title,
                row.place,
                row.date,
                row.status,
                bool(row.archived),
                row.conflict_of,
                row.origin,
                sum(by_principle.get(row.id, {}).values()),
                int(decided.get(row.id, 0)),
            )
            for row in connection.execute(select(w).order_by(w.c.date, w.c.title))
            if include_archived or not row.archived
        ]
        shown = {line.id for line in lines}
        roles: Counter[str] = Counter()
        people = 0
        query = select(p.c.workshop_id, p.c.roles).where(p.c.removed.is_(False), ~_removed(p.c.id))  # type: ignore[operator]
        for workshop_id, person_roles in connection.execute(query):
            if workshop_id in shown:
                people += 1
                roles.update(person_roles or ["other"])
        decisions = [
            DecisionLine(row.workshop_id, row.title, row.statement, row.status, row.agreement, row.decided_on)
            for row in connection.execute(
                select(d.c.workshop_id, w.c.title, d.c.statement, d.c.status, d.c.agreement, d.c.decided_on)
                .join(w, w.c.id == d.c.workshop_id)
                .order_by(w.c.date, w.c.title, d.c.position)
            )
            if row.workshop_id in shown
        ]
        outcomes: Counter[str] = Counter()
        for workshop_id, kind, count in connection.execute(
            select(o.c.workshop_id, o.c.outcome, func.count()).group_by(o.c.workshop_id, o.c.outcome)
        ):
            if workshop_id in shown:
                outcomes[kind] += int(count)
    ordered_roles = {role_label(k): v for k, v in sorted(roles.items(), key=lambda kv: (-kv[1], kv[0]))}
    return Programme(
        workshops=lines,
        roles=suppress_counts(ordered_roles, show_total=False),
        participants=suppress_counts({_t("Participants"): people}, show_total=False),
        by_principle={k: v for k, v in by_principle.items() if k in shown},
        decisions=decisions,
        outcomes=dict(sorted(outcomes.items())),
        conflicts=[item for item in conflicts(engine) if item.workshop_id in shown],
    )


def _grid(header: Sequence[str], body: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(row[k]) for row in (header, *body)) for k in range(len(header))]

    def line(row: Sequence[str]) -> str:
        cells = [row[0].ljust(widths[0]), *(t.rjust(n) for t, n in zip(row[1:], widths[1:], strict=True))]
        return "  ".join(cells).rstrip()

    return [line(header), "  ".join("-" * n for n in widths), *(line(row) for row in body)]


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_programme_text(view: Programme) -> str:
    out: list[str] = [_t("Programme of workshops"), "=" * 22, ""]
    out.append(
        _t("{n} workshops, {c} contributions, {d} decisions.").format(
            n=len(view.workshops),
            c=sum(line.contributions for line in view.workshops),
            d=len(view.decisions),
        )
    )
    out += ["", _t("Workshops"), "-" * 9]
    body = []
    for line in view.workshops:
        flag = _t(" [conflict copy]") if line.conflict_of else ""
        body.append(
            [
                _short(line.title) + flag,
                line.date.isoformat() if line.date else "-",
                _short(line.place, 24),
                status_label(line.status),
                str(line.contributions),
                str(line.decisions),
            ]
        )
    header = [_t("Title"), _t("Date"), _t("Place"), _t("Status"), _t("Contributions"), _t("Decisions")]
    out += _grid(header, body)
    if view.conflicts:
        out += ["", _t("Conflicts to resolve"), "-" * 20]
        for item in view.conflicts:
            out.append(
                _t(
                    "“{title}” ({id}) was imported from {origin} and differs from the local “{local}” "
                    "({local_id})."
                ).format(
                    title=item.title,
                    id=item.workshop_id,
                    origin=item.origin or "?",
                    local=item.local_title,
                    local_id=item.conflict_of,
                )
            )
    out += ["", _t("Participants by role (all workshops)"), "-" * 36]
    people = cell_text(view.participants.cells[0], False)
    out.append(_t("Participants in all: {n}").format(n=people))
    out.append(render_counts(view.roles, _t("Role")).rstrip())
    out += ["", _t("Contributions by principle"), "-" * 26]
    titles = {line.id: _short(line.title, 36) for line in view.workshops}
    header = [_t("Workshop"), *(principle_short(n) for n in PRINCIPLE_NUMBERS), _t("Total")]
    body = []
    for workshop_id, title in titles.items():
        counts = view.by_principle.get(workshop_id, {})
        body.append([title, *(str(counts.get(n, 0)) for n in PRINCIPLE_NUMBERS), str(sum(counts.values()))])
    totals = view.principle_totals
    body.append(
        [_t("All workshops"), *(str(totals[n]) for n in PRINCIPLE_NUMBERS), str(sum(totals.values()))]
    )
    out += _grid(header, body)
    out += ["", _t("Decisions"), "-" * 9]
    if not view.decisions:
        out.append(_t("No decisions recorded yet."))
    for decision in view.decisions:
        when = decision.decided_on.isoformat() if decision.decided_on else _t("not dated")
        out.append(
            _t("- {workshop}: {statement} ({status}, {agreement}, {when})").format(
                workshop=_short(decision.workshop_title, 36),
                statement=_short(decision.statement, 80),
                status=decision.status,
                agreement=agreement_label(decision.agreement) if decision.agreement else "-",
                when=when,
            )
        )
    out += ["", _t("Outcomes (you said, we did)"), "-" * 27]
    if not view.outcomes:
        out.append(_t("No outcomes recorded yet."))
    for kind, count in view.outcomes.items():
        out.append(f"{outcome_label(kind)}: {count}")
    return "\n".join(out) + "\n"
