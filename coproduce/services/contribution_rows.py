"""Reading contributions fast, for lists of tens of thousands: one query, only the columns a list shows.

``list_contribution_rows`` joins the exercise (title, principle), the theme (name) and the participant
(what the facilitator sees: name, pseudonym or number) in one statement and decodes timestamps with
``fromisoformat`` rather than row objects, so 50,000 contributions load in a fraction of a second. The
facilitator's view shows names; anything leaving the app goes through ``disclosure`` instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, String, select, type_coerce
from sqlmodel import col
from sqlmodel import select as model_select

from coproduce.i18n import translate
from coproduce.services.unit import reading
from coproduce.storage.events import Event
from coproduce.storage.models import Contribution, Exercise, Participant, Theme


@dataclass(slots=True)
class ContributionRow:
    id: str
    exercise_id: str
    exercise_title: str
    principle: int
    kind: str
    text: str
    participant_id: str | None
    participant_label: str  # "" when anonymous
    theme_id: str | None
    theme_name: str
    source: str
    hidden: bool
    hidden_reason: str
    duplicate_of: str | None
    created_at: dt.datetime


def _label(number: int | None, name: str | None, pseudonym: str | None, anonymous: bool | None) -> str:
    if number is None:
        return ""
    if anonymous:
        return translate("Participants", "Participant {n} (anonymous)").format(n=number)
    return name or pseudonym or translate("Participants", "Participant {n}").format(n=number)


def _query() -> Any:
    c, e, t, p = (Contribution.__table__.c, Exercise.__table__.c, Theme.__table__.c, Participant.__table__.c)  # type: ignore[attr-defined]
    return (
        select(
            c.id,
            c.exercise_id,
            e.title,
            e.principle,
            c.kind,
            c.text,
            c.participant_id,
            p.number,
            p.display_name,
            p.pseudonym,
            p.anonymous,
            c.theme_id,
            t.name,
            c.source,
            c.hidden,
            c.hidden_reason,
            c.duplicate_of,
            type_coerce(c.created_at, String),
        )
        .select_from(Contribution.__table__)  # type: ignore[attr-defined]
        .join(Exercise.__table__, e.id == c.exercise_id)  # type: ignore[attr-defined]
        .outerjoin(Theme.__table__, t.id == c.theme_id)  # type: ignore[attr-defined]
        .outerjoin(Participant.__table__, p.id == c.participant_id)  # type: ignore[attr-defined]
    )


def _rows(engine: Engine, query: Any) -> list[ContributionRow]:
    parse = dt.datetime.fromisoformat
    labels: dict[str | None, str] = {None: ""}
    result: list[ContributionRow] = []
    with reading(engine) as session:
        for r in session.connection().execute(query):
            pid = r[6]
            label = labels.get(pid)
            if label is None:
                label = labels[pid] = _label(r[7], r[8], r[9], r[10])
            result.append(
                ContributionRow(
                    r[0],
                    r[1],
                    r[2],
                    int(r[3]),
                    r[4],
                    r[5],
                    pid,
                    label,
                    r[11],
                    r[12] or "",
                    r[13],
                    bool(r[14]),
                    r[15],
                    r[16],
                    parse(r[17]),
                )
            )
    return result


def list_contribution_rows(engine: Engine, workshop_id: str) -> list[ContributionRow]:
    """Every contribution of a workshop (hidden ones too, flagged), in the order they were made."""
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return _rows(engine, _query().where(c.workshop_id == workshop_id).order_by(c.created_at, c.id))


def contribution_rows(engine: Engine, contribution_ids: list[str]) -> list[ContributionRow]:
    """The list rows for a few contributions (after a save or an edit), in the order they were made."""
    if not contribution_ids:
        return []
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return _rows(engine, _query().where(c.id.in_(contribution_ids)).order_by(c.created_at, c.id))


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def contribution_history(engine: Engine, contribution_id: str) -> list[HistoryEntry]:
    """Every recorded change to one contribution, oldest first (from the event log)."""
    with reading(engine) as session:
        item = session.get(Contribution, contribution_id)
        if item is None:
            return []
        events = session.exec(
            model_select(Event)
            .where(
                Event.chain == item.workshop_id,
                Event.entity == "contribution",
                Event.entity_id == contribution_id,
            )
            .order_by(col(Event.seq))
        )
        return [HistoryEntry(e.at, e.actor, e.action, e.before, e.after) for e in events]
