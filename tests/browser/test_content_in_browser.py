"""The glossary, translating a group, and easy read, on a phone."""

import re
import uuid

import pytest
from playwright.sync_api import expect

from portal.content import services as content
from portal.extensions import db
from portal.groups import services as groups
from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _group_and_term(live_app):
    owner = make_account(live_app, Role.staff)
    word = f"Discharge{uuid.uuid4().hex[:6]}"
    with live_app.app_context():
        entry = content.add_term(db.session, term=word, definition="When a service finishes your care and stops seeing you.", actor_id=owner.id)
        content.translate_term(db.session, entry=entry, language="ur", term=f"ڈسچارج{word[-6:]}", definition="جب کوئی سروس آپ کی دیکھ بھال ختم کر دیتی ہے۔", actor_id=owner.id)
        group = groups.create_group(
            db.session,
            data={
                "name": f"Leaving the service well {word[-6:]}",
                "pathway": "Community mental health",
                "description": f"Before your {word} we plan what happens next.\n\nEveryone is welcome.",
                "join_policy": "open",
                "easy_read": "We meet.\n\nWe talk.",
            },
            actor_id=owner.id,
        )
    return group, entry


@pytest.mark.parametrize("language", ["en", "ur"])
def test_the_glossary_and_a_linked_term_pass_axe(new_page, live_app, language):
    group, entry = _group_and_term(live_app)
    page = new_page(javascript=True, language=language)
    page.goto(f"/groups/{group.id}")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    if language == "en":
        page.locator(f"main a[href='/glossary#term-{entry.slug}']").click()
        page.wait_for_url(f"**/glossary#term-{entry.slug}")
        expect(page.locator(f"#term-{entry.slug}")).to_be_visible()
    else:
        expect(page.locator(".portal-untranslated").first).to_be_visible()
        page.goto("/glossary")
        expect(page.locator(f"#term-{entry.slug}")).to_contain_text("ڈسچارج")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_a_connector_translates_a_group_on_a_phone(new_page, live_app, language):
    group, _entry = _group_and_term(live_app)
    connector = make_account(live_app, Role.participant, Role.intermediary)
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, connector)
    page.goto(f"/groups/{group.id}/translations")
    assert_no_axe_violations(page)
    page.goto(f"/groups/{group.id}/translations/ur")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    page.locator("#name").fill("x" * 130)
    page.locator(SUBMIT).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    page.locator("#name").fill("سروس سے اچھی طرح رخصت")
    page.locator("#description").fill("آپ کے جانے سے پہلے ہم مل کر منصوبہ بناتے ہیں۔")
    page.locator(SUBMIT).click()
    expect(page.locator(".portal-flash").first).to_be_visible()
    reader = new_page(javascript=True, language="ur")
    reader.goto(f"/groups/{group.id}")
    expect(reader.locator("h1")).to_have_text("سروس سے اچھی طرح رخصت")
    expect(reader.locator("main")).to_contain_text("آپ کے جانے سے پہلے ہم مل کر منصوبہ بناتے ہیں۔")


def test_easy_read_can_be_switched_on_without_an_account_and_fits_320_pixels(new_page, live_app, javascript):
    group, _entry = _group_and_term(live_app)
    page = new_page(javascript=javascript, viewport={"width": 320, "height": 640})
    page.goto(f"/groups/{group.id}/what-to-expect")
    page.get_by_role("button", name="Easy read: larger text and more space").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\bportal-easy-read-mode\b"))
    expect(page.locator(".portal-easy-read p").first).to_have_text("We meet.")
    assert_fits_the_screen(page)
    if javascript:
        assert_no_axe_violations(page)
    page.goto("/glossary")
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Turn off easy read").click()
    expect(page.get_by_role("button", name="Easy read: larger text and more space")).to_be_visible()
