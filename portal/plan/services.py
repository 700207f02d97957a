"""Every write to the co-production plan, the maturity self-assessment and assurance checks,
each audited."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlmodel import Session

from portal.audit import services as audit
from portal.changes.models import Change
from portal.db import utc_now
from portal.plan.models import (
    AssuranceCheck, CheckMethod, Cohort, CohortKind, Consistency, MaturityAssessment, Objective, ObjectiveChange, ObjectiveCohort, ObjectiveGroup,
    ObjectiveStatus,
)
from portal.web.coded import CodedError


class PlanError(CodedError):
    """Something in the plan that cannot be saved; `code` says why."""


def _name_taken(session: Session, name: str, other_than: uuid.UUID | None) -> bool:
    query = sa.select(Cohort.id).where(sa.func.lower(Cohort.name) == name.casefold())
    if other_than is not None:
        query = query.where(Cohort.id != other_than)
    return session.execute(query.limit(1)).first() is not None


def save_cohort(session: Session, *, cohort: Cohort | None, name: str, kind: CohortKind, description: str, active: bool, actor_id: uuid.UUID) -> Cohort:
    """Add a cohort, or change one; two cohorts never share a name."""
    name = name.strip()
    if _name_taken(session, name, cohort.id if cohort else None):
        raise PlanError("cohort_name_taken")
    if cohort is None:
        cohort = Cohort(name=name, kind=kind, description=description.strip(), active=active)
        session.add(cohort)
    else:
        cohort.name, cohort.kind, cohort.description, cohort.active = name, kind, description.strip(), active
    session.flush()
    audit.record(session, action="plan.save_cohort", subject_kind="cohort", subject=cohort.id, actor=actor_id)
    session.commit()
    return cohort


@dataclass(frozen=True)
class ObjectiveData:
    title: str
    description: str
    measures: str
    status: ObjectiveStatus
    cohort_ids: list[uuid.UUID]
    group_ids: list[uuid.UUID]
    change_ids: list[uuid.UUID]


def _relink(session: Session, model, objective_id: uuid.UUID, column: str, ids: list[uuid.UUID]) -> None:
    session.execute(sa.delete(model).where(model.objective_id == objective_id))
    for value in dict.fromkeys(ids):
        session.add(model(objective_id=objective_id, **{column: value}))


def save_objective(session: Session, *, objective: Objective | None, data: ObjectiveData, actor_id: uuid.UUID) -> Objective:
    """Add or change an objective with its cohorts, groups and changes."""
    if objective is None:
        objective = Objective(created_by_id=actor_id, title="", status=data.status)
        session.add(objective)
    objective.title, objective.description, objective.measures = data.title.strip(), data.description.strip(), data.measures.strip()
    objective.status, objective.updated_at = data.status, utc_now()
    session.flush()
    _relink(session, ObjectiveCohort, objective.id, "cohort_id", data.cohort_ids)
    _relink(session, ObjectiveGroup, objective.id, "group_id", data.group_ids)
    _relink(session, ObjectiveChange, objective.id, "change_id", data.change_ids)
    session.flush()
    audit.record(session, action="plan.save_objective", subject_kind="objective", subject=objective.id, actor=actor_id)
    session.commit()
    return objective


def add_maturity(session: Session, *, assessed_on: date, stage: str, evidence: str, next_steps: str, actor_id: uuid.UUID, today: date | None = None) -> MaturityAssessment:
    """Record a self-assessment; it cannot be dated in the future."""
    if assessed_on > (today or utc_now().date()):
        raise PlanError("future_date")
    assessment = MaturityAssessment(assessed_on=assessed_on, stage=stage, evidence=evidence.strip(), next_steps=next_steps.strip(), recorded_by_id=actor_id)
    session.add(assessment)
    session.flush()
    audit.record(session, action="plan.add_maturity", subject_kind="maturity", subject=assessment.id, actor=actor_id)
    session.commit()
    return assessment


def add_check(
    session: Session, *, change: Change, checked_on: date, method: CheckMethod, sample_size: int | None, findings: str, consistency: Consistency,
    actor_id: uuid.UUID, today: date | None = None,
) -> AssuranceCheck:
    """Record an assurance check against a change; it cannot be dated in the future."""
    if checked_on > (today or utc_now().date()):
        raise PlanError("future_date")
    check = AssuranceCheck(
        change_id=change.id, checked_on=checked_on, method=method, sample_size=sample_size, findings=findings.strip(), consistency=consistency, recorded_by_id=actor_id,
    )
    session.add(check)
    session.flush()
    audit.record(session, action="plan.add_check", subject_kind="change", subject=change.id, actor=actor_id)
    session.commit()
    return check
