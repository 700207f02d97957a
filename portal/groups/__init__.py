"""Co-production groups: what each is for, what to expect, and who is in it."""

from flask import Blueprint

bp = Blueprint("groups", __name__)


@bp.app_template_filter("touchpoint_name")
def touchpoint_name(value: str) -> str:
    """A touchpoint in plain words, in the reader's language."""
    from portal.groups.forms import TOUCHPOINT_NAMES
    from portal.groups.models import Touchpoint

    return str(TOUCHPOINT_NAMES.get(Touchpoint(value), value)) if value in Touchpoint.__members__ else value

from portal.groups import notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
