"""Giving answers and making plan cohorts directly, for the equality tests."""

from __future__ import annotations

import uuid

from flask import Flask

from portal.equality import services
from portal.equality.models import Question
from portal.extensions import db
from portal.plan.models import Cohort, CohortKind


def give(app: Flask, account_id: uuid.UUID, *, cohorts: str | None = None, cohort_ids=(), **codes: str) -> None:
    """Save these answers for the account, as if it had sent the form."""
    with app.app_context():
        services.save_answers(
            db.session,
            account_id=account_id,
            answers=services.Answers({Question(name): code for name, code in codes.items()}, cohorts, frozenset(cohort_ids)),
        )


def make_cohort(app: Flask, name: str, *, active: bool = True) -> uuid.UUID:
    """A cohort of the co-production plan."""
    with app.app_context():
        cohort = Cohort(name=name, kind=CohortKind.other, active=active)
        db.session.add(cohort)
        db.session.commit()
        return cohort.id
