"""Who may do what: one declarative table of role × action, checked through one helper.

The table is the single source for every view's check and for the public "who can see
what" page. It reads roles from the signed-in user and imports no domain.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import abort
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal.extensions import login_manager


class Role(enum.StrEnum):
    """The six roles an account can hold."""

    participant = "participant"
    intermediary = "intermediary"
    staff = "staff"
    safeguarding_lead = "safeguarding_lead"
    admin = "admin"
    commissioner = "commissioner"


ROLE_NAMES = {
    Role.participant: _l("Participant"),
    Role.intermediary: _l("Community connector"),
    Role.staff: _l("Staff"),
    Role.safeguarding_lead: _l("Safeguarding lead"),
    Role.admin: _l("Administrator"),
    Role.commissioner: _l("Commissioner or inspector"),
}
EVERYONE = frozenset(Role)
#: Roles whose accounts must pass a second factor before they can do anything.
SECOND_FACTOR_ROLES = frozenset({Role.staff, Role.safeguarding_lead, Role.admin, Role.commissioner})


@dataclass(frozen=True)
class Permission:
    """An action, who may take it, and how the public page describes it."""

    roles: frozenset[Role]
    description: object


PERMISSIONS: dict[str, Permission] = {
    "account.manage_own": Permission(
        EVERYONE, _l("Change your own password, language, needs, contact details and sign-in")
    ),
    "equality.answer_own": Permission(
        EVERYONE,
        _l("Give, change or withdraw your own equality monitoring answers; nobody else sees them, they are only counted in groups"),
    ),
    "accounts.reset_recovery": Permission(
        frozenset({Role.intermediary, Role.admin}),
        _l("Give a new recovery code to a person they have met, when that person cannot sign in"),
    ),
    "accounts.assist": Permission(
        frozenset({Role.intermediary, Role.admin}),
        _l("Sign people up in person, give them a continuity card, and set a new PIN for someone they have met"),
    ),
    "accounts.manage_roles": Permission(frozenset({Role.admin}), _l("Give and remove roles")),
    "settings.manage": Permission(
        frozenset({Role.admin}), _l("Change the service settings, such as crisis contacts")
    ),
    "groups.join": Permission(
        frozenset({Role.participant, Role.intermediary, Role.staff}), _l("Join groups and ask to join them")
    ),
    "groups.manage": Permission(
        frozenset({Role.staff, Role.admin}), _l("Set up groups, change what they say and choose their facilitators")
    ),
    "claims.make": Permission(
        frozenset({Role.participant, Role.intermediary, Role.staff}),
        _l("Claim travel costs, childcare or carer cover and payment for time at meetings of their groups"),
    ),
    "claims.review": Permission(
        frozenset({Role.staff, Role.admin}), _l("Approve claims, see their receipts and export approved claims for finance")
    ),
    "content.translate": Permission(
        frozenset({Role.intermediary, Role.staff, Role.admin}),
        _l("Translate what groups and meetings say into the other languages of this website"),
    ),
    "glossary.manage": Permission(
        frozenset({Role.intermediary, Role.staff, Role.admin}),
        _l("Add, change, translate and remove the agreed words in the glossary"),
    ),
    "ideas.submit": Permission(
        frozenset({Role.participant, Role.intermediary, Role.staff}),
        _l("Share ideas and feedback, and follow what happens to them"),
    ),
    "ideas.moderate": Permission(
        frozenset({Role.staff, Role.admin}),
        _l("Moderate every group's ideas (facilitators moderate their own group's), and reply to ideas"),
    ),
    "ideas.translate": Permission(
        frozenset({Role.intermediary, Role.staff, Role.admin}),
        _l("Translate ideas written in other languages into English for the moderators"),
    ),
    "proposals.manage": Permission(
        frozenset({Role.staff, Role.admin}), _l("Make proposals from ideas for any group (facilitators make them for their own group)")
    ),
    "proposals.vote": Permission(
        frozenset({Role.participant, Role.intermediary, Role.staff}), _l("Vote on proposals they are eligible for")
    ),
    "changes.manage": Permission(
        frozenset({Role.staff, Role.admin}), _l("Record what the service changed because of what people said, and its updates")
    ),
    "plan.manage": Permission(
        frozenset({Role.staff, Role.admin}),
        _l("Write the co-production plan, the organisation's maturity self-assessment and checks that changes are applied"),
    ),
    "evidence.view": Permission(
        frozenset({Role.staff, Role.admin, Role.commissioner}),
        _l("Read evidence packs and assurance checks: counts only, small numbers hidden, nothing about any one person"),
    ),
    "safeguarding.handle": Permission(
        frozenset({Role.safeguarding_lead}),
        _l("Read what people told us when someone may be at risk, and act on it"),
    ),
    "safeguarding.open_identity": Permission(
        frozenset({Role.safeguarding_lead}),
        _l("Open the real name or other details a person chose to give so they could be kept safe, after giving a reason. Every opening is recorded in the audit log"),
    ),
    "rights.manage": Permission(
        frozenset({Role.admin}),
        _l("Log the requests people make to see, correct or delete their information, or to object to its use, and answer them on time"),
    ),
    "notifications.manage_outbox": Permission(
        frozenset({Role.admin}), _l("See messages that could not be delivered, and send them again")
    ),
    "audit.view": Permission(
        frozenset({Role.admin}),
        _l("Read the audit log of what was changed, when and by which account (never what people wrote), and check nobody has altered it"),
    ),
    "problem_reports.review": Permission(
        frozenset({Role.staff, Role.admin}), _l("Read problems people report with this website")
    ),
}


def can(action: str, user=None) -> bool:
    """True when the user is fully signed in and one of their roles may take `action`."""
    user = current_user if user is None else user
    if not getattr(user, "is_authenticated", False) or not getattr(user, "fully_signed_in", False):
        return False
    return bool(PERMISSIONS[action].roles & frozenset(user.roles))


def requires(action: str) -> Callable:
    """Guard a view: signed-out people are sent to sign in, others without the right get 403."""
    if action not in PERMISSIONS:
        raise KeyError(f"no permission called {action!r}")

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def guarded(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not can(action):
                abort(403)
            return view(*args, **kwargs)

        guarded.required_permission = action
        return guarded

    return decorator
