"""Creates and upgrades the schema with Alembic, safely.

A new database goes through the same migrations as an old one. Before an existing database is migrated it
is copied into the backups folder. A database stamped with a revision this version does not know was
written by a newer coproduce: it is refused and left untouched.

Alembic (with Mako and Pygments) takes about a third of a second to import, so it is loaded only when there is
something to do: a database already at the newest revision is recognised by reading ``alembic_version`` and
the ``revision``/``down_revision`` lines of the migration files (see :func:`_quick_graph`).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from coproduce.errors import NewerDatabaseError
from coproduce.i18n import translate
from coproduce.storage.engine import backup_file

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
_REVISION = re.compile(r"""^revision(?:\s*:\s*str)?\s*=\s*["']([\w-]+)["']\s*$""", re.MULTILINE)
_DOWN = re.compile(r"""^down_revision(?:\s*:[^=]+)?\s*=\s*(?:None|["']([\w-]+)["'])\s*$""", re.MULTILINE)
_NO_BRANCHES = re.compile(r"^(?:branch_labels|depends_on)(?:\s*:[^=]+)?\s*=\s*None\s*$", re.MULTILINE)


def _quick_graph() -> tuple[set[str], str] | None:
    """(every revision, the one head) read from the migration files' text without importing Alembic.

    None when any file is not the plain linear form (one ``revision``, one ``down_revision`` that is a string
    or None, no branch labels or dependencies) or the history does not have exactly one head: Alembic decides.
    """
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.findall(source), _DOWN.findall(source)
        if len(revision) != 1 or len(down) != 1 or len(_NO_BRANCHES.findall(source)) != 2:
            return None
        revisions.add(revision[0])
        if down[0]:
            downs.add(down[0])
    heads = revisions - downs
    if len(heads) != 1 or not downs <= revisions:
        return None
    return revisions, heads.pop()


def _stamped_revision(engine: Engine) -> str | None:
    """The revision in ``alembic_version`` read with plain SQL (None for a new or unstamped database)."""
    with engine.connect() as connection:
        try:
            rows = connection.execute(text("SELECT version_num FROM alembic_version")).all()
        except OperationalError:
            return None  # no table yet: a new database
    return str(rows[0][0]) if len(rows) == 1 else None


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return {rev.revision for rev in script.walk_revisions()}


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, db_path: Path, backups_dir: Path, target: str = "head") -> Path | None:
    """Bring the database to ``target``. Returns the path of the pre-migration copy, if one was made."""
    if target == "head":
        graph = _quick_graph()
        if graph is not None and _stamped_revision(engine) == graph[1]:
            return None  # already at the newest revision: nothing to check further, Alembic not loaded
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
    from alembic import command

    config = alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
    return copy
