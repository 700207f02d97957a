"""Static files: fingerprinted, cached for a year, sent compressed; nothing from other sites."""

import re

from portal.web.assets import ONE_YEAR


def _asset_urls(client) -> list[str]:
    return re.findall(r'(?:href|src)="(/assets/[^"]+)"', client.get("/").text)


def test_pages_link_fingerprinted_css_and_scripts(client):
    urls = _asset_urls(client)
    assert any(url.endswith("/dist/portal.css") for url in urls)
    assert any(url.endswith("/vendor/htmx.min.js") for url in urls)
    assert any(url.endswith("/js/portal.js") for url in urls)


def test_assets_are_cached_for_a_year_and_compressed(client):
    for url in _asset_urls(client):
        response = client.get(url, headers={"Accept-Encoding": "gzip, br"})
        assert response.status_code == 200
        assert response.headers["Cache-Control"] == f"public, max-age={ONE_YEAR}, immutable"
        assert response.headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response.headers["Vary"]


def test_assets_are_sent_plain_to_clients_without_gzip(client):
    url = next(url for url in _asset_urls(client) if url.endswith(".css"))
    response = client.get(url, headers={"Accept-Encoding": "identity"})
    assert "Content-Encoding" not in response.headers
    assert b":root{" in response.data[:20]


def test_an_old_fingerprint_or_a_path_outside_static_is_404(client):
    assert client.get("/assets/0000000000000000/dist/portal.css").status_code == 404
    assert client.get("/assets/0000000000000000/../config.py").status_code == 404


def test_no_page_or_stylesheet_loads_anything_from_another_origin(client):
    html = client.get("/").text
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html.split("<body", 1)[0])
    css_url = next(url for url in _asset_urls(client) if url.endswith(".css"))
    css = client.get(css_url, headers={"Accept-Encoding": "identity"}).text
    assert "@font-face" not in css
    assert not re.search(r"url\(['\"]?(?:https?:)?//", css)


def test_htmx_is_configured_to_keep_nothing_and_evaluate_nothing(client):
    html = client.get("/").text
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'", html).group(1)
    assert '"historyCacheSize": 0' in config
    assert '"allowEval": false' in config
    assert '"includeIndicatorStyles": false' in config
