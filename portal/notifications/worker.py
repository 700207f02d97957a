"""The outbox worker: claim one due delivery at a time, mark it, send it, record the result.

Marking before sending keeps a duplicate possible only for the one message in flight when
a worker dies (its mark goes stale and another worker sends it again). Each claim counts as
an attempt, so a message that kills its worker every time is set aside after the last one
instead of being taken again for ever. Several workers share the queue on PostgreSQL
(FOR UPDATE SKIP LOCKED); on SQLite the claim is one atomic UPDATE.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_babel import ngettext
from itsdangerous import URLSafeSerializer
from sqlmodel import Session

from portal.accounts.models import Account
from portal.db import utc_now
from portal.notifications import channels
from portal.notifications.channels import DeliveryError, Notice
from portal.notifications.models import Channel, NotificationPreference, OutboxItem, OutboxStatus
from portal.notifications.services import notify
from portal.settings.queries import service_settings
from portal.web.crypto import CannotDecrypt, decrypt

log = logging.getLogger(__name__)


@dataclass
class Report:
    """What one run of the worker did."""

    sent: int = 0
    retried: int = 0
    dead: int = 0
    covered: int = 0
    errors: list[str] = field(default_factory=list)


def unsubscribe_token(account_id: uuid.UUID, channel: Channel) -> str:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe").dumps([account_id.hex, channel.value])


def read_unsubscribe_token(token: str) -> tuple[uuid.UUID, Channel] | None:
    try:
        account_hex, channel = URLSafeSerializer(current_app.config["SECRET_KEY"], salt="unsubscribe").loads(token)
        return uuid.UUID(account_hex), Channel(channel)
    except Exception:  # noqa: BLE001  (any forged or damaged token is simply not valid)
        return None


def _path(endpoint: str, **values) -> str:
    """A path on this site, built without needing a request (the worker runs from the CLI)."""
    return current_app.url_map.bind("localhost").build(endpoint, values)


#: Why a delivery was taken again or set aside: the worker that had it stopped mid-delivery.
WORKER_DIED = "worker_died"


def _stale(now: datetime):
    """Marked as being sent by a worker that has not finished within the lease: it died."""
    lease = timedelta(seconds=current_app.config["OUTBOX_LEASE_SECONDS"])
    return sa.and_(OutboxItem.status == OutboxStatus.sending, OutboxItem.claimed_at < now - lease)


def _taken(now: datetime) -> dict:
    """The columns a claim sets: every claim is an attempt, and a reclaim says why it was needed."""
    return {
        "status": OutboxStatus.sending,
        "claimed_at": now,
        "attempts": OutboxItem.attempts + 1,
        "last_error": sa.case((OutboxItem.status == OutboxStatus.sending, WORKER_DIED), else_=OutboxItem.last_error),
    }


def _set_aside_stale(session: Session, now: datetime) -> int:
    """Set aside deliveries whose worker died on their last allowed attempt; return how many."""
    result = session.execute(
        sa.update(OutboxItem)
        .where(_stale(now), OutboxItem.attempts >= current_app.config["OUTBOX_MAX_ATTEMPTS"])
        .values(status=OutboxStatus.dead, claimed_at=None, last_error=WORKER_DIED)
    )
    session.commit()
    if result.rowcount:
        log.warning("delivery set aside: %s", WORKER_DIED)
    return result.rowcount


def _claim(session: Session, now: datetime) -> list[OutboxItem]:
    """Take the next due delivery (with the rest of its digest) and mark it as being sent."""
    due = sa.or_(
        sa.and_(OutboxItem.status == OutboxStatus.pending, OutboxItem.due_at <= now),
        sa.and_(_stale(now), OutboxItem.attempts < current_app.config["OUTBOX_MAX_ATTEMPTS"]),
    )
    pick = sa.select(OutboxItem.id).where(due).order_by(OutboxItem.due_at, OutboxItem.id).limit(1)
    if session.get_bind().dialect.name == "postgresql":
        pick = pick.with_for_update(skip_locked=True)
    claimed = session.execute(
        sa.update(OutboxItem)
        .where(OutboxItem.id == pick.scalar_subquery(), due)
        .values(**_taken(now))
        .returning(OutboxItem.id)
    ).scalars().all()
    if not claimed:
        session.commit()
        return []
    first = session.get(OutboxItem, claimed[0], populate_existing=True)
    items = [first]
    if first.in_digest:
        # Everything else waiting for the same digest goes in the same notice.
        others = session.execute(
            sa.update(OutboxItem)
            .where(
                OutboxItem.recipient_id == first.recipient_id,
                OutboxItem.channel == first.channel,
                OutboxItem.in_digest.is_(True),
                # Due, or taken by a worker that died: a digest is reclaimed whole.
                due,
                OutboxItem.id != first.id,
            )
            .values(**_taken(now))
            .returning(OutboxItem.id)
        ).scalars().all()
        items += [session.get(OutboxItem, item_id, populate_existing=True) for item_id in others]
    session.commit()
    return items


def _notice(account: Account, item: OutboxItem, count: int) -> Notice:
    site = service_settings().site_name
    base = current_app.config["PUBLIC_URL"]
    inbox = base + _path("notifications.inbox")
    unsubscribe = base + _path("notifications.unsubscribe", token=unsubscribe_token(account.id, item.channel))
    with force_locale(account.language or "en"):
        subject = _("You have a new message on %(site)s", site=site)
        lines = [
            ngettext("You have %(num)s new message on %(site)s.", "You have %(num)s new messages on %(site)s.", count, site=site),
            _("Sign in to read it: %(url)s", url=inbox),
        ]
        if item.channel == Channel.email:
            lines.append(_("To stop these emails: %(url)s", url=unsubscribe))
        else:
            lines.append(_("To stop these texts: %(url)s", url=unsubscribe))
    encrypted = account.email_encrypted if item.channel == Channel.email else account.mobile_encrypted
    if not encrypted:
        raise DeliveryError("no_contact", permanent=True)
    try:
        to = decrypt(encrypted)
    except CannotDecrypt as error:
        raise DeliveryError("contact_unreadable", permanent=True) from error
    return Notice(to=to, subject=subject, body="\n\n".join(lines), reference=item.id.hex, unsubscribe_url=unsubscribe)


def _deliver(session: Session, items: list[OutboxItem]) -> str:
    first = items[0]
    account = session.get(Account, first.recipient_id)
    if account is None:
        raise DeliveryError("no_account", permanent=True)
    if first.channel == Channel.connector:
        choice = session.get(NotificationPreference, account.id)
        if choice is None or choice.connector_id is None:
            raise DeliveryError("no_connector", permanent=True)
        notify(session, recipient_id=choice.connector_id, kind="notifications.for_someone_you_support", pseudonym=account.pseudonym, count=len(items))
        return "inbox"
    notice = _notice(account, first, len(items))
    return (channels.send_email if first.channel == Channel.email else channels.send_sms)(notice)


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(60 * 2 ** (attempts - 1), 6 * 3600))


def run_once(session: Session, *, now: datetime | None = None, limit: int | None = None) -> Report:
    """Deliver due messages until none are left (or `limit` claims were made)."""
    report = Report()
    report.dead += _set_aside_stale(session, now or utc_now())
    claims = 0
    while limit is None or claims < limit:
        moment = now or utc_now()
        items = _claim(session, moment)
        if not items:
            break
        claims += 1
        try:
            reference = _deliver(session, items)
        except DeliveryError as error:
            _failed(session, items, error, moment, report)
        else:
            for item in items:
                item.status, item.sent_at, item.provider_reference, item.last_error = OutboxStatus.sent, utc_now(), reference[:100], None
            report.sent += 1
            report.covered += len(items) - 1
        session.commit()
    return report


def _failed(session: Session, items: list[OutboxItem], error: DeliveryError, now: datetime, report: Report) -> None:
    limit = current_app.config["OUTBOX_MAX_ATTEMPTS"]
    report.errors.append(error.code)
    log.warning("delivery failed: %s", error.code)
    for item in items:
        item.last_error = error.code  # the claim already counted this attempt
        item.claimed_at = None
        if error.permanent or item.attempts >= limit:
            item.status = OutboxStatus.dead
        else:
            item.status = OutboxStatus.pending
            item.due_at = now + _backoff(item.attempts)
    if items[0].status == OutboxStatus.dead:
        report.dead += 1
    else:
        report.retried += 1


