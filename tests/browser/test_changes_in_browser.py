"""The "you said, we did" board, a change and its update form pass axe in English and Urdu on
a phone, and an idea's author follows it to the change from their contributions."""

from datetime import date

import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.changes import services
from portal.changes.models import ChangeKind, ChangeStatus, Question
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.safeguarding.models import RiskAnswer
from portal.web.permissions import Role
from tests.browser.conftest import sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


def _change(live_app, author, staff, status=ChangeStatus.done, reason=""):
    with live_app.app_context():
        idea = ideas.submit_idea(db.session, author_id=author.id, touchpoint=Touchpoint.first_contact, what_happened="The letter came late.", what_should_change="", language="en", risk_answer=RiskAnswer.no).idea
        ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
        made = services.create_change(
            db.session,
            data=services.NewChange(
                title="Texts before first appointments", said="Letters came late.", did="We send a text a week before.", kind=ChangeKind.communication_standard,
                touchpoint=Touchpoint.first_contact, owner_team="Bookings team", group_id=None, review_on=None, idea_ids=[idea.id], proposal_ids=[],
            ),
            status=status, reason=reason, actor_id=staff.id,
        )
        services.set_prompt(db.session, change=made, questions=[Question.clear_next], actor_id=staff.id)
        return made


def test_an_author_follows_their_idea_to_the_change_and_their_inbox(new_page, live_app, javascript):
    author, staff = make_account(live_app), make_account(live_app, Role.staff)
    change = _change(live_app, author, staff)
    page = new_page(javascript=javascript)
    sign_in_on_page(page, author)
    page.goto("/ideas/mine")
    page.locator(f"main a[href='/changes/{change.id}']").click()
    expect(page.locator("h1")).to_have_text("Texts before first appointments")
    expect(page.locator("main")).to_contain_text("We send a text a week before.")
    page.goto("/messages")
    expect(page.locator("main")).to_contain_text("What you said: Done")
    expect(page.locator("main")).to_contain_text("Did the change work for you?")
    page.locator("main a", has_text="Did the change work for you?").first.click()
    expect(page.locator("#feedback legend").first).to_have_text("Was it clear what would happen next?")
    page.locator("#feedback button[name=answer][value=partly]").click()
    expect(page.locator("#feedback")).to_contain_text("Your answer: Partly")
    expect(page.locator("#feedback button[name=answer][value=partly]")).to_have_attribute("aria-pressed", "true")
    if javascript:
        assert_no_axe_violations(page)
    assert_fits_the_screen(page)


@pytest.mark.parametrize("language", ["en", "ur"])
def test_change_pages_pass_axe(new_page, live_app, language):
    author, staff = make_account(live_app), make_account(live_app, Role.staff)
    change = _change(live_app, author, staff, status=ChangeStatus.not_taken_forward, reason="Too costly this year.")
    with live_app.app_context():
        services.add_measure(
            db.session, change=db.session.get(services.Change, change.id),
            data=services.NewMeasure(
                measure="Did-not-attend rate", unit=services.Unit.percent, cohort="Carers", baseline=18.5, baseline_from=date(2026, 1, 1), baseline_to=date(2026, 3, 31),
                latest=11.0, latest_from=date(2026, 7, 1), latest_to=date(2026, 9, 30), target=10.0, better=services.Better.lower,
            ),
            actor_id=staff.id,
        )
        services.answer_prompt(db.session, change=db.session.get(services.Change, change.id), question=Question.clear_next, answer=services.Answer.yes, account_id=author.id)
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, staff)
    for url in ["/changes", f"/changes/{change.id}", "/changes/new", f"/changes/{change.id}/poster/{language}"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    page.goto(f"/changes/{change.id}")
    page.locator(f"main form[action='/changes/{change.id}/update'] button[type=submit]").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.locator("details:has(form[action$='/measures']) summary").click()
    page.locator("form[action$='/measures'] button[type=submit]").click()
    expect(page.locator("details:has(form[action$='/measures'])")).to_have_attribute("open", "")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
