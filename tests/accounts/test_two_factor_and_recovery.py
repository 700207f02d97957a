"""Two-factor sign-in for staff roles, and recovery without email."""

import re

import pyotp
import pytest
from sqlmodel import select

from portal.accounts import passwords
from portal.accounts.models import Account
from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import text_of


@pytest.mark.parametrize("role", [Role.staff, Role.safeguarding_lead, Role.admin, Role.commissioner])
def test_staff_roles_must_set_up_two_factor_before_anything_else(app, client, role):
    person = make_account(app, role, two_factor=False)
    post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert client.get("/account").headers["Location"] == "/account/two-factor"
    html = client.get("/account/two-factor").text
    assert 'src="data:image/svg+xml;base64,' in html
    secret = re.search(r'class="portal-code" translate="no">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    response = post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/account/two-factor/recovery-codes"
    codes = re.findall(r'<li class="portal-code">([A-Z0-9-]+)</li>', client.get("/account/two-factor/recovery-codes").text)
    assert len(codes) == 10
    assert client.get("/account").status_code == 200


def test_participants_do_not_need_two_factor(app, client):
    person = make_account(app)
    sign_in(client, person)
    assert client.get("/account").status_code == 200


def test_a_staff_password_alone_opens_nothing(app, client):
    person = make_account(app, Role.admin)
    post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    for url in ("/account", "/admin/settings", "/admin/accounts"):
        assert client.get(url).status_code == 302
        assert client.get(url).headers["Location"].startswith("/sign-in/two-factor")


def test_a_wrong_or_reused_code_is_refused(app, client, page):
    person = make_account(app, Role.staff)
    post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    tokens = form_fields(client.get("/sign-in/two-factor").text)
    _response, document = page.post("/sign-in/two-factor", data={**tokens, "code": "000000"}, status=422)
    assert "That code is not right" in text_of(document.find(".//span[@id='code-error']"))
    code = pyotp.TOTP(person.totp_secret).now()
    assert client.post("/sign-in/two-factor", data={**tokens, "code": code}).status_code == 303
    other = app.test_client()
    post_form(other, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    response = post_form(other, "/sign-in/two-factor", {"code": code})
    assert response.status_code == 422 and "already used" in response.text


def test_a_two_factor_recovery_code_works_once(app, client):
    person = make_account(app, Role.staff, two_factor=False)
    post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    secret = re.search(r'translate="no">([A-Z2-7 ]+)<', client.get("/account/two-factor").text).group(1).replace(" ", "")
    post_form(client, "/account/two-factor", {"code": pyotp.TOTP(secret).now()})
    code = re.findall(r'<li class="portal-code">([A-Z0-9-]+)</li>', client.get("/account/two-factor/recovery-codes").text)[0]
    for attempt, expected in ((1, 303), (2, 422)):
        fresh = app.test_client()
        post_form(fresh, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
        assert post_form(fresh, "/sign-in/two-factor", {"code": code.lower()}).status_code == expected, attempt


def test_recovering_with_the_code_sets_a_new_password_and_gives_a_new_code(app, client, page):
    person = make_account(app)
    response = post_form(client, "/recover", {"pseudonym": person.pseudonym, "code": person.recovery_code, "password": "new words for me"})
    assert response.headers["Location"] == "/recover/done"
    _response, document = page.get("/recover/done")
    new_code = text_of(document.find(".//p[@class='portal-code']"))
    assert new_code != person.recovery_code
    again = post_form(app.test_client(), "/recover", {"pseudonym": person.pseudonym, "code": person.recovery_code, "password": "other words here"})
    assert again.status_code == 422 and "recovery code is not right" in again.text
    with app.app_context():
        assert passwords.verify(db.session.get(Account, person.id).password_hash, "new words for me")


def test_a_connector_who_has_met_the_person_can_give_a_new_recovery_code(app, client, page):
    person = make_account(app)
    connector = make_account(app, Role.intermediary)
    sign_in(client, connector)
    tokens = form_fields(client.get("/help-someone-sign-in").text)
    _response, document = page.post("/help-someone-sign-in", data={**tokens, "pseudonym": person.pseudonym, "met": "y"})
    code = text_of(document.find(".//p[@class='portal-code']"))
    response = post_form(app.test_client(), "/recover", {"pseudonym": person.pseudonym, "code": code, "password": "fresh start words"})
    assert response.status_code == 303
    with app.app_context():
        entry = db.session.exec(select(AuditEntry).where(AuditEntry.action == "accounts.reset_recovery")).one()
        assert (entry.actor, entry.subject) == (connector.id.hex, person.id.hex)


def test_a_connector_cannot_reset_a_staff_account_or_skip_the_check(app, client, page):
    staff = make_account(app, Role.staff)
    connector = make_account(app, Role.intermediary)
    sign_in(client, connector)
    tokens = form_fields(client.get("/help-someone-sign-in").text)
    _r, document = page.post("/help-someone-sign-in", data={**tokens, "pseudonym": staff.pseudonym, "met": "y"}, status=422)
    assert "Only an administrator" in text_of(document.find(".//span[@id='pseudonym-error']"))
    tokens = form_fields(client.get("/help-someone-sign-in").text)
    _r, document = page.post("/help-someone-sign-in", data={**tokens, "pseudonym": staff.pseudonym}, status=422)
    assert "Confirm you have met this person" in text_of(document.find(".//div[@class='nhsuk-error-summary']"))


def test_two_set_up_pages_loading_at_once_show_the_same_secret(app):
    from portal.accounts import services

    person = make_account(app, Role.staff, two_factor=False)
    with app.app_context():
        first_view = db.session.get(Account, person.id)
        with app.app_context():
            other_view = db.session.get(Account, person.id)
            winner = services.begin_two_factor(db.session, account=other_view)
        assert first_view.totp_secret is None  # this page loaded before the other wrote
        assert services.begin_two_factor(db.session, account=first_view) == winner
