"""The transactional outbox: written with its event, delivered by the worker, never lost."""

import threading
import email as email_parser
from email import policy as email_policy
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts import services as accounts
from portal.accounts.models import Account
from portal.db import utc_now
from portal.extensions import db
from portal.notifications import channels, services
from portal.notifications.kinds import UnknownKind
from portal.notifications.models import Channel, Frequency, Message, OutboxItem, OutboxStatus
from portal.notifications.worker import run_once
from portal.web.crypto import encrypt
from tests.conftest import make_app
from tests.factories import make_account
from tests.notifications.conftest import NOTIFY_KEY


def parsed(received: dict):
    return email_parser.message_from_string(received["data"], policy=email_policy.default)


def with_contacts(app, person, *, email="reader@example.org", mobile="07700900982", frequency=Frequency.immediately, sms=False):
    with app.app_context():
        account = db.session.get(Account, person.id)
        account.email_encrypted = encrypt(email)
        account.mobile_encrypted = encrypt(mobile)
        db.session.commit()
        services.set_preferences(db.session, account_id=person.id, email=True, sms=sms, connector_id=None, frequency=frequency)


def send(app, person, kind="accounts.two_factor_on", now=None, **context):
    with app.app_context():
        services.notify(db.session, recipient_id=person.id, kind=kind, link="/account", now=now, **context)
        db.session.commit()


def statuses(app):
    with app.app_context():
        return [item.status for item in db.session.exec(select(OutboxItem))]


def test_the_event_and_its_messages_commit_or_roll_back_together(app):
    person = make_account(app)
    with_contacts(app, person)
    with app.app_context():
        account = db.session.get(Account, person.id)
        account.needs_other = "changed in the same transaction"
        services.notify(db.session, recipient_id=person.id, kind="accounts.two_factor_on")
        db.session.rollback()
        assert db.session.exec(select(Message)).all() == []
        assert db.session.exec(select(OutboxItem)).all() == []
        assert db.session.get(Account, person.id).needs_other is None


def test_a_real_event_writes_its_message(app):
    person = make_account(app)
    with app.test_request_context():
        account = db.session.get(Account, person.id)
        accounts.change_password(db.session, account=account, current=person.password, new="another long phrase")
        [message] = db.session.exec(select(Message)).all()
    assert message.kind == "accounts.password_changed"


def test_an_unknown_kind_is_refused_before_anything_is_saved(app):
    person = make_account(app)
    with app.app_context():
        with pytest.raises(UnknownKind):
            services.notify(db.session, recipient_id=person.id, kind="no.such_kind")
        assert db.session.exec(select(Message)).all() == []


def _smtp_app(sqlite_url, smtp_server, **extra):
    return make_app(sqlite_url, EMAIL_BACKEND="smtp", SMTP_HOST="127.0.0.1", SMTP_PORT=smtp_server.port, SMTP_TIMEOUT=2, **extra)


def test_with_the_smtp_server_down_messages_wait_and_go_once_it_is_back(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server)
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)
    with app.app_context():
        report = run_once(db.session)
        item = db.session.exec(select(OutboxItem)).one()
    assert (report.retried, item.status, item.last_error) == (1, OutboxStatus.pending, "smtp_unreachable")
    assert item.due_at > utc_now() + timedelta(seconds=50)
    smtp_server.start()
    with app.app_context():
        assert run_once(db.session).sent == 0  # not due yet: it waits its back-off
        assert run_once(db.session, now=utc_now() + timedelta(minutes=2)).sent == 1
        assert run_once(db.session, now=utc_now() + timedelta(hours=1)).sent == 0
    [email] = smtp_server.inbox.messages
    assert email["to"] == ["reader@example.org"]
    assert statuses(app) == [OutboxStatus.sent]


def test_emails_say_only_that_there_is_a_message(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server, PUBLIC_URL="https://voices.example")
    smtp_server.start()
    person = make_account(app)
    other = make_account(app, pseudonym="Secret Helper")
    with_contacts(app, person)
    send(app, person, kind="accounts.roles_changed", roles=["intermediary"])
    with app.app_context():
        run_once(db.session)
    email = parsed(smtp_server.inbox.messages[0])
    body = email.get_content()
    assert email["Subject"] == "You have a new message on Community Voices"
    assert "https://voices.example/messages" in body
    assert email["List-Unsubscribe"].startswith("<https://voices.example/unsubscribe/")
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    everything = email.as_string()
    assert "roles" not in body.lower() and other.pseudonym not in everything and person.pseudonym not in everything


