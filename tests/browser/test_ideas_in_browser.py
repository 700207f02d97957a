"""Sharing an idea and telling us someone is at risk, on a phone, with and without JavaScript;
the moderation and safeguarding pages pass axe in English and Urdu."""

import pytest
from playwright.sync_api import expect
from sqlmodel import select

from portal.extensions import db
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.safeguarding.models import Case, RiskAnswer
from portal.web.permissions import Role
from tests.browser.conftest import on_path, sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account

SEND = "main form[action='/ideas/new'] button[type=submit]"


def test_telling_us_someone_is_at_risk_shows_help_at_once(new_page, live_app, javascript):
    person = make_account(live_app)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, person)
    page.goto("/ideas/new")
    danger = page.locator("#danger-now")
    if javascript:  # the 999 panel follows the answer (CSS only, so it works with scripts off too)
        expect(danger).to_be_hidden()
        page.locator("label[for=risk-1]").click()
        expect(danger).to_be_visible()
    page.locator("label[for=risk-2]").click()  # "Yes, me"
    page.locator("#what_happened").fill("My partner takes my money and will not let me see my family.")
    page.locator(SEND).click()
    page.wait_for_url(on_path_ending("/sent"))
    expect(page.locator("h1")).to_have_text("Thank you for telling us")
    expect(page.locator("main")).to_contain_text("A safeguarding lead will read it by")
    expect(page.locator("main a[href='tel:999']").first).to_be_visible()
    assert "partner" not in page.title().lower() and "sent" in page.url
    assert_fits_the_screen(page)
    page.locator("label[for=way-0]").click()  # a message on this website
    page.locator("main form[action$='/contact'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("The safeguarding lead will contact you that way.")
    with live_app.app_context():
        case = db.session.exec(select(Case).order_by(Case.created_at.desc())).first()
        assert case.contact_way == "inbox"


def on_path_ending(suffix):
    return lambda url: url.split("?")[0].endswith(suffix)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_idea_moderation_and_case_pages_pass_axe(new_page, live_app, language):
    author = make_account(live_app)
    with live_app.app_context():
        plain = ideas.submit_idea(db.session, author_id=author.id, touchpoint=Touchpoint.referral, what_happened="The letter came late. Call 07700 900123.", what_should_change="Text me.", language="en", risk_answer=RiskAnswer.no).idea
        other = ideas.submit_idea(db.session, author_id=author.id, touchpoint=Touchpoint.referral, what_happened="খুব দেরি হয়েছে।", what_should_change="", language="bn", risk_answer=RiskAnswer.no).idea
        case = ideas.submit_idea(db.session, author_id=author.id, touchpoint=Touchpoint.other, what_happened="I am scared at home.", what_should_change="", language="en", risk_answer=RiskAnswer.yes_me).case
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, author)
    for url in ["/ideas/new", "/ideas/mine", f"/ideas/{plain.id}/sent"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    page.goto("/ideas/new")
    page.locator(SEND).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    staff = new_page(javascript=True, language=language)
    sign_in_on_page(staff, make_account(live_app, Role.staff))
    for url in ["/moderation", f"/moderation/{plain.id}", "/ideas/to-translate", f"/ideas/{other.id}/translate"]:
        staff.goto(url)
        assert_no_axe_violations(staff)
        assert_fits_the_screen(staff)
    staff.goto(f"/moderation/{plain.id}")
    staff.locator("label[for=decision-0]").click()
    staff.locator("main form button[type=submit]").click()
    staff.wait_for_url(on_path("/moderation"))
    for url in ["/ideas", f"/ideas/{plain.id}"]:
        staff.goto(url)
        assert_no_axe_violations(staff)
        assert_fits_the_screen(staff)
    lead = new_page(javascript=True, language=language)
    sign_in_on_page(lead, make_account(live_app, Role.safeguarding_lead))
    for url in ["/cases", f"/cases/{case.id}", "/cases/rota", f"/cases/{case.id}/identity"]:
        lead.goto(url)
        assert_no_axe_violations(lead)
        assert_fits_the_screen(lead)
    lead.goto(f"/cases/{case.id}")
    lead.locator(f"main form[action='/cases/{case.id}/acknowledge'] button").click()
    expect(lead.locator(f"main form[action='/cases/{case.id}/triage']")).to_be_visible()
    assert_no_axe_violations(lead)
    lead.locator(f"main form[action='/cases/{case.id}/triage'] button[type=submit]").click()
    expect(lead.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(lead)
