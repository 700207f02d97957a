"""Migrations build exactly the models' schema, and come down again cleanly."""

import sqlalchemy as sa

from portal import migrate
from portal.db import make_engine


def _tables(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _enum_types(engine: sa.Engine) -> set[str]:
    if engine.dialect.name != "postgresql":
        return set()
    with engine.connect() as connection:
        return set(connection.exec_driver_sql("SELECT typname FROM pg_type WHERE typtype = 'e'").scalars())


def test_upgrading_an_empty_database_gives_exactly_the_models_schema(empty_database_url):
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    assert migrate.schema_differences(engine) == []
    assert {"audit_entry", "audit_head", "problem_report", "service_setting", "used_form_token"} <= _tables(engine)
    engine.dispose()


def test_downgrading_to_base_removes_everything_and_upgrading_again_works(empty_database_url):
    engine = make_engine(empty_database_url)
    migrate.upgrade(engine)
    assert _enum_types(engine) >= ({"problem_kind", "problem_status"} if engine.dialect.name == "postgresql" else set())
    migrate.downgrade(engine, "base")
    assert _tables(engine) == set()
    assert _enum_types(engine) == set()
    migrate.upgrade(engine)
    assert migrate.schema_differences(engine) == []
    engine.dispose()


def test_migration_files_are_named_by_date_and_purpose():
    names = [path.name for path in (migrate.MIGRATIONS_DIR / "versions").glob("*.py")]
    assert names
    for name in names:
        year, month, day, _rev, purpose = name.removesuffix(".py").split("_", 4)
        assert len(year) == 4 and len(month) == 2 and len(day) == 2 and purpose


def test_the_script_template_imports_sqlmodel():
    assert "import sqlmodel" in (migrate.MIGRATIONS_DIR / "script.py.mako").read_text()
