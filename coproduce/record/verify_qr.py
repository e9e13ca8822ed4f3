"""Check a printed copy's QR code without the PDF, against the signer certificates known here: this
installation's, and those remembered from records verified here before. Also the verdicts (``Status``) that
``verify`` shares.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from enum import StrEnum

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from coproduce.errors import KnownError
from coproduce.i18n import translate
from coproduce.record.keys import KeyStore, common_name, fingerprint, key_id, organisation_name
from coproduce.record.qr import QrPayload, decode_payload, verify_payload

log = logging.getLogger(__name__)
SEEN_SIGNERS = "seen-signers"  # under the key store: signer certificates met in verified records


def _t(text: str) -> str:
    return translate("Verify", text)


class Status(StrEnum):
    AUTHENTIC = "authentic"
    UNTRUSTED_SIGNER = "untrusted_signer"
    NOT_VERIFIED = "not_verified"


def remember_signer(store: KeyStore, cert: x509.Certificate) -> None:
    """Keep the certificate of an intact signature, so that a printed copy's QR code can later be checked
    without the PDF. Remembering grants no trust: that still comes only from the roots trusted here."""
    folder = store.folder / SEEN_SIGNERS
    target = folder / (fingerprint(cert).replace(":", "").lower() + ".pem")
    if target.exists():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    except OSError:
        log.info("could not remember a signer certificate", exc_info=True)


def known_signer_certificates(store: KeyStore) -> list[x509.Certificate]:
    """Signers of this installation, and those of records verified here before."""
    found = {fingerprint(info.certificate): info.certificate for info in store.signers()}
    folder = store.folder / SEEN_SIGNERS
    for path in sorted(folder.glob("*.pem")) if folder.is_dir() else []:
        try:
            cert = x509.load_pem_x509_certificate(path.read_bytes())
        except (OSError, ValueError):
            log.info("unreadable remembered certificate %s", path, exc_info=True)
            continue
        found.setdefault(fingerprint(cert), cert)
    return list(found.values())


def chains_to_trusted_root(
    cert: x509.Certificate, anchors: list[x509.Certificate]
) -> x509.Certificate | None:
    """The trusted root (this installation's or one imported) that issued ``cert``, if it is valid now."""
    now = dt.datetime.now(dt.UTC)
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        return None
    for root in anchors:
        if root.subject != cert.issuer or not (root.not_valid_before_utc <= now <= root.not_valid_after_utc):
            continue
        try:
            cert.verify_directly_issued_by(root)
        except (InvalidSignature, ValueError, TypeError):
            continue
        return root
    return None


@dataclass(frozen=True)
class QrReport:
    """What a printed copy's QR code vouches for, checked without the PDF."""

    status: Status
    reasons: list[str]
    payload: QrPayload | None = None
    signer_name: str | None = None
    signer_organisation: str | None = None
    signer_fingerprint: str | None = None
    root_name: str | None = None


def verify_qr(qr_text: str, store: KeyStore) -> QrReport:
    """Check a QR code's own signature against the signer certificates known here.

    AUTHENTIC: the signature matches a known signer whose certificate chains to a root trusted here.
    UNTRUSTED_SIGNER: it matches a known signer from an installation not trusted here. NOT_VERIFIED: the text
    is not ours, the signature does not match, or the key that signed it is not known on this computer.
    """
    try:
        payload = decode_payload(qr_text)
    except KnownError as err:
        return QrReport(Status.NOT_VERIFIED, [str(err)])
    candidates = [c for c in known_signer_certificates(store) if key_id(c) == payload.key_id]
    if not candidates:
        return QrReport(
            Status.NOT_VERIFIED,
            [
                _t(
                    "The key that signed this code (key id {kid}) is not known on this computer, so its "
                    "signature cannot be checked. Verify the signed PDF here once (coproduce verify "
                    "FILE.pdf), or ask the facilitator for it."
                ).format(kid=payload.key_id.hex())
            ],
            payload,
        )
    try:
        cert = verify_payload(payload, candidates)
    except KnownError as err:
        return QrReport(Status.NOT_VERIFIED, [str(err)], payload)
    root = chains_to_trusted_root(cert, store.trust_anchors())
    name = common_name(cert) or _t("an unnamed signer")
    common = {
        "payload": payload,
        "signer_name": name,
        "signer_organisation": organisation_name(cert),
        "signer_fingerprint": fingerprint(cert),
    }
    if root is None:
        return QrReport(
            Status.UNTRUSTED_SIGNER,
            [
                _t(
                    "The code's signature matches the key of {name}, but that certificate was not issued by "
                    "an installation trusted here. If its owner confirms the root fingerprint, import that "
                    "root (coproduce keys trust FILE.cer) to trust it."
                ).format(name=name)
            ],
            **common,  # type: ignore[arg-type]
        )
    return QrReport(
        Status.AUTHENTIC,
        [
            _t(
                "The code's signature is intact and was made by {name}, whose certificate was issued by a "
                "trusted installation root. It vouches only for the facts below: compare the record hash "
                "with the printed pages' footer, or with the signed PDF."
            ).format(name=name)
        ],
        root_name=common_name(root),
        **common,  # type: ignore[arg-type]
    )
