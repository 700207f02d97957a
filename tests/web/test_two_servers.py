"""Two gunicorn servers on one PostgreSQL database and one Redis: a person signed in on one
is signed in on the other, votes sent to both at once leave one vote per person, and failed
sign-ins through both add up to one wait."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
import requests
import sqlalchemy as sa

from portal.accounts.models import SignInThrottle
from portal.db import utc_now
from portal.extensions import db
from portal.groups.models import Touchpoint
from portal.proposals import queries, services
from portal.proposals.models import Eligibility, Method, Proposal, Results, Vote
from portal.proposals.services import NewProposal
from portal.web.permissions import Role
from tests.conftest import REDIS_URL, _fresh_postgres_database, make_app
from tests.factories import Person, form_fields, make_account

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
SECRET_KEY = f"two-servers-{uuid.uuid4().hex}"
#: Its own Redis database, so it never meets the counts of the throttle tests.
SERVERS_REDIS_URL = urllib.parse.urlsplit(REDIS_URL)._replace(path="/14").geturl()
TIMEOUT = 15
CHOICES = ("support", "neutral", "concerns")


class Browser:
    """One person's cookies, sent by hand: production cookies are Secure and these servers
    speak plain HTTP on loopback."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.lock = threading.Lock()

    def _send(self, method: str, url: str, **kwargs) -> requests.Response:
        with self.lock:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        headers = {**kwargs.pop("headers", {}), **({"Cookie": cookie} if cookie else {})}
        response = requests.request(method, url, headers=headers, allow_redirects=False, timeout=TIMEOUT, **kwargs)
        with self.lock:
            self.cookies.update(response.cookies.get_dict())
        return response

    def get(self, url: str) -> requests.Response:
        return self._send("GET", url)

    def post(self, url: str, data: dict, **kwargs) -> requests.Response:
        return self._send("POST", url, data=data, **kwargs)

    def post_form(self, form_url: str, url: str, data: dict) -> requests.Response:
        return self.post(url, {**form_fields(self.get(form_url).text), **data})


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _start(env: dict, log: Path) -> tuple[subprocess.Popen, str]:
    port = _free_port()
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers", "2", "--bind", f"127.0.0.1:{port}", "--timeout", "30", "wsgi:app"],
            cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    return server, f"http://127.0.0.1:{port}"


def _wait_until_up(server: subprocess.Popen, base: str, log: Path) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            break
        try:
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    pytest.fail(f"gunicorn at {base} did not start:\n{log.read_text()[-3000:]}")


def _stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)


@pytest.fixture
def shared_redis(redis_server) -> Iterator[redis.Redis]:
    """The servers' own Redis database, empty before and after."""
    store = redis.Redis.from_url(SERVERS_REDIS_URL, socket_timeout=2)
    store.flushdb()
    yield store
    store.flushdb()
    store.close()


