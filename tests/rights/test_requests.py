"""Requests about people's data, logged by an administrator: due one calendar month after they
arrive (the month's last day when it is shorter), overdue ones first and counted."""

from datetime import date, timedelta

import pytest
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.rights import services
from portal.rights.models import RequestKind, RequestStatus, RightsRequest
from portal.rights.services import RightsError
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2027, 1, 31), date(2027, 2, 28)),
        (date(2028, 1, 31), date(2028, 2, 29)),
        (date(2027, 3, 15), date(2027, 4, 15)),
        (date(2027, 8, 31), date(2027, 9, 30)),
        (date(2027, 12, 31), date(2028, 1, 31)),
        (date(2027, 2, 28), date(2027, 3, 28)),
    ],
)
def test_an_answer_is_due_one_calendar_month_after_the_request_arrived(received, due):
    assert services.due_on(received) == due


def test_an_extension_is_three_calendar_months_from_arrival():
    assert services.due_on(date(2027, 11, 30), extended=True) == date(2028, 2, 29)
    assert services.add_months(date(2027, 3, 31), -1) == date(2027, 2, 28)


@pytest.fixture
def admin_client(app):
    admin = make_account(app, Role.admin)
    client = app.test_client()
    sign_in(client, admin)
    return admin, client


def log(app, admin, *, received_on, requester="quiet-river-42", kind=RequestKind.access, made_offline=False):
    with app.app_context():
        return services.log_request(
            db.session, kind=kind, received_on=received_on, requester=requester, made_offline=made_offline, actor_id=admin.id
        )


def test_an_admin_logs_a_request_through_the_form_and_it_is_audited(app, admin_client, page):
    admin, client = admin_client
    page.client = client
    _response, document = page.get("/admin/requests/new")
    assert document.find(".//input[@name='received_on']").get("value") == services.uk_today().isoformat()
    response = post_form(client, "/admin/requests/new", {"kind": "erasure", "received_on": "2025-01-31", "requester": " quiet-river-42 "})
    assert response.status_code == 303
    with app.app_context():
        logged = db.session.exec(select(RightsRequest)).one()
        assert (logged.kind, logged.requester, logged.due_on, logged.status) == (RequestKind.erasure, "quiet-river-42", date(2025, 2, 28), RequestStatus.open)
        assert db.session.exec(select(AuditEntry.actor).where(AuditEntry.action == "rights.log_request")).one() == admin.id.hex


def test_a_request_needs_a_name_or_offline_and_keeps_what_was_typed(app, admin_client, page):
    _admin, client = admin_client
    page.client = client
    tokens = form_fields(client.get("/admin/requests/new").text)
    response, document = page.post("/admin/requests/new", status=422, data={**tokens, "kind": "access", "received_on": "2027-03-14"})
    assert "tick that they asked by letter, phone or in person" in response.text
    assert document.find(".//input[@name='received_on']").get("value") == "2027-03-14"
    assert document.find(".//input[@value='access']").get("checked") is not None
    tomorrow = (services.uk_today() + timedelta(days=1)).isoformat()
    response, _document = page.post("/admin/requests/new", status=422, data={**tokens, "kind": "access", "received_on": tomorrow, "made_offline": "y"})
    assert "cannot be in the future" in response.text
    response, _document = page.post("/admin/requests/new", status=422, data={**tokens, "kind": "nonsense", "received_on": "31/01/2027", "made_offline": "y"})
    assert "Choose from the list" in response.text and "Enter a real date, like 2027-03-14" in response.text
    with app.app_context():
        assert db.session.exec(select(RightsRequest)).all() == []


