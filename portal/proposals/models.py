"""Proposals made from ideas, and how people voted on them: open votes (one row per person,
changeable until the vote closes), secret ballots, and tallies counted in the room.

A secret ballot is kept apart from the voter by design: the voter roll says only who voted;
the choice goes into a running count per option. There is no ballot row to join to a voter,
no time on either finer than nothing at all, and the audit log records that a person voted,
never how. The person gets a receipt whose digest (with only the day) shows it was counted.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field
from portal.groups.models import Touchpoint

TITLE_MAX = 160
TEXT_MAX = 4000


class Method(enum.StrEnum):
    """How people answer: support / neutral / have concerns, or one choice among options."""

    support = "support"
    choice = "choice"


class Eligibility(enum.StrEnum):
    """Who may vote: the group's approved members, or every participant (easy to stuff)."""

    group_members = "group_members"
    everyone = "everyone"


class Results(enum.StrEnum):
    """When results are shown: as votes come in, or only once voting has closed."""

    live = "live"
    after_close = "after_close"


#: The answers for the support method, in the order they are shown.
SUPPORT_CHOICES = ("support", "neutral", "concerns")


class Proposal(SQLModel, table=True):
    """Something to decide, made from one or more ideas."""

    __tablename__ = "proposal"
    __table_args__ = (sa.Index("ix_proposal_group_closes", "group_id", "closes_at"),)

    id: uuid.UUID = uuid_field()
    group_id: uuid.UUID | None = Field(default=None, foreign_key="co_group.id", ondelete="SET NULL")
    touchpoint: Touchpoint = Field(default=Touchpoint.other, sa_type=sa.Enum(Touchpoint, name="touchpoint"))
    title: str = Field(max_length=TITLE_MAX)
    #: A plain-language summary, a few sentences.
    summary: str = Field(max_length=1000)
    detail: str = Field(default="", max_length=TEXT_MAX)
    easy_read: str = Field(default="", max_length=TEXT_MAX)
    method: Method = Field(default=Method.support, sa_type=sa.Enum(Method, name="vote_method"))
    eligibility: Eligibility = Field(default=Eligibility.group_members, sa_type=sa.Enum(Eligibility, name="vote_eligibility"))
    secret: bool = False
    results: Results = Field(default=Results.live, sa_type=sa.Enum(Results, name="vote_results"))
    opens_at: datetime = Field(sa_type=AwareDateTime())
    closes_at: datetime = Field(sa_type=AwareDateTime())
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()


class ProposalOption(SQLModel, table=True):
    """One choice, for the choice method."""

    __tablename__ = "proposal_option"

    id: uuid.UUID = uuid_field()
    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", ondelete="CASCADE", index=True)
    label: str = Field(max_length=200)
    position: int = 0


class ProposalIdea(SQLModel, table=True):
    """An idea a proposal was made from (linked both ways)."""

    __tablename__ = "proposal_idea"

    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    idea_id: uuid.UUID = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE", index=True)


class Vote(SQLModel, table=True):
    """An open vote: one per person per proposal (the database refuses a second), changeable
    until voting closes."""

    __tablename__ = "vote"

    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    #: "support", "neutral" or "concerns", or the id of an option.
    choice: str = Field(max_length=36)
    comment: str = Field(default="", max_length=1000)
    #: Set when a community connector voted for the person, who asked them to.
    on_behalf_id: uuid.UUID | None = Field(default=None, foreign_key="on_behalf.id", ondelete="SET NULL")
    updated_at: datetime = timestamp_field()


class VoterRoll(SQLModel, table=True):
    """Who cast a secret ballot (never how): one per person per proposal, no time kept."""

    __tablename__ = "voter_roll"
    __table_args__ = {"sqlite_with_rowid": False}

    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")


class SecretTally(SQLModel, table=True):
    """The running count of secret ballots for one answer: no row per ballot."""

    __tablename__ = "secret_tally"
    __table_args__ = {"sqlite_with_rowid": False}

    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    choice: str = Field(max_length=36, primary_key=True)
    count: int = 0


class FormerMemberVote(SQLModel, table=True):
    """Votes of people who have since deleted their accounts, kept only as a count per answer
    so that results do not change. For a secret ballot the choice is empty: the answer is
    already in the secret tally, and only the place on the voter roll is kept as a number."""

    __tablename__ = "former_member_vote"
    __table_args__ = {"sqlite_with_rowid": False}

    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE")
    #: "support", "neutral" or "concerns", the id of an option, or "" for a secret ballot.
    choice: str = Field(max_length=36, primary_key=True)
    count: int = 0


class BallotReceipt(SQLModel, table=True):
    """Proof a secret ballot was counted: a digest of the code the voter was shown, and the day
    (no finer). It says nothing of the choice or the voter."""

    __tablename__ = "ballot_receipt"
    __table_args__ = {"sqlite_with_rowid": False}

    digest: str = Field(max_length=64, primary_key=True)
    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", ondelete="CASCADE", index=True)
    cast_on: date


class RoomTally(SQLModel, table=True):
    """Votes counted by a facilitator in a meeting, for people without phones."""

    __tablename__ = "room_tally"

    id: uuid.UUID = uuid_field()
    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", ondelete="CASCADE", index=True)
    meeting_id: uuid.UUID | None = Field(default=None, foreign_key="meeting.id", ondelete="SET NULL")
    #: Counts per answer ("support" → 7, or option id → 3).
    counts: dict = Field(default_factory=dict, sa_type=sa.JSON)
    headcount: int = Field(ge=0, le=1000)
    entered_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
