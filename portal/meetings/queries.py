"""Read-only selects about meetings."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.accounts.models import Account
from portal.db import utc_now
from portal.groups.models import MemberStatus, Membership
from portal.meetings.models import Attendance, Meeting, MeetingReply, Reply


def upcoming(session: Session, group_id: uuid.UUID, limit: int = 5) -> list[Meeting]:
    return list(
        session.exec(
            select(Meeting)
            .where(Meeting.group_id == group_id, Meeting.ends_at > utc_now())
            .order_by(Meeting.starts_at)
            .limit(limit)
        )
    )


def reply_of(session: Session, meeting_id: uuid.UUID, account_id: uuid.UUID | None) -> Reply | None:
    if account_id is None:
        return None
    found = session.get(MeetingReply, (meeting_id, account_id))
    return found.reply if found else None


def members_for_attendance(session: Session, group_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    rows = session.execute(
        sa.select(Account.id, Account.pseudonym)
        .join(Membership, Membership.account_id == Account.id)
        .where(Membership.group_id == group_id, Membership.status == MemberStatus.active)
        .order_by(Account.pseudonym)
    ).all()
    return [tuple(row) for row in rows]


def attendance_of(session: Session, meeting_id: uuid.UUID) -> dict[uuid.UUID, dict]:
    return {
        row.account_id: {
            "had_interpreter": row.had_interpreter,
            "had_travel": row.had_travel,
            "had_care_cover": row.had_care_cover,
            "was_paid": row.was_paid,
        }
        for row in session.exec(select(Attendance).where(Attendance.meeting_id == meeting_id))
    }
