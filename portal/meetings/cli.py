"""`flask meetings remind`: remind people coming to tomorrow's meetings (run it hourly)."""

import click
from flask import Blueprint

from portal.extensions import db
from portal.meetings.services import send_reminders

bp = Blueprint("meetings_cli", __name__, cli_group="meetings")


@bp.cli.command("remind")
def remind() -> None:
    """Queue reminders for meetings in the next 24 hours that have not had one."""
    click.echo(f"reminders queued for {send_reminders(db.session)} meetings")
