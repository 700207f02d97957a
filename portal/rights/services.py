"""Every write about data rights: deleting an account, and logging and answering requests
about people's data. Each checks, changes, audits and commits."""

from __future__ import annotations

import calendar
import enum
import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from portal.accounts import names, passwords, throttle
from portal.accounts.models import Account
from portal.audit import services as audit
from portal.changes.models import FormerPromptAnswer, PromptAnswer, PromptRespondent
from portal.claims.models import Claim, ClaimStatus, Receipt
from portal.db import utc_now
from portal.ideas.models import Idea, IdeaReply, SameHere
from portal.meetings.models import Attendance, Meeting
from portal.notifications.models import Message
from portal.proposals.models import FormerMemberVote, Vote, VoterRoll
from portal.rights import queries
from portal.rights.models import REASON_MAX, REQUESTER_MAX, RequestKind, RequestStatus, RightsRequest
from portal.safeguarding import services as safeguarding
from portal.web.coded import CodedError

LONDON = ZoneInfo("Europe/London")
#: Another domain's table, keyed by account, that is deleted with it when it exists.
EQUALITY_ANSWERS = sa.table("equality_answer", sa.column("account_id", sa.Uuid()))


class RightsError(CodedError):
    """A data-rights request that cannot be carried out; `code` says why."""

    def __init__(self, code: str, wait_minutes: int = 0):
        super().__init__(code)
        self.wait_minutes = wait_minutes


class Contributions(enum.StrEnum):
    """What happens to a person's ideas and replies when they delete their account."""

    #: They stay, shown as from a "Former member", linked to nobody.
    keep = "keep"
    #: They are deleted; changes and proposals made from them stay, without the link.
    remove = "remove"


def uk_today() -> date:
    """Today's date in the UK, where requests arrive and time limits run."""
    return datetime.now(LONDON).date()


