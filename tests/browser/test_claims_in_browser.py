"""Claiming travel with a photo of the receipt on a phone, and staff approving it."""

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

SEND = "main form[enctype] button[type=submit]"
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 500


def _held_meeting(live_app, name):
    staff = make_account(live_app, Role.staff)
    member = make_account(live_app)
    started = utc_now() - timedelta(hours=2)
    with live_app.app_context():
        group = groups.create_group(db.session, data={"name": name, "pathway": "Carers", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=member.id)
        meeting = meetings.create_meeting(
            db.session,
            group=group,
            data={"starts_at": started, "ends_at": started + timedelta(hours=1), "venue": "Hall", "offers_travel": True, "offers_care_cover": True, "offers_payment": True},
            actor_id=staff.id,
            now=started - timedelta(days=1),
        )
    return meeting, staff, member


def test_a_member_claims_with_a_receipt_and_staff_approve(new_page, live_app, javascript):
    meeting, staff, member = _held_meeting(live_app, f"Claims group {javascript}")
    phone = new_page(javascript=javascript)
    sign_in_on_page(phone, member)
    phone.goto(f"/meetings/{meeting.id}")
    phone.locator(f"main a[href='/meetings/{meeting.id}/claim']").click()
    phone.wait_for_url(on_path(f"/meetings/{meeting.id}/claim"))
    expect(phone.locator("#kind-0")).to_be_visible()
    phone.locator("label[for=kind-0]").click()  # travel
    phone.locator("#amount").fill("14.20")
    phone.locator("#details").fill("Train and bus")
    phone.locator(SEND).click()
    expect(phone.locator(".nhsuk-error-summary")).to_contain_text("receipt")
    expect(phone.locator("#details")).to_have_value("Train and bus")
    phone.locator("#receipt").set_input_files(files=[{"name": "receipt.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    phone.locator(SEND).click()
    phone.wait_for_url(on_path("/claims/mine"))
    expect(phone.locator("main")).to_contain_text("Waiting for a decision")
    assert_fits_the_screen(phone)

    office = new_page(javascript=javascript)
    sign_in_on_page(office, staff)
    office.goto("/claims")
    office.locator("main h2 a").first.click()
    office.wait_for_url(re.compile(r"/claims/[0-9a-f-]+$"))
    office.locator("label[for=decision-0]").click()
    office.locator(SUBMIT).click()
    office.wait_for_url(on_path("/claims"))
    phone.goto("/claims/mine")
    expect(phone.locator("main")).to_contain_text("Approved")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_claim_pages_pass_axe(new_page, live_app, language):
    meeting, staff, member = _held_meeting(live_app, f"Axe claims {language}")
    phone = new_page(javascript=True, language=language)
    sign_in_on_page(phone, member)
    for url in [f"/meetings/{meeting.id}/claim", "/claims/mine"]:
        phone.goto(url)
        assert_no_axe_violations(phone)
        assert_fits_the_screen(phone)
    phone.goto(f"/meetings/{meeting.id}/claim")
    phone.locator(SEND).click()
    expect(phone.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(phone)
    phone.locator("label[for=kind-1]").click()
    phone.locator("#amount").fill("9")
    phone.locator("#receipt").set_input_files(files=[{"name": "r.jpg", "mimeType": "image/jpeg", "buffer": JPEG}])
    phone.locator(SEND).click()
    phone.wait_for_url(on_path("/claims/mine"))
    office = new_page(javascript=True, language=language)
    sign_in_on_page(office, staff)
    office.goto("/claims")
    assert_no_axe_violations(office)
    assert_fits_the_screen(office)
    office.locator("main h2 a").first.click()
    office.wait_for_url(re.compile(r"/claims/[0-9a-f-]+$"))
    assert_no_axe_violations(office)
    assert_fits_the_screen(office)
