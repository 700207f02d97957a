"""Every write about changes. When a change's status moves, everyone whose idea (or whose idea's
proposal) it is linked to is told once, in their own language, through what they chose."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from portal.audit import services as audit
from portal.changes.models import (
    MOST_QUESTIONS, Answer, Better, Change, ChangeIdea, ChangeKind, ChangePrompt, ChangeProposal, ChangeStatus, ChangeUpdate, ImpactMeasure,
    PromptAnswer, PromptRespondent, Question, Unit,
)
from portal.db import utc_now
from portal.groups.models import MemberStatus, Membership, Touchpoint
from portal.ideas.models import Idea, IdeaStatus
from portal.notifications.services import notify
from portal.proposals.models import Proposal, ProposalIdea
from portal.web.coded import CodedError


class ChangeError(CodedError):
    """A change that cannot be saved; `code` says why."""


@dataclass(frozen=True)
class NewChange:
    title: str
    said: str
    did: str
    kind: ChangeKind
    touchpoint: Touchpoint
    owner_team: str
    group_id: uuid.UUID | None
    review_on: date | None
    idea_ids: list[uuid.UUID]
    proposal_ids: list[uuid.UUID]


def _linkable(session: Session, idea_ids: list[uuid.UUID], proposal_ids: list[uuid.UUID]) -> None:
    """Only published ideas (never a hidden or held one, nor a disclosure) and real proposals."""
    if idea_ids:
        found = session.execute(sa.select(Idea.status).where(Idea.id.in_(idea_ids))).scalars().all()
        if len(found) != len(set(idea_ids)) or any(status != IdeaStatus.published for status in found):
            raise ChangeError("ideas")
    if proposal_ids:
        count = session.execute(sa.select(sa.func.count()).select_from(Proposal).where(Proposal.id.in_(proposal_ids))).scalar_one()
        if count != len(set(proposal_ids)):
            raise ChangeError("proposals")


def people_to_tell(session: Session, change_id: uuid.UUID) -> set[uuid.UUID]:
    """Authors of the linked ideas, and of the ideas behind the linked proposals (each once)."""
    direct = sa.select(Idea.author_id).join(ChangeIdea, ChangeIdea.idea_id == Idea.id).where(ChangeIdea.change_id == change_id)
    through = (
        sa.select(Idea.author_id)
        .join(ProposalIdea, ProposalIdea.idea_id == Idea.id)
        .join(ChangeProposal, ChangeProposal.proposal_id == ProposalIdea.proposal_id)
        .where(ChangeProposal.change_id == change_id)
    )
    return {author for author in session.execute(sa.union(direct, through)).scalars() if author}


def _tell(session: Session, change: Change) -> None:
    for person_id in people_to_tell(session, change.id):
        notify(session, recipient_id=person_id, kind="changes.status", link=f"/changes/{change.id}", status=change.status.value)


def create_change(session: Session, *, data: NewChange, status: ChangeStatus, reason: str, actor_id: uuid.UUID) -> Change:
    """Record a change with what people said and what the service did, linked to their ideas
    and proposals; the people behind them are told."""
    if status == ChangeStatus.not_taken_forward and not reason.strip():
        raise ChangeError("reason_needed")
    _linkable(session, data.idea_ids, data.proposal_ids)
    now = utc_now()
    change = Change(
        title=data.title.strip(), said=data.said.strip(), did=data.did.strip(), kind=data.kind, touchpoint=data.touchpoint,
        status=status, status_reason=reason.strip(), owner_team=data.owner_team.strip(), group_id=data.group_id,
        review_on=data.review_on, created_by_id=actor_id, created_at=now, updated_at=now,
    )
    session.add(change)
    session.flush()
    for idea_id in set(data.idea_ids):
        session.add(ChangeIdea(change_id=change.id, idea_id=idea_id))
    for proposal_id in set(data.proposal_ids):
        session.add(ChangeProposal(change_id=change.id, proposal_id=proposal_id))
    session.add(ChangeUpdate(change_id=change.id, status=status, note=reason.strip(), author_id=actor_id, created_at=now))
    session.flush()
    _tell(session, change)
    audit.record(session, action="changes.create", subject_kind="change", subject=change.id, actor=actor_id)
    session.commit()
    return change


def update(session: Session, *, change: Change, status: ChangeStatus, note: str, actor_id: uuid.UUID) -> None:
    """Add a dated update. A new status tells everyone linked, once; "not taken forward" needs
    its reason."""
    if status == ChangeStatus.not_taken_forward and not note.strip():
        raise ChangeError("reason_needed")
    if status == change.status and not note.strip():
        raise ChangeError("nothing_new")
    moved = status != change.status
    now = utc_now()
    change.status, change.updated_at = status, now
    if moved:
        change.status_reason = note.strip()
    session.add(ChangeUpdate(change_id=change.id, status=status, note=note.strip(), author_id=actor_id, created_at=now))
    if moved:
        _tell(session, change)
    audit.record(session, action="changes.update", subject_kind="change", subject=change.id, actor=actor_id)
    session.commit()


#: The largest value each unit allows (None: no upper limit beyond the column's range).
UNIT_LIMITS = {Unit.percent: 100.0, Unit.count: 10_000_000.0, Unit.days: 3650.0, Unit.per_thousand: 1000.0}


@dataclass(frozen=True)
class NewMeasure:
    measure: str
    unit: Unit
    cohort: str
    baseline: float
    baseline_from: date
    baseline_to: date
    latest: float
    latest_from: date
    latest_to: date
    target: float | None
    better: Better


def add_measure(session: Session, *, change: Change, data: NewMeasure, actor_id: uuid.UUID) -> ImpactMeasure:
    """Add an impact figure, refusing values outside what the unit allows and periods that end
    before they start or a latest period that starts before the baseline's."""
    limit = UNIT_LIMITS[data.unit]
    for value in (data.baseline, data.latest, data.target):
        if value is not None and not 0 <= value <= limit:
            raise ChangeError("value_out_of_range")
    if data.unit == Unit.count and any(value is not None and value != int(value) for value in (data.baseline, data.latest, data.target)):
        raise ChangeError("whole_number")
    if data.baseline_to < data.baseline_from or data.latest_to < data.latest_from:
        raise ChangeError("period_backwards")
    if data.latest_from < data.baseline_from:
        raise ChangeError("latest_before_baseline")
    measure = ImpactMeasure(change_id=change.id, **{key: value.strip() if isinstance(value, str) else value for key, value in data.__dict__.items()})
    session.add(measure)
    session.flush()
    audit.record(session, action="changes.add_measure", subject_kind="change", subject=change.id, actor=actor_id)
    session.commit()
    return measure


