"""Message kinds the notifications domain itself sends."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register

register(
    "notifications.for_someone_you_support",
    title=_l("%(pseudonym)s has new messages"),
    body=_l("%(pseudonym)s asked you to pass on their messages. They have %(count)s new. Help them read them when you next meet."),
)
