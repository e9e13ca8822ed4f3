"""The room against the population: counts from the anonymous forms, loaded profiles, the role mix."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import consent, demo, equality, participants, reach_room, workshops
from coproduce.services.participants import ParticipantInput
from coproduce.services.reach import Flag, parse_population_csv


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    return workshops.create_workshop(engine, "t", "Reach in Romsey")


def test_answers_count_under_their_own_group_or_the_broader_one() -> None:
    profile = parse_population_csv(
        "dimension,group,share_percent,note\n"
        "age,65 and over,18.6,\n"
        "Age,16 to 24,11.0,\n"  # dimension names match whatever their case
        "caring responsibility,Provides unpaid care,8.9,\n"
        "sex,Female,51.0,\n",
        "test",
    )
    forms = [
        {"age": "75 to 84", "caring": "Yes, 50 or more hours a week", "sex": "Female"},
        {"age": "85 and over", "caring": "No", "sex": equality.PREFER_NOT},
        {"age": "16 to 24", "caring": equality.PREFER_NOT},
        {},
    ]
    counts, totals = reach_room.room_counts(forms, profile)
    assert counts["age"] == {"65 and over": 2, "16 to 24": 1}
    # "Age" lists no "65 and over": those answers count in its total only, under their own names
    assert counts["Age"] == {"75 to 84": 1, "85 and over": 1, "16 to 24": 1}
    assert counts["caring responsibility"] == {"Provides unpaid care": 1, "No": 1}
    assert totals == {"age": 3, "Age": 3, "caring responsibility": 2, "sex": 1}


def test_the_shipped_profile_is_used_until_another_is_loaded(
    engine: Engine, workshop_id: str, tmp_path: Path
) -> None:
    shipped = reach_room.active_profile(engine, workshop_id)
    assert "Census 2021" in shipped.source_name and "Open Government Licence" in shipped.source_name
    assert shipped.share("ethnic group", "White") == pytest.approx(81.7)

    path = tmp_path / "southampton.csv"
    path.write_text(
        "dimension,group,share_percent,note\nethnic group,White,68.1,usual residents\n", encoding="utf-8"
    )
    reach_room.load_profile_file(engine, "t", workshop_id, path, "ONS Census 2021, Southampton")
    loaded = reach_room.active_profile(engine, workshop_id)
    assert loaded.source_name == "ONS Census 2021, Southampton"
    assert loaded.share("ethnic group", "White") == pytest.approx(68.1)

    bad = tmp_path / "bad.csv"
    bad.write_text("dimension,group,share_percent,note\nsex,Female,lots,\n", encoding="utf-8")
    with pytest.raises(ValidationError, match="line 2"):
        reach_room.load_profile_file(engine, "t", workshop_id, bad)
    binary = tmp_path / "sheet.xlsx"
    binary.write_bytes(b"PK\x03\x04\xff\xfe\x00")
    with pytest.raises(ValidationError, match="UTF-8"):
        reach_room.load_profile_file(engine, "t", workshop_id, binary)
    assert reach_room.active_profile(engine, workshop_id) == loaded  # a bad file changes nothing


def test_missing_roles_are_flagged_by_principle(engine: Engine, workshop_id: str) -> None:
    consent.current_statement(engine, "t", workshop_id)
    for name, roles in (("A", ["staff"]), ("B", ["service_user", "resident"]), ("C", ["councillor"])):
        participants.add_participant(
            engine, "t", workshop_id, ParticipantInput(display_name=name, roles=roles)
        )
    report = reach_room.reach_report(engine, workshop_id)
    assert [g.principles for g in report.gaps] == [(4,), (5,), (5,), (6,)]
    text = reach_room.render_report_text(report)
    assert "No carers are in the room (principle 4" in text
    assert "No volunteers are in the room (principle 6" in text
    assert "No housing representative" in text and "(VCSE) representative is in the room" in text
    assert "people who use services" not in text.split("Who is not in the room:")[1]
    by_role = dict(report.roles)
    assert by_role["carer"].value == 0 and by_role["staff"].value is None  # 1 person: "fewer than 5"


def test_the_demo_has_forms_a_profile_and_every_role(engine: Engine) -> None:
    workshop_id = demo.create_demo(engine)
    assert len(equality.responses(engine, workshop_id)) == 10
    report = reach_room.reach_report(engine, workshop_id)
    assert "Census 2021" in report.profile.source_name
    assert report.gaps == ()
    flags = {(r.dimension, r.group): r.flag for r in report.rows}
    assert flags[("ethnic group", "Mixed or Multiple ethnic groups")] is Flag.MISSING
    assert flags[("age", "65 and over")] is Flag.OK
    text = reach_room.render_report_text(report)
    assert "MISSING: nobody in the room" in text and "Every role the principles ask for" in text
