"""A person's own settings: language, communication needs, contact details, visibility, consent."""

import sqlalchemy as sa
from sqlmodel import select

from portal.accounts import services
from portal.accounts.models import Account, Consent
from portal.extensions import db
from tests.factories import make_account, post_form, sign_in
from tests.pages import text_of


def test_your_language_drives_every_page_from_then_on(app, client):
    person = make_account(app)
    sign_in(client, person)
    assert post_form(client, "/account/language", {"language": "ar"}).status_code == 303
    html = client.get("/privacy", headers={"Accept-Language": "pl"}).text
    assert '<html lang="ar" dir="rtl"' in html


def test_the_language_switcher_also_saves_your_choice(app, client):
    person = make_account(app)
    sign_in(client, person)
    post_form(client, "/language", {"language": "cy", "next": "/"}, get_url="/language")
    with app.app_context():
        assert db.session.get(Account, person.id).language == "cy"


def test_an_unknown_language_choice_is_explained(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/language", {"language": "xx"})
    assert response.status_code == 422 and "Choose a language from the list" in response.text


def test_communication_needs_are_saved_and_shown(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/needs", {"needs_interpreter": "y", "needs_easy_read": "y", "needs_language": "Tigrinya"})
    assert response.status_code == 303
    _response, document = page.get("/account")
    shown = text_of(document.find(".//dl"))
    assert "Tigrinya" in shown and "Interpreter" in shown and "Easy read" in shown


def test_contact_details_are_encrypted_at_rest_and_shown_back_only_to_you(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/contact", {"email": "me@example.org", "mobile": "07700 900982"})
    assert response.status_code == 303
    with app.app_context():
        raw = db.session.execute(sa.text("SELECT email_encrypted, mobile_encrypted FROM account")).one()
    assert "me@example.org" not in raw[0] and "07700" not in raw[1]
    _response, document = page.get("/account")
    assert "me@example.org" in text_of(document.find(".//dl"))


def test_bad_contact_details_are_explained_and_kept(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/contact", {"email": "not-an-email", "mobile": "12345"})
    assert response.status_code == 422
    assert "Enter an email address like" in response.text and "Enter a UK mobile number" in response.text
    assert 'value="not-an-email"' in response.text


def test_being_listed_to_other_members_is_off_until_you_turn_it_on(app, client):
    person = make_account(app)
    with app.app_context():
        assert db.session.get(Account, person.id).listed_to_members is False
    sign_in(client, person)
    post_form(client, "/account/visibility", {"listed": "y"})
    with app.app_context():
        assert db.session.get(Account, person.id).listed_to_members is True


def test_a_new_privacy_notice_asks_for_agreement_again(app, client, monkeypatch):
    person = make_account(app)
    sign_in(client, person)
    agreed = services.PRIVACY_NOTICE_VERSION
    monkeypatch.setattr(services, "PRIVACY_NOTICE_VERSION", "2027-01-01")
    monkeypatch.setattr("portal.accounts.current.PRIVACY_NOTICE_VERSION", "2027-01-01")
    assert client.get("/account").headers["Location"] == "/account/privacy-notice"
    assert post_form(client, "/account/privacy-notice", {}).status_code == 303
    assert client.get("/account").status_code == 200
    with app.app_context():
        versions = sorted(c.version for c in db.session.exec(select(Consent)))
    assert versions == [agreed, "2027-01-01"]


def test_a_new_recovery_code_replaces_the_old_one(app, client, page):
    person = make_account(app)
    sign_in(client, person)
    response = post_form(client, "/account/recovery-code", {}, get_url="/account")
    assert response.headers["Location"] == "/your-recovery-code"
    _response, document = page.get("/your-recovery-code")
    assert text_of(document.find(".//p[@class='portal-code']")) != person.recovery_code
