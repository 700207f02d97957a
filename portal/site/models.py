"""Problems people report with the portal itself (accessibility, translation, other)."""

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field

DESCRIPTION_MAX = 2000
PAGE_MAX = 200


class ProblemKind(enum.StrEnum):
    """What sort of problem was reported."""

    accessibility = "accessibility"
    translation = "translation"
    other = "other"


class ProblemStatus(enum.StrEnum):
    """Where a report is in its handling."""

    new = "new"
    in_hand = "in_hand"
    fixed = "fixed"
    wont_fix = "wont_fix"


class ProblemReportBase(SQLModel):
    """The fields a person fills in."""

    kind: ProblemKind = Field(sa_type=sa.Enum(ProblemKind, name="problem_kind"))
    #: Which page, in the person's words or as a path.
    page: str = Field(default="", max_length=PAGE_MAX)
    description: str = Field(min_length=1, max_length=DESCRIPTION_MAX)
    #: The UI language the person was using.
    language: str = Field(max_length=8)


class ProblemReport(ProblemReportBase, table=True):
    """A stored report; it names no account, so reporting stays anonymous."""

    __tablename__ = "problem_report"

    id: uuid.UUID = uuid_field()
    status: ProblemStatus = Field(
        default=ProblemStatus.new, sa_type=sa.Enum(ProblemStatus, name="problem_status")
    )
    created_at: datetime = timestamp_field(index=True)


class ProblemReportCreate(ProblemReportBase):
    """A report as submitted, validated before it becomes a row."""
