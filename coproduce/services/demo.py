"""A realistic demo workshop, so that a newcomer sees a full workshop at once.

A Southampton engagement on the future of urgent care: a dozen people of mixed roles, consent recorded,
one exercise per principle and contributions across all six, some in the languages people in the city write.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import Engine

from coproduce.services import consent, contributions, documents, exercises, participants, workshops
from coproduce.services.demo_decisions import add_demo_decisions
from coproduce.services.demo_equality import add_demo_equality
from coproduce.services.demo_exercises import add_demo_runs
from coproduce.services.participants import ParticipantInput

ACTOR = "demo"

PEOPLE: list[tuple[ParticipantInput, str, bool]] = [
    # (who, how they consented, may be named)
    (
        ParticipantInput(
            display_name="Margaret Ellis", roles=["carer", "resident"], access_needs=["large_print"]
        ),
        "paper",
        True,
    ),
    (ParticipantInput(display_name="Tomasz Nowak", roles=["service_user", "resident"]), "on_screen", True),
    (ParticipantInput(pseudonym="Rose", roles=["carer"]), "verbal", False),
    (
        ParticipantInput(
            display_name="Amina Rahman",
            roles=["vcse"],
            organisation="Southampton Women's Network",
            access_needs=["interpreter"],
            access_notes="Bengali interpreter",
        ),
        "on_screen",
        True,
    ),
    (
        ParticipantInput(display_name="David Okafor", roles=["housing"], organisation="Solent Housing Trust"),
        "on_screen",
        True,
    ),
    (
        ParticipantInput(display_name="Priya Shah", roles=["staff"], organisation="Solent NHS Trust"),
        "paper",
        True,
    ),
    (ParticipantInput(display_name="Cllr Jean Hart", roles=["councillor"]), "paper", True),
    (
        ParticipantInput(
            display_name="Bilal Hussain",
            roles=["volunteer", "resident"],
            organisation="Portswood Community Cafe",
        ),
        "on_screen",
        True,
    ),
    (ParticipantInput(anonymous=True, roles=["service_user"], access_needs=["hearing_loop"]), "paper", False),
    (
        ParticipantInput(
            display_name="Sue Barker", roles=["carer", "volunteer"], organisation="Carers in Southampton"
        ),
        "on_screen",
        True,
    ),
    (ParticipantInput(pseudonym="Ken", roles=["resident"], access_needs=["step_free"]), "verbal", False),
    (
        ParticipantInput(
            display_name="Helen Moore", roles=["commissioner"], organisation="Hampshire and Isle of Wight ICB"
        ),
        "paper",
        True,
    ),
]

# exercise template -> [(person index or None, kind, text)]
CONTRIBUTIONS: dict[str, list[tuple[int | None, str, str]]] = {
    "what-matters-to-me": [
        (
            0,
            "what_matters",
            "Being seen the same day when my husband's breathing gets worse, without a 4-hour wait.",
        ),
        (
            1,
            "what_doesnt",
            "I phoned 111 twice and was told to go to A&E anyway. The walk-in centre was quicker.",
        ),
        (2, "what_works", "The pharmacist on Shirley High Street knows us and sorts small things fast."),
        (
            8,
            "what_doesnt",
            "Nobody tells you how long the wait will be, so you can't plan care for the kids.",
        ),
        (10, "what_matters", "Somewhere I can get to by bus from Weston without changing twice."),
        (3, "what_matters", "আমার মা ইংরেজি বলেন না; দোভাষী ছাড়া তিনি কিছু বুঝতে পারেন না।"),
        (None, "what_works", "The GP extended-hours slots on Saturday morning are really helpful."),
    ],
    "ideas-and-priorities": [
        (1, "idea", "Keep a walk-in service in the city centre, open evenings and weekends."),
        (4, "idea", "Run an urgent treatment clinic in the community hub at Townhill Park two days a week."),
        (7, "idea", "Text people their place in the queue so they can wait at home or in the cafe."),
        (
            5,
            "concern",
            "Staffing a second site would take nurses away from the main urgent treatment centre.",
        ),
        (6, "idea", "Publish the waiting times for every urgent care site on one web page and on posters."),
        (None, "idea", "Online booking for urgent slots, with a phone line for people who can't use it."),
    ],
    "who-is-not-in-the-room": [
        (3, "missing_group", "Bangladeshi and Somali women: meetings in the evening clash with family care."),
        (7, "missing_group", "Students from the university, who use walk-in services the most."),
        (4, "barrier", "People in temporary accommodation don't see posters or letters."),
        (9, "idea", "Come to the carers' coffee morning instead of asking carers to come to you."),
        (11, "missing_group", "Gypsy, Roma and Traveller families on the Millbrook site."),
        (3, "barrier", "ہمیں معلومات اردو میں بھی چاہئیں، صرف انگریزی میں نہیں۔"),
    ],
    "carers-check": [
        (0, "need", "Someone to sit with my husband so I can go to my own appointments."),
        (2, "need", "Carers should be asked before a patient is sent home at night."),
        (9, "what_doesnt", "The carer's passport isn't recognised at the urgent treatment centre."),
        (9, "idea", "A carers' line that goes straight to a nurse who can see the care plan."),
    ],
    "community-assets-map": [
        (
            4,
            "asset",
            "Solent Housing Trust tenancy officers visit every block weekly and could share information.",
        ),
        (3, "asset", "Southampton Women's Network runs a Tuesday drop-in with Bengali and Urdu speakers."),
        (7, "asset", "Portswood Community Cafe has a quiet room and free wifi people could wait in."),
        (5, "asset", "The community pharmacy network can see minor illness without an appointment."),
        (11, "need", "VCSE partners need funding for interpreters to play this role."),
    ],
    "offers-and-pledges": [
        (7, "offer", "Our volunteers can help people book and get to appointments on Saturdays."),
        (9, "offer", "Carers in Southampton will host a follow-up session at our coffee morning."),
        (1, "offer", "Dzięki za spotkanie — I can help translate the leaflet into Polish."),
        (7, "need", "Volunteer drivers need their mileage paid and a DBS check."),
    ],
}


def create_demo(engine: Engine) -> str:
    """Create the demo workshop; returns its id."""
    workshop_id = workshops.create_workshop(
        engine,
        ACTOR,
        "The future of urgent care in Southampton",
        place="Southampton",
        venue="Central Hall, St Mary Street",
        date=dt.date(2026, 11, 14),
        start_time=dt.time(10, 0),
        end_time=dt.time(13, 0),
        question=(
            "How should urgent care be provided in Southampton once the Bitterne walk-in centre's contract "
            "ends in 2027? The options include keeping a walk-in service, moving to booked urgent "
            "appointments through NHS 111, and a community hub model."
        ),
        proposal_status="options_open",
        decision_due=dt.date(2027, 3, 31),
        influence="involve",
        notice_given=dt.date(2026, 10, 24),
        status="in_progress",
    )
    workshops.set_facilitators(
        engine,
        ACTOR,
        workshop_id,
        [
            workshops.FacilitatorInput("Sarah Collins", "Healthwatch Southampton", is_lead=True),
            workshops.FacilitatorInput("Imran Malik", "Hampshire and Isle of Wight ICB"),
        ],
    )
    for title, name in (
        ("Urgent care options appraisal (draft v3)", "urgent-care-options-v3.pdf"),
        ("Walk-in centre activity data 2024–2026", "walk-in-activity.xlsx"),
        ("Easy Read summary of the options", "options-easy-read.pdf"),
    ):
        digest = hashlib.sha256(f"coproduce demo document: {title}".encode()).hexdigest()
        documents.add_document_record(
            engine, ACTOR, workshop_id, title, digest, filename=name, size_bytes=48_213
        )
    consent.current_statement(engine, ACTOR, workshop_id)
    people: list[str] = []
    for data, method, named in PEOPLE:
        person_id = participants.add_participant(engine, ACTOR, workshop_id, data)
        consent.record_consent(
            engine,
            ACTOR,
            person_id,
            method=method,
            witness="Imran Malik" if method == "verbal" else "",
            be_named=named,
            be_contacted=named and method == "on_screen",
            contact_details="via the facilitator" if named and method == "on_screen" else "",
        )
        people.append(person_id)
    for template_id, items in CONTRIBUTIONS.items():
        exercise_id = exercises.add_exercise(engine, ACTOR, workshop_id, exercises.from_template(template_id))
        for person, kind, text in items:
            contributions.add_contribution(
                engine,
                ACTOR,
                exercise_id,
                text,
                kind,
                participant_id=people[person] if person is not None else None,
                source="facilitator" if person is None or person % 3 else "paper",
            )
    add_demo_runs(engine, workshop_id)  # when each exercise ran, and themes (services/demo_exercises.py)
    add_demo_equality(engine, workshop_id)  # anonymous forms and the population profile
    add_demo_decisions(engine, workshop_id)  # keep last: gives outcomes to every input made above
    return workshop_id
