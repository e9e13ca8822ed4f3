"""Checking the hash-chained event log: every chain, or one workshop's, naming the first altered event."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import select

from coproduce.i18n import translate
from coproduce.services.unit import reading
from coproduce.storage.events import GLOBAL_CHAIN, Event, chains, verify_chain
from coproduce.storage.models import Workshop


@dataclass(frozen=True)
class ChainAudit:
    chain: str
    title: str  # the workshop's title, or a description of the chain
    events: int
    ok: bool
    first_bad_seq: int | None = None
    first_bad_id: str | None = None
    first_bad_action: str = ""
    first_bad_at: dt.datetime | None = None
    problem: str = ""


def audit(engine: Engine, workshop_id: str | None = None) -> list[ChainAudit]:
    """Verify one workshop's chain (it must exist) or every chain in the database."""
    with reading(engine) as session:
        if workshop_id is not None:
            from coproduce.services.lookup import get_or_fail

            get_or_fail(session, Workshop, workshop_id)
            names = [workshop_id]
        else:
            names = sorted(chains(session))
        titles = dict(session.exec(select(Workshop.id, Workshop.title)).all())
        result: list[ChainAudit] = []
        for chain in names:
            report = verify_chain(session, chain)
            title = titles.get(chain) or (
                translate("Audit", "imports and other global events") if chain == GLOBAL_CHAIN else chain
            )
            bad = session.exec(select(Event).where(Event.id == report.first_bad_id)).first()
            result.append(
                ChainAudit(
                    chain=chain,
                    title=title,
                    events=report.events,
                    ok=report.ok,
                    first_bad_seq=report.first_bad_seq,
                    first_bad_id=report.first_bad_id,
                    first_bad_action=bad.action if bad else "",
                    first_bad_at=bad.at if bad else None,
                    problem=translate("Audit", report.problem) if report.problem else "",
                )
            )
    return result
