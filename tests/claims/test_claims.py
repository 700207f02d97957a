"""Claims for the support offered at meetings: made by the person or their connector, checked
by staff, exported for finance."""

import csv
import io
from datetime import timedelta

import pytest
from sqlmodel import select

from portal.accounts import services as accounts
from portal.accounts.models import ConsentKind
from portal.caseload.models import OnBehalf
from portal.claims import services
from portal.claims.models import Claim, ClaimKind, ClaimStatus, Receipt
from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.meetings import services as meetings
from portal.notifications.models import Message
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import make_account, post_form, sign_in

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
PDF = b"%PDF-1.4\n" + b"x" * 200
OFFERS = {"offers_travel": True, "offers_care_cover": True, "offers_payment": True}


def past_meeting(app, group, owner, *, hours_ago=3, length_minutes=90, **offers):
    started = utc_now() - timedelta(hours=hours_ago)
    with app.app_context():
        meeting = meetings.create_meeting(
            db.session,
            group=db.session.merge(group),
            data={"starts_at": started, "ends_at": started + timedelta(minutes=length_minutes), "venue": "Community hall", **(offers or OFFERS)},
            actor_id=owner.id,
            now=started - timedelta(days=1),
        )
        return meeting


@pytest.fixture
def setting(app):
    """A group run by staff with a member signed in on `client`, and a meeting held this morning."""
    staff = make_account(app, Role.staff)
    member = make_account(app, Role.participant)
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Barbershop talks", "pathway": "Men's health", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=member.id)
    meeting = past_meeting(app, group, staff)
    return staff, member, group, meeting


def claims_of(app, account_id):
    with app.app_context():
        return db.session.exec(select(Claim).where(Claim.account_id == account_id)).all()


def test_a_member_claims_travel_with_a_receipt_and_staff_approve_it(app, client, setting):
    staff, member, _group, meeting = setting
    sign_in(client, member)
    assert "Claim travel costs, care cover or payment" in client.get(f"/meetings/{meeting.id}").text
    response = post_form(
        client, f"/meetings/{meeting.id}/claim",
        {"kind": "travel", "amount": "£12.40", "details": "Two buses", "receipt": (io.BytesIO(JPEG), "photo.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 303
    [claim] = claims_of(app, member.id)
    assert (claim.kind, claim.amount_pence, claim.status, claim.details) == (ClaimKind.travel, 1240, ClaimStatus.submitted, "Two buses")
    with app.app_context():
        assert db.session.get(Receipt, claim.id).content_type == "image/jpeg"
    mine = client.get("/claims/mine").text
    assert "Waiting for a decision" in mine and "£12.40" in mine
    receipt = client.get(f"/claims/{claim.id}/receipt")
    assert receipt.status_code == 200 and receipt.data == JPEG and "attachment" in receipt.headers["Content-Disposition"]
    assert "sandbox" in receipt.headers["Content-Security-Policy"]

    office = app.test_client()
    sign_in(office, staff)
    assert "Two buses" not in office.get("/claims").text and "£12.40" in office.get("/claims").text
    assert post_form(office, f"/claims/{claim.id}", {"decision": "approve"}).status_code == 303
    [claim] = claims_of(app, member.id)
    assert claim.status == ClaimStatus.approved and claim.decided_by_id == staff.id
    with app.app_context():
        assert db.session.exec(select(Message).where(Message.recipient_id == member.id, Message.kind == "claims.approved")).first()
    assert "Approved" in client.get("/claims/mine").text


def test_payment_for_time_is_worked_out_from_the_rate_never_from_the_form(app, client, setting):
    _staff, member, _group, meeting = setting  # 90 minutes at the default £25 an hour
    sign_in(client, member)
    assert "£37.50" in client.get(f"/meetings/{meeting.id}/claim").text
    response = post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "payment", "amount": "999"})
    assert response.status_code == 303
    [claim] = claims_of(app, member.id)
    assert claim.amount_pence == 3750


def test_someone_can_say_they_would_rather_not_be_paid_and_change_their_mind(app, client, setting):
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    assert post_form(client, f"/meetings/{meeting.id}/no-payment", {}, get_url=f"/meetings/{meeting.id}/claim").status_code == 303
    [claim] = claims_of(app, member.id)
    assert (claim.status, claim.amount_pence) == (ClaimStatus.waived, 0)
    assert "You said you would rather not be paid" in client.get("/claims/mine").text
    assert post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "payment"}).status_code == 303
    [claim] = claims_of(app, member.id)
    assert (claim.status, claim.amount_pence) == (ClaimStatus.submitted, 3750)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "care_cover", "amount": "20"}, "need one"),
        ({"kind": "travel", "amount": "25.00"}, "need one"),
        ({"kind": "travel", "amount": "lots"}, "Enter an amount in pounds"),
        ({"kind": "travel", "amount": "600"}, "Enter an amount from £0.01 to £500"),
        ({"kind": "travel"}, "Enter how much it cost"),
        ({"kind": "flowers", "amount": "2"}, "Choose what you are claiming for"),
        ({"kind": "travel", "amount": "4", "details": "x" * 501}, "Use 500 characters or fewer"),
        ({"kind": "travel", "amount": "20", "receipt": (io.BytesIO(b"<html><script>"), "r.jpg")}, "must be a photo"),
    ],
)
def test_bad_claims_are_explained_and_keep_what_was_typed(app, client, setting, data, message):
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    response = post_form(client, f"/meetings/{meeting.id}/claim", {"details": "Bus fare", **data}, content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.text
    if "details" not in data:
        assert "Bus fare" in response.text
    assert claims_of(app, member.id) == []


def test_a_receipt_lost_to_another_mistake_is_asked_for_again(app, client, setting):
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    response = post_form(
        client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "nope", "receipt": (io.BytesIO(PDF), "r.pdf")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "Choose the receipt again" in response.text


def test_claims_are_refused_for_support_not_offered_before_the_meeting_twice_or_by_non_members(app, client, setting):
    staff, member, group, meeting = setting
    sign_in(client, member)
    travel_only = past_meeting(app, group, staff, offers_travel=True)
    response = post_form(client, f"/meetings/{travel_only.id}/claim", {"kind": "payment"})
    assert response.status_code == 422 and "Choose what you are claiming for" in response.text
    with app.app_context():
        starts = utc_now() + timedelta(days=2)
        later = meetings.create_meeting(db.session, group=db.session.merge(group), data={"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall", **OFFERS}, actor_id=staff.id)
    response = post_form(client, f"/meetings/{later.id}/claim", {"kind": "travel", "amount": "3"})
    assert response.status_code == 422 and "once the meeting has started" in response.text
    assert post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "3"}).status_code == 303
    response = post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "3"})
    assert response.status_code == 422 and "already claimed" in response.text
    stranger = app.test_client()
    sign_in(stranger, make_account(app, Role.participant))
    assert stranger.get(f"/meetings/{meeting.id}/claim").status_code == 403


