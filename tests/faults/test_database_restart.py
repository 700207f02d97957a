"""PostgreSQL stopped and started again while people use the portal: a clear "try again",
nothing acknowledged is lost, and the portal recovers by itself."""

from __future__ import annotations

import html
import threading
import time
import uuid
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.pool import NullPool

from tests.conftest import make_app
from tests.factories import PASSWORD, make_account
from tests.factories import form_fields as hidden_fields
from tests.faults.conftest import Browser, Gunicorn, flask_command, portal_environment

WRITERS = 3
READERS = 2
PUBLIC_PAGES = ("/", "/ideas", "/healthz")
ENGLISH_BUSY = ("Sorry, the service is busy", "Try again in a few minutes.")
WELSH_BUSY = ("Mae'n ddrwg gennym ni, mae'r gwasanaeth yn brysur", "Rhowch gynnig arall arni ymhen ychydig funudau.")


@dataclass
class Tally:
    """What the load saw: every status, anything unexpected, and each acknowledged idea."""

    statuses: dict[int, int] = field(default_factory=dict)
    unexpected: list[str] = field(default_factory=list)
    acknowledged: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saw(self, method: str, path: str, status: int, body: str, allowed: tuple[int, ...]) -> None:
        with self.lock:
            self.statuses[status] = self.statuses.get(status, 0) + 1
            if status not in allowed or "Traceback" in body:
                self.unexpected.append(f"{method} {path} -> {status}: {body[:200]!r}")
            if status == 503 and ENGLISH_BUSY[0] not in body and path != "/healthz":
                self.unexpected.append(f"{method} {path} -> 503 without the try-again page: {body[:200]!r}")


def _sign_in(base: str, pseudonym: str) -> Browser:
    browser = Browser(base)
    tokens = hidden_fields(browser.get("/sign-in").body)
    answer = browser.post("/sign-in", {**tokens, "pseudonym": pseudonym, "password": PASSWORD})
    assert answer.status == 303, answer.body[:300]
    return browser


def _share_idea(browser: Browser, text: str, tally: Tally) -> bool:
    """Fetch the idea form and send it; True when the portal acknowledged it."""
    form = browser.get("/ideas/new")
    tally.saw("GET", "/ideas/new", form.status, form.body, (200, 503))
    if form.status != 200:
        return False
    fields = {**hidden_fields(form.body), "risk": "no", "touchpoint": "other", "what_happened": text, "what_should_change": "", "language": "en", "group": ""}
    sent = browser.post("/ideas/new", fields)
    tally.saw("POST", "/ideas/new", sent.status, sent.body, (303, 503))
    if sent.status == 303 and "/sent" in sent.headers.get("Location", ""):
        with tally.lock:
            tally.acknowledged.append(text)
        return True
    return False


def _write(browser: Browser, name: str, tally: Tally, stop: threading.Event) -> None:
    number = 0
    while not stop.is_set():
        number += 1
        if not _share_idea(browser, f"fault test {name} idea {number}", tally):
            time.sleep(0.1)


def _read(base: str, tally: Tally, stop: threading.Event) -> None:
    browser = Browser(base)
    while not stop.is_set():
        for path in PUBLIC_PAGES:
            answer = browser.get(path)
            tally.saw("GET", path, answer.status, answer.body, (200, 503))
        time.sleep(0.05)


