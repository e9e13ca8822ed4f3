from __future__ import annotations

from sqlalchemy import Engine

from coproduce.services import consent, contributions, exercises, participants, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.services.programme import programme, render_programme_text


def _workshop(engine: Engine, title: str, people: int, principle: int) -> tuple[str, str, list[str]]:
    workshop_id = workshops.create_workshop(engine, "t", title)
    exercise_id = exercises.add_exercise(
        engine, "t", workshop_id, exercises.ExerciseInput("Talk", principle, kinds=["idea"])
    )
    consent.current_statement(engine, "t", workshop_id)
    ids = []
    for n in range(people):
        person = participants.add_participant(
            engine, "t", workshop_id, ParticipantInput(pseudonym=f"P{n}", roles=["carer"])
        )
        consent.record_consent(engine, "t", person, method="on_screen")
        ids.append(person)
    return workshop_id, exercise_id, ids


def test_programme_counts_across_workshops_honouring_hiding_and_withdrawal(engine: Engine) -> None:
    first, ex1, people1 = _workshop(engine, "Carers in Romsey", 4, 4)
    second, ex2, people2 = _workshop(engine, "Carers in Totton", 3, 4)
    for person in people1:
        contributions.add_contribution(engine, "t", ex1, "Respite", "idea", participant_id=person)
    hidden = contributions.add_contribution(engine, "t", ex2, "Off topic", "idea")
    contributions.hide_contribution(engine, "t", hidden, "off topic")
    contributions.add_contribution(engine, "t", ex2, "Parking", "idea", participant_id=people2[0])
    consent.withdraw(engine, "t", people1[0], choice="remove")

    view = programme(engine)

    assert [line.title for line in view.workshops] == ["Carers in Romsey", "Carers in Totton"]
    assert view.by_principle == {first: {4: 3}, second: {4: 1}}
    assert view.principle_totals[4] == 4
    # 7 people, one removed by withdrawal: 6 carers, shown; no small cell
    assert view.participants.cells[0].value == 6
    assert [(c, cell.value) for c, cell in zip(view.roles.categories, view.roles.cells, strict=True)] == [
        ("Carer", 6)
    ]
    text = render_programme_text(view)
    assert "Participants in all: 6" in text and "Carers in Totton" in text


def test_small_numbers_are_suppressed(engine: Engine) -> None:
    _workshop(engine, "Small", 3, 1)
    view = programme(engine)
    assert view.participants.cells[0].value is None
    assert "fewer than 5" in render_programme_text(view)