def test_a_replayed_claim_form_is_refused_and_saves_nothing_twice(app, client, setting):
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    from tests.factories import form_fields

    tokens = form_fields(client.get(f"/meetings/{meeting.id}/claim").text)
    first = client.post(f"/meetings/{meeting.id}/claim", data={**tokens, "kind": "travel", "amount": "3"})
    again = client.post(f"/meetings/{meeting.id}/claim", data={**tokens, "kind": "care_cover", "amount": "3", "receipt": (io.BytesIO(PDF), "r.pdf")}, content_type="multipart/form-data")
    assert (first.status_code, again.status_code) == (303, 409)
    assert len(claims_of(app, member.id)) == 1


def test_a_receipt_over_the_size_limit_is_explained(app, client, setting, monkeypatch):
    # Limits scaled down so the test sends kilobytes, not megabytes.
    import portal.claims.routes
    import portal.claims.services

    monkeypatch.setattr(portal.claims.services, "RECEIPT_MAX_BYTES", 50_000)
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    big = b"\xff\xd8\xff" + b"\x00" * 60_000
    response = post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "30", "details": "Taxi", "receipt": (io.BytesIO(big), "r.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 422 and "smaller than 5 MB" in response.text and "Taxi" in response.text
    monkeypatch.setattr(portal.claims.routes, "RECEIPT_MAX_BYTES", 50_000)
    huge = b"\xff\xd8\xff" + b"\x00" * 400_000
    response = post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "30", "receipt": (io.BytesIO(huge), "r.jpg")}, content_type="multipart/form-data")
    assert response.status_code == 413 and "<html" in response.text
    assert claims_of(app, member.id) == []


def test_turning_a_claim_down_needs_a_reason_the_person_reads(app, client, setting):
    staff, member, _group, meeting = setting
    sign_in(client, member)
    post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "travel", "amount": "3"})
    [claim] = claims_of(app, member.id)
    office = app.test_client()
    sign_in(office, staff)
    response = post_form(office, f"/claims/{claim.id}", {"decision": "reject"})
    assert response.status_code == 422 and "Say why" in response.text
    assert post_form(office, f"/claims/{claim.id}", {"decision": "reject", "note": "This meeting was paid by bus pass scheme"}).status_code == 303
    mine = client.get("/claims/mine").text
    assert "Not approved" in mine and "bus pass scheme" in mine
    response = post_form(office, f"/claims/{claim.id}", {"decision": "approve"})
    assert "Save decision" not in response.text and [c.status for c in claims_of(app, member.id)] == [ClaimStatus.rejected]


