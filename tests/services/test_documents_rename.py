"""A document's title can be corrected: the fingerprint stays, the change is an event, and the rows still
match their chain."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import col, select

from coproduce.errors import ValidationError
from coproduce.services import documents, workshops
from coproduce.services.audit import audit
from coproduce.services.unit import reading
from coproduce.storage.events import Event


def test_renaming_a_document_keeps_its_hash_and_records_an_event(engine: Engine, tmp_path: Path) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Docs")
    paper = tmp_path / "scan_0042.pdf"
    paper.write_bytes(b"%PDF-1.7 leaflet")
    doc_id = documents.add_document(engine, "t", workshop_id, paper)
    [before] = workshops.get_workshop(engine, workshop_id).documents
    assert before.title == "scan_0042"

    documents.rename_document(engine, "t", doc_id, "  Leaflet: the three options  ")
    documents.rename_document(engine, "t", doc_id, "Leaflet: the three options")  # no change, no event
    [after] = workshops.get_workshop(engine, workshop_id).documents
    assert after.title == "Leaflet: the three options"
    assert (after.sha256, after.filename, after.size_bytes) == (
        before.sha256,
        before.filename,
        before.size_bytes,
    )
    with reading(engine) as session:
        events = session.exec(select(Event).where(Event.entity_id == doc_id).order_by(col(Event.seq))).all()
    assert [e.action for e in events] == ["document.create", "document.update"]
    assert events[1].before == {"title": "scan_0042"}
    assert events[1].after == {"title": "Leaflet: the three options"}
    [chain] = [c for c in audit(engine, workshop_id) if c.chain == workshop_id]
    assert chain.ok and not chain.row_problem

    with pytest.raises(ValidationError):
        documents.rename_document(engine, "t", doc_id, "   ")
