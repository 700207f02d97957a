"""Data rights: see and download your data, delete your account, the log of requests about
data, and the retention job."""

from flask import Blueprint, g
from flask_babel import ngettext

bp = Blueprint("rights", __name__)


@bp.app_template_global()
def privacy_note_due() -> bool:
    """True the first time a page asks, so the link to the privacy notice beside its forms is
    shown once."""
    if g.get("privacy_note_shown"):
        return False
    g.privacy_note_shown = True
    return True


@bp.app_template_global()
def retention_periods() -> list[tuple[object, int]]:
    """How long each kind of record is kept, for the privacy page."""
    from portal.rights.retention import periods

    return periods()


@bp.app_template_filter()
def days_in_words(days: int) -> str:
    """A number of days as a reader says it: whole years, whole months, or days."""
    if days % 365 == 0:
        return ngettext("%(num)s year", "%(num)s years", days // 365)
    if days % 30 == 0:
        return ngettext("%(num)s month", "%(num)s months", days // 30)
    return ngettext("%(num)s day", "%(num)s days", days)


from portal.rights import routes  # noqa: E402,F401  (attaches routes)
