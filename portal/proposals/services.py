"""Every write about proposals and votes. One person, one vote is the database's rule (a
primary key on proposal and person), so a double click or twenty requests at once leave one."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from portal.audit import services as audit
from portal.caseload import services as caseload
from portal.db import utc_now
from portal.groups.models import MemberStatus, Membership, Touchpoint
from portal.ideas.models import Idea, IdeaStatus
from portal.notifications.services import notify
from portal.proposals.models import (
    SUPPORT_CHOICES,
    BallotReceipt,
    Eligibility,
    Method,
    Proposal,
    ProposalIdea,
    ProposalOption,
    Results,
    RoomTally,
    SecretTally,
    Vote,
    VoterRoll,
)
from portal.web.coded import CodedError

MAX_OPTIONS = 12


class VoteError(CodedError):
    """A proposal or vote that cannot be saved; `code` says why."""


@dataclass(frozen=True)
class NewProposal:
    title: str
    summary: str
    detail: str
    easy_read: str
    group_id: uuid.UUID | None
    touchpoint: Touchpoint
    method: Method
    options: list[str]
    eligibility: Eligibility
    secret: bool
    results: Results
    opens_at: datetime
    closes_at: datetime
    idea_ids: list[uuid.UUID]


def create_proposal(session: Session, *, data: NewProposal, actor_id: uuid.UUID, now: datetime | None = None) -> Proposal:
    """Make a proposal from ideas; each idea's author is told their idea became a proposal."""
    now = now or utc_now()
    if data.closes_at <= data.opens_at:
        raise VoteError("closes_before_opens")
    if data.closes_at <= now:
        raise VoteError("closes_in_past")
    options = [label.strip() for label in data.options if label.strip()]
    if data.method == Method.choice and not 2 <= len(options) <= MAX_OPTIONS:
        raise VoteError("options")
    if data.eligibility == Eligibility.group_members and data.group_id is None:
        raise VoteError("group_needed")
    ideas = list(session.execute(sa.select(Idea).where(Idea.id.in_(data.idea_ids))).scalars()) if data.idea_ids else []
    if len(ideas) != len(set(data.idea_ids)) or any(idea.status != IdeaStatus.published for idea in ideas):
        raise VoteError("ideas")
    proposal = Proposal(
        title=data.title.strip(), summary=data.summary.strip(), detail=data.detail.strip(), easy_read=data.easy_read.strip(),
        group_id=data.group_id, touchpoint=data.touchpoint, method=data.method, eligibility=data.eligibility, secret=data.secret,
        results=data.results, opens_at=data.opens_at, closes_at=data.closes_at, created_by_id=actor_id, created_at=now,
    )
    session.add(proposal)
    session.flush()
    if data.method == Method.choice:
        for position, label in enumerate(options):
            session.add(ProposalOption(proposal_id=proposal.id, label=label, position=position))
        session.flush()
    if data.secret:
        # Every answer's count exists from the start, so a first ballot adds no telling row.
        for choice in choices_of(session, proposal):
            session.add(SecretTally(proposal_id=proposal.id, choice=choice, count=0))
    for idea in ideas:
        session.add(ProposalIdea(proposal_id=proposal.id, idea_id=idea.id))
        if idea.author_id:
            notify(session, recipient_id=idea.author_id, kind="proposals.from_your_idea", link=f"/proposals/{proposal.id}")
    audit.record(session, action="proposals.create", subject_kind="proposal", subject=proposal.id, actor=actor_id)
    session.commit()
    return proposal


def choices_of(session: Session, proposal: Proposal) -> list[str]:
    """The answers a vote may give: the support scale, or the option ids."""
    if proposal.method == Method.support:
        return list(SUPPORT_CHOICES)
    return [str(option_id) for option_id in session.execute(sa.select(ProposalOption.id).where(ProposalOption.proposal_id == proposal.id)).scalars()]


def may_vote(session: Session, proposal: Proposal, account_id: uuid.UUID) -> bool:
    """Eligibility: the group's approved members (by default), or every participant."""
    if proposal.eligibility == Eligibility.everyone:
        return True
    membership = session.get(Membership, (proposal.group_id, account_id)) if proposal.group_id else None
    return membership is not None and membership.status == MemberStatus.active


def _check(session: Session, proposal: Proposal, account_id: uuid.UUID, choice: str, now: datetime) -> None:
    if now < proposal.opens_at:
        raise VoteError("not_open")
    if now >= proposal.closes_at:
        raise VoteError("closed")
    if not may_vote(session, proposal, account_id):
        raise VoteError("not_eligible")
    if choice not in choices_of(session, proposal):
        raise VoteError("unknown_choice")


