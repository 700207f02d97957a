"""Command-line tools: `flask db ...` for migrations, `flask translations ...` for catalogues."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from portal import migrate
from portal.extensions import db
from portal.web import catalogues
from portal.web.forms import purge_spent_tokens

db_cli = AppGroup("db", help="Migrate the database.")
maintenance_cli = AppGroup("maintenance", help="Housekeeping jobs to run from a scheduler.")
translations_cli = AppGroup("translations", help="Extract, update, compile and check translations.")


def _engine():
    return current_app.extensions["database"]


@db_cli.command("upgrade")
@click.argument("revision", default="head")
def db_upgrade(revision: str) -> None:
    """Upgrade the database to REVISION (default: the newest)."""
    migrate.upgrade(_engine(), revision)
    click.echo(f"database at {revision}")


@db_cli.command("downgrade")
@click.argument("revision", default="-1")
def db_downgrade(revision: str) -> None:
    """Downgrade the database to REVISION (default: one step)."""
    migrate.downgrade(_engine(), revision)
    click.echo(f"database at {revision}")


@db_cli.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does.")
def db_revision(message: str) -> None:
    """Write a dated migration for the difference between the models and the database."""
    migrate.new_revision(_engine(), message)


@db_cli.command("check")
def db_check() -> None:
    """Exit 1 when the database schema differs from the models."""
    differences = migrate.schema_differences(_engine())
    for difference in differences:
        click.echo(repr(difference), err=True)
    if differences:
        raise SystemExit(1)
    click.echo("schema matches the models")


@translations_cli.command("extract")
def translations_extract() -> None:
    """Extract messages to translations/messages.pot and update every catalogue."""
    catalogues.extract()
    catalogues.update()
    click.echo("catalogues updated; translate the new messages, then `flask translations compile`")


@translations_cli.command("compile")
def translations_compile() -> None:
    """Compile every catalogue to .mo files."""
    catalogues.compile_all()


@translations_cli.command("check")
def translations_check() -> None:
    """Exit 1 when a catalogue is stale, incomplete, fuzzy or has wrong plural rules."""
    problems = catalogues.problems()
    for problem in problems:
        click.echo(problem, err=True)
    if problems:
        raise SystemExit(1)
    click.echo("every catalogue is complete and current")


@maintenance_cli.command("purge-form-tokens")
def purge_form_tokens() -> None:
    """Delete spent once-only form tokens that have expired anyway."""
    click.echo(f"{purge_spent_tokens(db.session)} expired form tokens deleted")
