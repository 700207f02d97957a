"""Meetings of a group (never "sessions": that word means signing in), who is coming, who came."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field

TEXT_MAX = 1000


class MeetingFormat(enum.StrEnum):
    in_person = "in_person"
    online = "online"


class Reply(enum.StrEnum):
    """What a member said about coming."""

    yes = "yes"
    no = "no"


class Rung(enum.StrEnum):
    """The ladder of co-production: how much power people had in an activity, from none to an
    equal share."""

    coercion = "coercion"
    educating = "educating"
    informing = "informing"
    consultation = "consultation"
    engagement = "engagement"
    co_design = "co_design"
    co_production = "co_production"


class MeetingBase(SQLModel):
    """What facilitators write about a meeting."""

    starts_at: datetime = Field(sa_type=AwareDateTime())
    ends_at: datetime = Field(sa_type=AwareDateTime())
    format: MeetingFormat = Field(default=MeetingFormat.in_person, sa_type=sa.Enum(MeetingFormat, name="meeting_format"))
    venue: str = Field(default="", max_length=200)
    address: str = Field(default="", max_length=300)
    #: How to join online (shown only to members).
    online_details: str = Field(default="", max_length=500)
    step_free: bool = False
    hearing_loop: bool = False
    accessible_toilet: bool = False
    near_public_transport: bool = False
    #: Languages spoken and interpreters booked, in plain words.
    languages: str = Field(default="", max_length=200)
    #: Most people who can come (None: no limit).
    capacity: int | None = Field(default=None, ge=1, le=500)
    offers_interpreter: bool = False
    offers_travel: bool = False
    offers_care_cover: bool = False
    offers_payment: bool = False
    notes: str = Field(default="", max_length=TEXT_MAX)
    #: Where the meeting stood on the ladder of co-production (None: not said).
    rung: Rung | None = Field(default=None, sa_type=sa.Enum(Rung, name="ladder_rung"))


class Meeting(MeetingBase, table=True):
    """A meeting of a group."""

    __tablename__ = "meeting"
    __table_args__ = (sa.Index("ix_meeting_group_starts", "group_id", "starts_at"),)

    id: uuid.UUID = uuid_field()
    group_id: uuid.UUID = Field(foreign_key="co_group.id", ondelete="CASCADE")
    created_at: datetime = timestamp_field()
    cancelled_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: When reminders went out, so they go once.
    reminded_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: People there without an account, counted by the facilitator.
    headcount_without_account: int = Field(default=0, ge=0, le=1000)
    attendance_recorded_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class MeetingCreate(MeetingBase):
    """A meeting as submitted, validated before it becomes a row."""


class MeetingReply(SQLModel, table=True):
    """A member's answer to "will you come?"; one per member per meeting."""

    __tablename__ = "meeting_reply"

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    reply: Reply = Field(sa_type=sa.Enum(Reply, name="meeting_reply_kind"))
    replied_at: datetime = timestamp_field()


class Attendance(SQLModel, table=True):
    """A member who was at a meeting, and the support they were given."""

    __tablename__ = "attendance"

    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    had_interpreter: bool = False
    had_travel: bool = False
    had_care_cover: bool = False
    was_paid: bool = False
    recorded_at: datetime = timestamp_field()
