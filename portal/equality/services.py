"""Every write of equality answers: check the codes, save or withdraw, audit (no answers in the
log, only that the person changed theirs), commit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from sqlmodel import Session

from portal.audit import services as audit
from portal.db import utc_now
from portal.equality.models import CODES, CohortAnswer, EqualityAnswer, EqualityCohort, Question
from portal.plan.models import Cohort
from portal.web.coded import CodedError


class EqualityError(CodedError):
    """Answers that cannot be saved; `code` says why (an unknown code or cohort)."""


@dataclass(frozen=True)
class Answers:
    """A person's answers as given: a code or None per question (keyed by `Question` or its
    name; a question left out is not answered); the cohort answer (a `CohortAnswer` code or
    None) and, when it is `chosen`, the cohorts."""

    codes: dict[Question | str, str | None]
    cohorts: str | None = None
    cohort_ids: frozenset[uuid.UUID] = frozenset()

    @property
    def empty(self) -> bool:
        return self.cohorts is None and all(code is None for code in self.codes.values())


def _check(session: Session, answers: Answers) -> None:
    for question, code in answers.codes.items():
        if code is not None and code not in {member.value for member in CODES[Question(question)]}:
            raise EqualityError("unknown_code")
    if answers.cohorts is not None and answers.cohorts not in {member.value for member in CohortAnswer}:
        raise EqualityError("unknown_code")
    if (answers.cohorts == CohortAnswer.chosen) != bool(answers.cohort_ids):
        raise EqualityError("cohorts_mixed")
    if answers.cohort_ids:
        active = set(
            session.execute(sa.select(Cohort.id).where(Cohort.id.in_(answers.cohort_ids), Cohort.active.is_(True))).scalars()
        )
        if active != set(answers.cohort_ids):
            raise EqualityError("unknown_cohort")


def save_answers(session: Session, *, account_id: uuid.UUID, answers: Answers) -> bool:
    """Replace the person's answers with these; with no answers at all, keep nothing.

    Returns whether anything is now stored.
    """
    _check(session, answers)
    if answers.empty:
        withdraw(session, account_id=account_id)
        return False
    row = session.get(EqualityAnswer, account_id) or EqualityAnswer(account_id=account_id)
    for question in Question:
        setattr(row, question.value, answers.codes.get(question))
    row.cohorts = answers.cohorts
    row.answered_at = utc_now()
    session.add(row)
    session.execute(sa.delete(EqualityCohort).where(EqualityCohort.account_id == account_id))
    session.flush()
    session.add_all(EqualityCohort(account_id=account_id, cohort_id=cohort_id) for cohort_id in sorted(answers.cohort_ids))
    audit.record(session, action="equality.answer", subject_kind="account", subject=account_id, actor=account_id)
    session.commit()
    return True


def withdraw(session: Session, *, account_id: uuid.UUID) -> bool:
    """Delete all of the person's answers at once; returns whether there were any."""
    session.execute(sa.delete(EqualityCohort).where(EqualityCohort.account_id == account_id))
    deleted = session.execute(sa.delete(EqualityAnswer).where(EqualityAnswer.account_id == account_id)).rowcount
    if deleted:
        audit.record(session, action="equality.withdraw", subject_kind="account", subject=account_id, actor=account_id)
    session.commit()
    return bool(deleted)
