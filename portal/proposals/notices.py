"""Message kinds about proposals."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register

register(
    "proposals.from_your_idea",
    title=_l("Your idea has become a proposal"),
    body=_l("People can now vote on it. Open the proposal to see it and to vote."),
)
