"""Co-production groups and who is in them."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field

NAME_MAX = 120
TEXT_MAX = 2000


class Touchpoint(enum.StrEnum):
    """Where on the way through a service something happens."""

    referral = "referral"
    first_contact = "first_contact"
    assessment = "assessment"
    follow_up = "follow_up"
    discharge = "discharge"
    other = "other"


class JoinPolicy(enum.StrEnum):
    """How people join a group."""

    open = "open"
    request = "request"
    invitation = "invitation"


class Moderation(enum.StrEnum):
    """Whether a group's ideas are read before they are shown (pre) or after (post)."""

    pre = "pre"
    post = "post"


class MemberRole(enum.StrEnum):
    member = "member"
    facilitator = "facilitator"


class MemberStatus(enum.StrEnum):
    requested = "requested"
    active = "active"


class GroupBase(SQLModel):
    """What staff write about a group."""

    name: str = Field(min_length=3, max_length=NAME_MAX)
    #: The service or pathway the group works on, in plain words.
    pathway: str = Field(min_length=3, max_length=NAME_MAX)
    #: Touchpoint values this group works on.
    touchpoints: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    description: str = Field(min_length=1, max_length=TEXT_MAX)
    #: Languages spoken at the group, in their own names (free text, e.g. "Sylheti").
    languages: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    join_policy: JoinPolicy = Field(default=JoinPolicy.request, sa_type=sa.Enum(JoinPolicy, name="join_policy"))
    #: A sensitive group's name never appears in titles, calendar files, emails or texts.
    sensitive: bool = False
    moderation: Moderation = Field(default=Moderation.pre, sa_type=sa.Enum(Moderation, name="moderation"))
    # "What to expect": the first-contact standard, shown before joining.
    who_runs_it: str = Field(default="", max_length=TEXT_MAX)
    what_happens: str = Field(default="", max_length=TEXT_MAX)
    how_information_is_used: str = Field(default="", max_length=TEXT_MAX)
    adjustments: str = Field(default="", max_length=TEXT_MAX)
    #: The same, in easy read.
    easy_read: str = Field(default="", max_length=TEXT_MAX)


class Group(GroupBase, table=True):
    """A co-production group."""

    __tablename__ = "co_group"

    id: uuid.UUID = uuid_field()
    created_at: datetime = timestamp_field(index=True)


class GroupCreate(GroupBase):
    """A group as staff submit it, validated before it becomes a row."""


class Membership(SQLModel, table=True):
    """One person in one group, as member or facilitator, requested or active."""

    __tablename__ = "membership"

    group_id: uuid.UUID = Field(foreign_key="co_group.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    role: MemberRole = Field(default=MemberRole.member, sa_type=sa.Enum(MemberRole, name="member_role"))
    status: MemberStatus = Field(default=MemberStatus.active, sa_type=sa.Enum(MemberStatus, name="member_status"))
    requested_at: datetime = timestamp_field()
    joined_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class Invitation(SQLModel, table=True):
    """A single-use code a facilitator hands out so someone can join an invitation-only group."""

    __tablename__ = "group_invitation"

    id: uuid.UUID = uuid_field()
    group_id: uuid.UUID = Field(foreign_key="co_group.id", ondelete="CASCADE", index=True)
    #: SHA-256 of the code (the code itself is shown once, never stored).
    code_digest: str = Field(max_length=64, unique=True)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    expires_at: datetime = Field(sa_type=AwareDateTime())
    used_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    used_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")


class AdjustmentRequest(SQLModel, table=True):
    """What someone needs to take part (a quieter room, an interpreter), sent to the facilitators."""

    __tablename__ = "adjustment_request"

    id: uuid.UUID = uuid_field()
    group_id: uuid.UUID = Field(foreign_key="co_group.id", ondelete="CASCADE", index=True)
    account_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE")
    text: str = Field(min_length=1, max_length=1000)
    created_at: datetime = timestamp_field()
    handled_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
