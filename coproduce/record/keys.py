"""Key store for signing records: one root per installation, one certificate per person who signs.

Layout under the folder given to :class:`KeyStore` (nothing global; the app passes ``DataPaths.keys``)::

    root/cert.pem        self-signed CA of this installation (ECDSA P-256, SHA-256, 30 years)
    root/key.pem         its private key, PKCS#8 encrypted with the secret below
    root/secret          32 random bytes (hex), file mode 0600
    signers/<id>/cert.pem, key.pem, meta.json    one person: certificate issued by the root, own key
    trusted/<sha256>.pem roots of other installations that this one trusts

How the root key is protected, and why: with a random secret in a 0600 file next to it, not with a person's
passphrase. The root is only used to issue a certificate when someone signs for the first time; tying it to
the first signer's passphrase would make every later new signer depend on that one person (who may leave),
and asking for a separate installation passphrase is one more secret for a small group to lose. The root
key is therefore exactly as safe as the OS account's files. What an attacker with that account could do is
mint a certificate in someone's name; that is why every signer certificate's fingerprint is shown when
verifying, and why a person's existing key can never be replaced through this API (a wrong passphrase for an
existing name is refused, not re-issued). A person's own key is encrypted with their passphrase.

Signer keys are PKCS#8 (PBES2, AES-256-CBC). cryptography's PKCS#8 encryption uses only 2048 PBKDF2 rounds,
so the password given to it is the passphrase stretched with scrypt (salt kept in ``meta.json``); opening the
file with another tool needs that stretched value, not the passphrase itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import secrets
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from coproduce.errors import StorageError, ValidationError
from coproduce.i18n import translate

ROOT_VALIDITY_DAYS = 365 * 30
SIGNER_VALIDITY_DAYS = 365 * 20
_SCRYPT_N = 2**15
_BACKDATE = dt.timedelta(hours=1)


def _t(text: str) -> str:
    return translate("Keys", text)


class WrongPassphraseError(ValidationError):
    """The passphrase does not open this person's signing key."""


@dataclass(frozen=True)
class CertInfo:
    """A certificate with the facts a person compares: common name and SHA-256 fingerprint."""

    certificate: x509.Certificate
    common_name: str
    fingerprint: str


@dataclass(frozen=True)
class SignerInfo:
    """A person ready to sign: their certificate, the root that issued it, and their unlocked key."""

    name: str
    organisation: str
    certificate: x509.Certificate
    root: x509.Certificate
    private_key: ec.EllipticCurvePrivateKey = field(repr=False)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.certificate)

    @property
    def key_id(self) -> bytes:
        return key_id(self.certificate)


def fingerprint(cert: x509.Certificate) -> str:
    """SHA-256 fingerprint as colon-separated upper-case hex, for people to compare by eye."""
    return cert.fingerprint(hashes.SHA256()).hex(":").upper()


def key_id(cert: x509.Certificate) -> bytes:
    """8 bytes naming a certificate's public key: the start of SHA-256 over its SubjectPublicKeyInfo."""
    spki = cert.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(spki).digest()[:8]


def common_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if names else ""
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def organisation_name(cert: x509.Certificate) -> str:
    names = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)
    value = names[0].value if names else ""
    return value if isinstance(value, str) else value.decode("utf-8", "replace")


def cert_info(cert: x509.Certificate) -> CertInfo:
    return CertInfo(cert, common_name(cert), fingerprint(cert))


def is_ca_root(cert: x509.Certificate) -> bool:
    """True for a self-signed certificate that is marked as a CA and whose signature checks out."""
    try:
        constraints = cert.extensions.get_extension_for_class(x509.BasicConstraints).value
    except x509.ExtensionNotFound:
        return False
    if not constraints.ca or cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except (InvalidSignature, ValueError, TypeError):
        return False
    return True


def _key_usage(*allowed: str) -> x509.KeyUsage:
    """KeyUsage with only the named bits set (content_commitment is what RFC 5280 calls nonRepudiation)."""
    bits = "digital_signature content_commitment key_encipherment data_encipherment key_agreement"
    bits += " key_cert_sign crl_sign encipher_only decipher_only"
    return x509.KeyUsage(**{bit: bit in allowed for bit in bits.split()})


def _clean(text: str, what: str) -> str:
    """``what`` is the field's translated name, as it starts a sentence ("The signer's name")."""
    cleaned = unicodedata.normalize("NFC", " ".join(text.split()))
    if not cleaned:
        raise ValidationError(_t("{what} is empty.").format(what=what))
    if len(cleaned) > 200:
        raise ValidationError(_t("{what} is longer than 200 characters.").format(what=what))
    return cleaned


