"""The mail server is unreachable: notices wait and back off, nothing is lost, and each goes
exactly once when the server is back."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from portal.db import utc_now
from portal.extensions import db
from portal.notifications.models import Message, OutboxItem, OutboxStatus
from portal.notifications.worker import run_once
from tests.conftest import make_app
from tests.faults.conftest import Smtp, people_waiting_for_email
from tests.notifications.conftest import Inbox

PEOPLE = 5
FAILED_RUNS = 3


def test_with_smtp_unreachable_notices_back_off_and_each_goes_exactly_once_when_it_returns(sqlite_url):
    """Guarantees: while nothing listens on the SMTP port every run marks each notice for a
    retry with a longer wait, keeps its inbox message, and loses nothing; once a server
    listens there, the next due run delivers each notice exactly once (a refused connection
    hands nothing over, so nothing can be sent twice) and later runs send nothing more."""
    smtp = Smtp(Inbox())  # its port stays closed until the server is started below
    app = make_app(sqlite_url, EMAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=smtp.port, SMTP_TIMEOUT=2)
    addresses = people_waiting_for_email(app, PEOPLE)
    moment = utc_now()
    waits = []
    try:
        with app.app_context():
            for attempt in range(1, FAILED_RUNS + 1):
                report = run_once(db.session, now=moment)
                assert (report.sent, report.retried, report.dead) == (0, PEOPLE, 0)
                items = db.session.exec(select(OutboxItem)).all()
                assert len(items) == PEOPLE
                assert {(item.status, item.attempts, item.last_error, item.claimed_at) for item in items} == {
                    (OutboxStatus.pending, attempt, "smtp_unreachable", None)
                }
                assert run_once(db.session, now=moment).sent == 0, "a notice was retried before its wait was over"
                waits.append(min(item.due_at for item in items) - moment)
                moment = max(item.due_at for item in items) + timedelta(seconds=1)
            assert waits == sorted(waits) and waits[0] < waits[-1], waits
            assert len(db.session.exec(select(Message)).all()) == PEOPLE

            smtp.start()
            report = run_once(db.session, now=moment)
            assert (report.sent, report.retried, report.dead) == (PEOPLE, 0, 0)
            assert run_once(db.session, now=moment + timedelta(days=1)).sent == 0
            items = db.session.exec(select(OutboxItem)).all()
            assert {item.status for item in items} == {OutboxStatus.sent}
            assert all(item.last_error is None and item.provider_reference for item in items)
            assert len(db.session.exec(select(Message)).all()) == PEOPLE
    finally:
        smtp.stop()
        app.extensions["database"].dispose()
    delivered = sorted(address for email in smtp.inbox.messages for address in email["to"])
    assert delivered == sorted(addresses.values())
