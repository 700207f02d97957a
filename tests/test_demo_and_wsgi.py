"""The demo data loads only in development, and production runs under gunicorn."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from sqlmodel import select

from portal.demo.data import DEMO_PASSWORD, DEMO_SITE_NAME
from portal.extensions import db
from portal.site.models import ProblemReport
from tests.conftest import make_app

ROOT = Path(__file__).resolve().parent.parent


def test_demo_data_loads_once_into_an_empty_database_and_is_labelled_fictional(sqlite_url):
    app = make_app(sqlite_url)
    runner = app.test_cli_runner()
    assert "demo data loaded" in runner.invoke(args=["demo", "load", "--if-empty"]).output
    assert "already has data" in runner.invoke(args=["demo", "load", "--if-empty"]).output
    with app.app_context():
        assert len(db.session.exec(select(ProblemReport)).all()) == 2
    assert "fictional" in DEMO_SITE_NAME
    assert DEMO_SITE_NAME in app.test_client().get("/").text


def test_demo_accounts_sign_in_and_staff_get_their_code_from_the_cli(sqlite_url):
    from tests.factories import post_form

    app = make_app(sqlite_url)
    runner = app.test_cli_runner()
    runner.invoke(args=["demo", "load"])
    client = app.test_client()
    response = post_form(client, "/sign-in", {"pseudonym": "demo-admin", "password": DEMO_PASSWORD})
    assert response.status_code == 303
    code = runner.invoke(args=["demo", "code", "demo-admin"]).output.strip()
    assert post_form(client, "/sign-in/two-factor", {"code": code}).status_code == 303
    assert client.get("/admin/settings").status_code == 200
    # quiet-river-42 shows their name to the members of their open groups, not to visitors.
    with app.app_context():
        from portal.groups.models import Group, JoinPolicy

        group_id = db.session.exec(select(Group.id).where(Group.join_policy == JoinPolicy.open)).first()
    assert "quiet-river-42" not in app.test_client().get(f"/groups/{group_id}").text
    member = app.test_client()
    assert post_form(member, "/sign-in", {"pseudonym": "quiet-river-42", "password": DEMO_PASSWORD}).status_code == 303
    main = member.get(f"/groups/{group_id}").text.split("<main", 1)[1]
    assert "<li>quiet-river-42</li>" in main


def test_demo_data_is_refused_outside_development(sqlite_url):
    app = make_app(sqlite_url, ENV_NAME="production", SECRET_KEY="x" * 40)
    result = app.test_cli_runner().invoke(args=["demo", "load"])
    assert result.exit_code != 0 and "development only" in result.output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_production_serves_under_gunicorn(sqlite_url):
    port = _free_port()
    env = {**os.environ, "PORTAL_ENV": "production", "SECRET_KEY": "s" * 48, "DATABASE_URL": sqlite_url}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "1", "--bind", f"127.0.0.1:{port}", "wsgi:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                    assert response.read() == b"ok\n"
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    assert "Strict-Transport-Security" in response.headers
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer within 30 s"
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(("settings", "message"), [({"THROTTLE_BACKEND": "memcached"}, "THROTTLE_BACKEND"), ({"THROTTLE_BACKEND": "redis", "REDIS_URL": ""}, "REDIS_URL")])
def test_a_throttle_backend_that_cannot_work_stops_the_start(sqlite_url, settings, message):
    from portal import ConfigurationError

    with pytest.raises(ConfigurationError, match=message):
        make_app(sqlite_url, **settings)
