"""The sign-in throttle behaves the same whether its counts live in the database or in Redis,
never loses a failure counted by two servers at once, and survives Redis being down."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from datetime import timedelta

import pytest
import redis
from flask import Flask
from sqlmodel import select

from portal import migrate
from portal.accounts import throttle
from portal.accounts.models import SignInThrottle
from portal.db import make_engine, utc_now
from portal.extensions import db
from tests.conftest import _fresh_postgres_database, make_app
from tests.factories import make_account, post_form, sign_in

WRONG = {"password": "wrong wrong"}


@pytest.fixture(params=["database", "redis"])
def backend_app(request, sqlite_url) -> Iterator[Flask]:
    """An app counting sign-in failures in the database, then in Redis."""
    overrides = {"ADDRESS_FAILURES_PER_WINDOW": 20}
    if request.param == "redis":
        overrides |= {"THROTTLE_BACKEND": "redis", "REDIS_URL": request.getfixturevalue("redis_url")}
    app = make_app(sqlite_url, **overrides)
    yield app
    app.extensions["database"].dispose()


def _fail(app: Flask, account_id=None, address: str | None = "192.0.2.10") -> None:
    with app.test_request_context():
        throttle.record_failure(db.session, account_id=account_id, address=address)
        db.session.commit()


def _wait(app: Flask, *keys: str, later: timedelta = timedelta()) -> int:
    with app.test_request_context():
        found = throttle.wait_for(db.session, list(keys), now=utc_now() + later)
        return found.seconds if found else 0


def test_each_failure_after_the_fifth_doubles_the_wait_up_to_fifteen_minutes(backend_app):
    person = make_account(backend_app)
    key = throttle.account_key(person.id)
    waits = []
    for _ in range(12):
        _fail(backend_app, person.id, address=None)
        waits.append(_wait(backend_app, key))
    assert waits[:4] == [0, 0, 0, 0]
    expected = [30, 60, 120, 240, 480, 900, 900, 900]
    assert all(want - 2 <= got <= want + 1 for got, want in zip(waits[4:], expected, strict=True)), waits


def test_an_account_can_try_again_once_its_longest_wait_is_over(backend_app):
    person = make_account(backend_app)
    for _ in range(20):
        _fail(backend_app, person.id, address=None)
    key = throttle.account_key(person.id)
    assert 890 <= _wait(backend_app, key) <= 901
    assert _wait(backend_app, key, later=timedelta(minutes=15, seconds=2)) == 0


def test_failures_through_the_sign_in_page_make_the_account_wait(backend_app):
    person = make_account(backend_app)
    client = backend_app.test_client()
    for _ in range(backend_app.config["ACCOUNT_FAILURES_BEFORE_WAIT"]):
        assert post_form(client, "/sign-in", {"pseudonym": person.pseudonym, **WRONG}).status_code == 422
    response = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 429 and "Wait 1 minute" in response.text


def test_signing_in_forgets_the_accounts_earlier_failures(backend_app):
    person = make_account(backend_app)
    client = backend_app.test_client()
    before_wait = backend_app.config["ACCOUNT_FAILURES_BEFORE_WAIT"] - 1
    for _ in range(before_wait):
        post_form(client, "/sign-in", {"pseudonym": person.pseudonym, **WRONG})
    sign_in(backend_app.test_client(), person)
    for _ in range(before_wait):
        post_form(client, "/sign-in", {"pseudonym": person.pseudonym, **WRONG})
    sign_in(backend_app.test_client(), person)


def test_an_address_waits_only_after_its_ceiling_and_only_until_its_window_ends(backend_app):
    ceiling = backend_app.config["ADDRESS_FAILURES_PER_WINDOW"]
    with backend_app.test_request_context():
        busy, other = throttle.address_key("192.0.2.10"), throttle.address_key("192.0.2.11")
    for _ in range(ceiling - 1):
        _fail(backend_app, address="192.0.2.10")
    assert _wait(backend_app, busy) == 0
    _fail(backend_app, address="192.0.2.10")
    window = backend_app.config["THROTTLE_WINDOW_SECONDS"]
    assert window - 2 <= _wait(backend_app, busy) <= window + 1
    assert _wait(backend_app, other) == 0
    assert _wait(backend_app, busy, later=timedelta(seconds=window + 2)) == 0


def test_a_shared_address_lets_different_people_sign_in_after_their_own_mistakes(backend_app):
    people = [make_account(backend_app) for _ in range(2)]
    client = backend_app.test_client()
    for person in people:
        for _ in range(3):
            post_form(client, "/sign-in", {"pseudonym": person.pseudonym, **WRONG})
    for person in people:
        sign_in(backend_app.test_client(), person)


def test_addresses_are_kept_only_as_keyed_hashes(backend_app):
    person = make_account(backend_app)
    _fail(backend_app, person.id, address="192.0.2.10")
    if backend_app.config["THROTTLE_BACKEND"] == "redis":
        store = redis.Redis.from_url(backend_app.config["REDIS_URL"])
        stored = [key.decode() for key in store.scan_iter()]
        stored += [value.decode() for key in store.scan_iter() for value in store.hgetall(key).values()]
        store.close()
    else:
        with backend_app.app_context():
            stored = list(db.session.exec(select(SignInThrottle.key)))
    assert stored and not any("192.0.2" in text for text in stored)
    assert any(text.endswith(f"account:{person.id.hex}") for text in stored)


def test_redis_counts_expire_once_their_window_and_wait_are_over(redis_url, sqlite_url):
    app = make_app(sqlite_url, THROTTLE_BACKEND="redis", REDIS_URL=redis_url)
    person = make_account(app)
    for _ in range(app.config["ACCOUNT_FAILURES_BEFORE_WAIT"] + 10):
        _fail(app, person.id)
    store = redis.Redis.from_url(redis_url)
    ttls = {key: store.pttl(key) for key in store.scan_iter(f"{throttle.REDIS_PREFIX}*")}
    store.close()
    longest = (max(app.config["THROTTLE_WINDOW_SECONDS"], app.config["MAX_ACCOUNT_WAIT_SECONDS"]) + 1) * 1000
    assert len(ttls) == 2 and all(0 < ttl <= longest for ttl in ttls.values())
    app.extensions["database"].dispose()


@pytest.fixture(params=["redis", "postgresql"])
def shared_app(request, sqlite_url) -> Iterator[Flask]:
    """An app whose counts are shared by many servers: in Redis, or in PostgreSQL."""
    if request.param == "redis":
        app = make_app(sqlite_url, THROTTLE_BACKEND="redis", REDIS_URL=request.getfixturevalue("redis_url"))
        yield app
        app.extensions["database"].dispose()
        return
    with _fresh_postgres_database(request.getfixturevalue("postgres_server")) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        app = make_app(url)
        yield app
        app.extensions["database"].dispose()


def test_failures_counted_at_the_same_moment_are_never_lost(shared_app):
    person = make_account(shared_app)
    at_once = 12
    barrier = threading.Barrier(at_once)
    errors = []

    def fail():
        try:
            with shared_app.test_request_context():
                barrier.wait(timeout=10)
                throttle.record_failure(db.session, account_id=person.id, address="192.0.2.10")
                db.session.commit()
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            errors.append(error)

    threads = [threading.Thread(target=fail) for _ in range(at_once)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors
    with shared_app.test_request_context():
        account, address = throttle.account_key(person.id), throttle.address_key("192.0.2.10")
        if shared_app.config["THROTTLE_BACKEND"] == "redis":
            store = redis.Redis.from_url(shared_app.config["REDIS_URL"])
            counts = [int(store.hget(throttle.REDIS_PREFIX + key, "failures")) for key in (account, address)]
            store.close()
        else:
            counts = [db.session.get(SignInThrottle, key).failures for key in (account, address)]
    assert counts == [at_once, at_once]


def test_sign_in_counts_in_the_database_when_redis_is_down_and_logs_no_address(sqlite_url, caplog):
    app = make_app(sqlite_url, THROTTLE_BACKEND="redis", REDIS_URL="redis://127.0.0.1:1/0")
    person = make_account(app)
    client = app.test_client()
    with caplog.at_level(logging.WARNING, logger="portal.accounts.throttle"):
        for _ in range(app.config["ACCOUNT_FAILURES_BEFORE_WAIT"]):
            assert post_form(client, "/sign-in", {"pseudonym": person.pseudonym, **WRONG}).status_code == 422
        response = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 429
    messages = [record.getMessage() for record in caplog.records if record.name == "portal.accounts.throttle"]
    assert messages and all("Redis failed" in message for message in messages)
    assert not any("127.0.0.1" in message or person.id.hex in message for message in messages)
    with app.app_context():
        row = db.session.get(SignInThrottle, throttle.account_key(person.id))
        row.wait_until = utc_now() - timedelta(seconds=1)
        db.session.commit()
    sign_in(client, person)
    with app.app_context():
        assert db.session.get(SignInThrottle, throttle.account_key(person.id)) is None
    app.extensions["database"].dispose()
