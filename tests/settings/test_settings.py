"""Service settings: environment defaults, admin changes stored and audited, bad values refused."""

import pytest
from sqlmodel import select

from portal.audit.models import AuditEntry
from portal.extensions import db
from portal.settings import services
from portal.settings.defaults import DEFAULT_CRISIS_CONTACTS
from portal.settings.queries import service_settings
from tests.conftest import make_app


def test_defaults_come_from_the_environment_config(sqlite_url):
    app = make_app(sqlite_url, SITE_NAME="Northtown Voices", QUICK_EXIT_URL="https://example.org/")
    with app.test_request_context():
        settings = service_settings()
    assert settings.site_name == "Northtown Voices"
    assert settings.quick_exit_url == "https://example.org/"
    assert settings.crisis_contacts == DEFAULT_CRISIS_CONTACTS


def test_a_changed_setting_is_stored_audited_and_shown(db_app):
    with db_app.test_request_context():
        services.update_setting(db.session, key="site_name", value="  Riverside Voices ", actor="admin1")
    with db_app.test_request_context():
        assert service_settings().site_name == "Riverside Voices"
        [entry] = db.session.exec(select(AuditEntry)).all()
        assert (entry.action, entry.subject, entry.actor) == ("settings.update", "site_name", "admin1")
    assert "Riverside Voices" in db_app.test_client().get("/").text


def test_crisis_contacts_can_be_replaced(db_app):
    contacts = [{"name": "Crisis line", "description": "Any time", "tel": "0800 123 456", "sms": ""}]
    with db_app.test_request_context():
        services.update_setting(db.session, key="crisis_contacts", value=contacts, actor="admin1")
    body = db_app.test_client().get("/get-help-now").text
    assert 'href="tel:0800123456"' in body and "Crisis line" in body


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("site_name", ""),
        ("site_name", "x" * 81),
        ("quick_exit_url", "javascript:alert(1)"),
        ("quick_exit_url", "http://insecure.example"),
        ("site_logo", "https://elsewhere.example/logo.png"),
        ("reviewed_languages", ["en", "xx"]),
        ("session_timeout_minutes", 0),
        ("session_timeout_minutes", True),
        ("staff_session_timeout_minutes", 500),
        ("crisis_contacts", [{"name": "No number", "description": "x", "tel": "", "sms": ""}]),
        ("crisis_contacts", [{"name": "Bad", "description": "x", "tel": "call me", "sms": ""}]),
        ("no_such_setting", "x"),
    ],
)
def test_bad_values_are_refused_and_nothing_is_stored(app, key, value):
    with app.test_request_context():
        with pytest.raises(services.InvalidSetting):
            services.update_setting(db.session, key=key, value=value, actor="admin1")
        db.session.rollback()
        assert db.session.exec(select(AuditEntry)).all() == []


def test_reviewed_languages_hide_the_translation_note(app):
    client = app.test_client()
    client.set_cookie("portal_lang", "cy")
    before = client.get("/").text.count('role="note"')
    with app.test_request_context():
        services.update_setting(db.session, key="reviewed_languages", value=["en", "cy"], actor="admin1")
    after = client.get("/").text.count('role="note"')
    assert (before, after) == (1, 0)


def test_pages_still_render_with_defaults_when_settings_cannot_be_read(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'never-migrated.sqlite3'}", SITE_NAME="Fallback Voices")
    response = app.test_client().get("/privacy")
    assert response.status_code == 200 and "Fallback Voices" in response.text
