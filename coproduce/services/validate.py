"""Cleaning and checking text that people type or import."""

from __future__ import annotations

import re
import unicodedata

from coproduce.errors import ValidationError
from coproduce.i18n import translate

SHORT = 300  # titles, names, places
MEDIUM = 2_000  # one-line answers, reasons
LONG = 20_000  # a contribution, a rationale, a question

# C0/C1 controls except tab and newline; bidi overrides and isolates.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean_text(value: str, *, field: str, limit: int, required: bool = False, multiline: bool = True) -> str:
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    if required and not text:
        raise ValidationError(translate("Validation", "{field} is required.").format(field=field))
    if len(text) > limit:
        raise ValidationError(
            translate(
                "Validation", "{field} is too long: {length:,} characters (the limit is {limit:,})."
            ).format(field=field, length=len(text), limit=limit)
        )
    return text


def one_of(value: str, allowed: tuple[str, ...], *, field: str) -> str:
    if value not in allowed:
        raise ValidationError(
            translate("Validation", "{field} must be one of: {allowed}.").format(
                field=field, allowed=", ".join(allowed)
            )
        )
    return value
