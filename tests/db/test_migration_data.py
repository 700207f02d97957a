"""Data written at each revision survives every later migration, on SQLite and PostgreSQL."""

import uuid

import sqlalchemy as sa

from portal import migrate
from portal.db import make_engine

PLATFORM = "e4468cefca62"
ACCOUNTS = "7047f326d5f4"


def test_rows_written_before_each_migration_survive_to_head(empty_database_url):
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine, PLATFORM)
    report_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO problem_report (id, kind, page, description, language, status, created_at) "
                "VALUES (:id, 'accessibility', '/', 'kept through upgrades', 'cy', 'new', CURRENT_TIMESTAMP)"
            ),
            {"id": report_id.hex if engine.dialect.name == "sqlite" else report_id},
        )
        connection.execute(sa.text("INSERT INTO service_setting (key, value, updated_at) VALUES ('site_name', '\"Kept\"', CURRENT_TIMESTAMP)"))
    migrate.upgrade(engine, ACCOUNTS)
    account_id = uuid.uuid4()
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO account (id, pseudonym, pseudonym_key, password_hash, created_at, age_confirmed_at, "
                "listed_to_members, needs_interpreter, needs_easy_read, needs_large_print, needs_bsl) "
                "VALUES (:id, 'Kept Name', 'keptname', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, false, false, false, false, false)"
            ),
            {"id": account_id.hex if engine.dialect.name == "sqlite" else account_id},
        )
    migrate.upgrade(engine)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT description FROM problem_report")).scalar_one() == "kept through upgrades"
        assert connection.execute(sa.text("SELECT pseudonym FROM account")).scalar_one() == "Kept Name"
        assert connection.execute(sa.text("SELECT count(*) FROM audit_head")).scalar_one() == 1
    assert migrate.schema_differences(engine) == []
    engine.dispose()
