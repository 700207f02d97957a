"""Read-only selects for a connector's caseload, in a fixed number of queries."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.accounts.models import Account, Consent, ConsentKind
from portal.caseload.models import ContactRecord
from portal.db import utc_now
from portal.groups.models import MemberStatus, Membership
from portal.meetings.models import Attendance, Meeting
from portal.notifications.models import NotificationPreference


@dataclass(frozen=True)
class Person:
    """One person on a connector's caseload, by pseudonym only."""

    id: uuid.UUID
    pseudonym: str
    last_contact: date | None
    next_meeting: datetime | None
    channels: tuple[str, ...]
    reach_out: bool
    #: Whether they agreed to this connector acting for them, one contribution at a time.
    may_act: bool = False


def caseload(session: Session, *, connector_id: uuid.UUID, reach_out_after_days: int, today: date) -> list[Person]:
    """The people this connector supports, who needs reaching out to first."""
    people = list(session.exec(select(Account).where(Account.supported_by_id == connector_id).order_by(Account.pseudonym)))
    ids = [person.id for person in people]
    if not ids:
        return []
    last = dict(
        session.execute(
            sa.select(ContactRecord.person_id, sa.func.max(ContactRecord.contact_date)).where(ContactRecord.person_id.in_(ids)).group_by(ContactRecord.person_id)
        ).all()
    )
    upcoming = dict(
        session.execute(
            sa.select(Membership.account_id, sa.func.min(Meeting.starts_at))
            .join(Meeting, Meeting.group_id == Membership.group_id)
            .where(
                Membership.account_id.in_(ids),
                Membership.status == MemberStatus.active,
                Meeting.starts_at > utc_now(),
                Meeting.cancelled_at.is_(None),
            )
            .group_by(Membership.account_id)
        ).all()
    )
    missed = _missed_last_two(session, ids)
    consenting = set(
        session.execute(
            sa.select(Consent.account_id).where(Consent.account_id.in_(ids), Consent.kind == ConsentKind.act_on_behalf, Consent.withdrawn_at.is_(None))
        ).scalars()
    )
    choices = {row.account_id: row for row in session.exec(select(NotificationPreference).where(NotificationPreference.account_id.in_(ids)))}
    result = []
    for person in people:
        choice = choices.get(person.id)
        channels = tuple(name for name, on in (("email", choice and choice.email), ("sms", choice and choice.sms), ("connector", choice and choice.connector)) if on)
        last_contact = last.get(person.id)
        stale = last_contact is None or (today - last_contact).days > reach_out_after_days or person.id in missed
        result.append(Person(person.id, person.pseudonym, last_contact, upcoming.get(person.id), channels, stale, person.id in consenting))
    return sorted(result, key=lambda p: (not p.reach_out, p.pseudonym.casefold()))


def _missed_last_two(session: Session, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """People absent from both of the last two meetings of their groups that took attendance."""
    came = sa.exists().where(Attendance.meeting_id == Meeting.id, Attendance.account_id == Membership.account_id)
    ranked = (
        sa.select(
            Membership.account_id.label("person"),
            came.label("came"),
            sa.func.row_number().over(partition_by=Membership.account_id, order_by=Meeting.starts_at.desc()).label("recent"),
        )
        .join(Meeting, Meeting.group_id == Membership.group_id)
        .where(
            Membership.account_id.in_(ids),
            Membership.status == MemberStatus.active,
            Meeting.attendance_recorded_at.is_not(None),
            Meeting.starts_at >= Membership.joined_at,
        )
        .subquery()
    )
    rows = session.execute(
        sa.select(ranked.c.person, sa.func.count(), sa.func.sum(sa.case((ranked.c.came, 1), else_=0)))
        .where(ranked.c.recent <= 2)
        .group_by(ranked.c.person)
    ).all()
    return {person for person, meetings, attended in rows if meetings == 2 and not attended}


def contact_rows(session: Session, *, connector_id: uuid.UUID) -> list[tuple[ContactRecord, str]]:
    """Every contact this connector recorded, oldest first, with the person's pseudonym."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(ContactRecord, Account.pseudonym)
            .join(Account, Account.id == ContactRecord.person_id)
            .where(ContactRecord.connector_id == connector_id)
            .order_by(ContactRecord.contact_date, ContactRecord.created_at)
        ).all()
    ]


def consenting_people(session: Session, *, connector_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """People this connector supports who agreed to the connector acting for them."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(Account.id, Account.pseudonym)
            .join(Consent, Consent.account_id == Account.id)
            .where(Account.supported_by_id == connector_id, Consent.kind == ConsentKind.act_on_behalf, Consent.withdrawn_at.is_(None))
            .order_by(Account.pseudonym)
            .distinct()
        ).all()
    ]
