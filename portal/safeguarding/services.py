"""Every safeguarding write. A disclosure and its case are saved in the caller's transaction,
before anything is sent anywhere; alerts go through the outbox in the same commit, so the case
never depends on an alert being delivered."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta

import sqlalchemy as sa

from flask import current_app
from sqlmodel import Session

from portal.audit import services as audit
from portal.db import utc_now
from portal.notifications.services import notify
from portal.safeguarding import deadlines, queries, vault
from portal.safeguarding.models import (
    Case,
    CaseCategory,
    CaseNote,
    CaseStatus,
    ContactWay,
    Disclosure,
    DutyShift,
    LawfulBasis,
    OutcomesMet,
    RiskAnswer,
    ShareDecision,
    Trigger,
    Urgency,
    VaultEntry,
)
from portal.web.coded import CodedError

#: Risk categories that make a case due the same day when no answer says more.
SAME_DAY_CATEGORIES = frozenset({"danger_now", "self_harm", "child_at_risk", "domestic_abuse", "violence"})
PHONE_MAX = 30


class SafeguardingError(CodedError):
    """A safeguarding step that cannot be taken; `code` says why."""


def working_time() -> deadlines.WorkingTime:
    return deadlines.WorkingTime.from_config(current_app.config)


def urgency_for(answer: RiskAnswer | None, categories: Iterable[str]) -> Urgency:
    """Someone in danger now is immediate; a "yes" or serious risk words the same day; else
    the next working day. A lead can change it when they triage."""
    categories = set(categories)
    if answer == RiskAnswer.danger_now or "danger_now" in categories:
        return Urgency.immediate
    if answer in (RiskAnswer.yes_me, RiskAnswer.yes_someone_else) or categories & SAME_DAY_CATEGORIES:
        return Urgency.same_day
    return Urgency.next_working_day


def open_case(
    session: Session,
    *,
    account_id: uuid.UUID | None,
    text: str,
    language: str,
    trigger: Trigger,
    risk_answer: RiskAnswer | None,
    detected: Iterable[str] = (),
    idea_id: uuid.UUID | None = None,
    on_behalf_id: uuid.UUID | None = None,
    now: datetime | None = None,
) -> Case:
    """Keep the words exactly as written and open a case for them, in the caller's transaction
    (the caller commits). Every lead on duty gets an urgent alert through the outbox."""
    now = now or utc_now()
    detected = sorted(set(detected))
    disclosure = Disclosure(
        account_id=account_id, text=text, language=language, trigger=trigger, risk_answer=risk_answer,
        detected=detected, idea_id=idea_id, on_behalf_id=on_behalf_id, created_at=now,
    )
    session.add(disclosure)
    session.flush()
    urgency = urgency_for(risk_answer, detected)
    case = Case(disclosure_id=disclosure.id, urgency=urgency, due_at=deadlines.due(urgency, now, working_time()), created_at=now)
    session.add(case)
    session.flush()
    session.add(CaseNote(case_id=case.id, kind="opened", text=trigger.value, created_at=now))
    audit.record(session, action="safeguarding.open_case", subject_kind="case", subject=case.id, actor=account_id or "system")
    for lead_id in queries.on_duty_leads(session, now):
        notify(session, recipient_id=lead_id, kind="safeguarding.new_case", link="/cases", now=now)
    return case


def record_answer(session: Session, *, case: Case, account_id: uuid.UUID, answer: RiskAnswer) -> None:
    """The person's own answer, when only the words on the page opened the case. The case
    stays open for a lead to review whatever the answer."""
    if case.confirmed_answer is not None:
        raise SafeguardingError("already_answered")
    case.confirmed_answer = answer
    session.add(CaseNote(case_id=case.id, author_id=account_id, kind="person_answered", text=answer.value))
    if answer == RiskAnswer.danger_now and case.urgency != Urgency.immediate:
        case.urgency = Urgency.immediate
        case.due_at = min(case.due_at, deadlines.due(Urgency.immediate, utc_now(), working_time()))
    audit.record(session, action="safeguarding.person_answered", subject_kind="case", subject=case.id, actor=account_id)
    session.commit()


def set_contact_way(
    session: Session, *, case: Case, account_id: uuid.UUID, way: ContactWay, phone: str = "", name: str = "", detail: str = ""
) -> None:
    """How the person says we may contact them; a phone number, and any name or other detail
    they choose to give, go sealed into the vault."""
    phone = "".join(phone.split())
    if way == ContactWay.phone:
        if not phone or len(phone) > PHONE_MAX or not phone.lstrip("+").isdigit():
            raise SafeguardingError("phone")
        session.add(VaultEntry(account_id=account_id, case_id=case.id, kind="phone", sealed=vault.seal(phone)))
    give_identity(session, case=case, account_id=account_id, name=name, detail=detail)
    case.contact_way = way
    session.add(CaseNote(case_id=case.id, author_id=account_id, kind="contact_way", text=way.value))
    audit.record(session, action="safeguarding.contact_way", subject_kind="case", subject=case.id, actor=account_id)
    session.commit()


def acknowledge(session: Session, *, case: Case, lead_id: uuid.UUID, now: datetime | None = None) -> None:
    """A lead says they have the case: it is theirs, and the next step falls due."""
    if case.status != CaseStatus.new:
        raise SafeguardingError("already_acknowledged")
    now = now or utc_now()
    case.status, case.acknowledged_at, case.assigned_to_id = CaseStatus.acknowledged, now, case.assigned_to_id or lead_id
    session.add(CaseNote(case_id=case.id, author_id=lead_id, kind="acknowledged", created_at=now))
    audit.record(session, action="safeguarding.acknowledge", subject_kind="case", subject=case.id, actor=lead_id)
    session.commit()


def add_note(session: Session, *, case: Case, lead_id: uuid.UUID, text: str) -> None:
    """Add to the case record; nothing written there is ever changed."""
    if not text.strip():
        raise SafeguardingError("empty_note")
    session.add(CaseNote(case_id=case.id, author_id=lead_id, kind="note", text=text.strip()))
    audit.record(session, action="safeguarding.note", subject_kind="case", subject=case.id, actor=lead_id)
    session.commit()


def _step(session: Session, case: Case, *, lead_id: uuid.UUID, kind: str, text: str = "") -> None:
    session.add(CaseNote(case_id=case.id, author_id=lead_id, kind=kind, text=text))
    audit.record(session, action=f"safeguarding.{kind}", subject_kind="case", subject=case.id, actor=lead_id)


def triage(
    session: Session,
    *,
    case: Case,
    lead_id: uuid.UUID,
    category: CaseCategory,
    urgency: Urgency,
    about_adult: bool,
    s42: tuple[bool, bool, bool] | None,
    now: datetime | None = None,
) -> None:
    """Say what kind of harm it is and how urgent; for an adult, record the three s42 criteria."""
    if case.status != CaseStatus.acknowledged:
        raise SafeguardingError("wrong_step")
    if about_adult and s42 is None:
        raise SafeguardingError("s42_needed")
    now = now or utc_now()
    case.category, case.urgency, case.about_adult = category, urgency, about_adult
    case.s42_care_needs, case.s42_experiencing_abuse, case.s42_cannot_protect_self = s42 if about_adult else (None, None, None)
    case.status, case.triaged_at = CaseStatus.triaged, now
    case.due_at = deadlines.due(urgency, now, working_time())
    _step(session, case, lead_id=lead_id, kind="triaged", text=category.value)
    session.commit()


def refer(session: Session, *, case: Case, lead_id: uuid.UUID, to: str, reference: str, now: datetime | None = None) -> None:
    """Record who the case went to (and their reference)."""
    if case.status != CaseStatus.triaged:
        raise SafeguardingError("wrong_step")
    if not to.strip():
        raise SafeguardingError("referred_to_needed")
    case.status, case.referred_to, case.referral_reference, case.decided_at = CaseStatus.referred, to.strip(), reference.strip(), now or utc_now()
    _step(session, case, lead_id=lead_id, kind="referred", text=to.strip())
    session.commit()


def no_further_action(session: Session, *, case: Case, lead_id: uuid.UUID, reason: str, now: datetime | None = None) -> None:
    """No further action, with the reason (always required)."""
    if case.status != CaseStatus.triaged:
        raise SafeguardingError("wrong_step")
    if not reason.strip():
        raise SafeguardingError("reason_needed")
    case.status, case.no_action_reason, case.decided_at = CaseStatus.no_further_action, reason.strip(), now or utc_now()
    _step(session, case, lead_id=lead_id, kind="no_further_action", text=reason.strip())
    session.commit()


def close(session: Session, *, case: Case, lead_id: uuid.UUID, wishes: str, outcomes_met: OutcomesMet, now: datetime | None = None) -> None:
    """Close the case with the person's wishes and whether their outcomes were met."""
    if case.status not in (CaseStatus.referred, CaseStatus.no_further_action):
        raise SafeguardingError("wrong_step")
    if not wishes.strip():
        raise SafeguardingError("wishes_needed")
    case.status, case.wishes, case.outcomes_met, case.closed_at = CaseStatus.closed, wishes.strip(), outcomes_met, now or utc_now()
    _step(session, case, lead_id=lead_id, kind="closed", text=outcomes_met.value)
    session.commit()


