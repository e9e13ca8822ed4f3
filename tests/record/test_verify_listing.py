"""`coproduce verify` lists every signature (who, in what capacity, when, fingerprints), and the messages of
keys, signing and verification go through ``coproduce.i18n.translate`` with the values filled in after."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from coproduce import i18n
from coproduce.cli import main
from coproduce.errors import ValidationError
from coproduce.paths import DataPaths
from coproduce.record.keys import KeyStore, WrongPassphraseError
from coproduce.record.signing import cosign, sign_record
from coproduce.record.verify import Status, verify

FACILITATOR = ("Ana Facilitator", "Riverside Health Forum", "correct horse battery")
COSIGNER = ("Bob Cosigner", "Riverside Carers", "staple paper clip")
RECORD = b'{"workshop":"Access to care"}'


def _pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.setFont("Helvetica", 12)
    pdf.drawString(72, 770, "Workshop record")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.fixture(scope="module")
def signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[DataPaths, bytes, bytes]:
    paths = DataPaths(tmp_path_factory.mktemp("verify") / "data")
    store = KeyStore(paths.keys)
    facilitator = store.ensure_signer(*FACILITATOR)
    certified = sign_record(_pdf(), RECORD, facilitator, cosigners=[COSIGNER[0]])
    name, organisation, passphrase = COSIGNER
    both = cosign(certified, store=store, name=name, organisation=organisation, passphrase=passphrase)
    return paths, certified, both


def _verify_cli(paths: DataPaths, pdf: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(paths.root), "verify", str(pdf)])
    return code, capsys.readouterr().out


def test_verify_lists_every_signature_with_name_and_fingerprint(
    signed: tuple[DataPaths, bytes, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths, _, both = signed
    pdf = tmp_path / "cosigned.pdf"
    pdf.write_bytes(both)
    code, out = _verify_cli(paths, pdf, capsys)
    assert code == 0 and out.startswith("AUTHENTIC"), out
    fingerprints = {info.common_name: info.fingerprint for info in KeyStore(paths.keys).signers()}
    assert "Signatures (2):" in out
    assert "1. Ana Facilitator (Riverside Health Forum) — certifying signature" in out
    assert "2. Bob Cosigner (Riverside Carers) — co-signature, field “Co-signer Bob Cosigner”" in out
    for name in ("Ana Facilitator", "Bob Cosigner"):
        assert f"certificate fingerprint (SHA-256) {fingerprints[name]}" in out
    assert out.count("signed at 20") == 2
    assert "All 2 signatures are intact" in out


def test_verify_says_which_reserved_fields_are_still_empty(
    signed: tuple[DataPaths, bytes, bytes], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths, certified, _ = signed
    pdf = tmp_path / "certified.pdf"
    pdf.write_bytes(certified)
    code, out = _verify_cli(paths, pdf, capsys)
    assert code == 0, out
    assert "Signatures (1):" in out and "Bob Cosigner" not in out.split("Signatures (1):")[1].split("\n")[1]
    assert "The signature is intact" in out  # one signature: no "All 1 signature are"
    assert "Reserved but not yet signed: Co-signer Bob Cosigner." in out


@pytest.fixture
def recording_translator() -> Iterator[list[tuple[str, str]]]:
    seen: list[tuple[str, str]] = []

    def translator(context: str, text: str) -> str:
        seen.append((context, text))
        return "«" + text + "»"

    i18n.install(translator)
    try:
        yield seen
    finally:
        i18n.install(lambda context, text: text)


def test_messages_are_translated_then_filled_in(
    signed: tuple[DataPaths, bytes, bytes], recording_translator: list[tuple[str, str]]
) -> None:
    paths, certified, _ = signed
    store = KeyStore(paths.keys)

    assert verify(b"not a pdf", store).reasons == ["«This file is not a PDF.»"]
    result = verify(certified, store)
    assert result.status is Status.AUTHENTIC
    assert "«Reserved but not yet signed: Co-signer Bob Cosigner.»" in result.reasons
    assert ("Verify", "Reserved but not yet signed: {fields}.") in recording_translator

    with pytest.raises(WrongPassphraseError) as wrong:
        store.ensure_signer(FACILITATOR[0], FACILITATOR[1], "not the passphrase")
    assert str(wrong.value) == "«That passphrase does not open the signing key of Ana Facilitator.»"
    assert ("Keys", "That passphrase does not open the signing key of {name}.") in recording_translator
    with pytest.raises(ValidationError, match=r"«The passphrase is empty\.»"):
        store.ensure_signer("Someone", "Somewhere", "")
    with pytest.raises(ValidationError, match="is empty"):
        store.ensure_signer("  ", "Somewhere", "x")
    assert ("Keys", "The signer's name") in recording_translator

    signer = store.ensure_signer(*FACILITATOR)
    with pytest.raises(ValidationError) as twice:
        sign_record(_pdf(), RECORD, signer, cosigners=["Bob", "Bob"])
    assert str(twice.value).startswith("«Two co-signers have the same name")
    with pytest.raises(ValidationError) as again:
        sign_record(certified, RECORD, signer)
    assert "can be certified only once" in str(again.value)
    with pytest.raises(ValidationError) as missing:
        cosign(certified, store=store, name="Nobody Reserved", organisation="-", passphrase="x")
    assert (
        str(missing.value) == "«This record has no signature field reserved for “Co-signer Nobody Reserved”.»"
    )
