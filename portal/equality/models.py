"""Equality monitoring answers: optional, self-reported, stored as codes, kept apart from every
other table.

Only this package and the evidence pack may read these tables, and only as counts
(`portal.equality.queries`). A missing answer (NULL, or no row at all) means "not answered",
which is different from the "prefer not to say" code.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

from sqlmodel import Field, SQLModel

from portal.db import timestamp_field

#: The code for "Prefer not to say", the same in every question.
PREFER_NOT_TO_SAY = "prefer_not_to_say"
#: The key counts use for people who did not answer (never stored).
NOT_ANSWERED = "not_answered"
#: Longest code a column holds.
CODE_MAX = 40


class Question(enum.StrEnum):
    """The questions, named as their columns."""

    ethnicity = "ethnicity"
    age_band = "age_band"
    sex = "sex"
    gender_identity = "gender_identity"
    disability = "disability"
    religion = "religion"
    sexual_orientation = "sexual_orientation"
    carer = "carer"


class Ethnicity(enum.StrEnum):
    """The 19 ethnic groups of the 2021 Census for England and Wales, by their five headings."""

    asian_bangladeshi = "asian_bangladeshi"
    asian_chinese = "asian_chinese"
    asian_indian = "asian_indian"
    asian_pakistani = "asian_pakistani"
    asian_other = "asian_other"
    black_african = "black_african"
    black_caribbean = "black_caribbean"
    black_other = "black_other"
    mixed_white_asian = "mixed_white_asian"
    mixed_white_black_african = "mixed_white_black_african"
    mixed_white_black_caribbean = "mixed_white_black_caribbean"
    mixed_other = "mixed_other"
    white_british = "white_british"
    white_irish = "white_irish"
    white_gypsy_or_irish_traveller = "white_gypsy_or_irish_traveller"
    white_roma = "white_roma"
    white_other = "white_other"
    other_arab = "other_arab"
    other_any = "other_any"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class AgeBand(enum.StrEnum):
    age_16_17 = "16_17"
    age_18_24 = "18_24"
    age_25_34 = "25_34"
    age_35_44 = "35_44"
    age_45_54 = "45_54"
    age_55_64 = "55_64"
    age_65_74 = "65_74"
    age_75_plus = "75_plus"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class Sex(enum.StrEnum):
    female = "female"
    male = "male"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class GenderIdentity(enum.StrEnum):
    """Whether the gender a person identifies with is the same as their sex registered at birth."""

    same = "same"
    different = "different"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class Disability(enum.StrEnum):
    """Whether day-to-day activities are limited by a long-term health problem or disability."""

    limited_a_lot = "limited_a_lot"
    limited_a_little = "limited_a_little"
    not_limited = "not_limited"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class Religion(enum.StrEnum):
    no_religion = "no_religion"
    christian = "christian"
    buddhist = "buddhist"
    hindu = "hindu"
    jewish = "jewish"
    muslim = "muslim"
    sikh = "sikh"
    other_religion = "other_religion"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class SexualOrientation(enum.StrEnum):
    straight = "straight"
    gay_or_lesbian = "gay_or_lesbian"
    bisexual = "bisexual"
    other = "other"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class Carer(enum.StrEnum):
    """Whether the person looks after someone with a long-term condition, illness or old age."""

    yes = "yes"
    no = "no"
    prefer_not_to_say = PREFER_NOT_TO_SAY


class CohortAnswer(enum.StrEnum):
    """The answer to "Do any of these describe you?" about the plan's cohorts. `chosen`: the
    cohorts are the person's rows in `equality_cohort`."""

    chosen = "chosen"
    none_of_these = "none_of_these"
    prefer_not_to_say = PREFER_NOT_TO_SAY


#: Each question's answer codes, in the order they are asked.
CODES: dict[Question, type[enum.StrEnum]] = {
    Question.ethnicity: Ethnicity,
    Question.age_band: AgeBand,
    Question.sex: Sex,
    Question.gender_identity: GenderIdentity,
    Question.disability: Disability,
    Question.religion: Religion,
    Question.sexual_orientation: SexualOrientation,
    Question.carer: Carer,
}


class EqualityAnswer(SQLModel, table=True):
    """One person's answers, one code (or NULL: not answered) per question.

    Codes are short strings checked against the enums in Python, so a change to the ONS lists
    needs no database type change.
    """

    __tablename__ = "equality_answer"

    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    #: An `Ethnicity` code.
    ethnicity: str | None = Field(default=None, max_length=CODE_MAX)
    #: An `AgeBand` code.
    age_band: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `Sex` code.
    sex: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `GenderIdentity` code.
    gender_identity: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `Disability` code.
    disability: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `Religion` code.
    religion: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `SexualOrientation` code.
    sexual_orientation: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `Carer` code.
    carer: str | None = Field(default=None, max_length=CODE_MAX)
    #: A `CohortAnswer` code.
    cohorts: str | None = Field(default=None, max_length=CODE_MAX)
    #: When the person last saved their answers.
    answered_at: datetime = timestamp_field()


class EqualityCohort(SQLModel, table=True):
    """A plan cohort a person said describes them. Goes when their answers go (withdrawn, or the
    account deleted) and when the cohort is deleted."""

    __tablename__ = "equality_cohort"

    account_id: uuid.UUID = Field(foreign_key="equality_answer.account_id", primary_key=True, ondelete="CASCADE")
    cohort_id: uuid.UUID = Field(foreign_key="plan_cohort.id", primary_key=True, ondelete="CASCADE", index=True)
