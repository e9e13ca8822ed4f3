"""``coproduce export``, ``verify``, ``cosign``, ``amend`` and ``keys``: the signed record in a terminal."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.paths import resolve_data_dir
from coproduce.services.identity import default_actor
from coproduce.storage.database import open_database

PASSPHRASE_VAR = "COPRODUCE_PASSPHRASE"  # noqa: S105 (the variable's name, not a secret)


def _t(text: str) -> str:
    return translate("Cli", text)


def register(commands: Any) -> None:
    p = commands.add_parser("export", help=_t("export a workshop's signed PDF record"))
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help=_t("where to write the record"))
    p.add_argument("--signer", metavar="NAME", help=_t("who signs (default: the lead facilitator)"))
    p.add_argument("--organisation", metavar="ORG", help=_t("the signer's organisation"))
    p.add_argument(
        "--cosigner",
        action="append",
        default=[],
        metavar="NAME",
        help=_t("reserve a signature field for a co-signer (repeatable)"),
    )
    p.add_argument(
        "--gaps-reason",
        default="",
        metavar="TEXT",
        help=_t("sign although the readiness check has gaps, recording why"),
    )
    p.set_defaults(handler=cmd_export)

    p = commands.add_parser(
        "verify",
        help=_t("verify a signed record, or the QR code of a printed copy"),
        description=_t(
            "verify FILE.pdf checks a signed record (and, with --qr, that a printed copy's code belongs to "
            "it). verify --qr TEXT alone checks the code of a printed copy and shows what it vouches for."
        ),
    )
    p.add_argument("file", metavar="FILE.pdf", type=Path, nargs="?")
    p.add_argument(
        "--qr", metavar="TEXT|IMAGE", help=_t("the text of the QR code on a printed copy, or an image")
    )
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser("cosign", help=_t("sign a record's reserved co-signer field"))
    p.add_argument("file", metavar="FILE.pdf", type=Path)
    p.add_argument("--signer", required=True, metavar="NAME")
    p.add_argument("--organisation", default="-", metavar="ORG")
    p.add_argument("--out", metavar="FILE.pdf", type=Path, help=_t("write here instead of updating FILE"))
    p.set_defaults(handler=cmd_cosign)

    p = commands.add_parser("amend", help=_t("unlock a signed workshop to prepare an amended revision"))
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.add_argument("--reason", required=True, metavar="TEXT")
    p.set_defaults(handler=cmd_amend)

    keys = commands.add_parser("keys", help=_t("this installation's signing certificates"))
    sub = keys.add_subparsers(dest="keys_command", metavar="ACTION", required=True)
    p = sub.add_parser("export-root", help=_t("write the root certificate for commissioners"))
    p.add_argument("file", metavar="FILE.cer", type=Path)
    p.set_defaults(handler=cmd_export_root)
    p = sub.add_parser("trust", help=_t("trust another installation's root certificate"))
    p.add_argument("file", metavar="FILE.cer", type=Path)
    p.set_defaults(handler=cmd_trust)
    p = sub.add_parser("list", help=_t("list the root, trusted roots and signers"))
    p.set_defaults(handler=cmd_keys_list)


def _passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_VAR)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(
            _t("A passphrase is needed: set {var} or run this in a terminal.").format(var=PASSPHRASE_VAR)
        )
    return getpass.getpass(prompt)


def _store(args: argparse.Namespace) -> Any:
    from coproduce.record.keys import KeyStore

    paths = resolve_data_dir(args.data_dir)
    paths.keys.mkdir(parents=True, exist_ok=True)
    return KeyStore(paths.keys)


def cmd_export(args: argparse.Namespace) -> int:
    from coproduce.record.export import export_record

    paths = resolve_data_dir(args.data_dir)
    passphrase = _passphrase(_t("Passphrase of the signer's key: "))
    with open_database(paths) as db:
        result = export_record(
            db.engine,
            _store(args),
            args.workshop_id,
            Path(args.out),
            passphrase=passphrase,
            actor=default_actor(),
            signer_name=args.signer,
            signer_organisation=args.organisation,
            cosigners=args.cosigner,
            gaps_reason=args.gaps_reason,
        )
    print(
        _t(
            "Signed record written to {path}\n  record {id}, revision {revision}\n  SHA-256 {sha}\n"
            "  signed by {signer} in {seconds:.1f} s"
        ).format(
            path=result.path,
            id=result.record_id,
            revision=result.revision,
            sha=result.sha256,
            signer=result.signer,
            seconds=result.seconds,
        )
    )
    return 0


def _qr_text(value: str | None) -> str | None:
    if value is None:
        return None
    candidate = Path(value)
    if candidate.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff"}:
        from coproduce.record.qr_image import decode_qr_image

        return decode_qr_image(candidate)
    return value.strip()


_EXIT = {"authentic": 0, "untrusted_signer": 3, "not_verified": 1}


def cmd_verify(args: argparse.Namespace) -> int:
    from coproduce.record.export import embedded_qr_text
    from coproduce.record.verify import Status, verify

    if args.file is None:
        if args.qr is None:
            raise ValidationError(
                _t("Give the record to check (FILE.pdf), or --qr TEXT to check the code of a printed copy.")
            )
        return _verify_qr_only(args)
    try:
        data = args.file.read_bytes()
    except OSError as err:
        print(_t("NOT VERIFIED: the file cannot be read ({reason}).").format(reason=err.strerror))
        return 1
    qr = _qr_text(args.qr) or embedded_qr_text(data)
    result = verify(data, _store(args), qr)
    heading = {
        Status.AUTHENTIC: _t("AUTHENTIC"),
        Status.UNTRUSTED_SIGNER: _t(
            "NOT VERIFIED: intact, but signed by an installation this computer does not trust yet"
        ),
        Status.NOT_VERIFIED: _t("NOT VERIFIED"),
    }[result.status]
    print(heading)
    if result.signers:
        print(_t("Signatures ({n}):").format(n=len(result.signers)))
    for number, signer in enumerate(result.signers, start=1):
        for line in _signature_lines(number, signer):
            print(line)
    if result.record_sha256:
        print(_t("  record SHA-256 {sha}").format(sha=result.record_sha256))
    for reason in result.reasons:
        print(f"  - {reason}")
    if result.status is Status.AUTHENTIC:
        return 0
    return 3 if result.status is Status.UNTRUSTED_SIGNER else 1


def _verify_qr_only(args: argparse.Namespace) -> int:
    """``verify --qr TEXT`` without the PDF: the code's own signature and the facts it vouches for."""
    import datetime as dt

    from coproduce.record.verify import Status, verify_qr

    report = verify_qr(_qr_text(args.qr) or "", _store(args))
    print(
        {
            Status.AUTHENTIC: _t("QR CODE AUTHENTIC: signed by a signer trusted here"),
            Status.UNTRUSTED_SIGNER: _t(
                "QR CODE NOT VERIFIED: intact, but signed by an installation this computer does not trust yet"
            ),
            Status.NOT_VERIFIED: _t("QR CODE NOT VERIFIED"),
        }[report.status]
    )
    payload = report.payload
    if payload is not None:
        claims = _t("The code vouches for:") if report.signer_name else _t("The code claims (unchecked):")
        when = dt.datetime.fromtimestamp(payload.signed_at, dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        print(claims)
        print(
            _t("  record {id}, revision {revision}").format(id=payload.record_id, revision=payload.revision)
        )
        print(_t("  signed at {when}").format(when=when))
        print(_t("  record SHA-256 {sha}").format(sha=payload.record_sha256.hex()))
        print(
            _t("  short hash {short} (as in each page's footer)").format(
                short=payload.record_sha256.hex()[:16]
            )
        )
        print(_t("  signer key id {kid}").format(kid=payload.key_id.hex()))
    if report.signer_name:
        organisation = report.signer_organisation if report.signer_organisation not in ("", "-", None) else ""
        who = f"{report.signer_name} ({organisation})" if organisation else report.signer_name
        state = (
            _t("trusted here (issued by {root})").format(root=report.root_name)
            if report.status is Status.AUTHENTIC
            else _t("not trusted here")
        )
        print(_t("  signer {who}, {state}").format(who=who, state=state))
        print(_t("  certificate fingerprint (SHA-256) {fp}").format(fp=report.signer_fingerprint))
    for reason in report.reasons:
        print(f"  - {reason}")
    return _EXIT[report.status.value]


def _signature_lines(number: int, signer: Any) -> list[str]:
    """One signature as ``coproduce verify`` lists it: who, in what capacity, when, and the fingerprints."""
    kind = _t("certifying signature") if signer.certifying else _t("co-signature")
    organisation = signer.organisation if signer.organisation not in ("", "-") else ""
    who = f"{signer.name} ({organisation})" if organisation else signer.name
    when = signer.signed_at.strftime("%Y-%m-%d %H:%M:%S %Z").strip() if signer.signed_at else _t("not given")
    lines = [
        _t("  {n}. {who} — {kind}, field “{field}”").format(
            n=number, who=who, kind=kind, field=signer.field_name
        ),
        _t("     signed at {when}").format(when=when),
        _t("     certificate fingerprint (SHA-256) {fp}").format(fp=signer.fingerprint),
    ]
    if signer.root_fingerprint:
        lines.append(
            _t("     issued by {root} ({state}), root fingerprint {fp}").format(
                root=signer.root_name,
                state=_t("trusted here") if signer.trusted else _t("not trusted here"),
                fp=signer.root_fingerprint,
            )
        )
    return lines


def cmd_cosign(args: argparse.Namespace) -> int:
    from coproduce.record.export import write_atomically
    from coproduce.record.signing import cosign

    try:
        data = args.file.read_bytes()
    except OSError as err:
        raise ValidationError(
            _t("The file {path} cannot be read: {reason}").format(path=args.file, reason=err.strerror)
        ) from err
    passphrase = _passphrase(_t("Passphrase of {name}'s key: ").format(name=args.signer))
    signed = cosign(
        data, store=_store(args), name=args.signer, organisation=args.organisation, passphrase=passphrase
    )
    target = args.out or args.file
    write_atomically(target, signed)
    print(_t("Co-signed by {name}: {path}").format(name=args.signer, path=target))
    return 0


def cmd_amend(args: argparse.Namespace) -> int:
    from coproduce.record.export import start_amendment

    with open_database(resolve_data_dir(args.data_dir)) as db:
        start_amendment(db.engine, default_actor(), args.workshop_id, args.reason)
    print(
        _t("The workshop can be edited again; the next export is a new revision that amends the signed one.")
    )
    return 0


def cmd_export_root(args: argparse.Namespace) -> int:
    info = _store(args).export_root(args.file)
    print(
        _t("Root certificate written to {path}\n  {name}\n  SHA-256 fingerprint {fp}").format(
            path=args.file, name=info.common_name, fp=info.fingerprint
        )
    )
    return 0


def cmd_trust(args: argparse.Namespace) -> int:
    info = _store(args).trust_root(args.file)
    print(
        _t(
            "Now trusting {name}\n  SHA-256 fingerprint {fp}\n  Check this fingerprint with the facilitator "
            "before relying on it."
        ).format(name=info.common_name, fp=info.fingerprint)
    )
    return 0


def cmd_keys_list(args: argparse.Namespace) -> int:
    from coproduce.record.keys import cert_info, fingerprint

    store = _store(args)
    root = store.root_certificate()
    print(
        _t("This installation's root: {name}\n  {fp}").format(
            name=cert_info(root).common_name, fp=fingerprint(root)
        )
    )
    for info in store.trusted_roots():
        print(_t("Trusted root: {name}\n  {fp}").format(name=info.common_name, fp=info.fingerprint))
    for info in store.signers():
        print(_t("Signer: {name}\n  {fp}").format(name=info.common_name, fp=info.fingerprint))
    return 0
