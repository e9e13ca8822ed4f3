from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import Engine, func, select
from sqlmodel import Session, SQLModel, col
from sqlmodel import select as select_models

from coproduce.errors import ValidationError
from coproduce.paths import DataPaths
from coproduce.record.keys import KeyStore
from coproduce.services import demo, workshops
from coproduce.services.archive_check import ImportLimits
from coproduce.services.archive_export import export_archive
from coproduce.services.archive_format import ArchiveError, ArchiveSigner, workshop_tables
from coproduce.services.archive_import import conflicts, import_archive
from coproduce.storage.database import open_database
from coproduce.storage.events import Event, verify_chain

Members = dict[str, bytes]


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("origin")
    with open_database(DataPaths(folder / "data")) as db:
        workshop_id = demo.create_demo(db.engine)
        target = folder / "demo.coproduce"
        export_archive(db.engine, workshop_id, target)
    return target, workshop_id


def _read(path: Path) -> Members:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _write(path: Path, members: Members, *, rehash: bool = True) -> Path:
    if rehash:
        manifest = json.loads(members["manifest.json"])
        for name in manifest["members"]:
            manifest["members"][name] = hashlib.sha256(members[name]).hexdigest()
        members["manifest.json"] = json.dumps(manifest).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in members.items():
            archive.writestr(name, blob)
    return path


def _edit(src: Path, dst: Path, member: str, change: Callable[[Any], None], *, rehash: bool = True) -> Path:
    members = _read(src)
    doc = json.loads(members[member])
    change(doc)
    members[member] = json.dumps(doc).encode()
    return _write(dst, members, rehash=rehash)


def _counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            name: int(connection.execute(select(func.count()).select_from(table)).scalar() or 0)
            for name, table in SQLModel.metadata.tables.items()
        }


def _refused(engine: Engine, path: Path, match: str, **kwargs: Any) -> ArchiveError:
    workshops.create_workshop(engine, "t", "Already here")
    before = _counts(engine)
    with pytest.raises(ArchiveError, match=match) as caught:
        import_archive(engine, "t", path, **kwargs)
    assert _counts(engine) == before
    assert "nothing was changed" in str(caught.value)
    return caught.value


# -- refused archives: each case, and nothing imported ----------------------------------------------


