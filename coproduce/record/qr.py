"""A compact signed payload for the printed copy of a record, carried in a QR code as base45 text.

Layout (127 bytes, big-endian)::

    version 1 | key id 8 | record id 16 (UUID) | revision 2 | signing time 4 (unix) | SHA-256 of JSON 32
    | ECDSA P-256 signature over all the above, raw r||s, 64

The key id is the start of SHA-256 over the signer certificate's public key (see ``keys.key_id``). Base45
turns the 127 bytes into 191 characters of the QR alphanumeric set: version 8 at error-correction M.

Reading a QR code from a scanned image is not supported: no QR decoder (zbar, OpenCV) is installed with the
app, so a verifier pastes the text (most phone QR readers show it).
"""

from __future__ import annotations

import hashlib
import io
import struct
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import base45
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.record.keys import SignerInfo, key_id

if TYPE_CHECKING:
    from PIL.Image import Image

PAYLOAD_VERSION = 1
_HEADER = struct.Struct(">B8s16sHI32s")
_SIGNATURE_SIZE = 64
PAYLOAD_SIZE = _HEADER.size + _SIGNATURE_SIZE
#: smallest printed size (mm) at which the code reads reliably from a 150 dpi scan
MIN_PRINT_SIZE_MM = 30


def _t(text: str) -> str:
    return translate("Verify", text)


@dataclass(frozen=True)
class QrPayload:
    version: int
    key_id: bytes
    record_id: uuid.UUID
    revision: int
    signed_at: int
    record_sha256: bytes
    signature: bytes

    def signed_bytes(self) -> bytes:
        """The part covered by the signature."""
        return _HEADER.pack(
            self.version, self.key_id, self.record_id.bytes, self.revision, self.signed_at, self.record_sha256
        )

    def to_bytes(self) -> bytes:
        return self.signed_bytes() + self.signature


def make_payload(
    signer: SignerInfo,
    record_id: uuid.UUID,
    revision: int,
    record_json: bytes,
    signed_at: int | None = None,
) -> QrPayload:
    """Sign the facts a printed copy carries with ``signer``'s key."""
    if not 0 <= revision <= 0xFFFF:
        raise ValidationError(_t("The record revision must be between 0 and 65535."))
    when = int(time.time()) if signed_at is None else signed_at
    if not 0 <= when <= 0xFFFFFFFF:
        raise ValidationError(_t("The signing time cannot be stored in the QR code."))
    unsigned = QrPayload(
        PAYLOAD_VERSION,
        signer.key_id,
        record_id,
        revision,
        when,
        hashlib.sha256(record_json).digest(),
        b"",
    )
    der = signer.private_key.sign(unsigned.signed_bytes(), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    return QrPayload(
        unsigned.version,
        unsigned.key_id,
        unsigned.record_id,
        unsigned.revision,
        unsigned.signed_at,
        unsigned.record_sha256,
        r.to_bytes(32, "big") + s.to_bytes(32, "big"),
    )


def encode_payload(payload: QrPayload) -> str:
    """The base45 text to put in the QR code."""
    text: str = base45.b45encode(payload.to_bytes()).decode("ascii")
    return text


def decode_payload(text: str) -> QrPayload:
    """Parse the text read from a QR code; ValidationError with a plain message if it is not ours."""
    try:
        raw: bytes = base45.b45decode(text.strip())
    except (ValueError, TypeError) as err:
        raise ValidationError(
            _t("The QR code text is not a coproduce record code (it is not base45).")
        ) from err
    if len(raw) != PAYLOAD_SIZE:
        raise ValidationError(_t("The QR code text is not a coproduce record code (wrong length)."))
    version, kid, record_id, revision, signed_at, digest = _HEADER.unpack(raw[: _HEADER.size])
    if version != PAYLOAD_VERSION:
        raise ValidationError(
            _t("The QR code was made by a different version of coproduce ({version}).").format(
                version=version
            )
        )
    return QrPayload(
        version, kid, uuid.UUID(bytes=record_id), revision, signed_at, digest, raw[_HEADER.size :]
    )


def verify_payload(payload: QrPayload, certificates: Iterable[x509.Certificate]) -> x509.Certificate:
    """Check the payload's signature; return the certificate whose key made it.

    ``certificates`` are the candidates: the signers embedded in the PDF, or those of a key store.
    Raises ValidationError if none of them has the payload's key id or the signature does not match.
    """
    if len(payload.signature) != _SIGNATURE_SIZE:
        raise ValidationError(_t("The QR code's signature is incomplete."))
    r = int.from_bytes(payload.signature[:32], "big")
    s = int.from_bytes(payload.signature[32:], "big")
    signature = encode_dss_signature(r, s)
    candidates = [cert for cert in certificates if key_id(cert) == payload.key_id]
    if not candidates:
        raise ValidationError(_t("The QR code was not signed by any of this record's signers."))
    for cert in candidates:
        public_key = cert.public_key()
        if not isinstance(public_key, ec.EllipticCurvePublicKey):
            continue
        try:
            public_key.verify(signature, payload.signed_bytes(), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            continue
        return cert
    raise ValidationError(_t("The QR code's signature does not match: the code was altered or forged."))


def qr_image(text: str, *, box_size: int = 10, border: int = 4) -> Image:
    """A black-on-white QR code (error correction M) as a PIL image."""
    import qrcode
    from qrcode.constants import ERROR_CORRECT_M
    from qrcode.image.pil import PilImage

    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=border)
    code.add_data(text)
    code.make(fit=True)
    image = code.make_image(image_factory=PilImage)
    pil: Image = image.get_image()
    return pil


def qr_png(text: str, *, box_size: int = 10, border: int = 4) -> bytes:
    """The QR code as PNG bytes (reportlab: ``ImageReader(io.BytesIO(png))``, drawn at ≥ 30 mm)."""
    buffer = io.BytesIO()
    qr_image(text, box_size=box_size, border=border).save(buffer, format="PNG")
    return buffer.getvalue()
