"""Voting on a phone with and without JavaScript; the proposal pages pass axe in English and Urdu."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.proposals import services
from portal.proposals.models import Eligibility, Method, Results
from portal.web.permissions import Role
from tests.browser.conftest import sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account

VOTE = "#vote-panel form button[type=submit]"


def _proposal(live_app, name, *, secret=False, method=Method.support, options=()):
    staff = make_account(live_app, Role.staff)
    member = make_account(live_app)
    with live_app.app_context():
        group = groups.create_group(db.session, data={"name": name, "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=member.id)
        proposal = services.create_proposal(
            db.session,
            data=services.NewProposal(
                title="Evening clinics", summary="Open two evenings a week.", detail="Tuesdays and Thursdays until 8pm.", easy_read="Later times. Easier to come.",
                group_id=group.id, touchpoint=Touchpoint.follow_up, method=method, options=list(options), eligibility=Eligibility.group_members,
                secret=secret, results=Results.live, opens_at=utc_now() - timedelta(hours=1), closes_at=utc_now() + timedelta(days=7), idea_ids=[],
            ),
            actor_id=staff.id,
        )
    return proposal, staff, member


def test_a_member_votes_and_changes_their_vote(new_page, live_app, javascript):
    proposal, _staff, member = _proposal(live_app, f"Voting group {javascript}")
    page = new_page(javascript=javascript)
    sign_in_on_page(page, member)
    page.goto(f"/proposals/{proposal.id}")
    page.locator("label[for=choice-0]").click()
    page.locator(VOTE).click()
    expect(page.locator("#vote-panel")).to_contain_text("Your vote: I support it.")
    expect(page.locator("#vote-panel table")).to_contain_text("1 (100%)")
    page.locator("label[for=choice-2]").click()
    page.locator(VOTE).click()
    expect(page.locator("#vote-panel")).to_contain_text("Your vote: I have concerns.")
    assert_fits_the_screen(page)


def test_a_secret_ballot_gives_a_receipt(new_page, live_app, javascript):
    proposal, _staff, member = _proposal(live_app, f"Secret group {javascript}", secret=True)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, member)
    page.goto(f"/proposals/{proposal.id}")
    page.locator("label[for=choice-1]").click()
    page.locator(VOTE).click()
    expect(page.locator("main")).to_contain_text("Your receipt code is")
    expect(page.locator("#vote-panel")).to_contain_text("You have cast your secret ballot.")


@pytest.mark.parametrize("language", ["en", "ur"])
def test_proposal_pages_pass_axe(new_page, live_app, language):
    proposal, staff, member = _proposal(live_app, f"Axe proposals {language}", method=Method.choice, options=["Evenings", "Weekends"])
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, member)
    for url in ["/proposals", f"/proposals/{proposal.id}"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    page.locator(VOTE).click()
    expect(page.locator("#vote-panel .nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    office = new_page(javascript=True, language=language)
    sign_in_on_page(office, staff)
    for url in ["/proposals/new", f"/proposals/{proposal.id}/room"]:
        office.goto(url)
        assert_no_axe_violations(office)
        assert_fits_the_screen(office)
