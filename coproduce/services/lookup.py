"""Fetching rows by id with a plain message when they are gone."""

from __future__ import annotations

from typing import TypeVar

from sqlmodel import Session, SQLModel

from coproduce.errors import NotFoundError
from coproduce.i18n import translate

T = TypeVar("T", bound=SQLModel)


def get_or_fail(session: Session, model: type[T], row_id: str) -> T:
    row = session.get(model, row_id)
    if row is None:
        raise NotFoundError(
            translate("Lookup", "No {what} with id {id} was found.").format(
                what=model.__name__.lower(), id=row_id
            )
        )
    return row