def _wait_for(browser: Browser, path: str, status: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if browser.get(path).status == status:
            return True
        time.sleep(0.2)
    return False


def test_a_database_restart_under_load_loses_nothing_acknowledged_and_says_try_again(private_postgres, tmp_path):
    """Guarantees: while PostgreSQL is down every page that needs it is the translated 503
    "try again" page (never a 500 or a stack trace), pages that need no data (the crisis
    contacts) still answer, and /healthz says 503; every idea the portal acknowledged
    with its 303 is in the database afterwards (saved rows >= acknowledgements, each at most
    once); once PostgreSQL is back the same gunicorn workers serve and save again."""
    started = time.monotonic()
    url = private_postgres.create_database(f"portal_{uuid.uuid4().hex[:8]}")
    environment = portal_environment(url)
    flask_command(environment, "db", "upgrade")
    setup = make_app(url)
    writers = [make_account(setup) for _ in range(WRITERS)]
    setup.extensions["database"].dispose()
    server = Gunicorn(environment, tmp_path)
    tally, stop = Tally(), threading.Event()
    database_was_stopped = False
    try:
        browsers = [_sign_in(server.base, person.pseudonym) for person in writers]
        threads = [threading.Thread(target=_write, args=(browser, str(n), tally, stop)) for n, browser in enumerate(browsers)]
        threads += [threading.Thread(target=_read, args=(server.base, tally, stop)) for _ in range(READERS)]
        for thread in threads:
            thread.start()
        deadline = time.monotonic() + 20
        while len(tally.acknowledged) < 2 * WRITERS and time.monotonic() < deadline:
            time.sleep(0.1)
        acknowledged_before = len(tally.acknowledged)

        private_postgres.stop("fast")
        database_was_stopped = True
        probe, welsh = Browser(server.base), Browser(server.base, language="cy")
        assert probe.get("/healthz").status == 503
        english_page, welsh_page = probe.get("/ideas"), welsh.get("/ideas")
        help_page = probe.get("/get-help-now")
        down_until = time.monotonic() + 15  # until the load has met the stopped database (3 s at least)
        time.sleep(3)
        while not tally.statuses.get(503) and time.monotonic() < down_until:
            time.sleep(0.1)
        private_postgres.start()
        database_was_stopped = False
        recovered = _wait_for(probe, "/healthz", 200, 20)
        at_restart, saving_until = len(tally.acknowledged), time.monotonic() + 20  # until the load saves again
        while len(tally.acknowledged) <= at_restart and time.monotonic() < saving_until:
            time.sleep(0.1)
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        assert not any(thread.is_alive() for thread in threads), "a load thread hung"

        assert recovered, "/healthz did not come back to 200"
        assert english_page.status == 503 and english_page.headers.get("Retry-After")
        assert all(words in english_page.body for words in ENGLISH_BUSY), english_page.body[:500]
        assert welsh_page.status == 503 and 'lang="cy"' in welsh_page.body
        assert all(words in html.unescape(welsh_page.body) for words in WELSH_BUSY), welsh_page.body[:3000]
        assert "Traceback" not in english_page.body + welsh_page.body
        assert help_page.status == 200, "the crisis contacts need no database"
        assert tally.unexpected == [], tally.unexpected[:10]
        assert tally.statuses.get(503), "the load never met the stopped database"
        assert acknowledged_before > 0 and len(tally.acknowledged) > acknowledged_before, "nothing was saved after the restart"
        for person, browser in zip(writers, browsers, strict=True):
            assert _share_idea(browser, f"after the restart {person.pseudonym}", tally), tally.unexpected[-3:]
        for path in PUBLIC_PAGES:
            assert probe.get(path).status == 200
    finally:
        stop.set()
        if database_was_stopped:
            private_postgres.start()
        server.stop()

    engine = sa.create_engine(url, poolclass=NullPool)
    with engine.connect() as connection:
        saved = connection.execute(sa.text("SELECT what_happened FROM idea")).scalars().all()
    engine.dispose()
    missing = set(tally.acknowledged) - set(saved)
    assert not missing, f"acknowledged but not saved: {sorted(missing)[:5]}"
    assert len(saved) == len(set(saved)), "an idea was saved twice"
    assert len(saved) >= len(tally.acknowledged)
    log = server.log.read_text(errors="replace")
    assert "Traceback" not in log, log[-3000:]
    assert "[CRITICAL] WORKER TIMEOUT" not in log
    assert time.monotonic() - started < 90
