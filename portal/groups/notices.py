"""Message kinds about groups."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register

register(
    "groups.join_requested",
    title=_l("Someone asked to join %(group)s"),
    body=_l("Open the group page to say yes or no."),
)
register(
    "groups.request_approved",
    title=_l("You have joined %(group)s"),
    body=_l("A facilitator said yes. You can now take part."),
)
register(
    "groups.request_declined",
    title=_l("Your request to join %(group)s"),
    body=_l("A facilitator could not add you this time. You can ask them or a community connector why, or look at other groups."),
)
register(
    "groups.adjustment_requested",
    title=_l("Someone asked for an adjustment: %(group)s"),
    body=_l("Open the group's adjustment requests to read what would help them take part."),
)
