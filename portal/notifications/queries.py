"""Read-only selects for the inbox and the outbox."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlmodel import Session, select

from portal.accounts import names
from portal.accounts.models import Account, RoleGrant
from portal.notifications.models import Message, OutboxItem, OutboxStatus
from portal.web.permissions import Role


def inbox_page(session: Session, account_id: uuid.UUID, *, page: int, per_page: int) -> tuple[list[Message], bool]:
    rows = list(
        session.exec(
            select(Message)
            .where(Message.recipient_id == account_id)
            .order_by(Message.created_at.desc(), Message.id)
            .offset((page - 1) * per_page)
            .limit(per_page + 1)
        )
    )
    return rows[:per_page], len(rows) > per_page


def connector_by_name(session: Session, pseudonym: str) -> Account | None:
    """An account with the community connector role, found by its name."""
    return session.exec(
        select(Account)
        .join(RoleGrant, RoleGrant.account_id == Account.id)
        .where(Account.pseudonym_key == names.key(names.normalise(pseudonym)), RoleGrant.role == Role.intermediary)
    ).first()


def outbox_counts(session: Session) -> dict[OutboxStatus, int]:
    rows = session.execute(sa.select(OutboxItem.status, sa.func.count()).group_by(OutboxItem.status)).all()
    return {status: count for status, count in rows}


def dead_letters(session: Session, *, page: int, per_page: int) -> tuple[list[tuple[OutboxItem, Message, str]], bool]:
    """Deliveries set aside, newest first, with their message kind and recipient's name."""
    rows = session.execute(
        sa.select(OutboxItem, Message, Account.pseudonym)
        .join(Message, Message.id == OutboxItem.message_id)
        .join(Account, Account.id == OutboxItem.recipient_id)
        .where(OutboxItem.status == OutboxStatus.dead)
        .order_by(OutboxItem.created_at.desc(), OutboxItem.id)
        .offset((page - 1) * per_page)
        .limit(per_page + 1)
    ).all()
    return [tuple(row) for row in rows[:per_page]], len(rows) > per_page
