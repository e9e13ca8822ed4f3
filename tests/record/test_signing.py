"""Signing and verifying the record PDF: happy path, co-signing, trust between installations, tampering."""

from __future__ import annotations

import io
import os
import shutil
import stat
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from coproduce.errors import KnownError, ValidationError
from coproduce.record.keys import KeyStore, SignerInfo, WrongPassphraseError
from coproduce.record.qr import decode_payload, encode_payload, make_payload, qr_image, qr_png, verify_payload
from coproduce.record.signing import (
    RECORD_ATTACHMENT,
    cosign,
    cosign_as,
    cosigner_field_name,
    empty_signature_fields,
    sign_record,
)
from coproduce.record.verify import Status, verify

if TYPE_CHECKING:  # pyHanko is imported inside the tests that need it, as the app does
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

FACILITATOR = ("Ana Facilitator", "Riverside Health Forum", "correct horse battery")
COSIGNER = ("Bob Cosigner", "Riverside Health Forum", "staple paper clip")
RECORD = b'{"decisions":[{"id":1,"text":"Open the clinic on Saturdays"}],"workshop":"Access to care"}'


def make_pdf(pages: int = 1) -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    for number in range(pages):
        pdf.setFont("Helvetica", 12)
        pdf.drawString(72, 770, f"Workshop record, page {number + 1}")
        pdf.drawString(72, 750, "Decision: open the clinic on Saturdays.")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@dataclass(frozen=True)
class Setup:
    folder: Path
    store: KeyStore
    facilitator: SignerInfo
    signed: bytes


@pytest.fixture(scope="module")
def setup(tmp_path_factory: pytest.TempPathFactory) -> Setup:
    folder = tmp_path_factory.mktemp("signing")
    store = KeyStore(folder / "keys-a")
    facilitator = store.ensure_signer(*FACILITATOR)
    signed = sign_record(make_pdf(), RECORD, facilitator, cosigners=[COSIGNER[0]])
    return Setup(folder, store, facilitator, signed)


@pytest.fixture(scope="module")
def cosigned(setup: Setup) -> bytes:
    name, organisation, passphrase = COSIGNER
    return cosign(
        setup.signed, store=setup.store, name=name, organisation=organisation, passphrase=passphrase
    )


@pytest.fixture(scope="module")
def impostor(setup: Setup) -> SignerInfo:
    """Someone on another installation who gives their certificate the facilitator's name."""
    return KeyStore(setup.folder / "keys-impostor").ensure_signer(FACILITATOR[0], FACILITATOR[1], "x")


def reasons(pdf: bytes | Path, store: KeyStore) -> str:
    return " ".join(verify(pdf, store).reasons)


# -- the happy path --------------------------------------------------------------------------------------
def test_signed_record_is_authentic(setup: Setup) -> None:
    result = verify(setup.signed, setup.store)
    assert result.status is Status.AUTHENTIC, result.reasons
    assert result.record_json == RECORD
    assert result.record_sha256 is not None and len(result.record_sha256) == 64
    [signer] = result.signers
    assert (signer.name, signer.organisation, signer.certifying) == (FACILITATOR[0], FACILITATOR[1], True)
    assert signer.fingerprint == setup.facilitator.fingerprint
    assert signer.root_fingerprint is not None and signer.signed_at is not None
    assert result.unsigned_fields == [cosigner_field_name(COSIGNER[0])]
    assert empty_signature_fields(setup.signed) == result.unsigned_fields


def test_verify_reads_a_path(setup: Setup) -> None:
    path = setup.folder / "record.pdf"
    path.write_bytes(setup.signed)
    assert verify(path, setup.store).status is Status.AUTHENTIC


def test_cosigning_a_reserved_field_keeps_it_authentic(setup: Setup, cosigned: bytes) -> None:
    result = verify(cosigned, setup.store)
    assert result.status is Status.AUTHENTIC, result.reasons
    assert [s.name for s in result.signers] == [FACILITATOR[0], COSIGNER[0]]
    assert result.unsigned_fields == []
    assert result.record_json == RECORD


def test_cosigning_twice_or_an_unknown_field_is_refused(setup: Setup, cosigned: bytes) -> None:
    name, organisation, passphrase = COSIGNER
    with pytest.raises(ValidationError, match="already been signed"):
        cosign(cosigned, store=setup.store, name=name, organisation=organisation, passphrase=passphrase)
    with pytest.raises(ValidationError, match="no signature field reserved"):
        cosign(setup.signed, store=setup.store, name="Carol", organisation="X", passphrase="pass")


def test_wrong_passphrase_is_a_clear_error(setup: Setup) -> None:
    with pytest.raises(WrongPassphraseError, match="does not open the signing key of Ana Facilitator") as err:
        setup.store.ensure_signer(FACILITATOR[0], FACILITATOR[1], "wrong")
    assert isinstance(err.value, KnownError)


