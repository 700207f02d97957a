"""Guessing is slowed down through the real forms: wrong passwords, recovery codes, card PINs
and second-factor codes make the account wait, the wait doubles up to a cap, the right answer
is refused during the wait, and other people at the same address can still sign in."""

from __future__ import annotations

from datetime import datetime, timedelta

import pyotp
import pytest

from portal.accounts import passwords, throttle
from portal.accounts.models import Account
from portal.db import utc_now
from portal.extensions import db
from portal.web.permissions import Role
from tests.factories import PASSWORD, form_fields, make_account

WRONG = "not the right password"
BEFORE_WAIT = 5  # ACCOUNT_FAILURES_BEFORE_WAIT


class Clock:
    """The time the throttle sees, moved on by hand."""

    def __init__(self) -> None:
        self.now: datetime = utc_now()

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock()
    monkeypatch.setattr(throttle, "utc_now", clock)
    return clock


def _post(client, url, data, address="192.0.2.10"):
    tokens = form_fields(client.get(url, environ_base={"REMOTE_ADDR": address}).text)
    return client.post(url, data={**tokens, **data}, environ_base={"REMOTE_ADDR": address})


def _sign_in(app, person, password, address="192.0.2.10"):
    client = app.test_client()
    return _post(client, "/sign-in", {"pseudonym": person.pseudonym, "password": password}, address)


def test_wrong_passwords_make_the_account_wait_and_the_wait_doubles_up_to_a_cap(app, clock):
    person = make_account(app)
    for _ in range(BEFORE_WAIT - 1):
        assert _sign_in(app, person, WRONG).status_code == 422
    assert _sign_in(app, person, WRONG).status_code == 422  # this one starts a 30-second wait
    refused = _sign_in(app, person, WRONG)
    assert refused.status_code == 429 and "Wait 1 minute, then try again" in refused.text
    right_too = app.test_client()
    assert _post(right_too, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password}).status_code == 429
    assert right_too.get("/account").status_code == 302
    waits = []
    seconds = 30
    for _ in range(6):
        clock.advance(seconds - 1)
        assert _sign_in(app, person, person.password).status_code == 429  # a second early
        clock.advance(1)
        assert _sign_in(app, person, WRONG).status_code == 422  # allowed again, and wrong again
        with app.app_context():
            row = db.session.get(throttle.SignInThrottle, throttle.account_key(person.id))
            seconds = round((row.wait_until - clock.now).total_seconds())
        waits.append(seconds)
    assert waits == [60, 120, 240, 480, 900, 900]
    assert _sign_in(app, person, person.password).status_code == 429
    clock.advance(900)
    assert _sign_in(app, person, person.password).status_code == 303  # never locked out for good
    with app.app_context():
        assert db.session.get(throttle.SignInThrottle, throttle.account_key(person.id)) is None


def test_a_waiting_account_does_not_stop_others_at_the_same_address(app, clock):
    guessed, neighbour = make_account(app), make_account(app)
    for _ in range(BEFORE_WAIT + 1):
        _sign_in(app, guessed, WRONG)
    assert _sign_in(app, guessed, guessed.password).status_code == 429
    assert _sign_in(app, neighbour, neighbour.password).status_code == 303


def test_an_address_that_guesses_too_much_waits_but_other_addresses_do_not(app, clock):
    app.config["ADDRESS_FAILURES_PER_WINDOW"] = 8
    people = [make_account(app) for _ in range(4)]
    for person in people * 2:  # two wrong tries each: no account reaches its own limit
        assert _sign_in(app, person, WRONG, address="198.51.100.7").status_code == 422
    assert _sign_in(app, make_account(app), PASSWORD, address="198.51.100.7").status_code == 429
    assert _sign_in(app, people[0], people[0].password, address="198.51.100.7").status_code == 429
    assert _sign_in(app, people[0], people[0].password, address="203.0.113.9").status_code == 303
    clock.advance(app.config["THROTTLE_WINDOW_SECONDS"] + 1)
    assert _sign_in(app, people[1], people[1].password, address="198.51.100.7").status_code == 303


def test_wrong_recovery_codes_count_against_the_same_account(app, clock):
    person = make_account(app)
    recover = {"pseudonym": person.pseudonym, "code": "AAAA-BBBB-CCCC-DDDD", "password": "a brand new passphrase"}
    for _ in range(BEFORE_WAIT - 2):
        assert _post(app.test_client(), "/recover", recover).status_code == 422
    assert _sign_in(app, person, WRONG).status_code == 422
    assert _sign_in(app, person, WRONG).status_code == 422  # the fifth guess, whichever way
    right = _post(app.test_client(), "/recover", {**recover, "code": person.recovery_code})
    assert right.status_code == 429
    assert _sign_in(app, person, person.password).status_code == 429
    clock.advance(30)
    assert _post(app.test_client(), "/recover", {**recover, "code": person.recovery_code}).status_code == 303


def test_wrong_card_pins_make_the_card_wait(app, clock):
    person = make_account(app)
    code = passwords.new_card_code()
    with app.app_context():
        account = db.session.get(Account, person.id)
        account.card_code_digest = passwords.digest(passwords.tidy_code(code))
        account.pin_hash = passwords.hash_password("4826")
        db.session.commit()
    for _ in range(BEFORE_WAIT):
        assert _post(app.test_client(), "/sign-in/card", {"code": code, "pin": "9999"}).status_code == 422
    assert _post(app.test_client(), "/sign-in/card", {"code": code, "pin": "4826"}).status_code == 429
    clock.advance(30)
    assert _post(app.test_client(), "/sign-in/card", {"code": code, "pin": "4826"}).status_code == 303


def test_wrong_second_factor_codes_make_the_account_wait(app, clock):
    person = make_account(app, Role.staff)
    client = app.test_client()
    assert _post(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password}).status_code == 303
    for _ in range(BEFORE_WAIT):
        assert _post(client, "/sign-in/two-factor", {"code": "000000"}).status_code == 422
    right = pyotp.TOTP(person.totp_secret).now()
    assert _post(client, "/sign-in/two-factor", {"code": right}).status_code == 429
    assert client.get("/admin/problem-reports").status_code == 302  # still only half signed in
    clock.advance(30)
    assert _post(client, "/sign-in/two-factor", {"code": right}).status_code == 303


def test_the_longest_wait_is_said_as_fifteen_minutes_not_sixteen():
    from datetime import UTC, datetime, timedelta

    from portal.accounts.throttle import _longest

    now = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
    assert _longest([now + timedelta(minutes=15)], now).minutes == 15
    assert _longest([now + timedelta(seconds=61)], now).minutes == 2
    assert _longest([now - timedelta(seconds=1)], now) is None
