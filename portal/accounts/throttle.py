"""Slowing down repeated sign-in failures, per account and per address.

Per account: after a few failures each further one doubles a short wait, capped, so a
guesser is slowed to a crawl but the person can always try again later. Per address: a
high ceiling per window, because a whole community centre may share one address.
Addresses are stored only as a keyed hash.

The counts live in the database (the default) or, with THROTTLE_BACKEND=redis, in the Redis
server every portal server shares. In Redis each count changes in one atomic script, so two
servers counting at once never lose a failure, and each key expires once its window and any
wait are over. When Redis cannot be reached the counts fall back to the database, which every
server shares too: nobody is locked out because Redis is down, and a guesser is still slowed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlmodel import Session

from portal.accounts.models import SignInThrottle
from portal.db import utc_now
from portal.web.shared_state import RedisError, redis_client

logger = logging.getLogger(__name__)

#: Prefix of the portal's sign-in counts in Redis; the rest is the key as stored in the database.
REDIS_PREFIX = "portal:sign-in-throttle:"

#: One failure against one key, atomically: start a new window when the last one is over, count,
#: set the wait, and expire the key when both its window and its wait are over. Times in ms.
#: KEYS[1]: the count. ARGV: now, window, "account" or "address", failures before a wait,
#: longest wait.
_RECORD_FAILURE = """
local now = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local started = tonumber(redis.call('HGET', KEYS[1], 'started') or '')
if not started or now - started > window then
  redis.call('DEL', KEYS[1])
  started = now
end
local failures = redis.call('HINCRBY', KEYS[1], 'failures', 1)
local wait_until = 0
if ARGV[3] == 'account' then
  local over = failures - tonumber(ARGV[4])
  if over >= 0 then
    wait_until = now + math.min(30000 * 2 ^ math.min(over, 40), tonumber(ARGV[5]))
    started = now
  end
elseif failures >= tonumber(ARGV[4]) then
  wait_until = started + window
end
redis.call('HSET', KEYS[1], 'started', string.format('%d', started))
if wait_until > 0 then
  redis.call('HSET', KEYS[1], 'wait_until', string.format('%d', wait_until))
end
redis.call('PEXPIRE', KEYS[1], string.format('%d', math.max(started + window, wait_until) - now + 1000))
return failures
"""


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


def _uses_redis() -> bool:
    backend = current_app.config["THROTTLE_BACKEND"]
    if backend not in ("database", "redis"):
        raise ValueError("THROTTLE_BACKEND must be database or redis")
    return backend == "redis"


def _redis_unreachable(error: RedisError) -> None:
    # Never the keys: an account id is personal, and the message could echo one.
    logger.warning("sign-in counts: Redis failed (%s); counting in the database instead", type(error).__name__)


def _ms(moment: datetime) -> int:
    return int(moment.timestamp() * 1000)


def wait_for(session: Session, keys: list[str], now: datetime | None = None) -> Wait | None:
    """The longest wait any of these keys is under, or None."""
    now = now or utc_now()
    if _uses_redis():
        try:
            ends = _waits_in_redis(keys)
        except RedisError as error:
            _redis_unreachable(error)
        else:
            return _longest(ends, now)
    return _longest([row.wait_until for row in (session.get(SignInThrottle, key) for key in keys) if row], now)


def _longest(ends: list[datetime | None], now: datetime) -> Wait | None:
    longest = max((math.ceil((end - now).total_seconds()) for end in ends if end and end > now), default=0)
    return Wait(longest) if longest else None


def _waits_in_redis(keys: list[str]) -> list[datetime | None]:
    with redis_client().pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.hget(REDIS_PREFIX + key, "wait_until")
        found = pipe.execute()
    return [datetime.fromtimestamp(int(value) / 1000, UTC) if value else None for value in found]


def record_failure(session: Session, *, account_id: uuid.UUID | None, address: str | None) -> None:
    """Count a failed attempt against the account (if known) and the address."""
    keys = [address_key(address)] + ([account_key(account_id)] if account_id else [])
    now = utc_now()
    if _uses_redis():
        try:
            _record_in_redis(keys, now)
            return
        except RedisError as error:
            _redis_unreachable(error)
    _record_in_database(session, keys, now)


def _record_in_redis(keys: list[str], now: datetime) -> None:
    config = current_app.config
    client = redis_client()
    script = current_app.extensions.get("sign_in_throttle_script") or current_app.extensions.setdefault(
        "sign_in_throttle_script", client.register_script(_RECORD_FAILURE)
    )
    with client.pipeline(transaction=False) as pipe:
        for key in keys:
            kind = key.split(":", 1)[0]
            threshold = config["ACCOUNT_FAILURES_BEFORE_WAIT"] if kind == "account" else config["ADDRESS_FAILURES_PER_WINDOW"]
            args = [_ms(now), config["THROTTLE_WINDOW_SECONDS"] * 1000, kind, threshold, config["MAX_ACCOUNT_WAIT_SECONDS"] * 1000]
            script(keys=[REDIS_PREFIX + key], args=args, client=pipe)
        pipe.execute()


def _locked_row(session: Session, key: str) -> SignInThrottle | None:
    # Locked until the caller commits, so two servers counting at once do not lose a failure.
    return session.get(SignInThrottle, key, with_for_update=True, populate_existing=True)


def _create(session: Session, key: str, now: datetime) -> SignInThrottle:
    """Insert a counter row; if another request inserted it first, use theirs."""
    try:
        with session.begin_nested():
            row = SignInThrottle(key=key, failures=0, window_started_at=now)
            session.add(row)
        return row
    except sa.exc.IntegrityError:
        return _locked_row(session, key)


def _record_in_database(session: Session, keys: list[str], now: datetime) -> None:
    config = current_app.config
    window = timedelta(seconds=config["THROTTLE_WINDOW_SECONDS"])
    for key in keys:
        row = _locked_row(session, key) or _create(session, key, now)
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
    key = account_key(account_id)
    if _uses_redis():
        try:
            redis_client().delete(REDIS_PREFIX + key)
        except RedisError as error:
            _redis_unreachable(error)
    session.execute(sa.delete(SignInThrottle).where(SignInThrottle.key == key))

