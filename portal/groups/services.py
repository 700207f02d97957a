"""Every write about groups: validate, change, audit, notify, commit."""

from __future__ import annotations

import uuid
from datetime import timedelta

import sqlalchemy as sa
from pydantic import ValidationError
from sqlmodel import Session, select

from portal.accounts import passwords
from portal.audit import services as audit
from portal.db import utc_now
from portal.groups.models import AdjustmentRequest, Group, GroupCreate, Invitation, JoinPolicy, MemberRole, MemberStatus, Membership
from portal.notifications.services import notify
from portal.web.coded import CodedError


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


INVITATION_DAYS = 14


def invite(session: Session, *, group: Group, actor_id: uuid.UUID, now=None) -> str:
    """Make a single-use invitation code for the group, valid for two weeks; return it."""
    code = passwords.new_card_code()
    now = now or utc_now()
    session.add(
        Invitation(
            group_id=group.id,
            code_digest=passwords.digest(passwords.tidy_code(code)),
            created_by_id=actor_id,
            created_at=now,
            expires_at=now + timedelta(days=INVITATION_DAYS),
        )
    )
    audit.record(session, action="groups.invite", subject_kind="group", subject=group.id, actor=actor_id)
    session.commit()
    return code


def join_with_code(session: Session, *, code: str, account_id: uuid.UUID, now=None) -> Group:
    """Join the group an invitation code belongs to; the code then stops working."""
    now = now or utc_now()
    digest = passwords.digest(passwords.tidy_code(code))
    invitation = session.exec(select(Invitation).where(Invitation.code_digest == digest)).first()
    if invitation is None:
        raise GroupError("unknown_code")
    if invitation.used_at is not None:
        raise GroupError("used_code")
    if invitation.expires_at <= now:
        raise GroupError("expired_code")
    # Spend the code with a guarded update, so two people racing with it cannot both join.
    spent = session.execute(
        sa.update(Invitation)
        .where(Invitation.id == invitation.id, Invitation.used_at.is_(None))
        .values(used_at=now, used_by_id=account_id)
    ).rowcount
    if spent != 1:
        session.rollback()
        raise GroupError("used_code")
    group = session.get(Group, invitation.group_id)
    membership = session.get(Membership, (group.id, account_id))
    if membership is None:
        session.add(Membership(group_id=group.id, account_id=account_id, status=MemberStatus.active, joined_at=now))
    else:
        membership.status, membership.joined_at = MemberStatus.active, membership.joined_at or now
    audit.record(session, action="groups.join_with_invitation", subject_kind="group", subject=group.id, actor=account_id)
    session.commit()
    return group


def request_adjustment(session: Session, *, group: Group, account_id: uuid.UUID, text: str) -> None:
    """Save what the person needs, then tell every facilitator (in the same transaction)."""
    session.add(AdjustmentRequest(group_id=group.id, account_id=account_id, text=text))
    for facilitator_id in _facilitator_ids(session, group.id):
        notify(session, recipient_id=facilitator_id, kind="groups.adjustment_requested", link=f"/groups/{group.id}/adjustments", group=group.name)
    audit.record(session, action="groups.request_adjustment", subject_kind="group", subject=group.id, actor=account_id)
    session.commit()


def mark_adjustment_handled(session: Session, *, group: Group, request_id: uuid.UUID, actor_id: uuid.UUID) -> None:
    found = session.get(AdjustmentRequest, request_id)
    if found is None or found.group_id != group.id:
        raise GroupError("no_request")
    if found.handled_at is None:
        found.handled_at = utc_now()
        audit.record(session, action="groups.handle_adjustment", subject_kind="group", subject=group.id, actor=actor_id)
        session.commit()
