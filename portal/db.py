"""The data layer: one engine per app, one session per request, shared column types."""

from __future__ import annotations

import logging

import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, current_app, g
from sqlalchemy import event
from sqlalchemy.pool import StaticPool
from sqlmodel import Field, Session, SQLModel

#: Constraint names that Alembic can find again on SQLite (batch mode) and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
SQLModel.metadata.naming_convention = NAMING_CONVENTION


def utc_now() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class AwareDateTime(sa.types.TypeDecorator):
    """A timestamp that is timezone-aware in Python on every engine (stored as UTC)."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are refused: give a timezone")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def timestamp_field(**kwargs) -> datetime:
    """A column for an aware timestamp, defaulting to now."""
    kwargs.setdefault("default_factory", utc_now)
    return Field(sa_type=AwareDateTime(), **kwargs)


def uuid_field(**kwargs) -> uuid.UUID:
    """A UUID primary key made in Python, so ids never reveal counts or order."""
    return Field(default_factory=uuid.uuid4, primary_key=True, **kwargs)


def make_engine(url: str) -> sa.Engine:
    """An engine for SQLite (WAL, foreign keys, busy wait) or PostgreSQL (psycopg 3)."""
    if url.startswith("sqlite"):
        options: dict = {"connect_args": {"check_same_thread": False, "timeout": 15}}
        if url in ("sqlite://", "sqlite:///:memory:"):
            options["poolclass"] = StaticPool
        engine = sa.create_engine(url, **options)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return sa.create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


class Database:
    """Binds an engine to each app and hands out one session per app context."""

    def init_app(self, app: Flask) -> None:
        app.extensions["database"] = make_engine(app.config["DATABASE_URL"])
        app.teardown_appcontext(self._close_session)

    @property
    def engine(self) -> sa.Engine:
        return current_app.extensions["database"]

    @property
    def session(self) -> Session:
        if "db_session" not in g:
            g.db_session = Session(self.engine, expire_on_commit=False)
        return g.db_session

    @staticmethod
    def _close_session(_exc: BaseException | None) -> None:
        """End the request's session. When the database went away mid-request, closing (which
        rolls back) fails too: the connection is dropped from the pool instead, so the answer
        already made still reaches the person and the next request gets a fresh connection."""
        session = g.pop("db_session", None)
        if session is None:
            return
        try:
            session.close()
        except sa.exc.SQLAlchemyError as error:
            logging.getLogger("portal.errors").warning("closing a session failed: %s", type(getattr(error, "orig", error)).__name__)
            session.invalidate()
