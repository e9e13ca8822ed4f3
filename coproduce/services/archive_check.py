"""Reading a ``.coproduce`` archive and checking everything in it before anything is written.

Refused, with a plain reason: a file that is not a zip; a zip bomb (too many members, members too large, or
compressed too well); member paths that are absolute, escape the folder or are not ours; a manifest whose
hashes do not match; a newer format version; malformed JSON; values that do not fit their columns; strings
past the app's own limits for their field; broken references; an event chain that does not verify; rows that
do not match what their own events recorded (an edited archive with re-computed hashes); a signature that does
not match.
Members are read from the zip with a size cap and never extracted to disk.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from coproduce.i18n import translate
from coproduce.services.archive_format import (
    ALL_MEMBERS,
    DATA_MEMBERS,
    DOCUMENTS,
    EVENTS,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MISSING,
    SIGNATURE,
    SIGNATURE_ALGORITHM,
    WORKSHOP,
    ArchiveError,
    BadValueError,
    ColumnSpec,
    column_specs,
    decode,
    event_columns,
    workshop_tables,
)
from coproduce.services.audit import check_rows, encoded_rows
from coproduce.storage.events import GENESIS, Event, event_hash


def _t(text: str) -> str:
    return translate("Archives", text)


@dataclass(frozen=True)
class ImportLimits:
    max_members: int = 8
    max_member_bytes: int = 256 * 1024 * 1024
    max_total_bytes: int = 512 * 1024 * 1024
    max_ratio: int = 200  # uncompressed / compressed, for members above ratio_floor bytes
    ratio_floor: int = 1024 * 1024


@dataclass(frozen=True)
class SignatureInfo:
    signer: str
    fingerprint: str
    trusted: bool | None  # None: no trust anchors were given to check against


@dataclass
class CheckedArchive:
    """An archive that passed every check: its rows and events as Python values, ready to insert."""

    name: str
    sha256: str
    manifest: dict[str, Any]
    workshop_id: str
    title: str
    rows: dict[str, list[dict[str, Any]]]
    events: list[dict[str, Any]]
    signature: SignatureInfo | None = None
    data_sha256: str = ""
    all_ids: set[str] = field(default_factory=set)

    @property
    def head(self) -> str:
        return str(self.events[-1]["hash"]) if self.events else GENESIS

    @property
    def row_count(self) -> int:
        return sum(len(rows) for rows in self.rows.values())


class _RefusedError(Exception):
    """Why an archive is refused (``read_archive`` turns it into an ArchiveError naming the file)."""


def _safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return False
    parts = name.split("/")
    return ".." not in parts and posixpath.normpath(name) == name


def _read_members(path: Path, limits: ImportLimits) -> dict[str, bytes]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as err:
        raise _RefusedError(_t("it is not a coproduce archive (not a zip file)")) from err
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.max_members:
            raise _RefusedError(_t("it holds {n} files, more than an archive ever has").format(n=len(infos)))
        names = [info.filename for info in infos]
        for name in names:
            if not _safe_name(name):
                raise _RefusedError(_t("it holds a file with an unsafe path: {name}").format(name=name[:200]))
        if len(set(names)) != len(names):
            raise _RefusedError(_t("it holds the same file twice"))
        unexpected = sorted(set(names) - ALL_MEMBERS)
        if unexpected:
            raise _RefusedError(
                _t("it holds a file that is not part of an archive: {name}").format(name=unexpected[0])
            )
        total = sum(info.file_size for info in infos)
        for info in infos:
            too_big = info.file_size > limits.max_member_bytes or total > limits.max_total_bytes
            ratio = info.file_size / max(info.compress_size, 1)
            if too_big or (info.file_size > limits.ratio_floor and ratio > limits.max_ratio):
                raise _RefusedError(
                    _t("it would unpack to far more data than a workshop holds (a zip bomb?)")
                )
            if info.flag_bits & 0x1:
                raise _RefusedError(_t("it is encrypted"))
        members: dict[str, bytes] = {}
        for info in infos:
            cap = min(info.file_size, limits.max_member_bytes)
            try:
                with archive.open(info) as handle:
                    data = handle.read(cap + 1)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError) as err:
                raise _RefusedError(_t("it is damaged ({reason})").format(reason=err)) from err
            if len(data) > cap:
                raise _RefusedError(
                    _t("it would unpack to far more data than a workshop holds (a zip bomb?)")
                )
            members[info.filename] = data
    return members


def _json(members: dict[str, bytes], name: str) -> dict[str, Any]:
    if name not in members:
        raise _RefusedError(_t("the file {name} is missing").format(name=name))
    try:
        value = json.loads(members[name].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        raise _RefusedError(_t("{name} is not valid JSON").format(name=name)) from err
    if not isinstance(value, dict):
        raise _RefusedError(_t("{name} does not have the expected layout").format(name=name))
    return value


def _check_manifest(members: dict[str, bytes]) -> dict[str, Any]:
    manifest = _json(members, MANIFEST)
    if manifest.get("format") != FORMAT:
        raise _RefusedError(_t("it is not a coproduce workshop archive"))
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise _RefusedError(_t("its manifest has no format version"))
    if version > FORMAT_VERSION:
        raise _RefusedError(
            _t(
                "it was made by a newer version of coproduce (archive format {version}; this version reads "
                "format {ours}). Install the newer version to import it"
            ).format(version=version, ours=FORMAT_VERSION)
        )
    listed = manifest.get("members")
    if not isinstance(listed, dict) or set(listed) != set(DATA_MEMBERS):
        raise _RefusedError(_t("its manifest does not list the archive's files"))
    for name in DATA_MEMBERS:
        if name not in members:
            raise _RefusedError(_t("the file {name} is missing").format(name=name))
        if hashlib.sha256(members[name]).hexdigest() != listed[name]:
            raise _RefusedError(
                _t(
                    "{name} does not match the hash in the manifest: the archive was changed or damaged"
                ).format(name=name)
            )
    if not isinstance(manifest.get("workshop_id"), str) or not isinstance(manifest.get("title"), str):
        raise _RefusedError(_t("its manifest does not name the workshop"))
    return manifest


def _check_signature(members: dict[str, bytes], anchors: list[x509.Certificate] | None) -> SignatureInfo:
    body = _json(members, SIGNATURE)
    try:
        if body.get("algorithm") != SIGNATURE_ALGORITHM:
            raise ValueError(body.get("algorithm"))
        certificate = x509.load_pem_x509_certificate(str(body["certificate"]).encode("ascii"))
        signature = base64.b64decode(str(body["signature"]), validate=True)
        key = certificate.public_key()
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise ValueError("not an ECDSA key")
        key.verify(signature, members[MANIFEST], ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError, KeyError, TypeError, binascii.Error, UnicodeEncodeError) as err:
        raise _RefusedError(
            _t(
                "its signature does not match: it was changed after it was signed, or the signature is "
                "damaged"
            )
        ) from err
    names = certificate.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)
    trusted: bool | None = None
    if anchors is not None:
        trusted = False
        for anchor in anchors:
            try:
                certificate.verify_directly_issued_by(anchor)
            except (InvalidSignature, ValueError, TypeError):
                continue
            trusted = True
    return SignatureInfo(
        str(names[0].value) if names else "",
        certificate.fingerprint(hashes.SHA256()).hex(":").upper(),
        trusted,
    )


def _decode_rows(raw: Any, table: str, columns: list[ColumnSpec]) -> list[dict[str, Any]]:
    if not isinstance(raw, list):
        raise _RefusedError(_t("the table {table} does not have the expected layout").format(table=table))
    known = {name for name, *_ in columns}
    result: list[dict[str, Any]] = []
    for number, row in enumerate(raw, start=1):
        if not isinstance(row, dict):
            raise _RefusedError(_t("row {n} of {table} is not a record").format(n=number, table=table))
        extra = set(row) - known
        if extra:
            raise _RefusedError(
                _t(
                    "{table} has a column this version does not know ({column}): made by a newer coproduce?"
                ).format(table=table, column=sorted(extra)[0])
            )
        decoded: dict[str, Any] = {}
        for name, kind, nullable, limit, default in columns:
            try:
                if name in row:
                    decoded[name] = decode(kind, row[name], nullable=nullable, limit=limit)
                elif default is not MISSING:
                    decoded[name] = default
                else:
                    raise BadValueError("missing")
            except BadValueError as err:
                raise _RefusedError(
                    _t("row {n} of {table}, {column}: {problem}").format(
                        n=number, table=table, column=name, problem=err
                    )
                ) from None
        result.append(decoded)
    return result


def _check_tables(doc: dict[str, Any], workshop_id: str) -> tuple[dict[str, list[dict[str, Any]]], set[str]]:
    tables = doc.get("tables")
    if doc.get("workshop_id") != workshop_id or not isinstance(tables, dict):
        raise _RefusedError(_t("workshop.json does not match the manifest"))
    specs = {spec.name: spec for spec in workshop_tables()}
    unknown = sorted(set(tables) - set(specs))
    if unknown:
        raise _RefusedError(
            _t("it holds a table this version does not know ({table})").format(table=unknown[0])
        )
    rows = {
        name: _decode_rows(tables.get(name, []), name, column_specs(spec.table.columns))
        for name, spec in specs.items()
    }
    ids: dict[str, set[str]] = {}
    all_ids: set[str] = set()
    for name, table_rows in rows.items():
        table_ids = {str(row["id"]) for row in table_rows if "id" in row}
        if len(table_ids) != len(table_rows) or table_ids & all_ids:
            raise _RefusedError(_t("{table} has the same id twice").format(table=name))
        ids[name] = table_ids
        all_ids |= table_ids
    if ids["workshop"] != {workshop_id}:
        raise _RefusedError(_t("it does not hold exactly the workshop named in its manifest"))
    for name, spec in specs.items():
        fks = [(c.name, fk.column.table.name) for c in spec.table.columns for fk in c.foreign_keys]
        for number, row in enumerate(rows[name], start=1):
            if "workshop_id" in row and row["workshop_id"] != workshop_id:
                raise _RefusedError(
                    _t("row {n} of {table} belongs to another workshop").format(n=number, table=name)
                )
            for column, target in fks:
                value = row[column]
                if value is not None and value not in ids.get(target, ()):
                    raise _RefusedError(
                        _t("broken reference: row {n} of {table} points at a missing {target} ({id})").format(
                            n=number, table=name, target=target, id=value
                        )
                    )
            if "target_id" in row and row["target_id"] not in all_ids:
                raise _RefusedError(
                    _t("broken reference: row {n} of {table} points at a missing {target} ({id})").format(
                        n=number, table=name, target=row.get("target_kind", "?"), id=row["target_id"]
                    )
                )
    return rows, all_ids


def _check_events(doc: dict[str, Any], workshop_id: str) -> list[dict[str, Any]]:
    raw = doc.get("events")
    if doc.get("chain") != workshop_id:
        raise _RefusedError(_t("events.json does not match the manifest"))
    columns = column_specs(event_columns(), defaults=False)
    events = _decode_rows(raw, "event", columns)
    prev = GENESIS
    seen: set[str] = set()
    for number, item in enumerate(events, start=1):
        problem = ""
        if item["chain"] != workshop_id or item["id"] in seen:
            problem = _t("it does not belong to this workshop's chain")
        elif item["prev_hash"] != prev:
            problem = _t("it does not follow the event before it")
        elif event_hash(cast(Event, SimpleNamespace(**item))) != item["hash"]:
            problem = _t("its stored values were altered")
        if problem:
            raise _RefusedError(
                _t("the event chain does not verify: event {n} ({action}, {id}): {problem}").format(
                    n=number, action=item["action"], id=item["id"], problem=problem
                )
            )
        seen.add(item["id"])
        prev = item["hash"]
    return events


def _check_documents(doc: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    listed = doc.get("documents")
    expected = [
        {
            "id": r["id"],
            "title": r["title"],
            "filename": r["filename"],
            "size_bytes": r["size_bytes"],
            "sha256": r["sha256"],
        }
        for r in rows
    ]
    if listed != expected:
        raise _RefusedError(_t("documents.json does not match the workshop's documents"))
    for row in rows:
        digest = row["sha256"]
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise _RefusedError(_t("a document's SHA-256 is not 64 hex digits"))


def read_archive(
    path: Path, limits: ImportLimits | None = None, trust_anchors: list[x509.Certificate] | None = None
) -> CheckedArchive:
    """Check everything in the archive at ``path``; raise ArchiveError with the reason if anything is off."""
    try:
        members = _read_members(path, limits or ImportLimits())
        manifest = _check_manifest(members)
        signature = _check_signature(members, trust_anchors) if SIGNATURE in members else None
        workshop_id = str(manifest["workshop_id"])
        rows, all_ids = _check_tables(_json(members, WORKSHOP), workshop_id)
        events = _check_events(_json(members, EVENTS), workshop_id)
        if manifest.get("head", GENESIS) != (events[-1]["hash"] if events else GENESIS):
            raise _RefusedError(_t("the manifest's last event does not match the event chain"))
        _check_documents(_json(members, DOCUMENTS), rows.get("document", []))
        mismatch = check_rows(encoded_rows(rows), events)
        if mismatch is not None:
            raise _RefusedError(
                _t("its data does not match its own history: {problem}").format(problem=mismatch)
            )
    except _RefusedError as err:
        raise ArchiveError(
            _t("{file} was not imported, and nothing was changed: {reason}.").format(
                file=path.name, reason=err
            )
        ) from None
    return CheckedArchive(
        name=path.name,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        manifest=manifest,
        workshop_id=workshop_id,
        title=str(rows["workshop"][0]["title"]),
        rows=rows,
        events=events,
        signature=signature,
        data_sha256=str(manifest["members"][WORKSHOP]),
        all_ids=all_ids,
    )
