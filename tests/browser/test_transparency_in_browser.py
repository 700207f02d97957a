"""The "who can see what" page and the audit log in a real browser at phone size."""

import re

from playwright.sync_api import expect

from portal.web.permissions import PERMISSIONS, Role
from tests.browser.conftest import sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def test_who_can_see_what_passes_axe_and_fits_a_phone_and_a_desktop(new_page):
    for viewport in ({"width": 320, "height": 640}, {"width": 360, "height": 740}, {"width": 1280, "height": 800}):
        page = new_page(javascript=True, viewport=viewport)
        page.goto("/who-can-see-what")
        assert page.locator("main tbody tr").count() == len(PERMISSIONS)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
        stacked = page.locator("main thead").evaluate("el => el.getBoundingClientRect().height <= 1")
        assert stacked == (viewport["width"] < 769)


def test_the_audit_log_passes_axe_for_an_admin_on_a_phone(new_page, live_app):
    admin = make_account(live_app, Role.admin)
    page = new_page(javascript=True)
    sign_in_on_page(page, admin)
    page.goto("/admin/audit")
    expect(page.locator("main tbody tr").first).to_be_visible()
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Verify the chain now").click()
    expect(page.locator("main [role=status]")).to_contain_text(re.compile(r"The chain verifies:\s+\d+ entries checked"))
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    page.locator("#from").fill("2027-03-10")
    page.locator("#to").fill("2027-03-01")
    page.get_by_role("button", name="Show entries").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The ‘to’ date must be the same as the ‘from’ date or after it")
    assert page.locator("#to").input_value() == "2027-03-01"
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)


def test_the_audit_log_filters_and_checks_the_chain_without_javascript(new_page, live_app):
    admin = make_account(live_app, Role.admin)
    page = new_page(javascript=False)
    sign_in_on_page(page, admin)
    page.goto("/admin/audit")
    page.locator("#action").select_option("accounts.*")
    page.get_by_role("button", name="Show entries").click()
    page.wait_for_url(re.compile(r"action=accounts"))
    actions = page.locator("main tbody tr td:nth-child(3) code").all_inner_texts()
    assert actions and all(action.startswith("accounts.") for action in actions)
    page.get_by_role("button", name="Verify the chain now").click()
    expect(page.locator("main [role=status]")).to_contain_text("The chain verifies")
    assert page.locator("#action").input_value() == "accounts.*"
    assert_fits_the_screen(page)