def test_a_claim_is_decided_once_even_if_two_people_press_at_once(app, setting):
    staff, member, _group, meeting = setting
    other_staff = make_account(app, Role.staff)
    with app.app_context():
        claim = services.submit_claim(db.session, meeting=db.session.merge(meeting), account_id=member.id, kind=ClaimKind.travel, amount_pence=300, details="", receipt=None, rate_pence_per_hour=2500)
        stale = db.session.get(Claim, claim.id)
        services.decide_claim(db.session, claim=stale, approve=True, note="", actor_id=staff.id)
        with pytest.raises(services.ClaimError) as refused:
            services.decide_claim(db.session, claim=stale, approve=False, note="no", actor_id=other_staff.id)
        assert refused.value.code == "already_decided"
        assert db.session.get(Claim, claim.id).status == ClaimStatus.approved
        assert db.session.exec(select(Message).where(Message.recipient_id == member.id)).all()[-1].kind == "claims.approved"


def test_staff_cannot_decide_their_own_claim(app, setting):
    staff, _member, group, meeting = setting
    with app.app_context():
        groups.join(db.session, group=db.session.merge(group), account_id=staff.id)
        claim = Claim(meeting_id=meeting.id, account_id=staff.id, kind=ClaimKind.travel, amount_pence=100)
        db.session.add(claim)
        db.session.commit()
        with pytest.raises(services.ClaimError) as refused:
            services.decide_claim(db.session, claim=claim, approve=True, note="", actor_id=staff.id)
        assert refused.value.code == "own_claim"


def test_other_peoples_receipts_and_unknown_claims_are_404(app, client, setting):
    _staff, member, _group, meeting = setting
    sign_in(client, member)
    post_form(client, f"/meetings/{meeting.id}/claim", {"kind": "care_cover", "amount": "15", "receipt": (io.BytesIO(PDF), "r.pdf")}, content_type="multipart/form-data")
    [claim] = claims_of(app, member.id)
    nosy = app.test_client()
    sign_in(nosy, make_account(app, Role.participant))
    assert nosy.get(f"/claims/{claim.id}/receipt").status_code == 404
    assert nosy.get(f"/claims/{claim.id}").status_code == 403
    office = app.test_client()
    sign_in(office, make_account(app, Role.staff))
    assert office.get(f"/claims/{claim.id}/receipt").data == PDF
    assert office.get("/claims/00000000-0000-0000-0000-000000000000").status_code == 404
    assert office.get("/claims?status=lost").status_code == 404
    assert client.get("/meetings/00000000-0000-0000-0000-000000000000/claim").status_code == 404


