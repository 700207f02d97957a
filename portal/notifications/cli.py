"""`flask notifications send`: deliver due messages once, or keep doing so."""

import time

import click
from flask import Blueprint

from portal.extensions import db
from portal.notifications.worker import run_once

bp = Blueprint("notifications_cli", __name__, cli_group="notifications")


@bp.cli.command("send")
@click.option("--loop", is_flag=True, help="Keep running, checking for due messages every --interval seconds.")
@click.option("--interval", default=15, show_default=True, type=click.IntRange(1, 3600))
@click.option("--limit", default=None, type=click.IntRange(1), help="Stop after this many deliveries in one pass.")
def send(loop: bool, interval: int, limit: int | None) -> None:
    """Deliver due email, text and connector notices; retry failures with growing waits."""
    while True:
        report = run_once(db.session, limit=limit)
        db.session.close()
        click.echo(f"sent {report.sent} (+{report.covered} in digests), retrying {report.retried}, set aside {report.dead}")
        if not loop:
            return
        time.sleep(interval)
