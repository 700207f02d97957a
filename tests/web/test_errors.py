"""Error pages: the right status, in the person's language, never a stack trace."""

import pytest
import sqlalchemy as sa
from flask import abort, request

from portal.web.i18n import LANGUAGE_COOKIE
from tests.pages import text_of

CODES = [400, 403, 404, 405, 413, 429, 500, 503]


@pytest.fixture
def failing_app(app):
    """The app with one route that fails with each status."""

    @app.get("/fail/<int:code>")
    def fail(code):
        if code == 500:
            raise RuntimeError(f"failed for {request.args.get('pseudonym', 'someone')}")
        if code == 503:
            raise sa.exc.OperationalError("SELECT 1", {}, Exception("down"))
        abort(code)

    return app


@pytest.mark.parametrize("code", CODES)
def test_error_pages_have_their_status_and_a_next_step(failing_app, page, code):
    response, document = page.get(f"/fail/{code}", status=code)
    assert text_of(document.find(".//h1"))
    assert document.find(".//a[@href='/']") is not None
    assert "Traceback" not in response.text and "failed for" not in response.text


@pytest.mark.parametrize("code", CODES)
def test_error_pages_are_in_the_persons_language(failing_app, client, page, code):
    english = text_of(page.get(f"/fail/{code}", status=code)[1].find(".//h1"))
    client.set_cookie(LANGUAGE_COOKIE, "ur")
    _response, document = page.get(f"/fail/{code}", status=code)
    assert document.find(".").get("dir") == "rtl"
    assert text_of(document.find(".//h1")) != english


def test_busy_page_asks_to_try_again_later(failing_app, client):
    response = client.get("/fail/503")
    assert response.headers["Retry-After"] == "120"


def test_unknown_page_is_404(page):
    page.get("/no-such-page", status=404)


def test_wrong_method_is_405_with_allow_header(client):
    response = client.delete("/")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]


def test_oversized_body_is_413(client):
    response = client.post("/report-a-problem", data={"description": "x" * 600_000})
    assert response.status_code == 413
    assert "too big" in response.text


def test_invalid_utf8_in_the_path_is_a_404_not_a_500(client):
    assert client.get("/%ff%fe").status_code == 404


def test_error_log_carries_no_typed_values(failing_app, client, caplog):
    client.get("/fail/500?pseudonym=BlueHeron42")
    logged = caplog.text
    assert "RuntimeError" in logged
    assert "BlueHeron42" not in logged


def test_request_log_names_the_endpoint_not_the_address_or_query(client, caplog):
    caplog.set_level("INFO", logger="portal.requests")
    client.get("/privacy?name=BlueHeron42", environ_base={"REMOTE_ADDR": "203.0.113.9"})
    assert "site.privacy" in caplog.text
    assert "BlueHeron42" not in caplog.text and "203.0.113.9" not in caplog.text
