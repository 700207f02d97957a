"""Every write about ideas. Safeguarding is called here, explicitly: when someone may be at
risk the words are saved as a disclosure with its case in the same commit as the idea, which
is held back from everyone but safeguarding leads."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session

from portal.audit import services as audit
from portal.caseload import services as caseload
from portal.db import utc_now
from portal.groups.models import Group, MemberStatus, Membership, Moderation, Touchpoint
from portal.ideas import personal
from portal.ideas.models import TEXT_MAX, HideReason, Idea, IdeaEvent, IdeaReply, IdeaReport, IdeaStatus, ReportReason, SameHere
from portal.safeguarding import lexicon
from portal.safeguarding import services as safeguarding
from portal.notifications.services import notify
from portal.safeguarding.models import Case, RiskAnswer, Trigger
from portal.web.coded import CodedError


class IdeaError(CodedError):
    """An idea that cannot be saved; `code` says why."""


@dataclass(frozen=True)
class Submitted:
    idea: Idea
    #: The safeguarding case opened with it, if any.
    case: Case | None


def _after_reading(group: Group | None, details: list[str]) -> IdeaStatus:
    """Published at once in a post-moderation group unless it holds personal details;
    otherwise a moderator reads it first."""
    if group is not None and group.moderation == Moderation.post and not details:
        return IdeaStatus.published
    return IdeaStatus.awaiting_moderation


def _move(session: Session, idea: Idea, status: IdeaStatus, *, actor_id: uuid.UUID | None, reason: HideReason | None = None, note: str = "") -> None:
    idea.status = status
    if status == IdeaStatus.published and idea.published_at is None:
        idea.published_at = utc_now()
    session.add(IdeaEvent(idea_id=idea.id, status=status, reason=reason, note=note.strip(), actor_id=actor_id))


def disclosure_text(what_happened: str, what_should_change: str) -> str:
    """Both answers, exactly as typed, one after the other."""
    return "\n\n".join(part for part in (what_happened, what_should_change) if part.strip())


def submit_idea(
    session: Session,
    *,
    author_id: uuid.UUID,
    touchpoint: Touchpoint,
    what_happened: str,
    what_should_change: str,
    language: str,
    risk_answer: RiskAnswer,
    group_id: uuid.UUID | None = None,
    anonymous: bool = False,
    about_own_care: bool = False,
    connector_id: uuid.UUID | None = None,
    person_asked: bool = False,
    now: datetime | None = None,
) -> Submitted:
    """Save an idea. If the answer or the words say someone may be at risk, a safeguarding case
    is opened in the same transaction and the idea is held back; otherwise it waits for a
    translation (when moderators do not read its language) or for moderation."""
    now = now or utc_now()
    text = disclosure_text(what_happened, what_should_change)
    if not text and risk_answer != RiskAnswer.danger_now:
        raise IdeaError("empty")
    if len(what_happened) > TEXT_MAX or len(what_should_change) > TEXT_MAX:
        raise IdeaError("too_long")
    if group_id is not None:
        membership = session.get(Membership, (group_id, author_id))
        if membership is None or membership.status != MemberStatus.active:
            raise IdeaError("not_member")
    on_behalf = None
    if connector_id is not None:
        try:
            on_behalf = caseload.act_on_behalf(session, connector_id=connector_id, person_id=author_id, action="ideas.submit", person_asked=person_asked)
        except caseload.CaseloadError as error:
            raise IdeaError(error.code) from error
    found = lexicon.find_risk(text)
    trigger = Trigger.answer if risk_answer != RiskAnswer.no else (Trigger.lexicon if found else None)
    details = personal.personal_details(text)
    group = session.get(Group, group_id) if group_id else None
    if trigger:
        status = IdeaStatus.held
    elif language not in current_app.config["MODERATION_LANGUAGES"]:
        status = IdeaStatus.awaiting_translation
    else:
        status = _after_reading(group, details)
    idea = Idea(
        author_id=author_id, group_id=group_id, touchpoint=touchpoint, what_happened=what_happened.strip(),
        what_should_change=what_should_change.strip(), language=language, anonymous=anonymous,
        about_own_care=about_own_care, status=status, on_behalf_id=on_behalf.id if on_behalf else None, created_at=now,
        personal_details=details, published_at=now if status == IdeaStatus.published else None,
    )
    session.add(idea)
    session.flush()
    session.add(IdeaEvent(idea_id=idea.id, status=status, actor_id=connector_id, created_at=now))
    audit.record(session, action="ideas.submit", subject_kind="idea", subject=idea.id, actor=connector_id or author_id)
    case = None
    if trigger:
        case = safeguarding.open_case(
            session, account_id=author_id, text=text, language=language, trigger=trigger,
            risk_answer=risk_answer if risk_answer != RiskAnswer.no else None,
            detected=[match.category for match in found], idea_id=idea.id,
            on_behalf_id=on_behalf.id if on_behalf else None, now=now,
        )
    session.commit()
    return Submitted(idea, case)


def translate(session: Session, *, idea: Idea, what_happened: str, what_should_change: str, translator_id: uuid.UUID) -> None:
    """Add a human English translation beside the original; the idea then goes on to moderation
    (or, in a post-moderation group without personal details, is published)."""
    if idea.status != IdeaStatus.awaiting_translation:
        raise IdeaError("not_waiting")
    if not (what_happened.strip() or what_should_change.strip()):
        raise IdeaError("empty")
    idea.english_what_happened, idea.english_what_should_change = what_happened.strip(), what_should_change.strip()
    idea.translated_by_id = translator_id
    group = session.get(Group, idea.group_id) if idea.group_id else None
    _move(session, idea, _after_reading(group, idea.personal_details), actor_id=translator_id)
    audit.record(session, action="ideas.translate", subject_kind="idea", subject=idea.id, actor=translator_id)
    session.commit()


def moderate(session: Session, *, idea: Idea, decision: str, moderator_id: uuid.UUID, reason: HideReason | None = None, note: str = "") -> None:
    """Publish an idea, ask its author for a change, or hide it; the author sees why."""
    if idea.status not in (IdeaStatus.awaiting_moderation, IdeaStatus.published):
        raise IdeaError("not_waiting")
    if decision == "publish":
        _move(session, idea, IdeaStatus.published, actor_id=moderator_id)
    elif decision in ("ask_change", "hide"):
        if reason is None:
            raise IdeaError("reason_needed")
        status = IdeaStatus.changes_requested if decision == "ask_change" else IdeaStatus.hidden
        _move(session, idea, status, actor_id=moderator_id, reason=reason, note=note)
        if idea.author_id:
            kind = "ideas.change_asked" if decision == "ask_change" else "ideas.hidden"
            notify(session, recipient_id=idea.author_id, kind=kind, link="/ideas/mine")
    else:
        raise IdeaError("decision")
    session.execute(sa.update(IdeaReport).where(IdeaReport.idea_id == idea.id, IdeaReport.reviewed_at.is_(None)).values(reviewed_at=utc_now()))
    audit.record(session, action=f"ideas.moderate_{decision}", subject_kind="idea", subject=idea.id, actor=moderator_id)
    session.commit()


def revise(
    session: Session, *, idea: Idea, author_id: uuid.UUID, what_happened: str, what_should_change: str, risk_answer: RiskAnswer
) -> Case | None:
    """The author changes an idea a moderator asked them to change; it is read again, and the
    safety checks run again on the new words."""
    if idea.author_id != author_id or idea.status != IdeaStatus.changes_requested:
        raise IdeaError("not_waiting")
    text = disclosure_text(what_happened, what_should_change)
    if not text:
        raise IdeaError("empty")
    if len(what_happened) > TEXT_MAX or len(what_should_change) > TEXT_MAX:
        raise IdeaError("too_long")
    idea.what_happened, idea.what_should_change = what_happened.strip(), what_should_change.strip()
    idea.personal_details = personal.personal_details(text)
    found = lexicon.find_risk(text)
    trigger = Trigger.answer if risk_answer != RiskAnswer.no else (Trigger.lexicon if found else None)
    case = None
    if trigger:
        _move(session, idea, IdeaStatus.held, actor_id=None)
        case = safeguarding.open_case(
            session, account_id=author_id, text=text, language=idea.language, trigger=trigger,
            risk_answer=risk_answer if risk_answer != RiskAnswer.no else None, detected=[m.category for m in found], idea_id=idea.id,
        )
    elif idea.language not in current_app.config["MODERATION_LANGUAGES"]:
        _move(session, idea, IdeaStatus.awaiting_translation, actor_id=None)
    else:
        _move(session, idea, IdeaStatus.awaiting_moderation, actor_id=None)
    audit.record(session, action="ideas.revise", subject_kind="idea", subject=idea.id, actor=author_id)
    session.commit()
    return case


def report(session: Session, *, idea: Idea, reporter_id: uuid.UUID, reason: ReportReason) -> bool:
    """Report a published idea; enough reports hide it until a moderator reviews it. True
    when this report hid it."""
    if idea.status != IdeaStatus.published:
        raise IdeaError("not_published")
    if session.get(IdeaReport, (idea.id, reporter_id)) is not None:
        raise IdeaError("already_reported")
    session.add(IdeaReport(idea_id=idea.id, reporter_id=reporter_id, reason=reason))
    session.flush()
    waiting = session.execute(
        sa.select(sa.func.count()).select_from(IdeaReport).where(IdeaReport.idea_id == idea.id, IdeaReport.reviewed_at.is_(None))
    ).scalar_one()
    hidden = waiting >= current_app.config["IDEA_REPORTS_TO_HIDE"]
    if hidden:
        _move(session, idea, IdeaStatus.awaiting_moderation, actor_id=None)
    audit.record(session, action="ideas.report", subject_kind="idea", subject=idea.id, actor=reporter_id)
    session.commit()
    return hidden


def same_here(session: Session, *, idea: Idea, account_id: uuid.UUID) -> None:
    """"This happened to me too": once per person, counted without a race."""
    if idea.status != IdeaStatus.published:
        raise IdeaError("not_published")
    if session.get(SameHere, (idea.id, account_id)) is not None:
        return
    session.add(SameHere(idea_id=idea.id, account_id=account_id))
    try:
        session.flush()
    except sa.exc.IntegrityError:
        session.rollback()
        return
    session.execute(sa.update(Idea).where(Idea.id == idea.id).values(same_here_count=Idea.same_here_count + 1))
    session.commit()


def reply(session: Session, *, idea: Idea, author_id: uuid.UUID, text: str) -> IdeaReply:
    """A reply from staff or a facilitator; the idea's author is told."""
    if idea.status != IdeaStatus.published:
        raise IdeaError("not_published")
    if not text.strip():
        raise IdeaError("empty_reply")
    answer = IdeaReply(idea_id=idea.id, author_id=author_id, text=text.strip())
    session.add(answer)
    if idea.author_id and idea.author_id != author_id:
        notify(session, recipient_id=idea.author_id, kind="ideas.replied", link=f"/ideas/{idea.id}")
    audit.record(session, action="ideas.reply", subject_kind="idea", subject=idea.id, actor=author_id)
    session.commit()
    return answer