def test_finance_export_lists_the_months_approved_claims_with_formulas_neutralised(app, client, setting):
    staff, member, group, meeting = setting
    with app.app_context():
        group = db.session.merge(group)
        group.sensitive = True
        db.session.commit()
        claim = services.submit_claim(db.session, meeting=db.session.merge(meeting), account_id=member.id, kind=ClaimKind.travel, amount_pence=450, details="=HYPERLINK(\"x\")", receipt=None, rate_pence_per_hour=2500)
        services.decide_claim(db.session, claim=claim, approve=True, note="", actor_id=staff.id)
        waiting = services.submit_claim(db.session, meeting=db.session.merge(meeting), account_id=member.id, kind=ClaimKind.payment, amount_pence=None, details="", receipt=None, rate_pence_per_hour=2500)
    office = app.test_client()
    sign_in(office, staff)
    month = utc_now().strftime("%Y-%m")
    response = office.get(f"/claims/export.csv?month={month}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["claim", "approved_on", "person"]
    assert [r[0] for r in rows[1:]] == [str(claim.id)] and str(waiting.id) not in response.data.decode()
    assert rows[1][6] == "4.50" and rows[1][7].startswith("'=") and rows[1][4] == "A group" and "Barbershop" not in response.data.decode()
    assert office.get("/claims/export.csv?month=soon").status_code == 303


def test_the_review_list_reads_a_fixed_number_of_times_however_many_claims(app, client, setting):
    staff, _member, group, meeting = setting
    people = [make_account(app, Role.participant) for _ in range(6)]
    with app.app_context():
        for person in people[:2]:
            groups.join(db.session, group=db.session.merge(group), account_id=person.id)
            services.submit_claim(db.session, meeting=db.session.merge(meeting), account_id=person.id, kind=ClaimKind.travel, amount_pence=200, details="", receipt=None, rate_pence_per_hour=2500)
    office = app.test_client()
    sign_in(office, staff)
    office.get("/claims")  # the first page after signing in also notes the sign-in as seen
    with count_queries(app) as few:
        assert office.get("/claims").status_code == 200
    with app.app_context():
        for person in people[2:]:
            groups.join(db.session, group=db.session.merge(group), account_id=person.id)
            services.submit_claim(db.session, meeting=db.session.merge(meeting), account_id=person.id, kind=ClaimKind.travel, amount_pence=200, details="", receipt=None, rate_pence_per_hour=2500)
    with count_queries(app) as many:
        assert office.get("/claims").status_code == 200
    assert len(many) == len(few)


def test_a_connector_claims_for_someone_who_asked_and_it_shows_they_helped(app, client, setting):
    staff, _member, group, meeting = setting
    connector = make_account(app, Role.participant, Role.intermediary)
    with app.app_context():
        person = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="quiet-otter-11", pin="4826", language="en",
            consents=[ConsentKind.taking_part, ConsentKind.act_on_behalf], needs={},
        ).account
        groups.join(db.session, group=db.session.merge(group), account_id=person.id)
        unwilling = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="amber-wren-12", pin="4826", language="en", consents=[ConsentKind.taking_part], needs={},
        ).account
        groups.join(db.session, group=db.session.merge(group), account_id=unwilling.id)
    sign_in(client, connector)
    people = client.get("/connector/people").text
    assert f"/connector/people/{person.id}/claim" in people and f"/connector/people/{unwilling.id}/claim" not in people
    assert f"/meetings/{meeting.id}/claim?for={person.id}" in client.get(f"/connector/people/{person.id}/claim").text
    url = f"/meetings/{meeting.id}/claim?for={person.id}"
    response = post_form(client, url, {"kind": "travel", "amount": "3"})
    assert response.status_code == 422 and "Only claim for someone when they ask you to" in response.text
    assert post_form(client, url, {"kind": "travel", "amount": "3", "person_asked": "y"}).status_code == 303
    [claim] = claims_of(app, person.id)
    with app.app_context():
        record = db.session.get(OnBehalf, claim.on_behalf_id)
        assert (record.connector_id, record.person_id, record.action) == (connector.id, person.id, "claims.submit")
    office = app.test_client()
    sign_in(office, staff)
    assert "Shared with help from a community connector" in office.get(f"/claims/{claim.id}").text
    assert client.get(f"/meetings/{meeting.id}/claim?for={unwilling.id}").status_code == 404
    assert client.get(f"/connector/people/{unwilling.id}/claim").status_code == 404
    assert client.get(f"/meetings/{meeting.id}/claim?for=not-a-uuid").status_code == 404


def test_a_withdrawn_consent_stops_a_connector_acting_at_once(app, client, setting):
    from portal.accounts.models import Consent
    from portal.caseload import services as caseload

    _staff, _member, group, meeting = setting
    connector = make_account(app, Role.participant, Role.intermediary)
    with app.app_context():
        person = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="quiet-otter-11", pin="4826", language="en",
            consents=[ConsentKind.taking_part, ConsentKind.act_on_behalf], needs={},
        ).account
        groups.join(db.session, group=db.session.merge(group), account_id=person.id)
        consent = db.session.exec(select(Consent).where(Consent.account_id == person.id, Consent.kind == ConsentKind.act_on_behalf)).one()
        accounts.withdraw_consent(db.session, account=person, consent_id=consent.id)
        with pytest.raises(caseload.CaseloadError) as refused:
            caseload.act_on_behalf(db.session, connector_id=connector.id, person_id=person.id, action="claims.submit", person_asked=True)
        assert refused.value.code == "no_consent"
    sign_in(client, connector)
    assert client.get(f"/meetings/{meeting.id}/claim?for={person.id}").status_code == 404


def test_a_refused_claim_leaves_the_form_usable_so_the_fixed_one_goes_through(app, client, setting):
    from tests.factories import form_fields

    _staff, member, _group, meeting = setting
    sign_in(client, member)
    tokens = form_fields(client.get(f"/meetings/{meeting.id}/claim").text)
    first = client.post(f"/meetings/{meeting.id}/claim", data={**tokens, "kind": "travel", "amount": "14.20"})
    assert first.status_code == 422 and "need one" in first.text
    again = client.post(
        f"/meetings/{meeting.id}/claim", data={**form_fields(first.text), "kind": "travel", "amount": "14.20", "receipt": (io.BytesIO(JPEG), "r.jpg")},
        content_type="multipart/form-data",
    )
    assert again.status_code == 303 and len(claims_of(app, member.id)) == 1
