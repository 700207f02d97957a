"""Equality monitoring: optional answers a person gives about themselves, counted only in groups.

No other part of the portal reads these answers, except the evidence pack through the counts in
`portal.equality.queries`; tests/equality/test_kept_apart.py checks the imports.
"""

from flask import Blueprint

bp = Blueprint("equality", __name__)

from portal.equality import routes  # noqa: E402,F401  (attaches routes)
