from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, col, select

from coproduce.errors import ValidationError
from coproduce.services import pin
from coproduce.storage.events import GLOBAL_CHAIN, Event, verify_chain
from coproduce.storage.models import Setting


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _raw_database_text(engine: Engine) -> str:
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT key, value FROM setting")).all()
        events = conn.execute(text("SELECT action, before, after FROM event")).all()
    return json.dumps([list(map(str, r)) for r in [*rows, *events]])


def test_the_pin_is_stored_only_as_a_salted_scrypt_hash(engine: Engine) -> None:
    assert not pin.has_pin(engine)
    pin.set_pin(engine, "facilitator", "482916")
    assert pin.has_pin(engine)
    with Session(engine) as session:
        row = session.get(Setting, pin.KEY)
        assert row is not None
        stored = row.value
    assert stored["scheme"] == "scrypt"
    assert (stored["n"], stored["r"], stored["p"]) == (2**14, 8, 1)
    assert len(bytes.fromhex(str(stored["salt"]))) == 16
    assert len(bytes.fromhex(str(stored["hash"]))) == 32
    assert "482916" not in _raw_database_text(engine)
    # the hash is what scrypt gives with the stored salt and parameters
    import hashlib

    expected = hashlib.scrypt(
        b"482916", salt=bytes.fromhex(str(stored["salt"])), n=2**14, r=8, p=1, dklen=32
    ).hex()
    assert stored["hash"] == expected


def test_setting_the_pin_is_an_event_without_the_pin(engine: Engine) -> None:
    pin.set_pin(engine, "facilitator", "1234")
    pin.set_pin(engine, "facilitator", "5678")
    with Session(engine) as session:
        events = list(session.exec(select(Event).where(Event.chain == GLOBAL_CHAIN).order_by(col(Event.seq))))
        assert verify_chain(session, GLOBAL_CHAIN).ok
    assert [e.action for e in events] == ["participant_mode.pin_set"] * 2
    assert [e.after for e in events] == [
        {"key": pin.KEY, "scheme": "scrypt", "replaced": False},
        {"key": pin.KEY, "scheme": "scrypt", "replaced": True},
    ]
    assert all(e.actor == "facilitator" for e in events)


def test_two_pins_get_different_salts(engine: Engine) -> None:
    pin.set_pin(engine, "f", "1234")
    with Session(engine) as session:
        first = dict(session.get(Setting, pin.KEY).value)  # type: ignore[union-attr]
    pin.set_pin(engine, "f", "1234")
    with Session(engine) as session:
        second = dict(session.get(Setting, pin.KEY).value)  # type: ignore[union-attr]
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]


def test_checks(engine: Engine) -> None:
    assert not pin.check_pin(engine, "1234")  # no PIN set yet: nothing unlocks
    pin.set_pin(engine, "f", "0042")
    assert pin.check_pin(engine, "0042")
    for wrong in ("0043", "42", "", "0042 ", "００４２", "00420", "x" * 50):
        assert not pin.check_pin(engine, wrong)


@pytest.mark.parametrize("bad", ["123", "1234567890123", "12a4", "", " 1234", "١٢٣٤"])
def test_pin_rules(engine: Engine, bad: str) -> None:
    with pytest.raises(ValidationError, match="4 to 12 digits"):
        pin.set_pin(engine, "f", bad)
    assert not pin.has_pin(engine)


def test_the_throttle_doubles_the_wait_up_to_30_seconds() -> None:
    clock = FakeClock()
    throttle = pin.PinThrottle(clock)
    assert throttle.wait_seconds() == 0
    delays = [throttle.failed() for _ in range(8)]
    assert delays == [1, 2, 4, 8, 16, 30, 30, 30]
    assert throttle.wait_seconds() == 30
    clock.now += 29.5
    assert throttle.wait_seconds() == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.wait_seconds() == 0
    throttle.succeeded()
    assert throttle.failures == 0 and throttle.failed() == 1


def test_attempt_refuses_during_the_wait_even_with_the_right_pin(engine: Engine) -> None:
    pin.set_pin(engine, "f", "2468")
    clock = FakeClock()
    throttle = pin.PinThrottle(clock)
    assert not pin.attempt(engine, "1111", throttle)
    with pytest.raises(pin.PinWaitError, match="wait 1 second before"):
        pin.attempt(engine, "2468", throttle)
    clock.now += 1
    assert not pin.attempt(engine, "2222", throttle)
    clock.now += 1.5
    with pytest.raises(pin.PinWaitError) as err:
        pin.attempt(engine, "2468", throttle)
    assert err.value.seconds == pytest.approx(0.5)
    clock.now += 0.5
    assert pin.attempt(engine, "2468", throttle)
    assert throttle.failures == 0
