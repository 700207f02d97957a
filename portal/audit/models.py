"""Audit tables: the entries, and one head row that serialises appends."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import event
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field

GENESIS_HASH = "0" * 64


class AuditEntry(SQLModel, table=True):
    """One line of the log. It names who and what by opaque id only, never by name or text."""

    __tablename__ = "audit_entry"

    #: Position in the chain, from 1 without gaps.
    seq: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    occurred_at: datetime = timestamp_field()
    #: Opaque id of the account (or "system") that acted.
    actor: str = Field(max_length=64)
    #: What was done, as a dotted code such as "settings.update".
    action: str = Field(max_length=64, index=True)
    #: Kind of thing acted on, such as "setting".
    subject_kind: str = Field(max_length=32)
    #: Opaque id of the thing acted on.
    subject: str = Field(max_length=64, index=True)
    #: Hash of the entry before (all zeros for the first).
    prev_hash: str = Field(max_length=64)
    #: SHA-256 over this entry's fields and `prev_hash`.
    entry_hash: str = Field(max_length=64)

    def compute_hash(self) -> str:
        """The hash this entry should carry, given its fields and the previous hash."""
        material = "\x1f".join(
            (
                str(self.seq),
                self.occurred_at.isoformat(),
                self.actor,
                self.action,
                self.subject_kind,
                self.subject,
                self.prev_hash,
            )
        )
        return hashlib.sha256(material.encode()).hexdigest()


class AuditHead(SQLModel, table=True):
    """The chain's newest position and hash; updating this row serialises concurrent appends."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    seq: int = 0
    entry_hash: str = Field(default=GENESIS_HASH, max_length=64)


class AuditLogIsAppendOnly(Exception):
    """Raised when code tries to change or delete an audit entry."""


@event.listens_for(AuditEntry, "before_update")
@event.listens_for(AuditEntry, "before_delete")
def _refuse_change(_mapper, _connection, _target) -> None:
    raise AuditLogIsAppendOnly("audit entries cannot be changed or deleted")
