"""Documents shown to participants: recorded by title and the SHA-256 of the file as it was shown."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.lookup import get_or_fail
from coproduce.services.unit import ensure_editable, record, writing
from coproduce.services.validate import SHORT, clean_text
from coproduce.storage.models import Document

_CHUNK = 1 << 20


def sha256_of_file(path: Path) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
                size += len(chunk)
    except OSError as err:
        raise ValidationError(
            translate("Documents", "The file {path} cannot be read: {reason}").format(
                path=path, reason=err.strerror or err
            )
        ) from err
    return digest.hexdigest(), size


def add_document(engine: Engine, actor: str, workshop_id: str, path: Path, title: str = "") -> str:
    if not path.is_file():
        raise ValidationError(translate("Documents", "{path} is not a file.").format(path=path))
    sha256, size = sha256_of_file(path)
    clean_title = clean_text(
        title or path.stem,
        field=translate("Documents", "Document title"),
        limit=SHORT,
        required=True,
        multiline=False,
    )
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        doc = Document(
            workshop_id=workshop_id,
            title=clean_title,
            filename=path.name[:SHORT],
            sha256=sha256,
            size_bytes=size,
        )
        session.add(doc)
        session.flush()
        record(session, actor, "document.create", doc, chain=workshop_id)
        return doc.id


def add_document_record(
    engine: Engine,
    actor: str,
    workshop_id: str,
    title: str,
    sha256: str,
    filename: str = "",
    size_bytes: int = 0,
) -> str:
    """Record a document whose hash is already known (demo data, imports)."""
    if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
        raise ValidationError(translate("Documents", "A document's SHA-256 must be 64 lowercase hex digits."))
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        doc = Document(
            workshop_id=workshop_id,
            title=clean_text(title, field="title", limit=SHORT, required=True),
            filename=filename,
            sha256=sha256,
            size_bytes=size_bytes,
        )
        session.add(doc)
        session.flush()
        record(session, actor, "document.create", doc, chain=workshop_id)
        return doc.id


def remove_document(engine: Engine, actor: str, document_id: str) -> None:
    with writing(engine) as session:
        doc = get_or_fail(session, Document, document_id)
        ensure_editable(session, doc.workshop_id)
        if doc.removed:
            return
        doc.removed = True
        session.add(doc)
        record(
            session,
            actor,
            "document.remove",
            doc,
            chain=doc.workshop_id,
            before={"removed": False},
            after={"removed": True},
        )


def rename_document(engine: Engine, actor: str, document_id: str, title: str) -> None:
    """Change the title a document is listed under; its file name and fingerprint stay as recorded."""
    clean_title = clean_text(
        title,
        field=translate("Documents", "Document title"),
        limit=SHORT,
        required=True,
        multiline=False,
    )
    with writing(engine) as session:
        doc = get_or_fail(session, Document, document_id)
        ensure_editable(session, doc.workshop_id)
        if doc.title == clean_title:
            return
        before = {"title": doc.title}
        doc.title = clean_title
        session.add(doc)
        record(
            session,
            actor,
            "document.update",
            doc,
            chain=doc.workshop_id,
            before=before,
            after={"title": clean_title},
        )
