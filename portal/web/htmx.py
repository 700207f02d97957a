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


def push_final_url(response: Response) -> Response:
    """After a boosted form's redirect, show the page's own address, not the form's."""
    if request.htmx.boosted and request.method == "GET" and response.status_code == 200:
        response.headers["HX-Push-Url"] = request.full_path if request.query_string else request.path
    return response


def init_app(app) -> None:
    """Register the address fix for boosted redirects."""
    app.after_request(push_final_url)
