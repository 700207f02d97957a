"""Notifications: the inbox, the transactional outbox, email and SMS, preferences and digests."""

from flask import Blueprint
from flask_login import current_user

bp = Blueprint("notifications", __name__)


@bp.app_context_processor
def _unread_messages() -> dict:
    """`unread_messages()` for the header: counted only when a signed-in page asks."""

    def unread_messages() -> int:
        from portal.extensions import db
        from portal.notifications.services import unread_count

        return unread_count(db.session, current_user.id) if current_user.is_authenticated else 0

    return {"unread_messages": unread_messages}

from portal.notifications import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
