"""Ideas and feedback: what happened, what should change, and where each one is up to."""

from flask import Blueprint

bp = Blueprint("ideas", __name__)


@bp.app_template_filter("detail_names")
def detail_names(kinds: list[str]) -> str:
    """Kinds of personal detail in plain words, in the reader's language."""
    from portal.ideas.moderation_routes import DETAIL_NAMES

    return ", ".join(str(DETAIL_NAMES.get(kind, kind)) for kind in kinds)


from portal.ideas import moderation_routes, notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
