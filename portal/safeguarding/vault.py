"""Sealing and opening identity-vault details with their own keys, kept apart from the key for
contact channels. The first key in VAULT_KEYS seals; every listed key opens, so keys rotate."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

from portal.web.crypto import CannotDecrypt


def _keys() -> MultiFernet:
    keys = list(current_app.config.get("VAULT_KEYS") or [])
    if not keys:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal-identity-vault").derive(
            current_app.config["SECRET_KEY"].encode()
        )
        keys = [base64.urlsafe_b64encode(derived).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def seal(detail: str) -> str:
    """Encrypt a detail for the vault."""
    return _keys().encrypt(detail.encode()).decode()


def open_sealed(sealed: str) -> str:
    """Decrypt a vault detail (only ever called from the audited break-glass view)."""
    try:
        return _keys().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise CannotDecrypt from error


def reseal(sealed: str) -> str:
    """The same detail sealed with the newest key (for rotating keys)."""
    return _keys().rotate(sealed.encode()).decode()
