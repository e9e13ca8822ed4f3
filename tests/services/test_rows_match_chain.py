"""Rows are checked against the history that made them: ``audit verify`` names a row edited outside the app,
and an archive whose data does not match its own chain (re-hashed manifest, stripped signature) is refused.
Archives may not hold more than the app's own per-field limits. Import messages say whether an archive was
signed and whether its signer's installation is trusted here."""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import zipfile
from collections.abc import Callable
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine

from coproduce.cli import main
from coproduce.paths import DataPaths
from coproduce.record.keys import KeyStore
from coproduce.services import contributions, demo, importer
from coproduce.services.archive_export import export_archive
from coproduce.services.archive_format import CONTRIBUTION_TEXT, ArchiveError, ArchiveSigner
from coproduce.services.archive_import import import_archive
from coproduce.services.audit import audit
from coproduce.storage.database import open_database


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("origin")
    with open_database(DataPaths(folder / "data")) as db:
        workshop_id = demo.create_demo(db.engine)
        export_archive(db.engine, workshop_id, folder / "demo.coproduce")
    return folder / "demo.coproduce", workshop_id


def _rewrite(src: Path, dst: Path, change: Callable[[dict[str, Any]], None], *, drop: str = "") -> Path:
    """Edit workshop.json and re-compute its hash in the manifest, as a forger would."""
    with zipfile.ZipFile(src) as archive:
        members = {name: archive.read(name) for name in archive.namelist() if name != drop}
    doc = json.loads(members["workshop.json"])
    change(doc)
    members["workshop.json"] = json.dumps(doc).encode()
    manifest = json.loads(members["manifest.json"])
    manifest["members"]["workshop.json"] = hashlib.sha256(members["workshop.json"]).hexdigest()
    members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return dst


def _retext(doc: dict[str, Any]) -> None:
    doc["tables"]["contribution"][0]["text"] = "Words nobody said in the room"


