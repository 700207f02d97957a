"""Read-only selects about claims, each list in one query."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlmodel import Session

from portal.accounts.models import Account
from portal.claims.models import CLAIM_WINDOW_DAYS, Claim, ClaimStatus, Receipt
from portal.db import utc_now
from portal.groups.models import Group, MemberRole, MemberStatus, Membership
from portal.meetings.models import Attendance, Meeting


@dataclass(frozen=True)
class ClaimRow:
    """A claim with what a reader needs beside it, read in one go."""

    claim: Claim
    #: "Former member" for an approved claim kept after the person deleted their account.
    pseudonym: str
    meeting_id: uuid.UUID
    starts_at: datetime
    #: None for a sensitive group: its name is not shown in lists or exports.
    group_name: str | None
    has_receipt: bool
    #: Whether the facilitator recorded the person as there (None: attendance not recorded yet).
    was_there: bool | None
    helped: bool


def _rows(query) -> sa.Select:
    receipt = sa.exists().where(Receipt.claim_id == Claim.id)
    there = sa.exists().where(Attendance.meeting_id == Claim.meeting_id, Attendance.account_id == Claim.account_id)
    return (
        sa.select(Claim, Account.pseudonym, Meeting.id, Meeting.starts_at, Group.name, Group.sensitive, receipt, there, Meeting.attendance_recorded_at)
        .outerjoin(Account, Account.id == Claim.account_id)
        .join(Meeting, Meeting.id == Claim.meeting_id)
        .join(Group, Group.id == Meeting.group_id)
        .where(query)
    )


def _wrap(rows) -> list[ClaimRow]:
    return [
        ClaimRow(claim, _("Former member") if pseudonym is None else pseudonym, meeting_id, starts_at, None if sensitive else name, bool(receipt), bool(there) if recorded else None, claim.on_behalf_id is not None)
        for claim, pseudonym, meeting_id, starts_at, name, sensitive, receipt, there, recorded in rows
    ]


def for_review(session: Session, *, status: ClaimStatus, page: int, per_page: int) -> tuple[list[ClaimRow], bool]:
    """Claims in one state, oldest first for those waiting and newest first for the rest."""
    order = Claim.created_at if status == ClaimStatus.submitted else Claim.created_at.desc()
    rows = session.execute(_rows(Claim.status == status).order_by(order, Claim.id).offset((page - 1) * per_page).limit(per_page + 1)).all()
    return _wrap(rows[:per_page]), len(rows) > per_page


def one(session: Session, claim_id: uuid.UUID) -> ClaimRow | None:
    rows = _wrap(session.execute(_rows(Claim.id == claim_id)).all())
    return rows[0] if rows else None


def of_person(session: Session, account_id: uuid.UUID, limit: int = 100) -> list[ClaimRow]:
    """A person's own claims, newest first."""
    return _wrap(session.execute(_rows(Claim.account_id == account_id).order_by(Claim.created_at.desc()).limit(limit)).all())


def approved_between(session: Session, start: datetime, end: datetime) -> list[ClaimRow]:
    """Claims approved in a period, for finance, in the order they were approved."""
    query = sa.and_(Claim.status == ClaimStatus.approved, Claim.decided_at >= start, Claim.decided_at < end)
    return _wrap(session.execute(_rows(query).order_by(Claim.decided_at, Claim.id)).all())


def claimable_meetings(session: Session, account_id: uuid.UUID, now: datetime | None = None, limit: int = 20) -> list[tuple[Meeting, str | None]]:
    """Recent meetings of the person's groups that offered support they can still claim."""
    now = now or utc_now()
    rows = session.execute(
        sa.select(Meeting, Group.name, Group.sensitive)
        .join(Group, Group.id == Meeting.group_id)
        .join(Membership, sa.and_(Membership.group_id == Meeting.group_id, Membership.account_id == account_id))
        .where(
            Membership.status == MemberStatus.active,
            Membership.role == MemberRole.member,
            Meeting.cancelled_at.is_(None),
            Meeting.starts_at <= now,
            Meeting.ends_at >= now - timedelta(days=CLAIM_WINDOW_DAYS),
            sa.or_(Meeting.offers_travel, Meeting.offers_care_cover, Meeting.offers_payment),
        )
        .order_by(Meeting.starts_at.desc())
        .limit(limit)
    ).all()
    return [(meeting, None if sensitive else name) for meeting, name, sensitive in rows]


def waiting_count(session: Session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(Claim).where(Claim.status == ClaimStatus.submitted)).scalar_one()
