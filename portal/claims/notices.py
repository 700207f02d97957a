"""Message kinds about claims. They never name the group: it may be a sensitive one."""

from flask_babel import format_currency
from flask_babel import lazy_gettext as _l

from portal.notifications.kinds import register


def _amount(context: dict) -> dict:
    """The amount in the reader's language."""
    return {**context, "amount": format_currency(context["amount_pence"] / 100, "GBP")}


register(
    "claims.approved",
    title=_l("Your claim for %(amount)s is approved"),
    body=_l("The service will pay you %(amount)s. Ask your community connector or the facilitator if you have not been paid within a month."),
    values=_amount,
)
register(
    "claims.rejected",
    title=_l("Your claim for %(amount)s was not approved"),
    body=_l("Open your claims to read why. You can ask your community connector or the facilitator about it."),
    values=_amount,
)
