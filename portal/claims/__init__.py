"""Claims for the support offered at meetings: travel, childcare or carer cover, payment for time."""

from flask import Blueprint

bp = Blueprint("claims", __name__)

from portal.claims import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
