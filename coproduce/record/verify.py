"""Verify a signed record PDF for a commissioner: authentic, intact but from an unknown installation, or not.

AUTHENTIC only when every signature is intact and chains to a root trusted here, the first one certifies the
record, nothing changed after a signature except signing the co-signer fields reserved before it (pyHanko's
difference analysis and DocMDP check, which ``pdfsig`` does not do), the last signature covers the whole
file, the attached record is the one that was signed, and, if a QR text is given, it was signed by one of
the signers and carries the attached record's hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

from coproduce.errors import KnownError
from coproduce.i18n import translate
from coproduce.record.keys import KeyStore, common_name, fingerprint, is_ca_root, organisation_name
from coproduce.record.qr import QrPayload, decode_payload, verify_payload
from coproduce.record.signing import RECORD_ATTACHMENT
from coproduce.record.verify_qr import QrReport, Status, remember_signer, verify_qr

__all__ = [
    "QrReport",
    "SignerReport",
    "Status",
    "VerificationResult",
    "quiet_library_logging",
    "verify",
    "verify_qr",
]

log = logging.getLogger(__name__)
#: libraries that log a warning with a traceback for what verification reports in words (an untrusted signer
#: gives pyhanko_certvalidator's PathBuildingError); a commissioner should see only the verdict
_NOISY_LIBRARIES = ("pyhanko", "pyhanko_certvalidator")


def quiet_library_logging() -> None:
    """Keep library warnings off the terminal: without a handler of their own, Python's last-resort
    handler prints them (with tracebacks) on stderr. They still reach any handler the app configures."""
    for name in _NOISY_LIBRARIES:
        logger = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())


def _t(text: str) -> str:
    return translate("Verify", text)


@dataclass(frozen=True)
class SignerReport:
    name: str
    organisation: str
    field_name: str
    signed_at: dt.datetime | None
    fingerprint: str
    root_name: str | None
    root_fingerprint: str | None
    trusted: bool
    certifying: bool


@dataclass
class VerificationResult:
    status: Status
    reasons: list[str] = field(default_factory=list)
    signers: list[SignerReport] = field(default_factory=list)
    record_json: bytes | None = None
    record_sha256: str | None = None
    unsigned_fields: list[str] = field(default_factory=list)
    qr: QrPayload | None = None

    @property
    def authentic(self) -> bool:
        return self.status is Status.AUTHENTIC


class _Check:
    """Collects reasons; the worst one decides the status."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.untrusted: list[str] = []
        self.notes: list[str] = []

    def status(self) -> Status:
        if self.failures:
            return Status.NOT_VERIFIED
        if self.untrusted:
            return Status.UNTRUSTED_SIGNER
        return Status.AUTHENTIC


def verify(source: bytes | Path, store: KeyStore, qr_text: str | None = None) -> VerificationResult:
    """Check a signed record. A bad file never raises: it gives NOT_VERIFIED and the reasons.

    Only a key store that cannot be read raises (StorageError). pyHanko runs its own event loop
    (``asyncio.run``): call this from a worker thread, not from inside a running loop.
    """
    quiet_library_logging()
    if isinstance(source, Path):
        try:
            data = source.read_bytes()
        except OSError as err:
            return VerificationResult(
                Status.NOT_VERIFIED, [_t("The file cannot be read: {reason}.").format(reason=err.strerror)]
            )
    else:
        data = bytes(source)
    if b"%PDF-" not in data[:1024]:
        return VerificationResult(Status.NOT_VERIFIED, [_t("This file is not a PDF.")])
    from pyhanko.pdf_utils.reader import PdfFileReader

    try:
        reader = PdfFileReader(io.BytesIO(data))
        signatures = sorted(reader.embedded_signatures, key=lambda sig: sig.signed_revision)
    except Exception:  # pyHanko raises many kinds of error on a broken file
        log.info("unreadable PDF", exc_info=True)
        return VerificationResult(
            Status.NOT_VERIFIED,
            [
                _t(
                    "The file is damaged or incomplete (for example cut short in copying) and cannot be "
                    "checked."
                )
            ],
        )
    try:
        return _verify_pdf(reader, signatures, store, qr_text)
    except KnownError:
        raise
    except Exception:
        log.exception("verification failed")
        return VerificationResult(
            Status.NOT_VERIFIED,
            [_t("The file's structure is unusual and it could not be checked (details are in the log).")],
        )


