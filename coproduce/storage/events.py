"""The append-only, hash-chained event log.

Every change a service makes appends an ``Event`` in the same transaction: who, what, when, the values
before and after. Each event stores the SHA-256 of the previous event of the same workshop and the SHA-256
of its own canonical JSON (which includes that previous hash), so altering, removing or reordering a stored
event breaks the chain and ``verify_chain`` names the first event that no longer fits.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import JSON, Column, Integer
from sqlmodel import Field, Session, SQLModel, col, select

from coproduce.storage.models import new_id
from coproduce.storage.types import UTCDateTime, utcnow

GENESIS = "0" * 64
GLOBAL_CHAIN = "global"


class Event(SQLModel, table=True):
    seq: int | None = Field(default=None, sa_column=Column(Integer, primary_key=True, autoincrement=True))
    id: str = Field(default_factory=new_id, unique=True)
    chain: str = Field(index=True)  # the workshop id, or "global"
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor: str
    action: str
    entity: str
    entity_id: str
    before: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    after: dict[str, Any] | None = Field(default=None, sa_type=JSON)
    prev_hash: str
    hash: str


def _normalise(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {str(k): _normalise(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_normalise(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return value


def canonical_json(value: Any) -> bytes:
    """Keys sorted, strings NFC, UTF-8, no insignificant whitespace."""
    return json.dumps(
        _normalise(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False
    ).encode("utf-8")


def jsonable(value: Any) -> Any:
    """What an event stores for a value: dates as ISO text, strings NFC."""
    return _normalise(value)


def _payload(event: Event) -> dict[str, Any]:
    return {
        "id": event.id,
        "chain": event.chain,
        "at": event.at.isoformat(),
        "actor": event.actor,
        "action": event.action,
        "entity": event.entity,
        "entity_id": event.entity_id,
        "before": event.before,
        "after": event.after,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Event) -> str:
    return hashlib.sha256(canonical_json(_payload(event))).hexdigest()


def last_hash(session: Session, chain: str) -> str:
    row = session.exec(
        select(Event.hash).where(Event.chain == chain).order_by(col(Event.seq).desc()).limit(1)
    ).first()
    return row or GENESIS


def append_event(
    session: Session,
    *,
    chain: str,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> Event:
    """Add an event to the session's transaction (the caller commits with the change itself)."""
    session.flush()
    event = Event(
        chain=chain,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=jsonable(before) if before is not None else None,
        after=jsonable(after) if after is not None else None,
        prev_hash=last_hash(session, chain),
        hash="",
    )
    event.hash = event_hash(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    chain: str
    events: int
    ok: bool
    first_bad_seq: int | None = None
    first_bad_id: str | None = None
    problem: str = ""


def verify_chain(session: Session, chain: str) -> ChainReport:
    prev = GENESIS
    count = 0
    for event in session.exec(select(Event).where(Event.chain == chain).order_by(col(Event.seq))):
        count += 1
        if event.prev_hash != prev:
            problem = "does not follow the event before it"
            return ChainReport(chain, count, False, event.seq, event.id, problem)
        if event_hash(event) != event.hash:
            return ChainReport(chain, count, False, event.seq, event.id, "its stored values were altered")
        prev = event.hash
    return ChainReport(chain, count, True)


def chains(session: Session) -> list[str]:
    return list(session.exec(select(Event.chain).distinct()))
