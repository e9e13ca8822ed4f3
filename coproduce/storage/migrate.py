"""Creates and upgrades the schema with Alembic, safely.

A new database goes through the same migrations as an old one. Before an existing database is migrated it
is copied into the backups folder. A database stamped with a revision this version does not know was
written by a newer coproduce: it is refused and left untouched.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from coproduce.errors import NewerDatabaseError
from coproduce.i18n import translate
from coproduce.storage.engine import backup_file

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, db_path: Path, backups_dir: Path, target: str = "head") -> Path | None:
    """Bring the database to ``target``. Returns the path of the pre-migration copy, if one was made."""
    current = current_revision(engine)
    if current is not None and current not in known_revisions():
        raise NewerDatabaseError(
            translate(
                "Storage",
                "This database was written by a newer version of coproduce (schema {revision}). It has not "
                "been changed. Please install the newer version to open it. File: {path}",
            ).format(revision=current, path=db_path)
        )
    wanted = head_revision() if target == "head" else target
    if current == wanted:
        return None
    copy: Path | None = None
    if current is not None and db_path.exists():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy = backups_dir / f"pre-migration-{current}-{stamp}.sqlite3"
        backup_file(db_path, copy)
    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return copy
