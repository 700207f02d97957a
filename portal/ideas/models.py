"""Ideas and feedback: what happened, what should change, and where each one is up to."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field
from portal.groups.models import Touchpoint

TEXT_MAX = 3000


class IdeaStatus(enum.StrEnum):
    """Where an idea is up to. `held`: kept back while a safeguarding lead looks at it."""

    awaiting_translation = "awaiting_translation"
    awaiting_moderation = "awaiting_moderation"
    published = "published"
    changes_requested = "changes_requested"
    hidden = "hidden"
    held = "held"


class HideReason(enum.StrEnum):
    """Why a moderator hid an idea or asked for a change; the author reads it in their language."""

    personal_details = "personal_details"
    not_respectful = "not_respectful"
    off_topic = "off_topic"
    duplicate = "duplicate"
    other = "other"


class ReportReason(enum.StrEnum):
    """Why a participant reported an idea."""

    personal_details = "personal_details"
    not_respectful = "not_respectful"
    false = "false"
    spam = "spam"
    other = "other"


class IdeaBase(SQLModel):
    """What a person writes."""

    touchpoint: Touchpoint = Field(default=Touchpoint.other, sa_type=sa.Enum(Touchpoint, name="touchpoint"))
    what_happened: str = Field(default="", max_length=TEXT_MAX)
    what_should_change: str = Field(default="", max_length=TEXT_MAX)
    #: The language it is written in (a portal language code, or "other").
    language: str = Field(max_length=8)
    #: Shown as "anonymous" to everyone but moderators and safeguarding leads.
    anonymous: bool = False
    #: The person said it is about their own care (they are shown PALS and complaints).
    about_own_care: bool = False


class Idea(IdeaBase, table=True):
    """An idea or feedback, linked to its author even when shown as anonymous."""

    __tablename__ = "idea"
    __table_args__ = (
        sa.Index("ix_idea_status_created", "status", "created_at"),
        # The published lists, newest first: all ideas, and one group's.
        sa.Index("ix_idea_status_published", "status", "published_at"),
        sa.Index("ix_idea_group_status_published", "group_id", "status", "published_at"),
    )

    id: uuid.UUID = uuid_field()
    author_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    group_id: uuid.UUID | None = Field(default=None, foreign_key="co_group.id", ondelete="SET NULL", index=True)
    status: IdeaStatus = Field(default=IdeaStatus.awaiting_moderation, sa_type=sa.Enum(IdeaStatus, name="idea_status"))
    #: Set when a community connector shared it for the person.
    on_behalf_id: uuid.UUID | None = Field(default=None, foreign_key="on_behalf.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    published_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: A human English translation, kept beside the original, for moderators.
    english_what_happened: str = Field(default="", max_length=TEXT_MAX)
    english_what_should_change: str = Field(default="", max_length=TEXT_MAX)
    translated_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    #: Kinds of personal detail found in it ("phone", "email", "nhs_number", "postcode").
    personal_details: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    #: "This happened to me too", counted.
    same_here_count: int = 0


class IdeaEvent(SQLModel, table=True):
    """One step in an idea's history, shown to its author under "My contributions"."""

    __tablename__ = "idea_event"

    id: uuid.UUID = uuid_field()
    idea_id: uuid.UUID = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    status: IdeaStatus = Field(sa_type=sa.Enum(IdeaStatus, name="idea_status"))
    #: Why (for hiding or asking for changes), shown to the author in their language.
    reason: HideReason | None = Field(default=None, sa_type=sa.Enum(HideReason, name="hide_reason"))
    #: Anything the moderator added, in their own words.
    note: str = Field(default="", max_length=500)
    #: Who moved it (None for the person themselves, or the portal).
    actor_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()


class IdeaReport(SQLModel, table=True):
    """A participant's report of a published idea; enough of them hide it until reviewed."""

    __tablename__ = "idea_report"

    idea_id: uuid.UUID = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    reporter_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    reason: ReportReason = Field(sa_type=sa.Enum(ReportReason, name="report_reason"))
    created_at: datetime = timestamp_field()
    #: Set when a moderator has looked at the idea since.
    reviewed_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class SameHere(SQLModel, table=True):
    """"This happened to me too": one per person per idea."""

    __tablename__ = "idea_same_here"

    idea_id: uuid.UUID = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    created_at: datetime = timestamp_field()


class IdeaReply(SQLModel, table=True):
    """A reply from staff or a facilitator, shown under the idea."""

    __tablename__ = "idea_reply"

    id: uuid.UUID = uuid_field()
    idea_id: uuid.UUID = Field(foreign_key="idea.id", ondelete="CASCADE", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    text: str = Field(min_length=1, max_length=2000)
    created_at: datetime = timestamp_field()
