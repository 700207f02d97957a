"""Read-only selects for data rights: everything a person gave or wrote (in a fixed number of
queries, however much there is), what deleting their account would keep, and the request log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import Account, Consent, RoleGrant
from portal.caseload.models import OnBehalf
from portal.changes.models import Change, PromptAnswer, PromptRespondent
from portal.claims.models import Claim, Receipt
from portal.groups.models import AdjustmentRequest, Group, Membership
from portal.ideas.models import Idea, IdeaEvent, IdeaReply, IdeaReport, SameHere
from portal.meetings.models import Attendance, Meeting, MeetingReply
from portal.notifications.kinds import KINDS
from portal.notifications.models import Message, NotificationPreference
from portal.plan.models import Cohort
from portal.proposals.models import Proposal, ProposalOption, Vote, VoterRoll
from portal.rights.models import WAITING, RightsRequest
from portal.safeguarding.models import Case, Disclosure, Trigger
from portal.web.crypto import decrypt
from portal.web.permissions import Role

#: Disclosures the person made themselves. One a moderator raised about their idea is the
#: moderator's judgement, not the person's words, so it is left out (their idea is not).
OWN_TRIGGERS = (Trigger.answer, Trigger.lexicon, Trigger.worried)


@dataclass
class MyData:
    """Everything one person gave or wrote, section by section, as plain values."""

    account: dict[str, Any]
    roles: list[str]
    consents: list[dict[str, Any]]
    notification_choices: dict[str, Any] | None
    groups: list[dict[str, Any]]
    adjustment_requests: list[dict[str, Any]]
    meeting_replies: list[dict[str, Any]]
    attendance: list[dict[str, Any]]
    claims: list[dict[str, Any]]
    ideas: list[dict[str, Any]]
    replies: list[dict[str, Any]]
    same_here: list[dict[str, Any]]
    reports: list[dict[str, Any]]
    votes: list[dict[str, Any]]
    secret_ballots: list[dict[str, Any]]
    feedback: list[dict[str, Any]]
    feedback_cohorts: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    helped_by_connector: list[dict[str, Any]]
    safeguarding: list[dict[str, Any]]
    #: The person's own equality monitoring answers (codes), read through the equality
    #: package's one reader for a person's own answers.
    equality: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """The download: every section, with dates as ISO 8601 text."""
        return _jsonable({name: getattr(self, name) for name in self.__dataclass_fields__})


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _group_name(name: str | None, sensitive: bool | None) -> str | None:
    """A private group's name stays out of what is gathered here, as it stays out of files."""
    return None if sensitive else name


def _message(message: Message) -> dict[str, Any]:
    kind = KINDS.get(message.kind)
    try:
        title, text = kind.render(message.context) if kind else (message.kind, "")
    except (KeyError, TypeError, ValueError):
        title, text = message.kind, ""
    return {
        "kind": message.kind,
        "title": title,
        "text": text,
        "link": message.link,
        "sent_at": message.created_at,
        "read_at": message.read_at,
    }


