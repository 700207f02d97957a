"""Security headers on every response: a strict CSP with a nonce, no caching of pages."""

from __future__ import annotations

import secrets

from flask import Flask, Response, current_app, g, request

#: Endpoints whose pages may be cached by the browser (nothing personal on them).
CACHEABLE_ENDPOINTS = {"assets.fingerprinted", "static", "site.healthz"}


def csp_nonce() -> str:
    """The nonce for this response's Content-Security-Policy, made on first use."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def content_security_policy() -> str:
    """No inline script without the nonce, no inline style, nothing from another origin."""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' 'nonce-{csp_nonce()}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        )
    )


def set_security_headers(response: Response) -> Response:
    """Add the headers every response carries."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy())
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    headers["Cross-Origin-Opener-Policy"] = "same-origin"
    headers["Cross-Origin-Resource-Policy"] = "same-origin"
    headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), interest-cohort=()"
    if current_app.config.get("HSTS"):
        headers["Strict-Transport-Security"] = "max-age=63072000; includeSubDomains"
    if request.endpoint not in CACHEABLE_ENDPOINTS and "Cache-Control" not in headers:
        # Pages can show personal or sensitive content and are often read on shared
        # phones: nothing is kept in the browser's cache or its back/forward cache.
        headers["Cache-Control"] = "no-store"
        headers["Pragma"] = "no-cache"
    return response


def init_app(app: Flask) -> None:
    """Register the header hook and the nonce helper for templates."""
    app.after_request(set_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