def decide_sharing(
    session: Session, *, case: Case, lead_id: uuid.UUID, shared: bool, with_whom: str, reason: str, lawful_basis: LawfulBasis
) -> ShareDecision:
    """Log a decision to share, or not to share, with its reason and lawful basis."""
    if not reason.strip():
        raise SafeguardingError("reason_needed")
    if shared and (not with_whom.strip() or lawful_basis == LawfulBasis.not_shared):
        raise SafeguardingError("share_details_needed")
    decision = ShareDecision(
        case_id=case.id, lead_id=lead_id, shared=shared, with_whom=with_whom.strip() if shared else "",
        reason=reason.strip(), lawful_basis=lawful_basis if shared else LawfulBasis.not_shared,
    )
    session.add(decision)
    _step(session, case, lead_id=lead_id, kind="shared" if shared else "not_shared", text=with_whom.strip())
    session.commit()
    return decision


def escalate_overdue(session: Session, *, now: datetime | None = None) -> int:
    """Send each overdue case to a second lead (on duty if possible) and tell admins how many
    are overdue, never what they are about. Returns how many were escalated."""
    from portal.accounts.models import RoleGrant  # Read here: accounts do not depend on safeguarding.
    from portal.web.permissions import Role

    now = now or utc_now()
    late = queries.overdue(session, now)
    if not late:
        return 0
    on_duty = queries.on_duty_leads(session, now)
    everyone = queries.all_leads(session)
    for case in late:
        others = [lead for lead in on_duty + everyone if lead != case.assigned_to_id]
        second = others[0] if others else None
        case.escalated_at, case.escalated_to_id = now, second
        session.add(CaseNote(case_id=case.id, kind="escalated", created_at=now))
        audit.record(session, action="safeguarding.escalate", subject_kind="case", subject=case.id)
        if second:
            notify(session, recipient_id=second, kind="safeguarding.overdue_case", link=f"/cases/{case.id}", now=now)
    admins = session.execute(sa.select(RoleGrant.account_id).where(RoleGrant.role == Role.admin)).scalars()
    for admin_id in admins:
        notify(session, recipient_id=admin_id, kind="safeguarding.overdue_count", link="", now=now, count=len(late))
    session.commit()
    return len(late)


