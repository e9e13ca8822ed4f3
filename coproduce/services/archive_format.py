"""The ``.coproduce`` archive format, shared by export and import.

A zip holding:
- ``manifest.json``: format name and version, app version, schema revision, when it was made, the workshop's
  id and title, the event chain's head, and the SHA-256 of every other member;
- ``workshop.json``: every row of the workshop from every table, as JSON (``{"tables": {name: [row, ...]}}``);
- ``events.json``: the workshop's hash-chained event log, in order;
- ``documents.json``: the documents shown (title, file name, size, SHA-256);
- ``signature.json`` (optional): an ECDSA P-256/SHA-256 signature over the exact bytes of ``manifest.json``
  with the signer's certificate.

Which tables: generic over the SQLModel tables. A table belongs to a workshop if it has ``workshop_id``, or a
foreign key to a table that does (consent, withdrawal, vote options, ballots, decision links and actions).
Values are written by column type: dates and times as ISO text, timestamps as the stored UTC text, JSON as
JSON, so that an import gives back identical values.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, Numeric, String, Table, Time
from sqlalchemy.sql.schema import ScalarElementColumnDefault
from sqlalchemy.types import TypeDecorator
from sqlmodel import SQLModel

import coproduce.storage.models_consent
import coproduce.storage.models_decisions  # noqa: F401  (registers the tables)
from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.validate import LONG, MEDIUM, SHORT
from coproduce.storage.events import Event
from coproduce.storage.types import UTCDateTime

FORMAT = "coproduce-archive"
FORMAT_VERSION = 1
SUFFIX = ".coproduce"
MANIFEST = "manifest.json"
WORKSHOP = "workshop.json"
EVENTS = "events.json"
DOCUMENTS = "documents.json"
SIGNATURE = "signature.json"
DATA_MEMBERS: tuple[str, ...] = (WORKSHOP, EVENTS, DOCUMENTS)
ALL_MEMBERS: frozenset[str] = frozenset({MANIFEST, SIGNATURE, *DATA_MEMBERS})
SIGNATURE_ALGORITHM = "ECDSA-P256-SHA256"
NOT_WORKSHOP_DATA = frozenset({"event", "setting", "alembic_version"})
_STAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z\Z")

# Sane limits for what an archive may hold.
MAX_TEXT = 20_000  # characters in any one string without a limit of its own (JSON values, for one)
CONTRIBUTION_TEXT = 10_000  # coproduce.services.contributions.TEXT_LIMIT (a test keeps them equal)
# The limits the services enforce when a person types a value: an archive may not hold more.
FIELD_LIMITS: dict[str, dict[str, int]] = {
    "workshop": {
        "title": SHORT,
        "place": SHORT,
        "venue": SHORT,
        "question": LONG,
        "preferred_option": MEDIUM,
    },
    "facilitator": {"name": SHORT, "organisation": SHORT},
    "document": {"title": SHORT},
    "participant": {
        "display_name": SHORT,
        "pseudonym": SHORT,
        "role_other": SHORT,
        "organisation": SHORT,
        "access_notes": MEDIUM,
    },
    "exercise": {"title": SHORT, "prompt": LONG, "easy_read_prompt": LONG, "guidance": LONG},
    "theme": {"name": SHORT},
    "contribution": {"text": CONTRIBUTION_TEXT, "hidden_reason": MEDIUM},
    "consentstatement": {"text": LONG},
    "consent": {"witness": SHORT, "contact_details": MEDIUM},
    "withdrawal": {"note": MEDIUM},
    "populationprofile": {"source": SHORT},
    "vote": {"title": SHORT, "proposal": LONG},
    "voteoption": {"label": MEDIUM},
    "decision": {
        "statement": LONG,
        "rationale": LONG,
        "decided_by": SHORT,
        "decided_by_role": SHORT,
        "dissent": LONG,
        "divergence_reason": LONG,
    },
    "decisionaction": {"description": MEDIUM, "owner": SHORT},
    "outcome": {"reason": MEDIUM},
    "signedrecord": {"gaps_reason": MEDIUM},
}
MAX_ID = 64  # characters in an id or hash
MAX_JSON_DEPTH = 12


def _t(text: str) -> str:
    return translate("Archives", text)


def _too_long(length: int, limit: int) -> str:
    return _t("a text of {length:,} characters (the limit is {limit:,})").format(length=length, limit=limit)


class ArchiveError(ValidationError):
    """An archive that is refused; nothing from it was imported."""


@dataclass(frozen=True)
class ArchiveSigner:
    """Signs the manifest: the certificate (PEM) and a function from bytes to a DER ECDSA signature."""

    certificate_pem: bytes
    sign: Callable[[bytes], bytes]


@dataclass(frozen=True)
class TableSpec:
    """A table of workshop data, and how its rows are found: ``scope`` column and ``parent`` table."""

    table: Table
    scope: str | None  # "workshop_id", a foreign key column, or None for the workshop table itself
    parent: str | None  # the table ``scope`` points at (None when scope is workshop_id or None)

    @property
    def name(self) -> str:
        return self.table.name


@cache
def workshop_tables() -> tuple[TableSpec, ...]:
    """Every table holding a workshop's data, parents before children."""
    specs: list[TableSpec] = []
    scoped: set[str] = set()
    for table in SQLModel.metadata.sorted_tables:
        if table.name in NOT_WORKSHOP_DATA:
            continue
        if table.name == "workshop":
            specs.append(TableSpec(table, None, None))
        elif "workshop_id" in table.c:
            specs.append(TableSpec(table, "workshop_id", None))
        else:
            links = [
                (column, fk.column.table.name)
                for column in table.columns
                for fk in column.foreign_keys
                if fk.column.table.name in scoped
            ]
            links.sort(key=lambda link: bool(link[0].nullable))
            if not links:
                continue
            specs.append(TableSpec(table, links[0][0].name, links[0][1]))
        scoped.add(table.name)
    return tuple(specs)


