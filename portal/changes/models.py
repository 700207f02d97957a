""""You said, we did": what the service changed because of what people said, and where each
change is up to."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field
from portal.groups.models import Touchpoint

TEXT_MAX = 4000


class ChangeKind(enum.StrEnum):
    """What kind of thing the service changed."""

    pathway_rule = "pathway_rule"
    triage_criteria = "triage_criteria"
    appointment_model = "appointment_model"
    communication_standard = "communication_standard"
    information_material = "information_material"
    training = "training"
    venue_or_outreach = "venue_or_outreach"
    safeguarding_follow_up = "safeguarding_follow_up"
    discharge_practice = "discharge_practice"
    other = "other"


class ChangeStatus(enum.StrEnum):
    """Where a change is up to. "Not taken forward" always carries its reason."""

    considering = "considering"
    agreed = "agreed"
    in_progress = "in_progress"
    done = "done"
    not_taken_forward = "not_taken_forward"


class Change(SQLModel, table=True):
    """A change the service made, or decided not to make, because of what people said."""

    __tablename__ = "service_change"
    __table_args__ = (sa.Index("ix_service_change_status_updated", "status", "updated_at"),)

    id: uuid.UUID = uuid_field()
    title: str = Field(max_length=160)
    #: What people said, in a few sentences.
    said: str = Field(max_length=TEXT_MAX)
    #: What the service did (or will do).
    did: str = Field(default="", max_length=TEXT_MAX)
    kind: ChangeKind = Field(sa_type=sa.Enum(ChangeKind, name="change_kind"))
    touchpoint: Touchpoint = Field(default=Touchpoint.other, sa_type=sa.Enum(Touchpoint, name="touchpoint"))
    status: ChangeStatus = Field(default=ChangeStatus.considering, sa_type=sa.Enum(ChangeStatus, name="change_status"))
    #: Why it was not taken forward (required then), or anything else about the status.
    status_reason: str = Field(default="", max_length=1000)
    owner_team: str = Field(max_length=160)
    group_id: uuid.UUID | None = Field(default=None, foreign_key="co_group.id", ondelete="SET NULL", index=True)
    review_on: date | None = None
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class ChangeIdea(SQLModel, table=True):
    __tablename__ = "change_idea"

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    idea_id: uuid.UUID = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE", index=True)


class ChangeProposal(SQLModel, table=True):
    __tablename__ = "change_proposal"

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    proposal_id: uuid.UUID = Field(foreign_key="proposal.id", primary_key=True, ondelete="CASCADE", index=True)


class ChangeUpdate(SQLModel, table=True):
    """A dated step: a status change or a progress note."""

    __tablename__ = "change_update"

    id: uuid.UUID = uuid_field()
    change_id: uuid.UUID = Field(foreign_key="service_change.id", ondelete="CASCADE", index=True)
    status: ChangeStatus = Field(sa_type=sa.Enum(ChangeStatus, name="change_status"))
    note: str = Field(default="", max_length=1000)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()


class Unit(enum.StrEnum):
    """What an impact figure is measured in."""

    percent = "percent"
    count = "count"
    days = "days"
    per_thousand = "per_thousand"


class Better(enum.StrEnum):
    """Which way is better for an impact figure."""

    higher = "higher"
    lower = "lower"


class ImpactMeasure(SQLModel, table=True):
    """A figure showing what difference a change made: baseline, latest and target, for a cohort."""

    __tablename__ = "impact_measure"

    id: uuid.UUID = uuid_field()
    change_id: uuid.UUID = Field(foreign_key="service_change.id", ondelete="CASCADE", index=True)
    #: What is measured, such as "did-not-attend rate".
    measure: str = Field(max_length=160)
    unit: Unit = Field(sa_type=sa.Enum(Unit, name="impact_unit"))
    #: Who it is measured for, such as "carers" or "people reporting past trauma".
    cohort: str = Field(default="", max_length=160)
    baseline: float
    baseline_from: date
    baseline_to: date
    latest: float
    latest_from: date
    latest_to: date
    target: float | None = None
    better: Better = Field(sa_type=sa.Enum(Better, name="impact_better"))
    created_at: datetime = timestamp_field()


class Question(enum.StrEnum):
    """The questions a change can ask the people it concerns. Each is written once and
    translated with the rest of the portal, so it reads the same in every language."""

    clear_next = "clear_next"
    listened = "listened"
    easier = "easier"
    own_language = "own_language"
    reach = "reach"
    respect = "respect"
    safe = "safe"
    would_return = "would_return"


class Answer(enum.StrEnum):
    """A one-tap answer."""

    yes = "yes"
    partly = "partly"
    no = "no"


#: A prompt asks at most this many questions, so it takes a moment to answer.
MOST_QUESTIONS = 3


class ChangePrompt(SQLModel, table=True):
    """A question a change asks the people it concerns."""

    __tablename__ = "change_prompt"

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    question: Question = Field(primary_key=True, sa_type=sa.Enum(Question, name="prompt_question"))
    position: int = 0


class PromptRespondent(SQLModel, table=True):
    """Someone who answered a change's prompt, and the cohort they said they belong to (if any)."""

    __tablename__ = "prompt_respondent"

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    #: One of the change's impact-figure cohorts, or "" when they did not say.
    cohort: str = Field(default="", max_length=160)
    created_at: datetime = timestamp_field()


class PromptAnswer(SQLModel, table=True):
    """One person's answer to one question; answering again replaces it."""

    __tablename__ = "prompt_answer"

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    question: Question = Field(primary_key=True, sa_type=sa.Enum(Question, name="prompt_question"))
    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE", index=True)
    answer: Answer = Field(sa_type=sa.Enum(Answer, name="prompt_answer_value"))
    answered_at: datetime = timestamp_field()


class FormerPromptAnswer(SQLModel, table=True):
    """Answers of people who have since deleted their accounts, kept only as a count per
    question, cohort and answer, so that what people told us reads the same afterwards."""

    __tablename__ = "former_prompt_answer"
    __table_args__ = {"sqlite_with_rowid": False}

    change_id: uuid.UUID = Field(foreign_key="service_change.id", primary_key=True, ondelete="CASCADE")
    question: Question = Field(primary_key=True, sa_type=sa.Enum(Question, name="prompt_question"))
    #: The cohort they gave, or "" when they gave none.
    cohort: str = Field(default="", max_length=160, primary_key=True)
    answer: Answer = Field(primary_key=True, sa_type=sa.Enum(Answer, name="prompt_answer_value"))
    count: int = 0
