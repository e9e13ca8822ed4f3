"""Exporting a workshop's signed record, and amending a signed one.

Steps: check readiness (gaps need a written reason) → canonical JSON and its hash → signed QR payload → PDF →
attach the JSON, reserve co-signer fields, certify → write the file atomically → remember the record and lock
the workshop, with an event. A later revision (an amendment) keeps the record id and points at the hash of
the revision it amends.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import col, select

from coproduce.errors import StorageError, ValidationError
from coproduce.i18n import translate
from coproduce.record import canonical
from coproduce.record.document import build_pdf
from coproduce.record.keys import KeyStore
from coproduce.services import readiness, workshops
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import reading, record, writing
from coproduce.services.validate import MEDIUM, clean_text
from coproduce.storage.models import SignedRecord, Workshop
from coproduce.storage.types import utcnow

Progress = Callable[[int, int, str], None]


def _t(text: str) -> str:
    return translate("Record", text)


@dataclass(frozen=True)
class ExportResult:
    path: Path
    record_id: str
    revision: int
    sha256: str
    signer: str
    bytes_written: int
    seconds: float


def _previous(engine: Engine, workshop_id: str) -> SignedRecord | None:
    with reading(engine) as session:
        return session.exec(
            select(SignedRecord)
            .where(SignedRecord.workshop_id == workshop_id)
            .order_by(col(SignedRecord.revision).desc())
            .limit(1)
        ).first()


def write_atomically(path: Path, data: bytes) -> None:
    path = path.expanduser()
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except OSError as err:
        temporary.unlink(missing_ok=True)
        raise StorageError(
            _t(
                "The record could not be written to {path}: {reason}. Nothing was signed into the "
                "workshop; try another folder or free some space."
            ).format(path=path, reason=err.strerror or err)
        ) from err


def export_record(
    engine: Engine,
    keys: KeyStore,
    workshop_id: str,
    out: Path,
    *,
    passphrase: str,
    actor: str,
    signer_name: str | None = None,
    signer_organisation: str | None = None,
    cosigners: Sequence[str] = (),
    gaps_reason: str = "",
    progress: Progress | None = None,
) -> ExportResult:
    started = time.perf_counter()
    details = workshops.get_workshop(engine, workshop_id)
    if details.workshop.status == "signed":
        raise ValidationError(
            _t("This workshop's record is already signed. Start an amendment to sign a new revision.")
        )
    lead = details.lead
    name = signer_name or (lead.name if lead else "")
    if not name:
        raise ValidationError(_t("Name the lead facilitator in the Overview, or say who signs."))
    organisation = (
        signer_organisation
        if signer_organisation is not None
        else (lead.organisation if lead and lead.name == name else "")
    )
    reason = clean_text(gaps_reason, field=_t("The reason for signing with gaps"), limit=MEDIUM)
    checks = readiness.check(engine, workshop_id)  # made once: they also go into the record
    gaps = readiness.gaps(checks)
    if gaps and not reason:
        raise ValidationError(
            _t(
                "The record is not ready to sign: {gaps}. Close these gaps, or record why you "
                "are signing with them."
            ).format(gaps="; ".join(g.label for g in gaps))
        )
    if progress:
        progress(2, 100, _t("Unlocking the signing key"))
    signer = keys.ensure_signer(name, organisation or "-", passphrase)
    previous = _previous(engine, workshop_id)
    record_id = previous.record_id if previous else str(uuid.uuid4())
    revision = previous.revision + 1 if previous else 1
    now = utcnow().replace(microsecond=0)
    if progress:
        progress(8, 100, _t("Gathering the record"))
    with reading(engine) as session:
        data = canonical.build_record(
            session,
            workshop_id,
            record_id=record_id,
            revision=revision,
            amends_sha256=previous.sha256 if previous else "",
            signer={
                "name": signer.name,
                "organisation": signer.organisation,
                "fingerprint": signer.fingerprint,
            },
            gaps_reason=reason if gaps else "",
            generated_at=now,
            cosigners=cosigners,
            checks=checks,
        )
    record_json, sha256 = canonical.encode(data)
    from coproduce.record.qr import encode_payload, make_payload

    qr_text = encode_payload(
        make_payload(signer, uuid.UUID(record_id), revision, record_json, signed_at=int(now.timestamp()))
    )
    pdf = build_pdf(data, sha256, qr_text, progress)
    if progress:
        progress(90, 100, _t("Signing"))
    from coproduce.record.signing import sign_record

    signed = sign_record(pdf, record_json, signer, cosigners)
    write_atomically(out, signed)
    with writing(engine) as session:
        workshop = get_or_fail(session, Workshop, workshop_id)
        row = SignedRecord(
            workshop_id=workshop_id,
            record_id=record_id,
            revision=revision,
            sha256=sha256,
            amends_sha256=previous.sha256 if previous else "",
            signer=signer.name,
            signed_at=now,
            file_name=out.name,
            gaps_reason=reason if gaps else "",
        )
        session.add(row)
        before = workshop.status
        workshop.status = "signed"
        session.add(workshop)
        record(
            session,
            actor,
            "record.sign",
            row,
            chain=workshop_id,
            before={"status": before},
            after={
                "status": "signed",
                "sha256": sha256,
                "revision": revision,
                "record_id": record_id,
                "file": out.name,
            },
        )
    if progress:
        progress(100, 100, _t("Done"))
    return ExportResult(
        out, record_id, revision, sha256, signer.name, len(signed), time.perf_counter() - started
    )


def start_amendment(engine: Engine, actor: str, workshop_id: str, reason: str) -> None:
    """Unlock a signed workshop for changes; the next export is a new revision that points at this one."""
    why = clean_text(reason, field=_t("The reason for the amendment"), limit=MEDIUM, required=True)
    with writing(engine) as session:
        workshop = get_or_fail(session, Workshop, workshop_id)
        if workshop.status != "signed":
            raise ValidationError(_t("Only a signed workshop needs an amendment; this one can be edited."))
        workshop.status = "closed"
        session.add(workshop)
        record(
            session,
            actor,
            "record.amend",
            workshop,
            chain=workshop_id,
            before={"status": "signed"},
            after={"status": "closed", "reason": why},
        )


def signed_records(engine: Engine, workshop_id: str) -> list[SignedRecord]:
    with reading(engine) as session:
        return list(
            session.exec(
                select(SignedRecord)
                .where(SignedRecord.workshop_id == workshop_id)
                .order_by(col(SignedRecord.revision))
            )
        )


_QR_IN_PDF = re.compile(rb"coproduce-qr:([0-9A-Z $%*+\-./:]+)")


def embedded_qr_text(pdf: bytes) -> str | None:
    """The QR payload the record carries in its signed document information (first revision)."""
    match = _QR_IN_PDF.search(pdf)
    return match.group(1).decode("ascii").strip() if match else None


def default_file_name(title: str, when: dt.date | None = None) -> str:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:60] or "workshop"
    return f"{slug}-record-{(when or dt.date.today()).isoformat()}.pdf"
