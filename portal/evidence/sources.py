"""What a pack counts, read for a whole year: one query per kind of thing, never one per row.
Each function returns rows of (when, group id or None, category, who or what)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import RoleGrant
from portal.caseload.models import OnBehalf
from portal.changes.models import Change, ChangeUpdate, PromptAnswer
from portal.claims.models import Claim, ClaimStatus
from portal.ideas.models import Idea
from portal.meetings.models import Attendance, Meeting
from portal.proposals.models import Proposal, Vote
from portal.safeguarding.models import Case
from portal.web.permissions import Role

PARTICIPANT, CONNECTOR, STAFF = "participant", "connector", "staff"
STAFF_ROLES = (Role.staff, Role.admin, Role.safeguarding_lead, Role.commissioner)


def taking_part(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """(when, group, account) for each time someone took part: was at a meeting, shared an
    idea, voted openly, or answered a change's questions. Secret ballots are left out: they
    keep no time and no link to the voter."""
    meetings = sa.select(Meeting.starts_at, Meeting.group_id, Attendance.account_id).join(Meeting, Meeting.id == Attendance.meeting_id).where(Meeting.starts_at >= start, Meeting.starts_at < end)
    ideas = sa.select(Idea.created_at, Idea.group_id, Idea.author_id).where(Idea.created_at >= start, Idea.created_at < end, Idea.author_id.is_not(None))
    votes = sa.select(Vote.updated_at, Proposal.group_id, Vote.account_id).join(Proposal, Proposal.id == Vote.proposal_id).where(Vote.updated_at >= start, Vote.updated_at < end)
    answers = (
        sa.select(PromptAnswer.answered_at, Change.group_id, PromptAnswer.account_id)
        .join(Change, Change.id == PromptAnswer.change_id)
        .where(PromptAnswer.answered_at >= start, PromptAnswer.answered_at < end)
    )
    return [tuple(row) for query in (meetings, ideas, votes, answers) for row in session.execute(query).all()]


def roles_of(session: Session, account_ids: set) -> dict:
    """Each account's role for counting: staff, community connector, or participant."""
    grants: dict = {}
    if not account_ids:
        return grants
    for account_id, role in session.execute(sa.select(RoleGrant.account_id, RoleGrant.role).where(RoleGrant.role != Role.participant)).all():
        if account_id not in account_ids:
            continue
        if role in STAFF_ROLES:
            grants[account_id] = STAFF
        elif role == Role.intermediary and grants.get(account_id) != STAFF:
            grants[account_id] = CONNECTOR
    return grants


def people_by_role(session: Session, start: datetime, end: datetime) -> list[tuple]:
    rows = taking_part(session, start, end)
    roles = roles_of(session, {who for _when, _group, who in rows})
    return [(when, group, roles.get(who, PARTICIPANT), who) for when, group, who in rows]


def without_account(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """People at meetings without an account, as counted by the facilitator."""
    rows = session.execute(
        sa.select(Meeting.id, Meeting.starts_at, Meeting.group_id, Meeting.headcount_without_account)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end, Meeting.cancelled_at.is_(None), Meeting.headcount_without_account > 0)
    ).all()
    return [(when, group, "present", (meeting_id, n)) for meeting_id, when, group, count in rows for n in range(count)]


def meetings_held(session: Session, start: datetime, end: datetime, until: datetime) -> list[tuple]:
    """Meetings held (not cancelled, already started): the places they were in, their rung on
    the ladder of co-production, and which support each offered (one row per kind of support,
    so not one category each)."""
    rows = session.execute(
        sa.select(
            Meeting.id, Meeting.starts_at, Meeting.group_id, Meeting.venue, Meeting.rung,
            Meeting.offers_interpreter, Meeting.offers_travel, Meeting.offers_care_cover, Meeting.offers_payment,
        )
        .where(Meeting.starts_at >= start, Meeting.starts_at < min(end, until), Meeting.cancelled_at.is_(None))
    ).all()
    found = []
    for meeting_id, when, group, venue, rung, interpreter, travel, care, payment in rows:
        found.append((when, group, "held", meeting_id))
        found.append((when, group, f"rung:{rung.value if rung else 'not_said'}", meeting_id))
        if venue.strip():
            found.append((when, group, "venues", ("venue", " ".join(venue.casefold().split()))))
        for kind, offered in (("interpreter", interpreter), ("travel", travel), ("care_cover", care), ("payment", payment)):
            if offered:
                found.append((when, group, kind, meeting_id))
    return found


def support_given(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """People given each kind of support at a meeting (one row per kind)."""
    rows = session.execute(
        sa.select(Meeting.starts_at, Meeting.group_id, Attendance.account_id, Attendance.had_interpreter, Attendance.had_travel, Attendance.had_care_cover, Attendance.was_paid)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end)
    ).all()
    return [
        (when, group, kind, who)
        for when, group, who, interpreter, travel, care, paid in rows
        for kind, given in (("interpreter", interpreter), ("travel", travel), ("care_cover", care), ("payment", paid))
        if given
    ]


