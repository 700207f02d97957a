"""SQLite writers take turns on a lock file, so a burst of writes is served in order.

SQLite lets one connection write at a time. A writer that finds the database busy sleeps and
tries again, with sleeps that grow to 100 ms; meanwhile newcomers that happen to arrive just as
the lock frees get in first. Under a burst (everyone voting as a meeting ends) most writes are
quick but a few wait many times longer than the writes ahead of them.

Here a session takes the turn before its first write and gives it back when its transaction
ends, and waiting writers look again every fraction of a millisecond, so each write waits
about as long as the writes ahead of it take. The turn is a `flock` on a file beside the
database, shared by every worker process; threads within one process share it, so a second
session there never waits for the first. Waiting is bounded: after the database's own busy
timeout the write goes ahead and SQLite's locking decides, as it always does. The turn is only about order, never about correctness.
PostgreSQL locks rows, not the database, and needs none of this.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Session

#: Longest wait for the turn, in seconds: the busy timeout SQLite connections are given.
WAIT_SECONDS = 15.0
_FIRST_PAUSE, _LONGEST_PAUSE = 0.0002, 0.002
_HELD = "write_turn"


class WriteTurns:
    """The turn to write to one SQLite database file, shared across processes.

    Within one process the turn is shared: threads there never wait for each other (a test's
    own session and a page served from a thread of the same process may both write, and
    SQLite's locking orders them as always). The lock is let go when its last holder in the
    process gives it back."""

    def __init__(self, database_path: str) -> None:
        self.path = f"{database_path}-writers.lock"
        self._fd: int | None = None
        self._holders = 0
        self._guard = threading.Lock()
        os.register_at_fork(after_in_child=self._forget_after_fork)

    def _forget_after_fork(self) -> None:
        # A child shares the parent's open file, and so its lock: it opens its own.
        self._fd, self._holders, self._guard = None, 0, threading.Lock()

    def take(self, wait: float = WAIT_SECONDS) -> bool:
        """Wait for the turn (at most `wait` seconds); True when it was taken."""
        deadline = time.monotonic() + wait
        pause = _FIRST_PAUSE
        while True:
            with self._guard:
                if self._holders:
                    self._holders += 1
                    return True
                if self._fd is None:
                    self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
                try:
                    fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    pass
                else:
                    self._holders = 1
                    return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(pause)
            pause = min(pause * 2, _LONGEST_PAUSE)

    def give_back(self) -> None:
        """Give the turn back; the process lets the lock go when its last holder has."""
        with self._guard:
            if not self._holders:
                return
            self._holders -= 1
            if not self._holders:
                fcntl.flock(self._fd, fcntl.LOCK_UN)


_TURNS: dict[str, WriteTurns] = {}
_TURNS_LOCK = threading.Lock()


def turns_for(bind) -> WriteTurns | None:
    """The turns for a SQLite file database, or None (PostgreSQL, SQLite in memory)."""
    engine = getattr(bind, "engine", bind)
    if not isinstance(engine, sa.Engine) or engine.dialect.name != "sqlite":
        return None
    path = engine.url.database
    if not path or path == ":memory:":
        return None
    path = os.path.abspath(path)
    with _TURNS_LOCK:
        if path not in _TURNS:
            _TURNS[path] = WriteTurns(path)
        return _TURNS[path]


def _take_turn(session: Session) -> None:
    if _HELD in session.info:
        return
    turns = turns_for(session.get_bind())
    if turns is not None and turns.take():
        session.info[_HELD] = turns


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, _context, _instances) -> None:
    _take_turn(session)


@event.listens_for(Session, "do_orm_execute")
def _before_statement(state) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _take_turn(state.session)


@event.listens_for(Session, "after_transaction_end")
def _give_back(session: Session, transaction) -> None:
    if transaction.parent is None and (turns := session.info.pop(_HELD, None)) is not None:
        turns.give_back()
