"""Pages every visitor can read: home, help, privacy, accessibility, language, reporting a problem."""

from flask import Blueprint

bp = Blueprint("site", __name__)

from portal.site import routes  # noqa: E402,F401  (routes attach to bp)
