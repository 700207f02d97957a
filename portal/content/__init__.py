"""Human translations of group and meeting text, the agreed-terms glossary, and easy read."""

from flask import Blueprint

bp = Blueprint("content", __name__)


@bp.app_context_processor
def _reading_helpers() -> dict:
    from portal.content.reading import easy_read_mode, translated

    return {"translated": translated, "easy_read_mode": easy_read_mode}


@bp.app_template_filter("linked")
def linked(value) -> str:
    """Text escaped, with glossary terms linked to what they mean."""
    from portal.content.reading import linked as link

    return link(value)


@bp.app_template_filter("linked_paragraphs")
def linked_paragraphs(value) -> list:
    """Text as escaped paragraphs, with glossary terms linked to what they mean."""
    from portal.content.reading import linked_paragraphs as link

    return link(value)

from portal.content import routes  # noqa: E402,F401  (routes attach to bp)
