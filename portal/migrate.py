"""Alembic, driven from the portal's own engine: upgrade, downgrade, and schema checks."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _render_item(type_: str, obj, autogen_context):
    """Render the portal's own column types as plain SQLAlchemy ones in migrations."""
    from portal.db import AwareDateTime

    if type_ == "type" and isinstance(obj, AwareDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _include_name(name: str | None, type_: str, _parent_names) -> bool:
    """Leave out the search engines' own tables and index, which SQL makes and no model describes."""
    from portal.search.models import made_by_sql

    return not made_by_sql(name, type_)


def compare_options() -> dict:
    """Options shared by migrations and the schema check: batch mode for SQLite, types compared."""
    from sqlmodel import SQLModel

    import portal.models  # noqa: F401  (registers every table)

    return {
        "target_metadata": SQLModel.metadata,
        "include_name": _include_name,
        "render_as_batch": True,
        "compare_type": True,
        "render_item": _render_item,
        "user_module_prefix": "sqlmodel.sql.sqltypes.",
    }


def alembic_config(connection: sa.Connection | None = None) -> Config:
    """An Alembic config for `migrations/`, bound to a connection when one is given."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option(
        "file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s"
    )
    config.set_main_option("truncate_slug_length", "40")
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def upgrade(engine: sa.Engine, revision: str = "head") -> None:
    """Bring the database up to `revision`."""
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection), revision)


def downgrade(engine: sa.Engine, revision: str = "base") -> None:
    """Take the database down to `revision`."""
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), revision)


def new_revision(engine: sa.Engine, message: str) -> None:
    """Write a new migration from the difference between the models and the database."""
    with engine.begin() as connection:
        command.revision(alembic_config(connection), message=message, autogenerate=True)


def schema_differences(engine: sa.Engine) -> list:
    """What autogenerate would change: empty when the database matches the models."""
    options = compare_options()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=options)
        return compare_metadata(context, options["target_metadata"])
