"""Message kinds about meetings. Changes, cancellations and reminders always go at once."""

from datetime import datetime

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register


def _when(context: dict) -> dict:
    """The meeting time in the reader's language and UK time."""
    return {**context, "when": format_datetime(datetime.fromisoformat(context["starts_at"]), "EEEE d MMMM, HH:mm")}


register(
    "meetings.planned",
    title=_l("New meeting: %(group)s"),
    body=_l("%(group)s meets on %(when)s. Open the meeting to say if you can come."),
    values=_when,
)
register(
    "meetings.changed",
    title=_l("A meeting has changed: %(group)s"),
    body=_l("The meeting is now on %(when)s. Check the place and time before you go."),
    urgent=True,
    values=_when,
)
register(
    "meetings.cancelled",
    title=_l("A meeting is cancelled: %(group)s"),
    body=_l("The meeting on %(when)s will not happen. Sorry for any trouble this causes."),
    urgent=True,
    values=_when,
)
register(
    "meetings.reminder",
    title=_l("Reminder: %(group)s meets soon"),
    body=_l("You said you would come on %(when)s. If you cannot, please say so on the meeting page."),
    urgent=True,
    values=_when,
)
