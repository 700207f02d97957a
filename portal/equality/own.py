"""One person's own answers, read only for that person's own page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from portal.equality.models import EqualityAnswer, EqualityCohort, Question


@dataclass(frozen=True)
class OwnAnswers:
    """What the person last saved: a code or None per question, the cohort answer and cohorts."""

    codes: dict[Question, str | None]
    cohorts: str | None
    cohort_ids: frozenset[uuid.UUID]
    answered_at: datetime | None


def own_answers(session: Session, account_id: uuid.UUID) -> OwnAnswers:
    """The signed-in person's own answers (all None when they have not answered)."""
    row = session.get(EqualityAnswer, account_id)
    if row is None:
        return OwnAnswers({question: None for question in Question}, None, frozenset(), None)
    chosen = session.execute(sa.select(EqualityCohort.cohort_id).where(EqualityCohort.account_id == account_id)).scalars()
    return OwnAnswers({question: getattr(row, question.value) for question in Question}, row.cohorts, frozenset(chosen), row.answered_at)
