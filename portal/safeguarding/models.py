"""Disclosures (kept exactly as written, never published), the cases that handle them, their
append-only notes, and the encrypted identity vault."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import attributes
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field

TEXT_MAX = 4000
NOTE_MAX = 2000


class RiskAnswer(enum.StrEnum):
    """The answer to "Is anyone in danger or at risk of harm?"."""

    no = "no"
    danger_now = "danger_now"
    yes_me = "yes_me"
    yes_someone_else = "yes_someone_else"
    not_sure = "not_sure"


class Trigger(enum.StrEnum):
    """What opened the case."""

    answer = "answer"
    lexicon = "lexicon"
    moderator = "moderator"
    worried = "worried"


class CaseStatus(enum.StrEnum):
    new = "new"
    acknowledged = "acknowledged"
    triaged = "triaged"
    referred = "referred"
    no_further_action = "no_further_action"
    closed = "closed"


class Urgency(enum.StrEnum):
    """How fast a lead must act: immediate runs on clock time, day and night; the others on
    working hours."""

    immediate = "immediate"
    same_day = "same_day"
    next_working_day = "next_working_day"


class CaseCategory(enum.StrEnum):
    """The ten Care Act 2014 categories of abuse and neglect, and the others leads use."""

    physical = "physical"
    domestic_abuse = "domestic_abuse"
    sexual = "sexual"
    psychological = "psychological"
    financial = "financial"
    modern_slavery = "modern_slavery"
    discriminatory = "discriminatory"
    organisational = "organisational"
    neglect = "neglect"
    self_neglect = "self_neglect"
    self_harm_or_suicide = "self_harm_or_suicide"
    child_at_risk = "child_at_risk"
    other = "other"


class OutcomesMet(enum.StrEnum):
    """Making Safeguarding Personal: were the person's desired outcomes met?"""

    fully = "fully"
    partly = "partly"
    not_met = "not_met"
    not_asked = "not_asked"


class LawfulBasis(enum.StrEnum):
    """The lawful basis recorded with each decision to share, or not to share."""

    consent = "consent"
    vital_interests = "vital_interests"
    safeguarding_individuals = "safeguarding_individuals"
    legal_obligation = "legal_obligation"
    public_task = "public_task"
    not_shared = "not_shared"


class ContactWay(enum.StrEnum):
    """How the person said they may be contacted about what they told us."""

    inbox = "inbox"
    phone = "phone"
    connector = "connector"
    none = "none"


