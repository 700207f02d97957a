"""SQLite writers take turns on a lock file shared by every worker: a session holds the turn
from its first write until its transaction ends, threads of one process share it, and
waiting for it is bounded."""

from __future__ import annotations

import threading
import time
import uuid

from portal.changes.models import Change
from portal.extensions import db
from portal.web.models import UsedFormToken
from portal.write_turns import WriteTurns, turns_for


def _database_path(app) -> str:
    return app.extensions["database"].url.database


def test_one_writer_at_a_time_and_the_next_goes_as_soon_as_the_first_is_done(tmp_path):
    # Two holders with their own open files stand for two worker processes.
    first, second = WriteTurns(str(tmp_path / "portal.sqlite3")), WriteTurns(str(tmp_path / "portal.sqlite3"))
    assert first.take()
    started = time.monotonic()
    assert not second.take(wait=0.05)
    assert time.monotonic() - started >= 0.05
    taken = []
    waiter = threading.Thread(target=lambda: taken.append((second.take(wait=5), time.monotonic())))
    waiter.start()
    time.sleep(0.1)
    released = time.monotonic()
    first.give_back()
    waiter.join(5)
    assert taken and taken[0][0] and taken[0][1] - released < 0.05
    second.give_back()


def test_the_turn_is_shared_within_a_process_and_let_go_by_its_last_holder(tmp_path):
    mine, other = WriteTurns(str(tmp_path / "db")), WriteTurns(str(tmp_path / "db"))
    assert mine.take()
    shared = []
    thread = threading.Thread(target=lambda: shared.append(mine.take(wait=0)))
    thread.start()
    thread.join(5)
    assert shared == [True], "another thread of the same process never waits"
    mine.give_back()
    assert not other.take(wait=0.01), "still held by the outer holder"
    mine.give_back()
    assert other.take(wait=0.01)
    other.give_back()


def test_a_session_holds_the_turn_from_its_first_write_until_commit_or_rollback(app):
    other = WriteTurns(_database_path(app))
    with app.app_context():
        session = db.session
        assert turns_for(session.get_bind()) is not None
        session.get(Change, uuid.uuid4())  # reading takes no turn
        assert other.take(wait=0.01)
        other.give_back()
        for token, end in (("a", session.commit), ("b", session.rollback)):
            session.add(UsedFormToken(token=token * 20))
            session.flush()
            assert not other.take(wait=0.01), "held from the first write"
            end()
            assert other.take(wait=0.01), f"given back at {end.__name__}"
            other.give_back()


def test_postgresql_and_memory_databases_take_no_turns(db_app):
    with db_app.app_context():
        expected = db_app.config["DATABASE_URL"].startswith("sqlite:///")
        assert (turns_for(db.session.get_bind()) is not None) == expected
