"""Encryption of personal details at rest (contact channels, later the identity vault)."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


class CannotDecrypt(Exception):
    """The value was encrypted with another key, or changed."""


def _fernet() -> Fernet:
    key = current_app.config.get("ENCRYPTION_KEY")
    if not key:
        derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"portal-at-rest").derive(
            current_app.config["SECRET_KEY"].encode()
        )
        key = base64.urlsafe_b64encode(derived)
    return Fernet(key)


def encrypt(text: str) -> str:
    """Encrypt a short text; the result is safe to store."""
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """Decrypt what `encrypt` made."""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise CannotDecrypt from error