def event_columns() -> tuple[Column[Any], ...]:
    table: Table = Event.__table__  # type: ignore[attr-defined]
    return tuple(c for c in table.columns if c.name != "seq")


# -- values --------------------------------------------------------------------------------------------


def kind_of(column: Column[Any]) -> str:
    kind = column.type
    if isinstance(kind, UTCDateTime):
        return "timestamp"
    if isinstance(kind, TypeDecorator):  # sqlmodel's AutoString and the like: judge by what is stored
        kind = kind.impl_instance
    if isinstance(kind, Boolean):
        return "bool"
    if isinstance(kind, Integer):
        return "int"
    if isinstance(kind, Float | Numeric):
        return "float"
    if isinstance(kind, Date):
        return "date"
    if isinstance(kind, Time):
        return "time"
    if isinstance(kind, JSON):
        return "json"
    if isinstance(kind, String):
        return "str"
    raise TypeError(f"no archive encoding for column {column} of type {kind!r}")


def encode(kind: str, value: Any) -> Any:
    """A stored (Python) value as JSON."""
    if value is None:
        return None
    if kind == "timestamp":
        stamp: str = value.astimezone(dt.UTC).strftime(_STAMP)
        return stamp
    if kind in ("date", "time"):
        return value.isoformat()
    return value


class BadValueError(Exception):
    """A value that does not fit its column (the caller names the table, row and column)."""


def _check_json(value: Any, depth: int = 0) -> None:
    if depth > MAX_JSON_DEPTH:
        raise BadValueError(_t("nested too deeply"))
    if isinstance(value, str):
        if len(value) > MAX_TEXT:
            raise BadValueError(_too_long(len(value), MAX_TEXT))
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(key, depth + 1)
            _check_json(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check_json(item, depth + 1)
    elif isinstance(value, float) and value != value:  # NaN
        raise BadValueError(_t("not a number"))


def decode(kind: str, value: Any, *, nullable: bool, limit: int = MAX_TEXT) -> Any:
    """A JSON value back into the Python value for a column of ``kind``; BadValueError if it does not fit."""
    if value is None:
        if not nullable:
            raise BadValueError(_t("missing"))
        return None
    if kind == "str":
        if not isinstance(value, str):
            raise BadValueError(_t("not text"))
        if len(value) > limit:
            raise BadValueError(_too_long(len(value), limit))
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            raise BadValueError(_t("not true or false"))
        return value
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, int) or abs(value) > 2**53:
            raise BadValueError(_t("not a whole number"))
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadValueError(_t("not a number"))
        return float(value)
    if kind == "json":
        _check_json(value)
        return value
    if not isinstance(value, str) or len(value) > 40:
        raise BadValueError(_t("not a date or time"))
    try:
        if kind == "timestamp":
            if not _TIMESTAMP.match(value):
                raise ValueError(value)
            return dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.UTC)
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "time":
            return dt.time.fromisoformat(value)
    except ValueError as err:
        raise BadValueError(_t("not a valid date or time")) from err
    raise TypeError(kind)


MISSING: Any = object()  # a column with no default: an archive must give its value
ColumnSpec = tuple[str, str, bool, int, Any]  # name, kind, nullable, text limit, default or MISSING


def column_specs(columns: Iterable[Column[Any]], *, defaults: bool = True) -> list[ColumnSpec]:
    """How to decode each column; a column left out of an older archive takes its scalar default."""
    result: list[ColumnSpec] = []
    for column in columns:
        default: Any = MISSING
        if defaults and isinstance(column.default, ScalarElementColumnDefault):
            default = column.default.arg
        elif defaults and column.nullable and not column.primary_key:
            default = None
        limit = text_limit(column.name, getattr(column.table, "name", ""))
        result.append((column.name, kind_of(column), bool(column.nullable), limit, default))
    return result


def text_limit(column_name: str, table: str = "") -> int:
    if column_name == "id" or column_name.endswith("_id") or column_name in ("chain", "hash", "prev_hash"):
        return MAX_ID
    if column_name in ("sha256", "amends_sha256"):
        return MAX_ID
    return FIELD_LIMITS.get(table, {}).get(column_name, MAX_TEXT)
