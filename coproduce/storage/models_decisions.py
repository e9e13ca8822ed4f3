"""Tables for votes, decisions, the links from a decision to what informed it, and outcomes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from coproduce.storage.models import new_id
from coproduce.storage.types import UTCDateTime, utcnow


class Vote(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    exercise_id: str | None = Field(default=None, foreign_key="exercise.id")
    title: str
    # dots, ranking, approval, consent
    method: str
    allowance: int = 3  # dots per person, for dot voting
    proposal: str = ""  # for a consent round
    # open, closed
    status: str = "open"
    shown_order: list[str] = Field(default_factory=list, sa_type=JSON)
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class VoteOption(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    vote_id: str = Field(foreign_key="vote.id", index=True)
    position: int = 0
    label: str
    contribution_id: str | None = Field(default=None, foreign_key="contribution.id")
    theme_id: str | None = Field(default=None, foreign_key="theme.id")


class Ballot(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    vote_id: str = Field(foreign_key="vote.id", index=True)
    participant_id: str | None = Field(default=None, foreign_key="participant.id")
    paper: bool = False
    content: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    cast_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Decision(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    position: int = 0
    statement: str
    rationale: str = ""
    decided_by: str = ""
    decided_by_role: str = ""
    decided_on: date | None = None
    # consensus, broad_agreement, majority, divided, no_agreement
    agreement: str = ""
    dissent: str = ""
    divergence_reason: str = ""
    # draft, final
    status: str = "draft"
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class DecisionLink(SQLModel, table=True):
    """An explicit link from a decision to an input that informed it (a contribution, theme or vote)."""

    id: str = Field(default_factory=new_id, primary_key=True)
    decision_id: str = Field(foreign_key="decision.id", index=True)
    # contribution, theme, vote
    target_kind: str
    target_id: str = Field(index=True)


class DecisionAction(SQLModel, table=True):
    id: str = Field(default_factory=new_id, primary_key=True)
    decision_id: str = Field(foreign_key="decision.id", index=True)
    description: str
    owner: str = ""
    due: date | None = None


class Outcome(SQLModel, table=True):
    """ "You said, we did": what became of a contribution or theme."""

    id: str = Field(default_factory=new_id, primary_key=True)
    workshop_id: str = Field(foreign_key="workshop.id", index=True)
    # contribution, theme
    target_kind: str
    target_id: str = Field(index=True)
    # adopted, adopted_with_changes, not_adopted, out_of_scope, to_consider
    outcome: str = "to_consider"
    reason: str = ""
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
