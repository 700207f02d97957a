"""Read-only selects for the plan page and assurance checks, a fixed number per page."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session

from portal.changes.models import Change
from portal.groups.models import Group
from portal.plan.models import AssuranceCheck, Cohort, MaturityAssessment, Objective, ObjectiveChange, ObjectiveCohort, ObjectiveGroup


@dataclass
class ObjectiveView:
    objective: Objective
    cohorts: list[Cohort] = field(default_factory=list)
    #: (group id, name or None for a sensitive group)
    groups: list[tuple[uuid.UUID, str | None]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def cohorts(session: Session, *, active_only: bool = False) -> list[Cohort]:
    query = sa.select(Cohort).order_by(Cohort.kind, Cohort.name)
    if active_only:
        query = query.where(Cohort.active.is_(True))
    return list(session.execute(query).scalars())


def objectives(session: Session) -> list[ObjectiveView]:
    """Every objective with its cohorts, groups and changes, in four queries."""
    views = {objective.id: ObjectiveView(objective) for objective in session.execute(sa.select(Objective).order_by(Objective.status, Objective.created_at)).scalars()}
    if not views:
        return []
    ids = list(views)
    for objective_id, cohort in session.execute(sa.select(ObjectiveCohort.objective_id, Cohort).join(Cohort, Cohort.id == ObjectiveCohort.cohort_id).where(ObjectiveCohort.objective_id.in_(ids)).order_by(Cohort.name)):
        views[objective_id].cohorts.append(cohort)
    for objective_id, group_id, name, sensitive in session.execute(
        sa.select(ObjectiveGroup.objective_id, Group.id, Group.name, Group.sensitive).join(Group, Group.id == ObjectiveGroup.group_id).where(ObjectiveGroup.objective_id.in_(ids)).order_by(Group.name)
    ):
        views[objective_id].groups.append((group_id, None if sensitive else name))
    for objective_id, change in session.execute(sa.select(ObjectiveChange.objective_id, Change).join(Change, Change.id == ObjectiveChange.change_id).where(ObjectiveChange.objective_id.in_(ids)).order_by(Change.updated_at.desc())):
        views[objective_id].changes.append(change)
    return list(views.values())


def links(session: Session, objective_id: uuid.UUID) -> tuple[list[str], list[str], list[str]]:
    """The ids linked to an objective, as strings for its form."""
    def ids(model, column):
        return [str(value) for value in session.execute(sa.select(getattr(model, column)).where(model.objective_id == objective_id)).scalars()]

    return ids(ObjectiveCohort, "cohort_id"), ids(ObjectiveGroup, "group_id"), ids(ObjectiveChange, "change_id")


def maturity(session: Session, limit: int = 20) -> list[MaturityAssessment]:
    return list(session.execute(sa.select(MaturityAssessment).order_by(MaturityAssessment.assessed_on.desc(), MaturityAssessment.created_at.desc()).limit(limit)).scalars())


def checks(session: Session, change_id: uuid.UUID) -> list[AssuranceCheck]:
    return list(session.execute(sa.select(AssuranceCheck).where(AssuranceCheck.change_id == change_id).order_by(AssuranceCheck.checked_on.desc())).scalars())


def change_choices(session: Session, limit: int = 200) -> list[tuple[str, str]]:
    return [(str(change_id), title) for change_id, title in session.execute(sa.select(Change.id, Change.title).order_by(Change.updated_at.desc()).limit(limit))]
