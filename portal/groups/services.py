"""Every write about groups: validate, change, audit, notify, commit."""

from __future__ import annotations

import uuid

from pydantic import ValidationError
from sqlmodel import Session

from portal.audit import services as audit
from portal.web.coded import CodedError
from portal.db import utc_now
from portal.groups.models import Group, GroupCreate, JoinPolicy, MemberRole, MemberStatus, Membership
from portal.notifications.services import notify


class GroupError(CodedError):
    """A request about a group that cannot be carried out; `code` says why."""


def _validated(data: dict) -> GroupCreate:
    try:
        return GroupCreate.model_validate(data)
    except ValidationError as error:
        raise GroupError("invalid") from error


def create_group(session: Session, *, data: dict, actor_id: uuid.UUID) -> Group:
    """Create a group; the person who creates it facilitates it."""
    group = Group.model_validate(_validated(data))
    session.add(group)
    session.flush()
    session.add(Membership(group_id=group.id, account_id=actor_id, role=MemberRole.facilitator, joined_at=utc_now()))
    audit.record(session, action="groups.create", subject_kind="group", subject=group.id, actor=actor_id)
    session.commit()
    return group


def update_group(session: Session, *, group: Group, data: dict, actor_id: uuid.UUID) -> None:
    """Change what a group says about itself."""
    clean = _validated(data)
    for field, value in clean.model_dump().items():
        setattr(group, field, value)
    audit.record(session, action="groups.update", subject_kind="group", subject=group.id, actor=actor_id)
    session.commit()


def join(session: Session, *, group: Group, account_id: uuid.UUID) -> MemberStatus:
    """Join an open group at once, or ask to join one that needs a facilitator's yes."""
    existing = session.get(Membership, (group.id, account_id))
    if existing is not None:
        return existing.status
    if group.join_policy == JoinPolicy.invitation:
        raise GroupError("invitation_only")
    status = MemberStatus.active if group.join_policy == JoinPolicy.open else MemberStatus.requested
    session.add(
        Membership(group_id=group.id, account_id=account_id, status=status, joined_at=utc_now() if status == MemberStatus.active else None)
    )
    audit.record(session, action=f"groups.{'join' if status == MemberStatus.active else 'request_to_join'}", subject_kind="group", subject=group.id, actor=account_id)
    if status == MemberStatus.requested:
        for facilitator_id in _facilitator_ids(session, group.id):
            notify(session, recipient_id=facilitator_id, kind="groups.join_requested", link=f"/groups/{group.id}", group=group.name)
    session.commit()
    return status


def _facilitator_ids(session: Session, group_id: uuid.UUID) -> list[uuid.UUID]:
    from sqlmodel import select

    return list(
        session.exec(
            select(Membership.account_id).where(
                Membership.group_id == group_id, Membership.role == MemberRole.facilitator, Membership.status == MemberStatus.active
            )
        )
    )


def leave(session: Session, *, group: Group, account_id: uuid.UUID) -> None:
    """Leave a group (or withdraw a request). The last facilitator cannot leave."""
    membership = session.get(Membership, (group.id, account_id))
    if membership is None:
        return
    if membership.role == MemberRole.facilitator and len(_facilitator_ids(session, group.id)) <= 1:
        raise GroupError("last_facilitator")
    session.delete(membership)
    audit.record(session, action="groups.leave", subject_kind="group", subject=group.id, actor=account_id)
    session.commit()


def decide_request(session: Session, *, group: Group, account_id: uuid.UUID, approve: bool, actor_id: uuid.UUID) -> None:
    """A facilitator says yes or no to a request to join; the person is told either way."""
    membership = session.get(Membership, (group.id, account_id))
    if membership is None or membership.status != MemberStatus.requested:
        raise GroupError("no_request")
    if approve:
        membership.status, membership.joined_at = MemberStatus.active, utc_now()
    else:
        session.delete(membership)
    audit.record(session, action=f"groups.{'approve' if approve else 'decline'}_request", subject_kind="group", subject=group.id, actor=actor_id)
    notify(
        session,
        recipient_id=account_id,
        kind="groups.request_approved" if approve else "groups.request_declined",
        link=f"/groups/{group.id}",
        group=group.name,
    )
    session.commit()


def set_facilitator(session: Session, *, group: Group, account_id: uuid.UUID, actor_id: uuid.UUID) -> None:
    """Make a member (or a staff member or connector not yet in the group) a facilitator."""
    membership = session.get(Membership, (group.id, account_id))
    if membership is None:
        membership = Membership(group_id=group.id, account_id=account_id)
        session.add(membership)
    membership.role, membership.status = MemberRole.facilitator, MemberStatus.active
    membership.joined_at = membership.joined_at or utc_now()
    audit.record(session, action="groups.add_facilitator", subject_kind="group", subject=group.id, actor=actor_id)
    session.commit()
