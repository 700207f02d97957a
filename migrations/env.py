"""Alembic environment: runs on the connection the portal hands over (see portal/migrate.py)."""

from alembic import context

from portal.migrate import compare_options

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `flask db upgrade`, which supplies the connection")

context.configure(connection=connection, **compare_options())
with context.begin_transaction():
    context.run_migrations()
