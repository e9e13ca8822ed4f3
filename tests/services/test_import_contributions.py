"""Paper input from CSV: a good file imports in one transaction, marked as paper, each row with its event;
every kind of bad file is refused naming the row and the problem, and nothing from it is imported."""

from __future__ import annotations

import io
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from coproduce.cli import main
from coproduce.services import consent, contributions, exercises, importer, participants, workshops
from coproduce.services.importer import ImportRefusedError
from coproduce.services.participants import ParticipantInput
from coproduce.storage.events import Event, verify_chain
from coproduce.storage.models import Contribution, Theme


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    wid = workshops.create_workshop(engine, "t", "Urgent care in Eastleigh")
    consent.current_statement(engine, "t", wid)
    for template_id in ("what-matters-to-me", "ideas-and-priorities"):
        exercises.add_exercise(engine, "t", wid, exercises.from_template(template_id))
    sue = participants.add_participant(
        engine, "t", wid, ParticipantInput(display_name="Sue", roles=["carer"])
    )
    consent.record_consent(engine, "t", sue, method="paper")
    participants.add_participant(engine, "t", wid, ParticipantInput(display_name="No Consent"))
    return wid


def _count(engine: Engine, model: type[Contribution] | type[Theme] = Contribution) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(model)).one()


def _refused(engine: Engine, workshop_id: str, data: bytes) -> str:
    events_before = _events(engine)
    with pytest.raises(ImportRefusedError) as caught:
        importer.import_contributions_data(engine, "t", workshop_id, data, name="paper.csv")
    assert _count(engine) == 0 and _count(engine, Theme) == 0, "nothing may be imported from a bad file"
    assert _events(engine) == events_before
    message = str(caught.value)
    assert message.startswith("Nothing was imported from paper.csv")
    return message


def _events(engine: Engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(Event)).one()


GOOD = (
    "exercise,kind,text,participant,theme\n"
    "What matters to me,What matters,Seeing the same nurse each time,Sue,Continuity\n"
    'What matters to me,what_works,"The pharmacy, on Leigh Road, is quick",,\n'
    "Ideas and priorities,Idea,An evening clinic twice a week,1,Continuity\n"
    "ideas and priorities,concern,Parking at the hospital,anonymous,Getting there\n"
)


def test_a_good_file_imports_everything_as_paper_with_events_and_themes(
    engine: Engine, workshop_id: str
) -> None:
    result = importer.import_contributions_data(engine, "t", workshop_id, GOOD.encode("utf-8"))
    assert result.contributions == 4 and result.themes_created == ["Continuity", "Getting there"]
    rows = contributions.list_contributions(engine, workshop_id)
    assert {r.source for r in rows} == {"paper"}
    assert [r.text for r in rows if r.participant_id] == [
        "Seeing the same nurse each time",
        "An evening clinic twice a week",
    ]
    themes = {t.id: t.name for t in contributions.list_themes(engine, workshop_id)}
    assert sorted(themes[r.theme_id] for r in rows if r.theme_id) == [
        "Continuity",
        "Continuity",
        "Getting there",
    ]
    with Session(engine) as session:
        created = session.exec(
            select(Event.entity_id).where(Event.action == "contribution.create", Event.chain == workshop_id)
        ).all()
        assert sorted(created) == sorted(r.id for r in rows)
        assert verify_chain(session, workshop_id).ok
    # each imported row's event records the same values an interactive save records
    typed = contributions.add_contribution(
        engine, "t", rows[0].exercise_id, "Typed in the room", "what_works"
    )
    with Session(engine) as session:
        after = {
            e.entity_id: e.after
            for e in session.exec(select(Event).where(Event.action == "contribution.create"))
        }
    imported, saved = after[rows[0].id], after[typed]
    assert imported is not None and saved is not None
    assert set(imported) == set(saved) and imported["source"] == "paper" and saved["source"] == "facilitator"
    assert imported["created_at"] == rows[0].created_at.isoformat()
    # the chain keeps working for changes made after the import
    contributions.hide_contribution(engine, "t", rows[0].id, "Said twice")
    with Session(engine) as session:
        assert verify_chain(session, workshop_id).ok


def test_utf8_with_a_bom_is_accepted(engine: Engine, workshop_id: str) -> None:
    data = "\ufeffExercise,Kind,Text\nWhat matters to me,What matters,Gwasanaeth yn Gymraeg — ہمیں اردو\n"
    assert (
        importer.import_contributions_data(engine, "t", workshop_id, data.encode("utf-8")).contributions == 1
    )
    [row] = contributions.list_contributions(engine, workshop_id)
    assert row.text == "Gwasanaeth yn Gymraeg — ہمیں اردو" and row.participant_id is None


def test_wrong_columns_are_refused(engine: Engine, workshop_id: str) -> None:
    message = _refused(engine, workshop_id, b"exercise,type,words\nWhat matters to me,idea,x\n")
    assert "Row 1: missing column(s): kind, text." in message
    assert "unknown column(s): \u201ctype\u201d, \u201cwords\u201d" in message


def test_a_file_that_is_not_utf8_is_refused_naming_the_row(engine: Engine, workshop_id: str) -> None:
    data = "exercise,kind,text\nWhat matters to me,What matters,Caf\u00e9 at the hub\n".encode("cp1252")
    message = _refused(engine, workshop_id, data)
    assert "Row 2: the file is not UTF-8 text" in message and "CSV UTF-8" in message


