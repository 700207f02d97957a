"""Message kinds about changes: closing the loop with the people who spoke."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register


def _status(context: dict) -> dict:
    """The status in the reader's language."""
    from portal.changes.forms import STATUS_NAMES
    from portal.changes.models import ChangeStatus

    value = context.get("status", "")
    return {**context, "status": str(STATUS_NAMES[ChangeStatus(value)]) if value in ChangeStatus.__members__ else value}


register(
    "changes.status",
    title=_l("What you said: %(status)s"),
    body=_l("The service has an update on a change that came from what you said. Open it to see what happened and why."),
    values=_status,
)
register(
    "changes.feedback",
    title=_l("Did the change work for you?"),
    body=_l("A change that came from what you said asks a few quick questions. Each one takes a single tap."),
)
