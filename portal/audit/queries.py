"""Reading the audit log: checking the chain is whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlmodel import Session, select

from portal.audit.models import GENESIS_HASH, AuditEntry, AuditHead

BATCH = 2000


@dataclass(frozen=True)
class ChainBreak:
    """A place where the chain does not hold, and why."""

    seq: int
    problem: str


def _entries(session: Session) -> Iterator[AuditEntry]:
    last = 0
    while True:
        batch = session.exec(
            select(AuditEntry).where(AuditEntry.seq > last).order_by(AuditEntry.seq).limit(BATCH)
        ).all()
        if not batch:
            return
        yield from batch
        last = batch[-1].seq


def verify_chain(session: Session) -> tuple[int, list[ChainBreak]]:
    """Walk the whole log; return how many entries were checked and every break found."""
    breaks: list[ChainBreak] = []
    expected_seq, prev_hash, count = 1, GENESIS_HASH, 0
    for entry in _entries(session):
        count += 1
        if entry.seq != expected_seq:
            breaks.append(ChainBreak(expected_seq, f"entries {expected_seq}–{entry.seq - 1} are missing"))
        if entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.seq, "does not link to the entry before"))
        if entry.compute_hash() != entry.entry_hash:
            breaks.append(ChainBreak(entry.seq, "its contents were changed after it was written"))
        expected_seq, prev_hash = entry.seq + 1, entry.entry_hash
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        breaks.append(ChainBreak(head_seq, "the newest entries were removed or the head was changed"))
    return count, breaks
