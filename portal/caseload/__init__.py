"""A community connector's caseload: the people they support, quick contact records, reaching out."""

from flask import Blueprint

bp = Blueprint("caseload", __name__)


@bp.app_template_filter("channel_name")
def channel_name(value: str) -> str:
    """A contact channel in plain words, in the reader's language."""
    from portal.caseload.routes import CHANNEL_NAMES

    return str(CHANNEL_NAMES.get(value, value))

from portal.caseload import routes  # noqa: E402,F401  (routes attach to bp)
