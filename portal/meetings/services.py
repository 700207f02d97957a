"""Every write about meetings: validate, change, audit, tell the people concerned, commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select

from portal.audit import services as audit
from portal.web.coded import CodedError
from portal.db import utc_now
from portal.groups.models import Group, MemberStatus, Membership
from portal.meetings.models import Attendance, Meeting, MeetingCreate, MeetingFormat, MeetingReply, Reply
from portal.notifications.services import notify

LONGEST = timedelta(hours=12)
REMIND_BEFORE = timedelta(hours=24)


class MeetingError(CodedError):
    """A request about a meeting that cannot be carried out; `code` says why."""


@dataclass(frozen=True)
class Present:
    """One member at a meeting and the support they were given."""

    account_id: uuid.UUID
    had_interpreter: bool = False
    had_travel: bool = False
    had_care_cover: bool = False
    was_paid: bool = False


def _validated(data: dict, now: datetime) -> MeetingCreate:
    try:
        clean = MeetingCreate.model_validate(data)
    except ValidationError as error:
        raise MeetingError("invalid") from error
    if clean.starts_at <= now:
        raise MeetingError("in_the_past")
    if clean.ends_at <= clean.starts_at:
        raise MeetingError("ends_before_start")
    if clean.ends_at - clean.starts_at > LONGEST:
        raise MeetingError("too_long")
    if clean.format == MeetingFormat.in_person and not clean.venue.strip():
        raise MeetingError("venue_needed")
    return clean


def _context(group: Group, meeting: Meeting) -> dict:
    return {"group": group.name, "starts_at": meeting.starts_at.isoformat()}


def _member_ids(session: Session, group_id: uuid.UUID) -> list[uuid.UUID]:
    return list(
        session.exec(select(Membership.account_id).where(Membership.group_id == group_id, Membership.status == MemberStatus.active))
    )


def _coming_ids(session: Session, meeting_id: uuid.UUID) -> list[uuid.UUID]:
    return list(session.exec(select(MeetingReply.account_id).where(MeetingReply.meeting_id == meeting_id, MeetingReply.reply == Reply.yes)))


def create_meeting(session: Session, *, group: Group, data: dict, actor_id: uuid.UUID, now: datetime | None = None) -> Meeting:
    """Plan a meeting; every member is told (in their digest)."""
    meeting = Meeting(group_id=group.id, **_validated(data, now or utc_now()).model_dump())
    session.add(meeting)
    session.flush()
    for member_id in _member_ids(session, group.id):
        if member_id != actor_id:
            notify(session, recipient_id=member_id, kind="meetings.planned", link=f"/meetings/{meeting.id}", **_context(group, meeting))
    audit.record(session, action="meetings.create", subject_kind="meeting", subject=meeting.id, actor=actor_id)
    session.commit()
    return meeting


def update_meeting(session: Session, *, group: Group, meeting: Meeting, data: dict, actor_id: uuid.UUID, now: datetime | None = None) -> None:
    """Change a meeting; everyone who said they are coming is told at once."""
    if meeting.cancelled_at is not None:
        raise MeetingError("cancelled")
    clean = _validated(data, now or utc_now())
    for field, value in clean.model_dump().items():
        setattr(meeting, field, value)
    for member_id in _coming_ids(session, meeting.id):
        notify(session, recipient_id=member_id, kind="meetings.changed", link=f"/meetings/{meeting.id}", **_context(group, meeting))
    audit.record(session, action="meetings.update", subject_kind="meeting", subject=meeting.id, actor=actor_id)
    session.commit()


def cancel_meeting(session: Session, *, group: Group, meeting: Meeting, actor_id: uuid.UUID) -> None:
    """Call a meeting off; everyone who said they are coming is told at once."""
    if meeting.cancelled_at is not None:
        return
    meeting.cancelled_at = utc_now()
    for member_id in _coming_ids(session, meeting.id):
        notify(session, recipient_id=member_id, kind="meetings.cancelled", link=f"/meetings/{meeting.id}", **_context(group, meeting))
    audit.record(session, action="meetings.cancel", subject_kind="meeting", subject=meeting.id, actor=actor_id)
    session.commit()


def yes_count(session: Session, meeting_id: uuid.UUID) -> int:
    return session.execute(
        sa.select(sa.func.count()).select_from(MeetingReply).where(MeetingReply.meeting_id == meeting_id, MeetingReply.reply == Reply.yes)
    ).scalar_one()


def reply(session: Session, *, meeting: Meeting, account_id: uuid.UUID, answer: Reply, now: datetime | None = None) -> None:
    """A member says whether they will come; a full meeting takes no more yeses."""
    membership = session.get(Membership, (meeting.group_id, account_id))
    if membership is None or membership.status != MemberStatus.active:
        raise MeetingError("not_member")
    if meeting.cancelled_at is not None:
        raise MeetingError("cancelled")
    if meeting.starts_at <= (now or utc_now()):
        raise MeetingError("already_started")
    existing = session.get(MeetingReply, (meeting.id, account_id))
    already_yes = existing is not None and existing.reply == Reply.yes
    if answer == Reply.yes and not already_yes and meeting.capacity is not None and yes_count(session, meeting.id) >= meeting.capacity:
        raise MeetingError("full")
    if existing is None:
        session.add(MeetingReply(meeting_id=meeting.id, account_id=account_id, reply=answer))
    else:
        existing.reply, existing.replied_at = answer, utc_now()
    session.commit()


def send_reminders(session: Session, *, now: datetime | None = None) -> int:
    """Remind everyone coming to a meeting in the next day, once; return how many meetings."""
    now = now or utc_now()
    due = session.exec(
        select(Meeting, Group)
        .join(Group, Group.id == Meeting.group_id)
        .where(
            Meeting.cancelled_at.is_(None),
            Meeting.reminded_at.is_(None),
            Meeting.starts_at > now,
            Meeting.starts_at <= now + REMIND_BEFORE,
        )
    ).all()
    for meeting, group in due:
        for member_id in _coming_ids(session, meeting.id):
            notify(session, recipient_id=member_id, kind="meetings.reminder", link=f"/meetings/{meeting.id}", **_context(group, meeting))
        meeting.reminded_at = now
    session.commit()
    return len(due)


def record_attendance(
    session: Session, *, meeting: Meeting, present: list[Present], headcount: int, actor_id: uuid.UUID, now: datetime | None = None
) -> None:
    """Record who came (members, once each), the support given, and a headcount of others."""
    if meeting.starts_at > (now or utc_now()):
        raise MeetingError("not_started")
    if meeting.cancelled_at is not None:
        raise MeetingError("cancelled")
    ids = [item.account_id for item in present]
    if len(ids) != len(set(ids)):
        raise MeetingError("recorded_twice")
    members = set(_member_ids(session, meeting.group_id))
    if not set(ids) <= members:
        raise MeetingError("not_member")
    if not 0 <= headcount <= 1000:
        raise MeetingError("invalid")
    session.execute(sa.delete(Attendance).where(Attendance.meeting_id == meeting.id))
    for item in present:
        session.add(Attendance(meeting_id=meeting.id, **vars(item)))
    meeting.headcount_without_account = headcount
    meeting.attendance_recorded_at = utc_now()
    audit.record(session, action="meetings.record_attendance", subject_kind="meeting", subject=meeting.id, actor=actor_id)
    session.commit()
