"""Reading the audit log: checking the chain is whole, and pages of entries for admins.

The log itself holds only opaque ids; the names shown beside them come from the account
table, read in one query per page.
"""

from __future__ import annotations

import enum
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.accounts import names
from portal.accounts.models import Account
from portal.audit.models import GENESIS_HASH, AuditEntry, AuditHead

BATCH = 2000


class Problem(enum.StrEnum):
    """Why the chain does not hold at a place."""

    #: Entries are missing from the middle of the chain.
    removed = "removed"
    #: An entry does not carry the hash of the one before it.
    unlinked = "unlinked"
    #: An entry's fields no longer give the hash it was written with.
    changed = "changed"
    #: The chain ends before its head row says it should, or the head row was changed.
    truncated = "truncated"


@dataclass(frozen=True)
class ChainBreak:
    """A place where the chain does not hold, and why."""

    seq: int
    problem: str
    kind: Problem
    #: For removed entries: the last missing position (`seq` is the first).
    until: int | None = None


@dataclass(frozen=True)
class ChainReport:
    """The result of walking the whole chain."""

    count: int
    #: The newest entry found, if any.
    last_seq: int | None
    last_at: datetime | None
    #: The position the head row says is newest.
    head_seq: int
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks

    @property
    def first_break(self) -> ChainBreak | None:
        return min(self.breaks, key=lambda item: item.seq) if self.breaks else None


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


def check_chain(session: Session) -> ChainReport:
    """Walk the whole log from the first entry; report how far it goes and every break."""
    breaks: list[ChainBreak] = []
    expected_seq, prev_hash, count, last_at = 1, GENESIS_HASH, 0, None
    for entry in _entries(session):
        count += 1
        if entry.seq != expected_seq:
            breaks.append(
                ChainBreak(expected_seq, f"entries {expected_seq}–{entry.seq - 1} are missing", Problem.removed, entry.seq - 1)
            )
        if entry.prev_hash != prev_hash:
            breaks.append(ChainBreak(entry.seq, "does not link to the entry before", Problem.unlinked))
        if entry.compute_hash() != entry.entry_hash:
            breaks.append(ChainBreak(entry.seq, "its contents were changed after it was written", Problem.changed))
        expected_seq, prev_hash, last_at = entry.seq + 1, entry.entry_hash, entry.occurred_at
    head = session.get(AuditHead, 1)
    head_seq, head_hash = (head.seq, head.entry_hash) if head else (0, GENESIS_HASH)
    if head_seq != expected_seq - 1 or head_hash != prev_hash:
        breaks.append(ChainBreak(head_seq, "the newest entries were removed or the head was changed", Problem.truncated))
    return ChainReport(count, expected_seq - 1 if count else None, last_at, head_seq, breaks)


