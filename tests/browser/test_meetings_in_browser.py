"""Planning a meeting, saying you will come, and recording who came, on a phone."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.meetings import services as meetings
from portal.meetings.models import Meeting
from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account




def _setting(live_app, name):
    staff = make_account(live_app, Role.staff)
    member = make_account(live_app)
    with live_app.app_context():
        group = groups.create_group(db.session, data={"name": name, "pathway": "Community therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=member.id)
    return group, staff, member


def test_a_facilitator_plans_and_a_member_says_yes(new_page, live_app, javascript):
    group, staff, member = _setting(live_app, f"Meeting group {javascript}")
    page = new_page(javascript=javascript)
    sign_in_on_page(page, staff)
    page.goto(f"/groups/{group.id}")
    page.get_by_role("link", name="Plan a meeting").click()
    expect(page.locator("h1")).to_have_text("Plan a meeting")
    page.locator("#day").fill((utc_now() + timedelta(days=5)).date().isoformat())
    page.locator("#starts").fill("18:30")
    page.locator("#ends").fill("20:00")
    page.locator("#venue").fill("Riverside Community Centre")
    page.locator("label[for=step_free]").click()
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/meetings/[0-9a-f-]+$"))
    assert_fits_the_screen(page)
    meeting_url = page.url
    other = new_page(javascript=javascript)
    sign_in_on_page(other, member)
    other.goto(meeting_url)
    other.get_by_role("button", name="Yes, I will come").click()
    expect(other.locator("main")).to_contain_text("You said you will come.")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_meeting_pages_pass_axe(new_page, live_app, language):
    group, staff, member = _setting(live_app, f"Axe meetings {language}")
    starts = utc_now() + timedelta(days=2)
    with live_app.app_context():
        meeting = meetings.create_meeting(
            db.session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=2), "venue": "Hall", "offers_payment": True}, actor_id=staff.id
        )
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, staff)
    for url in [f"/meetings/{meeting.id}", f"/meetings/{meeting.id}/edit", f"/groups/{group.id}/meetings/new", f"/groups/{group.id}"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    with live_app.app_context():
        db.session.get(Meeting, meeting.id).starts_at = utc_now() - timedelta(minutes=1)
        db.session.commit()
    page.goto(f"/meetings/{meeting.id}/attendance")
    assert_no_axe_violations(page)
    page.locator(f"label[for=travel-{member.id}]").click()
    page.locator("#headcount").fill("lots")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
