"""The co-production plan: the cohorts it puts first, objectives with their measures (linked to
groups and changes), the organisation's maturity self-assessments, and assurance checks that a
change is really applied."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field

TEXT_MAX = 2000


class CohortKind(enum.StrEnum):
    """Where a cohort comes from."""

    core20plus5 = "core20plus5"
    protected_characteristic = "protected_characteristic"
    inclusion_health = "inclusion_health"
    other = "other"


class Cohort(SQLModel, table=True):
    """A group of people the plan puts first, such as carers or people in the most deprived 20%
    of areas. People may say they belong to one in their equality answers."""

    __tablename__ = "plan_cohort"

    id: uuid.UUID = uuid_field()
    name: str = Field(max_length=160, sa_column_kwargs={"unique": True})
    kind: CohortKind = Field(sa_type=sa.Enum(CohortKind, name="cohort_kind"))
    description: str = Field(default="", max_length=1000)
    active: bool = True
    created_at: datetime = timestamp_field()


class ObjectiveStatus(enum.StrEnum):
    active = "active"
    achieved = "achieved"
    stopped = "stopped"


class Objective(SQLModel, table=True):
    """What the plan sets out to do about an inequality, for which cohorts, measured how."""

    __tablename__ = "plan_objective"

    id: uuid.UUID = uuid_field()
    title: str = Field(max_length=160)
    description: str = Field(default="", max_length=TEXT_MAX)
    #: How progress is measured, one measure per line (for example "Missed first appointments
    #: for carers, from 18% to 10%").
    measures: str = Field(default="", max_length=TEXT_MAX)
    status: ObjectiveStatus = Field(default=ObjectiveStatus.active, sa_type=sa.Enum(ObjectiveStatus, name="objective_status"))
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ObjectiveCohort(SQLModel, table=True):
    __tablename__ = "plan_objective_cohort"

    objective_id: uuid.UUID = Field(foreign_key="plan_objective.id", primary_key=True, ondelete="CASCADE")
    cohort_id: uuid.UUID = Field(foreign_key="plan_cohort.id", primary_key=True, ondelete="CASCADE", index=True)


class ObjectiveGroup(SQLModel, table=True):
    __tablename__ = "plan_objective_group"

    objective_id: uuid.UUID = Field(foreign_key="plan_objective.id", primary_key=True, ondelete="CASCADE")
    group_id: uuid.UUID = Field(foreign_key="co_group.id", primary_key=True, ondelete="CASCADE", index=True)


class ObjectiveChange(SQLModel, table=True):
    __tablename__ = "plan_objective_change"

    objective_id: uuid.UUID = Field(foreign_key="plan_objective.id", primary_key=True, ondelete="CASCADE")
    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE", index=True)


class MaturityAssessment(SQLModel, table=True):
    """The organisation's own view of where it stands, on a date, with its evidence."""

    __tablename__ = "plan_maturity"

    id: uuid.UUID = uuid_field()
    assessed_on: date = Field(index=True)
    #: A stage's key from the configured stages (MATURITY_STAGES).
    stage: str = Field(max_length=60)
    evidence: str = Field(default="", max_length=TEXT_MAX)
    next_steps: str = Field(default="", max_length=TEXT_MAX)
    recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()


class CheckMethod(enum.StrEnum):
    """How a change was checked in practice."""

    record_sampling = "record_sampling"
    mystery_shopper = "mystery_shopper"
    supervision_themes = "supervision_themes"
    other = "other"


class Consistency(enum.StrEnum):
    """Whether the change was found applied every time."""

    consistent = "consistent"
    partly = "partly"
    not_applied = "not_applied"


class AssuranceCheck(SQLModel, table=True):
    """A check that a change is applied consistently: what was looked at, how, what was found."""

    __tablename__ = "assurance_check"

    id: uuid.UUID = uuid_field()
    change_id: uuid.UUID = Field(foreign_key="service_change.id", ondelete="CASCADE", index=True)
    checked_on: date
    method: CheckMethod = Field(sa_type=sa.Enum(CheckMethod, name="check_method"))
    #: How many records, calls or visits were looked at (None: not a sample).
    sample_size: int | None = Field(default=None, ge=1, le=100_000)
    findings: str = Field(max_length=TEXT_MAX)
    consistency: Consistency = Field(sa_type=sa.Enum(Consistency, name="check_consistency"))
    recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
