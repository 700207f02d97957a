"""The kinds of message the portal sends: each with its words (translated when shown) and urgency.

Domains register their kinds here at import time; `notify` refuses any kind not registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class UnknownKind(KeyError):
    """A message kind nobody registered: a programming error, caught before anything is saved."""


@dataclass(frozen=True)
class Kind:
    """One kind of message."""

    name: str
    #: The headline, a lazy message with %(placeholders)s filled from the context.
    title: Any
    #: The text, likewise.
    body: Any
    #: Sent at once whatever the person's frequency (safety, their own disclosure, changes
    #: to a meeting, break-glass notices, account security).
    urgent: bool = False
    #: Turns stored context into template values in the reader's language.
    values: Callable[[dict], dict] | None = None

    def render(self, context: dict) -> tuple[str, str]:
        """The title and text in the current language."""
        values = self.values(context) if self.values else context
        return str(self.title) % values, str(self.body) % values


KINDS: dict[str, Kind] = {}


def register(name: str, *, title, body, urgent: bool = False, values=None) -> Kind:
    kind = Kind(name, title, body, urgent, values)
    KINDS[name] = kind
    return kind


def kind(name: str) -> Kind:
    try:
        return KINDS[name]
    except KeyError as error:
        raise UnknownKind(name) from error
