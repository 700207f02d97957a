"""Plain factory functions for tests: accounts, and signing in through the real forms."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

import pyotp
from flask import Flask
from flask.testing import FlaskClient

from portal.accounts import services
from portal.accounts.models import Account
from portal.db import utc_now
from portal.extensions import db
from portal.web.crypto import encrypt
from portal.web.permissions import Role

PASSWORD = "correct horse battery"


@dataclass
class Person:
    id: uuid.UUID
    pseudonym: str
    password: str
    recovery_code: str
    totp_secret: str | None


def make_account(app: Flask, *roles: Role, pseudonym: str | None = None, two_factor: bool | None = None) -> Person:
    """An account with the given roles (participant when none); staff roles get two-factor set up."""
    roles = roles or (Role.participant,)
    pseudonym = pseudonym or f"person-{uuid.uuid4().hex[:8]}"
    with app.test_request_context():
        new = services.sign_up(db.session, pseudonym=pseudonym, password=PASSWORD, language=None, roles=roles)
        secret = None
        if two_factor if two_factor is not None else services.needs_second_factor(roles):
            secret = pyotp.random_base32()
            account = db.session.get(Account, new.account.id)
            account.totp_secret = encrypt(secret)
            account.totp_enabled_at = utc_now()
            db.session.commit()
        return Person(new.account.id, new.account.pseudonym, PASSWORD, new.recovery_code, secret)


def form_fields(html: str) -> dict[str, str]:
    """The hidden fields of the first POST form that carries a CSRF token."""
    found = {}
    for name in ("csrf_token", "once"):
        match = re.search(rf'name="{name}" type="hidden" value="([^"]+)"', html) or re.search(
            rf'type="hidden" name="{name}" value="([^"]+)"', html
        )
        if match:
            found[name] = match.group(1)
    return found


def post_form(client: FlaskClient, url: str, data: dict, get_url: str | None = None, **kwargs):
    """Fetch the form page for its tokens, then post `data` with them."""
    tokens = form_fields(client.get(get_url or url).text)
    return client.post(url, data={**tokens, **data}, **kwargs)


def sign_in(client: FlaskClient, person: Person) -> None:
    """Sign in through the forms, passing the second factor when the account has one."""
    response = post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 303, response.text[:300]
    if person.totp_secret:
        code = pyotp.TOTP(person.totp_secret).now()
        response = post_form(client, "/sign-in/two-factor", {"code": code})
        assert response.status_code == 303, response.text[:300]
