"""The one rule for HTMX: a fragment for an htmx swap, the whole page otherwise."""

from flask import Response, make_response, render_template
from htmx_flask import request


def wants_fragment() -> bool:
    """True for an htmx request that is neither boosted nor a history restore."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def render(page: str, /, fragment: str | None = None, status: int = 200, **context) -> Response:
    """Render `fragment` for an htmx swap, else `page`; always `Vary: HX-Request`."""
    template = fragment if fragment and wants_fragment() else page
    response = make_response(render_template(template, **context), status)
    response.vary.add("HX-Request")
    return response
