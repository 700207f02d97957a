"""A notification worker killed with SIGKILL part-way through: a second run delivers every
notice, and the only possible repeat is the one in flight, under the same Message-ID."""

from __future__ import annotations

import email as email_parser
import os
import signal
import subprocess
import time
import uuid
from collections import Counter
from email import policy as email_policy

import pytest
import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from portal import migrate
from portal.db import make_engine
from tests.conftest import make_app
from tests.faults.conftest import ROOT, SECRET_KEY, VENV, SlowInbox, Smtp, flask_command, people_waiting_for_email, portal_environment

PEOPLE = 30
#: Seconds the SMTP server keeps each email before answering it.
SLOW = 0.15
KILL_AFTER = 8


@pytest.fixture(params=["sqlite", "postgresql"])
def worker_database(request) -> str:
    """A migrated database on SQLite, then on the private PostgreSQL cluster."""
    if request.param == "sqlite":
        return request.getfixturevalue("sqlite_url")
    url = request.getfixturevalue("private_postgres").create_database(f"worker_{uuid.uuid4().hex[:8]}")
    engine = make_engine(url)
    migrate.upgrade(engine)
    engine.dispose()
    return url


def _outbox(url: str) -> list[tuple[str, str]]:
    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT recipient_id, status FROM outbox_item")).all()
    engine.dispose()
    return [(uuid.UUID(str(recipient)).hex, status) for recipient, status in rows]


def test_a_worker_killed_mid_run_leaves_nothing_undelivered_and_repeats_at_most_the_one_in_flight(worker_database):
    """Guarantee: at-least-once delivery with an idempotency key. The worker marks a notice as
    being sent before handing it to the mail server and records it as sent afterwards, so a
    worker killed in between leaves exactly that notice marked; once its lease lapses the next
    run sends it again. So every notice arrives, at most the one in flight arrives twice, and
    both copies carry the same Message-ID (made from the outbox id) for mail systems to drop
    the repeat. Nothing stays marked as being sent for ever."""
    started = time.monotonic()
    smtp = Smtp(SlowInbox(SLOW))
    smtp.start()
    app = make_app(worker_database, SECRET_KEY=SECRET_KEY)
    addresses = people_waiting_for_email(app, PEOPLE)
    app.extensions["database"].dispose()
    mail = {"EMAIL_BACKEND": "smtp", "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(smtp.port), "SMTP_TIMEOUT": "5"}
    try:
        worker = subprocess.Popen(
            [str(VENV / "flask"), "--app", "wsgi", "notifications", "send"], cwd=ROOT,
            env=portal_environment(worker_database, **mail, OUTBOX_LEASE_SECONDS="600"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 30
        while len(smtp.inbox.messages) < KILL_AFTER and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.01)
        assert worker.poll() is None, "the worker finished before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
        at_kill = Counter(status for _recipient, status in _outbox(worker_database))
        assert at_kill["sending"] <= 1 and at_kill["pending"] > 0, at_kill

        flask_command(portal_environment(worker_database, **mail, OUTBOX_LEASE_SECONDS="600"), "notifications", "send", timeout=60)
        assert Counter(status for _recipient, status in _outbox(worker_database))["sending"] == at_kill["sending"], (
            "a notice another worker may still be sending was taken before its lease lapsed"
        )
        time.sleep(1.1)
        flask_command(portal_environment(worker_database, **mail, OUTBOX_LEASE_SECONDS="1"), "notifications", "send", timeout=60)
    finally:
        smtp.stop()

    assert {status for _recipient, status in _outbox(worker_database)} == {"sent"}
    received = [email_parser.message_from_string(found["data"], policy=email_policy.default) for found in smtp.inbox.messages]
    copies = Counter(str(message["To"]) for message in received)
    assert set(copies) == set(addresses.values()), "a notice was never delivered"
    repeated = [address for address, count in copies.items() if count > 1]
    assert len(repeated) <= at_kill["sending"] and all(copies[address] == 2 for address in repeated), copies
    for address in repeated:
        assert len({message["Message-ID"] for message in received if str(message["To"]) == address}) == 1
    assert len({message["Message-ID"] for message in received}) == PEOPLE
    assert time.monotonic() - started < 90
