"""`flask demo load`: fill an empty development database with the fictional demo data."""

import click
from flask import Blueprint, current_app

import pyotp
from sqlmodel import select

from portal.accounts.models import Account
from portal.demo import data
from portal.web.crypto import decrypt
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
    card_code = data.load(db.session)
    click.echo("demo data loaded: every person, group and figure in it is fictional")
    click.echo(f"card sign-in: code {card_code}, PIN {data.DEMO_PIN} (steady-otter-55, signed up by barbershop-connector)")
    click.echo(f"demo accounts (password: {data.DEMO_PASSWORD!r}): " + ", ".join(name for name, _r, _l in data.DEMO_ACCOUNTS))
    click.echo("staff roles need a code too: flask --app wsgi demo code NAME")


@bp.cli.command("code")
@click.argument("pseudonym")
def code(pseudonym: str) -> None:
    """Print the current two-factor code of a demo account (development only)."""
    if not current_app.config["DEMO_DATA_ALLOWED"]:
        raise click.ClickException("demo codes are for development only (PORTAL_ENV=development)")
    account = db.session.exec(select(Account).where(Account.pseudonym == pseudonym)).first()
    if account is None or account.totp_secret is None:
        raise click.ClickException("no demo account with two-factor sign-in has that name")
    click.echo(pyotp.TOTP(decrypt(account.totp_secret)).now())
