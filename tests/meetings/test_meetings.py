"""Meetings: planned by facilitators, replies with a limit, changes told at once, attendance."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import select

from portal.db import utc_now
from portal.extensions import db
from portal.groups import services as groups
from portal.meetings import services
from portal.meetings.models import Attendance, Meeting, MeetingReply, Reply
from portal.meetings.services import MeetingError, Present
from portal.notifications.models import Message, OutboxItem
from portal.web.permissions import Role
from tests.factories import form_fields, make_account, post_form, sign_in
from tests.pages import text_of

NEXT_WEEK = (utc_now() + timedelta(days=7)).date().isoformat()
FORM = {"day": NEXT_WEEK, "starts": "18:30", "ends": "20:00", "format": "in_person", "venue": "Riverside Community Centre", "step_free": "y", "offers_travel": "y"}


@pytest.fixture
def setting(app):
    """A group with a staff facilitator and one member."""
    staff = make_account(app, Role.staff)
    member = make_account(app)
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Carers group", "pathway": "Community therapy", "description": "x", "join_policy": "open"}, actor_id=staff.id)
        groups.join(db.session, group=group, account_id=member.id)
    return group, staff, member


def plan(app, group, staff, **changes):
    starts = changes.pop("starts_at", utc_now() + timedelta(days=2))
    data = {"starts_at": starts, "ends_at": starts + timedelta(hours=1), "venue": "Hall", **changes}
    with app.app_context():
        return services.create_meeting(db.session, group=group, data=data, actor_id=staff.id)


def kinds_for(app, account_id):
    with app.app_context():
        return db.session.exec(select(Message.kind).where(Message.recipient_id == account_id)).all()


def test_a_facilitator_plans_a_meeting_and_members_are_told(app, client, setting, page):
    group, staff, member = setting
    sign_in(client, staff)
    response = post_form(client, f"/groups/{group.id}/meetings/new", FORM)
    assert response.status_code == 303
    with app.app_context():
        meeting = db.session.exec(select(Meeting)).one()
    assert meeting.starts_at.tzinfo is not None
    london = meeting.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("Europe/London"))
    assert london.strftime("%H:%M") == "18:30"
    assert "meetings.planned" in kinds_for(app, member.id)
    _response, document = page.get(f"/meetings/{meeting.id}")
    shown = text_of(document.find(".//main"))
    assert "Step-free access" in shown and "Travel costs paid back" in shown


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"day": "2020-01-01"}, "Choose a date and time in the future"),
        ({"ends": "17:00"}, "The meeting must end after it starts"),
        ({"venue": ""}, "Enter where the meeting is"),
        ({"day": "14/03/2027"}, "Enter a real date"),
        ({"starts": "25:99"}, "Enter a time like 18:30"),
        ({"capacity": "0"}, "Enter a number from 1 to 500"),
    ],
)
def test_impossible_meetings_are_explained_and_nothing_is_saved(app, client, setting, changes, message):
    group, staff, _member = setting
    sign_in(client, staff)
    response = post_form(client, f"/groups/{group.id}/meetings/new", {**FORM, **changes})
    assert response.status_code == 422 and message in response.text
    assert 'value="Riverside Community Centre"' in response.text or changes.get("venue") == ""
    with app.app_context():
        assert db.session.exec(select(Meeting)).all() == []


def test_only_this_groups_facilitators_plan_its_meetings(app, client, setting):
    group, _staff, member = setting
    sign_in(client, member)
    assert client.get(f"/groups/{group.id}/meetings/new").status_code == 403
    other_connector = make_account(app, Role.intermediary)
    client2 = app.test_client()
    sign_in(client2, other_connector)
    assert post_form(client2, f"/groups/{group.id}/meetings/new", FORM, get_url="/groups").status_code == 403


def test_members_say_if_they_are_coming_and_a_full_meeting_takes_no_more(app, client, setting):
    group, staff, member = setting
    meeting = plan(app, group, staff, capacity=1)
    sign_in(client, member)
    response = post_form(client, f"/meetings/{meeting.id}/reply", {"answer": "yes"}, get_url=f"/meetings/{meeting.id}")
    assert response.status_code == 303
    late = make_account(app)
    with app.app_context():
        groups.join(db.session, group=group, account_id=late.id)
        with pytest.raises(MeetingError, match="full"):
            services.reply(db.session, meeting=db.session.get(Meeting, meeting.id), account_id=late.id, answer=Reply.yes)
        services.reply(db.session, meeting=db.session.get(Meeting, meeting.id), account_id=member.id, answer=Reply.yes)
        assert services.yes_count(db.session, meeting.id) == 1


def test_non_members_cannot_reply(app, client, setting):
    group, staff, _member = setting
    meeting = plan(app, group, staff)
    outsider = make_account(app)
    sign_in(client, outsider)
    post_form(client, f"/meetings/{meeting.id}/reply", {"answer": "yes"}, get_url=f"/meetings/{meeting.id}")
    with app.app_context():
        assert db.session.exec(select(MeetingReply)).all() == []


def test_a_change_or_cancellation_is_told_at_once_to_everyone_coming(app, client, setting):
    group, staff, member = setting
    meeting = plan(app, group, staff)
    with app.app_context():
        services.reply(db.session, meeting=db.session.get(Meeting, meeting.id), account_id=member.id, answer=Reply.yes)
    sign_in(client, staff)
    response = post_form(client, f"/meetings/{meeting.id}/edit", {**FORM, "venue": "Library"})
    assert response.status_code == 303
    post_form(client, f"/meetings/{meeting.id}/cancel", {}, get_url=f"/meetings/{meeting.id}")
    assert kinds_for(app, member.id)[-2:] == ["meetings.changed", "meetings.cancelled"]
    with app.app_context():
        assert db.session.get(Meeting, meeting.id).cancelled_at is not None


def test_reminders_go_once_to_those_coming_tomorrow(app, setting):
    group, staff, member = setting
    meeting = plan(app, group, staff, starts_at=utc_now() + timedelta(hours=20))
    later = plan(app, group, staff, starts_at=utc_now() + timedelta(days=3))
    with app.app_context():
        for each in (meeting, later):
            services.reply(db.session, meeting=db.session.get(Meeting, each.id), account_id=member.id, answer=Reply.yes)
        assert services.send_reminders(db.session) == 1
        assert services.send_reminders(db.session) == 0
    assert kinds_for(app, member.id).count("meetings.reminder") == 1
    result = app.test_cli_runner().invoke(args=["meetings", "remind"])
    assert "reminders queued for 0 meetings" in result.output


def test_the_calendar_file_leaves_out_a_sensitive_groups_name_and_place(app, client):
    staff = make_account(app, Role.staff)
    with app.app_context():
        group = groups.create_group(db.session, data={"name": "Safe at home", "pathway": "Support", "description": "x", "sensitive": True}, actor_id=staff.id)
    meeting = plan(app, group, staff, venue="Secret refuge address")
    sign_in(client, staff)
    body = client.get(f"/meetings/{meeting.id}/calendar.ics").text
    assert "BEGIN:VEVENT" in body and "SUMMARY:Meeting" in body
    assert "Safe at home" not in body and "refuge" not in body
    page_title = client.get(f"/meetings/{meeting.id}").text.split("<title>")[1].split("</title>")[0]
    assert "Safe at home" not in page_title
    assert app.test_client().get(f"/meetings/{meeting.id}").status_code == 404


def test_an_ordinary_calendar_file_has_the_time_and_place(app, client, setting):
    group, staff, _member = setting
    starts = datetime(2030, 6, 1, 17, 30, tzinfo=UTC)
    meeting = plan(app, group, staff, starts_at=starts, venue="Hall, Riverside")
    response = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert response.mimetype == "text/calendar"
    assert "DTSTART:20300601T173000Z" in response.text and "LOCATION:Hall\\, Riverside" in response.text


def test_attendance_records_members_once_support_given_and_a_headcount(app, client, setting, page):
    group, staff, member = setting
    meeting = plan(app, group, staff)
    with app.app_context():
        db.session.get(Meeting, meeting.id).starts_at = utc_now() - timedelta(minutes=5)
        db.session.commit()
    sign_in(client, staff)
    tokens = form_fields(client.get(f"/meetings/{meeting.id}/attendance").text)
    response = client.post(
        f"/meetings/{meeting.id}/attendance",
        data={**tokens, "present": [str(member.id)], f"travel-{member.id}": "y", "headcount": "3"},
    )
    assert response.status_code == 303
    with app.app_context():
        [row] = db.session.exec(select(Attendance)).all()
        assert (row.account_id, row.had_travel, row.was_paid) == (member.id, True, False)
        assert db.session.get(Meeting, meeting.id).headcount_without_account == 3
        with pytest.raises(MeetingError, match="recorded_twice"):
            services.record_attendance(db.session, meeting=db.session.get(Meeting, meeting.id), present=[Present(member.id), Present(member.id)], headcount=0, actor_id=staff.id)


def test_attendance_refuses_strangers_and_bad_headcounts_keeping_the_ticks(app, client, setting, page):
    group, staff, member = setting
    meeting = plan(app, group, staff)
    with app.app_context():
        db.session.get(Meeting, meeting.id).starts_at = utc_now() - timedelta(minutes=5)
        db.session.commit()
    stranger = make_account(app)
    sign_in(client, staff)
    tokens = form_fields(client.get(f"/meetings/{meeting.id}/attendance").text)
    _response, document = page.post(f"/meetings/{meeting.id}/attendance", data={**tokens, "present": [str(member.id)], "headcount": "many"}, status=422)
    assert document.find(".//input[@value='%s']" % member.id).get("checked") is not None
    _response, _document = page.post(f"/meetings/{meeting.id}/attendance", data={**tokens, "present": [str(stranger.id)], "headcount": "0"}, status=422)
    with app.app_context():
        assert db.session.exec(select(Attendance)).all() == []


def test_attendance_cannot_be_recorded_before_the_meeting(app, setting):
    group, staff, member = setting
    meeting = plan(app, group, staff)
    with app.app_context():
        with pytest.raises(MeetingError, match="not_started"):
            services.record_attendance(db.session, meeting=db.session.get(Meeting, meeting.id), present=[Present(member.id)], headcount=0, actor_id=staff.id)


def test_the_group_page_lists_upcoming_meetings(app, client, setting, page):
    group, staff, _member = setting
    plan(app, group, staff)
    _response, document = page.get(f"/groups/{group.id}")
    assert document.find(".//main//a[@href]") is not None
    assert any("/meetings/" in (a.get("href") or "") for a in document.iter("a"))


def test_cancellations_go_by_email_at_once_even_for_weekly_digests(app, setting):
    from portal.accounts.models import Account
    from portal.notifications import services as notifications
    from portal.notifications.models import Frequency
    from portal.web.crypto import encrypt

    group, staff, member = setting
    meeting = plan(app, group, staff)
    with app.app_context():
        db.session.get(Account, member.id).email_encrypted = encrypt("m@example.org")
        db.session.commit()
        notifications.set_preferences(db.session, account_id=member.id, email=True, sms=False, connector_id=None, frequency=Frequency.weekly)
        services.reply(db.session, meeting=db.session.get(Meeting, meeting.id), account_id=member.id, answer=Reply.yes)
        services.cancel_meeting(db.session, group=group, meeting=db.session.get(Meeting, meeting.id), actor_id=staff.id)
        [item] = db.session.exec(select(OutboxItem)).all()
        assert item.in_digest is False
