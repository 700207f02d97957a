"""Pages are sent compressed only for requests the portal or the person started, so another
site can never measure compressed sizes of a page that holds a CSRF token (BREACH)."""

from __future__ import annotations

import gzip

import pytest

from tests.factories import make_account, sign_in


def _get(client, path: str, initiator: str | None, encoding: str | None = "gzip, br"):
    headers = {key: value for key, value in (("Sec-Fetch-Site", initiator), ("Accept-Encoding", encoding)) if value}
    return client.get(path, headers=headers)


@pytest.mark.parametrize("initiator", ["same-origin", "none"])
def test_a_page_the_portal_or_the_person_asked_for_comes_compressed(client, initiator):
    plain = _get(client, "/", None)
    packed = _get(client, "/", initiator)
    assert packed.headers["Content-Encoding"] == "gzip"
    assert {"Accept-Encoding", "Sec-Fetch-Site", "HX-Request"} <= set(packed.vary)
    page = gzip.decompress(packed.get_data()).decode()
    assert page.startswith("<!DOCTYPE html>") and "Exit this page" in page
    assert int(packed.headers["Content-Length"]) == len(packed.get_data()) < len(plain.get_data()) / 2


@pytest.mark.parametrize("initiator", ["cross-site", "same-site", None])
def test_a_page_another_site_could_have_asked_for_is_never_compressed(client, initiator):
    # The address is echoed in the page (the language link), beside the CSRF token: exactly
    # what a BREACH attacker needs, so it must not be compressed.
    response = _get(client, "/ideas?guess=csrf_token%3DImE", initiator)
    assert "Content-Encoding" not in response.headers
    assert "guess=csrf_token" in response.text and "X-CSRFToken" in response.text


def test_no_compression_without_gzip_or_for_tiny_answers_or_files_already_packed(client):
    assert "Content-Encoding" not in _get(client, "/", "same-origin", encoding="identity").headers
    health = _get(client, "/healthz", "same-origin")
    assert len(health.get_data()) < 1024 and "Content-Encoding" not in health.headers
    page = _get(client, "/", None).text
    stylesheet = page.split('rel="stylesheet" href="', 1)[1].split('"', 1)[0]
    asset = _get(client, stylesheet, "same-origin")
    assert asset.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(asset.get_data())


def test_signed_in_pages_follow_the_same_rule(app):
    person = make_account(app)
    client = app.test_client()
    sign_in(client, person)
    assert _get(client, "/ideas/mine", "same-origin").headers["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in _get(client, "/ideas/mine", "cross-site").headers
