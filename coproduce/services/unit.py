"""Transactions for services: one unit of work per user action, with environment errors made plain."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, SQLModel

from coproduce.errors import StorageError, WorkshopLockedError
from coproduce.i18n import translate
from coproduce.storage.events import append_event, jsonable
from coproduce.storage.models import Workshop


def _plain_reason(err: OperationalError) -> str:
    text = str(err.orig).lower()
    if "disk is full" in text or "database or disk is full" in text:
        return translate("Storage", "the disk is full. Free some space; nothing typed has been lost.")
    if "readonly" in text or "read-only" in text:
        return translate("Storage", "the data folder is read-only. Check its permissions.")
    if "locked" in text or "busy" in text:
        return translate("Storage", "the database is busy in another program. Try again in a moment.")
    if "unable to open" in text:
        return translate("Storage", "the database file cannot be opened. Check the data folder.")
    return str(err.orig)


@contextmanager
def reading(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


@contextmanager
def writing(engine: Engine) -> Iterator[Session]:
    """A session whose changes (and their events) commit together, or not at all."""
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
            session.commit()
    except OperationalError as err:
        raise StorageError(
            translate("Storage", "Your change could not be saved: {reason}").format(reason=_plain_reason(err))
        ) from err


def snapshot(row: SQLModel, fields: list[str] | None = None) -> dict[str, Any]:
    data = row.model_dump()
    if fields is not None:
        data = {k: data[k] for k in fields}
    result: dict[str, Any] = jsonable(data)
    return result


def record(
    session: Session,
    actor: str,
    action: str,
    row: SQLModel,
    *,
    chain: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    """Append the event for a change to ``row`` in the current transaction."""
    entity = type(row).__name__.lower()
    entity_id = str(getattr(row, "id", ""))
    append_event(
        session,
        chain=chain,
        actor=actor,
        action=action,
        entity=entity,
        entity_id=entity_id,
        before=before,
        after=after if after is not None else (snapshot(row) if action.endswith("create") else None),
    )


def ensure_editable(session: Session, workshop_id: str) -> Workshop:
    from coproduce.services.lookup import get_or_fail

    workshop = get_or_fail(session, Workshop, workshop_id)
    if workshop.status == "signed":
        raise WorkshopLockedError(
            translate(
                "Workshops",
                "“{title}” has a signed record and can no longer be edited. Create an amendment instead.",
            ).format(title=workshop.title)
        )
    return workshop
