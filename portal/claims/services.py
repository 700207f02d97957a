"""Every write about claims: check, save with its receipt, audit, notify, commit."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Session

from portal.audit import services as audit
from portal.caseload import services as caseload
from portal.claims.models import (
    CLAIM_MAX_PENCE,
    CLAIM_WINDOW_DAYS,
    RECEIPT_MAX_BYTES,
    TRAVEL_RECEIPT_OVER_PENCE,
    Claim,
    ClaimKind,
    ClaimStatus,
    Receipt,
)
from portal.db import utc_now
from portal.groups.models import MemberStatus, Membership
from portal.meetings.models import Meeting
from portal.notifications.services import notify
from portal.web.coded import CodedError

#: Receipt types accepted, by the bytes each file starts with (the name and the browser's
#: word for the type are not trusted).
RECEIPT_SIGNATURES = {
    b"\xff\xd8\xff": "image/jpeg",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"%PDF-": "application/pdf",
}


class ClaimError(CodedError):
    """A claim that cannot be made or decided; `code` says why."""


def receipt_type(content: bytes) -> str | None:
    """The receipt's content type from its first bytes, or None if it is not one we accept."""
    for signature, content_type in RECEIPT_SIGNATURES.items():
        if content.startswith(signature):
            return content_type
    if content[4:12] in (b"ftypheic", b"ftypheix", b"ftypmif1"):
        return "image/heic"
    return None


def offered(meeting: Meeting, kind: ClaimKind) -> bool:
    return {
        ClaimKind.travel: meeting.offers_travel,
        ClaimKind.care_cover: meeting.offers_care_cover,
        ClaimKind.payment: meeting.offers_payment,
    }[kind]


def payment_for(meeting: Meeting, rate_pence_per_hour: int) -> int:
    """Payment for the meeting's length at the hourly rate, in quarter hours, rounded up."""
    quarters = -(-int((meeting.ends_at - meeting.starts_at).total_seconds()) // 900)
    return min(CLAIM_MAX_PENCE, quarters * rate_pence_per_hour // 4)


def receipt_needed(kind: ClaimKind, amount_pence: int) -> bool:
    return kind == ClaimKind.care_cover or (kind == ClaimKind.travel and amount_pence > TRAVEL_RECEIPT_OVER_PENCE)


def _check_can_claim(session: Session, *, meeting: Meeting, account_id: uuid.UUID, kind: ClaimKind, now: datetime) -> Claim | None:
    """Refuse claims from non-members, for support not offered, before the meeting or long
    after it; return the person's earlier claim of this kind, if any."""
    membership = session.get(Membership, (meeting.group_id, account_id))
    if membership is None or membership.status != MemberStatus.active:
        raise ClaimError("not_member")
    if meeting.cancelled_at is not None:
        raise ClaimError("cancelled")
    if meeting.starts_at > now:
        raise ClaimError("not_yet")
    if meeting.ends_at + timedelta(days=CLAIM_WINDOW_DAYS) < now:
        raise ClaimError("too_late")
    if not offered(meeting, kind):
        raise ClaimError("not_offered")
    earlier = session.scalars(
        sa.select(Claim).where(Claim.meeting_id == meeting.id, Claim.account_id == account_id, Claim.kind == kind)
    ).first()
    if earlier is not None and earlier.status != ClaimStatus.waived:
        raise ClaimError("already_claimed")
    return earlier


def submit_claim(
    session: Session,
    *,
    meeting: Meeting,
    account_id: uuid.UUID,
    kind: ClaimKind,
    amount_pence: int | None,
    details: str,
    receipt: bytes | None,
    rate_pence_per_hour: int,
    connector_id: uuid.UUID | None = None,
    person_asked: bool = False,
    now: datetime | None = None,
) -> Claim:
    """Make a claim, with its receipt, for yourself or (as their connector, when they ask)
    for someone else. Payment for time is worked out here, never taken from the form."""
    now = now or utc_now()
    earlier = _check_can_claim(session, meeting=meeting, account_id=account_id, kind=kind, now=now)
    if kind == ClaimKind.payment:
        amount_pence = payment_for(meeting, rate_pence_per_hour)
        if amount_pence == 0:
            raise ClaimError("not_offered")
    elif amount_pence is None or not 1 <= amount_pence <= CLAIM_MAX_PENCE:
        raise ClaimError("amount")
    content_type = None
    if receipt:
        if len(receipt) > RECEIPT_MAX_BYTES:
            raise ClaimError("receipt_too_big")
        content_type = receipt_type(receipt)
        if content_type is None:
            raise ClaimError("receipt_type")
    elif receipt_needed(kind, amount_pence):
        raise ClaimError("receipt_needed")
    on_behalf = None
    if connector_id is not None:
        try:
            on_behalf = caseload.act_on_behalf(session, connector_id=connector_id, person_id=account_id, action="claims.submit", person_asked=person_asked)
        except caseload.CaseloadError as error:
            raise ClaimError(error.code) from error
    claim = earlier or Claim(meeting_id=meeting.id, account_id=account_id, kind=kind)
    claim.amount_pence, claim.details, claim.status, claim.created_at = amount_pence, details.strip(), ClaimStatus.submitted, now
    claim.on_behalf_id = on_behalf.id if on_behalf else None
    session.add(claim)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        session.rollback()
        raise ClaimError("already_claimed") from error
    if content_type:
        session.add(Receipt(claim_id=claim.id, content_type=content_type, content=receipt))
    audit.record(session, action="claims.submit", subject_kind="claim", subject=claim.id, actor=connector_id or account_id)
    session.commit()
    return claim


def waive_payment(session: Session, *, meeting: Meeting, account_id: uuid.UUID, now: datetime | None = None) -> Claim:
    """Record that the person would rather not be paid for their time at this meeting."""
    now = now or utc_now()
    earlier = _check_can_claim(session, meeting=meeting, account_id=account_id, kind=ClaimKind.payment, now=now)
    if earlier is not None:
        return earlier
    claim = Claim(meeting_id=meeting.id, account_id=account_id, kind=ClaimKind.payment, amount_pence=0, status=ClaimStatus.waived, created_at=now)
    session.add(claim)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        session.rollback()
        raise ClaimError("already_claimed") from error
    audit.record(session, action="claims.waive_payment", subject_kind="claim", subject=claim.id, actor=account_id)
    session.commit()
    return claim


def decide_claim(session: Session, *, claim: Claim, approve: bool, note: str, actor_id: uuid.UUID) -> None:
    """Approve a claim for payment, or turn it down with a reason the person will read."""
    if claim.account_id == actor_id:
        raise ClaimError("own_claim")
    if not approve and not note.strip():
        raise ClaimError("reason_needed")
    # One decision only, even when two members of staff press at the same moment.
    decided = session.execute(
        sa.update(Claim)
        .where(Claim.id == claim.id, Claim.status == ClaimStatus.submitted)
        .values(
            status=ClaimStatus.approved if approve else ClaimStatus.rejected,
            decided_at=utc_now(),
            decided_by_id=actor_id,
            decision_note=note.strip(),
        )
        .execution_options(synchronize_session="fetch")
    )
    if decided.rowcount != 1:
        session.rollback()
        raise ClaimError("already_decided")
    kind = "claims.approved" if approve else "claims.rejected"
    notify(session, recipient_id=claim.account_id, kind=kind, link="/claims/mine", amount_pence=claim.amount_pence)
    audit.record(session, action=f"claims.{'approve' if approve else 'reject'}", subject_kind="claim", subject=claim.id, actor=actor_id)
    session.commit()
