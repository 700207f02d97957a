"""Changing a service setting: validate, store, audit, commit."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from flask import g
from sqlmodel import Session

from portal.audit import services as audit
from portal.db import utc_now
from portal.settings.models import ServiceSetting
from portal.web.i18n import LANGUAGES


class InvalidSetting(ValueError):
    """The value given for a setting is not one the portal can use."""

    key = ""


def _text(limit: int) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        if not isinstance(value, str) or not value.strip() or len(value) > limit:
            raise InvalidSetting(f"a text of 1 to {limit} characters")
        return value.strip()

    return check


def _optional_path(value: Any) -> str:
    if value == "":
        return ""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        raise InvalidSetting("a path on this site, starting with /")
    return value


def _https_url(value: Any) -> str:
    if not isinstance(value, str) or len(value) > 500:
        raise InvalidSetting("a web address")
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.netloc:
        raise InvalidSetting("an https:// web address")
    return value


def _languages(value: Any) -> list[str]:
    if not isinstance(value, list) or any(code not in LANGUAGES for code in value):
        raise InvalidSetting("a list of supported language codes")
    return sorted(set(value))


def _minutes(low: int, high: int) -> Callable[[Any], int]:
    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise InvalidSetting(f"a whole number of minutes from {low} to {high}")
        return value

    return check


def _pence(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100_000:
        raise InvalidSetting("a whole number of pence from 0 to 100000")
    return value


def _contacts(value: Any) -> list[dict]:
    if not isinstance(value, list) or len(value) > 12:
        raise InvalidSetting("a list of at most 12 contacts")
    contacts = []
    for item in value:
        if not isinstance(item, dict):
            raise InvalidSetting("each contact has a name, a description and a number")
        contact = {
            "name": _text(80)(item.get("name")),
            "description": _text(300)(item.get("description")),
            "tel": str(item.get("tel", "")).replace(" ", ""),
            "sms": str(item.get("sms", "")).replace(" ", ""),
        }
        numbers = [contact["tel"], contact["sms"]]
        if not any(numbers) or any(n and not n.lstrip("+").isdigit() for n in numbers):
            raise InvalidSetting("each contact needs a phone or text number made of digits")
        contacts.append(contact)
    return contacts


VALIDATORS: dict[str, Callable[[Any], Any]] = {
    "site_name": _text(80),
    "site_logo": _optional_path,
    "quick_exit_url": _https_url,
    "reviewed_languages": _languages,
    "session_timeout_minutes": _minutes(5, 480),
    "staff_session_timeout_minutes": _minutes(5, 120),
    "payment_rate_pence_per_hour": _pence,
    "crisis_contacts": _contacts,
}


def _validated(key: str, value: Any) -> Any:
    if key not in VALIDATORS:
        raise InvalidSetting(f"no setting called {key!r}")
    try:
        return VALIDATORS[key](value)
    except InvalidSetting as error:
        error.key = key
        raise


def update_settings(session: Session, *, values: dict[str, Any], actor: str | uuid.UUID) -> None:
    """Store new values for several settings at once, auditing each one that changed."""
    clean = {key: _validated(key, value) for key, value in values.items()}
    for key, value in clean.items():
        row = session.get(ServiceSetting, key)
        if row is None:
            session.add(ServiceSetting(key=key, value=value))
        elif row.value != value:
            row.value = value
            row.updated_at = utc_now()
        else:
            continue
        audit.record(session, action="settings.update", subject_kind="setting", subject=key, actor=actor)
    session.commit()
    g.pop("service_settings", None)


def update_setting(session: Session, *, key: str, value: Any, actor: str | uuid.UUID) -> None:
    """Store a new value for one setting and audit who changed it."""
    update_settings(session, values={key: value}, actor=actor)