def _cli(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(list(args))
    return code, out.getvalue()


def test_the_demo_and_a_csv_import_verify(engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    data = b"exercise,kind,text\nWhat matters to me,What matters,From a paper form\n"
    importer.import_contributions_data(engine, "t", workshop_id, data)
    results = audit(engine)
    assert results and all(item.ok for item in results), [item.row_problem for item in results]


def test_audit_names_a_contribution_edited_with_sqlite(data_paths: DataPaths) -> None:
    with open_database(data_paths) as db:
        workshop_id = demo.create_demo(db.engine)
    assert _cli("--data-dir", str(data_paths.root), "audit", "verify")[0] == 0
    connection = sqlite3.connect(data_paths.database)
    row_id = connection.execute("SELECT id FROM contribution ORDER BY rowid LIMIT 1").fetchone()[0]
    connection.execute("UPDATE contribution SET text = 'EDITED IN SQLITE' WHERE id = ?", (row_id,))
    connection.commit()
    connection.close()
    code, out = _cli("--data-dir", str(data_paths.root), "audit", "verify", workshop_id)
    assert code == 1
    assert f"ALTERED\tThe future of urgent care in Southampton\t{workshop_id}" in out
    assert f"a contribution “EDITED IN SQLITE” (id {row_id}): its text is not what its history" in out


def test_audit_names_a_row_added_without_an_event(engine: Engine, data_paths: DataPaths) -> None:
    workshop_id = demo.create_demo(engine)
    exercise_id = contributions.list_contributions(engine, workshop_id)[0].exercise_id
    connection = sqlite3.connect(data_paths.database)
    connection.execute(
        "INSERT INTO contribution (id, workshop_id, exercise_id, kind, text, source, hidden, hidden_reason, "
        "created_at, updated_at) VALUES ('planted', ?, ?, 'idea', 'Planted', 'paper', 0, '', "
        "'2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z')",
        (workshop_id, exercise_id),
    )
    connection.commit()
    connection.close()
    [result] = audit(engine, workshop_id)
    assert not result.ok
    assert (
        "a contribution “Planted” (id planted) has no event recording how it was made" in result.row_problem
    )


def test_an_edited_unsigned_archive_is_refused_and_nothing_is_written(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    forged = _rewrite(demo_archive[0], tmp_path / "forged.coproduce", _retext)
    with pytest.raises(
        ArchiveError, match="does not match its own history: a contribution “Words nobody said"
    ):
        import_archive(engine, "t", forged)
    assert audit(engine) == []


def test_an_edited_archive_with_its_signature_stripped_is_refused(engine: Engine, tmp_path: Path) -> None:
    signer, _ = _signer(tmp_path / "keys")
    with open_database(DataPaths(tmp_path / "source")) as db:
        workshop_id = demo.create_demo(db.engine)
        export_archive(db.engine, workshop_id, tmp_path / "signed.coproduce", signer=signer)
    stripped = _rewrite(
        tmp_path / "signed.coproduce", tmp_path / "stripped.coproduce", _retext, drop="signature.json"
    )
    with pytest.raises(ArchiveError, match="does not match its own history"):
        import_archive(engine, "t", stripped)


def test_an_unsigned_archive_says_so(engine: Engine, demo_archive: tuple[Path, str]) -> None:
    result = import_archive(engine, "t", demo_archive[0])
    assert result.outcome == "imported"
    assert "Not signed: its origin cannot be checked." in result.message()
    assert all(item.ok for item in audit(engine))


def _signer(folder: Path) -> tuple[ArchiveSigner, KeyStore]:
    store = KeyStore(folder)
    info = store.ensure_signer("Sarah Collins", "Healthwatch", "correct horse")
    key = info.private_key

    def sign(data: bytes) -> bytes:
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    return ArchiveSigner(info.certificate.public_bytes(serialization.Encoding.PEM), sign), store


def test_a_signer_from_an_untrusted_installation_is_reported_as_such(tmp_path: Path) -> None:
    signer, store = _signer(tmp_path / "keys")
    with open_database(DataPaths(tmp_path / "source")) as db:
        workshop_id = demo.create_demo(db.engine)
        export_archive(db.engine, workshop_id, tmp_path / "signed.coproduce", signer=signer)
    fresh = DataPaths(tmp_path / "fresh")  # no root of its own yet
    code, out = _cli("--data-dir", str(fresh.root), "archive", "import", str(tmp_path / "signed.coproduce"))
    assert code == 0
    assert "Signed by Sarah Collins, but not by an installation this laptop trusts (fingerprint " in out
    with open_database(DataPaths(tmp_path / "trusting")) as db:
        result = import_archive(
            db.engine, "t", tmp_path / "signed.coproduce", trust_anchors=store.trust_anchors()
        )
    assert "Signed by Sarah Collins, from an installation this laptop trusts" in result.message()


@pytest.mark.parametrize(
    ("table", "column", "length", "limit"),
    [
        ("workshop", "title", 5_000, 300),
        ("contribution", "text", 15_000, 10_000),
        ("theme", "name", 400, 300),
    ],
)
def test_archive_fields_past_the_apps_own_limits_are_refused(
    engine: Engine,
    tmp_path: Path,
    demo_archive: tuple[Path, str],
    table: str,
    column: str,
    length: int,
    limit: int,
) -> None:
    def lengthen(doc: dict[str, Any]) -> None:
        doc["tables"][table][0][column] = "T" * length

    path = _rewrite(demo_archive[0], tmp_path / "long.coproduce", lengthen)
    expected = f"row 1 of {table}, {column}: a text of {length:,} characters (the limit is {limit:,})"
    with pytest.raises(ArchiveError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        import_archive(engine, "t", path)


def test_the_archive_limit_for_contributions_is_the_services_limit() -> None:
    assert CONTRIBUTION_TEXT == contributions.TEXT_LIMIT


def test_a_conflict_copy_verifies_and_is_marked_in_the_list(
    tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    paths = DataPaths(tmp_path / "data")
    with open_database(paths) as db:
        import_archive(db.engine, "t", demo_archive[0])
        importer.import_contributions_data(
            db.engine,
            "t",
            demo_archive[1],
            b"exercise,kind,text\nWhat matters to me,What matters,Here\n",
        )
    elsewhere = DataPaths(tmp_path / "elsewhere")
    with open_database(elsewhere) as db:
        import_archive(db.engine, "t", demo_archive[0])
        importer.import_contributions_data(
            db.engine,
            "t",
            demo_archive[1],
            b"exercise,kind,text\nWhat matters to me,What matters,There\n",
        )
        export_archive(db.engine, demo_archive[1], tmp_path / "laptop-b.coproduce")
    with open_database(paths) as db:
        result = import_archive(db.engine, "t", tmp_path / "laptop-b.coproduce")
        assert result.outcome == "copy"
        assert all(item.ok for item in audit(db.engine)), [item.row_problem for item in audit(db.engine)]
    code, out = _cli("--data-dir", str(paths.root), "list")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 2
    assert sum("(conflict copy from laptop-b.coproduce)" in line for line in lines) == 1
    assert next(line for line in lines if "conflict copy" in line).startswith(result.workshop_id)