def add_shift(session: Session, *, lead_id: uuid.UUID, starts_at: datetime, ends_at: datetime, actor_id: uuid.UUID) -> DutyShift:
    """Put a lead on the duty rota."""
    if ends_at <= starts_at:
        raise SafeguardingError("shift_ends_first")
    if ends_at - starts_at > timedelta(days=7):
        raise SafeguardingError("shift_too_long")
    if lead_id not in queries.all_leads(session):
        raise SafeguardingError("not_a_lead")
    shift = DutyShift(lead_id=lead_id, starts_at=starts_at, ends_at=ends_at)
    session.add(shift)
    session.flush()
    audit.record(session, action="safeguarding.add_shift", subject_kind="shift", subject=shift.id, actor=actor_id)
    session.commit()
    return shift


def give_identity(session: Session, *, case: Case, account_id: uuid.UUID, name: str = "", detail: str = "") -> None:
    """Identifying details the person chose to give, sealed into the vault."""
    for kind, value in (("name", name.strip()), ("other", detail.strip())):
        if value:
            if len(value) > 500:
                raise SafeguardingError("too_long")
            session.add(VaultEntry(account_id=account_id, case_id=case.id, kind=kind, sealed=vault.seal(value)))


def break_glass(session: Session, *, case: Case, lead_id: uuid.UUID, reason: str, tell_person: bool) -> list[tuple[VaultEntry, str]]:
    """Open the person's vault entries, with a reason; audited, and the person is told unless
    that would raise the risk."""
    if not reason.strip():
        raise SafeguardingError("reason_needed")
    disclosure = session.get(Disclosure, case.disclosure_id)
    entries = queries.vault_entries(session, disclosure.account_id, case.id)
    session.add(CaseNote(case_id=case.id, author_id=lead_id, kind="identity_opened", text=reason.strip()))
    audit.record(session, action="safeguarding.break_glass", subject_kind="case", subject=case.id, actor=lead_id)
    if tell_person and disclosure.account_id:
        notify(session, recipient_id=disclosure.account_id, kind="safeguarding.identity_opened", link="")
    session.commit()
    return [(entry, vault.open_sealed(entry.sealed)) for entry in entries]


def note_account_deleted(session: Session, *, account_id: uuid.UUID) -> int:
    """Add a line to every case opened from what this person said: their account is being
    deleted, and the record stays (the caller commits). Returns how many cases."""
    case_ids = list(
        session.execute(
            sa.select(Case.id).join(Disclosure, Disclosure.id == Case.disclosure_id).where(Disclosure.account_id == account_id)
        ).scalars()
    )
    for case_id in case_ids:
        session.add(CaseNote(case_id=case_id, kind="account_deleted"))
        audit.record(session, action="safeguarding.account_deleted", subject_kind="case", subject=case_id)
    return len(case_ids)


def reseal_vault(session: Session) -> int:
    """Seal every vault entry with the newest key, audited; returns how many."""
    count = 0
    for entry in session.execute(sa.select(VaultEntry)).scalars():
        entry.sealed = vault.reseal(entry.sealed)
        count += 1
    audit.record(session, action="safeguarding.rotate_vault", subject_kind="vault", subject="all")
    session.commit()
    return count


def assign(session: Session, *, case: Case, lead_id: uuid.UUID, to_id: uuid.UUID) -> None:
    """Give the case to another safeguarding lead, who is told at once."""
    if to_id not in queries.all_leads(session):
        raise SafeguardingError("not_a_lead")
    case.assigned_to_id = to_id
    _step(session, case, lead_id=lead_id, kind="assigned")
    if to_id != lead_id:
        notify(session, recipient_id=to_id, kind="safeguarding.assigned", link=f"/cases/{case.id}")
    session.commit()
