"""Pages read what they need once: the statement counter catches N+1 reads."""

import pytest

from tests.conftest import count_queries


@pytest.mark.parametrize("url", ["/", "/get-help-now", "/privacy", "/accessibility", "/report-a-problem"])
def test_a_public_page_reads_the_settings_once_and_nothing_else(app, client, url):
    app.config["PAGE_CACHE_ENTRIES"] = 0  # as rendered, not as kept for visitors
    client.get(url)
    with count_queries(app) as statements:
        client.get(url)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, statements
    assert "service_setting" in selects[0]


def test_a_page_kept_for_visitors_reads_only_the_page_generation(app, client):
    client.get("/")
    with count_queries(app) as statements:
        response = client.get("/")
    assert response.headers["X-Page-Cache"] == "hit"
    assert len(statements) == 1 and "page_generation" in statements[0], statements
