"""The co-production plan and an evidence pack pass axe and fit a phone; a commissioner
downloads the pack as CSV and PDF from the page."""

import json

import pytest

from portal.db import utc_now
from portal.extensions import db
from portal.plan import services as plan
from portal.plan.models import CohortKind, ObjectiveStatus
from portal.web.permissions import Role
from tests.browser.conftest import sign_in_on_page
from tests.browser.test_pages_in_browser import assert_fits_the_screen, assert_no_axe_violations
from tests.factories import make_account


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_plan_and_a_pack_pass_axe_and_download(new_page, live_app, language):
    staff = make_account(live_app, Role.staff)
    with live_app.app_context():
        carers = plan.save_cohort(db.session, cohort=None, name=f"Unpaid carers ({language})", kind=CohortKind.inclusion_health, description="", active=True, actor_id=staff.id)
        plan.save_objective(
            db.session, objective=None, actor_id=staff.id,
            data=plan.ObjectiveData(title="Fewer missed first appointments", description="", measures="Missed first appointments, 18% to 10%",
                                    status=ObjectiveStatus.active, cohort_ids=[carers.id], group_ids=[], change_ids=[]),
        )
        plan.add_maturity(db.session, assessed_on=utc_now().date(), stage="commitment", evidence="A funded strategy", next_steps="", actor_id=staff.id)
    page = new_page(javascript=True, language=language)
    sign_in_on_page(page, staff)
    for url in ["/plan", "/plan/objectives/new", "/plan/maturity", "/plan/cohorts/new", "/evidence", "/evidence/2026-Q1"]:
        page.goto(url)
        assert_no_axe_violations(page)
        assert_fits_the_screen(page)
    for link in ("a[href$='/pack.csv']", "a[href$='/pack.pdf']"):
        with page.expect_download() as download:
            page.locator(link).click()
        assert download.value.suggested_filename.startswith("evidence-2026-Q1")


def test_a_pack_is_chosen_without_javascript(new_page, live_app):
    commissioner = make_account(live_app, Role.commissioner)
    page = new_page(javascript=False)
    sign_in_on_page(page, commissioner)
    page.goto("/evidence")
    page.locator("main form button[type=submit]").click()
    assert "/evidence/" in page.url and page.locator("h1").inner_text().startswith("Evidence pack")
    assert_fits_the_screen(page)


def test_a_person_reads_and_downloads_their_own_data(new_page, live_app):
    person = make_account(live_app)
    page = new_page(javascript=True)
    sign_in_on_page(page, person)
    page.goto("/account/my-data")
    assert_no_axe_violations(page)
    assert_fits_the_screen(page)
    with page.expect_download() as download:
        page.locator("a[href$='/my-data.json']").click()
    assert download.value.suggested_filename.endswith(".json")
    with open(download.value.path(), encoding="utf-8") as file:
        assert person.pseudonym in json.dumps(json.load(file)["account"], ensure_ascii=False)
