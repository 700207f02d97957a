"""Pseudonyms: what is allowed, how near-copies are found, and suggestions."""

from __future__ import annotations

import secrets
import unicodedata

#: Letters that look alike across scripts or as digits, folded to one Latin letter so
#: "BlueHeron", "B1ueHeron" and "ВlueHeron" (Cyrillic В) count as the same name.
_LOOK_ALIKES = str.maketrans(
    {
        "0": "o", "1": "l", "3": "e", "5": "s", "8": "b", "|": "l", "!": "l", "i": "l", "$": "s", "@": "a",
        "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
        "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "l", "ј": "j", "ԁ": "d", "ɡ": "g", "ɩ": "l",
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "l", "κ": "k", "ν": "v", "ο": "o", "ρ": "p",
        "τ": "t", "υ": "u", "χ": "x",
    }
)
_SEPARATORS = {" ", "-", "_", ".", "'"}
ALLOWED_PUNCTUATION = _SEPARATORS

WORDS_A = (
    "amber", "bright", "calm", "clear", "gentle", "golden", "green", "kind", "quiet", "silver",
    "steady", "sunny", "swift", "warm", "wise", "brave", "bold", "merry", "noble", "happy",
)
WORDS_B = (
    "river", "heron", "willow", "meadow", "harbour", "maple", "robin", "cedar", "valley", "lantern",
    "garden", "otter", "falcon", "orchard", "pebble", "thistle", "bridge", "comet", "badger", "wren",
)


def normalise(pseudonym: str) -> str:
    """The pseudonym as it will be shown: NFKC, single spaces, no outer spaces."""
    return " ".join(unicodedata.normalize("NFKC", pseudonym).split())


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if name else None


def problem(pseudonym: str) -> str | None:
    """A code for what is wrong with a (normalised) pseudonym, or None when it is allowed."""
    from portal.accounts.models import PSEUDONYM_MAX, PSEUDONYM_MIN

    if len(pseudonym) < PSEUDONYM_MIN:
        return "too_short"
    if len(pseudonym) > PSEUDONYM_MAX:
        return "too_long"
    for char in pseudonym:
        category = unicodedata.category(char)
        if not (category[0] in "LNM" or char in ALLOWED_PUNCTUATION):
            return "characters"
    if not any(char.isalnum() for char in pseudonym):
        return "characters"
    scripts = {_script(char) for char in pseudonym} - {None}
    if len(scripts) > 1:
        return "mixed_scripts"
    return None


def key(pseudonym: str) -> str:
    """The folded form two pseudonyms must not share (case, width, look-alikes, separators)."""
    folded = unicodedata.normalize("NFKC", pseudonym).casefold()
    folded = "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char))
    folded = folded.translate(_LOOK_ALIKES)
    return "".join(char for char in folded if char not in _SEPARATORS)[:64]


def suggest() -> str:
    """A friendly made-up name: word-word-number."""
    return f"{secrets.choice(WORDS_A)}-{secrets.choice(WORDS_B)}-{secrets.randbelow(90) + 10}"