def test_refuses_a_file_that_is_not_a_zip(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "notes.coproduce"
    path.write_text("just some notes\n")
    _refused(engine, path, "not a zip file")


def test_refuses_a_zip_bomb_by_its_compression_ratio(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    members = _read(demo_archive[0])
    members["workshop.json"] = b"{" + b" " * (40 * 1024 * 1024) + b"}"
    _refused(engine, _write(tmp_path / "bomb.coproduce", members), "zip bomb")


def test_refuses_an_archive_that_unpacks_past_the_size_limit(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    _refused(engine, demo_archive[0], "zip bomb", limits=ImportLimits(max_total_bytes=10_000))


def test_refuses_a_member_lying_about_its_size(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    members = _read(demo_archive[0])
    path = _write(tmp_path / "liar.coproduce", members)
    data = bytearray(path.read_bytes())
    # shrink the declared uncompressed size of every member in the central directory
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        infos = archive.infolist()
    start = data.rfind(b"PK\x01\x02", 0)
    offset = data.find(b"PK\x01\x02")
    while offset != -1 and offset <= start:
        data[offset + 24 : offset + 28] = (10).to_bytes(4, "little")
        offset = data.find(b"PK\x01\x02", offset + 4)
    path.write_bytes(bytes(data))
    assert len(infos) == 4
    _refused(engine, path, "zip bomb|damaged")


@pytest.mark.parametrize("name", ["../escape.json", "/etc/passwd", "a/../../b.json", "C:/windows.json"])
def test_refuses_member_paths_that_escape(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str], name: str
) -> None:
    members = _read(demo_archive[0])
    members[name] = b"{}"
    _refused(engine, _write(tmp_path / "escape.coproduce", members), "unsafe path")


def test_refuses_a_member_that_is_not_ours(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    members = _read(demo_archive[0])
    members["run-me.sh"] = b"echo hi"
    _refused(engine, _write(tmp_path / "extra.coproduce", members), "not part of an archive")


def test_refuses_a_manifest_hash_mismatch(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def rename(doc: Any) -> None:
        doc["tables"]["workshop"][0]["title"] = "Quietly renamed"

    path = _edit(demo_archive[0], tmp_path / "changed.coproduce", "workshop.json", rename, rehash=False)
    _refused(engine, path, "does not match the hash in the manifest")


def test_refuses_a_newer_format_version(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def bump(doc: Any) -> None:
        doc["format_version"] = 99

    path = _edit(demo_archive[0], tmp_path / "newer.coproduce", "manifest.json", bump, rehash=False)
    _refused(engine, path, "newer version of coproduce")


def test_refuses_malformed_json(engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]) -> None:
    members = _read(demo_archive[0])
    members["workshop.json"] = members["workshop.json"][:-40]
    _refused(engine, _write(tmp_path / "cut.coproduce", members), "not valid JSON")


def test_refuses_a_broken_reference(engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]) -> None:
    def orphan(doc: Any) -> None:
        doc["tables"]["contribution"][3]["exercise_id"] = "00000000-0000-0000-0000-000000000000"

    path = _edit(demo_archive[0], tmp_path / "orphan.coproduce", "workshop.json", orphan)
    _refused(engine, path, "broken reference: row 4 of contribution points at a missing exercise")


def test_refuses_a_broken_decision_link(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def orphan(doc: Any) -> None:
        doc["tables"]["decisionlink"][0]["target_id"] = "not-there"

    path = _edit(demo_archive[0], tmp_path / "link.coproduce", "workshop.json", orphan)
    _refused(engine, path, "broken reference: row 1 of decisionlink")


def test_refuses_strings_past_sane_limits(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def long_text(doc: Any) -> None:
        doc["tables"]["contribution"][0]["text"] = "x" * 50_000

    path = _edit(demo_archive[0], tmp_path / "long.coproduce", "workshop.json", long_text)
    _refused(engine, path, "50,000 characters")


def test_refuses_a_long_id(engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]) -> None:
    def long_id(doc: Any) -> None:
        doc["tables"]["participant"][0]["id"] = "p" * 500

    path = _edit(demo_archive[0], tmp_path / "id.coproduce", "workshop.json", long_id)
    _refused(engine, path, "participant, id: a text of 500 characters")


def test_refuses_a_value_of_the_wrong_type(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def wrong(doc: Any) -> None:
        doc["tables"]["contribution"][0]["hidden"] = "no"

    path = _edit(demo_archive[0], tmp_path / "type.coproduce", "workshop.json", wrong)
    _refused(engine, path, "row 1 of contribution, hidden: not true or false")


def test_refuses_an_unknown_column(engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]) -> None:
    def extra(doc: Any) -> None:
        doc["tables"]["participant"][0]["shoe_size"] = 9

    path = _edit(demo_archive[0], tmp_path / "col.coproduce", "workshop.json", extra)
    _refused(engine, path, "shoe_size")


def test_refuses_an_altered_event_and_names_it(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    target: dict[str, str] = {}

    def alter(doc: Any) -> None:
        event = doc["events"][10]
        target["id"] = event["id"]
        event["actor"] = "someone else"

    path = _edit(demo_archive[0], tmp_path / "forged.coproduce", "events.json", alter)
    err = _refused(engine, path, "event chain does not verify: event 11")
    assert target["id"] in str(err) and "altered" in str(err)


def test_refuses_a_removed_event(engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]) -> None:
    def drop(doc: Any) -> None:
        del doc["events"][5]

    path = _edit(demo_archive[0], tmp_path / "gap.coproduce", "events.json", drop)
    _refused(engine, path, "event 6 .*does not follow the event before it")


def test_refuses_documents_that_do_not_match(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    def swap(doc: Any) -> None:
        doc["documents"][0]["sha256"] = "0" * 64

    path = _edit(demo_archive[0], tmp_path / "docs.coproduce", "documents.json", swap)
    _refused(engine, path, "documents.json does not match")


# -- signatures ---------------------------------------------------------------------------------------


def _signer(folder: Path) -> tuple[ArchiveSigner, KeyStore]:
    store = KeyStore(folder)
    info = store.ensure_signer("Sam Carter", "Healthwatch", "correct horse")
    key = info.private_key

    def sign(data: bytes) -> bytes:
        return key.sign(data, ec.ECDSA(hashes.SHA256()))

    return ArchiveSigner(info.certificate.public_bytes(serialization.Encoding.PEM), sign), store


def test_signed_archive_verifies_and_a_changed_manifest_is_refused(engine: Engine, tmp_path: Path) -> None:
    signer, store = _signer(tmp_path / "keys")
    source = DataPaths(tmp_path / "source")
    with open_database(source) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Signed workshop")
        result = export_archive(db.engine, workshop_id, tmp_path / "signed.coproduce", signer=signer)
    assert result.signed_by == "Sam Carter"

    def retitle(doc: Any) -> None:
        doc["title"] = "Something else"

    forged = _edit(
        tmp_path / "signed.coproduce", tmp_path / "forged.coproduce", "manifest.json", retitle, rehash=False
    )
    _refused(engine, forged, "signature does not match")

    imported = import_archive(engine, "t", tmp_path / "signed.coproduce", trust_anchors=store.trust_anchors())
    assert imported.outcome == "imported"
    assert imported.signature is not None and imported.signature.trusted is True
    assert "Signed by Sam Carter" in imported.message()


# -- what an import does ------------------------------------------------------------------------------


def _rows(engine: Engine, workshop_id: str) -> dict[str, list[dict[str, Any]]]:
    """Every row of the workshop as stored (typed values), by table, sorted by id."""
    from coproduce.services.archive_export import _scope_query

    with engine.connect() as connection:
        return {
            spec.name: [dict(row) for row in connection.execute(_scope_query(spec, workshop_id)).mappings()]
            for spec in workshop_tables()
        }


def _events(engine: Engine, chain: str) -> list[dict[str, Any]]:
    with Session(engine) as session:
        rows = session.exec(select_models(Event).where(Event.chain == chain).order_by(col(Event.seq)))
        return [row.model_dump(exclude={"seq"}) for row in rows]


def test_round_trip_gives_identical_data_field_by_field(
    tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    path, workshop_id = demo_archive
    origin = DataPaths(path.parent / "data")
    with open_database(origin) as db:
        expected = _rows(db.engine, workshop_id)
        expected_events = _events(db.engine, workshop_id)
    with open_database(DataPaths(tmp_path / "other")) as db:
        result = import_archive(db.engine, "t", path)
        assert (result.outcome, result.workshop_id) == ("imported", workshop_id)
        got = _rows(db.engine, workshop_id)
        got_events = _events(db.engine, workshop_id)
        with Session(db.engine) as session:
            assert verify_chain(session, workshop_id).ok
    assert sum(len(rows) for rows in expected.values()) > 150
    for table, rows in expected.items():
        assert len(got[table]) == len(rows), table
        for want, have in zip(rows, got[table], strict=True):
            for column, value in want.items():
                assert have[column] == value, (table, want.get("id"), column)
    assert got_events == expected_events and len(expected_events) > 100


def test_importing_the_same_archive_twice_changes_nothing(
    engine: Engine, demo_archive: tuple[Path, str]
) -> None:
    first = import_archive(engine, "t", demo_archive[0])
    after_first = _counts(engine)
    second = import_archive(engine, "t", demo_archive[0])
    assert (first.outcome, second.outcome) == ("imported", "unchanged")
    assert _counts(engine) == after_first
    assert not second.changed


def test_a_workshop_changed_on_both_laptops_keeps_both_and_flags_the_conflict(tmp_path: Path) -> None:
    laptop_a, laptop_b = DataPaths(tmp_path / "a"), DataPaths(tmp_path / "b")
    with open_database(laptop_a) as a:
        workshop_id = workshops.create_workshop(a.engine, "asha", "Carers' check", place="Romsey")
        export_archive(a.engine, workshop_id, tmp_path / "first.coproduce")
    with open_database(laptop_b) as b:
        assert import_archive(b.engine, "ben", tmp_path / "first.coproduce").outcome == "imported"
        workshops.update_workshop(b.engine, "ben", workshop_id, {"place": "Totton"})
        export_archive(b.engine, workshop_id, tmp_path / "from-b.coproduce")
    with open_database(laptop_a) as a:
        workshops.update_workshop(a.engine, "asha", workshop_id, {"place": "Eastleigh"})
        local_before = _rows(a.engine, workshop_id)
        result = import_archive(a.engine, "asha", tmp_path / "from-b.coproduce")
        assert result.outcome == "copy" and result.conflict_of == workshop_id
        assert result.workshop_id != workshop_id
        # nothing local was overwritten
        assert _rows(a.engine, workshop_id) == local_before
        copy = workshops.get_workshop(a.engine, result.workshop_id).workshop
        assert (copy.place, copy.conflict_of, copy.origin) == ("Totton", workshop_id, "from-b.coproduce")
        with Session(a.engine) as session:
            assert verify_chain(session, result.workshop_id).ok
            assert verify_chain(session, workshop_id).ok
        events = _events(a.engine, result.workshop_id)
        assert [e["action"] for e in events][-1] == "workshop.import_copy"
        assert all(e["entity_id"] != workshop_id for e in events)
        [flagged] = conflicts(a.engine)
        assert (flagged.workshop_id, flagged.conflict_of, flagged.local_title) == (
            result.workshop_id,
            workshop_id,
            "Carers' check",
        )
        counts = _counts(a.engine)
        again = import_archive(a.engine, "asha", tmp_path / "from-b.coproduce")
        assert (again.outcome, again.workshop_id) == ("copy_exists", result.workshop_id)
        assert _counts(a.engine) == counts
        # an archive older than what the laptop has changes nothing either
        assert import_archive(a.engine, "asha", tmp_path / "first.coproduce").outcome == "older"
        assert _counts(a.engine) == counts


def test_a_conflict_copy_of_the_demo_remaps_every_reference(
    engine: Engine, tmp_path: Path, demo_archive: tuple[Path, str]
) -> None:
    path, workshop_id = demo_archive
    import_archive(engine, "t", path)
    workshops.update_workshop(engine, "t", workshop_id, {"venue": "Changed here"})
    with open_database(DataPaths(tmp_path / "elsewhere")) as other:
        import_archive(other.engine, "t", path)
        workshops.update_workshop(other.engine, "t", workshop_id, {"venue": "Changed there"})
        export_archive(other.engine, workshop_id, tmp_path / "there.coproduce")
    result = import_archive(engine, "t", tmp_path / "there.coproduce")
    assert result.outcome == "copy"
    original = _rows(engine, workshop_id)
    copy = _rows(engine, result.workshop_id)
    old_ids = {row["id"] for rows in original.values() for row in rows}
    for table, rows in copy.items():
        assert len(rows) == len(original[table]), table
        for row in rows:
            values = {k: v for k, v in row.items() if k != "conflict_of"}
            assert not old_ids & set(json.dumps(values, default=str).split('"')), table
    assert copy["workshop"][0]["conflict_of"] == workshop_id


def test_archive_error_is_a_validation_error() -> None:
    assert issubclass(ArchiveError, ValidationError)


def test_a_row_pointing_at_a_later_row_of_its_own_table_imports(engine: Engine, tmp_path: Path) -> None:
    from coproduce.services import contributions, exercises

    with open_database(DataPaths(tmp_path / "source")) as db:
        workshop_id = workshops.create_workshop(db.engine, "t", "Duplicates")
        exercise_id = exercises.add_exercise(
            db.engine, "t", workshop_id, exercises.ExerciseInput("Ideas", 2, kinds=["idea"])
        )
        first = contributions.add_contribution(db.engine, "t", exercise_id, "More buses", "idea")
        second = contributions.add_contribution(db.engine, "t", exercise_id, "More buses please", "idea")
        # rows are written in id order: make the earlier id point at the later one
        duplicate, original = sorted([first, second])
        contributions.mark_duplicate(db.engine, "t", duplicate, original)
        export_archive(db.engine, workshop_id, tmp_path / "dup.coproduce")
    assert import_archive(engine, "t", tmp_path / "dup.coproduce").outcome == "imported"
    [item] = [c for c in contributions.list_contributions(engine, workshop_id) if c.duplicate_of]
    assert (item.id, item.duplicate_of) == (duplicate, original)
