"""One rule for HTMX: a fragment for an htmx swap, the whole page otherwise, Vary always set."""

import pytest
from flask import Flask

from portal.web.htmx import render
from tests.pages import check_page, fragment


@pytest.fixture
def htmx_app(app) -> Flask:
    @app.get("/demo-fragment")
    def demo():
        return render("errors/error.html", fragment="components/_message.html", title="T", message="M")

    return app


@pytest.mark.parametrize(
    ("headers", "whole_page"),
    [
        ({}, True),
        ({"HX-Request": "true"}, False),
        ({"HX-Request": "true", "HX-Boosted": "true"}, True),
        ({"HX-Request": "true", "HX-History-Restore-Request": "true"}, True),
    ],
)
def test_fragment_or_page(htmx_app, headers, whole_page):
    response = htmx_app.test_client().get("/demo-fragment", headers=headers)
    assert "HX-Request" in response.headers["Vary"]
    if whole_page:
        check_page(response.text)
    else:
        element = fragment(response.text)
        assert "".join(element.itertext()).strip() == "M"


def test_a_boosted_redirect_shows_the_destinations_address(client):
    response = client.get("/privacy", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert response.headers["HX-Push-Url"] == "/privacy"
    assert "HX-Push-Url" not in client.get("/privacy").headers