def _write_private(path: Path, data: bytes) -> None:
    """Write atomically, readable by the owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    tmp.replace(path)


def _publish_folder(files: dict[str, bytes], target: Path) -> None:
    """Write ``files`` into a fresh folder, then move it to ``target`` in one step.

    A half-written root or signer never appears, and if another thread or process got there first its folder
    is kept and ours is dropped (the caller then reads the winner's).
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    staging.mkdir(mode=0o700)
    try:
        for name, data in files.items():
            _write_private(staging / name, data)
        try:
            staging.rename(target)
        except OSError:
            if not target.is_dir():
                raise
    except OSError as err:
        raise StorageError(
            _t("Cannot write keys under {folder}: {reason}.").format(
                folder=target.parent, reason=err.strerror
            )
        ) from err
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _stretch(passphrase: str, salt: bytes) -> bytes:
    digest = hashlib.scrypt(
        passphrase.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=8, p=1, maxmem=64 * 1024 * 1024
    )
    return digest.hex().encode("ascii")


def _load_cert(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except OSError as err:
        raise StorageError(
            _t("Cannot read the certificate {path}: {reason}.").format(path=path, reason=err.strerror)
        ) from err
    except ValueError as err:
        raise StorageError(_t("The certificate {path} is damaged.").format(path=path)) from err


def load_certificate_file(path: Path) -> x509.Certificate:
    """Read a PEM or DER certificate given by a person; a clear message if it is not one."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ValidationError(
            _t("Cannot read {file}: {reason}.").format(file=path.name, reason=err.strerror)
        ) from err
    try:
        if b"-----BEGIN CERTIFICATE-----" in data:
            return x509.load_pem_x509_certificate(data)
        return x509.load_der_x509_certificate(data)
    except ValueError as err:
        raise ValidationError(_t("{file} is not a certificate file.").format(file=path.name)) from err


class KeyStore:
    """Keys and certificates of one installation, kept under ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    # -- the installation root ---------------------------------------------------------------------------
    @property
    def _root_dir(self) -> Path:
        return self.folder / "root"

    def root_certificate(self) -> x509.Certificate:
        """This installation's root, created on first use."""
        cert_path = self._root_dir / "cert.pem"
        if not cert_path.exists():
            self._create_root()
        return _load_cert(cert_path)

    def _create_root(self) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        short_id = secrets.token_hex(4)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"coproduce installation root {short_id}")])
        now = dt.datetime.now(dt.UTC) - _BACKDATE
        ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=ROOT_VALIDITY_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_key_usage("key_cert_sign", "crl_sign"), critical=True)
            .add_extension(ski, critical=False)
            .sign(key, hashes.SHA256())
        )
        secret = secrets.token_hex(32).encode("ascii")
        encrypted = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(secret),
        )
        files = {
            "secret": secret,
            "key.pem": encrypted,
            "cert.pem": cert.public_bytes(serialization.Encoding.PEM),
        }
        _publish_folder(files, self._root_dir)

    def _root_key(self) -> ec.EllipticCurvePrivateKey:
        try:
            secret = (self._root_dir / "secret").read_bytes().strip()
            key = serialization.load_pem_private_key((self._root_dir / "key.pem").read_bytes(), secret)
        except OSError as err:
            raise StorageError(
                _t("Cannot read this installation's root key: {reason}.").format(reason=err.strerror)
            ) from err
        except ValueError as err:
            raise StorageError(
                _t("This installation's root key is damaged or its secret is missing.")
            ) from err
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise StorageError(_t("This installation's root key is not an ECDSA key."))
        return key

    def export_root(self, path: Path) -> CertInfo:
        """Write this installation's root certificate (PEM) for another installation or a commissioner."""
        cert = self.root_certificate()
        try:
            path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        except OSError as err:
            raise StorageError(
                _t("Cannot write {path}: {reason}.").format(path=path, reason=err.strerror)
            ) from err
        return cert_info(cert)

    # -- trusted roots of other installations -----------------------------------------------------------
    @property
    def _trusted_dir(self) -> Path:
        return self.folder / "trusted"

    def trust_root(self, cert_file: Path) -> CertInfo:
        """Trust another installation's root (a file from ``export_root``); refuse anything but a CA root."""
        cert = load_certificate_file(cert_file)
        if not is_ca_root(cert):
            raise ValidationError(
                _t(
                    "{file} is not an installation root certificate (a self-signed CA), so it cannot be "
                    "trusted. Ask for the file made with 'Export root certificate'."
                ).format(file=cert_file.name)
            )
        info = cert_info(cert)
        target = self._trusted_dir / (cert.fingerprint(hashes.SHA256()).hex() + ".pem")
        if not target.exists() and info.fingerprint != fingerprint(self.root_certificate()):
            try:
                _write_private(target, cert.public_bytes(serialization.Encoding.PEM))
            except OSError as err:
                raise StorageError(
                    _t("Cannot save the trusted root: {reason}.").format(reason=err.strerror)
                ) from err
        return info

    def trusted_roots(self) -> list[CertInfo]:
        """Roots of other installations trusted here (not including this installation's own root)."""
        if not self._trusted_dir.is_dir():
            return []
        return [cert_info(_load_cert(path)) for path in sorted(self._trusted_dir.glob("*.pem"))]

    def trust_anchors(self) -> list[x509.Certificate]:
        """Every root a signature may chain to: this installation's plus the trusted ones."""
        return [self.root_certificate(), *(info.certificate for info in self.trusted_roots())]

    # -- signers -----------------------------------------------------------------------------------------
    @staticmethod
    def _signer_id(name: str, organisation: str) -> str:
        return hashlib.sha256(f"{name}\x00{organisation}".encode()).hexdigest()[:20]

    def signers(self) -> list[CertInfo]:
        """Certificates of everyone who has signed on this installation."""
        folder = self.folder / "signers"
        if not folder.is_dir():
            return []
        paths = sorted(folder.glob("*/cert.pem"))
        return [cert_info(_load_cert(path)) for path in paths if not path.parent.name.startswith(".")]

    def ensure_signer(self, name: str, organisation: str, passphrase: str) -> SignerInfo:
        """Unlock a person's key, creating key and certificate the first time they sign here.

        Raises WrongPassphraseError if the person already has a key and the passphrase does not open it.
        """
        name = _clean(name, _t("The signer's name"))
        organisation = _clean(organisation, _t("The organisation"))
        if not passphrase:
            raise ValidationError(_t("The passphrase is empty."))
        folder = self.folder / "signers" / self._signer_id(name, organisation)
        if not (folder / "cert.pem").exists():
            self._create_signer(folder, name, organisation, passphrase)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            salt = bytes.fromhex(meta["salt"])
            key_pem = (folder / "key.pem").read_bytes()
        except OSError as err:
            raise StorageError(
                _t("Cannot read the signing key of {name}: {reason}.").format(name=name, reason=err.strerror)
            ) from err
        except (ValueError, KeyError, TypeError) as err:
            raise StorageError(_t("The signing key of {name} is damaged.").format(name=name)) from err
        try:
            key = serialization.load_pem_private_key(key_pem, _stretch(passphrase, salt))
        except (ValueError, TypeError) as err:
            raise WrongPassphraseError(
                _t("That passphrase does not open the signing key of {name}.").format(name=name)
            ) from err
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise StorageError(_t("The signing key of {name} is not an ECDSA key.").format(name=name))
        cert = _load_cert(folder / "cert.pem")
        return SignerInfo(name, organisation, cert, self.root_certificate(), key)

    def _create_signer(self, folder: Path, name: str, organisation: str, passphrase: str) -> None:
        root = self.root_certificate()
        root_key = self._root_key()
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.UTC) - _BACKDATE
        subject = x509.Name(
            [
                x509.NameAttribute(NameOID.COMMON_NAME, name),
                x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            ]
        )
        cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(root.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(min(now + dt.timedelta(days=SIGNER_VALIDITY_DAYS), root.not_valid_after_utc))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_key_usage("digital_signature", "content_commitment"), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False
            )
            .sign(root_key, hashes.SHA256())
        )
        salt = secrets.token_bytes(16)
        encrypted = key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(_stretch(passphrase, salt)),
        )
        meta = {"name": name, "organisation": organisation, "salt": salt.hex(), "kdf": "scrypt-n15-r8-p1"}
        files = {
            "meta.json": json.dumps(meta, ensure_ascii=False).encode("utf-8"),
            "key.pem": encrypted,
            "cert.pem": cert.public_bytes(serialization.Encoding.PEM),
        }
        _publish_folder(files, folder)
