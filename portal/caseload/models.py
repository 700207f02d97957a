"""Quick contact records: the minimum a connector notes after seeing someone."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field


class ContactKind(enum.StrEnum):
    in_person = "in_person"
    phone = "phone"
    message = "message"
    online = "online"


class ContactRecord(SQLModel, table=True):
    """One contact between a connector and a person they support. Names no real identity."""

    __tablename__ = "contact_record"
    __table_args__ = (sa.Index("ix_contact_record_person_date", "person_id", "contact_date"),)

    id: uuid.UUID = uuid_field()
    person_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE")
    connector_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    contact_date: date
    kind: ContactKind = Field(sa_type=sa.Enum(ContactKind, name="contact_kind"))
    venue: str = Field(default="", max_length=200)
    support_given: str = Field(default="", max_length=300)
    follow_up_needed: bool = False
    follow_up: str = Field(default="", max_length=300)
    created_at: datetime = timestamp_field()


class OnBehalf(SQLModel, table=True):
    """One contribution a connector made for a person who asked them to, under the person's
    standing consent. Claims now, and ideas and votes later, point at one of these."""

    __tablename__ = "on_behalf"

    id: uuid.UUID = uuid_field()
    person_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE", index=True)
    connector_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    #: The consent in force when it was done.
    consent_id: uuid.UUID | None = Field(default=None, foreign_key="consent.id", ondelete="SET NULL")
    #: What was done, such as "claims.submit".
    action: str = Field(max_length=40)
    created_at: datetime = timestamp_field()
