"""A small workshop for the vote, decision, outcome and readiness tests: people with roles and consent,
and an ideas exercise with a few contributions."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.services import consent, contributions, exercises, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.storage.events import Event

ACTOR = "tester"


@dataclass
class Room:
    workshop_id: str
    exercise_id: str
    carer: str
    resident: str
    staff: str
    no_consent: str
    ideas: list[str]  # contribution ids


def make_room(engine: Engine, title: str = "Respite care in Fareham") -> Room:
    workshop_id = workshops.create_workshop(engine, ACTOR, title, date=dt.date(2026, 12, 3))
    consent.current_statement(engine, ACTOR, workshop_id)

    def person(name: str, roles: list[str], consents: bool = True) -> str:
        pid = participants.add_participant(
            engine, ACTOR, workshop_id, ParticipantInput(display_name=name, roles=roles)
        )
        if consents:
            consent.record_consent(engine, ACTOR, pid, method="on_screen", be_named=True)
        return pid

    carer = person("Margaret Ellis", ["carer"])
    resident = person("Tomasz Nowak", ["resident"])
    staff = person("Priya Shah", ["staff"])
    no_consent = person("Not Yet Asked", ["resident"], consents=False)
    exercise_id = exercises.add_exercise(
        engine, ACTOR, workshop_id, exercises.from_template("ideas-and-priorities")
    )
    ideas = [
        contributions.add_contribution(engine, ACTOR, exercise_id, text, "idea", participant_id=carer)
        for text in ("An evening sitting service", "A carers' lounge", "One named contact")
    ]
    return Room(workshop_id, exercise_id, carer, resident, staff, no_consent, ideas)


def events(engine: Engine, chain: str) -> list[Event]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.exec(select(Event).where(Event.chain == chain).order_by(col(Event.seq))))
