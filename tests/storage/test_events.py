from __future__ import annotations

import json

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from coproduce.services import workshops
from coproduce.storage.events import Event, verify_chain


def _events(engine: Engine, chain: str) -> list[Event]:
    with Session(engine) as session:
        return list(session.exec(select(Event).where(Event.chain == chain).order_by(col(Event.seq))))


def test_each_change_appends_a_chained_event(engine: Engine) -> None:
    workshop_id = workshops.create_workshop(engine, "sarah", "Chained", place="Eastleigh")
    workshops.update_workshop(
        engine, "imran", workshop_id, {"place": "Hedge End", "influence": "collaborate"}
    )
    workshops.update_workshop(engine, "imran", workshop_id, {"place": "Hedge End"})  # no change, no event
    events = _events(engine, workshop_id)
    assert [(e.actor, e.action) for e in events] == [
        ("sarah", "workshop.create"),
        ("imran", "workshop.update"),
    ]
    assert events[1].before == {"place": "Eastleigh", "influence": "involve"}
    assert events[1].after == {"place": "Hedge End", "influence": "collaborate"}
    assert events[1].prev_hash == events[0].hash
    with Session(engine) as session:
        assert verify_chain(session, workshop_id).ok


def test_editing_a_stored_event_is_detected_and_named(engine: Engine) -> None:
    workshop_id = workshops.create_workshop(engine, "sarah", "Tamper target")
    for place in ("A", "B", "C"):
        workshops.update_workshop(engine, "sarah", workshop_id, {"place": place})
    target = _events(engine, workshop_id)[2]
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "UPDATE event SET after = ? WHERE id = ?", (json.dumps({"place": "Z"}), target.id)
        )
    with Session(engine) as session:
        report = verify_chain(session, workshop_id)
    assert not report.ok
    assert report.first_bad_id == target.id
    assert "altered" in report.problem


def test_removing_an_event_breaks_the_chain(engine: Engine) -> None:
    workshop_id = workshops.create_workshop(engine, "sarah", "Gap")
    for place in ("A", "B"):
        workshops.update_workshop(engine, "sarah", workshop_id, {"place": place})
    events = _events(engine, workshop_id)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM event WHERE id = ?", (events[1].id,))
    with Session(engine) as session:
        report = verify_chain(session, workshop_id)
    assert not report.ok and report.first_bad_id == events[2].id