def _on_behalf(session: Session, connector_id: uuid.UUID | None, account_id: uuid.UUID, person_asked: bool):
    if connector_id is None:
        return None
    try:
        return caseload.act_on_behalf(session, connector_id=connector_id, person_id=account_id, action="proposals.vote", person_asked=person_asked)
    except caseload.CaseloadError as error:
        raise VoteError(error.code) from error


def vote(
    session: Session,
    *,
    proposal: Proposal,
    account_id: uuid.UUID,
    choice: str,
    comment: str = "",
    connector_id: uuid.UUID | None = None,
    person_asked: bool = False,
    now: datetime | None = None,
) -> None:
    """Cast or change an open vote. The primary key allows one row per person, so concurrent
    requests end as one vote (the last answer wins)."""
    if proposal.secret:
        raise VoteError("secret")
    now = now or utc_now()
    _check(session, proposal, account_id, choice, now)
    if len(comment) > 1000:
        raise VoteError("comment_too_long")
    helped = _on_behalf(session, connector_id, account_id, person_asked)
    values = {"choice": choice, "comment": comment.strip(), "updated_at": now, "on_behalf_id": helped.id if helped else None}
    change_mine = (
        sa.update(Vote).where(Vote.proposal_id == proposal.id, Vote.account_id == account_id).values(**values).execution_options(synchronize_session=False)
    )
    if not session.execute(change_mine).rowcount:
        try:
            with session.begin_nested():
                session.add(Vote(proposal_id=proposal.id, account_id=account_id, **values))
        except sa.exc.IntegrityError:
            # Another request from the same person got there first: change theirs instead.
            session.execute(change_mine)
    audit.record(session, action="proposals.vote", subject_kind="proposal", subject=proposal.id, actor=connector_id or account_id)
    session.commit()


def receipt_digest(code: str) -> str:
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def cast_secret_ballot(
    session: Session,
    *,
    proposal: Proposal,
    account_id: uuid.UUID,
    choice: str,
    connector_id: uuid.UUID | None = None,
    person_asked: bool = False,
    now: datetime | None = None,
) -> str:
    """Cast a secret ballot, once and for good; returns the receipt code to show the voter.
    The roll records who voted; the choice only adds one to its count."""
    if not proposal.secret:
        raise VoteError("not_secret")
    now = now or utc_now()
    _check(session, proposal, account_id, choice, now)
    _on_behalf(session, connector_id, account_id, person_asked)
    session.add(VoterRoll(proposal_id=proposal.id, account_id=account_id))
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        session.rollback()
        raise VoteError("already_voted") from error
    # One statement rewrites every answer's count, adding one only to the chosen answer: each
    # row then carries this transaction's id (PostgreSQL's xmin), so none of them points at
    # the answer this voter chose.
    session.execute(
        sa.update(SecretTally)
        .where(SecretTally.proposal_id == proposal.id)
        .values(count=SecretTally.count + sa.case((SecretTally.choice == choice, 1), else_=0))
    )
    code = "-".join(secrets.token_hex(2).upper() for _ in range(4))
    session.add(BallotReceipt(digest=receipt_digest(code), proposal_id=proposal.id, cast_on=now.date()))
    audit.record(session, action="proposals.secret_ballot", subject_kind="proposal", subject=proposal.id, actor=connector_id or account_id)
    session.commit()
    return code


def record_room_tally(
    session: Session, *, proposal: Proposal, counts: dict[str, int], headcount: int, meeting_id: uuid.UUID | None, actor_id: uuid.UUID,
    no_double_count: bool, now: datetime | None = None,
) -> RoomTally:
    """Counts from a meeting for people without phones, included in the totals and audited.
    The facilitator confirms nobody who voted online was counted again."""
    now = now or utc_now()
    if not no_double_count:
        raise VoteError("confirm_no_double_count")
    if now < proposal.opens_at or now >= proposal.closes_at:
        raise VoteError("closed" if now >= proposal.closes_at else "not_open")
    allowed = set(choices_of(session, proposal))
    if set(counts) - allowed or any(count < 0 or count > 1000 for count in counts.values()):
        raise VoteError("unknown_choice")
    if sum(counts.values()) > headcount:
        raise VoteError("more_votes_than_people")
    tally = RoomTally(proposal_id=proposal.id, meeting_id=meeting_id, counts={key: int(value) for key, value in counts.items() if value}, headcount=headcount, entered_by_id=actor_id, created_at=now)
    session.add(tally)
    session.flush()
    audit.record(session, action="proposals.room_tally", subject_kind="proposal", subject=proposal.id, actor=actor_id)
    session.commit()
    return tally


def receipt_counted(session: Session, *, proposal: Proposal, code: str) -> bool:
    """Whether a receipt code belongs to a ballot counted for this proposal."""
    found = session.get(BallotReceipt, receipt_digest(code))
    return found is not None and found.proposal_id == proposal.id

