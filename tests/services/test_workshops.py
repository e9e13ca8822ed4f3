from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coproduce.errors import NotFoundError, ValidationError
from coproduce.services import documents, exercises, workshops
from coproduce.services.workshops import FacilitatorInput


def test_create_read_and_edit_the_overview(engine: Engine) -> None:
    workshop_id = workshops.create_workshop(
        engine,
        "t",
        "  Urgent care in Totton ",
        place="Totton",
        date=dt.date(2026, 12, 1),
        start_time=dt.time(18, 0),
        end_time=dt.time(20, 30),
        influence="consult",
    )
    workshops.update_workshop(
        engine,
        "t",
        workshop_id,
        {
            "proposal_status": "preferred_option",
            "preferred_option": "Option B: a community hub",
            "notice_given": dt.date(2026, 11, 10),
            "decision_due": dt.date(2027, 2, 1),
        },
    )
    workshops.set_facilitators(
        engine, "t", workshop_id, [FacilitatorInput("Ann", "Healthwatch"), FacilitatorInput("Raj", "ICB")]
    )
    details = workshops.get_workshop(engine, workshop_id)
    w = details.workshop
    assert w.title == "Urgent care in Totton"
    assert (w.start_time, w.end_time, w.influence) == (dt.time(18, 0), dt.time(20, 30), "consult")
    assert (w.proposal_status, w.preferred_option) == ("preferred_option", "Option B: a community hub")
    assert [(f.name, f.is_lead) for f in details.facilitators] == [("Ann", True), ("Raj", False)]
    assert details.lead is not None and details.lead.name == "Ann"


@pytest.mark.parametrize(
    ("title", "fields", "message"),
    [
        ("", {}, "Title is required"),
        ("x" * 301, {}, "too long"),
        ("Fine", {"influence": "dictate"}, "must be one of"),
        ("Fine", {"start_time": dt.time(12), "end_time": dt.time(11)}, "end time"),
        ("Fine", {"colour": "blue"}, "Unknown workshop field"),
    ],
)
def test_bad_input_is_refused_with_a_plain_message(
    engine: Engine, title: str, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(ValidationError, match=message):
        workshops.create_workshop(engine, "t", title, **fields)
    assert workshops.list_workshops(engine) == []


def test_strange_strings_are_cleaned(engine: Engine) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Cafe\u0301 \u202eevil\u202c\x00 meeting")
    assert workshops.get_workshop(engine, workshop_id).workshop.title == "Café evil meeting"


def test_list_counts_duplicate_and_archive(engine: Engine, tmp_path: Path) -> None:
    from coproduce.services.demo import create_demo

    demo_id = create_demo(engine)
    [row] = workshops.list_workshops(engine)
    assert (row.id, row.participants, row.contributions) == (demo_id, 12, 32)

    copy_id = workshops.duplicate_workshop(engine, "t", demo_id)
    copy = workshops.get_workshop(engine, copy_id)
    assert copy.workshop.title.endswith("(copy)") and copy.workshop.status == "draft"
    assert len(copy.facilitators) == 2 and len(copy.documents) == 3
    assert len(exercises.list_exercises(engine, copy_id)) == 6
    summaries = {s.id: s for s in workshops.list_workshops(engine)}
    assert (summaries[copy_id].participants, summaries[copy_id].contributions) == (0, 0)

    workshops.set_archived(engine, "t", demo_id)
    assert [s.id for s in workshops.list_workshops(engine)] == [copy_id]
    assert {s.id for s in workshops.list_workshops(engine, include_archived=True)} == {demo_id, copy_id}


def test_documents_are_hashed_from_the_file(engine: Engine, tmp_path: Path) -> None:
    workshop_id = workshops.create_workshop(engine, "t", "Docs")
    paper = tmp_path / "options appraisal.pdf"
    paper.write_bytes(b"%PDF-1.7 pretend" * 1000)
    documents.add_document(engine, "t", workshop_id, paper, "Options appraisal")
    [doc] = workshops.get_workshop(engine, workshop_id).documents
    assert doc.sha256 == hashlib.sha256(paper.read_bytes()).hexdigest()
    assert (doc.title, doc.filename, doc.size_bytes) == ("Options appraisal", "options appraisal.pdf", 16000)
    with pytest.raises(ValidationError, match="is not a file"):
        documents.add_document(engine, "t", workshop_id, tmp_path / "missing.pdf")
    documents.remove_document(engine, "t", doc.id)
    assert workshops.get_workshop(engine, workshop_id).documents == []


def test_unknown_workshop(engine: Engine) -> None:
    with pytest.raises(NotFoundError):
        workshops.get_workshop(engine, "nope")
