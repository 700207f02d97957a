"""Message kinds about ideas. They never quote the idea: the author opens it to read more."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register

register(
    "ideas.change_asked",
    title=_l("A moderator asked you to change your idea"),
    body=_l("Open your contributions to see why and to change it."),
)
register(
    "ideas.hidden",
    title=_l("Your idea is not shown"),
    body=_l("A moderator decided not to show it. Open your contributions to see why."),
)
register(
    "ideas.replied",
    title=_l("Someone replied to your idea"),
    body=_l("Open your idea to read the reply."),
)