@pytest.fixture
def servers_database(postgres_server) -> Iterator[str]:
    """A new PostgreSQL database migrated by the command an operator runs."""
    with _fresh_postgres_database(postgres_server) as url:
        env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": url}
        subprocess.run([str(BIN / "flask"), "--app", "wsgi", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True, timeout=60)
        yield url


def _sign_in(browser: Browser, base: str, person: Person) -> None:
    response = browser.post_form(f"{base}/sign-in", f"{base}/sign-in", {"pseudonym": person.pseudonym, "password": person.password})
    assert response.status_code == 303, response.text[:300]


def _vote(browser: Browser, base: str, proposal_id: uuid.UUID, token: str, choice: str) -> int:
    response = browser.post(
        f"{base}/proposals/{proposal_id}/vote", {"csrf_token": token, "choice": choice}, headers={"HX-Request": "true"}
    )
    return response.status_code


def test_two_servers_share_sessions_votes_and_sign_in_waits(servers_database, shared_redis, tmp_path):
    started = time.monotonic()
    app = make_app(servers_database, SECRET_KEY=SECRET_KEY)
    staff = make_account(app, Role.staff)
    voter = make_account(app)
    others = [make_account(app) for _ in range(10)]
    guessed = make_account(app)
    now = utc_now()
    with app.app_context():
        proposal = services.create_proposal(db.session, actor_id=staff.id, data=NewProposal(
            title="Evening appointments", summary="Offer appointments after 5pm twice a week.", detail="", easy_read="",
            group_id=None, touchpoint=Touchpoint.follow_up, method=Method.support, options=[], eligibility=Eligibility.everyone,
            secret=False, results=Results.live, opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7), idea_ids=[],
        ))
    env = {
        **os.environ, "PORTAL_ENV": "production", "SECRET_KEY": SECRET_KEY, "DATABASE_URL": servers_database,
        "THROTTLE_BACKEND": "redis", "REDIS_URL": SERVERS_REDIS_URL,
    }
    servers = []
    try:
        for name in ("a", "b"):
            servers.append((*_start(env, tmp_path / f"{name}.log"), tmp_path / f"{name}.log"))
        for server, base, log in servers:
            _wait_until_up(server, base, log)
        a, b = servers[0][1], servers[1][1]

        # Signed in through A, the same cookie works on B: the session is in the database.
        browser = Browser()
        _sign_in(browser, a, voter)
        account_page = browser.get(f"{b}/account")
        assert account_page.status_code == 200 and voter.pseudonym in account_page.text
        token = form_fields(browser.get(f"{b}/proposals/{proposal.id}").text)["csrf_token"]
        assert _vote(browser, b, proposal.id, token, "support") == 200

        # Twenty votes by one person and ten people changing their answers, through both at once.
        crowd = []
        for index, person in enumerate(others):
            other = Browser()
            base = (a, b)[index % 2]
            _sign_in(other, base, person)
            crowd.append((person, other, form_fields(other.get(f"{base}/proposals/{proposal.id}").text)["csrf_token"]))
        barrier = threading.Barrier(20 + len(crowd))
        statuses: list[int] = []
        last_answers: dict[uuid.UUID, str] = {}

        def one_of_twenty(index: int) -> None:
            barrier.wait(timeout=TIMEOUT)
            statuses.append(_vote(browser, (a, b)[index % 2], proposal.id, token, CHOICES[index % 3]))

        def changing_mind(index: int, person: Person, other: Browser, own_token: str) -> None:
            barrier.wait(timeout=TIMEOUT)
            answers = [CHOICES[(index + step) % 3] for step in range(3)]
            for step, answer in enumerate(answers):
                statuses.append(_vote(other, (a, b)[(index + step) % 2], proposal.id, own_token, answer))
            last_answers[person.id] = answers[-1]

        threads = [threading.Thread(target=one_of_twenty, args=(index,)) for index in range(20)]
        threads += [threading.Thread(target=changing_mind, args=(index, *entry)) for index, entry in enumerate(crowd)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=40)
        assert not any(thread.is_alive() for thread in threads)
        assert statuses == [200] * (20 + 3 * len(crowd))
        assert _vote(browser, a, proposal.id, token, "concerns") == 200
        last_answers[voter.id] = "concerns"

        # Failed sign-ins through A and B count together: the account waits after five in all.
        for attempt in range(app.config["ACCOUNT_FAILURES_BEFORE_WAIT"]):
            base = (a, b)[attempt % 2]
            wrong = Browser().post_form(f"{base}/sign-in", f"{base}/sign-in", {"pseudonym": guessed.pseudonym, "password": "wrong wrong"})
            assert wrong.status_code == 422
        for base in (a, b):
            waiting = Browser().post_form(f"{base}/sign-in", f"{base}/sign-in", {"pseudonym": guessed.pseudonym, "password": guessed.password})
            assert waiting.status_code == 429 and "Wait 1 minute" in waiting.text
        assert int(shared_redis.hget(f"portal:sign-in-throttle:account:{guessed.id.hex}", "failures")) == 5
    finally:
        for server, _base, _log in servers:
            _stop(server)
    for _server, _base, log in servers:
        assert "Traceback" not in log.read_text(), log.read_text()[-3000:]

    with app.app_context():
        votes = dict(db.session.execute(sa.select(Vote.account_id, Vote.choice).where(Vote.proposal_id == proposal.id)).all())
        assert votes == last_answers
        result = queries.results(db.session, db.session.get(Proposal, proposal.id))
        assert result.online_voters == len(last_answers) == 11
        assert {key: online for key, _label, online, *_rest in result.rows} == {
            choice: list(last_answers.values()).count(choice) for choice in CHOICES
        }
        assert db.session.execute(sa.select(sa.func.count()).select_from(SignInThrottle)).scalar_one() == 0
    app.extensions["database"].dispose()
    assert time.monotonic() - started < 60
