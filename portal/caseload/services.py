"""Writing quick contact records."""

from __future__ import annotations

import uuid
from datetime import date

from sqlmodel import Session

from portal.accounts.models import Account
from portal.audit import services as audit
from portal.caseload.models import ContactKind, ContactRecord
from portal.web.coded import CodedError


class CaseloadError(CodedError):
    """A contact record that cannot be saved; `code` says why."""


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