def my_data(session: Session, account: Account) -> MyData:
    """What `account` gave or wrote, in one query per section (never one per row). Nothing
    another person wrote about them is included: no moderator, staff or connector notes."""
    me = account.id
    ex = session.execute
    roles = sorted(str(role) for role in ex(sa.select(RoleGrant.role).where(RoleGrant.account_id == me)).scalars())
    consents = [
        {"kind": consent.kind.value, "version": consent.version, "given_at": consent.given_at,
         "recorded_by_connector": consent.recorded_by_id is not None, "withdrawn_at": consent.withdrawn_at}
        for consent in ex(sa.select(Consent).where(Consent.account_id == me).order_by(Consent.given_at)).scalars()
    ]
    preference = ex(sa.select(NotificationPreference).where(NotificationPreference.account_id == me)).scalars().first()
    groups = [
        {"group": _group_name(name, sensitive), "private_group": bool(sensitive), "role": membership.role.value,
         "status": membership.status.value, "asked_at": membership.requested_at, "joined_at": membership.joined_at}
        for membership, name, sensitive in ex(
            sa.select(Membership, Group.name, Group.sensitive).join(Group, Group.id == Membership.group_id)
            .where(Membership.account_id == me).order_by(Membership.requested_at)
        ).all()
    ]
    adjustments = [
        {"group": _group_name(name, sensitive), "text": request.text, "sent_at": request.created_at, "handled_at": request.handled_at}
        for request, name, sensitive in ex(
            sa.select(AdjustmentRequest, Group.name, Group.sensitive).join(Group, Group.id == AdjustmentRequest.group_id)
            .where(AdjustmentRequest.account_id == me).order_by(AdjustmentRequest.created_at)
        ).all()
    ]
    meeting_of = (Meeting.starts_at, Group.name, Group.sensitive)
    replies_to_meetings = [
        {"meeting": starts_at, "group": _group_name(name, sensitive), "reply": reply.reply.value, "replied_at": reply.replied_at}
        for reply, starts_at, name, sensitive in ex(
            sa.select(MeetingReply, *meeting_of).join(Meeting, Meeting.id == MeetingReply.meeting_id).join(Group, Group.id == Meeting.group_id)
            .where(MeetingReply.account_id == me).order_by(Meeting.starts_at)
        ).all()
    ]
    attendance = [
        {"meeting": starts_at, "group": _group_name(name, sensitive), "interpreter": row.had_interpreter, "travel": row.had_travel,
         "care_cover": row.had_care_cover, "paid": row.was_paid, "recorded_at": row.recorded_at}
        for row, starts_at, name, sensitive in ex(
            sa.select(Attendance, *meeting_of).join(Meeting, Meeting.id == Attendance.meeting_id).join(Group, Group.id == Meeting.group_id)
            .where(Attendance.account_id == me).order_by(Meeting.starts_at)
        ).all()
    ]
    has_receipt = sa.exists().where(Receipt.claim_id == Claim.id)
    claims = [
        {"id": claim.id, "meeting": starts_at, "group": _group_name(name, sensitive), "kind": claim.kind.value,
         "amount_pence": claim.amount_pence, "details": claim.details, "status": claim.status.value, "made_at": claim.created_at,
         "decided_at": claim.decided_at, "receipt": bool(receipt), "with_help_from_connector": claim.on_behalf_id is not None}
        for claim, starts_at, name, sensitive, receipt in ex(
            sa.select(Claim, *meeting_of, has_receipt).join(Meeting, Meeting.id == Claim.meeting_id).join(Group, Group.id == Meeting.group_id)
            .where(Claim.account_id == me).order_by(Claim.created_at)
        ).all()
    ]
    mine = sa.select(Idea.id).where(Idea.author_id == me)
    history: dict[uuid.UUID, list[dict[str, Any]]] = {}
    for event in ex(sa.select(IdeaEvent).where(IdeaEvent.idea_id.in_(mine)).order_by(IdeaEvent.created_at)).scalars():
        history.setdefault(event.idea_id, []).append(
            {"status": event.status.value, "reason": event.reason.value if event.reason else None, "at": event.created_at}
        )
    ideas = [
        {"id": idea.id, "written_at": idea.created_at, "status": idea.status.value, "group": _group_name(name, sensitive),
         "touchpoint": idea.touchpoint.value, "language": idea.language, "what_happened": idea.what_happened,
         "what_should_change": idea.what_should_change, "shown_as_anonymous": idea.anonymous, "about_own_care": idea.about_own_care,
         "published_at": idea.published_at, "same_here_count": idea.same_here_count,
         "with_help_from_connector": idea.on_behalf_id is not None, "history": history.get(idea.id, [])}
        for idea, name, sensitive in ex(
            sa.select(Idea, Group.name, Group.sensitive).outerjoin(Group, Group.id == Idea.group_id)
            .where(Idea.author_id == me).order_by(Idea.created_at)
        ).all()
    ]
    replies = [
        {"idea": reply.idea_id, "text": reply.text, "written_at": reply.created_at}
        for reply in ex(sa.select(IdeaReply).where(IdeaReply.author_id == me).order_by(IdeaReply.created_at)).scalars()
    ]
    same_here = [
        {"idea": row.idea_id, "at": row.created_at}
        for row in ex(sa.select(SameHere).where(SameHere.account_id == me).order_by(SameHere.created_at)).scalars()
    ]
    reports = [
        {"idea": row.idea_id, "reason": row.reason.value, "at": row.created_at}
        for row in ex(sa.select(IdeaReport).where(IdeaReport.reporter_id == me).order_by(IdeaReport.created_at)).scalars()
    ]
    voted_on = sa.select(Vote.proposal_id).where(Vote.account_id == me)
    option_labels = {
        str(option_id): label
        for option_id, label in ex(sa.select(ProposalOption.id, ProposalOption.label).where(ProposalOption.proposal_id.in_(voted_on))).all()
    }
    votes = [
        {"proposal": proposal_id, "proposal_title": title, "choice": option_labels.get(vote.choice, vote.choice), "comment": vote.comment,
         "at": vote.updated_at, "with_help_from_connector": vote.on_behalf_id is not None}
        for vote, proposal_id, title in ex(
            sa.select(Vote, Proposal.id, Proposal.title).join(Proposal, Proposal.id == Vote.proposal_id)
            .where(Vote.account_id == me).order_by(Proposal.created_at)
        ).all()
    ]
    secret_ballots = [
        {"proposal": proposal_id, "proposal_title": title}
        for proposal_id, title in ex(
            sa.select(Proposal.id, Proposal.title).join(VoterRoll, VoterRoll.proposal_id == Proposal.id)
            .where(VoterRoll.account_id == me).order_by(Proposal.created_at)
        ).all()
    ]
    feedback = [
        {"change": change_id, "change_title": title, "question": answer.question.value, "answer": answer.answer.value, "at": answer.answered_at}
        for answer, change_id, title in ex(
            sa.select(PromptAnswer, Change.id, Change.title).join(Change, Change.id == PromptAnswer.change_id)
            .where(PromptAnswer.account_id == me).order_by(PromptAnswer.answered_at)
        ).all()
    ]
    feedback_cohorts = [
        {"change": change_id, "change_title": title, "cohort": respondent.cohort, "at": respondent.created_at}
        for respondent, change_id, title in ex(
            sa.select(PromptRespondent, Change.id, Change.title).join(Change, Change.id == PromptRespondent.change_id)
            .where(PromptRespondent.account_id == me).order_by(PromptRespondent.created_at)
        ).all()
    ]
    messages = [
        _message(message)
        for message in ex(sa.select(Message).where(Message.recipient_id == me).order_by(Message.created_at)).scalars()
    ]
    helped = [
        {"what": row.action, "at": row.created_at}
        for row in ex(sa.select(OnBehalf).where(OnBehalf.person_id == me).order_by(OnBehalf.created_at)).scalars()
    ]
    safeguarding = [
        {"written_at": disclosure.created_at, "text": disclosure.text, "how_to_contact_you": contact_way.value if contact_way else None}
        for disclosure, contact_way in ex(
            sa.select(Disclosure, Case.contact_way).outerjoin(Case, Case.disclosure_id == Disclosure.id)
            .where(Disclosure.account_id == me, Disclosure.trigger.in_(OWN_TRIGGERS)).order_by(Disclosure.created_at)
        ).all()
    ]
    return MyData(
        account={
            "name_here": account.pseudonym,
            "joined_at": account.created_at,
            "said_16_or_over_at": account.age_confirmed_at,
            "language": account.language,
            "name_shown_to_members": account.listed_to_members,
            "needs": {
                "language": account.needs_language, "interpreter": account.needs_interpreter, "easy_read": account.needs_easy_read,
                "large_print": account.needs_large_print, "bsl": account.needs_bsl, "other": account.needs_other,
            },
            "email": decrypt(account.email_encrypted) if account.email_encrypted else None,
            "mobile": decrypt(account.mobile_encrypted) if account.mobile_encrypted else None,
            "continuity_card_given_at": account.card_issued_at,
            "two_factor_sign_in": account.totp_enabled_at is not None,
        },
        roles=roles,
        consents=consents,
        notification_choices=(
            {"email": preference.email, "text_message": preference.sms, "through_a_connector": preference.connector,
             "how_often": preference.frequency.value}
            if preference else None
        ),
        groups=groups,
        adjustment_requests=adjustments,
        meeting_replies=replies_to_meetings,
        attendance=attendance,
        claims=claims,
        ideas=ideas,
        replies=replies,
        same_here=same_here,
        reports=reports,
        votes=votes,
        secret_ballots=secret_ballots,
        feedback=feedback,
        feedback_cohorts=feedback_cohorts,
        messages=messages,
        helped_by_connector=helped,
        safeguarding=safeguarding,
        equality=_own_equality(session, me),
    )


