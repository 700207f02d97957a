"""Read-only selects about groups."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.accounts.models import Account, RoleGrant
from portal.groups.models import AdjustmentRequest, Group, MemberRole, MemberStatus, Membership
from portal.web.permissions import Role


def seen_by(group_id, *, viewer_id: uuid.UUID | None, staff: bool) -> sa.ColumnElement[bool]:
    """Rows a person may see for `group_id`: no group, an ordinary group, or a sensitive group
    they belong to (staff see all). The query must join Group on `group_id`."""
    if staff:
        return sa.true()
    mine = sa.select(Membership.group_id).where(Membership.account_id == viewer_id) if viewer_id else sa.select(Membership.group_id).where(sa.false())
    return sa.or_(group_id.is_(None), Group.sensitive.is_(False), group_id.in_(mine))


def visible_groups(session: Session, *, viewer_id: uuid.UUID | None, staff: bool, page: int, per_page: int) -> tuple[list[tuple[Group, int]], bool]:
    """Groups a person may see, with member counts, newest first. Sensitive groups are listed
    only to their members and to staff."""
    members = (
        sa.select(Membership.group_id, sa.func.count().label("members"))
        .where(Membership.status == MemberStatus.active)
        .group_by(Membership.group_id)
        .subquery()
    )
    query = sa.select(Group, sa.func.coalesce(members.c.members, 0)).outerjoin(members, members.c.group_id == Group.id)
    query = query.where(seen_by(Group.id, viewer_id=viewer_id, staff=staff))
    rows = session.execute(query.order_by(Group.created_at.desc(), Group.id).offset((page - 1) * per_page).limit(per_page + 1)).all()
    return [(group, count) for group, count in rows[:per_page]], len(rows) > per_page


def membership(session: Session, group_id: uuid.UUID, account_id: uuid.UUID | None) -> Membership | None:
    return session.get(Membership, (group_id, account_id)) if account_id else None


def is_facilitator(session: Session, group_id: uuid.UUID, account_id: uuid.UUID | None) -> bool:
    found = membership(session, group_id, account_id)
    return bool(found and found.role == MemberRole.facilitator and found.status == MemberStatus.active)


#: The most names the group page lists; the rest are counted.
MEMBERS_SHOWN = 100


def listed_members(session: Session, group_id: uuid.UUID, *, to_member: bool) -> tuple[list[tuple[str, MemberRole]], int]:
    """Who runs the group (its facilitators, for anyone) and, for its own active members, the
    others who chose to show their name to the members of their groups: at most
    `MEMBERS_SHOWN` names, facilitators first, and how many there are in all."""
    shown = Membership.role == MemberRole.facilitator
    if to_member:
        shown = sa.or_(shown, Account.listed_to_members.is_(True))
    rows = session.execute(
        sa.select(Account.pseudonym, Membership.role, sa.func.count().over())
        .join(Membership, Membership.account_id == Account.id)
        .where(Membership.group_id == group_id, Membership.status == MemberStatus.active, shown)
        .order_by(sa.case((Membership.role == MemberRole.facilitator, 0), else_=1), Account.pseudonym)
        .limit(MEMBERS_SHOWN)
    ).all()
    return [(name, role) for name, role, _total in rows], (rows[0][2] if rows else 0)


def member_count(session: Session, group_id: uuid.UUID) -> int:
    return session.execute(
        sa.select(sa.func.count()).select_from(Membership).where(Membership.group_id == group_id, Membership.status == MemberStatus.active)
    ).scalar_one()


def requests(session: Session, group_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """People waiting for a facilitator's yes, oldest first."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(Account.id, Account.pseudonym)
            .join(Membership, Membership.account_id == Account.id)
            .where(Membership.group_id == group_id, Membership.status == MemberStatus.requested)
            .order_by(Membership.requested_at)
        ).all()
    ]


def staff_and_connectors_by_name(session: Session, pseudonym_key: str) -> Account | None:
    """An account that may facilitate (staff or community connector), by folded name."""
    return session.exec(
        select(Account)
        .join(RoleGrant, RoleGrant.account_id == Account.id)
        .where(Account.pseudonym_key == pseudonym_key, RoleGrant.role.in_([Role.staff, Role.intermediary]))
    ).first()


def adjustment_requests(session: Session, group_id: uuid.UUID, limit: int = 100) -> list[tuple[AdjustmentRequest, str]]:
    """Requests to the facilitators, open ones first, newest first, with who asked."""
    rows = session.execute(
        sa.select(AdjustmentRequest, Account.pseudonym)
        .join(Account, Account.id == AdjustmentRequest.account_id)
        .where(AdjustmentRequest.group_id == group_id)
        .order_by(AdjustmentRequest.handled_at.is_not(None), AdjustmentRequest.created_at.desc())
        .limit(limit)
    ).all()
    return [tuple(row) for row in rows]


def facilitated_groups(session: Session, account_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Groups a person runs as an active facilitator, by name (for choosing one)."""
    rows = session.execute(
        sa.select(Group.id, Group.name)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.account_id == account_id, Membership.role == MemberRole.facilitator, Membership.status == MemberStatus.active)
        .order_by(Group.name)
        .limit(50)
    ).all()
    return [tuple(row) for row in rows]


def card_groups(session: Session, account_id: uuid.UUID, limit: int = 2) -> list[tuple[uuid.UUID, str | None, list[str]]]:
    """For a continuity card: the person's groups (None for a sensitive one's name) with up to
    three facilitators each, in two queries."""
    groups = session.execute(
        sa.select(Group.id, Group.name, Group.sensitive)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.account_id == account_id, Membership.status == MemberStatus.active, Membership.role == MemberRole.member)
        .order_by(Membership.joined_at.desc(), Group.id)
        .limit(limit)
    ).all()
    if not groups:
        return []
    facilitators: dict[uuid.UUID, list[str]] = {}
    for group_id, name in session.execute(
        sa.select(Membership.group_id, Account.pseudonym)
        .join(Account, Account.id == Membership.account_id)
        .where(Membership.group_id.in_([row.id for row in groups]), Membership.role == MemberRole.facilitator, Membership.status == MemberStatus.active)
        .order_by(Account.pseudonym)
    ).all():
        facilitators.setdefault(group_id, []).append(name)
    return [(row.id, None if row.sensitive else row.name, facilitators.get(row.id, [])[:3]) for row in groups]
