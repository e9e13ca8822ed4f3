"""Importing a ``.coproduce`` archive: checked first (``archive_check``), then written in one transaction.

What happens, by what the laptop already has:
- the workshop is not here: its rows and its event chain are inserted as they are (same ids, same hashes);
- the same workshop with the same chain and data: nothing changes (importing twice is harmless);
- the same workshop further on than the archive (the archive's chain is the start of ours): nothing changes;
- the same workshop with different changes: both are kept. The archive becomes a new workshop with new ids,
  consistently remapped everywhere (rows, JSON values, events), ``conflict_of`` naming the local one and
  ``origin`` the archive's file name. Its event chain is re-chained under the new id (every event keeps its
  time, actor, action and values) and ends with an event naming the archive and the original chain's head.
  Importing that archive again finds the copy and changes nothing. Nothing local is ever overwritten.
Every import is also recorded as an event in the global chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from cryptography import x509
from sqlalchemy import Connection, Engine, insert, select
from sqlmodel import Session, col
from sqlmodel import select as select_models

from coproduce.i18n import translate
from coproduce.services.archive_check import CheckedArchive, ImportLimits, SignatureInfo, read_archive
from coproduce.services.archive_export import table_rows
from coproduce.services.archive_format import encode, event_columns, kind_of, workshop_tables
from coproduce.services.unit import reading, writing
from coproduce.storage.events import GENESIS, GLOBAL_CHAIN, Event, append_event, event_hash
from coproduce.storage.models import Workshop, new_id

Progress = Callable[[int, int, str], None]
IMPORT_ACTION = "archive.import"
_CHUNK = 500


def _t(text: str) -> str:
    return translate("Archives", text)


@dataclass(frozen=True)
class ImportResult:
    outcome: str  # imported, unchanged, older, copy, copy_exists
    workshop_id: str  # the local workshop holding the archive's data
    title: str
    conflict_of: str | None
    rows: int
    events: int
    signature: SignatureInfo | None

    @property
    def changed(self) -> bool:
        return self.outcome in ("imported", "copy")

    def message(self) -> str:
        texts = {
            "imported": _t("Imported “{title}”: {rows} rows and {events} events. Workshop id {id}."),
            "unchanged": _t("“{title}” is already here with exactly this content; nothing was changed."),
            "older": _t(
                "This laptop already has everything in this archive of “{title}”, and more; nothing was "
                "changed."
            ),
            "copy": _t(
                "“{title}” also exists here with different changes. Both are kept: the archive was "
                "imported as a separate workshop {id}, marked as a conflict with the local one {local}. "
                "Compare them and decide which to keep using."
            ),
            "copy_exists": _t(
                "This archive of “{title}” was imported before as workshop {id}; nothing was changed."
            ),
        }
        text = texts[self.outcome].format(
            title=self.title, rows=self.rows, events=self.events, id=self.workshop_id, local=self.conflict_of
        )
        return text + " " + self.signature_note()

    def signature_note(self) -> str:
        """Whether the archive was signed, by whom, and whether this laptop trusts that installation."""
        signature = self.signature
        if signature is None:
            return _t("Not signed: its origin cannot be checked.")
        if signature.trusted:
            text = _t(
                "Signed by {name}, from an installation this laptop trusts (fingerprint {fingerprint})."
            )
        elif signature.trusted is None:
            text = _t(
                "Signed by {name}, but it was not checked against the installations this laptop trusts "
                "(fingerprint {fingerprint})."
            )
        else:
            text = _t(
                "Signed by {name}, but not by an installation this laptop trusts (fingerprint {fingerprint})."
            )
        return text.format(name=signature.signer, fingerprint=signature.fingerprint)


@dataclass(frozen=True)
class Conflict:
    workshop_id: str  # the imported copy
    title: str
    conflict_of: str  # the local workshop it conflicts with
    local_title: str
    origin: str


def conflicts(engine: Engine) -> list[Conflict]:
    """Workshops imported as copies because the local version had different changes."""
    with reading(engine) as session:
        copies = list(session.exec(select_models(Workshop).where(col(Workshop.conflict_of).is_not(None))))
        result: list[Conflict] = []
        for copy in copies:
            local = session.get(Workshop, copy.conflict_of)
            result.append(
                Conflict(
                    copy.id, copy.title, str(copy.conflict_of), local.title if local else "", copy.origin
                )
            )
    return sorted(result, key=lambda c: (c.local_title, c.workshop_id))


def _existing(connection: Connection, table: Any, ids: Iterable[str]) -> bool:
    chunk: list[str] = []
    for value in ids:
        chunk.append(value)
        if len(chunk) == _CHUNK:
            if connection.execute(select(table.c.id).where(table.c.id.in_(chunk)).limit(1)).first():
                return True
            chunk = []
    return (
        bool(chunk)
        and connection.execute(select(table.c.id).where(table.c.id.in_(chunk)).limit(1)).first() is not None
    )


def _ids_taken(connection: Connection, checked: CheckedArchive) -> bool:
    for spec in workshop_tables():
        if _existing(connection, spec.table, (str(r["id"]) for r in checked.rows[spec.name])):
            return True
    event_table = Event.__table__  # type: ignore[attr-defined]
    return _existing(connection, event_table, (str(e["id"]) for e in checked.events))


def _same_data(connection: Connection, checked: CheckedArchive) -> bool:
    local = table_rows(connection, checked.workshop_id)
    for spec in workshop_tables():
        kinds = [(c.name, kind_of(c)) for c in spec.table.columns]
        ours = sorted(checked.rows[spec.name], key=lambda r: str(r["id"]))
        theirs = sorted(local.get(spec.name, []), key=lambda r: str(r["id"]))
        if [{n: encode(k, row[n]) for n, k in kinds} for row in ours] != theirs:
            return False
    return True


def _local_chain(connection: Connection, chain: str) -> list[tuple[str, str]]:
    table = Event.__table__  # type: ignore[attr-defined]
    query = select(table.c.id, table.c.hash).where(table.c.chain == chain).order_by(table.c.seq)
    return [(str(i), str(h)) for i, h in connection.execute(query)]


def _previous_copy(session: Session, checked: CheckedArchive) -> str | None:
    query = select_models(Event).where(Event.chain == GLOBAL_CHAIN, Event.action == IMPORT_ACTION)
    for event in session.exec(query):
        after = event.after or {}
        if (
            after.get("outcome") == "copy"
            and after.get("source_workshop") == checked.workshop_id
            and after.get("head") == checked.head
            and after.get("data_sha256") == checked.data_sha256
            and session.get(Workshop, event.entity_id) is not None
        ):
            return event.entity_id
    return None


def _remap(value: Any, ids: dict[str, str]) -> Any:
    if isinstance(value, str):
        return ids.get(value, value)
    if isinstance(value, list):
        return [_remap(item, ids) for item in value]
    if isinstance(value, dict):
        return {_remap(k, ids): _remap(v, ids) for k, v in value.items()}
    return value


def _remapped_rows(checked: CheckedArchive, ids: dict[str, str]) -> dict[str, list[dict[str, Any]]]:
    result: dict[str, list[dict[str, Any]]] = {}
    for spec in workshop_tables():
        remap = [c.name for c in spec.table.columns if kind_of(c) in ("str", "json")]
        rows = []
        for row in checked.rows[spec.name]:
            copy = dict(row)
            for name in remap:
                copy[name] = _remap(copy[name], ids)
            rows.append(copy)
        result[spec.name] = rows
    return result


def _rechained(events: list[dict[str, Any]], ids: dict[str, str], chain: str) -> list[dict[str, Any]]:
    prev = GENESIS
    result: list[dict[str, Any]] = []
    for event in events:
        item = {
            **event,
            "id": new_id(),
            "chain": chain,
            "entity_id": _remap(event["entity_id"], ids),
            "before": _remap(event["before"], ids),
            "after": _remap(event["after"], ids),
            "prev_hash": prev,
        }
        item["hash"] = event_hash(cast(Event, SimpleNamespace(**item)))
        prev = item["hash"]
        result.append(item)
    return result


def _insert(
    connection: Connection, rows: dict[str, list[dict[str, Any]]], events: list[dict[str, Any]]
) -> None:
    # Rows may point at rows later in the same table (a duplicate of a later contribution): check the
    # foreign keys at commit, when everything is in.
    connection.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for spec in workshop_tables():
        if rows[spec.name]:
            connection.execute(insert(spec.table), rows[spec.name])
    names = [c.name for c in event_columns()]
    if events:
        table = Event.__table__  # type: ignore[attr-defined]
        connection.execute(insert(table), [{n: e[n] for n in names} for e in events])


def _decide(session: Session, checked: CheckedArchive) -> tuple[str, str | None]:
    """What to do: ``(outcome, local workshop id)``."""
    connection = session.connection()
    local = session.get(Workshop, checked.workshop_id)
    if local is not None:
        ours = _local_chain(connection, checked.workshop_id)
        theirs = [(str(e["id"]), str(e["hash"])) for e in checked.events]
        if ours == theirs and _same_data(connection, checked):
            return "unchanged", local.id
        if len(theirs) < len(ours) and ours[: len(theirs)] == theirs:
            return "older", local.id
    elif not _ids_taken(connection, checked):
        return "imported", checked.workshop_id
    previous = _previous_copy(session, checked)
    if previous is not None:
        return "copy_exists", previous
    return "copy", None


def import_checked(
    engine: Engine, actor: str, checked: CheckedArchive, progress: Progress | None = None
) -> ImportResult:
    report = progress or (lambda done, total, message: None)
    conflict_of: str | None = None
    with writing(engine) as session:
        outcome, local_id = _decide(session, checked)
        if outcome in ("unchanged", "older", "copy_exists"):
            assert local_id is not None
            conflict = session.get(Workshop, local_id)
            conflict_of = conflict.conflict_of if conflict else None
            return ImportResult(
                outcome,
                local_id,
                checked.title,
                conflict_of,
                checked.row_count,
                len(checked.events),
                checked.signature,
            )
        report(1, 3, _t("Writing {rows} rows").format(rows=checked.row_count))
        rows, events = checked.rows, checked.events
        workshop_id = checked.workshop_id
        if outcome == "copy":
            ids = {old: new_id() for old in checked.all_ids}
            workshop_id = ids[checked.workshop_id]
            rows = _remapped_rows(checked, ids)
            events = _rechained(checked.events, ids, workshop_id)
            if session.get(Workshop, checked.workshop_id) is not None:
                conflict_of = checked.workshop_id
            rows["workshop"][0].update(conflict_of=conflict_of, origin=checked.name[:300])
        _insert(session.connection(), rows, events)
        report(2, 3, _t("Recording the import"))
        facts = {
            "archive": checked.name,
            "archive_sha256": checked.sha256,
            "data_sha256": checked.data_sha256,
            "source_workshop": checked.workshop_id,
            "head": checked.head,
            "outcome": outcome,
            "conflict_of": conflict_of,
        }
        if outcome == "copy":
            append_event(
                session,
                chain=workshop_id,
                actor=actor,
                action="workshop.import_copy",
                entity="workshop",
                entity_id=workshop_id,
                after=facts,
            )
        append_event(
            session,
            chain=GLOBAL_CHAIN,
            actor=actor,
            action=IMPORT_ACTION,
            entity="workshop",
            entity_id=workshop_id,
            after=facts,
        )
    report(3, 3, _t("Done"))
    return ImportResult(
        outcome, workshop_id, checked.title, conflict_of, checked.row_count, len(events), checked.signature
    )


def import_archive(
    engine: Engine,
    actor: str,
    path: Path,
    *,
    limits: ImportLimits | None = None,
    trust_anchors: list[x509.Certificate] | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Check the archive at ``path`` completely, then import it in one transaction (see the module doc)."""
    report = progress or (lambda done, total, message: None)
    report(0, 3, _t("Checking {name}").format(name=path.name))
    checked = read_archive(path, limits, trust_anchors)
    return import_checked(engine, actor, checked, report)
