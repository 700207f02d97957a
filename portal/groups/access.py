"""Named checks on one group, for the signed-in person (the role table covers whole actions)."""

from __future__ import annotations

import uuid

from flask import abort
from flask_login import current_user

from portal.extensions import db
from portal.groups import queries
from portal.groups.models import Group
from portal.web.permissions import can


def viewer_id() -> uuid.UUID | None:
    return current_user.id if current_user.is_authenticated else None


def can_see(group: Group) -> bool:
    """Anyone sees an ordinary group; a sensitive one only its members and staff."""
    return not group.sensitive or can("groups.manage") or queries.membership(db.session, group.id, viewer_id()) is not None


def can_facilitate(group: Group) -> bool:
    """Staff, or a fully signed-in facilitator of this very group."""
    if can("groups.manage"):
        return True
    return bool(current_user.is_authenticated and current_user.fully_signed_in and queries.is_facilitator(db.session, group.id, current_user.id))


def group_or_404(group_id: uuid.UUID) -> Group:
    """The group, or 404 when it does not exist or the person may not know it exists."""
    group = db.session.get(Group, group_id)
    if group is None or not can_see(group):
        abort(404)
    return group
