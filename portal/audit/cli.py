"""`flask audit verify`: check the audit chain and say where it breaks."""

import click
from flask import Blueprint

from portal.audit.queries import check_chain
from portal.extensions import db

bp = Blueprint("audit_cli", __name__, cli_group="audit")


@bp.cli.command("verify")
def verify() -> None:
    """Check every audit entry links to the one before; exit 1 on any break."""
    report = check_chain(db.session)
    for item in report.breaks:
        click.echo(f"break at entry {item.seq}: {item.problem}", err=True)
    if report.breaks:
        raise SystemExit(1)
    click.echo(f"audit log intact: {report.count} entries checked")
