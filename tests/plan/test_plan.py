"""The co-production plan: cohorts, objectives linked to groups and changes (public to read),
the maturity self-assessment with configurable stages, assurance checks on changes, and each
meeting's rung on the ladder of co-production."""

from datetime import timedelta

import pytest
from sqlmodel import select

from portal.changes import services as changes
from portal.changes.models import ChangeKind, ChangeStatus
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.meetings.models import Meeting, Rung
from portal.plan.models import AssuranceCheck, Cohort, MaturityAssessment, Objective
from portal.web.permissions import Role
from tests.conftest import make_app
from tests.factories import make_account, post_form, sign_in
from tests.meetings.test_meetings import FORM as MEETING_FORM
from tests.pages import parse, text_of

TODAY = utc_now().date()


@pytest.fixture
def office(app):
    staff = make_account(app, Role.staff)
    client = app.test_client()
    sign_in(client, staff)
    client.staff = staff
    return client


def _change(app, staff, group_id=None):
    with app.app_context():
        return changes.create_change(
            db.session,
            data=changes.NewChange(
                title="Texts before first appointments", said="Letters came late.", did="", kind=ChangeKind.communication_standard,
                touchpoint=Touchpoint.first_contact, owner_team="Bookings", group_id=group_id, review_on=None, idea_ids=[], proposal_ids=[],
            ),
            status=ChangeStatus.done, reason="", actor_id=staff.id,
        ).id


def test_cohorts_are_added_and_a_name_is_never_used_twice(app, office):
    data = {"name": "Unpaid carers", "kind": "inclusion_health", "description": "People caring for family", "active": "y"}
    assert post_form(office, "/plan/cohorts/new", data).status_code == 303
    again = post_form(office, "/plan/cohorts/new", {**data, "name": "UNPAID CARERS", "description": "kept"})
    assert again.status_code == 422 and "There is already a cohort with this name" in again.text and "kept" in again.text
    forged = post_form(office, "/plan/cohorts/new", {**data, "name": "Other", "kind": "royalty"})
    assert forged.status_code == 422 and "Choose from the list" in forged.text
    with app.app_context():
        assert [c.name for c in db.session.exec(select(Cohort)).all()] == ["Unpaid carers"]
    assert "Unpaid carers" in app.test_client().get("/plan").text


