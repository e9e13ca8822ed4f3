"""What the signed record may publish about people in aggregate: equality figures exactly as the report
service gives them (with secondary suppression), and votes by role that cannot expose how anyone voted."""

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
from coproduce.services import consent, equality, participants, votes, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.services.suppression import THRESHOLD, cell_text
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


def _record(engine: Engine, workshop_id: str, **kw: Any) -> dict[str, Any]:
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
            **kw,
        )


def _pdf_text(record: dict[str, Any], tmp_path: Path) -> str:
    pdf = tmp_path / "unsigned.pdf"
    pdf.write_bytes(build_pdf(record, "0" * 64, "TEST"))
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _question(record: dict[str, Any], key: str) -> dict[str, Any]:
    found = [q for q in record["participation"]["equality"]["questions"] if q["key"] == key]
    assert len(found) == 1
    question: dict[str, Any] = found[0]
    return question


# --- equality monitoring ------------------------------------------------------------------------------


def _forms(engine: Engine, workshop_id: str) -> None:
    # 10 forms: 3 men and 7 women; 3 from SO14, 7 from SO15; everyone else "Not answered".
    for n in range(10):
        sex = "Male" if n < 3 else "Female"
        district = "SO14" if n < 3 else "SO15"
        equality.submit_response(engine, workshop_id, {"sex": sex, "postcode_district": district})


