"""Counts of equality answers, for the evidence pack: never one person's answers.

Each count is raw; whoever shows or exports it applies `portal.web.suppression` first.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import Account
from portal.equality.models import CODES, NOT_ANSWERED, CohortAnswer, EqualityAnswer, EqualityCohort, Question
from portal.plan.models import Cohort


def _people(account_ids: sa.Select | None) -> sa.Subquery:
    """The accounts to count among, each once: everyone with an account when None."""
    if account_ids is None:
        return sa.select(Account.id).subquery("people")
    return account_ids.distinct().subquery("people")


def breakdown(session: Session, question: Question, account_ids: sa.Select | None = None) -> dict[str, int]:
    """How many of the people answered `question` with each code, in one query.

    `account_ids` selects the accounts to count among (the first column is the account id),
    such as the people who took part in a period. Every code of the question is a key (0 when
    nobody chose it), and so is NOT_ANSWERED: people who skipped the question or never
    answered any.
    """
    people = _people(account_ids)
    column = getattr(EqualityAnswer, Question(question).value)
    rows = session.execute(
        sa.select(column, sa.func.count())
        .select_from(people)
        .outerjoin(EqualityAnswer, EqualityAnswer.account_id == people.c[0])
        .group_by(column)
    ).all()
    counts = {code.value: 0 for code in CODES[Question(question)]} | {NOT_ANSWERED: 0}
    for code, count in rows:
        key = NOT_ANSWERED if code is None else code
        counts[key] = counts.get(key, 0) + count
    return counts


def cohort_breakdown(session: Session, account_ids: sa.Select | None = None) -> dict[uuid.UUID | str, int]:
    """How many of the people said each plan cohort describes them, in one query.

    Keys: a cohort's id for each cohort somebody chose (people may choose several, so these
    add up to more than the people), and always "none_of_these", "prefer_not_to_say" and
    NOT_ANSWERED. "chosen" appears only for people whose every chosen cohort has since been
    deleted from the plan.
    """
    people = _people(account_ids)
    rows = session.execute(
        sa.select(EqualityAnswer.cohorts, EqualityCohort.cohort_id, sa.func.count())
        .select_from(people)
        .outerjoin(EqualityAnswer, EqualityAnswer.account_id == people.c[0])
        .outerjoin(EqualityCohort, EqualityCohort.account_id == EqualityAnswer.account_id)
        .group_by(EqualityAnswer.cohorts, EqualityCohort.cohort_id)
    ).all()
    counts: dict[uuid.UUID | str, int] = {CohortAnswer.none_of_these.value: 0, CohortAnswer.prefer_not_to_say.value: 0, NOT_ANSWERED: 0}
    for answer, cohort_id, count in rows:
        key = cohort_id if cohort_id is not None else (NOT_ANSWERED if answer is None else answer)
        counts[key] = counts.get(key, 0) + count
    return counts


def active_cohorts(session: Session) -> list[Cohort]:
    """The plan's cohorts a person can choose, by name."""
    return list(session.execute(sa.select(Cohort).where(Cohort.active.is_(True)).order_by(Cohort.name)).scalars())
