"""Account tables: the account, its roles, sign-in sessions, consents, two-factor codes, throttles."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from portal.db import AwareDateTime, timestamp_field, uuid_field
from portal.web.permissions import Role

PSEUDONYM_MIN = 3
PSEUDONYM_MAX = 32
PASSWORD_MIN = 10
PASSWORD_MAX = 128


class Account(SQLModel, table=True):
    """A person's account. It holds a chosen name, never a real one."""

    __tablename__ = "account"

    id: uuid.UUID = uuid_field()
    #: The name the person chose, as they typed it.
    pseudonym: str = Field(max_length=PSEUDONYM_MAX)
    #: The pseudonym folded (NFKC, casefold, look-alike letters) so near-copies clash.
    pseudonym_key: str = Field(max_length=64, unique=True)
    password_hash: str = Field(max_length=255)
    #: Hash of the one-time recovery code, if one is outstanding.
    recovery_code_hash: str | None = Field(default=None, max_length=255)
    #: UI language the person chose; None follows the browser.
    language: str | None = Field(default=None, max_length=8)
    created_at: datetime = timestamp_field()
    #: When the person confirmed they are 16 or over.
    age_confirmed_at: datetime = timestamp_field()
    #: Encrypted TOTP secret while setting up or once set up.
    totp_secret: str | None = Field(default=None, max_length=255)
    totp_enabled_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: Last TOTP time step accepted, so a code cannot be used twice.
    totp_last_step: int | None = Field(default=None, sa_type=sa.BigInteger)
    #: Whether fellow group members may see this pseudonym in member lists.
    listed_to_members: bool = False
    # Communication needs, as in the NHS Accessible Information Standard.
    needs_language: str | None = Field(default=None, max_length=60)
    needs_interpreter: bool = False
    needs_easy_read: bool = False
    needs_large_print: bool = False
    needs_bsl: bool = False
    needs_other: str | None = Field(default=None, max_length=200)
    #: Encrypted contact channels, read only by the sending process and the person.
    email_encrypted: str | None = Field(default=None, max_length=500)
    mobile_encrypted: str | None = Field(default=None, max_length=500)
    #: SHA-256 of the continuity card code (the code is printed once, never stored).
    card_code_digest: str | None = Field(default=None, max_length=64, unique=True)
    #: Argon2id hash of the PIN that goes with the card.
    pin_hash: str | None = Field(default=None, max_length=255)
    card_issued_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    #: The community connector who signed the person up and supports them.
    supported_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL", index=True)


class RoleGrant(SQLModel, table=True):
    """One role held by one account."""

    __tablename__ = "role_grant"

    account_id: uuid.UUID = Field(foreign_key="account.id", primary_key=True, ondelete="CASCADE")
    role: Role = Field(sa_type=sa.Enum(Role, name="role"), primary_key=True)
    granted_at: datetime = timestamp_field()


class SignInSession(SQLModel, table=True):
    """A signed-in browser. Ending the row signs that browser out, wherever it is."""

    __tablename__ = "sign_in_session"

    #: SHA-256 of the token in the person's cookie (the token itself is never stored).
    token_hash: str = Field(primary_key=True, max_length=64)
    account_id: uuid.UUID = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    created_at: datetime = timestamp_field()
    last_seen_at: datetime = timestamp_field()
    #: When the second factor was passed; None while it is still needed.
    second_factor_at: datetime | None = Field(default=None, sa_type=AwareDateTime())
    ended_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class ConsentKind(enum.StrEnum):
    """What a consent record is about."""

    privacy_notice = "privacy_notice"
    #: Taking part in co-production (recorded by a connector at assisted sign-up).
    taking_part = "taking_part"
    #: Being contacted, and how (the person's notification choices say which way).
    contact = "contact"
    #: A community connector sharing ideas and votes on the person's behalf, one at a time.
    act_on_behalf = "act_on_behalf"


class Consent(SQLModel, table=True):
    """What a person agreed to, which version, and when."""

    __tablename__ = "consent"

    id: uuid.UUID = uuid_field()
    account_id: uuid.UUID = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    kind: ConsentKind = Field(sa_type=sa.Enum(ConsentKind, name="consent_kind"))
    version: str = Field(max_length=20)
    given_at: datetime = timestamp_field()
    #: Who recorded it, when a connector did so for the person in the room.
    recorded_by_id: uuid.UUID | None = Field(default=None, foreign_key="account.id", ondelete="SET NULL")
    withdrawn_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class TwoFactorRecoveryCode(SQLModel, table=True):
    """A single-use code that stands in for the authenticator app."""

    __tablename__ = "two_factor_recovery_code"

    id: uuid.UUID = uuid_field()
    account_id: uuid.UUID = Field(foreign_key="account.id", index=True, ondelete="CASCADE")
    code_hash: str = Field(max_length=64)
    used_at: datetime | None = Field(default=None, sa_type=AwareDateTime())


class SignInThrottle(SQLModel, table=True):
    """Recent sign-in failures for one account or one (hashed) address."""

    __tablename__ = "sign_in_throttle"

    #: "account:<id>" or "address:<keyed hash>"; never a plain address.
    key: str = Field(primary_key=True, max_length=80)
    failures: int = 0
    window_started_at: datetime = timestamp_field()
    wait_until: datetime | None = Field(default=None, sa_type=AwareDateTime())
