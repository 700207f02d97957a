"""Accounts: pseudonymous sign-up, passwords, recovery, sessions, two-factor, roles, own settings."""

from flask import Blueprint

bp = Blueprint("accounts", __name__)

from portal.accounts import connector_routes, notices, routes  # noqa: E402,F401  (registers kinds, attaches routes)
