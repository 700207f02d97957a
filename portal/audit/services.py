"""Writing to the audit log."""

from __future__ import annotations

import re
import uuid

import sqlalchemy as sa
from sqlmodel import Session

from portal.audit.models import AuditEntry, AuditHead
from portal.db import utc_now

SYSTEM_ACTOR = "system"
_ACTION = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
_OPAQUE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _opaque(value: str | uuid.UUID) -> str:
    text = value.hex if isinstance(value, uuid.UUID) else str(value)
    if not _OPAQUE.match(text):
        raise ValueError("audit ids must be opaque identifiers, not names or free text")
    return text


def record(
    session: Session,
    *,
    action: str,
    subject_kind: str,
    subject: str | uuid.UUID,
    actor: str | uuid.UUID = SYSTEM_ACTOR,
) -> AuditEntry:
    """Append an entry in the caller's transaction; it commits or rolls back with the write."""
    if not _ACTION.match(action) or not _ACTION.match(f"x.{subject_kind}"):
        raise ValueError(f"not an audit code: {action!r} / {subject_kind!r}")
    # Bumping the head row first takes a write lock (a row lock on PostgreSQL, the database
    # lock on SQLite) that holds until commit, so two appends can never share a position.
    # Plain table statements: the ORM's bookkeeping for an UPDATE or INSERT (matching rows in
    # the identity map, ordering a flush) is work every audited request would pay for nothing.
    head = AuditHead.__table__
    bumped = session.execute(
        sa.update(head).where(head.c.id == 1).values(seq=head.c.seq + 1).returning(head.c.seq, head.c.entry_hash)
    ).one()
    seq, prev_hash = bumped
    entry = AuditEntry(
        seq=seq,
        occurred_at=utc_now(),
        actor=_opaque(actor),
        action=action,
        subject_kind=subject_kind,
        subject=_opaque(subject),
        prev_hash=prev_hash,
        entry_hash="",
    )
    entry.entry_hash = entry.compute_hash()
    session.execute(sa.insert(AuditEntry.__table__).values(**{column.name: getattr(entry, column.name) for column in AuditEntry.__table__.columns}))
    session.execute(sa.update(head).where(head.c.id == 1).values(entry_hash=entry.entry_hash))
    session.flush()
    return entry
