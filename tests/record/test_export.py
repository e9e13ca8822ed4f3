"""The signed record end to end: demo → export → verify, withdrawal honoured, injection inert, locking."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError, WorkshopLockedError
from coproduce.paths import DataPaths
from coproduce.record.export import embedded_qr_text, export_record, signed_records, start_amendment
from coproduce.record.keys import KeyStore
from coproduce.record.verify import Status, verify
from coproduce.services import consent, contributions, demo, exercises, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.storage.database import Database, open_database

PASSPHRASE = "a long test passphrase"
REASON = "Exercise times were kept on paper."
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


def _text(pdf: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


def _export(engine: Engine, paths: DataPaths, workshop_id: str, name: str = "record.pdf", **kw: Any) -> Path:
    out = paths.root / name
    export_record(
        engine,
        KeyStore(paths.keys),
        workshop_id,
        out,
        passphrase=PASSPHRASE,
        actor="t",
        gaps_reason=REASON,
        **kw,
    )
    return out


@pytest.fixture(scope="module")
def signed_demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DataPaths, str, Path]]:
    paths = DataPaths(tmp_path_factory.mktemp("record") / "data")
    with open_database(paths) as db:
        workshop_id = demo.create_demo(db.engine)
        out = _export(db.engine, paths, workshop_id, cosigners=["Margaret Ellis"])
    yield paths, workshop_id, out


def _cli(paths: DataPaths, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COPRODUCE_PASSPHRASE": PASSPHRASE}
    return subprocess.run(
        [sys.executable, "-m", "coproduce", "--data-dir", str(paths.root), *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )


def test_the_demo_record_verifies(signed_demo: tuple[DataPaths, str, Path]) -> None:
    paths, _, out = signed_demo
    data = out.read_bytes()
    result = verify(data, KeyStore(paths.keys), embedded_qr_text(data))
    assert result.status is Status.AUTHENTIC, result.reasons
    assert result.record_json is not None
    record = json.loads(result.record_json)
    assert record["workshop"]["title"] == "The future of urgent care in Southampton"
    # the demo is ready to sign, so the reason offered for gaps is not kept
    assert all(check["ok"] for check in record["readiness"]["checks"])
    assert record["readiness"]["gaps_reason"] == ""
    assert any(d["divergences"] and d["divergence_reason"] for d in record["decisions"])
    cli = _cli(paths, "verify", str(out))
    assert cli.returncode == 0 and cli.stdout.startswith("AUTHENTIC"), cli.stdout + cli.stderr


@needs_poppler
def test_every_page_has_the_footer_and_the_sections_are_in_order(
    signed_demo: tuple[DataPaths, str, Path],
) -> None:
    paths, _, out = signed_demo
    pages = _text(out).split("\f")[:-1]
    record = json.loads(verify(out.read_bytes(), KeyStore(paths.keys)).record_json or b"{}")
    short = re.search(r"SHA-256 ([0-9a-f]{16})", pages[0])
    assert short is not None
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert record["record_id"] in page and short.group(1) in page
    whole = "\n".join(pages)
    order = [
        "Engagement record",
        "Summary",
        "Readiness checklist",
        "The six principles",
        "Participation and reach",
        "Exercises and contributions",
        "Votes",
        "Decisions",
        "You said, we did",
        "Consent statement used",
        "Sign-off",
    ]
    found = [re.search(rf"^\s*{re.escape(heading)}\s*$", whole, re.MULTILINE) for heading in order]
    assert all(found), [h for h, m in zip(order, found, strict=True) if m is None]
    positions = [m.start() for m in found if m]
    assert positions == sorted(positions)
    assert "THIS DECISION GOES AGAINST THE VIEW OF THE ROOM" in whole


@needs_poppler
def test_pdfsig_reports_the_signature_valid(signed_demo: tuple[DataPaths, str, Path]) -> None:
    if shutil.which("pdfsig") is None:
        pytest.skip("pdfsig not installed")
    _, _, out = signed_demo
    report = subprocess.run(["pdfsig", str(out)], capture_output=True, text=True, check=False).stdout
    assert "Signature is Valid" in report
    assert "Total document signed" in report


def test_tampering_and_strangers_via_the_cli(
    signed_demo: tuple[DataPaths, str, Path], tmp_path: Path
) -> None:
    paths, _, out = signed_demo
    data = bytearray(out.read_bytes())
    spot = data.index(b"Sign-off") if b"Sign-off" in data else len(data) // 3
    data[spot] ^= 0x01
    changed = tmp_path / "changed.pdf"
    changed.write_bytes(bytes(data))
    result = _cli(paths, "verify", str(changed))
    assert result.returncode == 1 and "NOT VERIFIED" in result.stdout

    text = tmp_path / "not.pdf"
    text.write_text("hello")
    result = _cli(paths, "verify", str(text))
    assert result.returncode == 1 and "not a PDF" in result.stdout

    truncated = tmp_path / "cut.pdf"
    truncated.write_bytes(out.read_bytes()[: len(out.read_bytes()) * 2 // 3])
    assert _cli(paths, "verify", str(truncated)).returncode == 1

    other = DataPaths(tmp_path / "commissioner")
    stranger = _cli(other, "verify", str(out))
    assert stranger.returncode == 3 and "does not trust" in stranger.stdout
    root = tmp_path / "root.cer"
    assert _cli(paths, "keys", "export-root", str(root)).returncode == 0
    trusted = _cli(other, "keys", "trust", str(root))
    assert trusted.returncode == 0 and "fingerprint" in trusted.stdout
    assert _cli(other, "verify", str(out)).returncode == 0


def test_a_qr_from_another_record_does_not_match(
    signed_demo: tuple[DataPaths, str, Path], tmp_path: Path
) -> None:
    paths, _, out = signed_demo
    with open_database(DataPaths(tmp_path / "data")) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Another", question="Q?")
        other_paths = DataPaths(tmp_path / "data")
        other = _export(db.engine, other_paths, workshop_id, signer_name="Someone Else")
    foreign_qr = embedded_qr_text(other.read_bytes())
    assert foreign_qr is not None
    result = verify(out.read_bytes(), KeyStore(paths.keys), foreign_qr)
    assert result.status is not Status.AUTHENTIC


def test_cosigning_keeps_the_record_authentic(
    signed_demo: tuple[DataPaths, str, Path], tmp_path: Path
) -> None:
    paths, _, out = signed_demo
    copy = tmp_path / "cosigned.pdf"
    result = _cli(
        paths,
        "cosign",
        str(out),
        "--signer",
        "Margaret Ellis",
        "--organisation",
        "Carers group",
        "--out",
        str(copy),
    )
    assert result.returncode == 0, result.stderr
    checked = verify(copy.read_bytes(), KeyStore(paths.keys))
    assert checked.status is Status.AUTHENTIC, checked.reasons
    assert [s.name for s in checked.signers] == ["Sarah Collins", "Margaret Ellis"]


@pytest.fixture
def small(database: Database) -> tuple[Database, str, str]:
    engine = database.engine
    workshop_id = workshops.create_workshop(
        engine, "t", "Respite care in Fareham", question="What would help?", date=dt.date(2026, 12, 3)
    )
    workshops.set_facilitators(
        engine, "t", workshop_id, [workshops.FacilitatorInput("Lena Ward", "Fareham CVS")]
    )
    consent.current_statement(engine, "t", workshop_id)
    exercise_id = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    return database, workshop_id, exercise_id


@needs_poppler
def test_withdrawn_people_never_appear_in_a_later_record(small: tuple[Database, str, str]) -> None:
    db, workshop_id, exercise_id = small
    engine = db.engine
    kept = participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(display_name="Zofia Kowalczyk", roles=["carer"])
    )
    gone = participants.add_participant(
        engine, "t", workshop_id, ParticipantInput(display_name="Quentin Marsh", roles=["carer"])
    )
    for person in (kept, gone):
        consent.record_consent(engine, "t", person, method="on_screen", be_named=True)
    contributions.add_contribution(
        engine, "t", exercise_id, "Zofia's words stay without her name", "need", participant_id=kept
    )
    contributions.add_contribution(
        engine, "t", exercise_id, "Quentin's words must vanish entirely", "need", participant_id=gone
    )
    first = _export(engine, db.paths, workshop_id, "before.pdf")
    assert "Zofia Kowalczyk" in _text(first) and "Quentin's words must vanish" in _text(first)

    start_amendment(engine, "t", workshop_id, "Two people withdrew")
    consent.withdraw(engine, "t", kept, choice="keep_anonymous")
    consent.withdraw(engine, "t", gone, choice="remove")
    second = _export(engine, db.paths, workshop_id, "after.pdf")
    text = _text(second)
    record = verify(second.read_bytes(), KeyStore(db.paths.keys)).record_json or b""
    for output in (text, record.decode()):
        assert "Zofia Kowalczyk" not in output and "Quentin" not in output
    assert "Zofia's words stay without her name" in text
    [row_one, row_two] = signed_records(engine, workshop_id)
    assert (row_two.revision, row_two.amends_sha256, row_two.record_id) == (
        2,
        row_one.sha256,
        row_one.record_id,
    )
    assert json.loads(record)["amends_sha256"] == row_one.sha256


@needs_poppler
def test_participant_text_cannot_inject_markup(small: tuple[Database, str, str]) -> None:
    db, workshop_id, exercise_id = small
    nasty = (
        '<b>bold</b> <font size=40>big</font> <a href="http://evil.example">link</a> '
        '<img src="/etc/passwd"/> & <script> \u202eevil\u202c'
    )
    contributions.add_contribution(db.engine, "t", exercise_id, nasty, "need")
    out = _export(db.engine, db.paths, workshop_id)
    text = _text(out)
    assert "<b>bold</b>" in text and '<a href="http://evil.example">link</a>' in text and "<script>" in text
    raw = out.read_bytes()
    assert b"/URI" not in raw and b"/Link" not in raw  # no live link was planted
    assert raw.count(b"/Subtype /Image") <= 1  # only the QR code
    assert "\u202e" not in text


def test_a_signed_workshop_is_locked_until_amended(small: tuple[Database, str, str]) -> None:
    db, workshop_id, exercise_id = small
    _export(db.engine, db.paths, workshop_id)
    with pytest.raises(WorkshopLockedError):
        workshops.update_workshop(db.engine, "t", workshop_id, {"place": "Portchester"})
    with pytest.raises(WorkshopLockedError):
        contributions.add_contribution(db.engine, "t", exercise_id, "too late", "need")
    with pytest.raises(ValidationError, match="already signed"):
        _export(db.engine, db.paths, workshop_id, "again.pdf")
    start_amendment(db.engine, "t", workshop_id, "A late contribution from paper")
    contributions.add_contribution(db.engine, "t", exercise_id, "A late contribution from paper", "need")


def test_gaps_need_a_reason(small: tuple[Database, str, str]) -> None:
    db, workshop_id, _ = small
    with pytest.raises(ValidationError, match="not ready to sign"):
        export_record(
            db.engine,
            KeyStore(db.paths.keys),
            workshop_id,
            db.paths.root / "x.pdf",
            passphrase=PASSPHRASE,
            actor="t",
        )
    assert not (db.paths.root / "x.pdf").exists()