def test_emails_are_in_the_recipients_language(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server)
    smtp_server.start()
    person = make_account(app)
    with app.app_context():
        db.session.get(Account, person.id).language = "cy"
        db.session.commit()
    with_contacts(app, person)
    send(app, person)
    with app.app_context():
        run_once(db.session)
    assert "You have a new message" not in parsed(smtp_server.inbox.messages[0]).get_content()


def test_a_refused_address_is_set_aside_at_once_for_an_admin(sqlite_url, smtp_server, monkeypatch):
    app = _smtp_app(sqlite_url, smtp_server)
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)

    def refuse(_notice):
        raise channels.DeliveryError("smtp_recipient_refused", permanent=True)

    monkeypatch.setattr(channels, "send_email", refuse)
    with app.app_context():
        assert run_once(db.session).dead == 1
    assert statuses(app) == [OutboxStatus.dead]


def test_repeated_failures_back_off_then_set_the_message_aside(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server, OUTBOX_MAX_ATTEMPTS=3)
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)
    moment = utc_now()
    waits = []
    with app.app_context():
        for _ in range(3):
            run_once(db.session, now=moment)
            item = db.session.exec(select(OutboxItem)).one()
            waits.append(item.due_at - moment)
            moment = item.due_at + timedelta(seconds=1)
    assert waits[0] < waits[1]
    assert item.status == OutboxStatus.dead and item.attempts == 3


def test_a_worker_killed_mid_batch_resends_at_most_the_message_in_flight(sqlite_url, smtp_server, monkeypatch):
    app = _smtp_app(sqlite_url, smtp_server)
    smtp_server.start()
    people = [make_account(app) for _ in range(4)]
    for person in people:
        with_contacts(app, person, email=f"{person.pseudonym}@example.org")
        send(app, person)
    sent = []
    real = channels.send_email

    def crash_on_third(notice):
        if len(sent) == 2:
            sent.append(notice.to)
            raise KeyboardInterrupt  # the worker dies while this one is in flight
        sent.append(notice.to)
        return real(notice)

    monkeypatch.setattr(channels, "send_email", crash_on_third)
    with app.app_context():
        with pytest.raises(KeyboardInterrupt):
            run_once(db.session)
        db.session.rollback()
    monkeypatch.setattr(channels, "send_email", real)
    with app.app_context():
        assert run_once(db.session).sent == 1  # the in-flight one waits for its lease to lapse
        later = utc_now() + timedelta(seconds=app.config["OUTBOX_LEASE_SECONDS"] + 1)
        assert run_once(db.session, now=later).sent == 1
    delivered = [m["to"][0] for m in smtp_server.inbox.messages]
    assert sorted(set(delivered)) == sorted(f"{p.pseudonym}@example.org" for p in people)
    assert len(delivered) == 4  # the one in flight was never actually handed to the server


def test_two_workers_on_postgres_deliver_500_with_no_duplicates(empty_postgres_url, monkeypatch):
    from portal import migrate
    from portal.db import make_engine

    engine = make_engine(empty_postgres_url)
    migrate.upgrade(engine)
    engine.dispose()
    app = make_app(empty_postgres_url, EMAIL_BACKEND="smtp")
    person = make_account(app)
    with_contacts(app, person)
    with app.app_context():
        for _ in range(500):
            services.notify(db.session, recipient_id=person.id, kind="accounts.two_factor_on")
        db.session.commit()
    delivered: list[str] = []
    lock = threading.Lock()

    def record(notice):
        with lock:
            delivered.append(notice.reference)
        return notice.reference

    monkeypatch.setattr(channels, "send_email", record)
    errors = []

    def worker():
        try:
            with app.app_context():
                run_once(db.session)
        except Exception as error:  # noqa: BLE001
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert len(delivered) == 500 and len(set(delivered)) == 500
    assert set(statuses(app)) == {OutboxStatus.sent}
    app.extensions["database"].dispose()


def test_gov_uk_notify_gets_a_well_formed_signed_request(sqlite_url, fake_notify):
    app = make_app(
        sqlite_url, EMAIL_BACKEND="notify", SMS_BACKEND="notify", NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_BASE_URL=fake_notify.url,
        NOTIFY_EMAIL_TEMPLATE_ID="email-template", NOTIFY_SMS_TEMPLATE_ID="sms-template",
    )
    person = make_account(app)
    with_contacts(app, person, sms=True)
    send(app, person)
    with app.app_context():
        assert run_once(db.session).sent == 2
        references = {item.id.hex for item in db.session.exec(select(OutboxItem))}
    paths = sorted(r["path"] for r in fake_notify.requests)
    assert paths == ["/v2/notifications/email", "/v2/notifications/sms"]
    email = next(r["body"] for r in fake_notify.requests if r["path"].endswith("email"))
    sms = next(r["body"] for r in fake_notify.requests if r["path"].endswith("sms"))
    assert email["email_address"] == "reader@example.org" and email["template_id"] == "email-template"
    assert sms["phone_number"] == "07700900982" and sms["template_id"] == "sms-template"
    assert {email["reference"], sms["reference"]} == references
    assert "/unsubscribe/" in email["one_click_unsubscribe_url"]


