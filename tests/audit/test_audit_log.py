"""The audit log is append-only and tamper-evident on SQLite and PostgreSQL."""

import threading
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import select

from portal import migrate
from portal.audit import services as audit
from portal.audit.models import AuditEntry, AuditLogIsAppendOnly
from portal.audit.queries import verify_chain
from portal.db import make_engine
from portal.extensions import db


def _append(app, count: int) -> None:
    with app.app_context():
        for _ in range(count):
            audit.record(db.session, action="test.event", subject_kind="thing", subject=uuid.uuid4())
        db.session.commit()


def _verify(app):
    with app.app_context():
        return verify_chain(db.session)


@pytest.fixture
def raw(db_app):
    """Run SQL with the append-only triggers out of the way, as an attacker with the file would."""

    def run(statement: str) -> None:
        engine = db_app.extensions["database"]
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                connection.exec_driver_sql("SET session_replication_role = replica")
            else:
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_update")
                connection.exec_driver_sql("DROP TRIGGER IF EXISTS audit_entry_no_delete")
            connection.exec_driver_sql(statement)

    return run


def test_entries_chain_and_verify(db_app):
    _append(db_app, 5)
    count, breaks = _verify(db_app)
    assert (count, breaks) == (5, [])
    with db_app.app_context():
        entries = db.session.exec(select(AuditEntry).order_by(AuditEntry.seq)).all()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert all(later.prev_hash == earlier.entry_hash for earlier, later in zip(entries, entries[1:]))


def test_an_entry_cannot_be_changed_through_the_models(db_app):
    _append(db_app, 1)
    with db_app.app_context():
        entry = db.session.exec(select(AuditEntry)).one()
        entry.action = "test.other"
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()
        db.session.rollback()
        db.session.delete(db.session.exec(select(AuditEntry)).one())
        with pytest.raises(AuditLogIsAppendOnly):
            db.session.commit()


@pytest.mark.parametrize(
    "statement",
    ["UPDATE audit_entry SET action = 'test.other'", "DELETE FROM audit_entry"],
)
def test_the_database_refuses_to_change_or_delete_entries(db_app, statement):
    _append(db_app, 2)
    engine = db_app.extensions["database"]
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.exec_driver_sql(statement)
    assert _verify(db_app) == (2, [])


def test_postgres_refuses_to_truncate_the_log(empty_postgres_url):
    engine = make_engine(empty_postgres_url)
    migrate.upgrade(engine)
    with pytest.raises(sa.exc.DatabaseError, match="append-only"):
        with engine.begin() as connection:
            connection.exec_driver_sql("TRUNCATE audit_entry")
    engine.dispose()


def test_verify_finds_an_entry_changed_behind_the_triggers(db_app, raw):
    _append(db_app, 4)
    raw("UPDATE audit_entry SET actor = 'someone_else' WHERE seq = 2")
    _count, breaks = _verify(db_app)
    assert [(b.seq, b.problem) for b in breaks] == [(2, "its contents were changed after it was written")]


def test_verify_finds_a_removed_entry(db_app, raw):
    _append(db_app, 4)
    raw("DELETE FROM audit_entry WHERE seq = 3")
    _count, breaks = _verify(db_app)
    assert {b.seq for b in breaks} == {3, 4}


def test_verify_finds_the_newest_entries_removed(db_app, raw):
    _append(db_app, 4)
    raw("DELETE FROM audit_entry WHERE seq = 4")
    _count, breaks = _verify(db_app)
    assert [b.problem for b in breaks] == ["the newest entries were removed or the head was changed"]


def test_entries_hold_opaque_ids_and_codes_never_free_text(db_app):
    with db_app.app_context():
        with pytest.raises(ValueError):
            audit.record(db.session, action="test.event", subject_kind="thing", subject="Jane Smith")
        with pytest.raises(ValueError):
            audit.record(db.session, action="Jane wrote this", subject_kind="thing", subject="abc")
        with pytest.raises(ValueError):
            audit.record(db.session, action="test.event", subject_kind="thing", subject="abc", actor="J Smith")


def test_the_cli_reports_intact_and_broken_chains(db_app, raw):
    _append(db_app, 3)
    runner = db_app.test_cli_runner()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "3 entries checked" in result.output
    raw("UPDATE audit_entry SET subject = 'x' WHERE seq = 1")
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1 and "break at entry 1" in result.output


def test_concurrent_appends_keep_one_unbroken_chain(db_app):
    errors: list[BaseException] = []

    def worker():
        try:
            _append(db_app, 10)
        except BaseException as error:  # noqa: BLE001  (reported below)
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    assert _verify(db_app) == (40, [])
