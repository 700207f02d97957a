"""Logging that carries no personal data: no addresses, no URLs with ids, no typed values."""

from __future__ import annotations

import logging
import time
import traceback

from flask import Flask, Response, g, request

log = logging.getLogger("portal.requests")


def log_error_without_values(error: BaseException) -> None:
    """Log where an error happened and its type, but not its message (it may hold input)."""
    frames = traceback.format_tb(error.__traceback__)
    logging.getLogger("portal.errors").error(
        "unhandled %s on %s %s\n%s",
        type(error).__name__,
        request.method,
        request.endpoint,
        "".join(frames),
    )


def _start_timer() -> None:
    g.request_started = time.perf_counter()


def _log_request(response: Response) -> Response:
    started = g.get("request_started")
    elapsed = (time.perf_counter() - started) * 1000 if started else 0.0
    log.info("%s %s %s %.1fms", request.method, request.endpoint, response.status_code, elapsed)
    return response


def init_app(app: Flask) -> None:
    """Log one line per request: method, endpoint name, status and time taken."""
    app.before_request(_start_timer)
    app.after_request(_log_request)
