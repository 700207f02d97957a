"""Joining and using an account works in every language, with nothing left in English."""

import pytest
from sqlmodel import select

from portal.accounts.models import Account
from portal.extensions import db
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.site.test_pages import english_left, english_messages

ACCOUNT_PAGES = [
    "/account",
    "/account/password",
    "/account/language",
    "/account/needs",
    "/account/contact",
    "/account/visibility",
    "/account/two-factor",
    "/help-someone-sign-in",
    "/admin/accounts",
    "/admin/settings",
]


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_new_person_can_join_in_every_language(app, client, code):
    client.set_cookie(LANGUAGE_COOKIE, code)
    response = post_form(
        client, "/sign-up", {"pseudonym": f"joiner {code}", "password": "teapot river cloud", "age": "y", "privacy": "y"}
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.exec(select(Account.language)).one() == code


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_account_and_admin_pages_leave_no_english(app, client, page, code):
    admin = make_account(app, Role.admin, Role.intermediary)
    client.set_cookie(LANGUAGE_COOKIE, code)
    sign_in(client, admin)
    english = english_messages(code)
    for url in ACCOUNT_PAGES:
        _response, document = page.get(url)
        assert english_left(document, english) == [], f"{url} in {code} still shows English"


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_sign_up_errors_are_in_the_persons_language(client, page, code):
    client.set_cookie(LANGUAGE_COOKIE, code)
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, "pseudonym": "x", "password": "short"}, status=422)
    assert english_left(document, english_messages(code)) == []


def test_two_factor_set_up_page_is_translated(app, client, page):
    person = make_account(app, Role.staff, two_factor=False)
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    post_form(client, "/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    _response, document = page.get("/account/two-factor")
    assert english_left(document, english_messages("ur")) == []
