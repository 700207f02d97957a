"""Message kinds about safeguarding. They never carry what the person wrote, or who they are."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register

register(
    "safeguarding.new_case",
    title=_l("A new message needs a safeguarding lead"),
    body=_l("Someone may be at risk. Open the list of messages to review and act within the time shown."),
    urgent=True,
)
register(
    "safeguarding.overdue_case",
    title=_l("A message to review is overdue and has come to you"),
    body=_l("Its first lead has not acted in time. Open it and act now."),
    urgent=True,
)
register(
    "safeguarding.overdue_count",
    title=_l("Safeguarding messages are overdue: %(count)s"),
    body=_l("%(count)s safeguarding messages were not acted on in time and have gone to a second lead. Check the duty rota has enough people on it."),
    urgent=True,
)
register(
    "safeguarding.identity_opened",
    title=_l("A safeguarding lead looked at the details you gave"),
    body=_l("They needed them to keep someone safe. Every time this happens it is recorded. Ask your community connector if you have questions."),
)
register(
    "safeguarding.assigned",
    title=_l("A message to review has been given to you"),
    body=_l("Another safeguarding lead gave it to you. Open it and act within the time shown."),
    urgent=True,
)
