"""Sign a record PDF: attach the canonical JSON, reserve co-signer fields, certify; later, co-sign.

The facilitator's signature is a PAdES certifying signature (DocMDP: form filling allowed). Every co-signer
field is created in the same revision, before it: adding a field after certification breaks the DocMDP
policy, filling a reserved one does not. All signatures are invisible, so no font is left unembedded.

pyHanko is imported inside the functions only: it takes about half a second to import.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives import serialization

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.record.keys import KeyStore, SignerInfo

if TYPE_CHECKING:
    from coproduce.record.verify import VerificationResult

log = logging.getLogger(__name__)

RECORD_ATTACHMENT = "record.json"
FACILITATOR_FIELD = "Facilitator"
COSIGNER_FIELD_PREFIX = "Co-signer "
CERTIFY_REASON = "Facilitator certifies this workshop record"
COSIGN_REASON = "Co-signed the workshop record"


def _t(text: str) -> str:
    return translate("Record", text)


def cosigner_field_name(name: str) -> str:
    """The signature field reserved for a co-signer. A '.' would split a PDF field name, so it becomes '_'."""
    cleaned = " ".join(name.split()).replace(".", "_")
    if not cleaned:
        raise ValidationError(_t("A co-signer's name is empty."))
    return COSIGNER_FIELD_PREFIX + cleaned


def _pyhanko_signer(signer: SignerInfo) -> Any:
    from asn1crypto import keys as asn1_keys
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.signers import SimpleSigner
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    cert = asn1_x509.Certificate.load(signer.certificate.public_bytes(serialization.Encoding.DER))
    root = asn1_x509.Certificate.load(signer.root.public_bytes(serialization.Encoding.DER))
    key = asn1_keys.PrivateKeyInfo.load(
        signer.private_key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    registry = SimpleCertificateStore()  # type: ignore[no-untyped-call]
    registry.register(root)
    # the root travels inside the signature so that another installation can show whose root it is
    return SimpleSigner(cert, key, registry, embed_roots=True)


def _signature_meta(field_name: str, reason: str, *, certify: bool) -> Any:
    from pyhanko.sign.fields import MDPPerm, SigSeedSubFilter
    from pyhanko.sign.signers.pdf_signer import PdfSignatureMetadata

    return PdfSignatureMetadata(
        field_name=field_name,
        md_algorithm="sha256",
        subfilter=SigSeedSubFilter.PADES,
        reason=reason,
        certify=certify,
        docmdp_permissions=MDPPerm.FILL_FORMS,
    )


def sign_record(
    pdf: bytes,
    record_json: bytes,
    signer: SignerInfo,
    cosigners: Sequence[str] = (),
    *,
    attachment_name: str = RECORD_ATTACHMENT,
) -> bytes:
    """Attach ``record_json``, reserve a field per co-signer, and certify the PDF as ``signer``.

    Returns the signed PDF. ``pdf`` is a finished, unsigned PDF (as reportlab writes it).
    """
    from pyhanko.pdf_utils import embed
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.fields import SigFieldSpec, append_signature_field
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    field_names = [cosigner_field_name(name) for name in cosigners]
    if len(set(field_names)) != len(field_names):
        raise ValidationError(_t("Two co-signers have the same name; add something to tell them apart."))
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    if writer.prev.embedded_signatures:
        raise ValidationError(_t("This PDF is already signed; a record can be certified only once."))

    data = embed.EmbeddedFileObject.from_file_data(
        writer,
        data=record_json,
        mime_type="application/json",
        params=embed.EmbeddedFileParams(embed_size=True, embed_checksum=True),
    )
    spec = embed.FileSpec(
        file_spec_string=attachment_name,
        file_name=attachment_name,
        embedded_data=data,
        description="The workshop record as data (canonical JSON), covered by the signatures",
    )
    embed.embed_file(writer, spec)
    for field_name in field_names:
        append_signature_field(writer, SigFieldSpec(sig_field_name=field_name))

    pdf_signer = PdfSigner(
        _signature_meta(FACILITATOR_FIELD, CERTIFY_REASON, certify=True),
        _pyhanko_signer(signer),
        new_field_spec=SigFieldSpec(sig_field_name=FACILITATOR_FIELD),
    )
    output = pdf_signer.sign_pdf(writer)
    return bytes(output.getvalue())


def empty_signature_fields(pdf: bytes) -> list[str]:
    """Names of the reserved signature fields that nobody has signed yet."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields

    reader = PdfFileReader(io.BytesIO(pdf))
    return [str(name) for name, _value, _ref in enumerate_sig_fields(reader, filled_status=False)]


def cosign(
    pdf: bytes,
    *,
    store: KeyStore,
    name: str,
    organisation: str,
    passphrase: str,
    field_name: str | None = None,
) -> bytes:
    """Sign the field reserved for ``name`` (or ``field_name``) in a certified record; return the new PDF.

    Refuses a record that no longer verifies, and a field that does not exist or is already signed: a new
    field would break the facilitator's certification.
    """
    from coproduce.record.verify import Status, verify

    target = field_name if field_name is not None else cosigner_field_name(name)
    checked: VerificationResult = verify(pdf, store)
    if checked.status is Status.NOT_VERIFIED:
        raise ValidationError(
            _t("This record cannot be co-signed because it does not verify: {reasons}").format(
                reasons=" ".join(checked.reasons)
            )
        )
    if target not in checked.unsigned_fields:
        if any(s.field_name == target for s in checked.signers):
            raise ValidationError(
                _t("The signature field “{field}” has already been signed.").format(field=target)
            )
        raise ValidationError(
            _t("This record has no signature field reserved for “{field}”.").format(field=target)
        )
    signer = store.ensure_signer(name, organisation, passphrase)
    return cosign_as(pdf, signer, target)


def cosign_as(pdf: bytes, signer: SignerInfo, field_name: str) -> bytes:
    """Fill the existing empty signature field ``field_name`` as ``signer``, with no further checks."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign.signers.pdf_signer import PdfSigner

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    pdf_signer = PdfSigner(_signature_meta(field_name, COSIGN_REASON, certify=False), _pyhanko_signer(signer))
    output = pdf_signer.sign_pdf(writer, existing_fields_only=True)
    return bytes(output.getvalue())
