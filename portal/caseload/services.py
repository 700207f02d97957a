"""Writing quick contact records."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session, select

from portal.accounts.models import Account, Consent, ConsentKind
from portal.audit import services as audit
from portal.caseload.models import ContactKind, ContactRecord, OnBehalf
from portal.web.coded import CodedError


class CaseloadError(CodedError):
    """A contact record or act on someone's behalf that cannot be done; `code` says why."""


def record_contact(
    session: Session,
    *,
    connector_id: uuid.UUID,
    person_id: uuid.UUID,
    contact_date: date,
    kind: ContactKind,
    venue: str,
    support_given: str,
    follow_up_needed: bool,
    follow_up: str,
    today: date,
) -> ContactRecord:
    """Save a contact with someone this connector supports (not a future date)."""
    person = session.get(Account, person_id)
    if person is None or person.supported_by_id != connector_id:
        raise CaseloadError("not_yours")
    if contact_date > today:
        raise CaseloadError("future")
    record = ContactRecord(
        person_id=person_id,
        connector_id=connector_id,
        contact_date=contact_date,
        kind=kind,
        venue=venue,
        support_given=support_given,
        follow_up_needed=follow_up_needed,
        follow_up=follow_up if follow_up_needed else "",
    )
    session.add(record)
    audit.record(session, action="caseload.record_contact", subject_kind="account", subject=person_id, actor=connector_id)
    session.commit()
    return record


def may_act_for(session: Session, *, connector_id: uuid.UUID, person_id: uuid.UUID) -> Consent | None:
    """The person's consent to this connector acting for them, if it stands (the connector
    must be the one who supports them)."""
    person = session.get(Account, person_id)
    if person is None or person.supported_by_id != connector_id:
        return None
    return session.exec(
        select(Consent)
        .where(Consent.account_id == person_id, Consent.kind == ConsentKind.act_on_behalf, Consent.withdrawn_at.is_(None))
        .order_by(Consent.given_at.desc())
    ).first()


def act_on_behalf(session: Session, *, connector_id: uuid.UUID, person_id: uuid.UUID, action: str, person_asked: bool) -> OnBehalf:
    """Record that a connector is making one contribution for a person who asked them to.

    The caller adds the contribution in the same transaction and commits: the record and
    what was done are saved together or not at all."""
    person = session.get(Account, person_id)
    if person is None or person.supported_by_id != connector_id:
        raise CaseloadError("not_yours")
    consent = may_act_for(session, connector_id=connector_id, person_id=person_id)
    if consent is None:
        raise CaseloadError("no_consent")
    if not person_asked:
        raise CaseloadError("not_asked")
    record = OnBehalf(person_id=person_id, connector_id=connector_id, consent_id=consent.id, action=action)
    session.add(record)
    session.flush()
    audit.record(session, action="caseload.on_behalf", subject_kind="account", subject=person_id, actor=connector_id)
    return record
