"""Message kinds about a person's own account."""

from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register
from portal.web.permissions import ROLE_NAMES, Role


def _role_names(context: dict) -> dict:
    return {"roles": ", ".join(str(ROLE_NAMES[Role(role)]) for role in context.get("roles", []))}


register(
    "accounts.password_changed",
    title=_l("Your password was changed"),
    body=_l("If you did not change it, ask an administrator or a community connector you trust for help straight away."),
    urgent=True,
)
register(
    "accounts.recovery_reset",
    title=_l("You have a new recovery code"),
    body=_l("Someone who has met you gave you a new recovery code. Your old code no longer works. If this was not you, ask an administrator for help."),
    urgent=True,
)
register(
    "accounts.roles_changed",
    title=_l("Your roles have changed"),
    body=_l("Your roles are now: %(roles)s."),
    values=_role_names,
)
register(
    "accounts.two_factor_on",
    title=_l("Two-factor sign-in is on"),
    body=_l("From now on you will enter a code from your app when you sign in."),
)
