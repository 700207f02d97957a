"""A connector signs someone up and prints their card; the person signs in with code and PIN
on a phone and says they will come to a meeting."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.meetings import services as meetings
from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, on_path, sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _sign_up_someone(page, pseudonym: str) -> str:
    page.goto("/connector/sign-up")
    page.locator("#pseudonym").fill(pseudonym)
    page.locator("#pin").fill("4826")
    page.locator("label[for=taking_part]").click()
    page.locator("label[for=explained]").click()
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/connector/card$"))
    return page.locator(".portal-card__code span[translate=no]").inner_text()


def test_card_to_meeting_with_and_without_javascript(new_page, live_app, javascript):
    connector = make_account(live_app, Role.participant, Role.intermediary)
    suffix = "js" if javascript else "nojs"
    with live_app.app_context():
        group = groups.create_group(db.session, data={"name": f"Barbershop {suffix}", "pathway": "Men's health", "description": "x", "join_policy": "open"}, actor_id=connector.id)
        starts = utc_now() + timedelta(days=4)
        meeting = meetings.create_meeting(db.session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Back room"}, actor_id=connector.id)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, connector)
    code = _sign_up_someone(page, f"card-person-{suffix}")
    expect(page.locator(".portal-card")).to_contain_text(f"card-person-{suffix}")
    assert_fits_the_screen(page)
    phone = new_page(javascript=javascript)
    phone.goto(f"/sign-in/card?code={code}")
    expect(phone.locator("#code")).to_have_value(code)
    phone.locator("#pin").fill("4826")
    phone.locator(SUBMIT).click()
    phone.wait_for_url(on_path("/account"))
    phone.goto(f"/groups/{group.id}")
    phone.get_by_role("button", name="Join this group").click()
    expect(phone.locator("main")).to_contain_text("You are a member of this group.")
    phone.goto(f"/meetings/{meeting.id}")
    phone.get_by_role("button", name="Yes, I will come").click()
    expect(phone.locator("main")).to_contain_text("You said you will come.")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_connector_pages_and_the_card_pass_axe(new_page, live_app, language):
    connector = make_account(live_app, Role.participant, Role.intermediary)
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, connector)
    for url in ["/connector/sign-up", "/connector/new-card", "/connector/new-pin"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    _sign_up_someone(page, f"axe-card-{language}")
    assert page.locator(".portal-card__qr").evaluate("img => img.complete && img.naturalWidth > 90")  # the QR code draws
    assert_no_axe_violations(page)
    page.emulate_media(media="print")
    box = page.locator(".portal-card").bounding_box()
    assert box["width"] < 340 and box["height"] < 220  # 85.6 × 54 mm
    page.emulate_media(media="screen")
    page.goto("/connector/people")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    page.locator("main a[href$='/contact']").first.click()
    expect(page.locator("#contact_date")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/connector/people$"))
    assert_no_axe_violations(page)
    other = new_page(javascript=True, language=language)
    other.goto("/sign-in/card")
    assert_no_axe_violations(other)
