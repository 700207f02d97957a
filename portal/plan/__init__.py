"""The co-production plan, maturity self-assessment and assurance checks."""

from flask import Blueprint

bp = Blueprint("plan", __name__)

from portal.plan import routes  # noqa: E402,F401  (attaches routes)