def test_a_category_of_three_cannot_be_worked_out_from_the_shown_total(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    _forms(engine, workshop_id)
    sex = _question(_record(engine, workshop_id), "sex")
    answers = dict(sex["answers"])
    assert sex["total"] == 10  # the number of forms is published...
    assert answers["Male"] == canonical.HIDDEN  # ...so the 3 is hidden...
    assert answers["Female"] == canonical.HIDDEN  # ...and so is the 7, or 10 - 7 would give it away
    shown = [v for v in answers.values() if isinstance(v, int)]
    assert len(shown) == len(answers) - 2
    assert sex["total"] - sum(shown) == 10  # all that subtraction gives: the two hidden cells together


def test_the_record_has_exactly_the_figures_of_the_equality_report(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    _forms(engine, workshop_id)
    part = _record(engine, workshop_id)["participation"]["equality"]
    report = equality.equality_report(engine, workshop_id)
    uniform = report.has_secondary
    assert part["secondary_suppression"] is uniform is True
    assert str(part["forms"]) == cell_text(report.forms, uniform) == "10"
    for q, expected in zip(part["questions"], report.questions, strict=True):
        assert q["key"] == expected.key
        assert [a for a, _ in q["answers"]] == list(expected.answers)
        assert [str(v) for _, v in q["answers"]] == [cell_text(c, uniform) for c in expected.cells]
        assert str(q["total"]) == cell_text(expected.total, uniform)
    # `coproduce report equality` prints the same numbers
    block = equality.render_equality_text(report).split("\nSex\n")[1].split("\n\n")[0].splitlines()
    sex = _question({"participation": {"equality": part}}, "sex")
    assert [line.split()[-1] for line in block] == [str(v) for _, v in sex["answers"]] + ["10"]


def test_a_small_postcode_district_is_not_named(engine: Engine, tmp_path: Path) -> None:
    workshop_id = _workshop(engine)
    _forms(engine, workshop_id)
    record = _record(engine, workshop_id)
    postcode = dict(_question(record, equality.POSTCODE)["answers"])
    assert "SO14" not in postcode  # a district given by fewer than 5 is not named...
    # ...but counted with the other small ones (3), so the 7 from SO15 is hidden too
    assert postcode[equality.OTHER_AREAS] == postcode["SO15"] == canonical.HIDDEN
    assert b"SO14" not in canonical.encode(record)[0]


@needs_poppler
def test_the_pdf_shows_the_suppressed_equality_tables(engine: Engine, tmp_path: Path) -> None:
    workshop_id = _workshop(engine)
    _forms(engine, workshop_id)
    text = _pdf_text(_record(engine, workshop_id), tmp_path)
    assert "Equality monitoring: 10 anonymous forms" in text
    assert "SO14" not in text and "SO15" in text
    assert "hidden" in text and "cannot be worked out from the totals" in text
    assert "fewer than 5" in text  # in the roles table (no secondary suppression there)


# --- votes by role ------------------------------------------------------------------------------------


def _people(engine: Engine, workshop_id: str, role: str, n: int) -> list[str]:
    ids = []
    for index in range(n):
        pid = participants.add_participant(
            engine, "t", workshop_id, ParticipantInput(display_name=f"{role} {index}", roles=[role])
        )
        consent.record_consent(engine, "t", pid, method="on_screen", be_named=True)
        ids.append(pid)
    return ids


def _approval_vote(engine: Engine, workshop_id: str, ballots: list[tuple[str, str]]) -> str:
    vote_id = votes.create_vote(
        engine,
        "t",
        workshop_id,
        "Which would help most?",
        "approval",
        [votes.OptionInput("Evening sitting service"), votes.OptionInput("Carers' lounge")],
    )
    ids = {o.label: o.id for o in votes.options_in_shown_order(engine, vote_id)}
    for pid, choice in ballots:
        votes.cast_ballot(engine, "t", vote_id, {"approved": [ids[choice]]}, participant_id=pid)
    votes.close_vote(engine, "t", vote_id)
    return vote_id


def test_roles_with_few_voters_are_pooled_with_the_next_smallest(engine: Engine, tmp_path: Path) -> None:
    workshop_id = _workshop(engine)
    carers = _people(engine, workshop_id, "carer", 6)
    residents = _people(engine, workshop_id, "resident", 5)
    councillors = _people(engine, workshop_id, "councillor", 2)
    ballots = [(p, "Evening sitting service") for p in carers + residents]
    ballots += [(councillors[0], "Carers' lounge"), (councillors[1], "Carers' lounge")]
    _approval_vote(engine, workshop_id, ballots)
    [vote] = _record(engine, workshop_id)["votes"]

    assert vote["overall"]["ballots"] == 13
    # the councillors (2 voters) are not shown; pooling only them would still be fewer than 5 (and the
    # overall result minus the roles shown would give their votes), so residents join the pool
    assert list(vote["by_role"]) == ["carer"]
    assert vote["by_role"]["carer"]["ballots"] == 6
    assert vote["by_role_pooled"]["groups"] == ["councillor", "resident"]
    pooled = vote["by_role_pooled"]["tally"]
    assert pooled["ballots"] == 7 >= THRESHOLD
    assert {t["option"]: t["total"] for t in pooled["totals"]} == {
        "Evening sitting service": 5,
        "Carers' lounge": 2,
    }
    if shutil.which("pdftotext"):
        text = " ".join(_pdf_text(_record(engine, workshop_id), tmp_path).split())
        assert "Other voters, pooled (7 voters)" in text
        assert "Carer (6 voters)" in text
        assert "Not shown on their own: Councillor; Resident." in text
        assert "Councillor (2 voters)" not in text


def test_a_vote_with_no_group_of_five_is_not_broken_down(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    carers = _people(engine, workshop_id, "carer", 4)
    residents = _people(engine, workshop_id, "resident", 3)
    _approval_vote(engine, workshop_id, [(p, "Carers' lounge") for p in carers + residents])
    [vote] = _record(engine, workshop_id)["votes"]
    assert vote["by_role"] == {}
    assert vote["by_role_pooled"] == {"groups": ["carer", "resident"], "tally": None}
    # the per-role results are not in the signed data either
    assert vote["overall"]["ballots"] == 7


def test_a_pool_of_zero_needs_no_pooling(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    carers = _people(engine, workshop_id, "carer", 5)
    residents = _people(engine, workshop_id, "resident", 5)
    _approval_vote(engine, workshop_id, [(p, "Carers' lounge") for p in carers + residents])
    [vote] = _record(engine, workshop_id)["votes"]
    assert list(vote["by_role"]) == ["carer", "resident"]
    assert vote["by_role_pooled"] == {"groups": [], "tally": None}


def test_consent_reasons_are_not_tied_to_a_role(engine: Engine) -> None:
    workshop_id = _workshop(engine)
    carers = _people(engine, workshop_id, "carer", 5)
    vote_id = votes.create_vote(
        engine, "t", workshop_id, "Publish the rota", "consent", proposal="Publish the rota online."
    )
    for pid in carers:
        votes.cast_ballot(engine, "t", vote_id, {"response": "agree"}, participant_id=pid)
    votes.close_vote(engine, "t", vote_id)
    [vote] = _record(engine, workshop_id)["votes"]
    assert "concerns" in vote["overall"] and "objection_reasons" in vote["overall"]
    assert set(vote["by_role"]["carer"]) == {"agree", "can_live_with", "object", "ballots", "outcome"}


# --- sign-off -----------------------------------------------------------------------------------------


@needs_poppler
def test_the_sign_off_page_names_the_signer_and_the_reserved_co_signers(
    engine: Engine, tmp_path: Path
) -> None:
    workshop_id = _workshop(engine)
    record = _record(engine, workshop_id, cosigners=["Margaret Ellis"])
    assert record["cosigners_reserved"] == ["Margaret Ellis"]
    text = " ".join(_pdf_text(record, tmp_path).split())
    sign_off = text[text.rindex("Sign-off") :]
    assert "Signed and certified by: Lena Ward (Fareham CVS)" in sign_off
    assert "2026-12-03 16:30:00 UTC" in sign_off
    assert "AB:CD" in sign_off
    assert "Signature fields reserved for co-signers: Margaret Ellis" in sign_off
    assert "coproduce verify FILE.pdf" in sign_off
