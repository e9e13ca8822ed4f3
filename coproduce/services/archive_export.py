"""Exporting one workshop as a ``.coproduce`` archive (see ``archive_format`` for what it holds).

The archive carries the workshop's full data, like a backup of that one workshop, so that it can move to
another laptop and come back identical: consent and withdrawal travel with it and are honoured by every
record or report made from it there.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from sqlalchemy import Connection, Engine, select
from sqlmodel import col

from coproduce import __version__
from coproduce.errors import StorageError
from coproduce.i18n import translate
from coproduce.services.archive_format import (
    DOCUMENTS,
    EVENTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    WORKSHOP,
    ArchiveSigner,
    TableSpec,
    encode,
    event_columns,
    kind_of,
    workshop_tables,
)
from coproduce.storage.events import GENESIS, Event
from coproduce.storage.migrate import current_revision
from coproduce.storage.models import Workshop

Progress = Callable[[int, int, str], None]


def _t(text: str) -> str:
    return translate("Archives", text)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    workshop_id: str
    title: str
    rows: int
    events: int
    sha256: str
    signed_by: str = ""


def _scope_query(spec: TableSpec, workshop_id: str) -> Any:
    table = spec.table
    query = select(table)
    if spec.scope is None:
        query = query.where(table.c.id == workshop_id)
    elif spec.parent is None:
        query = query.where(table.c[spec.scope] == workshop_id)
    else:
        parent = next(s.table for s in workshop_tables() if s.name == spec.parent)
        query = query.where(
            table.c[spec.scope].in_(select(parent.c.id).where(parent.c.workshop_id == workshop_id))
        )
    key = table.c.id if "id" in table.c else next(iter(table.primary_key.columns))
    return query.order_by(key)


def table_rows(connection: Connection, workshop_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the workshop, table by table, encoded as JSON values."""
    result: dict[str, list[dict[str, Any]]] = {}
    for spec in workshop_tables():
        kinds = [(column.name, kind_of(column)) for column in spec.table.columns]
        rows = connection.execute(_scope_query(spec, workshop_id)).mappings()
        result[spec.name] = [{name: encode(kind, row[name]) for name, kind in kinds} for row in rows]
    return result


def event_rows(connection: Connection, chain: str) -> list[dict[str, Any]]:
    table = Event.__table__  # type: ignore[attr-defined]
    kinds = [(column.name, kind_of(column)) for column in event_columns()]
    rows = connection.execute(select(table).where(table.c.chain == chain).order_by(col(Event.seq))).mappings()
    return [{name: encode(kind, row[name]) for name, kind in kinds} for row in rows]


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def signer_name(certificate_pem: bytes) -> str:
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    return str(names[0].value) if names else ""


def _signature(signer: ArchiveSigner, manifest: bytes) -> bytes:
    certificate = x509.load_pem_x509_certificate(signer.certificate_pem)
    body = {
        "algorithm": SIGNATURE_ALGORITHM,
        "certificate": signer.certificate_pem.decode("ascii"),
        "fingerprint": certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        "signature": base64.b64encode(signer.sign(manifest)).decode("ascii"),
    }
    return _dumps(body)


def build_members(
    engine: Engine, workshop_id: str, signer: ArchiveSigner | None = None, now: datetime | None = None
) -> tuple[dict[str, bytes], str, int, int]:
    """The archive's members as bytes; also the workshop's title, row and event counts."""
    from coproduce.services.lookup import get_or_fail
    from coproduce.services.unit import reading

    with reading(engine) as session:
        workshop = get_or_fail(session, Workshop, workshop_id)
        title = workshop.title
    with engine.connect() as connection:
        tables = table_rows(connection, workshop_id)
        events = event_rows(connection, workshop_id)
    schema = current_revision(engine) or ""
    documents = [
        {k: row[k] for k in ("id", "title", "filename", "size_bytes", "sha256")}
        for row in tables.get("document", [])
    ]
    data = {
        WORKSHOP: _dumps({"workshop_id": workshop_id, "tables": tables}),
        EVENTS: _dumps({"chain": workshop_id, "events": events}),
        DOCUMENTS: _dumps({"documents": documents}),
    }
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "schema": schema,
        "created": (now or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "workshop_id": workshop_id,
        "title": title,
        "events": len(events),
        "head": events[-1]["hash"] if events else GENESIS,
        "rows": {name: len(rows) for name, rows in tables.items()},
        "members": {name: hashlib.sha256(blob).hexdigest() for name, blob in data.items()},
    }
    members = {MANIFEST: _dumps(manifest), **data}
    if signer is not None:
        members[SIGNATURE] = _signature(signer, members[MANIFEST])
    rows = sum(len(r) for r in tables.values())
    return members, title, rows, len(events)


def export_archive(
    engine: Engine,
    workshop_id: str,
    target: Path,
    *,
    signer: ArchiveSigner | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the workshop's archive to ``target`` (written aside, then moved into place)."""
    report = progress or (lambda done, total, message: None)
    report(0, 3, _t("Reading the workshop"))
    members, title, rows, events = build_members(engine, workshop_id, signer)
    report(1, 3, _t("Writing the archive"))
    partial = target.with_name(target.name + ".part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, blob in members.items():
                archive.writestr(name, blob)
        with partial.open("rb") as handle:
            os.fsync(handle.fileno())
        partial.replace(target)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise StorageError(
            _t("The archive could not be written to {path}: {reason}").format(
                path=target, reason=err.strerror or err
            )
        ) from err
    report(2, 3, _t("Checking the archive"))
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    signed_by = signer_name(signer.certificate_pem) if signer is not None else ""
    report(3, 3, _t("Done"))
    return ExportResult(target, workshop_id, title, rows, events, digest, signed_by)