@pytest.mark.parametrize(("status", "expected"), [(500, OutboxStatus.pending), (429, OutboxStatus.pending), (400, OutboxStatus.dead)])
def test_notify_errors_are_retried_or_set_aside(sqlite_url, fake_notify, status, expected):
    app = make_app(sqlite_url, EMAIL_BACKEND="notify", NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_BASE_URL=fake_notify.url, NOTIFY_EMAIL_TEMPLATE_ID="t")
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)
    fake_notify.fail_with = status
    with app.app_context():
        run_once(db.session)
        item = db.session.exec(select(OutboxItem)).one()
    assert item.status == expected and item.last_error == f"notify_{status}"


def test_notify_unreachable_is_retried(sqlite_url):
    app = make_app(sqlite_url, EMAIL_BACKEND="notify", NOTIFY_API_KEY=NOTIFY_KEY, NOTIFY_BASE_URL="http://127.0.0.1:9", NOTIFY_EMAIL_TEMPLATE_ID="t", NOTIFY_TIMEOUT=2)
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)
    with app.app_context():
        assert run_once(db.session).retried == 1


LONDON_MORNING = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)  # a Tuesday


def test_daily_digests_group_messages_under_a_frozen_clock(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server)
    smtp_server.start()
    person = make_account(app)
    with_contacts(app, person, frequency=Frequency.daily)
    for minutes in (0, 30, 90):
        send(app, person, now=LONDON_MORNING + timedelta(minutes=minutes))
    with app.app_context():
        assert run_once(db.session, now=datetime(2026, 11, 25, 7, 59, tzinfo=UTC)).sent == 0
        report = run_once(db.session, now=datetime(2026, 11, 25, 8, 0, tzinfo=UTC))
    assert (report.sent, report.covered) == (1, 2)
    assert "You have 3 new messages" in parsed(smtp_server.inbox.messages[0]).get_content()
    assert set(statuses(app)) == {OutboxStatus.sent}


def test_weekly_digests_wait_for_monday_morning_in_london_time(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server)
    smtp_server.start()
    person = make_account(app)
    with_contacts(app, person, frequency=Frequency.weekly)
    send(app, person, now=LONDON_MORNING)
    with app.app_context():
        item = db.session.exec(select(OutboxItem)).one()
        assert item.due_at == datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
        summer = services.next_digest_time(datetime(2026, 6, 2, 12, 0, tzinfo=UTC), Frequency.daily)
        assert summer == datetime(2026, 6, 3, 7, 0, tzinfo=UTC)  # 08:00 British Summer Time


def test_urgent_messages_go_at_once_whatever_the_frequency(sqlite_url, smtp_server):
    app = _smtp_app(sqlite_url, smtp_server)
    smtp_server.start()
    person = make_account(app)
    with_contacts(app, person, frequency=Frequency.weekly)
    send(app, person, kind="accounts.password_changed", now=LONDON_MORNING)
    with app.app_context():
        assert run_once(db.session, now=LONDON_MORNING).sent == 1


def test_the_connector_channel_tells_the_connector_in_their_inbox(app):
    from portal.web.permissions import Role

    connector = make_account(app, Role.participant, Role.intermediary, pseudonym="Barbershop Sam")
    person = make_account(app)
    with app.app_context():
        services.set_preferences(db.session, account_id=person.id, email=False, sms=False, connector_id=connector.id, frequency=Frequency.immediately)
    send(app, person)
    with app.app_context():
        run_once(db.session)
        note = db.session.exec(select(Message).where(Message.recipient_id == connector.id)).one()
    assert note.kind == "notifications.for_someone_you_support" and note.context["pseudonym"] == person.pseudonym


def test_sqlite_claims_are_atomic(app):
    person = make_account(app)
    with_contacts(app, person)
    send(app, person)
    with app.app_context():
        db.session.execute(sa.update(OutboxItem).values(status=OutboxStatus.sending, claimed_at=utc_now()))
        db.session.commit()
        assert run_once(db.session).sent == 0
    assert Channel.email in {Channel(c) for c in ("email",)}
