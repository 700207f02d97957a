"""Pages read what they need once: the statement counter catches N+1 reads."""

import pytest

from tests.conftest import count_queries


@pytest.mark.parametrize("url", ["/", "/get-help-now", "/privacy", "/accessibility", "/report-a-problem"])
def test_a_public_page_reads_the_settings_once_and_nothing_else(app, client, url):
    client.get(url)
    with count_queries(app) as statements:
        client.get(url)
    selects = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 1, statements
    assert "service_setting" in selects[0]
