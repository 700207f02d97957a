"""The stages of the organisation's maturity self-assessment: configurable, the six stages of
the Race Equity Maturity Index by default."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Stage:
    key: str
    name: object
    description: object = ""


REMI_STAGES = (
    Stage("awareness", _l("Awareness"), _l("Racism is recognised as a problem; people start to talk about it and collect data.")),
    Stage("commitment", _l("Commitment"), _l("A race equity strategy with people and money to carry it out, and progress tracked.")),
    Stage("implementation", _l("Implementation"), _l("The strategy is being carried out and goals are being worked towards.")),
    Stage("embedding", _l("Embedding"), _l("Race equity is part of everyday practice, policies and decisions.")),
    Stage("creating", _l("Creating"), _l("New ways to close gaps are created together with communities.")),
    Stage("championing", _l("Championing"), _l("The organisation sets the standard and answers to staff and communities.")),
)


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_")[:60] or "stage"


def stages() -> tuple[Stage, ...]:
    """The configured stages, lowest first."""
    names = current_app.config.get("MATURITY_STAGES") or []
    if not names:
        return REMI_STAGES
    return tuple(Stage(_key(name), name) for name in names)


def stage_names() -> dict[str, object]:
    return {stage.key: stage.name for stage in stages()}
