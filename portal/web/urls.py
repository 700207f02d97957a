"""Where to send a person next: only ever a path on this site."""

import re
import uuid
from urllib.parse import urlsplit

from flask import abort, request, url_for


#: Control characters: a browser drops some of them (so "/\t/host" means "//host") and a
#: line break cannot go in a Location header at all.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def safe_next(target: str | None, default_endpoint: str = "site.home") -> str:
    """`target` if it is a path on this site, else the default page."""
    if not target:
        return url_for(default_endpoint)
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target or _CONTROL.search(target):
        return url_for(default_endpoint)
    return target


#: The last page any list shows; a higher number is a 404, not a slow query.
MAX_PAGE = 10_000


def page_number() -> int:
    """The `page` query argument, 1 when absent; 404 for anything out of range."""
    page = request.args.get("page", 1, type=int)
    if page < 1 or page > MAX_PAGE:
        abort(404)
    return page


def uuid_arg(name: str) -> uuid.UUID | None:
    """A UUID query argument, None when absent; 404 when it is not a UUID."""
    value = request.args.get(name)
    if not value:
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        abort(404)