def _own_equality(session: Session, account_id: uuid.UUID) -> dict[str, Any] | None:
    """The person's own equality answers, as the codes they chose (None if they gave none)."""
    from portal.equality.own import own_answers

    answers = own_answers(session, account_id)
    if answers.answered_at is None:
        return None
    names = dict(session.execute(sa.select(Cohort.id, Cohort.name).where(Cohort.id.in_(answers.cohort_ids))).all()) if answers.cohort_ids else {}
    return {
        "answers": {question.value: code for question, code in answers.codes.items() if code is not None},
        "cohorts": answers.cohorts,
        "cohorts_chosen": sorted(names.get(cohort_id, "") for cohort_id in answers.cohort_ids),
        "answered_at": answers.answered_at,
    }


@dataclass(frozen=True)
class KeptRecord:
    """What deleting an account leaves behind under safeguarding's own retention."""

    #: The person told us someone may be at risk: that record is kept.
    kept: bool
    #: One of those cases is still open: the safeguarding team may still act on it.
    open_case: bool


def safeguarding_record_of(session: Session, account_id: uuid.UUID) -> KeptRecord:
    """Whether the person's own safeguarding messages exist, and whether a case is still open."""
    rows = session.execute(
        sa.select(Case.closed_at)
        .join(Disclosure, Disclosure.id == Case.disclosure_id)
        .where(Disclosure.account_id == account_id, Disclosure.trigger.in_(OWN_TRIGGERS))
    ).all()
    return KeptRecord(bool(rows), any(closed_at is None for (closed_at,) in rows))


