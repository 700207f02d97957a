"""`flask demo load`: fill an empty development database with the fictional demo data."""

import click
from flask import Blueprint, current_app

from portal.demo import data
from portal.extensions import db

bp = Blueprint("demo", __name__, cli_group="demo")


@bp.cli.command("load")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has data.")
def load(if_empty: bool) -> None:
    """Load the demo data (development only)."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("demo data is for development only (PORTAL_ENV=development)")
    if not data.is_empty(db.session):
        if if_empty:
            click.echo("the database already has data: demo data not loaded")
            return
        raise click.ClickException("the database already has data")
    data.load(db.session)
    click.echo("demo data loaded: every person, group and figure in it is fictional")
