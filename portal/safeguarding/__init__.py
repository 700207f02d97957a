"""Safeguarding: disclosures saved first, cases for safeguarding leads, the identity vault."""

from flask import Blueprint

bp = Blueprint("safeguarding", __name__)


@bp.app_context_processor
def _open_cases() -> dict:
    """`open_cases()` for the header: counted only for safeguarding leads."""

    def open_cases() -> int:
        from portal.extensions import db
        from portal.safeguarding.queries import open_count
        from portal.web.permissions import can

        return open_count(db.session) if can("safeguarding.handle") else 0

    return {"open_cases": open_cases}


from portal.safeguarding import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
