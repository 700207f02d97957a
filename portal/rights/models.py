"""Requests people make about their data (to see it, correct it, delete it or object), logged
so that each is answered within the time the law allows."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field

REQUESTER_MAX = 64
REASON_MAX = 1000


class RequestKind(enum.StrEnum):
    """What the person asked for, as UK GDPR names it."""

    access = "access"
    erasure = "erasure"
    rectification = "rectification"
    objection = "objection"


class RequestStatus(enum.StrEnum):
    """Where a request is up to. Extended and refused always carry their reason."""

    open = "open"
    extended = "extended"
    done = "done"
    refused = "refused"


#: Requests still waiting for an answer.
WAITING = (RequestStatus.open, RequestStatus.extended)


class RightsRequest(SQLModel, table=True):
    """One request about a person's data, from when it arrived to when it was answered."""

    __tablename__ = "rights_request"
    __table_args__ = (sa.Index("ix_rights_request_status_due", "status", "due_on"),)

    id: uuid.UUID = uuid_field()
    kind: RequestKind = Field(sa_type=sa.Enum(RequestKind, name="rights_request_kind"))
    #: The day it arrived; the time limit runs from here.
    received_on: date
    #: One calendar month after it arrived, or three once extended.
    due_on: date
    #: The name they use on this website, as typed; empty when they asked offline and gave none.
    requester: str = Field(default="", max_length=REQUESTER_MAX)
    #: The name folded as account names are, to find these rows when that account is deleted.
    requester_key: str = Field(default="", max_length=REQUESTER_MAX, index=True)
    #: They asked by letter, phone or in person (their details stay in the organisation's own records).
    made_offline: bool = False
    #: Their account was deleted since; the name was removed from this record.
    requester_deleted: bool = False
    status: RequestStatus = Field(default=RequestStatus.open, sa_type=sa.Enum(RequestStatus, name="rights_request_status"))
    #: Why it was extended or refused (required then); shown only to administrators.
    reason: str = Field(default="", max_length=REASON_MAX)
    #: The day it was answered (done or refused).
    closed_on: date | None = None
    logged_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()
