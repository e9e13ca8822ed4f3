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


def _blank(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) == "Cf"


def _strip_invisible(text: str) -> str:
    """Strip white space, and format characters (zero-width space, BOM, …) at either end.

    Text of nothing but those is empty. A zero-width joiner or non-joiner inside real text is kept: they shape
    Arabic and Indic scripts and join emoji; only at the very ends, where they join nothing, are they dropped.
    """
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


def clean_text(value: str, *, field: str, limit: int, required: bool = False, multiline: bool = True) -> str:
    text = unicodedata.normalize("NFC", value or "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = _strip_invisible(text)
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
