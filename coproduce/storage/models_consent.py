"""Tables for the consent ledger, anonymous equality monitoring and population profiles.

Equality answers are deliberately unlinkable: ``EqualityResponse`` has no participant, contribution or time
column, and its key is random, so neither a join nor the order of rows ties an answer to a person.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from coproduce.storage.models import new_id
from coproduce.storage.types import UTCDateTime, utcnow


class ConsentStatement(SQLModel, table=True):
    """One version of the consent wording for a workshop; an edit makes a new version."""

    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    version: int
    text: str
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Consent(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    participant_id: str = Field(foreign_key="participant.id", index=True)
    statement_id: str = Field(foreign_key="consentstatement.id")
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # on_screen, paper, verbal
    method: str
    witness: str = ""
    take_part: bool = True
    be_named: bool = False
    be_contacted: bool = False
    contact_details: str = ""


class Withdrawal(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    participant_id: str = Field(foreign_key="participant.id", index=True)
    withdrawn_on: date
    # keep_anonymous, remove
    choice: str
    note: str = ""
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class EqualityResponse(SQLModel, table=True):
    """An anonymous equality-monitoring form: the answers and the workshop, nothing else."""

    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    answers: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


class PopulationProfile(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    source: str
    rows: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    loaded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
