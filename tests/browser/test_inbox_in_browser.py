"""Reading the inbox on a phone, with JavaScript on (htmx, axe) and off."""

import re

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.notifications import services
from tests.browser.conftest import sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _signed_in_with_messages(new_page, live_app, *, javascript, language=None, count=2):
    person = make_account(live_app)
    with live_app.app_context():
        for _ in range(count):
            services.notify(db.session, recipient_id=person.id, kind="accounts.roles_changed", link="/account", roles=["participant"])
        db.session.commit()
    page = new_page(javascript=javascript, language=language)
    sign_in_on_page(page, person)
    return page


def test_reading_the_inbox_with_and_without_javascript(new_page, live_app, javascript):
    page = _signed_in_with_messages(new_page, live_app, javascript=javascript)
    expect(page.locator("header .portal-count")).to_have_text("2")
    page.locator("header a", has_text="Messages").click()
    page.wait_for_url(re.compile(r"/messages$"))
    assert page.locator(".portal-message--unread").count() == 2
    page.get_by_role("button", name=re.compile("^Mark as read")).first.click()
    expect(page.locator(".portal-message--unread")).to_have_count(1)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator(".portal-message--unread")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_inbox_and_choices_pass_axe(new_page, live_app, language):
    page = _signed_in_with_messages(new_page, live_app, javascript=True, language=language)
    for url in ["/messages", "/account/notifications", "/account"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
