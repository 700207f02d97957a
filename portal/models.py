"""Imports every domain's tables, so the metadata (and Alembic) sees the whole schema."""

from portal.accounts.models import (
    Account,
    Consent,
    RoleGrant,
    SignInSession,
    SignInThrottle,
    TwoFactorRecoveryCode,
)
from portal.audit.models import AuditEntry, AuditHead
from portal.caseload.models import ContactRecord, OnBehalf
from portal.claims.models import Claim, Receipt
from portal.plan.models import AssuranceCheck, Cohort, MaturityAssessment, Objective, ObjectiveChange, ObjectiveCohort, ObjectiveGroup
from portal.equality.models import EqualityAnswer, EqualityCohort
from portal.changes.models import Change, ChangeIdea, ChangePrompt, ChangeProposal, ChangeUpdate, ImpactMeasure, PromptAnswer, PromptRespondent
from portal.ideas.models import Idea, IdeaEvent
from portal.proposals.models import BallotReceipt, FormerMemberVote, Proposal, ProposalIdea, ProposalOption, RoomTally, SecretTally, Vote, VoterRoll
from portal.rights.models import RightsRequest
from portal.safeguarding.models import Case, CaseNote, Disclosure, VaultEntry
from portal.search.models import SearchEntry
from portal.content.models import ContentTranslation, GlossaryTerm, GlossaryTranslation
from portal.groups.models import AdjustmentRequest, Group, Invitation, Membership
from portal.meetings.models import Attendance, Meeting, MeetingReply
from portal.notifications.models import Message, NotificationPreference, OutboxItem
from portal.settings.models import ServiceSetting
from portal.site.models import ProblemReport
from portal.web.models import UsedFormToken

__all__ = [
    "Account",
    "Consent",
    "RoleGrant",
    "SignInSession",
    "SignInThrottle",
    "TwoFactorRecoveryCode",
    "AuditEntry",
    "ContactRecord",
    "OnBehalf",
    "Claim",
    "Receipt",
    "Change",
    "ChangeIdea",
    "ChangeProposal",
    "ChangeUpdate",
    "ImpactMeasure",
    "Cohort",
    "EqualityAnswer",
    "EqualityCohort",
    "Objective",
    "ObjectiveCohort",
    "ObjectiveGroup",
    "ObjectiveChange",
    "MaturityAssessment",
    "AssuranceCheck",
    "ChangePrompt",
    "PromptRespondent",
    "PromptAnswer",
    "Idea",
    "Proposal",
    "ProposalOption",
    "ProposalIdea",
    "Vote",
    "VoterRoll",
    "FormerMemberVote",
    "RightsRequest",
    "SecretTally",
    "BallotReceipt",
    "RoomTally",
    "IdeaEvent",
    "Case",
    "CaseNote",
    "Disclosure",
    "VaultEntry",
    "SearchEntry",
    "ContentTranslation",
    "GlossaryTerm",
    "GlossaryTranslation",
    "Attendance",
    "AdjustmentRequest",
    "Group",
    "Invitation",
    "Meeting",
    "MeetingReply",
    "Membership",
    "Message",
    "NotificationPreference",
    "OutboxItem", "AuditHead", "ProblemReport", "ServiceSetting", "UsedFormToken"]
