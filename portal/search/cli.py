"""`flask search rebuild`: write the search index again from everything published."""

import click
from flask import Blueprint

from portal.extensions import db
from portal.search.index import rebuild as rebuild_index

bp = Blueprint("search_cli", __name__, cli_group="search")


@bp.cli.command("rebuild")
def rebuild() -> None:
    """Rebuild the search index (after a restore, or anything written around the portal)."""
    click.echo(f"search entries written: {rebuild_index(db.session)}")