def _verify_pdf(
    reader: Any, signatures: list[Any], store: KeyStore, qr_text: str | None
) -> VerificationResult:
    from asn1crypto import x509 as asn1_x509
    from pyhanko.sign.fields import MDPPerm, enumerate_sig_fields
    from pyhanko_certvalidator import ValidationContext

    check = _Check()
    result = VerificationResult(Status.NOT_VERIFIED)
    result.unsigned_fields = [str(n) for n, _v, _r in enumerate_sig_fields(reader, filled_status=False)]
    if not signatures:
        result.reasons = [_t("The file has no signatures.")]
        return result

    anchors = store.trust_anchors()
    context = ValidationContext(
        trust_roots=[asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in anchors],
        allow_fetching=False,
        revocation_mode="soft-fail",
    )
    first = signatures[0]
    if first.docmdp_level is None:
        check.failures.append(
            _t("The first signature does not certify the record: later changes go unchecked.")
        )
    elif first.docmdp_level > MDPPerm.FILL_FORMS:
        check.failures.append(
            _t("The record's certification allows more changes than signing reserved fields.")
        )
    certified_fields = _reserved_fields(reader, first.signed_revision)

    for index, sig in enumerate(signatures):
        last = index == len(signatures) - 1
        report = _check_signature(sig, context, anchors, store, check, last=last, certifying=index == 0)
        result.signers.append(report)
        if index > 0 and report.field_name not in certified_fields:
            check.failures.append(
                _t(
                    "The signature of {name} is in a field “{field}” that was not reserved when the record "
                    "was certified."
                ).format(name=report.name, field=report.field_name)
            )

    _check_record(reader, first.signed_revision, result, check)
    if qr_text is not None:
        _check_qr(qr_text, [sig.signer_cert for sig in signatures], result, check)

    result.status = check.status()
    if result.status is Status.AUTHENTIC:
        count = len(signatures)
        check.notes.insert(
            0,
            _t(
                "The signature is intact, from a certificate issued by a trusted installation root, and "
                "nothing was changed after signing."
            )
            if count == 1
            else _t(
                "All {n} signatures are intact, from certificates issued by trusted installation roots, and "
                "nothing was changed after signing."
            ).format(n=count),
        )
    if result.unsigned_fields:
        check.notes.append(
            _t("Reserved but not yet signed: {fields}.").format(fields=", ".join(result.unsigned_fields))
        )
    result.reasons = [*check.failures, *check.untrusted, *check.notes]
    return result


def _reserved_fields(reader: Any, revision: int) -> set[str]:
    from pyhanko.sign.fields import enumerate_sig_fields

    historical = reader.get_historical_resolver(revision)
    return {str(n) for n, _v, _r in enumerate_sig_fields(historical, filled_status=False)}


def _to_crypto(cert: Any) -> x509.Certificate:
    return x509.load_der_x509_certificate(cert.dump())


def _issuing_root(signer: x509.Certificate, embedded: list[x509.Certificate]) -> x509.Certificate | None:
    for candidate in embedded:
        if candidate.subject != signer.issuer or not is_ca_root(candidate):
            continue
        try:
            signer.verify_directly_issued_by(candidate)
        except (InvalidSignature, ValueError, TypeError):
            continue
        return candidate
    return None


def _check_signature(
    sig: Any,
    context: Any,
    anchors: list[x509.Certificate],
    store: KeyStore,
    check: _Check,
    *,
    last: bool,
    certifying: bool,
) -> SignerReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    status = validate_pdf_signature(sig, context)
    cert = _to_crypto(sig.signer_cert)
    name = common_name(cert) or _t("an unnamed signer")
    root = _issuing_root(cert, [_to_crypto(c) for c in sig.other_embedded_certs])
    report = SignerReport(
        name=name,
        organisation=organisation_name(cert),
        field_name=str(sig.field_name),
        signed_at=status.signer_reported_dt,
        fingerprint=fingerprint(cert),
        root_name=common_name(root) if root is not None else None,
        root_fingerprint=fingerprint(root) if root is not None else None,
        trusted=status.trusted,
        certifying=certifying,
    )
    if not status.intact:
        check.failures.append(
            _t("The document was changed after {name} signed it: the signed content differs.").format(
                name=name
            )
        )
        return report
    if not status.valid:
        check.failures.append(
            _t("The signature of {name} is not valid (its cryptographic check failed).").format(name=name)
        )
        return report

    if status.coverage is None or status.coverage < SignatureCoverageLevel.ENTIRE_REVISION:
        check.failures.append(
            _t("The signature of {name} does not cover its whole revision of the file.").format(name=name)
        )
    elif status.coverage == SignatureCoverageLevel.ENTIRE_REVISION:
        level = status.modification_level
        if level is None or level > ModificationLevel.FORM_FILLING or not status.docmdp_ok:
            check.failures.append(
                _t(
                    "The document was changed after {name} signed it, beyond adding the reserved signatures "
                    "(for example page content, the attached record or new fields)."
                ).format(name=name)
            )
        elif last:
            check.failures.append(
                _t("Something was added to the file after the last signature ({name}).").format(name=name)
            )

    remember_signer(store, cert)
    if not status.trusted:
        _explain_untrusted(report, root, anchors, store, check)
    return report


