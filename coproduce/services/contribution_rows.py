"""Reading contributions fast, for lists of tens of thousands: one query, only the columns a list shows.

``list_contribution_rows`` reads only the columns a list shows, as plain tuples (no ORM objects), adds the
exercise (title, principle), theme (name) and participant (what the facilitator sees: name, pseudonym or
number) from small dictionaries, and decodes timestamps with ``fromisoformat``: no query per row. The
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


def _columns() -> Any:
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return select(
        c.id,
        c.exercise_id,
        c.kind,
        c.text,
        c.participant_id,
        c.theme_id,
        c.source,
        c.hidden,
        c.hidden_reason,
        c.duplicate_of,
        type_coerce(c.created_at, String),
    )


def _rows(engine: Engine, workshop_id: str, condition: Any) -> list[ContributionRow]:
    """The contributions matching ``condition``, oldest first, with their exercise, theme and person.

    The few exercises, themes and people of the workshop are read first and looked up in dictionaries:
    measured on 50,000 contributions, that is about twice as fast as SQLite joining them per row.
    """
    e, t, p = Exercise.__table__.c, Theme.__table__.c, Participant.__table__.c  # type: ignore[attr-defined]
    parse = dt.datetime.fromisoformat
    with reading(engine) as session:
        connection = session.connection()
        exercises = {
            row[0]: (row[1], int(row[2]))
            for row in connection.execute(
                select(e.id, e.title, e.principle).where(e.workshop_id == workshop_id)
            )
        }
        themes: dict[str | None, str] = {
            row[0]: row[1]
            for row in connection.execute(select(t.id, t.name).where(t.workshop_id == workshop_id))
        }
        labels: dict[str | None, str] = {
            row[0]: _label(row[1], row[2], row[3], row[4])
            for row in connection.execute(
                select(p.id, p.number, p.display_name, p.pseudonym, p.anonymous).where(
                    p.workshop_id == workshop_id
                )
            )
        }
        found = list(connection.execute(_columns().where(condition)))
    found.sort(key=lambda r: (r[10], r[0]))  # ISO text in UTC: sorts as the times do
    result: list[ContributionRow] = []
    append = result.append
    for r in found:
        title, principle = exercises.get(r[1], ("", 0))
        append(
            ContributionRow(
                r[0],
                r[1],
                title,
                principle,
                r[2],
                r[3],
                r[4],
                labels.get(r[4], ""),
                r[5],
                themes.get(r[5], ""),
                r[6],
                bool(r[7]),
                r[8],
                r[9],
                parse(r[10]),
            )
        )
    return result


def list_contribution_rows(engine: Engine, workshop_id: str) -> list[ContributionRow]:
    """Every contribution of a workshop (hidden ones too, flagged), in the order they were made."""
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return _rows(engine, workshop_id, c.workshop_id == workshop_id)


def contribution_rows(engine: Engine, workshop_id: str, contribution_ids: list[str]) -> list[ContributionRow]:
    """The list rows for a few contributions (after a save or an edit), in the order they were made."""
    if not contribution_ids:
        return []
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    return _rows(engine, workshop_id, (c.workshop_id == workshop_id) & c.id.in_(contribution_ids))


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
