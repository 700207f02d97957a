"""Writing messages: `notify` (inside the caller's transaction), reading, preferences, retries."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session, select

from portal.accounts.models import Account
from portal.audit import services as audit
from portal.db import utc_now
from portal.notifications.kinds import kind as find_kind
from portal.notifications.models import (
    Channel,
    Frequency,
    Message,
    NotificationPreference,
    OutboxItem,
    OutboxStatus,
)

LONDON = ZoneInfo("Europe/London")


def next_digest_time(now: datetime, frequency: Frequency) -> datetime:
    """The next daily (or Monday, for weekly) digest hour in Europe/London, as UTC."""
    hour = current_app.config["DIGEST_HOUR"]
    local = now.astimezone(LONDON)
    slot = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if slot <= local:
        slot += timedelta(days=1)
    if frequency == Frequency.weekly:
        slot += timedelta(days=(7 - slot.weekday()) % 7)
    # Rebuild from the wall-clock date so a clock change between now and then is respected.
    slot = datetime(slot.year, slot.month, slot.day, hour, tzinfo=LONDON)
    return slot.astimezone(now.tzinfo)


def preference(session: Session, account_id: uuid.UUID) -> NotificationPreference:
    """The person's choices, or the defaults (inbox only, daily) when they made none."""
    return session.get(NotificationPreference, account_id) or NotificationPreference(account_id=account_id)


def notification_summary(session: Session, account_id: uuid.UUID) -> str:
    """A short description of the person's choices, for their account page."""
    from babel.lists import format_list
    from flask_babel import get_locale
    from flask_babel import gettext as _

    choice = preference(session, account_id)
    ways = [_("on this website")]
    if choice.email:
        ways.append(_("by email"))
    if choice.sms:
        ways.append(_("by text"))
    if choice.connector:
        ways.append(_("through your community connector"))
    often = {
        Frequency.immediately: _("straight away"),
        Frequency.daily: _("once a day at most"),
        Frequency.weekly: _("once a week at most"),
    }[choice.frequency]
    return _("%(ways)s, %(often)s", ways=format_list(ways, locale=get_locale()), often=often)


def notify(session: Session, *, recipient_id: uuid.UUID, kind: str, link: str = "", now: datetime | None = None, **context) -> Message:
    """Put a message in the inbox and queue its email, text or connector notices, in the
    caller's transaction: the event and its messages commit together or not at all."""
    registered = find_kind(kind)
    now = now or utc_now()
    message = Message(recipient_id=recipient_id, kind=kind, context=context, link=link, created_at=now)
    session.add(message)
    choice = preference(session, recipient_id)
    account = session.get(Account, recipient_id)
    channels = []
    if choice.email and account and account.email_encrypted:
        channels.append(Channel.email)
    if choice.sms and account and account.mobile_encrypted:
        channels.append(Channel.sms)
    if choice.connector and choice.connector_id:
        channels.append(Channel.connector)
    at_once = registered.urgent or choice.frequency == Frequency.immediately
    due = now if at_once else next_digest_time(now, choice.frequency)
    for channel in channels:
        session.add(
            OutboxItem(
                message_id=message.id,
                recipient_id=recipient_id,
                channel=channel,
                in_digest=not at_once,
                due_at=due,
                created_at=now,
            )
        )
    session.flush()
    return message


def mark_read(session: Session, *, account_id: uuid.UUID, message_id: uuid.UUID) -> Message | None:
    """Mark one of the person's own messages read; None when it is not theirs."""
    message = session.get(Message, message_id)
    if message is None or message.recipient_id != account_id:
        return None
    if message.read_at is None:
        message.read_at = utc_now()
        session.commit()
    return message


def mark_all_read(session: Session, *, account_id: uuid.UUID) -> None:
    session.execute(
        sa.update(Message)
        .where(Message.recipient_id == account_id, Message.read_at.is_(None))
        .values(read_at=utc_now())
    )
    session.commit()


def set_preferences(
    session: Session,
    *,
    account_id: uuid.UUID,
    email: bool,
    sms: bool,
    connector_id: uuid.UUID | None,
    frequency: Frequency,
) -> None:
    """Save how the person wants to hear about messages; waiting notices follow the change."""
    row = session.get(NotificationPreference, account_id)
    if row is None:
        row = NotificationPreference(account_id=account_id)
        session.add(row)
    row.email, row.sms = email, sms
    row.connector, row.connector_id = connector_id is not None, connector_id
    row.frequency = frequency
    dropped = [channel for channel, on in ((Channel.email, email), (Channel.sms, sms), (Channel.connector, connector_id is not None)) if not on]
    _cancel_pending(session, account_id, dropped)
    audit.record(session, action="notifications.update_preferences", subject_kind="account", subject=account_id, actor=account_id)
    session.commit()


def _cancel_pending(session: Session, account_id: uuid.UUID, channels: list[Channel]) -> None:
    if channels:
        session.execute(
            sa.update(OutboxItem)
            .where(
                OutboxItem.recipient_id == account_id,
                OutboxItem.channel.in_(channels),
                OutboxItem.status == OutboxStatus.pending,
            )
            .values(status=OutboxStatus.cancelled)
        )


def unsubscribe(session: Session, *, account_id: uuid.UUID, channel: Channel) -> bool:
    """Turn one channel off (from the link in a message); False when it was already off."""
    row = session.get(NotificationPreference, account_id)
    if row is None or not getattr(row, channel.value):
        return False
    setattr(row, channel.value, False)
    _cancel_pending(session, account_id, [channel])
    audit.record(session, action=f"notifications.unsubscribe_{channel.value}", subject_kind="account", subject=account_id, actor=account_id)
    session.commit()
    return True


def retry(session: Session, *, admin_id: uuid.UUID, item_id: uuid.UUID | None = None) -> int:
    """Put one set-aside delivery (or all of them) back in the queue; return how many."""
    query = sa.update(OutboxItem).where(OutboxItem.status == OutboxStatus.dead)
    if item_id is not None:
        query = query.where(OutboxItem.id == item_id)
    result = session.execute(query.values(status=OutboxStatus.pending, attempts=0, due_at=utc_now(), claimed_at=None))
    audit.record(session, action="notifications.retry", subject_kind="outbox_item", subject=item_id or "all", actor=admin_id)
    session.commit()
    return result.rowcount


def unread_count(session: Session, account_id: uuid.UUID) -> int:
    return session.exec(
        select(sa.func.count()).select_from(Message).where(Message.recipient_id == account_id, Message.read_at.is_(None))
    ).one()
