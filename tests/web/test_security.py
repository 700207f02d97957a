"""Security headers, CSRF and caching on every response."""

import pytest

from tests.conftest import make_app


def test_every_page_has_a_strict_content_security_policy(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["script-src"].startswith("'self' 'nonce-")
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert directives["style-src"] == "'self'"


def test_the_nonce_changes_on_every_response(client):
    first = client.get("/").headers["Content-Security-Policy"]
    second = client.get("/").headers["Content-Security-Policy"]
    assert first != second


def test_every_page_forbids_framing_sniffing_and_referrers(client):
    headers = client.get("/privacy").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "/report-a-problem", "/get-help-now", "/nope"])
def test_pages_are_never_stored_by_the_browser(client, url):
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_hsts_is_sent_outside_development(sqlite_url):
    production = make_app(sqlite_url, ENV_NAME="production", SECRET_KEY="x" * 40)
    assert "max-age=" in production.test_client().get("/").headers["Strict-Transport-Security"]


def test_hsts_is_not_sent_in_development(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_production_refuses_to_start_without_a_secret_key(sqlite_url, monkeypatch):
    from portal import ConfigurationError, create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("PORTAL_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", sqlite_url)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        create_app()


def test_production_cookies_are_secure_httponly_and_lax(sqlite_url):
    production = make_app(sqlite_url, ENV_NAME="production", SECRET_KEY="x" * 40)
    client = production.test_client()
    client.get("/language")
    cookie = client.get_cookie("portal_session")
    assert cookie.secure and cookie.http_only and cookie.same_site == "Lax"


def test_a_post_without_a_csrf_token_is_refused_in_the_persons_language(client):
    response = client.post("/language", data={"language": "cy"}, headers={"Accept-Language": "cy"})
    assert response.status_code == 400
    assert "portal_lang" not in response.headers.get("Set-Cookie", "")
    assert "This form has expired" not in response.text  # Welsh, not English


def test_htmx_requests_send_the_csrf_token_in_a_header(client):
    body = client.get("/").text
    assert 'hx-headers=\'{"X-CSRFToken": "' in body


def test_a_forged_csrf_header_is_refused(client):
    client.get("/")
    response = client.post(
        "/language", data={"language": "cy"}, headers={"X-CSRFToken": "forged"}
    )
    assert response.status_code == 400


def test_proxy_headers_are_trusted_only_when_configured(sqlite_url):
    trusting = make_app(sqlite_url, PROXY_X_FOR=1, PROXY_X_PROTO=1)
    assert trusting.wsgi_app.__class__.__name__ == "ProxyFix"
    plain = make_app(sqlite_url)
    assert plain.wsgi_app.__class__.__name__ != "ProxyFix"
