"""What every page template can use: the language, its direction and the language list."""

from flask import Flask
from flask_babel import format_currency, format_decimal

from portal.web.i18n import LANGUAGES, current_language
from portal.web.permissions import can


def paragraphs(text: str | None) -> list[str]:
    """Split typed text into paragraphs at blank lines (each is escaped when shown)."""
    return [part.strip() for part in (text or "").replace("\r\n", "\n").split("\n\n") if part.strip()]


def pounds(pence: int | None) -> str:
    """An amount held in pence, as money in the reader's language (£4.50, ٤٫٥٠ £ …)."""
    return format_currency((pence or 0) / 100, "GBP")


def _layout_context() -> dict:
    return {"lang": current_language(), "languages": LANGUAGES.values()}


def init_app(app: Flask) -> None:
    """Register the layout's template context."""
    app.context_processor(_layout_context)
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.policies["ext.i18n.trimmed"] = True
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.filters["pounds"] = pounds
    app.jinja_env.filters["format_number"] = format_decimal
    app.jinja_env.globals["can"] = can
