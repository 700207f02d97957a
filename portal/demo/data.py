"""The demo stories from the product brief, as rows. Every name and number here is made up."""

from __future__ import annotations

import pyotp
from sqlmodel import Session, select

from portal.accounts import services as accounts
from portal.accounts.models import Account
from portal.db import utc_now
from portal.notifications.services import notify
from portal.web.crypto import encrypt
from portal.web.permissions import Role

from portal.settings import services as settings
from portal.settings.models import ServiceSetting
from portal.site import services as site
from portal.site.models import ProblemKind, ProblemReport, ProblemReportCreate

DEMO_SITE_NAME = "Riverside Community Voices (demo, fictional)"
#: Every demo account signs in with this password; staff roles also need a code (`flask demo code`).
DEMO_PASSWORD = "demo teapot river"

#: (pseudonym, roles, language) — fictional people from the demo stories.
DEMO_ACCOUNTS = (
    ("quiet-river-42", (Role.participant,), "en"),
    ("নীল পাখি", (Role.participant,), "bn"),
    ("barbershop-connector", (Role.participant, Role.intermediary), "en"),
    ("bengali-connector", (Role.participant, Role.intermediary), "bn"),
    ("first-contact-lead", (Role.staff,), "en"),
    ("safeguarding-lead", (Role.safeguarding_lead,), "en"),
    ("demo-admin", (Role.admin,), "en"),
    ("demo-commissioner", (Role.commissioner,), "en"),
)

PROBLEM_REPORTS = (
    ProblemReportCreate(
        kind=ProblemKind.accessibility,
        page="/get-help-now",
        description="Demo: the phone numbers were hard to read on my small screen with large text.",
        language="en",
    ),
    ProblemReportCreate(
        kind=ProblemKind.translation,
        page="/privacy",
        description="Demo: one sentence in the Bengali privacy notice used a very formal word.",
        language="bn",
    ),
)


def is_empty(session: Session) -> bool:
    """True when nothing has been stored yet (no settings changed, no reports)."""
    return (
        session.exec(select(ServiceSetting).limit(1)).first() is None
        and session.exec(select(ProblemReport).limit(1)).first() is None
        and session.exec(select(Account).limit(1)).first() is None
    )


def load(session: Session) -> None:
    """Store the demo data, clearly labelled as fictional."""
    settings.update_setting(session, key="site_name", value=DEMO_SITE_NAME, actor="demo")
    for report in PROBLEM_REPORTS:
        site.report_problem(session, report=report)
    session.commit()
    for pseudonym, roles, language in DEMO_ACCOUNTS:
        new = accounts.sign_up(session, pseudonym=pseudonym, password=DEMO_PASSWORD, language=language, roles=roles, actor="demo")
        notify(session, recipient_id=new.account.id, kind="accounts.roles_changed", link="/account", roles=sorted(roles))
        if accounts.needs_second_factor(roles):
            new.account.totp_secret = encrypt(pyotp.random_base32())
            new.account.totp_enabled_at = utc_now()
            session.commit()