def test_an_unknown_exercise_is_refused(engine: Engine, workshop_id: str) -> None:
    data = b"exercise,kind,text\nWhat matters to me,What matters,fine\nCarers' check,Need,A sitter\n"
    message = _refused(engine, workshop_id, data)
    assert "Row 3: there is no exercise \u201cCarers' check\u201d in this workshop." in message
    assert "Row 2" not in message


def test_an_exercise_can_be_named_by_its_id(engine: Engine, workshop_id: str) -> None:
    first = exercises.list_exercises(engine, workshop_id)[0]
    data = f"exercise,kind,text\n{first.id},what_matters,By id\n".encode()
    assert importer.import_contributions_data(engine, "t", workshop_id, data).contributions == 1


def test_an_unknown_kind_or_one_the_exercise_does_not_ask_for_is_refused(
    engine: Engine, workshop_id: str
) -> None:
    data = b"exercise,kind,text\nWhat matters to me,Gripe,x\nWhat matters to me,Offer,y\n"
    message = _refused(engine, workshop_id, data)
    assert "Row 2: \u201cGripe\u201d is not a kind of contribution." in message
    assert "Row 3: \u201cOffer\u201d is not a kind \u201cWhat matters to me\u201d asks for" in message


def test_an_unknown_participant_is_refused(engine: Engine, workshop_id: str) -> None:
    message = _refused(
        engine, workshop_id, b"exercise,kind,text,participant\nWhat matters to me,Need,x,Bob\n"
    )
    assert "Row 2: there is no participant \u201cBob\u201d in this workshop." in message


def test_a_participant_without_consent_is_refused(engine: Engine, workshop_id: str) -> None:
    data = b"exercise,kind,text,participant\nWhat matters to me,What matters,x,No Consent\n"
    message = _refused(engine, workshop_id, data)
    assert "Row 2: \u201cNo Consent\u201d has no consent recorded" in message


def test_an_empty_text_is_refused(engine: Engine, workshop_id: str) -> None:
    data = b"exercise,kind,text\nWhat matters to me,What matters,Fine\nWhat matters to me,What matters,   \n"
    message = _refused(engine, workshop_id, data)
    assert "Row 3: The contribution is required." in message


def test_a_100000_character_text_is_refused(engine: Engine, workshop_id: str) -> None:
    data = f"exercise,kind,text\nWhat matters to me,What matters,{'a' * 100_000}\n".encode()
    message = _refused(engine, workshop_id, data)
    assert "Row 2: The contribution is too long: 100,000 characters (the limit is 10,000)." in message


def test_too_many_rows_are_refused(engine: Engine, workshop_id: str) -> None:
    rows = "What matters to me,What matters,x\n" * (importer.MAX_ROWS + 1)
    message = _refused(engine, workshop_id, ("exercise,kind,text\n" + rows).encode())
    assert f"Row {importer.MAX_ROWS + 2:,}: the file has more than {importer.MAX_ROWS:,}" in message


def test_a_row_with_extra_cells_is_refused(engine: Engine, workshop_id: str) -> None:
    message = _refused(engine, workshop_id, b"exercise,kind,text\nWhat matters to me,What matters,x,extra\n")
    assert "Row 2: it has 4 cells but the header names 3 columns." in message


def test_an_empty_file_and_a_header_alone_are_refused(engine: Engine, workshop_id: str) -> None:
    assert "Row 1: the file is empty." in _refused(engine, workshop_id, b"")
    assert "no contributions" in _refused(engine, workshop_id, b"exercise,kind,text\n")


def test_every_problem_is_listed_at_once(engine: Engine, workshop_id: str) -> None:
    data = b"exercise,kind,text\nNope,Need,x\nWhat matters to me,Need,\nWhat matters to me,What matters,ok\n"
    message = _refused(engine, workshop_id, data)
    assert "Row 2:" in message and "Row 3:" in message and "Row 4" not in message


def test_the_cli_imports_a_file_and_refuses_a_bad_one(tmp_path: Path) -> None:
    data_dir = str(tmp_path / "cli-data")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--data-dir", data_dir, "demo"]) == 0
    workshop_id = out.getvalue().strip().rsplit(": ", 1)[1]
    good = tmp_path / "paper.csv"
    good.write_text(
        "exercise,kind,text,participant,theme\n"
        "Carers' check,Need,A number to ring at night,Rose,Help at night\n"
        "Offers and pledges,Offer,I can drive people on Tuesdays,,\n",
        encoding="utf-8-sig",
    )
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--data-dir", data_dir, "import", "contributions", workshop_id, str(good)]) == 0
    assert "Imported 2 contributions from paper.csv" in out.getvalue()
    assert "New themes: Help at night" in out.getvalue()
    bad = tmp_path / "bad.csv"
    bad.write_text("exercise,kind,text\nCarers' check,Need,\n", encoding="utf-8")
    err = io.StringIO()
    with redirect_stderr(err):
        assert main(["--data-dir", data_dir, "import", "contributions", workshop_id, str(bad)]) == 2
    assert "Nothing was imported from \u201cbad.csv\u201d" in err.getvalue()
    assert "Row 2: The contribution is required." in err.getvalue()
    from coproduce.paths import DataPaths
    from coproduce.storage.database import open_database

    with open_database(DataPaths(Path(data_dir))) as db:
        rows = contributions.list_contributions(db.engine, workshop_id)
        assert len(rows) == 34 and sum(r.source == "paper" for r in rows) >= 2
        with Session(db.engine) as session:
            assert (
                session.exec(
                    select(func.count())
                    .select_from(Contribution)
                    .where(col(Contribution.text) == "A number to ring at night")
                ).one()
                == 1
            )
