"""The signed-in person for this request: loaded once from the server-side session."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from flask import Flask, flash, g, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import AnonymousUserMixin, current_user, logout_user
from sqlmodel import select

from portal.accounts import passwords
from portal.accounts.models import Account, Consent, ConsentKind, RoleGrant, SignInSession
from portal.accounts.services import PRIVACY_NOTICE_VERSION, needs_second_factor
from portal.db import utc_now
from portal.extensions import db, login_manager
from portal.settings.queries import service_settings
from portal.web.permissions import Role

#: Pages a person part-way through signing in (second factor or new privacy notice) may use.
OPEN_ENDPOINTS = {
    "accounts.two_factor",
    "accounts.set_up_two_factor",
    "accounts.sign_out",
    "accounts.privacy_update",
    "site.get_help",
    "site.privacy",
    "site.accessibility",
    "site.set_language",
    "site.choose_language",
    "site.healthz",
    "assets.fingerprinted",
    "static",
}
LAST_SEEN_GRANULARITY = timedelta(seconds=60)


class SignedIn:
    """A signed-in account with its roles and the sign-in session it came with."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, account: Account, roles: frozenset, sign_in: SignInSession, token: str):
        self.account = account
        self.roles = roles
        self.sign_in = sign_in
        self.token = token

    @property
    def id(self):
        return self.account.id

    @property
    def language(self) -> str | None:
        return self.account.language

    def get_id(self) -> str:
        return self.token

    @property
    def needs_second_factor(self) -> bool:
        return needs_second_factor(self.roles)

    @property
    def fully_signed_in(self) -> bool:
        return not self.needs_second_factor or self.sign_in.second_factor_at is not None


class SignedOut(AnonymousUserMixin):
    roles: frozenset = frozenset()
    fully_signed_in = False
    language = None


def timeout_for(roles: frozenset) -> timedelta:
    settings = service_settings()
    minutes = settings.staff_session_timeout_minutes if needs_second_factor(roles) else settings.session_timeout_minutes
    return timedelta(minutes=minutes)


@login_manager.user_loader
def _load(token: str) -> SignedIn | None:
    # The account's roles come in the same statement, as one comma-separated string.
    roles_held = (
        sa.select(sa.func.aggregate_strings(sa.cast(RoleGrant.role, sa.String), ","))
        .where(RoleGrant.account_id == Account.id)
        .scalar_subquery()
    )
    found = db.session.execute(
        sa.select(SignInSession, Account, roles_held)
        .join(Account, Account.id == SignInSession.account_id)
        .where(SignInSession.token_hash == passwords.digest(token), SignInSession.ended_at.is_(None))
    ).first()
    if found is None:
        return None
    sign_in, account, held = found
    roles = frozenset(Role[name] for name in (held or "").split(",") if name)
    now = utc_now()
    if now - sign_in.last_seen_at > timeout_for(roles):
        sign_in.ended_at = now
        db.session.commit()
        g.timed_out = True
        return None
    if now - sign_in.last_seen_at > LAST_SEEN_GRANULARITY:
        sign_in.last_seen_at = now
        db.session.commit()
    return SignedIn(account, roles, sign_in, token)


def _consent_is_current(account: Account) -> bool:
    latest = db.session.exec(
        select(Consent.version)
        .where(Consent.account_id == account.id, Consent.kind == ConsentKind.privacy_notice)
        .order_by(Consent.given_at.desc())
        .limit(1)
    ).first()
    return latest == PRIVACY_NOTICE_VERSION


def _before_request():
    user = current_user._get_current_object()
    if g.pop("timed_out", False):
        logout_user()
        session.pop("pending_codes", None)
        flash(_("You were signed out because you had not done anything for a while. Sign in again to carry on."), "info")
        return None
    if not user.is_authenticated:
        return None
    g.account_language = user.language
    if request.endpoint in OPEN_ENDPOINTS:
        return None
    if not user.fully_signed_in:
        if user.account.totp_enabled_at is None:
            return redirect(url_for("accounts.set_up_two_factor"))
        return redirect(url_for("accounts.two_factor", next=request.full_path if request.query_string else request.path))
    if session.get("privacy_version") != PRIVACY_NOTICE_VERSION:
        if not _consent_is_current(user.account):
            return redirect(url_for("accounts.privacy_update"))
        session["privacy_version"] = PRIVACY_NOTICE_VERSION
    return None


def init_app(app: Flask) -> None:
    """Wire Flask-Login to the server-side sessions and enforce the sign-in steps."""
    login_manager.init_app(app)
    login_manager.anonymous_user = SignedOut
    login_manager.session_protection = None  # sessions are revoked server-side instead
    login_manager.login_view = "accounts.sign_in"
    login_manager.login_message = None
    app.before_request(_before_request)
    app.config.setdefault("REMEMBER_COOKIE_DURATION", timedelta(seconds=0))
