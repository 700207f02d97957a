"""Reading the service settings: stored values over environment defaults, once per request."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from flask import current_app, g
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from portal.extensions import db
from portal.settings.defaults import DEFAULT_CRISIS_CONTACTS
from portal.settings.models import ServiceSetting

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServiceSettings:
    """Everything about the running service an admin can change."""

    site_name: str
    site_logo: str
    quick_exit_url: str
    reviewed_languages: tuple[str, ...]
    session_timeout_minutes: int
    staff_session_timeout_minutes: int
    payment_rate_pence_per_hour: int
    crisis_contacts: tuple[dict, ...] = field(default=DEFAULT_CRISIS_CONTACTS)


def defaults() -> dict:
    """The settings as the environment gives them, before any admin change."""
    config = current_app.config
    return {
        "site_name": config["SITE_NAME"],
        "site_logo": config["SITE_LOGO"],
        "quick_exit_url": config["QUICK_EXIT_URL"],
        "reviewed_languages": tuple(config["REVIEWED_LANGUAGES"]),
        "session_timeout_minutes": config["SESSION_TIMEOUT_MINUTES"],
        "staff_session_timeout_minutes": config["STAFF_SESSION_TIMEOUT_MINUTES"],
        "payment_rate_pence_per_hour": config["PAYMENT_RATE_PENCE_PER_HOUR"],
        "crisis_contacts": tuple(config["CRISIS_CONTACTS"]) or DEFAULT_CRISIS_CONTACTS,
    }


def service_settings() -> ServiceSettings:
    """The settings in force, read once per request; the defaults if the database is down."""
    if "service_settings" not in g:
        values = defaults()
        try:
            for row in db.session.exec(select(ServiceSetting)):
                if row.key in values:
                    stored = row.value
                    values[row.key] = tuple(stored) if isinstance(stored, list) else stored
        except SQLAlchemyError:
            db.session.rollback()
            log.warning("service settings unreadable; using defaults")
        values["crisis_contacts"] = values["crisis_contacts"] or DEFAULT_CRISIS_CONTACTS
        g.service_settings = ServiceSettings(**values)
    return g.service_settings
