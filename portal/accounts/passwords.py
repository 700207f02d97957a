"""Password hashing (argon2id) and the checks a new password must pass."""

from __future__ import annotations

import hashlib
import secrets
import string

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

from portal.accounts.models import PASSWORD_MAX, PASSWORD_MIN

#: Passwords and stems seen most in breaches; a password made only of these (plus digits
#: and symbols) is refused.
COMMON = frozenset(
    """
    password passw0rd p@ssword p@ssw0rd qwerty qwertyuiop asdfgh asdfghjkl zxcvbnm azerty
    letmein welcome welcome1 iloveyou sunshine princess football baseball monkey dragon
    master shadow superman batman trustno1 abc123 abcdef 123456 1234567 12345678 123456789
    1234567890 0987654321 111111 000000 654321 123123 121212 qazwsx 1q2w3e 1q2w3e4r 1qaz2wsx
    admin administrator login changeme secret default guest hello freedom whatever charlie
    michael jennifer jordan hunter killer starwars liverpool chelsea arsenal manchester
    nhs nhspassword london england summer winter spring autumn january december
    """.split()
)
_STEMS = ("password", "passw0rd", "qwerty", "letmein", "welcome", "iloveyou", "123456", "abc123", "admin")


def hasher() -> PasswordHasher:
    """Argon2id with the configured work (OWASP's minimum in production, cheap in tests)."""
    config = current_app.config
    return PasswordHasher(
        time_cost=config["ARGON2_TIME_COST"],
        memory_cost=config["ARGON2_MEMORY_COST"],
        parallelism=config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong one."""
    try:
        return hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return hasher().check_needs_rehash(password_hash)


def burn_equal_work(password: str) -> None:
    """Spend the same hashing work as a real check, for a pseudonym that does not exist."""
    verify(_dummy_hash(), password)


def _dummy_hash() -> str:
    cache = current_app.extensions.setdefault("dummy_password_hash", {})
    params = (current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"])
    if params not in cache:
        cache[params] = hash_password(secrets.token_urlsafe(16))
    return cache[params]


def weakness(password: str, pseudonym: str = "") -> str | None:
    """A code for why a new password is too easy to guess, or None."""
    if len(password) < PASSWORD_MIN:
        return "too_short"
    if len(password) > PASSWORD_MAX:
        return "too_long"
    lowered = password.casefold()
    core = lowered.strip(string.digits + string.punctuation + " ")
    if lowered in COMMON or core in COMMON or any(lowered.startswith(stem) for stem in _STEMS):
        return "common"
    if len(set(lowered)) <= 3:
        return "repetitive"
    if lowered in "abcdefghijklmnopqrstuvwxyz0123456789" or lowered in "9876543210zyxwvutsrqponmlkjihgfedcba":
        return "sequence"
    name = pseudonym.casefold().replace(" ", "")
    if name and len(name) >= 3 and name in lowered.replace(" ", ""):
        return "contains_name"
    return None


RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"


def new_recovery_code() -> str:
    """A code to write down: four groups of four easy-to-read characters."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def tidy_code(code: str) -> str:
    """The code as typed, without spaces or dashes, in capitals."""
    return "".join(char for char in code.upper() if char.isascii() and char.isalnum())


def digest(value: str) -> str:
    """SHA-256 of a high-entropy value (a session token, a two-factor recovery code)."""
    return hashlib.sha256(value.encode()).hexdigest()


PIN_MIN, PIN_MAX = 4, 6
_EASY_PINS = frozenset({"0000", "1111", "1212", "1234", "2580", "4321", "6969", "7777", "1004", "2000", "123456", "654321", "111111", "000000", "121212"})


def new_card_code() -> str:
    """A continuity card code: eight characters with no look-alike letters, like ABCD-EFGH."""
    raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def pin_weakness(pin: str) -> str | None:
    """A code for why a PIN cannot be used, or None."""
    if not pin.isascii() or not pin.isdigit() or not PIN_MIN <= len(pin) <= PIN_MAX:
        return "pin_format"
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:])}
    if pin in _EASY_PINS or len(set(pin)) == 1 or steps in ({1}, {-1}):
        return "pin_easy"
    return None