def test_an_objective_links_cohorts_groups_and_changes_and_anyone_can_read_the_plan(app, office):
    staff = office.staff
    with app.app_context():
        open_group = groups.create_group(db.session, data={"name": "Carers voice", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        private = groups.create_group(db.session, data={"name": "Survivors circle", "pathway": "Therapy", "description": "x", "join_policy": "invitation", "sensitive": True}, actor_id=staff.id)
        cohort = Cohort(name="Unpaid carers", kind="inclusion_health")
        db.session.add(cohort)
        db.session.commit()
        ids = {"cohort": str(cohort.id), "open": str(open_group.id), "private": str(private.id)}
    change_id = _change(app, staff)
    data = {
        "title": "Fewer carers miss first appointments", "description": "Carers miss more first appointments than others.",
        "measures": "Missed first appointments for carers, 18% to 10%\nCarers who say it was clear what happens next",
        "status": "active", "cohorts": [ids["cohort"]], "groups": [ids["open"], ids["private"]], "changes": [str(change_id)],
    }
    forged = post_form(office, "/plan/objectives/new", {**data, "cohorts": ["00000000-0000-0000-0000-000000000000"]})
    assert forged.status_code == 422 and "Choose from the list" in forged.text and "Fewer carers miss first appointments" in forged.text
    assert post_form(office, "/plan/objectives/new", data).status_code == 303
    page = text_of(parse(app.test_client().get("/plan").text).find(".//main"))
    assert "Fewer carers miss first appointments" in page and "Unpaid carers" in page and "Carers voice" in page
    assert "Texts before first appointments" in page and "18% to 10%" in page
    assert "Survivors circle" not in page and "A private group" in page
    with app.app_context():
        objective = db.session.exec(select(Objective)).one()
    assert post_form(office, f"/plan/objectives/{objective.id}/edit", {**data, "status": "achieved", "groups": []}).status_code == 303
    assert "Carers voice" not in app.test_client().get("/plan").text


def test_the_maturity_stages_are_the_race_equity_maturity_index_unless_configured(app, office, sqlite_url):
    form = parse(office.get("/plan/maturity").text)
    labels = [text_of(label) for label in form.iterfind(".//input[@name='stage']/../label")]
    assert labels == ["Awareness", "Commitment", "Implementation", "Embedding", "Creating", "Championing"]
    future = post_form(office, "/plan/maturity", {"assessed_on": (TODAY + timedelta(days=1)).isoformat(), "stage": "commitment", "evidence": "A funded strategy"})
    assert future.status_code == 422 and "cannot be in the future" in future.text and "A funded strategy" in future.text
    made_up = post_form(office, "/plan/maturity", {"assessed_on": TODAY.isoformat(), "stage": "perfection", "evidence": "x"})
    assert made_up.status_code == 422 and "Choose from the list" in made_up.text
    assert post_form(office, "/plan/maturity", {"assessed_on": TODAY.isoformat(), "stage": "commitment", "evidence": "A funded strategy"}).status_code == 303
    assert "Commitment" in app.test_client().get("/plan").text
    custom = make_app(sqlite_url, MATURITY_STAGES=["Starting", "Growing", "Leading"])
    client = custom.test_client()
    sign_in(client, make_account(app, Role.staff))  # a second factor code is never accepted twice
    labels = [text_of(label) for label in parse(client.get("/plan/maturity").text).iterfind(".//input[@name='stage']/../label")]
    assert labels == ["Starting", "Growing", "Leading"]
    custom.extensions["database"].dispose()


def test_assurance_checks_are_recorded_and_shown_to_staff_and_commissioners_only(app, office):
    change_id = _change(app, office.staff)
    url = f"/changes/{change_id}/assurance"
    data = {"checked_on": TODAY.isoformat(), "method": "record_sampling", "sample_size": "40", "findings": "36 of 40 letters had the text sent.", "consistency": "partly"}
    for bad, message in (({"sample_size": "lots"}, "Enter a whole number"), ({"sample_size": "0"}, "Enter a number from 1 to 100,000"),
                         ({"checked_on": (TODAY + timedelta(days=3)).isoformat()}, "cannot be in the future"), ({"method": "guess"}, "Choose from the list")):
        response = post_form(office, url, {**data, **bad})
        assert response.status_code == 422 and message in response.text and "36 of 40 letters" in response.text
    assert post_form(office, url, data).status_code == 303
    with app.app_context():
        assert len(db.session.exec(select(AssuranceCheck)).all()) == 1
    commissioner = app.test_client()
    sign_in(commissioner, make_account(app, Role.commissioner))
    assert "36 of 40 letters" in commissioner.get(f"/changes/{change_id}").text
    assert "36 of 40 letters" not in app.test_client().get(f"/changes/{change_id}").text
    participant = app.test_client()
    sign_in(participant, make_account(app))
    assert "36 of 40 letters" not in participant.get(f"/changes/{change_id}").text
    assert participant.get(url).status_code == 403


def test_a_meeting_carries_its_rung_on_the_ladder(app, office):
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Carers group", "pathway": "Therapy", "description": "x", "join_policy": "open"}, actor_id=office.staff.id)
    bad = post_form(office, f"/groups/{group.id}/meetings/new", {**MEETING_FORM, "rung": "dictatorship"})
    assert bad.status_code == 422 and "Choose from the list" in bad.text
    assert post_form(office, f"/groups/{group.id}/meetings/new", {**MEETING_FORM, "rung": "co_design"}).status_code == 303
    with app.app_context():
        meeting = db.session.exec(select(Meeting)).one()
    assert meeting.rung == Rung.co_design
    assert "Co-design: people design it together with staff" in office.get(f"/meetings/{meeting.id}").text


def test_self_assessments_are_audited(app, office):
    post_form(office, "/plan/maturity", {"assessed_on": TODAY.isoformat(), "stage": "awareness", "evidence": "We talk about it"})
    with app.app_context():
        from portal.audit.models import AuditEntry

        assert db.session.exec(select(AuditEntry).where(AuditEntry.action == "plan.add_maturity")).first() is not None
        assert db.session.exec(select(MaturityAssessment)).one().stage == "awareness"


def test_the_plan_reads_its_changes_translations_in_one_query(app, office):
    from tests.conftest import count_queries
    from portal.web.i18n import LANGUAGE_COOKIE

    with app.app_context():
        objective = Objective(title="Fewer missed first appointments")
        db.session.add(objective)
        db.session.commit()
        objective_id = objective.id

    def page_queries(changes: int) -> int:
        from portal.plan.models import ObjectiveChange

        with app.app_context():
            for _ in range(changes):
                db.session.add(ObjectiveChange(objective_id=objective_id, change_id=_change(app, office.staff)))
            db.session.commit()
        client = app.test_client()
        client.set_cookie(LANGUAGE_COOKIE, "ur")
        client.get("/plan")
        with count_queries(app) as statements:
            assert client.get("/plan").status_code == 200
        return len(statements)

    assert page_queries(1) == page_queries(5)
