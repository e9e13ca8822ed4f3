"""Alembic environment: runs on the connection that ``coproduce.storage.migrate`` hands over."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import coproduce.storage.events
import coproduce.storage.models
import coproduce.storage.models_consent
import coproduce.storage.models_decisions  # noqa: F401  (tables register themselves)

target_metadata = SQLModel.metadata


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("coproduce runs its migrations on a connection it provides")
    context.configure(connection=connection, target_metadata=target_metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
