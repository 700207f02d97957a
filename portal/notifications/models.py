"""Inbox messages, the outbox that delivers them, and each person's choices."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field


class Channel(enum.StrEnum):
    """Ways a message can reach a person besides the inbox."""

    email = "email"
    sms = "sms"
    connector = "connector"


class Frequency(enum.StrEnum):
    """How often email, text and connector notices are sent."""

    immediately = "immediately"
    daily = "daily"
    weekly = "weekly"


class OutboxStatus(enum.StrEnum):
    """Where a delivery is: waiting, being sent, done, or given up on (an admin can retry)."""

    pending = "pending"
    sending = "sending"
    sent = "sent"
    dead = "dead"
    cancelled = "cancelled"


class Message(SQLModel, table=True):
    """One inbox message. It stores the kind and facts, never text: it is written out in the
    reader's language each time it is shown."""

    __tablename__ = "message"
    __table_args__ = (sa.Index("ix_message_recipient_created", "recipient_id", "created_at"),)

    id: uuid.UUID = uuid_field()
    recipient_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE")
    #: A registered kind, such as "accounts.password_changed".
    kind: str = Field(max_length=64)
    #: Values the kind's template fills in (numbers, names of things), never free text from others.
    context: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    #: Path on this site the message is about.
    link: str = Field(default="", max_length=300)
    created_at: datetime = timestamp_field()
    read_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class OutboxItem(SQLModel, table=True):
    """A delivery waiting to go out by email, text or a connector, written with its event."""

    __tablename__ = "outbox_item"
    __table_args__ = (sa.Index("ix_outbox_item_due", "status", "due_at"),)

    id: uuid.UUID = uuid_field()
    message_id: uuid.UUID = Field(foreign_key="message.id", ondelete="CASCADE", index=True)
    recipient_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE", index=True)
    channel: Channel = Field(sa_type=sa.Enum(Channel, name="outbox_channel"))
    status: OutboxStatus = Field(default=OutboxStatus.pending, sa_type=sa.Enum(OutboxStatus, name="outbox_status"))
    #: True when this delivery may wait for the person's daily or weekly digest.
    in_digest: bool = False
    #: Not to be sent before this time (the digest time, or the next retry).
    due_at: datetime = timestamp_field()
    attempts: int = 0
    #: When a worker marked it as being sent; a stale mark means that worker died.
    claimed_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: What went wrong last, as a short code (never an address or message text).
    last_error: str | None = Field(default=None, max_length=80)
    #: The provider's id for the delivery, once sent.
    provider_reference: str | None = Field(default=None, max_length=100)
    created_at: datetime = timestamp_field()
    sent_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class NotificationPreference(SQLModel, table=True):
    """How a person wants to hear about new messages (the inbox always gets them)."""

    __tablename__ = "notification_preference"

    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    email: bool = False
    sms: bool = False
    connector: bool = False
    #: The community connector who passes messages on, when the person chose one.
    connector_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    frequency: Frequency = Field(default=Frequency.daily, sa_type=sa.Enum(Frequency, name="notification_frequency"))
