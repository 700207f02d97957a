"""Human translations of what groups and meetings say, and the agreed-terms glossary."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import timestamp_field, uuid_field

#: Longest translated text: the longest original any translatable field can hold.
TRANSLATION_MAX = 4000
TERM_MAX = 80
DEFINITION_MAX = 500


class SubjectKind(enum.StrEnum):
    """What a translation belongs to."""

    group = "group"
    meeting = "meeting"
    proposal = "proposal"
    change = "change"


#: The table each kind of subject lives in.
SUBJECT_TABLES = {
    "co_group": SubjectKind.group,
    "meeting": SubjectKind.meeting,
    "proposal": SubjectKind.proposal,
    "service_change": SubjectKind.change,
}

#: What can be translated, with the longest text each field holds: the original's limit
#: (written out, not imported, so groups and meetings can use this package; a test checks them).
TRANSLATABLE: dict[SubjectKind, dict[str, int]] = {
    SubjectKind.group: {
        "name": 120,
        "pathway": 120,
        **dict.fromkeys(("description", "who_runs_it", "what_happens", "how_information_is_used", "adjustments", "easy_read"), 2000),
    },
    SubjectKind.meeting: {"venue": 200, "address": 300, "languages": 200, "notes": 1000},
    SubjectKind.proposal: {"title": 160, "summary": 1000, "detail": 4000, "easy_read": 4000},
    SubjectKind.change: {"title": 160, "said": 4000, "did": 4000},
}


class ContentTranslation(SQLModel, table=True):
    """One field of one group or meeting, translated by a person into one language.

    The original is always the English text on the group or meeting itself; a translation
    with an empty text is never stored (removing the text removes the row).
    """

    __tablename__ = "content_translation"

    subject_kind: SubjectKind = Field(sa_type=sa.Enum(SubjectKind, name="content_subject_kind"), primary_key=True)
    #: The group's or meeting's id (no foreign key: it points at either table).
    subject_id: uuid.UUID = Field(primary_key=True)
    #: A portal language code, never "en" (English is the original).
    language: str = Field(max_length=8, primary_key=True)
    #: The translated field's name on the group or meeting, e.g. "description".
    field: str = Field(max_length=40, primary_key=True)
    text: str = Field(min_length=1, max_length=TRANSLATION_MAX)
    #: A digest of the original when this was translated, to tell when the original changed.
    source_digest: str = Field(max_length=16)
    translated_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    updated_at: datetime = timestamp_field()


class GlossaryTermBase(SQLModel):
    """A term and what it means in plain words, in any one language."""

    term: str = Field(min_length=1, max_length=TERM_MAX)
    definition: str = Field(min_length=1, max_length=DEFINITION_MAX)


class GlossaryTermCreate(GlossaryTermBase):
    """A term (or its translation) as submitted, validated before it becomes a row."""


class GlossaryTerm(GlossaryTermBase, table=True):
    """An agreed term, in English, with what it means in plain words."""

    __tablename__ = "glossary_term"

    id: uuid.UUID = uuid_field()
    #: The term folded to a web-address part ("co-production"); anchors link to `term-<slug>`.
    slug: str = Field(max_length=TERM_MAX, unique=True)
    created_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    updated_at: datetime = timestamp_field()


class GlossaryTranslation(GlossaryTermBase, table=True):
    """The agreed term and its plain-words meaning in one other language."""

    __tablename__ = "glossary_translation"

    term_id: uuid.UUID = Field(foreign_key="glossary_term.id", primary_key=True, ondelete="CASCADE")
    language: str = Field(max_length=8, primary_key=True)
    translated_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    updated_at: datetime = timestamp_field()