def verify_chain(session: Session) -> tuple[int, list[ChainBreak]]:
    """Walk the whole log; return how many entries were checked and every break found."""
    report = check_chain(session)
    return report.count, report.breaks


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to show; every part is optional and they all must match."""

    action: str | None = None
    #: An area such as "accounts": every action whose code starts "accounts.".
    area: str | None = None
    #: The opaque id of the account that acted.
    actor: str | None = None
    subject_kind: str | None = None
    subject: str | None = None
    #: From this moment (inclusive) to `until` (exclusive).
    since: datetime | None = None
    until: datetime | None = None

    def conditions(self) -> list:
        found = []
        if self.action:
            found.append(AuditEntry.action == self.action)
        if self.area:
            found.append(AuditEntry.action.startswith(f"{self.area}.", autoescape=True))
        if self.actor:
            found.append(AuditEntry.actor == self.actor)
        if self.subject_kind:
            found.append(AuditEntry.subject_kind == self.subject_kind)
        if self.subject:
            found.append(AuditEntry.subject == self.subject)
        if self.since:
            found.append(AuditEntry.occurred_at >= self.since)
        if self.until:
            found.append(AuditEntry.occurred_at < self.until)
        return found


@dataclass(frozen=True)
class EntryPage:
    """Entries newest first, with the positions to page on from (None: nothing that way)."""

    entries: list[AuditEntry]
    #: Show entries newer than this position.
    newer_than: int | None
    #: Show entries older than this position.
    older_than: int | None


def entry_page(session: Session, wanted: EntryFilter, *, before: int | None = None, after: int | None = None, per_page: int = 50) -> EntryPage:
    """One page of matching entries, newest first, by position in the chain (two queries).

    `before` shows the page older than that position, `after` the page newer than it,
    neither the newest page. Positions only grow, so a page never shifts as entries arrive.
    """
    where = wanted.conditions()
    if after is not None:
        rows = session.exec(
            select(AuditEntry).where(AuditEntry.seq > after, *where).order_by(AuditEntry.seq).limit(per_page + 1)
        ).all()
        entries = list(reversed(rows[:per_page]))
        newer = len(rows) > per_page
        older = _any(session, [AuditEntry.seq <= after, *where])
        return EntryPage(entries, entries[0].seq if newer else None, (entries[-1].seq if entries else after + 1) if older else None)
    query = select(AuditEntry).where(*where)
    if before is not None:
        query = query.where(AuditEntry.seq < before)
    rows = session.exec(query.order_by(AuditEntry.seq.desc()).limit(per_page + 1)).all()
    entries = list(rows[:per_page])
    older = len(rows) > per_page
    newer = before is not None and _any(session, [AuditEntry.seq >= before, *where])
    return EntryPage(entries, (entries[0].seq if entries else before - 1) if newer else None, entries[-1].seq if older else None)


def _any(session: Session, where: list) -> bool:
    return session.execute(sa.select(sa.exists().where(*where))).scalar_one()


def entries_for_export(session: Session, wanted: EntryFilter) -> Iterator[list[AuditEntry]]:
    """Every matching entry, newest first, in batches (so names can be read a batch at a time)."""
    last = None
    while True:
        query = select(AuditEntry).where(*wanted.conditions())
        if last is not None:
            query = query.where(AuditEntry.seq < last)
        batch = session.exec(query.order_by(AuditEntry.seq.desc()).limit(BATCH)).all()
        if not batch:
            return
        yield list(batch)
        last = batch[-1].seq


def matching_count(session: Session, wanted: EntryFilter) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(AuditEntry).where(*wanted.conditions())).scalar_one()


class Vocabulary:
    """The action codes and kinds of thing the log holds, for the filters' lists.

    Kept per app and topped up from the entries after the last one read: the log only ever
    grows, so reading the whole of it once per process is enough, and each page view after
    that reads only what is new (one query on the primary key).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._read_to = 0
        self._actions: set[str] = set()
        self._kinds: set[str] = set()

    def read(self, session: Session) -> tuple[list[str], list[str]]:
        """Every action code and every kind of thing, each in order."""
        rows = session.execute(
            sa.select(AuditEntry.action, AuditEntry.subject_kind, sa.func.max(AuditEntry.seq))
            .where(AuditEntry.seq > self._read_to)
            .group_by(AuditEntry.action, AuditEntry.subject_kind)
        ).all()
        with self._lock:
            for action, kind, last in rows:
                self._actions.add(action)
                self._kinds.add(kind)
                self._read_to = max(self._read_to, last)
            return sorted(self._actions), sorted(self._kinds)


def account_id_named(session: Session, pseudonym: str) -> uuid.UUID | None:
    """The account whose name folds to the same form as `pseudonym`, if there is one."""
    return session.exec(select(Account.id).where(Account.pseudonym_key == names.key(names.normalise(pseudonym)))).first()


def pseudonyms(session: Session, actors: Iterable[str]) -> dict[str, str]:
    """The names of the accounts among `actors` (opaque ids), read in one query."""
    ids = set()
    for actor in actors:
        try:
            ids.add(uuid.UUID(hex=actor))
        except ValueError:
            continue
    if not ids:
        return {}
    return {account_id.hex: name for account_id, name in session.execute(sa.select(Account.id, Account.pseudonym).where(Account.id.in_(ids)))}
