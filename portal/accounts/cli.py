"""`flask users create`: make an account from the command line (the first admin, say)."""

import click
from flask import Blueprint

from portal.accounts import services
from portal.extensions import db
from portal.web.i18n import LANGUAGES
from portal.web.permissions import Role

bp = Blueprint("users", __name__, cli_group="users")


@bp.cli.command("create")
@click.option("--pseudonym", prompt="Name to use on the website", help="The account's name on the website.")
@click.option("--role", "roles", multiple=True, type=click.Choice([role.value for role in Role]), default=["participant"], show_default=True)
@click.option("--language", type=click.Choice(list(LANGUAGES)), default="en", show_default=True)
@click.password_option(help="The password (asked for when not given).")
def create(pseudonym: str, roles: tuple[str, ...], language: str, password: str) -> None:
    """Create an account with the given roles and print its recovery code once."""
    try:
        new = services.sign_up(
            db.session, pseudonym=pseudonym, password=password, language=language, roles=[Role(r) for r in roles], actor="system"
        )
    except services.AccountError as error:
        raise click.ClickException(f"not created: {error.code}") from error
    click.echo(f"created {new.account.pseudonym} ({', '.join(roles)})")
    click.echo(f"recovery code (write it down, it is shown once): {new.recovery_code}")
    if services.needs_second_factor(Role(r) for r in roles):
        click.echo("this account must set up two-factor sign-in when it first signs in")
