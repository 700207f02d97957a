"""`flask safeguarding escalate`: send overdue cases to a second lead (run it every few minutes)."""

import click
from flask import Blueprint

from portal.extensions import db
from portal.safeguarding.services import escalate_overdue

bp = Blueprint("safeguarding_cli", __name__, cli_group="safeguarding")


@bp.cli.command("escalate")
def escalate() -> None:
    """Escalate overdue cases and tell admins how many (never what about)."""
    click.echo(f"overdue cases escalated: {escalate_overdue(db.session)}")


@bp.cli.command("rotate-vault")
def rotate_vault() -> None:
    """Seal every vault entry again with the newest key in VAULT_KEYS (then the old key can go)."""
    from portal.safeguarding.services import reseal_vault

    click.echo(f"vault entries sealed with the newest key: {reseal_vault(db.session)}")
