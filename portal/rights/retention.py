"""Retention: how long each kind of record is kept, and the job that deletes what is past its
time. The numbers of days are in the configuration (`RETENTION_DAYS`); the rules are here.

What is never deleted by this job: accounts (people delete their own), published ideas,
proposals, votes and changes (the public record of what people said and what changed), and
the audit log (its entries chain together, so none can go). Safeguarding records are kept
`SAFEGUARDING_RETENTION_YEARS` after the case closed and then only counted, for a
safeguarding lead to review: a record may be under a legal hold or needed by an inquiry.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlmodel import Session

from portal.accounts.models import SignInSession, SignInThrottle
from portal.audit import services as audit
from portal.caseload.models import ContactRecord
from portal.claims.models import Claim, ClaimStatus
from portal.db import utc_now
from portal.ideas.models import Idea, IdeaEvent, IdeaStatus
from portal.meetings.models import Meeting, MeetingReply
from portal.notifications.models import Message
from portal.rights.models import WAITING, RightsRequest
from portal.rights.services import add_months
from portal.safeguarding.models import Case
from portal.site.models import ProblemReport
from portal.web.models import UsedFormToken

#: A condition on a table, given the cutoff (now less the rule's days) and now.
Condition = Callable[[datetime, datetime], sa.ColumnElement[bool]]


class RetentionError(ValueError):
    """The configured retention is not one the job can apply."""


@dataclass(frozen=True)
class Rule:
    """One kind of record, when it is past its time, and how the privacy page names it."""

    name: str
    table: type
    past_time: Condition
    #: What is deleted and from when the time runs, in plain words.
    description: object


def _idea_sent_back(cutoff: datetime, _now: datetime) -> sa.ColumnElement[bool]:
    last_step = sa.select(sa.func.max(IdeaEvent.created_at)).where(IdeaEvent.idea_id == Idea.id).correlate(Idea).scalar_subquery()
    return sa.and_(Idea.status == IdeaStatus.changes_requested, last_step < cutoff)


RULES: tuple[Rule, ...] = (
    Rule("spent_form_tokens", UsedFormToken, lambda cutoff, _now: UsedFormToken.used_at < cutoff,
         _l("Codes that stop a form being sent twice, after they were used")),
    Rule("sign_in_throttles", SignInThrottle,
         lambda cutoff, now: sa.and_(SignInThrottle.window_started_at < cutoff, sa.or_(SignInThrottle.wait_until.is_(None), SignInThrottle.wait_until < now)),
         _l("Counts of wrong passwords, after the last one")),
    Rule("sign_in_sessions", SignInSession, lambda cutoff, _now: sa.func.coalesce(SignInSession.ended_at, SignInSession.last_seen_at) < cutoff,
         _l("Records of where you are signed in, after you sign out or stop using it")),
    Rule("notifications", Message, lambda cutoff, _now: Message.created_at < cutoff,
         _l("Messages in your inbox, and the emails and texts that went with them, after they were sent")),
    Rule("meeting_replies", MeetingReply,
         lambda cutoff, _now: MeetingReply.meeting_id.in_(sa.select(Meeting.id).where(Meeting.ends_at < cutoff)),
         _l("Your answers to “Can you come?”, after the meeting")),
    Rule("ideas_sent_back", Idea, _idea_sent_back,
         _l("Ideas a moderator asked you to change that you did not change, after they asked")),
    Rule("problem_reports", ProblemReport, lambda cutoff, _now: ProblemReport.created_at < cutoff,
         _l("Problems reported with this website, after they were reported")),
    Rule("contact_records", ContactRecord, lambda cutoff, _now: ContactRecord.contact_date < cutoff.date(),
         _l("A community connector’s short notes of meeting you, after the meeting")),
    Rule("decided_claims", Claim,
         lambda cutoff, _now: sa.and_(Claim.status != ClaimStatus.submitted, sa.func.coalesce(Claim.decided_at, Claim.created_at) < cutoff),
         _l("Claims for travel, care cover or payment, and their receipts, after they were decided")),
    Rule("closed_rights_requests", RightsRequest,
         lambda cutoff, _now: sa.and_(RightsRequest.status.not_in(WAITING), RightsRequest.closed_on < cutoff.date()),
         _l("Our record of a request about your information, after we answered it")),
)
RULE_NAMES = frozenset(rule.name for rule in RULES)


@dataclass(frozen=True)
class Outcome:
    """What one run deleted (or, in a dry run, would delete)."""

    #: Rows past their time, per rule, in the order of `RULES`.
    counts: dict[str, int]
    #: Closed safeguarding cases past their retention, for a lead to review (never deleted here).
    safeguarding_to_review: int
    dry_run: bool


def configured_days() -> dict[str, int]:
    """The days each rule keeps records, checked: every name known, every number a whole one
    of at least one day."""
    days = current_app.config["RETENTION_DAYS"]
    unknown = sorted(set(days) - RULE_NAMES)
    if unknown:
        raise RetentionError(f"unknown retention rules: {', '.join(unknown)}")
    for name, value in days.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise RetentionError(f"retention for {name} must be a whole number of days, at least 1")
    return days


def _cutoff(rule: Rule, days: int, now: datetime) -> datetime:
    if rule.name == "spent_form_tokens":
        # A token younger than its lifetime could still be replayed, so it is kept that long.
        days = max(days, math.ceil(current_app.config["FORM_TOKEN_MAX_AGE"] / 86400))
    return now - timedelta(days=days)


def safeguarding_cutoff(now: datetime) -> datetime:
    """Cases closed before this are past their retention."""
    years = current_app.config["SAFEGUARDING_RETENTION_YEARS"]
    day = add_months(now.date(), -12 * years)
    return datetime.combine(day, now.timetz())


def run(session: Session, *, now: datetime | None = None, dry_run: bool = False) -> Outcome:
    """Delete every record past its time, rule by rule, and record one audit entry; a dry run
    only counts. Running it twice deletes nothing the second time."""
    now = now or utc_now()
    days = configured_days()
    counts: dict[str, int] = {}
    for rule in RULES:
        if rule.name not in days:
            continue
        where = rule.past_time(_cutoff(rule, days[rule.name], now), now)
        if dry_run:
            counts[rule.name] = session.execute(sa.select(sa.func.count()).select_from(rule.table).where(where)).scalar_one()
        else:
            counts[rule.name] = session.execute(sa.delete(rule.table).where(where).execution_options(synchronize_session=False)).rowcount
    to_review = session.execute(
        sa.select(sa.func.count()).select_from(Case).where(Case.closed_at.is_not(None), Case.closed_at < safeguarding_cutoff(now))
    ).scalar_one()
    if dry_run:
        session.rollback()
    else:
        audit.record(session, action="rights.retention_run", subject_kind="retention", subject=now.date().isoformat())
        session.commit()
    return Outcome(counts, to_review, dry_run)


def periods() -> list[tuple[object, int]]:
    """Each rule's plain description and its days, for the privacy page."""
    days = current_app.config["RETENTION_DAYS"]
    return [(rule.description, days[rule.name]) for rule in RULES if rule.name in days]
