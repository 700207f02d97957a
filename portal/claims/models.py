"""Claims against the support a meeting offered, their receipts, and staff decisions."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field

#: Most one claim can be for, in pence.
CLAIM_MAX_PENCE = 50_000
#: Travel claims above this many pence need a receipt; care cover always does.
TRAVEL_RECEIPT_OVER_PENCE = 1_000
#: Largest receipt accepted, in bytes.
RECEIPT_MAX_BYTES = 5 * 1024 * 1024
#: How long after a meeting a claim can still be made.
CLAIM_WINDOW_DAYS = 90


class ClaimKind(enum.StrEnum):
    travel = "travel"
    care_cover = "care_cover"
    payment = "payment"


class ClaimStatus(enum.StrEnum):
    """Where a claim is. `waived`: the person said they would rather not be paid."""

    submitted = "submitted"
    approved = "approved"
    rejected = "rejected"
    waived = "waived"


class Claim(SQLModel, table=True):
    """One person's claim for one kind of support at one meeting."""

    __tablename__ = "claim"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "account_id", "kind"),
        sa.Index("ix_claim_status_created", "status", "created_at"),
    )

    id: uuid.UUID = uuid_field()
    meeting_id: uuid.UUID = Field(foreign_key="meeting.id", ondelete="CASCADE")
    #: Who claimed. None once they deleted their account: an approved claim stays, without
    #: them, as finance's record of money paid out (see `rights.services.delete_account`).
    account_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="CASCADE", index=True)
    kind: ClaimKind = Field(sa_type=sa.Enum(ClaimKind, name="claim_kind"))
    #: Amount in pence; for payment for time, worked out from the meeting's length and the rate.
    amount_pence: int = Field(default=0, ge=0, le=CLAIM_MAX_PENCE)
    #: What it was for, in the person's words ("bus there and back").
    details: str = Field(default="", max_length=500)
    status: ClaimStatus = Field(default=ClaimStatus.submitted, sa_type=sa.Enum(ClaimStatus, name="claim_status"))
    created_at: datetime = timestamp_field()
    decided_at: datetime | None = Field(default=None, sa_type=AwareDateTime(), index=True)
    decided_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    #: Why a claim was turned down, shown to the person.
    decision_note: str = Field(default="", max_length=500)
    #: Set when a community connector made the claim for the person.
    on_behalf_id: uuid.UUID | None = Field(default=None, foreign_key="on_behalf.id", ondelete="SET NULL")


class Receipt(SQLModel, table=True):
    """A photo or PDF of a receipt for a claim (stored in the database, served only to the
    claimant and to staff)."""

    __tablename__ = "claim_receipt"

    claim_id: uuid.UUID = Field(foreign_key="claim.id", primary_key=True, ondelete="CASCADE")
    content_type: str = Field(max_length=40)
    content: bytes = Field(sa_type=sa.LargeBinary())
    uploaded_at: datetime = timestamp_field()
