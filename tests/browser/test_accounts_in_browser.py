"""Joining, signing in, recovery, two-factor and settings in a real browser at phone size."""

import re

import pyotp
import pytest
from playwright.sync_api import expect

from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, on_path
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _join(page, pseudonym: str) -> str:
    page.goto("/sign-up")
    page.locator("#pseudonym").fill(pseudonym)
    page.locator("#password").fill("teapot river cloud")
    page.locator("label[for=age]").click()
    page.locator("label[for=privacy]").click()
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/your-recovery-code$"))
    return page.locator("p.portal-code").inner_text()


def test_joining_on_a_phone_with_and_without_javascript(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/sign-up")
    page.locator(SUBMIT).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    code = _join(page, f"phone-{'js' if javascript else 'nojs'}-joiner")
    assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
    assert_fits_the_screen(page)
    page.get_by_role("link", name="I have written it down").click()
    page.wait_for_url(on_path("/account"))


def test_suggest_a_name_fills_the_field_with_and_without_javascript(new_page, javascript):
    page = new_page(javascript=javascript)
    page.goto("/sign-up")
    page.locator("#password").fill("kept?")
    page.get_by_role("button", name="Suggest a name").click()
    expect(page.locator("#pseudonym")).to_have_value(re.compile(r"^[a-z]+-[a-z]+-\d+$"))
    if javascript:
        assert page.locator("#password").input_value() == "kept?"


@pytest.mark.parametrize("language", ["en", "ur"])
def test_account_pages_pass_axe(new_page, live_app, language):
    page = new_page(javascript=True, language=language)
    _join(page, f"axe-{language}-person")
    for url in ["/your-recovery-code", "/account", "/account/password", "/account/language", "/account/needs",
                "/account/contact", "/account/visibility", "/account/two-factor"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    page.goto("/account/needs")
    page.locator(SUBMIT).click()
    page.wait_for_url(on_path("/account"))
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_sign_in_recovery_and_helper_pages_pass_axe(new_page, language):
    page = new_page(javascript=True, language=language)
    for url in ["/sign-in", "/recover", "/sign-up", "/sign-up/under-16"]:
        page.goto(url)
        assert_no_axe_violations(page)
    page.goto("/sign-in")
    page.locator(SUBMIT).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)


def test_sign_in_and_sign_out_with_and_without_javascript(new_page, live_app, javascript):
    person = make_account(live_app)
    page = new_page(javascript=javascript)
    page.goto("/sign-in")
    page.locator("#pseudonym").fill(person.pseudonym)
    page.locator("#password").fill("wrong password")
    page.locator(SUBMIT).click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The name or password is not right")
    assert page.locator("#pseudonym").input_value() == person.pseudonym
    page.locator("#password").fill(person.password)
    page.locator(SUBMIT).click()
    page.wait_for_url(on_path("/account"))
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator(".portal-flash")).to_contain_text("You have signed out")


def test_recovery_with_and_without_javascript(new_page, live_app, javascript):
    person = make_account(live_app)
    page = new_page(javascript=javascript)
    page.goto("/sign-in")
    page.get_by_role("link", name="I forgot my password").click()
    expect(page.locator("h1")).to_have_text("Set a new password")  # the sign-in form has a #pseudonym too
    page.locator("#pseudonym").fill(person.pseudonym)
    page.locator("#code").fill(person.recovery_code.lower().replace("-", " "))
    page.locator("#password").fill("brand new words")
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/recover/done$"))
    assert page.locator("p.portal-code").inner_text() != person.recovery_code


def test_two_factor_set_up_and_sign_in_for_an_admin(new_page, live_app, javascript):
    admin = make_account(live_app, Role.admin, two_factor=False)
    page = new_page(javascript=javascript)
    page.goto("/sign-in")
    page.locator("#pseudonym").fill(admin.pseudonym)
    page.locator("#password").fill(admin.password)
    page.locator(SUBMIT).click()
    page.wait_for_url(on_path("/account/two-factor"))  # signed in, and sent to set up first
    page.goto("/admin/settings")
    page.wait_for_url(on_path("/account/two-factor"))
    if javascript:
        assert_no_axe_violations(page)
    secret = page.locator("main .portal-code").inner_text().replace(" ", "")
    page.locator("#code").fill(pyotp.TOTP(secret).now())
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/recovery-codes$"))
    assert page.locator("li.portal-code").count() == 10
    if javascript:
        assert_no_axe_violations(page)
    page.goto("/admin/settings")
    expect(page.locator("h1")).to_have_text("Service settings")
    if javascript:
        assert_no_axe_violations(page)
        page.goto("/admin/accounts")
        assert_no_axe_violations(page)
        page.goto("/admin/outbox")
        assert_no_axe_violations(page)


def test_a_staff_member_signs_in_with_a_code(new_page, live_app, javascript):
    staff = make_account(live_app, Role.staff)
    page = new_page(javascript=javascript)
    page.goto("/sign-in")
    page.locator("#pseudonym").fill(staff.pseudonym)
    page.locator("#password").fill(staff.password)
    page.locator(SUBMIT).click()
    page.wait_for_url(re.compile(r"/sign-in/two-factor"))
    if javascript:
        assert_no_axe_violations(page)
    page.locator("#code").fill(pyotp.TOTP(staff.totp_secret).now())
    page.locator(SUBMIT).click()
    page.wait_for_url(on_path("/account"))