def test_keys_are_stored_encrypted_and_private(setup: Setup) -> None:
    root_dir = setup.store.folder / "root"
    assert b"ENCRYPTED PRIVATE KEY" in (root_dir / "key.pem").read_bytes()
    assert stat.S_IMODE((root_dir / "secret").stat().st_mode) == 0o600
    signer_dir = next((setup.store.folder / "signers").glob("*/key.pem")).parent
    assert b"ENCRYPTED PRIVATE KEY" in (signer_dir / "key.pem").read_bytes()
    assert stat.S_IMODE((signer_dir / "key.pem").stat().st_mode) == 0o600
    root = setup.store.root_certificate()
    assert root.subject.rfc4514_string().startswith("CN=coproduce installation root ")
    assert setup.facilitator.certificate.issuer == root.subject


# -- trust between installations -------------------------------------------------------------------------
def test_another_installation_trusts_only_after_importing_the_root(setup: Setup) -> None:
    other = KeyStore(setup.folder / "keys-commissioner")
    result = verify(setup.signed, other)
    assert result.status is Status.UNTRUSTED_SIGNER
    root_fp = setup.store.export_root(setup.folder / "root-a.pem").fingerprint
    assert root_fp in " ".join(result.reasons)

    info = other.trust_root(setup.folder / "root-a.pem")
    assert info.fingerprint == root_fp
    assert [r.fingerprint for r in other.trusted_roots()] == [root_fp]
    assert verify(setup.signed, other).status is Status.AUTHENTIC


def test_trust_root_refuses_what_is_not_a_root(setup: Setup) -> None:
    signer_cert = next((setup.store.folder / "signers").glob("*/cert.pem"))
    with pytest.raises(ValidationError, match="not an installation root"):
        setup.store.trust_root(signer_cert)
    junk = setup.folder / "junk.pem"
    junk.write_bytes(b"not a certificate")
    with pytest.raises(ValidationError, match="not a certificate"):
        setup.store.trust_root(junk)


# -- tampering ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("marker", [b"ReportLab", b"stream"], ids=["header-comment", "page-content"])
def test_a_byte_changed_inside_the_signed_range(setup: Setup, marker: bytes) -> None:
    position = setup.signed.index(marker) + len(marker) + 12
    changed = b"A" if setup.signed[position : position + 1] != b"A" else b"B"
    tampered = setup.signed[:position] + changed + setup.signed[position + 1 :]
    result = verify(tampered, setup.store)
    assert result.status is Status.NOT_VERIFIED
    assert "signed content differs" in " ".join(result.reasons)


def test_an_update_painting_over_the_page(setup: Setup) -> None:
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(setup.signed))
    stream = generic.StreamObject(stream_data=b"q 1 1 1 rg 60 740 400 40 re f Q")
    writer.add_stream_to_page(0, writer.add_object(stream))
    tampered = _written(writer)
    assert verify(tampered, setup.store).status is Status.NOT_VERIFIED
    assert "changed after Ana Facilitator signed it, beyond adding" in reasons(tampered, setup.store)


def _written(writer: IncrementalPdfFileWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_replaced_attachment(setup: Setup) -> None:
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(setup.signed))
    names = writer.root["/Names"]["/EmbeddedFiles"]["/Names"]
    spec = names[1].get_object()
    forged = embed.EmbeddedFileObject.from_file_data(writer, data=b'{"decisions":[]}')
    spec["/EF"]["/F"] = writer.add_object(forged)
    spec["/EF"]["/UF"] = spec["/EF"]["/F"]
    writer.update_container(spec)
    tampered = _written(writer)
    result = verify(tampered, setup.store)
    assert result.status is Status.NOT_VERIFIED
    assert f"attached record ({RECORD_ATTACHMENT}) was replaced" in " ".join(result.reasons)
    assert result.record_json == RECORD  # what was signed, not the forgery


@pytest.mark.parametrize("keep", [0.5, 0.95])
def test_a_truncated_file(setup: Setup, keep: float) -> None:
    result = verify(setup.signed[: int(len(setup.signed) * keep)], setup.store)
    assert result.status is Status.NOT_VERIFIED
    assert result.reasons


def test_a_file_that_is_not_a_pdf(setup: Setup) -> None:
    png = setup.folder / "picture.png"
    png.write_bytes(qr_png("HELLO"))
    assert reasons(png, setup.store) == "This file is not a PDF."
    assert verify(b"", setup.store).status is Status.NOT_VERIFIED
    assert verify(setup.folder / "missing.pdf", setup.store).status is Status.NOT_VERIFIED


def test_a_resignature_with_another_key_of_the_same_name(setup: Setup, impostor: SignerInfo) -> None:
    forged = sign_record(make_pdf(pages=2), b'{"decisions":[]}', impostor)
    result = verify(forged, setup.store)
    assert result.status is not Status.AUTHENTIC
    assert result.status is Status.UNTRUSTED_SIGNER
    assert result.signers[0].name == FACILITATOR[0]
    assert result.signers[0].fingerprint != setup.facilitator.fingerprint
    assert "not the certificate Ana Facilitator uses on this computer" in " ".join(result.reasons)


