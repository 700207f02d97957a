"""Read-only selects about proposals: lists, one proposal with its options and ideas, results."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import RoleGrant
from portal.groups.models import Group, MemberStatus, Membership
from portal.groups.queries import seen_by
from portal.ideas.models import Idea, IdeaStatus
from portal.meetings.models import Meeting
from portal.proposals.models import SUPPORT_CHOICES, Eligibility, FormerMemberVote, Method, Proposal, ProposalIdea, ProposalOption, RoomTally, SecretTally, Vote, VoterRoll
from portal.web.permissions import Role


def listing(session: Session, *, viewer_id: uuid.UUID | None, staff: bool, page: int, per_page: int) -> tuple[list[tuple[Proposal, str | None]], bool]:
    """Proposals the viewer may see (a sensitive group's only by its members and staff), the
    ones closing soonest first."""
    query = sa.select(Proposal, Group.name, Group.sensitive).outerjoin(Group, Group.id == Proposal.group_id)
    query = query.where(seen_by(Proposal.group_id, viewer_id=viewer_id, staff=staff))
    rows = session.execute(query.order_by(Proposal.closes_at.desc(), Proposal.id).offset((page - 1) * per_page).limit(per_page + 1)).all()
    return [(proposal, None if sensitive else name) for proposal, name, sensitive in rows[:per_page]], len(rows) > per_page


def options(session: Session, proposal_id: uuid.UUID) -> list[ProposalOption]:
    return list(session.execute(sa.select(ProposalOption).where(ProposalOption.proposal_id == proposal_id).order_by(ProposalOption.position)).scalars())


def ideas_of(session: Session, proposal_id: uuid.UUID) -> list[Idea]:
    return list(session.execute(sa.select(Idea).join(ProposalIdea, ProposalIdea.idea_id == Idea.id).where(ProposalIdea.proposal_id == proposal_id)).scalars())


def proposals_of_idea(session: Session, idea_id: uuid.UUID) -> list[Proposal]:
    return list(session.execute(sa.select(Proposal).join(ProposalIdea, ProposalIdea.proposal_id == Proposal.id).where(ProposalIdea.idea_id == idea_id)).scalars())


def my_vote(session: Session, proposal: Proposal, account_id: uuid.UUID | None) -> str | None:
    """The person's open vote, or "secret" when they cast a secret ballot, or None."""
    if account_id is None:
        return None
    if proposal.secret:
        return "secret" if session.get(VoterRoll, (proposal.id, account_id)) else None
    found = session.get(Vote, (proposal.id, account_id))
    return found.choice if found else None


@dataclass(frozen=True)
class Result:
    #: (choice, label key or option label, online, in the room, total, percent of all votes)
    rows: list[tuple[str, str, int, int, int, int]]
    online_voters: int
    eligible: int
    room_headcount: int
    total: int

    @property
    def turnout(self) -> int:
        return round(100 * self.online_voters / self.eligible) if self.eligible else 0


def results(session: Session, proposal: Proposal) -> Result:
    """Counts per answer, online and in the room, with turnout, in a fixed number of queries.
    Votes of people who have since deleted their accounts count as before, as plain numbers."""
    former = dict(session.execute(sa.select(FormerMemberVote.choice, FormerMemberVote.count).where(FormerMemberVote.proposal_id == proposal.id)).all())
    if proposal.secret:
        online = dict(session.execute(sa.select(SecretTally.choice, SecretTally.count).where(SecretTally.proposal_id == proposal.id)).all())
        voters = session.execute(sa.select(sa.func.count()).select_from(VoterRoll).where(VoterRoll.proposal_id == proposal.id)).scalar_one()
        voters += former.get("", 0)
    else:
        online = dict(session.execute(sa.select(Vote.choice, sa.func.count()).where(Vote.proposal_id == proposal.id).group_by(Vote.choice)).all())
        for choice, count in former.items():
            if choice:
                online[choice] = online.get(choice, 0) + count
        voters = sum(online.values())
    room: dict[str, int] = {}
    headcount = 0
    for counts, people in session.execute(sa.select(RoomTally.counts, RoomTally.headcount).where(RoomTally.proposal_id == proposal.id)).all():
        headcount += people
        for key, value in counts.items():
            room[key] = room.get(key, 0) + int(value)
    if proposal.method == Method.support:
        labels = [(choice, choice) for choice in SUPPORT_CHOICES]
    else:
        labels = [(str(option.id), option.label) for option in options(session, proposal.id)]
    total = sum(online.get(key, 0) + room.get(key, 0) for key, _label in labels)
    rows = [
        (key, label, online.get(key, 0), room.get(key, 0), online.get(key, 0) + room.get(key, 0),
         round(100 * (online.get(key, 0) + room.get(key, 0)) / total) if total else 0)
        for key, label in labels
    ]
    # Each former member who voted was eligible, and is no longer among the members counted.
    return Result(rows, voters, eligible_count(session, proposal) + sum(former.values()), headcount, total)


def eligible_among(session: Session, proposal: Proposal, account_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people may vote on the proposal, in one query (see services.may_vote)."""
    if proposal.eligibility == Eligibility.everyone or not account_ids:
        return set(account_ids)
    return set(
        session.execute(
            sa.select(Membership.account_id).where(
                Membership.group_id == proposal.group_id, Membership.account_id.in_(account_ids), Membership.status == MemberStatus.active
            )
        ).scalars()
    )


def eligible_count(session: Session, proposal: Proposal) -> int:
    if proposal.eligibility == Eligibility.everyone:
        return session.execute(sa.select(sa.func.count()).select_from(RoleGrant).where(RoleGrant.role == Role.participant)).scalar_one()
    return session.execute(
        sa.select(sa.func.count()).select_from(Membership).where(Membership.group_id == proposal.group_id, Membership.status == MemberStatus.active)
    ).scalar_one()


def is_open(proposal: Proposal, now: datetime) -> bool:
    return proposal.opens_at <= now < proposal.closes_at


def all_groups(session: Session, limit: int = 200) -> list[tuple[uuid.UUID, str]]:
    return [tuple(row) for row in session.execute(sa.select(Group.id, Group.name).order_by(Group.name).limit(limit)).all()]


def published_ideas(session: Session, group_ids: list[uuid.UUID] | None, limit: int = 50) -> list[Idea]:
    """Recent published ideas to make a proposal from (only these groups' when given)."""
    query = sa.select(Idea).where(Idea.status == IdeaStatus.published)
    if group_ids is not None:
        query = query.where(Idea.group_id.in_(group_ids))
    return list(session.execute(query.order_by(Idea.published_at.desc()).limit(limit)).scalars())


def held_meetings(session: Session, group_id: uuid.UUID | None, now: datetime, limit: int = 10) -> list[Meeting]:
    """The group's meetings that have started, newest first, to name where a room vote was."""
    if group_id is None:
        return []
    return list(session.execute(sa.select(Meeting).where(Meeting.group_id == group_id, Meeting.starts_at <= now).order_by(Meeting.starts_at.desc()).limit(limit)).scalars())