#: Roles the portal cannot run safely without: nobody to give roles, or nobody alerted when
#: someone may be at risk.
NEEDED_ROLES = (Role.admin, Role.safeguarding_lead)


def last_holder_of(session: Session, account_id: uuid.UUID) -> Role | None:
    """A needed role this account is the only one to hold, if any."""
    holders = session.execute(
        sa.select(RoleGrant.role, sa.func.count()).where(RoleGrant.role.in_(NEEDED_ROLES)).group_by(RoleGrant.role)
    ).all()
    mine = set(session.execute(sa.select(RoleGrant.role).where(RoleGrant.account_id == account_id, RoleGrant.role.in_(NEEDED_ROLES))).scalars())
    return next((role for role, count in holders if count == 1 and role in mine), None)


@dataclass(frozen=True)
class RequestRow:
    request: RightsRequest
    overdue: bool


def waiting_requests(session: Session, *, today: date, limit: int = 500) -> list[RequestRow]:
    """Requests still to answer, soonest due first, so the overdue ones lead."""
    rows = session.execute(
        sa.select(RightsRequest).where(RightsRequest.status.in_(WAITING)).order_by(RightsRequest.due_on, RightsRequest.received_on, RightsRequest.id).limit(limit)
    ).scalars()
    return [RequestRow(request, request.due_on < today) for request in rows]


def answered_requests(session: Session, *, page: int, per_page: int) -> tuple[list[RightsRequest], bool]:
    """Requests answered (done or refused), newest answer first."""
    rows = list(
        session.execute(
            sa.select(RightsRequest).where(RightsRequest.status.not_in(WAITING))
            .order_by(RightsRequest.closed_on.desc(), RightsRequest.received_on.desc(), RightsRequest.id)
            .offset((page - 1) * per_page).limit(per_page + 1)
        ).scalars()
    )
    return rows[:per_page], len(rows) > per_page
