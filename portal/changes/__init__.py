""""You said, we did": changes the service made because of what people said."""

from flask import Blueprint

bp = Blueprint("changes", __name__)

from portal.changes import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
