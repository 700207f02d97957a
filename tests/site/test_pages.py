"""Every public page, in every language, passes the page checks."""

import pytest

from portal.web import catalogues
from portal.web.i18n import LANGUAGE_COOKIE, LANGUAGES
from tests.pages import text_of

PUBLIC_PAGES = [
    "/",
    "/get-help-now",
    "/privacy",
    "/accessibility",
    "/language",
    "/report-a-problem",
    "/sign-up",
    "/sign-in",
    "/recover",
    "/sign-up/under-16",
]


def english_messages(code: str) -> list[str]:
    """Messages long enough to spot, whose translation differs from the English."""
    return [
        message.id
        for message in catalogues.read_catalogue(code)
        if isinstance(message.id, str)
        and len(message.id) >= 12
        and "%(" not in message.id
        and "<" not in message.id
        and message.string != message.id
    ]


def english_left(document, english: list[str]) -> list[str]:
    shown = text_of(document.find(".//body"))
    return [text for text in english if text.replace("%%", "%") in shown]


@pytest.mark.parametrize("code", list(LANGUAGES))
@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_page_is_well_formed_in_every_language(client, page, url, code):
    client.set_cookie(LANGUAGE_COOKIE, code)
    _response, document = page.get(url)
    html = document.find(".")
    assert html.get("lang") == LANGUAGES[code].tag
    assert html.get("dir") == LANGUAGES[code].direction
    title = text_of(document.find(".//title"))
    assert title.endswith(" – Community Voices")


@pytest.mark.parametrize("code", [code for code in LANGUAGES if code != "en"])
def test_no_english_message_is_left_on_a_translated_page(client, page, code):
    english = english_messages(code)
    client.set_cookie(LANGUAGE_COOKIE, code)
    for url in PUBLIC_PAGES:
        _response, document = page.get(url)
        assert english_left(document, english) == [], f"{url} in {code} still shows English"


def test_home_page_says_what_the_portal_is_for(page):
    _response, document = page.get("/")
    assert text_of(document.find(".//h1")) == "Help shape your local health services"
    assert any(a.get("href") == "/get-help-now" for a in document.iter("a"))


def test_every_page_has_exit_this_page_and_a_skip_link(page):
    for url in PUBLIC_PAGES:
        _response, document = page.get(url)
        exit_link = document.find(".//a[@data-exit-this-page]")
        assert exit_link is not None and exit_link.get("href").startswith("https://")
        skip = document.find(".//a[@class='nhsuk-skip-link']")
        assert skip.get("href") == "#main-content"
        assert document.find(".//main[@id='main-content']") is not None


def test_get_help_page_links_call_and_text(page):
    _response, document = page.get("/get-help-now")
    hrefs = [a.get("href") for a in document.iter("a")]
    assert "tel:999" in hrefs
    assert "tel:116123" in hrefs
    assert "sms:85258" in hrefs


def test_accessibility_statement_has_the_sections_the_regulations_require(page):
    _response, document = page.get("/accessibility")
    headings = [text_of(h) for h in document.iter("h2")] + [text_of(h) for h in document.iter("h3")]
    for required in (
        "How accessible this website is",
        "Feedback and contact information",
        "Enforcement procedure",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ):
        assert required in headings


def test_privacy_notice_explains_what_is_kept_and_your_rights(page):
    _response, document = page.get("/privacy")
    headings = [text_of(h) for h in document.iter("h2")]
    assert "What we keep" in headings and "Your rights" in headings


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.text == "ok\n"


def test_healthz_answers_503_when_the_database_is_down(tmp_path):
    from tests.conftest import make_app

    app = make_app(f"sqlite:///{tmp_path / 'missing' / 'nowhere.sqlite3'}")
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