def concerned(session: Session, change: Change, account_id: uuid.UUID | None) -> bool:
    """Whether the change is about this person: their idea (or its proposal) led to it, or they
    are an active member of the group it belongs to."""
    if account_id is None:
        return False
    if change.group_id is not None:
        member = session.get(Membership, (change.group_id, account_id))
        if member is not None and member.status == MemberStatus.active:
            return True
    return account_id in people_to_tell(session, change.id)


def set_prompt(session: Session, *, change: Change, questions: list[Question], actor_id: uuid.UUID) -> None:
    """Choose the questions the change asks (at most three). Answers already given are kept.
    The first time a change asks anything, the people whose ideas it came from are invited."""
    chosen = list(dict.fromkeys(questions))
    if len(chosen) > MOST_QUESTIONS:
        raise ChangeError("too_many_questions")
    before = set(session.execute(sa.select(ChangePrompt.question).where(ChangePrompt.change_id == change.id)).scalars())
    session.execute(sa.delete(ChangePrompt).where(ChangePrompt.change_id == change.id))
    for position, question in enumerate(chosen):
        session.add(ChangePrompt(change_id=change.id, question=question, position=position))
    session.flush()
    if chosen and not before:
        for person_id in people_to_tell(session, change.id):
            notify(session, recipient_id=person_id, kind="changes.feedback", link=f"/changes/{change.id}#feedback")
    audit.record(session, action="changes.set_prompt", subject_kind="change", subject=change.id, actor=actor_id)
    session.commit()


def _upsert(session: Session, model, values: dict, keys: list[str], update: list[str]) -> None:
    """Insert a row, or update it when one with the same key exists, in one statement (so two
    taps at once cannot both insert)."""
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert)(model)
    statement = insert.values(**values)
    if update:
        statement = statement.on_conflict_do_update(index_elements=keys, set_={name: statement.excluded[name] for name in update})
    else:
        statement = statement.on_conflict_do_nothing(index_elements=keys)
    session.execute(statement)


def answer_prompt(session: Session, *, change: Change, question: Question, answer: Answer, account_id: uuid.UUID) -> None:
    """Save one tap. Only the people the change concerns answer, only the questions it asks;
    answering again replaces the earlier answer."""
    asked = session.get(ChangePrompt, (change.id, question))
    if asked is None:
        raise ChangeError("not_asked")
    if not concerned(session, change, account_id):
        raise ChangeError("not_concerned")
    now = utc_now()
    _upsert(session, PromptRespondent, {"change_id": change.id, "account_id": account_id, "cohort": "", "created_at": now}, ["change_id", "account_id"], [])
    _upsert(
        session, PromptAnswer, {"change_id": change.id, "question": question, "account_id": account_id, "answer": answer, "answered_at": now},
        ["change_id", "question", "account_id"], ["answer", "answered_at"],
    )
    session.commit()


def give_cohort(session: Session, *, change: Change, cohort: str, account_id: uuid.UUID) -> None:
    """Say which of the change's cohorts the person belongs to ("" to take it back), after they
    have answered at least one question."""
    cohorts = set(session.execute(sa.select(ImpactMeasure.cohort).where(ImpactMeasure.change_id == change.id, ImpactMeasure.cohort != "")).scalars())
    if cohort and cohort not in cohorts:
        raise ChangeError("unknown_cohort")
    respondent = session.get(PromptRespondent, (change.id, account_id))
    if respondent is None:
        raise ChangeError("answer_first")
    respondent.cohort = cohort
    session.commit()
