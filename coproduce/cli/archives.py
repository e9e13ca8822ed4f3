"""``coproduce backup``, ``archive``, ``audit`` and ``programme``: keeping data safe and moving it around.

- ``backup list`` / ``backup now`` / ``backup restore NAME``
- ``archive export WORKSHOP_ID FILE.coproduce [--sign --signer NAME --organisation ORG]``
- ``archive import FILE.coproduce [FILE ...]``
- ``audit verify [WORKSHOP_ID]``: exits 1 if a chain does not verify, naming the first altered event, or a
  workshop's rows do not match what their events recorded, naming the first such row
- ``programme`` (also ``report programme``, added to the ``report`` command when there is one)
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path
from typing import Any

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.paths import DataPaths, resolve_data_dir
from coproduce.services.identity import default_actor
from coproduce.storage import backups
from coproduce.storage.database import open_database
from coproduce.storage.lock import DataFolderLock

PASSPHRASE_VAR = "COPRODUCE_PASSPHRASE"  # noqa: S105 (the variable's name, not a secret)


def _t(text: str) -> str:
    return translate("Cli", text)


def register(commands: Any) -> None:
    backup = commands.add_parser("backup", help=_t("list, take and restore backups of the database"))
    sub = backup.add_subparsers(dest="backup_command", metavar="ACTION", required=True)
    sub.add_parser("list", help=_t("list the backups, newest first")).set_defaults(handler=cmd_backup_list)
    sub.add_parser("now", help=_t("take a backup now")).set_defaults(handler=cmd_backup_now)
    p = sub.add_parser("restore", help=_t("restore a backup (the current database is kept aside)"))
    p.add_argument("name", metavar="NAME")
    p.set_defaults(handler=cmd_backup_restore)

    archive = commands.add_parser("archive", help=_t("move workshops between laptops as .coproduce files"))
    sub = archive.add_subparsers(dest="archive_command", metavar="ACTION", required=True)
    p = sub.add_parser("export", help=_t("write one workshop to a .coproduce file"))
    p.add_argument("workshop_id", metavar="WORKSHOP_ID")
    p.add_argument("file", metavar="FILE.coproduce", type=Path)
    p.add_argument("--sign", action="store_true", help=_t("sign the archive with a facilitator's key"))
    p.add_argument("--signer", metavar="NAME", help=_t("who signs (default: the lead facilitator)"))
    p.add_argument("--organisation", metavar="ORG", help=_t("the signer's organisation"))
    p.set_defaults(handler=cmd_archive_export)
    p = sub.add_parser("import", help=_t("import .coproduce files (checked completely first)"))
    p.add_argument("files", metavar="FILE.coproduce", type=Path, nargs="+")
    p.set_defaults(handler=cmd_archive_import)

    audit = commands.add_parser("audit", help=_t("check the tamper-evident history"))
    sub = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    p = sub.add_parser("verify", help=_t("verify the event chains; name the first altered event"))
    p.add_argument("workshop_id", metavar="WORKSHOP_ID", nargs="?")
    p.set_defaults(handler=cmd_audit_verify)

    help_text = _t("all workshops together: people in aggregate, principles, decisions, outcomes")
    p = commands.add_parser("programme", help=help_text)
    p.set_defaults(handler=cmd_programme)
    _add_report_programme(commands, help_text)


def _add_report_programme(commands: Any, help_text: str) -> None:
    """``report programme``: joins the ``report`` command if another module made one, else makes it."""
    report = commands.choices.get("report")
    if report is None:
        report = commands.add_parser("report", help=_t("reports in plain text"))
        report.add_subparsers(dest="report_command", metavar="REPORT", required=True)
    sub = next((a for a in report._actions if isinstance(a, argparse._SubParsersAction)), None)
    if sub is not None and "programme" not in sub.choices:
        sub.add_parser("programme", help=help_text).set_defaults(handler=cmd_programme)


def _paths(args: argparse.Namespace) -> DataPaths:
    return resolve_data_dir(args.data_dir)


# -- backup --------------------------------------------------------------------------------------------


def cmd_backup_list(args: argparse.Namespace) -> int:
    found = backups.list_backups(_paths(args))
    if not found:
        print(_t("No backups yet."))
        return 0
    for info in found:
        print(
            _t("{name}\t{when}\t{reason}\t{size:,} bytes").format(
                name=info.name,
                when=info.created.strftime("%Y-%m-%d %H:%M:%S UTC"),
                reason=info.reason,
                size=info.size_bytes,
            )
        )
    return 0


def cmd_backup_now(args: argparse.Namespace) -> int:
    paths = _paths(args)
    with open_database(paths):
        info = backups.make_backup(paths, "manual")
    print(_t("Backup written: {path}").format(path=info.path))
    return 0


def cmd_backup_restore(args: argparse.Namespace) -> int:
    paths = _paths(args)
    lock = DataFolderLock(paths.lock_file)
    lock.acquire()
    try:
        moved = backups.restore_backup(paths, args.name)
    finally:
        lock.release()
    print(_t("Restored {name}.").format(name=args.name))
    if moved is not None:
        print(_t("The database it replaced was kept, unchanged, as {path}").format(path=moved))
    return 0


# -- archive -------------------------------------------------------------------------------------------


def _passphrase(prompt: str) -> str:
    value = os.environ.get(PASSPHRASE_VAR)
    if value:
        return value
    if not sys.stdin.isatty():
        raise ValidationError(
            _t("A passphrase is needed: set {var} or run this in a terminal.").format(var=PASSPHRASE_VAR)
        )
    return getpass.getpass(prompt)


def _signer(args: argparse.Namespace, engine: Any, paths: DataPaths) -> Any:
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from coproduce.record.keys import KeyStore
    from coproduce.services.archive_format import ArchiveSigner
    from coproduce.services.workshops import get_workshop

    lead = get_workshop(engine, args.workshop_id).lead
    name = args.signer or (lead.name if lead else "")
    organisation = args.organisation or (lead.organisation if lead and args.signer is None else "") or "-"
    if not name:
        raise ValidationError(_t("Who signs? Give --signer NAME (the workshop has no lead facilitator)."))
    paths.keys.mkdir(parents=True, exist_ok=True)
    info = KeyStore(paths.keys).ensure_signer(
        name, organisation, _passphrase(_t("Passphrase of {name}'s key: ").format(name=name))
    )
    key = info.private_key

    def sign(data: bytes) -> bytes:
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    return ArchiveSigner(info.certificate.public_bytes(serialization.Encoding.PEM), sign)


def cmd_archive_export(args: argparse.Namespace) -> int:
    from coproduce.services.archive_export import export_archive

    paths = _paths(args)
    with open_database(paths) as db:
        signer = _signer(args, db.engine, paths) if args.sign or args.signer else None
        result = export_archive(db.engine, args.workshop_id, args.file, signer=signer)
    print(
        _t("Archive of “{title}” written to {path}\n  {rows} rows, {events} events\n  SHA-256 {sha}").format(
            title=result.title, path=result.path, rows=result.rows, events=result.events, sha=result.sha256
        )
    )
    if result.signed_by:
        print(_t("  signed by {name}").format(name=result.signed_by))
    return 0


def _anchors(paths: DataPaths) -> Any:
    """The roots this installation trusts: none (every signer untrusted) while it has no root."""
    if not (paths.keys / "root" / "cert.pem").exists():
        return []
    from coproduce.record.keys import KeyStore

    return KeyStore(paths.keys).trust_anchors()


def cmd_archive_import(args: argparse.Namespace) -> int:
    from coproduce.services.archive_import import import_archive

    paths = _paths(args)
    failed = 0
    with open_database(paths) as db:
        backups.make_backup(paths, "import")
        for path in args.files:
            try:
                result = import_archive(db.engine, default_actor(), path, trust_anchors=_anchors(paths))
            except ValidationError as err:
                print(_t("coproduce: {message}").format(message=err), file=sys.stderr)
                failed += 1
                continue
            print(result.message())
    return 2 if failed else 0


# -- audit and programme ------------------------------------------------------------------------------


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from coproduce.services.audit import audit

    with open_database(_paths(args)) as db:
        results = audit(db.engine, args.workshop_id)
    if not results:
        print(_t("No events recorded yet."))
    for item in results:
        if item.ok:
            print(
                _t("OK\t{title}\t{events} events\t{chain}").format(
                    title=item.title, events=item.events, chain=item.chain
                )
            )
            continue
        if item.row_problem:
            print(
                _t(
                    "ALTERED\t{title}\t{chain}\n  The history ({events} events) is intact, but the data "
                    "does not match it: {problem}."
                ).format(title=item.title, chain=item.chain, events=item.events, problem=item.row_problem)
            )
            continue
        when = item.first_bad_at.strftime("%Y-%m-%d %H:%M:%S UTC") if item.first_bad_at else "?"
        print(
            _t(
                "ALTERED\t{title}\t{chain}\n  The first event that does not verify is number {seq} "
                "(id {id}, “{action}”, {when}): {problem}. Every event after it is suspect."
            ).format(
                title=item.title,
                chain=item.chain,
                seq=item.first_bad_seq,
                id=item.first_bad_id,
                action=item.first_bad_action,
                when=when,
                problem=item.problem,
            )
        )
    return 0 if all(item.ok for item in results) else 1


def cmd_programme(args: argparse.Namespace) -> int:
    from coproduce.services.programme import programme, render_programme_text

    with open_database(_paths(args)) as db:
        text = render_programme_text(programme(db.engine))
    print(text, end="")
    return 0
