"""Command-line tools: `flask db ...` for migrations, `flask translations ...` for catalogues,
`flask backup` and `flask restore` for SQLite."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from portal import migrate
from portal.extensions import db
from portal.web import backup as backups
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


def _backups_folder() -> Path:
    return Path(current_app.config.get("BACKUP_DIR") or Path(current_app.instance_path) / "backups")


def _echo_rows(rows: dict[str, int]) -> None:
    click.echo("rows per table:")
    width = max((len(name) for name in rows), default=0)
    for name, number in rows.items():
        click.echo(f"  {name:<{width}}  {number}")


def _echo_check(checked: backups.FileCheck) -> None:
    click.echo(f"{checked.path} ({checked.size:,} bytes)")
    click.echo("integrity check: ok" if not checked.damage else "integrity check: FAILED")
    for problem in checked.problems:
        click.echo(f"  {problem}", err=True)
    if not checked.damage and not checked.breaks:
        click.echo(f"audit log intact: {checked.audit_entries} entries checked")


@click.command("backup")
@with_appcontext
@click.option("--to", "folder", type=click.Path(file_okay=False, path_type=Path), help="Folder for the copy (default: instance/backups).")
def backup_command(folder: Path | None) -> None:
    """Copy the SQLite database while the portal runs, then check the copy."""
    try:
        checked = backups.backup(current_app.config["DATABASE_URL"], folder or _backups_folder())
    except backups.BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    click.echo("backup written:")
    _echo_check(checked)
    _echo_rows(checked.rows)
    if checked.breaks:
        raise click.ClickException("the copy was kept, but its audit chain does not verify, so it cannot be restored")


@click.command("restore")
@with_appcontext
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@click.option("--backups", "folder", type=click.Path(file_okay=False, path_type=Path),
              help="Where the current database is saved first (default: instance/backups).")
def restore_command(file: Path, yes: bool, folder: Path | None) -> None:
    """Replace the SQLite database with a checked backup, saving the current one first."""
    url = current_app.config["DATABASE_URL"]
    try:
        live = backups.database_path(url, "flask restore")
    except backups.BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    checked = backups.check_file(file)
    _echo_check(checked)
    if not checked.ok:
        raise click.ClickException(f"{file} was not restored: it failed the checks above; nothing was changed")
    if not yes:
        click.confirm(f"Replace the database at {live} with {file}? The current database is saved first", abort=True)
    try:
        done = backups.restore(url, checked, folder or _backups_folder())
    except backups.BackupRefused as refusal:
        raise click.ClickException(str(refusal)) from refusal
    _engine().dispose()
    click.echo(f"the database that was replaced is saved at {done.saved.path}")
    for table in done.reindexed:
        click.echo(f"the search index {table} did not match its rows and was written again")
    if done.saved.revision != checked.revision:
        click.echo(f"the backup is at migration {checked.revision}, the replaced database was at "
                   f"{done.saved.revision}: run `flask --app wsgi db upgrade`")
    click.echo("database restored")
    _echo_rows(done.rows)
