"""`flask backup` and `flask restore`: a restored database is exactly the one backed up, and a
damaged or tampered backup is refused without changing anything."""

from __future__ import annotations

import re
import sqlite3
import stat
import uuid
from contextlib import closing
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from portal.accounts.models import Account
from portal.audit import services as audit
from portal.extensions import db
from portal.ideas.models import Idea
from portal.search import queries as search
from portal.search.models import SearchKind
from tests.conftest import make_app
from tests.factories import make_account

BACKUP_NAME = re.compile(r"portal-\d{8}-\d{6}(-\d+)?\.sqlite3")
DEMO_WORDS = "appointment letter"


def database_file(app: Flask) -> Path:
    return Path(sa.engine.make_url(app.config["DATABASE_URL"]).database)


def dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table (full-text shadow tables included), ordered by primary key."""
    with closing(sqlite3.connect(path)) as connection:
        tables = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        found = {}
        for table in tables:
            columns = sorted((row for row in connection.execute(f'PRAGMA table_info("{table}")') if row[5]), key=lambda row: row[5])
            order = ", ".join(f'"{row[1]}"' for row in columns) or "rowid"
            found[table] = connection.execute(f'SELECT * FROM "{table}" ORDER BY {order}').fetchall()
        return found


def demo_idea_found(app: Flask) -> bool:
    with app.app_context():
        results, _more = search.search(db.session, DEMO_WORDS, viewer_id=None, staff=True, page=1, per_page=10)
        return any(result.kind == SearchKind.idea for result in results)


def files_in(folder: Path) -> list[Path]:
    return sorted(folder.iterdir()) if folder.exists() else []


@pytest.fixture
def kept(tmp_path) -> Path:
    """Where `flask restore` saves the database it replaces."""
    return tmp_path / "kept"


@pytest.fixture
def demo_app(sqlite_url, kept):
    """The portal on SQLite with the demo data loaded."""
    app = make_app(sqlite_url, BACKUP_DIR=str(kept))
    assert app.test_cli_runner().invoke(args=["demo", "load"]).exit_code == 0
    yield app
    app.extensions["database"].dispose()


@pytest.fixture
def backup_file(demo_app, tmp_path) -> Path:
    result = demo_app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
    assert result.exit_code == 0, result.output
    (written,) = files_in(tmp_path / "backups")
    return written


def change_everything(app: Flask) -> None:
    """Delete every idea, change accounts, and add accounts and audit entries."""
    with app.app_context():
        db.session.execute(sa.delete(Idea))
        db.session.execute(sa.update(Account).values(language="cy"))
        for _ in range(3):
            audit.record(db.session, action="test.event", subject_kind="thing", subject=uuid.uuid4())
        db.session.commit()
    make_account(app, pseudonym="added-after-the-backup")


def test_backup_writes_a_private_checked_copy_and_reports_rows_per_table(demo_app, tmp_path):
    folder = tmp_path / "backups"
    result = demo_app.test_cli_runner().invoke(args=["backup", "--to", str(folder)])
    assert result.exit_code == 0, result.output
    (written,) = files_in(folder)
    assert BACKUP_NAME.fullmatch(written.name)
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    assert str(written) in result.output and f"{written.stat().st_size:,} bytes" in result.output
    assert "integrity check: ok" in result.output and "audit log intact" in result.output
    assert re.search(r"^  idea +4$", result.output, re.MULTILINE)
    assert "search_entry_fts" not in result.output
    assert dump(written) == dump(database_file(demo_app))


def test_backup_goes_to_the_configured_folder_by_default_and_never_overwrites_one(demo_app, kept):
    runner = demo_app.test_cli_runner()
    for _ in range(2):
        assert runner.invoke(args=["backup"]).exit_code == 0
    written = files_in(kept)
    assert len(written) == 2 and all(BACKUP_NAME.fullmatch(path.name) for path in written)


def test_backup_copies_only_what_is_committed_while_another_connection_is_writing(demo_app, tmp_path):
    engine = demo_app.extensions["database"]
    with engine.connect() as writer:
        writer.exec_driver_sql("BEGIN IMMEDIATE")
        writer.exec_driver_sql("DELETE FROM idea")
        result = demo_app.test_cli_runner().invoke(args=["backup", "--to", str(tmp_path / "backups")])
        writer.rollback()
    assert result.exit_code == 0, result.output
    (written,) = files_in(tmp_path / "backups")
    assert len(dump(written)["idea"]) == 4


def test_restore_brings_back_every_row_as_it_was_and_keeps_the_replaced_database(demo_app, backup_file, kept):
    live = database_file(demo_app)
    at_backup = dump(live)
    change_everything(demo_app)
    assert not demo_idea_found(demo_app)
    before_restore = dump(live)
    assert before_restore != at_backup

    result = demo_app.test_cli_runner().invoke(args=["restore", str(backup_file), "--yes"])

    assert result.exit_code == 0, result.output
    assert "database restored" in result.output and re.search(r"^  idea +4$", result.output, re.MULTILINE)
    assert dump(live) == at_backup
    (saved,) = files_in(kept)
    assert str(saved) in result.output and dump(saved) == before_restore
    verify = demo_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert verify.exit_code == 0, verify.output
    assert demo_idea_found(demo_app)
    with closing(sqlite3.connect(live)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_restore_asks_first_and_changes_nothing_when_told_no(demo_app, backup_file, kept):
    change_everything(demo_app)
    before = dump(database_file(demo_app))
    result = demo_app.test_cli_runner().invoke(args=["restore", str(backup_file)], input="n\n")
    assert result.exit_code == 1 and "Replace the database" in result.output
    assert dump(database_file(demo_app)) == before and files_in(kept) == []


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def overwrite_a_table_page(path: Path) -> None:
    """Write garbage over the first page of the idea table, as a failing disk might."""
    with closing(sqlite3.connect(path)) as connection:
        (page,) = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'idea'").fetchone()
        (size,) = connection.execute("PRAGMA page_size").fetchone()
    with path.open("r+b") as file:
        file.seek((page - 1) * size)
        file.write(b"\xff" * 64)


def tamper_with_the_audit_log(path: Path) -> None:
    """Change an audit entry with the append-only trigger out of the way."""
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("DROP TRIGGER audit_entry_no_update")
        connection.execute("UPDATE audit_entry SET subject = 'x' WHERE seq = 1")
        connection.commit()


@pytest.mark.parametrize(
    ("damage", "reason"),
    [(truncate, "integrity check"), (overwrite_a_table_page, "integrity check"), (tamper_with_the_audit_log, "audit log break at entry 1")],
)
def test_a_damaged_or_tampered_backup_is_refused_and_nothing_changes(demo_app, backup_file, kept, damage, reason):
    change_everything(demo_app)
    before = dump(database_file(demo_app))
    damage(backup_file)
    result = demo_app.test_cli_runner().invoke(args=["restore", str(backup_file), "--yes"])
    assert result.exit_code == 1
    assert reason in result.output and "nothing was changed" in result.output
    assert dump(database_file(demo_app)) == before
    assert files_in(kept) == []


def test_a_file_that_is_not_there_is_refused(demo_app, tmp_path, kept):
    result = demo_app.test_cli_runner().invoke(args=["restore", str(tmp_path / "missing.sqlite3"), "--yes"])
    assert result.exit_code == 1 and "is not a file" in result.output and files_in(kept) == []


def test_backup_and_restore_on_postgresql_point_to_pg_dump_and_pg_restore(empty_postgres_url, tmp_path):
    app = make_app(empty_postgres_url, BACKUP_DIR=str(tmp_path / "kept"))
    try:
        runner = app.test_cli_runner()
        backed_up = runner.invoke(args=["backup", "--to", str(tmp_path / "backups")])
        assert backed_up.exit_code == 1 and "pg_dump --format=custom" in backed_up.output
        file = tmp_path / "portal.dump"
        file.write_bytes(b"PGDMP")
        restored = runner.invoke(args=["restore", str(file), "--yes"])
        assert restored.exit_code == 1 and "pg_restore" in restored.output
        assert files_in(tmp_path / "backups") == [] and files_in(tmp_path / "kept") == []
    finally:
        app.extensions["database"].dispose()
