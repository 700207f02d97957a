"""`flask retention run`: delete what is past its time (run it once a day)."""

import click
from flask import Blueprint

from portal.extensions import db
from portal.rights.retention import RetentionError, run

bp = Blueprint("retention_cli", __name__, cli_group="retention")


@bp.cli.command("run")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
def run_retention(dry_run: bool) -> None:
    """Apply each retention rule, print how many records each deleted, and audit the run."""
    try:
        outcome = run(db.session, dry_run=dry_run)
    except RetentionError as error:
        click.echo(str(error), err=True)
        raise SystemExit(1) from error
    verb = "would delete" if dry_run else "deleted"
    for name, count in outcome.counts.items():
        click.echo(f"{name}: {verb} {count}")
    click.echo(f"safeguarding cases past their retention, kept for a lead to review: {outcome.safeguarding_to_review}")
