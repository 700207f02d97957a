"""Fixtures for fault tests: a private PostgreSQL cluster the tests may stop and start, the
portal served by gunicorn on loopback, a cookie-keeping HTTP client, and SMTP servers."""

from __future__ import annotations

import asyncio
import glob
import http.cookiejar
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from tests.notifications.conftest import Inbox, free_port

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "faults-only-secret-key-not-for-use-anywhere-else"
VENV = ROOT / ".venv" / "bin"
#: Every request the tests make gives up after this many seconds.
REQUEST_TIMEOUT = 10


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda path: int(path.split("/")[4]))
    return Path(found[-1]).parent if found else None


def _as_postgres(*command: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run(["runuser", "-u", "postgres", "--", *command], capture_output=True, text=True, timeout=timeout, check=True)


@dataclass
class PrivateCluster:
    """A throwaway PostgreSQL cluster on its own port and socket folder, never the shared one."""

    bin: Path
    folder: Path
    port: int

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        _as_postgres(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "server.log"),
            "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "-w", "-t", "30", "start",
        )

    def stop(self, mode: str = "fast") -> None:
        _as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "30", "stop")

    def create_database(self, name: str) -> str:
        admin = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with admin.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        admin.dispose()
        return self.url(name)


@pytest.fixture(scope="session")
def private_postgres() -> Iterator[PrivateCluster]:
    """A PostgreSQL cluster made for this run with Debian's binaries; removed afterwards.
    Without root or the binaries it is skipped, except under CI, where it fails the run."""
    bin_folder = _postgres_bin()
    problem = None
    if os.geteuid() != 0:
        problem = "a private PostgreSQL cluster needs root (to run initdb as the postgres user)"
    elif bin_folder is None or shutil.which("runuser") is None:
        problem = "PostgreSQL server binaries (/usr/lib/postgresql/*/bin) or runuser are missing"
    if problem:
        if os.environ.get("CI") == "true":
            pytest.fail(problem + " (CI requires it)", pytrace=False)
        pytest.skip(problem)
    folder = Path(tempfile.mkdtemp(prefix="portal-pg-"))
    shutil.chown(folder, "postgres", "postgres")
    cluster = PrivateCluster(bin_folder, folder, free_port())
    try:
        _as_postgres(str(bin_folder / "initdb"), "-D", str(cluster.data), "-A", "trust", "-U", "postgres", "--no-sync")
        cluster.start()
        yield cluster
    finally:
        if (cluster.data / "postmaster.pid").exists():
            subprocess.run(
                ["runuser", "-u", "postgres", "--", str(bin_folder / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "-w", "stop"],
                capture_output=True, timeout=60, check=False,
            )
        shutil.rmtree(folder, ignore_errors=True)


def portal_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a production portal process on the given database."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PORTAL_", "FLASK_"))}
    environment.update(
        PORTAL_ENV="production", DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY, **extra
    )
    return environment


def flask_command(environment: dict[str, str], *args: str, timeout: float = 120) -> str:
    """Run `flask --app wsgi ARGS` and return what it printed."""
    done = subprocess.run(
        [str(VENV / "flask"), "--app", "wsgi", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=timeout
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Gunicorn:
    """The portal under gunicorn on a loopback port; its log is kept to check for tracebacks."""

    def __init__(self, environment: dict[str, str], folder: Path, workers: int = 3):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "gunicorn.log"
        self._log_file = self.log.open("wb")
        self.process = subprocess.Popen(
            [str(VENV / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "30",
             "--graceful-timeout", "5", "--log-level", "info", "wsgi:app"],
            cwd=ROOT, env=environment, stdout=self._log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1).close()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        self.stop()
        raise AssertionError("gunicorn did not start:\n" + self.log.read_text(errors="replace")[-3000:])

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=15)
        self._log_file.close()


class _LoopbackPolicy(http.cookiejar.DefaultCookiePolicy):
    """The portal's cookies are Secure in production; on loopback they go over plain HTTP."""

    def return_ok_secure(self, cookie, request):
        return True

    def set_ok(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    body: str
    headers: dict


class Browser:
    """A person's browser on loopback: keeps cookies, never follows redirects, always times out."""

    def __init__(self, base: str, language: str | None = None):
        self.base = base
        self.jar = http.cookiejar.CookieJar(_LoopbackPolicy())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())
        self.language = language

    def _open(self, request: urllib.request.Request) -> Answer:
        if self.language:
            request.add_header("Cookie", f"portal_lang={self.language}")
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return Answer(response.status, response.read().decode("utf-8", "replace"), dict(response.headers))
        except urllib.error.HTTPError as error:
            return Answer(error.code, error.read().decode("utf-8", "replace"), dict(error.headers))

    def get(self, path: str) -> Answer:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict) -> Answer:
        return self._open(urllib.request.Request(self.base + path, data=urllib.parse.urlencode(data).encode()))


class SlowInbox(Inbox):
    """Keeps every email as soon as it arrives, then takes `delay` seconds to say so: a sender
    that dies meanwhile does not know its email got through."""

    def __init__(self, delay: float):
        super().__init__()
        self.delay = delay

    async def handle_DATA(self, server, session, envelope):
        answer = await super().handle_DATA(server, session, envelope)
        await asyncio.sleep(self.delay)
        return answer


class Smtp:
    """An aiosmtpd server on a fixed loopback port, started only when a test says so."""

    def __init__(self, inbox: Inbox):
        self.port = free_port()
        self.inbox = inbox
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller:
            self.controller.stop()
            self.controller = None


def people_waiting_for_email(app, count: int) -> dict[str, str]:
    """`count` people who want every message by email at once, each with one message queued;
    returns each person's address by account id."""
    from portal.accounts.models import Account
    from portal.extensions import db
    from portal.notifications import services
    from portal.notifications.models import Frequency
    from portal.web.crypto import encrypt
    from tests.factories import make_account

    addresses = {}
    for number in range(count):
        person = make_account(app)
        address = f"reader-{number}@example.org"
        with app.app_context():
            db.session.get(Account, person.id).email_encrypted = encrypt(address)
            db.session.commit()
            services.set_preferences(db.session, account_id=person.id, email=True, sms=False, connector_id=None, frequency=Frequency.immediately)
            services.notify(db.session, recipient_id=person.id, kind="accounts.two_factor_on", link="/account")
            db.session.commit()
        addresses[person.id.hex] = address
    return addresses