def test_an_impostor_filling_the_reserved_field(setup: Setup, impostor: SignerInfo) -> None:
    forged = cosign_as(setup.signed, impostor, cosigner_field_name(COSIGNER[0]))
    result = verify(forged, setup.store)
    assert result.status is Status.UNTRUSTED_SIGNER
    assert [s.trusted for s in result.signers] == [True, False]


def test_a_signature_in_a_new_field_after_certification(setup: Setup) -> None:
    from pyhanko.sign.fields import SigFieldSpec
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    from coproduce.record import signing

    meta = signing._signature_meta("Extra", "late", certify=False)
    writer = _writer(setup.signed)
    signer = PdfSigner(meta, signing._pyhanko_signer(setup.facilitator), new_field_spec=SigFieldSpec("Extra"))
    extended = bytes(signer.sign_pdf(writer).getvalue())
    result = verify(extended, setup.store)
    assert result.status is Status.NOT_VERIFIED
    assert "not reserved when the record was certified" in " ".join(result.reasons)


def _writer(pdf: bytes) -> IncrementalPdfFileWriter:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    return IncrementalPdfFileWriter(io.BytesIO(pdf))


# -- the QR code on the printed copy -----------------------------------------------------------------------
def test_qr_payload_round_trip_and_verification(setup: Setup) -> None:
    record_id = uuid.uuid4()
    payload = make_payload(setup.facilitator, record_id, 3, RECORD, signed_at=1_750_000_000)
    text = encode_payload(payload)
    assert len(payload.to_bytes()) == 127 and len(text) == 191
    decoded = decode_payload(text)
    assert decoded == payload
    assert (decoded.record_id, decoded.revision, decoded.signed_at) == (record_id, 3, 1_750_000_000)
    assert verify_payload(decoded, [setup.facilitator.certificate]) == setup.facilitator.certificate
    assert verify(setup.signed, setup.store, qr_text=text).status is Status.AUTHENTIC

    image = qr_image(text)
    assert image.size[0] <= (49 + 8) * 10  # version 8 or smaller at error-correction M
    assert qr_png(text).startswith(b"\x89PNG")


def test_a_modified_qr_payload_fails(setup: Setup, impostor: SignerInfo) -> None:
    payload = make_payload(setup.facilitator, uuid.uuid4(), 1, RECORD)
    raw = bytearray(payload.to_bytes())
    raw[30] ^= 0x01  # revision/time area
    import base45

    altered = base45.b45encode(bytes(raw)).decode()
    with pytest.raises(ValidationError, match="does not match"):
        verify_payload(decode_payload(altered), [setup.facilitator.certificate])
    assert verify(setup.signed, setup.store, qr_text=altered).status is Status.NOT_VERIFIED
    with pytest.raises(ValidationError):
        decode_payload("not base45 at all!")

    other_record = encode_payload(make_payload(setup.facilitator, uuid.uuid4(), 1, b"{}"))
    assert "different version of the record" in " ".join(
        verify(setup.signed, setup.store, qr_text=other_record).reasons
    )
    by_impostor = encode_payload(make_payload(impostor, uuid.uuid4(), 1, RECORD))
    assert verify(setup.signed, setup.store, qr_text=by_impostor).status is Status.NOT_VERIFIED


# -- start-up cost and other tools -------------------------------------------------------------------------
def test_modules_do_not_import_pyhanko() -> None:
    code = (
        "import sys; import coproduce.record.keys, coproduce.record.signing, coproduce.record.qr, "
        "coproduce.record.verify; bad = [m for m in sys.modules if m.split('.')[0] in "
        "('pyhanko', 'pyhanko_certvalidator', 'asn1crypto', 'qrcode')]; print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.skipif(shutil.which("pdfsig") is None, reason="poppler's pdfsig is not installed")
def test_pdfsig_accepts_the_signatures(setup: Setup, cosigned: bytes, tmp_path: Path) -> None:
    path = tmp_path / "cosigned.pdf"
    path.write_bytes(cosigned)
    plain = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert plain.count("Signature is Valid") == 2, plain
    if shutil.which("certutil") is None:
        return
    nss = tmp_path / "nss"
    nss.mkdir()
    root_pem = tmp_path / "root.pem"
    setup.store.export_root(root_pem)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(["certutil", "-N", "--empty-password", "-d", f"sql:{nss}"], check=True, env=env)
    add = ["certutil", "-A", "-n", "root", "-t", "C,C,C", "-i", str(root_pem), "-d", f"sql:{nss}"]
    subprocess.run(add, check=True, env=env)
    trusted = subprocess.run(
        ["pdfsig", "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True, check=False, env=env
    ).stdout
    assert trusted.count("Signature is Valid") == 2, trusted
    assert trusted.count("Certificate is Trusted") == 2, trusted
