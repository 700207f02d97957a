"""Where to send a person next: only ever a path on this site."""

from urllib.parse import urlsplit

from flask import url_for


def safe_next(target: str | None, default_endpoint: str = "site.home") -> str:
    """`target` if it is a path on this site, else the default page."""
    if not target:
        return url_for(default_endpoint)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for(default_endpoint)
    return target
