"""The facilitator's PIN for participant mode: stored only as a slow salted hash, wrong attempts slowed down.

The PIN (4–12 digits) is hashed with scrypt (n=2**14, r=8, p=1, a random 16-byte salt) and kept in the
``Setting`` table under ``participant_mode.pin`` together with its parameters; the PIN itself is never stored
or logged. Setting it appends a global event that says only that it was set. ``PinThrottle`` tracks wrong
attempts and makes the next one wait 1 s, 2 s, 4 s … up to 30 s; ``attempt`` enforces it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections.abc import Callable

from sqlalchemy import Engine

from coproduce.errors import KnownError, ValidationError
from coproduce.i18n import translate
from coproduce.services.unit import reading, record, writing
from coproduce.storage.events import GLOBAL_CHAIN
from coproduce.storage.models import Setting
from coproduce.storage.types import utcnow

KEY = "participant_mode.pin"
SCHEME = "scrypt"
N, R, P = 2**14, 8, 1
SALT_BYTES = 16
HASH_BYTES = 32
MIN_DIGITS, MAX_DIGITS = 4, 12


class PinWaitError(KnownError):
    """A PIN attempt came before the delay after the last wrong one had passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        whole = max(1, round(seconds + 0.499))
        super().__init__(
            translate("PIN", "Please wait 1 second before trying the PIN again.")
            if whole == 1
            else translate("PIN", "Please wait {seconds} seconds before trying the PIN again.").format(
                seconds=whole
            )
        )


def validate_pin(pin: str) -> str:
    if not pin.isascii() or not pin.isdigit() or not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise ValidationError(
            translate("PIN", "The PIN must be {low} to {high} digits (numbers only).").format(
                low=MIN_DIGITS, high=MAX_DIGITS
            )
        )
    return pin


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("ascii"), salt=salt, n=n, r=r, p=p, dklen=length, maxmem=256 * 1024 * 1024
    )


def set_pin(engine: Engine, actor: str, pin: str) -> None:
    """Store a new PIN (replacing any earlier one) as a salted scrypt hash; log that it was set."""
    validate_pin(pin)
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _derive(pin, salt, N, R, P, HASH_BYTES)
    value: dict[str, object] = {
        "scheme": SCHEME,
        "n": N,
        "r": R,
        "p": P,
        "salt": salt.hex(),
        "hash": digest.hex(),
    }
    with writing(engine) as session:
        row = session.get(Setting, KEY)
        replaced = row is not None
        if row is None:
            row = Setting(key=KEY, value=value)
        else:
            row.value = value
            row.updated_at = utcnow()
        session.add(row)
        session.flush()
        record(
            session,
            actor,
            "participant_mode.pin_set",
            row,
            chain=GLOBAL_CHAIN,
            after={"key": KEY, "scheme": SCHEME, "replaced": replaced},
        )


def has_pin(engine: Engine) -> bool:
    with reading(engine) as session:
        return session.get(Setting, KEY) is not None


def check_pin(engine: Engine, pin: str) -> bool:
    """True when ``pin`` matches the stored hash (compared in constant time); False when no PIN is set."""
    with reading(engine) as session:
        row = session.get(Setting, KEY)
    if row is None or not pin.isascii() or not pin.isdigit() or len(pin) > MAX_DIGITS:
        return False
    stored = row.value
    try:
        salt = bytes.fromhex(str(stored["salt"]))
        expected = bytes.fromhex(str(stored["hash"]))
        n, r, p = (int(str(stored[k])) for k in ("n", "r", "p"))
    except (KeyError, ValueError):
        return False
    if stored.get("scheme") != SCHEME:
        return False
    return hmac.compare_digest(_derive(pin, salt, n, r, p, len(expected)), expected)


Clock = Callable[[], float]


class PinThrottle:
    """Counts wrong attempts; after the k-th in a row the next attempt must wait min(2**(k-1), 30) seconds."""

    def __init__(self, clock: Clock = time.monotonic, base: float = 1.0, cap: float = 30.0) -> None:
        self._clock = clock
        self.base = base
        self.cap = cap
        self.failures = 0
        self._allowed_at = 0.0

    def delay_after(self, failures: int) -> float:
        if failures <= 0:
            return 0.0
        return float(min(self.cap, self.base * 2 ** min(failures - 1, 30)))

    def wait_seconds(self) -> float:
        """Seconds until another attempt is allowed (0 when one may be made now)."""
        return max(0.0, self._allowed_at - self._clock())

    def failed(self) -> float:
        self.failures += 1
        delay = self.delay_after(self.failures)
        self._allowed_at = self._clock() + delay
        return delay

    def succeeded(self) -> None:
        self.failures = 0
        self._allowed_at = 0.0


def attempt(engine: Engine, pin: str, throttle: PinThrottle) -> bool:
    """Check ``pin`` if the throttle allows it (else ``PinWaitError``); a wrong one starts the next wait."""
    wait = throttle.wait_seconds()
    if wait > 0:
        raise PinWaitError(wait)
    if check_pin(engine, pin):
        throttle.succeeded()
        return True
    throttle.failed()
    return False
