"""The demo stories from the product brief, as rows. Every name and number here is made up."""

from __future__ import annotations

from datetime import timedelta

import pyotp
from sqlmodel import Session, select

from portal.accounts import services as accounts
from portal.accounts.models import Account, ConsentKind
from portal.db import utc_now
from portal.groups import services as groups
from portal.meetings import services as meetings
from portal.meetings.models import Reply
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
#: The PIN of the demo person a connector signed up with a continuity card.
DEMO_PIN = "4826"

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


#: Groups from the demo stories (all fictional): (name, pathway, touchpoints, policy, languages,
#: sensitive, facilitator, description, easy read).
DEMO_GROUPS = (
    (
        "First contact standard",
        "Community mental health",
        ["referral", "first_contact"],
        "request",
        ["English", "Polish"],
        False,
        "first-contact-lead",
        "Many people stop before their first appointment, above all people with past trauma and "
        "communities who have had bad experiences of services. Together we are writing a first "
        "contact standard: who we are, what happens next, what to expect, how information is used "
        "and how to ask for changes.\n\nFictional demo group.",
        "We want the first phone call to feel safe.\n\nTell us what would help you.",
    ),
    (
        "Appointments that work for carers",
        "Community therapy",
        ["follow_up"],
        "open",
        ["English"],
        False,
        "first-contact-lead",
        "Travel costs, caring that changes day to day and fear of losing benefits make appointments "
        "hard to keep. We are trying evening and weekend slots, telephone follow-ups and clinics "
        "near bus routes.\n\nFictional demo group.",
        "",
    ),
    (
        "Men's talk at the barbershop",
        "Men's mental health",
        ["first_contact", "follow_up"],
        "open",
        ["English"],
        False,
        "barbershop-connector",
        "A men's mental health group that meets in a barbershop, with the same faces each time."
        "\n\nFictional demo group.",
        "",
    ),
    (
        "Bengali health circle",
        "Community services for Bengali-speaking families",
        ["first_contact", "assessment"],
        "request",
        ["বাংলা", "Sylheti", "English"],
        False,
        "bengali-connector",
        "A group for Bengali-speaking families, with a community connector who also speaks on "
        "community TV.\n\nFictional demo group.",
        "",
    ),
    (
        "Outreach at the day centre",
        "Outreach with people experiencing homelessness",
        ["first_contact", "follow_up", "discharge"],
        "invitation",
        ["English"],
        False,
        "barbershop-connector",
        "Clinics at a trusted day centre with the same staff each time, and a continuity card so "
        "nobody has to start again.\n\nFictional demo group.",
        "",
    ),
    (
        "Safe at home",
        "Support after domestic abuse",
        ["follow_up"],
        "invitation",
        ["English"],
        True,
        "safeguarding-lead",
        "A private group. Its name is never shown in page titles, emails or texts.\n\nFictional demo group.",
        "",
    ),
)


#: Meetings planned in the demo (group name, place), all fictional.
DEMO_MEETINGS = (
    ("Men's talk at the barbershop", "Fade & Fresh barbershop, back room (fictional)"),
    ("Appointments that work for carers", "Riverside Community Centre, room 2 (fictional)"),
    ("First contact standard", "Riverside Library meeting room (fictional)"),
)


def is_empty(session: Session) -> bool:
    """True when nothing has been stored yet (no settings changed, no reports)."""
    return (
        session.exec(select(ServiceSetting).limit(1)).first() is None
        and session.exec(select(ProblemReport).limit(1)).first() is None
        and session.exec(select(Account).limit(1)).first() is None
    )


def load(session: Session) -> str:
    """Store the demo data, clearly labelled as fictional; return the demo card code."""
    settings.update_setting(session, key="site_name", value=DEMO_SITE_NAME, actor="demo")
    for report in PROBLEM_REPORTS:
        site.report_problem(session, report=report)
    session.commit()
    people = {}
    for pseudonym, roles, language in DEMO_ACCOUNTS:
        new = accounts.sign_up(session, pseudonym=pseudonym, password=DEMO_PASSWORD, language=language, roles=roles, actor="demo")
        notify(session, recipient_id=new.account.id, kind="accounts.roles_changed", link="/account", roles=sorted(roles))
        people[pseudonym] = new.account.id
        if accounts.needs_second_factor(roles):
            new.account.totp_secret = encrypt(pyotp.random_base32())
            new.account.totp_enabled_at = utc_now()
            session.commit()
    demo_meeting_groups = {}
    for name, pathway, touchpoints, policy, languages, sensitive, facilitator, description, easy_read in DEMO_GROUPS:
        group = groups.create_group(
            session,
            data={
                "name": name,
                "pathway": pathway,
                "touchpoints": touchpoints,
                "join_policy": policy,
                "languages": languages,
                "sensitive": sensitive,
                "description": description,
                "who_runs_it": "A facilitator from the service and a community connector (fictional).",
                "what_happens": "We meet for about an hour. There is tea. You can just listen.",
                "how_information_is_used": "Notes never include names. You can ask to see them.",
                "adjustments": "Tell the facilitator what helps: an interpreter, a quiet room, a break.",
                "easy_read": easy_read,
            },
            actor_id=people[facilitator],
        )
        if policy == "open":
            groups.join(session, group=group, account_id=people["quiet-river-42"])
        demo_meeting_groups[name] = (group, people[facilitator])
    for offset, (name, venue) in enumerate(DEMO_MEETINGS):
        group, facilitator_id = demo_meeting_groups[name]
        starts = (utc_now() + timedelta(days=3 + offset * 4)).replace(minute=0, second=0, microsecond=0)
        meeting = meetings.create_meeting(
            session,
            group=group,
            data={
                "starts_at": starts,
                "ends_at": starts + timedelta(hours=1, minutes=30),
                "venue": venue,
                "step_free": True,
                "near_public_transport": True,
                "offers_travel": True,
                "offers_payment": True,
                "languages": "English",
            },
            actor_id=facilitator_id,
        )
        if group.join_policy.value == "open":
            meetings.reply(session, meeting=meeting, account_id=people["quiet-river-42"], answer=Reply.yes)
    carded = accounts.assisted_sign_up(
        session,
        connector_id=people["barbershop-connector"],
        pseudonym="steady-otter-55",
        pin=DEMO_PIN,
        language="en",
        consents=[ConsentKind.taking_part, ConsentKind.contact, ConsentKind.act_on_behalf],
        needs={"needs_easy_read": True},
    )
    groups.join(session, group=demo_meeting_groups["Men's talk at the barbershop"][0], account_id=carded.account.id)
    return carded.card_code
