"""Read-only selects for safeguarding leads: the queue, one case, who is on duty."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from portal.accounts.models import Account, RoleGrant
from portal.db import utc_now
from portal.safeguarding.models import Case, CaseNote, Disclosure, DutyShift, ShareDecision, VaultEntry
from portal.web.permissions import Role


def all_leads(session: Session) -> list[uuid.UUID]:
    return list(session.execute(sa.select(RoleGrant.account_id).where(RoleGrant.role == Role.safeguarding_lead)).scalars())


def on_duty_leads(session: Session, now: datetime | None = None) -> list[uuid.UUID]:
    """The safeguarding leads on duty now; every lead when the rota has nobody, so an alert
    always reaches someone."""
    now = now or utc_now()
    on_duty = list(
        session.execute(
            sa.select(DutyShift.lead_id)
            .distinct()
            .join(RoleGrant, sa.and_(RoleGrant.account_id == DutyShift.lead_id, RoleGrant.role == Role.safeguarding_lead))
            .where(DutyShift.starts_at <= now, DutyShift.ends_at > now)
        ).scalars()
    )
    return on_duty or all_leads(session)


def shifts(session: Session, *, since: datetime, limit: int = 100) -> list[tuple[DutyShift, str]]:
    """The rota from `since` on, soonest first."""
    return [
        tuple(row)
        for row in session.execute(
            sa.select(DutyShift, Account.pseudonym).join(Account, Account.id == DutyShift.lead_id).where(DutyShift.ends_at > since).order_by(DutyShift.starts_at).limit(limit)
        ).all()
    ]


def lead_names(session: Session) -> list[tuple[uuid.UUID, str]]:
    return [
        tuple(row)
        for row in session.execute(
            sa.select(Account.id, Account.pseudonym).join(RoleGrant, RoleGrant.account_id == Account.id).where(RoleGrant.role == Role.safeguarding_lead).order_by(Account.pseudonym)
        ).all()
    ]


def overdue(session: Session, now: datetime) -> list[Case]:
    """Open cases past their due time that have not yet gone to a second lead."""
    return list(session.execute(sa.select(Case).where(Case.closed_at.is_(None), Case.escalated_at.is_(None), Case.due_at < now)).scalars())


def share_decisions(session: Session, case_id: uuid.UUID) -> list[tuple[ShareDecision, str | None]]:
    return [
        tuple(row)
        for row in session.execute(
            sa.select(ShareDecision, Account.pseudonym).outerjoin(Account, Account.id == ShareDecision.lead_id).where(ShareDecision.case_id == case_id).order_by(ShareDecision.created_at)
        ).all()
    ]


def _vault_of(account_id: uuid.UUID | None, case_id: uuid.UUID | None) -> sa.ColumnElement[bool]:
    """The person's entries while their account exists, and always the ones given for this
    case (an account can be deleted; the safeguarding record, vault included, is kept)."""
    return sa.or_(
        VaultEntry.account_id == account_id if account_id is not None else sa.false(),
        VaultEntry.case_id == case_id if case_id is not None else sa.false(),
    )


def vault_entries(session: Session, account_id: uuid.UUID | None, case_id: uuid.UUID | None = None) -> list[VaultEntry]:
    if account_id is None and case_id is None:
        return []
    return list(session.execute(sa.select(VaultEntry).where(_vault_of(account_id, case_id)).order_by(VaultEntry.created_at)).scalars())


def has_vault_entries(session: Session, account_id: uuid.UUID | None, case_id: uuid.UUID | None = None) -> bool:
    if account_id is None and case_id is None:
        return False
    return session.execute(sa.select(sa.func.count()).select_from(VaultEntry).where(_vault_of(account_id, case_id))).scalar_one() > 0


@dataclass(frozen=True)
class QueueRow:
    case: Case
    #: The pseudonym of who wrote it (None when the account has gone).
    pseudonym: str | None
    overdue: bool


def open_cases(session: Session, *, page: int, per_page: int, now: datetime | None = None) -> tuple[list[QueueRow], bool]:
    """Open cases, the most overdue first."""
    now = now or utc_now()
    rows = session.execute(
        sa.select(Case, Account.pseudonym)
        .join(Disclosure, Disclosure.id == Case.disclosure_id)
        .outerjoin(Account, Account.id == Disclosure.account_id)
        .where(Case.closed_at.is_(None))
        .order_by(Case.due_at, Case.id)
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return [QueueRow(case, pseudonym, case.due_at < now) for case, pseudonym in rows[:per_page]], len(rows) > per_page


def open_count(session: Session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(Case).where(Case.closed_at.is_(None))).scalar_one()


def case_for_idea(session: Session, idea_id: uuid.UUID) -> Case | None:
    return session.execute(
        sa.select(Case).join(Disclosure, Disclosure.id == Case.disclosure_id).where(Disclosure.idea_id == idea_id)
    ).scalars().first()


def notes(session: Session, case_id: uuid.UUID) -> list[tuple[CaseNote, str | None]]:
    return [
        tuple(row)
        for row in session.execute(
            sa.select(CaseNote, Account.pseudonym).outerjoin(Account, Account.id == CaseNote.author_id).where(CaseNote.case_id == case_id).order_by(CaseNote.created_at)
        ).all()
    ]


def idea_held(session: Session, idea_id: uuid.UUID | None) -> bool:
    """Whether the idea a disclosure came with is still held back."""
    from portal.ideas.models import Idea, IdeaStatus  # Ideas call safeguarding, so not at import time.

    if idea_id is None:
        return False
    return session.execute(sa.select(Idea.status).where(Idea.id == idea_id)).scalar() == IdeaStatus.held
