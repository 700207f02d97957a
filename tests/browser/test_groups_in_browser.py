"""Finding, reading and joining a group on a phone; setting one up as staff."""


import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.groups import services
from portal.web.permissions import Role
from tests.browser.conftest import SUBMIT, sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _group(live_app, **changes):
    owner = make_account(live_app, Role.staff)
    data = {
        "name": "Appointments that work for carers",
        "pathway": "Community therapy",
        "touchpoints": ["follow_up"],
        "description": "We are trying evening slots.\n\nEveryone is welcome.",
        "join_policy": "open",
        "who_runs_it": "A nurse and a peer worker.",
        "easy_read": "We meet.\n\nWe talk.",
        **changes,
    }
    with live_app.app_context():
        return services.create_group(db.session, data=data, actor_id=owner.id), owner




def test_a_participant_finds_reads_and_joins_a_group(new_page, live_app, javascript):
    group, _owner = _group(live_app, name=f"Carers group {'js' if javascript else 'nojs'}")
    person = make_account(live_app)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, person)
    page.goto("/groups")
    page.get_by_role("link", name=group.name).click()
    expect(page.locator("h1")).to_have_text(group.name)
    page.get_by_role("link", name="What to expect if you join").click()
    expect(page.locator("h1")).to_have_text("What to expect")
    page.get_by_role("link", name="Show the easy read version").click()
    expect(page.locator(".portal-easy-read p").first).to_have_text("We meet.")
    page.goto(f"/groups/{group.id}")
    page.get_by_role("button", name="Join this group").click()
    expect(page.locator("main")).to_contain_text("You are a member of this group.")
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_group_pages_pass_axe(new_page, live_app, language):
    group, owner = _group(live_app, name=f"Axe group {language}", join_policy="request")
    page = new_page(javascript=True, language=language)
    for url in ["/groups", f"/groups/{group.id}", f"/groups/{group.id}/what-to-expect", f"/groups/{group.id}/what-to-expect?version=easy-read"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    sign_in_on_page(page, make_account(live_app))
    page.goto(f"/groups/{group.id}")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".portal-flash").first).to_be_visible()
    assert_no_axe_violations(page)
    page.goto(f"/groups/{group.id}/what-to-expect")
    page.locator("main form[action$='what-to-expect'] button[type=submit]").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("#text").fill("A quiet room, please.")
    page.locator("main form[action$='what-to-expect'] button[type=submit]").click()
    expect(page.locator(".portal-flash").first).to_be_visible()
    staff_page = new_page(javascript=True, language=language)
    sign_in_on_page(staff_page, owner)
    staff_page.goto(f"/groups/{group.id}/adjustments")
    expect(staff_page.locator("main")).to_contain_text("A quiet room, please.")  # the person's own words
    assert_no_axe_violations(staff_page)


def test_staff_set_up_a_group_on_a_phone(new_page, live_app, javascript):
    staff = make_account(live_app, Role.staff)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, staff)
    if javascript:
        page.goto("/admin/problem-reports")
        assert_no_axe_violations(page)
    page.goto("/groups/new")
    if javascript:
        assert_no_axe_violations(page)
    page.locator(SUBMIT).click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    page.locator("#name").fill(f"Outreach clinic {'js' if javascript else 'nojs'}")
    page.locator("#pathway").fill("Outreach")
    page.locator("#description").fill("Clinics at a trusted venue.")
    page.locator(SUBMIT).click()
    expect(page.locator("h1")).to_have_text(f"Outreach clinic {'js' if javascript else 'nojs'}")
    assert_fits_the_screen(page)
    page.get_by_role("button", name="Make an invitation code").click()
    expect(page.locator("h1")).to_have_text("Invitation code")
    code = page.locator("main .portal-code").inner_text()
    if javascript:
        assert_no_axe_violations(page)
    person = make_account(live_app)
    phone = new_page(javascript=javascript)
    sign_in_on_page(phone, person)
    phone.goto("/groups/join-with-code")
    if javascript:
        assert_no_axe_violations(phone)
    phone.locator("#code").fill(code)
    phone.locator(SUBMIT).click()
    expect(phone.locator("main")).to_contain_text("You are a member of this group.")
