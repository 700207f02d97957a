"""Signing in and out, server-side sessions, timeouts, throttling and password changes."""

from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal.accounts import passwords
from portal.accounts.models import Account, SignInSession, SignInThrottle
from portal.audit.models import AuditEntry
from portal.db import utc_now
from portal.extensions import db
from portal.web.permissions import Role
from tests.conftest import make_app
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import text_of


def test_signing_in_opens_your_account(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    _response, document = page.get("/account")
    assert person.pseudonym in text_of(document.find(".//main"))


def test_unknown_name_and_wrong_password_get_the_same_answer_and_the_same_work(app, client, page, monkeypatch):
    person = make_account(app)
    calls = []
    real = passwords.verify
    monkeypatch.setattr(passwords, "verify", lambda stored, given: calls.append(stored) or real(stored, given))
    wrong = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": "not the password"})
    unknown = post_form(client, "/sign-in", {"pseudonym": "nobody-here", "password": "not the password"})
    assert wrong.status_code == unknown.status_code == 422
    message = "The name or password is not right"
    assert message in wrong.text and message in unknown.text
    assert len(calls) == 2 and all(stored.startswith("$argon2id$") for stored in calls)


def test_a_password_hashed_with_old_settings_is_rehashed_on_sign_in(app, client):
    person = make_account(app)
    app.config["ARGON2_TIME_COST"] = 2
    sign_in(client, person)
    with app.app_context():
        assert "t=2" in db.session.get(Account, person.id).password_hash


def test_signing_out_ends_the_session_so_the_old_cookie_is_useless(app, client):
    person = make_account(app)
    sign_in(client, person)
    stolen = client.get_cookie("portal_session").value
    client.post("/sign-out", data=form_fields(client.get("/account").text))
    assert client.get("/account").status_code == 302
    other = app.test_client()
    other.set_cookie("portal_session", stolen)
    assert other.get("/account").status_code == 302
    with app.app_context():
        assert db.session.exec(select(SignInSession)).one().ended_at is not None


def test_changing_your_password_signs_out_your_other_devices(app, client):
    person = make_account(app)
    phone = app.test_client()
    sign_in(phone, person)
    sign_in(client, person)
    response = post_form(client, "/account/password", {"current": person.password, "password": "a brand new phrase"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 200
    assert phone.get("/account").status_code == 302


def test_a_wrong_current_password_changes_nothing(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    tokens = form_fields(client.get("/account/password").text)
    page.post("/account/password", data={**tokens, "current": "wrong one!", "password": "a brand new phrase"}, status=422)
    with app.app_context():
        assert passwords.verify(db.session.get(Account, person.id).password_hash, person.password)


def test_a_role_change_signs_the_person_out_everywhere(app, client):
    person = make_account(app)
    admin = make_account(app, Role.admin)
    sign_in(client, person)
    admin_client = app.test_client()
    sign_in(admin_client, admin)
    response = post_form(admin_client, f"/admin/accounts/{person.id}/roles", {"participant": "y", "intermediary": "y"})
    assert response.status_code == 303
    assert client.get("/account").status_code == 302


def test_doing_nothing_for_too_long_signs_you_out_with_a_message(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    with app.app_context():
        db.session.execute(sa.update(SignInSession).values(last_seen_at=utc_now() - timedelta(minutes=61)))
        db.session.commit()
    response = client.get("/account")
    assert response.status_code == 302
    _response, document = page.get(response.headers["Location"])
    assert "signed out because you had not done anything" in text_of(document.find(".//main"))


def test_staff_are_signed_out_sooner_than_participants(app, client):
    staff = make_account(app, Role.staff)
    sign_in(client, staff)
    with app.app_context():
        db.session.execute(sa.update(SignInSession).values(last_seen_at=utc_now() - timedelta(minutes=21)))
        db.session.commit()
    assert client.get("/account").status_code == 302


def test_repeated_failures_make_the_account_wait_but_never_lock_it_for_good(app, client):
    person = make_account(app)
    for _ in range(app.config["ACCOUNT_FAILURES_BEFORE_WAIT"]):
        post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": "wrong wrong"})
    response = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 429 and "Wait 1 minute" in response.text
    with app.app_context():
        row = db.session.get(SignInThrottle, f"account:{person.id.hex}")
        assert row.wait_until - row.window_started_at <= timedelta(seconds=app.config["MAX_ACCOUNT_WAIT_SECONDS"])
        row.wait_until = row.wait_until - timedelta(minutes=20)
        db.session.commit()
    sign_in(client, person)


def test_the_longest_wait_is_capped(app, client):
    person = make_account(app)
    for _ in range(30):
        with app.app_context():
            db.session.execute(sa.update(SignInThrottle).values(wait_until=None))
            db.session.commit()
        post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": "wrong wrong"})
    with app.app_context():
        row = db.session.get(SignInThrottle, f"account:{person.id.hex}")
        assert row.wait_until - row.window_started_at <= timedelta(minutes=15)


def test_a_shared_address_can_make_many_mistakes_before_it_waits(app, client):
    people = [make_account(app) for _ in range(3)]
    for person in people:
        for _ in range(4):
            post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": "wrong wrong"})
    for person in people:
        sign_in(app.test_client(), person)
    with app.app_context():
        keys = [row.key for row in db.session.exec(select(SignInThrottle))]
    assert all(not key.count(".") for key in keys), "addresses are stored only hashed"


def test_an_address_with_very_many_failures_waits(sqlite_url):
    app = make_app(sqlite_url, ADDRESS_FAILURES_PER_WINDOW=5)
    client = app.test_client()
    for _ in range(5):
        post_form(client, "/sign-in", {"pseudonym": "nobody", "password": "wrong wrong"})
    person = make_account(app)
    response = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 429


def test_sign_in_and_out_are_audited_by_id_only(app, client):
    person = make_account(app)
    sign_in(client, person)
    client.post("/sign-out", data=form_fields(client.get("/account").text))
    with app.app_context():
        entries = db.session.exec(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [e.action for e in entries] == ["accounts.sign_up", "accounts.sign_in", "accounts.sign_out"]
    assert all(person.pseudonym not in (e.actor + e.subject) for e in entries)


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_after_signing_in_you_only_go_to_pages_on_this_site(app, client, target):
    person = make_account(app)
    response = post_form(client, f"/sign-in?next={target}", {"pseudonym": person.pseudonym, "password": person.password}, get_url="/sign-in")
    assert response.headers["Location"] == "/account"