def test_overdue_requests_come_first_and_are_counted(app, admin_client, page):
    admin, client = admin_client
    today = services.uk_today()
    later = log(app, admin, received_on=today - timedelta(days=3), requester="arrived-lately")
    late = log(app, admin, received_on=today - timedelta(days=70), requester="waited-too-long")
    offline = log(app, admin, received_on=today - timedelta(days=40), requester="", made_offline=True)
    answered = log(app, admin, received_on=today - timedelta(days=20), requester="already-answered")
    with app.app_context():
        services.update_request(db.session, request=db.session.get(RightsRequest, answered.id), status=RequestStatus.done, reason="", actor_id=admin.id)
    page.client = client
    response, document = page.get("/admin/requests")
    assert "2 requests are overdue." in response.text
    rows = [" ".join(row.itertext()) for row in document.iter("tr")][1:]
    assert [("waited-too-long" in row, "Asked offline" in row, "arrived-lately" in row) for row in rows] == [
        (True, False, False), (False, True, False), (False, False, True)
    ]
    assert rows[0].count("Overdue") == 1 and "Overdue" not in rows[2]
    assert "already-answered" in response.text.split("<h2>Answered</h2>")[1]
    assert later and late and offline


def test_extending_needs_a_reason_and_moves_the_due_date(app, admin_client, page):
    admin, client = admin_client
    received = services.uk_today() - timedelta(days=5)
    logged = log(app, admin, received_on=received)
    page.client = client
    url = f"/admin/requests/{logged.id}"
    tokens = form_fields(client.get(url).text)
    response, document = page.post(url, status=422, data={**tokens, "status": "extended", "reason": "  "})
    assert "Say why, so the person can be told" in response.text
    assert document.find(".//input[@value='extended']").get("checked") is not None
    response = client.post(url, data={**tokens, "status": "extended", "reason": "Several years of records to gather."})
    assert response.status_code == 303
    with app.app_context():
        found = db.session.get(RightsRequest, logged.id)
        assert (found.status, found.due_on, found.reason) == (RequestStatus.extended, services.add_months(received, 3), "Several years of records to gather.")


def test_a_request_can_only_be_extended_within_its_first_month(app):
    admin = make_account(app, Role.admin)
    logged = log(app, admin, received_on=date(2025, 1, 31))
    with app.app_context():
        found = db.session.get(RightsRequest, logged.id)
        with pytest.raises(RightsError) as refused:
            services.update_request(db.session, request=found, status=RequestStatus.extended, reason="Complex", actor_id=admin.id, today=date(2025, 3, 1))
        assert refused.value.code == "too_late_to_extend"
        services.update_request(db.session, request=found, status=RequestStatus.extended, reason="Complex", actor_id=admin.id, today=date(2025, 2, 28))
        assert db.session.get(RightsRequest, logged.id).due_on == date(2025, 4, 30)


def test_refusing_needs_a_reason_and_answering_closes_the_request(app):
    admin = make_account(app, Role.admin)
    logged = log(app, admin, received_on=date(2025, 3, 1))
    with app.app_context():
        found = db.session.get(RightsRequest, logged.id)
        with pytest.raises(RightsError):
            services.update_request(db.session, request=found, status=RequestStatus.refused, reason="", actor_id=admin.id, today=date(2025, 3, 2))
        services.update_request(db.session, request=found, status=RequestStatus.refused, reason="Manifestly unfounded", actor_id=admin.id, today=date(2025, 3, 2))
        assert (found.status, found.closed_on) == (RequestStatus.refused, date(2025, 3, 2))
        services.update_request(db.session, request=found, status=RequestStatus.open, reason="", actor_id=admin.id, today=date(2025, 3, 3))
        assert (found.closed_on, found.due_on) == (None, date(2025, 4, 1))


def test_an_unknown_request_is_a_404_for_an_admin(admin_client):
    _admin, client = admin_client
    assert client.get("/admin/requests/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/admin/requests/not-an-id").status_code == 404


def test_staff_cannot_log_or_change_requests(app):
    admin, staff = make_account(app, Role.admin), make_account(app, Role.staff)
    logged = log(app, admin, received_on=date(2025, 3, 1))
    client = app.test_client()
    sign_in(client, staff)
    tokens = form_fields(client.get("/account").text)
    assert client.post("/admin/requests/new", data={**tokens, "kind": "access", "received_on": "2027-03-01", "made_offline": "y"}).status_code == 403
    assert client.post(f"/admin/requests/{logged.id}", data={**tokens, "status": "done"}).status_code == 403
    with app.app_context():
        assert db.session.get(RightsRequest, logged.id).status == RequestStatus.open
