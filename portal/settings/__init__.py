"""Service settings admins change in the portal, with defaults from the environment."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Make the settings in force available to every template as `settings`."""
    from portal.settings.queries import service_settings

    app.context_processor(lambda: {"settings": service_settings()})
