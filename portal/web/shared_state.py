"""What the portal's servers share besides the database: a Redis server, when REDIS_URL is set.

One client (with its pool of connections) per app, made on first use. It never retries and
waits at most REDIS_TIMEOUT_SECONDS, so a Redis that is down slows a request by that much at
worst; callers catch `RedisError` and carry on without it.
"""

from __future__ import annotations

import redis
from flask import current_app
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

__all__ = ["RedisError", "redis_client"]


def redis_client() -> redis.Redis:
    """The app's Redis client; raises RedisError when REDIS_URL is not set."""
    client = current_app.extensions.get("redis")
    if client is None:
        url = current_app.config.get("REDIS_URL")
        if not url:
            raise RedisError("REDIS_URL is not set")
        timeout = current_app.config["REDIS_TIMEOUT_SECONDS"]
        client = redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=timeout, retry=Retry(NoBackoff(), 0), health_check_interval=30
        )
        client = current_app.extensions.setdefault("redis", client)
    return client
