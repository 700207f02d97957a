"""Slowing down repeated sign-in failures, per account and per address, in the database.

Per account: after a few failures each further one doubles a short wait, capped, so a
guesser is slowed to a crawl but the person can always try again later. Per address: a
high ceiling per window, because a whole community centre may share one address.
Addresses are stored only as a keyed hash.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session

from portal.accounts.models import SignInThrottle
from portal.db import utc_now


@dataclass(frozen=True)
class Wait:
    """How long the person must wait before trying again."""

    seconds: int

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60))


def account_key(account_id: uuid.UUID) -> str:
    return f"account:{account_id.hex}"


def address_key(address: str | None) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    hashed = hmac.new(secret, (address or "unknown").encode(), hashlib.sha256).hexdigest()[:40]
    return f"address:{hashed}"


def _row(session: Session, key: str) -> SignInThrottle | None:
    return session.get(SignInThrottle, key)


def wait_for(session: Session, keys: list[str], now: datetime | None = None) -> Wait | None:
    """The longest wait any of these keys is under, or None."""
    now = now or utc_now()
    longest = 0
    for key in keys:
        row = _row(session, key)
        if row and row.wait_until and row.wait_until > now:
            longest = max(longest, int((row.wait_until - now).total_seconds()) + 1)
    return Wait(longest) if longest else None


def _create(session: Session, key: str, now: datetime) -> SignInThrottle:
    """Insert a counter row; if another request inserted it first, use theirs."""
    try:
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, window_started_at=now)
            session.add(row)
        return row
    except sa.exc.IntegrityError:
        return session.get(SignInThrottle, key, populate_existing=True)


def record_failure(session: Session, *, account_id: uuid.UUID | None, address: str | None) -> None:
    """Count a failed attempt against the account (if known) and the address."""
    config = current_app.config
    now = utc_now()
    window = timedelta(seconds=config["THROTTLE_WINDOW_SECONDS"])
    keys = [address_key(address)] + ([account_key(account_id)] if account_id else [])
    for key in keys:
        row = _row(session, key) or _create(session, key, now)
        if now - row.window_started_at > window:
            row.failures, row.window_started_at, row.wait_until = 0, now, None
        row.failures += 1
        if key.startswith("account:"):
            over = row.failures - config["ACCOUNT_FAILURES_BEFORE_WAIT"]
            if over >= 0:
                seconds = min(30 * 2**over, config["MAX_ACCOUNT_WAIT_SECONDS"])
                row.wait_until = now + timedelta(seconds=seconds)
                row.window_started_at = now
        elif row.failures >= config["ADDRESS_FAILURES_PER_WINDOW"]:
            row.wait_until = row.window_started_at + window
    session.flush()


def clear_account(session: Session, account_id: uuid.UUID) -> None:
    """Forget an account's failures after it signs in."""
    session.execute(sa.delete(SignInThrottle).where(SignInThrottle.key == account_key(account_id)))
