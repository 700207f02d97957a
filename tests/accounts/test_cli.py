"""`flask users create` makes the first admin from the command line."""

from sqlmodel import select

from portal.accounts.models import RoleGrant
from portal.extensions import db
from portal.web.permissions import Role


def test_users_create_makes_an_admin_and_prints_a_recovery_code_once(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--pseudonym", "first-admin", "--role", "admin", "--password", "long enough words"]
    )
    assert result.exit_code == 0, result.output
    assert "recovery code" in result.output and "two-factor" in result.output
    with app.app_context():
        assert db.session.exec(select(RoleGrant.role)).all() == [Role.admin]


def test_users_create_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--pseudonym", "first-admin", "--role", "admin", "--password", "password1234"]
    )
    assert result.exit_code != 0 and "password_common" in result.output
