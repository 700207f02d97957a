"""Easy read: larger text and more space for people who need it, and for anyone who asks."""

from portal.accounts.models import Account
from portal.content.reading import EASY_READ_COOKIE
from portal.extensions import db
from portal.groups import services as groups
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, sign_in

EASY = "portal-easy-read-mode"


def html_class(document) -> str:
    return document.find(".").get("class") or ""


def needs_easy_read(app, person) -> None:
    with app.app_context():
        db.session.get(Account, person.id).needs_easy_read = True
        db.session.commit()


def test_a_person_who_needs_easy_read_gets_larger_text_on_every_page(app, client, page):
    _response, document = page.get("/")
    assert EASY not in html_class(document)
    person = make_account(app)
    needs_easy_read(app, person)
    sign_in(client, person)
    for url in ("/", "/groups", "/glossary", "/account"):
        _response, document = page.get(url)
        assert EASY in html_class(document), url
        assert document.find(".//main").get("data-easy-read-mode") is not None


def test_what_to_expect_opens_in_easy_read_for_people_who_need_it(app, client, page):
    staff = make_account(app, Role.staff)
    with app.app_context():
        group = groups.create_group(
            db.session,
            data={"name": "Carers group", "pathway": "Community therapy", "description": "For carers.", "who_runs_it": "A nurse.", "easy_read": "We meet.\n\nWe talk."},
            actor_id=staff.id,
        )
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert document.find(".//div[@class='portal-easy-read']") is None
    client.set_cookie(EASY_READ_COOKIE, "on")
    _response, document = page.get(f"/groups/{group.id}/what-to-expect")
    assert document.find(".//div[@class='portal-easy-read']") is not None
    _response, document = page.get(f"/groups/{group.id}/what-to-expect?version=standard")
    assert document.find(".//div[@class='portal-easy-read']") is None


def test_anyone_can_turn_easy_read_on_and_off_without_an_account(app, client, page):
    tokens = form_fields(client.get("/").text)
    response = client.post("/easy-read", data={"csrf_token": tokens["csrf_token"], "easy_read": "on", "next": "/groups"})
    assert response.status_code == 303 and response.headers["Location"] == "/groups"
    assert "HttpOnly" in response.headers["Set-Cookie"] and "SameSite=Lax" in response.headers["Set-Cookie"]
    _response, document = page.get("/groups")
    assert EASY in html_class(document)
    button = document.find(".//form[@action='/easy-read']//button")
    assert button.get("value") == "off"
    response = client.post("/easy-read", data={"csrf_token": tokens["csrf_token"], "easy_read": "off", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    _response, document = page.get("/")
    assert EASY not in html_class(document)


def test_turning_easy_read_off_on_a_device_wins_over_the_recorded_need(app, client, page):
    person = make_account(app)
    needs_easy_read(app, person)
    sign_in(client, person)
    client.set_cookie(EASY_READ_COOKIE, "off")
    _response, document = page.get("/")
    assert EASY not in html_class(document)


def test_the_easy_read_switch_needs_a_real_form(app, client):
    assert client.post("/easy-read", data={"easy_read": "on"}).status_code == 400
    tokens = form_fields(client.get("/").text)
    assert client.post("/easy-read", data={**tokens, "easy_read": "maybe"}).status_code == 400
    assert client.get("/").text.count(EASY) == 0
