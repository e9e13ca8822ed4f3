"""Tables for workshops and what happens in them.

UUID primary keys as text (workshops move and merge between laptops), UTC timestamps, foreign keys on.
Nothing is deleted from a workshop's history: rows are hidden, withdrawn or archived, and each change is an
event (see ``events.py``). Later features add columns through Alembic migrations.
"""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from coproduce.storage.types import UTCDateTime, utcnow


def new_id() -> str:
    return str(uuid.uuid4())


class Workshop(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    title: str
    place: str = ""
    venue: str = ""
    date: dt.date | None = None
    start_time: dt.time | None = None
    end_time: dt.time | None = None
    question: str = ""
    # "options_open" or "preferred_option" (then preferred_option says which)
    proposal_status: str = "options_open"
    preferred_option: str = ""
    decision_due: dt.date | None = None
    # inform, consult, involve, collaborate, coproduce
    influence: str = "involve"
    notice_given: dt.date | None = None
    # draft, in_progress, closed, signed
    status: str = "draft"
    archived: bool = False
    duplicated_from: str | None = None
    # set when an imported archive disagreed with the local copy: the local workshop it conflicts with
    conflict_of: str | None = None
    origin: str = ""  # where the workshop came from: "" (made here) or an archive's name
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Facilitator(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    position: int = 0
    name: str
    organisation: str = ""
    is_lead: bool = False


class Document(SQLModel, table=True):
    """A document shown to participants: its title and the SHA-256 of the file as shown."""

    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    title: str
    filename: str = ""
    sha256: str
    size_bytes: int = 0
    added_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    removed: bool = False


class Participant(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    number: int  # "Participant 7" when the person is not named in the record
    display_name: str = ""
    pseudonym: str = ""
    anonymous: bool = False
    roles: list[str] = Field(default_factory=list, sa_type=JSON)
    role_other: str = ""
    organisation: str = ""
    access_needs: list[str] = Field(default_factory=list, sa_type=JSON)
    access_notes: str = ""
    removed: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Exercise(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    position: int = 0
    title: str
    principle: int  # 1..6, see coproduce.services.principles
    prompt: str = ""
    easy_read_prompt: str = ""
    guidance: str = ""
    kinds: list[str] = Field(default_factory=list, sa_type=JSON)
    time_box_minutes: int = 15
    template_id: str = ""
    started_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    stopped_at: dt.datetime | None = Field(default=None, sa_type=UTCDateTime)
    seconds_run: int = 0
    hidden: bool = False


class Theme(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    exercise_id: str | None = Field(default=None, foreign_key="exercise.id")
    name: str
    position: int = 0


class Contribution(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    exercise_id: str = Field(foreign_key="exercise.id", index=True)
    participant_id: str | None = Field(default=None, foreign_key="participant.id", index=True)
    kind: str
    text: str
    # facilitator, participant, paper
    source: str = "facilitator"
    theme_id: str | None = Field(default=None, foreign_key="theme.id", index=True)
    duplicate_of: str | None = Field(default=None, foreign_key="contribution.id")
    hidden: bool = False
    hidden_reason: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Setting(SQLModel, table=True):
    """Typed settings stored by key (e.g. the participant-mode PIN hash); values are JSON objects."""

    key: str = Field(primary_key=True)
    value: dict[str, object] = Field(default_factory=dict, sa_type=JSON)
    updated_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SignedRecord(SQLModel, table=True):
    """A record that was exported and signed. Once one exists the workshop is locked; an amendment is a new
    revision whose ``amends_sha256`` is the hash of the record it amends."""

    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    record_id: str = Field(index=True)  # stable across revisions of the same workshop's record
    revision: int = 1
    sha256: str
    amends_sha256: str = ""
    signer: str = ""
    signed_at: dt.datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    file_name: str = ""
    gaps_reason: str = ""
