"""Error pages in the person's language: never a stack trace, always what to do next."""

from __future__ import annotations

import logging

from flask import Flask, Response, g, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException

from portal.extensions import db, login_manager
from portal.web.forms import FormAlreadySent
from portal.web.htmx import render
from portal.web.logs import log_error_without_values

log = logging.getLogger(__name__)

#: Title and explanation for each status the portal answers with.
ERRORS = {
    400: (
        _l("Something in the request was not right"),
        _l("Go back, check what you entered and try again."),
    ),
    403: (
        _l("You cannot see this page"),
        _l("Your account does not allow this. If you think it should, ask the person who runs your group."),
    ),
    404: (
        _l("Page not found"),
        _l("If you typed the web address, check it is correct. If you pasted it, check you copied all of it."),
    ),
    405: (
        _l("This page cannot be used that way"),
        _l("Go back to the page you were on and use the buttons and links there."),
    ),
    409: (
        _l("We already have this form"),
        _l("You sent this form before and we saved it. You do not need to send it again."),
    ),
    413: (
        _l("What you sent is too big"),
        _l("Make your text shorter and try again."),
    ),
    429: (
        _l("Too many tries"),
        _l("Wait a few minutes, then try again."),
    ),
    500: (
        _l("Sorry, something went wrong"),
        _l("Nothing you did caused this. Try again in a few minutes."),
    ),
    503: (
        _l("Sorry, the service is busy"),
        _l("Try again in a few minutes. Anything you sent before now is safe."),
    ),
}
CSRF_MESSAGE = (
    _l("This form has expired"),
    _l("For your security, forms stop working after a while or when opened from another site. Go back, reload the page and send the form again."),
)


def error_page(status: int, title=None, message=None) -> Response:
    """Render the error page for `status` with a title and a next step."""
    default_title, default_message = ERRORS.get(status, ERRORS[500])
    response = render(
        "errors/error.html",
        status=status,
        title=title or default_title,
        message=message or default_message,
    )
    if status == 503:
        response.headers["Retry-After"] = "120"
    return response


def _http_error(error: HTTPException) -> Response:
    status = error.code if error.code in ERRORS else (500 if (error.code or 500) >= 500 else 400)
    response = error_page(status)
    if status == 405 and error.valid_methods:
        response.headers["Allow"] = ", ".join(error.valid_methods)
    return response


def _csrf_error(_error: CSRFError) -> Response:
    return error_page(400, *CSRF_MESSAGE)


def _already_sent(_error: FormAlreadySent) -> Response:
    return error_page(409)


def _without_the_database() -> None:
    """Make the error page safe to draw when the database may be what failed: the request's
    transaction is rolled back, and the page is drawn for someone signed out (showing who is
    signed in would read their account again)."""
    try:
        db.session.rollback()
    except SQLAlchemyError:
        pass
    g._login_user = login_manager.anonymous_user()


def _database_unavailable(error: OperationalError | InterfaceError) -> Response:
    log.error("database unavailable: %s", type(getattr(error, "orig", error)).__name__)
    _without_the_database()
    return error_page(503)


def _unexpected(error: Exception) -> Response:
    if isinstance(error, HTTPException):
        return _http_error(error)
    log_error_without_values(error)
    if isinstance(error, SQLAlchemyError):
        _without_the_database()
    return error_page(500)


def init_app(app: Flask) -> None:
    """Register one handler per kind of failure."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(FormAlreadySent, _already_sent)
    app.register_error_handler(OperationalError, _database_unavailable)
    app.register_error_handler(InterfaceError, _database_unavailable)
    app.register_error_handler(Exception, _unexpected)
