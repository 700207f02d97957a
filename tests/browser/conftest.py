"""Browser tests: the system Chromium through Playwright, one browser for the whole run."""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit
import threading
from collections.abc import Iterator

import pytest
from werkzeug.serving import make_server

from tests.conftest import make_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}
EXIT_URL = "https://exit.example/weather"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def live_app(tmp_path_factory, migrated_sqlite):
    """The app the browser tests talk to, on its own migrated database."""
    path = tmp_path_factory.mktemp("live") / "portal.sqlite3"
    shutil.copy(migrated_sqlite, path)
    return make_app(f"sqlite:///{path}", QUICK_EXIT_URL=EXIT_URL)


@pytest.fixture(scope="session")
def live_server(live_app) -> Iterator[str]:
    """The portal served on loopback from a thread."""
    app = live_app
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=10)
    app.extensions["database"].dispose()


@pytest.fixture(scope="session")
def browser():
    """One Chromium for the run; the suite never downloads a browser of its own."""
    if not shutil.which("chromium") and not shutil.os.path.exists(CHROMIUM):
        pytest.fail("Chromium is missing: run `make test`, which installs Debian's chromium", pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _context(browser, live_server, *, javascript: bool, language: str | None, viewport=PHONE):
    context = browser.new_context(viewport=viewport, java_script_enabled=javascript, base_url=live_server)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    # Nothing may leave the machine: the exit destination is answered locally, anything
    # else off-site is refused (and so would fail the test that needed it).
    context.route(
        "https://exit.example/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<title>Weather</title><h1>Weather</h1>"),
    )
    context.route(
        lambda url: not url.startswith(live_server) and not url.startswith("https://exit.example/"),
        lambda route: route.abort(),
    )
    if language:
        context.add_cookies([{"name": "portal_lang", "value": language, "url": live_server}])
    return context


@pytest.fixture(params=[True, False], ids=["js-on", "js-off"])
def javascript(request) -> bool:
    return request.param


@pytest.fixture
def new_page(browser, live_server):
    """Open a page at phone size; call with javascript= and language=."""
    contexts = []

    def opener(*, javascript: bool = True, language: str | None = None, viewport=PHONE):
        context = _context(browser, live_server, javascript=javascript, language=language, viewport=viewport)
        contexts.append(context)
        return context.new_page()

    yield opener
    for context in contexts:
        context.close()


SUBMIT = "main form[method=post] button[type=submit]:not([name])"


def on_path(path: str):
    """A URL test for wait_for_url that looks at the path only: "/sign-in/two-factor?next=/account"
    must not count as having reached "/account"."""
    return lambda url: urlsplit(url).path == path


def sign_in_on_page(page, person) -> None:
    """Sign in through the real form, with the authenticator code when the account has one."""
    import pyotp

    page.goto("/sign-in")
    page.locator("#pseudonym").fill(person.pseudonym)
    page.locator("#password").fill(person.password)
    page.locator(SUBMIT).click()
    if person.totp_secret:
        page.locator("#code").fill(pyotp.TOTP(person.totp_secret).now())
        page.locator(SUBMIT).click()
    page.wait_for_url(on_path("/account"))