def add_months(day: date, months: int) -> date:
    """The same date `months` calendar months on; the month's last day when it has no such
    date (31 January + 1 month = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def due_on(received_on: date, *, extended: bool = False) -> date:
    """When an answer is due: one calendar month after the request arrived, or three when
    extended (UK GDPR article 12(3))."""
    return add_months(received_on, 3 if extended else 1)


def confirm_it_is_you(session: Session, *, account: Account, secret: str, address: str | None) -> None:
    """Check the person's password (or the PIN of their card) before anything final. Failures
    count towards the same waits as signing in, and are saved even though the caller stops."""
    wait = throttle.wait_for(session, [throttle.account_key(account.id)])
    if wait:
        raise RightsError("throttled", wait.minutes)
    ok = passwords.verify(account.password_hash, secret) or bool(account.pin_hash and passwords.verify(account.pin_hash, secret))
    if not ok:
        throttle.record_failure(session, account_id=account.id, address=address)
        session.commit()
        raise RightsError("wrong_password")


def _count_as_former(session: Session, model: type[SQLModel], **key: object) -> None:
    """Add one to a count kept from deleted accounts (a proposal's votes for one answer, a
    change's answers to one question), safe against another deletion adding the first one at
    the same moment."""
    where = [getattr(model, name) == value for name, value in key.items()]
    bump = sa.update(model).where(*where).values(count=model.count + 1).execution_options(synchronize_session=False)
    if session.execute(bump).rowcount:
        return
    try:
        with session.begin_nested():
            session.add(model(**key, count=1))
    except sa.exc.IntegrityError:
        session.execute(bump)


def _keep_votes_as_counts(session: Session, account_id: uuid.UUID) -> None:
    """Open votes become plain counts per answer, and places on secret voter rolls a plain
    count of voters, so no result changes when the rows keyed by the account go."""
    for proposal_id, choice in session.execute(sa.select(Vote.proposal_id, Vote.choice).where(Vote.account_id == account_id)).all():
        _count_as_former(session, FormerMemberVote, proposal_id=proposal_id, choice=choice)
    for proposal_id in session.execute(sa.select(VoterRoll.proposal_id).where(VoterRoll.account_id == account_id)).scalars():
        _count_as_former(session, FormerMemberVote, proposal_id=proposal_id, choice="")


def _keep_feedback_as_counts(session: Session, account_id: uuid.UUID) -> None:
    """Quick feedback answers become plain counts per question, cohort given and answer, so
    what people told us about a change reads the same when the rows keyed by the account go."""
    answers = session.execute(
        sa.select(PromptAnswer.change_id, PromptAnswer.question, PromptRespondent.cohort, PromptAnswer.answer)
        .join(PromptRespondent, sa.and_(PromptRespondent.change_id == PromptAnswer.change_id, PromptRespondent.account_id == PromptAnswer.account_id))
        .where(PromptAnswer.account_id == account_id)
    ).all()
    for change_id, question, cohort, answer in answers:
        _count_as_former(session, FormerPromptAnswer, change_id=change_id, question=question, cohort=cohort, answer=answer)


def _keep_paid_claims(session: Session, account_id: uuid.UUID) -> None:
    """Approved claims stay as finance's record of money paid out (amount, kind, meeting,
    dates, status and who approved it), linked to nobody, and so do payments the person
    turned down (the evidence pack counts them). What the person wrote on the claim, the note
    written to them, their receipt and the link to a connector's help go. Claims waiting for a
    decision, or rejected, go with the account."""
    paid = (Claim.account_id == account_id, Claim.status.in_((ClaimStatus.approved, ClaimStatus.waived)))
    session.execute(sa.delete(Receipt).where(Receipt.claim_id.in_(sa.select(Claim.id).where(*paid))).execution_options(synchronize_session=False))
    session.execute(
        sa.update(Claim).where(*paid)
        .values(account_id=None, details="", decision_note="", on_behalf_id=None)
        .execution_options(synchronize_session=False)
    )


def _keep_attendance_as_headcount(session: Session, account_id: uuid.UUID) -> None:
    """Meetings the person came to count them among the people there without an account."""
    came = sa.select(Attendance.meeting_id).where(Attendance.account_id == account_id)
    session.execute(
        sa.update(Meeting).where(Meeting.id.in_(came))
        .values(headcount_without_account=Meeting.headcount_without_account + 1)
        .execution_options(synchronize_session=False)
    )


def _remove_contributions(session: Session, account_id: uuid.UUID) -> None:
    """Delete the person's ideas (with their history, reports and the replies under them) and
    their own replies; take their "same here" off others' counts. Proposals and changes made
    from their ideas stay; only the links to the removed ideas go (the database cascades)."""
    said_same = sa.select(SameHere.idea_id).where(SameHere.account_id == account_id)
    session.execute(
        sa.update(Idea).where(Idea.id.in_(said_same), Idea.same_here_count > 0)
        .values(same_here_count=Idea.same_here_count - 1)
        .execution_options(synchronize_session=False)
    )
    session.execute(sa.delete(IdeaReply).where(IdeaReply.author_id == account_id).execution_options(synchronize_session=False))
    session.execute(sa.delete(Idea).where(Idea.author_id == account_id).execution_options(synchronize_session=False))


def _forget_name_elsewhere(session: Session, account: Account) -> None:
    """Take the person's name out of the places it was copied to: messages to a connector
    about them, and the request log (which keeps that a request was made and answered)."""
    session.execute(
        sa.delete(Message).where(Message.context["pseudonym"].as_string() == account.pseudonym).execution_options(synchronize_session=False)
    )
    session.execute(
        sa.update(RightsRequest)
        .where(RightsRequest.requester_key == account.pseudonym_key)
        .values(requester="", requester_key="", requester_deleted=True)
        .execution_options(synchronize_session=False)
    )
    throttle.clear_account(session, account.id)
    if sa.inspect(session.connection()).has_table(EQUALITY_ANSWERS.name):
        session.execute(sa.delete(EQUALITY_ANSWERS).where(EQUALITY_ANSWERS.c.account_id == account.id))


def delete_account(session: Session, *, account: Account, contributions: Contributions) -> queries.KeptRecord:
    """Delete an account for good, after `confirm_it_is_you`.

    The account row goes, and with it (by the database's own rules) every sign-in session,
    role, consent, recovery and two-factor code, membership, reply, claim not approved with
    its receipt, message, choice and anything else keyed by it. Votes, quick feedback answers
    and attendance stay as plain numbers. Approved claims stay for finance, linked to nobody
    and without what the person wrote. Ideas and replies stay under "Former member" or are
    removed, as the person chose.
    Safeguarding records stay under their own retention, no longer linked to the account, and
    each of the person's cases notes the deletion. The audit log records it by opaque id only.
    Returns what stays under safeguarding retention.
    """
    last = queries.last_holder_of(session, account.id)
    if last is not None:
        raise RightsError(f"last_{last.value}")
    kept = queries.safeguarding_record_of(session, account.id)
    _keep_votes_as_counts(session, account.id)
    _keep_feedback_as_counts(session, account.id)
    _keep_attendance_as_headcount(session, account.id)
    _keep_paid_claims(session, account.id)
    if contributions == Contributions.remove:
        _remove_contributions(session, account.id)
    _forget_name_elsewhere(session, account)
    safeguarding.note_account_deleted(session, account_id=account.id)
    audit.record(session, action=f"rights.delete_account_{contributions.value}", subject_kind="account", subject=account.id, actor=account.id)
    session.execute(sa.delete(Account).where(Account.id == account.id).execution_options(synchronize_session=False))
    session.commit()
    return kept


def log_request(
    session: Session,
    *,
    kind: RequestKind,
    received_on: date,
    requester: str,
    made_offline: bool,
    actor_id: uuid.UUID,
    today: date | None = None,
) -> RightsRequest:
    """Log a request about someone's data; it is due one calendar month after it arrived."""
    today = today or uk_today()
    requester = names.normalise(requester or "")
    if not requester and not made_offline:
        raise RightsError("who_asked")
    if len(requester) > REQUESTER_MAX:
        raise RightsError("requester_too_long")
    if received_on > today:
        raise RightsError("received_in_future")
    request = RightsRequest(
        kind=kind, received_on=received_on, due_on=due_on(received_on), requester=requester,
        requester_key=names.key(requester) if requester else "", made_offline=made_offline, logged_by_id=actor_id,
    )
    session.add(request)
    session.flush()
    audit.record(session, action="rights.log_request", subject_kind="rights_request", subject=request.id, actor=actor_id)
    session.commit()
    return request


def update_request(
    session: Session, *, request: RightsRequest, status: RequestStatus, reason: str, actor_id: uuid.UUID, today: date | None = None
) -> None:
    """Move a request on: extended (by two more months, with the reason, decided within the
    first month), answered, or refused (with the reason), or open again."""
    today = today or uk_today()
    reason = reason.strip()
    if status in (RequestStatus.extended, RequestStatus.refused) and not reason:
        raise RightsError("reason_needed")
    if len(reason) > REASON_MAX:
        raise RightsError("reason_too_long")
    if status == RequestStatus.extended and request.status != RequestStatus.extended and today > due_on(request.received_on):
        raise RightsError("too_late_to_extend")
    request.due_on = due_on(request.received_on, extended=status == RequestStatus.extended)
    request.status, request.reason = status, reason
    request.closed_on = today if status in (RequestStatus.done, RequestStatus.refused) else None
    request.updated_at = utc_now()
    audit.record(session, action=f"rights.request_{status.value}", subject_kind="rights_request", subject=request.id, actor=actor_id)
    session.commit()
