"""Generated workshops of a chosen size, written the way the app writes them (rows plus chained events).

Workshop, people, consent and exercises go through the services; the contributions through the CSV import's
bulk path (``importer.bulk_add_contributions``), which writes the same rows and hash-chained events as
``add_contribution`` one by one, only faster.
"""

from __future__ import annotations

import random

from sqlalchemy import Engine

from coproduce.services import consent, exercises, participants, workshops
from coproduce.services.importer import bulk_add_contributions
from coproduce.services.participants import ParticipantInput
from coproduce.services.unit import writing

SAMPLES = [
    "The walk-in centre was quicker than phoning 111 and waiting for a call back.",
    "Carers need to be asked before the person they care for is sent home at night.",
    "Publish the waiting times for every site so people can choose where to go.",
    "Buses from Weston do not run after seven, so evening clinics are out of reach.",
    "A carers' line that goes straight to a nurse who can see the care plan.",
    "ہمیں معلومات اردو میں بھی چاہئیں، صرف انگریزی میں نہیں۔",
    "আমার মা ইংরেজি বলেন না; দোভাষী ছাড়া তিনি কিছু বুঝতে পারেন না।",
    "Dzięki za spotkanie — pomogę przetłumaczyć ulotkę na polski.",
    "我们需要中文的信息和翻译服务。",
    "ਸਾਨੂੰ ਪੰਜਾਬੀ ਵਿੱਚ ਜਾਣਕਾਰੀ ਚਾਹੀਦੀ ਹੈ।",
]


def make_workshop(engine: Engine, contributions: int, *, seed: int = 7, people: int = 30) -> str:
    """A workshop with six exercises, ``people`` consenting participants and ``contributions`` inputs, one in
    ten of them in a script other than Latin."""
    rng = random.Random(seed)
    workshop_id = workshops.create_workshop(
        engine,
        "bench",
        f"Benchmark workshop ({contributions:,})",
        place="Southampton",
        question="How should urgent care work?",
    )
    workshops.set_facilitators(
        engine, "bench", workshop_id, [workshops.FacilitatorInput("Bench Lead", "Bench")]
    )
    consent.current_statement(engine, "bench", workshop_id)
    ids = []
    roles = ["carer", "resident", "service_user", "vcse", "volunteer", "housing", "staff"]
    for n in range(people):
        pid = participants.add_participant(
            engine,
            "bench",
            workshop_id,
            ParticipantInput(display_name=f"Person {n + 1}", roles=[roles[n % len(roles)]]),
        )
        consent.record_consent(engine, "bench", pid, method="paper", be_named=n % 2 == 0)
        ids.append(pid)
    exercise_ids = []
    for template_id in (
        "what-matters-to-me",
        "ideas-and-priorities",
        "who-is-not-in-the-room",
        "carers-check",
        "community-assets-map",
        "offers-and-pledges",
    ):
        exercise_ids.append(
            exercises.add_exercise(engine, "bench", workshop_id, exercises.from_template(template_id))
        )
    kinds = {e.id: e.kinds for e in exercises.list_exercises(engine, workshop_id)}
    items = []
    for n in range(contributions):
        exercise_id = exercise_ids[n % len(exercise_ids)]
        items.append(
            {
                "exercise_id": exercise_id,
                "kind": kinds[exercise_id][n % len(kinds[exercise_id])],
                "text": SAMPLES[5 + n % 5] if n % 10 == 9 else SAMPLES[n % 5] + f" ({n + 1})",
                "participant_id": rng.choice(ids) if n % 3 else None,
                "source": "facilitator",
            }
        )
    for start in range(0, len(items), 20_000):  # the CSV import's bulk path: same rows, same chained events
        with writing(engine) as session:
            bulk_add_contributions(session, "bench", workshop_id, items[start : start + 20_000])
    return workshop_id
