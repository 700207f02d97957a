"""Named checks on one idea, for the signed-in person."""

from __future__ import annotations

from flask_login import current_user

from portal.extensions import db
from portal.groups import queries as group_queries
from portal.groups.access import can_see
from portal.groups.models import Group
from portal.ideas.models import Idea, IdeaStatus
from portal.web.permissions import can


def can_moderate(idea: Idea) -> bool:
    """Staff moderate every idea; a facilitator moderates their own group's."""
    if can("ideas.moderate"):
        return True
    return bool(
        idea.group_id
        and current_user.is_authenticated
        and current_user.fully_signed_in
        and group_queries.is_facilitator(db.session, idea.group_id, current_user.id)
    )


def can_read(idea: Idea) -> bool:
    """A published idea: whoever may see its group. Otherwise its author, and (unless it is held
    for safeguarding) its moderators."""
    if current_user.is_authenticated and idea.author_id == current_user.id:
        return True
    if idea.status == IdeaStatus.held:
        return False
    if idea.status == IdeaStatus.published:
        group = db.session.get(Group, idea.group_id) if idea.group_id else None
        return group is None or can_see(group)
    return can_moderate(idea) or (idea.status == IdeaStatus.awaiting_translation and can("ideas.translate"))
