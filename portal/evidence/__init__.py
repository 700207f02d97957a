"""Evidence packs for commissioners and inspectors: who took part, how taking part was
supported, what changed and what difference it made, for fixed periods and whole groups,
every count protected by the small-number rule."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)

from portal.evidence import routes  # noqa: E402,F401  (attaches routes)
