"""Fixtures: an app per test on a fresh database, a checked page helper, PostgreSQL when asked."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from portal import create_app, migrate
from portal.db import make_engine
from tests.pages import Page, check_page

POSTGRES_URL = os.environ.get(
    "TEST_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
#: With pytest-xdist, which worker this is (0 without it).
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0)
#: A Redis database number the tests may empty at will: one per worker (15, 13, 11 …; 14 is
#: the two-server test's).
REDIS_URL = os.environ.get("TEST_REDIS_URL", f"redis://127.0.0.1:6379/{15 - 2 * WORKER}")
#: Tests that drive a real browser, servers under load or faults each run on one worker, so
#: a run starts one browser and load tests never run beside each other.
SERIAL_GROUPS = {"browser": "tests/browser/", "load": ("tests/faults/", "tests/web/test_two_servers.py", "tests/notifications/test_outbox.py")}


def pytest_collection_modifyitems(config, items) -> None:
    """Keep each serial group on one xdist worker (`--dist loadgroup`)."""
    for item in items:
        path = item.nodeid
        for group, prefixes in SERIAL_GROUPS.items():
            if path.startswith(prefixes):
                item.add_marker(pytest.mark.xdist_group(group))


def make_app(database_url: str, **overrides) -> Flask:
    """A portal app in the testing environment on the given database."""
    return create_app({"ENV_NAME": "testing", "DATABASE_URL": database_url, **overrides})


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A SQLite file migrated to head once; each test copies it."""
    path = tmp_path_factory.mktemp("template") / "portal.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate.upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture
def sqlite_url(migrated_sqlite, tmp_path) -> str:
    """A fresh migrated SQLite database for one test."""
    path = tmp_path / "portal.sqlite3"
    shutil.copy(migrated_sqlite, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app(sqlite_url) -> Iterator[Flask]:
    """The portal on a fresh SQLite database. Push `app.app_context()` to use the database
    directly; requests get their own context (and so their own `g`)."""
    app = make_app(sqlite_url)
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def client(app) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def page(client) -> Page:
    """Fetch a page and check it as a person's browser and screen reader would need."""
    return Page(client)


def _postgres_admin() -> sa.Engine | None:
    engine = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect():
            return engine
    except sa.exc.OperationalError:
        engine.dispose()
        return None


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[sa.Engine]:
    """An admin connection to PostgreSQL; under CI an unreachable server fails the run."""
    admin = _postgres_admin()
    if admin is None:
        message = f"PostgreSQL is not reachable at {POSTGRES_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI requires it)", pytrace=False)
        pytest.skip(message)
    yield admin
    admin.dispose()


@contextmanager
def _fresh_postgres_database(admin: sa.Engine) -> Iterator[str]:
    name = f"portal_test_{uuid.uuid4().hex[:12]}"
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    url = sa.engine.make_url(POSTGRES_URL).set(database=name)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def empty_postgres_url(postgres_server) -> Iterator[str]:
    """A new, empty PostgreSQL database for one test."""
    with _fresh_postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def redis_server() -> Iterator[redis.Redis]:
    """A client of the test Redis database; under CI an unreachable server fails the run."""
    client = redis.Redis.from_url(REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        client.close()
        message = f"Redis is not reachable at {REDIS_URL}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI requires it)", pytrace=False)
        pytest.skip(message)
    yield client
    client.close()


@pytest.fixture
def redis_url(redis_server) -> Iterator[str]:
    """The test Redis database, emptied before and after one test."""
    redis_server.flushdb()
    yield REDIS_URL
    redis_server.flushdb()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> Iterator[str]:
    """A fresh database migrated to head, on SQLite and then on PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("sqlite_url")
        return
    admin = request.getfixturevalue("postgres_server")
    with _fresh_postgres_database(admin) as url:
        engine = make_engine(url)
        migrate.upgrade(engine)
        engine.dispose()
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_database_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database (no tables), on SQLite and then on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    yield request.getfixturevalue("empty_postgres_url")


@pytest.fixture
def db_app(database_url) -> Iterator[Flask]:
    """An app on each database engine in turn."""
    app = make_app(database_url)
    yield app
    app.extensions["database"].dispose()


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """Collect every SQL statement the app's engine runs inside the block."""
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _executemany):
        statements.append(statement)

    engine = app.extensions["database"]
    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


__all__ = ["check_page", "count_queries", "make_app"]
