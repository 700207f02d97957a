"""A connector's caseload, quick contact records, reaching out, and a safe CSV export."""

import csv
import io
from datetime import date, timedelta

import pytest
from sqlmodel import select

from portal.accounts import services as accounts
from portal.accounts.models import ConsentKind
from portal.caseload.models import ContactRecord
from portal.extensions import db
from portal.web.csv_export import neutralise
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import make_account, post_form, sign_in
from tests.pages import text_of


def supported(app, connector, pseudonym):
    with app.app_context():
        return accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym=pseudonym, pin="4826", language="en", consents=[ConsentKind.taking_part], needs={}
        ).account.id


@pytest.fixture
def connector(app, client):
    person = make_account(app, Role.participant, Role.intermediary)
    sign_in(client, person)
    return person


def test_the_caseload_lists_people_by_pseudonym_with_reach_out_first(app, client, connector, page):
    quiet = supported(app, connector, "quiet-otter-11")
    supported(app, connector, "amber-wren-12")
    post_form(client, f"/connector/people/{quiet}/contact", {"contact_date": date.today().isoformat(), "kind": "phone"})
    _response, document = page.get("/connector/people")
    names = [text_of(h) for h in document.findall(".//main//h2")]
    assert names == ["Reach out amber-wren-12", "quiet-otter-11"]


def test_a_contact_takes_a_few_fields_and_cannot_be_in_the_future(app, client, connector):
    person_id = supported(app, connector, "quiet-otter-11")
    response = post_form(
        client,
        f"/connector/people/{person_id}/contact",
        {"contact_date": date.today().isoformat(), "kind": "in_person", "venue": "Barbershop", "support_given": "Travel money", "follow_up_needed": "y", "follow_up": "Call on Friday"},
    )
    assert response.status_code == 303
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    response = post_form(client, f"/connector/people/{person_id}/contact", {"contact_date": tomorrow, "kind": "phone"})
    assert response.status_code == 422 and "cannot be in the future" in response.text
    with app.app_context():
        [record] = db.session.exec(select(ContactRecord)).all()
        assert (record.venue, record.follow_up) == ("Barbershop", "Call on Friday")


def test_someone_elses_person_is_404(app, client, connector):
    other_connector = make_account(app, Role.participant, Role.intermediary)
    theirs = supported(app, other_connector, "not-mine-13")
    assert client.get(f"/connector/people/{theirs}/contact").status_code == 404


def test_the_csv_export_neutralises_spreadsheet_formulas(app, client, connector):
    person_id = supported(app, connector, "quiet-otter-11")
    post_form(client, f"/connector/people/{person_id}/contact", {"contact_date": date.today().isoformat(), "kind": "phone", "support_given": "=HYPERLINK(\"http://evil\")", "venue": "+44 centre"})
    response = client.get("/connector/contacts.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert rows[0][:3] == ["date", "person", "kind"]
    assert rows[1][1] == "quiet-otter-11"
    assert rows[1][4] == "'=HYPERLINK(\"http://evil\")" and rows[1][3] == "'+44 centre"


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(value):
    assert neutralise(value).startswith("'")


def test_the_caseload_reads_a_fixed_number_of_times(app, client, connector):
    supported(app, connector, "person-one-1")
    client.get("/connector/people")  # settle the once-a-minute session touch
    with count_queries(app) as few:
        client.get("/connector/people")
    for index in range(6):
        supported(app, connector, f"person-more-{index}")
    with count_queries(app) as many:
        client.get("/connector/people")
    selects = lambda statements: [s for s in statements if s.lstrip().upper().startswith("SELECT")]  # noqa: E731
    assert len(selects(many)) == len(selects(few))


def test_participants_have_no_caseload(app):
    person = make_account(app)
    client = app.test_client()
    sign_in(client, person)
    assert client.get("/connector/people").status_code == 403
    assert client.get("/connector/contacts.csv").status_code == 403


def test_missing_two_meetings_in_a_row_asks_the_connector_to_reach_out(app, client, connector, page):
    from portal.db import utc_now
    from portal.groups import services as groups
    from portal.meetings import services as meetings
    from portal.meetings.models import Meeting
    from portal.meetings.services import Present

    person_id = supported(app, connector, "steady-otter-55")
    post_form(client, f"/connector/people/{person_id}/contact", {"contact_date": date.today().isoformat(), "kind": "phone"})
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Barbershop", "pathway": "Men's health", "description": "x", "join_policy": "open"}, actor_id=connector.id)
        groups.join(db.session, group=group, account_id=person_id)
        from portal.groups.models import Membership

        db.session.get(Membership, (group.id, person_id)).joined_at = utc_now() - timedelta(days=30)
        db.session.commit()
        for days_ago in (14, 7):
            starts = utc_now() + timedelta(hours=1)
            meeting = meetings.create_meeting(db.session, group=group, data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Back room"}, actor_id=connector.id)
            row = db.session.get(Meeting, meeting.id)
            row.starts_at, row.ends_at = utc_now() - timedelta(days=days_ago), utc_now() - timedelta(days=days_ago, hours=-1)
            db.session.commit()
            meetings.record_attendance(db.session, meeting=db.session.get(Meeting, meeting.id), present=[Present(connector.id)], headcount=2, actor_id=connector.id)
    _response, document = page.get("/connector/people")
    assert text_of(document.find(".//main//h2")) == "Reach out steady-otter-55"
