"""Who took part, in the signed record: named people only as their consent allows, the others as counts, the
consent ledger summary; and the record's plurals, empty equality section and file-name breaks."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from coproduce.record import canonical
from coproduce.record.document import build_pdf
from coproduce.services import consent, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.services.unit import reading

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
SIGNER = {"name": "Lena Ward", "organisation": "Fareham CVS", "fingerprint": "AB:CD"}


def _workshop(engine: Engine) -> str:
    workshop_id = workshops.create_workshop(
        engine, "t", "Respite care in Fareham", question="What would help?", date=dt.date(2026, 12, 3)
    )
    workshops.set_facilitators(
        engine, "t", workshop_id, [workshops.FacilitatorInput("Lena Ward", "Fareham CVS")]
    )
    consent.current_statement(engine, "t", workshop_id)
    return workshop_id


def _person(engine: Engine, workshop_id: str, name: str, roles: list[str], **kw: Any) -> str:
    organisation = kw.pop("organisation", "")
    pid = participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(display_name=name, roles=roles, organisation=organisation)
    )
    consent.record_consent(engine, "t", pid, **{"method": "on_screen", **kw})
    return pid


def _record(engine: Engine, workshop_id: str) -> dict[str, Any]:
    with reading(engine) as session:
        return canonical.build_record(
            session,
            workshop_id,
            record_id="00000000-0000-4000-8000-000000000000",
            revision=1,
            amends_sha256="",
            signer=SIGNER,
            gaps_reason="",
            generated_at=dt.datetime(2026, 12, 3, 16, 30, tzinfo=dt.UTC),
        )


def _pdf_text(record: dict[str, Any], tmp_path: Path) -> str:
    pdf = tmp_path / "unsigned.pdf"
    pdf.write_bytes(build_pdf(record, "0" * 64, "TEST"))
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def _room(engine: Engine) -> str:
    workshop_id = _workshop(engine)
    _person(
        engine,
        workshop_id,
        "Anil Mehta",
        ["staff", "carer"],
        organisation="Solent NHS Trust",
        method="verbal",
        witness="Lena Ward",
        be_named=True,
    )
    _person(engine, workshop_id, "Rosa Quint", ["resident"], method="paper", be_named=True, witness="")
    _person(engine, workshop_id, "Hidden Harriet", ["carer"], method="paper", be_named=False)
    gone = _person(engine, workshop_id, "Withdrawn Walter", ["resident"], be_named=True)
    consent.withdraw(engine, "t", gone, choice="remove")
    kept = _person(engine, workshop_id, "Kept Kim", ["resident"], be_named=True)
    consent.withdraw(engine, "t", kept, choice="keep_anonymous")
    mistake = _person(engine, workshop_id, "Mistaken Max", ["resident"], be_named=True)
    participants.remove_participant(engine, "t", mistake)
    return workshop_id


def test_attendance_lists_only_people_who_may_be_named_and_counts_the_others(engine: Engine) -> None:
    record = _record(engine, _room(engine))
    people = record["attendance"]
    assert [p["name"] for p in people["named"]] == ["Anil Mehta", "Rosa Quint"]
    anil = people["named"][0]
    assert anil["roles"] == ["staff", "carer"]
    assert anil["organisation"] == "Solent NHS Trust"
    assert anil["consent"]["method"] == "verbal"
    assert anil["consent"]["witness"] == "Lena Ward"  # a facilitator, already named in the record
    assert anil["consent"]["statement_version"] == 1
    # Harriet (not named) and Kim (withdrew, kept anonymously); not Walter (removed) nor Max (taken off)
    assert people["others"] == 2
    assert record["participation"]["participants"] == 4
    # two unnamed people: every method is hidden, zeros too, since their total is known
    assert set(people["others_by_method"].values()) == {canonical.FEWER_THAN_5}
    assert people["others_withdrawn_kept_anonymous"] == canonical.FEWER_THAN_5
    assert people["statement_versions"] == [1]
    statement = record["consent_statements"][0]
    assert len(statement["sha256"]) == 64


def test_a_witness_who_is_not_a_facilitator_is_not_named(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    _person(engine, workshop_id, "Anil Mehta", ["carer"], method="verbal", witness="Jo Bloggs", be_named=True)
    record = _record(engine, workshop_id)
    ledger = record["attendance"]["named"][0]["consent"]
    assert ledger["witness"] == ""
    assert ledger["witness_not_named"] is True
    assert "Jo Bloggs" not in canonical.encode(record)[0].decode()


@needs_poppler
def test_pdf_names_the_named_with_roles_and_not_the_others(engine: Engine, tmp_path: Path) -> None:
    text = _pdf_text(_record(engine, _room(engine)), tmp_path)
    assert "Who took part" in text
    assert "Anil Mehta" in text
    assert "Health or care staff; Carer" in text
    assert "Solent NHS Trust" in text
    assert "witness: Lena Ward, facilitator" in text
    assert "be named" in text
    for hidden in ("Hidden Harriet", "Withdrawn Walter", "Kept Kim", "Mistaken Max"):
        assert hidden not in text
    assert "2 more people took part and were not named." in text
    assert "2 people agreed to be named in this record" in text
    assert "4 people took part." in text


@needs_poppler
def test_small_workshop_plurals_and_no_equality_tables(engine: Engine, tmp_path: Path) -> None:
    workshop_id = _workshop(engine)
    _person(engine, workshop_id, "Anil Mehta", ["carer"], be_named=True)
    _person(engine, workshop_id, "Hidden Harriet", ["carer"], be_named=False)
    text = _pdf_text(_record(engine, workshop_id), tmp_path)
    assert "No equality monitoring forms were returned." in text
    assert "Total Total" not in text and "Forms" not in text
    assert "1 person agreed to be named" in text
    assert "1 more person took part and was not named." in text
    assert "0 decisions were recorded." in text
    assert "decision(s)" not in text and "1 decisions" not in text
    assert "Hidden Harriet" not in text


@needs_poppler
def test_long_file_name_breaks_at_hyphens(engine: Engine, tmp_path: Path) -> None:
    record = _record(engine, _workshop(engine))
    record["workshop"]["documents"] = [
        {
            "title": "Options briefing",
            "file": "Portswood-MH-options-briefing-v3-FINAL.pdf",
            "sha256": "a" * 64,
            "bytes": 1,
        }
    ]
    pdf = tmp_path / "unsigned.pdf"
    pdf.write_bytes(build_pdf(record, "0" * 64, "TEST"))
    # -layout: plain pdftotext joins a line ending in a hyphen to the next
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = text.split()
    assert "Portswood-MH-options-" in words
    assert "briefing-v3-FINAL.pdf" in words


def test_pdf_has_language_title_and_an_outline_of_the_sections(engine: Engine) -> None:
    import io

    from pyhanko.pdf_utils.reader import PdfFileReader

    record = _record(engine, _room(engine))
    reader = PdfFileReader(io.BytesIO(build_pdf(record, "0" * 64, "TEST")))
    root = reader.root
    assert str(root["/Lang"]) == "en-GB"
    assert str(root["/PageMode"]) == "/UseOutlines"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert str(reader.trailer["/Info"]["/Title"]) == "Respite care in Fareham"
    titles = []
    item = root["/Outlines"].raw_get("/First")
    while item is not None:
        entry = item.get_object()
        titles.append(str(entry["/Title"]))
        item = entry.raw_get("/Next") if "/Next" in entry else None
    for section in ("Summary", "Who took part", "Decisions", "Consent statement used", "Sign-off"):
        assert section in titles