class Disclosure(SQLModel, table=True):
    """What a person told us, stored exactly as written and never changed, published or listed."""

    __tablename__ = "disclosure"

    id: uuid.UUID = uuid_field()
    #: Who wrote it (kept when the account goes, as the law asks safeguarding records to be).
    account_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    text: str = Field(default="", max_length=TEXT_MAX)
    #: The language the portal was shown in when it was written.
    language: str = Field(max_length=8)
    trigger: Trigger = Field(sa_type=sa.Enum(Trigger, name="disclosure_trigger"))
    #: Their answer on the form, if they gave one.
    risk_answer: RiskAnswer | None = Field(default=None, sa_type=sa.Enum(RiskAnswer, name="risk_answer"))
    #: Categories of risk language found in the text.
    detected: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    #: The idea it came with, held back from moderation while the case is open.
    idea_id: uuid.UUID | None = Field(default=None, foreign_key="idea.id", ondelete="SET NULL")
    #: Set when a community connector wrote it down for the person.
    on_behalf_id: uuid.UUID | None = Field(default=None, foreign_key="on_behalf.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()


class DisclosureIsUnchangeable(Exception):
    """Raised when code tries to change the words of a disclosure or delete one."""


@event.listens_for(Disclosure, "before_update")
def _keep_words(_mapper, _connection, target: Disclosure) -> None:
    for name in ("text", "language", "trigger", "risk_answer", "detected", "created_at"):
        if attributes.get_history(target, name).has_changes():
            raise DisclosureIsUnchangeable(f"a disclosure's {name} cannot be changed")


@event.listens_for(Disclosure, "before_delete")
def _keep_disclosure(_mapper, _connection, _target) -> None:
    raise DisclosureIsUnchangeable("disclosures cannot be deleted")


class Case(SQLModel, table=True):
    """The safeguarding case that handles one disclosure."""

    __tablename__ = "safeguarding_case"
    __table_args__ = (sa.Index("ix_safeguarding_case_open_due", "closed_at", "due_at"),)

    id: uuid.UUID = uuid_field()
    disclosure_id: uuid.UUID = Field(foreign_key="disclosure.id", unique=True)
    status: CaseStatus = Field(default=CaseStatus.new, sa_type=sa.Enum(CaseStatus, name="case_status"))
    urgency: Urgency = Field(sa_type=sa.Enum(Urgency, name="case_urgency"))
    #: When the next step is due (acknowledgement, then triage); overdue cases come first.
    due_at: datetime = Field(sa_type=AwareDateTime())
    assigned_to_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    #: The person's own answer when only the words on the page opened the case.
    confirmed_answer: RiskAnswer | None = Field(default=None, sa_type=sa.Enum(RiskAnswer, name="risk_answer"))
    contact_way: ContactWay | None = Field(default=None, sa_type=sa.Enum(ContactWay, name="contact_way"))
    category: CaseCategory | None = Field(default=None, sa_type=sa.Enum(CaseCategory, name="case_category"))
    #: For an adult: the three Care Act s42 criteria, as the lead judged them at triage.
    about_adult: bool | None = None
    s42_care_needs: bool | None = None
    s42_experiencing_abuse: bool | None = None
    s42_cannot_protect_self: bool | None = None
    referred_to: str = Field(default="", max_length=200)
    referral_reference: str = Field(default="", max_length=100)
    no_action_reason: str = Field(default="", max_length=1000)
    #: Making Safeguarding Personal: what the person wanted, and whether it happened.
    wishes: str = Field(default="", max_length=1000)
    outcomes_met: OutcomesMet | None = Field(default=None, sa_type=sa.Enum(OutcomesMet, name="outcomes_met"))
    #: The second lead an overdue case went to.
    escalated_to_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    created_at: datetime = timestamp_field()
    acknowledged_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    triaged_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    decided_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    escalated_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    closed_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class CaseNote(SQLModel, table=True):
    """One line in a case's record: a note, a step, or a decision. Never changed or deleted."""

    __tablename__ = "case_note"

    id: uuid.UUID = uuid_field()
    case_id: uuid.UUID = Field(foreign_key="safeguarding_case.id", index=True)
    author_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    #: "note", or the step taken ("acknowledged", "person_answered", "contact_way" …).
    kind: str = Field(max_length=32)
    text: str = Field(default="", max_length=NOTE_MAX)
    created_at: datetime = timestamp_field()


@event.listens_for(CaseNote, "before_update")
@event.listens_for(CaseNote, "before_delete")
def _keep_notes(_mapper, _connection, _target) -> None:
    raise DisclosureIsUnchangeable("case notes are append-only")


class VaultEntry(SQLModel, table=True):
    """An identifying detail a person chose to give for safeguarding (a phone number, a name),
    encrypted; only a safeguarding lead can open it, with a reason, and every opening is audited."""

    __tablename__ = "vault_entry"

    id: uuid.UUID = uuid_field()
    account_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)
    case_id: uuid.UUID | None = Field(default=None, foreign_key="safeguarding_case.id", index=True)
    #: What it is: "phone", "name", "address", "other".
    kind: str = Field(max_length=16)
    #: Fernet token of the detail.
    sealed: str = Field(max_length=2000)
    created_at: datetime = timestamp_field()


class ShareDecision(SQLModel, table=True):
    """A decision to share what the person said with another service, or not to: who with,
    why, and on what lawful basis. Never changed."""

    __tablename__ = "share_decision"

    id: uuid.UUID = uuid_field()
    case_id: uuid.UUID = Field(foreign_key="safeguarding_case.id", index=True)
    lead_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    shared: bool
    with_whom: str = Field(default="", max_length=200)
    reason: str = Field(max_length=1000)
    lawful_basis: LawfulBasis = Field(sa_type=sa.Enum(LawfulBasis, name="lawful_basis"))
    created_at: datetime = timestamp_field()


@event.listens_for(ShareDecision, "before_update")
@event.listens_for(ShareDecision, "before_delete")
def _keep_decisions(_mapper, _connection, _target) -> None:
    raise DisclosureIsUnchangeable("share decisions are never changed")


class DutyShift(SQLModel, table=True):
    """When a safeguarding lead is on duty; new cases alert the leads on duty (all leads when
    nobody is)."""

    __tablename__ = "duty_shift"
    __table_args__ = (sa.Index("ix_duty_shift_times", "starts_at", "ends_at"),)

    id: uuid.UUID = uuid_field()
    lead_id: uuid.UUID = Field(foreign_key="account.id", ondelete="CASCADE", index=True)
    starts_at: datetime = Field(sa_type=AwareDateTime())
    ends_at: datetime = Field(sa_type=AwareDateTime())
