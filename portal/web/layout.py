"""What every page template can use: the language, its direction and the language list."""

from flask import Flask

from portal.web.i18n import LANGUAGES, current_language


def _layout_context() -> dict:
    return {"lang": current_language(), "languages": LANGUAGES.values()}


def init_app(app: Flask) -> None:
    """Register the layout's template context."""
    app.context_processor(_layout_context)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.policies["ext.i18n.trimmed"] = True