def claims(session: Session, start: datetime, end: datetime) -> tuple[list[tuple], dict]:
    """Claims approved by kind, and payments people turned down, by the meeting's time; with
    the pence approved per (period-free) claim for totals."""
    rows = session.execute(
        sa.select(Claim.id, Meeting.starts_at, Meeting.group_id, Claim.kind, Claim.status, Claim.amount_pence)
        .join(Meeting, Meeting.id == Claim.meeting_id)
        .where(Meeting.starts_at >= start, Meeting.starts_at < end, Claim.status.in_([ClaimStatus.approved, ClaimStatus.waived]))
    ).all()
    found, pence = [], {}
    for claim_id, when, group, kind, status, amount in rows:
        if status == ClaimStatus.waived:
            found.append((when, group, "declined", claim_id))
        else:
            found.append((when, group, kind.value, claim_id))
            pence[claim_id] = amount
    return found, pence


def help_from_connectors(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """People a community connector helped, by what they helped with (one group: none)."""
    rows = session.execute(sa.select(OnBehalf.created_at, OnBehalf.action, OnBehalf.person_id).where(OnBehalf.created_at >= start, OnBehalf.created_at < end)).all()
    return [(when, None, action.split(".")[0], who) for when, action, who in rows]


def change_steps(session: Session, start: datetime, end: datetime) -> list[tuple]:
    """Changes reaching each status (a change can reach two in one period)."""
    rows = session.execute(
        sa.select(ChangeUpdate.created_at, Change.group_id, ChangeUpdate.status, Change.id)
        .join(Change, Change.id == ChangeUpdate.change_id)
        .where(ChangeUpdate.created_at >= start, ChangeUpdate.created_at < end)
    ).all()
    return [(when, group, status.value, change_id) for when, group, status, change_id in rows]


def changes_by_touchpoint(session: Session, start: datetime, end: datetime) -> list[tuple]:
    rows = session.execute(
        sa.select(ChangeUpdate.created_at, Change.group_id, Change.touchpoint, Change.id)
        .join(Change, Change.id == ChangeUpdate.change_id)
        .where(ChangeUpdate.created_at >= start, ChangeUpdate.created_at < end)
    ).all()
    return [(when, group, touchpoint.value, change_id) for when, group, touchpoint, change_id in rows]


def cases(session: Session, start: datetime, end: datetime, now: datetime) -> tuple[list[tuple], list[tuple]]:
    """Safeguarding cases opened, by category and by whether the first response met its
    deadline; counted for all groups only (never tied to a group)."""
    rows = session.execute(sa.select(Case.id, Case.created_at, Case.category, Case.due_at, Case.acknowledged_at).where(Case.created_at >= start, Case.created_at < end)).all()
    by_category, by_deadline = [], []
    for case_id, when, category, due, acknowledged in rows:
        by_category.append((when, None, category.value if category else "not_triaged", case_id))
        if acknowledged is not None:
            outcome = "met" if acknowledged <= due else "missed"
        else:
            outcome = "missed" if now > due else "not_due"
        by_deadline.append((when, None, outcome, case_id))
    return by_category, by_deadline


def _taking_part_accounts(start: datetime, end: datetime) -> sa.Select:
    """The accounts that took part between `start` and `end`, as one select."""
    return sa.union(
        sa.select(Attendance.account_id).join(Meeting, Meeting.id == Attendance.meeting_id).where(Meeting.starts_at >= start, Meeting.starts_at < end),
        sa.select(Idea.author_id).where(Idea.created_at >= start, Idea.created_at < end, Idea.author_id.is_not(None)),
        sa.select(Vote.account_id).where(Vote.updated_at >= start, Vote.updated_at < end),
        sa.select(PromptAnswer.account_id).where(PromptAnswer.answered_at >= start, PromptAnswer.answered_at < end),
    )


def answers_for_counting(session: Session, start: datetime, end: datetime) -> tuple[dict, dict]:
    """The equality answers of the people who took part, and the plan cohorts each chose, in
    two queries: only ever turned into protected counts, never shown or kept."""
    from portal.equality.models import EqualityAnswer, EqualityCohort

    people = _taking_part_accounts(start, end).subquery()
    answers = {row.account_id: row for row in session.execute(sa.select(EqualityAnswer).where(EqualityAnswer.account_id.in_(sa.select(people.c[0])))).scalars()}
    cohorts: dict = {}
    for account_id, cohort_id in session.execute(sa.select(EqualityCohort.account_id, EqualityCohort.cohort_id).where(EqualityCohort.account_id.in_(sa.select(people.c[0])))).all():
        cohorts.setdefault(account_id, []).append(str(cohort_id))
    return answers, cohorts
