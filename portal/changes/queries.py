"""Read-only selects about changes: the board, one change, and the chains behind ideas."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session

from portal.changes.models import (
    Answer, Change, ChangeIdea, ChangePrompt, ChangeProposal, ChangeStatus, ChangeUpdate, FormerPromptAnswer, ImpactMeasure, PromptAnswer, PromptRespondent,
    Question,
)
from portal.groups.models import Group, Touchpoint
from portal.groups.queries import seen_by
from portal.ideas.models import Idea, IdeaStatus
from portal.proposals.models import Proposal, ProposalIdea


def board(
    session: Session, *, viewer_id: uuid.UUID | None, staff: bool, group_id: uuid.UUID | None, touchpoint: Touchpoint | None,
    status: ChangeStatus | None, page: int, per_page: int,
) -> tuple[list[tuple[Change, str | None]], bool]:
    """Changes, most recently updated first (a sensitive group's only for its members and staff)."""
    query = sa.select(Change, Group.name, Group.sensitive).outerjoin(Group, Group.id == Change.group_id)
    query = query.where(seen_by(Change.group_id, viewer_id=viewer_id, staff=staff))
    if group_id is not None:
        query = query.where(Change.group_id == group_id)
    if touchpoint is not None:
        query = query.where(Change.touchpoint == touchpoint)
    if status is not None:
        query = query.where(Change.status == status)
    rows = session.execute(query.order_by(Change.updated_at.desc(), Change.id).offset((page - 1) * per_page).limit(per_page + 1)).all()
    return [(change, None if sensitive else name) for change, name, sensitive in rows[:per_page]], len(rows) > per_page


def updates(session: Session, change_id: uuid.UUID) -> list[ChangeUpdate]:
    return list(session.execute(sa.select(ChangeUpdate).where(ChangeUpdate.change_id == change_id).order_by(ChangeUpdate.created_at.desc())).scalars())


def linked_ideas(session: Session, change_id: uuid.UUID) -> list[Idea]:
    return list(
        session.execute(
            sa.select(Idea).join(ChangeIdea, ChangeIdea.idea_id == Idea.id).where(ChangeIdea.change_id == change_id, Idea.status == IdeaStatus.published)
        ).scalars()
    )


def linked_proposals(session: Session, change_id: uuid.UUID) -> list[Proposal]:
    return list(session.execute(sa.select(Proposal).join(ChangeProposal, ChangeProposal.proposal_id == Proposal.id).where(ChangeProposal.change_id == change_id)).scalars())


def for_group(session: Session, group_id: uuid.UUID, limit: int = 5) -> list[Change]:
    return list(session.execute(sa.select(Change).where(Change.group_id == group_id).order_by(Change.updated_at.desc()).limit(limit)).scalars())


def chains(session: Session, idea_ids: list[uuid.UUID]) -> dict[uuid.UUID, tuple[list[Proposal], list[Change]]]:
    """For each idea: the proposals made from it, and the changes linked to it or to them
    (three queries, whatever the number of ideas)."""
    if not idea_ids:
        return {}
    proposals: dict[uuid.UUID, list[Proposal]] = {}
    for idea_id, proposal in session.execute(
        sa.select(ProposalIdea.idea_id, Proposal).join(Proposal, Proposal.id == ProposalIdea.proposal_id).where(ProposalIdea.idea_id.in_(idea_ids))
    ).all():
        proposals.setdefault(idea_id, []).append(proposal)
    changes: dict[uuid.UUID, dict[uuid.UUID, Change]] = {}
    for idea_id, change in session.execute(
        sa.select(ChangeIdea.idea_id, Change).join(Change, Change.id == ChangeIdea.change_id).where(ChangeIdea.idea_id.in_(idea_ids))
    ).all():
        changes.setdefault(idea_id, {})[change.id] = change
    for idea_id, change in session.execute(
        sa.select(ProposalIdea.idea_id, Change)
        .join(ChangeProposal, ChangeProposal.proposal_id == ProposalIdea.proposal_id)
        .join(Change, Change.id == ChangeProposal.change_id)
        .where(ProposalIdea.idea_id.in_(idea_ids))
    ).all():
        changes.setdefault(idea_id, {})[change.id] = change
    return {idea_id: (proposals.get(idea_id, []), list(changes.get(idea_id, {}).values())) for idea_id in idea_ids}


def measures(session: Session, change_id: uuid.UUID) -> list[ImpactMeasure]:
    return list(session.execute(sa.select(ImpactMeasure).where(ImpactMeasure.change_id == change_id).order_by(ImpactMeasure.created_at)).scalars())


def prompt(session: Session, change_id: uuid.UUID) -> list[Question]:
    """The questions the change asks, in order."""
    return list(session.execute(sa.select(ChangePrompt.question).where(ChangePrompt.change_id == change_id).order_by(ChangePrompt.position)).scalars())


def my_answers(session: Session, change_id: uuid.UUID, account_id: uuid.UUID) -> tuple[dict[Question, Answer], str | None]:
    """One person's answers and the cohort they gave ("" for none; None if they have not answered)."""
    answers = dict(session.execute(sa.select(PromptAnswer.question, PromptAnswer.answer).where(PromptAnswer.change_id == change_id, PromptAnswer.account_id == account_id)).all())
    respondent = session.get(PromptRespondent, (change_id, account_id))
    return answers, respondent.cohort if respondent else None


def answer_counts(session: Session, change_id: uuid.UUID) -> dict[tuple[Question, str, Answer], int]:
    """How many people gave each answer to each question, by the cohort they gave ("" for none),
    counting those who have since deleted their accounts (kept as counts), in one query."""
    live = (
        sa.select(PromptAnswer.question, PromptRespondent.cohort, PromptAnswer.answer, sa.func.count())
        .join(PromptRespondent, sa.and_(PromptRespondent.change_id == PromptAnswer.change_id, PromptRespondent.account_id == PromptAnswer.account_id))
        .where(PromptAnswer.change_id == change_id)
        .group_by(PromptAnswer.question, PromptRespondent.cohort, PromptAnswer.answer)
    )
    former = sa.select(FormerPromptAnswer.question, FormerPromptAnswer.cohort, FormerPromptAnswer.answer, FormerPromptAnswer.count).where(
        FormerPromptAnswer.change_id == change_id
    )
    counts: dict[tuple[Question, str, Answer], int] = {}
    for question, cohort, answer, count in session.execute(sa.union_all(live, former)).all():
        counts[(question, cohort, answer)] = counts.get((question, cohort, answer), 0) + count
    return counts
