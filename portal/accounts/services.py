"""Every write about accounts: validate, change, audit, commit."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm import object_session
from sqlmodel import Session, select

from portal.accounts import names, passwords, throttle
from portal.accounts.models import (
    Account,
    Consent,
    ConsentKind,
    RoleGrant,
    SignInSession,
    TwoFactorRecoveryCode,
)
from portal.audit import services as audit
from portal.db import utc_now
from portal.notifications.services import notify
from portal.web.coded import CodedError
from portal.web.crypto import encrypt
from portal.web.permissions import SECOND_FACTOR_ROLES, Role

#: Bump when the privacy notice changes in substance: everyone is asked to agree again.
PRIVACY_NOTICE_VERSION = "2026-11-23"
TWO_FACTOR_RECOVERY_CODES = 10


class AccountError(CodedError):
    """A request about an account that cannot be carried out; `code` says why."""

    def __init__(self, code: str, wait_minutes: int = 0):
        super().__init__(code)
        self.wait_minutes = wait_minutes


@dataclass(frozen=True)
class NewAccount:
    account: Account
    recovery_code: str


def _check_new_password(password: str, pseudonym: str) -> None:
    weakness = passwords.weakness(password, pseudonym)
    if weakness:
        raise AccountError(f"password_{weakness}")


def pseudonym_taken(session: Session, pseudonym: str) -> bool:
    return session.exec(select(Account.id).where(Account.pseudonym_key == names.key(pseudonym))).first() is not None


def sign_up(
    session: Session,
    *,
    pseudonym: str,
    password: str,
    language: str | None,
    roles: Iterable[Role] = (Role.participant,),
    actor: uuid.UUID | str | None = None,
) -> NewAccount:
    """Create an account with a pseudonym and password, record privacy consent, give a recovery code."""
    pseudonym = names.normalise(pseudonym)
    problem = names.problem(pseudonym)
    if problem:
        raise AccountError(f"pseudonym_{problem}")
    if pseudonym_taken(session, pseudonym):
        raise AccountError("pseudonym_taken")
    _check_new_password(password, pseudonym)
    recovery_code = passwords.new_recovery_code()
    account = Account(
        pseudonym=pseudonym,
        pseudonym_key=names.key(pseudonym),
        password_hash=passwords.hash_password(password),
        recovery_code_hash=passwords.hash_password(passwords.tidy_code(recovery_code)),
        language=language,
    )
    session.add(account)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        session.rollback()
        raise AccountError("pseudonym_taken") from error
    for role in set(roles):
        session.add(RoleGrant(account_id=account.id, role=role))
    session.add(Consent(account_id=account.id, kind=ConsentKind.privacy_notice, version=PRIVACY_NOTICE_VERSION))
    audit.record(session, action="accounts.sign_up", subject_kind="account", subject=account.id, actor=actor or account.id)
    session.commit()
    return NewAccount(account, recovery_code)


def _account_by_pseudonym(session: Session, pseudonym: str) -> Account | None:
    return session.exec(select(Account).where(Account.pseudonym_key == names.key(names.normalise(pseudonym)))).first()


def authenticate(session: Session, *, pseudonym: str, password: str, address: str | None) -> Account:
    """Check a pseudonym and password with the same work whether or not the account exists."""
    account = _account_by_pseudonym(session, pseudonym) if pseudonym else None
    keys = [throttle.address_key(address)] + ([throttle.account_key(account.id)] if account else [])
    wait = throttle.wait_for(session, keys)
    if wait:
        raise AccountError("throttled", wait.minutes)
    if account is None:
        passwords.burn_equal_work(password)
        ok = False
    else:
        ok = passwords.verify(account.password_hash, password)
    if not ok:
        throttle.record_failure(session, account_id=account.id if account else None, address=address)
        session.commit()
        raise AccountError("wrong_details")
    if passwords.needs_rehash(account.password_hash):
        account.password_hash = passwords.hash_password(password)
    throttle.clear_account(session, account.id)
    session.commit()
    return account


def roles_of(session: Session, account_id: uuid.UUID) -> frozenset[Role]:
    return frozenset(session.exec(select(RoleGrant.role).where(RoleGrant.account_id == account_id)))


def needs_second_factor(roles: Iterable[Role]) -> bool:
    return bool(SECOND_FACTOR_ROLES & frozenset(roles))


def start_session(session: Session, *, account: Account) -> str:
    """Open a sign-in session; return the token for the person's cookie."""
    token = secrets.token_urlsafe(32)
    session.add(SignInSession(token_hash=passwords.digest(token), account_id=account.id))
    audit.record(session, action="accounts.sign_in", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()
    return token


def end_session(session: Session, *, token: str) -> None:
    """End one sign-in session (signing out)."""
    row = session.get(SignInSession, passwords.digest(token))
    if row and row.ended_at is None:
        row.ended_at = utc_now()
        audit.record(session, action="accounts.sign_out", subject_kind="account", subject=row.account_id, actor=row.account_id)
        session.commit()


def end_all_sessions(session: Session, *, account_id: uuid.UUID) -> None:
    """End every sign-in session of an account, on every device (the caller commits)."""
    session.execute(
        sa.update(SignInSession)
        .where(SignInSession.account_id == account_id, SignInSession.ended_at.is_(None))
        .values(ended_at=utc_now())
    )


def change_password(session: Session, *, account: Account, current: str, new: str) -> str:
    """Change the password after checking the current one; sign out everywhere; return a new token."""
    if not passwords.verify(account.password_hash, current):
        raise AccountError("current_password_wrong")
    _check_new_password(new, account.pseudonym)
    account.password_hash = passwords.hash_password(new)
    end_all_sessions(session, account_id=account.id)
    audit.record(session, action="accounts.change_password", subject_kind="account", subject=account.id, actor=account.id)
    notify(session, recipient_id=account.id, kind="accounts.password_changed", link="/account")
    session.commit()
    return start_session(session, account=account)


def recover(session: Session, *, pseudonym: str, code: str, new_password: str, address: str | None) -> str:
    """Set a new password with the one-time recovery code; return the next recovery code."""
    account = _account_by_pseudonym(session, pseudonym) if pseudonym else None
    keys = [throttle.address_key(address)] + ([throttle.account_key(account.id)] if account else [])
    wait = throttle.wait_for(session, keys)
    if wait:
        raise AccountError("throttled", wait.minutes)
    stored = account.recovery_code_hash if account else None
    if stored is None:
        passwords.burn_equal_work(code)
        ok = False
    else:
        ok = passwords.verify(stored, passwords.tidy_code(code))
    if not ok:
        throttle.record_failure(session, account_id=account.id if account else None, address=address)
        session.commit()
        raise AccountError("wrong_recovery")
    _check_new_password(new_password, account.pseudonym)
    next_code = passwords.new_recovery_code()
    account.password_hash = passwords.hash_password(new_password)
    account.recovery_code_hash = passwords.hash_password(passwords.tidy_code(next_code))
    end_all_sessions(session, account_id=account.id)
    throttle.clear_account(session, account.id)
    audit.record(session, action="accounts.recover", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()
    return next_code


def reset_recovery_code(session: Session, *, helper_id: uuid.UUID, helper_roles: frozenset[Role], pseudonym: str) -> tuple[Account, str]:
    """A connector or admin who has met the person gives them a new recovery code."""
    account = _account_by_pseudonym(session, pseudonym)
    if account is None:
        raise AccountError("no_such_account")
    if account.id == helper_id:
        raise AccountError("not_yourself")
    if Role.admin not in helper_roles and roles_of(session, account.id) - {Role.participant}:
        raise AccountError("only_admin_for_staff")
    code = passwords.new_recovery_code()
    account.recovery_code_hash = passwords.hash_password(passwords.tidy_code(code))
    end_all_sessions(session, account_id=account.id)
    audit.record(session, action="accounts.reset_recovery", subject_kind="account", subject=account.id, actor=helper_id)
    notify(session, recipient_id=account.id, kind="accounts.recovery_reset", link="/account")
    session.commit()
    return account, code


def new_recovery_code_for_self(session: Session, *, account: Account) -> str:
    """Replace one's own recovery code (the old one stops working)."""
    code = passwords.new_recovery_code()
    account.recovery_code_hash = passwords.hash_password(passwords.tidy_code(code))
    audit.record(session, action="accounts.new_recovery_code", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()
    return code


def set_roles(session: Session, *, admin_id: uuid.UUID, account: Account, roles: Iterable[Role]) -> None:
    """Replace an account's roles; the person is signed out everywhere so the change bites at once."""
    wanted = frozenset(roles)
    current = roles_of(session, account.id)
    if wanted == current:
        return
    if account.id == admin_id and Role.admin not in wanted:
        raise AccountError("cannot_remove_own_admin")
    session.execute(sa.delete(RoleGrant).where(RoleGrant.account_id == account.id, RoleGrant.role.in_(current - wanted)))
    for role in wanted - current:
        session.add(RoleGrant(account_id=account.id, role=role))
    for role in sorted(wanted - current):
        audit.record(session, action=f"accounts.grant_{role}", subject_kind="account", subject=account.id, actor=admin_id)
    for role in sorted(current - wanted):
        audit.record(session, action=f"accounts.remove_{role}", subject_kind="account", subject=account.id, actor=admin_id)
    end_all_sessions(session, account_id=account.id)
    notify(session, recipient_id=account.id, kind="accounts.roles_changed", link="/account", roles=sorted(wanted))
    session.commit()


def begin_two_factor(session: Session, *, account: Account) -> str:
    """Make (or keep) a pending TOTP secret for setting up an authenticator app.

    Two set-up pages loading at once (a double tap, a redirect racing a reload) must show
    the same secret, so the first one written wins and every page reads that one back.
    """
    from portal.web.crypto import decrypt

    if account.totp_secret is None:
        session.execute(
            sa.update(Account)
            .where(Account.id == account.id, Account.totp_secret.is_(None))
            .values(totp_secret=encrypt(pyotp.random_base32()), totp_enabled_at=None)
        )
        session.commit()
        session.refresh(account)
    return decrypt(account.totp_secret)


def _accept_totp(account: Account, code: str) -> bool:
    """True for a current code not used before; remembers its time step."""
    from portal.web.crypto import decrypt

    code = "".join(char for char in code if char.isdigit())
    if len(code) != 6 or not account.totp_secret:
        return False
    totp = pyotp.TOTP(decrypt(account.totp_secret))
    now = utc_now()
    for drift in (0, -1, 1):
        step = totp.timecode(now) + drift
        if secrets.compare_digest(totp.generate_otp(step), code):
            if account.totp_last_step is not None and step <= account.totp_last_step:
                return False
            # One conditional UPDATE, so the same code sent to two servers at once is taken once.
            claimed = object_session(account).execute(
                sa.update(Account)
                .where(Account.id == account.id, sa.or_(Account.totp_last_step.is_(None), Account.totp_last_step < step))
                .values(totp_last_step=step)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != 1:
                return False
            account.totp_last_step = step
            return True
    return False


def confirm_two_factor(session: Session, *, account: Account, code: str, token: str) -> list[str]:
    """Turn two-factor on once the app shows a right code; return single-use recovery codes."""
    if not _accept_totp(account, code):
        session.rollback()
        raise AccountError("wrong_code")
    account.totp_enabled_at = utc_now()
    codes = [passwords.new_recovery_code() for _ in range(TWO_FACTOR_RECOVERY_CODES)]
    session.execute(sa.delete(TwoFactorRecoveryCode).where(TwoFactorRecoveryCode.account_id == account.id))
    for recovery in codes:
        session.add(TwoFactorRecoveryCode(account_id=account.id, code_hash=passwords.digest(passwords.tidy_code(recovery))))
    _mark_second_factor(session, token)
    audit.record(session, action="accounts.two_factor_on", subject_kind="account", subject=account.id, actor=account.id)
    notify(session, recipient_id=account.id, kind="accounts.two_factor_on", link="/account")
    session.commit()
    return codes


def _mark_second_factor(session: Session, token: str) -> None:
    row = session.get(SignInSession, passwords.digest(token))
    if row is not None:
        row.second_factor_at = utc_now()


def pass_second_factor(session: Session, *, account: Account, code: str, token: str, address: str | None) -> None:
    """Accept an authenticator code or an unused recovery code for this sign-in."""
    keys = [throttle.address_key(address), throttle.account_key(account.id)]
    wait = throttle.wait_for(session, keys)
    if wait:
        raise AccountError("throttled", wait.minutes)
    if _accept_totp(account, code):
        method = "totp"
    else:
        tidy = passwords.tidy_code(code)
        row = session.exec(
            select(TwoFactorRecoveryCode).where(
                TwoFactorRecoveryCode.account_id == account.id,
                TwoFactorRecoveryCode.code_hash == passwords.digest(tidy),
                TwoFactorRecoveryCode.used_at.is_(None),
            )
        ).first()
        if row is None or len(tidy) < 16:
            throttle.record_failure(session, account_id=account.id, address=address)
            session.commit()
            raise AccountError("wrong_code")
        row.used_at = utc_now()
        method = "recovery"
    _mark_second_factor(session, token)
    throttle.clear_account(session, account.id)
    audit.record(session, action=f"accounts.second_factor_{method}", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()


def agree_to_privacy_notice(session: Session, *, account: Account) -> None:
    session.add(Consent(account_id=account.id, kind=ConsentKind.privacy_notice, version=PRIVACY_NOTICE_VERSION))
    audit.record(session, action="accounts.consent_privacy", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()


def set_language(session: Session, *, account: Account, language: str | None) -> None:
    account.language = language
    session.commit()


def update_needs(session: Session, *, account: Account, **needs) -> None:
    """Record communication needs (NHS Accessible Information Standard)."""
    allowed = {"needs_language", "needs_interpreter", "needs_easy_read", "needs_large_print", "needs_bsl", "needs_other"}
    for field, value in needs.items():
        if field not in allowed:
            raise TypeError(field)
        setattr(account, field, value)
    audit.record(session, action="accounts.update_needs", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()


def update_contacts(session: Session, *, account: Account, email: str | None, mobile: str | None) -> None:
    """Store optional contact channels encrypted; empty removes them."""
    account.email_encrypted = encrypt(email) if email else None
    account.mobile_encrypted = encrypt(mobile) if mobile else None
    audit.record(session, action="accounts.update_contacts", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()


def set_listed(session: Session, *, account: Account, listed: bool) -> None:
    account.listed_to_members = listed
    audit.record(session, action="accounts.update_visibility", subject_kind="account", subject=account.id, actor=account.id)
    session.commit()


@dataclass(frozen=True)
class AssistedAccount:
    account: Account
    card_code: str


ASSISTED_CONSENTS = (ConsentKind.taking_part, ConsentKind.contact, ConsentKind.act_on_behalf)


def _issue_card(account: Account) -> str:
    code = passwords.new_card_code()
    account.card_code_digest = passwords.digest(passwords.tidy_code(code))
    account.card_issued_at = utc_now()
    return code


def assisted_sign_up(
    session: Session,
    *,
    connector_id: uuid.UUID,
    pseudonym: str,
    pin: str,
    language: str | None,
    consents: Iterable[ConsentKind],
    needs: dict,
    group_id: uuid.UUID | None = None,
) -> AssistedAccount:
    """A community connector signs someone up in the room: card code and PIN, no password or
    email; and, if they choose, into a group the connector runs."""
    # Groups build on accounts, so the group table is read here, not at import time.
    from portal.groups.models import MemberRole, MemberStatus, Membership

    chosen = set(consents)
    if ConsentKind.taking_part not in chosen:
        raise AccountError("consent_needed")
    if group_id is not None:
        runs = session.get(Membership, (group_id, connector_id))
        if not (runs and runs.role == MemberRole.facilitator and runs.status == MemberStatus.active):
            raise AccountError("not_your_group")
    pseudonym = names.normalise(pseudonym)
    problem = names.problem(pseudonym)
    if problem:
        raise AccountError(f"pseudonym_{problem}")
    if pseudonym_taken(session, pseudonym):
        raise AccountError("pseudonym_taken")
    weakness = passwords.pin_weakness(pin)
    if weakness:
        raise AccountError(weakness)
    account = Account(
        pseudonym=pseudonym,
        pseudonym_key=names.key(pseudonym),
        # No password: the person signs in with their card and PIN until they choose one.
        password_hash=passwords.hash_password(secrets.token_urlsafe(32)),
        pin_hash=passwords.hash_password(pin),
        language=language,
        supported_by_id=connector_id,
        **{key: value for key, value in needs.items() if key in {"needs_interpreter", "needs_easy_read", "needs_large_print", "needs_bsl"}},
    )
    code = _issue_card(account)
    session.add(account)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:
        session.rollback()
        raise AccountError("pseudonym_taken") from error
    session.add(RoleGrant(account_id=account.id, role=Role.participant))
    session.add(Consent(account_id=account.id, kind=ConsentKind.privacy_notice, version=PRIVACY_NOTICE_VERSION, recorded_by_id=connector_id))
    for kind in chosen & set(ASSISTED_CONSENTS):
        session.add(Consent(account_id=account.id, kind=kind, version=PRIVACY_NOTICE_VERSION, recorded_by_id=connector_id))
    audit.record(session, action="accounts.assisted_sign_up", subject_kind="account", subject=account.id, actor=connector_id)
    if group_id is not None:
        session.add(Membership(group_id=group_id, account_id=account.id, joined_at=utc_now()))
        audit.record(session, action="groups.added_at_sign_up", subject_kind="group", subject=group_id, actor=connector_id)
    session.commit()
    return AssistedAccount(account, code)


def sign_in_with_card(session: Session, *, code: str, pin: str, address: str | None) -> Account:
    """Check a card code and PIN, with the same work whether or not the card exists."""
    tidy = passwords.tidy_code(code)
    account = session.exec(select(Account).where(Account.card_code_digest == passwords.digest(tidy))).first() if len(tidy) == 8 else None
    keys = [throttle.address_key(address)] + ([throttle.account_key(account.id)] if account else [])
    wait = throttle.wait_for(session, keys)
    if wait:
        raise AccountError("throttled", wait.minutes)
    ok = passwords.verify(account.pin_hash, pin) if account and account.pin_hash else (passwords.burn_equal_work(pin) or False)
    if not ok:
        throttle.record_failure(session, account_id=account.id if account else None, address=address)
        session.commit()
        raise AccountError("wrong_card")
    throttle.clear_account(session, account.id)
    session.commit()
    return account


def _helped_account(session: Session, *, helper_id: uuid.UUID, helper_roles: frozenset[Role], pseudonym: str) -> Account:
    account = _account_by_pseudonym(session, pseudonym)
    if account is None:
        raise AccountError("no_such_account")
    if account.id == helper_id:
        raise AccountError("not_yourself")
    if Role.admin not in helper_roles and roles_of(session, account.id) - {Role.participant}:
        raise AccountError("only_admin_for_staff")
    return account


def reissue_card(session: Session, *, helper_id: uuid.UUID, helper_roles: frozenset[Role], pseudonym: str) -> tuple[Account, str]:
    """Give a person a new card; the old code stops working at once."""
    account = _helped_account(session, helper_id=helper_id, helper_roles=helper_roles, pseudonym=pseudonym)
    code = _issue_card(account)
    end_all_sessions(session, account_id=account.id)
    audit.record(session, action="accounts.reissue_card", subject_kind="account", subject=account.id, actor=helper_id)
    session.commit()
    return account, code


def reset_pin(session: Session, *, helper_id: uuid.UUID, helper_roles: frozenset[Role], pseudonym: str, pin: str) -> Account:
    """Set a new PIN the person chose, in the room with a connector who has met them."""
    weakness = passwords.pin_weakness(pin)
    if weakness:
        raise AccountError(weakness)
    account = _helped_account(session, helper_id=helper_id, helper_roles=helper_roles, pseudonym=pseudonym)
    account.pin_hash = passwords.hash_password(pin)
    end_all_sessions(session, account_id=account.id)
    audit.record(session, action="accounts.reset_pin", subject_kind="account", subject=account.id, actor=helper_id)
    session.commit()
    return account


def withdraw_consent(session: Session, *, account: Account, consent_id: uuid.UUID) -> None:
    """The person takes back something they agreed to; the record stays, marked withdrawn."""
    consent = session.get(Consent, consent_id)
    if consent is None or consent.account_id != account.id or consent.kind == ConsentKind.privacy_notice:
        raise AccountError("no_such_consent")
    if consent.withdrawn_at is None:
        consent.withdrawn_at = utc_now()
        audit.record(session, action=f"accounts.withdraw_{consent.kind.value}", subject_kind="account", subject=account.id, actor=account.id)
        session.commit()
