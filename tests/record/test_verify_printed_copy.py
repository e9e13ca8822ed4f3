"""A commissioner's terminal: only the verdict on an untrusted record (no library traceback), and a printed
copy's QR code checked on its own, without the PDF. An amended revision says what it replaces and why."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from coproduce.paths import DataPaths
from coproduce.record.export import embedded_qr_text, export_record, signed_records, start_amendment
from coproduce.record.keys import KeyStore
from coproduce.record.verify import Status, verify, verify_qr
from coproduce.services import consent, contributions, exercises, workshops
from coproduce.storage.database import open_database

PASSPHRASE = "a long test passphrase"
needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@dataclass
class Signed:
    home: DataPaths  # the facilitator's installation
    pdf: Path
    qr: str
    record_id: str
    sha256: str
    workshop_id: str


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Signed]:
    paths = DataPaths(tmp_path_factory.mktemp("home") / "data")
    with open_database(paths) as db:
        engine = db.engine
        w = workshops.create_workshop(
            engine, "t", "Respite care", question="What helps?", date=dt.date(2026, 12, 3)
        )
        workshops.set_facilitators(engine, "t", w, [workshops.FacilitatorInput("Lena Ward", "Fareham CVS")])
        consent.current_statement(engine, "t", w)
        ex = exercises.add_exercise(engine, "t", w, exercises.from_template("carers-check"))
        contributions.add_contribution(engine, "t", ex, "More evening sessions", "need")
        out = paths.root / "record.pdf"
        result = export_record(
            engine, KeyStore(paths.keys), w, out, passphrase=PASSPHRASE, actor="t", gaps_reason="Test."
        )
    qr = embedded_qr_text(out.read_bytes())
    assert qr
    yield Signed(paths, out, qr, result.record_id, result.sha256, w)


def _cli(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coproduce", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COPRODUCE_PASSPHRASE": PASSPHRASE},
        timeout=180,
    )


def test_an_untrusted_signer_gives_the_verdict_without_a_traceback(signed: Signed, tmp_path: Path) -> None:
    run = _cli(tmp_path / "commissioner", "verify", str(signed.pdf))
    assert run.returncode == 3, run.stdout + run.stderr
    assert run.stdout.startswith("NOT VERIFIED: intact, but signed by an installation")
    assert "Traceback" not in run.stderr and "PathBuildingError" not in run.stderr, run.stderr
    assert run.stderr.strip() == ""


def test_a_printed_copy_is_checked_from_its_qr_code_alone(signed: Signed, tmp_path: Path) -> None:
    home = _cli(signed.home.root, "verify", "--qr", signed.qr)
    assert home.returncode == 0, home.stdout + home.stderr
    assert home.stdout.startswith("QR CODE AUTHENTIC")
    for fact in (signed.record_id, "revision 1", signed.sha256, "Lena Ward", "trusted here", "signed at"):
        assert fact in home.stdout, fact
    assert "Traceback" not in home.stderr

    # a commissioner who has never seen the record cannot check the code's signature: said so, exit 1
    commissioner = DataPaths(tmp_path / "commissioner")
    store = KeyStore(commissioner.keys)
    commissioner.keys.mkdir(parents=True)
    unknown = verify_qr(signed.qr, store)
    assert unknown.status is Status.NOT_VERIFIED and "not known on this computer" in unknown.reasons[0]
    assert unknown.payload is not None and unknown.payload.record_sha256.hex() == signed.sha256

    # once they have verified the PDF, the signer is known but not trusted; trusting the root makes it so
    assert verify(signed.pdf.read_bytes(), store).status is Status.UNTRUSTED_SIGNER
    untrusted = _cli(commissioner.root, "verify", "--qr", signed.qr)
    assert untrusted.returncode == 3 and "not trusted here" in untrusted.stdout, untrusted.stdout
    root_file = tmp_path / "root.cer"
    KeyStore(signed.home.keys).export_root(root_file)
    store.trust_root(root_file)
    assert verify_qr(signed.qr, store).status is Status.AUTHENTIC


def test_an_altered_or_missing_qr_code_is_not_verified(signed: Signed) -> None:
    store = KeyStore(signed.home.keys)
    position = 60
    altered = signed.qr[:position] + ("A" if signed.qr[position] != "A" else "B") + signed.qr[position + 1 :]
    assert verify_qr(altered, store).status is Status.NOT_VERIFIED
    assert verify_qr("not a code", store).status is Status.NOT_VERIFIED
    nothing = _cli(signed.home.root, "verify")
    assert nothing.returncode != 0 and "--qr" in nothing.stderr + nothing.stdout


@needs_poppler
def test_an_amended_revision_says_what_it_replaces_and_why(signed: Signed) -> None:
    reason = "A paper sheet from table 3 was found after signing."
    with open_database(signed.home) as db:
        start_amendment(db.engine, "t", signed.workshop_id, reason)
        out = signed.home.root / "revision-2.pdf"
        export_record(
            db.engine,
            KeyStore(signed.home.keys),
            signed.workshop_id,
            out,
            passphrase=PASSPHRASE,
            actor="t",
            gaps_reason="Test.",
        )
        first, second = signed_records(db.engine, signed.workshop_id)
    page_one = _pdftext(out).split("\f")[0]
    flat = " ".join(page_one.split())
    assert "AMENDED RECORD: revision 2 replaces revision 1" in flat
    assert first.sha256 in "".join(page_one.split())
    assert first.signed_at.strftime("%Y-%m-%d %H:%M:%S") in flat
    assert f"Reason for the amendment: {reason}" in flat
    assert second.amends_sha256 == first.sha256
    assert "AMENDED RECORD" not in _pdftext(signed.pdf)


def _pdftext(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
