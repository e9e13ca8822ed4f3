"""The demo workshop's anonymous equality monitoring forms (ten of the twelve people filled one in) and
its population profile (the shipped Census 2021 figures for England and Wales)."""

from __future__ import annotations

from sqlalchemy import Engine

from coproduce.services import equality, reach_room

ACTOR = "demo"

_KEYS = (
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
)
P = equality.PREFER_NOT
_W, _A, _B = (
    "White",
    "Asian, Asian British or Asian Welsh",
    "Black, Black British, Black Welsh, Caribbean or African",
)
_NEVER, _WED = "Never married and never registered a civil partnership", "Married"
_STRAIGHT = "Straight or heterosexual"

# One tuple per form, answers in the order of _KEYS ("" = left blank).
FORMS: tuple[tuple[str, ...], ...] = (
    ("75 to 84", "Yes, a little", "Yes", "Widowed or surviving civil partnership partner", "No", _W,
     "Christian", "Female", _STRAIGHT, "Yes, 50 or more hours a week", "SO16"),
    ("35 to 49", "No", "Yes", _WED, "No", _W, "No religion", "Male", _STRAIGHT, "No", "SO14"),
    ("65 to 74", "Yes, a lot", "Yes", _WED, "No", _W, "Christian", "Female", P,
     "Yes, 35 to 49 hours a week", "SO16"),
    ("35 to 49", "No", "Yes", _WED, "No", _A, "Muslim", "Female", _STRAIGHT, "Yes, 10 to 19 hours a week",
     "SO14"),
    ("50 to 64", "No", "Yes", "Divorced or civil partnership dissolved", "No", _W, "No religion", "Male",
     _STRAIGHT, "No", "SO15"),
    ("25 to 34", "No", "Yes", _NEVER, "Yes, pregnant", _A, "Hindu", "Female", _STRAIGHT, "No", "SO17"),
    ("65 to 74", "Yes, a little", "Yes", _WED, "No", _W, "Christian", "Female", _STRAIGHT, "No", "SO18"),
    ("16 to 24", "No", P, _NEVER, "No", _B, "Christian", "Male", "Bisexual", "No", "SO17"),
    ("65 to 74", "Yes, a lot", "Yes", _WED, "No", P, P, "Female", P, "Yes, 20 to 34 hours a week", ""),
    ("85 and over", "Yes, a lot", "", "Widowed or surviving civil partnership partner", "", _W, "Christian",
     "Male", "", "No", "SO15"),
)  # fmt: skip


def add_demo_equality(engine: Engine, workshop_id: str) -> None:
    for form in FORMS:
        equality.submit_response(engine, workshop_id, dict(zip(_KEYS, form, strict=True)))
    reach_room.load_default_profile(engine, ACTOR, workshop_id)
