"""Backing up and restoring the SQLite database while the portal is serving it.

SQLite's online backup API copies the database inside one read transaction, so a copy is a
single moment even while requests write; a restore goes through the same API the other way,
so connections already open see the old database or the new one, never a mixture. The copy
takes everything, the full-text search table's shadow tables included. PostgreSQL has its
own tools for this (pg_dump and pg_restore), so both are refused there.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import count
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.pool import NullPool
from sqlmodel import Session

from portal.audit.queries import check_chain

POSTGRES_ADVICE = (
    "{command} works on SQLite only. On PostgreSQL back up with "
    "`pg_dump --format=custom --file=portal.dump DBNAME` and restore with "
    "`pg_restore --clean --if-exists --no-owner --single-transaction --dbname=DBNAME portal.dump`, "
    "then run `flask --app wsgi audit verify` and `flask --app wsgi search rebuild`."
)
#: Seconds to wait for a writer to finish before giving up on a lock.
BUSY_TIMEOUT = 15


class BackupRefused(Exception):
    """The database or the file cannot be backed up or restored; the message says why."""


@dataclass(frozen=True)
class FileCheck:
    """What checking a database file found: its problems (none when it can be restored) and
    how many rows each table holds."""

    path: Path
    size: int
    #: What PRAGMA integrity_check reported wrong (or why SQLite could not read the file at all).
    damage: list[str] = field(default_factory=list)
    #: Places where the audit chain breaks.
    breaks: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    audit_entries: int = 0
    #: The migration the file's schema is at.
    revision: str | None = None

    @property
    def problems(self) -> list[str]:
        return self.damage + self.breaks

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True)
class Restored:
    """A finished restore: where the database that was replaced was saved, and what is live now."""

    saved: FileCheck
    rows: dict[str, int]
    #: Full-text tables whose index did not match their rows and was written again.
    reindexed: list[str]


def database_path(url: str, command: str) -> Path:
    """The file of a SQLite database URL; refuses PostgreSQL and in-memory databases."""
    parsed = sa.engine.make_url(url)
    if parsed.get_backend_name() != "sqlite":
        raise BackupRefused(POSTGRES_ADVICE.format(command=command))
    if not parsed.database or parsed.database == ":memory:":
        raise BackupRefused(f"{command} needs a database file, not an in-memory database")
    return Path(parsed.database).resolve()


def _read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT)


def _virtual_tables(connection: sqlite3.Connection) -> list[str]:
    return [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
    )]


def row_counts(connection: sqlite3.Connection) -> dict[str, int]:
    """Rows in each table, leaving out full-text tables and their shadow tables (they are
    made from `search_entry`)."""
    virtual = _virtual_tables(connection)
    names = [name for (name,) in connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
    ) if not any(name == table or name.startswith(f"{table}_") for table in virtual)]
    return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}


def _revision(connection: sqlite3.Connection) -> str | None:
    try:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def _chain_problems(path: Path) -> tuple[int, list[str]]:
    """Walk the file's audit chain with the same check `flask audit verify` makes."""
    engine = sa.create_engine("sqlite://", creator=lambda: _read_only(path), poolclass=NullPool)
    try:
        with Session(engine) as session:
            report = check_chain(session)
    except sa.exc.DBAPIError as error:
        return 0, [f"the audit log cannot be read: {error.orig}"]
    finally:
        engine.dispose()
    return report.count, [f"audit log break at entry {item.seq}: {item.problem}" for item in report.breaks]


def check_file(path: Path) -> FileCheck:
    """Check a database file without changing it: SQLite's integrity check, then the audit chain."""
    if not path.is_file():
        return FileCheck(path, 0, damage=[f"{path} is not a file"])
    size = path.stat().st_size
    try:
        connection = _read_only(path)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check")]
            if problems == ["ok"]:
                rows, revision = row_counts(connection), _revision(connection)
        finally:
            connection.close()
    except sqlite3.Error as error:
        return FileCheck(path, size, damage=[f"SQLite cannot read it: {error}"])
    if problems != ["ok"]:
        return FileCheck(path, size, damage=[f"integrity check: {problem}" for problem in problems])
    entries, breaks = _chain_problems(path)
    return FileCheck(path, size, breaks=breaks, rows=rows, audit_entries=entries, revision=revision)


def _check_search_tables(connection: sqlite3.Connection) -> list[str]:
    """Check each full-text table's index against its rows; write again any that differ."""
    reindexed = []
    for table in _virtual_tables(connection):
        try:
            connection.execute(f'INSERT INTO "{table}"("{table}", rank) VALUES (\'integrity-check\', 1)')
        except sqlite3.DatabaseError:
            connection.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')
            reindexed.append(table)
    connection.commit()
    return reindexed


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _move_to_free_name(temporary: Path, folder: Path, stem: str) -> Path:
    """Rename the finished copy to `stem.sqlite3` (or `stem-2.sqlite3`, ...), never over a file."""
    for number in count(1):
        final = folder / (f"{stem}.sqlite3" if number == 1 else f"{stem}-{number}.sqlite3")
        try:
            os.link(temporary, final)
        except FileExistsError:
            continue
        temporary.unlink()
        _sync(folder)
        return final
    raise AssertionError("unreachable")


def backup(url: str, folder: Path, *, command: str = "flask backup") -> FileCheck:
    """Copy the live database to `folder` as portal-YYYYMMDD-HHMMSS.sqlite3 (mode 0600), then
    check the copy. A copy that fails SQLite's integrity check is deleted and refused; one whose
    audit chain breaks is kept (it is the evidence) and its check says so."""
    live = database_path(url, command)
    if not live.is_file():
        raise BackupRefused(f"there is no database at {live}")
    folder = folder.resolve()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(dir=folder, prefix=".portal-", suffix=".partial")
    os.close(descriptor)
    temporary = Path(name)
    try:
        source = sqlite3.connect(live, timeout=BUSY_TIMEOUT)
        copy = sqlite3.connect(temporary)
        try:
            source.backup(copy)
            # One self-contained file: the live database's write-ahead log is not carried over.
            copy.execute("PRAGMA journal_mode=DELETE")
            _check_search_tables(copy)
        finally:
            copy.close()
            source.close()
        os.chmod(temporary, 0o600)
        _sync(temporary)
        checked = check_file(temporary)
        if checked.damage:
            raise BackupRefused("the copy failed SQLite's integrity check: " + "; ".join(checked.damage))
        stem = f"portal-{datetime.now(UTC):%Y%m%d-%H%M%S}"
        final = _move_to_free_name(temporary, folder, stem)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return replace(checked, path=final)


def restore(url: str, checked: FileCheck, folder: Path, *, command: str = "flask restore") -> Restored:
    """Save the live database to `folder`, then replace it with a checked backup through the
    backup API, so connections already open see one database or the other."""
    live = database_path(url, command)
    if not checked.ok:
        raise BackupRefused(f"{checked.path} cannot be restored: " + "; ".join(checked.problems))
    if live.exists() and checked.path.resolve().samefile(live):
        raise BackupRefused(f"{checked.path} is the live database")
    saved = backup(url, folder, command=command)
    source = _read_only(checked.path)
    target = sqlite3.connect(live, timeout=BUSY_TIMEOUT)
    try:
        try:
            source.backup(target)
        except sqlite3.Error as error:
            raise BackupRefused(f"the database was not replaced: {error}") from error
        reindexed = _check_search_tables(target)
        rows = row_counts(target)
    finally:
        target.close()
        source.close()
    return Restored(saved, rows, reindexed)