def _explain_untrusted(
    report: SignerReport,
    root: x509.Certificate | None,
    anchors: list[x509.Certificate],
    store: KeyStore,
    check: _Check,
) -> None:
    name = report.name
    if root is None:
        check.failures.append(
            _t(
                "The certificate of {name} does not come with the installation root that issued it, so it "
                "cannot be checked."
            ).format(name=name)
        )
        return
    now = dt.datetime.now(dt.UTC)
    if not (root.not_valid_before_utc <= now <= root.not_valid_after_utc):
        check.failures.append(
            _t("The installation root that issued the certificate of {name} has expired.").format(name=name)
        )
        return
    root_fp = fingerprint(root)
    if root_fp in {fingerprint(a) for a in anchors}:
        check.failures.append(
            _t(
                "The certificate of {name} was issued by a trusted root but is not acceptable (expired, or "
                "not made for signing)."
            ).format(name=name)
        )
        return
    root_cn = common_name(root)
    if root_cn in {common_name(a) for a in anchors}:
        check.failures.append(
            _t(
                "The certificate of {name} was issued by a root that copies the name “{root}” of a trusted "
                "root but is a different key (fingerprint {fp}): this looks like a forgery."
            ).format(name=name, root=root_cn, fp=root_fp)
        )
        return
    check.untrusted.append(
        _t(
            "{name} signed with a certificate from the installation “{root}”, which is not trusted here. "
            "If its owner confirms the root fingerprint {fp}, import that root to trust it."
        ).format(name=name, root=root_cn, fp=root_fp)
    )
    known = [info for info in store.signers() if info.common_name == name]
    if known and all(info.fingerprint != report.fingerprint for info in known):
        check.untrusted.append(
            _t("This is not the certificate {name} uses on this computer (fingerprint {fp}).").format(
                name=name, fp=report.fingerprint
            )
        )


def _attachment(root: Any, name: str) -> bytes | None:
    try:
        names = root["/Names"]["/EmbeddedFiles"]["/Names"]
    except KeyError:
        return None
    for index in range(0, len(names) - 1, 2):
        if str(names[index]) == name:
            spec = names[index + 1].get_object()
            data: bytes = spec["/EF"]["/F"].get_object().data
            return data
    return None


def _check_record(reader: Any, certified_revision: int, result: VerificationResult, check: _Check) -> None:
    signed = _attachment(reader.get_historical_root(certified_revision), RECORD_ATTACHMENT)
    if signed is None:
        check.failures.append(
            _t("The record data ({file}) is missing from the signed file.").format(file=RECORD_ATTACHMENT)
        )
        return
    result.record_json = signed
    result.record_sha256 = hashlib.sha256(signed).hexdigest()
    if _attachment(reader.root, RECORD_ATTACHMENT) != signed:
        check.failures.append(
            _t("The attached record ({file}) was replaced after signing.").format(file=RECORD_ATTACHMENT)
        )


def _check_qr(qr_text: str, certs: list[Any], result: VerificationResult, check: _Check) -> None:
    try:
        payload = decode_payload(qr_text)
        verify_payload(payload, [_to_crypto(cert) for cert in certs])
    except KnownError as err:
        check.failures.append(_t("QR code: {problem}").format(problem=err))
        return
    result.qr = payload
    if result.record_sha256 is None or payload.record_sha256.hex() != result.record_sha256:
        check.failures.append(
            _t("The QR code on the printed copy belongs to a different version of the record than this file.")
        )
