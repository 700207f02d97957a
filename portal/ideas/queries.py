"""Read-only selects about ideas."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import Account
from portal.groups.models import Group, MemberRole, MemberStatus, Membership, Touchpoint
from portal.groups.queries import seen_by
from portal.ideas.models import Idea, IdeaEvent, IdeaReply, IdeaReport, IdeaStatus


def groups_of(session: Session, account_id: uuid.UUID) -> list[tuple[uuid.UUID, str]]:
    """Groups the person is an active member of, to choose one for an idea."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(Group.id, Group.name)
            .join(Membership, Membership.group_id == Group.id)
            .where(Membership.account_id == account_id, Membership.status == MemberStatus.active, Membership.role == MemberRole.member)
            .order_by(Group.name)
            .limit(50)
        ).all()
    ]


def mine(session: Session, account_id: uuid.UUID, *, page: int, per_page: int) -> tuple[list[tuple[Idea, list[IdeaEvent]]], bool]:
    """The person's own ideas, newest first, each with its history (two queries)."""
    ideas = list(
        session.execute(
            sa.select(Idea).where(Idea.author_id == account_id).order_by(Idea.created_at.desc(), Idea.id).offset((page - 1) * per_page).limit(per_page + 1)
        ).scalars()
    )
    shown = ideas[:per_page]
    history: dict[uuid.UUID, list[IdeaEvent]] = {}
    if shown:
        for event in session.execute(sa.select(IdeaEvent).where(IdeaEvent.idea_id.in_([idea.id for idea in shown])).order_by(IdeaEvent.created_at)).scalars():
            history.setdefault(event.idea_id, []).append(event)
    return [(idea, history.get(idea.id, [])) for idea in shown], len(ideas) > per_page


@dataclass(frozen=True)
class Shown:
    """An idea as a list or page shows it: never the author's name when it is anonymous."""

    idea: Idea
    #: The pseudonym, or None when the idea is shown as anonymous (or the account has gone).
    author: str | None
    group_name: str | None
    replies: int

    @property
    def by_former_member(self) -> bool:
        """The author deleted their account and left the idea up: shown as "Former member"."""
        return self.idea.author_id is None and not self.idea.anonymous


def _shown(query) -> sa.Select:
    replies = sa.select(sa.func.count()).where(IdeaReply.idea_id == Idea.id).correlate(Idea).scalar_subquery()
    return (
        sa.select(Idea, Account.pseudonym, Group.name, Group.sensitive, replies)
        .outerjoin(Account, Account.id == Idea.author_id)
        .outerjoin(Group, Group.id == Idea.group_id)
        .where(query)
    )


def _wrap(rows) -> list[Shown]:
    return [
        Shown(idea, None if idea.anonymous else pseudonym, None if sensitive else name, replies)
        for idea, pseudonym, name, sensitive, replies in rows
    ]


def _newest_first(status: IdeaStatus) -> tuple:
    """Published ideas by when they were published (an index holds that order); others, which
    have no publishing time, by when they were sent."""
    if status == IdeaStatus.published:
        return (Idea.published_at.desc(), Idea.id.desc())
    return (Idea.created_at.desc(), Idea.id.desc())


def published(
    session: Session,
    *,
    viewer_id: uuid.UUID | None,
    staff: bool,
    group_id: uuid.UUID | None,
    touchpoint: Touchpoint | None,
    page: int,
    per_page: int,
    status: IdeaStatus = IdeaStatus.published,
) -> tuple[list[Shown], bool]:
    """Ideas in one state (published unless a moderator asks for another), newest first, that
    the viewer may see (a sensitive group's only by its members and staff). Held ideas are
    never listed."""
    if status == IdeaStatus.held:
        raise ValueError("held ideas are never listed")
    query = Idea.status == status
    query = sa.and_(query, seen_by(Idea.group_id, viewer_id=viewer_id, staff=staff))
    if group_id is not None:
        query = sa.and_(query, Idea.group_id == group_id)
    if touchpoint is not None:
        query = sa.and_(query, Idea.touchpoint == touchpoint)
    rows = session.execute(
        _shown(query).order_by(*_newest_first(status)).offset((page - 1) * per_page).limit(per_page + 1)
    ).all()
    return _wrap(rows[:per_page]), len(rows) > per_page


def one(session: Session, idea_id: uuid.UUID) -> Shown | None:
    rows = _wrap(session.execute(_shown(Idea.id == idea_id)).all())
    return rows[0] if rows else None


def replies(session: Session, idea_id: uuid.UUID) -> list[tuple[IdeaReply, str | None]]:
    return [
        tuple(row)
        for row in session.execute(
            sa.select(IdeaReply, Account.pseudonym).outerjoin(Account, Account.id == IdeaReply.author_id).where(IdeaReply.idea_id == idea_id).order_by(IdeaReply.created_at)
        ).all()
    ]


@dataclass(frozen=True)
class Waiting:
    """An idea in a moderator's queue, with what they need to decide."""

    idea: Idea
    author: str | None
    group_name: str | None
    reports: int

    @property
    def by_former_member(self) -> bool:
        return self.idea.author_id is None and not self.idea.anonymous


def moderation_queue(session: Session, *, moderator_id: uuid.UUID, staff: bool, status: IdeaStatus, page: int, per_page: int) -> tuple[list[Waiting], bool]:
    """Ideas waiting (for moderation or translation) in the groups this person may moderate;
    staff see every group and ideas with no group. Oldest first."""
    reports = (
        sa.select(sa.func.count()).where(IdeaReport.idea_id == Idea.id, IdeaReport.reviewed_at.is_(None)).correlate(Idea).scalar_subquery()
    )
    query = sa.select(Idea, Account.pseudonym, Group.name, reports).outerjoin(Account, Account.id == Idea.author_id).outerjoin(Group, Group.id == Idea.group_id)
    query = query.where(Idea.status == status)
    if not staff:
        runs = sa.select(Membership.group_id).where(
            Membership.account_id == moderator_id, Membership.role == MemberRole.facilitator, Membership.status == MemberStatus.active
        )
        query = query.where(Idea.group_id.in_(runs))
    rows = session.execute(query.order_by(Idea.created_at, Idea.id).offset((page - 1) * per_page).limit(per_page + 1)).all()
    return [Waiting(idea, pseudonym, name, count) for idea, pseudonym, name, count in rows[:per_page]], len(rows) > per_page


def recent_for_group(session: Session, group_id: uuid.UUID, limit: int = 5) -> list[Shown]:
    """A group's newest published ideas, for its page."""
    rows = session.execute(
        _shown(sa.and_(Idea.status == IdeaStatus.published, Idea.group_id == group_id)).order_by(*_newest_first(IdeaStatus.published)).limit(limit)
    ).all()
    return _wrap(rows)


def last_event(session: Session, idea_id: uuid.UUID) -> IdeaEvent | None:
    return session.execute(sa.select(IdeaEvent).where(IdeaEvent.idea_id == idea_id).order_by(IdeaEvent.created_at.desc()).limit(1)).scalars().first()
