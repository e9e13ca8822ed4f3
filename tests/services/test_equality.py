"""Anonymous equality monitoring: the questions, storing a form, unlinkability, and the suppressed report."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session, select

from coproduce.errors import ValidationError, WorkshopLockedError
from coproduce.services import consent, contributions, equality, exercises, participants, workshops
from coproduce.services.equality import NOT_ANSWERED, OTHER_AREAS, PREFER_NOT, QUESTIONS
from coproduce.services.participants import ParticipantInput
from coproduce.services.suppression import Cell, Status
from coproduce.storage.events import Event
from coproduce.storage.models import Workshop
from coproduce.storage.models_consent import EqualityResponse


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    return workshops.create_workshop(engine, "t", "Equality in Eastleigh")


def test_the_form_asks_the_nine_characteristics_caring_and_postcode_with_prefer_not_to_say() -> None:
    keys = [q.key for q in QUESTIONS]
    assert keys == [
        "age",
        "disability",
        "gender_reassignment",
        "marriage_civil_partnership",
        "pregnancy_maternity",
        "ethnic_group",
        "religion_belief",
        "sex",
        "sexual_orientation",
        "caring",
        "postcode_district",
    ]
    for q in QUESTIONS[:-1]:
        assert q.options[-1] == PREFER_NOT and len(q.options) >= 3, q.key
        assert equality.question_title(q.key) != q.key and equality.question_text(q.key)
    assert all(q.census for q in QUESTIONS if q.key not in ("pregnancy_maternity", "postcode_district"))
    ethnic = equality.question("ethnic_group").options
    assert "Asian, Asian British or Asian Welsh" in ethnic and "Mixed or Multiple ethnic groups" in ethnic


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("so14 0yg", "SO14"), ("SO140YG", "SO14"), (" m1 ", "M1"), ("EC1A 1BB", "EC1A"), ("", "")],
)
def test_only_the_first_half_of_a_postcode_is_kept(typed: str, stored: str) -> None:
    assert equality.clean_postcode_district(typed) == stored


def test_bad_answers_are_refused(engine: Engine, workshop_id: str) -> None:
    with pytest.raises(ValidationError, match="first half of a UK postcode"):
        equality.submit_response(engine, workshop_id, {"postcode_district": "Southampton"})
    with pytest.raises(ValidationError, match="not an answer"):
        equality.submit_response(engine, workshop_id, {"sex": "Robot"})
    with pytest.raises(ValidationError, match="not an equality monitoring question"):
        equality.submit_response(engine, workshop_id, {"participant": "7"})
    assert equality.responses(engine, workshop_id) == []


def test_a_form_stores_the_workshop_and_the_answers_and_nothing_else(
    engine: Engine, workshop_id: str
) -> None:
    with Session(engine) as session:
        events_before = len(session.exec(select(Event)).all())
    equality.submit_response(
        engine,
        workshop_id,
        {"age": "35 to 49", "sex": "", "postcode_district": "so14 0yg", "caring": PREFER_NOT},
    )
    [row] = equality.responses(engine, workshop_id)
    assert row == {"age": "35 to 49", "postcode_district": "SO14", "caring": PREFER_NOT}  # blanks dropped
    with Session(engine) as session:
        [stored] = session.exec(select(EqualityResponse)).all()
        assert set(stored.model_dump()) == {"id", "workshop_id", "answers"}
        # no event: its time and sequence number could be lined up with when people spoke
        events = session.exec(select(Event)).all()
        assert len(events) == events_before
        assert stored.id not in json.dumps([e.model_dump(mode="json") for e in events])


def test_no_query_can_link_an_answer_to_a_person_or_what_they_said(engine: Engine, workshop_id: str) -> None:
    """The schema has nothing to join on, and the row order does not follow the order of handing in."""
    consent.current_statement(engine, "t", workshop_id)
    exercise = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    person = participants.add_participant(engine, "t", workshop_id, ParticipantInput(pseudonym="Kit"))
    consent.record_consent(engine, "t", person, method="paper")
    districts = [f"SO{n}" for n in range(10, 50)]
    for district in districts:  # interleaved with contributions, as in a real room
        contributions.add_contribution(
            engine, "t", exercise, f"said in {district}", "need", participant_id=person
        )
        equality.submit_response(engine, workshop_id, {"postcode_district": district})

    with engine.connect() as conn:
        columns = {r[1]: r for r in conn.execute(text("PRAGMA table_info(equalityresponse)"))}
        foreign = list(conn.execute(text("PRAGMA foreign_key_list(equalityresponse)")))
        tables = [r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))]
        other_columns = {
            t: {r[1] for r in conn.execute(text(f"PRAGMA table_info('{t}')"))}
            for t in tables
            if t != "equalityresponse"
        }
        by_rowid = [
            json.loads(r[0])["postcode_district"]
            for r in conn.execute(text("SELECT answers FROM equalityresponse ORDER BY rowid"))
        ]
        by_id = [
            json.loads(r[0])["postcode_district"]
            for r in conn.execute(text("SELECT answers FROM equalityresponse ORDER BY id"))
        ]
        ids = [r[0] for r in conn.execute(text("SELECT id FROM equalityresponse"))]
        anywhere = [
            (t, c)
            for t, cols in other_columns.items()
            for c in cols
            for i in ids[:5]
            if conn.execute(
                text(f'SELECT 1 FROM "{t}" WHERE CAST("{c}" AS TEXT) LIKE :i'), {"i": f"%{i}%"}
            ).first()
        ]
    assert set(columns) == {"id", "workshop_id", "answers"}
    forbidden = ("participant", "contribution", "time", "_at", "date", "seq", "number", "order", "position")
    assert not [c for c in columns if any(word in c for word in forbidden)]
    assert [(f[2], f[3], f[4]) for f in foreign] == [("workshop", "workshop_id", "id")]
    # the only columns it shares with any other table are its own key and the workshop
    for table, cols in other_columns.items():
        assert set(columns) & cols <= {"id", "workshop_id"}, table
    assert anywhere == []  # no answer's id is referred to by any other row (events included)
    # neither the rowid nor the id follows the order in which forms were handed in
    assert sorted(by_rowid) == sorted(districts) and by_rowid != districts
    assert by_id != districts
    # and reading back gives a fresh random order each time
    first, second = (
        [f["postcode_district"] for f in equality.responses(engine, workshop_id)] for _ in range(2)
    )
    assert sorted(first) == sorted(districts) and (first != districts or second != districts)
    assert first != second


def test_forms_cannot_be_added_to_a_signed_workshop(engine: Engine, workshop_id: str) -> None:
    with Session(engine) as session:
        w = session.get(Workshop, workshop_id)
        assert w is not None
        w.status = "signed"
        session.add(w)
        session.commit()
    with pytest.raises(WorkshopLockedError):
        equality.submit_response(engine, workshop_id, {"sex": "Female"})


# --- the aggregate report --------------------------------------------------------------------------------


def _question(report: equality.EqualityReport, key: str) -> dict[str, Cell]:
    q = next(q for q in report.questions if q.key == key)
    return {**dict(zip(q.answers, q.cells, strict=True)), "Total": q.total}


def test_counts_under_five_are_hidden_and_a_second_cell_too_where_the_total_would_give_it_away() -> None:
    forms = [{"sex": "Female", "age": "65 to 74"}] * 6 + [{"sex": "Male", "age": "35 to 49"}] * 2
    forms += [{"sex": PREFER_NOT, "age": "35 to 49"}] * 5
    report = equality.report_from(forms)
    assert report.forms.value == 13
    sex = _question(report, "sex")
    # Male is 2 (primary); with Female, Prefer not and the total shown, 2 = 13 - 6 - 5: so the smallest
    # shown non-zero cell is hidden too (secondary).
    assert sex["Male"].status is Status.PRIMARY and sex["Male"].value is None
    assert sex[PREFER_NOT].status is Status.SECONDARY and sex[PREFER_NOT].value is None
    assert (sex["Female"].value, sex[NOT_ANSWERED].value, sex["Total"].value) == (6, 0, 13)
    age = _question(report, "age")
    assert (age["65 to 74"].value, age["35 to 49"].value, age["Under 16"].value) == (6, 7, 0)
    text = equality.render_equality_text(report)
    assert "hidden" in text and "fewer than 5" in text  # the footnote explains "hidden"
    assert "Male               hidden" in text and " 2\n" not in text


def test_a_handful_of_forms_reveals_no_count_at_all() -> None:
    report = equality.report_from([{"sex": "Female"}, {"sex": "Male"}, {"sex": "Female"}])
    assert report.forms.value is None
    for q in report.questions:
        assert all(c.value in (None, 0) for c in (*q.cells, q.total)), q.key
    assert "Forms handed in: fewer than 5" in equality.render_equality_text(report)


def test_a_small_postcode_district_is_not_even_named() -> None:
    forms = [{"postcode_district": "SO14"}] * 6 + [{"postcode_district": "SO99"}] * 1
    forms += [{"postcode_district": "SO16"}] * 3 + [{}] * 5
    q = _question(equality.report_from(forms), "postcode_district")
    assert "SO99" not in q and "SO16" not in q
    assert q["SO14"].value == 6 and q[OTHER_AREAS].status is Status.PRIMARY  # 4 people, together
    # 4 = 15 - 6 - 0 - 5 could be worked out, so the smallest shown non-zero cell is hidden too (a zero
    # reveals nobody, stays shown, and is never the one picked)
    assert q[NOT_ANSWERED].status is Status.SECONDARY and q[PREFER_NOT].value == 0
