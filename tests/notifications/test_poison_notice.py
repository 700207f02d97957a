"""A notice whose delivery kills its worker every time: each claim counts as an attempt, so
after the last one it is set aside for an admin instead of being taken again for ever, and
everything else still goes out."""

from datetime import timedelta

import pytest
from sqlmodel import select

from portal.db import utc_now
from portal.extensions import db
from portal.notifications import channels, services
from portal.notifications.models import OutboxItem, OutboxStatus
from portal.notifications.worker import WORKER_DIED, run_once
from tests.conftest import make_app
from tests.factories import make_account
from tests.notifications.test_outbox import send, with_contacts

ATTEMPTS = 3
POISON = "poison@example.org"


class WorkerKilled(BaseException):
    """Stands for the process dying mid-delivery: nothing after it in the run happens."""


@pytest.fixture
def worker_app(database_url):
    """The portal on SQLite, then on PostgreSQL, allowing few attempts."""
    app = make_app(database_url, OUTBOX_MAX_ATTEMPTS=ATTEMPTS)
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def handed_over(monkeypatch) -> list[str]:
    """The addresses each email was handed over for; the poison one kills the worker."""
    addresses: list[str] = []

    def send_email(notice):
        addresses.append(notice.to)
        if notice.to == POISON:
            raise WorkerKilled
        return f"ref-{len(addresses)}"

    monkeypatch.setattr(channels, "send_email", send_email)
    return addresses


def person_waiting(app, address):
    person = make_account(app)
    with_contacts(app, person, email=address)
    send(app, person)
    return person


def item_for(app, person) -> OutboxItem:
    with app.app_context():
        return db.session.exec(select(OutboxItem).where(OutboxItem.recipient_id == person.id)).one()


def run_until_killed(app, moment) -> None:
    with app.app_context():
        with pytest.raises(WorkerKilled):
            run_once(db.session, now=moment)
        db.session.rollback()


def test_a_notice_that_kills_its_worker_every_time_is_set_aside_after_the_last_attempt(worker_app, handed_over):
    app = worker_app
    before = person_waiting(app, "before@example.org")
    poison = person_waiting(app, POISON)
    after = person_waiting(app, "after@example.org")
    lease = timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
    moment = utc_now() + timedelta(seconds=1)

    for attempt in range(1, ATTEMPTS + 1):
        run_until_killed(app, moment)
        item = item_for(app, poison)
        assert (item.status, item.attempts) == (OutboxStatus.sending, attempt)
        assert item.last_error == (None if attempt == 1 else WORKER_DIED)
        with app.app_context():
            run_once(db.session, now=moment)  # another worker, before the lease lapses
        assert handed_over.count(POISON) == attempt, "taken again before its lease lapsed"
        moment += lease

    with app.app_context():
        report = run_once(db.session, now=moment)
    assert (report.dead, report.sent) == (1, 0)
    item = item_for(app, poison)
    assert (item.status, item.attempts, item.last_error, item.claimed_at) == (OutboxStatus.dead, ATTEMPTS, WORKER_DIED, None)

    with app.app_context():
        assert run_once(db.session, now=moment + timedelta(days=1)).dead == 0
    assert handed_over.count(POISON) == ATTEMPTS, "a set-aside notice was taken again"
    assert item_for(app, poison).status == OutboxStatus.dead
    assert sorted(address for address in handed_over if address != POISON) == ["after@example.org", "before@example.org"]
    for person in (before, after):
        sent = item_for(app, person)
        assert (sent.status, sent.attempts, sent.last_error) == (OutboxStatus.sent, 1, None)


def test_a_notice_taken_again_after_its_worker_died_counts_both_tries(worker_app, handed_over, monkeypatch):
    app = worker_app
    poison = person_waiting(app, POISON)
    moment = utc_now() + timedelta(seconds=1)
    run_until_killed(app, moment)
    monkeypatch.setattr(channels, "send_email", lambda notice: "delivered")
    later = moment + timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
    with app.app_context():
        assert run_once(db.session, now=later).sent == 1
    item = item_for(app, poison)
    assert (item.status, item.attempts, item.last_error) == (OutboxStatus.sent, 2, None)


def test_a_set_aside_notice_retried_by_an_admin_gets_its_attempts_back(worker_app, handed_over):
    app = worker_app
    poison = person_waiting(app, POISON)
    admin = make_account(app)
    moment = utc_now() + timedelta(seconds=1)
    for _ in range(ATTEMPTS):
        run_until_killed(app, moment)
        moment += timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
    with app.app_context():
        assert run_once(db.session, now=moment).dead == 1
        assert services.retry(db.session, admin_id=admin.id) == 1
    item = item_for(app, poison)
    assert (item.status, item.attempts) == (OutboxStatus.pending, 0)


def test_a_digest_whose_worker_died_is_taken_again_whole_as_one_notice(worker_app, monkeypatch):
    from datetime import UTC, datetime

    from portal.notifications.models import Frequency

    app = worker_app
    person = make_account(app)
    with_contacts(app, person, email="digest@example.org", frequency=Frequency.daily)
    morning = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    for minutes in (0, 30, 90):
        send(app, person, now=morning + timedelta(minutes=minutes))
    sent: list[str] = []

    def dies(notice):
        raise WorkerKilled

    monkeypatch.setattr(channels, "send_email", dies)
    due = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    run_until_killed(app, due)
    monkeypatch.setattr(channels, "send_email", lambda notice: sent.append(notice.body) or "ref-1")
    with app.app_context():
        report = run_once(db.session, now=due + timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1))
    assert (report.sent, report.covered) == (1, 2)
    assert len(sent) == 1
    with app.app_context():
        items = db.session.exec(select(OutboxItem).where(OutboxItem.recipient_id == person.id)).all()
    assert {(item.status, item.attempts) for item in items} == {(OutboxStatus.sent, 2)}