def flag_for_safeguarding(session: Session, *, idea: Idea, actor_id: uuid.UUID, trigger: Trigger, text: str = "") -> Case:
    """A moderator's flag, or someone's "I'm worried about someone": the idea is held and a case
    opened. For a worry, the worried person's own words are the disclosure."""
    words = text.strip() if trigger == Trigger.worried else disclosure_text(idea.what_happened, idea.what_should_change)
    if trigger == Trigger.worried and not words:
        raise IdeaError("empty_worry")
    if idea.status != IdeaStatus.held:
        _move(session, idea, IdeaStatus.held, actor_id=actor_id)
    case = safeguarding.open_case(
        session, account_id=actor_id if trigger == Trigger.worried else idea.author_id, text=words,
        language=idea.language, trigger=trigger, risk_answer=None, detected=[m.category for m in lexicon.find_risk(words)], idea_id=idea.id,
    )
    audit.record(session, action=f"ideas.flag_{trigger.value}", subject_kind="idea", subject=idea.id, actor=actor_id)
    session.commit()
    return case


def release(session: Session, *, idea: Idea, lead_id: uuid.UUID) -> None:
    """A safeguarding lead sends a wrongly held idea on to normal moderation; the disclosure
    record itself stays."""
    if idea.status != IdeaStatus.held:
        raise IdeaError("not_held")
    if idea.language not in current_app.config["MODERATION_LANGUAGES"] and not (idea.english_what_happened or idea.english_what_should_change):
        _move(session, idea, IdeaStatus.awaiting_translation, actor_id=lead_id)
    else:
        _move(session, idea, IdeaStatus.awaiting_moderation, actor_id=lead_id)
    audit.record(session, action="ideas.release", subject_kind="idea", subject=idea.id, actor=lead_id)
    session.commit()
