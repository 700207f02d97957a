"""Joining with a made-up name and a password only."""

import pytest
from sqlmodel import select

from portal.accounts import names
from portal.accounts.models import Account, Consent, ConsentKind, RoleGrant
from portal.accounts.services import PRIVACY_NOTICE_VERSION
from portal.extensions import db
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.factories import PASSWORD, form_fields, make_account, post_form
from tests.pages import text_of

GOOD = {"pseudonym": "Quiet Heron", "password": "teapot river cloud", "age": "y", "privacy": "y"}


def accounts(app):
    with app.app_context():
        return list(db.session.exec(select(Account)))


def test_joining_needs_no_real_name_or_email_and_signs_you_in(app, client, page):
    _response, document = page.get("/sign-up")
    names_asked = {el.get("name") for el in document.iter("input")}
    assert names_asked >= {"pseudonym", "password", "age", "privacy"}
    assert not names_asked & {"email", "name", "real_name", "phone"}
    response = post_form(client, "/sign-up", GOOD)
    assert response.status_code == 303 and response.headers["Location"] == "/your-recovery-code"
    [account] = accounts(app)
    assert account.pseudonym == "Quiet Heron"
    assert account.password_hash.startswith("$argon2id$")
    with app.app_context():
        [consent] = db.session.exec(select(Consent)).all()
        assert (consent.kind, consent.version) == (ConsentKind.privacy_notice, PRIVACY_NOTICE_VERSION)
        assert db.session.exec(select(RoleGrant.role)).all() == [Role.participant]


def test_the_recovery_code_is_shown_once(client, page):
    post_form(client, "/sign-up", GOOD)
    _response, document = page.get("/your-recovery-code")
    code = text_of(document.find(".//p[@class='portal-code']"))
    assert len(code) == 19 and code.count("-") == 3
    assert client.get("/your-recovery-code").status_code == 303


def test_the_language_you_joined_in_becomes_your_language(app, client):
    client.set_cookie(LANGUAGE_COOKIE, "so")
    post_form(client, "/sign-up", GOOD)
    assert accounts(app)[0].language == "so"
    client.delete_cookie(LANGUAGE_COOKIE)
    assert '<html lang="so"' in client.get("/account").text


@pytest.mark.parametrize(
    ("pseudonym", "message"),
    [
        ("ab", "Use at least 3 characters for your name"),
        ("x" * 33, "Use 32 characters or fewer for your name"),
        ("bad<script>", "Use only letters, numbers, spaces"),
        ("Blue Неron", "Write your name in one alphabet only"),
    ],
)
def test_names_that_cannot_be_used_are_explained_and_kept(app, client, page, pseudonym, message):
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, **GOOD, "pseudonym": pseudonym}, status=422)
    assert message in text_of(document.find(".//span[@id='pseudonym-error']"))
    assert document.find(".//input[@id='pseudonym']").get("value") == pseudonym
    assert document.find(".//input[@id='age']").get("checked") is not None
    assert accounts(app) == []


@pytest.mark.parametrize("near_copy", ["blueheron", "BLUE HERON", "B1ue-Heron", "Ｂｌｕｅ Ｈｅｒｏｎ", "blue_heron"])
def test_a_name_that_looks_like_a_taken_one_is_refused(app, client, page, near_copy):
    make_account(app, pseudonym="Blue Heron")
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, **GOOD, "pseudonym": near_copy}, status=422)
    assert "is taken" in text_of(document.find(".//span[@id='pseudonym-error']"))
    assert len(accounts(app)) == 1


def test_a_name_in_another_alphabet_that_looks_the_same_is_refused(app, client, page):
    make_account(app, pseudonym="coxe")
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, **GOOD, "pseudonym": "сохе"}, status=422)
    assert "is taken" in text_of(document.find(".//span[@id='pseudonym-error']"))


def test_names_in_any_one_alphabet_are_welcome(app, client):
    for pseudonym in ("নীল পাখি", "ਨੀਲਾ ਪੰਛੀ", "نیلا پرندہ", "Zoë O'Neil"):
        client.post("/sign-out", data=form_fields(client.get("/sign-up").text))
        response = post_form(client, "/sign-up", {**GOOD, "pseudonym": pseudonym})
        assert response.status_code == 303, pseudonym


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "Use at least 10 characters"),
        ("password123", "too easy to guess"),
        ("qwertyuiop", "too easy to guess"),
        ("aaaaaaaaaaaa", "too easy to guess"),
        ("1234567890", "too easy to guess"),
        ("quiet heron 2026", "Do not use your name"),
    ],
)
def test_weak_passwords_are_refused_with_advice(app, client, page, password, message):
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, **GOOD, "password": password}, status=422)
    assert message in text_of(document.find(".//span[@id='password-error']"))
    assert document.find(".//input[@id='password']").get("value") == ""
    assert accounts(app) == []


def test_age_and_privacy_must_be_confirmed(app, client, page):
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, "pseudonym": "Calm River", "password": "teapot river cloud"}, status=422)
    summary = text_of(document.find(".//div[@class='nhsuk-error-summary']"))
    assert "Confirm you are 16 or over" in summary and "Confirm you have read" in summary
    assert accounts(app) == []


def test_under_16s_are_pointed_elsewhere(app, page):
    _response, document = page.get("/sign-up/under-16")
    assert "16" in text_of(document.find(".//h1"))


def test_suggest_a_name_without_javascript_keeps_the_other_answers(client, page):
    tokens = form_fields(client.get("/sign-up").text)
    _response, document = page.post("/sign-up", data={**tokens, "pseudonym": "", "age": "y", "suggest": "1"})
    suggestion = document.find(".//input[@id='pseudonym']").get("value")
    assert names.problem(suggestion) is None and suggestion.count("-") == 2
    assert document.find(".//input[@id='age']").get("checked") is not None
    assert document.find(".//div[@class='nhsuk-error-summary']") is None


def test_suggest_a_name_with_htmx_returns_only_the_name_field(client):
    tokens = form_fields(client.get("/sign-up").text)
    response = client.post("/sign-up/suggest", data=tokens, headers={"HX-Request": "true", "X-CSRFToken": tokens["csrf_token"]})
    assert response.status_code == 200
    assert "<html" not in response.text and 'id="pseudonym-group"' in response.text


def test_the_same_form_sent_twice_makes_one_account(app, client, page):
    tokens = form_fields(client.get("/sign-up").text)
    assert client.post("/sign-up", data={**tokens, **GOOD}).status_code == 303
    client.post("/sign-out", data={"csrf_token": tokens["csrf_token"]})
    response = client.post("/sign-up", data={**tokens, **GOOD})
    assert response.status_code in (400, 409, 422)
    assert len(accounts(app)) == 1


def test_signed_in_people_are_sent_to_their_account(app, client):
    person = make_account(app)
    from tests.factories import sign_in

    sign_in(client, person)
    assert client.get("/sign-up").headers["Location"] == "/account"
    assert PASSWORD
