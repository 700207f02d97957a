"""Read-only selects about accounts."""

from __future__ import annotations

from collections import defaultdict

from sqlmodel import Session, select

from portal.accounts import names, passwords
from portal.accounts.models import Account, Consent, ConsentKind, RoleGrant, SignInSession


def sign_in_session(session: Session, token: str) -> SignInSession | None:
    return session.get(SignInSession, passwords.digest(token))


def accounts_page(session: Session, *, search: str, page: int, per_page: int) -> tuple[list[tuple[Account, list]], bool]:
    """One page of accounts (newest first) with their roles, in two queries."""
    query = select(Account).order_by(Account.created_at.desc(), Account.id)
    if search:
        query = query.where(Account.pseudonym_key.startswith(names.key(search), autoescape=True))
    accounts = list(session.exec(query.offset((page - 1) * per_page).limit(per_page + 1)))
    has_next = len(accounts) > per_page
    accounts = accounts[:per_page]
    roles = defaultdict(list)
    if accounts:
        for grant in session.exec(select(RoleGrant).where(RoleGrant.account_id.in_([a.id for a in accounts]))):
            roles[grant.account_id].append(grant.role)
    return [(account, sorted(roles[account.id])) for account in accounts], has_next


def agreements(session: Session, account_id) -> list[Consent]:
    """What the person agreed to beyond the privacy notice, newest first."""
    return list(
        session.exec(
            select(Consent)
            .where(Consent.account_id == account_id, Consent.kind != ConsentKind.privacy_notice)
            .order_by(Consent.given_at.desc())
        )
    )
